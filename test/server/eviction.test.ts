/*
 * maxmemory without a reference server: the accounting (used_memory = used_memory_startup + the
 * MEMORY USAGE of every key while a limit is set), noeviction's -OOM gate (denyoom commands and
 * MULTI refused, reads, deletes and pops served), and each eviction policy choosing the right
 * keys, with evicted_keys, the `evicted` keyspace event, WATCH and the DEL propagation hook.
 *
 * Policies are made exact by sampling every key (maxmemory-samples >= the number of keys), so
 * the pool sees all candidates; access times are aged by writing the LRU clock of the chosen keys
 * (db.atime), LFU counters by reading keys with lfu-log-factor 0 (every access counts).
 */

import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startBroker, type StartedBroker } from '../helpers/broker.js';
import { RawClient } from '../helpers/raw.js';
import { waitUntil } from '../helpers/diff.js';

const OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

interface Ctx {
  started: StartedBroker;
  c: RawClient;
  q(...args: string[]): Promise<string>;
  info(field: string): Promise<number>;
  close(): Promise<void>;
}

async function open(options: Record<string, unknown> = {}): Promise<Ctx> {
  const started = await startBroker(options);
  const c = await RawClient.connect(started.port);
  const q = async (...args: string[]): Promise<string> => (await c.send(...args)).toString('latin1');
  return {
    started,
    c,
    q,
    async info(field) {
      const m = new RegExp(`\\r\\n${field}:(\\d+)\\r\\n`).exec(await q('INFO', 'everything'));
      assert.ok(m, `INFO has no ${field}`);
      return Number(m[1]);
    },
    async close() {
      await c.close();
      await started.close();
    },
  };
}

/** `n` keys named prefix00.. with equal-sized values; returns the names. */
async function fill(t: Ctx, prefix: string, n: number, ttl?: (i: number) => number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = prefix + String(i).padStart(2, '0');
    keys.push(key);
    assert.equal(await t.q('SET', key, 'x'.repeat(100)), '+OK\r\n');
    if (ttl) assert.equal(await t.q('EXPIRE', key, String(ttl(i))), ':1\r\n');
  }
  return keys;
}

/** Switch on the accounting with a limit far away, then the size one of `key` counts. */
async function account(t: Ctx, key: string): Promise<number> {
  assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '10gb'), '+OK\r\n');
  const m = /^:(\d+)\r\n$/.exec(await t.q('MEMORY', 'USAGE', key));
  assert.ok(m);
  return Number(m[1]);
}

/** Lower maxmemory so that `count` keys of `size` bytes must go. */
async function squeeze(t: Ctx, count: number, size: number): Promise<void> {
  const used = await t.info('used_memory');
  assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', String(used - count * size)), '+OK\r\n');
}

async function existing(t: Ctx, keys: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const k of keys) if ((await t.q('EXISTS', k)) === ':1\r\n') out.push(k);
  return out;
}

/** Age keys by `seconds` on the LRU clock (OBJECT IDLETIME reports it). */
function age(t: Ctx, keys: string[], seconds: number, db = 0): void {
  const d = t.started.broker.dbs[db]!;
  const clock = t.started.broker.lruClock();
  for (const k of keys) d.atime.set(k, (clock - seconds) & 0xffffff);
}

describe('eviction: accounting', () => {
  it('used_memory is used_memory_startup plus the MEMORY USAGE of every key while a limit is set', async () => {
    const t = await open();
    try {
      await fill(t, 'a', 5);
      assert.equal(await t.q('RPUSH', 'list', 'a', 'b', 'c'), ':3\r\n');
      assert.equal(await t.q('HSET', 'h', 'f', 'v'), ':1\r\n');
      assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '10gb'), '+OK\r\n');
      const sum = async (): Promise<number> => {
        let total = 0;
        for (const k of ['a00', 'a01', 'a02', 'a03', 'a04', 'list', 'h']) {
          const r = await t.q('MEMORY', 'USAGE', k);
          if (r !== '$-1\r\n') total += Number(/^:(\d+)/.exec(r)![1]);
        }
        return total;
      };
      const startup = await t.info('used_memory_startup');
      assert.equal(await t.info('used_memory'), startup + (await sum()));
      assert.equal(await t.info('maxmemory'), 10 * 1024 * 1024 * 1024);
      // Writes, in-place growth and deletions move it by exactly the keys' sizes.
      assert.equal(await t.q('APPEND', 'a00', 'y'.repeat(500)), ':600\r\n');
      assert.equal(await t.q('RPUSH', 'list', 'd'.repeat(300)), ':4\r\n');
      assert.equal(await t.q('DEL', 'a01'), ':1\r\n');
      assert.equal(await t.info('used_memory'), startup + (await sum()));
      assert.equal(await t.q('FLUSHALL'), '+OK\r\n');
      assert.equal(await t.info('used_memory'), startup);
      assert.equal(await t.info('mem_not_counted_for_evict'), 0);
      // No limit, no accounting.
      assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '0'), '+OK\r\n');
      assert.equal(t.started.broker.dbs[0]!.mem, null);
    } finally {
      await t.close();
    }
  });

  it('accounting follows SWAPDB, MOVE, RENAME and expiry', async () => {
    const t = await open();
    try {
      const keys = await fill(t, 'a', 4);
      const size = await account(t, 'a00');
      const startup = await t.info('used_memory_startup');
      assert.equal(await t.q('RENAME', 'a00', 'b00'), '+OK\r\n');
      assert.equal(await t.q('MOVE', 'a01', '1'), ':1\r\n');
      assert.equal(await t.q('SWAPDB', '0', '2'), '+OK\r\n');
      assert.equal(await t.info('used_memory'), startup + 4 * size);
      assert.equal(await t.q('SELECT', '2'), '+OK\r\n');
      assert.equal(await t.q('PEXPIRE', keys[2]!, '1'), ':1\r\n');
      await waitUntil(async () => (await t.q('EXISTS', keys[2]!)) === ':0\r\n');
      assert.equal(await t.info('used_memory'), startup + 3 * size);
    } finally {
      await t.close();
    }
  });
});

describe('eviction: noeviction', () => {
  it('noeviction: commands that may grow memory get -OOM; reads, deletes and pops work', async () => {
    const t = await open();
    try {
      await t.q('SET', 's', '1');
      await t.q('RPUSH', 'l', 'a', 'b');
      await t.q('SADD', 'set', 'm');
      await t.q('HSET', 'h', 'f', 'v');
      await t.q('ZADD', 'z', '1', 'm');
      assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '1'), '+OK\r\n');
      const refused: string[][] = [
        ['SET', 'k', 'v'],
        ['SETNX', 'k', 'v'],
        ['INCR', 's'],
        ['APPEND', 's', 'x'],
        ['LPUSH', 'l', 'x'],
        ['RPUSHX', 'l', 'x'],
        ['LINSERT', 'l', 'BEFORE', 'a', 'x'],
        ['SADD', 'set', 'x'],
        ['HSET', 'h', 'g', 'v'],
        ['HINCRBY', 'h', 'n', '1'],
        ['ZADD', 'z', '2', 'x'],
        ['ZINCRBY', 'z', '1', 'm'],
        ['SUNIONSTORE', 'dst', 'set'],
        ['COPY', 's', 's2'],
      ];
      if (t.started.broker.commands.get('xadd')) refused.push(['XADD', 'stream', '*', 'f', 'v']);
      for (const cmd of refused) assert.equal(await t.q(...cmd), OOM, cmd.join(' '));
      const served: Array<[string[], string]> = [
        [['GET', 's'], '$1\r\n1\r\n'],
        [['EXISTS', 's'], ':1\r\n'],
        [['LRANGE', 'l', '0', '-1'], '*2\r\n$1\r\na\r\n$1\r\nb\r\n'],
        [['LPOP', 'l'], '$1\r\na\r\n'],
        [['SREM', 'set', 'm'], ':1\r\n'],
        [['HDEL', 'h', 'f'], ':1\r\n'],
        [['ZREM', 'z', 'm'], ':1\r\n'],
        [['EXPIRE', 's', '100'], ':1\r\n'],
        [['PERSIST', 's'], ':1\r\n'],
        [['DEL', 's'], ':1\r\n'],
        [['PING'], '+PONG\r\n'],
      ];
      for (const [cmd, reply] of served) assert.equal(await t.q(...cmd), reply, cmd.join(' '));
      assert.equal(await t.info('evicted_keys'), 0);
      assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '0'), '+OK\r\n');
      assert.equal(await t.q('SET', 'k', 'v'), '+OK\r\n');
    } finally {
      await t.close();
    }
  });

  it('noeviction: stream acknowledgements keep working so consumers can drain', async (ctx) => {
    const t = await open();
    try {
      if (!t.started.broker.commands.get('xack')) return ctx.skip('streams are not in the command table yet');
      await t.q('XADD', 'st', '1-1', 'f', 'v');
      await t.q('XGROUP', 'CREATE', 'st', 'g', '0');
      await t.q('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'st', '>');
      assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '1'), '+OK\r\n');
      assert.equal(await t.q('XADD', 'st', '*', 'f', 'v'), OOM);
      assert.equal(await t.q('XACK', 'st', 'g', '1-1'), ':1\r\n');
      assert.equal(await t.q('XLEN', 'st'), ':1\r\n');
    } finally {
      await t.close();
    }
  });

  it('noeviction: inside MULTI every command but EXEC / DISCARD is refused', async () => {
    const t = await open();
    try {
      assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '1'), '+OK\r\n');
      assert.equal(await t.q('MULTI'), '+OK\r\n');
      assert.equal(await t.q('GET', 'k'), OOM);
      assert.equal(await t.q('SET', 'k', 'v'), OOM);
      assert.equal(await t.q('EXEC'), '-EXECABORT Transaction discarded because of previous errors.\r\n');
      assert.equal(await t.q('MULTI'), '+OK\r\n');
      assert.equal(await t.q('PING'), OOM);
      assert.equal(await t.q('DISCARD'), '+OK\r\n');
      // A transaction queued before the limit: EXEC is refused when it holds a denyoom command.
      assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '0'), '+OK\r\n');
      const admin = await RawClient.connect(t.started.port);
      try {
        assert.equal(await t.q('MULTI'), '+OK\r\n');
        assert.equal(await t.q('GET', 'k'), '+QUEUED\r\n');
        assert.equal(await t.q('SET', 'k', 'v'), '+QUEUED\r\n');
        assert.equal((await admin.send('CONFIG', 'SET', 'maxmemory', '1')).toString(), '+OK\r\n');
        assert.equal(await t.q('EXEC'), "-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\r\n");
        assert.equal((await admin.send('CONFIG', 'SET', 'maxmemory', '0')).toString(), '+OK\r\n');
        assert.equal(await t.q('MULTI'), '+OK\r\n');
        assert.equal(await t.q('GET', 'k'), '+QUEUED\r\n');
        assert.equal((await admin.send('CONFIG', 'SET', 'maxmemory', '1')).toString(), '+OK\r\n');
        assert.equal(await t.q('EXEC'), '*1\r\n$-1\r\n');
      } finally {
        await admin.close();
      }
    } finally {
      await t.close();
    }
  });

  it('noeviction: the OOM check comes before the RESP2 subscribe-mode check', async () => {
    const t = await open();
    try {
      assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '1'), '+OK\r\n');
      await t.c.send('SUBSCRIBE', 'ch');
      assert.equal(await t.q('SET', 'k', 'v'), OOM);
      assert.match(await t.q('GET', 'k'), /^-ERR Can't execute 'get'/);
    } finally {
      await t.close();
    }
  });
});

describe('eviction: policies', () => {
  it('allkeys-lru: evicts the least recently used keys first', async () => {
    const t = await open({ 'maxmemory-policy': 'allkeys-lru', 'maxmemory-samples': 64 });
    try {
      const keys = await fill(t, 'a', 20);
      const size = await account(t, 'a00');
      // Interleave old and recent keys so insertion order cannot explain the choice.
      const old = keys.filter((_, i) => i % 2 === 1);
      age(t, old, 100);
      await squeeze(t, 6, size);
      const left = await existing(t, keys);
      assert.equal(left.length, 14);
      for (const k of keys.filter((_, i) => i % 2 === 0)) assert.ok(left.includes(k), `${k} was recently used`);
      assert.equal(await t.info('evicted_keys'), 6);
      assert.ok((await t.info('used_memory')) <= (await t.info('maxmemory')));
    } finally {
      await t.close();
    }
  });

  it('allkeys-lru: the oldest of different ages go first, across databases', async () => {
    const t = await open({ 'maxmemory-policy': 'allkeys-lru', 'maxmemory-samples': 64 });
    try {
      const keys = await fill(t, 'a', 6);
      await t.q('SELECT', '3');
      const keys3 = await fill(t, 'b', 6);
      await t.q('SELECT', '0');
      const size = await account(t, 'a00');
      age(t, [keys[0]!], 50);
      age(t, [keys3[4]!], 500, 3);
      age(t, [keys[5]!], 300);
      await squeeze(t, 2, size);
      assert.deepEqual(await existing(t, keys), keys.filter((k) => k !== keys[5]));
      await t.q('SELECT', '3');
      assert.deepEqual(await existing(t, keys3), keys3.filter((k) => k !== keys3[4]));
    } finally {
      await t.close();
    }
  });

  it('volatile-lru: only keys with a deadline are evicted, then -OOM', async () => {
    const t = await open({ 'maxmemory-policy': 'volatile-lru', 'maxmemory-samples': 64 });
    try {
      const persistent = await fill(t, 'p', 10);
      const volatile = await fill(t, 'v', 10, () => 1000);
      const size = await account(t, 'p00');
      age(t, persistent, 1000);
      age(t, volatile.slice(0, 5), 10);
      await squeeze(t, 3, size);
      assert.deepEqual(await existing(t, persistent), persistent);
      const left = await existing(t, volatile);
      assert.equal(left.length, 7);
      for (const k of volatile.slice(5)) assert.ok(left.includes(k), `${k} was recently used`);
      // Nothing volatile can satisfy a limit below the persistent keys: all volatile keys go, then OOM.
      assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '1'), '+OK\r\n');
      assert.deepEqual(await existing(t, volatile), []);
      assert.deepEqual(await existing(t, persistent), persistent);
      assert.equal(await t.q('SET', 'new', 'v'), OOM);
      assert.equal(await t.info('evicted_keys'), 10);
    } finally {
      await t.close();
    }
  });

  it('volatile-ttl: the keys closest to their deadline go first', async () => {
    const t = await open({ 'maxmemory-policy': 'volatile-ttl', 'maxmemory-samples': 64 });
    try {
      await fill(t, 'p', 5);
      // Deadlines in shuffled order: v00 +1000s, v01 +300s, v02 +700s, ...
      const ttls = [1000, 300, 700, 200, 900, 100, 800, 400, 600, 500];
      const volatile = await fill(t, 'v', 10, (i) => ttls[i]!);
      const size = await account(t, 'p00');
      await squeeze(t, 4, size);
      const soonest = volatile.filter((_, i) => ttls[i]! <= 400);
      assert.deepEqual(await existing(t, volatile), volatile.filter((k) => !soonest.includes(k)));
      assert.equal(await t.info('evicted_keys'), 4);
    } finally {
      await t.close();
    }
  });

  it('allkeys-random: evicts until under the limit', async () => {
    const t = await open({ 'maxmemory-policy': 'allkeys-random' });
    try {
      const keys = await fill(t, 'a', 30);
      const size = await account(t, 'a00');
      await squeeze(t, 10, size);
      assert.equal((await existing(t, keys)).length, 20);
      assert.equal(await t.info('evicted_keys'), 10);
      assert.ok((await t.info('used_memory')) <= (await t.info('maxmemory')));
      // Writes keep working: each one makes room by evicting.
      for (let i = 0; i < 10; i++) assert.equal(await t.q('SET', 'n' + String(i).padStart(2, '0'), 'x'.repeat(100)), '+OK\r\n');
      assert.equal(await t.q('DBSIZE'), ':20\r\n');
    } finally {
      await t.close();
    }
  });

  it('volatile-random: only keys with a deadline are evicted', async () => {
    const t = await open({ 'maxmemory-policy': 'volatile-random' });
    try {
      const persistent = await fill(t, 'p', 10);
      const volatile = await fill(t, 'v', 10, () => 1000);
      const size = await account(t, 'p00');
      await squeeze(t, 6, size);
      assert.deepEqual(await existing(t, persistent), persistent);
      assert.equal((await existing(t, volatile)).length, 4);
    } finally {
      await t.close();
    }
  });

  it('allkeys-lfu: keys read often survive keys never read', async () => {
    const t = await open({ 'maxmemory-policy': 'allkeys-lfu', 'maxmemory-samples': 64, 'lfu-log-factor': 0 });
    try {
      const keys = await fill(t, 'a', 12);
      const size = await account(t, 'a00');
      const hot = keys.filter((_, i) => i % 3 !== 0);
      for (let r = 0; r < 5; r++) for (const k of hot) await t.q('GET', k);
      await squeeze(t, 4, size);
      assert.deepEqual(await existing(t, keys), hot);
    } finally {
      await t.close();
    }
  });

  it('volatile-lfu: the least frequently used key with a deadline goes', async () => {
    const t = await open({ 'maxmemory-policy': 'volatile-lfu', 'maxmemory-samples': 64, 'lfu-log-factor': 0 });
    try {
      const persistent = await fill(t, 'p', 4);
      const volatile = await fill(t, 'v', 4, () => 1000);
      const size = await account(t, 'p00');
      for (const k of volatile.slice(1)) await t.q('GET', k);
      await squeeze(t, 1, size);
      assert.deepEqual(await existing(t, persistent), persistent);
      assert.deepEqual(await existing(t, volatile), volatile.slice(1));
    } finally {
      await t.close();
    }
  });

  it('eviction: before any command, not only writes; with nothing left, denyoom commands fail', async () => {
    const t = await open({ 'maxmemory-policy': 'allkeys-random' });
    try {
      await fill(t, 'a', 5);
      await t.q('SELECT', '5');
      await fill(t, 'b', 5);
      assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '1'), '+OK\r\n');
      assert.equal(await t.q('DBSIZE'), ':0\r\n');
      assert.equal(await t.q('SELECT', '0'), '+OK\r\n');
      assert.equal(await t.q('DBSIZE'), ':0\r\n');
      assert.equal(await t.info('evicted_keys'), 10);
      assert.equal(await t.q('SET', 'k', 'v'), OOM);
      assert.equal(await t.q('GET', 'k'), '$-1\r\n');
    } finally {
      await t.close();
    }
  });

  it('eviction: a low tenacity evicts in slices while commands are served', async () => {
    const t = await open({ 'maxmemory-policy': 'allkeys-random', 'maxmemory-eviction-tenacity': 0 });
    try {
      for (let i = 0; i < 20; i++) {
        const args = ['MSET'];
        for (let j = 0; j < 100; j++) args.push(`k${i}:${j}`, 'x'.repeat(50));
        await t.q(...args);
      }
      const size = await account(t, 'k0:0');
      await squeeze(t, 1000, size);
      // The first slice stops after 16 keys; the timer goes on until the limit holds.
      await waitUntil(async () => (await t.info('used_memory')) <= (await t.info('maxmemory')));
      const evicted = await t.info('evicted_keys');
      assert.ok(evicted >= 1000 && evicted < 1010, `evicted ${evicted}`);
      assert.ok((await t.info('total_eviction_exceeded_time')) >= 0);
      assert.equal(await t.info('current_eviction_exceeded_time'), 0);
    } finally {
      await t.close();
    }
  });
});

describe('eviction: side effects', () => {
  it('eviction: evicted_keys, the `evicted` keyspace event, DEL propagation, WATCH', async () => {
    const t = await open({ 'maxmemory-policy': 'allkeys-lru', 'maxmemory-samples': 64, 'notify-keyspace-events': 'Ee' });
    const sub = await RawClient.connect(t.started.port);
    const watcher = await RawClient.connect(t.started.port);
    const propagated: Array<[number, string, boolean]> = [];
    t.started.broker.propagateDeletion = (db, key, lazy) => {
      propagated.push([db.id, key, lazy]);
    };
    try {
      const keys = await fill(t, 'a', 10);
      const size = await account(t, 'a00');
      age(t, [keys[3]!, keys[7]!], 100);
      await sub.send('SUBSCRIBE', '__keyevent@0__:evicted');
      assert.equal((await watcher.send('WATCH', keys[3]!)).toString(), '+OK\r\n');
      await squeeze(t, 2, size);
      const events = (await sub.readReplies(2)).toString('latin1');
      assert.equal(
        events,
        ['a03', 'a07'].map((k) => `*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:evicted\r\n$3\r\n${k}\r\n`).join(''),
      );
      assert.deepEqual(propagated, [
        [0, 'a03', false],
        [0, 'a07', false],
      ]);
      assert.equal(await t.info('evicted_keys'), 2);
      assert.equal((await watcher.send('MULTI')).toString(), '+OK\r\n');
      assert.equal((await watcher.send('SET', 'x', 'y')).toString(), '+QUEUED\r\n');
      assert.equal((await watcher.send('EXEC')).toString(), '*-1\r\n');
      // lazyfree-lazy-eviction asks for UNLINK.
      assert.equal(await t.q('CONFIG', 'SET', 'lazyfree-lazy-eviction', 'yes'), '+OK\r\n');
      await squeeze(t, 1, size);
      assert.equal(propagated.length, 3);
      assert.equal(propagated[2]![2], true);
    } finally {
      await sub.close();
      await watcher.close();
      await t.close();
    }
  });

  it('eviction: evicted keys reach the AOF as DEL, each in a unit of its own', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pigeon-evict-'));
    const t = await open({ appendonly: 'yes', dir, 'maxmemory-policy': 'allkeys-random' });
    try {
      await fill(t, 'a', 3);
      assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '1'), '+OK\r\n');
      assert.equal(await t.q('SET', 'x', 'y'), OOM);
      assert.equal(await t.q('CONFIG', 'SET', 'maxmemory', '0'), '+OK\r\n');
      assert.equal(await t.q('SET', 'x', 'y'), '+OK\r\n');
      const aofDir = path.join(dir, 'appendonlydir');
      const incr = (await readdir(aofDir)).find((f) => f.endsWith('.incr.aof'))!;
      let text = '';
      await waitUntil(async () => (text = await readFile(path.join(aofDir, incr), 'latin1')).includes('$1\r\nx\r\n'));
      const dels = [...text.matchAll(/\*2\r\n\$3\r\nDEL\r\n\$3\r\n(a\d\d)\r\n/g)].map((m) => m[1]);
      assert.deepEqual(dels.sort(), ['a00', 'a01', 'a02']);
      assert.ok(!text.includes('MULTI'));
    } finally {
      await t.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
