import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Which code may touch which table. Each table has one owner: a module, or the platform. Besides its
// own tables, a module's SQL may use the platform's shared tables: the reference data (regions,
// municipalities, postcode areas, taxonomy) and the tenancy that row-level security itself is built
// on (organisations, their regions, users, memberships). A name beside a service is a join, not a
// second round trip (each costs 0.4–0.8 ms of CPU on these machines, see the search benchmark).
// Another module's tables are reached through that module's exported functions; the platform's SQL
// never names a module's table (modules register what the platform does with their data, such as
// retention rules). ESLint keeps SQL in repositories; this test keeps it within its owner's tables.

const SHARED = ['regions', 'municipalities', 'postcode_areas', 'taxonomy_terms', 'organisations', 'organisation_regions', 'users', 'memberships'];

const OWNED: Record<string, readonly string[]> = {
  platform: [
    ...SHARED,
    'user_credentials',
    'sessions',
    'login_attempts',
    'password_reset_tokens',
    'password_reset_requests',
    'processing_log',
    'audit_log',
    'platform_secrets',
    'form_submissions',
    'idempotency_keys',
  ],
  catalogue: [
    'services',
    'locations',
    'schedules',
    'service_locations',
    'location_shares',
    'service_history',
    'service_review_reminders',
    'pathways',
    // Publication review and search tuning (…T0028, …T0029).
    'region_catalogue_settings',
    'service_review_requests',
    'search_gaps',
    'search_thesaurus',
    // Views and derived tables of the catalogue (migrations …T0005, …T0006).
    'service_search',
    'service_facet_keys',
    'published_services',
    'published_service_locations',
    'published_opening_hours',
  ],
  needfinder: ['need_finder_trees', 'need_finder_drafts'],
  portal: [],
  referrals: ['contact_requests', 'contact_events', 'clients', 'client_events', 'client_retention_settings', 'consents', 'referrals', 'referral_events', 'referral_timer_steps', 'notification_preferences', 'digest_items'],
  organisations: [],
  regions: [],
  opendata: ['catalogue_imports'],
};

const ROOT = path.resolve(import.meta.dirname, '..');
const ownerOf = new Map(Object.entries(OWNED).flatMap(([owner, tables]) => (owner === 'platform' ? tables.filter((t) => !SHARED.includes(t)) : tables).map((t) => [t, owner])));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The tables a file's SQL names: in Kysely calls, and after FROM, JOIN, INTO or UPDATE in sql templates. */
function tablesIn(text: string): Set<string> {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const found = new Set<string>();
  for (const match of code.matchAll(/\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*'([a-z_]+)/g)) found.add(match[1]!);
  for (const match of code.matchAll(/\b(?:from|join|into|update)\s+([a-z_]+)\b/gi)) if (ownerOf.has(match[1]!) || SHARED.includes(match[1]!)) found.add(match[1]!);
  return found;
}

/** The module a file belongs to (`platform` for src/platform). */
function ownerOfFile(file: string): string {
  const relative = path.relative(path.join(ROOT, 'src'), file).split(path.sep);
  return relative[0] === 'modules' ? relative[1]! : 'platform';
}

describe('table ownership', () => {
  const files = [...sourceFiles(path.join(ROOT, 'src/modules')), ...sourceFiles(path.join(ROOT, 'src/platform'))];

  it('knows every table of the schema', () => {
    const schema = readFileSync(path.join(ROOT, 'src/platform/db/schema.ts'), 'utf8');
    const tables = [...(/export interface DB \{([\s\S]*?)\n\}/.exec(schema)?.[1] ?? '').matchAll(/^\s+([a-z_]+):/gm)].map((m) => m[1]!);
    expect(tables.length).toBeGreaterThan(20);
    expect(tables.filter((table) => !ownerOf.has(table) && !SHARED.includes(table))).toEqual([]);
  });

  it('lets each module’s SQL name only its own tables and the shared ones, and the platform’s only its own', () => {
    const trespasses: string[] = [];
    for (const file of files) {
      const owner = ownerOfFile(file);
      const allowed = new Set([...(OWNED[owner] ?? []), ...SHARED]);
      for (const table of tablesIn(readFileSync(file, 'utf8'))) {
        if (!allowed.has(table)) trespasses.push(`${path.relative(ROOT, file)} (${owner}) names ${table} (${ownerOf.get(table) ?? 'unknown'})`);
      }
    }
    expect(trespasses).toEqual([]);
  });

  it('finds a trespass when there is one', () => {
    expect([...tablesIn("await tx.selectFrom('contact_requests').selectAll().execute();")]).toEqual(['contact_requests']);
    expect([...tablesIn('sql`select s.name from services s join need_finder_trees t on true`')].sort()).toEqual(['need_finder_trees', 'services']);
    expect([...tablesIn('// read from services, in a comment\nconst x = 1;')]).toEqual([]);
  });
});
