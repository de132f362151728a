import type { FastifyPluginAsync } from 'fastify';
import { pageContext } from './context.ts';
import { API_PREFIX } from './openapi.ts';
import { ApiDocsPage, type ApiDocument } from './api-docs.views.tsx';

interface Options {
  stylesheet: string;
}

// GET /api/docs: the API documentation as a page, from the OpenAPI document the API serves.
// Outside /api/v1 on purpose: it is a page for people, with errors as pages too.
export const apiDocsRoutes: FastifyPluginAsync<Options> = async (fastify, { stylesheet }) => {
  fastify.get('/api/docs', { schema: { hide: true } }, async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        <ApiDocsPage ctx={pageContext(request, reply, stylesheet)} document={fastify.swagger() as unknown as ApiDocument} specPath={`${API_PREFIX}/openapi.json`} />,
      ),
  );
};

// Default export, so that app.ts registers it in one line with a dynamic import.
