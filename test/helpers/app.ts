import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { currentTotpCode } from '../../src/platform/auth/auth.service.ts';
import { demoAccounts, DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const TEST_FIELD_KEY = Buffer.alloc(32, 42).toString('base64');

export interface TestApp {
  app: App;
  db: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(
  options: {
    demo?: boolean;
    catalogue?: boolean;
    env?: Record<string, string>;
    logStream?: { write(line: string): void };
    /** An existing test database instead of a new one (e.g. one reopened as after a restart). */
    db?: TestDatabase;
  } = {},
): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase({ demo: options.demo ?? true, catalogue: options.catalogue ?? false }));
  // A fixed key, so an app reopened on the same database (a restart) reads what the first one wrote.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', FIELD_ENCRYPTION_KEY: TEST_FIELD_KEY, ...options.env });
  const app = await buildApp({ config, db, logStream: options.logStream });
  await app.ready();
  return {
    app,
    db,
    config,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

/**
 * A browser stand-in for `app.inject`: keeps cookies, and fills in the CSRF token of the last
 * page it loaded when it posts a form, as a real form submission would.
 */
export class Agent {
  readonly cookies = new Map<string, string>();
  lastPage = '';

  /** `remoteAddress`: the client address the app sees (default 127.0.0.1), for per-address limits. */
  constructor(
    private readonly app: App,
    private readonly options: { remoteAddress?: string } = {},
  ) {}

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() <= Date.now()) || cookie.value === '';
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    if (String(response.headers['content-type'] ?? '').startsWith('text/html')) this.lastPage = response.body;
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({ method: 'GET', url, cookies: Object.fromEntries(this.cookies), headers, remoteAddress: this.options.remoteAddress }),
    );
  }

  /** The CSRF token of the last HTML page, as its forms carry it. */
  csrfToken(): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastPage);
    if (!match) throw new Error('the last page has no form with a CSRF token');
    return match[1]!;
  }

  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) for (const item of [value].flat()) body.append(key, item);
    if (options.csrf !== false && !('_csrf' in form)) body.append('_csrf', this.csrfToken());
    // As a browser does: a creating form sends its one-time submission key along.
    const submission = /name="_submission" value="([^"]+)"/.exec(this.lastPage)?.[1];
    if (submission && !('_submission' in form)) body.append('_submission', submission);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: { ...options.headers, 'content-type': 'application/x-www-form-urlencoded' },
        cookies: Object.fromEntries(this.cookies),
        remoteAddress: this.options.remoteAddress,
      }),
    );
  }

  /**
   * Logs in with password and the current TOTP code, a demo account (by e-mail address) or a user
   * the factories built; returns the workspace page.
   */
  async login(account: string | { email: string; password: string; totpSecret: string | null }): Promise<LightMyRequestResponse> {
    const { email, password, totpSecret } = typeof account === 'string' ? { email: account, password: DEMO_PASSWORD, totpSecret: demoTotpSecret(account) } : account;
    if (!totpSecret) throw new Error(`${email} has no TOTP secret`);
    await this.get('/inloggen');
    const afterPassword = await this.post('/inloggen', { email, password });
    if (afterPassword.headers.location !== '/inloggen/code') throw new Error(`password step failed: ${afterPassword.statusCode}`);
    await this.get('/inloggen/code');
    const afterCode = await this.post('/inloggen/code', { code: totpCodeFor(email, totpSecret) });
    if (afterCode.statusCode !== 303) throw new Error(`TOTP step failed: ${afterCode.statusCode}`);
    return this.get('/werkplek');
  }
}

const loginSteps = new Map<string, { step: number; count: number }>();

function demoTotpSecret(email: string): string {
  const secret = demoAccounts.find((a) => a.email === email)?.totpSecret;
  if (!secret) throw new Error(`${email} is not a demo account with TOTP`);
  return secret;
}

/**
 * The TOTP code an account's authenticator app would show (by default a demo account's). A code is
 * accepted once per 30-second step, so a second login in the same step uses the next step's code
 * (the server accepts one step of clock drift).
 */
export function totpCodeFor(email: string, secret = demoTotpSecret(email)): string {
  const step = Math.floor(Date.now() / 30_000);
  const entry = loginSteps.get(email);
  const count = entry && entry.step === step ? entry.count + 1 : 0;
  loginSteps.set(email, { step, count });
  if (count > 1) throw new Error(`${email} logged in more than twice within one TOTP step`);
  return currentTotpCode(secret, Date.now() + 30_000 * count);
}
