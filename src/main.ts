import { loadConfig, ConfigError } from './config.ts';
import { prepareDatabase } from './setup.ts';
import { buildApp } from './app.ts';
import { DataDirLockedError } from './platform/db/lock.ts';
import { demoAccounts, DEMO_PASSWORD } from './seed/demo.ts';
import { currentTotpCode } from './platform/auth/auth.service.ts';

// config → database → migrate → seed if empty → listen → background jobs

const started = performance.now();

async function main() {
  const config = loadConfig();
  const { db, migrations, demoSeeded } = await prepareDatabase(config);
  const app = await buildApp({ config, db });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    // Closing the app stops the job workers first, after the jobs they are running.
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  await app.jobs.start();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  app.log.info({ backend: db.backend, migrations: migrations.length, demoSeeded, seconds }, 'werkcentrum started');

  if (config.seedDemo) {
    const lines = demoAccounts.map(
      (a) =>
        `  ${a.role.padEnd(18)} ${a.email.padEnd(44)} ${a.totpSecret ? `TOTP ${a.totpSecret} (now ${currentTotpCode(a.totpSecret)})` : 'sets up TOTP at first login'}`,
    );
    process.stdout.write(
      `\nWerkcentrum is running at ${config.baseUrl} (${db.backend}, ready in ${seconds} s)\n` +
        `Demo accounts (password ${DEMO_PASSWORD}):\n${lines.join('\n')}\n\n`,
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`werkcentrum: ${error.message}\n`);
  } else {
    process.stderr.write(`werkcentrum: could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
