/*
 * Differential: the limits whose effect is observable identically on Pigeon and redis-server
 * 7.0.15, compared byte for byte in RESP2 and RESP3.
 *
 *  - maxclients: set on each side to the number of clients it has, the next connection receives
 *    exactly the same bytes and is closed; rejected_connections moves the same way.
 *  - maxmemory 1: both servers are always over such a limit, whatever their memory figures. With
 *    noeviction every denyoom command gets the same -OOM error (also at MULTI queue time, at EXEC
 *    of a transaction holding one, and before the RESP2 subscribe-mode check), while reads,
 *    deletes and pops are served. With an eviction policy both servers evict every candidate (all
 *    keys, or all keys with a deadline) and then refuse denyoom commands: the keys left, the
 *    evicted_keys counter and the `evicted` events are compared. Events are compared as a sorted
 *    list (the order keys are picked in is random on both sides) and INFO fields one by one (the
 *    rest of INFO differs between two correct servers).
 *  - client-query-buffer-limit: a client with more unprocessed input than the limit is closed
 *    without a reply on both sides.
 *
 * Each test restores the limits it changed (maxclients, maxmemory, policy) in a finally block,
 * since the pair is shared by the tests of a suite.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pairSuite, sortArray, type ClientPair, type DiffPair } from '../helpers/diff.js';
import { RawClient } from '../helpers/raw.js';

const OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

async function connect(pair: DiffPair, resp: 2 | 3, name = 'default'): Promise<ClientPair> {
  const c = await pair.client(name);
  if (resp === 3) await c.resp3();
  return c;
}

function infoField(info: Buffer | string, field: string): string {
  const m = new RegExp(`\\r\\n${field}:([^\\r]*)\\r\\n`).exec(typeof info === 'string' ? info : info.toString('latin1'));
  assert.ok(m, `INFO has no ${field}`);
  return m[1]!;
}

/** The same INFO field on both sides (over the admin connection). */
async function sameInfo(pair: DiffPair, section: string, field: string): Promise<string> {
  const admin = await pair.client('__admin');
  const [p, r] = await Promise.all([admin.pigeon.send('INFO', section), admin.reference.send('INFO', section)]);
  assert.equal(infoField(p, field), infoField(r, field), `INFO ${field}`);
  return infoField(r, field);
}

/** Put maxmemory, the policy, maxclients and notifications back to their defaults on both sides. */
async function restore(pair: DiffPair): Promise<void> {
  const admin = await pair.client('__admin');
  await admin.cases([
    ['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction', 'maxclients', '10000', 'notify-keyspace-events', ''],
    ['CONFIG', 'SET', 'client-query-buffer-limit', '1gb'],
  ]);
}

/** Connect to `port` and collect everything the server sends until it closes the connection. */
async function rejected(port: number): Promise<string> {
  const c = await RawClient.connect(port);
  await c.closed();
  return c.unread.toString('latin1');
}

for (const resp of [2, 3] as const) {
  describe(`differential: limits (RESP${resp})`, () => {
    const suite = pairSuite();

    it('maxclients: the connection over the limit gets the same error and is closed', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const admin = await pair.client('__admin');
      try {
        await admin.both('CONFIG', 'RESETSTAT');
        // Each side's own client count: the limit is reached exactly.
        const [p, r] = await Promise.all([admin.pigeon.send('INFO', 'clients'), admin.reference.send('INFO', 'clients')]);
        await Promise.all([
          admin.pigeon.send('CONFIG', 'SET', 'maxclients', infoField(p, 'connected_clients')),
          admin.reference.send('CONFIG', 'SET', 'maxclients', infoField(r, 'connected_clients')),
        ]);
        const [pg, rf] = await Promise.all([rejected(pair.pigeonPort), rejected(pair.referencePort)]);
        assert.equal(pg, rf);
        assert.equal(rf, '-ERR max number of clients reached\r\n');
        assert.equal(await sameInfo(pair, 'stats', 'rejected_connections'), '1');
        assert.equal(await sameInfo(pair, 'stats', 'total_connections_received'), '0');
        // The clients already connected go on.
        await admin.both('PING');
      } finally {
        await restore(pair);
      }
    });

    it('maxmemory: with noeviction denyoom commands get -OOM, reads and deletes are served', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connect(pair, resp);
      const streams = pair.pigeonServer.broker.commands.get('xadd') !== undefined;
      try {
        await c.cases([
          ['SET', 's', '1'],
          ['SET', 'str', 'hello'],
          ['RPUSH', 'l', 'a', 'b', 'c'],
          ['SADD', 'set', 'm', 'n'],
          ['HSET', 'h', 'f', 'v', 'g', 'w'],
          ['ZADD', 'z', '1', 'm', '2', 'n'],
          ['CONFIG', 'SET', 'maxmemory', '1'],
          ['CONFIG', 'GET', 'maxmemory'],
          // denyoom: refused.
          ['SET', 'k', 'v'],
          ['SET', 's', '2', 'XX'],
          ['SETNX', 'k', 'v'],
          ['SETEX', 'k', '10', 'v'],
          ['MSET', 'a', '1', 'b', '2'],
          ['GETSET', 's', '3'],
          ['INCR', 's'],
          ['INCRBYFLOAT', 's', '1.5'],
          ['APPEND', 'str', 'x'],
          ['SETRANGE', 'str', '1', 'x'],
          ['LPUSH', 'l', 'x'],
          ['RPUSHX', 'l', 'x'],
          ['LINSERT', 'l', 'BEFORE', 'a', 'x'],
          ['LSET', 'l', '0', 'x'],
          ['LMOVE', 'l', 'l2', 'LEFT', 'RIGHT'],
          ['SADD', 'set', 'x'],
          ['SMOVE', 'set', 'set2', 'm'],
          ['SUNIONSTORE', 'dst', 'set'],
          ['HSET', 'h', 'x', 'y'],
          ['HSETNX', 'h', 'x', 'y'],
          ['HINCRBY', 'h', 'n', '1'],
          ['ZADD', 'z', '3', 'x'],
          ['ZINCRBY', 'z', '1', 'm'],
          ['ZUNIONSTORE', 'zdst', '1', 'z'],
          ['COPY', 's', 's2'],
          // Not denyoom: served.
          ['GET', 's'],
          ['MGET', 's', 'str', 'nope'],
          ['STRLEN', 'str'],
          ['EXISTS', 's', 'l'],
          ['TYPE', 'h'],
          ['LRANGE', 'l', '0', '-1'],
          ['LPOP', 'l'],
          ['RPOP', 'l'],
          ['LTRIM', 'l', '0', '0'],
          ['SMEMBERS', 'set', { normalize: sortArray }],
          ['SREM', 'set', 'm'],
          ['SPOP', 'set'],
          ['HGET', 'h', 'f'],
          ['HDEL', 'h', 'f'],
          ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
          ['ZREM', 'z', 'm'],
          ['ZPOPMIN', 'z'],
          ['EXPIRE', 's', '100'],
          ['TTL', 's'],
          ['PERSIST', 's'],
          ['RENAME', 's', 's3'],
          ['DEL', 's3', 'str'],
          ['UNLINK', 'h'],
          ['DBSIZE'],
          ['PING'],
          ['ECHO', 'hi'],
          ['SELECT', '1'],
          ['SELECT', '0'],
          // Errors that come before the OOM check win.
          ['SET', 'k'],
          ['NOSUCHCOMMAND', 'x'],
          ['CONFIG', 'SET', 'maxmemory', '0'],
          ['SET', 'k', 'v'],
        ]);
        if (streams) {
          await c.cases([
            ['XADD', 'st', '1-1', 'f', 'v'],
            ['XGROUP', 'CREATE', 'st', 'g', '0'],
            ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'st', '>'],
            ['CONFIG', 'SET', 'maxmemory', '1'],
            ['XADD', 'st', '2-1', 'f', 'v'],
            ['XACK', 'st', 'g', '1-1'],
            ['XLEN', 'st'],
            ['XDEL', 'st', '1-1'],
            ['CONFIG', 'SET', 'maxmemory', '0'],
          ]);
        }
        assert.equal(await sameInfo(pair, 'memory', 'maxmemory_policy'), 'noeviction');
      } finally {
        await restore(pair);
      }
    });

    it('maxmemory: inside MULTI everything but EXEC / DISCARD is refused; EXEC of a denyoom queue aborts', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connect(pair, resp);
      const admin = await pair.client('__admin');
      try {
        await c.cases([
          ['CONFIG', 'SET', 'maxmemory', '1'],
          ['MULTI'],
          ['GET', 'k'],
          ['PING'],
          ['SET', 'k', 'v'],
          ['EXEC'],
          ['MULTI'],
          ['MULTI'],
          ['WATCH', 'k'],
          ['DISCARD'],
          ['CONFIG', 'SET', 'maxmemory', '0'],
          ['MULTI'],
          ['GET', 'k'],
          ['SET', 'k', 'v'],
        ]);
        await admin.both('CONFIG', 'SET', 'maxmemory', '1');
        await c.cases([
          ['EXEC'],
          ['GET', 'k'],
        ]);
        await admin.both('CONFIG', 'SET', 'maxmemory', '0');
        await c.cases([['MULTI'], ['GET', 'k'], ['INCR', 'n']]);
        await admin.both('CONFIG', 'SET', 'maxmemory', '1');
        await c.cases([['EXEC']]);
        await admin.both('CONFIG', 'SET', 'maxmemory', '0');
        await c.cases([['MULTI'], ['GET', 'k'], ['DEL', 'k']]);
        await admin.both('CONFIG', 'SET', 'maxmemory', '1');
        await c.cases([['EXEC'], ['GET', 'k']]);
      } finally {
        await restore(pair);
      }
    });

    it('maxmemory: the OOM check comes before the subscribe-mode check', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connect(pair, resp);
      try {
        await c.both('CONFIG', 'SET', 'maxmemory', '1');
        await c.both('SUBSCRIBE', 'ch');
        assert.equal(await c.both('SET', 'k', 'v'), OOM);
        await c.cases([['GET', 'k'], ['PING'], ['UNSUBSCRIBE', 'ch'], ['SET', 'k', 'v']]);
      } finally {
        await restore(pair);
      }
    });

    for (const policy of ['allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
      it(`maxmemory: ${policy} evicts every candidate under maxmemory 1, then refuses denyoom commands`, async (t) => {
        const pair = suite.get(t);
        if (!pair) return;
        const c = await connect(pair, resp);
        const sub = await connect(pair, resp, 'sub');
        try {
          await c.cases([
            ['CONFIG', 'RESETSTAT'],
            ['CONFIG', 'SET', 'maxmemory-policy', policy, 'notify-keyspace-events', 'Ee'],
            ['MSET', 'p1', 'a', 'p2', 'b', 'p3', 'c'],
            ['RPUSH', 'plist', 'a'],
            ['SET', 'v1', 'a', 'EX', '1000'],
            ['SET', 'v2', 'b', 'PX', '500000'],
            ['HSET', 'vhash', 'f', 'v'],
            ['EXPIRE', 'vhash', '2000'],
            ['SELECT', '4'],
            ['SET', 'v4', 'x', 'EX', '3000'],
            ['SET', 'p4', 'x'],
            ['SELECT', '0'],
          ]);
          await sub.both('PSUBSCRIBE', '__keyevent@*__:evicted');
          const volatile = policy.startsWith('volatile');
          const expected = volatile ? 4 : 9;
          await c.both('CONFIG', 'SET', 'maxmemory', '1');
          // The events, in whatever order each server picked the keys.
          const events = async (side: RawClient): Promise<string[]> => {
            const out: string[] = [];
            for (let i = 0; i < expected; i++) out.push((await side.readReplies(1)).toString('latin1'));
            return out.sort();
          };
          const [pe, re] = await Promise.all([events(sub.pigeon), events(sub.reference)]);
          assert.deepEqual(pe, re);
          await c.cases([
            ['KEYS', '*', { normalize: sortArray }],
            ['DBSIZE'],
            ['SELECT', '4'],
            ['KEYS', '*', { normalize: sortArray }],
            ['SELECT', '0'],
            ['SET', 'new', 'v'],
            ['LPUSH', 'plist', 'b'],
            ['GET', 'p1'],
            ['LPOP', 'plist'],
          ]);
          assert.equal(await sameInfo(pair, 'stats', 'evicted_keys'), String(expected));
          assert.equal(await sameInfo(pair, 'memory', 'maxmemory_policy'), policy);
          await c.both('CONFIG', 'SET', 'maxmemory', '0');
          await c.both('SET', 'new', 'v');
        } finally {
          await restore(pair);
        }
      });
    }

    it('maxmemory: one CONFIG SET of maxmemory and the policy evicts with the new policy', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connect(pair, resp);
      try {
        await c.cases([
          ['MSET', 'a', '1', 'b', '2'],
          ['CONFIG', 'SET', 'maxmemory', '1', 'maxmemory-policy', 'allkeys-random'],
          ['DBSIZE'],
          ['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction'],
          ['MSET', 'a', '1', 'b', '2'],
          ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru', 'maxmemory', '1'],
          ['DBSIZE'],
          ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
          ['SET', 'a', '1'],
          ['CONFIG', 'SET', 'maxmemory', '0'],
          ['SET', 'a', '1'],
        ]);
      } finally {
        await restore(pair);
      }
    });

    it('client-query-buffer-limit: a client over the limit is closed without a reply', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const admin = await pair.client('__admin');
      try {
        await admin.both('CONFIG', 'SET', 'client-query-buffer-limit', '1mb');
        await admin.both('CONFIG', 'GET', 'client-query-buffer-limit');
        const flood = async (port: number): Promise<string> => {
          const c = await RawClient.connect(port);
          if (resp === 3) await c.send('HELLO', '3');
          c.write(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${4 * 1024 * 1024}\r\n`);
          const piece = Buffer.alloc(64 * 1024, 0x61);
          for (let sent = 0; sent < 4 * 1024 * 1024 && c.isOpen; sent += piece.length) {
            c.write(piece);
            await new Promise((r) => setTimeout(r, 1));
          }
          await c.closed();
          return c.unread.toString('latin1');
        };
        const [p, r] = await Promise.all([flood(pair.pigeonPort), flood(pair.referencePort)]);
        assert.equal(p, r);
        assert.equal(r, '');
        await admin.both('EXISTS', 'k');
      } finally {
        await restore(pair);
      }
    });
  });
}
