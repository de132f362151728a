import { CsrfField, Layout, LinkParagraph, type PageContext } from '../web/layout.tsx';
import { ErrorSummary, SubmitButton, TextField, type FieldErrors } from '../web/forms.tsx';
import { esc } from '../web/html.ts';
import type { Translate } from '../i18n/index.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './auth.service.ts';
import { RESET_LINK_MINUTES } from './passwords.service.ts';

/** The new password twice, as every form that sets one asks for it. */
function NewPasswordFields({ t, errors }: { t: Translate; errors: FieldErrors }) {
  return (
    <>
      <TextField
        t={t}
        name="password"
        type="password"
        label={t('password.field.new')}
        value=""
        errors={errors}
        autocomplete="new-password"
        maxlength={PASSWORD_MAX_LENGTH}
      />
      <TextField
        t={t}
        name="passwordRepeat"
        type="password"
        label={t('password.field.repeat')}
        value=""
        errors={errors}
        autocomplete="new-password"
        maxlength={PASSWORD_MAX_LENGTH}
      />
    </>
  );
}

const fieldLabels = (t: Translate) => ({
  email: t('login.email'),
  current: t('password.field.current'),
  password: t('password.field.new'),
  passwordRepeat: t('password.field.repeat'),
});

export function ForgotPasswordPage({ ctx, email, errors }: { ctx: PageContext; email: string; errors: FieldErrors }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('password.forgot.title')}>
      <div class="wc-stack wc-narrow">
        <h1 class="utrecht-heading-1">{esc(t('password.forgot.title'))}</h1>
        <p class="utrecht-paragraph">{esc(t('password.forgot.intro'))}</p>
        <ErrorSummary t={t} errors={errors} labels={fieldLabels(t)} />
        <form method="post" action="/wachtwoord-vergeten" class="wc-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextField t={t} name="email" type="email" label={t('login.email')} value={email} errors={errors} autocomplete="username" spellcheck={false} maxlength={254} />
          <SubmitButton label={t('password.forgot.submit')} />
        </form>
        <LinkParagraph href="/inloggen" text={t('password.forgot.back')} />
      </div>
    </Layout>
  );
}

/** The same page whether or not the address has an account. */
export function ResetLinkSentPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('password.forgot.sentTitle')}>
      <div class="wc-stack wc-narrow">
        <h1 class="utrecht-heading-1">{esc(t('password.forgot.sentTitle'))}</h1>
        <p class="utrecht-paragraph">{esc(t('password.forgot.sent', { minutes: RESET_LINK_MINUTES }))}</p>
        <LinkParagraph href="/inloggen" text={t('password.forgot.back')} />
      </div>
    </Layout>
  );
}

export function ResetPasswordPage({ ctx, token, errors }: { ctx: PageContext; token: string; errors: FieldErrors }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('password.reset.title')}>
      <div class="wc-stack wc-narrow">
        <h1 class="utrecht-heading-1">{esc(t('password.reset.title'))}</h1>
        <p class="utrecht-paragraph">{esc(t('password.reset.intro', { min: PASSWORD_MIN_LENGTH }))}</p>
        <ErrorSummary t={t} errors={errors} labels={fieldLabels(t)} />
        <form method="post" action="/wachtwoord-herstellen" class="wc-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="token" value={token} />
          <NewPasswordFields t={t} errors={errors} />
          <SubmitButton label={t('password.reset.submit')} />
        </form>
      </div>
    </Layout>
  );
}

export function ResetLinkInvalidPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('password.reset.invalidTitle')}>
      <div class="wc-stack wc-narrow">
        <h1 class="utrecht-heading-1">{esc(t('password.reset.invalidTitle'))}</h1>
        <p class="utrecht-paragraph">{esc(t('password.reset.invalid', { minutes: RESET_LINK_MINUTES }))}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-button utrecht-button--primary-action" href="/wachtwoord-vergeten">
            {esc(t('password.reset.again'))}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function ChangePasswordPage(props: { ctx: PageContext; back: string; temporary: boolean; errors: FieldErrors }) {
  const { ctx, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('password.change.title')}>
      <div class="wc-stack wc-narrow">
        <h1 class="utrecht-heading-1">{esc(t('password.change.title'))}</h1>
        {props.temporary && (
          <div class="utrecht-alert utrecht-alert--info" role="status">
            <p class="utrecht-paragraph">{esc(t('password.change.temporary'))}</p>
          </div>
        )}
        <p class="utrecht-paragraph">{esc(t('password.change.intro', { min: PASSWORD_MIN_LENGTH }))}</p>
        <ErrorSummary t={t} errors={errors} labels={fieldLabels(t)} />
        <form method="post" action="/werkplek/wachtwoord" class="wc-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="terug" value={props.back} />
          <TextField
            t={t}
            name="current"
            type="password"
            label={t('password.field.current')}
            value=""
            errors={errors}
            autocomplete="current-password"
            maxlength={PASSWORD_MAX_LENGTH}
          />
          <NewPasswordFields t={t} errors={errors} />
          <SubmitButton label={t('password.change.submit')} />
        </form>
      </div>
    </Layout>
  );
}
