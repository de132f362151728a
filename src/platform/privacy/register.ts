// The processing register (AVG art. 30) in code. Every personal-data field the platform stores
// belongs to at least one activity here; a test compares this with the database columns, and the
// privacy officer's page renders it. Texts are Dutch first with English, as the page shows both.

export interface Bilingual {
  nl: string;
  en: string;
}

export interface ProcessingActivity {
  id: string;
  name: Bilingual;
  purpose: Bilingual;
  legalBasis: Bilingual;
  dataSubjects: Bilingual;
  dataCategories: Bilingual;
  recipients: Bilingual;
  retention: Bilingual;
  /** `table.column` of every stored field processed under this activity. */
  fields: readonly string[];
}

export const processingRegister = [
  {
    id: 'account-management',
    name: { nl: 'Accounts van professionals beheren', en: 'Managing professionals’ accounts' },
    purpose: {
      nl: 'Medewerkers van netwerkpartners toegang geven tot het Werkcentrum, met rechten die passen bij hun rol, organisatie en regio.',
      en: 'Give staff of network partners access to the Werkcentrum, with rights that fit their role, organisation and region.',
    },
    legalBasis: {
      nl: 'AVG art. 6 lid 1 sub e (taak van algemeen belang: Wet SUWI, Herziening Arbeidsmarktinfrastructuur); voor private partners sub f (gerechtvaardigd belang).',
      en: 'GDPR art. 6(1)(e) (public task: SUWI Act, labour-market infrastructure reform); for private partners (f) (legitimate interest).',
    },
    dataSubjects: { nl: 'Professionals van netwerkpartners', en: 'Professionals of network partners' },
    dataCategories: {
      nl: 'Naam, werk-e-mailadres, taalvoorkeur, organisatie, regio en rol',
      en: 'Name, work e-mail address, language preference, organisation, region and role',
    },
    recipients: {
      nl: 'Platformbeheerders; de regiocoördinator van de regio; collega’s van dezelfde organisatie',
      en: 'Platform administrators; the region’s coordinator; colleagues in the same organisation',
    },
    retention: {
      nl: 'Zolang het account actief is; 12 maanden na uitschakelen verwijderd',
      en: 'While the account is active; deleted 12 months after it is disabled',
    },
    fields: [
      'users.id',
      'users.email',
      'users.name',
      'users.preferred_language',
      'users.disabled_at',
      'users.created_at',
      'users.updated_at',
      'memberships.id',
      'memberships.user_id',
      'memberships.organisation_id',
      'memberships.region_code',
      'memberships.role',
      'memberships.created_at',
    ],
  },
  {
    id: 'authentication',
    name: { nl: 'Inloggen en beveiliging van accounts', en: 'Login and account security' },
    purpose: {
      nl: 'Vaststellen wie inlogt (wachtwoord met tweede factor, of SSO), sessies bijhouden, een vergeten wachtwoord laten herstellen en misbruik door te veel inlogpogingen of herstelverzoeken afremmen.',
      en: 'Establish who logs in (password with a second factor, or SSO), keep sessions, let people reset a forgotten password and slow down abuse by too many login attempts or reset requests.',
    },
    legalBasis: {
      nl: 'AVG art. 6 lid 1 sub c in samenhang met art. 32 AVG (passende beveiliging)',
      en: 'GDPR art. 6(1)(c) with art. 32 (security of processing)',
    },
    dataSubjects: { nl: 'Professionals van netwerkpartners', en: 'Professionals of network partners' },
    dataCategories: {
      nl: 'Wachtwoord-hash, of het wachtwoord tijdelijk is, TOTP-sleutel, gehashte herstelcodes, SSO-kenmerk, sessies, gehashte inlogpogingen, gehashte links en verzoeken om een nieuw wachtwoord',
      en: 'Password hash, whether the password is temporary, TOTP key, hashed recovery codes, SSO subject, sessions, hashed login attempts, hashed password reset links and requests',
    },
    recipients: { nl: 'Niemand buiten het platform', en: 'No one outside the platform' },
    retention: {
      nl: 'Sessies tot uitloggen of verlopen (maximaal 12 uur); inlogpogingen 30 dagen; een link voor een nieuw wachtwoord tot hij gebruikt is of verloopt (30 minuten); verzoeken om zo’n link 24 uur; inloggegevens zolang het account bestaat',
      en: 'Sessions until logout or expiry (at most 12 hours); login attempts 30 days; a password reset link until it is used or expires (30 minutes); requests for such a link 24 hours; credentials while the account exists',
    },
    fields: [
      'user_credentials.user_id',
      'user_credentials.password_hash',
      'user_credentials.totp_secret',
      'user_credentials.totp_confirmed_at',
      'user_credentials.totp_last_counter',
      'user_credentials.recovery_code_hashes',
      'user_credentials.oidc_issuer',
      'user_credentials.oidc_subject',
      'user_credentials.password_changed_at',
      'user_credentials.must_change_password',
      'sessions.id_hash',
      'sessions.user_id',
      'sessions.membership_id',
      'sessions.stage',
      'sessions.auth_method',
      'sessions.acr',
      'sessions.pending_totp_secret',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'login_attempts.id',
      'login_attempts.account_hash',
      'login_attempts.client_hash',
      'login_attempts.succeeded',
      'login_attempts.at',
      'password_reset_tokens.token_hash',
      'password_reset_tokens.user_id',
      'password_reset_tokens.created_at',
      'password_reset_tokens.expires_at',
      'password_reset_requests.id',
      'password_reset_requests.account_hash',
      'password_reset_requests.client_hash',
      'password_reset_requests.at',
    ],
  },
  {
    id: 'security-audit',
    name: { nl: 'Auditlog van handelingen van professionals', en: 'Audit log of professionals’ actions' },
    purpose: {
      nl: 'Kunnen nagaan wie wanneer inlogde en wie beheerwijzigingen deed, om misbruik te ontdekken en te herstellen.',
      en: 'Be able to trace who logged in when and who made administrative changes, to detect and repair misuse.',
    },
    legalBasis: {
      nl: 'AVG art. 6 lid 1 sub c in samenhang met art. 32 AVG en de Baseline Informatiebeveiliging Overheid',
      en: 'GDPR art. 6(1)(c) with art. 32 and the Dutch government information security baseline (BIO)',
    },
    dataSubjects: { nl: 'Professionals van netwerkpartners', en: 'Professionals of network partners' },
    dataCategories: {
      nl: 'Account-id, soort handelende (professional, systeem, …), organisatie, regio, handeling, tijdstip, uitkomst',
      en: 'Account id, kind of actor (professional, system, …), organisation, region, action, time, outcome',
    },
    recipients: {
      nl: 'Privacy officer van de eigen organisatie; regiocoördinator; platformbeheerders',
      en: 'Privacy officer of the own organisation; region coordinator; platform administrators',
    },
    retention: { nl: '24 maanden', en: '24 months' },
    fields: [
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor_user_id',
      'audit_log.actor_org_id',
      'audit_log.region_code',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.outcome',
      'audit_log.trace_id',
      'audit_log.details',
      'audit_log.actor_kind',
    ],
  },
  {
    id: 'processing-log',
    name: { nl: 'Logboek dataverwerkingen', en: 'Processing log' },
    purpose: {
      nl: 'Verantwoorden welke persoonsgegevens wanneer, door wie en waarvoor zijn verwerkt, en betrokkenen daarover inzage geven.',
      en: 'Account for which personal data was processed when, by whom and why, and let data subjects see this.',
    },
    legalBasis: {
      nl: 'AVG art. 6 lid 1 sub c in samenhang met art. 5 lid 2 (verantwoordingsplicht) en art. 15 (inzage)',
      en: 'GDPR art. 6(1)(c) with art. 5(2) (accountability) and art. 15 (access)',
    },
    dataSubjects: {
      nl: 'Iedereen van wie het platform gegevens verwerkt (gepseudonimiseerd)',
      en: 'Everyone whose data the platform processes (pseudonymised)',
    },
    dataCategories: {
      nl: 'Gepseudonimiseerd kenmerk van de betrokkene, verwerkingsactiviteit, handelende professional of het systeem, tijdstip',
      en: 'Pseudonymised data-subject id, processing activity, acting professional or the system, time',
    },
    recipients: {
      nl: 'Privacy officer van de eigen organisatie; platformbeheerders; de betrokkene zelf',
      en: 'Privacy officer of the own organisation; platform administrators; the data subject',
    },
    retention: {
      nl: 'Zolang de verwerkte gegevens bestaan, plus 2 jaar',
      en: 'While the processed data exists, plus 2 years',
    },
    fields: [
      'processing_log.seq',
      'processing_log.trace_id',
      'processing_log.span_id',
      'processing_log.parent_span_id',
      'processing_log.name',
      'processing_log.status_code',
      'processing_log.start_time',
      'processing_log.end_time',
      'processing_log.processing_activity_id',
      'processing_log.data_subject_id',
      'processing_log.data_subject_id_type',
      'processing_log.actor_user_id',
      'processing_log.actor_org_id',
      'processing_log.region_code',
      'processing_log.resource_name',
      'processing_log.prev_hash',
      'processing_log.hash',
      'processing_log.actor_kind',
    ],
  },
  {
    id: 'contact-requests',
    name: { nl: 'Vragen en contacten bij het Werkcentrum', en: 'Questions and contacts at the Werkcentrum' },
    purpose: {
      nl: 'Iemand die een vraag stelt (via de website, de balie, de telefoon, e-mail, chat, outreach of een partner) antwoorden, terugbellen of mailen en helpen de juiste hulp te vinden; bijhouden of dat op tijd gebeurt.',
      en: 'Answer, call or e-mail back someone who asked a question (on the website, at the counter, by phone, e-mail, chat, outreach or through a partner), help them find the right support, and keep track of answering in time.',
    },
    legalBasis: {
      nl: 'AVG art. 6 lid 1 sub e (taak van algemeen belang: Wet SUWI, dienstverlening van het regionale Werkcentrum); naam en bereikbaarheid alleen als de betrokkene opvolging wil',
      en: 'GDPR art. 6(1)(e) (public task: SUWI Act, services of the regional Werkcentrum); name and contact details only when the data subject wants a follow-up',
    },
    dataSubjects: { nl: 'Inwoners, werkenden en werkgevers die een vraag stellen', en: 'Residents, workers and employers who ask a question' },
    dataCategories: {
      nl: 'Naam (of voornaam), e-mailadres en/of telefoonnummer, de vraag, gemeente (optioneel), wie je bent (optioneel), thema’s, de dienst waar de vraag over gaat, het kanaal, antwoorden per e-mail, interne notities, verslagen van contact, het resultaat; een anoniem contact zonder naam of bereikbaarheid',
      en: 'Name (or first name), e-mail address and/or phone number, the question, municipality (optional), who you are (optional), themes, the service the question is about, the channel, answers by e-mail, internal notes, reports of contact, the result; an anonymous contact without name or contact details',
    },
    recipients: {
      nl: 'Gidsfunctionarissen en de regiocoördinator van de regio; niemand anders. Gidsen krijgen een melding met alleen het nummer van de vraag.',
      en: 'Guides and the coordinator of the region; no one else. Guides get a notice with only the question’s number.',
    },
    retention: {
      nl: '6 maanden nadat de vraag is afgerond, of 12 maanden na ontvangst als de vraag nooit is afgerond; dan worden naam, e-mailadres, telefoonnummer, de vraag en alle teksten gewist. Wat overblijft zijn tellingen zonder persoonsgegevens (kanaal, doelgroep, thema’s, resultaat, maand, gemeente).',
      en: '6 months after the question is closed, or 12 months after it arrived when it was never closed; then the name, e-mail address, phone number, the question and all texts are erased. What remains are counts without personal data (channel, audience, themes, result, month, municipality).',
    },
    fields: [
      'contact_requests.id',
      'contact_requests.reference',
      'contact_requests.region_code',
      'contact_requests.service_id',
      'contact_requests.audience',
      'contact_requests.themes',
      'contact_requests.name',
      'contact_requests.email',
      'contact_requests.phone',
      'contact_requests.preferred_channel',
      'contact_requests.message',
      'contact_requests.municipality_code',
      'contact_requests.status',
      'contact_requests.handled_by',
      'contact_requests.intake_channel',
      'contact_requests.anonymous',
      'contact_requests.reply_due_at',
      'contact_requests.answered_at',
      'contact_requests.result',
      'contact_requests.follow_up_on',
      'contact_requests.recorded_by',
      'contact_requests.erased_at',
      'contact_requests.created_at',
      'contact_requests.closed_at',
      'contact_events.id',
      'contact_events.seq',
      'contact_events.contact_id',
      'contact_events.region_code',
      'contact_events.kind',
      'contact_events.actor_user_id',
      'contact_events.actor_role',
      'contact_events.assignee_user_id',
      'contact_events.result',
      'contact_events.follow_up_on',
      'contact_events.body',
      'contact_events.created_at',
    ],
  },
  {
    id: 'client-records',
    name: { nl: 'Tijdelijke vastlegging van cliënten', en: 'Temporary client records' },
    purpose: {
      nl: 'Iemand die het Werkcentrum verder helpt (een vervolgafspraak, een verwijzing) kunnen terugvinden en bereiken, en voorkomen dat iemand twee keer wordt vastgelegd.',
      en: 'Find and reach someone the Werkcentrum keeps helping (a follow-up, a referral), and avoid recording someone twice.',
    },
    legalBasis: {
      nl: 'AVG art. 6 lid 1 sub e (taak van algemeen belang: Wet SUWI, dienstverlening van het regionale Werkcentrum); het BSN alleen waar een doel het vraagt (Wet algemene bepalingen burgerservicenummer, art. 10)',
      en: 'GDPR art. 6(1)(e) (public task: SUWI Act, services of the regional Werkcentrum); the citizen service number only where a purpose needs it (BSN Act, art. 10)',
    },
    dataSubjects: { nl: 'Werkzoekenden, werkenden en zelfstandigen die een gidsfunctionaris verder helpt', en: 'Job seekers, workers and self-employed people a guide keeps helping' },
    dataCategories: {
      nl: 'Voornaam, achternaam, e-mailadres, telefoonnummer, gemeente; geboortedatum en BSN (versleuteld) alleen waar een doel ze vraagt; uitkeringssituatie en wie de regie heeft, met hun wijzigingen',
      en: 'Given name, family name, e-mail address, phone number, municipality; date of birth and citizen service number (encrypted) only where a purpose needs them; benefit situation and who has the direction, with their changes',
    },
    recipients: {
      nl: 'Gidsfunctionarissen en de regiocoördinator van de regio; de privacy officer bij een verzoek van de betrokkene',
      en: 'Guides and the coordinator of the region; the privacy officer on a request of the data subject',
    },
    retention: {
      nl: '6 maanden na de laatste activiteit (per regio in te stellen, hooguit 12 maanden); daarna worden de persoonsgegevens gewist en blijven alleen tellingen over',
      en: '6 months after the last activity (adjustable per region, at most 12 months); then the personal data is erased and only counts remain',
    },
    fields: [
      'clients.id',
      'clients.region_code',
      'clients.organisation_id',
      'clients.given_name',
      'clients.family_name',
      'clients.name_key',
      'clients.email',
      'clients.phone',
      'clients.phone_key',
      'clients.municipality_code',
      'clients.birth_date',
      'clients.bsn_encrypted',
      'clients.bsn_hash',
      'clients.benefit',
      'clients.responsible_party',
      'clients.created_by',
      'clients.created_at',
      'clients.last_activity_at',
      'clients.erased_at',
      'client_events.id',
      'client_events.client_id',
      'client_events.region_code',
      'client_events.kind',
      'client_events.details',
      'client_events.effective_on',
      'client_events.recorded_by',
      'client_events.recorded_at',
      'client_retention_settings.region_code',
      'client_retention_settings.months',
      'client_retention_settings.updated_by',
      'client_retention_settings.updated_at',
    ],
  },
  {
    id: 'referrals',
    name: { nl: 'Warme overdracht naar een partner', en: 'Warm handover to a partner' },
    purpose: {
      nl: 'Iemand met toestemming (of op een wettelijke grondslag) doorverwijzen naar de dienst van een partner, met alleen de gegevens die het doel van die dienst vraagt, en volgen tot de partner de uitkomst meldt.',
      en: 'Refer someone, with consent (or on a legal basis), to a partner’s service with only the data that service’s purpose needs, and follow it until the partner reports the outcome.',
    },
    legalBasis: {
      nl: 'AVG art. 6 lid 1 sub a (toestemming, per verwijzing vastgelegd en intrekbaar); waar de betrokkene afhankelijk is van de organisatie: de wettelijke grondslag van het doel (zie de doelen van verwijzingen)',
      en: 'GDPR art. 6(1)(a) (consent, recorded per referral and revocable); where the data subject depends on the organisation: the purpose’s legal basis (see the referral purposes)',
    },
    dataSubjects: { nl: 'Werkzoekenden, werkenden en zelfstandigen die worden doorverwezen', en: 'Job seekers, workers and self-employed people who are referred' },
    dataCategories: {
      nl: 'Per doel: voornaam, bereikbaarheid, de vraag; bij sommige doelen ook achternaam, gemeente, geboortedatum of BSN. Een private partner krijgt zonder toestemming voor identiteit alleen een pseudoniem en de vraag. De toestemming zelf: doel, ontvanger, categorieën, hoe gegeven, de getoonde tekst, door wie vastgelegd',
      en: 'Per purpose: given name, how to reach, the question; for some purposes also family name, municipality, date of birth or citizen service number. Without consent for identity a private partner receives only a pseudonym and the question. The consent itself: purpose, recipient, categories, how given, the text shown, recorded by whom',
    },
    recipients: {
      nl: 'De ontvangende partnerorganisatie (alleen haar eigen verwijzingen, zolang de toestemming geldt); gidsfunctionarissen en de regiocoördinator van de regio',
      en: 'The receiving partner organisation (only its own referrals, while the consent holds); guides and the coordinator of the region',
    },
    retention: {
      nl: 'Als de tijdelijke vastlegging: de gedeelde gegevens worden samen met de cliëntgegevens gewist; status, uitkomst en tijdstippen blijven voor tellingen',
      en: 'As the temporary client record: the shared data is erased together with the client data; status, outcome and times remain for counts',
    },
    fields: [
      'consents.id',
      'consents.client_id',
      'consents.region_code',
      'consents.recipient_organisation_id',
      'consents.purpose',
      'consents.data_categories',
      'consents.basis',
      'consents.legal_basis',
      'consents.given_how',
      'consents.text_version',
      'consents.text_shown',
      'consents.dependency',
      'consents.shares_identity',
      'consents.recorded_by',
      'consents.recorded_by_organisation_id',
      'consents.recorded_at',
      'consents.expires_at',
      'consents.withdrawn_at',
      'consents.withdrawn_by',
      'referrals.id',
      'referrals.reference',
      'referrals.region_code',
      'referrals.client_id',
      'referrals.consent_id',
      'referrals.guide_user_id',
      'referrals.guide_organisation_id',
      'referrals.service_id',
      'referrals.service_name',
      'referrals.recipient_organisation_id',
      'referrals.purpose',
      'referrals.shares_identity',
      'referrals.subject_pseudonym',
      'referrals.shared_data',
      'referrals.responsible_party',
      'referrals.paying_party',
      'referrals.status',
      'referrals.decline_reason',
      'referrals.outcome',
      'referrals.status_note',
      'referrals.previous_referral_id',
      'referrals.response_due_at',
      'referrals.expires_at',
      'referrals.max_reminders',
      'referrals.reminders_sent',
      'referrals.escalated_at',
      'referrals.sent_at',
      'referrals.received_at',
      'referrals.accepted_at',
      'referrals.closed_at',
      'referrals.updated_at',
      'referral_events.id',
      'referral_events.referral_id',
      'referral_events.region_code',
      'referral_events.at',
      'referral_events.kind',
      'referral_events.status',
      'referral_events.message',
      'referral_events.actor_kind',
      'referral_events.actor_user_id',
      'referral_events.actor_organisation_id',
      'referral_events.actor_role',
      'referral_timer_steps.referral_id',
      'referral_timer_steps.step',
      'referral_timer_steps.fired_at',
    ],
  },
  {
    id: 'subject-requests',
    name: { nl: 'Verzoeken van betrokkenen (inzage, export, wissen)', en: 'Data subject requests (access, export, erasure)' },
    purpose: {
      nl: 'Een persoon op zijn verzoek laten zien welke gegevens het Werkcentrum over hem heeft en wat ermee is gedaan, ze meegeven en ze wissen.',
      en: 'Show a person, at their request, which data the Werkcentrum holds about them and what was done with it, hand it over and erase it.',
    },
    legalBasis: {
      nl: 'AVG art. 6 lid 1 sub c in samenhang met art. 15 (inzage), 17 (wissen) en 20 (overdraagbaarheid)',
      en: 'GDPR art. 6(1)(c) with art. 15 (access), 17 (erasure) and 20 (portability)',
    },
    dataSubjects: { nl: 'Wie een verzoek doet', en: 'Whoever makes a request' },
    dataCategories: {
      nl: 'Alle gegevens van de tijdelijke vastlegging en de verwijzingen van de persoon, en de records over hem in het logboek; het zoeken zelf staat in de auditlog (zonder de zoekterm)',
      en: 'All data of the person’s temporary record and referrals, and the records about them in the processing log; the search itself is in the audit log (without the search term)',
    },
    recipients: {
      nl: 'De privacy officer van de organisatie die de vastlegging maakte; de betrokkene zelf',
      en: 'The privacy officer of the organisation that made the record; the data subject',
    },
    retention: {
      nl: 'Slaat zelf niets op; het zoeken staat 24 maanden in de auditlog',
      en: 'Stores nothing itself; the search stays 24 months in the audit log',
    },
    // Reads and erases the fields of client-records and referrals; stores none of its own.
    fields: [],
  },
  {
    id: 'catalogue-maintenance',
    name: { nl: 'Beheer van de dienstencatalogus', en: 'Maintaining the service directory' },
    purpose: {
      nl: 'Bijhouden wie een dienst heeft aangemaakt, gewijzigd of gepubliceerd, zodat partners en de regiocoördinator wijzigingen kunnen nagaan en herstellen, en eigenaren herinneren aan het controleren van hun diensten.',
      en: 'Keep track of who created, changed or published a service, so partners and the region coordinator can trace and repair changes, and remind owners to review their services.',
    },
    legalBasis: {
      nl: 'AVG art. 6 lid 1 sub e (taak van algemeen belang: de regionale sociale kaart van het Werkcentrum); voor private partners sub f (gerechtvaardigd belang)',
      en: 'GDPR art. 6(1)(e) (public task: the Werkcentrum’s regional service directory); for private partners (f) (legitimate interest)',
    },
    dataSubjects: { nl: 'Professionals van netwerkpartners', en: 'Professionals of network partners' },
    dataCategories: {
      nl: 'Account-id en rol van wie de wijziging deed, tijdstip, welke velden veranderden',
      en: 'Account id and role of who made the change, time, which fields changed',
    },
    recipients: {
      nl: 'Collega’s van de eigen organisatie met rol partnermedewerker; de regiocoördinator; platformbeheerders',
      en: 'Colleagues in the own organisation with the partner role; the region coordinator; platform administrators',
    },
    retention: {
      nl: 'Zolang de dienst bestaat; na 24 maanden worden wie de wijziging deed en in welke rol uit de geschiedenis verwijderd. Een import via de website (het bestand, de uitkomst en wie het uploadde) 30 dagen nadat die klaar is. Een publicatie ter controle (wie die aanbood, wie besliste) tot die is goedgekeurd, of na afwijzing tot die opnieuw wordt aangeboden of de dienst wordt verwijderd',
      en: 'While the service exists; after 24 months who made the change, and in which role, is removed from the history. An import in the web interface (the file, its report and who uploaded it) 30 days after it ended. A publication awaiting review (who offered it, who decided) until it is approved, or, when rejected, until it is offered again or the service is deleted',
    },
    fields: [
      'service_history.id',
      'service_history.service_id',
      'service_history.organisation_id',
      'service_history.region_code',
      'service_history.version',
      'service_history.action',
      'service_history.changed_at',
      'service_history.changed_by',
      'service_history.changed_as',
      'service_history.changes',
      'service_history.snapshot',
      'catalogue_imports.id',
      'catalogue_imports.region_code',
      'catalogue_imports.file_name',
      'catalogue_imports.content',
      'catalogue_imports.format',
      'catalogue_imports.publish',
      'catalogue_imports.status',
      'catalogue_imports.total',
      'catalogue_imports.done',
      'catalogue_imports.report',
      'catalogue_imports.error',
      'catalogue_imports.created_by',
      'catalogue_imports.created_at',
      'catalogue_imports.finished_at',
      'service_review_requests.service_id',
      'service_review_requests.organisation_id',
      'service_review_requests.region_code',
      'service_review_requests.status',
      'service_review_requests.form',
      'service_review_requests.base_version',
      'service_review_requests.was_published',
      'service_review_requests.requested_by',
      'service_review_requests.requested_at',
      'service_review_requests.decided_by',
      'service_review_requests.decided_at',
      'service_review_requests.reason',
    ],
  },
  {
    id: 'search-quality',
    name: { nl: 'Zoekvragen zonder goed resultaat', en: 'Questions without a good result' },
    purpose: {
      nl: 'Per regio zien welke zoekvragen niets of weinig vinden, zodat de regiocoördinator de woorden van inwoners aan de diensten kan koppelen.',
      en: 'See per region which questions find nothing or little, so the region coordinator can link the words people use to the services.',
    },
    legalBasis: {
      nl: 'AVG art. 6 lid 1 sub e (taak van algemeen belang: de regionale sociale kaart van het Werkcentrum vindbaar maken)',
      en: 'GDPR art. 6(1)(e) (public task: making the Werkcentrum’s regional service directory findable)',
    },
    dataSubjects: { nl: 'Bezoekers die zoeken', en: 'Visitors who search' },
    dataCategories: {
      nl: 'Geen persoonsgegevens opgeslagen: de zoekvraag zonder namen, e-mailadressen, telefoonnummers en andere getallen, en tellingen. Om bezoekers te tellen zonder ze op te slaan, houdt de server een sleutelcode van IP-adres en browser alleen in het geheugen, hoogstens een dag.',
      en: 'No personal data stored: the question without names, e-mail addresses, phone numbers and other numbers, and counts. To count visitors without storing them, the server keeps a keyed code of IP address and browser in memory only, for a day at most.',
    },
    recipients: { nl: 'De regiocoördinator van de regio; platformbeheerders', en: 'The region coordinator; platform administrators' },
    retention: {
      nl: 'Een zoekvraag 180 dagen nadat die het laatst gesteld is; de sleutelcode van een bezoeker niet langer dan een dag, alleen in het geheugen',
      en: 'A question 180 days after it was last asked; a visitor’s keyed code no longer than a day, in memory only',
    },
    fields: [],
  },
  {
    id: 'submission-keys',
    name: { nl: 'Dubbel versturen voorkomen', en: 'Preventing duplicate submissions' },
    purpose: {
      nl: 'Zorgen dat een formulier of API-verzoek dat twee keer binnenkomt maar één keer iets maakt, en dat één computer niet zoveel vragen stuurt dat de gidsen andere vragen niet meer zien.',
      en: 'Make sure a form or API request that arrives twice creates something only once, and that one computer cannot send so many questions that the guides no longer see the others.',
    },
    legalBasis: {
      nl: 'AVG art. 6 lid 1 sub c in samenhang met art. 32 AVG (passende beveiliging: juistheid en beschikbaarheid van de dienst)',
      en: 'GDPR art. 6(1)(c) with art. 32 (security of processing: integrity and availability of the service)',
    },
    dataSubjects: {
      nl: 'Wie een formulier verstuurt of de API gebruikt',
      en: 'Whoever sends a form or uses the API',
    },
    dataCategories: {
      nl: 'Gepseudonimiseerd IP-adres of kenmerk van de afzender, een eenmalige sleutel, het antwoord op het verzoek (dat persoonsgegevens kan bevatten), tijdstip',
      en: 'Pseudonymised IP address or sender id, a one-time key, the answer to the request (which may contain personal data), time',
    },
    recipients: { nl: 'Niemand buiten het platform', en: 'No one outside the platform' },
    retention: { nl: '24 uur', en: '24 hours' },
    fields: [
      'form_submissions.scope',
      'form_submissions.key',
      'form_submissions.client_hash',
      'form_submissions.result',
      'form_submissions.created_at',
      'idempotency_keys.principal_hash',
      'idempotency_keys.key',
      'idempotency_keys.request_hash',
      'idempotency_keys.attempt',
      'idempotency_keys.locked_until',
      'idempotency_keys.response_status',
      'idempotency_keys.response_headers',
      'idempotency_keys.response_body',
      'idempotency_keys.created_at',
      'idempotency_keys.completed_at',
    ],
  },
  {
    id: 'mail-delivery',
    name: { nl: 'E-mail van het platform versturen', en: 'Sending the platform’s e-mail' },
    purpose: {
      nl: 'De berichten die het platform stuurt afleveren (bijvoorbeeld dat je account geblokkeerd is, of dat je diensten gecontroleerd moeten worden), ook als de mailserver even niet bereikbaar is.',
      en: 'Deliver the messages the platform sends (for example that your account is locked, or that your services need a review), also when the mail server is briefly unreachable.',
    },
    legalBasis: {
      nl: 'Dezelfde grondslag als de verwerking waarvoor het bericht wordt gestuurd (inloggen en beveiliging; beheer van de dienstencatalogus)',
      en: 'The same basis as the processing the message is sent for (login and security; maintaining the service directory)',
    },
    dataSubjects: { nl: 'Professionals van netwerkpartners', en: 'Professionals of network partners' },
    dataCategories: { nl: 'E-mailadres, naam en de tekst van het bericht', en: 'E-mail address, name and the text of the message' },
    recipients: { nl: 'De mailserver (SMTP) die het platform gebruikt', en: 'The mail server (SMTP) the platform uses' },
    retention: {
      nl: 'Tot het bericht is afgeleverd, daarna nog hooguit 2 dagen; een bericht dat niet kon worden afgeleverd 15 dagen; meldingen voor het dagelijkse overzicht tot het overzicht is verstuurd; de voorkeur (direct of dagelijks) zolang het account bestaat',
      en: 'Until the message is delivered, then at most 2 more days; a message that could not be delivered 15 days; notices for the daily digest until the digest is sent; the preference (immediately or daily) while the account exists',
    },
    // The job queue's rows (pg-boss) hold a message until it is delivered and archived; a daily
    // digest's notices (a reference and their kind) wait until the digest is sent.
    fields: [
      'pgboss.job.data',
      'pgboss.archive.data',
      'notification_preferences.user_id',
      'notification_preferences.frequency',
      'notification_preferences.last_digest_at',
      'notification_preferences.updated_at',
      'digest_items.id',
      'digest_items.user_id',
      'digest_items.referral_id',
      'digest_items.contact_id',
      'digest_items.reference',
      'digest_items.notice',
      'digest_items.created_at',
    ],
  },
] as const satisfies readonly ProcessingActivity[];

export type ActivityId = (typeof processingRegister)[number]['id'];

/** Tables that hold personal data: each must have row-level security and all its columns registered. */
export const personalDataTables = [
  'users',
  'memberships',
  'user_credentials',
  'sessions',
  'login_attempts',
  'password_reset_tokens',
  'password_reset_requests',
  'audit_log',
  'processing_log',
  'contact_requests',
  'contact_events',
  'service_history',
  'catalogue_imports',
  'service_review_requests',
  'form_submissions',
  'idempotency_keys',
  'clients',
  'client_events',
  'client_retention_settings',
  'consents',
  'referrals',
  'referral_events',
  'referral_timer_steps',
  'notification_preferences',
  'digest_items',
] as const;

export function activity(id: ActivityId): ProcessingActivity {
  return processingRegister.find((entry) => entry.id === id)!;
}

// Purposes of referrals ------------------------------------------------------------------------------
// Each purpose names the minimal data set a partner receives for it, and the legal bases a guide may
// use instead of consent (when consent is not free because the person depends on an organisation).

/** What a referral can carry, by data category. Identity: everything but the question and the municipality. */
export const REFERRAL_DATA_CATEGORIES = ['voornaam', 'achternaam', 'bereikbaarheid', 'gemeente', 'geboortedatum', 'bsn', 'vraag'] as const;
export type ReferralDataCategory = (typeof REFERRAL_DATA_CATEGORIES)[number];
export const IDENTITY_CATEGORIES: readonly ReferralDataCategory[] = ['voornaam', 'achternaam', 'bereikbaarheid', 'geboortedatum', 'bsn'];

export interface LegalBasis {
  id: string;
  name: Bilingual;
  /** `suwi`: only for recipients that are SUWI parties (UWV, municipalities); `any`: any recipient. */
  recipients: 'suwi' | 'any';
}

export interface ReferralPurpose {
  id: string;
  name: Bilingual;
  dataSet: readonly ReferralDataCategory[];
  legalBases: readonly LegalBasis[];
}

export const referralPurposes = [
  {
    id: 'loopbaanadvies',
    name: { nl: 'Loopbaanadvies', en: 'Career advice' },
    dataSet: ['voornaam', 'bereikbaarheid', 'vraag'],
    legalBases: [],
  },
  {
    id: 'scholing',
    name: { nl: 'Scholing en ontwikkeling', en: 'Training and development' },
    dataSet: ['voornaam', 'bereikbaarheid', 'vraag'],
    legalBases: [],
  },
  {
    id: 'schuldhulp',
    name: { nl: 'Hulp bij geldzorgen en schulden', en: 'Help with money worries and debt' },
    dataSet: ['voornaam', 'bereikbaarheid', 'vraag', 'gemeente'],
    legalBases: [
      {
        id: 'wgs',
        name: { nl: 'Wet gemeentelijke schuldhulpverlening, art. 5', en: 'Municipal Debt Assistance Act, art. 5' },
        recipients: 'suwi',
      },
    ],
  },
  {
    id: 'werk-en-inkomen',
    name: { nl: 'Werk en inkomen bij de gemeente', en: 'Work and income at the municipality' },
    dataSet: ['voornaam', 'achternaam', 'bereikbaarheid', 'vraag', 'gemeente', 'geboortedatum'],
    legalBases: [
      { id: 'participatiewet', name: { nl: 'Participatiewet, art. 7 en 64', en: 'Participation Act, art. 7 and 64' }, recipients: 'suwi' },
    ],
  },
  {
    id: 're-integratie-uwv',
    name: { nl: 'Re-integratie via UWV', en: 'Reintegration through UWV' },
    dataSet: ['voornaam', 'achternaam', 'bereikbaarheid', 'vraag', 'geboortedatum', 'bsn'],
    legalBases: [
      { id: 'wet-suwi', name: { nl: 'Wet SUWI, art. 30 en 54', en: 'SUWI Act, art. 30 and 54' }, recipients: 'suwi' },
      {
        id: 'opdracht-uwv',
        name: { nl: 'Re-integratie in opdracht van UWV (Wet SUWI, art. 30c)', en: 'Reintegration commissioned by UWV (SUWI Act, art. 30c)' },
        recipients: 'any',
      },
    ],
  },
] as const satisfies readonly ReferralPurpose[];

export type ReferralPurposeId = (typeof referralPurposes)[number]['id'];

export function referralPurpose(id: string): ReferralPurpose | undefined {
  return referralPurposes.find((purpose) => purpose.id === id);
}
