import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { pageContext, redirectWithFlash } from '../../platform/http/context.ts';
import { apiResponses, API_PREFIX } from '../../platform/http/openapi.ts';
import { AppError } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/auth/guards.ts';
import type { RegionsService } from './regions.service.ts';
import { regionShapes } from './map.ts';
import { toMunicipalityJson, toRegionDetailJson, toRegionJson } from './regions.schema.ts';
import { emptyChooser, RegionsAdminPage, RegionsPage } from './views/regions.views.tsx';
import { menuItem, type MenuEntry } from '../../platform/web/menu.ts';
import { regionPolicy } from './regions.policy.ts';

interface Options {
  regions: RegionsService;
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);

export const regionsMenu: readonly MenuEntry[] = [menuItem({ href: '/beheer/regios', key: 'nav.admin.regions', order: 50, policy: regionPolicy, action: 'manage' })];

export const regionsRoutes: FastifyPluginAsync<Options> = async (fastify, { regions, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);

  // The national home (/, /gemeente-kiezen) and the regional portals (/<region-slug>) are in
  // src/modules/portal.

  app.get('/regios', { schema: { hide: true } }, async (request, reply) => {
    const [list, municipalities] = await Promise.all([regions.list(request.trace), regions.allMunicipalities(request.trace)]);
    return html(
      reply,
      <RegionsPage ctx={ctx(request, reply)} regions={list} shapes={regionShapes()} municipalities={municipalities} chooser={emptyChooser} />,
    );
  });

  // Platform administrators keep the centrumgemeente per region (most are not yet verified).
  const adminPage = async (request: FastifyRequest, reply: FastifyReply, code?: string, form?: { centrumgemeente: string; verified: boolean }, error?: AppError) => {
    const actor = requireUser(request);
    regionPolicy.authorize(actor, 'manage');
    const list = await regions.list(request.trace);
    const region = code ? await regions.get(request.trace, code) : undefined;
    const edit = region && {
      region,
      values: form ?? { centrumgemeente: region.centrumgemeente?.code ?? '', verified: region.centrumgemeente?.verified ?? false },
      errors: error?.fieldErrors ?? [],
    };
    return html(reply.code(error ? error.status : 200), <RegionsAdminPage ctx={ctx(request, reply)} regions={list} edit={edit} />);
  };

  app.get('/beheer/regios', { schema: { hide: true } }, (request, reply) => adminPage(request, reply));
  app.get('/beheer/regios/:code', { schema: { hide: true, params: Type.Object({ code: Type.String({ pattern: '^AM[0-9]{2}$' }) }) } }, (request, reply) =>
    adminPage(request, reply, request.params.code),
  );
  app.post(
    '/beheer/regios/:code',
    {
      schema: {
        hide: true,
        params: Type.Object({ code: Type.String({ pattern: '^AM[0-9]{2}$' }) }),
        body: Type.Object({ centrumgemeente: Type.Optional(Type.String({ maxLength: 10 })), verified: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const actor = requireUser(request);
      const form = { centrumgemeente: request.body.centrumgemeente ?? '', verified: request.body.verified === 'ja' };
      try {
        await regions.setCentrumgemeente(request.trace, actor, request.params.code, form.centrumgemeente, form.verified);
      } catch (error) {
        if (error instanceof AppError && error.slug === 'validation') return adminPage(request, reply, request.params.code, form, error);
        throw error;
      }
      return redirectWithFlash(reply, '/beheer/regios', 'admin.regions.saved');
    },
  );

  // API ------------------------------------------------------------------------------------------
  app.get(
    `${API_PREFIX}/regions`,
    {
      schema: {
        tags: ['regions'],
        operationId: 'listRegions',
        summary: 'List the 35 labour-market regions with their municipalities',
        response: apiResponses({ 200: Type.Ref('RegionList') }, []),
      },
    },
    async (request) => {
      const list = await regions.listWithMunicipalities(request.trace);
      return { regions: list.map((region) => ({ ...toRegionJson(region), municipalities: region.municipalities.map(toMunicipalityJson) })) };
    },
  );

  app.get(
    `${API_PREFIX}/regions/:code`,
    {
      schema: {
        tags: ['regions'],
        operationId: 'getRegion',
        summary: 'One labour-market region with its municipalities and partner organisations',
        params: Type.Object({ code: Type.String({ pattern: '^AM[0-9]{2}$', description: 'Region code, e.g. AM18', examples: ['AM18'] }) }),
        response: apiResponses({ 200: Type.Ref('RegionDetail') }, [400, 404]),
      },
    },
    async (request) => toRegionDetailJson(await regions.get(request.trace, request.params.code)),
  );
};

