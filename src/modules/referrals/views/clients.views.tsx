import { CsrfField, LinkParagraph, Page, SubmissionField, type PageContext } from '../../../platform/web/layout.tsx';
import { ChoiceGroup, ErrorSummary, SelectField, SubmitButton, TextArea, TextField, type FieldErrors } from '../../../platform/web/forms.tsx';
import { esc } from '../../../platform/web/html.ts';
import { DataList, DataTable } from '../../../platform/web/table.tsx';
import { formatDateTime, type MessageKey } from '../../../platform/i18n/index.ts';
import { BENEFITS } from '../../../platform/db/schema.ts';
import { CLIENT_RETENTION_MAX_MONTHS, type ClientDetail, type ClientForm, type ClientSummary } from '../clients.service.ts';
import type { ConsentView, ReferralSummary } from '../referrals.service.ts';
import { categoryNames, legalBasisName, purposeName, ReferralTable } from './referrals.views.tsx';

// Pages of the temporary client record: the region's list, the form for a new record (with likely
// duplicates offered for merging), and the record with its referrals, consents and events.

export interface MunicipalityOption {
  code: string;
  name: string;
}

const benefitOptions = (ctx: PageContext) => BENEFITS.map((benefit) => ({ value: benefit, label: ctx.t(`referrals.benefit.${benefit}` as MessageKey) }));
const partyOptions = (ctx: PageContext) => [
  { value: 'gemeente', label: ctx.t('referrals.party.gemeente') },
  { value: 'uwv', label: ctx.t('referrals.party.uwv') },
];

function reach(client: Pick<ClientSummary, 'email' | 'phone'>): string {
  return [client.email, client.phone].filter(Boolean).join(' · ');
}

export function ClientsPage(props: {
  ctx: PageContext;
  query: string;
  clients: readonly ClientSummary[];
  retention: { months: number; editable: boolean; value: string; errors: FieldErrors };
}) {
  const { ctx, query, clients, retention } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('referrals.clients.title')} lead={t('referrals.clients.intro')}>
      <p class="utrecht-paragraph">
        <a class="utrecht-button utrecht-button--primary-action" href="/clienten/nieuw">
          {esc(t('referrals.clients.new'))}
        </a>
      </p>
      <form method="get" action="/clienten" class="wc-filter" role="search">
        <TextField t={t} name="q" label={t('referrals.clients.search')} value={query} errors={[]} required={false} />
        <SubmitButton label={t('referrals.clients.searchSubmit')} secondary />
      </form>
      <p class="utrecht-paragraph" role="status">
        {esc(t('referrals.clients.count', { count: clients.length }))}
      </p>
      {clients.length > 0 && (
        <DataTable
          headers={[t('referrals.client.name'), t('referrals.client.reach'), t('referrals.client.municipality'), t('referrals.clients.lastActivity')]}
          rows={clients}
          cells={(client) => [
            <a class="utrecht-link" href={`/clienten/${client.id}`}>
              {esc(client.name)}
            </a>,
            esc(reach(client)),
            esc(client.municipalityName ?? '—'),
            esc(formatDateTime(ctx.lang, client.lastActivityAt)),
          ]}
        />
      )}
      <h2 class="utrecht-heading-2">{esc(t('referrals.retention.title'))}</h2>
      <p class="utrecht-paragraph">{esc(t('referrals.retention.current', { months: retention.months }))}</p>
      {retention.editable && (
        <form method="post" action="/clienten/bewaartermijn" class="wc-filter" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <ErrorSummary t={t} errors={retention.errors} />
          <SelectField
            t={t}
            name="maanden"
            label={t('referrals.retention.label')}
            hint={t('referrals.retention.hint', { max: CLIENT_RETENTION_MAX_MONTHS })}
            value={retention.value || String(retention.months)}
            errors={retention.errors}
            options={Array.from({ length: CLIENT_RETENTION_MAX_MONTHS }, (_, index) => ({ value: String(index + 1), label: String(index + 1) }))}
          />
          <SubmitButton label={t('referrals.retention.save')} secondary />
        </form>
      )}
    </Page>
  );
}

export function ClientFormPage(props: {
  ctx: PageContext;
  values: ClientForm;
  errors: FieldErrors;
  municipalities: readonly MunicipalityOption[];
  submission: string | undefined;
  /** Likely the same person: offered for merging before a new record is made. */
  candidates?: readonly ClientSummary[];
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const labels = {
    voornaam: t('referrals.client.givenName'),
    achternaam: t('referrals.client.familyName'),
    email: t('referrals.client.email'),
    telefoon: t('referrals.client.phone'),
    gemeente: t('referrals.client.municipality'),
    geboortedatum: t('referrals.client.birthDate'),
    bsn: t('referrals.client.bsn'),
    uitkering: t('referrals.client.benefit'),
    regie: t('referrals.client.responsible'),
  };
  return (
    <Page ctx={ctx} title={t('referrals.clients.new')} lead={t('referrals.clients.newIntro')}>
      <LinkParagraph href="/clienten" text={t('referrals.clients.back')} />
      <form method="post" action="/clienten/nieuw" class="wc-stack wc-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <SubmissionField token={props.submission} />
        <ErrorSummary t={t} errors={errors} labels={labels} />
        {(props.candidates ?? []).length > 0 && (
          <section class="utrecht-alert utrecht-alert--warning wc-stack" aria-labelledby="dubbel-titel">
            <h2 class="utrecht-heading-2" id="dubbel-titel">
              {esc(t('referrals.duplicates.title'))}
            </h2>
            <p class="utrecht-paragraph">{esc(t('referrals.duplicates.intro'))}</p>
            <ul class="utrecht-unordered-list wc-stack">
              {(props.candidates ?? []).map((candidate) => (
                <li>
                  <strong>{esc(candidate.name)}</strong>
                  {esc(` · ${[candidate.birthDate, reach(candidate), candidate.municipalityName].filter(Boolean).join(' · ')}`)}
                  <div>
                    <button type="submit" name="besluit" value={`samenvoegen:${candidate.id}`} class="utrecht-button utrecht-button--secondary-action">
                      {esc(t('referrals.duplicates.merge', { name: candidate.name }))}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
            <div>
              <button type="submit" name="besluit" value="nieuw" class="utrecht-button utrecht-button--secondary-action">
                {esc(t('referrals.duplicates.new'))}
              </button>
            </div>
          </section>
        )}
        <TextField t={t} name="voornaam" label={labels.voornaam} value={values.voornaam} errors={errors} autocomplete="off" maxlength={100} />
        <TextField t={t} name="achternaam" label={labels.achternaam} value={values.achternaam} errors={errors} optional autocomplete="off" maxlength={100} />
        <TextField t={t} name="email" type="email" label={labels.email} hint={t('referrals.client.reachHint')} value={values.email} errors={errors} required={false} autocomplete="off" />
        <TextField t={t} name="telefoon" type="tel" label={labels.telefoon} value={values.telefoon} errors={errors} required={false} autocomplete="off" />
        <SelectField
          t={t}
          name="gemeente"
          label={labels.gemeente}
          value={values.gemeente}
          errors={errors}
          optional
          placeholder={t('referrals.client.municipalityUnknown')}
          options={props.municipalities.map((m) => ({ value: m.code, label: m.name }))}
        />
        <TextField t={t} name="geboortedatum" type="date" label={labels.geboortedatum} hint={t('referrals.client.onlyWhenNeeded')} value={values.geboortedatum} errors={errors} optional />
        <TextField
          t={t}
          name="bsn"
          label={labels.bsn}
          hint={t('referrals.client.bsnHint')}
          value={values.bsn}
          errors={errors}
          optional
          inputmode="numeric"
          autocomplete="off"
          maxlength={11}
        />
        <SelectField t={t} name="uitkering" label={labels.uitkering} hint={t('referrals.client.benefitHint')} value={values.uitkering} errors={errors} options={benefitOptions(ctx)} />
        <SelectField t={t} name="regie" label={labels.regie} value={values.regie} errors={errors} optional placeholder={t('referrals.party.none')} options={partyOptions(ctx)} />
        <SubmitButton label={t('referrals.clients.save')} />
      </form>
    </Page>
  );
}

function EventLine({ ctx, event }: { ctx: PageContext; event: ClientDetail['events'][number] }) {
  const { t } = ctx;
  const d = event.details;
  const text =
    event.kind === 'uitkering'
      ? t('referrals.event.benefit', { from: t(`referrals.benefit.${d.van ?? 'geen'}` as MessageKey), to: t(`referrals.benefit.${d.naar ?? 'geen'}` as MessageKey) })
      : event.kind === 'regie-overdracht'
        ? t('referrals.event.transfer', {
            from: d.van ? t(`referrals.party.${d.van}` as MessageKey) : t('referrals.party.none'),
            to: t(`referrals.party.${d.naar ?? 'gemeente'}` as MessageKey),
            reason: d.reden ?? '',
            objections: d.bezwaar ?? '',
          })
        : t('referrals.event.merged', { fields: d.velden ?? '—' });
  return (
    <li>
      <strong>{esc(event.effectiveOn)}</strong> {esc(text)}{' '}
      <span class="wc-muted">{esc(t('referrals.event.recorded', { when: formatDateTime(ctx.lang, event.recordedAt), who: event.recordedByName ?? '—' }))}</span>
    </li>
  );
}

export function ClientPage(props: {
  ctx: PageContext;
  client: ClientDetail;
  referrals: readonly ReferralSummary[];
  consents: readonly ConsentView[];
  errors: FieldErrors;
  /** Values of the two forms on the page, kept when one comes back with errors. */
  forms: { uitkering: string; datum: string; naar: string; reden: string; bezwaar: string };
}) {
  const { ctx, client, errors, forms } = props;
  const { t } = ctx;
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Page ctx={ctx} title={client.name}>
      <LinkParagraph href="/clienten" text={t('referrals.clients.back')} />
      <ErrorSummary t={t} errors={errors} />
      <p class="utrecht-paragraph">
        <a class="utrecht-button utrecht-button--primary-action" href={`/verwijzingen/nieuw?client=${client.id}`}>
          {esc(t('referrals.client.refer'))}
        </a>
      </p>
      <DataList
        items={[
          { key: t('referrals.client.email'), value: esc(client.email ?? '—') },
          { key: t('referrals.client.phone'), value: esc(client.phone ?? '—') },
          { key: t('referrals.client.municipality'), value: esc(client.municipalityName ?? '—') },
          { key: t('referrals.client.birthDate'), value: esc(client.birthDate ?? '—') },
          { key: t('referrals.client.bsn'), value: esc(client.bsnMasked ?? '—') },
          { key: t('referrals.client.benefit'), value: esc(t(`referrals.benefit.${client.benefit}` as MessageKey)) },
          { key: t('referrals.client.responsible'), value: esc(client.responsibleParty ? t(`referrals.party.${client.responsibleParty}` as MessageKey) : t('referrals.party.none')) },
          { key: t('referrals.clients.lastActivity'), value: esc(formatDateTime(ctx.lang, client.lastActivityAt)) },
        ]}
      />

      <h2 class="utrecht-heading-2" id="verwijzingen-titel">
        {esc(t('referrals.client.referrals'))}
      </h2>
      {props.referrals.length === 0 ? (
        <p class="utrecht-paragraph">{esc(t('referrals.client.noReferrals'))}</p>
      ) : (
        <ReferralTable ctx={ctx} referrals={props.referrals} labelledBy="verwijzingen-titel" side="guide" />
      )}

      <h2 class="utrecht-heading-2">{esc(t('referrals.client.consents'))}</h2>
      {props.consents.length === 0 ? (
        <p class="utrecht-paragraph">{esc(t('referrals.client.noConsents'))}</p>
      ) : (
        <ul class="utrecht-unordered-list wc-stack">
          {props.consents.map((consent) => (
            <li>
              <strong>{esc(`${consent.recipientName}: ${purposeName(ctx, consent.purpose)}`)}</strong>
              <div>
                {esc(
                  consent.basis === 'toestemming'
                    ? t('referrals.consent.given', { how: t(`referrals.consent.how.${consent.givenHow ?? 'mondeling'}` as MessageKey), when: formatDateTime(ctx.lang, consent.recordedAt), who: consent.recordedByName ?? '—' })
                    : t('referrals.consent.legal', { basis: legalBasisName(ctx, consent.purpose, consent.legalBasis), when: formatDateTime(ctx.lang, consent.recordedAt) }),
                )}
              </div>
              <div>{esc(t('referrals.consent.categories', { categories: categoryNames(ctx, consent.dataCategories) }))}</div>
              <details>
                <summary>{esc(t('referrals.consent.textShown', { version: consent.textVersion }))}</summary>
                <blockquote class="utrecht-blockquote wc-consent-text">{esc(consent.textShown)}</blockquote>
              </details>
              {consent.holds ? (
                <form method="post" action={`/clienten/${client.id}/toestemming/${consent.id}/intrekken`} class="wc-inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                    {esc(t('referrals.consent.withdraw'))}
                  </button>
                </form>
              ) : (
                <div class="utrecht-status-badge utrecht-status-badge--inactive">
                  {esc(consent.withdrawnAt ? t('referrals.consent.withdrawn', { when: formatDateTime(ctx.lang, consent.withdrawnAt) }) : t('referrals.consent.expired'))}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}

      <h2 class="utrecht-heading-2">{esc(t('referrals.client.events'))}</h2>
      {client.events.length === 0 ? (
        <p class="utrecht-paragraph">{esc(t('referrals.client.noEvents'))}</p>
      ) : (
        <ul class="utrecht-unordered-list">
          {client.events.map((event) => (
            <EventLine ctx={ctx} event={event} />
          ))}
        </ul>
      )}

      <details open={errors.some((e) => e.field === 'uitkering')}>
        <summary>{esc(t('referrals.client.changeBenefit'))}</summary>
        <form method="post" action={`/clienten/${client.id}/uitkering`} class="wc-stack wc-narrow" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <p class="utrecht-paragraph">{esc(t('referrals.client.changeBenefitHint'))}</p>
          <SelectField t={t} name="uitkering" label={t('referrals.client.benefitNow')} value={forms.uitkering || client.benefit} errors={errors} options={benefitOptions(ctx)} />
          <TextField t={t} name="datum" type="date" label={t('referrals.client.since')} value={forms.datum || today} errors={errors} />
          <SubmitButton label={t('referrals.client.saveBenefit')} secondary />
        </form>
      </details>
      <details open={errors.some((e) => ['naar', 'reden', 'bezwaar'].includes(e.field))}>
        <summary>{esc(t('referrals.client.transfer'))}</summary>
        <form method="post" action={`/clienten/${client.id}/regie`} class="wc-stack wc-narrow" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <ChoiceGroup t={t} type="radio" name="naar" label={t('referrals.client.transferTo')} values={[forms.naar]} errors={errors} options={partyOptions(ctx)} />
          <TextField t={t} name="datum" type="date" label={t('referrals.client.transferDate')} value={forms.datum || today} errors={errors} />
          <TextArea t={t} name="reden" label={t('referrals.client.transferReason')} value={forms.reden} errors={errors} rows={2} maxlength={500} />
          <TextField t={t} name="bezwaar" label={t('referrals.client.transferObjections')} hint={t('referrals.client.transferObjectionsHint')} value={forms.bezwaar} errors={errors} maxlength={300} />
          <SubmitButton label={t('referrals.client.saveTransfer')} secondary />
        </form>
      </details>
    </Page>
  );
}
