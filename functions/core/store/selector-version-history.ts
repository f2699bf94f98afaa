import { SELECTORS_PARTITION } from './keys.ts';
import { queryAll } from './query-all.ts';
import type { VersionInfo } from './selector-versions.ts';

// Apart from selector-versions.ts: only the CLI lists versions, and a function's role is granted what its files call.
/** Every version of the selector files, newest first (`selectors history`). */
export async function listVersions(tableName: string): Promise<VersionInfo[]> {
  const items = await queryAll({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
    ExpressionAttributeValues: { ':pk': SELECTORS_PARTITION, ':v': 'V#' },
    ScanIndexForward: false,
  });
  return items.map(({ pk: _pk, sk: _sk, type: _type, ...info }) => info as unknown as VersionInfo);
}
