import type { Actor } from '../db/tenancy.ts';
import type { Trace } from '../http/trace.ts';
import type { MessageKey } from '../i18n/index.ts';

// What waits for a professional, shown at the top of their workspace ("Mijn werk"). Modules add
// sources (the guide's questions and referrals, a partner's inbox); the workspace page asks each
// and shows the counts, each one click from its list. The sources are per app (passed to the
// routes by the composition root), so two apps in one process never share them.

export interface WorkItem {
  /** A plural message of the count, e.g. "{count, plural, one {new referral} other {new referrals}}". */
  key: MessageKey;
  count: number;
  href: string;
}

export interface WorkSummary {
  items: readonly WorkItem[];
  /** The one main action of the role (e.g. record a new client), if it has one. */
  primary: { href: string; key: MessageKey } | null;
}

/** Null when the source has nothing for this actor. */
export type WorkSource = (trace: Trace, actor: Actor) => Promise<WorkSummary | null>;
