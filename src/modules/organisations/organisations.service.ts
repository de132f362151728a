import { isEmail, isUuid } from '../../platform/http/values.ts';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/db/pool.ts';
import { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from '../../platform/db/schema.ts';
import { audit, logRead, withActor, type Actor, type Tx } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { forbidden, invalid, notFound, type FieldError } from '../../platform/http/errors.ts';
import { databaseRefusal, type RefusalFields } from '../../platform/http/database-refusals.ts';
import { submitOnce } from '../../platform/http/submissions.ts';
import { coordinates, isPlatformAdmin, workingAs, type Policy } from '../../platform/auth/policy.ts';
import { hashPassword, passwordRuleError } from '../../platform/auth/auth.service.ts';
import { compareNames } from '../../platform/i18n/index.ts';
import { accountPolicy, membershipPolicy, organisationPolicy } from './organisations.policy.ts';
import { createOrganisationsRepository, type MembershipRow, type OrganisationRow, type UserRow } from './organisations.repository.ts';

// Administration of organisations, users and memberships. A platform administrator manages
// everything; a regional coordinator manages the organisations active in their region and the
// people working there, and grants roles only in that region. Nobody grants a role to themselves,
// and only a platform administrator grants the oversight roles (privacy officer, platform
// administrator), and only a platform administrator manages the accounts that hold them. The rules
// are the module's policies (organisations.policy.ts); row-level security (migrations 0001, 0002,
// T0012 and T0017) refuses the same things again.
//
// Visibility and permission are told apart: a target outside the actor's scope is "not found"
// (404), so its existence does not leak; a target in scope that the actor may not change is 403.

export interface RegionName {
  code: string;
  name: string;
}

export interface OrganisationsDependencies {
  db: Database;
  regions: { list(trace: Trace): Promise<readonly RegionName[]> };
}

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  suwiParty: boolean;
  website: string | null;
  regions: RegionName[];
  editable: boolean;
}

export interface Membership {
  id: string;
  organisationId: string;
  organisationName: string;
  region: RegionName;
  role: Role;
  removable: boolean;
}

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  language: 'nl' | 'en';
  disabled: boolean;
  memberships: Membership[];
}

export interface UserDetail extends UserSummary {
  /** The actor may change this account (a coordinator never changes a platform administrator). */
  manageable: boolean;
  isSelf: boolean;
}

/** What the actor may manage: everything, or one region. */
export type Scope = { kind: 'all' } | { kind: 'region'; region: RegionName };

export interface OrganisationForm {
  name: string;
  kind: string;
  suwi: string;
  website: string;
  regions: readonly string[];
}

export interface UserForm {
  name: string;
  email: string;
  language: string;
}

export interface MembershipForm {
  organisation: string;
  region: string;
  role: string;
}

export interface NewUserForm extends UserForm, MembershipForm {
  password: string;
}

const ACCOUNT_MANAGEMENT = 'account-management' as const;
const LIMITS = { orgName: 200, userName: 200, email: 320, website: 500 } as const;

/** Database constraints a valid-looking form can still hit, mapped to the field that caused them. */
const refusalFields: RefusalFields = {
  constraints: {
    organisations_name_idx: { field: 'name', key: 'form.error.duplicateName' },
    users_email_idx: { field: 'email', key: 'form.error.duplicateEmail' },
    memberships_user_id_organisation_id_region_code_role_key: { field: 'role', key: 'form.error.duplicateMembership' },
    memberships_organisation_id_region_code_fkey: { field: 'organisation', key: 'form.error.orgNotInRegion' },
  },
};

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

function checkText(errors: FieldError[], field: string, value: string, min: number, max: number): void {
  if (value.length === 0) errors.push({ field, key: 'form.error.required' });
  else if (value.length < min) errors.push({ field, key: 'form.error.tooShort', params: { min } });
  else if (value.length > max) errors.push({ field, key: 'form.error.tooLong', params: { max } });
}

function checkWebsite(errors: FieldError[], value: string): void {
  if (value === '') return;
  if (value.length > LIMITS.website) {
    errors.push({ field: 'website', key: 'form.error.tooLong', params: { max: LIMITS.website } });
    return;
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || !url.hostname.includes('.')) errors.push({ field: 'website', key: 'form.error.url' });
}

function checkUser(errors: FieldError[], form: UserForm): void {
  checkText(errors, 'name', form.name, 1, LIMITS.userName);
  if (form.email === '') errors.push({ field: 'email', key: 'form.error.required' });
  else if (form.email.length > LIMITS.email) errors.push({ field: 'email', key: 'form.error.tooLong', params: { max: LIMITS.email } });
  else if (!isEmail(form.email)) errors.push({ field: 'email', key: 'form.error.email' });
  if (!isOneOf(['nl', 'en'], form.language)) errors.push({ field: 'language', key: 'form.error.choose' });
}

/** The roles the actor may grant to someone else in their own region (a platform administrator: anywhere). */
const grantableRoles = (actor: Actor): Role[] =>
  ROLES.filter((role) => membershipPolicy.can(actor, 'grant', { userId: '', regionCode: workingAs(actor)?.regionCode ?? '', role }));

const normaliseUserForm = <T extends UserForm>(form: T): T => ({ ...form, name: form.name.trim(), email: form.email.trim().toLowerCase() });

export function createOrganisationsService({ db, regions }: OrganisationsDependencies) {
  const repository = createOrganisationsRepository();

  /** The actor's scope for a kind of record (403 when they may not list it at all) and the region names. */
  async function begin(trace: Trace, actor: Actor, policy: Pick<Policy<never, 'list'>, 'can'>): Promise<{ scope: Scope; names: Map<string, string> }> {
    if (!policy.can(actor, 'list') || actor.kind !== 'user' || !actor.membership) throw forbidden();
    const names = new Map((await regions.list(trace)).map((region) => [region.code, region.name]));
    if (actor.membership.role === 'platformbeheerder') return { scope: { kind: 'all' }, names };
    const code = actor.membership.regionCode;
    return { scope: { kind: 'region', region: { code, name: names.get(code) ?? code } }, names };
  }

  const scopeRegion = (scope: Scope) => (scope.kind === 'region' ? scope.region.code : null);
  const work = <T>(trace: Trace, actor: Actor, fn: (tx: Tx) => Promise<T>) =>
    withActor(db, { actor, trace, activity: ACCOUNT_MANAGEMENT }, fn);

  /** Runs a change; constraint violations become field errors instead of a failed request. */
  async function change<T>(trace: Trace, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await work(trace, actor, fn);
    } catch (error) {
      throw databaseRefusal(error, refusalFields) ?? error;
    }
  }

  // Organisations --------------------------------------------------------------------------------

  const organisationEditable = (actor: Actor, row: OrganisationRow) => organisationPolicy.can(actor, 'edit', { kind: row.kind, regionCodes: row.region_codes });

  function toOrganisation(actor: Actor, row: OrganisationRow, names: Map<string, string>): Organisation {
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      suwiParty: row.suwi_party,
      website: row.website,
      regions: row.region_codes.map((code) => ({ code, name: names.get(code) ?? code })).sort((a, b) => compareNames()(a.name, b.name)),
      editable: organisationEditable(actor, row),
    };
  }

  /** An organisation in the actor's scope (404 otherwise) that they may change (403 otherwise). */
  async function findEditableOrganisation(tx: Tx, actor: Actor, scope: Scope, id: string): Promise<OrganisationRow> {
    const row = isUuid(id) ? await repository.findOrganisation(tx, id) : undefined;
    const region = scopeRegion(scope);
    if (!row || (region && !row.region_codes.includes(region))) throw notFound('There is no such organisation.');
    if (!organisationEditable(actor, row)) throw forbidden('Only a platform administrator may change this organisation.');
    return row;
  }

  /** Validates the form; returns the values and the complete new set of regions. */
  function parseOrganisation(scope: Scope, form: OrganisationForm, names: Map<string, string>, current: readonly string[]) {
    const errors: FieldError[] = [];
    const name = form.name.trim();
    const website = form.website.trim();
    checkText(errors, 'name', name, 2, LIMITS.orgName);
    if (form.kind === '') errors.push({ field: 'kind', key: 'form.error.choose' });
    else if (!isOneOf(ORGANISATION_KINDS, form.kind) || (form.kind === 'platform' && scope.kind !== 'all')) {
      errors.push({ field: 'kind', key: 'form.error.invalidChoice' });
    }
    if (form.suwi !== 'ja' && form.suwi !== 'nee') errors.push({ field: 'suwi', key: 'form.error.choose' });
    checkWebsite(errors, website);

    const requested = [...new Set(form.regions)];
    let regionCodes: string[] = requested;
    if (requested.some((code) => !names.has(code))) {
      errors.push({ field: 'regions', key: 'form.error.invalidChoice' });
    } else if (scope.kind === 'region') {
      // A coordinator only switches their own region on or off; the other regions stay as they are.
      const own = scope.region.code;
      if (requested.some((code) => code !== own)) errors.push({ field: 'regions', key: 'form.error.regionNotAllowed' });
      regionCodes = [...current.filter((code) => code !== own), ...(requested.includes(own) ? [own] : [])];
    }
    if (!errors.some((error) => error.field === 'regions') && regionCodes.length === 0) {
      errors.push({ field: 'regions', key: 'form.error.regionsRequired' });
    }
    if (errors.length > 0) throw invalid(errors);
    return {
      values: { name, kind: form.kind as OrganisationKind, suwi_party: form.suwi === 'ja', website: website || null },
      regionCodes,
    };
  }

  // Users ----------------------------------------------------------------------------------------

  const membershipRecord = (row: MembershipRow) => ({ id: row.id, userId: row.user_id, regionCode: row.region_code, role: row.role });

  function toMembership(actor: Actor, row: MembershipRow, names: Map<string, string>): Membership {
    return {
      id: row.id,
      organisationId: row.organisation_id,
      organisationName: row.organisation_name,
      region: { code: row.region_code, name: names.get(row.region_code) ?? row.region_code },
      role: row.role,
      removable: membershipPolicy.can(actor, 'remove', membershipRecord(row)),
    };
  }

  function toUser(actor: Actor, row: UserRow, memberships: readonly MembershipRow[], names: Map<string, string>): UserSummary {
    const compare = compareNames();
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      language: row.preferred_language,
      disabled: row.disabled_at !== null,
      memberships: memberships
        .map((m) => toMembership(actor, m, names))
        .sort((a, b) => compare(a.region.name, b.region.name) || compare(a.organisationName, b.organisationName) || a.role.localeCompare(b.role)),
    };
  }

  /**
   * A user in the actor's scope with their memberships there (404 otherwise); logs the read.
   * A coordinator may see someone who oversees their region, but not change them.
   */
  async function loadUser(tx: Tx, actor: Actor, scope: Scope, id: string) {
    const row = isUuid(id) ? await repository.findUser(tx, id) : undefined;
    const memberships = row ? await repository.membershipsOf(tx, id, scopeRegion(scope)) : [];
    if (!row || (scope.kind === 'region' && memberships.length === 0)) throw notFound('There is no such user.');
    await logRead(tx, 'users.read', [id], 'professional');
    const manageable = accountPolicy.can(actor, 'edit', {
      regionCodes: memberships.map((m) => m.region_code),
      holdsOversightRole: await repository.holdsOversightRole(tx, id),
    });
    return { row, memberships, manageable };
  }

  async function loadManagedUser(tx: Tx, actor: Actor, scope: Scope, id: string) {
    const user = await loadUser(tx, actor, scope, id);
    if (!user.manageable) throw forbidden('Only a platform administrator may change this account.');
    return user;
  }

  /**
   * Checks a membership form for `userId` (null: a new account) against the actor's rights.
   * `denied` names an attempt to escalate, which is audited: a role for oneself, or an oversight
   * role from someone who may not grant it.
   */
  function parseMembership(actor: Actor, userId: string | null, form: MembershipForm, names: Map<string, string>) {
    const errors: FieldError[] = [];
    let denied: 'self' | 'role' | null = null;
    if (form.organisation === '') errors.push({ field: 'organisation', key: 'form.error.choose' });
    else if (!isUuid(form.organisation)) errors.push({ field: 'organisation', key: 'form.error.invalidChoice' });
    if (form.region === '') errors.push({ field: 'region', key: 'form.error.choose' });
    else if (!names.has(form.region)) errors.push({ field: 'region', key: 'form.error.invalidChoice' });
    else if (!isPlatformAdmin(actor) && !coordinates(actor, form.region)) errors.push({ field: 'region', key: 'admin.users.error.regionNotAllowed' });
    if (actor.kind === 'user' && actor.userId === userId) {
      errors.push({ field: 'role', key: 'admin.users.selfGrant' });
      denied = 'self';
    } else if (form.role === '') errors.push({ field: 'role', key: 'form.error.choose' });
    else if (!isOneOf(ROLES, form.role)) errors.push({ field: 'role', key: 'form.error.invalidChoice' });
    else if (!grantableRoles(actor).includes(form.role)) {
      errors.push({ field: 'role', key: 'form.error.roleNotAllowed' });
      denied = 'role';
    }
    const value = { organisation_id: form.organisation, region_code: form.region, role: form.role as Role };
    // The checks above explain a refusal field by field; the policy is the rule they spell out.
    if (errors.length === 0) membershipPolicy.authorize(actor, 'grant', { userId: userId ?? '', regionCode: value.region_code, role: value.role });
    return { errors, denied, value };
  }

  const membershipDetails = (m: { role: string; region_code: string; organisation_id: string }) => ({
    role: m.role,
    regionCode: m.region_code,
    organisationId: m.organisation_id,
  });

  return {
    /** The actor's scope for an action and all regions (in display order), for building forms. */
    async context(trace: Trace, actor: Actor, kind: 'organisations' | 'accounts'): Promise<{ scope: Scope; regions: RegionName[] }> {
      const { scope, names } = await begin(trace, actor, kind === 'organisations' ? organisationPolicy : accountPolicy);
      return { scope, regions: [...names].map(([code, name]) => ({ code, name })) };
    },

    // Organisations ------------------------------------------------------------------------------

    /** Organisations in the actor's scope; a platform administrator may filter by region. */
    async listOrganisations(
      trace: Trace,
      actor: Actor,
      regionFilter: string | null,
    ): Promise<{ scope: Scope; regionCode: string | null; organisations: Organisation[] }> {
      const { scope, names } = await begin(trace, actor, organisationPolicy);
      if (regionFilter && !names.has(regionFilter)) throw invalid([{ field: 'regio', key: 'form.error.invalidChoice' }]);
      const regionCode = scopeRegion(scope) ?? regionFilter;
      const rows = await work(trace, actor, (tx) => repository.listOrganisations(tx, regionCode));
      const compare = compareNames();
      return { scope, regionCode, organisations: rows.map((row) => toOrganisation(actor, row, names)).sort((a, b) => compare(a.name, b.name)) };
    },

    /** An organisation the actor may edit. */
    async getOrganisation(trace: Trace, actor: Actor, id: string): Promise<{ scope: Scope; organisation: Organisation }> {
      const { scope, names } = await begin(trace, actor, organisationPolicy);
      const row = await work(trace, actor, (tx) => findEditableOrganisation(tx, actor, scope, id));
      return { scope, organisation: toOrganisation(actor, row, names) };
    },

    /** Creates an organisation once per submission key: sent again, the form answers with the first one's id. */
    async createOrganisation(trace: Trace, actor: Actor, form: OrganisationForm, submissionKey: string): Promise<string> {
      const { scope, names } = await begin(trace, actor, organisationPolicy);
      const { values, regionCodes } = parseOrganisation(scope, form, names, []);
      const id = randomUUID();
      return change(trace, actor, async (tx) => {
        const { result } = await submitOnce(tx, 'organisation-create', submissionKey, async () => {
          await repository.insertOrganisation(tx, id, values);
          await repository.addOrganisationRegions(tx, id, regionCodes);
          await audit(tx, 'organisation.create', { type: 'organisation', id }, 'success', { kind: values.kind, regions: regionCodes.join(',') });
          return id;
        });
        return result;
      });
    },

    /** Saves an organisation; returns false when it left the actor's scope (a coordinator removed their region). */
    async updateOrganisation(trace: Trace, actor: Actor, id: string, form: OrganisationForm): Promise<boolean> {
      const { scope, names } = await begin(trace, actor, organisationPolicy);
      return change(trace, actor, async (tx) => {
        const row = await findEditableOrganisation(tx, actor, scope, id);
        const { values, regionCodes } = parseOrganisation(scope, form, names, row.region_codes);
        const added = regionCodes.filter((code) => !row.region_codes.includes(code));
        const removed = row.region_codes.filter((code) => !regionCodes.includes(code));
        // Leaving a region would silently take away the roles of the people working there.
        const occupied = await repository.regionsWithMembers(tx, id, removed);
        if (occupied.length > 0) {
          const list = occupied.map((code) => names.get(code) ?? code).join(', ');
          throw invalid([{ field: 'regions', key: 'admin.organisations.error.regionHasMembers', params: { regions: list } }]);
        }
        await repository.updateOrganisation(tx, id, values);
        await repository.removeOrganisationRegions(tx, id, removed);
        await repository.addOrganisationRegions(tx, id, added);
        await audit(tx, 'organisation.update', { type: 'organisation', id }, 'success', {
          kind: values.kind,
          regionsAdded: added.join(','),
          regionsRemoved: removed.join(','),
        });
        const region = scopeRegion(scope);
        return !region || regionCodes.includes(region);
      });
    },

    /** What the user forms offer: organisations and regions in the actor's scope, and the roles they may grant. */
    async membershipChoices(trace: Trace, actor: Actor): Promise<{ organisations: Organisation[]; regions: RegionName[]; roles: Role[] }> {
      const { scope, organisations } = await this.listOrganisations(trace, actor, null);
      const { regions: all } = await this.context(trace, actor, 'accounts');
      return {
        organisations,
        regions: scope.kind === 'all' ? all : [scope.region],
        roles: grantableRoles(actor),
      };
    },

    // Users --------------------------------------------------------------------------------------

    async listUsers(trace: Trace, actor: Actor): Promise<{ scope: Scope; users: UserSummary[] }> {
      const { scope, names } = await begin(trace, actor, accountPolicy);
      const { users, memberships } = await work(trace, actor, async (tx) => {
        const result = await repository.listUsers(tx, scopeRegion(scope));
        await logRead(tx, 'users.list', result.users.map((user) => user.id), 'professional');
        return result;
      });
      const byUser = new Map<string, MembershipRow[]>();
      for (const m of memberships) byUser.set(m.user_id, [...(byUser.get(m.user_id) ?? []), m]);
      const compare = compareNames();
      return {
        scope,
        users: users.map((row) => toUser(actor, row, byUser.get(row.id) ?? [], names)).sort((a, b) => compare(a.name, b.name)),
      };
    },

    async getUser(trace: Trace, actor: Actor, id: string): Promise<{ scope: Scope; user: UserDetail }> {
      const { scope, names } = await begin(trace, actor, accountPolicy);
      const { row, memberships, manageable } = await work(trace, actor, (tx) => loadUser(tx, actor, scope, id));
      const isSelf = actor.kind === 'user' && actor.userId === id;
      return { scope, user: { ...toUser(actor, row, memberships, names), manageable, isSelf } };
    },

    /**
     * Creates an account with its first membership and a temporary password; the person sets up TOTP
     * at first login. Once per submission key: sent again, the form answers with the first one's id.
     */
    async createUser(trace: Trace, actor: Actor, input: NewUserForm, submissionKey: string): Promise<string> {
      const { names } = await begin(trace, actor, accountPolicy);
      const form = normaliseUserForm(input);
      const errors: FieldError[] = [];
      checkUser(errors, form);
      const passwordError = passwordRuleError('password', form.password);
      if (passwordError) errors.push(passwordError);
      const membership = parseMembership(actor, null, form, names);
      errors.push(...membership.errors);
      const { denied } = membership;
      if (denied) await work(trace, actor, (tx) => audit(tx, 'user.create', null, 'denied', { role: form.role, reason: denied }));
      if (errors.length > 0) throw invalid(errors);
      // Hashing takes a moment: do it before the transaction, not while holding a connection.
      const passwordHash = await hashPassword(form.password);
      const id = randomUUID();
      return change(trace, actor, async (tx) => {
        const { result } = await submitOnce(tx, 'user-create', submissionKey, async () => {
          await repository.insertUser(tx, id, { name: form.name, email: form.email, preferred_language: form.language as 'nl' | 'en' });
          await repository.insertMembership(tx, { id: randomUUID(), user_id: id, ...membership.value });
          await repository.createCredentials(tx, id, passwordHash);
          await audit(tx, 'user.create', { type: 'user', id }, 'success', membershipDetails(membership.value));
          await audit(tx, 'membership.add', { type: 'user', id }, 'success', membershipDetails(membership.value));
          return id;
        });
        return result;
      });
    },

    async updateUser(trace: Trace, actor: Actor, id: string, input: UserForm): Promise<void> {
      const { scope } = await begin(trace, actor, accountPolicy);
      const form = normaliseUserForm(input);
      await change(trace, actor, async (tx) => {
        const { row } = await loadManagedUser(tx, actor, scope, id);
        const errors: FieldError[] = [];
        checkUser(errors, form);
        if (errors.length > 0) throw invalid(errors);
        const values = { name: form.name, email: form.email, preferred_language: form.language as 'nl' | 'en' };
        const changed = (Object.keys(values) as (keyof typeof values)[]).filter((key) => values[key] !== row[key]);
        if (changed.length === 0) return;
        await repository.updateUser(tx, id, values);
        await audit(tx, 'user.update', { type: 'user', id }, 'success', { fields: changed.join(',') });
      });
    },

    /** Disables or enables an account. Disabling ends every session of the account (a trigger, migration 0002). */
    async setDisabled(trace: Trace, actor: Actor, id: string, disabled: boolean): Promise<void> {
      const { scope } = await begin(trace, actor, accountPolicy);
      await work(trace, actor, async (tx) => {
        const { row } = await loadManagedUser(tx, actor, scope, id);
        if (actor.kind === 'user' && actor.userId === id) throw forbidden('You cannot disable your own account.');
        if ((row.disabled_at !== null) === disabled) return;
        await repository.updateUser(tx, id, { disabled_at: disabled ? new Date() : null });
        await audit(tx, disabled ? 'user.disable' : 'user.enable', { type: 'user', id });
      });
    },

    async addMembership(trace: Trace, actor: Actor, userId: string, form: MembershipForm): Promise<void> {
      const { scope, names } = await begin(trace, actor, accountPolicy);
      // Returned, not thrown, so that a refused escalation is still written to the audit log.
      const errors = await change(trace, actor, async (tx) => {
        await loadManagedUser(tx, actor, scope, userId);
        const membership = parseMembership(actor, userId, form, names);
        if (membership.denied) {
          await audit(tx, 'membership.add', { type: 'user', id: userId }, 'denied', { role: form.role, reason: membership.denied });
        }
        if (membership.errors.length > 0) return membership.errors;
        await repository.insertMembership(tx, { id: randomUUID(), user_id: userId, ...membership.value });
        await audit(tx, 'membership.add', { type: 'user', id: userId }, 'success', membershipDetails(membership.value));
        return [];
      });
      if (errors.length > 0) throw invalid(errors);
    },

    /** Removes a membership; returns whether the user is still in the actor's scope afterwards. */
    async removeMembership(trace: Trace, actor: Actor, userId: string, membershipId: string): Promise<boolean> {
      const { scope } = await begin(trace, actor, accountPolicy);
      return work(trace, actor, async (tx) => {
        const { memberships } = await loadManagedUser(tx, actor, scope, userId);
        const target = memberships.find((m) => m.id === membershipId);
        if (!target) throw notFound('There is no such membership.');
        if (!membershipPolicy.can(actor, 'remove', membershipRecord(target))) throw forbidden('You may not remove this role.');
        await repository.deleteMembership(tx, membershipId);
        await audit(tx, 'membership.remove', { type: 'user', id: userId }, 'success', membershipDetails(target));
        return scope.kind === 'all' || memberships.length > 1;
      });
    },
  };
}

export type OrganisationsService = ReturnType<typeof createOrganisationsService>;
