const loopback = /^(127\.0\.0\.1|localhost|\[::1\])$/;

/**
 * Problems with the identity-provider settings, by name: a JWKS URL needs the issuer its tokens
 * carry (tokens from any other issuer are refused), and outside development mode it must be
 * https, since whoever can answer for that URL chooses which keys sign valid tokens.
 */
export function identityProviderProblems(config: Record<string, unknown>): string[] {
  const url = config.JWT_JWKS_URL;
  if (typeof url !== 'string') return [];
  const problems: string[] = [];
  if (typeof config.JWT_JWKS_ISSUER !== 'string') {
    problems.push("JWT_JWKS_ISSUER: required with JWT_JWKS_URL (the iss of the identity provider's tokens)");
  }
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'https:' && !(config.AGENCYFLOW_MODE === 'development' && loopback.test(hostname))) {
    problems.push('JWT_JWKS_URL: must be https (plain http only on loopback in development mode)');
  }
  return problems;
}
