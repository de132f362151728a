import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../../config.ts';
import { prepareDatabase } from '../../setup.ts';
import type { Database } from '../../platform/db/pool.ts';
import { withSystem } from '../../platform/db/tenancy.ts';
import { DataDirLockedError } from '../../platform/db/lock.ts';
import { registerMessages, translator } from '../../platform/i18n/index.ts';
import { importRows, ImportFileError, problemText, readHsdsFolder, readImportFile, type ImportFormat, type ImportRow, type RowReport } from './import.ts';
import { regionName } from './opendata.repository.ts';
import { en, nl } from './opendata.messages.ts';

// `npm run import -- <file or folder> --region <code> [--publish] [--dry-run]`
// Imports open data into the catalogue of the database the application uses (DATA_DIR or
// DATABASE_URL): any HSDS 3.0 (JSON: a list of services, an API page with `contents`, or one
// service; tabular: a folder or zip of CSV files with datapackage.json), or our own CSV. New
// services arrive as concepts unless --publish. The embedded database is one process's: stop the
// application first. Exit status: 0 every service imported (or unchanged), 1 some failed (the
// others are imported), 2 usage or set-up error (nothing imported).

const USAGE = `usage: npm run import -- <file or folder> --region <code> [--publish] [--dry-run]

  <file>           HSDS 3.0 JSON (a list, an API page or one service), a zip or folder of
                   HSDS CSV tables (datapackage.json), or CSV with our columns
  --region AM05    the labour-market region the file is for (areas it does not name)
  --publish        publish what the file says is active (else new services are concepts)
  --dry-run        check and try every service, then undo it

The database is the application's: DATA_DIR (default ./data) or DATABASE_URL.
`;

class UsageError extends Error {}

interface Args {
  file: string;
  region: string;
  publish: boolean;
  dryRun: boolean;
}

function parse(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { region: { type: 'string' }, publish: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the file to import' : 'give exactly one file');
  if (!values.region) throw new UsageError('--region is required, e.g. --region AM05');
  const region = values.region.toUpperCase();
  if (!/^AM[0-9]{2}$/.test(region)) throw new UsageError(`--region must be a region code like AM05, got "${values.region}"`);
  return { file: positionals[0]!, region, publish: values.publish ?? false, dryRun: values['dry-run'] ?? false };
}

// The problems of each service are message keys (as the web interface stores them): here in English,
// from the same catalogue as the web interface (registered under the composition root's name).
registerMessages({ name: 'opendata', nl, en });
const t = translator('en');

const FORMAT_NAMES: Record<ImportFormat, string> = { 'hsds-json': 'HSDS JSON', 'hsds-tabular': 'HSDS tables', csv: 'CSV' };

/** The rows of a file, or of a folder of HSDS tables. */
function readInput(file: string): { format: ImportFormat; rows: ImportRow[] } {
  if (fs.statSync(file).isDirectory()) {
    const files = new Map<string, string>();
    for (const name of fs.readdirSync(file)) {
      const full = path.join(file, name);
      if (fs.statSync(full).isFile() && /\.(csv|json)$/i.test(name)) files.set(name.toLowerCase(), fs.readFileSync(full, 'utf8'));
    }
    return readHsdsFolder(files);
  }
  return readImportFile(file, fs.readFileSync(file));
}

/** A progress bar on a terminal (one line, redrawn), plain lines otherwise (logs, CI, pipes). */
function progress(out: NodeJS.WriteStream) {
  const tty = Boolean(out.isTTY);
  const width = 30;
  return {
    row(report: RowReport, index: number, total: number) {
      if (!tty) {
        out.write(`row ${report.row}: ${report.outcome}${report.key ? ` ${report.key}` : ''}\n`);
        return;
      }
      const done = index + 1;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      const label = (report.key || report.name).slice(0, Math.max(10, (out.columns ?? 80) - width - 20));
      out.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`);
      if (done === total) out.write('\n');
    },
  };
}

function section(title: string, reports: readonly RowReport[], problems: (report: RowReport) => RowReport['problems']): string[] {
  if (reports.length === 0) return [];
  const lines = ['', title];
  for (const report of reports) {
    const who = [report.name && `"${report.name}"`, report.key && `(${report.key})`].filter(Boolean).join(' ') || '(unnamed)';
    lines.push(`  row ${report.row} ${who}`);
    for (const problem of problems(report)) lines.push(`    ${problem.field}: ${problemText(t, problem)}`);
  }
  return lines;
}

function report(reports: readonly RowReport[]): string {
  const lines = [
    ...section('Services that were not imported (errors):', reports.filter((r) => r.outcome === 'failed'), (r) => r.problems),
    ...section('Services imported with warnings (what was assumed or kept aside):', reports.filter((r) => r.outcome !== 'failed' && r.warnings.length > 0), (r) => r.warnings),
  ];
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parse(argv);
  } catch (error) {
    const message = (error as Error).message;
    process.stderr.write(`${message ? `import: ${message}\n\n` : ''}${USAGE}`);
    return 2;
  }
  let format: ImportFormat;
  let rows: ImportRow[];
  try {
    ({ format, rows } = readInput(args.file));
  } catch (error) {
    if (error instanceof ImportFileError) {
      process.stderr.write(`import: ${args.file}: ${error.message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code) {
      process.stderr.write(`import: cannot read ${args.file}: ${code}\n`);
      return 2;
    }
    throw error;
  }

  let db: Database | undefined;
  try {
    const config = loadConfig();
    ({ db } = await prepareDatabase(config));
    const region = await withSystem(db, 'catalogue-maintenance', (tx) => regionName(tx, args.region));
    if (region === undefined) {
      process.stderr.write(`import: there is no labour-market region ${args.region}\n`);
      return 2;
    }
    process.stdout.write(
      `Importing ${rows.length} ${rows.length === 1 ? 'service' : 'services'} (${FORMAT_NAMES[format]}) into ${region} (${args.region})` +
        `${args.publish ? ', publishing active services' : ', new services as concepts'}${args.dryRun ? ', dry run: nothing is kept' : ''}\n`,
    );
    const bar = progress(process.stdout);
    const summary = await importRows(db, rows, {
      region: args.region,
      dryRun: args.dryRun,
      publish: args.publish,
      onRow: (row, index, total) => bar.row(row, index, total),
    });
    process.stdout.write(report(summary.rows));
    process.stdout.write(
      `\n${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed, ${summary.warned} with warnings` +
        `${args.dryRun ? ' (dry run: nothing was kept)' : ''}\n`,
    );
    return summary.failed > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`import: ${error.message}\nThe import needs the embedded database to itself: stop the application while you import.\n`);
    } else if (error instanceof ConfigError) {
      process.stderr.write(`import: ${error.message}\n`);
    } else {
      process.stderr.write(`import: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    return 2;
  } finally {
    await db?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
