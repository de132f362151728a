import { CsrfField, LinkParagraph, Page, type PageContext } from '../../../platform/web/layout.tsx';
import { Checkbox, ErrorSummary, SubmitButton, TextField, type FieldErrors } from '../../../platform/web/forms.tsx';
import { esc } from '../../../platform/web/html.ts';
import { DataList, DataTable } from '../../../platform/web/table.tsx';
import { formatDateTime, type MessageKey } from '../../../platform/i18n/index.ts';
import type { ContactDossier, ContactMatch, SubjectDossier, SubjectMatch } from '../subjects.service.ts';
import { categoryNames, purposeName } from './referrals.views.tsx';

// The privacy officer's pages for a person's request: search, the dossier (readable and printable,
// with a JSON export), and erasure after confirmation.

export function SubjectSearchPage({ ctx, query, searched, matches, contacts }: { ctx: PageContext; query: string; searched: boolean; matches: readonly SubjectMatch[]; contacts: readonly ContactMatch[] }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('referrals.subjects.title')} lead={t('referrals.subjects.intro')}>
      <form method="get" action="/privacy/personen" class="wc-filter" role="search">
        <TextField t={t} name="q" label={t('referrals.subjects.search')} hint={t('referrals.subjects.searchHint')} value={query} errors={[]} required={false} autocomplete="off" />
        <SubmitButton label={t('referrals.subjects.searchSubmit')} secondary />
      </form>
      {searched && (
        <p class="utrecht-paragraph" role="status" id="personen-aantal">
          {esc(t('referrals.subjects.count', { count: matches.length }))}
        </p>
      )}
      {matches.length > 0 && (
        <DataTable
          labelledBy="personen-aantal"
          headers={[t('referrals.client.name'), t('referrals.client.birthDate'), t('referrals.client.reach'), t('referrals.client.municipality')]}
          rows={matches}
          cells={(match) => [
            <a class="utrecht-link" href={`/privacy/personen/${match.id}`}>
              {esc(match.name)}
            </a>,
            esc(match.birthDate ?? '—'),
            esc([match.email, match.phone].filter(Boolean).join(' · ') || '—'),
            esc(match.municipalityName ?? '—'),
          ]}
        />
      )}
      {searched ? (
        <p class="utrecht-paragraph" role="status" id="vragen-aantal">
          {esc(t('referrals.subjects.contactCount', { count: contacts.length }))}
        </p>
      ) : (
        ''
      )}
      {contacts.length > 0 ? (
        <DataTable
          labelledBy="vragen-aantal"
          headers={[t('contacts.reference'), t('contacts.name'), t('referrals.client.reach'), t('contacts.received')]}
          rows={contacts}
          cells={(contact) => [
            <a class="utrecht-link wc-nowrap" href={`/privacy/personen/vragen/${contact.id}`}>
              {esc(contact.reference)}
            </a>,
            esc(contact.name),
            esc([contact.email, contact.phone].filter(Boolean).join(' · ') || '—'),
            esc(`${formatDateTime(ctx.lang, contact.receivedAt)} · ${t(`contacts.channel.${contact.channel}` as MessageKey)}`),
          ]}
        />
      ) : (
        ''
      )}
    </Page>
  );
}

/** Every processing-log record about the person, whoever wrote it. */
function ProcessingLog({ ctx, entries }: { ctx: PageContext; entries: SubjectDossier['processingLog'] }) {
  const { t } = ctx;
  return (
    <>
      <h2 class="utrecht-heading-2" id="logboek-titel">
        {esc(t('referrals.subjects.log'))}
      </h2>
      <p class="utrecht-paragraph">{esc(t('referrals.subjects.logIntro'))}</p>
      <DataTable
        labelledBy="logboek-titel"
        scrollRegion
        headers={[t('referrals.subjects.logWhen'), t('referrals.subjects.logWhat'), t('referrals.subjects.logActivity'), t('referrals.subjects.logWho')]}
        rows={entries}
        cells={(entry) => [
          esc(formatDateTime(ctx.lang, entry.at)),
          esc(entry.operation),
          esc(entry.activity),
          esc(entry.bySystem ? t('referrals.timeline.system') : (entry.byOrganisation ?? '—')),
        ]}
      />
    </>
  );
}

/** Erasure after an explicit confirmation; the error stands next to the checkbox. */
function EraseForm({ ctx, action, name, errors }: { ctx: PageContext; action: string; name: string; errors: FieldErrors }) {
  const { t } = ctx;
  return (
    <>
      <h2 class="utrecht-heading-2">{esc(t('referrals.subjects.erase'))}</h2>
      <form method="post" action={action} class="wc-stack wc-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <p class="utrecht-paragraph">{esc(t('referrals.subjects.eraseIntro'))}</p>
        <div class={`utrecht-form-field utrecht-form-field--checkbox${errors.length > 0 ? ' utrecht-form-field--invalid' : ''}`}>
          <Checkbox name="bevestig" id="veld-bevestig" value="ja" label={t('referrals.subjects.eraseConfirm', { name })} checked={false} describedBy={errors.length > 0 ? 'veld-bevestig-error' : undefined} />
          {errors.length > 0 ? (
            <div class="utrecht-form-field-error-message" id="veld-bevestig-error">
              {esc(t('referrals.subjects.eraseNotConfirmed'))}
            </div>
          ) : (
            ''
          )}
        </div>
        <SubmitButton label={t('referrals.subjects.eraseSubmit')} />
      </form>
    </>
  );
}

export function ContactDossierPage({ ctx, dossier, errors }: { ctx: PageContext; dossier: ContactDossier; errors: FieldErrors }) {
  const { t } = ctx;
  const c = dossier.contact;
  const name = c.name ?? c.reference;
  return (
    <Page ctx={ctx} title={t('referrals.subjects.contactTitle', { reference: c.reference })} lead={t('referrals.subjects.dossierIntro', { when: formatDateTime(ctx.lang, dossier.generatedAt) })}>
      <LinkParagraph href="/privacy/personen" text={t('referrals.subjects.back')} />
      <ErrorSummary t={t} errors={errors} />
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/privacy/personen/vragen/${c.id}/export.json`} download="">
          {esc(t('referrals.subjects.export'))}
        </a>
      </p>
      <DataList
        items={[
          { key: t('contacts.name'), value: esc(c.name ?? '—') },
          { key: t('portal.contact.email'), value: esc(c.email ?? '—') },
          { key: t('portal.contact.phone'), value: esc(c.phone ?? '—') },
          { key: t('contacts.form.question'), value: <p class="utrecht-paragraph wc-prewrap">{esc(c.question ?? '—')}</p> },
          { key: t('contacts.form.municipality'), value: esc(c.municipality ?? '—') },
          { key: t('contacts.received'), value: esc(`${formatDateTime(ctx.lang, c.receivedAt)} · ${t(`contacts.channel.${c.channel}` as MessageKey)}`) },
          { key: t('field.status'), value: esc(t(`contacts.status.${c.status}` as MessageKey)) },
          ...(c.result ? [{ key: t('contacts.form.result'), value: esc(t(`contacts.result.${c.result}` as MessageKey)) }] : []),
        ]}
      />
      <h2 class="utrecht-heading-2">{esc(t('contacts.history'))}</h2>
      {dossier.history.length > 0 ? (
        <ul class="utrecht-unordered-list">
          {dossier.history.map((entry) => (
            <li>{esc(`${formatDateTime(ctx.lang, entry.at)} · ${entry.kind}${entry.result ? ` · ${t(`contacts.result.${entry.result}` as MessageKey)}` : ''}${entry.text ? ` · ${entry.text}` : ''}`)}</li>
          ))}
        </ul>
      ) : (
        <p class="utrecht-paragraph">{esc(t('contacts.history.empty'))}</p>
      )}
      <ProcessingLog ctx={ctx} entries={dossier.processingLog} />
      <EraseForm ctx={ctx} action={`/privacy/personen/vragen/${c.id}/wissen`} name={name} errors={errors} />
    </Page>
  );
}

export function SubjectDossierPage({ ctx, dossier, errors }: { ctx: PageContext; dossier: SubjectDossier; errors: FieldErrors }) {
  const { t } = ctx;
  const p = dossier.person;
  const name = [p.givenName, p.familyName].filter(Boolean).join(' ');
  return (
    <Page ctx={ctx} title={t('referrals.subjects.dossierTitle', { name })} lead={t('referrals.subjects.dossierIntro', { when: formatDateTime(ctx.lang, dossier.generatedAt) })}>
      <LinkParagraph href="/privacy/personen" text={t('referrals.subjects.back')} />
      <ErrorSummary t={t} errors={errors} />
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/privacy/personen/${p.id}/export.json`} download="">
          {esc(t('referrals.subjects.export'))}
        </a>
      </p>
      <h2 class="utrecht-heading-2">{esc(t('referrals.subjects.record'))}</h2>
      <DataList
        items={[
          { key: t('referrals.client.givenName'), value: esc(p.givenName) },
          { key: t('referrals.client.familyName'), value: esc(p.familyName ?? '—') },
          { key: t('referrals.client.email'), value: esc(p.email ?? '—') },
          { key: t('referrals.client.phone'), value: esc(p.phone ?? '—') },
          { key: t('referrals.client.municipality'), value: esc(p.municipality ?? '—') },
          { key: t('referrals.client.birthDate'), value: esc(p.birthDate ?? '—') },
          { key: t('referrals.client.bsn'), value: esc(p.bsn ?? '—') },
          { key: t('referrals.client.benefit'), value: esc(t(`referrals.benefit.${p.benefit}` as MessageKey)) },
          { key: t('referrals.subjects.recordedAt'), value: esc(formatDateTime(ctx.lang, p.recordedAt)) },
          { key: t('referrals.clients.lastActivity'), value: esc(formatDateTime(ctx.lang, p.lastActivityAt)) },
        ]}
      />
      {dossier.events.length > 0 && (
        <>
          <h2 class="utrecht-heading-2">{esc(t('referrals.client.events'))}</h2>
          <ul class="utrecht-unordered-list">
            {dossier.events.map((event) => (
              <li>{esc(`${event.effectiveOn} · ${event.kind} · ${Object.entries(event.details).map(([key, value]) => `${key}: ${value ?? '—'}`).join(', ')}`)}</li>
            ))}
          </ul>
        </>
      )}
      <h2 class="utrecht-heading-2">{esc(t('referrals.client.consents'))}</h2>
      {dossier.consents.length === 0 ? (
        <p class="utrecht-paragraph">{esc(t('referrals.client.noConsents'))}</p>
      ) : (
        <ul class="utrecht-unordered-list wc-stack">
          {dossier.consents.map((consent) => (
            <li>
              <strong>{esc(`${consent.recipient}: ${purposeName(ctx, consent.purpose)}`)}</strong>
              <div>{esc(t('referrals.consent.categories', { categories: categoryNames(ctx, consent.categories) }))}</div>
              <div>
                {esc(
                  consent.withdrawnAt
                    ? t('referrals.consent.withdrawn', { when: formatDateTime(ctx.lang, consent.withdrawnAt) })
                    : t('referrals.subjects.recordedOn', { when: formatDateTime(ctx.lang, consent.recordedAt) }),
                )}
              </div>
              <blockquote class="utrecht-blockquote wc-consent-text">{esc(consent.textShown)}</blockquote>
            </li>
          ))}
        </ul>
      )}
      <h2 class="utrecht-heading-2">{esc(t('referrals.client.referrals'))}</h2>
      {dossier.referrals.length === 0 ? (
        <p class="utrecht-paragraph">{esc(t('referrals.client.noReferrals'))}</p>
      ) : (
        dossier.referrals.map((referral) => (
          <section class="wc-card wc-stack" aria-label={referral.reference}>
            <h3 class="utrecht-heading-3">{esc(`${referral.reference} · ${referral.service} · ${referral.recipient}`)}</h3>
            <p class="utrecht-paragraph">
              {esc(`${t(`referrals.status.${referral.status}` as MessageKey)} · ${t('referrals.list.sent')}: ${formatDateTime(ctx.lang, referral.sentAt)}`)}
            </p>
            <p class="utrecht-paragraph">{esc(t('referrals.subjects.shared', { data: Object.entries(referral.sharedData).map(([key, value]) => `${key}: ${value}`).join('; ') || '—' }))}</p>
            <ul class="utrecht-unordered-list">
              {referral.timeline.map((entry) => (
                <li>{esc(`${formatDateTime(ctx.lang, entry.at)} · ${entry.status ? t(`referrals.status.${entry.status}` as MessageKey) : entry.kind}${entry.organisation ? ` · ${entry.organisation}` : ''}${entry.message ? ` · ${entry.message}` : ''}`)}</li>
              ))}
            </ul>
          </section>
        ))
      )}
      <ProcessingLog ctx={ctx} entries={dossier.processingLog} />
      <EraseForm ctx={ctx} action={`/privacy/personen/${p.id}/wissen`} name={name} errors={errors} />
    </Page>
  );
}
