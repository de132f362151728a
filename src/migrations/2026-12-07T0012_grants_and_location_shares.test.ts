import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { buildLocation, buildOrganisation, buildService } from '../../test/factories.ts';
import { migrateTo } from '../platform/db/migrate.ts';
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

describe('migration T0012', () => {
  it('shares every location another organisation’s service is linked to with that organisation, and no other', async () => {
    const gemeente = await buildOrganisation(db, { kind: 'gemeente' });
    const partner = await buildOrganisation(db);
    const counter = await buildLocation(db, gemeente, { role: 'werkcentrum' });
    const unused = await buildLocation(db, gemeente);
    const own = await buildLocation(db, partner);
    const links = { locationIds: [counter.id, own.id] };
    const service = await buildService(db, partner, links);
    await buildService(db, gemeente, { locationIds: [counter.id] });

    await migrateTo(db.kysely as unknown as Kysely<unknown>, '2026-12-07T0012_grants_and_location_shares');

    const shares = await db.kysely.selectFrom('location_shares').select(['location_id', 'organisation_id']).execute();
    expect(shares).toEqual([{ location_id: counter.id, organisation_id: partner.id }]);
    expect(shares.some((share) => share.location_id === unused.id)).toBe(false);
    // The same service saved again (an import run twice) passes the new trigger unchanged.
    expect(await buildService(db, partner, { ...links, key: service.key })).toEqual(service);
  });
});
