import { AppError, forbidden, invalid, problemTitles, type FieldError, type ProblemSlug } from './errors.ts';

// What PostgreSQL refuses because of what a client sent: the one mapping from its error codes to
// problems (400, 403, 409), used by the error handler for every route and by services that show a
// refusal next to the field that caused it. Any other database error (a lost connection, a bug) is
// not a refusal: it stays an error, a 503 or a 500.

/** PostgreSQL errors a client can cause with bad input (SQLSTATE → problem). */
const REFUSALS: Readonly<Record<string, ProblemSlug>> = {
  '22P02': 'bad-request', // invalid text representation (e.g. not a uuid)
  '22001': 'bad-request', // value too long
  '22003': 'bad-request', // numeric out of range
  '22007': 'bad-request', // invalid datetime format
  '22008': 'bad-request', // datetime out of range
  '23505': 'conflict', // unique violation
  '23503': 'conflict', // foreign key violation
  '23514': 'bad-request', // check violation
  '42501': 'forbidden', // insufficient privilege / row-level security
  '40001': 'conflict', // serialization failure
};

/** Which form field a refusal of the data (class 23) belongs to; the first that matches counts. */
export interface RefusalFields {
  /** By constraint name. */
  constraints?: Readonly<Record<string, FieldError>>;
  /** By the message a trigger raises. */
  messages?: readonly (readonly [RegExp, FieldError])[];
  /** By SQLSTATE (e.g. any unique violation). */
  codes?: Readonly<Record<string, FieldError>>;
  /** By column: that of a check constraint named `<table>_<column>_check` of these tables, or the error's own. */
  columns?: { tables: readonly string[]; fields: Readonly<Record<string, string>>; key: FieldError['key'] };
  /** Any other refusal of the data. */
  otherwise?: FieldError;
}

interface PgError {
  code?: unknown;
  constraint?: string;
  message?: string;
  column?: string;
}

function fieldOf(error: PgError & { code: string }, fields: RefusalFields): FieldError | undefined {
  const message = error.message ?? '';
  const constraint = error.constraint ?? '';
  const byColumn = () => {
    if (!fields.columns) return undefined;
    const { tables, fields: byName, key } = fields.columns;
    const checked = tables.map((table) => (constraint.startsWith(`${table}_`) && constraint.endsWith('_check') ? constraint.slice(table.length + 1, -6) : null));
    const column = checked.find((c) => c !== null) ?? error.column;
    const field = column ? byName[column] : undefined;
    return field ? { field, key } : undefined;
  };
  return (
    fields.constraints?.[constraint] ??
    fields.messages?.find(([pattern]) => pattern.test(message))?.[1] ??
    fields.codes?.[error.code] ??
    byColumn() ??
    fields.otherwise
  );
}

/**
 * The database's refusal of what a client sent, as a problem: with a field error (400) where
 * `fields` names the field, else by its code (400, 403, 409). Null for anything that is not such a
 * refusal, including an AppError already.
 */
export function databaseRefusal(error: unknown, fields: RefusalFields = {}): AppError | null {
  if (error instanceof AppError || typeof error !== 'object' || error === null) return null;
  const pgError = error as PgError;
  const slug = typeof pgError.code === 'string' ? REFUSALS[pgError.code] : undefined;
  if (!slug) return null;
  if (slug === 'forbidden') return forbidden('The database refused this change for you.');
  const field = (pgError.code as string).startsWith('23') ? fieldOf(pgError as PgError & { code: string }, fields) : undefined;
  if (field) return invalid([field], pgError.message);
  return new AppError(slug, problemTitles[slug].title);
}
