/**
 * Reads a shelf price the way a shopper of that market would: `1.299,00 €` in Germany, `£12.50` in
 * the UK, `12,95 €` in France, `¥1,980` in Japan, and LDLC's `1 349€96` where the symbol stands in
 * for the decimal comma. Returns null when the text holds no number.
 */
export function parsePrice(text: string | null | undefined, locale: string, currency: string): number | null {
  if (!text) return null;
  const { decimal, fractionDigits } = numberConventions(locale, currency);
  let value = text
    .normalize('NFKC')
    .replace(/[\s\u00a0\u202f\u2009]+/g, ' ')
    .trim();
  // A currency sign between the units and exactly two digits is a decimal point: "349€96".
  value = value.replace(/(\d)\s?[€£$¥₩₹]\s?(\d{2})(?!\d)/u, `$1${decimal}$2`);
  const match = value.match(/\d(?:[\d.,' ]*\d)?/);
  if (!match) return null;
  const number = match[0];
  if (fractionDigits === 0) return Number(number.replace(/\D/g, ''));

  const lastSeparator = Math.max(number.lastIndexOf('.'), number.lastIndexOf(','));
  if (lastSeparator === -1) return Number(number.replace(/\D/g, ''));
  const separator = number[lastSeparator];
  const digitsAfter = number.length - lastSeparator - 1;
  // Retail prices never carry three decimals: "1.299" and "1,980" are thousands, "12.95" on a
  // German page is still twelve and change.
  const isDecimal = digitsAfter <= 2 || (digitsAfter > 3 && separator === decimal);
  if (!isDecimal) return Number(number.replace(/\D/g, ''));
  const units = number.slice(0, lastSeparator).replace(/\D/g, '');
  const fraction = number.slice(lastSeparator + 1).replace(/\D/g, '');
  return Number(`${units || '0'}.${fraction}`);
}

const conventionsCache = new Map<string, { decimal: string; fractionDigits: number }>();

function numberConventions(locale: string, currency: string): { decimal: string; fractionDigits: number } {
  const key = `${locale}|${currency}`;
  let conventions = conventionsCache.get(key);
  if (!conventions) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const decimal = format.formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
    conventions = { decimal, fractionDigits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    conventionsCache.set(key, conventions);
  }
  return conventions;
}

const CODES = 'EUR|USD|GBP|JPY|CHF|SEK|PLN';
const NUMBER = "\\d(?:[\\d.,' \\u00a0]*\\d)?";
const AMOUNT = new RegExp(
  `(?:[€£$¥₩₹]\\s?${NUMBER}|\\b(?:${CODES})\\s?${NUMBER}|${NUMBER}\\s?(?:[€£$¥₩₹]|\\b(?:${CODES})\\b))`,
  'giu',
);

/**
 * How many amounts with a currency a price text holds: "Was $89.99 Save $10 Now $79.99" is three,
 * and the price read from it would be the first. More than one wants field alternatives (the one
 * shoppers pay), not a guess. Pure.
 */
export function priceAmounts(text: string | null | undefined): number {
  return text ? (text.normalize('NFKC').match(AMOUNT) ?? []).length : 0;
}

/** The first amount with a currency in a text ("$25.99" of "Now $25.99 ($1.20/oz)"), or null. */
export function firstAmount(text: string | null | undefined): string | null {
  if (!text) return null;
  // "1 349€96": the sign stands for the decimal mark (as parsePrice reads it), not the amount's end;
  // only right after the units: "$18.04 $ 18 . 04" (a price and its spoken-out copy) is two amounts.
  const value = text.normalize('NFKC').replace(/(\d)([€£$¥₩₹])\s?(\d{2})(?!\d)/gu, '$1.$3$2');
  return value.match(new RegExp(AMOUNT.source, 'iu'))?.[0] ?? null;
}
