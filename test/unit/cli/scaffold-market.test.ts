import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSiteFile } from '../../../functions/core/selectors/load.ts';
import { scaffoldMarket } from '../../../scripts/maintain/scaffold-market.ts';
import { SELECTORS_DIR } from '../../support/paths.ts';

describe('new-market: the new file differs from its source only where it must', () => {
  it.each(['de', 'fr', 'uk', 'us'])('from demo-shop/%s: the header, market and baseUrl, nothing else', (from) => {
    const source = readFileSync(path.join(SELECTORS_DIR, 'demo-shop', `${from}.yaml`), 'utf8');
    const { text } = scaffoldMarket(source, { from, market: 'es', today: '2026-12-02' });
    const lines = text.split('\n');
    expect(lines[0]).toBe(`# Scaffolded from ${from}.yaml on 2026-12-02 by shelfwatch new-market.`);
    expect(lines[1]).toMatch(/^# To do: /);
    const changed = lines.slice(2).filter((line, index) => line !== source.split('\n')[index]);
    expect(changed).toEqual(['market: es', `baseUrl: http://127.0.0.1:4010/es`]);
    // Spacing, flow lists and aligned comments as the source wrote them.
    expect(text).toContain(source.split('\n').find((line) => line.includes('keywords: ['))!);
    expect(parseSiteFile('selectors/demo-shop/es.yaml', text).problems).toEqual([]);
  });

  it.each([
    ['a value YAML would read as another type', { locale: 'true' }, 'locale: "true"'],
    ['a value with a colon and space', { currency: 'EUR: euro' }, 'currency: "EUR: euro"'],
    ['a plain value', { currency: 'CHF' }, 'currency: CHF'],
  ])('%s is written so it reads back the same', (_what, extra, line) => {
    const source = readFileSync(path.join(SELECTORS_DIR, 'demo-shop', 'fr.yaml'), 'utf8');
    expect(
      scaffoldMarket(source, { from: 'fr', market: 'ch', today: '2026-12-02', ...extra }).text.split('\n'),
    ).toContain(line);
  });
});
