import { describe, expect, it } from 'vitest';
import { encodeJobRecord } from '../../../functions/core/jobs/record.ts';
import { describeDeadLetter } from '../../../scripts/local/dead-letters.ts';

describe('Dead letters, as the local stack prints them', () => {
  it('name each job by site, market, page, keyword and run, and say which records were malformed', () => {
    const job = Buffer.from(
      encodeJobRecord('2026-11-23-ab12cd34', '2026-11-23', {
        site: 'demo-shop',
        market: 'fr',
        page: 'search',
        kind: 'search',
        keyword: 'gel sourcils',
      }),
    ).toString('utf8');
    const category = Buffer.from(
      encodeJobRecord('2026-11-23-ab12cd34', '2026-11-23', {
        site: 'demo-shop',
        market: 'uk',
        page: 'mascara',
        kind: 'category',
      }),
    ).toString('utf8');
    const line = describeDeadLetter({
      reason: 'records still failing after 3 attempts',
      shardId: 'shardId-000000000000',
      records: [
        { sequenceNumber: '1', data: job },
        { sequenceNumber: '2', data: category },
        { sequenceNumber: '3', data: '{oops' },
      ],
    });
    expect(line).toBe(
      'dead letter: records still failing after 3 attempts: demo-shop/fr search "gel sourcils" (run 2026-11-23-ab12cd34); demo-shop/uk mascara (run 2026-11-23-ab12cd34); a malformed record (record 2 (sequence 3): data is not JSON)',
    );
  });
});
