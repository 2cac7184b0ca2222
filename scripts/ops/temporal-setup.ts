/**
 * `npm run temporal:setup` (built: `node dist/app/temporal-setup.js`, the chart's temporal-setup
 * job): registers the namespace when a self-hosted cluster lacks it, then the custom search
 * attributes of infra/temporal-search-attributes.txt, through the SDK's operator service over
 * gRPC, so it works against any cluster the TEMPORAL_* settings reach. Idempotent. Temporal
 * Cloud refuses both calls: there the namespace and the attributes are made with tcld or the
 * Cloud UI, and this command only checks them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { loadConfig, logFragment, modeFragment, temporalFragment } from '@agencyflow/config';
import { ensureSearchAttributes, parseSearchAttributeList, temporalConnectionOptions } from '@agencyflow/temporal';

const configSchema = z.object({
  ...modeFragment,
  ...temporalFragment,
  ...logFragment,
  /** Retention of closed workflow histories when this command registers the namespace (days). */
  TEMPORAL_NAMESPACE_RETENTION_DAYS: z.coerce.number().int().positive().default(30),
});

/** The list beside the built command, or the one infra/temporal.sh registers on the dev server. */
function searchAttributeFile(): string {
  const built = path.join(__dirname, 'temporal-search-attributes.txt');
  return existsSync(built) ? built : path.resolve(__dirname, '../../infra/temporal-search-attributes.txt');
}

const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;
const PERMISSION_DENIED = 7;
const UNIMPLEMENTED = 12;
const codeOf = (error: unknown) => (error as { code?: number }).code;

/** Registers the namespace on a self-hosted cluster that lacks it; true when it did. */
async function ensureNamespace(connection: Connection, namespace: string, retentionDays: number): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return false;
  } catch (error) {
    if (codeOf(error) !== NOT_FOUND) throw error;
  }
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`) });
    return true;
  } catch (error) {
    if (codeOf(error) === ALREADY_EXISTS) return false;
    if (codeOf(error) === PERMISSION_DENIED || codeOf(error) === UNIMPLEMENTED) {
      throw new Error(`namespace ${namespace} does not exist and this client may not create it: create it with tcld or the Temporal Cloud UI`);
    }
    throw error;
  }
}

async function main() {
  const config = loadConfig(configSchema);
  const specs = parseSearchAttributeList(readFileSync(searchAttributeFile(), 'utf8'));
  const connection = await Connection.connect(temporalConnectionOptions(config));
  try {
    const namespace = config.TEMPORAL_NAMESPACE;
    const registered = await ensureNamespace(connection, namespace, config.TEMPORAL_NAMESPACE_RETENTION_DAYS);
    // A namespace just registered reaches every frontend within seconds: retry not-found until then.
    const deadline = Date.now() + 60_000;
    let added: string[];
    for (;;) {
      try {
        added = await ensureSearchAttributes(connection, namespace, specs);
        break;
      } catch (error) {
        if (codeOf(error) !== NOT_FOUND || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    console.log(
      `temporal:setup: namespace ${namespace}${registered ? ' registered' : ' present'}; search attributes ${added.length ? `added: ${added.join(', ')}` : 'all present'} (${specs.map((s) => s.name).join(', ')})`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error('temporal:setup failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
