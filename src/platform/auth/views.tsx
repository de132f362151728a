import { CsrfField, Layout, LinkParagraph, Page, type PageContext } from '../web/layout.tsx';
import { ErrorSummary, SelectField, SubmitButton, TextField, type FieldErrors } from '../web/forms.tsx';
import { esc } from '../web/html.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { SessionState } from './sessions.ts';
import type { WorkSummary } from '../web/work.ts';

export function LoginPage(props: {
  ctx: PageContext;
  email: string;
  back: string;
  errors: FieldErrors;
  notice?: MessageKey;
  oidcName?: string | undefined;
}) {
  const { ctx, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('login.title')}>
      <div class="wc-stack wc-narrow">
        <h1 class="utrecht-heading-1">{esc(t('login.title'))}</h1>
        <p class="utrecht-paragraph">{esc(t('login.intro'))}</p>
        {props.notice && (
          <div class="utrecht-alert utrecht-alert--info" role="status">
            <p class="utrecht-paragraph">{esc(t(props.notice))}</p>
          </div>
        )}
        <ErrorSummary t={t} errors={errors} />
        <form method="post" action="/inloggen" class="wc-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="terug" value={props.back} />
          <TextField t={t} name="email" type="email" label={t('login.email')} value={props.email} errors={errors} autocomplete="username" spellcheck={false} maxlength={254} />
          <TextField t={t} name="password" type="password" label={t('login.password')} value="" errors={errors} autocomplete="current-password" maxlength={200} />
          <SubmitButton label={t('login.submit')} />
        </form>
        <LinkParagraph href="/wachtwoord-vergeten" text={t('password.forgot.link')} />
        {props.oidcName ? (
          <>
            <p class="utrecht-paragraph">{esc(t('login.or'))}</p>
            <p class="utrecht-paragraph">
              <a id="veld-oidc" class="utrecht-button utrecht-button--secondary-action" href={`/inloggen/oidc?terug=${encodeURIComponent(props.back)}`}>
                {esc(t('login.oidc', { name: props.oidcName }))}
              </a>
            </p>
          </>
        ) : (
          ''
        )}
      </div>
    </Layout>
  );
}

export function TotpPage({ ctx, back, errors }: { ctx: PageContext; back: string; errors: FieldErrors }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('totp.title')}>
      <div class="wc-stack wc-narrow">
        <h1 class="utrecht-heading-1">{esc(t('totp.title'))}</h1>
        <p class="utrecht-paragraph">{esc(t('totp.intro'))}</p>
        <ErrorSummary t={t} errors={errors} />
        <form method="post" action="/inloggen/code" class="wc-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="terug" value={back} />
          <TextField
            t={t}
            name="code"
            label={t('totp.code')}
            hint={t('totp.recoveryHint')}
            value=""
            errors={errors}
            autocomplete="one-time-code"
            inputmode="text"
            spellcheck={false}
            maxlength={20}
          />
          <SubmitButton label={t('totp.submit')} />
        </form>
      </div>
    </Layout>
  );
}

export function EnrolPage(props: { ctx: PageContext; back: string; qrSvg: string; secret: string; errors: FieldErrors }) {
  const { ctx, errors } = props;
  const { t } = ctx;
  const grouped = props.secret.match(/.{1,4}/g)?.join(' ') ?? props.secret;
  return (
    <Layout ctx={ctx} title={t('enrol.title')}>
      <div class="wc-stack wc-narrow">
        <h1 class="utrecht-heading-1">{esc(t('enrol.title'))}</h1>
        <p class="utrecht-paragraph">{esc(t('enrol.intro'))}</p>
        <ErrorSummary t={t} errors={errors} />
        <ol class="utrecht-ordered-list">
          <li>{esc(t('enrol.step1'))}</li>
          <li>
            {esc(t('enrol.step2'))}
            <div class="wc-qr" role="img" aria-label={t('enrol.qrAlt')}>
              {props.qrSvg as 'safe'}
            </div>
            <p class="utrecht-paragraph">
              {esc(t('enrol.manual'))} <code class="utrecht-code">{esc(grouped)}</code>
            </p>
          </li>
          <li>{esc(t('enrol.step3'))}</li>
        </ol>
        <form method="post" action="/inloggen/instellen" class="wc-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="terug" value={props.back} />
          <TextField t={t} name="code" label={t('totp.code')} value="" errors={errors} autocomplete="one-time-code" inputmode="numeric" maxlength={10} />
          <SubmitButton label={t('totp.submit')} />
        </form>
      </div>
    </Layout>
  );
}

export function RecoveryCodesPage({ ctx, codes, next }: { ctx: PageContext; codes: readonly string[]; next: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('recovery.title')}>
      <div class="wc-stack wc-narrow">
        <h1 class="utrecht-heading-1">{esc(t('recovery.title'))}</h1>
        <p class="utrecht-paragraph">{esc(t('recovery.intro'))}</p>
        <ul class="wc-codes">
          {codes.map((code) => (
            <li>{esc(code)}</li>
          ))}
        </ul>
        <p class="utrecht-paragraph">
          <a class="utrecht-button utrecht-button--primary-action" href={next}>
            {esc(t('recovery.continue'))}
          </a>
        </p>
      </div>
    </Layout>
  );
}

const roleKey = (role: string) => `role.${role}` as MessageKey;

export interface WorkspaceLink {
  href: string;
  key: MessageKey;
}

export function WorkspacePage(props: {
  ctx: PageContext;
  session: SessionState;
  regionNames: ReadonlyMap<string, string>;
  idleMinutes: number;
  links: readonly WorkspaceLink[];
  work: readonly WorkSummary[];
}) {
  const { ctx, session } = props;
  const { t } = ctx;
  const active = session.active!;
  const primary = props.work.find((summary) => summary.primary)?.primary;
  const items = props.work.flatMap((summary) => summary.items);
  return (
    <Page ctx={ctx} title={t('workspace.title')} lead={t('workspace.welcome', { name: session.userName })}>
    {primary ? (
      <p class="utrecht-paragraph wc-primary-action">
        <a class="utrecht-button utrecht-button--primary-action" href={primary.href}>
          {esc(t(primary.key))}
        </a>
      </p>
    ) : (
      ''
    )}
    {items.length > 0 && (
      <section aria-labelledby="werk-titel">
        <h2 class="utrecht-heading-2" id="werk-titel">
          {esc(t('workspace.work'))}
        </h2>
        <ul class="wc-card-list">
          {items.map((item) => (
            <li class="wc-card">
              <a class="utrecht-link" href={item.href}>
                <strong class="wc-count">{esc(String(item.count))}</strong> {esc(t(item.key, { count: item.count }))}
              </a>
            </li>
          ))}
        </ul>
      </section>
    )}
    <p class="utrecht-paragraph">
      {esc(
        t('workspace.actingAs', {
          role: t(roleKey(active.role)),
          organisation: active.organisationName,
          region: props.regionNames.get(active.regionCode) ?? active.regionCode,
        }),
      )}
    </p>
    {session.memberships.length > 1 && (
      <form method="post" action="/werkplek/rol" class="wc-filter">
        <CsrfField token={ctx.csrfToken} />
        <SelectField
          t={t}
          name="membership"
          label={t('workspace.switch')}
          value={active.id}
          errors={[]}
          options={session.memberships.map((m) => ({
            value: m.id,
            label: `${t(roleKey(m.role))} · ${m.organisationName} · ${props.regionNames.get(m.regionCode) ?? m.regionCode}`,
          }))}
        />
        <SubmitButton label={t('workspace.switchSubmit')} secondary />
      </form>
    )}
    {props.links.length > 0 && (
      <>
        <h2 class="utrecht-heading-2">{esc(t('workspace.tasks'))}</h2>
        <ul class="utrecht-unordered-list">
          {props.links.map((link) => (
            <li>
              <a class="utrecht-link" href={link.href}>
                {esc(t(link.key))}
              </a>
            </li>
          ))}
        </ul>
      </>
    )}
    <h2 class="utrecht-heading-2">{esc(t('workspace.security'))}</h2>
    <p class="utrecht-paragraph">
      {esc(
        t('workspace.sessionInfo', {
          method: t(session.authMethod === 'oidc' ? 'workspace.method.oidc' : 'workspace.method.password'),
          minutes: props.idleMinutes,
        }),
      )}
    </p>
    {session.authMethod === 'password' && (
      <LinkParagraph href="/werkplek/wachtwoord" text={t('password.change.link')} />
    )}
    <form method="post" action="/uitloggen/overal">
      <CsrfField token={ctx.csrfToken} />
      <SubmitButton label={t('workspace.logoutEverywhere')} secondary />
    </form>
    </Page>
  );
}
