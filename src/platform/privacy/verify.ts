import type { Database } from '../db/pool.ts';
import { createPrivacyRepository } from './privacy.repository.ts';

// Walks the hash chain of the processing log in order. Each row's hash must match its content
// (recomputed by the same database function that wrote it) and its prev_hash must equal the hash
// of the row before it; the first row chains to 64 zeros. A row changed, inserted or removed
// behind the application's back breaks one of the two.

export type ChainReport =
  | { intact: true; rows: number; lastSeq: number | null }
  | { intact: false; rows: number; brokenAt: number; reason: 'content-changed' | 'link-broken' };

const GENESIS = '0'.repeat(64);
const BATCH = 5000;
const repository = createPrivacyRepository();

export async function verifyProcessingLog(db: Database): Promise<ChainReport> {
  let previousHash = GENESIS;
  let afterSeq = -1;
  let rows = 0;
  for (;;) {
    const batch = await repository.chainAfter(db.kysely, afterSeq, BATCH);
    for (const row of batch) {
      if (row.prev_hash !== previousHash) return { intact: false, rows, brokenAt: row.seq, reason: 'link-broken' };
      if (row.hash !== row.expected) return { intact: false, rows, brokenAt: row.seq, reason: 'content-changed' };
      previousHash = row.hash;
      afterSeq = row.seq;
      rows++;
    }
    if (batch.length < BATCH) return { intact: true, rows, lastSeq: afterSeq < 0 ? null : afterSeq };
  }
}
