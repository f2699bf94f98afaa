import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { boundedHttpHandler } from '../aws/http-handler.ts';
import { parseProxyPool, type ProxyPool } from './proxy-pool.ts';

/**
 * The text behind a proxy pool reference (selectors/access-schema.ts): an environment variable
 * (`env:NAME`, a local run), a SecureString parameter (`ssm:/shelfwatch/proxies/…`) or a Secrets
 * Manager secret (`secret:shelfwatch/proxies/…`). Read once per container; a failure is not
 * kept, so the next page asks again. Errors name the reference, never its value.
 */
export function poolResolver(env: NodeJS.ProcessEnv = process.env): (reference: string) => Promise<ProxyPool> {
  const pools = new Map<string, Promise<ProxyPool>>();
  let ssm: SSMClient | undefined;
  let secrets: SecretsManagerClient | undefined;
  const read = async (reference: string): Promise<string> => {
    const [kind, ...rest] = reference.split(':');
    const name = rest.join(':');
    if (kind === 'env') {
      const value = env[name];
      if (!value) throw new Error(`proxy pool ${reference}: the environment variable ${name} is not set`);
      return value;
    }
    if (kind === 'ssm') {
      ssm ??= new SSMClient({ requestHandler: boundedHttpHandler() });
      const answer = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      return answer.Parameter?.Value ?? '';
    }
    if (kind === 'secret') {
      secrets ??= new SecretsManagerClient({ requestHandler: boundedHttpHandler() });
      const answer = await secrets.send(new GetSecretValueCommand({ SecretId: name }));
      return answer.SecretString ?? '';
    }
    throw new Error(`proxy pool ${reference}: expected env:, ssm: or secret:`);
  };
  return (reference) => {
    let pool = pools.get(reference);
    if (!pool) {
      pool = read(reference)
        .catch((error: unknown) => {
          const message = (error as Error).message;
          throw new Error(
            message.startsWith('proxy pool')
              ? message
              : `proxy pool ${reference} could not be read: ${(error as Error).name}`,
          );
        })
        .then((text) => parseProxyPool(reference, text));
      pools.set(reference, pool);
      pool.catch(() => pools.delete(reference));
    }
    return pool;
  };
}
