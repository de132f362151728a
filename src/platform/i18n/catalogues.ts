import { nl as platformNl } from './nl.ts';
import { en as platformEn } from './en.ts';
import { nl as apiDocsNl, en as apiDocsEn } from '../http/api-docs.messages.ts';
import { nl as privacyNl, en as privacyEn } from '../privacy/privacy.messages.ts';
import { nl as mailNl, en as mailEn } from '../mail/mail.messages.ts';
import { nl as jobsNl, en as jobsEn } from '../jobs/jobs.messages.ts';
import { nl as passwordsNl, en as passwordsEn } from '../auth/passwords.messages.ts';
import type { MessageCatalogue } from './index.ts';

// The platform's own messages. Modules register theirs at start (`registerMessages`, called by the
// composition root), so the platform needs no import of any module.

export const platformCatalogues: readonly MessageCatalogue[] = [
  { name: 'platform', nl: platformNl, en: platformEn },
  { name: 'api-docs', nl: apiDocsNl, en: apiDocsEn },
  { name: 'privacy', nl: privacyNl, en: privacyEn },
  { name: 'mail', nl: mailNl, en: mailEn },
  { name: 'jobs', nl: jobsNl, en: jobsEn },
  { name: 'passwords', nl: passwordsNl, en: passwordsEn },
];
