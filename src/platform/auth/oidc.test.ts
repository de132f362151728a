import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Provider from 'oidc-provider';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { asOwner } from '../../../test/helpers/db.ts';
import { loadConfig } from '../../config.ts';
import { OIDC_CALLBACK_PATH, acceptedAcrValues } from './oidc.ts';

// A real OpenID provider (oidc-provider) on loopback. Its login and consent steps are a small custom
// interaction that completes at once with a chosen subject and assurance level, as a user would.

const BASE_URL = 'http://localhost';
const CLIENT_ID = 'werkcentrum-test';
const CLIENT_SECRET = 'a-client-secret-for-the-test-provider';
const LOA = {
  low: 'urn:etoegang:core:assurance-class:loa2',
  substantial: 'urn:etoegang:core:assurance-class:loa3',
  high: 'urn:etoegang:core:assurance-class:loa4',
};

/** The provider's accounts: subject → claims. */
const providerAccounts: Record<string, { email: string; email_verified: boolean }> = {
  'sub-gids': { email: 'Gids.Amsterdam@werkcentrum.example', email_verified: true },
  'sub-coordinator': { email: 'coordinator.amsterdam@werkcentrum.example', email_verified: true },
  'sub-unverified': { email: 'partner.amsterdam@werkcentrum.example', email_verified: false },
  'sub-stranger': { email: 'niemand@voorbeeld.example', email_verified: true },
  'sub-no-membership': { email: 'zonder.rol@werkcentrum.example', email_verified: true },
  'sub-disabled': { email: 'privacy.amsterdam@werkcentrum.example', email_verified: true },
};

/** Who logs in at the provider next, at which level. */
let nextLogin = { sub: 'sub-gids', acr: LOA.substantial };

interface TestProvider {
  issuer: string;
  close(): Promise<void>;
}

async function interact(provider: Provider, request: IncomingMessage, response: ServerResponse) {
  const interaction = await provider.interactionDetails(request, response);
  if (interaction.prompt.name === 'login') {
    await provider.interactionFinished(request, response, { login: { accountId: nextLogin.sub, acr: nextLogin.acr } }, { mergeWithLastSubmission: false });
    return;
  }
  // Consent: grant what the client asked for.
  const grant = new provider.Grant({ accountId: interaction.session!.accountId, clientId: String(interaction.params.client_id) });
  const { missingOIDCScope, missingOIDCClaims } = interaction.prompt.details;
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  await provider.interactionFinished(request, response, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

async function startProvider(port = 0): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${BASE_URL}${OIDC_CALLBACK_PATH}`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['test-provider-cookie-key'] },
    acrValues: Object.values(LOA),
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: false } },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = providerAccounts[sub];
      return account && { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
  });
  const handle = provider.callback();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!request.url?.startsWith('/interaction/')) return handle(request, response);
    interact(provider, request, response).catch((error: Error) => {
      response.statusCode = 500;
      response.end(error.message);
    });
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The app's HTTP client keeps connections alive; they would hold the close for seconds.
        server.closeAllConnections();
      }),
  };
}

/**
 * The browser at the provider: follows its redirects (with its own cookie jar) from the authorization
 * URL until the provider sends the browser back to the app; returns that callback path and query.
 */
async function visitProvider(authorizationUrl: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const header of response.headers.getSetCookie()) {
      const pair = header.split(';')[0]!;
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '') jar.delete(name);
      else jar.set(name, value);
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`the provider answered ${response.status}: ${await response.text()}`);
    const next = new URL(location, url);
    if (next.href.startsWith(`${BASE_URL}${OIDC_CALLBACK_PATH}`)) return `${next.pathname}${next.search}`;
    url = next.href;
  }
  throw new Error('too many redirects at the provider');
}

const oidcEnv = (issuer: string) => ({
  BASE_URL,
  OIDC_ISSUER: issuer,
  OIDC_CLIENT_ID: CLIENT_ID,
  OIDC_CLIENT_SECRET: CLIENT_SECRET,
  OIDC_DISPLAY_NAME: 'Test-SSO',
  OIDC_ACR_VALUES: Object.values(LOA).join(','),
  OIDC_REQUIRED_ACR: LOA.substantial,
});

const decode = (body: string) => body.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('OIDC login against a real provider', () => {
  let provider: TestProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startProvider();
    t = await createTestApp({ env: oidcEnv(provider.issuer) });
    await asOwner(t.db, 'account-management', async (tx) => {
      await tx.insertInto('users').values({ id: randomUUID(), email: 'zonder.rol@werkcentrum.example', name: 'Zonder Rol' }).execute();
      await tx.updateTable('users').set({ disabled_at: new Date() }).where('email', '=', 'privacy.amsterdam@werkcentrum.example').execute();
    });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });
  afterEach(() => {
    nextLogin = { sub: 'sub-gids', acr: LOA.substantial };
  });

  /** Starts at the app, logs in at the provider as `nextLogin`, and comes back to the app's callback. */
  async function loginVia(agent: Agent, back = '/werkplek') {
    const start = await agent.get(`/inloggen/oidc?terug=${encodeURIComponent(back)}`);
    expect(start.statusCode).toBe(303);
    const authorizationUrl = String(start.headers.location);
    const callback = await visitProvider(authorizationUrl);
    return { authorizationUrl, callback, response: await agent.get(callback) };
  }

  const credentialsOf = (email: string) =>
    t.db.kysely
      .selectFrom('user_credentials as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['c.oidc_issuer', 'c.oidc_subject', 'u.id'])
      .where('u.email', '=', email)
      .executeTakeFirst();

  const lastAudit = () =>
    t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'login.oidc').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

  it('shows the provider on the login page', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/inloggen' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/inloggen/oidc?terug="');
    expect(page.body).toContain('Inloggen met Test-SSO');
  });

  it('logs a demo user in by verified e-mail, links the identity, and the next login goes by subject', async () => {
    const agent = new Agent(t.app);
    const { authorizationUrl, response } = await loginVia(agent, '/werkplek?tab=1');
    const sent = new URL(authorizationUrl);
    expect(sent.origin).toBe(provider.issuer);
    expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(sent.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.searchParams.get('state')).toBeTruthy();
    expect(sent.searchParams.get('nonce')).toBeTruthy();
    expect(sent.searchParams.get('acr_values')).toBe(`${LOA.substantial} ${LOA.high}`);
    expect(sent.searchParams.get('redirect_uri')).toBe(`${BASE_URL}${OIDC_CALLBACK_PATH}`);

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/werkplek?tab=1');
    expect(agent.cookies.has('wc_oidc')).toBe(false);
    const workspace = await agent.get('/werkplek');
    expect(workspace.statusCode).toBe(200);
    expect(decode(workspace.body)).toContain('Gijs Gids');

    const credentials = await credentialsOf('gids.amsterdam@werkcentrum.example');
    expect(credentials).toMatchObject({ oidc_issuer: provider.issuer, oidc_subject: 'sub-gids' });
    const session = await t.db.kysely
      .selectFrom('sessions')
      .select(['auth_method', 'acr', 'stage'])
      .where('user_id', '=', credentials!.id)
      .executeTakeFirstOrThrow();
    expect(session).toEqual({ auth_method: 'oidc', acr: LOA.substantial, stage: 'full' });
    expect(await lastAudit()).toMatchObject({ target_id: credentials!.id, outcome: 'success', details: { acr: LOA.substantial, linked: true } });
    const logged = await t.db.kysely
      .selectFrom('processing_log')
      .select('name')
      .where('processing_activity_id', '=', 'authentication')
      .execute();
    expect(logged.map((row) => row.name)).toEqual(expect.arrayContaining(['login.oidc.read', 'user_credentials.update']));

    // The provider now vouches for another address (or none): the link by subject still holds.
    const original = providerAccounts['sub-gids']!;
    providerAccounts['sub-gids'] = { email: 'gijs@elders.example', email_verified: false };
    try {
      nextLogin = { sub: 'sub-gids', acr: LOA.high };
      const second = await loginVia(new Agent(t.app));
      expect(second.response.statusCode).toBe(303);
      expect(second.response.headers.location).toBe('/werkplek');
      expect(await lastAudit()).toMatchObject({ target_id: credentials!.id, outcome: 'success', details: { acr: LOA.high, linked: false } });
    } finally {
      providerAccounts['sub-gids'] = original;
    }
  });

  it('refuses a login below the required assurance level, without linking', async () => {
    nextLogin = { sub: 'sub-coordinator', acr: LOA.low };
    const agent = new Agent(t.app);
    const { response } = await loginVia(agent);
    expect(response.statusCode).toBe(403);
    expect(decode(response.body)).toContain(`Voor het Werkcentrum is niveau ${LOA.substantial} nodig.`);
    expect(agent.cookies.has('wc_session')).toBe(false);
    expect((await credentialsOf('coordinator.amsterdam@werkcentrum.example'))?.oidc_subject ?? null).toBeNull();
    expect(await lastAudit()).toMatchObject({ outcome: 'denied', details: { reason: 'acr', acr: LOA.low } });
  });

  it('refuses an identity without a Werkcentrum account, or whose e-mail is not verified', async () => {
    for (const sub of ['sub-stranger', 'sub-unverified']) {
      nextLogin = { sub, acr: LOA.substantial };
      const agent = new Agent(t.app);
      const { response } = await loginVia(agent);
      expect(response.statusCode).toBe(403);
      expect(decode(response.body)).toContain('Er is geen Werkcentrum-account gekoppeld aan deze inlog.');
      expect(agent.cookies.has('wc_session')).toBe(false);
    }
    expect((await credentialsOf('partner.amsterdam@werkcentrum.example'))?.oidc_subject ?? null).toBeNull();
    const count = await t.db.kysely
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('email', '=', 'niemand@voorbeeld.example')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses a disabled account and an account without membership', async () => {
    nextLogin = { sub: 'sub-disabled', acr: LOA.high };
    const disabled = await loginVia(new Agent(t.app));
    expect(disabled.response.statusCode).toBe(403);
    expect(decode(disabled.response.body)).toContain('Er is geen Werkcentrum-account gekoppeld');
    expect(await lastAudit()).toMatchObject({ outcome: 'denied', details: { reason: 'disabled' } });

    nextLogin = { sub: 'sub-no-membership', acr: LOA.substantial };
    const agent = new Agent(t.app);
    const { response } = await loginVia(agent);
    expect(response.statusCode).toBe(403);
    expect(decode(response.body)).toContain('Je account hoort nog niet bij een organisatie.');
    expect(agent.cookies.has('wc_session')).toBe(false);
  });

  it('refuses a tampered or replayed state, a forged state cookie and an error from the provider', async () => {
    const agent = new Agent(t.app);
    const start = await agent.get('/inloggen/oidc');
    const callback = await visitProvider(String(start.headers.location));
    const state = new URL(callback, BASE_URL).searchParams.get('state')!;
    const cookie = agent.cookies.get('wc_oidc')!;
    const failed = 'Inloggen via Test-SSO is niet gelukt.';

    const tampered = await agent.get(callback.replace(`state=${state}`, `state=${state}x`));
    expect(tampered.statusCode).toBe(400);
    expect(decode(tampered.body)).toContain(failed);
    expect(agent.cookies.has('wc_session')).toBe(false);

    // The cookie was used up by that attempt: the genuine callback cannot be replayed.
    const replayed = await agent.get(callback);
    expect(replayed.statusCode).toBe(400);
    expect(agent.cookies.has('wc_session')).toBe(false);

    // A cookie whose content was changed loses its signature.
    const forgedCookie = cookie.replace('"back":""', '"back":"/elders"');
    expect(forgedCookie).not.toBe(cookie);
    const forged = await t.app.inject({ method: 'GET', url: callback, cookies: { wc_oidc: forgedCookie } });
    expect(forged.statusCode).toBe(400);
    expect(String(forged.headers['set-cookie'])).not.toContain('wc_session=');
    expect(await lastAudit()).toMatchObject({ outcome: 'failure', details: { reason: 'state' } });

    const denied = await t.app.inject({
      method: 'GET',
      url: `${OIDC_CALLBACK_PATH}?error=access_denied&state=${state}&iss=${encodeURIComponent(provider.issuer)}`,
      cookies: { wc_oidc: cookie },
    });
    expect(denied.statusCode).toBe(400);
    expect(decode(denied.body)).toContain(failed);
    expect(await lastAudit()).toMatchObject({ outcome: 'failure', details: { reason: 'provider' } });
  });

  it('keeps only a local return path', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/inloggen/oidc?terug=https%3A%2F%2Fevil.example%2F' });
    const agent = new Agent(t.app);
    for (const cookie of start.cookies as { name: string; value: string }[]) agent.cookies.set(cookie.name, cookie.value);
    const response = await agent.get(await visitProvider(String(start.headers.location)));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/werkplek');
  });
});

describe('OIDC login while the provider is down', () => {
  it('starts the app, answers the login with a friendly error, and tries again once the provider is back', async () => {
    // A port that nothing listens on, until the provider starts on it below.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const t = await createTestApp({ env: oidcEnv(`http://127.0.0.1:${port}`) });
    let provider: TestProvider | undefined;
    try {
      const down = await t.app.inject({ method: 'GET', url: '/inloggen/oidc?terug=%2Fwerkplek' });
      expect(down.statusCode).toBe(503);
      expect(decode(down.body)).toContain('Inloggen via Test-SSO is niet gelukt. Probeer het opnieuw.');
      expect(down.body).toContain('name="password"');

      provider = await startProvider(port);
      const up = await t.app.inject({ method: 'GET', url: '/inloggen/oidc' });
      expect(up.statusCode).toBe(303);
      expect(String(up.headers.location)).toMatch(new RegExp(`^${provider.issuer}/`));
    } finally {
      await t.close();
      await provider?.close();
    }
  });
});

describe('OIDC configuration', () => {
  const base = { OIDC_ISSUER: 'https://login.example/realms/werk/', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' };

  it('accepts the required level and every stronger one', () => {
    const config = loadConfig({ ...base, OIDC_ACR_VALUES: 'loa2, loa2plus loa3,loa4', OIDC_REQUIRED_ACR: 'loa2plus' }).oidc!;
    expect(config.issuer).toBe('https://login.example/realms/werk/');
    expect(acceptedAcrValues(config)).toEqual(['loa2plus', 'loa3', 'loa4']);
    expect(acceptedAcrValues(loadConfig({ ...base, OIDC_REQUIRED_ACR: 'loa3' }).oidc!)).toEqual(['loa3']);
    expect(acceptedAcrValues(loadConfig(base).oidc!)).toBeNull();
  });

  it('rejects a required level outside the list, and plain http in production', () => {
    expect(() => loadConfig({ ...base, OIDC_ACR_VALUES: 'loa2,loa3', OIDC_REQUIRED_ACR: 'loa4' })).toThrow(/OIDC_REQUIRED_ACR/);
    expect(() => loadConfig({ ...base, OIDC_ACR_VALUES: 'loa2,loa3' })).toThrow(/OIDC_REQUIRED_ACR/);
    expect(() =>
      loadConfig({ ...base, NODE_ENV: 'production', BASE_URL: 'https://werkcentrum.example', OIDC_ISSUER: 'http://login.example' }),
    ).toThrow(/https/);
  });
});
