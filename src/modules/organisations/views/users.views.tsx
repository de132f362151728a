import { CsrfField, Layout, LinkParagraph, Page, SubmissionField, type PageContext } from '../../../platform/web/layout.tsx';
import { ChoiceGroup, ErrorSummary, SelectField, SubmitButton, TextField, type FieldErrors, FormActions } from '../../../platform/web/forms.tsx';
import { esc } from '../../../platform/web/html.ts';
import { DataTable } from '../../../platform/web/table.tsx';
import type { Role } from '../../../platform/db/schema.ts';
import type { Membership, MembershipForm, NewUserForm, Organisation, RegionName, Scope, UserDetail, UserForm, UserSummary } from '../organisations.service.ts';
import type { Translate } from '../../../platform/i18n/index.ts';

// Pages for users: the list, a new account with its first role, and one page per user with their
// details, account status and roles.

const userFieldLabels = (t: Translate) => ({
  name: t('field.name'),
  email: t('field.email'),
  language: t('field.language'),
  organisation: t('field.organisation'),
  region: t('field.region'),
  role: t('field.role'),
  password: t('admin.users.initialPassword'),
});

export interface MembershipChoices {
  organisations: readonly Organisation[];
  regions: readonly RegionName[];
  roles: readonly Role[];
}

function StatusBadge({ ctx, disabled }: { ctx: PageContext; disabled: boolean }) {
  return disabled ? (
    <span class="utrecht-status-badge utrecht-status-badge--inactive">{esc(ctx.t('admin.users.disabled'))}</span>
  ) : (
    <span class="utrecht-status-badge utrecht-status-badge--active">{esc(ctx.t('admin.users.active'))}</span>
  );
}

const membershipLine = (ctx: PageContext, m: Membership) =>
  ctx.t('admin.users.membershipLine', { role: ctx.t(`role.${m.role}`), organisation: m.organisationName, region: m.region.name });

export function UsersPage({ ctx, scope, users }: { ctx: PageContext; scope: Scope; users: readonly UserSummary[] }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('admin.users.title')}>
    {scope.kind === 'region' && <p class="utrecht-paragraph">{esc(t('admin.users.scope', { region: scope.region.name }))}</p>}
    <p class="utrecht-paragraph">
      <a class="utrecht-button utrecht-button--primary-action" href="/beheer/gebruikers/nieuw">
        {esc(t('admin.users.new'))}
      </a>
    </p>
    <p class="utrecht-paragraph">{esc(t('admin.users.count', { count: users.length }))}</p>
    {users.length === 0 ? (
      <p class="utrecht-paragraph">{esc(t('admin.users.empty'))}</p>
    ) : (
      <DataTable
        headers={[t('field.name'), t('field.email'), t('admin.users.memberships'), t('field.status')]}
        rows={users}
        cells={(user) => [
          <a class="utrecht-link" href={`/beheer/gebruikers/${user.id}`}>
            {esc(user.name)}
          </a>,
          esc(user.email),
          user.memberships.length === 0
            ? esc(t('admin.users.noMemberships'))
            : user.memberships.map((m, index) => (
                <>
                  {index > 0 && <br />}
                  {esc(membershipLine(ctx, m))}
                </>
              )),
          <StatusBadge ctx={ctx} disabled={user.disabled} />,
        ]}
      />
    )}
    </Page>
  );
}

const languageOptions = (ctx: PageContext) => [
  { value: 'nl', label: ctx.t('admin.users.language.nl') },
  { value: 'en', label: ctx.t('admin.users.language.en') },
];

function UserFields({ ctx, values, errors }: { ctx: PageContext; values: UserForm; errors: FieldErrors }) {
  const { t } = ctx;
  return (
    <>
      <TextField t={t} name="name" label={t('field.name')} value={values.name} errors={errors} maxlength={200} autocomplete="off" />
      <TextField
        t={t}
        name="email"
        type="email"
        label={t('field.email')}
        value={values.email}
        errors={errors}
        maxlength={320}
        autocomplete="off"
        spellcheck={false}
      />
      <ChoiceGroup t={t} type="radio" name="language" label={t('field.language')} errors={errors} values={[values.language]} options={languageOptions(ctx)} />
    </>
  );
}

function MembershipFields(props: { ctx: PageContext; scope: Scope; choices: MembershipChoices; values: MembershipForm; errors: FieldErrors }) {
  const { ctx, scope, choices, values, errors } = props;
  const { t } = ctx;
  // A platform administrator chooses among all organisations: show where each is active.
  const organisationLabel = (o: Organisation) => (scope.kind === 'all' ? `${o.name} (${o.regions.map((r) => r.name).join(', ')})` : o.name);
  return (
    <>
      <SelectField
        t={t}
        name="organisation"
        label={t('field.organisation')}
        hint={t('admin.users.firstMembershipHint')}
        value={values.organisation}
        errors={errors}
        options={choices.organisations.map((o) => ({ value: o.id, label: organisationLabel(o) }))}
        placeholder={t('admin.users.choose')}
      />
      <SelectField
        t={t}
        name="region"
        label={t('field.region')}
        value={values.region}
        errors={errors}
        options={choices.regions.map((r) => ({ value: r.code, label: r.name }))}
        placeholder={choices.regions.length > 1 ? t('admin.users.choose') : undefined}
      />
      <SelectField
        t={t}
        name="role"
        label={t('field.role')}
        value={values.role}
        errors={errors}
        options={choices.roles.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        placeholder={t('admin.users.choose')}
      />
    </>
  );
}

export const emptyNewUserForm = (scope: Scope): NewUserForm => ({
  name: '',
  email: '',
  language: 'nl',
  organisation: '',
  region: scope.kind === 'region' ? scope.region.code : '',
  role: '',
  password: '',
});

export function NewUserPage(props: {
  ctx: PageContext;
  scope: Scope;
  choices: MembershipChoices;
  values: NewUserForm;
  errors: FieldErrors;
  /** The one-time submission token of the form. */
  submission: string;
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.users.new')}>
      <div class="wc-stack">
        <LinkParagraph href="/beheer/gebruikers" text={t('admin.users.back')} />
        <h1 class="utrecht-heading-1">{esc(t('admin.users.new'))}</h1>
        <form method="post" action="/beheer/gebruikers/nieuw" class="wc-stack wc-narrow" novalidate>
          <ErrorSummary t={t} errors={errors} labels={userFieldLabels(t)} />
          <CsrfField token={ctx.csrfToken} />
          <SubmissionField token={props.submission} />
          <UserFields ctx={ctx} values={values} errors={errors} />
          <fieldset class="utrecht-form-fieldset wc-stack">
            <legend class="utrecht-form-fieldset__legend">{esc(t('admin.users.firstMembership'))}</legend>
            <MembershipFields ctx={ctx} scope={props.scope} choices={props.choices} values={values} errors={errors} />
          </fieldset>
          <TextField
            t={t}
            name="password"
            type="password"
            label={t('admin.users.initialPassword')}
            hint={t('admin.users.initialPasswordHint')}
            value=""
            errors={errors}
            autocomplete="new-password"
            maxlength={200}
          />
          <FormActions t={t} cancelHref="/beheer/gebruikers" />
        </form>
      </div>
    </Layout>
  );
}

/** Which form on the user page was submitted, with its input and errors. */
export type UserPageForm =
  | { form: 'details'; values: UserForm; errors: FieldErrors }
  | { form: 'membership'; values: MembershipForm; errors: FieldErrors };

export function UserPage(props: { ctx: PageContext; scope: Scope; user: UserDetail; choices: MembershipChoices; submitted?: UserPageForm | undefined }) {
  const { ctx, scope, user, choices, submitted } = props;
  const { t } = ctx;
  const base = `/beheer/gebruikers/${user.id}`;
  const details = submitted?.form === 'details' ? submitted : { values: { name: user.name, email: user.email, language: user.language }, errors: [] };
  const membership =
    submitted?.form === 'membership'
      ? submitted
      : { values: { organisation: '', region: scope.kind === 'region' ? scope.region.code : '', role: '' }, errors: [] };
  return (
    <Layout ctx={ctx} title={user.name}>
      <div class="wc-stack">
        <LinkParagraph href="/beheer/gebruikers" text={t('admin.users.back')} />
        <h1 class="utrecht-heading-1">{esc(user.name)}</h1>
        <p class="utrecht-paragraph">
          <StatusBadge ctx={ctx} disabled={user.disabled} />
        </p>
        {user.disabled && (
          <div class="utrecht-alert utrecht-alert--warning" role="status">
            <p class="utrecht-paragraph">{esc(t('admin.users.disabledInfo'))}</p>
          </div>
        )}
        {!user.manageable && (
          <div class="utrecht-alert utrecht-alert--info">
            <p class="utrecht-paragraph">{esc(t('admin.users.readOnly'))}</p>
          </div>
        )}

        {user.manageable && (
          <section class="wc-stack" aria-labelledby="gegevens">
            <h2 class="utrecht-heading-2" id="gegevens">
              {esc(t('admin.users.edit'))}
            </h2>
            <form method="post" action={base} class="wc-stack wc-narrow" novalidate>
              <ErrorSummary t={t} errors={details.errors} labels={userFieldLabels(t)} />
              <CsrfField token={ctx.csrfToken} />
              <UserFields ctx={ctx} values={details.values} errors={details.errors} />
              <SubmitButton label={t('form.save')} />
            </form>
          </section>
        )}

        {user.manageable && (
          <section class="wc-stack" aria-labelledby="account">
            <h2 class="utrecht-heading-2" id="account">
              {esc(t('admin.users.account'))}
            </h2>
            {user.isSelf ? (
              <p class="utrecht-paragraph">{esc(t('admin.users.self'))}</p>
            ) : user.disabled ? (
              <form method="post" action={`${base}/inschakelen`}>
                <CsrfField token={ctx.csrfToken} />
                <SubmitButton label={t('admin.users.enable')} secondary />
              </form>
            ) : (
              <form method="post" action={`${base}/uitschakelen`} class="wc-stack">
                <p class="utrecht-paragraph">{esc(t('admin.users.disableHint'))}</p>
                <CsrfField token={ctx.csrfToken} />
                <SubmitButton label={t('admin.users.disable')} secondary />
              </form>
            )}
          </section>
        )}

        <section class="wc-stack" aria-labelledby="rollen">
          <h2 class="utrecht-heading-2" id="rollen">
            {esc(t('admin.users.memberships'))}
          </h2>
          {user.memberships.length === 0 ? (
            <p class="utrecht-paragraph">{esc(t('admin.users.noMemberships'))}</p>
          ) : (
            <DataTable
              headers={[t('field.role'), t('field.organisation'), t('field.region'), ...(user.manageable ? [t('field.actions')] : [])]}
              rows={user.memberships}
              cells={(m) => [
                esc(t(`role.${m.role}`)),
                esc(m.organisationName),
                esc(m.region.name),
                ...(user.manageable
                  ? [
                      m.removable ? (
                        <form method="post" action={`${base}/rollen/${m.id}/verwijderen`} class="wc-inline-form">
                          <CsrfField token={ctx.csrfToken} />
                          <button
                            type="submit"
                            class="utrecht-button utrecht-button--secondary-action"
                            aria-label={t('admin.users.removeMembershipLabel', {
                              role: t(`role.${m.role}`),
                              organisation: m.organisationName,
                              region: m.region.name,
                            })}
                          >
                            {esc(t('admin.users.removeMembership'))}
                          </button>
                        </form>
                      ) : (
                        ''
                      ),
                    ]
                  : []),
              ]}
            />
          )}
          {user.manageable && user.isSelf && <p class="utrecht-paragraph">{esc(t('admin.users.selfGrant'))}</p>}
          {/* Nobody is offered a role for themselves; a crafted request still sees its error at the field. */}
          {user.manageable && (!user.isSelf || submitted?.form === 'membership') && (
            <form method="post" action={`${base}/rollen`} class="wc-stack wc-narrow wc-card" novalidate>
              <h3 class="utrecht-heading-3">{esc(t('admin.users.addMembership'))}</h3>
              <ErrorSummary t={t} errors={membership.errors} labels={userFieldLabels(t)} />
              <CsrfField token={ctx.csrfToken} />
              <MembershipFields ctx={ctx} scope={scope} choices={choices} values={membership.values} errors={membership.errors} />
              <SubmitButton label={t('admin.users.addMembership')} />
            </form>
          )}
        </section>
      </div>
    </Layout>
  );
}
