import { describe, expect, it } from 'vitest';
import { parsePrice, priceAmounts } from '../../../functions/core/extract/price.ts';

describe('parsePrice', () => {
  it.each([
    ['1.299,00 €', 'de-DE', 'EUR', 1299],
    ['12,95 €', 'fr-FR', 'EUR', 12.95],
    ['12,95\u202f€', 'fr-FR', 'EUR', 12.95],
    ['1\u202f299,00\u00a0€', 'fr-FR', 'EUR', 1299],
    ['£12.50', 'en-GB', 'GBP', 12.5],
    ['$1,299.99', 'en-US', 'USD', 1299.99],
    ['¥1,980', 'ja-JP', 'JPY', 1980],
    ['￥24,800', 'ja-JP', 'JPY', 24800],
    ['1 349€96', 'fr-FR', 'EUR', 1349.96],
    ['949€99', 'fr-FR', 'EUR', 949.99],
    ['€ 12.95', 'de-DE', 'EUR', 12.95],
    ['EUR 1.299', 'de-DE', 'EUR', 1299],
    ['From $10.00 - $20.00', 'en-US', 'USD', 10],
    ["CHF 1'299.50", 'de-CH', 'CHF', 1299.5],
    ['19 €', 'fr-FR', 'EUR', 19],
  ])('%s (%s) is %d', (text, locale, currency, expected) => {
    expect(parsePrice(text, locale, currency)).toBe(expected);
  });

  it.each([null, '', 'Prix sur demande', '—'])('%j holds no price', (text) => {
    expect(parsePrice(text, 'fr-FR', 'EUR')).toBeNull();
  });
});

describe('a price text that holds more than one amount', () => {
  it.each([
    ['Was $89.99 Save $10 Now $79.99', 3],
    ['39,99 € 29,99 €', 2],
    ['£12.50', 1],
    ['1 349€96', 1],
    ['1.299,00 €', 1],
    ['¥1,980（税込）', 1],
    ['USD 12.00 / EUR 11.00', 2],
    ['from 3 for 2', 0],
    ['', 0],
  ])('%j holds %i', (text, count) => {
    expect(priceAmounts(text)).toBe(count);
  });
});
