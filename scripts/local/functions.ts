import path from 'node:path';
import { functionAccessKey } from './aws-rules/principals.ts';
import { chromiumSeed } from './lambda/chromium-seed.ts';
import { FunctionRuntime, type InvocationReport } from './lambda/function-runtime.ts';
import { resolveValue, type SamTemplate, type TemplateFunction } from './template.ts';
import type { StackCloudWatch } from './cloudwatch/stack-cloudwatch.ts';

/** The layer that carries @sparticuz/chromium: its functions' environments unpack it into /tmp. */
const CHROMIUM_LAYER = 'ChromiumLayer';

/** Where handler code is loaded from: the TypeScript sources, or a folder of built bundles (`npm run build`). */
export type CodeSource = { kind: 'source' } | { kind: 'built'; dir: string };

export interface LocalFunction extends TemplateFunction {
  /** A synchronous invocation, as API Gateway and the stream's mapping make them. */
  invoke(event: unknown): Promise<unknown>;
  /** Refuses an asynchronous invocation's event over 1 MB, as Lambda does (lambda/async-invocation.ts runs one). */
  checkEvent(event: unknown): void;
  /** Each invocation's duration and memory, as Lambda's REPORT line gives them. */
  reports: InvocationReport[];
  /** Stops its execution environments. */
  close(): Promise<void>;
}

export interface LoadOptions {
  /** Set for every function after the template's own (the API's address, a test's settings). */
  overrides: Record<string, string>;
  /** The SDK's settings every environment gets: region and the local endpoints. */
  aws: Record<string, string>;
  /** Where execution environments get their /tmp. */
  tmpRoot: string;
  /** Where their output and Lambda's reports go (CloudWatch, locally). */
  cloudwatch?: StackCloudWatch;
  /** The local X-Ray daemon's address (Tracing: Active); none turns the tracer off. */
  xrayDaemon?: string;
}

/**
 * Each function of template.yaml as Lambda runs it: in execution environments of its own
 * (lambda/function-runtime.ts), each with the environment the template gives the function (Globals
 * merged, !Ref resolved to the local resources, then the local overrides) and the credentials of its
 * own execution role, so every call it makes is judged as that role's on AWS; its MemorySize,
 * Timeout and EphemeralStorage hold. Its configuration is read at each cold start, as on Lambda.
 */
export function loadFunctions(
  template: SamTemplate,
  refs: Record<string, string>,
  rootDir: string,
  source: CodeSource,
  options: LoadOptions,
): Map<string, LocalFunction> {
  const functions = new Map<string, LocalFunction>();
  for (const definition of template.functions) {
    const [file, exportName = 'handler'] = definition.handler.split('.');
    const own = Object.fromEntries(
      Object.entries(definition.environment).map(([name, value]) => [name, resolveValue(value, refs)]),
    );
    let modulePath = path.join(rootDir, 'functions', definition.name, `${file}.ts`);
    // What Lambda sets: the function's name and memory, the runtime's name, the code's folder as task
    // root (a bundle's selector files are there; sources read SELECTORS_DIR), and, with Tracing: Active,
    // where the X-Ray daemon is.
    const lambda: Record<string, string> = {
      AWS_LAMBDA_FUNCTION_NAME: definition.logicalId,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memoryMb),
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: path.join(rootDir, 'functions', definition.name),
      ...(options.xrayDaemon ? { AWS_XRAY_DAEMON_ADDRESS: options.xrayDaemon } : { POWERTOOLS_TRACE_ENABLED: 'false' }),
    };
    if (source.kind === 'built') {
      const taskRoot = path.join(source.dir, definition.name);
      lambda.LAMBDA_TASK_ROOT = taskRoot;
      modulePath = path.join(taskRoot, `${file}.js`);
    }
    const key = definition.roleLogicalId ? functionAccessKey(definition.roleLogicalId) : 'no-role';
    const runtime = new FunctionRuntime({
      logicalId: definition.logicalId,
      modulePath,
      exportName,
      env: {
        ...inherited(),
        ...options.aws,
        ...own,
        ...options.overrides,
        ...lambda,
        AWS_ACCESS_KEY_ID: key,
        AWS_SECRET_ACCESS_KEY: key,
      },
      memoryMb: definition.memoryMb,
      timeoutSeconds: definition.timeoutSeconds,
      ephemeralMb: definition.ephemeralMb,
      tmpRoot: options.tmpRoot,
      ...(definition.layers.includes(CHROMIUM_LAYER) ? { tmpSeed: chromiumSeed } : {}),
      ...(options.cloudwatch
        ? {
            onOutput: options.cloudwatch.output,
            onReport: (report: InvocationReport) => options.cloudwatch!.report(definition.logicalId, report),
          }
        : {}),
    });
    functions.set(definition.logicalId, {
      ...definition,
      invoke: (event) => runtime.invoke(event),
      checkEvent: (event) => runtime.checkEvent(event),
      reports: runtime.reports,
      close: () => runtime.close(),
    });
  }
  return functions;
}

/**
 * What an environment takes from this process: the system's settings (PATH, HOME, locale) and the
 * developer's own switches (CHROME_PATH, DEBUG, POWERTOOLS_*, test settings a test file sets before
 * it starts the stack); never another function's variables, and no AWS credentials of this process.
 */
function inherited(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)$/.test(entry[0]),
    ),
  );
}
