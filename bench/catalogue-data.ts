import { sql } from 'kysely';
import type { Database } from '../src/platform/db/pool.ts';

// A large, realistic catalogue for the search benchmark: variations of the demo catalogue's published
// services spread over all 35 regions (1 % national, about as many as the real national offer), each at a generated location in a municipality
// of its region with weekday opening hours, and review dates spread over the last 500 days so that
// about a fifth is stale. Written as the owner in batches; the derived-column trigger runs as for any
// write. The history trigger is switched off meanwhile: a benchmark catalogue has no editors. The
// search table (T0006, T0009) is filled once at the end, as a bulk import would, instead of once per
// statement (services, then their links): then vacuumed and analysed, as autovacuum would.

const VARIANTS = [
  'in de zorg',
  'in de techniek',
  'voor jongeren',
  'voor 50-plussers',
  'in de logistiek',
  'in het onderwijs',
  'voor statushouders',
  'in de bouw',
  'in de horeca',
  'voor zzp’ers',
  'in de kinderopvang',
  'in de ICT',
];

const SEARCH_TRIGGERS = [
  { table: 'services', name: 'services_search_insert' },
  { table: 'services', name: 'services_search_update' },
  { table: 'service_locations', name: 'service_locations_search_insert' },
  { table: 'service_locations', name: 'service_locations_search_delete' },
  { table: 'locations', name: 'locations_search_update' },
];

/** Deterministic pseudo-random numbers, so every run benchmarks the same catalogue. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export async function generateCatalogue(db: Database, count: number): Promise<void> {
  const next = random(20261122);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const templates = await db.kysely.selectFrom('services').selectAll().where('status', '=', 'gepubliceerd').orderBy('key').execute();
  const organisations = await db.kysely.selectFrom('organisations').select('id').where('kind', '<>', 'platform').orderBy('name').execute();
  const municipalities = await db.kysely.selectFrom('municipalities').select(['code', 'region_code', 'name', 'label_lat', 'label_lon']).orderBy('code').execute();
  const regions = [...new Set(municipalities.map((m) => m.region_code))].sort();
  const byRegion = new Map(regions.map((code) => [code, municipalities.filter((m) => m.region_code === code)]));
  if (templates.length === 0) throw new Error('the demo catalogue must be loaded first');

  await sql`alter table services disable trigger services_history`.execute(db.kysely);
  await sql`alter table service_locations disable trigger service_locations_history`.execute(db.kysely);
  for (const trigger of SEARCH_TRIGGERS) await sql`alter table ${sql.table(trigger.table)} disable trigger ${sql.ref(trigger.name)}`.execute(db.kysely);
  try {
    const locationCount = Math.ceil(count / 5);
    const locationIds: { id: string; region: string; organisation: string }[] = [];
    for (let start = 0; start < locationCount; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, locationCount - start) }, (_, i) => {
        const n = start + i;
        const municipality = pick(municipalities);
        return {
          key: `bench-locatie-${n}`,
          organisation_id: pick(organisations).id,
          role: 'vestiging' as const,
          name: `Vestiging ${municipality.name} ${n}`,
          street: `Werkstraat ${1 + (n % 200)}`,
          postal_code: '1234 AB',
          city: municipality.name,
          municipality_code: municipality.code,
          lat: Math.min(53.5, Math.max(50.8, municipality.label_lat + (next() - 0.5) * 0.04)),
          lon: Math.min(7.2, Math.max(3.4, municipality.label_lon + (next() - 0.5) * 0.06)),
        };
      });
      const inserted = await db.kysely.insertInto('locations').values(rows).returning(['id', 'region_code', 'organisation_id']).execute();
      locationIds.push(...inserted.map((row) => ({ id: row.id, region: row.region_code, organisation: row.organisation_id })));
      await db.kysely
        .insertInto('schedules')
        .values(inserted.map((row) => ({ location_id: row.id, position: 0, days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00', note: null })))
        .execute();
    }
    const locationsByRegion = new Map(regions.map((code) => [code, locationIds.filter((l) => l.region === code)]));

    const today = Date.now();
    for (let start = 0; start < count; start += 1000) {
      const services = Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
        const n = start + i;
        const template = templates[n % templates.length]!;
        const national = next() < 0.01;
        const region = pick(regions);
        const municipality = pick(byRegion.get(region)!);
        const variant = pick(VARIANTS);
        const reviewed = new Date(today - Math.floor(next() * 500) * 86_400_000).toISOString().slice(0, 10);
        return {
          key: `bench-dienst-${n}`,
          organisation_id: pick(organisations).id,
          region_code: national ? null : region,
          status: 'gepubliceerd' as const,
          name: `${template.name} ${variant}`.slice(0, 150),
          summary: `${template.summary.slice(0, 230)} Ook in ${municipality.name}.`,
          description: template.description,
          audiences: template.audiences,
          themes: template.themes,
          eligibility: template.eligibility,
          cost_free: template.cost_free,
          cost_description: template.cost_description,
          cost_amount_cents: template.cost_amount_cents,
          languages: template.languages,
          delivery_modes: template.delivery_modes,
          area_kind: national ? ('national' as const) : ('regions' as const),
          area_codes: national ? [] : [region],
          access: template.access,
          application_process: template.application_process,
          wait_time: template.wait_time,
          capacity: template.capacity,
          contact_email: template.contact_email,
          contact_phone: template.contact_phone,
          contact_url: template.contact_url,
          keywords: template.keywords,
          review_interval_days: template.review_interval_days,
          last_reviewed: reviewed,
        };
      });
      const inserted = await db.kysely.insertInto('services').values(services).returning(['id', 'region_code', 'organisation_id']).execute();
      const picked = inserted.flatMap((row) => {
        const candidates = locationsByRegion.get(row.region_code ?? pick(regions)) ?? [];
        return candidates.length > 0 && next() < 0.85 ? [{ service: row, location: pick(candidates) }] : [];
      });
      // Another organisation's location is linked only once it is shared (migration T0012), as partners share the Werkcentrum's counters.
      const shares = picked.filter(({ service, location }) => location.organisation !== service.organisation_id).map(({ service, location }) => ({ location_id: location.id, organisation_id: service.organisation_id }));
      if (shares.length > 0) await db.kysely.insertInto('location_shares').values(shares).onConflict((oc) => oc.doNothing()).execute();
      const links = picked.map(({ service, location }) => ({ service_id: service.id, location_id: location.id }));
      if (links.length > 0) await db.kysely.insertInto('service_locations').values(links).execute();
    }
  } finally {
    await sql`alter table services enable trigger services_history`.execute(db.kysely);
    await sql`alter table service_locations enable trigger service_locations_history`.execute(db.kysely);
    for (const trigger of SEARCH_TRIGGERS) await sql`alter table ${sql.table(trigger.table)} enable trigger ${sql.ref(trigger.name)}`.execute(db.kysely);
  }
  // Statistics first, as autovacuum would have them after a bulk import: the refresh joins services
  // to their locations, and with the statistics of the small demo catalogue the planner loops over
  // every location per service.
  for (const table of ['services', 'locations', 'service_locations']) await sql`analyze ${sql.table(table)}`.execute(db.kysely);
  await sql`select app_refresh_service_search(array(select id from services where status = 'gepubliceerd'))`.execute(db.kysely);
  for (const table of ['services', 'locations', 'service_locations', 'schedules', 'service_search', 'service_search_words', 'service_facet_keys']) {
    await sql`vacuum analyze ${sql.table(table)}`.execute(db.kysely);
  }
  // Write the generated data out now, not in a checkpoint during the measurement.
  await sql`checkpoint`.execute(db.kysely);
}
