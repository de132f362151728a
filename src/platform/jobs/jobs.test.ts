import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { actorFor, createTestDatabase } from '../../../test/helpers/db.ts';
import { startSmtpServer } from '../../../test/helpers/smtp.ts';
import type { Database } from '../db/pool.ts';
import { withActor, withSystem } from '../db/tenancy.ts';
import { newTrace } from '../http/trace.ts';
import { sendMail, type MailMessage } from '../mail/mailer.ts';
import { retentionJob } from '../privacy/retention.ts';
import { createJobQueue, sendJob } from './jobs.ts';

// Durable jobs on the test database (PGlite, or the server with DATABASE_URL): sent in the sender's
// transaction, retried with a growing wait, visible to the platform administrator when they fail,
// kept across a restart, and periodic jobs sent once per period by any number of processes.

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
const logLines: string[] = [];
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const smtpEnv = () => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'Werkcentrum <no-reply@werkcentrum.example>' });

beforeAll(async () => {
  smtp = await startSmtpServer({ rejects: (address) => address.startsWith('onbekend') });
  t = await createTestApp({ demo: true, env: smtpEnv(), logStream: { write: (line) => logLines.push(line) } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const message = (kind: string, to = 'gids.amsterdam@werkcentrum.example'): MailMessage => ({ kind, to, subject: 'Onderwerp', text: 'Tekst' });

interface JobRow {
  id: string;
  state: string;
  retry_count: number;
  wait_seconds: number;
}

async function mailJobs(db: Database, kind: string): Promise<JobRow[]> {
  const { rows } = await sql<JobRow>`
    select id, state::text as state, retry_count, extract(epoch from start_after - now())::float8 as wait_seconds
    from pgboss.job where name = 'mail' and data ->> 'kind' = ${kind}`.execute(db.kysely);
  return rows;
}

describe('sending a job', () => {
  it('adds the job in the transaction of the work that sends it: none when that rolls back, one when it commits', async () => {
    const guide = await actorFor(t.db, 'gids.amsterdam@werkcentrum.example');
    await expect(
      withActor(t.db, { actor: guide, trace: newTrace() }, async (tx) => {
        await sendMail(tx, message('rolled-back'));
        throw new Error('the domain write failed');
      }),
    ).rejects.toThrow('the domain write failed');
    const id = await withActor(t.db, { actor: guide, trace: newTrace() }, (tx) => sendJob(tx, 'mail', message('committed')));
    const system = await withSystem(t.db, 'catalogue-maintenance', (tx) => sendJob(tx, 'mail', message('committed-by-system')));

    expect(await mailJobs(t.db, 'rolled-back')).toEqual([]);
    expect((await mailJobs(t.db, 'committed')).map((job) => [job.id, job.state])).toEqual([[id, 'created']]);
    expect((await mailJobs(t.db, 'committed-by-system')).map((job) => job.id)).toEqual([system]);
    await t.app.jobs.runUntilIdle();
    expect((await mailJobs(t.db, 'committed'))[0]!.state).toBe('completed');
  });

  it('lets the application roles add jobs, but not read, change or delete them', async () => {
    const admin = await actorFor(t.db, 'beheer@werkcentrum.example');
    const asAdmin = (query: string) => withActor(t.db, { actor: admin, trace: newTrace() }, (tx) => sql.raw(query).execute(tx));
    const asSystem = (query: string) => withSystem(t.db, 'catalogue-maintenance', (tx) => sql.raw(query).execute(tx));
    for (const attempt of [asAdmin, asSystem]) {
      await expect(attempt('select data from pgboss.job')).rejects.toThrow(/permission denied/);
      await expect(attempt("update pgboss.job set state = 'completed'")).rejects.toThrow(/permission denied/);
      await expect(attempt('delete from pgboss.job')).rejects.toThrow(/permission denied/);
      await expect(attempt('select name from pgboss.schedule')).rejects.toThrow(/permission denied/);
    }
  });
});

describe('a mail that cannot be delivered', () => {
  it('is retried after a wait that doubles each time, then given up and shown to the platform administrator without its address', async () => {
    const guide = await actorFor(t.db, 'gids.amsterdam@werkcentrum.example');
    await withActor(t.db, { actor: guide, trace: newTrace() }, (tx) => sendMail(tx, message('refused', 'onbekend@werkcentrum.example')));

    const waits: number[] = [];
    for (;;) {
      await t.app.jobs.runUntilIdle();
      const [job] = await mailJobs(t.db, 'refused');
      if (job!.state !== 'retry') break;
      waits.push(job!.wait_seconds);
      // Instead of waiting: the retry is due. A second back, because pg-boss fetches only jobs with
      // start_after < now(), and PGlite's clock can give the next statement the same now().
      await sql`update pgboss.job set start_after = now() - interval '1 second' where id = ${job!.id}`.execute(t.db.kysely);
    }
    const [failed] = await mailJobs(t.db, 'refused');
    expect(failed!.state).toBe('failed');
    // Eight retries after the first attempt; the n-th waits between 1 and 2 × 2^(n-1) minutes.
    expect(waits).toHaveLength(8);
    // Each failure was logged, by kind of job and attempt, without the address.
    const logged = logLines.filter((line) => line.includes(failed!.id));
    expect(logged).toHaveLength(9);
    expect(logged.at(-1)).toContain('no attempts left');
    expect(logged.join('\n')).not.toContain('onbekend');
    waits.forEach((wait, n) => {
      expect(wait).toBeGreaterThan(60 * 2 ** n - 5);
      expect(wait).toBeLessThanOrEqual(120 * 2 ** n);
    });

    const admin = new Agent(t.app);
    await admin.login('beheer@werkcentrum.example');
    const page = await admin.get('/beheer/taken');
    expect(page.statusCode).toBe(200);
    const row = new RegExp(`<tr[^>]*data-id="${failed!.id}"[^>]*>([\\s\\S]*?)</tr>`).exec(page.body)?.[1] ?? '';
    expect(row).toContain('refused');
    expect(row).toContain('Opgegeven');
    expect(row).toContain('>9<');
    expect(row).toContain('SMTP delivery failed: EENVELOPE 550 at RCPT');
    expect(page.body).not.toContain('onbekend');
    expect(page.body).toContain('href="/beheer/taken"');

    const guideAgent = new Agent(t.app);
    await guideAgent.login('gids.amsterdam@werkcentrum.example');
    expect((await guideAgent.get('/beheer/taken')).statusCode).toBe(403);
    expect(guideAgent.lastPage).not.toContain('href="/beheer/taken"');
  });
});

describe('the job workers', () => {
  it('run a job sent before a restart once the platform is started again', async () => {
    const db = await createTestDatabase();
    const before = await createTestApp({ db, env: smtpEnv() });
    await withSystem(db, 'authentication', (tx) => sendMail(tx, message('across-restart', 'herstart@werkcentrum.example')));
    // Stopped before any worker ran: the job is only in the database.
    await before.app.close();
    const reopened = await db.reopen();
    const after = await createTestApp({ db: reopened, env: smtpEnv() });
    try {
      expect((await mailJobs(reopened, 'across-restart')).map((job) => job.state)).toEqual(['created']);
      await after.app.jobs.start();
      for (let waited = 0; !smtp.received.some((mail) => mail.to.includes('herstart@werkcentrum.example')) && waited < 20_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(smtp.received.filter((mail) => mail.to.includes('herstart@werkcentrum.example'))).toHaveLength(1);
    } finally {
      await after.close();
    }
  });

  it('send a periodic job once per period, however many processes send it', async () => {
    const processes = [createJobQueue(t.db, silent), createJobQueue(t.db, silent)];
    for (const jobs of processes) {
      jobs.register(retentionJob(t.db, { idleMinutes: 30, absoluteHours: 12 }));
      await jobs.prepare();
    }
    await Promise.all(processes.map((jobs) => jobs.start()));
    // Stopping waits for each process's first round of periodic sends.
    await Promise.all(processes.map((jobs) => jobs.stop()));
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from (select id from pgboss.job where name = 'retention' union all select id from pgboss.archive where name = 'retention') j`.execute(
      t.db.kysely,
    );
    expect(rows[0]!.n).toBe(1);
  });
});
