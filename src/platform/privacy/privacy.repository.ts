import { isUuid } from '../http/values.ts';
import { sql } from 'kysely';
import type { Tx } from '../db/tenancy.ts';

// The only place with SQL for the privacy pages. Every query runs in the actor's transaction, so
// row-level security decides which log entries, audit entries and user names come back.

export interface LogFilter {
  /** Keyset cursor: only entries with a lower seq. */
  before: number | undefined;
  activity: string | undefined;
  subject: string | undefined;
}

export interface AuditFilter {
  before: number | undefined;
  action: string | undefined;
}


export function createPrivacyRepository() {
  return {
    /** A batch of the log in order, each row with the hash its content should have (by the function that wrote it). */
    async chainAfter(tx: Tx, afterSeq: number, limit: number) {
      const { rows } = await sql<{ seq: number; prev_hash: string; hash: string; expected: string }>`
        select l.seq, l.prev_hash, l.hash, app_log_row_hash(l) as expected
        from processing_log l where l.seq > ${afterSeq} order by l.seq limit ${limit}`.execute(tx);
      return rows;
    },

    logEntries(tx: Tx, filter: LogFilter, limit: number) {
      let query = tx
        .selectFrom('processing_log')
        .select(['seq', 'start_time', 'processing_activity_id', 'name', 'status_code', 'data_subject_id', 'actor_user_id', 'actor_kind', 'trace_id'])
        .orderBy('seq', 'desc')
        .limit(limit);
      if (filter.before !== undefined) query = query.where('seq', '<', filter.before);
      if (filter.activity !== undefined) query = query.where('processing_activity_id', '=', filter.activity);
      if (filter.subject !== undefined) query = query.where('data_subject_id', '=', filter.subject);
      return query.execute();
    },

    auditEntries(tx: Tx, filter: AuditFilter, limit: number) {
      let query = tx
        .selectFrom('audit_log')
        .select(['id', 'at', 'actor_user_id', 'actor_kind', 'action', 'target_type', 'target_id', 'outcome', 'details'])
        .orderBy('id', 'desc')
        .limit(limit);
      if (filter.before !== undefined) query = query.where('id', '<', filter.before);
      if (filter.action !== undefined) query = query.where('action', '=', filter.action);
      return query.execute();
    },

    /** The actions in the audit entries the actor may see, for the filter. */
    async auditActions(tx: Tx): Promise<string[]> {
      const rows = await tx.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
      return rows.map((row) => row.action);
    },

    /** Names of the users the actor may see among `ids`; ids that are not uuids are skipped. */
    async userNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
      const wanted = [...new Set(ids.filter((id) => isUuid(id)))];
      if (wanted.length === 0) return new Map();
      const rows = await tx.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
      return new Map(rows.map((row) => [row.id, row.name]));
    },
  };
}
