/*
 * Sorted set commands (Redis 7.0 t_zset.c): ZADD, ZINCRBY, ZREM, ZSCORE, ZMSCORE, ZCARD, ZCOUNT,
 * ZLEXCOUNT, ZRANK, ZREVRANK, ZRANGE (BYSCORE / BYLEX / REV / LIMIT), ZRANGEBYSCORE,
 * ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX, ZREVRANGE, ZRANGESTORE, ZPOPMIN, ZPOPMAX, ZMPOP,
 * ZRANDMEMBER, ZREMRANGEBYSCORE / BYRANK / BYLEX, ZUNION, ZINTER, ZDIFF (and their *STORE forms),
 * ZINTERCARD, ZSCAN.
 *
 * The data structure, its range walks and the listpack / skiplist encoding rule live in
 * types/zset.ts. Redis's observable behaviour that this file reproduces on top of it:
 *
 *   - Scores of a listpack-encoded set are stored as text, and zzlInsertAt writes an integral
 *     score as an integer: -0 is stored as 0. So ZADD k -0 m on a listpack set makes ZSCORE reply
 *     "0" (the ZINCRBY / ZADD INCR reply itself still says "-0"), while a skiplist keeps "-0".
 *     lpScore() applies that rule wherever a score goes into a set.
 *   - ZSCAN of a listpack set replies every element at once (cursor 0) with the score text as
 *     stored: integers up to 2^62 in plain digits (1.2345678901234568e17 reads 123456789012345680),
 *     others as %.17g. A skiplist is walked through the broker's live-iterator cursors and its
 *     scores are printed with %.17Lg (the same text as %.17g for a double).
 *   - WITHSCORES replies are flat [member, score, ...] in RESP2 and [[member, score], ...] in RESP3
 *     (ZRANGE family, ZUNION / ZINTER / ZDIFF, ZRANDMEMBER, ZPOPMIN / ZPOPMAX with a count); ZMPOP
 *     always nests. Without a count ZPOPMIN replies a flat [member, score] in both protocols.
 *   - ZRANDMEMBER with a count >= the size replies the whole set from the highest score down
 *     (Redis iterates sets from the tail there); other counts are random.
 *   - ZUNION / ZINTER sort their inputs by size (a stable sort, as glibc's qsort is for these
 *     sizes) and aggregate in that order, so floating-point sums come out bit for bit; a weight
 *     times a score that is NaN (0 * inf) counts as 0, and so does a SUM that gives NaN.
 *   - The *STORE commands build the result first and then pick the encoding (listpack when it has
 *     at most zset-max-listpack-entries members, none longer than zset-max-listpack-value), as
 *     zsetConvertToListpackIfNeeded does; ZRANGESTORE instead creates its destination up front
 *     (a skiplist when a rank range is longer than the entries limit) and inserts one by one.
 *   - Argument errors come in Redis's order: ZUNION & co. look every key up (WRONGTYPE) before
 *     they parse WEIGHTS / AGGREGATE; ZRANGE parses its options before its range.
 *   - Read lookups count keyspace hits and misses (lookupKeyRead); writes (ZADD, ZREM, ZPOP*,
 *     ZREMRANGE*) do not.
 *
 * Side effects after a change: db.modified(key), server.dirty, and the keyspace events of t_zset.c
 * ('zadd', 'zincr', 'zrem', 'zremrangebyscore' / 'byrank' / 'bylex', 'zpopmin', 'zpopmax',
 * 'zunionstore', 'zinterstore', 'zdiffstore', 'zrangestore', and 'del' when a key is emptied or a
 * destination removed).
 *
 * The blocking pops (BZPOPMIN, BZPOPMAX, BZMPOP) are to reuse genericZpop(): it takes the candidate
 * keys, serves the first non-empty one and replies in any of the shapes those commands use.
 */

import { keepOriginalArgv } from '../dispatcher.js';
import type { CommandSpec, KeySpecDef } from '../command.js';
import type { Client } from '../client.js';
import { Err } from '../errors.js';
import { readTyped, removeMembers, typedScan, writeTyped } from '../keyspace/lookup.js';
import { parseBigInt64, parseInt64 } from '../args.js';
import { formatDouble } from '../../protocol/reply.js';
import { stringmatchlen } from '../keyspace/glob.js';
import { replyScan } from '../keyspace/scan.js';
import { SetValue } from '../types/set.js';
import {
  ZSet,
  parseDouble,
  parseLexBound,
  parseScoreBound,
  type LexBound,
  type ScoreBound,
  type ZEntry,
} from '../types/zset.js';

const NAN_RESULT = 'ERR resulting score is not a number (NaN)';
const NOT_FLOAT_RANGE = 'ERR min or max is not a float';
const NOT_LEX_RANGE = 'ERR min or max not valid string range item';
const RANGE_ERR = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';
const INT64_MIN = -9223372036854775808n;
const LONG_MAX_HALF = 4611686018427387903n;
const LONG_MIN_HALF = -4611686018427387903n; // -LONG_MAX/2: Redis 7.0.15 checks a symmetric range

/* ------------------------------------------------------------------------------------------ */
/* Lookups, limits and replies                                                                 */
/* ------------------------------------------------------------------------------------------ */

/** An empty set with the server's current listpack limits. */
function newZset(c: Client): ZSet {
  const cfg = c.broker.config;
  return new ZSet(cfg.num('zset-max-listpack-entries'), cfg.num('zset-max-listpack-value'));
}

/** Redis reads the limits at each insertion: refresh them on a set that may still convert. */
function refreshLimits(c: Client, z: ZSet): void {
  if (z.encoding !== 'listpack') return;
  const cfg = c.broker.config;
  z.setListpackLimits(cfg.num('zset-max-listpack-entries'), cfg.num('zset-max-listpack-value'));
}

/**
 * The score as `z` will hold it once `member` is added with `score`: a listpack stores an integral
 * score as an integer, so -0 comes back as 0. A new member that makes the set convert goes into
 * the skip list, sign and all. Callers test `score === 0` first (the hot path pays nothing else).
 */
function lpScore(z: ZSet, member: string, score: number): number {
  if (z.encoding !== 'listpack') return score;
  if (!z.has(member) && (z.size + 1 > z.maxListpackEntries || member.length > z.maxListpackValue)) return score;
  return 0;
}

/** Add through lpScore (ZADD's fast path inlines the `score === 0` test). */
function addScore(z: ZSet, member: string, score: number): void {
  z.add(member, score === 0 ? lpScore(z, member, score) : score);
}

/**
 * Entries as the ZRANGE family replies them: members, or with scores flat pairs in RESP2 and
 * [member, score] arrays in RESP3 (Redis checks c->resp here, as HRANDFIELD does).
 */
function replyEntries(c: Client, entries: readonly ZEntry[], withscores: boolean): void {
  const r = c.r;
  const n = entries.length;
  const nested = withscores && r.resp === 3;
  r.array(withscores && !nested ? n * 2 : n);
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    if (nested) r.array(2);
    r.bulk(e[0]);
    if (withscores) r.double(e[1]);
  }
}

/** setKey of a computed destination, or its deletion when the result is empty; replies the size. */
function storeResult(c: Client, dst: string, z: ZSet, event: string): void {
  const b = c.broker;
  if (z.size > 0) {
    c.db.set(dst, z);
    c.r.int(z.size);
    b.notify(c.db, event, dst);
    b.dirty++;
  } else {
    c.r.int(0);
    if (c.db.delete(dst)) {
      b.notify(c.db, 'del', dst);
      b.dirty++;
    }
  }
}

/** After a removal: delete the emptied key. Returns whether it was deleted. */
function deleteIfEmpty(c: Client, key: string, z: ZSet): boolean {
  if (z.size !== 0) return false;
  c.db.removeKey(key);
  return true;
}

/* ------------------------------------------------------------------------------------------ */
/* ZADD, ZINCRBY, ZREM                                                                         */
/* ------------------------------------------------------------------------------------------ */

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;
const INCR = 16;

/**
 * zaddGenericCommand. Options are read from argv[2] on for ZINCRBY too (so `ZINCRBY k nx m` is a
 * syntax error, as in Redis). The common case (no NX / XX / GT / LT / INCR) adds without a
 * separate lookup of the current score.
 */
function zaddGeneric(c: Client, argv: string[], flags: number): void {
  const r = c.r;
  const argc = argv.length;
  let ch = false;
  let i = 2;
  while (i < argc) {
    const opt = argv[i]!;
    if (opt.length !== 2 && opt.length !== 4) break;
    const o = opt.toLowerCase();
    if (o === 'nx') flags |= NX;
    else if (o === 'xx') flags |= XX;
    else if (o === 'ch') ch = true;
    else if (o === 'incr') flags |= INCR;
    else if (o === 'gt') flags |= GT;
    else if (o === 'lt') flags |= LT;
    else break;
    i++;
  }
  const incr = (flags & INCR) !== 0;
  const nx = (flags & NX) !== 0;
  const xx = (flags & XX) !== 0;
  const gt = (flags & GT) !== 0;
  const lt = (flags & LT) !== 0;
  const elements = argc - i;
  if (elements % 2 !== 0 || elements === 0) return r.error(Err.SYNTAX);
  const pairs = elements / 2;
  if (nx && xx) return r.error('ERR XX and NX options at the same time are not compatible');
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    return r.error('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if (incr && pairs > 1) return r.error('ERR INCR option supports a single increment-element pair');

  // Every score first: nothing changes when one of them is bad.
  let score0 = 0;
  let scores: number[] | null = null;
  if (pairs === 1) {
    const s = parseDouble(argv[i]!);
    if (s === null) return r.error(Err.NOT_FLOAT);
    score0 = s;
  } else {
    scores = new Array<number>(pairs);
    for (let j = 0; j < pairs; j++) {
      const s = parseDouble(argv[i + 2 * j]!);
      if (s === null) return r.error(Err.NOT_FLOAT);
      scores[j] = s;
    }
  }

  const key = argv[1]!;
  const db = c.db;
  const v = db.get(key);
  let z: ZSet;
  if (v === undefined) {
    if (xx) {
      if (incr) r.null();
      else r.int(0);
      return;
    }
    z = newZset(c);
    db.put(key, z);
  } else if (v instanceof ZSet) {
    z = v;
    refreshLimits(c, z);
  } else {
    return r.error(Err.WRONGTYPE);
  }

  let added = 0;
  let updated = 0;
  let processed = 0;
  let newscore = 0;
  let nan = false;
  if (flags === 0) {
    for (let j = 0; j < pairs; j++) {
      const member = argv[i + 1 + 2 * j]!;
      let s = scores === null ? score0 : scores[j]!;
      if (s === 0) s = lpScore(z, member, s);
      const res = z.add(member, s);
      if (res === 'added') added++;
      else if (res === 'updated') updated++;
    }
  } else {
    for (let j = 0; j < pairs; j++) {
      const member = argv[i + 1 + 2 * j]!;
      let s = scores === null ? score0 : scores[j]!;
      const cur = z.score(member);
      if (cur !== undefined) {
        if (nx) continue;
        if (incr) {
          s += cur;
          if (s !== s) {
            nan = true;
            break;
          }
        }
        if ((lt && s >= cur) || (gt && s <= cur)) continue;
        newscore = s;
        processed++;
        if (s !== cur) {
          addScore(z, member, s);
          updated++;
        }
      } else if (!xx) {
        addScore(z, member, s);
        newscore = s;
        added++;
        processed++;
      }
    }
  }

  const b = c.broker;
  if (nan) {
    r.error(NAN_RESULT);
  } else {
    b.dirty += added + updated;
    if (incr) {
      if (processed > 0) r.double(newscore);
      else r.null();
    } else {
      r.int(ch ? added + updated : added);
    }
  }
  if (added > 0 || updated > 0) {
    db.modified(key);
    b.notify(db, incr ? 'zincr' : 'zadd', key);
  }
}

// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
function zadd(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, 0);
}

// ZINCRBY key increment member
function zincrby(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, INCR);
}

// ZREM key member [member ...]
function zrem(c: Client, argv: string[]): void {
  removeMembers(c, argv, ZSet, removeMember, 'zrem');
}

function removeMember(z: ZSet, member: string): boolean {
  return z.remove(member);
}

/* ------------------------------------------------------------------------------------------ */
/* ZSCORE, ZMSCORE, ZCARD, ZCOUNT, ZLEXCOUNT, ZRANK, ZREVRANK                                 */
/* ------------------------------------------------------------------------------------------ */

// ZSCORE key member
function zscore(c: Client, argv: string[]): void {
  const z = readTyped(c, argv[1]!, ZSet);
  if (z === undefined) return;
  const s = z === null ? undefined : z.score(argv[2]!);
  if (s === undefined) c.r.null();
  else c.r.double(s);
}

// ZMSCORE key member [member ...]
function zmscore(c: Client, argv: string[]): void {
  const z = readTyped(c, argv[1]!, ZSet);
  if (z === undefined) return;
  const r = c.r;
  r.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z === null ? undefined : z.score(argv[j]!);
    if (s === undefined) r.null();
    else r.double(s);
  }
}

// ZCARD key
function zcard(c: Client, argv: string[]): void {
  const z = readTyped(c, argv[1]!, ZSet);
  if (z === undefined) return;
  c.r.int(z === null ? 0 : z.size);
}

/** zslParseRange over two arguments; null after replying the error. */
function parseScoreRange(c: Client, min: string, max: string): [ScoreBound, ScoreBound] | null {
  const lo = parseScoreBound(min);
  const hi = lo === null ? null : parseScoreBound(max);
  if (lo === null || hi === null) {
    c.r.error(NOT_FLOAT_RANGE);
    return null;
  }
  return [lo, hi];
}

/** zslParseLexRange over two arguments; null after replying the error. */
function parseLexRange(c: Client, min: string, max: string): [LexBound, LexBound] | null {
  const lo = parseLexBound(min);
  const hi = lo === null ? null : parseLexBound(max);
  if (lo === null || hi === null) {
    c.r.error(NOT_LEX_RANGE);
    return null;
  }
  return [lo, hi];
}

// ZCOUNT key min max
function zcount(c: Client, argv: string[]): void {
  const range = parseScoreRange(c, argv[2]!, argv[3]!);
  if (range === null) return;
  const z = readTyped(c, argv[1]!, ZSet);
  if (z === undefined) return;
  c.r.int(z === null ? 0 : z.countInScore(range[0], range[1]));
}

// ZLEXCOUNT key min max
function zlexcount(c: Client, argv: string[]): void {
  const range = parseLexRange(c, argv[2]!, argv[3]!);
  if (range === null) return;
  const z = readTyped(c, argv[1]!, ZSet);
  if (z === undefined) return;
  c.r.int(z === null ? 0 : z.countInLex(range[0], range[1]));
}

// ZRANK key member  /  ZREVRANK key member
function zrankGeneric(reverse: boolean): (c: Client, argv: string[]) => void {
  return (c, argv) => {
    const z = readTyped(c, argv[1]!, ZSet);
    if (z === undefined) return;
    const rank = z === null ? undefined : z.rank(argv[2]!, reverse);
    if (rank === undefined) c.r.null();
    else c.r.int(rank);
  };
}

/* ------------------------------------------------------------------------------------------ */
/* The ZRANGE family                                                                           */
/* ------------------------------------------------------------------------------------------ */

const BY_AUTO = 0;
const BY_RANK = 1;
const BY_SCORE = 2;
const BY_LEX = 3;
const DIR_AUTO = 0;
const DIR_FORWARD = 1;
const DIR_REVERSE = 2;

/**
 * zrangeGenericCommand: the source key is argv[keyIdx], min and max follow it, options after.
 * `dst` is the ZRANGESTORE destination (null for the replying commands). `by` and `dir` are fixed
 * by the legacy commands (ZRANGEBYSCORE cannot take BYLEX, ZREVRANGE cannot take REV) and AUTO for
 * ZRANGE / ZRANGESTORE.
 */
function zrangeGeneric(c: Client, argv: string[], keyIdx: number, dst: string | null, by: number, dir: number): void {
  const r = c.r;
  const store = dst !== null;
  let minIdx = keyIdx + 1;
  let maxIdx = keyIdx + 2;
  let withscores = false;
  let offset = 0;
  let limit = -1;
  const argc = argv.length;
  for (let j = keyIdx + 3; j < argc; j++) {
    const left = argc - j - 1;
    const opt = argv[j]!.toLowerCase();
    if (!store && opt === 'withscores') {
      withscores = true;
    } else if (opt === 'limit' && left >= 2) {
      const o = parseInt64(argv[j + 1]!);
      if (o === null) return r.error(Err.NOT_INTEGER);
      const l = parseInt64(argv[j + 2]!);
      if (l === null) return r.error(Err.NOT_INTEGER);
      offset = o;
      limit = l;
      j += 2;
    } else if (dir === DIR_AUTO && opt === 'rev') {
      dir = DIR_REVERSE;
    } else if (by === BY_AUTO && opt === 'bylex') {
      by = BY_LEX;
    } else if (by === BY_AUTO && opt === 'byscore') {
      by = BY_SCORE;
    } else {
      return r.error(Err.SYNTAX);
    }
  }
  if (dir === DIR_AUTO) dir = DIR_FORWARD;
  if (by === BY_AUTO) by = BY_RANK;
  // LIMIT 0 -1 is no LIMIT at all, for Redis too.
  if (limit !== -1 && by === BY_RANK) {
    return r.error('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (withscores && by === BY_LEX) return r.error('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  const reverse = dir === DIR_REVERSE;
  if (reverse && by !== BY_RANK) {
    const t = minIdx;
    minIdx = maxIdx;
    maxIdx = t;
  }

  let start = 0;
  let end = 0;
  let scoreRange: [ScoreBound, ScoreBound] | null = null;
  let lexRange: [LexBound, LexBound] | null = null;
  if (by === BY_RANK) {
    const s = parseInt64(argv[minIdx]!);
    if (s === null) return r.error(Err.NOT_INTEGER);
    const e = parseInt64(argv[maxIdx]!);
    if (e === null) return r.error(Err.NOT_INTEGER);
    start = s;
    end = e;
  } else if (by === BY_SCORE) {
    scoreRange = parseScoreRange(c, argv[minIdx]!, argv[maxIdx]!);
    if (scoreRange === null) return;
  } else {
    lexRange = parseLexRange(c, argv[minIdx]!, argv[maxIdx]!);
    if (lexRange === null) return;
  }

  const z = readTyped(c, argv[keyIdx]!, ZSet);
  if (z === undefined) return;
  if (z === null) {
    if (store) storeRange(c, dst, [], -1);
    else r.array(0);
    return;
  }

  let entries: ZEntry[];
  let length = -1; // what zrangeResultBeginStore is told: known for ranks, -1 otherwise
  if (by === BY_RANK) {
    const llen = z.size;
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) {
      entries = [];
      length = 0;
    } else {
      if (end >= llen) end = llen - 1;
      entries = z.rangeByRank(start, end, reverse);
      length = entries.length;
    }
  } else if (by === BY_SCORE) {
    entries = z.rangeByScore(scoreRange![0], scoreRange![1], { reverse, offset, count: limit });
  } else {
    entries = z.rangeByLex(lexRange![0], lexRange![1], { reverse, offset, count: limit });
  }
  if (store) storeRange(c, dst, entries, length);
  else replyEntries(c, entries, withscores);
}

/**
 * ZRANGESTORE's destination, as zrangeResultBeginStore / EmitForStore / FinalizeStore build it: a
 * skiplist from the start when the known length exceeds the entries limit, else a listpack that
 * converts as members arrive.
 */
function storeRange(c: Client, dst: string, entries: readonly ZEntry[], length: number): void {
  const z = newZset(c);
  if (length > z.maxListpackEntries) z.convertToSkiplist();
  for (const [m, s] of entries) addScore(z, m, s);
  storeResult(c, dst, z, 'zrangestore');
}

// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
function zrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, BY_AUTO, DIR_AUTO);
}

// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
function zrangestore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 2, argv[1]!, BY_AUTO, DIR_AUTO);
}

// ZREVRANGE key start stop [WITHSCORES]
function zrevrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, BY_RANK, DIR_REVERSE);
}

// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
function zrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, BY_SCORE, DIR_FORWARD);
}

// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
function zrevrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, BY_SCORE, DIR_REVERSE);
}

// ZRANGEBYLEX key min max [LIMIT offset count]
function zrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, BY_LEX, DIR_FORWARD);
}

// ZREVRANGEBYLEX key max min [LIMIT offset count]
function zrevrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, BY_LEX, DIR_REVERSE);
}

/* ------------------------------------------------------------------------------------------ */
/* ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX                                          */
/* ------------------------------------------------------------------------------------------ */

/** zremrangeGenericCommand: `by` is BY_RANK, BY_SCORE or BY_LEX. */
function zremrangeGeneric(by: number): (c: Client, argv: string[]) => void {
  const event = by === BY_RANK ? 'zremrangebyrank' : by === BY_SCORE ? 'zremrangebyscore' : 'zremrangebylex';
  return (c, argv) => {
    const r = c.r;
    let start = 0;
    let end = 0;
    let scoreRange: [ScoreBound, ScoreBound] | null = null;
    let lexRange: [LexBound, LexBound] | null = null;
    if (by === BY_RANK) {
      const s = parseInt64(argv[2]!);
      if (s === null) return r.error(Err.NOT_INTEGER);
      const e = parseInt64(argv[3]!);
      if (e === null) return r.error(Err.NOT_INTEGER);
      start = s;
      end = e;
    } else if (by === BY_SCORE) {
      scoreRange = parseScoreRange(c, argv[2]!, argv[3]!);
      if (scoreRange === null) return;
    } else {
      lexRange = parseLexRange(c, argv[2]!, argv[3]!);
      if (lexRange === null) return;
    }
    const key = argv[1]!;
    const z = writeTyped(c, key, ZSet);
    if (z === undefined) return;
    if (z === null) return r.int(0);
    let deleted: number;
    if (by === BY_RANK) {
      const llen = z.size;
      if (start < 0) start = llen + start;
      if (end < 0) end = llen + end;
      if (start < 0) start = 0;
      if (start > end || start >= llen) return r.int(0);
      if (end >= llen) end = llen - 1;
      deleted = z.deleteRangeByRank(start, end);
    } else if (by === BY_SCORE) {
      deleted = z.deleteRangeByScore(scoreRange![0], scoreRange![1]);
    } else {
      deleted = z.deleteRangeByLex(lexRange![0], lexRange![1]);
    }
    const keyRemoved = deleteIfEmpty(c, key, z);
    const b = c.broker;
    if (deleted > 0) {
      c.db.modified(key);
      b.notify(c.db, event, key);
      if (keyRemoved) b.notify(c.db, 'del', key);
    }
    b.dirty += deleted;
    r.int(deleted);
  };
}

/* ------------------------------------------------------------------------------------------ */
/* ZPOPMIN, ZPOPMAX, ZMPOP                                                                      */
/* ------------------------------------------------------------------------------------------ */

export const ZSET_MIN = 0;
export const ZSET_MAX = 1;

/**
 * genericZpopCommand: pops from the first of `keys` that exists (an existing key of another type
 * is WRONGTYPE; empty sorted sets do not exist) and replies in one of Redis's shapes:
 *
 *   emitKey  nested   reply                                        used by
 *   no       no       [m1, s1, m2, s2, ...]                        ZPOPMIN/MAX (RESP2, or no count)
 *   no       yes      [[m1, s1], [m2, s2], ...]                    ZPOPMIN/MAX count in RESP3
 *   yes      no       [key, m1, s1]                                BZPOPMIN/MAX
 *   yes      yes      [key, [[m1, s1], ...]]                       ZMPOP, BZMPOP
 *
 * `count` is -1 when none was given (one element). With no key to pop from it replies a null
 * array when `nilWhenEmpty` (ZMPOP) or an empty array. Returns whether it popped anything, for
 * the blocking variants (which must only pop from non-empty keys and otherwise block).
 */
export function genericZpop(
  c: Client,
  keys: readonly string[],
  where: number,
  emitKey: boolean,
  count: number,
  nested: boolean,
  nilWhenEmpty: boolean,
): boolean {
  const r = c.r;
  let key = '';
  let z: ZSet | null = null;
  for (const k of keys) {
    const v = c.db.get(k);
    if (v === undefined) continue;
    if (!(v instanceof ZSet)) {
      r.error(Err.WRONGTYPE);
      return false;
    }
    key = k;
    z = v;
    break;
  }
  if (z === null) {
    if (nilWhenEmpty) r.nullArray();
    else r.array(0);
    return false;
  }
  if (count === 0) {
    r.array(0);
    return false;
  }
  const popped = where === ZSET_MAX ? z.popMax(count === -1 ? 1 : count) : z.popMin(count === -1 ? 1 : count);
  const n = popped.length;
  if (!emitKey) {
    r.array(nested ? n : n * 2);
  } else if (!nested) {
    r.array(n * 2 + 1);
    r.bulk(key);
  } else {
    r.array(2);
    r.bulk(key);
    r.array(n);
  }
  for (let i = 0; i < n; i++) {
    const e = popped[i]!;
    if (nested) r.array(2);
    r.bulk(e[0]);
    r.double(e[1]);
  }
  const b = c.broker;
  b.dirty += n;
  b.notify(c.db, where === ZSET_MAX ? 'zpopmax' : 'zpopmin', key);
  c.db.modified(key);
  if (deleteIfEmpty(c, key, z)) b.notify(c.db, 'del', key);
  return true;
}

// ZPOPMIN key [count]  /  ZPOPMAX key [count]
function zpopMinMax(where: number): (c: Client, argv: string[]) => void {
  return (c, argv) => {
    if (argv.length > 3) return c.r.error(Err.SYNTAX);
    let count = -1;
    if (argv.length === 3) {
      const v = parseInt64(argv[2]!);
      if (v === null || v < 0) return c.r.error(Err.NOT_POSITIVE);
      count = v;
    }
    genericZpop(c, [argv[1]!], where, false, count, c.r.resp === 3 && count !== -1, false);
  };
}

/**
 * The arguments of ZMPOP / BZMPOP from `numkeysIdx` on: the keys, MIN|MAX and COUNT. Null after
 * replying the error.
 */
export function parseZmpopArgs(c: Client, argv: readonly string[], numkeysIdx: number): { keys: string[]; where: number; count: number } | null {
  const r = c.r;
  const numkeys = parseInt64(argv[numkeysIdx]!);
  if (numkeys === null || numkeys < 1) {
    r.error('ERR numkeys should be greater than 0');
    return null;
  }
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) {
    r.error(Err.SYNTAX);
    return null;
  }
  const w = argv[whereIdx]!.toLowerCase();
  if (w !== 'min' && w !== 'max') {
    r.error(Err.SYNTAX);
    return null;
  }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && more > 0 && argv[j]!.toLowerCase() === 'count') {
      j++;
      const v = parseInt64(argv[j]!);
      if (v === null || v < 1) {
        r.error('ERR count should be greater than 0');
        return null;
      }
      count = v;
    } else {
      r.error(Err.SYNTAX);
      return null;
    }
  }
  return {
    keys: argv.slice(numkeysIdx + 1, numkeysIdx + 1 + numkeys),
    where: w === 'max' ? ZSET_MAX : ZSET_MIN,
    count: count === -1 ? 1 : count,
  };
}

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
function zmpop(c: Client, argv: string[]): void {
  const args = parseZmpopArgs(c, argv, 1);
  if (args === null) return;
  const key = args.keys.find((k) => c.db.peek(k) !== undefined);
  if (!genericZpop(c, args.keys, args.where, true, args.count, true, true) || key === undefined) return;
  // Propagated as ZPOPMIN / ZPOPMAX key count, as Redis 7.0 does.
  keepOriginalArgv(c, argv);
  argv.length = 3;
  argv[0] = args.where === ZSET_MAX ? 'ZPOPMAX' : 'ZPOPMIN';
  argv[1] = key;
  argv[2] = String(args.count);
}

/* ------------------------------------------------------------------------------------------ */
/* ZRANDMEMBER                                                                                  */
/* ------------------------------------------------------------------------------------------ */

// ZRANDMEMBER key [count [WITHSCORES]]
function zrandmember(c: Client, argv: string[]): void {
  const r = c.r;
  if (argv.length >= 3) {
    const l = parseBigInt64(argv[2]!);
    if (l === null) return r.error(Err.NOT_INTEGER);
    if (l === INT64_MIN) return r.error(RANGE_ERR);
    if (argv.length > 4 || (argv.length === 4 && argv[3]!.toLowerCase() !== 'withscores')) return r.error(Err.SYNTAX);
    const withscores = argv.length === 4;
    if (withscores && (l < LONG_MIN_HALF || l > LONG_MAX_HALF)) return r.error('ERR value is out of range');
    zrandmemberWithCount(c, argv[1]!, l, withscores);
    return;
  }
  const z = readTyped(c, argv[1]!, ZSet);
  if (z === undefined) return;
  if (z === null) r.null();
  else r.bulk(z.randomMember()!);
}

/** zrandmemberWithCountCommand; the order of each case's reply follows Redis where it is defined. */
function zrandmemberWithCount(c: Client, key: string, l: bigint, withscores: boolean): void {
  const r = c.r;
  const z = readTyped(c, key, ZSet);
  if (z === undefined) return;
  if (z === null || l === 0n) return r.array(0);
  const uniq = l > 0n;
  const count = Number(uniq ? l : -l);
  const size = z.size;
  const nested = withscores && r.resp === 3;
  const emit = (m: string, s: number): void => {
    if (nested) r.array(2);
    r.bulk(m);
    if (withscores) r.double(s);
  };
  if (!uniq || count === 1) {
    // CASE 1: draws with repetitions.
    r.array(withscores && !nested ? count * 2 : count);
    for (let i = 0; i < count; i++) {
      const m = z.randomMember()!;
      emit(m, z.score(m)!);
    }
    return;
  }
  const n = count < size ? count : size;
  r.array(withscores && !nested ? n * 2 : n);
  if (count >= size) {
    // CASE 2: the whole set, walked from the tail as zuiNext does.
    for (const [m, s] of z.entries(true)) emit(m, s);
    return;
  }
  const picked = z.randomEntries(count);
  if (count * 3 <= size && z.encoding === 'listpack') {
    // CASE 4 on a listpack: lpRandomPairsUnique samples in listpack (ascending) order.
    picked.sort(compareEntries);
  }
  for (const [m, s] of picked) emit(m, s);
}

/* ------------------------------------------------------------------------------------------ */
/* ZUNION, ZINTER, ZDIFF, their *STORE forms, ZINTERCARD                                      */
/* ------------------------------------------------------------------------------------------ */

const OP_UNION = 0;
const OP_INTER = 1;
const OP_DIFF = 2;
const AGG_SUM = 0;
const AGG_MIN = 1;
const AGG_MAX = 2;

/** One input of zunionInterDiffGenericCommand: a sorted set, a set (scores 1) or a missing key. */
interface Source {
  v: ZSet | SetValue | null;
  weight: number;
}

function sourceSize(s: Source): number {
  return s.v === null ? 0 : s.v.size;
}

/** zuiFind: the member's score in the source (1 in a set), undefined when absent. */
function sourceFind(s: Source, member: string): number | undefined {
  const v = s.v;
  if (v === null) return undefined;
  if (v instanceof ZSet) return v.score(member);
  return v.has(member) ? 1 : undefined;
}

/** Every element of a source with its score. */
function sourceEach(s: Source, fn: (member: string, score: number) => void): void {
  const v = s.v;
  if (v === null) return;
  if (v instanceof ZSet) {
    for (const [m, score] of v.entries()) fn(m, score);
  } else {
    for (const m of v.members) fn(m, 1);
  }
}

/** zunionInterAggregate. */
function aggregate(target: number, val: number, agg: number): number {
  if (agg === AGG_SUM) {
    const t = target + val;
    return t !== t ? 0 : t; // +inf + -inf
  }
  if (agg === AGG_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

/** Skip list order: score, then member bytes. */
function compareEntries(a: ZEntry, b: ZEntry): number {
  if (a[1] < b[1]) return -1;
  if (a[1] > b[1]) return 1;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

const MODE_REPLY = 0;
const MODE_STORE = 1;
const MODE_CARD = 2;

/**
 * zunionInterDiffGenericCommand: numkeys at argv[numkeysIdx], the keys after it, then WEIGHTS /
 * AGGREGATE (not for ZDIFF or ZINTERCARD), WITHSCORES (replying forms), LIMIT (ZINTERCARD).
 */
function zsetOpGeneric(c: Client, argv: string[], numkeysIdx: number, op: number, mode: number): void {
  const r = c.r;
  const argc = argv.length;
  const setnum = parseInt64(argv[numkeysIdx]!);
  if (setnum === null) return r.error(Err.NOT_INTEGER);
  if (setnum < 1) {
    return r.error(`ERR at least 1 input key is needed for '${argv[0]!.toLowerCase()}' command`);
  }
  if (setnum > argc - (numkeysIdx + 1)) return r.error(Err.SYNTAX);

  // Every key is looked up (and type checked) before the options are read.
  const src: Source[] = new Array<Source>(setnum);
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v = c.db.get(argv[j]!);
    const stats = c.broker.stats;
    if (v === undefined) {
      c.broker.keyMiss(c.db, argv[j]!);
      src[i] = { v: null, weight: 1 };
      continue;
    }
    stats.keyspaceHits++;
    if (!(v instanceof ZSet) && !(v instanceof SetValue)) return r.error(Err.WRONGTYPE);
    src[i] = { v, weight: 1 };
  }

  let agg = AGG_SUM;
  let withscores = false;
  let limit = 0;
  const store = mode === MODE_STORE;
  const card = mode === MODE_CARD;
  while (j < argc) {
    const remaining = argc - j;
    const opt = argv[j]!.toLowerCase();
    if (op !== OP_DIFF && !card && remaining >= setnum + 1 && opt === 'weights') {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const w = parseDouble(argv[j]!);
        if (w === null) return r.error('ERR weight value is not a float');
        src[i]!.weight = w;
      }
    } else if (op !== OP_DIFF && !card && remaining >= 2 && opt === 'aggregate') {
      const a = argv[j + 1]!.toLowerCase();
      if (a === 'sum') agg = AGG_SUM;
      else if (a === 'min') agg = AGG_MIN;
      else if (a === 'max') agg = AGG_MAX;
      else return r.error(Err.SYNTAX);
      j += 2;
    } else if (!store && !card && opt === 'withscores') {
      withscores = true;
      j++;
    } else if (card && remaining >= 2 && opt === 'limit') {
      const l = parseInt64(argv[j + 1]!);
      if (l === null || l < 0) return r.error("ERR LIMIT can't be negative");
      limit = l;
      j += 2;
    } else {
      return r.error(Err.SYNTAX);
    }
  }

  // Smallest inputs first (a stable sort): the order in which scores are aggregated.
  if (op !== OP_DIFF) src.sort((a, b) => sourceSize(a) - sourceSize(b));

  const result: ZEntry[] = [];
  let cardinality = 0;
  if (op === OP_INTER) {
    const first = src[0]!;
    if (sourceSize(first) > 0) {
      const v0 = first.v!;
      const w0 = first.weight;
      // zuiNext walks a sorted set from its tail; only ZINTERCARD's LIMIT could tell.
      for (const [m, s0] of v0 instanceof ZSet ? v0.entries(true) : setEntries(v0)) {
        let score = w0 * s0;
        if (score !== score) score = 0;
        let k = 1;
        for (; k < setnum; k++) {
          const other = src[k]!;
          let value: number | undefined;
          if (other.v === v0) value = s0 * other.weight;
          else {
            value = sourceFind(other, m);
            if (value === undefined) break;
            value *= other.weight;
          }
          score = aggregate(score, value, agg);
        }
        if (k !== setnum) continue;
        if (card) {
          cardinality++;
          if (limit !== 0 && cardinality >= limit) break;
        } else {
          result.push([m, score]);
        }
      }
    }
  } else if (op === OP_UNION) {
    const acc = new Map<string, number>();
    for (const s of src) {
      const w = s.weight;
      sourceEach(s, (m, value) => {
        let score = w * value;
        if (score !== score) score = 0;
        const prev = acc.get(m);
        acc.set(m, prev === undefined ? score : aggregate(prev, score, agg));
      });
    }
    for (const e of acc) result.push(e);
  } else {
    const first = src[0]!;
    if (sourceSize(first) > 0 && !src.some((s, k) => k > 0 && s.v === first.v)) {
      sourceEach(first, (m, score) => {
        for (let k = 1; k < setnum; k++) if (sourceFind(src[k]!, m) !== undefined) return;
        result.push([m, score]);
      });
    }
  }

  if (card) return r.int(cardinality);
  result.sort(compareEntries);
  if (!store) return replyEntries(c, result, withscores);

  // zsetConvertToListpackIfNeeded: the encoding follows the finished result.
  const z = newZset(c);
  let maxlen = 0;
  for (const e of result) if (e[0].length > maxlen) maxlen = e[0].length;
  if (result.length > z.maxListpackEntries || maxlen > z.maxListpackValue) z.convertToSkiplist();
  for (const [m, s] of result) addScore(z, m, s);
  storeResult(c, argv[1]!, z, op === OP_UNION ? 'zunionstore' : op === OP_INTER ? 'zinterstore' : 'zdiffstore');
}

function* setEntries(s: SetValue): IterableIterator<ZEntry> {
  for (const m of s.members) yield [m, 1];
}

// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
// ZDIFFSTORE destination numkeys key [key ...]
// ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
// ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
// ZDIFF numkeys key [key ...] [WITHSCORES]
// ZINTERCARD numkeys key [key ...] [LIMIT limit]
function zsetOp(op: number, mode: number): (c: Client, argv: string[]) => void {
  const numkeysIdx = mode === MODE_STORE ? 2 : 1;
  return (c, argv) => zsetOpGeneric(c, argv, numkeysIdx, op, mode);
}

/* ------------------------------------------------------------------------------------------ */
/* ZSCAN                                                                                        */
/* ------------------------------------------------------------------------------------------ */

/**
 * A score as a listpack holds it (zzlInsertAt): an integer when double2ll accepts it (integral
 * and within +-2^62), else d2string's %.17g.
 */
function listpackScoreText(s: number): string {
  if (Number.isInteger(s) && s >= -4611686018427387904 && s <= 4611686018427387904) {
    return Number.isSafeInteger(s) ? String(s) : BigInt(s).toString();
  }
  return formatDouble(s);
}

// ZSCAN key cursor [MATCH pattern] [COUNT count]
function zscan(c: Client, argv: string[]): void {
  const scan = typedScan(c, argv, ZSet);
  if (scan === null) return;
  const { value: z, cursor, opts } = scan;
  const pat = opts.pattern;
  const items: string[] = [];
  let next = '0';
  if (z.encoding === 'listpack') {
    for (const [m, s] of z.entries()) {
      if (pat === null || stringmatchlen(pat, m)) items.push(m, listpackScoreText(s));
    }
  } else {
    next = c.broker.scanCursors.step(z, cursor, opts.count, () => z.memberKeys(), (m) => {
      if (pat === null || stringmatchlen(pat, m)) items.push(m, formatDouble(z.score(m)!));
    });
  }
  replyScan(c, next, items);
}

/* ------------------------------------------------------------------------------------------ */
/* The table                                                                                    */
/* ------------------------------------------------------------------------------------------ */

const ONE_KEY = { first: 1, last: 1, step: 1 };
const NO_KEYS = { first: 0, last: 0, step: 0 };

function indexSpec(flags: string[], index = 1): KeySpecDef {
  return { flags, bs: { index }, fk: { lastkey: 0, keystep: 1, limit: 0 } };
}

function keynumSpec(flags: string[], index: number): KeySpecDef {
  return { flags, bs: { index }, fk: { keynumidx: 0, firstkey: 1, keystep: 1 } };
}

const RANGE_COMPLEXITY = 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.';
const RANGE_BY_COMPLEXITY =
  'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).';
const REMRANGE_COMPLEXITY =
  'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.';
const POP_COMPLEXITY = 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.';
const UNION_COMPLEXITY =
  'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.';
const INTER_COMPLEXITY =
  'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.';
const DIFF_COMPLEXITY =
  'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.';

export const commands: CommandSpec[] = [
  {
    name: 'ZADD',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Add one or more members to a sorted set, or update its score if it already exists',
    since: '1.2.0',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    history: [
      ['2.4.0', 'Accepts multiple elements.'],
      ['3.0.2', 'Added the `XX`, `NX`, `CH` and `INCR` options.'],
      ['6.2.0', 'Added the `GT` and `LT` options.'],
    ],
    args: 'key:key#0 [condition(NX | XX)@3.0.2] [comparison(GT | LT)@6.2.0] [change=CH@3.0.2] [increment=INCR@3.0.2] score_member{score:double member:string}...',
    handler: zadd,
  },
  {
    name: 'ZINCRBY',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    keySpecs: [indexSpec(['RW', 'access', 'update'])],
    group: 'sorted-set',
    summary: 'Increment the score of a member in a sorted set',
    since: '1.2.0',
    complexity: 'O(log(N)) where N is the number of elements in the sorted set.',
    args: 'key:key#0 increment:integer member:string',
    handler: zincrby,
  },
  {
    name: 'ZREM',
    arity: -3,
    flags: ['write', 'fast'],
    keys: ONE_KEY,
    keySpecs: [indexSpec(['RW', 'delete'])],
    group: 'sorted-set',
    summary: 'Remove one or more members from a sorted set',
    since: '1.2.0',
    complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.',
    history: [['2.4.0', 'Accepts multiple elements.']],
    args: 'key:key#0 member:string...',
    handler: zrem,
  },
  {
    name: 'ZSCORE',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Get the score associated with the given member in a sorted set',
    since: '1.2.0',
    complexity: 'O(1)',
    args: 'key:key#0 member:string',
    handler: zscore,
  },
  {
    name: 'ZMSCORE',
    arity: -3,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Get the score associated with the given members in a sorted set',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of members being requested.',
    args: 'key:key#0 member:string...',
    handler: zmscore,
  },
  {
    name: 'ZCARD',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    keySpecs: [indexSpec(['RO'])],
    group: 'sorted-set',
    summary: 'Get the number of members in a sorted set',
    since: '1.2.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    handler: zcard,
  },
  {
    name: 'ZCOUNT',
    arity: 4,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Count the members in a sorted set with scores within the given values',
    since: '2.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    args: 'key:key#0 min:double max:double',
    handler: zcount,
  },
  {
    name: 'ZLEXCOUNT',
    arity: 4,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Count the number of members in a sorted set between a given lexicographical range',
    since: '2.8.9',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    args: 'key:key#0 min:string max:string',
    handler: zlexcount,
  },
  {
    name: 'ZRANK',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Determine the index of a member in a sorted set',
    since: '2.0.0',
    complexity: 'O(log(N))',
    args: 'key:key#0 member:string',
    handler: zrankGeneric(false),
  },
  {
    name: 'ZREVRANK',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Determine the index of a member in a sorted set, with scores ordered from high to low',
    since: '2.0.0',
    complexity: 'O(log(N))',
    args: 'key:key#0 member:string',
    handler: zrankGeneric(true),
  },
  {
    name: 'ZRANGE',
    arity: -4,
    flags: ['readonly'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Return a range of members in a sorted set',
    since: '1.2.0',
    complexity: RANGE_COMPLEXITY,
    history: [['6.2.0', 'Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.']],
    args: 'key:key#0 start:string stop:string [sortby(BYSCORE | BYLEX)@6.2.0] [REV@6.2.0] [LIMIT offset_count{offset:integer count:integer}@6.2.0] [WITHSCORES]',
    handler: zrange,
  },
  {
    name: 'ZRANGEBYSCORE',
    arity: -4,
    flags: ['readonly'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Return a range of members in a sorted set, by score',
    since: '1.0.5',
    complexity: RANGE_BY_COMPLEXITY,
    history: [['2.0.0', 'Added the `WITHSCORES` modifier.']],
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `BYSCORE` argument',
    docFlags: ['deprecated'],
    args: 'key:key#0 min:double max:double [WITHSCORES@2.0.0] [LIMIT offset_count{offset:integer count:integer}]',
    handler: zrangebyscore,
  },
  {
    name: 'ZREVRANGEBYSCORE',
    arity: -4,
    flags: ['readonly'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Return a range of members in a sorted set, by score, with scores ordered from high to low',
    since: '2.2.0',
    complexity: RANGE_BY_COMPLEXITY,
    history: [['2.1.6', '`min` and `max` can be exclusive.']],
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` and `BYSCORE` arguments',
    docFlags: ['deprecated'],
    args: 'key:key#0 max:double min:double [WITHSCORES] [LIMIT offset_count{offset:integer count:integer}]',
    handler: zrevrangebyscore,
  },
  {
    name: 'ZRANGEBYLEX',
    arity: -4,
    flags: ['readonly'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Return a range of members in a sorted set, by lexicographical range',
    since: '2.8.9',
    complexity: RANGE_BY_COMPLEXITY,
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `BYLEX` argument',
    docFlags: ['deprecated'],
    args: 'key:key#0 min:string max:string [LIMIT offset_count{offset:integer count:integer}]',
    handler: zrangebylex,
  },
  {
    name: 'ZREVRANGEBYLEX',
    arity: -4,
    flags: ['readonly'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.',
    since: '2.8.9',
    complexity: RANGE_BY_COMPLEXITY,
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` and `BYLEX` arguments',
    docFlags: ['deprecated'],
    args: 'key:key#0 max:string min:string [LIMIT offset_count{offset:integer count:integer}]',
    handler: zrevrangebylex,
  },
  {
    name: 'ZREVRANGE',
    arity: -4,
    flags: ['readonly'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Return a range of members in a sorted set, by index, with scores ordered from high to low',
    since: '1.2.0',
    complexity: RANGE_COMPLEXITY,
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` argument',
    docFlags: ['deprecated'],
    args: 'key:key#0 start:integer stop:integer [WITHSCORES]',
    handler: zrevrange,
  },
  {
    name: 'ZRANGESTORE',
    arity: -5,
    flags: ['write', 'denyoom'],
    keys: { first: 1, last: 2, step: 1 },
    keySpecs: [indexSpec(['OW', 'update'], 1), indexSpec(['RO', 'access'], 2)],
    group: 'sorted-set',
    summary: 'Store a range of members from sorted set into another key',
    since: '6.2.0',
    complexity:
      'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.',
    args: 'dst:key#0 src:key#1 min:string max:string [sortby(BYSCORE | BYLEX)] [REV] [LIMIT offset_count{offset:integer count:integer}]',
    handler: zrangestore,
  },
  {
    name: 'ZPOPMIN',
    arity: -2,
    flags: ['write', 'fast'],
    keys: ONE_KEY,
    keySpecs: [indexSpec(['RW', 'access', 'delete'])],
    group: 'sorted-set',
    summary: 'Remove and return members with the lowest scores in a sorted set',
    since: '5.0.0',
    complexity: POP_COMPLEXITY,
    args: 'key:key#0 [count:integer]',
    handler: zpopMinMax(ZSET_MIN),
  },
  {
    name: 'ZPOPMAX',
    arity: -2,
    flags: ['write', 'fast'],
    keys: ONE_KEY,
    keySpecs: [indexSpec(['RW', 'access', 'delete'])],
    group: 'sorted-set',
    summary: 'Remove and return members with the highest scores in a sorted set',
    since: '5.0.0',
    complexity: POP_COMPLEXITY,
    args: 'key:key#0 [count:integer]',
    handler: zpopMinMax(ZSET_MAX),
  },
  {
    name: 'ZMPOP',
    arity: -4,
    flags: ['write'],
    keys: NO_KEYS,
    keySpecs: [keynumSpec(['RW', 'access', 'delete'], 1)],
    group: 'sorted-set',
    summary: 'Remove and return members with scores in a sorted set',
    since: '7.0.0',
    complexity:
      'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
    args: 'numkeys:integer key:key#0... where(MIN | MAX) [COUNT count:integer]',
    handler: zmpop,
  },
  {
    name: 'ZRANDMEMBER',
    arity: -2,
    flags: ['readonly'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Get one or multiple random elements from a sorted set',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of elements returned',
    tips: ['nondeterministic_output'],
    args: 'key:key#0 [options{count:integer [WITHSCORES]}]',
    handler: zrandmember,
  },
  {
    name: 'ZREMRANGEBYSCORE',
    arity: 4,
    flags: ['write'],
    keys: ONE_KEY,
    keySpecs: [indexSpec(['RW', 'delete'])],
    group: 'sorted-set',
    summary: 'Remove all members in a sorted set within the given scores',
    since: '1.2.0',
    complexity: REMRANGE_COMPLEXITY,
    args: 'key:key#0 min:double max:double',
    handler: zremrangeGeneric(BY_SCORE),
  },
  {
    name: 'ZREMRANGEBYRANK',
    arity: 4,
    flags: ['write'],
    keys: ONE_KEY,
    keySpecs: [indexSpec(['RW', 'delete'])],
    group: 'sorted-set',
    summary: 'Remove all members in a sorted set within the given indexes',
    since: '2.0.0',
    complexity: REMRANGE_COMPLEXITY,
    args: 'key:key#0 start:integer stop:integer',
    handler: zremrangeGeneric(BY_RANK),
  },
  {
    name: 'ZREMRANGEBYLEX',
    arity: 4,
    flags: ['write'],
    keys: ONE_KEY,
    keySpecs: [indexSpec(['RW', 'delete'])],
    group: 'sorted-set',
    summary: 'Remove all members in a sorted set between the given lexicographical range',
    since: '2.8.9',
    complexity: REMRANGE_COMPLEXITY,
    args: 'key:key#0 min:string max:string',
    handler: zremrangeGeneric(BY_LEX),
  },
  {
    name: 'ZUNIONSTORE',
    arity: -4,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keySpecs: [indexSpec(['OW', 'update'], 1), keynumSpec(['RO', 'access'], 2)],
    group: 'sorted-set',
    summary: 'Add multiple sorted sets and store the resulting sorted set in a new key',
    since: '2.0.0',
    complexity:
      'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
    args: 'destination:key#0 numkeys:integer key:key#1... [WEIGHTS weight:integer...] [AGGREGATE aggregate(SUM | MIN | MAX)]',
    handler: zsetOp(OP_UNION, MODE_STORE),
  },
  {
    name: 'ZINTERSTORE',
    arity: -4,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keySpecs: [indexSpec(['OW', 'update'], 1), keynumSpec(['RO', 'access'], 2)],
    group: 'sorted-set',
    summary: 'Intersect multiple sorted sets and store the resulting sorted set in a new key',
    since: '2.0.0',
    complexity: INTER_COMPLEXITY,
    args: 'destination:key#0 numkeys:integer key:key#1... [WEIGHTS weight:integer...] [AGGREGATE aggregate(SUM | MIN | MAX)]',
    handler: zsetOp(OP_INTER, MODE_STORE),
  },
  {
    name: 'ZDIFFSTORE',
    arity: -4,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keySpecs: [indexSpec(['OW', 'update'], 1), keynumSpec(['RO', 'access'], 2)],
    group: 'sorted-set',
    summary: 'Subtract multiple sorted sets and store the resulting sorted set in a new key',
    since: '6.2.0',
    complexity: DIFF_COMPLEXITY,
    args: 'destination:key#0 numkeys:integer key:key#1...',
    handler: zsetOp(OP_DIFF, MODE_STORE),
  },
  {
    name: 'ZUNION',
    arity: -3,
    flags: ['readonly'],
    keys: NO_KEYS,
    keySpecs: [keynumSpec(['RO', 'access'], 1)],
    group: 'sorted-set',
    summary: 'Add multiple sorted sets',
    since: '6.2.0',
    complexity: UNION_COMPLEXITY,
    args: 'numkeys:integer key:key#0... [WEIGHTS weight:integer...] [AGGREGATE aggregate(SUM | MIN | MAX)] [WITHSCORES]',
    handler: zsetOp(OP_UNION, MODE_REPLY),
  },
  {
    name: 'ZINTER',
    arity: -3,
    flags: ['readonly'],
    keys: NO_KEYS,
    keySpecs: [keynumSpec(['RO', 'access'], 1)],
    group: 'sorted-set',
    summary: 'Intersect multiple sorted sets',
    since: '6.2.0',
    complexity: INTER_COMPLEXITY,
    args: 'numkeys:integer key:key#0... [WEIGHTS weight:integer...] [AGGREGATE aggregate(SUM | MIN | MAX)] [WITHSCORES]',
    handler: zsetOp(OP_INTER, MODE_REPLY),
  },
  {
    name: 'ZDIFF',
    arity: -3,
    flags: ['readonly'],
    keys: NO_KEYS,
    keySpecs: [keynumSpec(['RO', 'access'], 1)],
    group: 'sorted-set',
    summary: 'Subtract multiple sorted sets',
    since: '6.2.0',
    complexity: DIFF_COMPLEXITY,
    args: 'numkeys:integer key:key#0... [WITHSCORES]',
    handler: zsetOp(OP_DIFF, MODE_REPLY),
  },
  {
    name: 'ZINTERCARD',
    arity: -3,
    flags: ['readonly'],
    keys: NO_KEYS,
    keySpecs: [keynumSpec(['RO', 'access'], 1)],
    group: 'sorted-set',
    summary: 'Intersect multiple sorted sets and return the cardinality of the result',
    since: '7.0.0',
    complexity: 'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.',
    args: 'numkeys:integer key:key#0... [LIMIT limit:integer]',
    handler: zsetOp(OP_INTER, MODE_CARD),
  },
  {
    name: 'ZSCAN',
    arity: -3,
    flags: ['readonly'],
    keys: ONE_KEY,
    group: 'sorted-set',
    summary: 'Incrementally iterate sorted sets elements and associated scores',
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    tips: ['nondeterministic_output'],
    args: 'key:key#0 cursor:integer [MATCH pattern:pattern] [COUNT count:integer]',
    handler: zscan,
  },
];
