// The database can go away (a restart, a crash, a failover, the network) and come back. Errors that
// say so are not the request's fault nor a bug: the request may simply be tried again. The error
// handler answers them with 503 and Retry-After; the pool closes the connection they arrived on.

/** SQLSTATE classes and codes of a connection that failed or could not be made. */
const UNAVAILABLE_SQLSTATES = [
  /^08/, // connection exception (refused, failure, protocol violation)
  /^57P0[1-3]$/, // admin shutdown, crash shutdown, cannot connect now (starting up, in recovery)
  /^53300$/, // too many connections
];

/** Socket errors of a server that is not there (any more). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** What the `pg` driver and its pool say, without a code, when a connection broke or could not be had in time. */
const DRIVER_MESSAGES = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
]);

/** True when the error says the database could not be reached, not that the statement was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.some((pattern) => pattern.test(code)))) return true;
  return DRIVER_MESSAGES.has(error.message);
}
