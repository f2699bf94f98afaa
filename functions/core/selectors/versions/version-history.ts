import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { SELECTORS_PARTITION } from '../../store/keys.ts';
import type { VersionInfo, VersionStore } from './version-types.ts';

/** Every version, newest first. */
export async function listVersions(store: VersionStore): Promise<VersionInfo[]> {
  const versions: VersionInfo[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': SELECTORS_PARTITION, ':v': 'V#' },
        ScanIndexForward: false,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const { pk: _pk, sk: _sk, type: _type, ...info } = item;
      versions.push(info as VersionInfo);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return versions;
}
