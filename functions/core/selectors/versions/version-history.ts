import { SELECTORS_PARTITION } from '../../store/keys.ts';
import { queryAll } from '../../store/query-all.ts';
import type { VersionInfo, VersionStore } from './version-types.ts';

/** Every version of the selector files, newest first (`selectors history`). */
export async function listVersions(store: VersionStore): Promise<VersionInfo[]> {
  const items = await queryAll({
    TableName: store.tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
    ExpressionAttributeValues: { ':pk': SELECTORS_PARTITION, ':v': 'V#' },
    ScanIndexForward: false,
  });
  return items.map(({ pk: _pk, sk: _sk, type: _type, ...info }) => info as unknown as VersionInfo);
}
