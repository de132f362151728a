import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/pool.ts';
import { pageContext, redirectWithFlash } from '../../platform/http/context.ts';
import { EXPIRED_FORM, personalFormTokensOf } from '../../platform/http/submissions.ts';
import { requireUser, type UserActor } from '../../platform/auth/guards.ts';
import { menuItem, type MenuEntry } from '../../platform/web/menu.ts';
import type { FieldErrors } from '../../platform/web/forms.tsx';
import type { RegionsService } from '../regions/regions.service.ts';
import { catalogueImportPolicy } from './imports.policy.ts';
import { createImportService, MAX_IMPORT_BYTES } from './imports.service.ts';
import { ImportPage, ImportsPage } from './views/imports.views.tsx';

// Importing a catalogue file in the web interface, for a region's coordinator: /beheer/import (the
// upload form and the earlier imports), /beheer/import/:id (progress and report), and
// /beheer/import/:id/toepassen. The upload is a multipart form (one file, at most 10 MB), read only
// in this plugin; it works without JavaScript, and the page of a running import refreshes itself.

interface Options {
  db: Database;
  regions: RegionsService;
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const importsMenu: readonly MenuEntry[] = [menuItem({ href: '/beheer/import', key: 'opendata.nav.import', order: 22, policy: catalogueImportPolicy, action: 'list' })];

/** The uploaded file of a request (its name and bytes, and whether it was cut at the size limit). */
const uploads = new WeakMap<FastifyRequest, { fileName: string; bytes: Buffer; truncated: boolean }>();

export const importsRoutes: FastifyPluginAsync<Options> = async (fastify, { db, regions, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const imports = createImportService(db);
  const tokens = await personalFormTokensOf(db);
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);

  // Fields become the body (so the CSRF check reads `_csrf` as for any form); the file is kept aside.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 1000, parts: 12 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const bytes = await part.toBuffer();
      uploads.set(this, { fileName: part.filename, bytes, truncated: part.file.truncated });
      (part as unknown as { value: string }).value = part.filename;
    },
  });

  const coordinator = (request: FastifyRequest) => {
    const actor = requireUser(request);
    catalogueImportPolicy.authorize(actor, 'list');
    return actor;
  };

  const renderList = async (request: FastifyRequest, reply: FastifyReply, actor: UserActor, region: string, errors: FieldErrors, token?: string) => {
    const isAdmin = actor.membership!.role === 'platformbeheerder';
    const [list, all] = await Promise.all([imports.list(request.trace, actor), isAdmin ? regions.list(request.trace) : Promise.resolve(null)]);
    return html(
      reply,
      <ImportsPage
        ctx={ctx(request, reply)}
        imports={list}
        regions={all ? all.map((r) => ({ code: r.code, name: r.name })) : null}
        region={region}
        errors={errors}
        submission={token ?? tokens.issue('catalogue-import', actor.userId)}
      />,
    );
  };

  app.get('/beheer/import', { schema: { hide: true } }, async (request, reply) => {
    const actor = coordinator(request);
    return renderList(request, reply, actor, actor.membership!.regionCode ?? '', []);
  });

  app.post('/beheer/import', { schema: { hide: true } }, async (request, reply) => {
    const actor = coordinator(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    // A coordinator imports for their own region; a platform administrator chooses one.
    const region = actor.membership!.role === 'platformbeheerder' ? (typeof body.regio === 'string' ? body.regio.toUpperCase() : '') : (actor.membership!.regionCode ?? '');
    const submission = typeof body._submission === 'string' ? body._submission : undefined;
    const key = tokens.keyOf('catalogue-import', actor.userId, submission);
    if (!key) return renderList(request, reply.code(400), actor, region, [...EXPIRED_FORM]);
    const upload = uploads.get(request) ?? { fileName: '', bytes: Buffer.alloc(0), truncated: false };
    const outcome = await imports.upload(request.trace, actor, { regionCode: region, ...upload }, key);
    if (outcome.problem) {
      const { field, key: message, detail } = outcome.problem;
      return renderList(request, reply.code(400), actor, region, [{ field, key: message, ...(detail ? { params: { detail } } : {}) }], submission);
    }
    return reply.code(303).redirect(`/beheer/import/${outcome.id}`);
  });

  app.get('/beheer/import/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const actor = coordinator(request);
    const item = await imports.get(request.trace, actor, request.params.id);
    return html(reply, <ImportPage ctx={ctx(request, reply)} item={item} mayApply={catalogueImportPolicy.can(actor, 'apply', item)} />);
  });

  app.post(
    '/beheer/import/:id/toepassen',
    { schema: { hide: true, params: IdParams, body: Type.Object({ publiceren: Type.Optional(Type.String({ maxLength: 10 })), _csrf: Type.Optional(Type.String({ maxLength: 200 })) }) } },
    async (request, reply) => {
      const actor = coordinator(request);
      // Applying twice (a double click, a retry) applies once: the second finds it no longer waiting.
      const applied = await imports.apply(request.trace, actor, request.params.id, request.body.publiceren === 'ja');
      return redirectWithFlash(reply, `/beheer/import/${request.params.id}`, applied ? 'opendata.flash.applying' : 'opendata.import.notWaiting');
    },
  );
};
