import { issueSubmissionToken, readSubmissionToken, submissionSigningKey, type SubmissionToken } from '../../platform/http/submissions.ts';

// The contact form's token: the platform's submission token (a one-time key, signed together with
// when the form was handed out and for which region). People need more than a few seconds to write
// a question; scripts that post at once, or replay a form older than two hours, are turned away
// without a third-party captcha. A form re-rendered after an error keeps its token, and so the
// time it was first shown: someone who fixes one field and sends again at once is not "too fast".

export const FORM_MIN_AGE_MS = 3_000;
export const FORM_MAX_AGE_MS = 2 * 60 * 60 * 1000;

export type TokenCheck = { status: 'ok' | 'too-fast' | 'expired'; submission: SubmissionToken } | { status: 'invalid' };

export const formTokenKey = submissionSigningKey;

const form = (regionCode: string) => `contact-request:${regionCode}`;

export function issueFormToken(key: Buffer, regionCode: string, now: number = Date.now()): string {
  return issueSubmissionToken(key, form(regionCode), now);
}

export function checkFormToken(key: Buffer, regionCode: string, token: string | undefined, now: number = Date.now()): TokenCheck {
  const submission = readSubmissionToken(key, form(regionCode), token);
  if (!submission) return { status: 'invalid' };
  const age = now - submission.issuedAt;
  if (age < FORM_MIN_AGE_MS) return { status: 'too-fast', submission };
  if (age > FORM_MAX_AGE_MS) return { status: 'expired', submission };
  return { status: 'ok', submission };
}
