import { existsSync } from 'node:fs';
import path from 'node:path';
import { heldByAnother, lastAppUrl, lockDataFolder, type DataLock, type LocalOutputs } from './data-lock.ts';
import { createResources, LOCAL_CREDENTIALS, LOCAL_REGION, type LocalResources } from './resources.ts';
import { gateRulesOf } from './aws-rules/gate-rules.ts';
import { startAwsServers, type AwsServers } from './servers.ts';
import { readTemplate, resolveValue, type SamTemplate } from './template.ts';

export interface LocalAws {
  template: SamTemplate;
  servers: AwsServers;
  resources: LocalResources;
  tableName: string;
  bucketName: string;
  /** Says who holds the data folder (DataFolderInUseError for anyone else); a no-op without one. */
  lock: { update(extra: Partial<DataLock>): void };
  /** Stops the servers and gives the data folder back. */
  close(): Promise<void>;
}

/**
 * The local AWS servers with the template's table, stream and bucket, and the standard SDK
 * variables pointing at them: what the stack runs on, and all that maintenance commands (replay,
 * health) need to read and rewrite a data folder.
 */
export async function openLocalAws(
  rootDir: string,
  dataDir: string | null,
  shardCount = 1,
  holder = process.argv[2] ?? 'a test',
): Promise<LocalAws> {
  const template = await readTemplate(path.join(rootDir, 'template.yaml'));
  const lock = dataDir
    ? lockDataFolder(dataDir, { command: holder })
    : { update: () => undefined, release: () => undefined };
  let servers: AwsServers;
  let resources: LocalResources;
  try {
    servers = await startAwsServers(dataDir);
    resources = await createResources(template, servers.endpoints, shardCount);
    await servers.configure(
      gateRulesOf(template, resources.refs, {
        name: resources.streamName,
        arn: resources.streamArn,
        shards: resources.shards,
      }),
    );
  } catch (error) {
    lock.release();
    throw error;
  }
  pointSdkAt(servers.endpoints);
  const tableName = resources.refs[template.resourceOfType('AWS::DynamoDB::Table').logicalId]!;
  // The evidence bucket: the one the scrape function writes to (BUCKET_NAME).
  const bucketName = resolveValue(
    template.functions.find((fn) => fn.name === 'scrape')!.environment.BUCKET_NAME,
    resources.refs,
  );
  lock.update({ outputs: { tableName, bucketName, streamName: resources.streamName, endpoints: servers.endpoints } });
  return {
    template,
    servers,
    resources,
    tableName,
    bucketName,
    lock,
    async close() {
      await servers.close();
      lock.release();
    },
  };
}

/** What a maintenance command needs of a local stack: its template, its table and its bucket (the SDK pointed at its servers). */
export interface LocalData {
  template: SamTemplate;
  tableName: string;
  bucketName: string;
  /** The app's address (the running stack's, the one it last served on, or a deployed stack's ApiUrl). */
  appUrl?: string | undefined;
  /** Sites the running local stack reads elsewhere than their files say (the demo shop's port). */
  siteOrigins?: Record<string, string> | undefined;
}

/**
 * Runs `use` on an existing data folder (a maintenance command's). When a running stack holds it
 * (`npm start`), the command talks to that stack's servers, as its lock names them; otherwise it
 * opens the folder itself, and closes the servers after.
 */
export async function withLocalData<T>(dataDir: string, use: (data: LocalData) => Promise<T>): Promise<T> {
  if (!existsSync(dataDir))
    throw new MissingDataError(`no local data in ${dataDir}: scan first (npm start), or point --data at it`);
  const holder = heldByAnother(dataDir);
  const running = holder?.outputs;
  const appUrl = holder?.apiUrl ?? lastAppUrl(dataDir);
  if (running) {
    pointSdkAt(running.endpoints);
    const template = await readTemplate(path.join(process.cwd(), 'template.yaml'));
    return use({
      template,
      tableName: running.tableName,
      bucketName: running.bucketName,
      appUrl,
      siteOrigins: holder?.siteOrigins,
    });
  }
  const aws = await openLocalAws(process.cwd(), dataDir);
  try {
    return await use({ ...aws, appUrl });
  } finally {
    await aws.close();
  }
}

/** The standard SDK settings, so every client (and every handler) finds the local servers. */
function pointSdkAt(endpoints: LocalOutputs['endpoints']): void {
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_KINESIS: endpoints.kinesis,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
  });
}

export class MissingDataError extends Error {
  override name = 'MissingDataError';
}
