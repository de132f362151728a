import { Layout, LinkParagraph, Page, type PageContext } from '../../../platform/web/layout.tsx';
import { esc } from '../../../platform/web/html.ts';
import { DataList } from '../../../platform/web/table.tsx';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import type { RegionDetail } from '../../regions/regions.service.ts';
import { regionPolicy } from '../../regions/regions.policy.ts';
import { themes } from '../../catalogue/taxonomy.ts';
import { locationTransportation, serviceSourceAlert, serviceSourceDetails } from '../../catalogue/source-details.ts';
import { week } from '../opening-hours.ts';
import type { LocationMap } from '../map.ts';
import {
  PORTAL_AUDIENCES,
  type LocationDetail,
  type LocationSummary,
  type OrganisationDetail,
  type PathwayDetail,
  type PathwaySummary,
  type PortalAudience,
  type PublishedService,
  type ServiceLink,
} from '../portal.service.ts';
import {
  Address,
  AskCta,
  Breadcrumbs,
  ContactLinks,
  dayKey,
  formatDate,
  HoursToday,
  languageName,
  LocationCard,
  Paragraphs,
  termLabel,
  type RegionRef,
} from './common.tsx';

/** "<page> · Werkcentrum <regio>", without saying the region twice. */
const inRegion = (ctx: PageContext, region: RegionRef, name: string): string => {
  const regionTitle = ctx.t('region.title', { name: region.name });
  return name === regionTitle ? name : `${name} · ${regionTitle}`;
};

const kindKey = (kind: string) => `org.kind.${kind}` as MessageKey;
const audienceKey = (segment: PortalAudience['segment'], part: 'title' | 'for' | 'intro') => `portal.audience.${segment}.${part}` as MessageKey;

function SearchBox({ ctx, region }: { ctx: PageContext; region: RegionRef }) {
  const { t } = ctx;
  return (
    <form method="get" action={`/${region.slug}/zoeken`} role="search" class="wc-searchbox" aria-label={t('portal.search.label')}>
      <label class="utrecht-form-label" for="zoekvraag">
        {esc(t('portal.search.question'))}
      </label>
      <div class="wc-searchbox__row">
        <input class="utrecht-textbox utrecht-textbox--html-input" id="zoekvraag" name="q" type="search" maxlength={200} autocomplete="off" />
        <button type="submit" class="utrecht-button utrecht-button--primary-action">
          {esc(t('portal.search.submit'))}
        </button>
      </div>
      <p class="utrecht-paragraph wc-muted">{esc(t('portal.search.hint'))}</p>
    </form>
  );
}

/** The region's Ontwikkelpaden with a heading, when there are any. */
function PathwaysSection({ ctx, region, pathways }: { ctx: PageContext; region: RegionRef; pathways: readonly PathwaySummary[] }) {
  if (pathways.length === 0) return <></>;
  const { t } = ctx;
  return (
    <section aria-labelledby="ontwikkelpaden" class="wc-stack">
      <h2 class="utrecht-heading-2" id="ontwikkelpaden">
        {esc(t('portal.pathways.heading'))}
      </h2>
      <p class="utrecht-paragraph">{esc(t('portal.pathways.intro'))}</p>
      <PathwayList ctx={ctx} region={region} pathways={pathways} />
    </section>
  );
}

function PathwayList({ ctx, region, pathways }: { ctx: PageContext; region: RegionRef; pathways: readonly PathwaySummary[] }) {
  return (
    <ul class="wc-link-list">
      {pathways.map((pathway) => (
        <li>
          <a class="utrecht-link" href={`/${region.slug}/ontwikkelpaden/${pathway.key}`}>
            {esc(pathway.name)}
          </a>
          <span class="wc-muted">{esc(` · ${pathway.sector}${pathway.national ? ` · ${ctx.t('portal.pathways.national')}` : ''}`)}</span>
        </li>
      ))}
    </ul>
  );
}

export interface PortalHome {
  werkcentra: LocationSummary[];
  partners: LocationSummary[];
  audienceCounts: Map<string, number>;
  pathways: PathwaySummary[];
}

export function PortalHomePage({ ctx, region, home, now }: { ctx: PageContext; region: RegionDetail; home: PortalHome; now: Date }) {
  const { t } = ctx;
  const title = t('region.title', { name: region.name });
  return (
    <Page ctx={ctx} title={title} lead={t('portal.home.intro', { name: region.name })}>
    <SearchBox ctx={ctx} region={region} />

    <section aria-labelledby="ingangen" class="wc-stack">
      <h2 class="utrecht-heading-2" id="ingangen">
        {esc(t('portal.home.entryHeading'))}
      </h2>
      <ul class="wc-entry-points">
        {PORTAL_AUDIENCES.map((entry) => (
          <li>
            <a class="wc-entry-point" href={`/${region.slug}/voor/${entry.segment}`}>
              <span class="wc-entry-point__title">{esc(t(audienceKey(entry.segment, 'title')))}</span>
              <span class="wc-entry-point__text">
                {esc(`${t(audienceKey(entry.segment, 'for'))} · ${t('portal.services.count', { count: home.audienceCounts.get(entry.audience) ?? 0 })}`)}
              </span>
            </a>
          </li>
        ))}
      </ul>
      <p class="utrecht-paragraph">
        {esc(t('portal.wegwijzer.text'))}{' '}
        <a class="utrecht-link" href={`/${region.slug}/wegwijzer`}>
          {esc(t('portal.wegwijzer.link'))}
        </a>
      </p>
    </section>

    <AskCta t={t} region={region} />

    <section aria-labelledby="kom-langs" class="wc-stack">
      <h2 class="utrecht-heading-2" id="kom-langs">
        {esc(t('portal.visit.heading'))}
      </h2>
      {home.werkcentra.length === 0 ? (
        <p class="utrecht-paragraph">{esc(t('portal.visit.none'))}</p>
      ) : (
        <>
          <p class="utrecht-paragraph">{esc(t('portal.visit.intro', { name: region.name }))}</p>
          <ul class="wc-cards">
            {home.werkcentra.map((location) => (
              <LocationCard t={t} region={region} location={location} now={now} />
            ))}
          </ul>
        </>
      )}
      {home.partners.length > 0 && (
        <>
          <h3 class="utrecht-heading-3">{esc(t('portal.visit.partnersHeading', { name: region.name }))}</h3>
          <p class="utrecht-paragraph">{esc(t('portal.visit.partnersIntro'))}</p>
          <ul class="wc-cards">
            {home.partners.map((location) => (
              <LocationCard t={t} region={region} location={location} now={now} />
            ))}
          </ul>
        </>
      )}
    </section>

    <PathwaysSection ctx={ctx} region={region} pathways={home.pathways} />

    <section aria-labelledby="over" class="wc-stack">
      <h2 class="utrecht-heading-2" id="over">
        {esc(t('portal.about.heading', { name: region.name }))}
      </h2>
      <p class="utrecht-paragraph">
        {esc(`${t('region.centrumgemeente')}: `)}
        {region.centrumgemeente ? esc(region.centrumgemeente.name) : esc(t('region.centrumgemeente.none'))}
        {/* Whether the centrumgemeente is confirmed is an administrators' note, not the public's. */}
        {region.centrumgemeente && !region.centrumgemeente.verified && regionPolicy.can(ctx.actor, 'manage') ? (
          <>
            {' '}
            <span class="utrecht-status-badge utrecht-status-badge--warning">{esc(t('region.centrumgemeente.unverified'))}</span>
          </>
        ) : (
          ''
        )}
      </p>
      <p class="utrecht-paragraph wc-muted">{esc(t('region.centrumgemeente.explain'))}</p>
      <details class="wc-details">
        <summary>{esc(t('region.partners', { name: region.name }))}</summary>
        {region.partners.length === 0 ? (
          <p class="utrecht-paragraph">{esc(t('region.noPartners'))}</p>
        ) : (
          <ul class="utrecht-unordered-list">
            {region.partners.map((partner) => (
              <li>
                <a class="utrecht-link" href={`/${region.slug}/organisaties/${partner.id}`}>
                  {esc(partner.name)}
                </a>{' '}
                <span class="wc-muted">{esc(`(${t(kindKey(partner.kind))})`)}</span>
              </li>
            ))}
          </ul>
        )}
      </details>
      <details class="wc-details">
        <summary>{esc(`${t('region.municipalities')} (${region.municipalities.length})`)}</summary>
        <ul class="utrecht-unordered-list wc-region-list">
          {region.municipalities.map((m) => (
            <li>{esc(m.name)}</li>
          ))}
        </ul>
      </details>
      <LinkParagraph href="/regios" text={t('region.backToMap')} />
    </section>
    </Page>
  );
}

export function AudiencePage(props: {
  ctx: PageContext;
  region: RegionRef;
  entry: PortalAudience;
  counts: Map<string, number>;
  pathways: readonly PathwaySummary[];
}) {
  const { ctx, region, entry, counts } = props;
  const { t, lang } = ctx;
  const title = t(audienceKey(entry.segment, 'title'));
  // The search page's own (Dutch) filter parameters.
  const search = (theme?: string) =>
    `/${region.slug}/zoeken?doelgroep=${entry.audience}${theme ? `&onderwerp=${encodeURIComponent(theme)}` : ''}`;
  const groups = themes
    .map((group) => ({ group, children: group.children.filter((child) => (counts.get(child.code) ?? 0) > 0) }))
    .filter((item) => item.children.length > 0);
  return (
    <Layout ctx={ctx} title={inRegion(ctx, region, title)}>
      <div class="wc-stack">
        <Breadcrumbs t={t} region={region} trail={[{ label: title }]} />
        <h1 class="utrecht-heading-1">{esc(title)}</h1>
        <p class="utrecht-paragraph wc-lead">{esc(t(audienceKey(entry.segment, 'intro'), { name: region.name }))}</p>
        <p class="utrecht-paragraph">
          {esc(t('portal.wegwijzer.text'))}{' '}
          <a class="utrecht-link" href={`/${region.slug}/wegwijzer`}>
            {esc(t('portal.wegwijzer.link'))}
          </a>
        </p>
        <h2 class="utrecht-heading-2">{esc(t('portal.audience.themesHeading'))}</h2>
        {groups.length === 0 ? (
          <p class="utrecht-paragraph">{esc(t('portal.audience.none'))}</p>
        ) : (
          <div class="wc-theme-groups">
            {groups.map(({ group, children }) => (
              <section class="wc-card wc-theme-group" aria-labelledby={`thema-${group.code}`}>
                <h3 class="utrecht-heading-3" id={`thema-${group.code}`}>
                  {esc(termLabel(lang, group.code))}
                </h3>
                {'explainNl' in group ? <p class="utrecht-paragraph wc-muted">{esc(lang === 'nl' ? group.explainNl : group.explainEn)}</p> : ''}
                <ul class="wc-link-list">
                  {children.map((child) => (
                    <li>
                      <a class="utrecht-link" href={search(child.code)}>
                        {esc(termLabel(lang, child.code))}
                      </a>{' '}
                      <span class="wc-muted">{esc(`(${t('portal.services.count', { count: counts.get(child.code) ?? 0 })})`)}</span>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
        <LinkParagraph href={search()} text={t('portal.audience.all', { who: t(audienceKey(entry.segment, 'for')).toLowerCase() })} />
        <PathwaysSection ctx={ctx} region={region} pathways={props.pathways} />
        <AskCta t={t} region={region} audience={entry.audience} />
      </div>
    </Layout>
  );
}

function LocationList({ ctx, region, locations, now }: { ctx: PageContext; region: RegionRef; locations: readonly LocationSummary[]; now: Date }) {
  return (
    <ul class="wc-cards">
      {locations.map((location) => (
        <LocationCard t={ctx.t} region={region} location={location} now={now} />
      ))}
    </ul>
  );
}

function costText(ctx: PageContext, service: PublishedService): string {
  const { t } = ctx;
  if (service.cost.free) return service.cost.description ? `${t('portal.service.free')}. ${service.cost.description}` : t('portal.service.free');
  const amount =
    service.cost.amountCents !== null
      ? new Intl.NumberFormat(ctx.lang === 'nl' ? 'nl-NL' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(service.cost.amountCents / 100)
      : null;
  return [amount, service.cost.description].filter(Boolean).join(' · ') || t('portal.service.notFree');
}

export function ServicePage({ ctx, region, service, now }: { ctx: PageContext; region: RegionRef; service: PublishedService; now: Date }) {
  const { t, lang } = ctx;
  const facts = [
    { key: t('portal.service.audiences'), value: esc(service.audiences.map((code) => termLabel(lang, code)).join(', ')) },
    { key: t('portal.service.cost'), value: esc(costText(ctx, service)) },
    { key: t('portal.service.languages'), value: esc(service.languages.map((code) => languageName(lang, code)).join(', ')) },
    { key: t('portal.service.deliveryModes'), value: esc(service.deliveryModes.map((code) => termLabel(lang, code)).join(', ')) },
    { key: t('portal.service.themes'), value: esc(service.themes.map((code) => termLabel(lang, code)).join(', ')) },
  ];
  const apply = [
    { key: t('portal.service.access'), value: esc(service.access.map((code) => termLabel(lang, code)).join('; ')) },
    { key: t('portal.service.applicationProcess'), value: esc(service.applicationProcess) },
    ...(service.waitTime ? [{ key: t('portal.service.waitTime'), value: esc(service.waitTime) }] : []),
    ...(service.capacity ? [{ key: t('portal.service.capacity'), value: esc(t(`portal.service.capacity.${service.capacity}` as MessageKey)) }] : []),
  ];
  const source = serviceSourceDetails(service.sourceFields, lang).map((detail) => ({
    key: t(`portal.service.source.${detail.label}` as MessageKey),
    value: detail.values.length === 1 ? esc(detail.values[0]!) : <ul class="utrecht-unordered-list">{detail.values.map((value) => <li>{esc(value)}</li>)}</ul>,
  }));
  const alert = serviceSourceAlert(service.sourceFields);
  return (
    <Layout ctx={ctx} title={inRegion(ctx, region, service.name)}>
      <article class="wc-stack">
        <Breadcrumbs t={t} region={region} trail={[{ label: service.name }]} />
        <h1 class="utrecht-heading-1" lang={lang === 'nl' ? undefined : 'nl'}>
          {esc(service.name)}
        </h1>
        {lang === 'nl' ? '' : <p class="utrecht-paragraph wc-muted">{esc(t('portal.service.inDutch'))}</p>}
        <p class="utrecht-paragraph wc-lead" lang={lang === 'nl' ? undefined : 'nl'}>
          {esc(service.summary)}
        </p>
        <p class="utrecht-paragraph">
          {esc(`${t('portal.service.by')} `)}
          <a class="utrecht-link" href={`/${region.slug}/organisaties/${service.organisation.id}`}>
            {esc(service.organisation.name)}
          </a>
        </p>
        {alert ? (
          <div class="utrecht-alert utrecht-alert--warning" role="note">
            <p class="utrecht-paragraph">{esc(`${t('portal.service.source.alert')}: ${alert}`)}</p>
          </div>
        ) : (
          ''
        )}
        {service.capacity === 'vol' ? (
          <div class="utrecht-alert utrecht-alert--warning" role="note">
            <p class="utrecht-paragraph">{esc(t('portal.service.fullNotice'))}</p>
          </div>
        ) : (
          ''
        )}
        <div class="wc-columns">
          <div class="wc-stack">
            <h2 class="utrecht-heading-2">{esc(t('portal.service.about'))}</h2>
            <div lang={lang === 'nl' ? undefined : 'nl'}>
              <Paragraphs text={service.description} />
            </div>
            <h2 class="utrecht-heading-2">{esc(t('portal.service.forWhom'))}</h2>
            <div lang={lang === 'nl' ? undefined : 'nl'}>
              <Paragraphs text={service.eligibility} />
            </div>
            <DataList items={facts} />
            <h2 class="utrecht-heading-2">{esc(t('portal.service.howToApply'))}</h2>
            <DataList items={apply} />
            {source.length > 0 ? (
              <>
                <h2 class="utrecht-heading-2">{esc(t('portal.service.source'))}</h2>
                <DataList items={source} />
              </>
            ) : (
              ''
            )}
            {service.locations.length > 0 && (
              <>
                <h2 class="utrecht-heading-2">{esc(t('portal.service.locations'))}</h2>
                <LocationList ctx={ctx} region={region} locations={service.locations} now={now} />
              </>
            )}
          </div>
          <aside class="wc-stack" aria-labelledby="dienst-contact">
            <div class="wc-card wc-stack">
              <h2 class="utrecht-heading-2" id="dienst-contact">
                {esc(t('portal.service.contact'))}
              </h2>
              <ContactLinks t={t} email={service.contact.email} phone={service.contact.phone} url={service.contact.url} />
            </div>
            <div class="wc-card wc-stack">
              <AskCta t={t} region={region} serviceId={service.id} />
            </div>
            <p class="utrecht-paragraph wc-muted">{esc(t('portal.service.lastReviewed', { date: formatDate(ctx, service.lastReviewed) }))}</p>
          </aside>
        </div>
      </article>
    </Layout>
  );
}

function ServiceList({ region, services }: { region: RegionRef; services: readonly ServiceLink[] }) {
  return (
    <ul class="wc-link-list wc-service-list">
      {services.map((service) => (
        <li>
          <a class="utrecht-link" href={`/${region.slug}/diensten/${service.id}`}>
            {esc(service.name)}
          </a>
          <p class="utrecht-paragraph">{esc(service.summary)}</p>
        </li>
      ))}
    </ul>
  );
}

export function OrganisationPage({ ctx, region, organisation, now }: { ctx: PageContext; region: RegionRef; organisation: OrganisationDetail; now: Date }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={inRegion(ctx, region, organisation.name)}>
      <div class="wc-stack">
        <Breadcrumbs t={t} region={region} trail={[{ label: organisation.name }]} />
        <h1 class="utrecht-heading-1">{esc(organisation.name)}</h1>
        <p class="utrecht-paragraph wc-muted">{esc(t(kindKey(organisation.kind)))}</p>
        {organisation.description ? <Paragraphs text={organisation.description} /> : ''}
        <div class="wc-columns">
          <section class="wc-stack" aria-labelledby="org-diensten">
            <h2 class="utrecht-heading-2" id="org-diensten">
              {esc(t('portal.organisation.services', { name: region.name }))}
            </h2>
            {organisation.services.length === 0 ? (
              <p class="utrecht-paragraph">{esc(t('portal.organisation.noServices'))}</p>
            ) : (
              <ServiceList region={region} services={organisation.services} />
            )}
          </section>
          <aside class="wc-stack" aria-labelledby="org-contact">
            <div class="wc-card wc-stack">
              <h2 class="utrecht-heading-2" id="org-contact">
                {esc(t('portal.service.contact'))}
              </h2>
              <ContactLinks t={t} email={organisation.email} phone={organisation.phone} url={organisation.website} />
            </div>
          </aside>
        </div>
        {organisation.locations.length > 0 && (
          <section class="wc-stack" aria-labelledby="org-locaties">
            <h2 class="utrecht-heading-2" id="org-locaties">
              {esc(t('portal.organisation.locations'))}
            </h2>
            <LocationList ctx={ctx} region={region} locations={organisation.locations} now={now} />
          </section>
        )}
      </div>
    </Layout>
  );
}

export function LocationPage(props: { ctx: PageContext; region: RegionRef; location: LocationDetail; map: LocationMap | null; now: Date }) {
  const { ctx, region, location, map, now } = props;
  const { t } = ctx;
  const osm = `https://www.openstreetmap.org/?mlat=${location.lat}&mlon=${location.lon}#map=17/${location.lat}/${location.lon}`;
  const roleKey = `portal.location.role.${location.role}` as MessageKey;
  return (
    <Layout ctx={ctx} title={inRegion(ctx, region, location.name)}>
      <div class="wc-stack">
        <Breadcrumbs t={t} region={region} trail={[{ label: location.name }]} />
        <h1 class="utrecht-heading-1">{esc(location.name)}</h1>
        <p class="utrecht-paragraph wc-muted">
          {esc(t(roleKey, { name: region.name }))}
          {' · '}
          <a class="utrecht-link" href={`/${region.slug}/organisaties/${location.organisation.id}`}>
            {esc(location.organisation.name)}
          </a>
        </p>
        {location.description ? <Paragraphs text={location.description} /> : ''}
        <div class="wc-columns">
          <div class="wc-stack">
            <h2 class="utrecht-heading-2">{esc(t('portal.location.address'))}</h2>
            <Address location={location} />
            <p class="utrecht-paragraph wc-muted">{esc(t('portal.location.municipality', { name: location.municipalityName }))}</p>
            {location.approximate ? <p class="utrecht-paragraph wc-muted">{esc(t('portal.location.approximate'))}</p> : ''}
            {locationTransportation(location.sourceFields) ? (
              <>
                <h2 class="utrecht-heading-2">{esc(t('portal.location.transportation'))}</h2>
                <p class="utrecht-paragraph">{esc(locationTransportation(location.sourceFields)!)}</p>
              </>
            ) : (
              ''
            )}
            <h2 class="utrecht-heading-2" id="openingstijden">
              {esc(t('portal.location.hours'))}
            </h2>
            <HoursToday t={t} hours={location.openingHours} now={now} />
            <div class="wc-table-wrap">
              <table class="utrecht-table" aria-labelledby="openingstijden">
                <thead class="utrecht-table__header">
                  <tr class="utrecht-table__row">
                    <th class="utrecht-table__header-cell" scope="col">
                      {esc(t('portal.location.day'))}
                    </th>
                    <th class="utrecht-table__header-cell" scope="col">
                      {esc(t('portal.location.times'))}
                    </th>
                  </tr>
                </thead>
                <tbody class="utrecht-table__body">
                  {week(location.openingHours).map((day) => (
                    <tr class="utrecht-table__row">
                      <th class="utrecht-table__header-cell" scope="row">
                        {esc(t(dayKey(day.isoDay)))}
                      </th>
                      <td class="utrecht-table__cell">
                        {day.slots.length === 0
                          ? esc(t('portal.hours.closed'))
                          : day.slots.map((slot, i) => (
                              <>
                                {i > 0 ? <br /> : ''}
                                {esc(t('portal.hours.slot', { opens: slot.opens, closes: slot.closes }))}
                                {slot.note ? <span class="wc-muted">{esc(` (${slot.note})`)}</span> : ''}
                              </>
                            ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h2 class="utrecht-heading-2">{esc(t('portal.location.accessibility'))}</h2>
            <p class="utrecht-paragraph">{esc(location.accessibility ?? t('portal.location.accessibilityUnknown'))}</p>
          </div>
          <figure class="wc-location-map">
            {map ? (
              <svg viewBox={`0 0 ${map.size} ${map.size}`} role="img" aria-labelledby="kaart-titel" xmlns="http://www.w3.org/2000/svg">
                <title id="kaart-titel">{esc(t('portal.location.mapLabel', { name: location.name, region: region.name }))}</title>
                <path d={map.outline} fill="#d5ecec" stroke="#17686a" stroke-width="1.5" />
                <circle cx={String(map.marker.x)} cy={String(map.marker.y)} r="9" fill="#b3261e" stroke="#ffffff" stroke-width="3" />
              </svg>
            ) : (
              ''
            )}
            <figcaption>
              <a class="utrecht-link" href={osm} rel="noopener">
                {esc(t('portal.location.openMap'))}
              </a>
            </figcaption>
          </figure>
        </div>
        {location.services.length > 0 && (
          <section class="wc-stack" aria-labelledby="locatie-diensten">
            <h2 class="utrecht-heading-2" id="locatie-diensten">
              {esc(t('portal.location.services'))}
            </h2>
            <ServiceList region={region} services={location.services} />
          </section>
        )}
        <AskCta t={t} region={region} />
      </div>
    </Layout>
  );
}

export function PathwayPage({ ctx, region, pathway }: { ctx: PageContext; region: RegionRef; pathway: PathwayDetail }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={inRegion(ctx, region, pathway.name)}>
      <article class="wc-stack">
        <Breadcrumbs t={t} region={region} trail={[{ label: pathway.name }]} />
        <h1 class="utrecht-heading-1">{esc(pathway.name)}</h1>
        <p class="utrecht-paragraph wc-muted">{esc(`${t('portal.pathways.sector')}: ${pathway.sector}`)}</p>
        <p class="utrecht-paragraph wc-lead">{esc(pathway.summary)}</p>
        <h2 class="utrecht-heading-2">{esc(t('portal.pathways.steps'))}</h2>
        <ol class="wc-steps">
          {pathway.steps.map((step) => (
            <li class="wc-card">
              <h3 class="utrecht-heading-3">{esc(step.title.replace(/^\d+\.\s*/, ''))}</h3>
              <p class="utrecht-paragraph">{esc(step.description)}</p>
              {step.link ? (
                <LinkParagraph href={`/${region.slug}/diensten/${step.link.id}`} text={t('portal.pathways.stepService', { name: step.link.name })} />
              ) : (
                ''
              )}
            </li>
          ))}
        </ol>
        <AskCta t={t} region={region} />
      </article>
    </Layout>
  );
}
