import { CsrfField, Layout, LinkParagraph, Page, SubmissionField, type PageContext } from '../../../platform/web/layout.tsx';
import { ChoiceGroup, ErrorSummary, SelectField, SubmitButton, TextField, type FieldErrors, FormActions } from '../../../platform/web/forms.tsx';
import { esc } from '../../../platform/web/html.ts';
import { DataTable } from '../../../platform/web/table.tsx';
import { ORGANISATION_KINDS } from '../../../platform/db/schema.ts';
import type { Organisation, OrganisationForm, RegionName, Scope } from '../organisations.service.ts';

// Pages for organisations: the list with a region filter, and one form for new and existing ones.

const kindOptions = (ctx: PageContext, scope: Scope) =>
  ORGANISATION_KINDS.filter((kind) => kind !== 'platform' || scope.kind === 'all').map((kind) => ({ value: kind, label: ctx.t(`org.kind.${kind}`) }));

export function OrganisationsPage(props: {
  ctx: PageContext;
  scope: Scope;
  regions: readonly RegionName[];
  regionCode: string | null;
  organisations: readonly Organisation[];
}) {
  const { ctx, scope, organisations } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('admin.organisations.title')}>
    {scope.kind === 'region' ? (
      <p class="utrecht-paragraph">{esc(t('admin.organisations.scope', { region: scope.region.name }))}</p>
    ) : (
      <form method="get" action="/beheer/organisaties" class="wc-filter">
        <div class="utrecht-form-field">
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for="veld-regio">
              {esc(t('admin.organisations.filter'))}
            </label>
          </div>
          <div class="utrecht-form-field__input">
            <select class="utrecht-select utrecht-select--html-select" id="veld-regio" name="regio">
              <option value="" selected={!props.regionCode}>
                {esc(t('admin.organisations.allRegions'))}
              </option>
              {props.regions.map((region) => (
                <option value={region.code} selected={region.code === props.regionCode}>
                  {esc(region.name)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <SubmitButton label={t('admin.organisations.filterSubmit')} secondary />
      </form>
    )}
    <p class="utrecht-paragraph">
      <a class="utrecht-button utrecht-button--primary-action" href="/beheer/organisaties/nieuw">
        {esc(t('admin.organisations.new'))}
      </a>
    </p>
    <p class="utrecht-paragraph" role="status">
      {esc(t('admin.organisations.count', { count: organisations.length }))}
    </p>
    {organisations.length === 0 ? (
      <p class="utrecht-paragraph">{esc(t('admin.organisations.empty'))}</p>
    ) : (
      <DataTable
        headers={[t('field.name'), t('field.kind'), t('admin.organisations.sector'), t('field.regions')]}
        rows={organisations}
        cells={(organisation) => [
          organisation.editable ? (
            <a class="utrecht-link" href={`/beheer/organisaties/${organisation.id}`}>
              {esc(organisation.name)}
            </a>
          ) : (
            esc(organisation.name)
          ),
          esc(t(`org.kind.${organisation.kind}`)),
          esc(organisation.suwiParty ? t('admin.organisations.suwiParty') : t('admin.organisations.private')),
          esc(organisation.regions.map((region) => region.name).join(', ')),
        ]}
      />
    )}
    </Page>
  );
}

export const emptyOrganisationForm = (scope: Scope): OrganisationForm => ({
  name: '',
  kind: '',
  suwi: '',
  website: '',
  regions: scope.kind === 'region' ? [scope.region.code] : [],
});

export function organisationFormOf(organisation: Organisation): OrganisationForm {
  return {
    name: organisation.name,
    kind: organisation.kind,
    suwi: organisation.suwiParty ? 'ja' : 'nee',
    website: organisation.website ?? '',
    regions: organisation.regions.map((region) => region.code),
  };
}

export function OrganisationFormPage(props: {
  ctx: PageContext;
  scope: Scope;
  regions: readonly RegionName[];
  /** The organisation being edited; absent for a new one. */
  organisation?: Organisation | undefined;
  values: OrganisationForm;
  errors: FieldErrors;
  /** A new organisation's one-time submission token. */
  submission?: string | undefined;
}) {
  const { ctx, scope, organisation, values, errors } = props;
  const { t } = ctx;
  const title = organisation ? t('admin.organisations.edit') : t('admin.organisations.new');
  const regionOptions = (scope.kind === 'all' ? props.regions : [scope.region]).map((region) => ({ value: region.code, label: region.name }));
  const otherRegions = scope.kind === 'region' ? (organisation?.regions ?? []).filter((region) => region.code !== scope.region.code) : [];
  return (
    <Layout ctx={ctx} title={title}>
      <div class="wc-stack">
        <LinkParagraph href="/beheer/organisaties" text={t('admin.organisations.back')} />
        <h1 class="utrecht-heading-1">{esc(organisation ? `${title}: ${organisation.name}` : title)}</h1>
        <form
          method="post"
          action={organisation ? `/beheer/organisaties/${organisation.id}` : '/beheer/organisaties/nieuw'}
          class="wc-stack wc-narrow"
          novalidate
        >
          <ErrorSummary
            t={t}
            errors={errors}
            labels={{ name: t('field.name'), kind: t('field.kind'), suwi: t('field.suwi'), website: t('field.website'), regions: t('field.regions') }}
          />
          <CsrfField token={ctx.csrfToken} />
          <SubmissionField token={props.submission} />
          <TextField t={t} name="name" label={t('field.name')} value={values.name} errors={errors} maxlength={200} autocomplete="organization" />
          <SelectField
            t={t}
            name="kind"
            label={t('field.kind')}
            value={values.kind}
            errors={errors}
            options={kindOptions(ctx, scope)}
            placeholder={t('admin.users.choose')}
          />
          <ChoiceGroup
            t={t}
            type="radio"
            name="suwi"
            label={t('field.suwi')}
            errors={errors}
            values={[values.suwi]}
            options={[
              { value: 'ja', label: t('field.suwi.yes') },
              { value: 'nee', label: t('field.suwi.no') },
            ]}
          />
          <TextField
            t={t}
            name="website"
            type="url"
            label={t('field.website')}
            hint={t('admin.organisations.websiteHint')}
            value={values.website}
            errors={errors}
            optional
            maxlength={500}
            spellcheck={false}
          />
          <ChoiceGroup
            t={t}
            type="checkbox"
            name="regions"
            label={t('field.regions')}
            hint={scope.kind === 'region' ? t('admin.organisations.regionsHint') : undefined}
            errors={errors}
            values={values.regions}
            options={regionOptions}
          />
          {otherRegions.length > 0 && (
            <p class="utrecht-paragraph wc-muted">
              {esc(t('admin.organisations.otherRegions', { regions: otherRegions.map((region) => region.name).join(', ') }))}
            </p>
          )}
          <FormActions t={t} cancelHref="/beheer/organisaties" />
        </form>
      </div>
    </Layout>
  );
}
