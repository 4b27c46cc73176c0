/*
 * Stream<T> consumers under failure. On every target: the reader's connection killed while it
 * blocks, the stream deleted under a blocked read (UNBLOCKED, then NOGROUP), the group destroyed.
 * closing the Connection under a consumer. Then broker restarts under load, each started again on
 * the same port and directory with AOF (appendfsync always): the embedded broker (closed and
 * recreated in this process), Pigeon's broker as a child process killed with SIGKILL, and
 * redis-server killed with SIGKILL; every append that resolved is handled and the PEL ends empty.
 * Also close() with the broker down. Every wait polls a condition; nothing sleeps a fixed time.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Cluster, Redis } from 'ioredis';
import { connect, Stream, type Connection } from '../../src/toolkit/index.js';
import { startBroker, type StartedBroker } from '../helpers/broker.js';
import { forEachTarget } from '../helpers/targets.js';
import { findRedisServer, freePort, startReference } from '../helpers/reference.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let seq = 0;
const unique = (base: string): string => `${base}-${process.pid}-${++seq}`;

interface Job {
  n: number;
}

function servers(conn: Connection): Redis[] {
  return conn.client instanceof Cluster ? conn.client.nodes('master') : [conn.client as Redis];
}

/** Connections blocked in XREADGROUP, as [server index, client id]. */
async function blockedReaders(conn: Connection): Promise<[number, string][]> {
  const out: [number, string][] = [];
  for (const [i, server] of servers(conn).entries()) {
    const list = String(await server.call('CLIENT', 'LIST'));
    for (const line of list.split('\n')) {
      const fields = Object.fromEntries(line.split(' ').map((kv) => kv.split('=') as [string, string]));
      if (fields['cmd'] === 'xreadgroup' && (fields['flags'] ?? '').includes('b')) out.push([i, fields['id']!]);
    }
  }
  return out;
}

async function pendingCount(conn: Connection, s: Stream<Job>, group: string): Promise<number> {
  const summary = (await conn.client.call('XPENDING', s.keys.stream, group)) as unknown[];
  return Number(summary[0]);
}

forEachTarget('Stream resilience', (target) => {
  test('Stream: a consumer survives its connection being killed while it blocks', async () => {
    const conn = target().connect();
    const s = new Stream<Job>(conn, unique('cut'));
    const got: number[] = [];
    const c = s.consume('g', (m) => void got.push(m.data.n), { block: 2_000 });
    await s.append({ n: 1 });
    await waitFor('the first entry', () => got.length === 1);
    for (let round = 0; round < 3; round++) {
      let blocked: [number, string][] = [];
      await waitFor('the reader to block', async () => (blocked = await blockedReaders(conn)).length === 1);
      const nodes = servers(conn);
      for (const [i, id] of blocked) await nodes[i]!.call('CLIENT', 'KILL', 'ID', id);
      await s.append({ n: round + 2 });
      await waitFor(`entry ${round + 2} after the cut`, () => got.length === round + 2);
      const again = await (async () => {
        let now: [number, string][] = [];
        await waitFor('the reader to block again', async () => (now = await blockedReaders(conn)).length === 1);
        return now;
      })();
      assert.notDeepEqual(again, blocked, 'a new connection reads');
    }
    assert.deepEqual(got, [1, 2, 3, 4]);
    await waitFor('all acknowledged', async () => (await pendingCount(conn, s, 'g')) === 0);
    await c.close();
    await conn.close();
  });

  test('Stream: a consumer survives its stream being deleted while it blocks', async () => {
    const conn = target().connect();
    const s = new Stream<Job>(conn, unique('deleted'));
    const got: number[] = [];
    const errors: string[] = [];
    const c = s.consume('g', (m) => void got.push(m.data.n), { block: 5_000 });
    c.on('error', (err) => void errors.push(err.message));
    await s.append({ n: 1 });
    await waitFor('the first entry', () => got.length === 1);
    await waitFor('the reader to block', async () => (await blockedReaders(conn)).length === 1);
    await conn.client.call('DEL', s.keys.stream);
    await waitFor('the group to be recreated', async () => {
      try {
        const groups = (await conn.client.call('XINFO', 'GROUPS', s.keys.stream)) as unknown[];
        return groups.length === 1;
      } catch {
        return false;
      }
    });
    await s.append({ n: 2 });
    await waitFor('the entry appended after the deletion', () => got.length === 2);
    assert.deepEqual(got, [1, 2]);
    assert.deepEqual(errors, [], 'UNBLOCKED and NOGROUP are handled, not reported');
    await c.close();
    await conn.close();
  });

  test('Stream: a consumer recreates its group after XGROUP DESTROY', async () => {
    const conn = target().connect();
    const s = new Stream<Job>(conn, unique('destroyed'));
    const got: number[] = [];
    const c = s.consume('g', (m) => void got.push(m.data.n), { block: 300 });
    await s.append({ n: 1 });
    await waitFor('the first entry', () => got.length === 1);
    await conn.client.call('XGROUP', 'DESTROY', s.keys.stream, 'g');
    await s.append({ n: 2 });
    // The group comes back at '0', so entry 1 is delivered again: at-least-once.
    await waitFor('entry 2', () => got.includes(2));
    assert.deepEqual(got, [1, 1, 2]);
    await c.close();
    await conn.close();
  });

  test('Stream: closing the Connection under a running consumer stops it', async () => {
    const conn = target().connect();
    const s = new Stream<Job>(conn, unique('connclose'));
    const got: number[] = [];
    const c = s.consume('g', (m) => void got.push(m.data.n), { block: 1_000 });
    await s.append({ n: 1 });
    await waitFor('the first entry', () => got.length === 1);
    await waitFor('the reader to block', async () => (await blockedReaders(conn)).length === 1);
    await conn.close();
    // The read failed with the closed connection; the consumer closed itself and frees nothing twice.
    const started = Date.now();
    await c.close();
    assert.ok(Date.now() - started < 1_000, 'the consumer had already stopped');
    assert.equal(c.inFlight, 0);
    assert.deepEqual(got, [1]);
  });
});

// ---- broker restarts under load ---------------------------------------------------------------

interface Restartable {
  port: number;
  /** SIGKILL the server and wait for it to exit. */
  kill(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

async function pingable(port: number): Promise<boolean> {
  const c = new Redis({ port, host: '127.0.0.1', retryStrategy: () => null, maxRetriesPerRequest: 0, lazyConnect: true });
  c.on('error', () => {});
  try {
    await c.connect();
    return (await c.call('PING')) === 'PONG';
  } catch {
    return false;
  } finally {
    c.disconnect();
  }
}

/** Pigeon's broker as a child process (through tsx), AOF with appendfsync always. */
async function pigeonServer(): Promise<Restartable> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pigeon-stream-restart-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const kill = async (): Promise<void> => {
    const c = child;
    child = null;
    if (c === null || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await exited;
  };
  const start = async (): Promise<void> => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'server', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--loglevel', 'warning'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitFor('the broker to answer PING', () => pingable(port), 60_000);
  };
  await start();
  return {
    port,
    kill,
    start,
    async close() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The embedded broker (in this process) with AOF; kill() is a close, start() a new broker on the same port and directory. */
async function embeddedServer(): Promise<Restartable> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pigeon-stream-restart-embedded-'));
  let broker: StartedBroker | null = await startBroker({ appendonly: 'yes', appendfsync: 'always', dir });
  const port = broker.port;
  return {
    port,
    async kill() {
      const b = broker;
      broker = null;
      await b?.close();
    },
    async start() {
      broker = await startBroker({ appendonly: 'yes', appendfsync: 'always', dir, port });
    },
    async close() {
      await broker?.close();
      broker = null;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** redis-server with AOF (appendfsync always) in a directory that outlives each process. */
async function redisServer(): Promise<Restartable | null> {
  if (findRedisServer() === null) return null;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pigeon-stream-restart-redis-'));
  const port = await freePort();
  let server: Awaited<ReturnType<typeof startReference>> = null;
  const start = async (): Promise<void> => {
    server = await startReference(['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir], { port });
  };
  const kill = async (): Promise<void> => {
    const s = server;
    server = null;
    if (s === null) return;
    process.kill(s.pid, 'SIGKILL');
    await waitFor('redis-server to exit', async () => !(await pingable(port)));
    await s.close();
  };
  await start();
  return {
    port,
    kill,
    start,
    async close() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function restartUnderLoad(server: Restartable, rounds: number): Promise<{ appended: number; duplicates: number }> {
  const conn = connect({ host: '127.0.0.1', port: server.port });
  conn.client.on('error', () => {});
  const s = new Stream<Job>(conn, unique('restart'));
  const handled = new Map<number, number>();
  const c = s.consume('g', (m) => void handled.set(m.data.n, (handled.get(m.data.n) ?? 0) + 1), { block: 500, claimIdle: 500, batch: 20 });
  c.on('error', () => {});
  await c.ready;
  const appended: number[] = [];
  let next = 0;
  let stop = false;
  const producer = (async () => {
    while (!stop) {
      const n = next++;
      await s.append({ n });
      appended.push(n);
    }
  })();
  try {
    for (let round = 0; round < rounds; round++) {
      const before = handled.size;
      await waitFor('progress before the kill', () => handled.size >= before + 50, 30_000);
      await server.kill();
      await server.start();
      const after = handled.size;
      await waitFor('progress after the restart', () => handled.size >= after + 50, 30_000);
    }
  } finally {
    stop = true;
    await producer;
  }
  await waitFor('every resolved append handled', () => appended.every((n) => handled.has(n)), 30_000);
  await waitFor('the PEL to empty', async () => (await pendingCount(conn, s, 'g')) === 0, 30_000);
  const missing = appended.filter((n) => !handled.has(n));
  assert.deepEqual(missing, []);
  assert.ok(appended.length >= 100 * rounds, `${appended.length} appends`);
  await c.close();
  await conn.close();
  let duplicates = 0;
  for (const count of handled.values()) duplicates += count - 1;
  return { appended: appended.length, duplicates };
}

test('Stream: consumers survive restarts of the embedded broker (AOF always, same port) with no resolved append lost', { timeout: 180_000 }, async (t) => {
  const server = await embeddedServer();
  try {
    const r = await restartUnderLoad(server, 3);
    t.diagnostic(`3 restarts: ${r.appended} appends handled, ${r.duplicates} handled twice`);
  } finally {
    await server.close();
  }
});

test('Stream: consumers survive Pigeon broker restarts (SIGKILL, AOF always) with no resolved append lost', { timeout: 180_000 }, async (t) => {
  const server = await pigeonServer();
  try {
    const r = await restartUnderLoad(server, 3);
    t.diagnostic(`3 restarts: ${r.appended} appends handled, ${r.duplicates} handled twice`);
  } finally {
    await server.close();
  }
});

test('Stream: consumers survive redis-server restarts (SIGKILL, AOF always) with no resolved append lost', { timeout: 180_000 }, async (t) => {
  const server = await redisServer();
  if (server === null) {
    if (process.env.CI === 'true') throw new Error('redis-server is required under CI=true');
    t.skip('redis-server not found');
    return;
  }
  try {
    const r = await restartUnderLoad(server, 3);
    t.diagnostic(`3 restarts: ${r.appended} appends handled, ${r.duplicates} handled twice`);
  } finally {
    await server.close();
  }
});

test('Stream: close() returns within its timeout while the broker is down', { timeout: 60_000 }, async () => {
  const server = await pigeonServer();
  const conn = connect({ host: '127.0.0.1', port: server.port });
  conn.client.on('error', () => {});
  try {
    const s = new Stream<Job>(conn, unique('down'));
    const got: number[] = [];
    const c = s.consume('g', (m) => void got.push(m.data.n), { block: 5_000 });
    c.on('error', () => {});
    await s.append({ n: 1 });
    await waitFor('the first entry', () => got.length === 1);
    await server.kill();
    const started = Date.now();
    await c.close({ timeout: 300 });
    const took = Date.now() - started;
    assert.ok(took < 2_000, `close took ${took} ms`);
  } finally {
    await conn.close();
    await server.close();
  }
});
