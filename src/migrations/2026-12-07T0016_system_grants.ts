import { sql, type Kysely } from 'kysely';

// What the system actor (wc_system, migration T0015) needs of the tables that came in the same
// release, each only under the activity it belongs to:
// - the retention sweep forgets the keys against sending twice (T0014) after 24 hours;
// - the import records the sharing of locations a file states (T0012), as it writes the locations.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
grant select, delete on form_submissions, idempotency_keys to wc_system;
create policy form_submissions_system on form_submissions for all to wc_system using (app_system_activity('submission-keys'));
create policy idempotency_keys_system on idempotency_keys for all to wc_system using (app_system_activity('submission-keys'));
grant select, insert, delete on location_shares to wc_system;
create policy location_shares_system on location_shares for all to wc_system
  using (app_system_activity('catalogue-maintenance')) with check (app_system_activity('catalogue-maintenance'));
`.execute(db);
}
