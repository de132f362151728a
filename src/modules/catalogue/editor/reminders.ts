import { sql } from 'kysely';
import type { Database } from '../../../platform/db/pool.ts';
import type { Mailer } from '../../../platform/mail/mailer.ts';
import { translator, type Lang } from '../../../platform/i18n/index.ts';
import { formatDate } from './quality.ts';

// Reminds the owners of published services past their review date: one e-mail per person, listing
// their services with links to the editor. Recipients are the partnermedewerkers of the owning
// organisation in the service's region (any region for a national service), or the region's
// coordinator when the organisation has none there. A service is reminded at most once per 14 days
// (service_review_reminders). Safe with several app processes: the transaction that picks and records
// the reminders holds an advisory lock, and a process that does not get it skips the run.

export const REMINDER_INTERVAL_DAYS = 14;
const LOCK = 'werkcentrum:service-review-reminders';

export interface ReminderResult {
  /** False when another process was running the job. */
  ran: boolean;
  services: number;
  mails: number;
}

interface Recipient {
  id: string;
  name: string;
  email: string;
  lang: Lang;
  services: { id: string; name: string; reviewDue: string }[];
}

export async function sendReviewReminders(db: Database, mailer: Mailer, baseUrl: string): Promise<ReminderResult> {
  const work = await claimReminders(db);
  if (!work) return { ran: false, services: 0, mails: 0 };
  // Sent after the reminders are recorded and committed: a second process finds them recorded and
  // sends nothing. A failed delivery is logged by the mailer and not retried for 14 days.
  for (const recipient of work.recipients) {
    const t = translator(recipient.lang);
    const lines = recipient.services.map((service) =>
      t('editor.mail.reminder.line', { name: service.name, due: formatDate(recipient.lang, service.reviewDue), link: `${baseUrl}/beheer/diensten/${service.id}` }),
    );
    await mailer.send({
      kind: 'service-review-reminder',
      to: recipient.email,
      subject: t('editor.mail.reminder.subject', { count: recipient.services.length }),
      text: t('editor.mail.reminder.body', { name: recipient.name, count: recipient.services.length, services: lines.join('\n') }),
    });
  }
  return { ran: true, services: work.services, mails: work.recipients.length };
}

/** Finds the services to remind and records the reminders, under a lock; null when another process holds it. */
async function claimReminders(db: Database): Promise<{ services: number; recipients: Recipient[] } | null> {
  return db.kysely.transaction().execute(async (tx) => {
    const { rows: locked } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtext(${LOCK})) as ok`.execute(tx);
    if (!locked[0]?.ok) return null;
    // Reading the owners' names and addresses is personal data, for the catalogue's maintenance.
    await sql`select set_config('app.activity', 'catalogue-maintenance', true)`.execute(tx);
    const due = await tx
      .selectFrom('services as s')
      .select(['s.id', 's.name', 's.organisation_id', 's.region_code', 's.review_due'])
      .where('s.status', '=', 'gepubliceerd')
      .where('s.review_due', '<', sql<string>`current_date`)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('service_review_reminders as r')
              .select('r.service_id')
              .whereRef('r.service_id', '=', 's.id')
              .where('r.reminded_at', '>', sql<Date>`now() - make_interval(days => ${REMINDER_INTERVAL_DAYS})`),
          ),
        ),
      )
      .orderBy('s.review_due')
      .execute();
    if (due.length === 0) return { services: 0, recipients: [] };

    const people = await tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.name', 'u.email', 'u.preferred_language', 'm.organisation_id', 'm.region_code', 'm.role'])
      .where('u.disabled_at', 'is', null)
      .where('m.role', 'in', ['partnermedewerker', 'regiocoordinator'])
      .execute();
    const recipients = new Map<string, Recipient>();
    const remindedIds: string[] = [];
    for (const service of due) {
      const partners = people.filter(
        (p) => p.role === 'partnermedewerker' && p.organisation_id === service.organisation_id && (service.region_code === null || p.region_code === service.region_code),
      );
      const owners = partners.length > 0 ? partners : people.filter((p) => p.role === 'regiocoordinator' && p.region_code === service.region_code);
      if (owners.length === 0) continue;
      remindedIds.push(service.id);
      for (const owner of owners) {
        const recipient = recipients.get(owner.id) ?? { id: owner.id, name: owner.name, email: owner.email, lang: owner.preferred_language, services: [] };
        if (!recipient.services.some((s) => s.id === service.id)) recipient.services.push({ id: service.id, name: service.name, reviewDue: service.review_due });
        recipients.set(owner.id, recipient);
      }
    }
    if (remindedIds.length === 0) return { services: 0, recipients: [] };
    await sql`select app_log_processing('users.read', ${[...recipients.keys()]}::text[], 'professional')`.execute(tx);
    await tx
      .insertInto('service_review_reminders')
      .values(remindedIds.map((service_id) => ({ service_id, reminded_at: new Date() })))
      .onConflict((oc) => oc.column('service_id').doUpdateSet({ reminded_at: new Date() }))
      .execute();
    return { services: remindedIds.length, recipients: [...recipients.values()] };
  });
}

/** Runs the reminders now and then every hour, without keeping the process alive. */
export function scheduleReviewReminders(db: Database, mailer: Mailer, baseUrl: string, onError: (error: unknown) => void): () => void {
  const run = () => sendReviewReminders(db, mailer, baseUrl).catch(onError);
  void run();
  const timer = setInterval(run, 60 * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
