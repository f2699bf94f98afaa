import type { MarketScorecard } from '../types.ts';
import { esc, proofLinks, statusBadge, type EvidenceLinks } from './parts.ts';

/** The pages of one site × market that were not read cleanly: why, and since when a selector is broken. */
export function problemsSection(target: MarketScorecard, links: EvidenceLinks): string {
  if (target.problems.length === 0) return '';
  const items = target.problems.map((problem) => {
    const keyword = problem.keyword ? ` “${esc(problem.keyword)}”` : '';
    const since = problem.brokenSince ? ` — <strong>selector broken since ${esc(problem.brokenSince)}</strong>` : '';
    const message = problem.message ? `<br><span class="muted">${esc(problem.message)}</span>` : '';
    return `<li>${statusBadge(problem.status)} ${esc(problem.page)}${keyword}${since}${message} ${proofLinks(problem.evidence, links)}</li>`;
  });
  return `<h3 id="${problemsAnchor(target)}">Needs attention</h3><ul class="problems">${items.join('')}</ul>`;
}

export function problemsAnchor(target: Pick<MarketScorecard, 'site' | 'market'>): string {
  return `problems-${target.site}-${target.market}`.replace(/[^\w-]/g, '-');
}
