import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';

/** Tokens this platform signs itself, with the shared JWT_SECRET. */
const LOCAL_ALGORITHMS = ['HS256'];
/** Tokens an identity provider signs with a private key whose public half is in its JWKS. */
const PROVIDER_ALGORITHMS = ['RS256', 'ES256'];

export interface IdentityProvider {
  /** The provider's JSON Web Key Set (JWT_JWKS_URL). */
  jwksUrl: string;
  /** The `iss` its tokens carry (JWT_JWKS_ISSUER). */
  issuer: string;
}

/** A verified token's claims and who signed it: the platform (its shared secret) or the identity provider. */
export interface VerifiedToken {
  claims: JWTPayload;
  signer: 'platform' | 'identity-provider';
}

export interface TokenRules {
  jwtSecret: string;
  jwtIssuer: string;
  audience: string[];
  maxTokenAge: string;
  clockToleranceSeconds: number;
  identityProvider?: IdentityProvider;
}

/**
 * Verifies a bearer token and returns its claims, or throws. The verifier is picked by the
 * token's `alg` header, and each verifier accepts only its own algorithms: HS256 against the local
 * secret, RS256/ES256 against the provider's published keys. So `none` is never accepted, and an
 * HS256 token "signed" with a provider's public key meets only the local secret and fails. Both
 * kinds need the same claims: exp, iat (no older than the cap), an accepted audience. The answer
 * says which signed it: only the platform's own tokens may be service tokens (decision 0024).
 */
export function tokenVerifier(rules: TokenRules): (token: string) => Promise<VerifiedToken> {
  const shared: JWTVerifyOptions = {
    audience: rules.audience,
    requiredClaims: ['exp', 'iat'],
    maxTokenAge: rules.maxTokenAge,
    clockTolerance: rules.clockToleranceSeconds,
  };
  const secret = new TextEncoder().encode(rules.jwtSecret);
  const local: JWTVerifyOptions = { ...shared, issuer: rules.jwtIssuer, algorithms: LOCAL_ALGORITHMS };
  const provider = rules.identityProvider && {
    // jose caches the key set and refetches it (rate-limited) when a token names an unknown key id.
    keys: createRemoteJWKSet(new URL(rules.identityProvider.jwksUrl)),
    options: { ...shared, issuer: rules.identityProvider.issuer, algorithms: PROVIDER_ALGORITHMS },
  };

  return async (token) => {
    const { alg } = decodeProtectedHeader(token);
    if (alg !== undefined && LOCAL_ALGORITHMS.includes(alg)) return { claims: (await jwtVerify(token, secret, local)).payload, signer: 'platform' };
    if (provider && alg !== undefined && PROVIDER_ALGORITHMS.includes(alg)) {
      return { claims: (await jwtVerify(token, provider.keys, provider.options)).payload, signer: 'identity-provider' };
    }
    throw new Error(`tokens signed with ${alg ?? 'no algorithm'} are not accepted`);
  };
}
