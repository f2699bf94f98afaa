import type { KinesisStreamRecord } from 'aws-lambda';
import { describeIssue, formatPath } from '../schemas/issue-wording.ts';
import { jobRecordSchema, type JobRecord } from './record.ts';

export type Decoded = { ok: true; record: JobRecord } | { ok: false; error: string };

/** base64 → JSON → schema. A bad record is described by its index, sequence number and field. */
export function decodeJobRecord(record: KinesisStreamRecord, index: number): Decoded {
  const where = `record ${index} (sequence ${record.kinesis.sequenceNumber})`;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
  } catch {
    return { ok: false, error: `${where}: data is not JSON` };
  }
  const parsed = jobRecordSchema.safeParse(json, { reportInput: true });
  if (parsed.success) return { ok: true, record: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue ? formatPath(issue.path) || '(root)' : '(root)';
  return { ok: false, error: `${where}: ${field}: ${issue ? describeIssue(issue) : 'invalid'}` };
}

/** The runs a batch's jobs belong to (malformed records left out): what its logs and trace are tagged with. */
export function runIdsOf(records: KinesisStreamRecord[]): string[] {
  const ids = records.flatMap((record, index) => {
    const decoded = decodeJobRecord(record, index);
    return decoded.ok ? [decoded.record.runId] : [];
  });
  return [...new Set(ids)].sort();
}
