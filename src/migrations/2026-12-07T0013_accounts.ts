import { sql, type Kysely } from 'kysely';

// Accounts: login limits that hold under concurrency and say the same for unknown addresses,
// "forgot password", and temporary passwords that must be changed.
//
// 1. Failed logins are counted per account hash in login_attempts (which already hashes unknown
//    addresses too), so an unknown address is locked after as many failures as an existing account,
//    and the count and the check happen under one lock. The per-user counter and lock time in
//    user_credentials are no longer used.
// 2. A password set by a coordinator (app_admin_create_credentials) is temporary: the person must
//    choose their own at first login. Every other way of setting a password clears the flag.
// 3. Password reset links: only a hash of the token is stored, readable by wc_auth alone; a link
//    works once, for 30 minutes. Requests for a link are counted (hashed, like login attempts) to
//    limit them per address and per account.
// 4. The retention sweep deletes expired links and old requests as the system actor, role wc_system.
//    That role and app_system_activity() come with migration T0015, which runs after this one: the
//    role is created here as T0015 creates it (T0015 accepts that it exists), and the policies spell
//    out what app_system_activity('authentication') means.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table user_credentials drop column failed_attempts, drop column locked_until;
alter table user_credentials add column must_change_password boolean not null default false;

create or replace function app_admin_create_credentials(target uuid, password_hash text) returns void
language plpgsql security definer set search_path = public as $f$
begin
  if not app_manages_user(target) then
    raise exception 'not allowed to set credentials for this user' using errcode = '42501';
  end if;
  -- A plain password must never reach the table by mistake.
  if password_hash not like '$argon2id$%' then
    raise exception 'password_hash is not an argon2id hash' using errcode = '22023';
  end if;
  insert into user_credentials (user_id, password_hash, must_change_password) values (target, password_hash, true);
end $f$;

create table password_reset_tokens (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index password_reset_tokens_user_idx on password_reset_tokens (user_id);
create index password_reset_tokens_expires_idx on password_reset_tokens (expires_at);

create table password_reset_requests (
  id bigint generated always as identity primary key,
  -- Hashed with the pseudonym key, as in login_attempts.
  account_hash text not null,
  client_hash text not null,
  at timestamptz not null default now()
);
create index password_reset_requests_account_idx on password_reset_requests (account_hash, at);
create index password_reset_requests_client_idx on password_reset_requests (client_hash, at);

grant select, insert, delete on password_reset_tokens to wc_auth;
grant select, insert, delete on password_reset_requests to wc_auth;
grant usage on sequence password_reset_requests_id_seq to wc_auth;
alter table password_reset_tokens enable row level security;
create policy password_reset_tokens_auth on password_reset_tokens to wc_auth using (true) with check (true);
alter table password_reset_requests enable row level security;
create policy password_reset_requests_auth on password_reset_requests to wc_auth using (true) with check (true);

do $$
begin
  begin
    create role wc_system nologin;
  exception when duplicate_object or unique_violation then null;
  end;
  if not pg_has_role(current_user, 'wc_system', 'member') then execute format('grant wc_system to %I', current_user); end if;
end $$;
grant select, delete on password_reset_tokens, password_reset_requests to wc_system;
create policy password_reset_tokens_system on password_reset_tokens for all to wc_system
  using (app_setting('app.actor_kind') = 'system' and app_setting('app.activity') = 'authentication');
create policy password_reset_requests_system on password_reset_requests for all to wc_system
  using (app_setting('app.actor_kind') = 'system' and app_setting('app.activity') = 'authentication');

create trigger password_reset_tokens_processing_log after insert or update or delete on password_reset_tokens
  for each row execute function app_log_write('user_id', 'professional');
`.execute(db);
}
