import type { NeedFinderTree, Outcome, Question, TreeOption } from './needfinder.tree.ts';

// The default wegwijzer of every region, until its coordinator changes it: who are you, what is
// your situation, what do you need. Dutch at B1 first, English second. The outcomes select
// services by audience and theme, so they fit every region's catalogue (checked against the demo
// catalogue in the tests: a worker in Twente whose job is at risk finds career advice and the
// sector training fund in three answers).

const option = (code: string, nl: string, en: string, next: string): TreeOption => ({ code, label: { nl, en }, next });

const question = (id: string, text: [string, string], options: TreeOption[], help?: [string, string]): Question => ({
  id,
  text: { nl: text[0], en: text[1] },
  ...(help ? { help: { nl: help[0], en: help[1] } } : {}),
  options,
});

const outcome = (id: string, audience: string, themes: string[], title: [string, string], explanation: [string, string]): Outcome => ({
  id,
  title: { nl: title[0], en: title[1] },
  explanation: { nl: explanation[0], en: explanation[1] },
  audience,
  themes,
});

export const defaultTree: NeedFinderTree = {
  root: 'wie-ben-je',
  questions: [
    question(
      'wie-ben-je',
      ['Wie ben je?', 'Who are you?'],
      [
        option('werkzoekende', 'Ik zoek werk', 'I am looking for work', 'werkzoekende-situatie'),
        option('werkende', 'Ik heb werk', 'I have a job', 'werkende-situatie'),
        option('werkgever', 'Ik ben werkgever', 'I am an employer', 'werkgever-vraag'),
        option('zelfstandige', 'Ik ben zelfstandig ondernemer (zzp)', 'I am self-employed', 'zelfstandige-situatie'),
        option('jongere', 'Ik ben jonger dan 27 en weet nog niet wat ik wil', 'I am under 27 and not sure what I want yet', 'jongere-situatie'),
        option('nieuw-in-nederland', 'Ik ben nieuw in Nederland (statushouder)', 'I am new in the Netherlands (refugee with a permit)', 'statushouder-vraag'),
      ],
      ['Kies wat het best bij je past. Je kunt altijd terug.', 'Choose what fits you best. You can always go back.'],
    ),

    // Werkende ---------------------------------------------------------------------------------
    question(
      'werkende-situatie',
      ['Hoe gaat het met je werk?', 'How is your work going?'],
      [
        option('baan-in-gevaar', 'Mijn baan is in gevaar, of ik word misschien ontslagen', 'My job is at risk, or I may be dismissed', 'werkende-baan-in-gevaar'),
        option('verder-groeien', 'Mijn werk gaat goed, maar ik wil verder of iets anders', 'My work is fine, but I want to grow or do something else', 'werkende-groeien'),
        option('gezondheid', 'Mijn werk is zwaar voor me, of ik ben vaak ziek', 'My work is hard on me, or I am often ill', 'werkende-gezondheid'),
        option('geldzorgen', 'Ik heb werk, maar ik kom niet rond of heb schulden', 'I have a job, but I cannot make ends meet or I have debts', 'werkende-geldzorgen'),
        option('taal', 'Ik wil beter Nederlands, lezen, schrijven of computeren', 'I want to improve my Dutch, reading, writing or computer skills', 'werkende-taal'),
      ],
    ),
    question(
      'werkende-baan-in-gevaar',
      ['Wat wil je nu het liefst?', 'What would you like most now?'],
      [
        option('advies', 'Weten wat ik kan doen: advies over mijn loopbaan en scholing', 'Know what I can do: advice on my career and training', 'werkende-baan-in-gevaar-advies'),
        option('overstappen', 'Overstappen naar een ander vak met veel werk', 'Move to another trade with many jobs', 'werkende-overstappen'),
        option('ontslag', 'Weten wat ontslag voor mij betekent, zoals WW', 'Know what dismissal means for me, such as unemployment benefit', 'werkende-ontslag'),
      ],
      ['Je kunt later altijd nog iets anders kiezen.', 'You can always choose something else later.'],
    ),
    question(
      'werkende-groeien',
      ['Wat wil je?', 'What do you want?'],
      [
        option('loopbaanadvies', 'Praten over mijn loopbaan: welk werk past bij mij?', 'Talk about my career: which work suits me?', 'werkende-loopbaanadvies'),
        option('leren', 'Iets nieuws leren of een diploma halen', 'Learn something new or get a diploma', 'werkende-leren'),
        option('overstappen', 'Overstappen naar een ander vak met veel werk', 'Move to another trade with many jobs', 'werkende-overstappen'),
      ],
    ),

    // Werkzoekende -----------------------------------------------------------------------------
    question(
      'werkzoekende-situatie',
      ['Wat past het best bij jou?', 'What fits you best?'],
      [
        option('net-ontslagen', 'Ik ben net mijn baan kwijt, of raak die binnenkort kwijt', 'I just lost my job, or will lose it soon', 'werkzoekende-net-ontslagen'),
        option('lang-geen-werk', 'Ik heb al een tijd geen werk', 'I have been out of work for a while', 'werkzoekende-nodig'),
        option('schulden', 'Ik heb schulden of geldzorgen', 'I have debts or money worries', 'werkzoekende-schulden'),
        option('gezondheid', 'Ik heb een ziekte of beperking', 'I have an illness or disability', 'werkzoekende-gezondheid'),
        option('eigen-bedrijf', 'Ik wil voor mezelf beginnen', 'I want to start my own business', 'werkzoekende-eigen-bedrijf'),
      ],
    ),
    question(
      'werkzoekende-nodig',
      ['Wat heb je nodig?', 'What do you need?'],
      [
        option('solliciteren', 'Hulp bij solliciteren en vacatures vinden', 'Help with applying and finding vacancies', 'werkzoekende-solliciteren'),
        option('werkervaring', 'Weer wennen aan werk, met begeleiding', 'Getting used to work again, with support', 'werkzoekende-werkervaring'),
        option('vak-leren', 'Een vak leren', 'Learn a trade', 'werkzoekende-vak-leren'),
        option('inkomen', 'Geld om van te leven', 'Money to live on', 'werkzoekende-inkomen'),
        option('taal', 'Beter Nederlands, lezen, schrijven of computeren', 'Better Dutch, reading, writing or computer skills', 'werkzoekende-taal'),
      ],
    ),

    // Werkgever --------------------------------------------------------------------------------
    question(
      'werkgever-vraag',
      ['Waar kunnen we je mee helpen?', 'What can we help you with?'],
      [
        option('personeel-vinden', 'Ik zoek personeel', 'I am looking for staff', 'werkgever-personeel-vinden'),
        option('afstand-tot-werk', 'Ik wil iemand aannemen met een afstand tot werk, bijvoorbeeld met een beperking', 'I want to hire someone far from the labour market, for example with a disability', 'werkgever-inclusief'),
        option('personeel-opleiden', 'Ik wil mijn personeel opleiden', 'I want to train my staff', 'werkgever-opleiden'),
        option('boventallig', 'Ik moet personeel laten gaan', 'I have to let staff go', 'werkgever-boventallig'),
      ],
    ),

    // Zelfstandige -----------------------------------------------------------------------------
    question(
      'zelfstandige-situatie',
      ['Wat speelt er bij jou?', 'What is going on for you?'],
      [
        option('starten', 'Ik wil een bedrijf starten', 'I want to start a business', 'zelfstandige-starten'),
        option('zwaar-weer', 'Mijn bedrijf loopt niet goed, of ik heb geldzorgen', 'My business is not doing well, or I have money worries', 'zelfstandige-zwaar-weer'),
        option('ander-werk', 'Ik wil (ook) in loondienst werken of iets anders gaan doen', 'I want to (also) work as an employee or do something else', 'zelfstandige-ander-werk'),
      ],
    ),

    // Jongere ----------------------------------------------------------------------------------
    question(
      'jongere-situatie',
      ['Wat past bij jou?', 'What fits you?'],
      [
        option('school-of-werk', 'Ik weet niet goed wat ik wil: school of werk', 'I am not sure what I want: school or work', 'jongere-school-of-werk'),
        option('leren-en-werken', 'Ik wil leren en werken tegelijk', 'I want to learn and work at the same time', 'jongere-leren-en-werken'),
        option('werk', 'Ik wil meteen aan het werk', 'I want to start working right away', 'jongere-werk'),
        option('geldzorgen', 'Ik heb geldzorgen of schulden', 'I have money worries or debts', 'jongere-geldzorgen'),
      ],
    ),

    // Statushouder -----------------------------------------------------------------------------
    question(
      'statushouder-vraag',
      ['Waar wil je mee beginnen?', 'What do you want to start with?'],
      [
        option('taal', 'Nederlands leren', 'Learning Dutch', 'statushouder-taal'),
        option('werk', 'Werk vinden of werkervaring opdoen', 'Finding work or gaining work experience', 'statushouder-werk'),
      ],
    ),
  ],
  outcomes: [
    outcome(
      'werkende-baan-in-gevaar-advies',
      'werkende',
      ['baan-in-gevaar', 'loopbaanadvies', 'ontwikkeladvies', 'scholingsgeld'],
      ['Advies als je baan in gevaar is', 'Advice when your job is at risk'],
      [
        'Wacht niet tot je ontslag krijgt. Een loopbaanadviseur kijkt met je wat je kunt en wat je wilt. Het opleidingsfonds van je sector (O&O-fonds) geeft vaak gratis ontwikkeladvies en geld voor scholing.',
        'Do not wait until you are dismissed. A career adviser looks at what you can do and what you want. Your sector’s training fund (O&O fund) often gives free development advice and money for training.',
      ],
    ),
    outcome(
      'werkende-overstappen',
      'werkende',
      ['overstappen-naar-ander-werk', 'ontwikkelpad', 'leren-en-werken', 'scholingsgeld'],
      ['Overstappen naar ander werk', 'Moving to other work'],
      [
        'In sommige beroepen zijn veel mensen nodig, zoals in de zorg, de kinderopvang en de techniek. Met een ontwikkelpad leer je stap voor stap een nieuw vak, vaak terwijl je werkt.',
        'Some occupations need many people, such as care, childcare and technical work. A development path teaches you a new trade step by step, often while you work.',
      ],
    ),
    outcome(
      'werkende-ontslag',
      'werkende',
      ['baan-in-gevaar', 'ww-uitkering'],
      ['Als je ontslag krijgt', 'If you are dismissed'],
      [
        'Bij ontslag heb je rechten. De vakbond en het Werkcentrum leggen uit wat je kunt doen. Raak je je baan kwijt? Dan kun je misschien een WW-uitkering krijgen van UWV.',
        'You have rights when you are dismissed. The union and the Werkcentrum explain what you can do. If you lose your job, you may get unemployment benefit (WW) from UWV.',
      ],
    ),
    outcome(
      'werkende-loopbaanadvies',
      'werkende',
      ['loopbaanadvies', 'ontwikkeladvies'],
      ['Praten over je loopbaan', 'Talking about your career'],
      [
        'Een gesprek met een loopbaanadviseur helpt je om te kiezen: blijven, groeien of iets anders doen. Vaak is dat gratis.',
        'A talk with a career adviser helps you choose: stay, grow or do something else. It is often free.',
      ],
    ),
    outcome(
      'werkende-leren',
      'werkende',
      ['vakopleiding', 'leren-en-werken', 'ervaring-erkennen', 'scholingsgeld'],
      ['Iets nieuws leren', 'Learning something new'],
      [
        'Je kunt een cursus of een mbo-opleiding doen naast je werk. Wat je al kunt, kun je laten erkennen. Voor scholing is vaak geld, van je werkgever of van een opleidingsfonds.',
        'You can take a course or a vocational programme next to your job. What you already know can be recognised. There is often money for training, from your employer or a training fund.',
      ],
    ),
    outcome(
      'werkende-gezondheid',
      'werkende',
      ['gezondheid-en-werk'],
      ['Werk en gezondheid', 'Work and health'],
      [
        'Is je werk zwaar, of ben je vaak ziek? Er is hulp om aan het werk te blijven of terug te komen, en om met stress om te gaan.',
        'Is your work hard on you, or are you often ill? There is help to stay at work or come back, and to deal with stress.',
      ],
    ),
    outcome(
      'werkende-geldzorgen',
      'werkende',
      ['schulden-en-geldzorgen', 'rondkomen'],
      ['Hulp bij geldzorgen', 'Help with money worries'],
      [
        'Veel mensen met werk hebben geldzorgen. Hoe eerder je hulp vraagt, hoe beter. De hulp is gratis en vertrouwelijk.',
        'Many people with a job have money worries. The sooner you ask for help, the better. The help is free and confidential.',
      ],
    ),
    outcome(
      'werkende-taal',
      'werkende',
      ['taal-en-digitale-vaardigheden'],
      ['Beter Nederlands, lezen, schrijven of computeren', 'Better Dutch, reading, writing or computer skills'],
      [
        'Er zijn cursussen en spreekuren in de buurt, vaak gratis. Soms kun je ook op je werk leren.',
        'There are courses and drop-in sessions nearby, often free. Sometimes you can also learn at work.',
      ],
    ),
    outcome(
      'werkzoekende-net-ontslagen',
      'werkzoekende',
      ['ww-uitkering', 'vacatures-en-bemiddeling', 'solliciteren'],
      ['Net je baan kwijt', 'Just lost your job'],
      [
        'Vraag zo snel mogelijk een WW-uitkering aan bij UWV. En begin meteen met zoeken: er is hulp bij vacatures en bij solliciteren.',
        'Apply for unemployment benefit (WW) at UWV as soon as possible. And start looking right away: there is help with vacancies and applying.',
      ],
    ),
    outcome(
      'werkzoekende-solliciteren',
      'werkzoekende',
      ['solliciteren', 'vacatures-en-bemiddeling'],
      ['Hulp bij solliciteren', 'Help with applying for jobs'],
      [
        'Maak een goed cv, oefen een gesprek en vind vacatures die bij je passen. Je hoeft het niet alleen te doen.',
        'Make a good CV, practise an interview and find vacancies that suit you. You do not have to do it alone.',
      ],
    ),
    outcome(
      'werkzoekende-werkervaring',
      'werkzoekende',
      ['werkervaring', 'werk-met-begeleiding'],
      ['Weer wennen aan werk', 'Getting used to work again'],
      [
        'Met een werkervaringsplek, vrijwilligerswerk of een jobcoach went je stap voor stap weer aan werk.',
        'With a work-experience place, volunteering or a job coach you get used to work again, step by step.',
      ],
    ),
    outcome(
      'werkzoekende-vak-leren',
      'werkzoekende',
      ['vakopleiding', 'leren-en-werken', 'ontwikkelpad', 'scholingsgeld'],
      ['Een vak leren', 'Learning a trade'],
      [
        'Leer een vak waar veel werk in is. Vaak kun je leren en tegelijk geld verdienen. Soms betaalt UWV of de gemeente de opleiding.',
        'Learn a trade with many jobs. Often you can learn and earn money at the same time. Sometimes UWV or the municipality pays for the training.',
      ],
    ),
    outcome(
      'werkzoekende-inkomen',
      'werkzoekende',
      ['bijstand', 'rondkomen', 'ww-uitkering'],
      ['Geld om van te leven', 'Money to live on'],
      [
        'Heb je te weinig geld om van te leven? Dan kun je misschien een uitkering krijgen, of hulp van een regeling van je gemeente.',
        'Do you have too little money to live on? You may be able to get a benefit, or help from a scheme of your municipality.',
      ],
    ),
    outcome(
      'werkzoekende-taal',
      'werkzoekende',
      ['taal-en-digitale-vaardigheden'],
      ['Beter Nederlands, lezen, schrijven of computeren', 'Better Dutch, reading, writing or computer skills'],
      [
        'Er zijn cursussen en spreekuren in de buurt, vaak gratis. Dat helpt ook bij het vinden van werk.',
        'There are courses and drop-in sessions nearby, often free. That also helps you find work.',
      ],
    ),
    outcome(
      'werkzoekende-schulden',
      'werkzoekende',
      ['schulden-en-geldzorgen', 'rondkomen'],
      ['Hulp bij schulden en geldzorgen', 'Help with debts and money worries'],
      [
        'Met schulden is het moeilijk om aan werk te denken. De gemeente en vrijwilligers helpen je, gratis en vertrouwelijk.',
        'With debts it is hard to think about work. The municipality and volunteers help you, free and in confidence.',
      ],
    ),
    outcome(
      'werkzoekende-gezondheid',
      'werkzoekende',
      ['gezondheid-en-werk', 'werk-met-begeleiding'],
      ['Werk vinden met een ziekte of beperking', 'Finding work with an illness or disability'],
      [
        'Met de juiste hulp kun je vaak werken. Denk aan een jobcoach, aanpassingen op het werk of beschut werk.',
        'With the right help you can often work. Think of a job coach, changes at work or sheltered employment.',
      ],
    ),
    outcome(
      'werkzoekende-eigen-bedrijf',
      'werkzoekende',
      ['starten-als-ondernemer'],
      ['Voor jezelf beginnen', 'Starting your own business'],
      [
        'Een eigen bedrijf starten kan, ook vanuit een uitkering. Laat je eerst goed voorlichten.',
        'You can start your own business, also while on benefits. Get good information first.',
      ],
    ),
    outcome(
      'werkgever-personeel-vinden',
      'werkgever',
      ['personeel-werven'],
      ['Personeel vinden', 'Finding staff'],
      [
        'Het WerkgeversServicepunt is je vaste aanspreekpunt in de regio. Het zoekt met je mee naar goede mensen, ook als het even moeilijk is.',
        'The WerkgeversServicepunt is your single point of contact in the region. It helps you find good people, also when that is hard.',
      ],
    ),
    outcome(
      'werkgever-inclusief',
      'werkgever',
      ['inclusief-werkgeven', 'regelingen-en-subsidies'],
      ['Iemand aannemen met een afstand tot werk', 'Hiring someone far from the labour market'],
      [
        'Er zijn regelingen die het makkelijker maken, zoals loonkostensubsidie en de no-riskpolis. Het WerkgeversServicepunt helpt je op weg.',
        'There are schemes that make it easier, such as wage cost subsidy and the no-risk policy. The WerkgeversServicepunt helps you get started.',
      ],
    ),
    outcome(
      'werkgever-opleiden',
      'werkgever',
      ['personeel-opleiden', 'regelingen-en-subsidies'],
      ['Je personeel opleiden', 'Training your staff'],
      [
        'Opleidingsfondsen van je sector (O&O-fondsen) en scholen helpen bij het opleiden van je mensen, vaak met een bijdrage in de kosten.',
        'Your sector’s training funds (O&O funds) and schools help you train your people, often with a contribution to the cost.',
      ],
    ),
    outcome(
      'werkgever-boventallig',
      'werkgever',
      ['boventallig-personeel'],
      ['Als je personeel moet laten gaan', 'When you have to let staff go'],
      [
        'Help je mensen op tijd naar ander werk (van werk naar werk). Dat kan samen met andere werkgevers, het opleidingsfonds en het Werkcentrum.',
        'Help your people find other work in time (job-to-job). You can do this together with other employers, the training fund and the Werkcentrum.',
      ],
    ),
    outcome(
      'zelfstandige-starten',
      'zelfstandige',
      ['starten-als-ondernemer'],
      ['Een bedrijf starten', 'Starting a business'],
      [
        'Een goede start helpt. Er zijn workshops, startgesprekken en ervaren ondernemers die met je meedenken.',
        'A good start helps. There are workshops, starter talks and experienced entrepreneurs who think along with you.',
      ],
    ),
    outcome(
      'zelfstandige-zwaar-weer',
      'zelfstandige',
      ['ondernemer-in-zwaar-weer', 'schuldhulpverlening', 'bijstand'],
      ['Ondernemer in zwaar weer', 'Business in difficulty'],
      [
        'Loopt je bedrijf niet goed? Vraag op tijd hulp. De gemeente en andere ondernemers denken met je mee, ook over geld om van te leven.',
        'Is your business not doing well? Ask for help in time. The municipality and other entrepreneurs think along with you, also about money to live on.',
      ],
    ),
    outcome(
      'zelfstandige-ander-werk',
      'zelfstandige',
      ['loopbaanadvies', 'vakopleiding', 'scholingsgeld'],
      ['Ander werk zoeken als zelfstandige', 'Finding other work as a self-employed person'],
      [
        'Een loopbaangesprek helpt je kiezen. Wil je iets nieuws leren? Daar is soms geld voor.',
        'A career talk helps you choose. Do you want to learn something new? There is sometimes money for that.',
      ],
    ),
    outcome(
      'jongere-school-of-werk',
      'jongere',
      ['loopbaanadvies', 'leren-en-werken', 'vakopleiding'],
      ['School of werk: wat past bij jou?', 'School or work: what suits you?'],
      [
        'Je hoeft het niet alleen uit te zoeken. Een jongerencoach praat met je over wat je leuk vindt en wat je kunt.',
        'You do not have to figure it out alone. A youth coach talks with you about what you like and what you can do.',
      ],
    ),
    outcome(
      'jongere-leren-en-werken',
      'jongere',
      ['leren-en-werken'],
      ['Leren en werken tegelijk', 'Learning while working'],
      [
        'Met een leerbaan (bbl) werk je bij een erkend leerbedrijf en ga je één dag per week naar school. Je verdient meteen geld.',
        'With an apprenticeship (bbl) you work at a recognised company and go to school one day a week. You earn money right away.',
      ],
    ),
    outcome(
      'jongere-werk',
      'jongere',
      ['vacatures-en-bemiddeling', 'solliciteren', 'werkervaring'],
      ['Meteen aan het werk', 'Start working right away'],
      [
        'Er is veel werk. Je krijgt hulp bij het vinden van een baan en bij solliciteren.',
        'There are many jobs. You get help finding a job and applying.',
      ],
    ),
    outcome(
      'jongere-geldzorgen',
      'jongere',
      ['schulden-en-geldzorgen', 'rondkomen', 'bijstand'],
      ['Hulp bij geldzorgen', 'Help with money worries'],
      [
        'Schulden los je beter vroeg op. De hulp is gratis en je hoeft je niet te schamen.',
        'Debts are better solved early. The help is free and there is no need to feel ashamed.',
      ],
    ),
    outcome(
      'statushouder-taal',
      'statushouder',
      ['nederlands-leren'],
      ['Nederlands leren', 'Learning Dutch'],
      [
        'Nederlands leren helpt je bij werk en in je buurt. Er zijn lessen en taalcafés, vaak gratis.',
        'Learning Dutch helps you at work and in your neighbourhood. There are lessons and language cafés, often free.',
      ],
    ),
    outcome(
      'statushouder-werk',
      'statushouder',
      ['werkervaring', 'vacatures-en-bemiddeling', 'solliciteren'],
      ['Werk vinden in Nederland', 'Finding work in the Netherlands'],
      [
        'Begin met werkervaring of een baan, en leer de taal tegelijk. Je krijgt hulp bij solliciteren.',
        'Start with work experience or a job, and learn the language at the same time. You get help applying.',
      ],
    ),
  ],
};
