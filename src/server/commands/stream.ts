/*
 * Stream commands (Redis 7.0 t_stream.c): XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XREAD,
 * XSETID, XINFO. The consumer-group commands live in stream-group.ts; XREAD and XREADGROUP share
 * one implementation here (xread), as Redis's xreadCommand serves both.
 *
 * Propagation (what the AOF records) is what happened, as Redis propagates it:
 *   - XADD with `*` or `<ms>-*` is propagated with the generated ID; an approximate trim
 *     (`~`, LIMIT) as the exact trim it amounted to (`MAXLEN = <length>` / `MINID = <first id>`);
 *   - XTRIM `~` likewise;
 *   - XREADGROUP, XCLAIM and XAUTOCLAIM are not propagated themselves: their effects on the
 *     group are, as XCLAIM ... FORCE JUSTID LASTID and XGROUP SETID / CREATECONSUMER
 *     (broker.alsoPropagate, c.preventPropagation).
 *
 * Blocking XREAD / XREADGROUP go through blocking/index.ts: the command blocks with the IDs it
 * resolved (`$` -> the stream's last ID then, `>` -> the group's last ID at serving time) and is
 * re-run pinned to the stream key that became ready; it is served when the stream's last ID is
 * greater than that ID (serveClientsBlockedOnStreamKey), with COUNT or 1000 entries at most.
 * An XREADGROUP whose group disappears gets Redis's NOGROUP error; one whose stream key is deleted
 * or changes type gets -UNBLOCKED.
 *
 * Stream writes other than XADD (and XGROUP DESTROY) only invalidate WATCH (touchWatched), as
 * Redis's signalModifiedKey does: they do not wake blocked readers. XSETID and the group commands
 * (stream-group.ts) do not even invalidate WATCH: Redis 7.0.15 calls no signalModifiedKey there.
 */

import type { Client } from '../client.js';
import type { CommandSpec, KeySpecDef } from '../command.js';
import { keepOriginalArgv } from '../dispatcher.js';
import { Err } from '../errors.js';
import { parseInt64 } from '../args.js';
import { readTyped, writeTyped } from '../keyspace/lookup.js';
import {
  decrId,
  formatId,
  incrId,
  INVALID_ID,
  MAX_ID,
  MIN_ID,
  parseStreamId,
  parseStrictId,
  StreamValue,
  type StreamEntry,
  type StreamId,
  type TrimArgs,
} from '../types/stream.js';
import { bumpDeliveryCount, Consumer, INVALID_ENTRIES_READ, sortedGroups, type ConsumerGroup, type Nack } from '../types/stream-group.js';
import { helpSubcommand, subcommandSyntaxError } from './help.js';

/* ------------------------------------------------------------------------------------------ */
/* Shared helpers (also used by stream-group.ts)                                               */
/* ------------------------------------------------------------------------------------------ */

/** Node limits from the config (stream-node-max-bytes / -entries). */
export function nodeLimits(c: Client): { maxBytes: number; maxEntries: number } {
  const cfg = c.broker.config;
  return { maxBytes: cfg.num('stream-node-max-bytes'), maxEntries: cfg.num('stream-node-max-entries') };
}

/** One entry: [id, [field, value, ...]]. */
export function replyEntry(c: Client, e: StreamEntry): void {
  const r = c.r;
  r.array(2);
  r.bulk(formatId(e.id));
  const n = e.values.length;
  r.array(n * 2);
  for (let i = 0; i < n; i++) {
    r.bulk(e.fields[i]!);
    r.bulk(e.values[i]!);
  }
}

export function replyEntries(c: Client, es: readonly StreamEntry[]): void {
  c.r.array(es.length);
  for (const e of es) replyEntry(c, e);
}

/** getLongLongFromObjectOrReply with an optional custom message; null after replying. */
export function int64Arg(c: Client, s: string, msg?: string): number | null {
  const v = parseInt64(s);
  if (v === null) {
    c.r.error(msg === undefined ? Err.NOT_INTEGER : msg.startsWith('ERR ') ? msg : `ERR ${msg}`);
    return null;
  }
  return v;
}

/** Read an interval bound (streamParseIntervalIDOrReply + the `(` increment/decrement). */
export function intervalId(c: Client, arg: string, isStart: boolean): StreamId | null {
  const exclude = arg.length > 1 && arg.charCodeAt(0) === 40; /* ( */
  const p = exclude ? parseStreamId(arg.slice(1), isStart ? 0n : (1n << 64n) - 1n, true) : parseStreamId(arg, isStart ? 0n : (1n << 64n) - 1n, false);
  if (p === null) {
    c.r.error(INVALID_ID);
    return null;
  }
  if (!exclude) return p.id;
  const id = isStart ? incrId(p.id) : decrId(p.id);
  if (id === null) {
    c.r.error(isStart ? 'ERR invalid start ID for the interval' : 'ERR invalid end ID for the interval');
    return null;
  }
  return id;
}

/** A strict ID argument; null after replying the error. */
export function strictIdArg(c: Client, arg: string): StreamId | null {
  const id = parseStrictId(arg);
  if (id === null) c.r.error(INVALID_ID);
  return id;
}

/** lookupKeyRead without a reply: stats counted, the stream, null (missing) or undefined (WRONGTYPE replied). */
function lookupStreamRead(c: Client, key: string): StreamValue | null | undefined {
  return readTyped(c, key, StreamValue);
}

/* ------------------------------------------------------------------------------------------ */
/* streamReplyWithRange with a group: deliveries, the PEL, propagation                         */
/* ------------------------------------------------------------------------------------------ */

/** XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE JUSTID LASTID last (streamPropagateXCLAIM). */
export function propagateXclaim(c: Client, key: string, g: ConsumerGroup, id: StreamId, nack: Nack): void {
  if (!c.broker.propagating) return;
  c.broker.alsoPropagate(c, [
    'XCLAIM',
    key,
    g.name,
    nack.consumer!.name,
    '0',
    formatId(id),
    'TIME',
    String(nack.deliveryTime),
    'RETRYCOUNT',
    String(nack.deliveryCount),
    'FORCE',
    'JUSTID',
    'LASTID',
    formatId(g.lastId),
  ]);
}

/** XGROUP SETID key group last ENTRIESREAD n (streamPropagateGroupID). */
export function propagateGroupId(c: Client, key: string, g: ConsumerGroup): void {
  c.broker.alsoPropagate(c, ['XGROUP', 'SETID', key, g.name, formatId(g.lastId), 'ENTRIESREAD', String(g.entriesRead)]);
}

/** streamCreateConsumer with SCC_DEFAULT: dirty and the keyspace event. */
export function createConsumer(c: Client, g: ConsumerGroup, name: string, key: string): Consumer {
  const consumer = new Consumer(name, c.broker.now());
  g.consumers.set(name, consumer);
  c.broker.dirty++;
  c.broker.notify(c.db, 'xgroup-createconsumer', key);
  return consumer;
}

/** streamLookupConsumer with SLC_DEFAULT: refreshes seen-time. */
export function lookupConsumer(c: Client, g: ConsumerGroup, name: string, refresh = true): Consumer | undefined {
  const consumer = g.consumers.get(name);
  if (consumer !== undefined && refresh) consumer.seenTime = c.broker.now();
  return consumer;
}

/** Redis's streamRangeHasTombstones. */
function rangeHasTombstones(s: StreamValue, start: StreamId): boolean {
  if (s.length === 0 || s.maxDeletedId === 0n) return false;
  // The latest tombstone is before the first entry.
  if (s.firstId > s.maxDeletedId) return false;
  return start <= s.maxDeletedId;
}

/** streamEstimateDistanceFromFirstEverEntry; INVALID_ENTRIES_READ when unknown. */
export function estimateDistance(s: StreamValue, id: StreamId): number {
  if (s.entriesAdded === 0) return 0;
  if (s.length === 0 && id <= s.lastId) return s.entriesAdded;
  if (id === s.lastId) return s.entriesAdded;
  if (id > s.lastId) return INVALID_ENTRIES_READ;
  if (s.maxDeletedId === 0n || s.maxDeletedId < s.firstId) {
    if (id < s.firstId) return s.entriesAdded - s.length;
    if (id === s.firstId) return s.entriesAdded - s.length + 1;
  }
  return INVALID_ENTRIES_READ;
}

/** streamReplyWithCGLag's value, or null when unknown. */
export function groupLag(s: StreamValue, g: ConsumerGroup): number | null {
  if (s.entriesAdded === 0) return 0;
  if (g.entriesRead !== INVALID_ENTRIES_READ && !rangeHasTombstones(s, g.lastId)) return s.entriesAdded - g.entriesRead;
  const read = estimateDistance(s, g.lastId);
  return read === INVALID_ENTRIES_READ ? null : s.entriesAdded - read;
}

/**
 * Deliver new entries (start..end, at most count, 0 = all) to a consumer of a group: advances the
 * group's last ID and entries-read, creates or reassigns NACKs (unless noack), propagates. Returns
 * the entries to reply.
 */
export function deliverNew(
  c: Client,
  key: string,
  s: StreamValue,
  start: StreamId,
  count: number,
  g: ConsumerGroup,
  consumer: Consumer,
  noack: boolean,
): StreamEntry[] {
  const out: StreamEntry[] = [];
  let propagateLastId = false;
  const now = c.broker.now();
  for (const e of s.entries(start, MAX_ID, false)) {
    const id = e.id;
    if (id > g.lastId) {
      // Redis 7.0 checks for tombstones from the delivered ID on (later versions changed this).
      if (g.entriesRead !== INVALID_ENTRIES_READ && !rangeHasTombstones(s, id)) {
        g.entriesRead++;
      } else if (s.entriesAdded !== 0) {
        g.entriesRead = estimateDistance(s, id);
      }
      g.lastId = id;
      if (noack) propagateLastId = true;
    }
    out.push(e);
    if (!noack) {
      let nack = g.pel.get(id);
      if (nack === undefined) {
        nack = { deliveryTime: now, deliveryCount: 1, consumer };
        g.pel.set(id, nack);
        consumer.pel.set(id, nack);
      } else {
        nack.consumer?.pel.delete(id);
        nack.consumer = consumer;
        nack.deliveryTime = now;
        nack.deliveryCount = 1;
        consumer.pel.set(id, nack);
      }
      propagateXclaim(c, key, g, id, nack);
    }
    if (count !== 0 && out.length === count) break;
  }
  if (propagateLastId) propagateGroupId(c, key, g);
  return out;
}

/**
 * streamReplyWithRangeFromConsumerPEL: the consumer's own pending entries from `start`; deleted
 * entries come back as [id, nil]. Re-delivery bumps the delivery count and time.
 */
function replyHistory(c: Client, s: StreamValue, start: StreamId, count: number, consumer: Consumer): () => void {
  const items: Array<[StreamId, StreamEntry | null]> = [];
  const now = c.broker.now();
  for (const [id, nack] of consumer.pel.from(start)) {
    if (count !== 0 && items.length >= count) break;
    const e = s.get(id);
    if (e !== null) {
      nack.deliveryTime = now;
      nack.deliveryCount = bumpDeliveryCount(nack.deliveryCount);
    }
    items.push([id, e]);
  }
  // The PEL is read (and delivery counts bumped) now, in key order; the reply is written later.
  return () => {
    c.r.array(items.length);
    for (const [id, e] of items) {
      if (e !== null) replyEntry(c, e);
      else {
        c.r.array(2);
        c.r.bulk(formatId(id));
        c.r.nullArray();
      }
    }
  };
}

/* ------------------------------------------------------------------------------------------ */
/* XADD / XTRIM                                                                                */
/* ------------------------------------------------------------------------------------------ */

interface AddTrimArgs {
  trim: TrimArgs | null;
  /** argv index of the MAXLEN/MINID value (the `~` is just before it when approximate). */
  trimArgIdx: number;
  noMkstream: boolean;
  id: StreamId | null;
  seqGiven: boolean;
  /** argv index of the ID (XADD): argv.length when none was found. */
  idPos: number;
}

/** streamParseAddOrTrimArgsOrReply: null after replying an error. */
function parseAddOrTrim(c: Client, argv: readonly string[], xadd: boolean): AddTrimArgs | null {
  let strategy: 'maxlen' | 'minid' | null = null;
  let approx = false;
  let maxlen = 0;
  let minid: StreamId = 0n;
  let limit = 0;
  let limitGiven = false;
  let trimArgIdx = 0;
  let noMkstream = false;
  let id: StreamId | null = null;
  let seqGiven = true;
  let i = 2;
  for (; i < argv.length; i++) {
    const moreargs = argv.length - 1 - i;
    const opt = argv[i]!;
    if (xadd && opt === '*') break;
    const up = opt.toUpperCase();
    if ((up === 'MAXLEN' || up === 'MINID') && moreargs) {
      if (strategy !== null) {
        c.r.error('ERR syntax error, MAXLEN and MINID options at the same time are not compatible');
        return null;
      }
      approx = false;
      const next = argv[i + 1]!;
      if (moreargs >= 2 && next === '~') {
        approx = true;
        i++;
      } else if (moreargs >= 2 && next === '=') {
        i++;
      }
      if (up === 'MAXLEN') {
        const v = int64Arg(c, argv[i + 1]!);
        if (v === null) return null;
        if (v < 0) {
          c.r.error('ERR The MAXLEN argument must be >= 0.');
          return null;
        }
        maxlen = v;
      } else {
        const v = strictIdArg(c, argv[i + 1]!);
        if (v === null) return null;
        minid = v;
      }
      i++;
      strategy = up === 'MAXLEN' ? 'maxlen' : 'minid';
      trimArgIdx = i;
    } else if (up === 'LIMIT' && moreargs) {
      const v = int64Arg(c, argv[i + 1]!);
      if (v === null) return null;
      if (v < 0) {
        c.r.error('ERR The LIMIT argument must be >= 0.');
        return null;
      }
      limit = v;
      limitGiven = true;
      i++;
    } else if (xadd && up === 'NOMKSTREAM') {
      noMkstream = true;
    } else if (xadd) {
      const p = parseStreamId(opt, 0n, true, true);
      if (p === null) {
        c.r.error(INVALID_ID);
        return null;
      }
      id = p.id;
      seqGiven = p.seqGiven;
      break;
    } else {
      c.r.error(Err.SYNTAX);
      return null;
    }
  }
  if (limit !== 0 && strategy === null) {
    c.r.error('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy');
    return null;
  }
  if (!xadd && strategy === null) {
    c.r.error('ERR syntax error, XTRIM must be called with a trimming strategy');
    return null;
  }
  if (c.socket === null && c.loading) {
    // Commands replayed from the AOF trim exactly what they say (mustObeyClient).
    limit = 0;
  } else if (limitGiven) {
    if (!approx) {
      c.r.error('ERR syntax error, LIMIT cannot be used without the special ~ option');
      return null;
    }
  } else if (approx) {
    limit = 100 * c.broker.config.num('stream-node-max-entries');
    if (limit <= 0) limit = 10000;
    if (limit > 1000000) limit = 1000000;
  } else {
    limit = 0;
  }
  const trim = strategy === null ? null : { strategy, approx, limit, maxlen, minid };
  return { trim, trimArgIdx, noMkstream, id, seqGiven, idPos: i };
}

/** Rewrite `~ <n>` into `= <what the stream now is>` for propagation (streamRewriteTrimArgument). */
function rewriteApproxTrim(c: Client, argv: string[], s: StreamValue, a: AddTrimArgs): void {
  keepOriginalArgv(c, argv);
  argv[a.trimArgIdx - 1] = '=';
  argv[a.trimArgIdx] = a.trim!.strategy === 'maxlen' ? String(s.length) : formatId(s.edgeId(true, false));
}

// XADD key [NOMKSTREAM] [(MAXLEN | MINID) [= | ~] threshold [LIMIT count]] (* | id) field value [field value ...]
function xadd(c: Client, argv: string[]): void {
  const a = parseAddOrTrim(c, argv, true);
  if (a === null) return;
  const fieldPos = a.idPos + 1;
  const nfv = argv.length - fieldPos;
  if (nfv < 2 || nfv % 2 === 1) return c.r.error(Err.arity('xadd'));
  if (a.id !== null && a.seqGiven && a.id === 0n) return c.r.error('ERR The ID specified in XADD must be greater than 0-0');
  const key = argv[1]!;
  let s = writeTyped(c, key, StreamValue);
  if (s === undefined) return;
  let created = false;
  if (s === null) {
    if (a.noMkstream) return c.r.null();
    s = new StreamValue();
    created = true;
  }
  if (s.lastId === MAX_ID) return c.r.error('ERR The stream has exhausted the last possible ID, unable to add more items');
  // streamAppendItem's ID rules.
  let id: StreamId;
  if (a.id === null) {
    const ms = BigInt(c.broker.now());
    const lastMs = s.lastId >> 64n;
    id = ms > lastMs ? ms << 64n : s.lastId + 1n;
  } else if (!a.seqGiven) {
    const ms = a.id >> 64n;
    const lastMs = s.lastId >> 64n;
    if (ms === lastMs) {
      // Redis 7.0.15's streamAppendItem fails this sequence overflow without setting errno, and
      // xaddCommand words the error after errno: "equal or smaller" only when a failure just
      // before left EDOM there (an XADD with too small an ID, and nothing since that reset errno:
      // an accept, a strtoull in an ID parse, some allocations). From a fresh connection, and
      // after most commands, it is this:
      if ((s.lastId & ((1n << 64n) - 1n)) === (1n << 64n) - 1n) return c.r.error('ERR Elements are too large to be stored');
      id = s.lastId + 1n;
    } else id = a.id;
  } else id = a.id;
  if (id <= s.lastId) return c.r.error('ERR The ID specified in XADD is equal or smaller than the target stream top item');
  if (created) c.db.put(key, s);
  s.append(id, argv.slice(fieldPos), nodeLimits(c));
  const idStr = formatId(id);
  c.r.bulk(idStr);
  const b = c.broker;
  b.notify(c.db, 'xadd', key);
  b.dirty++;
  if (a.trim !== null) {
    if (s.trim(a.trim) !== 0) b.notify(c.db, 'xtrim', key);
    if (a.trim.approx) rewriteApproxTrim(c, argv, s, a);
  }
  if (a.id === null || !a.seqGiven) {
    keepOriginalArgv(c, argv);
    argv[a.idPos] = idStr;
  }
  c.db.modified(key);
}

// XTRIM key (MAXLEN | MINID) [= | ~] threshold [LIMIT count]
function xtrim(c: Client, argv: string[]): void {
  const a = parseAddOrTrim(c, argv, false);
  if (a === null) return;
  const key = argv[1]!;
  const s = writeTyped(c, key, StreamValue);
  if (s === undefined) return;
  if (s === null) return c.r.int(0);
  const deleted = s.trim(a.trim!);
  if (deleted !== 0) {
    c.broker.notify(c.db, 'xtrim', key);
    if (a.trim!.approx) rewriteApproxTrim(c, argv, s, a);
    c.db.touchWatched(key);
    c.broker.dirty += deleted;
  }
  c.r.int(deleted);
}

/* ------------------------------------------------------------------------------------------ */
/* XLEN / XRANGE / XREVRANGE / XDEL / XSETID                                                   */
/* ------------------------------------------------------------------------------------------ */

// XLEN key
function xlen(c: Client, argv: string[]): void {
  const s = lookupStreamRead(c, argv[1]!);
  if (s === undefined) return;
  c.r.int(s === null ? 0 : s.length);
}

// XRANGE key start end [COUNT count] / XREVRANGE key end start [COUNT count]
function xrangeGeneric(c: Client, argv: string[], rev: boolean): void {
  const start = intervalId(c, rev ? argv[3]! : argv[2]!, true);
  if (start === null) return;
  const end = intervalId(c, rev ? argv[2]! : argv[3]!, false);
  if (end === null) return;
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (argv[j]!.toUpperCase() === 'COUNT' && argv.length - j - 1 >= 1) {
      const v = int64Arg(c, argv[j + 1]!);
      if (v === null) return;
      count = v < 0 ? 0 : v;
      j++;
    } else return c.r.error(Err.SYNTAX);
  }
  const key = argv[1]!;
  const v = c.db.get(key);
  if (v === undefined) {
    c.broker.keyMiss(c.db, key);
    return c.r.array(0);
  }
  c.broker.stats.keyspaceHits++;
  if (!(v instanceof StreamValue)) return c.r.error(Err.WRONGTYPE);
  if (count === 0) return c.r.nullArray();
  const out: StreamEntry[] = [];
  for (const e of v.entries(start, end, rev)) {
    out.push(e);
    if (count > 0 && out.length === count) break;
  }
  replyEntries(c, out);
}

// XDEL key id [id ...]
function xdel(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const s = writeTyped(c, key, StreamValue);
  if (s === undefined) return;
  if (s === null) return c.r.int(0);
  const ids: StreamId[] = [];
  for (let j = 2; j < argv.length; j++) {
    const id = strictIdArg(c, argv[j]!);
    if (id === null) return;
    ids.push(id);
  }
  let deleted = 0;
  let firstEntry = false;
  for (const id of ids) {
    if (s.delete(id)) {
      if (id === s.firstId) firstEntry = true;
      if (id > s.maxDeletedId) s.maxDeletedId = id;
      deleted++;
    }
  }
  if (deleted !== 0) {
    if (s.length === 0) s.firstId = 0n;
    else if (firstEntry) s.firstId = s.edgeId(true, true);
    c.db.touchWatched(key);
    c.broker.notify(c.db, 'xdel', key);
    c.broker.dirty += deleted;
  }
  c.r.int(deleted);
}

// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
function xsetid(c: Client, argv: string[]): void {
  const id = strictIdArg(c, argv[2]!);
  if (id === null) return;
  let entriesAdded = -1;
  let maxXdel: StreamId = 0n;
  for (let i = 3; i < argv.length; i += 2) {
    const moreargs = argv.length - 1 - i;
    const opt = argv[i]!.toUpperCase();
    if (opt === 'ENTRIESADDED' && moreargs) {
      const v = int64Arg(c, argv[i + 1]!);
      if (v === null) return;
      if (v < 0) return c.r.error('ERR entries_added must be positive');
      entriesAdded = v;
    } else if (opt === 'MAXDELETEDID' && moreargs) {
      const v = strictIdArg(c, argv[i + 1]!);
      if (v === null) return;
      if (id < v) return c.r.error('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id');
      maxXdel = v;
    } else return c.r.error(Err.SYNTAX);
  }
  const key = argv[1]!;
  const s = writeTyped(c, key, StreamValue);
  if (s === undefined) return;
  if (s === null) return c.r.error(Err.NO_SUCH_KEY);
  if (s.length > 0) {
    if (id < s.lastValidId()) return c.r.error('ERR The ID specified in XSETID is smaller than the target stream top item');
    if (entriesAdded !== -1 && s.length > entriesAdded)
      return c.r.error('ERR The entries_added specified in XSETID is smaller than the target stream length');
  }
  s.lastId = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (maxXdel !== 0n) s.maxDeletedId = maxXdel;
  c.r.ok();
  // Redis 7.0's xsetidCommand calls no signalModifiedKey: a WATCH on the key survives it.
  c.broker.dirty++;
  c.broker.notify(c.db, 'xsetid', key);
}

/* ------------------------------------------------------------------------------------------ */
/* XREAD / XREADGROUP                                                                          */
/* ------------------------------------------------------------------------------------------ */

const XREAD_BLOCKED_DEFAULT_COUNT = 1000;

/** What a blocked XREAD / XREADGROUP keeps until it is served. */
interface XreadBlock {
  keys: string[];
  ids: StreamId[];
  count: number;
  group: string | null;
  consumer: string;
  noack: boolean;
}

function replyNoKeyGroup(c: Client, key: string, group: string): void {
  c.r.error(`NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option`);
}

// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
// XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]
export function xread(c: Client, argv: string[]): void {
  const served = c.broker.blocking.servedKey(c);
  if (served !== null) return serveBlocked(c, served);
  const xreadgroup = argv[0]!.length === 10;
  let deadline = -1;
  let count = 0;
  let streamsArg = 0;
  let streamsCount = 0;
  let noack = false;
  let groupName: string | null = null;
  let consumerName = '';
  for (let i = 1; i < argv.length; i++) {
    const moreargs = argv.length - i - 1;
    const o = argv[i]!.toUpperCase();
    if (o === 'BLOCK' && moreargs) {
      i++;
      const d = c.broker.blocking.timeoutMillis(c, argv[i]!);
      if (d === null) return;
      deadline = d;
    } else if (o === 'COUNT' && moreargs) {
      i++;
      const v = int64Arg(c, argv[i]!);
      if (v === null) return;
      count = v < 0 ? 0 : v;
    } else if (o === 'STREAMS' && moreargs) {
      streamsArg = i + 1;
      streamsCount = argv.length - streamsArg;
      if (streamsCount % 2 !== 0) {
        // Redis 7.0 names XREAD and `$` for XREADGROUP too.
        return c.r.error("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
      }
      streamsCount /= 2;
      break;
    } else if (o === 'GROUP' && moreargs >= 2) {
      if (!xreadgroup) return c.r.error('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.');
      groupName = argv[i + 1]!;
      consumerName = argv[i + 2]!;
      i += 2;
    } else if (o === 'NOACK') {
      if (!xreadgroup) return c.r.error('ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.');
      noack = true;
    } else return c.r.error(Err.SYNTAX);
  }
  if (streamsArg === 0) return c.r.error(Err.SYNTAX);
  if (xreadgroup && groupName === null) return c.r.error('ERR Missing GROUP option for XREADGROUP');

  const keys = argv.slice(streamsArg, streamsArg + streamsCount);
  const ids: StreamId[] = new Array<StreamId>(streamsCount);
  const groups: ConsumerGroup[] = [];
  for (let k = 0; k < streamsCount; k++) {
    const key = keys[k]!;
    const arg = argv[streamsArg + streamsCount + k]!;
    const o = lookupStreamRead(c, key);
    if (o === undefined) return;
    if (groupName !== null) {
      const g = o === null ? undefined : o.groups?.get(groupName);
      if (g === undefined) return replyNoKeyGroup(c, key, groupName);
      groups.push(g);
    }
    if (arg === '$') {
      if (xreadgroup)
        return c.r.error(
          'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
        );
      ids[k] = o === null ? 0n : o.lastId;
      continue;
    }
    if (arg === '>') {
      if (!xreadgroup) return c.r.error('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
      ids[k] = MAX_ID;
      continue;
    }
    const id = strictIdArg(c, arg);
    if (id === null) return;
    ids[k] = id;
  }

  // Serve synchronously what can be served. Replies are collected first: the top-level length
  // is only known at the end (Redis's deferred length).
  const parts: Array<() => void> = [];
  for (let k = 0; k < streamsCount; k++) {
    const key = keys[k]!;
    const s = lookupStreamRead(c, key);
    if (s === null || s === undefined) continue;
    let gt = ids[k]!;
    let serve = false;
    let history = false;
    const g = groupName !== null ? groups[k]! : null;
    if (g !== null) {
      if (gt !== MAX_ID) {
        serve = true;
        history = true;
      } else if (s.length !== 0) {
        if (s.lastValidId() > g.lastId) {
          serve = true;
          gt = g.lastId;
        }
      }
    } else if (s.length !== 0 && s.lastValidId() > gt) {
      serve = true;
    }
    if (!serve) continue;
    const start = gt === MAX_ID ? MAX_ID : gt + 1n;
    if (g === null) {
      const out: StreamEntry[] = [];
      if (gt !== MAX_ID)
        for (const e of s.entries(start, MAX_ID, false)) {
          out.push(e);
          if (count !== 0 && out.length === count) break;
        }
      parts.push(() => {
        if (c.resp === 2) c.r.array(2);
        c.r.bulk(key);
        replyEntries(c, out);
      });
      continue;
    }
    let consumer = lookupConsumer(c, g, consumerName);
    if (consumer === undefined) {
      consumer = createConsumer(c, g, consumerName, key);
      if (noack) c.broker.alsoPropagate(c, ['XGROUP', 'CREATECONSUMER', key, g.name, consumerName]);
    }
    c.broker.dirty++;
    if (history) {
      // History is read now, in key order like the others (the same key may follow with `>`).
      const writeHistory = replyHistory(c, s, start, count, consumer);
      parts.push(() => {
        if (c.resp === 2) c.r.array(2);
        c.r.bulk(key);
        writeHistory();
      });
      continue;
    }
    const out = deliverNew(c, key, s, start, count, g, consumer, noack);
    parts.push(() => {
      if (c.resp === 2) c.r.array(2);
      c.r.bulk(key);
      replyEntries(c, out);
    });
  }
  if (groupName !== null) c.preventPropagation = true;
  if (parts.length !== 0) {
    if (c.resp === 2) c.r.array(parts.length);
    else c.r.map(parts.length);
    for (const p of parts) p();
    return;
  }
  if (deadline === -1) return c.r.nullArray();
  const b = c.broker.blocking;
  if (b.cannotBlock(c)) return c.r.nullArray();
  const data: XreadBlock = {
    keys,
    ids,
    count: count !== 0 ? count : XREAD_BLOCKED_DEFAULT_COUNT,
    group: groupName,
    consumer: consumerName,
    noack,
  };
  b.block(c, argv, 'stream', keys, deadline, {
    data,
    keyGone: groupName === null ? undefined : (cl) => cl.r.error('UNBLOCKED the stream key no longer exists'),
  });
}

/** serveClientsBlockedOnStreamKey for one client and the key that became ready. */
function serveBlocked(c: Client, key: string): void {
  const b = c.broker;
  const data = b.blocking.servedData(c) as XreadBlock;
  const s = c.db.peek(key);
  if (!(s instanceof StreamValue)) return b.blocking.block(c, [], 'stream', [], 0);
  const k = data.keys.indexOf(key);
  let gt = data.ids[k]!;
  let g: ConsumerGroup | null = null;
  if (data.group !== null) {
    c.preventPropagation = true;
    g = s.groups?.get(data.group) ?? null;
    if (g === null) return c.r.error('NOGROUP the consumer group this client was blocked on no longer exists');
    gt = g.lastId;
  }
  if (!(s.lastId > gt)) {
    c.preventPropagation = false;
    return b.blocking.block(c, [], 'stream', [], 0);
  }
  const start = gt + 1n;
  let out: StreamEntry[];
  if (g !== null) {
    let consumer = lookupConsumer(c, g, data.consumer);
    if (consumer === undefined) {
      consumer = createConsumer(c, g, data.consumer, key);
      if (data.noack) b.alsoPropagate(c, ['XGROUP', 'CREATECONSUMER', key, g.name, data.consumer]);
    }
    out = deliverNew(c, key, s, start, data.count, g, consumer, data.noack);
    // No dirty++ here: Redis 7.0's serveClientsBlockedOnStreamKey counts no change for what it
    // delivers (deliverNew's XCLAIMs still reach the AOF through alsoPropagate).
  } else {
    out = [];
    for (const e of s.entries(start, MAX_ID, false)) {
      out.push(e);
      if (out.length === data.count) break;
    }
  }
  if (c.resp === 2) {
    c.r.array(1);
    c.r.array(2);
  } else c.r.map(1);
  c.r.bulk(key);
  replyEntries(c, out);
}

/* ------------------------------------------------------------------------------------------ */
/* XINFO                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/**
 * XINFO STREAM's radix-tree-nodes: rax.c's numnodes for the rax whose keys are the stream's node
 * master IDs (16 bytes, big-endian), given in increasing order. O(number of nodes), no history.
 *
 * Why the key set is enough. A rax node is a trie position that is the head (empty prefix), a key
 * (here always a leaf: no 16-byte key is a prefix of another), a branching point (two or more
 * children, a non-compressed node), or the first position of a run of single-child positions
 * (a compressed node, or a non-compressed node of size 1 for a run of one byte). For fixed-length
 * keys every rax operation Redis 7.0 performs on a stream keeps those runs maximal:
 *  - raxInsert: a split of a compressed node (ALGO 1) yields the trimmed run, the branching node
 *    and the postfix run; the new key's remaining bytes become one run and its leaf;
 *  - raxRemove (XTRIM dropping first nodes, XDEL emptying a node): the leaf and the run above it
 *    go; a branching node left with one child is merged with the runs above and below it.
 * So the tree is always the compressed trie of the current keys, whatever the order of inserts
 * and removals; test/server/types/stream-rax.test.ts checks this against a port of rax.c.
 *
 * Counting: with l[i] the length of the common prefix of keys i and i+1 (sorted), the branching
 * nodes are the distinct nodes of the Cartesian tree of l (equal minima merge into one node with
 * more children). A branching node at depth m whose parent branching node is at depth p (-1 at the
 * top) costs 1, plus 1 for the run in front of it when m > p + 1. A key whose deepest branching
 * ancestor is at depth p costs its leaf, plus 1 for the run in front of it when p < 15. A lone
 * key is the head (a 16-byte run) and its leaf; an empty rax is its head alone.
 */
export function raxNodeCount(keys: readonly StreamId[]): number {
  const n = keys.length;
  if (n <= 1) return n + 1;
  let nodes = 0;
  // The depth of the branching node above each leaf: max of its two neighbouring prefixes.
  let prev = -1;
  // Monotonic stack of open branching depths (strictly increasing).
  const stack: number[] = [];
  for (let i = 0; i <= n - 1; i++) {
    const l = i < n - 1 ? commonPrefixBytes(keys[i]!, keys[i + 1]!) : -1;
    nodes += Math.max(prev, l) < 15 ? 2 : 1;
    prev = l;
    while (stack.length > 0 && stack[stack.length - 1]! > l) {
      const m = stack.pop()!;
      const parent = Math.max(l, stack.length > 0 ? stack[stack.length - 1]! : -1);
      nodes += m > parent + 1 ? 2 : 1;
    }
    if (l >= 0 && (stack.length === 0 || stack[stack.length - 1]! < l)) stack.push(l);
  }
  return nodes;
}

/** The number of leading bytes two different 16-byte big-endian IDs share (0..15). */
function commonPrefixBytes(a: StreamId, b: StreamId): number {
  // 32 hex digits per key: the bytes in common are the leading zero hex digits of a ^ b, halved.
  return (32 - (a ^ b).toString(16).length) >> 1;
}

function xinfoStream(c: Client, argv: string[], s: StreamValue): void {
  let full = false;
  let count = 10;
  const optc = argv.length - 3;
  if (optc !== 0) {
    if (optc !== 1 && optc !== 3) return subcommandSyntaxError(c, argv);
    if (argv[3]!.toUpperCase() !== 'FULL') return subcommandSyntaxError(c, argv);
    if (optc === 3) {
      if (argv[4]!.toUpperCase() !== 'COUNT') return subcommandSyntaxError(c, argv);
      const v = int64Arg(c, argv[5]!);
      if (v === null) return;
      count = v < 0 ? 10 : v;
    }
    full = true;
  }
  const r = c.r;
  r.map(full ? 9 : 10);
  r.bulk('length');
  r.int(s.length);
  r.bulk('radix-tree-keys');
  r.int(s.nodeCount);
  r.bulk('radix-tree-nodes');
  r.int(raxNodeCount(s.nodeKeys()));
  r.bulk('last-generated-id');
  r.bulk(formatId(s.lastId));
  r.bulk('max-deleted-entry-id');
  r.bulk(formatId(s.maxDeletedId));
  r.bulk('entries-added');
  r.int(s.entriesAdded);
  r.bulk('recorded-first-entry-id');
  r.bulk(formatId(s.firstId));
  if (!full) {
    r.bulk('groups');
    r.int(s.groups === null ? 0 : s.groups.size);
    r.bulk('first-entry');
    let first: StreamEntry | null = null;
    for (const e of s.entries(MIN_ID, MAX_ID, false)) {
      first = e;
      break;
    }
    if (first === null) r.null();
    else replyEntry(c, first);
    r.bulk('last-entry');
    let last: StreamEntry | null = null;
    for (const e of s.entries(MIN_ID, MAX_ID, true)) {
      last = e;
      break;
    }
    if (last === null) r.null();
    else replyEntry(c, last);
    return;
  }
  r.bulk('entries');
  const ents: StreamEntry[] = [];
  for (const e of s.entries(MIN_ID, MAX_ID, false)) {
    ents.push(e);
    if (count !== 0 && ents.length === count) break;
  }
  replyEntries(c, ents);
  r.bulk('groups');
  const groups = sortedGroups(s.groups);
  r.array(groups.length);
  for (const g of groups) {
    r.map(7);
    r.bulk('name');
    r.bulk(g.name);
    r.bulk('last-delivered-id');
    r.bulk(formatId(g.lastId));
    r.bulk('entries-read');
    if (g.entriesRead !== INVALID_ENTRIES_READ) r.int(g.entriesRead);
    else r.null();
    r.bulk('lag');
    const lag = groupLag(s, g);
    if (lag === null) r.null();
    else r.int(lag);
    r.bulk('pel-count');
    r.int(g.pel.size);
    r.bulk('pending');
    const pending: Array<[StreamId, Nack]> = [];
    for (const p of g.pel.from(0n)) {
      if (count !== 0 && pending.length >= count) break;
      pending.push(p);
    }
    r.array(pending.length);
    for (const [id, n] of pending) {
      r.array(4);
      r.bulk(formatId(id));
      r.bulk(n.consumer!.name);
      r.int(n.deliveryTime);
      r.int(n.deliveryCount);
    }
    r.bulk('consumers');
    const consumers = g.sortedConsumers();
    r.array(consumers.length);
    for (const cons of consumers) {
      r.map(4);
      r.bulk('name');
      r.bulk(cons.name);
      r.bulk('seen-time');
      r.int(cons.seenTime);
      r.bulk('pel-count');
      r.int(cons.pel.size);
      r.bulk('pending');
      const cp: Array<[StreamId, Nack]> = [];
      for (const p of cons.pel.from(0n)) {
        if (count !== 0 && cp.length >= count) break;
        cp.push(p);
      }
      r.array(cp.length);
      for (const [id, n] of cp) {
        r.array(3);
        r.bulk(formatId(id));
        r.int(n.deliveryTime);
        r.int(n.deliveryCount);
      }
    }
  }
}

/** XINFO <sub> key ...: the stream, or null after replying. */
function xinfoLookup(c: Client, argv: string[]): StreamValue | null {
  const key = argv[2]!;
  const v = c.db.get(key);
  if (v === undefined) {
    c.broker.keyMiss(c.db, key);
    c.r.error(Err.NO_SUCH_KEY);
    return null;
  }
  c.broker.stats.keyspaceHits++;
  if (!(v instanceof StreamValue)) {
    c.r.error(Err.WRONGTYPE);
    return null;
  }
  return v;
}

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

/* ------------------------------------------------------------------------------------------ */
/* Command table                                                                               */
/* ------------------------------------------------------------------------------------------ */

const KEY1 = { first: 1, last: 1, step: 1 };
const KEY2 = { first: 2, last: 2, step: 1 };
const NO_KEYS = { first: 0, last: 0, step: 0 };

export function ks(flags: string[], index = 1, notes?: string): KeySpecDef {
  const spec: KeySpecDef = { flags, bs: { index }, fk: { lastkey: 0, keystep: 1, limit: 0 } };
  if (notes !== undefined) spec.notes = notes;
  return spec;
}

export function streamsKeySpec(flags: string[], startfrom: number): KeySpecDef {
  return { flags, bs: { keyword: 'STREAMS', startfrom }, fk: { lastkey: -1, keystep: 1, limit: 2 } };
}

export const commands: CommandSpec[] = [
  {
    name: 'XADD',
    arity: -5,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    group: 'stream',
    tips: ['nondeterministic_output'],
    keySpecs: [ks(['RW', 'update'], 1, 'UPDATE instead of INSERT because of the optional trimming feature')],
    summary: 'Appends a new entry to a stream',
    since: '5.0.0',
    complexity: 'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.',
    history: [
      ['6.2.0', 'Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option.'],
      ['7.0.0', 'Added support for the `<ms>-*` explicit ID form.'],
    ],
    args:
      'key:key#0 [NOMKSTREAM@6.2.0] [trim{strategy(MAXLEN | MINID@6.2.0) [operator(equal="=" | approximately="~")] threshold:string [LIMIT count:integer@6.2.0]}] id_or_auto(auto_id="*" | id:string) field_value{field:string value:string}...',
    handler: xadd,
  },
  {
    name: 'XTRIM',
    arity: -4,
    flags: ['write'],
    keys: KEY1,
    group: 'stream',
    tips: ['nondeterministic_output'],
    keySpecs: [ks(['RW', 'delete'])],
    summary: "Trims the stream to (approximately if '~' is passed) a certain size",
    since: '5.0.0',
    complexity:
      'O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.',
    history: [['6.2.0', 'Added the `MINID` trimming strategy and the `LIMIT` option.']],
    args: 'key:key#0 trim{strategy(MAXLEN | MINID@6.2.0) [operator(equal="=" | approximately="~")] threshold:string [LIMIT count:integer@6.2.0]}',
    handler: xtrim,
  },
  {
    name: 'XLEN',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: KEY1,
    group: 'stream',
    keySpecs: [ks(['RO'])],
    summary: 'Return the number of entries in a stream',
    since: '5.0.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    handler: xlen,
  },
  {
    name: 'XRANGE',
    arity: -4,
    flags: ['readonly'],
    keys: KEY1,
    group: 'stream',
    keySpecs: [ks(['RO', 'access'])],
    summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval',
    since: '5.0.0',
    complexity:
      'O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
    history: [['6.2.0', 'Added exclusive ranges.']],
    args: 'key:key#0 start:string end:string [COUNT count:integer]',
    handler: (c, argv) => xrangeGeneric(c, argv, false),
  },
  {
    name: 'XREVRANGE',
    arity: -4,
    flags: ['readonly'],
    keys: KEY1,
    group: 'stream',
    keySpecs: [ks(['RO', 'access'])],
    summary:
      'Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE',
    since: '5.0.0',
    complexity:
      'O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
    history: [['6.2.0', 'Added exclusive ranges.']],
    args: 'key:key#0 end:string start:string [COUNT count:integer]',
    handler: (c, argv) => xrangeGeneric(c, argv, true),
  },
  {
    name: 'XDEL',
    arity: -3,
    flags: ['write', 'fast'],
    keys: KEY1,
    group: 'stream',
    keySpecs: [ks(['RW', 'delete'])],
    summary:
      'Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.',
    since: '5.0.0',
    complexity: 'O(1) for each single item to delete in the stream, regardless of the stream size.',
    args: 'key:key#0 id:string...',
    handler: xdel,
  },
  {
    name: 'XSETID',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    group: 'stream',
    keySpecs: [ks(['RW', 'update'])],
    summary: 'An internal command for replicating stream values',
    since: '5.0.0',
    complexity: 'O(1)',
    history: [['7.0.0', 'Added the `entries_added` and `max_deleted_entry_id` arguments.']],
    args: 'key:key#0 last-id:string [ENTRIESADDED entries_added:integer@7.0.0] [MAXDELETEDID max_deleted_entry_id:string@7.0.0]',
    handler: xsetid,
  },
  {
    name: 'XREAD',
    arity: -4,
    flags: ['readonly', 'blocking', 'movablekeys'],
    keys: NO_KEYS,
    group: 'stream',
    keySpecs: [streamsKeySpec(['RO', 'access'], 1)],
    summary: 'Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.',
    since: '5.0.0',
    complexity:
      'For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.',
    args: '[COUNT count:integer] [BLOCK milliseconds:integer] STREAMS streams{key:key#0... id:string...}',
    handler: xread,
  },
  {
    name: 'XINFO',
    arity: -2,
    flags: [],
    keys: NO_KEYS,
    group: 'stream',
    summary: 'A container for stream introspection commands',
    since: '5.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'CONSUMERS',
        arity: 4,
        flags: ['readonly'],
        keys: KEY2,
        group: 'stream',
        tips: ['nondeterministic_output'],
        keySpecs: [ks(['RO', 'access'], 2)],
        summary: 'List the consumers in a consumer group',
        since: '5.0.0',
        complexity: 'O(1)',
        args: 'key:key#0 groupname:string',
        // XINFO CONSUMERS key group
        handler(c, argv) {
          const s = xinfoLookup(c, argv);
          if (s === null) return;
          const g = s.groups?.get(argv[3]!);
          if (g === undefined) return c.r.error(`NOGROUP No such consumer group '${argv[3]!}' for key name '${argv[2]!}'`);
          const now = c.broker.now();
          const consumers = g.sortedConsumers();
          c.r.array(consumers.length);
          for (const cons of consumers) {
            c.r.map(3);
            c.r.bulk('name');
            c.r.bulk(cons.name);
            c.r.bulk('pending');
            c.r.int(cons.pel.size);
            c.r.bulk('idle');
            c.r.int(Math.max(0, now - cons.seenTime));
          }
        },
      },
      {
        name: 'GROUPS',
        arity: 3,
        flags: ['readonly'],
        keys: KEY2,
        group: 'stream',
        keySpecs: [ks(['RO', 'access'], 2)],
        summary: 'List the consumer groups of a stream',
        since: '5.0.0',
        complexity: 'O(1)',
        history: [['7.0.0', 'Added the `entries-read` and `lag` fields']],
        args: 'key:key#0',
        // XINFO GROUPS key
        handler(c, argv) {
          const s = xinfoLookup(c, argv);
          if (s === null) return;
          const groups = sortedGroups(s.groups);
          c.r.array(groups.length);
          for (const g of groups) {
            c.r.map(6);
            c.r.bulk('name');
            c.r.bulk(g.name);
            c.r.bulk('consumers');
            c.r.int(g.consumers.size);
            c.r.bulk('pending');
            c.r.int(g.pel.size);
            c.r.bulk('last-delivered-id');
            c.r.bulk(formatId(g.lastId));
            c.r.bulk('entries-read');
            if (g.entriesRead !== INVALID_ENTRIES_READ) c.r.int(g.entriesRead);
            else c.r.null();
            c.r.bulk('lag');
            const lag = groupLag(s, g);
            if (lag === null) c.r.null();
            else c.r.int(lag);
          }
        },
      },
      {
        name: 'STREAM',
        arity: -3,
        flags: ['readonly'],
        keys: KEY2,
        group: 'stream',
        keySpecs: [ks(['RO', 'access'], 2)],
        summary: 'Get information about a stream',
        since: '5.0.0',
        complexity: 'O(1)',
        history: [
          ['6.0.0', 'Added the `FULL` modifier.'],
          ['7.0.0', 'Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields'],
        ],
        args: 'key:key#0 [FULL full{[COUNT count:integer]}]',
        // XINFO STREAM key [FULL [COUNT count]]
        handler(c, argv) {
          const s = xinfoLookup(c, argv);
          if (s === null) return;
          xinfoStream(c, argv, s);
        },
      },
      helpSubcommand({ group: 'stream', since: '5.0.0', lines: XINFO_HELP }),
    ],
  },
];
