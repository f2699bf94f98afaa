import { z } from 'zod';
import { daySchema, runIdSchema } from '../schemas/ids.ts';
import { PAGE_KINDS, type Target } from './expand.ts';

/** What one Kinesis record carries: one job of a run. Names only; the scraper resolves them. */
export const jobRecordSchema = z.strictObject({
  v: z.literal(1),
  runId: runIdSchema,
  date: daySchema,
  job: z.strictObject({
    site: z.string().min(1).max(100),
    market: z.string().min(1).max(100),
    page: z.string().min(1).max(100),
    kind: z.enum(PAGE_KINDS),
    keyword: z.string().min(1).max(500).optional(),
  }),
  /** The selector files' version the run was planned with: the job is read with exactly it. Absent on jobs put before versions. */
  selectors: z.number().int().min(1).optional(),
});
export type JobRecord = z.output<typeof jobRecordSchema>;

export function encodeJobRecord(runId: string, date: string, job: Target, selectors?: number): Uint8Array {
  const record: JobRecord = { v: 1, runId, date, job, ...(selectors === undefined ? {} : { selectors }) };
  return Buffer.from(JSON.stringify(record), 'utf8');
}
