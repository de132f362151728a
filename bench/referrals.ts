import { randomBytes } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Database } from '../src/platform/db/pool.ts';
import { newTrace } from '../src/platform/http/trace.ts';
import type { UserActor } from '../src/platform/auth/guards.ts';
import { createFieldCipher } from '../src/platform/crypto/field-cipher.ts';
import { addWorkingDays } from '../src/platform/time/working-days.ts';
import { createClientService } from '../src/modules/referrals/clients.service.ts';
import { CONSENT_TEXT_VERSION, createReferralService, emptyReferralForm } from '../src/modules/referrals/referrals.service.ts';
import { DEFAULT_REFERRAL_TIMERS } from '../src/modules/catalogue/catalogue.repository.ts';
import { buildOrganisation, buildService, buildUser } from '../test/factories.ts';

// Creating a referral, one transaction: the app's `send` (the checks and reads of the preview, the
// consent, the referral, its timeline entry and processing-log records by trigger, the submission
// key, the notice job, the client's last activity, all as the guide under row-level security)
// against a floor of the same inserts through `pg` as the owner: consent, referral (with the same
// triggers: timeline and processing log) and the notice job by pg-boss's own insert statement.

const CLIENTS = 200;

export async function referralOperations(db: Database): Promise<{ app: () => Promise<void>; floor: () => Promise<void> }> {
  const cipher = createFieldCipher(randomBytes(32));
  const [werkcentrum, firm] = await Promise.all([
    buildOrganisation(db, { kind: 'gemeente', suwiParty: true, regions: ['AM05'] }),
    buildOrganisation(db, { kind: 're_integratiebedrijf', regions: ['AM05'] }),
  ]);
  const guide = await buildUser(db, { password: null, memberships: [{ organisation: werkcentrum, role: 'gidsfunctionaris' }] });
  const actor = guide.actor as UserActor;
  const service = await buildService(db, firm, { name: 'Loopbaanadvies om mee te meten' });
  const clients = createClientService(db, cipher);
  const clientIds: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const registered = await clients.register(
      newTrace(),
      actor,
      { givenName: `Persoon${i}`, familyName: 'Meting', email: `persoon${i}@voorbeeld.example`, phone: null, municipalityCode: 'GM0153', birthDate: null, bsn: null, benefit: 'geen', responsibleParty: null },
      { kind: 'new' },
      randomBytes(16).toString('base64url'),
    );
    if (registered.outcome !== 'duplicates') clientIds.push(registered.id);
  }
  const referrals = createReferralService(db, cipher);
  const question = 'Zoekt nieuw werk na een reorganisatie en wil weten welke kant hij op kan.';
  let next = 0;
  const nextClient = () => clientIds[next++ % clientIds.length]!;

  const app = async () => {
    const result = await referrals.send(
      newTrace(),
      actor,
      emptyReferralForm({ client: nextClient(), dienst: service.id, vraag: question, identiteit: 'ja', hoe: 'mondeling', tekstversie: CONSENT_TEXT_VERSION, toestemming_bevestigd: 'ja' }),
      randomBytes(16).toString('base64url'),
    );
    if (!result.id) throw new Error(`referral not sent: ${JSON.stringify(result.errors)}`);
  };

  const sender = new PgBoss({ schema: 'pgboss', db: { executeSql: () => Promise.reject(new Error('unused')) } });
  const consentText = 'Ik vind het goed dat het Werkcentrum deze gegevens deelt, zodat zij mij kunnen helpen met loopbaanadvies.';
  const floor = async () => {
    const clientId = nextClient();
    const now = new Date();
    const client = await db.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('app.activity', 'referrals', true)`);
      const consent = await client.query<{ id: string }>(
        `insert into consents (client_id, region_code, recipient_organisation_id, purpose, data_categories, basis, given_how, text_version, text_shown,
           dependency, shares_identity, recorded_by, recorded_by_organisation_id, expires_at)
         values ($1, 'AM05', $2, 'loopbaanadvies', $3, 'toestemming', 'mondeling', $4, $5, false, true, $6, $7, $8) returning id`,
        [clientId, firm.id, ['voornaam', 'bereikbaarheid', 'vraag'], CONSENT_TEXT_VERSION, consentText, guide.id, werkcentrum.id, new Date(now.getTime() + 182 * 86_400_000)],
      );
      const referral = await client.query<{ id: string }>(
        `insert into referrals (region_code, client_id, consent_id, guide_user_id, guide_organisation_id, service_id, service_name, recipient_organisation_id,
           purpose, shares_identity, subject_pseudonym, shared_data, responsible_party, paying_party, response_due_at, expires_at)
         values ('AM05', $1, $2, $3, $4, $5, 'Loopbaanadvies om mee te meten', $6, 'loopbaanadvies', true, app_partner_pseudonym($1::uuid, $6::uuid), $7,
           'werkcentrum', 'geen', $8, $9) returning id`,
        [
          clientId,
          consent.rows[0]!.id,
          guide.id,
          werkcentrum.id,
          service.id,
          firm.id,
          JSON.stringify({ voornaam: 'Persoon', email: 'persoon@voorbeeld.example', vraag: question }),
          addWorkingDays(now, DEFAULT_REFERRAL_TIMERS.responseDays),
          new Date(now.getTime() + DEFAULT_REFERRAL_TIMERS.expiryDays * 86_400_000),
        ],
      );
      await sender.send('referral-notice', { referralId: referral.rows[0]!.id, notice: 'nieuw' }, { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } });
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  };
  return { app, floor };
}
