import { sql, type Kysely } from 'kysely';

// Issue 13: the search learns a region's words. Questions that found nothing or little are counted
// per region without personal data (search_gaps: the question with names, e-mail addresses, phone
// numbers and other numbers left out, how often and by how many visitors it was asked — visitors are
// told apart in memory only, never stored); the coordinator answers one in one step with a thesaurus
// entry of the region (search_thesaurus: a term people use and the words services are written in) or
// a keyword on a service. Anyone reads the thesaurus (the search expands questions with it); only the
// region's coordinator or a platform administrator changes it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table search_gaps (
  region_code text not null references regions (code),
  question text not null check (length(question) between 2 and 120),
  results integer not null check (results >= 0),
  asks integer not null default 1 check (asks >= 1),
  visitors integer not null default 1 check (visitors >= 1),
  first_asked date not null default current_date,
  last_asked date not null default current_date,
  dismissed boolean not null default false,
  primary key (region_code, question)
);
grant select, update (dismissed) on search_gaps to wc_app;
grant select, insert, update, delete on search_gaps to wc_system;
alter table search_gaps enable row level security;
create policy search_gaps_read on search_gaps for select to wc_app using (app_is_platform() or app_is_coordinator_of(region_code));
create policy search_gaps_dismiss on search_gaps for update to wc_app
  using (app_is_platform() or app_is_coordinator_of(region_code)) with check (app_is_platform() or app_is_coordinator_of(region_code));
create policy search_gaps_system on search_gaps for all to wc_system using (app_system_activity('search-quality'));

create table search_thesaurus (
  id uuid primary key default gen_random_uuid(),
  region_code text not null references regions (code),
  term text not null check (term ~ '^[a-z0-9]+( [a-z0-9]+){0,3}$'),
  meaning text[] not null check (cardinality(meaning) between 1 and 8),
  created_at timestamptz not null default now(),
  unique (region_code, term)
);
grant select, insert, delete on search_thesaurus to wc_app;
grant select on search_thesaurus to wc_system;
alter table search_thesaurus enable row level security;
create policy search_thesaurus_read on search_thesaurus for select using (true);
create policy search_thesaurus_add on search_thesaurus for insert to wc_app with check (app_is_platform() or app_is_coordinator_of(region_code));
create policy search_thesaurus_remove on search_thesaurus for delete to wc_app using (app_is_platform() or app_is_coordinator_of(region_code));
`.execute(db);
}
