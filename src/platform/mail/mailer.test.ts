import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer } from '../../../test/helpers/smtp.ts';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createMailer } from './mailer.ts';

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
    const mailer = createMailer({ host: '127.0.0.1', port: smtp.port, secure: false, user: undefined, password: undefined, from: 'a@werkcentrum.example' }, silent);
    await mailer.send({ kind: 'test', to: 'iemand@werkcentrum.example', subject: 'Onderwerp', text: 'Tekst met ë' });
    mailer.close();
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual(['iemand@werkcentrum.example']);
    expect(mail.raw).toContain('Subject: Onderwerp');
  });

  it('logs a failure and goes on when the server cannot be reached', async () => {
    const errors: object[] = [];
    const mailer = createMailer(
      { host: '127.0.0.1', port: 1, secure: false, user: undefined, password: undefined, from: 'a@werkcentrum.example' },
      { info: () => undefined, error: (details) => errors.push(details) },
    );
    await expect(mailer.send({ kind: 'test', to: 'x@werkcentrum.example', subject: 's', text: 't' })).resolves.toBeUndefined();
    mailer.close();
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors)).not.toContain('x@werkcentrum.example');
  });

  it('tells the account holder, once, that their account was locked after failed logins', async () => {
    const before = smtp.received.length;
    const agent = new Agent(t.app);
    await agent.get('/inloggen');
    for (let i = 0; i < 7; i++) await agent.post('/inloggen', { email: 'gids.zuidlimburg@werkcentrum.example', password: `fout-${i}` });
    const mails = smtp.received.slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['gids.zuidlimburg@werkcentrum.example']);
    expect(mails[0]!.raw).toMatch(/Subject: =\?UTF-8\?|Subject: Je Werkcentrum-account is tijdelijk geblokkeerd/);
    expect(mails[0]!.raw).not.toContain('fout-');
  });
});
