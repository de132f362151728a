import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, MunicipalitiesTable, OrganisationKind, PostcodeAreasTable, RegionsTable, Role, TaxonomyTermsTable } from '../platform/db/schema.ts';
import type { Tx } from '../platform/db/tenancy.ts';

// The SQL of seeding. Reference and demo data are loaded at start as the schema owner (before any
// actor exists), each load in one transaction that holds an advisory lock, so several processes
// starting on one empty database load it once.

/** Runs a load once: under a lock, and only when `done` says it has not happened yet. */
export async function seedOnce<T>(db: Kysely<DB>, lock: string, activity: string | null, done: (tx: Tx) => Promise<boolean>, load: (tx: Tx) => Promise<T>): Promise<T | null> {
  if (await done(db as unknown as Tx)) return null;
  return db.transaction().execute(async (trx) => {
    const tx = trx as unknown as Tx;
    await sql`select pg_advisory_xact_lock(hashtext(${lock}))`.execute(tx);
    if (await done(tx)) return null;
    // Writes to people tables are logged, so even the seed declares the activity it acts under.
    if (activity) await sql`select set_config('app.activity', ${activity}, true)`.execute(tx);
    return load(tx);
  });
}

/** Inserts the reference data that is missing (administrators' edits survive); taxonomy labels follow the release. */
export async function upsertReferenceData(
  db: Kysely<DB>,
  data: {
    regions: Insertable<RegionsTable>[];
    municipalities: Insertable<MunicipalitiesTable>[];
    postcodeAreas: Insertable<PostcodeAreasTable>[];
    taxonomy: Insertable<TaxonomyTermsTable>[];
  },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('regions').values(data.regions).onConflict((oc) => oc.column('code').doNothing()).execute();
    await tx.insertInto('municipalities').values(data.municipalities).onConflict((oc) => oc.column('code').doNothing()).execute();
    for (let start = 0; start < data.postcodeAreas.length; start += 1000) {
      await tx
        .insertInto('postcode_areas')
        .values(data.postcodeAreas.slice(start, start + 1000))
        .onConflict((oc) => oc.column('pc4').doNothing())
        .execute();
    }
    await tx
      .insertInto('taxonomy_terms')
      .values(data.taxonomy)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          vocabulary: eb.ref('excluded.vocabulary'),
          parent_code: eb.ref('excluded.parent_code'),
          label_nl: eb.ref('excluded.label_nl'),
          label_en: eb.ref('excluded.label_en'),
          explain_nl: eb.ref('excluded.explain_nl'),
          explain_en: eb.ref('excluded.explain_en'),
          position: eb.ref('excluded.position'),
        })),
      )
      .execute();
  });
}

export const hasOrganisations = async (tx: Tx) => Boolean(await tx.selectFrom('organisations').select('id').limit(1).executeTakeFirst());
export const hasServices = async (tx: Tx) => Boolean(await tx.selectFrom('services').select('id').limit(1).executeTakeFirst());

export async function insertOrganisation(tx: Tx, org: { id: string; name: string; kind: OrganisationKind; suwiParty: boolean; website: string | null; regions: readonly string[] }): Promise<void> {
  await tx.insertInto('organisations').values({ id: org.id, name: org.name, kind: org.kind, suwi_party: org.suwiParty, website: org.website }).execute();
  await tx.insertInto('organisation_regions').values(org.regions.map((region_code) => ({ organisation_id: org.id, region_code }))).execute();
}

export async function insertPerson(
  tx: Tx,
  person: { id: string; email: string; name: string; membership: { id: string; organisationId: string; regionCode: string; role: Role } },
  credentials: { passwordHash: string; totpSecret: string | null } | null,
): Promise<void> {
  await tx.insertInto('users').values({ id: person.id, email: person.email, name: person.name }).execute();
  const m = person.membership;
  await tx.insertInto('memberships').values({ id: m.id, user_id: person.id, organisation_id: m.organisationId, region_code: m.regionCode, role: m.role }).execute();
  if (!credentials) return;
  await tx
    .insertInto('user_credentials')
    .values({
      user_id: person.id,
      password_hash: credentials.passwordHash,
      totp_secret: credentials.totpSecret,
      totp_confirmed_at: credentials.totpSecret ? new Date() : null,
      password_changed_at: new Date(),
    })
    .execute();
}

/** Municipality code → region code, for checking catalogue content. */
export async function municipalityRegions(tx: Tx): Promise<Map<string, string>> {
  const rows = await tx.selectFrom('municipalities').select(['code', 'region_code']).execute();
  return new Map(rows.map((m) => [m.code, m.region_code] as const));
}
