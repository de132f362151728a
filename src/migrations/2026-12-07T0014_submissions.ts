import { sql, type Kysely } from 'kysely';

// Sending twice creates one thing. Two stores of keys, each kept 24 hours (the retention sweep):
// - form_submissions: the one-time key every creating form carries (signed into the form, see
//   src/platform/http/submissions.ts). The key is claimed in the same transaction as the domain
//   write, by a unique primary key, so a double click, a reload or a captured form replayed from
//   elsewhere finds the claim and gets the first answer; two at once wait on the index for each
//   other. Accepted submissions also carry the pseudonymised client address, so a form can limit
//   what one computer sends per hour in every app process.
// - idempotency_keys: the API's Idempotency-Key per sender, with a hash of the request and the
//   stored answer (src/platform/http/idempotency.ts). A claim is committed before the work starts,
//   so a second request with the key sees it is still in progress.
// Neither table is granted to the application roles: their rows hold pseudonyms and answers of
// other people's requests, and only these SECURITY DEFINER functions, which take the key as a
// capability, read or write them.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table form_submissions (
  scope text not null check (scope ~ '^[a-z][a-z0-9-]{0,39}$'),
  key text not null check (key ~ '^[A-Za-z0-9_-]{22}$'),
  client_hash text check (client_hash ~ '^[0-9a-f]{64}$'),
  -- What the first submission answered (a local path or an id), so a second use answers the same.
  result text check (length(result) <= 2000),
  created_at timestamptz not null default now(),
  primary key (scope, key)
);
create index form_submissions_client_idx on form_submissions (scope, client_hash, created_at) where client_hash is not null;
create index form_submissions_created_idx on form_submissions (created_at);
alter table form_submissions enable row level security;

-- Claims a key in the caller's transaction: 'claimed' (go on, then complete it), 'replay' (used
-- before; its result) or 'limited' (this client sent p_limit accepted submissions of this scope in
-- the window; seconds until one falls out of it). The caller rolls back on 'limited', which
-- releases the claim: only accepted submissions count.
create function app_submission_claim(p_scope text, p_key text, p_client text, p_limit integer, p_window_seconds integer)
returns table (outcome text, result text, retry_after integer)
language plpgsql security definer set search_path = public as $f$
declare
  v_client text := case when p_client is null then null else app_pseudonym('submission-client:' || p_client) end;
  v_count integer;
  v_oldest timestamptz;
begin
  insert into form_submissions (scope, key, client_hash) values (p_scope, p_key, v_client) on conflict do nothing;
  if not found then
    return query select 'replay'::text, s.result, null::integer from form_submissions s where s.scope = p_scope and s.key = p_key;
    return;
  end if;
  if p_limit is not null and v_client is not null then
    -- One client's submissions are counted one at a time, so two at once cannot both be the last one allowed.
    perform pg_advisory_xact_lock(hashtextextended('form_submissions:' || p_scope || ':' || v_client, 0));
    select count(*), min(s.created_at) into v_count, v_oldest from form_submissions s
      where s.scope = p_scope and s.client_hash = v_client and s.created_at > now() - make_interval(secs => p_window_seconds);
    if v_count > p_limit then
      return query select 'limited'::text, null::text,
        greatest(1, ceil(extract(epoch from v_oldest + make_interval(secs => p_window_seconds) - clock_timestamp())))::integer;
      return;
    end if;
  end if;
  return query select 'claimed'::text, null::text, null::integer;
end $f$;

create function app_submission_complete(p_scope text, p_key text, p_result text) returns void
language sql security definer set search_path = public as $f$
  update form_submissions set result = p_result where scope = p_scope and key = p_key and result is null
$f$;

create function app_submission_result(p_scope text, p_key text) returns text
language sql stable security definer set search_path = public as $f$
  select result from form_submissions where scope = p_scope and key = p_key
$f$;

create table idempotency_keys (
  -- Pseudonym of who sent it (a user, later an API client, or the address of an anonymous caller):
  -- keys are the sender's own, so two senders never see each other's answers.
  principal_hash text not null check (principal_hash ~ '^[0-9a-f]{64}$'),
  key text not null check (key ~ '^[!-~]{1,255}$'),
  request_hash text not null check (request_hash ~ '^[0-9a-f]{64}$'),
  -- The request that holds the key, and until when: a request whose process ended without an
  -- answer loses it then, so the sender can retry.
  attempt uuid not null,
  locked_until timestamptz,
  response_status integer check (response_status < 500),
  response_headers jsonb,
  response_body text,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  primary key (principal_hash, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);
alter table idempotency_keys enable row level security;

-- 'started' (this request holds the key), 'replay' (the stored answer), 'mismatch' (the key was
-- used for another request) or 'in-progress' (a request with this key has not answered yet).
create function app_idempotency_begin(p_principal text, p_key text, p_request_hash text, p_attempt uuid, p_lease_seconds integer)
returns table (outcome text, response_status integer, response_headers jsonb, response_body text)
language plpgsql security definer set search_path = public as $f$
declare
  v_principal text := app_pseudonym('idempotency:' || p_principal);
  v_row idempotency_keys;
begin
  loop
    insert into idempotency_keys (principal_hash, key, request_hash, attempt, locked_until)
      values (v_principal, p_key, p_request_hash, p_attempt, now() + make_interval(secs => p_lease_seconds))
      on conflict do nothing;
    if found then
      return query select 'started'::text, null::integer, null::jsonb, null::text;
      return;
    end if;
    select * into v_row from idempotency_keys k where k.principal_hash = v_principal and k.key = p_key for update;
    -- Released between the insert and the select (its request failed): try to claim it again.
    exit when found;
  end loop;
  if v_row.request_hash <> p_request_hash then
    return query select 'mismatch'::text, null::integer, null::jsonb, null::text;
  elsif v_row.response_status is not null then
    return query select 'replay'::text, v_row.response_status, v_row.response_headers, v_row.response_body;
  elsif v_row.locked_until > clock_timestamp() then
    return query select 'in-progress'::text, null::integer, null::jsonb, null::text;
  else
    update idempotency_keys k set attempt = p_attempt, locked_until = now() + make_interval(secs => p_lease_seconds)
      where k.principal_hash = v_principal and k.key = p_key;
    return query select 'started'::text, null::integer, null::jsonb, null::text;
  end if;
end $f$;

-- Stores the answer of the attempt that holds the key; an answer of 500 or more is not kept but
-- releases the key, so the same request may be tried again.
create function app_idempotency_finish(p_principal text, p_key text, p_attempt uuid, p_status integer, p_headers jsonb, p_body text)
returns void language plpgsql security definer set search_path = public as $f$
declare
  v_principal text := app_pseudonym('idempotency:' || p_principal);
begin
  if p_status < 500 then
    update idempotency_keys k set response_status = p_status, response_headers = p_headers, response_body = p_body,
        locked_until = null, completed_at = now()
      where k.principal_hash = v_principal and k.key = p_key and k.attempt = p_attempt and k.response_status is null;
  else
    delete from idempotency_keys k
      where k.principal_hash = v_principal and k.key = p_key and k.attempt = p_attempt and k.response_status is null;
  end if;
end $f$;
`.execute(db);
}
