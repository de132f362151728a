import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import { buildApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { prepareDatabase } from '../src/setup.ts';
import type { Database } from '../src/platform/db/pool.ts';
import type { DB } from '../src/platform/db/schema.ts';
import { generateCatalogue } from './catalogue-data.ts';
import { referralOperations } from './referrals.ts';

// What the platform costs per request on top of the database work itself. Each scenario is measured
// twice in the same run, at the same concurrency, the two servers taking turns: the app (Fastify,
// row-level security, validation, serialisation, security headers) and a floor: the same SQL through
// `pg` behind a bare node:http handler that returns the rows as JSON. The ratio is the figure.
//
// 1. Foundation: GET /api/v1/regions/{code} (hand-written floor SQL).
// 2. Search: GET /api/v1/services over a generated catalogue of SEARCH_SERVICES services (text;
//    text + filters; typo; distance; facet counts of a whole region). The floor replays exactly the
//    statements the app sent for that request, recorded once through Kysely's query log.
// 3. Referrals: creating a referral in one transaction (consent, referral, processing log, notice
//    job) by the service, against the same inserts through `pg` (bench/referrals.ts). No HTTP: the
//    figure is the database work of the handover, in referrals per second.
//
// Uses the PostgreSQL server at DATABASE_URL (a scratch database is created and dropped), or
// embedded PGlite when DATABASE_URL is not set (one connection: concurrency figures mean little,
// and the catalogue is smaller).

const CONCURRENCY = 32;
const WARM_UP = 300;
/** Each measurement is taken in this many blocks per server, the servers taking turns. */
const BLOCKS = 4;
const SEARCH_SERVICES = Number(process.env.BENCH_SERVICES ?? (process.env.DATABASE_URL ? 50_000 : 5_000));
const REGIONS = ['AM18', 'AM05', 'AM30', 'AM01', 'AM22', 'AM24'];

interface Scenario {
  name: string;
  paths: string[];
  single: number;
  concurrent: number;
}

const scenarios: { foundation: Scenario; search: Scenario[] } = {
  foundation: { name: 'GET /api/v1/regions/{code}', paths: REGIONS.map((code) => `/api/v1/regions/${code}`), single: 1000, concurrent: 6000 },
  search: [
    {
      name: 'search: text',
      paths: ['q=loopbaanadvies&region=AM05', 'q=schuldhulp&region=AM18', 'q=sollicitatietraining&region=AM30', 'q=taalcursus&region=AM22'],
      single: 1000,
      concurrent: 3000,
    },
    {
      name: 'search: text + filters',
      paths: [
        'q=werk&region=AM18&audience=werkzoekende&cost=gratis&deliveryMode=online',
        'q=scholing&region=AM05&audience=werkende&theme=scholing-en-ontwikkelpaden',
        'q=personeel&region=AM30&audience=werkgever&language=nl',
      ],
      single: 1000,
      concurrent: 3000,
    },
    {
      name: 'search: typo',
      paths: ['q=loopbanadvies&region=AM05', 'q=schuldhulpverleneng&region=AM18', 'q=solicitatie&region=AM30'],
      single: 1000,
      concurrent: 3000,
    },
    {
      name: 'search: distance',
      paths: ['q=werk&region=AM30&postcode=6411&sort=distance', 'q=advies&region=AM05&postcode=7511&sort=distance', 'region=AM18&postcode=1011&sort=distance'],
      single: 1000,
      concurrent: 3000,
    },
    {
      name: 'search: facet counts of a region',
      paths: ['region=AM18', 'region=AM05', 'region=AM30', 'region=AM22'],
      single: 1000,
      concurrent: 3000,
    },
  ].map((scenario) => ({ ...scenario, paths: scenario.paths.map((query) => `/api/v1/services?${query}`) })),
};

interface Result {
  scenario: string;
  server: 'floor' | 'app';
  clients: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  requestsPerSecond: number;
  ratioOfFloorRps?: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get({ host: '127.0.0.1', port, path, agent }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${path}: ${response.statusCode}`))));
    });
    request.on('error', reject);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

function summarise(scenario: Pick<Scenario, 'name'>, server: Result['server'], clients: number, latencies: number[], seconds: number): Result {
  latencies.sort((a, b) => a - b);
  return {
    scenario: scenario.name,
    server,
    clients,
    requests: latencies.length,
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p95Ms: Number(percentile(latencies, 95).toFixed(2)),
    requestsPerSecond: Math.round(latencies.length / seconds),
  };
}

type Statements = (client: pg.PoolClient, path: string) => Promise<unknown>;

/** A bare node:http server that runs `statements` for each request and returns the last rows as JSON. */
function floorServer(pool: pg.Pool, statements: Statements): http.Server {
  return http.createServer((request, response) => {
    void (async () => {
      const client = await pool.connect();
      try {
        const body = await statements(client, request.url!);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      } finally {
        client.release();
      }
    })().catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
}

/** The region, its municipalities and partners, by hand-written SQL. */
const regionStatements: Statements = async (client, path) => {
  const code = path.split('/').pop()!;
  const region = await client.query(
    `select r.code, r.name, r.slug, r.centrumgemeente_code, c.name as centrumgemeente_name, r.centrumgemeente_verified,
       (select count(*) from municipalities m where m.region_code = r.code) as municipality_count
     from regions r left join municipalities c on c.code = r.centrumgemeente_code where r.code = $1`,
    [code],
  );
  const municipalities = await client.query('select code, name, label_lat, label_lon from municipalities where region_code = $1', [code]);
  const partners = await client.query(
    `select o.id, o.name, o.kind, o.suwi_party from organisations o join organisation_regions r on r.organisation_id = o.id
     where r.region_code = $1 and o.kind <> 'platform'`,
    [code],
  );
  return { ...region.rows[0], municipalities: municipalities.rows, partners: partners.rows };
};

interface Recording {
  /** The app ran the statements in a transaction (`withActor`), not on the public read connections (`readPublic`). */
  transaction: boolean;
  statements: CompiledQuery[];
}

/**
 * Records the statements the app sends for each path once it runs steadily (without the transaction
 * and its tenancy context, which are the app's own cost), so the floor can replay exactly the same SQL.
 */
async function recordStatements(db: Database, paths: readonly string[]): Promise<Map<string, Recording>> {
  let recording: CompiledQuery[] = [];
  const recorder = (pool: pg.Pool) =>
    new Kysely<DB>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => {
        if (event.level === 'query') recording.push(event.query);
      },
    });
  const publicReads = db.publicReads && { pool: db.publicReads.pool, kysely: recorder(db.publicReads.pool) };
  const app = await buildApp({ config: benchConfig(), db: { ...db, kysely: recorder(db.pool), ...(publicReads ? { publicReads } : {}), close: async () => undefined } });
  const recorded = new Map<string, Recording>();
  const transactionControl = /^\s*(begin|commit|rollback)\b/i;
  for (const path of paths) {
    // Recorded the second time: the first also reads what the app then keeps (facet keys, places).
    await app.inject({ method: 'GET', url: path });
    recording = [];
    const response = await app.inject({ method: 'GET', url: path });
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
    recorded.set(path, {
      transaction: recording.some((query) => transactionControl.test(query.sql)),
      statements: recording.filter((query) => !transactionControl.test(query.sql)),
    });
  }
  await app.close();
  return recorded;
}

const benchConfig = () => loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000' });

const listen = (server: http.Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

/** One operation of a server: a request to one of the scenario's paths, or a call. */
type Operation = (index: number) => Promise<number>;

/** Latencies of `requests` operations from `clients` clients at once, and the time they took. */
async function run(operation: Operation, clients: number, requests: number, first: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < requests) latencies.push(await operation(first + next++));
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

const timed = (call: () => Promise<unknown>): Operation => async () => {
  const started = performance.now();
  await call();
  return performance.now() - started;
};

const compare = (scenario: Scenario, appPort: number, floorPort: number): Promise<Result[]> =>
  compareOperations(scenario, (index) => get(floorPort, scenario.paths[index % scenario.paths.length]!), (index) => get(appPort, scenario.paths[index % scenario.paths.length]!));

async function compareOperations(scenario: Omit<Scenario, 'paths'>, floor: Operation, app: Operation): Promise<Result[]> {
  const results: Result[] = [];
  for (const clients of [1, CONCURRENCY]) {
    const requests = clients === 1 ? scenario.single : scenario.concurrent;
    const servers = [
      { server: 'floor' as const, operation: floor, latencies: [] as number[], seconds: 0 },
      { server: 'app' as const, operation: app, latencies: [] as number[], seconds: 0 },
    ];
    // Warm up until V8 has optimised the code paths: a server runs for days, and 30 requests measured
    // mostly the JIT compiler (the app's p50 at one client halved between 300 and 1,000 requests).
    for (const { operation } of servers) for (let i = 0; i < WARM_UP; i++) await operation(i);
    // The two servers take turns in blocks, each block starting with the other one, so that a slow
    // spell of this shared machine falls on both: between runs, one scenario's p50 moved by up to 60 %.
    const perBlock = requests / BLOCKS;
    for (let block = 0; block < BLOCKS; block++) {
      for (const entry of block % 2 === 0 ? servers : [...servers].reverse()) {
        const { latencies, seconds } = await run(entry.operation, clients, perBlock, block * perBlock);
        entry.latencies.push(...latencies);
        entry.seconds += seconds;
      }
    }
    const [floorResult, appResult] = servers.map((entry) => summarise(scenario, entry.server, clients, entry.latencies, entry.seconds)) as [Result, Result];
    results.push(floorResult, { ...appResult, ratioOfFloorRps: Number((appResult.requestsPerSecond / floorResult.requestsPerSecond).toFixed(2)) });
  }
  return results;
}

function report(title: string, file: string, meta: Record<string, unknown>, results: Result[]) {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${file}`, `${JSON.stringify({ ...meta, date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
  process.stdout.write(`\n${title}\n\n| scenario | server | clients | requests | p50 ms | p95 ms | req/s | app of floor req/s |\n|---|---|---:|---:|---:|---:|---:|---:|\n`);
  for (const r of results) {
    process.stdout.write(
      `| ${r.scenario} | ${r.server} | ${r.clients} | ${r.requests} | ${r.p50Ms} | ${r.p95Ms} | ${r.requestsPerSecond} | ${r.ratioOfFloorRps ?? ''} |\n`,
    );
  }
  process.stdout.write(`\nWritten to bench/results/${file}\n`);
}

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  let databaseUrl: string | undefined;
  let dropDatabase = async () => undefined as void;
  if (serverUrl) {
    const name = `wc_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  try {
    await runBenchmarks(databaseUrl);
  } finally {
    await dropDatabase();
  }
}

async function runBenchmarks(databaseUrl: string | undefined) {
  const only = process.argv[2];
  const { db } = await prepareDatabase({ databaseUrl, dataDir: 'memory://', seedDemo: true });
  let app: App | undefined;
  const servers: http.Server[] = [];
  try {
    app = await buildApp({ config: benchConfig(), db });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const appPort = (app.server.address() as AddressInfo).port;
    const meta = { backend: db.backend };

    if (!only || only === 'foundation') {
      const floor = floorServer(db.pool, regionStatements);
      servers.push(floor);
      report(`Foundation benchmark on ${db.backend} (${process.version})`, 'foundation.json', meta, await compare(scenarios.foundation, appPort, await listen(floor)));
    }

    if (!only || only === 'search') {
      const started = performance.now();
      await generateCatalogue(db, SEARCH_SERVICES);
      const { count } = await db.kysely.selectFrom('services').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      process.stdout.write(`\nGenerated a catalogue of ${count} services in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      const recorded = await recordStatements(db, scenarios.search.flatMap((s) => s.paths));
      // In a transaction when the app ran them in one; as single statements when it read them on its
      // public read connections (one round trip each).
      const floor = floorServer(db.pool, async (client, path) => {
        const { transaction, statements } = recorded.get(path)!;
        let rows: unknown[] = [];
        if (transaction) await client.query('begin');
        for (const query of statements) rows = (await client.query(query.sql, [...query.parameters])).rows;
        if (transaction) await client.query('commit');
        return rows;
      });
      servers.push(floor);
      const floorPort = await listen(floor);
      const results: Result[] = [];
      for (const scenario of scenarios.search) results.push(...(await compare(scenario, appPort, floorPort)));
      report(`Search benchmark on ${db.backend}, ${count} services (${process.version})`, 'search.json', { ...meta, services: Number(count) }, results);
    }

    if (!only || only === 'referrals') {
      const { app: send, floor } = await referralOperations(db);
      const results = await compareOperations({ name: 'create a referral', single: 1000, concurrent: 4000 }, timed(floor), timed(send));
      report(`Referral benchmark on ${db.backend} (${process.version}): req/s is referrals per second`, 'referrals.json', meta, results);
    }
  } finally {
    for (const server of servers) server.close();
    agent.destroy();
    await app?.close();
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
