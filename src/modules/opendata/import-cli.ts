import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../../config.ts';
import { prepareDatabase } from '../../setup.ts';
import type { Database } from '../../platform/db/pool.ts';
import { withSystem } from '../../platform/db/tenancy.ts';
import { DataDirLockedError } from '../../platform/db/lock.ts';
import { importRows, ImportFileError, readCsvFile, readHsdsFile, type ImportRow, type RowReport } from './import.ts';
import { regionName } from './opendata.repository.ts';

// `npm run import -- <file> --region <code> [--format json|csv] [--dry-run]`
// Imports an open-data file (HSDS 3.0 JSON as GET /api/v1/open-data/hsds/services gives it, or our
// CSV) into the catalogue of the database the application uses (DATA_DIR or DATABASE_URL). The
// embedded database is one process's: stop the application first. Exit status: 0 every row
// imported (or unchanged), 1 some rows failed (the others are imported), 2 usage or set-up error
// (nothing imported).

const USAGE = `usage: npm run import -- <file> --region <code> [--format json|csv] [--dry-run]

  <file>           HSDS 3.0 JSON (an array of services) or CSV with our columns
  --region AM05    the labour-market region the file is for
  --format         json or csv; by default from the file name, else from the content
  --dry-run        check and try every row, then undo it

The database is the application's: DATA_DIR (default ./data) or DATABASE_URL.
`;

class UsageError extends Error {}

interface Args {
  file: string;
  region: string;
  format: 'json' | 'csv' | undefined;
  dryRun: boolean;
}

function parse(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { region: { type: 'string' }, format: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
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
  if (values.format !== undefined && values.format !== 'json' && values.format !== 'csv') throw new UsageError('--format must be json or csv');
  return { file: positionals[0]!, region, format: values.format, dryRun: values['dry-run'] ?? false };
}

function formatOf(args: Args, text: string): 'json' | 'csv' {
  if (args.format) return args.format;
  const extension = path.extname(args.file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.csv') return 'csv';
  return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
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

function errorReport(reports: readonly RowReport[]): string {
  const failed = reports.filter((r) => r.outcome === 'failed');
  if (failed.length === 0) return '';
  const lines = ['', 'Rows that were not imported:'];
  for (const report of failed) {
    const who = [report.name && `"${report.name}"`, report.key && `(${report.key})`].filter(Boolean).join(' ') || '(unnamed)';
    lines.push(`  row ${report.row} ${who}`);
    for (const problem of report.problems) lines.push(`    ${problem.field}: ${problem.message}`);
  }
  return `${lines.join('\n')}\n`;
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
  let text: string;
  try {
    text = fs.readFileSync(args.file, 'utf8');
  } catch (error) {
    process.stderr.write(`import: cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 2;
  }
  const format = formatOf(args, text);
  let rows: ImportRow[];
  try {
    rows = format === 'json' ? readHsdsFile(text, args.region) : readCsvFile(text);
  } catch (error) {
    if (error instanceof ImportFileError) {
      process.stderr.write(`import: ${args.file}: ${error.message}\n`);
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
      `Importing ${rows.length} ${rows.length === 1 ? 'service' : 'services'} (${format.toUpperCase()}) into ${region} (${args.region})` +
        `${args.dryRun ? ', dry run: nothing is kept' : ''}\n`,
    );
    const bar = progress(process.stdout);
    const summary = await importRows(db, rows, { region: args.region, dryRun: args.dryRun, onRow: (report, index, total) => bar.row(report, index, total) });
    process.stdout.write(errorReport(summary.rows));
    process.stdout.write(
      `\n${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed` +
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
