import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, httpFragment, kafkaFragment, loadConfig, modeFragment, temporalFragment } from '../src';

/** The cluster settings of a deployable (decision 0035), in production mode unless told. */
const schema = z.object({ ...modeFragment, ...httpFragment(3001), ...kafkaFragment, ...temporalFragment });

const problems = (env: Record<string, string>): string => {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
};

describe('settings for real clusters', () => {
  it('defaults to the local broker: no TLS, no SASL, 3 partitions, the broker default replication factor', () => {
    const config = loadConfig(schema, { AGENCYFLOW_MODE: 'development' });
    expect(config).toMatchObject({ KAFKA_SSL: false, KAFKA_SASL_MECHANISM: undefined, KAFKA_TOPIC_PARTITIONS: 3, KAFKA_REPLICATION_FACTOR: -1 });
  });

  it('reads a managed Kafka: brokers, TLS files, SCRAM credentials, the topic layout', () => {
    const config = loadConfig(schema, {
      KAFKA_BROKERS: 'b-1.example:9096, b-2.example:9096',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_PATH: '/etc/agencyflow/kafka-ca/ca.crt',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'agencyflow',
      KAFKA_SASL_PASSWORD: 'a-scram-password',
      KAFKA_TOPIC_PARTITIONS: '12',
      KAFKA_REPLICATION_FACTOR: '3',
    });
    expect(config).toMatchObject({
      KAFKA_BROKERS: ['b-1.example:9096', 'b-2.example:9096'],
      KAFKA_SSL: true,
      KAFKA_SSL_CA_PATH: '/etc/agencyflow/kafka-ca/ca.crt',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_TOPIC_PARTITIONS: 12,
      KAFKA_REPLICATION_FACTOR: 3,
    });
  });

  it('X-4 refuses SASL credentials sent without TLS outside development mode, naming the setting and echoing no credential', () => {
    const message = problems({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'agencyflow', KAFKA_SASL_PASSWORD: 'a-plain-password' });
    expect(message).toContain('KAFKA_SSL: SASL credentials are sent over TLS only');
    expect(message).not.toContain('a-plain-password');
  });

  it('names what a SASL mechanism lacks: SCRAM its username and password, OAUTHBEARER its token endpoint and client', () => {
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'agencyflow' })).toContain(
      'KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=scram-sha-256',
    );
    const oauth = problems({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'oauthbearer', KAFKA_OAUTH_CLIENT_ID: 'agencyflow' });
    expect(oauth).toContain('KAFKA_OAUTH_TOKEN_URL: required');
    expect(oauth).toContain('KAFKA_OAUTH_CLIENT_SECRET: required');
    expect(oauth).not.toContain('KAFKA_OAUTH_CLIENT_ID: required');
  });

  it('refuses an unknown SASL mechanism and a replication factor of 0', () => {
    expect(problems({ KAFKA_SASL_MECHANISM: 'gssapi' })).toContain('KAFKA_SASL_MECHANISM');
    expect(problems({ KAFKA_REPLICATION_FACTOR: '0' })).toContain('KAFKA_REPLICATION_FACTOR');
  });

  it('takes the Temporal settings under the SDK environment configuration names', () => {
    const config = loadConfig(schema, {
      TEMPORAL_ADDRESS: 'agencyflow.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'agencyflow.a1b2c',
      TEMPORAL_API_KEY: 'an-api-key',
      TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/agencyflow/temporal-mtls/tls.crt',
      TEMPORAL_TLS_CLIENT_KEY_PATH: '/etc/agencyflow/temporal-mtls/tls.key',
    });
    expect(config).toMatchObject({
      TEMPORAL_ADDRESS: 'agencyflow.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'agencyflow.a1b2c',
      TEMPORAL_API_KEY: 'an-api-key',
      TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/agencyflow/temporal-mtls/tls.crt',
      TEMPORAL_TLS_CLIENT_KEY_PATH: '/etc/agencyflow/temporal-mtls/tls.key',
    });
  });

  it('binds to loopback by default and to every interface when HOST says so (outside development mode)', () => {
    expect(loadConfig(schema, {}).HOST).toBe('127.0.0.1');
    expect(loadConfig(schema, { HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });
});
