/*
 * Differential: the non-blocking list commands (LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LLEN,
 * LRANGE, LINDEX, LSET, LINSERT, LREM, LTRIM, LPOS, LMOVE, RPOPLPUSH, LMPOP) against
 * redis-server 7.0.15, in RESP2 and RESP3: success and error paths of every option, the order in
 * which Redis checks arguments, types and keys (which decides the error that wins), OBJECT
 * ENCODING as lists grow and shrink (always `quicklist` in 7.0, with the default and with a
 * small list-max-listpack-size), COMMAND INFO / COMMAND DOCS of every command, server.dirty and
 * keyspace hits/misses, and the keyspace events each command fires.
 *
 * Nothing is normalised in the reply comparisons: list replies are ordered. The exceptions, each
 * said where it happens:
 *   - COMMAND DOCS is compared on its decoded fields (the RESP3 map order of the argument tree is
 *     Redis's; the decoded comparison is the same check with readable failures);
 *   - keyspace events: the reference publishes them (notify-keyspace-events KEA) and Pigeon's
 *     broker.notify hook is recorded; the two sequences must be equal;
 *   - counters are compared as deltas of INFO fields (reference) and broker fields (Pigeon).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pairSuite } from '../helpers/diff.js';
import { assertCountersMatch, assertEventsMatch, connectPair } from '../helpers/keyspace.js';
import { parseReply, type Reply } from '../helpers/raw.js';

function range(from: number, to: number, prefix = ''): string[] {
  return Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);
}

const LONG_MAX = '9223372036854775807';
const LONG_MIN = '-9223372036854775808';
const TOO_BIG = '9223372036854775808';

const LIST_COMMANDS = [
  'lpush', 'rpush', 'lpushx', 'rpushx', 'lpop', 'rpop', 'llen', 'lrange', 'lindex', 'lset', 'linsert', 'lrem', 'ltrim',
  'lpos', 'lmove', 'rpoplpush', 'lmpop',
];

for (const resp of [2, 3] as const) {
  describe(`differential: lists (RESP${resp})`, () => {
    const suite = pairSuite();

    it('LPUSH/RPUSH/LLEN/LRANGE: push at both ends, reply the new length', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['RPUSH', 'l', 'a'],
        ['RPUSH', 'l', 'b', 'c'],
        ['LPUSH', 'l', 'z'],
        ['LPUSH', 'l', 'y', 'x', 'w'],
        ['LRANGE', 'l', '0', '-1'],
        ['LLEN', 'l'],
        ['TYPE', 'l'],
        ['OBJECT', 'ENCODING', 'l'],
        ['LPUSH', 'n', '1', '2', '3'],
        ['LRANGE', 'n', '0', '-1'],
        ['RPUSH', 'bin', '', '\x00\xff', 'a\r\nb', '-0', '01', '+1', '1', TOO_BIG, LONG_MIN],
        ['LRANGE', 'bin', '0', '-1'],
        ['LLEN', 'nokey'],
        ['LRANGE', 'nokey', '0', '-1'],
        ['COPY', 'l', 'copy'],
        ['RPUSH', 'copy', 'extra'],
        ['LRANGE', 'l', '0', '-1'],
        ['LRANGE', 'copy', '0', '-1'],
        ['LPUSH', 'l'],
        ['RPUSH'],
        ['LLEN'],
        ['LLEN', 'l', 'x'],
        ['LRANGE', 'l', '0'],
        ['LRANGE', 'l', '0', '1', '2'],
      ]);
    });

    it('LPUSHX/RPUSHX: push only onto an existing list', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['LPUSHX', 'l', 'a'],
        ['RPUSHX', 'l', 'a', 'b'],
        ['EXISTS', 'l'],
        ['RPUSH', 'l', 'm'],
        ['LPUSHX', 'l', 'b', 'a'],
        ['RPUSHX', 'l', 'y', 'z'],
        ['LRANGE', 'l', '0', '-1'],
        ['SET', 's', 'x'],
        ['LPUSHX', 's', 'a'],
        ['RPUSHX', 's', 'a'],
        ['LPUSHX', 'l'],
        ['RPUSHX'],
      ]);
    });

    it('LPOP/RPOP: pop one or a count, null shapes for a missing key, count errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['LPOP', 'nokey'],
        ['RPOP', 'nokey'],
        ['LPOP', 'nokey', '1'],
        ['RPOP', 'nokey', '5'],
        ['LPOP', 'nokey', '0'],
        ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f', 'g'],
        ['LPOP', 'l'],
        ['RPOP', 'l'],
        ['LPOP', 'l', '0'],
        ['RPOP', 'l', '0'],
        ['LPOP', 'l', '2'],
        ['RPOP', 'l', '2'],
        ['LRANGE', 'l', '0', '-1'],
        ['RPOP', 'l', '1'],
        ['EXISTS', 'l'],
        ['RPUSH', 'l', 'a', 'b', 'c'],
        ['RPOP', 'l', '100'],
        ['EXISTS', 'l'],
        ['RPUSH', 'l', 'a', 'b', 'c'],
        ['LPOP', 'l', LONG_MAX],
        ['EXISTS', 'l'],
        ['RPUSH', 'l', 'x'],
        ['LPOP', 'l'],
        ['EXISTS', 'l'],
        ['RPUSH', 'l', 'x'],
        ['LPOP', 'l', '-1'],
        ['LPOP', 'l', 'abc'],
        ['RPOP', 'l', TOO_BIG],
        ['RPOP', 'l', LONG_MIN],
        ['LPOP', 'nokey', '-1'],
        ['LPOP', 'l', '1', '2'],
        ['RPOP', 'l', 'a', 'b', 'c'],
        ['LPOP'],
        ['SET', 's', 'x'],
        ['LPOP', 's'],
        ['RPOP', 's', '1'],
        ['LPOP', 's', '0'],
        ['LPOP', 's', '-1'],
        ['LRANGE', 'l', '0', '-1'],
      ]);
    });

    it('LRANGE: negative, out of range and inverted indexes', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const ranges: Array<[string, string]> = [
        ['0', '-1'], ['0', '0'], ['1', '3'], ['-3', '-1'], ['-100', '2'], ['-100', '-100'], ['5', '100'], ['9', '9'],
        ['10', '20'], ['3', '1'], ['-1', '-3'], ['0', LONG_MAX], [LONG_MIN, LONG_MAX], [LONG_MIN, '0'], [LONG_MAX, '0'],
        ['-10', '-1'], ['-11', '-10'],
      ];
      await c.cases([
        ['RPUSH', 'l', ...range(0, 10, 'e')],
        ...ranges.map(([a, b]) => ['LRANGE', 'l', a, b]),
        ['LRANGE', 'l', 'a', '1'],
        ['LRANGE', 'l', '0', '1.5'],
        ['LRANGE', 'l', TOO_BIG, '1'],
        ['LRANGE', 'nokey', 'a', '1'],
        ['SET', 's', 'x'],
        ['LRANGE', 's', '0', '-1'],
        ['LRANGE', 's', 'a', '-1'],
      ]);
    });

    it('LINDEX: positive and negative indexes, nil out of range, key checked before the index', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['RPUSH', 'l', 'a', 'b', 'c', 'd'],
        ['LINDEX', 'l', '0'],
        ['LINDEX', 'l', '3'],
        ['LINDEX', 'l', '4'],
        ['LINDEX', 'l', '-1'],
        ['LINDEX', 'l', '-4'],
        ['LINDEX', 'l', '-5'],
        ['LINDEX', 'l', LONG_MAX],
        ['LINDEX', 'l', LONG_MIN],
        ['LINDEX', 'l', 'x'],
        ['LINDEX', 'l', TOO_BIG],
        ['LINDEX', 'nokey', '0'],
        ['LINDEX', 'nokey', 'x'],
        ['SET', 's', 'x'],
        ['LINDEX', 's', '0'],
        ['LINDEX', 's', 'x'],
        ['LINDEX', 'l'],
      ]);
    });

    it('LSET: replaces by index, no such key, index out of range', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['LSET', 'nokey', '0', 'v'],
        ['LSET', 'nokey', 'x', 'v'],
        ['RPUSH', 'l', 'a', 'b', 'c'],
        ['LSET', 'l', '0', 'A'],
        ['LSET', 'l', '-1', 'C'],
        ['LSET', 'l', '1', ''],
        ['LRANGE', 'l', '0', '-1'],
        ['LSET', 'l', '3', 'v'],
        ['LSET', 'l', '-4', 'v'],
        ['LSET', 'l', LONG_MAX, 'v'],
        ['LSET', 'l', LONG_MIN, 'v'],
        ['LSET', 'l', 'x', 'v'],
        ['LSET', 'l', TOO_BIG, 'v'],
        ['SET', 's', 'x'],
        ['LSET', 's', '0', 'v'],
        ['LSET', 's', 'x', 'v'],
        ['LSET', 'l', '0'],
        ['LRANGE', 'l', '0', '-1'],
      ]);
    });

    it('LINSERT: before and after the first pivot, -1 without the pivot, 0 without the key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['LINSERT', 'nokey', 'BEFORE', 'a', 'x'],
        ['EXISTS', 'nokey'],
        ['RPUSH', 'l', 'a', 'b', 'a', 'c'],
        ['LINSERT', 'l', 'BEFORE', 'a', 'x'],
        ['LINSERT', 'l', 'after', 'a', 'y'],
        ['LINSERT', 'l', 'Before', 'c', 'z'],
        ['LINSERT', 'l', 'AFTER', 'c', 'end'],
        ['LINSERT', 'l', 'AFTER', 'nope', 'v'],
        ['LINSERT', 'l', 'BEFORE', '', 'v'],
        ['LRANGE', 'l', '0', '-1'],
        ['RPUSH', 'n', '1', '01'],
        ['LINSERT', 'n', 'BEFORE', '01', 'p'],
        ['LINSERT', 'n', 'AFTER', '1', 'q'],
        ['LRANGE', 'n', '0', '-1'],
        ['LINSERT', 'l', 'MIDDLE', 'a', 'v'],
        ['LINSERT', 'nokey', 'MIDDLE', 'a', 'v'],
        ['SET', 's', 'x'],
        ['LINSERT', 's', 'BEFORE', 'a', 'v'],
        ['LINSERT', 's', 'MIDDLE', 'a', 'v'],
        ['LINSERT', 'l', 'BEFORE', 'a'],
      ]);
    });

    it('LREM: from the head, from the tail, all; deletes the emptied key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['LREM', 'nokey', '0', 'a'],
        ['LREM', 'nokey', 'x', 'a'],
        ['RPUSH', 'l', 'a', 'x', 'b', 'x', 'c', 'x', 'd', 'x', 'e'],
        ['LREM', 'l', '1', 'x'],
        ['LRANGE', 'l', '0', '-1'],
        ['LREM', 'l', '-2', 'x'],
        ['LRANGE', 'l', '0', '-1'],
        ['LREM', 'l', '0', 'nope'],
        ['RPUSH', 'l', 'x', 'x'],
        ['LREM', 'l', '0', 'x'],
        ['LRANGE', 'l', '0', '-1'],
        ['LREM', 'l', LONG_MIN, 'a'],
        ['LREM', 'l', LONG_MAX, 'b'],
        ['LRANGE', 'l', '0', '-1'],
        ['LREM', 'l', '0', 'c'],
        ['LREM', 'l', '-1', 'd'],
        ['LREM', 'l', '5', 'e'],
        ['EXISTS', 'l'],
        ['RPUSH', 'l', 'a'],
        ['LREM', 'l', 'x', 'a'],
        ['LREM', 'l', '1.0', 'a'],
        ['LREM', 'l', TOO_BIG, 'a'],
        ['SET', 's', 'x'],
        ['LREM', 's', '0', 'a'],
        ['LREM', 's', 'x', 'a'],
        ['LREM', 'l', '0'],
      ]);
    });

    it('LTRIM: keeps a range, deletes the key when nothing is left', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const trims: Array<[string, string]> = [
        ['0', '-1'], ['1', '-1'], ['0', '-2'], ['-100', '100'], ['1', '3'], ['-2', '-1'],
      ];
      const cases: Array<string[]> = [['LTRIM', 'nokey', '0', '1'], ['LTRIM', 'nokey', 'a', '1'], ['RPUSH', 'l', ...range(0, 10)]];
      for (const [a, b] of trims) cases.push(['LTRIM', 'l', a, b], ['LRANGE', 'l', '0', '-1']);
      cases.push(
        ['LTRIM', 'l', '5', '1'],
        ['EXISTS', 'l'],
        ['RPUSH', 'l', 'a', 'b', 'c'],
        ['LTRIM', 'l', '3', '10'],
        ['EXISTS', 'l'],
        ['RPUSH', 'l', 'a', 'b', 'c'],
        ['LTRIM', 'l', '0', '-4'],
        ['EXISTS', 'l'],
        ['RPUSH', 'l', 'a', 'b', 'c'],
        ['LTRIM', 'l', LONG_MIN, LONG_MAX],
        ['LRANGE', 'l', '0', '-1'],
        ['LTRIM', 'l', LONG_MAX, LONG_MIN],
        ['EXISTS', 'l'],
        ['RPUSH', 'l', 'a'],
        ['LTRIM', 'l', 'a', '1'],
        ['LTRIM', 'l', '0', TOO_BIG],
        ['SET', 's', 'x'],
        ['LTRIM', 's', '0', '1'],
        ['LTRIM', 's', 'a', '1'],
        ['LTRIM', 'l', '0'],
      );
      await c.cases(cases);
    });

    it('LPOS: RANK, COUNT and MAXLEN, from the head and from the tail', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a', 'x', 'a'],
        ['LPOS', 'l', 'a'],
        ['LPOS', 'l', 'c'],
        ['LPOS', 'l', 'z'],
        ['LPOS', 'l', 'a', 'RANK', '2'],
        ['LPOS', 'l', 'a', 'RANK', '4'],
        ['LPOS', 'l', 'a', 'RANK', '5'],
        ['LPOS', 'l', 'a', 'RANK', '-1'],
        ['LPOS', 'l', 'a', 'RANK', '-3'],
        ['LPOS', 'l', 'a', 'rank', '-5'],
        ['LPOS', 'l', 'a', 'COUNT', '0'],
        ['LPOS', 'l', 'a', 'COUNT', '2'],
        ['LPOS', 'l', 'a', 'COUNT', '10'],
        ['LPOS', 'l', 'z', 'COUNT', '0'],
        ['LPOS', 'l', 'a', 'COUNT', '2', 'RANK', '2'],
        ['LPOS', 'l', 'a', 'COUNT', '2', 'RANK', '-2'],
        ['LPOS', 'l', 'a', 'COUNT', '0', 'RANK', '-1'],
        ['LPOS', 'l', 'a', 'MAXLEN', '1'],
        ['LPOS', 'l', 'b', 'MAXLEN', '1'],
        ['LPOS', 'l', 'b', 'MAXLEN', '2'],
        ['LPOS', 'l', 'a', 'COUNT', '0', 'MAXLEN', '4'],
        ['LPOS', 'l', 'a', 'COUNT', '0', 'MAXLEN', '3', 'RANK', '-1'],
        ['LPOS', 'l', 'a', 'RANK', '2', 'MAXLEN', '3'],
        ['LPOS', 'l', 'a', 'MAXLEN', '0'],
        ['LPOS', 'l', 'a', 'MAXLEN', LONG_MAX, 'COUNT', LONG_MAX, 'RANK', LONG_MAX],
        ['LPOS', 'l', 'a', 'COUNT', LONG_MAX],
        ['LPOS', 'l', 'a', 'RANK', '1', 'RANK', '3'],
        ['LPOS', 'l', 'a', 'COUNT', '1', 'COUNT', '0'],
        // Redis negates the rank in a C long: LONG_MIN wraps to itself, every match counts.
        ['LPOS', 'l', 'a', 'RANK', LONG_MIN],
        ['LPOS', 'l', 'a', 'RANK', LONG_MIN, 'COUNT', '1'],
        ['LPOS', 'l', 'a', 'RANK', LONG_MIN, 'COUNT', '2', 'MAXLEN', '3'],
        ['LPOS', 'l', 'a', 'RANK', '0'],
        ['LPOS', 'l', 'a', 'RANK', 'x'],
        ['LPOS', 'l', 'a', 'RANK', TOO_BIG],
        ['LPOS', 'l', 'a', 'COUNT', '-1'],
        ['LPOS', 'l', 'a', 'COUNT', 'x'],
        ['LPOS', 'l', 'a', 'COUNT', TOO_BIG],
        ['LPOS', 'l', 'a', 'MAXLEN', '-1'],
        ['LPOS', 'l', 'a', 'MAXLEN', 'x'],
        ['LPOS', 'l', 'a', 'RANK'],
        ['LPOS', 'l', 'a', 'COUNT'],
        ['LPOS', 'l', 'a', 'MAXLEN'],
        ['LPOS', 'l', 'a', 'FOO', '1'],
        ['LPOS', 'l', 'a', 'COUNT', '1', 'RANK', '0'],
        ['LPOS', 'l', 'a', 'RANK', '0', 'COUNT', '-1'],
        ['LPOS', 'nokey', 'a'],
        ['LPOS', 'nokey', 'a', 'COUNT', '0'],
        ['LPOS', 'nokey', 'a', 'RANK', '0'],
        ['LPOS', 'nokey', 'a', 'BAD'],
        ['SET', 's', 'x'],
        ['LPOS', 's', 'a'],
        ['LPOS', 's', 'a', 'COUNT', '-1'],
        ['LPOS', 'l'],
      ]);
    });

    it('LMOVE/RPOPLPUSH: every direction, a new destination, the emptied source is deleted', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['RPUSH', 'src', 'a', 'b', 'c', 'd', 'e'],
        ['LMOVE', 'src', 'dst', 'LEFT', 'LEFT'],
        ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'],
        ['LMOVE', 'src', 'dst', 'right', 'left'],
        ['LMOVE', 'src', 'dst', 'Right', 'Right'],
        ['LRANGE', 'src', '0', '-1'],
        ['LRANGE', 'dst', '0', '-1'],
        ['RPOPLPUSH', 'src', 'dst'],
        ['EXISTS', 'src'],
        ['LRANGE', 'dst', '0', '-1'],
        ['RPOPLPUSH', 'src', 'dst'],
        ['LMOVE', 'src', 'dst', 'LEFT', 'LEFT'],
        ['RPOPLPUSH', 'dst', 'other'],
        ['LRANGE', 'other', '0', '-1'],
        ['LMOVE', 'nokey', 'dst', 'UP', 'LEFT'],
        ['LMOVE', 'dst', 'other', 'LEFT', 'DOWN'],
        ['LMOVE', 'dst', 'other', 'LEFTX', 'LEFT'],
        ['LMOVE', 'dst', 'other', 'LEFT'],
        ['RPOPLPUSH', 'dst'],
        ['LRANGE', 'dst', '0', '-1'],
      ]);
    });

    it('LMOVE/RPOPLPUSH: the same key rotates the list', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['RPUSH', 'l', '1', '2', '3', '4'],
        ['RPOPLPUSH', 'l', 'l'],
        ['LRANGE', 'l', '0', '-1'],
        ['LMOVE', 'l', 'l', 'LEFT', 'RIGHT'],
        ['LRANGE', 'l', '0', '-1'],
        ['LMOVE', 'l', 'l', 'RIGHT', 'LEFT'],
        ['LRANGE', 'l', '0', '-1'],
        ['LMOVE', 'l', 'l', 'LEFT', 'LEFT'],
        ['LMOVE', 'l', 'l', 'RIGHT', 'RIGHT'],
        ['LRANGE', 'l', '0', '-1'],
        ['RPUSH', 'one', 'x'],
        ['RPOPLPUSH', 'one', 'one'],
        ['LMOVE', 'one', 'one', 'LEFT', 'RIGHT'],
        ['LRANGE', 'one', '0', '-1'],
        ['EXISTS', 'one'],
        ['RPOPLPUSH', 'nokey', 'nokey'],
        ['EXISTS', 'nokey'],
      ]);
    });

    it('LMOVE/RPOPLPUSH: WRONGTYPE on the source, on the destination only when the source has elements', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 's', 'x'],
        ['RPUSH', 'l', 'a', 'b'],
        ['LMOVE', 's', 'l', 'LEFT', 'LEFT'],
        ['RPOPLPUSH', 's', 'l'],
        ['LMOVE', 'nokey', 's', 'LEFT', 'LEFT'],
        ['RPOPLPUSH', 'nokey', 's'],
        ['LMOVE', 'l', 's', 'LEFT', 'LEFT'],
        ['RPOPLPUSH', 'l', 's'],
        ['LRANGE', 'l', '0', '-1'],
        ['LMOVE', 's', 's', 'LEFT', 'LEFT'],
        ['LMOVE', 's', 'l', 'BAD', 'LEFT'],
        ['GET', 's'],
      ]);
    });

    it('LMPOP: the first non-empty list of the keys, LEFT or RIGHT, with a COUNT', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['LMPOP', '1', 'nokey', 'LEFT'],
        ['LMPOP', '2', 'nokey', 'nokey2', 'RIGHT', 'COUNT', '3'],
        ['RPUSH', 'a', '1', '2', '3', '4', '5'],
        ['RPUSH', 'b', 'x', 'y'],
        ['LMPOP', '2', 'nokey', 'a', 'LEFT'],
        ['LMPOP', '2', 'nokey', 'a', 'RIGHT'],
        ['LMPOP', '2', 'a', 'b', 'left', 'COUNT', '2'],
        ['LMPOP', '2', 'a', 'b', 'right', 'count', '10'],
        ['EXISTS', 'a'],
        ['LMPOP', '3', 'a', 'nokey', 'b', 'LEFT', 'COUNT', '1'],
        ['LMPOP', '2', 'b', 'b', 'LEFT', 'COUNT', LONG_MAX],
        ['EXISTS', 'b'],
        ['LMPOP', '1', 'b', 'LEFT'],
        ['SET', 's', 'x'],
        ['RPUSH', 'l', 'v'],
        ['LMPOP', '2', 'nokey', 's', 'LEFT'],
        ['LMPOP', '2', 's', 'l', 'LEFT'],
        ['LMPOP', '2', 'l', 's', 'LEFT'],
        ['LMPOP', '0', 'l', 'LEFT'],
        ['LMPOP', '-1', 'l', 'LEFT'],
        ['LMPOP', 'x', 'l', 'LEFT'],
        ['LMPOP', TOO_BIG, 'l', 'LEFT'],
        ['LMPOP', LONG_MAX, 'l', 'LEFT'],
        ['LMPOP', '2', 'l', 'LEFT'],
        ['LMPOP', '5', 'l', 'LEFT', 'x'],
        ['LMPOP', '1', 'l', 'MIDDLE'],
        ['LMPOP', '1', 'l', 'LEFT', 'COUNT'],
        ['LMPOP', '1', 'l', 'LEFT', 'COUNT', '0'],
        ['LMPOP', '1', 'l', 'LEFT', 'COUNT', '-1'],
        ['LMPOP', '1', 'l', 'LEFT', 'COUNT', 'x'],
        ['LMPOP', '1', 'l', 'LEFT', 'COUNT', '1', 'COUNT', '1'],
        ['LMPOP', '1', 'l', 'LEFT', 'FOO'],
        ['LMPOP', '1', 'l', 'LEFT', 'FOO', 'BAR'],
        ['LMPOP', '1', 's', 'LEFT', 'COUNT', '0'],
        ['LMPOP', '1', 'l'],
        ['LMPOP', '1'],
        ['LRANGE', 'l', '0', '-1'],
      ]);
    });

    it('list commands: fail with WRONGTYPE on a key of another type', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SET', 'str', 'x'],
        ['HSET', 'h', 'f', 'v'],
        ['LPUSH', 'str', 'a'],
        ['RPUSH', 'h', 'a'],
        ['LPUSHX', 'str', 'a'],
        ['RPUSHX', 'h', 'a'],
        ['LPOP', 'str'],
        ['RPOP', 'h', '2'],
        ['LLEN', 'str'],
        ['LRANGE', 'h', '0', '-1'],
        ['LINDEX', 'str', '0'],
        ['LSET', 'h', '0', 'v'],
        ['LINSERT', 'str', 'BEFORE', 'a', 'b'],
        ['LREM', 'h', '0', 'a'],
        ['LTRIM', 'str', '0', '1'],
        ['LPOS', 'h', 'a'],
        ['LMOVE', 'str', 'x', 'LEFT', 'LEFT'],
        ['RPOPLPUSH', 'h', 'x'],
        ['LMPOP', '1', 'str', 'LEFT'],
        ['GET', 'str'],
        ['HGETALL', 'h'],
        ['RPUSH', 'l', 'a'],
        ['GET', 'l'],
        ['SADD', 'l', 'm'],
        ['HSET', 'l', 'f', 'v'],
        ['INCR', 'l'],
      ]);
    });

    it('lists: a large list keeps its order through pushes, pops, inserts, removals and trims', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['RPUSH', 'big', ...range(0, 500, 'r')],
        ['LPUSH', 'big', ...range(0, 500, 'l')],
        ['LLEN', 'big'],
        ['LINDEX', 'big', '250'],
        ['LINDEX', 'big', '-250'],
        ['LINDEX', 'big', '499'],
        ['LINDEX', 'big', '500'],
        ['LSET', 'big', '700', 'changed'],
        ['LINSERT', 'big', 'BEFORE', 'r100', 'before-r100'],
        ['LINSERT', 'big', 'AFTER', 'l400', 'after-l400'],
        ['LINSERT', 'big', 'AFTER', 'r499', 'last'],
        ['LINSERT', 'big', 'BEFORE', 'l499', 'first'],
        ['LPOS', 'big', 'changed'],
        ['LPOS', 'big', 'r7', 'RANK', '-1'],
        ['LREM', 'big', '0', 'r300'],
        ['LREM', 'big', '1', 'l3'],
        ['LPOP', 'big', '100'],
        ['RPOP', 'big', '100'],
        ['LRANGE', 'big', '0', '-1'],
        ['LRANGE', 'big', '-300', '-200'],
        ['LTRIM', 'big', '100', '-100'],
        ['LRANGE', 'big', '0', '-1'],
        ['LMPOP', '1', 'big', 'RIGHT', 'COUNT', '50'],
        ['LMPOP', '1', 'big', 'LEFT', 'COUNT', '50'],
        ['LRANGE', 'big', '0', '-1'],
        ['LLEN', 'big'],
      ]);
    });

    it('lists: changes keep the TTL, an emptied and recreated list has none', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['RPUSH', 'l', 'a', 'b', 'c', 'd'],
        ['EXPIRE', 'l', '100'],
        ['RPUSH', 'l', 'e'],
        ['LPOP', 'l'],
        ['LSET', 'l', '0', 'x'],
        ['LINSERT', 'l', 'AFTER', 'x', 'y'],
        ['LREM', 'l', '1', 'y'],
        ['LTRIM', 'l', '0', '-1'],
        ['LMOVE', 'l', 'l', 'LEFT', 'RIGHT'],
        ['TTL', 'l'],
        ['RPUSH', 'other', 'z'],
        ['LMOVE', 'other', 'l', 'LEFT', 'LEFT'],
        ['TTL', 'l'],
        ['LPOP', 'l', '100'],
        ['RPUSH', 'l', 'a'],
        ['TTL', 'l'],
      ]);
    });

    it('WATCH: every list change aborts EXEC, no-ops do not', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const other = await pair.client('other');
      const steps: string[][] = [
        ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f'],
        ['LPUSH', 'l', 'x'],
        ['RPUSHX', 'l', 'y'],
        ['LPUSHX', 'nokey', 'y'],
        ['LPOP', 'l'],
        ['RPOP', 'l', '1'],
        ['LPOP', 'l', '0'],
        ['LSET', 'l', '0', 'z'],
        ['LSET', 'l', '100', 'z'],
        ['LINSERT', 'l', 'BEFORE', 'z', 'w'],
        ['LINSERT', 'l', 'BEFORE', 'nope', 'w'],
        ['LREM', 'l', '1', 'w'],
        ['LREM', 'l', '0', 'nope'],
        ['LTRIM', 'l', '0', '-1'],
        ['LTRIM', 'nokey', '0', '-1'],
        ['LMOVE', 'l', 'l', 'LEFT', 'RIGHT'],
        ['RPOPLPUSH', 'nokey', 'l'],
        ['LMPOP', '1', 'l', 'LEFT'],
        ['LMPOP', '1', 'nokey', 'LEFT'],
        ['LRANGE', 'l', '0', '-1'],
        ['LTRIM', 'l', '1', '0'],
      ];
      for (const step of steps) {
        await c.both('WATCH', 'l');
        await other.both(...step);
        await c.cases([['MULTI'], ['PING'], ['EXEC']]);
      }
    });

    it('OBJECT ENCODING: a list is a quicklist as it grows and shrinks (Redis 7.0)', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['RPUSH', 'l', 'a'],
        ['OBJECT', 'ENCODING', 'l'],
        ['RPUSH', 'l', ...range(0, 200)],
        ['OBJECT', 'ENCODING', 'l'],
        ['RPUSH', 'l', 'x'.repeat(10_000)],
        ['OBJECT', 'ENCODING', 'l'],
        ['LTRIM', 'l', '0', '1'],
        ['OBJECT', 'ENCODING', 'l'],
        ['LPOP', 'l'],
        ['OBJECT', 'ENCODING', 'l'],
        ['RPUSH', 'big', 'y'.repeat(10_000)],
        ['OBJECT', 'ENCODING', 'big'],
        ['RPOP', 'big'],
        ['OBJECT', 'ENCODING', 'big'],
      ]);
    });

    it('COMMAND INFO: every list command matches Redis byte for byte', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      for (const name of LIST_COMMANDS) await c.both('COMMAND', 'INFO', name);
      await c.both('COMMAND', 'GETKEYS', 'LMPOP', '2', 'a', 'b', 'LEFT');
      await c.both('COMMAND', 'GETKEYS', 'LMOVE', 'a', 'b', 'LEFT', 'RIGHT');
      await c.both('COMMAND', 'GETKEYS', 'RPOPLPUSH', 'a', 'b');
    });
  });
}

describe('differential: lists, a small list-max-listpack-size', () => {
  const suite = pairSuite({ broker: { 'list-max-listpack-size': 4 }, referenceArgs: ['--list-max-listpack-size', '4'] });

  it('OBJECT ENCODING: still a quicklist for any size (Redis 7.0 has no listpack lists)', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    await c.cases([
      ['CONFIG', 'GET', 'list-max-listpack-size'],
      ['RPUSH', 'l', 'a', 'b'],
      ['OBJECT', 'ENCODING', 'l'],
      ['RPUSH', 'l', 'c', 'd', 'e', 'f'],
      ['OBJECT', 'ENCODING', 'l'],
      ['LTRIM', 'l', '0', '0'],
      ['OBJECT', 'ENCODING', 'l'],
      ['LRANGE', 'l', '0', '-1'],
    ]);
  });
});

describe('differential: lists, COMMAND DOCS', () => {
  const suite = pairSuite({ flush: false });

  it('COMMAND DOCS: summary, since, group, complexity, history, deprecation and arguments match Redis', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    await c.resp3();
    for (const name of LIST_COMMANDS) {
      const decode = async (side: 'pigeon' | 'reference'): Promise<Map<Reply, Reply>> => {
        const reply = parseReply(await c[side].send('COMMAND', 'DOCS', name)) as Map<Reply, Reply>;
        return reply.get(name) as Map<Reply, Reply>;
      };
      assert.deepEqual(await decode('pigeon'), await decode('reference'), `COMMAND DOCS ${name}`);
    }
  });
});

/* ------------------------------------------------------------------------------------------ */
/* Accounting: keyspace hits/misses and the dirty counter                                      */
/* ------------------------------------------------------------------------------------------ */

/** A script touching every list command, its success paths and its no-op paths. */
const SCRIPT: string[][] = [
  ['LPUSH', 'l', 'a', 'b', 'c'],
  ['RPUSH', 'l', 'd'],
  ['LPUSHX', 'l', 'e', 'f'],
  ['RPUSHX', 'l', 'g'],
  ['LPUSHX', 'nokey', 'a'],
  ['RPUSHX', 'nokey', 'a'],
  ['LLEN', 'l'],
  ['LLEN', 'nokey'],
  ['LRANGE', 'l', '0', '-1'],
  ['LRANGE', 'nokey', '0', '-1'],
  ['LINDEX', 'l', '1'],
  ['LINDEX', 'l', '100'],
  ['LINDEX', 'nokey', '1'],
  ['LPOS', 'l', 'a'],
  ['LPOS', 'nokey', 'a'],
  ['LSET', 'l', '0', 'z'],
  ['LSET', 'l', '100', 'z'],
  ['LSET', 'nokey', '0', 'z'],
  ['LINSERT', 'l', 'BEFORE', 'a', 'x'],
  ['LINSERT', 'l', 'BEFORE', 'nope', 'x'],
  ['LINSERT', 'nokey', 'BEFORE', 'a', 'x'],
  ['RPUSH', 'l', 'x', 'x', 'x'],
  ['LREM', 'l', '2', 'x'],
  ['LREM', 'l', '0', 'nope'],
  ['LREM', 'nokey', '0', 'x'],
  ['LTRIM', 'l', '0', '-1'],
  ['LTRIM', 'l', '1', '-2'],
  ['LTRIM', 'nokey', '0', '1'],
  ['LPOP', 'l'],
  ['RPOP', 'l', '2'],
  ['LPOP', 'l', '0'],
  ['LPOP', 'nokey'],
  ['RPOP', 'nokey', '3'],
  ['LMOVE', 'l', 'm', 'LEFT', 'RIGHT'],
  ['LMOVE', 'l', 'l', 'LEFT', 'RIGHT'],
  ['RPOPLPUSH', 'l', 'm'],
  ['RPOPLPUSH', 'nokey', 'm'],
  ['LMPOP', '2', 'nokey', 'm', 'LEFT', 'COUNT', '5'],
  ['LMPOP', '1', 'nokey', 'LEFT'],
  ['LRANGE', 'l', '0', '-1'],
  ['LTRIM', 'l', '5', '1'],
  ['RPUSH', 'one', 'v'],
  ['LREM', 'one', '0', 'v'],
  ['RPUSH', 'one', 'v'],
  ['RPOP', 'one', '5'],
  ['RPUSH', 'one', 'v'],
  ['RPOPLPUSH', 'one', 'two'],
  ['SET', 's', 'x'],
  ['LPUSH', 's', 'a'],
  ['LLEN', 's'],
  ['LPOS', 's', 'a'],
  ['LPOP', 's'],
  ['SET', '__end__', 'x'],
];

describe('differential: list commands, keyspace hits/misses and dirty counter', () => {
  const suite = pairSuite();

  it('every command counts hits, misses and changes as Redis does', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await assertCountersMatch(pair, SCRIPT);
  });
});

/* ------------------------------------------------------------------------------------------ */
/* Keyspace events                                                                             */
/* ------------------------------------------------------------------------------------------ */

describe('differential: list commands, keyspace events', () => {
  const suite = pairSuite({ referenceArgs: ['--notify-keyspace-events', 'KEA'] });

  it('each command fires the events Redis fires, in order', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await assertEventsMatch(pair, SCRIPT);
  });
});
