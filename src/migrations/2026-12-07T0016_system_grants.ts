import { sql, type Kysely } from 'kysely';

// The retention sweep runs as the system actor (wc_system, migration T0015) and forgets the keys
// against sending twice (migration T0014) after 24 hours: it may delete them, and only them, under
// the activity they belong to.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
grant select, delete on form_submissions, idempotency_keys to wc_system;
create policy form_submissions_system on form_submissions for all to wc_system using (app_system_activity('submission-keys'));
create policy idempotency_keys_system on idempotency_keys for all to wc_system using (app_system_activity('submission-keys'));
`.execute(db);
}
