import { sql, type Kysely } from 'kysely';

// The service directory (sociale kaart), aligned with HSDS 3.0: organisations (existing table, now
// with a description and contact details), locations with opening hours (schedule), services with
// the Werkcentrum fields, service_at_location, a per-service history, sector pathways, the need
// finder's decision trees per region, PC4 postcode areas for distance, and the public's contact
// requests to the region's guides.
//
// Tenancy: a service and a location belong to an organisation and to one region (national services
// to none). Partners edit their organisation's entries in the region they work in; the region's
// coordinator moderates every entry in the region; platform administrators everything. The public
// (and everyone else) reads only what is published. The database enforces this with RLS.
//
// Derived columns are computed by triggers so that every write path (seed, import, editor, plain
// SQL) gets them: the regions a service is offered in, its top-level themes, its search vector and
// the words for typo-tolerant matching. Codes are checked against the taxonomy table.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create extension if not exists pg_trgm;

alter table organisations
  add column description text check (length(description) between 1 and 1000),
  add column email text check (email ~ '^[^@\\s]+@[^@\\s]+$'),
  add column phone text check (phone ~ '^[0-9 +()-]{6,20}$');

-- Taxonomy (HSDS taxonomy_term): themes, sub-themes, audiences, delivery modes, access routes.
-- Kept in step with src/modules/catalogue/taxonomy.ts by the reference seeding at every start.
create table taxonomy_terms (
  code text primary key check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  vocabulary text not null check (vocabulary in ('thema', 'subthema', 'doelgroep', 'kanaal', 'toegang')),
  parent_code text references taxonomy_terms (code),
  label_nl text not null,
  label_en text not null,
  explain_nl text,
  explain_en text,
  position integer not null,
  check ((vocabulary = 'subthema') = (parent_code is not null))
);

-- PC4 postcode areas: where someone is, without asking for an address.
create table postcode_areas (
  pc4 text primary key check (pc4 ~ '^[1-9][0-9]{3}$'),
  municipality_code text not null references municipalities (code),
  lat double precision not null check (lat between 50.7 and 53.6),
  lon double precision not null check (lon between 3.3 and 7.3)
);
create index postcode_areas_municipality_idx on postcode_areas (municipality_code);

create function app_edits_catalogue(org uuid, region text) returns boolean language sql stable as $f$
  select app_is_platform()
    or (app_actor_role() = 'regiocoordinator' and region = app_region())
    or (app_actor_role() = 'partnermedewerker' and org = app_org_id() and (region is null or region = app_region()))
$f$;

-- Locations (HSDS location + address + accessibility) -------------------------------------------------
create table locations (
  id uuid primary key default gen_random_uuid(),
  key text not null unique check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(key) <= 80),
  organisation_id uuid not null references organisations (id) on delete cascade,
  -- Set from the municipality by trigger: a location belongs to the region it is in.
  region_code text not null references regions (code),
  role text not null check (role in ('werkcentrum', 'partner-in-werkcentrum', 'vestiging')),
  name text not null check (length(name) between 2 and 200),
  description text check (length(description) between 1 and 1000),
  street text not null check (length(street) between 1 and 200),
  postal_code text not null check (postal_code ~ '^[1-9][0-9]{3} [A-Z]{2}$'),
  city text not null check (length(city) between 1 and 100),
  municipality_code text not null references municipalities (code),
  lat double precision not null check (lat between 50.7 and 53.6),
  lon double precision not null check (lon between 3.3 and 7.3),
  accessibility text check (length(accessibility) between 1 and 500),
  status text not null default 'gepubliceerd' check (status in ('concept', 'gepubliceerd', 'gearchiveerd')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index locations_org_idx on locations (organisation_id);
create index locations_region_idx on locations (region_code, role);

create function app_location_region() returns trigger language plpgsql as $f$
begin
  select region_code into new.region_code from municipalities where code = new.municipality_code;
  return new;
end $f$;
create trigger locations_region before insert or update of municipality_code on locations
  for each row execute function app_location_region();

-- Opening hours (HSDS schedule, weekly): days are ISO weekdays, 1 = Monday.
create table schedules (
  id uuid primary key default gen_random_uuid(),
  location_id uuid not null references locations (id) on delete cascade,
  position smallint not null,
  days smallint[] not null check (cardinality(days) > 0 and days <@ '{1,2,3,4,5,6,7}'),
  opens time not null,
  closes time not null check (closes > opens),
  note text check (length(note) between 1 and 200),
  unique (location_id, position)
);

-- Services (HSDS service + Werkcentrum fields) ---------------------------------------------------------
create table services (
  id uuid primary key default gen_random_uuid(),
  key text not null unique check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(key) <= 80),
  organisation_id uuid not null references organisations (id) on delete restrict,
  -- The region whose coordinator moderates the service; null: a national service.
  region_code text references regions (code),
  status text not null default 'concept' check (status in ('concept', 'gepubliceerd', 'gearchiveerd')),
  name text not null check (length(name) between 2 and 150),
  summary text not null check (length(summary) between 10 and 280),
  description text not null check (length(description) between 10 and 3000),
  audiences text[] not null check (cardinality(audiences) > 0),
  themes text[] not null check (cardinality(themes) > 0),
  theme_groups text[] not null default '{}',
  eligibility text not null check (length(eligibility) between 10 and 1000),
  cost_free boolean not null,
  cost_description text check (length(cost_description) between 1 and 300),
  cost_amount_cents integer check (cost_amount_cents >= 0),
  languages text[] not null check (cardinality(languages) > 0),
  delivery_modes text[] not null check (cardinality(delivery_modes) > 0),
  area_kind text not null check (area_kind in ('national', 'regions', 'municipalities')),
  area_codes text[] not null default '{}' check ((area_kind = 'national') = (cardinality(area_codes) = 0)),
  area_regions text[] not null default '{}',
  access text[] not null check (cardinality(access) > 0),
  application_process text not null check (length(application_process) between 10 and 1000),
  wait_time text check (length(wait_time) between 1 and 200),
  capacity text check (capacity in ('ruim', 'beperkt', 'vol')),
  contact_email text check (contact_email ~ '^[^@\\s]+@[^@\\s]+$'),
  contact_phone text check (contact_phone ~ '^[0-9 +()-]{6,20}$'),
  contact_url text check (contact_url ~ '^https?://'),
  keywords text[] not null default '{}',
  review_interval_days integer not null check (review_interval_days between 30 and 730),
  last_reviewed date not null,
  review_due date generated always as (last_reviewed + review_interval_days) stored,
  search_vector tsvector not null default ''::tsvector,
  search_words text not null default '',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz
);
create index services_org_idx on services (organisation_id);
create index services_region_idx on services (region_code, status);
create index services_area_regions_idx on services using gin (area_regions);
create index services_search_idx on services using gin (search_vector);
create index services_words_trgm_idx on services using gin (search_words gin_trgm_ops);
create index services_review_due_idx on services (review_due) where status = 'gepubliceerd';

create function app_check_terms(codes text[], expected text, field text) returns void language plpgsql stable as $f$
declare
  unknown text;
begin
  select c into unknown from unnest(codes) c
    where not exists (select 1 from taxonomy_terms t where t.code = c and t.vocabulary = expected) limit 1;
  if unknown is not null then
    raise exception 'unknown % code: %', field, unknown using errcode = '23514';
  end if;
end $f$;

-- Derived columns: regions offered in, top-level themes, full-text vector (Dutch), words for typo matching.
create function app_service_derived() returns trigger language plpgsql as $f$
declare
  labels text;
  unknown text;
begin
  -- A save that changes nothing (an import run again) keeps the version and the dates.
  if tg_op = 'UPDATE' and (to_jsonb(new) - 'review_due') = (to_jsonb(old) - 'review_due') then
    return new;
  end if;
  perform app_check_terms(new.themes, 'subthema', 'theme');
  perform app_check_terms(new.audiences, 'doelgroep', 'audience');
  perform app_check_terms(new.delivery_modes, 'kanaal', 'delivery mode');
  perform app_check_terms(new.access, 'toegang', 'access route');
  if new.area_kind = 'national' then
    new.area_regions := array(select code from regions order by code);
  elsif new.area_kind = 'regions' then
    select c into unknown from unnest(new.area_codes) c where not exists (select 1 from regions r where r.code = c) limit 1;
    if unknown is not null then raise exception 'unknown region code: %', unknown using errcode = '23514'; end if;
    new.area_regions := array(select distinct c from unnest(new.area_codes) c order by c);
  else
    select c into unknown from unnest(new.area_codes) c where not exists (select 1 from municipalities m where m.code = c) limit 1;
    if unknown is not null then raise exception 'unknown municipality code: %', unknown using errcode = '23514'; end if;
    new.area_regions := array(select distinct m.region_code from municipalities m where m.code = any(new.area_codes) order by 1);
  end if;
  new.theme_groups := array(select distinct t.parent_code from taxonomy_terms t where t.code = any(new.themes) order by 1);
  select string_agg(t.label_nl, ' ') into labels from taxonomy_terms t
    where t.code = any(new.themes) or t.code = any(new.theme_groups) or t.code = any(new.audiences);
  new.search_vector :=
    setweight(to_tsvector('dutch', new.name), 'A') ||
    setweight(to_tsvector('dutch', array_to_string(new.keywords, ' ') || ' ' || coalesce(labels, '')), 'B') ||
    setweight(to_tsvector('dutch', new.summary), 'C') ||
    setweight(to_tsvector('dutch', new.description || ' ' || new.eligibility), 'D');
  new.search_words := lower(new.name || ' ' || array_to_string(new.keywords, ' ') || ' ' || coalesce(labels, ''));
  if new.status = 'gepubliceerd' and (tg_op = 'INSERT' or old.status <> 'gepubliceerd') then
    new.published_at := now();
  end if;
  if tg_op = 'UPDATE' then
    new.version := old.version + 1;
    new.updated_at := now();
  end if;
  return new;
end $f$;
create trigger services_derived before insert or update on services
  for each row execute function app_service_derived();

-- HSDS service_at_location.
create table service_locations (
  service_id uuid not null references services (id) on delete cascade,
  location_id uuid not null references locations (id) on delete cascade,
  primary key (service_id, location_id)
);
create index service_locations_location_idx on service_locations (location_id);

-- History: one row per committed change of a service (its fields and its locations), with the
-- changed fields, a full snapshot and who made the change. Written at commit by a deferred trigger,
-- so several statements of one save (service, then its locations) make one entry, and a save that
-- changes nothing makes none.
create table service_history (
  id bigint generated always as identity primary key,
  service_id uuid not null references services (id) on delete cascade,
  organisation_id uuid not null,
  region_code text,
  version integer not null,
  action text not null check (action in ('aangemaakt', 'gewijzigd', 'gepubliceerd', 'gearchiveerd', 'naar-concept', 'gecontroleerd')),
  changed_at timestamptz not null default now(),
  changed_by uuid references users (id) on delete set null,
  changes jsonb not null,
  snapshot jsonb not null
);
create index service_history_service_idx on service_history (service_id, id);

create function app_service_snapshot(target uuid) returns jsonb language sql stable as $f$
  select to_jsonb(s) - array['search_vector', 'search_words', 'version', 'updated_at', 'created_at', 'published_at',
      'review_due', 'area_regions', 'theme_groups']
    || jsonb_build_object('locations', coalesce((select jsonb_agg(l.key order by l.key)
        from service_locations sl join locations l on l.id = sl.location_id where sl.service_id = s.id), '[]'::jsonb))
  from services s where s.id = target
$f$;

create function app_record_service_history() returns trigger language plpgsql security definer set search_path = public as $f$
declare
  target uuid := (to_jsonb(case when tg_op = 'DELETE' then old else new end) ->> tg_argv[0])::uuid;
  current jsonb;
  previous jsonb;
  changed jsonb;
  next_action text;
  s services;
begin
  select * into s from services where id = target;
  if not found then return null; end if;
  current := app_service_snapshot(target);
  select h.snapshot into previous from service_history h where h.service_id = target order by h.id desc limit 1;
  if previous is not null and previous = current then return null; end if;
  select coalesce(jsonb_object_agg(k, jsonb_build_array(previous -> k, current -> k)), '{}'::jsonb) into changed
    from (select jsonb_object_keys(current) k union select jsonb_object_keys(coalesce(previous, '{}'::jsonb))) keys
    where previous is not null and (previous -> k) is distinct from (current -> k);
  next_action := case
    when previous is null then 'aangemaakt'
    when changed ? 'status' and s.status = 'gepubliceerd' then 'gepubliceerd'
    when changed ? 'status' and s.status = 'gearchiveerd' then 'gearchiveerd'
    when changed ? 'status' then 'naar-concept'
    when (select count(*) from jsonb_object_keys(changed)) = 1 and changed ? 'last_reviewed' then 'gecontroleerd'
    else 'gewijzigd' end;
  insert into service_history (service_id, organisation_id, region_code, version, action, changed_by, changes, snapshot)
    values (target, s.organisation_id, s.region_code, s.version, next_action, app_user_id(), changed, current);
  -- Who changed it is personal data of a professional.
  if app_user_id() is not null then
    perform app_log_processing('service_history.insert', array[app_user_id()::text], 'professional');
  end if;
  return null;
end $f$;
create constraint trigger services_history after insert or update on services
  deferrable initially deferred for each row execute function app_record_service_history('id');
create constraint trigger service_locations_history after insert or delete on service_locations
  deferrable initially deferred for each row execute function app_record_service_history('service_id');

-- When the owners of a service past its review date were last reminded (the reminder job).
create table service_review_reminders (
  service_id uuid primary key references services (id) on delete cascade,
  reminded_at timestamptz not null
);

-- Sector pathways (Ontwikkelpaden): steps into a shortage occupation, each step ideally a service.
create table pathways (
  id uuid primary key default gen_random_uuid(),
  key text not null unique check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(key) <= 80),
  region_code text references regions (code),
  status text not null default 'gepubliceerd' check (status in ('concept', 'gepubliceerd', 'gearchiveerd')),
  name text not null check (length(name) between 2 and 150),
  sector text not null check (length(sector) between 2 and 100),
  summary text not null check (length(summary) between 10 and 500),
  -- [{title, description, service: service key or null}]
  steps jsonb not null check (jsonb_typeof(steps) = 'array' and jsonb_array_length(steps) >= 3),
  updated_at timestamptz not null default now()
);

-- The need finder (wegwijzer) of a region, when its coordinator has changed the default tree.
create table need_finder_trees (
  region_code text primary key references regions (code),
  tree jsonb not null check (jsonb_typeof(tree) = 'object'),
  version integer not null default 1,
  updated_at timestamptz not null default now()
);

-- Questions from the public to the region's guides ("stel een vraag"). Minimal by design.
create table contact_requests (
  id uuid primary key,
  region_code text not null references regions (code),
  service_id uuid references services (id) on delete set null,
  audience text references taxonomy_terms (code),
  name text not null check (length(name) between 1 and 100),
  email text check (email ~ '^[^@\\s]+@[^@\\s]+$' and length(email) <= 254),
  phone text check (phone ~ '^[0-9 +()-]{6,20}$'),
  preferred_channel text not null check (preferred_channel in ('email', 'telefoon')),
  message text not null check (length(message) between 1 and 2000),
  municipality_code text references municipalities (code),
  status text not null default 'nieuw' check (status in ('nieuw', 'in-behandeling', 'afgerond')),
  handled_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  check (email is not null or phone is not null),
  check ((preferred_channel = 'email') <= (email is not null)),
  check ((preferred_channel = 'telefoon') <= (phone is not null))
);
create index contact_requests_region_idx on contact_requests (region_code, status, created_at);

create function app_handles_contact_requests(region text) returns boolean language sql stable as $f$
  select coalesce(app_actor_role() in ('gidsfunctionaris', 'regiocoordinator') and region = app_region(), false)
$f$;

create trigger contact_requests_processing_log after insert or update or delete on contact_requests
  for each row execute function app_log_write('id', 'contact_request');

-- Grants and row-level security --------------------------------------------------------------------
grant select on taxonomy_terms, postcode_areas, locations, schedules, services, service_locations, service_history,
  pathways, need_finder_trees, contact_requests to wc_app;
grant insert, update, delete on locations, schedules, services, service_locations, need_finder_trees to wc_app;
grant insert, update on contact_requests to wc_app;

alter table locations enable row level security;
create policy locations_read on locations for select using (status = 'gepubliceerd' or app_edits_catalogue(organisation_id, region_code));
create policy locations_write on locations for all to wc_app
  using (app_edits_catalogue(organisation_id, region_code)) with check (app_edits_catalogue(organisation_id, region_code));

alter table schedules enable row level security;
create policy schedules_read on schedules for select using (exists (select 1 from locations l where l.id = location_id));
create policy schedules_write on schedules for all to wc_app
  using (exists (select 1 from locations l where l.id = location_id and app_edits_catalogue(l.organisation_id, l.region_code)))
  with check (exists (select 1 from locations l where l.id = location_id and app_edits_catalogue(l.organisation_id, l.region_code)));

alter table services enable row level security;
create policy services_read on services for select using (status = 'gepubliceerd' or app_edits_catalogue(organisation_id, region_code));
create policy services_create on services for insert to wc_app with check (app_edits_catalogue(organisation_id, region_code));
create policy services_edit on services for update to wc_app
  using (app_edits_catalogue(organisation_id, region_code)) with check (app_edits_catalogue(organisation_id, region_code));
-- Published services are archived, not deleted: links to them keep working and their history stays.
create policy services_delete on services for delete to wc_app using (status = 'concept' and app_edits_catalogue(organisation_id, region_code));

alter table service_locations enable row level security;
create policy service_locations_read on service_locations for select using (exists (select 1 from services s where s.id = service_id));
create policy service_locations_write on service_locations for all to wc_app
  using (exists (select 1 from services s where s.id = service_id and app_edits_catalogue(s.organisation_id, s.region_code)))
  with check (exists (select 1 from services s where s.id = service_id and app_edits_catalogue(s.organisation_id, s.region_code))
    and exists (select 1 from locations l where l.id = location_id));

alter table service_history enable row level security;
create policy service_history_read on service_history for select to wc_app using (app_edits_catalogue(organisation_id, region_code));

alter table service_review_reminders enable row level security;

alter table pathways enable row level security;
create policy pathways_read on pathways for select using (status = 'gepubliceerd' or app_is_platform() or app_is_coordinator_of(region_code));

alter table need_finder_trees enable row level security;
create policy need_finder_trees_read on need_finder_trees for select using (true);
create policy need_finder_trees_write on need_finder_trees for all to wc_app
  using (app_is_platform() or app_is_coordinator_of(region_code)) with check (app_is_platform() or app_is_coordinator_of(region_code));

alter table contact_requests enable row level security;
-- Anyone may ask a question; only the region's guides and coordinator read and handle them.
create policy contact_requests_ask on contact_requests for insert to wc_app
  with check (status = 'nieuw' and handled_by is null and closed_at is null);
create policy contact_requests_read on contact_requests for select to wc_app using (app_handles_contact_requests(region_code));
create policy contact_requests_handle on contact_requests for update to wc_app
  using (app_handles_contact_requests(region_code)) with check (app_handles_contact_requests(region_code));

alter table taxonomy_terms enable row level security;
create policy taxonomy_terms_read on taxonomy_terms for select using (true);
alter table postcode_areas enable row level security;
create policy postcode_areas_read on postcode_areas for select using (true);
`.execute(db);
}
