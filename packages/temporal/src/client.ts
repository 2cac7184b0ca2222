import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { dataConverterWith } from './data-converter';

export interface TemporalClientOptions {
  address: string;
  namespace: string;
  codec: PayloadCodec;
}

export interface TemporalClient {
  client: Client;
  close(): Promise<void>;
}

/** One connection per process, shared by every request (never one per request). */
export async function createTemporalClient({ address, namespace, codec }: TemporalClientOptions): Promise<TemporalClient> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace, dataConverter: dataConverterWith(codec) });
  return { client, close: () => connection.close() };
}
