import { sql, type Kysely } from 'kysely';

// Issue 12: the warm handover (warme overdracht). A guide keeps a temporary client record only when
// follow-up is needed, records consent or a legal basis per referral, and sends a referral with the
// minimal data of its purpose to one partner organisation, which accepts, declines and reports the
// outcome. What the partner sees is copied onto the referral when it is sent (`shared_data`), so the
// partner never reads the client record itself.
//
// Who may do what is enforced here, not only in the service:
// - guides and the coordinator of the region read and write clients, consents and referrals there;
// - a partner employee reads the referrals to their own organisation in their region, and only while
//   the referral's consent (or legal basis) holds: a withdrawn or expired consent hides the referral
//   from the next query on;
// - a trigger holds every change of a referral to the owner rules of FHIR Task: only the partner
//   accepts, declines, starts and reports; only the guide withdraws; only the system's timers
//   remind, escalate and expire; and it writes the timeline entry of each change itself.
// - every write logs itself in the processing log under the client's id (pseudonymised there).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function app_guides_region(region text) returns boolean language sql stable as $f$
  select coalesce(app_actor_role() in ('gidsfunctionaris', 'regiocoordinator') and region = app_region(), false)
$f$;

-- Temporary client record (tijdelijke vastlegging) --------------------------------------------------
create table clients (
  id uuid primary key default gen_random_uuid(),
  region_code text not null references regions (code),
  -- The organisation of the guide who made the record (the controller that answers for it).
  organisation_id uuid not null references organisations (id),
  given_name text check (length(given_name) between 1 and 100),
  family_name text check (length(family_name) between 1 and 100),
  -- Lower case, without accents and spaces: what duplicate detection and the privacy search compare.
  name_key text,
  email text check (email = lower(email) and email ~ '^[^@\\s]+@[^@\\s]+$' and length(email) <= 254),
  phone text check (phone ~ '^[0-9 +()-]{6,20}$'),
  phone_key text check (phone_key ~ '^[0-9]{6,15}$'),
  municipality_code text references municipalities (code),
  birth_date date check (birth_date between date '1900-01-01' and date '2100-01-01'),
  -- AES-256-GCM with the key from the configuration (FIELD_ENCRYPTION_KEY), never in the database.
  bsn_encrypted text check (bsn_encrypted ~ '^v1:'),
  -- Keyed hash of the BSN (the pseudonym key): equality for duplicates and the privacy search.
  bsn_hash text check (bsn_hash ~ '^[0-9a-f]{64}$'),
  -- Who the person receives a benefit from now, if anyone: the dependency check asks it.
  benefit text not null default 'geen' check (benefit in ('geen', 'ww', 'bijstand', 'wia', 'wajong', 'ziektewet', 'anders')),
  -- Who has the direction (regie) of reintegration: the municipality or UWV.
  responsible_party text check (responsible_party in ('gemeente', 'uwv')),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  -- When the retention ran out or the privacy officer erased it: the personal fields are gone.
  erased_at timestamptz,
  check ((erased_at is null) = (given_name is not null)),
  check (erased_at is null or (family_name is null and name_key is null and email is null and phone is null
    and phone_key is null and birth_date is null and bsn_encrypted is null and bsn_hash is null)),
  check ((bsn_encrypted is null) = (bsn_hash is null))
);
create index clients_region_idx on clients (region_code, last_activity_at);
create index clients_name_key_idx on clients (region_code, name_key, birth_date);
create index clients_email_idx on clients (region_code, email);
create index clients_phone_idx on clients (region_code, phone_key);
create index clients_bsn_idx on clients (bsn_hash);

-- How long a region keeps a record after its last activity, within the register's maximum of 12
-- months; without a row, the default of 6 months.
create table client_retention_settings (
  region_code text primary key references regions (code),
  months integer not null check (months between 1 and 12),
  updated_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now()
);

-- Events on the record that are not referrals: a change of benefit, a transfer of reintegration
-- responsibility between UWV and a municipality, a merge.
create table client_events (
  id bigint generated always as identity primary key,
  client_id uuid not null references clients (id),
  region_code text not null references regions (code),
  kind text not null check (kind in ('uitkering', 'regie-overdracht', 'samengevoegd')),
  details jsonb not null check (jsonb_typeof(details) = 'object'),
  effective_on date not null default current_date,
  recorded_by uuid references users (id) on delete set null,
  recorded_at timestamptz not null default now()
);
create index client_events_client_idx on client_events (client_id, recorded_at);

-- Consent or legal basis, per referral ------------------------------------------------------------
create table consents (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references clients (id),
  region_code text not null references regions (code),
  recipient_organisation_id uuid not null references organisations (id),
  purpose text not null check (purpose ~ '^[a-z][a-z0-9-]{1,39}$'),
  data_categories text[] not null check (cardinality(data_categories) between 1 and 12),
  -- Consent given by the person, or a legal basis from the processing register.
  basis text not null check (basis in ('toestemming', 'wettelijke-grondslag')),
  legal_basis text check (legal_basis ~ '^[a-z][a-z0-9-]{1,39}$'),
  given_how text check (given_how in ('mondeling', 'schriftelijk', 'digitaal')),
  -- The exact text the person was shown, and its version.
  text_version text not null check (length(text_version) between 1 and 40),
  text_shown text not null check (length(text_shown) between 10 and 4000),
  -- The person depends on the guide's or the recipient's organisation: consent is then not free.
  dependency boolean not null,
  shares_identity boolean not null,
  recorded_by uuid references users (id) on delete set null,
  recorded_by_organisation_id uuid not null references organisations (id),
  recorded_at timestamptz not null default now(),
  expires_at timestamptz,
  withdrawn_at timestamptz,
  withdrawn_by uuid references users (id) on delete set null,
  check ((basis = 'toestemming') = (given_how is not null)),
  check ((basis = 'wettelijke-grondslag') = (legal_basis is not null)),
  -- Consent is not free when the person depends on the organisation: identity then needs a legal basis.
  check (not (dependency and basis = 'toestemming' and shares_identity))
);
create index consents_client_idx on consents (client_id);

-- A recorded consent is evidence: it can only be withdrawn, once, never rewritten.
create function app_consent_change() returns trigger language plpgsql as $f$
begin
  -- Deleting an account empties who recorded or withdrew (on delete set null); nothing else changes.
  if (to_jsonb(new) - 'withdrawn_at' - 'withdrawn_by' - 'recorded_by') is distinct from (to_jsonb(old) - 'withdrawn_at' - 'withdrawn_by' - 'recorded_by')
     or (new.recorded_by is distinct from old.recorded_by and new.recorded_by is not null)
     or (new.withdrawn_at is distinct from old.withdrawn_at and (old.withdrawn_at is not null or new.withdrawn_at is null))
     or (new.withdrawn_by is distinct from old.withdrawn_by and new.withdrawn_by is not null and new.withdrawn_at is not distinct from old.withdrawn_at) then
    raise exception 'a consent can only be withdrawn, once' using errcode = '42501';
  end if;
  return new;
end $f$;
create trigger consents_change before update on consents for each row execute function app_consent_change();

-- Whether a consent holds now: the partner's row-level security asks it (the partner cannot read consents).
create function app_consent_holds(consent uuid) returns boolean language sql stable security definer set search_path = public as $f$
  select exists (select 1 from consents c where c.id = consent and c.withdrawn_at is null and (c.expires_at is null or c.expires_at > now()))
$f$;

-- A pseudonym of the client that is stable for one partner organisation and cannot be linked across
-- partners (keyed hash of both ids with the platform's pseudonym key).
create function app_partner_pseudonym(client uuid, organisation uuid) returns text language sql stable security definer set search_path = public as $f$
  select upper(substr(encode(app_hmac_sha256(convert_to('partner:' || organisation::text || ':' || client::text, 'UTF8'),
    (select value from platform_secrets where name = 'pseudonym_key')), 'hex'), 1, 12))
$f$;

-- Keyed hash of a BSN for equality without storing it readable.
create function app_bsn_hash(bsn text) returns text language sql stable security definer set search_path = public as $f$
  select encode(app_hmac_sha256(convert_to('bsn:' || bsn, 'UTF8'), (select value from platform_secrets where name = 'pseudonym_key')), 'hex')
$f$;

-- The referral (warme overdracht) --------------------------------------------------------------------
create sequence referral_reference_seq;
create table referrals (
  id uuid primary key default gen_random_uuid(),
  -- What people say on the phone and what e-mails carry: no personal data.
  reference text not null unique default ('VW-' || lpad(nextval('referral_reference_seq')::text, 6, '0')),
  region_code text not null references regions (code),
  client_id uuid not null references clients (id),
  consent_id uuid not null references consents (id),
  guide_user_id uuid references users (id) on delete set null,
  guide_organisation_id uuid not null references organisations (id),
  service_id uuid references services (id) on delete set null,
  service_name text not null check (length(service_name) between 1 and 300),
  recipient_organisation_id uuid not null references organisations (id),
  purpose text not null check (purpose ~ '^[a-z][a-z0-9-]{1,39}$'),
  shares_identity boolean not null,
  subject_pseudonym text not null check (subject_pseudonym ~ '^[0-9A-F]{12}$'),
  -- Exactly what the partner sees, by data category; emptied when the client record is erased.
  shared_data jsonb not null check (jsonb_typeof(shared_data) = 'object'),
  -- Ontschotting: who has the direction and who pays.
  responsible_party text not null check (responsible_party in ('gemeente', 'uwv', 'werkcentrum')),
  paying_party text not null check (paying_party in ('gemeente', 'uwv', 'oo-fonds', 'werkgever', 'partner', 'geen')),
  status text not null default 'verzonden' check (status in
    ('verzonden', 'ontvangen', 'geaccepteerd', 'afgewezen', 'in-behandeling', 'afgerond', 'ingetrokken', 'verlopen')),
  decline_reason text check (decline_reason in ('niet-bereikbaar', 'voldoet-niet', 'geen-plek', 'geen-interesse',
    'elders-in-traject', 'dubbel', 'andere-dienst', 'anders')),
  outcome text check (outcome in ('aan-het-werk', 'scholing-gestart', 'hulp-gestart', 'doorverwezen', 'niet-verschenen',
    'niet-bereikt', 'geen-interesse', 'anders')),
  status_note text check (length(status_note) between 1 and 1000),
  previous_referral_id uuid references referrals (id),
  -- Timers (per service, defaults in the service): reminders, escalation, expiry.
  response_due_at timestamptz not null,
  expires_at timestamptz not null,
  reminders_sent integer not null default 0 check (reminders_sent between 0 and 10),
  escalated_at timestamptz,
  sent_at timestamptz not null default now(),
  received_at timestamptz,
  accepted_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz not null default now(),
  check ((status = 'afgewezen') = (decline_reason is not null)),
  check ((status = 'afgerond') = (outcome is not null)),
  check ((decline_reason is distinct from 'anders' and outcome is distinct from 'anders') or status_note is not null)
);
create index referrals_region_idx on referrals (region_code, status, sent_at);
create index referrals_recipient_idx on referrals (recipient_organisation_id, region_code, status, sent_at);
create index referrals_client_idx on referrals (client_id);
create index referrals_guide_idx on referrals (guide_user_id, status);

-- The timeline: every status change (written by the trigger below) and the messages between guide and partner.
create table referral_events (
  id bigint generated always as identity primary key,
  referral_id uuid not null references referrals (id),
  region_code text not null references regions (code),
  at timestamptz not null default now(),
  -- A status change, a message, a reminder or escalation by the timers, or an assignment to a guide (its name in message).
  kind text not null check (kind in ('status', 'bericht', 'herinnering', 'escalatie', 'toegewezen')),
  status text,
  message text check (length(message) between 1 and 2000),
  actor_kind text not null default coalesce(app_actor_kind(), 'system'),
  actor_user_id uuid default app_user_id() references users (id) on delete set null,
  actor_organisation_id uuid default app_org_id(),
  actor_role text default app_actor_role(),
  check ((kind in ('bericht', 'toegewezen')) = (message is not null))
);
create index referral_events_referral_idx on referral_events (referral_id, at);

-- Which timer steps have fired, so each fires once, also when its job runs twice.
create table referral_timer_steps (
  referral_id uuid not null references referrals (id),
  step text not null check (step in ('herinnering-1', 'herinnering-2', 'escalatie', 'verlopen')),
  fired_at timestamptz not null default now(),
  primary key (referral_id, step)
);

create function app_receives_referral(recipient uuid, region text) returns boolean language sql stable as $f$
  select coalesce(app_actor_role() = 'partnermedewerker' and recipient = app_org_id() and region = app_region(), false)
$f$;

-- Owner rules of every referral change, and the timeline entry of each status change.
create function app_referral_change() returns trigger language plpgsql as $f$
declare
  partner boolean := app_receives_referral(old.recipient_organisation_id, old.region_code);
  guide boolean := app_guides_region(old.region_code);
  system boolean := app_actor_kind() = 'system';
  allowed boolean;
begin
  if (new.id, new.reference, new.region_code, new.client_id, new.consent_id, new.guide_organisation_id, new.recipient_organisation_id,
      new.purpose, new.shares_identity, new.subject_pseudonym, new.previous_referral_id, new.sent_at, new.responsible_party, new.paying_party,
      new.service_name, new.response_due_at, new.expires_at)
     is distinct from
     (old.id, old.reference, old.region_code, old.client_id, old.consent_id, old.guide_organisation_id, old.recipient_organisation_id,
      old.purpose, old.shares_identity, old.subject_pseudonym, old.previous_referral_id, old.sent_at, old.responsible_party, old.paying_party,
      old.service_name, old.response_due_at, old.expires_at) then
    raise exception 'a sent referral keeps its parties, purpose and client' using errcode = '42501';
  end if;
  -- Who handles it on the guides' side: the region's coordinator (re)assigns, to a guide or coordinator of the region.
  if new.guide_user_id is distinct from old.guide_user_id and new.guide_user_id is not null
     and not (app_is_coordinator_of(old.region_code) and exists (select 1 from memberships m where m.user_id = new.guide_user_id
       and m.region_code = old.region_code and m.role in ('gidsfunctionaris', 'regiocoordinator'))) then
    raise exception 'only the region''s coordinator assigns a referral, to a guide of the region' using errcode = '42501';
  end if;
  -- The shared data only ever goes, when the client record is erased.
  if new.shared_data is distinct from old.shared_data and not (new.shared_data = '{}'::jsonb and (system or app_actor_role() = 'privacy_officer')) then
    raise exception 'the data sent with a referral cannot be changed' using errcode = '42501';
  end if;
  if new.status is distinct from old.status then
    allowed := case
      when partner then (old.status, new.status) in (('verzonden', 'ontvangen'), ('verzonden', 'geaccepteerd'), ('verzonden', 'afgewezen'),
        ('ontvangen', 'geaccepteerd'), ('ontvangen', 'afgewezen'), ('geaccepteerd', 'in-behandeling'),
        ('geaccepteerd', 'afgerond'), ('in-behandeling', 'afgerond'))
      when guide then new.status = 'ingetrokken' and old.status in ('verzonden', 'ontvangen', 'geaccepteerd', 'in-behandeling')
      when system then (new.status = 'verlopen' and old.status in ('verzonden', 'ontvangen'))
        or (new.status = 'ingetrokken' and old.status in ('verzonden', 'ontvangen', 'geaccepteerd', 'in-behandeling'))
      else false
    end;
    if not coalesce(allowed, false) then
      raise exception 'referral status % cannot become % by this actor', old.status, new.status using errcode = '42501';
    end if;
    insert into referral_events (referral_id, region_code, kind, status) values (new.id, new.region_code, 'status', new.status);
  elsif (new.reminders_sent, new.escalated_at) is distinct from (old.reminders_sent, old.escalated_at) and not system then
    raise exception 'only the platform''s timers remind and escalate' using errcode = '42501';
  end if;
  new.updated_at := now();
  return new;
end $f$;
create trigger referrals_change before update on referrals for each row execute function app_referral_change();

create function app_referral_sent() returns trigger language plpgsql as $f$
begin
  insert into referral_events (referral_id, region_code, kind, status) values (new.id, new.region_code, 'status', new.status);
  return null;
end $f$;
create trigger referrals_sent after insert on referrals for each row execute function app_referral_sent();

create trigger client_retention_settings_processing_log after insert or update on client_retention_settings
  for each row execute function app_log_write('updated_by', 'professional');

-- Every write logs itself under the client's id.
create trigger clients_processing_log after insert or delete on clients
  for each row execute function app_log_write('id', 'client');
-- Moving the last activity forward is not a processing of the person's data: the act that moved it
-- (a referral, a consent) is logged under the client already.
create trigger clients_processing_log_update after update on clients
  for each row when ((to_jsonb(old) - 'last_activity_at') is distinct from (to_jsonb(new) - 'last_activity_at'))
  execute function app_log_write('id', 'client');
create trigger client_events_processing_log after insert or update or delete on client_events
  for each row execute function app_log_write('client_id', 'client');
create trigger consents_processing_log after insert or update or delete on consents
  for each row execute function app_log_write('client_id', 'client');
create trigger referrals_processing_log after insert or update or delete on referrals
  for each row execute function app_log_write('client_id', 'client');

-- Grants and row-level security --------------------------------------------------------------------
grant usage on sequence referral_reference_seq to wc_app;
grant select, insert, update on clients, consents, referrals to wc_app;
grant select, insert on client_events, referral_events to wc_app;
grant select on referral_timer_steps to wc_app;
grant select, insert, update on client_retention_settings to wc_app;

alter table client_retention_settings enable row level security;
create policy client_retention_settings_read on client_retention_settings for select to wc_app using (app_guides_region(region_code));
create policy client_retention_settings_write on client_retention_settings for all to wc_app
  using (app_is_coordinator_of(region_code)) with check (app_is_coordinator_of(region_code));

alter table clients enable row level security;
create policy clients_guides on clients for all to wc_app using (app_guides_region(region_code)) with check (app_guides_region(region_code));

alter table client_events enable row level security;
create policy client_events_guides on client_events for all to wc_app using (app_guides_region(region_code)) with check (app_guides_region(region_code));

alter table consents enable row level security;
create policy consents_guides_read on consents for select to wc_app using (app_guides_region(region_code));
create policy consents_guides_record on consents for insert to wc_app
  with check (app_guides_region(region_code) and recorded_by_organisation_id = app_org_id() and recorded_by = app_user_id() and withdrawn_at is null);
create policy consents_guides_withdraw on consents for update to wc_app
  using (app_guides_region(region_code)) with check (app_guides_region(region_code));

alter table referrals enable row level security;
create policy referrals_guides_read on referrals for select to wc_app using (app_guides_region(region_code));
create policy referrals_guides_send on referrals for insert to wc_app
  with check (app_guides_region(region_code) and guide_organisation_id = app_org_id() and status = 'verzonden'
    and app_consent_holds(consent_id));
create policy referrals_guides_update on referrals for update to wc_app
  using (app_guides_region(region_code)) with check (app_guides_region(region_code));
-- A withdrawn referral (by the guide, or re-routed) is gone for the partner, as is one whose consent ended.
create policy referrals_partner_read on referrals for select to wc_app
  using (app_receives_referral(recipient_organisation_id, region_code) and status <> 'ingetrokken' and app_consent_holds(consent_id));
create policy referrals_partner_update on referrals for update to wc_app
  using (app_receives_referral(recipient_organisation_id, region_code) and app_consent_holds(consent_id))
  with check (app_receives_referral(recipient_organisation_id, region_code));

alter table referral_events enable row level security;
-- Through the referral's own policies: whoever may read the referral reads and adds to its timeline.
create policy referral_events_read on referral_events for select to wc_app
  using (exists (select 1 from referrals r where r.id = referral_id));
create policy referral_events_write on referral_events for insert to wc_app
  with check (exists (select 1 from referrals r where r.id = referral_id and r.region_code = referral_events.region_code));

alter table referral_timer_steps enable row level security;
create policy referral_timer_steps_read on referral_timer_steps for select to wc_app
  using (exists (select 1 from referrals r where r.id = referral_id));

-- The system's timers (activity 'referrals') and retention (activity 'client-records').
grant select, update on clients, referrals to wc_system;
grant select on consents, client_retention_settings to wc_system;
create policy client_retention_settings_system on client_retention_settings for select to wc_system using (app_system_activity('client-records'));
grant select, insert on referral_events, referral_timer_steps to wc_system;
grant update (message) on referral_events to wc_system;
grant select on memberships, users to wc_system;
create policy clients_system on clients for all to wc_system using (app_system_activity('client-records'));
create policy consents_system on consents for select to wc_system using (app_system_activity('client-records') or app_system_activity('referrals'));
create policy referrals_system on referrals for all to wc_system using (app_system_activity('client-records') or app_system_activity('referrals'));
create policy referral_events_system on referral_events for all to wc_system
  using (app_system_activity('referrals') or app_system_activity('client-records'));
create policy referral_timer_steps_system on referral_timer_steps for all to wc_system using (app_system_activity('referrals'));
create policy memberships_system_referrals on memberships for select to wc_system using (app_system_activity('referrals'));
create policy users_system_referrals on users for select to wc_system using (app_system_activity('referrals'));
`.execute(db);
}
