import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { prepareDatabase } from '../src/platform/db/setup.ts';

// Foundation benchmark: what the platform costs per request on top of the database work itself.
// The app's GET /api/v1/regions/{code} (Fastify, row-level-security context per transaction,
// processing-log-ready tenancy, schema serialisation, security headers) against a floor: the same
// SQL through `pg` behind a bare node:http handler that returns the rows as JSON. Both run in this
// process on the same database, one client and then 32 concurrent clients; the ratio is the figure.
//
// Uses the PostgreSQL server at DATABASE_URL (a scratch database is created and dropped), or
// embedded PGlite when DATABASE_URL is not set (one connection: concurrency figures mean little).

const SINGLE_REQUESTS = 1000;
const CONCURRENT_REQUESTS = 6000;
const CONCURRENCY = 32;
const REGIONS = ['AM18', 'AM05', 'AM30', 'AM01', 'AM22', 'AM24'];

interface Result {
  scenario: string;
  clients: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  requestsPerSecond: number;
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

async function measure(scenario: string, port: number, clients: number, requests: number): Promise<Result> {
  for (let i = 0; i < 50; i++) await get(port, `/api/v1/regions/${REGIONS[i % REGIONS.length]}`); // warm up
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < requests) {
        const index = next++;
        latencies.push(await get(port, `/api/v1/regions/${REGIONS[index % REGIONS.length]}`));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    scenario,
    clients,
    requests,
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p95Ms: Number(percentile(latencies, 95).toFixed(2)),
    requestsPerSecond: Math.round(requests / seconds),
  };
}

/** The floor: the region, its municipalities and partners, by hand-written SQL, as JSON. */
function floorServer(pool: pg.Pool): http.Server {
  return http.createServer((request, response) => {
    const code = request.url!.split('/').pop()!;
    void (async () => {
      const client = await pool.connect();
      try {
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
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ...region.rows[0], municipalities: municipalities.rows, partners: partners.rows }));
      } finally {
        client.release();
      }
    })().catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
}

const listen = (server: http.Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

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
    await runBenchmark(databaseUrl);
  } finally {
    await dropDatabase();
  }
}

async function runBenchmark(databaseUrl: string | undefined) {
  const { db } = await prepareDatabase({ databaseUrl, dataDir: 'memory://', seedDemo: true });
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000' });
  const app = await buildApp({ config, db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const appPort = (app.server.address() as AddressInfo).port;
  const floor = floorServer(db.pool);
  const floorPort = await listen(floor);

  const results: Result[] = [];
  for (const [clients, requests] of [
    [1, SINGLE_REQUESTS],
    [CONCURRENCY, CONCURRENT_REQUESTS],
  ] as const) {
    results.push(await measure('floor: pg + node:http', floorPort, clients, requests));
    results.push(await measure('app: GET /api/v1/regions/{code}', appPort, clients, requests));
  }

  const rows = results.map((result, index) => {
    const floorResult = results[index - (index % 2)]!;
    return { ...result, ratioOfFloorRps: Number((result.requestsPerSecond / floorResult.requestsPerSecond).toFixed(2)) };
  });
  const report = { backend: db.backend, node: process.version, date: new Date().toISOString(), results: rows };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/foundation.json', `${JSON.stringify(report, null, 2)}\n`);

  process.stdout.write(`\nFoundation benchmark on ${db.backend} (${process.version})\n\n`);
  process.stdout.write('| scenario | clients | requests | p50 ms | p95 ms | req/s | of floor req/s |\n|---|---:|---:|---:|---:|---:|---:|\n');
  for (const row of rows) {
    process.stdout.write(`| ${row.scenario} | ${row.clients} | ${row.requests} | ${row.p50Ms} | ${row.p95Ms} | ${row.requestsPerSecond} | ${row.ratioOfFloorRps} |\n`);
  }
  process.stdout.write('\nWritten to bench/results/foundation.json\n');

  floor.close();
  agent.destroy();
  await app.close();
  await db.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
