import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../functions/core/extract/classify.ts';
import { replayObservation } from '../../../functions/core/replay/replay-observation.ts';
import type { Observation } from '../../../functions/core/store/model.ts';
import { shopSite } from '../../support/site-fixtures.ts';

const site = shopSite({
  blockedIf: '.captcha',
  topN: 4,
  fields: { name: '.n', brand: '.b', url: 'a@href' },
  pages: [
    { kind: 'category', name: 'mascara', url: '/c/mascara', item: '.tile', next: 'a.next@href', maxPages: 3 },
    {
      kind: 'placement',
      name: 'home',
      url: '/',
      slots: { hero: { item: '.hero a', fields: { name: '@title', url: '@href' } } },
    },
  ],
});
const classify = createClassifier({
  ours: { label: 'us', brands: { Lumière: [] }, products: [] },
  competitors: { Glowco: [] },
});
const [category, home] = site.pages;
const tile = (brand: string, name: string) =>
  `<li class="tile"><a href="/p/${name}"><span class="n">${name}</span></a><span class="b">${brand}</span></li>`;
const now = new Date('2026-11-24T08:00:00Z');

function observation(over: Partial<Observation>): Observation {
  return {
    site: 'shop',
    market: 'fr',
    kind: 'category',
    page: 'mascara',
    date: '2026-11-22',
    runId: 'run-1',
    status: 'selector_miss',
    message: 'Item selector matched nothing at https://shop.example/fr/c/mascara (has the site changed?)',
    pageUrl: 'https://shop.example/fr/c/mascara',
    summary: null,
    tiles: [],
    evidence: { html: ['p1.html.gz', 'p2.html.gz'], screenshot: 'shot.jpg' },
    observedAt: '2026-11-22T06:00:00Z',
    readMs: 900,
    ...over,
  };
}

describe('replayObservation', () => {
  it('ranks the pages of an archived listing as one list, keeping day, run and evidence', () => {
    const pages = [
      {
        html: `<ul>${tile('Glowco', 'Mega')}${tile('Lumière', 'Volume')}</ul><a class="next" href="?p=2">next</a>`,
        url: 'https://shop.example/fr/c/mascara',
      },
      { html: `<ul>${tile('Lumière', 'Curl')}</ul>`, url: 'https://shop.example/fr/c/mascara?p=2' },
    ];
    const replayed = replayObservation(observation({}), { site, page: category! }, pages, classify, now);
    expect(replayed).toMatchObject({
      status: 'ok',
      message: null,
      date: '2026-11-22',
      runId: 'run-1',
      evidence: { html: ['p1.html.gz', 'p2.html.gz'], screenshot: 'shot.jpg' },
      replayedAt: now.toISOString(),
      replayedFrom: 'selector_miss',
    });
    expect(replayed.tiles!.map((t) => [t.name, t.organicRank, t.url])).toEqual([
      ['Mega', 1, 'https://shop.example/p/Mega'],
      ['Volume', 2, 'https://shop.example/p/Volume'],
      ['Curl', 3, 'https://shop.example/p/Curl'],
    ]);
    expect(replayed.summary).toMatchObject({ ourBestOrganicRank: 2, ourTilesInTopN: 2 });
  });

  it('a page still not matching stays a miss; a bot wall is blocked; the first status is kept across replays', () => {
    const stillBroken = replayObservation(
      observation({}),
      { site, page: category! },
      [{ html: '<div class="card">new</div>', url: 'https://shop.example/fr/c/mascara' }],
      classify,
      now,
    );
    expect(stillBroken).toMatchObject({
      status: 'selector_miss',
      message: expect.stringContaining('matched nothing'),
      replayedFrom: 'selector_miss',
    });
    const wall = replayObservation(
      observation({ status: 'ok', replayedFrom: 'selector_miss' }),
      { site, page: category! },
      [{ html: '<div class="captcha"></div>', url: 'https://shop.example/fr/c/mascara' }],
      classify,
      now,
    );
    expect(wall).toMatchObject({ status: 'blocked', replayedFrom: 'selector_miss' });
  });

  it('placements: slots and missing slots replace the old ones', () => {
    const html =
      '<div class="hero"><a title="Volume Max" href="/p/LUM-1">x</a><a title="Mega" href="/p/GLO-1">y</a></div>';
    const replayed = replayObservation(
      observation({ kind: 'placement', page: 'home', missingSlots: ['hero'], slots: [] }),
      { site, page: home! },
      [{ html, url: 'https://shop.example/fr/' }],
      classify,
      now,
    );
    expect(replayed.status).toBe('ok');
    expect(replayed.missingSlots).toEqual([]);
    expect(replayed.slots![0]!.items.map((item) => item.name)).toEqual(['Volume Max', 'Mega']);
    expect(replayed.tiles).toBeUndefined();
  });
});
