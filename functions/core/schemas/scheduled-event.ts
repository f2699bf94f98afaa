import { z } from 'zod';

/** EventBridge's scheduled event (the template's Scheduler input has the same shape). */
export const scheduledEventSchema = z.looseObject({
  'detail-type': z.literal('Scheduled Event'),
  time: z.iso.datetime({ offset: true }),
});
