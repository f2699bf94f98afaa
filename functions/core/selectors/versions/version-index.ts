import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/dynamo.ts';
import { selectorsCurrentKey } from '../../store/keys.ts';
import type { CurrentVersion, VersionStore } from './version-types.ts';

/** Which version is live, and the number last given out; null before the first version. */
export async function currentVersion(store: VersionStore): Promise<CurrentVersion | null> {
  const found = await dynamo().send(new GetCommand({ TableName: store.tableName, Key: selectorsCurrentKey }));
  const item = found.Item;
  if (!item || typeof item.version !== 'number') return null;
  return { version: item.version, latest: item.latest, updatedAt: item.updatedAt, updatedBy: item.updatedBy };
}
