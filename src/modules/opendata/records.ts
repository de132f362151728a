import type { AreaKind, CatalogueStatus, LocationRole, OrganisationKind } from '../../platform/db/schema.ts';

// The catalogue as open data sees it: one service with its organisation and its locations (with
// opening hours), every field of our model. Export reads these from the database; the HSDS and
// CSV mappings turn them into files and back; import writes them through the catalogue store.

export interface OrganisationRecord {
  /** Our UUID (the HSDS organization id). */
  id: string;
  name: string;
  kind: OrganisationKind;
  suwiParty: boolean;
  description: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
}

export interface OpeningHoursRecord {
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  /** `HH:MM` */
  opens: string;
  closes: string;
  note: string | null;
}

export interface LocationRecord {
  id: string;
  key: string;
  /** Id of the organisation that runs the location (not always the service's organisation). */
  organisationId: string;
  role: LocationRole;
  name: string;
  description: string | null;
  street: string;
  postalCode: string;
  city: string;
  municipalityCode: string;
  lat: number;
  lon: number;
  accessibility: string | null;
  openingHours: OpeningHoursRecord[];
}

export interface ServiceRecord {
  id: string;
  key: string;
  /** The region whose coordinator moderates the service; null for a national service. */
  regionCode: string | null;
  status: CatalogueStatus;
  name: string;
  summary: string;
  description: string;
  audiences: string[];
  themes: string[];
  eligibility: string;
  costFree: boolean;
  costDescription: string | null;
  costAmountCents: number | null;
  languages: string[];
  deliveryModes: string[];
  areaKind: AreaKind;
  areaCodes: string[];
  access: string[];
  applicationProcess: string;
  waitTime: string | null;
  capacity: 'ruim' | 'beperkt' | 'vol' | null;
  contactEmail: string | null;
  contactPhone: string | null;
  contactUrl: string | null;
  keywords: string[];
  reviewIntervalDays: number;
  /** `YYYY-MM-DD` */
  lastReviewed: string;
  organisation: OrganisationRecord;
  /**
   * The locations, sorted by key. The HSDS file carries them whole; the CSV file only their keys
   * (a string here), which must then exist in the database.
   */
  locations: (LocationRecord | string)[];
}

/** Names for codes, so the files are readable without our reference tables. */
export interface NameLookup {
  municipalities: ReadonlyMap<string, string>;
  regions: ReadonlyMap<string, string>;
}
