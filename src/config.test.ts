import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const production = { NODE_ENV: 'production', BASE_URL: 'https://werkcentrum.example', FIELD_ENCRYPTION_KEY: KEY };

describe('configuration', () => {
  it('has working defaults: port 3000, ./data, demo data outside production', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: './data', baseUrl: 'http://localhost:3000', seedDemo: true, databaseUrl: undefined });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'drieduizend' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ BASE_URL: 'not a url' })).toThrow(/BASE_URL/);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example' })).toThrow(/OIDC_CLIENT_ID/);
  });

  it('in production: https required, no demo data', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', BASE_URL: 'http://werkcentrum.example' })).toThrow(/https/);
    const config = loadConfig({ ...production, SEED_DEMO: 'true' });
    expect(config.seedDemo).toBe(false);
  });

  it('takes the field encryption key as 32 bytes in base64; production refuses to start without one', () => {
    expect(loadConfig({ FIELD_ENCRYPTION_KEY: KEY }).fieldEncryptionKey).toEqual(Buffer.alloc(32, 7));
    expect(loadConfig({}).fieldEncryptionKey).toBeUndefined();
    expect(() => loadConfig({ FIELD_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/FIELD_ENCRYPTION_KEY/);
    expect(() => loadConfig({ FIELD_ENCRYPTION_KEY: 'not base64 at all!' })).toThrow(/FIELD_ENCRYPTION_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'production', BASE_URL: 'https://werkcentrum.example' })).toThrow(/FIELD_ENCRYPTION_KEY/);
  });

  it('listens only on 127.0.0.1 with demo data (public passwords), on all addresses otherwise, and on HOST when set', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ SEED_DEMO: 'false' }).host).toBe('0.0.0.0');
    expect(loadConfig(production).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '::', SEED_DEMO: 'false' }).host).toBe('::');
  });

  it('trusts X-Forwarded-For from no one unless TRUSTED_PROXIES names addresses or networks', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig(production).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: ' 10.0.0.1, 192.168.0.0/16,::1 ,2001:db8::/32' }).trustedProxies).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      '2001:db8::/32',
    ]);
    for (const bad of ['localhost', '10.0.0.0/33', '::1/129', '1.2.3', '10.0.0.1/', '10.0.0.1/8x', '10.0.0.1,,10.0.0.2', '*']) {
      expect(() => loadConfig({ TRUSTED_PROXIES: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ TRUSTED_PROXIES: bad }), bad).toThrow(/TRUSTED_PROXIES/);
    }
  });
});
