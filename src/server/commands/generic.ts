/*
 * Generic (keyspace) commands, as Redis 7.0's db.c, expire.c and object.c implement them:
 * DEL UNLINK EXISTS TYPE KEYS SCAN RANDOMKEY RENAME RENAMENX COPY MOVE EXPIRE PEXPIRE EXPIREAT
 * PEXPIREAT TTL PTTL EXPIRETIME PEXPIRETIME PERSIST TOUCH OBJECT, plus the keyspace commands of
 * Redis's "server" group (DBSIZE FLUSHDB FLUSHALL SWAPDB), which live here with their relatives.
 *
 * Lookups follow Redis's four flavours, because they differ in visible ways (INFO keyspace_hits /
 * keyspace_misses, OBJECT IDLETIME, lazy expiry):
 *
 *   Redis                                   here
 *   lookupKeyRead                           readKey(): db.get() + hit/miss stats
 *   lookupKeyReadWithFlags(LOOKUP_NOTOUCH)  peekKey(): db.peek() + hit/miss stats
 *   lookupKeyWrite                          db.get(): access time, no stats
 *   keyIsExpired (KEYS)                     isExpired(): no deletion at all
 *
 * Every lookup deletes a key past its deadline (firing `expired`), except KEYS, which only skips it.
 *
 * Writes count Redis's server.dirty exactly (the dispatcher propagates a write only when dirty
 * moved) and fire the keyspace events Redis fires: del, rename_from/rename_to, copy_to,
 * move_from/move_to, expire, persist (`expired` comes from the keyspace layer). EXPIRE-family
 * commands rewrite their argv in place the way Redis's rewriteClientCommandArgument does, so what
 * reaches the AOF is a fact: PEXPIREAT with the absolute deadline, or DEL/UNLINK when the deadline
 * was already past.
 *
 * A new generic command must: pick its lookup flavour from the table above; count dirty and fire its
 * event only when it changed something; move TTLs and access times along with the value when it
 * relocates a key (RENAME, MOVE); and reply nothing but what Redis replies for missing keys.
 */

import { keepOriginalArgv } from '../dispatcher.js';
import type { CommandSpec, KeySpecDef } from '../command.js';
import type { Client } from '../client.js';
import { randomMapKey, typeOf, type Database, type Value } from '../keyspace/db.js';
import { stringmatchlen } from '../keyspace/glob.js';
import { INVALID_CURSOR, parseScanCursor, parseScanOptions, replyScan } from '../keyspace/scan.js';
import { parseBigInt64, parseInt64 } from '../args.js';
import { Err } from '../errors.js';
import { stringEncoding } from './string.js';
import { helpSubcommand } from './help.js';

const SAME_OBJECT = 'ERR source and destination objects are the same';
const INT_RANGE = 'ERR value is out of range, value must between -2147483648 and 2147483647';
const LFU_NOT_SELECTED =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
const LFU_SELECTED =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
const NX_INCOMPATIBLE = 'ERR NX and XX, GT or LT options at the same time are not compatible';
const GT_LT_INCOMPATIBLE = 'ERR GT and LT options at the same time are not compatible';

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;
/** Redis's LRU clock: 24 bits of seconds. */
const LRU_CLOCK_MAX = (1 << 24) - 1;
/** Integers 0..9999 are shared objects in Redis (OBJ_SHARED_INTEGERS): OBJECT REFCOUNT shows INT_MAX. */
const OBJ_SHARED_INTEGERS = 10000;
const OBJ_SHARED_REFCOUNT = 2147483647;
/** LFU counter of a new object (LFU_INIT_VAL). */
const LFU_INIT_VAL = 5;

/* ------------------------------------------------------------------------------------------ */
/* Helpers shared with other families                                                          */
/* ------------------------------------------------------------------------------------------ */

/**
 * getIntFromObjectOrReply: an int64 that must fit a C int. Returns the value, or the error reply
 * (`msg` replaces both of Redis's default messages when given, as the C function does).
 */
export function parseIntArg(s: string, msg?: string): number | { err: string } {
  const v = parseInt64(s);
  if (v === null) return { err: msg ?? Err.NOT_INTEGER };
  if (v < -2147483648 || v > 2147483647) return { err: msg ?? INT_RANGE };
  return v;
}

/* ------------------------------------------------------------------------------------------ */
/* Lookups                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/** lookupKeyRead: access time, lazy expiry, hit/miss stats. */
function readKey(c: Client, key: string): Value | undefined {
  const v = c.db.get(key);
  if (v === undefined) c.broker.keyMiss(c.db, key);
  else c.broker.stats.keyspaceHits++;
  return v;
}

/** lookupKeyReadWithFlags(LOOKUP_NOTOUCH): lazy expiry and stats, access time untouched. */
function peekKey(c: Client, key: string): Value | undefined {
  const v = c.db.peek(key);
  if (v === undefined) c.broker.keyMiss(c.db, key);
  else c.broker.stats.keyspaceHits++;
  return v;
}

/** keyIsExpired: past its deadline (strictly, as Redis compares), without deleting it. */
function isExpired(db: Database, key: string, now: number): boolean {
  const when = db.expires.get(key);
  return when !== undefined && now > when;
}

function typeName(v: Value | undefined): string {
  return v === undefined ? 'none' : typeOf(v);
}

/** strcasecmp against an upper-case ASCII word. */
function is(arg: string, upper: string): boolean {
  return arg.length === upper.length && arg.toUpperCase() === upper;
}

/** estimateObjectIdleTime in seconds, from the LRU clock of the key's last access. */
function idleSeconds(c: Client, key: string): number {
  const now = c.broker.lruClock();
  const lru = c.db.atime.get(key) ?? now;
  return now >= lru ? now - lru : now + (LRU_CLOCK_MAX - lru);
}

function lfuPolicy(c: Client): boolean {
  return c.broker.config.get('maxmemory-policy').endsWith('-lfu');
}

/* ------------------------------------------------------------------------------------------ */
/* Handlers                                                                                    */
/* ------------------------------------------------------------------------------------------ */

// DEL key [key ...]  /  UNLINK key [key ...]
function delGeneric(c: Client, argv: string[]): void {
  const db = c.db;
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i]!;
    if (db.delete(key)) {
      c.broker.notify(db, 'del', key);
      c.broker.dirty++;
      n++;
    }
  }
  c.r.int(n);
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
function scanCommand(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[1]!);
  if (cursor === null) return c.r.error(INVALID_CURSOR);
  const opts = parseScanOptions(c, argv, 2, true);
  if (opts === null) return;
  const { pattern, type } = opts;
  const db = c.db;
  const dict = db.dict;
  const found: string[] = [];
  const next = c.broker.scanCursors.step(dict, cursor, opts.count, () => dict.keys(), (k: string) => {
    found.push(k);
  });
  // Filter after collecting, in Redis's order: pattern, type (a NOTOUCH read lookup: stats and lazy
  // expiry), then expired keys (deleted on the way, as expireIfNeeded does).
  const keys: string[] = [];
  for (const k of found) {
    if (pattern !== null && !stringmatchlen(pattern, k)) continue;
    if (type !== null && typeName(peekKey(c, k)) !== type) continue;
    if (db.peek(k) === undefined) continue;
    keys.push(k);
  }
  replyScan(c, next, keys);
}

// RENAME key newkey  /  RENAMENX key newkey
function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const db = c.db;
  const src = argv[1]!;
  const dst = argv[2]!;
  const v = db.get(src);
  if (v === undefined) return c.r.error(Err.NO_SUCH_KEY);
  if (src === dst) return nx ? c.r.int(0) : c.r.ok();
  const expire = db.getExpire(src);
  if (db.get(dst) !== undefined) {
    if (nx) return c.r.int(0);
    db.removeKey(dst);
  }
  db.removeKey(src);
  db.put(dst, v);
  if (expire !== undefined) db.setExpire(dst, expire);
  db.modified(src);
  db.modified(dst);
  c.broker.notify(db, 'rename_from', src);
  c.broker.notify(db, 'rename_to', dst);
  c.broker.dirty++;
  if (nx) c.r.int(1);
  else c.r.ok();
}

/** Parse the NX / XX / GT / LT flags of the EXPIRE family (argv[3..]); an error reply or the flags. */
function parseExpireFlags(argv: string[]): { nx: boolean; xx: boolean; gt: boolean; lt: boolean } | string {
  let nx = false;
  let xx = false;
  let gt = false;
  let lt = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    if (is(opt, 'NX')) nx = true;
    else if (is(opt, 'XX')) xx = true;
    else if (is(opt, 'GT')) gt = true;
    else if (is(opt, 'LT')) lt = true;
    else return `ERR Unsupported option ${opt}`;
  }
  if (nx && (xx || gt || lt)) return NX_INCOMPATIBLE;
  if (gt && lt) return GT_LT_INCOMPATIBLE;
  return { nx, xx, gt, lt };
}

/**
 * The absolute deadline in ms for an EXPIRE-family argument, with Redis's overflow checks (unit
 * conversion, then adding the base time); null when it overflows. Small values take the float
 * path, which is exact below 2^53; the rest goes through BigInt as C's long long arithmetic.
 */
function expireDeadline(arg: bigint | number, basetime: number, seconds: boolean): number | null {
  if (typeof arg === 'number') return (seconds ? arg * 1000 : arg) + basetime;
  let when = arg;
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) return null;
    when *= 1000n;
  }
  const base = BigInt(basetime);
  if (when > LLONG_MAX - base) return null;
  return Number(when + base);
}

// EXPIRE key seconds [NX|XX|GT|LT]  (and PEXPIRE, EXPIREAT, PEXPIREAT)
function expireGeneric(c: Client, argv: string[], relative: boolean, seconds: boolean): void {
  const flags = parseExpireFlags(argv);
  if (typeof flags === 'string') return c.r.error(flags);
  const raw = argv[2]!;
  const small = parseInt64(raw);
  let arg: number | bigint;
  if (small !== null && Math.abs(small) <= 1e12) arg = small;
  else {
    const big = parseBigInt64(raw);
    if (big === null) return c.r.error(Err.NOT_INTEGER);
    arg = big;
  }
  const b = c.broker;
  const basetime = relative ? b.now() : 0;
  const when = expireDeadline(arg, basetime, seconds);
  const name = argv[0]!.toLowerCase();
  if (when === null) return c.r.error(Err.INVALID_EXPIRE(name));

  const db = c.db;
  const key = argv[1]!;
  if (db.get(key) === undefined) return c.r.int(0);
  if (flags.nx || flags.xx || flags.gt || flags.lt) {
    const current = db.getExpire(key);
    if (flags.nx && current !== undefined) return c.r.int(0);
    if (flags.xx && current === undefined) return c.r.int(0);
    // No deadline counts as an infinite TTL: GT never beats it, LT always does.
    if (flags.gt && (current === undefined || when <= current)) return c.r.int(0);
    if (flags.lt && current !== undefined && when >= current) return c.r.int(0);
  }

  if (when <= b.now()) {
    // A deadline already past deletes the key, and is propagated as the deletion it is.
    db.delete(key);
    b.dirty++;
    const unlink = b.config.bool('lazyfree-lazy-expire');
    keepOriginalArgv(c, argv);
    argv.length = 2;
    argv[0] = unlink ? 'UNLINK' : 'DEL';
    c.r.int(1);
    b.notify(db, 'del', key);
    return;
  }
  db.setExpire(key, when);
  c.r.int(1);
  keepOriginalArgv(c, argv);
  if (name !== 'pexpireat') argv[0] = 'PEXPIREAT';
  if (relative || seconds) argv[2] = String(when);
  db.modified(key);
  b.notify(db, 'expire', key);
  b.dirty++;
}

// TTL key  (PTTL, EXPIRETIME, PEXPIRETIME)
function ttlGeneric(c: Client, argv: string[], ms: boolean, absolute: boolean): void {
  const key = argv[1]!;
  if (peekKey(c, key) === undefined) return c.r.int(-2);
  const expire = c.db.getExpire(key);
  if (expire === undefined) return c.r.int(-1);
  let ttl = absolute ? expire : expire - c.broker.now();
  if (ttl < 0) ttl = 0;
  c.r.int(ms ? ttl : Math.floor((ttl + 500) / 1000));
}

/** OBJECT subcommands look the key up with LOOKUP_NOTOUCH|LOOKUP_NONOTIFY and reply null when missing. */
function objectLookup(c: Client, key: string): Value | undefined {
  const v = peekKey(c, key);
  if (v === undefined) c.r.null();
  return v;
}

/**
 * touchAllWatchedKeysInDb(emptied, replacedWith): a client watching a key of `emptied` is dirtied
 * when the key exists there, or (SWAPDB) in the database taking its place, except when a missing
 * key is replaced by one already past its deadline (logically still missing). WATCH deletes keys
 * that are past their deadline when watched, so Redis's per-key `expired` mark needs no copy here.
 */
function touchWatchedOnSwap(emptied: Database, replacedWith: Database, now: number): void {
  if (emptied.watchers.size === 0) return;
  for (const [key, clients] of emptied.watchers) {
    const inEmptied = emptied.dict.has(key);
    if (!inEmptied) {
      if (!replacedWith.dict.has(key) || isExpired(replacedWith, key, now)) continue;
    }
    for (const cl of clients) cl.dirtyCas = true;
  }
}

// FLUSHDB [ASYNC|SYNC]  /  FLUSHALL [ASYNC|SYNC]
function flushArgsOk(c: Client, argv: string[]): boolean {
  if (argv.length === 1) return true;
  if (argv.length === 2 && (is(argv[1]!, 'SYNC') || is(argv[1]!, 'ASYNC'))) return true;
  c.r.error(Err.SYNTAX);
  return false;
}

/* ------------------------------------------------------------------------------------------ */
/* The table                                                                                   */
/* ------------------------------------------------------------------------------------------ */

const EXPIRE_KEYS = { first: 1, last: 1, step: 1 };

/** A Redis 7 key spec: `flags` on the key(s) from argument `index`, `lastkey` relative to it. */
function ks(flags: string[], index: number, lastkey = 0): KeySpecDef {
  return { flags, bs: { index }, fk: { lastkey, keystep: 1, limit: 0 } };
}

const EXPIRE_HISTORY: Array<[string, string]> = [['7.0.0', 'Added options: `NX`, `XX`, `GT` and `LT`.']];
const FLUSH_HISTORY: Array<[string, string]> = [
  ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
  ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
];
const MULTI_SHARD = ['request_policy:multi_shard', 'response_policy:agg_sum'];

const OBJECT_HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

export const commands: CommandSpec[] = [
  {
    name: 'DEL',
    arity: -2,
    flags: ['write'],
    keys: { first: 1, last: -1, step: 1 },
    group: 'generic',
    tips: MULTI_SHARD,
    keySpecs: [ks(['RM', 'delete'], 1, -1)],
    summary: 'Delete a key',
    since: '1.0.0',
    complexity:
      'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    args: 'key:key#0...',
    handler: delGeneric,
  },
  {
    name: 'UNLINK',
    arity: -2,
    flags: ['write', 'fast'],
    keys: { first: 1, last: -1, step: 1 },
    group: 'generic',
    tips: MULTI_SHARD,
    keySpecs: [ks(['RM', 'delete'], 1, -1)],
    summary: 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.',
    since: '4.0.0',
    complexity:
      'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
    args: 'key:key#0...',
    handler: delGeneric,
  },
  {
    name: 'EXISTS',
    arity: -2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: -1, step: 1 },
    group: 'generic',
    tips: MULTI_SHARD,
    keySpecs: [ks(['RO'], 1, -1)],
    history: [['3.0.3', 'Accepts multiple `key` arguments.']],
    args: 'key:key#0...',
    summary: 'Determine if a key exists',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to check.',
    // EXISTS key [key ...]   (a key named twice counts twice)
    handler(c, argv) {
      let n = 0;
      for (let i = 1; i < argv.length; i++) if (peekKey(c, argv[i]!) !== undefined) n++;
      c.r.int(n);
    },
  },
  {
    name: 'TYPE',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'generic',
    keySpecs: [ks(['RO'], 1)],
    summary: 'Determine the type stored at key',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    // TYPE key
    handler(c, argv) {
      c.r.simple(typeName(peekKey(c, argv[1]!)));
    },
  },
  {
    name: 'KEYS',
    arity: 2,
    flags: ['readonly'],
    keys: { first: 0, last: 0, step: 0 },
    group: 'generic',
    tips: ['request_policy:all_shards', 'nondeterministic_output_order'],
    acl: ['dangerous'],
    summary: 'Find all keys matching the given pattern',
    since: '1.0.0',
    complexity:
      'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
    args: 'pattern:pattern',
    // KEYS pattern   (keys past their deadline are skipped, not deleted)
    handler(c, argv) {
      const pattern = argv[1]!;
      const all = pattern === '*';
      const db = c.db;
      const now = c.broker.now();
      const checkTtl = db.expires.size !== 0;
      const out: string[] = [];
      for (const key of db.dict.keys()) {
        if (!all && !stringmatchlen(pattern, key)) continue;
        if (checkTtl && isExpired(db, key, now)) continue;
        out.push(key);
      }
      c.r.bulks(out);
    },
  },
  {
    name: 'SCAN',
    arity: -2,
    flags: ['readonly'],
    keys: { first: 0, last: 0, step: 0 },
    group: 'generic',
    tips: ['nondeterministic_output', 'request_policy:special'],
    history: [['6.0.0', 'Added the `TYPE` subcommand.']],
    args: 'cursor:integer [MATCH pattern:pattern] [COUNT count:integer] [TYPE type:string@6.0.0]',
    summary: 'Incrementally iterate the keys space',
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    handler: scanCommand,
  },
  {
    name: 'RANDOMKEY',
    arity: 1,
    flags: ['readonly'],
    keys: { first: 0, last: 0, step: 0 },
    group: 'generic',
    tips: ['request_policy:all_shards', 'nondeterministic_output'],
    summary: 'Return a random key from the keyspace',
    since: '1.0.0',
    complexity: 'O(1)',
    // RANDOMKEY   (a key found past its deadline is deleted and another one drawn)
    handler(c) {
      const db = c.db;
      for (;;) {
        const key = randomMapKey(db.dict);
        if (key === undefined) return c.r.null();
        if (db.peek(key) !== undefined) return c.r.bulk(key);
      }
    },
  },
  {
    name: 'RENAME',
    arity: 3,
    flags: ['write'],
    keys: { first: 1, last: 2, step: 1 },
    group: 'generic',
    keySpecs: [ks(['RW', 'access', 'delete'], 1), ks(['OW', 'update'], 2)],
    summary: 'Rename a key',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'key:key#0 newkey:key#1',
    handler: (c, argv) => renameGeneric(c, argv, false),
  },
  {
    name: 'RENAMENX',
    arity: 3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 2, step: 1 },
    group: 'generic',
    keySpecs: [ks(['RW', 'access', 'delete'], 1), ks(['OW', 'insert'], 2)],
    history: [['3.2.0', 'The command no longer returns an error when source and destination names are the same.']],
    args: 'key:key#0 newkey:key#1',
    summary: 'Rename a key, only if the new key does not exist',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: (c, argv) => renameGeneric(c, argv, true),
  },
  {
    name: 'COPY',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: { first: 1, last: 2, step: 1 },
    group: 'generic',
    keySpecs: [ks(['RO', 'access'], 1), ks(['OW', 'update'], 2)],
    summary: 'Copy a key',
    since: '6.2.0',
    complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
    args: 'source:key#0 destination:key#1 [DB destination-db:integer] [REPLACE]',
    // COPY source destination [DB destination-db] [REPLACE]
    handler(c, argv) {
      const b = c.broker;
      const src = c.db;
      let dst = c.db;
      let replace = false;
      for (let j = 3; j < argv.length; j++) {
        const opt = argv[j]!;
        if (is(opt, 'REPLACE')) {
          replace = true;
        } else if (is(opt, 'DB') && j + 1 < argv.length) {
          const id = parseIntArg(argv[++j]!);
          if (typeof id !== 'number') return c.r.error(id.err);
          const db = b.dbs[id];
          if (id < 0 || db === undefined) return c.r.error(Err.INVALID_DB);
          dst = db;
        } else {
          return c.r.error(Err.SYNTAX);
        }
      }
      const key = argv[1]!;
      const newkey = argv[2]!;
      if (src === dst && key === newkey) return c.r.error(SAME_OBJECT);
      const v = readKey(c, key);
      if (v === undefined) return c.r.int(0);
      const expire = src.getExpire(key);
      const exists = dst.get(newkey) !== undefined;
      if (exists && !replace) return c.r.int(0);
      const copy = typeof v === 'string' ? v : v.clone();
      if (exists) dst.removeKey(newkey);
      dst.put(newkey, copy);
      if (expire !== undefined) dst.setExpire(newkey, expire);
      dst.modified(newkey);
      b.notify(dst, 'copy_to', newkey);
      b.dirty++;
      c.r.int(1);
    },
  },
  {
    name: 'MOVE',
    arity: 3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'generic',
    keySpecs: [ks(['RW', 'access', 'update'], 1)],
    summary: 'Move a key to another database',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'key:key#0 db:integer',
    // MOVE key db
    handler(c, argv) {
      const b = c.broker;
      const id = parseIntArg(argv[2]!);
      if (typeof id !== 'number') return c.r.error(id.err);
      const dst = b.dbs[id];
      if (id < 0 || dst === undefined) return c.r.error(Err.INVALID_DB);
      const src = c.db;
      if (src === dst) return c.r.error(SAME_OBJECT);
      const key = argv[1]!;
      const v = src.get(key);
      if (v === undefined) return c.r.int(0);
      const expire = src.getExpire(key);
      if (dst.get(key) !== undefined) return c.r.int(0);
      dst.put(key, v);
      if (expire !== undefined) dst.setExpire(key, expire);
      src.removeKey(key);
      src.modified(key);
      dst.modified(key);
      b.notify(src, 'move_from', key);
      b.notify(dst, 'move_to', key);
      b.dirty++;
      c.r.int(1);
    },
  },
  {
    name: 'EXPIRE',
    arity: -3,
    flags: ['write', 'fast'],
    keys: EXPIRE_KEYS,
    group: 'generic',
    history: EXPIRE_HISTORY,
    args: 'key:key#0 seconds:integer [condition(NX | XX | GT | LT)@7.0.0]',
    summary: "Set a key's time to live in seconds",
    since: '1.0.0',
    complexity: 'O(1)',
    handler: (c, argv) => expireGeneric(c, argv, true, true),
  },
  {
    name: 'PEXPIRE',
    arity: -3,
    flags: ['write', 'fast'],
    keys: EXPIRE_KEYS,
    group: 'generic',
    history: EXPIRE_HISTORY,
    args: 'key:key#0 milliseconds:integer [condition(NX | XX | GT | LT)@7.0.0]',
    summary: "Set a key's time to live in milliseconds",
    since: '2.6.0',
    complexity: 'O(1)',
    handler: (c, argv) => expireGeneric(c, argv, true, false),
  },
  {
    name: 'EXPIREAT',
    arity: -3,
    flags: ['write', 'fast'],
    keys: EXPIRE_KEYS,
    group: 'generic',
    history: EXPIRE_HISTORY,
    args: 'key:key#0 unix-time-seconds:unix-time [condition(NX | XX | GT | LT)@7.0.0]',
    summary: 'Set the expiration for a key as a UNIX timestamp',
    since: '1.2.0',
    complexity: 'O(1)',
    handler: (c, argv) => expireGeneric(c, argv, false, true),
  },
  {
    name: 'PEXPIREAT',
    arity: -3,
    flags: ['write', 'fast'],
    keys: EXPIRE_KEYS,
    group: 'generic',
    history: EXPIRE_HISTORY,
    args: 'key:key#0 unix-time-milliseconds:unix-time [condition(NX | XX | GT | LT)@7.0.0]',
    summary: 'Set the expiration for a key as a UNIX timestamp specified in milliseconds',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: (c, argv) => expireGeneric(c, argv, false, false),
  },
  {
    name: 'TTL',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: EXPIRE_KEYS,
    group: 'generic',
    tips: ['nondeterministic_output'],
    history: [['2.8.0', 'Added the -2 reply.']],
    args: 'key:key#0',
    summary: 'Get the time to live for a key in seconds',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: (c, argv) => ttlGeneric(c, argv, false, false),
  },
  {
    name: 'PTTL',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: EXPIRE_KEYS,
    group: 'generic',
    tips: ['nondeterministic_output'],
    history: [['2.8.0', 'Added the -2 reply.']],
    args: 'key:key#0',
    summary: 'Get the time to live for a key in milliseconds',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: (c, argv) => ttlGeneric(c, argv, true, false),
  },
  {
    name: 'EXPIRETIME',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: EXPIRE_KEYS,
    group: 'generic',
    summary: 'Get the expiration Unix timestamp for a key',
    since: '7.0.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    handler: (c, argv) => ttlGeneric(c, argv, false, true),
  },
  {
    name: 'PEXPIRETIME',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: EXPIRE_KEYS,
    group: 'generic',
    summary: 'Get the expiration Unix timestamp for a key in milliseconds',
    since: '7.0.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    handler: (c, argv) => ttlGeneric(c, argv, true, true),
  },
  {
    name: 'PERSIST',
    arity: 2,
    flags: ['write', 'fast'],
    keys: EXPIRE_KEYS,
    group: 'generic',
    summary: 'Remove the expiration from a key',
    since: '2.2.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    // PERSIST key
    handler(c, argv) {
      const db = c.db;
      const key = argv[1]!;
      if (db.get(key) === undefined || !db.persist(key)) return c.r.int(0);
      db.modified(key);
      c.broker.notify(db, 'persist', key);
      c.r.int(1);
      c.broker.dirty++;
    },
  },
  {
    name: 'TOUCH',
    arity: -2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: -1, step: 1 },
    group: 'generic',
    tips: MULTI_SHARD,
    keySpecs: [ks(['RO'], 1, -1)],
    summary: 'Alters the last access time of a key(s). Returns the number of existing keys specified.',
    since: '3.2.1',
    complexity: 'O(N) where N is the number of keys that will be touched.',
    args: 'key:key#0...',
    // TOUCH key [key ...]
    handler(c, argv) {
      let n = 0;
      for (let i = 1; i < argv.length; i++) if (readKey(c, argv[i]!) !== undefined) n++;
      c.r.int(n);
    },
  },
  {
    name: 'OBJECT',
    arity: -2,
    flags: [],
    keys: { first: 0, last: 0, step: 0 },
    group: 'generic',
    summary: 'A container for object introspection commands',
    since: '2.2.3',
    complexity: 'Depends on subcommand.',
    subcommands: [
      helpSubcommand({ group: 'generic', since: '6.2.0', lines: OBJECT_HELP }),
      {
        name: 'ENCODING',
        arity: 3,
        flags: ['readonly'],
        keys: { first: 2, last: 2, step: 1 },
        group: 'generic',
        tips: ['nondeterministic_output'],
        keySpecs: [ks(['RO'], 2)],
        summary: 'Inspect the internal encoding of a Redis object',
        since: '2.2.3',
        complexity: 'O(1)',
        args: 'key:key#0',
        // OBJECT ENCODING key
        handler(c, argv) {
          const v = objectLookup(c, argv[2]!);
          if (v === undefined) return;
          c.r.bulk(typeof v === 'string' ? stringEncoding(v, c.db, argv[2]!) : v.encoding);
        },
      },
      {
        name: 'FREQ',
        arity: 3,
        flags: ['readonly'],
        keys: { first: 2, last: 2, step: 1 },
        group: 'generic',
        tips: ['nondeterministic_output'],
        keySpecs: [ks(['RO'], 2)],
        summary: 'Get the logarithmic access frequency counter of a Redis object',
        since: '4.0.0',
        complexity: 'O(1)',
        args: 'key:key#0',
        // OBJECT FREQ key
        handler(c, argv) {
          const key = argv[2]!;
          if (objectLookup(c, key) === undefined) return;
          if (!lfuPolicy(c)) return c.r.error(LFU_NOT_SELECTED);
          // Access counts are not tracked per key: this is the counter of a key created and not read
          // since, decayed by one per lfu-decay-time minutes of idleness (LFUDecrAndReturn).
          const decay = c.broker.config.num('lfu-decay-time');
          const periods = decay > 0 ? Math.floor(Math.floor(idleSeconds(c, key) / 60) / decay) : 0;
          c.r.int(Math.max(0, LFU_INIT_VAL - periods));
        },
      },
      {
        name: 'IDLETIME',
        arity: 3,
        flags: ['readonly'],
        keys: { first: 2, last: 2, step: 1 },
        group: 'generic',
        tips: ['nondeterministic_output'],
        keySpecs: [ks(['RO'], 2)],
        summary: 'Get the time since a Redis object was last accessed',
        since: '2.2.3',
        complexity: 'O(1)',
        args: 'key:key#0',
        // OBJECT IDLETIME key
        handler(c, argv) {
          const key = argv[2]!;
          if (objectLookup(c, key) === undefined) return;
          if (lfuPolicy(c)) return c.r.error(LFU_SELECTED);
          c.r.int(idleSeconds(c, key));
        },
      },
      {
        name: 'REFCOUNT',
        arity: 3,
        flags: ['readonly'],
        keys: { first: 2, last: 2, step: 1 },
        group: 'generic',
        tips: ['nondeterministic_output'],
        keySpecs: [ks(['RO'], 2)],
        summary: 'Get the number of references to the value of the key',
        since: '2.2.3',
        complexity: 'O(1)',
        args: 'key:key#0',
        // OBJECT REFCOUNT key   (small integers are Redis's shared objects unless an LRU/LFU
        // maxmemory policy with a maxmemory limit forbids sharing)
        handler(c, argv) {
          const key = argv[2]!;
          const v = objectLookup(c, key);
          if (v === undefined) return;
          if (typeof v === 'string' && stringEncoding(v, c.db, key) === 'int') {
            const n = parseInt64(v)!;
            const cfg = c.broker.config;
            const policy = cfg.get('maxmemory-policy');
            const noShared = cfg.num('maxmemory') !== 0 && (policy.endsWith('-lru') || policy.endsWith('-lfu'));
            if (n >= 0 && n < OBJ_SHARED_INTEGERS && !noShared) return c.r.int(OBJ_SHARED_REFCOUNT);
          }
          c.r.int(1);
        },
      },
    ],
  },
  {
    name: 'DBSIZE',
    arity: 1,
    flags: ['readonly', 'fast'],
    keys: { first: 0, last: 0, step: 0 },
    group: 'server',
    tips: ['request_policy:all_shards', 'response_policy:agg_sum'],
    acl: ['keyspace'],
    summary: 'Return the number of keys in the selected database',
    since: '1.0.0',
    complexity: 'O(1)',
    // DBSIZE   (counts keys past their deadline that nobody has reclaimed yet, as Redis does)
    handler(c) {
      c.r.int(c.db.size);
    },
  },
  {
    name: 'FLUSHDB',
    arity: -1,
    flags: ['write'],
    keys: { first: 0, last: 0, step: 0 },
    group: 'server',
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    history: FLUSH_HISTORY,
    args: '[async(ASYNC@4.0.0 | SYNC@6.2.0)]',
    acl: ['keyspace', 'dangerous'],
    summary: 'Remove all keys from the current database',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of keys in the selected database',
    // FLUSHDB [ASYNC|SYNC]
    handler(c, argv) {
      if (!flushArgsOk(c, argv)) return;
      const b = c.broker;
      // Watchers are touched while the keys are still there (only existing keys count).
      c.db.touchAllWatched(true);
      const removed = c.db.clear();
      b.blocking.signalWaitedKeys(c.db);
      b.dirty += removed;
      c.r.ok();
      // Redis forces propagation even when nothing was removed (dirty did not move).
      if (removed === 0 && c.current !== null) b.propagate(c, c.current, argv);
    },
  },
  {
    name: 'FLUSHALL',
    arity: -1,
    flags: ['write'],
    keys: { first: 0, last: 0, step: 0 },
    group: 'server',
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    history: FLUSH_HISTORY,
    args: '[async(ASYNC@4.0.0 | SYNC@6.2.0)]',
    acl: ['keyspace', 'dangerous'],
    summary: 'Remove all keys from all databases',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of keys in all databases',
    // FLUSHALL [ASYNC|SYNC]
    handler(c, argv) {
      if (!flushArgsOk(c, argv)) return;
      const b = c.broker;
      for (const db of b.dbs) db.touchAllWatched(true);
      let removed = 0;
      for (const db of b.dbs) removed += db.clear();
      for (const db of b.dbs) b.blocking.signalWaitedKeys(db);
      b.dirty += removed;
      c.r.ok();
      // Propagated even when nothing was removed (forceCommandPropagation). Pigeon keeps no RDB
      // snapshot, so there is no rdbSave here resetting dirty as Redis's does with save points.
      if (removed === 0 && c.current !== null) b.propagate(c, c.current, argv);
    },
  },
  {
    name: 'SWAPDB',
    arity: 3,
    flags: ['write', 'fast'],
    keys: { first: 0, last: 0, step: 0 },
    group: 'server',
    acl: ['keyspace', 'dangerous'],
    summary: 'Swaps two Redis databases',
    since: '4.0.0',
    complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
    args: 'index1:integer index2:integer',
    // SWAPDB index1 index2
    handler(c, argv) {
      const b = c.broker;
      const id1 = parseIntArg(argv[1]!, 'ERR invalid first DB index');
      if (typeof id1 !== 'number') return c.r.error(id1.err);
      const id2 = parseIntArg(argv[2]!, 'ERR invalid second DB index');
      if (typeof id2 !== 'number') return c.r.error(id2.err);
      const db1 = b.dbs[id1];
      const db2 = b.dbs[id2];
      if (id1 < 0 || id2 < 0 || db1 === undefined || db2 === undefined) return c.r.error(Err.INVALID_DB);
      if (db1 !== db2) {
        const now = b.now();
        touchWatchedOnSwap(db1, db2, now);
        touchWatchedOnSwap(db2, db1, now);
        db1.swapWith(db2);
        // Clients blocked on a key of either index may find it there now, or find it gone
        // (scanDatabaseForReadyKeys, scanDatabaseForDeletedStreams).
        b.blocking.signalWaitedKeys(db1);
        b.blocking.signalWaitedKeys(db2);
      }
      b.dirty++;
      c.r.ok();
    },
  },
];
