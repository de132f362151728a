import { CsrfField, Layout, LinkParagraph, type PageContext } from '../../../../platform/web/layout.tsx';
import { ChoiceGroup, ErrorSummary, TextArea, type FieldErrors } from '../../../../platform/web/forms.tsx';
import { esc } from '../../../../platform/web/html.ts';
import { formatDateTime, type MessageKey } from '../../../../platform/i18n/index.ts';
import type { NamedCode, ReviewQueueItem } from '../editor.service.ts';

// Pages of publication review (T0028): the region's "ter controle" queue with its choice (direct or
// after review), and the form to reject a request with a reason for the partner.

export interface ReviewQueueProps {
  ctx: PageContext;
  region: { code: string; name: string } | null;
  /** A platform administrator chooses the region; empty for a coordinator. */
  regions: readonly NamedCode[];
  reviewed: boolean;
  items: readonly ReviewQueueItem[];
  errors?: FieldErrors;
}

const regionQuery = (props: { regions: readonly NamedCode[]; region: { code: string } | null }) =>
  props.regions.length > 0 && props.region ? `?regio=${props.region.code}` : '';

export function ReviewQueuePage(props: ReviewQueueProps) {
  const { ctx, region, items } = props;
  const { t, lang } = ctx;
  const query = regionQuery(props);
  return (
    <Layout ctx={ctx} title={t('review.title')}>
      <div class="wc-stack">
        <h1 class="utrecht-heading-1">{esc(region ? `${t('review.title')}: ${region.name}` : t('review.title'))}</h1>
        <p class="utrecht-paragraph">{esc(t('review.intro'))}</p>
        <ErrorSummary t={t} errors={props.errors ?? []} />
        {props.regions.length > 0 ? (
          <form method="get" action="/beheer/controle" class="wc-inline-form">
            <label class="utrecht-form-label" for="veld-regio">
              {esc(t('review.region.choose'))}
            </label>{' '}
            <select class="utrecht-select utrecht-select--html-select" id="veld-regio" name="regio">
              {props.regions.map((r) => (
                <option value={r.code} selected={r.code === region?.code}>
                  {esc(r.name)}
                </option>
              ))}
            </select>{' '}
            <button class="utrecht-button utrecht-button--secondary-action" type="submit">
              {esc(t('review.region.show'))}
            </button>
          </form>
        ) : (
          ''
        )}
        {region ? (
          <form method="post" action={`/beheer/controle/instelling${query}`} class="wc-card wc-stack" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <ChoiceGroup
              t={t}
              type="radio"
              name="publiceren"
              label={t('review.setting.legend', { region: region.name })}
              values={[props.reviewed ? 'na-controle' : 'direct']}
              options={[
                { value: 'direct', label: t('review.setting.direct') },
                { value: 'na-controle', label: t('review.setting.review') },
              ]}
              errors={props.errors ?? []}
            />
            <div>
              <button class="utrecht-button utrecht-button--secondary-action" type="submit">
                {esc(t('review.setting.save'))}
              </button>
            </div>
          </form>
        ) : (
          ''
        )}
        {region && items.length === 0 ? <p class="utrecht-paragraph">{esc(t('review.empty'))}</p> : ''}
        {items.length > 0 ? <h2 class="utrecht-heading-2">{esc(t('review.waiting', { count: items.length }))}</h2> : ''}
        {items.length > 0 ? (
          <ul class="wc-link-list">
            {items.map((item) => (
              <li class="wc-card wc-stack" data-request={item.serviceId}>
                <h2 class="utrecht-heading-3">
                  <a class="utrecht-link" href={`/beheer/diensten/${item.serviceId}`}>
                    {esc(item.name)}
                  </a>
                </h2>
                <p class="utrecht-paragraph">
                  {esc(
                    [
                      item.wasPublished ? t('review.kind.change') : t('review.kind.new'),
                      item.organisationName,
                      formatDateTime(lang, item.requestedAt),
                      item.requestedByName ? t('review.by', { name: item.requestedByName }) : '',
                    ]
                      .filter(Boolean)
                      .join(' · '),
                  )}
                </p>
                {item.wasPublished && item.changedFields.length > 0 ? (
                  <p class="utrecht-paragraph">
                    {esc(`${t('review.col.changes')}: ${item.changedFields.map((field) => t(`editor.field.${field}` as MessageKey)).join(', ')}`)}
                  </p>
                ) : (
                  ''
                )}
                {item.stale ? <p class="utrecht-paragraph wc-muted">{esc(t('review.stale'))}</p> : ''}
                <div class="wc-actions">
                  {item.stale ? (
                    ''
                  ) : (
                    <form method="post" action={`/beheer/controle/${item.serviceId}/goedkeuren${query}`} class="wc-inline-form">
                      <CsrfField token={ctx.csrfToken} />
                      <button class="utrecht-button utrecht-button--primary-action" type="submit">
                        {esc(t('review.approve'))}
                      </button>
                    </form>
                  )}
                  <a class="utrecht-link" href={`/beheer/controle/${item.serviceId}/afwijzen${query}`}>
                    {esc(t('review.reject'))}
                  </a>
                </div>
              </li>
            ))}
          </ul>
        ) : (
          ''
        )}
        <LinkParagraph href="/beheer/diensten" text={t('editor.services.title')} />
      </div>
    </Layout>
  );
}

export function RejectPage(props: { ctx: PageContext; item: ReviewQueueItem; query: string; reason: string; errors: FieldErrors }) {
  const { ctx, item } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={`${t('review.reject')}: ${item.name}`}>
      <div class="wc-stack wc-narrow">
        <h1 class="utrecht-heading-1">{esc(`${t('review.reject')}: ${item.name}`)}</h1>
        <p class="utrecht-paragraph">{esc(`${item.wasPublished ? t('review.kind.change') : t('review.kind.new')} · ${item.organisationName}`)}</p>
        <ErrorSummary t={t} errors={props.errors} labels={{ reason: t('review.reason') }} />
        <form method="post" action={`/beheer/controle/${item.serviceId}/afwijzen${props.query}`} class="wc-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextArea t={t} name="reason" label={t('review.reason')} hint={t('review.reason.hint')} value={props.reason} maxlength={1000} errors={props.errors} />
          <div class="wc-actions">
            <button class="utrecht-button utrecht-button--primary-action" type="submit">
              {esc(t('review.reject'))}
            </button>
            <a class="utrecht-link" href={`/beheer/controle${props.query}`}>
              {esc(t('form.cancel'))}
            </a>
          </div>
        </form>
      </div>
    </Layout>
  );
}
