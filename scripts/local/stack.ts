import path from 'node:path';
import type { RunAlerts } from '../../functions/core/alerts/alert-run.ts';
import { loadFunctions, type LocalFunction } from './functions.ts';
import { routesOf, startHttpApi, type HttpRoute, type LocalHttpApi } from './http-api.ts';
import { callbackUrl, signedOutUrl } from '../../functions/core/auth/login-flow.ts';
import { eventRulesOf } from './event-bus.ts';
import { signInWithPassword } from './identity/sign-in.ts';
import {
  startIdentityProvider,
  type IdentityProviderOptions,
  type LocalIdentityProvider,
} from './identity/provider.ts';
import type { KinesisEventSource, FailureRecord } from './kinesis-source.ts';
import { startStreamMapping } from './stream-mapping.ts';
import { startXrayDaemon, traceOfRun } from './xray-daemon.ts';
import { stackCloudWatch, type StackCloudWatch } from './cloudwatch/stack-cloudwatch.ts';
import { openLocalAws } from './data.ts';
import type { AwsServers } from './servers.ts';
import { liveSelectorsAtStart } from './sync-selectors.ts';
import { startLocalCloudFormation } from './cloudformation.ts';
import { startAlertSweep } from './alert-sweep.ts';
import { invokeEvent } from './lambda/async-invocation.ts';
import { stackRuns, type StackRuns } from './stack-runs.ts';
import { LOCAL_REGION } from './resources.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolveValue } from './template.ts';

export interface LocalStackOptions {
  rootDir: string;
  /** Keep DynamoDB and S3 here so history accumulates; null keeps everything in memory/temp. */
  dataDir: string | null;
  /** site → origin, e.g. demo-shop → the demo shop's local address (SITE_ORIGINS). */
  siteOrigins?: Record<string, string>;
  /** Selector files to run with (default: <rootDir>/selectors). */
  selectorsDir?: string | undefined;
  /** The name the local stack answers to in DescribeStacks (`--stack`); default shelfwatch-local. */
  stackName?: string | undefined;
  /**
   * Run the alerts sweep on a timer, as the template's schedule does on AWS, so a scan started with
   * POST /scans is alerted too. Unset: only when asked (alertRun), as tests that count alerts want.
   */
  alertSweepMs?: number | undefined;
  /** Run the built bundles in this folder (as `npm run build` makes them) instead of the sources. */
  builtDir?: string | undefined;
  httpPort?: number;
  /** The identity provider's port (default: a free one). */
  idpPort?: number;
  /** Users of the local pool besides its demo administrator (tests). */
  users?: IdentityProviderOptions['users'];
  shardCount?: number;
  /**
   * Scrape invocations at once (an account's concurrency, here this machine's; default 1: one
   * browser's worth on two cores). The mapping's ParallelizationFactor slots wait for it.
   */
  lambdaConcurrency?: number;
  /** Environment for every function, over the template's (tests: SCRAPE_CONCURRENCY, PAGE_BUDGET_MS, ALERT_FILE, …). */
  env?: Record<string, string>;
  /** Told of each batch the mapping gave up on, once its failure record is in the failure bucket. */
  onDeadLetter?: (letter: FailureRecord) => void;
}

export interface LocalStack extends StackRuns {
  /** What the stack did or did not do about selectors/ differing from the live version (said to the user). */
  selectorsNote: string | null;
  endpoints: { dynamodb: string; kinesis: string; s3: string };
  bucketName: string;
  tableName: string;
  functions: {
    fanout: LocalFunction;
    scrape: LocalFunction;
    api: LocalFunction;
    alerts: LocalFunction;
    deadLetters: LocalFunction;
  };
  http: LocalHttpApi;
  /** The user pool and its managed login, on loopback (scripts/local/identity/). */
  idp: LocalIdentityProvider;
  /** The stack's own CloudFormation: DescribeStacks with its outputs, for `--stack <name>`. */
  cloudformation: { url: string; stackName: string };
  /** An id token for a user of the pool (the demo administrator by default), as `aws cognito-idp initiate-auth` gets one. */
  signIn(user?: { email: string; password: string }): Promise<string>;
  events: KinesisEventSource;
  /** What EventBridge sends for the daily schedule at `time`. */
  scheduledScan(time: Date): Promise<{ runId: string; date: string; jobs: number; started: boolean }>;
  /** What the alerts sweep does for a finished run on AWS: compare with the day before, send the alerts once. */
  alertRun(runId: string): Promise<RunAlerts>;
  /** What the local AWS refused as AWS would (IAM, throughput) or answered as AWS does (a missing key, 403), so far. */
  refusals: AwsServers['refusals'];
  /** Faults AWS produces (throttling, unprocessed items, partial puts, a 500), switched on at a service's door. */
  awsFaults: AwsServers['faults'];
  /** CloudWatch, locally: the metrics the stack reports and the template's alarms over them. */
  cloudwatch: StackCloudWatch;
  /** The invocations a run went through (X-Ray, locally), each with the SDK calls it made. */
  traceOfRun(runId: string): Array<{ name: string; calls: string[] }>;
  close(): Promise<void>;
}

/**
 * The whole shelfwatch stack on this machine, wired as template.yaml wires it on AWS: real
 * DynamoDB/Kinesis/S3 protocol servers, the three handlers, the Kinesis event source mapping and
 * the HTTP API. One stack per process: handlers read their configuration once, at import.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const aws = await openLocalAws(options.rootDir, options.dataDir, options.shardCount ?? 1);
  const { template, servers, resources, tableName, bucketName } = aws;
  Object.assign(process.env, {
    // Built bundles carry their own selector files (read from LAMBDA_TASK_ROOT, as on Lambda).
    ...(options.builtDir ? {} : { SELECTORS_DIR: options.selectorsDir ?? path.join(options.rootDir, 'selectors') }),
    SITE_ORIGINS: Object.entries(options.siteOrigins ?? {})
      .map(([site, origin]) => `${site}=${origin}`)
      .join(','),
    // The demo shop is on loopback, which the scraper otherwise refuses: allow exactly its origin.
    ALLOWED_PRIVATE_ORIGINS: Object.values(options.siteOrigins ?? {}).join(','),
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  });
  let selectorsNote: string | null;
  try {
    selectorsNote = await liveSelectorsAtStart({ tableName, bucketName }, options);
  } catch (error) {
    await aws.close();
    throw error;
  }
  // The HTTP API listens first, so the functions can be told its address (API_URL); routes follow.
  const routes: HttpRoute[] = [];
  const stageVariables: Record<string, string> = {};
  // CloudWatch, locally: what the functions, the mapping and the API report, and the template's alarms.
  Object.assign(resources.refs, Object.fromEntries(template.functions.map((fn) => [fn.logicalId, fn.logicalId])), {
    'FailedInvocationQueue.QueueName': 'FailedInvocationQueue',
  });
  const cloudwatch = stackCloudWatch(template, resources.refs);
  const apiDimensions = { ApiId: resources.refs.HttpApi ?? 'local', Stage: '$default' };
  const onAnswer = (status: number) => {
    if (status >= 400)
      cloudwatch.metrics.put({
        namespace: 'AWS/ApiGateway',
        name: status >= 500 ? '5xx' : '4xx',
        dimensions: apiDimensions,
        value: 1,
      });
  };
  const http = await startHttpApi(routes, { port: options.httpPort, stageVariables, onAnswer }).catch(
    async (error: unknown) => {
      // A taken port is retried on another by the caller; the data folder must be free for it.
      await aws.close();
      throw error;
    },
  );
  // The user pool's managed login, with the app's callback and sign-out URLs (template: UserPoolClient).
  const idp = await startIdentityProvider({
    port: options.idpPort,
    dataDir: options.dataDir,
    callbackUrls: [callbackUrl({ appUrl: http.url })],
    logoutUrls: [signedOutUrl({ appUrl: http.url })],
    users: options.users,
  });
  aws.lock.update({
    apiUrl: http.url,
    idpUrl: idp.url,
    clientId: idp.clientId,
    siteOrigins: options.siteOrigins ?? {},
  });
  // Its outputs, as template.yaml's Outputs name them, for `shelfwatch … --stack <name>`.
  const stackName = options.stackName ?? 'shelfwatch-local';
  const cloudformation = await startLocalCloudFormation({
    name: stackName,
    outputs: () => ({
      ApiUrl: http.url,
      SignInUrl: idp.url,
      UserPoolId: new URL(idp.issuer).pathname.slice(1),
      UserPoolClientId: idp.clientId,
      TableName: tableName,
      StreamName: resources.streamName,
      BucketName: bucketName,
    }),
  });
  process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = cloudformation.url;
  // The pool's resources as the template names them, and the API stage's variables (its app client).
  Object.assign(resources.refs, {
    UserPool: new URL(idp.issuer).pathname.slice(1),
    UserPoolClient: idp.clientId,
    UserPoolDomain: 'local',
  });
  const stage = (template.resourceOfType('AWS::Serverless::HttpApi').properties.StageVariables ?? {}) as Record<
    string,
    unknown
  >;
  for (const [name, value] of Object.entries(stage)) stageVariables[name] = resolveValue(value, resources.refs);
  const tmpRoot = await mkdtemp(path.join(tmpdir(), 'shelfwatch-lambda-'));
  const xray = await startXrayDaemon();
  const loaded = loadFunctions(
    template,
    resources.refs,
    options.rootDir,
    options.builtDir ? { kind: 'built', dir: path.resolve(options.builtDir) } : { kind: 'source' },
    {
      overrides: {
        API_URL: http.url,
        APP_URL: http.url,
        AUTH_ISSUER: idp.issuer,
        AUTH_CLIENT_ID: idp.clientId,
        AUTH_DOMAIN: idp.url,
        // The fan-out splits markets into lanes for the stream's slots: here, its real shards.
        STREAM_SHARDS: String(options.shardCount ?? 1),
        ...options.env,
      },
      aws: {
        AWS_REGION: LOCAL_REGION,
        AWS_ENDPOINT_URL_DYNAMODB: servers.endpoints.dynamodb,
        AWS_ENDPOINT_URL_KINESIS: servers.endpoints.kinesis,
        AWS_ENDPOINT_URL_S3: servers.endpoints.s3,
        AWS_ENDPOINT_URL_CLOUDFORMATION: cloudformation.url,
      },
      tmpRoot,
      cloudwatch,
      xrayDaemon: xray.address,
    },
  );
  routes.push(...routesOf(loaded.values()));
  const named = (name: string) => {
    const found = [...loaded.values()].find((fn) => fn.name === name);
    if (!found) throw new Error(`template.yaml has no function with CodeUri dist/${name}/`);
    return found;
  };
  const [fanout, scrape, api, alerts, deadLetters] = ['fanout', 'scrape', 'api', 'alerts', 'dead-letters'].map(
    named,
  ) as [LocalFunction, LocalFunction, LocalFunction, LocalFunction, LocalFunction];
  const rules = eventRulesOf(loaded.values(), resources.refs);

  const mapping = await startStreamMapping({
    template,
    resources,
    endpoints: servers.endpoints,
    scrape,
    rules,
    cloudwatch,
    lambdaConcurrency: options.lambdaConcurrency ?? 1,
    onDeadLetter: options.onDeadLetter,
  });
  const { events } = mapping;
  const runs = await stackRuns({ tableName, streamName: resources.streamName, idle: () => events.idle() });
  const sweep = options.alertSweepMs ? startAlertSweep(alerts, options.alertSweepMs, cloudwatch) : undefined;

  return {
    selectorsNote,
    endpoints: servers.endpoints,
    bucketName,
    tableName,
    functions: { fanout, scrape, api, alerts, deadLetters },
    cloudformation: { url: cloudformation.url, stackName },
    http,
    idp,
    signIn: (user = idp.user) => signInWithPassword(idp.url, idp.clientId, user.email, user.password),
    events,
    async scheduledScan(time) {
      const event = {
        version: '0',
        id: crypto.randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: LOCAL_REGION,
        resources: ['arn:aws:events:us-east-1:000000000000:rule/local-daily'],
        detail: {},
      };
      // The scheduler invokes the fan-out asynchronously: a failed invocation is retried as its
      // EventInvokeConfig says (none), then goes to its OnFailure queue.
      return (await invokeEvent(fanout, event, (failure) => cloudwatch.failedInvocations.push(failure))) as {
        runId: string;
        date: string;
        jobs: number;
        started: boolean;
      };
    },
    ...runs,
    refusals: () => servers.refusals(),
    cloudwatch,
    traceOfRun: (runId) => traceOfRun(xray.documents, runId),
    awsFaults: servers.faults,
    async alertRun(runId) {
      // What the sweep does every 10 minutes, done at once: a day too large for one invocation is
      // published over several, each carrying on from the markets the last one finished.
      for (;;) {
        const { runs } = (await alerts.invoke({ runId })) as { runs: RunAlerts[] };
        if (runs[0]!.status !== 'publishing') return runs[0]!;
      }
    },
    async close() {
      await sweep?.stop();
      await mapping.stop();
      await http.close();
      await idp.close();
      await cloudformation.close();
      await Promise.all([...loaded.values()].map((fn) => fn.close()));
      await aws.close();
      await xray.close();
      await rm(tmpRoot, { recursive: true, force: true });
    },
  };
}
