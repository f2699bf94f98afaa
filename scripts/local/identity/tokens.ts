import {
  createPrivateKey,
  createPublicKey,
  createSign,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';

/** A user of the local pool: what Cognito would hold for an administrator-created user. */
export interface LocalUser {
  email: string;
  password: string;
  sub: string;
  groups: string[];
}

/** The pool's signing key, as it is kept in the data folder so sessions survive a restart. */
export interface SigningKey {
  kid: string;
  privateKeyPem: string;
}

export function newSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID(), privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

/** Tokens shaped as Cognito's (RS256, the claims the API reads), signed with the pool's key. */
export class TokenSigner {
  readonly #key: KeyObject;
  readonly #public: KeyObject;

  private readonly signingKey: SigningKey;
  private readonly issuer: string;
  private readonly clientId: string;
  private readonly lifetimeSeconds: number;

  constructor(signingKey: SigningKey, issuer: string, clientId: string, lifetimeSeconds: number) {
    this.signingKey = signingKey;
    this.issuer = issuer;
    this.clientId = clientId;
    this.lifetimeSeconds = lifetimeSeconds;
    this.#key = createPrivateKey(signingKey.privateKeyPem);
    this.#public = createPublicKey(this.#key);
  }

  /** The pool's JWKS, as Cognito serves it at <issuer>/.well-known/jwks.json. */
  jwks(): { keys: Array<Record<string, unknown>> } {
    return {
      keys: [{ ...this.#public.export({ format: 'jwk' }), kid: this.signingKey.kid, alg: 'RS256', use: 'sig' }],
    };
  }

  idToken(user: LocalUser, now = Date.now()): string {
    return this.#sign({
      sub: user.sub,
      email: user.email,
      email_verified: true,
      'cognito:username': user.sub,
      'cognito:groups': user.groups,
      aud: this.clientId,
      token_use: 'id',
      auth_time: Math.floor(now / 1000),
      ...this.#times(now),
    });
  }

  accessToken(user: LocalUser, now = Date.now()): string {
    return this.#sign({
      sub: user.sub,
      client_id: this.clientId,
      username: user.sub,
      'cognito:groups': user.groups,
      token_use: 'access',
      scope: 'openid email profile',
      ...this.#times(now),
    });
  }

  #times(now: number) {
    const iat = Math.floor(now / 1000);
    return { iss: this.issuer, iat, exp: iat + this.lifetimeSeconds, jti: randomUUID() };
  }

  #sign(claims: Record<string, unknown>): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${encode({ kid: this.signingKey.kid, alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(this.#key).toString('base64url');
    return `${signingInput}.${signature}`;
  }
}
