import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamo.ts';
import { isConditionFailed } from './conditions.ts';
import { selectorsCurrentKey, selectorsVersionKey } from './keys.ts';

/** A stored version of the selector files, as its table item records it (its files are in S3). */
export interface VersionInfo {
  version: number;
  createdAt: string;
  createdBy: string;
  /** How it came to be: pushed, seeded from the bundled files on the first run. */
  origin: 'push' | 'seed';
  files: number;
  /** `<site>/<market>` of every selector file in it. */
  markets: string[];
  sha256: string;
}

export interface CurrentVersion {
  version: number;
  /** The highest version number given out (a push that failed half way leaves a gap). */
  latest: number;
  updatedAt: string;
  updatedBy: string;
}

/** Which version is live, and the number last given out; null before the first version. */
export async function currentVersion(tableName: string): Promise<CurrentVersion | null> {
  const found = await dynamo().send(new GetCommand({ TableName: tableName, Key: selectorsCurrentKey }));
  const item = found.Item;
  if (!item || typeof item.version !== 'number') return null;
  return { version: item.version, latest: item.latest, updatedAt: item.updatedAt, updatedBy: item.updatedBy };
}

/**
 * The next version number, from an atomic counter, so two pushes never share one. With
 * `onlyIfNone`, none is given when any version exists (the first run's seed): null.
 */
export async function claimVersionNumber(tableName: string, onlyIfNone = false): Promise<number | null> {
  try {
    const claimed = await dynamo().send(
      new UpdateCommand({
        TableName: tableName,
        Key: selectorsCurrentKey,
        UpdateExpression: 'ADD latest :one',
        ...(onlyIfNone ? { ConditionExpression: 'attribute_not_exists(latest)' } : {}),
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(claimed.Attributes?.latest);
  } catch (error) {
    if (onlyIfNone && isConditionFailed(error)) return null;
    throw error;
  }
}

export async function recordVersion(tableName: string, info: VersionInfo): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName,
      Item: { ...selectorsVersionKey(info.version), type: 'selectors-version', ...info },
    }),
  );
}

export async function versionExists(tableName: string, version: number): Promise<boolean> {
  const found = await dynamo().send(new GetCommand({ TableName: tableName, Key: selectorsVersionKey(version) }));
  return Boolean(found.Item);
}

/**
 * Makes a version live. `forwardOnly`: only over an older one, so a push that finishes after a newer
 * one does not take its place (the newer stays live; this one is kept in the history).
 */
export async function setCurrentVersion(
  tableName: string,
  version: number,
  by: { updatedBy: string; at: string; forwardOnly: boolean },
): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName,
        Key: selectorsCurrentKey,
        UpdateExpression: 'SET version = :v, updatedAt = :at, updatedBy = :by',
        ...(by.forwardOnly ? { ConditionExpression: 'attribute_not_exists(version) OR version < :v' } : {}),
        ExpressionAttributeValues: { ':v': version, ':at': by.at, ':by': by.updatedBy },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}
