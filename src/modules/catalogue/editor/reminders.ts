import type { Database } from '../../../platform/db/pool.ts';
import { logRead, withSystem } from '../../../platform/db/tenancy.ts';
import type { JobDefinition } from '../../../platform/jobs/jobs.ts';
import { sendMail } from '../../../platform/mail/mailer.ts';
import { translator, type Lang } from '../../../platform/i18n/index.ts';
import { formatDate } from './quality.ts';
import { dueServices, lockReminders, possibleOwners, recordReminders, type DueService } from './reminders.repository.ts';

// Reminds the owners of published services past their review date: one e-mail per person, listing
// their services with links to the editor. Recipients are the partnermedewerkers of the owning
// organisation in the service's region (any region for a national service), or the region's
// coordinator when the organisation has none there. A service is reminded at most once per 14 days
// (service_review_reminders). The reminders are recorded and their e-mails queued in one
// transaction, so a reminder is recorded exactly when its mail will go out (retried by the mail job
// until it does). Safe with several app processes: that transaction holds an advisory lock, and a
// run that does not get it skips.

export const REMINDER_INTERVAL_DAYS = 14;

declare module '../../../platform/jobs/jobs.ts' {
  interface JobData {
    'service-review-reminders': Record<string, never>;
  }
}

export interface ReminderResult {
  /** False when another process was running the job. */
  ran: boolean;
  services: number;
  mails: number;
}

interface Recipient {
  name: string;
  email: string;
  lang: Lang;
  services: DueService[];
}

export async function sendReviewReminders(db: Database, baseUrl: string): Promise<ReminderResult> {
  return withSystem(db, 'catalogue-maintenance', async (tx) => {
    if (!(await lockReminders(tx))) return { ran: false, services: 0, mails: 0 };
    const due = await dueServices(tx, REMINDER_INTERVAL_DAYS);
    if (due.length === 0) return { ran: true, services: 0, mails: 0 };

    // Reading the owners' names and addresses is personal data, for the catalogue's maintenance.
    const people = await possibleOwners(tx);
    const recipients = new Map<string, Recipient>();
    const reminded: string[] = [];
    for (const service of due) {
      const partners = people.filter(
        (p) => p.role === 'partnermedewerker' && p.organisationId === service.organisationId && (service.regionCode === null || p.regionCode === service.regionCode),
      );
      const owners = partners.length > 0 ? partners : people.filter((p) => p.role === 'regiocoordinator' && p.regionCode === service.regionCode);
      if (owners.length === 0) continue;
      reminded.push(service.id);
      for (const owner of owners) {
        const recipient = recipients.get(owner.userId) ?? { name: owner.name, email: owner.email, lang: owner.lang, services: [] };
        if (!recipient.services.some((s) => s.id === service.id)) recipient.services.push(service);
        recipients.set(owner.userId, recipient);
      }
    }
    if (reminded.length === 0) return { ran: true, services: 0, mails: 0 };
    await logRead(tx, 'users.read', [...recipients.keys()], 'professional');
    await recordReminders(tx, reminded);

    for (const recipient of recipients.values()) {
      const t = translator(recipient.lang);
      const lines = recipient.services.map((service) =>
        t('editor.mail.reminder.line', { name: service.name, due: formatDate(recipient.lang, service.reviewDue), link: `${baseUrl}/beheer/diensten/${service.id}` }),
      );
      await sendMail(tx, {
        kind: 'service-review-reminder',
        to: recipient.email,
        subject: t('editor.mail.reminder.subject', { count: recipient.services.length }),
        text: t('editor.mail.reminder.body', { name: recipient.name, count: recipient.services.length, services: lines.join('\n') }),
      });
    }
    return { ran: true, services: reminded.length, mails: recipients.size };
  });
}

/** The reminders as a job, every hour. */
export function reviewRemindersJob(db: Database, baseUrl: string): JobDefinition<'service-review-reminders'> {
  return {
    name: 'service-review-reminders',
    retry: { limit: 3, delaySeconds: 300, backoff: true },
    timeoutSeconds: 300,
    everyMinutes: 60,
    handle: async () => {
      await sendReviewReminders(db, baseUrl);
    },
  };
}
