import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { totpCodeFor, TEST_FIELD_KEY } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

// Browser journeys run in Debian's Chromium (apt-get install chromium), driven by playwright-core.
// CI installs it; on a developer machine without it the journeys are skipped with a notice,
// but with CI=true a missing browser fails the run.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser && process.env.CI === 'true') {
  throw new Error(`Browser tests need Chromium at ${CHROMIUM}; .ci/run installs it with apt-get install -y chromium`);
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };
const SCREENSHOTS = 'test-results/screenshots';

export interface Served {
  app: App;
  db: TestDatabase;
  baseUrl: string;
  close(): Promise<void>;
}

/** The whole app on a random loopback port, on a fresh database with demo data and the demo catalogue; `env` adds settings (e.g. SMTP). */
export async function serve(env: Record<string, string> = {}): Promise<Served> {
  const db = await createTestDatabase({ demo: true, catalogue: true });
  // The base URL must be known before listening; bind first on a random port, then build for it.
  const probe = await import('node:net').then(
    ({ createServer }) =>
      new Promise<number>((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as AddressInfo;
          server.close(() => resolve(port));
        });
      }),
  );
  const baseUrl = `http://127.0.0.1:${probe}`;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: String(probe), BASE_URL: baseUrl, FIELD_ENCRYPTION_KEY: TEST_FIELD_KEY, ...env });
  const app = await buildApp({ config, db });
  await app.listen({ port: probe, host: '127.0.0.1' });
  return {
    app,
    db,
    baseUrl,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // This machine has no network beyond loopback: keep Chromium from reaching out.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Session {
  served: Served;
  browser: Browser;
}

/**
 * The app and Chromium for one test file: started before its tests and closed after them (left
 * unset without a browser, when the file's `describe.skipIf(!hasBrowser)` skips the tests).
 */
export function browserSession(): Session {
  const session = {} as Session;
  beforeAll(async () => {
    if (!hasBrowser) return;
    [session.served, session.browser] = await Promise.all([serve(), launch()]);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.served?.close();
  });
  return session;
}

/** Signs a demo account in with its password and TOTP code; `checkCodePage` runs axe on the code page. */
export async function login(page: Page, baseUrl: string, email: string, options: { checkCodePage?: boolean } = {}): Promise<void> {
  await page.goto(`${baseUrl}/inloggen`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/inloggen\/code/);
  if (options.checkCodePage) await expectAccessible(page, 'TOTP code page');
  await page.getByLabel('Code van 6 cijfers').fill(totpCodeFor(email));
  await page.getByRole('button', { name: 'Controleren' }).click();
  await page.waitForURL(/\/werkplek/);
}

export async function newContext(browser: Browser, options: { javaScript?: boolean; viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: options.javaScript ?? true, viewport: options.viewport ?? DESKTOP, locale: 'nl-NL' });
}

/** WCAG 2.1 AA through axe: the page must have zero violations. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(violations, `axe on ${label} (${page.url()})`).toEqual([]);
}

/**
 * Screenshots at phone and desktop width, for people to look at (test-results/screenshots). Taken
 * in the run on the embedded database only: the pages are the same HTML on the server, and CI runs
 * both side by side on two cores.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.DATABASE_URL) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? DESKTOP;
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize(original);
}
