import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { dynamo } from '../../aws/dynamo.ts';
import { s3 } from '../../aws/s3.ts';
import { selectorsCurrentKey, selectorsVersionKey } from '../../store/keys.ts';
import {
  UnknownVersionError,
  versionObjectKey,
  type VersionFiles,
  type VersionInfo,
  type VersionStore,
} from './version-types.ts';

/**
 * Stores `files` as the next version and makes it live. The number is taken first (an atomic
 * counter, so two pushes never share one), the files are written, the version is recorded, and
 * only then does CURRENT point at it, and only forward: a push that finishes after a newer one does
 * not take its place. With `onlyIfNone`, nothing is stored when any version exists (the first
 * run's seed): the result is then null.
 */
export async function pushVersion(
  store: VersionStore,
  files: VersionFiles,
  by: { createdBy: string; origin: VersionInfo['origin']; onlyIfNone?: boolean; now?: Date },
): Promise<VersionInfo | null> {
  const now = (by.now ?? new Date()).toISOString();
  let version: number;
  try {
    const claimed = await dynamo().send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: selectorsCurrentKey,
        UpdateExpression: 'ADD latest :one',
        ...(by.onlyIfNone ? { ConditionExpression: 'attribute_not_exists(latest)' } : {}),
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    version = Number(claimed.Attributes?.latest);
  } catch (error) {
    if (by.onlyIfNone && (error as Error).name === 'ConditionalCheckFailedException') return null;
    throw error;
  }
  const body = JSON.stringify({ version, files });
  await s3().send(
    new PutObjectCommand({
      Bucket: store.bucketName,
      Key: versionObjectKey(version),
      Body: body,
      ContentType: 'application/json',
    }),
  );
  const info: VersionInfo = {
    version,
    createdAt: now,
    createdBy: by.createdBy,
    origin: by.origin,
    files: Object.keys(files).length,
    markets: Object.keys(files)
      .filter((name) => name.includes('/'))
      .map((name) => name.replace(/\.ya?ml$/, ''))
      .sort(),
    sha256: createHash('sha256').update(body).digest('hex'),
  };
  await dynamo().send(
    new PutCommand({
      TableName: store.tableName,
      Item: { ...selectorsVersionKey(version), type: 'selectors-version', ...info },
    }),
  );
  await makeCurrent(store, version, by.createdBy, now, { forwardOnly: true });
  return info;
}

/** Makes an earlier (or any stored) version live again: `selectors rollback`. */
export async function rollbackTo(store: VersionStore, version: number, by: string): Promise<void> {
  const found = await dynamo().send(new GetCommand({ TableName: store.tableName, Key: selectorsVersionKey(version) }));
  if (!found.Item) throw new UnknownVersionError(`no selector version ${version}`);
  await makeCurrent(store, version, by, new Date().toISOString(), { forwardOnly: false });
}

async function makeCurrent(
  store: VersionStore,
  version: number,
  by: string,
  at: string,
  options: { forwardOnly: boolean },
): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: selectorsCurrentKey,
        UpdateExpression: 'SET version = :v, updatedAt = :at, updatedBy = :by',
        ...(options.forwardOnly ? { ConditionExpression: 'attribute_not_exists(version) OR version < :v' } : {}),
        ExpressionAttributeValues: { ':v': version, ':at': at, ':by': by },
      }),
    );
  } catch (error) {
    // A newer push was made live meanwhile: it stays live, this version is kept in the history.
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}
