import { Page, type PageContext } from '../web/layout.tsx';
import { esc } from '../web/html.ts';
import { DataTable } from '../web/table.tsx';
import { formatDateTime } from '../i18n/index.ts';
import type { FailedJob } from './jobs.repository.ts';

const stateBadge: Record<FailedJob['state'], string> = { retry: 'warning', failed: 'danger' };

function Time({ ctx, value }: { ctx: PageContext; value: Date | null }) {
  if (!value) return <></>;
  return <time datetime={value.toISOString()}>{esc(formatDateTime(ctx.lang, value))}</time>;
}

export function FailedJobsPage({ ctx, jobs }: { ctx: PageContext; jobs: readonly FailedJob[] }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('jobs.title')} lead={t('jobs.intro')}>
    <p class="utrecht-paragraph">{esc(t('jobs.help'))}</p>
    {jobs.length === 0 ? (
      <p class="utrecht-paragraph">{esc(t('jobs.empty'))}</p>
    ) : (
      <>
        <h2 class="utrecht-heading-2" id="taken-titel">
          {esc(t('jobs.caption'))}
        </h2>
        <DataTable
          labelledBy="taken-titel"
          scrollRegion
          headers={[
            t('jobs.queue'),
            t('jobs.kind'),
            t('jobs.state'),
            t('jobs.attempts'),
            t('jobs.error'),
            t('jobs.created'),
            t('jobs.lastAttempt'),
            t('jobs.nextAttempt'),
          ]}
          rows={jobs}
          rowAttributes={(job) => ({ 'data-id': job.id })}
          cells={(job) => [
            <code class="utrecht-code">{esc(job.queue)}</code>,
            job.kind ? <code class="utrecht-code">{esc(job.kind)}</code> : '',
            <span class={`utrecht-status-badge utrecht-status-badge--${stateBadge[job.state]}`}>{esc(t(`jobs.state.${job.state}`))}</span>,
            esc(String(job.attempts)),
            esc(job.lastError ?? ''),
            <Time ctx={ctx} value={job.createdOn} />,
            <Time ctx={ctx} value={job.lastAttemptOn} />,
            <Time ctx={ctx} value={job.nextAttemptOn} />,
          ]}
        />
      </>
    )}
    </Page>
  );
}
