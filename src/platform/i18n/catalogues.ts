import { nl as platformNl } from './nl.ts';
import { en as platformEn } from './en.ts';

// Each module owns its messages (`<module>.messages.ts` exporting `nl` and `en`); they are merged
// here. Keys are namespaced by module, so a clash is a bug: the test in i18n.test.ts checks it.

export const moduleCatalogues = [{ name: 'platform', nl: platformNl, en: platformEn }] as const;

export const nl = { ...platformNl };
export const en: Record<keyof typeof nl, string> = { ...platformEn };
