import { coordinates, definePolicy, hasRole, isPlatformAdmin } from '../auth/policy.ts';

/**
 * The processing register, the processing log and the audit log. Which log entries each reader sees
 * is row-level security's (migration 0003): a privacy officer their organisation's, a coordinator
 * their region's audit entries, a platform administrator all.
 */
export const privacyPolicy = definePolicy<never, 'readRegister' | 'readProcessingLog' | 'readAuditLog'>('privacy record', {
  readRegister: (actor) => hasRole(actor, 'privacy_officer', 'platformbeheerder'),
  readProcessingLog: (actor) => hasRole(actor, 'privacy_officer', 'platformbeheerder'),
  readAuditLog: (actor) => isPlatformAdmin(actor) || hasRole(actor, 'privacy_officer') || coordinates(actor),
});
