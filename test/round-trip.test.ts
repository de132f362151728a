import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from './helpers/app.ts';
import { formOfPage } from './helpers/html.ts';
import { buildLocation, buildOrganisation, buildService, buildUser, type BuiltOrganisation } from './factories.ts';
import { esc } from '../src/platform/web/html.ts';

// What a professional typed comes back unchanged through edit → save → edit, whatever characters
// it holds. Every attribute value is escaped (the JSX runtime), so a form field holding the text
// `&lt;script&gt;` is sent as `value="&amp;lt;script&amp;gt;"`: the browser shows and submits the
// text itself, not `<script>`, and saving the form again stores the same text.

const TRICKY = `R&amp;D &lt;script&gt;alert(1)&lt;/script&gt; & "dubbel" 'enkel' <b>`;

let t: TestApp;
let organisation: BuiltOrganisation;
beforeAll(async () => {
  t = await createTestApp({ demo: false });
  organisation = await buildOrganisation(t.db, { regions: ['AM05'] });
});
afterAll(async () => t?.close());

async function signedIn(role: 'partnermedewerker' | 'regiocoordinator') {
  const user = await buildUser(t.db, { memberships: [{ organisation, role }] });
  const agent = new Agent(t.app);
  await agent.login(user);
  return agent;
}

/** Saves `value` in `field` through the edit form at `path`, then opens and saves the form again as it is. */
async function roundTrip(agent: Agent, path: string, field: string, value: string, extra: Record<string, string> = {}) {
  const first = await agent.get(path);
  expect(first.statusCode, path).toBe(200);
  const saved = await agent.post(path, { ...formOfPage(first.body, path), [field]: value, ...extra });
  expect(saved.statusCode, `${path}: ${saved.body.slice(0, 500)}`).toBe(303);
  const edit = await agent.get(path);
  // What the browser shows in the field, and would send back.
  expect(formOfPage(edit.body, path)[field]).toBe(value);
  const again = await agent.post(path, { ...formOfPage(edit.body, path), ...extra });
  expect(again.statusCode, path).toBe(303);
  return edit.body;
}

describe('text with markup characters and character references', () => {
  it('round-trips through the service editor, and the public page shows it as text', async () => {
    const service = await buildService(t.db, organisation);
    const partner = await signedIn('partnermedewerker');
    for (const field of ['name', 'summary', 'description']) {
      await roundTrip(partner, `/beheer/diensten/${service.id}`, field, `${field}: ${TRICKY}`, { action: 'opslaan' });
    }
    const stored = await t.db.kysely.selectFrom('services').select(['name', 'summary', 'description']).where('id', '=', service.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: `name: ${TRICKY}`, summary: `summary: ${TRICKY}`, description: `description: ${TRICKY}` });
    const page = await t.app.inject({ method: 'GET', url: `/twente/diensten/${service.id}` });
    expect(page.body).toContain(`<h1 class="utrecht-heading-1">${esc(`name: ${TRICKY}`)}</h1>`);
    expect(page.body).not.toContain('<b>');
  });

  it('round-trips through the location editor', async () => {
    const location = await buildLocation(t.db, organisation);
    const partner = await signedIn('partnermedewerker');
    await roundTrip(partner, `/beheer/locaties/${location.id}`, 'name', TRICKY);
    await roundTrip(partner, `/beheer/locaties/${location.id}`, 'street', `Kerkstraat 1 "achter" & 'boven'`);
    const stored = await t.db.kysely.selectFrom('locations').select(['name', 'street']).where('id', '=', location.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: TRICKY, street: `Kerkstraat 1 "achter" & 'boven'` });
  });

  it('round-trips an organisation\'s and a user\'s name through the coordinator\'s forms', async () => {
    const coordinator = await signedIn('regiocoordinator');
    const other = await buildOrganisation(t.db, { regions: ['AM05'] });
    await roundTrip(coordinator, `/beheer/organisaties/${other.id}`, 'name', TRICKY);
    const user = await buildUser(t.db, { memberships: [{ organisation: other, role: 'partnermedewerker' }] });
    await roundTrip(coordinator, `/beheer/gebruikers/${user.id}`, 'name', TRICKY);
    expect((await t.db.kysely.selectFrom('organisations').select('name').where('id', '=', other.id).executeTakeFirstOrThrow()).name).toBe(TRICKY);
    expect((await t.db.kysely.selectFrom('users').select('name').where('id', '=', user.id).executeTakeFirstOrThrow()).name).toBe(TRICKY);
  });
});
