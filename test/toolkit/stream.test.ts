/*
 * Stream<T> API against every target (embedded Pigeon, redis-server, a 3-primary Redis Cluster):
 * append and retention (maxLen, maxAge), replay from an ID and from a Date, consumption with
 * acknowledgement, concurrency, from '$', lag (with Redis's null lag estimated),
 * removeIdleConsumers, the schema, and close(). Redelivery, dead letters and reclaiming are in
 * stream-reclaim.test.ts; cut connections and restarts in stream-resilience.test.ts. Every wait
 * polls a condition; nothing sleeps a fixed time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PigeonError, Stream, type Schema } from '../../src/toolkit/index.js';
import { forEachTarget } from '../helpers/targets.js';
import { unique, waitFor } from '../helpers/wait.js';

interface Order {
  n: number;
  sku?: string;
}

forEachTarget('Stream', (target) => {
  test('Stream: append returns increasing IDs and read replays from an ID and from a Date', async () => {
    const conn = target().connect();
    const s = new Stream<Order>(conn, unique('orders'));
    const ids: string[] = [];
    for (let n = 0; n < 10; n++) ids.push(await s.append({ n }));
    const parts = (id: string): [number, number] => id.split('-').map(Number) as [number, number];
    for (let i = 1; i < ids.length; i++) {
      const [pm, ps] = parts(ids[i - 1]!);
      const [m, sq] = parts(ids[i]!);
      assert.ok(m > pm || (m === pm && sq > ps), `${ids[i]} after ${ids[i - 1]}`);
    }
    assert.equal(new Set(ids).size, 10);
    const fromId = await s.read({ from: ids[4]!, count: 3 });
    assert.deepEqual(fromId, [4, 5, 6].map((n) => ({ id: ids[n]!, data: { n } })));
    const all = await s.read({ count: 100 });
    assert.equal(all.length, 10);
    // From a time: the entries at or after the millisecond of the 8th ID.
    const ms = Number(ids[7]!.split('-')[0]);
    const fromDate = await s.read({ from: new Date(ms), count: 100 });
    assert.ok(fromDate.length >= 3);
    assert.deepEqual(fromDate.map((e) => e.id), ids.filter((id) => Number(id.split('-')[0]) >= ms));
    const future = await s.read({ from: new Date(Date.now() + 60_000), count: 10 });
    assert.deepEqual(future, []);
    await conn.close();
  });

  test('Stream: appendBulk appends every message in order', async () => {
    const conn = target().connect();
    const s = new Stream<Order>(conn, unique('bulk'));
    const ids = await s.appendBulk(Array.from({ length: 250 }, (_, n) => ({ n })));
    assert.equal(ids.length, 250);
    const entries = await s.read({ count: 1000 });
    assert.deepEqual(entries.map((e) => e.id), ids);
    assert.deepEqual(entries.map((e) => e.data.n), [...Array(250).keys()]);
    assert.deepEqual(await s.appendBulk([]), []);
    await conn.close();
  });

  test('Stream: maxLen keeps about the newest maxLen entries', async () => {
    const conn = target().connect();
    const s = new Stream<Order>(conn, unique('maxlen'), { maxLen: 100 });
    for (let i = 0; i < 10; i++) await s.appendBulk(Array.from({ length: 100 }, (_, n) => ({ n: i * 100 + n })));
    let last = '';
    for (let n = 1000; n < 1050; n++) last = await s.append({ n });
    const length = await s.length();
    // Approximate trimming removes whole radix-tree nodes (100 entries each by default).
    assert.ok(length >= 100 && length <= 250, `length ${length}`);
    const kept = await s.read({ count: 1000 });
    assert.equal(kept.at(-1)!.id, last);
    assert.deepEqual(kept.map((e) => e.data.n), [...Array(length).keys()].map((i) => 1050 - length + i));
    await conn.close();
  });

  test('Stream: maxAge trims entries older than the window', async () => {
    const conn = target().connect();
    const maxAge = 300;
    const s = new Stream<Order>(conn, unique('maxage'), { maxAge });
    const old = await s.appendBulk(Array.from({ length: 300 }, (_, n) => ({ n })));
    assert.equal(await s.length(), 300, 'nothing is older than maxAge yet');
    const oldest = Number(old.at(-1)!.split('-')[0]);
    await waitFor('the old entries to pass maxAge', () => Date.now() > oldest + maxAge + 5);
    const fresh = await s.append({ n: 300 });
    const kept = await s.read({ count: 1000 });
    // Whole nodes of old entries are gone; at most the node holding the newest old entries stays.
    assert.ok(kept.length <= 101, `kept ${kept.length}`);
    assert.equal(kept.at(-1)!.id, fresh);
    await conn.close();
  });

  test('Stream: maxLen and maxAge together trim by both', async () => {
    const conn = target().connect();
    const s = new Stream<Order>(conn, unique('both'), { maxLen: 100, maxAge: 60_000 });
    await s.appendBulk(Array.from({ length: 1000 }, (_, n) => ({ n })));
    await s.append({ n: 1000 });
    const length = await s.length();
    assert.ok(length >= 100 && length <= 250, `length ${length}`);
    await conn.close();
  });

  test('Stream: a consumer handles every entry once, in order, and acknowledges it', async () => {
    const conn = target().connect();
    const s = new Stream<Order>(conn, unique('consume'));
    await s.appendBulk(Array.from({ length: 300 }, (_, n) => ({ n })));
    const got: { id: string; n: number; deliveries: number }[] = [];
    const c = s.consume('workers', (m) => void got.push({ id: m.id, n: m.data.n, deliveries: m.deliveries }), { batch: 50, block: 1000 });
    await c.ready;
    const live = await s.appendBulk(Array.from({ length: 200 }, (_, n) => ({ n: 300 + n })));
    await waitFor('500 entries', () => got.length === 500);
    assert.deepEqual(got.map((x) => x.n), [...Array(500).keys()]);
    assert.ok(got.every((x) => x.deliveries === 1));
    assert.deepEqual(got.slice(300).map((x) => x.id), live);
    await waitFor('every entry acknowledged', async () => (await s.lag('workers')).pending === 0);
    const lag = await s.lag('workers');
    assert.equal(lag.lag, 0);
    assert.equal(lag.lagEstimated, false);
    assert.equal(lag.oldestPendingIdleMs, null);
    await c.close();
    assert.equal(got.length, 500, 'nothing handled twice');
    await conn.close();
  });

  test("Stream: concurrency runs up to that many handlers at once", async () => {
    const conn = target().connect();
    const s = new Stream<Order>(conn, unique('conc'));
    await s.appendBulk(Array.from({ length: 40 }, (_, n) => ({ n })));
    let active = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const done: number[] = [];
    const c = s.consume(
      'g',
      async (m) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((resolve) => gates.push(resolve));
        active--;
        done.push(m.data.n);
      },
      { concurrency: 4, batch: 10 },
    );
    while (done.length < 40) {
      await waitFor('handlers waiting', () => gates.length > 0 || done.length === 40);
      assert.ok(active <= 4);
      gates.splice(0).forEach((open) => open());
    }
    assert.equal(peak, 4);
    assert.deepEqual([...done].sort((a, b) => a - b), [...Array(40).keys()]);
    await c.close();
    await waitFor('acks', async () => (await s.lag('g')).pending === 0);
    await conn.close();
  });

  test("Stream: a group created from '$' skips entries appended before it", async () => {
    const conn = target().connect();
    const s = new Stream<Order>(conn, unique('dollar'));
    await s.appendBulk([{ n: 1 }, { n: 2 }]);
    const got: number[] = [];
    const c = s.consume('late', (m) => void got.push(m.data.n), { from: '$', block: 500 });
    await c.ready;
    await s.append({ n: 3 });
    await waitFor('the new entry', () => got.length === 1);
    assert.deepEqual(got, [3]);
    await c.close();
    await conn.close();
  });

  test('Stream: lag reports lag, pending, the oldest pending idle time and each consumer', async () => {
    const conn = target().connect();
    const s = new Stream<Order>(conn, unique('lag'));
    const ids = await s.appendBulk(Array.from({ length: 20 }, (_, n) => ({ n })));
    const key = s.keys.stream;
    await conn.client.call('XGROUP', 'CREATE', key, 'g', '0');
    assert.deepEqual(await s.lag('g'), { lag: 20, lagEstimated: false, pending: 0, oldestPendingIdleMs: null, consumers: [] });
    // Two consumers read 5 and 3 entries without acknowledging them.
    await conn.client.call('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '5', 'STREAMS', key, '>');
    await conn.client.call('XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '3', 'STREAMS', key, '>');
    const started = Date.now();
    await waitFor('the oldest pending entry to idle 50 ms', () => Date.now() - started >= 60);
    const lag = await s.lag('g');
    assert.equal(lag.lag, 12);
    assert.equal(lag.lagEstimated, false);
    assert.equal(lag.pending, 8);
    assert.ok(lag.oldestPendingIdleMs !== null && lag.oldestPendingIdleMs >= 50, `idle ${lag.oldestPendingIdleMs}`);
    assert.deepEqual(lag.consumers.map((c) => [c.name, c.pending]).sort(), [['alice', 5], ['bob', 3]]);
    assert.ok(lag.consumers.every((c) => c.idleMs >= 50));
    await conn.client.call('XACK', key, 'g', ids[0]!);
    assert.equal((await s.lag('g')).pending, 7);
    await assert.rejects(s.lag('nope'), (err: unknown) => err instanceof PigeonError && err.code === 'PIGEON_ERR_NOT_FOUND');
    await assert.rejects(new Stream(conn, unique('missing')).lag('g'), (err: unknown) => err instanceof PigeonError && err.code === 'PIGEON_ERR_NOT_FOUND');
    await conn.close();
  });

  test('Stream: lag is estimated where Redis reports it as null', async () => {
    const conn = target().connect();
    const s = new Stream<Order>(conn, unique('nulllag'));
    const ids = await s.appendBulk(Array.from({ length: 10 }, (_, n) => ({ n })));
    const key = s.keys.stream;
    await conn.client.call('XGROUP', 'CREATE', key, 'g', '0');
    await conn.client.call('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '2', 'STREAMS', key, '>');
    // Deleting an unread entry makes the group's lag unknowable for Redis.
    await conn.client.call('XDEL', key, ids[5]!);
    const groups = (await conn.client.call('XINFO', 'GROUPS', key)) as unknown[][];
    const raw = groups[0]!;
    assert.equal(raw[raw.indexOf('lag') + 1], null, 'Redis reports lag as null');
    const lag = await s.lag('g');
    assert.equal(lag.lagEstimated, true);
    assert.equal(lag.lag, 7, '10 entries, 2 read, 1 deleted');
    assert.equal(lag.pending, 2);
    // A group whose last delivered ID is older than the first entry: every entry is lag.
    await conn.client.call('XGROUP', 'CREATE', key, 'early', '0');
    await conn.client.call('XTRIM', key, 'MAXLEN', '=', '4');
    const early = await s.lag('early');
    assert.equal(early.lag, 4);
    await conn.close();
  });

  test('Stream: removeIdleConsumers deletes idle consumers and keeps those with pending entries', async () => {
    const conn = target().connect();
    const s = new Stream<Order>(conn, unique('idle'));
    await s.appendBulk([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const key = s.keys.stream;
    await conn.client.call('XGROUP', 'CREATE', key, 'g', '0');
    await conn.client.call('XGROUP', 'CREATECONSUMER', key, 'g', 'idle-1');
    await conn.client.call('XGROUP', 'CREATECONSUMER', key, 'g', 'idle-2');
    await conn.client.call('XREADGROUP', 'GROUP', 'g', 'busy', 'COUNT', '2', 'STREAMS', key, '>');
    await waitFor('everyone idle 50 ms', async () => (await s.lag('g')).consumers.every((c) => c.idleMs >= 50));
    await conn.client.call('XGROUP', 'CREATECONSUMER', key, 'g', 'fresh');
    const removed = await s.removeIdleConsumers('g', 50);
    assert.deepEqual(removed.sort(), ['idle-1', 'idle-2']);
    const left = (await s.lag('g')).consumers.map((c) => [c.name, c.pending]).sort();
    assert.deepEqual(left, [['busy', 2], ['fresh', 0]]);
    assert.deepEqual(await s.removeIdleConsumers('nope', 0), []);
    await conn.close();
  });

  test('Stream: removeIdleConsumers gives back entries a consumer read between the check and the deletion', async () => {
    const conn = target().connect();
    const s = new Stream<Order>(conn, unique('race'));
    const ids = await s.appendBulk([{ n: 1 }, { n: 2 }]);
    const key = s.keys.stream;
    await conn.client.call('XGROUP', 'CREATE', key, 'g', '0');
    await conn.client.call('XREADGROUP', 'GROUP', 'g', 'late', 'COUNT', '2', 'STREAMS', key, '>');
    await conn.client.call('XCLAIM', key, 'g', 'late', '0', ids[1]!, 'RETRYCOUNT', '3', 'JUSTID');
    // Stage the race: XINFO CONSUMERS answers as if `late` had nothing pending yet.
    const client = conn.client;
    const call = client.call.bind(client) as (...args: string[]) => Promise<unknown>;
    (client as unknown as { call: (...args: string[]) => Promise<unknown> }).call = async (...args: string[]) => {
      const reply = await call(...args);
      if (args[0] === 'XINFO' && args[1] === 'CONSUMERS') {
        return (reply as unknown[][]).map((row) => row.map((v, i) => (row[i - 1] === 'pending' ? 0 : v)));
      }
      return reply;
    };
    const removed = await s.removeIdleConsumers('g', 0);
    delete (client as unknown as { call?: unknown }).call;
    assert.deepEqual(removed, []);
    const pending = (await conn.client.call('XPENDING', key, 'g', '-', '+', '10')) as [string, string, number, number][];
    assert.deepEqual(pending.map(([id, owner, , count]) => [id, owner, count]), [[ids[0], 'late', 1], [ids[1], 'late', 3]]);
    await conn.close();
  });

  test('Stream: out-of-range options are refused with PIGEON_ERR_INVALID_OPTION', async () => {
    const conn = target().connect();
    const invalid = (err: unknown): boolean => err instanceof PigeonError && err.code === 'PIGEON_ERR_INVALID_OPTION';
    assert.throws(() => new Stream<Order>(conn, ''), invalid);
    assert.throws(() => new Stream<Order>(conn, 'bad{name}'), invalid);
    assert.throws(() => new Stream<Order>(conn, 'x', { maxLen: 0 }), invalid);
    assert.throws(() => new Stream<Order>(conn, 'x', { maxAge: -5 }), invalid);
    const s = new Stream<Order>(conn, unique('options'));
    assert.throws(() => s.consume('g', () => {}, { batch: 0 }), invalid);
    assert.throws(() => s.consume('g', () => {}, { concurrency: 1.5 }), invalid);
    assert.throws(() => s.consume('g', () => {}, { from: 'latest' }), invalid);
    assert.throws(() => s.consume('', () => {}), invalid);
    await assert.rejects(s.read({ count: 0 }), invalid);
    assert.equal(await conn.client.call('EXISTS', s.keys.stream), 0, 'nothing was created');
    await conn.close();
  });

  test('Stream: the schema refuses invalid messages on append', async () => {
    const conn = target().connect();
    const schema: Schema<Order> = {
      parse(value: unknown): Order {
        const v = value as Order;
        if (!Number.isInteger(v?.n) || v.n < 0) throw new Error('n must be a natural number');
        return v;
      },
    };
    const s = new Stream<Order>(conn, unique('schema'), { schema });
    await assert.rejects(s.append({ n: -1 }), (err: unknown) => err instanceof PigeonError && err.code === 'PIGEON_ERR_VALIDATION');
    await assert.rejects(s.appendBulk([{ n: 1 }, { n: -2 }]), (err: unknown) => err instanceof PigeonError && err.code === 'PIGEON_ERR_VALIDATION');
    assert.equal(await s.length(), 0, 'a bulk append with one invalid message appends nothing');
    await s.append({ n: 4 });
    assert.deepEqual((await s.read()).map((e) => e.data), [{ n: 4 }]);
    await conn.close();
  });

  test('Stream: close() waits for running handlers and acknowledges them', async () => {
    const conn = target().connect();
    const s = new Stream<Order>(conn, unique('close'));
    await s.appendBulk([{ n: 1 }, { n: 2 }, { n: 3 }]);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const done: number[] = [];
    const c = s.consume('g', async (m) => {
      await gate;
      done.push(m.data.n);
    }, { concurrency: 3 });
    await waitFor('three handlers running', () => c.inFlight === 3);
    let closed = false;
    const closing = c.close().then(() => (closed = true));
    // Give close() every chance to return early: it must not while handlers run.
    await waitFor('the consumer to stay idle 100 ms', async () => (await s.lag('g')).consumers[0]!.idleMs >= 100);
    assert.equal(closed, false);
    release();
    await closing;
    assert.deepEqual(done.sort(), [1, 2, 3]);
    assert.equal((await s.lag('g')).pending, 0);
    await conn.close();
  });
});
