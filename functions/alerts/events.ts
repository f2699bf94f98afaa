import { z } from 'zod';
import { runIdSchema } from '../core/schemas/ids.ts';
import { scheduledEventSchema } from '../core/schemas/scheduled-event.ts';

/** The sweep's schedule, or a direct invocation for one run (the local stack's, after a scan). */
export const runEventSchema = z.strictObject({ runId: runIdSchema });

export const alertsEventSchema = z.union([runEventSchema, scheduledEventSchema], {
  error: 'expected a scheduled event or { "runId": "…" }',
});

export function parseAlertsEvent(event: unknown): z.output<typeof alertsEventSchema> {
  const parsed = alertsEventSchema.safeParse(event);
  if (!parsed.success)
    throw new Error(
      `alerts: unexpected event ${JSON.stringify(event).slice(0, 200)}: ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}
