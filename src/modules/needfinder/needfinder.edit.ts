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
  otherField: (issue: TreeIssue) => string | undefined = () => undefined,
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
    else if (issue.key === 'needfinder.error.unreachable' && issue.node) field = orphanField(issue.node) ?? otherField(issue) ?? 'tree';
    else field = otherField(issue) ?? 'tree';
    return params ? { field, key: issue.key, params } : { field, key: issue.key };
  });
}

/** The answer rows of a question form as options; blank new rows and rows to remove are left out. */
function optionsOfRows(rows: readonly OptionRow[], errors: FieldError[]): { options: TreeOption[]; rowOf: number[] } {
  const options: TreeOption[] = [];
  /** Option index → form row index, to put messages next to the right row. */
  const rowOf: number[] = [];
  rows.forEach((row, index) => {
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
  return { options, rowOf };
}

/** `option.<i>.<field>` of the edited question as the form row it came from. */
const rowFieldOf = (rowOf: readonly number[]) => (field: string) => {
  const match = /^option\.(\d+)\.(.+)$/.exec(field);
  return match ? `option.${rowOf[Number(match[1])] ?? match[1]}.${match[2]}` : field;
};

/** Applies a question form to a copy of the tree and validates the result. */
export function applyQuestionForm(tree: NeedFinderTree, id: string, form: QuestionForm, lang: Lang): EditResult {
  const edited = cloneTree(tree);
  const question = edited.questions.find((candidate) => candidate.id === id);
  if (!question) throw new Error(`no question ${id}`);
  const errors: FieldError[] = [];
  const { options, rowOf } = optionsOfRows(form.options, errors);
  if (options.length > MAX_OPTIONS) errors.push({ field: 'options', key: 'needfinder.error.tooManyOptions', params: { max: MAX_OPTIONS } });
  question.text = { nl: form.textNl.trim(), en: form.textEn.trim() };
  if (form.helpNl.trim() === '' && form.helpEn.trim() === '') delete question.help;
  else question.help = { nl: form.helpNl.trim(), en: form.helpEn.trim() };
  question.options = options;
  if (errors.length > 0) return { ok: false, errors };

  const fieldOf = rowFieldOf(rowOf);
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

// Adding and removing questions and outcomes ---------------------------------------------------------

/** How a new question or outcome is reached: a new answer at a question, or an existing answer that now leads to it. */
export interface LinkForm {
  /** A question's id (a new answer there) or `<question id>/<answer code>` (that answer now leads here). */
  from: string;
  /** The new answer's code and texts, when `from` is a question. */
  code: string;
  labelNl: string;
  labelEn: string;
}

export interface NewQuestionForm extends QuestionForm {
  id: string;
  link: LinkForm;
}

export interface NewOutcomeForm extends OutcomeForm {
  id: string;
  link: LinkForm;
}

/** Answer rows of the new-question form: at least two are needed, empty ones are left out. */
export const NEW_QUESTION_ROWS = 3;

const emptyLink = (): LinkForm => ({ from: '', code: '', labelNl: '', labelEn: '' });

export const emptyNewQuestionForm = (version: number): NewQuestionForm => ({
  version: String(version),
  id: '',
  textNl: '',
  textEn: '',
  helpNl: '',
  helpEn: '',
  options: Array.from({ length: NEW_QUESTION_ROWS }, emptyRow),
  link: emptyLink(),
});

export const emptyNewOutcomeForm = (version: number): NewOutcomeForm => ({
  version: String(version),
  id: '',
  titleNl: '',
  titleEn: '',
  explanationNl: '',
  explanationEn: '',
  audience: '',
  themes: [],
  link: emptyLink(),
});

const parseLink = (body: FormBody): LinkForm => ({ from: str(body.from), code: str(body.fromCode).trim(), labelNl: str(body.fromLabelNl), labelEn: str(body.fromLabelEn) });

export function parseNewQuestionForm(body: FormBody): NewQuestionForm {
  const form = parseQuestionForm(body, { id: '', text: { nl: '', en: '' }, options: [] });
  // Every answer of a new question is new: its code is typed.
  const options = form.options.map((row) => ({ ...row, isNew: true, remove: false }));
  while (options.length < NEW_QUESTION_ROWS) options.push(emptyRow());
  return { ...form, options, id: str(body.id).trim(), link: parseLink(body) };
}

export function parseNewOutcomeForm(body: FormBody): NewOutcomeForm {
  return { ...parseOutcomeForm(body), id: str(body.id).trim(), link: parseLink(body) };
}

function checkNewId(tree: NeedFinderTree, id: string, errors: FieldError[]): void {
  if (id === '') errors.push({ field: 'id', key: 'needfinder.error.required' });
  else if (!codePattern.test(id) || id.length > 60) errors.push({ field: 'id', key: 'needfinder.error.invalidCode' });
  else if (nodeMap(tree).has(id)) errors.push({ field: 'id', key: 'needfinder.error.nodeExists', params: { id } });
}

/**
 * Lets an answer lead to the new node `id` in the edited tree: a new answer at a question, or an
 * existing one redirected. Returns where the linking question's issues belong on the form.
 */
function linkNode(edited: NeedFinderTree, id: string, link: LinkForm, errors: FieldError[]): (issue: TreeIssue) => string | undefined {
  const slash = link.from.indexOf('/');
  const questionId = slash < 0 ? link.from : link.from.slice(0, slash);
  const question = edited.questions.find((candidate) => candidate.id === questionId);
  if (!question) {
    errors.push({ field: 'from', key: 'needfinder.error.chooseLink' });
    return () => undefined;
  }
  if (slash >= 0) {
    const option = question.options.find((candidate) => candidate.code === link.from.slice(slash + 1));
    if (!option) {
      errors.push({ field: 'from', key: 'needfinder.error.chooseLink' });
      return () => undefined;
    }
    option.next = id;
    // Where the answer led before may now be out of reach: that is this choice's doing.
    return (issue) => (issue.node === question.id || issue.key === 'needfinder.error.unreachable' ? 'from' : undefined);
  }
  if (link.code === '') errors.push({ field: 'fromCode', key: 'needfinder.error.required' });
  else if (!codePattern.test(link.code) || link.code.length > 60) errors.push({ field: 'fromCode', key: 'needfinder.error.invalidCode' });
  const index = question.options.length;
  question.options.push({ code: link.code, label: { nl: link.labelNl.trim(), en: link.labelEn.trim() }, next: id });
  const fields: Record<string, string> = { [`option.${index}.code`]: 'fromCode', [`option.${index}.labelNl`]: 'fromLabelNl', [`option.${index}.labelEn`]: 'fromLabelEn' };
  return (issue) => (issue.node === question.id ? (fields[issue.field] ?? 'from') : undefined);
}

/** Adds a question, reached from an answer, to a copy of the tree and validates the result. */
export function applyNewQuestion(tree: NeedFinderTree, form: NewQuestionForm, lang: Lang): EditResult {
  const edited = cloneTree(tree);
  const errors: FieldError[] = [];
  checkNewId(tree, form.id, errors);
  const { options, rowOf } = optionsOfRows(form.options, errors);
  const question: Question = { id: form.id, text: { nl: form.textNl.trim(), en: form.textEn.trim() }, options };
  if (form.helpNl.trim() !== '' || form.helpEn.trim() !== '') question.help = { nl: form.helpNl.trim(), en: form.helpEn.trim() };
  const linkField = linkNode(edited, form.id, form.link, errors);
  if (errors.length > 0) return { ok: false, errors };
  edited.questions.push(question);
  const issues = treeIssues(edited);
  if (issues.length > 0) return { ok: false, errors: toFieldErrors(issues, form.id, edited, tree, lang, rowFieldOf(rowOf), () => undefined, linkField) };
  return { ok: true, tree: edited };
}

/** Adds an outcome, reached from an answer, to a copy of the tree and validates the result. */
export function applyNewOutcome(tree: NeedFinderTree, form: NewOutcomeForm, lang: Lang): EditResult {
  const edited = cloneTree(tree);
  const errors: FieldError[] = [];
  checkNewId(tree, form.id, errors);
  const linkField = linkNode(edited, form.id, form.link, errors);
  if (errors.length > 0) return { ok: false, errors };
  edited.outcomes.push({
    id: form.id,
    title: { nl: form.titleNl.trim(), en: form.titleEn.trim() },
    explanation: { nl: form.explanationNl.trim(), en: form.explanationEn.trim() },
    audience: form.audience,
    themes: form.themes.slice(0, 60),
  });
  const issues = treeIssues(edited);
  if (issues.length > 0) return { ok: false, errors: toFieldErrors(issues, form.id, edited, tree, lang, (field) => field, () => undefined, linkField) };
  return { ok: true, tree: edited };
}

/** What removing a node takes with it. */
export interface Removal {
  /** The one answer that led to the node; null when none or several do (then removing is refused). */
  link: { question: string; option: string } | null;
  /** Questions and outcomes only the removed node led to: nobody could reach them any more. */
  alsoRemoved: string[];
}

/** The tree without the node, the answer that led there (when only one did) and what only it led to. */
export function planRemoval(tree: NeedFinderTree, id: string): { tree: NeedFinderTree; removal: Removal } {
  const edited = cloneTree(tree);
  const pointers = edited.questions.flatMap((question) => question.options.filter((option) => option.next === id).map((option) => ({ question, option })));
  let link: Removal['link'] = null;
  if (pointers.length === 1) {
    const { question, option } = pointers[0]!;
    question.options = question.options.filter((candidate) => candidate !== option);
    link = { question: question.id, option: option.code };
  }
  edited.questions = edited.questions.filter((question) => question.id !== id);
  edited.outcomes = edited.outcomes.filter((outcome) => outcome.id !== id);
  const alsoRemoved: string[] = [];
  if (pointers.length <= 1 && id !== tree.root) {
    const nodes = nodeMap(edited);
    const reached = new Set<string>();
    const queue = [edited.root];
    while (queue.length > 0) {
      const current = queue.shift()!;
      const node = nodes.get(current);
      if (!node || reached.has(current)) continue;
      reached.add(current);
      if (node.kind === 'question') queue.push(...node.options.map((option) => option.next));
    }
    alsoRemoved.push(...[...nodes.keys()].filter((node) => !reached.has(node)));
    edited.questions = edited.questions.filter((question) => reached.has(question.id));
    edited.outcomes = edited.outcomes.filter((outcome) => reached.has(outcome.id));
  }
  return { tree: edited, removal: { link, alsoRemoved } };
}

/**
 * Removes a question or outcome from a copy of the tree, with the answer that led there and what
 * only it led to, and validates the result. Refused, with the reason at the remove button, for the
 * first question, when other answers still lead to the node (the tree's own check: they would lead
 * nowhere), or when a question would keep fewer than two answers.
 */
export function applyRemoval(tree: NeedFinderTree, id: string, lang: Lang): EditResult {
  if (id === tree.root) return { ok: false, errors: [{ field: 'removeNode', key: 'needfinder.error.removeRoot' }] };
  const { tree: edited } = planRemoval(tree, id);
  const issues = treeIssues(edited);
  if (issues.length === 0) return { ok: true, tree: edited };
  return {
    ok: false,
    errors: issues.map((issue): FieldError => {
      const question = issue.node === null ? undefined : edited.questions.find((candidate) => candidate.id === issue.node);
      const row = /^option\.(\d+)\.next$/.exec(issue.field);
      const option = row ? question?.options[Number(row[1])] : undefined;
      if (issue.key === 'needfinder.error.unknownTarget' && question && option) {
        return { field: 'removeNode', key: 'needfinder.error.stillLinked', params: { answer: localText(option.label, lang), question: localText(question.text, lang) } };
      }
      if (issue.key === 'needfinder.error.fewOptions' && question) {
        return { field: 'removeNode', key: 'needfinder.error.removeLeavesOneAnswer', params: { question: localText(question.text, lang) } };
      }
      return { ...toFieldErrors([issue], '', edited, tree, lang)[0]!, field: 'removeNode' };
    }),
  };
}

// What a draft changes -----------------------------------------------------------------------------------

export interface TreeChanges {
  added: string[];
  changed: string[];
  removed: string[];
  rootChanged: boolean;
}

/** JSON with the keys of every object sorted: a tree read from jsonb and one from code compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Which questions and outcomes a draft adds, changes and removes compared with the live tree. */
export function treeChanges(live: NeedFinderTree, draft: NeedFinderTree): TreeChanges {
  const before = nodeMap(live);
  const after = nodeMap(draft);
  return {
    added: [...after.keys()].filter((id) => !before.has(id)),
    changed: [...after.keys()].filter((id) => before.has(id) && canonical(before.get(id)) !== canonical(after.get(id))),
    removed: [...before.keys()].filter((id) => !after.has(id)),
    rootChanged: live.root !== draft.root,
  };
}

export const hasChanges = (changes: TreeChanges) => changes.rootChanged || changes.added.length + changes.changed.length + changes.removed.length > 0;
