import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../src/setup.ts';
import type { Database } from '../src/platform/db/pool.ts';
import { currentTotpCode } from '../src/platform/auth/auth.service.ts';
import { buildOrganisation, buildService, buildUser, serviceFormFields, type BuiltUser } from './factories.ts';
import { createCluster, haveServerBinaries, PG_BIN_DIR, type Cluster } from './helpers/cluster.ts';
import { startPlatform, type PlatformProcess } from './helpers/platform-process.ts';
import { personalFormTokensOf } from '../src/platform/http/submissions.ts';

// The database goes away under load, and comes back; the app may not go away. The app runs as in
// production (src/main.ts, in a child process) on a PostgreSQL 15 cluster of this test's own, with
// clients in a loop: public pages, the search API, a signed-in page, and writes (a partner creates a
// service). The postmaster is killed with kill -9 four times, twice with every server process at once
// (queries lose their connection mid-statement), and started again. Every answer must be the
// success its kind should get (no 500, no other 4xx either) or a 503 with Retry-After; nothing may
// hang; the app recovers by itself; and every write answered with success is in the database.
//
// It needs the server programs, not DATABASE_URL's server, so it runs once per CI run: in the suite
// run on the PostgreSQL server (DATABASE_URL set), where those programs are installed.

const serverRun = Boolean(process.env.DATABASE_URL);
const ci = process.env.CI === 'true';
if (!serverRun) {
  process.stderr.write('database-crash.test.ts skipped: it runs with DATABASE_URL set (the PostgreSQL server run), on a cluster of its own.\n');
} else if (!haveServerBinaries() && !ci) {
  process.stderr.write(`database-crash.test.ts skipped: no PostgreSQL server programs in ${PG_BIN_DIR} (set PG_BIN_DIR); CI fails without them.\n`);
}

const KILLS = 4;
/** Longer than the pool's connection timeout (5 s): an answer that takes this long is a hang. */
const REQUEST_TIMEOUT_MS = 15_000;
const REGION = 'AM05';
const REGION_SLUG = 'twente';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** A browser stand-in over real HTTP: keeps cookies, does not follow redirects. */
class HttpClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form ?? {})) for (const item of [value].flat()) body.append(key, item);
    const response = await fetch(this.baseUrl + path, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? body.toString() : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  static csrfToken(page: string): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    if (!token) throw new Error('the page has no form with a CSRF token');
    return token;
  }

  /** Password and TOTP, as a professional logs in; returns a CSRF token for later form posts. */
  async login(user: BuiltUser): Promise<string> {
    const form = await this.request('GET', '/inloggen');
    const password = await this.request('POST', '/inloggen', { email: user.email, password: user.password, _csrf: HttpClient.csrfToken(form.body) });
    if (password.headers.get('location') !== '/inloggen/code') throw new Error(`password step: ${password.status}`);
    const codeForm = await this.request('GET', '/inloggen/code');
    const code = await this.request('POST', '/inloggen/code', { code: currentTotpCode(user.totpSecret!), _csrf: HttpClient.csrfToken(codeForm.body) });
    if (code.status !== 303) throw new Error(`TOTP step: ${code.status}`);
    return HttpClient.csrfToken((await this.request('GET', '/beheer/diensten/nieuw')).body);
  }
}

type Kind = 'page' | 'api' | 'signed-in' | 'write';

interface Outcome {
  kind: Kind;
  at: number;
  /** HTTP status, or the reason there was none (a timeout, a broken connection). */
  status: number | string;
  /** The answer this kind of request should get when all is well. */
  success: boolean;
  retryAfter: string | null;
  contentType: string;
  ms: number;
}


describe.skipIf(!serverRun || (!haveServerBinaries() && !ci))('the database crashes under load', () => {
  let cluster: Cluster | undefined;
  let db: Database | undefined;
  let platform: PlatformProcess | undefined;
  let baseUrl = '';
  let partner: BuiltUser;
  let services: string[];

  beforeAll(async () => {
    if (!haveServerBinaries()) throw new Error(`The crash test needs the PostgreSQL 15 server programs in ${PG_BIN_DIR} (apt-get install postgresql-15).`);
    cluster = await createCluster();
    db = (await prepareDatabase({ databaseUrl: cluster.url, dataDir: '', seedDemo: false })).db;
    const organisation = await buildOrganisation(db, { regions: [REGION] });
    partner = await buildUser(db, { memberships: [{ organisation, role: 'partnermedewerker' }] });
    services = await Promise.all([1, 2, 3].map(async () => (await buildService(db!, organisation)).id));

    platform = await startPlatform({
      DATABASE_URL: cluster.url,
      NODE_ENV: 'test',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    baseUrl = platform.baseUrl;
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await db?.close();
    cluster?.destroy();
  });

  it('answers 503 while it is down, recovers by itself, survives, and loses no acknowledged write', async () => {
    const started = Date.now();
    const outcomes: Outcome[] = [];
    const acknowledged = new Map<string, string>(); // service id → name
    let pages = 0;
    let writes = 0;
    let stopped = false;

    const signedIn = new HttpClient(baseUrl);
    const csrf = await signedIn.login(partner);
    const tokens = await personalFormTokensOf(db!);
    const anonymous = new HttpClient(baseUrl);
    /** Each kind of request, and whether its answer is the success it should be (a 200, or a saved service). */
    const attempts: Record<Kind, () => Promise<{ status: number; headers: Headers; success: boolean }>> = {
      page: async () => {
        pages += 1;
        const paths = [`/${REGION_SLUG}`, `/${REGION_SLUG}/zoeken?q=dienst`, `/${REGION_SLUG}/diensten/${services[pages % services.length]}`];
        const response = await anonymous.request('GET', paths[pages % paths.length]!);
        return { ...response, success: response.status === 200 };
      },
      api: async () => {
        const response = await anonymous.request('GET', `/api/v1/services?q=dienst&region=${REGION}`);
        return { ...response, success: response.status === 200 };
      },
      // 200, not a redirect to the login: the session outlives the outage.
      'signed-in': async () => {
        const response = await signedIn.request('GET', '/beheer/diensten');
        return { ...response, success: response.status === 200 };
      },
      write: async () => {
        const name = `Crashtest ${++writes}`;
        // Each write is a new form, with a key of its own, as the page would hand it out (the page itself needs the database).
        const submission = tokens.issue('service-create', partner.id);
        const response = await signedIn.request('POST', '/beheer/diensten/nieuw', serviceFormFields(name, { _csrf: csrf, _submission: submission }));
        const id = /^\/beheer\/diensten\/([0-9a-f-]{36})$/.exec(response.headers.get('location') ?? '')?.[1];
        if (response.status === 303 && id) acknowledged.set(id, name);
        return { ...response, success: response.status === 303 && id !== undefined };
      },
    };
    const loop = async (kind: Kind) => {
      while (!stopped) {
        let outcome: Outcome;
        const sent = Date.now();
        try {
          const { status, headers, success } = await attempts[kind]();
          outcome = { kind, at: Date.now(), status, success, retryAfter: headers.get('retry-after'), contentType: headers.get('content-type') ?? '', ms: Date.now() - sent };
        } catch (error) {
          const status = (error as Error).name === 'TimeoutError' ? 'timeout' : String((error as Error).cause ?? error);
          outcome = { kind, at: Date.now(), status, success: false, retryAfter: null, contentType: '', ms: Date.now() - sent };
        }
        outcomes.push(outcome);
        // A client that is told to come back later (or gets no answer) does not hammer the app meanwhile.
        if (!outcome.success) await sleep(100);
      }
    };
    const kinds = ['page', 'api', 'signed-in', 'write'] as const;
    const clients = (['page', 'page', 'api', 'signed-in', 'write', 'write'] as const).map(loop);

    /** Waits until every kind of request has succeeded after `since`; fails at once when the app has ended. */
    const recovered = async (since: number) => {
      const deadline = Date.now() + 30_000;
      while (!kinds.every((kind) => outcomes.some((o) => o.kind === kind && o.at > since && o.success))) {
        const { exitCode, signalCode } = platform!.child;
        if (exitCode !== null || signalCode !== null) {
          throw new Error(`the app process ended (${exitCode ?? signalCode}):\n${platform!.output().slice(-3_000)}`);
        }
        if (Date.now() > deadline) throw new Error(`not recovered 30 s after ${since}: ${JSON.stringify(outcomes.filter((o) => o.at > since).slice(-8))}`);
        await sleep(100);
      }
    };

    try {
      await recovered(started);
      for (let kill = 1; kill <= KILLS; kill++) {
        // Under full load: requests are in flight, transactions open, when the server goes.
        await sleep(2_000);
        cluster!.kill({ everything: kill % 2 === 0 });
        await sleep(1_000);
        await cluster!.start();
        await recovered(Date.now());
      }
    } finally {
      stopped = true;
      await Promise.all(clients);
    }
    const duration = (Date.now() - started) / 1000;

    // The app is still there, and nothing went unhandled.
    expect(platform!.child.exitCode, platform!.output()).toBeNull();
    expect(platform!.output()).not.toMatch(/Unhandled|uncaught/i);

    // Every answer is its success, or a 503 with Retry-After in the shape of its kind: no 500, no
    // hang, no other 4xx (a lost session, a refused form) either.
    const unavailable = (o: Outcome) =>
      o.status === 503 && o.retryAfter !== null && o.contentType.startsWith(o.kind === 'api' ? 'application/problem+json' : 'text/html');
    const wrong = outcomes.filter((o) => !o.success && !unavailable(o));
    expect(wrong, JSON.stringify(wrong.slice(0, 10))).toEqual([]);
    expect(outcomes.some(unavailable)).toBe(true);

    // Every write that was answered with success is there; a write answered 503 may or may not be.
    const rows = await db!.kysely.selectFrom('services').select(['id', 'name']).where('name', 'like', 'Crashtest %').execute();
    const stored = new Map(rows.map((row) => [row.id, row.name]));
    const lost = [...acknowledged].filter(([id, name]) => stored.get(id) !== name);
    expect(lost).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(0);

    const count = (kind: Kind, predicate: (o: Outcome) => boolean) => outcomes.filter((o) => o.kind === kind && predicate(o)).length;
    const perKind = kinds.map((kind) => `${kind} ${count(kind, (o) => o.success)}/${count(kind, unavailable)}`).join(', ');
    process.stdout.write(
      `database crash test: ${KILLS} kills in ${duration.toFixed(1)} s; ${outcomes.length} requests, ` +
        `${outcomes.filter((o) => o.success).length} succeeded, ${outcomes.filter(unavailable).length} answered 503 ` +
        `(succeeded/503 per kind: ${perKind}); slowest answer ${Math.max(...outcomes.map((o) => o.ms))} ms; ` +
        `${acknowledged.size} acknowledged writes, all stored; ${rows.length - acknowledged.size} of ${count('write', unavailable)} writes answered 503 were stored anyway\n`,
    );
  }, 110_000);
});
