import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { checkDatabaseReady } from '../db/health.ts';
import type { Database } from '../db/pool.ts';
import { safeLocalPath, pageContext } from './context.ts';
import { problemTitles, type ProblemSlug } from './errors.ts';
import { Layout } from '../web/layout.tsx';
import { esc } from '../web/html.ts';

interface Options {
  db: Database;
  stylesheet: string;
}

// Liveness and readiness for the load balancer, the language switch, and the pages behind the
// problem type URIs the API returns.
export const platformRoutes: FastifyPluginAsync<Options> = async (fastify, { db, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/health', { schema: { hide: true }, config: { withoutSession: true } }, async () => ({ status: 'ok' }));

  app.get('/ready', { schema: { hide: true }, config: { withoutSession: true } }, async (_request, reply) => {
    try {
      await checkDatabaseReady(db);
      return { status: 'ready', database: db.backend };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  app.get(
    '/taal/:lang',
    {
      schema: {
        hide: true,
        params: Type.Object({ lang: Type.Union([Type.Literal('nl'), Type.Literal('en')]) }),
        querystring: Type.Object({ terug: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (request, reply) => {
      reply.setCookie('wc_lang', request.params.lang, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600, httpOnly: true });
      return reply.code(303).redirect(safeLocalPath(request.query.terug));
    },
  );

  app.get(
    '/problems/:slug',
    { schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 40 }) }) } },
    async (request, reply) => {
      const slug = request.params.slug as ProblemSlug;
      const problem = problemTitles[slug];
      if (!Object.hasOwn(problemTitles, slug) || !problem) return reply.callNotFound();
      const title = request.t('problem.title', { title: problem.title });
      return reply.type('text/html; charset=utf-8').send(
        <Layout ctx={pageContext(request, reply, stylesheet)} title={title}>
          <h1 class="utrecht-heading-1">{esc(title)}</h1>
          <p class="utrecht-paragraph">{esc(`HTTP ${problem.status}: ${request.t(problem.titleKey)}`)}</p>
        </Layout>,
      );
    },
  );
};
