import { z } from 'zod';

/** One stream record as the function got it (the payload of a failure record holds the whole event). */
const streamRecordSchema = z.looseObject({
  kinesis: z.looseObject({ data: z.string(), sequenceNumber: z.string(), partitionKey: z.string().optional() }),
});

const invocationSchema = z.looseObject({ Records: z.array(streamRecordSchema) });

/**
 * What a Kinesis event source mapping writes to its S3 on-failure destination for a batch it gave
 * up on (docs: "Retain discarded batch records for a Kinesis Data Streams event source"): the
 * invocation's context, which shard and sequence numbers, and, in S3 only, the whole invocation
 * as `payload` (taken as an object or as its JSON text).
 */
export const failureRecordSchema = z.looseObject({
  requestContext: z.looseObject({
    requestId: z.string(),
    functionArn: z.string(),
    condition: z.string(),
    approximateInvokeCount: z.number().int().nonnegative(),
  }),
  responseContext: z
    .looseObject({ statusCode: z.number().optional(), functionError: z.string().optional() })
    .optional(),
  version: z.string(),
  timestamp: z.string(),
  KinesisBatchInfo: z.looseObject({
    shardId: z.string(),
    startSequenceNumber: z.string(),
    endSequenceNumber: z.string(),
    batchSize: z.number().int().positive(),
    streamArn: z.string(),
  }),
  payload: z.union([
    invocationSchema,
    z.string().transform((text, ctx) => {
      const parsed = invocationSchema.safeParse(safeJson(text));
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: 'custom', message: 'payload is not the invocation event as JSON' });
      return z.NEVER;
    }),
  ]),
});
export type FailureRecord = z.output<typeof failureRecordSchema>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
