import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer } from '../../../test/helpers/smtp.ts';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createMailTransport, MailDeliveryError } from './mailer.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    demo: true,
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'Werkcentrum <no-reply@werkcentrum.example>' },
  });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const silent = { info: () => undefined, error: () => undefined };

describe('mail over SMTP', () => {
  it('delivers a message to a real SMTP server', async () => {
    const transport = createMailTransport({ host: '127.0.0.1', port: smtp.port, secure: false, user: undefined, password: undefined, from: 'a@werkcentrum.example' }, silent);
    await transport.deliver({ kind: 'test', to: 'iemand@werkcentrum.example', subject: 'Onderwerp', text: 'Tekst met ë' });
    transport.close();
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual(['iemand@werkcentrum.example']);
    expect(mail.raw).toContain('Subject: Onderwerp');
  });

  it('fails a delivery the server cannot take with an error that names no address, so the job is retried', async () => {
    const transport = createMailTransport({ host: '127.0.0.1', port: 1, secure: false, user: undefined, password: undefined, from: 'a@werkcentrum.example' }, silent);
    const failure = await transport.deliver({ kind: 'test', to: 'x@werkcentrum.example', subject: 's', text: 't' }).catch((error: unknown) => error);
    transport.close();
    expect(failure).toBeInstanceOf(MailDeliveryError);
    expect((failure as Error).message).toBe('SMTP delivery failed: ESOCKET at CONN');
  });

  it('describes a refused recipient by SMTP codes only: the server’s answer quotes the address', async () => {
    const refusing = await startSmtpServer({ rejects: (address) => address.startsWith('onbekend') });
    const transport = createMailTransport({ host: '127.0.0.1', port: refusing.port, secure: false, user: undefined, password: undefined, from: 'a@werkcentrum.example' }, silent);
    const failure = await transport.deliver({ kind: 'test', to: 'onbekend@werkcentrum.example', subject: 's', text: 't' }).catch((error: unknown) => error);
    transport.close();
    await refusing.close();
    expect(failure).toBeInstanceOf(MailDeliveryError);
    expect((failure as Error).message).toBe('SMTP delivery failed: EENVELOPE 550 at RCPT');
    expect(JSON.stringify(failure)).not.toContain('onbekend');
    expect((failure as Error).stack).not.toContain('onbekend');
  });

  it('tells the account holder, once, that their account was locked after failed logins', async () => {
    const before = smtp.received.length;
    const agent = new Agent(t.app);
    await agent.get('/inloggen');
    for (let i = 0; i < 7; i++) await agent.post('/inloggen', { email: 'gids.zuidlimburg@werkcentrum.example', password: `fout-${i}` });
    // Queued in the transaction that locked the account; the mail job delivers it.
    expect(smtp.received.length).toBe(before);
    expect(await t.app.jobs.runUntilIdle()).toBe(1);
    const mails = smtp.received.slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['gids.zuidlimburg@werkcentrum.example']);
    expect(mails[0]!.raw).toMatch(/Subject: =\?UTF-8\?|Subject: Je Werkcentrum-account is tijdelijk geblokkeerd/);
    expect(mails[0]!.raw).not.toContain('fout-');
  });
});
