import * as client from 'openid-client';
import type { OidcConfig } from '../../config.ts';

// The OpenID Connect side of login with an organisation's SSO or a DigiD/eHerkenning broker:
// authorization code flow with PKCE, state and nonce, the ID token's signature checked against the
// provider's keys, and the assurance level (`acr`) checked against the configured minimum.

export const OIDC_START_PATH = '/inloggen/oidc';
export const OIDC_CALLBACK_PATH = '/inloggen/oidc/callback';
/** How long a browser may take at the provider before the login has to start again. */
export const OIDC_TRANSIENT_MINUTES = 10;

/** Provider metadata is fetched again after this long, so changed endpoints are picked up without a restart. */
const DISCOVERY_MAX_AGE_MS = 6 * 3600_000;
/** Seconds each request to the provider may take; a hanging provider must not hang the login page. */
const REQUEST_TIMEOUT_SECONDS = 10;

/** What the browser keeps (in a signed cookie) between the start and the callback. */
export interface OidcTransient {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Local path to go to after login. */
  back: string;
  /** Epoch milliseconds; the cookie's own lifetime is up to the browser, this one is not. */
  expiresAt: number;
}

export interface OidcIdentity {
  issuer: string;
  subject: string;
  acr: string | null;
  /**
   * The e-mail address the provider vouches for (`email_verified: true`), or null. From the ID token,
   * else from the UserInfo endpoint (providers that follow the spec put scope claims only there).
   */
  verifiedEmail(): Promise<string | null>;
}

/** The provider could not be asked (after the login itself succeeded). */
export class OidcProviderError extends Error {}

export type OidcCallbackResult = { outcome: 'ok'; identity: OidcIdentity } | { outcome: 'acr-too-low'; identity: OidcIdentity };

/** The accepted `acr` values (the required level and every stronger one), or null when no level is required. */
export function acceptedAcrValues(config: Pick<OidcConfig, 'acrLevels' | 'requiredAcr'>): string[] | null {
  if (!config.requiredAcr) return null;
  const index = config.acrLevels.indexOf(config.requiredAcr);
  return index < 0 ? [config.requiredAcr] : config.acrLevels.slice(index);
}

function verifiedEmailIn(claims: Record<string, unknown>): string | null {
  if (claims.email_verified !== true || typeof claims.email !== 'string') return null;
  const email = claims.email.trim().toLowerCase();
  return email.includes('@') ? email : null;
}

export function createOidcLogin(config: OidcConfig, baseUrl: string) {
  const redirectUri = `${baseUrl}${OIDC_CALLBACK_PATH}`;
  const accepted = acceptedAcrValues(config);
  let discovered: { at: number; configuration: Promise<client.Configuration> } | null = null;

  /**
   * The provider's configuration, discovered on first use rather than at start, so the app starts
   * while the provider is down; a failed discovery is forgotten, so the next login tries again.
   */
  function configuration(): Promise<client.Configuration> {
    if (discovered && Date.now() - discovered.at < DISCOVERY_MAX_AGE_MS) return discovered.configuration;
    const attempt = client.discovery(
      new URL(config.issuer),
      config.clientId,
      { redirect_uris: [redirectUri], response_types: ['code'] },
      client.ClientSecretBasic(config.clientSecret),
      {
        timeout: REQUEST_TIMEOUT_SECONDS,
        // Non-repudiation: the ID token's signature is verified too, not only the TLS connection it came over.
        execute: config.allowInsecure ? [client.enableNonRepudiationChecks, client.allowInsecureRequests] : [client.enableNonRepudiationChecks],
      },
    );
    const entry = { at: Date.now(), configuration: attempt };
    discovered = entry;
    attempt.catch(() => {
      if (discovered === entry) discovered = null;
    });
    return attempt;
  }

  return {
    /** Builds the provider's authorization URL and the transient state the browser must bring back. */
    async start(back: string): Promise<{ url: URL; transient: OidcTransient }> {
      const provider = await configuration();
      const transient: OidcTransient = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
        back,
        expiresAt: Date.now() + OIDC_TRANSIENT_MINUTES * 60_000,
      };
      const parameters: Record<string, string> = {
        redirect_uri: redirectUri,
        scope: 'openid email',
        state: transient.state,
        nonce: transient.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(transient.codeVerifier),
        code_challenge_method: 'S256',
      };
      // In order of preference: the lowest sufficient level asks the least of the user.
      if (accepted) parameters.acr_values = accepted.join(' ');
      return { url: client.buildAuthorizationUrl(provider, parameters), transient };
    },

    /**
     * Handles the provider's redirect back (its query string): checks state, exchanges the code (with the PKCE verifier),
     * verifies the ID token (signature, issuer, audience, expiry, nonce) and the assurance level.
     * Throws on any error from the provider or in its response.
     */
    async callback(search: string, transient: OidcTransient): Promise<OidcCallbackResult> {
      const provider = await configuration();
      // The response's parameters on the registered redirect URI, whatever host or path the request came in on.
      const currentUrl = new URL(redirectUri);
      currentUrl.search = search;
      const tokens = await client.authorizationCodeGrant(provider, currentUrl, {
        pkceCodeVerifier: transient.codeVerifier,
        expectedState: transient.state,
        expectedNonce: transient.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      const acr = typeof claims.acr === 'string' ? claims.acr : null;
      const identity: OidcIdentity = {
        issuer: claims.iss,
        subject: claims.sub,
        acr,
        async verifiedEmail() {
          const fromToken = verifiedEmailIn(claims);
          if (fromToken || !provider.serverMetadata().userinfo_endpoint) return fromToken;
          try {
            return verifiedEmailIn(await client.fetchUserInfo(provider, tokens.access_token, claims.sub));
          } catch (cause) {
            throw new OidcProviderError(`UserInfo request failed: ${(cause as Error).message}`, { cause });
          }
        },
      };
      const acrAccepted = !accepted || (acr !== null && accepted.includes(acr));
      return { outcome: acrAccepted ? 'ok' : 'acr-too-low', identity };
    },
  };
}

export type OidcLogin = ReturnType<typeof createOidcLogin>;
