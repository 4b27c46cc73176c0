/*
 * Start an embedded Pigeon broker for a test: loopback only, an OS-assigned port, the AOF off
 * unless the test asks for it. Options are passed through to createBroker() as they are, so a
 * test can set any broker option (`{ appendonly: 'yes', dir }`, `{ requirepass: 'x' }`, ...).
 */

import type { Broker, createBroker as CreateBroker } from '../../src/server/index.js';

export interface StartedBroker {
  port: number;
  broker: Broker;
  close(): Promise<void>;
}

type BrokerOptions = Parameters<typeof CreateBroker>[0];

export async function startBroker(options: Record<string, unknown> = {}): Promise<StartedBroker> {
  const { createBroker } = await import('../../src/server/index.js');
  const broker = createBroker({ port: 0, bind: '127.0.0.1', appendonly: 'no', ...options } as BrokerOptions);
  const port = await broker.listen();
  let closing: Promise<void> | null = null;
  return {
    port,
    broker,
    close(): Promise<void> {
      closing ??= broker.close();
      return closing;
    },
  };
}
