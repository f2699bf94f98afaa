import { z } from 'zod';

/** A Kinesis batch as Lambda delivers it; the payload of each record is checked per record later. */
export const kinesisEventSchema = z.looseObject({
  Records: z.array(
    z.looseObject({
      eventSource: z.literal('aws:kinesis'),
      kinesis: z.looseObject({ data: z.string(), sequenceNumber: z.string(), partitionKey: z.string() }),
    }),
  ),
});
