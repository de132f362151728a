import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../../config.ts';

// Mail goes out over SMTP (nodemailer). Without SMTP_HOST the platform runs without mail: messages
// are dropped with a log line that names only the kind of message, never the address.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** A short name for the logs, e.g. "account-locked". */
  kind: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export function createMailer(smtp: SmtpConfig | undefined, log: MailLog): Mailer {
  if (!smtp) {
    return {
      async send(message) {
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
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({ from: smtp.from, to: message.to, subject: message.subject, text: message.text });
        log.info({ mail: message.kind }, 'mail sent');
      } catch (error) {
        // Mail is a notice, not part of the transaction: a failure is logged, the request goes on.
        log.error({ mail: message.kind, err: { message: (error as Error).message } }, 'mail failed');
      }
    },
    close() {
      transport.close();
    },
  };
}
