import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { withActor, logRead } from '../db/tenancy.ts';
import { traceFromHeader } from '../http/trace.ts';
import { verifyProcessingLog } from './verify.ts';
import { personalDataTables, processingRegister } from './register.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
});
afterAll(async () => db?.destroy());

describe('processing log', () => {
  it('records a read in the same transaction, with the trace of the request and a pseudonymised subject', async () => {
    const user = await db.kysely.selectFrom('users').select('id').where('email', '=', 'gids.amsterdam@werkcentrum.example').executeTakeFirstOrThrow();
    const trace = traceFromHeader('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    await withActor(db, { actor: { kind: 'anonymous' }, trace, activity: 'account-management' }, (tx) =>
      logRead(tx, 'users.read', [user.id], 'professional'),
    );
    const entry = await db.kysely.selectFrom('processing_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      parent_span_id: trace.spanId,
      name: 'users.read',
      processing_activity_id: 'account-management',
      data_subject_id_type: 'professional',
      status_code: 'OK',
    });
    // HMAC-SHA256 with the platform's pseudonym key (RFC 2104), computed without pgcrypto.
    const { value: key } = await db.kysely.selectFrom('platform_secrets').select('value').where('name', '=', 'pseudonym_key').executeTakeFirstOrThrow();
    expect(entry.data_subject_id).toBe(createHmac('sha256', key).update(user.id).digest('hex'));
    expect(entry.data_subject_id).not.toContain(user.id);
    const long = 'x'.repeat(100);
    const { rows } = await sql<{ mac: string }>`select encode(app_hmac_sha256(convert_to(${long}, 'UTF8'), convert_to(${long}, 'UTF8')), 'hex') as mac`.execute(db.kysely);
    expect(rows[0]!.mac).toBe(createHmac('sha256', long).update(long).digest('hex'));
    expect(entry.end_time.getTime()).toBeGreaterThanOrEqual(entry.start_time.getTime());
  });

  it('rolls the log back with a failed transaction, so it never claims processing that did not happen', async () => {
    const before = await db.kysely.selectFrom('processing_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(
      withActor(db, { actor: { kind: 'anonymous' }, trace: traceFromHeader(undefined), activity: 'account-management' }, async (tx) => {
        await logRead(tx, 'users.read', ['x'], 'professional');
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    const after = await db.kysely.selectFrom('processing_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('writes to people tables log themselves under the declared activity', async () => {
    const rows = await db.kysely
      .selectFrom('processing_log')
      .select(['name', 'processing_activity_id'])
      .where('name', '=', 'users.insert')
      .execute();
    expect(rows.length).toBeGreaterThan(5);
    expect(new Set(rows.map((r) => r.processing_activity_id))).toEqual(new Set(['account-management']));
  });

  it('the verifier reports an intact chain', async () => {
    const report = await verifyProcessingLog(db);
    expect(report.intact).toBe(true);
    expect(report.rows).toBeGreaterThan(10);
  });

  it('detects a row changed behind the application’s back, and where', async () => {
    const target = await db.kysely.selectFrom('processing_log').select('seq').orderBy('seq').offset(3).limit(1).executeTakeFirstOrThrow();
    await sql`update processing_log set processing_activity_id = 'authentication' where seq = ${target.seq}`.execute(db.kysely);
    const report = await verifyProcessingLog(db);
    expect(report).toMatchObject({ intact: false, brokenAt: target.seq, reason: 'content-changed' });

    // Recomputing the hash of the changed row breaks the link to the next row instead.
    await sql`update processing_log l set hash = app_log_row_hash(l) where seq = ${target.seq}`.execute(db.kysely);
    const relinked = await verifyProcessingLog(db);
    expect(relinked).toMatchObject({ intact: false, reason: 'link-broken' });
    expect(relinked.intact === false && relinked.brokenAt).toBeGreaterThan(target.seq);
  });
});

describe('processing register', () => {
  it('covers every column of every table with personal data', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and table_name in (${sql.join([...personalDataTables])})`.execute(db.kysely);
    const registered = new Set<string>(processingRegister.flatMap((entry) => entry.fields));
    const missing = rows.map((r) => `${r.table_name}.${r.column_name}`).filter((field) => !registered.has(field));
    expect(missing).toEqual([]);
    expect(rows.length).toBeGreaterThan(40);
  });

  it('gives every activity a purpose, a legal basis and a retention in both languages', () => {
    for (const entry of processingRegister) {
      for (const text of [entry.purpose, entry.legalBasis, entry.retention, entry.name]) {
        expect(text.nl.length).toBeGreaterThan(3);
        expect(text.en.length).toBeGreaterThan(3);
      }
    }
  });
});
