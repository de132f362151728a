import { sql, type Kysely } from 'kysely';

// Search by region. Nearly every search is scoped to one region, yet the full-text index of T0006
// spans the whole country: "loopbaanadvies" in a 50,000-service catalogue first collects its 4,700
// matches nationwide and only then intersects them with the region's 2,000 services (3 ms), and
// "werk" collects 37,000 (16 ms). `service_search` is now partitioned by region: one row per region a
// service is offered in (national services once, under 'NL'), a partition per region, each with its
// own full-text index. A search in a region reads that region's partition and the national one, and
// the same queries take 0.2 and 2 ms. A search without a region or municipality reads the one
// `primary_row` of each service.
//
// Each new region gets its partition from a trigger, so the reference data can keep being loaded
// after the migrations; the default partition holds rows of a region code without one (none while
// the trigger works), so a write never fails for want of a partition.
//
// A row names its combination of facet values (themes, audiences, delivery modes, cost, languages) by
// a number: `service_facet_keys` holds each combination once, a few hundred in all. The filters are
// evaluated on those combinations, once per search, instead of on every row; the matching set of a
// common word (2,000 rows) is grouped by an integer instead of a 130-character key; and the rows
// are a third narrower, so a region reads that much faster.
//
// The refresh also joins the services to their locations by one grouped join instead of a lateral
// subquery per service: with the statistics of a small catalogue the planner looped over every
// location for every service, which made a bulk refresh of 50,000 services take minutes. Vocabulary
// words are tested with to_tsvector, which, unlike plainto_tsquery, does not send a notice per stop word.
//
// `app_similar_words` looks up the known words a typed word resembles, with search's word-similarity
// threshold for typos (0.5, as before; pg_trgm's default is 0.6) set on the function, so search needs
// no statement to set the threshold first.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
drop table service_search;

create table service_search (
  area_region text not null,
  primary_row boolean not null,
  id uuid not null references services (id) on delete cascade,
  area_kind text not null,
  area_codes text[] not null,
  facet_id integer not null,
  review_due date not null,
  sort_name text not null,
  lat double precision,
  lon double precision,
  lats double precision[],
  lons double precision[],
  search_vector tsvector not null,
  primary key (area_region, id)
) partition by list (area_region);
create table service_search_national partition of service_search for values in ('NL');
create table service_search_other partition of service_search default;

create function app_create_service_search_partition() returns trigger language plpgsql security definer set search_path = public as $f$
begin
  execute format('create table if not exists %I partition of service_search for values in (%L)', 'service_search_' || lower(new.code), new.code);
  return null;
end $f$;
create trigger regions_service_search_partition after insert on regions
  for each row execute function app_create_service_search_partition();
do $d$
declare region record;
begin
  for region in select code from regions loop
    execute format('create table %I partition of service_search for values in (%L)', 'service_search_' || lower(region.code), region.code);
  end loop;
end $d$;

create table service_facet_keys (
  id integer generated always as identity primary key,
  key text not null unique,
  theme_groups text[] not null,
  themes text[] not null,
  audiences text[] not null,
  delivery_modes text[] not null,
  cost_free boolean not null,
  languages text[] not null
);

create function app_service_facet_key(theme_groups text[], themes text[], audiences text[], delivery_modes text[], cost_free boolean,
    languages text[]) returns text language sql immutable as $f$
  select array_to_string(theme_groups, ',') || '|' || array_to_string(themes, ',') || '|' || array_to_string(audiences, ',') || '|' ||
    array_to_string(delivery_modes, ',') || '|' || case when cost_free then 't' else 'f' end || '|' || array_to_string(languages, ',')
$f$;

create or replace function app_refresh_service_search(ids uuid[]) returns void language plpgsql security definer set search_path = public as $f$
begin
  -- By join, not "= any (ids)": a bulk refresh passes tens of thousands of ids.
  delete from service_search t using unnest(ids) i (id) where t.id = i.id;
  insert into service_facet_keys (key, theme_groups, themes, audiences, delivery_modes, cost_free, languages)
    select distinct on (1) app_service_facet_key(s.theme_groups, s.themes, s.audiences, s.delivery_modes, s.cost_free, s.languages),
      s.theme_groups, s.themes, s.audiences, s.delivery_modes, s.cost_free, s.languages
    from unnest(ids) i (id) join services s on s.id = i.id
    where s.status = 'gepubliceerd'
    on conflict (key) do nothing;
  insert into service_search (area_region, primary_row, id, area_kind, area_codes, facet_id, review_due, sort_name, lat, lon, lats, lons,
      search_vector)
    select r.region, r.n = 1, s.id, s.area_kind, s.area_codes, k.id, s.review_due, lower(s.name),
      case when p.n = 1 then p.lats[1] end, case when p.n = 1 then p.lons[1] end,
      case when p.n > 1 then p.lats end, case when p.n > 1 then p.lons end,
      s.search_vector
    from unnest(ids) i (id)
      join services s on s.id = i.id
      left join (
        select sl.service_id, count(*) as n, array_agg(l.lat order by l.id) as lats, array_agg(l.lon order by l.id) as lons
        from unnest(ids) j (id)
          join service_locations sl on sl.service_id = j.id
          join locations l on l.id = sl.location_id and l.status = 'gepubliceerd'
        group by sl.service_id
      ) p on p.service_id = s.id
      join service_facet_keys k on k.key = app_service_facet_key(s.theme_groups, s.themes, s.audiences, s.delivery_modes, s.cost_free, s.languages)
      cross join lateral unnest(case when s.area_kind = 'national' then array['NL'] else s.area_regions end) with ordinality r (region, n)
    where s.status = 'gepubliceerd'
    order by r.region, s.id;
  insert into service_search_words (word)
    select distinct w.lexeme
    from unnest(ids) i (id) join services s on s.id = i.id, unnest(to_tsvector('simple', s.search_words)) w
    where s.status = 'gepubliceerd'
      and length(w.lexeme) >= 4 and w.lexeme ~ '^[[:alnum:]]+$' and length(to_tsvector('dutch', w.lexeme)) > 0
    on conflict (word) do nothing;
end $f$;

create function app_similar_words(typed text, max_words integer) returns text[] language sql stable
  set pg_trgm.word_similarity_threshold = 0.5 as $f$
  select array(select w.word from service_search_words w where typed <% w.word order by word_similarity(typed, w.word) desc, w.word limit max_words)
$f$;
grant execute on function app_similar_words(text, integer) to wc_app;

select app_refresh_service_search(array(select id from services where status = 'gepubliceerd'));
-- Indexes after the first fill. Without a pending list: every search would read it until the next vacuum.
create index service_search_id_idx on service_search (id);
create index service_search_vector_idx on service_search using gin (search_vector) with (fastupdate = off);

alter table service_search enable row level security;
create policy service_search_read on service_search for select using (true);
alter table service_facet_keys enable row level security;
create policy service_facet_keys_read on service_facet_keys for select using (true);
grant select on service_search, service_facet_keys to wc_app;
`.execute(db);
}
