import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveValue, type SamTemplate, type TemplateFunction } from './template.ts';

/** Where handler code is loaded from: the TypeScript sources, or a folder of built bundles (`npm run build`). */
export type CodeSource = { kind: 'source' } | { kind: 'built'; dir: string };

export interface LocalFunction extends TemplateFunction {
  invoke(event: unknown): Promise<unknown>;
  /** The handler module, for extras such as the scrape function's shutdown(). */
  module: Record<string, unknown>;
}

/**
 * Loads each function of template.yaml the way Lambda would: its environment (Globals merged,
 * !Ref resolved to the local resources, then the local overrides) is in place before its module is imported, so its cold
 * start reads its configuration as it would on AWS; invocations get a context with a deadline.
 */
export async function loadFunctions(
  template: SamTemplate,
  refs: Record<string, string>,
  rootDir: string,
  source: CodeSource,
  overrides: Record<string, string> = {},
): Promise<Map<string, LocalFunction>> {
  const functions = new Map<string, LocalFunction>();
  for (const definition of template.functions) {
    for (const [name, value] of Object.entries(definition.environment)) process.env[name] = resolveValue(value, refs);
    // What only makes sense here (the API's local address, a test's settings) wins over the template.
    Object.assign(process.env, overrides);
    const [file, exportName = 'handler'] = definition.handler.split('.');
    let modulePath = path.join(rootDir, 'functions', definition.name, `${file}.ts`);
    if (source.kind === 'built') {
      // What Lambda sets: the bundle's folder as task root (its selector files are there), the runtime's name.
      const taskRoot = path.join(source.dir, definition.name);
      Object.assign(process.env, {
        LAMBDA_TASK_ROOT: taskRoot,
        AWS_LAMBDA_FUNCTION_NAME: definition.logicalId,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      });
      modulePath = path.join(taskRoot, `${file}.js`);
    }
    const module = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
    const handler = module[exportName];
    if (typeof handler !== 'function')
      throw new Error(`${modulePath} has no exported function "${exportName}" (Handler: ${definition.handler})`);
    functions.set(definition.logicalId, {
      ...definition,
      module,
      invoke: (event) =>
        invokeWithDeadline(definition, handler as (event: unknown, context: unknown) => Promise<unknown>, event),
    });
  }
  return functions;
}

async function invokeWithDeadline(
  definition: TemplateFunction,
  handler: (event: unknown, context: unknown) => Promise<unknown>,
  event: unknown,
): Promise<unknown> {
  const deadline = Date.now() + definition.timeoutSeconds * 1000;
  const context = {
    functionName: definition.logicalId,
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Task timed out after ${definition.timeoutSeconds}.00 seconds`)),
      definition.timeoutSeconds * 1000,
    );
  });
  try {
    return await Promise.race([handler(event, context), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
