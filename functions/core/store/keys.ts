import { targetKey, type Target } from '../jobs/expand.ts';

/**
 * The single-table data model (README "Data model"):
 *
 * | item              | pk                | sk            | gsi1pk                 | gsi1sk             |
 * |-------------------|-------------------|---------------|------------------------|--------------------|
 * | observation       | DAY#<date>        | OBS#<target key> | TARGET#<target key>       | <date>             |
 * | run               | RUN#<run id>      | RUN           | RUNS#<date>            | <created at>#<id>  |
 *   (a run also holds alertClaimUntil / alertedAt, alertCount, alertDeliveries once its alerts are sent)
 * | job of a run      | RUN#<run id>      | JOB#<target key> |                        |                    |
 * | scanned day       | DAYS              | <date>        |                        |                    |
 *
 * A target key is site#market#page#keyword, so a redelivered job overwrites its own items.
 */
export const GSI1 = 'gsi1';

export const observationKey = (date: string, job: Target) => ({ pk: `DAY#${date}`, sk: `OBS#${targetKey(job)}` });
export const observationHistoryKey = (date: string, job: Target) => ({
  gsi1pk: `TARGET#${targetKey(job)}`,
  gsi1sk: date,
});
export const dayPartition = (date: string) => `DAY#${date}`;
export const targetPartition = (key: string) => `TARGET#${key}`;
export const runKey = (runId: string) => ({ pk: `RUN#${runId}`, sk: 'RUN' });
export const runsByDateKey = (date: string, createdAt: string, runId: string) => ({
  gsi1pk: runsOfDayPartition(date),
  gsi1sk: `${createdAt}#${runId}`,
});
export const runsOfDayPartition = (date: string) => `RUNS#${date}`;
export const runJobKey = (runId: string, job: Target) => ({ pk: `RUN#${runId}`, sk: `JOB#${targetKey(job)}` });
export const runPartition = (runId: string) => `RUN#${runId}`;
export const DAYS_PARTITION = 'DAYS';
export const dayIndexKey = (date: string) => ({ pk: DAYS_PARTITION, sk: date });
