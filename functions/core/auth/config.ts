import { optionalEnv, requireEnv } from '../config/env.ts';

/**
 * Where users sign in and how their tokens are checked: a Cognito user pool and its managed login
 * on AWS, the local stack's identity provider locally (the same flow, the same checks).
 */
export interface AuthConfig {
  /** The pool's issuer (`https://cognito-idp.<region>.amazonaws.com/<pool id>`): tokens must name it. */
  issuer: string;
  /** The app client: id tokens must be for it (their `aud`). */
  clientId: string;
  /** Managed login's domain: /oauth2/authorize, /oauth2/token, /logout. */
  loginDomain: string;
  /** This app's own address (the API's URL): callbacks, sign-out, and the only origin a form may post from. */
  appUrl: string;
  /** The pool's keys; `<issuer>/.well-known/jwks.json` when not given. */
  jwksUri?: string | undefined;
}

/** What the environment says; the app client and, on AWS, the app's address come with each request. */
export type PoolConfig = Omit<AuthConfig, 'clientId' | 'appUrl'> & { appUrl?: string | undefined };

export function poolConfigFromEnv(): PoolConfig {
  return {
    issuer: requireEnv('AUTH_ISSUER'),
    loginDomain: requireEnv('AUTH_DOMAIN'),
    jwksUri: optionalEnv('AUTH_JWKS_URI', '') || undefined,
    appUrl: optionalEnv('APP_URL', '') || undefined,
  };
}

/** The request parts that complete the configuration. */
export interface AuthRequest {
  /** The HTTP API's stage variables: `authClientId` names the app client (template.yaml says why). */
  stageVariables?: Record<string, string> | undefined;
  requestContext: { domainName?: string | undefined };
}

/**
 * The whole configuration for one request. The app client's id comes as a stage variable: the
 * client's callback URLs name the API, and the API's routes name the functions, so a function's
 * environment cannot name the client (CloudFormation would find a cycle). The app's address is the
 * API's own domain unless APP_URL says otherwise (locally, http://127.0.0.1:<port>).
 */
export function authConfigFor(pool: PoolConfig, request: AuthRequest): AuthConfig {
  const clientId = request.stageVariables?.authClientId;
  if (!clientId) throw new Error('the HTTP API stage has no authClientId stage variable');
  const appUrl = pool.appUrl ?? `https://${request.requestContext.domainName}`;
  return { ...pool, clientId, appUrl };
}
