import { sql, type Kysely } from 'kysely';

// Pseudonyms by HMAC-SHA256 built on PostgreSQL's core sha256() instead of pgcrypto's hmac().
// In embedded PGlite, pgcrypto's OpenSSL digests fail in a few percent of instances when a second
// extension (pg_trgm, cube) is loaded next to it ("Cannot use "sha256": Cipher cannot be
// initialized"), and such an instance stays broken; core sha256() is unaffected. The result is the
// same HMAC (RFC 2104), so existing pseudonyms in the processing log stay valid; a test compares it
// with Node's createHmac.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function app_hmac_sha256(message bytea, key bytea) returns bytea language sql immutable strict parallel safe as $f$
  with k as (
    select case when length(key) > 64 then sha256(key) else key end as key
  ), padded as (
    select k.key || decode(repeat('00', 64 - length(k.key)), 'hex') as key from k
  ), pads as (
    select
      string_agg(set_byte('\\x00'::bytea, 0, get_byte(p.key, i) # 54), ''::bytea order by i) as inner_key,
      string_agg(set_byte('\\x00'::bytea, 0, get_byte(p.key, i) # 92), ''::bytea order by i) as outer_key
    from padded p, generate_series(0, 63) i
  )
  select sha256(outer_key || sha256(inner_key || message)) from pads
$f$;

create or replace function app_pseudonym(subject text) returns text language sql stable security definer set search_path = public as $f$
  select encode(app_hmac_sha256(convert_to(subject, 'UTF8'), (select value from platform_secrets where name = 'pseudonym_key')), 'hex')
$f$;
`.execute(db);
}
