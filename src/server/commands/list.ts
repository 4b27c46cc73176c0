/*
 * List commands (Redis 7.0 t_list.c), the non-blocking ones: LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP,
 * RPOP, LLEN, LRANGE, LINDEX, LSET, LINSERT, LREM, LTRIM, LPOS, LMOVE, RPOPLPUSH, LMPOP.
 *
 * The deque itself lives in types/list.ts. What this file reproduces of Redis:
 *
 *   - the order of checks, which decides which error wins: LRANGE, LTRIM and LREM parse their
 *     numbers before looking the key up; LINDEX and LSET look the key up first (a missing key
 *     answers nil / `ERR no such key` whatever the index says); LPOP / RPOP parse the count first
 *     and then answer a missing key with a null (no count) or a null array (with a count);
 *   - replies of RPOP with a count, and of LMPOP RIGHT, list the elements in the order they were
 *     popped (tail first);
 *   - LPOS RANK -9223372036854775808: Redis negates the rank in a C long and the overflow leaves
 *     it negative, so every match qualifies and COUNT never stops the scan. We reproduce that;
 *   - LMOVE / RPOPLPUSH pop first and push second, so with the same key on both sides the list
 *     rotates, and a one-element list survives; the destination's type is only checked once the
 *     source is known to hold something;
 *   - LMPOP is propagated as the LPOP / RPOP with a count that it amounts to (argv rewritten in
 *     place: the dispatcher propagates argv after the handler).
 *
 * Side effects, as t_list.c orders them: the reply, db.modified(key), keyspace events (`lpush`,
 * `rpush`, `lpop`, `rpop`, `linsert`, `lset`, `lrem`, `ltrim`, and `del` when a list is emptied),
 * server.dirty (one per element pushed or removed, one per LSET / LINSERT / LMOVE). Reads (LLEN,
 * LRANGE, LINDEX, LPOS) count keyspace hits and misses; writes do not, as lookupKeyWrite.
 *
 * Reuse by the blocking commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP). A blocking command
 * served from the ready-keys queue looks its keys up itself and then calls, on a non-empty list:
 *   - popOneWithKey(c, key, list, where): BLPOP / BRPOP's [key, element] reply and effects;
 *   - popRangeWithKey(c, key, list, where, count): BLMPOP's [key, [elements]] reply and effects;
 *   - moveElement(c, src, list, dst, dstList, wherefrom, whereto): BLMOVE / BRPOPLPUSH's reply
 *     and effects, once the destination is known to be missing or a list (checkDestination);
 *   - propagateAsPop(argv, where, key, count?): argv rewritten as the LPOP / RPOP it amounts to
 *     (BLMOVE / BRPOPLPUSH instead rewrite to LMOVE / RPOPLPUSH, as Redis does);
 * and parseWhere() reads LEFT / RIGHT. None of them re-checks types or emptiness.
 */

import { keepOriginalArgv } from '../dispatcher.js';
import type { CommandSpec, KeySpecDef } from '../command.js';
import type { Client } from '../client.js';
import { Err } from '../errors.js';
import { readTyped, writeTyped } from '../keyspace/lookup.js';
import { parseInt64 } from '../args.js';
import { ListValue } from '../types/list.js';

/** Where a push or pop happens: Redis's LIST_HEAD (LEFT) and LIST_TAIL (RIGHT). */
export const LIST_HEAD = 0;
export const LIST_TAIL = 1;
export type ListWhere = typeof LIST_HEAD | typeof LIST_TAIL;

const RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
const COUNT_NEGATIVE = "ERR COUNT can't be negative";
const MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
const NUMKEYS_NOT_POSITIVE = 'ERR numkeys should be greater than 0';
const COUNT_NOT_POSITIVE = 'ERR count should be greater than 0';
/** A C long's minimum as parseInt64 returns it (exact: -2^63 is a double). */
const LONG_MIN = -9223372036854775808;

/** getListPositionFromObjectOrReply: LEFT / RIGHT, any case; null otherwise (a syntax error). */
export function parseWhere(s: string): ListWhere | null {
  if (s.length === 4 && s.toLowerCase() === 'left') return LIST_HEAD;
  if (s.length === 5 && s.toLowerCase() === 'right') return LIST_TAIL;
  return null;
}

/**
 * listElementsRemoved: after `count` elements were popped from `key` at `where`: the `lpop` /
 * `rpop` event, the key deleted (with `del`) when the list is now empty, the key signalled as
 * modified, server.dirty. Returns whether the key was deleted.
 */
export function listElementsRemoved(c: Client, key: string, where: ListWhere, list: ListValue, count: number): boolean {
  const b = c.broker;
  const db = c.db;
  b.notify(db, where === LIST_HEAD ? 'lpop' : 'rpop', key);
  let deleted = false;
  if (list.length === 0) {
    db.removeKey(key);
    b.notify(db, 'del', key);
    deleted = true;
  }
  db.modified(key);
  b.dirty += count;
  return deleted;
}

/**
 * BLPOP / BRPOP's pop from a non-empty list: the reply `[key, element]`, then every side effect
 * (the order of blockingPopGenericCommand and serveClientBlockedOnList).
 */
export function popOneWithKey(c: Client, key: string, list: ListValue, where: ListWhere): void {
  const v = (where === LIST_HEAD ? list.popLeft() : list.popRight())!;
  const r = c.r;
  r.array(2);
  r.bulk(key);
  r.bulk(v);
  listElementsRemoved(c, key, where, list, 1);
}

/**
 * Rewrite argv in place into the LPOP / RPOP it amounts to, for propagation (Redis's
 * rewriteClientCommandVector): `[LR]POP key` for BLPOP / BRPOP, `[LR]POP key count` for LMPOP /
 * BLMPOP. The dispatcher propagates argv after the handler.
 */
export function propagateAsPop(argv: string[], where: ListWhere, key: string, count?: number): void {
  argv.length = count === undefined ? 2 : 3;
  argv[0] = where === LIST_HEAD ? 'LPOP' : 'RPOP';
  argv[1] = key;
  if (count !== undefined) argv[2] = String(count);
}

/** Reply up to `count` elements popped from a non-empty list, in popping order, and pop them. */
function popRangeReply(c: Client, key: string, list: ListValue, where: ListWhere, count: number): void {
  const r = c.r;
  const n = count < list.length ? count : list.length;
  r.array(n);
  if (where === LIST_HEAD) {
    for (let i = 0; i < n; i++) r.bulk(list.at(i));
    list.trim(n, 0);
  } else {
    const last = list.length - 1;
    for (let i = 0; i < n; i++) r.bulk(list.at(last - i));
    list.trim(0, n);
  }
  listElementsRemoved(c, key, where, list, n);
}

/**
 * listPopRangeAndReplyWithKey: LMPOP / BLMPOP's reply `[key, [elements]]` for a non-empty list,
 * and the pop with its side effects. Returns how many elements were popped.
 */
export function popRangeWithKey(c: Client, key: string, list: ListValue, where: ListWhere, count: number): number {
  const n = count < list.length ? count : list.length;
  c.r.array(2);
  c.r.bulk(key);
  popRangeReply(c, key, list, where, n);
  return n;
}

/** The destination of a move is missing or a list; otherwise WRONGTYPE is replied and false returned. */
export function checkDestination(c: Client, dst: unknown): dst is ListValue | undefined {
  if (dst === undefined || dst instanceof ListValue) return true;
  c.r.error(Err.WRONGTYPE);
  return false;
}

/**
 * lmoveHandlePush: push a moved element onto the destination (created when missing), the `lpush`
 * / `rpush` event, and reply the element.
 */
function pushMoved(c: Client, dstKey: string, dst: ListValue | undefined, value: string, whereto: ListWhere): void {
  const db = c.db;
  let list = dst;
  if (list === undefined) {
    list = new ListValue();
    db.put(dstKey, list);
  }
  db.modified(dstKey);
  if (whereto === LIST_HEAD) list.pushLeft(value);
  else list.pushRight(value);
  c.broker.notify(db, whereto === LIST_HEAD ? 'lpush' : 'rpush', dstKey);
  c.r.bulk(value);
}

/**
 * LMOVE's effect on a non-empty source list and a destination that is missing or a list (the
 * same object when the keys are equal: the list rotates). Replies the element moved.
 */
export function moveElement(
  c: Client,
  srcKey: string,
  src: ListValue,
  dstKey: string,
  dst: ListValue | undefined,
  wherefrom: ListWhere,
  whereto: ListWhere,
): void {
  const value = (wherefrom === LIST_HEAD ? src.popLeft() : src.popRight())!;
  pushMoved(c, dstKey, dst, value, whereto);
  const b = c.broker;
  const db = c.db;
  b.notify(db, wherefrom === LIST_HEAD ? 'lpop' : 'rpop', srcKey);
  if (src.length === 0) {
    db.removeKey(srcKey);
    b.notify(db, 'del', srcKey);
  }
  db.modified(srcKey);
  b.dirty++;
}

/* ------------------------------------------------------------------------------------------ */
/* Push and pop                                                                                */
/* ------------------------------------------------------------------------------------------ */

// LPUSH key element [element ...]  /  RPUSH key element [element ...]
function pushGeneric(c: Client, argv: string[], left: boolean): void {
  const key = argv[1]!;
  const db = c.db;
  const v = db.get(key);
  let list: ListValue;
  const n = argv.length;
  if (v === undefined) {
    list = new ListValue(n - 2);
    db.put(key, list);
  } else if (v instanceof ListValue) {
    list = v;
    if (n > 3) list.reserve(n - 2);
  } else {
    c.r.error(Err.WRONGTYPE);
    return;
  }
  if (left) for (let i = 2; i < n; i++) list.pushLeft(argv[i]!);
  else for (let i = 2; i < n; i++) list.pushRight(argv[i]!);
  c.r.int(list.length);
  db.modified(key);
  c.broker.notify(db, left ? 'lpush' : 'rpush', key);
  c.broker.dirty += n - 2;
}

// LPUSHX key element [element ...]  /  RPUSHX key element [element ...]
function pushxGeneric(c: Client, argv: string[], left: boolean): void {
  const key = argv[1]!;
  const list = writeTyped(c, key, ListValue);
  if (list === undefined) return;
  if (list === null) {
    c.r.int(0);
    return;
  }
  const n = argv.length;
  list.reserve(n - 2);
  if (left) for (let i = 2; i < n; i++) list.pushLeft(argv[i]!);
  else for (let i = 2; i < n; i++) list.pushRight(argv[i]!);
  c.r.int(list.length);
  c.db.modified(key);
  c.broker.notify(c.db, left ? 'lpush' : 'rpush', key);
  c.broker.dirty += n - 2;
}

// LPOP key [count]  /  RPOP key [count]
function popGeneric(c: Client, argv: string[], where: ListWhere): void {
  const argc = argv.length;
  if (argc > 3) {
    c.r.error(Err.arity(argv[0]!.toLowerCase()));
    return;
  }
  let count = 0;
  if (argc === 3) {
    const n = parseInt64(argv[2]!);
    if (n === null || n < 0) {
      c.r.error(Err.NOT_POSITIVE);
      return;
    }
    count = n;
  }
  const key = argv[1]!;
  const v = c.db.get(key);
  if (v === undefined) {
    if (argc === 3) c.r.nullArray();
    else c.r.null();
    return;
  }
  if (!(v instanceof ListValue)) {
    c.r.error(Err.WRONGTYPE);
    return;
  }
  if (argc === 2) {
    const value = (where === LIST_HEAD ? v.popLeft() : v.popRight())!;
    c.r.bulk(value);
    listElementsRemoved(c, key, where, v, 1);
    return;
  }
  if (count === 0) {
    c.r.array(0);
    return;
  }
  popRangeReply(c, key, v, where, count);
}

// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
function lmpop(c: Client, argv: string[]): void {
  const r = c.r;
  const numkeys = parseInt64(argv[1]!);
  if (numkeys === null || numkeys < 1) {
    r.error(NUMKEYS_NOT_POSITIVE);
    return;
  }
  const whereIdx = 2 + numkeys;
  if (whereIdx >= argv.length) {
    r.error(Err.SYNTAX);
    return;
  }
  const where = parseWhere(argv[whereIdx]!);
  if (where === null) {
    r.error(Err.SYNTAX);
    return;
  }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && j + 1 < argv.length && argv[j]!.toUpperCase() === 'COUNT') {
      const n = parseInt64(argv[++j]!);
      if (n === null || n < 1) {
        r.error(COUNT_NOT_POSITIVE);
        return;
      }
      count = n;
    } else {
      r.error(Err.SYNTAX);
      return;
    }
  }
  if (count === -1) count = 1;
  for (let j = 2; j < whereIdx; j++) {
    const key = argv[j]!;
    const list = writeTyped(c, key, ListValue);
    if (list === undefined) return;
    if (list === null || list.length === 0) continue;
    keepOriginalArgv(c, argv);
    propagateAsPop(argv, where, key, popRangeWithKey(c, key, list, where, count));
    return;
  }
  r.nullArray();
}

// LMOVE source destination LEFT|RIGHT LEFT|RIGHT  /  RPOPLPUSH source destination
function lmoveGeneric(c: Client, argv: string[], wherefrom: ListWhere, whereto: ListWhere): void {
  const srcKey = argv[1]!;
  const dstKey = argv[2]!;
  const src = writeTyped(c, srcKey, ListValue);
  if (src === undefined) return;
  if (src === null || src.length === 0) {
    c.r.null();
    return;
  }
  const dst = c.db.get(dstKey);
  if (!checkDestination(c, dst)) return;
  moveElement(c, srcKey, src, dstKey, dst, wherefrom, whereto);
}

// LMOVE source destination LEFT|RIGHT LEFT|RIGHT
function lmove(c: Client, argv: string[]): void {
  const wherefrom = parseWhere(argv[3]!);
  const whereto = wherefrom === null ? null : parseWhere(argv[4]!);
  if (wherefrom === null || whereto === null) {
    c.r.error(Err.SYNTAX);
    return;
  }
  lmoveGeneric(c, argv, wherefrom, whereto);
}

/* ------------------------------------------------------------------------------------------ */
/* Reads                                                                                       */
/* ------------------------------------------------------------------------------------------ */

// LLEN key
function llen(c: Client, argv: string[]): void {
  const list = readTyped(c, argv[1]!, ListValue);
  if (list === undefined) return;
  c.r.int(list === null ? 0 : list.length);
}

// LRANGE key start stop
function lrange(c: Client, argv: string[]): void {
  let start = parseInt64(argv[2]!);
  let end = parseInt64(argv[3]!);
  if (start === null || end === null) {
    c.r.error(Err.NOT_INTEGER);
    return;
  }
  const list = readTyped(c, argv[1]!, ListValue);
  if (list === undefined) return;
  const r = c.r;
  if (list === null) {
    r.array(0);
    return;
  }
  const n = list.length;
  if (start < 0) start = n + start;
  if (end < 0) end = n + end;
  if (start < 0) start = 0;
  if (start > end || start >= n) {
    r.array(0);
    return;
  }
  if (end >= n) end = n - 1;
  const count = end - start + 1;
  r.array(count);
  for (let i = 0; i < count; i++) r.bulk(list.at(start + i));
}

// LINDEX key index
function lindex(c: Client, argv: string[]): void {
  const list = readTyped(c, argv[1]!, ListValue);
  if (list === undefined) return;
  if (list === null) {
    c.r.null();
    return;
  }
  let index = parseInt64(argv[2]!);
  if (index === null) {
    c.r.error(Err.NOT_INTEGER);
    return;
  }
  if (index < 0) index = list.length + index;
  if (index < 0 || index >= list.length) c.r.null();
  else c.r.bulk(list.at(index));
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
function lpos(c: Client, argv: string[]): void {
  const r = c.r;
  const ele = argv[2]!;
  let rank = 1;
  let count = -1; // -1: no COUNT option
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!.toUpperCase();
    const moreargs = j + 1 < argv.length;
    if (opt === 'RANK' && moreargs) {
      const n = parseInt64(argv[++j]!);
      if (n === null) {
        r.error(Err.NOT_INTEGER);
        return;
      }
      if (n === 0) {
        r.error(RANK_ZERO);
        return;
      }
      rank = n;
    } else if (opt === 'COUNT' && moreargs) {
      const n = parseInt64(argv[++j]!);
      if (n === null || n < 0) {
        r.error(COUNT_NEGATIVE);
        return;
      }
      count = n;
    } else if (opt === 'MAXLEN' && moreargs) {
      const n = parseInt64(argv[++j]!);
      if (n === null || n < 0) {
        r.error(MAXLEN_NEGATIVE);
        return;
      }
      maxlen = n;
    } else {
      r.error(Err.SYNTAX);
      return;
    }
  }
  // A negative rank scans from the tail. Redis negates it in a C long: LONG_MIN stays negative,
  // so every match is past the rank and COUNT never ends the scan.
  const fromTail = rank < 0;
  const wrapped = rank === LONG_MIN;
  if (fromTail) rank = wrapped ? 1 : -rank;

  const list = readTyped(c, argv[1]!, ListValue);
  if (list === undefined) return;
  if (list === null) {
    if (count !== -1) r.array(0);
    else r.null();
    return;
  }
  const n = list.length;
  const limit = maxlen === 0 || maxlen > n ? n : maxlen;
  let matches = 0;
  if (count === -1) {
    for (let index = 0; index < limit; index++) {
      const i = fromTail ? n - index - 1 : index;
      if (list.at(i) === ele && ++matches >= rank) {
        r.int(i);
        return;
      }
    }
    r.null();
    return;
  }
  const found: number[] = [];
  for (let index = 0; index < limit; index++) {
    const i = fromTail ? n - index - 1 : index;
    if (list.at(i) === ele && ++matches >= rank) {
      found.push(i);
      if (count !== 0 && !wrapped && matches - rank + 1 >= count) break;
    }
  }
  r.array(found.length);
  for (const i of found) r.int(i);
}

/* ------------------------------------------------------------------------------------------ */
/* Updates                                                                                     */
/* ------------------------------------------------------------------------------------------ */

// LSET key index element
function lset(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const list = writeTyped(c, key, ListValue);
  if (list === undefined) return;
  if (list === null) {
    c.r.error(Err.NO_SUCH_KEY);
    return;
  }
  let index = parseInt64(argv[2]!);
  if (index === null) {
    c.r.error(Err.NOT_INTEGER);
    return;
  }
  if (index < 0) index = list.length + index;
  if (index < 0 || index >= list.length) {
    c.r.error(Err.OUT_OF_RANGE);
    return;
  }
  list.set(index, argv[3]!);
  c.r.ok();
  c.db.modified(key);
  c.broker.notify(c.db, 'lset', key);
  c.broker.dirty++;
}

// LINSERT key BEFORE|AFTER pivot element
function linsert(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const whereArg = argv[2]!.toLowerCase();
  let after: boolean;
  if (whereArg === 'after') after = true;
  else if (whereArg === 'before') after = false;
  else {
    c.r.error(Err.SYNTAX);
    return;
  }
  const list = writeTyped(c, key, ListValue);
  if (list === undefined) return;
  if (list === null) {
    c.r.int(0);
    return;
  }
  const at = list.indexOf(argv[3]!);
  if (at < 0) {
    c.r.int(-1);
    return;
  }
  list.insert(after ? at + 1 : at, argv[4]!);
  c.db.modified(key);
  c.broker.notify(c.db, 'linsert', key);
  c.broker.dirty++;
  c.r.int(list.length);
}

// LREM key count element
function lrem(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const toremove = parseInt64(argv[2]!);
  if (toremove === null) {
    c.r.error(Err.NOT_INTEGER);
    return;
  }
  const list = writeTyped(c, key, ListValue);
  if (list === undefined) return;
  if (list === null) {
    c.r.int(0);
    return;
  }
  const removed = list.removeMatching(argv[3]!, Math.abs(toremove), toremove < 0);
  const b = c.broker;
  b.dirty += removed;
  if (removed > 0) b.notify(c.db, 'lrem', key);
  if (list.length === 0) {
    c.db.removeKey(key);
    b.notify(c.db, 'del', key);
  }
  if (removed > 0) c.db.modified(key);
  c.r.int(removed);
}

// LTRIM key start stop
function ltrim(c: Client, argv: string[]): void {
  const key = argv[1]!;
  let start = parseInt64(argv[2]!);
  let end = parseInt64(argv[3]!);
  if (start === null || end === null) {
    c.r.error(Err.NOT_INTEGER);
    return;
  }
  const list = writeTyped(c, key, ListValue);
  if (list === undefined) return;
  if (list === null) {
    c.r.ok();
    return;
  }
  const n = list.length;
  if (start < 0) start = n + start;
  if (end < 0) end = n + end;
  if (start < 0) start = 0;
  let left: number;
  let right: number;
  if (start > end || start >= n) {
    left = n;
    right = 0;
  } else {
    if (end >= n) end = n - 1;
    left = start;
    right = n - end - 1;
  }
  list.trim(left, right);
  const b = c.broker;
  b.notify(c.db, 'ltrim', key);
  if (list.length === 0) {
    c.db.removeKey(key);
    b.notify(c.db, 'del', key);
  }
  c.db.modified(key);
  b.dirty += left + right;
  c.r.ok();
}

/* ------------------------------------------------------------------------------------------ */
/* The table                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/** A Redis 7 key spec for the key at argument `index`. */
function ks(flags: string[], index = 1): KeySpecDef {
  return { flags, bs: { index }, fk: { lastkey: 0, keystep: 1, limit: 0 } };
}

const KEY1 = { first: 1, last: 1, step: 1 };
const KEY12 = { first: 1, last: 2, step: 1 };
const PUSH_COMPLEXITY =
  'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.';

export const commands: CommandSpec[] = [
  {
    name: 'LPUSH',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RW', 'insert'])],
    summary: 'Prepend one or multiple elements to a list',
    since: '1.0.0',
    complexity: PUSH_COMPLEXITY,
    history: [['2.4.0', 'Accepts multiple `element` arguments.']],
    args: 'key:key#0 element:string...',
    handler: (c, argv) => pushGeneric(c, argv, true),
  },
  {
    name: 'RPUSH',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RW', 'insert'])],
    summary: 'Append one or multiple elements to a list',
    since: '1.0.0',
    complexity: PUSH_COMPLEXITY,
    history: [['2.4.0', 'Accepts multiple `element` arguments.']],
    args: 'key:key#0 element:string...',
    handler: (c, argv) => pushGeneric(c, argv, false),
  },
  {
    name: 'LPUSHX',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RW', 'insert'])],
    summary: 'Prepend an element to a list, only if the list exists',
    since: '2.2.0',
    complexity: PUSH_COMPLEXITY,
    history: [['4.0.0', 'Accepts multiple `element` arguments.']],
    args: 'key:key#0 element:string...',
    handler: (c, argv) => pushxGeneric(c, argv, true),
  },
  {
    name: 'RPUSHX',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RW', 'insert'])],
    summary: 'Append an element to a list, only if the list exists',
    since: '2.2.0',
    complexity: PUSH_COMPLEXITY,
    history: [['4.0.0', 'Accepts multiple `element` arguments.']],
    args: 'key:key#0 element:string...',
    handler: (c, argv) => pushxGeneric(c, argv, false),
  },
  {
    name: 'LPOP',
    arity: -2,
    flags: ['write', 'fast'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RW', 'access', 'delete'])],
    summary: 'Remove and get the first elements in a list',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of elements returned',
    history: [['6.2.0', 'Added the `count` argument.']],
    args: 'key:key#0 [count:integer@6.2.0]',
    handler: (c, argv) => popGeneric(c, argv, LIST_HEAD),
  },
  {
    name: 'RPOP',
    arity: -2,
    flags: ['write', 'fast'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RW', 'access', 'delete'])],
    summary: 'Remove and get the last elements in a list',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of elements returned',
    history: [['6.2.0', 'Added the `count` argument.']],
    args: 'key:key#0 [count:integer@6.2.0]',
    handler: (c, argv) => popGeneric(c, argv, LIST_TAIL),
  },
  {
    name: 'LLEN',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RO'])],
    summary: 'Get the length of a list',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    handler: llen,
  },
  {
    name: 'LRANGE',
    arity: 4,
    flags: ['readonly'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RO', 'access'])],
    summary: 'Get a range of elements from a list',
    since: '1.0.0',
    complexity:
      'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.',
    args: 'key:key#0 start:integer stop:integer',
    handler: lrange,
  },
  {
    name: 'LINDEX',
    arity: 3,
    flags: ['readonly'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RO', 'access'])],
    summary: 'Get an element from a list by its index',
    since: '1.0.0',
    complexity:
      'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).',
    args: 'key:key#0 index:integer',
    handler: lindex,
  },
  {
    name: 'LSET',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RW', 'update'])],
    summary: 'Set the value of an element in a list by its index',
    since: '1.0.0',
    complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).',
    args: 'key:key#0 index:integer element:string',
    handler: lset,
  },
  {
    name: 'LINSERT',
    arity: 5,
    flags: ['write', 'denyoom'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RW', 'insert'])],
    summary: 'Insert an element before or after another element in a list',
    since: '2.2.0',
    complexity:
      'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).',
    args: 'key:key#0 where(BEFORE | AFTER) pivot:string element:string',
    handler: linsert,
  },
  {
    name: 'LREM',
    arity: 4,
    flags: ['write'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RW', 'delete'])],
    summary: 'Remove elements from a list',
    since: '1.0.0',
    complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.',
    args: 'key:key#0 count:integer element:string',
    handler: lrem,
  },
  {
    name: 'LTRIM',
    arity: 4,
    flags: ['write'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RW', 'delete'])],
    summary: 'Trim a list to the specified range',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of elements to be removed by the operation.',
    args: 'key:key#0 start:integer stop:integer',
    handler: ltrim,
  },
  {
    name: 'LPOS',
    arity: -3,
    flags: ['readonly'],
    keys: KEY1,
    group: 'list',
    keySpecs: [ks(['RO', 'access'])],
    summary: 'Return the index of matching elements on a list',
    since: '6.0.6',
    complexity:
      'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.',
    args: 'key:key#0 element:string [RANK rank:integer] [COUNT num-matches:integer] [MAXLEN len:integer]',
    handler: lpos,
  },
  {
    name: 'LMOVE',
    arity: 5,
    flags: ['write', 'denyoom'],
    keys: KEY12,
    group: 'list',
    keySpecs: [ks(['RW', 'access', 'delete'], 1), ks(['RW', 'insert'], 2)],
    summary: 'Pop an element from a list, push it to another list and return it',
    since: '6.2.0',
    complexity: 'O(1)',
    args: 'source:key#0 destination:key#1 wherefrom(LEFT | RIGHT) whereto(LEFT | RIGHT)',
    handler: lmove,
  },
  {
    name: 'RPOPLPUSH',
    arity: 3,
    flags: ['write', 'denyoom'],
    keys: KEY12,
    group: 'list',
    keySpecs: [ks(['RW', 'access', 'delete'], 1), ks(['RW', 'insert'], 2)],
    summary: 'Remove the last element in a list, prepend it to another list and return it',
    since: '1.2.0',
    complexity: 'O(1)',
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`LMOVE` with the `RIGHT` and `LEFT` arguments',
    args: 'source:key#0 destination:key#1',
    handler: (c, argv) => lmoveGeneric(c, argv, LIST_TAIL, LIST_HEAD),
  },
  {
    name: 'LMPOP',
    arity: -4,
    flags: ['write'],
    keys: { first: 0, last: 0, step: 0 },
    group: 'list',
    keySpecs: [{ flags: ['RW', 'access', 'delete'], bs: { index: 1 }, fk: { keynumidx: 0, firstkey: 1, keystep: 1 } }],
    summary: 'Pop elements from a list',
    since: '7.0.0',
    complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
    args: 'numkeys:integer key:key#0... where(LEFT | RIGHT) [COUNT count:integer]',
    handler: lmpop,
  },
];
