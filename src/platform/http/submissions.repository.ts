import { sql } from 'kysely';
import type { Tx } from '../db/tenancy.ts';

// The SQL of the stores against sending twice (migration T0014). The tables are not granted to the
// application roles; these SECURITY DEFINER functions, which take the key as a capability, are the
// only way in.

export type ClaimOutcome = { outcome: 'claimed' | 'replay' | 'limited'; result: string | null; retry_after: number | null };

export async function claimSubmission(tx: Tx, scope: string, key: string, limit: { client: string; max: number; windowSeconds: number } | undefined): Promise<ClaimOutcome> {
  const { rows } = await sql<ClaimOutcome>`
    select * from app_submission_claim(${scope}, ${key}, ${limit?.client ?? null}, ${limit?.max ?? null}::integer, ${limit?.windowSeconds ?? null}::integer)`.execute(tx);
  return rows[0]!;
}

export async function completeSubmission(tx: Tx, scope: string, key: string, result: string): Promise<void> {
  await sql`select app_submission_complete(${scope}, ${key}, ${result})`.execute(tx);
}

export async function submissionResult(tx: Tx, scope: string, key: string): Promise<string | null> {
  const { rows } = await sql<{ result: string | null }>`select app_submission_result(${scope}, ${key}) as result`.execute(tx);
  return rows[0]?.result ?? null;
}

export type IdempotencyClaim = {
  outcome: 'started' | 'replay' | 'mismatch' | 'in-progress';
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
};

export async function beginIdempotent(tx: Tx, principal: string, key: string, requestHash: string, attempt: string, leaseSeconds: number): Promise<IdempotencyClaim> {
  const { rows } = await sql<IdempotencyClaim>`
    select * from app_idempotency_begin(${principal}, ${key}, ${requestHash}, ${attempt}::uuid, ${leaseSeconds}::integer)`.execute(tx);
  return rows[0]!;
}

export async function finishIdempotent(
  tx: Tx,
  held: { principal: string; key: string; attempt: string },
  status: number,
  headers: Record<string, string>,
  body: string | null,
): Promise<void> {
  await sql`select app_idempotency_finish(${held.principal}, ${held.key}, ${held.attempt}::uuid, ${status}::integer, ${JSON.stringify(headers)}::jsonb, ${body})`.execute(tx);
}
