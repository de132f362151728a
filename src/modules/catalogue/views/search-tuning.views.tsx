import { CsrfField, Layout, type PageContext } from '../../../platform/web/layout.tsx';
import { ErrorSummary, TextField, type FieldErrors } from '../../../platform/web/forms.tsx';
import { esc } from '../../../platform/web/html.ts';
import { formatDate } from '../editor/quality.ts';
import { MIN_VISITORS } from '../search-gaps.ts';
import type { TermForm, TuningPage } from '../search-tuning.service.ts';

// The coordinator's page of search tuning (T0029): the region's questions without a good result,
// each answered in one step (a thesaurus entry, a keyword on a service, or "not needed"), and the
// region's own thesaurus with a form to add to it. A form with an error is shown again with the
// input and the error next to its field; each question's fields have ids of their own.

export interface TuningProps {
  ctx: PageContext;
  page: TuningPage;
  /** The form that failed: the thesaurus form, a question's keyword form, or the form of one question (its index), with its input. */
  failed?: { form: 'term' | 'keyword' | number; values: TermForm; errors: FieldErrors };
}

const query = (page: TuningPage) => (page.regions.length > 0 && page.region ? `?regio=${page.region.code}` : '');

function InlineField(props: { id: string; name: string; label: string; hint?: string; value: string; error?: string }) {
  const described = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`utrecht-form-field${props.error ? ' utrecht-form-field--invalid' : ''}`}>
      <label class="utrecht-form-label" for={props.id}>
        {esc(props.label)}
      </label>
      {props.hint ? (
        <div class="utrecht-form-field-description" id={`${props.id}-hint`}>
          {esc(props.hint)}
        </div>
      ) : (
        ''
      )}
      {props.error ? (
        <div class="utrecht-form-field-error-message" id={`${props.id}-error`}>
          {esc(props.error)}
        </div>
      ) : (
        ''
      )}
      <input
        class={`utrecht-textbox utrecht-textbox--html-input${props.error ? ' utrecht-textbox--invalid' : ''}`}
        type="text"
        id={props.id}
        name={props.name}
        value={props.value}
        maxlength="400"
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
    </div>
  );
}

export function SearchTuningPage({ ctx, page, failed }: TuningProps) {
  const { t, lang } = ctx;
  const q = query(page);
  const errorOf = (form: 'term' | number, field: string) => {
    const error = failed && failed.form === form ? failed.errors.find((e) => e.field === field) : undefined;
    return error ? t(error.key, error.params) : undefined;
  };
  return (
    <Layout ctx={ctx} title={t('tuning.title')}>
      <div class="wc-stack">
        <h1 class="utrecht-heading-1">{esc(t('tuning.title'))}</h1>
        {failed ? <ErrorSummary t={t} errors={failed.errors} /> : ''}
        {page.regions.length > 0 ? (
          <form method="get" action="/beheer/zoekvragen" class="wc-inline-form">
            <label class="utrecht-form-label" for="veld-regio">
              {esc(t('tuning.region.choose'))}
            </label>{' '}
            <select class="utrecht-select utrecht-select--html-select" id="veld-regio" name="regio">
              {page.regions.map((r) => (
                <option value={r.code} selected={r.code === page.region?.code}>
                  {esc(r.name)}
                </option>
              ))}
            </select>{' '}
            <button class="utrecht-button utrecht-button--secondary-action" type="submit">
              {esc(t('tuning.region.show'))}
            </button>
          </form>
        ) : (
          ''
        )}
        {page.region ? (
          <>
            <p class="utrecht-paragraph">{esc(t('tuning.intro', { region: page.region.name, min: MIN_VISITORS }))}</p>
            {page.gaps.length === 0 ? <p class="utrecht-paragraph">{esc(t('tuning.gaps.none'))}</p> : ''}
            <ul class="wc-link-list">
              {page.gaps.map((gap, index) => (
                <li class="wc-card wc-stack" data-question={gap.question}>
                  <h2 class="utrecht-heading-3">“{esc(gap.question)}”</h2>
                  <p class="utrecht-paragraph">
                    {esc(t('tuning.gap.stats', { visitors: gap.visitors, asks: gap.asks, results: gap.results, date: formatDate(lang, gap.lastAsked) }))}
                  </p>
                  <form method="post" action={`/beheer/zoekvragen/zoekwoorden${q}`} class="wc-stack" novalidate>
                    <CsrfField token={ctx.csrfToken} />
                    <input type="hidden" name="term" value={gap.question} />
                    <input type="hidden" name="vraag" value={String(index)} />
                    <InlineField
                      id={`betekenis-${index}`}
                      name="meaning"
                      label={t('tuning.gap.meaning')}
                      hint={t('tuning.gap.meaning.hint')}
                      value={failed && failed.form === index ? failed.values.meaning : ''}
                      {...(errorOf(index, 'meaning') ? { error: errorOf(index, 'meaning')! } : {})}
                    />
                    <div>
                      <button class="utrecht-button utrecht-button--primary-action" type="submit">
                        {esc(t('tuning.gap.addTerm'))}
                      </button>
                    </div>
                  </form>
                  {page.services.length > 0 ? (
                    <form method="post" action={`/beheer/zoekvragen/trefwoord${q}`} class="wc-inline-form">
                      <CsrfField token={ctx.csrfToken} />
                      <input type="hidden" name="keyword" value={gap.question} />
                      <label class="utrecht-form-label" for={`dienst-${index}`}>
                        {esc(t('tuning.gap.service'))}
                      </label>{' '}
                      <select class="utrecht-select utrecht-select--html-select" id={`dienst-${index}`} name="service">
                        {page.services.map((service) => (
                          <option value={service.id}>{esc(service.name)}</option>
                        ))}
                      </select>{' '}
                      <button class="utrecht-button utrecht-button--secondary-action" type="submit">
                        {esc(t('tuning.gap.addKeyword'))}
                      </button>
                    </form>
                  ) : (
                    ''
                  )}
                  <form method="post" action={`/beheer/zoekvragen/negeren${q}`} class="wc-inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <input type="hidden" name="question" value={gap.question} />
                    <button class="utrecht-button utrecht-button--subtle" type="submit">
                      {esc(t('tuning.gap.dismiss'))}
                    </button>
                  </form>
                </li>
              ))}
            </ul>

            <h2 class="utrecht-heading-2">{esc(t('tuning.thesaurus.title', { region: page.region.name }))}</h2>
            <p class="utrecht-paragraph">{esc(t('tuning.thesaurus.intro'))}</p>
            {page.thesaurus.length === 0 ? (
              <p class="utrecht-paragraph">{esc(t('tuning.thesaurus.none'))}</p>
            ) : (
              <ul class="utrecht-unordered-list" data-thesaurus="">
                {page.thesaurus.map((entry) => (
                  <li>
                    {esc(t('tuning.thesaurus.entry', { term: entry.term, meaning: entry.meaning.join(', ') }))}{' '}
                    <form method="post" action={`/beheer/zoekvragen/zoekwoorden/${entry.id}/verwijderen${q}`} class="wc-inline-form">
                      <CsrfField token={ctx.csrfToken} />
                      <button class="utrecht-button utrecht-button--subtle" type="submit" aria-label={t('tuning.thesaurus.removeLabel', { term: entry.term })}>
                        {esc(t('tuning.thesaurus.remove'))}
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
            <form method="post" action={`/beheer/zoekvragen/zoekwoorden${q}`} class="wc-card wc-stack wc-narrow" novalidate>
              <h3 class="utrecht-heading-3">{esc(t('tuning.thesaurus.add'))}</h3>
              <CsrfField token={ctx.csrfToken} />
              <TextField
                t={t}
                name="term"
                label={t('tuning.field.term')}
                hint={t('tuning.field.term.hint')}
                value={failed?.form === 'term' ? failed.values.term : ''}
                errors={failed?.form === 'term' ? failed.errors : []}
              />
              <TextField
                t={t}
                name="meaning"
                label={t('tuning.field.meaning')}
                hint={t('tuning.field.meaning.hint')}
                value={failed?.form === 'term' ? failed.values.meaning : ''}
                errors={failed?.form === 'term' ? failed.errors : []}
              />
              <div>
                <button class="utrecht-button utrecht-button--primary-action" type="submit">
                  {esc(t('tuning.gap.addTerm'))}
                </button>
              </div>
            </form>
          </>
        ) : (
          ''
        )}
      </div>
    </Layout>
  );
}
