import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/pool.ts';
import { pageContext, redirectWithFlash } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { EXPIRED_FORM, personalFormTokensOf } from '../../platform/http/submissions.ts';
import { requireUser } from '../../platform/auth/guards.ts';
import type { FieldErrors } from '../../platform/web/forms.tsx';
import { createOrganisationsService, type NewUserForm, type OrganisationForm, type OrganisationsDependencies, type UserForm } from './organisations.service.ts';
import { emptyOrganisationForm, organisationFormOf, OrganisationFormPage, OrganisationsPage } from './views/organisations.views.tsx';
import { emptyNewUserForm, NewUserPage, UserPage, UsersPage, type UserPageForm } from './views/users.views.tsx';
import { menuItem, type MenuEntry } from '../../platform/web/menu.ts';
import { accountPolicy, organisationPolicy } from './organisations.policy.ts';

// Admin pages: /beheer/organisaties and /beheer/gebruikers. HTTP only: parse the form, call the
// service (which decides who may do what), re-render the form with the input and its errors, or
// redirect with a message.

interface Options {
  db: Database;
  regions: OrganisationsDependencies['regions'];
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);

// Limits above the service's own, so that a too-long value gets a message at the field; anything
// beyond is not a typing mistake and gets a plain 400.
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const csrf = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
const submission = { _submission: Type.Optional(Type.String({ maxLength: 200 })) };
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const OrganisationBody = Type.Object({
  name: text(1000),
  kind: text(100),
  suwi: text(10),
  website: text(2000),
  // One checked box arrives as a string; the validator's array coercion turns it into a list.
  regions: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 50 })),
  ...csrf,
  ...submission,
});
const UserBody = Type.Object({ name: text(1000), email: text(1000), language: text(10), ...csrf });
const MembershipBody = Type.Object({ organisation: text(100), region: text(10), role: text(100), ...csrf });
const NewUserBody = Type.Object({
  name: text(1000),
  email: text(1000),
  language: text(10),
  organisation: text(100),
  region: text(10),
  role: text(100),
  password: text(1000),
  ...csrf,
  ...submission,
});

type Body<K extends string> = Partial<Record<K, string>>;

const organisationForm = (body: Body<'name' | 'kind' | 'suwi' | 'website'> & { regions?: string[] }): OrganisationForm => ({
  name: body.name ?? '',
  kind: body.kind ?? '',
  suwi: body.suwi ?? '',
  website: body.website ?? '',
  regions: body.regions ?? [],
});
const userForm = (body: Body<'name' | 'email' | 'language'>): UserForm => ({ name: body.name ?? '', email: body.email ?? '', language: body.language ?? '' });
const membershipForm = (body: Body<'organisation' | 'region' | 'role'>) => ({
  organisation: body.organisation ?? '',
  region: body.region ?? '',
  role: body.role ?? '',
});

/** The field errors of a validation error; any other error is not the form's business. */
function formErrors(error: unknown): FieldErrors {
  if (error instanceof AppError && error.slug === 'validation') return error.fieldErrors;
  throw error;
}

export const organisationsMenu: readonly MenuEntry[] = [
  menuItem({ href: '/beheer/organisaties', key: 'nav.admin.organisations', order: 40, policy: organisationPolicy, action: 'list' }),
  menuItem({ href: '/beheer/gebruikers', key: 'nav.admin.users', order: 41, policy: accountPolicy, action: 'list' }),
];

export const organisationsRoutes: FastifyPluginAsync<Options> = async (fastify, { db, regions, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createOrganisationsService({ db, regions });
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);
  const tokens = await personalFormTokensOf(db);

  // Organisations ----------------------------------------------------------------------------------

  app.get(
    '/beheer/organisaties',
    { schema: { hide: true, querystring: Type.Object({ regio: text(10) }) } },
    async (request, reply) => {
      const actor = requireUser(request);
      const { regions: all } = await service.context(request.trace, actor, 'organisations');
      const { scope, regionCode, organisations } = await service.listOrganisations(request.trace, actor, request.query.regio || null);
      return html(reply, <OrganisationsPage ctx={ctx(request, reply)} scope={scope} regions={all} regionCode={regionCode} organisations={organisations} />);
    },
  );

  /** The new organisation form; re-rendered after an error with the same token: the second try is the same submission. */
  const renderNewOrganisation = async (request: FastifyRequest, reply: FastifyReply, values: OrganisationForm | null, errors: FieldErrors, token?: string) => {
    const actor = requireUser(request);
    const { scope, regions: all } = await service.context(request.trace, actor, 'organisations');
    const submission = token ?? tokens.issue('organisation-create', actor.userId);
    return html(
      reply,
      <OrganisationFormPage ctx={ctx(request, reply)} scope={scope} regions={all} values={values ?? emptyOrganisationForm(scope)} errors={errors} submission={submission} />,
    );
  };

  app.get('/beheer/organisaties/nieuw', { schema: { hide: true } }, (request, reply) => renderNewOrganisation(request, reply, null, []));

  app.post('/beheer/organisaties/nieuw', { schema: { hide: true, body: OrganisationBody } }, async (request, reply) => {
    const actor = requireUser(request);
    const form = organisationForm(request.body);
    const key = tokens.keyOf('organisation-create', actor.userId, request.body._submission);
    if (!key) return renderNewOrganisation(request, reply.code(400), form, [...EXPIRED_FORM]);
    try {
      await service.createOrganisation(request.trace, actor, form, key);
    } catch (error) {
      return renderNewOrganisation(request, reply.code(400), form, formErrors(error), request.body._submission);
    }
    return redirectWithFlash(reply, '/beheer/organisaties', 'admin.organisations.created');
  });

  app.get('/beheer/organisaties/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const actor = requireUser(request);
    const { scope, organisation } = await service.getOrganisation(request.trace, actor, request.params.id);
    const { regions: all } = await service.context(request.trace, actor, 'organisations');
    return html(
      reply,
      <OrganisationFormPage
        ctx={ctx(request, reply)}
        scope={scope}
        regions={all}
        organisation={organisation}
        values={organisationFormOf(organisation)}
        errors={[]}
      />,
    );
  });

  app.post('/beheer/organisaties/:id', { schema: { hide: true, params: IdParams, body: OrganisationBody } }, async (request, reply) => {
    const actor = requireUser(request);
    const form = organisationForm(request.body);
    let stillInScope: boolean;
    try {
      stillInScope = await service.updateOrganisation(request.trace, actor, request.params.id, form);
    } catch (error) {
      const errors = formErrors(error);
      const { scope, organisation } = await service.getOrganisation(request.trace, actor, request.params.id);
      const { regions: all } = await service.context(request.trace, actor, 'organisations');
      return html(
        reply.code(400),
        <OrganisationFormPage ctx={ctx(request, reply)} scope={scope} regions={all} organisation={organisation} values={form} errors={errors} />,
      );
    }
    return redirectWithFlash(reply, '/beheer/organisaties', stillInScope ? 'admin.organisations.saved' : 'admin.organisations.leftRegion');
  });

  // Users ------------------------------------------------------------------------------------------

  app.get('/beheer/gebruikers', { schema: { hide: true } }, async (request, reply) => {
    const { scope, users } = await service.listUsers(request.trace, requireUser(request));
    return html(reply, <UsersPage ctx={ctx(request, reply)} scope={scope} users={users} />);
  });

  const renderNewUser = async (request: FastifyRequest, reply: FastifyReply, values: NewUserForm | null, errors: FieldErrors, token?: string) => {
    const actor = requireUser(request);
    const [{ scope }, choices] = await Promise.all([
      service.context(request.trace, actor, 'accounts'),
      service.membershipChoices(request.trace, actor),
    ]);
    const submission = token ?? tokens.issue('user-create', actor.userId);
    return html(
      reply,
      <NewUserPage ctx={ctx(request, reply)} scope={scope} choices={choices} values={values ?? emptyNewUserForm(scope)} errors={errors} submission={submission} />,
    );
  };

  app.get('/beheer/gebruikers/nieuw', { schema: { hide: true } }, (request, reply) => renderNewUser(request, reply, null, []));

  app.post('/beheer/gebruikers/nieuw', { schema: { hide: true, body: NewUserBody } }, async (request, reply) => {
    const actor = requireUser(request);
    const form: NewUserForm = { ...userForm(request.body), ...membershipForm(request.body), password: request.body.password ?? '' };
    const key = tokens.keyOf('user-create', actor.userId, request.body._submission);
    if (!key) return renderNewUser(request, reply.code(400), { ...form, password: '' }, [...EXPIRED_FORM]);
    let id: string;
    try {
      id = await service.createUser(request.trace, actor, form, key);
    } catch (error) {
      return renderNewUser(request, reply.code(400), { ...form, password: '' }, formErrors(error), request.body._submission);
    }
    return redirectWithFlash(reply, `/beheer/gebruikers/${id}`, 'admin.users.created');
  });

  const renderUser = async (request: FastifyRequest, reply: FastifyReply, id: string, submitted?: UserPageForm) => {
    const actor = requireUser(request);
    const [{ scope, user }, choices] = await Promise.all([service.getUser(request.trace, actor, id), service.membershipChoices(request.trace, actor)]);
    return html(reply, <UserPage ctx={ctx(request, reply)} scope={scope} user={user} choices={choices} submitted={submitted} />);
  };

  app.get('/beheer/gebruikers/:id', { schema: { hide: true, params: IdParams } }, (request, reply) => renderUser(request, reply, request.params.id));

  app.post('/beheer/gebruikers/:id', { schema: { hide: true, params: IdParams, body: UserBody } }, async (request, reply) => {
    const form = userForm(request.body);
    try {
      await service.updateUser(request.trace, requireUser(request), request.params.id, form);
    } catch (error) {
      return renderUser(request, reply.code(400), request.params.id, { form: 'details', values: form, errors: formErrors(error) });
    }
    return redirectWithFlash(reply, `/beheer/gebruikers/${request.params.id}`, 'admin.users.saved');
  });

  for (const [path, disabled] of [
    ['uitschakelen', true],
    ['inschakelen', false],
  ] as const) {
    app.post(`/beheer/gebruikers/:id/${path}`, { schema: { hide: true, params: IdParams, body: Type.Object(csrf) } }, async (request, reply) => {
      await service.setDisabled(request.trace, requireUser(request), request.params.id, disabled);
      return redirectWithFlash(reply, `/beheer/gebruikers/${request.params.id}`, disabled ? 'admin.users.disabledDone' : 'admin.users.enabledDone');
    });
  }

  app.post('/beheer/gebruikers/:id/rollen', { schema: { hide: true, params: IdParams, body: MembershipBody } }, async (request, reply) => {
    const form = membershipForm(request.body);
    try {
      await service.addMembership(request.trace, requireUser(request), request.params.id, form);
    } catch (error) {
      return renderUser(request, reply.code(400), request.params.id, { form: 'membership', values: form, errors: formErrors(error) });
    }
    return redirectWithFlash(reply, `/beheer/gebruikers/${request.params.id}`, 'admin.users.membershipAdded');
  });

  app.post(
    '/beheer/gebruikers/:id/rollen/:membershipId/verwijderen',
    {
      schema: {
        hide: true,
        params: Type.Object({ id: Type.String({ maxLength: 64 }), membershipId: Type.String({ maxLength: 64 }) }),
        body: Type.Object(csrf),
      },
    },
    async (request, reply) => {
      const { id, membershipId } = request.params;
      const stillInScope = await service.removeMembership(request.trace, requireUser(request), id, membershipId);
      return stillInScope
        ? redirectWithFlash(reply, `/beheer/gebruikers/${id}`, 'admin.users.membershipRemoved')
        : redirectWithFlash(reply, '/beheer/gebruikers', 'admin.users.membershipRemovedGone');
    },
  );
};

