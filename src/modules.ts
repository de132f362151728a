import { registerMessages } from './platform/i18n/index.ts';
import { registerMenu } from './platform/web/menu.ts';
import { registerRetentionRule } from './platform/privacy/retention.ts';
import { contactRequestRetention } from './modules/referrals/contacts.service.ts';
import { serviceHistoryAuthorRetention } from './modules/catalogue/catalogue.retention.ts';
import { catalogueImportRetention } from './modules/opendata/imports.retention.ts';
import { importsMenu } from './modules/opendata/imports.routes.tsx';
import { clientRecordRetention } from './modules/referrals/referrals.jobs.ts';
import { workspaceMenu } from './platform/auth/auth.routes.tsx';
import { privacyMenu } from './platform/privacy/privacy.routes.tsx';
import { jobsMenu } from './platform/jobs/jobs.routes.tsx';
import { editorMenu } from './modules/catalogue/editor/editor.routes.tsx';
import { organisationsMenu } from './modules/organisations/organisations.routes.tsx';
import { regionsMenu } from './modules/regions/regions.routes.tsx';
import { needFinderMenu } from './modules/needfinder/needfinder.routes.tsx';
import { referralsMenu } from './modules/referrals/referrals.routes.tsx';
import { contactsMenu } from './modules/referrals/contacts.routes.tsx';
import { subjectsMenu } from './modules/referrals/subjects.routes.tsx';
import { nl as organisationsNl, en as organisationsEn } from './modules/organisations/organisations.messages.ts';
import { nl as opendataNl, en as opendataEn } from './modules/opendata/opendata.messages.ts';
import { nl as editorNl, en as editorEn } from './modules/catalogue/editor/editor.messages.ts';
import { nl as reviewNl, en as reviewEn } from './modules/catalogue/editor/review.messages.ts';
import { reviewMenu } from './modules/catalogue/editor/review.routes.tsx';
import { nl as tuningNl, en as tuningEn } from './modules/catalogue/search-tuning.messages.ts';
import { searchTuningMenu } from './modules/catalogue/search-tuning.routes.tsx';
import { searchGapRetention } from './modules/catalogue/search-tuning.service.ts';
import { nl as needfinderNl, en as needfinderEn } from './modules/needfinder/needfinder.messages.ts';
import { nl as portalNl, en as portalEn } from './modules/portal/portal.messages.ts';
import { nl as searchNl, en as searchEn } from './modules/catalogue/search.messages.ts';
import { nl as referralsNl, en as referralsEn } from './modules/referrals/referrals.messages.ts';

// The domain modules the platform is composed of, registered with the platform's mechanisms at
// start (by the app, the command-line tools and the test setup), so that platform code never
// imports a module.

const moduleCatalogues = [
  { name: 'organisations', nl: organisationsNl, en: organisationsEn },
  { name: 'opendata', nl: opendataNl, en: opendataEn },
  { name: 'editor', nl: editorNl, en: editorEn },
  { name: 'review', nl: reviewNl, en: reviewEn },
  { name: 'tuning', nl: tuningNl, en: tuningEn },
  { name: 'needfinder', nl: needfinderNl, en: needfinderEn },
  { name: 'portal', nl: portalNl, en: portalEn },
  { name: 'search', nl: searchNl, en: searchEn },
  { name: 'referrals', nl: referralsNl, en: referralsEn },
];

/** Registers every module's message catalogue, menu items and retention rules; safe to call more than once. */
export function registerModules(): void {
  for (const catalogue of moduleCatalogues) registerMessages(catalogue);
  for (const rule of [contactRequestRetention, serviceHistoryAuthorRetention, clientRecordRetention, catalogueImportRetention, searchGapRetention]) registerRetentionRule(rule);
  registerMenu([...workspaceMenu, ...contactsMenu, ...referralsMenu, ...editorMenu, ...reviewMenu, ...searchTuningMenu, ...importsMenu, ...organisationsMenu, ...regionsMenu, ...needFinderMenu, ...privacyMenu, ...subjectsMenu, ...jobsMenu]);
}
