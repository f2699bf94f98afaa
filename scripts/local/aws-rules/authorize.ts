import { runSimulation } from '@cloud-copilot/iam-simulate';
import { LOCAL_ACCOUNT, type Principal } from './principals.ts';

/** One thing a request asks to do, as IAM evaluates it. */
export interface IamRequest {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
  /** The resource's own policy (a bucket policy), evaluated with the identity's. */
  resourcePolicy?: unknown;
}

export type Decision = { allowed: true } | { allowed: false; explicit: boolean };

/** Decisions kept for the same principal, action, resource and context: a run repeats them many times. */
const CACHE_LIMIT = 50_000;

/**
 * Authorises requests as IAM does, with a maintained evaluator (@cloud-copilot/iam-simulate): the
 * principal's identity policies and the resource's policy, every condition operator, the action and
 * resource checked against AWS's service reference. The local administrator may do everything.
 * Every request is made over TLS on AWS (the SDK's endpoints are https), so `aws:SecureTransport`
 * is true, whatever the loopback hop here.
 */
export function createAuthorizer(): (principal: Principal, request: IamRequest) => Promise<Decision> {
  const cache = new Map<string, Promise<Decision>>();
  return (principal, request) => {
    if (principal.policies === null) return Promise.resolve({ allowed: true });
    const key = JSON.stringify([principal.arn, request.action, request.resource, request.context ?? {}]);
    let decision = cache.get(key);
    if (!decision) {
      decision = evaluate(principal, request);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(key, decision);
    }
    return decision;
  };
}

async function evaluate(principal: Principal, request: IamRequest): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: principal.arn,
        action: request.action,
        resource: { resource: request.resource, accountId: LOCAL_ACCOUNT },
        contextVariables: { 'aws:SecureTransport': 'true', ...request.context },
      },
      identityPolicies: principal.policies ?? [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === 'error')
    throw new Error(`IAM cannot evaluate ${request.action} on ${request.resource}: ${result.errors.message}`);
  const overall = result.resultType === 'single' ? result.overallResult : result.overallResult;
  if (overall === 'Allowed') return { allowed: true };
  return { allowed: false, explicit: overall === 'ExplicitlyDenied' };
}
