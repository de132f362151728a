import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { prepareDatabase } from '../src/setup.ts';
import { API_PREFIX } from '../src/platform/http/openapi.ts';

// npm run lint:api — lints the OpenAPI document the app really serves against the NL API Design
// Rules (a pinned copy in standards/, so CI does not depend on anything outside the repository).
// Exits with Spectral's code: non-zero on any error-level finding.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RULESET = path.join(root, 'standards/api-design-rules/ruleset.yaml');

export interface LintResult {
  exitCode: number;
  /** Spectral's human-readable (stylish) report. */
  output: string;
  findings: { code: string; message: string; path: string[]; severity: 'error' | 'warning' | 'info' | 'hint' }[];
}

const severities = ['error', 'warning', 'info', 'hint'] as const;

function spectralBin(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@stoplight/spectral-cli/package.json');
  const { bin } = require(manifest) as { bin: { spectral: string } };
  return path.join(path.dirname(manifest), bin.spectral);
}

/** Runs the Spectral CLI as a child process on the document; stylish to stdout, JSON to a file for counting. */
export async function lintOpenApi(document: unknown): Promise<LintResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wc-lint-api-'));
  try {
    const file = path.join(dir, 'openapi.json');
    const report = path.join(dir, 'report.json');
    await writeFile(file, JSON.stringify(document, null, 2));
    const args = [spectralBin(), 'lint', '-r', RULESET, file, '--fail-severity', 'error', '-f', 'stylish', '-f', 'json', '--output.json', report];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? 1));
    });
    const raw = await readFile(report, 'utf8').catch(() => '[]');
    const findings = (JSON.parse(raw) as { code: string | number; message: string; path: (string | number)[]; severity: number }[]).map((entry) => ({
      code: String(entry.code),
      message: entry.message,
      path: entry.path.map(String),
      severity: severities[entry.severity] ?? 'hint',
    }));
    return { exitCode, output: output.replaceAll(file, `${API_PREFIX}/openapi.json`), findings };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The document exactly as GET /api/v1/openapi.json serves it, from an app on an in-memory database. */
export async function servedOpenApi(): Promise<unknown> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', BASE_URL: 'https://werkcentrum.example', SEED_DEMO: 'false' });
  const { db } = await prepareDatabase({ databaseUrl: undefined, dataDir: 'memory://', seedDemo: false });
  try {
    const app = await buildApp({ config, db });
    try {
      const response = await app.inject({ method: 'GET', url: `${API_PREFIX}/openapi.json` });
      if (response.statusCode !== 200) throw new Error(`GET ${API_PREFIX}/openapi.json answered ${response.statusCode}`);
      return response.json();
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
}

async function main() {
  const result = await lintOpenApi(await servedOpenApi());
  const count = (severity: LintResult['findings'][number]['severity']) => result.findings.filter((f) => f.severity === severity).length;
  process.stdout.write(result.output.trimEnd() + '\n');
  process.stdout.write(
    `lint:api: ${count('error')} errors, ${count('warning')} warnings against ${path.relative(root, RULESET)} (${result.exitCode === 0 ? 'passed' : 'failed'})\n`,
  );
  process.exitCode = result.exitCode;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`lint:api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
