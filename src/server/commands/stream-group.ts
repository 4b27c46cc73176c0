/*
 * Consumer-group commands (Redis 7.0 t_stream.c): XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM,
 * XAUTOCLAIM. The data structures are in types/stream-group.ts; XREADGROUP shares XREAD's
 * implementation (commands/stream.ts).
 *
 * Pending-entry corner cases follow Redis: an entry deleted (XDEL) or trimmed while pending stays
 * in the PEL; XREADGROUP's history returns it as [id, nil]; XCLAIM and XAUTOCLAIM drop it from
 * the PEL when they meet it (XAUTOCLAIM lists it in its third reply element) and propagate that
 * as an XCLAIM; a consumer deleted with pending entries takes them out of the group PEL.
 *
 * XCLAIM and XAUTOCLAIM are not propagated themselves: each claim is propagated as the
 * idempotent `XCLAIM ... TIME t RETRYCOUNT n FORCE JUSTID LASTID id` Redis emits.
 *
 * WATCH: as in Redis 7.0.15, no group command calls signalModifiedKey (XGROUP CREATE / SETID /
 * DESTROY / CREATECONSUMER / DELCONSUMER, XACK, XCLAIM, XAUTOCLAIM, XREADGROUP leave a WATCH on the
 * key intact); only XGROUP CREATE ... MKSTREAM, which creates the key, does.
 */

import type { Client } from '../client.js';
import type { CommandSpec } from '../command.js';
import { Err } from '../errors.js';
import { parseBigInt64 } from '../args.js';
import { readTyped, writeTyped } from '../keyspace/lookup.js';
import { formatId, MAX_ID, StreamValue, type StreamEntry, type StreamId } from '../types/stream.js';
import { bumpDeliveryCount, ConsumerGroup, deliveryCountOf, INVALID_ENTRIES_READ, type Consumer, type Nack } from '../types/stream-group.js';
import {
  createConsumer,
  int64Arg,
  intervalId,
  ks,
  lookupConsumer,
  propagateGroupId,
  propagateXclaim,
  replyEntry,
  strictIdArg,
  streamsKeySpec,
  xread,
} from './stream.js';
import { parseStreamId } from '../types/stream.js';
import { helpSubcommand, subcommandSyntaxError } from './help.js';

function noGroup(c: Client, key: string, group: string): void {
  c.r.error(`NOGROUP No such key '${key}' or consumer group '${group}'`);
}

/* ------------------------------------------------------------------------------------------ */
/* XGROUP                                                                                      */
/* ------------------------------------------------------------------------------------------ */

interface GroupTarget {
  key: string;
  s: StreamValue | null;
  g: ConsumerGroup | null;
  mkstream: boolean;
  entriesRead: number;
}

/**
 * The preamble every XGROUP subcommand with a key shares (xgroupCommand): options of CREATE and
 * SETID, the key (which must exist unless MKSTREAM), and the group for the subcommands needing
 * one. Null after replying.
 */
function groupTarget(c: Client, argv: string[], needGroup: boolean): GroupTarget | null {
  const sub = argv[1]!.toUpperCase();
  const create = sub === 'CREATE';
  const setid = sub === 'SETID';
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  let i = 5;
  while (i < argv.length) {
    const opt = argv[i]!.toUpperCase();
    if (create && opt === 'MKSTREAM') {
      mkstream = true;
      i++;
    } else if ((create || setid) && opt === 'ENTRIESREAD' && i + 1 < argv.length) {
      const v = int64Arg(c, argv[i + 1]!);
      if (v === null) return null;
      if (v < 0 && v !== INVALID_ENTRIES_READ) {
        c.r.error('ERR value for ENTRIESREAD must be positive or -1');
        return null;
      }
      entriesRead = v;
      i += 2;
    } else {
      subcommandSyntaxError(c, argv);
      return null;
    }
  }
  const key = argv[2]!;
  const s = writeTyped(c, key, StreamValue);
  if (s === undefined) return null;
  const grp = argv[3]!;
  let g: ConsumerGroup | null = null;
  if (!mkstream) {
    if (s === null) {
      c.r.error(
        'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
      );
      return null;
    }
    g = s.groups?.get(grp) ?? null;
    if (g === null && needGroup) {
      c.r.error(`NOGROUP No such consumer group '${grp}' for key name '${key}'`);
      return null;
    }
  }
  return { key, s, g, mkstream, entriesRead };
}

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

// XGROUP CREATE key group (id | $) [MKSTREAM] [ENTRIESREAD entries-read]
function xgroupCreate(c: Client, argv: string[]): void {
  if (argv.length > 8) return subcommandSyntaxError(c, argv);
  const t = groupTarget(c, argv, false);
  if (t === null) return;
  let id: StreamId;
  if (argv[4] === '$') id = t.s === null ? 0n : t.s.lastId;
  else {
    const v = strictIdArg(c, argv[4]!);
    if (v === null) return;
    id = v;
  }
  let s = t.s;
  if (s === null) {
    s = new StreamValue();
    c.db.put(t.key, s);
    c.db.modified(t.key);
  }
  if (s.groups === null) s.groups = new Map();
  const name = argv[3]!;
  if (s.groups.has(name)) return c.r.error('BUSYGROUP Consumer Group name already exists');
  s.groups.set(name, new ConsumerGroup(name, id, t.entriesRead));
  c.r.ok();
  c.broker.dirty++;
  c.broker.notify(c.db, 'xgroup-create', t.key);
}

// XGROUP SETID key group (id | $) [ENTRIESREAD entries-read]
function xgroupSetid(c: Client, argv: string[]): void {
  if (argv.length !== 5 && argv.length !== 7) return subcommandSyntaxError(c, argv);
  const t = groupTarget(c, argv, true);
  if (t === null) return;
  let id: StreamId;
  if (argv[4] === '$') id = t.s!.lastId;
  else {
    const p = parseStreamId(argv[4]!, 0n, false);
    if (p === null) return c.r.error('ERR Invalid stream ID specified as stream command argument');
    id = p.id;
  }
  t.g!.lastId = id;
  t.g!.entriesRead = t.entriesRead;
  c.r.ok();
  c.broker.dirty++;
  c.broker.notify(c.db, 'xgroup-setid', t.key);
}

// XGROUP DESTROY key group
function xgroupDestroy(c: Client, argv: string[]): void {
  const t = groupTarget(c, argv, false);
  if (t === null) return;
  if (t.g === null) return c.r.int(0);
  t.s!.groups!.delete(t.g.name);
  c.r.int(1);
  c.broker.dirty++;
  c.broker.notify(c.db, 'xgroup-destroy', t.key);
  // Blocked XREADGROUP clients of this group must hear about it (-NOGROUP): Redis 7.0 signals
  // the key as ready, but calls no signalModifiedKey (a WATCH on the key survives).
  c.broker.signalKeyReady(c.db, t.key);
}

// XGROUP CREATECONSUMER key group consumer
function xgroupCreateConsumer(c: Client, argv: string[]): void {
  const t = groupTarget(c, argv, true);
  if (t === null) return;
  const name = argv[4]!;
  if (t.g!.consumers.has(name)) return c.r.int(0);
  createConsumer(c, t.g!, name, t.key);
  c.r.int(1);
}

// XGROUP DELCONSUMER key group consumer
function xgroupDelConsumer(c: Client, argv: string[]): void {
  const t = groupTarget(c, argv, true);
  if (t === null) return;
  const consumer = lookupConsumer(c, t.g!, argv[4]!, false);
  let pending = 0;
  if (consumer !== undefined) {
    pending = consumer.pel.size;
    t.g!.deleteConsumer(consumer);
    c.broker.dirty++;
    c.broker.notify(c.db, 'xgroup-delconsumer', t.key);
  }
  c.r.int(pending);
}

/* ------------------------------------------------------------------------------------------ */
/* XACK / XPENDING                                                                             */
/* ------------------------------------------------------------------------------------------ */

// XACK key group id [id ...]
function xack(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const s = readTyped(c, key, StreamValue);
  if (s === undefined) return;
  const g = s?.groups?.get(argv[2]!);
  if (s === null || g === undefined) return c.r.int(0);
  const ids: StreamId[] = [];
  for (let j = 3; j < argv.length; j++) {
    const id = strictIdArg(c, argv[j]!);
    if (id === null) return;
    ids.push(id);
  }
  let acked = 0;
  for (const id of ids) {
    const nack = g.pel.get(id);
    if (nack === undefined) continue;
    g.pel.delete(id);
    nack.consumer?.pel.delete(id);
    acked++;
  }
  if (acked !== 0) c.broker.dirty += acked;
  c.r.int(acked);
}

// XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
function xpending(c: Client, argv: string[]): void {
  const justinfo = argv.length === 3;
  if (argv.length !== 3 && (argv.length < 6 || argv.length > 9)) return c.r.error(Err.SYNTAX);
  let start: StreamId = 0n;
  let end: StreamId = MAX_ID;
  let count = 0;
  let minidle = 0;
  let consumerName: string | null = null;
  if (argv.length >= 6) {
    let si = 3;
    if (argv[3]!.toUpperCase() === 'IDLE') {
      const v = int64Arg(c, argv[4]!);
      if (v === null) return;
      minidle = v;
      if (argv.length < 8) return c.r.error(Err.SYNTAX);
      si += 2;
    }
    const cnt = int64Arg(c, argv[si + 2]!);
    if (cnt === null) return;
    count = cnt < 0 ? 0 : cnt;
    const st = intervalId(c, argv[si]!, true);
    if (st === null) return;
    const en = intervalId(c, argv[si + 1]!, false);
    if (en === null) return;
    start = st;
    end = en;
    if (si + 3 < argv.length) consumerName = argv[si + 3]!;
  }
  const key = argv[1]!;
  const s = readTyped(c, key, StreamValue);
  if (s === undefined) return;
  const g = s?.groups?.get(argv[2]!);
  if (s === null || g === undefined) return noGroup(c, key, argv[2]!);
  const r = c.r;
  if (justinfo) {
    r.array(4);
    r.int(g.pel.size);
    if (g.pel.size === 0) {
      r.null();
      r.null();
      r.nullArray();
      return;
    }
    r.bulk(formatId(g.pel.first()!));
    r.bulk(formatId(g.pel.last()!));
    const owners = g.sortedConsumers().filter((x) => x.pel.size !== 0);
    r.array(owners.length);
    for (const o of owners) {
      r.array(2);
      r.bulk(o.name);
      r.bulk(String(o.pel.size));
    }
    return;
  }
  let pel = g.pel;
  if (consumerName !== null) {
    const consumer = lookupConsumer(c, g, consumerName, false);
    if (consumer === undefined) return r.array(0);
    pel = consumer.pel;
  }
  const now = c.broker.now();
  const rows: Array<[StreamId, Nack]> = [];
  for (const [id, nack] of pel.from(start)) {
    if (count === 0 || id > end) break;
    if (minidle !== 0 && now - nack.deliveryTime < minidle) continue;
    rows.push([id, nack]);
    count--;
  }
  r.array(rows.length);
  for (const [id, nack] of rows) {
    r.array(4);
    r.bulk(formatId(id));
    r.bulk(nack.consumer!.name);
    r.int(Math.max(0, now - nack.deliveryTime));
    r.int(nack.deliveryCount);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* XCLAIM / XAUTOCLAIM                                                                         */
/* ------------------------------------------------------------------------------------------ */

/** Drop a pending entry whose stream entry is gone, propagating it as Redis does. */
function dropDeletedPending(c: Client, key: string, g: ConsumerGroup, id: StreamId, nack: Nack): void {
  propagateXclaim(c, key, g, id, nack);
  c.broker.dirty++;
  g.pel.delete(id);
  nack.consumer?.pel.delete(id);
}

/** Hand a NACK to a consumer. */
function assign(g: ConsumerGroup, id: StreamId, nack: Nack, consumer: Consumer): void {
  if (nack.consumer !== consumer) {
    nack.consumer?.pel.delete(id);
    nack.consumer = consumer;
    consumer.pel.set(id, nack);
  }
  void g;
}

// XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]
function xclaim(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const s = readTyped(c, key, StreamValue);
  if (s === undefined) return;
  const g = s?.groups?.get(argv[2]!);
  if (s === null || g === undefined) return noGroup(c, key, argv[2]!);
  const mi = int64Arg(c, argv[4]!, 'Invalid min-idle-time argument for XCLAIM');
  if (mi === null) return;
  const minidle = mi < 0 ? 0 : mi;
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const p = parseStreamId(argv[j]!, 0n, true);
    if (p === null) break;
    ids.push(p.id);
  }
  const now = c.broker.now();
  let force = false;
  let justid = false;
  let deliveryTime = -1;
  let retrycount: number | bigint = -1;
  let lastId: StreamId = 0n;
  for (; j < argv.length; j++) {
    const moreargs = argv.length - 1 - j;
    const opt = argv[j]!.toUpperCase();
    if (opt === 'FORCE') force = true;
    else if (opt === 'JUSTID') justid = true;
    else if (opt === 'IDLE' && moreargs) {
      const v = int64Arg(c, argv[++j]!, 'Invalid IDLE option argument for XCLAIM');
      if (v === null) return;
      deliveryTime = now - v;
    } else if (opt === 'TIME' && moreargs) {
      const v = int64Arg(c, argv[++j]!, 'Invalid TIME option argument for XCLAIM');
      if (v === null) return;
      deliveryTime = v;
    } else if (opt === 'RETRYCOUNT' && moreargs) {
      const v = parseBigInt64(argv[++j]!);
      if (v === null) return c.r.error('ERR Invalid RETRYCOUNT option argument for XCLAIM');
      retrycount = deliveryCountOf(v);
    } else if (opt === 'LASTID' && moreargs) {
      const v = strictIdArg(c, argv[++j]!);
      if (v === null) return;
      lastId = v;
    } else return c.r.error(`ERR Unrecognized XCLAIM option '${argv[j]!}'`);
  }
  let propagateLastId = false;
  if (lastId > g.lastId) {
    g.lastId = lastId;
    propagateLastId = true;
  }
  if (deliveryTime !== -1) {
    if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
  } else deliveryTime = now;
  let consumer: Consumer | undefined;
  const out: Array<StreamId | StreamEntry> = [];
  for (const id of ids) {
    let nack = g.pel.get(id);
    const e = s.get(id);
    if (e === null) {
      if (nack !== undefined) {
        dropDeletedPending(c, key, g, id, nack);
        propagateLastId = false;
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = { deliveryTime: now, deliveryCount: 1, consumer: null };
      g.pel.set(id, nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== null && minidle !== 0 && now - nack.deliveryTime < minidle) continue;
    if (consumer === undefined) consumer = lookupConsumer(c, g, argv[3]!) ?? createConsumer(c, g, argv[3]!, key);
    assign(g, id, nack, consumer);
    nack.deliveryTime = deliveryTime;
    if (retrycount >= 0) nack.deliveryCount = retrycount;
    else if (!justid) nack.deliveryCount = bumpDeliveryCount(nack.deliveryCount);
    out.push(justid ? id : e);
    propagateXclaim(c, key, g, id, nack);
    propagateLastId = false;
    c.broker.dirty++;
  }
  if (propagateLastId) {
    propagateGroupId(c, key, g);
    c.broker.dirty++;
  }
  c.preventPropagation = true;
  c.r.array(out.length);
  for (const o of out) {
    if (typeof o === 'bigint') c.r.bulk(formatId(o));
    else replyEntry(c, o);
  }
}

// XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
function xautoclaim(c: Client, argv: string[]): void {
  const mi = int64Arg(c, argv[4]!, 'Invalid min-idle-time argument for XAUTOCLAIM');
  if (mi === null) return;
  const minidle = mi < 0 ? 0 : mi;
  const start = intervalId(c, argv[5]!, true);
  if (start === null) return;
  let count = 100;
  let justid = false;
  for (let j = 6; j < argv.length; j++) {
    const moreargs = argv.length - 1 - j;
    const opt = argv[j]!.toUpperCase();
    if (opt === 'COUNT' && moreargs) {
      // getRangeLongFromObjectOrReply(1, LONG_MAX / sizeof(streamID)).
      const v = parseBigInt64(argv[j + 1]!);
      if (v === null || v < 1n || v > 576460752303423487n) return c.r.error('ERR COUNT must be > 0');
      count = Number(v);
      j++;
    } else if (opt === 'JUSTID') justid = true;
    else return c.r.error(Err.SYNTAX);
  }
  const key = argv[1]!;
  const s = readTyped(c, key, StreamValue);
  if (s === undefined) return;
  const g = s?.groups?.get(argv[2]!);
  if (s === null || g === undefined) return noGroup(c, key, argv[2]!);
  // Redis allocates count stream IDs up front; beyond what the address space holds that fails.
  if (count * 16 >= 2 ** 47) return c.r.error('ERR Insufficient memory, failed allocating transient memory, COUNT too high.');
  const now = c.broker.now();
  let consumer: Consumer | undefined;
  let attempts = count * 10;
  const claimed: Array<StreamId | StreamEntry> = [];
  const deleted: StreamId[] = [];
  let cur = g.pel.ceil(start);
  while (attempts-- > 0 && count > 0 && cur !== null) {
    const id = cur;
    const nack = g.pel.get(id)!;
    const e = s.get(id);
    if (e === null) {
      dropDeletedPending(c, key, g, id, nack);
      deleted.push(id);
      count--;
      cur = g.pel.ceil(id);
      continue;
    }
    cur = g.pel.ceil(id + 1n);
    if (minidle !== 0 && now - nack.deliveryTime < minidle) continue;
    if (consumer === undefined) consumer = lookupConsumer(c, g, argv[3]!) ?? createConsumer(c, g, argv[3]!, key);
    assign(g, id, nack, consumer);
    nack.deliveryTime = now;
    if (!justid) nack.deliveryCount = bumpDeliveryCount(nack.deliveryCount);
    claimed.push(justid ? id : e);
    count--;
    propagateXclaim(c, key, g, id, nack);
    c.broker.dirty++;
  }
  c.preventPropagation = true;
  const r = c.r;
  r.array(3);
  r.bulk(formatId(cur ?? 0n));
  r.array(claimed.length);
  for (const o of claimed) {
    if (typeof o === 'bigint') r.bulk(formatId(o));
    else replyEntry(c, o);
  }
  r.array(deleted.length);
  for (const id of deleted) r.bulk(formatId(id));
}

/* ------------------------------------------------------------------------------------------ */
/* Command table                                                                               */
/* ------------------------------------------------------------------------------------------ */

const KEY1 = { first: 1, last: 1, step: 1 };
const KEY2 = { first: 2, last: 2, step: 1 };
const NO_KEYS = { first: 0, last: 0, step: 0 };

export const commands: CommandSpec[] = [
  {
    name: 'XREADGROUP',
    arity: -7,
    flags: ['write', 'blocking', 'movablekeys'],
    keys: NO_KEYS,
    group: 'stream',
    keySpecs: [streamsKeySpec(['RO', 'access'], 4)],
    summary: 'Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.',
    since: '5.0.0',
    complexity:
      'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.',
    args:
      'GROUP group_consumer{group:string consumer:string} [COUNT count:integer] [BLOCK milliseconds:integer] [NOACK] STREAMS streams{key:key#0... id:string...}',
    handler: xread,
  },
  {
    name: 'XACK',
    arity: -4,
    flags: ['write', 'fast'],
    keys: KEY1,
    group: 'stream',
    keySpecs: [ks(['RW', 'update'])],
    summary:
      'Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.',
    since: '5.0.0',
    complexity: 'O(1) for each message ID processed.',
    args: 'key:key#0 group:string id:string...',
    handler: xack,
  },
  {
    name: 'XPENDING',
    arity: -3,
    flags: ['readonly'],
    keys: KEY1,
    group: 'stream',
    tips: ['nondeterministic_output'],
    keySpecs: [ks(['RO', 'access'])],
    summary: 'Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.',
    since: '5.0.0',
    complexity:
      'O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.',
    history: [['6.2.0', 'Added the `IDLE` option and exclusive range intervals.']],
    args: 'key:key#0 group:string [filters{[IDLE min-idle-time:integer@6.2.0] start:string end:string count:integer [consumer:string]}]',
    handler: xpending,
  },
  {
    name: 'XCLAIM',
    arity: -6,
    flags: ['write', 'fast'],
    keys: KEY1,
    group: 'stream',
    tips: ['nondeterministic_output'],
    keySpecs: [ks(['RW', 'update'])],
    summary: 'Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.',
    since: '5.0.0',
    complexity: 'O(log N) with N being the number of messages in the PEL of the consumer group.',
    args:
      'key:key#0 group:string consumer:string min-idle-time:string id:string... [IDLE ms:integer] [TIME unix-time-milliseconds:unix-time] [RETRYCOUNT count:integer] [FORCE] [JUSTID] [LASTID id:string]',
    handler: xclaim,
  },
  {
    name: 'XAUTOCLAIM',
    arity: -6,
    flags: ['write', 'fast'],
    keys: KEY1,
    group: 'stream',
    tips: ['nondeterministic_output'],
    keySpecs: [ks(['RW', 'delete'])],
    summary: 'Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.',
    since: '6.2.0',
    complexity: 'O(1) if COUNT is small.',
    history: [['7.0.0', 'Added an element to the reply array, containing deleted entries the command cleared from the PEL']],
    args: 'key:key#0 group:string consumer:string min-idle-time:string start:string [COUNT count:integer] [JUSTID]',
    handler: xautoclaim,
  },
  {
    name: 'XGROUP',
    arity: -2,
    flags: [],
    keys: NO_KEYS,
    group: 'stream',
    summary: 'A container for consumer groups commands',
    since: '5.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'CREATE',
        arity: -5,
        flags: ['write', 'denyoom'],
        keys: KEY2,
        group: 'stream',
        keySpecs: [ks(['RW', 'insert'], 2)],
        summary: 'Create a consumer group.',
        since: '5.0.0',
        complexity: 'O(1)',
        history: [['7.0.0', 'Added the `entries_read` named argument.']],
        args: 'key:key#0 groupname:string id(id:string | new_id="$") [MKSTREAM] [ENTRIESREAD entries_read:integer]',
        handler: xgroupCreate,
      },
      {
        name: 'SETID',
        arity: -5,
        flags: ['write'],
        keys: KEY2,
        group: 'stream',
        keySpecs: [ks(['RW', 'update'], 2)],
        summary: 'Set a consumer group to an arbitrary last delivered ID value.',
        since: '5.0.0',
        complexity: 'O(1)',
        history: [['7.0.0', 'Added the optional `entries_read` argument.']],
        args: 'key:key#0 groupname:string id(id:string | new_id="$") [ENTRIESREAD entries_read:integer]',
        handler: xgroupSetid,
      },
      {
        name: 'DESTROY',
        arity: 4,
        flags: ['write'],
        keys: KEY2,
        group: 'stream',
        keySpecs: [ks(['RW', 'delete'], 2)],
        summary: 'Destroy a consumer group.',
        since: '5.0.0',
        complexity: "O(N) where N is the number of entries in the group's pending entries list (PEL).",
        args: 'key:key#0 groupname:string',
        handler: xgroupDestroy,
      },
      {
        name: 'CREATECONSUMER',
        arity: 5,
        flags: ['write', 'denyoom'],
        keys: KEY2,
        group: 'stream',
        keySpecs: [ks(['RW', 'insert'], 2)],
        summary: 'Create a consumer in a consumer group.',
        since: '6.2.0',
        complexity: 'O(1)',
        args: 'key:key#0 groupname:string consumername:string',
        handler: xgroupCreateConsumer,
      },
      {
        name: 'DELCONSUMER',
        arity: 5,
        flags: ['write'],
        keys: KEY2,
        group: 'stream',
        keySpecs: [ks(['RW', 'delete'], 2)],
        summary: 'Delete a consumer from a consumer group.',
        since: '5.0.0',
        complexity: 'O(1)',
        args: 'key:key#0 groupname:string consumername:string',
        handler: xgroupDelConsumer,
      },
      helpSubcommand({ group: 'stream', since: '5.0.0', lines: XGROUP_HELP }),
    ],
  },
];
