import { sql, type Kysely } from 'kysely';

// Issue 11, finding 1a: a wall the service already respects, now in the database.
//
// 1. Granting roles (memberships). A coordinator gave their own account the privacy officer role at
//    an organisation also active in another region, and read that region's audit and processing
//    logs. Restrictive policies for wc_app now say:
//    - nobody grants a role to themselves, whatever their own role (a platform administrator asks
//      another one); the owner role (seeding, operators) is not wc_app and is not affected;
//    - the oversight roles, privacy officer and platform administrator, are granted by a platform
//      administrator only (migration 0001 already kept a coordinator to their own region and away
//      from the platform role).
//    A membership is never changed in place: the application only adds and removes them, each checked
//    and audited, so wc_app loses UPDATE and a role or holder cannot be swapped around these rules.
//    Removing one's own membership stays allowed: giving up a role is never an escalation (the
//    service keeps the role someone is working in, so nobody locks themselves out mid-task).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create policy memberships_not_own on memberships as restrictive for insert to wc_app
  with check (user_id is distinct from app_user_id());
create policy memberships_oversight_roles on memberships as restrictive for insert to wc_app
  with check (app_is_platform() or role not in ('privacy_officer', 'platformbeheerder'));
revoke update on memberships from wc_app;
`.execute(db);
}
