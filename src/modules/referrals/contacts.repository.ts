import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { ContactEventKind, ContactRequestStatus, ContactResult, IntakeChannel } from '../../platform/db/schema.ts';
import type { SubjectQuery } from './clients.repository.ts';

// The only SQL for contacts: questions from the website and contacts guides register from every
// other channel. Row-level security (migrations …T0004, …T0021) lets anyone ask on the website, and
// only the region's guides and coordinator register, read and handle; a trigger holds who may assign
// whom. Every write logs itself (a trigger); reads are logged by the service.

export interface NewContact {
  reference: string;
  regionCode: string;
  serviceId: string | null;
  audience: string | null;
  themes: readonly string[];
  name: string | null;
  email: string | null;
  phone: string | null;
  channel: 'email' | 'telefoon' | null;
  message: string | null;
  municipality: string | null;
  intakeChannel: IntakeChannel;
  anonymous: boolean;
  replyDueAt: Date;
  /** A guide's registration: who recorded and handles it, and, when it needed no follow-up, its result. */
  recordedBy: string | null;
  closed: { result: ContactResult; at: Date } | null;
  /** When the person was answered (a conversation at registration), if they were. */
  answeredAt: Date | null;
}

/** Stores a contact; no RETURNING: the public may not read the row back, so the id is made here. */
export async function insertContact(tx: Tx, contact: NewContact): Promise<string> {
  const id = randomUUID();
  await tx
    .insertInto('contact_requests')
    .values({
      id,
      reference: contact.reference,
      region_code: contact.regionCode,
      service_id: contact.serviceId,
      audience: contact.audience,
      themes: [...contact.themes],
      name: contact.name,
      email: contact.email,
      phone: contact.phone,
      preferred_channel: contact.channel,
      message: contact.message,
      municipality_code: contact.municipality,
      intake_channel: contact.intakeChannel,
      anonymous: contact.anonymous,
      reply_due_at: contact.replyDueAt,
      recorded_by: contact.recordedBy,
      handled_by: contact.recordedBy,
      status: contact.closed ? 'afgerond' : contact.recordedBy ? 'in-behandeling' : 'nieuw',
      result: contact.closed?.result ?? null,
      closed_at: contact.closed?.at ?? null,
      answered_at: contact.answeredAt,
    })
    .execute();
  return id;
}

export interface ContactListFilter {
  status: ContactRequestStatus | null;
  /** Only those not closed. */
  openOnly: boolean;
  /** Only those the actor handles. */
  handledBy: string | null;
  /** Only those past their promised reply time, with no answer yet. */
  overdueAt: Date | null;
  /** Only those with a follow-up due on or before this day. */
  followUpBy: string | null;
  intakeChannel: IntakeChannel | null;
}

/** Contacts with their handler's name; of one region, or (null) of every region row-level security shows. */
const contactRows = (tx: Tx, regionCode: string | null) =>
  tx
    .selectFrom('contact_requests as c')
    .leftJoin('users as h', 'h.id', 'c.handled_by')
    .select([
      'c.id',
      'c.reference',
      'c.name',
      'c.anonymous',
      'c.status',
      'c.created_at',
      'c.audience',
      'c.themes',
      'c.preferred_channel',
      'c.intake_channel',
      'c.service_id',
      'c.handled_by',
      'h.name as handler_name',
      'c.reply_due_at',
      'c.answered_at',
      'c.follow_up_on',
      'c.result',
      'c.erased_at',
    ])
    .$if(regionCode !== null, (q) => q.where('c.region_code', '=', regionCode!));

/** The region's contacts that match, newest first. */
export function listContacts(tx: Tx, regionCode: string, filter: ContactListFilter, limit: number) {
  return contactRows(tx, regionCode)
    .$if(filter.status !== null, (q) => q.where('c.status', '=', filter.status!))
    .$if(filter.openOnly, (q) => q.where('c.status', '<>', 'afgerond'))
    .$if(filter.handledBy !== null, (q) => q.where('c.handled_by', '=', filter.handledBy!))
    .$if(filter.intakeChannel !== null, (q) => q.where('c.intake_channel', '=', filter.intakeChannel!))
    .$if(filter.overdueAt !== null, (q) => q.where('c.answered_at', 'is', null).where('c.reply_due_at', '<', filter.overdueAt!))
    .$if(filter.followUpBy !== null, (q) => q.where('c.follow_up_on', '<=', filter.followUpBy!))
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** What waits in the region: per status, unanswered past the promised time, the actor's open ones and follow-ups due. */
export async function countContacts(tx: Tx, regionCode: string, userId: string, now: Date, today: string) {
  const row = await tx
    .selectFrom('contact_requests')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('status', '=', 'nieuw').as('nieuw'),
      eb.fn.countAll<number>().filterWhere('status', '=', 'in-behandeling').as('in_behandeling'),
      eb.fn.countAll<number>().filterWhere('status', '=', 'afgerond').as('afgerond'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) => w.and([w('status', '<>', 'afgerond'), w('answered_at', 'is', null), w('reply_due_at', '<', now)]))
        .as('te_laat'),
      eb.fn.countAll<number>().filterWhere((w) => w.and([w('status', '<>', 'afgerond'), w('handled_by', '=', userId)])).as('mijn'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) => w.and([w('status', '<>', 'afgerond'), w('handled_by', '=', userId), w('follow_up_on', '<=', today)]))
        .as('opvolgen'),
    ])
    .where('region_code', '=', regionCode)
    .executeTakeFirstOrThrow();
  return {
    nieuw: Number(row.nieuw),
    'in-behandeling': Number(row.in_behandeling),
    afgerond: Number(row.afgerond),
    teLaat: Number(row.te_laat),
    mijn: Number(row.mijn),
    opvolgen: Number(row.opvolgen),
  };
}

export function findContact(tx: Tx, regionCode: string | null, id: string) {
  return contactRows(tx, regionCode)
    .leftJoin('municipalities as m', 'm.code', 'c.municipality_code')
    .select(['c.email', 'c.phone', 'c.message', 'c.closed_at', 'c.municipality_code', 'm.name as municipality_name', 'c.region_code', 'c.recorded_by'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export function contactEvents(tx: Tx, contactId: string) {
  return tx
    .selectFrom('contact_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .leftJoin('users as a', 'a.id', 'e.assignee_user_id')
    .select(['e.id', 'e.kind', 'e.actor_user_id', 'e.actor_role', 'u.name as actor_name', 'a.name as assignee_name', 'e.result', 'e.follow_up_on', 'e.body', 'e.created_at'])
    .where('e.contact_id', '=', contactId)
    .orderBy('e.seq')
    .execute();
}

/** The contact's state, locked until the transaction ends so two guides cannot move it at once. */
export function lockContact(tx: Tx, id: string) {
  return tx
    .selectFrom('contact_requests')
    .select(['id', 'reference', 'region_code', 'status', 'handled_by', 'email', 'answered_at', 'erased_at', 'anonymous'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateContact(
  tx: Tx,
  id: string,
  values: Partial<{ status: ContactRequestStatus; handled_by: string; closed_at: Date | null; answered_at: Date; result: ContactResult | null; follow_up_on: string | null }>,
): Promise<void> {
  await tx.updateTable('contact_requests').set(values).where('id', '=', id).execute();
}

export interface NewContactEvent {
  contactId: string;
  regionCode: string;
  kind: ContactEventKind;
  actorUserId: string;
  actorRole: string;
  assigneeUserId?: string | null;
  result?: ContactResult | null;
  followUpOn?: string | null;
  body?: string | null;
}

export async function insertContactEvent(tx: Tx, event: NewContactEvent): Promise<void> {
  await tx
    .insertInto('contact_events')
    .values({
      id: randomUUID(),
      contact_id: event.contactId,
      region_code: event.regionCode,
      kind: event.kind,
      actor_user_id: event.actorUserId,
      actor_role: event.actorRole,
      assignee_user_id: event.assigneeUserId ?? null,
      result: event.result ?? null,
      follow_up_on: event.followUpOn ?? null,
      body: event.body ?? null,
    })
    .execute();
}

/** The contact a notice is about, as the system reads it: its reference and region. */
export function contactNoticeSubject(tx: Tx, id: string) {
  return tx.selectFrom('contact_requests').select(['id', 'reference', 'region_code', 'handled_by']).where('id', '=', id).executeTakeFirst();
}

/**
 * Erases the personal fields and free texts of contacts closed before the one date, and of those
 * never closed that arrived before the other; the rows stay for the counts. Returns how many.
 */
export async function eraseContacts(tx: Tx, closedBefore: Date, openCreatedBefore: Date, now: Date): Promise<number> {
  const erased = await tx
    .updateTable('contact_requests')
    .set({ name: null, email: null, phone: null, preferred_channel: null, message: null, follow_up_on: null, erased_at: now })
    .where('erased_at', 'is', null)
    .where((eb) =>
      eb.or([eb('closed_at', '<', closedBefore), eb.and([eb('closed_at', 'is', null), eb('created_at', '<', openCreatedBefore)])]),
    )
    .returning('id')
    .execute();
  if (erased.length > 0) {
    await tx
      .updateTable('contact_events')
      .set({ body: null })
      .where('contact_id', 'in', erased.map((row) => row.id))
      .where('body', 'is not', null)
      .execute();
  }
  return erased.length;
}


/** Contacts of a person as the privacy officer searches them (row-level security: the regions their organisation works in). */
export function findContactSubjects(tx: Tx, query: SubjectQuery, limit: number) {
  let select = tx
    .selectFrom('contact_requests as c')
    .select(['c.id', 'c.reference', 'c.name', 'c.email', 'c.phone', 'c.region_code', 'c.created_at', 'c.intake_channel'])
    .where('c.erased_at', 'is', null)
    .where('c.anonymous', '=', false)
    .orderBy('c.created_at', 'desc')
    .limit(limit);
  if (query.kind === 'name') select = select.where(sql<string>`lower(c.name)`, 'like', `%${query.text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  if (query.kind === 'email') select = select.where(sql<string>`lower(c.email)`, '=', query.email);
  // The same digits as client-values' phoneKey: +31 and 0031 read as a leading 0.
  if (query.kind === 'phone') select = select.where(sql<string>`regexp_replace(regexp_replace(c.phone, '^\\s*(\\+|00)31', '0'), '[^0-9]', '', 'g')`, '=', query.phoneKey);
  if (query.kind === 'bsn') return Promise.resolve([]);
  return select.execute();
}

/** Erases one contact at the person's request: its personal fields and every text in its history. */
export async function eraseContact(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.updateTable('contact_events').set({ body: null }).where('contact_id', '=', id).where('body', 'is not', null).execute();
  await tx
    .updateTable('contact_requests')
    .set({ name: null, email: null, phone: null, preferred_channel: null, message: null, follow_up_on: null, erased_at: now })
    .where('id', '=', id)
    .execute();
}
