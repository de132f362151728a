import type { Children } from '@kitajs/html';
import { CsrfField, Layout, LinkParagraph, Page, type PageContext } from '../../../platform/web/layout.tsx';
import { Checkbox, ErrorSummary, FormActions, GroupedCheckboxes, SelectField, SubmitButton, TextArea, TextField, fieldId, type FieldErrors } from '../../../platform/web/forms.tsx';
import { esc } from '../../../platform/web/html.ts';
import { formatDateTime, type Translate } from '../../../platform/i18n/index.ts';
import { audiences, themes } from '../../catalogue/taxonomy.ts';
import type { RegionRef } from '../needfinder.repository.ts';
import { workingTree, type EditorState, type RegionTree } from '../needfinder.service.ts';
import { LIMITS, localText, nodeMap, type NeedFinderTree } from '../needfinder.tree.ts';
import { hasChanges, type NewOutcomeForm, type NewQuestionForm, type OptionRow, type OutcomeForm, type QuestionForm, type Removal, type TreeChanges } from '../needfinder.edit.ts';
import { previewPath } from './wegwijzer.views.tsx';

// The coordinator's editor of the region's wegwijzer: an overview with the draft's state (what it
// changes, preview, publish, throw away) and undo of the last publication; one form per question
// (texts, answers, where each answer leads) and per outcome (texts, audience, themes), each with
// "verwijderen"; forms to add a question or an outcome; and "terug naar standaard". Every change
// goes into the draft. Plain forms that work without JavaScript; errors next to their fields.

export const editorPath = (regionCode: string) => `/beheer/wegwijzer/${regionCode}`;
export const questionEditPath = (regionCode: string, id: string) => `/beheer/wegwijzer/${regionCode}/vragen/${id}`;
export const outcomeEditPath = (regionCode: string, id: string) => `/beheer/wegwijzer/${regionCode}/uitkomsten/${id}`;
export const newNodePath = (regionCode: string, kind: 'vraag' | 'uitkomst') => `/beheer/wegwijzer/${regionCode}/nieuw/${kind}`;

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

export function RegionChoicePage({ ctx, regions }: { ctx: PageContext; regions: readonly (RegionRef & { custom: boolean; draft: boolean })[] }) {
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
          <span class="wc-muted">
            {esc(` (${region.custom ? t('needfinder.editor.regionCustom') : t('needfinder.editor.regionDefault')}${region.draft ? `, ${t('needfinder.editor.regionDraft')}` : ''})`)}
          </span>
        </li>
      ))}
    </ul>
    </Page>
  );
}

/** A form of one button (and its explanation) that acts on the whole wegwijzer, with the version it acts on. */
function ActionForm(props: { ctx: PageContext; action: string; version: number; label: string; hint: string; secondary?: boolean; name: string }) {
  const hintId = `${props.name}-uitleg`;
  return (
    <form method="post" action={props.action} class="wc-stack" data-action={props.name}>
      <CsrfField token={props.ctx.csrfToken} />
      <input type="hidden" name="version" value={String(props.version)} />
      <p class="utrecht-paragraph" id={hintId}>
        {esc(props.hint)}
      </p>
      <div class="wc-actions">
        <button type="submit" class={`utrecht-button utrecht-button--${props.secondary ? 'secondary' : 'primary'}-action`} aria-describedby={hintId}>
          {esc(props.label)}
        </button>
      </div>
    </form>
  );
}

/** Errors of an act on the whole wegwijzer (publish, throw away, undo): what happened, and the page as it is now. */
function ActionErrors({ t, errors }: { t: Translate; errors: FieldErrors }) {
  if (errors.length === 0) return <></>;
  return (
    <div class="utrecht-alert utrecht-alert--error" role="alert" aria-labelledby="fouten-titel">
      <h2 class="utrecht-heading-2" id="fouten-titel">
        {esc(t('needfinder.editor.actionErrors'))}
      </h2>
      <ul class="utrecht-unordered-list">
        {errors.map((error) => (
          <li>{esc(t(error.key, error.params))}</li>
        ))}
      </ul>
    </div>
  );
}

function DraftBadge({ t, changes, id }: { t: Translate; changes: TreeChanges | null; id: string }) {
  if (!changes) return <></>;
  if (changes.added.includes(id)) return <span class="utrecht-status-badge utrecht-status-badge--warning">{esc(t('needfinder.editor.badge.new'))}</span>;
  if (changes.changed.includes(id)) return <span class="utrecht-status-badge utrecht-status-badge--warning">{esc(t('needfinder.editor.badge.changed'))}</span>;
  return <></>;
}

export function TreeOverviewPage({ ctx, state, errors = [] }: { ctx: PageContext; state: EditorState; errors?: FieldErrors }) {
  const { t, lang } = ctx;
  const { region, draft, live } = state;
  const current = workingTree(state);
  const { tree } = current;
  const changes = draft?.changes ?? null;
  const base = editorPath(region.code);
  return (
    <Layout ctx={ctx} title={`${t('needfinder.editor.title')} · ${region.name}`}>
      <div class="wc-stack">
        <h1 class="utrecht-heading-1">{esc(t('needfinder.editor.title'))}</h1>
        <ActionErrors t={t} errors={errors} />
        <p class="utrecht-paragraph">{esc(t('needfinder.editor.scope', { region: region.name }))}</p>

        {draft ? (
          <section aria-labelledby="concept" class="wc-card wc-stack" data-draft={String(draft.version)}>
            <h2 class="utrecht-heading-2" id="concept">
              {esc(t('needfinder.editor.draft.title'))}
            </h2>
            <p class="utrecht-paragraph">
              {esc(t('needfinder.editor.draft.text'))} {esc(t('needfinder.editor.draft.updated', { when: formatDateTime(lang, draft.updatedAt) }))}
            </p>
            {draft.custom ? '' : <p class="utrecht-paragraph">{esc(t('needfinder.editor.draft.default'))}</p>}
            <h3 class="utrecht-heading-3" id="verschillen">
              {esc(t('needfinder.editor.changes.title'))}
            </h3>
            {hasChanges(draft.changes) ? (
              <ul class="utrecht-unordered-list" aria-labelledby="verschillen" data-changes>
                {draft.changes.rootChanged ? <li>{esc(t('needfinder.editor.changes.root'))}</li> : ''}
                {draft.changes.added.map((id) => (
                  <li data-added={id}>{esc(t('needfinder.editor.changes.added', { node: targetLabel(t, draft.tree, id, lang) }))}</li>
                ))}
                {draft.changes.changed.map((id) => (
                  <li data-changed={id}>{esc(t('needfinder.editor.changes.changed', { node: targetLabel(t, draft.tree, id, lang) }))}</li>
                ))}
                {draft.changes.removed.map((id) => (
                  <li data-removed={id}>{esc(t('needfinder.editor.changes.removed', { node: targetLabel(t, live.tree, id, lang) }))}</li>
                ))}
              </ul>
            ) : (
              <p class="utrecht-paragraph">{esc(t('needfinder.editor.changes.none'))}</p>
            )}
            <LinkParagraph href={previewPath(region.code)} text={t('needfinder.editor.preview')} />
            <ActionForm ctx={ctx} name="publiceren" action={`${base}/publiceren`} version={draft.version} label={t('needfinder.editor.publish')} hint={t('needfinder.editor.publishHint')} />
            <ActionForm
              ctx={ctx}
              name="weggooien"
              action={`${base}/concept-weggooien`}
              version={draft.version}
              label={t('needfinder.editor.discard')}
              hint={t('needfinder.editor.discardHint')}
              secondary
            />
          </section>
        ) : (
          <p class="utrecht-paragraph">{esc(t('needfinder.editor.noDraft'))}</p>
        )}

        <p class="utrecht-paragraph">{esc(live.custom ? t('needfinder.editor.custom', { version: live.version }) : t('needfinder.editor.default'))}</p>
        {state.undo && !draft ? (
          <ActionForm
            ctx={ctx}
            name="ongedaan-maken"
            action={`${base}/ongedaan-maken`}
            version={live.version}
            label={t('needfinder.editor.undo')}
            hint={t('needfinder.editor.undoHint', {
              previous: state.undo.custom ? t('needfinder.editor.undoVersion', { version: state.undo.version }) : t('needfinder.editor.undoDefault'),
            })}
            secondary
          />
        ) : (
          ''
        )}
        {state.undo && draft ? <p class="utrecht-paragraph wc-muted">{esc(t('needfinder.editor.undoBlocked'))}</p> : ''}
        <LinkParagraph href={`/${region.slug}/wegwijzer`} text={t('needfinder.editor.view')} />

        <section aria-labelledby="vragen" class="wc-stack">
          <h2 class="utrecht-heading-2" id="vragen">
            {esc(t('needfinder.editor.questions'))}
          </h2>
          <LinkParagraph href={newNodePath(region.code, 'vraag')} text={t('needfinder.editor.addQuestion')} />
          <ul class="wc-cards">
            {questionsInOrder(tree).map((question) => {
              const text = localText(question.text, lang);
              return (
                <li class="wc-card wc-stack" data-node={question.id}>
                  <h3 class="utrecht-heading-3">
                    <a class="utrecht-link" href={questionEditPath(region.code, question.id)} aria-label={t('needfinder.editor.editQuestion', { text })}>
                      {esc(text)}
                    </a>
                    {question.id === tree.root ? <span class="wc-muted">{esc(` (${t('needfinder.editor.first')})`)}</span> : ''}
                  </h3>
                  <DraftBadge t={t} changes={changes} id={question.id} />
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
          <LinkParagraph href={newNodePath(region.code, 'uitkomst')} text={t('needfinder.editor.addOutcome')} />
          <ul class="wc-cards">
            {tree.outcomes.map((outcome) => {
              const title = localText(outcome.title, lang);
              return (
                <li class="wc-card wc-stack" data-node={outcome.id}>
                  <h3 class="utrecht-heading-3">
                    <a class="utrecht-link" href={outcomeEditPath(region.code, outcome.id)} aria-label={t('needfinder.editor.editOutcome', { text: title })}>
                      {esc(title)}
                    </a>
                  </h3>
                  <DraftBadge t={t} changes={changes} id={outcome.id} />
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

        {current.custom ? (
          <section aria-labelledby="standaard" class="wc-card wc-stack">
            <h2 class="utrecht-heading-3" id="standaard">
              {esc(t('needfinder.editor.reset'))}
            </h2>
            <ActionForm ctx={ctx} name="standaard" action={`${base}/standaard`} version={current.version} label={t('needfinder.editor.reset')} hint={t('needfinder.editor.resetHint')} secondary />
          </section>
        ) : (
          ''
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

function fieldLabels(t: Translate, form: QuestionForm | null, numbered = false): Record<string, string> {
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
    id: t('needfinder.field.id'),
    from: t('needfinder.field.from'),
    fromCode: t('needfinder.field.fromCode'),
    fromLabelNl: t('needfinder.field.fromLabelNl'),
    fromLabelEn: t('needfinder.field.fromLabelEn'),
    removeNode: t('needfinder.field.removeNode'),
  };
  form?.options.forEach((row, index) => {
    const prefix = row.isNew && !numbered ? t('needfinder.editor.newOption') : t('needfinder.editor.option', { number: index + 1 });
    labels[`option.${index}.code`] = `${prefix}, ${t('needfinder.field.code')}`;
    labels[`option.${index}.labelNl`] = `${prefix}, ${t('needfinder.field.labelNl')}`;
    labels[`option.${index}.labelEn`] = `${prefix}, ${t('needfinder.field.labelEn')}`;
    labels[`option.${index}.next`] = `${prefix}, ${t('needfinder.field.next')}`;
    labels[`option.${index}.remove`] = `${prefix}, ${t('needfinder.field.remove')}`;
  });
  return labels;
}

/** The answers' rows of a question form: existing answers with their fixed code, new ones with a code to type. */
function OptionRows(props: { t: Translate; values: QuestionForm; errors: FieldErrors; targets: readonly { value: string; label: string }[]; numbered?: boolean }) {
  const { t, values, errors, targets } = props;
  return (
    <>
      {values.options.map((row: OptionRow, index) => {
        const name = (field: string) => `option.${index}.${field}`;
        const removeError = errors.find((error) => error.field === name('remove'));
        const legend = row.isNew && !props.numbered ? t('needfinder.editor.newOption') : t('needfinder.editor.option', { number: index + 1 });
        return (
          <fieldset class="utrecht-form-fieldset wc-card wc-stack" id={fieldId(`option.${index}`)}>
            <legend class="utrecht-form-fieldset__legend">{esc(legend)}</legend>
            {row.isNew ? (
              <>
                {props.numbered ? '' : <p class="utrecht-paragraph wc-muted">{esc(t('needfinder.editor.newOptionHint'))}</p>}
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
            {row.isNew ? (
              ''
            ) : (
              <Checkbox
                name={name('remove')}
                id={fieldId(name('remove'))}
                value="ja"
                label={t('needfinder.field.remove')}
                checked={row.remove}
                describedBy={removeError ? `${fieldId(name('remove'))}-error` : undefined}
              />
            )}
            {removeError === undefined ? (
              ''
            ) : (
              <div class="utrecht-form-field-error-message" id={`${fieldId(name('remove'))}-error`}>
                {esc(t(removeError.key, removeError.params))}
              </div>
            )}
          </fieldset>
        );
      })}
    </>
  );
}

/** Errors of one field that has no input of its own (the answers as a whole). */
function GroupError({ t, errors, field }: { t: Translate; errors: FieldErrors; field: string }) {
  const mine = errors.filter((error) => error.field === field);
  if (mine.length === 0) return <></>;
  return (
    <div id={fieldId(field)} class="utrecht-form-field-error-message">
      {esc(mine.map((error) => t(error.key, error.params)).join(' '))}
    </div>
  );
}

/**
 * "Verwijderen" of a question or outcome: what goes with it (the answer that led there, what only
 * it led to), and the reason when it cannot go, next to the button. The first question cannot.
 */
function RemoveSection(props: { ctx: PageContext; current: RegionTree; id: string; kind: 'question' | 'outcome'; removal: Removal | null; errors: FieldErrors }) {
  const { ctx, current, id, removal } = props;
  const { t, lang } = ctx;
  const { region, tree } = current;
  const mine = props.errors.filter((error) => error.field === 'removeNode');
  const errorId = `${fieldId('removeNode')}-error`;
  const link = removal?.link;
  const linkQuestion = link ? tree.questions.find((question) => question.id === link.question) : undefined;
  const linkOption = linkQuestion?.options.find((option) => option.code === link?.option);
  const action = `${props.kind === 'question' ? questionEditPath(region.code, id) : outcomeEditPath(region.code, id)}/verwijderen`;
  return (
    <section aria-labelledby="verwijderen" class="wc-card wc-stack">
      <h2 class="utrecht-heading-2" id="verwijderen">
        {esc(t(props.kind === 'question' ? 'needfinder.editor.removeQuestion' : 'needfinder.editor.removeOutcome'))}
      </h2>
      {removal === null ? (
        <p class="utrecht-paragraph" id={fieldId('removeNode')}>
          {esc(t('needfinder.editor.removeRootNote'))}
        </p>
      ) : (
        <form method="post" action={action} class="wc-stack" id={fieldId('removeNode')}>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="version" value={String(current.version)} />
          {linkQuestion && linkOption ? (
            <p class="utrecht-paragraph">{esc(t('needfinder.editor.removeLink', { answer: localText(linkOption.label, lang), question: localText(linkQuestion.text, lang) }))}</p>
          ) : (
            ''
          )}
          {removal.alsoRemoved.length > 0 ? (
            <p class="utrecht-paragraph">{esc(t('needfinder.editor.removeAlso', { nodes: removal.alsoRemoved.map((node) => targetLabel(t, tree, node, lang)).join('; ') }))}</p>
          ) : (
            ''
          )}
          <p class="utrecht-paragraph wc-muted">{esc(t('needfinder.editor.removeHint'))}</p>
          {mine.length > 0 ? (
            <div class="utrecht-form-field-error-message" id={errorId}>
              {esc(mine.map((error) => t(error.key, error.params)).join(' '))}
            </div>
          ) : (
            ''
          )}
          <div class="wc-actions">
            <button type="submit" class="utrecht-button utrecht-button--secondary-action" aria-describedby={mine.length > 0 ? errorId : undefined}>
              {esc(t('needfinder.editor.removeButton'))}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Where an answer may lead: any question but the first and this one, and any outcome. */
function targetsOf(t: Translate, tree: NeedFinderTree, lang: PageContext['lang'], except: string | null) {
  return [
    ...questionsInOrder(tree)
      .filter((candidate) => candidate.id !== except && candidate.id !== tree.root)
      .map((candidate) => ({ value: candidate.id, label: targetLabel(t, tree, candidate.id, lang) })),
    ...tree.outcomes.map((outcome) => ({ value: outcome.id, label: targetLabel(t, tree, outcome.id, lang) })),
  ];
}

export function QuestionEditPage(props: { ctx: PageContext; current: RegionTree; id: string; values: QuestionForm; errors: FieldErrors; removal: Removal | null }) {
  const { ctx, current, id, values, errors } = props;
  const { t, lang } = ctx;
  const { region, tree } = current;
  const question = tree.questions.find((candidate) => candidate.id === id)!;
  const heading = t('needfinder.editor.editQuestion', { text: localText(question.text, lang) });
  return (
    <Layout ctx={ctx} title={`${heading} · ${region.name}`}>
      <div class="wc-stack">
        <LinkParagraph href={editorPath(region.code)} text={t('needfinder.editor.back')} />
        <h1 class="utrecht-heading-1">{esc(heading)}</h1>
        <p class="utrecht-paragraph">{esc(t('needfinder.editor.editsDraft'))}</p>
        <form method="post" action={questionEditPath(region.code, id)} class="wc-stack wc-narrow" novalidate>
          <ErrorSummary t={t} errors={errors} labels={fieldLabels(t, values)} />
          <TreeErrors t={t} errors={errors} />
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="version" value={values.version} />
          <TextField t={t} name="textNl" label={t('needfinder.field.textNl')} value={values.textNl} errors={errors} maxlength={LIMITS.text} />
          <TextField t={t} name="textEn" label={t('needfinder.field.textEn')} value={values.textEn} errors={errors} maxlength={LIMITS.text} optional hint={t('needfinder.editor.enHint')} />
          <TextArea t={t} name="helpNl" label={t('needfinder.field.helpNl')} value={values.helpNl} errors={errors} rows={6} maxlength={LIMITS.help} optional />
          <TextArea t={t} name="helpEn" label={t('needfinder.field.helpEn')} value={values.helpEn} errors={errors} rows={6} maxlength={LIMITS.help} optional hint={t('needfinder.editor.enHint')} />
          <GroupError t={t} errors={errors} field="options" />
          <OptionRows t={t} values={values} errors={errors} targets={targetsOf(t, tree, lang, id)} />
          <FormActions t={t} cancelHref={editorPath(region.code)} />
        </form>
        <RemoveSection ctx={ctx} current={current} id={id} kind="question" removal={props.removal} errors={errors} />
      </div>
    </Layout>
  );
}

export function OutcomeEditPage(props: { ctx: PageContext; current: RegionTree; id: string; values: OutcomeForm; errors: FieldErrors; removal: Removal | null }) {
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
        <p class="utrecht-paragraph">{esc(t('needfinder.editor.editsDraft'))}</p>
        <form method="post" action={outcomeEditPath(region.code, id)} class="wc-stack wc-narrow" novalidate>
          <ErrorSummary t={t} errors={errors} labels={fieldLabels(t, null)} />
          <TreeErrors t={t} errors={errors} />
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="version" value={values.version} />
          <OutcomeFields t={t} lang={lang} values={values} errors={errors} />
          <FormActions t={t} cancelHref={editorPath(region.code)} />
        </form>
        <RemoveSection ctx={ctx} current={current} id={id} kind="outcome" removal={props.removal} errors={errors} />
      </div>
    </Layout>
  );
}

/** The texts, audience and themes of an outcome. */
function OutcomeFields({ t, lang, values, errors }: { t: Translate; lang: PageContext['lang']; values: OutcomeForm; errors: FieldErrors }) {
  return (
    <>
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
        placeholder={t('needfinder.editor.chooseAudience')}
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
    </>
  );
}

/** How a new question or outcome is reached: a new answer at a question, or an existing answer redirected. */
function LinkFields({ t, lang, tree, link, errors }: { t: Translate; lang: PageContext['lang']; tree: NeedFinderTree; link: NewQuestionForm['link']; errors: FieldErrors }) {
  const choices = questionsInOrder(tree).flatMap((question) => {
    const text = localText(question.text, lang);
    return [
      { value: question.id, label: t('needfinder.editor.linkNew', { question: text }) },
      ...question.options.map((option) => ({
        value: `${question.id}/${option.code}`,
        label: t('needfinder.editor.linkExisting', { question: text, answer: localText(option.label, lang), target: targetLabel(t, tree, option.next, lang) }),
      })),
    ];
  });
  return (
    <fieldset class="utrecht-form-fieldset wc-card wc-stack">
      <legend class="utrecht-form-fieldset__legend">{esc(t('needfinder.editor.linkLegend'))}</legend>
      <SelectField t={t} name="from" label={t('needfinder.field.from')} hint={t('needfinder.editor.linkHint')} value={link.from} errors={errors} options={choices} placeholder={t('needfinder.editor.linkChoose')} />
      <TextField t={t} name="fromCode" label={t('needfinder.field.fromCode')} value={link.code} errors={errors} maxlength={60} optional hint={`${t('needfinder.editor.linkNewHint')} ${t('needfinder.editor.codeHint')}`} spellcheck={false} />
      <TextField t={t} name="fromLabelNl" label={t('needfinder.field.fromLabelNl')} value={link.labelNl} errors={errors} maxlength={LIMITS.label} optional hint={t('needfinder.editor.linkNewHint')} />
      <TextField t={t} name="fromLabelEn" label={t('needfinder.field.fromLabelEn')} value={link.labelEn} errors={errors} maxlength={LIMITS.label} optional hint={t('needfinder.editor.enHint')} />
    </fieldset>
  );
}

/** The page around a new question's or outcome's form: its code and how someone gets to it, then the kind's own fields. */
function NewNodePage(props: {
  ctx: PageContext;
  current: RegionTree;
  kind: 'vraag' | 'uitkomst';
  heading: string;
  values: { version: string; id: string; link: NewQuestionForm['link'] };
  errors: FieldErrors;
  labels: Readonly<Record<string, string>>;
  children: Children;
}) {
  const { ctx, current, values, errors } = props;
  const { t, lang } = ctx;
  const { region, tree } = current;
  return (
    <Layout ctx={ctx} title={`${props.heading} · ${region.name}`}>
      <div class="wc-stack">
        <LinkParagraph href={editorPath(region.code)} text={t('needfinder.editor.back')} />
        <h1 class="utrecht-heading-1">{esc(props.heading)}</h1>
        <p class="utrecht-paragraph">{esc(t('needfinder.editor.newLead'))}</p>
        <form method="post" action={newNodePath(region.code, props.kind)} class="wc-stack wc-narrow" novalidate>
          <ErrorSummary t={t} errors={errors} labels={props.labels} />
          <TreeErrors t={t} errors={errors} />
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="version" value={values.version} />
          <TextField t={t} name="id" label={t('needfinder.field.id')} value={values.id} errors={errors} maxlength={60} hint={t('needfinder.editor.idHint')} spellcheck={false} />
          <LinkFields t={t} lang={lang} tree={tree} link={values.link} errors={errors} />
          {props.children}
          <div class="wc-actions">
            <SubmitButton label={t('needfinder.editor.add')} />
            <a class="utrecht-link" href={editorPath(region.code)}>
              {esc(t('form.cancel'))}
            </a>
          </div>
        </form>
      </div>
    </Layout>
  );
}

/** "Vraag toevoegen": the new question's code, texts and answers, and how someone gets to it. */
export function NewQuestionPage(props: { ctx: PageContext; current: RegionTree; values: NewQuestionForm; errors: FieldErrors }) {
  const { ctx, current, values, errors } = props;
  const { t, lang } = ctx;
  return (
    <NewNodePage ctx={ctx} current={current} kind="vraag" heading={t('needfinder.editor.newQuestion')} values={values} errors={errors} labels={fieldLabels(t, values, true)}>
      <TextField t={t} name="textNl" label={t('needfinder.field.textNl')} value={values.textNl} errors={errors} maxlength={LIMITS.text} />
      <TextField t={t} name="textEn" label={t('needfinder.field.textEn')} value={values.textEn} errors={errors} maxlength={LIMITS.text} optional hint={t('needfinder.editor.enHint')} />
      <TextArea t={t} name="helpNl" label={t('needfinder.field.helpNl')} value={values.helpNl} errors={errors} rows={4} maxlength={LIMITS.help} optional />
      <TextArea t={t} name="helpEn" label={t('needfinder.field.helpEn')} value={values.helpEn} errors={errors} rows={4} maxlength={LIMITS.help} optional hint={t('needfinder.editor.enHint')} />
      <h2 class="utrecht-heading-2">{esc(t('needfinder.editor.newAnswers'))}</h2>
      <p class="utrecht-paragraph">{esc(t('needfinder.editor.newAnswersHint'))}</p>
      <GroupError t={t} errors={errors} field="options" />
      <OptionRows t={t} values={values} errors={errors} targets={targetsOf(t, current.tree, lang, null)} numbered />
    </NewNodePage>
  );
}

/** "Uitkomst toevoegen": the new outcome's code, texts, audience and themes, and how someone gets to it. */
export function NewOutcomePage(props: { ctx: PageContext; current: RegionTree; values: NewOutcomeForm; errors: FieldErrors }) {
  const { ctx, current, values, errors } = props;
  const { t, lang } = ctx;
  return (
    <NewNodePage ctx={ctx} current={current} kind="uitkomst" heading={t('needfinder.editor.newOutcome')} values={values} errors={errors} labels={fieldLabels(t, null)}>
      <OutcomeFields t={t} lang={lang} values={values} errors={errors} />
    </NewNodePage>
  );
}
