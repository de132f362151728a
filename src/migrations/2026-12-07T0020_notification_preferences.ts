import { sql, type Kysely } from 'kysely';

// Issue 12: how each professional hears about referrals — an e-mail per notice, or one daily digest.
// A digest user's notices wait in referral_digest_items (a reference and the kind of notice, never
// the person's data) until the daily digest job sends them and deletes them. Each person reads and
// sets only their own preference; the system reads them and keeps the digest queue.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table notification_preferences (
  user_id uuid primary key references users (id) on delete cascade,
  referral_notices text not null default 'direct' check (referral_notices in ('direct', 'dagelijks')),
  last_digest_at timestamptz,
  updated_at timestamptz not null default now()
);

create table referral_digest_items (
  id bigint generated always as identity primary key,
  user_id uuid not null references users (id) on delete cascade,
  referral_id uuid not null references referrals (id),
  notice text not null check (notice ~ '^[a-z-]{3,30}$'),
  created_at timestamptz not null default now()
);
create index referral_digest_items_user_idx on referral_digest_items (user_id, created_at);

create trigger notification_preferences_processing_log after insert or update or delete on notification_preferences
  for each row execute function app_log_write('user_id', 'professional');
create trigger referral_digest_items_processing_log after insert or delete on referral_digest_items
  for each row execute function app_log_write('user_id', 'professional');

grant select, insert, update on notification_preferences to wc_app;
alter table notification_preferences enable row level security;
create policy notification_preferences_own on notification_preferences for all to wc_app
  using (user_id = app_user_id()) with check (user_id = app_user_id());

grant select, update (last_digest_at) on notification_preferences to wc_system;
grant select, insert, delete on referral_digest_items to wc_system;
alter table referral_digest_items enable row level security;
create policy notification_preferences_system on notification_preferences for all to wc_system using (app_system_activity('referrals'));
create policy referral_digest_items_system on referral_digest_items for all to wc_system
  using (app_system_activity('referrals')) with check (app_system_activity('referrals'));
`.execute(db);
}
