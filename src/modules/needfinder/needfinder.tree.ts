import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { audiences, themes } from '../catalogue/taxonomy.ts';
import type { Lang } from '../../platform/i18n/index.ts';
import type { nl } from './needfinder.messages.ts';

// The need finder (wegwijzer) as a decision tree: questions whose options lead to another question
// or to an outcome; an outcome names an audience and support-need themes, which select the
// region's services. A region's coordinator may change the tree, so every tree is validated as a
// whole: every option leads somewhere, there are no cycles, every node is reachable from the root,
// codes exist in the taxonomy and no path is longer than MAX_DEPTH questions.
//
// Answers travel in the URL as option codes only (`?pad=werkende.baan-in-gevaar`): nothing a person
// tells the need finder is stored or logged.

export const MAX_DEPTH = 6;
export const MAX_OPTIONS = 10;
export const LIMITS = { text: 200, help: 400, label: 160, title: 120, explanation: 600, themes: 12 } as const;

/** Node ids and option codes: lower case words joined by hyphens, safe in a URL. */
export const CODE_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
const codePattern = new RegExp(CODE_PATTERN);
const Code = Type.String({ pattern: CODE_PATTERN, minLength: 1, maxLength: 60 });
// Lengths are checked with the other rules (treeIssues), so that a too-long text gets its message
// next to its field; the schema only bounds what is stored at all.
const Text = () => Type.Object({ nl: Type.String({ maxLength: 5000 }), en: Type.String({ maxLength: 5000 }) }, { additionalProperties: false });

export const TreeOption = Type.Object(
  {
    code: Code,
    label: Text(),
    /** The id of the question or outcome this option leads to. */
    next: Type.String({ maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const Question = Type.Object(
  {
    id: Code,
    text: Text(),
    help: Type.Optional(Text()),
    options: Type.Array(TreeOption, { maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const Outcome = Type.Object(
  {
    id: Code,
    title: Text(),
    explanation: Text(),
    /** An audience code from the taxonomy. */
    audience: Type.String({ maxLength: 200 }),
    /** Sub-theme or top-level theme codes from the taxonomy. */
    themes: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }),
  },
  { additionalProperties: false },
);

export const NeedFinderTree = Type.Object(
  {
    root: Code,
    questions: Type.Array(Question, { maxItems: 80 }),
    outcomes: Type.Array(Outcome, { maxItems: 120 }),
  },
  { $id: 'NeedFinderTree', additionalProperties: false },
);

export type TreeOption = Static<typeof TreeOption>;
export type Question = Static<typeof Question>;
export type Outcome = Static<typeof Outcome>;
export type NeedFinderTree = Static<typeof NeedFinderTree>;
export type TreeNode = ({ kind: 'question' } & Question) | ({ kind: 'outcome' } & Outcome);
export type LocalText = { nl: string; en: string };

export type NeedFinderMessageKey = keyof typeof nl;

/**
 * One problem in a tree. `node` is the question or outcome it belongs to (null for the tree as a
 * whole); `field` is the name of the editor's form field, so the message shows next to it.
 */
export interface TreeIssue {
  node: string | null;
  field: string;
  key: NeedFinderMessageKey;
  params?: Record<string, string | number>;
}

const audienceCodes = new Set<string>(audiences.map((a) => a.code));
const themeCodes = new Set<string>(themes.flatMap((theme) => [theme.code, ...theme.children.map((child) => child.code)]));

export const isAudience = (code: string) => audienceCodes.has(code);
export const isThemeCode = (code: string) => themeCodes.has(code);

/** The text in the reader's language; English falls back to Dutch when a coordinator left it empty. */
export function localText(text: LocalText | undefined, lang: Lang): string {
  if (!text) return '';
  return (lang === 'en' && text.en.trim() !== '' ? text.en : text.nl).trim();
}

export function nodeMap(tree: NeedFinderTree): Map<string, TreeNode> {
  const nodes = new Map<string, TreeNode>();
  for (const outcome of tree.outcomes) nodes.set(outcome.id, { kind: 'outcome', ...outcome });
  for (const question of tree.questions) nodes.set(question.id, { kind: 'question', ...question });
  return nodes;
}

function checkText(issues: TreeIssue[], node: string, field: string, text: LocalText | undefined, max: number, required: boolean): void {
  for (const lang of ['nl', 'en'] as const) {
    const value = text?.[lang] ?? '';
    const name = `${field}${lang === 'nl' ? 'Nl' : 'En'}`;
    if (lang === 'nl' && required && value.trim() === '') issues.push({ node, field: name, key: 'needfinder.error.required' });
    else if (value.length > max) issues.push({ node, field: name, key: 'needfinder.error.tooLong', params: { max } });
  }
}

/**
 * Everything wrong with a tree, in the order a person would fix it; an empty list means the tree
 * is valid. The shape is checked first (a tree from the database or an import may be anything).
 */
export function treeIssues(input: unknown): TreeIssue[] {
  if (!Value.Check(NeedFinderTree, input)) {
    return [...Value.Errors(NeedFinderTree, input)]
      .slice(0, 20)
      .map((error) => ({ node: null, field: 'tree', key: 'needfinder.error.shape', params: { path: error.path || '/', message: error.message } }));
  }
  const tree = input;
  const issues: TreeIssue[] = [];
  const ids = new Set<string>();
  for (const node of [...tree.questions, ...tree.outcomes]) {
    if (ids.has(node.id)) issues.push({ node: node.id, field: 'node', key: 'needfinder.error.duplicateNode', params: { id: node.id } });
    ids.add(node.id);
  }
  const nodes = nodeMap(tree);
  const root = nodes.get(tree.root);
  if (!root) issues.push({ node: null, field: 'root', key: 'needfinder.error.noRoot', params: { id: tree.root } });
  else if (root.kind !== 'question') issues.push({ node: null, field: 'root', key: 'needfinder.error.rootNotQuestion' });

  for (const question of tree.questions) {
    checkText(issues, question.id, 'text', question.text, LIMITS.text, true);
    checkText(issues, question.id, 'help', question.help, LIMITS.help, false);
    if (question.options.length < 2) issues.push({ node: question.id, field: 'options', key: 'needfinder.error.fewOptions' });
    if (question.options.length > MAX_OPTIONS) issues.push({ node: question.id, field: 'options', key: 'needfinder.error.tooManyOptions', params: { max: MAX_OPTIONS } });
    const codes = new Set<string>();
    question.options.forEach((option, index) => {
      const field = `option.${index}.`;
      if (codes.has(option.code)) issues.push({ node: question.id, field: `${field}code`, key: 'needfinder.error.duplicateOption', params: { code: option.code } });
      codes.add(option.code);
      checkText(issues, question.id, `${field}label`, option.label, LIMITS.label, true);
      if (!nodes.has(option.next)) issues.push({ node: question.id, field: `${field}next`, key: 'needfinder.error.unknownTarget', params: { id: option.next } });
    });
  }
  for (const outcome of tree.outcomes) {
    checkText(issues, outcome.id, 'title', outcome.title, LIMITS.title, true);
    checkText(issues, outcome.id, 'explanation', outcome.explanation, LIMITS.explanation, true);
    if (!audienceCodes.has(outcome.audience)) issues.push({ node: outcome.id, field: 'audience', key: 'needfinder.error.unknownAudience', params: { code: outcome.audience } });
    if (outcome.themes.length === 0) issues.push({ node: outcome.id, field: 'themes', key: 'needfinder.error.noThemes' });
    if (outcome.themes.length > LIMITS.themes) issues.push({ node: outcome.id, field: 'themes', key: 'needfinder.error.tooManyThemes', params: { max: LIMITS.themes } });
    for (const code of outcome.themes) {
      if (!themeCodes.has(code)) issues.push({ node: outcome.id, field: 'themes', key: 'needfinder.error.unknownTheme', params: { code } });
    }
    if (new Set(outcome.themes).size !== outcome.themes.length) issues.push({ node: outcome.id, field: 'themes', key: 'needfinder.error.duplicateTheme' });
  }
  if (!root || root.kind !== 'question' || issues.some((issue) => issue.key === 'needfinder.error.unknownTarget' || issue.key === 'needfinder.error.duplicateNode')) {
    return issues;
  }

  // Cycles (depth-first, reported at the option that closes the loop), depth and reachability.
  const state = new Map<string, 'open' | 'done'>();
  const depth = new Map<string, number>();
  const visit = (id: string): number => {
    const node = nodes.get(id)!;
    state.set(id, 'open');
    let deepest = 0;
    if (node.kind === 'question') {
      node.options.forEach((option, index) => {
        const seen = state.get(option.next);
        if (seen === 'open') {
          issues.push({ node: id, field: `option.${index}.next`, key: 'needfinder.error.cycle', params: { id: option.next } });
          return;
        }
        deepest = Math.max(deepest, seen === 'done' ? depth.get(option.next)! : visit(option.next));
      });
      deepest += 1;
    }
    state.set(id, 'done');
    depth.set(id, deepest);
    return deepest;
  };
  const rootDepth = visit(root.id);
  if (rootDepth > MAX_DEPTH) issues.push({ node: null, field: 'root', key: 'needfinder.error.tooDeep', params: { max: MAX_DEPTH, depth: rootDepth } });
  for (const id of nodes.keys()) {
    if (!state.has(id)) issues.push({ node: id, field: 'node', key: 'needfinder.error.unreachable', params: { id } });
  }
  return issues;
}

export function isValidTree(input: unknown): input is NeedFinderTree {
  return treeIssues(input).length === 0;
}

/** How many questions are still ahead from a question (itself included) along the shortest and the longest way to an outcome. */
export function remainingQuestions(tree: NeedFinderTree, id: string, nodes = nodeMap(tree), memo = new Map<string, QuestionsAhead>()): QuestionsAhead {
  const known = memo.get(id);
  if (known !== undefined) return known;
  const node = nodes.get(id);
  let value: QuestionsAhead = { fewest: 0, most: 0 };
  if (node && node.kind !== 'outcome') {
    const after = node.options.map((option) => remainingQuestions(tree, option.next, nodes, memo));
    value = { fewest: 1 + (after.length > 0 ? Math.min(...after.map((a) => a.fewest)) : 0), most: 1 + Math.max(0, ...after.map((a) => a.most)) };
  }
  memo.set(id, value);
  return value;
}

export interface QuestionsAhead {
  fewest: number;
  most: number;
}

export interface Step {
  question: Question;
  option: TreeOption;
}

export type Walk =
  | { kind: 'question'; question: Question; steps: Step[] }
  | { kind: 'outcome'; outcome: Outcome; steps: Step[] }
  /** The path has a code that does not (or no longer) exist: `steps` is the valid beginning. */
  | { kind: 'invalid'; steps: Step[] };

/** Parses `pad`: option codes joined by dots. Anything else is not a path. */
export function parsePath(value: string | undefined): string[] | null {
  if (value === undefined || value === '') return [];
  if (value.length > 400) return null;
  const codes = value.split('.');
  return codes.every((code) => codePattern.test(code)) ? codes : null;
}

export const formatPath = (steps: readonly Step[]) => steps.map((step) => step.option.code).join('.');

/** Follows the answers from the root. */
export function walk(tree: NeedFinderTree, codes: readonly string[], nodes = nodeMap(tree)): Walk {
  const steps: Step[] = [];
  let current = nodes.get(tree.root);
  for (const code of codes) {
    if (!current || current.kind !== 'question') return { kind: 'invalid', steps };
    const option = current.options.find((candidate) => candidate.code === code);
    if (!option) return { kind: 'invalid', steps };
    steps.push({ question: current, option });
    current = nodes.get(option.next);
  }
  if (!current) return { kind: 'invalid', steps };
  return current.kind === 'question' ? { kind: 'question', question: current, steps } : { kind: 'outcome', outcome: current, steps };
}

/** The shortest answers from the root that lead to a node: the "back" of a shareable outcome page. */
export function shortestPathTo(tree: NeedFinderTree, id: string, nodes = nodeMap(tree)): string[] | null {
  const queue: { id: string; path: string[] }[] = [{ id: tree.root, path: [] }];
  const seen = new Set<string>([tree.root]);
  while (queue.length > 0) {
    const { id: current, path } = queue.shift()!;
    if (current === id) return path;
    const node = nodes.get(current);
    if (node?.kind !== 'question') continue;
    for (const option of node.options) {
      if (seen.has(option.next)) continue;
      seen.add(option.next);
      queue.push({ id: option.next, path: [...path, option.code] });
    }
  }
  return null;
}

/** A deep copy, for editing without touching the original (the default tree is shared). */
export const cloneTree = (tree: NeedFinderTree): NeedFinderTree => structuredClone(tree);
