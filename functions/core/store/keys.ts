import { jobKey, type PageJob } from '../jobs/expand.ts';

/**
 * The single-table data model (README "Data model"):
 *
 * | item              | pk                | sk            | gsi1pk                 | gsi1sk             |
 * |-------------------|-------------------|---------------|------------------------|--------------------|
 * | observation       | DAY#<date>        | OBS#<job key> | TARGET#<job key>       | <date>             |
 * | run               | RUN#<run id>      | RUN           | RUNS#<date>            | <created at>#<id>  |
 *   (a run also holds alertClaimUntil / alertedAt, alertCount, alertDeliveries once its alerts are sent)
 * | job of a run      | RUN#<run id>      | JOB#<job key> |                        |                    |
 * | scanned day       | DAYS              | <date>        |                        |                    |
 *
 * A job key is site#market#page#keyword, so a redelivered job overwrites its own items.
 */
export const GSI1 = 'gsi1';

export const observationKey = (date: string, job: PageJob) => ({ pk: `DAY#${date}`, sk: `OBS#${jobKey(job)}` });
export const observationHistoryKey = (date: string, job: PageJob) => ({ gsi1pk: `TARGET#${jobKey(job)}`, gsi1sk: date });
export const dayPartition = (date: string) => `DAY#${date}`;
export const targetPartition = (key: string) => `TARGET#${key}`;
export const runKey = (runId: string) => ({ pk: `RUN#${runId}`, sk: 'RUN' });
export const runsByDateKey = (date: string, createdAt: string, runId: string) => ({ gsi1pk: runsOfDayPartition(date), gsi1sk: `${createdAt}#${runId}` });
export const runsOfDayPartition = (date: string) => `RUNS#${date}`;
export const runJobKey = (runId: string, job: PageJob) => ({ pk: `RUN#${runId}`, sk: `JOB#${jobKey(job)}` });
export const runPartition = (runId: string) => `RUN#${runId}`;
export const DAYS_PARTITION = 'DAYS';
export const dayIndexKey = (date: string) => ({ pk: DAYS_PARTITION, sk: date });
