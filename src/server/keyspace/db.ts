/*
 * One logical database: the main dictionary, the expires dictionary, access times and watchers.
 *
 * Values are stored without a wrapper object per key: a string value is a plain (latin1) JS string,
 * every other type is an object with a `type` tag (list, hash, set, zset, stream). That keeps a
 * million small string keys at the cost of a Map entry and a string each.
 *
 * Expiry is lazy (every lookup checks the key's deadline and deletes it when past) plus an active
 * cycle (expire.ts) that samples keys with a deadline so memory is reclaimed without reads. Both
 * paths delete through expireKey(), which counts `expired_keys`, fires the `expired` keyspace event
 * and invalidates WATCH, as Redis's deleteExpiredKeyAndPropagate does.
 *
 * A handler that changes a key calls modified(key) (Redis's signalModifiedKey): it breaks WATCH on
 * the key and tells blocked clients the key may be ready. Writes through set()/delete() do it
 * themselves.
 */

import type { Client } from '../client.js';
import type { DbMemory } from './evict.js';

export type ValueType = 'string' | 'list' | 'hash' | 'set' | 'zset' | 'stream';

export interface TypedValue {
  readonly type: Exclude<ValueType, 'string'>;
  /** OBJECT ENCODING name, as Redis 7.0 reports it. */
  readonly encoding: string;
  /** A deep copy, for COPY. */
  clone(): TypedValue;
}

export type Value = string | TypedValue;

export function typeOf(v: Value): ValueType {
  return typeof v === 'string' ? 'string' : v.type;
}

/** What the database needs from the broker: time, stats, notifications, blocking. */
export interface KeyspaceHost {
  now(): number;
  onExpired(db: Database, key: string): void;
  signalKeyReady(db: Database, key: string): void;
  lruClock(): number;
  /** A key that did not exist was added (keyspace event `new`). */
  onNewKey(db: Database, key: string): void;
  /** The AOF is being loaded: keys are not expired (Redis's keyIsExpired answers no). */
  readonly loading: boolean;
}

export class Database {
  readonly dict = new Map<string, Value>();
  readonly expires = new Map<string, number>();
  /** LRU clock (seconds) of the last access, for OBJECT IDLETIME and LRU eviction. */
  readonly atime = new Map<string, number>();
  /** Clients WATCHing each key. */
  readonly watchers = new Map<string, Set<Client>>();
  /** Keys whose deadline was set, for the active expire cycle to walk. */
  expireCursor: Iterator<[string, number]> | null = null;
  /** String encoding marks (raw after APPEND/SETRANGE/...), kept by the string family. */
  stringMarks: { marks: Map<string, { value: string; raw: boolean }>; pruneAt: number } | null = null;
  avgTtl = 0;
  /** maxmemory accounting (evict.ts): null unless a limit is set; written keys are marked dirty. */
  mem: DbMemory | null = null;
  /**
   * AOF rewrite hooks (persistence/rewrite.ts): `cow` runs before any access by key, `cowAll`
   * before a bulk change (clear, swap), so that the rewrite serialises the snapshot's value first.
   * Null outside a rewrite.
   */
  cow: ((key: string) => void) | null = null;
  cowAll: (() => void) | null = null;

  constructor(
    public readonly id: number,
    private readonly host: KeyspaceHost,
  ) {}

  get size(): number {
    return this.dict.size;
  }

  /** True when the key has a deadline in the past; it is deleted (the lazy half of expiry). */
  private expireIfNeeded(key: string): boolean {
    const when = this.expires.get(key);
    if (when === undefined || when >= this.host.now()) return false; // Redis: expired only when now > when
    if (this.host.loading) return false;
    this.expireKey(key);
    return true;
  }

  /** Delete a key whose time has come, with Redis's side effects. */
  expireKey(key: string): void {
    this.removeKey(key);
    this.touchWatched(key);
    this.host.onExpired(this, key);
    // A blocked XREADGROUP on an expired stream hears -UNBLOCKED (signalDeletedKeyAsReady).
    this.host.signalKeyReady(this, key);
  }

  /** Look a key up for reading or writing; expired keys are deleted and reported absent. */
  get(key: string): Value | undefined {
    if (this.cow !== null) this.cow(key);
    const v = this.dict.get(key);
    if (v === undefined) return undefined;
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    this.atime.set(key, this.host.lruClock());
    if (this.mem !== null) this.mem.accessed(key);
    return v;
  }

  /** Like get() without touching the access time (OBJECT, TYPE-like introspection, SCAN filters). */
  peek(key: string): Value | undefined {
    if (this.cow !== null) this.cow(key);
    const v = this.dict.get(key);
    if (v === undefined) return undefined;
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    return v;
  }

  has(key: string): boolean {
    return this.peek(key) !== undefined;
  }

  /** Set a value, clearing any TTL (Redis setKey without KEEPTTL). Signals the key as modified. */
  set(key: string, value: Value): void {
    if (this.cow !== null) this.cow(key);
    const size = this.dict.size;
    this.dict.set(key, value);
    if (this.dict.size !== size) this.host.onNewKey(this, key);
    if (this.expires.size !== 0) this.expires.delete(key);
    this.atime.set(key, this.host.lruClock());
    this.modified(key);
  }

  /** Set a value keeping the current TTL. */
  setKeepTtl(key: string, value: Value): void {
    if (this.cow !== null) this.cow(key);
    const size = this.dict.size;
    this.dict.set(key, value);
    if (this.dict.size !== size) this.host.onNewKey(this, key);
    this.atime.set(key, this.host.lruClock());
    this.modified(key);
  }

  /** Insert without signalling (callers signal once after a multi-step change). */
  put(key: string, value: Value): void {
    if (this.cow !== null) this.cow(key);
    const size = this.dict.size;
    this.dict.set(key, value);
    if (this.dict.size !== size) this.host.onNewKey(this, key);
    this.atime.set(key, this.host.lruClock());
    if (this.mem !== null) this.mem.dirty.add(key);
  }

  /** Delete a live key; returns whether it existed. Signals the key as modified. */
  delete(key: string): boolean {
    if (this.peek(key) === undefined) return false;
    this.removeKey(key);
    this.modified(key);
    return true;
  }

  /** Remove the key from every dictionary, with no side effects. */
  removeKey(key: string): void {
    if (this.cow !== null) this.cow(key);
    this.dict.delete(key);
    this.expires.delete(key);
    this.atime.delete(key);
    if (this.mem !== null) this.mem.dirty.add(key);
  }

  /** Absolute deadline in ms, or undefined. */
  getExpire(key: string): number | undefined {
    return this.expires.get(key);
  }

  setExpire(key: string, whenMs: number): void {
    if (this.cow !== null) this.cow(key);
    this.expires.set(key, whenMs);
  }

  persist(key: string): boolean {
    if (this.cow !== null) this.cow(key);
    return this.expires.delete(key);
  }

  /** Redis signalModifiedKey: invalidate WATCH and wake clients blocked on the key. */
  modified(key: string): void {
    if (this.mem !== null) this.mem.dirty.add(key);
    if (this.watchers.size !== 0) this.touchWatched(key);
    this.host.signalKeyReady(this, key);
  }

  touchWatched(key: string): void {
    const set = this.watchers.get(key);
    if (set) for (const c of set) c.dirtyCas = true;
  }

  /** Every watched key in this db is touched (FLUSHDB, FLUSHALL, SWAPDB). */
  touchAllWatched(onlyExisting = false): void {
    for (const [key, set] of this.watchers) {
      if (onlyExisting && !this.dict.has(key)) continue;
      for (const c of set) c.dirtyCas = true;
    }
  }

  /** Empty the database; returns the number of keys removed. */
  clear(): number {
    if (this.cowAll !== null) this.cowAll();
    const n = this.dict.size;
    this.dict.clear();
    this.expires.clear();
    this.atime.clear();
    this.expireCursor = null;
    this.stringMarks = null;
    this.avgTtl = 0;
    this.mem?.reset();
    return n;
  }

  /** A random live key, or undefined. Walks at most a bounded number of entries from a random start. */
  randomKey(): string | undefined {
    for (let attempt = 0; attempt < 100 && this.dict.size > 0; attempt++) {
      const key = randomMapKey(this.dict);
      if (key === undefined) return undefined;
      if (this.peek(key) !== undefined) return key;
    }
    return undefined;
  }

  /** Swap contents with another database (SWAPDB); watchers stay with their db index. */
  swapWith(other: Database): void {
    if (this.cowAll !== null) this.cowAll();
    if (other.cowAll !== null) other.cowAll();
    swapMaps(this.dict, other.dict);
    swapMaps(this.expires, other.expires);
    swapMaps(this.atime, other.atime);
    this.expireCursor = null;
    other.expireCursor = null;
    const t = this.avgTtl;
    this.avgTtl = other.avgTtl;
    other.avgTtl = t;
    const m = this.mem;
    this.mem = other.mem;
    other.mem = m;
    this.mem?.rewind();
    other.mem?.rewind();
  }
}

function swapMaps<K, V>(a: Map<K, V>, b: Map<K, V>): void {
  const tmp = new Map(a);
  a.clear();
  for (const [k, v] of b) a.set(k, v);
  b.clear();
  for (const [k, v] of tmp) b.set(k, v);
}

/**
 * A pseudo-random key of a Map. A JS Map has no random access, so we skip a random number of
 * entries (bounded, to stay O(1)-ish on huge maps) from the start of a rotating window.
 */
export function randomMapKey<K>(m: Map<K, unknown> | Set<K>): K | undefined {
  const n = m.size;
  if (n === 0) return undefined;
  const skip = Math.floor(Math.random() * Math.min(n, 1024));
  let i = 0;
  for (const k of m.keys()) {
    if (i++ === skip) return k;
  }
  return undefined;
}
