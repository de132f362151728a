import { coordinates, definePolicy, isPlatformAdmin } from '../../platform/auth/policy.ts';

/** A region's wegwijzer: its coordinator, or a platform administrator for any region. */
export const needFinderPolicy = definePolicy<{ regionCode: string }, 'edit'>('need finder', {
  edit: (actor, tree) => isPlatformAdmin(actor) || coordinates(actor, tree?.regionCode),
});
