import { sql, type Kysely } from 'kysely';

// Issue 13: a region's coordinator imports another system's catalogue in the web interface. The
// uploaded file is kept with the import while it is checked (a dry run) and applied, as durable jobs
// under the system actor, so a long file survives a restart and the page shows its progress. Only
// the region's coordinator (and platform administrators) see a region's imports. Who uploaded is a
// professional's personal data: its write is in the processing log, and the file and its report are
// deleted 30 days after the import ended (catalogue.retention.ts).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table catalogue_imports (
  id uuid primary key default gen_random_uuid(),
  region_code text not null references regions (code),
  file_name text not null check (length(file_name) between 1 and 200),
  content bytea,
  format text check (format in ('hsds-json', 'hsds-tabular', 'csv')),
  publish boolean not null default false,
  status text not null default 'controleren' check (status in ('controleren', 'gecontroleerd', 'toepassen', 'klaar', 'mislukt')),
  total integer not null default 0 check (total >= 0),
  done integer not null default 0 check (done >= 0),
  report jsonb,
  error text check (length(error) <= 2000),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index catalogue_imports_region_idx on catalogue_imports (region_code, created_at desc);

grant select, insert, update (status, publish) on catalogue_imports to wc_app;
grant select, update, delete on catalogue_imports to wc_system;
alter table catalogue_imports enable row level security;
create policy catalogue_imports_read on catalogue_imports for select to wc_app
  using (app_is_platform() or app_is_coordinator_of(region_code));
create policy catalogue_imports_upload on catalogue_imports for insert to wc_app
  with check ((app_is_platform() or app_is_coordinator_of(region_code)) and created_by = app_user_id() and status = 'controleren' and done = 0);
-- The person only asks to apply a checked import; the job does the rest.
create policy catalogue_imports_apply on catalogue_imports for update to wc_app
  using ((app_is_platform() or app_is_coordinator_of(region_code)) and status = 'gecontroleerd')
  with check (status = 'toepassen');
create policy catalogue_imports_system on catalogue_imports for all to wc_system using (app_system_activity('catalogue-maintenance'));

create function app_catalogue_import_logged() returns trigger language plpgsql security definer set search_path = public as $f$
begin
  if new.created_by is not null then
    perform app_log_processing('catalogue_imports.insert', array[new.created_by::text], 'professional');
  end if;
  return null;
end $f$;
create trigger catalogue_imports_logged after insert on catalogue_imports for each row execute function app_catalogue_import_logged();
`.execute(db);
}
