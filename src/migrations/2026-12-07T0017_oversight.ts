import { sql, type Kysely } from 'kysely';

// Issue 11: the people who oversee a region are out of its coordinator's reach. Migration 0002 kept a
// coordinator away from the accounts of platform administrators; a privacy officer, who reads the
// audit and processing logs of the coordinator's own work, could still be disabled, renamed, given a
// new e-mail address or temporary password, or have the role taken away by that coordinator. Now
// whoever holds an oversight role (privacy officer, platform administrator) is managed by a platform
// administrator only: their account, their credentials, and every membership they hold.
//
// The same for the platform's own organisation (the home of the platform administrators): the
// service offered it to platform administrators only, but the database let a coordinator change it,
// or its regions, when it was active in their region (found by test/policies.test.ts, which holds
// each policy against row-level security). A coordinator now neither creates, changes nor moves an
// organisation of kind 'platform', nor turns one into it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function app_holds_oversight_role(target uuid) returns boolean language sql stable security definer set search_path = public as $f$
  select exists (select 1 from memberships m where m.user_id = target and m.role in ('privacy_officer', 'platformbeheerder'))
$f$;

-- Used by users_edit_managed, app_admin_create_credentials and the temporary password (T0013).
create or replace function app_manages_user(target uuid) returns boolean language sql stable security definer set search_path = public as $f$
  select app_is_platform() or (app_actor_role() = 'regiocoordinator' and not app_holds_oversight_role(target)
    and exists (select 1 from memberships m where m.user_id = target and m.region_code = app_region()))
$f$;

drop policy memberships_platform_guard_insert on memberships;
drop policy memberships_platform_guard_update on memberships;
drop policy memberships_platform_guard_delete on memberships;
drop function app_holds_platform_role(uuid);
create policy memberships_oversight_guard_insert on memberships as restrictive for insert to wc_app
  with check (app_is_platform() or not app_holds_oversight_role(user_id));
create policy memberships_oversight_guard_delete on memberships as restrictive for delete to wc_app
  using (app_is_platform() or not app_holds_oversight_role(user_id));

create policy organisations_platform_guard_insert on organisations as restrictive for insert to wc_app
  with check (app_is_platform() or kind <> 'platform');
create policy organisations_platform_guard_update on organisations as restrictive for update to wc_app
  using (app_is_platform() or kind <> 'platform') with check (app_is_platform() or kind <> 'platform');
create policy organisation_regions_platform_guard_insert on organisation_regions as restrictive for insert to wc_app
  with check (app_is_platform() or not exists (select 1 from organisations o where o.id = organisation_id and o.kind = 'platform'));
create policy organisation_regions_platform_guard_delete on organisation_regions as restrictive for delete to wc_app
  using (app_is_platform() or not exists (select 1 from organisations o where o.id = organisation_id and o.kind = 'platform'));
`.execute(db);
}
