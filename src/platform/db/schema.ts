import type { ColumnType, Generated } from 'kysely';

// Table types for Kysely, kept by hand next to the migrations that define them.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type CreatedAt = ColumnType<Date, never, never>;

export const ROLES = [
  'gidsfunctionaris',
  'partnermedewerker',
  'regiocoordinator',
  'beraadslid',
  'privacy_officer',
  'platformbeheerder',
] as const;
export type Role = (typeof ROLES)[number];

/** The kinds of actor, as the database context (`app.actor_kind`) and the logs name them. */
export const ACTOR_KINDS = ['anonymous', 'professional', 'citizen', 'api-client', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const ORGANISATION_KINDS = [
  'gemeente',
  'uwv',
  'oo_fonds',
  'vakbond',
  'werkgeversorganisatie',
  'sbb',
  'onderwijsinstelling',
  're_integratiebedrijf',
  'uitzendbureau',
  'welzijnsorganisatie',
  'platform',
  'overig',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface RegionsTable {
  code: string;
  name: string;
  slug: string;
  centrumgemeente_code: string | null;
  centrumgemeente_verified: Generated<boolean>;
  updated_at: DefaultTimestamp;
}

export interface MunicipalitiesTable {
  code: string;
  name: string;
  region_code: string;
  label_lat: number;
  label_lon: number;
}

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  kind: OrganisationKind;
  suwi_party: boolean;
  website: string | null;
  description: string | null;
  email: string | null;
  phone: string | null;
  /** HSDS fields of the import source that have no column (T0024). */
  source_fields: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown> | undefined>;
  created_at: CreatedAt;
  updated_at: DefaultTimestamp;
}

export interface OrganisationRegionsTable {
  organisation_id: string;
  region_code: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  preferred_language: Generated<'nl' | 'en'>;
  disabled_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: DefaultTimestamp;
}

export interface MembershipsTable {
  id: string;
  user_id: string;
  organisation_id: string;
  region_code: string;
  role: Role;
  created_at: CreatedAt;
}

export interface UserCredentialsTable {
  user_id: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_confirmed_at: NullableTimestamp;
  totp_last_counter: number | null;
  recovery_code_hashes: Generated<string[]>;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  password_changed_at: NullableTimestamp;
  /** A temporary password (set by a coordinator): the person must choose their own before anything else. */
  must_change_password: Generated<boolean>;
}

export type SessionStage = 'password' | 'enrol' | 'full';

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  membership_id: string | null;
  stage: SessionStage;
  auth_method: 'password' | 'oidc';
  acr: string | null;
  pending_totp_secret: string | null;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  expires_at: Timestamp;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  account_hash: string;
  client_hash: string;
  succeeded: boolean;
  at: DefaultTimestamp;
}

export interface PasswordResetTokensTable {
  token_hash: string;
  user_id: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
}

export interface PasswordResetRequestsTable {
  id: Generated<number>;
  account_hash: string;
  client_hash: string;
  at: DefaultTimestamp;
}

export interface ProcessingLogTable {
  seq: number;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  status_code: 'OK' | 'ERROR' | 'UNKNOWN';
  start_time: Date;
  end_time: Date;
  processing_activity_id: string;
  data_subject_id: string;
  data_subject_id_type: string;
  actor_user_id: string | null;
  actor_org_id: string | null;
  region_code: string | null;
  resource_name: string;
  prev_hash: string;
  hash: string;
  /** Null in rows written before actor kinds, or outside a transaction's context (migrations, seeding). */
  actor_kind: ActorKind | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_user_id: string | null;
  actor_org_id: string | null;
  region_code: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: 'success' | 'failure' | 'denied';
  trace_id: string | null;
  details: unknown;
  actor_kind: ActorKind | null;
}

export interface PlatformSecretsTable {
  name: string;
  value: Buffer;
}

export type CatalogueStatus = 'concept' | 'gepubliceerd' | 'gearchiveerd';
export type LocationRole = 'werkcentrum' | 'partner-in-werkcentrum' | 'vestiging';
export type AreaKind = 'national' | 'regions' | 'municipalities';
/** Columns filled by triggers: never written by the application. */
type Derived<T> = ColumnType<T, never, never>;

export interface TaxonomyTermsTable {
  code: string;
  vocabulary: 'thema' | 'subthema' | 'doelgroep' | 'kanaal' | 'toegang';
  parent_code: string | null;
  label_nl: string;
  label_en: string;
  explain_nl: string | null;
  explain_en: string | null;
  position: number;
}

export interface PostcodeAreasTable {
  pc4: string;
  municipality_code: string;
  lat: number;
  lon: number;
}

export interface LocationsTable {
  id: Generated<string>;
  key: string;
  organisation_id: string;
  /** Set from the municipality by trigger. */
  region_code: ColumnType<string, string | undefined, string | undefined>;
  role: LocationRole;
  name: string;
  description: string | null;
  street: string;
  postal_code: string;
  city: string;
  municipality_code: string;
  lat: number;
  lon: number;
  accessibility: string | null;
  /** HSDS fields of the import source that have no column (T0024). */
  source_fields: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown> | undefined>;
  /** The point is the municipality's centroid: the source gave no coordinates (T0024). */
  approximate: Generated<boolean>;
  status: Generated<CatalogueStatus>;
  /** Bumped by the database on every change (T0010). */
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: DefaultTimestamp;
}

export interface SchedulesTable {
  id: Generated<string>;
  location_id: string;
  position: number;
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  /** `HH:MM:SS` */
  opens: string;
  closes: string;
  note: string | null;
}

export interface ServicesTable {
  id: Generated<string>;
  key: string;
  organisation_id: string;
  region_code: string | null;
  status: Generated<CatalogueStatus>;
  name: string;
  summary: string;
  description: string;
  audiences: string[];
  themes: string[];
  theme_groups: Derived<string[]>;
  eligibility: string;
  cost_free: boolean;
  cost_description: string | null;
  cost_amount_cents: number | null;
  languages: string[];
  delivery_modes: string[];
  area_kind: AreaKind;
  area_codes: string[];
  area_regions: Derived<string[]>;
  access: string[];
  application_process: string;
  wait_time: string | null;
  capacity: 'ruim' | 'beperkt' | 'vol' | null;
  contact_email: string | null;
  contact_phone: string | null;
  contact_url: string | null;
  keywords: string[];
  /** HSDS fields of the import source that have no column (T0024). */
  source_fields: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown> | undefined>;
  /** The service this one is the same as: only that one is listed (T0027). */
  same_as: ColumnType<string | null, string | null | undefined, string | null | undefined>;
  /** The parts of the compounds of its texts, by search weight (T0026). */
  search_parts: ColumnType<Record<string, string>, Record<string, string> | undefined, Record<string, string> | undefined>;
  review_interval_days: number;
  referral_response_days: Generated<number>;
  referral_reminders: Generated<number>;
  referral_expiry_days: Generated<number>;
  /** `YYYY-MM-DD` */
  last_reviewed: string;
  review_due: Derived<string>;
  search_vector: Derived<string>;
  search_words: Derived<string>;
  version: Derived<number>;
  created_at: CreatedAt;
  updated_at: Derived<Date>;
  published_at: Derived<Date | null>;
}

export interface ServiceLocationsTable {
  service_id: string;
  location_id: string;
}

/** A location its organisation lets another organisation offer services at (migration T0012). */
export interface LocationSharesTable {
  location_id: string;
  organisation_id: string;
  created_at: CreatedAt;
}

export type ServiceHistoryAction = 'aangemaakt' | 'gewijzigd' | 'gepubliceerd' | 'gearchiveerd' | 'naar-concept' | 'gecontroleerd';

export type HistoryAuthorRole = Role | 'systeem';

export interface ServiceHistoryTable {
  id: Generated<number>;
  service_id: string;
  organisation_id: string;
  region_code: string | null;
  version: number;
  action: ServiceHistoryAction;
  changed_at: Generated<Date>;
  changed_by: string | null;
  /** Set by the database on insert: the acting membership's role, or 'systeem' without a user. */
  changed_as: Generated<HistoryAuthorRole | null>;
  /** `{ field: [before, after] }` */
  changes: unknown;
  snapshot: unknown;
}

export interface RegionCatalogueSettingsTable {
  region_code: string;
  review_before_publish: Generated<boolean>;
  updated_at: Generated<Date>;
}

export type ServiceReviewRequestStatus = 'ter-controle' | 'afgewezen';

export interface ServiceReviewRequestsTable {
  service_id: string;
  organisation_id: string;
  region_code: string;
  status: Generated<ServiceReviewRequestStatus>;
  /** The partner's service form as submitted. */
  form: unknown;
  base_version: number;
  was_published: boolean;
  requested_by: string | null;
  requested_at: Generated<Date>;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
}

export interface SearchGapsTable {
  region_code: string;
  question: string;
  results: number;
  asks: Generated<number>;
  visitors: Generated<number>;
  first_asked: Generated<string>;
  last_asked: Generated<string>;
  dismissed: Generated<boolean>;
}

export interface SearchThesaurusTable {
  id: Generated<string>;
  region_code: string;
  term: string;
  meaning: string[];
  created_at: Generated<Date>;
}

export interface ServiceReviewRemindersTable {
  service_id: string;
  reminded_at: Date | string;
}

export interface PathwaysTable {
  id: Generated<string>;
  key: string;
  region_code: string | null;
  status: Generated<CatalogueStatus>;
  name: string;
  sector: string;
  summary: string;
  steps: ColumnType<PathwayStep[], string, string>;
  updated_at: DefaultTimestamp;
}

export interface PathwayStep {
  title: string;
  description: string;
  service: string | null;
}

export interface NeedFinderTreesTable {
  region_code: string;
  /** The live tree; null: the region uses the default tree again (T0030). */
  tree: ColumnType<unknown, string | null, string | null>;
  version: Generated<number>;
  updated_at: DefaultTimestamp;
  /** The live tree a publication replaced, for "ongedaan maken"; null with a version: the default (T0030). */
  previous_tree: ColumnType<unknown, string | null | undefined, string | null>;
  /** The version of that tree; null: nothing to undo. */
  previous_version: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A region's wegwijzer being edited, not yet published (T0030): its coordinator's and platform administrators' only. */
export interface NeedFinderDraftsTable {
  region_code: string;
  /** null: the default tree. */
  tree: ColumnType<unknown, string | null, string | null>;
  /** The live version the draft started from; 0: the default tree without a row. */
  based_on: number;
  /** From a sequence: unique across drafts, for optimistic concurrency of the editor's forms. */
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: DefaultTimestamp;
}

export type ContactRequestStatus = 'nieuw' | 'in-behandeling' | 'afgerond';
export const INTAKE_CHANNELS = ['website', 'balie', 'telefoon', 'e-mail', 'chat', 'outreach', 'partner'] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];
export const CONTACT_RESULTS = ['informatie-gegeven', 'doorverwezen', 'client-vastgelegd', 'afspraak-gemaakt', 'niet-bereikt', 'geen-vraag-meer', 'anders'] as const;
export type ContactResult = (typeof CONTACT_RESULTS)[number];

export interface ContactRequestsTable {
  id: string;
  reference: string;
  region_code: string;
  service_id: string | null;
  audience: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  preferred_channel: 'email' | 'telefoon' | null;
  message: string | null;
  municipality_code: string | null;
  status: Generated<ContactRequestStatus>;
  handled_by: string | null;
  intake_channel: Generated<IntakeChannel>;
  anonymous: Generated<boolean>;
  themes: Generated<string[]>;
  reply_due_at: Timestamp;
  answered_at: NullableTimestamp;
  result: ContactResult | null;
  follow_up_on: string | null;
  recorded_by: string | null;
  erased_at: NullableTimestamp;
  created_at: CreatedAt;
  closed_at: NullableTimestamp;
}

export type ContactEventKind = 'geregistreerd' | 'opgepakt' | 'toegewezen' | 'notitie' | 'antwoord' | 'contact' | 'opvolgen' | 'afgerond' | 'heropend';

export interface ContactEventsTable {
  id: string;
  seq: Generated<number>;
  contact_id: string;
  region_code: string;
  kind: ContactEventKind;
  actor_user_id: string | null;
  actor_role: string | null;
  assignee_user_id: string | null;
  result: ContactResult | null;
  follow_up_on: string | null;
  body: string | null;
  created_at: CreatedAt;
}

export const BENEFITS = ['geen', 'ww', 'bijstand', 'wia', 'wajong', 'ziektewet', 'anders'] as const;
export type Benefit = (typeof BENEFITS)[number];
export type ResponsibleParty = 'gemeente' | 'uwv';

export interface ClientsTable {
  id: Generated<string>;
  region_code: string;
  organisation_id: string;
  given_name: string | null;
  family_name: string | null;
  name_key: string | null;
  email: string | null;
  phone: string | null;
  phone_key: string | null;
  municipality_code: string | null;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  bsn_encrypted: string | null;
  bsn_hash: string | null;
  benefit: Generated<Benefit>;
  responsible_party: ResponsibleParty | null;
  created_by: string | null;
  created_at: CreatedAt;
  last_activity_at: DefaultTimestamp;
  erased_at: NullableTimestamp;
}

export interface ClientRetentionSettingsTable {
  region_code: string;
  months: number;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

export type ClientEventKind = 'uitkering' | 'regie-overdracht' | 'samengevoegd';

export interface ClientEventsTable {
  id: Generated<string>;
  client_id: string;
  region_code: string;
  kind: ClientEventKind;
  details: ColumnType<Record<string, string | null>, string, string>;
  effective_on: ColumnType<string, string | undefined, string>;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export type ConsentBasis = 'toestemming' | 'wettelijke-grondslag';
export type ConsentGivenHow = 'mondeling' | 'schriftelijk' | 'digitaal';

export interface ConsentsTable {
  id: Generated<string>;
  client_id: string;
  region_code: string;
  recipient_organisation_id: string;
  purpose: string;
  data_categories: string[];
  basis: ConsentBasis;
  legal_basis: string | null;
  given_how: ConsentGivenHow | null;
  text_version: string;
  text_shown: string;
  dependency: boolean;
  shares_identity: boolean;
  recorded_by: string | null;
  recorded_by_organisation_id: string;
  recorded_at: CreatedAt;
  expires_at: NullableTimestamp;
  withdrawn_at: NullableTimestamp;
  withdrawn_by: string | null;
}

export const REFERRAL_STATUSES = ['verzonden', 'ontvangen', 'geaccepteerd', 'afgewezen', 'in-behandeling', 'afgerond', 'ingetrokken', 'verlopen'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const DECLINE_REASONS = ['niet-bereikbaar', 'voldoet-niet', 'geen-plek', 'geen-interesse', 'elders-in-traject', 'dubbel', 'andere-dienst', 'anders'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export const REFERRAL_OUTCOMES = ['aan-het-werk', 'scholing-gestart', 'hulp-gestart', 'doorverwezen', 'niet-verschenen', 'niet-bereikt', 'geen-interesse', 'anders'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];
export type ReferralResponsibleParty = 'gemeente' | 'uwv' | 'werkcentrum';
export const PAYING_PARTIES = ['gemeente', 'uwv', 'oo-fonds', 'werkgever', 'partner', 'geen'] as const;
export type PayingParty = (typeof PAYING_PARTIES)[number];

export interface ReferralsTable {
  id: Generated<string>;
  reference: Generated<string>;
  region_code: string;
  client_id: string;
  consent_id: string;
  guide_user_id: string | null;
  guide_organisation_id: string;
  service_id: string | null;
  service_name: string;
  recipient_organisation_id: string;
  purpose: string;
  shares_identity: boolean;
  subject_pseudonym: string;
  shared_data: ColumnType<Record<string, string>, string, string>;
  responsible_party: ReferralResponsibleParty;
  paying_party: PayingParty;
  status: Generated<ReferralStatus>;
  decline_reason: DeclineReason | null;
  outcome: ReferralOutcome | null;
  status_note: string | null;
  previous_referral_id: string | null;
  response_due_at: Timestamp;
  expires_at: Timestamp;
  max_reminders: Generated<number>;
  reminders_sent: Generated<number>;
  escalated_at: NullableTimestamp;
  sent_at: DefaultTimestamp;
  received_at: NullableTimestamp;
  accepted_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  updated_at: DefaultTimestamp;
}

export type ReferralEventKind = 'status' | 'bericht' | 'herinnering' | 'escalatie' | 'toegewezen';

export interface ReferralEventsTable {
  id: Generated<string>;
  referral_id: string;
  region_code: string;
  at: CreatedAt;
  kind: ReferralEventKind;
  status: ReferralStatus | null;
  message: string | null;
  actor_kind: Generated<ActorKind>;
  actor_user_id: Generated<string | null>;
  actor_organisation_id: Generated<string | null>;
  actor_role: Generated<string | null>;
}

export type NoticeFrequency = 'direct' | 'dagelijks';

export interface NotificationPreferencesTable {
  user_id: string;
  frequency: Generated<NoticeFrequency>;
  last_digest_at: NullableTimestamp;
  updated_at: DefaultTimestamp;
}

export interface DigestItemsTable {
  id: Generated<string>;
  user_id: string;
  referral_id: string | null;
  contact_id: string | null;
  reference: string | null;
  notice: string;
  created_at: CreatedAt;
}

export type ReferralTimerStep = 'herinnering-1' | 'herinnering-2' | 'escalatie' | 'verlopen';

export interface ReferralTimerStepsTable {
  referral_id: string;
  step: ReferralTimerStep;
  fired_at: CreatedAt;
}

/** Read and written only through the app_submission_* functions (src/platform/http/submissions.ts). */
export interface FormSubmissionsTable {
  scope: string;
  key: string;
  client_hash: string | null;
  result: string | null;
  created_at: DefaultTimestamp;
}

/** Read and written only through the app_idempotency_* functions (src/platform/http/idempotency.ts). */
export interface IdempotencyKeysTable {
  principal_hash: string;
  key: string;
  request_hash: string;
  attempt: string;
  locked_until: NullableTimestamp;
  response_status: number | null;
  response_headers: ColumnType<Record<string, string> | null, string | null, string | null>;
  response_body: string | null;
  created_at: DefaultTimestamp;
  completed_at: NullableTimestamp;
}

/** A coordinator's import of a catalogue file in the web interface (T0025). */
export type CatalogueImportStatus = 'controleren' | 'gecontroleerd' | 'toepassen' | 'klaar' | 'mislukt';
export interface CatalogueImportsTable {
  id: Generated<string>;
  region_code: string;
  file_name: string;
  content: Buffer | null;
  format: 'hsds-json' | 'hsds-tabular' | 'csv' | null;
  publish: Generated<boolean>;
  status: Generated<CatalogueImportStatus>;
  total: Generated<number>;
  done: Generated<number>;
  report: unknown;
  error: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
}

export interface DB {
  catalogue_imports: CatalogueImportsTable;
  regions: RegionsTable;
  municipalities: MunicipalitiesTable;
  organisations: OrganisationsTable;
  organisation_regions: OrganisationRegionsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  user_credentials: UserCredentialsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  password_reset_tokens: PasswordResetTokensTable;
  password_reset_requests: PasswordResetRequestsTable;
  processing_log: ProcessingLogTable;
  audit_log: AuditLogTable;
  platform_secrets: PlatformSecretsTable;
  taxonomy_terms: TaxonomyTermsTable;
  postcode_areas: PostcodeAreasTable;
  locations: LocationsTable;
  schedules: SchedulesTable;
  services: ServicesTable;
  service_locations: ServiceLocationsTable;
  location_shares: LocationSharesTable;
  service_history: ServiceHistoryTable;
  service_review_reminders: ServiceReviewRemindersTable;
  region_catalogue_settings: RegionCatalogueSettingsTable;
  service_review_requests: ServiceReviewRequestsTable;
  search_gaps: SearchGapsTable;
  search_thesaurus: SearchThesaurusTable;
  pathways: PathwaysTable;
  need_finder_trees: NeedFinderTreesTable;
  need_finder_drafts: NeedFinderDraftsTable;
  contact_requests: ContactRequestsTable;
  contact_events: ContactEventsTable;
  form_submissions: FormSubmissionsTable;
  idempotency_keys: IdempotencyKeysTable;
  clients: ClientsTable;
  client_events: ClientEventsTable;
  client_retention_settings: ClientRetentionSettingsTable;
  consents: ConsentsTable;
  referrals: ReferralsTable;
  referral_events: ReferralEventsTable;
  referral_timer_steps: ReferralTimerStepsTable;
  notification_preferences: NotificationPreferencesTable;
  digest_items: DigestItemsTable;
}
