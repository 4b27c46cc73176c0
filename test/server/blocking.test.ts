/*
 * The blocking subsystem without a reference server: timeout parsing to the millisecond (the
 * x87 long double product Redis computes), the timeout heap's order and removals, and the
 * registry's bookkeeping through a real broker (ready keys queued only for waited-on keys).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimeoutMillis, parseTimeoutSeconds, TimeoutHeap, type TimedEntry } from '../../src/server/blocking/timeout.js';
import { startBroker } from '../helpers/broker.js';
import { encodeCommand, RawClient } from '../helpers/raw.js';
import { waitUntil } from '../helpers/diff.js';

const NOW = 1_700_000_000_000;

function seconds(arg: string): number | string {
  const t = parseTimeoutSeconds(arg, NOW);
  return t.ok ? (t.deadline === 0 ? 0 : t.deadline - NOW) : t.err;
}

describe('blocking: timeout parsing', () => {
  it('seconds: ceil of the milliseconds, 0 for ever', () => {
    assert.equal(seconds('0'), 0);
    assert.equal(seconds('000'), 0);
    assert.equal(seconds('0.0'), 0);
    assert.equal(seconds('1'), 1000);
    assert.equal(seconds('1.5'), 1500);
    assert.equal(seconds('0.001'), 1);
    assert.equal(seconds('0.3'), 300);
    assert.equal(seconds('0.0015'), 2);
    assert.equal(seconds('0.0001'), 1);
    assert.equal(seconds('1e-400'), 1);
    assert.equal(seconds('0x10'), 16000);
    assert.equal(seconds('0x1p-4'), 63);
    assert.equal(seconds('+2'), 2000);
    // ceill(-0.1) is -0: no timeout at all.
    assert.equal(seconds('-0.0001'), 0);
    assert.equal(seconds('-0'), 0);
  });

  it('seconds: errors as Redis 7.0 words them', () => {
    const notFloat = 'ERR timeout is not a float or out of range';
    const negative = 'ERR timeout is negative';
    for (const s of ['', 'abc', ' 1', '1 ', 'nan', '1e5000', '1e-5000', '0x', '1,5']) assert.equal(seconds(s), notFloat, s);
    for (const s of ['-1', '-0.5', 'inf', '-inf', '1e400', '9.3e15', '9223372036854776']) assert.equal(seconds(s), negative, s);
  });

  it('seconds: a deadline beyond a long long never fires', () => {
    assert.equal(seconds('9223372036854775'), 0);
    assert.equal(seconds('9e15'), 9e18);
  });

  it('milliseconds: integers only', () => {
    const ms = (arg: string): number | string => {
      const t = parseTimeoutMillis(arg, NOW);
      return t.ok ? (t.deadline === 0 ? 0 : t.deadline - NOW) : t.err;
    };
    assert.equal(ms('0'), 0);
    assert.equal(ms('150'), 150);
    assert.equal(ms('1.5'), 'ERR timeout is not an integer or out of range');
    assert.equal(ms('-1'), 'ERR timeout is negative');
    assert.equal(ms('9223372036854775807'), 0);
  });
});

describe('blocking: the timeout heap', () => {
  interface E extends TimedEntry {
    name: string;
  }
  const entry = (name: string, deadline: number, order: number): E => ({ name, deadline, order, heapIndex: -1 });

  it('expires entries due strictly before now, by deadline then order, and forgets removed ones', () => {
    let now = 0;
    const fired: string[] = [];
    const heap = new TimeoutHeap<E>(
      () => now,
      (e) => fired.push(e.name),
    );
    const all: E[] = [];
    for (let i = 0; i < 200; i++) {
      const e = entry(`e${i}`, 1000 + ((i * 7919) % 97), 200 - i);
      all.push(e);
      heap.insert(e);
    }
    for (let i = 0; i < 200; i += 3) heap.remove(all[i]!);
    assert.equal(heap.size, 200 - 67);
    now = 1050;
    heap.fire();
    const expected = all
      .filter((_, i) => i % 3 !== 0)
      .filter((e) => e.deadline < 1050)
      .sort((a, b) => a.deadline - b.deadline || a.order - b.order)
      .map((e) => e.name);
    assert.deepEqual(fired, expected);
    now = 5000;
    heap.fire();
    assert.equal(fired.length, 200 - 67);
    assert.equal(heap.size, 0);
    for (const e of all) assert.equal(e.heapIndex, -1);
  });
});

describe('blocking: the timeout heap at scale', () => {
  it('fifty thousand entries inserted, half removed, the rest expired in order', () => {
    interface E extends TimedEntry {
      id: number;
    }
    let now = 0;
    let last = -1;
    let expired = 0;
    const heap = new TimeoutHeap<E>(
      () => now,
      (e) => {
        assert.ok(e.deadline >= last);
        last = e.deadline;
        expired++;
      },
    );
    const all: E[] = [];
    for (let i = 0; i < 50_000; i++) {
      const e: E = { id: i, deadline: 1 + ((i * 104729) % 100_000), order: i, heapIndex: -1 };
      all.push(e);
      heap.insert(e);
    }
    for (let i = 0; i < all.length; i += 2) heap.remove(all[i]!);
    now = 200_000;
    heap.fire();
    assert.equal(expired, 25_000);
    assert.equal(heap.size, 0);
  });
});

describe('blocking: registry bookkeeping', () => {
  it('writes to keys nobody waits for queue nothing; a waiter registers once per distinct key', async () => {
    const started = await startBroker();
    const c = await RawClient.connect(started.port);
    const w = await RawClient.connect(started.port);
    try {
      const b = started.broker.blocking;
      await c.send('RPUSH', 'free', 'a');
      assert.equal(b.census().ready, 0);
      w.write(encodeCommand(['BLPOP', 'k', 'k', 'j', '5']));
      await waitUntil(() => b.census().blocked === 1);
      assert.deepEqual(b.census(), { blocked: 1, dbs: 1, keys: 2, entries: 2, timeouts: 1, ready: 0 });
      assert.equal(b.inTimeoutTable, 1);
      await c.send('RPUSH', 'free', 'b');
      assert.equal(b.census().ready, 0);
      await c.send('RPUSH', 'j', 'x');
      assert.equal((await w.readReplies(1)).toString('latin1'), '*2\r\n$1\r\nj\r\n$1\r\nx\r\n');
      assert.deepEqual(b.census(), { blocked: 0, dbs: 0, keys: 0, entries: 0, timeouts: 0, ready: 0 });
      assert.equal(started.broker.blockedClients, 0);
    } finally {
      await c.close();
      await w.close();
      await started.close();
    }
  });
});

describe('blocking: idle timeout', () => {
  it('the idle client timeout spares blocked clients, as Redis does for BLPOP', async () => {
    const started = await startBroker({ timeout: 1 });
    const idle = await RawClient.connect(started.port);
    const w = await RawClient.connect(started.port);
    try {
      const broker = started.broker;
      w.write(encodeCommand(['BLPOP', 'k', '0']));
      await waitUntil(() => broker.blockedClients === 1);
      for (const c of broker.clients.values()) c.lastInteraction = 0;
      broker.cron();
      await idle.closed();
      assert.equal(broker.clients.size, 1);
      assert.equal(broker.blockedClients, 1);
      // Served, its reply counts as interaction (writeToClient): just unblocked, it is not idle.
      const reply = w.readReplies(1);
      for (const c of broker.clients.values()) c.lastInteraction = 0;
      const pusher = await RawClient.connect(started.port);
      await pusher.send('LPUSH', 'k', 'v');
      await pusher.close();
      assert.equal((await reply).toString('latin1'), '*2\r\n$1\r\nk\r\n$1\r\nv\r\n');
      await waitUntil(() => broker.clients.size === 1);
      broker.cron();
      assert.equal(broker.clients.size, 1);
      assert.equal((await w.send('PING')).toString('latin1'), '+PONG\r\n');
    } finally {
      await idle.close();
      await w.close();
      await started.close();
    }
  });
});
