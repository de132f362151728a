import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { buildSearchQuery } from './search-query.ts';
import type { CatalogueContent } from './catalogue.content.ts';

describe('building the text query', () => {
  it('matches prefixes, tries plurals without their ending, and ORs in synonyms', () => {
    expect(buildSearchQuery('Schuldhulp')?.tsquery).toBe('(schuldhulp:*)');
    expect(buildSearchQuery('sollicitaties')?.tsquery).toBe('(sollicitaties:* | sollicitatie:* | solliciteren:*)');
    expect(buildSearchQuery('baan kwijt Enschede')?.tsquery).toBe(
      '((baan <-> kwijt:*) | ontslag:* | ww:* | werkloos:* | (werk <-> vinden:*)) & (enschede:*)',
    );
  });

  it('lets no user input change the query syntax, and ignores empty input', () => {
    const query = buildSearchQuery("a:* & !b | (c <-> 'd') -- é")!;
    expect(query.tsquery).toMatch(/^[a-z0-9:*|&()<\-> ]+$/);
    expect(query.words).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(buildSearchQuery('  !!  ')).toBeNull();
  });
});

// The same expressions against PostgreSQL's Dutch full text search, on the demo catalogue.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const folder = new URL('../../seed/data/catalogue/', import.meta.url);
  const services = readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => (JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as CatalogueContent).services);
  await db.kysely.transaction().execute(async (tx) => {
    await sql`create table docs (key text, name text, document tsvector)`.execute(tx);
    for (const s of services) {
      await sql`insert into docs values (${s.key}, ${s.name},
        setweight(to_tsvector('dutch', ${s.name}), 'A') || setweight(to_tsvector('dutch', ${s.summary} || ' ' || ${(s.keywords ?? []).join(' ')}), 'B')
        || setweight(to_tsvector('dutch', ${s.description}), 'C'))`.execute(tx);
    }
  });
});
afterAll(async () => db?.destroy());

async function search(text: string): Promise<string[]> {
  const query = buildSearchQuery(text)!;
  const { rows } = await sql<{ name: string }>`
    select name from docs where document @@ to_tsquery('dutch', ${query.tsquery})
    order by ts_rank(document, to_tsquery('dutch', ${query.tsquery})) desc`.execute(db.kysely);
  return rows.map((row) => row.name);
}

describe('searching the demo catalogue', () => {
  it('"schuldhulp" finds schuldhulpverlening', async () => {
    expect((await search('schuldhulp')).some((name) => /schuldhulpverlening/i.test(name))).toBe(true);
  });

  it('"sollicitaties" finds a sollicitatietraining', async () => {
    expect((await search('sollicitaties')).some((name) => /sollicitatietraining/i.test(name))).toBe(true);
  });

  it('"baan kwijt" finds help with WW and finding work', async () => {
    const found = await search('baan kwijt');
    expect(found.length).toBeGreaterThan(3);
    expect(found.some((name) => /\bWW\b/.test(name))).toBe(true);
  });

  it('"schulden" finds debt help through the plural and the synonyms', async () => {
    expect((await search('schulden')).some((name) => /schuldhulp/i.test(name))).toBe(true);
  });

  it('accepts hostile input and stop words without an error', async () => {
    await expect(search("de ' & | ! :* <->")).resolves.toBeInstanceOf(Array);
  });
});
