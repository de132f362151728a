import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

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
    const config = loadConfig({ NODE_ENV: 'production', BASE_URL: 'https://werkcentrum.example', SEED_DEMO: 'true' });
    expect(config.seedDemo).toBe(false);
  });
});
