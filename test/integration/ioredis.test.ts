/*
 * Integration: ioredis against an embedded Pigeon broker, the way applications meet it.
 *
 * Covers the connection handshake (HELLO 3, which ioredis 6 sends by default, or RESP2 with
 * `protocol: 2`; the INFO ready check; CLIENT SETINFO; SELECT through the `db` option; AUTH or
 * HELLO AUTH through `password`), everyday commands of the string,
 * hash, set and sorted set families, pipelines, MULTI/EXEC (queue-time and run-time errors),
 * WATCH conflicts between two connections, and scanStream / hscanStream / sscanStream /
 * zscanStream over 1000 entries. Every client is created with reconnection off, so a failure shows
 * as an error instead of a retry loop.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis, type RedisOptions } from 'ioredis';
import { startBroker, type StartedBroker } from '../helpers/broker.js';

function client(port: number, options: RedisOptions = {}): Redis {
  return new Redis({
    port,
    host: '127.0.0.1',
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    ...options,
  });
}

/** Every element of a stream, collected. */
async function collect<T>(stream: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of stream) out.push(...batch);
  return out;
}

for (const protocol of [3, 2] as const) describe(`ioredis (RESP${protocol})`, () => {
  let server: StartedBroker;
  const clients: Redis[] = [];
  const open = (options: RedisOptions = {}): Redis => {
    const c = client(server.port, { protocol, ...options });
    clients.push(c);
    return c;
  };

  before(async () => {
    server = await startBroker();
  });
  after(async () => {
    for (const c of clients) c.disconnect();
    await server.close();
  });

  it('connects: the ready check passes and CLIENT SETINFO names the library', async () => {
    const redis = open();
    assert.equal(await redis.ping(), 'PONG');
    assert.equal(redis.status, 'ready');
    const info = (await redis.client('INFO')) as string;
    assert.match(info, / lib-name=ioredis lib-ver=\S+/);
    assert.match(info, new RegExp(` resp=${protocol}\\b`));
    await redis.flushall();
  });

  it('connects: the db option selects the database, connectionName sets the name', async () => {
    const redis = open({ db: 3, connectionName: 'io-worker' });
    await redis.set('in-db-3', 'yes');
    assert.equal(await redis.client('GETNAME'), 'io-worker');
    const other = open();
    assert.equal(await other.get('in-db-3'), null);
    await other.select(3);
    assert.equal(await other.get('in-db-3'), 'yes');
    assert.match((await redis.client('INFO')) as string, / db=3 /);
    await redis.flushall();
  });

  it('strings: SET options, GET, INCR family, MSET/MGET, expiry', async () => {
    const redis = open();
    assert.equal(await redis.set('s', 'hello'), 'OK');
    assert.equal(await redis.get('s'), 'hello');
    assert.equal(await redis.set('s', 'x', 'NX'), null);
    assert.equal(await redis.set('s', 'world', 'XX', 'GET'), 'hello');
    assert.equal(await redis.append('s', '!'), 6);
    assert.equal(await redis.strlen('s'), 6);
    assert.equal(await redis.getrange('s', 0, 2), 'wor');
    assert.equal(await redis.incr('n'), 1);
    assert.equal(await redis.incrby('n', 41), 42);
    assert.equal(await redis.decr('n'), 41);
    assert.equal(await redis.incrbyfloat('f', '1.5'), '1.5');
    assert.equal(await redis.mset({ a: '1', b: '2' }), 'OK');
    assert.deepEqual(await redis.mget('a', 'b', 'missing'), ['1', '2', null]);
    assert.equal(await redis.setex('ttl', 100, 'v'), 'OK');
    const ttl = await redis.ttl('ttl');
    assert.ok(ttl > 98 && ttl <= 100, `ttl ${ttl}`);
    assert.equal(await redis.expire('a', 50), 1);
    assert.equal(await redis.persist('a'), 1);
    assert.equal(await redis.ttl('a'), -1);
    assert.equal(await redis.del('a', 'b', 'missing'), 2);
    assert.equal(await redis.exists('a', 's'), 1);
    await assert.rejects(redis.incr('s'), /ERR value is not an integer or out of range/);
    await assert.rejects(redis.hget('s', 'f'), /WRONGTYPE/);
    // Binary values round-trip as Buffers.
    const bin = Buffer.from([0, 255, 13, 10, 128]);
    await redis.set('bin', bin);
    assert.deepEqual(await redis.getBuffer('bin'), bin);
    await redis.flushall();
  });

  it('hashes: HSET with an object, HGETALL, HINCRBY, HDEL', async () => {
    const redis = open();
    assert.equal(await redis.hset('h', { name: 'pigeon', legs: '2' }), 2);
    assert.deepEqual(await redis.hgetall('h'), { name: 'pigeon', legs: '2' });
    assert.equal(await redis.hget('h', 'name'), 'pigeon');
    assert.equal(await redis.hincrby('h', 'legs', 1), 3);
    assert.equal(await redis.hincrbyfloat('h', 'weight', '0.25'), '0.25');
    assert.deepEqual((await redis.hkeys('h')).sort(), ['legs', 'name', 'weight']);
    assert.equal(await redis.hlen('h'), 3);
    assert.equal(await redis.hexists('h', 'name'), 1);
    assert.deepEqual(await redis.hmget('h', 'name', 'nope'), ['pigeon', null]);
    assert.equal(await redis.hdel('h', 'name', 'nope'), 1);
    assert.deepEqual(await redis.hgetall('missing'), {});
    await redis.flushall();
  });

  it('sets: SADD, SMEMBERS, SISMEMBER, SINTER, SREM', async () => {
    const redis = open();
    assert.equal(await redis.sadd('s1', 'a', 'b', 'c'), 3);
    assert.equal(await redis.sadd('s2', 'b', 'c', 'd'), 3);
    assert.deepEqual((await redis.smembers('s1')).sort(), ['a', 'b', 'c']);
    assert.equal(await redis.sismember('s1', 'a'), 1);
    assert.deepEqual(await redis.smismember('s1', 'a', 'z'), [1, 0]);
    assert.deepEqual((await redis.sinter('s1', 's2')).sort(), ['b', 'c']);
    assert.deepEqual((await redis.sunion('s1', 's2')).sort(), ['a', 'b', 'c', 'd']);
    assert.equal(await redis.srem('s1', 'a', 'z'), 1);
    assert.equal(await redis.scard('s1'), 2);
    await redis.flushall();
  });

  it('sorted sets: ZADD, ZRANGE WITHSCORES, ZSCORE, ZINCRBY, ZRANGEBYSCORE, ZREM', async () => {
    const redis = open();
    assert.equal(await redis.zadd('z', 1, 'one', 2, 'two', 3, 'three'), 3);
    assert.deepEqual(await redis.zrange('z', '0', '-1'), ['one', 'two', 'three']);
    assert.deepEqual(await redis.zrange('z', '0', '1', 'WITHSCORES'), ['one', '1', 'two', '2']);
    assert.equal(await redis.zscore('z', 'two'), '2');
    assert.equal(await redis.zincrby('z', 2.5, 'one'), '3.5');
    assert.deepEqual(await redis.zrangebyscore('z', 2, 3), ['two', 'three']);
    assert.deepEqual(await redis.zrevrange('z', 0, 0), ['one']);
    assert.equal(await redis.zrank('z', 'three'), 1);
    assert.equal(await redis.zcard('z'), 3);
    assert.equal(await redis.zrem('z', 'two', 'nope'), 1);
    assert.equal(await redis.zcount('z', '-inf', '+inf'), 2);
    await redis.flushall();
  });

  it('pipeline: replies in order, errors per command', async () => {
    const redis = open();
    const results = await redis.pipeline().set('p', '1').incr('p').get('p').hset('p', 'f', 'v').del('p').exec();
    assert.ok(results);
    assert.deepEqual(
      results.map(([err]) => (err ? (err as Error).message : null)),
      [null, null, null, 'WRONGTYPE Operation against a key holding the wrong kind of value', null],
    );
    assert.deepEqual(
      results.map(([, value]) => value),
      ['OK', 2, '2', undefined, 1],
    );
    // A long pipeline in one write.
    const many = redis.pipeline();
    for (let i = 0; i < 2000; i++) many.incr('counter');
    const all = await many.exec();
    assert.equal(all?.length, 2000);
    assert.deepEqual(all?.[1999], [null, 2000]);
    await redis.flushall();
  });

  it('multi: EXEC replies every queued command; run-time errors are per command', async () => {
    const redis = open();
    const results = await redis.multi().set('m', '1').incr('m').sadd('m', 'x').get('m').exec();
    assert.ok(results);
    assert.deepEqual(results[0], [null, 'OK']);
    assert.deepEqual(results[1], [null, 2]);
    assert.match(String(results[2]![0]), /WRONGTYPE/);
    assert.deepEqual(results[3], [null, '2']);
    // multi({ pipeline: false }) sends MULTI at once; each command is answered QUEUED.
    assert.equal(await redis.multi({ pipeline: false }), 'OK');
    assert.equal(await redis.set('m2', 'a'), 'QUEUED');
    assert.equal(await redis.get('m2'), 'QUEUED');
    assert.deepEqual(await redis.exec(), [
      [null, 'OK'],
      [null, 'a'],
    ]);
    await redis.flushall();
  });

  it('multi: a queue-time error aborts the transaction with EXECABORT', async () => {
    const redis = open();
    const tx = redis.multi().set('never', '1').call('NOSUCHCOMMAND', 'x').incr('never');
    await assert.rejects(tx.exec(), /EXECABORT/);
    assert.equal(await redis.exists('never'), 0);
    // The connection is usable afterwards, outside MULTI.
    assert.equal(await redis.ping(), 'PONG');
  });

  it('watch: another connection writing the key makes EXEC return null', async () => {
    const a = open();
    const b = open();
    await a.set('balance', '10');
    await a.watch('balance');
    const current = Number(await a.get('balance'));
    await b.incrby('balance', 5);
    assert.equal(await a.multi().set('balance', String(current - 3)).exec(), null);
    assert.equal(await a.get('balance'), '15');
    // Retry without interference: it goes through.
    await a.watch('balance');
    const now = Number(await a.get('balance'));
    assert.deepEqual(await a.multi().set('balance', String(now - 3)).exec(), [[null, 'OK']]);
    assert.equal(await a.get('balance'), '12');
    // UNWATCH forgets the key.
    await a.watch('balance');
    await b.set('balance', '0');
    await a.unwatch();
    assert.deepEqual(await a.multi().get('balance').exec(), [[null, '0']]);
    await a.flushall();
  });

  it('scanStream: visits each of 1000 keys, with MATCH and COUNT', async () => {
    const redis = open();
    const pipe = redis.pipeline();
    for (let i = 0; i < 1000; i++) pipe.set(`key:${i}`, String(i));
    for (let i = 0; i < 50; i++) pipe.set(`other:${i}`, String(i));
    await pipe.exec();
    const keys = await collect<string>(redis.scanStream({ match: 'key:*', count: 100 }));
    const unique = new Set(keys);
    assert.equal(unique.size, 1000);
    for (let i = 0; i < 1000; i++) assert.ok(unique.has(`key:${i}`));
    const everything = new Set(await collect<string>(redis.scanStream({ count: 7 })));
    assert.equal(everything.size, 1050);
    await redis.flushall();
  });

  it('hscanStream, sscanStream, zscanStream: 1000 entries each', async () => {
    const redis = open();
    const fields: Record<string, string> = {};
    const members: string[] = [];
    const scored: (string | number)[] = [];
    for (let i = 0; i < 1000; i++) {
      fields[`f${i}`] = `v${i}`;
      members.push(`m${i}`);
      scored.push(i, `z${i}`);
    }
    await redis.hset('big-hash', fields);
    await redis.sadd('big-set', ...members);
    await redis.zadd('big-zset', ...scored);

    const h = await collect<string>(redis.hscanStream('big-hash', { count: 50 }));
    const pairs = new Map<string, string>();
    for (let i = 0; i < h.length; i += 2) pairs.set(h[i]!, h[i + 1]!);
    assert.equal(pairs.size, 1000);
    assert.equal(pairs.get('f999'), 'v999');

    const s = new Set(await collect<string>(redis.sscanStream('big-set', { count: 50 })));
    assert.equal(s.size, 1000);

    const z = await collect<string>(redis.zscanStream('big-zset', { count: 50 }));
    const scores = new Map<string, string>();
    for (let i = 0; i < z.length; i += 2) scores.set(z[i]!, z[i + 1]!);
    assert.equal(scores.size, 1000);
    assert.equal(scores.get('z500'), '500');
    await redis.flushall();
  });

  it('replies have the same JavaScript shapes in RESP2 and RESP3', async () => {
    const redis = open();
    await redis.hset('h3', { a: '1', b: '2' });
    assert.deepEqual(await redis.hgetall('h3'), { a: '1', b: '2' });
    await redis.zadd('z3', 1.5, 'x');
    assert.equal(await redis.zscore('z3', 'x'), '1.5');
    assert.equal(await redis.get('missing'), null);
    assert.deepEqual(await redis.multi().incr('c3').incr('c3').exec(), [
      [null, 1],
      [null, 2],
    ]);
    await redis.flushall();
  });
});

describe('ioredis: AUTH with requirepass', () => {
  let server: StartedBroker;
  const clients: Redis[] = [];

  before(async () => {
    server = await startBroker({ requirepass: 's3cret' });
  });
  after(async () => {
    for (const c of clients) c.disconnect();
    await server.close();
  });

  it('AUTH: the password option authenticates, RESP2 and RESP3', async () => {
    for (const protocol of [2, 3] as const) {
      const redis = client(server.port, { password: 's3cret', protocol });
      clients.push(redis);
      assert.equal(await redis.set('k', 'v'), 'OK');
      assert.equal(await redis.get('k'), 'v');
      assert.match((await redis.client('INFO')) as string, new RegExp(` user=default redir=-1 resp=${protocol}\\b`));
    }
  });

  it('AUTH: without a password commands fail with NOAUTH', async () => {
    // RESP2: the command is refused. RESP3: HELLO 3 itself is refused (Redis words it differently).
    const expected = { 2: /^NOAUTH Authentication required\.$/, 3: /^NOAUTH HELLO must be called with the client already authenticated/ };
    for (const protocol of [2, 3] as const) {
      const redis = client(server.port, { protocol, enableReadyCheck: false });
      clients.push(redis);
      redis.on('error', () => {});
      await assert.rejects(redis.get('k'), (e: Error) => expected[protocol].test(e.message));
    }
  });

  it('AUTH: a wrong password fails with WRONGPASS and ioredis closes the connection', async () => {
    for (const protocol of [2, 3] as const) {
      const redis = client(server.port, { password: 'wrong', protocol, lazyConnect: true, enableReadyCheck: false });
      clients.push(redis);
      const errors: string[] = [];
      redis.on('error', (e: Error) => errors.push(e.message));
      await assert.rejects(
        (async () => {
          await redis.connect();
          await redis.get('k');
        })(),
      );
      assert.deepEqual(errors, ['WRONGPASS invalid username-password pair or user is disabled.']);
    }
  });
});
