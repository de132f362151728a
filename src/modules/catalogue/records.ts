import type { LocationInput, OrganisationProfile, ServiceInput } from './catalogue.repository.ts';

// The catalogue as open data sees it: one service with its organisation and its locations (with
// opening hours), every field of our model. Export reads these from the database; the HSDS and
// CSV mappings turn them into files and back; import writes them through the catalogue store.

export interface OrganisationRecord extends OrganisationProfile {
  /** Our UUID (the HSDS organization id). */
  id: string;
}

// Locations and services are the store's input, with the id always known and the organisation and
// the locations whole.

export interface LocationRecord extends Omit<LocationInput, 'id' | 'status'> {
  id: string;
}

export interface ServiceRecord extends Omit<ServiceInput, 'id' | 'organisationId' | 'locationIds'> {
  id: string;
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
