import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';

const migrationFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Migrations are imported from this module rather than by Kysely's FileMigrationProvider, so the
// TypeScript loader in use (tsx at run time, Vite in tests) handles them.
const provider: MigrationProvider = {
  async getMigrations() {
    const files = (await fs.readdir(migrationFolder)).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.replace(/\.ts$/, '')] = (await import(pathToFileURL(path.join(migrationFolder, file)).href)) as Migration;
    }
    return migrations;
  },
};

/** Runs pending migrations; several app processes starting at once are serialised by Kysely's lock table. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  return applied(await new Migrator({ db, provider }).migrateToLatest());
}

/** Runs pending migrations up to and including `name`: a test of what a migration does to existing data starts there. */
export async function migrateTo(db: Kysely<unknown>, name: string): Promise<string[]> {
  return applied(await new Migrator({ db, provider }).migrateTo(name));
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`Migration ${failed ?? ''} failed: ${(error as Error).message}`, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
