import { sql, type Kysely } from 'kysely';

// Issue 11, findings 1a and 1f: two walls the services already respect, now in the database.
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
//
// 2. Linking locations (service_locations). A partner attached another organisation's location to
//    its own service by posting its id. A service may now be offered only at its organisation's own
//    locations and at locations explicitly shared with that organisation (location_shares), shared by
//    whoever edits the location: its organisation's partners, the region's coordinator, a platform
//    administrator. This is a trigger, not a policy: policies bind only wc_app, while imports and
//    the seed write as the owner and must keep the same rule. The same check runs when a service or
//    a location changes organisation, and withdrawing a share takes the location off that
//    organisation's services, so no foreign link is ever left behind. Existing links to another
//    organisation's location (the regions' Werkcentrum counters, partner desks) become shares, so
//    nothing that is published today disappears.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create policy memberships_not_own on memberships as restrictive for insert to wc_app
  with check (user_id is distinct from app_user_id());
create policy memberships_oversight_roles on memberships as restrictive for insert to wc_app
  with check (app_is_platform() or role not in ('privacy_officer', 'platformbeheerder'));
revoke update on memberships from wc_app;

create table location_shares (
  location_id uuid not null references locations (id) on delete cascade,
  organisation_id uuid not null references organisations (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (location_id, organisation_id)
);
create index location_shares_organisation_idx on location_shares (organisation_id);

insert into location_shares (location_id, organisation_id)
  select distinct sl.location_id, s.organisation_id
  from service_locations sl
    join services s on s.id = sl.service_id
    join locations l on l.id = sl.location_id
  where l.organisation_id <> s.organisation_id;

-- Sees every row (SECURITY DEFINER): the rule holds whatever the writer may read. The share is locked
-- (KEY SHARE) until commit, so a share withdrawn at the same moment waits, and then its unlinking
-- sees this link; a withdrawal that came first makes this check wait and fail.
create function app_check_location_links(service uuid, location uuid) returns void
language plpgsql security definer set search_path = public as $f$
declare
  link record;
begin
  for link in
    select sl.service_id, sl.location_id, s.organisation_id
    from service_locations sl
      join services s on s.id = sl.service_id
      join locations l on l.id = sl.location_id
    where (service is null or sl.service_id = service) and (location is null or sl.location_id = location)
      and l.organisation_id <> s.organisation_id
  loop
    perform 1 from location_shares sh where sh.location_id = link.location_id and sh.organisation_id = link.organisation_id for key share;
    if not found then
      raise exception 'location % is not shared with organisation %, which offers service %', link.location_id, link.organisation_id, link.service_id
        using errcode = '23514';
    end if;
  end loop;
end $f$;

create function app_service_locations_linkable() returns trigger language plpgsql as $f$
begin
  if tg_table_name = 'service_locations' then
    perform app_check_location_links(new.service_id, new.location_id);
  elsif tg_table_name = 'services' then
    perform app_check_location_links(new.id, null);
  else
    perform app_check_location_links(null, new.id);
  end if;
  return null;
end $f$;
create trigger service_locations_linkable after insert or update on service_locations
  for each row execute function app_service_locations_linkable();
create trigger services_locations_linkable after update of organisation_id on services
  for each row when (new.organisation_id is distinct from old.organisation_id) execute function app_service_locations_linkable();
create trigger locations_services_linkable after update of organisation_id on locations
  for each row when (new.organisation_id is distinct from old.organisation_id) execute function app_service_locations_linkable();

-- Withdrawing a share withdraws the location from that organisation's services; the service history
-- records it as a change by whoever withdrew the share.
create function app_unlink_unshared() returns trigger language plpgsql security definer set search_path = public as $f$
begin
  delete from service_locations sl
    using services s, locations l
    where sl.location_id = old.location_id and s.id = sl.service_id and s.organisation_id = old.organisation_id
      and l.id = sl.location_id and l.organisation_id <> old.organisation_id;
  return null;
end $f$;
create trigger location_shares_unlink after delete on location_shares
  for each row execute function app_unlink_unshared();

grant select, insert, delete on location_shares to wc_app;
alter table location_shares enable row level security;
-- The location's editors see and change its shares; an organisation sees what is shared with it.
create policy location_shares_read on location_shares for select to wc_app using (
  organisation_id = app_org_id()
  or exists (select 1 from locations l where l.id = location_id and app_edits_catalogue(l.organisation_id, l.region_code)));
create policy location_shares_add on location_shares for insert to wc_app with check (
  exists (select 1 from locations l where l.id = location_id and app_edits_catalogue(l.organisation_id, l.region_code)));
create policy location_shares_remove on location_shares for delete to wc_app using (
  exists (select 1 from locations l where l.id = location_id and app_edits_catalogue(l.organisation_id, l.region_code)));
`.execute(db);
}
