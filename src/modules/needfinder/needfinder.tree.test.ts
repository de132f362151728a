import { describe, expect, it } from 'vitest';
import { translator } from '../../platform/i18n/index.ts';
import { defaultTree } from './needfinder.default.ts';
import {
  applyNewOutcome,
  applyNewQuestion,
  applyOutcomeForm,
  applyQuestionForm,
  applyRemoval,
  emptyNewOutcomeForm,
  emptyNewQuestionForm,
  hasChanges,
  outcomeFormOf,
  parseNewQuestionForm,
  parseQuestionForm,
  planRemoval,
  questionFormOf,
  treeChanges,
} from './needfinder.edit.ts';
import { cloneTree, MAX_DEPTH, parsePath, remainingQuestions, shortestPathTo, treeIssues, walk, type NeedFinderTree } from './needfinder.tree.ts';

const t = translator('nl');
const messages = (tree: unknown) => treeIssues(tree).map((issue) => `${issue.node ?? '-'} ${issue.field}: ${t(issue.key, issue.params)}`);

describe('the default wegwijzer', () => {
  it('validates: every option leads somewhere, no cycles, all nodes reachable, codes in the taxonomy', () => {
    expect(messages(defaultTree)).toEqual([]);
  });

  it('starts with "Wie ben je?" and offers werkzoekende, werkende, werkgever, zelfstandige and jongere', () => {
    const root = defaultTree.questions.find((question) => question.id === defaultTree.root)!;
    expect(root.text.nl).toBe('Wie ben je?');
    expect(root.options.map((option) => option.code)).toEqual(expect.arrayContaining(['werkzoekende', 'werkende', 'werkgever', 'zelfstandige', 'jongere']));
  });

  it('brings a worker whose job is at risk to career advice and training money in three answers', () => {
    const result = walk(defaultTree, ['werkende', 'baan-in-gevaar', 'advies']);
    expect(result.kind).toBe('outcome');
    if (result.kind !== 'outcome') return;
    expect(result.outcome.audience).toBe('werkende');
    expect(result.outcome.themes).toEqual(expect.arrayContaining(['loopbaanadvies', 'ontwikkeladvies', 'scholingsgeld']));
    expect(result.steps.map((step) => step.question.text.nl)).toEqual(['Wie ben je?', 'Hoe gaat het met je werk?', 'Wat wil je nu het liefst?']);
  });

  it('has English for every text', () => {
    for (const question of defaultTree.questions) {
      expect(question.text.en, question.id).not.toBe('');
      for (const option of question.options) expect(option.label.en, `${question.id}/${option.code}`).not.toBe('');
    }
    for (const outcome of defaultTree.outcomes) expect(outcome.title.en && outcome.explanation.en, outcome.id).toBeTruthy();
  });

  it('counts the questions still ahead and finds the way back to an outcome', () => {
    // An employer answers two questions, a worker three: the count says "at most" only where ways differ.
    expect(remainingQuestions(defaultTree, 'wie-ben-je')).toEqual({ fewest: 2, most: 3 });
    expect(remainingQuestions(defaultTree, 'werkgever-vraag')).toEqual({ fewest: 1, most: 1 });
    expect(shortestPathTo(defaultTree, 'werkende-baan-in-gevaar-advies')).toEqual(['werkende', 'baan-in-gevaar', 'advies']);
  });
});

describe('paths in the address', () => {
  it('accepts option codes joined by dots and nothing else', () => {
    expect(parsePath(undefined)).toEqual([]);
    expect(parsePath('werkende.baan-in-gevaar')).toEqual(['werkende', 'baan-in-gevaar']);
    for (const bad of ['werkende..x', 'Werkende', 'a b', '<script>', 'werkende.', '../x']) expect(parsePath(bad), bad).toBeNull();
  });

  it('stops at an answer that does not exist and keeps the valid beginning', () => {
    const result = walk(defaultTree, ['werkende', 'bestaat-niet']);
    expect(result.kind).toBe('invalid');
    expect(result.steps.map((step) => step.option.code)).toEqual(['werkende']);
  });
});

describe('a broken tree is rejected with clear messages', () => {
  const broken = (change: (tree: NeedFinderTree) => void) => {
    const tree = cloneTree(defaultTree);
    change(tree);
    return messages(tree);
  };

  it('names an option that leads nowhere', () => {
    expect(broken((tree) => (tree.questions[1]!.options[0]!.next = 'weg'))).toEqual([
      'werkende-situatie option.0.next: Dit antwoord leidt naar “weg”, maar die vraag of uitkomst bestaat niet.',
    ]);
  });

  it('finds a cycle and reports it at the option that closes it', () => {
    const result = broken((tree) => (tree.questions.find((q) => q.id === 'werkende-baan-in-gevaar')!.options[0]!.next = 'werkende-situatie'));
    expect(result[0]).toBe(
      'werkende-baan-in-gevaar option.0.next: Dit antwoord leidt terug naar “werkende-situatie”. Dan blijft iemand rondjes lopen en komt nooit bij een uitkomst.',
    );
    // The outcome that option led to is now unreachable too.
    expect(result).toContain('werkende-baan-in-gevaar-advies node: Niemand komt nog bij “werkende-baan-in-gevaar-advies”: geen enkel antwoord leidt ernaartoe. Laat een antwoord naar “werkende-baan-in-gevaar-advies” leiden.');
  });

  it('rejects unreachable nodes, unknown taxonomy codes, empty texts and duplicate codes', () => {
    const result = broken((tree) => {
      tree.outcomes.push({ id: 'los', title: { nl: 'Los', en: '' }, explanation: { nl: 'x', en: '' }, audience: 'werkende', themes: ['loopbaanadvies'] });
      tree.outcomes[0]!.audience = 'astronaut';
      tree.outcomes[0]!.themes = ['ruimtevaart'];
      tree.questions[0]!.text.nl = ' ';
      tree.questions[0]!.options[1]!.code = tree.questions[0]!.options[0]!.code;
    });
    expect(result).toEqual(
      expect.arrayContaining([
        'los node: Niemand komt nog bij “los”: geen enkel antwoord leidt ernaartoe. Laat een antwoord naar “los” leiden.',
        'werkende-baan-in-gevaar-advies audience: Kies voor wie deze uitkomst is (“astronaut” kennen we niet).',
        'werkende-baan-in-gevaar-advies themes: Het onderwerp “ruimtevaart” bestaat niet.',
        'wie-ben-je textNl: Vul dit in.',
        'wie-ben-je option.1.code: Twee antwoorden hebben de code “werkzoekende”. Kies een andere code.',
      ]),
    );
  });

  it('limits the depth', () => {
    const tree: NeedFinderTree = { root: 'q0', questions: [], outcomes: [{ id: 'end', title: { nl: 'Einde', en: '' }, explanation: { nl: 'x', en: '' }, audience: 'werkende', themes: ['werk-vinden'] }] };
    for (let i = 0; i <= MAX_DEPTH; i++) {
      const next = i === MAX_DEPTH ? 'end' : `q${i + 1}`;
      tree.questions.push({ id: `q${i}`, text: { nl: `Vraag ${i}`, en: '' }, options: [{ code: 'a', label: { nl: 'A', en: '' }, next }, { code: 'b', label: { nl: 'B', en: '' }, next: 'end' }] });
    }
    expect(messages(tree)).toEqual([`- root: Iemand moet nu ${MAX_DEPTH + 1} vragen achter elkaar beantwoorden. Gebruik er hoogstens ${MAX_DEPTH}.`]);
  });

  it('rejects something that is not a tree at all', () => {
    expect(messages({ root: 'x' })[0]).toMatch(/^- tree: De wegwijzer klopt niet bij/);
    expect(messages(null).length).toBeGreaterThan(0);
  });
});

describe('editing one question or outcome', () => {
  const body = (form: ReturnType<typeof questionFormOf>) => {
    const fields: Record<string, string> = { version: form.version, textNl: form.textNl, textEn: form.textEn, helpNl: form.helpNl, helpEn: form.helpEn };
    form.options.forEach((row, i) => {
      Object.assign(fields, { [`option.${i}.code`]: row.code, [`option.${i}.labelNl`]: row.labelNl, [`option.${i}.labelEn`]: row.labelEn, [`option.${i}.next`]: row.next });
      if (row.isNew) fields[`option.${i}.new`] = '1';
      if (row.remove) fields[`option.${i}.remove`] = 'ja';
    });
    return fields;
  };
  const question = defaultTree.questions.find((q) => q.id === 'werkende-situatie')!;

  it('changes texts, adds an answer and keeps existing codes fixed', () => {
    const fields = body(questionFormOf(question, 0));
    fields.textNl = 'Hoe gaat het op je werk?';
    fields['option.0.code'] = 'gehackt';
    const added = question.options.length;
    Object.assign(fields, { [`option.${added}.code`]: 'ander-werk', [`option.${added}.labelNl`]: 'Ik wil ander werk', [`option.${added}.next`]: 'werkende-overstappen' });
    const result = applyQuestionForm(defaultTree, question.id, parseQuestionForm(fields, question), 'nl');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const edited = result.tree.questions.find((q) => q.id === question.id)!;
    expect(edited.text.nl).toBe('Hoe gaat het op je werk?');
    expect(edited.options[0]!.code).toBe('baan-in-gevaar');
    expect(edited.options.at(-1)).toEqual({ code: 'ander-werk', label: { nl: 'Ik wil ander werk', en: '' }, next: 'werkende-overstappen' });
    // The shared default is untouched.
    expect(question.text.nl).toBe('Hoe gaat het met je werk?');
  });

  it('refuses a change that orphans a question, at the field that did it', () => {
    const form = questionFormOf(question, 0);
    form.options[0]!.next = 'werkende-overstappen';
    const result = applyQuestionForm(defaultTree, question.id, form, 'nl');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.field, t(e.key, e.params)])).toContainEqual([
      'option.0.next',
      'Niemand komt nog bij “Wat wil je nu het liefst?”: geen enkel antwoord leidt ernaartoe. Laat een antwoord naar “Wat wil je nu het liefst?” leiden.',
    ]);
  });

  it('refuses a loop back to an earlier question and a new answer without a valid code', () => {
    const form = questionFormOf(defaultTree.questions.find((q) => q.id === 'werkende-groeien')!, 0);
    form.options[2]!.next = 'werkende-situatie';
    const loop = applyQuestionForm(defaultTree, 'werkende-groeien', form, 'nl');
    expect(loop.ok || loop.errors.map((e) => e.field)).toEqual(['option.2.next']);
    const newRow = questionFormOf(question, 0);
    Object.assign(newRow.options.at(-1)!, { code: 'Met Spaties', labelNl: 'x', next: 'werkende-taal' });
    const bad = applyQuestionForm(defaultTree, question.id, newRow, 'nl');
    expect(bad.ok || bad.errors).toEqual([{ field: `option.${question.options.length}.code`, key: 'needfinder.error.invalidCode' }]);
  });

  it('edits an outcome and checks its audience and themes', () => {
    const outcome = defaultTree.outcomes[0]!;
    const good = applyOutcomeForm(defaultTree, outcome.id, { ...outcomeFormOf(outcome, 0), themes: ['loopbaanadvies', 'werk-vinden'] }, 'nl');
    expect(good.ok && good.tree.outcomes[0]!.themes).toEqual(['loopbaanadvies', 'werk-vinden']);
    const bad = applyOutcomeForm(defaultTree, outcome.id, { ...outcomeFormOf(outcome, 0), titleNl: '', themes: [] }, 'nl');
    expect(bad.ok || bad.errors.map((e) => `${e.field} ${e.key}`)).toEqual(['titleNl needfinder.error.required', 'themes needfinder.error.noThemes']);
  });
});

describe('adding a question or an outcome', () => {
  const outcomeForm = (overrides: Partial<ReturnType<typeof emptyNewOutcomeForm>> = {}) => ({
    ...emptyNewOutcomeForm(0),
    id: 'werkende-pensioen',
    titleNl: 'Hulp bij je pensioen',
    explanationNl: 'Je wilt weten wat je pensioen wordt. Een adviseur rekent het met je uit.',
    audience: 'werkende',
    themes: ['loopbaanadvies'],
    ...overrides,
  });

  it('adds an outcome behind a new answer at a question, with a code that fits the pattern', () => {
    const result = applyNewOutcome(defaultTree, outcomeForm({ link: { from: 'werkende-situatie', code: 'pensioen', labelNl: 'Ik wil weten wat mijn pensioen wordt', labelEn: '' } }), 'nl');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.tree.outcomes.at(-1)!.id).toBe('werkende-pensioen');
    expect(result.tree.questions.find((q) => q.id === 'werkende-situatie')!.options.at(-1)).toEqual({
      code: 'pensioen',
      label: { nl: 'Ik wil weten wat mijn pensioen wordt', en: '' },
      next: 'werkende-pensioen',
    });
    expect(walk(result.tree, ['werkende', 'pensioen']).kind).toBe('outcome');
    expect(treeChanges(defaultTree, result.tree)).toEqual({ added: ['werkende-pensioen'], changed: ['werkende-situatie'], removed: [], rootChanged: false });
    // The shared default is untouched.
    expect(defaultTree.outcomes.some((o) => o.id === 'werkende-pensioen')).toBe(false);
  });

  it('refuses a code that does not fit the pattern or already exists, a missing link, and puts the link’s errors at its fields', () => {
    const bad = applyNewOutcome(defaultTree, outcomeForm({ id: 'Met Spaties', link: { from: '', code: '', labelNl: '', labelEn: '' } }), 'nl');
    expect(bad.ok || bad.errors).toEqual([
      { field: 'id', key: 'needfinder.error.invalidCode' },
      { field: 'from', key: 'needfinder.error.chooseLink' },
    ]);
    const taken = applyNewOutcome(defaultTree, outcomeForm({ id: 'werkende-taal', link: { from: 'werkende-situatie', code: 'x', labelNl: 'X', labelEn: '' } }), 'nl');
    expect(taken.ok || taken.errors).toEqual([{ field: 'id', key: 'needfinder.error.nodeExists', params: { id: 'werkende-taal' } }]);
    const noLabel = applyNewOutcome(defaultTree, outcomeForm({ themes: [], link: { from: 'werkende-situatie', code: 'taal', labelNl: '', labelEn: '' } }), 'nl');
    expect(noLabel.ok || noLabel.errors.map((e) => `${e.field} ${e.key}`)).toEqual([
      'fromCode needfinder.error.duplicateOption',
      'fromLabelNl needfinder.error.required',
      'themes needfinder.error.noThemes',
    ]);
  });

  it('adds a question between an answer and where it led, with answers of its own', () => {
    const form = parseNewQuestionForm({
      version: '0',
      id: 'werkende-overstappen-vraag',
      textNl: 'Weet je al naar welk vak?',
      'option.0.code': 'ja',
      'option.0.labelNl': 'Ja',
      'option.0.next': 'werkende-overstappen',
      'option.1.code': 'nee',
      'option.1.labelNl': 'Nee, nog niet',
      'option.1.next': 'werkende-loopbaanadvies',
      'option.2.code': '',
      'option.2.labelNl': '',
      'option.2.next': '',
      from: 'werkende-groeien/overstappen',
    });
    expect(form.options).toHaveLength(3);
    const result = applyNewQuestion(defaultTree, form, 'nl');
    expect(result.ok || result.errors).toBe(true);
    if (!result.ok) return;
    expect(walk(result.tree, ['werkende', 'verder-groeien', 'overstappen', 'ja'])).toMatchObject({ kind: 'outcome', outcome: { id: 'werkende-overstappen' } });
  });

  it('refuses a new question with one answer, and a redirected answer that leaves a node unreachable', () => {
    const one = applyNewQuestion(
      defaultTree,
      { ...emptyNewQuestionForm(0), id: 'een-antwoord', textNl: 'Vraag', options: [{ code: 'a', labelNl: 'A', labelEn: '', next: 'werkende-taal', remove: false, isNew: true }], link: { from: 'werkende-situatie', code: 'nieuw', labelNl: 'Nieuw', labelEn: '' } },
      'nl',
    );
    expect(one.ok || one.errors.map((e) => `${e.field} ${e.key}`)).toEqual(['options needfinder.error.fewOptions']);
    const orphaning = applyNewOutcome(defaultTree, outcomeForm({ link: { from: 'werkende-situatie/taal', code: '', labelNl: '', labelEn: '' } }), 'nl');
    expect(orphaning.ok || orphaning.errors.map((e) => `${e.field} ${t(e.key, e.params)}`)).toEqual([
      'from Niemand komt nog bij “Beter Nederlands, lezen, schrijven of computeren”: geen enkel antwoord leidt ernaartoe. Laat een antwoord naar “Beter Nederlands, lezen, schrijven of computeren” leiden.',
    ]);
  });
});

describe('removing a question or an outcome', () => {
  it('removes an outcome with the one answer that led there', () => {
    const { removal } = planRemoval(defaultTree, 'werkende-taal');
    expect(removal).toEqual({ link: { question: 'werkende-situatie', option: 'taal' }, alsoRemoved: [] });
    const result = applyRemoval(defaultTree, 'werkende-taal', 'nl');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.tree.outcomes.some((o) => o.id === 'werkende-taal')).toBe(false);
    expect(result.tree.questions.find((q) => q.id === 'werkende-situatie')!.options.map((o) => o.code)).not.toContain('taal');
    const changes = treeChanges(defaultTree, result.tree);
    expect(changes).toEqual({ added: [], changed: ['werkende-situatie'], removed: ['werkende-taal'], rootChanged: false });
    expect(hasChanges(treeChanges(defaultTree, defaultTree))).toBe(false);
  });

  it('removes a question with what only it led to, and keeps what other answers still reach', () => {
    const { removal } = planRemoval(defaultTree, 'werkende-baan-in-gevaar');
    expect(removal.link).toEqual({ question: 'werkende-situatie', option: 'baan-in-gevaar' });
    expect(removal.alsoRemoved.sort()).toEqual(['werkende-baan-in-gevaar-advies', 'werkende-ontslag']);
    const result = applyRemoval(defaultTree, 'werkende-baan-in-gevaar', 'nl');
    expect(result.ok && result.tree.outcomes.some((o) => o.id === 'werkende-overstappen')).toBe(true);
  });

  it('refuses while other answers still lead there, the first question, and a question left with one answer, with the reason at the button', () => {
    const linked = applyRemoval(defaultTree, 'werkende-overstappen', 'nl');
    expect(linked.ok || linked.errors.map((e) => `${e.field} ${t(e.key, e.params)}`)).toEqual([
      'removeNode Het antwoord “Overstappen naar een ander vak met veel werk” bij de vraag “Wat wil je nu het liefst?” leidt hier nog naartoe. Laat dat antwoord eerst ergens anders naartoe leiden, of verwijder het.',
      'removeNode Het antwoord “Overstappen naar een ander vak met veel werk” bij de vraag “Wat wil je?” leidt hier nog naartoe. Laat dat antwoord eerst ergens anders naartoe leiden, of verwijder het.',
    ]);
    expect(applyRemoval(defaultTree, defaultTree.root, 'nl')).toEqual({ ok: false, errors: [{ field: 'removeNode', key: 'needfinder.error.removeRoot' }] });
    const lonely = applyRemoval(defaultTree, 'statushouder-taal', 'nl');
    expect(lonely.ok || lonely.errors.map((e) => t(e.key, e.params))).toEqual(['Dan houdt de vraag “Waar wil je mee beginnen?” maar één antwoord over. Geef die vraag eerst een ander antwoord erbij.']);
  });
});
