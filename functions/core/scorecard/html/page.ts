import { selectorHealth } from '../health.ts';
import type { RankHistory } from '../trends.ts';
import type { Scorecard, MarketScorecard } from '../types.ts';
import { categorySection } from './categories.ts';
import { healthSection } from './health.ts';
import { esc, statusLine, type EvidenceLinks } from './parts.ts';
import { placementSection } from './placements.ts';
import { problemsAnchor, problemsSection } from './problems.ts';
import { searchSection } from './search.ts';
import { STYLE } from './style.ts';

/**
 * The scorecard as a page a team opens every morning: per site × market, our ranks with the change
 * since yesterday (arrows, colour), share of search for us and competitors, placements held,
 * category positions, and the pages that could not be read. Self-contained (inline CSS) and printable.
 */
export function scorecardHtml(
  card: Scorecard,
  trends: RankHistory = new Map(),
  links: EvidenceLinks = new Map(),
): string {
  const problems = card.targets.reduce((sum, target) => sum + target.problems.length, 0);
  const firstProblem = card.targets.find((t) => t.problems.length > 0);
  const attention = firstProblem
    ? ` · <a href="#${problemsAnchor(firstProblem)}">${problems} page(s) need attention</a>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>shelfwatch scorecard ${esc(card.date)}</title><style>${STYLE}</style></head><body>
<header><h1>Digital shelf scorecard <span class="date">${esc(card.date)}</span></h1>
<p class="lede">${card.pages} pages read · ${comparedWith(card)} · ${statusLine(card.statusCounts)}${attention}</p></header>
<main>${card.targets.map((t) => targetSection(t, trends, links)).join('')}${healthSection(selectorHealth(card))}</main>
<footer>shelfwatch · ▲ better for us than yesterday · ▼ worse · = unchanged</footer></body></html>`;
}

function comparedWith(card: Scorecard): string {
  return card.previousDateScanned ? `changes against ${esc(card.previousDate)}` : 'no earlier day to compare with';
}

/** One site × market: its search, category and placement tables, then what needs attention. */
function targetSection(target: MarketScorecard, trends: RankHistory, links: EvidenceLinks): string {
  const heading = `<h2>${esc(target.site)} · ${esc(target.market.toUpperCase())} <small>${statusLine(target.statusCounts)}</small></h2>`;
  const sections = [
    searchSection(target, trends, links),
    categorySection(target, links),
    placementSection(target, links),
    problemsSection(target, links),
  ];
  return `<section class="target" data-target="${esc(`${target.site}/${target.market}`)}">${heading}\n${sections.join('\n')}\n</section>`;
}
