import type { Tx } from '../../platform/db/tenancy.ts';
import { sendJob } from '../../platform/jobs/jobs.ts';

// The notices a referral's changes cause, queued in the change's own transaction; the
// `referral-notice` job (referrals.jobs.ts) turns each into e-mails without personal data.

export type ReferralNotice = 'nieuw' | 'herinnering' | 'escalatie' | 'verlopen' | 'ingetrokken' | 'bericht-aan-partner' | 'bericht-aan-gids' | 'status';

declare module '../../platform/jobs/jobs.ts' {
  interface JobData {
    'referral-notice': { referralId: string; notice: ReferralNotice };
  }
}

export async function sendNotice(tx: Tx, referralId: string, notice: ReferralNotice): Promise<void> {
  await sendJob(tx, 'referral-notice', { referralId, notice });
}
