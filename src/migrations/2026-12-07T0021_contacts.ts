import { sql, type Kysely } from 'kysely';

// Issue 12: questions from the website become contacts, and guides register contacts from every
// other channel (balie, telefoon, e-mail, chat, outreach, via a partner) in the same register.
//
// - A contact has a reference the asker gets, the channel it came in by, its themes, and — when no
//   follow-up is needed — no name or way to reach at all (anonymous, closed at once with a result).
// - Who handles it: a guide claims an unclaimed contact for themselves; the region's coordinator
//   (re)assigns it to any guide or coordinator of the region (enforced here, for every actor).
// - The promised reply time (2 working days, set by the app from the holiday calendar) and the moment
//   of the first answer, so late contacts stand out; a follow-up date; a coded result on closing.
// - Its history (contact_events): notes, e-mail replies (the mail itself goes through the job queue),
//   contacts made, claims, assignments, closings and reopenings. Events are never changed.
// - When the retention runs out, the personal fields and free texts go and the row stays for the
//   counts (channel, audience, themes, result, month, municipality), as with client records.
//
// Notices: notification_preferences now governs every notice (referrals and new questions), so its
// column is `frequency`; the digest queue holds a referral or a contact (`digest_items`).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table contact_requests
  add column reference text,
  add column intake_channel text not null default 'website'
    check (intake_channel in ('website', 'balie', 'telefoon', 'e-mail', 'chat', 'outreach', 'partner')),
  add column anonymous boolean not null default false,
  add column themes text[] not null default '{}' check (cardinality(themes) <= 10),
  add column reply_due_at timestamptz,
  add column answered_at timestamptz,
  add column result text check (result in ('informatie-gegeven', 'doorverwezen', 'client-vastgelegd', 'afspraak-gemaakt', 'niet-bereikt', 'geen-vraag-meer', 'anders')),
  add column follow_up_on date,
  add column recorded_by uuid references users (id) on delete set null,
  add column erased_at timestamptz;

-- Existing questions: a reference from their id, the promised reply two days after arrival, and
-- "anders" for those closed before results were coded.
update contact_requests set
  reference = 'V-' || upper(substr(replace(id::text, '-', ''), 1, 8)),
  reply_due_at = created_at + interval '2 days',
  result = case when status = 'afgerond' then 'anders' end;

alter table contact_requests
  alter column reference set not null,
  add constraint contact_requests_reference_key unique (reference),
  add constraint contact_requests_reference_check check (reference ~ '^V-[0-9A-Z]{8}$'),
  alter column reply_due_at set not null,
  alter column name drop not null,
  alter column message drop not null,
  alter column preferred_channel drop not null,
  drop constraint contact_requests_check,
  drop constraint contact_requests_check1,
  drop constraint contact_requests_check2,
  add constraint contact_requests_reachable check (anonymous or erased_at is not null or (name is not null and message is not null and (email is not null or phone is not null) and preferred_channel is not null)),
  add constraint contact_requests_anonymous check (not anonymous or (name is null and email is null and phone is null and preferred_channel is null)),
  add constraint contact_requests_channel_email check ((preferred_channel = 'email') <= (email is not null)),
  add constraint contact_requests_channel_phone check ((preferred_channel = 'telefoon') <= (phone is not null)),
  add constraint contact_requests_result check ((status = 'afgerond') = (result is not null)),
  add constraint contact_requests_erased check (erased_at is null or (name is null and email is null and phone is null and message is null));

create index contact_requests_handler_idx on contact_requests (region_code, handled_by) where status <> 'afgerond';

create function app_contact_themes() returns trigger language plpgsql as $f$
begin
  perform app_check_terms(new.themes, 'thema', 'theme');
  return new;
end $f$;
create trigger contact_requests_themes before insert or update of themes on contact_requests
  for each row execute function app_contact_themes();

create table contact_events (
  id uuid primary key,
  -- Events of one transaction share their time; the sequence keeps their order.
  seq bigint generated always as identity,
  contact_id uuid not null references contact_requests (id) on delete cascade,
  region_code text not null references regions (code),
  kind text not null check (kind in ('geregistreerd', 'opgepakt', 'toegewezen', 'notitie', 'antwoord', 'contact', 'opvolgen', 'afgerond', 'heropend')),
  actor_user_id uuid references users (id) on delete set null,
  actor_role text,
  assignee_user_id uuid references users (id) on delete set null,
  result text,
  follow_up_on date,
  body text check (length(body) between 1 and 4000),
  created_at timestamptz not null default now()
);
create index contact_events_contact_idx on contact_events (contact_id, seq);

create trigger contact_events_processing_log after insert or delete on contact_events
  for each row execute function app_log_write('contact_id', 'contact_request');

-- Who handles a contact, and what never changes once it is made.
create function app_contact_change() returns trigger language plpgsql as $f$
begin
  if (new.id, new.reference, new.region_code, new.intake_channel, new.created_at, new.recorded_by, new.reply_due_at)
     is distinct from (old.id, old.reference, old.region_code, old.intake_channel, old.created_at, old.recorded_by, old.reply_due_at) then
    raise exception 'a contact keeps its reference, region, channel and promised reply time' using errcode = '42501';
  end if;
  if app_actor_kind() <> 'system' and new.handled_by is distinct from old.handled_by then
    if new.handled_by is null or not exists (select 1 from memberships m where m.user_id = new.handled_by
         and m.region_code = old.region_code and m.role in ('gidsfunctionaris', 'regiocoordinator')) then
      raise exception 'a contact is handled by a guide or coordinator of its region' using errcode = '42501';
    end if;
    -- A guide claims what no one handles, for themselves; only the coordinator gives it to someone else.
    if not app_is_coordinator_of(old.region_code) and (new.handled_by <> app_user_id() or old.handled_by is not null) then
      raise exception 'only the region''s coordinator assigns a contact to someone else' using errcode = '42501';
    end if;
  end if;
  if new.erased_at is not null and old.erased_at is null and app_actor_kind() <> 'system' then
    raise exception 'only the retention job erases a contact' using errcode = '42501';
  end if;
  return new;
end $f$;
create trigger contact_requests_change before update on contact_requests for each row execute function app_contact_change();

-- The public asks on the website; the region's guides register contacts from every other channel.
drop policy contact_requests_ask on contact_requests;
create policy contact_requests_ask on contact_requests for insert to wc_app
  with check (intake_channel = 'website' and status = 'nieuw' and handled_by is null and closed_at is null and recorded_by is null
    and not anonymous and answered_at is null and result is null and erased_at is null);
create policy contact_requests_register on contact_requests for insert to wc_app
  with check (app_handles_contact_requests(region_code) and intake_channel <> 'website' and recorded_by = app_user_id()
    and handled_by = app_user_id() and erased_at is null);

grant select, insert on contact_events to wc_app;
grant select, update (body) on contact_events to wc_system;
alter table contact_events enable row level security;
create policy contact_events_read on contact_events for select to wc_app using (app_handles_contact_requests(region_code));
create policy contact_events_write on contact_events for insert to wc_app
  with check (app_handles_contact_requests(region_code) and actor_user_id = app_user_id()
    and exists (select 1 from contact_requests c where c.id = contact_id and c.region_code = contact_events.region_code));
create policy contact_events_system on contact_events for all to wc_system using (app_system_activity('contact-requests'));

-- The retention job anonymises instead of deleting; the row stays for the counts.
grant update (name, email, phone, preferred_channel, message, erased_at, follow_up_on) on contact_requests to wc_system;

-- Notices: one preference for every notice, and a digest queue for referrals and contacts.
alter table notification_preferences rename column referral_notices to frequency;
alter table referral_digest_items rename to digest_items;
alter index referral_digest_items_user_idx rename to digest_items_user_idx;
alter trigger referral_digest_items_processing_log on digest_items rename to digest_items_processing_log;
alter policy referral_digest_items_system on digest_items rename to digest_items_system;
alter table digest_items
  alter column referral_id drop not null,
  add column contact_id uuid references contact_requests (id) on delete cascade,
  -- A contact's reference travels with its item: the digest job reads referrals, not contacts.
  add column reference text check (reference ~ '^V-[0-9A-Z]{8}$'),
  add constraint digest_items_subject check ((referral_id is null) <> (contact_id is null) and (contact_id is null) = (reference is null));
-- The contacts' notice job finds the region's guides, reads their preferences and queues digest items.
create policy memberships_system_contacts on memberships for select to wc_system using (app_system_activity('contact-requests'));
create policy users_system_contacts on users for select to wc_system using (app_system_activity('contact-requests'));
create policy notification_preferences_contacts on notification_preferences for select to wc_system using (app_system_activity('contact-requests'));
create policy digest_items_contacts on digest_items for insert to wc_system with check (app_system_activity('contact-requests') and contact_id is not null);
`.execute(db);
}
