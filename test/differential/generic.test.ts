/*
 * Differential: the generic (keyspace) commands against redis-server 7.0.15, in RESP2 and RESP3:
 * DEL UNLINK EXISTS TYPE KEYS SCAN RANDOMKEY RENAME RENAMENX COPY MOVE EXPIRE PEXPIRE EXPIREAT
 * PEXPIREAT TTL PTTL EXPIRETIME PEXPIRETIME PERSIST TOUCH OBJECT DBSIZE FLUSHDB FLUSHALL SWAPDB.
 *
 * Replies are compared byte for byte. What is normalised, and why:
 *   - KEYS: sortArray (Redis replies in hash-table order);
 *   - SCAN single calls: sortScanKeys (the key array sorted, cursor and frame types kept). Calls
 *     that do not finish in one step have cursors that are opaque on both sides, so those scans
 *     are compared as whole iterations: the set of keys a full walk returns;
 *   - OBJECT IDLETIME: replaceInts (an LRU clock in seconds; a second boundary may fall between
 *     the write and the read on either side), with its value checked to be 0 or 1 separately.
 * TTLs are compared exactly: absolute deadlines (PEXPIREAT with fixed future timestamps) make
 * PEXPIRETIME/EXPIRETIME deterministic, and TTL in seconds rounds (ttl+500)/1000, so a fresh
 * EXPIRE k 100 reads 100 on both sides unless half a second passes between the two commands.
 * PTTL is only compared where it is deterministic (-1, -2); elsewhere it is checked with a
 * tolerance against the deadline.
 *
 * Some Pigeon-side checks compare counters with the reference's INFO: server.dirty
 * (rdb_changes_since_last_save) and keyspace_hits / keyspace_misses, read from the broker object
 * on the Pigeon side. A final group checks what only Pigeon can show directly (keys past their
 * deadline but not yet reclaimed, AOF argv rewriting).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pairSuite, replaceInts, replaceStrings, sortArray, withPair, type DiffPair, type Normalizer } from '../helpers/diff.js';
import { connectResp } from '../helpers/keyspace.js';
import { encodeCommand, frameEnd, parseReply, type RawClient, type Reply } from '../helpers/raw.js';
import type { Broker } from '../../src/server/index.js';

/** A fixed deadline far in the future (2100-01-01T00:00:00.123Z): PEXPIRETIME reads it back exactly. */
const FAR = 4102444800123;
const FAR2 = 4102444900623;

/** SCAN's reply with its key array sorted; the outer frame, the cursor and the frame types are kept. */
const sortScanKeys: Normalizer = function sortScanKeys(reply) {
  const buf = Buffer.from(reply, 'latin1');
  if (buf[0] !== 0x2a) return reply;
  const afterOuter = buf.indexOf('\r\n', 0, 'latin1') + 2;
  const afterCursor = frameEnd(buf, afterOuter);
  const afterInner = buf.indexOf('\r\n', afterCursor, 'latin1') + 2;
  const items: string[] = [];
  for (let p = afterInner; p < buf.length; ) {
    const end = frameEnd(buf, p);
    items.push(buf.toString('latin1', p, end));
    p = end;
  }
  return buf.toString('latin1', 0, afterInner) + items.sort().join('');
};

/** Any bulk string (RANDOMKEY's choice). */
const anyKey = replaceStrings(/^[\s\S]*$/, '<random key>');

function str(b: Buffer): string {
  return b.toString('latin1');
}

/** Pipeline commands to one side and wait for all their replies. */
async function pipeline(c: RawClient, cmds: string[][]): Promise<Reply[]> {
  const bytes = Buffer.concat(cmds.map((a) => encodeCommand(a)));
  const raw = await c.sendRaw(bytes, cmds.length);
  const out: Reply[] = [];
  for (let p = 0; p < raw.length; ) {
    const end = frameEnd(raw, p);
    out.push(parseReply(raw.subarray(p, end)));
    p = end;
  }
  return out;
}

/** Every key a full SCAN iteration returns (with duplicates, as SCAN may repeat). */
async function scanAll(c: RawClient, args: string[], between?: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let cursor = '0';
  do {
    const r = parseReply(await c.send('SCAN', cursor, ...args)) as [string, string[]];
    assert.ok(Array.isArray(r) && r.length === 2, `SCAN replied ${JSON.stringify(r)}`);
    cursor = r[0];
    seen.push(...r[1]);
    if (between) await between();
  } while (cursor !== '0');
  return seen;
}

function uniqSorted(xs: string[]): string[] {
  return [...new Set(xs)].sort();
}

/** A numeric INFO field of the reference. */
async function refInfo(c: RawClient, section: string, field: string): Promise<number> {
  const text = String(parseReply(await c.send('INFO', section)));
  const m = new RegExp(`\\r\\n${field}:(\\d+)\\r\\n`).exec('\r\n' + text);
  assert.ok(m, `INFO ${section} has no ${field}`);
  return Number(m[1]);
}

function brokerOf(pair: DiffPair): Broker {
  return pair.pigeonServer.broker;
}

for (const resp of [2, 3] as const) {
  describe(`differential: generic commands (RESP${resp})`, () => {
    const suite = pairSuite();

    it('DEL, UNLINK: delete existing keys of any type and count them once', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 'a', '1'],
        ['SET', 'b', '2'],
        ['HSET', 'h', 'f', 'v'],
        ['DEL', 'a', 'a', 'missing', 'h'],
        ['DEL', 'a'],
        ['EXISTS', 'a', 'b', 'h'],
        ['UNLINK', 'b', 'b', 'nope'],
        ['UNLINK', 'b'],
        ['SET', '', 'empty name'],
        ['DEL', ''],
        ['SET', 'bin\x00\xff\r\n', 'x'],
        ['del', 'bin\x00\xff\r\n'],
        ['DEL'],
        ['UNLINK'],
      ]);
    });

    it('EXISTS: counts a key named twice twice; TYPE names every type', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 's', 'v'],
        ['HSET', 'h', 'f', 'v'],
        ['SADD', 'set', 'a'],
        ['ZADD', 'z', '1', 'a'],
        ['EXISTS', 's', 's', 's', 'missing'],
        ['EXISTS', 'missing'],
        ['EXISTS', 'h', 'set', 'z'],
        ['TYPE', 's'],
        ['TYPE', 'h'],
        ['TYPE', 'set'],
        ['TYPE', 'z'],
        ['TYPE', 'missing'],
        ['type', 's'],
        ['EXISTS'],
        ['TYPE'],
        ['TYPE', 'a', 'b'],
      ]);
    });

    it('KEYS: Redis glob patterns, binary keys, and the empty key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      const keys = ['hello', 'hallo', 'hxllo', 'hllo', 'heeeello', 'h*llo', 'h\\llo', 'a[b]c', '', 'HELLO', 'x\x00y', '\xe9t\xe9', 'foo:1', 'foo:22', 'bar'];
      for (const k of keys) await c!.both('SET', k, 'v');
      const sorted = { normalize: sortArray };
      await c!.cases([
        ['KEYS', '*', sorted],
        ['KEYS', '**', sorted],
        ['KEYS', 'h?llo', sorted],
        ['KEYS', 'h*llo', sorted],
        ['KEYS', 'h[ae]llo', sorted],
        ['KEYS', 'h[^e]llo', sorted],
        ['KEYS', 'h[a-b]llo', sorted],
        ['KEYS', 'h\\*llo', sorted],
        ['KEYS', 'h\\\\llo', sorted],
        ['KEYS', 'a\\[b\\]c', sorted],
        ['KEYS', 'foo:*', sorted],
        ['KEYS', 'foo:?', sorted],
        ['KEYS', 'x?y', sorted],
        ['KEYS', '[\xe0-\xff]*', sorted],
        ['KEYS', 'HELLO', sorted],
        ['KEYS', 'nomatch*', sorted],
        ['KEYS', '', sorted],
        ['KEYS', '[', sorted],
        ['KEYS'],
        ['KEYS', 'a', 'b'],
      ]);
    });

    it('KEYS: an empty database replies an empty array', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([['KEYS', '*'], ['KEYS', 'x*']]);
    });

    it('SCAN: cursor and option errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 'k', 'v'],
        ['SCAN', 'abc'],
        ['SCAN', '1.5'],
        ['SCAN', ' 1'],
        ['SCAN', '1 '],
        ['SCAN', '0x10'],
        ['SCAN', '-'],
        ['SCAN', '+'],
        ['SCAN', '18446744073709551616'],
        ['SCAN', '-18446744073709551616'],
        ['SCAN', 'x', 'COUNT', '0'],
        ['SCAN', 'x', 'FOO'],
        ['SCAN', '0', 'COUNT', '0'],
        ['SCAN', '0', 'COUNT', '-1'],
        ['SCAN', '0', 'COUNT', 'x'],
        ['SCAN', '0', 'COUNT', '1.5'],
        ['SCAN', '0', 'COUNT', '99999999999999999999'],
        ['SCAN', '0', 'COUNT'],
        ['SCAN', '0', 'MATCH'],
        ['SCAN', '0', 'TYPE'],
        ['SCAN', '0', 'FOO', 'bar'],
        ['SCAN', '0', 'MATCH', '*', 'COUNT'],
        ['SCAN', '0', 'COUNT', 'x', 'FOO'],
        ['SCAN', '0', 'FOO', 'COUNT', 'x'],
        ['SCAN'],
      ]);
    });

    it('SCAN: a small database comes back whole in one call, with MATCH, COUNT and TYPE', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      const one = { normalize: sortScanKeys };
      await c!.cases([
        ['SCAN', '0', one],
        ['SET', 'a1', 'v'],
        ['SET', 'a2', 'v'],
        ['SET', 'b1', 'v'],
        ['HSET', 'h1', 'f', 'v'],
        ['SADD', 's1', 'm'],
        ['ZADD', 'z1', '1', 'm'],
        ['SCAN', '0', one],
        ['SCAN', '', one],
        ['SCAN', '+0', one],
        ['SCAN', '0', 'COUNT', '100', one],
        ['SCAN', '0', 'MATCH', 'a*', one],
        ['SCAN', '0', 'match', '?1', 'count', '50', one],
        ['SCAN', '0', 'MATCH', '*', one],
        ['SCAN', '0', 'MATCH', 'nomatch', one],
        ['SCAN', '0', 'TYPE', 'string', one],
        ['SCAN', '0', 'TYPE', 'STRING', one],
        ['SCAN', '0', 'TYPE', 'hash', one],
        ['SCAN', '0', 'TYPE', 'set', one],
        ['SCAN', '0', 'TYPE', 'zset', one],
        ['SCAN', '0', 'TYPE', 'list', one],
        ['SCAN', '0', 'TYPE', 'nosuchtype', one],
        ['SCAN', '0', 'TYPE', 'none', one],
        ['SCAN', '0', 'MATCH', 'a*', 'TYPE', 'string', 'COUNT', '1000', one],
        // Options may repeat; the last one wins.
        ['SCAN', '0', 'MATCH', 'zzz', 'MATCH', 'b*', one],
      ]);
    });

    it('SCAN: a full iteration with COUNT returns every key, as MATCH and TYPE filter them', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      const setup: string[][] = [];
      for (let i = 0; i < 300; i++) setup.push(['SET', `key:${i}`, 'v']);
      for (let i = 0; i < 50; i++) setup.push(['HSET', `hash:${i}`, 'f', 'v']);
      for (const side of [c!.pigeon, c!.reference]) await pipeline(side, setup);
      for (const args of [[], ['COUNT', '7'], ['COUNT', '1'], ['MATCH', 'key:1*', 'COUNT', '10'], ['TYPE', 'hash', 'COUNT', '25'], ['MATCH', 'hash:*', 'TYPE', 'string']]) {
        const ours = uniqSorted(await scanAll(c!.pigeon, args));
        const theirs = uniqSorted(await scanAll(c!.reference, args));
        assert.deepEqual(ours, theirs, `SCAN ... ${args.join(' ')}`);
      }
    });

    it('SCAN: every key present for the whole iteration is returned, across deletions and insertions', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      const setup: string[][] = [];
      for (let i = 0; i < 1000; i++) setup.push(['SET', `k${i}`, 'v']);
      // The guarantee is a property of both servers: check it on each, with the same churn.
      for (const side of [c!.pigeon, c!.reference]) {
        await pipeline(side, setup);
        let step = 0;
        const churn = async (): Promise<void> => {
          // Delete 4 of the first 200 keys and add 6 new ones after every call.
          const cmds: string[][] = [];
          for (let j = 0; j < 4; j++) cmds.push(['DEL', `k${(step * 4 + j) % 200}`]);
          for (let j = 0; j < 6; j++) cmds.push(['SET', `new${step * 6 + j}`, 'v']);
          step++;
          await pipeline(side, cmds);
        };
        const seen = new Set(await scanAll(side, ['COUNT', '10'], churn));
        for (let i = 200; i < 1000; i++) assert.ok(seen.has(`k${i}`), `k${i} was present throughout but not returned`);
        for (const k of seen) assert.match(k, /^(k\d+|new\d+)$/);
        assert.ok(step > 50, 'the scan took many steps');
        await side.send('FLUSHALL');
      }
    });

    it('RANDOMKEY: null on an empty database, the only key otherwise', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([['RANDOMKEY'], ['SET', 'only', 'v'], ['RANDOMKEY'], ['DEL', 'only'], ['RANDOMKEY'], ['RANDOMKEY', 'x']]);
      const keys = ['a', 'b', 'c', 'd', 'e'];
      for (const k of keys) await c!.both('SET', k, 'v');
      for (let i = 0; i < 20; i++) {
        const k = parseReply(await c!.pigeon.send('RANDOMKEY'));
        assert.ok(typeof k === 'string' && keys.includes(k), `RANDOMKEY returned ${String(k)}`);
      }
    });

    it('RENAME, RENAMENX: move the value and its TTL, overwrite or refuse, fail on a missing source', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['RENAME', 'missing', 'x'],
        ['RENAME', 'missing', 'missing'],
        ['RENAMENX', 'missing', 'x'],
        ['RENAMENX', 'missing', 'missing'],
        ['SET', 'a', '1'],
        ['PEXPIREAT', 'a', String(FAR)],
        ['RENAME', 'a', 'a'],
        ['RENAMENX', 'a', 'a'],
        ['PEXPIRETIME', 'a'],
        ['RENAME', 'a', 'b'],
        ['EXISTS', 'a'],
        ['GET', 'b'],
        ['PEXPIRETIME', 'b'],
        ['EXPIRETIME', 'b'],
        // Overwriting a destination with a TTL: the source's (absent) TTL wins.
        ['SET', 'c', '3'],
        ['SET', 'd', '4'],
        ['PEXPIREAT', 'd', String(FAR2)],
        ['RENAME', 'c', 'd'],
        ['GET', 'd'],
        ['PTTL', 'd'],
        ['HSET', 'h', 'f', 'v'],
        ['RENAME', 'h', 'd'],
        ['TYPE', 'd'],
        ['HGET', 'd', 'f'],
        ['RENAMENX', 'b', 'd'],
        ['GET', 'b'],
        ['RENAMENX', 'b', 'e'],
        ['GET', 'e'],
        ['PEXPIRETIME', 'e'],
        ['RENAME', 'e', 'bin\x00\xff'],
        ['GET', 'bin\x00\xff'],
        ['RENAME', 'a'],
        ['RENAME', 'a', 'b', 'c'],
        ['RENAMENX', 'a'],
      ]);
    });

    it('COPY: copies every type with its TTL, to another DB, with REPLACE', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 's', 'hello'],
        ['PEXPIREAT', 's', String(FAR)],
        ['COPY', 's', 's2'],
        ['GET', 's2'],
        ['PEXPIRETIME', 's2'],
        ['COPY', 's', 's2'],
        ['SET', 's', 'changed'],
        ['COPY', 's', 's2', 'REPLACE'],
        ['GET', 's2'],
        ['PTTL', 's2'],
        ['COPY', 'missing', 'x'],
        ['COPY', 'missing', 'x', 'REPLACE'],
        ['EXISTS', 'x'],
        ['SET', 'n', '12345'],
        ['COPY', 'n', 'n2'],
        ['OBJECT', 'ENCODING', 'n2'],
        ['SET', 'long', 'x'.repeat(100)],
        ['COPY', 'long', 'long2'],
        ['OBJECT', 'ENCODING', 'long2'],
        // Collections are deep copies: changing the source leaves the copy alone.
        ['HSET', 'h', 'f1', 'v1', 'f2', 'v2'],
        ['COPY', 'h', 'h2'],
        ['HSET', 'h', 'f3', 'v3'],
        ['HGETALL', 'h2'],
        ['OBJECT', 'ENCODING', 'h2'],
        ['SADD', 'set', '1', '2', '3'],
        ['COPY', 'set', 'set2'],
        ['SADD', 'set', '4'],
        ['SCARD', 'set2'],
        ['OBJECT', 'ENCODING', 'set2'],
        ['ZADD', 'z', '1', 'a', '2', 'b'],
        ['COPY', 'z', 'z2'],
        ['ZADD', 'z', '3', 'c'],
        ['ZRANGE', 'z2', '0', '-1', 'WITHSCORES'],
        ['OBJECT', 'ENCODING', 'z2'],
        // Into another database.
        ['COPY', 's', 's', 'DB', '1'],
        ['COPY', 's', 's', 'DB', '1'],
        ['COPY', 's', 's', 'db', '1', 'replace'],
        ['COPY', 'h', 'hh', 'REPLACE', 'DB', '2', 'REPLACE'],
        ['SELECT', '1'],
        ['GET', 's'],
        ['PTTL', 's'],
        ['SELECT', '2'],
        ['HGETALL', 'hh'],
        ['SELECT', '0'],
        ['COPY', 'h', 's', 'REPLACE'],
        ['TYPE', 's'],
      ]);
    });

    it('COPY: errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 'k', 'v'],
        ['COPY', 'k', 'k'],
        ['COPY', 'missing', 'missing'],
        ['COPY', 'k', 'k', 'REPLACE'],
        ['COPY', 'k', 'k', 'DB', '0'],
        ['COPY', 'k', 'k2', 'DB', '16'],
        ['COPY', 'k', 'k2', 'DB', '-1'],
        ['COPY', 'k', 'k2', 'DB', 'x'],
        ['COPY', 'k', 'k2', 'DB', '2147483648'],
        ['COPY', 'k', 'k2', 'DB', '-2147483649'],
        ['COPY', 'k', 'k2', 'DB', '99999999999999999999'],
        ['COPY', 'k', 'k2', 'DB'],
        ['COPY', 'k', 'k2', 'FOO'],
        ['COPY', 'k', 'k2', 'REPLACE', 'FOO'],
        ['COPY', 'k', 'k2', 'DB', 'x', 'FOO'],
        ['COPY', 'k', 'k2', 'FOO', 'DB', 'x'],
        ['COPY', 'k'],
        ['EXISTS', 'k2'],
      ]);
    });

    it('MOVE: moves a key and its TTL to another database', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 'k', 'v'],
        ['PEXPIREAT', 'k', String(FAR)],
        ['MOVE', 'k', '1'],
        ['EXISTS', 'k'],
        ['MOVE', 'k', '1'],
        ['SELECT', '1'],
        ['GET', 'k'],
        ['PEXPIRETIME', 'k'],
        ['SET', 'other', 'x'],
        ['SELECT', '0'],
        ['SET', 'other', 'y'],
        ['MOVE', 'other', '1'],
        ['GET', 'other'],
        ['HSET', 'h', 'f', 'v'],
        ['MOVE', 'h', '15'],
        ['SELECT', '15'],
        ['HGETALL', 'h'],
        ['PTTL', 'h'],
        ['MOVE', 'h', '0'],
        ['SELECT', '0'],
        ['MOVE', 'h', '0'],
        ['MOVE', 'missing', '0'],
        ['MOVE', 'missing', '1'],
        ['MOVE', 'h', '16'],
        ['MOVE', 'h', '-1'],
        ['MOVE', 'h', 'x'],
        ['MOVE', 'h', '1.0'],
        ['MOVE', 'h', '2147483648'],
        ['MOVE', 'h', '-2147483649'],
        ['MOVE', 'h'],
        ['MOVE', 'h', '1', '2'],
      ]);
    });

    it('EXPIRE family: set TTLs, read them back with TTL, PTTL, EXPIRETIME, PEXPIRETIME', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 'k', 'v'],
        ['TTL', 'k'],
        ['PTTL', 'k'],
        ['EXPIRETIME', 'k'],
        ['PEXPIRETIME', 'k'],
        ['TTL', 'missing'],
        ['PTTL', 'missing'],
        ['EXPIRETIME', 'missing'],
        ['PEXPIRETIME', 'missing'],
        ['EXPIRE', 'k', '100'],
        ['TTL', 'k'],
        ['PEXPIRE', 'k', '200000'],
        ['TTL', 'k'],
        ['EXPIREAT', 'k', '4102444800'],
        ['EXPIRETIME', 'k'],
        ['PEXPIRETIME', 'k'],
        ['PEXPIREAT', 'k', String(FAR)],
        ['PEXPIRETIME', 'k'],
        ['EXPIRETIME', 'k'],
        ['PEXPIREAT', 'k', String(FAR2)],
        ['EXPIRETIME', 'k'],
        ['EXPIRE', 'missing', '100'],
        ['PEXPIRE', 'missing', '100'],
        ['EXPIREAT', 'missing', '4102444800'],
        ['PEXPIREAT', 'missing', String(FAR)],
        ['HSET', 'h', 'f', 'v'],
        ['expire', 'h', '50'],
        ['TTL', 'h'],
        ['TTL'],
        ['PTTL', 'a', 'b'],
        ['EXPIRETIME'],
        ['PEXPIRETIME', 'a', 'b'],
        ['EXPIRE', 'k'],
        ['PEXPIREAT', 'k'],
      ]);
    });

    it('EXPIRE family: a deadline in the past deletes the key and replies 1', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 'a', 'v'],
        ['EXPIRE', 'a', '-1'],
        ['EXISTS', 'a'],
        ['SET', 'a', 'v'],
        ['EXPIRE', 'a', '0'],
        ['EXISTS', 'a'],
        ['SET', 'a', 'v'],
        ['PEXPIRE', 'a', '0'],
        ['EXISTS', 'a'],
        ['SET', 'a', 'v'],
        ['EXPIREAT', 'a', '1'],
        ['EXISTS', 'a'],
        ['SET', 'a', 'v'],
        ['PEXPIREAT', 'a', '1000'],
        ['EXISTS', 'a'],
        ['SET', 'a', 'v'],
        ['PEXPIREAT', 'a', '-9223372036854775808'],
        ['EXISTS', 'a'],
        ['SET', 'a', 'v'],
        ['EXPIRE', 'a', '-9223372036854775'],
        ['EXISTS', 'a'],
        ['SET', 'a', 'v'],
        ['PEXPIRE', 'a', '-9223372036854775808'],
        ['EXISTS', 'a'],
        ['EXPIRE', 'a', '-1'],
      ]);
    });

    it('EXPIRE family: NX, XX, GT, LT and their combinations', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 'k', 'v'],
        // No TTL yet: XX and GT refuse, NX and LT accept.
        ['EXPIRE', 'k', '100', 'XX'],
        ['EXPIRE', 'k', '100', 'GT'],
        ['TTL', 'k'],
        ['PEXPIREAT', 'k', String(FAR), 'NX'],
        ['PEXPIRETIME', 'k'],
        ['PEXPIREAT', 'k', String(FAR2), 'NX'],
        ['PEXPIREAT', 'k', String(FAR2), 'XX'],
        ['PEXPIRETIME', 'k'],
        ['PEXPIREAT', 'k', String(FAR), 'GT'],
        ['PEXPIREAT', 'k', String(FAR2), 'GT'],
        ['PEXPIREAT', 'k', String(FAR2 + 1), 'GT'],
        ['PEXPIRETIME', 'k'],
        ['PEXPIREAT', 'k', String(FAR2 + 1), 'LT'],
        ['PEXPIREAT', 'k', String(FAR2 + 2), 'lt'],
        ['PEXPIREAT', 'k', String(FAR), 'LT'],
        ['PEXPIRETIME', 'k'],
        ['PEXPIREAT', 'k', String(FAR + 1), 'XX', 'GT'],
        ['PEXPIRETIME', 'k'],
        ['PEXPIREAT', 'k', String(FAR + 2), 'XX', 'LT'],
        ['PEXPIREAT', 'k', String(FAR), 'xx', 'lt'],
        ['PEXPIRETIME', 'k'],
        ['PEXPIREAT', 'k', String(FAR), 'NX', 'NX'],
        ['PEXPIREAT', 'k', String(FAR), 'GT', 'GT'],
        ['PERSIST', 'k'],
        ['SET', 'k2', 'v'],
        ['EXPIRE', 'k2', '-1', 'GT'],
        ['EXISTS', 'k2'],
        ['EXPIRE', 'k2', '-1', 'XX'],
        ['EXISTS', 'k2'],
        ['EXPIRE', 'k2', '-1', 'LT'],
        ['EXISTS', 'k2'],
        ['SET', 'k3', 'v'],
        ['EXPIRE', 'k3', '100', 'LT'],
        ['EXPIRE', 'k3', '-5', 'NX'],
        ['EXISTS', 'k3'],
        ['EXPIRE', 'missing', '100', 'NX'],
        ['EXPIRE', 'missing', '100', 'XX'],
      ]);
    });

    it('EXPIRE family: option, integer and overflow errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 'k', 'v'],
        ['EXPIRE', 'k', '10', 'NX', 'XX'],
        ['EXPIRE', 'k', '10', 'NX', 'GT'],
        ['EXPIRE', 'k', '10', 'NX', 'LT'],
        ['EXPIRE', 'k', '10', 'XX', 'NX'],
        ['EXPIRE', 'k', '10', 'GT', 'LT'],
        ['EXPIRE', 'k', '10', 'lt', 'gt'],
        ['EXPIRE', 'k', '10', 'NX', 'GT', 'LT'],
        ['EXPIRE', 'k', '10', 'FOO'],
        ['EXPIRE', 'k', '10', 'NX', 'foo bar'],
        ['EXPIRE', 'k', 'x', 'FOO'],
        ['EXPIRE', 'k', 'x', 'NX', 'XX'],
        ['EXPIRE', 'k', 'x'],
        ['EXPIRE', 'k', '1.5'],
        ['EXPIRE', 'k', ''],
        ['EXPIRE', 'k', ' 1'],
        ['EXPIRE', 'k', '99999999999999999999'],
        ['EXPIRE', 'missing', 'x'],
        ['EXPIRE', 'missing', '9223372036854775807'],
        ['EXPIRE', 'k', '9223372036854775807'],
        ['EXPIRE', 'k', '9223372036854775'],
        ['EXPIRE', 'k', '9223372036854774'],
        ['EXPIRE', 'k', '-9223372036854776'],
        ['PEXPIRE', 'k', '9223372036854775807'],
        ['PEXPIRE', 'k', '9223372036854775000'],
        ['EXPIREAT', 'k', '9223372036854776'],
        ['EXPIREAT', 'k', '-9223372036854776'],
        ['PEXPIREAT', 'k', 'x'],
        ['TTL', 'k'],
      ]);
    });

    it('PERSIST: removes a TTL; TOUCH: counts existing keys', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 'k', 'v'],
        ['PERSIST', 'k'],
        ['PERSIST', 'missing'],
        ['EXPIRE', 'k', '100'],
        ['PERSIST', 'k'],
        ['TTL', 'k'],
        ['PERSIST', 'k'],
        ['PERSIST'],
        ['PERSIST', 'a', 'b'],
        ['SET', 'a', '1'],
        ['TOUCH', 'k', 'a', 'missing', 'k'],
        ['TOUCH', 'missing'],
        ['TOUCH'],
      ]);
    });

    it('OBJECT ENCODING and REFCOUNT: per type and value', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      const enc = (key: string): string[] => ['OBJECT', 'ENCODING', key];
      await c!.cases([
        ['SET', 'int', '12345'],
        ['SET', 'neg', '-9223372036854775808'],
        ['SET', 'big', '9223372036854775808'],
        ['SET', 'minus0', '-0'],
        ['SET', 'lead0', '0123'],
        ['SET', 'sp', ' 1'],
        ['SET', 'e44', 'x'.repeat(44)],
        ['SET', 'r45', 'x'.repeat(45)],
        ['SET', 'empty', ''],
        enc('int'),
        enc('neg'),
        enc('big'),
        enc('minus0'),
        enc('lead0'),
        enc('sp'),
        enc('e44'),
        enc('r45'),
        enc('empty'),
        enc('missing'),
        ['HSET', 'h', 'f', 'v'],
        enc('h'),
        ['HSET', 'hbig', 'f', 'x'.repeat(65)],
        enc('hbig'),
        ['SADD', 'si', '1', '2'],
        enc('si'),
        ['SADD', 'ss', 'a'],
        enc('ss'),
        ['ZADD', 'z', '1', 'a'],
        enc('z'),
        ['ZADD', 'zbig', '1', 'x'.repeat(65)],
        enc('zbig'),
        ['SET', 'zero', '0'],
        ['SET', 'n9999', '9999'],
        ['SET', 'n10000', '10000'],
        ['SET', 'm1', '-1'],
        ['OBJECT', 'REFCOUNT', 'zero'],
        ['OBJECT', 'REFCOUNT', 'n9999'],
        ['OBJECT', 'REFCOUNT', 'n10000'],
        ['OBJECT', 'REFCOUNT', 'm1'],
        ['OBJECT', 'REFCOUNT', 'e44'],
        ['OBJECT', 'REFCOUNT', 'h'],
        ['OBJECT', 'REFCOUNT', 'missing'],
        ['object', 'encoding', 'int'],
      ]);
    });

    it('OBJECT: HELP, FREQ without an LFU policy, IDLETIME, subcommand errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 'k', 'v'],
        ['OBJECT', 'HELP'],
        ['object', 'help'],
        ['OBJECT', 'FREQ', 'k'],
        ['OBJECT', 'FREQ', 'missing'],
        ['OBJECT', 'IDLETIME', 'k', { normalize: replaceInts }],
        ['OBJECT', 'IDLETIME', 'missing'],
        ['OBJECT'],
        ['OBJECT', 'FOO'],
        ['OBJECT', 'FOO', 'k'],
        ['OBJECT', 'ENCODING'],
        ['OBJECT', 'ENCODING', 'a', 'b'],
        ['OBJECT', 'REFCOUNT'],
        ['OBJECT', 'IDLETIME'],
        ['OBJECT', 'FREQ'],
        ['OBJECT', 'HELP', 'x'],
      ]);
      for (const side of [c!.pigeon, c!.reference]) {
        const idle = parseReply(await side.send('OBJECT', 'IDLETIME', 'k'));
        assert.ok(idle === 0 || idle === 1, `OBJECT IDLETIME of a fresh key: ${String(idle)}`);
      }
    });

    it('DBSIZE, FLUSHDB, FLUSHALL: count and empty databases', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['DBSIZE'],
        ['SET', 'a', '1'],
        ['SET', 'b', '1'],
        ['HSET', 'h', 'f', 'v'],
        ['DBSIZE'],
        ['SELECT', '1'],
        ['SET', 'x', '1'],
        ['DBSIZE'],
        ['FLUSHDB'],
        ['DBSIZE'],
        ['SELECT', '0'],
        ['DBSIZE'],
        ['FLUSHDB', 'SYNC'],
        ['DBSIZE'],
        ['SET', 'a', '1'],
        ['FLUSHDB', 'async'],
        ['DBSIZE'],
        ['SET', 'a', '1'],
        ['SELECT', '3'],
        ['SET', 'a', '1'],
        ['FLUSHALL'],
        ['DBSIZE'],
        ['SELECT', '0'],
        ['DBSIZE'],
        ['FLUSHALL', 'ASYNC'],
        ['FLUSHALL', 'sync'],
        ['FLUSHDB', 'x'],
        ['FLUSHDB', 'SYNC', 'ASYNC'],
        ['FLUSHALL', 'x'],
        ['FLUSHALL', 'ASYNC', 'ASYNC'],
        ['DBSIZE', 'x'],
      ]);
    });

    it('SWAPDB: swaps contents, TTLs included; index errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 'a', 'db0'],
        ['PEXPIREAT', 'a', String(FAR)],
        ['SELECT', '1'],
        ['SET', 'b', 'db1'],
        ['SWAPDB', '0', '1'],
        ['GET', 'a'],
        ['PEXPIRETIME', 'a'],
        ['GET', 'b'],
        ['DBSIZE'],
        ['SELECT', '0'],
        ['GET', 'b'],
        ['GET', 'a'],
        ['SWAPDB', '0', '0'],
        ['GET', 'b'],
        ['SWAPDB', '1', '15'],
        ['DBSIZE'],
        ['SWAPDB', 'x', '1'],
        ['SWAPDB', '1', 'x'],
        ['SWAPDB', 'x', 'y'],
        ['SWAPDB', '1', '16'],
        ['SWAPDB', '16', '1'],
        ['SWAPDB', '-1', '0'],
        ['SWAPDB', '2147483648', '1'],
        ['SWAPDB', '1', '2147483648'],
        ['SWAPDB', '1.5', '1'],
        ['SWAPDB', '0'],
        ['SWAPDB', '0', '1', '2'],
      ]);
    });

    it('FLUSHALL, FLUSHDB, SWAPDB: abort transactions watching existing keys only', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connectResp(pair, resp, 'default', 'other');
      await c!.cases([
        // A watched key that does not exist is not touched by a flush.
        ['WATCH', 'nokey'],
        ['MULTI'],
        ['PING'],
      ]);
      await other!.both('FLUSHALL');
      await c!.cases([['EXEC'], ['SET', 'x', '1'], ['WATCH', 'x'], ['MULTI'], ['PING']]);
      await other!.both('FLUSHALL');
      await c!.cases([['EXEC'], ['SET', 'y', '1'], ['WATCH', 'y'], ['MULTI'], ['PING']]);
      await other!.both('FLUSHDB');
      await c!.cases([['EXEC'], ['SET', 'y', '1'], ['WATCH', 'y'], ['MULTI'], ['PING']]);
      // FLUSHDB of another database leaves it alone.
      await other!.cases([['SELECT', '1'], ['FLUSHDB']]);
      await c!.cases([['EXEC']]);
      // SWAPDB: a watched key that exists in either database is touched.
      await other!.cases([['SET', 'w', 'in db1']]);
      await c!.cases([['WATCH', 'w'], ['MULTI'], ['PING']]);
      await other!.both('SWAPDB', '0', '1');
      await c!.cases([['EXEC'], ['WATCH', 'neither'], ['MULTI'], ['PING']]);
      await other!.both('SWAPDB', '0', '1');
      await c!.cases([['EXEC'], ['SET', 'y', '1'], ['WATCH', 'y'], ['MULTI'], ['PING']]);
      await other!.both('SWAPDB', '5', '6');
      await c!.cases([['EXEC']]);
    });

    it('WATCH: writes by generic commands abort the transaction, reads and no-ops do not', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connectResp(pair, resp, 'default', 'other');
      // [setup on 'other', the command 'other' runs while 'default' watches k]
      const scenarios: [string[][], string[]][] = [
        [[['SET', 'k', 'v']], ['DEL', 'k']],
        [[['SET', 'k', 'v']], ['DEL', 'missing']],
        [[['SET', 'k', 'v']], ['UNLINK', 'k']],
        [[['SET', 'k', 'v']], ['EXPIRE', 'k', '100']],
        [[['SET', 'k', 'v']], ['EXPIRE', 'k', '100', 'XX']],
        [[['SET', 'k', 'v']], ['PEXPIRE', 'k', '-1']],
        [[['SET', 'k', 'v'], ['EXPIRE', 'k', '100']], ['PERSIST', 'k']],
        [[['SET', 'k', 'v']], ['PERSIST', 'k']],
        [[['SET', 'k', 'v']], ['RENAME', 'k', 'k2']],
        [[['SET', 'k2', 'v']], ['RENAME', 'k2', 'k']],
        [[['SET', 'k', 'v']], ['RENAMENX', 'k', 'k']],
        [[['SET', 'k', 'v']], ['MOVE', 'k', '1']],
        [[['SET', 'x', 'v']], ['COPY', 'x', 'k']],
        [[['SET', 'x', 'v']], ['COPY', 'x', 'k', 'DB', '1']],
        [[['SET', 'k', 'v']], ['COPY', 'k', 'x']],
        [[['SET', 'k', 'v']], ['TOUCH', 'k']],
        [[['SET', 'k', 'v']], ['OBJECT', 'ENCODING', 'k']],
        [[['SET', 'k', 'v']], ['TYPE', 'k']],
      ];
      for (const [setup, cmd] of scenarios) {
        await other!.cases([['SELECT', '0'], ['FLUSHALL'], ...setup]);
        await c!.cases([['WATCH', 'k'], ['MULTI'], ['PING']]);
        await other!.both(...cmd);
        await c!.both('EXEC');
      }
    });

    it('generic commands inside MULTI reply in EXEC as they do outside', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['SET', 'a', '1'],
        ['MULTI'],
        ['EXPIRE', 'a', '100'],
        ['TTL', 'a'],
        ['RENAME', 'a', 'b'],
        ['RENAME', 'a', 'b'],
        ['EXISTS', 'a', 'b'],
        ['COPY', 'b', 'c'],
        ['MOVE', 'c', '1'],
        ['DEL', 'b', 'c'],
        ['DBSIZE'],
        ['EXEC'],
      ]);
    });
  });
}

describe('differential: generic commands, server counters', () => {
  const suite = pairSuite();

  it('server.dirty: each command adds what Redis adds (rdb_changes_since_last_save)', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    const b = brokerOf(pair);
    const steps: string[][] = [
      ['DEL', 'nothing'],
      ['EXISTS', 'a'],
      ['FLUSHDB'],
      ['FLUSHALL'],
      ['SWAPDB', '0', '0'],
      ['SWAPDB', '0', '1'],
      ['SWAPDB', 'x', '1'],
      ['EXPIRE', 'missing', '10'],
      ['RENAME', 'missing', 'x'],
      ['COPY', 'missing', 'x'],
      ['MOVE', 'missing', '1'],
      ['PERSIST', 'missing'],
      ['TOUCH', 'missing'],
      ['OBJECT', 'ENCODING', 'missing'],
    ];
    const withKeys: string[][] = [
      ['DEL', 'k1', 'k2', 'missing'],
      ['UNLINK', 'k3'],
      ['EXPIRE', 'k4', '100'],
      ['EXPIRE', 'k4', '100', 'NX'],
      ['PERSIST', 'k4'],
      ['PERSIST', 'k4'],
      ['EXPIRE', 'k4', '-1'],
      ['RENAME', 'k5', 'k5'],
      ['RENAME', 'k5', 'k6'],
      ['RENAMENX', 'k6', 'k7'],
      ['RENAMENX', 'k6', 'k7'],
      ['COPY', 'k6', 'k8'],
      ['COPY', 'k6', 'k8'],
      ['MOVE', 'k8', '1'],
      ['FLUSHDB'],
      ['FLUSHALL'],
      ['FLUSHDB'],
    ];
    const setup = [['MSET', 'k1', 'v', 'k2', 'v', 'k3', 'v', 'k4', 'v', 'k5', 'v', 'k6', 'v', 'k7', 'v']];
    for (const list of [steps, setup, withKeys]) {
      for (const args of list) {
        const beforeRef = await refInfo(c.reference, 'persistence', 'rdb_changes_since_last_save');
        const beforeOurs = b.dirty;
        await c.both(...args);
        const refDelta = (await refInfo(c.reference, 'persistence', 'rdb_changes_since_last_save')) - beforeRef;
        if (list === setup) continue;
        assert.equal(b.dirty - beforeOurs, refDelta, `dirty after ${args.join(' ')}`);
      }
    }
  });

  it('keyspace hits and misses: counted where Redis counts them', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    const stats = brokerOf(pair).stats;
    await c.both('SET', 'a', '1');
    await c.both('SET', 'x', '1');
    const steps: string[][] = [
      ['EXISTS', 'a', 'b'],
      ['TYPE', 'a'],
      ['TYPE', 'b'],
      ['OBJECT', 'ENCODING', 'a'],
      ['OBJECT', 'ENCODING', 'b'],
      ['OBJECT', 'REFCOUNT', 'a'],
      ['OBJECT', 'FREQ', 'a'],
      ['TTL', 'a'],
      ['PTTL', 'b'],
      ['EXPIRETIME', 'a'],
      ['PEXPIRETIME', 'b'],
      ['COPY', 'a', 'c'],
      ['COPY', 'b', 'c'],
      ['SCAN', '0', 'TYPE', 'string'],
      ['SCAN', '0'],
      ['KEYS', '*'],
      ['RANDOMKEY'],
      ['TOUCH', 'a', 'b'],
      ['RENAME', 'a', 'd'],
      ['MOVE', 'd', '1'],
      ['EXPIRE', 'c', '100'],
      ['PERSIST', 'c'],
      ['DEL', 'c', 'nope'],
      ['DBSIZE'],
    ];
    for (const args of steps) {
      const [hr, mr] = [await refInfo(c.reference, 'stats', 'keyspace_hits'), await refInfo(c.reference, 'stats', 'keyspace_misses')];
      const [ho, mo] = [stats.keyspaceHits, stats.keyspaceMisses];
      // KEYS and SCAN sorted; RANDOMKEY's pick is random on each side.
      const normalize = args[0] === 'SCAN' ? sortScanKeys : args[0] === 'RANDOMKEY' ? anyKey : sortArray;
      await c.both(...args, { normalize });
      const hits = (await refInfo(c.reference, 'stats', 'keyspace_hits')) - hr;
      const misses = (await refInfo(c.reference, 'stats', 'keyspace_misses')) - mr;
      assert.deepEqual([stats.keyspaceHits - ho, stats.keyspaceMisses - mo], [hits, misses], `hits/misses after ${args.join(' ')}`);
    }
  });
});

describe('differential: active expiry', () => {
  it('the active expire cycle reclaims expired keys nobody reads', async (t) => {
    await withPair(t, async (pair) => {
      const c = await pair.client();
      const cmds: string[][] = [];
      for (let i = 0; i < 1000; i++) cmds.push(['SET', `vol:${i}`, 'v', 'PX', '50']);
      cmds.push(['SET', 'stays', 'v']);
      await Promise.all([pipeline(c.pigeon, cmds), pipeline(c.reference, cmds)]);
      // Only DBSIZE is asked (it reads no key, so nothing is expired lazily) until the cycle has
      // reclaimed every volatile key on both sides.
      await pair.waitEach(async (admin) => str(await admin.send('DBSIZE')) === ':1\r\n', 'the 1000 volatile keys to be reclaimed');
      await c.cases([['DBSIZE'], ['KEYS', '*']]);
    });
  });
});

describe('differential: OBJECT FREQ under an LFU policy', () => {
  it('OBJECT FREQ: a new key starts at the LFU initial counter; IDLETIME is refused', async (t) => {
    await withPair(
      t,
      async (pair) => {
        await pair.cases([
          ['SET', 'k', 'not an integer'],
          ['OBJECT', 'FREQ', 'k'],
          ['OBJECT', 'FREQ', 'missing'],
          ['OBJECT', 'IDLETIME', 'k'],
          ['OBJECT', 'IDLETIME', 'missing'],
        ]);
      },
      { broker: { 'maxmemory-policy': 'allkeys-lfu' }, referenceArgs: ['--maxmemory-policy', 'allkeys-lfu'] },
    );
  });
});

describe('generic commands: what only Pigeon shows', () => {
  const suite = pairSuite();

  it('keys past their deadline: KEYS skips them, DBSIZE counts them, RANDOMKEY and SCAN reclaim them', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = (await pair.client()).pigeon;
    const db = brokerOf(pair).dbs[0]!;
    await pipeline(c, [['SET', 'live', 'v'], ['SET', 'dead1', 'v'], ['SET', 'dead2', 'v']]);
    // Past their deadline but not reclaimed yet (no lookup, and the cycle has not run meanwhile).
    db.setExpire('dead1', Date.now() - 10_000);
    db.setExpire('dead2', Date.now() - 10_000);
    assert.deepEqual(parseReply(await c.send('KEYS', '*')), ['live']);
    assert.equal(db.dict.size, 3);
    assert.equal(parseReply(await c.send('DBSIZE')), 3);
    assert.deepEqual(parseReply(await c.send('SCAN', '0')), ['0', ['live']]);
    assert.equal(parseReply(await c.send('DBSIZE')), 1);
    db.setExpire('live', Date.now() - 10_000);
    assert.equal(parseReply(await c.send('RANDOMKEY')), null);
    assert.equal(parseReply(await c.send('DBSIZE')), 0);
  });

  it('OBJECT IDLETIME: reads with LOOKUP_NOTOUCH keep the idle time, TOUCH and writes reset it', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = (await pair.client()).pigeon;
    const b = brokerOf(pair);
    const db = b.dbs[0]!;
    const idle = async (key: string): Promise<Reply> => parseReply(await c.send('OBJECT', 'IDLETIME', key));
    const age = (key: string): void => {
      db.atime.set(key, b.lruClock() - 100);
    };
    await pipeline(c, [['SET', 'k', 'v'], ['SET', 'k2', 'v']]);
    age('k');
    // EXISTS, TYPE, TTL, OBJECT and SCAN ... TYPE look keys up without touching them (Redis's
    // LOOKUP_NOTOUCH); KEYS does not look them up at all.
    await pipeline(c, [['EXISTS', 'k'], ['TYPE', 'k'], ['TTL', 'k'], ['OBJECT', 'ENCODING', 'k'], ['SCAN', '0', 'TYPE', 'string'], ['KEYS', '*']]);
    const before = (await idle('k')) as number;
    assert.ok(before >= 100 && before <= 101, `idle ${before}`);
    await c.send('TOUCH', 'k');
    assert.ok(((await idle('k')) as number) <= 1);
    for (const [cmd, key] of [[['EXPIRE', 'k', '100'], 'k'], [['PERSIST', 'k'], 'k'], [['RENAME', 'k', 'k3'], 'k3'], [['COPY', 'k2', 'k4'], 'k4']] as const) {
      age(key === 'k4' ? 'k2' : key === 'k3' ? 'k' : key);
      await c.send(...cmd);
      assert.ok(((await idle(key)) as number) <= 1, `after ${cmd.join(' ')}`);
    }
  });

  it('EXPIRE family: propagated as PEXPIREAT with the absolute deadline, or as DEL', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = (await pair.client()).pigeon;
    const b = brokerOf(pair);
    const seen: string[][] = [];
    const orig = b.propagate;
    b.propagate = (_c, _cmd, argv) => {
      seen.push([...argv]);
    };
    try {
      await c.send('SET', 'k', 'v');
      seen.length = 0;
      const t0 = Date.now();
      await c.send('EXPIRE', 'k', '100', 'NX');
      await c.send('PEXPIRE', 'k', '200000');
      await c.send('EXPIREAT', 'k', '4102444800');
      await c.send('PEXPIREAT', 'k', String(FAR));
      await c.send('EXPIRE', 'missing', '100');
      await c.send('EXPIRE', 'k', '-1');
      await c.send('FLUSHDB');
      const t1 = Date.now();
      assert.equal(seen.length, 6, JSON.stringify(seen));
      const [e1, e2, e3, e4, del, flush] = seen as [string[], string[], string[], string[], string[], string[]];
      assert.deepEqual([e1[0], e1[1], e1[3]], ['PEXPIREAT', 'k', 'NX']);
      assert.ok(Number(e1[2]) >= t0 + 100_000 && Number(e1[2]) <= t1 + 100_000, `EXPIRE became ${e1.join(' ')}`);
      assert.equal(e2[0], 'PEXPIREAT');
      assert.ok(Number(e2[2]) >= t0 + 200_000 && Number(e2[2]) <= t1 + 200_000);
      assert.deepEqual(e3, ['PEXPIREAT', 'k', '4102444800000']);
      assert.deepEqual(e4, ['PEXPIREAT', 'k', String(FAR)]);
      assert.deepEqual(del, ['DEL', 'k']);
      // FLUSHDB of an empty database changes nothing but is propagated all the same.
      assert.deepEqual(flush, ['FLUSHDB']);
    } finally {
      b.propagate = orig;
    }
  });

  it('PTTL: within the deadline set by PEXPIRE, to the millisecond', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const [c] = await connectResp(pair, 2, 'default');
    await c!.both('SET', 'k', 'v');
    await c!.both('PEXPIRE', 'k', '100000');
    for (const side of [c!.pigeon, c!.reference]) {
      const pttl = parseReply(await side.send('PTTL', 'k')) as number;
      assert.ok(pttl > 95_000 && pttl <= 100_000, `PTTL ${pttl}`);
    }
  });
});
