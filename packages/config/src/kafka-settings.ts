/**
 * Problems with the Kafka security settings, by name (never a value): a SASL mechanism needs its
 * credentials, OAUTHBEARER its token endpoint and client, and outside development mode SASL is
 * only sent over TLS, so a password or token never crosses the network in the clear.
 */
export function kafkaProblems(config: Record<string, unknown>): string[] {
  const mechanism = config.KAFKA_SASL_MECHANISM;
  if (typeof mechanism !== 'string') return [];
  const problems: string[] = [];
  const needs = mechanism === 'oauthbearer' ? ['KAFKA_OAUTH_TOKEN_URL', 'KAFKA_OAUTH_CLIENT_ID', 'KAFKA_OAUTH_CLIENT_SECRET'] : ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'];
  for (const name of needs) if (typeof config[name] !== 'string') problems.push(`${name}: required with KAFKA_SASL_MECHANISM=${mechanism}`);
  const tls = config.KAFKA_SSL === true || ['KAFKA_SSL_CA_PATH', 'KAFKA_SSL_CERT_PATH', 'KAFKA_SSL_KEY_PATH'].some((name) => typeof config[name] === 'string');
  if (!tls && config.AGENCYFLOW_MODE !== 'development') {
    problems.push('KAFKA_SSL: SASL credentials are sent over TLS only (set KAFKA_SSL=true), except in development mode');
  }
  return problems;
}
