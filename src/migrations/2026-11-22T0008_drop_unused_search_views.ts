import { sql, type Kysely } from 'kysely';

// Search reads service_search (T0006) since T0006; of the T0005 views only published_opening_hours
// (the "open now" filter) is still used. The other two are dropped so nothing starts relying on them.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop view published_services; drop view published_service_locations;`.execute(db);
}
