import { CsrfField, LinkParagraph, Page, SubmissionField, type PageContext } from '../../../platform/web/layout.tsx';
import { esc } from '../../../platform/web/html.ts';
import { DataList, DataTable } from '../../../platform/web/table.tsx';
import { Checkbox, ErrorSummary, FileField, SelectField, SubmitButton, type FieldErrors } from '../../../platform/web/forms.tsx';
import { formatDateTime, type MessageKey, type Translate } from '../../../platform/i18n/index.ts';
import type { CatalogueImport } from '../imports.repository.ts';
import { isLegacyProblem, problemText, type StoredProblem, type StoredRowReport } from '../import.ts';

// The coordinator's import pages: the upload form with the earlier imports, and one import with its
// progress (the page refreshes itself while a job runs) and its report, with "apply" once checked.

const statusKey = (status: CatalogueImport['status']) => `opendata.import.status.${status}` as MessageKey;

export function ImportsPage(props: {
  ctx: PageContext;
  imports: readonly CatalogueImport[];
  regions: readonly { code: string; name: string }[] | null;
  region: string;
  errors: FieldErrors;
  submission: string;
}) {
  const { ctx, imports, regions, errors } = props;
  const { t, lang } = ctx;
  return (
    <Page ctx={ctx} title={t('opendata.import.title')} lead={t('opendata.import.lead')}>
      <ErrorSummary t={t} errors={errors} labels={{ bestand: t('opendata.import.file'), regio: t('opendata.import.region') }} />
      <form method="post" action="/beheer/import" enctype="multipart/form-data" class="wc-stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <SubmissionField token={props.submission} />
        {regions ? (
          <SelectField t={t} name="regio" label={t('opendata.import.region')} errors={errors} value={props.region} options={regions.map((r) => ({ value: r.code, label: `${r.name} (${r.code})` }))} />
        ) : (
          <input type="hidden" name="regio" value={props.region} />
        )}
        <FileField t={t} name="bestand" label={t('opendata.import.file')} hint={t('opendata.import.fileHint')} errors={errors} accept=".json,.zip,.csv,application/json,application/zip,text/csv" />
        <SubmitButton label={t('opendata.import.submit')} />
      </form>
      <h2 class="utrecht-heading-2" id="eerdere-imports">
        {esc(t('opendata.import.recent'))}
      </h2>
      {imports.length === 0 ? (
        <p class="utrecht-paragraph">{esc(t('opendata.import.none'))}</p>
      ) : (
        <DataTable
          labelledBy="eerdere-imports"
          headers={[t('opendata.import.column.file'), t('opendata.import.column.region'), t('opendata.import.column.status'), t('opendata.import.column.date')]}
          rows={imports}
          rowHeader
          cells={(item) => [
            <a class="utrecht-link" href={`/beheer/import/${item.id}`}>
              {esc(item.fileName)}
            </a>,
            esc(item.regionCode),
            esc(t(statusKey(item.status))),
            esc(formatDateTime(lang, item.createdAt)),
          ]}
        />
      )}
    </Page>
  );
}

// A problem names the field by its path in the file (HSDS, in English) and says what is wrong in the
// reader's language; a report stored before problems had message keys says it in English.
function Problems({ t, items }: { t: Translate; items: readonly StoredProblem[] }) {
  return (
    <ul class="utrecht-unordered-list">
      {items.map((problem) => (
        <li>
          <code lang="en">{esc(problem.field)}</code>:{' '}
          {isLegacyProblem(problem) ? <span lang="en">{esc(problemText(t, problem))}</span> : esc(problemText(t, problem))}
        </li>
      ))}
    </ul>
  );
}

function RowList({ t, rows, problems }: { t: PageContext['t']; rows: readonly StoredRowReport[]; problems: (row: StoredRowReport) => readonly StoredProblem[] }) {
  return (
    <ul class="wc-link-list wc-import-rows">
      {rows.map((row) => (
        <li>
          <p class="utrecht-paragraph">
            <strong>{esc(row.name || t('opendata.import.row', { row: row.row }))}</strong> <span class="wc-muted">{esc(`(${t('opendata.import.row', { row: row.row })})`)}</span>
          </p>
          <Problems t={t} items={problems(row)} />
        </li>
      ))}
    </ul>
  );
}

export function ImportPage(props: { ctx: PageContext; item: CatalogueImport; mayApply: boolean }) {
  const { ctx, item, mayApply } = props;
  const { t } = ctx;
  const running = item.status === 'controleren' || item.status === 'toepassen';
  const report = item.report;
  const failed = report?.rows.filter((row) => row.outcome === 'failed') ?? [];
  const warned = report?.rows.filter((row) => row.outcome !== 'failed' && row.warnings.length > 0) ?? [];
  return (
    <Page ctx={ctx} title={`${t('opendata.import.title')}: ${item.fileName}`}>
      <p class="utrecht-paragraph" data-status={item.status}>
        <strong>{esc(t(statusKey(item.status)))}</strong>
      </p>
      {running ? (
        <div class="wc-stack" role="status">
          <label class="utrecht-form-label" for="voortgang">
            {esc(t('opendata.import.progressLabel'))}
          </label>
          <progress id="voortgang" max={String(Math.max(item.total, 1))} value={String(item.done)}>
            {esc(t('opendata.import.progress', { done: item.done, total: item.total }))}
          </progress>
          <p class="utrecht-paragraph">{esc(t('opendata.import.progress', { done: item.done, total: item.total }))}</p>
          {/* No automatic refresh (WCAG 2.2.1): the person asks for the newest state. */}
          <LinkParagraph href={`/beheer/import/${item.id}`} text={t('opendata.import.refresh')} />
        </div>
      ) : (
        ''
      )}
      {item.status === 'mislukt' ? (
        <div class="utrecht-alert utrecht-alert--error" role="alert">
          <p class="utrecht-paragraph">{esc(t('opendata.import.failed', { error: item.error ?? '' }))}</p>
        </div>
      ) : (
        ''
      )}
      {report && !running ? (
        <section class="wc-stack" aria-labelledby="uitkomst">
          <h2 class="utrecht-heading-2" id="uitkomst">
            {esc(t('opendata.import.report'))}
          </h2>
          <p class="utrecht-paragraph">{esc(t(item.status === 'gecontroleerd' ? 'opendata.import.checkedLead' : 'opendata.import.doneLead'))}</p>
          <DataList
            items={(['created', 'updated', 'unchanged', 'failed', 'warned'] as const).map((count) => ({
              key: t(`opendata.import.count.${count}`),
              value: <span data-count={count}>{esc(String(report[count]))}</span>,
            }))}
          />
          {failed.length > 0 ? (
            <>
              <h3 class="utrecht-heading-3">{esc(t('opendata.import.failedTitle'))}</h3>
              <RowList t={t} rows={failed} problems={(row) => row.problems} />
            </>
          ) : (
            ''
          )}
          {warned.length > 0 ? (
            <details class="wc-details">
              <summary>{esc(`${t('opendata.import.warnedTitle')} (${warned.length})`)}</summary>
              <RowList t={t} rows={warned} problems={(row) => row.warnings} />
            </details>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      {item.status === 'gecontroleerd' && mayApply ? (
        <form method="post" action={`/beheer/import/${item.id}/toepassen`} class="wc-stack">
          <CsrfField token={ctx.csrfToken} />
          <p class="utrecht-paragraph">{esc(t('opendata.import.applyWho'))}</p>
          <div>
            <Checkbox name="publiceren" id="veld-publiceren" value="ja" label={t('opendata.import.publish')} checked={false} describedBy="veld-publiceren-hint" />
            <div class="utrecht-form-field-description" id="veld-publiceren-hint">
              {esc(t('opendata.import.publishHint'))}
            </div>
          </div>
          <SubmitButton label={t('opendata.import.apply')} />
        </form>
      ) : (
        ''
      )}
      {item.status === 'klaar' ? <LinkParagraph href="/beheer/diensten?status=concept" text={t('opendata.import.toConcepts')} /> : ''}
      <LinkParagraph href="/beheer/import" text={t('opendata.import.again')} />
    </Page>
  );
}
