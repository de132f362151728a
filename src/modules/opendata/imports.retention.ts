import { type RetentionRule } from '../../platform/privacy/retention.ts';
import { forgetImports } from './imports.repository.ts';

/** An import in the web interface is kept, with its file, its report and who uploaded it, for 30 days after it ended. */
export const CATALOGUE_IMPORT_RETENTION_DAYS = 30;

export const catalogueImportRetention: RetentionRule = {
  name: 'catalogueImports',
  activity: 'catalogue-maintenance',
  sweep: (tx, now) => forgetImports(tx, new Date(now.getTime() - CATALOGUE_IMPORT_RETENTION_DAYS * 24 * 3600_000)),
};
