import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { anonymous, logRead, withActor } from '../db/tenancy.ts';
import { newTrace } from '../http/trace.ts';
import { processingRegister } from './register.ts';
import { nl } from './privacy.messages.ts';

let t: TestApp;
const agents: Record<'admin' | 'privacy' | 'gids' | 'coordAmsterdam' | 'coordTwente', Agent> = {} as never;

const emails = {
  admin: 'beheer@werkcentrum.example',
  privacy: 'privacy.amsterdam@werkcentrum.example',
  gids: 'gids.amsterdam@werkcentrum.example',
  coordAmsterdam: 'coordinator.amsterdam@werkcentrum.example',
  coordTwente: 'coordinator.twente@werkcentrum.example',
} as const;

const seqsOf = (body: string) => [...body.matchAll(/data-seq="(\d+)"/g)].map((m) => Number(m[1]));
const auditIdsOf = (body: string) => [...body.matchAll(/data-id="(\d+)"/g)].map((m) => Number(m[1]));
const olderLink = (body: string) => /<a[^>]*href="([^"]*voor=\d+[^"]*)"[^>]*rel="next"/.exec(body)?.[1]?.replace(/&amp;/g, '&');

async function userId(email: string): Promise<string> {
  const row = await t.db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

async function orgOf(email: string): Promise<string> {
  const row = await t.db.kysely
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.organisation_id')
    .where('u.email', '=', email)
    .executeTakeFirstOrThrow();
  return row.organisation_id;
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  for (const [key, email] of Object.entries(emails) as [keyof typeof emails, string][]) {
    agents[key] = new Agent(t.app);
    await agents[key].login(email);
  }
  // Enough entries for more than one page, whatever the logins above wrote.
  const subjects = Array.from({ length: 60 }, (_, i) => `test-subject-${i}`);
  await withActor(t.db, { actor: anonymous, trace: newTrace(), activity: 'account-management' }, (tx) =>
    logRead(tx, 'users.read', subjects, 'professional'),
  );
});
afterAll(async () => t?.close());

describe('access to the privacy pages', () => {
  it('the privacy statement is public and lists every processing activity from the register, in the page language', async () => {
    const dutch = await t.app.inject({ method: 'GET', url: '/privacy' });
    expect(dutch.statusCode).toBe(200);
    for (const entry of processingRegister) {
      expect(dutch.body).toContain(entry.name.nl);
      expect(dutch.body).toContain(entry.retention.nl);
    }
    expect(dutch.body).toContain(nl['privacy.statement.rightsHeading']);
    expect(dutch.body).toContain('autoriteitpersoonsgegevens.nl');

    const english = await t.app.inject({ method: 'GET', url: '/privacy', cookies: { wc_lang: 'en' } });
    expect(english.statusCode).toBe(200);
    for (const entry of processingRegister) expect(english.body).toContain(entry.retention.en);
    expect(english.body).not.toContain(processingRegister[0].retention.nl);
  });

  it('sends anonymous visitors of the professional pages to the login page', async () => {
    for (const url of ['/privacy/register', '/privacy/logboek', '/beheer/auditlog']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(url)}`);
    }
  });

  it('refuses a guide the register, the log, the chain check and the audit log', async () => {
    const gids = agents.gids;
    for (const url of ['/privacy/register', '/privacy/logboek', '/beheer/auditlog']) {
      expect((await gids.get(url)).statusCode, url).toBe(403);
    }
    await gids.get('/werkplek');
    expect((await gids.post('/privacy/logboek/controle', {})).statusCode).toBe(403);
  });

  it('shows the privacy officer and the platform administrator the whole register with its stored fields', async () => {
    for (const agent of [agents.privacy, agents.admin]) {
      const response = await agent.get('/privacy/register');
      expect(response.statusCode).toBe(200);
      for (const entry of processingRegister) {
        expect(response.body).toContain(`id="verwerking-${entry.id}"`);
        for (const field of entry.fields) expect(response.body).toContain(`>${field}</code>`);
      }
    }
    agents.admin.cookies.set('wc_lang', 'en');
    const english = await agents.admin.get('/privacy/register');
    agents.admin.cookies.delete('wc_lang');
    expect(english.body).toContain(processingRegister[1].purpose.en);
  });

  it('lets a coordinator read the audit log but not the processing log', async () => {
    expect((await agents.coordAmsterdam.get('/beheer/auditlog')).statusCode).toBe(200);
    expect((await agents.coordAmsterdam.get('/privacy/logboek')).statusCode).toBe(403);
  });
});

describe('processing log page', () => {
  it('shows the platform administrator the logins, newest first, with the acting user and a shortened pseudonym', async () => {
    const response = await agents.admin.get('/privacy/logboek?activiteit=authentication');
    expect(response.statusCode).toBe(200);
    const seqs = seqsOf(response.body);
    expect(seqs.length).toBeGreaterThan(5);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(response.body).toContain('login.credentials.read');
    expect(response.body).toContain('Pim Platform');
    expect(response.body).toContain('Priya Privacy');

    const latest = await t.db.kysely.selectFrom('processing_log').selectAll().where('seq', '=', seqs[0]!).executeTakeFirstOrThrow();
    // The full pseudonym is only in the filter link, never as visible text.
    expect(response.body).toContain(`>${latest.data_subject_id.slice(0, 12)}</code>`);
    expect(response.body).not.toContain(`>${latest.data_subject_id}<`);
    expect(response.body).toContain(`betrokkene=${latest.data_subject_id}`);
    expect(response.body).toContain(latest.trace_id);
  });

  it('pages through the whole log with a keyset cursor, without gaps or overlaps', async () => {
    const first = await agents.admin.get('/privacy/logboek');
    const top = seqsOf(first.body);
    expect(top).toHaveLength(50);
    const seen = [...top];
    let next = olderLink(first.body);
    while (next) {
      const page = await agents.admin.get(next);
      expect(page.statusCode).toBe(200);
      const seqs = seqsOf(page.body);
      expect(Math.max(...seqs)).toBeLessThan(Math.min(...seen));
      seen.push(...seqs);
      expect(page.body).toContain(nl['privacy.log.newest']);
      next = olderLink(page.body);
    }
    const all = await t.db.kysely.selectFrom('processing_log').select('seq').where('seq', '<=', top[0]!).orderBy('seq', 'desc').execute();
    expect(seen).toEqual(all.map((row) => row.seq));
  });

  it('logs the read of the acting users’ names under the processing-log activity', async () => {
    const admin = await userId(emails.admin);
    const before = await t.db.kysely.selectFrom('processing_log').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirstOrThrow();
    await agents.admin.get('/privacy/logboek?activiteit=authentication');
    const { rows } = await sql<{ name: string; processing_activity_id: string; actor_user_id: string; about_admin: boolean }>`
      select name, processing_activity_id, actor_user_id, data_subject_id = app_pseudonym(${admin}) as about_admin
      from processing_log where seq > ${before.max}`.execute(t.db.kysely);
    // Other rows may be the session's own upkeep (authentication); the page's reads are these.
    const reads = rows.filter((row) => row.processing_activity_id === 'processing-log');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((row) => row.name === 'users.read' && row.actor_user_id === admin)).toBe(true);
    expect(reads.some((row) => row.about_admin)).toBe(true);
  });

  it('shows a privacy officer only what people of the own organisation did', async () => {
    await agents.privacy.get('/privacy/logboek');
    const response = await agents.privacy.get('/privacy/logboek');
    expect(response.statusCode).toBe(200);
    const shown = seqsOf(response.body);
    expect(shown.length).toBeGreaterThan(0);
    const amsterdam = await orgOf(emails.privacy);
    const rows = await t.db.kysely.selectFrom('processing_log').select(['seq', 'actor_org_id', 'actor_user_id']).where('seq', 'in', shown).execute();
    // Rows of work done in the organisation, and logins (no organisation yet) of its own members.
    const members = new Set([await userId(emails.privacy), await userId(emails.gids), await userId(emails.coordAmsterdam)]);
    expect(rows.every((row) => row.actor_org_id === amsterdam || (row.actor_org_id === null && members.has(row.actor_user_id!)))).toBe(true);
    expect(rows.some((row) => row.actor_org_id === null)).toBe(true);
    expect(response.body).toContain('Priya Privacy');
    expect(response.body).not.toContain('Pim Platform');
  });

  it('filters by activity and by the full pseudonym of a data subject', async () => {
    const gids = await userId(emails.gids);
    const { rows } = await sql<{ p: string }>`select app_pseudonym(${gids}) as p`.execute(t.db.kysely);
    const pseudonym = rows[0]!.p;
    // The page logs its own read of the guide's name after it has queried the log: that entry is newer.
    const before = await t.db.kysely.selectFrom('processing_log').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirstOrThrow();
    const response = await agents.admin.get(`/privacy/logboek?betrokkene=${pseudonym.toUpperCase()}`);
    expect(response.statusCode).toBe(200);
    const shown = seqsOf(response.body);
    const expected = await t.db.kysely
      .selectFrom('processing_log')
      .select('seq')
      .where('data_subject_id', '=', pseudonym)
      .where('seq', '<=', before.max)
      .orderBy('seq', 'desc')
      .limit(50)
      .execute();
    expect(shown).toEqual(expected.map((row) => row.seq));
    expect(shown.length).toBeGreaterThan(2);

    const byActivity = await agents.admin.get(`/privacy/logboek?activiteit=account-management&betrokkene=${pseudonym}`);
    const activities = await t.db.kysely.selectFrom('processing_log').select('processing_activity_id').where('seq', 'in', seqsOf(byActivity.body)).execute();
    expect(new Set(activities.map((row) => row.processing_activity_id))).toEqual(new Set(['account-management']));
  });

  it('re-renders the filter with an error for a short pseudonym or an unknown activity', async () => {
    const short = await agents.admin.get('/privacy/logboek?betrokkene=abc123');
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain(nl['privacy.log.filter.error.subject']);
    expect(short.body).toContain('value="abc123"');
    expect(seqsOf(short.body)).toEqual([]);

    const unknown = await agents.admin.get('/privacy/logboek?activiteit=marketing');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('aria-invalid="true"');

    expect((await agents.admin.get('/privacy/logboek?voor=abc')).statusCode).toBe(400);
    expect((await agents.admin.get('/privacy/logboek?voor=0')).statusCode).toBe(400);
  });
});

describe('checking the hash chain from the log page', () => {
  it('reports an intact chain with the number of rows checked, and audits the check', async () => {
    await agents.privacy.get('/privacy/logboek');
    const response = await agents.privacy.post('/privacy/logboek/controle', {});
    expect(response.statusCode).toBe(200);
    const match = /De keten is intact: (\d+) regels gecontroleerd\. Laatste regel: (\d+)\./.exec(response.body);
    expect(match).not.toBeNull();
    const [rows, lastSeq] = [Number(match![1]), Number(match![2])];
    const count = await t.db.kysely
      .selectFrom('processing_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('seq', '<=', lastSeq)
      .executeTakeFirstOrThrow();
    expect(rows).toBe(Number(count.n));

    const entry = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'processing-log.verify').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ outcome: 'success', actor_user_id: await userId(emails.privacy), region_code: 'AM18' });
    expect(entry.details).toMatchObject({ intact: true, rows });
  });

  it('reports the first broken row after a change behind the application’s back', async () => {
    const target = await t.db.kysely.selectFrom('processing_log').select(['seq', 'name']).orderBy('seq').offset(10).limit(1).executeTakeFirstOrThrow();
    await sql`update processing_log set name = 'tampered' where seq = ${target.seq}`.execute(t.db.kysely);
    try {
      await agents.admin.get('/privacy/logboek');
      const response = await agents.admin.post('/privacy/logboek/controle', {});
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain(`De keten is verbroken bij regel ${target.seq}.`);
      expect(response.body).toContain(nl['privacy.verify.reason.content-changed']);
      const entry = await t.db.kysely.selectFrom('audit_log').select('details').where('action', '=', 'processing-log.verify').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(entry.details).toMatchObject({ intact: false, brokenAt: target.seq, reason: 'content-changed' });
    } finally {
      await sql`update processing_log set name = ${target.name} where seq = ${target.seq}`.execute(t.db.kysely);
    }
  });

  it('refuses a check without the form token', async () => {
    await agents.admin.get('/privacy/logboek');
    const response = await agents.admin.post('/privacy/logboek/controle', { _csrf: 'forged' });
    expect(response.statusCode).toBe(403);
  });
});

describe('audit log page', () => {
  it('shows a coordinator the actions in the own region only', async () => {
    // Refused chain checks are audited, so each coordinator leaves a trace in their own region.
    await agents.coordTwente.get('/werkplek');
    expect((await agents.coordTwente.post('/privacy/logboek/controle', {})).statusCode).toBe(403);
    await agents.coordAmsterdam.get('/werkplek');
    expect((await agents.coordAmsterdam.post('/privacy/logboek/controle', {})).statusCode).toBe(403);

    const denied = await t.db.kysely
      .selectFrom('audit_log')
      .select(['id', 'region_code'])
      .where('action', '=', 'processing-log.verify')
      .where('outcome', '=', 'denied')
      .execute();
    const twenteId = denied.find((row) => row.region_code === 'AM05')!.id;
    const amsterdamIds = denied.filter((row) => row.region_code === 'AM18').map((row) => row.id);
    expect(amsterdamIds.length).toBeGreaterThan(0);

    const twente = await agents.coordTwente.get('/beheer/auditlog?handeling=processing-log.verify');
    expect(twente.statusCode).toBe(200);
    expect(auditIdsOf(twente.body)).toEqual([twenteId]);
    expect(twente.body).toContain('Tom Twente');
    expect(twente.body).toContain(nl['audit.outcome.denied']);

    const amsterdam = await agents.coordAmsterdam.get('/beheer/auditlog?handeling=processing-log.verify');
    const shown = auditIdsOf(amsterdam.body);
    expect(shown).not.toContain(twenteId);
    for (const id of amsterdamIds) expect(shown).toContain(id);
    const visible = await t.db.kysely
      .selectFrom('audit_log')
      .select(['region_code', 'actor_user_id'])
      .where('id', 'in', auditIdsOf((await agents.coordAmsterdam.get('/beheer/auditlog')).body))
      .execute();
    // Actions in the region, and logins (no region yet) of people who work in it; never Twente's.
    expect(visible.some((row) => row.region_code === null)).toBe(true);
    expect(visible.every((row) => row.region_code === 'AM18' || row.region_code === null)).toBe(true);
    expect(visible.map((row) => row.actor_user_id)).not.toContain(await userId(emails.coordTwente));
  });

  it('pages through the audit log and filters by action', async () => {
    const admin = await userId(emails.admin);
    await t.db.kysely
      .insertInto('audit_log')
      .values(Array.from({ length: 60 }, (_, i) => ({ action: 'test.bulk', outcome: 'success' as const, actor_user_id: admin, details: JSON.stringify({ n: i }) })))
      .execute();
    const first = await agents.admin.get('/beheer/auditlog?handeling=test.bulk');
    expect(first.statusCode).toBe(200);
    const top = auditIdsOf(first.body);
    expect(top).toHaveLength(50);
    const next = olderLink(first.body);
    expect(next).toContain('handeling=test.bulk');
    const second = auditIdsOf((await agents.admin.get(next!)).body);
    expect(second).toHaveLength(10);
    expect(Math.max(...second)).toBeLessThan(Math.min(...top));

    const all = await agents.admin.get('/beheer/auditlog');
    expect(all.body).toContain('<option value="test.bulk"');
    expect(all.body).toContain('<option value="login.totp"');

    const unknown = await agents.admin.get('/beheer/auditlog?handeling=no.such.action');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('aria-invalid="true"');
  });
});
