import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { databaseRefusal } from './database-refusals.ts';
import { AppError, problemTitles, problemType, TooManyRequestsError, type PageText, type ProblemSlug } from './errors.ts';
import { isApiRequest, pageContext, safeLocalPath } from './context.ts';
import { Layout, LinkParagraph, type PageContext } from '../web/layout.tsx';
import { esc } from '../web/html.ts';
import { translator, type MessageKey } from '../i18n/index.ts';
import { newTrace } from './trace.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { anonymous } from '../db/tenancy.ts';

// One place turns every error into a response: application/problem+json (RFC 9457) for the API,
// a friendly page in the user's language for HTML. Internal details never leave the server.

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  traceId: string;
  invalidParams?: { name: string; reason: string; code: string }[];
}

/**
 * While the database is away (see `isDatabaseUnavailable`), requests are answered with 503 and this
 * Retry-After: a restarted server takes seconds, and a client that waits less only adds load.
 */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

function classify(error: FastifyError & { code?: string }): { slug: ProblemSlug; detail: string; appError?: AppError } {
  if (error instanceof AppError) return { slug: error.slug, detail: error.detail, appError: error };
  if (isDatabaseUnavailable(error)) return { slug: 'unavailable', detail: 'The service is briefly unavailable. Try again shortly.' };
  if (error.validation) return { slug: 'validation', detail: error.message };
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
    return { slug: 'forbidden', detail: 'The form has expired or did not come from this site.' };
  }
  const refusal = databaseRefusal(error);
  if (refusal) return { slug: refusal.slug, detail: refusal.detail };
  switch (error.statusCode) {
    case 400:
      return { slug: 'bad-request', detail: error.message };
    case 404:
      return { slug: 'not-found', detail: 'The resource does not exist.' };
    case 405:
      return { slug: 'method-not-allowed', detail: 'This method is not allowed here.' };
    case 413:
      return { slug: 'payload-too-large', detail: 'The request body is too large.' };
    case 415:
      return { slug: 'unsupported-media-type', detail: error.message };
    case 429:
      return { slug: 'too-many-requests', detail: 'Too many requests.' };
    default:
      return { slug: 'internal', detail: 'An unexpected error occurred.' };
  }
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  slug: ProblemSlug,
  detail: string,
  appError?: AppError,
  validation?: FastifyError['validation'],
) {
  const { status, title } = problemTitles[slug];
  const body: Problem = { type: problemType(slug), title, status, detail, instance: request.url.split('?')[0]!, traceId: request.trace.traceId };
  if (appError && appError.fieldErrors.length > 0) {
    body.invalidParams = appError.fieldErrors.map((error) => ({ name: error.field, reason: request.t(error.key, error.params), code: error.key }));
  } else if (validation) {
    body.invalidParams = validation.map((entry) => ({
      name: (entry.instancePath || String(entry.params?.missingProperty ?? '')).replace(/^\//, '').replace(/\//g, '.') || 'body',
      reason: entry.message ?? 'invalid',
      code: entry.keyword,
    }));
  }
  return reply.code(status).type('application/problem+json').send(body);
}

const helpKey: Partial<Record<ProblemSlug, MessageKey>> = {
  'not-found': 'error.notFound.help',
  forbidden: 'error.forbidden.help',
  'too-many-requests': 'error.tooManyRequests.help',
  internal: 'error.internal.help',
  unavailable: 'error.unavailable.help',
};

export function sendErrorPage(request: FastifyRequest, reply: FastifyReply, slug: ProblemSlug, stylesheet: string, retryAfter?: number, page?: PageText) {
  const { status, titleKey } = problemTitles[slug];
  const t = request.t;
  const csrfFailure = slug === 'forbidden' && reply.getHeader('x-csrf-failure') === '1';
  reply.removeHeader('x-csrf-failure');
  const help = page
    ? t(page.help)
    : csrfFailure
      ? t('form.error.csrf')
      : t(helpKey[slug] ?? 'error.generic.help', { seconds: retryAfter ?? 60, trace: request.trace.traceId });
  const title = t(page?.title ?? titleKey);
  // Unavailable: a page can be asked for again as it is; a form that was sent may not have been kept.
  const retry = slug === 'unavailable' && request.method === 'GET' ? safeLocalPath(request.url) : undefined;
  const resend = slug === 'unavailable' && request.method !== 'GET' ? t('error.unavailable.form') : undefined;
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(
      <Layout ctx={pageContext(request, reply, stylesheet)} title={title}>
        <h1 class="utrecht-heading-1">{esc(title)}</h1>
        <p class="utrecht-paragraph">{esc(help)}</p>
        {resend !== undefined && <p class="utrecht-paragraph">{esc(resend)}</p>}
        {retry !== undefined && (
          <LinkParagraph href={retry} text={t('error.retry')} />
        )}
        <LinkParagraph href="/" text={t('error.home')} />
      </Layout>,
    );
}

/**
 * An error can come before the request hooks have set up the request (a malformed URL, or a hook
 * that failed: the session could not be loaded while the database was away). What is missing is
 * filled in, so the answer has the usual shape; who the user is stays unknown (anonymous).
 */
function ensureRequestContext(request: FastifyRequest): void {
  request.trace ??= newTrace();
  request.lang ??= 'nl';
  request.t ??= translator(request.lang);
  request.actor ??= anonymous;
}

/** Errors Fastify raises before a request reaches the hooks; the request has no cookies yet either. */
export function frameworkErrorHandler(stylesheet: string) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    ensureRequestContext(request);
    const slug: ProblemSlug = error.statusCode === 415 ? 'unsupported-media-type' : 'bad-request';
    if (request.url.startsWith('/api/')) return sendProblem(request, reply, slug, 'The request could not be read.');
    const title = request.t(problemTitles[slug].titleKey);
    const ctx: PageContext = { lang: request.lang, t: request.t, path: '/', actor: { kind: 'anonymous' }, csrfToken: '', stylesheet, flash: undefined };
    return reply
      .code(problemTitles[slug].status)
      .type('text/html; charset=utf-8')
      .send(
        <Layout ctx={ctx} title={title}>
          <h1 class="utrecht-heading-1">{esc(title)}</h1>
          <p class="utrecht-paragraph">{esc(request.t('error.generic.help'))}</p>
        </Layout>,
      );
  };
}

export function registerErrorHandling(app: FastifyInstance, stylesheet: string) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    ensureRequestContext(request);
    const { slug, detail, appError } = classify(error);
    if (slug === 'internal') {
      request.log.error({ err: { type: error.name, code: error.code, message: error.message, stack: error.stack } }, 'request failed');
    } else if (slug === 'unavailable') {
      request.log.warn({ err: { type: error.name, code: error.code, message: error.message } }, 'database unavailable');
      reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    }
    if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') reply.header('x-csrf-failure', '1');
    if (isApiRequest(request)) return sendProblem(request, reply, slug, detail, appError, error.validation);
    if (slug === 'unauthorized' && request.method === 'GET') {
      return reply.code(303).redirect(`/inloggen?terug=${encodeURIComponent(request.url)}`);
    }
    const retryAfter = Number(reply.getHeader('retry-after')) || undefined;
    return sendErrorPage(request, reply, slug, stylesheet, retryAfter, appError?.page);
  });

  app.setNotFoundHandler((request, reply) => {
    if (isApiRequest(request)) return sendProblem(request, reply, 'not-found', 'The resource does not exist.');
    return sendErrorPage(request, reply, 'not-found', stylesheet);
  });
}
