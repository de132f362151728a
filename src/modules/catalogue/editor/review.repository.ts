import { sql } from 'kysely';
import type { ServiceReviewRequestStatus } from '../../../platform/db/schema.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';

// The only SQL of publication review (migration T0028): a region's choice, and the requests in its
// "ter controle" queue. Row-level security lets the owner's partners see their requests and the
// region's coordinator decide them; the functions here narrow, never widen, what the actor sees.

export interface ReviewRequestRow {
  service_id: string;
  organisation_id: string;
  region_code: string;
  status: ServiceReviewRequestStatus;
  form: unknown;
  base_version: number;
  was_published: boolean;
  requested_by: string | null;
  requested_at: Date;
  decided_by: string | null;
  reason: string | null;
}

export async function publicationReviewed(tx: Tx, regionCode: string): Promise<boolean> {
  const row = await tx.selectFrom('region_catalogue_settings').select('review_before_publish').where('region_code', '=', regionCode).executeTakeFirst();
  return row?.review_before_publish ?? false;
}

export async function setPublicationReviewed(tx: Tx, regionCode: string, reviewed: boolean): Promise<void> {
  await tx
    .insertInto('region_catalogue_settings')
    .values({ region_code: regionCode, review_before_publish: reviewed })
    .onConflict((oc) => oc.column('region_code').doUpdateSet({ review_before_publish: reviewed, updated_at: sql<Date>`now()` }))
    .execute();
}

export function findReviewRequest(tx: Tx, serviceId: string): Promise<ReviewRequestRow | undefined> {
  return tx.selectFrom('service_review_requests').selectAll().where('service_id', '=', serviceId).executeTakeFirst();
}

/** A partner's request, new or made again (a rejected or earlier one is replaced). */
export async function putReviewRequest(
  tx: Tx,
  request: { serviceId: string; organisationId: string; regionCode: string; form: unknown; baseVersion: number; wasPublished: boolean; requestedBy: string },
): Promise<void> {
  const values = {
    status: 'ter-controle' as const,
    form: JSON.stringify(request.form),
    base_version: request.baseVersion,
    was_published: request.wasPublished,
    requested_by: request.requestedBy,
    requested_at: new Date(),
    decided_by: null,
    decided_at: null,
    reason: null,
  };
  await tx
    .insertInto('service_review_requests')
    .values({ service_id: request.serviceId, organisation_id: request.organisationId, region_code: request.regionCode, ...values })
    .onConflict((oc) => oc.column('service_id').doUpdateSet(values))
    .execute();
}

/** Rejects a waiting request; false when none was waiting any more. */
export async function rejectReviewRequest(tx: Tx, serviceId: string, decidedBy: string, reason: string): Promise<boolean> {
  const result = await tx
    .updateTable('service_review_requests')
    .set({ status: 'afgewezen', decided_by: decidedBy, decided_at: new Date(), reason })
    .where('service_id', '=', serviceId)
    .where('status', '=', 'ter-controle')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteReviewRequest(tx: Tx, serviceId: string): Promise<void> {
  await tx.deleteFrom('service_review_requests').where('service_id', '=', serviceId).execute();
}

/** The requests waiting in a region's queue, oldest first, with their service and organisation. */
export function listWaitingRequests(tx: Tx, regionCode: string) {
  return tx
    .selectFrom('service_review_requests as r')
    .innerJoin('services as s', 's.id', 'r.service_id')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select(['r.service_id', 'r.form', 'r.base_version', 'r.was_published', 'r.requested_by', 'r.requested_at', 's.name', 's.version', 'o.name as organisation_name'])
    .where('r.region_code', '=', regionCode)
    .where('r.status', '=', 'ter-controle')
    .orderBy('r.requested_at')
    .execute();
}

/** The database's refusal of a partner's publication in a region with approval first (T0028). */
function isPublicationRefusal(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '42501' && constraint === 'services_publication_reviewed';
}

/**
 * Runs a write the publication guard may refuse. Refused, the write is undone (to a savepoint, so
 * the transaction goes on) and `refused` is true; any other error is thrown.
 */
export async function unlessPublicationRefused<T>(tx: Tx, write: () => Promise<T>): Promise<{ refused: true } | { refused: false; value: T }> {
  await sql`savepoint publication`.execute(tx);
  try {
    const value = await write();
    await sql`release savepoint publication`.execute(tx);
    return { refused: false, value };
  } catch (error) {
    if (!isPublicationRefusal(error)) throw error;
    await sql`rollback to savepoint publication`.execute(tx);
    return { refused: true };
  }
}
