import { monthsBefore, type RetentionRule } from '../../platform/privacy/retention.ts';
import { forgetHistoryAuthors } from './catalogue.repository.ts';

/** Who changed a service, and in which role, is removed from its history after 24 months (the change itself stays). */
export const SERVICE_HISTORY_AUTHOR_RETENTION_MONTHS = 24;

export const serviceHistoryAuthorRetention: RetentionRule = {
  name: 'historyAuthors',
  activity: 'catalogue-maintenance',
  sweep: (tx, now) => forgetHistoryAuthors(tx, monthsBefore(now, SERVICE_HISTORY_AUTHOR_RETENTION_MONTHS)),
};
