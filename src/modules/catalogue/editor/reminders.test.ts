import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startSmtpServer } from '../../../../test/helpers/smtp.ts';
import { asOwner, createTestDatabase, type TestDatabase } from '../../../../test/helpers/db.ts';
import { createJobQueue, type JobQueue } from '../../../platform/jobs/jobs.ts';
import { createMailTransport, mailJob, type MailTransport } from '../../../platform/mail/mailer.ts';
import { sendReviewReminders } from './reminders.ts';

// The review reminder job end to end: services past their review date, one e-mail per owner (queued
// with the reminders, delivered by the mail job over a real SMTP server), at most once per 14 days,
// and not twice when two processes run it at once.

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let db: TestDatabase;
let transport: MailTransport;
let jobs: JobQueue;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  [smtp, db] = await Promise.all([startSmtpServer(), createTestDatabase({ catalogue: true })]);
  transport = createMailTransport(
    { host: '127.0.0.1', port: smtp.port, secure: false, user: undefined, password: undefined, from: 'Werkcentrum <no-reply@werkcentrum.example>' },
    silent,
  );
  jobs = createJobQueue(db, silent);
  jobs.register(mailJob(transport));
  await jobs.prepare();
  await asOwner(db, 'catalogue-maintenance', async (tx) => {
    // Only the services of this test are overdue: the demo catalogue's dates are relative to when it was written.
    await sql`update services set last_reviewed = current_date where last_reviewed + review_interval_days < current_date + 60`.execute(tx);
    await sql`update services set last_reviewed = current_date - 400, review_interval_days = 365
      where key in ('sollicitatietraining', 'loopbaanadvies-baan-in-gevaar', 'inloop-werkcentrum', 'werkcentrum-inloop', 'loopbaancheck-zzp')`.execute(tx);
  });
});
afterAll(async () => {
  transport?.close();
  await db?.destroy();
  await smtp?.close();
});

/** The decoded text of a received message (nodemailer uses quoted-printable for non-ASCII). */
function textOf(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  return body
    .replace(/=\r\n/g, '')
    .replace(/(=[0-9A-F]{2})+/g, (match) => Buffer.from(match.split('=').slice(1).map((hex) => parseInt(hex, 16))).toString('utf8'));
}

it('e-mails each owner once with their overdue services, and not again within 14 days', async () => {
  const result = await sendReviewReminders(db, 'https://werkcentrum.example');
  expect(result.ran).toBe(true);
  // The concept (loopbaancheck-zzp) is not public, so it needs no reminder.
  expect(result.services).toBe(4);
  // Queued with the reminders; the mail job delivers them.
  expect(smtp.received).toHaveLength(0);
  expect(await jobs.runUntilIdle()).toBe(result.mails);

  const byRecipient = new Map(smtp.received.map((mail) => [mail.to.join(), textOf(mail.raw)]));
  expect(smtp.received).toHaveLength(byRecipient.size);
  // De Wissel's two Amsterdam services go to its partnermedewerker in Amsterdam, in one message.
  const partner = byRecipient.get('partner.amsterdam@werkcentrum.example')!;
  const ids = Object.fromEntries(
    (await db.kysely.selectFrom('services').select(['key', 'id']).execute()).map((row) => [row.key, row.id] as const),
  );
  expect(partner).toContain('Hallo Paula Partner');
  expect(partner).toContain(`https://werkcentrum.example/beheer/diensten/${ids['sollicitatietraining']}`);
  expect(partner).toContain(`https://werkcentrum.example/beheer/diensten/${ids['loopbaanadvies-baan-in-gevaar']}`);
  expect(partner).not.toContain(ids['inloop-werkcentrum']!);
  // Gemeente Amsterdam and Gemeente Enschede have no partnermedewerkers: their coordinators are reminded.
  expect(byRecipient.get('coordinator.amsterdam@werkcentrum.example')).toContain(ids['inloop-werkcentrum']);
  expect(byRecipient.get('coordinator.twente@werkcentrum.example')).toContain(ids['werkcentrum-inloop']);
  expect([...byRecipient.keys()].sort()).toEqual([
    'coordinator.amsterdam@werkcentrum.example',
    'coordinator.twente@werkcentrum.example',
    'partner.amsterdam@werkcentrum.example',
  ]);
  const subject = /Subject: (.*)/.exec(smtp.received.find((mail) => mail.to[0] === 'partner.amsterdam@werkcentrum.example')!.raw)?.[1] ?? '';
  expect(subject).toMatch(/Controleer je 2 diensten|=\?UTF-8\?/);

  const reminders = await db.kysely.selectFrom('service_review_reminders').select('service_id').execute();
  expect(reminders.map((r) => r.service_id).sort()).toEqual(
    [ids['sollicitatietraining'], ids['loopbaanadvies-baan-in-gevaar'], ids['inloop-werkcentrum'], ids['werkcentrum-inloop']].sort(),
  );
  const log = await db.kysely.selectFrom('processing_log').select(['processing_activity_id', 'actor_kind']).where('name', '=', 'users.read').execute();
  expect(log.length).toBe(3);
  expect(log.every((entry) => entry.processing_activity_id === 'catalogue-maintenance' && entry.actor_kind === 'system')).toBe(true);

  // Run again, twice at once as two processes would: nothing new is sent.
  const before = smtp.received.length;
  const again = await Promise.all([sendReviewReminders(db, 'https://werkcentrum.example'), sendReviewReminders(db, 'https://werkcentrum.example')]);
  expect(again.map((r) => r.services)).toEqual([0, 0]);
  expect(await jobs.runUntilIdle()).toBe(0);
  expect(smtp.received.length).toBe(before);
});

it('reminds again after 14 days when the service is still not reviewed', async () => {
  await asOwner(db, 'catalogue-maintenance', async (tx) => {
    await sql`update service_review_reminders set reminded_at = now() - interval '15 days'
      where service_id = (select id from services where key = 'sollicitatietraining')`.execute(tx);
  });
  const before = smtp.received.length;
  const result = await sendReviewReminders(db, 'https://werkcentrum.example');
  await jobs.runUntilIdle();
  expect(result.services).toBe(1);
  const mails = smtp.received.slice(before);
  expect(mails.map((mail) => mail.to)).toEqual([['partner.amsterdam@werkcentrum.example']]);
  expect(textOf(mails[0]!.raw)).toContain('Hallo Paula Partner');
});
