/*
 * The stream: an append-only log of entries in ID order, as Redis 7.0's t_stream.c keeps it.
 *
 * IDs
 *   An ID is <ms>-<seq>, two unsigned 64-bit integers. It is held as one 128-bit bigint
 *   (ms << 64 | seq), so comparing IDs is one bigint comparison and the extremes
 *   (18446744073709551615-18446744073709551615) are exact. parseStreamId() reads IDs with
 *   Redis's rules (string2ull, which falls back on strtoull: leading blanks, '+', leading zeros
 *   and a negated value are accepted where Redis accepts them).
 *
 * Nodes (Redis's radix tree of listpacks)
 *   Entries are grouped in nodes, kept in an array ordered by their master ID (the ID of the
 *   first entry added to the node). A lookup by ID is a binary search over the nodes and a scan
 *   of one node; a range scan decodes only the nodes it walks; trimming drops whole nodes from
 *   the front. Like a listpack, a node stores the field names of its first entry once (the master
 *   fields): an entry with the same field names stores only its values.
 *
 *   The tail node is open: its entries are plain objects, cheap to append and to read (consumers
 *   mostly read the newest entries). When a new node is started, the previous tail is sealed:
 *   its entries are packed into one latin1 string (flags, the ID as deltas from the master ID,
 *   field names only when they differ from the master fields, length-prefixed values), which
 *   costs about the bytes Redis's listpack costs. A sealed node is decoded when read; the last
 *   decoded node is cached.
 *
 *   Node boundaries follow Redis exactly, because approximate trimming (MAXLEN ~, MINID ~)
 *   removes whole nodes and its results are visible: a node is closed when its listpack would
 *   reach `stream-node-max-bytes` or it holds `stream-node-max-entries` entries (live and
 *   deleted), with the listpack size computed as Redis's listpack encodes each element
 *   (lpBytes), ID deltas included (int64, wrapping as in C; a packed entry whose deltas do
 *   not fit a varint keeps them as text).
 *
 * Deletion (XDEL, exact trims inside a node) marks entries deleted, as Redis's tombstones do; a
 * node whose live entries are all gone is removed.
 *
 * Stream metadata as Redis 7.0: length, last_id, first_id, max_deleted_entry_id, entries_added,
 * and the consumer groups (stream-group.ts).
 */

import type { TypedValue } from '../keyspace/db.js';
import type { ConsumerGroup } from './stream-group.js';

export type StreamId = bigint;

const U64 = (1n << 64n) - 1n;
export const MIN_ID: StreamId = 0n;
export const MAX_ID: StreamId = (U64 << 64n) | U64;

export function makeId(ms: bigint, seq: bigint): StreamId {
  return (ms << 64n) | seq;
}

export function idMs(id: StreamId): bigint {
  return id >> 64n;
}

export function idSeq(id: StreamId): bigint {
  return id & U64;
}

export function formatId(id: StreamId): string {
  if (id < 0x20000000000000n << 64n) {
    // ms is a safe integer: format it as a number (the common case).
    return `${Number(id >> 64n)}-${id & U64}`;
  }
  return `${id >> 64n}-${id & U64}`;
}

/** streamIncrID: the next ID, or null past the last possible one. */
export function incrId(id: StreamId): StreamId | null {
  return id === MAX_ID ? null : id + 1n;
}

/** streamDecrID: the previous ID, or null before 0-0. */
export function decrId(id: StreamId): StreamId | null {
  return id === 0n ? null : id - 1n;
}

/* ------------------------------------------------------------------------------------------ */
/* Parsing IDs (streamGenericParseIDOrReply)                                                   */
/* ------------------------------------------------------------------------------------------ */

export const INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';

function isBlank(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13);
}

/** Redis string2ull: string2ll, then strtoull(s, 10) that must consume everything. */
function string2ull(s: string): bigint | null {
  const n = s.length;
  if (n === 0) return null;
  // string2ll: no blanks, no '+', no leading zeros.
  let strict = n <= 20;
  if (strict) {
    let i = 0;
    if (s.charCodeAt(0) === 45) i = 1;
    if (i === n) strict = false;
    else if (n === 1 && s === '0') return 0n;
    else {
      const f = s.charCodeAt(i);
      if (f < 49 || f > 57) strict = false;
      for (let j = i + 1; strict && j < n; j++) {
        const ch = s.charCodeAt(j);
        if (ch < 48 || ch > 57) strict = false;
      }
    }
    if (strict) {
      const v = BigInt(s);
      if (v >= -(1n << 63n) && v < 1n << 63n) return v < 0n ? null : v;
    }
  }
  // strtoull
  let i = 0;
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) {
    neg = s.charCodeAt(i) === 45;
    i++;
  }
  const start = i;
  while (i < n) {
    const ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57) return null;
    i++;
  }
  if (i === start) return null;
  const v = BigInt(s.slice(start));
  if (v > U64) return null;
  return neg ? (v === 0n ? 0n : (1n << 64n) - v) : v;
}

export interface ParsedId {
  id: StreamId;
  /** False for `<ms>-*` (XADD only). */
  seqGiven: boolean;
}

/**
 * streamGenericParseIDOrReply: `missingSeq` fills an incomplete ID, `strict` rejects `-` and `+`,
 * `allowSeqStar` accepts `<ms>-*`. Null when invalid.
 */
export function parseStreamId(arg: string, missingSeq: bigint, strict: boolean, allowSeqStar = false): ParsedId | null {
  if (arg.length > 127) return null;
  // The C code works on a NUL-terminated copy.
  const nul = arg.indexOf('\0');
  const buf = nul < 0 ? arg : arg.slice(0, nul);
  if (buf === '-' || buf === '+') {
    if (strict) return null;
    return { id: buf === '-' ? MIN_ID : MAX_ID, seqGiven: true };
  }
  const dash = buf.indexOf('-');
  const ms = string2ull(dash < 0 ? buf : buf.slice(0, dash));
  if (ms === null) return null;
  if (dash < 0) return { id: makeId(ms, missingSeq), seqGiven: true };
  const rest = buf.slice(dash + 1);
  if (allowSeqStar && rest === '*') return { id: makeId(ms, 0n), seqGiven: false };
  const seq = string2ull(rest);
  if (seq === null) return null;
  return { id: makeId(ms, seq), seqGiven: true };
}

/** A strict ID (no `-` / `+`), missing sequence 0: the form most commands take. */
export function parseStrictId(arg: string): StreamId | null {
  const p = parseStreamId(arg, 0n, true);
  return p === null ? null : p.id;
}

/* ------------------------------------------------------------------------------------------ */
/* Listpack sizes (what Redis's lpBytes would be)                                              */
/* ------------------------------------------------------------------------------------------ */

function lpBacklen(l: number): number {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

function lpIntEncoding(v: number): number {
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

function lpIntBytes(v: number): number {
  const e = lpIntEncoding(v);
  return e + lpBacklen(e);
}

/** Bytes of a string element: integer-encoded when it reads as an int64 (lpStringToInt64). */
function lpStrBytes(s: string): number {
  const n = s.length;
  if (n > 0 && n < 21) {
    const f = s.charCodeAt(0);
    if ((f >= 48 && f <= 57) || f === 45) {
      let ok = true;
      let i = f === 45 ? 1 : 0;
      if (i === n) ok = false;
      else if (n === 1 && f === 48) return lpIntBytes(0);
      else {
        const d = s.charCodeAt(i);
        if (d < 49 || d > 57) ok = false;
        for (i++; ok && i < n; i++) {
          const ch = s.charCodeAt(i);
          if (ch < 48 || ch > 57) ok = false;
        }
      }
      if (ok) {
        if (n <= 15) return lpIntBytes(Number(s));
        const v = BigInt(s);
        if (v >= -(1n << 63n) && v < 1n << 63n) return lpIntBytes(Number(v));
      }
    }
  }
  const e = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  return e + lpBacklen(e);
}

/* ------------------------------------------------------------------------------------------ */
/* Nodes                                                                                       */
/* ------------------------------------------------------------------------------------------ */

const FLAG_DELETED = 1;
const FLAG_SAMEFIELDS = 2;
/** Packed form only: the ID deltas are written as decimal text (they do not fit a safe varint). */
const FLAG_BIGDELTA = 4;
/** Largest |delta| packed as a varint (the zigzagged seq delta must stay a safe integer). */
const VARINT_DELTA_MAX = 2n ** 51n;

/** One entry as decoded from a node. `fields` may be the node's master fields (shared). */
export interface StreamEntry {
  id: StreamId;
  fields: readonly string[];
  values: readonly string[];
  flags: number;
  /** Offset of the flags char in a sealed node's data. */
  off: number;
}

function writeVarint(n: number, out: string[]): void {
  while (n >= 128) {
    out.push(String.fromCharCode((n % 128) | 128));
    n = Math.floor(n / 128);
  }
  out.push(String.fromCharCode(n));
}

class StreamNode {
  /** Field names of the node's first entry (the listpack master entry). */
  readonly masterFields: readonly string[];
  private readonly masterMs: bigint;
  private readonly masterSeq: bigint;
  /** Live and deleted entries. */
  count = 0;
  deleted = 0;
  /** Bytes of everything but the count/deleted headers, as a listpack would take. */
  private bodyBytes: number;
  /** The open tail's entries; null once sealed. */
  open: StreamEntry[] | null = [];
  /** The packed entries of a sealed node. */
  data = '';
  /** ID of the last entry (live or deleted). */
  lastId: StreamId;

  constructor(
    readonly master: StreamId,
    fields: readonly string[],
  ) {
    this.masterFields = fields;
    this.masterMs = idMs(master);
    this.masterSeq = idSeq(master);
    this.lastId = master;
    let b = 7 + lpIntBytes(fields.length) + lpIntBytes(0);
    for (const f of fields) b += lpStrBytes(f);
    this.bodyBytes = b;
  }

  get live(): number {
    return this.count - this.deleted;
  }

  /** lpBytes of the node's listpack. */
  get bytes(): number {
    return this.bodyBytes + lpIntBytes(this.live) + lpIntBytes(this.deleted);
  }

  /**
   * The deltas of `id` from the master as Redis stores them: the uint64 differences converted to
   * int64 (lpAppendInteger(id.ms - master.ms)), so an ID near 2^64 after a small master has a
   * small negative delta. Exact as bigints; the numbers only size the listpack element.
   */
  deltas(id: StreamId): [number, number] {
    const [msd, seqd] = this.bigDeltas(id);
    return [Number(msd), Number(seqd)];
  }

  bigDeltas(id: StreamId): [bigint, bigint] {
    return [BigInt.asIntN(64, idMs(id) - this.masterMs), BigInt.asIntN(64, idSeq(id) - this.masterSeq)];
  }

  sameFields(fv: readonly string[]): boolean {
    const m = this.masterFields;
    if (m.length * 2 !== fv.length) return false;
    for (let i = 0; i < m.length; i++) if (m[i] !== fv[i * 2]) return false;
    return true;
  }

  append(id: StreamId, fv: readonly string[], d: [number, number]): void {
    const same = this.sameFields(fv);
    const nf = fv.length / 2;
    const values: string[] = new Array<string>(nf);
    let fields: readonly string[] = this.masterFields;
    let b = lpIntBytes(same ? FLAG_SAMEFIELDS : 0) + lpIntBytes(d[0]) + lpIntBytes(d[1]);
    if (!same) {
      const fs: string[] = new Array<string>(nf);
      b += lpIntBytes(nf);
      for (let i = 0; i < nf; i++) {
        fs[i] = fv[i * 2]!;
        b += lpStrBytes(fs[i]!);
      }
      fields = fs;
    }
    for (let i = 0; i < nf; i++) {
      values[i] = fv[i * 2 + 1]!;
      b += lpStrBytes(values[i]!);
    }
    b += lpIntBytes(nf + 3 + (same ? 0 : nf + 1));
    this.bodyBytes += b;
    this.open!.push({ id, fields, values, flags: same ? FLAG_SAMEFIELDS : 0, off: -1 });
    this.count++;
    this.lastId = id;
  }

  copy(): StreamNode {
    const n = new StreamNode(this.master, this.masterFields);
    n.count = this.count;
    n.deleted = this.deleted;
    n.bodyBytes = this.bodyBytes;
    n.lastId = this.lastId;
    n.open = this.open === null ? null : this.open.map((e) => ({ ...e }));
    n.data = this.data;
    return n;
  }

  /** Pack the entries into one string (the node stops being the tail). */
  seal(): void {
    const ents = this.open;
    if (ents === null) return;
    const out: string[] = [];
    for (const e of ents) {
      const [msd, seqd] = this.bigDeltas(e.id);
      if (msd >= 0n && msd <= VARINT_DELTA_MAX && seqd <= VARINT_DELTA_MAX && seqd >= -VARINT_DELTA_MAX) {
        const d1 = Number(seqd);
        out.push(String.fromCharCode(e.flags & ~FLAG_BIGDELTA));
        writeVarint(Number(msd), out);
        writeVarint(d1 < 0 ? -d1 * 2 - 1 : d1 * 2, out);
      } else {
        out.push(String.fromCharCode(e.flags | FLAG_BIGDELTA));
        for (const t of [String(msd), String(seqd)]) {
          writeVarint(t.length, out);
          out.push(t);
        }
      }
      if (!(e.flags & FLAG_SAMEFIELDS)) {
        writeVarint(e.fields.length, out);
        for (const f of e.fields) {
          writeVarint(f.length, out);
          out.push(f);
        }
      }
      for (const v of e.values) {
        writeVarint(v.length, out);
        out.push(v);
      }
    }
    this.data = out.join('');
    this.open = null;
  }

  /** Every entry (live and deleted) in ID order. */
  decode(): StreamEntry[] {
    if (this.open !== null) return this.open;
    const s = this.data;
    const ents: StreamEntry[] = new Array<StreamEntry>(this.count);
    let p = 0;
    const varint = (): number => {
      let n = 0;
      let mul = 1;
      for (;;) {
        const b = s.charCodeAt(p++);
        n += (b & 127) * mul;
        if (b < 128) return n;
        mul *= 128;
      }
    };
    for (let k = 0; k < this.count; k++) {
      const off = p;
      const flags = s.charCodeAt(p++);
      let id: StreamId;
      if (flags & FLAG_BIGDELTA) {
        const text = (): string => {
          const l = varint();
          p += l;
          return s.slice(p - l, p);
        };
        const msd = BigInt(text());
        const seqd = BigInt(text());
        id = makeId(BigInt.asUintN(64, this.masterMs + msd), BigInt.asUintN(64, this.masterSeq + seqd));
      } else {
        const msd = varint();
        const z = varint();
        const seqd = z % 2 === 1 ? -(z + 1) / 2 : z / 2;
        let seq = this.masterSeq + BigInt(seqd);
        // The seq delta is int64 as Redis stores it: <ms>-18446744073709551615 after <ms>-1 is -2.
        if (seq < 0n || seq > U64) seq = BigInt.asUintN(64, seq);
        id = makeId(this.masterMs + BigInt(msd), seq);
      }
      let fields = this.masterFields;
      if (!(flags & FLAG_SAMEFIELDS)) {
        const nf = varint();
        const fs = new Array<string>(nf);
        for (let i = 0; i < nf; i++) {
          const l = varint();
          fs[i] = s.slice(p, p + l);
          p += l;
        }
        fields = fs;
      }
      const nv = fields.length;
      const values = new Array<string>(nv);
      for (let i = 0; i < nv; i++) {
        const l = varint();
        values[i] = s.slice(p, p + l);
        p += l;
      }
      ents[k] = { id, fields, values, flags, off };
    }
    return ents;
  }

  /** Mark a decoded entry deleted (it must be live). */
  markDeleted(e: StreamEntry): void {
    e.flags |= FLAG_DELETED;
    this.deleted++;
    if (this.open === null) {
      const s = this.data;
      this.data = s.slice(0, e.off) + String.fromCharCode(e.flags) + s.slice(e.off + 1);
    }
  }
}

export function isDeleted(e: StreamEntry): boolean {
  return (e.flags & FLAG_DELETED) !== 0;
}

/* ------------------------------------------------------------------------------------------ */
/* The stream                                                                                  */
/* ------------------------------------------------------------------------------------------ */

export interface NodeLimits {
  maxBytes: number;
  maxEntries: number;
}

export type TrimStrategy = 'maxlen' | 'minid';

export interface TrimArgs {
  strategy: TrimStrategy;
  approx: boolean;
  /** 0 = no limit. */
  limit: number;
  maxlen: number;
  minid: StreamId;
}

const LISTPACK_MAX_SIZE = 1 << 30;

export class StreamValue implements TypedValue {
  readonly type = 'stream' as const;
  readonly encoding = 'stream';
  private nodes: StreamNode[] = [];
  length = 0;
  lastId: StreamId = 0n;
  firstId: StreamId = 0n;
  maxDeletedId: StreamId = 0n;
  entriesAdded = 0;
  /** Consumer groups by name (created on demand, as Redis's cgroups rax). */
  groups: Map<string, ConsumerGroup> | null = null;
  private cacheNode: StreamNode | null = null;
  private cacheEntries: StreamEntry[] | null = null;

  /** Radix tree keys: one per node (XINFO STREAM radix-tree-keys). */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** The node keys (master IDs), for XINFO's radix-tree-nodes estimate. */
  nodeKeys(): StreamId[] {
    return this.nodes.map((n) => n.master);
  }

  clone(): StreamValue {
    const s = new StreamValue();
    s.nodes = this.nodes.map((n) => n.copy());
    s.length = this.length;
    s.lastId = this.lastId;
    s.firstId = this.firstId;
    s.maxDeletedId = this.maxDeletedId;
    s.entriesAdded = this.entriesAdded;
    if (this.groups !== null) {
      s.groups = new Map();
      for (const [name, g] of this.groups) s.groups.set(name, g.clone());
    }
    return s;
  }

  private decoded(n: StreamNode): StreamEntry[] {
    if (n.open !== null) return n.open;
    if (this.cacheNode === n) return this.cacheEntries!;
    const ents = n.decode();
    this.cacheNode = n;
    this.cacheEntries = ents;
    return ents;
  }

  /**
   * Append an entry whose ID is known to be greater than lastId (streamAppendItem after the ID
   * checks). `fv` is field, value, field, value, ...
   */
  append(id: StreamId, fv: readonly string[], limits: NodeLimits): void {
    this.rawAppend(id, fv, limits);
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  private rawAppend(id: StreamId, fv: readonly string[], limits: NodeLimits): void {
    let tail = this.nodes.length === 0 ? null : this.nodes[this.nodes.length - 1]!;
    let d: [number, number] | null = null;
    if (tail !== null) {
      let maxBytes = limits.maxBytes;
      if (maxBytes === 0 || maxBytes > LISTPACK_MAX_SIZE) maxBytes = LISTPACK_MAX_SIZE;
      let totelelen = 0;
      for (let i = 0; i < fv.length; i++) totelelen += fv[i]!.length;
      if (tail.bytes + totelelen >= maxBytes) tail = null;
      else if (limits.maxEntries !== 0 && tail.count >= limits.maxEntries) tail = null;
      else d = tail.deltas(id);
      if (tail === null) this.nodes[this.nodes.length - 1]!.seal();
    }
    if (tail === null) {
      const fields = new Array<string>(fv.length / 2);
      for (let i = 0; i < fields.length; i++) fields[i] = fv[i * 2]!;
      tail = new StreamNode(id, fields);
      this.nodes.push(tail);
      d = [0, 0];
    }
    tail.append(id, fv, d!);
  }

  /** Index of the last node whose master ID is <= id, or -1. */
  private nodeAtOrBefore(id: StreamId): number {
    const ns = this.nodes;
    let lo = 0;
    let hi = ns.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ns[mid]!.master <= id) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  /** Live entries with start <= id <= end, in order (reverse when rev). */
  *entries(start: StreamId, end: StreamId, rev: boolean): Generator<StreamEntry> {
    if (start > end || this.nodes.length === 0) return;
    const ns = this.nodes;
    if (!rev) {
      let i = Math.max(0, this.nodeAtOrBefore(start));
      for (; i < ns.length; i++) {
        const n = ns[i]!;
        if (n.master > end) return;
        if (n.lastId < start) continue;
        const ents = this.decoded(n);
        for (let k = 0; k < ents.length; k++) {
          const e = ents[k]!;
          if (e.id < start || (e.flags & FLAG_DELETED) !== 0) continue;
          if (e.id > end) return;
          yield e;
        }
      }
    } else {
      let i = this.nodeAtOrBefore(end);
      for (; i >= 0; i--) {
        const n = ns[i]!;
        if (n.lastId < start) return;
        const ents = this.decoded(n);
        for (let k = ents.length - 1; k >= 0; k--) {
          const e = ents[k]!;
          if (e.id > end || (e.flags & FLAG_DELETED) !== 0) continue;
          if (e.id < start) return;
          yield e;
        }
      }
    }
  }

  /** The live entry with this ID, or null. */
  get(id: StreamId): StreamEntry | null {
    const i = this.nodeAtOrBefore(id);
    if (i < 0) return null;
    const n = this.nodes[i]!;
    if (n.lastId < id) return null;
    const ents = this.decoded(n);
    let lo = 0;
    let hi = ents.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = ents[mid]!;
      if (e.id === id && (e.flags & FLAG_DELETED) === 0) return e;
      if (e.id === id) break;
      if (e.id < id) lo = mid + 1;
      else hi = mid - 1;
    }
    // XSETID can move the last ID back below tombstones, and the IDs added next land after them
    // in the node (an ID may even come back). Live entries stay in order, tombstones may not:
    // a node with tombstones is scanned as Redis's iterator walks it.
    if (n.deleted !== 0) {
      for (const o of ents) if (o.id === id && (o.flags & FLAG_DELETED) === 0) return o;
    }
    return null;
  }

  has(id: StreamId): boolean {
    return this.get(id) !== null;
  }

  /** streamLastValidID: the ID of the last live entry (0-0 when empty). */
  lastValidId(): StreamId {
    for (const e of this.entries(MIN_ID, MAX_ID, true)) return e.id;
    return 0n;
  }

  /** streamGetEdgeID: the first (or last) entry ID, counting tombstones unless skipped. */
  edgeId(first: boolean, skipTombstones: boolean): StreamId {
    if (skipTombstones) {
      for (const e of this.entries(MIN_ID, MAX_ID, !first)) return e.id;
    } else if (this.nodes.length !== 0) {
      const n = first ? this.nodes[0]! : this.nodes[this.nodes.length - 1]!;
      return first ? n.master : n.lastId;
    }
    return first ? MAX_ID : MIN_ID;
  }

  /** streamDeleteItem: true when a live entry was deleted. Updates length, not first/max-deleted. */
  delete(id: StreamId): boolean {
    const i = this.nodeAtOrBefore(id);
    if (i < 0) return false;
    const n = this.nodes[i]!;
    const e = this.get(id);
    if (e === null) return false;
    if (n.live === 1) {
      this.removeNode(i);
    } else {
      n.markDeleted(e);
    }
    this.length--;
    return true;
  }

  private removeNode(i: number): void {
    const n = this.nodes[i]!;
    const wasTail = i === this.nodes.length - 1;
    this.nodes.splice(i, 1);
    if (this.cacheNode === n) {
      this.cacheNode = null;
      this.cacheEntries = null;
    }
    // A removed tail leaves a sealed node as the tail: it stays sealed (Redis appends to it, we
    // start a new node only if it is full, so boundaries still match: see rawAppend).
    if (wasTail && this.nodes.length !== 0) this.reopenTail();
  }

  /** Make the (sealed) last node appendable again. */
  private reopenTail(): void {
    const t = this.nodes[this.nodes.length - 1]!;
    if (t.open !== null) return;
    t.open = this.decoded(t).map((e) => ({ ...e, off: -1 }));
    t.data = '';
    if (this.cacheNode === t) {
      this.cacheNode = null;
      this.cacheEntries = null;
    }
  }

  /** streamTrim: the number of entries removed. */
  trim(a: TrimArgs): number {
    let deleted = 0;
    while (this.nodes.length !== 0) {
      if (a.strategy === 'maxlen' && this.length <= a.maxlen) break;
      const n = this.nodes[0]!;
      const entries = n.live;
      if (a.limit !== 0 && deleted + entries > a.limit) break;
      const removeNode = a.strategy === 'maxlen' ? this.length - entries >= a.maxlen : n.lastId < a.minid;
      if (removeNode) {
        this.nodes.shift();
        if (this.cacheNode === n) {
          this.cacheNode = null;
          this.cacheEntries = null;
        }
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (a.approx) break;
      const ents = this.decoded(n);
      for (const e of ents) {
        const stop = a.strategy === 'maxlen' ? this.length <= a.maxlen : e.id >= a.minid;
        if (stop) break;
        if ((e.flags & FLAG_DELETED) === 0) {
          n.markDeleted(e);
          this.length--;
          deleted++;
        }
      }
      break;
    }
    if (this.nodes.length !== 0 && this.nodes[this.nodes.length - 1]!.open === null) this.reopenTail();
    if (this.length === 0) this.firstId = 0n;
    else if (deleted !== 0) this.firstId = this.edgeId(true, true);
    return deleted;
  }
}

/** field, value, field, value, ... of an entry. */
export function interleave(e: StreamEntry): string[] {
  const out = new Array<string>(e.values.length * 2);
  for (let i = 0; i < e.values.length; i++) {
    out[i * 2] = e.fields[i]!;
    out[i * 2 + 1] = e.values[i]!;
  }
  return out;
}
