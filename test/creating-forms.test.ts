import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from './helpers/app.ts';
import { buildOrganisation, buildUser, serviceFormFields, unique, type BuiltUser } from './factories.ts';

// Sending a creating form twice creates one thing (issue 11, point 3), for the forms professionals
// fill in: a new service, location, organisation and account. A double click sends the same form
// twice at once, a reload sends it again later: each answer leads to the one record that was made.
// A form without its one-time key, or with someone else's, is shown again with the input kept.

let t: TestApp;
/** Signed in once each: a TOTP code is accepted once. */
let agent: Agent;
let otherAgent: Agent;

beforeAll(async () => {
  t = await createTestApp({ demo: false });
  const platform = await buildOrganisation(t.db, { kind: 'platform', regions: ['AM05'] });
  const [admin, otherAdmin] = await Promise.all([1, 2].map(() => buildUser(t.db, { memberships: [{ organisation: platform, role: 'platformbeheerder' }] })));
  agent = await signedIn(admin!);
  otherAgent = await signedIn(otherAdmin!);
});
afterAll(async () => t?.close());

interface CreatingForm {
  path: string;
  table: 'services' | 'locations' | 'organisations' | 'users';
  /** A valid form, with a name unique to this run (the field that tells the new rows apart). */
  form: (name: string) => Promise<Record<string, string | string[]>>;
  nameColumn: 'name' | 'email';
}

const owner = async () => (await buildOrganisation(t.db, { regions: ['AM05'] })).id;

const forms: CreatingForm[] = [
  {
    path: '/beheer/diensten/nieuw',
    table: 'services',
    nameColumn: 'name',
    form: async (name) => serviceFormFields(name, { owner: await owner() }),
  },
  {
    path: '/beheer/locaties/nieuw',
    table: 'locations',
    nameColumn: 'name',
    form: async (name) => ({
      owner: await owner(),
      role: 'vestiging',
      name,
      street: 'Oude Markt 1',
      postalCode: '7511 GA',
      city: 'Enschede',
      municipality: 'GM0153',
      status: 'gepubliceerd',
    }),
  },
  {
    path: '/beheer/organisaties/nieuw',
    table: 'organisations',
    nameColumn: 'name',
    form: async (name) => ({ name, kind: 'overig', suwi: 'nee', website: '', regions: ['AM05'] }),
  },
  {
    path: '/beheer/gebruikers/nieuw',
    table: 'users',
    nameColumn: 'email',
    form: async (name) => ({
      name: 'Nina Nieuw',
      email: `${name.toLowerCase()}@werkcentrum.example`,
      language: 'nl',
      organisation: await owner(),
      region: 'AM05',
      role: 'gidsfunctionaris',
      password: 'Tijdelijk-wachtwoord-42',
    }),
  },
];

const rowsNamed = (form: CreatingForm, value: string) =>
  t.db.kysely.selectFrom(form.table).select('id').where(form.nameColumn, '=', value).execute();

async function signedIn(user: BuiltUser): Promise<Agent> {
  const agent = new Agent(t.app);
  await agent.login(user);
  return agent;
}

describe.each(forms)('the form $path', (form) => {
  it('sent twice at once and once more later, creates one record, and every answer leads to it', async () => {
    const page = await agent.get(form.path);
    expect(page.body).toMatch(/<input type="hidden" name="_submission" value="[^"]+"/);
    const name = unique('Dubbel');
    const body = await form.form(name);
    const [first, second] = await Promise.all([agent.post(form.path, body), agent.post(form.path, body)]);
    const again = await agent.post(form.path, body);
    const value = form.nameColumn === 'email' ? String(body.email) : name;
    const rows = await rowsNamed(form, value);
    expect(rows).toHaveLength(1);
    for (const answer of [first, second, again]) {
      expect(answer.statusCode).toBe(303);
      expect(answer.headers.location).toBe(first.headers.location);
    }
  });

  it('without its key, or with another person’s, is shown again with the input kept, and creates nothing', async () => {
    const othersToken = /name="_submission" value="([^"]+)"/.exec((await otherAgent.get(form.path)).body)![1]!;
    await agent.get(form.path);
    const name = unique('Zonder');
    const body = await form.form(name);
    const value = form.nameColumn === 'email' ? String(body.email) : name;
    for (const token of ['', othersToken]) {
      const refused = await agent.post(form.path, { ...body, _submission: token });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Het formulier is verlopen. Probeer het opnieuw.');
      // An error about the whole form is listed, not linked to a field that does not exist.
      expect(refused.body).not.toContain('href="#veld-form"');
      expect(refused.body).toContain(`value="${value}"`);
      expect(await rowsNamed(form, value)).toEqual([]);
    }
    // The form shown again carries a fresh key of this person: sending it works.
    const fresh = await agent.post(form.path, body);
    expect(fresh.statusCode).toBe(303);
    expect(await rowsNamed(form, value)).toHaveLength(1);
  });
});
