import { CsrfField, Layout, LinkParagraph, type PageContext } from '../../../platform/web/layout.tsx';
import { esc } from '../../../platform/web/html.ts';
import { DataList, DataTable } from '../../../platform/web/table.tsx';
import { formatDateTime, type MessageKey } from '../../../platform/i18n/index.ts';
import type { ContactRequestStatus } from '../../../platform/db/schema.ts';
import { CONTACT_STATUSES, nextStatuses, type ContactRequestDetail, type ContactRequestSummary } from '../contact.service.ts';
import { termLabel } from './common.tsx';

// The guides' inbox: questions the public asked the region's Werkcentrum, newest first.

const statusKey = (status: ContactRequestStatus) => `portal.inbox.status.${status}` as MessageKey;
const badge: Record<ContactRequestStatus, string> = { nieuw: 'warning', 'in-behandeling': 'active', afgerond: 'inactive' };

function StatusBadge({ ctx, status }: { ctx: PageContext; status: ContactRequestStatus }) {
  return <span class={`utrecht-status-badge utrecht-status-badge--${badge[status]}`}>{esc(ctx.t(statusKey(status)))}</span>;
}

function about(ctx: PageContext, request: ContactRequestSummary): string {
  const parts = [request.serviceName, request.audience ? termLabel(ctx.lang, request.audience) : null].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(' · ') : ctx.t('portal.inbox.general');
}

export function InboxPage(props: {
  ctx: PageContext;
  regionName: string;
  status: ContactRequestStatus | null;
  counts: Record<ContactRequestStatus, number>;
  requests: readonly ContactRequestSummary[];
}) {
  const { ctx, status, counts, requests } = props;
  const { t } = ctx;
  const total = CONTACT_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  const filters: { href: string; label: string; current: boolean }[] = [
    ...CONTACT_STATUSES.map((s) => ({ href: `/vragen?status=${s}`, label: `${t(statusKey(s))} (${counts[s]})`, current: status === s })),
    { href: '/vragen', label: `${t('portal.inbox.all')} (${total})`, current: status === null },
  ];
  return (
    <Layout ctx={ctx} title={t('portal.inbox.title')}>
      <div class="wc-stack">
        <h1 class="utrecht-heading-1" id="vragen-titel">
          {esc(t('portal.inbox.title'))}
        </h1>
        <p class="utrecht-paragraph">{esc(t('portal.inbox.intro', { name: props.regionName }))}</p>
        <nav aria-label={t('portal.inbox.filter')}>
          <ul class="wc-filter-links">
            {filters.map((filter) => (
              <li>
                <a class="utrecht-link" href={filter.href} aria-current={filter.current ? 'page' : undefined}>
                  {esc(filter.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {requests.length === 0 ? (
          <p class="utrecht-paragraph">{esc(t('portal.inbox.empty'))}</p>
        ) : (
          <DataTable
            labelledBy="vragen-titel"
            scrollRegion
            headers={[t('portal.inbox.received'), t('portal.inbox.name'), t('portal.inbox.about'), t('field.status')]}
            rows={requests}
            rowAttributes={(request) => ({ 'data-request': request.id })}
            cells={(request) => [
              esc(formatDateTime(ctx.lang, request.createdAt)),
              <a class="utrecht-link" href={`/vragen/${request.id}`}>
                {esc(request.name)}
              </a>,
              esc(about(ctx, request)),
              <StatusBadge ctx={ctx} status={request.status} />,
            ]}
          />
        )}
      </div>
    </Layout>
  );
}

export function InboxDetailPage({ ctx, request, regionSlug }: { ctx: PageContext; request: ContactRequestDetail; regionSlug: string }) {
  const { t } = ctx;
  const title = t('portal.inbox.detailTitle', { name: request.name });
  const items = [
    { key: t('portal.inbox.received'), value: esc(formatDateTime(ctx.lang, request.createdAt)) },
    { key: t('field.status'), value: <StatusBadge ctx={ctx} status={request.status} /> },
    { key: t('portal.contact.message'), value: <p class="utrecht-paragraph wc-prewrap">{esc(request.message)}</p> },
    ...(request.email
      ? [
          {
            key: t('portal.contact.email'),
            value: (
              <a class="utrecht-link" href={`mailto:${request.email}`}>
                {esc(request.email)}
              </a>
            ),
          },
        ]
      : []),
    ...(request.phone
      ? [
          {
            key: t('portal.contact.phone'),
            value: (
              <a class="utrecht-link" href={`tel:${request.phone.replace(/[^0-9+]/g, '')}`}>
                {esc(request.phone)}
              </a>
            ),
          },
        ]
      : []),
    { key: t('portal.contact.channel'), value: esc(t(`portal.contact.channel.${request.preferredChannel}` as MessageKey)) },
    { key: t('portal.contact.who'), value: esc(request.audience ? termLabel(ctx.lang, request.audience) : t('portal.inbox.unknown')) },
    { key: t('portal.contact.municipality'), value: esc(request.municipalityName ?? t('portal.inbox.unknown')) },
    {
      key: t('portal.inbox.service'),
      value: request.serviceId ? (
        <a class="utrecht-link" href={`/${regionSlug}/diensten/${request.serviceId}`}>
          {esc(request.serviceName ?? request.serviceId)}
        </a>
      ) : (
        esc(t('portal.inbox.general'))
      ),
    },
    {
      key: t('portal.inbox.handledBy'),
      value: esc(request.handledBy === 'self' ? t('portal.inbox.handledBy.self') : request.handledBy === 'colleague' ? t('portal.inbox.handledBy.colleague') : t('portal.inbox.handledBy.none')),
    },
    ...(request.closedAt ? [{ key: t('portal.inbox.closedAt'), value: esc(formatDateTime(ctx.lang, request.closedAt)) }] : []),
  ];
  return (
    <Layout ctx={ctx} title={title}>
      <div class="wc-stack">
        <LinkParagraph href="/vragen" text={t('portal.inbox.back')} />
        <h1 class="utrecht-heading-1">{esc(title)}</h1>
        <DataList items={items} />
        {nextStatuses(request.status).length > 0 && (
          <div class="wc-actions">
            {nextStatuses(request.status).map((next, i) => (
              <form method="post" action={`/vragen/${request.id}/status`} class="wc-inline-form">
                <CsrfField token={ctx.csrfToken} />
                <input type="hidden" name="status" value={next} />
                <button type="submit" class={`utrecht-button utrecht-button--${i === 0 ? 'primary' : 'secondary'}-action`}>
                  {esc(t(`portal.inbox.to.${next}` as MessageKey))}
                </button>
              </form>
            ))}
          </div>
        )}
      </div>
    </Layout>
  );
}
