import { CONCEPTS, DEMO_MARKETS, type Concept, type DemoMarket } from './markets.ts';
import { seeded } from './random.ts';

/**
 * The demo shop's products and the rankings it shows. Everything is a pure function of the market,
 * the query and the date, so tests can compute what any page must show on any day.
 */
export interface Product {
  sku: string;
  brand: string;
  concept: Concept;
  line: string;
  /** List price in USD; markets convert. */
  listPrice: number;
  /** How well it sells in general, 0..1; daily noise moves it around. */
  appeal: number;
}

interface BrandLines {
  brand: string;
  code: string;
  mascara: [string, string];
  'brow-gel': string;
  lipstick: string;
}

/** A brand's lines: its name, its SKU code, two mascaras, a brow gel and a lipstick. */
const lines = (
  brand: string,
  code: string,
  mascaras: [string, string],
  browGel: string,
  lipstick: string,
): BrandLines => ({
  brand,
  code,
  mascara: mascaras,
  'brow-gel': browGel,
  lipstick,
});

const BRANDS: BrandLines[] = [
  lines('Lumière', 'LUM', ['Volume Max', 'Curl Infini'], 'Sculpt', 'Velours'),
  lines('Pure Botanica', 'PBO', ['Green Lash', 'Bamboo Length'], 'Herbal Hold', 'Rose Balm'),
  lines('Glowco', 'GLO', ['Mega Lash', 'Night Out'], 'Brow Fix', 'Shine On'),
  lines('Maison Verte', 'MVE', ['Cils Parfaits', 'Longueur'], 'Précision', 'Satin'),
  lines('Nordlys', 'NOR', ['Aurora Lash', 'Fjord Volume'], 'Frost', 'Midnight'),
  lines('Belle Rue', 'BRU', ['Boulevard', 'Café Curl'], 'Arch', 'Cerise'),
  lines('Kosmo', 'KOS', ['Orbit', 'Zero G'], 'Comet', 'Nova'),
  lines('Aurora Lab', 'AUR', ['Lab Lift', 'Formula 9'], 'Set Gel', 'Matte Lab'),
];

export const DEMO_BRANDS = BRANDS.map((entry) => entry.brand);

function buildCatalog(): Product[] {
  const products: Product[] = [];
  for (const entry of BRANDS) {
    const add = (concept: Concept, line: string, index: number) => {
      const sku = `${entry.code}-${concept === 'mascara' ? 'M' : concept === 'brow-gel' ? 'B' : 'L'}${index}`;
      products.push({
        sku,
        brand: entry.brand,
        concept,
        line,
        listPrice: 8 + Math.round(seeded('price', sku) * 3700) / 100,
        appeal: seeded('appeal', sku),
      });
    };
    entry.mascara.forEach((line, index) => add('mascara', line, index + 1));
    add('brow-gel', entry['brow-gel'], 1);
    add('lipstick', entry.lipstick, 1);
  }
  // A luxury set, so a four-digit price ("1.299,00 €") is on the shelf too.
  products.push({
    sku: 'LUM-X1',
    brand: 'Lumière',
    concept: 'mascara',
    line: 'Prestige Coffret',
    listPrice: 1299,
    appeal: 0.35,
  });
  return products;
}

export const CATALOG: readonly Product[] = buildCatalog();

const NAME_TEMPLATES: Record<DemoMarket['lang'], Record<Concept, (line: string) => string>> = {
  en: { mascara: (l) => `${l} Mascara`, 'brow-gel': (l) => `${l} Brow Gel`, lipstick: (l) => `${l} Lipstick` },
  fr: {
    mascara: (l) => `Mascara ${l}`,
    'brow-gel': (l) => `Gel Sourcils ${l}`,
    lipstick: (l) => `Rouge à Lèvres ${l}`,
  },
  de: {
    mascara: (l) => `${l} Wimperntusche`,
    'brow-gel': (l) => `${l} Augenbrauengel`,
    lipstick: (l) => `${l} Lippenstift`,
  },
  ja: {
    mascara: (l) => `${l} ボリューム マスカラ`,
    'brow-gel': (l) => `${l} アイブロウ ジェル 眉毛`,
    lipstick: (l) => `${l} 口紅 リップスティック`,
  },
  ar: {
    mascara: (l) => `ماسكارا ${l} للرموش`,
    'brow-gel': (l) => `جل الحواجب ${l}`,
    lipstick: (l) => `أحمر شفاه ${l}`,
  },
};

export function productName(product: Product, market: DemoMarket): string {
  return NAME_TEMPLATES[market.lang][product.concept](product.line);
}

/** Local shelf price: converted, then ending in .95 (EUR), .50/.99 (GBP), .99 (USD, AED) or 80 (¥1,980) as shops do. */
export function productPrice(product: Product, market: DemoMarket): number {
  const converted = product.listPrice * market.rate;
  if (market.currency === 'JPY') return Math.ceil(converted / 100) * 100 - 20;
  if (product.listPrice >= 1000) return Math.round(converted);
  const ending =
    market.currency === 'EUR' ? 0.95 : market.currency === 'GBP' ? (product.listPrice > 20 ? 0.99 : 0.5) : 0.99;
  return Math.floor(converted) + ending;
}

export function productBySku(sku: string): Product | undefined {
  return CATALOG.find((product) => product.sku === sku);
}

export interface ShelfTile {
  product: Product;
  sponsored: boolean;
}

const ORGANIC_RESULTS = 16;
const SPONSORED_POSITIONS = [1, 6];
export const CATEGORY_PAGE_SIZE = 12;

/** Products of a concept (or matching a test), best first for that day: lasting appeal plus a daily swing. */
function dailyOrder(matches: Concept | ((product: Product) => boolean), ...seed: string[]): Product[] {
  const score = (product: Product) => product.appeal * 0.55 + seeded(...seed, product.sku) * 0.45;
  const keep = typeof matches === 'string' ? (product: Product) => product.concept === matches : matches;
  return CATALOG.filter(keep).sort((a, b) => score(b) - score(a) || a.sku.localeCompare(b.sku));
}

/** As a shop's search reads what was typed: full-width and half-width forms alike (NFKC), any case. */
function typedForm(keyword: string): string {
  return keyword.normalize('NFKC').trim().toLowerCase();
}

function nameMatches(product: Product, market: DemoMarket, keyword: string): boolean {
  const typed = typedForm(keyword);
  return typed.length > 0 && `${product.brand} ${productName(product, market)}`.toLowerCase().includes(typed);
}

export function conceptForKeyword(market: DemoMarket, keyword: string): Concept | undefined {
  const typed = typedForm(keyword);
  const known = Object.entries(market.keywords).find(([word]) => typedForm(word) === typed)?.[1];
  return known ?? CONCEPTS.find((concept) => concept === typed);
}

/** The search results page for a keyword on a day: organic tiles with sponsored tiles slotted in. */
export function searchResults(marketId: string, keyword: string, date: string): ShelfTile[] {
  const market = requireMarket(marketId);
  const concept = conceptForKeyword(market, keyword);
  // Not a category word: the shop matches product and brand names, as in-site search does.
  const matches = concept
    ? (product: Product) => product.concept === concept
    : (product: Product) => nameMatches(product, market, keyword);
  const organic = dailyOrder(matches, date, market.id, 'search', keyword).slice(0, ORGANIC_RESULTS);
  if (organic.length === 0) return [];
  const advertisers = dailyOrder(matches, date, market.id, 'ads', keyword);
  const tiles: ShelfTile[] = organic.map((product) => ({ product, sponsored: false }));
  SPONSORED_POSITIONS.forEach((position, index) => {
    const product = advertisers[index];
    if (product) tiles.splice(position - 1, 0, { product, sponsored: true });
  });
  return tiles;
}

/** One page of a category listing (1-based) and how many pages there are. */
export function categoryPage(
  marketId: string,
  slug: string,
  date: string,
  page: number,
): { tiles: ShelfTile[]; pages: number } | undefined {
  const market = requireMarket(marketId);
  const concept = market.categories[slug];
  if (!concept) return undefined;
  const all = dailyOrder(concept, date, market.id, 'category', slug);
  const pages = Math.ceil(all.length / CATEGORY_PAGE_SIZE);
  const start = (page - 1) * CATEGORY_PAGE_SIZE;
  return {
    tiles: all.slice(start, start + CATEGORY_PAGE_SIZE).map((product) => ({ product, sponsored: false })),
    pages,
  };
}

/** The home page's hero banner (3 slides) and lazy carousel (8 tiles) for a day. */
export function homePlacements(marketId: string, date: string): { hero: Product[]; carousel: Product[] } {
  const market = requireMarket(marketId);
  const shuffled = (seed: string) =>
    [...CATALOG].sort((a, b) => seeded(date, market.id, seed, a.sku) - seeded(date, market.id, seed, b.sku));
  return { hero: shuffled('hero').slice(0, 3), carousel: shuffled('carousel').slice(0, 8) };
}

export function requireMarket(marketId: string): DemoMarket {
  const market = DEMO_MARKETS[marketId];
  if (!market) throw new Error(`demo shop: unknown market "${marketId}"`);
  return market;
}
