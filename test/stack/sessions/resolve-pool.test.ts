import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolResolver } from '../../../functions/core/sessions/resolve-pool.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../scripts/local/resources.ts';
import { motoAvailable, startMoto, type MotoServer } from '../../support/moto.ts';

/**
 * Proxy pools by reference, read the way the scrape function reads them on AWS: a SecureString
 * from Parameter Store, a secret from Secrets Manager (moto_server speaks both protocols), or an
 * environment variable locally. An unreadable one is named, its value never shown.
 */
const withMoto = motoAvailable();
if (!withMoto) console.warn('moto_server is not installed: the SSM and Secrets Manager pool checks are skipped');

const PASSWORD = 'pool-pass-4471';
let moto: MotoServer;
const saved = { ...process.env };

beforeAll(async () => {
  if (!withMoto) return;
  moto = await startMoto();
  const client = { region: LOCAL_REGION, endpoint: moto.url, credentials: LOCAL_CREDENTIALS };
  const ssm = new SSMClient(client);
  await ssm.send(
    new PutParameterCommand({
      Name: '/shelfwatch/proxies/de',
      Type: 'SecureString',
      Value: `http://user-session-{session}:${PASSWORD}@gw.example:7000`,
    }),
  );
  ssm.destroy();
  const secrets = new SecretsManagerClient(client);
  await secrets.send(
    new CreateSecretCommand({
      Name: 'shelfwatch/proxies/eu',
      SecretString: JSON.stringify([`http://a:${PASSWORD}@p1.example:8000`, `http://a:${PASSWORD}@p2.example:8000`]),
    }),
  );
  secrets.destroy();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SSM: moto.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.url,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });
}, 60_000);

afterAll(async () => {
  process.env = saved;
  await moto?.close();
});

describe.skipIf(!withMoto)('Proxy pool references', () => {
  it('ssm: a SecureString parameter, decrypted: a provider template', async () => {
    const pool = await poolResolver()('ssm:/shelfwatch/proxies/de');
    expect(pool).toEqual({ kind: 'template', template: `http://user-session-{session}:${PASSWORD}@gw.example:7000` });
  });

  it('secret: a Secrets Manager secret: a list', async () => {
    const pool = await poolResolver()('secret:shelfwatch/proxies/eu');
    expect(pool).toMatchObject({
      kind: 'list',
      urls: [expect.stringContaining('p1.example'), expect.stringContaining('p2.example')],
    });
  });

  it('is read once per container', async () => {
    const resolve = poolResolver();
    const first = resolve('ssm:/shelfwatch/proxies/de');
    expect(resolve('ssm:/shelfwatch/proxies/de')).toBe(first);
  });

  it.each([
    [
      'ssm:/shelfwatch/proxies/missing',
      /proxy pool ssm:\/shelfwatch\/proxies\/missing could not be read: ParameterNotFound/,
    ],
    [
      'secret:shelfwatch/proxies/missing',
      /proxy pool secret:shelfwatch\/proxies\/missing could not be read: ResourceNotFoundException/,
    ],
    ['env:SHELFWATCH_NO_SUCH_POOL', /the environment variable SHELFWATCH_NO_SUCH_POOL is not set/],
  ])('a reference that cannot be read is named: %s', async (reference, message) => {
    await expect(poolResolver()(reference)).rejects.toThrow(message);
  });

  it('a failure is not kept: the next page asks again', async () => {
    const env: NodeJS.ProcessEnv = {};
    const resolve = poolResolver(env);
    await expect(resolve('env:LATE_POOL')).rejects.toThrow(/not set/);
    env.LATE_POOL = `http://a:${PASSWORD}@p.example:1`;
    await expect(resolve('env:LATE_POOL')).resolves.toMatchObject({ kind: 'list' });
  });
});
