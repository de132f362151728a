import type { FastifyReply } from 'fastify';

export const SESSION_COOKIE = 'wc_session';

/** The session cookie: HttpOnly, SameSite=Lax (links from e-mail still land signed in), Secure behind TLS. */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
