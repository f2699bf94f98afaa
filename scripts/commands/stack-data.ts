import path from 'node:path';
import { withLocalData, type LocalData } from '../local/data.ts';
import { readTemplate } from '../local/template.ts';
import { resolveStack } from '../stack/resolve-stack.ts';
import { DEFAULT_DATA_DIR } from './local-session.ts';

/** `--stack <name>` and `--data <dir>`: which stack a maintenance command works on. */
export const STACK_OPTIONS = {
  stack: { type: 'string' },
  data: { type: 'string', default: DEFAULT_DATA_DIR },
} as const;

export const STACK_USAGE = `  --stack <name>     a deployed stack, found by its CloudFormation outputs with your AWS
                     configuration (credentials, AWS_REGION); without it, the local stack
  --data <dir>       the local stack's data folder (default ${DEFAULT_DATA_DIR})`;

/**
 * Runs `use` on the stack the options name: `--stack` resolves a deployed (or the local) stack's
 * outputs with CloudFormation, and the SDK talks to its table and bucket with the user's own
 * configuration; otherwise the local data folder (or the running local stack that holds it).
 */
export async function withStack<T>(
  values: { stack?: string | undefined; data?: string | undefined },
  use: (data: LocalData) => Promise<T>,
): Promise<T> {
  if (values.stack === undefined) return withLocalData(values.data ?? DEFAULT_DATA_DIR, use);
  const outputs = await resolveStack(values.stack);
  const template = await readTemplate(path.join(process.cwd(), 'template.yaml'));
  return use({ template, tableName: outputs.tableName, bucketName: outputs.bucketName });
}
