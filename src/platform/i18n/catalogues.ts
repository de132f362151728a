import { nl as platformNl } from './nl.ts';
import { en as platformEn } from './en.ts';
import { nl as apiDocsNl, en as apiDocsEn } from '../http/api-docs.messages.ts';
import { nl as privacyNl, en as privacyEn } from '../privacy/privacy.messages.ts';
import { nl as organisationsNl, en as organisationsEn } from '../../modules/organisations/organisations.messages.ts';
import { nl as mailNl, en as mailEn } from '../mail/mail.messages.ts';
import { nl as jobsNl, en as jobsEn } from '../jobs/jobs.messages.ts';
import { nl as opendataNl, en as opendataEn } from '../../modules/opendata/opendata.messages.ts';
import { nl as editorNl, en as editorEn } from '../../modules/catalogue/editor/editor.messages.ts';
import { nl as needfinderNl, en as needfinderEn } from '../../modules/needfinder/needfinder.messages.ts';
import { nl as portalNl, en as portalEn } from '../../modules/portal/portal.messages.ts';
import { nl as searchNl, en as searchEn } from '../../modules/catalogue/search.messages.ts';

// Each module owns its messages (`<module>.messages.ts` exporting `nl` and `en`); they are merged
// here. Keys are namespaced by module, so a clash is a bug: the test in i18n.test.ts checks it.

export const moduleCatalogues = [
  { name: 'platform', nl: platformNl, en: platformEn },
  { name: 'api-docs', nl: apiDocsNl, en: apiDocsEn },
  { name: 'privacy', nl: privacyNl, en: privacyEn },
  { name: 'organisations', nl: organisationsNl, en: organisationsEn },
  { name: 'mail', nl: mailNl, en: mailEn },
  { name: 'jobs', nl: jobsNl, en: jobsEn },
  { name: 'opendata', nl: opendataNl, en: opendataEn },
  { name: 'editor', nl: editorNl, en: editorEn },
  { name: 'needfinder', nl: needfinderNl, en: needfinderEn },
  { name: 'portal', nl: portalNl, en: portalEn },
  { name: 'search', nl: searchNl, en: searchEn },
] as const;

export const nl = { ...platformNl, ...apiDocsNl, ...privacyNl, ...organisationsNl, ...mailNl, ...jobsNl, ...opendataNl, ...editorNl, ...needfinderNl, ...portalNl, ...searchNl };
export const en: Record<keyof typeof nl, string> = { ...platformEn, ...apiDocsEn, ...privacyEn, ...organisationsEn, ...mailEn, ...jobsEn, ...opendataEn, ...editorEn, ...needfinderEn, ...portalEn, ...searchEn };
