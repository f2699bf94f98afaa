import { describe, expect, it } from 'vitest';
import { recordPageMetrics } from '../../../functions/core/metrics/page-metrics.ts';
import type { Observation } from '../../../functions/core/store/model.ts';

describe('recordPageMetrics', () => {
  it('counts pages by status and records each page’s time', () => {
    const seen: string[] = [];
    const page = (status: Observation['status'], readMs?: number) => ({ status, readMs }) as Observation;
    recordPageMetrics([page('ok', 300), page('ok', 410), page('selector_miss', 1500), page('failed')], {
      count: (name, value) => seen.push(`${name}=${value}`),
      milliseconds: (name, value) => seen.push(`${name}:${value}ms`),
    });
    expect(seen.sort()).toEqual([
      'PageTime:1500ms',
      'PageTime:300ms',
      'PageTime:410ms',
      'PagesFailed=1',
      'PagesOk=2',
      'SelectorMisses=1',
    ]);
  });
});
