import { sql, type Kysely } from 'kysely';

// Search reads the published catalogue through views. Row-level security on services makes every
// non-leakproof condition (full text `@@`, array `@>`/`&&`, trigram `<%`) wait until the policy has
// been checked, so PostgreSQL cannot use the GIN indexes under it and scans the whole table. These
// views are owned by the schema owner (to whom the policies do not apply) and show exactly what the
// policies show everyone: published services, and published locations of published services with
// their opening hours. The application roles read them; they cannot write through them.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create view published_services as
  select id, organisation_id, region_code, name, summary, audiences, themes, theme_groups, cost_free, cost_description,
    languages, delivery_modes, area_kind, area_codes, area_regions, review_due, search_vector, search_words
  from services where status = 'gepubliceerd';

create view published_service_locations as
  select sl.service_id, l.id as location_id, l.lat, l.lon
  from service_locations sl
    join services s on s.id = sl.service_id and s.status = 'gepubliceerd'
    join locations l on l.id = sl.location_id and l.status = 'gepubliceerd';

create view published_opening_hours as
  select sl.service_id, sc.days, sc.opens, sc.closes
  from service_locations sl
    join services s on s.id = sl.service_id and s.status = 'gepubliceerd'
    join locations l on l.id = sl.location_id and l.status = 'gepubliceerd'
    join schedules sc on sc.location_id = l.id;

grant select on published_services, published_service_locations, published_opening_hours to wc_app;
`.execute(db);
}
