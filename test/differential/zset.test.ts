/*
 * Differential: the sorted set commands (ZADD, ZINCRBY, ZREM, ZSCORE, ZMSCORE, ZCARD, ZCOUNT,
 * ZLEXCOUNT, ZRANK, ZREVRANK, ZRANGE and its legacy forms, ZRANGESTORE, ZPOPMIN, ZPOPMAX, ZMPOP,
 * ZRANDMEMBER, ZREMRANGEBY*, ZUNION, ZINTER, ZDIFF and their *STORE forms, ZINTERCARD, ZSCAN)
 * against redis-server 7.0.15, in RESP2 and RESP3, success and error paths, the listpack ->
 * skiplist encoding transitions (OBJECT ENCODING) with the default limits, small limits given at
 * startup and limits changed by CONFIG SET, keyspace events, server.dirty and keyspace hit/miss
 * counts, COMMAND INFO / DOCS of every command, and seeded random command sequences.
 *
 * What is normalised, and why:
 *   - everything about a sorted set's contents is ordered by Redis (score, then member), so ZRANGE,
 *     ZUNION, ZPOPMIN, ... replies are compared byte for byte, scores included, and so is ZSCAN
 *     of a listpack (all at once, cursor 0, the score text as the listpack stores it);
 *   - random replies (ZRANDMEMBER with a count below the size, or negative) are compared in shape
 *     with every string and double replaced (anyString, replaceDoubles), and each side is checked
 *     on its own: the count, membership, each score against its member, uniqueness where Redis
 *     guarantees it;
 *   - ZSCAN of a skiplist is compared by collecting a full iteration on each side, or with its
 *     member/score pairs sorted (sortScanPairs) when it fits in one reply;
 *   - keyspace hit and miss counters and server.dirty (rdb_changes_since_last_save) are compared
 *     as numbers read from INFO; replies of the commands run to move them are compared in shape.
 *
 * Lex ranges over mixed scores are compared on listpacks only: on a skiplist Redis's answer
 * depends on its random node levels. The random sequences respect that (see fuzzCommands).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compose,
  pairSuite,
  replaceDoubles,
  replaceStrings,
  shapeCase,
  type Case,
} from '../helpers/diff.js';
import { connectPair, scanPairs } from '../helpers/keyspace.js';
import { parseReply, type RawClient, type Reply } from '../helpers/raw.js';
import { prng } from '../helpers/prng.js';

/** Every bulk or simple string, at any depth, becomes `<s>`: compares reply shapes only. */
const anyString = replaceStrings(/^[\s\S]*$/, '<s>');
const shapeOnly = compose(anyString, replaceDoubles);

/** ZADD key <score(i)> <prefix><i> for i in [from, from + n). */
function zaddMany(key: string, n: number, prefix = 'm', score: (i: number) => number | string = (i) => i, from = 0): string[] {
  const argv = ['ZADD', key];
  for (let i = from; i < from + n; i++) argv.push(String(score(i)), `${prefix}${i}`);
  return argv;
}

/** Random replies: the same shape on both sides (strings and doubles blanked), then `check` on each. */
const randomCase = shapeCase(shapeOnly);

/** Member/score pairs of a WITHSCORES-like reply: flat in RESP2, nested in RESP3. */
function scorePairs(reply: Reply, withScores: boolean): [string, number | null][] {
  assert.ok(Array.isArray(reply), `expected an array, got ${String(reply)}`);
  const out: [string, number | null][] = [];
  if (!withScores) {
    for (const m of reply) out.push([m as string, null]);
  } else if (reply.length > 0 && Array.isArray(reply[0])) {
    for (const pair of reply) {
      const [m, s] = pair as [string, Reply];
      out.push([m, Number(s)]);
    }
  } else {
    for (let i = 0; i < reply.length; i += 2) out.push([reply[i] as string, Number(reply[i + 1])]);
  }
  return out;
}

/**
 * A ZSCAN reply of a skiplist with its member/score pairs sorted (Redis's dict order is a hash
 * artefact); the cursor and every member and score text are still compared.
 */
function sortScanPairs(reply: string): string {
  const [cursor, items] = parseReply(reply) as [string, string[]];
  const pairs: string[] = [];
  for (let i = 0; i < items.length; i += 2) pairs.push(JSON.stringify([items[i], items[i + 1]]));
  return JSON.stringify([cursor, pairs.sort()]);
}

/** A full ZSCAN iteration on one side. */
function scanAll(conn: RawClient, key: string, extra: string[] = []): Promise<Map<string, string>> {
  return scanPairs(conn, 'ZSCAN', key, extra);
}

/** Read frames on one side until one contains `marker`; everything read, as latin1. */
async function readThrough(raw: RawClient, marker: string): Promise<string> {
  let all = '';
  for (;;) {
    const f = (await raw.readReplies(1)).toString('latin1');
    all += f;
    if (f.includes(marker)) return all;
  }
}

/** rdb_changes_since_last_save (server.dirty) from INFO persistence. */
async function dirty(conn: RawClient): Promise<number> {
  const info = parseReply(await conn.send('INFO', 'persistence')) as string;
  const m = /\r\nrdb_changes_since_last_save:(\d+)\r\n/.exec(info);
  assert.ok(m, 'INFO persistence has rdb_changes_since_last_save');
  return Number(m[1]);
}

/** keyspace_hits and keyspace_misses from INFO stats. */
async function hitsAndMisses(conn: RawClient): Promise<[number, number]> {
  const info = parseReply(await conn.send('INFO', 'stats')) as string;
  const hits = /\r\nkeyspace_hits:(\d+)\r\n/.exec(info);
  const misses = /\r\nkeyspace_misses:(\d+)\r\n/.exec(info);
  assert.ok(hits && misses, 'INFO stats has keyspace_hits and keyspace_misses');
  return [Number(hits[1]), Number(misses[1])];
}

/**
 * Random deterministic sorted set commands over a few keys. Keys k0..k2 hold mixed scores and get
 * no lex commands (Redis's answer to a lex range over mixed scores in a skiplist depends on its
 * random levels); keys l0..l2 only ever hold score 0 (or -0) and get every lex command. Store
 * commands keep to their family, so the invariant holds.
 */
function fuzzCommands(seed: number, n: number): string[][] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const SCORES = ['0', '1', '2', '-1', '1.5', '0.1', '-0', 'inf', '-inf', '3', '1e300', '-2.5', '7'];
  const MEMBERS = ['a', 'b', 'c', 'd', 'e', 'ab', '', 'z', 'long-member-x', '\xff', 'B', 'aa'];
  const member = (): string => pick(MEMBERS);
  const scoreBound = (): string => (random() < 0.3 ? '(' : '') + pick(['-inf', '+inf', '0', '1', '1.5', '2', '-1', '3', '7']);
  const lexBound = (): string => (random() < 0.15 ? pick(['-', '+']) : pick(['[', '(']) + member());
  const rank = (): string => String(int(-8, 8));
  const limit = (): string[] => (random() < 0.4 ? ['LIMIT', String(int(-1, 5)), String(int(-2, 5))] : []);
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const lex = random() < 0.4;
    const key = (lex ? 'l' : 'k') + int(0, 2);
    const other = (lex ? 'l' : 'k') + int(0, 2);
    const score = (): string => (lex ? pick(['0', '-0']) : pick(SCORES));
    const r = random();
    if (r < 0.25) {
      const flags = random() < 0.5 ? [] : [pick(['NX', 'XX', 'GT', 'LT', 'CH', 'XX', 'GT'])];
      if (random() < 0.2) flags.push('CH');
      const pairs: string[] = [];
      if (random() < 0.15) {
        out.push(['ZADD', key, ...flags, 'INCR', score(), member()]);
        continue;
      }
      for (let j = int(1, 4); j > 0; j--) pairs.push(score(), member());
      out.push(['ZADD', key, ...flags, ...pairs]);
    } else if (r < 0.3) {
      out.push(['ZINCRBY', key, lex ? '0' : pick(SCORES), member()]);
    } else if (r < 0.35) {
      out.push(['ZREM', key, member(), member()]);
    } else if (r < 0.42) {
      out.push(['ZRANGE', key, rank(), rank(), ...(random() < 0.5 ? ['REV'] : []), ...(random() < 0.5 ? ['WITHSCORES'] : [])]);
    } else if (r < 0.5) {
      if (lex) out.push(['ZRANGE', key, lexBound(), lexBound(), 'BYLEX', ...(random() < 0.5 ? ['REV'] : []), ...limit()]);
      else out.push(['ZRANGE', key, scoreBound(), scoreBound(), 'BYSCORE', ...(random() < 0.5 ? ['REV'] : []), ...limit(), ...(random() < 0.5 ? ['WITHSCORES'] : [])]);
    } else if (r < 0.55) {
      out.push(lex ? ['ZLEXCOUNT', key, lexBound(), lexBound()] : ['ZCOUNT', key, scoreBound(), scoreBound()]);
    } else if (r < 0.6) {
      out.push(['ZMSCORE', key, member(), member()], [pick(['ZRANK', 'ZREVRANK']), key, member()]);
    } else if (r < 0.65) {
      const which = lex ? pick(['ZREMRANGEBYLEX', 'ZREMRANGEBYRANK']) : pick(['ZREMRANGEBYSCORE', 'ZREMRANGEBYRANK']);
      if (which === 'ZREMRANGEBYLEX') out.push([which, key, lexBound(), lexBound()]);
      else if (which === 'ZREMRANGEBYSCORE') out.push([which, key, scoreBound(), scoreBound()]);
      else out.push([which, key, rank(), rank()]);
    } else if (r < 0.7) {
      const args = [pick(['ZPOPMIN', 'ZPOPMAX']), key];
      if (random() < 0.6) args.push(String(int(0, 3)));
      out.push(args);
    } else if (r < 0.73) {
      out.push(['ZMPOP', '2', key, other, pick(['MIN', 'MAX']), 'COUNT', String(int(1, 3))]);
    } else if (r < 0.85) {
      const op = pick(['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE', 'ZUNION', 'ZINTER', 'ZDIFF']);
      const third = (lex ? 'l' : 'k') + int(0, 2);
      const keys = random() < 0.5 ? [key, other] : [key, other, third];
      const args = op.endsWith('STORE') ? [op, (lex ? 'l' : 'k') + int(0, 2), String(keys.length), ...keys] : [op, String(keys.length), ...keys];
      if (!op.startsWith('ZDIFF')) {
        if (random() < 0.5) args.push('WEIGHTS', ...keys.map(() => (lex ? pick(['1', '2', '-1']) : pick(['1', '2', '0.5', '-1', '0', 'inf']))));
        if (random() < 0.5) args.push('AGGREGATE', pick(['SUM', 'MIN', 'MAX']));
      }
      if (!op.endsWith('STORE') && random() < 0.6) args.push('WITHSCORES');
      out.push(args);
    } else if (r < 0.9) {
      const dst = (lex ? 'l' : 'k') + int(0, 2);
      if (lex && random() < 0.5) out.push(['ZRANGESTORE', dst, key, lexBound(), lexBound(), 'BYLEX', ...limit()]);
      else if (!lex && random() < 0.5) out.push(['ZRANGESTORE', dst, key, scoreBound(), scoreBound(), 'BYSCORE', ...(random() < 0.5 ? ['REV'] : []), ...limit()]);
      else out.push(['ZRANGESTORE', dst, key, rank(), rank(), ...(random() < 0.5 ? ['REV'] : [])]);
    } else if (r < 0.93) {
      out.push(['ZINTERCARD', '2', key, other, ...(random() < 0.5 ? ['LIMIT', String(int(0, 3))] : [])]);
    } else {
      out.push(['ZRANGE', key, '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', key], ['ZCARD', key]);
    }
  }
  return out;
}

const LONG64 = 'x'.repeat(64);
const LONG65 = 'y'.repeat(65);

const ZSET_COMMANDS = [
  'zadd', 'zincrby', 'zrem', 'zscore', 'zmscore', 'zcard', 'zcount', 'zlexcount', 'zrank', 'zrevrank', 'zrange',
  'zrangebyscore', 'zrevrangebyscore', 'zrangebylex', 'zrevrangebylex', 'zrevrange', 'zrangestore', 'zpopmin',
  'zpopmax', 'zmpop', 'zrandmember', 'zremrangebyscore', 'zremrangebyrank', 'zremrangebylex', 'zunionstore',
  'zinterstore', 'zdiffstore', 'zunion', 'zinter', 'zdiff', 'zintercard', 'zscan',
];

for (const resp of [2, 3] as const) {
  describe(`differential: sorted sets (RESP${resp})`, () => {
    const suite = pairSuite();

    it('ZADD/ZSCORE/ZCARD: adds and updates members, replies scores as %.17g', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '1', 'a'],
        ['ZADD', 'z', '2', 'b', '3', 'c'],
        ['ZADD', 'z', '1', 'a', '5', 'b', '5', 'b', '0.5', 'd'],
        ['ZCARD', 'z'],
        ['ZCARD', 'nokey'],
        ['ZSCORE', 'z', 'a'],
        ['ZSCORE', 'z', 'b'],
        ['ZSCORE', 'z', 'd'],
        ['ZSCORE', 'z', 'nomember'],
        ['ZSCORE', 'nokey', 'a'],
        ['ZADD', 'n', '0.1', 'a', '1e300', 'b', '-1.5e-300', 'c', 'inf', 'd', '-inf', 'e', '+inf', 'f', '-INFINITY', 'g'],
        ['ZADD', 'n', '1e-310', 'h', '0x10', 'i', '0x1.8p1', 'j', '5.', 'k', '.5', 'l', '+7', 'm', '00012', 'o'],
        ['ZADD', 'n', '3.0000000000000000001', 'p', '123456789012345678901234567890', 'q', '0.30000000000000004', 'r'],
        ['ZADD', 'n', '9007199254740993', 's', '-0.0', 't', '1E3', 'u', '4611686018427387904', 'v', '2.5e-5', 'w'],
        ['ZRANGE', 'n', '0', '-1', 'WITHSCORES'],
        ['ZMSCORE', 'n', 'a', 'b', 'c', 'h', 'nomember', 'q', 't'],
        ['ZADD', 'bin', '1', '', '2', 'bin\x00\xff\r\n', '3', ' '],
        ['ZRANGE', 'bin', '0', '-1', 'WITHSCORES'],
        ['ZSCORE', 'bin', ''],
        ['ZSCORE', 'bin', 'bin\x00\xff\r\n'],
        ['TYPE', 'z'],
        ['OBJECT', 'ENCODING', 'z'],
      ]);
    });

    it('ZADD: ties are ordered by member bytes, updates move members', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '1', 'b', '1', 'a', '1', 'c', '1', 'B', '1', '\xff', '1', 'ab', '1', '', '0', 'z'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        ['ZADD', 'z', '2', 'a', '-1', '\xff', '1', 'z'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        ['ZADD', 'z', 'inf', 'b', '-inf', 'c'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        ['ZADD', 'z', 'inf', 'b', '-inf', 'c'],
        ['ZRANK', 'z', 'b'],
        ['ZRANK', 'z', 'c'],
      ]);
    });

    it('ZADD: NX, XX, GT, LT and CH', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '1', 'a', '2', 'b'],
        ['ZADD', 'z', 'NX', '10', 'a', '3', 'c'],
        ['ZADD', 'z', 'XX', '10', 'a', '4', 'd'],
        ['ZADD', 'z', 'XX', 'CH', '11', 'a', '4', 'd', '2', 'b'],
        ['ZADD', 'z', 'CH', '12', 'a', '5', 'e', '3', 'c'],
        ['ZADD', 'z', 'GT', 'CH', '1', 'a', '20', 'b', '6', 'f'],
        ['ZADD', 'z', 'LT', 'CH', '100', 'a', '1', 'b', '7', 'g'],
        ['ZADD', 'z', 'gt', 'xx', 'ch', '50', 'a', '50', 'nomember'],
        ['ZADD', 'z', 'lt', 'xx', '-50', 'a'],
        ['ZADD', 'z', 'nx', 'nx', 'ch', 'ch', '0', 'h'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        ['ZADD', 'nokey', 'XX', '1', 'a'],
        ['EXISTS', 'nokey'],
        ['ZADD', 'nokey', 'XX', 'INCR', '1', 'a'],
        ['EXISTS', 'nokey'],
        ['ZADD', 'gtnew', 'GT', '5', 'a'],
        ['ZADD', 'ltnew', 'LT', 'CH', '5', 'a'],
        ['ZRANGE', 'gtnew', '0', '-1', 'WITHSCORES'],
        // Equal scores are no update, with or without CH.
        ['ZADD', 'z', 'CH', '-50', 'a'],
        ['ZADD', 'z', 'GT', 'CH', '-50', 'a'],
      ]);
    });

    it('ZADD: INCR, and the null reply when NX / XX / GT / LT abort it', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', 'INCR', '1.5', 'a'],
        ['ZADD', 'z', 'INCR', '1.5', 'a'],
        ['ZADD', 'z', 'INCR', '-3', 'a'],
        ['ZADD', 'z', 'INCR', 'NX', '1', 'a'],
        ['ZADD', 'z', 'NX', 'INCR', '1', 'b'],
        ['ZADD', 'z', 'XX', 'INCR', '1', 'nomember'],
        ['ZADD', 'z', 'XX', 'INCR', '1', 'b'],
        ['ZADD', 'z', 'GT', 'INCR', '-1', 'b'],
        ['ZADD', 'z', 'GT', 'INCR', '1', 'b'],
        ['ZADD', 'z', 'LT', 'INCR', '1', 'b'],
        ['ZADD', 'z', 'LT', 'INCR', '0', 'b'],
        ['ZADD', 'z', 'GT', 'INCR', '0', 'b'],
        ['ZADD', 'z', 'INCR', 'CH', '0', 'b'],
        ['ZADD', 'z', 'INCR', 'inf', 'c'],
        ['ZADD', 'z', 'INCR', 'inf', 'c'],
        ['ZADD', 'z', 'INCR', '-inf', 'c'],
        ['ZADD', 'z', 'INCR', '1e308', 'd'],
        ['ZADD', 'z', 'INCR', '1e308', 'd'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'],
        ['ZADD', 'z', 'incr', '1', 'a', '2'],
      ]);
    });

    it('ZADD: option and score errors, checked before the key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '1'],
        ['ZADD', 'z', '1', 'a', '2'],
        ['ZADD', 'z', 'NX'],
        ['ZADD', 'z', 'NX', '1'],
        ['ZADD', 'z', '1', 'a', 'NX'],
        ['ZADD', 'z', 'CH', 'GT'],
        ['ZADD', 'z', 'NX', 'XX', '1', 'a'],
        ['ZADD', 'z', 'NX', 'GT', '1', 'a'],
        ['ZADD', 'z', 'LT', 'NX', '1', 'a'],
        ['ZADD', 'z', 'GT', 'LT', '1', 'a'],
        ['ZADD', 'z', 'NX', 'XX', 'GT', '1', 'a'],
        ['ZADD', 'z', 'NX', 'XX', 'INCR', '1', 'a', '2', 'b'],
        ['ZADD', 'z', 'GT', 'LT', 'INCR', '1', 'a', '2', 'b'],
        ['ZADD', 'z', 'nan', 'a'],
        ['ZADD', 'z', '-nan', 'a'],
        ['ZADD', 'z', 'abc', 'a'],
        ['ZADD', 'z', '', 'a'],
        ['ZADD', 'z', ' 1', 'a'],
        ['ZADD', 'z', '1 ', 'a'],
        ['ZADD', 'z', '1e', 'a'],
        ['ZADD', 'z', '1e400', 'a'],
        ['ZADD', 'z', '-1e400', 'a'],
        ['ZADD', 'z', '1e-400', 'a'],
        ['ZADD', 'z', '0x', 'a'],
        ['ZADD', 'z', '1\x00', 'a'],
        ['ZADD', 'z', '1', 'a', 'x', 'b'],
        ['EXISTS', 'z'],
        ['SET', 's', 'v'],
        ['ZADD', 's', 'x', 'a'],
        ['ZADD', 's', 'NX', 'XX', '1', 'a'],
        ['ZADD', 's', '1', 'a'],
        ['ZADD', 's', 'XX', '1', 'a'],
        ['ZADD', 'z'],
        ['ZADD', 'z', '1'],
      ]);
    });

    it('ZINCRBY: increments, creates, and refuses NaN results and bad increments', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZINCRBY', 'z', '1', 'a'],
        ['ZINCRBY', 'z', '2.5', 'a'],
        ['ZINCRBY', 'z', '-10', 'a'],
        ['ZINCRBY', 'z', '0.1', 'b'],
        ['ZINCRBY', 'z', '0.2', 'b'],
        ['ZINCRBY', 'z', 'inf', 'c'],
        ['ZINCRBY', 'z', '-inf', 'c'],
        ['ZSCORE', 'z', 'c'],
        ['ZINCRBY', 'z', 'inf', 'c'],
        ['ZINCRBY', 'z', '1e308', 'd'],
        ['ZINCRBY', 'z', '1e308', 'd'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        ['ZINCRBY', 'z', 'x', 'a'],
        ['ZINCRBY', 'z', 'nan', 'a'],
        ['ZINCRBY', 'z', '', 'a'],
        ['ZINCRBY', 'z', '1e999', 'a'],
        // The increment is read through ZADD's option parser, as in Redis.
        ['ZINCRBY', 'z', 'nx', 'a'],
        ['ZINCRBY', 'z', 'incr', 'a'],
        ['ZINCRBY', 'z', 'xx', 'ch'],
        ['ZINCRBY', 'z', 'gt', 'lt'],
        ['ZINCRBY', 'nokey', 'x', 'a'],
        ['EXISTS', 'nokey'],
        ['SET', 's', 'v'],
        ['ZINCRBY', 's', '1', 'a'],
        ['ZINCRBY', 's', 'x', 'a'],
        ['ZINCRBY', 'z', '1'],
        ['ZINCRBY', 'z', '1', 'a', 'b'],
      ]);
    });

    it('ZADD/ZINCRBY: -0 is stored as 0 in a listpack and kept in a skiplist', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'lp', '-0', 'a', '1', 'b'],
        ['ZSCORE', 'lp', 'a'],
        ['ZINCRBY', 'lp', '-0', 'c'],
        ['ZSCORE', 'lp', 'c'],
        ['ZADD', 'lp', 'INCR', '-0', 'd'],
        ['ZSCORE', 'lp', 'd'],
        ['ZADD', 'lp', '-0', 'b'],
        ['ZADD', 'lp', '0', 'b'],
        ['ZINCRBY', 'lp', '-1', 'b'],
        ['ZRANGE', 'lp', '0', '-1', 'WITHSCORES'],
        ['ZSCAN', 'lp', '0'],
        ['ZADD', 'sl', '1', LONG65, '-0', 'a'],
        ['OBJECT', 'ENCODING', 'sl'],
        ['ZSCORE', 'sl', 'a'],
        ['ZINCRBY', 'sl', '-0', 'c'],
        ['ZSCORE', 'sl', 'c'],
        ['ZADD', 'sl', '0', 'a'],
        ['ZSCORE', 'sl', 'a'],
        ['ZRANGE', 'sl', '0', '-1', 'WITHSCORES'],
        ['ZMSCORE', 'sl', 'a', 'c'],
        ['ZSCAN', 'sl', '0', { normalize: sortScanPairs }],
        // The member that converts the set goes into the skiplist with its sign.
        ['ZADD', 'cv', '1', 'a'],
        ['ZADD', 'cv', '-0', LONG65, '-0', 'b'],
        ['ZRANGE', 'cv', '0', '-1', 'WITHSCORES'],
        ['ZPOPMIN', 'cv'],
        ['ZPOPMIN', 'cv', '5'],
        ['ZADD', 'nk', '-0', LONG65],
        ['ZRANGE', 'nk', '0', '-1', 'WITHSCORES'],
        ['ZINCRBY', 'nk2', '-0', LONG65],
        ['ZRANGE', 'nk2', '0', '-1', 'WITHSCORES'],
      ]);
    });

    it('ZREM: removes members, counts each once, deletes the emptied key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
        ['ZREM', 'z', 'a', 'a', 'nomember'],
        ['ZREM', 'z', 'nomember'],
        ['ZRANGE', 'z', '0', '-1'],
        ['ZREM', 'nokey', 'a'],
        ['ZREM', 'z', 'b', 'c', 'd'],
        ['EXISTS', 'z'],
        ['ZCARD', 'z'],
        ['ZADD', 'big', ...zaddMany('x', 200).slice(2)],
        ['ZREM', 'big', ...Array.from({ length: 150 }, (_, i) => `m${i}`)],
        ['ZCARD', 'big'],
        ['OBJECT', 'ENCODING', 'big'],
        ['ZREM', 'z'],
      ]);
    });

    it('ZMSCORE/ZRANK/ZREVRANK: per member answers, nulls for missing members and keys', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '1', 'a', '2', 'b', '2', 'c', '-1', 'd'],
        ['ZMSCORE', 'z', 'a', 'nomember', 'b', 'a', 'd'],
        ['ZMSCORE', 'nokey', 'a', 'b'],
        ['ZRANK', 'z', 'a'],
        ['ZRANK', 'z', 'c'],
        ['ZRANK', 'z', 'd'],
        ['ZRANK', 'z', 'nomember'],
        ['ZRANK', 'nokey', 'a'],
        ['ZREVRANK', 'z', 'a'],
        ['ZREVRANK', 'z', 'c'],
        ['ZREVRANK', 'z', 'd'],
        ['ZREVRANK', 'z', 'nomember'],
        ['ZREVRANK', 'nokey', 'a'],
        // Redis 7.0 has no WITHSCORE for ZRANK.
        ['ZRANK', 'z', 'a', 'WITHSCORE'],
        ['ZREVRANK', 'z', 'a', 'WITHSCORE'],
        ['ZMSCORE', 'z'],
        ['ZRANK', 'z'],
      ]);
    });

    it('ZCOUNT: inclusive, exclusive and infinite bounds, and bad bounds', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '-inf', 'ninf', '1', 'a', '2', 'b', '2', 'c', '3', 'd', 'inf', 'pinf'],
        ['ZCOUNT', 'z', '-inf', '+inf'],
        ['ZCOUNT', 'z', '(-inf', '(+inf'],
        ['ZCOUNT', 'z', '2', '2'],
        ['ZCOUNT', 'z', '(2', '2'],
        ['ZCOUNT', 'z', '(1', '(3'],
        ['ZCOUNT', 'z', '3', '1'],
        ['ZCOUNT', 'z', '1.5', '1.7'],
        ['ZCOUNT', 'z', '-1e999', '1e999'],
        ['ZCOUNT', 'z', '0x1', '0X2'],
        ['ZCOUNT', 'z', '(', '('],
        ['ZCOUNT', 'z', '', '3'],
        ['ZCOUNT', 'z', 'inf', 'inf'],
        ['ZCOUNT', 'z', '(inf', 'inf'],
        ['ZCOUNT', 'z', '1\x00junk', '3'],
        ['ZCOUNT', 'nokey', '0', '1'],
        ['ZCOUNT', 'z', 'a', '1'],
        ['ZCOUNT', 'z', '1', 'b'],
        ['ZCOUNT', 'z', 'nan', '1'],
        ['ZCOUNT', 'z', '(nan', '1'],
        ['ZCOUNT', 'z', ' ', '1'],
        ['ZCOUNT', 'z', '1 ', '2'],
        ['ZCOUNT', 'z', '((1', '2'],
        ['ZCOUNT', 'nokey', 'x', '1'],
        ['ZCOUNT', 'z', '1'],
      ]);
    });

    it('ZLEXCOUNT: lex ranges and bad items', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', '', '0', 'ab'],
        ['ZLEXCOUNT', 'z', '-', '+'],
        ['ZLEXCOUNT', 'z', '+', '-'],
        ['ZLEXCOUNT', 'z', '-', '-'],
        ['ZLEXCOUNT', 'z', '+', '+'],
        ['ZLEXCOUNT', 'z', '[a', '[c'],
        ['ZLEXCOUNT', 'z', '(a', '(c'],
        ['ZLEXCOUNT', 'z', '[', '(b'],
        ['ZLEXCOUNT', 'z', '(', '+'],
        ['ZLEXCOUNT', 'z', '[c', '[a'],
        ['ZLEXCOUNT', 'z', '[b', '(b'],
        ['ZLEXCOUNT', 'z', '+\x00', '-\x00x'],
        ['ZLEXCOUNT', 'nokey', '-', '+'],
        ['ZLEXCOUNT', 'z', 'a', '+'],
        ['ZLEXCOUNT', 'z', '-', 'c'],
        ['ZLEXCOUNT', 'z', '', '+'],
        ['ZLEXCOUNT', 'z', '-a', '+'],
        ['ZLEXCOUNT', 'z', '++', '-'],
        ['ZLEXCOUNT', 'nokey', 'x', '+'],
      ]);
    });

    it('ZRANGE/ZREVRANGE: by rank, negative indices, out of range, WITHSCORES', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const cases: Case[] = [['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e']];
      for (const [start, stop] of [['0', '-1'], ['1', '3'], ['-2', '-1'], ['-100', '1'], ['3', '100'], ['3', '2'], ['5', '9'], ['-1', '-5'], ['0', '0'], ['-9223372036854775808', '9223372036854775807']]) {
        cases.push(['ZRANGE', 'z', start!, stop!]);
        cases.push(['ZRANGE', 'z', start!, stop!, 'WITHSCORES']);
        cases.push(['ZRANGE', 'z', start!, stop!, 'REV', 'withscores']);
        cases.push(['ZREVRANGE', 'z', start!, stop!, 'WITHSCORES']);
      }
      cases.push(
        ['ZRANGE', 'nokey', '0', '-1'],
        ['ZRANGE', 'nokey', '0', '-1', 'WITHSCORES'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES', 'WITHSCORES'],
        ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '-1'],
        ['ZRANGE', 'z', '0', '-1', 'LIMIT', '1', '2'],
        ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '-2'],
        ['ZRANGE', 'z', '0', '-1', 'LIMIT', 'x', '2'],
        ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0'],
        ['ZRANGE', 'z', 'a', '-1'],
        ['ZRANGE', 'z', '0', '1.5'],
        ['ZRANGE', 'z', '0', '9223372036854775808'],
        ['ZRANGE', 'z', '0', '-1', 'REV', 'REV'],
        ['ZRANGE', 'z', '0', '-1', 'FOO'],
        ['ZREVRANGE', 'z', '0', '-1', 'REV'],
        ['ZREVRANGE', 'z', '0', '-1', 'BYSCORE'],
        ['ZREVRANGE', 'z', '0', '-1', 'LIMIT', '0', '1'],
        ['ZRANGE', 'z', '0'],
      );
      await c.cases(cases);
    });

    it('ZRANGE BYSCORE/ZRANGEBYSCORE/ZREVRANGEBYSCORE: bounds, LIMIT and REV', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const cases: Case[] = [['ZADD', 'z', '-inf', 'ninf', '1', 'a', '2', 'b', '2', 'c', '3', 'd', '4', 'e', 'inf', 'pinf']];
      for (const [min, max] of [['-inf', '+inf'], ['(-inf', '(inf'], ['2', '2'], ['(2', '2'], ['(1', '3'], ['1', '(3'], ['3', '1'], ['1.5', '1.7'], ['(2', '(2'], ['inf', 'inf'], ['-inf', '-inf']]) {
        cases.push(['ZRANGEBYSCORE', 'z', min!, max!]);
        cases.push(['ZRANGEBYSCORE', 'z', min!, max!, 'WITHSCORES']);
        cases.push(['ZREVRANGEBYSCORE', 'z', max!, min!, 'WITHSCORES']);
        cases.push(['ZRANGE', 'z', min!, max!, 'BYSCORE', 'WITHSCORES']);
        cases.push(['ZRANGE', 'z', max!, min!, 'BYSCORE', 'REV']);
      }
      for (const [offset, count] of [['0', '2'], ['1', '2'], ['2', '-1'], ['0', '-5'], ['0', '0'], ['-1', '2'], ['6', '5'], ['7', '1'], ['100', '1'], ['1', '9223372036854775807']]) {
        cases.push(['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', offset!, count!]);
        cases.push(['ZRANGEBYSCORE', 'z', '(1', '4', 'WITHSCORES', 'LIMIT', offset!, count!]);
        cases.push(['ZREVRANGEBYSCORE', 'z', '4', '(1', 'LIMIT', offset!, count!, 'WITHSCORES']);
        cases.push(['ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', offset!, count!]);
      }
      cases.push(
        ['ZRANGEBYSCORE', 'z', '0', '3', 'LIMIT', '1', '1', 'LIMIT', '0', '2'],
        ['ZRANGEBYSCORE', 'nokey', '-inf', '+inf'],
        ['ZRANGEBYSCORE', 'nokey', 'x', '+inf'],
        ['ZRANGEBYSCORE', 'z', 'x', '+inf'],
        ['ZRANGEBYSCORE', 'z', '0', '(x'],
        ['ZRANGEBYSCORE', 'z', '0', '1', 'LIMIT', 'x', '1'],
        ['ZRANGEBYSCORE', 'z', '0', '1', 'LIMIT', '0', 'x'],
        ['ZRANGEBYSCORE', 'z', '0', '1', 'LIMIT', '0'],
        ['ZRANGEBYSCORE', 'z', '0', '1', 'BYSCORE'],
        ['ZRANGEBYSCORE', 'z', '0', '1', 'REV'],
        ['ZREVRANGEBYSCORE', 'z', '1', '0', 'REV'],
        ['ZRANGEBYSCORE', 'z', '0', '1', 'WITHSCORE'],
        ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYSCORE'],
        ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYLEX'],
        ['ZRANGE', 'z', 'x', '1', 'BYSCORE', 'LIMIT', 'x', '1'],
        ['ZRANGE', 'z', 'x', '1', 'BYSCORE'],
      );
      await c.cases(cases);
    });

    it('ZRANGE BYLEX/ZRANGEBYLEX/ZREVRANGEBYLEX: lex bounds, LIMIT, REV, and no WITHSCORES', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const cases: Case[] = [['ZADD', 'z', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'f', '0', 'g', '0', '', '0', 'aa']];
      for (const [min, max] of [['-', '+'], ['-', '[c'], ['-', '(c'], ['[aaa', '(g'], ['[', '(b'], ['(', '+'], ['+', '-'], ['[c', '[a'], ['(c', '[c'], ['[c', '[c'], ['-', '-'], ['+', '+']]) {
        cases.push(['ZRANGEBYLEX', 'z', min!, max!]);
        cases.push(['ZREVRANGEBYLEX', 'z', max!, min!]);
        cases.push(['ZRANGE', 'z', min!, max!, 'BYLEX']);
        cases.push(['ZRANGE', 'z', max!, min!, 'BYLEX', 'REV']);
      }
      for (const [offset, count] of [['0', '2'], ['2', '3'], ['1', '-1'], ['0', '0'], ['-1', '5'], ['9', '1'], ['10', '1']]) {
        cases.push(['ZRANGEBYLEX', 'z', '-', '+', 'LIMIT', offset!, count!]);
        cases.push(['ZREVRANGEBYLEX', 'z', '[f', '(a', 'LIMIT', offset!, count!]);
        cases.push(['ZRANGE', 'z', '(a', '[f', 'BYLEX', 'LIMIT', offset!, count!]);
      }
      cases.push(
        ['ZRANGEBYLEX', 'nokey', '-', '+'],
        ['ZRANGEBYLEX', 'nokey', 'a', '+'],
        ['ZRANGEBYLEX', 'z', 'a', '+'],
        ['ZRANGEBYLEX', 'z', '-', 'b'],
        ['ZRANGEBYLEX', 'z', '-', '+', 'WITHSCORES'],
        ['ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES'],
        ['ZREVRANGEBYLEX', 'z', '+', '-', 'WITHSCORES'],
        ['ZRANGE', 'z', 'x', '+', 'BYLEX', 'WITHSCORES'],
        ['ZRANGEBYLEX', 'z', '-', '+', 'LIMIT', '0', 'x'],
        ['ZRANGEBYLEX', 'z', '-', '+', 'BYLEX'],
        ['ZRANGEBYLEX', 'z', '-', '+', 'LIMIT'],
        // Mixed scores: the walk Redis does, not a lexicographical sort.
        ['ZADD', 'mixed', '1', 'a', '0', 'b', '2', 'c', '0', 'd'],
        ['ZRANGEBYLEX', 'mixed', '-', '+'],
        ['ZRANGEBYLEX', 'mixed', '[b', '[c'],
        ['ZREVRANGEBYLEX', 'mixed', '[c', '[b'],
        ['ZLEXCOUNT', 'mixed', '[b', '[c'],
      );
      await c.cases(cases);
    });

    it('ZRANGESTORE: stores ranks, scores and lex ranges, deletes on empty, overwrites', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'src', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
        ['ZRANGESTORE', 'dst', 'src', '0', '-1'],
        ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
        ['ZRANGESTORE', 'dst', 'src', '1', '2', 'REV'],
        ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
        ['ZRANGESTORE', 'dst', 'src', '(1', '4', 'BYSCORE', 'LIMIT', '1', '2'],
        ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
        ['ZRANGESTORE', 'dst', 'src', '+inf', '3', 'BYSCORE', 'REV'],
        ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
        ['ZRANGESTORE', 'dst', 'src', '[b', '(e', 'BYLEX'],
        ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
        ['ZRANGESTORE', 'dst', 'src', '+', '[c', 'BYLEX', 'REV', 'LIMIT', '0', '2'],
        ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
        ['OBJECT', 'ENCODING', 'dst'],
        ['ZRANGESTORE', 'dst', 'src', '10', '20'],
        ['EXISTS', 'dst'],
        ['ZRANGESTORE', 'dst', 'src', '0', '-1'],
        ['ZRANGESTORE', 'dst', 'nokey', '0', '-1'],
        ['EXISTS', 'dst'],
        ['ZRANGESTORE', 'dst', 'nokey', '0', '-1'],
        ['SET', 'str', 'v'],
        ['EXPIRE', 'str', '100'],
        ['ZRANGESTORE', 'str', 'src', '0', '0'],
        ['TYPE', 'str'],
        ['TTL', 'str'],
        ['ZRANGESTORE', 'src', 'src', '1', '2'],
        ['ZRANGE', 'src', '0', '-1', 'WITHSCORES'],
        ['ZRANGESTORE', 'dst', 'str2', '0', '-1'],
        ['SET', 'str2', 'v'],
        ['ZRANGESTORE', 'dst', 'str2', '0', '-1'],
        ['ZRANGESTORE', 'dst', 'src', '0', '-1', 'WITHSCORES'],
        ['ZRANGESTORE', 'dst', 'src', '0', '-1', 'LIMIT', '0', '1'],
        ['ZRANGESTORE', 'dst', 'src', '-', '+', 'BYSCORE'],
        ['ZRANGESTORE', 'dst', 'src', 'a', '+', 'BYLEX'],
        ['ZRANGESTORE', 'dst', 'src', '0'],
      ]);
    });

    it('ZREMRANGEBYRANK/ZREMRANGEBYSCORE/ZREMRANGEBYLEX: remove ranges, delete emptied keys', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f'],
        ['ZREMRANGEBYRANK', 'z', '1', '1'],
        ['ZREMRANGEBYRANK', 'z', '-2', '-1'],
        ['ZREMRANGEBYRANK', 'z', '5', '10'],
        ['ZREMRANGEBYRANK', 'z', '2', '1'],
        ['ZREMRANGEBYRANK', 'z', '-100', '-50'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        ['ZREMRANGEBYRANK', 'z', '-100', '100'],
        ['EXISTS', 'z'],
        ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f'],
        ['ZREMRANGEBYSCORE', 'z', '(1', '3'],
        ['ZREMRANGEBYSCORE', 'z', '10', '20'],
        ['ZREMRANGEBYSCORE', 'z', '5', '4'],
        ['ZREMRANGEBYSCORE', 'z', '(4', '(5'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        ['ZREMRANGEBYSCORE', 'z', '-inf', '+inf'],
        ['EXISTS', 'z'],
        ['ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e'],
        ['ZREMRANGEBYLEX', 'l', '[b', '(d'],
        ['ZREMRANGEBYLEX', 'l', '(e', '+'],
        ['ZREMRANGEBYLEX', 'l', '+', '-'],
        ['ZRANGE', 'l', '0', '-1'],
        ['ZREMRANGEBYLEX', 'l', '-', '+'],
        ['EXISTS', 'l'],
        ['ZREMRANGEBYRANK', 'nokey', '0', '-1'],
        ['ZREMRANGEBYSCORE', 'nokey', '-inf', '+inf'],
        ['ZREMRANGEBYLEX', 'nokey', '-', '+'],
        ['ZREMRANGEBYRANK', 'nokey', 'x', '-1'],
        ['ZREMRANGEBYRANK', 'z', '0', '1.5'],
        ['ZREMRANGEBYSCORE', 'nokey', 'x', '1'],
        ['ZREMRANGEBYSCORE', 'z', '1', '(x'],
        ['ZREMRANGEBYLEX', 'nokey', 'x', '+'],
        ['ZREMRANGEBYLEX', 'z', '-', 'x'],
        ['ZREMRANGEBYRANK', 'z', '0'],
        ['ZREMRANGEBYSCORE', 'z', '0', '1', '2'],
      ]);
    });

    it('ZPOPMIN/ZPOPMAX: single pops, counts, nested pairs in RESP3, errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '-0.5', 'f'],
        ['ZPOPMIN', 'z'],
        ['ZPOPMAX', 'z'],
        ['ZPOPMIN', 'z', '1'],
        ['ZPOPMAX', 'z', '2'],
        ['ZPOPMIN', 'z', '0'],
        ['ZPOPMAX', 'z', '0'],
        ['ZPOPMIN', 'z', '10'],
        ['EXISTS', 'z'],
        ['ZPOPMIN', 'nokey'],
        ['ZPOPMIN', 'nokey', '1'],
        ['ZPOPMAX', 'nokey', '0'],
        ['ZPOPMIN', 'nokey', '-1'],
        ['ZPOPMIN', 'nokey', 'x'],
        ['ZPOPMAX', 'nokey', '1.5'],
        ['ZPOPMIN', 'nokey', '1', '2'],
        ['ZADD', 'z', '1', 'a', '2', 'b'],
        ['ZPOPMAX', 'z', '9223372036854775807'],
        ['EXISTS', 'z'],
        ['ZADD', 'z', 'inf', 'a', '-inf', 'b', '0.1', 'c'],
        ['ZPOPMAX', 'z'],
        ['ZPOPMIN', 'z'],
        ['ZPOPMIN', 'z', '-5'],
        ['ZPOPMIN', 'z', '1', 'x'],
        ['SET', 's', 'v'],
        ['ZPOPMIN', 's'],
        ['ZPOPMAX', 's', '0'],
        ['ZPOPMIN', 's', '-1'],
        ['ZPOPMIN'],
      ]);
    });

    it('ZMPOP: pops from the first non-empty key, with every error', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c'],
        ['ZADD', 'z2', '10', 'x', '20', 'y'],
        ['ZMPOP', '2', 'nokey', 'z1', 'MIN'],
        ['ZMPOP', '2', 'z1', 'z2', 'max', 'COUNT', '10'],
        ['EXISTS', 'z1'],
        ['ZMPOP', '3', 'nokey', 'z1', 'z2', 'MIN', 'count', '1'],
        ['ZMPOP', '1', 'z2', 'MAX'],
        ['ZMPOP', '2', 'z1', 'z2', 'MIN'],
        ['ZMPOP', '1', 'nokey', 'MIN', 'COUNT', '5'],
        ['ZMPOP', '0', 'z1', 'MIN'],
        ['ZMPOP', '-1', 'z1', 'MIN'],
        ['ZMPOP', 'x', 'z1', 'MIN'],
        ['ZMPOP', '2', 'z1', 'MIN'],
        ['ZMPOP', '5', 'z1', 'MIN'],
        ['ZMPOP', '1', 'z1', 'MIDDLE'],
        ['ZMPOP', '1', 'z1', 'MIN', 'COUNT'],
        ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', '0'],
        ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', '-1'],
        ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', 'x'],
        ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', '1', 'COUNT', '1'],
        ['ZMPOP', '1', 'z1', 'MIN', 'FOO'],
        ['SET', 's', 'v'],
        ['ZADD', 'z3', '1', 'a'],
        ['ZMPOP', '2', 's', 'z3', 'MIN'],
        ['ZMPOP', '2', 'z3', 's', 'MIN'],
        ['ZMPOP', '2', 'nokey', 's', 'MAX'],
        ['ZMPOP', '1', 'z1'],
      ]);
    });

    it('ZRANDMEMBER: errors, missing keys and whole-set replies from the top', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZRANDMEMBER', 'nokey'],
        ['ZRANDMEMBER', 'nokey', '5'],
        ['ZRANDMEMBER', 'nokey', '-5', 'WITHSCORES'],
        ['ZRANDMEMBER', 'nokey', '0'],
        ['ZRANDMEMBER', 'nokey', 'x'],
        ['ZRANDMEMBER', 'nokey', '1.5'],
        ['ZRANDMEMBER', 'nokey', '3', 'foo'],
        ['ZRANDMEMBER', 'nokey', '3', 'WITHSCORES', 'x'],
        ['ZRANDMEMBER', 'nokey', 'x', 'foo'],
        ['ZRANDMEMBER', 'nokey', '-9223372036854775808'],
        ['ZRANDMEMBER', 'nokey', '-9223372036854775808', 'foo'],
        ['ZRANDMEMBER', 'nokey', '9223372036854775808'],
        ['ZRANDMEMBER', 'nokey', '-9223372036854775807', 'WITHSCORES'],
        ['ZRANDMEMBER', 'nokey', '-4611686018427387904', 'WITHSCORES'],
        ['ZRANDMEMBER', 'nokey', '-4611686018427387905', 'WITHSCORES'],
        ['ZRANDMEMBER', 'nokey', '4611686018427387904', 'WITHSCORES'],
        ['ZRANDMEMBER', 'nokey', '4611686018427387903', 'WITHSCORES'],
        ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', 'inf', 'd'],
        ['ZRANDMEMBER', 'z', '0'],
        ['ZRANDMEMBER', 'z', '0', 'WITHSCORES'],
        ['ZRANDMEMBER', 'z', '4'],
        ['ZRANDMEMBER', 'z', '100', 'WITHSCORES'],
        ['ZRANDMEMBER', 'z', '9223372036854775807'],
        ['ZRANDMEMBER', 'z', '4611686018427387903', 'withscores'],
        ['ZADD', 'one', '5', 'only'],
        ['ZRANDMEMBER', 'one'],
        ['ZRANDMEMBER', 'one', '1'],
        ['ZRANDMEMBER', 'one', '1', 'WITHSCORES'],
        ['ZRANDMEMBER', 'one', '-3'],
        ['ZRANDMEMBER', 'one', '-3', 'WITHSCORES'],
        ['ZADD', 'big', ...zaddMany('x', 200, 'm', (i) => i * 0.5).slice(2)],
        ['ZRANDMEMBER', 'big', '200'],
        ['ZRANDMEMBER', 'big', '300', 'WITHSCORES'],
      ]);
    });

    it('ZRANDMEMBER: random counts have the right shape, members and scores', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      for (const [key, n] of [['small', 30], ['big', 300]] as const) {
        await c.both(...zaddMany(key, n, 'm', (i) => i * 1.5));
        for (const count of [null, 1, 2, 5, 9, 10, 11, Math.floor(n / 2), n - 1, -1, -5, -n, -3 * n]) {
          for (const withScores of count === null ? [false] : [false, true]) {
            const args = count === null ? ['ZRANDMEMBER', key] : ['ZRANDMEMBER', key, String(count), ...(withScores ? ['WITHSCORES'] : [])];
            await randomCase(c, args, (reply, side) => {
              const got = count === null ? [[reply as string, null] as [string, null]] : scorePairs(reply, withScores);
              assert.equal(got.length, Math.abs(count ?? 1), `${side}: ${args.join(' ')} count`);
              for (const [m, s] of got) {
                assert.match(m, /^m\d+$/, `${side}: ${args.join(' ')} returned ${m}`);
                const i = Number(m.slice(1));
                assert.ok(i >= 0 && i < n, `${side}: ${args.join(' ')} returned ${m}`);
                if (withScores) assert.equal(s, i * 1.5, `${side}: ${args.join(' ')} score of ${m}`);
              }
              if (count !== null && count > 0) {
                assert.equal(new Set(got.map(([m]) => m)).size, got.length, `${side}: ${args.join(' ')} repeated a member`);
              }
            });
          }
        }
      }
    });

    it('ZUNION/ZINTER/ZDIFF: weights, aggregates, sets as inputs, missing keys', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'],
        ['ZADD', 'b', '10', 'y', '20', 'z', '30', 'w'],
        ['SADD', 'si', '1', '2', '3'],
        ['SADD', 'sh', 'x', 'w', 'v'],
        ['ZUNION', '2', 'a', 'b'],
        ['ZUNION', '2', 'a', 'b', 'WITHSCORES'],
        ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '2', '0.5', 'WITHSCORES'],
        ['ZUNION', '2', 'a', 'b', 'AGGREGATE', 'MIN', 'WITHSCORES'],
        ['ZUNION', '2', 'a', 'b', 'aggregate', 'max', 'weights', '-1', '1', 'withscores'],
        ['ZUNION', '3', 'a', 'nokey', 'b', 'WITHSCORES'],
        ['ZUNION', '4', 'a', 'si', 'sh', 'b', 'WITHSCORES'],
        ['ZUNION', '2', 'a', 'a', 'WITHSCORES'],
        ['ZUNION', '1', 'nokey', 'WITHSCORES'],
        ['ZINTER', '2', 'a', 'b'],
        ['ZINTER', '2', 'a', 'b', 'WITHSCORES'],
        ['ZINTER', '2', 'a', 'b', 'WEIGHTS', '2', '3', 'AGGREGATE', 'MAX', 'WITHSCORES'],
        ['ZINTER', '2', 'a', 'b', 'AGGREGATE', 'MIN', 'WITHSCORES'],
        ['ZINTER', '2', 'a', 'a', 'WEIGHTS', '1', '10', 'WITHSCORES'],
        ['ZINTER', '2', 'a', 'nokey', 'WITHSCORES'],
        ['ZINTER', '2', 'a', 'sh', 'WITHSCORES'],
        ['ZINTER', '2', 'si', 'si', 'WITHSCORES'],
        ['ZINTER', '1', 'sh', 'WEIGHTS', '7', 'WITHSCORES'],
        ['ZDIFF', '2', 'a', 'b'],
        ['ZDIFF', '2', 'a', 'b', 'WITHSCORES'],
        ['ZDIFF', '3', 'b', 'a', 'sh', 'WITHSCORES'],
        ['ZDIFF', '2', 'a', 'a', 'WITHSCORES'],
        ['ZDIFF', '2', 'nokey', 'a'],
        ['ZDIFF', '2', 'a', 'nokey', 'WITHSCORES'],
        ['ZDIFF', '1', 'si', 'WITHSCORES'],
        ['ZDIFF', '2', 'sh', 'b', 'WITHSCORES'],
      ]);
    });

    it('ZUNION/ZINTER: inf * 0 weights, inf - inf sums, and the order sums are taken in', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'p', 'inf', 'x', '1', 'y', '-inf', 'z'],
        ['ZADD', 'n', '-inf', 'x', '2', 'y', 'inf', 'z'],
        ['ZUNION', '2', 'p', 'n', 'WITHSCORES'],
        ['ZINTER', '2', 'p', 'n', 'WITHSCORES'],
        ['ZUNION', '2', 'p', 'n', 'WEIGHTS', '0', '1', 'WITHSCORES'],
        ['ZINTER', '2', 'p', 'n', 'WEIGHTS', '0', '0', 'WITHSCORES'],
        ['ZUNION', '1', 'p', 'WEIGHTS', 'inf', 'WITHSCORES'],
        ['ZUNION', '1', 'p', 'WEIGHTS', '-inf', 'WITHSCORES'],
        ['ZINTER', '2', 'p', 'n', 'AGGREGATE', 'MIN', 'WITHSCORES'],
        ['ZINTER', '2', 'p', 'n', 'AGGREGATE', 'MAX', 'WITHSCORES'],
        // Different sizes fix the summation order: smallest input first.
        ['ZADD', 'k3', '0.1', 'x', '1', 'q1', '1', 'q2'],
        ['ZADD', 'k1', '0.2', 'x'],
        ['ZADD', 'k2', '0.3', 'x', '1', 'q3'],
        ['ZUNION', '3', 'k3', 'k1', 'k2', 'WITHSCORES'],
        ['ZINTER', '3', 'k3', 'k1', 'k2', 'WITHSCORES'],
        ['ZUNION', '3', 'k1', 'k2', 'k3', 'WITHSCORES'],
        ['ZINTER', '3', 'k2', 'k3', 'k1', 'WEIGHTS', '3', '1.1', '7', 'WITHSCORES'],
        ['ZUNION', '3', 'k2', 'k3', 'k1', 'WEIGHTS', '0.7', '1e-17', '3', 'WITHSCORES'],
      ]);
    });

    it('ZUNION/ZINTER/ZDIFF/ZINTERCARD: argument errors, WRONGTYPE before syntax errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'a', '1', 'x'],
        ['SET', 's', 'v'],
        ['ZUNION', '0', 'a'],
        ['ZUNION', '-1', 'a'],
        ['ZUNION', 'x', 'a'],
        ['ZUNION', '2', 'a'],
        ['ZUNION', '9223372036854775807', 'a'],
        ['ZINTER', '0', 'a'],
        ['ZDIFF', '0', 'a'],
        ['ZUNION', '1', 'a', 'WEIGHTS'],
        ['ZUNION', '1', 'a', 'WEIGHTS', 'x'],
        ['ZUNION', '1', 'a', 'WEIGHTS', 'nan'],
        ['ZUNION', '1', 'a', 'WEIGHTS', '1', '2'],
        ['ZUNION', '2', 'a', 'a', 'WEIGHTS', '1'],
        ['ZUNION', '1', 'a', 'AGGREGATE'],
        ['ZUNION', '1', 'a', 'AGGREGATE', 'AVG'],
        ['ZUNION', '1', 'a', 'WITHSCORES', 'FOO'],
        ['ZUNION', '1', 'a', 'LIMIT', '1'],
        ['ZDIFF', '1', 'a', 'WEIGHTS', '1'],
        ['ZDIFF', '1', 'a', 'AGGREGATE', 'SUM'],
        ['ZUNION', '2', 'a', 's'],
        ['ZUNION', '2', 'a', 's', 'FOO'],
        ['ZUNION', '2', 's', 'nokey', 'WEIGHTS', 'x', 'y'],
        ['ZINTER', '2', 'nokey', 's'],
        ['ZDIFF', '2', 'nokey', 's'],
        ['ZINTERCARD', '2', 'a', 's'],
        ['ZUNIONSTORE', 'd', '2', 'a', 's'],
        ['ZUNIONSTORE', 'd', '0', 'a'],
        ['ZINTERSTORE', 'd', '0', 'a'],
        ['ZDIFFSTORE', 'd', '0', 'a'],
        ['ZUNIONSTORE', 'd', '1', 'a', 'WITHSCORES'],
        ['ZUNIONSTORE', 'd', '2', 'a'],
        ['ZDIFFSTORE', 'd', '1', 'a', 'WEIGHTS', '2'],
        ['EXISTS', 'd'],
        ['ZINTERCARD', '0', 'a'],
        ['ZINTERCARD', '-1', 'a'],
        ['ZINTERCARD', 'x', 'a'],
        ['ZINTERCARD', '2', 'a'],
        ['ZINTERCARD', '1', 'a', 'LIMIT'],
        ['ZINTERCARD', '1', 'a', 'LIMIT', '-1'],
        ['ZINTERCARD', '1', 'a', 'LIMIT', 'x'],
        ['ZINTERCARD', '1', 'a', 'WITHSCORES'],
        ['ZINTERCARD', '1', 'a', 'WEIGHTS', '1'],
        ['ZINTERCARD', '1', 'a', 'LIMIT', '1', 'LIMIT', '2'],
        ['ZUNION', '1'],
        ['ZUNIONSTORE', 'd', '1'],
        ['ZINTERCARD', '1'],
      ]);
    });

    it('ZINTERCARD: counts the intersection, with LIMIT', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'a', '1', 'x', '2', 'y', '3', 'z', '4', 'w'],
        ['ZADD', 'b', '1', 'y', '2', 'z', '3', 'w', '4', 'v'],
        ['SADD', 's', 'z', 'w', 'u'],
        ['ZINTERCARD', '2', 'a', 'b'],
        ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '0'],
        ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
        ['ZINTERCARD', '2', 'a', 'b', 'limit', '2'],
        ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '100'],
        ['ZINTERCARD', '3', 'a', 'b', 's'],
        ['ZINTERCARD', '2', 'a', 'a'],
        ['ZINTERCARD', '2', 'a', 'nokey'],
        ['ZINTERCARD', '1', 'nokey'],
        ['ZINTERCARD', '1', 's'],
      ]);
    });

    it('ZUNIONSTORE/ZINTERSTORE/ZDIFFSTORE: store, overwrite any type and TTL, delete on empty', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'],
        ['ZADD', 'b', '10', 'y', '20', 'z', '30', 'w'],
        ['SADD', 's', 'x', 'v'],
        ['ZUNIONSTORE', 'd', '3', 'a', 'b', 's', 'WEIGHTS', '1', '2', '3', 'AGGREGATE', 'SUM'],
        ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
        ['OBJECT', 'ENCODING', 'd'],
        ['ZINTERSTORE', 'd', '2', 'a', 'b', 'AGGREGATE', 'MAX'],
        ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
        ['ZDIFFSTORE', 'd', '2', 'b', 'a'],
        ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
        ['ZINTERSTORE', 'd', '2', 'a', 'nokey'],
        ['EXISTS', 'd'],
        ['ZINTERSTORE', 'd', '2', 'a', 'nokey'],
        ['ZDIFFSTORE', 'd', '2', 'a', 'a'],
        ['ZUNIONSTORE', 'd', '1', 'nokey'],
        ['SET', 'str', 'v'],
        ['EXPIRE', 'str', '100'],
        ['ZUNIONSTORE', 'str', '1', 'a'],
        ['TYPE', 'str'],
        ['TTL', 'str'],
        ['ZINTERSTORE', 'str', '1', 'nokey'],
        ['EXISTS', 'str'],
        ['ZUNIONSTORE', 'a', '2', 'a', 'b'],
        ['ZRANGE', 'a', '0', '-1', 'WITHSCORES'],
        ['ZDIFFSTORE', 'b', '2', 'b', 'nokey'],
        ['ZRANGE', 'b', '0', '-1', 'WITHSCORES'],
        ['ZINTERSTORE', 'si', '1', 's', 'WEIGHTS', '2.5'],
        ['ZRANGE', 'si', '0', '-1', 'WITHSCORES'],
        ['OBJECT', 'ENCODING', 'si'],
      ]);
    });

    it('*STORE: the result decides the encoding, -0 survives only in a skiplist', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        zaddMany('big', 140, 'm', (i) => i + 1),
        ['ZADD', 'big', '-0', 'neg', '0.5', LONG65],
        ['OBJECT', 'ENCODING', 'big'],
        ['ZSCORE', 'big', 'neg'],
        ['ZUNIONSTORE', 'u', '1', 'big'],
        ['OBJECT', 'ENCODING', 'u'],
        ['ZSCORE', 'u', 'neg'],
        ['ZRANGESTORE', 'r', 'big', '0', '-1'],
        ['OBJECT', 'ENCODING', 'r'],
        ['ZSCORE', 'r', 'neg'],
        // By score the destination starts as a listpack: -0 went in before it converted.
        ['ZRANGESTORE', 'r2', 'big', '-inf', '+inf', 'BYSCORE'],
        ['OBJECT', 'ENCODING', 'r2'],
        ['ZSCORE', 'r2', 'neg'],
        ['ZRANGESTORE', 'r3', 'big', '0', '127'],
        ['OBJECT', 'ENCODING', 'r3'],
        ['ZSCORE', 'r3', 'neg'],
        ['ZRANGESTORE', 'r4', 'big', '0', '128'],
        ['OBJECT', 'ENCODING', 'r4'],
        ['ZRANGESTORE', 'r5', 'big', '0', '1'],
        ['OBJECT', 'ENCODING', 'r5'],
        ['ZRANGE', 'r5', '0', '-1', 'WITHSCORES'],
        ['ZINTERSTORE', 'i', '1', 'big', 'WEIGHTS', '1'],
        ['OBJECT', 'ENCODING', 'i'],
        ['ZADD', 'few', '1', 'neg', '2', 'm1'],
        ['ZINTERSTORE', 'i2', '2', 'big', 'few', 'AGGREGATE', 'MIN'],
        ['OBJECT', 'ENCODING', 'i2'],
        ['ZRANGE', 'i2', '0', '-1', 'WITHSCORES'],
        ['ZDIFFSTORE', 'df', '2', 'big', 'few'],
        ['OBJECT', 'ENCODING', 'df'],
        ['ZSCORE', 'df', 'neg'],
        ['ZADD', 'long', '1', LONG65, '2', 'b'],
        ['ZREM', 'long', LONG65],
        ['OBJECT', 'ENCODING', 'long'],
        ['ZUNIONSTORE', 'long2', '1', 'long'],
        ['OBJECT', 'ENCODING', 'long2'],
        ['ZUNIONSTORE', 'long3', '2', 'long', 'big'],
        ['OBJECT', 'ENCODING', 'long3'],
        ['ZRANGESTORE', 'long4', 'big', '[' + LONG65, '[' + LONG65, 'BYLEX'],
        ['ZRANGESTORE', 'long4', 'big', '0.5', '0.5', 'BYSCORE'],
        ['OBJECT', 'ENCODING', 'long4'],
        ['ZUNION', '1', 'big', 'WITHSCORES'],
        ['ZINTER', '2', 'big', 'few', 'WITHSCORES'],
      ]);
    });

    it('ZSCAN: a listpack replies at once with its stored score text, MATCH and COUNT', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '1.2345678901234568e17', 'a', '4611686018427387904', 'b', '9223372036854775808', 'c', '0.1', 'd'],
        ['ZADD', 'z', 'inf', 'e', '-inf', 'f', '1e16', 'g', '-4611686018427387904', 'h', '-4611686018427387905', 'i', '3', 'ab'],
        ['ZADD', 'z', '1e300', 'j', '-0', 'k', '1e-5', 'l', '-7', 'm', '2.5', 'n', '100', ''],
        ['ZSCAN', 'z', '0'],
        ['ZSCAN', 'z', '0', 'MATCH', 'a*'],
        ['ZSCAN', 'z', '0', 'match', '*b'],
        ['ZSCAN', 'z', '0', 'MATCH', '*'],
        ['ZSCAN', 'z', '0', 'MATCH', '[a-c]'],
        ['ZSCAN', 'z', '0', 'MATCH', 'nothing'],
        ['ZSCAN', 'z', '0', 'COUNT', '1'],
        ['ZSCAN', 'z', '0', 'COUNT', '1', 'MATCH', 'b', 'COUNT', '5', 'MATCH', 'c'],
        ['ZSCAN', 'z', '5'],
        ['ZSCAN', 'z', '18446744073709551615'],
        ['ZSCAN', 'nokey', '0'],
        ['ZSCAN', 'nokey', '0', 'COUNT', '0'],
        ['ZSCAN', 'nokey', '0', 'BADOPT'],
        ['ZSCAN', 'z', 'x'],
        ['ZSCAN', 'z', '-1'],
        ['ZSCAN', 'z', ''],
        ['ZSCAN', 'z', '18446744073709551616'],
        ['ZSCAN', 'nokey', 'x'],
        ['ZSCAN', 'z', '0', 'COUNT', '0'],
        ['ZSCAN', 'z', '0', 'COUNT', 'x'],
        ['ZSCAN', 'z', '0', 'COUNT'],
        ['ZSCAN', 'z', '0', 'MATCH'],
        ['ZSCAN', 'z', '0', 'TYPE', 'zset'],
        ['ZSCAN', 'z', '0', 'NOSCORES'],
        ['ZSCAN', 'z'],
      ]);
    });

    it('ZSCAN: a full iteration of a skiplist sees every member once with %.17g scores', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.both(...zaddMany('z', 400, 'm', (i) => (i % 3 === 0 ? i / 7 : i * 1e15)));
      await c.both('ZADD', 'z', '-0', 'negzero', 'inf', 'pinf', '-inf', 'ninf');
      await c.both('OBJECT', 'ENCODING', 'z');
      const expected = await scanAll(c.reference, 'z');
      assert.equal(expected.size, 403);
      for (const conn of [c.pigeon, c.reference]) {
        assert.deepEqual(await scanAll(conn, 'z'), expected);
        assert.deepEqual(await scanAll(conn, 'z', ['COUNT', '7']), expected);
        const matched = await scanAll(conn, 'z', ['MATCH', 'm1?']);
        assert.deepEqual([...matched.keys()].sort(), Array.from({ length: 10 }, (_, i) => `m1${i}`).sort());
      }
    });

    it('sorted set commands: fail with WRONGTYPE on a key of another type', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 's', 'x'],
        ['ZADD', 's', '1', 'a'],
        ['ZINCRBY', 's', '1', 'a'],
        ['ZREM', 's', 'a'],
        ['ZSCORE', 's', 'a'],
        ['ZMSCORE', 's', 'a'],
        ['ZCARD', 's'],
        ['ZCOUNT', 's', '0', '1'],
        ['ZLEXCOUNT', 's', '-', '+'],
        ['ZRANK', 's', 'a'],
        ['ZREVRANK', 's', 'a'],
        ['ZRANGE', 's', '0', '-1'],
        ['ZRANGE', 's', '0', '1', 'BYSCORE'],
        ['ZRANGEBYSCORE', 's', '0', '1'],
        ['ZREVRANGEBYSCORE', 's', '1', '0'],
        ['ZRANGEBYLEX', 's', '-', '+'],
        ['ZREVRANGEBYLEX', 's', '+', '-'],
        ['ZREVRANGE', 's', '0', '-1'],
        ['ZRANGESTORE', 'd', 's', '0', '-1'],
        ['ZPOPMIN', 's'],
        ['ZPOPMAX', 's', '2'],
        ['ZMPOP', '1', 's', 'MIN'],
        ['ZRANDMEMBER', 's'],
        ['ZRANDMEMBER', 's', '2'],
        ['ZRANDMEMBER', 's', '-2', 'WITHSCORES'],
        ['ZREMRANGEBYSCORE', 's', '0', '1'],
        ['ZREMRANGEBYRANK', 's', '0', '1'],
        ['ZREMRANGEBYLEX', 's', '-', '+'],
        ['ZUNION', '1', 's'],
        ['ZINTER', '1', 's'],
        ['ZDIFF', '1', 's'],
        ['ZUNIONSTORE', 'd', '1', 's'],
        ['ZINTERSTORE', 'd', '1', 's'],
        ['ZDIFFSTORE', 'd', '1', 's'],
        ['ZINTERCARD', '1', 's'],
        ['ZSCAN', 's', '0'],
        ['ZSCAN', 's', '0', 'COUNT', '0'],
        ['HSET', 'h', 'f', 'v'],
        ['ZUNION', '1', 'h'],
        ['SADD', 'set', 'a'],
        ['ZRANGE', 'set', '0', '-1'],
        ['ZRANDMEMBER', 'set'],
        ['ZADD', 'z', '1', 'a'],
        ['SADD', 'z', 'a'],
        ['HSET', 'z', 'a', '1'],
        ['GET', 's'],
        ['EXISTS', 'd'],
      ]);
    });

    it('encoding: a listpack becomes a skiplist past 128 members or 64 bytes, for good', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        zaddMany('z', 128),
        ['OBJECT', 'ENCODING', 'z'],
        ['ZADD', 'z', '1000', 'm0'],
        ['OBJECT', 'ENCODING', 'z'],
        ['ZADD', 'z', '128', 'm128'],
        ['OBJECT', 'ENCODING', 'z'],
        ['ZREMRANGEBYRANK', 'z', '0', '-2'],
        ['OBJECT', 'ENCODING', 'z'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        zaddMany('z2', 129),
        ['OBJECT', 'ENCODING', 'z2'],
        ['ZRANGE', 'z2', '120', '-1', 'WITHSCORES'],
        ['ZADD', 'v', '1', LONG64],
        ['OBJECT', 'ENCODING', 'v'],
        ['ZADD', 'v', '1', LONG65],
        ['OBJECT', 'ENCODING', 'v'],
        ['ZREM', 'v', LONG65],
        ['OBJECT', 'ENCODING', 'v'],
        ['ZADD', 'w', '1', LONG65],
        ['OBJECT', 'ENCODING', 'w'],
        ['ZINCRBY', 'w2', '1', LONG65],
        ['OBJECT', 'ENCODING', 'w2'],
        // ZADD on a new key decides from its first member only, then converts as members arrive.
        ['ZADD', 'dup', ...Array.from({ length: 129 }, () => ['1', 'same']).flat()],
        ['OBJECT', 'ENCODING', 'dup'],
        ['ZADD', 'xx', 'XX', '1', LONG65],
        ['EXISTS', 'xx'],
        ['ZADD', 'nx', '1', 'a'],
        ['ZADD', 'nx', 'NX', '1', 'a', '2', LONG65],
        ['OBJECT', 'ENCODING', 'nx'],
        ['ZADD', 'xxonly', '1', 'a'],
        ['ZADD', 'xxonly', 'XX', '1', LONG65],
        ['OBJECT', 'ENCODING', 'xxonly'],
      ]);
    });

    it('COPY: a copied sorted set is independent and keeps its encoding', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '1', 'a', '2', 'b'],
        ['COPY', 'z', 'z2'],
        ['ZADD', 'z2', '3', 'c'],
        ['ZREM', 'z2', 'a'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        ['ZRANGE', 'z2', '0', '-1', 'WITHSCORES'],
        ['OBJECT', 'ENCODING', 'z2'],
        ['ZADD', 'big', '1', LONG65],
        ['COPY', 'big', 'big2'],
        ['OBJECT', 'ENCODING', 'big2'],
        ['ZRANGE', 'big2', '0', '-1', 'WITHSCORES'],
      ]);
    });

    it('keyspace events: every write publishes what Redis publishes, no-ops publish nothing', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const sub = await pair.client('sub');
      if (resp === 3) await sub.resp3();
      sub.write('SUBSCRIBE', 'sync');
      await sub.read(1);
      sub.write('PSUBSCRIBE', '__key*__:*');
      await sub.read(1);
      const c = await connectPair(pair, resp);
      await c.both('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
      try {
        await c.cases([
          ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
          ['ZADD', 'z', '1', 'a'],
          ['ZADD', 'z', 'NX', '9', 'a'],
          ['ZADD', 'z', 'XX', '1', 'nomember'],
          ['ZADD', 'nokey', 'XX', '1', 'a'],
          ['ZADD', 'z', 'CH', '1.5', 'a'],
          ['ZADD', 'z', 'INCR', '1', 'a'],
          ['ZADD', 'z', 'INCR', 'NX', '1', 'a'],
          ['ZINCRBY', 'z', '0', 'a'],
          ['ZINCRBY', 'z', '1', 'f'],
          ['ZADD', 'z', 'x', 'a'],
          ['ZREM', 'z', 'nomember'],
          ['ZREM', 'z', 'f', 'nomember'],
          ['ZREMRANGEBYSCORE', 'z', '100', '200'],
          ['ZREMRANGEBYSCORE', 'z', '(2', '3'],
          ['ZREMRANGEBYRANK', 'z', '5', '10'],
          ['ZREMRANGEBYRANK', 'z', '0', '0'],
          ['ZADD', 'lex', '0', 'a', '0', 'b'],
          ['ZREMRANGEBYLEX', 'lex', '[x', '+'],
          ['ZREMRANGEBYLEX', 'lex', '-', '+'],
          ['ZPOPMIN', 'z'],
          ['ZPOPMAX', 'z', '0'],
          ['ZPOPMAX', 'nokey'],
          ['ZADD', 'p', '1', 'a', '2', 'b'],
          ['ZPOPMAX', 'p', '5'],
          ['ZADD', 'p', '1', 'a', '2', 'b'],
          ['ZMPOP', '2', 'nokey', 'p', 'MAX', 'COUNT', '1'],
          ['ZMPOP', '1', 'p', 'MIN', 'COUNT', '9'],
          ['ZADD', 'u', '1', 'x'],
          ['ZUNIONSTORE', 'dst', '2', 'z', 'u'],
          ['ZINTERSTORE', 'dst', '2', 'z', 'u'],
          ['ZINTERSTORE', 'dst', '2', 'z', 'u'],
          ['ZDIFFSTORE', 'dst', '1', 'u'],
          ['ZRANGESTORE', 'dst', 'z', '0', '-1'],
          ['ZRANGESTORE', 'dst', 'z', '10', '20'],
          ['ZRANGESTORE', 'dst', 'z', '10', '20'],
          ['ZUNION', '1', 'z'],
          ['ZRANGE', 'z', '0', '-1'],
          ['ZREM', 'u', 'x'],
        ]);
        await c.both('PUBLISH', 'sync', 'end-zset');
        const [p, r] = await Promise.all([readThrough(sub.pigeon, 'end-zset'), readThrough(sub.reference, 'end-zset')]);
        assert.equal(p, r, 'the keyspace events received differ (pigeon vs reference)');
      } finally {
        await c.both('CONFIG', 'SET', 'notify-keyspace-events', '');
      }
    });

    it('server.dirty: each write counts the changes Redis counts', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const writes: string[][] = [
        ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'], ['ZADD', 'z', '1', 'a', '9', 'b'],
        ['ZADD', 'z', 'CH', '1', 'a', '8', 'b', '7', 'f'], ['ZADD', 'z', 'NX', '1', 'a'], ['ZADD', 'z', 'x', 'a'],
        ['ZADD', 'z', 'INCR', '1', 'a'], ['ZADD', 'z', 'GT', 'INCR', '-1', 'a'], ['ZINCRBY', 'z', '0', 'a'],
        ['ZINCRBY', 'z', 'inf', 'g'], ['ZINCRBY', 'z', '-inf', 'g'], ['ZREM', 'z', 'g', 'nomember', 'f'],
        ['ZREM', 'z', 'nomember'], ['ZREMRANGEBYSCORE', 'z', '100', '200'], ['ZREMRANGEBYSCORE', 'z', '(1', '3'],
        ['ZREMRANGEBYRANK', 'z', '9', '10'], ['ZREMRANGEBYRANK', 'z', '0', '0'], ['ZADD', 'l', '0', 'a', '0', 'b'],
        ['ZREMRANGEBYLEX', 'l', '-', '+'], ['ZREMRANGEBYLEX', 'l', '-', '+'], ['ZADD', 'p', '1', 'a', '2', 'b', '3', 'c'],
        ['ZPOPMIN', 'p'], ['ZPOPMAX', 'p', '5'], ['ZPOPMIN', 'p', '0'], ['ZADD', 'p', '1', 'a', '2', 'b', '3', 'c'],
        ['ZMPOP', '1', 'p', 'MIN', 'COUNT', '2'], ['ZMPOP', '1', 'nokey', 'MIN'], ['ZUNIONSTORE', 'd', '1', 'z'],
        ['ZINTERSTORE', 'd', '2', 'z', 'nokey'], ['ZINTERSTORE', 'd', '2', 'z', 'nokey'], ['ZDIFFSTORE', 'd', '1', 'z'],
        ['ZRANGESTORE', 'd', 'z', '0', '0'], ['ZRANGESTORE', 'd', 'z', '5', '9'], ['ZRANGESTORE', 'd', 'nokey', '0', '1'],
      ];
      for (const args of writes) {
        const [p0, r0] = await Promise.all([dirty(c.pigeon), dirty(c.reference)]);
        await c.both(...args);
        const [p1, r1] = await Promise.all([dirty(c.pigeon), dirty(c.reference)]);
        assert.equal(p1 - p0, r1 - r0, `${args.join(' ')}: server.dirty grew by ${p1 - p0}, Redis's by ${r1 - r0}`);
      }
    });

    it('keyspace hits and misses: read lookups count, write lookups do not', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.both('ZADD', 'z', '1', 'a', '2', 'b');
      await c.both('SADD', 's', 'a');
      await c.both('CONFIG', 'RESETSTAT');
      const reads: string[][] = [
        ['ZSCORE', 'z', 'a'], ['ZSCORE', 'nokey', 'a'], ['ZMSCORE', 'z', 'a'], ['ZMSCORE', 'nokey', 'a'], ['ZCARD', 'z'],
        ['ZCARD', 'nokey'], ['ZCOUNT', 'z', '0', '1'], ['ZCOUNT', 'nokey', '0', '1'], ['ZCOUNT', 'z', 'x', '1'],
        ['ZLEXCOUNT', 'z', '-', '+'], ['ZRANK', 'z', 'a'], ['ZREVRANK', 'nokey', 'a'], ['ZRANGE', 'z', '0', '-1'],
        ['ZRANGE', 'nokey', '0', '-1'], ['ZRANGEBYSCORE', 'z', '0', '1'], ['ZRANGEBYLEX', 'nokey', '-', '+'],
        ['ZRANGESTORE', 'd', 'z', '0', '-1'], ['ZRANGESTORE', 'd', 'nokey', '0', '-1'], ['ZRANDMEMBER', 'z'],
        ['ZRANDMEMBER', 'nokey', '2'], ['ZUNION', '3', 'z', 'nokey', 's'], ['ZINTERSTORE', 'd', '2', 'z', 'nokey'],
        ['ZDIFF', '2', 'nokey', 'z'], ['ZINTERCARD', '2', 'z', 'z'], ['ZSCAN', 'z', '0'], ['ZSCAN', 'nokey', '0'],
        ['ZADD', 'z', '3', 'c'], ['ZREM', 'nokey', 'a'], ['ZPOPMIN', 'nokey'], ['ZMPOP', '2', 'nokey', 'z', 'MIN'],
        ['ZREMRANGEBYRANK', 'nokey', '0', '1'], ['ZINCRBY', 'z', '1', 'a'],
      ];
      for (const args of reads) await c.both(...args, { normalize: shapeOnly });
      const [p, r] = await Promise.all([hitsAndMisses(c.pigeon), hitsAndMisses(c.reference)]);
      assert.deepEqual(p, r, 'keyspace_hits / keyspace_misses');
    });

    it('lex ranges over mixed scores walk a listpack as Redis does', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.both('ZADD', 'm', '3', 'a', '1', 'b', '2', 'c', '0', 'd', '5', 'e', '4', 'f', '1', 'g', '0', 'ab');
      const bounds = ['-', '+', '[a', '(a', '[b', '(c', '[d', '(e', '[f', '[g', '(z', '[', '(ab'];
      const cases: Case[] = [];
      for (const min of bounds) {
        for (const max of bounds) {
          cases.push(['ZRANGEBYLEX', 'm', min, max], ['ZREVRANGEBYLEX', 'm', max, min], ['ZLEXCOUNT', 'm', min, max]);
          cases.push(['ZRANGE', 'm', min, max, 'BYLEX', 'LIMIT', '1', '2'], ['ZRANGE', 'm', max, min, 'BYLEX', 'REV', 'LIMIT', '1', '1']);
        }
      }
      for (const [min, max] of [['[b', '[e'], ['-', '(c'], ['(d', '+'], ['[f', '[a']]) {
        cases.push(['ZADD', 'd', '3', 'a', '1', 'b', '2', 'c', '0', 'd', '5', 'e', '4', 'f', '1', 'g']);
        cases.push(['ZREMRANGEBYLEX', 'd', min!, max!], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'], ['DEL', 'd']);
      }
      await c.cases(cases);
    });

    for (const seed of [1, 2, 3]) {
      it(`random command sequences give the same replies (seed ${seed})`, async (t) => {
        const pair = suite.get(t);
        if (!pair) return;
        const c = await connectPair(pair, resp);
        await c.cases(fuzzCommands(seed, 400));
      });
    }

    it('COMMAND INFO/DOCS: every sorted set command matches Redis byte for byte', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      for (const name of ZSET_COMMANDS) {
        await c.both('COMMAND', 'INFO', name);
        await c.both('COMMAND', 'DOCS', name);
      }
      await c.both('COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2');
      await c.both('COMMAND', 'GETKEYS', 'ZMPOP', '2', 'a', 'b', 'MIN');
      await c.both('COMMAND', 'GETKEYS', 'ZRANGESTORE', 'd', 's', '0', '-1');
      await c.both('COMMAND', 'GETKEYS', 'ZINTERCARD', '3', 'a', 'b', 'c', 'LIMIT', '1');
    });
  });

  describe(`differential: sorted sets with small listpack limits (RESP${resp})`, () => {
    const suite = pairSuite({
      broker: { 'zset-max-listpack-entries': 4, 'zset-max-listpack-value': 8 },
      referenceArgs: ['--zset-max-listpack-entries', '4', '--zset-max-listpack-value', '8'],
    });

    it('encoding: converts at the configured limits, for every way of adding', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
        ['OBJECT', 'ENCODING', 'z'],
        ['ZADD', 'z', '5', 'e'],
        ['OBJECT', 'ENCODING', 'z'],
        ['ZADD', 'v', '1', '12345678'],
        ['OBJECT', 'ENCODING', 'v'],
        ['ZADD', 'v', '1', '123456789'],
        ['OBJECT', 'ENCODING', 'v'],
        ['ZINCRBY', 'i', '1', 'a'],
        ['ZINCRBY', 'i', '1', 'b'],
        ['ZINCRBY', 'i', '1', 'c'],
        ['ZINCRBY', 'i', '1', 'd'],
        ['OBJECT', 'ENCODING', 'i'],
        ['ZINCRBY', 'i', '1', 'e'],
        ['OBJECT', 'ENCODING', 'i'],
        ['ZADD', 'src', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f'],
        ['ZRANGESTORE', 'd1', 'src', '0', '3'],
        ['OBJECT', 'ENCODING', 'd1'],
        ['ZRANGESTORE', 'd2', 'src', '0', '4'],
        ['OBJECT', 'ENCODING', 'd2'],
        ['ZRANGESTORE', 'd3', 'src', '-inf', '4', 'BYSCORE'],
        ['OBJECT', 'ENCODING', 'd3'],
        ['ZRANGESTORE', 'd4', 'src', '-inf', '5', 'BYSCORE'],
        ['OBJECT', 'ENCODING', 'd4'],
        ['ZUNIONSTORE', 'u1', '1', 'src'],
        ['OBJECT', 'ENCODING', 'u1'],
        ['ZINTERSTORE', 'u2', '2', 'src', 'z'],
        ['OBJECT', 'ENCODING', 'u2'],
        ['ZDIFFSTORE', 'u3', '2', 'src', 'z'],
        ['OBJECT', 'ENCODING', 'u3'],
        ['ZRANGE', 'u3', '0', '-1', 'WITHSCORES'],
        ['ZADD', 'sc', '1', 'a', '2', 'b'],
        ['ZSCAN', 'sc', '0', 'COUNT', '1'],
        ['ZRANDMEMBER', 'sc', '5', 'WITHSCORES'],
      ]);
    });

    for (const seed of [4, 5, 6]) {
      it(`random command sequences give the same replies across conversions (seed ${seed})`, async (t) => {
        const pair = suite.get(t);
        if (!pair) return;
        const c = await connectPair(pair, resp);
        await c.cases(fuzzCommands(seed, 400));
      });
    }

    it('encoding: CONFIG SET changes the limits for sets that are still listpacks', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
        ['CONFIG', 'SET', 'zset-max-listpack-entries', '2'],
        ['ZADD', 'z', '1', 'a'],
        ['OBJECT', 'ENCODING', 'z'],
        ['ZADD', 'z', '4', 'd'],
        ['OBJECT', 'ENCODING', 'z'],
        ['CONFIG', 'SET', 'zset-max-listpack-entries', '10', 'zset-max-listpack-value', '2'],
        ['ZADD', 'y', '1', 'ab'],
        ['OBJECT', 'ENCODING', 'y'],
        ['ZADD', 'y', '1', 'abc'],
        ['OBJECT', 'ENCODING', 'y'],
        ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'],
        ['ZADD', 'x', '-0', 'a'],
        ['OBJECT', 'ENCODING', 'x'],
        ['ZSCORE', 'x', 'a'],
        ['ZADD', 'src', '1', 'a'],
        ['ZUNIONSTORE', 'u', '1', 'src'],
        ['OBJECT', 'ENCODING', 'u'],
        ['ZRANGESTORE', 'r', 'src', '0', '-1'],
        ['OBJECT', 'ENCODING', 'r'],
        ['CONFIG', 'SET', 'zset-max-listpack-entries', '4', 'zset-max-listpack-value', '8'],
      ]);
    });
  });
}
