import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { isApiRequest, pageContext, redirectWithFlash } from '../http/context.ts';
import { unauthorized, type FieldError } from '../http/errors.ts';
import { afterLogin, returnPath } from './return-path.ts';
import { newPasswordErrors, RESET_PATH, type PasswordService } from './passwords.service.ts';
import { ChangePasswordPage, ForgotPasswordPage, ResetLinkInvalidPage, ResetLinkSentPage, ResetPasswordPage } from './passwords.views.tsx';

export interface PasswordRouteOptions {
  passwords: PasswordService;
  stylesheet: string;
}

export const CHANGE_PASSWORD_PATH = '/werkplek/wachtwoord';
const FORGOT_PATH = '/wachtwoord-vergeten';
const SENT_PATH = '/wachtwoord-vergeten/verstuurd';

/** What a session with a temporary password may still reach (besides the language switch; assets load without a session). */
const OPEN_WITH_TEMPORARY_PASSWORD = new Set([CHANGE_PASSWORD_PATH, '/uitloggen', '/uitloggen/overal', '/health', '/ready']);

/**
 * While a session's password is temporary, every page leads to changing it first: the Location to
 * send a request to, or null when it may go on. Called for every request, right after the session
 * is loaded (app.ts), so no route can forget it. The API is not sent anywhere: its actor then has
 * no role (see sessionActor).
 */
export function temporaryPasswordRedirect(request: FastifyRequest): string | null {
  if (!request.session?.mustChangePassword || isApiRequest(request)) return null;
  const path = request.url.split('?')[0]!;
  if (OPEN_WITH_TEMPORARY_PASSWORD.has(path) || path.startsWith('/taal/')) return null;
  return request.method === 'GET' || request.method === 'HEAD' ? `${CHANGE_PASSWORD_PATH}?terug=${encodeURIComponent(request.url)}` : CHANGE_PASSWORD_PATH;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);

const Csrf = { _csrf: Type.Optional(Type.String()) };
const NewPassword = {
  password: Type.Optional(Type.String({ maxLength: 1000 })),
  passwordRepeat: Type.Optional(Type.String({ maxLength: 1000 })),
};

// "Forgot password" (a link by e-mail), and changing a password from the workspace, which is also
// where a temporary password is replaced.
export const passwordRoutes: FastifyPluginAsync<PasswordRouteOptions> = async (fastify, { passwords, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);
  const newPassword = (body: { password?: string; passwordRepeat?: string }) => ({ password: body.password ?? '', passwordRepeat: body.passwordRepeat ?? '' });

  app.get(FORGOT_PATH, { schema: { hide: true } }, async (request, reply) => html(reply, <ForgotPasswordPage ctx={ctx(request, reply)} email="" errors={[]} />));

  app.post(
    FORGOT_PATH,
    { schema: { hide: true, body: Type.Object({ email: Type.Optional(Type.String({ maxLength: 320 })), ...Csrf }) } },
    async (request, reply) => {
      const email = (request.body.email ?? '').trim();
      if (!email) return html(reply.code(400), <ForgotPasswordPage ctx={ctx(request, reply)} email={email} errors={[{ field: 'email', key: 'login.error.email' }]} />);
      await passwords.requestReset(request.trace, email, request.ip);
      return reply.code(303).redirect(SENT_PATH);
    },
  );

  app.get(SENT_PATH, { schema: { hide: true } }, async (request, reply) => html(reply, <ResetLinkSentPage ctx={ctx(request, reply)} />));

  // The link's token is a secret: these pages are never stored.
  const invalidLink = (request: FastifyRequest, reply: FastifyReply) =>
    html(reply.code(410).header('cache-control', 'no-store'), <ResetLinkInvalidPage ctx={ctx(request, reply)} />);

  app.get(RESET_PATH, { schema: { hide: true, querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 100 })) }) } }, async (request, reply) => {
    const token = request.query.token ?? '';
    if (!(await passwords.resetLinkWorks(request.trace, token))) return invalidLink(request, reply);
    return html(reply.header('cache-control', 'no-store'), <ResetPasswordPage ctx={ctx(request, reply)} token={token} errors={[]} />);
  });

  app.post(
    RESET_PATH,
    { schema: { hide: true, body: Type.Object({ token: Type.Optional(Type.String({ maxLength: 100 })), ...NewPassword, ...Csrf }) } },
    async (request, reply) => {
      const token = request.body.token ?? '';
      // The link first: without a working one, nothing is checked or hashed.
      if (!(await passwords.resetLinkWorks(request.trace, token))) return invalidLink(request, reply);
      const form = newPassword(request.body);
      const errors = newPasswordErrors(form);
      if (errors.length > 0) {
        return html(reply.code(400).header('cache-control', 'no-store'), <ResetPasswordPage ctx={ctx(request, reply)} token={token} errors={errors} />);
      }
      // Every session of the account ends with it, this browser's too if it had one.
      if (!(await passwords.resetPassword(request.trace, token, form.password))) return invalidLink(request, reply);
      return redirectWithFlash(reply, '/inloggen', 'password.reset.done');
    },
  );

  /** The signed-in session that may change its password; others are sent to the login page. */
  const fullSession = (request: FastifyRequest) => {
    const session = request.session;
    if (!session || session.stage !== 'full') throw unauthorized();
    return session;
  };

  const renderChange = (request: FastifyRequest, reply: FastifyReply, back: string, errors: FieldError[]) =>
    html(reply, <ChangePasswordPage ctx={ctx(request, reply)} back={back} temporary={fullSession(request).mustChangePassword} errors={errors} />);

  app.get(
    CHANGE_PASSWORD_PATH,
    { schema: { hide: true, querystring: Type.Object({ terug: Type.Optional(Type.String({ maxLength: 2000 })) }) } },
    async (request, reply) => renderChange(request, reply, returnPath(request.query.terug), []),
  );

  app.post(
    CHANGE_PASSWORD_PATH,
    {
      schema: {
        hide: true,
        body: Type.Object({
          current: Type.Optional(Type.String({ maxLength: 1000 })),
          terug: Type.Optional(Type.String({ maxLength: 2000 })),
          ...NewPassword,
          ...Csrf,
        }),
      },
    },
    async (request, reply) => {
      const session = fullSession(request);
      const back = returnPath(request.body.terug);
      const current = request.body.current ?? '';
      const form = newPassword(request.body);
      const errors: FieldError[] = current ? [] : [{ field: 'current', key: 'login.error.password' }];
      errors.push(...newPasswordErrors(form, current || undefined));
      if (errors.length > 0) return renderChange(request, reply.code(400), back, errors);
      const result = await passwords.changePassword(request.trace, session, current, form.password, request.ip);
      if (result.outcome === 'locked') {
        return renderChange(request, reply.code(429), back, [{ field: 'current', key: 'login.error.locked', params: { minutes: result.minutes } }]);
      }
      if (result.outcome === 'wrong') return renderChange(request, reply.code(400), back, [{ field: 'current', key: 'password.error.current' }]);
      return redirectWithFlash(reply, afterLogin(back), 'password.change.done');
    },
  );
};
