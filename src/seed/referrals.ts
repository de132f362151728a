import type { Kysely } from 'kysely';
import type { DB, DeclineReason, ReferralOutcome, ReferralStatus } from '../platform/db/schema.ts';
import type { Tx } from '../platform/db/tenancy.ts';
import type { FieldCipher } from '../platform/crypto/field-cipher.ts';
import { addWorkingDays } from '../platform/time/working-days.ts';
import { translator } from '../platform/i18n/index.ts';
import { IDENTITY_CATEGORIES, referralPurpose, type ReferralDataCategory } from '../platform/privacy/register.ts';
import { seedOnce } from './seed.repository.ts';
import { nameKey, phoneKey } from '../modules/referrals/client-values.ts';
import { DEFAULT_REFERRAL_TIMERS, publishedServicesOf } from '../modules/catalogue/catalogue.repository.ts';
import { CONSENT_TEXT_VERSION, consentText, sharedDataOf } from '../modules/referrals/referrals.service.ts';
import { actUnder, demoPeople, hasReferrals, insertDemoClient, insertDemoReferral, type DemoPerson } from '../modules/referrals/demo.repository.ts';

// Demo clients and referrals in the three demo regions, over the last three months and in every
// status, so that each demo role opens a workspace that looks used: the guides' own referrals,
// answers from partners, overdue and expired ones, and the inboxes of UWV and of the private
// reintegration firm (Loopbaanbureau De Wissel) in Groot Amsterdam and Twente. Invented people,
// invented numbers (BSNs pass the eleven-test but are the public test numbers).

const DAY = 86_400_000;

interface Scenario {
  status: ReferralStatus;
  /** Days ago the referral was sent. */
  sentDaysAgo: number;
  declineReason?: DeclineReason;
  outcome?: ReferralOutcome;
  message?: string;
}

/** Every status, and its history, spread over three months. */
const SCENARIOS: readonly Scenario[] = [
  { status: 'verzonden', sentDaysAgo: 0 },
  { status: 'verzonden', sentDaysAgo: 6 },
  { status: 'ontvangen', sentDaysAgo: 2 },
  { status: 'geaccepteerd', sentDaysAgo: 9, message: 'Intake staat gepland. We bellen eerst om kennis te maken.' },
  { status: 'in-behandeling', sentDaysAgo: 24 },
  { status: 'afgerond', sentDaysAgo: 61, outcome: 'aan-het-werk' },
  { status: 'afgerond', sentDaysAgo: 45, outcome: 'scholing-gestart' },
  { status: 'afgerond', sentDaysAgo: 80, outcome: 'niet-verschenen' },
  { status: 'afgewezen', sentDaysAgo: 15, declineReason: 'geen-plek' },
  { status: 'afgewezen', sentDaysAgo: 33, declineReason: 'andere-dienst' },
  { status: 'ingetrokken', sentDaysAgo: 20 },
  { status: 'verlopen', sentDaysAgo: 40 },
];

interface DemoClient {
  givenName: string;
  familyName: string;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  bsn: string | null;
  benefit: 'geen' | 'ww' | 'bijstand' | 'wia';
  question: string;
}

const CLIENTS: readonly DemoClient[] = [
  { givenName: 'Fatima', familyName: 'El Amrani', email: 'fatima.elamrani@voorbeeld.example', phone: null, birthDate: '1984-05-12', bsn: '111222333', benefit: 'ww', question: 'Is na 12 jaar als doktersassistent ontslagen en wil de zorg in, maar dan met meer verantwoordelijkheid.' },
  { givenName: 'Jeroen', familyName: 'de Boer', email: null, phone: '06 12345670', birthDate: '1971-11-02', bsn: null, benefit: 'geen', question: 'Werkt in de logistiek, zijn baan verdwijnt volgend jaar. Zoekt iets in de techniek.' },
  { givenName: 'Ayşe', familyName: 'Kaya', email: 'ayse.kaya@voorbeeld.example', phone: '06 23456781', birthDate: '1995-02-28', bsn: null, benefit: 'bijstand', question: 'Wil graag een opleiding tot pedagogisch medewerker, en daarnaast werken.' },
  { givenName: 'Mark', familyName: 'Visser', email: 'mark.visser@voorbeeld.example', phone: null, birthDate: null, bsn: null, benefit: 'geen', question: 'Zzp’er in de bouw met weinig opdrachten; wil weten wat zijn opties zijn.' },
  { givenName: 'Samira', familyName: 'Haddou', email: 'samira.h@voorbeeld.example', phone: '06 34567892', birthDate: '1988-07-19', bsn: '123456782', benefit: 'wia', question: 'Kan na een burn-out weer halve dagen werken en zoekt passend werk.' },
  { givenName: 'Kees', familyName: 'Jansen', email: null, phone: '06 45678903', birthDate: '1966-03-08', bsn: null, benefit: 'geen', question: 'Zoekt na 30 jaar in de drukkerij nieuw werk; wil zich laten bijscholen.' },
  { givenName: 'Lisa', familyName: 'Bakker', email: 'lisa.bakker@voorbeeld.example', phone: null, birthDate: '2001-09-30', bsn: null, benefit: 'geen', question: 'Heeft haar mbo niet afgemaakt en wil alsnog een diploma halen, naast haar werk in de winkel.' },
  { givenName: 'Mohamed', familyName: 'Ouali', email: null, phone: '06 56789014', birthDate: '1979-12-01', bsn: '999999990', benefit: 'ww', question: 'Was chauffeur, mag door zijn rug niet meer rijden. Zoekt ander werk, liefst in de buurt.' },
  { givenName: 'Petra', familyName: 'Smit', email: 'petra.smit@voorbeeld.example', phone: '06 67890125', birthDate: '1975-06-14', bsn: null, benefit: 'bijstand', question: 'Heeft schulden en wil graag weer aan het werk; weet niet waar ze moet beginnen.' },
  { givenName: 'Daan', familyName: 'Mulder', email: 'daan.mulder@voorbeeld.example', phone: null, birthDate: null, bsn: null, benefit: 'geen', question: 'Werkt als monteur en wil zich omscholen tot installateur van warmtepompen.' },
];

/** Per region: who guides, and to which organisations (by name) the referrals go. */
const REGIONS = [
  { code: 'AM18', municipality: 'GM0363', guides: ['gids.amsterdam@werkcentrum.example', 's.devries@werkcentrum.example'], partners: ['UWV', 'Loopbaanbureau De Wissel (demo)', 'ROC Amstelstad (demo)'] },
  { code: 'AM05', municipality: 'GM0153', guides: ['e.kuipers@werkcentrum.example'], partners: ['UWV', 'Loopbaanbureau De Wissel (demo)', 'ROC Twentevaart (demo)'] },
  { code: 'AM30', municipality: 'GM0917', guides: ['gids.zuidlimburg@werkcentrum.example'], partners: ['UWV', 'Uitzendbureau Vlotwerk (demo)'] },
] as const;

const PARTNER_STAFF: Record<string, string> = {
  'UWV|AM18': 'uwv.amsterdam@werkcentrum.example',
  'Loopbaanbureau De Wissel (demo)|AM18': 'partner.amsterdam@werkcentrum.example',
};

/** The path from "verzonden" to the scenario's status: who acted when. */
function historyOf(scenario: Scenario, sentAt: Date, guide: DemoPerson, partner: DemoPerson) {
  const step = (days: number) => new Date(sentAt.getTime() + days * DAY);
  const history: { at: Date; kind: 'status' | 'bericht'; status?: ReferralStatus; message?: string; by: DemoPerson | null }[] = [];
  const received = { at: step(1), kind: 'status' as const, status: 'ontvangen' as const, by: partner };
  switch (scenario.status) {
    case 'verzonden':
      break;
    case 'ontvangen':
      history.push(received);
      break;
    case 'geaccepteerd':
    case 'in-behandeling':
    case 'afgerond':
      history.push(received, { at: step(2), kind: 'status', status: 'geaccepteerd', by: partner });
      if (scenario.message) history.push({ at: step(3), kind: 'bericht', message: scenario.message, by: partner });
      if (scenario.status !== 'geaccepteerd') history.push({ at: step(7), kind: 'status', status: 'in-behandeling', by: partner });
      if (scenario.status === 'afgerond') history.push({ at: step(35), kind: 'status', status: 'afgerond', by: partner });
      break;
    case 'afgewezen':
      history.push(received, { at: step(2), kind: 'status', status: 'afgewezen', by: partner });
      break;
    case 'ingetrokken':
      history.push({ at: step(3), kind: 'bericht', message: 'De persoon heeft zelf al werk gevonden.', by: guide }, { at: step(3), kind: 'status', status: 'ingetrokken', by: guide });
      break;
    case 'verlopen':
      history.push({ at: step(DEFAULT_REFERRAL_TIMERS.expiryDays), kind: 'status', status: 'verlopen', by: null });
      break;
  }
  return history;
}

/** Loads the demo's clients and referrals once, after the demo organisations and catalogue. */
export async function seedDemoReferrals(db: Kysely<DB>, cipher: FieldCipher, now: Date = new Date()): Promise<boolean> {
  const t = translator('nl');
  const loaded = await seedOnce(db, 'werkcentrum:seed-referrals', 'client-records', hasReferrals, async (tx: Tx) => {
    const people = await demoPeople(tx, [...REGIONS.flatMap((region) => region.guides), ...Object.values(PARTNER_STAFF)]);
    let scenario = 0;
    for (const region of REGIONS) {
      const targets = [];
      for (const name of region.partners) {
        const [service] = await publishedServicesOf(tx, region.code, name);
        // Who answers: the demo account of the organisation when it has one, else an unnamed colleague there.
        if (service) targets.push({ ...service, partner: people.get(PARTNER_STAFF[`${name}|${region.code}`] ?? '') ?? { userId: null, organisationId: service.organisation_id, role: 'partnermedewerker' } });
      }
      if (targets.length === 0) continue;
      for (const [guideIndex, email] of region.guides.entries()) {
        const guide = people.get(email);
        if (!guide) continue;
        // Each guide of a region has people of their own.
        for (const [index, person] of CLIENTS.entries()) {
          if (index % region.guides.length !== guideIndex) continue;
          await actUnder(tx, 'client-records');
          const createdAt = new Date(now.getTime() - (90 - index * 3) * DAY);
          const clientId = await insertDemoClient(tx, {
            regionCode: region.code,
            organisationId: guide.organisationId,
            givenName: person.givenName,
            familyName: person.familyName,
            nameKey: nameKey(person.givenName, person.familyName),
            email: person.email,
            phone: person.phone,
            phoneKey: person.phone ? phoneKey(person.phone) : null,
            municipalityCode: region.municipality,
            birthDate: person.birthDate,
            bsnEncrypted: person.bsn ? cipher.encrypt(person.bsn, 'clients.bsn') : null,
            bsn: person.bsn,
            benefit: person.benefit,
            createdBy: guide.userId,
            createdAt,
            lastActivityAt: now,
          });
          // Two referrals per person, each in the next scenario, to the region's partners in turn.
          for (let n = 0; n < 2; n += 1) {
            const chosen = SCENARIOS[scenario % SCENARIOS.length]!;
            const target = targets[(scenario + n) % targets.length]!;
            scenario += 1;
            const uwv = target.organisation_id === targets[0]!.organisation_id && region.partners[0] === 'UWV';
            const purpose = referralPurpose(uwv && person.bsn ? 're-integratie-uwv' : uwv ? 'loopbaanadvies' : index % 2 === 0 ? 'scholing' : 'loopbaanadvies')!;
            const sharesIdentity = uwv || index % 3 !== 2;
            const categories = purpose.dataSet.filter((category: ReferralDataCategory) => sharesIdentity || !IDENTITY_CATEGORIES.includes(category));
            const client = {
              id: clientId,
              regionCode: region.code,
              givenName: person.givenName,
              familyName: person.familyName,
              email: person.email,
              phone: person.phone,
              municipalityCode: region.municipality,
              municipalityName: null,
              birthDate: person.birthDate,
              bsn: person.bsn,
              benefit: person.benefit,
              responsibleParty: null,
              guideOrganisationKind: '',
            };
            const sentAt = new Date(now.getTime() - chosen.sentDaysAgo * DAY - n * 3600_000);
            await insertDemoReferral(tx, {
              regionCode: region.code,
              clientId,
              guide,
              serviceId: target.id,
              serviceName: target.name,
              recipientOrganisationId: target.organisation_id,
              purpose: purpose.id,
              sharesIdentity,
              sharedData: sharedDataOf(client, categories, person.question),
              categories,
              consentText: consentText({ purposeName: purpose.name.nl, recipientName: target.organisation_name, categoryNames: categories.map((c) => t(`referrals.category.${c}`)), months: 6 }),
              textVersion: CONSENT_TEXT_VERSION,
              givenHow: index % 2 === 0 ? 'mondeling' : 'digitaal',
              responsibleParty: person.benefit === 'ww' || person.benefit === 'wia' ? 'uwv' : person.benefit === 'bijstand' ? 'gemeente' : 'werkcentrum',
              payingParty: uwv ? 'uwv' : 'geen',
              status: chosen.status,
              declineReason: chosen.declineReason ?? null,
              outcome: chosen.outcome ?? null,
              sentAt,
              responseDueAt: addWorkingDays(sentAt, DEFAULT_REFERRAL_TIMERS.responseDays),
              expiresAt: new Date(sentAt.getTime() + DEFAULT_REFERRAL_TIMERS.expiryDays * DAY),
              history: historyOf(chosen, sentAt, guide, target.partner),
              consentWithdrawnAt: null,
            });
          }
        }
      }
    }
    return true;
  });
  return loaded === true;
}
