import type { SamTemplate } from '../template.ts';
import { resolvePolicy } from './resolve-policy.ts';

/** The local account: what the local stack's ARNs name (kinesalite's too). */
export const LOCAL_ACCOUNT = '000000000000';

/** Who a request is made by, as its SigV4 access key names it. */
export interface Principal {
  /** The role's ARN (as AWS names the session: an assumed role), or the local administrator's. */
  arn: string;
  /** Its identity policies as deployed, intrinsics resolved to the local resources; null: the administrator (everything). */
  policies: Array<{ name: string; policy: unknown }> | null;
}

/** The local administrator's key: a maintainer's own AWS configuration, the stack's setup, tests reading what it stores. */
export const ADMIN_ACCESS_KEY = 'S3RVER';

export const ADMINISTRATOR: Principal = {
  arn: `arn:aws:iam::${LOCAL_ACCOUNT}:user/local-administrator`,
  policies: null,
};

/** The access key a function's runtime is given: AKIA-shaped, naming its role, so the gate knows who calls. */
export const functionAccessKey = (roleLogicalId: string) => `ASIA${roleLogicalId.toUpperCase()}`;

/**
 * Every principal the local stack knows: the administrator, and each function's execution role as
 * template.yaml declares it (its inline policies, each statement's resources resolved to the local
 * stack's ARNs). A key nobody was given is refused, as AWS refuses an unknown key.
 */
export function principalsOf(template: SamTemplate, refs: Record<string, string>): Map<string, Principal> {
  const principals = new Map<string, Principal>([[ADMIN_ACCESS_KEY, ADMINISTRATOR]]);
  for (const [logicalId, resource] of Object.entries(template.resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const policies = (
      (resource.Properties?.Policies ?? []) as Array<{ PolicyName: string; PolicyDocument: unknown }>
    ).map((entry) => ({ name: entry.PolicyName, policy: resolvePolicy(entry.PolicyDocument, refs) }));
    principals.set(functionAccessKey(logicalId), {
      arn: `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${logicalId}/${logicalId.replace(/Role$/, 'Function')}`,
      policies,
    });
  }
  return principals;
}
