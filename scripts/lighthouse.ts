import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import lighthouse from 'lighthouse';
import { launch } from 'chrome-launcher';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { prepareDatabase } from '../src/setup.ts';

// Lighthouse (mobile, default throttling) on the pages a citizen lands on: a region's Werkcentrum
// and a search result page. Runs the app on an in-memory database with the demo catalogue and
// Chromium at CHROMIUM_PATH (/usr/bin/chromium). Prints the category scores and writes
// bench/results/lighthouse.json.

const PAGES = ['/twente', '/twente/zoeken?q=loopbaanadvies', '/twente/zoeken?q=schulden&plaats=7511&sorteer=distance'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

async function main() {
  const { db } = await prepareDatabase({ databaseUrl: undefined, dataDir: 'memory://', seedDemo: true });
  const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const chrome = await launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const results: { page: string; scores: Record<string, number> }[] = [];
  try {
    for (const page of PAGES) {
      const run = await lighthouse(`${base}${page}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
      if (!run) throw new Error(`no Lighthouse result for ${page}`);
      const scores = Object.fromEntries(CATEGORIES.map((id) => [id, run.lhr.categories[id]?.score ?? 0]));
      results.push({ page, scores });
    }
  } finally {
    await chrome.kill();
    await app.close();
    await db.close();
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/lighthouse.json', `${JSON.stringify({ date: new Date().toISOString(), formFactor: 'mobile', results }, null, 2)}\n`);
  process.stdout.write(`\n| page | ${CATEGORIES.join(' | ')} |\n|---|${CATEGORIES.map(() => '---:').join('|')}|\n`);
  for (const { page, scores } of results) process.stdout.write(`| ${page} | ${CATEGORIES.map((id) => scores[id]!.toFixed(2)).join(' | ')} |\n`);
  process.stdout.write('\nWritten to bench/results/lighthouse.json\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`lighthouse failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
