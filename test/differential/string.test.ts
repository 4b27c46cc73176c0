/*
 * Differential: the string and bitmap commands (GET, SET and its options, SETNX, SETEX, PSETEX,
 * GETEX, GETDEL, GETSET, MGET, MSET, MSETNX, INCR/DECR/INCRBY/DECRBY, INCRBYFLOAT, APPEND,
 * STRLEN, GETRANGE, SUBSTR, SETRANGE, LCS, SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP) against
 * redis-server 7.0.15, every case in RESP2 and in RESP3.
 *
 * Replies are compared byte for byte. The only normaliser is helloReply (HELLO's client id, via
 * ClientPair.resp3()). Time enters in two places and is handled without normalising: TTLs right
 * after SET EX are read with TTL (whole seconds, equal on both sides unless a reply takes half a
 * second), and absolute deadlines (EXAT / PXAT) with PEXPIRETIME, which is exact.
 *
 * Beyond replies, four things are compared against the reference's own accounting:
 *  - OBJECT ENCODING (int / embstr / raw) after every kind of write;
 *  - the keyspace hit/miss counters (INFO stats) and the dirty counter (INFO persistence
 *    rdb_changes_since_last_save), as deltas over a command sequence, against Pigeon's counters;
 *  - keyspace events: the reference publishes them (notify-keyspace-events KEA) and Pigeon's
 *    broker.notify hook is recorded; the two sequences must be equal;
 *  - proto-max-bulk-len limits, with both servers set to 1mb so no test allocates 512MB.
 */

import { describe, it } from 'node:test';
import { pairSuite, type Case } from '../helpers/diff.js';
import { assertCountersMatch, assertEventsMatch, connectPair } from '../helpers/keyspace.js';
import { prng } from '../helpers/prng.js';

const INT64_MAX = '9223372036854775807';
const INT64_MIN = '-9223372036854775808';

for (const resp of [2, 3] as const) {
  describe(`differential: string commands (RESP${resp})`, () => {
    const suite = pairSuite();

    it('GET/SET: round trip, binary safe, overwrite, missing keys', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['GET', 'nokey'],
        ['SET', 'k', 'v'],
        ['GET', 'k'],
        ['SET', 'k', ''],
        ['GET', 'k'],
        ['SET', 'k', 'a\r\nb\x00\xff\x80'],
        ['GET', 'k'],
        ['SET', '', 'empty key'],
        ['GET', ''],
        ['SET', 'big', 'x'.repeat(200_000)],
        ['GET', 'big'],
        ['SET', 'n', '12345'],
        ['GET', 'n'],
        ['SET', 'n', '-0'],
        ['GET', 'n'],
        ['set', 'lower', 'case'],
        ['get', 'lower'],
      ]);
    });

    it('GET/SET: WRONGTYPE against a non-string key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SADD', 's', 'm'],
        ['GET', 's'],
        // SET overwrites any type.
        ['SET', 's', 'now a string'],
        ['GET', 's'],
        ['HSET', 'h', 'f', 'v'],
        ['SET', 'h', 'x', 'GET'],
        ['SET', 'h', 'x', 'NX', 'GET'],
        ['SET', 'h', 'x', 'XX', 'GET'],
        ['GET', 'h'],
        ['SET', 'h', 'x', 'XX'],
        ['GET', 'h'],
      ]);
    });

    it('SET: NX and XX', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'k', 'v1', 'XX'],
        ['GET', 'k'],
        ['SET', 'k', 'v1', 'NX'],
        ['SET', 'k', 'v2', 'NX'],
        ['GET', 'k'],
        ['SET', 'k', 'v3', 'XX'],
        ['GET', 'k'],
        ['SET', 'k', 'v4', 'nx'],
        ['SET', 'k', 'v4', 'xX'],
        ['SET', 'k', 'v5', 'NX', 'NX'],
        ['SET', 'k', 'v5', 'XX', 'XX'],
        ['GET', 'k'],
      ]);
    });

    it('SET: GET option returns the old value', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'k', 'v1', 'GET'],
        ['SET', 'k', 'v2', 'GET'],
        ['SET', 'k', 'v3', 'get', 'GET', 'Get'],
        ['GET', 'k'],
        ['SET', 'k', 'v4', 'NX', 'GET'],
        ['GET', 'k'],
        ['SET', 'new', 'v', 'NX', 'GET'],
        ['GET', 'new'],
        ['SET', 'k', 'v5', 'XX', 'GET'],
        ['SET', 'missing', 'v', 'XX', 'GET'],
        ['GET', 'missing'],
        ['SET', 'k', 'v6', 'GET', 'EX', '100'],
        ['SET', 'k', 'v7', 'GET', 'KEEPTTL'],
        ['TTL', 'k'],
        ['GET', 'k'],
      ]);
    });

    it('SET: syntax errors and option conflicts', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'k', 'v', 'NX', 'XX'],
        ['SET', 'k', 'v', 'XX', 'NX'],
        ['SET', 'k', 'v', 'EX', '10', 'PX', '100'],
        ['SET', 'k', 'v', 'PX', '10', 'EX', '100'],
        ['SET', 'k', 'v', 'EX', '10', 'EXAT', '100'],
        ['SET', 'k', 'v', 'EXAT', '10', 'PXAT', '100'],
        ['SET', 'k', 'v', 'PXAT', '10', 'EX', '100'],
        ['SET', 'k', 'v', 'KEEPTTL', 'EX', '1'],
        ['SET', 'k', 'v', 'EX', '1', 'KEEPTTL'],
        ['SET', 'k', 'v', 'PXAT', '1', 'KEEPTTL'],
        ['SET', 'k', 'v', 'EX'],
        ['SET', 'k', 'v', 'PX'],
        ['SET', 'k', 'v', 'EXAT'],
        ['SET', 'k', 'v', 'PXAT'],
        ['SET', 'k', 'v', 'NX', 'EX'],
        ['SET', 'k', 'v', 'PERSIST'],
        ['SET', 'k', 'v', 'FOO'],
        ['SET', 'k', 'v', ''],
        ['SET', 'k', 'v', 'KEEPTTLX'],
        ['SET', 'k', 'v', 'GETX'],
        ['SET', 'k', 'v', 'E'],
        ['SET', 'k', 'v', 'EX', 'NX'],
        ['SET', 'k', 'v', 'NX', 'EX', '10', 'XX'],
        ['SET', 'k', 'v', 'EX', 'abc'],
        ['SET', 'k', 'v', 'EX', '1.5'],
        ['SET', 'k', 'v', 'PX', ''],
        ['SET', 'k', 'v', 'EXAT', ' 1'],
        ['GET', 'k'],
        // Every option is parsed before the expire value is read.
        ['SET', 'k', 'v', 'EX', 'abc', 'FOO'],
        ['SET', 'k', 'v', 'EX', '0', 'NX', 'XX'],
        ['SET'],
        ['SET', 'k'],
      ]);
    });

    it('SET: invalid expire times', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'k', 'v', 'EX', '0'],
        ['SET', 'k', 'v', 'EX', '-1'],
        ['SET', 'k', 'v', 'PX', '0'],
        ['SET', 'k', 'v', 'PX', '-100'],
        ['SET', 'k', 'v', 'EXAT', '0'],
        ['SET', 'k', 'v', 'PXAT', '-1'],
        ['SET', 'k', 'v', 'EX', '9999999999999999'],
        ['SET', 'k', 'v', 'EX', '9223372036854776'],
        ['SET', 'k', 'v', 'EX', '9223372036854775'],
        ['SET', 'k', 'v', 'EX', INT64_MAX],
        ['SET', 'k', 'v', 'EX', INT64_MIN],
        ['SET', 'k', 'v', 'PX', INT64_MAX],
        ['SET', 'k', 'v', 'PX', '9223372036854775000'],
        ['SET', 'k', 'v', 'EXAT', '9223372036854776'],
        ['SET', 'k', 'v', 'EX', '9223372036854775808'],
        ['SET', 'k', 'v', 'PX', '99999999999999999999'],
        ['GET', 'k'],
        ['SET', 'k', 'v', 'EXAT', '9223372036854775'],
        ['PEXPIRETIME', 'k'],
        // Accepted; its deadline (2^63 - 1 ms) is not read back: Pigeon keeps deadlines as doubles.
        ['SET', 'k', 'v', 'PXAT', INT64_MAX],
        ['GET', 'k'],
        ['SET', 'k', 'v', 'EX', '9999999999'],
        ['TTL', 'k'],
        ['SET', 'k', 'v', 'PX', '999999999999999'],
        ['TTL', 'k'],
      ]);
    });

    it('SET: EX, PX, EXAT, PXAT set the deadline; KEEPTTL keeps it; a plain SET clears it', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const future = Math.floor(Date.now() / 1000) + 10_000;
      await c.cases([
        ['SET', 'k', 'v', 'EX', '100'],
        ['TTL', 'k'],
        ['SET', 'k', 'v', 'PX', '200000'],
        ['TTL', 'k'],
        ['SET', 'k', 'v', 'ex', '300'],
        ['TTL', 'k'],
        ['SET', 'k', 'v', 'EX', '10', 'EX', '400'],
        ['TTL', 'k'],
        ['SET', 'k', 'v', 'EXAT', String(future)],
        ['PEXPIRETIME', 'k'],
        ['SET', 'k', 'v2', 'KEEPTTL'],
        ['PEXPIRETIME', 'k'],
        ['GET', 'k'],
        ['SET', 'k', 'v3', 'keepttl', 'KEEPTTL'],
        ['PEXPIRETIME', 'k'],
        ['SET', 'k', 'v', 'PXAT', String(future * 1000 + 123)],
        ['PEXPIRETIME', 'k'],
        ['SET', 'k', 'v', 'XX', 'PX', '500000'],
        ['TTL', 'k'],
        ['SET', 'k', 'v', 'NX', 'EX', '5'],
        ['TTL', 'k'],
        ['SET', 'k', 'plain'],
        ['TTL', 'k'],
        ['SET', 'nottl', 'v', 'KEEPTTL'],
        ['TTL', 'nottl'],
      ]);
    });

    it('SET: an absolute deadline in the past sets a key that is already gone', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'k', 'v', 'EXAT', '1'],
        ['GET', 'k'],
        ['SET', 'k', 'v', 'PXAT', '1000'],
        ['GET', 'k'],
        ['SET', 'k', 'v'],
        ['SET', 'k', 'w', 'PXAT', '1', 'GET'],
        ['GET', 'k'],
      ]);
    });

    it('SETNX: sets only a missing key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SETNX', 'k', 'v1'],
        ['SETNX', 'k', 'v2'],
        ['GET', 'k'],
        ['SADD', 's', 'm'],
        ['SETNX', 's', 'v'],
        ['SET', 't', 'v', 'EX', '100'],
        ['SETNX', 't', 'x'],
        ['TTL', 't'],
        ['SETNX', 'k'],
        ['SETNX', 'k', 'v', 'x'],
      ]);
    });

    it('SETEX and PSETEX: set with a TTL, or fail with an invalid expire time', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SETEX', 'k', '100', 'v'],
        ['GET', 'k'],
        ['TTL', 'k'],
        ['PSETEX', 'k', '200000', 'v2'],
        ['GET', 'k'],
        ['TTL', 'k'],
        ['SETEX', 'k', '0', 'v'],
        ['SETEX', 'k', '-5', 'v'],
        ['SETEX', 'k', 'abc', 'v'],
        ['SETEX', 'k', '', 'v'],
        ['SETEX', 'k', '9223372036854776', 'v'],
        ['SETEX', 'k', INT64_MAX, 'v'],
        ['PSETEX', 'k', '0', 'v'],
        ['PSETEX', 'k', '-1', 'v'],
        ['PSETEX', 'k', '1.5', 'v'],
        ['PSETEX', 'k', INT64_MAX, 'v'],
        ['PSETEX', 'k', '99999999999999999999', 'v'],
        ['GET', 'k'],
        ['SADD', 's', 'm'],
        ['SETEX', 's', '100', 'overwrites'],
        ['GET', 's'],
        ['SETEX', 'k', '100'],
        ['PSETEX', 'k', '100', 'v', 'x'],
      ]);
    });

    it('GETEX: gets the value and changes or removes the TTL', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const future = Math.floor(Date.now() / 1000) + 20_000;
      await c.cases([
        ['GETEX', 'nokey'],
        ['GETEX', 'nokey', 'EX', '100'],
        ['GETEX', 'nokey', 'EX', 'abc'],
        ['GETEX', 'nokey', 'EX', '0'],
        ['SET', 'k', 'v'],
        ['GETEX', 'k'],
        ['TTL', 'k'],
        ['GETEX', 'k', 'EX', '100'],
        ['TTL', 'k'],
        ['GETEX', 'k', 'PX', '200000'],
        ['TTL', 'k'],
        ['GETEX', 'k', 'EXAT', String(future)],
        ['PEXPIRETIME', 'k'],
        ['GETEX', 'k', 'PXAT', String(future * 1000 + 7)],
        ['PEXPIRETIME', 'k'],
        ['GETEX', 'k', 'ex', '5', 'EX', '300'],
        ['TTL', 'k'],
        ['GETEX', 'k', 'PERSIST'],
        ['TTL', 'k'],
        ['GETEX', 'k', 'persist', 'PERSIST'],
        ['TTL', 'k'],
        ['GETEX', 'k'],
      ]);
    });

    it('GETEX: errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'k', 'v'],
        ['GETEX', 'k', 'EX', '0'],
        ['GETEX', 'k', 'EX', '-1'],
        ['GETEX', 'k', 'PX', '0'],
        ['GETEX', 'k', 'EXAT', '0'],
        ['GETEX', 'k', 'PXAT', '-5'],
        ['GETEX', 'k', 'EX', '9223372036854776'],
        ['GETEX', 'k', 'PX', INT64_MAX],
        ['GETEX', 'k', 'EX', 'abc'],
        ['GETEX', 'k', 'EX'],
        ['GETEX', 'k', 'PERSIST', 'EX', '10'],
        ['GETEX', 'k', 'EX', '10', 'PERSIST'],
        ['GETEX', 'k', 'EX', '10', 'PX', '10'],
        ['GETEX', 'k', 'EXAT', '10', 'PXAT', '10'],
        ['GETEX', 'k', 'KEEPTTL'],
        ['GETEX', 'k', 'NX'],
        ['GETEX', 'k', 'XX'],
        ['GETEX', 'k', 'GET'],
        ['GETEX', 'k', 'FOO'],
        ['GETEX', 'nokey', 'FOO'],
        ['GETEX', 'nokey', 'PERSIST', 'EX', '1'],
        ['TTL', 'k'],
        ['SADD', 's', 'm'],
        ['GETEX', 's'],
        ['GETEX', 's', 'EX', '0'],
        ['GETEX', 's', 'FOO'],
        ['GETEX'],
      ]);
    });

    it('GETEX: an absolute deadline in the past deletes the key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'k', 'v'],
        ['GETEX', 'k', 'EXAT', '1'],
        ['GET', 'k'],
        ['SET', 'k', 'v2', 'EX', '100'],
        ['GETEX', 'k', 'PXAT', '1000'],
        ['GET', 'k'],
        ['GETEX', 'k', 'PXAT', '1000'],
      ]);
    });

    it('GETDEL: gets the value and deletes the key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['GETDEL', 'nokey'],
        ['SET', 'k', 'v'],
        ['GETDEL', 'k'],
        ['GETDEL', 'k'],
        ['GET', 'k'],
        ['SET', 'n', '42'],
        ['GETDEL', 'n'],
        ['SADD', 's', 'm'],
        ['GETDEL', 's'],
        ['SCARD', 's'],
        ['GETDEL'],
        ['GETDEL', 'a', 'b'],
      ]);
    });

    it('GETSET: sets and returns the old value, clearing the TTL', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['GETSET', 'k', 'v1'],
        ['GETSET', 'k', 'v2'],
        ['GET', 'k'],
        ['SET', 'k', 'v', 'EX', '100'],
        ['GETSET', 'k', 'v3'],
        ['TTL', 'k'],
        ['SADD', 's', 'm'],
        ['GETSET', 's', 'v'],
        ['SCARD', 's'],
        ['GETSET', 'k'],
      ]);
    });

    it('MGET: strings, missing keys and other types', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['MGET', 'a'],
        ['MSET', 'a', '1', 'b', '', 'c', 'x\r\ny'],
        ['SADD', 's', 'm'],
        ['MGET', 'a', 'b', 'c', 'missing', 's', 'a'],
        ['MGET', 's'],
        ['MGET'],
      ]);
    });

    it('MSET and MSETNX: set many keys, MSETNX all or nothing', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['MSET', 'a', '1', 'b', '2'],
        ['MGET', 'a', 'b'],
        ['MSET', 'a', 'x', 'a', 'y'],
        ['GET', 'a'],
        ['SET', 't', 'v', 'EX', '100'],
        ['MSET', 't', 'w'],
        ['TTL', 't'],
        ['SADD', 's', 'm'],
        ['MSET', 's', 'str'],
        ['GET', 's'],
        ['MSET', 'a'],
        ['MSET', 'a', '1', 'b'],
        ['MSET'],
        ['MSETNX', 'n1', '1', 'n2', '2'],
        ['MGET', 'n1', 'n2'],
        ['MSETNX', 'n3', '3', 'n1', 'x'],
        ['MGET', 'n1', 'n3'],
        ['MSETNX', 'n4', '4', 'n4', '5'],
        ['GET', 'n4'],
        ['MSETNX', 'n5', '5', 'n6'],
        ['MSETNX', 'n5'],
        ['MSETNX', 's', 'x'],
        ['GET', 'n5'],
      ]);
    });

    it('INCR, DECR, INCRBY, DECRBY: counting, TTL kept', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['INCR', 'n'],
        ['INCR', 'n'],
        ['DECR', 'n'],
        ['DECR', 'm'],
        ['INCRBY', 'n', '100'],
        ['INCRBY', 'n', '-250'],
        ['DECRBY', 'n', '-7'],
        ['DECRBY', 'n', '1000000000000'],
        ['GET', 'n'],
        ['INCRBY', 'n', '0'],
        ['DECRBY', 'n', '0'],
        ['SET', 'z', '0'],
        ['DECRBY', 'z', '0'],
        ['GET', 'z'],
        ['SET', 'ttl', '10', 'EX', '100'],
        ['INCR', 'ttl'],
        ['TTL', 'ttl'],
        ['INCRBY', 'ttl', '5'],
        ['DECR', 'ttl'],
        ['TTL', 'ttl'],
        ['GET', 'ttl'],
        ['SET', 'neg', '-5'],
        ['INCR', 'neg'],
        ['INCRBY', 'neg', '4'],
        ['INCRBY', 'neg', '1'],
        ['GET', 'neg'],
      ]);
    });

    it('INCR family: values that are not integers', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const bad = ['', ' 1', '1 ', '01', '+1', '1.0', '1e3', 'abc', '0x10', '-0', '--1', '1a', '9223372036854775808', '-9223372036854775809', '12345678901234567890', '\x001', '١'];
      const cases: Case[] = [];
      for (const v of bad) cases.push(['SET', 'k', v], ['INCR', 'k'], ['DECR', 'k'], ['INCRBY', 'k', '1'], ['DECRBY', 'k', '1'], ['GET', 'k']);
      for (const v of bad) cases.push(['INCRBY', 'fresh', v], ['DECRBY', 'fresh', v]);
      cases.push(['GET', 'fresh'], ['SADD', 's', 'm'], ['INCR', 's'], ['DECR', 's'], ['INCRBY', 's', '1'], ['DECRBY', 's', 'x'], ['INCRBY', 's', 'x']);
      cases.push(['INCR'], ['INCR', 'a', 'b'], ['INCRBY', 'a'], ['DECRBY', 'a', '1', '2']);
      await c.cases(cases);
    });

    it('INCR family: int64 limits and overflow', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'k', '9007199254740991'],
        ['INCR', 'k'],
        ['INCR', 'k'],
        ['INCRBY', 'k', '9007199254740993'],
        ['GET', 'k'],
        ['SET', 'k', '-9007199254740991'],
        ['DECR', 'k'],
        ['DECRBY', 'k', '999999999999999'],
        ['SET', 'k', '999999999999999'],
        ['INCR', 'k'],
        ['INCRBY', 'k', '999999999999999'],
        ['SET', 'k', '9223372036854775806'],
        ['INCR', 'k'],
        ['INCR', 'k'],
        ['GET', 'k'],
        ['INCRBY', 'k', '-1'],
        ['DECRBY', 'k', INT64_MAX],
        ['DECR', 'k'],
        ['DECR', 'k'],
        ['DECR', 'k'],
        ['GET', 'k'],
        ['INCRBY', 'k', INT64_MAX],
        ['INCRBY', 'k', INT64_MIN],
        ['SET', 'k', INT64_MIN],
        ['DECR', 'k'],
        ['DECRBY', 'k', '1'],
        ['INCRBY', 'k', INT64_MIN],
        ['INCRBY', 'k', INT64_MAX],
        ['GET', 'k'],
        ['SET', 'k', '1'],
        ['DECRBY', 'k', INT64_MIN],
        ['DECRBY', 'k', '-9223372036854775807'],
        ['INCRBY', 'k', '9223372036854775806'],
        ['INCRBY', 'k', '1'],
        ['SET', 'k', '-1'],
        ['DECRBY', 'k', INT64_MAX],
        ['DECRBY', 'k', '1'],
        ['GET', 'k'],
        ['INCRBY', 'fresh', INT64_MIN],
        ['DECRBY', 'fresh2', INT64_MIN],
        ['DECRBY', 'fresh3', '-9223372036854775807'],
        ['INCRBY', 'fresh4', '1234567890123456789'],
        ['INCRBY', 'fresh4', '-1234567890123456789'],
        ['GET', 'fresh4'],
      ]);
    });

    it('INCRBYFLOAT: long double arithmetic and formatting', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const pairs: [string | null, string][] = [
        [null, '1'],
        [null, '0.25'],
        ['10.5', '0.1'],
        ['1.1', '2.2'],
        [null, '3.0e3'],
        ['5.0e3', '1.5'],
        ['5.0e3', '-1.5'],
        ['10', '-10'],
        ['0.1', '0.2'],
        ['1', '0.000003814697265625'],
        [null, '0.000003814697265625'],
        [null, '1.23456789012345678901234567890'],
        ['123456789.123456789', '0.000000001'],
        ['9223372036854775807', '1'],
        ['-9223372036854775808', '-1'],
        ['1e17', '1'],
        ['1e18', '0.5'],
        [null, '1e308'],
        [null, '1.7976931348623157e308'],
        ['1.7976931348623157e308', '1.7976931348623157e308'],
        [null, '1e4000'],
        [null, '5e-324'],
        [null, '-5e-18'],
        [null, '5e-18'],
        [null, '15e-18'],
        [null, '25e-18'],
        [null, '1e-4940'],
        [null, '0e-6000'],
        [null, '-0'],
        ['-0', '0'],
        [null, '0x1p3'],
        [null, '0X1.8P1'],
        [null, '-0x.8'],
        [null, '0x10'],
        [null, '.5'],
        [null, '5.'],
        [null, '-.5e2'],
        [null, '1E2'],
        [null, '+1.5'],
        ['3', '-3.5'],
        ['2.5', '-2.5'],
        ['7', '0'],
        ['007', '1'],
        ['1.50', '0'],
        [' 1', '1'],
        ['1 ', '1'],
        ['abc', '1'],
        ['', '1'],
        ['1\x002', '1'],
        [null, 'abc'],
        [null, ''],
        [null, ' 1'],
        [null, '1 '],
        [null, '1e'],
        [null, '1e+'],
        [null, '.'],
        [null, 'e5'],
        [null, '0x'],
        [null, '0x1p'],
        [null, '--1'],
        [null, '+-1'],
        [null, 'nan'],
        [null, '-nan'],
        [null, 'NaN'],
        [null, 'inf'],
        [null, '-inf'],
        [null, 'Infinity'],
        [null, 'infinit'],
        [null, '1e5000'],
        [null, '-1e5000'],
        [null, '1e-5000'],
        [null, '1.2e4932'],
        ['1.18e4932', '1.18e4932'],
        ['-1.18e4932', '-1.18e4932'],
        ['inf', '1'],
        [null, '1' + '0'.repeat(5200)],
        [null, '1' + '0'.repeat(5110)],
      ];
      const cases: Case[] = [];
      for (const [a, b] of pairs) {
        if (a === null) cases.push(['DEL', 'k']);
        else cases.push(['SET', 'k', a]);
        cases.push(['INCRBYFLOAT', 'k', b], ['GET', 'k']);
      }
      await c.cases(cases);
    });

    it('INCRBYFLOAT: generated operands agree with the reference to the last digit', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const rnd = prng(resp * 7919);
      const num = (): string => {
        const r = rnd();
        const sign = rnd() < 0.3 ? '-' : '';
        if (r < 0.3) return sign + (rnd() * 1000).toFixed(Math.floor(rnd() * 6));
        if (r < 0.5) return sign + String(Math.floor(rnd() * 1e9)) + '.' + String(Math.floor(rnd() * 1e6));
        if (r < 0.7) return sign + (rnd() * 10).toFixed(3) + 'e' + String(Math.floor(rnd() * 40) - 20);
        if (r < 0.85) return sign + '0.' + String(Math.floor(rnd() * 1e12)).padStart(12, '0');
        return sign + String(Math.floor(rnd() * 1e15)) + '.' + String(Math.floor(rnd() * 100));
      };
      const cases: Case[] = [];
      for (let i = 0; i < 150; i++) {
        cases.push(['SET', 'k', num()], ['INCRBYFLOAT', 'k', num()], ['INCRBYFLOAT', 'k', num()], ['GET', 'k']);
      }
      await c.cases(cases);
    });

    it('INCRBYFLOAT: NaN and Infinity, wrong type, TTL kept, arity', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['INCRBYFLOAT', 'k', 'inf'],
        ['INCRBYFLOAT', 'k', '-inf'],
        ['SET', 'k', 'inf'],
        ['INCRBYFLOAT', 'k', '-inf'],
        ['INCRBYFLOAT', 'k', '0'],
        ['SET', 'k', '1.18e4932'],
        ['INCRBYFLOAT', 'k', '1.18e4932'],
        ['GET', 'k'],
        ['SADD', 's', 'm'],
        ['INCRBYFLOAT', 's', '1'],
        ['INCRBYFLOAT', 's', 'abc'],
        ['SET', 'ttl', '1.5', 'EX', '100'],
        ['INCRBYFLOAT', 'ttl', '1'],
        ['TTL', 'ttl'],
        ['GET', 'ttl'],
        ['INCRBYFLOAT', 'k'],
        ['INCRBYFLOAT', 'k', '1', '2'],
      ]);
    });

    it('APPEND and STRLEN', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['STRLEN', 'k'],
        ['APPEND', 'k', 'hello'],
        ['APPEND', 'k', ' world'],
        ['APPEND', 'k', ''],
        ['GET', 'k'],
        ['STRLEN', 'k'],
        ['APPEND', 'e', ''],
        ['GET', 'e'],
        ['STRLEN', 'e'],
        ['SET', 'n', '123'],
        ['APPEND', 'n', '456'],
        ['INCR', 'n'],
        ['STRLEN', 'n'],
        ['APPEND', 'b', '\x00\xff\r\n'],
        ['APPEND', 'b', '\x00'],
        ['GET', 'b'],
        ['STRLEN', 'b'],
        ['SET', 'ttl', 'x', 'EX', '100'],
        ['APPEND', 'ttl', 'y'],
        ['TTL', 'ttl'],
        ['SADD', 's', 'm'],
        ['APPEND', 's', 'x'],
        ['STRLEN', 's'],
        ['APPEND', 'big', 'x'.repeat(100_000)],
        ['APPEND', 'big', 'y'.repeat(100_000)],
        ['STRLEN', 'big'],
        ['GETRANGE', 'big', '99998', '100001'],
        ['APPEND', 'k'],
        ['STRLEN'],
        ['STRLEN', 'a', 'b'],
      ]);
    });

    it('GETRANGE and SUBSTR: ranges, negative and huge indexes', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const idx = ['0', '1', '2', '5', '9', '10', '11', '100', '-1', '-2', '-5', '-10', '-11', '-100', INT64_MAX, INT64_MIN, '9223372036854775806', '-9223372036854775807', '4294967296', '-4294967296'];
      const cases: Case[] = [['SET', 'k', 'Hello, Pig'], ['SET', 'n', '-12345'], ['SET', 'e', '']];
      for (const s of idx) for (const e of idx) cases.push(['GETRANGE', 'k', s, e]);
      for (const [s, e] of [['0', '-1'], ['1', '3'], ['-3', '-1'], ['-1', '-3'], ['3', '1'], ['0', '0'], ['-100', '100']]) {
        cases.push(['GETRANGE', 'n', s!, e!], ['GETRANGE', 'e', s!, e!], ['SUBSTR', 'k', s!, e!], ['GETRANGE', 'nokey', s!, e!]);
      }
      cases.push(
        ['GETRANGE', 'k', 'a', '1'],
        ['GETRANGE', 'k', '0', 'b'],
        ['GETRANGE', 'k', '1.5', '2'],
        ['GETRANGE', 'k', '9223372036854775808', '1'],
        ['GETRANGE', 'nokey', 'a', 'b'],
        ['SUBSTR', 'k', 'x', '1'],
        ['SADD', 's', 'm'],
        ['GETRANGE', 's', '0', '1'],
        ['GETRANGE', 's', 'a', '1'],
        ['GETRANGE', 'k', '0'],
        ['SUBSTR', 'k', '0', '1', '2'],
      );
      await c.cases(cases);
    });

    it('SETRANGE: overwrite, extend with zero padding, empty values, errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SETRANGE', 'k', '0', 'hello'],
        ['SETRANGE', 'k', '1', 'EL'],
        ['GET', 'k'],
        ['SETRANGE', 'k', '4', 'O world'],
        ['GET', 'k'],
        ['SETRANGE', 'k', '15', 'x'],
        ['GET', 'k'],
        ['SETRANGE', 'k', '0', ''],
        ['SETRANGE', 'k', '1000', ''],
        ['STRLEN', 'k'],
        ['SETRANGE', 'new', '3', 'abc'],
        ['GET', 'new'],
        ['SETRANGE', 'empty', '0', ''],
        ['SETRANGE', 'empty', '100', ''],
        ['GET', 'empty'],
        ['SET', 'n', '1234'],
        ['SETRANGE', 'n', '1', '9'],
        ['INCR', 'n'],
        ['SETRANGE', 'k', '-1', 'x'],
        ['SETRANGE', 'k', 'a', 'x'],
        ['SETRANGE', 'k', '1.5', 'x'],
        ['SETRANGE', 'k', '', 'x'],
        ['SETRANGE', 'k', '536870912', 'x'],
        ['SETRANGE', 'k', '536870911', 'xy'],
        ['SETRANGE', 'k', INT64_MAX, 'x'],
        ['SETRANGE', 'k', '9223372036854775808', 'x'],
        ['SETRANGE', 'fresh', '536870912', 'x'],
        ['SETRANGE', 'fresh', '536870912', ''],
        ['SETRANGE', 'fresh', '-1', ''],
        ['GET', 'fresh'],
        ['SET', 'ttl', 'abc', 'EX', '100'],
        ['SETRANGE', 'ttl', '1', 'X'],
        ['TTL', 'ttl'],
        ['GET', 'ttl'],
        ['SADD', 's', 'm'],
        ['SETRANGE', 's', '0', 'x'],
        ['SETRANGE', 's', '0', ''],
        ['SETRANGE', 's', '-1', 'x'],
        ['SETRANGE', 'k', '0'],
      ]);
    });

    it('SETBIT and GETBIT: set, clear, extend, errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['GETBIT', 'k', '0'],
        ['SETBIT', 'k', '7', '1'],
        ['GET', 'k'],
        ['SETBIT', 'k', '7', '1'],
        ['SETBIT', 'k', '7', '0'],
        ['SETBIT', 'k', '0', '1'],
        ['SETBIT', 'k', '100', '1'],
        ['GET', 'k'],
        ['GETBIT', 'k', '0'],
        ['GETBIT', 'k', '1'],
        ['GETBIT', 'k', '100'],
        ['GETBIT', 'k', '101'],
        ['GETBIT', 'k', '10000'],
        ['SETBIT', 'z', '20', '0'],
        ['GET', 'z'],
        ['SET', 'n', '1'],
        ['GETBIT', 'n', '2'],
        ['GETBIT', 'n', '3'],
        ['SETBIT', 'n', '6', '1'],
        ['GET', 'n'],
        ['SET', 'ttl', 'a', 'EX', '100'],
        ['SETBIT', 'ttl', '6', '1'],
        ['TTL', 'ttl'],
        ['GET', 'ttl'],
        ['SETBIT', 'k', '-1', '1'],
        ['SETBIT', 'k', 'a', '1'],
        ['SETBIT', 'k', '4294967296', '1'],
        ['SETBIT', 'k', '4294967296', '2'],
        ['SETBIT', 'k', '1', '2'],
        ['SETBIT', 'k', '1', '-1'],
        ['SETBIT', 'k', '1', 'a'],
        ['SETBIT', 'k', '1', ''],
        ['SETBIT', 'k', '1', '01'],
        ['GETBIT', 'k', '-1'],
        ['GETBIT', 'k', 'a'],
        ['GETBIT', 'k', '4294967296'],
        ['GETBIT', 'k', '4294967295'],
        ['GETBIT', 'nokey', '-1'],
        ['SADD', 's', 'm'],
        ['SETBIT', 's', '0', '1'],
        ['SETBIT', 's', '-1', '1'],
        ['SETBIT', 's', '0', '3'],
        ['GETBIT', 's', '0'],
        ['GETBIT', 's', 'x'],
        ['SETBIT', 'k', '1'],
        ['GETBIT', 'k'],
      ]);
    });

    it('BITCOUNT: whole string, byte and bit ranges, errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const idx = ['0', '1', '2', '5', '7', '8', '15', '47', '48', '100', '-1', '-2', '-6', '-7', '-8', '-9', '-48', '-49', INT64_MAX, INT64_MIN, '-9223372036854775807'];
      const cases: Case[] = [['SET', 'k', 'foobar'], ['SET', 'e', ''], ['SET', 'n', '-1234'], ['BITCOUNT', 'k'], ['BITCOUNT', 'e'], ['BITCOUNT', 'n'], ['BITCOUNT', 'nokey']];
      for (const s of idx) {
        for (const e of idx) {
          cases.push(['BITCOUNT', 'k', s, e]);
          cases.push(['BITCOUNT', 'k', s, e, 'BIT']);
        }
      }
      for (const [s, e] of [['0', '-1'], ['1', '1'], ['-1', '-2'], ['3', '2']]) {
        cases.push(['BITCOUNT', 'e', s!, e!], ['BITCOUNT', 'e', s!, e!, 'bit'], ['BITCOUNT', 'n', s!, e!, 'byte'], ['BITCOUNT', 'k', s!, e!, 'BYTE']);
      }
      cases.push(
        ['BITCOUNT', 'k', '0'],
        ['BITCOUNT', 'k', '0', '1', 'FOO'],
        ['BITCOUNT', 'k', '-1', '-2', 'FOO'],
        ['BITCOUNT', 'k', 'a', '1'],
        ['BITCOUNT', 'k', '0', 'b'],
        ['BITCOUNT', 'k', 'a', 'b', 'FOO'],
        ['BITCOUNT', 'k', '0', '1', 'BIT', 'x'],
        ['BITCOUNT', 'nokey', 'a', 'b'],
        ['BITCOUNT', 'nokey', '0'],
        ['BITCOUNT', 'nokey', '0', '1', 'FOO'],
        ['SADD', 's', 'm'],
        ['BITCOUNT', 's'],
        ['BITCOUNT', 's', 'a'],
        ['BITCOUNT'],
      );
      await c.cases(cases);
    });

    it('BITPOS: first set or clear bit, byte and bit ranges, errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const idx = ['0', '1', '2', '3', '7', '8', '9', '15', '23', '24', '100', '-1', '-2', '-3', '-8', '-9', '-24', '-25', INT64_MAX, INT64_MIN];
      const cases: Case[] = [
        ['SET', 'ones', '\xff\xff\xff'],
        ['SET', 'zeros', '\x00\x00\x00'],
        ['SET', 'mix', '\x00\xf0\x0f'],
        ['SET', 'e', ''],
        ['SET', 'n', '10'],
      ];
      for (const key of ['ones', 'zeros', 'mix', 'e', 'n', 'nokey']) {
        for (const bit of ['0', '1']) {
          cases.push(['BITPOS', key, bit]);
          for (const s of idx) {
            cases.push(['BITPOS', key, bit, s]);
            cases.push(['BITPOS', key, bit, s, '-1']);
          }
        }
      }
      for (const key of ['ones', 'zeros', 'mix']) {
        for (const bit of ['0', '1']) {
          for (const s of idx) {
            for (const e of ['0', '1', '2', '-1', '-2', '7', '8', '12', '20', '23', '-5', INT64_MAX]) {
              cases.push(['BITPOS', key, bit, s, e]);
              cases.push(['BITPOS', key, bit, s, e, 'BIT']);
            }
          }
        }
      }
      cases.push(
        ['BITPOS', 'mix', '1', '0', '-1', 'byte'],
        ['BITPOS', 'mix', '2'],
        ['BITPOS', 'mix', '-1'],
        ['BITPOS', 'mix', 'a'],
        ['BITPOS', 'nokey', '2'],
        ['BITPOS', 'nokey', '1', 'a'],
        ['BITPOS', 'nokey', '0', '0', '1', 'FOO'],
        ['BITPOS', 'mix', '1', 'a'],
        ['BITPOS', 'mix', '1', '0', 'b'],
        ['BITPOS', 'mix', '1', '0', '1', 'FOO'],
        ['BITPOS', 'mix', '1', '-1', '-2', 'FOO'],
        ['BITPOS', 'mix', '1', 'a', '1', 'FOO'],
        ['BITPOS', 'mix', '1', '0', 'b', 'FOO'],
        ['BITPOS', 'mix', '1', '0', '1', 'BIT', 'x'],
        ['SADD', 's', 'm'],
        ['BITPOS', 's', '1'],
        ['BITPOS', 's', '2'],
        ['BITPOS', 'mix'],
      );
      await c.cases(cases);
    });

    it('BITPOS and BITCOUNT: generated bitmaps and ranges', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const rnd = prng(resp * 104729);
      const cases: Case[] = [];
      for (let i = 0; i < 40; i++) {
        const len = 1 + Math.floor(rnd() * 20);
        let v = '';
        const style = rnd();
        for (let j = 0; j < len; j++) {
          const x = style < 0.3 ? 0xff : style < 0.6 ? 0 : Math.floor(rnd() * 256);
          v += String.fromCharCode(rnd() < 0.1 ? Math.floor(rnd() * 256) : x);
        }
        cases.push(['SET', 'k', v]);
        for (let q = 0; q < 10; q++) {
          const bits = rnd() < 0.5;
          const total = bits ? len * 8 : len;
          const s = String(Math.floor(rnd() * total * 2) - total);
          const e = String(Math.floor(rnd() * total * 2) - total);
          const unit = bits ? 'BIT' : 'BYTE';
          cases.push(['BITPOS', 'k', rnd() < 0.5 ? '0' : '1', s, e, unit], ['BITPOS', 'k', rnd() < 0.5 ? '0' : '1', s], ['BITCOUNT', 'k', s, e, unit]);
        }
      }
      await c.cases(cases);
    });

    it('BITOP: AND, OR, XOR, NOT over strings of different lengths', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'a', 'foobar'],
        ['SET', 'b', 'abc'],
        ['SET', 'c', '\xff\x00\x0f\xf0'],
        ['BITOP', 'AND', 'd', 'a', 'b'],
        ['GET', 'd'],
        ['BITOP', 'OR', 'd', 'a', 'b', 'c'],
        ['GET', 'd'],
        ['BITOP', 'XOR', 'd', 'a', 'b', 'c'],
        ['GET', 'd'],
        ['BITOP', 'NOT', 'd', 'c'],
        ['GET', 'd'],
        ['BITOP', 'and', 'd', 'a', 'missing'],
        ['GET', 'd'],
        ['BITOP', 'Or', 'd', 'missing', 'b'],
        ['GET', 'd'],
        ['BITOP', 'xor', 'd', 'a'],
        ['GET', 'd'],
        ['BITOP', 'AND', 'd', 'a'],
        ['GET', 'd'],
        ['BITOP', 'AND', 'a', 'a', 'c'],
        ['GET', 'a'],
        ['SET', 'n', '12'],
        ['BITOP', 'NOT', 'd', 'n'],
        ['GET', 'd'],
        ['SET', 'big1', 'ab'.repeat(50)],
        ['SET', 'big2', 'xy'.repeat(60)],
        ['BITOP', 'AND', 'd', 'big1', 'big2'],
        ['GET', 'd'],
        ['BITOP', 'XOR', 'd', 'big1', 'big2', 'a'],
        ['GET', 'd'],
        ['SET', 'ttl', 'v', 'EX', '100'],
        ['BITOP', 'OR', 'ttl', 'a'],
        ['TTL', 'ttl'],
      ]);
    });

    it('BITOP: empty results delete the destination; errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'd', 'old'],
        ['SET', 'e', ''],
        ['BITOP', 'AND', 'd', 'missing1', 'missing2'],
        ['GET', 'd'],
        ['SET', 'd', 'old'],
        ['BITOP', 'OR', 'd', 'e'],
        ['GET', 'd'],
        ['BITOP', 'NOT', 'd', 'missing'],
        ['BITOP', 'NOT', 'd', 'e'],
        ['SADD', 's', 'm'],
        ['BITOP', 'AND', 'd', 'e', 's'],
        ['BITOP', 'OR', 'd', 's'],
        ['BITOP', 'NOT', 'd', 's'],
        ['SET', 'a', 'x'],
        ['BITOP', 'AND', 's', 'a'],
        ['GET', 's'],
        ['BITOP', 'NOT', 'd', 'a', 'b'],
        ['BITOP', 'NOT', 'd'],
        ['BITOP', 'NAND', 'd', 'a'],
        ['BITOP', 'NAND', 'd', 's'],
        ['BITOP', 'ANDX', 'd', 'a'],
        ['BITOP', '', 'd', 'a'],
        ['BITOP', 'AND', 'd'],
        ['BITOP', 'AND'],
      ]);
    });

    it('LCS: string, LEN, IDX, MINMATCHLEN, WITHMATCHLEN, errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'a', 'ohmytext'],
        ['SET', 'b', 'mynewtext'],
        ['LCS', 'a', 'b'],
        ['LCS', 'a', 'b', 'LEN'],
        ['LCS', 'a', 'b', 'IDX'],
        ['LCS', 'a', 'b', 'idx', 'MINMATCHLEN', '4'],
        ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
        ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'],
        ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '-5', 'WITHMATCHLEN'],
        ['LCS', 'a', 'b', 'MINMATCHLEN', '2'],
        ['LCS', 'a', 'b', 'WITHMATCHLEN'],
        ['LCS', 'a', 'b', 'LEN', 'WITHMATCHLEN'],
        ['LCS', 'a', 'a'],
        ['LCS', 'a', 'a', 'IDX'],
        ['LCS', 'a', 'missing'],
        ['LCS', 'missing', 'a', 'IDX'],
        ['LCS', 'missing', 'missing2', 'LEN'],
        ['SET', 'x', 'abcabcabcxyz'],
        ['SET', 'y', 'xyzabcabcabc'],
        ['LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN'],
        ['SET', 'n1', '123456'],
        ['SET', 'n2', '2468'],
        ['LCS', 'n1', 'n2', 'IDX'],
        ['LCS', 'a', 'b', 'LEN', 'IDX'],
        ['LCS', 'a', 'b', 'IDX', 'LEN'],
        ['LCS', 'a', 'b', 'MINMATCHLEN'],
        ['LCS', 'a', 'b', 'MINMATCHLEN', 'x'],
        ['LCS', 'a', 'b', 'FOO'],
        ['SADD', 's', 'm'],
        ['LCS', 'a', 's'],
        ['LCS', 's', 'a', 'FOO'],
        ['LCS', 'a'],
      ]);
    });

    it('WATCH: string writes break a transaction, no-op writes do not', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const other = await pair.client('other');
      const writes: string[][] = [
        ['SET', 'k', 'x'],
        ['SET', 'k', 'x', 'NX'],
        ['SET', 'k', 'x', 'XX', 'GET'],
        ['SETNX', 'k', 'x'],
        ['SETEX', 'k', '100', 'x'],
        ['PSETEX', 'k', '100000', 'x'],
        ['GETSET', 'k', 'x'],
        ['GETDEL', 'k'],
        ['GETDEL', 'nokey'],
        ['GETEX', 'k'],
        ['GETEX', 'k', 'EX', '100'],
        ['GETEX', 'k', 'PERSIST'],
        ['GETEX', 'k', 'PXAT', '1'],
        ['MSET', 'a', '1', 'k', '2'],
        ['MSETNX', 'a', '1', 'k', '2'],
        ['INCR', 'n'],
        ['INCRBY', 'n', '0'],
        ['INCRBYFLOAT', 'n', '0'],
        ['APPEND', 'k', ''],
        ['APPEND', 'k', 'y'],
        ['SETRANGE', 'k', '0', ''],
        ['SETRANGE', 'k', '0', 'v'],
        ['SETBIT', 'k', '1', '1'],
        ['SETBIT', 'k', '1', '1'],
        ['SETBIT', 'k', '1000', '0'],
        ['BITOP', 'NOT', 'k', 'k'],
        ['BITOP', 'AND', 'k', 'nokey'],
        ['BITOP', 'AND', 'k', 'nokey'],
        ['GET', 'k'],
        ['BITCOUNT', 'k'],
        ['LCS', 'k', 'n'],
      ];
      for (const w of writes) {
        await c.cases([['SET', 'k', 'v'], ['SET', 'n', '5'], ['WATCH', 'k', 'n'], ['MULTI'], ['PING']]);
        await other.both(...w);
        await c.cases([['EXEC']]);
      }
    });

    it('arity errors of every command', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['GET'],
        ['GET', 'a', 'b'],
        ['SET', 'a'],
        ['SETNX', 'a'],
        ['SETEX', 'a', '1'],
        ['PSETEX', 'a', '1'],
        ['GETEX'],
        ['GETDEL'],
        ['GETSET', 'a'],
        ['MGET'],
        ['MSET', 'a'],
        ['MSETNX', 'a'],
        ['INCR'],
        ['DECR', 'a', 'b'],
        ['INCRBY', 'a'],
        ['DECRBY', 'a'],
        ['INCRBYFLOAT', 'a'],
        ['APPEND', 'a'],
        ['STRLEN'],
        ['GETRANGE', 'a', '1'],
        ['SUBSTR', 'a', '1'],
        ['SETRANGE', 'a', '1'],
        ['SETBIT', 'a', '1'],
        ['GETBIT', 'a'],
        ['BITCOUNT'],
        ['BITPOS', 'a'],
        ['BITOP', 'AND', 'a'],
        ['LCS', 'a'],
      ]);
    });

    it('OBJECT ENCODING: int, embstr and raw as each command leaves them', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'k', '12345'],
        ['OBJECT', 'ENCODING', 'k'],
        ['SET', 'k', '-9223372036854775808'],
        ['OBJECT', 'ENCODING', 'k'],
        ['SET', 'k', '9223372036854775808'],
        ['OBJECT', 'ENCODING', 'k'],
        ['SET', 'k', '012'],
        ['OBJECT', 'ENCODING', 'k'],
        ['SET', 'k', 'x'.repeat(44)],
        ['OBJECT', 'ENCODING', 'k'],
        ['SET', 'k', 'x'.repeat(45)],
        ['OBJECT', 'ENCODING', 'k'],
        ['SET', 'k', ''],
        ['OBJECT', 'ENCODING', 'k'],
        ['APPEND', 'a', '1'],
        ['OBJECT', 'ENCODING', 'a'],
        ['APPEND', 'a', '2'],
        ['OBJECT', 'ENCODING', 'a'],
        ['INCR', 'a'],
        ['OBJECT', 'ENCODING', 'a'],
        ['APPEND', 'a', ''],
        ['OBJECT', 'ENCODING', 'a'],
        ['SET', 'a', '13'],
        ['OBJECT', 'ENCODING', 'a'],
        ['APPEND', 'a2', 'hello'],
        ['OBJECT', 'ENCODING', 'a2'],
        ['SETRANGE', 'r', '0', 'abc'],
        ['OBJECT', 'ENCODING', 'r'],
        ['SET', 'r', '1234'],
        ['SETRANGE', 'r', '0', '9'],
        ['OBJECT', 'ENCODING', 'r'],
        ['SET', 'r', '1234'],
        ['SETRANGE', 'r', '0', ''],
        ['OBJECT', 'ENCODING', 'r'],
        ['SETBIT', 'b', '1', '1'],
        ['OBJECT', 'ENCODING', 'b'],
        ['SET', 'b', '1'],
        ['SETBIT', 'b', '2', '1'],
        ['OBJECT', 'ENCODING', 'b'],
        ['SET', 'b', 'ab'],
        ['GETBIT', 'b', '1'],
        ['OBJECT', 'ENCODING', 'b'],
        ['INCRBYFLOAT', 'f', '10'],
        ['OBJECT', 'ENCODING', 'f'],
        ['INCRBYFLOAT', 'f', '0.5'],
        ['OBJECT', 'ENCODING', 'f'],
        ['INCRBYFLOAT', 'f', '1e40'],
        ['OBJECT', 'ENCODING', 'f'],
        ['INCR', 'i'],
        ['OBJECT', 'ENCODING', 'i'],
        ['INCRBY', 'i', '9223372036854775806'],
        ['OBJECT', 'ENCODING', 'i'],
        ['MSET', 'm1', '1', 'm2', 'text', 'm3', 'y'.repeat(50)],
        ['OBJECT', 'ENCODING', 'm1'],
        ['OBJECT', 'ENCODING', 'm2'],
        ['OBJECT', 'ENCODING', 'm3'],
        ['SET', 'x', 'abc'],
        ['BITOP', 'NOT', 'd', 'x'],
        ['OBJECT', 'ENCODING', 'd'],
        ['SET', 'x', '7'],
        ['BITOP', 'OR', 'd', 'x'],
        ['OBJECT', 'ENCODING', 'd'],
        ['GETSET', 'd', '8'],
        ['OBJECT', 'ENCODING', 'd'],
        ['SETBIT', 'g', '0', '0'],
        ['SETEX', 'g', '100', '5'],
        ['OBJECT', 'ENCODING', 'g'],
        ['SETBIT', 'g', '0', '0'],
        ['OBJECT', 'ENCODING', 'g'],
        ['GETEX', 'g', 'PERSIST'],
        ['OBJECT', 'ENCODING', 'g'],
        ['SETNX', 'h', '99'],
        ['OBJECT', 'ENCODING', 'h'],
      ]);
    });
  });
}

/* ------------------------------------------------------------------------------------------ */
/* Accounting: keyspace hits/misses and the dirty counter                                      */
/* ------------------------------------------------------------------------------------------ */

describe('differential: string commands, keyspace hits/misses and dirty counter', () => {
  const suite = pairSuite();

  it('every command counts hits, misses and changes as Redis does', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await assertCountersMatch(pair, [
      ['GET', 'k'],
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['SET', 'k', 'v', 'NX'],
      ['SET', 'k', 'v2', 'XX', 'GET'],
      ['SET', 'k2', 'v', 'NX', 'GET'],
      ['SET', 'k', 'v', 'EX', '100'],
      ['SETNX', 'k', 'x'],
      ['SETNX', 'k3', 'x'],
      ['SETEX', 'k', '100', 'v'],
      ['PSETEX', 'k', '100000', 'v'],
      ['GETEX', 'k'],
      ['GETEX', 'missing'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'EX', '100'],
      ['GETEX', 'k', 'EXAT', '1'],
      ['GETDEL', 'k2'],
      ['GETDEL', 'k2'],
      ['GETSET', 'k2', 'v'],
      ['GETSET', 'k2', 'w'],
      ['MGET', 'k', 'k2', 'k3', 'nope'],
      ['MSET', 'a', '1', 'b', '2', 'c', '3'],
      ['MSETNX', 'a', '1', 'z', '2'],
      ['MSETNX', 'y', '1', 'z', '2'],
      ['INCR', 'a'],
      ['DECRBY', 'a', '5'],
      ['INCR', 'k2'],
      ['INCRBYFLOAT', 'a', '1.5'],
      ['APPEND', 'a', 'x'],
      ['APPEND', 'a', ''],
      ['STRLEN', 'a'],
      ['STRLEN', 'nope'],
      ['GETRANGE', 'a', '0', '1'],
      ['GETRANGE', 'nope', '0', '1'],
      ['SETRANGE', 'a', '0', ''],
      ['SETRANGE', 'a', '0', 'q'],
      ['SETRANGE', 'nope', '0', ''],
      ['SETBIT', 'bits', '3', '1'],
      ['SETBIT', 'bits', '3', '1'],
      ['SETBIT', 'bits', '3', '0'],
      ['SETBIT', 'bits', '30', '0'],
      ['GETBIT', 'bits', '3'],
      ['GETBIT', 'nope', '3'],
      ['BITCOUNT', 'bits'],
      ['BITCOUNT', 'nope'],
      ['BITPOS', 'bits', '1'],
      ['BITPOS', 'nope', '1'],
      ['BITOP', 'OR', 'dest', 'bits', 'nope'],
      ['BITOP', 'AND', 'dest', 'nope', 'nope2'],
      ['BITOP', 'AND', 'dest', 'nope', 'nope2'],
      ['LCS', 'a', 'nope'],
      ['SADD', 's', 'm'],
      ['GET', 's'],
      ['INCR', 's'],
      ['SET', 's', 'x', 'GET'],
    ]);
  });
});

/* ------------------------------------------------------------------------------------------ */
/* Keyspace events                                                                             */
/* ------------------------------------------------------------------------------------------ */

describe('differential: string commands, keyspace events', () => {
  const suite = pairSuite({ referenceArgs: ['--notify-keyspace-events', 'KEA'] });

  it('each command fires the events Redis fires, in order', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await assertEventsMatch(pair, [
      ['SET', 'k', 'v'],
      ['SET', 'k', 'v', 'EX', '100'],
      ['SET', 'k', 'v', 'NX'],
      ['SET', 'k', 'v', 'XX', 'KEEPTTL', 'GET'],
      ['SETNX', 'k', 'v'],
      ['SETNX', 'n', 'v'],
      ['SETEX', 'k', '100', 'v'],
      ['PSETEX', 'k', '100000', 'v'],
      ['SET', 'k', 'v', 'EX', '0'],
      ['GETEX', 'k'],
      ['GETEX', 'k', 'PX', '100000'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'EXAT', '1'],
      ['GETEX', 'k', 'EXAT', '1'],
      ['SET', 'k', 'v'],
      ['GETDEL', 'k'],
      ['GETDEL', 'k'],
      ['GETSET', 'k', 'v'],
      ['MSET', 'a', '1', 'b', '2', 'a', '3'],
      ['MSETNX', 'a', '1', 'c', '2'],
      ['MSETNX', 'c', '1', 'd', '2'],
      ['INCR', 'a'],
      ['DECR', 'a'],
      ['INCRBY', 'a', '10'],
      ['DECRBY', 'a', '10'],
      ['INCR', 'k'],
      ['INCRBYFLOAT', 'a', '0.5'],
      ['INCRBYFLOAT', 'a', 'inf'],
      ['APPEND', 'a', 'x'],
      ['APPEND', 'new', 'x'],
      ['APPEND', 'new', ''],
      ['SETRANGE', 'a', '1', 'yy'],
      ['SETRANGE', 'a', '1', ''],
      ['SETRANGE', 'r', '0', ''],
      ['SETRANGE', 'r', '2', 'z'],
      ['SETBIT', 'bits', '1', '1'],
      ['SETBIT', 'bits', '1', '1'],
      ['SETBIT', 'bits', '1', '0'],
      ['SETBIT', 'bits', '40', '0'],
      ['BITOP', 'OR', 'dest', 'bits'],
      ['BITOP', 'AND', 'dest', 'nope'],
      ['BITOP', 'AND', 'dest', 'nope'],
      ['GET', 'a'],
      ['SET', '__end__', 'x'],
    ]);
  });
});

/* ------------------------------------------------------------------------------------------ */
/* proto-max-bulk-len                                                                          */
/* ------------------------------------------------------------------------------------------ */

describe('differential: string commands, proto-max-bulk-len limits (1mb on both sides)', () => {
  const MB = 1024 * 1024;
  const suite = pairSuite({ broker: { 'proto-max-bulk-len': MB }, referenceArgs: ['--proto-max-bulk-len', String(MB)] });

  for (const resp of [2, 3] as const) {
    it(`APPEND, SETRANGE, SETBIT, GETBIT, LCS: refuse to pass the limit (RESP${resp})`, async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SETRANGE', 'k', String(MB - 1), 'x'],
        ['STRLEN', 'k'],
        ['SETRANGE', 'k', String(MB - 1), 'xy'],
        ['SETRANGE', 'k', String(MB), 'x'],
        ['SETRANGE', 'fresh', String(MB), 'x'],
        ['SETRANGE', 'fresh', String(MB - 2), 'xyz'],
        ['APPEND', 'k', 'y'],
        ['APPEND', 'k', ''],
        ['STRLEN', 'k'],
        ['SET', 'a', 'x'.repeat(MB - 10)],
        ['APPEND', 'a', '0123456789'],
        ['APPEND', 'a', 'z'],
        ['STRLEN', 'a'],
        ['APPEND', 'new', 'x'.repeat(1000)],
        ['SETBIT', 'b', String(MB * 8 - 1), '1'],
        ['STRLEN', 'b'],
        ['SETBIT', 'b', String(MB * 8), '1'],
        ['GETBIT', 'b', String(MB * 8 - 1)],
        ['GETBIT', 'b', String(MB * 8)],
        ['BITCOUNT', 'b'],
        ['BITPOS', 'b', '1'],
        ['BITPOS', 'b', '0', '-1'],
        ['SET', 'l1', 'x'.repeat(600)],
        ['SET', 'l2', 'x'.repeat(600)],
        ['LCS', 'l1', 'l2', 'LEN'],
        ['SET', 'l2', 'x'.repeat(300)],
        ['LCS', 'l1', 'l2', 'LEN'],
      ]);
    });
  }
});
