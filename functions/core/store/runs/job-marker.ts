import { isAnswer, type PageStatus } from '../../extract/types.ts';
import type { Target } from '../../jobs/expand.ts';
import { runJobKey } from '../keys.ts';

/** Job markers are only needed while a run is looked at; DynamoDB's TTL removes them after this. */
export const RUN_JOB_TTL_DAYS = 90;

/** A job put on the stream and not read yet: the fan-out writes this before it puts the record. */
export const QUEUED = 'queued';

/** The state of one job of a run, as its marker item holds it. */
export interface RunJobState {
  status: PageStatus | typeof QUEUED;
  /** Attempts at reading the page so far. */
  attempts: number;
  /** No attempt will follow: the status is an answer, retrying cannot help, or the attempts are spent. */
  final: boolean;
  /** The stream's mapping gave up on the job: where its failure record is (s3://…); redrive puts it back. */
  deadLetter?: string;
  /** Times the job was put back on the stream unread (the dead-letter handler's doing). */
  putBack?: number;
}

/** The item that marks one job of a run; written with the observation, so retries overwrite it. */
export function runJobItem(runId: string, job: Target, state: RunJobState, updatedAt: Date): Record<string, unknown> {
  const expiresAt = Math.floor(updatedAt.getTime() / 1000) + RUN_JOB_TTL_DAYS * 86_400;
  const { site, market, page, kind, keyword } = job;
  return {
    ...runJobKey(runId, job),
    type: 'run-job',
    ...state,
    job: { site, market, page, kind, ...(keyword === undefined ? {} : { keyword }) },
    updatedAt: updatedAt.toISOString(),
    expiresAt,
  };
}

/** Whether a marker as stored is finished. Markers written before attempts were counted are finished by being there. */
export function isFinished(item: { status?: unknown; final?: unknown; attempts?: unknown }): boolean {
  if (item.status === QUEUED) return false;
  if (typeof item.final === 'boolean') return item.final;
  return item.attempts === undefined || isAnswer(String(item.status));
}
