import type { Database } from '../../platform/db/pool.ts';
import { logRead, withActor, type Tx } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { forbidden, notFound, type FieldError } from '../../platform/http/errors.ts';
import { isEmail, isUuid } from '../../platform/http/values.ts';
import { submitOnce } from '../../platform/http/submissions.ts';
import type { UserActor } from '../../platform/auth/guards.ts';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { BENEFITS, type Benefit, type ResponsibleParty } from '../../platform/db/schema.ts';
import { clientPolicy } from './referrals.policy.ts';
import { isValidBsn, maskBsn, nameKey, normaliseBsn, phoneKey } from './client-values.ts';
import {
  findClient,
  findClientForReferral,
  findLikelyDuplicates,
  insertClient,
  insertClientEvent,
  listClientEvents,
  countClients,
  listClients,
  fillClientFields,
  regionRetentionMonths,
  setRegionRetentionMonths,
  updateClientSituation,
  type ClientRow,
  type FilledFields,
} from './clients.repository.ts';

// Temporary client records (tijdelijke vastlegging, seed 000): made only when a guide follows
// someone up, with the minimal fields; date of birth and BSN only where a purpose needs them (the
// BSN checked with the eleven-test, encrypted with the configured key, shown masked). A new record
// is first compared with the region's records; likely duplicates are offered for merging.

export const ACTIVITY = 'client-records' as const;
/** Months a record is kept after its last activity, unless the region set its own: from 1 to the register's maximum. */
export const CLIENT_RETENTION_MONTHS = 6;
export const CLIENT_RETENTION_MAX_MONTHS = 12;
const BSN_FIELD = 'clients.bsn';
/** Scope of the one-time keys of the new-client form. */
export const CLIENT_SCOPE = 'client-record';
export const CLIENT_LIMITS = { name: 100, email: 254 } as const;
const PHONE = /^[0-9 +()-]{6,20}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ClientForm {
  voornaam: string;
  achternaam: string;
  email: string;
  telefoon: string;
  gemeente: string;
  geboortedatum: string;
  bsn: string;
  uitkering: string;
  regie: string;
}

export const emptyClientForm = (values: Partial<ClientForm> = {}): ClientForm => ({
  voornaam: '',
  achternaam: '',
  email: '',
  telefoon: '',
  gemeente: '',
  geboortedatum: '',
  bsn: '',
  uitkering: 'geen',
  regie: '',
  ...values,
});

export interface ClientValue {
  givenName: string;
  familyName: string | null;
  email: string | null;
  phone: string | null;
  municipalityCode: string | null;
  birthDate: string | null;
  bsn: string | null;
  benefit: Benefit;
  responsibleParty: ResponsibleParty | null;
}

function validDate(value: string, today: Date): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= '1900-01-01' && date <= today;
}

/** The checked values, or the errors per field. */
export function validateClientForm(form: ClientForm, municipalityCodes: ReadonlySet<string>, today = new Date()): { errors: FieldError[]; value?: ClientValue } {
  const errors: FieldError[] = [];
  const givenName = form.voornaam.trim();
  const familyName = form.achternaam.trim();
  const email = form.email.trim().toLowerCase();
  const phone = form.telefoon.trim();
  const bsn = form.bsn.trim() ? normaliseBsn(form.bsn.trim()) : '';
  if (!givenName) errors.push({ field: 'voornaam', key: 'referrals.client.error.givenName' });
  else if (givenName.length > CLIENT_LIMITS.name) errors.push({ field: 'voornaam', key: 'form.error.tooLong', params: { max: CLIENT_LIMITS.name } });
  if (familyName.length > CLIENT_LIMITS.name) errors.push({ field: 'achternaam', key: 'form.error.tooLong', params: { max: CLIENT_LIMITS.name } });
  if (email && (email.length > CLIENT_LIMITS.email || !isEmail(email))) errors.push({ field: 'email', key: 'form.error.email' });
  if (phone && (!PHONE.test(phone) || !phoneKey(phone))) errors.push({ field: 'telefoon', key: 'referrals.client.error.phone' });
  if (!email && !phone) errors.push({ field: 'email', key: 'referrals.client.error.reach' });
  if (form.gemeente && !municipalityCodes.has(form.gemeente)) errors.push({ field: 'gemeente', key: 'form.error.invalidChoice' });
  if (form.geboortedatum.trim() && !validDate(form.geboortedatum.trim(), today)) errors.push({ field: 'geboortedatum', key: 'referrals.client.error.birthDate' });
  if (bsn && !isValidBsn(bsn)) errors.push({ field: 'bsn', key: 'referrals.client.error.bsn' });
  const benefit = (BENEFITS as readonly string[]).includes(form.uitkering) ? (form.uitkering as Benefit) : null;
  if (!benefit) errors.push({ field: 'uitkering', key: 'form.error.invalidChoice' });
  if (form.regie && form.regie !== 'gemeente' && form.regie !== 'uwv') errors.push({ field: 'regie', key: 'form.error.invalidChoice' });
  if (errors.length > 0 || !benefit) return { errors };
  return {
    errors,
    value: {
      givenName,
      familyName: familyName || null,
      email: email || null,
      phone: phone || null,
      municipalityCode: form.gemeente || null,
      birthDate: form.geboortedatum.trim() || null,
      bsn: bsn || null,
      benefit,
      responsibleParty: form.regie === 'gemeente' || form.regie === 'uwv' ? form.regie : null,
    },
  };
}

export interface ClientSummary {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  municipalityName: string | null;
  birthDate: string | null;
  lastActivityAt: Date;
}

export interface ClientDetail extends ClientSummary {
  regionCode: string;
  givenName: string;
  familyName: string | null;
  municipalityCode: string | null;
  /** `*****6782`, or null when no BSN is held. */
  bsnMasked: string | null;
  benefit: Benefit;
  responsibleParty: ResponsibleParty | null;
  createdAt: Date;
  events: { id: string; kind: string; details: Record<string, string | null>; effectiveOn: string; recordedAt: Date; recordedByName: string | null }[];
}

/** What a referral may take from a record: every field, the BSN decrypted. Only within the referral's transaction. */
export interface ClientForReferral {
  id: string;
  regionCode: string;
  givenName: string;
  familyName: string | null;
  email: string | null;
  phone: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  birthDate: string | null;
  bsn: string | null;
  benefit: Benefit;
  responsibleParty: ResponsibleParty | null;
  /** The kind of the referring guide's organisation (gemeente, uwv, …): the dependency check compares it with the benefit. */
  guideOrganisationKind: string;
}

export type RegisterDecision = { kind: 'check' } | { kind: 'new' } | { kind: 'merge'; into: string };
export type RegisterOutcome = { outcome: 'created' | 'merged'; id: string } | { outcome: 'duplicates'; candidates: ClientSummary[] };

const fullName = (row: { given_name: string | null; family_name: string | null }) => [row.given_name, row.family_name].filter(Boolean).join(' ');

function summary(row: ClientRow): ClientSummary {
  return {
    id: row.id,
    name: fullName(row),
    email: row.email,
    phone: row.phone,
    municipalityName: row.municipality_name,
    birthDate: row.birth_date,
    lastActivityAt: new Date(row.last_activity_at),
  };
}

function regionOf(actor: UserActor, action: 'register' | 'view' | 'edit'): string {
  clientPolicy.authorize(actor, action);
  if (!actor.membership) throw forbidden();
  return actor.membership.regionCode;
}

export function createClientService(db: Database, cipher: FieldCipher) {
  /** A record of the actor's region that is not erased or merged away, or 404. */
  async function liveClient(tx: Tx, actor: UserActor, id: string, action: 'view' | 'edit'): Promise<ClientRow> {
    if (!isUuid(id)) throw notFound();
    const row = await findClient(tx, id);
    if (!row || row.erased_at || !clientPolicy.can(actor, action, { regionCode: row.region_code })) throw notFound();
    return row;
  }

  /** Fills the record's empty fields from the new details, and logs the merge on it with the fields it filled. */
  async function mergeInto(tx: Tx, target: ClientRow, value: ClientValue, userId: string): Promise<void> {
    const fields: FilledFields = {};
    if (!target.family_name && value.familyName) Object.assign(fields, { family_name: value.familyName, name_key: nameKey(target.given_name!, value.familyName) });
    if (!target.email && value.email) fields.email = value.email;
    if (!target.phone && value.phone) Object.assign(fields, { phone: value.phone, phone_key: phoneKey(value.phone) });
    if (!target.municipality_code && value.municipalityCode) fields.municipality_code = value.municipalityCode;
    if (!target.birth_date && value.birthDate) fields.birth_date = value.birthDate;
    if (!target.bsn_encrypted && value.bsn) Object.assign(fields, { bsn_encrypted: cipher.encrypt(value.bsn, BSN_FIELD), bsn: value.bsn });
    await fillClientFields(tx, target.id, fields);
    const filled = Object.keys(fields).filter((name) => !['name_key', 'phone_key', 'bsn_encrypted'].includes(name));
    await insertClientEvent(tx, { clientId: target.id, regionCode: target.region_code, kind: 'samengevoegd', details: { velden: filled.join(',') || null }, recordedBy: userId });
  }

  return {
    /**
     * Registers a person once per submission key. With `check`, likely duplicates in the region are
     * returned instead of a new record; `new` makes one anyway; `merge` adds the new details to the
     * chosen record where it has none, and logs the merge on it.
     */
    async register(trace: Trace, actor: UserActor, value: ClientValue, decision: RegisterDecision, submissionKey: string): Promise<RegisterOutcome> {
      const regionCode = regionOf(actor, 'register');
      const membership = actor.membership!;
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const keys = {
          nameKey: nameKey(value.givenName, value.familyName),
          birthDate: value.birthDate,
          email: value.email,
          phoneKey: value.phone ? phoneKey(value.phone) : null,
          bsn: value.bsn,
        };
        if (decision.kind === 'check') {
          const candidates = await findLikelyDuplicates(tx, regionCode, keys);
          if (candidates.length > 0) {
            await logRead(tx, 'clients.read', candidates.map((row) => row.id), 'client');
            return { outcome: 'duplicates', candidates: candidates.map(summary) };
          }
        }
        const { result } = await submitOnce(tx, CLIENT_SCOPE, submissionKey, async () => {
          if (decision.kind === 'merge') {
            const target = await liveClient(tx, actor, decision.into, 'edit');
            await mergeInto(tx, target, value, actor.userId);
            return `merged:${target.id}`;
          }
          const id = await insertClient(tx, {
            ...value,
            ...keys,
            regionCode,
            organisationId: membership.organisationId,
            bsnEncrypted: value.bsn ? cipher.encrypt(value.bsn, BSN_FIELD) : null,
            createdBy: actor.userId,
          });
          return `created:${id}`;
        });
        const [outcome, id] = result.split(':') as ['created' | 'merged', string];
        return { outcome, id };
      });
    },

    /** The region's records, most recently active first; with `query`, those whose name starts with it. Logged as reads. */
    async list(trace: Trace, actor: UserActor, query: string, limit = 50): Promise<ClientSummary[]> {
      const regionCode = regionOf(actor, 'view');
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const key = query.trim() ? nameKey(query, null) : null;
        const rows = await listClients(tx, regionCode, key, limit);
        await logRead(tx, 'clients.read', rows.map((row) => row.id), 'client');
        return rows.map(summary);
      });
    },

    /** The region's retention in months after the last activity: its own setting or the default. */
    async retentionMonths(trace: Trace, actor: UserActor): Promise<{ months: number; own: boolean }> {
      const regionCode = regionOf(actor, 'view');
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const months = await regionRetentionMonths(tx, regionCode);
        return { months: months ?? CLIENT_RETENTION_MONTHS, own: months !== null };
      });
    },

    /** The coordinator sets the region's retention, from 1 month to the register's maximum. */
    async setRetentionMonths(trace: Trace, actor: UserActor, value: string): Promise<FieldError[]> {
      const regionCode = regionOf(actor, 'view');
      clientPolicy.authorize(actor, 'setRetention', { regionCode });
      const months = Number(value);
      if (!Number.isInteger(months) || months < 1 || months > CLIENT_RETENTION_MAX_MONTHS) {
        return [{ field: 'maanden', key: 'referrals.retention.error', params: { max: CLIENT_RETENTION_MAX_MONTHS } }];
      }
      await withActor(db, { actor, trace, activity: ACTIVITY }, (tx) => setRegionRetentionMonths(tx, regionCode, months, actor.userId));
      return [];
    },

    /** How many records the region keeps (a count reads no personal data). */
    async count(trace: Trace, actor: UserActor): Promise<number> {
      const regionCode = regionOf(actor, 'view');
      return withActor(db, { actor, trace }, (tx) => countClients(tx, regionCode));
    },

    async get(trace: Trace, actor: UserActor, id: string): Promise<ClientDetail> {
      regionOf(actor, 'view');
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const row = await liveClient(tx, actor, id, 'view');
        await logRead(tx, 'clients.read', [row.id], 'client');
        const events = await listClientEvents(tx, row.id);
        const bsn = row.bsn_encrypted ? cipher.decrypt(row.bsn_encrypted, BSN_FIELD) : null;
        return {
          ...summary(row),
          regionCode: row.region_code,
          givenName: row.given_name!,
          familyName: row.family_name,
          municipalityCode: row.municipality_code,
          bsnMasked: bsn ? maskBsn(bsn) : null,
          benefit: row.benefit,
          responsibleParty: row.responsible_party,
          createdAt: new Date(row.created_at),
          events: events.map((event) => ({
            id: String(event.id),
            kind: event.kind,
            details: event.details,
            effectiveOn: String(event.effective_on),
            recordedAt: new Date(event.recorded_at),
            recordedByName: event.recorded_by_name,
          })),
        };
      });
    },

    /**
     * A change of benefit situation (WW ends, bijstand starts): recorded on the record as an event;
     * running referrals go on.
     */
    async changeBenefit(trace: Trace, actor: UserActor, id: string, benefit: string, effectiveOn: string): Promise<FieldError[]> {
      regionOf(actor, 'edit');
      const errors: FieldError[] = [];
      if (!(BENEFITS as readonly string[]).includes(benefit)) errors.push({ field: 'uitkering', key: 'form.error.invalidChoice' });
      if (!validDate(effectiveOn, new Date(Date.now() + 366 * 86_400_000))) errors.push({ field: 'datum', key: 'referrals.client.error.date' });
      if (errors.length > 0) return errors;
      await withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const row = await liveClient(tx, actor, id, 'edit');
        await updateClientSituation(tx, row.id, { benefit: benefit as Benefit });
        await insertClientEvent(tx, { clientId: row.id, regionCode: row.region_code, kind: 'uitkering', details: { van: row.benefit, naar: benefit }, effectiveOn, recordedBy: actor.userId });
      });
      return [];
    },

    /**
     * Transfers reintegration responsibility (regie) between UWV and the municipality: an explicit
     * event with both parties, the date, the reason and where objections go afterwards.
     */
    async transferResponsibility(
      trace: Trace,
      actor: UserActor,
      id: string,
      form: { naar: string; datum: string; reden: string; bezwaar: string },
    ): Promise<FieldError[]> {
      regionOf(actor, 'edit');
      const errors: FieldError[] = [];
      const to = form.naar === 'gemeente' || form.naar === 'uwv' ? form.naar : null;
      if (!to) errors.push({ field: 'naar', key: 'form.error.invalidChoice' });
      if (!validDate(form.datum, new Date(Date.now() + 366 * 86_400_000))) errors.push({ field: 'datum', key: 'referrals.client.error.date' });
      if (!form.reden.trim() || form.reden.length > 500) errors.push({ field: 'reden', key: 'referrals.client.error.reason' });
      if (!form.bezwaar.trim() || form.bezwaar.length > 300) errors.push({ field: 'bezwaar', key: 'referrals.client.error.objections' });
      if (errors.length > 0 || !to) return errors;
      await withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const row = await liveClient(tx, actor, id, 'edit');
        if (row.responsible_party === to) {
          errors.push({ field: 'naar', key: 'referrals.client.error.sameParty' });
          return;
        }
        await updateClientSituation(tx, row.id, { responsible_party: to });
        await insertClientEvent(tx, {
          clientId: row.id,
          regionCode: row.region_code,
          kind: 'regie-overdracht',
          details: { van: row.responsible_party, naar: to, reden: form.reden.trim(), bezwaar: form.bezwaar.trim() },
          effectiveOn: form.datum,
          recordedBy: actor.userId,
        });
      });
      return errors;
    },
  };
}

/**
 * The record as a referral reads it, within the referral's transaction (row-level security applies),
 * with the kind of the guide's organisation; null when gone.
 */
export async function clientForReferral(tx: Tx, cipher: FieldCipher, id: string, guideOrganisationId: string): Promise<ClientForReferral | null> {
  const row = await findClientForReferral(tx, id, guideOrganisationId);
  if (!row || row.erased_at) return null;
  return {
    id: row.id,
    regionCode: row.region_code,
    givenName: row.given_name!,
    familyName: row.family_name,
    email: row.email,
    phone: row.phone,
    municipalityCode: row.municipality_code,
    municipalityName: row.municipality_name,
    birthDate: row.birth_date,
    bsn: row.bsn_encrypted ? cipher.decrypt(row.bsn_encrypted, BSN_FIELD) : null,
    benefit: row.benefit,
    responsibleParty: row.responsible_party,
    guideOrganisationKind: row.guide_organisation_kind ?? '',
  };
}
