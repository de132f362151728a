import { sql, type Kysely } from 'kysely';

// Issue 13: an import from another system keeps what our model has no column for. Each service,
// location and organisation carries the HSDS fields of its source that we do not map (alternate
// name, required documents, funding, program, contacts, age limits, extra phones, transportation,
// service-level schedules, other vocabularies' terms, …) as HSDS JSON; the open-data export merges
// them back, so export → import → export loses nothing, and the public pages show them.
//
// A location whose source gave no coordinates is placed at its municipality's centroid and marked
// approximate, so a map or a distance says "bij benadering" instead of pretending to know. A source
// may give no postcode (a location known by its coordinates or municipality): the postcode may then
// be empty. A service whose themes or audiences no rule could find comes in as a concept for the
// coordinator to complete: only a published service must have them.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table services add column source_fields jsonb not null default '{}'::jsonb check (jsonb_typeof(source_fields) = 'object');
alter table locations add column source_fields jsonb not null default '{}'::jsonb check (jsonb_typeof(source_fields) = 'object'),
  add column approximate boolean not null default false;
alter table organisations add column source_fields jsonb not null default '{}'::jsonb check (jsonb_typeof(source_fields) = 'object');
alter table locations drop constraint locations_postal_code_check,
  add constraint locations_postal_code_check check (postal_code = '' or postal_code ~ '^[1-9][0-9]{3} [A-Z]{2}$');
alter table services drop constraint services_themes_check,
  add constraint services_themes_check check (cardinality(themes) > 0 or status <> 'gepubliceerd');
alter table services drop constraint services_audiences_check,
  add constraint services_audiences_check check (cardinality(audiences) > 0 or status <> 'gepubliceerd');
`.execute(db);
}
