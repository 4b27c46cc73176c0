/*
 * Differential: stream consumer groups (XGROUP, XREADGROUP without BLOCK, XACK, XPENDING, XCLAIM,
 * XAUTOCLAIM, XINFO GROUPS, XINFO CONSUMERS, XINFO STREAM FULL with groups) against
 * redis-server 7.0.15, in RESP2 and RESP3. Blocking XREADGROUP is in stream-blocking.test.ts.
 *
 * Replies are compared byte for byte. Entry IDs are explicit, so both servers hold the same
 * entries. What cannot be equal is time, and only the cases that show a time use a normaliser,
 * named next to the case. Both work on frame structure (the reply is parsed into frames; only an
 * integer frame at a known position is replaced, never text matched inside a payload):
 *
 *  - `idles` (XPENDING extended form, XINFO CONSUMERS): an idle time, that is the integer at
 *    index 2 of each top-level `[id, consumer, idle, deliveries]` entry of XPENDING, and the
 *    integer value of the `idle` field of a map (RESP3 `%`, or the flat RESP2 array of pairs),
 *    becomes its order of magnitude: `<idle<10s>` below 10 000 ms (an entry just delivered, or
 *    given `IDLE 0`), else `<idle~1eN>` with N = floor(log10(idle)). Tests make idle times
 *    deterministic with `XCLAIM ... IDLE <ms>` (values like 500000 that stay in their decade for
 *    the length of a test) or `TIME <fixed ms>`.
 *  - `infoTimes` (XINFO STREAM FULL): absolute Unix times in ms, that is the `seen-time` field of
 *    a consumer, index 2 of each `[id, consumer, delivery-time, deliveries]` entry of a group's
 *    `pending` list and index 1 of each `[id, delivery-time, deliveries]` entry of a consumer's
 *    `pending` list, become `<now>` when they are within 10 minutes of the test's clock (set by a
 *    delivery or a claim as it happened); any other time (`XCLAIM ... TIME 1000000`) is compared
 *    exactly.
 *
 * Delivery counts, entries-read, lag, pending counts and every ID are always compared exactly.
 */

import { describe, it } from 'node:test';
import { pairSuite, type Case, type Normalizer } from '../helpers/diff.js';
import { assertCountersMatch, assertEventsMatch, connectPair } from '../helpers/keyspace.js';
import { frameEnd } from '../helpers/raw.js';

/* ------------------------------------------------------------------------------------------ */
/* Time normalisers (on frame structure)                                                       */
/* ------------------------------------------------------------------------------------------ */

interface Node {
  /** The header line for aggregates; the whole frame for leaves. */
  head: string;
  type: string;
  kids: Node[] | null;
}

function parseNodes(s: string): Node[] {
  const buf = Buffer.from(s, 'latin1');
  const out: Node[] = [];
  let p = 0;
  const one = (at: number): { node: Node; end: number } => {
    const end = frameEnd(buf, at);
    if (end < 0) throw new Error(`incomplete frame in ${JSON.stringify(s)}`);
    const type = String.fromCharCode(buf[at]!);
    if (!'*~>%'.includes(type)) return { node: { head: buf.toString('latin1', at, end), type, kids: null }, end };
    const nl = buf.indexOf('\r\n', at, 'latin1');
    const n = Number(buf.toString('latin1', at + 1, nl));
    if (n < 0) return { node: { head: buf.toString('latin1', at, end), type, kids: null }, end };
    const kids: Node[] = [];
    let q = nl + 2;
    for (let i = 0; i < (type === '%' ? 2 * n : n); i++) {
      const r = one(q);
      kids.push(r.node);
      q = r.end;
    }
    return { node: { head: buf.toString('latin1', at, nl + 2), type, kids }, end: q };
  };
  while (p < buf.length) {
    const r = one(p);
    out.push(r.node);
    p = r.end;
  }
  return out;
}

function renderNode(n: Node): string {
  return n.kids === null ? n.head : n.head + n.kids.map(renderNode).join('');
}

function textOf(n: Node | undefined): string | null {
  if (n === undefined || n.type !== '$' || n.head.startsWith('$-')) return null;
  return n.head.slice(n.head.indexOf('\r\n') + 2, -2);
}

function intOf(n: Node | undefined): number | null {
  return n !== undefined && n.type === ':' ? Number(n.head.slice(1, -2)) : null;
}

function placeholder(text: string): Node {
  return { head: `:${text}\r\n`, type: ':', kids: null };
}

function idleBucket(ms: number): string {
  return ms < 10_000 ? '<idle<10s>' : `<idle~1e${Math.floor(Math.log10(ms))}>`;
}

function timeBucket(ms: number): string {
  return Math.abs(ms - Date.now()) <= 600_000 ? '<now>' : String(ms);
}

/** Replace the integer kids[i] of `n` by bucket(value), when it is an integer. */
function bucketAt(n: Node, i: number, bucket: (ms: number) => string): void {
  const v = intOf(n.kids?.[i]);
  if (v !== null) n.kids![i] = placeholder(bucket(v));
}

/** Visit every map (RESP3 `%`, or any array of even length read as pairs) with fields as text. */
function forEachMap(n: Node, visit: (map: Node, field: string, valueIndex: number) => void): void {
  if (n.kids === null) return;
  n.kids.forEach((k) => forEachMap(k, visit));
  if ((n.type === '%' || n.type === '*') && n.kids.length % 2 === 0) {
    for (let i = 0; i + 1 < n.kids.length; i += 2) {
      const field = textOf(n.kids[i]);
      if (field !== null) visit(n, field, i + 1);
    }
  }
}

/** Idle times of XPENDING's extended form and XINFO CONSUMERS (see the header). */
const idles: Normalizer = function idles(reply) {
  return parseNodes(reply)
    .map((top) => {
      // XPENDING extended: [[id, consumer, idle, deliveries], ...]
      if (top.type === '*' && top.kids !== null) {
        for (const e of top.kids) {
          if (e.kids?.length === 4 && textOf(e.kids[0]) !== null && textOf(e.kids[1]) !== null && intOf(e.kids[3]) !== null) {
            bucketAt(e, 2, idleBucket);
          }
        }
      }
      // XINFO CONSUMERS: [{name, pending, idle}, ...]
      forEachMap(top, (map, field, i) => {
        if (field === 'idle') bucketAt(map, i, idleBucket);
      });
      return renderNode(top);
    })
    .join('');
};

/** Absolute times of XINFO STREAM FULL (see the header). */
const infoTimes: Normalizer = function infoTimes(reply) {
  return parseNodes(reply)
    .map((top) => {
      forEachMap(top, (map, field, i) => {
        const value = map.kids![i]!;
        if (field === 'seen-time') bucketAt(map, i, timeBucket);
        if (field === 'pending' && value.type === '*' && value.kids !== null) {
          for (const e of value.kids) {
            if (e.kids?.length === 4 && textOf(e.kids[1]) !== null) bucketAt(e, 2, timeBucket);
            else if (e.kids?.length === 3) bucketAt(e, 1, timeBucket);
          }
        }
      });
      return renderNode(top);
    })
    .join('');
};

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/** `XADD key <ms>-<i> f <i>` for i in [from, to). */
function adds(key: string, from: number, to: number, ms = 1): string[][] {
  return Array.from({ length: to - from }, (_, i) => ['XADD', key, `${ms}-${from + i}`, 'f', String(from + i)]);
}

const U64_OVER = '18446744073709551616';

const GROUP_COMMANDS = [
  'xgroup|create', 'xgroup|createconsumer', 'xgroup|delconsumer', 'xgroup|destroy', 'xgroup|setid', 'xgroup|help',
  'xreadgroup', 'xack', 'xpending', 'xclaim', 'xautoclaim', 'xinfo|groups', 'xinfo|consumers',
];

for (const resp of [2, 3] as const) {
  describe(`differential: stream consumer groups (RESP${resp})`, () => {
    const suite = pairSuite();

    it('XGROUP CREATE: MKSTREAM, $, ENTRIESREAD, BUSYGROUP and errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XGROUP', 'CREATE', 's', 'g', '$'],
        ['EXISTS', 's'],
        ['XGROUP', 'CREATE', 's', 'g', '0', 'MKSTREAM'],
        ['TYPE', 's'],
        ['XLEN', 's'],
        ['XGROUP', 'CREATE', 's', 'g', '0', 'MKSTREAM'],
        ['XGROUP', 'CREATE', 's', 'g', '$'],
        ['XGROUP', 'CREATE', 's', 'G', '$'],
        ['XGROUP', 'create', 's', 'lower', '0', 'mkstream'],
        ...adds('s', 1, 4),
        ['XGROUP', 'CREATE', 's', 'dollar', '$'],
        ['XGROUP', 'CREATE', 's', 'mid', '1-2'],
        ['XGROUP', 'CREATE', 's', 'future', '9-9'],
        ['XGROUP', 'CREATE', 's', 'incomplete', '1'],
        ['XGROUP', 'CREATE', 's', 'er5', '$', 'ENTRIESREAD', '5'],
        ['XGROUP', 'CREATE', 's', 'er0', '0', 'ENTRIESREAD', '0'],
        ['XGROUP', 'CREATE', 's', 'er1', '1-1', 'ENTRIESREAD', '1'],
        ['XGROUP', 'CREATE', 's', 'erm1', '0', 'ENTRIESREAD', '-1'],
        ['XGROUP', 'CREATE', 's', 'erbig', '0', 'ENTRIESREAD', '100'],
        ['XGROUP', 'CREATE', 's', 'both', '0', 'MKSTREAM', 'ENTRIESREAD', '2'],
        ['XGROUP', 'CREATE', 's', 'both2', '0', 'ENTRIESREAD', '2', 'MKSTREAM'],
        ['XGROUP', 'CREATE', 's', 'x', '$', 'ENTRIESREAD', '-2'],
        ['XGROUP', 'CREATE', 's', 'x', '$', 'ENTRIESREAD', 'x'],
        ['XGROUP', 'CREATE', 's', 'x', '$', 'ENTRIESREAD', U64_OVER],
        ['XGROUP', 'CREATE', 's', 'x', '$', 'ENTRIESREAD'],
        ['XGROUP', 'CREATE', 's', 'x', 'bad'],
        ['XGROUP', 'CREATE', 's', 'x', '+'],
        ['XGROUP', 'CREATE', 's', 'x', '-'],
        ['XGROUP', 'CREATE', 's', 'x', '>'],
        ['XGROUP', 'CREATE', 's', 'x', '*'],
        ['XGROUP', 'CREATE', 's', 'x', '(1'],
        ['XGROUP', 'CREATE', 's', 'x', `${U64_OVER}-0`],
        ['XGROUP', 'CREATE', 's', 'x', '0', 'FOO'],
        ['XGROUP', 'CREATE', 's', 'x', '0', 'MKSTREAM', 'FOO'],
        ['XGROUP', 'CREATE', 's', 'x'],
        ['XGROUP', 'CREATE', 's'],
        ['XGROUP', 'CREATE'],
        ['XGROUP', 'CREATE', 'nokey', 'g', 'bad', 'MKSTREAM'],
        ['XGROUP', 'CREATE', 'nokey', 'g', '0', 'ENTRIESREAD', '-3', 'MKSTREAM'],
        ['EXISTS', 'nokey'],
        ['XGROUP', 'CREATE', 'nokey', 'g', '$', 'MKSTREAM'],
        ['XINFO', 'GROUPS', 'nokey'],
        ['XINFO', 'GROUPS', 's'],
        ['XINFO', 'STREAM', 's'],
        ['SET', 'str', 'x'],
        ['XGROUP', 'CREATE', 'str', 'g', '0'],
        ['XGROUP', 'CREATE', 'str', 'g', '0', 'MKSTREAM'],
        ['XGROUP', 'CREATE', 'str', 'g', 'bad'],
        ['XGROUP', 'CREATECONSUMER', 'str', 'g', 'c'],
        ['XGROUP', 'DESTROY', 'str', 'g'],
        ['XGROUP', 'SETID', 'str', 'g', '0'],
        ['XGROUP', 'DELCONSUMER', 'str', 'g', 'c'],
      ]);
    });

    it('XGROUP CREATECONSUMER/DELCONSUMER/DESTROY/SETID/HELP', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 6),
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g', 'alice'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g', 'alice'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g', 'bob'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g', ''],
        ['XGROUP', 'CREATECONSUMER', 's', 'nog', 'alice'],
        ['XGROUP', 'CREATECONSUMER', 'nokey', 'g', 'alice'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g', 'a', 'b'],
        ['XINFO', 'CONSUMERS', 's', 'g', { normalize: idles }],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '3', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'STREAMS', 's', '>'],
        ['XGROUP', 'DELCONSUMER', 's', 'g', 'alice'],
        ['XGROUP', 'DELCONSUMER', 's', 'g', 'alice'],
        ['XGROUP', 'DELCONSUMER', 's', 'g', 'nobody'],
        ['XGROUP', 'DELCONSUMER', 's', 'nog', 'bob'],
        ['XGROUP', 'DELCONSUMER', 'nokey', 'g', 'bob'],
        ['XGROUP', 'DELCONSUMER', 's', 'g'],
        ['XPENDING', 's', 'g'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'SETID', 's', 'g', '1-2'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', '0'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'SETID', 's', 'g', '1-3', 'ENTRIESREAD', '3'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'SETID', 's', 'g', '$'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'SETID', 's', 'g', '9-9', 'ENTRIESREAD', '-1'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', '-2'],
        ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', 'x'],
        ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD'],
        ['XGROUP', 'SETID', 's', 'g', '0', 'FOO'],
        ['XGROUP', 'SETID', 's', 'g', '0', 'MKSTREAM'],
        ['XGROUP', 'SETID', 's', 'g', 'bad'],
        ['XGROUP', 'SETID', 's', 'g', '>'],
        ['XGROUP', 'SETID', 's', 'nog', '0'],
        ['XGROUP', 'SETID', 'nokey', 'g', '0'],
        ['XGROUP', 'SETID', 's', 'g'],
        ['XGROUP', 'DESTROY', 's', 'g'],
        ['XGROUP', 'DESTROY', 's', 'g'],
        ['XGROUP', 'DESTROY', 'nokey', 'g'],
        ['XGROUP', 'DESTROY', 's'],
        ['XGROUP', 'DESTROY', 's', 'g', 'x'],
        ['XINFO', 'GROUPS', 's'],
        ['XINFO', 'CONSUMERS', 's', 'g'],
        ['XGROUP', 'HELP'],
        ['XGROUP', 'help'],
        ['XGROUP', 'HELP', 'x'],
        ['XGROUP'],
        ['XGROUP', 'FOO'],
        ['XGROUP', 'FOO', 's'],
      ]);
    });

    it('XREADGROUP: >, COUNT, NOACK, history IDs, several streams, and deleted entries as nil', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 6),
        ['XADD', 't', '5-0', 'x', 'y'],
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XGROUP', 'CREATE', 't', 'g', '$'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '1-1'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '1-2'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'COUNT', '1', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'carol', 'COUNT', '1', 'STREAMS', 's', 't', '>', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', 't', '>', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', 't', '>', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', 't', '0', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 't', 's', '0', '0'],
        ['XADD', 't', '6-0', 'x', 'y'],
        ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', 't', '0', '>'],
        ['XPENDING', 's', 'g'],
        ['XPENDING', 't', 'g'],
        // Deleted entries still pending come back as nil in the history.
        ['XDEL', 's', '1-2'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '1-1'],
        ['XTRIM', 's', 'MAXLEN', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'nobody', 'STREAMS', 's', '0'],
        ['XINFO', 'CONSUMERS', 's', 'g', { normalize: idles }],
        ['XINFO', 'GROUPS', 's'],
        ['XINFO', 'GROUPS', 't'],
        ['XACK', 's', 'g', '1-1', '1-2', '1-3'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
        ['XPENDING', 's', 'g'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '0', 'STREAMS', 't', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '-1', 'STREAMS', 't', '0'],
        ['XREADGROUP', 'group', 'g', 'dave', 'count', '1', 'noack', 'streams', 't', '0'],
      ]);
    });

    it('XREADGROUP: errors (NOGROUP wording, $, GROUP misuse, unbalanced lists, wrong type)', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 3),
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['SET', 'str', 'x'],
        ['XREADGROUP', 'GROUP', 'nog', 'c', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'nokey', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 'nokey', '>', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'nokey', 's', '0', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '$'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'nokey', '$'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 'bad'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '(1'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '+'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '-'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 's', '>', '0', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS'],
        ['XREADGROUP', 'GROUP', 'g', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 's', '>'],
        ['XREADGROUP', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'COUNT', '1', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'NOACK', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'GROUP', 'g', 'd', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', 'x', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 'x', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '-1', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'FOO', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'str', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 'str', '>', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'str', 's', '>', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'str', '$'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'str', 'bad'],
        ['XREADGROUP'],
        ['XINFO', 'CONSUMERS', 's', 'g', { normalize: idles }],
        ['XPENDING', 's', 'g'],
      ]);
    });

    it('XACK: counts acknowledged entries; errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 6),
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
        ['XACK', 's', 'g', '1-1'],
        ['XACK', 's', 'g', '1-1'],
        ['XACK', 's', 'g', '1-2', '1-2', '1-3', '9-9'],
        ['XACK', 's', 'g', '1-4', 'bad'],
        ['XACK', 's', 'g', 'bad', '1-4'],
        ['XACK', 's', 'g', '1'],
        ['XACK', 's', 'g', '(1-4'],
        ['XACK', 's', 'g', '-'],
        ['XACK', 's', 'g', `1-${U64_OVER}`],
        ['XACK', 's', 'nog', '1-4'],
        ['XACK', 's', 'nog', 'bad'],
        ['XACK', 'nokey', 'g', '1-4'],
        ['XACK', 'nokey', 'g', 'bad'],
        ['XACK', 's', 'g'],
        ['XACK', 's'],
        ['XPENDING', 's', 'g'],
        ['XINFO', 'CONSUMERS', 's', 'g', { normalize: idles }],
        ['XACK', 's', 'g', '1-4', '1-5'],
        ['XPENDING', 's', 'g'],
        ['XINFO', 'GROUPS', 's'],
        ['SET', 'str', 'x'],
        ['XACK', 'str', 'g', '1-1'],
        ['XACK', 'str', 'g', 'bad'],
      ]);
    });

    it('XPENDING: summary and extended forms, IDLE, consumer filter, errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 10),
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XPENDING', 's', 'g'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '3', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '2', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'carol', 'COUNT', '1', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
        ['XCLAIM', 's', 'g', 'alice', '0', '1-1', '1-2', 'IDLE', '500000'],
        ['XCLAIM', 's', 'g', 'bob', '0', '1-4', 'IDLE', '500000', 'JUSTID'],
        ['XPENDING', 's', 'g'],
        ['XPENDING', 's', 'g', '-', '+', '10', { normalize: idles }],
        ['XPENDING', 's', 'g', '-', '+', '2', { normalize: idles }],
        ['XPENDING', 's', 'g', '(1-1', '+', '2', { normalize: idles }],
        ['XPENDING', 's', 'g', '-', '(1-6', '10', { normalize: idles }],
        ['XPENDING', 's', 'g', '1-2', '1-4', '10', { normalize: idles }],
        ['XPENDING', 's', 'g', '1', '1', '10', { normalize: idles }],
        ['XPENDING', 's', 'g', '+', '-', '10'],
        ['XPENDING', 's', 'g', '-', '+', '10', 'alice', { normalize: idles }],
        ['XPENDING', 's', 'g', '-', '+', '10', 'bob', { normalize: idles }],
        ['XPENDING', 's', 'g', '-', '+', '10', 'nobody'],
        ['XPENDING', 's', 'g', 'IDLE', '100000', '-', '+', '10', { normalize: idles }],
        ['XPENDING', 's', 'g', 'IDLE', '100000', '-', '+', '10', 'alice', { normalize: idles }],
        ['XPENDING', 's', 'g', 'IDLE', '100000', '(1-1', '+', '1', { normalize: idles }],
        ['XPENDING', 's', 'g', 'IDLE', '0', '-', '+', '10', { normalize: idles }],
        ['XPENDING', 's', 'g', 'IDLE', '-5', '-', '+', '10', { normalize: idles }],
        ['XPENDING', 's', 'g', 'IDLE', '99999999', '-', '+', '10'],
        ['XPENDING', 's', 'g', 'idle', '100000', '-', '+', '10', { normalize: idles }],
        ['XPENDING', 's', 'g', '-', '+', '0'],
        ['XPENDING', 's', 'g', '-', '+', '-1'],
        ['XPENDING', 's', 'g', '-', '+', 'x'],
        ['XPENDING', 's', 'g', '-', '+', '10', 'alice', 'FOO', { normalize: idles }],
        ['XPENDING', 's', 'g', '-', '+'],
        ['XPENDING', 's', 'g', '-'],
        ['XPENDING', 's', 'g', 'IDLE', '10', '-', '+'],
        ['XPENDING', 's', 'g', 'IDLE', '10'],
        ['XPENDING', 's', 'g', 'IDLE', 'x', '-', '+', '10'],
        ['XPENDING', 's', 'g', 'bad', '+', '10'],
        ['XPENDING', 's', 'g', '-', 'bad', '10'],
        ['XPENDING', 's', 'g', '(-', '+', '10'],
        ['XPENDING', 's', 'g', `(18446744073709551615-18446744073709551615`, '+', '10'],
        ['XPENDING', 's', 'g', '-', '(0-0', '10'],
        ['XPENDING', 's', 'g', 'FOO'],
        ['XPENDING', 's', 'nog'],
        ['XPENDING', 's', 'nog', '-', '+', '10'],
        ['XPENDING', 'nokey', 'g'],
        ['XPENDING', 'nokey', 'g', '-', '+', '10'],
        ['XPENDING', 's'],
        ['XACK', 's', 'g', '1-1', '1-2', '1-3', '1-4', '1-5', '1-6'],
        ['XPENDING', 's', 'g'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XPENDING', 's', 'g', '-', '+', '10', 'alice'],
        ['SET', 'str', 'x'],
        ['XPENDING', 'str', 'g'],
        ['XPENDING', 'str', 'g', '-', '+', '10'],
      ]);
    });

    it('XCLAIM: min-idle-time, IDLE, TIME, RETRYCOUNT, FORCE, JUSTID, LASTID, and errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 8),
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '5', 'STREAMS', 's', '>'],
        // Just delivered: a high min-idle-time claims nothing.
        ['XCLAIM', 's', 'g', 'bob', '3600000', '1-1', '1-2'],
        ['XCLAIM', 's', 'g', 'bob', '0', '1-1'],
        ['XCLAIM', 's', 'g', 'bob', '0', '1-1', 'JUSTID'],
        ['XCLAIM', 's', 'g', 'bob', '0', '1-2', 'IDLE', '500000'],
        ['XCLAIM', 's', 'g', 'carol', '400000', '1-1', '1-2', '1-3'],
        ['XCLAIM', 's', 'g', 'carol', '0', '1-3', 'TIME', '1000000', 'RETRYCOUNT', '7'],
        ['XCLAIM', 's', 'g', 'carol', '0', '1-4', 'TIME', '99999999999999'],
        ['XCLAIM', 's', 'g', 'carol', '0', '1-5', 'IDLE', '-5'],
        ['XCLAIM', 's', 'g', 'carol', '0', '1-5', 'IDLE', '99999999999999', 'JUSTID'],
        ['XCLAIM', 's', 'g', 'carol', '0', '1-5', 'TIME', '-1', 'JUSTID'],
        ['XCLAIM', 's', 'g', 'carol', '0', '1-5', 'RETRYCOUNT', '9223372036854775807', 'JUSTID'],
        ['XPENDING', 's', 'g', '-', '+', '10', { normalize: idles }],
        ['XINFO', 'STREAM', 's', 'FULL', { normalize: infoTimes }],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-6'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-6', 'FORCE'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-7', 'FORCE', 'JUSTID', 'RETRYCOUNT', '3'],
        ['XCLAIM', 's', 'g', 'dave', '0', '9-9', 'FORCE'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', '1-1', '1-1'],
        ['XINFO', 'GROUPS', 's'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'LASTID', '1-6'],
        ['XINFO', 'GROUPS', 's'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'LASTID', '1-2'],
        ['XCLAIM', 's', 'g', 'dave', '0', '9-8', 'LASTID', '9-9'],
        ['XINFO', 'GROUPS', 's'],
        ['XPENDING', 's', 'g'],
        ['XPENDING', 's', 'g', '-', '+', '10', { normalize: idles }],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'IDLE', '1000', 'TIME', '1000000'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'TIME', '1000000', 'IDLE', '1000'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'IDLE', '1000', 'IDLE', '2000000'],
        ['XPENDING', 's', 'g', '-', '+', '10', { normalize: idles }],
        ['XINFO', 'CONSUMERS', 's', 'g', { normalize: idles }],
        // Errors.
        ['XCLAIM', 's', 'g', 'dave', 'x', '1-1'],
        ['XCLAIM', 's', 'g', 'dave', '1.5', '1-1'],
        ['XCLAIM', 's', 'g', 'dave', '-1', '1-1', 'JUSTID'],
        ['XCLAIM', 's', 'g', 'dave', '0', 'x'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'x'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'FOO'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'IDLE'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'IDLE', 'x'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'TIME'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'TIME', 'x'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'RETRYCOUNT', 'x'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'RETRYCOUNT', '-1', 'JUSTID'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'LASTID'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'LASTID', 'x'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1-1', 'JUSTID', '1-2'],
        ['XCLAIM', 's', 'g', 'dave', '0', '(1-1'],
        ['XCLAIM', 's', 'g', 'dave', '0', '-'],
        ['XCLAIM', 's', 'g', 'dave', '0', '1'],
        ['XCLAIM', 's', 'nog', 'dave', '0', '1-1'],
        ['XCLAIM', 's', 'nog', 'dave', 'x', '1-1'],
        ['XCLAIM', 'nokey', 'g', 'dave', '0', '1-1'],
        ['XCLAIM', 's', 'g', 'dave', '0'],
        ['XCLAIM', 's', 'g', 'dave'],
        ['SET', 'str', 'x'],
        ['XCLAIM', 'str', 'g', 'dave', '0', '1-1'],
        ['XINFO', 'CONSUMERS', 's', 'g', { normalize: idles }],
      ]);
    });

    it('XCLAIM RETRYCOUNT: delivery counts are exact 64-bit integers and wrap as in C', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 4),
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'],
        ['XCLAIM', 's', 'g', 'c', '0', '1-1', 'RETRYCOUNT', '9223372036854775807', 'JUSTID'],
        ['XCLAIM', 's', 'g', 'c', '0', '1-2', 'RETRYCOUNT', '9007199254740993', 'JUSTID'],
        ['XCLAIM', 's', 'g', 'c', '0', '1-3', 'RETRYCOUNT', '9007199254740991', 'JUSTID'],
        ['XPENDING', 's', 'g', '-', '+', '10', { normalize: idles }],
        ['XCLAIM', 's', 'g', 'c', '0', '1-1', 'JUSTID'],
        ['XCLAIM', 's', 'g', 'c', '0', '1-1'],
        ['XAUTOCLAIM', 's', 'g', 'c', '0', '1-2'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '0'],
        ['XPENDING', 's', 'g', '-', '+', '10', { normalize: idles }],
        ['XINFO', 'STREAM', 's', 'FULL', { normalize: infoTimes }],
        ['XCLAIM', 's', 'g', 'c', '0', '1-1', 'RETRYCOUNT', '-9223372036854775808'],
        ['XCLAIM', 's', 'g', 'c', '0', '1-1', 'RETRYCOUNT', '9223372036854775808'],
        ['XCLAIM', 's', 'g', 'c', '0', '1-1', 'RETRYCOUNT', '0'],
        ['XPENDING', 's', 'g', '-', '+', '1', { normalize: idles }],
      ]);
    });

    it('XCLAIM: deleted and trimmed entries leave the PEL, JUSTID or not', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 8),
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
        ['XDEL', 's', '1-2', '1-4'],
        ['XTRIM', 's', 'MINID', '1-3'],
        ['XPENDING', 's', 'g'],
        ['XCLAIM', 's', 'g', 'bob', '0', '1-1', '1-2', '1-3', '1-4'],
        ['XPENDING', 's', 'g'],
        ['XCLAIM', 's', 'g', 'bob', '0', '1-5', '1-6', 'JUSTID'],
        ['XDEL', 's', '1-5'],
        ['XCLAIM', 's', 'g', 'bob', '0', '1-5', '1-6', 'JUSTID'],
        ['XCLAIM', 's', 'g', 'bob', '0', '1-5', 'FORCE'],
        ['XPENDING', 's', 'g', '-', '+', '10', { normalize: idles }],
        ['XINFO', 'CONSUMERS', 's', 'g', { normalize: idles }],
        ['XINFO', 'GROUPS', 's'],
      ]);
    });

    it('XAUTOCLAIM: COUNT, JUSTID, the 10 x COUNT scan bound, deleted IDs, and errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 0, 40),
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
        // FULL lists 10 entries and 10 pending entries per list unless COUNT says otherwise.
        ['XINFO', 'STREAM', 's', 'FULL', { normalize: infoTimes }],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '12', { normalize: infoTimes }],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0', { normalize: infoTimes }],
        ['XAUTOCLAIM', 's', 'g', 'bob', '3600000', '0'],
        ['XAUTOCLAIM', 's', 'g', 'bob', '0', '0', 'COUNT', '3'],
        ['XAUTOCLAIM', 's', 'g', 'bob', '0', '1-3', 'COUNT', '2', 'JUSTID'],
        ['XAUTOCLAIM', 's', 'g', 'bob', '0', '(1-4', 'COUNT', '1', 'JUSTID'],
        ['XAUTOCLAIM', 's', 'g', 'bob', '0', '1', 'COUNT', '1', 'JUSTID'],
        // Entries 1-10 .. 1-34 deleted: a scan stops after 10 x COUNT entries looked at.
        ['XDEL', 's', ...Array.from({ length: 25 }, (_, i) => `1-${10 + i}`)],
        ['XAUTOCLAIM', 's', 'g', 'bob', '0', '1-8', 'COUNT', '1'],
        ['XAUTOCLAIM', 's', 'g', 'bob', '0', '1-12', 'COUNT', '1', 'JUSTID'],
        ['XAUTOCLAIM', 's', 'g', 'bob', '0', '1-22', 'COUNT', '2'],
        ['XPENDING', 's', 'g'],
        // The min-idle-time filter also counts toward the bound.
        ['XAUTOCLAIM', 's', 'g', 'carol', '3600000', '0', 'COUNT', '1'],
        ['XCLAIM', 's', 'g', 'alice', '0', '1-39', 'IDLE', '5000000'],
        ['XAUTOCLAIM', 's', 'g', 'carol', '3600000', '0', 'COUNT', '1'],
        ['XAUTOCLAIM', 's', 'g', 'carol', '3600000', '0', 'COUNT', '3'],
        ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '100', 'JUSTID'],
        ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0'],
        ['XAUTOCLAIM', 's', 'g', 'carol', '0', '+'],
        ['XAUTOCLAIM', 's', 'g', 'carol', '0', '-', 'COUNT', '1'],
        ['XAUTOCLAIM', 's', 'g', 'carol', '0', '18446744073709551615-18446744073709551615'],
        ['XPENDING', 's', 'g', '-', '+', '100', { normalize: idles }],
        ['XINFO', 'CONSUMERS', 's', 'g', { normalize: idles }],
        ['XTRIM', 's', 'MAXLEN', '0'],
        ['XAUTOCLAIM', 's', 'g', 'dave', '0', '0', 'COUNT', '2'],
        ['XAUTOCLAIM', 's', 'g', 'dave', '0', '0', 'COUNT', '200', 'JUSTID'],
        ['XPENDING', 's', 'g'],
        ['XINFO', 'CONSUMERS', 's', 'g', { normalize: idles }],
        // Errors.
        ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '0'],
        ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '-1'],
        ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', 'x'],
        ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT'],
        ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '9223372036854775807'],
        ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '922337203685477580'],
        ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '92233720368547758'],
        ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'FOO'],
        ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'JUSTID', 'JUSTID', 'COUNT', '1', 'COUNT', '2'],
        ['XAUTOCLAIM', 's', 'g', 'c', 'x', '0'],
        ['XAUTOCLAIM', 's', 'g', 'c', '-1', '0'],
        ['XAUTOCLAIM', 's', 'g', 'c', '0', 'x'],
        ['XAUTOCLAIM', 's', 'g', 'c', '0', '(x'],
        ['XAUTOCLAIM', 's', 'g', 'c', 'x', 'x', 'COUNT', '0'],
        ['XAUTOCLAIM', 's', 'nog', 'c', '0', '0'],
        ['XAUTOCLAIM', 's', 'nog', 'c', '0', '0', 'COUNT', '0'],
        ['XAUTOCLAIM', 'nokey', 'g', 'c', '0', '0'],
        ['XAUTOCLAIM', 's', 'g', 'c', '0'],
        ['SET', 'str', 'x'],
        ['XAUTOCLAIM', 'str', 'g', 'c', '0', '0'],
      ]);
    });

    it('XINFO GROUPS: entries-read and lag after reads, deletes, trims, XSETID and ENTRIESREAD', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const groups: Case = ['XINFO', 'GROUPS', 's'];
      await c.cases([
        ['XGROUP', 'CREATE', 's', 'empty', '$', 'MKSTREAM'],
        groups,
        ...adds('s', 1, 11),
        ['XGROUP', 'CREATE', 's', 'zero', '0'],
        ['XGROUP', 'CREATE', 's', 'top', '$'],
        ['XGROUP', 'CREATE', 's', 'mid', '1-5'],
        groups,
        ['XREADGROUP', 'GROUP', 'zero', 'c', 'COUNT', '3', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'mid', 'c', 'COUNT', '1', 'STREAMS', 's', '>'],
        groups,
        // A tombstone after a group's position: lag unknown for the groups before it.
        ['XDEL', 's', '1-8'],
        groups,
        ['XREADGROUP', 'GROUP', 'zero', 'c', 'COUNT', '2', 'STREAMS', 's', '>'],
        groups,
        ['XREADGROUP', 'GROUP', 'mid', 'c', 'STREAMS', 's', '>'],
        groups,
        ['XADD', 's', '2-0', 'f', 'x'],
        groups,
        // A tombstone before every group's position (the first entry).
        ['XDEL', 's', '1-1'],
        groups,
        ['XREADGROUP', 'GROUP', 'zero', 'c', 'STREAMS', 's', '>'],
        groups,
        // Trimming moves the first entry past the max deleted ID.
        ['XTRIM', 's', 'MINID', '1-9'],
        groups,
        ['XTRIM', 's', 'MAXLEN', '1'],
        groups,
        ['XADD', 's', '3-0', 'f', 'x'],
        ['XADD', 's', '3-1', 'f', 'x'],
        groups,
        ['XSETID', 's', '3-1', 'MAXDELETEDID', '2-5'],
        groups,
        ['XSETID', 's', '3-1', 'MAXDELETEDID', '0-0'],
        groups,
        ['XSETID', 's', '3-1', 'ENTRIESADDED', '100'],
        groups,
        ['XGROUP', 'SETID', 's', 'zero', '2-0', 'ENTRIESREAD', '50'],
        groups,
        ['XGROUP', 'SETID', 's', 'zero', '2-0'],
        groups,
        ['XGROUP', 'SETID', 's', 'zero', '0'],
        groups,
        ['XGROUP', 'SETID', 's', 'zero', '$'],
        groups,
        ['XGROUP', 'CREATE', 's', 'er', '0', 'ENTRIESREAD', '99'],
        ['XGROUP', 'CREATE', 's', 'er2', '3-0', 'ENTRIESREAD', '1000'],
        groups,
        ['XTRIM', 's', 'MAXLEN', '0'],
        groups,
        ['XINFO', 'GROUPS', 'nokey'],
        ['XINFO', 'GROUPS'],
        ['XINFO', 'GROUPS', 's', 'x'],
        ['SET', 'str', 'x'],
        ['XINFO', 'GROUPS', 'str'],
      ]);
    });

    it('XINFO GROUPS: lag on a stream that never had a tombstone, and after XDEL of the last entry', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const groups: Case = ['XINFO', 'GROUPS', 's'];
      await c.cases([
        ...adds('s', 1, 6),
        ['XGROUP', 'CREATE', 's', 'a', '0'],
        ['XGROUP', 'CREATE', 's', 'b', '1-3'],
        ['XGROUP', 'CREATE', 's', 'c', '9-9'],
        groups,
        ['XREADGROUP', 'GROUP', 'b', 'x', 'STREAMS', 's', '>'],
        groups,
        ['XDEL', 's', '1-5'],
        groups,
        ['XREADGROUP', 'GROUP', 'a', 'x', 'COUNT', '1', 'STREAMS', 's', '>'],
        groups,
        ['XTRIM', 's', 'MAXLEN', '2'],
        groups,
        ['XDEL', 's', '1-3', '1-4'],
        groups,
        ['XADD', 's', '2-0', 'f', 'x'],
        groups,
        ['XREADGROUP', 'GROUP', 'a', 'x', 'STREAMS', 's', '>'],
        groups,
      ]);
    });

    it('XINFO CONSUMERS and XINFO STREAM FULL: consumers, their PEL and delivery counts', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 8),
        ['XGROUP', 'CREATE', 's', 'g1', '0'],
        ['XGROUP', 'CREATE', 's', 'g2', '$'],
        ['XINFO', 'CONSUMERS', 's', 'g1'],
        ['XINFO', 'STREAM', 's', 'FULL'],
        ['XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '3', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', '2', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g1', 'alice', 'STREAMS', 's', '0'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g1', 'idle-one'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g2', 'zed'],
        ['XCLAIM', 's', 'g1', 'bob', '0', '1-1', 'TIME', '1000000', 'RETRYCOUNT', '5'],
        ['XINFO', 'CONSUMERS', 's', 'g1', { normalize: idles }],
        ['XINFO', 'CONSUMERS', 's', 'g2', { normalize: idles }],
        ['XINFO', 'STREAM', 's'],
        ['XINFO', 'STREAM', 's', 'FULL', { normalize: infoTimes }],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1', { normalize: infoTimes }],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0', { normalize: infoTimes }],
        ['XDEL', 's', '1-2'],
        ['XINFO', 'STREAM', 's', 'FULL', { normalize: infoTimes }],
        ['XGROUP', 'DELCONSUMER', 's', 'g1', 'alice'],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '2', { normalize: infoTimes }],
        ['XINFO', 'CONSUMERS', 's', 'nog'],
        ['XINFO', 'CONSUMERS', 'nokey', 'g1'],
        ['XINFO', 'CONSUMERS', 's'],
        ['XINFO', 'CONSUMERS', 's', 'g1', 'x'],
        ['SET', 'str', 'x'],
        ['XINFO', 'CONSUMERS', 'str', 'g1'],
      ]);
    });

    it('pending entries: trimmed or deleted entries stay pending; deleting a consumer drops its PEL', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 11),
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '4', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '4', 'STREAMS', 's', '>'],
        ['XTRIM', 's', 'MAXLEN', '5'],
        ['XDEL', 's', '1-7'],
        ['XPENDING', 's', 'g'],
        ['XPENDING', 's', 'g', '-', '+', '20', { normalize: idles }],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '1-6'],
        ['XACK', 's', 'g', '1-1'],
        ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '2'],
        ['XAUTOCLAIM', 's', 'g', 'carol', '0', '1-4', 'COUNT', '10'],
        ['XPENDING', 's', 'g'],
        ['XINFO', 'CONSUMERS', 's', 'g', { normalize: idles }],
        ['XINFO', 'STREAM', 's', 'FULL', { normalize: infoTimes }],
        ['XGROUP', 'DELCONSUMER', 's', 'g', 'carol'],
        ['XGROUP', 'DELCONSUMER', 's', 'g', 'bob'],
        ['XPENDING', 's', 'g'],
        ['XPENDING', 's', 'g', '-', '+', '20', { normalize: idles }],
        ['XINFO', 'GROUPS', 's'],
        ['XCLAIM', 's', 'g', 'bob', '0', '1-8', 'JUSTID'],
        ['XCLAIM', 's', 'g', 'bob', '0', '1-9', 'FORCE', 'JUSTID'],
        ['XINFO', 'CONSUMERS', 's', 'g', { normalize: idles }],
        ['XGROUP', 'DESTROY', 's', 'g'],
        ['XINFO', 'STREAM', 's'],
        // The stream with a group survives its last entry being deleted.
        ['XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM'],
        ['XADD', 'e', '1-1', 'f', 'v'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'e', '>'],
        ['XDEL', 'e', '1-1'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'e', '0'],
        ['XPENDING', 'e', 'g'],
        ['XAUTOCLAIM', 'e', 'g', 'd', '0', '0'],
        ['XPENDING', 'e', 'g'],
        ['XINFO', 'CONSUMERS', 'e', 'g', { normalize: idles }],
      ]);
    });

    it('XINFO GROUPS/CONSUMERS and XPENDING list names in byte order', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const names = ['b', 'a', 'B', '\xff', 'aa', '', 'a\x00', '\x80z', '10', '9'];
      const cases: Case[] = [['XADD', 's', '1-1', 'f', 'v'], ['XADD', 's', '1-2', 'f', 'v']];
      for (const n of names) cases.push(['XGROUP', 'CREATE', 's', n, '0']);
      cases.push(['XINFO', 'GROUPS', 's']);
      for (const n of names) cases.push(['XREADGROUP', 'GROUP', 'a', n, 'COUNT', '1', 'STREAMS', 's', '0']);
      for (const n of names) cases.push(['XGROUP', 'CREATECONSUMER', 's', 'b', n]);
      cases.push(['XREADGROUP', 'GROUP', 'b', '\xff', 'COUNT', '1', 'STREAMS', 's', '>']);
      cases.push(['XREADGROUP', 'GROUP', 'b', '', 'COUNT', '1', 'STREAMS', 's', '>']);
      cases.push(['XINFO', 'CONSUMERS', 's', 'b', { normalize: idles }]);
      cases.push(['XINFO', 'CONSUMERS', 's', 'a', { normalize: idles }]);
      cases.push(['XPENDING', 's', 'b']);
      cases.push(['XINFO', 'STREAM', 's', 'FULL', { normalize: infoTimes }]);
      cases.push(['XREADGROUP', 'GROUP', '', 'x', 'COUNT', '0', 'STREAMS', 's', '>']);
      cases.push(['XPENDING', 's', '']);
      await c.cases(cases);
    });

    it('groups survive COPY and RENAME; DEL removes them', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ...adds('s', 1, 5),
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>'],
        ['XCLAIM', 's', 'g', 'alice', '0', '1-1', 'TIME', '1000000'],
        ['COPY', 's', 'c'],
        ['XINFO', 'GROUPS', 'c'],
        ['XINFO', 'STREAM', 'c', 'FULL', { normalize: infoTimes }],
        ['XACK', 'c', 'g', '1-1'],
        ['XPENDING', 's', 'g'],
        ['XPENDING', 'c', 'g'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 'c', '>'],
        ['XINFO', 'GROUPS', 's'],
        ['RENAME', 's', 'r'],
        ['XINFO', 'GROUPS', 'r'],
        ['XPENDING', 'r', 'g', '-', '+', '10', 'alice', { normalize: idles }],
        ['DEL', 'r'],
        ['XADD', 'r', '1-1', 'f', 'v'],
        ['XINFO', 'GROUPS', 'r'],
      ]);
    });

    it('MULTI/EXEC: group commands inside a transaction', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['MULTI'],
        ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
        ['XADD', 's', '1-1', 'f', 'v'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'],
        ['XACK', 's', 'g', '1-1'],
        ['XGROUP', 'CREATE', 's', 'g', '$'],
        ['XPENDING', 's', 'g'],
        ['EXEC'],
        ['WATCH', 's'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '0'],
        ['MULTI'],
        ['PING'],
        ['EXEC'],
      ]);
      const other = await connectPair(pair, resp, 'other');
      const steps: string[][] = [
        ['XGROUP', 'CREATECONSUMER', 's', 'g', 'new'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g', 'new'],
        ['XADD', 's', '1-2', 'f', 'v'],
        ['XREADGROUP', 'GROUP', 'g', 'new', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'new', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'new', 'STREAMS', 's', '0'],
        ['XACK', 's', 'g', '1-2'],
        ['XACK', 's', 'g', '1-2'],
        ['XCLAIM', 's', 'g', 'x', '0', '9-9'],
        ['XGROUP', 'SETID', 's', 'g', '0'],
        ['XGROUP', 'DELCONSUMER', 's', 'g', 'nobody'],
        ['XGROUP', 'DESTROY', 's', 'nog'],
        ['XGROUP', 'DESTROY', 's', 'g'],
      ];
      for (const step of steps) {
        await c.both('WATCH', 's');
        await other.both(...step);
        await c.cases([['MULTI'], ['PING'], ['EXEC']]);
      }
    });

    it('COMMAND INFO: every group command matches Redis byte for byte', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      for (const name of GROUP_COMMANDS) await c.both('COMMAND', 'INFO', name);
      await c.both('COMMAND', 'GETKEYS', 'XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 'a', 'b', '>', '>');
      await c.both('COMMAND', 'GETKEYS', 'XGROUP', 'CREATE', 's', 'g', '$');
      await c.both('COMMAND', 'GETKEYS', 'XCLAIM', 's', 'g', 'c', '0', '1-1');
    });
  });
}

/* ------------------------------------------------------------------------------------------ */
/* Accounting and keyspace events                                                              */
/* ------------------------------------------------------------------------------------------ */

/**
 * A script touching every group command, success, no-op and error paths. It holds no command
 * whose reply shows an idle time (the script is compared without a normaliser).
 */
const SCRIPT: string[][] = [
  ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
  ['XGROUP', 'CREATE', 's', 'g', '$'],
  ['XGROUP', 'CREATE', 'nokey', 'g', '$'],
  ['XADD', 's', '1-1', 'a', '1'],
  ['XADD', 's', '1-2', 'a', '1'],
  ['XADD', 's', '1-3', 'a', '1'],
  ['XGROUP', 'CREATECONSUMER', 's', 'g', 'alice'],
  ['XGROUP', 'CREATECONSUMER', 's', 'g', 'alice'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'carol', 'NOACK', 'STREAMS', 's', '0'],
  ['XREADGROUP', 'GROUP', 'nog', 'carol', 'STREAMS', 's', '>'],
  ['XADD', 's', '1-4', 'a', '1'],
  ['XREADGROUP', 'GROUP', 'g', 'dave', 'NOACK', 'STREAMS', 's', '>'],
  ['XACK', 's', 'g', '1-1', '9-9'],
  ['XACK', 's', 'g', '9-9'],
  ['XACK', 'nokey', 'g', '1-1'],
  ['XPENDING', 's', 'g'],
  ['XPENDING', 's', 'g', 'IDLE', '99999999', '-', '+', '10'],
  ['XPENDING', 'nokey', 'g'],
  ['XCLAIM', 's', 'g', 'erin', '0', '1-2'],
  ['XCLAIM', 's', 'g', 'erin', '0', '1-2', 'JUSTID'],
  ['XCLAIM', 's', 'g', 'erin', '3600000', '1-2'],
  ['XCLAIM', 's', 'g', 'frank', '3600000', '1-2'],
  ['XCLAIM', 's', 'g', 'erin', '0', '1-4', 'FORCE'],
  ['XCLAIM', 's', 'g', 'erin', '0', '1-3', 'LASTID', '5-0'],
  ['XCLAIM', 'nokey', 'g', 'erin', '0', '1-2'],
  ['XAUTOCLAIM', 's', 'g', 'gina', '0', '0', 'COUNT', '1'],
  ['XAUTOCLAIM', 's', 'g', 'gina', '3600000', '0'],
  ['XAUTOCLAIM', 's', 'g', 'hal', '3600000', '0'],
  ['XDEL', 's', '1-3'],
  ['XAUTOCLAIM', 's', 'g', 'gina', '0', '0', 'JUSTID'],
  ['XAUTOCLAIM', 'nokey', 'g', 'gina', '0', '0'],
  ['XINFO', 'GROUPS', 's'],
  ['XINFO', 'GROUPS', 'nokey'],
  ['XINFO', 'CONSUMERS', 's', 'nog'],
  ['XINFO', 'CONSUMERS', 'nokey', 'g'],
  ['XGROUP', 'SETID', 's', 'g', '0'],
  ['XGROUP', 'SETID', 's', 'g', '$', 'ENTRIESREAD', '3'],
  ['XGROUP', 'SETID', 's', 'nog', '0'],
  ['XGROUP', 'DELCONSUMER', 's', 'g', 'gina'],
  ['XGROUP', 'DELCONSUMER', 's', 'g', 'nobody'],
  ['XGROUP', 'DELCONSUMER', 's', 'g', 'alice'],
  ['XGROUP', 'DESTROY', 's', 'g'],
  ['XGROUP', 'DESTROY', 's', 'g'],
  ['SET', '__end__', 'x'],
];

describe('differential: stream group commands, keyspace hits/misses and dirty counter', () => {
  const suite = pairSuite();

  it('every command counts hits, misses and changes as Redis does', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await assertCountersMatch(pair, SCRIPT);
  });
});

describe('differential: stream group commands, keyspace events', () => {
  const suite = pairSuite({ referenceArgs: ['--notify-keyspace-events', 'KEA'] });

  it('xgroup-* events and the consumers XREADGROUP/XCLAIM create fire as in Redis, in order', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await assertEventsMatch(pair, SCRIPT);
  });
});
