import { describe, expect, it } from 'vitest';
import { encodeJobRecord } from '../../../functions/core/jobs/record.ts';
import { failureRecordSchema } from '../../../functions/core/schemas/failure-record.ts';
import { describeDeadLetter } from '../../../scripts/local/dead-letters.ts';
import type { FailureRecord } from '../../../scripts/local/kinesis-source.ts';

const RUN = '2026-11-23-ab12cd34';
const streamRecord = (sequenceNumber: string, data: Uint8Array | string) => ({
  kinesis: { sequenceNumber, partitionKey: 'demo-shop#fr', data: Buffer.from(data).toString('base64') },
  eventSource: 'aws:kinesis',
});

function letter(functionError?: string): FailureRecord {
  return {
    requestContext: {
      requestId: 'r',
      functionArn: 'arn:aws:lambda:us-east-1:0:function:scrape',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(functionError ? { functionError } : {}) },
    version: '1.0',
    timestamp: '2026-11-23T06:10:00.000Z',
    KinesisBatchInfo: {
      shardId: 'shardId-000000000000',
      startSequenceNumber: '1',
      endSequenceNumber: '3',
      approximateArrivalOfFirstRecord: '2026-11-23T06:00:00.000Z',
      approximateArrivalOfLastRecord: '2026-11-23T06:00:01.000Z',
      batchSize: 3,
      streamArn: 'arn:aws:kinesis:us-east-1:0:stream/JobStream',
    },
    payload: {
      Records: [
        streamRecord(
          '1',
          encodeJobRecord(RUN, '2026-11-23', {
            site: 'demo-shop',
            market: 'fr',
            page: 'search',
            kind: 'search',
            keyword: 'gel sourcils',
          }),
        ),
        streamRecord(
          '2',
          encodeJobRecord(RUN, '2026-11-23', { site: 'demo-shop', market: 'uk', page: 'mascara', kind: 'category' }),
        ),
        streamRecord('3', '{oops'),
      ],
    },
  };
}

describe('Failure records, as the local stack prints them', () => {
  it('name each page by site, market, page, keyword and run, why the mapping gave up, and which records were malformed', () => {
    expect(describeDeadLetter(letter('Unhandled'))).toBe(
      `dead letter (RetryAttemptsExhausted after 3 invocations, function error Unhandled): demo-shop/fr search “gel sourcils” (run ${RUN}); demo-shop/uk category mascara (run ${RUN}); a malformed record (record 2 (sequence 3): data is not JSON)`,
    );
  });
});

describe('The failure record schema', () => {
  it('reads what the local mapping writes, and the payload given as its JSON text too', () => {
    const written = letter();
    expect(failureRecordSchema.parse(written).payload.Records).toHaveLength(3);
    expect(
      failureRecordSchema.parse({ ...written, payload: JSON.stringify(written.payload) }).payload.Records,
    ).toHaveLength(3);
  });

  it.each([
    ['no payload (an SQS destination’s record)', { payload: undefined }],
    ['a payload that is not the event', { payload: '{"Records": 3}' }],
    ['a payload that is not JSON', { payload: '{Records' }],
    ['no batch info', { KinesisBatchInfo: undefined }],
  ])('refuses %s', (_name, change) => {
    expect(failureRecordSchema.safeParse({ ...letter(), ...change }).success).toBe(false);
  });
});
