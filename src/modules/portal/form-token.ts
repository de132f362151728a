import { createHmac, timingSafeEqual } from 'node:crypto';

// A signed token in the contact form that carries when the form was handed out. People need more
// than a few seconds to write a question; scripts that post at once, or replay an old form, are
// turned away without a third-party captcha. The key is derived from the platform's cookie key.

export const FORM_MIN_AGE_MS = 3_000;
export const FORM_MAX_AGE_MS = 2 * 60 * 60 * 1000;

export type TokenCheck = 'ok' | 'invalid' | 'too-fast' | 'expired';

export function formTokenKey(platformSecret: Buffer): Buffer {
  return createHmac('sha256', platformSecret).update('werkcentrum:contact-form-token:v1').digest();
}

const signature = (key: Buffer, scope: string, issuedAt: number) =>
  createHmac('sha256', key).update(`${scope}\n${issuedAt}`).digest('base64url');

/** `<issued at, base 36>.<signature>`; the scope (the region) is signed in, not carried. */
export function issueFormToken(key: Buffer, scope: string, now: number = Date.now()): string {
  return `${now.toString(36)}.${signature(key, scope, now)}`;
}

export function checkFormToken(key: Buffer, scope: string, token: string | undefined, now: number = Date.now()): TokenCheck {
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!match) return 'invalid';
  const issuedAt = parseInt(match[1]!, 36);
  const expected = Buffer.from(signature(key, scope, issuedAt));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  const age = now - issuedAt;
  if (age < FORM_MIN_AGE_MS) return 'too-fast';
  if (age > FORM_MAX_AGE_MS) return 'expired';
  return 'ok';
}
