import { sql, type Kysely } from 'kysely';

// Issue 13: one service, shown once. Two entries for the same service (the national UWV service and
// a region's copy of it; one provider's service imported from two systems) are marked by the
// region's coordinator: the copy points to the service it is the same as, and the search (and with
// it the wegwijzer) lists only the one it points to. The mark is an edit of the copy, with its
// version and history like any other.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table services add column same_as uuid references services (id) on delete set null,
  add constraint services_same_as_other check (same_as is distinct from id);
create index services_same_as_idx on services (same_as) where same_as is not null;
`.execute(db);
}
