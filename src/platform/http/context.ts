import type { FastifyReply, FastifyRequest } from 'fastify';
import { isMessageKey, type Lang, type MessageKey, type Translate } from '../i18n/index.ts';
import type { Actor } from '../db/tenancy.ts';
import type { Trace } from './trace.ts';
import type { PageContext } from '../web/layout.tsx';
import type { SessionState } from '../auth/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    trace: Trace;
    lang: Lang;
    t: Translate;
    actor: Actor;
    session: SessionState | null;
  }
  interface FastifyContextConfig {
    /**
     * Routes that never need to know who asks (stylesheet, liveness): no session is loaded for them,
     * so they still answer, and a 503 page is still styled, while the database is away.
     */
    withoutSession?: boolean;
  }
}

export const FLASH_COOKIE = 'wc_flash';

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/v1');
}

// Control characters (also percent-encoded) and backslashes: browsers drop or reinterpret them, so
// "/\t/evil.example" would become "//evil.example", and CR/LF would break the Location header.
const ENCODED_CONTROL = /%(?:[01][0-9a-f]|7f)/i;
const hasUnsafeCharacter = (value: string) =>
  value.includes('\\') || ENCODED_CONTROL.test(value) || [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const SAME_ORIGIN = 'http://same.origin';

/** Only same-origin relative paths may be redirect targets (no open redirects, no header injection). */
export function safeLocalPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || hasUnsafeCharacter(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, SAME_ORIGIN);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can still normalise to "//host" ("/a/../..//evil.example").
  return url.origin === SAME_ORIGIN && !path.startsWith('//') ? path : fallback;
}

export function pageContext(request: FastifyRequest, reply: FastifyReply, stylesheet: string): PageContext {
  const flash = request.cookies[FLASH_COOKIE];
  if (flash) reply.clearCookie(FLASH_COOKIE, { path: '/' });
  return {
    lang: request.lang,
    t: request.t,
    path: request.url,
    actor: request.actor,
    csrfToken: reply.generateCsrf(),
    stylesheet,
    flash: isMessageKey(flash) ? flash : undefined,
  };
}

/** Redirects after a successful POST, with a message shown once on the next page. */
export function redirectWithFlash(reply: FastifyReply, location: string, message: MessageKey): FastifyReply {
  reply.setCookie(FLASH_COOKIE, message, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
  return reply.code(303).redirect(location);
}
