import { isIP } from 'node:net';

// Typed, validated environment. Every setting is documented in the README's configuration table;
// a bad value stops the process at start with a message naming the variable.

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the login button, e.g. "Inloggen met DigiD Machtigen" or the organisation's SSO. */
  displayName: string;
  /** The provider's assurance levels (`acr` values), weakest first; empty when not configured. */
  acrLevels: readonly string[];
  /** The minimal assurance level: it and every stronger level in `acrLevels` are accepted. */
  requiredAcr: string | undefined;
  /** Plain http issuers are only allowed outside production (tests run a provider on loopback). */
  allowInsecure: boolean;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | undefined;
  password: string | undefined;
  from: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  baseUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  seedDemo: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** API requests per minute per client address; pages may make twice as many (they load assets). */
  rateLimitPerMinute: number;
  /** Proxies (addresses or CIDR networks) whose X-Forwarded-For gives the client address; none by default. */
  trustedProxies: readonly string[];
  smtp: SmtpConfig | undefined;
  oidc: OidcConfig | undefined;
  /** AES-256 key for fields encrypted at rest (the BSN); outside production a key file in the data directory when unset. */
  fieldEncryptionKey: Buffer | undefined;
  logLevel: string;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function url(env: Env, name: string, fallback?: string): string | undefined {
  const raw = env[name] || fallback;
  if (raw === undefined) return undefined;
  try {
    return new URL(raw).toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(`${name} must be an absolute URL, got "${raw}"`);
  }
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** Comma-separated IPv4/IPv6 addresses and CIDR networks, e.g. "10.0.0.0/8, ::1". */
function addressList(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    const [address = '', prefix, ...rest] = value.split('/');
    const version = isIP(address);
    const bits = version === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (version === 0 || !prefixOk || rest.length > 0) {
      throw new ConfigError(`${name} must be IP addresses or networks (CIDR) separated by commas, e.g. 10.0.0.1,192.168.0.0/16,::1; got "${value}"`);
    }
    return value;
  });
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const baseUrl = url(env, 'BASE_URL', `http://localhost:${port}`)!;
  if (nodeEnv === 'production' && !baseUrl.startsWith('https://')) {
    throw new ConfigError('BASE_URL must use https in production');
  }

  const smtpHost = env.SMTP_HOST;
  const smtp: SmtpConfig | undefined = smtpHost
    ? {
        host: smtpHost,
        port: integer(env, 'SMTP_PORT', 587, 1, 65535),
        secure: boolean(env, 'SMTP_SECURE', false),
        user: env.SMTP_USER || undefined,
        password: env.SMTP_PASSWORD || undefined,
        from: env.SMTP_FROM || 'Werkcentrum <no-reply@werkcentrum.localhost>',
      }
    : undefined;

  // OIDC login for professionals (organisation SSO or a DigiD/eHerkenning broker); off without OIDC_ISSUER.
  //   OIDC_ISSUER          the provider's issuer URL (discovery at /.well-known/openid-configuration)
  //   OIDC_CLIENT_ID       client id registered at the provider, with redirect URI BASE_URL/inloggen/oidc/callback
  //   OIDC_CLIENT_SECRET   client secret (client_secret_basic)
  //   OIDC_DISPLAY_NAME    name on the login button, default "SSO"
  //   OIDC_ACR_VALUES      the provider's assurance levels, weakest first, separated by commas or spaces,
  //                        e.g. urn:etoegang:core:assurance-class:loa2,…:loa2plus,…:loa3,…:loa4
  //   OIDC_REQUIRED_ACR    the minimal level a login must reach; one of OIDC_ACR_VALUES when that is set.
  //                        Without it no level is checked.
  // Validated but kept as written: discovery compares it with the provider's own issuer, where a
  // trailing slash after a path counts.
  const issuer = url(env, 'OIDC_ISSUER') && env.OIDC_ISSUER!.trim();
  let oidc: OidcConfig | undefined;
  if (issuer) {
    if (!env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) {
      throw new ConfigError('OIDC_ISSUER is set, so OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set too');
    }
    const acrLevels = (env.OIDC_ACR_VALUES ?? '').split(/[\s,]+/).filter(Boolean);
    const requiredAcr = env.OIDC_REQUIRED_ACR?.trim() || undefined;
    if (acrLevels.length > 0 && !requiredAcr) {
      throw new ConfigError('OIDC_ACR_VALUES is set, so OIDC_REQUIRED_ACR must name the minimal level');
    }
    if (requiredAcr && acrLevels.length > 0 && !acrLevels.includes(requiredAcr)) {
      throw new ConfigError(`OIDC_REQUIRED_ACR must be one of OIDC_ACR_VALUES, got "${requiredAcr}"`);
    }
    const allowInsecure = nodeEnv !== 'production' && issuer.startsWith('http://');
    if (issuer.startsWith('http://') && !allowInsecure) {
      throw new ConfigError('OIDC_ISSUER must use https in production');
    }
    oidc = {
      issuer,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      displayName: env.OIDC_DISPLAY_NAME || 'SSO',
      acrLevels,
      requiredAcr,
      allowInsecure,
    };
  }

  const rawKey = env.FIELD_ENCRYPTION_KEY?.trim();
  const fieldEncryptionKey = rawKey ? Buffer.from(rawKey, 'base64') : undefined;
  if (rawKey && (fieldEncryptionKey!.length !== 32 || !/^[A-Za-z0-9+/]+=*$/.test(rawKey))) {
    throw new ConfigError('FIELD_ENCRYPTION_KEY must be 32 random bytes in base64 (e.g. openssl rand -base64 32)');
  }
  if (nodeEnv === 'production' && !fieldEncryptionKey) {
    throw new ConfigError('FIELD_ENCRYPTION_KEY must be set in production: 32 random bytes in base64 (openssl rand -base64 32), kept outside the database');
  }

  const seedDemo = nodeEnv !== 'production' && boolean(env, 'SEED_DEMO', true);
  return {
    env: nodeEnv,
    port,
    // The demo accounts' passwords and TOTP secrets are public: with them, only this machine may connect.
    host: env.HOST || (seedDemo ? '127.0.0.1' : '0.0.0.0'),
    baseUrl,
    dataDir: env.DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || undefined,
    seedDemo,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 14),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    trustedProxies: addressList(env, 'TRUSTED_PROXIES'),
    smtp,
    oidc,
    fieldEncryptionKey,
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info'),
  };
}
