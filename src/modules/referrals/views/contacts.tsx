import { CsrfField, LinkParagraph, Page, SubmissionField, type PageContext } from '../../../platform/web/layout.tsx';
import { ChoiceGroup, ErrorSummary, SelectField, SubmitButton, TextArea, TextField, type FieldErrors } from '../../../platform/web/forms.tsx';
import { esc } from '../../../platform/web/html.ts';
import { DataList, DataTable } from '../../../platform/web/table.tsx';
import { formatDateTime, type MessageKey } from '../../../platform/i18n/index.ts';
import { CONTACT_RESULTS, type ContactRequestStatus, type IntakeChannel } from '../../../platform/db/schema.ts';
import { termLabel } from '../../portal/views/common.tsx';
import { contactPolicy } from '../referrals.policy.ts';
import {
  CONTACT_AUDIENCES,
  CONTACT_FILTERS,
  CONTACT_LIMITS,
  CONTACT_THEMES,
  REGISTERED_CHANNELS,
  type ContactDetail,
  type ContactEvent,
  type ContactFilterName,
  type ContactSummary,
  type RegisterForm,
} from '../contacts.service.ts';

// The guides' contacts: questions from the website and contacts registered from every other channel,
// the form to register one, and one contact with its history and the actions the viewer may take.

const statusKey = (status: ContactRequestStatus) => `contacts.status.${status}` as MessageKey;
const badge: Record<ContactRequestStatus, string> = { nieuw: 'warning', 'in-behandeling': 'active', afgerond: 'inactive' };

function StatusBadge({ ctx, contact }: { ctx: PageContext; contact: ContactSummary }) {
  return (
    <>
      <span class={`utrecht-status-badge utrecht-status-badge--${badge[contact.status]}`}>{esc(ctx.t(statusKey(contact.status)))}</span>
      {contact.overdue ? <span class="utrecht-status-badge utrecht-status-badge--danger">{esc(ctx.t('contacts.overdue'))}</span> : ''}
    </>
  );
}

const channelLabel = (ctx: PageContext, channel: IntakeChannel) => ctx.t(`contacts.channel.${channel}` as MessageKey);
const dayOf = (ctx: PageContext, day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(ctx.lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeZone: 'Europe/Amsterdam' });

/** Who it is: a name, or why there is none. */
const whoOf = (ctx: PageContext, contact: ContactSummary): string =>
  contact.name ?? (contact.erased ? ctx.t('contacts.erased') : ctx.t('contacts.anonymous'));

function about(ctx: PageContext, contact: ContactSummary): string {
  const parts = [contact.serviceName, ...contact.themes.map((code) => termLabel(ctx.lang, code)), contact.audience ? termLabel(ctx.lang, contact.audience) : null].filter(
    (p): p is string => Boolean(p),
  );
  return parts.length > 0 ? parts.join(' · ') : ctx.t('contacts.general');
}

const handlerOf = (ctx: PageContext, contact: ContactSummary): string =>
  contact.handledBy ? (contact.handledBy.self ? ctx.t('contacts.handledBy.self') : contact.handledBy.name) : ctx.t('contacts.handledBy.none');

export function ContactsPage(props: {
  ctx: PageContext;
  regionName: string;
  filter: ContactFilterName | null;
  counts: Record<ContactFilterName, number>;
  contacts: readonly ContactSummary[];
}) {
  const { ctx, filter, contacts } = props;
  const { t } = ctx;
  const links = [
    ...CONTACT_FILTERS.map((name) => ({ href: `/vragen?filter=${name}`, label: `${t(`contacts.filter.${name}` as MessageKey)} (${props.counts[name]})`, current: filter === name })),
    { href: '/vragen', label: t('contacts.filter.all'), current: filter === null },
  ];
  return (
    <Page ctx={ctx} title={t('contacts.title')} lead={t('contacts.intro', { name: props.regionName })}>
      <div class="wc-actions">
        <a class="utrecht-button utrecht-button--primary-action" href="/vragen/nieuw">
          {esc(t('contacts.new'))}
        </a>
        <a class="utrecht-link" href="/verwijzingen/meldingen">
          {esc(t('referrals.notices.link'))}
        </a>
      </div>
      <nav aria-label={t('contacts.filter')}>
        <ul class="wc-filter-links">
          {links.map((link) => (
            <li>
              <a class="utrecht-link" href={link.href} aria-current={link.current ? 'page' : undefined}>
                {esc(link.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="utrecht-paragraph" role="status" id="vragen-aantal">
        {esc(t('contacts.count', { count: contacts.length }))}
      </p>
      {contacts.length > 0 ? (
        <DataTable
          labelledBy="vragen-aantal"
          scrollRegion
          headers={[t('contacts.reference'), t('contacts.received'), t('contacts.name'), t('contacts.about'), t('contacts.handledBy'), t('field.status')]}
          rows={contacts}
          rowAttributes={(contact) => ({ 'data-request': contact.id })}
          cells={(contact) => [
            <a class="utrecht-link wc-nowrap" href={`/vragen/${contact.id}`}>
              {esc(contact.reference)}
            </a>,
            esc(`${formatDateTime(ctx.lang, contact.createdAt)} · ${channelLabel(ctx, contact.intakeChannel)}`),
            esc(whoOf(ctx, contact)),
            esc(about(ctx, contact)),
            esc(handlerOf(ctx, contact)),
            <StatusBadge ctx={ctx} contact={contact} />,
          ]}
        />
      ) : (
        ''
      )}
    </Page>
  );
}

export function ContactFormPage(props: { ctx: PageContext; values: RegisterForm; errors: FieldErrors; municipalities: readonly { code: string; name: string }[]; submission: string }) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('contacts.form.title')} lead={t('contacts.form.intro')}>
      <LinkParagraph href="/vragen" text={t('contacts.back')} />
      <form method="post" action="/vragen" class="wc-stack wc-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <SubmissionField token={props.submission} />
        <ErrorSummary t={t} errors={errors} />
        <ChoiceGroup
          t={t}
          type="radio"
          name="binnengekomen"
          label={t('contacts.form.channel')}
          values={[values.binnengekomen]}
          errors={errors}
          options={REGISTERED_CHANNELS.map((channel) => ({ value: channel, label: channelLabel(ctx, channel) }))}
        />
        <SelectField
          t={t}
          name="wie"
          label={t('contacts.form.who')}
          value={values.wie}
          errors={errors}
          optional
          placeholder={t('contacts.form.unknown')}
          options={CONTACT_AUDIENCES.map((code) => ({ value: code, label: termLabel(ctx.lang, code) }))}
        />
        <ChoiceGroup
          t={t}
          type="checkbox"
          name="themas"
          label={t('contacts.form.themes')}
          values={values.themas}
          errors={errors}
          options={CONTACT_THEMES.map((code) => ({ value: code, label: termLabel(ctx.lang, code) }))}
        />
        <SelectField
          t={t}
          name="gemeente"
          label={t('contacts.form.municipality')}
          value={values.gemeente}
          errors={errors}
          optional
          placeholder={t('contacts.form.unknown')}
          options={props.municipalities.map((m) => ({ value: m.code, label: m.name }))}
        />
        <TextArea t={t} name="vraag" label={t('contacts.form.question')} hint={t('contacts.form.questionHint')} value={values.vraag} errors={errors} required={false} rows={4} maxlength={CONTACT_LIMITS.message} />
        <ChoiceGroup
          t={t}
          type="radio"
          name="opvolging"
          label={t('contacts.form.followUp')}
          values={[values.opvolging]}
          errors={errors}
          options={[
            { value: 'ja', label: t('contacts.form.followUp.ja') },
            { value: 'nee', label: t('contacts.form.followUp.nee') },
          ]}
        />
        <fieldset class="utrecht-form-fieldset wc-stack">
          <legend class="utrecht-form-fieldset__legend">{esc(t('contacts.form.person'))}</legend>
          <p class="utrecht-paragraph">{esc(t('contacts.form.personHint'))}</p>
          <TextField t={t} name="naam" label={t('contacts.name')} value={values.naam} errors={errors} required={false} autocomplete="off" maxlength={CONTACT_LIMITS.name} />
          <TextField t={t} name="email" type="email" label={t('portal.contact.email')} value={values.email} errors={errors} required={false} autocomplete="off" />
          <TextField t={t} name="telefoon" type="tel" label={t('portal.contact.phone')} value={values.telefoon} errors={errors} required={false} autocomplete="off" />
          <ChoiceGroup
            t={t}
            type="radio"
            name="kanaal"
            label={t('contacts.form.preferred')}
            values={[values.kanaal]}
            errors={errors}
            options={[
              { value: 'email', label: t('portal.contact.channel.email') },
              { value: 'telefoon', label: t('portal.contact.channel.telefoon') },
            ]}
          />
        </fieldset>
        <SelectField
          t={t}
          name="resultaat"
          label={t('contacts.form.result')}
          hint={t('contacts.form.resultHint')}
          value={values.resultaat}
          errors={errors}
          required={false}
          placeholder={t('contacts.form.choose')}
          options={CONTACT_RESULTS.map((code) => ({ value: code, label: t(`contacts.result.${code}` as MessageKey) }))}
        />
        <SubmitButton label={t('contacts.form.save')} />
      </form>
    </Page>
  );
}

function EventText({ ctx, event }: { ctx: PageContext; event: ContactEvent }) {
  const { t } = ctx;
  const who = event.actorName ?? (event.actorRole ? t(`role.${event.actorRole}` as MessageKey) : t('contacts.event.someone'));
  const what = t(`contacts.event.${event.kind}` as MessageKey, {
    who,
    assignee: event.assigneeName ?? '',
    result: event.result ? t(`contacts.result.${event.result}` as MessageKey) : '',
    day: event.followUpOn ? dayOf(ctx, event.followUpOn) : t('contacts.event.noDay'),
  });
  return (
    <li class="utrecht-ordered-list__item">
      <p class="utrecht-paragraph">
        <strong>{esc(formatDateTime(ctx.lang, event.at))}</strong> {esc(what)}
      </p>
      {event.body ? <p class="utrecht-paragraph wc-prewrap">{esc(event.body)}</p> : ''}
    </li>
  );
}

export interface ContactPageValues {
  notitie: string;
  verslag: string;
  antwoord: string;
  opvolgen: string;
  resultaat: string;
  toelichting: string;
}

export const emptyContactPageValues = (): ContactPageValues => ({ notitie: '', verslag: '', antwoord: '', opvolgen: '', resultaat: '', toelichting: '' });

export function ContactPage(props: { ctx: PageContext; contact: ContactDetail; regionSlug: string; errors: FieldErrors; values: ContactPageValues; replySubmission: string }) {
  const { ctx, contact, errors, values } = props;
  const { t } = ctx;
  const action = (name: string) => `/vragen/${contact.id}/${name}`;
  const can = (name: 'claim' | 'assign' | 'work' | 'reply' | 'close' | 'reopen') => contactPolicy.can(ctx.actor, name, contact.record);
  const items = [
    { key: t('field.status'), value: <StatusBadge ctx={ctx} contact={contact} /> },
    { key: t('contacts.received'), value: esc(`${formatDateTime(ctx.lang, contact.createdAt)} · ${channelLabel(ctx, contact.intakeChannel)}`) },
    ...(contact.status !== 'afgerond' && !contact.answeredAt ? [{ key: t('contacts.replyDue'), value: esc(formatDateTime(ctx.lang, contact.replyDueAt)) }] : []),
    ...(contact.message ? [{ key: t('contacts.form.question'), value: <p class="utrecht-paragraph wc-prewrap">{esc(contact.message)}</p> }] : []),
    { key: t('contacts.name'), value: esc(whoOf(ctx, contact)) },
    ...(contact.email
      ? [
          {
            key: t('portal.contact.email'),
            value: (
              <a class="utrecht-link" href={`mailto:${contact.email}`}>
                {esc(contact.email)}
              </a>
            ),
          },
        ]
      : []),
    ...(contact.phone
      ? [
          {
            key: t('portal.contact.phone'),
            value: (
              <a class="utrecht-link" href={`tel:${contact.phone.replace(/[^0-9+]/g, '')}`}>
                {esc(contact.phone)}
              </a>
            ),
          },
        ]
      : []),
    ...(contact.preferredChannel ? [{ key: t('contacts.form.preferred'), value: esc(t(`portal.contact.channel.${contact.preferredChannel}` as MessageKey)) }] : []),
    { key: t('contacts.form.who'), value: esc(contact.audience ? termLabel(ctx.lang, contact.audience) : t('contacts.unknown')) },
    { key: t('contacts.form.themes'), value: esc(contact.themes.length > 0 ? contact.themes.map((code) => termLabel(ctx.lang, code)).join(', ') : t('contacts.unknown')) },
    { key: t('contacts.form.municipality'), value: esc(contact.municipalityName ?? t('contacts.unknown')) },
    ...(contact.serviceId
      ? [
          {
            key: t('contacts.service'),
            value: (
              <a class="utrecht-link" href={`/${props.regionSlug}/diensten/${contact.serviceId}`}>
                {esc(contact.serviceName ?? contact.serviceId)}
              </a>
            ),
          },
        ]
      : []),
    { key: t('contacts.handledBy'), value: esc(handlerOf(ctx, contact)) },
    ...(contact.followUpOn ? [{ key: t('contacts.followUpOn'), value: esc(dayOf(ctx, contact.followUpOn)) }] : []),
    ...(contact.result ? [{ key: t('contacts.form.result'), value: esc(t(`contacts.result.${contact.result}` as MessageKey)) }] : []),
    ...(contact.closedAt ? [{ key: t('contacts.closedAt'), value: esc(formatDateTime(ctx.lang, contact.closedAt)) }] : []),
  ];
  const clientLink =
    contact.status !== 'afgerond' && contact.name
      ? `/clienten/nieuw?vraag=${contact.id}`
      : null;
  return (
    <Page ctx={ctx} title={t('contacts.detail.title', { reference: contact.reference })}>
      <LinkParagraph href="/vragen" text={t('contacts.back')} />
      <ErrorSummary t={t} errors={errors} />
      <DataList items={items} />
      <div class="wc-actions">
        {can('claim') ? (
          <form method="post" action={action('oppakken')} class="wc-inline-form">
            <CsrfField token={ctx.csrfToken} />
            <SubmitButton label={t('contacts.claim')} />
          </form>
        ) : (
          ''
        )}
        {clientLink ? (
          <a class="utrecht-button utrecht-button--secondary-action" href={clientLink}>
            {esc(t('contacts.toClient'))}
          </a>
        ) : (
          ''
        )}
        {can('reopen') ? (
          <form method="post" action={action('heropenen')} class="wc-inline-form">
            <CsrfField token={ctx.csrfToken} />
            <SubmitButton label={t('contacts.reopen')} secondary />
          </form>
        ) : (
          ''
        )}
      </div>

      {can('assign') && contact.handlers.length > 0 ? (
        <form method="post" action={action('toewijzen')} class="wc-filter">
          <CsrfField token={ctx.csrfToken} />
          <SelectField
            t={t}
            name="behandelaar"
            label={t('contacts.assignTo')}
            value={contact.handledBy?.id ?? ''}
            errors={errors}
            placeholder={t('contacts.form.choose')}
            options={contact.handlers.map((handler) => ({ value: handler.id, label: handler.name }))}
          />
          <SubmitButton label={t('contacts.assign')} secondary />
        </form>
      ) : (
        ''
      )}

      {can('reply') && contact.email ? (
        <form method="post" action={action('antwoord')} class="wc-stack wc-narrow" novalidate>
          <h2 class="utrecht-heading-2">{esc(t('contacts.reply.title'))}</h2>
          <CsrfField token={ctx.csrfToken} />
          <SubmissionField token={props.replySubmission} />
          <TextArea t={t} name="antwoord" label={t('contacts.reply.label', { email: contact.email })} hint={t('contacts.reply.hint')} value={values.antwoord} errors={errors} required={false} rows={6} maxlength={CONTACT_LIMITS.note} />
          <SubmitButton label={t('contacts.reply.send')} />
        </form>
      ) : (
        ''
      )}

      {can('work') ? (
        <>
          <form method="post" action={action('contact')} class="wc-stack wc-narrow" novalidate>
            <h2 class="utrecht-heading-2">{esc(t('contacts.made.title'))}</h2>
            <CsrfField token={ctx.csrfToken} />
            <TextArea t={t} name="verslag" label={t('contacts.made.label')} hint={t('contacts.made.hint')} value={values.verslag} errors={errors} optional rows={3} maxlength={CONTACT_LIMITS.note} />
            <SubmitButton label={t('contacts.made.save')} secondary />
          </form>
          <form method="post" action={action('opvolgen')} class="wc-filter" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextField t={t} name="opvolgen" type="date" label={t('contacts.followUpOn')} hint={t('contacts.followUp.hint')} value={values.opvolgen || contact.followUpOn || ''} errors={errors} required={false} />
            <SubmitButton label={t('contacts.followUp.save')} secondary />
          </form>
          <form method="post" action={action('notitie')} class="wc-stack wc-narrow" novalidate>
            <h2 class="utrecht-heading-2">{esc(t('contacts.note.title'))}</h2>
            <CsrfField token={ctx.csrfToken} />
            <TextArea t={t} name="notitie" label={t('contacts.note.label')} hint={t('contacts.note.hint')} value={values.notitie} errors={errors} required={false} rows={3} maxlength={CONTACT_LIMITS.note} />
            <SubmitButton label={t('contacts.note.save')} secondary />
          </form>
        </>
      ) : (
        ''
      )}

      {can('close') ? (
        <form method="post" action={action('afronden')} class="wc-stack wc-narrow" novalidate>
          <h2 class="utrecht-heading-2">{esc(t('contacts.close.title'))}</h2>
          <CsrfField token={ctx.csrfToken} />
          <SelectField
            t={t}
            name="resultaat"
            label={t('contacts.form.result')}
            value={values.resultaat}
            errors={errors}
            placeholder={t('contacts.form.choose')}
            options={CONTACT_RESULTS.map((code) => ({ value: code, label: t(`contacts.result.${code}` as MessageKey) }))}
          />
          <TextArea t={t} name="toelichting" label={t('contacts.close.note')} hint={t('contacts.close.noteHint')} value={values.toelichting} errors={errors} optional rows={3} maxlength={CONTACT_LIMITS.note} />
          <SubmitButton label={t('contacts.close.submit')} />
        </form>
      ) : (
        ''
      )}

      <h2 class="utrecht-heading-2">{esc(t('contacts.history'))}</h2>
      {contact.events.length > 0 ? (
        <ol class="utrecht-ordered-list wc-stack">
          {contact.events.map((event) => (
            <EventText ctx={ctx} event={event} />
          ))}
        </ol>
      ) : (
        <p class="utrecht-paragraph">{esc(t('contacts.history.empty'))}</p>
      )}
    </Page>
  );
}
