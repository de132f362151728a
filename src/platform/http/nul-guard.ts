import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';

// PostgreSQL refuses U+0000 (NUL) in text, so a NUL that reached a query failed it with a 500; a
// NUL that reached a header (a redirect back to the page asked for) would too. No legitimate input
// holds one, so a request with a NUL anywhere is refused here, at the edge, for every route: no
// handler, schema or query has to think of it.

const NUL = '\u0000';

/** Objects to look into: parsed query strings, forms, cookies, headers and JSON; not raw bodies. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !ArrayBuffer.isView(value);
}

/** Whether a decoded value (a string, or strings and keys in nested objects and arrays) holds U+0000. */
export function hasNul(value: unknown): boolean {
  // A loop, not recursion: a JSON body may be nested thousands of levels deep.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (item.includes(NUL)) return true;
    } else if (Array.isArray(item)) {
      for (const element of item) pending.push(element);
    } else if (isRecord(item)) {
      for (const key of Object.keys(item)) {
        if (key.includes(NUL)) return true;
        pending.push(item[key]);
      }
    }
  }
  return false;
}

function refuseNul(parts: Record<string, unknown>): void {
  for (const [part, value] of Object.entries(parts)) {
    if (hasNul(value)) throw new AppError('bad-request', `The ${part} contains the character U+0000 (NUL), which is not allowed.`);
  }
}

/**
 * Refuses U+0000 in headers and cookies (decoded) as the request arrives, before the session cookie
 * reaches the database, and in path parameters, query and body (decoded, at any depth) before
 * they are validated or handled. Register it after the request's trace and language are set (the
 * answer needs them) and before the session is loaded.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => refuseNul({ headers: request.headers, cookies: request.cookies }));
  app.addHook('preValidation', async (request) => refuseNul({ path: request.params, query: request.query, body: request.body }));
}
