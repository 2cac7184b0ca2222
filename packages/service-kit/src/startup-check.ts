import type { Kafka } from 'kafkajs';
import { allTopicNames, searchAttributeNames } from '@agencyflow/contracts';
import { missingTopics } from '@agencyflow/kafka';
import type { Logger } from '@agencyflow/logger';
import { missingSearchAttributes, type OperatorConnection } from '@agencyflow/temporal';

/** A deployment step was skipped: the process must not start half-able to work. */
export class MissingDeploymentStep extends Error {
  override readonly name = 'MissingDeploymentStep';
}

export interface StartupCheckOptions {
  /** Absent for a deployable that uses no Kafka (the workflow worker). */
  kafka?: Kafka;
  topicPrefix?: string;
  /** A Temporal connection (client or worker) whose operator service lists the search attributes. */
  temporal: OperatorConnection;
  namespace: string;
  logger: Logger;
}

/**
 * Once at start: every topic (npm run kafka:topics) and every custom search attribute (npm run
 * temporal:setup) the platform uses exists. A missing one fails the start with a message that
 * names it and the command that makes it, instead of failing later on the first event or the
 * first workflow start. A cluster that cannot be reached yet is left to /readyz (a warning here).
 */
export async function checkDeploymentSteps({ kafka, topicPrefix = '', temporal, namespace, logger }: StartupCheckOptions): Promise<void> {
  const problems: string[] = [];
  const attempt = async (what: string, check: () => Promise<string | undefined>) => {
    try {
      const problem = await check();
      if (problem) problems.push(problem);
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, `could not check the ${what} yet; /readyz reports it until it answers`);
    }
  };
  await Promise.all([
    attempt('Kafka topics', async () => {
      if (!kafka) return undefined;
      const missing = await missingTopics(kafka, allTopicNames(topicPrefix));
      return missing.length > 0 ? `Kafka topics missing: ${missing.join(', ')} (create them with npm run kafka:topics, the kafka-topics job)` : undefined;
    }),
    attempt('Temporal search attributes', async () => {
      const missing = await missingSearchAttributes(temporal, namespace, Object.values(searchAttributeNames));
      return missing.length > 0
        ? `Temporal search attributes missing in namespace ${namespace}: ${missing.join(', ')} (register them with npm run temporal:setup, the temporal-setup job)`
        : undefined;
    }),
  ]);
  if (problems.length > 0) throw new MissingDeploymentStep(`Not starting: ${problems.join('; ')}`);
}
