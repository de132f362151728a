import type { AudienceCode, SubthemeCode } from './taxonomy.ts';

// The concepts of the support-need taxonomy in the words people and providers use, per language:
// for every sub-theme and audience, the words (and word beginnings) that say a text is about it.
// An import from another system has none of our codes; these words let it find the themes and
// audiences of a service from its name, its own vocabulary's terms and its description
// (`inferThemes`, `inferAudiences`). They are general words of the field, not the demo texts.
//
// Matching: text is lower-cased without accents and split into words. A term matches a word that
// starts with it ("schuld" → "schulden", "schuldhulpverlening"), and a term of 6 letters or more
// also matches inside a Dutch compound ("budgetcoach" in "gezinsbudgetcoaching"). A term with a
// space matches as a phrase.

export interface ConceptWords {
  nl: readonly string[];
  en: readonly string[];
}

export const themeConcepts: Readonly<Record<SubthemeCode, ConceptWords>> = {
  'vacatures-en-bemiddeling': {
    nl: ['vacature', 'bemiddel', 'werkzoekend', 'baan vinden', 'werk vinden', 'matching', 'banenmarkt', 'banenbeurs', 'werkgeversservicepunt', 'arbeidsbemiddeling'],
    en: ['vacanc', 'job search', 'job placement', 'find work', 'find a job', 'job fair', 'recruitment agency', 'jobseeker', 'job seeker', 'employment service'],
  },
  solliciteren: {
    nl: ['sollicit', 'cv ', 'curriculum', 'motivatiebrief', 'sollicitatiegesprek', 'linkedin', 'netwerken'],
    en: ['cv', 'resume', 'cover letter', 'job application', 'interview skills', 'applying for'],
  },
  werkervaring: {
    nl: ['werkervaring', 'stage', 'proefplaats', 'werkervaringsplaats', 'vrijwilligerswerk', 'snuffelstage', 'meeloopdag', 'leerwerkplek'],
    en: ['work experience', 'internship', 'work placement', 'volunteer', 'traineeship'],
  },
  'werk-met-begeleiding': {
    nl: ['jobcoach', 'begeleid werk', 'werk met begeleiding', 'beschut werk', 'sociale werkplaats', 'sociaal ontwikkelbedrijf', 'participatiewet', 'garantiebaan', 'banenafspraak', 'loonkostensubsidie', 'dagbesteding', 'werkfit'],
    en: ['supported employment', 'job coach', 'sheltered', 'supported work', 'sheltered employment'],
  },
  loopbaanadvies: {
    nl: ['loopbaan', 'carriere', 'beroepskeuze', 'talententest', 'beroepentest', 'studiekeuze', 'loopbaancoach'],
    en: ['career', 'careers advice', 'career guidance', 'career coach', 'vocational guidance'],
  },
  'baan-in-gevaar': {
    nl: ['reorganisatie', 'ontslag', 'boventallig', 'faillissement', 'baan in gevaar', 'baanverlies', 'baan kwijt', 'werk kwijt', 'ontslagen'],
    en: ['redundan', 'dismiss', 'laid off', 'layoff', 'lose my job', 'losing your job', 'job at risk', 'bankrupt'],
  },
  'overstappen-naar-ander-werk': {
    nl: ['van werk naar werk', 'werk naar werk', 'overstap', 'omscholing', 'omscholen', 'switch', 'ander beroep', 'ander werk', 'zij-instroom', 'zijinstro'],
    en: ['career change', 'change career', 'job to job', 'retrain', 'switching jobs', 'new career'],
  },
  ontwikkeladvies: {
    nl: ['ontwikkeladvies', 'ontwikkelbudget', 'levenlang ontwikkelen', 'leven lang ontwikkelen', 'duurzame inzetbaarheid', 'inzetbaarheid', 'ontwikkelgesprek', 'persoonlijk ontwikkelplan'],
    en: ['development advice', 'lifelong learning', 'employability', 'personal development plan', 'upskill'],
  },
  vakopleiding: {
    nl: ['opleiding', 'cursus', 'mbo', 'vakopleiding', 'diploma', 'certificaat', 'training', 'beroepsopleiding', 'vakmanschap', 'rijbewijs', 'heftruck'],
    en: ['training course', 'vocational', 'course', 'diploma', 'certificate', 'qualification', 'apprentice', 'trade school'],
  },
  'leren-en-werken': {
    nl: ['leren en werken', 'bbl', 'beroepsbegeleidende leerweg', 'leerbaan', 'leerwerk', 'werkend leren', 'praktijkleren', 'leerbedrijf'],
    en: ['learn while', 'earn and learn', 'apprenticeship', 'work-based learning', 'on-the-job training'],
  },
  ontwikkelpad: {
    nl: ['ontwikkelpad', 'tekortberoep', 'kansberoep', 'krapteberoep', 'zorgberoep', 'techniekberoep', 'instroomroute', 'opleidingstraject'],
    en: ['shortage occupation', 'pathway into', 'career pathway', 'skills shortage'],
  },
  'ervaring-erkennen': {
    nl: ['evc', 'erkenning', 'ervaringscertificaat', 'praktijkverklaring', 'diplomawaardering', 'diploma waarderen', 'idw', 'nuffic', 'buitenlands diploma', 'ervaring erkennen'],
    en: ['recognition of prior learning', 'prior learning', 'foreign diploma', 'foreign qualification', 'credential evaluation', 'accreditation of experience'],
  },
  scholingsgeld: {
    nl: ['stap-budget', 'scholingsbudget', 'scholingsvoucher', 'opleidingsbudget', 'scholingssubsidie', 'levenlanglerenkrediet', 'leven lang leren krediet', 'studiefinanciering', 'opleidingsfonds', 'scholingsfonds', 'subsidie voor scholing', 'vergoeding voor opleiding'],
    en: ['training budget', 'tuition', 'study grant', 'training grant', 'learning account', 'student finance', 'pay for training', 'funding for training'],
  },
  'nederlands-leren': {
    nl: ['nederlands leren', 'taalles', 'taalcursus', 'inburger', 'nt2', 'taalcafe', 'taalmaatje', 'taalhuis', 'nederlandse taal', 'taalcoach'],
    en: ['learn dutch', 'dutch lessons', 'dutch course', 'language class', 'civic integration', 'dutch as a second language'],
  },
  'lezen-schrijven-rekenen': {
    nl: ['laaggeletterd', 'lezen en schrijven', 'rekenen', 'basisvaardigheden', 'taalhuis', 'geletterdheid', 'beter lezen', 'taal en rekenen'],
    en: ['literacy', 'numeracy', 'reading and writing', 'basic skills', 'adult education'],
  },
  'digitale-vaardigheden': {
    nl: ['digitaal', 'digitale', 'computer', 'internet', 'digid', 'smartphone', 'klik en tik', 'informatiepunt digitale overheid', 'e-mail leren', 'tablet', 'laptop'],
    en: ['digital skills', 'computer skills', 'internet', 'online skills', 'smartphone', 'digital literacy', 'it skills'],
  },
  'ww-uitkering': {
    nl: ['ww-uitkering', 'werkloosheidswet', 'werkloosheidsuitkering', 'ww ', 'werkloos', 'uitkering aanvragen', 'werkloosheid', 'baan kwijt', 'werk kwijt', 'ontslagen'],
    en: ['unemployment benefit', 'jobseeker allowance', 'unemployment insurance', 'unemployed'],
  },
  bijstand: {
    nl: ['bijstand', 'participatiewet', 'levensonderhoud', 'bijstandsuitkering', 'sociale dienst', 'ioaw', 'ioaz'],
    en: ['social assistance', 'welfare', 'income support', 'minimum income', 'social welfare'],
  },
  'ziek-en-arbeidsongeschikt': {
    nl: ['ziektewet', 'wia', 'wga', 'iva', 'wajong', 'arbeidsongeschikt', 'ziekmelding', 'ziek uit dienst', 'keuring', 'verzekeringsarts'],
    en: ['sickness benefit', 'disability benefit', 'incapacity', 'unfit for work', 'sick leave', 'sick pay'],
  },
  rondkomen: {
    nl: ['toeslag', 'kwijtschelding', 'minima', 'minimaregeling', 'voedselbank', 'bijzondere bijstand', 'inkomensondersteuning', 'rondkomen', 'energietoeslag', 'armoede', 'regelingen', 'meedoenregeling', 'stadspas'],
    en: ['allowance', 'make ends meet', 'low income', 'food bank', 'poverty', 'benefits advice', 'hardship', 'cost of living'],
  },
  schuldhulpverlening: {
    nl: ['schuld', 'schulden', 'schuldhulp', 'schuldsanering', 'wsnp', 'betalingsachterstand', 'deurwaarder', 'incasso', 'beslag', 'schuldregeling', 'aflossen'],
    en: ['debt', 'debts', 'bailiff', 'arrears', 'debt advice', 'debt relief', 'insolvency', 'debt collector'],
  },
  budgetcoaching: {
    nl: ['budget', 'geldzaken', 'geldzorgen', 'administratie', 'thuisadministratie', 'formulierenhulp', 'formulierenbrigade', 'financiele', 'huishoudboekje', 'geldcoach', 'papierwinkel', 'geld'],
    en: ['budgeting', 'money advice', 'money worries', 'financial coaching', 'paperwork', 'household finances', 'managing money', 'money'],
  },
  'werken-met-beperking': {
    nl: ['beperking', 'handicap', 'arbeidsbeperking', 'chronisch', 'doelgroepregister', 'no-riskpolis', 'aangepaste werkplek', 'werkvoorziening', 'autisme', 'lichamelijke', 'verstandelijke', 'psychische'],
    en: ['disabilit', 'disabled', 'chronic illness', 'accessible work', 'reasonable adjustment', 'impairment', 'autism'],
  },
  'terug-naar-werk-na-ziekte': {
    nl: ['re-integratie', 'reintegratie', 'terug naar werk', 'werkhervatting', 'verzuim', 'arbodienst', 'bedrijfsarts', 'tweede spoor', 'herstel', 'burn-out', 'burnout'],
    en: ['return to work', 'back to work', 'reintegration', 'rehabilitation', 'occupational health', 'after illness', 'recovery'],
  },
  'stress-en-balans': {
    nl: ['stress', 'spanning', 'overspannen', 'balans', 'mentale', 'psychisch', 'piekeren', 'somber', 'werkdruk', 'mantelzorg'],
    en: ['stress', 'mental health', 'wellbeing', 'well-being', 'anxiety', 'counselling', 'counseling', 'work-life', 'burnout', 'depression'],
  },
  'starten-als-ondernemer': {
    nl: ['starter', 'starten', 'ondernemer', 'eigen bedrijf', 'zzp', 'zelfstandige', 'ondernemingsplan', 'bedrijf beginnen', 'kvk', 'kamer van koophandel', 'bbz', 'freelance'],
    en: ['start a business', 'starting a business', 'self-employ', 'entrepreneur', 'business plan', 'freelanc', 'startup', 'start-up', 'sole trader'],
  },
  'ondernemer-in-zwaar-weer': {
    nl: ['zwaar weer', 'ondernemersschuld', 'bedrijf in problemen', 'omzetdaling', 'faillissement', 'ondernemersklankbord', 'bbz', 'noodfonds', '155 help'],
    en: ['business in difficulty', 'struggling business', 'business debt', 'business support', 'insolvency'],
  },
  'personeel-werven': {
    nl: ['personeel', 'werving', 'werven', 'medewerkers vinden', 'kandidaten', 'vacature plaatsen', 'wervingsdag', 'recruit', 'arbeidsmarktcommunicatie'],
    en: ['recruit', 'hiring', 'hire staff', 'find staff', 'find employees', 'staffing', 'candidates'],
  },
  'inclusief-werkgeven': {
    nl: ['inclusief', 'inclusie', 'banenafspraak', 'doelgroepregister', 'garantiebaan', 'afstand tot de arbeidsmarkt', 'afstand tot werk', 'sociaal ondernemen', 'social return', 'jobcarving'],
    en: ['inclusive employer', 'inclusive hiring', 'diversity', 'social return', 'disadvantaged'],
  },
  'regelingen-en-subsidies': {
    nl: ['subsidie', 'loonkostenvoordeel', 'lkv', 'loonkostensubsidie', 'proefplaatsing', 'no-riskpolis', 'premiekorting', 'loondispensatie', 'tegemoetkoming', 'regeling', 'vergoeding'],
    en: ['subsid', 'grant', 'wage subsidy', 'employer incentive', 'tax credit', 'funding'],
  },
  'personeel-opleiden': {
    nl: ['personeel opleiden', 'medewerkers opleiden', 'bedrijfsopleiding', 'o&o-fonds', 'opleidingsfonds', 'sectorfonds', 'scholing personeel', 'leerbedrijf', 'praktijkopleider', 'bijscholing'],
    en: ['staff training', 'train staff', 'train employees', 'workforce development', 'upskilling staff'],
  },
  'boventallig-personeel': {
    nl: ['boventallig', 'afvloeien', 'afvloeiing', 'collectief ontslag', 'sociaal plan', 'mobiliteitscentrum', 'outplacement', 'reorganisatie', 'krimp'],
    en: ['redundanc', 'outplacement', 'collective dismissal', 'downsizing', 'workforce reduction'],
  },
};

export const audienceConcepts: Readonly<Record<AudienceCode, ConceptWords>> = {
  werkzoekende: {
    nl: ['werkzoekend', 'werkloos', 'zonder werk', 'geen werk', 'uitkering', 'bijstand', 'ww-', 'baan zoeken', 'werk zoeken'],
    en: ['jobseeker', 'job seeker', 'unemployed', 'out of work', 'looking for work', 'job hunting'],
  },
  werkende: {
    nl: ['werkende', 'werknemer', 'medewerker', 'je baan', 'in loondienst', 'werkenden'],
    en: ['worker', 'employee', 'in work', 'working people', 'staff member'],
  },
  werkgever: {
    nl: ['werkgever', 'bedrijven', 'ondernemers', 'personeel', 'mkb', 'organisaties die', 'werving'],
    en: ['employer', 'business', 'companies', 'recruit', 'hiring'],
  },
  zelfstandige: {
    nl: ['zelfstandige', 'zzp', 'ondernemer', 'eigen bedrijf', 'freelance', 'starter'],
    en: ['self-employ', 'freelanc', 'entrepreneur', 'sole trader', 'own business'],
  },
  jongere: {
    nl: ['jongere', 'jongeren', 'jeugd', 'schoolverlater', 'student', 'scholier', 'voortijdig schoolverlater', 'tot 27', 'onder de 27', 'jongerenloket'],
    en: ['young people', 'youth', 'young adult', 'school leaver', 'students', 'teenager', 'under 27', 'neet'],
  },
  statushouder: {
    nl: ['statushouder', 'vluchteling', 'nieuwkomer', 'asiel', 'inburger', 'vergunninghouder', 'oekraine', 'migrant'],
    en: ['refugee', 'newcomer', 'asylum', 'migrant', 'resettled', 'ukrainian'],
  },
  vijftigplusser: {
    nl: ['50-plus', '50plus', '50+', 'vijftigplus', 'ouderen', 'oudere werkzoekende', 'senior'],
    en: ['over 50', 'over-50', 'older worker', 'older people', 'senior'],
  },
  'met-beperking': {
    nl: ['beperking', 'handicap', 'chronisch', 'ziekte', 'arbeidsongeschikt', 'wajong', 'autisme', 'psychische', 'doelgroepregister'],
    en: ['disabilit', 'disabled', 'chronic', 'illness', 'impairment', 'mental health'],
  },
};

/** Lower case, no accents, punctuation as spaces, one space between words, with a space at both ends. */
export function conceptText(value: string): string {
  const plain = value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9+&-]+/g, ' ')
    .trim();
  return ` ${plain} `;
}

/** The vocabulary's terms as `conceptText` makes them, made once: every question tests them all. */
const plainTerms = new Map<string, string>();

/**
 * Whether the term occurs in the text (made by `conceptText`): a term that ends in a space is a whole
 * word ("ww "), a phrase or a short term starts a word, a term of 6 letters or more may also sit
 * inside a compound.
 */
export function termOccurs(text: string, term: string): boolean {
  let t = plainTerms.get(term);
  if (t === undefined) plainTerms.set(term, (t = conceptText(term).trim()));
  if (!t) return false;
  if (term.endsWith(' ')) return text.includes(` ${t} `);
  if (t.includes(' ') || t.length < 6) return text.includes(` ${t}`);
  return text.includes(t);
}

/** Text of a service by weight: its name and its vocabulary's terms say most, the description least. */
export interface WeightedText {
  strong: string;
  medium: string;
  weak: string;
}

function scores<C extends string>(concepts: Readonly<Record<C, ConceptWords>>, input: WeightedText): Map<C, number> {
  const parts = [
    [conceptText(input.strong), 3],
    [conceptText(input.medium), 2],
    [conceptText(input.weak), 1],
  ] as const;
  const out = new Map<C, number>();
  for (const code of Object.keys(concepts) as C[]) {
    const words = [...concepts[code].nl, ...concepts[code].en];
    let score = 0;
    for (const word of words) {
      // Each word counts once, where it weighs most.
      const weight = parts.find(([text]) => termOccurs(text, word))?.[1] ?? 0;
      score += weight;
    }
    if (score > 0) out.set(code, score);
  }
  return out;
}

/**
 * The sub-themes a service is about: those whose words it uses enough (a score of at least 3, or
 * half the best score), the best three. A service whose text names no theme word gets none.
 */
export function inferThemes(input: WeightedText): SubthemeCode[] {
  const ranked = [...scores(themeConcepts, input)].sort((a, b) => b[1] - a[1]);
  const best = ranked[0]?.[1] ?? 0;
  const floor = Math.max(3, best / 2);
  const chosen = ranked.filter(([, score]) => score >= floor).slice(0, 3);
  // One weak mention is better than nothing for a coordinator to correct.
  return (chosen.length > 0 ? chosen : ranked.slice(0, 1)).map(([code]) => code);
}

/** The audiences a service names (a score of at least 2), in the taxonomy's order. */
export function inferAudiences(input: WeightedText): AudienceCode[] {
  const found = scores(audienceConcepts, input);
  return (Object.keys(audienceConcepts) as AudienceCode[]).filter((code) => (found.get(code) ?? 0) >= 2);
}

/**
 * Everyday English words of the field in Dutch, for questions in English (the concepts above carry
 * the English of each theme; these are the words between them).
 */
export const englishToDutch: Readonly<Record<string, readonly string[]>> = {
  job: ['werk', 'baan'],
  jobs: ['werk', 'vacature'],
  work: ['werk'],
  working: ['werk', 'werken'],
  employment: ['werk'],
  benefit: ['uitkering'],
  benefits: ['uitkering'],
  unemployment: ['ww', 'werkloos'],
  unemployed: ['werkloos', 'ww'],
  debt: ['schuld', 'schuldhulpverlening'],
  debts: ['schuld', 'schuldhulpverlening'],
  money: ['geld', 'geldzaken'],
  help: ['hulp'],
  advice: ['advies'],
  career: ['loopbaan'],
  change: ['overstappen', 'ander werk'],
  training: ['training', 'cursus'],
  course: ['cursus', 'opleiding'],
  courses: ['cursus', 'opleiding'],
  interview: ['sollicitatiegesprek', 'sollicitatie'],
  application: ['sollicitatie'],
  apply: ['solliciteren', 'aanvragen'],
  learn: ['leren'],
  dutch: ['nederlands', 'taal'],
  language: ['taal'],
  business: ['bedrijf', 'ondernemer'],
  start: ['starten', 'starter'],
  staff: ['personeel'],
  hiring: ['personeel', 'werven'],
  hire: ['personeel', 'aannemen'],
  employees: ['personeel', 'medewerkers'],
  young: ['jongeren'],
  youth: ['jongeren'],
  refugee: ['statushouder', 'vluchteling'],
  sick: ['ziek'],
  illness: ['ziekte'],
  disability: ['beperking'],
  social: ['bijstand'],
  assistance: ['bijstand', 'hulp'],
  welfare: ['bijstand'],
  computer: ['computer', 'digitaal'],
  diploma: ['diploma'],
  internship: ['stage'],
  volunteer: ['vrijwilligerswerk'],
  stress: ['stress'],
};
