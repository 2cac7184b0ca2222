import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { dataConverterWith } from './data-converter';
import { tracingClientInterceptors } from './tracing';
import type { TemporalConnectionOptions } from './connection-options';

export interface TemporalClientOptions {
  /** The address alone (the local dev server), or the full connection of a real cluster (temporalConnectionOptions). */
  address: string | TemporalConnectionOptions;
  namespace: string;
  codec: PayloadCodec;
}

export interface TemporalClient {
  client: Client;
  /** Asks the frontend's health service over the shared connection (cheap: no new connection). */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** One connection per process, shared by every request (never one per request); workflow starts carry the caller's trace. */
export async function createTemporalClient({ address, namespace, codec }: TemporalClientOptions): Promise<TemporalClient> {
  const connection = await Connection.connect(typeof address === 'string' ? { address } : address);
  const client = new Client({ connection, namespace, dataConverter: dataConverterWith(codec), interceptors: tracingClientInterceptors() });
  return {
    client,
    async check() {
      const { status } = await connection.healthService.check({});
      // 1 is SERVING in grpc.health.v1.
      if (status !== 1) throw new Error(`Temporal frontend is not serving (status ${status})`);
    },
    close: () => connection.close(),
  };
}
