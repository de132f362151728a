import { definePolicy, isPlatformAdmin } from '../auth/policy.ts';

/** Background jobs that failed (kind, attempts, last error; never their data): platform administrators. */
export const jobPolicy = definePolicy<never, 'readFailed'>('job', {
  readFailed: (actor) => isPlatformAdmin(actor),
});
