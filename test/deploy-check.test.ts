import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

/**
 * `npm run deploy:check` (decision 0035): helm lint, helm template and kubeconform -strict over
 * the chart with its default values and each ci/*-values.yaml. The tools are installed on first
 * use (Go module proxy, PyPI) into ~/.cache/agencyflow/deploy-tools: minutes on a new machine,
 * seconds after. Then what the chart renders is checked for what a deployment relies on.
 */
const root = path.resolve(__dirname, '..');
const chart = path.join(root, 'deploy/helm/agencyflow');
const helm = path.join(process.env.AGENCYFLOW_DEPLOY_TOOLS ?? path.join(process.env.HOME ?? '', '.cache/agencyflow/deploy-tools'), 'bin/helm');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = Record<string, any>;
const manifests = (name: string): Manifest[] =>
  parseAllDocuments(readFileSync(path.join(root, 'dist/deploy', `${name}.yaml`), 'utf8'))
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((doc): doc is Manifest => doc !== null);
const containersOf = (m: Manifest): Manifest[] => m.spec.template.spec.containers;

let check: { status: number | null; output: string };
beforeAll(() => {
  const result = spawnSync('bash', ['deploy/check.sh'], { cwd: root, encoding: 'utf8', timeout: 25 * 60_000 });
  check = { status: result.status, output: `${result.stdout}${result.stderr}` };
}, 26 * 60_000);

describe('npm run deploy:check', () => {
  it('lints the chart, renders it for Temporal Cloud and a self-hosted cluster and validates every object against the Kubernetes schemas', () => {
    expect(check.status, check.output).toBe(0);
    expect(check.output).toMatch(/Valid: \d+, Invalid: 0, Errors: 0, Skipped: 0/);
  });

  it.each(['default', 'temporal-cloud', 'self-hosted'])('renders the four services, the workflow worker with its codec server and the three deployment jobs (%s values)', (values) => {
    const objects = manifests(values);
    const names = (kind: string) => objects.filter((m) => m.kind === kind).map((m) => m.metadata.name as string);
    expect(names('Deployment').sort()).toEqual(['account', 'finance', 'policy', 'sales', 'worker'].map((c) => `agencyflow-${c}`));
    expect(names('Service').sort()).toEqual(['account', 'codec', 'finance', 'policy', 'sales'].map((c) => `agencyflow-${c}`));
    const jobs = objects.filter((m) => m.kind === 'Job');
    expect(jobs.map((j) => containersOf(j)[0]!.args[0])).toEqual(
      values === 'temporal-cloud' ? ['db-migrate', 'kafka-topics'] : ['db-migrate', 'kafka-topics', 'temporal-setup'],
    );
    // Before the release's pods, on every install and upgrade.
    for (const job of jobs) expect(job.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
  });

  it('gives every workload probes on /healthz and /readyz, resource requests, and its secrets only by reference', () => {
    for (const deployment of manifests('temporal-cloud').filter((m) => m.kind === 'Deployment')) {
      const container = containersOf(deployment)[0]!;
      const isWorker = deployment.metadata.name.endsWith('worker');
      expect(container.readinessProbe.httpGet.path).toBe(isWorker ? '/healthz' : '/readyz');
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.envFrom.every((source: Manifest) => typeof source.secretRef?.name === 'string')).toBe(true);
      const env = Object.fromEntries((container.env as Manifest[]).map((e) => [e.name, e.value]));
      // The credentials are never values of the chart.
      for (const secret of ['JWT_SECRET', 'PAYLOAD_KEYS', 'FIELD_ENCRYPTION_KEYS', 'DATABASE_URL', 'TEMPORAL_API_KEY', 'KAFKA_SASL_PASSWORD']) expect(env).not.toHaveProperty(secret);
      expect(env[isWorker ? 'CODEC_SERVER_HOST' : 'HOST']).toBe('0.0.0.0');
      expect(env.AGENCYFLOW_MODE).toBe('production');
    }
  });

  it('refuses to render without the cluster addresses, naming the value', () => {
    expect(check.status, check.output).toBe(0);
    const result = spawnSync(helm, ['template', 'agencyflow', chart, '--kube-version', '1.33.0'], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('temporal.address is required');
  });

  it('refuses values its schema does not allow (an unknown SASL mechanism, a replication factor of 0)', () => {
    expect(check.status, check.output).toBe(0);
    const base = ['template', 'agencyflow', chart, '--kube-version', '1.33.0', '--set', 'temporal.address=t:7233', '--set', 'kafka.brokers=k:9092'];
    const mechanism = spawnSync(helm, [...base, '--set', 'kafka.saslMechanism=gssapi'], { encoding: 'utf8' });
    expect(mechanism.status).not.toBe(0);
    expect(mechanism.stderr).toContain('/kafka/saslMechanism');
    const replication = spawnSync(helm, [...base, '--set', 'kafka.replicationFactor=0'], { encoding: 'utf8' });
    expect(replication.status).not.toBe(0);
    expect(replication.stderr).toContain('/kafka/replicationFactor');
  });
});
