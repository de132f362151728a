import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../config.ts';
import { openDatabase, type Database } from '../db/pool.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { verifyProcessingLog } from './verify.ts';

// `npm run verify-log`: checks the hash chain of the processing log and prints one line.
// Exit status 0: intact; 1: broken (the first broken row and why); 2: could not check.
// It opens the database as it is: no migrations or seeding, which would write to what it checks.

function describe(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) return error.message;
  if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '42P01') {
    return 'this database has no processing log: start the application on it once, so that it is migrated';
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function main(): Promise<number> {
  let db: Database | undefined;
  try {
    const config = loadConfig();
    // Opening a directory without a database would create an empty one there.
    if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pglite', 'PG_VERSION'))) {
      process.stderr.write(`verify-log: there is no database in ${path.resolve(config.dataDir)} (set DATA_DIR or DATABASE_URL)\n`);
      return 2;
    }
    db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
    const report = await verifyProcessingLog(db);
    if (report.intact) {
      process.stdout.write(`processing log intact: ${report.rows} rows, last seq ${report.lastSeq ?? 'none'}\n`);
      return 0;
    }
    process.stdout.write(`processing log BROKEN at seq ${report.brokenAt}: ${report.reason} (${report.rows} rows intact before it)\n`);
    return 1;
  } catch (error) {
    process.stderr.write(`verify-log: ${describe(error)}\n`);
    return 2;
  } finally {
    await db?.close();
  }
}

process.exitCode = await main();
