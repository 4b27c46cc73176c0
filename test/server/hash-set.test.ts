/*
 * Hash and set commands: the side effects a reply does not show, checked on an embedded broker.
 * Keyspace events are recorded by wrapping broker.notify (the hook the keyspace-notification issue
 * implements) and server.dirty is read from the broker; both follow Redis 7.0's t_hash.c / t_set.c
 * call by call: event names and their order, `del` when a collection is emptied or a destination
 * removed, and how many changes each command counts.
 */

import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker, type StartedBroker } from '../helpers/broker.js';
import { RawClient } from '../helpers/raw.js';

describe('hash and set commands: keyspace events and dirty counter', () => {
  let server: StartedBroker;
  let conn: RawClient;
  let events: string[] = [];

  before(async () => {
    server = await startBroker();
    const b = server.broker;
    const original = b.notify.bind(b);
    b.notify = (db, event, key) => {
      events.push(`${event}:${key}`);
      original(db, event, key);
    };
    conn = await RawClient.connect(server.port);
  });

  after(async () => {
    await conn.close();
    await server.close();
  });

  beforeEach(async () => {
    await conn.send('FLUSHALL');
    events = [];
  });

  /** Run a command; return the events it fired and how much it added to server.dirty. */
  async function run(...args: string[]): Promise<{ events: string[]; dirty: number; reply: string }> {
    events = [];
    const before = server.broker.dirty;
    const reply = (await conn.send(...args)).toString('latin1');
    return { events, dirty: server.broker.dirty - before, reply };
  }

  it('HSET/HMSET/HSETNX: fire hset; dirty counts every pair, new or not', async () => {
    assert.deepEqual(await run('HSET', 'h', 'a', '1', 'b', '2'), { events: ['hset:h'], dirty: 2, reply: ':2\r\n' });
    assert.deepEqual(await run('HSET', 'h', 'a', '1'), { events: ['hset:h'], dirty: 1, reply: ':0\r\n' });
    assert.deepEqual(await run('HMSET', 'h', 'c', '3'), { events: ['hset:h'], dirty: 1, reply: '+OK\r\n' });
    assert.deepEqual(await run('HSETNX', 'h', 'a', '9'), { events: [], dirty: 0, reply: ':0\r\n' });
    assert.deepEqual(await run('HSETNX', 'h', 'z', '9'), { events: ['hset:h'], dirty: 1, reply: ':1\r\n' });
    assert.deepEqual((await run('HSET', 'h', 'odd')).events, []);
  });

  it('HDEL: fires hdel, then del when the hash is emptied', async () => {
    await run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    assert.deepEqual(await run('HDEL', 'h', 'a', 'nofield'), { events: ['hdel:h'], dirty: 1, reply: ':1\r\n' });
    assert.deepEqual(await run('HDEL', 'h', 'nofield'), { events: [], dirty: 0, reply: ':0\r\n' });
    assert.deepEqual(await run('HDEL', 'h', 'b', 'c'), { events: ['hdel:h', 'del:h'], dirty: 2, reply: ':2\r\n' });
  });

  it('HINCRBY/HINCRBYFLOAT: fire their own events, nothing on error', async () => {
    assert.deepEqual(await run('HINCRBY', 'h', 'n', '5'), { events: ['hincrby:h'], dirty: 1, reply: ':5\r\n' });
    assert.deepEqual(await run('HINCRBYFLOAT', 'h', 'f', '1.5'), { events: ['hincrbyfloat:h'], dirty: 1, reply: '$3\r\n1.5\r\n' });
    assert.deepEqual((await run('HINCRBY', 'h', 'f', '1')).events, []);
    assert.deepEqual((await run('HINCRBY', 'h', 'n', '9223372036854775807')).dirty, 0);
  });

  it('read commands: no events, no dirty, and keyspace hits and misses', async () => {
    await run('HSET', 'h', 'a', '1');
    await run('SADD', 's', 'a');
    const stats = server.broker.stats;
    const hits = stats.keyspaceHits;
    const misses = stats.keyspaceMisses;
    for (const cmd of [['HGET', 'h', 'a'], ['HGETALL', 'h'], ['SMEMBERS', 's'], ['SISMEMBER', 's', 'a'], ['HGET', 'nokey', 'a'], ['SCARD', 'nokey']]) {
      assert.deepEqual((await run(...cmd)).events, []);
    }
    assert.equal(stats.keyspaceHits - hits, 4);
    assert.equal(stats.keyspaceMisses - misses, 2);
  });

  it('SADD/SREM: fire sadd / srem only on change, del when the set is emptied', async () => {
    assert.deepEqual(await run('SADD', 's', 'a', 'b', 'a'), { events: ['sadd:s'], dirty: 2, reply: ':2\r\n' });
    assert.deepEqual(await run('SADD', 's', 'a'), { events: [], dirty: 0, reply: ':0\r\n' });
    assert.deepEqual(await run('SREM', 's', 'x'), { events: [], dirty: 0, reply: ':0\r\n' });
    assert.deepEqual(await run('SREM', 's', 'a', 'b', 'c'), { events: ['srem:s', 'del:s'], dirty: 2, reply: ':2\r\n' });
  });

  it('SPOP: fires spop (and del when emptied); dirty counts the members popped', async () => {
    await run('SADD', 's', '1', '2', '3', '4');
    assert.deepEqual((await run('SPOP', 's')).events, ['spop:s']);
    const two = await run('SPOP', 's', '2');
    assert.deepEqual([two.events, two.dirty], [['spop:s'], 2]);
    const all = await run('SPOP', 's', '10');
    assert.deepEqual([all.events, all.dirty], [['spop:s', 'del:s'], 1]);
    await run('SADD', 't', 'x');
    assert.deepEqual((await run('SPOP', 't')).events, ['spop:t', 'del:t']);
    assert.deepEqual(await run('SPOP', 't', '0'), { events: [], dirty: 0, reply: '*0\r\n' });
  });

  it('SMOVE: fires srem on the source (del if emptied) and sadd on the destination', async () => {
    await run('SADD', 'src', 'a', 'b');
    await run('SADD', 'dst', 'b');
    assert.deepEqual(await run('SMOVE', 'src', 'dst', 'a'), { events: ['srem:src', 'sadd:dst'], dirty: 2, reply: ':1\r\n' });
    assert.deepEqual(await run('SMOVE', 'src', 'dst', 'b'), { events: ['srem:src', 'del:src'], dirty: 1, reply: ':1\r\n' });
    assert.deepEqual(await run('SMOVE', 'dst', 'dst', 'a'), { events: [], dirty: 0, reply: ':1\r\n' });
  });

  it('SINTERSTORE/SUNIONSTORE/SDIFFSTORE: fire their event, or del when the result is empty', async () => {
    await run('SADD', 'a', '1', '2');
    await run('SADD', 'b', '2', '3');
    assert.deepEqual(await run('SINTERSTORE', 'd', 'a', 'b'), { events: ['sinterstore:d'], dirty: 1, reply: ':1\r\n' });
    assert.deepEqual(await run('SUNIONSTORE', 'd', 'a', 'b'), { events: ['sunionstore:d'], dirty: 1, reply: ':3\r\n' });
    assert.deepEqual(await run('SDIFFSTORE', 'd', 'a', 'b'), { events: ['sdiffstore:d'], dirty: 1, reply: ':1\r\n' });
    assert.deepEqual(await run('SDIFFSTORE', 'd', 'a', 'a'), { events: ['del:d'], dirty: 1, reply: ':0\r\n' });
    assert.deepEqual(await run('SINTERSTORE', 'd', 'a', 'nokey'), { events: [], dirty: 0, reply: ':0\r\n' });
    await run('SADD', 'd', 'x');
    assert.deepEqual(await run('SINTERSTORE', 'd', 'a', 'nokey'), { events: ['del:d'], dirty: 1, reply: ':0\r\n' });
  });
});
