/*
 * Differential: the hash commands (HSET, HSETNX, HGET, HMGET, HMSET, HDEL, HEXISTS, HLEN, HKEYS,
 * HVALS, HGETALL, HINCRBY, HINCRBYFLOAT, HSTRLEN, HRANDFIELD, HSCAN) against redis-server 7.0.15,
 * in RESP2 and RESP3, success and error paths, and the listpack -> hashtable encoding transitions
 * (OBJECT ENCODING) both with the default limits and with small limits given at startup.
 *
 * What is normalised, and why:
 *   - replies of listpack-encoded hashes are compared exactly: Redis keeps their insertion order,
 *     and so do we;
 *   - replies of hashtable-encoded hashes (HGETALL, HKEYS, HVALS) are sorted on both sides
 *     (sortPairs / sortArray): Redis's dict order is a hash-function artefact;
 *   - random replies (HRANDFIELD with count < size, or negative) are compared in shape with every
 *     string replaced (anyString), and each side is checked on its own: the count, membership,
 *     uniqueness where Redis guarantees it, and that every value belongs to its field;
 *   - HSCAN of a hashtable is compared by collecting a full iteration on each side.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  pairSuite,
  replaceStrings,
  shapeCase,
  sortArray,
  sortPairs,
  type Case,
} from '../helpers/diff.js';
import { connectPair, scanPairs } from '../helpers/keyspace.js';
import type { RawClient, Reply } from '../helpers/raw.js';

/** Every bulk or simple string, at any depth, becomes `<s>`: compares reply shapes only. */
const anyString = replaceStrings(/^[\s\S]*$/, '<s>');

/** HSET key f1 v1 f2 v2 ... for n fields named `${prefix}${i}` with values `v${i}`. */
function hsetMany(key: string, n: number, prefix = 'f', from = 0): string[] {
  const argv = ['HSET', key];
  for (let i = from; i < from + n; i++) argv.push(`${prefix}${i}`, `v${i}`);
  return argv;
}

/** Random replies: the same shape on both sides (strings blanked), then `check` on each. */
const randomCase = shapeCase(anyString);

/** The fields (and values) of a HRANDFIELD reply, flat RESP2 pairs or RESP3 2-element arrays. */
function randPairs(reply: Reply, withValues: boolean): [string, string | null][] {
  assert.ok(Array.isArray(reply), `expected an array, got ${String(reply)}`);
  const out: [string, string | null][] = [];
  if (!withValues) {
    for (const f of reply) out.push([f as string, null]);
  } else if (reply.length > 0 && Array.isArray(reply[0])) {
    for (const pair of reply) {
      const [f, v] = pair as string[];
      out.push([f!, v!]);
    }
  } else {
    for (let i = 0; i < reply.length; i += 2) out.push([reply[i] as string, reply[i + 1] as string]);
  }
  return out;
}

/** A full HSCAN iteration on one side. */
function scanAll(conn: RawClient, key: string, extra: string[] = []): Promise<Map<string, string>> {
  return scanPairs(conn, 'HSCAN', key, extra);
}

const LONG64 = 'x'.repeat(64);
const LONG65 = 'x'.repeat(65);

for (const resp of [2, 3] as const) {
  describe(`differential: hashes (RESP${resp})`, () => {
    const suite = pairSuite();

    it('HSET/HGET: sets and reads fields, replies the number of new fields', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HSET', 'h', 'a', '1'],
        ['HSET', 'h', 'a', '2', 'b', '3'],
        ['HSET', 'h', 'a', '4', 'a', '5', 'c', '6', 'c', '7'],
        ['HGET', 'h', 'a'],
        ['HGET', 'h', 'c'],
        ['HGET', 'h', 'nofield'],
        ['HGET', 'nokey', 'a'],
        ['HGETALL', 'h'],
        ['HSET', 'h', '', ''],
        ['HSET', 'h', 'bin\x00\xff\r\n', 'val\x00\r\n'],
        ['HGET', 'h', ''],
        ['HGET', 'h', 'bin\x00\xff\r\n'],
        ['HSET', 'h', 'n', '12345'],
        ['HSET', 'h', 'neg', '-9223372036854775808'],
        ['HGETALL', 'h'],
        ['HLEN', 'h'],
        ['TYPE', 'h'],
        ['OBJECT', 'ENCODING', 'h'],
      ]);
    });

    it('HSET/HMSET: fail with the arity error of their own name on an odd number of arguments', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HSET', 'h'],
        ['HSET', 'h', 'a'],
        ['HSET', 'h', 'a', '1', 'b'],
        ['hset', 'h', 'a', '1', 'b', '2', 'c'],
        ['HMSET', 'h', 'a'],
        ['HMSET', 'h', 'a', '1', 'b'],
        ['EXISTS', 'h'],
        ['HMSET', 'h', 'a', '1', 'b', '2'],
        ['HMSET', 'h', 'a', '3'],
        ['HGETALL', 'h'],
      ]);
    });

    it('HGETALL/HKEYS/HVALS: reply small hashes in insertion order, updates in place', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HSET', 'h', 'c', '1', 'a', '2', 'b', '3'],
        ['HGETALL', 'h'],
        ['HSET', 'h', 'a', 'updated'],
        ['HGETALL', 'h'],
        ['HDEL', 'h', 'c'],
        ['HSET', 'h', 'c', 'back', 'd', '4'],
        ['HGETALL', 'h'],
        ['HKEYS', 'h'],
        ['HVALS', 'h'],
        ['HMSET', 'h', 'z', '0', 'a', 'again'],
        ['HGETALL', 'h'],
        ['HGETALL', 'nokey'],
        ['HKEYS', 'nokey'],
        ['HVALS', 'nokey'],
      ]);
    });

    it('HSETNX: sets only new fields, creates the key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HSETNX', 'h', 'a', '1'],
        ['HSETNX', 'h', 'a', '2'],
        ['HSETNX', 'h', 'b', '3'],
        ['HGETALL', 'h'],
        // An existing field is left alone before any conversion check: still a listpack.
        ['HSETNX', 'h', 'a', LONG65],
        ['OBJECT', 'ENCODING', 'h'],
        ['HSETNX', 'h', 'c', LONG65],
        ['OBJECT', 'ENCODING', 'h'],
        ['HSETNX', 'h2', LONG65, 'v'],
        ['OBJECT', 'ENCODING', 'h2'],
        ['HSETNX', 'h'],
        ['HSETNX', 'h', 'a', '1', '2'],
      ]);
    });

    it('HMGET: replies a null for each missing field, all nulls for a missing key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HSET', 'h', 'a', '1', 'b', '2'],
        ['HMGET', 'h', 'a', 'nofield', 'b', 'a'],
        ['HMGET', 'nokey', 'a', 'b'],
        ['HMGET', 'h'],
      ]);
    });

    it('HDEL: deletes fields, counts each once, deletes the emptied key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
        ['HDEL', 'h', 'a', 'a', 'nofield'],
        ['HDEL', 'h', 'nofield'],
        ['HGETALL', 'h'],
        ['HDEL', 'nokey', 'a'],
        ['HDEL', 'h', 'b', 'c', 'd'],
        ['EXISTS', 'h'],
        ['TYPE', 'h'],
        ['HLEN', 'h'],
        ['HDEL', 'h'],
      ]);
    });

    it('HEXISTS/HLEN/HSTRLEN: answer for fields, missing fields and missing keys', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HSET', 'h', 'a', 'hello', 'n', '-12345', 'e', ''],
        ['HEXISTS', 'h', 'a'],
        ['HEXISTS', 'h', 'nofield'],
        ['HEXISTS', 'nokey', 'a'],
        ['HLEN', 'h'],
        ['HLEN', 'nokey'],
        ['HSTRLEN', 'h', 'a'],
        ['HSTRLEN', 'h', 'n'],
        ['HSTRLEN', 'h', 'e'],
        ['HSTRLEN', 'h', 'nofield'],
        ['HSTRLEN', 'nokey', 'a'],
        ['HEXISTS', 'h'],
        ['HLEN'],
        ['HSTRLEN', 'h', 'a', 'b'],
      ]);
    });

    it('hash commands: fail with WRONGTYPE on a key of another type', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 's', 'x'],
        ['HSET', 's', 'a', '1'],
        ['HMSET', 's', 'a', '1'],
        ['HSETNX', 's', 'a', '1'],
        ['HGET', 's', 'a'],
        ['HMGET', 's', 'a'],
        ['HDEL', 's', 'a'],
        ['HEXISTS', 's', 'a'],
        ['HLEN', 's'],
        ['HSTRLEN', 's', 'a'],
        ['HKEYS', 's'],
        ['HVALS', 's'],
        ['HGETALL', 's'],
        ['HINCRBY', 's', 'a', '1'],
        ['HINCRBYFLOAT', 's', 'a', '1'],
        ['HRANDFIELD', 's'],
        ['HRANDFIELD', 's', '1'],
        ['HRANDFIELD', 's', '-5', 'WITHVALUES'],
        ['HSCAN', 's', '0'],
        ['HSCAN', 's', '0', 'COUNT', '0'],
        ['GET', 's'],
      ]);
    });

    it('HINCRBY: increments integers, with every error Redis gives', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HINCRBY', 'h', 'a', '5'],
        ['HINCRBY', 'h', 'a', '-12'],
        ['HINCRBY', 'h', 'a', '0'],
        ['HGET', 'h', 'a'],
        ['HINCRBY', 'h', 'a', '1.5'],
        ['HINCRBY', 'h', 'a', ' 1'],
        ['HINCRBY', 'h', 'a', '+1'],
        ['HINCRBY', 'h', 'a', '01'],
        ['HINCRBY', 'h', 'a', ''],
        ['HINCRBY', 'h', 'a', '9223372036854775808'],
        ['HINCRBY', 'nokey', 'a', 'x'],
        ['EXISTS', 'nokey'],
        ['HSET', 'h', 's', 'abc', 'f', '1.0', 'sp', ' 1', 'z', '01', 'e', ''],
        ['HINCRBY', 'h', 's', '1'],
        ['HINCRBY', 'h', 'f', '1'],
        ['HINCRBY', 'h', 'sp', '1'],
        ['HINCRBY', 'h', 'z', '1'],
        ['HINCRBY', 'h', 'e', '1'],
        ['HSET', 'h', 'max', '9223372036854775807', 'min', '-9223372036854775808'],
        ['HINCRBY', 'h', 'max', '1'],
        ['HINCRBY', 'h', 'max', '0'],
        ['HINCRBY', 'h', 'max', '-9223372036854775808'],
        ['HINCRBY', 'h', 'min', '-1'],
        ['HINCRBY', 'h', 'min', '9223372036854775807'],
        ['HSET', 'h', 'big', '9007199254740993'],
        ['HINCRBY', 'h', 'big', '2'],
        ['HINCRBY', 'h', 'big', '9007199254740993'],
        ['HINCRBY', 'h', 'big', '-9223372036854775807'],
        ['HINCRBY', 'h', 'new', '-9223372036854775808'],
        ['HGETALL', 'h'],
        ['HINCRBY', 'h', 'a'],
      ]);
    });

    it('HINCRBYFLOAT: computes in long double and prints like %.17Lf', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HINCRBYFLOAT', 'h', 'a', '0.1'],
        ['HINCRBYFLOAT', 'h', 'a', '0.2'],
        ['HINCRBYFLOAT', 'h', 'a', '-0.3'],
        ['HINCRBYFLOAT', 'h', 'b', '5000'],
        ['HINCRBYFLOAT', 'h', 'b', '0.1'],
        ['HINCRBYFLOAT', 'h', 'c', '1e30'],
        ['HINCRBYFLOAT', 'h', 'c', '0.3'],
        ['HINCRBYFLOAT', 'h', 'd', '10.5'],
        ['HINCRBYFLOAT', 'h', 'd', '-20'],
        ['HINCRBYFLOAT', 'h', 'e', '-0.00000000000000000001'],
        ['HINCRBYFLOAT', 'h', 'f', '0.000003814697265625'],
        ['HINCRBYFLOAT', 'h', 'g', '3.0000000000000000001'],
        ['HINCRBYFLOAT', 'h', 'g', '1e-17'],
        ['HINCRBYFLOAT', 'h', 'i', '0x10'],
        ['HINCRBYFLOAT', 'h', 'i', '0x1.8p1'],
        ['HINCRBYFLOAT', 'h', 'i', '0X.8'],
        ['HINCRBYFLOAT', 'h', 'j', '1.'],
        ['HINCRBYFLOAT', 'h', 'j', '.5'],
        ['HINCRBYFLOAT', 'h', 'j', '+5'],
        ['HINCRBYFLOAT', 'h', 'j', '5e3'],
        ['HINCRBYFLOAT', 'h', 'j', '-5E-3'],
        ['HINCRBYFLOAT', 'h', 'k', '1e4932'],
        ['HINCRBYFLOAT', 'h', 'l', '1.5e400'],
        ['HINCRBYFLOAT', 'h', 'l', '-1.5e400'],
        ['HINCRBYFLOAT', 'h', 'm', '0e-99999'],
        ['HINCRBYFLOAT', 'h', 'm', '9223372036854775807'],
        ['HINCRBYFLOAT', 'h', 'm', '1'],
        ['HINCRBYFLOAT', 'h', 'n', '123456789.123456789'],
        ['HINCRBYFLOAT', 'h', 'n', '-123456789'],
        ['HINCRBYFLOAT', 'h', 'o', '1' + '0'.repeat(300)],
        ['HINCRBYFLOAT', 'h', 'p', '0.' + '0'.repeat(400) + '1'],
        ['HINCRBYFLOAT', 'h', 'q', '0.' + '1'.repeat(5117)],
        ['HINCRBYFLOAT', 'h', 'p', '\x00garbage'],
        ['HINCRBYFLOAT', 'h', 'p', '1\x00'],
        // Long values made it a hashtable: its order is not Redis's to define.
        ['HGETALL', 'h', { normalize: sortPairs }],
      ]);
    });

    it('HINCRBYFLOAT: refuses bad increments, bad values and infinite results', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HINCRBYFLOAT', 'h', 'a', 'abc'],
        ['HINCRBYFLOAT', 'h', 'a', ''],
        ['HINCRBYFLOAT', 'h', 'a', ' 1'],
        ['HINCRBYFLOAT', 'h', 'a', '1 '],
        ['HINCRBYFLOAT', 'h', 'a', '1e'],
        ['HINCRBYFLOAT', 'h', 'a', '.'],
        ['HINCRBYFLOAT', 'h', 'a', '0x'],
        ['HINCRBYFLOAT', 'h', 'a', 'nan'],
        ['HINCRBYFLOAT', 'h', 'a', 'inf'],
        ['HINCRBYFLOAT', 'h', 'a', '-infinity'],
        ['HINCRBYFLOAT', 'h', 'a', '1e5000'],
        ['HINCRBYFLOAT', 'h', 'a', '1.2e4932'],
        ['HINCRBYFLOAT', 'h', 'a', '1e-4951'],
        ['HINCRBYFLOAT', 'h', 'a', '1e-5000'],
        ['HINCRBYFLOAT', 'h', 'a', '1'.repeat(5119)],
        ['HINCRBYFLOAT', 'h', 'a', '0.' + '1'.repeat(5118)],
        ['EXISTS', 'h'],
        ['HSET', 'h', 's', 'abc', 'sp', ' 1', 'i', 'inf', 'ni', '-inf', 'nul', '7\x00junk', 'big', '1e4932'],
        ['HINCRBYFLOAT', 'h', 's', '1'],
        ['HINCRBYFLOAT', 'h', 'sp', '1'],
        ['HINCRBYFLOAT', 'h', 'i', '1'],
        ['HINCRBYFLOAT', 'h', 'ni', '1'],
        ['HINCRBYFLOAT', 'h', 'nul', '1'],
        ['HINCRBYFLOAT', 'h', 'big', '1e4932'],
        ['HINCRBYFLOAT', 'h', 'big', '-1e4932'],
        ['HGETALL', 'h'],
        ['HINCRBYFLOAT', 'h', 'a'],
      ]);
    });

    it('HRANDFIELD: without a count replies one field or a null', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([['HRANDFIELD', 'nokey'], ['HSET', 'h', 'only', 'one'], ['HRANDFIELD', 'h']]);
      await c.both('HSET', 'h', 'a', '1', 'b', '2');
      for (let i = 0; i < 10; i++) {
        await randomCase(c, ['HRANDFIELD', 'h'], (r) => assert.ok(['only', 'a', 'b'].includes(r as string)));
      }
    });

    it('HRANDFIELD: count errors, syntax errors and empty replies', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HRANDFIELD', 'nokey', '3'],
        ['HRANDFIELD', 'nokey', '-3', 'WITHVALUES'],
        ['HRANDFIELD', 'nokey', '0'],
        ['HRANDFIELD', 'nokey', 'x'],
        ['HRANDFIELD', 'nokey', '1.5'],
        ['HRANDFIELD', 'nokey', '3', 'foo'],
        ['HRANDFIELD', 'nokey', '3', 'WITHVALUES', 'x'],
        ['HRANDFIELD', 'nokey', 'x', 'foo'],
        ['HRANDFIELD', 'nokey', '-9223372036854775808'],
        ['HRANDFIELD', 'nokey', '9223372036854775808'],
        ['HRANDFIELD', 'nokey', '-9223372036854775808', 'WITHVALUES'],
        ['HRANDFIELD', 'nokey', '-4611686018427387904', 'WITHVALUES'],
        ['HRANDFIELD', 'nokey', '-4611686018427387904', 'foo'],
        ['HRANDFIELD', 'nokey', '-4611686018427387903', 'WITHVALUES'],
        ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
        ['HRANDFIELD', 'h', '0'],
        ['HRANDFIELD', 'h', '0', 'withvalues'],
        ['HRANDFIELD', 'h', '-9223372036854775808'],
        ['HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'],
      ]);
    });

    it('HRANDFIELD: a count >= the size replies the whole small hash in order', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HSET', 'h', 'c', '1', 'a', '2', 'b', '3'],
        ['HRANDFIELD', 'h', '3'],
        ['HRANDFIELD', 'h', '100'],
        ['HRANDFIELD', 'h', '3', 'WITHVALUES'],
        ['HRANDFIELD', 'h', '9223372036854775807', 'withvalues'],
        ['HSET', 'one', 'f', 'v'],
        ['HRANDFIELD', 'one', '1'],
        ['HRANDFIELD', 'one', '1', 'WITHVALUES'],
        ['HRANDFIELD', 'one', '-3'],
        ['HRANDFIELD', 'one', '-3', 'WITHVALUES'],
      ]);
    });

    it('HRANDFIELD: random counts have the right shape, members and pairing', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      for (const [key, n] of [['small', 10], ['big', 300]] as const) {
        await c.both(...hsetMany(key, n));
        const fields = new Set(Array.from({ length: n }, (_, i) => `f${i}`));
        for (const count of [1, 2, 3, Math.floor(n / 2), n - 1, -1, -5, -n, -3 * n]) {
          for (const withValues of [false, true]) {
            const args = ['HRANDFIELD', key, String(count), ...(withValues ? ['WITHVALUES'] : [])];
            await randomCase(c, args, (reply, side) => {
              const got = randPairs(reply, withValues);
              assert.equal(got.length, Math.abs(count), `${side}: ${args.join(' ')} count`);
              for (const [f, v] of got) {
                assert.ok(fields.has(f), `${side}: ${args.join(' ')} returned a foreign field ${f}`);
                if (withValues) assert.equal(v, 'v' + f.slice(1), `${side}: ${args.join(' ')} value of ${f}`);
              }
              if (count > 0) {
                assert.equal(new Set(got.map(([f]) => f)).size, got.length, `${side}: ${args.join(' ')} repeated a field`);
              }
            });
          }
        }
      }
    });

    it('HSCAN: replies a small hash at once with cursor 0, with MATCH and COUNT', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'ab', '4', '', 'empty'],
        ['HSCAN', 'h', '0'],
        ['HSCAN', 'h', '0', 'MATCH', 'a*'],
        ['HSCAN', 'h', '0', 'match', '*b'],
        ['HSCAN', 'h', '0', 'MATCH', '*'],
        ['HSCAN', 'h', '0', 'MATCH', '**'],
        ['HSCAN', 'h', '0', 'MATCH', '[ab]'],
        ['HSCAN', 'h', '0', 'MATCH', 'nothing'],
        ['HSCAN', 'h', '0', 'COUNT', '1'],
        ['HSCAN', 'h', '0', 'COUNT', '1', 'MATCH', 'b', 'COUNT', '5', 'MATCH', 'c'],
        ['HSCAN', 'h', '5'],
        ['HSCAN', 'h', '18446744073709551615'],
        ['HSCAN', 'h', '-1'],
        ['HSCAN', 'h', '+7'],
        ['HSCAN', 'h', ''],
        ['HSCAN', 'nokey', '0'],
        ['HSCAN', 'nokey', '0', 'COUNT', '0'],
        ['HSCAN', 'nokey', '0', 'BADOPT'],
      ]);
    });

    it('HSCAN: cursor and option errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HSET', 'h', 'a', '1'],
        ['HSCAN', 'h', 'x'],
        ['HSCAN', 'h', '18446744073709551616'],
        ['HSCAN', 'h', ' 1'],
        ['HSCAN', 'h', '1 '],
        ['HSCAN', 'h', '-'],
        ['HSCAN', 'nokey', 'x'],
        ['HSCAN', 'h', '0', 'COUNT', '0'],
        ['HSCAN', 'h', '0', 'COUNT', '-1'],
        ['HSCAN', 'h', '0', 'COUNT', 'x'],
        ['HSCAN', 'h', '0', 'COUNT'],
        ['HSCAN', 'h', '0', 'MATCH'],
        ['HSCAN', 'h', '0', 'TYPE', 'string'],
        ['HSCAN', 'h', '0', 'NOVALUES'],
        ['HSCAN', 'h', '0', 'MATCH', 'a', 'COUNT', '0'],
        ['HSCAN', 'h'],
      ]);
    });

    it('HSCAN: a full iteration of a hashtable sees every field once, MATCH filters', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.both(...hsetMany('h', 500));
      const expected = new Map(Array.from({ length: 500 }, (_, i) => [`f${i}`, `v${i}`] as const));
      for (const conn of [c.pigeon, c.reference]) {
        assert.deepEqual(await scanAll(conn, 'h'), expected);
        assert.deepEqual(await scanAll(conn, 'h', ['COUNT', '7']), expected);
        const matched = await scanAll(conn, 'h', ['MATCH', 'f1?']);
        assert.deepEqual([...matched.keys()].sort(), Array.from({ length: 10 }, (_, i) => `f1${i}`).sort());
      }
    });

    it('encoding: a hash becomes a hashtable past 128 fields and stays one', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        hsetMany('h', 128),
        ['OBJECT', 'ENCODING', 'h'],
        ['HGETALL', 'h'],
        ['HSET', 'h', 'f0', 'updated'],
        ['OBJECT', 'ENCODING', 'h'],
        ['HSET', 'h', 'one-more', 'v'],
        ['OBJECT', 'ENCODING', 'h'],
        ['HGETALL', 'h', { normalize: sortPairs }],
        ['HKEYS', 'h', { normalize: sortArray }],
        ['HVALS', 'h', { normalize: sortArray }],
        ['HLEN', 'h'],
        ['HDEL', 'h', ...Array.from({ length: 128 }, (_, i) => `f${i}`)],
        ['OBJECT', 'ENCODING', 'h'],
        ['HGETALL', 'h'],
        hsetMany('h2', 129),
        ['OBJECT', 'ENCODING', 'h2'],
        ['HRANDFIELD', 'h2', '129', { normalize: sortArray }],
        ['HRANDFIELD', 'h2', '1000', 'WITHVALUES', { normalize: resp === 2 ? sortPairs : sortArray }],
      ]);
    });

    it('encoding: a field or value longer than 64 bytes makes a hashtable', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HSET', 'h', 'a', LONG64, LONG64, 'b'],
        ['OBJECT', 'ENCODING', 'h'],
        ['HSET', 'h', 'a', LONG65],
        ['OBJECT', 'ENCODING', 'h'],
        ['HSET', 'k', 'a', '1', LONG65, '2'],
        ['OBJECT', 'ENCODING', 'k'],
        // HSET checks every argument before inserting, even for an existing field.
        ['HSET', 'm', 'a', '1'],
        ['HMSET', 'm', 'a', LONG65],
        ['OBJECT', 'ENCODING', 'm'],
        ['HSET', 'n', 'a', '1'],
        ['HINCRBY', 'n', LONG65, '1'],
        ['OBJECT', 'ENCODING', 'n'],
        ['HSET', 'o', 'a', '1'],
        ['HINCRBYFLOAT', 'o', LONG65, '1.5'],
        ['OBJECT', 'ENCODING', 'o'],
        ['HSET', 'p', 'a', '1'],
        ['HINCRBYFLOAT', 'p', 'a', '0.' + '1'.repeat(70)],
        ['OBJECT', 'ENCODING', 'p'],
        ['HSET', 'q', 'a', '0'],
        ['HINCRBYFLOAT', 'q', 'a', '1e60'],
        ['HGET', 'q', 'a'],
        ['OBJECT', 'ENCODING', 'q'],
        ['HINCRBYFLOAT', 'q2', 'a', '1e70'],
        ['OBJECT', 'ENCODING', 'q2'],
      ]);
    });

    it('COPY: a copied hash is independent and keeps its encoding', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['HSET', 'h', 'a', '1', 'b', '2'],
        ['COPY', 'h', 'h2'],
        ['HSET', 'h2', 'c', '3'],
        ['HDEL', 'h2', 'a'],
        ['HGETALL', 'h'],
        ['HGETALL', 'h2'],
        ['OBJECT', 'ENCODING', 'h2'],
        ['HSET', 'big', 'a', LONG65],
        ['COPY', 'big', 'big2'],
        ['OBJECT', 'ENCODING', 'big2'],
      ]);
    });
  });

  describe(`differential: hashes with small listpack limits (RESP${resp})`, () => {
    const suite = pairSuite({
      broker: { 'hash-max-listpack-entries': 4, 'hash-max-listpack-value': 8 },
      referenceArgs: ['--hash-max-listpack-entries', '4', '--hash-max-listpack-value', '8'],
    });

    it('encoding: converts at the configured entry and value limits', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const cases: Case[] = [
        ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
        ['OBJECT', 'ENCODING', 'h'],
        ['HSET', 'h', 'e', '5'],
        ['OBJECT', 'ENCODING', 'h'],
        ['HDEL', 'h', 'a', 'b', 'c', 'd'],
        ['OBJECT', 'ENCODING', 'h'],
        ['HSET', 'v', 'a', '12345678'],
        ['OBJECT', 'ENCODING', 'v'],
        ['HSET', 'v', 'a', '123456789'],
        ['OBJECT', 'ENCODING', 'v'],
        ['HSETNX', 'w', 'a', '1'],
        ['HSETNX', 'w', 'b', '2'],
        ['HSETNX', 'w', 'c', '3'],
        ['HSETNX', 'w', 'd', '4'],
        ['OBJECT', 'ENCODING', 'w'],
        ['HSETNX', 'w', 'e', '5'],
        ['OBJECT', 'ENCODING', 'w'],
        ['HINCRBY', 'x', 'a', '1'],
        ['HINCRBY', 'x', 'b', '1'],
        ['HINCRBY', 'x', 'c', '1'],
        ['HINCRBY', 'x', 'd', '1'],
        ['OBJECT', 'ENCODING', 'x'],
        ['HINCRBY', 'x', 'e', '1'],
        ['OBJECT', 'ENCODING', 'x'],
        ['HINCRBY', 'y', 'a', '123456789'],
        ['OBJECT', 'ENCODING', 'y'],
        ['HINCRBYFLOAT', 'z', 'a', '1.5'],
        ['HINCRBYFLOAT', 'z', 'a', '0.0000001'],
        ['OBJECT', 'ENCODING', 'z'],
        ['HSET', 'z2', 'a', '1', 'b', '2', 'c', '3'],
        ['HSCAN', 'z2', '0', 'COUNT', '1'],
      ];
      await c.cases(cases);
    });
  });
}
