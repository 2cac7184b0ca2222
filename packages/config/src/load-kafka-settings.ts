import { z } from 'zod';
import { modeFragment } from './deployment-mode';
import { kafkaFragment } from './fragments';
import { loadConfig } from './load-config';

/** The Kafka settings alone, for tools that reach a cluster outside a deployable (the dead-letter commands). */
export const loadKafkaSettings = (env: Record<string, string | undefined> = process.env) => loadConfig(z.object({ ...modeFragment, ...kafkaFragment }), env);
