import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { buildSearchQuery } from './search-query.ts';
import type { CatalogueContent } from './catalogue.content.ts';

describe('building the text query', () => {
  it('takes each word as a prefix, without its plural ending and as its compound parts, and expands it by its concepts', () => {
    const [schuldhulp] = buildSearchQuery('Schuldhulp')!.groups;
    expect(schuldhulp!.literal).toBe('(schuldhulp:* | (schuld:* & hulp:*))');
    const [sollicitaties] = buildSearchQuery('sollicitaties')!.groups;
    expect(sollicitaties!.literal).toContain('sollicitatie:*');
    const [opleidingskosten] = buildSearchQuery('opleidingskosten')!.groups;
    expect(opleidingskosten!.literal).toContain('(opleiding:* & kosten:*)');
    // A word people use that services are not written in: its concept's words.
    const [deurwaarder] = buildSearchQuery('deurwaarder')!.groups;
    expect(deurwaarder!.expanded).toContain('schuld:*');
    // English finds the Dutch words.
    expect(buildSearchQuery('debt help')!.groups.map((g) => g.expanded).join(' ')).toContain('schuld:*');
  });

  it('leaves filler words out, unless the question has nothing else', () => {
    expect(buildSearchQuery('ik wil graag hulp met mijn schulden')!.words).toEqual(['hulp', 'schulden']);
    expect(buildSearchQuery('wat nu')!.words).toEqual(['wat', 'nu']);
  });

  it('lets no user input change the query syntax, and ignores empty input', () => {
    const query = buildSearchQuery("a:* & !b | (c <-> 'd') -- é")!;
    for (const group of query.groups) expect(`${group.literal} ${group.expanded}`).toMatch(/^[a-z0-9:*|&()<\-> ]+$/);
    expect(query.words).toEqual(['b', 'c', 'd', 'e']);
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

/** The services that have every word of the question (each group, by its expanded words). */
async function search(text: string): Promise<string[]> {
  const query = buildSearchQuery(text)!;
  const all = query.groups.map((group) => group.expanded).join(' & ');
  const { rows } = await sql<{ name: string }>`
    select name from docs where document @@ to_tsquery('dutch', ${all})
    order by ts_rank(document, to_tsquery('dutch', ${all})) desc`.execute(db.kysely);
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

  it('"schulden" finds debt help through the plural and the concepts', async () => {
    expect((await search('schulden')).some((name) => /schuldhulp/i.test(name))).toBe(true);
  });

  it('accepts hostile input and stop words without an error', async () => {
    await expect(search("de ' & | ! :* <->")).resolves.toBeInstanceOf(Array);
  });
});
