import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

/** What the CLI needs of a stack: its outputs (template.yaml's Outputs). */
export interface StackOutputs {
  name: string;
  tableName: string;
  bucketName: string;
  streamName: string;
  apiUrl: string | undefined;
}

export class StackResolutionError extends Error {
  override name = 'StackResolutionError';
}

/**
 * A stack by name, from its CloudFormation outputs, with the user's own AWS configuration (the
 * SDK's standard credentials, region and endpoints): the same call for a deployed stack and for
 * the local stack, which answers DescribeStacks too. Every failure is one line that says what to do.
 */
export async function resolveStack(name: string): Promise<StackOutputs> {
  const client = new CloudFormationClient({});
  try {
    const answer = await client.send(new DescribeStacksCommand({ StackName: name }));
    const outputs = new Map((answer.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    const need = (key: string) => {
      const value = outputs.get(key);
      if (!value) throw new StackResolutionError(`stack ${name} has no output ${key}: is it a shelfwatch stack?`);
      return value;
    };
    return {
      name,
      tableName: need('TableName'),
      bucketName: need('BucketName'),
      streamName: need('StreamName'),
      apiUrl: outputs.get('ApiUrl'),
    };
  } catch (error) {
    if (error instanceof StackResolutionError) throw error;
    const failure = error as Error;
    const region = await client.config.region().catch(() => 'no region');
    if (failure.name === 'ValidationError')
      throw new StackResolutionError(
        `no stack "${name}" in ${region} (aws cloudformation describe-stacks lists them; AWS_REGION picks the region)`,
      );
    if (failure.name === 'CredentialsProviderError' || /credential/i.test(failure.message))
      throw new StackResolutionError(
        `no AWS credentials to read stack "${name}": configure them (aws configure, AWS_PROFILE) and try again`,
      );
    if (/region/i.test(failure.message))
      throw new StackResolutionError(`no AWS region to find stack "${name}" in: set AWS_REGION (or aws configure)`);
    throw new StackResolutionError(`cannot read stack "${name}": ${failure.message.split('\n')[0]}`);
  } finally {
    client.destroy();
  }
}
