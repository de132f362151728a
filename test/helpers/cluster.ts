import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

// A throwaway PostgreSQL cluster of its own (initdb + pg_ctl) on a free port, for tests that must
// do to a server what no shared one may suffer: kill -9 its processes and start it again.

/** Where the PostgreSQL 15 server programs are (Debian's postgresql-15 package); PG_BIN_DIR overrides. */
export const PG_BIN_DIR = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

export function haveServerBinaries(): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((program) => existsSync(path.join(PG_BIN_DIR, program)));
}

export interface Cluster {
  /** Connection string of the `postgres` database, as the `postgres` superuser (trust on 127.0.0.1). */
  url: string;
  /** (Re)starts the server; after a kill, once the killed server's last processes are gone. */
  start(): Promise<void>;
  /** kill -9 of the postmaster, or of every process of the server at once (`everything`). */
  kill(options: { everything: boolean }): void;
  /** Stops the server however it is, and removes its directory. */
  destroy(): void;
  /** The end of the server's log, for a failure message. */
  logTail(lines?: number): string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port nobody listens on now (the kernel picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Makes and starts a cluster. initdb refuses to run as root, so as root the programs run as the
 * `postgres` OS user, in a directory it owns. The directory is on tmpfs where there is one: a killed
 * server loses nothing the operating system already has, and restarts without syncing a disk.
 */
export async function createCluster(): Promise<Cluster> {
  const asRoot = process.getuid?.() === 0;
  const run = (program: string, args: string[]) => {
    const command = asRoot ? ['runuser', '-u', 'postgres', '--', path.join(PG_BIN_DIR, program), ...args] : [path.join(PG_BIN_DIR, program), ...args];
    return spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', timeout: 60_000 });
  };
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(path.join(base, 'wc-crash-'));
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const port = await freePort();

  /** The processes of this server, by id: PostgreSQL runs every one of them in its data directory. */
  const processes = (): number[] =>
    readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          return readlinkSync(`/proc/${pid}/cwd`) === data;
        } catch {
          return false; // gone, or not ours to see
        }
      })
      .map(Number);
  const killAll = () => {
    for (const pid of processes()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const removeNow = () => {
    run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '10', 'stop']);
    killAll();
    rmSync(dir, { recursive: true, force: true });
  };
  // Even when the test process ends without its clean-up (a crash, a timeout), the server goes too.
  process.once('exit', removeNow);

  const init = run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  if (init.status !== 0) {
    removeNow();
    throw new Error(`initdb failed: ${init.stderr || init.error?.message}`);
  }
  // Dynamic shared memory in the data directory (mmap), not in /dev/shm: a killed server leaves its
  // segments behind, and they must go with the directory.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB -c dynamic_shared_memory_type=mmap`;
  const postmasterPid = () => {
    try {
      return Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return null;
    }
  };
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      // After kill -9 of the postmaster its backends end by themselves (they notice it is gone), and
      // a new postmaster refuses to start while they hold the old shared memory, or while the old
      // postmaster's process id is taken (until it is reaped).
      const previous = postmasterPid();
      const deadline = Date.now() + 10_000;
      while ((processes().length > 0 || (previous !== null && alive(previous))) && Date.now() < deadline) await sleep(50);
      killAll();
      const started = run('pg_ctl', ['-D', data, '-l', logFile, '-o', serverOptions, '-w', '-t', '30', 'start']);
      if (started.status !== 0) throw new Error(`pg_ctl start failed: ${started.stdout}${started.stderr}\n${cluster.logTail()}`);
    },
    kill({ everything }) {
      const postmaster = postmasterPid();
      if (postmaster === null) throw new Error('the server is not running');
      const others = everything ? processes().filter((pid) => pid !== postmaster) : [];
      for (const pid of [postmaster, ...others]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
    destroy() {
      process.removeListener('exit', removeNow);
      removeNow();
    },
    logTail(lines = 30) {
      try {
        return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
      } catch {
        return '(no server log)';
      }
    },
  };
  await cluster.start();
  return cluster;
}
