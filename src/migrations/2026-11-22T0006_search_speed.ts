import { sql, type Kysely } from 'kysely';

// Search speed. The services table is wide (descriptions, contact details, history fields): a
// region's 2,000 services lie on as many pages. Search now reads a narrow copy of the searchable part
// of the published services, kept by triggers:
//
// - `service_search`: one row per published service with the filter and facet columns, the sort name,
//   the full-text vector, a facet key (the facet values as one short string, so a result set groups
//   into a few dozen combinations before its facets are counted), and the points of its published
//   locations (one point in `lat`/`lon`, or all of them in `lats`/`lons` when there are more), so
//   distance needs no join. Rows written by one statement are stored in region order, so a region's
//   services sit together on few pages.
// - `service_search_words`: the words of the published services' names, keywords and theme labels
//   (a few thousand at most), with a trigram index: a word full text does not know is first mapped
//   to the known words it resembles, which then go through the ordinary full-text query.
//
// Both hold only public data of published services (what the published_* views of T0005 show
// everyone), so row-level security is on with a read policy for everyone and no write policy; the
// triggers write as the schema owner (security definer). A word stays in the vocabulary when its
// service is withdrawn: it only ever leads to a query over published services.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table service_search (
  id uuid primary key references services (id) on delete cascade,
  area_kind text not null,
  area_codes text[] not null,
  area_regions text[] not null,
  audiences text[] not null,
  themes text[] not null,
  theme_groups text[] not null,
  cost_free boolean not null,
  languages text[] not null,
  delivery_modes text[] not null,
  facet_key text not null,
  review_due date not null,
  sort_name text not null,
  lat double precision,
  lon double precision,
  lats double precision[],
  lons double precision[],
  search_vector tsvector not null
);

create table service_search_words (
  word text primary key
);
create index service_search_words_trgm_idx on service_search_words using gin (word gin_trgm_ops);

create function app_refresh_service_search(ids uuid[]) returns void language plpgsql security definer set search_path = public as $f$
begin
  -- By join, not "= any (ids)": a bulk refresh passes tens of thousands of ids.
  delete from service_search t using unnest(ids) i (id) where t.id = i.id;
  insert into service_search (id, area_kind, area_codes, area_regions, audiences, themes, theme_groups, cost_free, languages,
      delivery_modes, facet_key, review_due, sort_name, lat, lon, lats, lons, search_vector)
    select s.id, s.area_kind, s.area_codes, s.area_regions, s.audiences, s.themes, s.theme_groups, s.cost_free, s.languages,
      s.delivery_modes,
      array_to_string(s.theme_groups, ',') || '|' || array_to_string(s.themes, ',') || '|' || array_to_string(s.audiences, ',') || '|' ||
        array_to_string(s.delivery_modes, ',') || '|' || case when s.cost_free then 't' else 'f' end || '|' || array_to_string(s.languages, ','),
      s.review_due, lower(s.name),
      case when p.n = 1 then p.lats[1] end, case when p.n = 1 then p.lons[1] end,
      case when p.n > 1 then p.lats end, case when p.n > 1 then p.lons end,
      s.search_vector
    from unnest(ids) i (id)
      join services s on s.id = i.id
      cross join lateral (
        select count(*) as n, array_agg(l.lat order by l.id) as lats, array_agg(l.lon order by l.id) as lons
        from service_locations sl join locations l on l.id = sl.location_id and l.status = 'gepubliceerd'
        where sl.service_id = s.id
      ) p
    where s.status = 'gepubliceerd'
    order by case when s.area_kind = 'national' then '~' else s.area_regions[1] end, s.id;
  insert into service_search_words (word)
    select distinct w.lexeme
    from unnest(ids) i (id) join services s on s.id = i.id, unnest(to_tsvector('simple', s.search_words)) w
    where s.status = 'gepubliceerd'
      and length(w.lexeme) >= 4 and w.lexeme ~ '^[[:alnum:]]+$' and numnode(plainto_tsquery('dutch', w.lexeme)) > 0
    on conflict (word) do nothing;
end $f$;

create function app_service_search_by_id() returns trigger language plpgsql security definer set search_path = public as $f$
begin
  perform app_refresh_service_search(array(select id from changed));
  return null;
end $f$;
create function app_service_search_by_service_id() returns trigger language plpgsql security definer set search_path = public as $f$
begin
  perform app_refresh_service_search(array(select distinct service_id from changed));
  return null;
end $f$;
create function app_service_search_by_location() returns trigger language plpgsql security definer set search_path = public as $f$
begin
  perform app_refresh_service_search(array(select distinct sl.service_id from service_locations sl join changed c on c.id = sl.location_id));
  return null;
end $f$;

create trigger services_search_insert after insert on services
  referencing new table as changed for each statement execute function app_service_search_by_id();
create trigger services_search_update after update on services
  referencing new table as changed for each statement execute function app_service_search_by_id();
create trigger service_locations_search_insert after insert on service_locations
  referencing new table as changed for each statement execute function app_service_search_by_service_id();
create trigger service_locations_search_delete after delete on service_locations
  referencing old table as changed for each statement execute function app_service_search_by_service_id();
create trigger locations_search_update after update on locations
  referencing new table as changed for each statement execute function app_service_search_by_location();

select app_refresh_service_search(array(select id from services where status = 'gepubliceerd'));
-- Indexes after the first fill. Without a pending list: every search would read it until the next vacuum.
create index service_search_regions_idx on service_search using gin (area_regions) with (fastupdate = off);
create index service_search_vector_idx on service_search using gin (search_vector) with (fastupdate = off);

alter table service_search enable row level security;
create policy service_search_read on service_search for select using (true);
alter table service_search_words enable row level security;
create policy service_search_words_read on service_search_words for select using (true);
grant select on service_search, service_search_words to wc_app;
`.execute(db);
}
