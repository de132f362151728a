import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { asOwner } from './helpers/db.ts';

// The search API (GET /api/v1/services, /api/v1/services/{id}) and the search page of a region portal.

let t: TestApp;
let conceptId: string;
beforeAll(async () => {
  t = await createTestApp({ catalogue: true });
  // A published service whose text tries to inject HTML, and a concept nobody outside may see.
  await asOwner(t.db, 'catalogue-maintenance', async (tx) => {
    const columns = sql.raw(`organisation_id, region_code, description, audiences, themes, eligibility, cost_free, cost_description,
      cost_amount_cents, languages, delivery_modes, area_kind, area_codes, access, application_process, wait_time, capacity,
      contact_email, contact_phone, contact_url, keywords, review_interval_days, last_reviewed`);
    const source = sql`from services where status = 'gepubliceerd' and area_kind = 'regions' and area_codes = array['AM05'] order by key limit 1`;
    await sql`insert into services (key, status, name, summary, ${columns})
      select 'xss-proef', 'gepubliceerd', ${'<script>alert(1)</script> Schuldhulp proefdienst'},
        ${'Een samenvatting met <img src=x onerror=alert(2)> en schuldhulp erin.'}, ${columns} ${source}`.execute(tx);
    const { rows } = await sql<{ id: string }>`insert into services (key, status, name, summary, ${columns})
      select 'concept-proef', 'concept', 'Conceptdienst geheimwoord', 'Nog niet gepubliceerd, dus niet te vinden.', ${columns} ${source}
      returning id`.execute(tx);
    conceptId = rows[0]!.id;
  });
});
afterAll(async () => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('GET /api/v1/services', () => {
  it('searches with filters and returns an allow-listed page with facets and pagination links', async () => {
    const response = await get('/api/v1/services?q=loopbaanadvies&region=AM05&pageSize=2&audience=werkende&audience=werkzoekende');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json();
    expect(body.total).toBeGreaterThan(2);
    expect(body.services).toHaveLength(2);
    expect(Object.keys(body.services[0]).sort()).toEqual(
      ['areaKind', 'audiences', 'cost', 'deliveryModes', 'distanceKm', 'highlight', 'id', 'languages', 'name', 'organisation', 'regionCode', 'summary', 'themeGroups', 'themes'].sort(),
    );
    expect(JSON.stringify(body)).not.toMatch(/search_vector|search_words|searchVector|review_due/);
    expect(body.services[0].highlight.name + body.services[0].highlight.summary).toContain('<mark>');
    expect(body.links.self.href).toContain('page=1');
    expect(body.links.next.href).toContain('page=2');
    expect(body.links.prev).toBeUndefined();
    expect(body.facets.audiences.length).toBeGreaterThan(0);
    const next = (await get(body.links.next.href)).json();
    expect(next.page).toBe(2);
    expect(next.services[0].id).not.toBe(body.services[0].id);
  });

  it('measures distance from a postcode area or a municipality and sorts by it', async () => {
    const byName = (await get('/api/v1/services?region=AM05&near=Enschede&sort=distance&pageSize=5')).json();
    expect(byName.place).toMatchObject({ municipalityCode: 'GM0153', regionCode: 'AM05' });
    const distances = byName.services.map((s: { distanceKm: number | null }) => s.distanceKm);
    expect(distances[0]).not.toBeNull();
    expect(distances.filter((d: number | null) => d !== null)).toEqual([...distances.filter((d: number | null) => d !== null)].sort((a: number, b: number) => a - b));
  });

  it('answers unknown codes and places with 400 problem+json naming the parameter', async () => {
    for (const [url, name] of [
      ['/api/v1/services?region=AM99', 'region'],
      ['/api/v1/services?municipality=GM9999', 'municipality'],
      ['/api/v1/services?near=Atlantis', 'near'],
      ['/api/v1/services?sort=distance', 'sort'],
      ['/api/v1/services?region=AM99&municipality=GM9999', 'region'],
      ['/api/v1/services?region=AM99&municipality=GM9999', 'municipality'],
      // Codes are checked too when another parameter is wrong: every error at once.
      ['/api/v1/services?region=AM99&near=Atlantis', 'region'],
      ['/api/v1/services?region=AM99&near=Atlantis', 'near'],
      ['/api/v1/services?q=loopbaanadvies&municipality=GM9999&postcode=7511', 'municipality'],
    ] as const) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().invalidParams.map((p: { name: string }) => p.name), url).toContain(name);
    }
    for (const url of ['/api/v1/services?audience=iedereen', '/api/v1/services?pageSize=51', '/api/v1/services?region=Twente', '/api/v1/services?postcode=abc']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });

  it('never finds concept services', async () => {
    expect((await get('/api/v1/services?q=geheimwoord')).json().total).toBe(0);
    expect((await get(`/api/v1/services/${conceptId}`)).statusCode).toBe(404);
  });
});

describe('GET /api/v1/services/{id}', () => {
  it('returns one published service with organisation, locations, opening hours and contact', async () => {
    const { services } = (await get('/api/v1/services?q=schuldhulpverlening&region=AM05')).json();
    const withLocation = [];
    for (const s of services) {
      const detail = (await get(`/api/v1/services/${s.id}`)).json();
      if (detail.locations.length > 0) withLocation.push(detail);
    }
    expect(withLocation.length).toBeGreaterThan(0);
    const detail = withLocation[0];
    expect(detail.organisation.name).toBeTruthy();
    expect(detail.contact).toHaveProperty('email');
    expect(detail.locations[0].openingHours[0].opens).toMatch(/^\d\d:\d\d$/);
    expect(JSON.stringify(detail)).not.toMatch(/search_vector|search_words|version|review/);
    expect((await get('/api/v1/services/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/api/v1/services/geen-id')).statusCode).toBe(400);
  });
});

describe('the search page /<regio>/zoeken', () => {
  it('shows results with the matched words marked, titled for the region', async () => {
    const response = await get('/twente/zoeken?q=loopbaanadvies');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<title>Zoeken in Werkcentrum Twente');
    expect(response.body).toMatch(/<mark>Loopbaanadvies<\/mark>/i);
    expect(response.body).toMatch(/href="\/twente\/diensten\/[0-9a-f-]{36}"/);
  });

  it('escapes service text: a matched word is marked, injected HTML stays text', async () => {
    const response = await get('/twente/zoeken?q=schuldhulp+proefdienst');
    expect(response.body).toContain('<mark>proefdienst</mark>');
    expect(response.body).not.toContain('<script>alert(1)');
    expect(response.body).not.toContain('<img src=x');
    expect(response.body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(response.body).toMatch(/<mark>Schuldhulp<\/mark>/);
    const api = (await get('/api/v1/services?q=proefdienst')).json();
    expect(api.services[0].highlight.name).not.toContain('<script>');
    expect(api.services[0].highlight.name).toContain('&#60;script&#62;');
  });

  it('filters with checkboxes and shows facet counts next to the values', async () => {
    const response = await get('/twente/zoeken?q=werk&doelgroep=werkgever&kosten=gratis');
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/name="doelgroep" value="werkgever" checked/);
    expect(response.body).toMatch(/Werkgever \(\d+\)/);
    expect(response.body).toContain('Alle filters weghalen');
  });

  it('shows a clear empty state with a way to ask a guide', async () => {
    const response = await get('/twente/zoeken?q=qqxxzzvv');
    expect(response.body).toContain('We hebben niets gevonden');
    expect(response.body).toContain('href="/twente/vraag"');
    expect(response.body).toContain('href="/twente/wegwijzer"');
  });

  it('asks again for an unknown place, keeping the input, and points to the right region for another one', async () => {
    const unknown = await get('/twente/zoeken?q=werk&plaats=Atlantis');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('value="Atlantis"');
    expect(unknown.body).toContain('We kennen de postcode of gemeente');
    const elsewhere = await get('/twente/zoeken?q=werk&plaats=Heerlen');
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.body).toContain('href="/zuid-limburg/zoeken?');
  });

  it('redirects a region code to the slug and answers 404 for an unknown region', async () => {
    const response = await get('/AM05/zoeken?q=werk');
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/twente/zoeken?q=werk');
    expect((await get('/atlantis/zoeken')).statusCode).toBe(404);
  });
});
