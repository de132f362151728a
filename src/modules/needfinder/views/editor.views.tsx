import { CsrfField, Layout, LinkParagraph, Page, type PageContext } from '../../../platform/web/layout.tsx';
import { Checkbox, ErrorSummary, FormActions, GroupedCheckboxes, SelectField, SubmitButton, TextArea, TextField, fieldId, type FieldErrors } from '../../../platform/web/forms.tsx';
import { esc } from '../../../platform/web/html.ts';
import type { Translate } from '../../../platform/i18n/index.ts';
import { audiences, themes } from '../../catalogue/taxonomy.ts';
import type { RegionRef } from '../needfinder.repository.ts';
import type { RegionTree } from '../needfinder.service.ts';
import { LIMITS, localText, nodeMap, type NeedFinderTree } from '../needfinder.tree.ts';
import type { OutcomeForm, QuestionForm } from '../needfinder.edit.ts';

// The coordinator's editor of the region's wegwijzer: an overview of the tree, one form per question
// (texts, answers, where each answer leads) and per outcome (texts, audience, themes), and "terug
// naar standaard". Plain forms that work without JavaScript; errors next to their fields.

export const editorPath = (regionCode: string) => `/beheer/wegwijzer/${regionCode}`;
export const questionEditPath = (regionCode: string, id: string) => `/beheer/wegwijzer/${regionCode}/vragen/${id}`;
export const outcomeEditPath = (regionCode: string, id: string) => `/beheer/wegwijzer/${regionCode}/uitkomsten/${id}`;

const themeLabels = new Map<string, { nl: string; en: string }>(themes.flatMap((theme) => [[theme.code, theme], ...theme.children.map((child) => [child.code, child] as const)]));
const audienceLabels = new Map<string, { nl: string; en: string }>(audiences.map((audience) => [audience.code, audience]));

/** Questions in the order a visitor meets them (breadth first from the first question), then any others. */
function questionsInOrder(tree: NeedFinderTree) {
  const nodes = nodeMap(tree);
  const order: string[] = [];
  const queue = [tree.root];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const id = queue.shift()!;
    const node = nodes.get(id);
    if (node?.kind !== 'question') continue;
    order.push(id);
    for (const option of node.options) {
      if (seen.has(option.next)) continue;
      seen.add(option.next);
      queue.push(option.next);
    }
  }
  return [...order.map((id) => tree.questions.find((q) => q.id === id)!), ...tree.questions.filter((q) => !order.includes(q.id))];
}

function targetLabel(t: Translate, tree: NeedFinderTree, id: string, lang: PageContext['lang']): string {
  const node = nodeMap(tree).get(id);
  if (!node) return id;
  return node.kind === 'question'
    ? t('needfinder.editor.targetQuestion', { text: localText(node.text, lang) })
    : t('needfinder.editor.targetOutcome', { text: localText(node.title, lang), audience: (localText(audienceLabels.get(node.audience), lang) || node.audience).toLowerCase() });
}

export function RegionChoicePage({ ctx, regions }: { ctx: PageContext; regions: readonly (RegionRef & { custom: boolean })[] }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('needfinder.editor.title')}>
    <p class="utrecht-paragraph">{esc(t('needfinder.editor.chooseRegion'))}</p>
    <ul class="wc-region-list">
      {regions.map((region) => (
        <li>
          <a class="utrecht-link" href={editorPath(region.code)}>
            {esc(region.name)}
          </a>
          <span class="wc-muted">{esc(` (${region.custom ? t('needfinder.editor.regionCustom') : t('needfinder.editor.regionDefault')})`)}</span>
        </li>
      ))}
    </ul>
    </Page>
  );
}

export function TreeOverviewPage({ ctx, current }: { ctx: PageContext; current: RegionTree }) {
  const { t, lang } = ctx;
  const { region, tree } = current;
  return (
    <Layout ctx={ctx} title={`${t('needfinder.editor.title')} · ${region.name}`}>
      <div class="wc-stack">
        <h1 class="utrecht-heading-1">{esc(t('needfinder.editor.title'))}</h1>
        <p class="utrecht-paragraph">{esc(t('needfinder.editor.scope', { region: region.name }))}</p>
        <p class="utrecht-paragraph">
          {esc(current.custom ? t('needfinder.editor.custom', { version: current.version }) : t('needfinder.editor.default'))}
        </p>
        <LinkParagraph href={`/${region.slug}/wegwijzer`} text={t('needfinder.editor.view')} />

        <section aria-labelledby="vragen" class="wc-stack">
          <h2 class="utrecht-heading-2" id="vragen">
            {esc(t('needfinder.editor.questions'))}
          </h2>
          <ul class="wc-cards">
            {questionsInOrder(tree).map((question) => {
              const text = localText(question.text, lang);
              return (
                <li class="wc-card wc-stack">
                  <h3 class="utrecht-heading-3">
                    <a class="utrecht-link" href={questionEditPath(region.code, question.id)} aria-label={t('needfinder.editor.editQuestion', { text })}>
                      {esc(text)}
                    </a>
                    {question.id === tree.root && <span class="wc-muted">{esc(` (${t('needfinder.editor.first')})`)}</span>}
                  </h3>
                  <ul class="utrecht-unordered-list">
                    {question.options.map((option) => (
                      <li>
                        {esc(`${localText(option.label, lang)} — ${t('needfinder.editor.leadsTo')} ${targetLabel(t, tree, option.next, lang)}`)}
                      </li>
                    ))}
                  </ul>
                </li>
              );
            })}
          </ul>
        </section>

        <section aria-labelledby="uitkomsten" class="wc-stack">
          <h2 class="utrecht-heading-2" id="uitkomsten">
            {esc(t('needfinder.editor.outcomes'))}
          </h2>
          <ul class="wc-cards">
            {tree.outcomes.map((outcome) => {
              const title = localText(outcome.title, lang);
              return (
                <li class="wc-card">
                  <h3 class="utrecht-heading-3">
                    <a class="utrecht-link" href={outcomeEditPath(region.code, outcome.id)} aria-label={t('needfinder.editor.editOutcome', { text: title })}>
                      {esc(title)}
                    </a>
                  </h3>
                  <p class="utrecht-paragraph wc-muted">
                    {esc(
                      t('needfinder.editor.outcomeFilter', {
                        audience: localText(audienceLabels.get(outcome.audience), lang) || outcome.audience,
                        themes: outcome.themes.map((code) => localText(themeLabels.get(code), lang) || code).join(', '),
                      }),
                    )}
                  </p>
                </li>
              );
            })}
          </ul>
        </section>

        {current.custom && (
          <form method="post" action={`${editorPath(region.code)}/standaard`} class="wc-stack wc-card">
            <CsrfField token={ctx.csrfToken} />
            <p class="utrecht-paragraph">{esc(t('needfinder.editor.resetHint'))}</p>
            <SubmitButton label={t('needfinder.editor.reset')} secondary />
          </form>
        )}
      </div>
    </Layout>
  );
}

function TreeErrors({ t, errors }: { t: Translate; errors: FieldErrors }) {
  const mine = errors.filter((error) => error.field === 'tree');
  if (mine.length === 0) return <></>;
  return (
    <div id={fieldId('tree')} class="utrecht-form-field-error-message">
      <p class="utrecht-paragraph">{esc(t('needfinder.editor.treeErrors'))}</p>
      <ul class="utrecht-unordered-list">
        {mine.map((error) => (
          <li>{esc(t(error.key, error.params))}</li>
        ))}
      </ul>
    </div>
  );
}

function fieldLabels(t: Translate, form: QuestionForm | null): Record<string, string> {
  const labels: Record<string, string> = {
    textNl: t('needfinder.field.textNl'),
    textEn: t('needfinder.field.textEn'),
    helpNl: t('needfinder.field.helpNl'),
    helpEn: t('needfinder.field.helpEn'),
    options: t('needfinder.field.options'),
    tree: t('needfinder.field.tree'),
    titleNl: t('needfinder.field.titleNl'),
    titleEn: t('needfinder.field.titleEn'),
    explanationNl: t('needfinder.field.explanationNl'),
    explanationEn: t('needfinder.field.explanationEn'),
    audience: t('needfinder.field.audience'),
    themes: t('needfinder.field.themes'),
  };
  form?.options.forEach((row, index) => {
    const prefix = row.isNew ? t('needfinder.editor.newOption') : t('needfinder.editor.option', { number: index + 1 });
    labels[`option.${index}.code`] = `${prefix}, ${t('needfinder.field.code')}`;
    labels[`option.${index}.labelNl`] = `${prefix}, ${t('needfinder.field.labelNl')}`;
    labels[`option.${index}.labelEn`] = `${prefix}, ${t('needfinder.field.labelEn')}`;
    labels[`option.${index}.next`] = `${prefix}, ${t('needfinder.field.next')}`;
    labels[`option.${index}.remove`] = `${prefix}, ${t('needfinder.field.remove')}`;
  });
  return labels;
}

export function QuestionEditPage(props: { ctx: PageContext; current: RegionTree; id: string; values: QuestionForm; errors: FieldErrors }) {
  const { ctx, current, id, values, errors } = props;
  const { t, lang } = ctx;
  const { region, tree } = current;
  const question = tree.questions.find((candidate) => candidate.id === id)!;
  const heading = t('needfinder.editor.editQuestion', { text: localText(question.text, lang) });
  const targets = [
    ...questionsInOrder(tree)
      .filter((candidate) => candidate.id !== id && candidate.id !== tree.root)
      .map((candidate) => ({ value: candidate.id, label: targetLabel(t, tree, candidate.id, lang) })),
    ...tree.outcomes.map((outcome) => ({ value: outcome.id, label: targetLabel(t, tree, outcome.id, lang) })),
  ];
  return (
    <Layout ctx={ctx} title={`${heading} · ${region.name}`}>
      <div class="wc-stack">
        <LinkParagraph href={editorPath(region.code)} text={t('needfinder.editor.back')} />
        <h1 class="utrecht-heading-1">{esc(heading)}</h1>
        <form method="post" action={questionEditPath(region.code, id)} class="wc-stack wc-narrow" novalidate>
          <ErrorSummary t={t} errors={errors} labels={fieldLabels(t, values)} />
          <TreeErrors t={t} errors={errors} />
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="version" value={values.version} />
          <TextField t={t} name="textNl" label={t('needfinder.field.textNl')} value={values.textNl} errors={errors} maxlength={LIMITS.text} />
          <TextField t={t} name="textEn" label={t('needfinder.field.textEn')} value={values.textEn} errors={errors} maxlength={LIMITS.text} optional hint={t('needfinder.editor.enHint')} />
          <TextArea t={t} name="helpNl" label={t('needfinder.field.helpNl')} value={values.helpNl} errors={errors} rows={6} maxlength={LIMITS.help} optional />
          <TextArea t={t} name="helpEn" label={t('needfinder.field.helpEn')} value={values.helpEn} errors={errors} rows={6} maxlength={LIMITS.help} optional hint={t('needfinder.editor.enHint')} />
          {errors.some((error) => error.field === 'options') && (
            <div id={fieldId('options')} class="utrecht-form-field-error-message">
              {esc(errors.filter((error) => error.field === 'options').map((error) => t(error.key, error.params)).join(' '))}
            </div>
          )}
          {values.options.map((row, index) => {
            const name = (field: string) => `option.${index}.${field}`;
            const removeError = errors.find((error) => error.field === name('remove'));
            return (
              <fieldset class="utrecht-form-fieldset wc-card wc-stack" id={fieldId(`option.${index}`)}>
                <legend class="utrecht-form-fieldset__legend">
                  {esc(row.isNew ? t('needfinder.editor.newOption') : t('needfinder.editor.option', { number: index + 1 }))}
                </legend>
                {row.isNew ? (
                  <>
                    <p class="utrecht-paragraph wc-muted">{esc(t('needfinder.editor.newOptionHint'))}</p>
                    <input type="hidden" name={name('new')} value="1" />
                    <TextField t={t} name={name('code')} label={t('needfinder.field.code')} value={row.code} errors={errors} maxlength={60} optional hint={t('needfinder.editor.codeHint')} spellcheck={false} />
                  </>
                ) : (
                  <>
                    <input type="hidden" name={name('code')} value={row.code} />
                    <p class="utrecht-paragraph wc-muted">{esc(t('needfinder.editor.codeFixed', { code: row.code }))}</p>
                  </>
                )}
                <TextField t={t} name={name('labelNl')} label={t('needfinder.field.labelNl')} value={row.labelNl} errors={errors} maxlength={LIMITS.label} optional={row.isNew} />
                <TextField t={t} name={name('labelEn')} label={t('needfinder.field.labelEn')} value={row.labelEn} errors={errors} maxlength={LIMITS.label} optional hint={t('needfinder.editor.enHint')} />
                <SelectField
                  t={t}
                  name={name('next')}
                  label={t('needfinder.field.next')}
                  value={row.next}
                  errors={errors}
                  options={targets}
                  placeholder={t('needfinder.editor.chooseTarget')}
                  optional={row.isNew}
                />
                {!row.isNew && (
                  <Checkbox
                    name={name('remove')}
                    id={fieldId(name('remove'))}
                    value="ja"
                    label={t('needfinder.field.remove')}
                    checked={row.remove}
                    describedBy={removeError ? `${fieldId(name('remove'))}-error` : undefined}
                  />
                )}
                {removeError !== undefined && (
                  <div class="utrecht-form-field-error-message" id={`${fieldId(name('remove'))}-error`}>
                    {esc(t(removeError.key, removeError.params))}
                  </div>
                )}
              </fieldset>
            );
          })}
          <FormActions t={t} cancelHref={editorPath(region.code)} />
        </form>
      </div>
    </Layout>
  );
}

export function OutcomeEditPage(props: { ctx: PageContext; current: RegionTree; id: string; values: OutcomeForm; errors: FieldErrors }) {
  const { ctx, current, id, values, errors } = props;
  const { t, lang } = ctx;
  const { region, tree } = current;
  const outcome = tree.outcomes.find((candidate) => candidate.id === id)!;
  const heading = t('needfinder.editor.editOutcome', { text: localText(outcome.title, lang) });
  return (
    <Layout ctx={ctx} title={`${heading} · ${region.name}`}>
      <div class="wc-stack">
        <LinkParagraph href={editorPath(region.code)} text={t('needfinder.editor.back')} />
        <h1 class="utrecht-heading-1">{esc(heading)}</h1>
        <form method="post" action={outcomeEditPath(region.code, id)} class="wc-stack wc-narrow" novalidate>
          <ErrorSummary t={t} errors={errors} labels={fieldLabels(t, null)} />
          <TreeErrors t={t} errors={errors} />
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="version" value={values.version} />
          <TextField t={t} name="titleNl" label={t('needfinder.field.titleNl')} value={values.titleNl} errors={errors} maxlength={LIMITS.title} />
          <TextField t={t} name="titleEn" label={t('needfinder.field.titleEn')} value={values.titleEn} errors={errors} maxlength={LIMITS.title} optional hint={t('needfinder.editor.enHint')} />
          <TextArea t={t} name="explanationNl" label={t('needfinder.field.explanationNl')} value={values.explanationNl} errors={errors} rows={6} maxlength={LIMITS.explanation} />
          <TextArea t={t} name="explanationEn" label={t('needfinder.field.explanationEn')} value={values.explanationEn} errors={errors} rows={6} maxlength={LIMITS.explanation} optional hint={t('needfinder.editor.enHint')} />
          <SelectField
            t={t}
            name="audience"
            label={t('needfinder.field.audience')}
            value={values.audience}
            errors={errors}
            options={audiences.map((audience) => ({ value: audience.code, label: localText(audience, lang) }))}
          />
          <GroupedCheckboxes
            t={t}
            name="themes"
            label={t('needfinder.field.themes')}
            hint={t('needfinder.editor.themesHint')}
            errors={errors}
            values={values.themes}
            groups={themes.map((theme) => ({
              label: localText(theme, lang),
              options: [
                { value: theme.code, label: t('needfinder.editor.wholeTheme', { theme: localText(theme, lang) }) },
                ...theme.children.map((child) => ({ value: child.code, label: localText(child, lang) })),
              ],
            }))}
          />
          <FormActions t={t} cancelHref={editorPath(region.code)} />
        </form>
      </div>
    </Layout>
  );
}
