import { esc } from './fragments.ts';
import { STYLE } from './style.ts';

/** The pages' policy: nothing but their own inline style, no script at all, forms only to this site. */
export const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'same-origin',
};

export interface NavLink {
  href: string;
  label: string;
  here?: boolean;
}

export interface Chrome {
  /** The document's title. */
  title: string;
  heading: string;
  /** Shown after the heading, lighter. */
  date?: string;
  lede?: string;
  nav?: NavLink[];
  /** Who is signed in (absent on a shared, read-only page). */
  user?: { email: string } | undefined;
}

/** Every page's frame: a skip link, the header with its navigation, the main content, a footer. */
export function page(chrome: Chrome, body: string): string {
  const nav = chrome.nav?.length
    ? `<nav class="bar" aria-label="pages">${chrome.nav
        .map((link) =>
          link.here
            ? `<a class="here" href="${esc(link.href)}" aria-current="page">${esc(link.label)}</a>`
            : `<a href="${esc(link.href)}">${esc(link.label)}</a>`,
        )
        .join(
          '',
        )}${chrome.user ? `<span class="muted">${esc(chrome.user.email)}</span><a href="/auth/logout">Sign out</a>` : ''}</nav>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(chrome.title)}</title><style>${STYLE}</style></head><body>
<a class="skip" href="#content">Skip to the content</a>
<header class="top"><h1>${esc(chrome.heading)}${chrome.date ? ` <span class="date">${esc(chrome.date)}</span>` : ''}</h1>${chrome.lede ? `<p class="lede">${chrome.lede}</p>` : ''}${nav}</header>
<main id="content">${body}</main>
<footer>shelfwatch · ▲ better for us than the day before · ▼ worse · = unchanged</footer></body></html>`;
}

/** The day navigation every day's page has: the list of days, the day before and after. */
export function dayNav(
  path: (date: string) => string,
  around: { previous: string | null; next: string | null },
): NavLink[] {
  return [
    { href: '/days', label: 'All days' },
    ...(around.previous ? [{ href: path(around.previous), label: `← ${around.previous}` }] : []),
    ...(around.next ? [{ href: path(around.next), label: `${around.next} →` }] : []),
  ];
}

/** The line a shared page opens with: read-only, and until when. */
export const sharedLede = (shared: { expiresAt: string } | undefined) =>
  shared ? `A read-only view shared with you, until ${esc(shared.expiresAt.slice(0, 10))}.` : undefined;
