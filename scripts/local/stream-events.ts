import type { _Record } from '@aws-sdk/client-kinesis';
import { randomUUID } from 'node:crypto';

/** Where the records come from and which function gets them, as Lambda names them. */
export interface StreamSource {
  streamArn: string;
  functionArn: string;
}

/** The invocation record a mapping writes to its S3 on-failure destination (schemas/failure-record.ts). */
export interface FailureRecord {
  requestContext: { requestId: string; functionArn: string; condition: string; approximateInvokeCount: number };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  KinesisBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
  /** Only S3 destinations get the batch itself: the event the function was invoked with. */
  payload: { Records: unknown[] };
}

/** A batch of records as Lambda hands it to a function (its Kinesis event). */
export function kinesisEvent(source: StreamSource, shardId: string, records: _Record[]) {
  return {
    Records: records.map((record) => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: record.PartitionKey ?? '',
        sequenceNumber: record.SequenceNumber ?? '',
        data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
        approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shardId}:${record.SequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::000000000000:role/local-scrape',
      awsRegion: 'us-east-1',
      eventSourceARN: source.streamArn,
    })),
  };
}

/**
 * What AWS writes for a batch it gave up on (docs: "Retain discarded batch records for a Kinesis
 * Data Streams event source"): the invocation's context, the shard's sequence range, and, for an
 * S3 destination, the invocation event. A partial batch response is no function error.
 */
export function failureRecord(
  source: StreamSource,
  shardId: string,
  records: _Record[],
  why: { condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded'; invokeCount: number; functionError?: string },
): FailureRecord {
  const arrival = (record: _Record) => (record.ApproximateArrivalTimestamp ?? new Date()).toISOString();
  return {
    requestContext: {
      requestId: randomUUID(),
      functionArn: source.functionArn,
      condition: why.condition,
      approximateInvokeCount: why.invokeCount,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(why.functionError ? { functionError: why.functionError } : {}),
    },
    version: '1.0',
    timestamp: new Date().toISOString(),
    KinesisBatchInfo: {
      shardId,
      startSequenceNumber: records[0]!.SequenceNumber ?? '',
      endSequenceNumber: records.at(-1)!.SequenceNumber ?? '',
      approximateArrivalOfFirstRecord: arrival(records[0]!),
      approximateArrivalOfLastRecord: arrival(records.at(-1)!),
      batchSize: records.length,
      streamArn: source.streamArn,
    },
    payload: kinesisEvent(source, shardId, records),
  };
}
