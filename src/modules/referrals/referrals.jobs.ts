import type { Database } from '../../platform/db/pool.ts';
import { withSystem, type Tx } from '../../platform/db/tenancy.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { sendMail } from '../../platform/mail/mailer.ts';
import { translator, type MessageKey } from '../../platform/i18n/index.ts';
import type { ReferralTimerStep } from '../../platform/db/schema.ts';
import { addWorkingDays, amsterdamClockOf, amsterdamMoment } from '../../platform/time/working-days.ts';
import type { RetentionRule } from '../../platform/privacy/retention.ts';
import { REFERRAL_TIMERS } from './referrals.service.ts';
import { sendNotice, type ReferralNotice } from './referrals.notices.ts';
import {
  activeUser,
  claimTimerStep,
  digestSent,
  dueDigestItems,
  queueDigestItem,
  queueContactDigestItem,
  forgetSharedData,
  insertTimerEvent,
  lockForTimer,
  noticeSubject,
  recordTimerEffect,
  referralsPastResponseDue,
  staffOf,
  type MailRecipient,
} from './referrals.repository.ts';
import { eraseInactiveClients } from './clients.repository.ts';
import { contactNoticeSubject } from './contacts.repository.ts';
import type { ContactNotice } from './contacts.service.ts';
import { CLIENT_RETENTION_MONTHS } from './clients.service.ts';

// The background work of the warm handover, as the system actor:
// - `referral-notice`: the e-mails a change causes. They carry a reference and a link, never the
//   person's data: whoever follows the link logs in and row-level security decides what they see.
// - `referral-timers`: every 5 minutes, the reminders to the partner, the escalation to the region's
//   coordinator and the expiry, each step once per referral (a claimed row in referral_timer_steps,
//   in the same transaction as its effect), however often the sweep runs or the process restarts.
// - `referral-digest`: every hour, for those who chose one e-mail a day: from 08:00 (Amsterdam) the
//   notices that waited since their last digest, as references and links, once a day.
// - the retention rule of client records.

declare module '../../platform/jobs/jobs.ts' {
  interface JobData {
    'referral-timers': Record<string, never>;
    'referral-digest': Record<string, never>;
  }
}

const ACTIVITY = 'referrals' as const;


const NOTICE_KEYS: Record<ReferralNotice, 'nieuw' | 'herinnering' | 'escalatie' | 'verlopen' | 'ingetrokken' | 'bericht' | 'status'> = {
  nieuw: 'nieuw',
  herinnering: 'herinnering',
  escalatie: 'escalatie',
  verlopen: 'verlopen',
  ingetrokken: 'ingetrokken',
  'bericht-aan-partner': 'bericht',
  'bericht-aan-gids': 'bericht',
  status: 'status',
};

/** Who a notice goes to: the partner's staff, the guide (or, when their account is gone, the coordinators), or the coordinators. */
async function recipientsOf(tx: Tx, subject: NonNullable<Awaited<ReturnType<typeof noticeSubject>>>, notice: ReferralNotice): Promise<MailRecipient[]> {
  if (notice === 'nieuw' || notice === 'herinnering' || notice === 'ingetrokken' || notice === 'bericht-aan-partner') {
    return staffOf(tx, subject.region_code, 'partnermedewerker', subject.recipient_organisation_id);
  }
  if (notice === 'escalatie') return staffOf(tx, subject.region_code, 'regiocoordinator', null);
  const guide = subject.guide_user_id ? await activeUser(tx, subject.guide_user_id) : undefined;
  return guide ? [guide] : staffOf(tx, subject.region_code, 'regiocoordinator', null);
}

export function referralNoticeJob(db: Database, baseUrl: string): JobDefinition<'referral-notice'> {
  return {
    name: 'referral-notice',
    retry: { limit: 5, delaySeconds: 30, backoff: true },
    timeoutSeconds: 60,
    async handle({ referralId, notice }) {
      await withSystem(db, ACTIVITY, async (tx) => {
        const subject = await noticeSubject(tx, referralId);
        if (!subject) return;
        const key = NOTICE_KEYS[notice];
        for (const recipient of await recipientsOf(tx, subject, notice)) {
          if (recipient.frequency === 'dagelijks') {
            await queueDigestItem(tx, recipient.user_id, subject.id, notice);
            continue;
          }
          const t = translator(recipient.preferred_language);
          const params = {
            reference: subject.reference,
            service: subject.service_name,
            status: t(`referrals.status.${subject.status}`),
            link: `${baseUrl}/verwijzingen/${subject.id}`,
          };
          await sendMail(tx, {
            to: recipient.email,
            subject: t(`referrals.mail.${key}.subject` as MessageKey, params),
            text: t(`referrals.mail.${key}.text` as MessageKey, params),
            kind: `referral-${notice}`,
          });
        }
      });
    },
  };
}

/**
 * `contact-notice`: a new question goes to the region's guides, a contact given to someone to them;
 * an e-mail with the reference and a link, or an item for their daily digest.
 */
export function contactNoticeJob(db: Database, baseUrl: string): JobDefinition<'contact-notice'> {
  return {
    name: 'contact-notice',
    retry: { limit: 5, delaySeconds: 30, backoff: true },
    timeoutSeconds: 60,
    async handle({ contactId, notice }: { contactId: string; notice: ContactNotice }) {
      await withSystem(db, 'contact-requests', async (tx) => {
        const contact = await contactNoticeSubject(tx, contactId);
        if (!contact) return;
        const assignee = notice === 'toegewezen' && contact.handled_by ? await activeUser(tx, contact.handled_by) : undefined;
        const recipients = notice === 'toegewezen' ? (assignee ? [assignee] : []) : await staffOf(tx, contact.region_code, 'gidsfunctionaris', null);
        for (const recipient of recipients) {
          if (recipient.frequency === 'dagelijks') {
            await queueContactDigestItem(tx, recipient.user_id, contact.id, contact.reference, notice);
            continue;
          }
          const t = translator(recipient.preferred_language);
          const params = { reference: contact.reference, link: `${baseUrl}/vragen/${contact.id}` };
          await sendMail(tx, {
            to: recipient.email,
            subject: t(`contacts.mail.${notice}.subject`, params),
            text: t(`contacts.mail.${notice}.text`, params),
            kind: `contact-${notice}`,
          });
        }
      });
    },
  };
}

/** When each timer step of a referral is due: its reminders (0 to 2, as the service set them), the escalation, the expiry. */
export function timerSchedule(responseDueAt: Date, expiresAt: Date, maxReminders: number): { step: ReferralTimerStep; at: Date }[] {
  const interval = REFERRAL_TIMERS.reminderIntervalWorkingDays;
  const reminders = (['herinnering-1', 'herinnering-2'] as const).slice(0, Math.max(0, Math.min(2, maxReminders)));
  return [
    ...reminders.map((step, index) => ({ step, at: addWorkingDays(responseDueAt, interval * index) })),
    { step: 'escalatie', at: addWorkingDays(responseDueAt, interval * reminders.length) },
    { step: 'verlopen', at: expiresAt },
  ];
}

/** Fires the timer steps that are due at `now`; returns what fired. The clock is a parameter, so tests can move it. */
export async function runReferralTimers(db: Database, now: Date): Promise<{ referralId: string; step: ReferralTimerStep }[]> {
  const due = await withSystem(db, ACTIVITY, (tx) => referralsPastResponseDue(tx, now));
  const fired: { referralId: string; step: ReferralTimerStep }[] = [];
  for (const candidate of due) {
    const steps = timerSchedule(new Date(candidate.response_due_at), new Date(candidate.expires_at), candidate.max_reminders).filter(
      (entry) => entry.at <= now && !candidate.fired.includes(entry.step),
    );
    if (steps.length === 0) continue;
    // One transaction per referral: its steps, their effects and their notices commit together.
    await withSystem(db, ACTIVITY, async (tx) => {
      const referral = await lockForTimer(tx, candidate.id);
      if (!referral || (referral.status !== 'verzonden' && referral.status !== 'ontvangen')) return;
      let reminders = referral.reminders_sent;
      for (const { step } of steps) {
        if (!(await claimTimerStep(tx, referral.id, step))) continue;
        fired.push({ referralId: referral.id, step });
        if (step === 'verlopen') {
          await recordTimerEffect(tx, referral.id, { status: 'verlopen', closed_at: now });
          await sendNotice(tx, referral.id, 'verlopen');
          break;
        }
        if (step === 'escalatie') {
          await recordTimerEffect(tx, referral.id, { escalated_at: now });
          await insertTimerEvent(tx, referral.id, referral.region_code, 'escalatie');
          await sendNotice(tx, referral.id, 'escalatie');
        } else {
          reminders += 1;
          await recordTimerEffect(tx, referral.id, { reminders_sent: reminders });
          await insertTimerEvent(tx, referral.id, referral.region_code, 'herinnering');
          await sendNotice(tx, referral.id, 'herinnering');
        }
      }
    });
  }
  return fired;
}

export function referralTimersJob(db: Database, clock: () => Date = () => new Date()): JobDefinition<'referral-timers'> {
  return {
    name: 'referral-timers',
    retry: { limit: 3, delaySeconds: 60, backoff: true },
    timeoutSeconds: 300,
    everyMinutes: 5,
    async handle() {
      await runReferralTimers(db, clock());
    },
  };
}

/** The hour (Amsterdam) from which the daily digest goes out. */
export const DIGEST_HOUR = 8;

/** Sends the daily digests that are due at `now` (from 08:00 in Amsterdam, once a day per person); returns how many. */
export async function sendReferralDigests(db: Database, baseUrl: string, now: Date): Promise<number> {
  const { date, hour } = amsterdamClockOf(now);
  if (hour < DIGEST_HOUR) return 0;
  const todayAtEight = amsterdamMoment(date, DIGEST_HOUR);
  return withSystem(db, ACTIVITY, async (tx) => {
    const items = await dueDigestItems(tx, todayAtEight);
    const byUser = new Map<string, typeof items>();
    for (const item of items) byUser.set(item.user_id, [...(byUser.get(item.user_id) ?? []), item]);
    for (const [userId, own] of byUser) {
      const t = translator(own[0]!.preferred_language);
      const lines = own.map((item) =>
        item.contact_id
          ? t('referrals.digest.contactLine', { reference: item.reference ?? '', notice: t(`contacts.digest.notice.${item.notice === 'toegewezen' ? 'toegewezen' : 'nieuw'}`), link: `${baseUrl}/vragen/${item.contact_id}` })
          : t('referrals.digest.line', { reference: item.reference ?? '', service: item.service_name ?? '', notice: t(`referrals.digest.notice.${NOTICE_KEYS[item.notice as ReferralNotice] ?? 'status'}` as MessageKey), link: `${baseUrl}/verwijzingen/${item.referral_id}` }),
      );
      await sendMail(tx, {
        to: own[0]!.email,
        subject: t('referrals.digest.subject', { count: own.length }),
        text: `${t('referrals.digest.intro')}\n\n${lines.join('\n')}\n`,
        kind: 'referral-digest',
      });
      await digestSent(tx, userId, own.at(-1)!.id, now);
    }
    return byUser.size;
  });
}

export function referralDigestJob(db: Database, baseUrl: string, clock: () => Date = () => new Date()): JobDefinition<'referral-digest'> {
  return {
    name: 'referral-digest',
    retry: { limit: 3, delaySeconds: 120, backoff: true },
    timeoutSeconds: 300,
    everyMinutes: 60,
    async handle() {
      await sendReferralDigests(db, baseUrl, clock());
    },
  };
}

/** Client records past their region's retention: personal fields erased, what was shared with partners emptied, the counts kept. */
export const clientRecordRetention: RetentionRule = {
  name: 'clientRecords',
  activity: 'client-records',
  async sweep(tx, now) {
    const erased = await eraseInactiveClients(tx, now, CLIENT_RETENTION_MONTHS);
    await forgetSharedData(tx, erased);
    return erased.length;
  },
};
