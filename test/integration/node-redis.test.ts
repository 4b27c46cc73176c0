/*
 * Integration: node-redis (the `redis` package) against an embedded Pigeon broker, in RESP2 and
 * RESP3 (`RESP: 3`, which makes node-redis open with HELLO 3).
 *
 * Covers the handshake (HELLO, CLIENT SETINFO, SELECT through `database`, AUTH or HELLO AUTH
 * through `password`), everyday commands of the string, hash, set and sorted set families,
 * auto-pipelining and execAsPipeline, MULTI/EXEC with run-time and queue-time errors, WATCH
 * conflicts (WatchError), and scanIterator / hScanIterator / sScanIterator / zScanIterator over
 * 1000 entries. Clients never reconnect, so a failure is an error, not a retry loop.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, WatchError, type MultiErrorReply, type RedisClientOptions } from 'redis';
import { startBroker, type StartedBroker } from '../helpers/broker.js';

type Client = ReturnType<typeof createClient>;
/** Client options with the protocol as a value: the RESP2 and RESP3 runs share one typed client. */
type Options = Omit<RedisClientOptions, 'RESP'> & { RESP?: 2 | 3 };

async function connect(port: number, options: Options = {}): Promise<Client> {
  const client = createClient({
    ...options,
    RESP: options.RESP as 3 | undefined,
    socket: { port, host: '127.0.0.1', reconnectStrategy: false },
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

for (const RESP of [2, 3] as const) {
  describe(`node-redis (RESP${RESP})`, () => {
    let server: StartedBroker;
    const clients: Client[] = [];
    const open = async (options: Options = {}): Promise<Client> => {
      const c = await connect(server.port, { RESP, ...options });
      clients.push(c);
      return c;
    };

    before(async () => {
      server = await startBroker();
    });
    after(async () => {
      for (const c of clients) if (c.isOpen) c.destroy();
      await server.close();
    });

    it('connects: the handshake sets the protocol and CLIENT SETINFO names the library', async () => {
      const client = await open();
      assert.equal(await client.ping(), 'PONG');
      const info = await client.clientInfo();
      assert.equal(info.resp, RESP);
      assert.equal(info.libName, 'node-redis');
      assert.match(String(info.libVer), /^\d+\.\d+\.\d+/);
      assert.equal(await client.clientGetName(), null);
    });

    it('connects: database selects the db, name sets the connection name', async () => {
      const client = await open({ database: 5, name: 'nr-worker' });
      await client.set('in-db-5', 'yes');
      assert.equal(await client.clientGetName(), 'nr-worker');
      const info = await client.clientInfo();
      assert.equal(info.db, 5);
      assert.equal(info.name, 'nr-worker');
      const other = await open();
      assert.equal(await other.get('in-db-5'), null);
      await client.flushAll();
    });

    it('strings: SET options, GET, INCR family, MSET/MGET, expiry', async () => {
      const client = await open();
      assert.equal(await client.set('s', 'hello'), 'OK');
      assert.equal(await client.get('s'), 'hello');
      assert.equal(await client.set('s', 'x', { condition: 'NX' }), null);
      assert.equal(await client.set('s', 'world', { GET: true }), 'hello');
      assert.equal(await client.append('s', '!'), 6);
      assert.equal(await client.incr('n'), 1);
      assert.equal(await client.incrBy('n', 41), 42);
      assert.equal(await client.decrBy('n', 2), 40);
      assert.equal(await client.incrByFloat('f', 0.5), '0.5');
      assert.equal(await client.mSet({ a: '1', b: '2' }), 'OK');
      assert.deepEqual(await client.mGet(['a', 'b', 'missing']), ['1', '2', null]);
      assert.equal(await client.set('ttl', 'v', { expiration: { type: 'PX', value: 100_000 } }), 'OK');
      const pttl = await client.pTTL('ttl');
      assert.ok(pttl > 90_000 && pttl <= 100_000, `pttl ${pttl}`);
      assert.equal(await client.expire('a', 50), 1);
      assert.equal(await client.ttl('a'), 50);
      assert.equal(await client.del(['a', 'b', 'missing']), 2);
      assert.equal(await client.exists(['s', 'a']), 1);
      await assert.rejects(client.incr('s'), /ERR value is not an integer or out of range/);
      await assert.rejects(client.hGet('s', 'f'), /WRONGTYPE/);
      await client.flushAll();
    });

    it('hashes: HSET with an object, HGETALL, HINCRBY, HDEL', async () => {
      const client = await open();
      assert.equal(await client.hSet('h', { name: 'pigeon', legs: '2' }), 2);
      assert.deepEqual({ ...(await client.hGetAll('h')) }, { name: 'pigeon', legs: '2' });
      assert.equal(await client.hIncrBy('h', 'legs', 1), 3);
      assert.equal(await client.hIncrByFloat('h', 'weight', 0.25), '0.25');
      assert.deepEqual((await client.hKeys('h')).sort(), ['legs', 'name', 'weight']);
      assert.deepEqual(await client.hmGet('h', ['name', 'nope']), ['pigeon', null]);
      assert.equal(await client.hExists('h', 'name'), 1);
      assert.equal(await client.hDel('h', ['name', 'nope']), 1);
      assert.deepEqual({ ...(await client.hGetAll('missing')) }, {});
      await client.flushAll();
    });

    it('sets: SADD, SMEMBERS, SISMEMBER, SINTER, SREM', async () => {
      const client = await open();
      assert.equal(await client.sAdd('s1', ['a', 'b', 'c']), 3);
      assert.equal(await client.sAdd('s2', ['b', 'c', 'd']), 3);
      assert.deepEqual([...(await client.sMembers('s1'))].sort(), ['a', 'b', 'c']);
      assert.equal(await client.sIsMember('s1', 'a'), 1);
      assert.deepEqual(await client.smIsMember('s1', ['a', 'z']), [1, 0]);
      assert.deepEqual([...(await client.sInter(['s1', 's2']))].sort(), ['b', 'c']);
      assert.equal(await client.sRem('s1', ['a', 'z']), 1);
      assert.equal(await client.sCard('s1'), 2);
      await client.flushAll();
    });

    it('sorted sets: ZADD, ZRANGE WITHSCORES, ZSCORE, ZINCRBY, ZRANGEBYSCORE, ZREM', async () => {
      const client = await open();
      assert.equal(
        await client.zAdd('z', [
          { score: 1, value: 'one' },
          { score: 2, value: 'two' },
          { score: 3, value: 'three' },
        ]),
        3,
      );
      assert.deepEqual(await client.zRange('z', 0, -1), ['one', 'two', 'three']);
      assert.deepEqual(await client.zRangeWithScores('z', 0, 1), [
        { value: 'one', score: 1 },
        { value: 'two', score: 2 },
      ]);
      assert.equal(await client.zScore('z', 'two'), 2);
      assert.equal(await client.zIncrBy('z', 2.5, 'one'), 3.5);
      assert.deepEqual(await client.zRangeByScore('z', 2, 3), ['two', 'three']);
      assert.equal(await client.zRank('z', 'three'), 1);
      assert.equal(await client.zRem('z', ['two', 'nope']), 1);
      assert.equal(await client.zCard('z'), 2);
      await client.flushAll();
    });

    it('pipelining: concurrent commands are written together and answered in order', async () => {
      const client = await open();
      const replies = await Promise.all(Array.from({ length: 1000 }, (_, i) => client.incr(`c${i % 10}`)));
      assert.equal(replies.length, 1000);
      assert.deepEqual(replies.slice(0, 10), Array(10).fill(1));
      assert.deepEqual(replies.slice(990), Array(10).fill(100));
      const piped = await client.multi().set('p', '1').incr('p').get('p').execAsPipeline();
      assert.deepEqual(piped, ['OK', 2, '2']);
      await client.flushAll();
    });

    it('multi: EXEC replies every queued command; run-time errors are per command', async () => {
      const client = await open();
      assert.deepEqual(await client.multi().set('m', '1').incr('m').get('m').exec(), ['OK', 2, '2']);
      // node-redis rejects the whole exec() when a reply is an error, with every reply attached.
      await assert.rejects(client.multi().set('m', 'x').incr('m').get('m').exec(), (e: MultiErrorReply) => {
        assert.deepEqual(e.errorIndexes, [1]);
        assert.equal(e.replies[0], 'OK');
        assert.match(String(e.replies[1]), /ERR value is not an integer or out of range/);
        assert.equal(e.replies[2], 'x');
        return true;
      });
      assert.deepEqual(await client.multi().exec(), []);
      await client.flushAll();
    });

    it('multi: a queue-time error aborts the transaction with EXECABORT', async () => {
      const client = await open();
    // node-redis reports the queue-time error itself (EXEC answered EXECABORT).
      await assert.rejects(
        client.multi().set('never', '1').addCommand(['NOSUCHCOMMAND', 'x']).exec(),
        /ERR unknown command 'NOSUCHCOMMAND'|EXECABORT/,
      );
      assert.equal(await client.exists('never'), 0);
      assert.equal(await client.ping(), 'PONG');
    });

    it('watch: another connection writing the key makes EXEC fail with WatchError', async () => {
      const a = await open();
      const b = await open();
      await a.set('balance', '10');
      await a.watch('balance');
      const current = Number(await a.get('balance'));
      await b.incrBy('balance', 5);
      await assert.rejects(a.multi().set('balance', String(current - 3)).exec(), WatchError);
      assert.equal(await a.get('balance'), '15');
      await a.watch('balance');
      const now = Number(await a.get('balance'));
      assert.deepEqual(await a.multi().set('balance', String(now - 3)).exec(), ['OK']);
      assert.equal(await a.get('balance'), '12');
      await a.flushAll();
    });

    it('scanIterator: visits each of 1000 keys, with MATCH and COUNT', async () => {
      const client = await open();
      const all: Record<string, string> = {};
      for (let i = 0; i < 1000; i++) all[`key:${i}`] = String(i);
      for (let i = 0; i < 50; i++) all[`other:${i}`] = String(i);
      await client.mSet(all);
      const seen = new Set<string>();
      for await (const keys of client.scanIterator({ MATCH: 'key:*', COUNT: 100 })) for (const k of keys) seen.add(k);
      assert.equal(seen.size, 1000);
      for (let i = 0; i < 1000; i++) assert.ok(seen.has(`key:${i}`));
      const everything = new Set<string>();
      for await (const keys of client.scanIterator({ COUNT: 7 })) for (const k of keys) everything.add(k);
      assert.equal(everything.size, 1050);
      await client.flushAll();
    });

    it('hScanIterator, sScanIterator, zScanIterator: 1000 entries each', async () => {
      const client = await open();
      const fields: Record<string, string> = {};
      const members: string[] = [];
      const scored: { score: number; value: string }[] = [];
      for (let i = 0; i < 1000; i++) {
        fields[`f${i}`] = `v${i}`;
        members.push(`m${i}`);
        scored.push({ score: i, value: `z${i}` });
      }
      await client.hSet('big-hash', fields);
      await client.sAdd('big-set', members);
      await client.zAdd('big-zset', scored);

      const h = new Map<string, string>();
      for await (const entries of client.hScanIterator('big-hash', { COUNT: 50 })) for (const e of entries) h.set(e.field, e.value);
      assert.equal(h.size, 1000);
      assert.equal(h.get('f999'), 'v999');

      const s = new Set<string>();
      for await (const batch of client.sScanIterator('big-set', { COUNT: 50 })) for (const m of batch) s.add(m);
      assert.equal(s.size, 1000);

      const z = new Map<string, number>();
      for await (const entries of client.zScanIterator('big-zset', { COUNT: 50 })) for (const e of entries) z.set(e.value, Number(e.score));
      assert.equal(z.size, 1000);
      assert.equal(z.get('z500'), 500);
      await client.flushAll();
    });
  });
}

describe('node-redis: AUTH with requirepass', () => {
  let server: StartedBroker;
  const clients: Client[] = [];

  before(async () => {
    server = await startBroker({ requirepass: 's3cret' });
  });
  after(async () => {
    for (const c of clients) if (c.isOpen) c.destroy();
    await server.close();
  });

  it('AUTH: the password option authenticates (AUTH in RESP2, HELLO 3 AUTH in RESP3)', async () => {
    for (const RESP of [2, 3] as const) {
      const client = await connect(server.port, { RESP, password: 's3cret' });
      clients.push(client);
      assert.equal(await client.set('k', 'v'), 'OK');
      assert.equal(await client.get('k'), 'v');
      const info = await client.clientInfo();
      assert.equal(info.user, 'default');
      assert.equal(info.resp, RESP);
    }
  });

  it('AUTH: username default and the password authenticate too', async () => {
    const client = await connect(server.port, { username: 'default', password: 's3cret' });
    clients.push(client);
    assert.equal(await client.ping(), 'PONG');
  });

  it('AUTH: without a password commands fail with NOAUTH', async () => {
    // RESP2: the command is refused. RESP3: HELLO 3 itself is refused (Redis words it differently).
    const expected = { 2: /^NOAUTH Authentication required\.$/, 3: /^NOAUTH HELLO must be called with the client already authenticated/ };
    for (const RESP of [2, 3] as const) {
      await assert.rejects(
        (async () => {
          const client = await connect(server.port, { RESP });
          clients.push(client);
          await client.get('k');
        })(),
        (e: Error) => expected[RESP].test(e.message),
      );
    }
  });

  it('AUTH: a wrong password fails the connection with WRONGPASS', async () => {
    for (const RESP of [2, 3] as const) {
      await assert.rejects(connect(server.port, { RESP, password: 'wrong' }), /WRONGPASS invalid username-password pair or user is disabled/);
    }
  });
});
