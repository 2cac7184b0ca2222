import { z } from 'zod';
import { deploymentProblems } from './deployment-mode';
import { identityProviderProblems } from './identity-provider';
import { kafkaProblems } from './kafka-settings';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** What makes a parsed configuration unsafe to run with, each problem naming its setting. */
const settingProblems = (config: Record<string, unknown>): string[] => [
  ...deploymentProblems(config),
  ...identityProviderProblems(config),
  ...kafkaProblems(config),
];

/**
 * Parses the environment against one zod schema per deployable. Every default is a localhost
 * value, so a fresh clone runs in development mode with no other settings; a bad value fails fast
 * with one line per problem, naming the variable (never echoing its value). A deployable that
 * is not in development mode refuses the committed development secrets (deploymentProblems), and
 * identity-provider settings that would let someone else choose the signing keys.
 */
export function loadConfig<TSchema extends z.ZodType>(
  schema: TSchema,
  env: Record<string, string | undefined> = process.env,
): z.infer<TSchema> {
  const result = schema.safeParse(env);
  const lines = result.success
    ? settingProblems(result.data as Record<string, unknown>).map((problem) => `  - ${problem}`)
    : result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  if (lines.length === 0) return result.data as z.infer<TSchema>;
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
