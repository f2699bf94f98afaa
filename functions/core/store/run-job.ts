import type { PageStatus } from '../extract/types.ts';
import type { PageJob } from '../jobs/expand.ts';
import { runJobKey } from './keys.ts';

/** Job markers are only needed while a run is looked at; DynamoDB's TTL removes them after this. */
export const RUN_JOB_TTL_DAYS = 90;

/** The item that marks one job of a run as done; written with the observation, so retries overwrite it. */
export function runJobItem(runId: string, job: PageJob, status: PageStatus, updatedAt: Date): Record<string, unknown> {
  const expiresAt = Math.floor(updatedAt.getTime() / 1000) + RUN_JOB_TTL_DAYS * 86_400;
  return { ...runJobKey(runId, job), type: 'run-job', status, updatedAt: updatedAt.toISOString(), expiresAt };
}
