/*
 * Stream<T> redelivery against every target: a failing handler's entry comes back through the
 * reclaimer, an entry that fails every delivery reaches the dead letters after exactly
 * maxDeliveries (with its history), an undecodable entry is buried at once, entries deleted while
 * pending leave the PEL, a slow handler that is alive keeps its entry, and the entries of a
 * consumer process killed with SIGKILL are reclaimed by another, none lost.
 *
 * The killed consumer is this same file run as a child process with PIGEON_STREAM_CHILD set: it
 * connects, consumes, prints `got <id>` per delivery and never finishes a handler.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Cluster, type Redis } from 'ioredis';
import { connect, Stream, type ClaimedEvent, type Connection, type DeadEvent } from '../../src/toolkit/index.js';
import { forEachTarget } from '../helpers/targets.js';
import { unique, waitFor } from '../helpers/wait.js';

interface ChildConfig {
  host?: string;
  port?: number;
  cluster?: number[];
  stream: string;
  group: string;
  consumer: string;
}

if (process.env.PIGEON_STREAM_CHILD !== undefined) {
  const config = JSON.parse(process.env.PIGEON_STREAM_CHILD) as ChildConfig;
  const conn = config.cluster !== undefined
    ? connect({ cluster: config.cluster.map((port) => ({ host: '127.0.0.1', port })) })
    : connect({ host: config.host!, port: config.port! });
  const s = new Stream<{ n: number }>(conn, config.stream);
  s.consume(
    config.group,
    async (m) => {
      process.stdout.write(`got ${m.id}\n`);
      await new Promise(() => {});
    },
    { consumer: config.consumer, batch: 20, concurrency: 5 },
  );
} else {
  interface Job {
    n: number;
  }

  async function pending(conn: Connection, s: Stream<Job>, group: string): Promise<[string, string, number, number][]> {
    return (await conn.client.call('XPENDING', s.keys.stream, group, '-', '+', '1000')) as [string, string, number, number][];
  }

  /** How a child process reaches the target. */
  async function childTarget(conn: Connection): Promise<Pick<ChildConfig, 'host' | 'port' | 'cluster'>> {
    await conn.client.call('PING');
    if (conn.client instanceof Cluster) return { cluster: conn.client.nodes('master').map((n) => Number(n.options.port)) };
    const options = (conn.client as Redis).options;
    return { host: options.host ?? '127.0.0.1', port: Number(options.port) };
  }

  forEachTarget('Stream reclaim', (target) => {
    test("Stream: a failing handler's entry is redelivered by the reclaimer and then acknowledged", async () => {
      const conn = target().connect();
      const s = new Stream<Job>(conn, unique('retry'));
      const ids = await s.appendBulk([{ n: 1 }, { n: 2 }, { n: 3 }]);
      const calls: [number, number][] = [];
      const errors: [string, string | undefined][] = [];
      const c = s.consume('g', (m) => {
        calls.push([m.data.n, m.deliveries]);
        if (m.data.n === 2 && m.deliveries === 1) throw new Error('first try fails');
      }, { claimIdle: 100 });
      c.on('error', (err, entry) => void errors.push([err.message, entry?.id]));
      await waitFor('the retry of entry 2', () => calls.some(([n, d]) => n === 2 && d === 2));
      await waitFor('everything acknowledged', async () => (await pending(conn, s, 'g')).length === 0);
      assert.deepEqual(calls, [[1, 1], [2, 1], [3, 1], [2, 2]]);
      assert.deepEqual(errors, [['first try fails', ids[1]]]);
      assert.equal(await conn.client.call('HLEN', s.keys.failures), 0, 'the failure record went with the ack');
      await c.close();
      await conn.close();
    });

    test('Stream: an entry that fails every delivery reaches the dead letters after exactly maxDeliveries', async () => {
      const conn = target().connect();
      const s = new Stream<Job>(conn, unique('poison'));
      const [poison] = await s.appendBulk([{ n: 0 }, { n: 1 }]);
      const attempts = new Map<number, number>();
      const deadEvents: DeadEvent[] = [];
      const c = s.consume('g', (m) => {
        attempts.set(m.data.n, m.deliveries);
        if (m.data.n === 0) throw new Error(`boom ${m.deliveries}`);
      }, { claimIdle: 60, maxDeliveries: 3, consumer: 'worker-a' });
      c.on('error', () => {});
      c.on('dead', (e) => void deadEvents.push(e));
      await waitFor('a dead letter', () => deadEvents.length === 1);
      await waitFor('the PEL to empty', async () => (await pending(conn, s, 'g')).length === 0);
      assert.equal(attempts.get(0), 3, 'the handler saw deliveries 1, 2 and 3');
      assert.equal(attempts.get(1), 1);
      const letters = await s.deadLetters.read();
      assert.equal(letters.length, 1);
      const [letter] = letters;
      assert.equal(letter!.originalId, poison);
      assert.deepEqual(letter!.data, { n: 0 });
      assert.equal(letter!.deliveries, 3);
      assert.equal(letter!.consumer, 'worker-a');
      assert.equal(letter!.group, 'g');
      assert.equal(letter!.reason, 'maxDeliveries');
      assert.equal(letter!.error, 'boom 3');
      assert.ok(letter!.deadAt >= Number(poison!.split('-')[0]));
      assert.deepEqual(deadEvents, [{ id: poison, group: 'g', consumer: 'worker-a', deliveries: 3, reason: 'maxDeliveries', error: 'boom 3' }]);
      assert.equal(await s.deadLetters.length(), 1);
      assert.equal(await conn.client.call('HLEN', s.keys.failures), 0);
      // No fourth attempt happens later on.
      const lag = await s.lag('g');
      assert.equal(lag.pending, 0);
      assert.equal(attempts.get(0), 3);
      await c.close();
      await s.deadLetters.purge();
      assert.equal(await s.deadLetters.length(), 0);
      await conn.close();
    });

    test('Stream: an entry that cannot be decoded goes to the dead letters at once', async () => {
      const conn = target().connect();
      const s = new Stream<Job>(conn, unique('garbage'));
      await s.append({ n: 1 });
      const bad = String(await conn.client.call('XADD', s.keys.stream, '*', 'd', '{not json'));
      const foreign = String(await conn.client.call('XADD', s.keys.stream, '*', 'other', 'field'));
      await s.append({ n: 2 });
      const got: number[] = [];
      const errors: string[] = [];
      const c = s.consume('g', (m) => void got.push(m.data.n));
      c.on('error', (err) => void errors.push((err as { code?: string }).code ?? err.message));
      await waitFor('two good entries and two dead letters', async () => got.length === 2 && (await s.deadLetters.length()) === 2);
      assert.deepEqual(got, [1, 2]);
      assert.deepEqual(errors, ['PIGEON_ERR_CODEC', 'PIGEON_ERR_CODEC']);
      const letters = await s.deadLetters.read();
      assert.deepEqual(letters.map((l) => [l.originalId, l.reason, l.raw, l.data, l.deliveries]), [
        [bad, 'invalid', '{not json', undefined, 1],
        [foreign, 'invalid', null, undefined, 1],
      ]);
      assert.match(letters[0]!.error!, /could not be decoded/);
      await waitFor('the PEL to empty', async () => (await pending(conn, s, 'g')).length === 0);
      await c.close();
      await conn.close();
    });

    test('Stream: entries deleted while pending are dropped from the PEL by the reclaimer', async () => {
      const conn = target().connect();
      const s = new Stream<Job>(conn, unique('deleted'));
      const ids = await s.appendBulk(Array.from({ length: 6 }, (_, n) => ({ n })));
      const done: number[] = [];
      const claimed: ClaimedEvent[] = [];
      let failFirst = true;
      const c = s.consume('g', (m) => {
        if (failFirst && m.deliveries === 1) throw new Error('not yet');
        done.push(m.data.n);
      }, { claimIdle: 400, consumer: 'one' });
      c.on('error', () => {});
      c.on('claimed', (e) => void claimed.push(e));
      await waitFor('six pending entries', async () => (await pending(conn, s, 'g')).length === 6);
      failFirst = false;
      await conn.client.call('XDEL', s.keys.stream, ids[1]!, ids[4]!);
      await waitFor('the four live entries handled', () => done.length === 4);
      await waitFor('the PEL to empty', async () => (await pending(conn, s, 'g')).length === 0);
      assert.deepEqual(done.sort(), [0, 2, 3, 5]);
      const deleted = claimed.flatMap((e) => e.deleted).sort();
      assert.deepEqual(deleted, [ids[1], ids[4]].sort());
      const retaken = claimed.flatMap((e) => e.entries);
      assert.ok(retaken.every((e) => e.from === 'one' && e.deliveries === 2));
      assert.equal(await conn.client.call('HLEN', s.keys.failures), 0, 'failure records of deleted entries removed too');
      await c.close();
      await conn.close();
    });

    test('Stream: a slow handler that is alive keeps its entry (no reclaim by another consumer)', async () => {
      const conn = target().connect();
      const s = new Stream<Job>(conn, unique('slow'));
      const [id] = await s.appendBulk([{ n: 1 }]);
      const claimIdle = 150;
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started = 0;
      const slow = s.consume('g', async () => {
        started = Date.now();
        await gate;
      }, { claimIdle, consumer: 'slow' });
      await waitFor('the slow handler', () => started > 0);
      const stolen: number[] = [];
      const other = s.consume('g', (m) => void stolen.push(m.deliveries), { claimIdle, consumer: 'other' });
      await other.ready;
      // Several reclaim rounds of `other` pass while the handler runs for 6 x claimIdle.
      await waitFor('six claim windows', () => Date.now() - started >= 6 * claimIdle);
      assert.deepEqual(stolen, []);
      const rows = await pending(conn, s, 'g');
      assert.deepEqual(rows.map(([pid, owner, , count]) => [pid, owner, count]), [[id, 'slow', 1]]);
      release();
      await waitFor('the ack', async () => (await pending(conn, s, 'g')).length === 0);
      await Promise.all([slow.close(), other.close()]);
      await conn.close();
    });

    test('Stream: entries of a consumer killed with SIGKILL are reclaimed by another, none lost', async () => {
      const rounds = 2;
      for (let round = 0; round < rounds; round++) {
        const conn = target().connect();
        const s = new Stream<Job>(conn, unique('sigkill'));
        const total = 200;
        const ids = await s.appendBulk(Array.from({ length: total }, (_, n) => ({ n })));
        const config: ChildConfig = { ...(await childTarget(conn)), stream: s.name, group: 'g', consumer: 'doomed' };
        const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
          env: { ...process.env, PIGEON_STREAM_CHILD: JSON.stringify(config) },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
        const childGot: string[] = [];
        let buffer = '';
        child.stdout!.on('data', (d: Buffer) => {
          buffer += d.toString();
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (line.startsWith('got ')) childGot.push(line.slice(4));
          }
        });
        try {
          await waitFor('the child to hold five entries', () => childGot.length >= 5, 30_000);
        } finally {
          child.kill('SIGKILL');
        }
        assert.equal(await exited, 'SIGKILL');
        const held = (await pending(conn, s, 'g')).filter(([, owner]) => owner === 'doomed').map(([id]) => id);
        assert.ok(held.length >= 5, `the dead consumer held ${held.length} entries`);
        for (const id of childGot) assert.ok(held.includes(id));

        const seen = new Map<string, number>();
        const claimedFrom = new Set<string>();
        const rescuer = s.consume('g', (m) => void seen.set(m.id, m.deliveries), { claimIdle: 200, consumer: 'rescuer', batch: 50 });
        rescuer.on('claimed', (e) => e.entries.forEach((x) => claimedFrom.add(x.from)));
        await waitFor('every entry handled', () => seen.size === total, 30_000);
        await waitFor('the PEL to empty', async () => (await pending(conn, s, 'g')).length === 0);
        assert.deepEqual([...seen.keys()].sort(), [...ids].sort(), 'none lost');
        for (const id of held) assert.equal(seen.get(id), 2, `${id} was redelivered`);
        assert.deepEqual([...claimedFrom], ['doomed']);
        await rescuer.close();
        await conn.close();
      }
    });
  });
}
