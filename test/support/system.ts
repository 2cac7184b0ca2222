import { accountService } from '@agencyflow/account-service';
import { financeService } from '@agencyflow/finance-service';
import { policyService } from '@agencyflow/policy-service';
import { salesService } from '@agencyflow/sales-service';
import { createTestTopics, startTestService, testKafka, type TestService } from '@agencyflow/testing';
import { startWorkflowWorker } from './workflow-worker';

export interface TestSystem {
  prefix: string;
  account: TestService;
  policy: TestService;
  sales: TestService;
  finance: TestService;
  /** The workflow worker: halt() stops it (as a crash or deploy would), resume() starts a new one. */
  workflows: { halt(): Promise<void>; resume(): Promise<void> };
  stop(): Promise<void>;
}

/**
 * The whole system in one process for an end-to-end test: four services with their relays,
 * consumers and activity workers, plus the workflow worker, on this file's own databases,
 * topics and task queues, against the real infrastructure.
 */
export async function startTestSystem({ withWorkflows = true, salesEnv = {} }: { withWorkflows?: boolean; salesEnv?: Record<string, string> } = {}): Promise<TestSystem> {
  const kafka = testKafka();
  const topics = await createTestTopics(kafka);
  const { prefix } = topics;
  // The policy service first: the account service calls it (the account side of a policy sync).
  const policy = await startTestService(policyService, { prefix });
  const [account, finance] = await Promise.all([
    startTestService(accountService, { prefix, env: { POLICY_SERVICE_URL: policy.url } }),
    startTestService(financeService, { prefix }),
  ]);
  // The sales service calls the account service (the individuals of a sales-record run).
  const sales = await startTestService(salesService, { prefix, env: { ACCOUNT_SERVICE_URL: account.url, ...salesEnv } });
  let worker = withWorkflows ? await startWorkflowWorker(prefix) : undefined;
  const workflows = {
    async halt() {
      await worker?.stop();
      worker = undefined;
    },
    async resume() {
      worker = await startWorkflowWorker(prefix);
    },
  };
  return {
    prefix,
    account,
    policy,
    sales,
    finance,
    workflows,
    async stop() {
      await worker?.stop();
      await Promise.all([account, policy, sales, finance].map((s) => s.stop()));
      await topics.remove();
    },
  };
}
