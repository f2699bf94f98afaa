import { parseDocument, type Scalar } from 'yaml';

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
  // Values are replaced where they stand in the source text, so the new file keeps its spacing,
  // comments and layout, and its diff against the source shows only what changed.
  const edits: Array<{ from: number; to: number; text: string }> = [];
  const set = (key: string, value: string) => {
    const node = document.get(key, true) as Scalar | undefined;
    if (!node?.range) throw new Error(`the source file has no ${key} to change`);
    edits.push({ from: node.range[0], to: node.range[1], text: yamlScalar(value) });
  };
  set('market', options.market);
  const sourceUrl = String(document.get('baseUrl') ?? '');
  const baseUrl = options.baseUrl ?? swapMarketInUrl(sourceUrl, options.from, options.market);
  if (baseUrl === null)
    todo.push(`baseUrl is still ${sourceUrl} (the ${options.from} address): set it, or pass --base-url`);
  else set('baseUrl', baseUrl);
  for (const [key, value] of [
    ['locale', options.locale],
    ['currency', options.currency],
  ] as const) {
    if (value) set(key, value);
    else
      todo.push(
        `${key} is still ${String(document.get(key))} (from ${options.from}): pass --${key} if the market differs`,
      );
  }
  todo.push(`search keywords are ${options.from}'s: translate them into what shoppers type in ${options.market}`);
  let text = sourceText;
  for (const edit of edits.sort((a, b) => b.from - a.from))
    text = text.slice(0, edit.from) + edit.text + text.slice(edit.to);
  const note = `# Scaffolded from ${options.from}.yaml on ${options.today} by shelfwatch new-market.\n# To do: ${todo.join('; ')}.\n`;
  return { text: `${note}${text}`, todo };
}

/** A value as the file would spell it: plain when YAML reads it back as the same string, else quoted. */
function yamlScalar(value: string): string {
  const plain = parseDocument(`k: ${value}`).get('k');
  return plain === value && !/[#:]\s|^\s|\s$/.test(value) ? value : JSON.stringify(value);
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
