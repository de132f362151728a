import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hasOrganisations, insertOrganisation, insertPerson, seedOnce } from './seed.repository.ts';
import type { DB, OrganisationKind, Role } from '../platform/db/schema.ts';
import { hashPassword } from '../platform/auth/auth.service.ts';

// Demo data for a first start without NODE_ENV=production: partner organisations in three regions
// (Groot Amsterdam AM18, Twente AM05, Zuid-Limburg AM30) and one account per role. Invented
// organisations carry "(demo)" so they cannot be taken for real ones; real public bodies appear
// only by their generic name. The accounts are listed in the README.

export const DEMO_PASSWORD = 'Werkcentrum-demo-2026';

interface DemoOrganisation {
  name: string;
  kind: OrganisationKind;
  suwi: boolean;
  regions: string[];
  website?: string;
}

const organisations: DemoOrganisation[] = [
  { name: 'Werkcentrum Platformteam (demo)', kind: 'platform', suwi: false, regions: ['AM18'] },
  { name: 'Gemeente Amsterdam', kind: 'gemeente', suwi: true, regions: ['AM18'] },
  { name: 'Gemeente Enschede', kind: 'gemeente', suwi: true, regions: ['AM05'] },
  { name: 'Gemeente Hengelo', kind: 'gemeente', suwi: true, regions: ['AM05'] },
  { name: 'Gemeente Heerlen', kind: 'gemeente', suwi: true, regions: ['AM30'] },
  { name: 'Gemeente Maastricht', kind: 'gemeente', suwi: true, regions: ['AM30'] },
  { name: 'UWV', kind: 'uwv', suwi: true, regions: ['AM18', 'AM05', 'AM30'] },
  { name: 'SBB', kind: 'sbb', suwi: false, regions: ['AM18', 'AM05', 'AM30'] },
  { name: 'Opleidingsfonds Zorg en Welzijn (demo)', kind: 'oo_fonds', suwi: false, regions: ['AM18', 'AM05', 'AM30'] },
  { name: 'Techniekfonds Oost (demo)', kind: 'oo_fonds', suwi: false, regions: ['AM05'] },
  { name: 'Vakbond Samen Verder (demo)', kind: 'vakbond', suwi: false, regions: ['AM18', 'AM05', 'AM30'] },
  { name: 'Werkgeversvereniging Metropool (demo)', kind: 'werkgeversorganisatie', suwi: false, regions: ['AM18'] },
  { name: 'Werkgeverskring Parkstad (demo)', kind: 'werkgeversorganisatie', suwi: false, regions: ['AM30'] },
  { name: 'ROC Amstelstad (demo)', kind: 'onderwijsinstelling', suwi: false, regions: ['AM18'] },
  { name: 'ROC Twentevaart (demo)', kind: 'onderwijsinstelling', suwi: false, regions: ['AM05'] },
  { name: 'Loopbaanbureau De Wissel (demo)', kind: 're_integratiebedrijf', suwi: false, regions: ['AM18', 'AM05'] },
  { name: 'Uitzendbureau Vlotwerk (demo)', kind: 'uitzendbureau', suwi: false, regions: ['AM18', 'AM05', 'AM30'] },
  { name: 'Buurtwerk Noord (demo)', kind: 'welzijnsorganisatie', suwi: false, regions: ['AM18'] },
  { name: 'Welzijn Heuvelland (demo)', kind: 'welzijnsorganisatie', suwi: false, regions: ['AM30'] },
];

export interface DemoAccount {
  email: string;
  name: string;
  organisation: string;
  region: string;
  role: Role;
  /** Base32 TOTP secret; null: the account sets up its second factor at first login. */
  totpSecret: string | null;
}

export const demoAccounts: DemoAccount[] = [
  { email: 'beheer@werkcentrum.example', name: 'Pim Platform', organisation: 'Werkcentrum Platformteam (demo)', region: 'AM18', role: 'platformbeheerder', totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXA' },
  { email: 'coordinator.amsterdam@werkcentrum.example', name: 'Carla Coördinator', organisation: 'Gemeente Amsterdam', region: 'AM18', role: 'regiocoordinator', totpSecret: 'KRSXG5DSMFXGOZLOKRSXG5DSMFXGOZLA' },
  { email: 'gids.amsterdam@werkcentrum.example', name: 'Gijs Gids', organisation: 'Gemeente Amsterdam', region: 'AM18', role: 'gidsfunctionaris', totpSecret: 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LA' },
  { email: 'partner.amsterdam@werkcentrum.example', name: 'Paula Partner', organisation: 'Loopbaanbureau De Wissel (demo)', region: 'AM18', role: 'partnermedewerker', totpSecret: 'ONSWG4TFOQQGC3TEONSWG4TFOQQGC3TA' },
  { email: 'uwv.amsterdam@werkcentrum.example', name: 'Ufuk UWV', organisation: 'UWV', region: 'AM18', role: 'partnermedewerker', totpSecret: 'KVLVMQKNKNJVIRCBKVLVMQKNKNJVIRCA' },
  { email: 'beraad.amsterdam@werkcentrum.example', name: 'Bert Beraad', organisation: 'Werkgeversvereniging Metropool (demo)', region: 'AM18', role: 'beraadslid', totpSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJA' },
  { email: 'privacy.amsterdam@werkcentrum.example', name: 'Priya Privacy', organisation: 'Gemeente Amsterdam', region: 'AM18', role: 'privacy_officer', totpSecret: 'NBSWY3DPO5XXE3DENBSWY3DPO5XXE3DA' },
  { email: 'coordinator.twente@werkcentrum.example', name: 'Tom Twente', organisation: 'Gemeente Enschede', region: 'AM05', role: 'regiocoordinator', totpSecret: 'OBQXG43XN5ZGIMJSOBQXG43XN5ZGIMJA' },
  { email: 'gids.zuidlimburg@werkcentrum.example', name: 'Lotte Limburg', organisation: 'Gemeente Heerlen', region: 'AM30', role: 'gidsfunctionaris', totpSecret: 'MJQWG23VOBSGK3TNMJQWG23VOBSGK3TA' },
  { email: 'nieuw.twente@werkcentrum.example', name: 'Noah Nieuw', organisation: 'UWV', region: 'AM05', role: 'gidsfunctionaris', totpSecret: null },
];

/** Colleagues without a login, so lists and isolation are visible in the demo. */
const colleagues: Omit<DemoAccount, 'totpSecret'>[] = [
  { email: 's.devries@werkcentrum.example', name: 'Sanne de Vries', organisation: 'Gemeente Amsterdam', region: 'AM18', role: 'gidsfunctionaris' },
  { email: 'a.yilmaz@werkcentrum.example', name: 'Ahmet Yılmaz', organisation: 'UWV', region: 'AM18', role: 'gidsfunctionaris' },
  { email: 'm.jansen@werkcentrum.example', name: 'Marieke Jansen', organisation: 'ROC Twentevaart (demo)', region: 'AM05', role: 'partnermedewerker' },
  { email: 'e.kuipers@werkcentrum.example', name: 'Eva Kuipers', organisation: 'Gemeente Enschede', region: 'AM05', role: 'gidsfunctionaris' },
  { email: 'r.bakker@werkcentrum.example', name: 'Rachid Bakker', organisation: 'Welzijn Heuvelland (demo)', region: 'AM30', role: 'partnermedewerker' },
  { email: 'j.hendriks@werkcentrum.example', name: 'Joost Hendriks', organisation: 'Gemeente Heerlen', region: 'AM30', role: 'regiocoordinator' },
];

/** Seeds demo data into an empty platform; does nothing once any organisation exists. */
export async function seedDemoData(db: Kysely<DB>): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const seeded = await seedOnce(db, 'werkcentrum:seed-demo', 'account-management', hasOrganisations, async (tx) => {
    const orgIds = new Map<string, string>();
    for (const org of organisations) {
      const id = randomUUID();
      orgIds.set(org.name, id);
      await insertOrganisation(tx, { id, name: org.name, kind: org.kind, suwiParty: org.suwi, website: org.website ?? null, regions: org.regions });
    }
    const people = [...demoAccounts, ...colleagues.map((c) => ({ ...c, totpSecret: undefined }))];
    for (const person of people) {
      await insertPerson(
        tx,
        {
          id: randomUUID(),
          email: person.email,
          name: person.name,
          membership: { id: randomUUID(), organisationId: orgIds.get(person.organisation)!, regionCode: person.region, role: person.role },
        },
        person.totpSecret === undefined ? null : { passwordHash, totpSecret: person.totpSecret },
      );
    }
    return true;
  });
  return seeded === true;
}
