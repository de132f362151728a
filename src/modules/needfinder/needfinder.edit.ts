import type { FieldError } from '../../platform/http/errors.ts';
import type { Lang } from '../../platform/i18n/index.ts';
import {
  CODE_PATTERN,
  cloneTree,
  localText,
  MAX_OPTIONS,
  nodeMap,
  treeIssues,
  type NeedFinderTree,
  type Outcome,
  type Question,
  type TreeIssue,
  type TreeOption,
} from './needfinder.tree.ts';

// The editor's forms and what they do to a tree: one form per question or outcome. A change is
// applied to a copy of the whole tree and the whole tree is validated, so a change that breaks
// something elsewhere (an option that now loops back, a question nobody reaches any more) is
// refused with the message next to the field that caused it.

export interface OptionRow {
  code: string;
  labelNl: string;
  labelEn: string;
  next: string;
  remove: boolean;
  /** The empty row for adding an answer; its code may be typed, existing codes stay fixed. */
  isNew: boolean;
}

export interface QuestionForm {
  version: string;
  textNl: string;
  textEn: string;
  helpNl: string;
  helpEn: string;
  options: OptionRow[];
}

export interface OutcomeForm {
  version: string;
  titleNl: string;
  titleEn: string;
  explanationNl: string;
  explanationEn: string;
  audience: string;
  themes: string[];
}

export type FormBody = Record<string, string | string[] | undefined>;

const codePattern = new RegExp(CODE_PATTERN);
const str = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat());

const emptyRow = (): OptionRow => ({ code: '', labelNl: '', labelEn: '', next: '', remove: false, isNew: true });

export function questionFormOf(question: Question, version: number): QuestionForm {
  return {
    version: String(version),
    textNl: question.text.nl,
    textEn: question.text.en,
    helpNl: question.help?.nl ?? '',
    helpEn: question.help?.en ?? '',
    options: [
      ...question.options.map((option) => ({ code: option.code, labelNl: option.label.nl, labelEn: option.label.en, next: option.next, remove: false, isNew: false })),
      ...(question.options.length < MAX_OPTIONS ? [emptyRow()] : []),
    ],
  };
}

export function outcomeFormOf(outcome: Outcome, version: number): OutcomeForm {
  return {
    version: String(version),
    titleNl: outcome.title.nl,
    titleEn: outcome.title.en,
    explanationNl: outcome.explanation.nl,
    explanationEn: outcome.explanation.en,
    audience: outcome.audience,
    themes: [...outcome.themes],
  };
}

/** The question form as posted: rows `option.<i>.<field>`, existing rows carry their fixed code. */
export function parseQuestionForm(body: FormBody, question: Question): QuestionForm {
  const options: OptionRow[] = [];
  for (let index = 0; index <= MAX_OPTIONS; index++) {
    const field = (name: string) => body[`option.${index}.${name}`];
    if (field('code') === undefined && field('labelNl') === undefined && field('next') === undefined) continue;
    const isNew = str(field('new')) === '1';
    // An existing row's code cannot be changed by the form: shared links keep working.
    const code = isNew ? str(field('code')).trim() : (question.options[index]?.code ?? str(field('code')).trim());
    options.push({ code, labelNl: str(field('labelNl')), labelEn: str(field('labelEn')), next: str(field('next')), remove: str(field('remove')) === 'ja', isNew });
  }
  return {
    version: str(body.version),
    textNl: str(body.textNl),
    textEn: str(body.textEn),
    helpNl: str(body.helpNl),
    helpEn: str(body.helpEn),
    options,
  };
}

export function parseOutcomeForm(body: FormBody): OutcomeForm {
  return {
    version: str(body.version),
    titleNl: str(body.titleNl),
    titleEn: str(body.titleEn),
    explanationNl: str(body.explanationNl),
    explanationEn: str(body.explanationEn),
    audience: str(body.audience),
    themes: list(body.themes).filter((code) => code !== ''),
  };
}

export type EditResult = { ok: true; tree: NeedFinderTree } | { ok: false; errors: FieldError[] };

/** A node's name in messages: the question's text or the outcome's title. */
export function nodeLabel(tree: NeedFinderTree, id: string, lang: Lang): string {
  const node = nodeMap(tree).get(id);
  if (!node) return id;
  return node.kind === 'question' ? localText(node.text, lang) : localText(node.title, lang);
}

/** Issues of the edited tree as form errors: this node's next to their fields, others at the top. */
function toFieldErrors(
  issues: readonly TreeIssue[],
  nodeId: string,
  edited: NeedFinderTree,
  before: NeedFinderTree,
  lang: Lang,
  fieldOf: (field: string) => string = (field) => field,
  orphanField: (id: string) => string | undefined = () => undefined,
): FieldError[] {
  const named = (params: TreeIssue['params']) => {
    if (!params || typeof params.id !== 'string') return params;
    const id = params.id;
    const label = nodeMap(edited).has(id) ? nodeLabel(edited, id, lang) : nodeLabel(before, id, lang);
    return { ...params, id: label };
  };
  return issues.map((issue) => {
    const params = named(issue.params);
    let field = 'tree';
    if (issue.node === nodeId && issue.field !== 'node') field = fieldOf(issue.field);
    else if (issue.key === 'needfinder.error.unreachable' && issue.node) field = orphanField(issue.node) ?? 'tree';
    return params ? { field, key: issue.key, params } : { field, key: issue.key };
  });
}

/** Applies a question form to a copy of the tree and validates the result. */
export function applyQuestionForm(tree: NeedFinderTree, id: string, form: QuestionForm, lang: Lang): EditResult {
  const edited = cloneTree(tree);
  const question = edited.questions.find((candidate) => candidate.id === id);
  if (!question) throw new Error(`no question ${id}`);
  const errors: FieldError[] = [];
  const options: TreeOption[] = [];
  /** Edited option index → form row index, to put messages next to the right row. */
  const rowOf: number[] = [];
  form.options.forEach((row, index) => {
    const blank = row.isNew && row.code === '' && row.labelNl.trim() === '' && row.labelEn.trim() === '' && row.next === '';
    if (blank || row.remove) return;
    if (row.isNew) {
      if (row.code === '') errors.push({ field: `option.${index}.code`, key: 'needfinder.error.required' });
      else if (!codePattern.test(row.code) || row.code.length > 60) errors.push({ field: `option.${index}.code`, key: 'needfinder.error.invalidCode' });
    }
    if (row.next === '') errors.push({ field: `option.${index}.next`, key: 'needfinder.error.chooseTarget' });
    rowOf.push(index);
    options.push({ code: row.code, label: { nl: row.labelNl.trim(), en: row.labelEn.trim() }, next: row.next });
  });
  if (options.length > MAX_OPTIONS) errors.push({ field: 'options', key: 'needfinder.error.tooManyOptions', params: { max: MAX_OPTIONS } });
  question.text = { nl: form.textNl.trim(), en: form.textEn.trim() };
  if (form.helpNl.trim() === '' && form.helpEn.trim() === '') delete question.help;
  else question.help = { nl: form.helpNl.trim(), en: form.helpEn.trim() };
  question.options = options;
  if (errors.length > 0) return { ok: false, errors };

  const fieldOf = (field: string) => {
    const match = /^option\.(\d+)\.(.+)$/.exec(field);
    return match ? `option.${rowOf[Number(match[1])] ?? match[1]}.${match[2]}` : field;
  };
  // A node nobody reaches any more was orphaned by a row that led there and was removed or redirected.
  const original = tree.questions.find((candidate) => candidate.id === id)!;
  const orphanField = (orphan: string) => {
    const index = form.options.findIndex((row, rowIndex) => !row.isNew && original.options[rowIndex]?.next === orphan);
    if (index < 0) return undefined;
    return form.options[index]!.remove ? `option.${index}.remove` : `option.${index}.next`;
  };
  const issues = treeIssues(edited);
  if (issues.length > 0) return { ok: false, errors: toFieldErrors(issues, id, edited, tree, lang, fieldOf, orphanField) };
  return { ok: true, tree: edited };
}

/** Applies an outcome form to a copy of the tree and validates the result. */
export function applyOutcomeForm(tree: NeedFinderTree, id: string, form: OutcomeForm, lang: Lang): EditResult {
  const edited = cloneTree(tree);
  const outcome = edited.outcomes.find((candidate) => candidate.id === id);
  if (!outcome) throw new Error(`no outcome ${id}`);
  outcome.title = { nl: form.titleNl.trim(), en: form.titleEn.trim() };
  outcome.explanation = { nl: form.explanationNl.trim(), en: form.explanationEn.trim() };
  outcome.audience = form.audience;
  outcome.themes = form.themes.slice(0, 60);
  const issues = treeIssues(edited);
  if (issues.length > 0) return { ok: false, errors: toFieldErrors(issues, id, edited, tree, lang) };
  return { ok: true, tree: edited };
}
