import { Layout, LinkParagraph, type PageContext } from '../../../platform/web/layout.tsx';
import { ErrorSummary, SelectField, SubmitButton, TextField, type FieldErrors } from '../../../platform/web/forms.tsx';
import { esc } from '../../../platform/web/html.ts';
import type { Lang } from '../../../platform/i18n/index.ts';
import { highlightParts, type FacetValue, type SearchItem, type SearchResult, type SearchSort, type CostFilter } from '../search.repository.ts';
import { audiences, deliveryModes, themes } from '../taxonomy.ts';
import { Breadcrumbs } from '../../portal/views/common.tsx';

// The search page of a region portal (/<regio>/zoeken) and the service card other lists reuse.
// Everything is one GET form: it works without JavaScript and its URL can be shared.

/** Text with the matched words in <mark>: every part is escaped; the markers are never HTML. */
export function Highlighted({ text }: { text: string }) {
  return (
    <>
      {highlightParts(text).map((part) => (part.match ? <mark>{esc(part.text)}</mark> : esc(part.text)))}
    </>
  );
}

const labelOf = (terms: readonly { code: string; nl: string; en: string }[], lang: Lang) => {
  const map = new Map(terms.map((term) => [term.code, lang === 'nl' ? term.nl : term.en]));
  return (code: string) => map.get(code) ?? code;
};

export function languageName(lang: Lang, code: string): string {
  try {
    const name = new Intl.DisplayNames([lang], { type: 'language' }).of(code);
    return name ? name.charAt(0).toUpperCase() + name.slice(1) : code;
  } catch {
    return code;
  }
}

/** A service in a result list: name (linked), organisation, summary, and short facts. Returns an <li>. */
/** `showStale`: the reader maintains the catalogue, so a service past its review date is marked. */
export function ServiceCard({ ctx, region, item, showStale }: { ctx: PageContext; region: { slug: string }; item: SearchItem; showStale: boolean }) {
  const { t, lang } = ctx;
  const mode = labelOf(deliveryModes, lang);
  const facts = [
    item.distanceKm !== null ? t('search.card.distance', { km: item.distanceKm.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB') }) : null,
    item.costFree ? t('search.card.free') : null,
    ...item.deliveryModes.map(mode),
    item.areaKind === 'national' ? t('search.card.national') : null,
  ].filter((fact): fact is string => fact !== null);
  return (
    <li class="wc-card wc-service-card">
      {/* Services are written in Dutch: on an English page their texts say so (lang), for screen readers and translators. */}
      <h3 class="utrecht-heading-3" lang={lang === 'nl' ? undefined : 'nl'}>
        <a class="utrecht-link" href={`/${region.slug}/diensten/${item.id}`}>
          <Highlighted text={item.nameHighlight} />
        </a>
      </h3>
      <p class="utrecht-paragraph wc-muted">{esc(t('search.card.organisation', { name: item.organisation.name }))}</p>
      <p class="utrecht-paragraph" lang={lang === 'nl' ? undefined : 'nl'}>
        <Highlighted text={item.summaryHighlight} />
      </p>
      {facts.length > 0 || (showStale && item.stale) ? (
        <ul class="wc-facts">
          {facts.map((fact) => (
            <li>{esc(fact)}</li>
          ))}
          {showStale && item.stale ? (
            <li>
              <span class="utrecht-status-badge utrecht-status-badge--warning">{esc(t('search.card.stale'))}</span>
            </li>
          ) : (
            ''
          )}
        </ul>
      ) : (
        ''
      )}
    </li>
  );
}

export interface SearchFormState {
  q: string;
  plaats: string;
  sorteer: SearchSort;
  onderwerp: string[];
  doelgroep: string[];
  kosten: '' | CostFilter;
  taal: string[];
  kanaal: string[];
  nuopen: boolean;
  pagina: number;
}

export interface SearchPageProps {
  ctx: PageContext;
  region: { code: string; name: string; slug: string };
  state: SearchFormState;
  result: SearchResult;
  errors: FieldErrors;
  /** The place someone typed is in another region. */
  otherRegion?: { name: string; slug: string } | undefined;
  /** The reader maintains the catalogue: services past their review date are marked. */
  showStale: boolean;
}

/** The URL of this search with some values changed (filters, page). */
export function searchHref(slug: string, state: SearchFormState, change: Partial<SearchFormState> = {}): string {
  const next = { ...state, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.plaats) params.set('plaats', next.plaats);
  if (next.sorteer !== 'relevance') params.set('sorteer', next.sorteer);
  for (const key of ['onderwerp', 'doelgroep', 'taal', 'kanaal'] as const) for (const value of next[key]) params.append(key, value);
  if (next.kosten) params.set('kosten', next.kosten);
  if (next.nuopen) params.set('nuopen', 'ja');
  if (next.pagina > 1) params.set('pagina', String(next.pagina));
  const query = params.toString();
  return `/${slug}/zoeken${query ? `?${query}` : ''}`;
}

function FacetGroup(props: {
  ctx: PageContext;
  name: string;
  legend: string;
  type: 'checkbox' | 'radio';
  values: readonly FacetValue[];
  selected: readonly string[];
  label: (code: string) => string;
  /** For radio buttons: the label of the choice that sets no filter. */
  any?: string;
}) {
  const { t } = props.ctx;
  const counts = new Map(props.values.map((v) => [v.value, v.count]));
  // A selected value stays visible even when it has no results.
  const shown = [...new Set([...props.values.map((v) => v.value), ...props.selected])];
  if (shown.length === 0) return <></>;
  return (
    <fieldset class="utrecht-form-fieldset wc-facet">
      <legend class="utrecht-form-fieldset__legend">{esc(props.legend)}</legend>
      {props.any !== undefined ? (
        <div class="utrecht-form-field utrecht-form-field--radio">
          <div class="utrecht-form-field__input">
            <input
              class="utrecht-radio-button utrecht-radio-button--html-input"
              type="radio"
              id={`filter-${props.name}-alle`}
              name={props.name}
              value=""
              checked={props.selected.length === 0}
            />
          </div>
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for={`filter-${props.name}-alle`}>
              {esc(props.any)}
            </label>
          </div>
        </div>
      ) : (
        ''
      )}
      {shown.map((value, index) => {
        const id = `filter-${props.name}-${index}`;
        return (
          <div class={`utrecht-form-field utrecht-form-field--${props.type}`}>
            <div class="utrecht-form-field__input">
              <input
                class={props.type === 'radio' ? 'utrecht-radio-button utrecht-radio-button--html-input' : 'utrecht-checkbox utrecht-checkbox--html-input'}
                type={props.type}
                id={id}
                name={props.name}
                value={value}
                checked={props.selected.includes(value)}
              />
            </div>
            <div class="utrecht-form-field__label">
              <label class="utrecht-form-label" for={id}>
                {esc(t('search.filter.count', { label: props.label(value), count: counts.get(value) ?? 0 }))}
              </label>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

function Pagination({ ctx, slug, state, result }: { ctx: PageContext; slug: string; state: SearchFormState; result: SearchResult }) {
  const { t } = ctx;
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  if (pages <= 1) return <></>;
  const page = result.page;
  return (
    <nav class="wc-pagination" aria-label={t('search.pagination')}>
      <p class="utrecht-paragraph">{esc(t('search.pagination.page', { page, pages }))}</p>
      <ul>
        {page > 1 ? (
          <li>
            <a class="utrecht-link" rel="prev" href={searchHref(slug, state, { pagina: page - 1 })}>
              {esc(t('search.pagination.previous'))}
            </a>
          </li>
        ) : (
          ''
        )}
        {page < pages ? (
          <li>
            <a class="utrecht-link" rel="next" href={searchHref(slug, state, { pagina: page + 1 })}>
              {esc(t('search.pagination.next'))}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}

export function SearchPage({ ctx, region, state, result, errors, otherRegion, showStale }: SearchPageProps) {
  const { t, lang } = ctx;
  const title = t('search.title', { name: region.name });
  const activeFilters = state.onderwerp.length + state.doelgroep.length + state.taal.length + state.kanaal.length + (state.kosten ? 1 : 0) + (state.nuopen ? 1 : 0);
  const hasFilters = activeFilters > 0;
  const filterToggle = hasFilters ? t('search.filters.showActive', { count: activeFilters }) : t('search.filters.show');
  const clearHref = searchHref(region.slug, { ...state, onderwerp: [], doelgroep: [], taal: [], kanaal: [], kosten: '', nuopen: false, pagina: 1 });
  const themeLabel = labelOf(themes, lang);
  const audienceLabel = labelOf(audiences, lang);
  const modeLabel = labelOf(deliveryModes, lang);
  const costLabel = (code: string) => (code === 'gratis' ? t('search.cost.gratis') : t('search.cost.betaald'));
  const heading = state.q ? t('search.resultsFor', { count: result.total, q: state.q }) : t('search.results', { count: result.total });
  return (
    <Layout ctx={ctx} title={title}>
      <div class="wc-stack">
        <Breadcrumbs t={t} region={region} trail={[{ label: t('search.submit') }]} />
        <h1 class="utrecht-heading-1">{esc(title)}</h1>
        <p class="utrecht-paragraph wc-lead">{esc(t('search.intro'))}</p>
        <form method="get" action={`/${region.slug}/zoeken`} class="wc-search" novalidate>
          <div role="search" class="wc-search__bar wc-stack">
            <ErrorSummary t={t} errors={errors} labels={{ plaats: t('search.place.label') }} />
            <TextField t={t} name="q" label={t('search.q.label')} hint={t('search.q.hint')} value={state.q} errors={errors} maxlength={200} optional />
            <div class="wc-search__place">
              <TextField
                t={t}
                name="plaats"
                label={t('search.place.label')}
                hint={t('search.place.hint')}
                value={state.plaats}
                errors={errors}
                maxlength={100}
                autocomplete="postal-code"
                optional
              />
              <SelectField
                t={t}
                name="sorteer"
                label={t('search.sort.label')}
                value={state.sorteer}
                errors={errors}
                options={[
                  { value: 'relevance', label: t('search.sort.relevance') },
                  { value: 'distance', label: t('search.sort.distance') },
                  { value: 'name', label: t('search.sort.name') },
                ]}
              />
            </div>
            <SubmitButton label={t('search.submit')} />
          </div>
          {result.place ? <p class="utrecht-paragraph wc-muted">{esc(t('search.place.active', { place: result.place.label }))}</p> : ''}
          {otherRegion ? (
            <p class="utrecht-paragraph">
              {esc(t('search.place.otherRegion', { place: result.place?.label ?? state.plaats, region: otherRegion.name }))}{' '}
              <a class="utrecht-link" href={`/${otherRegion.slug}/zoeken?${new URLSearchParams({ q: state.q, plaats: state.plaats }).toString()}`}>
                {esc(t('search.place.otherRegionLink', { region: otherRegion.name }))}
              </a>
            </p>
          ) : (
            ''
          )}
          {/* Results first: on a phone they come straight after the search box and the filters wait
              behind a <details> below them; on a wide screen the filters stand beside the results,
              always open (the CSS shows the contents and hides the toggle). */}
          <div class="wc-search__body">
            <section class="wc-search__results wc-stack" aria-labelledby="resultaten">
              <h2 class="utrecht-heading-2" id="resultaten" tabindex="-1">
                {esc(heading)}
              </h2>
              <p class="utrecht-paragraph wc-search__to-filters">
                <a class="utrecht-link" href="#filters">
                  {esc(filterToggle)}
                </a>
              </p>
              {result.items.length > 0 && ctx.lang !== 'nl' ? <p class="utrecht-paragraph wc-muted">{esc(t('search.results.inDutch'))}</p> : ''}
              {result.items.length > 0 ? (
                <ul class="wc-cards wc-results">
                  {result.items.map((item) => (
                    <ServiceCard ctx={ctx} region={region} item={item} showStale={showStale} />
                  ))}
                </ul>
              ) : (
                <div class="wc-ask">
                  <h3 class="utrecht-heading-3">{esc(t('search.empty.title'))}</h3>
                  <p class="utrecht-paragraph">{esc(t('search.empty.text'))}</p>
                  <ul class="utrecht-unordered-list">
                    {state.q ? <li>{esc(t('search.empty.otherWords'))}</li> : ''}
                    {hasFilters ? (
                      <li>
                        <a class="utrecht-link" href={clearHref}>
                          {esc(t('search.empty.removeFilters'))}
                        </a>
                      </li>
                    ) : (
                      ''
                    )}
                    <li>
                      <a class="utrecht-link" href={`/${region.slug}/wegwijzer`}>
                        {esc(t('search.empty.wegwijzer'))}
                      </a>
                    </li>
                    <li>
                      <a class="utrecht-link" href={`/${region.slug}/vraag`}>
                        {esc(t('search.empty.ask'))}
                      </a>
                    </li>
                  </ul>
                </div>
              )}
              <Pagination ctx={ctx} slug={region.slug} state={state} result={result} />
            </section>
            <section class="wc-search__filters" id="filters" aria-labelledby="filters-kop">
              <h2 class="utrecht-heading-2 wc-search__filters-heading" id="filters-kop">
                {esc(t('search.filters'))}
              </h2>
              <details class="wc-details wc-filter-details">
                <summary>{esc(filterToggle)}</summary>
                <div class="wc-stack">
                  <FacetGroup ctx={ctx} name="onderwerp" legend={t('search.filter.theme')} type="checkbox" values={result.facets.themes} selected={state.onderwerp} label={themeLabel} />
                  <FacetGroup ctx={ctx} name="doelgroep" legend={t('search.filter.audience')} type="checkbox" values={result.facets.audiences} selected={state.doelgroep} label={audienceLabel} />
                  <FacetGroup ctx={ctx} name="kosten" legend={t('search.filter.cost')} type="radio" values={result.facets.cost} selected={state.kosten ? [state.kosten] : []} label={costLabel} any={t('search.cost.any')} />
                  <FacetGroup ctx={ctx} name="kanaal" legend={t('search.filter.deliveryMode')} type="checkbox" values={result.facets.deliveryModes} selected={state.kanaal} label={modeLabel} />
                  <FacetGroup ctx={ctx} name="taal" legend={t('search.filter.language')} type="checkbox" values={result.facets.languages} selected={state.taal} label={(code) => languageName(lang, code)} />
                  <fieldset class="utrecht-form-fieldset wc-facet">
                    <legend class="utrecht-form-fieldset__legend">{esc(t('search.filter.openNow'))}</legend>
                    <div class="utrecht-form-field utrecht-form-field--checkbox">
                      <div class="utrecht-form-field__input">
                        <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="filter-nuopen" name="nuopen" value="ja" checked={state.nuopen} />
                      </div>
                      <div class="utrecht-form-field__label">
                        <label class="utrecht-form-label" for="filter-nuopen">
                          {esc(t('search.filter.openNowOption'))}
                        </label>
                      </div>
                    </div>
                  </fieldset>
                  <SubmitButton label={t('search.filters.apply')} secondary />
                  {hasFilters ? <LinkParagraph href={clearHref} text={t('search.filters.clear')} /> : ''}
                </div>
              </details>
            </section>
          </div>
        </form>
      </div>
    </Layout>
  );
}
