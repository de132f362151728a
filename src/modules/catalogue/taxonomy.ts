// The support-need taxonomy of the Werkcentrum: services are found by what a person needs, never
// by their benefit type alone (ontschotting). Two levels; codes are stable, labels are B1 Dutch
// with English. Audiences say who a service is for. Used by the catalogue, search facets and the
// need finder (wegwijzer).

export interface Term {
  code: string;
  nl: string;
  en: string;
  /** One line a citizen understands, for terms they may not know. */
  explainNl?: string;
  explainEn?: string;
}

export interface Theme extends Term {
  children: readonly Term[];
}

export const themes = [
  {
    code: 'werk-vinden',
    nl: 'Werk vinden',
    en: 'Finding work',
    children: [
      { code: 'vacatures-en-bemiddeling', nl: 'Vacatures en bemiddeling naar werk', en: 'Vacancies and job placement' },
      { code: 'solliciteren', nl: 'Solliciteren', en: 'Applying for jobs' },
      { code: 'werkervaring', nl: 'Werkervaring opdoen', en: 'Gaining work experience' },
      { code: 'werk-met-begeleiding', nl: 'Werk met begeleiding', en: 'Supported employment' },
    ],
  },
  {
    code: 'loopbaan-en-vwnw',
    nl: 'Loopbaan en van werk naar werk',
    en: 'Career and job-to-job',
    explainNl: 'Van werk naar werk: je stapt over naar een andere baan zonder werkloos te worden.',
    explainEn: 'Job-to-job: you move to another job without becoming unemployed.',
    children: [
      { code: 'loopbaanadvies', nl: 'Loopbaanadvies', en: 'Career advice' },
      { code: 'baan-in-gevaar', nl: 'Je baan is in gevaar', en: 'Your job is at risk' },
      { code: 'overstappen-naar-ander-werk', nl: 'Overstappen naar ander werk', en: 'Moving to other work' },
      { code: 'ontwikkeladvies', nl: 'Ontwikkeladvies voor werkenden', en: 'Development advice for workers' },
    ],
  },
  {
    code: 'scholing-en-ontwikkelpaden',
    nl: 'Scholing en ontwikkelpaden',
    en: 'Training and development paths',
    explainNl: 'Een ontwikkelpad brengt je stap voor stap naar een beroep waar veel werk is.',
    explainEn: 'A development path takes you step by step to an occupation with many jobs.',
    children: [
      { code: 'vakopleiding', nl: 'Een vak leren (mbo, cursus)', en: 'Learning a trade (vocational course)' },
      { code: 'leren-en-werken', nl: 'Leren en werken tegelijk', en: 'Learning while working' },
      { code: 'ontwikkelpad', nl: 'Ontwikkelpaden naar een tekortberoep', en: 'Paths into shortage occupations' },
      { code: 'ervaring-erkennen', nl: 'Je ervaring laten erkennen', en: 'Getting your experience recognised' },
      { code: 'scholingsgeld', nl: 'Geld voor scholing', en: 'Money for training' },
    ],
  },
  {
    code: 'taal-en-digitale-vaardigheden',
    nl: 'Taal en digitale vaardigheden',
    en: 'Language and digital skills',
    children: [
      { code: 'nederlands-leren', nl: 'Nederlands leren', en: 'Learning Dutch' },
      { code: 'lezen-schrijven-rekenen', nl: 'Beter lezen, schrijven en rekenen', en: 'Better reading, writing and arithmetic' },
      { code: 'digitale-vaardigheden', nl: 'Omgaan met computer en telefoon', en: 'Using computers and phones' },
    ],
  },
  {
    code: 'inkomen-en-uitkering',
    nl: 'Inkomen en uitkering',
    en: 'Income and benefits',
    children: [
      { code: 'ww-uitkering', nl: 'WW-uitkering', en: 'Unemployment benefit (WW)', explainNl: 'Geld van UWV als je je baan kwijt bent.', explainEn: 'Money from UWV when you lose your job.' },
      { code: 'bijstand', nl: 'Bijstand', en: 'Social assistance', explainNl: 'Geld van de gemeente als je te weinig inkomen hebt om van te leven.', explainEn: 'Money from the municipality when your income is too low to live on.' },
      { code: 'ziek-en-arbeidsongeschikt', nl: 'Ziek of arbeidsongeschikt', en: 'Sick or unfit for work' },
      { code: 'rondkomen', nl: 'Rondkomen en regelingen', en: 'Making ends meet and schemes' },
    ],
  },
  {
    code: 'schulden-en-geldzorgen',
    nl: 'Schulden en geldzorgen',
    en: 'Debt and money worries',
    children: [
      { code: 'schuldhulpverlening', nl: 'Schuldhulpverlening', en: 'Debt counselling' },
      { code: 'budgetcoaching', nl: 'Hulp bij je geldzaken', en: 'Help with your finances' },
    ],
  },
  {
    code: 'gezondheid-en-werk',
    nl: 'Gezondheid en werk',
    en: 'Health and work',
    children: [
      { code: 'werken-met-beperking', nl: 'Werken met een beperking', en: 'Working with a disability' },
      { code: 'terug-naar-werk-na-ziekte', nl: 'Terug naar werk na ziekte', en: 'Back to work after illness' },
      { code: 'stress-en-balans', nl: 'Stress en balans', en: 'Stress and balance' },
    ],
  },
  {
    code: 'ondernemen',
    nl: 'Ondernemen',
    en: 'Running a business',
    children: [
      { code: 'starten-als-ondernemer', nl: 'Starten als ondernemer', en: 'Starting a business' },
      { code: 'ondernemer-in-zwaar-weer', nl: 'Ondernemer in zwaar weer', en: 'Business in difficulty' },
    ],
  },
  {
    code: 'personeel-en-werkgeversvragen',
    nl: 'Personeel en werkgeversvragen',
    en: 'Staff and employer questions',
    children: [
      { code: 'personeel-werven', nl: 'Personeel vinden', en: 'Finding staff' },
      { code: 'inclusief-werkgeven', nl: 'Mensen met een afstand tot werk aannemen', en: 'Hiring people who are far from the labour market' },
      { code: 'regelingen-en-subsidies', nl: 'Regelingen en subsidies voor werkgevers', en: 'Schemes and subsidies for employers' },
      { code: 'personeel-opleiden', nl: 'Personeel opleiden', en: 'Training staff' },
      { code: 'boventallig-personeel', nl: 'Personeel dat moet afvloeien', en: 'Staff facing redundancy' },
    ],
  },
] as const satisfies readonly Theme[];

export type ThemeCode = (typeof themes)[number]['code'];
export type SubthemeCode = (typeof themes)[number]['children'][number]['code'];

export const audiences = [
  { code: 'werkzoekende', nl: 'Werkzoekende', en: 'Job seeker' },
  { code: 'werkende', nl: 'Werkende', en: 'Worker' },
  { code: 'werkgever', nl: 'Werkgever', en: 'Employer' },
  { code: 'zelfstandige', nl: 'Zelfstandige', en: 'Self-employed' },
  { code: 'jongere', nl: 'Jongere (tot 27 jaar)', en: 'Young person (under 27)' },
  { code: 'statushouder', nl: 'Statushouder', en: 'Refugee with a residence permit', explainNl: 'Iemand die als vluchteling een verblijfsvergunning heeft gekregen.', explainEn: 'Someone who received a residence permit as a refugee.' },
  { code: 'vijftigplusser', nl: '50-plusser', en: 'Over 50' },
  { code: 'met-beperking', nl: 'Met een beperking of ziekte', en: 'With a disability or illness' },
] as const satisfies readonly Term[];

export type AudienceCode = (typeof audiences)[number]['code'];

export const deliveryModes = [
  { code: 'op-locatie', nl: 'Op locatie', en: 'In person' },
  { code: 'online', nl: 'Online', en: 'Online' },
  { code: 'telefonisch', nl: 'Telefonisch', en: 'By phone' },
  { code: 'aan-huis', nl: 'Bij je thuis', en: 'At home' },
] as const satisfies readonly Term[];

export type DeliveryModeCode = (typeof deliveryModes)[number]['code'];

export const accessRoutes = [
  { code: 'direct', nl: 'Je kunt zelf contact opnemen', en: 'You can contact them yourself' },
  { code: 'via-verwijzing', nl: 'Via een gidsfunctionaris of je klantmanager', en: 'Through a guide or your case manager' },
  { code: 'via-api', nl: 'Aanmelden via het systeem van een partner', en: 'Registration through a partner’s system' },
] as const satisfies readonly Term[];

export type AccessRouteCode = (typeof accessRoutes)[number]['code'];

export const subthemeCodes: readonly SubthemeCode[] = themes.flatMap((theme) => theme.children.map((child) => child.code));

export function themeOf(subtheme: SubthemeCode): ThemeCode {
  return themes.find((theme) => (theme.children as readonly Term[]).some((child) => child.code === subtheme))!.code;
}
