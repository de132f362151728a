import pg from 'pg';
import { Kysely, PostgresDialect, type KyselyPlugin } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { unique } from '../../../test/factories.ts';
import type { DB } from '../db/schema.ts';
import type { Database } from '../db/pool.ts';

// While the database cannot be reached, every request that needs it is answered with 503 and
// Retry-After: problem+json for the API, a page in the user's language for people, also when the
// failure comes before the route (loading the session). Liveness and assets do not need it.

let t: TestApp;
let refused: Error;
let unreachable: Kysely<DB>;
let restore: (() => void) | undefined;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  // A server that is not there: nothing listens on port 1.
  const pool = new pg.Pool({ connectionString: 'postgres://werkcentrum@127.0.0.1:1/werkcentrum' });
  unreachable = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  refused = await pool.query('select 1').then(
    () => {
      throw new Error('something listens on port 1');
    },
    (error: Error) => error,
  );
});
afterEach(() => {
  restore?.();
  restore = undefined;
});
afterAll(async () => {
  await unreachable?.destroy();
  await t?.close();
});

/** From now on the app's database connections go to a server that is not there. */
function databaseGoesAway(db: Database = t.db): void {
  const { kysely, publicReads } = db;
  db.kysely = unreachable;
  if (publicReads) db.publicReads = { pool: publicReads.pool, kysely: unreachable };
  restore = () => {
    db.kysely = kysely;
    db.publicReads = publicReads;
  };
}

/** From now on every write fails as if the connection broke halfway through the transaction. */
function writesLoseTheirConnection(db: Database = t.db): void {
  const failWrites: KyselyPlugin = {
    transformQuery: ({ node }) => {
      if (['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode'].includes(node.kind)) throw refused;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const { kysely } = db;
  db.kysely = kysely.withPlugin(failWrites);
  restore = () => {
    db.kysely = kysely;
  };
}

describe('while the database is unreachable', () => {
  it('the API answers 503 problem+json with Retry-After', async () => {
    databaseGoesAway();
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/services?q=werk&region=AM05' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({ type: '/problems/unavailable', status: 503 });
    expect(response.body).not.toContain('ECONNREFUSED');
  });

  it('a page answers 503 with a page in the visitor’s language and a link to try again', async () => {
    databaseGoesAway();
    const dutch = await t.app.inject({ method: 'GET', url: '/twente' });
    expect(dutch.statusCode).toBe(503);
    expect(dutch.headers['content-type']).toMatch(/^text\/html/);
    expect(dutch.headers['retry-after']).toBe('5');
    expect(dutch.body).toContain('De website is even niet bereikbaar');
    expect(dutch.body).toContain('href="/twente"');
    const english = await t.app.inject({ method: 'GET', url: '/twente', headers: { 'accept-language': 'en' } });
    expect(english.statusCode).toBe(503);
    expect(english.body).toContain('The website is briefly unavailable');
  });

  it('a signed-in user, whose session cannot be loaded, gets the same page, not a 500', async () => {
    const guide = new Agent(t.app);
    await guide.login('gids.amsterdam@werkcentrum.example');
    const stylesheet = /href="(\/assets\/app\.[0-9a-f]+\.css)"/.exec(guide.lastPage)![1]!;
    databaseGoesAway();
    const page = await guide.get('/werkplek');
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['retry-after']).toBe('5');
    expect(page.body).toContain('De website is even niet bereikbaar');
    // Who asks is unknown without the database: the page is the public one.
    expect(page.body).not.toContain('Uitloggen');
    // The stylesheet and liveness need no session, so the page is styled and the app is alive.
    expect((await guide.get(stylesheet)).statusCode).toBe(200);
    expect((await guide.get('/health')).statusCode).toBe(200);
  });

  it('is not ready, but alive', async () => {
    databaseGoesAway();
    expect((await t.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503);
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('answers again as soon as the database is back', async () => {
    databaseGoesAway();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/services?region=AM05' })).statusCode).toBe(503);
    restore!();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/services?region=AM05' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
  });
});

describe('a form whose save loses the database halfway', () => {
  it('a new service is answered 503 (not a form error) and says it may not be saved', async () => {
    const partner = new Agent(t.app);
    await partner.login('partner.amsterdam@werkcentrum.example');
    await partner.get('/beheer/diensten/nieuw');
    const name = unique('Dienst');
    writesLoseTheirConnection();
    const response = await partner.post('/beheer/diensten/nieuw', {
      region: 'AM18',
      name,
      summary: 'Samen met een coach werk je aan je eerste stap naar werk.',
      description: 'Je krijgt een coach die met je meedenkt. Samen maken jullie een plan voor werk of scholing.',
      eligibility: 'Voor iedereen in Groot Amsterdam die werk zoekt.',
      audiences: ['werkzoekende'],
      themes: ['loopbaanadvies'],
      costFree: 'ja',
      languages: ['nl'],
      deliveryModes: ['online'],
      areaKind: 'regions',
      areaRegions: ['AM18'],
      access: ['direct'],
      applicationProcess: 'Mail ons. Binnen een week krijg je een eerste gesprek.',
      contactEmail: 'info@dewissel.example.nl',
      reviewInterval: '180',
      action: 'opslaan',
    });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toContain('Misschien is dat niet bewaard');
    expect(response.body).not.toContain('veld-');
    restore!();
    expect(await t.db.kysely.selectFrom('services').select('id').where('name', '=', name).execute()).toEqual([]);
  });

  it('a new organisation is answered 503, not a form error', async () => {
    const coordinator = new Agent(t.app);
    await coordinator.login('coordinator.amsterdam@werkcentrum.example');
    await coordinator.get('/beheer/organisaties/nieuw');
    const name = unique('Organisatie');
    writesLoseTheirConnection();
    const response = await coordinator.post('/beheer/organisaties/nieuw', { name, kind: 'overig', suwi: 'nee', website: '', regions: ['AM18'] });
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toContain('veld-');
    restore!();
    expect(await t.db.kysely.selectFrom('organisations').select('id').where('name', '=', name).execute()).toEqual([]);
  });
});
