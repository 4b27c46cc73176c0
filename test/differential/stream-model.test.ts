/*
 * Differential model test for streams and consumer groups: random sequences of stream commands,
 * the same on Pigeon and on redis-server 7.0.15, every reply compared byte for byte.
 *
 * Each sequence is a pure function of its seed (the PRNG in test/helpers/prng.ts): a few keys
 * (s1, s2, s3, the string key `str`, the missing key `nokey`), two groups (g1, g2) and three
 * consumers (c1..c3), small IDs (ms up to about 40, seq 0..3, now and then the extremes
 * 18446744073709551615), so that commands collide and reach the corner cases: pending entries
 * whose stream entry was deleted or trimmed, groups whose lag is unknown (null) or negative
 * (ENTRIESREAD beyond the stream), consumers created implicitly, IDs that are too small, streams
 * emptied and re-grown, XSETID backwards over tombstones (an ID deleted, then added again),
 * entries whose ID is far from their node's master ID. Before a sequence both servers are
 * flushed and `stream-node-max-entries` is reset to 100; a third of the sequences then set it to
 * 2..5 (CONFIG SET, on both servers), so that approximate trimming (`~`, which removes whole
 * nodes only) and XINFO STREAM's node counts are exercised with a handful of entries. Half of the
 * sequences run in RESP3 (HELLO 3 first), half in RESP2.
 *
 * Commands: XADD (explicit increasing IDs, `<ms>-*`, too small, 0-0, malformed and `*`; NOMKSTREAM;
 * MAXLEN/MINID with = and ~ and LIMIT; odd field lists), XDEL, XTRIM, XRANGE/XREVRANGE (COUNT,
 * exclusive and incomplete bounds), XLEN, XREAD (no BLOCK), XGROUP CREATE/SETID (with $, MKSTREAM,
 * ENTRIESREAD)/DESTROY/CREATECONSUMER/DELCONSUMER, XREADGROUP (COUNT, NOACK, `>` and history),
 * XACK, XPENDING (summary and extended, IDLE filter), XCLAIM (IDLE, TIME, RETRYCOUNT, FORCE,
 * JUSTID, LASTID), XAUTOCLAIM (COUNT, JUSTID), XINFO STREAM [FULL [COUNT]], XINFO GROUPS,
 * XINFO CONSUMERS, XSETID (ENTRIESADDED, MAXDELETEDID), and DEL, TYPE, EXISTS, OBJECT ENCODING
 * and WRONGTYPE on a string key.
 *
 * Time, and what is normalised (on frame structure, never by a regex over the whole reply):
 *   - `XADD key *` makes an ID from each server's clock, so the two servers' IDs differ. Explicit
 *     IDs are used almost everywhere; `*` is used only on s3 (8% of its XADDs). Every ID of the
 *     form <13-digit ms starting with 1>-<seq> (a wall-clock ID: explicit IDs in these sequences
 *     never look like that) is replaced by `<auto-id>` in every reply (replaceStrings) of a
 *     sequence that uses `*` (the others are compared without this normaliser). Once s3
 *     holds such an ID, explicit small IDs on s3 are refused with the same error on both sides,
 *     until s3 is deleted (DEL) or emptied and moved back with XSETID.
 *   - Idle times tick: XPENDING's extended form has its idle field (third element of each entry)
 *     replaced by `:<idle>` (xpendingIdle), XINFO CONSUMERS its `idle` value (mapValue). XINFO
 *     STREAM FULL has delivery times and seen-times: every integer in it that is a wall-clock
 *     time in ms (10^12 <= n < 10^13) becomes `:<wall-clock>` (wallClockInts); delivery times set
 *     to small explicit values with XCLAIM TIME are kept and compared.
 *   - Filters on idle time stay deterministic without normalising: the min-idle arguments of
 *     XCLAIM and XAUTOCLAIM and XPENDING's IDLE are 0 or 1000000 (ms), and the delivery times the
 *     sequences create are either recent (a delivery, or XCLAIM without IDLE/TIME, or IDLE/TIME
 *     in the future, which Redis clamps to now) or at least 2000 s old (IDLE >= 2000000, TIME in
 *     the 1970s), never near a threshold.
 *
 * One corner is left out on purpose: `XADD key <ms>-*` when the top item is
 * <ms>-18446744073709551615. Redis 7.0.15 fails that sequence overflow without setting errno and
 * words the error after errno ("Elements are too large to be stored", or "The ID specified in
 * XADD is equal or smaller ..." when an earlier failure left EDOM and nothing since reset errno:
 * an accept, a strtoull in an ID parse, some allocations), so its reply depends on hidden state.
 * The generator never follows an ID with that sequence by `<ms>-*` for the same ms; stream.test.ts
 * checks the fresh-connection reply.
 *
 * Runs: STREAM_MODEL_RUNS sequences (default 60) of STREAM_MODEL_OPS commands (default 200),
 * seeds STREAM_MODEL_SEED, STREAM_MODEL_SEED + 1, ... (default 1; `random` picks a base at
 * random and prints it). On a difference the test shrinks the sequence (drops commands while
 * the servers still disagree, within STREAM_MODEL_SHRINK_MS, default 30000, for the first
 * STREAM_MODEL_SHRINK failing seeds, default 3) and prints the seed, the command to replay it
 * and the minimal sequence with its difference.
 * STREAM_MODEL_TRACE=1 prints every command with the reference's reply, STREAM_MODEL_STATS=1 a
 * tally of reply kinds per command (what the generator reaches).
 *
 * Self-check: STREAM_MODEL_SELF_CHECK=1 runs the sequences against two redis-servers instead of
 * Pigeon and one; they must agree, which proves that the normalisers hide every time-dependent
 * field. STREAM_MODEL_TWIN_ARGS (e.g. `--stream-node-max-bytes 60`) starts the second one with
 * other settings, to see the shrinker at work on a real difference.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientPair, compose, DiffPair, helloReply, mapValue, replaceStrings, type Normalizer } from '../helpers/diff.js';
import { frameEnd, RawClient } from '../helpers/raw.js';
import { prng } from '../helpers/prng.js';
import { startReference, type ReferenceServer } from '../helpers/reference.js';

/* ------------------------------------------------------------------------------------------ */
/* Settings                                                                                    */
/* ------------------------------------------------------------------------------------------ */

function envInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${text}'`);
  return n;
}

const RUNS = envInt('STREAM_MODEL_RUNS', 60);
const OPS = envInt('STREAM_MODEL_OPS', 200);
const SHRINK_MS = envInt('STREAM_MODEL_SHRINK_MS', 30_000);
const BASE_SEED =
  process.env.STREAM_MODEL_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : envInt('STREAM_MODEL_SEED', 1);
/** STREAM_MODEL_TRACE=1 prints every command with the reference's reply (for replaying a seed). */
const TRACE = process.env.STREAM_MODEL_TRACE === '1';
/** At most this many failing seeds are shrunk (STREAM_MODEL_SHRINK, default 3); the others are only listed. */
const SHRINK_FAILURES = envInt('STREAM_MODEL_SHRINK', 3);

/* ------------------------------------------------------------------------------------------ */
/* Normalisers                                                                                 */
/* ------------------------------------------------------------------------------------------ */

interface Frame {
  head: string;
  type: string;
  children: Frame[] | null;
}

/** The frames of a reply as a tree (aggregates keep their header line, leaves their whole text). */
function parseTree(text: string): Frame[] {
  const buf = Buffer.from(text, 'latin1');
  const parse = (offset: number): { frame: Frame; end: number } => {
    const end = frameEnd(buf, offset);
    if (end < 0) throw new Error(`incomplete frame in ${JSON.stringify(text)}`);
    const type = String.fromCharCode(buf[offset]!);
    if (!'*~>%'.includes(type)) return { frame: { head: buf.toString('latin1', offset, end), type, children: null }, end };
    const nl = buf.indexOf('\r\n', offset, 'latin1');
    const head = buf.toString('latin1', offset, nl + 2);
    const n = Number(head.slice(1, -2));
    if (n < 0) return { frame: { head, type, children: null }, end };
    const children: Frame[] = [];
    let p = nl + 2;
    for (let i = 0; i < (type === '%' ? 2 * n : n); i++) {
      const r = parse(p);
      children.push(r.frame);
      p = r.end;
    }
    return { frame: { head, type, children }, end };
  };
  const out: Frame[] = [];
  for (let p = 0; p < buf.length; ) {
    const r = parse(p);
    out.push(r.frame);
    p = r.end;
  }
  return out;
}

function renderTree(f: Frame): string {
  return f.children === null ? f.head : f.head + f.children.map(renderTree).join('');
}

function intLeaf(text: string): Frame {
  return { head: `:${text}\r\n`, type: ':', children: null };
}

/** XPENDING key group [IDLE n] start end count [consumer]: each entry's idle time (index 2). */
const xpendingIdle: Normalizer = function xpendingIdle(reply) {
  return parseTree(reply)
    .map((top) => {
      if (top.children === null) return renderTree(top);
      for (const entry of top.children) {
        if (entry.children !== null && entry.children.length === 4 && entry.children[2]!.type === ':') entry.children[2] = intLeaf('<idle>');
      }
      return renderTree(top);
    })
    .join('');
};

/** XINFO STREAM FULL: every integer that is a wall-clock time in ms (delivery times, seen-time). */
const wallClockInts: Normalizer = function wallClockInts(reply) {
  const walk = (f: Frame): void => {
    if (f.children === null) return;
    for (let i = 0; i < f.children.length; i++) {
      const c = f.children[i]!;
      if (c.type === ':') {
        const n = Number(c.head.slice(1, -2));
        if (n >= 1e12 && n < 1e13) f.children[i] = intLeaf('<wall-clock>');
      } else walk(c);
    }
  };
  return parseTree(reply)
    .map((top) => {
      walk(top);
      return renderTree(top);
    })
    .join('');
};

/** IDs generated by `XADD key *` from a server's clock (see the header). */
const autoIds = replaceStrings(/^1\d{12}-\d+$/, '<auto-id>');
const consumerIdle = mapValue('idle', '<idle>');

/**
 * The normaliser for one command: the command's time fields, plus autoIds when the sequence uses
 * `XADD ... *` at all (`auto`).
 */
function normalizerFor(args: readonly string[], auto: boolean): Normalizer | undefined {
  const name = args[0]!.toUpperCase();
  const sub = (args[1] ?? '').toUpperCase();
  let time: Normalizer | undefined;
  if (name === 'HELLO') return helloReply;
  if (name === 'XPENDING' && args.length >= 6) time = xpendingIdle;
  else if (name === 'XINFO' && sub === 'CONSUMERS') time = consumerIdle;
  else if (name === 'XINFO' && sub === 'STREAM' && args.some((a) => a.toUpperCase() === 'FULL')) time = wallClockInts;
  if (!auto) return time;
  return time === undefined ? autoIds : compose(autoIds, time);
}

/** True when the sequence adds with an ID from the server's clock. */
function usesAutoIds(ops: readonly string[][]): boolean {
  return ops.some((args) => args[0] === 'XADD' && args.includes('*'));
}

/* ------------------------------------------------------------------------------------------ */
/* The generator                                                                               */
/* ------------------------------------------------------------------------------------------ */

const STREAM_KEYS = ['s1', 's2', 's3'] as const;
const GROUPS = ['g1', 'g2'];
const CONSUMERS = ['c1', 'c2', 'c3'];
const MALFORMED_IDS = ['abc', '1-x', '-', '+', '', '1-2-3', '18446744073709551616-0', '-1', '1-', '-1-1', ' 1-1'];
const MAX_ID = '18446744073709551615-18446744073709551615';

interface Sequence {
  seed: number;
  resp3: boolean;
  nodeMaxEntries: number;
  ops: string[][];
}

/** A random sequence of stream commands, a pure function of the seed. */
function generate(seed: number, n: number): Sequence {
  const random = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number): boolean => random() < p;

  // The generator's own guess of each key's top ID (it never sees a reply) and the IDs it tried.
  const cursor = new Map<string, { ms: number; seq: number }>();
  const tried = new Map<string, string[]>();
  // The ms parts tried with sequence 18446744073709551615: `<ms>-*` must not follow (see the header).
  const maxSeqMs = new Map<string, Set<number>>();
  for (const k of [...STREAM_KEYS, 'str', 'nokey']) {
    cursor.set(k, { ms: 0, seq: 0 });
    tried.set(k, []);
    maxSeqMs.set(k, new Set());
  }

  const key = (): string => {
    const r = random();
    return r < 0.45 ? 's1' : r < 0.78 ? 's2' : r < 0.95 ? 's3' : pick(['str', 'nokey']);
  };
  const group = (): string => (chance(0.05) ? 'nogroup' : pick(GROUPS));
  const consumer = (): string => pick(CONSUMERS);
  const smallId = (): string => `${int(0, 15)}-${int(0, 3)}`;
  const knownId = (k: string): string => {
    const list = tried.get(k);
    if (list === undefined || list.length === 0 || chance(0.2)) return smallId();
    return pick(list);
  };
  /** One of the last IDs tried on the key: more likely to exist, and to be pending. */
  const recentId = (k: string): string => {
    const list = tried.get(k)!;
    if (list.length === 0 || chance(0.1)) return smallId();
    return list[Math.max(0, list.length - 1 - int(0, 5))]!;
  };
  const id = (k: string): string => {
    const r = random();
    if (r < 0.6) return knownId(k);
    if (r < 0.8) return smallId();
    if (r < 0.9) return String(int(0, 15));
    if (r < 0.95) return pick(['0', '0-0', '0-1', MAX_ID]);
    return pick(MALFORMED_IDS);
  };
  const bound = (k: string): string => {
    const r = random();
    if (r < 0.2) return pick(['-', '+']);
    if (r < 0.55) return knownId(k);
    if (r < 0.75) return '(' + (chance(0.7) ? knownId(k) : smallId());
    if (r < 0.9) return String(int(0, 15));
    if (r < 0.95) return pick(['(-', '(+', '(0-0', `(${MAX_ID}`, MAX_ID, '(0']);
    return pick(MALFORMED_IDS);
  };
  const count = (): string => (chance(0.9) ? String(int(0, 5)) : pick(['-1', 'x', '100', '-5']));

  const xaddId = (k: string): string => {
    const c = cursor.get(k)!;
    if (k === 's3' && chance(0.08)) return '*';
    const r = random();
    if (r < 0.62) {
      const step = int(0, 2);
      if (step === 0) c.seq += int(1, 2);
      else {
        c.ms += step;
        c.seq = int(0, 1);
      }
      if (c.ms > 40) {
        // Keep IDs small: the next ones collide with what is there (errors, or a key re-grown after DEL).
        c.ms = int(0, 4);
        c.seq = 0;
      }
      const text = chance(0.1) && c.seq === 0 ? String(c.ms) : `${c.ms}-${c.seq}`;
      tried.get(k)!.push(text.includes('-') ? text : `${text}-0`);
      return text;
    }
    const fullSeq = maxSeqMs.get(k)!;
    if (r < 0.72) {
      c.ms += int(0, 1);
      while (fullSeq.has(c.ms)) c.ms++;
      c.seq = 0;
      return `${c.ms}-*`;
    }
    if (r < 0.85) return smallId();
    if (r < 0.92) {
      if (chance(0.85)) return pick(['0-0', '0', fullSeq.has(0) ? '0-1' : '0-*', `${c.ms}-${c.seq}`]);
      const text = pick([MAX_ID, '18446744073709551615-*', `${c.ms}-18446744073709551615`]);
      if (text === `${c.ms}-18446744073709551615`) fullSeq.add(c.ms);
      return text;
    }
    return pick(MALFORMED_IDS);
  };

  const trimArgs = (k: string, forXadd: boolean): string[] => {
    const out: string[] = [];
    const strategy = chance(0.55) ? 'MAXLEN' : 'MINID';
    out.push(chance(0.1) ? strategy.toLowerCase() : strategy);
    const op = pick(['', '', '=', '~', '~']);
    if (op !== '') out.push(op);
    if (strategy === 'MAXLEN') out.push(chance(0.92) ? String(int(0, 10)) : pick(['-1', 'x', '1.5']));
    else out.push(chance(0.92) ? knownId(k) : pick(['x', '-', '+', '(1-0', MAX_ID]));
    if ((op === '~' && chance(0.4)) || chance(0.05)) out.push('LIMIT', chance(0.9) ? String(int(0, 5)) : pick(['-1', 'x']));
    if (!forXadd && chance(0.03)) out.push(pick(['FOO', 'LIMIT']));
    return out;
  };

  const fields = (): string[] => {
    const out: string[] = [];
    for (let i = int(1, 3); i > 0; i--) out.push(`f${int(1, 3)}`, `v${int(0, 99)}`);
    if (chance(0.03)) out.pop();
    return out;
  };

  const ops: string[][] = [];
  /** Groups destroyed (or deleted with their key): XGROUP CREATE brings them back. */
  const gone: [string, string][] = [];
  const resp3 = seed % 2 === 1;
  const nodeMaxEntries = random() < 0.35 ? int(2, 5) : 100;
  if (resp3) ops.push(['HELLO', '3']);
  if (nodeMaxEntries !== 100) ops.push(['CONFIG', 'SET', 'stream-node-max-entries', String(nodeMaxEntries)]);
  if (chance(0.5)) ops.push(['SET', 'str', 'x']);
  // Most sequences start with a few groups, so that group commands meet groups more often than NOGROUP.
  for (const k of STREAM_KEYS) {
    for (const g of GROUPS) if (chance(0.75)) ops.push(['XGROUP', 'CREATE', k, g, pick(['0', '$']), 'MKSTREAM']);
  }

  while (ops.length < n) {
    const k = key();
    const r = random() * 100;
    if (r < 24) {
      // XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] id field value ...
      const args = ['XADD', k];
      const nomk = chance(0.12);
      const trim = chance(0.2) ? trimArgs(k, true) : [];
      if (nomk && chance(0.5)) args.push('NOMKSTREAM', ...trim);
      else args.push(...trim, ...(nomk ? ['NOMKSTREAM'] : []));
      args.push(xaddId(k), ...fields());
      ops.push(args);
    } else if (r < 28) {
      const args = ['XDEL', k];
      for (let i = int(1, 3); i > 0; i--) args.push(chance(0.95) ? knownId(k) : pick(MALFORMED_IDS));
      ops.push(args);
    } else if (r < 31) {
      ops.push(chance(0.03) ? ['XTRIM', k, 'MAXLEN'] : ['XTRIM', k, ...trimArgs(k, false)]);
    } else if (r < 37) {
      const rev = chance(0.4);
      const q = random();
      const [lo, hi] = q < 0.3 ? [bound(k), '+'] : q < 0.55 ? ['-', bound(k)] : [bound(k), bound(k)];
      const args = rev ? ['XREVRANGE', k, hi, lo] : ['XRANGE', k, lo, hi];
      if (chance(0.5)) args.push('COUNT', count());
      if (chance(0.02)) args.push('FOO');
      ops.push(args);
    } else if (r < 39) {
      ops.push(['XLEN', k]);
    } else if (r < 42) {
      // XREAD [COUNT count] STREAMS key [key ...] id [id ...]
      const keys = chance(0.7) ? [k] : [k, key()];
      const ids = keys.map((kk) => (chance(0.15) ? '$' : chance(0.05) ? '>' : id(kk)));
      if (chance(0.05)) ids.pop();
      ops.push(['XREAD', ...(chance(0.5) ? ['COUNT', count()] : []), 'STREAMS', ...keys, ...ids]);
    } else if (r < 48) {
      // XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n]: mostly a group destroyed before.
      const [ck, cg] = gone.length > 0 && chance(0.7) ? gone.splice(int(0, gone.length - 1), 1)[0]! : [k, pick(GROUPS)];
      const args = ['XGROUP', 'CREATE', ck, cg, pick(['$', '0', '0', '$']) === '$' ? '$' : chance(0.5) ? '0' : id(ck)];
      if (chance(0.4) || ck !== k) args.push('MKSTREAM');
      if (chance(0.25)) args.push('ENTRIESREAD', chance(0.85) ? String(int(0, 6)) : pick(['-1', '-2', 'x']));
      ops.push(args);
    } else if (r < 51) {
      // XGROUP SETID key group id|$ [ENTRIESREAD n]
      const args = ['XGROUP', 'SETID', k, group(), chance(0.3) ? '$' : chance(0.3) ? '0' : id(k)];
      if (chance(0.35)) args.push('ENTRIESREAD', chance(0.85) ? String(int(0, 6)) : pick(['-1', '-2', 'x']));
      ops.push(args);
    } else if (r < 52) {
      const g = group();
      ops.push(['XGROUP', 'DESTROY', k, g]);
      gone.push([k, g]);
    } else if (r < 54) {
      ops.push(['XGROUP', 'CREATECONSUMER', k, group(), consumer()]);
    } else if (r < 56) {
      ops.push(['XGROUP', 'DELCONSUMER', k, group(), consumer()]);
    } else if (r < 66) {
      // XREADGROUP GROUP group consumer [COUNT count] [NOACK] STREAMS key [key ...] id [id ...]
      const keys = chance(0.85) ? [k] : [k, key()];
      const ids = keys.map((kk) => {
        const q = random();
        return q < 0.7 ? '>' : q < 0.85 ? '0' : q < 0.97 ? knownId(kk) : pick(['$', 'x']);
      });
      if (chance(0.04)) ids.pop();
      const args = ['XREADGROUP', 'GROUP', group(), consumer()];
      if (chance(0.5)) args.push('COUNT', count());
      if (chance(0.2)) args.push('NOACK');
      ops.push([...args, 'STREAMS', ...keys, ...ids]);
    } else if (r < 72) {
      const args = ['XACK', k, group()];
      for (let i = int(1, 3); i > 0; i--) args.push(chance(0.95) ? (chance(0.5) ? recentId(k) : knownId(k)) : pick(MALFORMED_IDS));
      ops.push(args);
    } else if (r < 78) {
      // XPENDING key group [[IDLE min-idle] start end count [consumer]]
      if (chance(0.35)) ops.push(['XPENDING', k, group()]);
      else {
        const args = ['XPENDING', k, group()];
        if (chance(0.25)) args.push('IDLE', pick(['0', '1000000', '1000000', '-1', 'x']));
        args.push(bound(k), bound(k), count());
        if (chance(0.4)) args.push(consumer());
        ops.push(args);
      }
    } else if (r < 84) {
      // XCLAIM key group consumer min-idle id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id]
      const args = ['XCLAIM', k, group(), consumer(), chance(0.95) ? pick(['0', '0', '1000000']) : pick(['-1', 'x'])];
      for (let i = int(1, 4); i > 0; i--) args.push(chance(0.6) ? recentId(k) : knownId(k));
      const opts: string[][] = [];
      if (chance(0.25)) opts.push(['IDLE', pick(['0', '500', '2000000', '5000000', '-5', 'x'])]);
      if (chance(0.15)) opts.push(['TIME', pick(['0', '1000', '99999999999999', '-1', 'x'])]);
      if (chance(0.25)) opts.push(['RETRYCOUNT', pick(['0', '3', '7', '-1', 'x'])]);
      if (chance(0.4)) opts.push(['FORCE']);
      if (chance(0.25)) opts.push(['JUSTID']);
      if (chance(0.15)) opts.push(['LASTID', chance(0.9) ? knownId(k) : 'x']);
      if (chance(0.02)) opts.push(['BADOPT']);
      for (let i = opts.length - 1; i > 0; i--) {
        const j = int(0, i);
        [opts[i], opts[j]] = [opts[j]!, opts[i]!];
      }
      ops.push([...args, ...opts.flat()]);
    } else if (r < 89) {
      // XAUTOCLAIM key group consumer min-idle start [COUNT count] [JUSTID]
      const start = chance(0.5) ? pick(['0', '0-0', '-']) : chance(0.9) ? knownId(k) : pick(['(1-0', 'x', '+']);
      const args = ['XAUTOCLAIM', k, group(), consumer(), pick(['0', '0', '1000000', '-1']), start];
      if (chance(0.5)) args.push('COUNT', pick(['1', '2', '3', '100', '0', '-1', 'x']));
      if (chance(0.3)) args.push('JUSTID');
      ops.push(args);
    } else if (r < 94) {
      const q = random();
      if (q < 0.4) ops.push(['XINFO', 'STREAM', k]);
      else if (q < 0.6) ops.push(['XINFO', 'STREAM', k, 'FULL', ...(chance(0.5) ? ['COUNT', pick(['0', '1', '2', '5', '-1', 'x'])] : [])]);
      else if (q < 0.8) ops.push(['XINFO', 'GROUPS', k]);
      else ops.push(['XINFO', 'CONSUMERS', k, group()]);
    } else if (r < 97) {
      // XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
      const args = ['XSETID', k, chance(0.8) ? knownId(k) : id(k)];
      if (args[2] === MAX_ID && chance(0.7)) args[2] = knownId(k);
      if (chance(0.3)) args.push('ENTRIESADDED', chance(0.9) ? String(int(0, 12)) : pick(['-1', 'x']));
      if (chance(0.3)) args.push('MAXDELETEDID', chance(0.9) ? knownId(k) : pick(MALFORMED_IDS));
      ops.push(args);
    } else if (r < 97.5) {
      ops.push(['DEL', k]);
      for (const g of GROUPS) gone.push([k, g]);
      cursor.set(k, { ms: 0, seq: 0 });
      tried.set(k, []);
      maxSeqMs.set(k, new Set());
    } else {
      ops.push(pick([['TYPE', k], ['EXISTS', k], ['OBJECT', 'ENCODING', k]]));
    }
  }
  return { seed, resp3, nodeMaxEntries, ops };
}

/* ------------------------------------------------------------------------------------------ */
/* Running, shrinking and reporting                                                            */
/* ------------------------------------------------------------------------------------------ */

interface Divergence {
  index: number;
  message: string;
}

/**
 * STREAM_MODEL_STATS=1 prints, per command, how many replies were errors (and which) and how many
 * were empty: a way to see what the generator reaches.
 */
const stats: Map<string, Map<string, number>> | null = process.env.STREAM_MODEL_STATS === '1' ? new Map() : null;

function tally(into: Map<string, Map<string, number>>, args: readonly string[], reply: string): void {
  const name = args[0]!.toUpperCase() + (['XGROUP', 'XINFO'].includes(args[0]!.toUpperCase()) ? ` ${args[1]!.toUpperCase()}` : '');
  const kind =
    reply[0] === '-'
      ? reply.slice(1, -2).replace(/'[^']*'/g, "'…'")
      : /^(\*0|\*-1|\$-1|_|%0)\r\n$/.test(reply)
        ? 'empty/null'
        : 'ok';
  let m = into.get(name);
  if (m === undefined) into.set(name, (m = new Map()));
  m.set(kind, (m.get(kind) ?? 0) + 1);
}

function printStats(into: Map<string, Map<string, number>>): void {
  for (const [name, kinds] of [...into].sort()) {
    const total = [...kinds.values()].reduce((a, b) => a + b, 0);
    console.log(`${name}: ${total}`);
    for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(`    ${n}\t${kind}`);
  }
}

/** What the runner needs of a pair of servers (a DiffPair, or two references for the self-check). */
interface Servers {
  client(name?: string): Promise<ClientPair>;
  closeClients(): Promise<void>;
  close(): Promise<void>;
}

/** Two redis-servers, for STREAM_MODEL_SELF_CHECK (see the header). */
class ReferenceTwins implements Servers {
  readonly #clients = new Map<string, Promise<ClientPair>>();
  private constructor(private readonly a: ReferenceServer, private readonly b: ReferenceServer) {}

  static async start(): Promise<ReferenceTwins | null> {
    const a = await startReference();
    if (a === null) return null;
    const b = await startReference(process.env.STREAM_MODEL_TWIN_ARGS?.split(' ') ?? []);
    if (b === null) {
      await a.close();
      return null;
    }
    return new ReferenceTwins(a, b);
  }

  client(name = 'default'): Promise<ClientPair> {
    let c = this.#clients.get(name);
    if (c === undefined) {
      c = Promise.all([RawClient.connect(this.a.port, { timeoutMs: 5_000 }), RawClient.connect(this.b.port, { timeoutMs: 5_000 })]).then(
        ([x, y]) => new ClientPair(name, x, y),
      );
      this.#clients.set(name, c);
    }
    return c;
  }

  async closeClients(): Promise<void> {
    const all = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(all.map(async (c) => (await c).close()));
  }

  async close(): Promise<void> {
    await this.closeClients();
    await Promise.all([this.a.close(), this.b.close()]);
  }
}

/** Run ops on fresh servers; the first divergence, or null when every reply matched. */
async function run(pair: Servers, ops: readonly string[][]): Promise<Divergence | null> {
  await pair.closeClients();
  const admin = await pair.client('__admin');
  await admin.both('FLUSHALL');
  await admin.both('CONFIG', 'SET', 'stream-node-max-entries', '100');
  const c = await pair.client();
  const auto = usesAutoIds(ops);
  for (let i = 0; i < ops.length; i++) {
    const args = ops[i]!;
    const normalize = normalizerFor(args, auto);
    try {
      const reply = normalize === undefined ? await c.both(...args) : await c.both(...args, { normalize });
      if (stats !== null) tally(stats, args, reply);
      if (TRACE) console.log(`${args.map(quote).join(' ')}  ->  ${JSON.stringify(reply.length > 200 ? reply.slice(0, 200) + '…' : reply)}`);
    } catch (e) {
      if (!(e instanceof assert.AssertionError)) throw e;
      // The comparison's own lines; node:assert appends a line diff of the same bytes after them.
      const cut = e.message.indexOf('\n+ actual - expected');
      return { index: i, message: cut < 0 ? e.message : e.message.slice(0, cut) };
    }
  }
  return null;
}

/**
 * Drop commands while the servers still disagree: first everything after the divergence, then
 * chunks of decreasing size, then single commands, until nothing more can go or time runs out.
 */
async function shrink(pair: Servers, ops: string[][], first: Divergence): Promise<{ ops: string[][]; divergence: Divergence; complete: boolean }> {
  const deadline = Date.now() + SHRINK_MS;
  let best = ops.slice(0, first.index + 1);
  let divergence = first;
  for (let size = Math.max(1, Math.floor(best.length / 2)); size >= 1; size = Math.floor(size / 2)) {
    for (let from = 0; from < best.length; ) {
      if (Date.now() > deadline) return { ops: best, divergence, complete: false };
      const candidate = [...best.slice(0, from), ...best.slice(from + size)];
      const got = candidate.length === 0 ? null : await run(pair, candidate);
      if (got !== null) {
        best = candidate.slice(0, got.index + 1);
        divergence = got;
      } else from += size;
    }
    if (size === 1) break;
  }
  return { ops: best, divergence, complete: true };
}

function quote(arg: string): string {
  return /^[\x21-\x7e]+$/.test(arg) && !arg.includes('"') ? arg : JSON.stringify(arg);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function describeSequence(s: Sequence): string {
  return `seed ${s.seed} (${s.resp3 ? 'RESP3' : 'RESP2'}, stream-node-max-entries ${s.nodeMaxEntries})`;
}

function replayLine(seed: number): string {
  return `STREAM_MODEL_SEED=${seed} STREAM_MODEL_RUNS=1 STREAM_MODEL_OPS=${OPS} node scripts/run-tests.mjs test/differential/stream-model.test.ts`;
}

/**
 * Minimal sequences the model found where Pigeon disagreed with Redis 7.0.15 (all fixed), kept
 * so that they run on every test run whatever the seeds reach. Written as the shrinker printed
 * them; each runs on fresh servers and connections, like a seed.
 */
const REGRESSIONS: { what: string; ops: string[] }[] = [
  {
    what: 'lag is entries-added minus an ENTRIESREAD beyond the stream, negative (no 7.2 shortcuts)',
    ops: ['XADD s3 2-1 f1 v57 f3 v34', 'XGROUP CREATE s3 g2 0 ENTRIESREAD 6', 'XINFO STREAM s3 FULL', 'XINFO GROUPS s3'],
  },
  {
    what: 'lag of an emptied stream is computed, not 0',
    ops: ['XGROUP CREATE s1 g2 $ MKSTREAM', 'XADD s1 13-1 f2 v26', 'XTRIM s1 minid 15-1', 'XGROUP SETID s1 g2 13-1 ENTRIESREAD 0', 'XINFO GROUPS s1'],
  },
  {
    what: 'lag after MAXLEN 0 trimmed what was read',
    ops: [
      'XGROUP CREATE s1 g2 $ MKSTREAM',
      'XADD s1 MAXLEN 4 11-0 f1 v21 f3 v11',
      'XREADGROUP GROUP g2 c2 COUNT 2 STREAMS s1 >',
      'XADD s1 MAXLEN 0 12-1 f1 v75 f3 v27',
      'XINFO GROUPS s1',
    ],
  },
  {
    what: 'an estimated entries-read below the last tombstone is used (7.0 has no max-deleted check there)',
    ops: ['XADD s1 1-0 f v', 'XADD s1 2-0 f v', 'XADD s1 3-0 f v', 'XDEL s1 1-0', 'XGROUP CREATE s1 g 0-1', 'XINFO GROUPS s1'],
  },
  {
    what: 'a tombstone before the first entry does not invalidate the group counter',
    ops: [
      'XGROUP CREATE s1 g2 0 MKSTREAM',
      'XADD s1 3-5 f2 v56',
      'XREADGROUP GROUP g2 c2 COUNT 3 STREAMS s1 >',
      'XDEL s1 10-3 3-5 3-0',
      'XADD s1 MAXLEN ~ 0 11-2 f1 v98',
      'XADD s1 12-1 f3 v78',
      'XINFO GROUPS s1',
      'XGROUP CREATE s2 g1 0 MKSTREAM',
      'XADD s2 MINID 1-2 7-1 f1 v1',
      'XGROUP SETID s2 g1 5-1 ENTRIESREAD 6',
      'XADD s2 12-1 f1 v55 f2 v28',
      'XDEL s2 3-0 7-1',
      'XINFO GROUPS s2',
    ],
  },
  {
    what: 'XREADGROUP reads a key given twice in order: history first, then new entries',
    ops: [
      'XGROUP CREATE s1 g1 $ MKSTREAM',
      'XADD s1 4-0 f2 v61 f3 v91',
      'XREADGROUP GROUP g1 c1 STREAMS s1 s1 0 >',
      'XREADGROUP GROUP g1 c1 COUNT 5 STREAMS s1 s1 0 >',
      'XPENDING s1 g1',
    ],
  },
  {
    what: 'an ID near 2^64 joins its node (int64 deltas), sealed and read back',
    ops: [
      'XADD s1 2-2 f2 v69 f1 v92',
      'XADD s1 18446744073709551615-18446744073709551615 f3 v10',
      'XINFO STREAM s1',
      'CONFIG SET stream-node-max-entries 2',
      'XADD s2 2-2 a 1',
      'XADD s2 18446744073709551615-* b 2',
      'XADD s2 18446744073709551615-* c 3',
      'XADD s2 MAXLEN ~ 1 18446744073709551615-* d 4',
      'XRANGE s2 - +',
      'XREVRANGE s2 + - COUNT 3',
      'XINFO STREAM s2 FULL',
      'XADD s3 1-0 f1 v40',
      'XADD s3 2-18446744073709551615 f1 v92 f1 v27',
      'XADD s3 3-* f1 v69',
      'XREAD STREAMS s3 0',
      'XINFO STREAM s3',
    ],
  },
  {
    what: 'an ID added again after XSETID moved back over its tombstone is found',
    ops: [
      'CONFIG SET stream-node-max-entries 5',
      'XGROUP CREATE s1 g1 3-3 MKSTREAM',
      'XADD s1 4-0 f3 v86',
      'XADD s1 6-0 f2 v8',
      'XREADGROUP GROUP g1 c3 STREAMS s1 >',
      'XDEL s1 6-0',
      'XSETID s1 5-1',
      'XADD s1 5-2 f1 x',
      'XADD s1 6-* f1 v67',
      'XRANGE s1 5-2 5-2',
      'XRANGE s1 6-0 6-0',
      'XAUTOCLAIM s1 g1 c2 0 - COUNT 100',
      'XCLAIM s1 g1 c1 0 5-2 6-0 FORCE JUSTID',
      'XDEL s1 5-2',
      'XINFO STREAM s1',
    ],
  },
  {
    what: 'XREADGROUP with an odd list after STREAMS names `$` as XREAD does',
    ops: ['XREADGROUP GROUP g1 c2 NOACK STREAMS s1', 'XREADGROUP GROUP g2 c2 STREAMS s3 s3 >'],
  },
  {
    what: 'a sequence overflow with `<ms>-*` on a fresh connection is "Elements are too large"',
    ops: ['XADD s2 0-18446744073709551615 f1 v90', 'XADD s2 0-* f2 v30', 'XADD s2 5-1 f v', 'XADD s2 5-18446744073709551615 f v', 'XADD s2 5-* f v'],
  },
];

describe('streams: model test against redis-server', () => {
  it('minimal sequences found by the model give the same replies', async (t) => {
    const pair = await DiffPair.start({ timeoutMs: 5_000 });
    if (pair === null) {
      t.skip('redis-server not found');
      return;
    }
    const failures: string[] = [];
    try {
      for (const { what, ops } of REGRESSIONS) {
        const split = ops.map((line) => line.split(' '));
        const got = await run(pair, split);
        if (got !== null) failures.push(`${what}: command ${got.index + 1} (${ops[got.index]!})\n${indent(got.message)}`);
      }
    } finally {
      await pair.close();
    }
    if (failures.length > 0) assert.fail(failures.join('\n\n'));
  });

  it(`random stream and consumer group sequences give the same replies (${RUNS} x ${OPS} commands, seeds from ${BASE_SEED})`, async (t) => {
    const pair: Servers | null = process.env.STREAM_MODEL_SELF_CHECK === '1' ? await ReferenceTwins.start() : await DiffPair.start({ timeoutMs: 5_000 });
    if (pair === null) {
      t.skip('redis-server not found');
      return;
    }
    const reports: string[] = [];
    const failedSeeds: number[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        const sequence = generate(BASE_SEED + i, OPS);
        const divergence = await run(pair, sequence.ops);
        if (divergence === null) continue;
        failedSeeds.push(sequence.seed);
        const head = `${describeSequence(sequence)} diverged at command ${divergence.index + 1} of ${sequence.ops.length}`;
        if (failedSeeds.length > SHRINK_FAILURES) {
          reports.push(`${head} (not shrunk)\n  replay: ${replayLine(sequence.seed)}\n${indent(divergence.message)}`);
          continue;
        }
        const small = await shrink(pair, sequence.ops, divergence);
        reports.push(
          [
            head,
            `  replay: ${replayLine(sequence.seed)}`,
            `  ${small.complete ? 'minimal' : 'shrunk (time ran out)'} sequence, ${small.ops.length} command(s):`,
            ...small.ops.map((args) => `    ${args.map(quote).join(' ')}`),
            '  its difference:',
            indent(small.divergence.message),
            ...(small.ops.length === divergence.index + 1 ? [] : [`  originally: ${divergence.message.split('\n')[0]!}`]),
          ].join('\n'),
        );
      }
    } finally {
      await pair.close();
    }
    if (stats !== null) printStats(stats);
    if (reports.length > 0) {
      assert.fail(`streams model: ${failedSeeds.length} of ${RUNS} sequences diverged (seeds ${failedSeeds.join(', ')})\n\n${reports.join('\n\n')}`);
    }
  });
});
