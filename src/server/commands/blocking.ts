/*
 * The blocking list and sorted set commands (Redis 7.0 t_list.c, t_zset.c): BLPOP, BRPOP, BLMOVE,
 * BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP. Their non-blocking relatives live in list.ts and
 * zset.ts, whose helpers do every pop and move here; the blocking machinery (registry, ready keys,
 * serving, timeouts) is blocking/index.ts, whose checklist these handlers follow.
 *
 * Each handler parses every argument in Redis's order (BLMPOP / BZMPOP: numkeys, the direction
 * and COUNT before the timeout; the others: LEFT / RIGHT before the timeout, the timeout before
 * any key), then walks its keys:
 *   - a missing key is skipped, a key of another type answers WRONGTYPE (even if a later key
 *     could be served), the first non-empty key is served like the plain command would;
 *   - when nothing could be served the client blocks on all its keys, or, inside EXEC, answers
 *     as on timeout: the null array, except BLMOVE / BRPOPLPUSH, whose blockmove path answers a
 *     null bulk there (`$-1`), while their real timeout answers the null array (`*-1`) like every
 *     blocked client (a Redis quirk we keep);
 *   - when the client is served from the ready-keys queue (a re-run: servedKey() is set) the
 *     walk looks at the served key only, as Redis 7.0 serves the key that became ready.
 *
 * Propagation: argv is rewritten in place into what was done (BLPOP -> LPOP key, BLMPOP -> LPOP
 * key count, BZPOPMIN -> ZPOPMIN key [count], BLMOVE -> LMOVE src dst from to, BRPOPLPUSH ->
 * RPOPLPUSH src dst), as Redis's rewriteClientCommandVector / alsoPropagate do, after
 * keepOriginalArgv() so that the slowlog and MONITOR still show the command as sent.
 */

import type { CommandSpec, KeySpecDef } from '../command.js';
import type { Client } from '../client.js';
import { Err } from '../errors.js';
import { parseInt64 } from '../args.js';
import { ListValue } from '../types/list.js';
import { ZSet } from '../types/zset.js';
import {
  LIST_HEAD,
  LIST_TAIL,
  checkDestination,
  moveElement,
  parseWhere,
  popOneWithKey,
  popRangeWithKey,
  propagateAsPop,
  type ListWhere,
} from './list.js';
import { ZSET_MAX, ZSET_MIN, genericZpop, parseZmpopArgs } from './zset.js';
import { keepOriginalArgv } from '../dispatcher.js';

/* ------------------------------------------------------------------------------------------ */
/* Lists                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/**
 * blockingPopGenericCommand: pop one element (count -1: BLPOP / BRPOP, reply [key, element]) or
 * up to `count` (BLMPOP, reply [key, [elements]]) from the first non-empty list of `keys`.
 */
function blockingPop(c: Client, argv: string[], keys: readonly string[], where: ListWhere, count: number, deadline: number): void {
  const bk = c.broker.blocking;
  const served = bk.servedKey(c);
  const db = c.db;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (served !== null && key !== served) continue;
    const v = db.get(key);
    if (v === undefined) continue;
    if (!(v instanceof ListValue)) return c.r.error(Err.WRONGTYPE);
    if (v.length === 0) continue;
    keepOriginalArgv(c, argv);
    if (count === -1) {
      popOneWithKey(c, key, v, where);
      propagateAsPop(argv, where, key);
    } else {
      propagateAsPop(argv, where, key, popRangeWithKey(c, key, v, where, count));
    }
    return;
  }
  if (bk.cannotBlock(c)) return c.r.nullArray();
  bk.block(c, argv, 'list', keys, deadline);
}

// BLPOP key [key ...] timeout  /  BRPOP key [key ...] timeout
function bpop(where: ListWhere): (c: Client, argv: string[]) => void {
  return (c, argv) => {
    const last = argv.length - 1;
    const deadline = c.broker.blocking.timeoutSeconds(c, argv[last]!);
    if (deadline === null) return;
    blockingPop(c, argv, argv.slice(1, last), where, -1, deadline);
  };
}

// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
function blmpop(c: Client, argv: string[]): void {
  const r = c.r;
  const numkeys = parseInt64(argv[2]!);
  if (numkeys === null || numkeys < 1) return r.error('ERR numkeys should be greater than 0');
  const whereIdx = 3 + numkeys;
  if (whereIdx >= argv.length) return r.error(Err.SYNTAX);
  const where = parseWhere(argv[whereIdx]!);
  if (where === null) return r.error(Err.SYNTAX);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && j + 1 < argv.length && argv[j]!.toLowerCase() === 'count') {
      const n = parseInt64(argv[++j]!);
      if (n === null || n < 1) return r.error('ERR count should be greater than 0');
      count = n;
    } else {
      return r.error(Err.SYNTAX);
    }
  }
  const deadline = c.broker.blocking.timeoutSeconds(c, argv[1]!);
  if (deadline === null) return;
  blockingPop(c, argv, argv.slice(3, whereIdx), where, count === -1 ? 1 : count, deadline);
}

const POSITION = ['LEFT', 'RIGHT'];

/** blmoveGenericCommand: LMOVE when the source holds something, otherwise block on it. */
function blockingMove(c: Client, argv: string[], wherefrom: ListWhere, whereto: ListWhere, deadline: number, rpoplpush: boolean): void {
  const bk = c.broker.blocking;
  const srcKey = argv[1]!;
  const dstKey = argv[2]!;
  const src = c.db.get(srcKey);
  if (src !== undefined && !(src instanceof ListValue)) return c.r.error(Err.WRONGTYPE);
  if (src === undefined || src.length === 0) {
    // Inside EXEC Redis answers this one with a null bulk, not the null array of a timeout.
    if (bk.cannotBlock(c)) return c.r.null();
    return bk.block(c, argv, 'list', [srcKey], deadline);
  }
  const dst = c.db.get(dstKey);
  if (!checkDestination(c, dst)) return;
  const served = bk.servedKey(c) !== null;
  moveElement(c, srcKey, src, dstKey, dst, wherefrom, whereto);
  keepOriginalArgv(c, argv);
  if (rpoplpush) {
    // BRPOPLPUSH source destination timeout -> RPOPLPUSH source destination
    argv.length = 3;
    argv[0] = 'RPOPLPUSH';
  } else {
    // BLMOVE ... -> LMOVE source destination wherefrom whereto (the words as given, or as
    // Redis spells them when the command was served from the ready-keys queue).
    argv.length = 5;
    argv[0] = 'LMOVE';
    if (served) {
      argv[3] = POSITION[wherefrom]!;
      argv[4] = POSITION[whereto]!;
    }
  }
}

// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
function blmove(c: Client, argv: string[]): void {
  const wherefrom = parseWhere(argv[3]!);
  if (wherefrom === null) return c.r.error(Err.SYNTAX);
  const whereto = parseWhere(argv[4]!);
  if (whereto === null) return c.r.error(Err.SYNTAX);
  const deadline = c.broker.blocking.timeoutSeconds(c, argv[5]!);
  if (deadline === null) return;
  blockingMove(c, argv, wherefrom, whereto, deadline, false);
}

// BRPOPLPUSH source destination timeout
function brpoplpush(c: Client, argv: string[]): void {
  const deadline = c.broker.blocking.timeoutSeconds(c, argv[3]!);
  if (deadline === null) return;
  blockingMove(c, argv, LIST_TAIL, LIST_HEAD, deadline, true);
}

/* ------------------------------------------------------------------------------------------ */
/* Sorted sets                                                                                 */
/* ------------------------------------------------------------------------------------------ */

/**
 * blockingGenericZpopCommand: pop from the first non-empty sorted set of `keys`. count -1 is
 * BZPOPMIN / BZPOPMAX (reply [key, member, score]); BZMPOP passes its count and nests
 * ([key, [[member, score], ...]]).
 */
function blockingZpop(c: Client, argv: string[], keys: readonly string[], where: number, count: number, deadline: number): void {
  const bk = c.broker.blocking;
  const served = bk.servedKey(c);
  const db = c.db;
  const nested = count !== -1;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (served !== null && key !== served) continue;
    const v = db.get(key);
    if (v === undefined) continue;
    if (!(v instanceof ZSet)) return c.r.error(Err.WRONGTYPE);
    const size = v.size;
    if (size === 0) continue;
    genericZpop(c, [key], where, true, count, nested, nested);
    keepOriginalArgv(c, argv);
    // Propagated as ZPOPMIN / ZPOPMAX key [count actually popped].
    argv.length = nested ? 3 : 2;
    argv[0] = where === ZSET_MAX ? 'ZPOPMAX' : 'ZPOPMIN';
    argv[1] = key;
    if (nested) argv[2] = String(count < size ? count : size);
    return;
  }
  if (bk.cannotBlock(c)) return c.r.nullArray();
  bk.block(c, argv, 'zset', keys, deadline);
}

// BZPOPMIN key [key ...] timeout  /  BZPOPMAX key [key ...] timeout
function bzpop(where: number): (c: Client, argv: string[]) => void {
  return (c, argv) => {
    const last = argv.length - 1;
    const deadline = c.broker.blocking.timeoutSeconds(c, argv[last]!);
    if (deadline === null) return;
    blockingZpop(c, argv, argv.slice(1, last), where, -1, deadline);
  };
}

// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
function bzmpop(c: Client, argv: string[]): void {
  const args = parseZmpopArgs(c, argv, 2);
  if (args === null) return;
  const deadline = c.broker.blocking.timeoutSeconds(c, argv[1]!);
  if (deadline === null) return;
  blockingZpop(c, argv, args.keys, args.where, args.count, deadline);
}

/* ------------------------------------------------------------------------------------------ */
/* The table                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/** Keys from argument 1 to the one before the timeout. */
const KEYS_BEFORE_TIMEOUT = { first: 1, last: -2, step: 1 };
const POP_SPEC: KeySpecDef = { flags: ['RW', 'access', 'delete'], bs: { index: 1 }, fk: { lastkey: -2, keystep: 1, limit: 0 } };
const MPOP_SPEC: KeySpecDef = { flags: ['RW', 'access', 'delete'], bs: { index: 2 }, fk: { keynumidx: 0, firstkey: 1, keystep: 1 } };
const MOVE_SPECS: KeySpecDef[] = [
  { flags: ['RW', 'access', 'delete'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } },
  { flags: ['RW', 'insert'], bs: { index: 2 }, fk: { lastkey: 0, keystep: 1, limit: 0 } },
];
const DOUBLE_TIMEOUT: Array<[string, string]> = [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']];
const ZPOP_COMPLEXITY = 'O(log(N)) with N being the number of elements in the sorted set.';

export const commands: CommandSpec[] = [
  {
    name: 'BLPOP',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    keys: KEYS_BEFORE_TIMEOUT,
    keySpecs: [POP_SPEC],
    group: 'list',
    summary: 'Remove and get the first element in a list, or block until one is available',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.',
    history: DOUBLE_TIMEOUT,
    args: 'key:key#0... timeout:double',
    handler: bpop(LIST_HEAD),
  },
  {
    name: 'BRPOP',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    keys: KEYS_BEFORE_TIMEOUT,
    keySpecs: [POP_SPEC],
    group: 'list',
    summary: 'Remove and get the last element in a list, or block until one is available',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.',
    history: DOUBLE_TIMEOUT,
    args: 'key:key#0... timeout:double',
    handler: bpop(LIST_TAIL),
  },
  {
    name: 'BLMOVE',
    arity: 6,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    keys: { first: 1, last: 2, step: 1 },
    keySpecs: MOVE_SPECS,
    group: 'list',
    summary: 'Pop an element from a list, push it to another list and return it; or block until one is available',
    since: '6.2.0',
    complexity: 'O(1)',
    args: 'source:key#0 destination:key#1 wherefrom(LEFT | RIGHT) whereto(LEFT | RIGHT) timeout:double',
    handler: blmove,
  },
  {
    name: 'BRPOPLPUSH',
    arity: 4,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    keys: { first: 1, last: 2, step: 1 },
    keySpecs: MOVE_SPECS,
    group: 'list',
    summary: 'Pop an element from a list, push it to another list and return it; or block until one is available',
    since: '2.2.0',
    complexity: 'O(1)',
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`BLMOVE` with the `RIGHT` and `LEFT` arguments',
    history: DOUBLE_TIMEOUT,
    args: 'source:key#0 destination:key#1 timeout:double',
    handler: brpoplpush,
  },
  {
    name: 'BLMPOP',
    arity: -5,
    flags: ['write', 'blocking'],
    keys: { first: 0, last: 0, step: 0 },
    keySpecs: [MPOP_SPEC],
    group: 'list',
    summary: 'Pop elements from a list, or block until one is available',
    since: '7.0.0',
    complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
    args: 'timeout:double numkeys:integer key:key#0... where(LEFT | RIGHT) [COUNT count:integer]',
    handler: blmpop,
  },
  {
    name: 'BZPOPMIN',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    keys: KEYS_BEFORE_TIMEOUT,
    keySpecs: [POP_SPEC],
    group: 'sorted-set',
    summary: 'Remove and return the member with the lowest score from one or more sorted sets, or block until one is available',
    since: '5.0.0',
    complexity: ZPOP_COMPLEXITY,
    history: DOUBLE_TIMEOUT,
    args: 'key:key#0... timeout:double',
    handler: bzpop(ZSET_MIN),
  },
  {
    name: 'BZPOPMAX',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    keys: KEYS_BEFORE_TIMEOUT,
    keySpecs: [POP_SPEC],
    group: 'sorted-set',
    summary: 'Remove and return the member with the highest score from one or more sorted sets, or block until one is available',
    since: '5.0.0',
    complexity: ZPOP_COMPLEXITY,
    history: DOUBLE_TIMEOUT,
    args: 'key:key#0... timeout:double',
    handler: bzpop(ZSET_MAX),
  },
  {
    name: 'BZMPOP',
    arity: -5,
    flags: ['write', 'blocking'],
    keys: { first: 0, last: 0, step: 0 },
    keySpecs: [MPOP_SPEC],
    group: 'sorted-set',
    summary: 'Remove and return members with scores in a sorted set or block until one is available',
    since: '7.0.0',
    complexity:
      'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
    args: 'timeout:double numkeys:integer key:key#0... where(MIN | MAX) [COUNT count:integer]',
    handler: bzmpop,
  },
];
