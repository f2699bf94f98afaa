import { describe, expect, it } from 'vitest';
import { parseFaultOption } from '../../../scripts/demo-shop/fault-option.ts';
import { faultSchema } from '../../../scripts/demo-shop/faults.ts';

describe('--fault <kind>[:<market>[:<path>]]', () => {
  it.each([
    ['layout:us:/us/search', { type: 'layout', market: 'us', path: '/us/search' }],
    ['captcha:fr', { type: 'captcha', market: 'fr' }],
    ['slow', { type: 'slow' }],
    ['http500::/c/mascara', { type: 'http500', path: '/c/mascara' }],
    ['layout:us:/us/$', { type: 'layout', market: 'us', path: '/us/$' }],
  ])('%s is a fault the demo shop takes', (text, fault) => {
    expect(parseFaultOption(text)).toEqual(fault);
    expect(() => faultSchema.parse(parseFaultOption(text))).not.toThrow();
  });

  it.each([
    ['', /kind layout, captcha, http500, slow/],
    ['redirect:fr', /others: POST \/__faults/],
    ['layout:United States', /"United States" is not a market/],
    ['layout:us:search', /must start with "\/"/],
  ])('%j is refused saying what is accepted', (text, message) => {
    expect(() => parseFaultOption(text)).toThrow(message);
  });
});
