import type { WorkSource } from '../web/work.ts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import QRCode from 'qrcode';
import type { Config } from '../../config.ts';
import { pageContext, redirectWithFlash } from '../http/context.ts';
import { afterLogin, returnPath } from './return-path.ts';
import type { FieldError } from '../http/errors.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { Trace } from '../http/trace.ts';
import { clearSessionCookie, setSessionCookie } from './cookies.ts';
import { newTotpSecret, totpUri, type AuthService } from './auth.service.ts';
import type { SessionState, SessionStore } from './sessions.ts';
import { EnrolPage, LoginPage, RecoveryCodesPage, TotpPage, WorkspacePage } from './views.tsx';
import { menuFor, menuItem, type MenuEntry } from '../web/menu.ts';
import { workspacePolicy } from './workspace.policy.ts';

export interface AuthRouteOptions {
  config: Config;
  sessions: SessionStore;
  auth: AuthService;
  /** The regions' names, for the memberships on the workspace page. */
  regions: { list(trace: Trace): Promise<readonly { code: string; name: string }[]> };
  stylesheet: string;
  /** Name of the configured OIDC provider, when there is one: the login page offers it. */
  oidcName?: string | undefined;
  /** What waits for the professional, from the modules: shown at the top of the workspace. */
  workSources: readonly WorkSource[];
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);

const BackQuery = Type.Object({ terug: Type.Optional(Type.String({ maxLength: 2000 })) });
const LoginBody = Type.Object({
  email: Type.Optional(Type.String({ maxLength: 320 })),
  password: Type.Optional(Type.String({ maxLength: 1000 })),
  terug: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String()),
});
const CodeBody = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 100 })),
  terug: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String()),
});

export const workspaceMenu: readonly MenuEntry[] = [menuItem({ href: '/werkplek', key: 'layout.workspace', order: 0, policy: workspacePolicy, action: 'open' })];

// Login for professionals: password, then a TOTP code (or enrolment of one on first login),
// then a fresh session. The session token changes at every stage.
export const authRoutes: FastifyPluginAsync<AuthRouteOptions> = async (fastify, options) => {
  const { config, sessions, auth, regions, stylesheet } = options;
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const secureCookies = config.baseUrl.startsWith('https://');
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);

  const renderLogin = (request: FastifyRequest, reply: FastifyReply, email: string, back: string, errors: FieldError[], notice?: MessageKey) =>
    html(reply, <LoginPage ctx={ctx(request, reply)} email={email} back={back} errors={errors} notice={notice} oidcName={options.oidcName} />);

  /** The session of a browser that is half-way through login, at the expected stage. */
  const pending = (request: FastifyRequest, stage: SessionState['stage']) => (request.session?.stage === stage ? request.session : null);

  async function completeLogin(request: FastifyRequest, reply: FastifyReply, session: SessionState) {
    const token = await sessions.create(request.trace, { userId: session.userId, stage: 'full', authMethod: 'password' }, session.idHash);
    setSessionCookie(reply, token, secureCookies);
  }

  app.get('/inloggen', { schema: { hide: true, querystring: BackQuery } }, async (request, reply) => {
    if (request.actor.kind === 'user') return reply.code(303).redirect('/werkplek');
    return renderLogin(request, reply, '', returnPath(request.query.terug), []);
  });

  app.post('/inloggen', { schema: { hide: true, body: LoginBody } }, async (request, reply) => {
    const email = (request.body.email ?? '').trim();
    const password = request.body.password ?? '';
    const back = returnPath(request.body.terug);
    const errors: FieldError[] = [];
    if (!email) errors.push({ field: 'email', key: 'login.error.email' });
    if (!password) errors.push({ field: 'password', key: 'login.error.password' });
    if (errors.length > 0) return renderLogin(request, reply.code(400), email, back, errors);

    const result = await auth.verifyPassword(request.trace, email, password, request.ip);
    if (result.outcome === 'locked') {
      return renderLogin(request, reply.code(429), email, back, [{ field: 'email', key: 'login.error.locked', params: { minutes: result.minutes } }]);
    }
    if (result.outcome === 'wrong') return renderLogin(request, reply.code(401), email, back, [{ field: 'email', key: 'login.error.wrong' }]);
    if (!result.hasMembership) return renderLogin(request, reply.code(403), email, back, [{ field: 'email', key: 'login.error.noMembership' }]);

    const token = await sessions.create(
      request.trace,
      result.totpEnrolled
        ? { userId: result.userId, stage: 'password', authMethod: 'password' }
        : { userId: result.userId, stage: 'enrol', authMethod: 'password', pendingTotpSecret: newTotpSecret() },
      request.session?.idHash,
    );
    setSessionCookie(reply, token, secureCookies);
    const next = result.totpEnrolled ? '/inloggen/code' : '/inloggen/instellen';
    return reply.code(303).redirect(back ? `${next}?terug=${encodeURIComponent(back)}` : next);
  });

  app.get('/inloggen/code', { schema: { hide: true, querystring: BackQuery } }, async (request, reply) => {
    if (!pending(request, 'password')) return redirectWithFlash(reply, '/inloggen', 'login.expired');
    return html(reply, <TotpPage ctx={ctx(request, reply)} back={returnPath(request.query.terug)} errors={[]} />);
  });

  app.post('/inloggen/code', { schema: { hide: true, body: CodeBody } }, async (request, reply) => {
    const session = pending(request, 'password');
    if (!session) return redirectWithFlash(reply, '/inloggen', 'login.expired');
    const back = returnPath(request.body.terug);
    const code = (request.body.code ?? '').trim();
    const render = (status: number, error: FieldError) =>
      html(reply.code(status), <TotpPage ctx={ctx(request, reply)} back={back} errors={[error]} />);
    if (!code) return render(400, { field: 'code', key: 'totp.error.required' });
    const result = await auth.verifySecondFactor(request.trace, session.userId, code, request.ip);
    if (result.outcome === 'locked') return render(429, { field: 'code', key: 'login.error.locked', params: { minutes: result.minutes } });
    if (result.outcome === 'wrong') return render(401, { field: 'code', key: 'totp.error.wrong' });
    await completeLogin(request, reply, session);
    return reply.code(303).redirect(afterLogin(back));
  });

  app.get('/inloggen/instellen', { schema: { hide: true, querystring: BackQuery } }, async (request, reply) => {
    const session = pending(request, 'enrol');
    if (!session?.pendingTotpSecret) return redirectWithFlash(reply, '/inloggen', 'login.expired');
    return renderEnrol(request, reply, session, returnPath(request.query.terug), []);
  });

  async function renderEnrol(request: FastifyRequest, reply: FastifyReply, session: SessionState, back: string, errors: FieldError[]) {
    const secret = session.pendingTotpSecret!;
    const qrSvg = await QRCode.toString(totpUri(secret, session.userName), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return html(reply, <EnrolPage ctx={ctx(request, reply)} back={back} qrSvg={qrSvg} secret={secret} errors={errors} />);
  }

  app.post('/inloggen/instellen', { schema: { hide: true, body: CodeBody } }, async (request, reply) => {
    const session = pending(request, 'enrol');
    if (!session?.pendingTotpSecret) return redirectWithFlash(reply, '/inloggen', 'login.expired');
    const back = returnPath(request.body.terug);
    const code = (request.body.code ?? '').trim();
    if (!code) return renderEnrol(request, reply.code(400), session, back, [{ field: 'code', key: 'totp.error.required' }]);
    const recoveryCodes = await auth.confirmEnrolment(request.trace, session.userId, session.pendingTotpSecret, code);
    if (!recoveryCodes) return renderEnrol(request, reply.code(401), session, back, [{ field: 'code', key: 'totp.error.wrong' }]);
    await completeLogin(request, reply, session);
    // Shown once, on this response only; the database keeps only their hashes.
    reply.header('cache-control', 'no-store');
    return html(reply, <RecoveryCodesPage ctx={ctx(request, reply)} codes={recoveryCodes} next={afterLogin(back)} />);
  });

  app.post('/uitloggen', { schema: { hide: true } }, async (request, reply) => {
    if (request.session) {
      await sessions.destroy(request.trace, request.session);
      await auth.recordLogout(request.trace, request.session.userId, false);
    }
    clearSessionCookie(reply);
    return redirectWithFlash(reply, '/inloggen', 'login.loggedOut');
  });

  app.post('/uitloggen/overal', { schema: { hide: true } }, async (request, reply) => {
    if (request.session) {
      await sessions.destroyAll(request.trace, request.session.userId);
      await auth.recordLogout(request.trace, request.session.userId, true);
    }
    clearSessionCookie(reply);
    return redirectWithFlash(reply, '/inloggen', 'login.loggedOutEverywhere');
  });

  app.get('/werkplek', { schema: { hide: true } }, async (request, reply) => {
    const session = request.session;
    if (!session || session.stage !== 'full' || !session.active) return reply.code(303).redirect('/inloggen?terug=%2Fwerkplek');
    const regionNames = new Map((await regions.list(request.trace)).map((r) => [r.code, r.name]));
    const links = menuFor(request.actor).filter((item) => item.href !== '/werkplek');
    const work = (await Promise.all(options.workSources.map((source) => source(request.trace, request.actor)))).filter((summary) => summary !== null);
    return html(
      reply,
      <WorkspacePage ctx={ctx(request, reply)} session={session} regionNames={regionNames} idleMinutes={config.sessionIdleMinutes} links={links} work={work} />,
    );
  });

  app.post(
    '/werkplek/rol',
    {
      schema: { hide: true, body: Type.Object({ membership: Type.Optional(Type.String({ maxLength: 64 })), _csrf: Type.Optional(Type.String()) }) },
    },
    async (request, reply) => {
      const session = request.session;
      if (!session || session.stage !== 'full') return reply.code(303).redirect('/inloggen');
      await sessions.switchMembership(request.trace, session, request.body.membership ?? '');
      return reply.code(303).redirect('/werkplek');
    },
  );
};
