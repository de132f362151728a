import { CsrfField, Layout, LinkParagraph, SubmissionField, type PageContext } from '../../../../platform/web/layout.tsx';
import { ChoiceGroup, ErrorSummary, GroupedCheckboxes, MultiSelect, SelectField, TextArea, TextField, type FieldErrors, type Option } from '../../../../platform/web/forms.tsx';
import { esc } from '../../../../platform/web/html.ts';
import { DataTable } from '../../../../platform/web/table.tsx';
import { formatDateTime, type Lang } from '../../../../platform/i18n/index.ts';
import type { CatalogueStatus } from '../../../../platform/db/schema.ts';
import { accessRoutes, audiences, deliveryModes, themes } from '../../taxonomy.ts';
import { formatDate, type Freshness, type Quality } from '../quality.ts';
import type { DuplicatePair } from '../../catalogue.repository.ts';
import {
  CAPACITIES,
  LANGUAGES,
  REVIEW_INTERVALS,
  type EditorScope,
  type HistoryEntry,
  type NamedCode,
  type ServiceChoices,
  type ServiceDetail,
  type ServiceForm,
  type ServiceListFilter,
  type ServiceListItem,
  columnFields,
} from '../editor.service.ts';

// Pages of the service editor: the list with freshness and quality, the form for new and existing
// services with the quality checklist, and a service's history.

const label = (lang: Lang, term: { nl: string; en: string }) => (lang === 'nl' ? term.nl : term.en);


function languageName(lang: Lang, code: string): string {
  const name = new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function StatusBadge({ t, status }: { t: PageContext['t']; status: CatalogueStatus }) {
  const kind = status === 'gepubliceerd' ? 'active' : status === 'concept' ? 'neutral' : 'inactive';
  return <span class={`utrecht-status-badge utrecht-status-badge--${kind}`}>{esc(t(`editor.status.${status}`))}</span>;
}

export function FreshnessFlag({ t, freshness }: { t: PageContext['t']; freshness: Freshness }) {
  if (freshness === 'ok') return <></>;
  const kind = freshness === 'overdue' ? 'danger' : 'warning';
  return (
    <span class={`utrecht-status-badge utrecht-status-badge--${kind}`} data-freshness={freshness}>
      {esc(t(`editor.freshness.${freshness}`))}
    </span>
  );
}

/** Shown over a form saved over a version someone else changed meanwhile; the input is kept below. */
export function ConflictAlert({ t, title, message, href }: { t: PageContext['t']; title: string; message: string; href: string }) {
  return (
    <div class="utrecht-alert utrecht-alert--warning" role="alert" aria-labelledby="conflict-titel">
      <h2 class="utrecht-heading-2" id="conflict-titel">
        {esc(title)}
      </h2>
      <p class="utrecht-paragraph">{esc(message)}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={href} target="_blank" rel="noopener">
          {esc(t('editor.conflict.open'))}
        </a>
      </p>
    </div>
  );
}

/** A select in a GET filter form above a list (no validation, no error). */
export function FilterSelect(props: { id: string; name: string; label: string; value: string; options: readonly Option[] }) {
  return (
    <div class="utrecht-form-field">
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={props.id}>
          {esc(props.label)}
        </label>
      </div>
      <div class="utrecht-form-field__input">
        <select class="utrecht-select utrecht-select--html-select" id={props.id} name={props.name}>
          {props.options.map((option) => (
            <option value={option.value} selected={option.value === props.value}>
              {esc(option.label)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

export function ServicesPage(props: { ctx: PageContext; scope: EditorScope; regions: readonly NamedCode[]; filter: ServiceListFilter; services: readonly ServiceListItem[] }) {
  const { ctx, scope, filter, services } = props;
  const { t, lang } = ctx;
  const scopeText =
    scope.kind === 'partner'
      ? t('editor.services.scope.partner', { organisation: scope.organisationName, region: scope.regionName })
      : scope.kind === 'region'
        ? t('editor.services.scope.region', { region: scope.regionName })
        : t('editor.services.scope.all');
  return (
    <Layout ctx={ctx} title={t('editor.services.title')}>
      <div class="wc-stack">
        <h1 class="utrecht-heading-1" id="diensten-titel">
          {esc(t('editor.services.title'))}
        </h1>
        <p class="utrecht-paragraph">{esc(scopeText)}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-button utrecht-button--primary-action" href="/beheer/diensten/nieuw">
            {esc(t('editor.services.new'))}
          </a>
        </p>
        {scope.kind === 'region' ? <LinkParagraph href="/beheer/diensten/dubbel" text={t('editor.duplicates.link')} /> : ''}
        <form method="get" action="/beheer/diensten" class="wc-filter">
          <FilterSelect
            id="filter-status"
            name="status"
            label={t('editor.services.filter.status')}
            value={filter.status ?? ''}
            options={[
              { value: '', label: t('editor.services.filter.all') },
              ...(['concept', 'gepubliceerd', 'gearchiveerd'] as const).map((status) => ({ value: status, label: t(`editor.status.${status}`) })),
            ]}
          />
          <FilterSelect
            id="filter-controle"
            name="controle"
            label={t('editor.services.filter.review')}
            value={filter.review ?? ''}
            options={[
              { value: '', label: t('editor.services.filter.all') },
              { value: 'nodig', label: t('editor.services.filter.reviewNeeded') },
              { value: 'binnenkort', label: t('editor.services.filter.reviewSoon') },
            ]}
          />
          {scope.kind === 'all' && (
            <FilterSelect
              id="filter-regio"
              name="regio"
              label={t('editor.services.filter.region')}
              value={filter.region ?? ''}
              options={[
                { value: '', label: t('editor.services.filter.allRegions') },
                { value: 'landelijk', label: t('editor.services.filter.national') },
                ...props.regions.map((region) => ({ value: region.code, label: region.name })),
              ]}
            />
          )}
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">
            {esc(t('editor.services.filter.submit'))}
          </button>
        </form>
        <p class="utrecht-paragraph" role="status">
          {esc(t('editor.services.count', { count: services.length }))}
        </p>
        {services.length === 0 ? (
          <p class="utrecht-paragraph">{esc(t('editor.services.empty'))}</p>
        ) : (
          <DataTable
            labelledBy="diensten-titel"
            scrollRegion
            headers={[
              t('editor.services.col.name'),
              t('editor.services.col.organisation'),
              t('editor.services.col.region'),
              t('editor.services.col.status'),
              t('editor.services.col.review'),
              t('editor.services.col.quality'),
            ]}
            rows={services}
            rowAttributes={(service) => ({ 'data-service': service.id })}
            cells={(service) => [
              <a class="utrecht-link" href={`/beheer/diensten/${service.id}`}>
                {esc(service.name)}
              </a>,
              esc(service.organisationName),
              esc(service.regionName ?? t('editor.services.national')),
              <StatusBadge t={t} status={service.status} />,
              <>
                {esc(formatDate(lang, service.reviewDue))}{' '}
                {service.status !== 'gearchiveerd' && <FreshnessFlag t={t} freshness={service.quality.freshness} />}
              </>,
              esc(t('editor.services.qualityScore', { score: service.quality.score })),
            ]}
          />
        )}
      </div>
    </Layout>
  );
}

function QualityPanel({ ctx, quality }: { ctx: PageContext; quality: Quality }) {
  const { t } = ctx;
  return (
    <aside class="wc-card wc-stack" aria-labelledby="kwaliteit-titel">
      <h2 class="utrecht-heading-2" id="kwaliteit-titel">
        {esc(t('editor.quality.title'))}
      </h2>
      <p class="utrecht-paragraph" data-quality={String(quality.score)}>
        <strong>{esc(t('editor.quality.score', { score: quality.score }))}</strong>
      </p>
      <ul class="utrecht-unordered-list wc-checklist">
        {quality.parts.map((part) => (
          <li data-part={part.key} data-ok={String(part.points === part.max)}>
            <span class={`utrecht-status-badge utrecht-status-badge--${part.points === part.max ? 'success' : 'warning'}`}>
              {esc(t(part.points === part.max ? 'editor.quality.done' : 'editor.quality.todo'))}
            </span>{' '}
            {esc(t(`editor.quality.part.${part.key}`))} <span class="wc-muted">({esc(t('editor.quality.points', { points: part.points, max: part.max }))})</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}

const errorLabels = (t: PageContext['t']): Record<string, string> => ({
  owner: t('editor.field.owner'),
  region: t('editor.field.region'),
  name: t('editor.field.name'),
  summary: t('editor.field.summary'),
  description: t('editor.field.description'),
  audiences: t('editor.field.audiences'),
  themes: t('editor.field.themes'),
  eligibility: t('editor.field.eligibility'),
  costFree: t('editor.field.costFree'),
  costDescription: t('editor.field.costDescription'),
  costAmount: t('editor.field.costAmount'),
  languages: t('editor.field.languages'),
  deliveryModes: t('editor.field.deliveryModes'),
  areaKind: t('editor.field.areaKind'),
  areaRegions: t('editor.field.areaRegions'),
  areaMunicipalities: t('editor.field.areaMunicipalities'),
  access: t('editor.field.access'),
  applicationProcess: t('editor.field.applicationProcess'),
  waitTime: t('editor.field.waitTime'),
  capacity: t('editor.field.capacity'),
  contactEmail: t('editor.field.contactEmail'),
  contactPhone: t('editor.field.contactPhone'),
  contactUrl: t('editor.field.contactUrl'),
  keywords: t('editor.field.keywords'),
  reviewInterval: t('editor.field.reviewInterval'),
  responseDays: t('editor.field.responseDays'),
  reminders: t('editor.field.reminders'),
  expiryDays: t('editor.field.expiryDays'),
  locations: t('editor.field.locations'),
});

function ActionButton({ value, label, primary }: { value: string; label: string; primary?: boolean }) {
  return (
    <button type="submit" name="action" value={value} class={`utrecht-button utrecht-button--${primary ? 'primary' : 'secondary'}-action`}>
      {esc(label)}
    </button>
  );
}

export function ServiceFormPage(props: {
  ctx: PageContext;
  scope: EditorScope;
  choices: ServiceChoices;
  service?: ServiceDetail | undefined;
  values: ServiceForm;
  errors: FieldErrors;
  /** The service was changed by someone else after the editor opened it. */
  conflict?: boolean;
  /** A new service's one-time submission token. */
  submission?: string | undefined;
}) {
  const { ctx, scope, choices, service, values, errors } = props;
  const { t, lang } = ctx;
  const title = service ? `${t('editor.service.editTitle')}: ${service.form.name}` : t('editor.service.newTitle');
  const visibleErrors = errors.filter((error) => error.field !== 'version');
  const themeGroups = themes.map((theme) => ({
    label: label(lang, theme),
    options: theme.children.map((child) => ({ value: child.code, label: label(lang, child) })),
  }));
  const regionOptions: Option[] =
    scope.kind === 'all'
      ? [{ value: 'landelijk', label: t('editor.field.region.national') }, ...choices.regions.map((r) => ({ value: r.code, label: r.name }))]
      : scope.kind === 'partner'
        ? [
            { value: scope.regionCode, label: scope.regionName },
            { value: 'landelijk', label: t('editor.field.region.national') },
          ]
        : [];
  const status = service?.status ?? null;
  return (
    <Layout ctx={ctx} title={title}>
      <div class="wc-stack">
        <LinkParagraph href="/beheer/diensten" text={t('editor.service.back')} />
        <h1 class="utrecht-heading-1">{esc(title)}</h1>
        {service ? (
          <>
            <p class="utrecht-paragraph">
              <StatusBadge t={t} status={service.status} />{' '}
              {service.status !== 'gearchiveerd' && <FreshnessFlag t={t} freshness={service.quality.freshness} />}
            </p>
            <p class="utrecht-paragraph">
              {esc(
                t('editor.service.statusLine', {
                  status: t(`editor.status.${service.status}`),
                  version: service.version,
                  date: formatDate(lang, service.lastReviewed),
                  due: formatDate(lang, service.reviewDue),
                }),
              )}{' '}
              <a class="utrecht-link" href={`/beheer/diensten/${service.id}/geschiedenis`}>
                {esc(t('editor.service.history'))}
              </a>
            </p>
            <ReviewNotice ctx={ctx} review={service.review} partner={scope.kind === 'partner'} />
          </>
        ) : (
          ''
        )}
        {props.conflict === true && service !== undefined && (
          <ConflictAlert t={t} title={t('editor.conflict.title')} message={t('editor.error.conflict')} href={`/beheer/diensten/${service.id}`} />
        )}
        {/* What to improve comes first: on a phone it would otherwise wait below a long form. */}
        <div class={service ? 'wc-columns wc-columns--aside-first' : 'wc-columns'}>
          {service !== undefined && <QualityPanel ctx={ctx} quality={service.quality} />}
          <form method="post" action={service ? `/beheer/diensten/${service.id}` : '/beheer/diensten/nieuw'} class="wc-stack" novalidate>
            <ErrorSummary t={t} errors={visibleErrors} labels={errorLabels(t)} />
            <CsrfField token={ctx.csrfToken} />
            <SubmissionField token={props.submission} />
            <input type="hidden" name="version" value={values.version} />

            <h2 class="utrecht-heading-2">{esc(t('editor.service.section.basics'))}</h2>
            {!service && scope.kind !== 'partner' && (
              <SelectField
                t={t}
                name="owner"
                label={t('editor.field.owner')}
                value={values.owner}
                errors={errors}
                options={choices.owners.map((o) => ({ value: o.id, label: o.name }))}
                placeholder={t('admin.users.choose')}
              />
            )}
            {service !== undefined && (
              <p class="utrecht-paragraph">
                <strong>{esc(t('editor.field.owner'))}:</strong> {esc(service.organisationName)}
              </p>
            )}
            {!service && regionOptions.length > 0 && (
              <ChoiceGroup
                t={t}
                type="radio"
                name="region"
                label={t('editor.field.region')}
                hint={t('editor.field.region.hint')}
                errors={errors}
                values={[values.region]}
                options={regionOptions}
              />
            )}
            <TextField t={t} name="name" label={t('editor.field.name')} value={values.name} errors={errors} maxlength={150} />
            <TextArea t={t} name="summary" label={t('editor.field.summary')} hint={t('editor.field.summary.hint')} value={values.summary} errors={errors} rows={3} maxlength={280} />
            <TextArea
              t={t}
              name="description"
              label={t('editor.field.description')}
              hint={t('editor.field.description.hint')}
              value={values.description}
              errors={errors}
              rows={8}
              maxlength={3000}
            />
            <GroupedCheckboxes t={t} name="themes" label={t('editor.field.themes')} hint={t('editor.field.themes.hint')} errors={errors} values={values.themes} groups={themeGroups} />

            <h2 class="utrecht-heading-2">{esc(t('editor.service.section.who'))}</h2>
            <ChoiceGroup
              t={t}
              type="checkbox"
              name="audiences"
              label={t('editor.field.audiences')}
              errors={errors}
              values={values.audiences}
              options={audiences.map((a) => ({ value: a.code, label: label(lang, a) }))}
            />
            <TextArea
              t={t}
              name="eligibility"
              label={t('editor.field.eligibility')}
              hint={t('editor.field.eligibility.hint')}
              value={values.eligibility}
              errors={errors}
              rows={4}
              maxlength={1000}
            />
            <ChoiceGroup
              t={t}
              type="radio"
              name="costFree"
              label={t('editor.field.costFree')}
              errors={errors}
              values={[values.costFree]}
              options={[
                { value: 'ja', label: t('editor.field.costFree.yes') },
                { value: 'nee', label: t('editor.field.costFree.no') },
              ]}
            />
            <TextArea
              t={t}
              name="costDescription"
              label={t('editor.field.costDescription')}
              hint={t('editor.field.costDescription.hint')}
              value={values.costDescription}
              errors={errors}
              rows={2}
              maxlength={300}
              optional
            />
            <TextField
              t={t}
              name="costAmount"
              label={t('editor.field.costAmount')}
              hint={t('editor.field.costAmount.hint')}
              value={values.costAmount}
              errors={errors}
              inputmode="decimal"
              maxlength={12}
              size={12}
              optional
            />

            <h2 class="utrecht-heading-2">{esc(t('editor.service.section.how'))}</h2>
            <ChoiceGroup
              t={t}
              type="checkbox"
              name="access"
              label={t('editor.field.access')}
              errors={errors}
              values={values.access}
              options={accessRoutes.map((a) => ({ value: a.code, label: label(lang, a) }))}
            />
            <TextArea
              t={t}
              name="applicationProcess"
              label={t('editor.field.applicationProcess')}
              hint={t('editor.field.applicationProcess.hint')}
              value={values.applicationProcess}
              errors={errors}
              rows={4}
              maxlength={1000}
            />
            <TextField t={t} name="waitTime" label={t('editor.field.waitTime')} hint={t('editor.field.waitTime.hint')} value={values.waitTime} errors={errors} maxlength={200} optional />
            <SelectField
              t={t}
              name="capacity"
              label={t('editor.field.capacity')}
              value={values.capacity}
              errors={errors}
              optional
              placeholder={t('editor.field.capacity.unknown')}
              options={CAPACITIES.map((c) => ({ value: c, label: t(`editor.field.capacity.${c}`) }))}
            />
            <fieldset class="utrecht-form-fieldset wc-stack">
              <legend class="utrecht-form-fieldset__legend">{esc(t('editor.field.referralTimers'))}</legend>
              <p class="utrecht-paragraph">{esc(t('editor.field.referralTimers.hint'))}</p>
              <TextField t={t} name="responseDays" label={t('editor.field.responseDays')} hint={t('editor.field.responseDays.hint')} value={values.responseDays} errors={errors} inputmode="numeric" size={3} maxlength={2} />
              <SelectField
                t={t}
                name="reminders"
                label={t('editor.field.reminders')}
                value={values.reminders}
                errors={errors}
                options={['0', '1', '2'].map((count) => ({ value: count, label: t('editor.field.reminders.count', { count: Number(count) }) }))}
              />
              <TextField t={t} name="expiryDays" label={t('editor.field.expiryDays')} hint={t('editor.field.expiryDays.hint')} value={values.expiryDays} errors={errors} inputmode="numeric" size={3} maxlength={2} />
            </fieldset>

            <h2 class="utrecht-heading-2">{esc(t('editor.service.section.where'))}</h2>
            <ChoiceGroup
              t={t}
              type="checkbox"
              name="deliveryModes"
              label={t('editor.field.deliveryModes')}
              errors={errors}
              values={values.deliveryModes}
              options={deliveryModes.map((d) => ({ value: d.code, label: label(lang, d) }))}
            />
            <ChoiceGroup
              t={t}
              type="checkbox"
              name="languages"
              label={t('editor.field.languages')}
              errors={errors}
              values={values.languages}
              options={[...new Set([...LANGUAGES, ...values.languages])].map((code) => ({ value: code, label: languageName(lang, code) }))}
            />
            <ChoiceGroup
              t={t}
              type="radio"
              name="areaKind"
              label={t('editor.field.areaKind')}
              errors={errors}
              values={[values.areaKind]}
              options={(['national', 'regions', 'municipalities'] as const).map((kind) => ({ value: kind, label: t(`editor.field.areaKind.${kind}`) }))}
            />
            <MultiSelect
              t={t}
              name="areaRegions"
              label={t('editor.field.areaRegions')}
              hint={t('editor.field.areaRegions.hint')}
              errors={errors}
              values={values.areaRegions}
              options={choices.regions.map((r) => ({ value: r.code, label: r.name }))}
              optional
            />
            <MultiSelect
              t={t}
              name="areaMunicipalities"
              label={t('editor.field.areaMunicipalities')}
              hint={t('editor.field.areaMunicipalities.hint')}
              errors={errors}
              values={values.areaMunicipalities}
              options={choices.municipalities.map((m) => ({ value: m.code, label: `${m.name} (${m.code})` }))}
              optional
            />
            <ChoiceGroup
              t={t}
              type="checkbox"
              name="locations"
              label={`${t('editor.field.locations')} ${t('field.optional')}`}
              hint={
                choices.locations.length > 0
                  ? t('editor.field.locations.hint')
                  : values.owner === ''
                    ? t('editor.field.locations.chooseOwner')
                    : t('editor.field.locations.none')
              }
              errors={errors}
              values={values.locations}
              options={choices.locations.map((location) => ({ value: location.id, label: `${location.name}, ${location.city}` }))}
            />

            <h2 class="utrecht-heading-2">{esc(t('editor.service.section.contact'))}</h2>
            <p class="utrecht-paragraph">{esc(t('editor.field.contact.hint'))}</p>
            <TextField t={t} name="contactEmail" type="email" label={t('editor.field.contactEmail')} value={values.contactEmail} errors={errors} maxlength={254} optional />
            <TextField t={t} name="contactPhone" type="tel" label={t('editor.field.contactPhone')} value={values.contactPhone} errors={errors} maxlength={20} optional />
            <TextField t={t} name="contactUrl" type="url" label={t('editor.field.contactUrl')} value={values.contactUrl} errors={errors} maxlength={500} optional />

            <h2 class="utrecht-heading-2">{esc(t('editor.service.section.maintenance'))}</h2>
            <TextArea t={t} name="keywords" label={t('editor.field.keywords')} hint={t('editor.field.keywords.hint')} value={values.keywords} errors={errors} rows={2} maxlength={1000} optional />
            <SelectField
              t={t}
              name="reviewInterval"
              label={t('editor.field.reviewInterval')}
              hint={t('editor.field.reviewInterval.hint')}
              value={values.reviewInterval}
              errors={errors}
              options={[...new Set([...REVIEW_INTERVALS.map(String), values.reviewInterval].filter(Boolean))].map((days) => ({
                value: days,
                label: t('editor.field.reviewInterval.days', { count: Number(days) }),
              }))}
            />

            <div class="wc-actions">
              {!service ? (
                <>
                  <ActionButton value="opslaan" label={t('editor.action.saveConcept')} primary />
                  <ActionButton value="publiceren" label={t('editor.action.publish')} />
                </>
              ) : (
                <>
                  <ActionButton value="opslaan" label={t('editor.action.save')} primary />
                  {status !== 'gepubliceerd' && <ActionButton value="publiceren" label={t('editor.action.publish')} />}
                  {status === 'gepubliceerd' && <ActionButton value="gecontroleerd" label={t('editor.action.reviewed')} />}
                  {status !== 'concept' && <ActionButton value="naar-concept" label={t('editor.action.toConcept')} />}
                  {status !== 'gearchiveerd' && <ActionButton value="archiveren" label={t('editor.action.archive')} />}
                </>
              )}
              <a class="utrecht-link" href="/beheer/diensten">
                {esc(t('form.cancel'))}
              </a>
            </div>
          </form>
        </div>
      </div>
    </Layout>
  );
}

/** A history value as text: lists joined, empty shown as "(empty)". */
function showValue(t: PageContext['t'], value: unknown): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return t('editor.history.empty-value');
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'boolean') return value ? t('editor.history.yes') : t('editor.history.no');
  return String(value);
}

/** The label of a stored column, as the form names it. */
function fieldLabel(t: PageContext['t'], column: string): string {
  const extra: Record<string, string> = {
    status: t('editor.services.col.status'),
    last_reviewed: t('editor.history.lastReviewed'),
    cost_free: t('editor.field.costFree'),
    locations: t('editor.field.locations'),
  };
  const field = columnFields[column];
  return extra[column] ?? (field ? errorLabels(t)[field] : undefined) ?? column;
}

/** Who made a change: the name where the reader may see it, and always the role it was made in. */
function historyAuthor(t: PageContext['t'], entry: HistoryEntry): string {
  const role = entry.changedAs === 'systeem' ? t('editor.history.bySystem') : entry.changedAs ? t(`role.${entry.changedAs}`) : null;
  if (entry.changedByName) return role ? t('editor.history.nameAndRole', { name: entry.changedByName, role }) : entry.changedByName;
  return role ?? t('editor.history.unknownUser');
}

export function HistoryPage(props: {
  ctx: PageContext;
  service: { id: string; name: string; version: number };
  entries: readonly HistoryEntry[];
  /** A restore was refused: someone saved in between. */
  conflict?: boolean;
  /** A restore was refused: that version no longer passes today's checks. */
  invalid?: { version: number; errors: FieldErrors };
}) {
  const { ctx, service, entries, invalid } = props;
  const { t, lang } = ctx;
  const labels = errorLabels(t);
  return (
    <Layout ctx={ctx} title={t('editor.history.title', { name: service.name })}>
      <div class="wc-stack">
        <LinkParagraph href={`/beheer/diensten/${service.id}`} text={t('editor.history.back')} />
        <h1 class="utrecht-heading-1">{esc(t('editor.history.title', { name: service.name }))}</h1>
        {props.conflict ? (
          <div class="utrecht-alert utrecht-alert--warning" role="alert" aria-labelledby="conflict-titel">
            <h2 class="utrecht-heading-2" id="conflict-titel">
              {esc(t('editor.history.conflictTitle'))}
            </h2>
            <p class="utrecht-paragraph">{esc(t('editor.history.conflict'))}</p>
          </div>
        ) : (
          ''
        )}
        {invalid ? (
          <div class="utrecht-alert utrecht-alert--error" role="alert" aria-labelledby="fouten-titel">
            <h2 class="utrecht-heading-2" id="fouten-titel">
              {esc(t('editor.history.invalidTitle'))}
            </h2>
            <p class="utrecht-paragraph">{esc(t('editor.history.invalid', { version: invalid.version }))}</p>
            <ul class="utrecht-unordered-list">
              {invalid.errors.map((error) => (
                <li>{esc(`${labels[error.field] ?? error.field}: ${t(error.key, error.params)}`)}</li>
              ))}
            </ul>
          </div>
        ) : (
          ''
        )}
        {entries.length === 0 ? <p class="utrecht-paragraph">{esc(t('editor.history.empty'))}</p> : <p class="utrecht-paragraph">{esc(t('editor.history.restoreHint'))}</p>}
        <ol class="utrecht-ordered-list wc-history" reversed="reversed">
          {entries.map((entry, index) => (
            <li class="wc-stack" data-action={entry.action} data-version={String(entry.version)}>
              <h2 class="utrecht-heading-3" id={`versie-${entry.id}`}>
                {esc(t('editor.history.entry', { version: entry.version, action: t(`editor.history.action.${entry.action}`) }))}
              </h2>
              <p class="utrecht-paragraph">
                {esc(formatDateTime(lang, entry.changedAt))} · {esc(t('editor.history.who'))}{' '}
                <span data-author>{esc(historyAuthor(t, entry))}</span>
              </p>
              {entry.changes.length > 0 ? (
                <DataTable
                  labelledBy={`versie-${entry.id}`}
                  scrollRegion
                  headers={[t('editor.history.field'), t('editor.history.before'), t('editor.history.after')]}
                  rows={entry.changes}
                  rowHeader
                  cells={(change) => [esc(fieldLabel(t, change.field)), esc(showValue(t, change.before)), esc(showValue(t, change.after))]}
                />
              ) : (
                ''
              )}
              {/* The newest entry is what the service is now; every earlier one can come back as a new version. */}
              {index === 0 ? (
                <p class="utrecht-paragraph wc-muted">{esc(t('editor.history.current'))}</p>
              ) : (
                <form method="post" action={`/beheer/diensten/${service.id}/geschiedenis/${entry.id}/terugzetten`} class="wc-inline-form" data-restore={String(entry.id)}>
                  <CsrfField token={ctx.csrfToken} />
                  <input type="hidden" name="version" value={String(service.version)} />
                  <button class="utrecht-button utrecht-button--secondary-action" type="submit" aria-describedby={`versie-${entry.id}`}>
                    {esc(t('editor.history.restore'))}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ol>
      </div>
    </Layout>
  );
}

/** The coordinator's pairs of services that are probably the same, each with "show only this one" for both. */
/** A publication waiting for the region's coordinator, or refused with a reason (T0028). */
function ReviewNotice({ ctx, review, partner }: { ctx: PageContext; review: ServiceDetail['review']; partner: boolean }) {
  if (!review) return <></>;
  const { t, lang } = ctx;
  const date = formatDateTime(lang, review.requestedAt);
  const message =
    review.status === 'afgewezen'
      ? t('review.notice.rejected', { reason: review.reason ?? '' })
      : !partner
        ? t('review.notice.decide', { date })
        : t(review.wasPublished ? 'review.notice.waitingChange' : 'review.notice.waiting', { date });
  return (
    <div class={`utrecht-alert ${review.status === 'afgewezen' ? 'utrecht-alert--warning' : 'utrecht-alert--info'}`} role="status" data-review={review.status}>
      <p class="utrecht-paragraph">
        {esc(message)}{' '}
        {!partner && review.status === 'ter-controle' ? (
          <a class="utrecht-link" href="/beheer/controle">
            {esc(t('review.title'))}
          </a>
        ) : (
          ''
        )}
      </p>
    </div>
  );
}

export function DuplicatesPage(props: { ctx: PageContext; region: { code: string; name: string }; pairs: readonly DuplicatePair[] }) {
  const { ctx, region, pairs } = props;
  const { t } = ctx;
  const side = (entry: DuplicatePair['a']) => (
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href={`/beheer/diensten/${entry.id}`}>
        {esc(entry.name)}
      </a>{' '}
      <span class="wc-muted">{esc(`${t('editor.duplicates.by', { organisation: entry.organisationName })} · ${entry.regionCode ?? t('editor.duplicates.national')} · ${t(`editor.status.${entry.status}`)}`)}</span>
    </p>
  );
  const keep = (hide: DuplicatePair['a'], show: DuplicatePair['a']) => (
    <form method="post" action={`/beheer/diensten/${hide.id}/zelfde-als`} class="wc-inline-form">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="dienst" value={show.id} />
      <button class="utrecht-button utrecht-button--secondary-action" type="submit">
        {esc(t('editor.duplicates.keep', { name: show.name }))}
      </button>
    </form>
  );
  return (
    <Layout ctx={ctx} title={t('editor.duplicates.title')}>
      <div class="wc-stack">
        <h1 class="utrecht-heading-1">{esc(t('editor.duplicates.title'))}</h1>
        <p class="utrecht-paragraph">{esc(t('editor.duplicates.lead', { region: region.name }))}</p>
        {pairs.length === 0 ? (
          <p class="utrecht-paragraph">{esc(t('editor.duplicates.none'))}</p>
        ) : (
          <ul class="wc-link-list">
            {pairs.map((pair) => (
              <li class="wc-card wc-stack" data-pair={`${pair.a.id} ${pair.b.id}`}>
                <h2 class="utrecht-heading-3">{esc(t('editor.duplicates.pair', { a: pair.a.name, b: pair.b.name }))}</h2>
                {side(pair.a)}
                {side(pair.b)}
                <div class="wc-actions">
                  {keep(pair.b, pair.a)}
                  {keep(pair.a, pair.b)}
                </div>
              </li>
            ))}
          </ul>
        )}
        <LinkParagraph href="/beheer/diensten" text={t('editor.services.title')} />
      </div>
    </Layout>
  );
}
