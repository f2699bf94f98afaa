import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { AuthConfig } from './config.ts';

/** Who a verified id token says the caller is. */
export interface Identity {
  sub: string;
  email: string;
  /** Cognito groups; `admins` may make share links. */
  groups: string[];
  /** When the token stops being valid (seconds since the epoch). */
  expiresAt: number;
}

export type TokenVerifier = (token: string) => Promise<Identity>;

/**
 * Id tokens of the pool, checked with aws-jwt-verify: RS256 with one of the pool's keys, the
 * pool's issuer, the app client as audience, `token_use: id`, not expired. The keys are fetched
 * once per container (any http(s) address: locally the stack's identity provider), with a timeout.
 */
export function createTokenVerifier(config: Pick<AuthConfig, 'issuer' | 'clientId' | 'jwksUri'>): TokenVerifier {
  const verifier = JwtRsaVerifier.create(
    {
      issuer: config.issuer,
      audience: config.clientId,
      jwksUri: config.jwksUri ?? `${config.issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('not an id token');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: { fetch: fetchKeys } }) },
  );
  return async (token) => {
    const payload = await verifier.verify(token);
    return {
      sub: String(payload.sub),
      email: String(payload.email ?? payload['cognito:username'] ?? payload.sub),
      groups: Array.isArray(payload['cognito:groups']) ? payload['cognito:groups'].map(String) : [],
      expiresAt: Number(payload.exp),
    };
  };
}

async function fetchKeys(uri: string): Promise<ArrayBuffer> {
  const response = await fetch(uri, { signal: AbortSignal.timeout(3_000), redirect: 'error' });
  if (!response.ok) throw new Error(`${uri} answered ${response.status}`);
  return response.arrayBuffer();
}
