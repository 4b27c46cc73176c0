/*
 * Differential: the stream commands without consumer groups (XADD, XLEN, XRANGE, XREVRANGE, XDEL,
 * XTRIM, XREAD without BLOCK, XSETID, XINFO STREAM [FULL]) and streams seen through the generic
 * commands (TYPE, OBJECT ENCODING, COPY, RENAME, DEL), against redis-server 7.0.15, in RESP2 and
 * RESP3. Consumer groups are in stream-group.test.ts, blocking reads in stream-blocking.test.ts.
 *
 * Replies are compared byte for byte. IDs are given explicitly almost everywhere, so both servers
 * hold the same entries. The one normaliser, used only on the cases that send `XADD key *` (or
 * read entries it created), is `generatedIds`: a bulk string that looks like an ID generated from
 * the clock (13 digits of milliseconds, a dash, a sequence) becomes `<id>`. Everything after
 * a deterministic top ID (`*` after an ID in the future, `<ms>-*`) is compared exactly.
 *
 * XINFO STREAM is compared whole, radix-tree-keys and radix-tree-nodes included: they are what a
 * client sees of the node layout (stream-node-max-entries / stream-node-max-bytes), as is the
 * effect of approximate trimming (`~`), which removes whole nodes only. Suites with small node
 * limits check where nodes split for every listpack encoding of values, fields and ID deltas.
 *
 * Side effects: WATCH invalidation (MULTI/EXEC after each write from another client), keyspace
 * hits/misses and the dirty counter (assertCountersMatch), keyspace events (assertEventsMatch).
 */

import { describe, it } from 'node:test';
import { pairSuite, replaceStrings, type Case } from '../helpers/diff.js';
import { assertCountersMatch, assertEventsMatch, connectPair } from '../helpers/keyspace.js';

/** IDs generated from the clock by `XADD key *`: 13 digits of ms (years 2001..2286), then a sequence. */
const generatedIds = replaceStrings(/^\d{13}-\d+$/, '<id>');

/** `XADD key <prefix>-<i> f <i>` for i in [from, to). */
function adds(key: string, from: number, to: number, ms = 1): string[][] {
  return Array.from({ length: to - from }, (_, i) => ['XADD', key, `${ms}-${from + i}`, 'f', String(from + i)]);
}

const U64_MAX = '18446744073709551615';
const U64_OVER = '18446744073709551616';

const STREAM_COMMANDS = ['xadd', 'xlen', 'xrange', 'xrevrange', 'xdel', 'xtrim', 'xread', 'xsetid', 'xinfo|stream', 'xinfo|help'];

for (const resp of [2, 3] as const) {
  describe(`differential: streams (RESP${resp})`, () => {
    const suite = pairSuite();

    it('XADD: explicit IDs must grow; 0-0, equal and smaller IDs are refused', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['XADD', 's', '0-0', 'a', '1'],
        ['EXISTS', 's'],
        ['XADD', 's', '0', 'a', '1'],
        ['XADD', 's', '0-1', 'a', '1'],
        ['XADD', 's', '0-1', 'a', '1'],
        ['XADD', 's', '0-0', 'a', '1'],
        ['XADD', 's', '1-1', 'a', '1', 'b', '2'],
        ['XADD', 's', '1-0', 'a', '1'],
        ['XADD', 's', '1', 'a', '1'],
        ['XADD', 's', '1-2', 'a', '1'],
        ['XADD', 's', '5', 'x', 'y'],
        ['XADD', 's', '5-0', 'x', 'y'],
        ['XADD', 's', '05-1', 'x', 'y'],
        ['XADD', 's', ' 6', 'x', 'y'],
        ['XADD', 's', '+7', 'x', 'y'],
        ['XADD', 's', '7-+1', 'x', 'y'],
        ['XADD', 's', '8-0', '', ''],
        ['XADD', 's', '9-0', 'dup', '1', 'dup', '2'],
        ['XADD', 's', '10-0', 'bin\x00ary', '\xff\x00'],
        ['XLEN', 's'],
        ['XRANGE', 's', '-', '+'],
      ]);
    });

    it('XADD: invalid IDs and IDs with overflowing parts', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const bad = [
        'abc', '1-abc', '-1', '1-', '-1-1', '1--1', '1-2-3', '', '-', '+', '$', '>', '1-*x', '*-1', '**', '*-*', '1.5', '1-1.5',
        '0x10', ' ', '1 ', '1-1 ', U64_OVER, `${U64_OVER}-0`, `1-${U64_OVER}`, `${U64_OVER}-*`, '99999999999999999999999',
        '-0', '(1', '1-0x1',
      ];
      const cases: Case[] = [];
      for (const id of bad) cases.push(['XADD', 's', id, 'a', '1']);
      cases.push(['EXISTS', 's']);
      cases.push(['XADD', 's', `${U64_MAX}-0`, 'a', '1']);
      cases.push(['XADD', 's', `${U64_MAX}-*`, 'a', '1']);
      cases.push(['XADD', 's', `${U64_MAX}-${U64_MAX}`, 'a', '1']);
      cases.push(['XADD', 's', `${U64_MAX}-*`, 'a', '1']);
      cases.push(['XADD', 's', '*', 'a', '1']);
      cases.push(['XADD', 's', `${U64_MAX}-${U64_MAX}`, 'a', '1']);
      cases.push(['XADD', 's', '1-1', 'a', '1']);
      cases.push(['XRANGE', 's', '-', '+']);
      cases.push(['XADD', 't', `1-${U64_MAX}`, 'a', '1']);
      cases.push(['XADD', 't', '1-*', 'a', '1']);
      cases.push(['XADD', 't', '2-*', 'a', '1']);
      cases.push(['XADD', 't', '2-*', 'a', '1']);
      cases.push(['XADD', 't', '1-*', 'a', '1']);
      cases.push(['XADD', 't', '0-*', 'a', '1']);
      cases.push(['XADD', 'u', '0-*', 'a', '1']);
      cases.push(['XADD', 'v', '5-*', 'a', '1']);
      cases.push(['XRANGE', 't', '-', '+']);
      cases.push(['XRANGE', 'u', '-', '+']);
      await c.cases(cases);
    });

    it('XADD: * takes the time, or the next sequence after a top ID in the future', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['XADD', 's', '*', 'a', '1', { normalize: generatedIds }],
        ['XADD', 's', '*', 'b', '2', { normalize: generatedIds }],
        ['XLEN', 's'],
        ['XRANGE', 's', '-', '+', { normalize: generatedIds }],
        ['XADD', 's', '1-1', 'a', '1'],
        ['XADD', 'f', '99999999999999-5', 'a', '1'],
        ['XADD', 'f', '*', 'a', '1'],
        ['XADD', 'f', '*', 'a', '1'],
        ['XADD', 'f', '99999999999999-*', 'a', '1'],
        ['XADD', 'f', 'MAXLEN', '2', '*', 'b', '2'],
        ['XRANGE', 'f', '-', '+'],
        ['XADD', 'n', 'NOMKSTREAM', '*', 'a', '1'],
        ['EXISTS', 'n'],
      ]);
    });

    it('XADD: arity, odd field lists, NOMKSTREAM and the wrong type', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['XADD'],
        ['XADD', 's'],
        ['XADD', 's', '1-1'],
        ['XADD', 's', '1-1', 'a'],
        ['XADD', 's', '1-1', 'a', '1', 'b'],
        ['XADD', 's', 'NOMKSTREAM', '1-1', 'a'],
        ['XADD', 's', 'NOMKSTREAM'],
        ['XADD', 's', 'MAXLEN', '1'],
        ['XADD', 's', 'MAXLEN', '1', '1-1'],
        ['XADD', 's', 'MAXLEN', '1', '1-1', 'a'],
        ['EXISTS', 's'],
        ['XADD', 's', 'NOMKSTREAM', '1-1', 'a', '1'],
        ['XADD', 's', 'nomkstream', 'NOMKSTREAM', '1-1', 'a', '1'],
        ['EXISTS', 's'],
        ['XADD', 's', '1-1', 'a', '1'],
        ['XADD', 's', 'NOMKSTREAM', '1-2', 'a', '1'],
        ['XADD', 's', 'NOMKSTREAM', '1-2', 'a', '1'],
        ['XADD', 's', 'FOO', '1-3', 'a', '1'],
        ['XADD', 's', 'NOMKSTREAM', 'FOO', '1-3', 'a', '1'],
        ['XLEN', 's'],
        ['SET', 'str', 'x'],
        ['XADD', 'str', '1-1', 'a', '1'],
        ['XADD', 'str', 'NOMKSTREAM', '1-1', 'a', '1'],
        ['XADD', 'str', 'MAXLEN', '1', '1-1', 'a', '1'],
        ['XADD', 'str', 'x', 'a', '1'],
        ['XADD', 'str', 'MAXLEN', 'x', '1-1', 'a', '1'],
        ['XADD', 'str', '1-1', 'a'],
        ['LPUSH', 'list', 'x'],
        ['XADD', 'list', '1-1', 'a', '1'],
        ['GET', 'str'],
      ]);
    });

    it('XADD: MAXLEN / MINID / LIMIT option errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['XADD', 's', 'MAXLEN', 'x', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '-1', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '=', '-1', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '~', '-1', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '1.5', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', U64_OVER, '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '9223372036854775808', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '=', '~', '1', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '1', 'MAXLEN', '2', '1-1', 'a', '1'],
        ['XADD', 's', 'MINID', '1', 'MINID', '2', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '1', 'MINID', '1', '1-1', 'a', '1'],
        ['XADD', 's', 'MINID', '1', 'MAXLEN', '1', '1-1', 'a', '1'],
        ['XADD', 's', 'MINID', 'x', '1-1', 'a', '1'],
        ['XADD', 's', 'MINID', '-1', '1-1', 'a', '1'],
        ['XADD', 's', 'MINID', '*', '1-1', 'a', '1'],
        ['XADD', 's', 'MINID', '(1', '1-1', 'a', '1'],
        ['XADD', 's', 'MINID', '-', '1-1', 'a', '1'],
        ['XADD', 's', 'MINID', '+', '1-1', 'a', '1'],
        ['XADD', 's', 'MINID', `${U64_OVER}-0`, '1-1', 'a', '1'],
        ['XADD', 's', 'LIMIT', '5', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '1', 'LIMIT', '10', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '=', '1', 'LIMIT', '10', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '=', '1', 'LIMIT', '0', '1-1', 'a', '1'],
        ['XADD', 's', 'MINID', '=', '1', 'LIMIT', '1', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', '-1', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', 'x', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', U64_OVER, '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '~', 'LIMIT', '1', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', '5', 'LIMIT', '6', '1-1', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', '5', 'MAXLEN', '1', '1-1', 'a', '1'],
        ['XADD', 's', 'LIMIT', '5', 'MAXLEN', '~', '1', '1-1', 'a', '1'],
        ['XADD', 'n', 'MAXLEN', '1', 'NOMKSTREAM', '1-1', 'a', '1'],
        ['EXISTS', 'n'],
        ['XADD', 's', 'MAXLEN', '1', 'NOMKSTREAM', '1-2', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', '0', '1-3', 'a', '1'],
        ['XADD', 's', 'maxlen', '~', '1', 'limit', '5', '1-4', 'a', '1'],
        ['XADD', 's', 'minid', '=', '0', '1-5', 'a', '1'],
        ['XADD', 's', 'MAXLEN', '9223372036854775807', '1-6', 'a', '1'],
        ['XLEN', 's'],
        ['SET', 'str', 'x'],
        ['XADD', 'str', 'MAXLEN', '-1', '1-1', 'a', '1'],
        ['XADD', 'str', 'MINID', 'x', '1-1', 'a', '1'],
        ['XADD', 'str', 'MAXLEN', '=', '1', 'LIMIT', '1', '1-1', 'a', '1'],
      ]);
    });

    it('XADD: MAXLEN and MINID trimming, exact and approximate (whole nodes), with LIMIT', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 0, 10),
        ['XADD', 's', 'MAXLEN', '5', '2-0', 'f', 'x'],
        ['XLEN', 's'],
        ['XRANGE', 's', '-', '+'],
        ['XADD', 's', 'MAXLEN', '=', '3', '2-1', 'f', 'x'],
        ['XRANGE', 's', '-', '+'],
        ['XADD', 's', 'MAXLEN', '0', '2-2', 'f', 'x'],
        ['XLEN', 's'],
        ['EXISTS', 's'],
        ['XINFO', 'STREAM', 's'],
        ...adds('m', 0, 10),
        ['XADD', 'm', 'MINID', '1-5', '2-0', 'f', 'x'],
        ['XRANGE', 'm', '-', '+'],
        ['XADD', 'm', 'MINID', '=', '3', '2-1', 'f', 'x'],
        ['XLEN', 'm'],
        ['XINFO', 'STREAM', 'm'],
        ['XADD', 'm', 'MINID', '1', '3-1', 'f', 'x'],
        ['XADD', 'm', 'MINID', '99', '4-0', 'f', 'x'],
        ['XLEN', 'm'],
        ['XADD', 'm', 'MINID', '99', '5-0', 'f', 'x'],
        ['XLEN', 'm'],
        // 250 entries: three nodes of 100, 100 and 50 entries (stream-node-max-entries 100).
        ...adds('a', 0, 250),
        ['XINFO', 'STREAM', 'a'],
        ['XADD', 'a', 'MAXLEN', '~', '200', '2-0', 'f', 'x'],
        ['XLEN', 'a'],
        ['XADD', 'a', 'MAXLEN', '~', '120', '2-1', 'f', 'x'],
        ['XLEN', 'a'],
        ['XRANGE', 'a', '-', '+', 'COUNT', '1'],
        ['XADD', 'a', 'MAXLEN', '~', '10', 'LIMIT', '50', '2-2', 'f', 'x'],
        ['XLEN', 'a'],
        ['XADD', 'a', 'MAXLEN', '~', '10', 'LIMIT', '0', '2-3', 'f', 'x'],
        ['XLEN', 'a'],
        ['XINFO', 'STREAM', 'a'],
        ['XADD', 'a', 'MAXLEN', '~', '10', 'LIMIT', '100', '2-4', 'f', 'x'],
        ['XLEN', 'a'],
        ['XRANGE', 'a', '-', '+', 'COUNT', '1'],
        ['XINFO', 'STREAM', 'a'],
        ...adds('b', 0, 250),
        ['XADD', 'b', 'MINID', '~', '1-150', '2-0', 'f', 'x'],
        ['XLEN', 'b'],
        ['XRANGE', 'b', '-', '+', 'COUNT', '1'],
        ['XADD', 'b', 'MINID', '~', '1-250', 'LIMIT', '99', '2-1', 'f', 'x'],
        ['XLEN', 'b'],
        ['XADD', 'b', 'MINID', '~', '3', '3-0', 'f', 'x'],
        ['XLEN', 'b'],
        ['XINFO', 'STREAM', 'b'],
        ['XADD', 'b', 'MINID', '3', '3-1', 'f', 'x'],
        ['XINFO', 'STREAM', 'b'],
      ]);
    });

    it('XADD: nodes also close on stream-node-max-bytes, which ~ trimming follows', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const big = 'v'.repeat(1000);
      const cases: Case[] = [];
      for (let i = 0; i < 20; i++) cases.push(['XADD', 's', `1-${i}`, 'f', big]);
      cases.push(['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1']);
      cases.push(['XADD', 's', 'MAXLEN', '~', '10', '2-0', 'f', big]);
      cases.push(['XLEN', 's']);
      cases.push(['XRANGE', 's', '-', '+', 'COUNT', '1']);
      cases.push(['XTRIM', 's', 'MAXLEN', '~', '1']);
      cases.push(['XLEN', 's']);
      cases.push(['XINFO', 'STREAM', 's']);
      await c.cases(cases);
    });

    it('XLEN/XRANGE/XREVRANGE: bounds, exclusive bounds, incomplete IDs, COUNT', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['XADD', 's', '1-1', 'a', '1'],
        ['XADD', 's', '1-2', 'b', '2', 'c', '3'],
        ['XADD', 's', '2-0', 'd', '4'],
        ['XADD', 's', '3-5', 'e', '5'],
        ['XLEN', 's'],
        ['XLEN', 'nokey'],
        ['XRANGE', 's', '-', '+'],
        ['XRANGE', 's', '+', '-'],
        ['XRANGE', 's', '1', '1'],
        ['XRANGE', 's', '1', '2'],
        ['XRANGE', 's', '1-2', '1-2'],
        ['XRANGE', 's', '1-2', '1-1'],
        ['XRANGE', 's', '0', '0'],
        ['XRANGE', 's', '(1-1', '+'],
        ['XRANGE', 's', '-', '(3-5'],
        ['XRANGE', 's', '(1', '2'],
        ['XRANGE', 's', '(1-2', '(2-0'],
        ['XRANGE', 's', '(2', '(2'],
        ['XRANGE', 's', '2', '(2'],
        ['XRANGE', 's', '(1-1', '(1-2'],
        ['XRANGE', 's', `(${U64_MAX}-${U64_MAX}`, '+'],
        ['XRANGE', 's', `(${U64_MAX}`, '+'],
        ['XRANGE', 's', '-', `(${U64_MAX}`],
        ['XRANGE', 's', '-', `(${U64_MAX}-${U64_MAX}`],
        ['XRANGE', 's', '-', '(0-0'],
        ['XRANGE', 's', '-', '(0'],
        ['XRANGE', 's', '(0-0', '+'],
        ['XRANGE', 's', '(-', '+'],
        ['XRANGE', 's', '-', '(+'],
        ['XRANGE', 's', '((1', '+'],
        ['XRANGE', 's', '(', '+'],
        ['XRANGE', 's', U64_MAX, '+'],
        ['XRANGE', 's', U64_OVER, '+'],
        ['XRANGE', 's', '-', `1-${U64_OVER}`],
        ['XRANGE', 's', '1-', '2'],
        ['XRANGE', 's', 'x', '+'],
        ['XRANGE', 's', '-', 'x'],
        ['XRANGE', 's', '1-*', '+'],
        ['XRANGE', 's', '*', '+'],
        ['XRANGE', 's', '$', '+'],
        ['XRANGE', 's', '-', '+', 'COUNT', '0'],
        ['XRANGE', 's', '-', '+', 'COUNT', '-1'],
        ['XRANGE', 's', '-', '+', 'COUNT', '-100'],
        ['XRANGE', 's', '-', '+', 'COUNT', '2'],
        ['XRANGE', 's', '-', '+', 'COUNT', '100'],
        ['XRANGE', 's', '-', '+', 'count', '1'],
        ['XRANGE', 's', '-', '+', 'COUNT', '1', 'COUNT', '3'],
        ['XRANGE', 's', '-', '+', 'COUNT', 'x'],
        ['XRANGE', 's', '-', '+', 'COUNT', U64_OVER],
        ['XRANGE', 's', '-', '+', 'COUNT'],
        ['XRANGE', 's', '-', '+', 'FOO', '1'],
        ['XRANGE', 's', '-', '+', 'COUNT', '1', 'FOO'],
        ['XRANGE', 's', 'x', '+', 'COUNT', 'x'],
        ['XRANGE', 's', '(0-0', '+', 'COUNT', 'x'],
        ['XRANGE', 's', '-', '+', 'COUNT', '0', 'FOO'],
        ['XRANGE', 's', '-'],
        ['XRANGE', 's'],
        ['XREVRANGE', 's', '+', '-'],
        ['XREVRANGE', 's', '-', '+'],
        ['XREVRANGE', 's', '+', '-', 'COUNT', '1'],
        ['XREVRANGE', 's', '+', '-', 'COUNT', '0'],
        ['XREVRANGE', 's', '+', '-', 'COUNT', '-1'],
        ['XREVRANGE', 's', '(3-5', '-'],
        ['XREVRANGE', 's', '+', '(1-1'],
        ['XREVRANGE', 's', '2', '1'],
        ['XREVRANGE', 's', '1', '1'],
        ['XREVRANGE', 's', '(2', '(1'],
        ['XREVRANGE', 's', '(0-0', '-'],
        ['XREVRANGE', 's', '+', `(${U64_MAX}-${U64_MAX}`],
        ['XREVRANGE', 's', '(-', '-'],
        ['XREVRANGE', 's', '+', '-', 'COUNT', 'x'],
        ['XREVRANGE', 's', '+', '-', 'COUNT'],
        ['XREVRANGE', 's', '+'],
        ['XRANGE', 'nokey', '-', '+'],
        ['XRANGE', 'nokey', '-', '+', 'COUNT', '0'],
        ['XRANGE', 'nokey', 'x', '+'],
        ['XRANGE', 'nokey', '(0-0', '+'],
        ['XREVRANGE', 'nokey', '+', '-'],
        ['XREVRANGE', 'nokey', '+', '-', 'COUNT', '0'],
        ['SET', 'str', 'x'],
        ['XRANGE', 'str', '-', '+'],
        ['XRANGE', 'str', 'x', '+'],
        ['XRANGE', 'str', '-', '+', 'COUNT', '0'],
        ['XREVRANGE', 'str', '+', '-'],
        ['XLEN', 'str'],
      ]);
    });

    it('XRANGE/XREVRANGE: skip deleted entries across several nodes', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 0, 230),
        ['XDEL', 's', ...Array.from({ length: 120 }, (_, i) => `1-${i * 2}`)],
        ['XLEN', 's'],
        ['XRANGE', 's', '1-95', '1-105'],
        ['XREVRANGE', 's', '1-105', '1-95'],
        ['XRANGE', 's', '(1-197', '+', 'COUNT', '5'],
        ['XREVRANGE', 's', '+', '-', 'COUNT', '3'],
        ['XRANGE', 's', '-', '+', 'COUNT', '3'],
        ['XRANGE', 's', '1-230', '+'],
        ['XINFO', 'STREAM', 's'],
      ]);
    });

    it('XDEL: counts what it removes; the stream stays, even when empty', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 6),
        ['XDEL', 's', '1-2', '9-9', '1-2'],
        ['XDEL', 's', '1-2'],
        ['XDEL', 's', '1'],
        ['XDEL', 's', '1-3', 'x'],
        ['XDEL', 's', 'x', '1-3'],
        ['XDEL', 's', `1-${U64_OVER}`],
        ['XDEL', 's', '(1-3'],
        ['XDEL', 's', '-'],
        ['XDEL', 's', '+'],
        ['XDEL', 's', '*'],
        ['XDEL', 's', '1-*'],
        ['XLEN', 's'],
        ['XDEL', 's', '1-1', '1-3', '1-4', '1-5'],
        ['XLEN', 's'],
        ['EXISTS', 's'],
        ['TYPE', 's'],
        ['XRANGE', 's', '-', '+'],
        ['XINFO', 'STREAM', 's'],
        ['XADD', 's', '1-5', 'a', '1'],
        ['XADD', 's', '1-6', 'a', '1'],
        ['XDEL', 'nokey', '1-1'],
        ['XDEL', 'nokey', 'x'],
        ['EXISTS', 'nokey'],
        ['XDEL', 's'],
        ['SET', 'str', 'x'],
        ['XDEL', 'str', '1-1'],
        ['XDEL', 'str', 'x'],
      ]);
    });

    it('XTRIM: every form and every error', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 0, 10),
        ['XTRIM', 's', 'MAXLEN', '10'],
        ['XTRIM', 's', 'MAXLEN', '20'],
        ['XTRIM', 's', 'MAXLEN', '=', '8'],
        ['XTRIM', 's', 'MAXLEN', '~', '1'],
        ['XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT', '1000'],
        ['XTRIM', 's', 'maxlen', '7'],
        ['XTRIM', 's', 'MINID', '1-4'],
        ['XTRIM', 's', 'MINID', '=', '1-5'],
        ['XTRIM', 's', 'MINID', '~', '1-8'],
        ['XTRIM', 's', 'MINID', '~', '1-8', 'LIMIT', '1'],
        ['XTRIM', 's', 'minid', '1-0'],
        ['XTRIM', 's', 'MINID', '1'],
        ['XTRIM', 's', 'MINID', '1-6'],
        ['XLEN', 's'],
        ['XRANGE', 's', '-', '+'],
        ['XTRIM', 's', 'MAXLEN', '0'],
        ['XLEN', 's'],
        ['EXISTS', 's'],
        ['XINFO', 'STREAM', 's'],
        ['XTRIM', 'nokey', 'MAXLEN', '0'],
        ['XTRIM', 'nokey', 'MINID', '1'],
        ['EXISTS', 'nokey'],
        ['XTRIM', 's'],
        ['XTRIM', 's', 'MAXLEN'],
        ['XTRIM', 's', 'FOO', '1'],
        ['XTRIM', 's', 'MAXLEN', 'x'],
        ['XTRIM', 's', 'MAXLEN', '-1'],
        ['XTRIM', 's', 'MAXLEN', '~', '-1'],
        ['XTRIM', 's', 'MAXLEN', U64_OVER],
        ['XTRIM', 's', 'MAXLEN', '1', 'MINID', '1'],
        ['XTRIM', 's', 'MINID', '1', 'MAXLEN', '1'],
        ['XTRIM', 's', 'MAXLEN', '1', 'MAXLEN', '2'],
        ['XTRIM', 's', 'MAXLEN', '1', 'extra'],
        ['XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT'],
        ['XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT', 'x'],
        ['XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT', '-1'],
        ['XTRIM', 's', 'MAXLEN', '1', 'LIMIT', '1'],
        ['XTRIM', 's', 'MAXLEN', '=', '1', 'LIMIT', '1'],
        ['XTRIM', 's', 'MAXLEN', '=', '1', 'LIMIT', '0'],
        ['XTRIM', 's', 'MINID', '=', '1', 'LIMIT', '0'],
        ['XTRIM', 's', 'LIMIT', '1'],
        ['XTRIM', 's', 'LIMIT', '1', 'MAXLEN', '~', '1'],
        ['XTRIM', 's', 'MINID', 'x'],
        ['XTRIM', 's', 'MINID', '(1'],
        ['XTRIM', 's', 'MINID', '*'],
        ['XTRIM', 's', 'MINID', '-'],
        ['XTRIM', 's', 'MINID', '+'],
        ['XTRIM', 's', 'MINID', '~'],
        ['XTRIM', 's', 'NOMKSTREAM', 'MAXLEN', '1'],
        ['XTRIM', 'nokey', 'MAXLEN', 'x'],
        ['XTRIM', 'nokey', 'FOO', '1'],
        ['SET', 'str', 'x'],
        ['XTRIM', 'str', 'MAXLEN', '1'],
        ['XTRIM', 'str', 'MAXLEN', 'x'],
        ['XTRIM', 'str', 'MINID', '1', 'LIMIT', '1'],
      ]);
    });

    it('XTRIM: approximate trimming removes whole nodes only, within LIMIT', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 0, 350),
        ['XTRIM', 's', 'MAXLEN', '~', '340'],
        ['XTRIM', 's', 'MAXLEN', '~', '249'],
        ['XLEN', 's'],
        ['XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '99'],
        ['XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '100'],
        ['XLEN', 's'],
        ['XTRIM', 's', 'MINID', '~', '1-310', 'LIMIT', '150'],
        ['XLEN', 's'],
        ['XINFO', 'STREAM', 's'],
        ['XTRIM', 's', 'MINID', '~', '1-349'],
        ['XLEN', 's'],
        ['XTRIM', 's', 'MAXLEN', '~', '0'],
        ['XLEN', 's'],
        ['XINFO', 'STREAM', 's'],
        ...adds('d', 0, 300),
        // Deleted entries still count toward their node: XDEL does not shrink the node.
        ['XDEL', 'd', ...Array.from({ length: 60 }, (_, i) => `1-${i}`)],
        ['XTRIM', 'd', 'MAXLEN', '~', '220'],
        ['XLEN', 'd'],
        ['XTRIM', 'd', 'MAXLEN', '~', '150'],
        ['XLEN', 'd'],
        ['XTRIM', 'd', 'MAXLEN', '=', '150'],
        ['XRANGE', 'd', '-', '+', 'COUNT', '1'],
        ['XINFO', 'STREAM', 'd'],
      ]);
    });

    it('XREAD: without BLOCK, COUNT, several streams, $, and every error', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['XADD', 's', '1-1', 'a', '1'],
        ['XADD', 's', '2-2', 'b', '2'],
        ['XADD', 't', '5-0', 'c', '3'],
        ['XREAD', 'STREAMS', 's', '0'],
        ['XREAD', 'STREAMS', 's', '0-0'],
        ['XREAD', 'STREAMS', 's', '1-1'],
        ['XREAD', 'STREAMS', 's', '1'],
        ['XREAD', 'STREAMS', 's', '2-2'],
        ['XREAD', 'COUNT', '1', 'STREAMS', 's', 't', '0', '0'],
        ['XREAD', 'STREAMS', 's', 't', '1-1', '5'],
        ['XREAD', 'STREAMS', 's', 't', '5', '0'],
        ['XREAD', 'STREAMS', 's', 't', '$', '$'],
        ['XREAD', 'STREAMS', 's', 'nokey', 't', '0', '0', '4'],
        ['XREAD', 'STREAMS', 'nokey', '$'],
        ['XREAD', 'STREAMS', 'nokey', '0'],
        ['XREAD', 'STREAMS', 's', 's', '0', '1-1'],
        ['XREAD', 'STREAMS', 's', `${U64_MAX}-${U64_MAX}`],
        ['XREAD', 'STREAMS', 's', U64_MAX],
        ['XREAD', 'COUNT', '0', 'STREAMS', 's', '0'],
        ['XREAD', 'COUNT', '-1', 'STREAMS', 's', '0'],
        ['XREAD', 'COUNT', '1', 'COUNT', '2', 'STREAMS', 's', '0'],
        ['XREAD', 'count', '1', 'streams', 's', '0'],
        ['XREAD', 'COUNT', 'x', 'STREAMS', 's', '0'],
        ['XREAD', 'COUNT', U64_OVER, 'STREAMS', 's', '0'],
        ['XREAD', 'COUNT', 'STREAMS', 's', '0'],
        ['XREAD', 'FOO', 'STREAMS', 's', '0'],
        ['XREAD', 'STREAMS', 's', 't', '0'],
        ['XREAD', 'STREAMS', 's', 't', 'u', '0', '0'],
        ['XREAD', 'STREAMS', 'STREAMS', 's', '0'],
        ['XREAD', 'STREAMS', 's'],
        ['XREAD', 'STREAMS'],
        ['XREAD', 'COUNT', '1'],
        ['XREAD', 'COUNT', '1', 'BLOCK', '0'],
        ['XREAD', 's', '0'],
        ['XREAD', 'STREAMS', 's', 'x'],
        ['XREAD', 'STREAMS', 's', '(1'],
        ['XREAD', 'STREAMS', 's', '-'],
        ['XREAD', 'STREAMS', 's', '+'],
        ['XREAD', 'STREAMS', 's', '*'],
        ['XREAD', 'STREAMS', 's', '>'],
        ['XREAD', 'STREAMS', 's', 't', '0', '>'],
        ['XREAD', 'STREAMS', 's', `1-${U64_OVER}`],
        ['XREAD', 'GROUP', 'g', 'c', 'STREAMS', 's', '0'],
        ['XREAD', 'NOACK', 'STREAMS', 's', '0'],
        ['XREAD', 'BLOCK', 'x', 'STREAMS', 's', '0'],
        ['XREAD', 'BLOCK', '-1', 'STREAMS', 's', '0'],
        ['XREAD', 'BLOCK', '1.5', 'STREAMS', 's', '0'],
        ['XREAD', 'BLOCK', '0', 'STREAMS', 's', 't', '0'],
        ['SET', 'str', 'x'],
        ['XREAD', 'STREAMS', 'str', '0'],
        ['XREAD', 'STREAMS', 'str', '$'],
        ['XREAD', 'STREAMS', 's', 'str', '0', '0'],
        ['XREAD', 'STREAMS', 'str', 'x'],
        ['XREAD', 'STREAMS', 'str', 's', '0'],
      ]);
    });

    it('XSETID: ENTRIESADDED, MAXDELETEDID, and their errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 5),
        ['XSETID', 's', '1-0'],
        ['XSETID', 's', '1-3'],
        ['XSETID', 's', '0-0'],
        ['XSETID', 's', '1-4'],
        ['XSETID', 's', '1-5'],
        ['XSETID', 's', '5'],
        ['XINFO', 'STREAM', 's'],
        ['XSETID', 's', '1-9'],
        ['XSETID', 's', '5'],
        ['XADD', 's', '5-0', 'a', '1'],
        ['XADD', 's', '5-*', 'a', '1'],
        ['XSETID', 's', '6-0', 'ENTRIESADDED', '4'],
        ['XSETID', 's', '6-0', 'ENTRIESADDED', '5'],
        ['XSETID', 's', '6-0', 'ENTRIESADDED', '100'],
        ['XSETID', 's', '6-0', 'ENTRIESADDED', '-1'],
        ['XSETID', 's', '6-0', 'ENTRIESADDED', 'x'],
        ['XSETID', 's', '6-0', 'ENTRIESADDED', U64_OVER],
        ['XSETID', 's', '6-0', 'ENTRIESADDED'],
        ['XSETID', 's', '6-0', 'MAXDELETEDID', '7-0'],
        ['XSETID', 's', '6-0', 'MAXDELETEDID', '6-0'],
        ['XSETID', 's', '6-0', 'MAXDELETEDID', '2-0'],
        ['XSETID', 's', '6-0', 'MAXDELETEDID', 'x'],
        ['XSETID', 's', '6-0', 'MAXDELETEDID', '(1'],
        ['XSETID', 's', '6-0', 'MAXDELETEDID'],
        ['XSETID', 's', '6-0', 'MAXDELETEDID', '1-0', 'ENTRIESADDED', '3'],
        ['XSETID', 's', '6-0', 'FOO'],
        ['XSETID', 's', '6-0', 'FOO', '1'],
        ['XSETID', 's', '6-0', 'entriesadded', '50', 'maxdeletedid', '1-0'],
        ['XINFO', 'STREAM', 's'],
        ['XSETID', 's', '7-0', 'ENTRIESADDED', '60', 'MAXDELETEDID', '6-5'],
        ['XINFO', 'STREAM', 's'],
        ['XSETID', 's', '8-0', 'ENTRIESADDED', '61', 'ENTRIESADDED', '70'],
        ['XSETID', 's', '9-0', 'MAXDELETEDID', '1-0', 'MAXDELETEDID', '9-1'],
        ['XINFO', 'STREAM', 's'],
        ['XSETID', 's', 'x'],
        ['XSETID', 's', '*'],
        ['XSETID', 's', '-'],
        ['XSETID', 's', '+'],
        ['XSETID', 's', `${U64_OVER}-0`],
        ['XSETID', 's', `${U64_MAX}-${U64_MAX}`],
        ['XADD', 's', '*', 'a', '1'],
        ['XSETID', 's'],
        ['XSETID', 'nokey', '1-1'],
        ['XSETID', 'nokey', 'x'],
        ['XSETID', 'nokey', '1-1', 'ENTRIESADDED', '-1'],
        ['EXISTS', 'nokey'],
        // An empty stream may move its last ID anywhere, backwards included.
        ['XADD', 'e', '5-5', 'a', '1'],
        ['XDEL', 'e', '5-5'],
        ['XSETID', 'e', '0-0'],
        ['XINFO', 'STREAM', 'e'],
        ['XSETID', 'e', '0-0', 'ENTRIESADDED', '0'],
        ['XSETID', 'e', '0-5', 'MAXDELETEDID', '0-6'],
        ['XINFO', 'STREAM', 'e'],
        ['XADD', 'e', '0-1', 'a', '1'],
        ['XADD', 'e', '0-*', 'a', '1'],
        ['SET', 'str', 'x'],
        ['XSETID', 'str', '1-1'],
        ['XSETID', 'str', 'x'],
      ]);
    });

    it('XINFO STREAM: the summary and FULL [COUNT n] without groups, and errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['XINFO', 'STREAM', 'nokey'],
        ['XINFO', 'STREAM', 'nokey', 'FULL'],
        ['XADD', 's', '1-1', 'a', '1'],
        ['XINFO', 'STREAM', 's'],
        ['XINFO', 'STREAM', 's', 'FULL'],
        ...adds('s', 2, 30),
        ['XADD', 's', '2-0', 'x', 'y', 'z', 'w'],
        ['XDEL', 's', '1-5', '1-7'],
        ['XINFO', 'STREAM', 's'],
        ['XINFO', 'STREAM', 's', 'FULL'],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '3'],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0'],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '-1'],
        ['XINFO', 'STREAM', 's', 'full', 'count', '1'],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x'],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT'],
        ['XINFO', 'STREAM', 's', 'FULL', 'FOO'],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1', 'COUNT', '2'],
        ['XINFO', 'STREAM', 's', 'FOO'],
        ['XINFO', 'STREAM', 's', 'COUNT', '1'],
        ['XINFO', 'STREAM'],
        ['XINFO', 'stream', 's'],
        ['XINFO'],
        ['XINFO', 'FOO'],
        ['XINFO', 'FOO', 's'],
        ['XINFO', 'HELP'],
        ['XINFO', 'help'],
        ['XINFO', 'HELP', 'x'],
        ['XTRIM', 's', 'MAXLEN', '0'],
        ['XINFO', 'STREAM', 's'],
        ['XINFO', 'STREAM', 's', 'FULL'],
        ['SET', 'str', 'x'],
        ['XINFO', 'STREAM', 'str'],
        ['XINFO', 'STREAM', 'str', 'FULL'],
      ]);
    });

    it('TYPE/OBJECT ENCODING/COPY/RENAME/DEL of streams', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 4),
        ['XSETID', 's', '9-0', 'ENTRIESADDED', '10', 'MAXDELETEDID', '8-0'],
        ['TYPE', 's'],
        ['OBJECT', 'ENCODING', 's'],
        ['SCAN', '0', 'TYPE', 'stream'],
        ['COPY', 's', 'c'],
        ['COPY', 's', 'c'],
        ['TYPE', 'c'],
        ['OBJECT', 'ENCODING', 'c'],
        ['XINFO', 'STREAM', 'c'],
        ['XADD', 'c', '10-0', 'new', '1'],
        ['XLEN', 's'],
        ['XLEN', 'c'],
        ['XDEL', 's', '1-1'],
        ['XRANGE', 'c', '-', '+'],
        ['SET', 'str', 'x'],
        ['COPY', 's', 'str'],
        ['COPY', 's', 'str', 'REPLACE'],
        ['TYPE', 'str'],
        ['XINFO', 'STREAM', 'str'],
        ['RENAME', 's', 'r'],
        ['EXISTS', 's'],
        ['XINFO', 'STREAM', 'r'],
        ['RENAMENX', 'r', 'c'],
        ['DEL', 'r', 'c', 'str'],
        ['EXISTS', 'r', 'c', 'str'],
        ['XADD', 'e', '1-1', 'a', '1'],
        ['XDEL', 'e', '1-1'],
        ['COPY', 'e', 'e2'],
        ['XINFO', 'STREAM', 'e2'],
        ['UNLINK', 'e', 'e2'],
        ['XADD', 'x', '1-1', 'a', '1'],
        ['EXPIRE', 'x', '100'],
        ['RENAME', 'x', 'y'],
        ['TTL', 'y'],
        ['MOVE', 'y', '1'],
        ['SELECT', '1'],
        ['XRANGE', 'y', '-', '+'],
        // Stream writes keep the TTL.
        ['XADD', 'y', '1-2', 'a', '1'],
        ['XTRIM', 'y', 'MAXLEN', '0'],
        ['XDEL', 'y', '1-1'],
        ['XSETID', 'y', '5-0'],
        ['XGROUP', 'CREATE', 'y', 'g', '$'],
        ['TTL', 'y'],
        ['SELECT', '0'],
        // Other families refuse a stream.
        ['GET', 'e'],
        ['XADD', 'e', '1-1', 'a', '1'],
        ['GET', 'e'],
        ['APPEND', 'e', 'x'],
        ['LPUSH', 'e', 'x'],
        ['HSET', 'e', 'f', 'v'],
        ['SADD', 'e', 'm'],
        ['ZADD', 'e', '1', 'm'],
        ['STRLEN', 'e'],
        ['INCR', 'e'],
        ['SET', 'e', 'v', 'GET'],
        ['SET', 'e', 'v'],
        ['TYPE', 'e'],
      ]);
    });

    it('MULTI/EXEC: stream writes inside a transaction', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['MULTI'],
        ['XADD', 's', '1-1', 'a', '1'],
        ['XADD', 's', '1-1', 'a', '1'],
        ['XADD', 's', '1-*', 'b', '2'],
        ['XRANGE', 's', '-', '+'],
        ['XTRIM', 's', 'MAXLEN', '1'],
        ['XREAD', 'STREAMS', 's', '0'],
        ['XADD', 's'],
        ['EXEC'],
        ['WATCH', 's'],
        ['XADD', 's', '2-0', 'a', '1'],
        ['MULTI'],
        ['XLEN', 's'],
        ['EXEC'],
      ]);
      const other = await connectPair(pair, resp, 'other');
      const steps: string[][] = [
        ['XADD', 's', '3-0', 'a', '1'],
        ['XDEL', 's', '3-0'],
        ['XTRIM', 's', 'MAXLEN', '0'],
        ['XSETID', 's', '9-0'],
        ['XDEL', 's', '1-1'],
        ['XTRIM', 's', 'MAXLEN', '10'],
        ['XADD', 'nokey', 'NOMKSTREAM', '1-1', 'a', '1'],
      ];
      for (const step of steps) {
        await c.both('WATCH', 's');
        await other.both(...step);
        await c.cases([['MULTI'], ['PING'], ['EXEC']]);
      }
    });

    it('COMMAND INFO: every stream command matches Redis byte for byte', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      for (const name of STREAM_COMMANDS) await c.both('COMMAND', 'INFO', name);
      await c.both('COMMAND', 'GETKEYS', 'XREAD', 'COUNT', '1', 'STREAMS', 'a', 'b', '0', '0');
      await c.both('COMMAND', 'GETKEYS', 'XADD', 's', '*', 'a', '1');
      await c.both('COMMAND', 'GETKEYS', 'XINFO', 'STREAM', 's');
    });
  });
}

/* ------------------------------------------------------------------------------------------ */
/* Configuration: small nodes                                                                  */
/* ------------------------------------------------------------------------------------------ */

describe('differential: streams, small stream-node-max-entries / stream-node-max-bytes', () => {
  const suite = pairSuite({
    broker: { 'stream-node-max-entries': 3 },
    referenceArgs: ['--stream-node-max-entries', '3'],
  });

  it('XADD/XTRIM: nodes of 3 entries, approximate trims by whole nodes', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    await c.cases([
      ['CONFIG', 'GET', 'stream-node-max-entries'],
      ...adds('s', 0, 10),
      ['XINFO', 'STREAM', 's'],
      ['XTRIM', 's', 'MAXLEN', '~', '5'],
      ['XLEN', 's'],
      ['XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '2'],
      ['XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '3'],
      ['XLEN', 's'],
      ['XADD', 's', 'MINID', '~', '1-9', '2-0', 'f', 'x'],
      ['XLEN', 's'],
      ['XINFO', 'STREAM', 's'],
      ['CONFIG', 'SET', 'stream-node-max-entries', '0'],
      ['CONFIG', 'SET', 'stream-node-max-bytes', '100'],
      ...adds('b', 0, 6, 3),
      ['XINFO', 'STREAM', 'b'],
      ['XTRIM', 'b', 'MAXLEN', '~', '1'],
      ['XLEN', 'b'],
      ['CONFIG', 'SET', 'stream-node-max-bytes', '0'],
      ['CONFIG', 'SET', 'stream-node-max-entries', '2'],
      ...adds('b', 6, 12, 3),
      ['XINFO', 'STREAM', 'b'],
      ['XTRIM', 'b', 'MAXLEN', '~', '3'],
      ['XLEN', 'b'],
    ]);
  });
});

describe('differential: streams, node splits on stream-node-max-bytes follow listpack sizes', () => {
  const suite = pairSuite({
    broker: { 'stream-node-max-bytes': 256 },
    referenceArgs: ['--stream-node-max-bytes', '256'],
  });

  /**
   * Entries whose listpack encodings differ in size: integers of every listpack width, strings
   * that look like integers but are not, strings around the 6-bit and 12-bit length limits,
   * fields other than the node's master fields, and ID deltas of every integer width. XINFO
   * STREAM after each XADD shows when a new node (radix-tree-keys) is opened.
   */
  const PATTERNS: { name: string; entry: (i: number) => string[] }[] = [
    { name: 'small ints', entry: (i) => ['f', String(i % 128)] },
    { name: '13-bit ints', entry: (i) => ['f', String(4000 + i)] },
    { name: '16/24/32/64-bit ints', entry: (i) => ['f', ['-30000', '8000000', '-2000000000', '9223372036854775807', '-9223372036854775808'][i % 5]!] },
    { name: 'not integers', entry: (i) => ['f', ['01', '-0', ' 1', '1.5', '+1', '9223372036854775808', '0x1'][i % 7]!] },
    { name: 'strings near 63/64 bytes', entry: (i) => ['f', 'x'.repeat(60 + (i % 6))] },
    { name: 'strings near 4095/4096 bytes', entry: (i) => ['f', 'y'.repeat(4093 + (i % 5))] },
    { name: 'empty values and fields', entry: (i) => (i % 2 === 0 ? ['', ''] : ['f', '']) },
    { name: 'fields other than the master fields', entry: (i) => (i % 3 === 0 ? ['a', '1', 'b', '2'] : i % 3 === 1 ? ['a', '1'] : ['b', '2', 'a', '1']) },
    { name: 'many fields', entry: (i) => Array.from({ length: 2 * (1 + (i % 7)) }, (_, j) => `k${j}`) },
  ];

  it('XADD/XTRIM: node layout (XINFO STREAM) and approximate trims match for every encoding', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    const cases: Case[] = [['CONFIG', 'GET', 'stream-node-max-bytes']];
    PATTERNS.forEach((p, k) => {
      const key = `s${k}`;
      const n = p.name.includes('4095') ? 4 : 30;
      for (let i = 0; i < n; i++) {
        cases.push(['XADD', key, `${i + 1}-${i}`, ...p.entry(i)]);
        cases.push(['XINFO', 'STREAM', key]);
      }
      cases.push(['XTRIM', key, 'MAXLEN', '~', String(n - 5)]);
      cases.push(['XTRIM', key, 'MAXLEN', '~', '0']);
      cases.push(['XLEN', key]);
    });
    await c.cases(cases);
  });

  it('XADD: ID deltas of every width against the node master ID', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    const ids = [
      '1-0', '1-1', '1-63', '1-64', '1-4095', '1-4096', '1-70000', '1-16777216', '1-4294967296', '1-18446744073709551615',
      '2-0', '200-0', '70000-5', '16777300-0', '4294967400-1', '1099511627776-0', '9223372036854775807-0',
      '9223372036854775808-3', '18446744073709551615-0', '18446744073709551615-18446744073709551615',
    ];
    const cases: Case[] = [];
    for (const id of ids) cases.push(['XADD', 's', id, 'f', 'v'], ['XINFO', 'STREAM', 's']);
    cases.push(['XRANGE', 's', '-', '+']);
    cases.push(['XTRIM', 's', 'MAXLEN', '~', '10']);
    cases.push(['XRANGE', 's', '-', '+', 'COUNT', '2']);
    cases.push(['XINFO', 'STREAM', 's']);
    await c.cases(cases);
  });

  it('XDEL: deleted entries keep their node bytes; a node emptied by XDEL goes away', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    const cases: Case[] = [...adds('s', 0, 40)];
    cases.push(['XINFO', 'STREAM', 's']);
    cases.push(['XDEL', 's', ...Array.from({ length: 12 }, (_, i) => `1-${i}`)]);
    cases.push(['XINFO', 'STREAM', 's']);
    cases.push(['XDEL', 's', ...Array.from({ length: 12 }, (_, i) => `1-${12 + i}`)]);
    cases.push(['XINFO', 'STREAM', 's']);
    cases.push(['XDEL', 's', '1-39', '1-38']);
    cases.push(['XINFO', 'STREAM', 's']);
    cases.push(...adds('s', 40, 50));
    cases.push(['XINFO', 'STREAM', 's']);
    cases.push(['XTRIM', 's', 'MAXLEN', '~', '5']);
    cases.push(['XINFO', 'STREAM', 's']);
    await c.cases(cases);
  });
});

/* ------------------------------------------------------------------------------------------ */
/* Accounting and keyspace events                                                              */
/* ------------------------------------------------------------------------------------------ */

/** A script touching every stream command of this file, success, no-op and error paths. */
const SCRIPT: string[][] = [
  ['XADD', 's', '1-1', 'a', '1'],
  ['XADD', 's', '1-2', 'b', '2'],
  ['XADD', 's', '1-2', 'b', '2'],
  ['XADD', 's', 'MAXLEN', '5', '1-3', 'c', '3'],
  ['XADD', 's', 'MAXLEN', '2', '1-4', 'd', '4'],
  ['XADD', 's', 'MINID', '1-4', '1-5', 'e', '5'],
  ['XADD', 's', 'MAXLEN', '~', '0', '1-6', 'e', '5'],
  ['XADD', 'nokey', 'NOMKSTREAM', '1-1', 'a', '1'],
  ['XLEN', 's'],
  ['XLEN', 'nokey'],
  ['XRANGE', 's', '-', '+'],
  ['XRANGE', 'nokey', '-', '+'],
  ['XREVRANGE', 's', '+', '-'],
  ['XREVRANGE', 'nokey', '+', '-'],
  ['XREAD', 'STREAMS', 's', 'nokey', '0', '0'],
  ['XREAD', 'STREAMS', 's', '$'],
  ['XDEL', 's', '1-5'],
  ['XDEL', 's', '9-9'],
  ['XDEL', 'nokey', '1-1'],
  ['XTRIM', 's', 'MAXLEN', '0'],
  ['XTRIM', 's', 'MAXLEN', '0'],
  ['XTRIM', 'nokey', 'MAXLEN', '0'],
  ['XADD', 's', '2-1', 'a', '1'],
  ['XADD', 's', '2-2', 'a', '1'],
  ['XTRIM', 's', 'MINID', '2-2'],
  ['XSETID', 's', '3-0'],
  ['XSETID', 's', '3-0', 'ENTRIESADDED', '10', 'MAXDELETEDID', '2-9'],
  ['XSETID', 's', '1-0'],
  ['XSETID', 'nokey', '1-0'],
  ['XINFO', 'STREAM', 's'],
  ['XINFO', 'STREAM', 'nokey'],
  ['XINFO', 'STREAM', 's', 'FULL'],
  ['SET', 'str', 'x'],
  ['XADD', 'str', '1-1', 'a', '1'],
  ['XRANGE', 'str', '-', '+'],
  ['XLEN', 'str'],
  ['XREAD', 'STREAMS', 'str', '0'],
  ['XDEL', 'str', '1-1'],
  ['XTRIM', 'str', 'MAXLEN', '0'],
  ['XSETID', 'str', '1-1'],
  ['COPY', 's', 's2'],
  ['RENAME', 's2', 's3'],
  ['DEL', 's3'],
  ['SET', '__end__', 'x'],
];

describe('differential: stream commands, keyspace hits/misses and dirty counter', () => {
  const suite = pairSuite();

  it('every command counts hits, misses and changes as Redis does', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await assertCountersMatch(pair, SCRIPT);
  });
});

describe('differential: stream commands, keyspace events', () => {
  const suite = pairSuite({ referenceArgs: ['--notify-keyspace-events', 'KEA'] });

  it('xadd, xtrim, xdel, xsetid fire the events Redis fires, in order', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await assertEventsMatch(pair, SCRIPT);
  });
});
