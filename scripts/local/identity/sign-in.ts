import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../resources.ts';

/**
 * An id token for a user, by USER_PASSWORD_AUTH with the AWS SDK's Cognito client: what
 * `aws cognito-idp initiate-auth` does, against the local pool here or the stack's pool on AWS.
 */
export async function signInWithPassword(
  endpoint: string | undefined,
  clientId: string,
  email: string,
  password: string,
): Promise<string> {
  const client = new CognitoIdentityProviderClient({
    region: process.env.AWS_REGION ?? LOCAL_REGION,
    ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
  try {
    const answer = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const token = answer.AuthenticationResult?.IdToken;
    if (!token)
      throw new Error(`the pool asked for a challenge (${answer.ChallengeName ?? 'unknown'}) instead of signing in`);
    return token;
  } finally {
    client.destroy();
  }
}
