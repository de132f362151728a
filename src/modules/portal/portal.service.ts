import type { Database } from '../../platform/db/pool.ts';
import { anonymous, withActor, type Tx } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { isUuid } from '../../platform/http/values.ts';
import {
  audienceCounts,
  organisationInRegion,
  pathwaysOf,
  publishedLocation,
  publishedPathway,
  publishedService,
  regionCounters,
  serviceOfferedIn,
  themeCounts,
  werkcentrumPhone,
  type LocationDetail,
  type LocationSummary,
  type OrganisationDetail,
  type PathwayDetail,
  type PathwaySummary,
  type PublishedService,
  type ServiceLink,
} from '../catalogue/published.repository.ts';

// What the public portal of a region shows: its Werkcentrum and partner locations, the themes
// per audience, and the service, organisation, location and pathway pages, read through the
// catalogue's published repository. Everything is read as the anonymous public, so row-level
// security shows only what is published, whoever is signed in.

/** The three entry points of the portal: path segment → audience code. */
export const PORTAL_AUDIENCES = [
  { segment: 'werkzoekenden', audience: 'werkzoekende' },
  { segment: 'werkenden', audience: 'werkende' },
  { segment: 'werkgevers', audience: 'werkgever' },
] as const;
export type PortalAudience = (typeof PORTAL_AUDIENCES)[number];

export type { LocationDetail, LocationSummary, OrganisationDetail, PathwayDetail, PathwaySummary, PublishedService, ServiceLink };

const PATHWAY_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function createPortalService(db: Database) {
  const read = <T>(trace: Trace, work: (tx: Tx) => Promise<T>) => withActor(db, { actor: anonymous, trace }, work);

  return {
    /** The region home: its Werkcentrum and partner locations, services per audience, pathways. */
    async home(trace: Trace, regionCode: string) {
      return read(trace, async (tx) => {
        const [locations, counts, pathways] = await Promise.all([
          regionCounters(tx, regionCode),
          audienceCounts(
            tx,
            regionCode,
            PORTAL_AUDIENCES.map((entry) => entry.audience),
          ),
          pathwaysOf(tx, regionCode),
        ]);
        return {
          werkcentra: locations.filter((l) => l.role === 'werkcentrum'),
          partners: locations.filter((l) => l.role === 'partner-in-werkcentrum'),
          audienceCounts: counts,
          pathways,
        };
      });
    },

    /** Per sub-theme, how many published services in the region are for this audience. */
    async themeCounts(trace: Trace, regionCode: string, audience: string): Promise<{ counts: Map<string, number>; pathways: PathwaySummary[] }> {
      return read(trace, async (tx) => {
        const [counts, pathways] = await Promise.all([
          themeCounts(tx, regionCode, audience),
          audience === 'werkgever' ? Promise.resolve([]) : pathwaysOf(tx, regionCode),
        ]);
        return { counts, pathways };
      });
    },

    /** A published service, wherever it is offered; null when unknown or not published. */
    async service(trace: Trace, id: string): Promise<PublishedService | null> {
      if (!isUuid(id)) return null;
      return read(trace, (tx) => publishedService(tx, id));
    },

    /** The name of a published service offered in the region, for "your question is about …". */
    async serviceInRegion(trace: Trace, regionCode: string, id: string): Promise<{ id: string; name: string } | null> {
      if (!isUuid(id)) return null;
      return read(trace, (tx) => serviceOfferedIn(tx, regionCode, id));
    },

    /** The phone number of the organisation that runs the region's Werkcentrum (its published location), if known. */
    async werkcentrumPhone(trace: Trace, regionCode: string): Promise<string | null> {
      return read(trace, (tx) => werkcentrumPhone(tx, regionCode));
    },

    /** An organisation active in the region (or offering services there), with what it offers there. */
    async organisation(trace: Trace, regionCode: string, id: string): Promise<OrganisationDetail | null> {
      if (!isUuid(id)) return null;
      return read(trace, (tx) => organisationInRegion(tx, regionCode, id));
    },

    /** A published location (in any region: the caller sends people to the right region). */
    async location(trace: Trace, id: string): Promise<LocationDetail | null> {
      if (!isUuid(id)) return null;
      return read(trace, (tx) => publishedLocation(tx, id));
    },

    /** A published pathway of the region or a national one; each step links its service where the region offers it. */
    async pathway(trace: Trace, regionCode: string, key: string): Promise<PathwayDetail | null> {
      if (!PATHWAY_KEY.test(key) || key.length > 80) return null;
      return read(trace, (tx) => publishedPathway(tx, regionCode, key));
    },
  };
}

export type PortalService = ReturnType<typeof createPortalService>;
