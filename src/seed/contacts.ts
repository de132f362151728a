import type { Kysely } from 'kysely';
import type { ContactEventKind, ContactRequestStatus, ContactResult, DB, IntakeChannel } from '../platform/db/schema.ts';
import type { Tx } from '../platform/db/tenancy.ts';
import { addWorkingDays, amsterdamDay } from '../platform/time/working-days.ts';
import { seedOnce } from './seed.repository.ts';
import { CONTACT_REPLY_WORKING_DAYS, CONVERSATION_CHANNELS, newContactReference } from '../modules/referrals/contacts.service.ts';
import { demoPeople, hasContacts, insertDemoContact, type DemoPerson } from '../modules/referrals/demo.repository.ts';

// Demo contacts in the three demo regions over the last three months: questions from the website
// (new, late, picked up, answered by e-mail), contacts at the counter, by phone, chat, outreach and
// through a partner, anonymous ones closed at once, one to follow up today, closed ones with every
// result. Invented people; the e-mail addresses are on the reserved .example domain.

const DAY = 86_400_000;

interface Scenario {
  channel: IntakeChannel;
  daysAgo: number;
  status: ContactRequestStatus;
  /** Null: an anonymous contact (no name, no way to reach). */
  person: { name: string; email: string | null; phone: string | null } | null;
  /** Null: an anonymous contact recorded without a description. */
  question: string | null;
  audience: string;
  themes: string[];
  result?: ContactResult;
  /** Answered (by e-mail when the person gave an address, else a call), and when. */
  answeredAfterDays?: number;
  reply?: string;
  note?: string;
  followUpToday?: boolean;
  /** Picked up by the guide (else new). */
  handled?: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  { channel: 'website', daysAgo: 0, status: 'nieuw', person: { name: 'Noor Haddad', email: 'noor.haddad@voorbeeld.example', phone: null }, question: 'Ik werk in een supermarkt en wil iets anders. Kan ik een opleiding volgen terwijl ik werk?', audience: 'werkende', themes: [] },
  { channel: 'website', daysAgo: 1, status: 'nieuw', person: { name: 'Henk Bos', email: null, phone: '06 11122233' }, question: 'Mijn WW stopt over twee maanden. Wat moet ik doen?', audience: 'werkzoekende', themes: [] },
  { channel: 'website', daysAgo: 5, status: 'nieuw', person: { name: 'Els Vermeer', email: 'els.vermeer@voorbeeld.example', phone: '06 22233344' }, question: 'Ik ben 58 en zoek werk. Wie kan mij helpen met solliciteren?', audience: 'werkzoekende', themes: [] },
  { channel: 'website', daysAgo: 4, status: 'in-behandeling', handled: true, person: { name: 'Yusuf Demir', email: 'yusuf.demir@voorbeeld.example', phone: null }, question: 'Ik heb een eigen bedrijf in de schoonmaak en zoek personeel. Kan het Werkcentrum helpen?', audience: 'werkgever', themes: ['personeel-en-werkgeversvragen'], answeredAfterDays: 1, reply: 'Dank voor je vraag. Onze werkgeversadviseur belt je deze week om je vacatures te bespreken.' },
  { channel: 'telefoon', daysAgo: 6, status: 'in-behandeling', handled: true, person: { name: 'Ria Koster', email: null, phone: '06 33344455' }, question: 'Heeft schulden en wil graag weten of werk haar daarbij kan helpen.', audience: 'werkzoekende', themes: ['schulden-en-geldzorgen'], answeredAfterDays: 0, note: 'Afspraak met schuldhulp besproken; volgende week terugbellen hoe het ging.', followUpToday: true },
  { channel: 'balie', daysAgo: 9, status: 'in-behandeling', handled: true, person: { name: 'Tom Peters', email: 'tom.peters@voorbeeld.example', phone: null }, question: 'Wil van de logistiek naar de techniek en vraagt naar omscholing.', audience: 'werkende', themes: ['scholing-en-ontwikkelpaden'], answeredAfterDays: 0 },
  { channel: 'balie', daysAgo: 12, status: 'afgerond', person: null, question: 'Vroeg waar hij een vacaturebank vindt.', audience: 'werkzoekende', themes: ['werk-vinden'], result: 'informatie-gegeven' },
  { channel: 'chat', daysAgo: 20, status: 'afgerond', person: null, question: 'Vraag over de regels bij bijverdienen naast een uitkering.', audience: 'werkzoekende', themes: ['inkomen-en-uitkering'], result: 'doorverwezen' },
  { channel: 'outreach', daysAgo: 27, status: 'afgerond', person: { name: 'Sanne de Wit', email: 'sanne.dewit@voorbeeld.example', phone: null }, question: 'Ontmoet op de banenmarkt; wil haar Nederlands verbeteren voor een baan in de zorg.', audience: 'werkzoekende', themes: ['taal-en-digitale-vaardigheden'], result: 'client-vastgelegd', answeredAfterDays: 0 },
  { channel: 'partner', daysAgo: 35, status: 'afgerond', person: { name: 'Karim Aziz', email: null, phone: '06 44455566' }, question: 'Doorgestuurd door de bibliotheek: zoekt hulp bij een cv.', audience: 'werkzoekende', themes: ['werk-vinden'], result: 'afspraak-gemaakt', answeredAfterDays: 1 },
  { channel: 'website', daysAgo: 48, status: 'afgerond', person: { name: 'Joyce Lam', email: 'joyce.lam@voorbeeld.example', phone: null }, question: 'Kan ik met een Wajong-uitkering een opleiding doen?', audience: 'werkzoekende', themes: ['inkomen-en-uitkering', 'scholing-en-ontwikkelpaden'], result: 'informatie-gegeven', answeredAfterDays: 1, reply: 'Ja, dat kan. Het UWV bekijkt of de opleiding past. We hebben je de folder gestuurd en je kunt altijd langskomen.' },
  { channel: 'e-mail', daysAgo: 63, status: 'afgerond', person: { name: 'Pieter Smeets', email: 'pieter.smeets@voorbeeld.example', phone: null }, question: 'Wil een eigen bedrijf beginnen naast zijn baan.', audience: 'werkende', themes: ['ondernemen'], result: 'doorverwezen', answeredAfterDays: 2 },
  { channel: 'telefoon', daysAgo: 77, status: 'afgerond', person: { name: 'Anouk Visser', email: null, phone: '06 55566677' }, question: 'Belde terug na een vraag op de website, maar was niet bereikbaar.', audience: 'werkzoekende', themes: ['werk-vinden'], result: 'niet-bereikt' },
  { channel: 'balie', daysAgo: 88, status: 'afgerond', person: null, question: null, audience: 'werkende', themes: ['gezondheid-en-werk'], result: 'geen-vraag-meer' },
];

const REGIONS = [
  { code: 'AM18', municipality: 'GM0363', guide: 'gids.amsterdam@werkcentrum.example' },
  { code: 'AM05', municipality: 'GM0153', guide: 'e.kuipers@werkcentrum.example' },
  { code: 'AM30', municipality: 'GM0917', guide: 'gids.zuidlimburg@werkcentrum.example' },
] as const;

function historyOf(scenario: Scenario, createdAt: Date, guide: DemoPerson) {
  const at = (days: number) => new Date(createdAt.getTime() + days * DAY + 3_600_000);
  const history: { at: Date; kind: ContactEventKind; by: DemoPerson; body?: string; result?: ContactResult }[] = [];
  if (scenario.channel !== 'website') history.push({ at: createdAt, kind: 'geregistreerd', by: guide });
  else if (scenario.handled || scenario.status === 'afgerond') history.push({ at: at(0), kind: 'opgepakt', by: guide });
  if (scenario.answeredAfterDays !== undefined && scenario.person) {
    if (scenario.reply && scenario.person.email) history.push({ at: at(scenario.answeredAfterDays), kind: 'antwoord', by: guide, body: scenario.reply });
    else if (scenario.channel === 'website' || scenario.channel === 'partner' || scenario.channel === 'e-mail') history.push({ at: at(scenario.answeredAfterDays), kind: 'contact', by: guide, body: 'Gebeld en de mogelijkheden besproken.' });
  }
  if (scenario.note) history.push({ at: at(0), kind: 'notitie', by: guide, body: scenario.note });
  if (scenario.result) history.push({ at: at(scenario.answeredAfterDays ?? 0), kind: 'afgerond', by: guide, result: scenario.result });
  return history;
}

/** Loads the demo's contacts once, after the demo organisations. */
export async function seedDemoContacts(db: Kysely<DB>, now: Date = new Date()): Promise<boolean> {
  const loaded = await seedOnce(db, 'werkcentrum:seed-contacts', 'contact-requests', hasContacts, async (tx: Tx) => {
    const people = await demoPeople(tx, REGIONS.map((region) => region.guide));
    for (const region of REGIONS) {
      const guide = people.get(region.guide);
      if (!guide?.userId) continue;
      for (const scenario of SCENARIOS) {
        const createdAt = new Date(now.getTime() - scenario.daysAgo * DAY - 2 * 3_600_000);
        const history = historyOf(scenario, createdAt, guide);
        const answered = history.find((event) => event.kind === 'antwoord' || event.kind === 'contact' || event.kind === 'afgerond');
        const person = scenario.person;
        await insertDemoContact(tx, {
          reference: newContactReference(),
          regionCode: region.code,
          intakeChannel: scenario.channel,
          anonymous: person === null,
          name: person?.name ?? null,
          email: person?.email ?? null,
          phone: person?.phone ?? null,
          preferredChannel: person ? (person.email ? 'email' : 'telefoon') : null,
          message: scenario.question,
          audience: scenario.audience,
          themes: scenario.themes,
          municipalityCode: region.municipality,
          status: scenario.status,
          handledBy: scenario.status === 'nieuw' ? null : guide.userId,
          recordedBy: scenario.channel === 'website' ? null : guide.userId,
          result: scenario.result ?? null,
          createdAt,
          replyDueAt: addWorkingDays(createdAt, CONTACT_REPLY_WORKING_DAYS),
          answeredAt: CONVERSATION_CHANNELS.includes(scenario.channel) ? createdAt : (answered?.at ?? null),
          closedAt: scenario.status === 'afgerond' ? (history.at(-1)?.at ?? createdAt) : null,
          followUpOn: scenario.followUpToday ? amsterdamDay(now) : null,
          history,
        });
      }
    }
    return true;
  });
  return loaded === true;
}
