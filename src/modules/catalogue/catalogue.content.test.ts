import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateCatalogueContent, type ReferenceData } from './catalogue.validate.ts';
import type { CatalogueContent } from './catalogue.content.ts';
import { themes } from './taxonomy.ts';
import { duplicateKeys } from '../../seed/catalogue.ts';

// The demo catalogue content (src/seed/data/catalogue) is checked like any import would be.

const folder = new URL('../../seed/data/catalogue/', import.meta.url);
const regions = JSON.parse(readFileSync(new URL('../../seed/data/arbeidsmarktregios.json', import.meta.url), 'utf8')) as {
  code: string;
  gemeenten: { code: string }[];
}[];
const reference: ReferenceData = {
  municipalities: new Map(regions.flatMap((region) => region.gemeenten.map((m) => [m.code, region.code] as const))),
};
const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
const load = (file: string) => JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as CatalogueContent;

describe('catalogue content files', () => {
  it.each(files)('%s is valid and its references resolve', (file) => {
    expect(validateCatalogueContent(load(file), reference)).toEqual([]);
  });

  it('uses every service, location and pathway key once across all files (keys are global)', () => {
    expect(duplicateKeys(files.map(load))).toEqual([]);
    const twice = load(files[0]!);
    expect(duplicateKeys([twice, twice]).length).toBeGreaterThan(0);
  });

  it('rejects what a schema alone would let through', () => {
    const broken = {
      region: 'AM18',
      organisations: [{ key: 'o', name: 'Organisatie', kind: 'overig', suwiParty: false, description: 'Een organisatie.' }],
      locations: [],
      services: [
        {
          key: 's',
          organisation: 'onbekend',
          name: 'Dienst',
          summary: 'Kort.',
          description: 'Lang.',
          audiences: ['werkzoekende'],
          themes: ['solliciteren'],
          eligibility: 'Iedereen die werk zoekt.',
          cost: { free: false },
          languages: ['nl'],
          deliveryModes: ['online'],
          serviceArea: { kind: 'municipalities', codes: ['GM0153'] },
          access: ['direct'],
          applicationProcess: 'Bel ons.',
          locations: ['nergens'],
          contact: {},
          reviewIntervalDays: 180,
          lastReviewed: '2026-01-01',
          status: 'gepubliceerd',
        },
      ],
      pathways: [],
    };
    expect(validateCatalogueContent(broken, reference)).toEqual([
      'service s: unknown organisation onbekend',
      'service s: unknown location nergens',
      'service s: municipality GM0153 outside region AM18',
      'service s: a paid service must describe its cost',
    ]);
    expect(validateCatalogueContent({ ...broken, region: 'XX' }, reference)[0]).toMatch(/region/);
  });

  it('lets a service use another organisation’s location only when that location is shared with it', () => {
    const content = load('twente.json');
    const service = content.services.find((s) => s.locations.includes('werkcentrum-twente') && s.organisation !== 'gemeente-enschede')!;
    const unshared = {
      ...content,
      locations: content.locations.map((l) => (l.key === 'werkcentrum-twente' ? { ...l, sharedWith: l.sharedWith!.filter((o) => o !== service.organisation) } : l)),
    };
    expect(validateCatalogueContent(unshared, reference)).toContain(
      `service ${service.key}: location werkcentrum-twente of gemeente-enschede is not shared with ${service.organisation}`,
    );
    const unknown = { ...content, locations: content.locations.map((l) => (l.key === 'werkcentrum-twente' ? { ...l, sharedWith: ['onbekend'] } : l)) };
    expect(validateCatalogueContent(unknown, reference)).toContain('location werkcentrum-twente: shared with unknown organisation onbekend');
  });

  it('has at least 40 published services in each of the three demo regions, covering every theme', () => {
    const regional = files.filter((f) => f !== 'nationaal.json');
    expect(regional.map((f) => load(f).region).sort()).toEqual(['AM05', 'AM18', 'AM30']);
    expect(files).toContain('nationaal.json');
    for (const file of regional) {
      const content = load(file);
      const published = content.services.filter((s) => s.status === 'gepubliceerd');
      expect(published.length, file).toBeGreaterThanOrEqual(40);
      const covered = new Set(published.flatMap((s) => s.themes));
      for (const theme of themes) expect(theme.children.some((child) => covered.has(child.code)), `${file}: ${theme.code}`).toBe(true);
    }
  });
});
