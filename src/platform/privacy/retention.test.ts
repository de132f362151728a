import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { asOwner } from '../../../test/helpers/db.ts';
import { sweepExpired } from './retention.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ catalogue: true });
});
afterAll(async () => t?.close());

it('deletes what the register no longer keeps, and keeps what is still in its period', async () => {
  const live = new Agent(t.app);
  await live.login('gids.amsterdam@werkcentrum.example');
  const idle = new Agent(t.app);
  await idle.login('partner.amsterdam@werkcentrum.example');
  await asOwner(t.db, 'authentication', async (tx) => {
    await sql`update sessions s set last_seen_at = now() - interval '2 hours'
      from users u where u.id = s.user_id and u.email = 'partner.amsterdam@werkcentrum.example'`.execute(tx);
    await sql`insert into login_attempts (account_hash, client_hash, succeeded, at)
      values ('a', 'c', false, now() - interval '31 days'), ('a', 'c', false, now() - interval '29 days')`.execute(tx);
    await sql`insert into password_reset_requests (account_hash, client_hash, at)
      values ('a', 'c', now() - interval '25 hours'), ('a', 'c', now() - interval '23 hours')`.execute(tx);
    await sql`insert into password_reset_tokens (token_hash, user_id, expires_at)
      select v.hash, u.id, now() + v.valid from users u, (values ('verlopen', interval '-1 minute'), ('geldig', interval '10 minutes')) v(hash, valid)
      where u.email = 'gids.amsterdam@werkcentrum.example'`.execute(tx);
    await sql`insert into audit_log (action, outcome, at) values ('old', 'success', now() - interval '25 months'), ('recent', 'success', now() - interval '23 months')`.execute(tx);
    await sql`update users set disabled_at = now() - interval '13 months' where email = 'r.bakker@werkcentrum.example'`.execute(tx);
    await sql`update users set disabled_at = now() - interval '11 months' where email = 'm.jansen@werkcentrum.example'`.execute(tx);
  });
  await asOwner(t.db, 'contact-requests', async (tx) => {
    await sql`insert into contact_requests (id, reference, region_code, name, email, preferred_channel, message, status, result, created_at, reply_due_at, closed_at) values
      (gen_random_uuid(), 'V-RETENTI1', 'AM18', 'closed-old', 'a@example.nl', 'email', 'vraag', 'afgerond', 'doorverwezen', now() - interval '9 months', now(), now() - interval '7 months'),
      (gen_random_uuid(), 'V-RETENTI2', 'AM18', 'closed-recent', 'a@example.nl', 'email', 'vraag', 'afgerond', 'doorverwezen', now() - interval '9 months', now(), now() - interval '5 months'),
      (gen_random_uuid(), 'V-RETENTI3', 'AM18', 'open-old', 'a@example.nl', 'email', 'vraag', 'nieuw', null, now() - interval '13 months', now(), null),
      (gen_random_uuid(), 'V-RETENTI4', 'AM18', 'open-recent', 'a@example.nl', 'email', 'vraag', 'in-behandeling', null, now() - interval '11 months', now(), null)`.execute(tx);
  });
  await asOwner(t.db, 'catalogue-maintenance', async (tx) => {
    await sql`select set_config('app.role', 'partnermedewerker', true)`.execute(tx);
    await sql`insert into service_history (service_id, organisation_id, region_code, version, action, changed_at, changed_by, changes, snapshot)
      select s.id, s.organisation_id, s.region_code, v.version, 'gewijzigd', now() - v.age, u.id, '{}', '{}'
      from services s, users u, (values (90, interval '25 months'), (91, interval '23 months')) v(version, age)
      where s.key = 'sollicitatietraining' and u.email = 'partner.amsterdam@werkcentrum.example'`.execute(tx);
  });

  await asOwner(t.db, 'submission-keys', async (tx) => {
    await sql`insert into form_submissions (scope, key, result, created_at) values
      ('contact-request', 'oud-oud-oud-oud-oud-oo', '/oud', now() - interval '25 hours'),
      ('contact-request', 'nieuw-nieuw-nieuw-nieu', '/nieuw', now() - interval '23 hours')`.execute(tx);
    await sql`insert into idempotency_keys (principal_hash, key, request_hash, attempt, response_status, response_body, created_at) values
      (repeat('a', 64), 'oud', repeat('0', 64), gen_random_uuid(), 201, '{}', now() - interval '25 hours'),
      (repeat('a', 64), 'nieuw', repeat('0', 64), gen_random_uuid(), 201, '{}', now() - interval '23 hours')`.execute(tx);
  });

  // An import in the web interface: gone 30 days after it ended, with its file and who uploaded it.
  await asOwner(t.db, 'catalogue-maintenance', async (tx) => {
    await sql`insert into catalogue_imports (region_code, file_name, status, finished_at) values
      ('AM05', 'oud.json', 'klaar', now() - interval '31 days'), ('AM05', 'recent.json', 'klaar', now() - interval '29 days'), ('AM05', 'bezig.json', 'controleren', null)`.execute(tx);
  });
  // A search question: forgotten 180 days after it was last asked.
  await asOwner(t.db, 'search-quality', async (tx) => {
    await sql`insert into search_gaps (region_code, question, results, last_asked) values
      ('AM05', 'oude vraag', 0, current_date - 181), ('AM05', 'recente vraag', 0, current_date - 179)`.execute(tx);
  });
  const result = await sweepExpired(t.db, { idleMinutes: 30, absoluteHours: 12 });
  expect(result).toEqual({
    sessions: 1,
    loginAttempts: 1,
    resetLinks: 1,
    resetRequests: 1,
    auditEntries: 1,
    disabledAccounts: 1,
    modules: { contactRequests: 2, clientRecords: 0, historyAuthors: 1, catalogueImports: 1, searchGaps: 1 },
    formSubmissions: 1,
    idempotencyKeys: 1,
  });
  expect((await t.db.kysely.selectFrom('password_reset_tokens').select('token_hash').execute()).map((r) => r.token_hash)).toEqual(['geldig']);
  expect((await t.db.kysely.selectFrom('search_gaps').select('question').execute()).map((r) => r.question)).toEqual(['recente vraag']);
  const emails = (await t.db.kysely.selectFrom('users').select('email').execute()).map((u) => u.email);
  expect(emails).not.toContain('r.bakker@werkcentrum.example');
  expect(emails).toContain('m.jansen@werkcentrum.example');
  expect((await t.db.kysely.selectFrom('audit_log').select('action').where('action', 'in', ['old', 'recent']).execute()).map((a) => a.action)).toEqual(['recent']);
  // Deleted by the system actor, which the processing log and the audit log both record.
  const deletion = await t.db.kysely.selectFrom('processing_log').select(['processing_activity_id', 'actor_kind']).where('name', '=', 'users.delete').execute();
  expect(deletion).toEqual([{ processing_activity_id: 'account-management', actor_kind: 'system' }]);
  const audited = await t.db.kysely.selectFrom('audit_log').select(['actor_kind', 'actor_user_id', 'details']).where('action', '=', 'user.delete').execute();
  expect(audited).toEqual([{ actor_kind: 'system', actor_user_id: null, details: { reason: 'retention' } }]);
  const admin = new Agent(t.app);
  await admin.login('beheer@werkcentrum.example');
  const auditPage = await admin.get('/beheer/auditlog?handeling=user.delete');
  expect(auditPage.body).toContain('Het systeem (een taak op de achtergrond)');
  expect((await live.get('/werkplek')).statusCode).toBe(200);
  // Questions past their period lose the person's data; the rows stay for the counts.
  const questions = await t.db.kysely.selectFrom('contact_requests').select(['reference', 'name', 'message', 'result']).where('reference', 'like', 'V-RETENTI%').orderBy('reference').execute();
  expect(questions).toEqual([
    { reference: 'V-RETENTI1', name: null, message: null, result: 'doorverwezen' },
    { reference: 'V-RETENTI2', name: 'closed-recent', message: 'vraag', result: 'doorverwezen' },
    { reference: 'V-RETENTI3', name: null, message: null, result: null },
    { reference: 'V-RETENTI4', name: 'open-recent', message: 'vraag', result: null },
  ]);
  const questionLog = await t.db.kysely.selectFrom('processing_log').select(['processing_activity_id', 'actor_kind']).where('name', '=', 'contact_requests.update').where('actor_kind', '=', 'system').execute();
  expect(questionLog).toEqual([
    { processing_activity_id: 'contact-requests', actor_kind: 'system' },
    { processing_activity_id: 'contact-requests', actor_kind: 'system' },
  ]);
  const history = await t.db.kysely.selectFrom('service_history').select(['version', 'changed_by', 'changed_as']).where('version', 'in', [90, 91]).orderBy('version').execute();
  expect(history[0]).toEqual({ version: 90, changed_by: null, changed_as: null });
  expect(history[1]!.changed_by).not.toBeNull();
  expect(history[1]!.changed_as).toBe('partnermedewerker');
  const attempts = await t.db.kysely.selectFrom('login_attempts').select('at').execute();
  expect(attempts.every((a) => a.at.getTime() > Date.now() - 30 * 86_400_000)).toBe(true);
  expect((await t.db.kysely.selectFrom('form_submissions').select('result').execute()).map((r) => r.result)).toEqual(['/nieuw']);
  expect((await t.db.kysely.selectFrom('idempotency_keys').select('key').execute()).map((r) => r.key)).toEqual(['nieuw']);
});
