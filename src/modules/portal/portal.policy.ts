import { definePolicy, hasRole, workingAs } from '../../platform/auth/policy.ts';

/** Questions from the public ("stel een vraag"): the guides and the coordinator of the question's region. */
export const contactRequestPolicy = definePolicy<{ regionCode: string }, 'handle'>('question', {
  handle: (actor, request) => hasRole(actor, 'gidsfunctionaris', 'regiocoordinator') && (!request || workingAs(actor)?.regionCode === request.regionCode),
});
