import { resolveValue } from '../template.ts';

/**
 * A policy document with its intrinsics (!GetAtt, !Sub, !Ref) resolved to local ARNs. A resource the
 * local stack does not run (a log group, the alert topic's key, SNS) resolves to an ARN of its own
 * kind that no local request names; a statement left with no resource is dropped.
 */
export function resolvePolicy(document: unknown, refs: Record<string, string>): unknown {
  const { Statement, ...rest } = document as { Statement: Array<Record<string, unknown>> };
  const statements = Statement.flatMap((statement) => {
    const resources = [statement.Resource ?? []]
      .flat()
      .map((resource) => resolveOrPlaceholder(resource, refs))
      .filter((resource) => resource !== '');
    if (resources.length === 0) return [];
    return [{ ...statement, Resource: resources }];
  });
  return { ...rest, Statement: statements };
}

function resolveOrPlaceholder(resource: unknown, refs: Record<string, string>): string {
  try {
    return resolveValue(resource, refs);
  } catch {
    // A resource the local stack has no value for (a log group, a KMS key): not run here.
    const named = JSON.stringify(resource).match(/"(\w+?)(?:\.Arn)?"/)?.[1] ?? 'resource';
    return `arn:aws:logs:us-east-1:000000000000:log-group:not-run-locally-${named}`;
  }
}
