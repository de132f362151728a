import { randomUUID } from 'node:crypto';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { ContactRequestStatus } from '../../platform/db/schema.ts';

// The only SQL for questions from the public. Row-level security (migration 0004) lets anyone insert
// and only the region's guides and coordinator read and update; the region filters here are the
// service's own scoping, not the only wall. Every write logs itself (a trigger); reads are logged by
// the service.

export interface NewContactRequest {
  regionCode: string;
  serviceId: string | null;
  audience: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  channel: 'email' | 'telefoon';
  message: string;
  municipality: string | null;
}

/** Stores a question; no RETURNING: the public may not read the row back. */
export async function insertContactRequest(tx: Tx, request: NewContactRequest): Promise<void> {
  await tx
    .insertInto('contact_requests')
    .values({
      id: randomUUID(),
      region_code: request.regionCode,
      service_id: request.serviceId,
      audience: request.audience,
      name: request.name,
      email: request.email,
      phone: request.phone,
      preferred_channel: request.channel,
      message: request.message,
      municipality_code: request.municipality,
    })
    .execute();
}

/** The region's questions, newest first. */
export function listContactRequests(tx: Tx, regionCode: string, status: ContactRequestStatus | null, limit: number) {
  let query = tx
    .selectFrom('contact_requests as c')
    .select(['c.id', 'c.name', 'c.status', 'c.created_at', 'c.audience', 'c.preferred_channel', 'c.service_id'])
    .where('c.region_code', '=', regionCode)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id')
    .limit(limit);
  if (status) query = query.where('c.status', '=', status);
  return query.execute();
}

/** How many of the region's questions there are per status. */
export async function countContactRequests(tx: Tx, regionCode: string): Promise<Record<ContactRequestStatus, number>> {
  const rows = await tx
    .selectFrom('contact_requests')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('region_code', '=', regionCode)
    .groupBy('status')
    .execute();
  const byStatus: Record<ContactRequestStatus, number> = { nieuw: 0, 'in-behandeling': 0, afgerond: 0 };
  for (const row of rows) byStatus[row.status] = Number(row.n);
  return byStatus;
}

export function findContactRequest(tx: Tx, id: string) {
  return tx
    .selectFrom('contact_requests as c')
    .leftJoin('municipalities as m', 'm.code', 'c.municipality_code')
    .selectAll('c')
    .select('m.name as municipality_name')
    .where('c.id', '=', id)
    .executeTakeFirst();
}

/** The question's status and handler, locked until the transaction ends so two guides cannot move it at once. */
export function lockContactRequest(tx: Tx, id: string) {
  return tx.selectFrom('contact_requests').select(['id', 'region_code', 'status', 'handled_by']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateContactRequest(tx: Tx, id: string, values: { status: ContactRequestStatus; handled_by: string | null; closed_at: Date | null }): Promise<void> {
  await tx.updateTable('contact_requests').set(values).where('id', '=', id).execute();
}

/** Deletes questions closed before the one date, and those never closed that arrived before the other. */
export async function deleteContactRequests(tx: Tx, closedBefore: Date, openCreatedBefore: Date): Promise<number> {
  const result = await tx
    .deleteFrom('contact_requests')
    .where((eb) =>
      eb.or([eb('closed_at', '<', closedBefore), eb.and([eb('closed_at', 'is', null), eb('created_at', '<', openCreatedBefore)])]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
