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
import { test } from 'node:test';
import { Cluster, Redis } from 'ioredis';
import { connect, Stream, type Connection } from '../../src/toolkit/index.js';
import { forEachTarget } from '../helpers/targets.js';
import { embeddedServer, pigeonServer, redisServer, type Restartable } from '../helpers/restartable.js';
import { unique, waitFor } from '../helpers/wait.js';


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
  const server = await embeddedServer('stream-restart');
  try {
    const r = await restartUnderLoad(server, 3);
    t.diagnostic(`3 restarts: ${r.appended} appends handled, ${r.duplicates} handled twice`);
  } finally {
    await server.close();
  }
});

test('Stream: consumers survive Pigeon broker restarts (SIGKILL, AOF always) with no resolved append lost', { timeout: 180_000 }, async (t) => {
  const server = await pigeonServer('stream-restart');
  try {
    const r = await restartUnderLoad(server, 3);
    t.diagnostic(`3 restarts: ${r.appended} appends handled, ${r.duplicates} handled twice`);
  } finally {
    await server.close();
  }
});

test('Stream: consumers survive redis-server restarts (SIGKILL, AOF always) with no resolved append lost', { timeout: 180_000 }, async (t) => {
  const server = await redisServer('stream-restart');
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
  const server = await pigeonServer('stream-restart');
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
