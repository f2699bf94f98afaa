import { z } from 'zod';

/**
 * What EventBridge delivers when an object lands in the failure bucket (S3's "Object Created"
 * event, the bucket's EventBridge notifications on): which bucket, which key.
 */
export const objectCreatedEventSchema = z.looseObject({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.looseObject({
    bucket: z.looseObject({ name: z.string().min(3).max(63) }),
    object: z.looseObject({ key: z.string().min(1).max(1024) }),
  }),
});
