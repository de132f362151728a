import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import compress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import type { Database } from './platform/db/pool.ts';
import { negotiateLang, translator } from './platform/i18n/index.ts';
import type { IncomingMessage } from 'node:http';
import { traceFromHeader, traceparent, type Trace } from './platform/http/trace.ts';
import { isApiRequest } from './platform/http/context.ts';
import { frameworkErrorHandler, registerErrorHandling } from './platform/http/error-handler.tsx';
import { registerSecurityHeaders } from './platform/http/security.ts';
import { registerNulGuard } from './platform/http/nul-guard.ts';
import { crossSiteForm, crossSiteReason } from './platform/http/same-origin.ts';
import { TooManyRequestsError } from './platform/http/errors.ts';
import { buildStylesheet } from './platform/web/assets.ts';
import { FAVICON_PATH, LogoMark } from './platform/web/layout.tsx';
import { createSessionStore, sessionActor } from './platform/auth/sessions.ts';
import { createAuthService } from './platform/auth/auth.service.ts';
import { createMailTransport, mailJob } from './platform/mail/mailer.ts';
import { createJobQueue, type JobQueue } from './platform/jobs/jobs.ts';
import { jobsRoutes } from './platform/jobs/jobs.routes.tsx';
import { retentionJob } from './platform/privacy/retention.ts';
import { SESSION_COOKIE } from './platform/auth/cookies.ts';
import { authRoutes } from './platform/auth/auth.routes.tsx';
import { oidcRoutes } from './platform/auth/oidc.routes.tsx';
import { createPasswordService } from './platform/auth/passwords.service.ts';
import { passwordRoutes, temporaryPasswordRedirect } from './platform/auth/passwords.routes.tsx';
import { registerOpenApi, API_VERSION } from './platform/http/openapi.ts';
import { registerIdempotency } from './platform/http/idempotency.ts';
import { platformRoutes } from './platform/http/platform.routes.tsx';
import { privacyRoutes } from './platform/privacy/privacy.routes.tsx';
import { apiDocsRoutes } from './platform/http/api-docs.routes.tsx';
import { organisationsRoutes } from './modules/organisations/organisations.routes.tsx';
import { editorRoutes } from './modules/catalogue/editor/editor.routes.tsx';
import { reviewRoutes } from './modules/catalogue/editor/review.routes.tsx';
import { searchTuningRoutes } from './modules/catalogue/search-tuning.routes.tsx';
import { reviewRemindersJob } from './modules/catalogue/editor/reminders.ts';
import { contactNoticeJob, referralDigestJob, referralNoticeJob, referralTimersJob } from './modules/referrals/referrals.jobs.ts';
import { referralsRoutes } from './modules/referrals/referrals.routes.tsx';
import { subjectsRoutes } from './modules/referrals/subjects.routes.tsx';
import type { WorkSource } from './platform/web/work.ts';
import { createFieldCipher, loadFieldKey } from './platform/crypto/field-cipher.ts';
import { needFinderRoutes } from './modules/needfinder/needfinder.routes.tsx';
import { regionsRoutes } from './modules/regions/regions.routes.tsx';
import { portalRoutes } from './modules/portal/portal.routes.tsx';
import { contactsRoutes } from './modules/referrals/contacts.routes.tsx';
import { createRegionsService } from './modules/regions/regions.service.ts';
import { regionSchemas } from './modules/regions/regions.schema.ts';
import { searchSchemas } from './modules/catalogue/search.schema.ts';
import { searchRoutes } from './modules/catalogue/search.routes.tsx';
import { Places } from './modules/catalogue/places.ts';
import { opendataRoutes } from './modules/opendata/opendata.routes.ts';
import { importsRoutes } from './modules/opendata/imports.routes.tsx';
import { catalogueImportJob } from './modules/opendata/imports.service.ts';
import { opendataSchemas } from './modules/opendata/opendata.schema.ts';
import { readPlatformSecret } from './platform/db/secrets.ts';
import { registerModules } from './modules.ts';

const traces = new WeakMap<IncomingMessage, Trace>();

export interface AppDependencies {
  config: Config;
  db: Database;
  /** Where JSON log lines go; standard output when not given. */
  logStream?: { write(line: string): void };
}

export type App = FastifyInstance;

export interface RouteEntry {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteEntry[];
    /** The background jobs: registered when the app is built; `main.ts` starts the workers, tests run them when they ask. */
    jobs: JobQueue;
  }
}

/** Builds the whole application from platform plugins and domain modules; does not listen. */
export async function buildApp({ config, db, logStream }: AppDependencies): Promise<App> {
  registerModules();
  const stylesheet = buildStylesheet();
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(logStream ? { stream: logStream } : {}),
      // Structured JSON logs without personal data: no query strings, cookies, bodies or addresses.
      serializers: {
        req: (request) => ({ method: request.method, url: request.routeOptions?.url ?? request.url.split('?')[0] }),
        res: (reply) => ({ statusCode: reply.statusCode }),
      },
    },
    // X-Forwarded-For only from the configured proxies: anyone else could pick their own address
    // with every request and escape every per-address limit.
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    bodyLimit: 256 * 1024,
    // Long ids or odd paths must produce a 404 or 400, never a crash.
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: false },
    // The request id in every log line is the W3C trace id, so logs, processing log and callers line up.
    genReqId: (raw) => {
      const trace = traceFromHeader(raw.headers.traceparent);
      traces.set(raw, trace);
      return trace.traceId;
    },
    logController: new LogController({ requestIdLogLabel: 'traceId' }),
    frameworkErrors: frameworkErrorHandler(stylesheet.path),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Every route, as registered: the robustness tests walk it.
  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url });
  });
  app.decorate('routeTable', routeTable);

  const cookieKey = await readPlatformSecret(db, 'cookie_key');

  await app.register(cookie, { secret: cookieKey.toString('hex') });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  // Pages, API answers and the stylesheet shrink 5–10× with brotli or gzip.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(csrf, {
    cookieKey: 'wc_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: true, secure: config.baseUrl.startsWith('https://') },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf ?? (request.headers['x-csrf-token'] as string | undefined),
  });
  await app.register(rateLimit, {
    global: true,
    max: (request) => (isApiRequest(request) ? config.rateLimitPerMinute : 2 * config.rateLimitPerMinute),
    timeWindow: 60_000,
    // The limiter's own error goes through our handler, which adds problem+json or a page.
    errorResponseBuilder: (_request, context) => new TooManyRequestsError(Math.ceil(context.ttl / 1000)),
    allowList: (request) => request.url === '/health' || request.url === '/ready',
  });

  const regions = createRegionsService(db);
  const sessionPolicy = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  const sessions = createSessionStore(db, sessionPolicy);
  const auth = createAuthService(db);
  const passwords = createPasswordService(db, auth, config.baseUrl);

  // Every job handler is registered here, in the composition root: platform code never imports a module.
  const mail = createMailTransport(config.smtp, app.log);
  const jobs = createJobQueue(db, app.log);
  jobs.register(mailJob(mail));
  jobs.register(retentionJob(db, sessionPolicy));
  jobs.register(reviewRemindersJob(db, config.baseUrl));
  jobs.register(referralNoticeJob(db, config.baseUrl));
  jobs.register(contactNoticeJob(db, config.baseUrl));
  jobs.register(referralTimersJob(db));
  jobs.register(referralDigestJob(db, config.baseUrl));
  jobs.register(catalogueImportJob(db));
  await jobs.prepare();
  app.decorate('jobs', jobs);
  app.addHook('onClose', async () => {
    await jobs.stop();
    mail.close();
  });

  app.decorateRequest('trace', null as never);
  app.decorateRequest('lang', 'nl');
  app.decorateRequest('t', null as never);
  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (request, reply) => {
    request.trace = traces.get(request.raw) ?? traceFromHeader(request.headers.traceparent);
    reply.header('traceparent', traceparent(request.trace));
    request.lang = negotiateLang(request.cookies.wc_lang, request.headers['accept-language']);
    request.t = translator(request.lang);
    // Anonymous until the session is loaded, so a request refused before that still gets a page.
    request.actor = sessionActor(null);
  });
  registerNulGuard(app);
  app.addHook('onRequest', async (request, reply) => {
    const token = request.routeOptions.config.withoutSession ? undefined : request.cookies[SESSION_COOKIE];
    request.session = token ? await sessions.load(request.trace, token) : null;
    request.actor = sessionActor(request.session);
    // A temporary password is changed before anything else, whichever page is asked for.
    const mustGo = temporaryPasswordRedirect(request);
    if (mustGo) return reply.code(303).redirect(mustGo);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (isApiRequest(request)) reply.header('api-version', API_VERSION);
    reply.header('content-language', request.lang);
    return payload;
  });

  // Every form post is CSRF-checked, so no route can forget it: it must come from this site by the
  // browser's word (see same-origin.ts) and carry our token. The API is exempt: it does not use cookies.
  const siteOrigin = new URL(config.baseUrl).origin;
  app.addHook('preHandler', (request, reply, done) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || isApiRequest(request)) return done();
    const crossSite = crossSiteReason(request.headers, siteOrigin);
    if (crossSite) {
      // An operator whose BASE_URL is not the address people use sees why every form fails.
      request.log.warn({ crossSite, siteOrigin }, 'cross-site form post refused');
      return done(crossSiteForm());
    }
    return app.csrfProtection(request, reply, done);
  });

  registerSecurityHeaders(app, { https: config.baseUrl.startsWith('https://') });
  registerErrorHandling(app, stylesheet.path);
  registerIdempotency(app, db);
  await registerOpenApi(app, config);
  for (const schema of regionSchemas) app.addSchema(schema);
  for (const schema of searchSchemas) app.addSchema(schema);
  for (const schema of opendataSchemas) app.addSchema(schema);

  app.get(stylesheet.path, { schema: { hide: true }, config: { withoutSession: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(stylesheet.body),
  );
  const favicon = await LogoMark();
  app.get(FAVICON_PATH, { schema: { hide: true }, config: { withoutSession: true } }, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(favicon),
  );

  await app.register(platformRoutes, { db, stylesheet: stylesheet.path });
  // What waits for a professional: the modules add their sources, the workspace page shows them.
  const workSources: WorkSource[] = [];
  await app.register(authRoutes, { config, sessions, auth, regions, stylesheet: stylesheet.path, oidcName: config.oidc?.displayName, workSources });
  await app.register(passwordRoutes, { passwords, stylesheet: stylesheet.path });
  if (config.oidc) await app.register(oidcRoutes, { oidc: config.oidc, baseUrl: config.baseUrl, db, sessions, stylesheet: stylesheet.path });
  await app.register(privacyRoutes, { db, stylesheet: stylesheet.path });
  await app.register(jobsRoutes, { db, stylesheet: stylesheet.path });
  await app.register(apiDocsRoutes, { stylesheet: stylesheet.path });
  await app.register(organisationsRoutes, { db, regions, stylesheet: stylesheet.path });
  await app.register(opendataRoutes, { db });
  await app.register(importsRoutes, { db, regions, stylesheet: stylesheet.path });
  await app.register(editorRoutes, { db, stylesheet: stylesheet.path });
  await app.register(reviewRoutes, { db, stylesheet: stylesheet.path });
  await app.register(searchTuningRoutes, { db, stylesheet: stylesheet.path });
  await app.register(needFinderRoutes, { db, stylesheet: stylesheet.path });
  // One per database: both the search and the portal's municipality chooser look places up.
  const places = new Places();
  await app.register(searchRoutes, { db, regions, places, stylesheet: stylesheet.path });
  await app.register(regionsRoutes, { regions, stylesheet: stylesheet.path });
  // Registered last: the region portals live at /<region-slug>.
  const fieldCipher = createFieldCipher(loadFieldKey(config));
  await app.register(referralsRoutes, { db, cipher: fieldCipher, regions, stylesheet: stylesheet.path, workSources });
  await app.register(contactsRoutes, { db, regions, stylesheet: stylesheet.path });
  await app.register(subjectsRoutes, { db, cipher: fieldCipher, stylesheet: stylesheet.path });
  await app.register(portalRoutes, { db, regions, places, stylesheet: stylesheet.path });

  return app;
}
