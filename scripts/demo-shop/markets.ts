/** The demo shop's markets: each with its language, money, URL words and the quirks real retailers have. */
export interface DemoMarket {
  id: string;
  locale: string;
  currency: string;
  lang: 'en' | 'fr' | 'de' | 'ja' | 'ar';
  /** Written right to left (Arabic): the page says dir="rtl". */
  rtl?: boolean;
  /** Search results are rendered in the browser by JavaScript: only Chrome sees them. */
  clientRendered: boolean;
  /** EU consent wall: nothing is shown until the visitor accepts cookies. */
  consentWall: boolean;
  /** Local price from the catalogue's USD list price. */
  rate: number;
  searchPath: string;
  categoryPath: string;
  /** Keyword typed by a shopper of this market → catalogue concept. */
  keywords: Record<string, Concept>;
  /** Category slug in this market → concept. */
  categories: Record<string, Concept>;
  words: { sponsored: string; next: string; accept: string; noResults: string };
}

export const CONCEPTS = ['mascara', 'brow-gel', 'lipstick'] as const;
export type Concept = (typeof CONCEPTS)[number];

const ENGLISH_WORDS = { sponsored: 'Sponsored', next: 'Next', accept: 'Accept all', noResults: 'No results' };
const ENGLISH_KEYWORDS: DemoMarket['keywords'] = { mascara: 'mascara', 'brow gel': 'brow-gel', lipstick: 'lipstick' };

/** A market as most are: server-rendered, no consent wall, /search and /c, categories by their English slugs. */
function market(
  own: Pick<DemoMarket, 'id' | 'locale' | 'currency' | 'lang' | 'rate' | 'keywords' | 'words'> & Partial<DemoMarket>,
): DemoMarket {
  return {
    clientRendered: false,
    consentWall: false,
    searchPath: '/search',
    categoryPath: '/c',
    categories: { mascara: 'mascara', lipstick: 'lipstick' },
    ...own,
  };
}

export const DEMO_MARKETS: Record<string, DemoMarket> = {
  us: market({
    id: 'us',
    locale: 'en-US',
    currency: 'USD',
    lang: 'en',
    rate: 1,
    keywords: ENGLISH_KEYWORDS,
    words: ENGLISH_WORDS,
  }),
  uk: market({
    id: 'uk',
    locale: 'en-GB',
    currency: 'GBP',
    lang: 'en',
    rate: 0.79,
    clientRendered: true,
    keywords: ENGLISH_KEYWORDS,
    words: ENGLISH_WORDS,
  }),
  fr: market({
    id: 'fr',
    locale: 'fr-FR',
    currency: 'EUR',
    lang: 'fr',
    rate: 0.92,
    consentWall: true,
    searchPath: '/recherche',
    categoryPath: '/maquillage',
    keywords: { mascara: 'mascara', 'gel sourcils': 'brow-gel', 'rouge à lèvres': 'lipstick' },
    categories: { mascara: 'mascara', 'rouge-a-levres': 'lipstick' },
    words: { sponsored: 'Sponsorisé', next: 'Suivant', accept: 'Tout accepter', noResults: 'Aucun résultat' },
  }),
  de: market({
    id: 'de',
    locale: 'de-DE',
    currency: 'EUR',
    lang: 'de',
    rate: 0.92,
    clientRendered: true,
    consentWall: true,
    searchPath: '/suche',
    categoryPath: '/make-up',
    keywords: { mascara: 'mascara', augenbrauengel: 'brow-gel', lippenstift: 'lipstick' },
    categories: { mascara: 'mascara', lippenstift: 'lipstick' },
    words: { sponsored: 'Gesponsert', next: 'Weiter', accept: 'Alle akzeptieren', noResults: 'Keine Ergebnisse' },
  }),
  // Japanese names and keywords (a full-width space in one, as shoppers type it), prices like ￥1,980.
  jp: market({
    id: 'jp',
    locale: 'ja-JP',
    currency: 'JPY',
    lang: 'ja',
    rate: 150,
    keywords: { マスカラ: 'mascara', 'アイブロウ\u3000ジェル': 'brow-gel', 口紅: 'lipstick' },
    words: { sponsored: 'スポンサー', next: '次へ', accept: 'すべて同意', noResults: '該当する商品はありません' },
  }),
  // Arabic, written right to left, prices like "123.50 د.إ.".
  ae: market({
    id: 'ae',
    locale: 'ar-AE',
    currency: 'AED',
    lang: 'ar',
    rate: 3.67,
    rtl: true,
    keywords: { ماسكارا: 'mascara', 'جل الحواجب': 'brow-gel', 'أحمر شفاه': 'lipstick' },
    words: { sponsored: 'إعلان', next: 'التالي', accept: 'قبول الكل', noResults: 'لا توجد نتائج' },
  }),
};

/** The markets the bundled selector files read (selectors/demo-shop/); jp and ae have theirs in examples/world-markets/. */
export const BUNDLED_MARKETS = ['us', 'uk', 'fr', 'de'] as const;

export function formatMoney(amount: number, market: DemoMarket): string {
  return new Intl.NumberFormat(market.locale, { style: 'currency', currency: market.currency }).format(amount);
}
