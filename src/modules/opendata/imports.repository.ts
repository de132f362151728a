import type { Tx } from '../../platform/db/tenancy.ts';
import type { CatalogueImportStatus } from '../../platform/db/schema.ts';
import type { ImportFormat, ImportSummary, StoredSummary } from './import.ts';

// The SQL of imports in the web interface (table catalogue_imports, migration T0025). The person's
// functions run as them (row-level security shows a region's imports to its coordinator); the job's
// as the system actor under catalogue-maintenance.

export interface CatalogueImport {
  id: string;
  regionCode: string;
  fileName: string;
  format: ImportFormat | null;
  publish: boolean;
  status: CatalogueImportStatus;
  total: number;
  done: number;
  /** Problems as message keys with values; a report stored before that holds English text. */
  report: StoredSummary | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const columns = ['id', 'region_code', 'file_name', 'format', 'publish', 'status', 'total', 'done', 'report', 'error', 'created_at', 'finished_at'] as const;

type Row = { id: string; region_code: string; file_name: string; format: ImportFormat | null; publish: boolean; status: CatalogueImportStatus; total: number; done: number; report: unknown; error: string | null; created_at: Date; finished_at: Date | null };

const toImport = (row: Row): CatalogueImport => ({
  id: row.id,
  regionCode: row.region_code,
  fileName: row.file_name,
  format: row.format,
  publish: row.publish,
  status: row.status,
  total: row.total,
  done: row.done,
  report: (row.report as StoredSummary | null) ?? null,
  error: row.error,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

export async function insertImport(tx: Tx, values: { regionCode: string; fileName: string; content: Buffer; createdBy: string }): Promise<string> {
  const { id } = await tx
    .insertInto('catalogue_imports')
    .values({ region_code: values.regionCode, file_name: values.fileName, content: values.content, created_by: values.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findImport(tx: Tx, id: string): Promise<CatalogueImport | null> {
  const row = await tx.selectFrom('catalogue_imports').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? toImport(row as Row) : null;
}

/** The newest imports the actor may see (of one region, or all), newest first. */
export async function listImports(tx: Tx, regionCode: string | null, limit: number): Promise<CatalogueImport[]> {
  let query = tx.selectFrom('catalogue_imports').select(columns).orderBy('created_at', 'desc').limit(limit);
  if (regionCode) query = query.where('region_code', '=', regionCode);
  return (await query.execute()).map((row) => toImport(row as Row));
}

/** Asks to apply a checked import; false when it is not (or no longer) waiting for that. */
export async function requestApply(tx: Tx, id: string, publish: boolean): Promise<boolean> {
  const row = await tx.updateTable('catalogue_imports').set({ status: 'toepassen', publish }).where('id', '=', id).where('status', '=', 'gecontroleerd').returning('id').executeTakeFirst();
  return row !== undefined;
}

// The job's -------------------------------------------------------------------------------------------

export async function importWork(tx: Tx, id: string) {
  return tx.selectFrom('catalogue_imports').select(['region_code', 'file_name', 'content', 'status', 'publish']).where('id', '=', id).executeTakeFirst();
}

export async function setProgress(tx: Tx, id: string, progress: { total: number; done: number; format?: ImportFormat }): Promise<void> {
  await tx.updateTable('catalogue_imports').set(progress).where('id', '=', id).execute();
}

export async function finishImport(tx: Tx, id: string, result: { status: CatalogueImportStatus; report: ImportSummary | null; error: string | null; keepContent: boolean }): Promise<void> {
  await tx
    .updateTable('catalogue_imports')
    .set({
      status: result.status,
      report: result.report === null ? null : JSON.stringify(result.report),
      error: result.error,
      finished_at: new Date(),
      ...(result.keepContent ? {} : { content: null }),
    })
    .where('id', '=', id)
    .execute();
}

/** Imports that ended before the date, with their file, report and uploader: gone. */
export async function forgetImports(tx: Tx, endedBefore: Date): Promise<number> {
  const rows = await tx.deleteFrom('catalogue_imports').where('finished_at', '<', endedBefore).returning('id').execute();
  return rows.length;
}
