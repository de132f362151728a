import type { Database } from '../db/pool.ts';
import type { ActorKind } from '../db/schema.ts';
import { audit, logRead, withActor, type Actor } from '../db/tenancy.ts';
import type { Trace } from '../http/trace.ts';
import { forbidden, invalid } from '../http/errors.ts';
import { privacyPolicy } from './privacy.policy.ts';
import { createPrivacyRepository, type AuditFilter, type LogFilter } from './privacy.repository.ts';
import { verifyProcessingLog, type ChainReport } from './verify.ts';

// What the privacy officer and the administrators read: the processing log, the audit log, and the
// check of the log's hash chain. Row-level security limits the rows; showing who acted means reading
// professionals' names, and that read is logged like any other.

const PAGE_SIZE = 50;

/**
 * Who is named on a page: a user, hidden when row-level security does not show the user; the system
 * for its background jobs; none when nobody was logged in.
 */
export type Person = { kind: 'none' } | { kind: 'system' } | { kind: 'hidden' } | { kind: 'user'; name: string };

export interface LogEntry {
  seq: number;
  time: Date;
  activityId: string;
  operation: string;
  status: string;
  subject: string;
  actor: Person;
  traceId: string;
}

export interface AuditEntry {
  id: number;
  time: Date;
  actor: Person;
  action: string;
  target: { type: string; id: string; person: Person } | null;
  outcome: 'success' | 'failure' | 'denied';
  details: [string, string][];
}

export interface EntriesPage<T> {
  entries: T[];
  /** Cursor for the next (older) page, when there is one. */
  nextBefore: number | null;
}

function person(id: string | null, names: Map<string, string>, actorKind: ActorKind | null = null): Person {
  if (!id) return actorKind === 'system' ? { kind: 'system' } : { kind: 'none' };
  const name = names.get(id);
  return name === undefined ? { kind: 'hidden' } : { kind: 'user', name };
}

function page<T>(rows: T[], key: (row: T) => number): { rows: T[]; nextBefore: number | null } {
  const more = rows.length > PAGE_SIZE;
  const shown = rows.slice(0, PAGE_SIZE);
  return { rows: shown, nextBefore: more && shown.length > 0 ? key(shown[shown.length - 1]!) : null };
}

/** Details are flat key/value pairs written by `audit()`; anything else is shown as JSON. */
function detailPairs(details: unknown): [string, string][] {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return [];
  return Object.entries(details as Record<string, unknown>).map(([key, value]) => [
    key,
    typeof value === 'string' ? value : JSON.stringify(value),
  ]);
}

export function createPrivacyService(db: Database) {
  const repository = createPrivacyRepository();

  return {
    async processingLog(trace: Trace, actor: Actor, filter: LogFilter): Promise<EntriesPage<LogEntry>> {
      privacyPolicy.authorize(actor, 'readProcessingLog');
      return withActor(db, { actor, trace, activity: 'processing-log' }, async (tx) => {
        const { rows, nextBefore } = page(await repository.logEntries(tx, filter, PAGE_SIZE + 1), (row) => row.seq);
        const names = await repository.userNames(
          tx,
          rows.flatMap((row) => (row.actor_user_id ? [row.actor_user_id] : [])),
        );
        await logRead(tx, 'users.read', [...names.keys()], 'professional');
        return {
          nextBefore,
          entries: rows.map((row) => ({
            seq: row.seq,
            time: row.start_time,
            activityId: row.processing_activity_id,
            operation: row.name,
            status: row.status_code,
            subject: row.data_subject_id,
            actor: person(row.actor_user_id, names, row.actor_kind),
            traceId: row.trace_id,
          })),
        };
      });
    },

    async auditLog(trace: Trace, actor: Actor, filter: AuditFilter): Promise<EntriesPage<AuditEntry> & { actions: string[] }> {
      privacyPolicy.authorize(actor, 'readAuditLog');
      return withActor(db, { actor, trace, activity: 'security-audit' }, async (tx) => {
        const actions = await repository.auditActions(tx);
        if (filter.action !== undefined && !actions.includes(filter.action)) {
          throw invalid([{ field: 'handeling', key: 'form.error.invalidChoice' }]);
        }
        const { rows, nextBefore } = page(await repository.auditEntries(tx, filter, PAGE_SIZE + 1), (row) => row.id);
        const userTargets = rows.flatMap((row) => (row.target_type === 'user' && row.target_id ? [row.target_id] : []));
        const names = await repository.userNames(tx, [
          ...rows.flatMap((row) => (row.actor_user_id ? [row.actor_user_id] : [])),
          ...userTargets,
        ]);
        await logRead(tx, 'users.read', [...names.keys()], 'professional');
        return {
          nextBefore,
          actions,
          entries: rows.map((row) => ({
            id: row.id,
            time: row.at,
            actor: person(row.actor_user_id, names, row.actor_kind),
            action: row.action,
            target:
              row.target_type && row.target_id
                ? { type: row.target_type, id: row.target_id, person: row.target_type === 'user' ? person(row.target_id, names) : { kind: 'none' } }
                : null,
            outcome: row.outcome,
            details: detailPairs(row.details),
          })),
        };
      });
    },

    /** Actions in the audit log the actor may see: the choices of the filter. */
    async auditActions(trace: Trace, actor: Actor): Promise<string[]> {
      privacyPolicy.authorize(actor, 'readAuditLog');
      return withActor(db, { actor, trace, activity: 'security-audit' }, (tx) => repository.auditActions(tx));
    },

    /**
     * Checks the whole hash chain. This reads every row, also those row-level security hides from
     * the actor, so it runs on the owner connection; only the result leaves this function.
     */
    async verifyChain(trace: Trace, actor: Actor): Promise<ChainReport> {
      if (!privacyPolicy.can(actor, 'readProcessingLog')) {
        if (actor.kind === 'user') {
          await withActor(db, { actor, trace, activity: 'security-audit' }, (tx) => audit(tx, 'processing-log.verify', null, 'denied'));
        }
        throw forbidden();
      }
      const report = await verifyProcessingLog(db);
      const details: Record<string, string | number | boolean> = report.intact
        ? { intact: true, rows: report.rows }
        : { intact: false, rows: report.rows, brokenAt: report.brokenAt, reason: report.reason };
      await withActor(db, { actor, trace, activity: 'security-audit' }, (tx) => audit(tx, 'processing-log.verify', null, 'success', details));
      return report;
    },
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
