import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { functionAccessKey } from './aws-rules/principals.ts';
import type { StackCloudWatch } from './cloudwatch/stack-cloudwatch.ts';
import { putEvent, type EventRule } from './event-bus.ts';
import { failureDestination } from './failure-destination.ts';
import type { LocalFunction } from './functions.ts';
import { KinesisEventSource, type FailureRecord } from './kinesis-source.ts';
import { LOCAL_REGION, type LocalResources } from './resources.ts';
import { resolveValue, type SamTemplate } from './template.ts';

/**
 * The scrape function's Kinesis event source mapping as the template's `Jobs` event sets it, reading
 * the stream and writing its failure destination with the function's own role (as Lambda does), and
 * reporting IteratorAge and Throttles to CloudWatch.
 */
export async function startStreamMapping(options: {
  template: SamTemplate;
  resources: LocalResources;
  endpoints: { kinesis: string; s3: string };
  scrape: LocalFunction;
  rules: EventRule[];
  cloudwatch: StackCloudWatch;
  lambdaConcurrency: number;
  onDeadLetter?: ((letter: FailureRecord) => void) | undefined;
}): Promise<{ events: KinesisEventSource; stop(): Promise<void> }> {
  const { template, resources, scrape, cloudwatch } = options;
  const mapping = Object.values(scrape.events).find((event) => event.Type === 'Kinesis')!.Properties as Record<
    string,
    unknown
  >;
  const key = functionAccessKey(scrape.roleLogicalId ?? '');
  const credentials = { accessKeyId: key, secretAccessKey: key };
  const client = new KinesisClient({
    region: LOCAL_REGION,
    endpoint: options.endpoints.kinesis,
    credentials,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 3_000, requestTimeout: 30_000 }),
  });
  const dimensions = { FunctionName: scrape.logicalId };
  const events = new KinesisEventSource(
    client,
    {
      streamArn: resources.streamArn,
      streamName: resources.streamName,
      shardIds: resources.shardIds,
      functionArn: `arn:aws:lambda:${LOCAL_REGION}:000000000000:function:${scrape.logicalId}`,
      startingPosition: mapping.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
      batchSize: Number(mapping.BatchSize ?? 100),
      parallelizationFactor: Number(mapping.ParallelizationFactor ?? 1),
      maxConcurrentInvocations: options.lambdaConcurrency,
      // CloudFormation's defaults: -1 (retry until the record expires) for both.
      maximumRetryAttempts: Number(mapping.MaximumRetryAttempts ?? -1),
      maximumRecordAgeSeconds: Number(mapping.MaximumRecordAgeInSeconds ?? -1),
      bisectBatchOnFunctionError: mapping.BisectBatchOnFunctionError === true,
      retentionHours: Number(
        (template.resourceOfType('AWS::Kinesis::Stream').properties as { RetentionPeriodHours?: number })
          .RetentionPeriodHours ?? 24,
      ),
      reportBatchItemFailures: ((mapping.FunctionResponseTypes as string[] | undefined) ?? []).includes(
        'ReportBatchItemFailures',
      ),
      onIteratorAge: (ageMs) =>
        cloudwatch.metrics.put({ namespace: 'AWS/Lambda', name: 'IteratorAge', dimensions, value: ageMs }),
      onThrottle: () => cloudwatch.metrics.put({ namespace: 'AWS/Lambda', name: 'Throttles', dimensions, value: 1 }),
    },
    (event) => scrape.invoke(event),
    failureDestination({
      template,
      refs: resources.refs,
      destinationArn: resolveValue(
        (mapping.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination,
        resources.refs,
      ),
      s3Endpoint: options.endpoints.s3,
      credentials,
      publish: (event) => putEvent(options.rules, event),
      onWritten: options.onDeadLetter,
    }),
  );
  await events.start();
  return {
    events,
    async stop() {
      await events.stop();
      client.destroy();
    },
  };
}
