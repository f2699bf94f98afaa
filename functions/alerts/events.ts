import { z } from 'zod';
import { scheduledEventSchema } from '../fanout/events.ts';

/** The sweep's schedule, or a direct invocation for one run (the local stack's, after a scan). */
export const runEventSchema = z.strictObject({ runId: z.string().regex(/^[\w-]{1,80}$/, { error: 'expected a run id' }) });

export const alertsEventSchema = z.union([runEventSchema, scheduledEventSchema], {
  error: 'expected a scheduled event or { "runId": "…" }',
});

export function parseAlertsEvent(event: unknown): z.output<typeof alertsEventSchema> {
  const parsed = alertsEventSchema.safeParse(event);
  if (!parsed.success) throw new Error(`alerts: unexpected event ${JSON.stringify(event).slice(0, 200)}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
