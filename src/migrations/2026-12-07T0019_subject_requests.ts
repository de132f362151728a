import { sql, type Kysely } from 'kysely';

// Issue 12: the privacy officer answers a person's request (AVG art. 15, 17, 20): finds them by name,
// e-mail, phone or BSN, sees everything held about them and every processing-log record about them,
// exports it and erases it. The privacy officer of the organisation that made a client record (its
// controller) reads that record, its events, consents, referrals and timelines, and may erase it:
// only the personal fields go (the counts stay), as the retention job does.
//
// The log records about a person are written under many organisations (the guide's, each partner's
// reads); row-level security shows a privacy officer only their own organisation's. The function
// app_client_log returns all of them, for one client record, to whoever may read that record.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function app_privacy_officer_of(organisation uuid) returns boolean language sql stable as $f$
  select coalesce(app_actor_role() = 'privacy_officer' and organisation = app_org_id(), false)
$f$;

-- Whether the actor is the privacy officer of the client record's controller.
create function app_answers_for_client(client uuid) returns boolean language sql stable security definer set search_path = public as $f$
  select exists (select 1 from clients c where c.id = client and app_privacy_officer_of(c.organisation_id))
$f$;

create policy clients_privacy_read on clients for select to wc_app using (app_privacy_officer_of(organisation_id));
create policy clients_privacy_erase on clients for update to wc_app
  using (app_privacy_officer_of(organisation_id)) with check (app_privacy_officer_of(organisation_id) and erased_at is not null);
-- Erasing is the privacy officer's (and the retention job's): a guide keeps a record, but cannot erase it.
create policy clients_erase_guard on clients as restrictive for update to wc_app
  with check (erased_at is null or app_privacy_officer_of(organisation_id));
create policy client_events_privacy_read on client_events for select to wc_app using (app_answers_for_client(client_id));
create policy consents_privacy_read on consents for select to wc_app using (app_answers_for_client(client_id));
create policy referrals_privacy_read on referrals for select to wc_app using (app_answers_for_client(client_id));
-- Erasure empties what was shared (the trigger allows only that, and only to '{}', for this role).
create policy referrals_privacy_erase on referrals for update to wc_app
  using (app_answers_for_client(client_id)) with check (app_answers_for_client(client_id) and shared_data = '{}'::jsonb);
grant update (message) on referral_events to wc_app;
create policy referral_events_privacy_erase on referral_events for update to wc_app
  using (exists (select 1 from referrals r where r.id = referral_id and app_answers_for_client(r.client_id)))
  with check (message = '[gewist]');

-- Every processing-log record about one client record, whoever wrote it, for its privacy officer.
create function app_client_log(client uuid) returns setof processing_log language sql stable security definer set search_path = public as $f$
  select l.* from processing_log l
  where app_answers_for_client(client) and l.data_subject_id_type = 'client' and l.data_subject_id = app_pseudonym(client::text)
  order by l.seq
$f$;
revoke all on function app_client_log(uuid) from public;
grant execute on function app_client_log(uuid) to wc_app;
`.execute(db);
}
