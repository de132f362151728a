import { definePolicy, workingAs } from './policy.ts';

/** The workspace: every professional working in a membership. */
export const workspacePolicy = definePolicy<never, 'open'>('workspace', {
  open: (actor) => workingAs(actor) !== null,
});
