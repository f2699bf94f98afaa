import { expect, it } from 'vitest';
import type { LocalStack } from '../../scripts/local/stack.ts';

/**
 * The last test of a stack file: every call each function made in it was allowed by its own role,
 * evaluated as deployed (scripts/local/aws-rules/authorize.ts). A grant the code needs and the
 * template lacks fails here, named, instead of on AWS's first morning.
 */
export function itRefusedNoCall(stack: () => LocalStack): void {
  it('no call any function made was refused by its role (IAM evaluated as deployed)', async () => {
    const { counts, entries } = await stack().refusals();
    expect(entries.filter((entry) => entry.kind === 'iam').map((entry) => entry.message)).toEqual([]);
    expect(counts.iam).toBe(0);
  });
}
