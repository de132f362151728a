import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './lock.ts';

it('lets one process hold a data directory and tells a second one clearly', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wc-lock-'));
  // Another live process holds the lock: the parent of this test is a safe live pid.
  writeFileSync(path.join(dir, 'werkcentrum.lock'), String(process.ppid));
  expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
  expect(() => acquireDataDirLock(dir)).toThrow(/in use by another Werkcentrum process \(pid \d+\).*DATABASE_URL/s);
});

it('takes over a lock left by a process that no longer runs, and releases it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wc-lock-'));
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  writeFileSync(path.join(dir, 'werkcentrum.lock'), gone);
  const lock = acquireDataDirLock(dir);
  expect(readFileSync(path.join(dir, 'werkcentrum.lock'), 'utf8')).toBe(String(process.pid));
  lock.release();
  expect(existsSync(path.join(dir, 'werkcentrum.lock'))).toBe(false);
});
