import { sql, type Kysely } from 'kysely';

// Issue 13: control over what goes public. A region chooses whether its partners publish directly or
// its coordinator approves first. With approval on, a partner's publication (a new service, a concept
// made public, a change to a published service) waits in the region's "ter controle" queue as a
// request holding the submitted form; the public keeps seeing the published version until the
// coordinator approves, and a rejection keeps its reason for the partner.
//
// The database holds the rule too: in such a region a partner's session cannot make a service public
// or change a published one (nor its locations); only the coordinator, a platform administrator or a
// system job can. National services have no region to approve them and stay direct.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table region_catalogue_settings (
  region_code text primary key references regions (code),
  review_before_publish boolean not null default false,
  updated_at timestamptz not null default now()
);
grant select, insert, update (review_before_publish, updated_at) on region_catalogue_settings to wc_app;
grant select on region_catalogue_settings to wc_system;
alter table region_catalogue_settings enable row level security;
create policy region_catalogue_settings_read on region_catalogue_settings for select using (true);
create policy region_catalogue_settings_add on region_catalogue_settings for insert to wc_app
  with check (app_is_platform() or app_is_coordinator_of(region_code));
create policy region_catalogue_settings_edit on region_catalogue_settings for update to wc_app
  using (app_is_platform() or app_is_coordinator_of(region_code)) with check (app_is_platform() or app_is_coordinator_of(region_code));

create function app_publication_reviewed(region text) returns boolean language sql stable as $f$
  select coalesce((select r.review_before_publish from region_catalogue_settings r where r.region_code = region), false)
$f$;

create table service_review_requests (
  service_id uuid primary key references services (id) on delete cascade,
  organisation_id uuid not null references organisations (id) on delete cascade,
  region_code text not null references regions (code),
  status text not null default 'ter-controle' check (status in ('ter-controle', 'afgewezen')),
  -- The partner's form as submitted: the coordinator's approval saves it, so it is validated again then.
  form jsonb not null,
  -- The service's version the form was made on: a later change makes the request stale.
  base_version integer not null,
  -- Whether the service was published when the request was made (a change) or not (a new publication).
  was_published boolean not null,
  requested_by uuid references users (id) on delete set null,
  requested_at timestamptz not null default now(),
  decided_by uuid references users (id) on delete set null,
  decided_at timestamptz,
  reason text check (length(reason) <= 1000),
  check ((status = 'afgewezen') = (reason is not null))
);
create index service_review_requests_region_idx on service_review_requests (region_code, requested_at) where status = 'ter-controle';

grant select, insert, update, delete on service_review_requests to wc_app;
grant select, delete on service_review_requests to wc_system;
alter table service_review_requests enable row level security;
-- The owner's partners see and make their requests; the region's coordinator decides them.
create policy service_review_requests_read on service_review_requests for select to wc_app
  using (app_edits_catalogue(organisation_id, region_code));
create policy service_review_requests_request on service_review_requests for insert to wc_app
  with check (app_edits_catalogue(organisation_id, region_code) and status = 'ter-controle' and requested_by = app_user_id());
create policy service_review_requests_change on service_review_requests for update to wc_app
  using (app_edits_catalogue(organisation_id, region_code))
  with check (app_edits_catalogue(organisation_id, region_code)
    and (status = 'ter-controle' or app_is_platform() or app_is_coordinator_of(region_code)));
create policy service_review_requests_remove on service_review_requests for delete to wc_app
  using (app_edits_catalogue(organisation_id, region_code));
create policy service_review_requests_system on service_review_requests for all to wc_system using (true);

-- The rule in the database: a partner in a region with approval cannot publish, nor change what is published.
create function app_guard_publication() returns trigger language plpgsql as $f$
declare
  derived text[] := array['search_vector', 'search_words', 'search_parts', 'version', 'updated_at', 'published_at', 'last_reviewed',
    'review_due', 'area_regions', 'theme_groups'];
begin
  if current_user <> 'wc_app' or app_actor_role() <> 'partnermedewerker' or new.region_code is null
     or not app_publication_reviewed(new.region_code) or new.status <> 'gepubliceerd' then
    return new;
  end if;
  if tg_op = 'INSERT' or old.status <> 'gepubliceerd'
     or (to_jsonb(new) - derived) is distinct from (to_jsonb(old) - derived) then
    raise exception 'the coordinator of region % approves publications first', new.region_code
      using errcode = '42501', constraint = 'services_publication_reviewed';
  end if;
  return new;
end $f$;
create trigger services_publication_guard before insert or update on services
  for each row execute function app_guard_publication();

create function app_guard_published_links() returns trigger language plpgsql as $f$
declare
  s services;
begin
  select * into s from services where id = (case when tg_op = 'DELETE' then old.service_id else new.service_id end);
  if current_user = 'wc_app' and app_actor_role() = 'partnermedewerker' and s.status = 'gepubliceerd' and s.region_code is not null
     and app_publication_reviewed(s.region_code) then
    raise exception 'the coordinator of region % approves changes of published services first', s.region_code
      using errcode = '42501', constraint = 'services_publication_reviewed';
  end if;
  return null;
end $f$;
create trigger service_locations_publication_guard after insert or delete on service_locations
  for each row execute function app_guard_published_links();
`.execute(db);
}
