import { sql, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';

// Actor kinds, the system actor's role, and durable jobs.
//
// 1. The kind of actor is part of every transaction's context (`app.actor_kind`: anonymous,
//    professional, citizen, api-client, system), readable through app_actor_kind(). The audit log and
//    the processing log record it, so work done by the platform itself shows as the system's.
//    The processing log's row hash includes the kind only when it is set: concat_ws skips nulls, so
//    the hashes of rows written before this migration stay what they were.
// 2. Background work (retention, review reminders, the import) runs as the system actor in the role
//    wc_system. It owns no table, so row-level security applies to it as to wc_app; its policies let
//    it do what each job needs, and only under that job's processing activity.
// 3. The job queue is pg-boss's schema, created here with the migrations (pg-boss's own construction
//    plan, without its BEGIN/COMMIT: the migrator already runs in a transaction). A later pg-boss
//    migrates its schema itself when the queue starts. The application roles may add jobs, in their
//    own transaction, and read back the id of the job they added: nothing else of the queue.
//    Administrators see failed jobs through app_failed_jobs(), which shows no job data.

const JOB_SCHEMA = 'pgboss';

function jobSchemaPlan(): string {
  const plan = PgBoss.getConstructionPlans(JOB_SCHEMA);
  const body = plan
    .replace(/^\s*BEGIN;\s*SET LOCAL lock_timeout = '30s';\s*SET LOCAL idle_in_transaction_session_timeout = '30s';/, '')
    .replace(/COMMIT;\s*$/, '');
  if (body === plan || /\b(BEGIN|COMMIT);/.test(body)) throw new Error('pg-boss construction plan has an unexpected form: check this migration');
  return body;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(jobSchemaPlan()).execute(db);
  await sql`
create function app_actor_kind() returns text language sql stable
  as $f$ select app_setting('app.actor_kind') $f$;

-- True when the system actor does the work of this processing activity: the system's policies say which.
create function app_system_activity(activity text) returns boolean language sql stable
  as $f$ select coalesce(app_actor_kind() = 'system' and app_setting('app.activity') = activity, false) $f$;

-- Logs record the kind of actor -------------------------------------------------------------------
alter table audit_log add column actor_kind text
  check (actor_kind in ('anonymous', 'professional', 'citizen', 'api-client', 'system'));
alter table processing_log add column actor_kind text
  check (actor_kind in ('anonymous', 'professional', 'citizen', 'api-client', 'system'));

create or replace function app_audit(action text, target_type text, target_id text, outcome text, details jsonb default '{}')
returns void language sql security definer set search_path = public as $f$
  insert into audit_log (actor_user_id, actor_org_id, region_code, action, target_type, target_id, outcome, trace_id, details, actor_kind)
  values (app_user_id(), app_org_id(), app_region(), action, target_type, target_id, outcome, app_setting('app.trace_id'), details, app_actor_kind())
$f$;

create or replace function app_log_row_hash(l processing_log) returns text language sql immutable as $f$
  select encode(sha256(convert_to(concat_ws('|',
    l.seq, l.prev_hash, l.trace_id, l.span_id, coalesce(l.parent_span_id, ''), l.name, l.status_code,
    (extract(epoch from l.start_time) * 1000000)::bigint, (extract(epoch from l.end_time) * 1000000)::bigint,
    l.processing_activity_id, l.data_subject_id, l.data_subject_id_type,
    coalesce(l.actor_user_id::text, ''), coalesce(l.actor_org_id::text, ''), coalesce(l.region_code, ''),
    l.resource_name, l.actor_kind), 'UTF8')), 'hex')
$f$;

create or replace function app_log_processing(operation text, subject_ids text[], subject_type text, status text default 'OK')
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
    row.actor_kind := app_actor_kind();
    row.hash := app_log_row_hash(row);
    insert into processing_log select row.*;
  end loop;
end $f$;

-- The system actor's role -----------------------------------------------------------------------------
do $$
begin
  begin
    create role wc_system nologin;
  exception when duplicate_object or unique_violation then null;
  end;
  if not pg_has_role(current_user, 'wc_system', 'member') then execute format('grant wc_system to %I', current_user); end if;
end $$;

grant usage on schema public to wc_system;
grant select on regions, municipalities, taxonomy_terms, postcode_areas to wc_system;

-- Retention (src/platform/privacy/retention.ts): expired sessions and old login attempts, old audit
-- entries, accounts disabled long ago, old questions, and who changed a service long ago.
grant select, delete on sessions, login_attempts, audit_log, users, contact_requests to wc_system;
grant select, update (changed_by, changed_as) on service_history to wc_system;
create policy sessions_system on sessions for all to wc_system using (app_system_activity('authentication'));
create policy login_attempts_system on login_attempts for all to wc_system using (app_system_activity('authentication'));
create policy audit_log_system on audit_log for all to wc_system using (app_system_activity('security-audit'));
create policy users_system_read on users for select to wc_system
  using (app_system_activity('account-management') or app_system_activity('catalogue-maintenance'));
create policy users_system_delete on users for delete to wc_system
  using (app_system_activity('account-management') and disabled_at is not null);
create policy contact_requests_system on contact_requests for all to wc_system using (app_system_activity('contact-requests'));
create policy service_history_system_read on service_history for select to wc_system using (app_system_activity('catalogue-maintenance'));
create policy service_history_system_forget on service_history for update to wc_system
  using (app_system_activity('catalogue-maintenance') and changed_by is not null)
  with check (changed_by is null and changed_as is null);

-- Review reminders (src/modules/catalogue/editor/reminders.ts): published services past their review
-- date, their owners among the partners and coordinators, and when they were last reminded.
grant select on memberships to wc_system;
grant select, insert, update on service_review_reminders to wc_system;
create policy memberships_system_read on memberships for select to wc_system using (app_system_activity('catalogue-maintenance'));
create policy service_review_reminders_system on service_review_reminders for all to wc_system
  using (app_system_activity('catalogue-maintenance')) with check (app_system_activity('catalogue-maintenance'));

-- The import (src/modules/opendata/import.ts) writes through the catalogue store: organisations,
-- locations with opening hours, services and their locations, in any region.
grant select, insert, update on organisations, locations, services to wc_system;
grant select, insert on organisation_regions to wc_system;
grant select, insert, delete on schedules, service_locations to wc_system;
create policy organisations_system on organisations for all to wc_system
  using (app_system_activity('catalogue-maintenance')) with check (app_system_activity('catalogue-maintenance'));
create policy organisation_regions_system on organisation_regions for insert to wc_system
  with check (app_system_activity('catalogue-maintenance'));
create policy locations_system on locations for all to wc_system
  using (app_system_activity('catalogue-maintenance')) with check (app_system_activity('catalogue-maintenance'));
create policy schedules_system on schedules for all to wc_system
  using (app_system_activity('catalogue-maintenance')) with check (app_system_activity('catalogue-maintenance'));
create policy services_system on services for all to wc_system
  using (app_system_activity('catalogue-maintenance')) with check (app_system_activity('catalogue-maintenance'));
create policy service_locations_system on service_locations for all to wc_system
  using (app_system_activity('catalogue-maintenance')) with check (app_system_activity('catalogue-maintenance'));

-- Jobs: every role that works in a transaction may add a job to it (pg-boss's insert reads the
-- queue's settings and returns the new id), and nothing more.
grant usage on schema pgboss to wc_app, wc_auth, wc_system;
grant select on pgboss.queue to wc_app, wc_auth, wc_system;
grant insert, select (id) on pgboss.job to wc_app, wc_auth, wc_system;

-- Jobs that failed or wait for another attempt, for the platform administrator: which queue, the
-- kind of message (mail only), attempts, the last error and when; never the job's data.
create function app_failed_jobs(max_rows integer)
returns table (id uuid, queue text, kind text, state text, attempts integer, last_error text, created_on timestamptz,
  last_attempt_on timestamptz, next_attempt_on timestamptz)
language plpgsql stable security definer set search_path = public as $f$
begin
  if not app_is_platform() then
    raise exception 'only platform administrators see failed jobs' using errcode = '42501';
  end if;
  return query
    select j.id, j.name, j.data ->> 'kind', j.state::text, j.retry_count + 1,
      left(coalesce(j.output ->> 'message', j.output -> 'value' ->> 'message'), 500),
      j.created_on, coalesce(j.completed_on, j.started_on),
      case when j.state = 'retry' then j.start_after end
    from pgboss.job j
    where j.state in ('failed', 'retry')
    order by coalesce(j.completed_on, j.started_on) desc nulls last, j.id
    limit max_rows;
end $f$;
revoke execute on function app_failed_jobs(integer) from public;
grant execute on function app_failed_jobs(integer) to wc_app;
`.execute(db);
}
