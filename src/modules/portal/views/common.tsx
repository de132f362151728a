import type { Children } from '@kitajs/html';
import type { PageContext } from '../../../platform/web/layout.tsx';
import type { Lang, MessageKey, Translate } from '../../../platform/i18n/index.ts';
import { DataList } from '../../../platform/web/table.tsx';
import { esc } from '../../../platform/web/html.ts';
import { accessRoutes, audiences, deliveryModes, themes, type Term } from '../../catalogue/taxonomy.ts';
import { today, type OpeningSlot } from '../opening-hours.ts';
import type { LocationSummary } from '../portal.service.ts';

// Pieces every portal page shares: the way back to the region, today's opening hours with
// "nu open", a location card, the "stel een vraag" call to action, taxonomy labels.

export interface RegionRef {
  code: string;
  name: string;
  slug: string;
}

const allTerms: Term[] = [...themes, ...themes.flatMap((theme) => theme.children as readonly Term[]), ...audiences, ...deliveryModes, ...accessRoutes];
const termsByCode = new Map(allTerms.map((term) => [term.code, term]));

export function termLabel(lang: Lang, code: string): string {
  const term = termsByCode.get(code);
  return term ? (lang === 'nl' ? term.nl : term.en) : code;
}

const languageNames: Partial<Record<Lang, Intl.DisplayNames>> = {};
export function languageName(lang: Lang, code: string): string {
  languageNames[lang] ??= new Intl.DisplayNames([lang === 'nl' ? 'nl-NL' : 'en-GB'], { type: 'language' });
  return languageNames[lang].of(code) ?? code;
}

export const dayKey = (isoDay: number) => `portal.day.${isoDay}` as MessageKey;

export function Breadcrumbs({ t, region, trail }: { t: Translate; region: RegionRef; trail: readonly { href?: string; label: string }[] }) {
  return (
    <nav aria-label={t('portal.breadcrumbs')} class="wc-breadcrumbs">
      <ol>
        <li>
          <a class="utrecht-link" href={`/${region.slug}`}>
            {esc(t('region.title', { name: region.name }))}
          </a>
        </li>
        {trail.map((item) =>
          item.href ? (
            <li>
              <a class="utrecht-link" href={item.href}>
                {esc(item.label)}
              </a>
            </li>
          ) : (
            <li aria-current="page">{esc(item.label)}</li>
          ),
        )}
      </ol>
    </nav>
  );
}

/** "Vandaag 09:00–17:00 · Nu open", from the Amsterdam clock. */
export function HoursToday({ t, hours, now }: { t: Translate; hours: readonly OpeningSlot[]; now: Date }) {
  const day = today(hours, now);
  const times = day.slots.map((slot) => t('portal.hours.slot', { opens: slot.opens, closes: slot.closes })).join(', ');
  return (
    <p class="utrecht-paragraph wc-hours-today">
      {day.openNow ? (
        <span class="utrecht-status-badge utrecht-status-badge--active">{esc(t('portal.hours.openNow'))}</span>
      ) : (
        <span class="utrecht-status-badge utrecht-status-badge--inactive">{esc(t('portal.hours.closedNow'))}</span>
      )}{' '}
      {esc(day.slots.length > 0 ? t('portal.hours.today', { times }) : t('portal.hours.closedToday'))}
    </p>
  );
}

export function Address({ location }: { location: Pick<LocationSummary, 'street' | 'postalCode' | 'city'> }) {
  return (
    <address class="wc-address">
      {esc(location.street)}
      <br />
      {esc(`${location.postalCode} ${location.city}`)}
    </address>
  );
}

export function LocationCard({ t, region, location, now, headingLevel = 3 }: { t: Translate; region: RegionRef; location: LocationSummary; now: Date; headingLevel?: 2 | 3 }) {
  const link = (
    <a class="utrecht-link" href={`/${region.slug}/locaties/${location.id}`}>
      {esc(location.name)}
    </a>
  );
  return (
    <li class="wc-card wc-location-card">
      {headingLevel === 2 ? <h2 class="utrecht-heading-3">{link}</h2> : <h3 class="utrecht-heading-3">{link}</h3>}
      <Address location={location} />
      <HoursToday t={t} hours={location.openingHours} now={now} />
    </li>
  );
}

export function AskCta({ t, region, serviceId, audience, heading = true }: { t: Translate; region: RegionRef; serviceId?: string; audience?: string; heading?: boolean }) {
  const query = serviceId ? `?dienst=${encodeURIComponent(serviceId)}` : audience ? `?wie=${encodeURIComponent(audience)}` : '';
  return (
    <section class="wc-ask" aria-labelledby={heading ? 'stel-een-vraag' : undefined}>
      {heading ? (
        <h2 class="utrecht-heading-2" id="stel-een-vraag">
          {esc(t('portal.ask.heading'))}
        </h2>
      ) : (
        ''
      )}
      <p class="utrecht-paragraph">{esc(t('portal.ask.text', { region: region.name }))}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-button utrecht-button--primary-action wc-button-link" href={`/${region.slug}/vraag${query}`}>
          {esc(serviceId ? t('portal.ask.aboutService') : t('portal.ask.button'))}
        </a>
      </p>
    </section>
  );
}

/** Multi-line text from the catalogue as paragraphs. */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n|\n/)
        .filter((part) => part.trim())
        .map((part) => (
          <p class="utrecht-paragraph">{esc(part.trim())}</p>
        ))}
    </>
  );
}

/** Contact details as links: e-mail, phone, website. */
export function ContactLinks({ t, email, phone, url }: { t: Translate; email: string | null; phone: string | null; url: string | null }) {
  const items: { key: string; value: Children }[] = [];
  if (phone)
    items.push({
      key: t('portal.contact.phone'),
      value: (
        <a class="utrecht-link" href={`tel:${phone.replace(/[^0-9+]/g, '')}`}>
          {esc(phone)}
        </a>
      ),
    });
  if (email)
    items.push({
      key: t('portal.contact.email'),
      value: (
        <a class="utrecht-link" href={`mailto:${email}`}>
          {esc(email)}
        </a>
      ),
    });
  if (url)
    items.push({
      key: t('portal.contact.website'),
      value: (
        <a class="utrecht-link" href={url} rel="noopener">
          {esc(url.replace(/^https?:\/\//, ''))}
        </a>
      ),
    });
  return items.length > 0 ? <DataList items={items} /> : <p class="utrecht-paragraph">{esc(t('portal.contact.none'))}</p>;
}

export const formatDate = (ctx: PageContext, isoDate: string): string =>
  new Intl.DateTimeFormat(ctx.lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
