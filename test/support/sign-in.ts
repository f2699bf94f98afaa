import type { LocalStack } from '../../scripts/local/stack.ts';

const tokens = new WeakMap<LocalStack, Promise<string>>();

/** An id token of the local pool's demo administrator, signed in once per stack (it lasts an hour). */
export function idToken(stack: LocalStack): Promise<string> {
  let token = tokens.get(stack);
  if (!token) tokens.set(stack, (token = stack.signIn()));
  return token;
}

/** The bearer header scripts send. */
export async function bearer(stack: LocalStack): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await idToken(stack)}` };
}
