import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';

/**
 * How a client reaches a managed Kafka: TLS (optionally with a private CA and a client
 * certificate) and SASL (PLAIN, SCRAM-SHA-256/512, or OAUTHBEARER with tokens from an OAuth 2
 * client-credentials grant). The settings are the KAFKA_* variables of kafkaFragment; none of
 * the credentials is ever logged (decision 0035).
 */
export interface KafkaSecuritySettings {
  KAFKA_SSL?: boolean;
  KAFKA_SSL_CA_PATH?: string;
  KAFKA_SSL_CERT_PATH?: string;
  KAFKA_SSL_KEY_PATH?: string;
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'oauthbearer';
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
  KAFKA_OAUTH_TOKEN_URL?: string;
  KAFKA_OAUTH_CLIENT_ID?: string;
  KAFKA_OAUTH_CLIENT_SECRET?: string;
  KAFKA_OAUTH_SCOPE?: string;
}

export interface KafkaSecurity {
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions;
}

/** The ssl and sasl options of a kafkajs client for these settings; empty for a local broker. */
export function kafkaSecurity(settings: KafkaSecuritySettings, fetchToken: typeof fetch = fetch): KafkaSecurity {
  const security: KafkaSecurity = {};
  const files = {
    ca: settings.KAFKA_SSL_CA_PATH,
    cert: settings.KAFKA_SSL_CERT_PATH,
    key: settings.KAFKA_SSL_KEY_PATH,
  };
  const anyFile = Object.values(files).some(Boolean);
  if (settings.KAFKA_SSL || anyFile) {
    // Read once at start: a rotated certificate arrives with a new pod, as every secret does.
    security.ssl = anyFile
      ? Object.fromEntries(Object.entries(files).flatMap(([name, file]) => (file ? [[name, readFileSync(file)]] : [])))
      : true;
  }
  const mechanism = settings.KAFKA_SASL_MECHANISM;
  if (mechanism === 'oauthbearer') {
    security.sasl = { mechanism, oauthBearerProvider: clientCredentialsTokens(settings, fetchToken) };
  } else if (mechanism) {
    security.sasl = { mechanism, username: settings.KAFKA_SASL_USERNAME ?? '', password: settings.KAFKA_SASL_PASSWORD ?? '' };
  }
  return security;
}

/**
 * OAUTHBEARER tokens from the identity provider's token endpoint (client-credentials grant),
 * reused until a minute before they expire. kafkajs asks on every (re)authentication.
 */
export function clientCredentialsTokens(settings: KafkaSecuritySettings, fetchToken: typeof fetch = fetch): () => Promise<{ value: string }> {
  let cached: { value: string; renewAt: number } | undefined;
  return async () => {
    if (cached && Date.now() < cached.renewAt) return { value: cached.value };
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (settings.KAFKA_OAUTH_SCOPE) body.set('scope', settings.KAFKA_OAUTH_SCOPE);
    const basic = Buffer.from(`${settings.KAFKA_OAUTH_CLIENT_ID ?? ''}:${settings.KAFKA_OAUTH_CLIENT_SECRET ?? ''}`).toString('base64');
    const response = await fetchToken(settings.KAFKA_OAUTH_TOKEN_URL!, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    // The status only: a token endpoint's error body can echo what was sent.
    if (!response.ok) throw new Error(`Kafka OAUTHBEARER: the token endpoint answered ${response.status}`);
    const token = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!token.access_token) throw new Error('Kafka OAUTHBEARER: the token endpoint answered without an access_token');
    const lifetimeMs = (token.expires_in ?? 300) * 1000;
    cached = { value: token.access_token, renewAt: Date.now() + Math.max(lifetimeMs - 60_000, lifetimeMs / 2) };
    return { value: token.access_token };
  };
}
