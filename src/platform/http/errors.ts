import type { MessageKey } from '../i18n/index.ts';

// Error kinds, defined once. Services throw these; one handler maps them to
// application/problem+json for the API and to a page (or a re-rendered form) for HTML.

export type ProblemSlug =
  | 'bad-request'
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'too-many-requests'
  | 'idempotency-key-reused'
  | 'idempotency-key-in-use'
  | 'internal'
  | 'unavailable';

export const problemTitles: Record<ProblemSlug, { status: number; title: string; titleKey: MessageKey }> = {
  'bad-request': { status: 400, title: 'Bad request', titleKey: 'error.badRequest' },
  validation: { status: 400, title: 'Invalid input', titleKey: 'error.validation' },
  unauthorized: { status: 401, title: 'Authentication required', titleKey: 'error.unauthorized' },
  forbidden: { status: 403, title: 'Forbidden', titleKey: 'error.forbidden' },
  'not-found': { status: 404, title: 'Not found', titleKey: 'error.notFound' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', titleKey: 'error.badRequest' },
  conflict: { status: 409, title: 'Conflict', titleKey: 'error.conflict' },
  'payload-too-large': { status: 413, title: 'Payload too large', titleKey: 'error.badRequest' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', titleKey: 'error.badRequest' },
  'too-many-requests': { status: 429, title: 'Too many requests', titleKey: 'error.tooManyRequests' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency key used for another request', titleKey: 'error.idempotencyKeyReused' },
  'idempotency-key-in-use': { status: 409, title: 'Request with this idempotency key in progress', titleKey: 'error.idempotencyKeyInUse' },
  internal: { status: 500, title: 'Internal server error', titleKey: 'error.internal' },
  unavailable: { status: 503, title: 'Service unavailable', titleKey: 'error.unavailable' },
};

export function problemType(slug: ProblemSlug): string {
  return `/problems/${slug}`;
}

/** A field error: the field name as the form and API know it, and the message key to show. */
export interface FieldError {
  field: string;
  key: MessageKey;
  /** Values for the message's {placeholders}. */
  params?: Record<string, string | number>;
}

/** What an error page says instead of its kind's usual title and help. */
export interface PageText {
  title: MessageKey;
  help: MessageKey;
}

export class AppError extends Error {
  constructor(
    readonly slug: ProblemSlug,
    readonly detail: string,
    readonly fieldErrors: readonly FieldError[] = [],
    readonly page?: PageText,
  ) {
    super(detail);
    this.name = 'AppError';
  }

  get status(): number {
    return problemTitles[this.slug].status;
  }
}

export const notFound = (detail = 'The resource does not exist.') => new AppError('not-found', detail);
export const forbidden = (detail = 'You may not do this.') => new AppError('forbidden', detail);
export const unauthorized = (detail = 'Log in first.') => new AppError('unauthorized', detail);
export const conflict = (detail: string, fieldErrors: FieldError[] = []) => new AppError('conflict', detail, fieldErrors);
export const invalid = (fieldErrors: FieldError[], detail = 'One or more fields are invalid.') =>
  new AppError('validation', detail, fieldErrors);

export class TooManyRequestsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('too-many-requests', `Too many requests. Try again in ${retryAfterSeconds} seconds.`);
  }
}
