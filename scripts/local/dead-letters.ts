import type { KinesisStreamRecord } from 'aws-lambda';
import { decodeJobRecord } from '../../functions/core/pipeline/decode-record.ts';
import type { DeadLetter } from './kinesis-source.ts';

/** A dead letter as a person reads it: why, and which jobs (site, market, page, keyword, run) it held. */
export function describeDeadLetter(letter: DeadLetter): string {
  const jobs = letter.records.map((record, index) => {
    const decoded = decodeJobRecord(
      {
        kinesis: { data: Buffer.from(record.data).toString('base64'), sequenceNumber: record.sequenceNumber },
      } as KinesisStreamRecord,
      index,
    );
    if (!decoded.ok) return `a malformed record (${decoded.error})`;
    const { runId, job } = decoded.record;
    return `${job.site}/${job.market} ${job.page}${job.keyword === undefined ? '' : ` "${job.keyword}"`} (run ${runId})`;
  });
  return `dead letter: ${letter.reason}: ${jobs.join('; ')}`;
}
