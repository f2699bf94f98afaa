import { parseDocument } from 'yaml';

export interface ScaffoldOptions {
  /** The market the source file describes, and the new one. */
  from: string;
  market: string;
  baseUrl?: string | undefined;
  locale?: string | undefined;
  currency?: string | undefined;
  today: string;
}

export interface Scaffold {
  text: string;
  /** What the maintainer still has to look at (a value kept from the source market). */
  todo: string[];
}

/**
 * A new market's selector file from an existing market of the same site: selectors, pages and
 * comments kept (a retailer's markets share their templates), market-specific values changed where
 * they can be derived, and listed as to-dos where they cannot. Pure.
 */
export function scaffoldMarket(sourceText: string, options: ScaffoldOptions): Scaffold {
  const document = parseDocument(sourceText);
  const todo: string[] = [];
  document.set('market', options.market);
  const sourceUrl = String(document.get('baseUrl') ?? '');
  const baseUrl = options.baseUrl ?? swapMarketInUrl(sourceUrl, options.from, options.market);
  if (baseUrl === null)
    todo.push(`baseUrl is still ${sourceUrl} (the ${options.from} address): set it, or pass --base-url`);
  else document.set('baseUrl', baseUrl);
  for (const [key, value] of [
    ['locale', options.locale],
    ['currency', options.currency],
  ] as const) {
    if (value) document.set(key, value);
    else
      todo.push(
        `${key} is still ${String(document.get(key))} (from ${options.from}): pass --${key} if the market differs`,
      );
  }
  todo.push(`search keywords are ${options.from}'s: translate them into what shoppers type in ${options.market}`);
  const note = ` Scaffolded from ${options.from}.yaml on ${options.today} by shelfwatch new-market.\n To do: ${todo.join('; ')}.`;
  document.commentBefore = document.commentBefore ? `${note}\n${document.commentBefore}` : note;
  return { text: document.toString({ lineWidth: 0 }), todo };
}

/** `https://shop.example/fr` → `…/de`, `https://shop.fr/` → `https://shop.de/`; null when the market is not in the address. */
export function swapMarketInUrl(url: string, from: string, market: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  const segment = new RegExp(`(^|/)${escape(from)}(?=/|$)`, 'i');
  if (segment.test(parsed.pathname)) parsed.pathname = parsed.pathname.replace(segment, `$1${market}`);
  else if (parsed.hostname.endsWith(`.${from}`)) parsed.hostname = `${parsed.hostname.slice(0, -from.length)}${market}`;
  else return null;
  // URL adds a "/" to a bare origin; keep the file's own spelling.
  return url.endsWith('/') ? parsed.toString() : parsed.toString().replace(/\/$/, '');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
