// What a service's source said that our fields do not hold (HSDS fields kept by an import from
// another system), as labelled lines for its public page. Only fields a visitor can use are shown;
// identifiers, dates of the source's own bookkeeping and vocabularies stay in the export only.

export type SourceDetailLabel =
  | 'alternateName'
  | 'alert'
  | 'ages'
  | 'requiredDocuments'
  | 'interpretation'
  | 'fees'
  | 'program'
  | 'funding'
  | 'accreditations'
  | 'licenses'
  | 'contacts'
  | 'phones'
  | 'schedules'
  | 'areas'
  | 'online'
  | 'website'
  | 'transportation';

export interface SourceDetail {
  label: SourceDetailLabel;
  values: string[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : undefined);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const joined = (...parts: unknown[]) => parts.map(text).filter(Boolean).join(' · ');

const WEEKDAYS: Record<string, { nl: string; en: string }> = {
  MO: { nl: 'ma', en: 'Mon' },
  TU: { nl: 'di', en: 'Tue' },
  WE: { nl: 'wo', en: 'Wed' },
  TH: { nl: 'do', en: 'Thu' },
  FR: { nl: 'vr', en: 'Fri' },
  SA: { nl: 'za', en: 'Sat' },
  SU: { nl: 'zo', en: 'Sun' },
};

function scheduleLine(schedule: Json, lang: 'nl' | 'en'): string {
  const days = (text(schedule.byday) ?? '')
    .split(',')
    .map((d) => WEEKDAYS[d.trim().toUpperCase()]?.[lang])
    .filter(Boolean)
    .join(', ');
  const times = text(schedule.opens_at) && text(schedule.closes_at) ? `${text(schedule.opens_at)!.slice(0, 5)}–${text(schedule.closes_at)!.slice(0, 5)}` : '';
  return joined([days, times].filter(Boolean).join(' '), schedule.description, schedule.attending_type, schedule.notes);
}

/** The service's source fields a visitor can use, in reading order. */
export function serviceSourceDetails(fields: Json, lang: 'nl' | 'en'): SourceDetail[] {
  const out: SourceDetail[] = [];
  const add = (label: SourceDetailLabel, values: (string | undefined)[]) => {
    const kept = values.filter((v): v is string => Boolean(v));
    if (kept.length > 0) out.push({ label, values: kept });
  };
  add('alternateName', [text(fields.alternate_name)]);
  const min = text(fields.minimum_age);
  const max = text(fields.maximum_age);
  add('ages', [min && max ? `${min}–${max}` : min ? `${min}+` : max ? `≤ ${max}` : undefined]);
  add('requiredDocuments', list(fields.required_documents).map((d) => text(d.document)));
  add('interpretation', [text(fields.interpretation_services)]);
  add('fees', [text(fields.fees), ...list(fields.cost_options).map((o) => joined(o.option, o.amount !== undefined ? `${text(o.currency) ?? ''} ${text(o.amount)}`.trim() : undefined, o.amount_description))]);
  add('program', [isObject(fields.program) ? joined(fields.program.name, fields.program.description) : undefined]);
  add('funding', list(fields.funding).map((f) => text(f.source)));
  add('accreditations', [text(fields.accreditations)]);
  add('licenses', [text(fields.licenses)]);
  const links = list(fields.service_at_locations);
  add('contacts', [...list(fields.contacts), ...links.flatMap((l) => list(l.contacts))].map((c) => joined(c.name, c.title, c.department, c.email, ...list(c.phones).map((p) => p.number))));
  add('phones', list(fields.phones).map((p) => joined(p.extension ? `${text(p.number)} (${text(p.extension)})` : p.number, p.description)));
  add('schedules', [...list(fields.schedules), ...links.flatMap((l) => list(l.schedules))].map((s) => scheduleLine(s, lang)));
  add('areas', list(fields.service_areas).map((a) => joined(a.name, a.description !== a.name ? a.description : undefined)));
  add(
    'online',
    links.map((l) => (isObject(l.location) && text(l.location.location_type) === 'virtual' ? joined(l.location.name, l.location.url) : undefined)),
  );
  add('website', [text(fields.url), text(fields.email)]);
  return out;
}

/** A notice of the source to show first ("closed in December"). */
export function serviceSourceAlert(fields: Json): string | null {
  return text(fields.alert) ?? null;
}

/** How to get to a location, when its source said. */
export function locationTransportation(fields: Json): string | null {
  return text(fields.transportation) ?? null;
}
