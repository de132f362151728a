import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import type { Database } from '../src/platform/db/pool.ts';
import type { CatalogueStatus, ContactRequestsTable, LocationRole, OrganisationKind, ReferralStatus, Role } from '../src/platform/db/schema.ts';
import type { Actor, ActiveMembership, Tx } from '../src/platform/db/tenancy.ts';
import { hashPassword, newTotpSecret } from '../src/platform/auth/auth.service.ts';
import { saveLocation, saveService, type LocationInput, type ServiceInput } from '../src/modules/catalogue/catalogue.repository.ts';
import { newContactReference } from '../src/modules/referrals/contacts.service.ts';

// Test data built per test, with only what the test says that matters and defaults for the rest.
// Everything is written as the database owner (bypassing the application roles, as a seed does),
// with unique names and keys, so tests neither depend on the demo seed nor on each other's order.

/** A short random suffix: names, keys and e-mail addresses stay unique across tests in one database. */
export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Work as the database owner (as a seed does), under a processing activity. */
export async function asOwner<T>(db: Database, activity: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute(async (tx) => {
    // Writes to personal-data tables log themselves, so even the owner declares an activity.
    await sql`select set_config('app.activity', ${activity}, true)`.execute(tx);
    return work(tx as unknown as Tx);
  });
}

export interface BuiltOrganisation {
  id: string;
  name: string;
  regions: string[];
}

export async function buildOrganisation(
  db: Database,
  overrides: { name?: string; kind?: OrganisationKind; suwiParty?: boolean; regions?: string[] } = {},
): Promise<BuiltOrganisation> {
  const id = randomUUID();
  const name = overrides.name ?? unique('Organisatie');
  const regions = overrides.regions ?? ['AM05'];
  await asOwner(db, 'account-management', async (tx) => {
    await tx
      .insertInto('organisations')
      .values({ id, name, kind: overrides.kind ?? 're_integratiebedrijf', suwi_party: overrides.suwiParty ?? false })
      .execute();
    await tx.insertInto('organisation_regions').values(regions.map((region_code) => ({ organisation_id: id, region_code }))).execute();
  });
  return { id, name, regions };
}

export interface BuiltUser {
  id: string;
  email: string;
  name: string;
  password: string;
  /** Null when the account has no confirmed second factor yet. */
  totpSecret: string | null;
  memberships: ActiveMembership[];
  /** The signed-in actor in the first membership (or none), as a session would make it. */
  actor: Actor;
}

export interface MembershipSpec {
  organisation: BuiltOrganisation;
  region?: string;
  role: Role;
}

/**
 * A professional with memberships. With `password` (default: a random one) the account gets
 * credentials; `totp: false` leaves the second factor to be set up at first login.
 */
export async function buildUser(
  db: Database,
  overrides: { email?: string; name?: string; memberships?: MembershipSpec[]; password?: string | null; totp?: boolean; disabled?: boolean } = {},
): Promise<BuiltUser> {
  const id = randomUUID();
  const email = (overrides.email ?? `${unique('medewerker')}@werkcentrum.example`).toLowerCase();
  const name = overrides.name ?? unique('Medewerker');
  const password = overrides.password === undefined ? `Test-${randomBytes(8).toString('hex')}` : overrides.password;
  const totpSecret = overrides.totp === false || password === null ? null : newTotpSecret();
  const passwordHash = password === null ? null : await hashPassword(password);
  const memberships: ActiveMembership[] = [];
  await asOwner(db, 'account-management', async (tx) => {
    await tx
      .insertInto('users')
      .values({ id, email, name, disabled_at: overrides.disabled ? new Date() : null })
      .execute();
    for (const spec of overrides.memberships ?? []) {
      const membership: ActiveMembership = {
        id: randomUUID(),
        organisationId: spec.organisation.id,
        organisationName: spec.organisation.name,
        regionCode: spec.region ?? spec.organisation.regions[0]!,
        role: spec.role,
      };
      await tx
        .insertInto('memberships')
        .values({
          id: membership.id,
          user_id: id,
          organisation_id: membership.organisationId,
          region_code: membership.regionCode,
          role: membership.role,
        })
        .execute();
      memberships.push(membership);
    }
    if (passwordHash) {
      await tx
        .insertInto('user_credentials')
        .values({
          user_id: id,
          password_hash: passwordHash,
          totp_secret: totpSecret,
          totp_confirmed_at: totpSecret ? new Date() : null,
          password_changed_at: new Date(),
        })
        .execute();
    }
  });
  return { id, email, name, password: password ?? '', totpSecret, memberships, actor: { kind: 'user', userId: id, membership: memberships[0] ?? null } };
}

/** A location of an organisation; by default published, in Enschede (Twente). */
export async function buildLocation(db: Database, organisation: BuiltOrganisation, overrides: Partial<LocationInput> = {}): Promise<{ id: string; key: string }> {
  const key = overrides.key ?? unique('locatie');
  const input: LocationInput = {
    key,
    organisationId: organisation.id,
    role: 'vestiging' satisfies LocationRole,
    name: `Locatie ${key}`,
    description: null,
    street: 'Teststraat 1',
    postalCode: '7511 AA',
    city: 'Enschede',
    municipalityCode: 'GM0153',
    lat: 52.22,
    lon: 6.89,
    accessibility: null,
    status: 'gepubliceerd' satisfies CatalogueStatus,
    openingHours: [],
    ...overrides,
  };
  const { id } = await asOwner(db, 'catalogue-maintenance', (tx) => saveLocation(tx, input));
  return { id, key };
}

/** A service of an organisation in its first region; by default published, free, for job seekers. */
export async function buildService(db: Database, organisation: BuiltOrganisation, overrides: Partial<ServiceInput> = {}): Promise<{ id: string; key: string }> {
  const key = overrides.key ?? unique('dienst');
  const region = overrides.regionCode === undefined ? organisation.regions[0]! : overrides.regionCode;
  const input: ServiceInput = {
    key,
    organisationId: organisation.id,
    regionCode: region,
    status: 'gepubliceerd',
    name: `Dienst ${key}`,
    summary: 'Een dienst om mee te testen, met een korte samenvatting.',
    description: 'Een langere beschrijving van de dienst om mee te testen.',
    audiences: ['werkzoekende'],
    themes: ['loopbaanadvies'],
    eligibility: 'Iedereen die werk zoekt in de regio.',
    costFree: true,
    costDescription: null,
    costAmountCents: null,
    languages: ['nl'],
    deliveryModes: ['op-locatie'],
    areaKind: region ? 'regions' : 'national',
    areaCodes: region ? [region] : [],
    access: ['direct'],
    applicationProcess: 'Meld je aan via het formulier op de website.',
    waitTime: null,
    capacity: null,
    contactEmail: 'info@dienst.example',
    contactPhone: null,
    contactUrl: null,
    keywords: [],
    reviewIntervalDays: 180,
    lastReviewed: new Date().toISOString().slice(0, 10),
    locationIds: [],
    ...overrides,
  };
  const { id } = await asOwner(db, 'catalogue-maintenance', (tx) => saveService(tx, input));
  return { id, key };
}

/** A question from the public, as the contact form stores it; by default new, in Twente, to be e-mailed back, due in two days. */
export async function buildContactRequest(
  db: Database,
  overrides: Partial<Omit<Insertable<ContactRequestsTable>, 'created_at'>> = {},
): Promise<{ id: string }> {
  const id = overrides.id ?? randomUUID();
  await asOwner(db, 'contact-requests', (tx) =>
    tx
      .insertInto('contact_requests')
      .values({
        region_code: 'AM05',
        reference: newContactReference(),
        reply_due_at: new Date(Date.now() + 2 * 86_400_000),
        name: unique('Inwoner'),
        email: 'inwoner@example.org',
        preferred_channel: 'email',
        message: 'Ik zoek hulp bij het vinden van werk.',
        ...overrides,
        id,
      })
      .execute(),
  );
  return { id };
}

/** A valid new-service form as the editor sends it, for a service in Twente (AM05) under this name. */
export function serviceFormFields(name: string, overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    region: 'AM05',
    name,
    summary: 'Samen met een coach werk je aan je eerste stap naar werk.',
    description: 'Je krijgt een coach die met je meedenkt. Samen maken jullie een plan voor werk of scholing.',
    audiences: ['werkzoekende'],
    themes: ['loopbaanadvies'],
    eligibility: 'Voor iedereen in Twente die werk zoekt.',
    costFree: 'ja',
    languages: ['nl'],
    deliveryModes: ['online'],
    areaKind: 'regions',
    areaRegions: ['AM05'],
    access: ['direct'],
    applicationProcess: 'Mail ons. Binnen een week krijg je een eerste gesprek.',
    contactEmail: 'info@coach.example.nl',
    reviewInterval: '180',
    action: 'opslaan',
    ...overrides,
  };
}

/**
 * A referral from a guide's organisation to a recipient in a region, in the given status, with its
 * client record and consent (written as the owner: the state, not the path to it). The client is
 * shared by passing `clientId`.
 */
export async function buildReferral(
  db: Database,
  options: { regionCode?: string; guideOrganisation: BuiltOrganisation; recipient: BuiltOrganisation; status?: ReferralStatus; clientId?: string; consentWithdrawn?: boolean },
): Promise<{ id: string; clientId: string; consentId: string }> {
  const regionCode = options.regionCode ?? 'AM05';
  const status = options.status ?? 'verzonden';
  const clientId =
    options.clientId ??
    (await asOwner(db, 'client-records', async (tx) => {
      const row = await tx
        .insertInto('clients')
        .values({ region_code: regionCode, organisation_id: options.guideOrganisation.id, given_name: 'Test', name_key: 'test', email: `${unique('client')}@voorbeeld.example` })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    }));
  return asOwner(db, 'referrals', async (tx) => {
    const consent = await tx
      .insertInto('consents')
      .values({
        client_id: clientId,
        region_code: regionCode,
        recipient_organisation_id: options.recipient.id,
        purpose: 'loopbaanadvies',
        data_categories: ['vraag'],
        basis: 'toestemming',
        given_how: 'mondeling',
        text_version: 'test',
        text_shown: 'Een toestemmingstekst om mee te testen.',
        dependency: false,
        shares_identity: false,
        recorded_by_organisation_id: options.guideOrganisation.id,
        withdrawn_at: options.consentWithdrawn ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const referral = await tx
      .insertInto('referrals')
      .values({
        region_code: regionCode,
        client_id: clientId,
        consent_id: consent.id,
        guide_organisation_id: options.guideOrganisation.id,
        service_name: 'Een dienst om mee te testen',
        recipient_organisation_id: options.recipient.id,
        purpose: 'loopbaanadvies',
        shares_identity: false,
        subject_pseudonym: sql<string>`app_partner_pseudonym(${clientId}::uuid, ${options.recipient.id}::uuid)`,
        shared_data: JSON.stringify({ vraag: 'Een vraag om mee te testen.' }),
        responsible_party: 'werkcentrum',
        paying_party: 'geen',
        status,
        decline_reason: status === 'afgewezen' ? 'geen-plek' : null,
        outcome: status === 'afgerond' ? 'hulp-gestart' : null,
        response_due_at: new Date(Date.now() + 2 * 86_400_000),
        expires_at: new Date(Date.now() + 30 * 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: referral.id, clientId, consentId: consent.id };
  });
}
