import { CsrfField, LinkParagraph, Page, SubmissionField, type PageContext } from '../../../platform/web/layout.tsx';
import { ChoiceGroup, Checkbox, ErrorSummary, SelectField, SubmitButton, TextArea, TextField, type FieldErrors } from '../../../platform/web/forms.tsx';
import { esc } from '../../../platform/web/html.ts';
import { DataList, DataTable } from '../../../platform/web/table.tsx';
import { formatDateTime, type MessageKey } from '../../../platform/i18n/index.ts';
import { DECLINE_REASONS, PAYING_PARTIES, REFERRAL_OUTCOMES, type ReferralStatus } from '../../../platform/db/schema.ts';
import { referralPurpose, referralPurposes } from '../../../platform/privacy/register.ts';
import { accessRoutes } from '../../catalogue/taxonomy.ts';
import {
  CONSENT_TEXT_VERSION,
  CONSENT_VALIDITY_MONTHS,
  type ReferralDetail,
  type ReferralForm,
  type ReferralPlan,
  type ReferralSummary,
  type ServiceChoice,
} from '../referrals.service.ts';

// Pages of the warm handover: choosing a service, the referral form, the preview of exactly what
// the partner will see with the consent, the list (the guide's region, or the partner's inbox) and
// one referral with its timeline and the actions the viewer may take.

/** What was shared, in the order of the data categories (JSON keeps no order). */
const SHARED_ORDER = ['voornaam', 'achternaam', 'email', 'telefoon', 'gemeente', 'geboortedatum', 'bsn', 'vraag'];
const sharedItems = (ctx: PageContext, data: Record<string, string>) =>
  SHARED_ORDER.filter((key) => data[key] !== undefined).map((key) => ({ key: ctx.t(`referrals.shared.${key}` as MessageKey), value: esc(data[key]!) }));

export const purposeName = (ctx: PageContext, id: string): string => referralPurpose(id)?.name[ctx.lang] ?? id;

export const legalBasisName = (ctx: PageContext, purpose: string, basis: string | null): string =>
  referralPurpose(purpose)?.legalBases.find((candidate) => candidate.id === basis)?.name[ctx.lang] ?? basis ?? '';

export const categoryNames = (ctx: PageContext, categories: readonly string[]): string =>
  categories.map((category) => ctx.t(`referrals.category.${category}` as MessageKey)).join(', ');

const statusKey = (status: ReferralStatus) => `referrals.status.${status}` as MessageKey;
const BADGE: Record<ReferralStatus, string> = {
  verzonden: 'warning',
  ontvangen: 'warning',
  geaccepteerd: 'active',
  'in-behandeling': 'active',
  afgerond: 'success',
  afgewezen: 'inactive',
  ingetrokken: 'inactive',
  verlopen: 'danger',
};

export function StatusBadge({ ctx, status, overdue }: { ctx: PageContext; status: ReferralStatus; overdue?: boolean }) {
  return (
    <>
      <span class={`utrecht-status-badge utrecht-status-badge--${BADGE[status]}`}>{esc(ctx.t(statusKey(status)))}</span>
      {overdue ? <span class="utrecht-status-badge utrecht-status-badge--danger">{esc(ctx.t('referrals.list.overdue'))}</span> : ''}
    </>
  );
}

/** The referrals as a table: for the guide with the partner, for the partner with the person or pseudonym. */
export function ReferralTable(props: { ctx: PageContext; referrals: readonly ReferralSummary[]; labelledBy: string; side: 'guide' | 'partner' }) {
  const { ctx, referrals, side } = props;
  const { t } = ctx;
  return (
    <DataTable
      labelledBy={props.labelledBy}
      scrollRegion
      headers={[
        t('referrals.list.reference'),
        side === 'guide' ? t('referrals.list.person') : t('referrals.list.personOrPseudonym'),
        t('referrals.list.service'),
        side === 'guide' ? t('referrals.list.partner') : t('referrals.list.from'),
        ...(side === 'guide' ? [t('referrals.list.guide')] : []),
        t('referrals.list.sent'),
        t('field.status'),
      ]}
      rows={referrals}
      rowAttributes={(referral) => ({ 'data-referral': referral.reference })}
      cells={(referral) => [
        <a class="utrecht-link" href={`/verwijzingen/${referral.id}`}>
          {esc(referral.reference)}
        </a>,
        esc(referral.displayName ?? t('referrals.pseudonym', { pseudonym: referral.subjectPseudonym })),
        esc(referral.serviceName),
        esc(side === 'guide' ? referral.recipientName : referral.senderName),
        ...(side === 'guide' ? [esc(referral.guideName ?? '—')] : []),
        esc(formatDateTime(ctx.lang, referral.sentAt)),
        <StatusBadge ctx={ctx} status={referral.status} overdue={referral.overdue} />,
      ]}
    />
  );
}

export interface ListFilter {
  key: string;
  href: string;
  current: boolean;
}

export function ReferralsPage(props: {
  ctx: PageContext;
  side: 'guide' | 'partner';
  filters: readonly ListFilter[];
  /** The current tab, kept when the service filter changes. */
  filter: string;
  services: readonly { id: string; name: string }[];
  service: string;
  referrals: readonly ReferralSummary[];
}) {
  const { ctx, side } = props;
  const { t } = ctx;
  const title = side === 'partner' ? t('referrals.inbox.title') : t('referrals.list.title');
  return (
    <Page ctx={ctx} title={title} lead={side === 'partner' ? t('referrals.inbox.intro') : t('referrals.list.intro')}>
      <LinkParagraph href="/verwijzingen/meldingen" text={t('referrals.notices.link')} />
      <nav aria-label={t('referrals.list.filter')}>
        <ul class="wc-filter-links">
          {props.filters.map((filter) => (
            <li>
              <a class="utrecht-link" href={filter.href} aria-current={filter.current ? 'page' : undefined}>
                {esc(t(filter.key as MessageKey))}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.services.length > 1 ? (
        <form method="get" action="/verwijzingen" class="wc-filter">
          <input type="hidden" name="filter" value={props.filter} />
          <SelectField
            t={t}
            name="dienst"
            label={t('referrals.list.serviceFilter')}
            value={props.service}
            errors={[]}
            required={false}
            placeholder={t('referrals.list.allServices')}
            options={props.services.map((service) => ({ value: service.id, label: service.name }))}
          />
          <SubmitButton label={t('referrals.list.applyFilter')} secondary />
        </form>
      ) : (
        ''
      )}
      <p class="utrecht-paragraph" role="status" id="verwijzingen-aantal">
        {esc(t('referrals.list.count', { count: props.referrals.length }))}
      </p>
      {props.referrals.length > 0 && <ReferralTable ctx={ctx} referrals={props.referrals} labelledBy="verwijzingen-aantal" side={side} />}
    </Page>
  );
}

const CAPACITY: Record<string, { key: MessageKey; badge: string }> = {
  ruim: { key: 'referrals.capacity.ruim', badge: 'success' },
  beperkt: { key: 'referrals.capacity.beperkt', badge: 'warning' },
  vol: { key: 'referrals.capacity.vol', badge: 'danger' },
};

export function ChooseServicePage(props: { ctx: PageContext; clientId: string; clientName: string; query: string; previous: string; services: readonly ServiceChoice[] }) {
  const { ctx, clientId, services } = props;
  const { t } = ctx;
  const base = `/verwijzingen/nieuw?client=${clientId}${props.previous ? `&vorige=${props.previous}` : ''}`;
  return (
    <Page ctx={ctx} title={t('referrals.choose.title', { name: props.clientName })} lead={t('referrals.choose.intro')}>
      <LinkParagraph href={`/clienten/${clientId}`} text={t('referrals.choose.back')} />
      <form method="get" action="/verwijzingen/nieuw" class="wc-filter" role="search">
        <input type="hidden" name="client" value={clientId} />
        {props.previous ? <input type="hidden" name="vorige" value={props.previous} /> : ''}
        <TextField t={t} name="q" label={t('referrals.choose.search')} hint={t('referrals.choose.searchHint')} value={props.query} errors={[]} required={false} />
        <SubmitButton label={t('referrals.choose.searchSubmit')} secondary />
      </form>
      <p class="utrecht-paragraph" role="status">
        {esc(t('referrals.choose.count', { count: services.length }))}
      </p>
      <ul class="wc-card-list">
        {services.map((service) => {
          const capacity = service.capacity ? CAPACITY[service.capacity] : undefined;
          return (
            <li class="wc-card">
              <h2 class="utrecht-heading-3">{esc(service.name)}</h2>
              <p class="utrecht-paragraph">{esc(`${service.organisationName} · ${service.suwiParty ? t('referrals.choose.suwi') : t('referrals.choose.private')}`)}</p>
              <p class="utrecht-paragraph">{esc(service.summary)}</p>
              <p class="utrecht-paragraph">
                {capacity ? <span class={`utrecht-status-badge utrecht-status-badge--${capacity.badge}`}>{esc(t(capacity.key))}</span> : esc(t('referrals.capacity.unknown'))}
                {esc(` · ${service.access.map((code) => accessRoutes.find((route) => route.code === code)?.[ctx.lang] ?? code).join(', ')}`)}
              </p>
              <a class="utrecht-button utrecht-button--primary-action" href={`${base}&dienst=${service.id}`}>
                {esc(t('referrals.choose.pick'))}
                <span class="wc-visually-hidden">{esc(`: ${service.name}`)}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </Page>
  );
}

/** The fields the preview and the send carry along, so nothing is lost between the steps. */
function CarriedFields({ values, except }: { values: ReferralForm; except: readonly (keyof ReferralForm)[] }) {
  const names = (Object.keys(values) as (keyof ReferralForm)[]).filter((name) => !except.includes(name));
  return (
    <>
      {names.map((name) => (
        <input type="hidden" name={name} value={values[name]} />
      ))}
    </>
  );
}

const FORM_FIELDS: readonly (keyof ReferralForm)[] = ['doel', 'identiteit', 'vraag', 'afhankelijk', 'regie', 'betaler', 'geldig'];
const CONSENT_FIELDS: readonly (keyof ReferralForm)[] = ['grondslag', 'wettelijke_grondslag', 'hoe', 'toestemming_bevestigd', 'tekstversie'];

export function ReferralFormPage(props: { ctx: PageContext; clientName: string; service: ServiceChoice; values: ReferralForm; errors: FieldErrors; dependsOn: string | null }) {
  const { ctx, service, values, errors } = props;
  const { t } = ctx;
  const labels = {
    doel: t('referrals.form.purpose'),
    identiteit: t('referrals.form.identity'),
    vraag: t('referrals.form.question'),
    afhankelijk: t('referrals.form.dependency'),
    regie: t('referrals.form.responsible'),
    betaler: t('referrals.form.payer'),
    geldig: t('referrals.form.validity'),
    dienst: t('referrals.list.service'),
  };
  return (
    <Page ctx={ctx} title={t('referrals.form.title', { name: props.clientName })}>
      <LinkParagraph href={`/verwijzingen/nieuw?client=${values.client}`} text={t('referrals.form.otherService')} />
      <DataList
        items={[
          { key: t('referrals.list.service'), value: esc(service.name) },
          { key: t('referrals.list.partner'), value: esc(`${service.organisationName} · ${service.suwiParty ? t('referrals.choose.suwi') : t('referrals.choose.private')}`) },
        ]}
      />
      <form method="post" action="/verwijzingen/controleren" class="wc-stack wc-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <CarriedFields values={values} except={[...FORM_FIELDS, ...CONSENT_FIELDS]} />
        <ErrorSummary t={t} errors={errors} labels={labels} />
        <SelectField
          t={t}
          name="doel"
          label={labels.doel}
          hint={t('referrals.form.purposeHint')}
          value={values.doel}
          errors={errors}
          options={referralPurposes.map((purpose) => ({ value: purpose.id, label: `${purpose.name[ctx.lang]} (${categoryNames(ctx, purpose.dataSet)})` }))}
        />
        <ChoiceGroup
          t={t}
          type="radio"
          name="identiteit"
          label={labels.identiteit}
          hint={service.suwiParty ? t('referrals.form.identityHintSuwi') : t('referrals.form.identityHintPrivate')}
          values={[values.identiteit || (service.suwiParty ? 'ja' : 'nee')]}
          errors={errors}
          options={[
            { value: 'ja', label: t('referrals.form.identityYes') },
            { value: 'nee', label: t('referrals.form.identityNo') },
          ]}
        />
        <TextArea t={t} name="vraag" label={labels.vraag} hint={t('referrals.form.questionHint')} value={values.vraag} errors={errors} rows={5} maxlength={2000} />
        {props.dependsOn ? (
          <div class="utrecht-alert utrecht-alert--info" role="note">
            <p class="utrecht-paragraph">{esc(t('referrals.form.dependsOn', { organisation: t(`referrals.party.${props.dependsOn}` as MessageKey) }))}</p>
          </div>
        ) : (
          ''
        )}
        <ChoiceGroup
          t={t}
          type="radio"
          name="afhankelijk"
          label={labels.afhankelijk}
          hint={t('referrals.form.dependencyHint')}
          values={[values.afhankelijk]}
          errors={errors}
          options={[
            { value: 'nee', label: t('referrals.form.no') },
            { value: 'ja', label: t('referrals.form.yes') },
          ]}
        />
        <SelectField
          t={t}
          name="regie"
          label={labels.regie}
          value={values.regie}
          errors={errors}
          options={(['werkcentrum', 'gemeente', 'uwv'] as const).map((party) => ({ value: party, label: t(`referrals.party.${party}`) }))}
        />
        <SelectField t={t} name="betaler" label={labels.betaler} value={values.betaler} errors={errors} options={PAYING_PARTIES.map((party) => ({ value: party, label: t(`referrals.payer.${party}`) }))} />
        <SelectField
          t={t}
          name="geldig"
          label={labels.geldig}
          value={values.geldig}
          errors={errors}
          options={CONSENT_VALIDITY_MONTHS.map((months) => ({ value: String(months), label: t('referrals.form.months', { count: months }) }))}
        />
        <SubmitButton label={t('referrals.form.preview')} />
      </form>
    </Page>
  );
}

export function ReferralPreviewPage(props: { ctx: PageContext; plan: ReferralPlan; values: ReferralForm; errors: FieldErrors; submission: string | undefined }) {
  const { ctx, plan, values, errors } = props;
  const { t } = ctx;
  const labels = { grondslag: t('referrals.preview.basis'), wettelijke_grondslag: t('referrals.preview.legalBasis'), hoe: t('referrals.preview.how'), toestemming_bevestigd: t('referrals.preview.confirm') };
  const shared = sharedItems(ctx, plan.sharedData);
  return (
    <Page ctx={ctx} title={t('referrals.preview.title')} lead={t('referrals.preview.intro', { organisation: plan.target.organisation_name })}>
      <section class="wc-card wc-stack" aria-labelledby="partner-ziet">
        <h2 class="utrecht-heading-2" id="partner-ziet">
          {esc(t('referrals.preview.partnerSees', { organisation: plan.target.organisation_name }))}
        </h2>
        <DataList
          items={[
            { key: t('referrals.list.service'), value: esc(plan.target.name) },
            { key: t('referrals.preview.purpose'), value: esc(plan.purpose.name[ctx.lang]) },
            ...(plan.sharesIdentity ? [] : [{ key: t('referrals.preview.person'), value: esc(t('referrals.preview.pseudonymOnly')) }]),
            ...shared,
          ]}
        />
        <p class="utrecht-paragraph">{esc(t('referrals.preview.nothingElse'))}</p>
      </section>
      <form method="post" action="/verwijzingen" class="wc-stack wc-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <SubmissionField token={props.submission} />
        <CarriedFields values={values} except={CONSENT_FIELDS} />
        <input type="hidden" name="tekstversie" value={CONSENT_TEXT_VERSION} />
        <ErrorSummary t={t} errors={errors} labels={labels} />
        <h2 class="utrecht-heading-2">{esc(t('referrals.preview.consentTitle'))}</h2>
        {plan.dependency ? (
          <div class="utrecht-alert utrecht-alert--warning" role="note">
            <p class="utrecht-paragraph">{esc(t('referrals.preview.dependency'))}</p>
          </div>
        ) : (
          ''
        )}
        <p class="utrecht-paragraph">{esc(t('referrals.preview.readAloud'))}</p>
        <blockquote class="utrecht-blockquote wc-consent-text" lang="nl">
          <p class="utrecht-paragraph">{esc(plan.consentText)}</p>
        </blockquote>
        <ChoiceGroup
          t={t}
          type="radio"
          name="grondslag"
          label={labels.grondslag}
          values={[values.grondslag]}
          errors={errors}
          options={[
            { value: 'toestemming', label: t('referrals.preview.basisConsent') },
            ...(plan.legalBases.length > 0 ? [{ value: 'wettelijke-grondslag', label: t('referrals.preview.basisLegal') }] : []),
          ]}
        />
        {plan.legalBases.length > 0 ? (
          <SelectField
            t={t}
            name="wettelijke_grondslag"
            label={labels.wettelijke_grondslag}
            value={values.wettelijke_grondslag}
            errors={errors}
            optional
            placeholder={t('referrals.preview.legalBasisNone')}
            options={plan.legalBases.map((basis) => ({ value: basis.id, label: basis.name[ctx.lang] }))}
          />
        ) : (
          ''
        )}
        <ChoiceGroup
          t={t}
          type="radio"
          name="hoe"
          label={labels.hoe}
          hint={t('referrals.preview.howHint')}
          values={[values.hoe]}
          errors={errors}
          options={(['mondeling', 'schriftelijk', 'digitaal'] as const).map((how) => ({ value: how, label: t(`referrals.consent.how.${how}`) }))}
        />
        <div class={`utrecht-form-field utrecht-form-field--checkbox${errors.some((e) => e.field === 'toestemming_bevestigd') ? ' utrecht-form-field--invalid' : ''}`}>
          <Checkbox name="toestemming_bevestigd" id="veld-toestemming_bevestigd" value="ja" label={labels.toestemming_bevestigd} checked={values.toestemming_bevestigd === 'ja'} />
          {errors.some((e) => e.field === 'toestemming_bevestigd') ? (
            <div class="utrecht-form-field-error-message" id="veld-toestemming_bevestigd-error">
              {esc(t('referrals.error.confirm'))}
            </div>
          ) : (
            ''
          )}
        </div>
        <div class="wc-actions">
          <SubmitButton label={t('referrals.preview.send')} />
          <button type="submit" formaction="/verwijzingen/aanpassen" class="utrecht-button utrecht-button--secondary-action">
            {esc(t('referrals.preview.change'))}
          </button>
        </div>
      </form>
    </Page>
  );
}

function TimelineEntryText({ ctx, entry }: { ctx: PageContext; entry: ReferralDetail['timeline'][number] }) {
  const { t } = ctx;
  const who = entry.bySystem
    ? t('referrals.timeline.system')
    : [entry.actorName, entry.actorRole ? t(`role.${entry.actorRole}` as MessageKey) : null, entry.actorOrganisation].filter(Boolean).join(', ');
  const what =
    entry.kind === 'status' && entry.status
      ? t('referrals.timeline.status', { status: t(statusKey(entry.status)) })
      : entry.kind === 'toegewezen'
        ? t('referrals.timeline.assigned', { name: entry.message ?? '' })
        : entry.kind === 'herinnering'
        ? t('referrals.timeline.reminder')
        : entry.kind === 'escalatie'
          ? t('referrals.timeline.escalation')
          : t('referrals.timeline.message');
  return (
    <li>
      <div>
        <strong>{esc(formatDateTime(ctx.lang, entry.at))}</strong> {esc(`${what} · ${who}`)}
      </div>
      {entry.message && entry.kind === 'bericht' ? <p class="utrecht-paragraph wc-prewrap">{esc(entry.message)}</p> : ''}
    </li>
  );
}

export function ReferralPage(props: {
  ctx: PageContext;
  referral: ReferralDetail;
  errors: FieldErrors;
  values: { reden: string; uitkomst: string; toelichting: string; bericht: string };
  /** The region's guides, for the coordinator's (re)assignment. */
  guides: readonly { id: string; name: string }[];
}) {
  const { ctx, referral, errors, values } = props;
  const { t } = ctx;
  const can = referral.abilities;
  const partnerView = referral.clientId === null;
  const action = (name: string) => `/verwijzingen/${referral.id}/${name}`;
  const shared = sharedItems(ctx, referral.sharedData);
  return (
    <Page ctx={ctx} title={t('referrals.detail.title', { reference: referral.reference })}>
      <LinkParagraph href={partnerView ? '/verwijzingen' : `/clienten/${referral.clientId}`} text={partnerView ? t('referrals.detail.backInbox') : t('referrals.detail.backClient')} />
      <ErrorSummary t={t} errors={errors} />
      <DataList
        items={[
          { key: t('field.status'), value: <StatusBadge ctx={ctx} status={referral.status} overdue={referral.overdue} /> },
          { key: t('referrals.list.service'), value: esc(referral.serviceName) },
          { key: partnerView ? t('referrals.detail.from') : t('referrals.list.partner'), value: esc(partnerView ? `${referral.senderName}${referral.guideName ? ` (${referral.guideName})` : ''}` : referral.recipientName) },
          { key: t('referrals.list.sent'), value: esc(formatDateTime(ctx.lang, referral.sentAt)) },
          // Only while an answer is awaited.
          ...(referral.status === 'verzonden' || referral.status === 'ontvangen'
            ? [{ key: t('referrals.detail.responseDue'), value: esc(formatDateTime(ctx.lang, referral.responseDueAt)) }]
            : []),
          { key: t('referrals.preview.purpose'), value: esc(purposeName(ctx, referral.purpose)) },
          { key: t('referrals.form.responsible'), value: esc(t(`referrals.party.${referral.responsibleParty}` as MessageKey)) },
          { key: t('referrals.form.payer'), value: esc(t(`referrals.payer.${referral.payingParty}` as MessageKey)) },
          { key: t('referrals.detail.pseudonym'), value: esc(referral.subjectPseudonym) },
          ...(referral.declineReason ? [{ key: t('referrals.detail.reason'), value: esc(t(`referrals.reason.${referral.declineReason}` as MessageKey)) }] : []),
          ...(referral.outcome ? [{ key: t('referrals.detail.outcome'), value: esc(t(`referrals.outcome.${referral.outcome}` as MessageKey)) }] : []),
          ...(referral.statusNote ? [{ key: t('referrals.detail.note'), value: esc(referral.statusNote) }] : []),
          ...(referral.previousReferralId
            ? [{ key: t('referrals.detail.previous'), value: <a class="utrecht-link" href={`/verwijzingen/${referral.previousReferralId}`}>{esc(t('referrals.detail.previousLink'))}</a> }]
            : []),
        ]}
      />
      <h2 class="utrecht-heading-2">{esc(partnerView ? t('referrals.detail.dataTitle') : t('referrals.detail.sharedTitle'))}</h2>
      {referral.sharesIdentity ? '' : <p class="utrecht-paragraph">{esc(t('referrals.detail.pseudonymOnly'))}</p>}
      {shared.length > 0 ? <DataList items={shared} /> : <p class="utrecht-paragraph">{esc(t('referrals.detail.erased'))}</p>}

      {(can.accept || can.start) && (
        <div class="wc-actions">
          {can.accept && (
            <form method="post" action={action('accepteren')} class="wc-inline-form">
              <CsrfField token={ctx.csrfToken} />
              <SubmitButton label={t('referrals.detail.accept')} />
            </form>
          )}
          {can.start && (
            <form method="post" action={action('starten')} class="wc-inline-form">
              <CsrfField token={ctx.csrfToken} />
              <SubmitButton label={t('referrals.detail.start')} secondary={can.accept} />
            </form>
          )}
        </div>
      )}
      {can.decline && (
        <details open={errors.some((e) => e.field === 'reden')}>
          <summary>{esc(t('referrals.detail.decline'))}</summary>
          <form method="post" action={action('afwijzen')} class="wc-stack wc-narrow" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <SelectField t={t} name="reden" label={t('referrals.detail.reason')} value={values.reden} errors={errors} placeholder={t('referrals.detail.choose')} options={DECLINE_REASONS.map((reason) => ({ value: reason, label: t(`referrals.reason.${reason}`) }))} />
            <TextArea t={t} name="toelichting" label={t('referrals.detail.note')} hint={t('referrals.detail.noteHint')} value={values.toelichting} errors={errors} optional rows={3} maxlength={1000} />
            <SubmitButton label={t('referrals.detail.declineSubmit')} secondary />
          </form>
        </details>
      )}
      {can.complete && (
        <details open={errors.some((e) => e.field === 'uitkomst') || !can.accept}>
          <summary>{esc(t('referrals.detail.complete'))}</summary>
          <form method="post" action={action('afronden')} class="wc-stack wc-narrow" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <SelectField t={t} name="uitkomst" label={t('referrals.detail.outcome')} value={values.uitkomst} errors={errors} placeholder={t('referrals.detail.choose')} options={REFERRAL_OUTCOMES.map((outcome) => ({ value: outcome, label: t(`referrals.outcome.${outcome}`) }))} />
            <TextArea t={t} name="toelichting" label={t('referrals.detail.note')} hint={t('referrals.detail.noteHint')} value={values.toelichting} errors={errors} optional rows={3} maxlength={1000} />
            <SubmitButton label={t('referrals.detail.completeSubmit')} />
          </form>
        </details>
      )}
      {(can.withdraw || can.reroute) && !partnerView && (
        <div class="wc-actions">
          {can.reroute && (
            <a class="utrecht-button utrecht-button--secondary-action" href={`/verwijzingen/nieuw?client=${referral.clientId}&vorige=${referral.id}`}>
              {esc(t('referrals.detail.reroute'))}
            </a>
          )}
          {can.withdraw && (
            <form method="post" action={action('intrekken')} class="wc-inline-form">
              <CsrfField token={ctx.csrfToken} />
              <SubmitButton label={t('referrals.detail.withdraw')} secondary />
            </form>
          )}
        </div>
      )}

      {can.assign && props.guides.length > 0 && (
        <form method="post" action={action('toewijzen')} class="wc-filter">
          <CsrfField token={ctx.csrfToken} />
          <SelectField
            t={t}
            name="gids"
            label={t('referrals.detail.assignTo')}
            value={referral.guideUserId ?? ''}
            errors={errors}
            options={props.guides.map((guide) => ({ value: guide.id, label: guide.name }))}
          />
          <SubmitButton label={t('referrals.detail.assign')} secondary />
        </form>
      )}

      <h2 class="utrecht-heading-2">{esc(t('referrals.detail.timeline'))}</h2>
      <ol class="utrecht-ordered-list wc-stack">
        {referral.timeline.map((entry) => (
          <TimelineEntryText ctx={ctx} entry={entry} />
        ))}
      </ol>
      {can.message && (
        <form method="post" action={action('bericht')} class="wc-stack wc-narrow" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextArea
            t={t}
            name="bericht"
            label={partnerView ? t('referrals.detail.messageToGuide') : t('referrals.detail.messageToPartner')}
            hint={t('referrals.detail.messageHint')}
            value={values.bericht}
            errors={errors}
            required={false}
            rows={3}
            maxlength={2000}
          />
          <SubmitButton label={t('referrals.detail.send')} secondary />
        </form>
      )}
    </Page>
  );
}

export function NoticesPage({ ctx, value, errors }: { ctx: PageContext; value: string; errors: FieldErrors }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('referrals.notices.title')} lead={t('referrals.notices.intro')}>
      <form method="post" action="/verwijzingen/meldingen" class="wc-stack wc-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <ErrorSummary t={t} errors={errors} />
        <ChoiceGroup
          t={t}
          type="radio"
          name="meldingen"
          label={t('referrals.notices.label')}
          values={[value]}
          errors={errors}
          options={[
            { value: 'direct', label: t('referrals.notices.direct') },
            { value: 'dagelijks', label: t('referrals.notices.dagelijks') },
          ]}
        />
        <SubmitButton label={t('referrals.notices.save')} />
      </form>
    </Page>
  );
}
