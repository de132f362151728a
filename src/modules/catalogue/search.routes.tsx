import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/pool.ts';
import { readPublic, withActor, type Tx } from '../../platform/db/tenancy.ts';
import { pageContext } from '../../platform/http/context.ts';
import { apiResponses, API_PREFIX } from '../../platform/http/openapi.ts';
import { invalid, notFound, type FieldError } from '../../platform/http/errors.ts';
import type { RegionsService } from '../regions/regions.service.ts';
import { createRegionsRepository } from '../regions/regions.repository.ts';
import { Places, type Place } from './places.ts';
import { createSearchTuningService } from './search-tuning.service.ts';
import { FacetKeys, searchServices, type SearchParams, type SearchSort } from './search.repository.ts';
import { publishedService } from './published.repository.ts';
import { servicePolicy } from './catalogue.policy.ts';
import { audienceCodes, deliveryModeCodes, SearchQuerySchema, themeCodes, toSearchResultJson } from './search.schema.ts';
import { SearchPage, type SearchFormState } from './views/search.views.tsx';

// Search in the catalogue: the public API (GET /api/v1/services, /api/v1/services/{id}) and the
// search page of each region portal (/<regio>/zoeken, a GET form that works without JavaScript).

interface Options {
  db: Database;
  regions: RegionsService;
  places: Places;
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);
const SORTS: readonly SearchSort[] = ['relevance', 'distance', 'name'];
const many = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat()).filter(Boolean);

const regionsRepository = createRegionsRepository();

/** Errors for a region or municipality code that does not exist, in one statement. */
async function unknownAreas(tx: Tx, region: string | undefined, municipality: string | undefined): Promise<FieldError[]> {
  if (!region && !municipality) return [];
  const known = await regionsRepository.knownCodes(tx, region ?? '', municipality ?? '');
  const errors: FieldError[] = [];
  if (region && !known.region) errors.push({ field: 'region', key: 'search.error.unknownRegion' });
  if (municipality && !known.municipality) errors.push({ field: 'municipality', key: 'search.error.unknownMunicipality' });
  return errors;
}

const WebQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  plaats: Type.Optional(Type.String({ maxLength: 100 })),
  sorteer: Type.Optional(Type.String({ maxLength: 20 })),
  onderwerp: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Array(Type.String({ maxLength: 60 }), { maxItems: 50 })])),
  doelgroep: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Array(Type.String({ maxLength: 60 }), { maxItems: 50 })])),
  kosten: Type.Optional(Type.String({ maxLength: 20 })),
  taal: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Array(Type.String({ maxLength: 10 }), { maxItems: 50 })])),
  kanaal: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Array(Type.String({ maxLength: 30 }), { maxItems: 50 })])),
  nuopen: Type.Optional(Type.String({ maxLength: 10 })),
  pagina: Type.Optional(Type.String({ maxLength: 6 })),
});

export const searchRoutes: FastifyPluginAsync<Options> = async (fastify, { db, regions, places, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const facetKeys = new FacetKeys();
  const tuning = createSearchTuningService({ db });

  // API ------------------------------------------------------------------------------------------
  app.get(
    `${API_PREFIX}/services`,
    {
      schema: {
        tags: ['services'],
        operationId: 'searchServices',
        summary: 'Search published services: text, filters, distance, facet counts',
        description:
          'Dutch full-text search over the published services, ranked by how much of the question each covers, with compound splitting, a concept thesaurus (Dutch and English) and typo tolerance, with filters, facet counts and distance from a postcode area or municipality. Repeat a parameter for several values (audience, theme, language, deliveryMode).',
        querystring: SearchQuerySchema,
        response: apiResponses({ 200: Type.Ref('ServiceSearchResult') }, [400]),
      },
    },
    async (request) => {
      const query = request.query as Static<typeof SearchQuerySchema>;
      const result = await readPublic(db, request.trace, async (tx) => {
        // An unknown region or municipality code finds nothing, so the codes are looked up only when
        // the search finds nothing or the request is invalid anyway: most searches need no extra round trip.
        const errors: FieldError[] = [];
        let place: Place | null = null;
        for (const field of ['postcode', 'near'] as const) {
          const value = query[field];
          if (value === undefined || place) continue;
          place = await places.resolve(tx, value);
          if (!place) errors.push({ field, key: 'search.error.unknownPlace' });
        }
        let municipalityChecked = false;
        if (!place && query.municipality && errors.length === 0) {
          place = await places.resolve(tx, query.municipality);
          municipalityChecked = true;
          if (!place) errors.push({ field: 'municipality', key: 'search.error.unknownMunicipality' });
        }
        if (query.sort === 'distance' && !place && !errors.some((e) => e.field === 'municipality')) {
          errors.push({ field: 'sort', key: 'search.error.invalid' });
        }
        const unknownCodes = () => unknownAreas(tx, query.region, municipalityChecked ? undefined : query.municipality);
        if (errors.length > 0) throw invalid([...(await unknownCodes()), ...errors]);
        const found = await searchServices(
          tx,
          {
            q: query.q,
            region: query.region,
            municipality: query.municipality,
            audiences: query.audience,
            themes: query.theme,
            cost: query.cost,
            languages: query.language,
            deliveryModes: query.deliveryMode,
            openNow: query.openNow,
            near: place ? { lat: place.lat, lon: place.lon } : undefined,
            place: place ?? undefined,
            sort: query.sort,
            page: query.page,
            pageSize: query.pageSize,
          },
          facetKeys,
        );
        const unknown = found.total === 0 ? await unknownCodes() : [];
        if (unknown.length > 0) throw invalid(unknown);
        return found;
      });
      const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
      const link = (page: number) => {
        const params = new URLSearchParams(request.url.split('?')[1] ?? '');
        params.set('page', String(page));
        return { href: `${API_PREFIX}/services?${params.toString()}` };
      };
      const links: Record<string, { href: string }> = { self: link(result.page), first: link(1), last: link(pages) };
      if (result.page > 1) links.prev = link(Math.min(result.page - 1, pages));
      if (result.page < pages) links.next = link(result.page + 1);
      return toSearchResultJson(result, links);
    },
  );

  app.get(
    `${API_PREFIX}/services/:id`,
    {
      schema: {
        tags: ['services'],
        operationId: 'getService',
        summary: 'One published service with its organisation, locations, opening hours and contact',
        params: Type.Object({ id: Type.String({ format: 'uuid', description: 'Id of the service' }) }),
        response: apiResponses({ 200: Type.Ref('ServiceDetail') }, [400, 404]),
      },
    },
    async (request) => {
      const service = await readPublic(db, request.trace, (tx) => publishedService(tx, request.params.id));
      if (!service) throw notFound(`There is no published service ${request.params.id}.`);
      return service;
    },
  );

  // Web ------------------------------------------------------------------------------------------
  app.get(
    '/:slug/zoeken',
    { schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 60 }) }), querystring: WebQuery } },
    async (request: FastifyRequest<{ Params: { slug: string }; Querystring: Static<typeof WebQuery> }>, reply) => {
      const region = await regions.get(request.trace, request.params.slug);
      if (region.slug !== request.params.slug) {
        const query = request.url.split('?')[1];
        return reply.code(301).redirect(`/${region.slug}/zoeken${query ? `?${query}` : ''}`);
      }
      const query = request.query;
      const pagina = Number.parseInt(query.pagina ?? '1', 10);
      const state: SearchFormState = {
        q: (query.q ?? '').trim(),
        plaats: (query.plaats ?? '').trim(),
        sorteer: SORTS.includes(query.sorteer as SearchSort) ? (query.sorteer as SearchSort) : 'relevance',
        onderwerp: many(query.onderwerp).filter((code) => themeCodes.includes(code)),
        doelgroep: many(query.doelgroep).filter((code) => audienceCodes.includes(code)),
        kosten: query.kosten === 'gratis' || query.kosten === 'betaald' ? query.kosten : '',
        taal: many(query.taal).filter((code) => /^[a-z]{2}$/.test(code)),
        kanaal: many(query.kanaal).filter((code) => deliveryModeCodes.includes(code)),
        nuopen: query.nuopen === 'ja',
        pagina: Number.isFinite(pagina) && pagina >= 1 && pagina <= 10000 ? pagina : 1,
      };
      const errors: FieldError[] = [];
      let otherRegionCode: string | undefined;
      const result = await withActor(db, { actor: request.actor, trace: request.trace }, async (tx) => {
        const place = state.plaats ? await places.resolve(tx, state.plaats) : null;
        if (state.plaats && !place) {
          // Say what was wrong: a postcode that does not exist, or a name, with the names it may mean.
          const suggestions = Places.looksLikePostcode(state.plaats) ? null : await places.suggest(tx, state.plaats);
          if (!suggestions) errors.push({ field: 'plaats', key: 'search.place.unknownPostcode', params: { value: state.plaats.slice(0, 4) } });
          else if (suggestions.length > 0) errors.push({ field: 'plaats', key: 'search.place.didYouMean', params: { value: state.plaats, suggestions: suggestions.join(', ') } });
          else errors.push({ field: 'plaats', key: 'search.place.unknown', params: { value: state.plaats } });
        }
        const params: SearchParams = {
          q: state.q,
          region: region.code,
          audiences: state.doelgroep,
          themes: state.onderwerp,
          cost: state.kosten || undefined,
          languages: state.taal,
          deliveryModes: state.kanaal,
          openNow: state.nuopen,
          sort: state.sorteer,
          page: state.pagina,
          pageSize: 20,
        };
        if (place) {
          params.near = { lat: place.lat, lon: place.lon };
          params.place = place;
          // A place in this region narrows to what is offered there; elsewhere it only measures distance.
          if (place.regionCode === region.code) params.municipality = place.municipalityCode;
          else otherRegionCode = place.regionCode;
        }
        return searchServices(tx, params, facetKeys);
      });
      // A question that found little, on its first page and without filters, is counted for the
      // region's coordinator (anonymised); a failure to count it never fails the search.
      const unfiltered = !state.plaats && !state.nuopen && !state.kosten && [state.onderwerp, state.doelgroep, state.taal, state.kanaal].every((list) => list.length === 0);
      if (state.q && state.pagina === 1 && unfiltered && errors.length === 0) {
        await tuning
          .noteQuestion(request.trace, region.code, state.q, result.total, request.ip, String(request.headers['user-agent'] ?? ''))
          .catch((error: unknown) => request.log.warn({ err: error }, 'a search question could not be counted'));
      }
      // After the transaction: on the embedded database a second one would wait for this one's connection.
      const otherRegion = otherRegionCode ? (await regions.list(request.trace)).find((r) => r.code === otherRegionCode) : undefined;
      return html(
        reply.code(errors.length > 0 ? 400 : 200),
        <SearchPage ctx={pageContext(request, reply, stylesheet)} region={region} state={state} result={result} errors={errors} otherRegion={otherRegion} showStale={servicePolicy.can(request.actor, 'list')} />,
      );
    },
  );
};
