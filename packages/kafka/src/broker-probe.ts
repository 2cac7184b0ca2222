import type { Admin, Kafka } from 'kafkajs';

/**
 * Whether the brokers answer, for /readyz: one admin connection kept for every probe (a probe
 * every few seconds from a load balancer must not open a broker connection each time), dropped
 * and made again after a failure so a restarted broker is found.
 */
export class BrokerProbe {
  private admin: Admin | undefined;
  private connecting: Promise<Admin> | undefined;

  constructor(private readonly kafka: Kafka) {}

  async check(): Promise<void> {
    const admin = await this.connected();
    try {
      await admin.describeCluster();
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
