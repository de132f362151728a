import type { Actor } from '../db/tenancy.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { Policy } from '../auth/policy.ts';

// The professionals' menu. Each module (and the platform) declares its items beside its routes and
// the composition root registers them at start; an item names the act it leads to, and shows for
// whoever the resource's policy allows that act.

export interface MenuEntry {
  href: string;
  key: MessageKey;
  /** Smaller comes first. */
  order: number;
  visible(actor: Actor): boolean;
}

/** A menu item that leads to `action` on the policy's resource. */
export function menuItem<R, A extends string>(item: { href: string; key: MessageKey; order: number; policy: Policy<R, A>; action: A }): MenuEntry {
  return { href: item.href, key: item.key, order: item.order, visible: (actor) => item.policy.can(actor, item.action) };
}

const entries: MenuEntry[] = [];

export function registerMenu(items: readonly MenuEntry[]): void {
  for (const item of items) if (!entries.some((existing) => existing.href === item.href && existing.key === item.key)) entries.push(item);
  entries.sort((a, b) => a.order - b.order);
}

/** The items the actor may use, in menu order. */
export function menuFor(actor: Actor): readonly { href: string; key: MessageKey }[] {
  return entries.filter((item) => item.visible(actor)).map(({ href, key }) => ({ href, key }));
}
