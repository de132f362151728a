import { sql, type Kysely } from 'kysely';

// Locations get a version, as services have: the editor saves over the version it loaded, so two
// editors of one location no longer overwrite each other without knowing. The database bumps it on
// every update that changes the row (opening hours: the store touches updated_at), whoever writes.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table locations add column version integer not null default 1 check (version >= 1);

create function app_location_version() returns trigger language plpgsql as $f$
begin
  if new is distinct from old then
    new.version := old.version + 1;
  end if;
  return new;
end $f$;
create trigger locations_version before update on locations
  for each row execute function app_location_version();
`.execute(db);
}
