import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuthorizationResponseError } from 'openid-client';
import type { OidcConfig } from '../../config.ts';
import type { Database } from '../db/pool.ts';
import { pageContext } from '../http/context.ts';
import { afterLogin, returnPath } from './return-path.ts';
import type { FieldError } from '../http/errors.ts';
import { setSessionCookie } from './cookies.ts';
import { createOidcAccounts } from './oidc.accounts.ts';
import { OIDC_CALLBACK_PATH, OIDC_START_PATH, OIDC_TRANSIENT_MINUTES, OidcProviderError, createOidcLogin, type OidcTransient } from './oidc.ts';
import type { SessionStore } from './sessions.ts';
import { LoginPage } from './views.tsx';

export interface OidcRouteOptions {
  oidc: OidcConfig;
  baseUrl: string;
  db: Database;
  sessions: SessionStore;
  stylesheet: string;
}

/** Holds state, nonce, PKCE verifier and return path between start and callback; sent only to the OIDC paths. */
export const OIDC_COOKIE = 'wc_oidc';

const MAX_BACK_LENGTH = 500;
const BackQuery = Type.Object({ terug: Type.Optional(Type.String({ maxLength: 2000 })) });

function readTransient(request: FastifyRequest): OidcTransient | null {
  const raw = request.cookies[OIDC_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return null;
  try {
    const value = JSON.parse(unsigned.value) as Partial<OidcTransient>;
    const fields = [value.state, value.nonce, value.codeVerifier, value.back];
    if (!fields.every((field) => typeof field === 'string') || typeof value.expiresAt !== 'number') return null;
    return value.expiresAt > Date.now() ? (value as OidcTransient) : null;
  } catch {
    return null;
  }
}

// Login with the configured OIDC provider: /inloggen/oidc sends the browser there, the provider sends
// it back to /inloggen/oidc/callback. Every failure ends on the login page with a message, never a 500.
export const oidcRoutes: FastifyPluginAsync<OidcRouteOptions> = async (fastify, options) => {
  const { oidc, baseUrl, sessions, stylesheet } = options;
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const login = createOidcLogin(oidc, baseUrl);
  const accounts = createOidcAccounts(options.db);
  const secureCookies = baseUrl.startsWith('https://');
  const cookieOptions = { path: OIDC_START_PATH, httpOnly: true, sameSite: 'lax', secure: secureCookies, signed: true } as const;

  const renderError = (request: FastifyRequest, reply: FastifyReply, status: number, back: string, error: FieldError) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(<LoginPage ctx={pageContext(request, reply, stylesheet)} email="" back={back} errors={[error]} oidcName={oidc.displayName} />);
  const oidcError = { field: 'oidc', key: 'login.error.oidc', params: { name: oidc.displayName } } as const;

  app.get(OIDC_START_PATH, { schema: { hide: true, querystring: BackQuery } }, async (request, reply) => {
    // A long path would push the cookie past the browser's size limit and lose the login.
    const requested = returnPath(request.query.terug);
    const back = requested.length <= MAX_BACK_LENGTH ? requested : '';
    if (request.actor.kind === 'user') return reply.code(303).redirect(afterLogin(back));
    let started;
    try {
      started = await login.start(back);
    } catch (error) {
      request.log.warn({ reason: (error as Error).message }, 'OIDC provider not reachable');
      return renderError(request, reply, 503, back, oidcError);
    }
    reply.setCookie(OIDC_COOKIE, JSON.stringify(started.transient), { ...cookieOptions, maxAge: OIDC_TRANSIENT_MINUTES * 60 });
    return reply.code(303).redirect(started.url.href);
  });

  app.get(OIDC_CALLBACK_PATH, { schema: { hide: true } }, async (request, reply) => {
    const transient = readTransient(request);
    // One use only: a replayed callback finds no state.
    reply.clearCookie(OIDC_COOKIE, { path: cookieOptions.path });
    if (!transient) {
      await accounts.recordFailure(request.trace, 'state');
      return renderError(request, reply, 400, '', oidcError);
    }

    let result;
    try {
      result = await login.callback(new URL(request.url, baseUrl).search, transient);
    } catch (error) {
      // The provider's own error code (e.g. access_denied when the user cancels) or what failed in its response.
      const reason = error instanceof AuthorizationResponseError ? error.error : (error as Error).message;
      request.log.warn({ reason }, 'OIDC login failed');
      await accounts.recordFailure(request.trace, 'provider');
      return renderError(request, reply, 400, transient.back, oidcError);
    }
    if (result.outcome === 'acr-too-low') {
      await accounts.recordFailure(request.trace, 'acr', result.identity);
      return renderError(request, reply, 403, transient.back, {
        field: 'oidc',
        key: 'login.error.oidcAcr',
        params: { acr: oidc.requiredAcr ?? '' },
      });
    }

    let account;
    try {
      account = await accounts.resolve(request.trace, result.identity);
    } catch (error) {
      if (!(error instanceof OidcProviderError)) throw error;
      request.log.warn({ reason: error.message }, 'OIDC user info failed');
      await accounts.recordFailure(request.trace, 'provider');
      return renderError(request, reply, 400, transient.back, oidcError);
    }
    if (account.outcome === 'unknown') return renderError(request, reply, 403, transient.back, { field: 'oidc', key: 'login.error.oidcUnknown' });
    if (account.outcome === 'no-membership') {
      return renderError(request, reply, 403, transient.back, { field: 'oidc', key: 'login.error.noMembership' });
    }

    const token = await sessions.create(
      request.trace,
      { userId: account.userId, stage: 'full', authMethod: 'oidc', acr: result.identity.acr },
      request.session?.idHash,
    );
    setSessionCookie(reply, token, secureCookies);
    return reply.code(303).redirect(afterLogin(transient.back));
  });
};
