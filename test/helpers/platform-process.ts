import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './cluster.ts';

// The platform as `npm start` runs it (src/main.ts in a process of its own), for tests of what only a
// whole process shows: how it starts, survives and stops.

export interface PlatformProcess {
  baseUrl: string;
  child: ChildProcess;
  /** The end of what the process printed. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; the exit code or signal. */
  stop(graceMs?: number): Promise<number | NodeJS.Signals | null>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the platform with this environment (on top of the test's own) and waits until /ready answers 200. */
export async function startPlatform(env: Record<string, string | undefined>, readyWithinMs = 60_000): Promise<PlatformProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: baseUrl, // vitest sets BASE_URL to '/' in its workers
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Not left running when this process ends without its clean-up.
  process.once('exit', () => child.kill('SIGKILL'));
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));

  const platform: PlatformProcess = {
    baseUrl,
    child,
    output: () => output,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
      child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(graceMs).then(() => 'timeout' as const)]);
      if (code !== 'timeout') return code;
      child.kill('SIGKILL');
      return exited;
    },
  };
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the platform did not start (exit ${child.exitCode}):\n${output}`);
    const ready = await fetch(`${baseUrl}/ready`).catch(() => null);
    if (ready?.status === 200) return platform;
    if (Date.now() > deadline) {
      await platform.stop();
      throw new Error(`the platform was not ready within ${readyWithinMs / 1000} s:\n${output}`);
    }
    await sleep(200);
  }
}
