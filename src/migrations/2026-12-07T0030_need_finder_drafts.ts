import { sql, type Kysely } from 'kysely';

// Issue 13: the wegwijzer is edited as a draft. A region's coordinator changes a draft tree
// (need_finder_drafts, one per region), walks it in a preview and publishes it; visitors read only
// the live tree (need_finder_trees). Publishing keeps the live tree it replaces, so "ongedaan
// maken" can put it back.
//
// - need_finder_drafts: readable and writable only by the region's coordinator and platform
//   administrators (row-level security), never by the public. `tree` null is the default tree
//   ("terug naar standaard" as a draft). Its `version` comes from a sequence, so a form of a draft
//   that was published or thrown away never matches a later draft's version.
// - need_finder_trees: `tree` null now means the region uses the default tree again while the row
//   keeps what came before; `previous_tree`/`previous_version` hold the live tree a publication
//   replaced (tree null with a version: the default). Everyone could read those trees when they
//   were live, so they stay under the table's public read policy.
// No personal data: who published what is in the audit log, as saves were.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create sequence need_finder_draft_versions as integer;

create table need_finder_drafts (
  region_code text primary key references regions (code),
  tree jsonb check (jsonb_typeof(tree) = 'object'),
  -- The live version the draft started from (0: the default tree without a row).
  based_on integer not null check (based_on >= 0),
  version integer not null default nextval('need_finder_draft_versions'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter sequence need_finder_draft_versions owned by need_finder_drafts.version;

alter table need_finder_trees alter column tree drop not null;
alter table need_finder_trees
  add column previous_tree jsonb check (jsonb_typeof(previous_tree) = 'object'),
  add column previous_version integer check (previous_version >= 0),
  add constraint need_finder_trees_previous_check check (previous_tree is null or previous_version is not null);

grant select, insert, update, delete on need_finder_drafts to wc_app;
grant usage on sequence need_finder_draft_versions to wc_app;

alter table need_finder_drafts enable row level security;
create policy need_finder_drafts_editors on need_finder_drafts for all to wc_app
  using (app_is_platform() or app_is_coordinator_of(region_code))
  with check (app_is_platform() or app_is_coordinator_of(region_code));
`.execute(db);
}
