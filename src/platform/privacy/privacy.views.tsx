import { CsrfField, Layout, LinkParagraph, Page, type PageContext } from '../web/layout.tsx';
import { ErrorSummary, SelectField, SubmitButton, TextField, type FieldErrors } from '../web/forms.tsx';
import { esc } from '../web/html.ts';
import { DataTable } from '../web/table.tsx';
import { formatDateTime, type MessageKey } from '../i18n/index.ts';
import { processingRegister, type Bilingual, type ProcessingActivity } from './register.ts';
import type { ChainReport } from './verify.ts';
import type { AuditEntry, EntriesPage, LogEntry, Person } from './privacy.service.ts';

/** Shown of a 64-character pseudonym: enough to tell entries apart at a glance. */
const SHORT_PSEUDONYM = 12;

function Definitions({ items }: { items: readonly [string, JSX.Element][] }) {
  return (
    <dl class="utrecht-data-list utrecht-data-list--rows">
      {items.map(([key, value]) => (
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{esc(key)}</dt>
          <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Time({ ctx, value }: { ctx: PageContext; value: Date }) {
  return <time datetime={value.toISOString()}>{esc(formatDateTime(ctx.lang, value))}</time>;
}

function activityName(ctx: PageContext, id: string): string {
  const entry: ProcessingActivity | undefined = processingRegister.find((candidate) => candidate.id === id);
  return entry ? entry.name[ctx.lang] : id;
}

function personName(ctx: PageContext, who: Person): string {
  if (who.kind === 'user') return who.name;
  return ctx.t(who.kind === 'none' ? 'privacy.log.actorNone' : who.kind === 'system' ? 'privacy.log.actorSystem' : 'privacy.log.actorHidden');
}

function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

function Pagination(props: { label: string; newest: { href: string; text: string } | null; older: { href: string; text: string } | null }) {
  if (!props.newest && !props.older) return <></>;
  return (
    <nav aria-label={props.label}>
      <ul class="wc-actions">
        {props.newest ? (
          <li>
            <a class="utrecht-link" href={props.newest.href}>
              {esc(props.newest.text)}
            </a>
          </li>
        ) : (
          ''
        )}
        {props.older ? (
          <li>
            <a class="utrecht-link" href={props.older.href} rel="next">
              {esc(props.older.text)}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}

// Processing register ---------------------------------------------------------------------------

export function RegisterPage({ ctx }: { ctx: PageContext }) {
  const { t, lang } = ctx;
  const text = (value: Bilingual) => esc(value[lang]);
  return (
    <Page ctx={ctx} title={t('privacy.register.title')} lead={t('privacy.register.intro')}>
    <ul class="utrecht-unordered-list">
      {processingRegister.map((entry) => (
        <li>
          <a class="utrecht-link" href={`#verwerking-${entry.id}`}>
            {text(entry.name)}
          </a>
        </li>
      ))}
    </ul>
    {processingRegister.map((entry: ProcessingActivity) => (
      <section class="wc-stack" aria-labelledby={`verwerking-${entry.id}`}>
        <h2 class="utrecht-heading-2" id={`verwerking-${entry.id}`}>
          {text(entry.name)}
        </h2>
        <Definitions
          items={[
            [t('privacy.register.id'), <code class="utrecht-code">{esc(entry.id)}</code>],
            [t('privacy.register.purpose'), text(entry.purpose)],
            [t('privacy.register.legalBasis'), text(entry.legalBasis)],
            [t('privacy.register.subjects'), text(entry.dataSubjects)],
            [t('privacy.register.categories'), text(entry.dataCategories)],
            [t('privacy.register.recipients'), text(entry.recipients)],
            [t('privacy.register.retention'), text(entry.retention)],
            [
              t('privacy.register.fields'),
              <ul class="utrecht-unordered-list">
                {entry.fields.map((field) => (
                  <li>
                    <code class="utrecht-code">{esc(field)}</code>
                  </li>
                ))}
              </ul>,
            ],
          ]}
        />
      </section>
    ))}
    </Page>
  );
}

// Processing log ----------------------------------------------------------------------------------

export interface LogFilterValues {
  activity: string;
  subject: string;
  /** The cursor of the page shown, if it is not the newest. */
  before: number | undefined;
}

function VerifyResult({ ctx, report }: { ctx: PageContext; report: ChainReport }) {
  const { t } = ctx;
  if (report.intact) {
    return (
      <div class="utrecht-alert utrecht-alert--ok" role="status">
        <p class="utrecht-paragraph">
          {esc(t('privacy.log.chainOk', { rows: report.rows }))}
          {report.lastSeq !== null ? esc(` ${t('privacy.verify.lastSeq', { seq: report.lastSeq })}`) : ''}
        </p>
      </div>
    );
  }
  return (
    <div class="utrecht-alert utrecht-alert--error" role="alert">
      <p class="utrecht-paragraph">{esc(t('privacy.log.chainBroken', { seq: report.brokenAt }))}</p>
      <p class="utrecht-paragraph">{esc(t(`privacy.verify.reason.${report.reason}` as MessageKey))}</p>
    </div>
  );
}

export function ProcessingLogPage(props: {
  ctx: PageContext;
  filter: LogFilterValues;
  errors: FieldErrors;
  page: EntriesPage<LogEntry> | null;
  verification?: ChainReport | undefined;
}) {
  const { ctx, filter, errors, page } = props;
  const { t } = ctx;
  const filterQuery = { activiteit: filter.activity, betrokkene: filter.subject };
  const filtered = Boolean(filter.activity || filter.subject);
  return (
    <Page ctx={ctx} title={t('privacy.log.title')} lead={t('privacy.log.intro')}>
    {props.verification ? <VerifyResult ctx={ctx} report={props.verification} /> : ''}
    <section class="wc-card wc-stack" aria-labelledby="controle-titel">
      <h2 class="utrecht-heading-3" id="controle-titel">
        {esc(t('privacy.verify.heading'))}
      </h2>
      <p class="utrecht-paragraph">{esc(t('privacy.verify.intro'))}</p>
      <form method="post" action="/privacy/logboek/controle">
        <CsrfField token={ctx.csrfToken} />
        <SubmitButton label={t('privacy.verify.submit')} secondary />
      </form>
    </section>
    <h2 class="utrecht-heading-2">{esc(t('privacy.log.filter.heading'))}</h2>
    <ErrorSummary t={t} errors={errors} />
    <form method="get" action="/privacy/logboek" class="wc-filter" novalidate>
      <SelectField
        t={t}
        name="activiteit"
        label={t('privacy.log.filter.activity')}
        value={filter.activity}
        errors={errors}
        optional
        placeholder={t('privacy.log.filter.allActivities')}
        options={processingRegister.map((entry) => ({ value: entry.id, label: entry.name[ctx.lang] }))}
      />
      <TextField
        t={t}
        name="betrokkene"
        label={t('privacy.log.filter.subject')}
        hint={t('privacy.log.filter.subjectHint')}
        value={filter.subject}
        errors={errors}
        optional
        maxlength={64}
        spellcheck={false}
        autocomplete="off"
      />
      <SubmitButton label={t('privacy.log.filter.submit')} />
      {filtered && (
        <a class="utrecht-link" href="/privacy/logboek">
          {esc(t('privacy.log.filter.clear'))}
        </a>
      )}
    </form>
    {page?.entries.length === 0 ? <p class="utrecht-paragraph">{esc(t('privacy.log.empty'))}</p> : ''}
    {page && page.entries.length > 0 ? (
      <>
        <h2 class="utrecht-heading-2" id="regels-titel">
          {esc(t('privacy.log.caption'))}
        </h2>
        <p class="utrecht-paragraph wc-muted">{esc(t('privacy.log.subjectHelp'))}</p>
        <DataTable
          labelledBy="regels-titel"
          headers={[t('privacy.log.time'), t('privacy.log.activity'), t('privacy.log.operation'), t('privacy.log.subject'), t('privacy.log.actor'), t('privacy.log.trace')]}
          rows={page.entries}
          rowAttributes={(entry) => ({ 'data-seq': String(entry.seq) })}
          cells={(entry) => [
            <Time ctx={ctx} value={entry.time} />,
            esc(activityName(ctx, entry.activityId)),
            <code class="utrecht-code">{esc(entry.operation)}</code>,
            <a class="utrecht-link" href={withQuery('/privacy/logboek', { activiteit: filter.activity, betrokkene: entry.subject })}>
              <code class="utrecht-code">{esc(entry.subject.slice(0, SHORT_PSEUDONYM))}</code>
            </a>,
            esc(personName(ctx, entry.actor)),
            <code class="utrecht-code">{esc(entry.traceId)}</code>,
          ]}
        />
        <Pagination
          label={t('privacy.log.pagination')}
          newest={filter.before !== undefined ? { href: withQuery('/privacy/logboek', filterQuery), text: t('privacy.log.newest') } : null}
          older={
            page.nextBefore !== null
              ? { href: withQuery('/privacy/logboek', { ...filterQuery, voor: page.nextBefore }), text: t('privacy.log.more') }
              : null
          }
        />
      </>
    ) : (
      ''
    )}
    </Page>
  );
}

// Audit log -------------------------------------------------------------------------------------

const outcomeBadge: Record<AuditEntry['outcome'], string> = { success: 'success', failure: 'warning', denied: 'danger' };

function auditTarget(ctx: PageContext, target: AuditEntry['target']): string {
  if (!target) return '';
  if (target.type === 'user') return personName(ctx, target.person);
  return `${target.type} ${target.id}`;
}

export function AuditLogPage(props: {
  ctx: PageContext;
  actions: readonly string[];
  filter: { action: string; before: number | undefined };
  errors: FieldErrors;
  page: EntriesPage<AuditEntry> | null;
}) {
  const { ctx, filter, errors, page } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('audit.title')} lead={t('audit.intro')}>
    <ErrorSummary t={t} errors={errors} />
    <form method="get" action="/beheer/auditlog" class="wc-filter" novalidate>
      <SelectField
        t={t}
        name="handeling"
        label={t('audit.filter.action')}
        value={filter.action}
        errors={errors}
        optional
        placeholder={t('audit.filter.allActions')}
        options={props.actions.map((action) => ({ value: action, label: action }))}
      />
      <SubmitButton label={t('audit.filter.submit')} />
      {filter.action ? (
        <a class="utrecht-link" href="/beheer/auditlog">
          {esc(t('audit.filter.clear'))}
        </a>
      ) : (
        ''
      )}
    </form>
    {page?.entries.length === 0 ? <p class="utrecht-paragraph">{esc(t('audit.empty'))}</p> : ''}
    {page && page.entries.length > 0 ? (
      <>
        <h2 class="utrecht-heading-2" id="handelingen-titel">
          {esc(t('audit.caption'))}
        </h2>
        <DataTable
          labelledBy="handelingen-titel"
          headers={[t('audit.time'), t('audit.actor'), t('audit.action'), t('audit.target'), t('audit.outcome'), t('audit.details')]}
          rows={page.entries}
          rowAttributes={(entry) => ({ 'data-id': String(entry.id) })}
          cells={(entry) => [
            <Time ctx={ctx} value={entry.time} />,
            esc(personName(ctx, entry.actor)),
            <code class="utrecht-code">{esc(entry.action)}</code>,
            esc(auditTarget(ctx, entry.target)),
            <span class={`utrecht-status-badge utrecht-status-badge--${outcomeBadge[entry.outcome]}`}>{esc(t(`audit.outcome.${entry.outcome}`))}</span>,
            esc(entry.details.map(([key, value]) => `${key}: ${value}`).join(', ')),
          ]}
        />
        <Pagination
          label={t('audit.pagination')}
          newest={filter.before !== undefined ? { href: withQuery('/beheer/auditlog', { handeling: filter.action }), text: t('audit.newest') } : null}
          older={
            page.nextBefore !== null
              ? { href: withQuery('/beheer/auditlog', { handeling: filter.action, voor: page.nextBefore }), text: t('audit.more') }
              : null
          }
        />
      </>
    ) : (
      ''
    )}
    </Page>
  );
}

// Public privacy statement ----------------------------------------------------------------------

const rights: readonly MessageKey[] = [
  'privacy.statement.right.access',
  'privacy.statement.right.rectify',
  'privacy.statement.right.erase',
  'privacy.statement.right.restrict',
  'privacy.statement.right.object',
  'privacy.statement.right.portability',
];

export function PrivacyStatementPage({ ctx }: { ctx: PageContext }) {
  const { t, lang } = ctx;
  const text = (value: Bilingual) => esc(value[lang]);
  return (
    <Layout ctx={ctx} title={t('privacy.statement.title')}>
      <div class="wc-stack wc-narrow">
        <h1 class="utrecht-heading-1">{esc(t('privacy.statement.title'))}</h1>
        <p class="utrecht-paragraph wc-lead">{esc(t('privacy.statement.intro'))}</p>
        <h2 class="utrecht-heading-2">{esc(t('privacy.statement.whatHeading'))}</h2>
        <p class="utrecht-paragraph">{esc(t('privacy.statement.whatIntro'))}</p>
        {processingRegister.map((entry: ProcessingActivity) => (
          <section class="wc-stack" aria-labelledby={`doel-${entry.id}`}>
            <h3 class="utrecht-heading-3" id={`doel-${entry.id}`}>
              {text(entry.name)}
            </h3>
            <Definitions
              items={[
                [t('privacy.statement.why'), text(entry.purpose)],
                [t('privacy.statement.who'), text(entry.dataSubjects)],
                [t('privacy.statement.what'), text(entry.dataCategories)],
                [t('privacy.statement.recipients'), text(entry.recipients)],
                [t('privacy.statement.howLong'), text(entry.retention)],
                [t('privacy.statement.basis'), text(entry.legalBasis)],
              ]}
            />
          </section>
        ))}
        <h2 class="utrecht-heading-2">{esc(t('privacy.statement.logHeading'))}</h2>
        <p class="utrecht-paragraph">{esc(t('privacy.statement.log'))}</p>
        <h2 class="utrecht-heading-2">{esc(t('privacy.statement.rightsHeading'))}</h2>
        <p class="utrecht-paragraph">{esc(t('privacy.statement.rightsIntro'))}</p>
        <ul class="utrecht-unordered-list">
          {rights.map((key) => (
            <li>{esc(t(key))}</li>
          ))}
        </ul>
        <h2 class="utrecht-heading-2">{esc(t('privacy.statement.askHeading'))}</h2>
        <p class="utrecht-paragraph">{esc(t('privacy.statement.ask'))}</p>
        <LinkParagraph href="/regios" text={t('privacy.statement.askRegion')} />
        <h2 class="utrecht-heading-2">{esc(t('privacy.statement.complaintHeading'))}</h2>
        <p class="utrecht-paragraph">{esc(t('privacy.statement.complaint'))}</p>
        <LinkParagraph href="https://www.autoriteitpersoonsgegevens.nl/" text={t('privacy.statement.complaintLink')} />
      </div>
    </Layout>
  );
}
