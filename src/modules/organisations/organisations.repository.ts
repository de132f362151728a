import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { OrganisationKind, Role } from '../../platform/db/schema.ts';

// The only place with SQL for organisations, users and memberships. Row-level security filters
// every query again by the actor of the transaction; the region arguments here are the service's
// own scoping, not the only wall.

export interface OrganisationRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  suwi_party: boolean;
  website: string | null;
  region_codes: string[];
}

export interface OrganisationValues {
  name: string;
  kind: OrganisationKind;
  suwi_party: boolean;
  website: string | null;
}

export interface UserRow {
  id: string;
  name: string;
  email: string;
  preferred_language: 'nl' | 'en';
  disabled_at: Date | null;
}

export interface MembershipRow {
  id: string;
  user_id: string;
  organisation_id: string;
  organisation_name: string;
  region_code: string;
  role: Role;
}

export interface UserValues {
  name: string;
  email: string;
  preferred_language: 'nl' | 'en';
}

export interface NewMembership {
  id: string;
  user_id: string;
  organisation_id: string;
  region_code: string;
  role: Role;
}

export function createOrganisationsRepository() {
  const organisationQuery = (tx: Tx) =>
    tx
      .selectFrom('organisations as o')
      .select([
        'o.id',
        'o.name',
        'o.kind',
        'o.suwi_party',
        'o.website',
        sql<string[]>`array(select r.region_code from organisation_regions r where r.organisation_id = o.id order by r.region_code)`.as(
          'region_codes',
        ),
      ]);

  const membershipQuery = (tx: Tx) =>
    tx
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select(['m.id', 'm.user_id', 'm.organisation_id', 'o.name as organisation_name', 'm.region_code', 'm.role']);

  return {
    /** Organisations, optionally only those active in a region. */
    listOrganisations(tx: Tx, regionCode: string | null): Promise<OrganisationRow[]> {
      let query = organisationQuery(tx);
      if (regionCode) {
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('organisation_regions as r')
              .select('r.region_code')
              .whereRef('r.organisation_id', '=', 'o.id')
              .where('r.region_code', '=', regionCode),
          ),
        );
      }
      return query.execute();
    },

    findOrganisation: (tx: Tx, id: string): Promise<OrganisationRow | undefined> =>
      organisationQuery(tx).where('o.id', '=', id).executeTakeFirst(),

    async insertOrganisation(tx: Tx, id: string, values: OrganisationValues): Promise<void> {
      await tx.insertInto('organisations').values({ id, ...values }).execute();
    },

    async updateOrganisation(tx: Tx, id: string, values: OrganisationValues): Promise<void> {
      await tx
        .updateTable('organisations')
        .set({ ...values, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    async addOrganisationRegions(tx: Tx, organisationId: string, regionCodes: readonly string[]): Promise<void> {
      if (regionCodes.length === 0) return;
      await tx
        .insertInto('organisation_regions')
        .values(regionCodes.map((region_code) => ({ organisation_id: organisationId, region_code })))
        .execute();
    },

    async removeOrganisationRegions(tx: Tx, organisationId: string, regionCodes: readonly string[]): Promise<void> {
      if (regionCodes.length === 0) return;
      await tx
        .deleteFrom('organisation_regions')
        .where('organisation_id', '=', organisationId)
        .where('region_code', 'in', regionCodes)
        .execute();
    },

    /** Regions (of those given) where people still work for the organisation. */
    async regionsWithMembers(tx: Tx, organisationId: string, regionCodes: readonly string[]): Promise<string[]> {
      if (regionCodes.length === 0) return [];
      const rows = await tx
        .selectFrom('memberships')
        .select('region_code')
        .distinct()
        .where('organisation_id', '=', organisationId)
        .where('region_code', 'in', regionCodes)
        .execute();
      return rows.map((row) => row.region_code);
    },

    /** Users with their memberships; with a region, only people working there and only their roles there. */
    async listUsers(tx: Tx, regionCode: string | null): Promise<{ users: UserRow[]; memberships: MembershipRow[] }> {
      let users = tx.selectFrom('users as u').select(['u.id', 'u.name', 'u.email', 'u.preferred_language', 'u.disabled_at']);
      let memberships = membershipQuery(tx);
      if (regionCode) {
        users = users.where((eb) =>
          eb.exists(
            eb.selectFrom('memberships as m').select('m.id').whereRef('m.user_id', '=', 'u.id').where('m.region_code', '=', regionCode),
          ),
        );
        memberships = memberships.where('m.region_code', '=', regionCode);
      }
      const [userRows, membershipRows] = await Promise.all([users.execute(), memberships.execute()]);
      return { users: userRows, memberships: membershipRows };
    },

    findUser: (tx: Tx, id: string): Promise<UserRow | undefined> =>
      tx
        .selectFrom('users')
        .select(['id', 'name', 'email', 'preferred_language', 'disabled_at'])
        .where('id', '=', id)
        .executeTakeFirst(),

    membershipsOf(tx: Tx, userId: string, regionCode: string | null): Promise<MembershipRow[]> {
      let query = membershipQuery(tx).where('m.user_id', '=', userId);
      if (regionCode) query = query.where('m.region_code', '=', regionCode);
      return query.execute();
    },

    async insertUser(tx: Tx, id: string, values: UserValues): Promise<void> {
      // No RETURNING: a coordinator may not read the new row until it has a membership in their region.
      await tx.insertInto('users').values({ id, ...values }).execute();
    },

    async updateUser(tx: Tx, id: string, values: Partial<UserValues> & { disabled_at?: Date | null }): Promise<void> {
      await tx
        .updateTable('users')
        .set({ ...values, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    async insertMembership(tx: Tx, membership: NewMembership): Promise<void> {
      await tx.insertInto('memberships').values(membership).execute();
    },

    async deleteMembership(tx: Tx, id: string): Promise<void> {
      await tx.deleteFrom('memberships').where('id', '=', id).execute();
    },

    /**
     * Whether the person holds an oversight role anywhere, also where the actor cannot see it (a
     * database function of migration T0017, the same that guards their account).
     */
    async holdsOversightRole(tx: Tx, userId: string): Promise<boolean> {
      const { rows } = await sql<{ holds: boolean }>`select app_holds_oversight_role(${userId}::uuid) as holds`.execute(tx);
      return rows[0]!.holds;
    },

    /** The first password of a new account; see migration 0002 for why this is a database function. */
    async createCredentials(tx: Tx, userId: string, passwordHash: string): Promise<void> {
      await sql`select app_admin_create_credentials(${userId}::uuid, ${passwordHash})`.execute(tx);
    },
  };
}

export type OrganisationsRepository = ReturnType<typeof createOrganisationsRepository>;
