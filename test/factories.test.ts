import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { buildLocation, buildOrganisation, buildService, buildUser } from './factories.ts';
import { withActor } from '../src/platform/db/tenancy.ts';
import { newTrace } from '../src/platform/http/trace.ts';

// The factories write rows the application then sees through its own roles and row-level security.
describe('test factories', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.destroy());

  it('build an organisation, a partner, a location and a published service the partner may edit', async () => {
    const organisation = await buildOrganisation(db, { regions: ['AM05'] });
    const partner = await buildUser(db, { memberships: [{ organisation, role: 'partnermedewerker' }] });
    const location = await buildLocation(db, organisation);
    const service = await buildService(db, organisation, { locationIds: [location.id] });
    const seen = await withActor(db, { actor: partner.actor, trace: newTrace(), activity: 'catalogue-maintenance' }, (tx) =>
      tx.selectFrom('services').select(['id', 'status']).where('organisation_id', '=', organisation.id).execute(),
    );
    expect(seen).toEqual([{ id: service.id, status: 'gepubliceerd' }]);
    expect(partner.actor).toMatchObject({ kind: 'user', membership: { role: 'partnermedewerker', regionCode: 'AM05' } });
  });
});
