import { sql, type Kysely } from 'kysely';

// Logins happen before a professional has chosen the organisation and region they work in, so their
// processing-log and audit rows carry no actor organisation or region. Without this migration only
// a platform administrator could see them. Now a privacy officer also sees the rows of people who
// are members of their organisation, and a coordinator the audit rows of people working in their
// region — the same people they may already see on the users page.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function app_user_in_org(target uuid, org uuid) returns boolean language sql stable security definer set search_path = public as $f$
  select exists (select 1 from memberships m where m.user_id = target and m.organisation_id = org)
$f$;

create function app_user_in_region(target uuid, region text) returns boolean language sql stable security definer set search_path = public as $f$
  select exists (select 1 from memberships m where m.user_id = target and m.region_code = region)
$f$;

drop policy processing_log_read on processing_log;
create policy processing_log_read on processing_log for select to wc_app using (
  app_is_platform()
  or (app_actor_role() = 'privacy_officer' and (
    actor_org_id = app_org_id()
    or (actor_org_id is null and app_user_in_org(actor_user_id, app_org_id())))));

drop policy audit_log_read on audit_log;
create policy audit_log_read on audit_log for select to wc_app using (
  app_is_platform()
  or (app_actor_role() in ('privacy_officer', 'regiocoordinator') and actor_org_id = app_org_id())
  or app_is_coordinator_of(region_code)
  or (actor_org_id is null and region_code is null and (
    (app_actor_role() = 'privacy_officer' and app_user_in_org(actor_user_id, app_org_id()))
    or (app_actor_role() = 'regiocoordinator' and app_user_in_region(actor_user_id, app_region())))));

-- The audit page filters by action and pages by id.
create index audit_log_action_idx on audit_log (action, id);
`.execute(db);
}
