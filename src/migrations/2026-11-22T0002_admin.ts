import { sql, type Kysely } from 'kysely';

// Account administration by coordinators and platform administrators.
//
// 1. Who may change an account: a platform administrator, or the coordinator of a region the person
//    works in — but never a coordinator for someone who holds the platform role (no escalation by
//    editing an administrator's e-mail address or taking away their access). The platform's
//    policies allowed coordinators to edit everyone they can see; restrictive policies narrow that.
// 2. The first password of a new account is written by a SECURITY DEFINER function, so the account,
//    its first membership and its credentials are created in one transaction while wc_app still
//    cannot read any credentials. The function only inserts: it cannot overwrite an existing
//    password or second factor.
// 3. Disabling an account ends all its sessions, in the same transaction, whoever disables it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function app_holds_platform_role(target uuid) returns boolean language sql stable security definer set search_path = public as $f$
  select exists (select 1 from memberships m where m.user_id = target and m.role = 'platformbeheerder')
$f$;

create function app_manages_user(target uuid) returns boolean language sql stable security definer set search_path = public as $f$
  select app_is_platform() or (app_actor_role() = 'regiocoordinator' and not app_holds_platform_role(target)
    and exists (select 1 from memberships m where m.user_id = target and m.region_code = app_region()))
$f$;

create policy users_edit_managed on users as restrictive for update to wc_app
  using (id = app_user_id() or app_manages_user(id));

create policy memberships_platform_guard_insert on memberships as restrictive for insert to wc_app
  with check (app_is_platform() or not app_holds_platform_role(user_id));
create policy memberships_platform_guard_update on memberships as restrictive for update to wc_app
  using (app_is_platform() or not app_holds_platform_role(user_id));
create policy memberships_platform_guard_delete on memberships as restrictive for delete to wc_app
  using (app_is_platform() or not app_holds_platform_role(user_id));

create function app_admin_create_credentials(target uuid, password_hash text) returns void
language plpgsql security definer set search_path = public as $f$
begin
  if not app_manages_user(target) then
    raise exception 'not allowed to set credentials for this user' using errcode = '42501';
  end if;
  -- A plain password must never reach the table by mistake.
  if password_hash not like '$argon2id$%' then
    raise exception 'password_hash is not an argon2id hash' using errcode = '22023';
  end if;
  insert into user_credentials (user_id, password_hash) values (target, password_hash);
end $f$;
revoke execute on function app_admin_create_credentials(uuid, text) from public;
grant execute on function app_admin_create_credentials(uuid, text) to wc_app;

create function app_end_sessions_of_disabled() returns trigger
language plpgsql security definer set search_path = public as $f$
begin
  delete from sessions where user_id = new.id;
  return null;
end $f$;
create trigger users_disabled_end_sessions after update of disabled_at on users
  for each row when (new.disabled_at is not null and old.disabled_at is null)
  execute function app_end_sessions_of_disabled();
`.execute(db);
}
