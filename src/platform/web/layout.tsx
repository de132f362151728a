import type { Children } from '@kitajs/html';
import type { Lang, MessageKey, Translate } from '../i18n/index.ts';
import { esc } from './html.ts';
import type { Actor } from '../db/tenancy.ts';
import { menuFor } from './menu.ts';
import { SUBMISSION_FIELD } from '../http/submissions.ts';

// The page shell every HTML page shares: skip link, header with language switch and login,
// navigation for professionals by role, main landmark, footer.

export interface PageContext {
  lang: Lang;
  t: Translate;
  /** Path and query of the current request, for the language switch and the current nav item. */
  path: string;
  actor: Actor;
  csrfToken: string;
  stylesheet: string;
  flash: MessageKey | undefined;
}


/** The Werkcentrum mark: drawn in the header and served as the favicon, so the tab shows it too. */
export function LogoMark() {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" fill="#ffffff" />
      <path d="M6 9l4 14 6-10 6 10 4-14" fill="none" stroke="#17686a" stroke-width="3" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

export const FAVICON_PATH = '/favicon.svg';

function Logo({ label }: { label: string }) {
  return (
    <a class="wc-logo" href="/">
      <LogoMark />
      <span safe>{label}</span>
    </a>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** The one-time key of a creating form (see platform/http/submissions.ts): sent twice, it creates one thing. */
export function SubmissionField({ token }: { token: string | undefined }) {
  return token === undefined ? <></> : <input type="hidden" name={SUBMISSION_FIELD} value={token} />;
}

/** A page of its own: the layout, the title as its heading, an optional lead paragraph, then the content. */
export function Page(props: { ctx: PageContext; title: string; lead?: string; refreshSeconds?: number; children?: Children }) {
  return (
    <Layout ctx={props.ctx} title={props.title} {...(props.refreshSeconds === undefined ? {} : { refreshSeconds: props.refreshSeconds })}>
      <div class="wc-stack">
        <h1 class="utrecht-heading-1">{esc(props.title)}</h1>
        {props.lead !== undefined && <p class="utrecht-paragraph wc-lead">{esc(props.lead)}</p>}
        {props.children}
      </div>
    </Layout>
  );
}

/** A paragraph that is one link: "back to …", "read more about …". */
export function LinkParagraph(props: { href: string; text: string }) {
  return (
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href={props.href}>
        {esc(props.text)}
      </a>
    </p>
  );
}

/** `refreshSeconds`: the page reloads itself (a running job's progress, without JavaScript). */
export function Layout(props: { ctx: PageContext; title: string; refreshSeconds?: number; children?: Children }) {
  const { ctx, title } = props;
  const { t, lang, actor } = ctx;
  const otherLang: Lang = lang === 'nl' ? 'en' : 'nl';
  const switchHref = `/taal/${otherLang}?terug=${encodeURIComponent(ctx.path)}`;
  const currentPath = ctx.path.split('?')[0];
  const nav = menuFor(actor);
  return (
    <>
      {'<!doctype html>'}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {props.refreshSeconds === undefined ? '' : <meta http-equiv="refresh" content={String(props.refreshSeconds)} />}
          <title safe>{`${title} · ${t('site.name')}`}</title>
          <meta name="description" content={t('site.tagline')} />
          <link rel="icon" href={FAVICON_PATH} type="image/svg+xml" />
          <link rel="stylesheet" href={ctx.stylesheet} />
        </head>
        <body class="werkcentrum-theme utrecht-document utrecht-document--surface">
          <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">
            {esc(t('layout.skipLink'))}
          </a>
          <header class="wc-header">
            <div class="wc-container wc-header__bar">
              <Logo label={t('site.name')} />
              <div class="wc-header__tools">
                <a href={switchHref} lang={otherLang} hreflang={otherLang} aria-label={t('layout.languageSwitchLabel')}>
                  {esc(t('layout.languageSwitch'))}
                </a>
                {actor.kind === 'user' ? (
                  <form method="post" action="/uitloggen" class="wc-inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <button type="submit" class="wc-linkbutton">
                      {esc(t('layout.logout'))}
                    </button>
                  </form>
                ) : (
                  <a href="/inloggen">{esc(t('layout.login'))}</a>
                )}
              </div>
            </div>
          </header>
          {nav.length > 0 && (
            <nav class="wc-nav" aria-label={t('layout.mainNav')}>
              <ul>
                {nav.map((item) => (
                  <li>
                    <a href={item.href} aria-current={currentPath === item.href ? 'page' : undefined}>
                      {esc(t(item.key))}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <main id="inhoud" class="wc-main wc-container" tabindex="-1">
            {ctx.flash && (
              <div class="utrecht-alert utrecht-alert--ok wc-flash" role="status">
                <p class="utrecht-paragraph">{esc(t(ctx.flash))}</p>
              </div>
            )}
            {props.children}
          </main>
          <footer class="wc-footer">
            <div class="wc-container">
              <p class="utrecht-paragraph">{esc(t('layout.footer.about'))}</p>
              <ul>
                <li>
                  <a class="utrecht-link" href="/regios">
                    {esc(t('nav.regions'))}
                  </a>
                </li>
                <li>
                  <a class="utrecht-link" href="/api/docs">
                    {esc(t('layout.footer.api'))}
                  </a>
                </li>
                <li>
                  <a class="utrecht-link" href="/privacy">
                    {esc(t('layout.footer.privacy'))}
                  </a>
                </li>
              </ul>
              <p class="utrecht-paragraph wc-muted">{esc(t('layout.footer.sources'))}</p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
