/*
 * Differential: the set commands (SADD, SREM, SISMEMBER, SMISMEMBER, SMEMBERS, SCARD, SPOP,
 * SRANDMEMBER, SMOVE, SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE,
 * SSCAN) against redis-server 7.0.15, in RESP2 and RESP3, success and error paths, and the intset
 * -> hashtable encoding transitions (OBJECT ENCODING), with the default limit and a small one
 * given at startup.
 *
 * What is normalised, and why:
 *   - replies of intset-encoded sets (and of SUNION / SDIFF / SINTER results that are small integer
 *     sets) are compared exactly: Redis replies them in ascending order, and so do we;
 *   - replies listing a hashtable-encoded set are sorted on both sides (sortArray): Redis's dict
 *     order is a hash-function artefact;
 *   - random replies (SPOP / SRANDMEMBER with a count below the size, or negative) are compared in
 *     shape with every string replaced (anyString), and each side is checked on its own: the count,
 *     membership, and uniqueness where Redis guarantees it;
 *   - SSCAN of a hashtable is compared by collecting a full iteration on each side.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pairSuite, replaceStrings, shapeCase, sortArray } from '../helpers/diff.js';
import { connectPair } from '../helpers/keyspace.js';
import { parseReply, type RawClient } from '../helpers/raw.js';

/** Every bulk or simple string, at any depth, becomes `<s>`: compares reply shapes only. */
const anyString = replaceStrings(/^[\s\S]*$/, '<s>');

function range(from: number, to: number, prefix = ''): string[] {
  return Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);
}

/** Random replies: the same shape on both sides (strings blanked), then `check` on each. */
const randomCase = shapeCase(anyString);

/** A full SSCAN iteration on one side: every member seen (with repetitions counted). */
async function scanAll(conn: RawClient, key: string, extra: string[] = []): Promise<string[]> {
  const seen: string[] = [];
  let cursor = '0';
  for (let calls = 0; calls < 10_000; calls++) {
    const reply = parseReply(await conn.send('SSCAN', key, cursor, ...extra)) as [string, string[]];
    seen.push(...reply[1]);
    cursor = reply[0];
    if (cursor === '0') return seen;
  }
  throw new Error('SSCAN did not finish');
}

for (const resp of [2, 3] as const) {
  describe(`differential: sets (RESP${resp})`, () => {
    const suite = pairSuite();

    it('SADD/SMEMBERS/SCARD: adds members once, an intset replies in ascending order', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SADD', 'i', '5', '-1', '3', '10', '3', '100', '-9223372036854775808', '9223372036854775807', '0', '20'],
        ['SADD', 'i', '5', '7'],
        ['SMEMBERS', 'i'],
        ['SCARD', 'i'],
        ['OBJECT', 'ENCODING', 'i'],
        ['TYPE', 'i'],
        ['SADD', 's', 'b', 'a', 'c', 'a'],
        ['SMEMBERS', 's', { normalize: sortArray }],
        ['SCARD', 's'],
        ['OBJECT', 'ENCODING', 's'],
        ['SADD', 'bin', '', '\x00\xff', 'a\r\nb'],
        ['SMEMBERS', 'bin', { normalize: sortArray }],
        ['SMEMBERS', 'nokey'],
        ['SCARD', 'nokey'],
        ['SADD', 'i'],
        ['SMEMBERS'],
        ['SMEMBERS', 'i', 'x'],
        ['SCARD', 'i', 'x'],
      ]);
    });

    it('SISMEMBER/SMISMEMBER: answer per member, zeros for a missing key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SADD', 'i', '1', '2', '3'],
        ['SADD', 's', 'a', 'b', '1'],
        ['SISMEMBER', 'i', '2'],
        ['SISMEMBER', 'i', '4'],
        ['SISMEMBER', 'i', '02'],
        ['SISMEMBER', 'i', 'x'],
        ['SISMEMBER', 's', 'a'],
        ['SISMEMBER', 's', '1'],
        ['SISMEMBER', 'nokey', 'a'],
        ['SMISMEMBER', 'i', '1', '4', '3', 'x', '1'],
        ['SMISMEMBER', 's', 'a', 'z'],
        ['SMISMEMBER', 'nokey', 'a', 'b'],
        ['SISMEMBER', 'i'],
        ['SMISMEMBER', 'i'],
      ]);
    });

    it('SREM: removes members, counts each once, deletes the emptied key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SADD', 'i', '1', '2', '3', '4'],
        ['SREM', 'i', '2', '2', '9', 'x'],
        ['SMEMBERS', 'i'],
        ['SREM', 'nokey', 'a'],
        ['SREM', 'i', '1', '3', '4', '5'],
        ['EXISTS', 'i'],
        ['SADD', 's', 'a', 'b'],
        ['SREM', 's', 'a'],
        ['SMEMBERS', 's'],
        ['SREM', 's', 'b'],
        ['EXISTS', 's'],
        ['SREM', 's'],
      ]);
    });

    it('set commands: fail with WRONGTYPE on a key of another type', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'str', 'x'],
        ['SADD', 'ok', '1'],
        ['SADD', 'str', 'a'],
        ['SREM', 'str', 'a'],
        ['SISMEMBER', 'str', 'a'],
        ['SMISMEMBER', 'str', 'a'],
        ['SMEMBERS', 'str'],
        ['SCARD', 'str'],
        ['SPOP', 'str'],
        ['SPOP', 'str', '1'],
        ['SPOP', 'str', '0'],
        ['SRANDMEMBER', 'str'],
        ['SRANDMEMBER', 'str', '1'],
        ['SRANDMEMBER', 'str', '0'],
        ['SMOVE', 'str', 'ok', '1'],
        ['SMOVE', 'ok', 'str', '1'],
        ['SMOVE', 'nokey', 'str', '1'],
        ['SINTER', 'str'],
        ['SINTER', 'nokey', 'str'],
        ['SINTER', 'ok', 'str'],
        ['SINTERCARD', '2', 'nokey', 'str'],
        ['SINTERSTORE', 'd', 'nokey', 'str'],
        ['SUNION', 'ok', 'str'],
        ['SUNIONSTORE', 'd', 'str'],
        ['SDIFF', 'nokey', 'str'],
        ['SDIFF', 'str', 'nokey'],
        ['SDIFFSTORE', 'd', 'ok', 'str'],
        ['SSCAN', 'str', '0'],
        ['EXISTS', 'd'],
        ['SMEMBERS', 'ok'],
      ]);
    });

    it('encoding: non-canonical integers make a hashtable, and it stays one', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      for (const odd of ['007', '-0', '+1', '1.0', ' 1', '1 ', '9223372036854775808', '-9223372036854775809', '0x1', '']) {
        await c.cases([
          ['DEL', 'k'],
          ['SADD', 'k', '1', '2'],
          ['SADD', 'k', odd],
          ['OBJECT', 'ENCODING', 'k'],
          ['SISMEMBER', 'k', odd],
          ['SREM', 'k', odd],
          ['OBJECT', 'ENCODING', 'k'],
          ['SMEMBERS', 'k', { normalize: sortArray }],
        ]);
      }
      await c.cases([
        ['SADD', 'first', 'x', '1'],
        ['OBJECT', 'ENCODING', 'first'],
        ['SADD', 'ints', '-1'],
        ['OBJECT', 'ENCODING', 'ints'],
      ]);
    });

    it('encoding: an intset becomes a hashtable past 512 members', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const members = range(0, 512).reverse();
      await c.cases([
        ['SADD', 'i', ...members],
        ['OBJECT', 'ENCODING', 'i'],
        ['SMEMBERS', 'i'],
        ['SRANDMEMBER', 'i', '512'],
        ['SSCAN', 'i', '0'],
        ['SADD', 'i', '512'],
        ['OBJECT', 'ENCODING', 'i'],
        ['SMEMBERS', 'i', { normalize: sortArray }],
        ['SREM', 'i', ...range(10, 513)],
        ['OBJECT', 'ENCODING', 'i'],
        ['SMEMBERS', 'i', { normalize: sortArray }],
        ['SADD', 'j', ...range(0, 513)],
        ['OBJECT', 'ENCODING', 'j'],
        ['SCARD', 'j'],
      ]);
    });

    it('SMOVE: moves members between sets, creating and deleting keys', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SADD', 'src', '1', '2', 'a'],
        ['SADD', 'dst', '5'],
        ['SMOVE', 'src', 'dst', '1'],
        ['SMOVE', 'src', 'dst', '1'],
        ['SMOVE', 'src', 'dst', 'nope'],
        ['SMOVE', 'nokey', 'dst', '1'],
        ['SMEMBERS', 'dst'],
        ['OBJECT', 'ENCODING', 'dst'],
        ['SMOVE', 'src', 'dst', 'a'],
        ['OBJECT', 'ENCODING', 'dst'],
        ['SMEMBERS', 'dst', { normalize: sortArray }],
        ['SMOVE', 'src', 'src', '2'],
        ['SMOVE', 'src', 'src', '3'],
        ['SMOVE', 'src', 'new', '2'],
        ['EXISTS', 'src'],
        ['SMEMBERS', 'new'],
        ['OBJECT', 'ENCODING', 'new'],
        ['SADD', 'x', 'm'],
        ['SMOVE', 'x', 'new2', 'm'],
        ['OBJECT', 'ENCODING', 'new2'],
        ['SADD', 'y', 'm', 'n'],
        ['SADD', 'z', 'm'],
        ['SMOVE', 'y', 'z', 'm'],
        ['SMEMBERS', 'y'],
        ['SMEMBERS', 'z'],
        ['SMOVE', 'y', 'z'],
      ]);
    });

    it('SINTER/SINTERSTORE: intersections, missing keys, duplicate keys', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SADD', 'a', '5', '1', '2', '3', '4'],
        ['SADD', 'b', '4', '3', '6', '5'],
        ['SADD', 'c', '3', '4', '5', 'x'],
        ['SINTER', 'a', 'b'],
        ['SINTER', 'b', 'a'],
        ['SINTER', 'a', 'b', 'c'],
        ['SINTER', 'a'],
        ['SINTER', 'a', 'a'],
        ['SINTER', 'c', { normalize: sortArray }],
        ['SINTER', 'a', 'nokey'],
        ['SINTER', 'nokey'],
        ['SINTERSTORE', 'd', 'a', 'b', 'c'],
        ['SMEMBERS', 'd'],
        ['OBJECT', 'ENCODING', 'd'],
        ['SINTERSTORE', 'd', 'c', 'c'],
        ['OBJECT', 'ENCODING', 'd'],
        ['SMEMBERS', 'd', { normalize: sortArray }],
        ['SINTERSTORE', 'a', 'a', 'b'],
        ['SMEMBERS', 'a'],
        ['SINTERSTORE', 'd', 'a', 'nokey'],
        ['EXISTS', 'd'],
        ['SINTERSTORE', 'd', 'nokey'],
        ['SADD', 'e', 'p'],
        ['SINTERSTORE', 'd', 'a', 'e'],
        ['EXISTS', 'd'],
        ['SET', 'str', 'v'],
        ['EXPIRE', 'str', '1000'],
        ['SINTERSTORE', 'str', 'a', 'b'],
        ['TYPE', 'str'],
        ['TTL', 'str'],
        ['SINTERSTORE', 'd'],
        ['SINTER'],
      ]);
    });

    it('SINTERCARD: counts the intersection, with LIMIT and every error', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SADD', 'a', '1', '2', '3', '4', 'x'],
        ['SADD', 'b', '2', '3', '4', 'x', 'y'],
        ['SINTERCARD', '1', 'a'],
        ['SINTERCARD', '2', 'a', 'b'],
        ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '0'],
        ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '2'],
        ['SINTERCARD', '2', 'a', 'b', 'limit', '100'],
        ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '3', 'LIMIT', '1'],
        ['SINTERCARD', '2', 'a', 'nokey'],
        ['SINTERCARD', '1', 'nokey'],
        ['SINTERCARD', '1', 'a', 'b'],
        ['SINTERCARD', '0', 'a'],
        ['SINTERCARD', '-1', 'a'],
        ['SINTERCARD', 'x', 'a'],
        ['SINTERCARD', '9223372036854775808', 'a'],
        ['SINTERCARD', '9223372036854775807', 'a'],
        ['SINTERCARD', '3', 'a', 'b'],
        ['SINTERCARD', '1', 'a', 'LIMIT'],
        ['SINTERCARD', '1', 'a', 'LIMIT', '-1'],
        ['SINTERCARD', '1', 'a', 'LIMIT', 'x'],
        ['SINTERCARD', '1', 'a', 'FOO', '1'],
        ['SINTERCARD', '1', 'a', 'LIMIT', '1', 'extra'],
        ['SINTERCARD', '1'],
      ]);
    });

    it('SUNION/SDIFF: results that are small integer sets come back sorted', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SADD', 'a', '5', '1', '3'],
        ['SADD', 'b', '4', '2', '3'],
        ['SADD', 's', 'x', '3', 'y'],
        ['SUNION', 'a', 'b'],
        ['SUNION', 'b', 'a', 'nokey'],
        ['SUNION', 'nokey'],
        ['SUNION', 'a', 's', { normalize: sortArray }],
        ['SDIFF', 'a', 'b'],
        ['SDIFF', 'b', 'a', 'nokey'],
        ['SDIFF', 'a', 'a'],
        ['SDIFF', 'a', 'b', 'a'],
        ['SDIFF', 'nokey', 'a'],
        ['SDIFF', 'a'],
        ['SDIFF', 's', 'a', { normalize: sortArray }],
        // The first set is a hashtable, the result only integers: Redis builds it as an intset.
        ['SADD', 'm', 'q', '9', '8', '7'],
        ['SADD', 'r', 'q'],
        ['SDIFF', 'm', 'r'],
        ['SDIFFSTORE', 'd', 'm', 'r'],
        ['OBJECT', 'ENCODING', 'd'],
        ['SMEMBERS', 'd'],
        ['SUNION'],
        ['SDIFF'],
      ]);
    });

    it('SDIFF: the algorithm Redis picks decides the result encoding', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        // Many small sets to subtract: Redis copies the first set and removes (algorithm 2), so the
        // integer-only result stays the hashtable the copy became.
        ['SADD', 'big', 'a', ...range(1, 11)],
        ['SADD', 'o1', 'a'],
        ['SADD', 'o2', 'a'],
        ['SADD', 'o3', 'a'],
        ['SDIFFSTORE', 'd', 'big', 'o1', 'o2', 'o3'],
        ['OBJECT', 'ENCODING', 'd'],
        ['SMEMBERS', 'd', { normalize: sortArray }],
        ['SDIFF', 'big', 'o1', 'o2', 'o3', { normalize: sortArray }],
        // One set to subtract: algorithm 1 keeps the survivors only, an intset.
        ['SDIFFSTORE', 'd2', 'big', 'o1'],
        ['OBJECT', 'ENCODING', 'd2'],
        ['SMEMBERS', 'd2'],
        ['SDIFF', 'big', 'o1'],
        ['SDIFF', 'big', 'o1', 'nokey', 'nokey2'],
        // Missing keys count for nothing in the estimate: algorithm 1 here, algorithm 2 with o2.
        ['SDIFFSTORE', 'd4', 'big', 'o1', 'nokey', 'nokey2'],
        ['OBJECT', 'ENCODING', 'd4'],
        ['SDIFFSTORE', 'd3', 'big', 'o1', 'o2', 'nokey', 'nokey2'],
        ['OBJECT', 'ENCODING', 'd3'],
        ['SDIFF', 'big', 'o1', 'o2', 'nokey', 'nokey2', { normalize: sortArray }],
      ]);
    });

    it('SUNIONSTORE/SDIFFSTORE: store, overwrite any type and TTL, delete on empty', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SADD', 'a', '1', '2', '3'],
        ['SADD', 'b', '3', '4'],
        ['SUNIONSTORE', 'd', 'a', 'b'],
        ['SMEMBERS', 'd'],
        ['OBJECT', 'ENCODING', 'd'],
        ['SUNIONSTORE', 'd', 'a', 'nokey'],
        ['SMEMBERS', 'd'],
        ['SDIFFSTORE', 'd', 'a', 'b'],
        ['SMEMBERS', 'd'],
        ['SDIFFSTORE', 'd', 'a', 'a'],
        ['EXISTS', 'd'],
        ['SDIFFSTORE', 'd', 'nokey', 'a'],
        ['SUNIONSTORE', 'd', 'nokey'],
        ['EXISTS', 'd'],
        ['SET', 'str', 'v'],
        ['EXPIRE', 'str', '1000'],
        ['SUNIONSTORE', 'str', 'a'],
        ['TYPE', 'str'],
        ['TTL', 'str'],
        ['HSET', 'h', 'f', 'v'],
        ['SDIFFSTORE', 'h', 'a', 'b'],
        ['TYPE', 'h'],
        ['SUNIONSTORE', 'a', 'a', 'b'],
        ['SMEMBERS', 'a'],
        ['SADD', 'w', 'x'],
        ['SUNIONSTORE', 'u', 'a', 'w'],
        ['OBJECT', 'ENCODING', 'u'],
        ['SMEMBERS', 'u', { normalize: sortArray }],
        ['SUNIONSTORE', 'd'],
        ['SDIFFSTORE', 'd'],
      ]);
    });

    it('SPOP: errors, empty replies, single pops and popping everything', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SPOP', 'nokey'],
        ['SPOP', 'nokey', '1'],
        ['SPOP', 'nokey', '0'],
        ['SPOP', 'nokey', '-1'],
        ['SPOP', 'nokey', 'x'],
        ['SPOP', 'nokey', '1', '2'],
        ['SADD', 'one', '42'],
        ['SPOP', 'one'],
        ['EXISTS', 'one'],
        ['SADD', 'i', '3', '1', '2'],
        ['SPOP', 'i', '0'],
        ['SPOP', 'i', '3'],
        ['EXISTS', 'i'],
        ['SADD', 'i', '30', '10', '20'],
        ['SPOP', 'i', '9223372036854775807'],
        ['SADD', 's', 'only'],
        ['SPOP', 's', '5'],
        ['SADD', 't', 'b', 'a', 'c'],
        ['SPOP', 't', '10', { normalize: sortArray }],
        ['EXISTS', 't'],
      ]);
    });

    it('SPOP: random pops remove what they return', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      for (const [key, members] of [['i', range(0, 50)], ['s', range(0, 300, 'm')]] as const) {
        await c.both('SADD', key, ...members);
        const left = { pigeon: new Set<string>(members), reference: new Set<string>(members) };
        for (const count of [null, 1, 2, 7, 20]) {
          const args = count === null ? ['SPOP', key] : ['SPOP', key, String(count)];
          await randomCase(c, args, (reply, side) => {
            const got = count === null ? [reply as string] : (reply as string[]);
            assert.equal(got.length, count ?? 1, `${side}: ${args.join(' ')} count`);
            assert.equal(new Set(got).size, got.length, `${side}: ${args.join(' ')} repeated a member`);
            const pool = left[side as 'pigeon' | 'reference'];
            for (const m of got) assert.ok(pool.delete(m), `${side}: ${args.join(' ')} returned ${m}, not a member`);
          });
          await c.both('SCARD', key);
        }
        // The rest, in one go: compare what is left exactly (sorted: one side may be a hashtable).
        const rest = await c.pigeon.send('SMEMBERS', key);
        assert.deepEqual(new Set(parseReply(rest) as string[]), left.pigeon);
        const refRest = await c.reference.send('SMEMBERS', key);
        assert.deepEqual(new Set(parseReply(refRest) as string[]), left.reference);
      }
    });

    it('SRANDMEMBER: errors, empty replies and whole-set replies', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SRANDMEMBER', 'nokey'],
        ['SRANDMEMBER', 'nokey', '5'],
        ['SRANDMEMBER', 'nokey', '-5'],
        ['SRANDMEMBER', 'nokey', '0'],
        ['SRANDMEMBER', 'nokey', 'x'],
        ['SRANDMEMBER', 'nokey', '1', '2'],
        ['SRANDMEMBER', 'nokey', '-9223372036854775808'],
        ['SRANDMEMBER', 'nokey', '9223372036854775808'],
        ['SADD', 'i', '3', '1', '2'],
        ['SRANDMEMBER', 'i', '0'],
        ['SRANDMEMBER', 'i', '3'],
        ['SRANDMEMBER', 'i', '9223372036854775807'],
        ['SRANDMEMBER', 'i', '-9223372036854775808'],
        ['SADD', 'one', 'x'],
        ['SRANDMEMBER', 'one'],
        ['SRANDMEMBER', 'one', '1'],
        ['SRANDMEMBER', 'one', '-3'],
        ['SADD', 't', 'b', 'a', 'c'],
        ['SRANDMEMBER', 't', '3', { normalize: sortArray }],
        ['SCARD', 't'],
      ]);
    });

    it('SRANDMEMBER: random counts have the right shape and members', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      for (const [key, members] of [['i', range(0, 40)], ['s', range(0, 300, 'm')]] as const) {
        await c.both('SADD', key, ...members);
        const all = new Set<string>(members);
        for (const count of [null, 1, 2, 5, Math.floor(members.length / 2), members.length - 1, -1, -7, -members.length * 3]) {
          const args = count === null ? ['SRANDMEMBER', key] : ['SRANDMEMBER', key, String(count)];
          await randomCase(c, args, (reply, side) => {
            const got = count === null ? [reply as string] : (reply as string[]);
            assert.equal(got.length, Math.abs(count ?? 1), `${side}: ${args.join(' ')} count`);
            for (const m of got) assert.ok(all.has(m), `${side}: ${args.join(' ')} returned ${m}`);
            if (count !== null && count > 0) assert.equal(new Set(got).size, got.length, `${side}: ${args.join(' ')} repeated a member`);
          });
        }
        await c.both('SCARD', key);
      }
    });

    it('SSCAN: replies an intset at once, sorted, with MATCH and COUNT', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SADD', 'i', '30', '1', '12', '-5', '100'],
        ['SSCAN', 'i', '0'],
        ['SSCAN', 'i', '0', 'MATCH', '1*'],
        ['SSCAN', 'i', '0', 'MATCH', '-*', 'COUNT', '1'],
        ['SSCAN', 'i', '99', 'COUNT', '1'],
        ['SSCAN', 'i', '-1'],
        ['SSCAN', 'i', ''],
        ['SSCAN', 'nokey', '0'],
        ['SSCAN', 'nokey', '0', 'COUNT', '0'],
        ['SSCAN', 'i', 'x'],
        ['SSCAN', 'i', '18446744073709551616'],
        ['SSCAN', 'i', '0', 'COUNT', '0'],
        ['SSCAN', 'i', '0', 'COUNT', 'x'],
        ['SSCAN', 'i', '0', 'MATCH'],
        ['SSCAN', 'i', '0', 'TYPE', 'set'],
        ['SSCAN', 'i'],
      ]);
    });

    it('SSCAN: a full iteration of a hashtable sees every member once, MATCH filters', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const members = range(0, 700, 'm');
      await c.both('SADD', 's', ...members);
      for (const conn of [c.pigeon, c.reference]) {
        assert.deepEqual((await scanAll(conn, 's')).sort(), [...members].sort());
        assert.deepEqual((await scanAll(conn, 's', ['COUNT', '3'])).sort(), [...members].sort());
        assert.deepEqual((await scanAll(conn, 's', ['MATCH', 'm1?'])).sort(), range(10, 20, 'm').sort());
      }
    });

    it('COPY: a copied set is independent and keeps its encoding', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SADD', 'i', '3', '1', '2'],
        ['COPY', 'i', 'i2'],
        ['SADD', 'i2', '0'],
        ['SREM', 'i2', '3'],
        ['SMEMBERS', 'i'],
        ['SMEMBERS', 'i2'],
        ['OBJECT', 'ENCODING', 'i2'],
        ['SADD', 's', 'x'],
        ['COPY', 's', 's2'],
        ['OBJECT', 'ENCODING', 's2'],
      ]);
    });
  });

  describe(`differential: sets with a small intset limit (RESP${resp})`, () => {
    const suite = pairSuite({
      broker: { 'set-max-intset-entries': 4 },
      referenceArgs: ['--set-max-intset-entries', '4'],
    });

    it('encoding: converts at the configured limit, for every way of adding', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SADD', 'i', '4', '3', '2', '1'],
        ['OBJECT', 'ENCODING', 'i'],
        ['SMEMBERS', 'i'],
        ['SADD', 'i', '5'],
        ['OBJECT', 'ENCODING', 'i'],
        ['SADD', 'j', '1', '2', '3', '4'],
        ['SADD', 'k', '5'],
        ['SMOVE', 'k', 'j', '5'],
        ['OBJECT', 'ENCODING', 'j'],
        ['SADD', 'u1', '1', '2', '3'],
        ['SADD', 'u2', '4', '5'],
        ['SUNIONSTORE', 'u', 'u1', 'u2'],
        ['OBJECT', 'ENCODING', 'u'],
        ['SUNION', 'u1', 'u2', { normalize: sortArray }],
        ['SUNIONSTORE', 'u', 'u1', 'u1'],
        ['OBJECT', 'ENCODING', 'u'],
        ['SUNION', 'u1', 'u1'],
        ['SADD', 'p', '1', '2', '3', '4', '5', '6'],
        ['SPOP', 'p', '6', { normalize: sortArray }],
      ]);
    });
  });
}
