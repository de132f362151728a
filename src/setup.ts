import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './platform/db/pool.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { seedReferenceData } from './seed/reference.ts';
import { seedDemoData } from './seed/demo.ts';
import { seedDemoCatalogue } from './seed/catalogue.ts';
import { seedDemoReferrals } from './seed/referrals.ts';
import { seedDemoContacts } from './seed/contacts.ts';
import { createFieldCipher, loadFieldKey } from './platform/crypto/field-cipher.ts';

export interface PreparedDatabase {
  db: Database;
  migrations: string[];
  demoSeeded: boolean;
}

/** Opens the database, runs pending migrations, loads reference data and (outside production) demo data. */
export async function prepareDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'seedDemo'> & { fieldEncryptionKey?: Buffer | undefined }): Promise<PreparedDatabase> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const migrations = await migrateToLatest(db.kysely as unknown as Kysely<unknown>);
    await seedReferenceData(db.kysely);
    const demoSeeded = config.seedDemo ? await seedDemoData(db.kysely) : false;
    if (config.seedDemo) {
      await seedDemoCatalogue(db.kysely);
      await seedDemoReferrals(db.kysely, createFieldCipher(loadFieldKey(config)));
      await seedDemoContacts(db.kysely);
    }
    return { db, migrations, demoSeeded };
  } catch (error) {
    await db.close();
    throw error;
  }
}
