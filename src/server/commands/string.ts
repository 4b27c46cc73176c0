/*
 * String and bitmap commands: GET, SET (and its variants SETNX, SETEX, PSETEX, GETSET, GETEX,
 * GETDEL), MGET, MSET, MSETNX, INCR/DECR/INCRBY/DECRBY, INCRBYFLOAT, APPEND, STRLEN, GETRANGE,
 * SUBSTR, SETRANGE, LCS, and the bitmap group SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP.
 *
 * A string value is a plain latin1 JS string in the keyspace (one char per byte), so GET is a Map
 * lookup and a bulk reply. Operations that Redis performs in place on an sds (APPEND, SETRANGE,
 * SETBIT) build a new string; V8 ropes make APPEND cheap, and SETRANGE / SETBIT cost O(length).
 *
 * Numbers follow Redis to the bit: integers are int64 (string2ll, exact BigInt arithmetic past
 * 2^53 and the overflow checks of incrDecrCommand), INCRBYFLOAT is C long double arithmetic
 * (longdouble.ts), and expire arguments go through getExpireMillisecondsOrReply's checks,
 * including the overflow of seconds * 1000 and of now + ttl.
 *
 * OBJECT ENCODING. Redis 7.0 reports a string as `int` (a canonical int64 of at most 20 chars),
 * `embstr` (at most 44 bytes) or `raw`, decided when the value is created. For most commands that
 * is a function of the value (stringEncoding's canonical case). The exceptions are values Redis
 * builds as plain sds objects: APPEND to an existing key, SETRANGE, SETBIT and BITOP give `raw`
 * whatever the length, and INCRBYFLOAT never gives `int`. Those commands record a mark
 * {value, raw} for the key in a per-database side table; stringEncoding() trusts a mark only while
 * the key still holds exactly that value, and every string writer here that stores a canonical
 * value drops the key's mark (one WeakMap probe, skipped while the table is empty). Marks of keys
 * deleted elsewhere are pruned when the table doubles. A mark stays with its key name, so a value
 * moved by RENAME, COPY or MOVE reports its canonical encoding (Redis keeps the object's).
 *
 * Where Pigeon cannot be Redis: V8 strings stop at buffer.constants.MAX_STRING_LENGTH (2^29 - 24
 * bytes), 24 bytes short of the default proto-max-bulk-len. A command that would build a longer
 * value (APPEND, SETRANGE, SETBIT) fails with JS_STRING_LIMIT_ERR where Redis would succeed.
 *
 * A new string command must: parse every argument before touching the keyspace, count keyspace
 * hits/misses only where Redis uses lookupKeyRead, call clearMark()/setMark() when it stores a
 * value, add to broker.dirty and notify exactly where Redis calls server.dirty++ and
 * notifyKeyspaceEvent.
 */

import { constants as bufferConstants } from 'node:buffer';
import type { CommandSpec } from '../command.js';
import type { Client } from '../client.js';
import type { Database } from '../keyspace/db.js';
import { Err } from '../errors.js';
import { parseBigInt64, parseInt64 } from '../args.js';
import { keepOriginalArgv } from '../dispatcher.js';
import { addLongDouble, formatLongDouble, LD_ZERO, parseLongDouble } from '../longdouble.js';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** LLONG_MAX / 1000: the largest seconds value whose milliseconds fit an int64. */
const MAX_EXPIRE_SECONDS = 9223372036854775n;
/** The longest string V8 can hold; Redis allows up to proto-max-bulk-len (512MB), a bit more. */
const MAX_JS_STRING = bufferConstants.MAX_STRING_LENGTH;
const JS_STRING_LIMIT_ERR = 'ERR string exceeds the maximum string length of this server';

/* ------------------------------------------------------------------------------------------ */
/* OBJECT ENCODING bookkeeping                                                                  */
/* ------------------------------------------------------------------------------------------ */

interface EncodingMark {
  /** The value the mark describes; a different value at the key means the mark is stale. */
  value: string;
  /** true: `raw` whatever the length; false: `embstr`/`raw` by length, never `int`. */
  raw: boolean;
}


function setMark(db: Database, key: string, value: string, raw: boolean): void {
  let t = db.stringMarks;
  if (t === null) {
    t = { marks: new Map<string, EncodingMark>(), pruneAt: 1024 };
    db.stringMarks = t;
  }
  t.marks.set(key, { value, raw });
  if (t.marks.size > t.pruneAt) {
    for (const [k, m] of t.marks) if (db.dict.get(k) !== m.value) t.marks.delete(k);
    t.pruneAt = Math.max(1024, t.marks.size * 2);
  }
}

function clearMark(db: Database, key: string): void {
  const t = db.stringMarks;
  if (t !== null && t.marks.size !== 0) t.marks.delete(key);
}

/** Redis's encoding for a value created through tryObjectEncoding (SET, MSET, APPEND to a new key, ...). */
function canonicalEncoding(value: string): string {
  const n = value.length;
  if (n <= 20 && n > 0) {
    const c = value.charCodeAt(n - 1);
    if (c >= 48 && c <= 57 && (n <= 15 ? parseInt64(value) : parseBigInt64(value)) !== null) return 'int';
  }
  return n <= 44 ? 'embstr' : 'raw';
}

/**
 * OBJECT ENCODING of the string `value` stored at `key` in `db`, as Redis 7.0 reports it:
 * `int`, `embstr` or `raw` (see the header for the values that are `raw` whatever their size).
 */
export function stringEncoding(value: string, db: Database, key: string): string {
  const t = db.stringMarks;
  if (t !== null) {
    const m = t.marks.get(key);
    if (m !== undefined) {
      if (m.value === value) return m.raw || value.length > 44 ? 'raw' : 'embstr';
      t.marks.delete(key);
    }
  }
  return canonicalEncoding(value);
}

/* ------------------------------------------------------------------------------------------ */
/* Shared helpers                                                                               */
/* ------------------------------------------------------------------------------------------ */

/** SET / GETEX option flags (parseExtendedStringArgumentsOrReply). */
const F_NX = 1;
const F_XX = 2;
const F_EX = 4;
const F_PX = 8;
const F_KEEPTTL = 16;
const F_GET = 32;
const F_EXAT = 64;
const F_PXAT = 128;
const F_PERSIST = 256;
const F_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;

interface ExtendedArgs {
  flags: number;
  /** The expire argument, or null. */
  expire: string | null;
}

/**
 * parseExtendedStringArgumentsOrReply: SET options (NX XX GET KEEPTTL EX PX EXAT PXAT) or GETEX
 * options (EX PX EXAT PXAT PERSIST), with Redis's conflict rules; null on a syntax error. As in
 * Redis, repeating an option is allowed (`EX 1 EX 2` keeps the last value).
 */
function parseExtended(argv: readonly string[], isSet: boolean): ExtendedArgs | null {
  let flags = 0;
  let expire: string | null = null;
  for (let j = isSet ? 3 : 2; j < argv.length; j++) {
    const opt = argv[j]!;
    const hasNext = j < argv.length - 1;
    const up = opt.length <= 7 ? opt.toUpperCase() : '';
    if (up === 'NX' && isSet && !(flags & F_XX)) flags |= F_NX;
    else if (up === 'XX' && isSet && !(flags & F_NX)) flags |= F_XX;
    else if (up === 'GET' && isSet) flags |= F_GET;
    else if (up === 'KEEPTTL' && isSet && !(flags & (F_PERSIST | F_EXPIRE))) flags |= F_KEEPTTL;
    else if (up === 'PERSIST' && !isSet && !(flags & (F_EXPIRE | F_KEEPTTL))) flags |= F_PERSIST;
    else if (up === 'EX' && hasNext && !(flags & (F_KEEPTTL | F_PERSIST | F_EXAT | F_PX | F_PXAT))) {
      flags |= F_EX;
      expire = argv[++j]!;
    } else if (up === 'PX' && hasNext && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PXAT))) {
      flags |= F_PX;
      expire = argv[++j]!;
    } else if (up === 'EXAT' && hasNext && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_PX | F_PXAT))) {
      flags |= F_EXAT;
      expire = argv[++j]!;
    } else if (up === 'PXAT' && hasNext && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PX))) {
      flags |= F_PXAT;
      expire = argv[++j]!;
    } else {
      return null;
    }
  }
  return { flags, expire };
}

/**
 * getExpireMillisecondsOrReply: the absolute deadline (ms) an expire argument asks for, or the
 * error line to answer. `seconds` for EX/EXAT/SETEX, `relative` for EX/PX/SETEX/PSETEX.
 */
function expireDeadline(arg: string, seconds: boolean, relative: boolean, now: number, cmd: string): number | string {
  if (arg.length <= 15) {
    // At most 15 digits: exact as a double, and neither * 1000 nor + now can pass int64.
    const v = parseInt64(arg);
    if (v === null) return Err.NOT_INTEGER;
    if (v <= 0) return Err.INVALID_EXPIRE(cmd);
    return (seconds ? v * 1000 : v) + (relative ? now : 0);
  }
  const b = parseBigInt64(arg);
  if (b === null) return Err.NOT_INTEGER;
  if (b <= 0n || (seconds && b > MAX_EXPIRE_SECONDS)) return Err.INVALID_EXPIRE(cmd);
  let ms = seconds ? b * 1000n : b;
  if (relative) ms += BigInt(now);
  // C adds in int64: a sum past LLONG_MAX wraps negative and is refused as invalid.
  if (ms > INT64_MAX) return Err.INVALID_EXPIRE(cmd);
  return Number(ms);
}

/** An int64 argument: exact as a number up to 15 chars, as a bigint beyond; null if not an int64. */
function parseIndex(s: string): number | bigint | null {
  return s.length <= 15 ? parseInt64(s) : parseBigInt64(s);
}

/**
 * Redis's range normalisation (GETRANGE, BITCOUNT, BITPOS): negative indexes count from the end,
 * both are clamped into [0, total-1]. Returns [start, end] with start <= end, or null when the
 * range is empty. Huge indexes are compared exactly (bigint) so no two distinct values collide.
 */
function clampRange(start: number | bigint, end: number | bigint, total: number): [number, number] | null {
  if (typeof start === 'number' && typeof end === 'number') {
    if (start < 0) start += total;
    if (end < 0) end += total;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
    return start > end ? null : [start, end];
  }
  let s = BigInt(start);
  let e = BigInt(end);
  const t = BigInt(total);
  if (s < 0n) s += t;
  if (e < 0n) e += t;
  if (s < 0n) s = 0n;
  if (e < 0n) e = 0n;
  if (e >= t) e = t - 1n;
  return s > e ? null : [Number(s), Number(e)];
}

/** `start < 0 && end < 0 && start > end`: GETRANGE and BITCOUNT answer empty before anything else. */
function negativeDescending(start: number | bigint, end: number | bigint): boolean {
  return start < 0 && end < 0 && start > end;
}

function protoMaxBulkLen(c: Client): number {
  return c.broker.config.num('proto-max-bulk-len');
}

/** checkStringLength plus V8's own limit; an error line, or null when `size` bytes are fine. */
function stringLengthError(c: Client, size: number): string | null {
  if (size > protoMaxBulkLen(c)) return Err.STRING_TOO_LONG;
  if (size > MAX_JS_STRING) return JS_STRING_LIMIT_ERR;
  return null;
}

/** A string of n zero bytes. */
function zeros(n: number): string {
  return n <= 0 ? '' : '\0'.repeat(n);
}

/** Look a key up as Redis's lookupKeyRead does for the keyspace hit/miss counters. */
function lookupRead(c: Client, key: string): ReturnType<Database['get']> {
  const v = c.db.get(key);
  if (v === undefined) c.broker.keyMiss(c.db, key);
  else c.broker.stats.keyspaceHits++;
  return v;
}

/**
 * getGenericCommand: reply the key's value, or null when it is missing. `ok` is false after a
 * WRONGTYPE reply; `found` tells whether the key existed.
 */
function getGeneric(c: Client, key: string): { ok: boolean; found: boolean } {
  const v = lookupRead(c, key);
  if (v === undefined) {
    c.r.null();
    return GET_MISSING;
  }
  if (typeof v !== 'string') {
    c.r.error(Err.WRONGTYPE);
    return GET_WRONGTYPE;
  }
  c.r.bulk(v);
  return GET_FOUND;
}

const GET_MISSING = { ok: true, found: false } as const;
const GET_FOUND = { ok: true, found: true } as const;
const GET_WRONGTYPE = { ok: false, found: true } as const;

/* ------------------------------------------------------------------------------------------ */
/* GET / SET family                                                                             */
/* ------------------------------------------------------------------------------------------ */

// GET key
function getCommand(c: Client, argv: string[]): void {
  const v = c.db.get(argv[1]!);
  if (v === undefined) {
    c.broker.keyMiss(c.db, argv[1]!);
    c.r.null();
    return;
  }
  c.broker.stats.keyspaceHits++;
  if (typeof v !== 'string') c.r.error(Err.WRONGTYPE);
  else c.r.bulk(v);
}

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds |
//     PXAT unix-time-milliseconds | KEEPTTL]
function setCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const value = argv[2]!;
  const db = c.db;
  const b = c.broker;
  if (argv.length === 3) {
    // setKey's lookupKeyWrite: a key past its deadline is expired (and logged) before it is replaced.
    if (db.expires.size !== 0) db.peek(key);
    db.set(key, value);
    clearMark(db, key);
    b.dirty++;
    b.notify(db, 'set', key);
    c.r.ok();
    return;
  }
  const opts = parseExtended(argv, true);
  if (opts === null) return c.r.error(Err.SYNTAX);
  const flags = opts.flags;
  let deadline = 0;
  if (opts.expire !== null) {
    const d = expireDeadline(opts.expire, (flags & (F_EX | F_EXAT)) !== 0, (flags & (F_EX | F_PX)) !== 0, b.now(), 'set');
    if (typeof d === 'string') return c.r.error(d);
    deadline = d;
  }
  let found: boolean;
  if (flags & F_GET) {
    const g = getGeneric(c, key);
    if (!g.ok) return;
    found = g.found;
  } else {
    found = db.get(key) !== undefined;
  }
  if ((flags & F_NX && found) || (flags & F_XX && !found)) {
    if (!(flags & F_GET)) c.r.null();
    return;
  }
  if (flags & F_KEEPTTL) db.setKeepTtl(key, value);
  else db.set(key, value);
  clearMark(db, key);
  b.dirty++;
  b.notify(db, 'set', key);
  if (opts.expire !== null) {
    db.setExpire(key, deadline);
    b.notify(db, 'expire', key);
  }
  if (!(flags & F_GET)) c.r.ok();
  // Propagated as Redis 7.0 does: a relative or EXAT expiry as `SET key value PXAT <ms>` (the other
  // options dropped), else without GET (it only shapes the reply).
  if (opts.expire !== null && !(flags & F_PXAT)) setPxatArgv(c, argv, key, value, deadline);
  else if (flags & F_GET && opts.expire === null) {
    keepOriginalArgv(c, argv);
    let n = 3;
    for (let j = 3; j < argv.length; j++) if (argv[j]!.toLowerCase() !== 'get') argv[n++] = argv[j]!;
    argv.length = n;
  }
}

/** Rewrite argv into `SET key value PXAT <ms>`, what SET with an expiry, SETEX and PSETEX propagate. */
function setPxatArgv(c: Client, argv: string[], key: string, value: string, deadline: number): void {
  keepOriginalArgv(c, argv);
  argv.length = 5;
  argv[0] = 'SET';
  argv[1] = key;
  argv[2] = value;
  argv[3] = 'PXAT';
  argv[4] = String(deadline);
}

// SETNX key value
function setnxCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const db = c.db;
  if (db.get(key) !== undefined) return c.r.int(0);
  db.set(key, argv[2]!);
  clearMark(db, key);
  c.broker.dirty++;
  c.broker.notify(db, 'set', key);
  c.r.int(1);
}

// SETEX key seconds value / PSETEX key milliseconds value
function setexGeneric(c: Client, argv: string[], seconds: boolean, cmd: string): void {
  const key = argv[1]!;
  const b = c.broker;
  const deadline = expireDeadline(argv[2]!, seconds, true, b.now(), cmd);
  if (typeof deadline === 'string') return c.r.error(deadline);
  const db = c.db;
  if (db.expires.size !== 0) db.peek(key);
  db.set(key, argv[3]!);
  clearMark(db, key);
  b.dirty++;
  b.notify(db, 'set', key);
  db.setExpire(key, deadline);
  b.notify(db, 'expire', key);
  c.r.ok();
  setPxatArgv(c, argv, key, argv[3]!, deadline);
}

// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
function getexCommand(c: Client, argv: string[]): void {
  const opts = parseExtended(argv, false);
  if (opts === null) return c.r.error(Err.SYNTAX);
  const key = argv[1]!;
  const db = c.db;
  const b = c.broker;
  const v = lookupRead(c, key);
  if (v === undefined) return c.r.null();
  if (typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
  const flags = opts.flags;
  let deadline = 0;
  if (opts.expire !== null) {
    const d = expireDeadline(opts.expire, (flags & (F_EX | F_EXAT)) !== 0, (flags & (F_EX | F_PX)) !== 0, b.now(), 'getex');
    if (typeof d === 'string') return c.r.error(d);
    deadline = d;
  }
  c.r.bulk(v);
  if (flags & (F_EXAT | F_PXAT) && deadline <= b.now()) {
    // An absolute deadline already past: the key goes now, as a DEL (UNLINK with lazyfree-lazy-expire).
    db.delete(key);
    clearMark(db, key);
    b.notify(db, 'del', key);
    b.dirty++;
    keepOriginalArgv(c, argv);
    argv.length = 2;
    argv[0] = b.config.bool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL';
  } else if (opts.expire !== null) {
    db.setExpire(key, deadline);
    db.modified(key);
    b.notify(db, 'expire', key);
    b.dirty++;
    // Propagated as PEXPIREAT key <ms>.
    keepOriginalArgv(c, argv);
    argv.length = 3;
    argv[0] = 'PEXPIREAT';
    argv[2] = String(deadline);
  } else if (flags & F_PERSIST) {
    if (db.persist(key)) {
      db.modified(key);
      b.notify(db, 'persist', key);
      b.dirty++;
      keepOriginalArgv(c, argv);
      argv.length = 2;
      argv[0] = 'PERSIST';
    }
  }
}

// GETDEL key
function getdelCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const g = getGeneric(c, key);
  if (!g.ok || !g.found) return;
  const db = c.db;
  if (db.delete(key)) {
    clearMark(db, key);
    c.broker.notify(db, 'del', key);
    c.broker.dirty++;
    // Propagated as DEL (UNLINK with lazyfree-lazy-user-del), as Redis's getdelCommand.
    keepOriginalArgv(c, argv);
    argv[0] = c.broker.config.bool('lazyfree-lazy-user-del') ? 'UNLINK' : 'DEL';
  }
}

// GETSET key value
function getsetCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  if (!getGeneric(c, key).ok) return;
  const db = c.db;
  db.set(key, argv[2]!);
  clearMark(db, key);
  c.broker.notify(db, 'set', key);
  c.broker.dirty++;
  // Propagated as SET key value.
  keepOriginalArgv(c, argv);
  argv[0] = 'SET';
}

// MGET key [key ...]
function mgetCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const stats = c.broker.stats;
  const r = c.r;
  r.array(argv.length - 1);
  for (let j = 1; j < argv.length; j++) {
    const v = db.get(argv[j]!);
    if (v === undefined) {
      c.broker.keyMiss(c.db, argv[j]!);
      r.null();
    } else {
      stats.keyspaceHits++;
      if (typeof v === 'string') r.bulk(v);
      else r.null();
    }
  }
}

// MSET key value [key value ...] / MSETNX key value [key value ...]
function msetGeneric(c: Client, argv: string[], nx: boolean): void {
  if (argv.length % 2 === 0) return c.r.error(Err.arity(nx ? 'msetnx' : 'mset'));
  const db = c.db;
  const b = c.broker;
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (db.get(argv[j]!) !== undefined) return c.r.int(0);
    }
  }
  const marks = db.stringMarks;
  const hasMarks = marks !== null && marks.marks.size !== 0;
  for (let j = 1; j < argv.length; j += 2) {
    const key = argv[j]!;
    if (db.expires.size !== 0) db.peek(key);
    db.set(key, argv[j + 1]!);
    if (hasMarks) marks.marks.delete(key);
    b.notify(db, 'set', key);
  }
  b.dirty += (argv.length - 1) / 2;
  if (nx) c.r.int(1);
  else c.r.ok();
}

/* ------------------------------------------------------------------------------------------ */
/* Counters                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/**
 * incrDecrCommand with an increment that is a safe integer. The common case (a value of at most
 * 15 digits and a result below 2^53) stays in doubles; anything larger goes to the exact path.
 */
function incrDecr(c: Client, key: string, incr: number): void {
  const db = c.db;
  const v = db.get(key);
  let cur = 0;
  if (v !== undefined) {
    if (typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
    if (v.length > 15) return incrDecrBig(c, key, v, BigInt(incr));
    const n = parseInt64(v);
    if (n === null) return c.r.error(Err.NOT_INTEGER);
    cur = n;
  }
  const res = cur + incr;
  if (res > Number.MAX_SAFE_INTEGER || res < Number.MIN_SAFE_INTEGER) return incrDecrBig(c, key, v ?? '0', BigInt(incr));
  db.setKeepTtl(key, String(res));
  clearMark(db, key);
  const b = c.broker;
  b.dirty++;
  b.notify(db, 'incrby', key);
  c.r.int(res);
}

/** incrDecrCommand in exact int64 arithmetic; `v` is the current value ('0' for a new key). */
function incrDecrBig(c: Client, key: string, v: string, incr: bigint): void {
  const cur = parseBigInt64(v);
  if (cur === null) return c.r.error(Err.NOT_INTEGER);
  if ((incr < 0n && cur < 0n && incr < INT64_MIN - cur) || (incr > 0n && cur > 0n && incr > INT64_MAX - cur)) {
    return c.r.error(Err.OVERFLOW);
  }
  const res = cur + incr;
  const db = c.db;
  db.setKeepTtl(key, res.toString());
  clearMark(db, key);
  c.broker.dirty++;
  c.broker.notify(db, 'incrby', key);
  c.r.int(res);
}

/** INCRBY / DECRBY: the increment is parsed before the key is looked up. */
function incrByGeneric(c: Client, argv: string[], negate: boolean): void {
  const key = argv[1]!;
  const arg = argv[2]!;
  if (arg.length <= 15) {
    const n = parseInt64(arg);
    if (n === null) return c.r.error(Err.NOT_INTEGER);
    return incrDecr(c, key, negate ? -n : n);
  }
  const big = parseBigInt64(arg);
  if (big === null) return c.r.error(Err.NOT_INTEGER);
  if (negate && big === INT64_MIN) return c.r.error('ERR decrement would overflow');
  const db = c.db;
  const v = db.get(key);
  if (v !== undefined && typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
  incrDecrBig(c, key, v ?? '0', negate ? -big : big);
}

// INCRBYFLOAT key increment
function incrbyfloatCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const db = c.db;
  const v = db.get(key);
  if (v !== undefined && typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
  const cur = v === undefined ? LD_ZERO : parseLongDouble(v);
  if (cur === null) return c.r.error(Err.NOT_FLOAT);
  const incr = parseLongDouble(argv[2]!);
  if (incr === null) return c.r.error(Err.NOT_FLOAT);
  const sum = addLongDouble(cur, incr);
  if (sum === null) return c.r.error(Err.NAN_OR_INF);
  const s = formatLongDouble(sum);
  db.setKeepTtl(key, s);
  // createStringObjectFromLongDouble: an embstr/raw string even when it reads as an integer.
  setMark(db, key, s, false);
  c.broker.dirty++;
  c.broker.notify(db, 'incrbyfloat', key);
  c.r.bulk(s);
  // Propagated as SET key <result> KEEPTTL: float formatting must not differ on replay.
  keepOriginalArgv(c, argv);
  argv.length = 4;
  argv[0] = 'SET';
  argv[2] = s;
  argv[3] = 'KEEPTTL';
}

/* ------------------------------------------------------------------------------------------ */
/* APPEND, STRLEN, ranges, LCS                                                                  */
/* ------------------------------------------------------------------------------------------ */

// APPEND key value
function appendCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const add = argv[2]!;
  const db = c.db;
  const v = db.get(key);
  let total: number;
  if (v === undefined) {
    db.set(key, add);
    clearMark(db, key);
    total = add.length;
  } else {
    if (typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
    total = v.length + add.length;
    const err = stringLengthError(c, total);
    if (err !== null) return c.r.error(err);
    const nv = add.length === 0 ? v : v + add;
    db.setKeepTtl(key, nv);
    setMark(db, key, nv, true);
  }
  c.broker.notify(db, 'append', key);
  c.broker.dirty++;
  c.r.int(total);
}

// STRLEN key
function strlenCommand(c: Client, argv: string[]): void {
  const v = lookupRead(c, argv[1]!);
  if (v === undefined) return c.r.int(0);
  if (typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
  c.r.int(v.length);
}

// GETRANGE key start end (and SUBSTR key start end)
function getrangeCommand(c: Client, argv: string[]): void {
  const start = parseIndex(argv[2]!);
  if (start === null) return c.r.error(Err.NOT_INTEGER);
  const end = parseIndex(argv[3]!);
  if (end === null) return c.r.error(Err.NOT_INTEGER);
  const v = lookupRead(c, argv[1]!);
  if (v === undefined) return c.r.bulk('');
  if (typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
  if (negativeDescending(start, end)) return c.r.bulk('');
  const range = clampRange(start, end, v.length);
  if (range === null || v.length === 0) return c.r.bulk('');
  c.r.bulk(v.slice(range[0], range[1] + 1));
}

// SETRANGE key offset value
function setrangeCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const value = argv[3]!;
  const offset = parseInt64(argv[2]!);
  if (offset === null) return c.r.error(Err.NOT_INTEGER);
  if (offset < 0) return c.r.error('ERR offset is out of range');
  const db = c.db;
  const v = db.get(key);
  let nv: string;
  if (v === undefined) {
    if (value.length === 0) return c.r.int(0);
    const err = stringLengthError(c, offset + value.length);
    if (err !== null) return c.r.error(err);
    nv = zeros(offset) + value;
    db.set(key, nv);
  } else {
    if (typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
    if (value.length === 0) return c.r.int(v.length);
    const err = stringLengthError(c, offset + value.length);
    if (err !== null) return c.r.error(err);
    const tailFrom = offset + value.length;
    nv =
      offset >= v.length
        ? v + zeros(offset - v.length) + value
        : v.slice(0, offset) + value + (tailFrom < v.length ? v.slice(tailFrom) : '');
    db.setKeepTtl(key, nv);
  }
  setMark(db, key, nv, true);
  c.broker.notify(db, 'setrange', key);
  c.broker.dirty++;
  c.r.int(nv.length);
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
function lcsCommand(c: Client, argv: string[]): void {
  const va = lookupRead(c, argv[1]!);
  const vb = lookupRead(c, argv[2]!);
  if ((va !== undefined && typeof va !== 'string') || (vb !== undefined && typeof vb !== 'string')) {
    return c.r.error('ERR The specified keys must contain string values');
  }
  const a = va ?? '';
  const b = vb ?? '';
  let getLen = false;
  let getIdx = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!.toUpperCase();
    const more = argv.length - 1 - j;
    if (opt === 'IDX') getIdx = true;
    else if (opt === 'LEN') getLen = true;
    else if (opt === 'WITHMATCHLEN') withMatchLen = true;
    else if (opt === 'MINMATCHLEN' && more > 0) {
      const n = parseInt64(argv[j + 1]!);
      if (n === null) return c.r.error(Err.NOT_INTEGER);
      minMatchLen = n < 0 ? 0 : n;
      j++;
    } else {
      return c.r.error(Err.SYNTAX);
    }
  }
  if (getLen && getIdx) return c.r.error('ERR If you want both the length and indexes, please just use IDX.');
  const alen = a.length;
  const blen = b.length;
  if ((alen + 1) * (blen + 1) * 4 > protoMaxBulkLen(c)) {
    return c.r.error('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
  }
  // LCS(i, j) = length of the LCS of a[0..i-1] and b[0..j-1], row-major with blen+1 columns.
  const w = blen + 1;
  const lcs = new Uint32Array((alen + 1) * w);
  for (let i = 1; i <= alen; i++) {
    const ai = a.charCodeAt(i - 1);
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ai === b.charCodeAt(j - 1)) lcs[row + j] = lcs[prev + j - 1]! + 1;
      else {
        const l1 = lcs[prev + j]!;
        const l2 = lcs[row + j - 1]!;
        lcs[row + j] = l1 > l2 ? l1 : l2;
      }
    }
  }
  const total = lcs[alen * w + blen]!;
  if (getLen && !getIdx) return c.r.int(total);

  // Walk back from the end, collecting the LCS string and the matching ranges.
  const out = new Array<string>(total);
  let idx = total;
  const matches: number[][] = [];
  let aStart = alen; // alen: no range in progress
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      out[idx - 1] = a[i - 1]!;
      if (aStart === alen) {
        aStart = i - 1;
        aEnd = i - 1;
        bStart = j - 1;
        bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      const l1 = lcs[(i - 1) * w + j]!;
      const l2 = lcs[i * w + j - 1]!;
      if (l1 > l2) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    const matchLen = aEnd - aStart + 1;
    if (emit) {
      if (getIdx && (minMatchLen === 0 || matchLen >= minMatchLen)) matches.push([aStart, aEnd, bStart, bEnd, matchLen]);
      aStart = alen;
    }
  }
  if (!getIdx) return c.r.bulk(out.join(''));
  const r = c.r;
  r.map(2);
  r.bulk('matches');
  r.array(matches.length);
  for (const m of matches) {
    r.array(withMatchLen ? 3 : 2);
    r.array(2);
    r.int(m[0]!);
    r.int(m[1]!);
    r.array(2);
    r.int(m[2]!);
    r.int(m[3]!);
    if (withMatchLen) r.int(m[4]!);
  }
  r.bulk('len');
  r.int(total);
}

/* ------------------------------------------------------------------------------------------ */
/* Bitmaps                                                                                      */
/* ------------------------------------------------------------------------------------------ */

const BIT_VALUE_ERR = Err.BIT_VALUE;

/** Bits set in each byte value. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

/** getBitOffsetFromArgument (no `#` form): a bit offset below proto-max-bulk-len * 8, or null. */
function parseBitOffset(c: Client, s: string): number | null {
  const v = parseInt64(s);
  if (v === null || v < 0 || Math.floor(v / 8) >= protoMaxBulkLen(c)) return null;
  return v;
}

// SETBIT key offset value
function setbitCommand(c: Client, argv: string[]): void {
  const offset = parseBitOffset(c, argv[2]!);
  if (offset === null) return c.r.error(Err.BIT_OFFSET);
  const on = parseInt64(argv[3]!);
  if (on === null || (on !== 0 && on !== 1)) return c.r.error(BIT_VALUE_ERR);
  const key = argv[1]!;
  const db = c.db;
  const v = db.get(key);
  if (v !== undefined && typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
  const byte = Math.floor(offset / 8);
  const shift = 7 - (offset % 8);
  let s = v ?? '';
  // lookupStringForBitCommand: a new key or a grown string is a change even if the bit is not.
  let changed = v === undefined;
  if (s.length <= byte) {
    if (byte + 1 > MAX_JS_STRING) return c.r.error(JS_STRING_LIMIT_ERR);
    s += zeros(byte + 1 - s.length);
    changed = true;
  }
  const old = s.charCodeAt(byte);
  const oldBit = (old >> shift) & 1;
  if (changed || oldBit !== on) {
    const nb = on ? old | (1 << shift) : old & ~(1 << shift);
    if (nb !== old) s = s.slice(0, byte) + String.fromCharCode(nb) + s.slice(byte + 1);
    if (v === undefined) db.set(key, s);
    else db.setKeepTtl(key, s);
    setMark(db, key, s, true);
    c.broker.notify(db, 'setbit', key);
    c.broker.dirty++;
  } else {
    // dbUnshareStringValue still turns the value into a raw sds.
    setMark(db, key, s, true);
  }
  c.r.int(oldBit);
}

// GETBIT key offset
function getbitCommand(c: Client, argv: string[]): void {
  const offset = parseBitOffset(c, argv[2]!);
  if (offset === null) return c.r.error(Err.BIT_OFFSET);
  const v = lookupRead(c, argv[1]!);
  if (v === undefined) return c.r.int(0);
  if (typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
  const byte = Math.floor(offset / 8);
  if (byte >= v.length) return c.r.int(0);
  c.r.int((v.charCodeAt(byte) >> (7 - (offset % 8))) & 1);
}

/** BIT | BYTE (case-insensitive): true for BIT, false for BYTE, null otherwise. */
function parseBitUnit(s: string): boolean | null {
  const up = s.length <= 4 ? s.toUpperCase() : '';
  return up === 'BIT' ? true : up === 'BYTE' ? false : null;
}

// BITCOUNT key [start end [BYTE | BIT]]
function bitcountCommand(c: Client, argv: string[]): void {
  // Redis 7.0 looks the key up first: a missing key counts 0 whatever the other arguments say.
  const v = lookupRead(c, argv[1]!);
  if (v === undefined) return c.r.int(0);
  if (typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
  let firstBit: number;
  let lastBit: number;
  if (argv.length === 4 || argv.length === 5) {
    const start = parseIndex(argv[2]!);
    if (start === null) return c.r.error(Err.NOT_INTEGER);
    const end = parseIndex(argv[3]!);
    if (end === null) return c.r.error(Err.NOT_INTEGER);
    if (negativeDescending(start, end)) return c.r.int(0);
    let isBit = false;
    if (argv.length === 5) {
      const u = parseBitUnit(argv[4]!);
      if (u === null) return c.r.error(Err.SYNTAX);
      isBit = u;
    }
    const range = clampRange(start, end, isBit ? v.length * 8 : v.length);
    if (range === null) return c.r.int(0);
    firstBit = isBit ? range[0] : range[0] * 8;
    lastBit = isBit ? range[1] : range[1] * 8 + 7;
  } else if (argv.length === 2) {
    if (v.length === 0) return c.r.int(0);
    firstBit = 0;
    lastBit = v.length * 8 - 1;
  } else {
    return c.r.error(Err.SYNTAX);
  }
  c.r.int(countBits(v, firstBit, lastBit));
}

/** Set bits of `s` between bit positions first and last, inclusive (bit 0 = MSB of byte 0). */
function countBits(s: string, first: number, last: number): number {
  const fb = Math.floor(first / 8);
  const lb = Math.floor(last / 8);
  const headMask = 0xff >> (first % 8);
  const tailMask = (0xff << (7 - (last % 8))) & 0xff;
  if (fb === lb) return POPCOUNT[s.charCodeAt(fb) & headMask & tailMask]!;
  let n = POPCOUNT[s.charCodeAt(fb) & headMask]! + POPCOUNT[s.charCodeAt(lb) & tailMask]!;
  for (let i = fb + 1; i < lb; i++) n += POPCOUNT[s.charCodeAt(i)]!;
  return n;
}

// BITPOS key bit [start [end [BYTE | BIT]]]
function bitposCommand(c: Client, argv: string[]): void {
  const bit = parseInt64(argv[2]!);
  if (bit === null) return c.r.error(Err.NOT_INTEGER);
  if (bit !== 0 && bit !== 1) return c.r.error('ERR The bit argument must be 1 or 0.');
  // A missing key is an endless run of zeros: the first 0 is at 0, there is no 1.
  const v = lookupRead(c, argv[1]!);
  if (v === undefined) return c.r.int(bit ? -1 : 0);
  if (typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
  let endGiven = false;
  let firstBit: number;
  let lastBit: number;
  if (argv.length >= 4 && argv.length <= 6) {
    const start = parseIndex(argv[3]!);
    if (start === null) return c.r.error(Err.NOT_INTEGER);
    let isBit = false;
    if (argv.length === 6) {
      const u = parseBitUnit(argv[5]!);
      if (u === null) return c.r.error(Err.SYNTAX);
      isBit = u;
    }
    const total = isBit ? v.length * 8 : v.length;
    let end: number | bigint = total - 1;
    if (argv.length >= 5) {
      const e = parseIndex(argv[4]!);
      if (e === null) return c.r.error(Err.NOT_INTEGER);
      end = e;
      endGiven = true;
    }
    const range = clampRange(start, end, total);
    if (range === null) return c.r.int(-1);
    firstBit = isBit ? range[0] : range[0] * 8;
    lastBit = isBit ? range[1] : range[1] * 8 + 7;
  } else if (argv.length === 3) {
    if (v.length === 0) return c.r.int(-1);
    firstBit = 0;
    lastBit = v.length * 8 - 1;
  } else {
    return c.r.error(Err.SYNTAX);
  }
  const pos = findBit(v, bit, firstBit, lastBit);
  if (pos >= 0) return c.r.int(pos);
  // No match: a 1 is nowhere; a 0 is just past the string when the range ran to its end.
  c.r.int(bit === 1 || endGiven ? -1 : lastBit + 1);
}

/** Position of the first bit equal to `bit` between first and last inclusive, or -1. */
function findBit(s: string, bit: number, first: number, last: number): number {
  const fb = Math.floor(first / 8);
  const lb = Math.floor(last / 8);
  const flip = bit === 1 ? 0 : 0xff; // search for set bits in (byte ^ flip)
  for (let i = fb; i <= lb; i++) {
    let x = (s.charCodeAt(i) ^ flip) & 0xff;
    if (x === 0) continue;
    if (i === fb) x &= 0xff >> (first % 8);
    if (i === lb) x &= (0xff << (7 - (last % 8))) & 0xff;
    if (x !== 0) return i * 8 + (Math.clz32(x) - 24);
  }
  return -1;
}

const BITOP_AND = 0;
const BITOP_OR = 1;
const BITOP_XOR = 2;
const BITOP_NOT = 3;

// BITOP <AND | OR | XOR | NOT> destkey key [key ...]
function bitopCommand(c: Client, argv: string[]): void {
  const opName = argv[1]!.length <= 3 ? argv[1]!.toUpperCase() : '';
  const op = opName === 'AND' ? BITOP_AND : opName === 'OR' ? BITOP_OR : opName === 'XOR' ? BITOP_XOR : opName === 'NOT' ? BITOP_NOT : -1;
  if (op < 0) return c.r.error(Err.SYNTAX);
  if (op === BITOP_NOT && argv.length !== 4) return c.r.error('ERR BITOP NOT must be called with a single source key.');
  const dest = argv[2]!;
  const sources: string[] = [];
  let maxLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const v = lookupRead(c, argv[j]!);
    if (v === undefined) {
      sources.push('');
      continue;
    }
    if (typeof v !== 'string') return c.r.error(Err.WRONGTYPE);
    sources.push(v);
    if (v.length > maxLen) maxLen = v.length;
  }
  const db = c.db;
  const b = c.broker;
  if (maxLen > 0) {
    const res = Buffer.alloc(maxLen);
    const first = Buffer.from(sources[0]!, 'latin1');
    first.copy(res);
    if (op === BITOP_NOT) {
      for (let i = 0; i < maxLen; i++) res[i] = ~res[i]! & 0xff;
    } else {
      for (let k = 1; k < sources.length; k++) {
        const src = Buffer.from(sources[k]!, 'latin1');
        const n = src.length;
        if (op === BITOP_AND) {
          for (let i = 0; i < maxLen; i++) res[i] = i < n ? res[i]! & src[i]! : 0;
        } else if (op === BITOP_OR) {
          for (let i = 0; i < n; i++) res[i] = res[i]! | src[i]!;
        } else {
          for (let i = 0; i < n; i++) res[i] = res[i]! ^ src[i]!;
        }
      }
    }
    const value = res.toString('latin1');
    db.set(dest, value);
    setMark(db, dest, value, true);
    b.notify(db, 'set', dest);
    b.dirty++;
  } else if (db.delete(dest)) {
    clearMark(db, dest);
    b.notify(db, 'del', dest);
    b.dirty++;
  }
  c.r.int(maxLen);
}

/* ------------------------------------------------------------------------------------------ */
/* The table                                                                                    */
/* ------------------------------------------------------------------------------------------ */

const K1 = { first: 1, last: 1, step: 1 };

export const commands: CommandSpec[] = [
  {
    name: 'GET',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: K1,
    group: 'string',
    summary: 'Get the value of a key',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    handler: getCommand,
  },
  {
    name: 'SET',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: K1,
    keySpecs: [{ notes: 'RW and ACCESS due to the optional `GET` argument', flags: ['RW', 'access', 'update', 'variable_flags'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Set the string value of a key',
    since: '1.0.0',
    complexity: 'O(1)',
    history: [
      ['2.6.12', 'Added the `EX`, `PX`, `NX` and `XX` options.'],
      ['6.0.0', 'Added the `KEEPTTL` option.'],
      ['6.2.0', 'Added the `GET`, `EXAT` and `PXAT` option.'],
      ['7.0.0', 'Allowed the `NX` and `GET` options to be used together.'],
    ],
    args: 'key:key#0 value:string [condition(NX | XX)@2.6.12] [GET@6.2.0] [expiration(EX seconds:integer@2.6.12 | PX milliseconds:integer@2.6.12 | EXAT unix-time-seconds:unix-time@6.2.0 | PXAT unix-time-milliseconds:unix-time@6.2.0 | KEEPTTL@6.0.0)]',
    handler: setCommand,
  },
  {
    name: 'SETNX',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: K1,
    keySpecs: [{ flags: ['OW', 'insert'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Set the value of a key, only if the key does not exist',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'key:key#0 value:string',
    handler: setnxCommand,
  },
  {
    name: 'SETEX',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: K1,
    keySpecs: [{ flags: ['OW', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Set the value and expiration of a key',
    since: '2.0.0',
    complexity: 'O(1)',
    args: 'key:key#0 seconds:integer value:string',
    // SETEX key seconds value
    handler: (c, argv) => setexGeneric(c, argv, true, 'setex'),
  },
  {
    name: 'PSETEX',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: K1,
    keySpecs: [{ flags: ['OW', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Set the value and expiration in milliseconds of a key',
    since: '2.6.0',
    complexity: 'O(1)',
    args: 'key:key#0 milliseconds:integer value:string',
    // PSETEX key milliseconds value
    handler: (c, argv) => setexGeneric(c, argv, false, 'psetex'),
  },
  {
    name: 'GETEX',
    arity: -2,
    flags: ['write', 'fast'],
    keys: K1,
    keySpecs: [{ notes: 'RW and UPDATE because it changes the TTL', flags: ['RW', 'access', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Get the value of a key and optionally set its expiration',
    since: '6.2.0',
    complexity: 'O(1)',
    args: 'key:key#0 [expiration(EX seconds:integer | PX milliseconds:integer | EXAT unix-time-seconds:unix-time | PXAT unix-time-milliseconds:unix-time | PERSIST)]',
    handler: getexCommand,
  },
  {
    name: 'GETDEL',
    arity: 2,
    flags: ['write', 'fast'],
    keys: K1,
    keySpecs: [{ flags: ['RW', 'access', 'delete'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Get the value of a key and delete the key',
    since: '6.2.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    handler: getdelCommand,
  },
  {
    name: 'GETSET',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: K1,
    keySpecs: [{ flags: ['RW', 'access', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Set the string value of a key and return its old value',
    since: '1.0.0',
    complexity: 'O(1)',
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`SET` with the `!GET` argument',
    args: 'key:key#0 value:string',
    handler: getsetCommand,
  },
  {
    name: 'MGET',
    arity: -2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: -1, step: 1 },
    group: 'string',
    tips: ['request_policy:multi_shard'],
    summary: 'Get the values of all the given keys',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to retrieve.',
    args: 'key:key#0...',
    handler: mgetCommand,
  },
  {
    name: 'MSET',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: { first: 1, last: -1, step: 2 },
    keySpecs: [{ flags: ['OW', 'update'], bs: { index: 1 }, fk: { lastkey: -1, keystep: 2, limit: 0 } }],
    group: 'string',
    tips: ['request_policy:multi_shard', 'response_policy:all_succeeded'],
    summary: 'Set multiple keys to multiple values',
    since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.',
    args: 'key_value{key:key#0 value:string}...',
    // MSET key value [key value ...]
    handler: (c, argv) => msetGeneric(c, argv, false),
  },
  {
    name: 'MSETNX',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: { first: 1, last: -1, step: 2 },
    keySpecs: [{ flags: ['OW', 'insert'], bs: { index: 1 }, fk: { lastkey: -1, keystep: 2, limit: 0 } }],
    group: 'string',
    tips: ['request_policy:multi_shard', 'response_policy:agg_min'],
    summary: 'Set multiple keys to multiple values, only if none of the keys exist',
    since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.',
    args: 'key_value{key:key#0 value:string}...',
    // MSETNX key value [key value ...]
    handler: (c, argv) => msetGeneric(c, argv, true),
  },
  {
    name: 'INCR',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    keys: K1,
    keySpecs: [{ flags: ['RW', 'access', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Increment the integer value of a key by one',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    // INCR key
    handler: (c, argv) => incrDecr(c, argv[1]!, 1),
  },
  {
    name: 'DECR',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    keys: K1,
    keySpecs: [{ flags: ['RW', 'access', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Decrement the integer value of a key by one',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    // DECR key
    handler: (c, argv) => incrDecr(c, argv[1]!, -1),
  },
  {
    name: 'INCRBY',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: K1,
    keySpecs: [{ flags: ['RW', 'access', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Increment the integer value of a key by the given amount',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'key:key#0 increment:integer',
    // INCRBY key increment
    handler: (c, argv) => incrByGeneric(c, argv, false),
  },
  {
    name: 'DECRBY',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: K1,
    keySpecs: [{ flags: ['RW', 'access', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Decrement the integer value of a key by the given number',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'key:key#0 decrement:integer',
    // DECRBY key decrement
    handler: (c, argv) => incrByGeneric(c, argv, true),
  },
  {
    name: 'INCRBYFLOAT',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: K1,
    keySpecs: [{ flags: ['RW', 'access', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Increment the float value of a key by the given amount',
    since: '2.6.0',
    complexity: 'O(1)',
    args: 'key:key#0 increment:double',
    handler: incrbyfloatCommand,
  },
  {
    name: 'APPEND',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: K1,
    keySpecs: [{ flags: ['RW', 'insert'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Append a value to a key',
    since: '2.0.0',
    complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.',
    args: 'key:key#0 value:string',
    handler: appendCommand,
  },
  {
    name: 'STRLEN',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: K1,
    keySpecs: [{ flags: ['RO'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'string',
    summary: 'Get the length of the value stored in a key',
    since: '2.2.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    handler: strlenCommand,
  },
  {
    name: 'GETRANGE',
    arity: 4,
    flags: ['readonly'],
    keys: K1,
    group: 'string',
    summary: 'Get a substring of the string stored at a key',
    since: '2.4.0',
    complexity:
      'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.',
    args: 'key:key#0 start:integer end:integer',
    handler: getrangeCommand,
  },
  {
    name: 'SUBSTR',
    arity: 4,
    flags: ['readonly'],
    keys: K1,
    group: 'string',
    summary: 'Get a substring of the string stored at a key',
    since: '1.0.0',
    complexity:
      'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.',
    docFlags: ['deprecated'],
    deprecatedSince: '2.0.0',
    replacedBy: '`GETRANGE`',
    args: 'key:key#0 start:integer end:integer',
    // SUBSTR key start end
    handler: getrangeCommand,
  },
  {
    name: 'SETRANGE',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: K1,
    group: 'string',
    summary: 'Overwrite part of a string at key starting at the specified offset',
    since: '2.2.0',
    complexity:
      'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.',
    args: 'key:key#0 offset:integer value:string',
    handler: setrangeCommand,
  },
  {
    name: 'LCS',
    arity: -3,
    flags: ['readonly'],
    keys: { first: 1, last: 2, step: 1 },
    group: 'string',
    summary: 'Find longest common substring',
    since: '7.0.0',
    complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively',
    args: 'key1:key#0 key2:key#0 [LEN] [IDX] [MINMATCHLEN len:integer] [WITHMATCHLEN]',
    handler: lcsCommand,
  },
  {
    name: 'SETBIT',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: K1,
    keySpecs: [{ flags: ['RW', 'access', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'bitmap',
    summary: 'Sets or clears the bit at offset in the string value stored at key',
    since: '2.2.0',
    complexity: 'O(1)',
    args: 'key:key#0 offset:integer value:integer',
    handler: setbitCommand,
  },
  {
    name: 'GETBIT',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: K1,
    group: 'bitmap',
    summary: 'Returns the bit value at offset in the string value stored at key',
    since: '2.2.0',
    complexity: 'O(1)',
    args: 'key:key#0 offset:integer',
    handler: getbitCommand,
  },
  {
    name: 'BITCOUNT',
    arity: -2,
    flags: ['readonly'],
    keys: K1,
    group: 'bitmap',
    summary: 'Count set bits in a string',
    since: '2.6.0',
    complexity: 'O(N)',
    history: [['7.0.0', 'Added the `BYTE|BIT` option.']],
    args: 'key:key#0 [index{start:integer end:integer [index_unit(BYTE | BIT)@7.0.0]}]',
    handler: bitcountCommand,
  },
  {
    name: 'BITPOS',
    arity: -3,
    flags: ['readonly'],
    keys: K1,
    group: 'bitmap',
    summary: 'Find first bit set or clear in a string',
    since: '2.8.7',
    complexity: 'O(N)',
    history: [['7.0.0', 'Added the `BYTE|BIT` option.']],
    args: 'key:key#0 bit:integer [index{start:integer [end_index{end:integer [index_unit(BYTE | BIT)@7.0.0]}]}]',
    handler: bitposCommand,
  },
  {
    name: 'BITOP',
    arity: -4,
    flags: ['write', 'denyoom'],
    keys: { first: 2, last: -1, step: 1 },
    keySpecs: [
      { flags: ['OW', 'update'], bs: { index: 2 }, fk: { lastkey: 0, keystep: 1, limit: 0 } },
      { flags: ['RO', 'access'], bs: { index: 3 }, fk: { lastkey: -1, keystep: 1, limit: 0 } },
    ],
    group: 'bitmap',
    summary: 'Perform bitwise operations between strings',
    since: '2.6.0',
    complexity: 'O(N)',
    args: 'operation:string destkey:key#0 key:key#1...',
    handler: bitopCommand,
  },
];
