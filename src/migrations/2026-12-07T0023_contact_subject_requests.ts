import { sql, type Kysely } from 'kysely';

// Issue 12: a person's request to the privacy officer covers contacts too (questions from the
// website and contacts at the counter, by phone, …). Contacts belong to a region's Werkcentrum, not
// to one organisation: the privacy officer of an organisation whose guides or coordinator work in
// the region answers for them. They find the person's contacts by name, e-mail or phone, read them
// with their history and every processing-log record about them (app_contact_log), and erase them:
// the personal fields and texts go, the counts stay, as after the retention period.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function app_privacy_officer_of_region(region text) returns boolean language sql stable security definer set search_path = public as $f$
  select coalesce(app_actor_role() = 'privacy_officer' and exists (
    select 1 from memberships m where m.organisation_id = app_org_id() and m.region_code = region and m.role in ('gidsfunctionaris', 'regiocoordinator')), false)
$f$;

create policy contact_requests_privacy_read on contact_requests for select to wc_app using (app_privacy_officer_of_region(region_code));
create policy contact_requests_privacy_erase on contact_requests for update to wc_app
  using (app_privacy_officer_of_region(region_code)) with check (app_privacy_officer_of_region(region_code) and erased_at is not null);
create policy contact_events_privacy_read on contact_events for select to wc_app using (app_privacy_officer_of_region(region_code));
grant update (body) on contact_events to wc_app;
create policy contact_events_privacy_erase on contact_events for update to wc_app
  using (app_privacy_officer_of_region(region_code)) with check (app_privacy_officer_of_region(region_code) and body is null);

-- Who handles a contact, what never changes, and who erases: the retention job and the privacy officer.
create or replace function app_contact_change() returns trigger language plpgsql as $f$
begin
  if (new.id, new.reference, new.region_code, new.intake_channel, new.created_at, new.recorded_by, new.reply_due_at)
     is distinct from (old.id, old.reference, old.region_code, old.intake_channel, old.created_at, old.recorded_by, old.reply_due_at) then
    raise exception 'a contact keeps its reference, region, channel and promised reply time' using errcode = '42501';
  end if;
  if app_actor_kind() <> 'system' and new.handled_by is distinct from old.handled_by then
    if new.handled_by is null or not exists (select 1 from memberships m where m.user_id = new.handled_by
         and m.region_code = old.region_code and m.role in ('gidsfunctionaris', 'regiocoordinator')) then
      raise exception 'a contact is handled by a guide or coordinator of its region' using errcode = '42501';
    end if;
    if not app_is_coordinator_of(old.region_code) and (new.handled_by <> app_user_id() or old.handled_by is not null) then
      raise exception 'only the region''s coordinator assigns a contact to someone else' using errcode = '42501';
    end if;
  end if;
  if new.erased_at is not null and old.erased_at is null and app_actor_kind() <> 'system' and not app_privacy_officer_of_region(old.region_code) then
    raise exception 'only the retention job and the privacy officer erase a contact' using errcode = '42501';
  end if;
  return new;
end $f$;

create function app_contact_log(contact uuid) returns setof processing_log language sql stable security definer set search_path = public as $f$
  select l.* from processing_log l
  where exists (select 1 from contact_requests c where c.id = contact and app_privacy_officer_of_region(c.region_code))
    and l.data_subject_id_type = 'contact_request' and l.data_subject_id = app_pseudonym(contact::text)
  order by l.seq
$f$;
revoke all on function app_contact_log(uuid) from public;
grant execute on function app_contact_log(uuid) to wc_app;
`.execute(db);
}
