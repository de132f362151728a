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
  failed_attempts: Generated<number>;
  locked_until: NullableTimestamp;
  password_changed_at: NullableTimestamp;
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
}

export interface PlatformSecretsTable {
  name: string;
  value: Buffer;
}

export interface DB {
  regions: RegionsTable;
  municipalities: MunicipalitiesTable;
  organisations: OrganisationsTable;
  organisation_regions: OrganisationRegionsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  user_credentials: UserCredentialsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  processing_log: ProcessingLogTable;
  audit_log: AuditLogTable;
  platform_secrets: PlatformSecretsTable;
}
