// Questions as citizens, workers and employers type them into a Werkcentrum's search box, written
// for the relevance benchmark without looking at the service texts (no words copied from names or
// descriptions on purpose: people use their own words, fillers, English, typos and compounds). Each
// names the services of the demo catalogue that answer it: grade 2 is the right service, grade 1 a
// useful one. Regions: Twente (AM05), Groot Amsterdam (AM18), Zuid-Limburg (AM30).

export interface Question {
  q: string;
  region: string;
  who: 'inwoner' | 'werkende' | 'werkgever';
  /** Service key → grade (2: the right one, 1: useful too). */
  relevant: Record<string, 1 | 2>;
}

export const questions: Question[] = [
  // Losing a job, benefits
  { q: 'ik ben mijn baan kwijt wat nu', region: 'AM05', who: 'inwoner', relevant: { 'uwv-ww-aanvragen': 2, 'uwv-werk-zoeken-met-ww': 1, 'werkcentrum-inloop': 1 } },
  { q: 'ontslagen door faillissement geld', region: 'AM05', who: 'werkende', relevant: { 'uwv-ww-aanvragen': 2, 'ontslag-spreekuur-samen-verder': 1 } },
  { q: 'werkloosheidsuitkering aanvragen', region: 'AM30', who: 'inwoner', relevant: { 'uwv-ww-aanvragen': 2 } },
  { q: 'unemployment benefit', region: 'AM18', who: 'inwoner', relevant: { 'uwv-ww-aanvragen': 2, 'uwv-werk-zoeken-met-ww': 1 } },
  { q: 'geen inkomen meer en niks gespaard', region: 'AM05', who: 'inwoner', relevant: { 'bijstand-enschede': 2, 'bijstand-hengelo': 2, 'regelingen-enschede': 1 } },
  { q: 'uitkering gemeente heerlen', region: 'AM30', who: 'inwoner', relevant: { 'heerlen-bijstand': 2, 'heerlen-bijzondere-bijstand-minima': 1 } },
  { q: 'social assistance amsterdam', region: 'AM18', who: 'inwoner', relevant: { 'bijstand-aanvragen-amsterdam': 2 } },
  { q: 'ziek en mijn contract stopt', region: 'AM05', who: 'werkende', relevant: { 'uwv-ziek-arbeidsongeschikt': 2 } },
  { q: 'wia keuring', region: 'AM30', who: 'werkende', relevant: { 'uwv-ziek-en-arbeidsongeschikt': 2 } },
  // Money and debts
  { q: 'ik heb schulden', region: 'AM05', who: 'inwoner', relevant: { 'schuldhulpverlening-enschede': 2, 'schuldhulpverlening-hengelo': 2, 'geldzorgenlijn-hulplijn': 2, 'budgetcoach-aan-huis': 1 } },
  { q: 'deurwaarder staat voor de deur', region: 'AM18', who: 'inwoner', relevant: { 'schuldhulpverlening-amsterdam': 2, 'schuldhulp-haarlemmermeer': 2, 'geldzorgenlijn-hulplijn': 2 } },
  { q: 'kan de huur niet betalen', region: 'AM30', who: 'inwoner', relevant: { 'heerlen-schuldhulpverlening': 2, 'maastricht-schuldhulpverlening': 2, 'welzijn-geldzorgen-spreekuur': 2, 'geldzorgenlijn-hulplijn': 1, 'heerlen-bijzondere-bijstand-minima': 1 } },
  { q: 'hulp met post en rekeningen', region: 'AM18', who: 'inwoner', relevant: { 'thuisadministratie-vrijwilligers': 2, 'spreekuur-geldzaken-bibliotheek': 1 } },
  { q: 'iemand die met me meekijkt naar mijn geld', region: 'AM05', who: 'inwoner', relevant: { 'budgetcoach-aan-huis': 2, 'formulierenhulp-tukkerhoek': 1 } },
  { q: 'debt help', region: 'AM30', who: 'inwoner', relevant: { 'heerlen-schuldhulpverlening': 2, 'maastricht-schuldhulpverlening': 2, 'welzijn-geldzorgen-spreekuur': 1, 'geldzorgenlijn-hulplijn': 1 } },
  { q: 'anoniem praten over geldproblemen', region: 'AM05', who: 'inwoner', relevant: { 'geldzorgenlijn-hulplijn': 2 } },
  { q: 'toeslagen aanvragen hulp bij brief', region: 'AM05', who: 'inwoner', relevant: { 'formulierenhulp-tukkerhoek': 2 } },
  { q: 'weinig geld regelingen', region: 'AM05', who: 'inwoner', relevant: { 'regelingen-enschede': 2, 'formulierenhulp-tukkerhoek': 1 } },
  { q: 'minima regeling', region: 'AM30', who: 'inwoner', relevant: { 'heerlen-bijzondere-bijstand-minima': 2, 'welzijn-formulierenhulp-toeslagen': 1 } },
  // Finding work, applying
  { q: 'hoe schrijf ik een goede cv', region: 'AM05', who: 'inwoner', relevant: { 'twente-cv-spreekuur-bibliotheek': 2, 'sollicitatietraining-de-wissel': 2 } },
  { q: 'oefenen voor een gesprek met werkgever', region: 'AM30', who: 'inwoner', relevant: { 'werkroute-sollicitatietraining': 2, 'bibliotheek-sollicitatiespreekuur': 1 } },
  { q: 'job interview training', region: 'AM18', who: 'inwoner', relevant: { sollicitatietraining: 2, 'amsterdam-cv-spreekuur-bibliotheek': 1 } },
  { q: 'snel een baantje nodig', region: 'AM05', who: 'inwoner', relevant: { 'vlotwerk-uitzendwerk': 2, 'uwv-werkzoekend-vacatures': 2, 'banenmarkt-twente-2027': 1 } },
  { q: 'vacatures in de buurt', region: 'AM05', who: 'inwoner', relevant: { 'uwv-werkzoekend-vacatures': 2, 'uwv-online-vacatures': 2, 'banenmarkt-twente-2027': 1 } },
  { q: 'werkgevers ontmoeten banenbeurs', region: 'AM30', who: 'inwoner', relevant: { 'parkstad-banenmarkt': 2 } },
  { q: 'lang thuis gezeten weer beginnen met werken', region: 'AM05', who: 'inwoner', relevant: { 'werkervaringsplaats-enschede': 2, 'twente-vrijwilligerswerk-opstap': 1 } },
  { q: 'eerst als vrijwilliger aan de slag', region: 'AM18', who: 'inwoner', relevant: { 'amsterdam-vrijwilligerswerk-opstap': 2 } },
  { q: 'begeleiding op het werk door autisme', region: 'AM05', who: 'inwoner', relevant: { 'jobcoach-de-wissel': 2, 'twente-uwv-werken-met-beperking': 2 } },
  { q: 'ik ben 55 en vind geen werk', region: 'AM05', who: 'inwoner', relevant: { 'netwerkgroep-50plus': 2, 'klik-en-werk-cursus': 1 } },
  { q: 'te oud voor de arbeidsmarkt', region: 'AM30', who: 'inwoner', relevant: { 'werkroute-vijftigplus-groep': 2 } },
  { q: 'gestopt met school wat nu', region: 'AM05', who: 'inwoner', relevant: { 'jongerenloket-enschede': 2 } },
  { q: 'jongeren zonder diploma', region: 'AM30', who: 'inwoner', relevant: { 'maastricht-jongeren-school-of-werk': 2 } },
  { q: 'young and looking for a job', region: 'AM18', who: 'inwoner', relevant: { 'jongerenspreekuur-werk-school': 2 } },
  { q: 'loket', region: 'AM05', who: 'inwoner', relevant: { 'jongerenloket-enschede': 2, 'werkcentrum-inloop': 1, 'leerwerkloket-advies': 1 } },
  { q: 'vluchteling werk zoeken', region: 'AM05', who: 'inwoner', relevant: { 'statushouders-werkfit': 2, 'inburgering-enschede': 1 } },
  // Career, job at risk, job to job
  { q: 'mijn werkgever gaat reorganiseren', region: 'AM05', who: 'werkende', relevant: { 'vwnw-samen-verder': 2, 'ontslag-spreekuur-samen-verder': 2, 'loopbaanadvies-baan-onzeker': 1 } },
  { q: 'bang om mijn baan te verliezen', region: 'AM18', who: 'werkende', relevant: { 'loopbaanadvies-baan-in-gevaar': 2, 'spreekuur-reorganisatie-ontslag': 2 } },
  { q: 'vaststellingsovereenkomst laten checken', region: 'AM30', who: 'werkende', relevant: { 'vakbond-reorganisatie-ontslag': 2 } },
  { q: 'ik wil iets anders gaan doen maar weet niet wat', region: 'AM30', who: 'werkende', relevant: { 'werkroute-loopbaanadvies': 2, 'vakbond-loopbaangesprek': 2 } },
  { q: 'career change advice', region: 'AM05', who: 'werkende', relevant: { 'loopbaanadvies-baan-onzeker': 2, 'techniekfonds-ontwikkeladvies': 1, 'leerwerkloket-advies': 1 } },
  { q: 'omscholen naar de zorg', region: 'AM18', who: 'werkende', relevant: { 'overstappen-naar-zorg': 2, 'ozw-zij-instroom-bijdrage': 1, 'scholingsbudget-zorg-welzijn': 1 } },
  { q: 'zij-instromer techniek', region: 'AM05', who: 'werkende', relevant: { 'overstap-zorg-techniek-de-wissel': 2, 'installatiefonds-omscholing-techniek': 2, 'bbl-techniek-twentevaart': 1 } },
  { q: 'werken met zonnepanelen leren', region: 'AM05', who: 'werkende', relevant: { 'twente-ontwikkelpad-installatietechniek': 2, 'installatiefonds-omscholing-techniek': 1 } },
  { q: 'als zzper loopbaan advies', region: 'AM18', who: 'werkende', relevant: { 'loopbaancheck-zzp': 2 } },
  // Learning, diplomas, money for courses
  { q: 'diploma halen als volwassene', region: 'AM30', who: 'werkende', relevant: { 'roc-mbo-deeltijd-volwassenen': 2 } },
  { q: 'werken en tegelijk naar school', region: 'AM18', who: 'werkende', relevant: { 'leerbaan-bbl-vinden': 2, 'sbb-leerbedrijf-vinden': 1 } },
  { q: 'mijn ervaring telt mee voor diploma', region: 'AM05', who: 'werkende', relevant: { 'evc-twentevaart': 2, 'leerwerkloket-ervaring-erkennen': 2 } },
  { q: 'subsidie voor een cursus', region: 'AM05', who: 'werkende', relevant: { 'techniekfonds-scholingsbudget': 2, 'zorg-scholingsvoucher': 2, 'twente-uwv-scholing-werkzoekenden': 1 } },
  { q: 'opleidingskosten vergoed zorg', region: 'AM30', who: 'werkende', relevant: { 'ozw-scholingsbudget': 2 } },
  { q: 'heftruckcertificaat', region: 'AM18', who: 'inwoner', relevant: { 'heftruck-orderpicken': 2 } },
  { q: 'werken in de kinderopvang', region: 'AM05', who: 'inwoner', relevant: { 'twente-ontwikkelpad-kinderopvang': 2, 'okk-meeloopdag-kinderopvang': 1, 'okk-zij-instroom-kinderopvang': 1 } },
  // Language and digital
  { q: 'nederlandse les', region: 'AM05', who: 'inwoner', relevant: { 'taalcafe-spinnewiel': 2, 'inburgering-enschede': 2, 'nt2-op-het-werk-twentevaart': 1 } },
  { q: 'learn dutch', region: 'AM30', who: 'inwoner', relevant: { 'bibliotheek-taalcafe': 2, 'roc-nederlands-voor-je-werk': 2, 'maastricht-inburgering-en-werk': 1 } },
  { q: 'moeite met lezen', region: 'AM05', who: 'inwoner', relevant: { 'taalpunt-lezen-schrijven': 2 } },
  { q: 'digid lukt niet', region: 'AM30', who: 'inwoner', relevant: { 'bibliotheek-digitaal-spreekuur': 2 } },
  { q: 'omgaan met de computer leren', region: 'AM18', who: 'inwoner', relevant: { 'digi-inloop-bibliotheek': 2, 'digitale-vaardigheden-werk': 2 } },
  // Health
  { q: 'burnout weer aan het werk', region: 'AM30', who: 'werkende', relevant: { 'werkroute-terug-na-ziekte': 2, 'welzijn-praatgroep-stress': 1 } },
  { q: 'overspannen van zorgen', region: 'AM05', who: 'inwoner', relevant: { 'stress-en-balans-tukkerhoek': 2 } },
  { q: 'chronisch ziek en werken', region: 'AM18', who: 'werkende', relevant: { 'advies-werken-met-beperking': 2, 'uwv-werken-met-beperking': 1 } },
  // Self-employment
  { q: 'eigen zaak beginnen', region: 'AM05', who: 'inwoner', relevant: { 'bbz-starten-enschede': 2, 'startersmentor-kanaalzone': 2 } },
  { q: 'start a business', region: 'AM18', who: 'inwoner', relevant: { 'workshop-eigen-bedrijf-starten': 2 } },
  { q: 'mijn bedrijf loopt slecht', region: 'AM30', who: 'werkende', relevant: { 'starters-zwaar-weer': 2, 'heerlen-ondernemers-bbz': 2, 'geldzorgenlijn-ondernemers': 1 } },
  { q: 'tarieven en opdrachten zzp', region: 'AM05', who: 'werkende', relevant: { 'zzp-spreekuur-samen-verder': 2 } },
  { q: 'werken in duitsland', region: 'AM30', who: 'werkende', relevant: { 'grenswerk-advies-werknemers': 2 } },
  // Employers
  { q: 'ik zoek personeel', region: 'AM05', who: 'werkgever', relevant: { 'werkgeversservicepunt-twente': 2, 'vlotwerk-personeel-werven': 2 } },
  { q: 'medewerker met beperking in dienst nemen', region: 'AM05', who: 'werkgever', relevant: { 'twente-uwv-regelingen-werkgevers': 2, 'loonkostensubsidie-enschede': 2, 'uwv-werkgevers-arbeidsbeperking': 2 } },
  { q: 'no risk polis', region: 'AM30', who: 'werkgever', relevant: { 'zuid-limburg-uwv-regelingen-werkgevers': 2, 'uwv-werkgevers-arbeidsbeperking': 1 } },
  { q: 'mijn mensen bijscholen', region: 'AM30', who: 'werkgever', relevant: { 'parkstad-opleiden-personeel': 2 } },
  { q: 'leerbedrijf worden stagiair', region: 'AM05', who: 'werkgever', relevant: { 'twente-sbb-erkend-leerbedrijf': 2, 'sbb-erkend-leerbedrijf-worden': 2 } },
  { q: 'personeel ontslaan reorganisatie hulp', region: 'AM18', who: 'werkgever', relevant: { 'hulp-bij-boventallig-personeel': 2 } },
  { q: 'hiring staff', region: 'AM30', who: 'werkgever', relevant: { 'werkgeversservicepunt-zuid-limburg': 2, 'vlotwerk-werving-werkgevers': 2 } },
  { q: 'vacature vervullen snel', region: 'AM18', who: 'werkgever', relevant: { 'werkgeversservicepunt-groot-amsterdam': 2, 'vlotwerk-personeel-werkgevers': 2 } },
];
