/*
 * Hash commands: HSET, HSETNX, HGET, HMGET, HMSET, HDEL, HEXISTS, HLEN, HKEYS, HVALS, HGETALL,
 * HINCRBY, HINCRBYFLOAT, HSTRLEN, HRANDFIELD, HSCAN (Redis 7.0 t_hash.c).
 *
 * The data structure and its listpack / hashtable encoding rules live in types/hash.ts. What this
 * file adds is Redis's command semantics, including the parts that are easy to get wrong:
 *
 *   - lookups: read commands count keyspace hits and misses (lookupKeyRead); write commands do not
 *     (lookupKeyWrite). HSET, HSETNX and HINCRBY* create the key (hashTypeLookupWriteOrCreate);
 *   - HSET / HMSET check the pair count themselves (the table's arity is only -4) and answer with
 *     the arity error of the command's own name; server.dirty grows by the number of pairs, new or
 *     not;
 *   - HINCRBYFLOAT computes in 80-bit long double and prints with "%.17Lf", as Redis does on
 *     x86-64 (src/server/longdouble.ts, shared with INCRBYFLOAT);
 *   - HRANDFIELD's reply shapes: RESP2 flat field/value arrays, RESP3 an array of 2-element arrays
 *     with WITHVALUES; a count >= the size replies the whole hash in its order;
 *   - HSCAN of a listpack-encoded hash replies everything at once with cursor 0, as Redis does for
 *     small encodings; a hashtable is walked through the broker's live-iterator cursors.
 *
 * Side effects after a change: db.modified(key) (WATCH, blocked clients), the keyspace event
 * (`hset`, `hdel`, `hincrby`, `hincrbyfloat`, and `del` when HDEL empties the hash) and
 * server.dirty, in the order Redis does them.
 *
 * The SCAN-family helpers at the end (option parsing, replies) are shared with SSCAN.
 */

import type { CommandSpec } from '../command.js';
import type { Client } from '../client.js';
import { Err } from '../errors.js';
import { readTyped, removeMembers, typedScan, writeTyped } from '../keyspace/lookup.js';
import { parseBigInt64, parseInt64 } from '../args.js';
import { stringmatchlen } from '../keyspace/glob.js';
import { replyScan } from '../keyspace/scan.js';
import { HashValue } from '../types/hash.js';
import { addLongDouble, formatLongDouble, LD_ZERO, parseLongDouble } from '../longdouble.js';
import { keepOriginalArgv } from '../dispatcher.js';

const HRANDFIELD_RANGE_ERR = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';

/** hashTypeLookupWriteOrCreate: the hash, created (empty, listpack) when missing; undefined after WRONGTYPE. */
function hashForWrite(c: Client, key: string): HashValue | undefined {
  const v = c.db.get(key);
  if (v === undefined) {
    const h = new HashValue();
    c.db.put(key, h);
    return h;
  }
  if (v instanceof HashValue) return v;
  c.r.error(Err.WRONGTYPE);
  return undefined;
}

// HSET key field value [field value ...]
// HMSET key field value [field value ...]
function hsetGeneric(name: string, replyOk: boolean): (c: Client, argv: string[]) => void {
  const arityErr = Err.arity(name);
  return (c, argv) => {
    const n = argv.length;
    if ((n & 1) !== 0) {
      c.r.error(arityErr);
      return;
    }
    const key = argv[1]!;
    const h = hashForWrite(c, key);
    if (h === undefined) return;
    let maxEntries = 0;
    let maxValue = 0;
    if (h.listpack) {
      const cfg = c.broker.config;
      maxEntries = cfg.num('hash-max-listpack-entries');
      maxValue = cfg.num('hash-max-listpack-value');
      h.tryConversion(argv, 2, n - 1, maxValue);
    }
    let created = 0;
    for (let i = 2; i < n; i += 2) {
      if (h.set(argv[i]!, argv[i + 1]!, maxEntries, maxValue)) created++;
    }
    if (replyOk) c.r.ok();
    else c.r.int(created);
    c.db.modified(key);
    c.broker.notify(c.db, 'hset', key);
    c.broker.dirty += (n - 2) / 2;
  };
}

// HSETNX key field value
function hsetnx(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const field = argv[2]!;
  const h = hashForWrite(c, key);
  if (h === undefined) return;
  if (h.has(field)) {
    c.r.int(0);
    return;
  }
  let maxEntries = 0;
  let maxValue = 0;
  if (h.listpack) {
    const cfg = c.broker.config;
    maxEntries = cfg.num('hash-max-listpack-entries');
    maxValue = cfg.num('hash-max-listpack-value');
    h.tryConversion(argv, 2, 3, maxValue);
  }
  h.set(field, argv[3]!, maxEntries, maxValue);
  c.r.int(1);
  c.db.modified(key);
  c.broker.notify(c.db, 'hset', key);
  c.broker.dirty++;
}

// HGET key field
function hget(c: Client, argv: string[]): void {
  const h = readTyped(c, argv[1]!, HashValue);
  if (h === undefined) return;
  if (h === null) c.r.null();
  else c.r.bulkOrNull(h.get(argv[2]!));
}

// HMGET key field [field ...]
function hmget(c: Client, argv: string[]): void {
  const h = readTyped(c, argv[1]!, HashValue);
  if (h === undefined) return;
  const r = c.r;
  r.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const v = h === null ? undefined : h.get(argv[i]!);
    if (v === undefined) r.null();
    else r.bulk(v);
  }
}

// HDEL key field [field ...]
function hdel(c: Client, argv: string[]): void {
  removeMembers(c, argv, HashValue, deleteField, 'hdel');
}

function deleteField(h: HashValue, field: string): boolean {
  return h.delete(field);
}

// HLEN key
function hlen(c: Client, argv: string[]): void {
  const h = readTyped(c, argv[1]!, HashValue);
  if (h === undefined) return;
  c.r.int(h === null ? 0 : h.size);
}

// HSTRLEN key field
function hstrlen(c: Client, argv: string[]): void {
  const h = readTyped(c, argv[1]!, HashValue);
  if (h === undefined) return;
  const v = h === null ? undefined : h.get(argv[2]!);
  c.r.int(v === undefined ? 0 : v.length);
}

// HEXISTS key field
function hexists(c: Client, argv: string[]): void {
  const h = readTyped(c, argv[1]!, HashValue);
  if (h === undefined) return;
  c.r.int(h !== null && h.has(argv[2]!) ? 1 : 0);
}

const KEYS = 1;
const VALUES = 2;

/** genericHgetallCommand: HKEYS, HVALS (arrays) and HGETALL (a map). */
function hgetallGeneric(what: number): (c: Client, argv: string[]) => void {
  return (c, argv) => {
    const h = readTyped(c, argv[1]!, HashValue);
    if (h === undefined) return;
    const r = c.r;
    const n = h === null ? 0 : h.size;
    if (what === (KEYS | VALUES)) r.map(n);
    else r.array(n);
    if (h === null) return;
    if (what === KEYS) {
      for (const f of h.map.keys()) r.bulk(f);
    } else if (what === VALUES) {
      for (const v of h.map.values()) r.bulk(v);
    } else {
      for (const [f, v] of h.map) {
        r.bulk(f);
        r.bulk(v);
      }
    }
  };
}

/** Write a field's new value (hashTypeSet, which converts on long fields / values and on size). */
function setField(c: Client, h: HashValue, field: string, value: string): void {
  if (h.listpack) {
    const cfg = c.broker.config;
    h.set(field, value, cfg.num('hash-max-listpack-entries'), cfg.num('hash-max-listpack-value'));
  } else {
    h.set(field, value, 0, 0);
  }
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

// HINCRBY key field increment
function hincrby(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const field = argv[2]!;
  const incrStr = argv[3]!;
  const incr = parseInt64(incrStr);
  if (incr === null) {
    c.r.error(Err.NOT_INTEGER);
    return;
  }
  const existing = writeTyped(c, key, HashValue);
  if (existing === undefined) return;
  const cur = existing === null ? undefined : existing.get(field);
  let value = 0;
  if (cur !== undefined) {
    const v = parseInt64(cur);
    if (v === null) {
      c.r.error(Err.HASH_NOT_INTEGER);
      return;
    }
    value = v;
  }
  let result: number | bigint = value + incr;
  if (!Number.isSafeInteger(result) || !Number.isSafeInteger(value) || !Number.isSafeInteger(incr)) {
    // Beyond 2^53: redo it exactly.
    const big = (cur === undefined ? 0n : parseBigInt64(cur)!) + parseBigInt64(incrStr)!;
    if (big > INT64_MAX || big < INT64_MIN) {
      c.r.error(Err.OVERFLOW);
      return;
    }
    result = big;
  }
  const h = existing ?? hashForWrite(c, key)!;
  setField(c, h, field, String(result));
  c.r.int(result);
  c.db.modified(key);
  c.broker.notify(c.db, 'hincrby', key);
  c.broker.dirty++;
}

// HINCRBYFLOAT key field increment
function hincrbyfloat(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const field = argv[2]!;
  const incr = parseLongDouble(argv[3]!);
  if (incr === null) {
    c.r.error(Err.NOT_FLOAT);
    return;
  }
  if (incr.inf) {
    c.r.error('ERR value is NaN or Infinity');
    return;
  }
  const existing = writeTyped(c, key, HashValue);
  if (existing === undefined) return;
  const cur = existing === null ? undefined : existing.get(field);
  const value = cur === undefined ? LD_ZERO : parseLongDouble(cur);
  if (value === null) {
    c.r.error(Err.HASH_NOT_FLOAT);
    return;
  }
  const sum = addLongDouble(value, incr);
  if (sum === null) {
    c.r.error(Err.NAN_OR_INF);
    return;
  }
  const out = formatLongDouble(sum);
  const h = existing ?? hashForWrite(c, key)!;
  setField(c, h, field, out);
  c.r.bulk(out);
  c.db.modified(key);
  c.broker.notify(c.db, 'hincrbyfloat', key);
  c.broker.dirty++;
  // Propagated as HSET key field <result>: float formatting must not differ on replay.
  keepOriginalArgv(c, argv);
  argv[0] = 'HSET';
  argv[3] = out;
}

/** Parse a count as getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): a bigint, or an error. */
function parseRandCount(s: string): { ok: true; value: bigint } | { ok: false; err: string } {
  const v = parseBigInt64(s);
  if (v === null) return { ok: false, err: Err.NOT_INTEGER };
  if (v === INT64_MIN) return { ok: false, err: HRANDFIELD_RANGE_ERR };
  return { ok: true, value: v };
}

/**
 * `count` distinct random elements (count < size), in random order, as SRANDMEMBER / HRANDFIELD
 * cases 3 and 4 do: when `count` is a good part of the whole, a partial shuffle of all of them;
 * otherwise random picks until enough distinct ones came up.
 */
export function sampleDistinct(size: number, count: number, all: () => string[], pick: () => string): string[] {
  if (count * 3 > size) {
    const a = all();
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (size - i));
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    a.length = count;
    return a;
  }
  const seen = new Set<string>();
  while (seen.size < count) seen.add(pick());
  return Array.from(seen);
}

// HRANDFIELD key [count [WITHVALUES]]
function hrandfield(c: Client, argv: string[]): void {
  const r = c.r;
  if (argv.length >= 3) {
    const parsed = parseRandCount(argv[2]!);
    if (!parsed.ok) {
      r.error(parsed.err);
      return;
    }
    if (argv.length > 4 || (argv.length === 4 && argv[3]!.toLowerCase() !== 'withvalues')) {
      r.error(Err.SYNTAX);
      return;
    }
    const withValues = argv.length === 4;
    // +-LONG_MAX/2: the reply length (count * 2) must not overflow.
    if (withValues && (parsed.value < -4611686018427387903n || parsed.value > 4611686018427387903n)) {
      r.error('ERR value is out of range');
      return;
    }
    hrandfieldWithCount(c, argv[1]!, parsed.value, withValues);
    return;
  }
  const h = readTyped(c, argv[1]!, HashValue);
  if (h === undefined) return;
  if (h === null) r.null();
  else r.bulk(h.pickRandom());
}

function hrandfieldWithCount(c: Client, key: string, l: bigint, withValues: boolean): void {
  const r = c.r;
  const h = readTyped(c, key, HashValue);
  if (h === undefined) return;
  if (h === null || l === 0n) {
    r.array(0);
    return;
  }
  const uniq = l > 0n;
  const size = h.size;
  const resp3Pairs = withValues && r.resp === 3;
  if (!uniq || l === 1n) {
    // CASE 1: random fields, repetitions allowed.
    const count = Number(uniq ? l : -l);
    r.array(withValues && !resp3Pairs ? count * 2 : count);
    for (let i = 0; i < count; i++) {
      const f = h.pickRandom();
      if (resp3Pairs) r.array(2);
      r.bulk(f);
      if (withValues) r.bulk(h.get(f)!);
    }
    return;
  }
  if (l >= BigInt(size)) {
    // CASE 2: the whole hash, in its order.
    r.array(withValues && !resp3Pairs ? size * 2 : size);
    for (const [f, v] of h.map) {
      if (resp3Pairs) r.array(2);
      r.bulk(f);
      if (withValues) r.bulk(v);
    }
    return;
  }
  // CASES 3 and 4: `count` distinct fields.
  const count = Number(l);
  r.array(withValues && !resp3Pairs ? count * 2 : count);
  const picked = sampleDistinct(size, count, () => h.fields(), () => h.pickRandom());
  for (const f of picked) {
    if (resp3Pairs) r.array(2);
    r.bulk(f);
    if (withValues) r.bulk(h.get(f)!);
  }
}

// HSCAN key cursor [MATCH pattern] [COUNT count]
function hscan(c: Client, argv: string[]): void {
  const scan = typedScan(c, argv, HashValue);
  if (scan === null) return;
  const { value: h, cursor, opts } = scan;
  const pat = opts.pattern;
  const items: string[] = [];
  let next = '0';
  if (h.listpack) {
    for (const [f, v] of h.map) {
      if (pat === null || stringmatchlen(pat, f)) items.push(f, v);
    }
  } else {
    next = c.broker.scanCursors.step(h.map, cursor, opts.count, () => h.map.entries(), ([f, v]) => {
      if (pat === null || stringmatchlen(pat, f)) items.push(f, v);
    });
  }
  replyScan(c, next, items);
}

export const commands: CommandSpec[] = [
  {
    name: 'HSET',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'hash',
    summary: 'Set the string value of a hash field',
    since: '2.0.0',
    complexity: 'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
    history: [['4.0.0', 'Accepts multiple `field` and `value` arguments.']],
    args: 'key:key#0 field_value{field:string value:string}...',
    handler: hsetGeneric('hset', false),
  },
  {
    name: 'HSETNX',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [{ flags: ['RW', 'insert'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'hash',
    summary: 'Set the value of a hash field, only if the field does not exist',
    since: '2.0.0',
    complexity: 'O(1)',
    args: 'key:key#0 field:string value:string',
    handler: hsetnx,
  },
  {
    name: 'HGET',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'hash',
    summary: 'Get the value of a hash field',
    since: '2.0.0',
    complexity: 'O(1)',
    args: 'key:key#0 field:string',
    handler: hget,
  },
  {
    name: 'HMGET',
    arity: -3,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'hash',
    summary: 'Get the values of all the given hash fields',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields being requested.',
    args: 'key:key#0 field:string...',
    handler: hmget,
  },
  {
    name: 'HMSET',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'hash',
    summary: 'Set multiple hash fields to multiple values',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields being set.',
    docFlags: ['deprecated'],
    deprecatedSince: '4.0.0',
    replacedBy: '`HSET` with multiple field-value pairs',
    args: 'key:key#0 field_value{field:string value:string}...',
    handler: hsetGeneric('hmset', true),
  },
  {
    name: 'HDEL',
    arity: -3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [{ flags: ['RW', 'delete'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'hash',
    summary: 'Delete one or more hash fields',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields to be removed.',
    history: [['2.4.0', 'Accepts multiple `field` arguments.']],
    args: 'key:key#0 field:string...',
    handler: hdel,
  },
  {
    name: 'HEXISTS',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [{ flags: ['RO'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'hash',
    summary: 'Determine if a hash field exists',
    since: '2.0.0',
    complexity: 'O(1)',
    args: 'key:key#0 field:string',
    handler: hexists,
  },
  {
    name: 'HLEN',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [{ flags: ['RO'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'hash',
    summary: 'Get the number of fields in a hash',
    since: '2.0.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    handler: hlen,
  },
  {
    name: 'HKEYS',
    arity: 2,
    flags: ['readonly'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'hash',
    tips: ['nondeterministic_output_order'],
    summary: 'Get all the fields in a hash',
    since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.',
    args: 'key:key#0',
    handler: hgetallGeneric(KEYS),
  },
  {
    name: 'HVALS',
    arity: 2,
    flags: ['readonly'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'hash',
    tips: ['nondeterministic_output_order'],
    summary: 'Get all the values in a hash',
    since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.',
    args: 'key:key#0',
    handler: hgetallGeneric(VALUES),
  },
  {
    name: 'HGETALL',
    arity: 2,
    flags: ['readonly'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'hash',
    tips: ['nondeterministic_output_order'],
    summary: 'Get all the fields and values in a hash',
    since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.',
    args: 'key:key#0',
    handler: hgetallGeneric(KEYS | VALUES),
  },
  {
    name: 'HINCRBY',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [{ flags: ['RW', 'access', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'hash',
    summary: 'Increment the integer value of a hash field by the given number',
    since: '2.0.0',
    complexity: 'O(1)',
    args: 'key:key#0 field:string increment:integer',
    handler: hincrby,
  },
  {
    name: 'HINCRBYFLOAT',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [{ flags: ['RW', 'access', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'hash',
    summary: 'Increment the float value of a hash field by the given amount',
    since: '2.6.0',
    complexity: 'O(1)',
    args: 'key:key#0 field:string increment:double',
    handler: hincrbyfloat,
  },
  {
    name: 'HSTRLEN',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [{ flags: ['RO'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'hash',
    summary: 'Get the length of the value of a hash field',
    since: '3.2.0',
    complexity: 'O(1)',
    args: 'key:key#0 field:string',
    handler: hstrlen,
  },
  {
    name: 'HRANDFIELD',
    arity: -2,
    flags: ['readonly'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'hash',
    tips: ['nondeterministic_output'],
    summary: 'Get one or multiple random fields from a hash',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of fields returned',
    args: 'key:key#0 [options{count:integer [WITHVALUES]}]',
    handler: hrandfield,
  },
  {
    name: 'HSCAN',
    arity: -3,
    flags: ['readonly'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'hash',
    tips: ['nondeterministic_output'],
    summary: 'Incrementally iterate hash fields and associated values',
    since: '2.8.0',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    args: 'key:key#0 cursor:integer [MATCH pattern:pattern] [COUNT count:integer]',
    handler: hscan,
  },
];
