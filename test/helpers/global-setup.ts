import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { prepareDatabase } from '../../src/platform/db/setup.ts';

// With DATABASE_URL (a PostgreSQL server): migrate one template database per run; each test file
// clones it (CREATE DATABASE … TEMPLATE), which takes milliseconds instead of a full migration.

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return undefined;
  const template = `wc_tpl_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const { db } = await prepareDatabase({ databaseUrl: withDatabase(serverUrl, template), dataDir: '', seedDemo: false });
  await db.close();
  project.provide('templateDatabase', template);
  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string | undefined;
  }
}
