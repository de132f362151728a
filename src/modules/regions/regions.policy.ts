import { definePolicy, isPlatformAdmin } from '../../platform/auth/policy.ts';

/** The regions' settings (the centrumgemeente): platform administrators only. */
export const regionPolicy = definePolicy<{ code: string }, 'manage'>('region', {
  manage: (actor) => isPlatformAdmin(actor),
});
