import type { FastifyInstance } from 'fastify';

// Security headers on every response. The CSP allows no inline script or style at all: pages are
// server-rendered and styled by one stylesheet from our own origin.

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "manifest-src 'self'",
].join('; ');

export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }) {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (options.https) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    // Pages and API answers for a signed-in user may hold personal data: never store them.
    if (!reply.hasHeader('cache-control')) {
      reply.header('cache-control', request.session ? 'no-store' : 'no-cache');
    }
    return payload;
  });
}
