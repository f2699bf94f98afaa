import { describe, expect, it } from 'vitest';
import { backoffMs, isTurnedAway, retryAfterMs } from '../../../functions/core/reading/retry-policy.ts';
import type { PageOutcome } from '../../../functions/core/page/types.ts';

const outcome = (status: PageOutcome['status'], httpStatus = 200): Pick<PageOutcome, 'status' | 'captures'> => ({
  status,
  captures: [{ url: 'u', finalUrl: 'u', httpStatus, html: '', screenshot: null, notes: [] }],
});
const spec = { tries: 3, backoffMs: 1_000, maxBackoffMs: 20_000 };

describe('isTurnedAway', () => {
  it.each([
    ['a bot wall', outcome('blocked', 200), true],
    ['a bot wall with 403', outcome('blocked', 403), true],
    ['403', outcome('http_error', 403), true],
    ['429', outcome('http_error', 429), true],
    ['500', outcome('http_error', 500), true],
    ['503', outcome('http_error', 503), true],
    ['404: the page is gone, another visitor gets the same', outcome('http_error', 404), false],
    ['410', outcome('http_error', 410), false],
    ['ok', outcome('ok'), false],
    ['a timeout status', outcome('timeout', 0), false],
    ['a selector miss (a layout change, not a visitor problem)', outcome('selector_miss'), false],
    ['a timeout (the delivery retry handles it)', outcome('failed', 0), false],
  ])('%s → %s', (_title, page, expected) => expect(isTurnedAway(page)).toBe(expected));
});

describe('backoffMs', () => {
  const middle = () => 0.5;
  it('doubles from backoffMs, try by try', () => {
    expect([1, 2, 3, 4].map((t) => backoffMs(t, null, spec, 0, middle))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });
  it('jitters by a quarter either way', () => {
    expect(backoffMs(1, null, spec, 0, () => 0)).toBe(750);
    expect(backoffMs(1, null, spec, 0, () => 0.999999)).toBe(1_250);
  });
  it('waits as long as Retry-After asks when that is longer, in seconds or as a date', () => {
    expect(backoffMs(1, '5', spec, 0, middle)).toBe(5_000);
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(backoffMs(1, 'Wed, 02 Dec 2026 10:00:07 GMT', spec, now, middle)).toBe(7_000);
    expect(backoffMs(3, '1', spec, 0, middle)).toBe(4_000);
  });
  it('never past maxBackoffMs, whatever the site asks', () => {
    expect(backoffMs(1, '3600', spec, 0, middle)).toBe(20_000);
    expect(backoffMs(9, null, spec, 0, middle)).toBe(20_000);
  });
});

describe('retryAfterMs', () => {
  it.each([
    [null, null],
    ['', null],
    ['soon', null],
    ['0', 0],
    [' 12 ', 12_000],
    ['Wed, 02 Dec 2026 09:59:00 GMT', 0],
  ])('%j → %j', (value, expected) => expect(retryAfterMs(value, Date.parse('2026-12-02T10:00:00Z'))).toBe(expected));
});
