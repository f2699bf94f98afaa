import type { KinesisStreamRecord } from 'aws-lambda';
import { decodeJobRecord } from '../../functions/core/jobs/decode-record.ts';
import { describeTarget } from '../../functions/core/jobs/describe.ts';
import type { FailureRecord } from './kinesis-source.ts';

/** A failure record as a person reads it: why, and which pages (site, market, page, keyword, run) it held. */
export function describeDeadLetter(letter: FailureRecord): string {
  const jobs = letter.payload.Records.map((record, index) => {
    const decoded = decodeJobRecord(record as KinesisStreamRecord, index);
    if (!decoded.ok) return `a malformed record (${decoded.error})`;
    const { runId, job } = decoded.record;
    return `${describeTarget(job)} (run ${runId})`;
  });
  const { condition, approximateInvokeCount } = letter.requestContext;
  const error = letter.responseContext.functionError ? `, function error ${letter.responseContext.functionError}` : '';
  return `dead letter (${condition} after ${approximateInvokeCount} invocation${approximateInvokeCount === 1 ? '' : 's'}${error}): ${jobs.join('; ')}`;
}
