import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenancy.ts';
import type { Lang } from '../../../platform/i18n/index.ts';
import type { Role } from '../../../platform/db/schema.ts';

// The only place with SQL for the review reminders. Runs in the system actor's transaction under
// the catalogue-maintenance activity, whose policies let it read published services, the partners'
// and coordinators' memberships and addresses, and record the reminders.

const LOCK = 'werkcentrum:service-review-reminders';

export interface DueService {
  id: string;
  name: string;
  organisationId: string;
  /** Null for a national service. */
  regionCode: string | null;
  /** `YYYY-MM-DD` */
  reviewDue: string;
}

export interface Owner {
  userId: string;
  name: string;
  email: string;
  lang: Lang;
  organisationId: string;
  regionCode: string;
  role: Extract<Role, 'partnermedewerker' | 'regiocoordinator'>;
}

/** Takes the reminders' lock until the transaction ends; false when another run holds it. */
export async function lockReminders(tx: Tx): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtext(${LOCK})) as ok`.execute(tx);
  return rows[0]?.ok === true;
}

/** Published services past their review date that were not reminded in the last `intervalDays`. */
export async function dueServices(tx: Tx, intervalDays: number): Promise<DueService[]> {
  const rows = await tx
    .selectFrom('services as s')
    .select(['s.id', 's.name', 's.organisation_id', 's.region_code', 's.review_due'])
    .where('s.status', '=', 'gepubliceerd')
    .where('s.review_due', '<', sql<string>`current_date`)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('service_review_reminders as r')
            .select('r.service_id')
            .whereRef('r.service_id', '=', 's.id')
            .where('r.reminded_at', '>', sql<Date>`now() - make_interval(days => ${intervalDays})`),
        ),
      ),
    )
    .orderBy('s.review_due')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, organisationId: row.organisation_id, regionCode: row.region_code, reviewDue: row.review_due }));
}

/** Partners and coordinators with an active account: who may own a service's review. */
export async function possibleOwners(tx: Tx): Promise<Owner[]> {
  const rows = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'u.preferred_language', 'm.organisation_id', 'm.region_code', 'm.role'])
    .where('u.disabled_at', 'is', null)
    .where('m.role', 'in', ['partnermedewerker', 'regiocoordinator'])
    .execute();
  return rows.map((row) => ({
    userId: row.id,
    name: row.name,
    email: row.email,
    lang: row.preferred_language,
    organisationId: row.organisation_id,
    regionCode: row.region_code,
    role: row.role as Owner['role'],
  }));
}

export async function recordReminders(tx: Tx, serviceIds: readonly string[]): Promise<void> {
  await tx
    .insertInto('service_review_reminders')
    .values(serviceIds.map((service_id) => ({ service_id, reminded_at: new Date() })))
    .onConflict((oc) => oc.column('service_id').doUpdateSet({ reminded_at: new Date() }))
    .execute();
}
