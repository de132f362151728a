import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { Benefit, ClientEventKind, ReferralStatus, ResponsibleParty } from '../../platform/db/schema.ts';

const OPEN: readonly ReferralStatus[] = ['verzonden', 'ontvangen', 'geaccepteerd', 'in-behandeling'];

// The only SQL for temporary client records. Row-level security (…T0018) keeps them to the guides
// and the coordinator of the region; every write logs itself (a trigger), reads are logged by the
// service.

export interface NewClient {
  regionCode: string;
  organisationId: string;
  givenName: string;
  familyName: string | null;
  nameKey: string;
  email: string | null;
  phone: string | null;
  phoneKey: string | null;
  municipalityCode: string | null;
  birthDate: string | null;
  bsnEncrypted: string | null;
  bsn: string | null;
  benefit: Benefit;
  responsibleParty: ResponsibleParty | null;
  createdBy: string;
}

export async function insertClient(tx: Tx, client: NewClient): Promise<string> {
  const row = await tx
    .insertInto('clients')
    .values({
      region_code: client.regionCode,
      organisation_id: client.organisationId,
      given_name: client.givenName,
      family_name: client.familyName,
      name_key: client.nameKey,
      email: client.email,
      phone: client.phone,
      phone_key: client.phoneKey,
      municipality_code: client.municipalityCode,
      birth_date: client.birthDate,
      bsn_encrypted: client.bsnEncrypted,
      bsn_hash: client.bsn === null ? null : sql<string>`app_bsn_hash(${client.bsn})`,
      benefit: client.benefit,
      responsible_party: client.responsibleParty,
      created_by: client.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const CLIENT_COLUMNS = [
  'c.id',
  'c.region_code',
  'c.organisation_id',
  'c.given_name',
  'c.family_name',
  'c.email',
  'c.phone',
  'c.municipality_code',
  'c.birth_date',
  'c.bsn_encrypted',
  'c.benefit',
  'c.responsible_party',
  'c.created_at',
  'c.last_activity_at',
  'c.erased_at',
] as const;

/** A record's columns with its municipality's name: what every read of records starts from. */
const clientRows = (tx: Tx) =>
  tx.selectFrom('clients as c').leftJoin('municipalities as m', 'm.code', 'c.municipality_code').select(CLIENT_COLUMNS).select('m.name as municipality_name');

export function findClient(tx: Tx, id: string) {
  return clientRows(tx)
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export type ClientRow = NonNullable<Awaited<ReturnType<typeof findClient>>>;

/** The record as a referral reads it, with the kind of the guide's organisation (for the dependency check) in the same round trip. */
export function findClientForReferral(tx: Tx, id: string, guideOrganisationId: string) {
  return clientRows(tx)
    .select((eb) => eb.selectFrom('organisations as o').select('o.kind').where('o.id', '=', guideOrganisationId).as('guide_organisation_kind'))
    .where('c.id', '=', id)
    .executeTakeFirst();
}

/** Likely the same person in the region: same normalised name and birth date, or same e-mail, phone or BSN. */
export function findLikelyDuplicates(
  tx: Tx,
  regionCode: string,
  keys: { nameKey: string; birthDate: string | null; email: string | null; phoneKey: string | null; bsn: string | null },
) {
  return clientRows(tx)
    .where('c.region_code', '=', regionCode)
    .where('c.erased_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(keys.birthDate ? [eb.and([eb('c.name_key', '=', keys.nameKey), eb('c.birth_date', '=', keys.birthDate)])] : []),
        ...(keys.email ? [eb('c.email', '=', keys.email)] : []),
        ...(keys.phoneKey ? [eb('c.phone_key', '=', keys.phoneKey)] : []),
        ...(keys.bsn ? [eb('c.bsn_hash', '=', sql<string>`app_bsn_hash(${keys.bsn})`)] : []),
        eb.val(false),
      ]),
    )
    .orderBy('c.last_activity_at', 'desc')
    .limit(10)
    .execute();
}

/** The region's client records, most recently active first; optionally those whose name starts with the text. */
export function listClients(tx: Tx, regionCode: string, nameKeyPrefix: string | null, limit: number) {
  let query = clientRows(tx)
    .where('c.region_code', '=', regionCode)
    .where('c.erased_at', 'is', null)
    .orderBy('c.last_activity_at', 'desc')
    .orderBy('c.id')
    .limit(limit);
  if (nameKeyPrefix) query = query.where('c.name_key', 'like', `${nameKeyPrefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  return query.execute();
}

export async function countClients(tx: Tx, regionCode: string): Promise<number> {
  const row = await tx
    .selectFrom('clients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('region_code', '=', regionCode)
    .where('erased_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function touchClient(tx: Tx, id: string): Promise<void> {
  await tx.updateTable('clients').set({ last_activity_at: new Date() }).where('id', '=', id).execute();
}

/** Fields a merge may fill; `bsn` is the plain number, stored only as its keyed hash next to the encrypted value. */
export interface FilledFields {
  family_name?: string;
  name_key?: string;
  email?: string;
  phone?: string;
  phone_key?: string | null;
  municipality_code?: string;
  birth_date?: string;
  bsn_encrypted?: string;
  bsn?: string;
}

export async function fillClientFields(tx: Tx, id: string, fields: FilledFields): Promise<void> {
  const { bsn, ...columns } = fields;
  await tx
    .updateTable('clients')
    .set({ ...columns, ...(bsn ? { bsn_hash: sql<string>`app_bsn_hash(${bsn})` } : {}), last_activity_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function updateClientSituation(
  tx: Tx,
  id: string,
  values: { benefit?: Benefit; responsible_party?: ResponsibleParty | null },
): Promise<void> {
  await tx
    .updateTable('clients')
    .set({ ...values, last_activity_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function insertClientEvent(
  tx: Tx,
  event: { clientId: string; regionCode: string; kind: ClientEventKind; details: Record<string, string | null>; effectiveOn?: string; recordedBy: string | null },
): Promise<void> {
  await tx
    .insertInto('client_events')
    .values({
      client_id: event.clientId,
      region_code: event.regionCode,
      kind: event.kind,
      details: JSON.stringify(event.details),
      ...(event.effectiveOn ? { effective_on: event.effectiveOn } : {}),
      recorded_by: event.recordedBy,
    })
    .execute();
}

export function listClientEvents(tx: Tx, clientId: string) {
  return tx
    .selectFrom('client_events as e')
    .leftJoin('users as u', 'u.id', 'e.recorded_by')
    .select(['e.id', 'e.kind', 'e.details', 'e.effective_on', 'e.recorded_at', 'u.name as recorded_by_name'])
    .where('e.client_id', '=', clientId)
    .orderBy('e.recorded_at', 'desc')
    .orderBy('e.id', 'desc')
    .execute();
}

/**
 * Erases the personal fields of records whose last activity is older than their region's retention
 * (its own number of months, or the default); the rows stay for the counts. Returns their ids.
 */
export async function eraseInactiveClients(tx: Tx, now: Date, defaultMonths: number): Promise<string[]> {
  const rows = await tx
    .updateTable('clients')
    .set(ERASED)
    .where('erased_at', 'is', null)
    // A referral that still runs keeps the record: the partner may still need to reach the person.
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('referrals as r').select('r.id').whereRef('r.client_id', '=', 'clients.id').where('r.status', 'in', OPEN))),
    )
    .where(
      'last_activity_at',
      '<',
      sql<Date>`${now}::timestamptz - make_interval(months => coalesce(
        (select s.months from client_retention_settings s where s.region_code = clients.region_code), ${defaultMonths}::int))`,
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** The region's own retention in months, or null for the default. */
export async function regionRetentionMonths(tx: Tx, regionCode: string): Promise<number | null> {
  const row = await tx.selectFrom('client_retention_settings').select('months').where('region_code', '=', regionCode).executeTakeFirst();
  return row?.months ?? null;
}

export async function setRegionRetentionMonths(tx: Tx, regionCode: string, months: number, userId: string): Promise<void> {
  await tx
    .insertInto('client_retention_settings')
    .values({ region_code: regionCode, months, updated_by: userId })
    .onConflict((oc) => oc.column('region_code').doUpdateSet({ months, updated_by: userId, updated_at: new Date() }))
    .execute();
}

/** Erases one record's personal fields now (the privacy officer, on the person's request). */
export async function eraseClient(tx: Tx, id: string): Promise<boolean> {
  const result = await tx.updateTable('clients').set(ERASED).where('id', '=', id).where('erased_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

const ERASED = {
  given_name: null,
  family_name: null,
  name_key: null,
  email: null,
  phone: null,
  phone_key: null,
  birth_date: null,
  bsn_encrypted: null,
  bsn_hash: null,
  erased_at: sql<Date>`now()`,
};

// The privacy officer's side: row-level security (…T0019) lets them read the records their
// organisation made, in any region, and erase them.

export type SubjectQuery = { kind: 'name'; nameKey: string; text: string } | { kind: 'email'; email: string } | { kind: 'phone'; phoneKey: string } | { kind: 'bsn'; bsn: string };

/** Records that match a person by name, e-mail, phone or BSN, among those the actor may read. */
export function findSubjects(tx: Tx, query: SubjectQuery, limit: number) {
  let select = clientRows(tx)
    .where('c.erased_at', 'is', null)
    .orderBy('c.last_activity_at', 'desc')
    .limit(limit);
  if (query.kind === 'name') select = select.where('c.name_key', 'like', `%${query.nameKey.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  if (query.kind === 'email') select = select.where('c.email', '=', query.email);
  if (query.kind === 'phone') select = select.where('c.phone_key', '=', query.phoneKey);
  if (query.kind === 'bsn') select = select.where('c.bsn_hash', '=', sql<string>`app_bsn_hash(${query.bsn})`);
  return select.execute();
}

/**
 * Every processing-log record about one client record or contact, whoever wrote it: app_client_log
 * (…T0019) answers only the record's privacy officer, app_contact_log (…T0023) the region's.
 */
export async function subjectLog(tx: Tx, subject: 'client' | 'contact', id: string) {
  const source = subject === 'client' ? sql`app_client_log(${id}::uuid)` : sql`app_contact_log(${id}::uuid)`;
  const { rows } = await sql<{ seq: string; start_time: Date; name: string; processing_activity_id: string; actor_kind: string | null; organisation_name: string | null }>`
    select l.seq, l.start_time, l.name, l.processing_activity_id, l.actor_kind, o.name as organisation_name
    from ${source} l left join organisations o on o.id = l.actor_org_id
    order by l.seq`.execute(tx);
  return rows;
}
