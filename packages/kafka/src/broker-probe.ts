import type { Admin, Kafka } from 'kafkajs';

/**
 * Whether the brokers answer, for /readyz and /metrics: one admin connection kept for every probe (a probe
 * every few seconds from a load balancer must not open a broker connection each time), dropped
 * and made again after a failure so a restarted broker is found.
 */
export class BrokerProbe {
  private admin: Admin | undefined;
  private connecting: Promise<Admin> | undefined;

  constructor(private readonly kafka: Kafka) {}

  async check(): Promise<void> {
    await this.withAdmin((admin) => admin.describeCluster());
  }

  /** Runs `work` on the kept admin connection (metrics read offsets through it); a failure drops it. */
  async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = await this.connected();
    try {
      return await work(admin);
    } catch (error) {
      await this.drop();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.drop();
  }

  private connected(): Promise<Admin> {
    if (this.admin) return Promise.resolve(this.admin);
    this.connecting ??= (async () => {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
        this.admin = admin;
        return admin;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  private async drop(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}
