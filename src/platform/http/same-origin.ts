import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from './errors.ts';

// The CSRF token proves that we served the form; the browser's own word on where a post comes
// from (Sec-Fetch-Site, Origin) is checked as well, so a cross-site post is refused even where a
// token leaked. Only the public origin, BASE_URL's, is this site, not the request's Host: behind a
// proxy the Host (or X-Forwarded-Host) is whatever the proxy passes on, while BASE_URL is the
// address the browser shows. A request with neither header (an old browser, a script) has only the
// token to show.

/** Why a state-changing request does not come from the site at `siteOrigin`; null when it may. */
export function crossSiteReason(headers: IncomingHttpHeaders, siteOrigin: string): string | null {
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin') return `Sec-Fetch-Site: ${String(fetchSite)}`;
  // "null" (a sandboxed frame, a redirect across sites) is not this site either.
  if (headers.origin !== undefined && headers.origin !== siteOrigin) return `Origin: ${headers.origin}`;
  return null;
}

export const crossSiteForm = () =>
  new AppError('forbidden', 'The form was not sent from this site.', [], { title: 'error.crossSite', help: 'error.crossSite.help' });
