import { authConfigFor, type AuthRequest, type PoolConfig } from './config.ts';
import { createTokenVerifier, type TokenVerifier } from './verify-token.ts';

export type RequestAuth = ReturnType<typeof requestAuth>;

/** Per request: its configuration and a verifier for its app client (one per client, kept for the container). */
export function requestAuth(pool: PoolConfig) {
  const verifiers = new Map<string, TokenVerifier>();
  return (request: AuthRequest) => {
    const config = authConfigFor(pool, request);
    let verify = verifiers.get(config.clientId);
    if (!verify) verifiers.set(config.clientId, (verify = createTokenVerifier(config)));
    return { config, verify };
  };
}
