import { sql, type Kysely } from 'kysely';

// The platform spine: database roles, tenancy settings, reference data (regions), organisations,
// people and memberships, authentication state, the processing log and the audit log.
//
// Two database roles carry the application's rights; every transaction switches to one of them
// (`set_config('role', …, true)`). Neither owns a table, so row-level security always applies to them;
// the owning login role is used only for migrations and seeding, and by SECURITY DEFINER functions:
//   wc_app  — everything a signed-in or anonymous actor does; never sees credentials or sessions
//   wc_auth — the authentication module only: credentials, sessions, login throttling
// The actor is set per transaction as `app.*` settings; the policies read them through app_* functions.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create extension if not exists pgcrypto;

do $$
begin
  begin
    create role wc_app nologin;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    create role wc_auth nologin;
  exception when duplicate_object or unique_violation then null;
  end;
  -- A non-superuser owner must be a member to switch to these roles.
  if not pg_has_role(current_user, 'wc_app', 'member') then execute format('grant wc_app to %I', current_user); end if;
  if not pg_has_role(current_user, 'wc_auth', 'member') then execute format('grant wc_auth to %I', current_user); end if;
end $$;

grant usage on schema public to wc_app, wc_auth;

-- Actor of the current transaction -------------------------------------------------------------
create function app_setting(name text) returns text language sql stable
  as $f$ select nullif(current_setting(name, true), '') $f$;
create function app_user_id() returns uuid language sql stable
  as $f$ select app_setting('app.user_id')::uuid $f$;
create function app_org_id() returns uuid language sql stable
  as $f$ select app_setting('app.org_id')::uuid $f$;
create function app_region() returns text language sql stable
  as $f$ select app_setting('app.region_code') $f$;
create function app_actor_role() returns text language sql stable
  as $f$ select app_setting('app.role') $f$;
create function app_is_platform() returns boolean language sql stable
  as $f$ select coalesce(app_actor_role() = 'platformbeheerder', false) $f$;
create function app_is_coordinator_of(region text) returns boolean language sql stable
  as $f$ select coalesce(app_actor_role() = 'regiocoordinator' and region = app_region(), false) $f$;

-- Secrets live in the database so that every app process shares them; no application role can read them.
create table platform_secrets (
  name text primary key,
  value bytea not null
);
insert into platform_secrets (name, value) values
  ('pseudonym_key', gen_random_bytes(32)),
  ('cookie_key', gen_random_bytes(32));
revoke all on platform_secrets from public;

-- Reference data: labour-market regions and municipalities -----------------------------------------
create table regions (
  code text primary key check (code ~ '^AM[0-9]{2}$'),
  name text not null,
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  centrumgemeente_code text,
  centrumgemeente_verified boolean not null default false,
  updated_at timestamptz not null default now()
);
create table municipalities (
  code text primary key check (code ~ '^GM[0-9]{4}$'),
  name text not null,
  region_code text not null references regions (code),
  label_lat double precision not null check (label_lat between 50 and 54),
  label_lon double precision not null check (label_lon between 3 and 8)
);
create index municipalities_region_idx on municipalities (region_code);
alter table regions add constraint regions_centrumgemeente_fk
  foreign key (centrumgemeente_code) references municipalities (code) deferrable initially deferred;

-- Organisations and people ----------------------------------------------------------------------
create table organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 2 and 200),
  kind text not null check (kind in ('gemeente', 'uwv', 'oo_fonds', 'vakbond', 'werkgeversorganisatie', 'sbb',
    'onderwijsinstelling', 're_integratiebedrijf', 'uitzendbureau', 'welzijnsorganisatie', 'platform', 'overig')),
  suwi_party boolean not null,
  website text check (website ~ '^https?://'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index organisations_name_idx on organisations (lower(name));
create table organisation_regions (
  organisation_id uuid not null references organisations (id) on delete cascade,
  region_code text not null references regions (code),
  primary key (organisation_id, region_code)
);
create index organisation_regions_region_idx on organisation_regions (region_code);

create table users (
  id uuid primary key,
  email text not null check (email = lower(email) and email ~ '^[^@\\s]+@[^@\\s]+$'),
  name text not null check (length(name) between 1 and 200),
  preferred_language text not null default 'nl' check (preferred_language in ('nl', 'en')),
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_idx on users (email);

create table memberships (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  organisation_id uuid not null,
  region_code text not null,
  role text not null check (role in ('gidsfunctionaris', 'partnermedewerker', 'regiocoordinator', 'beraadslid',
    'privacy_officer', 'platformbeheerder')),
  created_at timestamptz not null default now(),
  -- A membership can only be in a region where its organisation is active.
  foreign key (organisation_id, region_code) references organisation_regions (organisation_id, region_code) on delete cascade,
  unique (user_id, organisation_id, region_code, role)
);
create index memberships_org_idx on memberships (organisation_id);
create index memberships_region_idx on memberships (region_code);

-- Authentication state (wc_auth only) ---------------------------------------------------------------
create table user_credentials (
  user_id uuid primary key references users (id) on delete cascade,
  password_hash text,
  totp_secret text,
  totp_confirmed_at timestamptz,
  -- The last accepted TOTP time step: a code cannot be used twice.
  totp_last_counter bigint,
  recovery_code_hashes text[] not null default '{}',
  oidc_issuer text,
  oidc_subject text,
  failed_attempts integer not null default 0,
  locked_until timestamptz,
  password_changed_at timestamptz
);
create unique index user_credentials_oidc_idx on user_credentials (oidc_issuer, oidc_subject) where oidc_subject is not null;

create table sessions (
  id_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  membership_id uuid references memberships (id) on delete set null,
  stage text not null check (stage in ('password', 'enrol', 'full')),
  auth_method text not null check (auth_method in ('password', 'oidc')),
  acr text,
  pending_totp_secret text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

create table login_attempts (
  id bigint generated always as identity primary key,
  -- Hashed with the pseudonym key: throttling needs equality, not the address or e-mail itself.
  account_hash text not null,
  client_hash text not null,
  succeeded boolean not null,
  at timestamptz not null default now()
);
create index login_attempts_account_idx on login_attempts (account_hash, at);
create index login_attempts_client_idx on login_attempts (client_hash, at);

-- Processing log (Logboek Dataverwerkingen) ----------------------------------------------------------
create table processing_log (
  seq bigint primary key,
  trace_id text not null check (trace_id ~ '^[0-9a-f]{32}$'),
  span_id text not null check (span_id ~ '^[0-9a-f]{16}$'),
  parent_span_id text check (parent_span_id ~ '^[0-9a-f]{16}$'),
  name text not null,
  status_code text not null check (status_code in ('OK', 'ERROR', 'UNKNOWN')),
  start_time timestamptz not null,
  end_time timestamptz not null,
  processing_activity_id text not null,
  data_subject_id text not null,
  data_subject_id_type text not null,
  actor_user_id uuid,
  actor_org_id uuid,
  region_code text,
  resource_name text not null default 'werkcentrum',
  prev_hash text not null,
  hash text not null
);
create sequence processing_log_seq owned by processing_log.seq;
create index processing_log_subject_idx on processing_log (data_subject_id);
create index processing_log_org_idx on processing_log (actor_org_id, seq);
create index processing_log_trace_idx on processing_log (trace_id);

create function app_log_row_hash(l processing_log) returns text language sql immutable as $f$
  select encode(sha256(convert_to(concat_ws('|',
    l.seq, l.prev_hash, l.trace_id, l.span_id, coalesce(l.parent_span_id, ''), l.name, l.status_code,
    (extract(epoch from l.start_time) * 1000000)::bigint, (extract(epoch from l.end_time) * 1000000)::bigint,
    l.processing_activity_id, l.data_subject_id, l.data_subject_id_type,
    coalesce(l.actor_user_id::text, ''), coalesce(l.actor_org_id::text, ''), coalesce(l.region_code, ''),
    l.resource_name), 'UTF8')), 'hex')
$f$;

create function app_pseudonym(subject text) returns text language sql stable security definer set search_path = public as $f$
  select encode(hmac(convert_to(subject, 'UTF8'), (select value from platform_secrets where name = 'pseudonym_key'), 'sha256'), 'hex')
$f$;

-- The only way to write the log: actor and trace come from the transaction, not from the caller,
-- and the row is chained to the previous one under a lock held until commit.
create function app_log_processing(operation text, subject_ids text[], subject_type text, status text default 'OK')
returns void language plpgsql security definer set search_path = public as $f$
declare
  activity text := app_setting('app.activity');
  previous text;
  row processing_log;
  subject text;
begin
  if activity is null then
    raise exception 'no processing activity declared for %', operation using errcode = 'P0001';
  end if;
  perform pg_advisory_xact_lock(7355608);
  foreach subject in array subject_ids loop
    select hash into previous from processing_log order by seq desc limit 1;
    row.seq := nextval('processing_log_seq');
    row.prev_hash := coalesce(previous, repeat('0', 64));
    row.trace_id := coalesce(app_setting('app.trace_id'), encode(gen_random_bytes(16), 'hex'));
    row.span_id := encode(gen_random_bytes(8), 'hex');
    row.parent_span_id := app_setting('app.span_id');
    row.name := operation;
    row.status_code := status;
    row.start_time := now();
    row.end_time := clock_timestamp();
    row.processing_activity_id := activity;
    row.data_subject_id := app_pseudonym(subject);
    row.data_subject_id_type := subject_type;
    row.actor_user_id := app_user_id();
    row.actor_org_id := app_org_id();
    row.region_code := app_region();
    row.resource_name := 'werkcentrum';
    row.hash := app_log_row_hash(row);
    insert into processing_log select row.*;
  end loop;
end $f$;

-- Writes to personal-data tables log themselves: a write without a declared activity fails.
create function app_log_write() returns trigger language plpgsql security definer set search_path = public as $f$
declare
  record_json jsonb := case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end;
begin
  perform app_log_processing(tg_table_name || '.' || lower(tg_op), array[record_json ->> tg_argv[0]], tg_argv[1]);
  return null;
end $f$;

-- Audit log of professional actions (logins, admin changes); separate from the processing log.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_user_id uuid,
  actor_org_id uuid,
  region_code text,
  action text not null,
  target_type text,
  target_id text,
  outcome text not null check (outcome in ('success', 'failure', 'denied')),
  trace_id text,
  details jsonb not null default '{}'
);
create index audit_log_at_idx on audit_log (at);
create index audit_log_org_idx on audit_log (actor_org_id, at);

create function app_audit(action text, target_type text, target_id text, outcome text, details jsonb default '{}')
returns void language sql security definer set search_path = public as $f$
  insert into audit_log (actor_user_id, actor_org_id, region_code, action, target_type, target_id, outcome, trace_id, details)
  values (app_user_id(), app_org_id(), app_region(), action, target_type, target_id, outcome, app_setting('app.trace_id'), details)
$f$;

-- Who manages an organisation: platform admins everywhere, a coordinator where it is active.
create function app_manages_org(org uuid) returns boolean language sql stable security definer set search_path = public as $f$
  select app_is_platform() or (app_actor_role() = 'regiocoordinator'
    and exists (select 1 from organisation_regions r where r.organisation_id = org and r.region_code = app_region()))
$f$;

-- A user is visible to colleagues in the same organisation and to the coordinator of a region they work in.
create function app_sees_user(target uuid) returns boolean language sql stable security definer set search_path = public as $f$
  select target = app_user_id() or app_is_platform() or exists (
    select 1 from memberships m
    where m.user_id = target and (m.organisation_id = app_org_id() or app_is_coordinator_of(m.region_code)))
$f$;

-- Grants and row-level security -----------------------------------------------------------------------
grant select on regions, municipalities, organisations, organisation_regions to wc_app;
grant update (centrumgemeente_code, centrumgemeente_verified, updated_at) on regions to wc_app;
grant insert, update, delete on organisations, organisation_regions to wc_app;
grant select, insert, update on users to wc_app;
grant select, insert, update, delete on memberships to wc_app;
grant select on processing_log, audit_log to wc_app;

grant select on users, memberships, organisations, regions to wc_auth;
grant select, insert, update, delete on user_credentials, sessions, login_attempts to wc_auth;
grant usage on sequence login_attempts_id_seq to wc_auth;

alter table regions enable row level security;
create policy regions_read on regions for select using (true);
create policy regions_edit on regions for update using (app_is_platform()) with check (app_is_platform());

alter table organisations enable row level security;
create policy organisations_read on organisations for select using (true);
create policy organisations_create on organisations for insert
  with check (app_is_platform() or app_actor_role() = 'regiocoordinator');
create policy organisations_edit on organisations for update using (app_manages_org(id)) with check (app_manages_org(id));
create policy organisations_delete on organisations for delete using (app_is_platform());

alter table organisation_regions enable row level security;
create policy organisation_regions_read on organisation_regions for select using (true);
create policy organisation_regions_add on organisation_regions for insert
  with check (app_is_platform() or app_is_coordinator_of(region_code));
create policy organisation_regions_remove on organisation_regions for delete
  using (app_is_platform() or app_is_coordinator_of(region_code));

alter table users enable row level security;
create policy users_read on users for select to wc_app using (app_sees_user(id));
create policy users_create on users for insert to wc_app
  with check (app_is_platform() or app_actor_role() = 'regiocoordinator');
create policy users_edit on users for update to wc_app
  using (id = app_user_id() or (app_sees_user(id) and (app_is_platform() or app_actor_role() = 'regiocoordinator')))
  with check (true);
create policy users_auth on users for select to wc_auth using (true);

alter table memberships enable row level security;
create policy memberships_read on memberships for select to wc_app
  using (app_is_platform() or user_id = app_user_id() or organisation_id = app_org_id() or app_is_coordinator_of(region_code));
create policy memberships_manage on memberships for all to wc_app
  using (app_is_platform() or app_is_coordinator_of(region_code))
  with check (app_is_platform() or (app_is_coordinator_of(region_code) and role <> 'platformbeheerder'));
create policy memberships_auth on memberships for select to wc_auth using (true);

alter table user_credentials enable row level security;
create policy user_credentials_auth on user_credentials to wc_auth using (true) with check (true);
alter table sessions enable row level security;
create policy sessions_auth on sessions to wc_auth using (true) with check (true);
alter table login_attempts enable row level security;
create policy login_attempts_auth on login_attempts to wc_auth using (true) with check (true);

alter table processing_log enable row level security;
create policy processing_log_read on processing_log for select to wc_app
  using (app_is_platform() or (app_actor_role() = 'privacy_officer' and actor_org_id = app_org_id()));

alter table audit_log enable row level security;
create policy audit_log_read on audit_log for select to wc_app
  using (app_is_platform() or (app_actor_role() in ('privacy_officer', 'regiocoordinator') and actor_org_id = app_org_id())
    or app_is_coordinator_of(region_code));

create trigger users_processing_log after insert or update or delete on users
  for each row execute function app_log_write('id', 'professional');
create trigger memberships_processing_log after insert or update or delete on memberships
  for each row execute function app_log_write('user_id', 'professional');
create trigger user_credentials_processing_log after insert or update or delete on user_credentials
  for each row execute function app_log_write('user_id', 'professional');
create trigger sessions_processing_log after insert or update or delete on sessions
  for each row execute function app_log_write('user_id', 'professional');
`.execute(db);
}
