import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import type { FailureDestination, FailureRecord } from './kinesis-source.ts';
import { LOCAL_REGION } from './resources.ts';
import type { SamTemplate } from './template.ts';

interface DestinationOptions {
  template: SamTemplate;
  refs: Record<string, string>;
  /** The mapping's DestinationConfig.OnFailure.Destination, resolved. */
  destinationArn: string;
  s3Endpoint: string;
  /** The function's execution role's: Lambda writes to the destination with it. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** EventBridge, for buckets that send their object events there. */
  publish: (event: Record<string, unknown>) => Promise<void>;
  onWritten?: ((record: FailureRecord) => void) | undefined;
}

/**
 * The mapping's on-failure destination, locally, as AWS writes an S3 one: the failure record as
 * JSON at aws/lambda/<mapping UUID>/<shard id>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<UUID> in the
 * bucket, then, if the bucket sends its events to EventBridge, its "Object Created" event.
 * Only S3 is emulated: an SQS or SNS destination would get the record without its jobs.
 */
export function failureDestination(options: DestinationOptions): FailureDestination {
  const bucket = /^arn:aws:s3:::([a-z0-9.-]+)$/.exec(options.destinationArn)?.[1];
  if (!bucket)
    throw new Error(
      `the local stack emulates S3 on-failure destinations only (the one that keeps the jobs), not ${options.destinationArn}`,
    );
  const logicalId = Object.keys(options.refs).find((name) => options.refs[name] === bucket)!;
  const notifications = (options.template.resources[logicalId]?.Properties?.NotificationConfiguration ?? {}) as {
    EventBridgeConfiguration?: { EventBridgeEnabled?: boolean };
  };
  const toEventBridge = notifications.EventBridgeConfiguration?.EventBridgeEnabled === true;
  const mappingUuid = randomUUID();
  const client = new S3Client({
    region: LOCAL_REGION,
    endpoint: options.s3Endpoint,
    credentials: options.credentials,
    forcePathStyle: true,
  });
  return async (record) => {
    const at = new Date(record.timestamp);
    const iso = at.toISOString();
    const key = `aws/lambda/${mappingUuid}/${record.KinesisBatchInfo.shardId}/${iso.slice(0, 10).replaceAll('-', '/')}/${iso.slice(0, 19).replaceAll(':', '.')}-${randomUUID()}`;
    const body = JSON.stringify(record);
    const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    options.onWritten?.(record);
    if (!toEventBridge) return;
    await options.publish({
      version: '0',
      id: randomUUID(),
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '000000000000',
      time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: LOCAL_REGION,
      resources: [options.destinationArn],
      detail: {
        version: '0',
        bucket: { name: bucket },
        object: {
          key,
          size: Buffer.byteLength(body),
          etag: put.ETag?.replaceAll('"', '') ?? '',
          sequencer: Date.now().toString(16),
        },
        'request-id': randomUUID(),
        requester: '000000000000',
        reason: 'PutObject',
      },
    });
  };
}
