import { CsrfField, LinkParagraph, Page, type PageContext } from '../../../platform/web/layout.tsx';
import { ErrorSummary, SelectField, SubmitButton, TextField, ChoiceGroup, type FieldErrors, FormActions } from '../../../platform/web/forms.tsx';
import { esc } from '../../../platform/web/html.ts';
import { DataTable } from '../../../platform/web/table.tsx';
import type { Municipality, Region, RegionDetail } from '../regions.service.ts';
import { MAP_HEIGHT, MAP_WIDTH, type RegionShape } from '../map.ts';

export interface ChooserState {
  value: string;
  errors: FieldErrors;
  suggestions: string[];
}

export const emptyChooser: ChooserState = { value: '', errors: [], suggestions: [] };

/** "In which municipality do you live/work?": a plain GET form; the datalist helps typing where supported. */
function MunicipalityChooser({ ctx, municipalities, state }: { ctx: PageContext; municipalities: readonly Municipality[]; state: ChooserState }) {
  const { t } = ctx;
  return (
    <form method="get" action="/gemeente-kiezen" class="wc-stack wc-narrow" novalidate>
      <ErrorSummary t={t} errors={state.errors} />
      <TextField
        t={t}
        name="gemeente"
        label={t('chooser.label')}
        hint={t('portal.chooser.hint')}
        value={state.value}
        errors={state.errors}
        list="gemeenten"
        autocomplete="address-level2"
        maxlength={80}
      />
      <datalist id="gemeenten">
        {municipalities.map((m) => (
          <option value={m.name} />
        ))}
      </datalist>
      {state.suggestions.length > 0 && (
        <div>
          <p class="utrecht-paragraph">{esc(t('chooser.suggestions'))}</p>
          <ul class="utrecht-unordered-list">
            {state.suggestions.map((name) => (
              <li>
                <a class="utrecht-link" href={`/gemeente-kiezen?gemeente=${encodeURIComponent(name)}`}>
                  {esc(name)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <SubmitButton label={t('chooser.submit')} />
    </form>
  );
}

export function HomePage({ ctx, municipalities, chooser }: { ctx: PageContext; municipalities: readonly Municipality[]; chooser: ChooserState }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('home.title')} lead={t('home.intro')}>
    <h2 class="utrecht-heading-2">{esc(t('home.chooseHeading'))}</h2>
    <MunicipalityChooser ctx={ctx} municipalities={municipalities} state={chooser} />
    <LinkParagraph href="/regios" text={t('home.allRegions')} />
    </Page>
  );
}

function RegionMap({ ctx, regions, shapes }: { ctx: PageContext; regions: readonly Region[]; shapes: readonly RegionShape[] }) {
  const bySlug = new Map(regions.map((r) => [r.code, r]));
  return (
    <figure class="wc-map">
      <svg viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} role="group" aria-labelledby="kaart-titel" xmlns="http://www.w3.org/2000/svg">
        <title id="kaart-titel">{esc(ctx.t('regions.mapLabel'))}</title>
        {shapes.map((shape) => {
          const region = bySlug.get(shape.code);
          if (!region) return '';
          return (
            <a href={`/${region.slug}`} aria-label={ctx.t('region.title', { name: region.name })}>
              <path d={shape.path} />
            </a>
          );
        })}
      </svg>
    </figure>
  );
}

export function RegionsPage(props: {
  ctx: PageContext;
  regions: readonly Region[];
  shapes: readonly RegionShape[];
  municipalities: readonly Municipality[];
  chooser: ChooserState;
}) {
  const { ctx, regions } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('regions.title')} lead={t('regions.intro')}>
    <div class="wc-columns">
      <RegionMap ctx={ctx} regions={regions} shapes={props.shapes} />
      <div class="wc-stack">
        <h2 class="utrecht-heading-2">{esc(t('home.chooseHeading'))}</h2>
        <MunicipalityChooser ctx={ctx} municipalities={props.municipalities} state={props.chooser} />
      </div>
    </div>
    <h2 class="utrecht-heading-2">{esc(t('regions.listHeading'))}</h2>
    <ul class="utrecht-unordered-list wc-region-list">
      {regions.map((region) => (
        <li>
          <a class="utrecht-link" href={`/${region.slug}`}>
            {esc(t('region.title', { name: region.name }))}
          </a>{' '}
          <span class="wc-muted">{esc(`(${t('regions.municipalityCount', { count: region.municipalityCount })})`)}</span>
        </li>
      ))}
    </ul>
    </Page>
  );
}

export interface RegionEditState {
  region: RegionDetail;
  values: { centrumgemeente: string; verified: boolean };
  errors: FieldErrors;
}

export function RegionsAdminPage({ ctx, regions, edit }: { ctx: PageContext; regions: readonly Region[]; edit?: RegionEditState }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('admin.regions.title')}>
    {edit ? (
      <form method="post" action={`/beheer/regios/${edit.region.code}`} class="wc-stack wc-card wc-narrow" novalidate>
        <h2 class="utrecht-heading-2">{esc(t('region.title', { name: edit.region.name }))}</h2>
        <ErrorSummary t={t} errors={edit.errors} />
        <CsrfField token={ctx.csrfToken} />
        <SelectField
          t={t}
          name="centrumgemeente"
          label={t('field.centrumgemeente')}
          value={edit.values.centrumgemeente}
          errors={edit.errors}
          options={edit.region.municipalities.map((m) => ({ value: m.code, label: m.name }))}
        />
        <ChoiceGroup
          t={t}
          type="checkbox"
          name="verified"
          label={t('admin.regions.verified')}
          errors={edit.errors}
          values={edit.values.verified ? ['ja'] : []}
          options={[{ value: 'ja', label: t('admin.regions.verified') }]}
        />
        <FormActions t={t} cancelHref="/beheer/regios" />
      </form>
    ) : (
      ''
    )}
    <DataTable
      headers={[t('field.region'), t('field.centrumgemeente'), t('field.status')]}
      rows={regions}
      cells={(region) => [
        <a class="utrecht-link" href={`/beheer/regios/${region.code}`}>
          {esc(`${region.code} ${region.name}`)}
        </a>,
        esc(region.centrumgemeente?.name ?? t('region.centrumgemeente.none')),
        region.centrumgemeente?.verified ? esc(t('admin.regions.verified')) : esc(t('region.centrumgemeente.unverified')),
      ]}
    />
    </Page>
  );
}
