import { describe, expect, it } from 'vitest';
import { loadIntervalMs } from '../../../functions/core/politeness/site-pace.ts';
import { acceptLanguage, marketTimezone } from '../../../functions/core/page/identity.ts';
import { isBurned } from '../../../scripts/demo-shop/bot-defence.ts';

describe('loadIntervalMs', () => {
  it.each([
    [{ requestsPerMinute: 60, delayMs: 0 }, 1_000],
    [{ requestsPerMinute: 120, delayMs: 0 }, 500],
    [{ requestsPerMinute: 7, delayMs: 0 }, 8_572],
    [{ requestsPerMinute: 120, delayMs: 2_000 }, 2_000],
    [{ requestsPerMinute: 'unlimited' as const, delayMs: 250 }, 250],
    [{ requestsPerMinute: 'unlimited' as const, delayMs: 0 }, null],
  ])('%j → %j', (rate, expected) => expect(loadIntervalMs(rate)).toBe(expected));
});

describe('identity per market', () => {
  it.each([
    ['fr-FR', 'fr-FR,fr;q=0.9,en;q=0.8'],
    ['en-US', 'en-US,en;q=0.9'],
    ['ja-JP', 'ja-JP,ja;q=0.9,en;q=0.8'],
    ['de', 'de,en;q=0.8'],
  ])('Accept-Language for %s: %s', (locale, header) => expect(acceptLanguage(locale)).toBe(header));

  it.each([
    ['de-DE', 'Europe/Berlin'],
    ['en-GB', 'Europe/London'],
    ['en-US', 'America/New_York'],
    ['ja-JP', 'Asia/Tokyo'],
    ['ar', 'Africa/Cairo'],
    ['fr', 'Europe/Paris'],
    ['en-001', 'UTC'],
  ])('timezone of %s: %s', (locale, zone) => expect(marketTimezone(locale)).toBe(zone));

  it('a file’s own timezone wins', () => {
    expect(marketTimezone('en-US', { timezone: 'America/Los_Angeles' })).toBe('America/Los_Angeles');
  });
});

describe('the demo shop’s bot defence', () => {
  it('lists a stable share of addresses', () => {
    const addresses = Array.from({ length: 1000 }, (_u, i) => `10.0.${i >> 8}.${i & 255}`);
    const listed = addresses.filter((address) => isBurned(address, 0.3)).length;
    expect(listed).toBeGreaterThan(240);
    expect(listed).toBeLessThan(360);
    expect(addresses.filter((a) => isBurned(a, 0.3))).toEqual(addresses.filter((a) => isBurned(a, 0.3)));
    expect(addresses.some((a) => isBurned(a, 0))).toBe(false);
    expect(addresses.every((a) => isBurned(a, 1))).toBe(true);
  });
});
