import { signInWithPassword } from '../local/identity/sign-in.ts';
import { defineCommand, text, UsageError } from './command.ts';

export const command = defineCommand({
  usage: `shelfwatch token --client <id> --user <email> [--password <p>] [--idp <url>]

  Signs in with USER_PASSWORD_AUTH, as aws cognito-idp initiate-auth does, and prints the id token:
  TOKEN=$(npx shelfwatch token …) then curl -H "authorization: Bearer $TOKEN" …. It lasts an hour.`,
  options: {
    client: text('id', "the app client (the stack's output UserPoolClientId; npm start prints the local one)"),
    user: text('email', 'a user of the pool (created by an administrator)'),
    password: text('p', "the user's password (default: the environment variable SHELFWATCH_PASSWORD)"),
    idp: text(
      'url',
      "the local stack's user pool (npm start prints it); without it, Cognito in\nAWS_REGION with your AWS configuration",
    ),
  },
  async run(values) {
    if (!values.client) throw new UsageError('--client is required (the app client id)');
    if (!values.user) throw new UsageError('--user is required');
    const password = values.password ?? process.env.SHELFWATCH_PASSWORD;
    if (!password) throw new UsageError('--password is required (or set SHELFWATCH_PASSWORD)');
    if (values.idp !== undefined && !/^https?:\/\/[^/]+\/?$/.test(values.idp))
      throw new UsageError(`--idp must be the pool's address, such as http://127.0.0.1:9229, not "${values.idp}"`);
    try {
      console.log(await signInWithPassword(values.idp, values.client, values.user, password));
      return 0;
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') {
        console.error(`token: ${values.user} could not sign in: ${(error as Error).message}`);
        return 1;
      }
      throw error;
    }
  },
});
