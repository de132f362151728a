import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../../config.ts';
import type { Tx } from '../db/tenancy.ts';
import { sendJob, type JobDefinition } from '../jobs/jobs.ts';

// Every e-mail is a job: `sendMail(tx, message)` queues it in the transaction of the change it
// reports (a rolled-back change sends nothing), and the `mail` job delivers it over SMTP
// (nodemailer), retrying with exponential backoff for about 4 to 8 hours. Without SMTP_HOST the
// platform runs without mail: a message is dropped with a log line that names only its kind.
// Logs and the errors kept with failed jobs never name the address.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** A short name for the logs and the failed-jobs page, e.g. "account-locked". */
  kind: string;
}

declare module '../jobs/jobs.ts' {
  interface JobData {
    mail: MailMessage;
  }
}

/** Queues an e-mail in the caller's transaction (of `withActor` or `withSystem`): it goes out once that commits. */
export async function sendMail(tx: Tx, message: MailMessage): Promise<void> {
  await sendJob(tx, 'mail', message);
}

export interface MailTransport {
  /** Hands the message to the SMTP server; throws a `MailDeliveryError` when that fails. */
  deliver(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailLog {
  info(details: object, message: string): void;
}

/** A failed delivery, described by SMTP's codes only: the server's own text may quote the address. */
export class MailDeliveryError extends Error {
  constructor(cause: unknown) {
    const error = (cause ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown };
    const parts = [
      typeof error.code === 'string' ? error.code : 'unknown error',
      typeof error.responseCode === 'number' ? String(error.responseCode) : null,
      typeof error.command === 'string' ? `at ${error.command.split(/\s/)[0]}` : null,
    ];
    super(`SMTP delivery failed: ${parts.filter(Boolean).join(' ')}`);
    this.name = 'MailDeliveryError';
  }
}

export function createMailTransport(smtp: SmtpConfig | undefined, log: MailLog): MailTransport {
  if (!smtp) {
    return {
      async deliver(message) {
        log.info({ mail: message.kind }, 'mail not sent: SMTP_HOST is not set');
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async deliver(message) {
      try {
        await transport.sendMail({ from: smtp.from, to: message.to, subject: message.subject, text: message.text });
      } catch (error) {
        throw new MailDeliveryError(error);
      }
      log.info({ mail: message.kind }, 'mail sent');
    },
    close() {
      transport.close();
    },
  };
}

/** Retries: after 1–2 minutes, then each wait doubles; after the eighth retry (4–8 hours on) the mail counts as failed. */
export const MAIL_RETRY = { limit: 8, delaySeconds: 60, backoff: true } as const;

/** The job that delivers queued e-mail. */
export function mailJob(transport: MailTransport): JobDefinition<'mail'> {
  return {
    name: 'mail',
    retry: MAIL_RETRY,
    timeoutSeconds: 120,
    handle: (message) => transport.deliver(message),
  };
}
