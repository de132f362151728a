import type { Tx } from '../../platform/db/tenancy.ts';
import { createRegionsRepository } from '../regions/regions.repository.ts';
import { matchMunicipality, suggestMunicipalities } from '../regions/municipality-names.ts';

// Where someone is, without asking for an address: a PC4 postcode area ("7511", "7511 AB": only the
// four digits are used) or a municipality by name (as the municipality chooser matches it: case,
// accents, spaces and apostrophes do not matter; common names such as "Den Haag" count) or by CBS code. Used for distance in search and
// to lead someone to their region.

export interface Place {
  /** What to show: "7511 Enschede" or "Enschede". */
  label: string;
  lat: number;
  lon: number;
  municipalityCode: string;
  regionCode: string;
}

const PC4 = /^([1-9][0-9]{3})\s*(?:[a-zA-Z]{2})?$/;
const MUNICIPALITY_CODE = /^GM[0-9]{4}$/i;

const regions = createRegionsRepository();

type MunicipalityRow = Awaited<ReturnType<typeof regions.municipalities>>[number];

/**
 * Places of one database, kept once read. Postcode areas and municipalities are reference data: no
 * route writes them, and a new release adds areas when it starts (seed) before it serves. Keeping
 * them saves a distance search its own round trip to the database. At most 9,000 postcodes (found
 * or not) and the 342 municipalities are kept.
 */
export class Places {
  readonly #postcodes = new Map<string, Place | null>();
  #municipalities: MunicipalityRow[] | undefined;

  async resolve(tx: Tx, input: string): Promise<Place | null> {
    const value = input.trim();
    if (!value || value.length > 100) return null;
    const postcode = PC4.exec(value)?.[1];
    return postcode ? this.#postcode(tx, postcode) : this.#municipality(tx, value);
  }

  /** Whether the text has the form of a postcode (4 digits, letters optional): then an unknown one is a postcode we do not know, not a misspelled name. */
  static looksLikePostcode(input: string): boolean {
    return PC4.test(input.trim());
  }

  /** Municipality names the text may mean, for a name that matched none. */
  async suggest(tx: Tx, input: string): Promise<string[]> {
    const municipalities = (this.#municipalities ??= await regions.municipalities(tx));
    return suggestMunicipalities(municipalities, input, 3).map((m) => m.name);
  }

  async #postcode(tx: Tx, pc4: string): Promise<Place | null> {
    const kept = this.#postcodes.get(pc4);
    if (kept !== undefined) return kept;
    const row = await regions.postcodeArea(tx, pc4);
    const place = row ? { label: `${row.pc4} ${row.name}`, lat: row.lat, lon: row.lon, municipalityCode: row.code, regionCode: row.region_code } : null;
    this.#postcodes.set(pc4, place);
    return place;
  }

  async #municipality(tx: Tx, value: string): Promise<Place | null> {
    const municipalities = (this.#municipalities ??= await regions.municipalities(tx));
    const match = MUNICIPALITY_CODE.test(value) ? municipalities.find((m) => m.code === value.toUpperCase()) : matchMunicipality(municipalities, value);
    return match ? { label: match.name, lat: match.label_lat, lon: match.label_lon, municipalityCode: match.code, regionCode: match.region_code } : null;
  }
}
