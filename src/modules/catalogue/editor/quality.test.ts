import { describe, expect, it } from 'vitest';
import { addDays, freshness, isValidPhone, qualityOf, todayIso, type QualityInput } from './quality.ts';
import { parseEuros, parseKeywords, newKey, databaseFieldError } from './editor.service.ts';

const today = '2026-11-22';
const complete: QualityInput = {
  reviewDue: addDays(today, 90),
  waitTime: 'Binnen 2 weken',
  capacity: 'ruim',
  deliveryModes: ['op-locatie'],
  locationCount: 1,
  keywords: ['ontslag'],
  contactEmail: 'info@voorbeeld.nl',
  contactPhone: '020 123 45 67',
  contactUrl: 'https://www.voorbeeld.nl',
};

describe('freshness', () => {
  it('flags a service past its review date, and one due within 30 days', () => {
    expect(freshness(addDays(today, -1), today)).toBe('overdue');
    expect(freshness(today, today)).toBe('soon');
    expect(freshness(addDays(today, 30), today)).toBe('soon');
    expect(freshness(addDays(today, 31), today)).toBe('ok');
  });

  it('knows today in the Netherlands, not in UTC', () => {
    expect(todayIso(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
  });
});

describe('quality score', () => {
  it('is 100 for a fresh, complete service with working contact details', () => {
    const quality = qualityOf(complete, today);
    expect(quality.score).toBe(100);
    expect(quality.parts.every((part) => part.points === part.max)).toBe(true);
  });

  it('takes off for staleness, missing fields and broken contact details, and says which part', () => {
    const stale = qualityOf({ ...complete, reviewDue: addDays(today, -5) }, today);
    expect(stale.score).toBe(60);
    expect(stale.parts.find((part) => part.key === 'freshness')!.points).toBe(0);
    const soon = qualityOf({ ...complete, reviewDue: addDays(today, 10) }, today);
    expect(soon.score).toBe(85);
    const sparse = qualityOf({ ...complete, waitTime: null, capacity: null, keywords: [] }, today);
    expect(sparse.score).toBe(76);
    const badPhone = qualityOf({ ...complete, contactPhone: '12-34' }, today);
    expect(badPhone.parts.find((part) => part.key === 'contactValid')!.points).toBe(0);
    const noContact = qualityOf({ ...complete, contactEmail: null, contactPhone: null, contactUrl: null }, today);
    expect(noContact.score).toBe(72);
  });

  it('counts an online-only service without locations as complete, an in-person one without as not', () => {
    expect(qualityOf({ ...complete, locationCount: 0, deliveryModes: ['online', 'telefonisch'] }, today).score).toBe(100);
    expect(qualityOf({ ...complete, locationCount: 0, deliveryModes: ['online', 'op-locatie'] }, today).score).toBe(92);
  });
});

describe('form helpers', () => {
  it('reads amounts, keywords, phone numbers and makes unique keys', () => {
    expect(parseEuros('25,50')).toBe(2550);
    expect(parseEuros('€ 10')).toBe(1000);
    expect(parseEuros('')).toBeNull();
    expect(parseEuros('tien')).toBeNaN();
    expect(parseKeywords('Ontslag, baan kwijt,, ontslag ')).toEqual(['ontslag', 'baan kwijt']);
    expect(isValidPhone('020 123 45 67')).toBe(true);
    expect(isValidPhone('112')).toBe(false);
    const [a, b] = [newKey('Sollicitatietraining: één dag!'), newKey('Sollicitatietraining: één dag!')];
    expect(a).toMatch(/^sollicitatietraining-een-dag-[0-9a-f]{6}$/);
    expect(a).not.toBe(b);
  });

  it('maps database refusals to the field that caused them', () => {
    expect(databaseFieldError({ code: '23514', message: 'unknown theme code: x' })?.fieldErrors).toEqual([{ field: 'themes', key: 'editor.error.unknownCode' }]);
    expect(databaseFieldError({ code: '23514', constraint: 'services_summary_check', message: 'check' })?.fieldErrors).toEqual([
      { field: 'summary', key: 'editor.error.database' },
    ]);
    expect(databaseFieldError({ code: '23514', message: 'location 1 is not shared with organisation 2, which offers service 3' })?.fieldErrors).toEqual([
      { field: 'locations', key: 'editor.error.locationNotShared' },
    ]);
    expect(databaseFieldError({ code: '42501', message: 'rls' })?.slug).toBe('forbidden');
    expect(databaseFieldError(new Error('other'))).toBeNull();
    // A database that went away is not the form's fault: no field error, the request answers 503.
    expect(databaseFieldError({ code: '57P01', message: 'terminating connection due to administrator command' })).toBeNull();
    expect(databaseFieldError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' })).toBeNull();
    expect(databaseFieldError(new Error('Connection terminated unexpectedly'))).toBeNull();
  });
});
