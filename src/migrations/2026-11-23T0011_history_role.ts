import { sql, type Kysely } from 'kysely';

// A service's history says in which role a change was made. Row-level security rightly hides the
// names of other organisations' staff from a partner, so a coordinator's moderation used to show as
// "unknown"; now it shows as "regiocoördinator". The database fills the role from the acting
// membership (or 'systeem' for imports and seeding without a user), so no caller can set it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table service_history add column changed_as text
  check (changed_as in ('gidsfunctionaris', 'partnermedewerker', 'regiocoordinator', 'beraadslid', 'privacy_officer', 'platformbeheerder', 'systeem'));

create function app_service_history_role() returns trigger language plpgsql as $f$
begin
  new.changed_as := coalesce(app_actor_role(), case when new.changed_by is null then 'systeem' end);
  return new;
end $f$;
create trigger service_history_role before insert on service_history
  for each row execute function app_service_history_role();

-- Entries written before this migration: the author's membership in the service's organisation,
-- else their coordinator membership of its region; without an author it was an import or the demo
-- seed (the platform is younger than the 24 months after which retention clears authors).
update service_history h set changed_as = case when h.changed_by is null then 'systeem' else
  (select m.role from memberships m where m.user_id = h.changed_by
    order by m.organisation_id = h.organisation_id desc, (m.role = 'regiocoordinator' and m.region_code = h.region_code) desc
    limit 1) end;
`.execute(db);
}
