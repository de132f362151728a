import type { Database } from '../../platform/db/pool.ts';
import { withActor, withSystem } from '../../platform/db/tenancy.ts';
import type { UserActor } from '../../platform/auth/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import { newTrace, type Trace } from '../../platform/http/trace.ts';
import { submitOnce } from '../../platform/http/submissions.ts';
import { sendJob, type JobDefinition } from '../../platform/jobs/jobs.ts';
import { importRows, ImportFileError, readImportFile, type ImportSummary } from './import.ts';
import { catalogueImportPolicy } from './imports.policy.ts';
import { findImport, finishImport, importWork, insertImport, listImports, requestApply, setProgress, type CatalogueImport } from './imports.repository.ts';

// Import in the web interface: a coordinator uploads a file, a job checks it (every service tried
// and rolled back: the dry-run report), the coordinator reads the report and applies it, and the job
// imports it, publishing what the file says is active only when asked. Both runs are durable jobs
// under the system actor; the page shows their progress.

declare module '../../platform/jobs/jobs.ts' {
  interface JobData {
    'catalogue-import': { importId: string };
  }
}

/** The largest file the web interface takes; a bigger catalogue goes through `npm run import`. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const UPLOAD_SCOPE = 'catalogue-import';

export type UploadProblem = { field: 'bestand' | 'regio'; key: 'opendata.import.error.missing' | 'opendata.import.error.empty' | 'opendata.import.error.tooLarge' | 'opendata.import.error.unreadable' | 'opendata.import.error.region'; detail?: string };

export function createImportService(db: Database) {
  return {
    async list(trace: Trace, actor: UserActor): Promise<CatalogueImport[]> {
      catalogueImportPolicy.authorize(actor, 'list');
      const region = actor.membership!.role === 'platformbeheerder' ? null : actor.membership!.regionCode;
      return withActor(db, { actor, trace, activity: 'catalogue-maintenance' }, (tx) => listImports(tx, region, 20));
    },

    async get(trace: Trace, actor: UserActor, id: string): Promise<CatalogueImport> {
      const found = await withActor(db, { actor, trace, activity: 'catalogue-maintenance' }, (tx) => findImport(tx, id));
      if (!found || !catalogueImportPolicy.can(actor, 'read', found)) throw notFound('There is no such import.');
      return found;
    },

    /**
     * Takes a file for the region, once per form submission: a file that cannot be read at all is
     * answered at once (the form again, with the reason); a readable one is stored and checked by a job.
     */
    async upload(trace: Trace, actor: UserActor, input: { regionCode: string; fileName: string; bytes: Buffer; truncated: boolean }, submissionKey: string): Promise<{ id?: string; problem?: UploadProblem }> {
      if (!catalogueImportPolicy.can(actor, 'upload', { regionCode: input.regionCode })) return { problem: { field: 'regio', key: 'opendata.import.error.region' } };
      if (input.truncated) return { problem: { field: 'bestand', key: 'opendata.import.error.tooLarge' } };
      if (input.bytes.length === 0) return { problem: { field: 'bestand', key: input.fileName ? 'opendata.import.error.empty' : 'opendata.import.error.missing' } };
      try {
        readImportFile(input.fileName, input.bytes);
      } catch (error) {
        if (error instanceof ImportFileError) return { problem: { field: 'bestand', key: 'opendata.import.error.unreadable', detail: error.message } };
        throw error;
      }
      const { result } = await withActor(db, { actor, trace, activity: 'catalogue-maintenance' }, (tx) =>
        submitOnce(tx, UPLOAD_SCOPE, submissionKey, async () => {
          const id = await insertImport(tx, { regionCode: input.regionCode, fileName: input.fileName.slice(0, 200) || 'bestand', content: input.bytes, createdBy: actor.userId });
          await sendJob(tx, 'catalogue-import', { importId: id });
          return id;
        }),
      );
      return { id: result };
    },

    /** Applies a checked import; false when it was not waiting for that (applied already, or still being checked). */
    async apply(trace: Trace, actor: UserActor, id: string, publish: boolean): Promise<boolean> {
      const found = await this.get(trace, actor, id);
      catalogueImportPolicy.authorize(actor, 'apply', found);
      return withActor(db, { actor, trace, activity: 'catalogue-maintenance' }, async (tx) => {
        if (!(await requestApply(tx, id, publish))) return false;
        await sendJob(tx, 'catalogue-import', { importId: id });
        return true;
      });
    },
  };
}

/** Progress is written at most this often: a row per service would be a write per service. */
const PROGRESS_EVERY_MS = 500;

/** Checks (dry run) or applies an import, by its status; a repeated job for a finished import does nothing. */
export async function runImport(db: Database, importId: string): Promise<void> {
  const trace = newTrace();
  const work = await withSystem(db, 'catalogue-maintenance', trace, (tx) => importWork(tx, importId));
  if (!work || !work.content || (work.status !== 'controleren' && work.status !== 'toepassen')) return;
  const dryRun = work.status === 'controleren';
  let summary: ImportSummary;
  try {
    const { format, rows } = readImportFile(work.file_name, work.content);
    await withSystem(db, 'catalogue-maintenance', trace, (tx) => setProgress(tx, importId, { total: rows.length, done: 0, format }));
    let written = Date.now();
    summary = await importRows(db, rows, {
      region: work.region_code,
      dryRun,
      publish: work.publish,
      onProgress: async (done) => {
        if (Date.now() - written < PROGRESS_EVERY_MS && done < rows.length) return;
        written = Date.now();
        await withSystem(db, 'catalogue-maintenance', trace, (tx) => setProgress(tx, importId, { total: rows.length, done }));
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await withSystem(db, 'catalogue-maintenance', trace, (tx) => finishImport(tx, importId, { status: 'mislukt', report: null, error: message.slice(0, 2000), keepContent: false }));
    if (error instanceof ImportFileError) return;
    throw error;
  }
  await withSystem(db, 'catalogue-maintenance', trace, (tx) =>
    finishImport(tx, importId, { status: dryRun ? 'gecontroleerd' : 'klaar', report: summary, error: null, keepContent: dryRun }),
  );
}

export function catalogueImportJob(db: Database): JobDefinition<'catalogue-import'> {
  return {
    name: 'catalogue-import',
    // A failed run is not retried: the import says it failed and why; the coordinator uploads again.
    retry: { limit: 0, delaySeconds: 60, backoff: false },
    timeoutSeconds: 1800,
    handle: (data) => runImport(db, data.importId),
  };
}
