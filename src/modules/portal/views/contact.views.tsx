import { Layout, CsrfField, type PageContext } from '../../../platform/web/layout.tsx';
import { ChoiceGroup, ErrorSummary, SelectField, SubmitButton, TextArea, TextField, type FieldErrors } from '../../../platform/web/forms.tsx';
import { esc } from '../../../platform/web/html.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { activity } from '../../../platform/privacy/register.ts';
import type { Municipality } from '../../regions/regions.service.ts';
import { CONTACT_AUDIENCES, CONTACT_LIMITS, type ContactForm } from '../../referrals/contacts.service.ts';
import { Breadcrumbs, termLabel, type RegionRef } from './common.tsx';

// "Stel een vraag": the form (with its privacy statement in plain Dutch) and the confirmation.

export const HONEYPOT_FIELD = 'website';

export interface ContactPageState {
  values: ContactForm;
  errors: FieldErrors;
  /** A problem with the form as a whole (sent too fast, open too long, robot field filled, too many from this computer). */
  formError: { key: MessageKey; params?: Record<string, string | number> } | null;
  token: string;
  service: { id: string; name: string } | null;
}

export function ContactPage({ ctx, region, municipalities, state }: { ctx: PageContext; region: RegionRef; municipalities: readonly Municipality[]; state: ContactPageState }) {
  const { t, lang } = ctx;
  const title = t('portal.contact.title', { name: region.name });
  const { values, errors } = state;
  const register = activity('contact-requests');
  const labels = {
    naam: t('portal.contact.name'),
    email: t('portal.contact.email'),
    telefoon: t('portal.contact.phone'),
    kanaal: t('portal.contact.channel'),
    vraag: t('portal.contact.message'),
    wie: t('portal.contact.who'),
    gemeente: t('portal.contact.municipality'),
  };
  return (
    <Layout ctx={ctx} title={errors.length > 0 || state.formError ? `${t('portal.contact.errorTitlePrefix')} ${title}` : title}>
      <div class="wc-stack wc-narrow">
        <Breadcrumbs t={t} region={region} trail={[{ label: t('portal.ask.heading') }]} />
        <h1 class="utrecht-heading-1">{esc(title)}</h1>
        <p class="utrecht-paragraph wc-lead">{esc(t('portal.contact.intro', { name: region.name }))}</p>
        {state.formError ? (
          <div class="utrecht-alert utrecht-alert--warning" role="alert">
            <p class="utrecht-paragraph">{esc(t(state.formError.key, state.formError.params))}</p>
          </div>
        ) : (
          ''
        )}
        <ErrorSummary t={t} errors={errors} labels={labels} />
        <form method="post" action={`/${region.slug}/vraag`} class="wc-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="formtoken" value={state.token} />
          {state.service ? (
            <>
              <input type="hidden" name="dienst" value={state.service.id} />
              <p class="utrecht-paragraph wc-card">
                {esc(`${t('portal.contact.about')} `)}
                <a class="utrecht-link" href={`/${region.slug}/diensten/${state.service.id}`}>
                  {esc(state.service.name)}
                </a>
              </p>
            </>
          ) : (
            ''
          )}
          <TextField t={t} name="naam" label={labels.naam} hint={t('portal.contact.nameHint')} errors={errors} value={values.naam} autocomplete="name" maxlength={CONTACT_LIMITS.name} />
          <fieldset class="utrecht-form-fieldset wc-stack" aria-describedby="bereikbaar-hint">
            <legend class="utrecht-form-fieldset__legend">{esc(t('portal.contact.reachLegend'))}</legend>
            <div class="utrecht-form-field-description" id="bereikbaar-hint">
              {esc(t('portal.contact.reachHint'))}
            </div>
            <TextField t={t} name="email" label={labels.email} errors={errors} value={values.email} type="email" autocomplete="email" maxlength={CONTACT_LIMITS.email} required={false} />
            <TextField t={t} name="telefoon" label={labels.telefoon} errors={errors} value={values.telefoon} type="tel" autocomplete="tel" maxlength={20} required={false} />
            <ChoiceGroup
              t={t}
              type="radio"
              name="kanaal"
              label={labels.kanaal}
              hint={t('portal.contact.channelHint')}
              errors={errors}
              values={values.kanaal ? [values.kanaal] : []}
              options={[
                { value: 'email', label: t('portal.contact.channel.email') },
                { value: 'telefoon', label: t('portal.contact.channel.telefoon') },
              ]}
            />
          </fieldset>
          <TextArea
            t={t}
            name="vraag"
            label={labels.vraag}
            hint={t('portal.contact.messageHint', { max: CONTACT_LIMITS.message })}
            errors={errors}
            value={values.vraag}
            rows={6}
            maxlength={CONTACT_LIMITS.message}
          />
          <SelectField
            t={t}
            name="wie"
            label={labels.wie}
            optional
            errors={errors}
            value={values.wie}
            placeholder={t('portal.contact.whoNone')}
            options={CONTACT_AUDIENCES.map((code) => ({ value: code, label: termLabel(lang, code) }))}
          />
          <SelectField
            t={t}
            name="gemeente"
            label={labels.gemeente}
            optional
            errors={errors}
            value={values.gemeente}
            placeholder={t('portal.contact.municipalityNone')}
            options={municipalities.map((m) => ({ value: m.code, label: m.name }))}
          />
          <div class="wc-hp" aria-hidden="true">
            <label for="veld-website">{esc(t('portal.contact.honeypot'))}</label>
            <input id="veld-website" type="text" name={HONEYPOT_FIELD} value="" tabindex="-1" autocomplete="off" />
          </div>
          <section class="wc-privacy wc-card" aria-labelledby="privacy-titel">
            <h2 class="utrecht-heading-3" id="privacy-titel">
              {esc(t('portal.contact.privacy.heading'))}
            </h2>
            <p class="utrecht-paragraph">{esc(t('portal.contact.privacy.who', { name: region.name }))}</p>
            <p class="utrecht-paragraph">{esc(t('portal.contact.privacy.what'))}</p>
            <p class="utrecht-paragraph">{esc(t('portal.contact.privacy.howLong', { retention: register.retention[lang] }))}</p>
            <p class="utrecht-paragraph">
              {esc(t('portal.contact.privacy.more'))}{' '}
              <a class="utrecht-link" href="/privacy">
                {esc(t('portal.contact.privacy.link'))}
              </a>
            </p>
          </section>
          <SubmitButton label={t('portal.contact.submit')} />
        </form>
      </div>
    </Layout>
  );
}

export function ContactSentPage({ ctx, region, channel, reference }: { ctx: PageContext; region: RegionRef; channel: 'email' | 'telefoon' | null; reference: string | null }) {
  const { t } = ctx;
  const title = t('portal.contact.sent.title');
  return (
    <Layout ctx={ctx} title={title}>
      <div class="wc-stack wc-narrow">
        <Breadcrumbs t={t} region={region} trail={[{ label: title }]} />
        <div class="utrecht-alert utrecht-alert--ok" role="status">
          <h1 class="utrecht-heading-1">{esc(title)}</h1>
        </div>
        <p class="utrecht-paragraph wc-lead">
          {esc(
            t(channel === 'telefoon' ? 'portal.contact.sent.byPhone' : channel === 'email' ? 'portal.contact.sent.byEmail' : 'portal.contact.sent.text', {
              name: region.name,
            }),
          )}
        </p>
        {reference ? <p class="utrecht-paragraph">{esc(t(channel === 'email' ? 'portal.contact.sent.referenceMailed' : 'portal.contact.sent.reference', { reference }))}</p> : ''}
        <p class="utrecht-paragraph">{esc(t('portal.contact.sent.meanwhile'))}</p>
        <ul class="wc-link-list">
          <li>
            <a class="utrecht-link" href={`/${region.slug}`}>
              {esc(t('portal.contact.sent.back', { name: region.name }))}
            </a>
          </li>
          <li>
            <a class="utrecht-link" href={`/${region.slug}/wegwijzer`}>
              {esc(t('portal.wegwijzer.link'))}
            </a>
          </li>
        </ul>
      </div>
    </Layout>
  );
}
