import { existsSync } from 'node:fs';
import { todayUtc } from '../../functions/core/day.ts';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadSelectorDir, parseSiteFile } from '../../functions/core/selectors/load.ts';
import { formatProblem } from '../../functions/core/selectors/problems.ts';
import { scaffoldMarket } from '../maintain/scaffold-market.ts';
import { defineCommand, text, UsageError } from './command.ts';

export const command = defineCommand({
  usage: `shelfwatch new-market <site> <market> [--from <market>] [--base-url URL] [--locale xx-YY] [--currency XXX] [--dir selectors]

  Copies <dir>/<site>/<from>.yaml (default: the site's first market) to <dir>/<site>/<market>.yaml
  with its selectors, pages and comments; sets the market, and the base URL when the source market
  appears in it (…/fr → …/de, shop.fr → shop.de). Writes the file only if it validates, then lists
  what is left to check (keywords in the market's language, locale, currency).`,
  positionals: '<site> <market>',
  options: {
    from: text('market', "the market to copy (default: the site's first)"),
    'base-url': text('URL', "the new market's base URL (default: the source's, with its market replaced)"),
    locale: text('xx-YY', "the market's locale (Accept-Language, number formats)"),
    currency: text('XXX', "the market's currency (ISO 4217)"),
    dir: text('dir', 'the selector folder (default selectors)', 'selectors'),
  },
  async run(values, positionals) {
    const [siteName, market, ...extra] = positionals;
    if (!siteName || !market || extra.length)
      throw new UsageError('expected a site and a market, e.g. shelfwatch new-market demo-shop es');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(market))
      throw new UsageError(`market "${market}" must be lower-case letters, digits and "-"`);
    const set = await loadSelectorDir(values.dir);
    const markets = set.sites.filter((site) => site.site === siteName).sort((a, b) => a.market.localeCompare(b.market));
    if (markets.length === 0)
      throw new UsageError(
        `no valid selector file for site "${siteName}" in ${values.dir} (sites: ${[...new Set(set.sites.map((s) => s.site))].sort().join(', ') || 'none'})`,
      );
    const target = path.join(values.dir, siteName, `${market}.yaml`);
    if (existsSync(target) || markets.some((site) => site.market === market))
      throw new UsageError(`${target} exists already: edit it instead`);
    const source = values.from ? markets.find((site) => site.market === values.from) : markets[0];
    if (!source)
      throw new UsageError(
        `no valid ${siteName} market "${values.from}" to copy (markets: ${markets.map((s) => s.market).join(', ')})`,
      );

    const scaffold = scaffoldMarket(await readFile(source.file, 'utf8'), {
      from: source.market,
      market,
      baseUrl: values['base-url'],
      locale: values.locale,
      currency: values.currency,
      today: todayUtc(),
    });
    const { problems } = parseSiteFile(target, scaffold.text);
    if (problems.length) {
      for (const problem of problems) console.error(`invalid: ${formatProblem(problem)}`);
      console.error(`\nnothing written: fix the options above and run it again`);
      return 1;
    }
    await writeFile(target, scaffold.text, { flag: 'wx' });
    console.log(
      `wrote ${target} (from ${source.file}); it validates.\n\nStill to check:\n${scaffold.todo.map((item) => `  - ${item}`).join('\n')}\n\nThen: shelfwatch try ${target}   (see what every selector matches on the live page)`,
    );
    return 0;
  },
});
