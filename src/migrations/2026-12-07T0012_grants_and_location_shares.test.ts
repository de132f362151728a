import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { asOwner, createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { buildOrganisation, buildService, type BuiltOrganisation } from '../../test/factories.ts';
import { migrateTo, migrateToLatest } from '../platform/db/migrate.ts';
import { seedReferenceData } from '../seed/reference.ts';

// What migration T0012 does to a catalogue that already links services to other organisations'
// locations (the regions' Werkcentrum counters, partner desks): each such link becomes a share, so
// nothing published disappears and saving the same service again still works.

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
  await migrateTo(db.kysely as unknown as Kysely<unknown>, '2026-11-23T0011_history_role');
  await seedReferenceData(db.kysely);
});
afterAll(async () => db?.destroy());

// The catalogue as it was before T0012, written with the columns of that time (today's store writes
// columns later migrations add).
async function oldLocation(organisation: BuiltOrganisation, role = 'vestiging'): Promise<{ id: string }> {
  const id = randomUUID();
  await asOwner(db, 'catalogue-maintenance', (tx) =>
    sql`insert into locations (id, key, organisation_id, role, name, street, postal_code, city, municipality_code, lat, lon)
      values (${id}, ${`locatie-${id.slice(0, 8)}`}, ${organisation.id}, ${role}, 'Locatie', 'Teststraat 1', '7511 AA', 'Enschede', 'GM0153', 52.22, 6.89)`.execute(tx),
  );
  return { id };
}

async function oldService(organisation: BuiltOrganisation, locationIds: string[]): Promise<{ id: string; key: string }> {
  const id = randomUUID();
  const key = `dienst-${id.slice(0, 8)}`;
  await asOwner(db, 'catalogue-maintenance', async (tx) => {
    await sql`insert into services (id, key, organisation_id, region_code, status, name, summary, description, audiences, themes, eligibility, cost_free,
        languages, delivery_modes, area_kind, area_codes, access, application_process, keywords, review_interval_days, last_reviewed)
      values (${id}, ${key}, ${organisation.id}, 'AM05', 'gepubliceerd', ${`Dienst ${key}`}, 'Een dienst om mee te testen, met een korte samenvatting.',
        'Een langere beschrijving van de dienst om mee te testen.', '{werkzoekende}', '{loopbaanadvies}', 'Iedereen die werk zoekt in de regio.', true,
        '{nl}', '{op-locatie}', 'regions', '{AM05}', '{direct}', 'Meld je aan via het formulier op de website.', '{}', 180, current_date)`.execute(tx);
    for (const location of locationIds) await sql`insert into service_locations (service_id, location_id) values (${id}, ${location})`.execute(tx);
  });
  return { id, key };
}

describe('migration T0012', () => {
  it('shares every location another organisation’s service is linked to with that organisation, and no other', async () => {
    const gemeente = await buildOrganisation(db, { kind: 'gemeente' });
    const partner = await buildOrganisation(db);
    const counter = await oldLocation(gemeente, 'werkcentrum');
    const unused = await oldLocation(gemeente);
    const own = await oldLocation(partner);
    const service = await oldService(partner, [counter.id, own.id]);
    await oldService(gemeente, [counter.id]);

    await migrateTo(db.kysely as unknown as Kysely<unknown>, '2026-12-07T0012_grants_and_location_shares');

    const shares = await db.kysely.selectFrom('location_shares').select(['location_id', 'organisation_id']).execute();
    expect(shares).toEqual([{ location_id: counter.id, organisation_id: partner.id }]);
    expect(shares.some((share) => share.location_id === unused.id)).toBe(false);
    // The same service saved again by today's store (an import run twice) passes the new trigger.
    await migrateToLatest(db.kysely as unknown as Kysely<unknown>);
    const saved = await buildService(db, partner, { locationIds: [counter.id, own.id], key: service.key, name: `Dienst ${service.key}` });
    expect(saved).toEqual(service);
  });
});
