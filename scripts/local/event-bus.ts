import type { LocalFunction } from './functions.ts';
import { invokeEvent } from './lambda/async-invocation.ts';
import { resolveValue } from './template.ts';

/** A function's EventBridgeRule event, its pattern's !Ref values resolved to local names. */
export interface EventRule {
  fn: LocalFunction;
  pattern: Record<string, unknown>;
}

export function eventRulesOf(functions: Iterable<LocalFunction>, refs: Record<string, string>): EventRule[] {
  return [...functions].flatMap((fn) =>
    Object.values(fn.events)
      .filter((event) => event.Type === 'EventBridgeRule')
      .map((event) => ({ fn, pattern: resolvePattern(event.Properties.Pattern, refs) as Record<string, unknown> })),
  );
}

/**
 * EventBridge, locally, for what the stack puts on it: each function whose rule matches the event
 * is invoked asynchronously, with Lambda's retries of an asynchronous invocation. Resolves when
 * every target has the event (or gave up), so the local stack knows when nothing is in flight.
 */
export async function putEvent(rules: EventRule[], event: Record<string, unknown>): Promise<void> {
  await Promise.all(
    rules
      .filter((rule) => matchesPattern(rule.pattern, event))
      .map(async (rule) => {
        await invokeEvent(rule.fn, event, (failure) =>
          console.error(
            `${failure.functionName} gave up on an event after ${failure.approximateInvokeCount} invocation(s): ${failure.error}`,
          ),
        ).catch(() => undefined);
      }),
  );
}

/**
 * EventBridge's pattern matching for the forms the template uses: a field matches when its value is
 * one of the listed values or starts with a listed `{ prefix }`; nested objects match field by field.
 */
export function matchesPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = (event as Record<string, unknown>)[field];
    if (Array.isArray(expected)) {
      return expected.some((option) =>
        typeof option === 'object' && option !== null && 'prefix' in option
          ? typeof actual === 'string' && actual.startsWith(String((option as { prefix: unknown }).prefix))
          : actual === option,
      );
    }
    return matchesPattern(expected as Record<string, unknown>, actual);
  });
}

function resolvePattern(value: unknown, refs: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((entry) => resolvePattern(entry, refs));
  if (typeof value !== 'object' || value === null) return value;
  if ('Ref' in value || 'Fn::GetAtt' in value || 'Fn::Sub' in value) return resolveValue(value, refs);
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolvePattern(entry, refs)]));
}
