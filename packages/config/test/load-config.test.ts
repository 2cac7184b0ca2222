import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  authFragment,
  ConfigError,
  databaseFragment,
  DEV_JWT_SECRET,
  DEV_PAYLOAD_KEY,
  httpFragment,
  kafkaFragment,
  loadConfig,
  logFragment,
  payloadKeysFragment,
  temporalFragment,
} from '../src';

/** A deployable's schema, assembled the way the services assemble theirs. */
const serviceSchema = z.object({
  ...httpFragment(3001),
  ...databaseFragment('account'),
  ...kafkaFragment,
  ...temporalFragment,
  ...payloadKeysFragment,
  ...authFragment,
  ...logFragment,
});

const failure = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(serviceSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
};

describe('loadConfig', () => {
  it('runs with no settings at all: every default is local', () => {
    const config = loadConfig(serviceSchema, {});
    expect(config).toMatchObject({
      PORT: 3001,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/account',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_PREFIX: '',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
      PAYLOAD_KEYS: DEV_PAYLOAD_KEY,
      JWT_SECRET: DEV_JWT_SECRET,
      LOG_LEVEL: 'info',
    });
    for (const url of [config.DATABASE_URL, config.TEMPORAL_UI_URL, ...config.KAFKA_BROKERS, config.TEMPORAL_ADDRESS]) {
      expect(url).toMatch(/127\.0\.0\.1|localhost/);
    }
  });

  it('parses and coerces the values it is given', () => {
    const config = loadConfig(serviceSchema, {
      PORT: '8080',
      DATABASE_URL: 'postgres://app@db.internal:5432/account',
      DATABASE_POOL_MAX: '20',
      KAFKA_BROKERS: 'k1:9092, k2:9092,',
      LOG_LEVEL: 'warn',
      UNRELATED: 'ignored',
    });
    expect(config).toMatchObject({ PORT: 8080, DATABASE_POOL_MAX: 20, KAFKA_BROKERS: ['k1:9092', 'k2:9092'], LOG_LEVEL: 'warn' });
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it('fails fast with a ConfigError naming every bad variable, one line each', () => {
    const error = failure({ PORT: 'abc', DATABASE_URL: 'not-a-url', LOG_LEVEL: 'loud', DATABASE_POOL_MAX: '0' });
    expect(error.name).toBe('ConfigError');
    expect(error.message).toMatch(/^Invalid configuration:/);
    const lines = error.message.split('\n').slice(1);
    expect(lines).toHaveLength(4);
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'DATABASE_POOL_MAX']) {
      expect(lines.some((line) => line.startsWith(`  - ${name}: `))).toBe(true);
    }
  });

  it('rejects an out-of-range port and a bad UI URL', () => {
    const error = failure({ PORT: '70000', TEMPORAL_UI_URL: 'nowhere' });
    expect(error.message).toContain('PORT');
    expect(error.message).toContain('TEMPORAL_UI_URL');
  });

  it('X-4 names a bad secret without echoing its value', () => {
    const error = failure({ JWT_SECRET: 'too-short-secret-hunter2' });
    expect(error.message).toContain('JWT_SECRET');
    expect(error.message).not.toContain('hunter2');
  });
});
