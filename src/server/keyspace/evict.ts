/*
 * maxmemory: memory accounting, the OOM gate and key eviction (Redis's evict.c).
 *
 * What "used memory" means here. Redis compares maxmemory with the allocator's byte count. A
 * Node process has no such figure that is both cheap and stable: V8's heapUsed includes garbage
 * that only a collection reclaims, so deleting a key does not lower it and an eviction loop driven
 * by it would empty the keyspace. Pigeon therefore keeps an accounting of its own, switched on
 * while maxmemory is non-zero:
 *
 *     used_memory = used_memory_startup + sum over every key of MEMORY USAGE key
 *
 * used_memory_startup is the heap measured when the broker was created (a constant), and a key
 * counts what MEMORY USAGE reports for it (exact for strings, sampled for collections). So the
 * figure is deterministic: the same commands give the same number, deleting a key lowers it by
 * exactly that key's size, and INFO memory's used_memory shows it while a limit is set (without a
 * limit INFO shows V8's heap, as before). Client buffers are not counted (they are bounded by
 * client-query-buffer-limit and client-output-buffer-limit) and neither is the AOF buffer:
 * mem_not_counted_for_evict is 0.
 *
 * The accounting is incremental and lazy. Each database gets a DbMemory while a limit is set;
 * db.ts adds to its `dirty` set every key it writes, modifies or removes (put, modified,
 * removeKey), and before the figure is read the dirty keys are re-measured. Setting a limit where
 * there was none measures every key once (O(keys), at that CONFIG SET); removing it drops the
 * accounting. Nothing of this runs when maxmemory is 0: db.ts tests one field that is then null.
 *
 * The gate (processCommand's maxmemory block). When a limit is set, every command from a client
 * first runs performEvictions(); the dispatcher then rejects it with -OOM when memory is still
 * over the limit and the command is flagged denyoom, is an EXEC whose queue holds a denyoom
 * command, or is queued inside MULTI (anything but EXEC, DISCARD, QUIT, RESET). Reads, deletes and
 * acknowledgements lack denyoom, so consumers can always drain. CONFIG SET maxmemory evicts at
 * once, as Redis's updateMaxmemory does.
 *
 * Eviction. The policies pick as Redis does:
 *  - *-lru, *-lfu, volatile-ttl: maxmemory-samples keys of each database (of the whole dict for
 *    allkeys-*, of the keys with a deadline for volatile-*) feed a pool of the 16 best candidates
 *    kept across calls, ordered by score (idle time, 255 - LFU counter, or closeness of the
 *    deadline); the best one that still exists is evicted. A JS Map has no random access, so the
 *    sample is the next keys of a cursor that sweeps each dictionary and wraps around: every key
 *    is looked at in turn, and with maxmemory-samples >= the number of keys the choice is exact.
 *  - *-random: a key found by a random skip from the cursor, one database after the other.
 * An evicted key is removed like an expired one (WATCH broken), counted in INFO evicted_keys,
 * announced with the `evicted` keyspace event and propagated as DEL through
 * broker.propagateDeletion(). The loop stops when the freed bytes cover the excess or after
 * maxmemory-eviction-tenacity's time budget, in which case a timer keeps evicting in slices
 * (Redis's evictionTimeProc) while commands are served.
 *
 * LFU counters (8-bit logarithmic counter + 16-bit minutes of the last decrement, as Redis packs
 * them) are kept only while a limit and an LFU policy are set; OBJECT FREQ does not read them.
 */

import type { Broker } from '../broker.js';
import type { Client } from '../client.js';
import type { Command } from '../command.js';
import type { Database } from './db.js';
import { memoryUsage } from '../commands/server.js';

export const OOM_ERROR = "OOM command not allowed when used memory > 'maxmemory'.";

/** performEvictions() results. */
export const EVICT_OK = 0;
export const EVICT_RUNNING = 1;
export const EVICT_FAIL = 2;

const EVPOOL_SIZE = 16;
const LFU_INIT_VAL = 5;
/** MEMORY USAGE's default sample count: a key counts what MEMORY USAGE reports for it. */
const SIZE_SAMPLES = 5;
/** Commands that still run inside MULTI when memory is over the limit. */
const MULTI_EXEMPT = new Set(['exec', 'discard', 'quit', 'reset']);

type Policy = 'noeviction' | 'allkeys-lru' | 'volatile-lru' | 'allkeys-lfu' | 'volatile-lfu' | 'allkeys-random' | 'volatile-random' | 'volatile-ttl';

/** The accounting of one database while a limit is set (see the header). */
export class DbMemory {
  /** The size counted for each key, as last measured. */
  readonly sizes = new Map<string, number>();
  /** Keys written, modified or removed since they were last measured. */
  readonly dirty = new Set<string>();
  bytes = 0;
  /** LFU words (ldt << 8 | counter) while an LFU policy is set, else null. */
  lfu: Map<string, number> | null = null;
  /** Sampling cursors over the main dict and the expires dict. */
  dictCursor: Iterator<string> | null = null;
  expiresCursor: Iterator<string> | null = null;

  constructor(private readonly ev: Eviction) {}

  /** A lookup touched the key (db.get): bump its LFU counter under an LFU policy. */
  accessed(key: string): void {
    if (this.lfu !== null) this.lfu.set(key, this.ev.lfuIncr(this.lfu.get(key)));
  }

  /** The database was emptied (FLUSHDB / FLUSHALL). */
  reset(): void {
    this.sizes.clear();
    this.dirty.clear();
    this.bytes = 0;
    this.lfu?.clear();
    this.rewind();
  }

  /** Forget the sampling cursors (the dictionaries they walked were swapped or cleared). */
  rewind(): void {
    this.dictCursor = null;
    this.expiresCursor = null;
  }
}

interface PoolEntry {
  idle: number;
  key: string | null;
  db: number;
}

export class Eviction {
  /** maxmemory in bytes, 0 = no limit: the one field the dispatcher tests on every command. */
  limit = 0;
  private policy: Policy = 'noeviction';
  private readonly pool: PoolEntry[] = [];
  private nextDb = 0;
  private procRunning = false;
  private procTimer: NodeJS.Timeout | null = null;
  /** performance.now() when memory first stayed over the limit, 0 when under (INFO). */
  private exceededSince = 0;
  private exceededTotalMs = 0;

  constructor(private readonly b: Broker) {
    for (let i = 0; i < EVPOOL_SIZE; i++) this.pool.push({ idle: 0, key: null, db: 0 });
    const cfg = b.config;
    this.policy = cfg.get('maxmemory-policy') as Policy;
    this.setLimit(cfg.num('maxmemory'));
    cfg.watch('maxmemory', () => {
      // CONFIG SET maxmemory 1 maxmemory-policy allkeys-lru: every value is stored before any
      // listener runs, so the eviction below already follows the new policy, as in Redis.
      this.policy = cfg.get('maxmemory-policy') as Policy;
      this.setLimit(cfg.num('maxmemory'));
      this.syncLfu();
      if (this.limit !== 0) {
        const used = this.usedMemory();
        if (used > this.limit) {
          b.log.warning(
            `WARNING: the new maxmemory value set via CONFIG SET (${this.limit}) is smaller than the current memory usage (${used}). This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.`,
          );
        }
        this.performEvictions();
      }
    });
    cfg.watch('maxmemory-policy', (v) => {
      this.policy = v as Policy;
      this.syncLfu();
    });
  }

  // --- accounting -----------------------------------------------------------------------------

  private setLimit(limit: number): void {
    const was = this.limit;
    this.limit = limit;
    if (limit !== 0 && was === 0) {
      // Start accounting: every key is measured once (on the first read of the figure).
      for (const db of this.b.dbs) {
        const m = new DbMemory(this);
        for (const key of db.dict.keys()) m.dirty.add(key);
        db.mem = m;
      }
      this.syncLfu();
    } else if (limit === 0 && was !== 0) {
      for (const db of this.b.dbs) db.mem = null;
      this.stopProc();
    }
  }

  private get isLfu(): boolean {
    return this.policy.endsWith('-lfu');
  }

  /** Keep LFU words exactly while a limit and an LFU policy are set. */
  private syncLfu(): void {
    for (const db of this.b.dbs) {
      const m = db.mem;
      if (m === null) continue;
      if (!this.isLfu) m.lfu = null;
      else if (m.lfu === null) {
        m.lfu = new Map();
        const init = this.lfuWord(LFU_INIT_VAL);
        for (const key of db.dict.keys()) m.lfu.set(key, init);
      }
    }
  }

  /** Re-measure the keys marked dirty since the last read. */
  private settle(db: Database, m: DbMemory): void {
    if (m.dirty.size === 0) return;
    for (const key of m.dirty) {
      const old = m.sizes.get(key) ?? 0;
      const v = db.dict.get(key);
      if (v === undefined) {
        if (old !== 0) m.sizes.delete(key);
        m.bytes -= old;
        m.lfu?.delete(key);
      } else {
        const size = memoryUsage(key, v, SIZE_SAMPLES);
        m.sizes.set(key, size);
        m.bytes += size - old;
        if (m.lfu !== null && !m.lfu.has(key)) m.lfu.set(key, this.lfuWord(LFU_INIT_VAL));
      }
    }
    m.dirty.clear();
  }

  /** The figure compared with maxmemory (see the header); only meaningful while a limit is set. */
  usedMemory(): number {
    let total = this.b.startupMemory;
    for (const db of this.b.dbs) {
      const m = db.mem;
      if (m === null) continue;
      this.settle(db, m);
      total += m.bytes;
    }
    return total;
  }

  /** INFO memory's used_memory: the accounted figure while a limit is set, else null. */
  reportedMemory(): number | null {
    return this.limit === 0 ? null : this.usedMemory();
  }

  /** INFO stats total_eviction_exceeded_time / current_eviction_exceeded_time, in ms. */
  exceededTimes(): { total: number; current: number } {
    const current = this.exceededSince === 0 ? 0 : Math.floor(performance.now() - this.exceededSince);
    return { total: Math.floor(this.exceededTotalMs) + current, current };
  }

  // --- the gate -------------------------------------------------------------------------------

  /**
   * processCommand's maxmemory block, for a command from a client while a limit is set: evict as
   * needed, then the -OOM error if the command must not run, else null.
   */
  admission(c: Client, cmd: Command): string | null {
    // Internal clients (AOF loading, the config file) replay facts: never evicted for nor refused.
    if (c.socket === null) return null;
    const oom = this.performEvictions() === EVICT_FAIL;
    if (!oom) return null;
    let reject = cmd.flags.includes('denyoom');
    if (!reject && cmd.fullName === 'exec' && c.multi !== null) reject = c.multi.some((q) => q.cmd.flags.includes('denyoom'));
    if (c.multi !== null && !MULTI_EXEMPT.has(cmd.fullName)) reject = true;
    return reject ? OOM_ERROR : null;
  }

  // --- eviction -------------------------------------------------------------------------------

  /** Redis's performEvictions(): EVICT_OK, EVICT_RUNNING (a timer carries on) or EVICT_FAIL. */
  performEvictions(): number {
    // isPerformEvictions: never while the AOF is being loaded (a fake EVICT_OK, no metrics).
    if (this.limit === 0 || this.b.loading) return EVICT_OK;
    const used = this.usedMemory();
    let result: number;
    if (used <= this.limit) result = EVICT_OK;
    else if (this.policy === 'noeviction') result = EVICT_FAIL;
    else result = this.evict(used - this.limit);
    this.updateMetrics(result);
    return result;
  }

  private evict(toFree: number): number {
    const budgetMs = timeLimitMs(this.b.config.num('maxmemory-eviction-tenacity'));
    const start = performance.now();
    let freed = 0;
    let keysFreed = 0;
    const lazy = this.b.config.bool('lazyfree-lazy-eviction');
    while (freed < toFree) {
      const pick = this.policy.endsWith('-random') ? this.pickRandom() : this.pickFromPool();
      if (pick === null) return EVICT_FAIL; // nothing left to evict
      const [db, key] = pick;
      const m = db.mem!;
      this.settle(db, m);
      freed += m.sizes.get(key) ?? 0;
      db.removeKey(key);
      this.settle(db, m);
      this.b.stats.evictedKeys++;
      // signalModifiedKey(NULL, db, key): WATCH breaks; no client is woken for a missing key.
      db.touchWatched(key);
      this.b.notify(db, 'evicted', key);
      // propagateDeletion + propagatePendingCommands: each DEL is a unit of its own.
      this.b.propagateDeletion(db, key, lazy);
      this.b.endPropagationUnit();
      keysFreed++;
      if (keysFreed % 16 === 0 && performance.now() - start > budgetMs) {
        this.startProc();
        break;
      }
    }
    return this.procRunning ? EVICT_RUNNING : EVICT_OK;
  }

  /** The LRU / LFU / TTL pool: populate from every database, take the best live entry. */
  private pickFromPool(): [Database, string] | null {
    const allkeys = this.policy.startsWith('allkeys');
    const pool = this.pool;
    for (;;) {
      let total = 0;
      for (const db of this.b.dbs) {
        const n = allkeys ? db.dict.size : db.expires.size;
        if (n === 0 || db.mem === null) continue;
        total += n;
        this.populate(db, allkeys);
      }
      if (total === 0) return null;
      for (let k = EVPOOL_SIZE - 1; k >= 0; k--) {
        const e = pool[k]!;
        if (e.key === null) continue;
        const db = this.b.dbs[e.db]!;
        const key = e.key;
        e.key = null;
        e.idle = 0;
        if (allkeys ? db.dict.has(key) : db.expires.has(key)) return [db, key];
        // A ghost: deleted since it was pooled. Try the next one.
      }
    }
  }

  /** evictionPoolPopulate: score a sample of db's keys and insert the good ones in the pool. */
  private populate(db: Database, allkeys: boolean): void {
    const m = db.mem!;
    const samples = this.b.config.num('maxmemory-samples');
    const keys = allkeys ? this.sample(db.dict, m, 'dictCursor', samples) : this.sample(db.expires, m, 'expiresCursor', samples);
    const pool = this.pool;
    const clock = this.b.lruClock();
    for (const key of keys) {
      let idle: number;
      if (this.policy === 'volatile-ttl') {
        idle = Number.MAX_SAFE_INTEGER - (db.expires.get(key) ?? 0);
      } else if (m.lfu !== null) {
        idle = 255 - this.lfuDecr(m.lfu.get(key) ?? this.lfuWord(LFU_INIT_VAL));
      } else {
        const lru = db.atime.get(key) ?? clock;
        idle = (clock >= lru ? clock - lru : clock + 0xffffff - lru) * 1000;
      }
      // Find the first empty bucket or the first one with a smaller score than ours.
      let k = 0;
      while (k < EVPOOL_SIZE && pool[k]!.key !== null && pool[k]!.idle < idle) k++;
      if (k === 0 && pool[EVPOOL_SIZE - 1]!.key !== null) continue; // worse than all, pool full
      if (k < EVPOOL_SIZE && pool[k]!.key === null) {
        // Empty bucket: insert here.
      } else if (pool[EVPOOL_SIZE - 1]!.key === null) {
        // Free space on the right: shift k.. right by one.
        const spare = pool.pop()!;
        pool.splice(k, 0, spare);
      } else {
        // No free space: drop the worst entry (leftmost), insert at k-1.
        k--;
        const spare = pool.shift()!;
        pool.splice(k, 0, spare);
      }
      const e = pool[k]!;
      e.key = key;
      e.idle = idle;
      e.db = db.id;
    }
  }

  /**
   * Up to `count` distinct keys of `map`, the next ones of a cursor that sweeps it and wraps
   * around (dictGetSomeKeys: consecutive entries from a random place, here from where the last
   * sample stopped).
   */
  private sample(map: Map<string, unknown>, m: DbMemory, cursor: 'dictCursor' | 'expiresCursor', count: number): string[] {
    const out: string[] = [];
    const want = Math.min(count, map.size);
    let wrapped = false;
    while (out.length < want) {
      let it = m[cursor];
      if (it === null) it = m[cursor] = map.keys();
      const r = it.next();
      if (r.done) {
        m[cursor] = null;
        if (wrapped) break;
        wrapped = true;
        continue;
      }
      out.push(r.value);
    }
    return out;
  }

  /** allkeys-random / volatile-random: a random key of the next database that has candidates. */
  private pickRandom(): [Database, string] | null {
    const allkeys = this.policy === 'allkeys-random';
    const dbs = this.b.dbs;
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[++this.nextDb % dbs.length]!;
      const map = allkeys ? db.dict : db.expires;
      if (map.size === 0 || db.mem === null) continue;
      const cursor = allkeys ? 'dictCursor' : 'expiresCursor';
      const skip = Math.floor(Math.random() * Math.min(map.size, 64));
      let key: string | undefined;
      for (let s = 0; s <= skip; s++) key = this.sample(map, db.mem, cursor, 1)[0];
      if (key !== undefined) return [db, key];
    }
    return null;
  }

  private updateMetrics(result: number): void {
    if (result === EVICT_OK) {
      if (this.exceededSince !== 0) {
        this.exceededTotalMs += performance.now() - this.exceededSince;
        this.exceededSince = 0;
      }
    } else if (this.exceededSince === 0) {
      this.exceededSince = performance.now();
    }
  }

  /** evictionTimeProc: keep evicting in slices until under the limit or nothing is left. */
  private startProc(): void {
    if (this.procRunning) return;
    this.procRunning = true;
    this.procTimer = setTimeout(this.procTick, 0);
  }

  private readonly procTick = (): void => {
    this.procTimer = null;
    // procRunning stays true during the slice, so it reports EVICT_RUNNING as Redis's does: the
    // proc then runs once more and stops on EVICT_OK (under the limit) or EVICT_FAIL.
    if (this.performEvictions() === EVICT_RUNNING && this.limit !== 0) this.procTimer = setTimeout(this.procTick, 0);
    else this.procRunning = false;
  };

  private stopProc(): void {
    this.procRunning = false;
    if (this.procTimer !== null) clearTimeout(this.procTimer);
    this.procTimer = null;
  }

  /** The broker is closing. */
  stop(): void {
    this.stopProc();
  }

  // --- LFU --------------------------------------------------------------------------------------

  private lfuMinutes(): number {
    return Math.floor(Date.now() / 60000) & 0xffff;
  }

  private lfuWord(counter: number): number {
    return (this.lfuMinutes() << 8) | counter;
  }

  /** LFUDecrAndReturn: the counter decayed by one per lfu-decay-time minutes since ldt. */
  lfuDecr(word: number): number {
    const ldt = word >>> 8;
    const counter = word & 255;
    const decay = this.b.config.num('lfu-decay-time');
    const now = this.lfuMinutes();
    const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
    const periods = decay !== 0 ? Math.floor(elapsed / decay) : 0;
    return periods === 0 ? counter : periods > counter ? 0 : counter - periods;
  }

  /** updateLFU: decay, then LFULogIncr, stamped with the current minutes. */
  lfuIncr(word: number | undefined): number {
    let counter = this.lfuDecr(word ?? this.lfuWord(LFU_INIT_VAL));
    if (counter < 255) {
      const base = Math.max(0, counter - LFU_INIT_VAL);
      if (Math.random() < 1 / (base * this.b.config.num('lfu-log-factor') + 1)) counter++;
    }
    return this.lfuWord(counter);
  }
}

/** evictionTimeLimitUs, in milliseconds: tenacity 0..10 linear to 0.5 ms, then +15% a step. */
function timeLimitMs(tenacity: number): number {
  if (tenacity <= 10) return (50 * tenacity) / 1000;
  if (tenacity < 100) return (500 * Math.pow(1.15, tenacity - 10)) / 1000;
  return Infinity;
}
