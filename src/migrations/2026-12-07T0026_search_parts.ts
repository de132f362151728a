import { sql, type Kysely } from 'kysely';
import { searchParts } from '../modules/catalogue/compounds.ts';

// Issue 13: Dutch compounds in the search vector. Full text knows whole words only: "loket" did not
// find the "jongerenloket", "vergoeding" not the "reiskostenvergoeding". The catalogue store now
// writes the parts of the compounds of each text (catalogue/compounds.ts, with the OpenTaal word
// list) to `search_parts`, and the vector takes them at the weight of the text they come from: the
// name's at A, the keywords' at B, the summary's at C, the description's at D. Existing services get
// theirs here. Parts change no version and no history: they are derived, as the vector is.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table services add column search_parts jsonb not null default '{}'::jsonb check (jsonb_typeof(search_parts) = 'object');

create or replace function app_service_derived() returns trigger language plpgsql as $f$
declare
  labels text;
  unknown text;
  derived_only boolean;
begin
  -- A save that changes nothing (an import run again) keeps the version and the dates.
  if tg_op = 'UPDATE' and (to_jsonb(new) - 'review_due') = (to_jsonb(old) - 'review_due') then
    return new;
  end if;
  -- Only the derived search parts changed: a new vector, the same version.
  derived_only := tg_op = 'UPDATE' and (to_jsonb(new) - 'review_due' - 'search_parts') = (to_jsonb(old) - 'review_due' - 'search_parts');
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
    setweight(to_tsvector('dutch', new.name || ' ' || coalesce(new.search_parts ->> 'a', '')), 'A') ||
    setweight(to_tsvector('dutch', array_to_string(new.keywords, ' ') || ' ' || coalesce(labels, '') || ' ' || coalesce(new.search_parts ->> 'b', '')), 'B') ||
    setweight(to_tsvector('dutch', new.summary || ' ' || coalesce(new.search_parts ->> 'c', '')), 'C') ||
    setweight(to_tsvector('dutch', new.description || ' ' || new.eligibility || ' ' || coalesce(new.search_parts ->> 'd', '')), 'D');
  new.search_words := lower(new.name || ' ' || array_to_string(new.keywords, ' ') || ' ' || coalesce(labels, ''));
  if derived_only then
    return new;
  end if;
  if new.status = 'gepubliceerd' and (tg_op = 'INSERT' or old.status <> 'gepubliceerd') then
    new.published_at := now();
  end if;
  if tg_op = 'UPDATE' then
    new.version := old.version + 1;
    new.updated_at := now();
  end if;
  return new;
end $f$;

create or replace function app_service_snapshot(target uuid) returns jsonb language sql stable as $f$
  select to_jsonb(s) - array['search_vector', 'search_words', 'search_parts', 'version', 'updated_at', 'created_at', 'published_at',
      'review_due', 'area_regions', 'theme_groups']
    || jsonb_build_object('locations', coalesce((select jsonb_agg(l.key order by l.key)
        from service_locations sl join locations l on l.id = sl.location_id where sl.service_id = s.id), '[]'::jsonb))
  from services s where s.id = target
$f$;
`.execute(db);

  const services = await sql<{ id: string; name: string; summary: string; description: string; eligibility: string; keywords: string[] }>`
    select id, name, summary, description, eligibility, keywords from services`.execute(db);
  for (const service of services.rows) {
    await sql`update services set search_parts = ${JSON.stringify(searchParts(service))}::jsonb where id = ${service.id}`.execute(db);
  }
  // The history's deferred trigger runs now (it writes nothing: the parts are not in the history),
  // so a later migration in the same transaction may alter the table.
  await sql`set constraints all immediate`.execute(db);
}

