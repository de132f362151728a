import { CsrfField, Layout, LinkParagraph, SubmissionField, type PageContext } from '../../../../platform/web/layout.tsx';
import { Checkbox, ChoiceGroup, ErrorSummary, FormActions, SelectField, TextArea, TextField, fieldId, type FieldErrors } from '../../../../platform/web/forms.tsx';
import { esc } from '../../../../platform/web/html.ts';
import { DataTable } from '../../../../platform/web/table.tsx';
import { LOCATION_ROLES, type EditorScope, type HoursForm, type LocationChoices, type LocationDetail, type LocationForm, type LocationListItem, type NamedCode } from '../editor.service.ts';
import { ConflictAlert, FilterSelect, StatusBadge } from './services.views.tsx';

// Pages of the location editor: the list, and one form for new and existing locations with rows of
// opening hours (always at least three empty rows, so it works without JavaScript).

export function LocationsPage(props: { ctx: PageContext; scope: EditorScope; regions: readonly NamedCode[]; region: string | null; locations: readonly LocationListItem[] }) {
  const { ctx, scope, locations } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('editor.locations.title')}>
      <div class="wc-stack">
        <h1 class="utrecht-heading-1" id="locaties-titel">
          {esc(t('editor.locations.title'))}
        </h1>
        <p class="utrecht-paragraph">
          <a class="utrecht-button utrecht-button--primary-action" href="/beheer/locaties/nieuw">
            {esc(t('editor.locations.new'))}
          </a>
        </p>
        {scope.kind === 'all' && (
          <form method="get" action="/beheer/locaties" class="wc-filter">
            <FilterSelect
              id="filter-regio"
              name="regio"
              label={t('editor.services.filter.region')}
              value={props.region ?? ''}
              options={[{ value: '', label: t('editor.services.filter.allRegions') }, ...props.regions.map((region) => ({ value: region.code, label: region.name }))]}
            />
            <button type="submit" class="utrecht-button utrecht-button--secondary-action">
              {esc(t('editor.services.filter.submit'))}
            </button>
          </form>
        )}
        <p class="utrecht-paragraph" role="status">
          {esc(t('editor.locations.count', { count: locations.length }))}
        </p>
        {locations.length === 0 ? (
          <p class="utrecht-paragraph">{esc(t('editor.locations.empty'))}</p>
        ) : (
          <DataTable
            labelledBy="locaties-titel"
            scrollRegion
            headers={[t('editor.locations.col.name'), t('editor.locations.col.organisation'), t('editor.locations.col.role'), t('editor.locations.col.city'), t('editor.locations.col.status')]}
            rows={locations}
            rowAttributes={(location) => ({ 'data-location': location.id })}
            cells={(location) => [
              <a class="utrecht-link" href={`/beheer/locaties/${location.id}`}>
                {esc(location.name)}
              </a>,
              esc(location.organisationName),
              esc(t(`editor.location.role.${location.role}`)),
              esc(location.city),
              <StatusBadge t={t} status={location.status} />,
            ]}
          />
        )}
      </div>
    </Layout>
  );
}

const DAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
/** Rows of opening hours shown: the existing ones and at least three empty ones. */
export const EMPTY_HOURS_ROWS = 3;

function HoursRow({ ctx, index, row }: { ctx: PageContext; index: number; row: HoursForm }) {
  const { t } = ctx;
  const prefix = `hours[${index}]`;
  const id = `uren-${index}`;
  return (
    <fieldset class="utrecht-form-fieldset wc-subgroup wc-hours-row">
      <legend class="utrecht-form-fieldset__legend wc-subgroup__legend">{esc(t('editor.location.hours.row', { number: index + 1 }))}</legend>
      <div class="wc-days">
        {DAYS.map((day) => (
          <Checkbox name={`${prefix}.days`} id={`${id}-dag-${day}`} value={day} label={t(`editor.day.${day}`)} checked={row.days.includes(day)} />
        ))}
      </div>
      <div class="wc-times">
        {(
          [
            ['opens', 'editor.location.hours.opens', row.opens],
            ['closes', 'editor.location.hours.closes', row.closes],
          ] as const
        ).map(([name, key, value]) => (
          <div class="utrecht-form-field utrecht-form-field--text">
            <div class="utrecht-form-field__label">
              <label class="utrecht-form-label" for={`${id}-${name}`}>
                {esc(t(key))}
              </label>
            </div>
            <div class="utrecht-form-field__input">
              <input
                class="utrecht-textbox utrecht-textbox--html-input wc-time"
                type="time"
                id={`${id}-${name}`}
                name={`${prefix}.${name}`}
                value={value}
              />
            </div>
          </div>
        ))}
        <div class="utrecht-form-field utrecht-form-field--text">
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for={`${id}-note`}>
              {esc(`${t('editor.location.hours.note')} ${t('field.optional')}`)}
            </label>
          </div>
          <div class="utrecht-form-field__input">
            <input class="utrecht-textbox utrecht-textbox--html-input" type="text" id={`${id}-note`} name={`${prefix}.note`} value={row.note} maxlength={200} />
          </div>
        </div>
      </div>
    </fieldset>
  );
}

export function LocationFormPage(props: {
  ctx: PageContext;
  scope: EditorScope;
  choices: LocationChoices;
  location?: LocationDetail | undefined;
  values: LocationForm;
  errors: FieldErrors;
  /** The location was changed by someone else after the editor opened it. */
  conflict?: boolean;
  /** A new location's one-time submission token. */
  submission?: string | undefined;
}) {
  const { ctx, scope, choices, location, values, errors } = props;
  const { t } = ctx;
  const title = location ? `${t('editor.location.editTitle')}: ${location.form.name}` : t('editor.location.newTitle');
  const roles = LOCATION_ROLES.filter((role) => role !== 'werkcentrum' || scope.kind !== 'partner' || values.role === 'werkcentrum');
  const hours = [...values.hours, ...Array.from({ length: EMPTY_HOURS_ROWS }, () => ({ days: [], opens: '', closes: '', note: '' }))];
  const hoursError = errors.find((error) => error.field === 'hours');
  return (
    <Layout ctx={ctx} title={title}>
      <div class="wc-stack">
        <LinkParagraph href="/beheer/locaties" text={t('editor.location.back')} />
        <h1 class="utrecht-heading-1">{esc(title)}</h1>
        {props.conflict === true && location !== undefined && (
          <ConflictAlert t={t} title={t('editor.location.conflict.title')} message={t('editor.error.locationConflict')} href={`/beheer/locaties/${location.id}`} />
        )}
        <form method="post" action={location ? `/beheer/locaties/${location.id}` : '/beheer/locaties/nieuw'} class="wc-stack wc-narrow" novalidate>
          <ErrorSummary
            t={t}
            errors={errors.filter((error) => error.field !== 'version')}
            labels={{
              owner: t('editor.field.owner'),
              role: t('editor.location.role'),
              name: t('editor.location.name'),
              description: t('editor.location.description'),
              street: t('editor.location.street'),
              postalCode: t('editor.location.postalCode'),
              city: t('editor.location.city'),
              municipality: t('editor.location.municipality'),
              lat: t('editor.location.lat'),
              lon: t('editor.location.lon'),
              accessibility: t('editor.location.accessibility'),
              status: t('editor.location.status'),
              hours: t('editor.location.hours'),
              sharedWith: t('editor.location.sharedWith'),
            }}
          />
          <CsrfField token={ctx.csrfToken} />
          <SubmissionField token={props.submission} />
          <input type="hidden" name="version" value={values.version} />
          {location ? (
            <p class="utrecht-paragraph">
              <strong>{esc(t('editor.field.owner'))}:</strong> {esc(location.organisationName)}
            </p>
          ) : (
            scope.kind !== 'partner' && (
              <SelectField
                t={t}
                name="owner"
                label={t('editor.field.owner')}
                value={values.owner}
                errors={errors}
                options={choices.owners.map((o) => ({ value: o.id, label: o.name }))}
                placeholder={t('admin.users.choose')}
              />
            )
          )}
          <SelectField t={t} name="role" label={t('editor.location.role')} value={values.role} errors={errors} options={roles.map((role) => ({ value: role, label: t(`editor.location.role.${role}`) }))} />
          <TextField t={t} name="name" label={t('editor.location.name')} value={values.name} errors={errors} maxlength={200} />
          <TextArea t={t} name="description" label={t('editor.location.description')} value={values.description} errors={errors} rows={3} maxlength={1000} optional />
          <TextField t={t} name="street" label={t('editor.location.street')} value={values.street} errors={errors} maxlength={200} autocomplete="street-address" />
          <TextField t={t} name="postalCode" label={t('editor.location.postalCode')} value={values.postalCode} errors={errors} maxlength={7} size={8} autocomplete="postal-code" />
          <TextField t={t} name="city" label={t('editor.location.city')} value={values.city} errors={errors} maxlength={100} autocomplete="address-level2" />
          <SelectField
            t={t}
            name="municipality"
            label={t('editor.location.municipality')}
            value={values.municipality}
            errors={errors}
            options={choices.municipalities.map((m) => ({ value: m.code, label: m.name }))}
            placeholder={t('admin.users.choose')}
          />
          <TextField t={t} name="lat" label={t('editor.location.lat')} hint={t('editor.location.coordinates.hint')} value={values.lat} errors={errors} inputmode="decimal" maxlength={20} size={12} optional />
          <TextField t={t} name="lon" label={t('editor.location.lon')} hint={t('editor.location.coordinates.hint')} value={values.lon} errors={errors} inputmode="decimal" maxlength={20} size={12} optional />
          <TextArea
            t={t}
            name="accessibility"
            label={t('editor.location.accessibility')}
            hint={t('editor.location.accessibility.hint')}
            value={values.accessibility}
            errors={errors}
            rows={2}
            maxlength={500}
            optional
          />
          <SelectField
            t={t}
            name="status"
            label={t('editor.location.status')}
            value={values.status}
            errors={errors}
            options={(['gepubliceerd', 'concept', 'gearchiveerd'] as const).map((status) => ({ value: status, label: t(`editor.status.${status}`) }))}
          />
          <fieldset
            class={`utrecht-form-fieldset${hoursError ? ' utrecht-form-fieldset--invalid' : ''}`}
            id={fieldId('hours')}
            aria-describedby={`${fieldId('hours')}-hint${hoursError ? ` ${fieldId('hours')}-error` : ''}`}
          >
            <legend class="utrecht-form-fieldset__legend">{esc(t('editor.location.hours'))}</legend>
            <div class="utrecht-form-field-description" id={`${fieldId('hours')}-hint`}>
              {esc(t('editor.location.hours.hint'))}
            </div>
            {hoursError !== undefined && (
              <div class="utrecht-form-field-error-message" id={`${fieldId('hours')}-error`}>
                {esc(t(hoursError.key, hoursError.params))}
              </div>
            )}
            {hours.map((row, index) => (
              <HoursRow ctx={ctx} index={index} row={row} />
            ))}
          </fieldset>
          <ChoiceGroup
            t={t}
            type="checkbox"
            name="sharedWith"
            label={`${t('editor.location.sharedWith')} ${t('field.optional')}`}
            hint={choices.shareWith.length > 0 ? t('editor.location.sharedWith.hint') : t('editor.location.sharedWith.none')}
            errors={errors}
            values={values.sharedWith}
            options={choices.shareWith.map((o) => ({ value: o.id, label: o.name }))}
          />
          <FormActions t={t} cancelHref="/beheer/locaties" />
        </form>
      </div>
    </Layout>
  );
}
