/*
 * The servers the toolkit suites run against, as a matrix:
 *
 *   embedded  Pigeon's broker in this process (toolkit embedded())
 *   redis     a reference redis-server 7.0.15 (test/helpers/reference.ts)
 *   cluster   a 3-primary Redis Cluster built on loopback from redis-server (test/helpers/cluster.ts)
 *
 * forEachTarget(name, fn) declares one `describe` per target; fn receives a Target whose connect()
 * gives a fresh toolkit Connection (close it, or let target.close() close them all). Where
 * redis-server is missing the redis and cluster suites skip with a visible message, except under
 * CI=true where that is a failure (the same rule as the differential suites).
 */
import { describe, before, after } from 'node:test';
import { connect, embedded, type Connection } from '../../src/toolkit/index.js';
import { findRedisServer, startReference, type ReferenceServer } from './reference.js';

export type TargetKind = 'embedded' | 'redis' | 'cluster';

export interface Target {
  readonly kind: TargetKind;
  /** A new toolkit connection to the target. */
  connect(): Connection;
  /** Closes every connection connect() gave and stops the servers. */
  close(): Promise<void>;
}

export async function startTarget(kind: TargetKind): Promise<Target | null> {
  const connections: Connection[] = [];
  const track = (c: Connection): Connection => {
    connections.push(c);
    return c;
  };
  const closeAll = async (): Promise<void> => {
    await Promise.all(connections.map((c) => c.close()));
  };
  if (kind === 'embedded') {
    const main = await embedded();
    return {
      kind,
      connect: () => track(connect({ host: '127.0.0.1', port: main.port })),
      async close() {
        await closeAll();
        await main.close();
      },
    };
  }
  if (kind === 'redis') {
    const ref: ReferenceServer | null = await startReference();
    if (ref === null) return null;
    return {
      kind,
      connect: () => track(connect({ host: '127.0.0.1', port: ref.port })),
      async close() {
        await closeAll();
        await ref.close();
      },
    };
  }
  const { startCluster } = await import('./cluster.js');
  const cluster = await startCluster();
  if (cluster === null) return null;
  return {
    kind,
    connect: () => track(connect({ cluster: cluster.ports.map((port) => ({ host: '127.0.0.1', port })) })),
    async close() {
      await closeAll();
      await cluster.close();
    },
  };
}

/** The kinds to run: all three, or those listed in PIGEON_TOOLKIT_TARGETS (comma-separated). */
export function targetKinds(): TargetKind[] {
  const env = process.env.PIGEON_TOOLKIT_TARGETS;
  const all: TargetKind[] = ['embedded', 'redis', 'cluster'];
  if (env === undefined || env.trim() === '') return all;
  return env.split(',').map((s) => s.trim()).filter((s): s is TargetKind => (all as string[]).includes(s));
}

/**
 * describe(`${name} [${kind}]`) for each target kind; `fn` declares the tests and reads the target
 * through the getter (it is started in before()).
 */
export function forEachTarget(name: string, fn: (target: () => Target) => void, kinds: TargetKind[] = targetKinds()): void {
  for (const kind of kinds) {
    const missing = kind !== 'embedded' && findRedisServer() === null;
    if (missing && process.env.CI !== 'true') {
      describe(`${name} [${kind}]`, { skip: `redis-server not found; install redis-server to run the ${kind} suite` }, () => {});
      continue;
    }
    describe(`${name} [${kind}]`, () => {
      let target: Target | null = null;
      before(async () => {
        target = await startTarget(kind);
        if (target === null) throw new Error(`${kind}: redis-server is required under CI=true`);
      });
      after(async () => {
        await target?.close();
      });
      fn(() => {
        if (target === null) throw new Error(`${kind} target did not start`);
        return target;
      });
    });
  }
}
