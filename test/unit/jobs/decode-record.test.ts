import type { KinesisStreamRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { decodeJobRecord } from '../../../functions/core/jobs/decode-record.ts';

const record = (data: string) =>
  ({
    kinesis: { data: Buffer.from(data).toString('base64'), sequenceNumber: '4960', partitionKey: 'demo-shop#fr' },
  }) as KinesisStreamRecord;
const valid = {
  v: 1,
  runId: '2026-11-23-abcd1234',
  date: '2026-11-23',
  job: { site: 'demo-shop', market: 'fr', page: 'search', kind: 'search', keyword: 'mascara' },
};

describe('decodeJobRecord', () => {
  it('decodes a job record', () => {
    expect(decodeJobRecord(record(JSON.stringify(valid)), 0)).toEqual({ ok: true, record: valid });
  });

  it.each([
    ['not JSON', 'garbage{', 'record 3 (sequence 4960): data is not JSON'],
    ['missing job', JSON.stringify({ ...valid, job: undefined }), 'record 3 (sequence 4960): job: required'],
    [
      'bad kind',
      JSON.stringify({ ...valid, job: { ...valid.job, kind: 'banner' } }),
      'record 3 (sequence 4960): job.kind: ',
    ],
    [
      'bad date',
      JSON.stringify({ ...valid, date: 'yesterday' }),
      'record 3 (sequence 4960): date: expected a date as YYYY-MM-DD',
    ],
    [
      'a URL smuggled in',
      JSON.stringify({ ...valid, job: { ...valid.job, url: 'http://169.254.169.254/' } }),
      'record 3 (sequence 4960): job: ',
    ],
  ])('names the record and field: %s', (_title, data, message) => {
    const decoded = decodeJobRecord(record(data), 3);
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.error).toContain(message);
  });
});
