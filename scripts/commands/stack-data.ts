import { text } from './command.ts';
import path from 'node:path';
import type { LocalData } from '../local/data.ts';
import type { OptionSpecs } from './command.ts';
import { DEFAULT_DATA_DIR } from '../local/data-dir.ts';

/** `--stack <name>` and `--data <dir>`: which stack a maintenance command works on. */
export const STACK_OPTIONS = {
  stack: text(
    'name',
    'a deployed stack, found by its CloudFormation outputs with your AWS\nconfiguration (credentials, AWS_REGION); without it, the local stack',
  ),
  data: text('dir', `the local stack's data folder (default ${DEFAULT_DATA_DIR})`, DEFAULT_DATA_DIR),
} as const satisfies OptionSpecs;

/**
 * Runs `use` on the stack the options name: `--stack` resolves a deployed (or the local) stack's
 * outputs with CloudFormation, and the SDK talks to its table and bucket with the user's own
 * configuration; otherwise the local data folder (or the running local stack that holds it).
 */
export async function withStack<T>(
  values: { stack?: string | undefined; data?: string | undefined },
  use: (data: LocalData) => Promise<T>,
): Promise<T> {
  // Loaded for the stack asked for only: a deployed stack needs none of the local servers, and the reverse.
  if (values.stack === undefined) {
    const { withLocalData } = await import('../local/data.ts');
    return withLocalData(values.data ?? DEFAULT_DATA_DIR, use);
  }
  const [{ resolveStack }, { readTemplate }] = await Promise.all([
    import('../stack/resolve-stack.ts'),
    import('../local/template.ts'),
  ]);
  const outputs = await resolveStack(values.stack);
  const template = await readTemplate(path.join(process.cwd(), 'template.yaml'));
  return use({ template, tableName: outputs.tableName, bucketName: outputs.bucketName, appUrl: outputs.apiUrl });
}
