import { sql, type Kysely } from 'kysely';

// Issue 12: the timers of a referral are set per service. Whoever edits the service says within how
// many working days its organisation answers a referral, how many reminders (at most 2) go out
// before the region's coordinator is told, and after how many days an unaccepted referral expires.
// A sent referral keeps the timers it was sent with (a later change of the service does not move
// them): its response and expiry times were already stored; the number of reminders is stored now.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table services
  add column referral_response_days smallint not null default 2 check (referral_response_days between 1 and 10),
  add column referral_reminders smallint not null default 2 check (referral_reminders between 0 and 2),
  add column referral_expiry_days smallint not null default 30 check (referral_expiry_days between 7 and 90);

alter table referrals add column max_reminders smallint not null default 2 check (max_reminders between 0 and 2);

create function app_referral_timers_fixed() returns trigger language plpgsql as $f$
begin
  if new.max_reminders is distinct from old.max_reminders then
    raise exception 'a sent referral keeps its timers' using errcode = '42501';
  end if;
  return new;
end $f$;
create trigger referrals_timers_fixed before update of max_reminders on referrals for each row execute function app_referral_timers_fixed();
`.execute(db);
}
