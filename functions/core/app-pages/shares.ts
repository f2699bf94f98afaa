import type { Share } from '../store/shares.ts';
import { page } from './layout.ts';
import { esc, table } from './fragments.ts';

const describe = (share: Share) =>
  share.scope.kind === 'summary'
    ? `summary of ${share.scope.date === 'latest' ? 'the latest day' : share.scope.date}`
    : `${share.scope.site} · ${share.scope.market.toUpperCase()} of ${share.scope.date === 'latest' ? 'the latest day' : share.scope.date}`;

/** Administrators' list of share links: what each shows, who made it, until when, revoked or not; a button to revoke. */
export function sharesPageHtml(
  shares: Share[],
  user: { email: string },
  now = new Date(),
  made?: { url: string; share: Share },
): string {
  const rows = shares.map((share) => {
    const state = share.revokedAt
      ? `revoked ${esc(share.revokedAt.slice(0, 10))} by ${esc(share.revokedBy ?? '')}`
      : Date.parse(share.expires) <= now.getTime()
        ? 'expired'
        : `<form class="inline" method="post" action="/shares/${esc(share.ref)}/revoke"><button type="submit">Revoke</button></form>`;
    return `<tr><td>${esc(describe(share))}</td><td>${esc(share.createdBy)}</td><td>${esc(share.createdAt.slice(0, 10))}</td><td>${esc(share.expires.slice(0, 10))}</td><td>${state}</td></tr>`;
  });
  const madeNote = made
    ? `<section class="card" role="status"><h2>Share link made</h2><p>Anyone with this link can read the ${esc(describe(made.share))}, without an account, until ${esc(made.share.expires.slice(0, 10))}. It is shown once: copy it now.</p><p><input aria-label="share link" size="80" readonly value="${esc(made.url)}"></p></section>`
    : '';
  const body = `${madeNote}<section class="card"><h2>Share links</h2>${shares.length ? table('Every share link, newest first', ['shows', 'made by', 'made', 'works until', ''], rows) : '<p>No share link yet. Make one from a summary or a market page.</p>'}</section>`;
  return page(
    {
      title: 'shelfwatch · share links',
      heading: 'Share links',
      nav: [
        { href: '/days', label: 'All days' },
        { href: '/shares', label: 'Share links', here: true },
      ],
      user,
    },
    body,
  );
}

/** What a share link that no longer works shows: that, and nothing else. */
export function shareGoneHtml(reason: 'unknown' | 'expired' | 'revoked'): string {
  const why = {
    unknown: 'This link does not exist.',
    expired: 'This link has expired.',
    revoked: 'This link was revoked.',
  }[reason];
  return page(
    { title: 'shelfwatch · link not available', heading: 'Link not available' },
    `<section class="card"><p>${why}</p><p>Ask whoever sent it for a new one.</p></section>`,
  );
}
