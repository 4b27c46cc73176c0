/*
 * Blocked clients (Redis 7.0 blocked.c): the registry of clients blocked on keys, the ready-keys
 * queue, serving, timeouts, CLIENT UNBLOCK, and the pause of a blocked client's input.
 *
 * Data structures
 *   byDb        Database -> key -> KeyWaiters: who waits for each key, in the order they blocked
 *               (a JS Set iterates in insertion order and deletes in O(1), Redis's list + bkinfo
 *               node), with a count per kind. A waiter is in the set of each distinct key it
 *               named, once.
 *   c.blocked   the client's Waiter (CLIENT LIST flag `b`), null when not blocked: the command,
 *               its argv as received, the kind of value it waits for, its keys and its deadline.
 *   ready       the ready-keys queue: (db, key) pairs in the order they were signalled, with a
 *               per-db Set so a key is queued once however often it changes before serving.
 *   timeouts    a min-heap of waiters by (deadline, client id) driving one timer (timeout.ts).
 *
 * The cycle
 *   1. A blocking command finds nothing to pop: unless it may not block (inside EXEC, or an
 *      internal client: it then answers as on timeout), it calls block(). call() finishes as for
 *      any command (calls and total_commands_processed count now, as in Redis 7.0; the slowlog
 *      waits for the end) and the broker stops decoding that client's input: later pipelined
 *      requests stay in its query buffer.
 *   2. Any write reaches db.modified(key) -> broker.signalKeyReady(db, key) -> signalKeyReady()
 *      here, which queues the key only if someone waits for it there (a Map lookup otherwise)
 *      and it now holds the kind of value one of them waits for. Redis 7.0 signals when a list,
 *      sorted set or stream key is created (dbAdd): a client only waits on a key that is missing
 *      or of another type, so a write that leaves the key of a waited-for kind is such a creation,
 *      and a write that leaves it of another kind (SET on a key a BLPOP waits for) must not put
 *      the key ahead in the queue: within one EXEC the order of the queue decides which key a
 *      client waiting on several is served from. One difference remains: a STORE command that
 *      overwrites a key of another type (ZUNIONSTORE onto a string a BZPOPMIN waits for) wakes
 *      the waiter here, while 7.0's dbOverwrite does not signal and the waiter waits on.
 *   3. After each command the dispatcher calls handleReadyKeys() (so never in the middle of an
 *      EXEC: its queued commands run through call() alone). For each ready key, in signal order,
 *      the waiters whose kind matches the key's type are served first come first served: the
 *      blocked command is run again through its own handler with the key pinned (servedKey()),
 *      so it looks at that key only, as 7.0's serveClientsBlockedOn*Key serve the key that became
 *      ready (7.2's re-execution walks all the command's keys in order instead). The
 *      handler either serves (a reply, maybe an error such as BLMOVE's WRONGTYPE destination)
 *      and the client is unblocked, or calls block() again, which here means "not satisfied":
 *      the waiter keeps its place. Serving stops for a key once it is gone or changed type.
 *      Keys signalled while serving (BLMOVE pushing to a key someone waits for) form the next
 *      round; rounds repeat until the queue is empty.
 *   4. A waiter on a key of another type stays blocked (7.0 checks the type before serving): a
 *      BLPOP on a key that became a string waits until it is a list again.
 *   5. Unblocking (served, timed out, CLIENT UNBLOCK, disconnect) removes every trace: the key
 *      sets (and empty ones), the heap entry, c.blocked, the blocked_clients count. A client with
 *      pipelined input left is resumed on the next turn of the event loop (Redis's
 *      processUnblockedClients from beforeSleep), in order, and may block again.
 *
 * Statistics as Redis 7.0's updateStatsOnUnblock: when a blocked command completes its usec grow
 * by the serving time, failed_calls grows when it answered an error (and always for CLIENT
 * UNBLOCK, TIMEOUT included), and the slowlog gets its entry with the original argv. MONITOR saw
 * the command when it was first called. A served command is propagated (AOF) with the argv its
 * handler rewrote (LPOP key, LMOVE ..., ZPOPMIN key count), like any write.
 *
 * Replies of a waiter whose client had CLIENT REPLY OFF / SKIP in effect when it blocked are
 * dropped, as Redis drops them.
 *
 * A new blocking command must:
 *  - carry the 'blocking' flag, and parse every argument (the timeout through
 *    timeoutSeconds() / timeoutMillis()) before looking at any key, in Redis's order;
 *  - restrict its key loop to servedKey(c) when that is not null (a re-run serving one key);
 *  - when nothing can be served: if cannotBlock(c), answer as on timeout (usually the null
 *    array; BLMOVE's is a null bulk); otherwise call block(c, argv, kind, keys, deadline, opts);
 *  - keep in `opts.data` whatever must survive until it is served (XREAD's resolved `$` IDs)
 *    and read it back with servedData(c), since the re-run sees the same argv;
 *  - serve through the non-blocking command's helpers, so replies, keyspace events, dirty and
 *    db.modified() (which wakes the next waiters) are those of the plain command, and rewrite
 *    argv in place into the command it amounts to for propagation (BLPOP -> LPOP key), after
 *    keepOriginalArgv(c, argv) (dispatcher.ts) so the slowlog and MONITOR show it as sent;
 *  - for a kind that Redis serves without a re-run on a missing key (XREADGROUP's
 *    `-UNBLOCKED the stream key no longer exists`), pass `opts.keyGone`;
 *  - answer a timeout with the null array (done here for every kind), or extend expire() if a
 *    new kind answers otherwise.
 */

import type { Broker } from '../broker.js';
import type { Client } from '../client.js';
import type { Command } from '../command.js';
import type { Database, Value } from '../keyspace/db.js';
import { parseTimeoutMillis, parseTimeoutSeconds, TimeoutHeap, type TimedEntry } from './timeout.js';

export { parseTimeoutMillis, parseTimeoutSeconds } from './timeout.js';

/** The kind of value a waiter waits for: it is only served by a key of that type. */
export type BlockKind = 'list' | 'zset' | 'stream';

export const UNBLOCKED_BY_COMMAND = 'UNBLOCKED client unblocked via CLIENT UNBLOCK';

export interface BlockOptions {
  /** State for the re-run (servedData()): what argv alone cannot tell, e.g. XREAD's `$` IDs. */
  data?: unknown;
  /**
   * Called, instead of a re-run, when a key of this waiter is signalled and is missing or holds a
   * value of another type: it writes the reply, and the client is unblocked.
   */
  keyGone?: (c: Client, key: string) => void;
}

/** A blocked client: what it runs, what it waits for, until when. */
export class Waiter implements TimedEntry {
  heapIndex = -1;
  /** Heap tiebreak: the client id, the order of Redis's timeout table for equal deadlines. */
  readonly order: number;

  constructor(
    readonly client: Client,
    readonly db: Database,
    readonly cmd: Command,
    /** The arguments as received (re-runs work on copies: handlers rewrite argv to propagate). */
    readonly argv: readonly string[],
    readonly kind: BlockKind,
    /** The distinct keys, in the order the command named them. */
    readonly keys: readonly string[],
    /** ms since the epoch; 0 = no timeout. */
    readonly deadline: number,
    /** Replies are dropped: CLIENT REPLY OFF / SKIP was in effect when it blocked. */
    readonly silent: boolean,
    readonly data: unknown,
    readonly keyGone: ((c: Client, key: string) => void) | undefined,
  ) {
    this.order = client.id;
  }
}

/** The clients waiting for one key, and how many of them wait for each kind of value. */
class KeyWaiters {
  readonly waiters = new Set<Waiter>();
  list = 0;
  zset = 0;
  stream = 0;
  /** Waiters with a keyGone handler: a missing or retyped key concerns them too. */
  keyGone = 0;

  add(w: Waiter, by: 1 | -1): void {
    if (by === 1) this.waiters.add(w);
    else this.waiters.delete(w);
    this[w.kind] += by;
    if (w.keyGone !== undefined) this.keyGone += by;
  }

  /** Someone here may be served by (or must hear about) the key now holding `v`. */
  concerns(v: Value | undefined): boolean {
    if (v !== undefined && typeof v !== 'string') {
      const t = v.type;
      if ((t === 'list' && this.list !== 0) || (t === 'zset' && this.zset !== 0) || (t === 'stream' && this.stream !== 0)) return true;
      if (t === 'stream') return false;
    }
    return this.keyGone !== 0;
  }
}

interface ReadyKey {
  db: Database;
  key: string;
}

function kindOf(v: Value): string {
  return typeof v === 'string' ? 'string' : v.type;
}

export class Blocking {
  private readonly byDb = new Map<Database, Map<string, KeyWaiters>>();
  private ready: ReadyKey[] = [];
  private readonly readySets = new Map<Database, Set<string>>();
  private readonly timeouts: TimeoutHeap<Waiter>;
  private count = 0;
  private serving = false;
  /** The re-run in progress (handleReadyKeys), and the key it serves. */
  private rerunWaiter: Waiter | null = null;
  private rerunKey = '';
  /** Set by block() during a re-run: the waiter was not satisfied and keeps its place. */
  private stay = false;
  private readonly resumeQueue: Client[] = [];
  private resumeScheduled = false;

  constructor(private readonly broker: Broker) {
    this.timeouts = new TimeoutHeap<Waiter>(
      () => broker.now(),
      (w) => this.expire(w),
    );
  }

  /** Keys are waiting to be served (the dispatcher then calls handleReadyKeys()). */
  get hasReadyKeys(): boolean {
    return this.ready.length !== 0;
  }

  /** Blocked clients with a deadline (INFO clients_in_timeout_table). */
  get inTimeoutTable(): number {
    return this.timeouts.size;
  }

  /** Sizes of every structure, for tests that check a disconnect leaves nothing behind. */
  census(): { blocked: number; dbs: number; keys: number; entries: number; timeouts: number; ready: number } {
    let keys = 0;
    let entries = 0;
    for (const m of this.byDb.values()) {
      keys += m.size;
      for (const e of m.values()) entries += e.waiters.size;
    }
    let ready = this.ready.length;
    for (const s of this.readySets.values()) ready += s.size;
    return { blocked: this.count, dbs: this.byDb.size, keys, entries, timeouts: this.timeouts.size, ready };
  }

  // --- for blocking commands ----------------------------------------------------------------

  /** The timeout argument in seconds as a deadline (0 = forever); null after replying the error. */
  timeoutSeconds(c: Client, arg: string): number | null {
    const t = parseTimeoutSeconds(arg, this.broker.now());
    if (t.ok) return t.deadline;
    c.r.error(t.err);
    return null;
  }

  /** The timeout argument in milliseconds (XREAD BLOCK) as a deadline; null after the error. */
  timeoutMillis(c: Client, arg: string): number | null {
    const t = parseTimeoutMillis(arg, this.broker.now());
    if (t.ok) return t.deadline;
    c.r.error(t.err);
    return null;
  }

  /** The key a re-run of c's blocked command serves, or null for an ordinary call. */
  servedKey(c: Client): string | null {
    const w = this.rerunWaiter;
    return w !== null && w.client === c ? this.rerunKey : null;
  }

  /** The `data` c blocked with, during a re-run. */
  servedData(c: Client): unknown {
    const w = this.rerunWaiter;
    return w !== null && w.client === c ? w.data : undefined;
  }

  /**
   * The client may not block (Redis's CLIENT_DENY_BLOCKING): commands run by EXEC, and internal
   * clients (no socket: config file, AOF loading) that nothing could ever resume. The command
   * answers as if its timeout had expired.
   */
  cannotBlock(c: Client): boolean {
    return c.inExec || c.socket === null;
  }

  /**
   * Block c on `keys` for the command being run (c.current). During a re-run it only records that
   * the waiter was not satisfied.
   */
  block(c: Client, argv: readonly string[], kind: BlockKind, keys: readonly string[], deadline: number, opts: BlockOptions = {}): void {
    const rw = this.rerunWaiter;
    if (rw !== null && rw.client === c) {
      this.stay = true;
      return;
    }
    const cmd = c.current;
    if (cmd === null || c.blocked !== null) throw new Error('block() outside of a command, or on a blocked client');
    const distinct = keys.length === 1 ? keys : [...new Set(keys)];
    const w = new Waiter(c, c.db, cmd, argv, kind, distinct, deadline, c.replyMode !== 'on', opts.data, opts.keyGone);
    let byKey = this.byDb.get(c.db);
    if (byKey === undefined) {
      byKey = new Map();
      this.byDb.set(c.db, byKey);
    }
    for (const key of distinct) {
      let e = byKey.get(key);
      if (e === undefined) {
        e = new KeyWaiters();
        byKey.set(key, e);
      }
      e.add(w, 1);
    }
    c.blocked = w;
    this.count++;
    this.broker.blockedClients++;
    if (deadline !== 0) this.timeouts.insert(w);
  }

  // --- the broker's side --------------------------------------------------------------------

  /** db.modified() reached the broker: queue the key if a client waits for it (signalKeyAsReady). */
  signalKeyReady(db: Database, key: string): void {
    if (this.count === 0) return;
    const e = this.byDb.get(db)?.get(key);
    // The raw dictionary: no lazy expiry here (serving looks the key up properly).
    if (e === undefined || !e.concerns(db.dict.get(key))) return;
    let set = this.readySets.get(db);
    if (set === undefined) {
      set = new Set();
      this.readySets.set(db, set);
    }
    if (set.has(key)) return;
    set.add(key);
    this.ready.push({ db, key });
  }

  /**
   * Signal every key someone waits for in `db`: after FLUSHDB / FLUSHALL / SWAPDB, a waited key may
   * be gone (XREADGROUP hears -UNBLOCKED: scanDatabaseForDeletedStreams) or may now be there
   * (scanDatabaseForReadyKeys).
   */
  signalWaitedKeys(db: Database): void {
    const byKey = this.byDb.get(db);
    if (byKey === undefined) return;
    for (const key of byKey.keys()) this.signalKeyReady(db, key);
  }

  /** Serve the clients blocked on ready keys (handleClientsBlockedOnKeys), round after round. */
  handleReadyKeys(): void {
    if (this.serving) return;
    this.serving = true;
    try {
      while (this.ready.length !== 0) {
        const round = this.ready;
        this.ready = [];
        for (let i = 0; i < round.length; i++) {
          const { db, key } = round[i]!;
          // Out of the set first: serving may signal this very key again for the next round.
          this.readySets.get(db)?.delete(key);
          this.serveKey(db, key);
        }
      }
    } finally {
      this.serving = false;
    }
  }

  /** CLIENT UNBLOCK: as on timeout, or with an -UNBLOCKED error. False when not blocked. */
  unblockClient(target: Client, mode: 'timeout' | 'error'): boolean {
    const w = target.blocked;
    if (w === null) return false;
    const mark = target.r.out.length;
    if (mode === 'error') target.r.error(UNBLOCKED_BY_COMMAND);
    else target.r.nullArray();
    if (w.silent) target.r.out = target.r.out.slice(0, mark);
    // Redis 7.0 counts a failed call for either mode.
    this.completed(w, 0, true);
    this.unblock(w);
    target.flush();
    return true;
  }

  /** The client left: forget it without a reply. */
  onClientGone(c: Client): void {
    const w = c.blocked;
    if (w !== null) this.unblock(w);
  }

  // --- internals ----------------------------------------------------------------------------

  private serveKey(db: Database, key: string): void {
    const waiters = this.byDb.get(db)?.get(key)?.waiters;
    if (waiters === undefined) return;
    const v = db.peek(key);
    const kind = v === undefined ? null : kindOf(v);
    if (kind !== null) {
      for (const w of waiters) {
        if (w.kind !== kind) continue;
        this.rerun(w, key);
        const now = db.peek(key);
        if (now === undefined || kindOf(now) !== kind) break;
      }
    }
    if (kind !== 'stream') {
      for (const w of waiters) {
        if (w.keyGone === undefined) continue;
        const c = w.client;
        const mark = c.r.out.length;
        const errorsBefore = this.broker.stats.errorReplies;
        w.keyGone(c, key);
        if (w.silent) c.r.out = c.r.out.slice(0, mark);
        this.completed(w, 0, this.broker.stats.errorReplies !== errorsBefore);
        this.unblock(w);
        c.flush();
      }
    }
  }

  /** Run w's command again, pinned to `key`. */
  private rerun(w: Waiter, key: string): void {
    const c = w.client;
    const b = this.broker;
    const cmd = w.cmd;
    const argv = w.argv.slice();
    const errorsBefore = b.stats.errorReplies;
    const dirtyBefore = b.dirty;
    const mark = c.r.out.length;
    this.rerunWaiter = w;
    this.rerunKey = key;
    this.stay = false;
    c.current = cmd;
    const t0 = performance.now();
    try {
      cmd.handler!(c, argv);
    } finally {
      c.current = null;
      c.originalArgv = null;
      this.rerunWaiter = null;
    }
    if (this.stay) {
      this.stay = false;
      return;
    }
    const usec = Math.round((performance.now() - t0) * 1000);
    if (w.silent) c.r.out = c.r.out.slice(0, mark);
    this.completed(w, usec, b.stats.errorReplies !== errorsBefore);
    this.unblock(w);
    if (c.preventPropagation) c.preventPropagation = false;
    else if (b.dirty !== dirtyBefore && cmd.isWrite) b.propagate(c, cmd, argv);
    b.endPropagationUnit();
    c.flush();
  }

  /** The deadline passed (the heap already dropped the entry). */
  private expire(w: Waiter): void {
    const c = w.client;
    if (c.blocked !== w) return;
    const mark = c.r.out.length;
    c.r.nullArray();
    if (w.silent) c.r.out = c.r.out.slice(0, mark);
    this.completed(w, 0, false);
    this.unblock(w);
    c.flush();
  }

  /** updateStatsOnUnblock: the command's time, a failed call, the slowlog entry. */
  private completed(w: Waiter, usec: number, failed: boolean): void {
    const cmd = w.cmd;
    const b = this.broker;
    cmd.stats.usec += usec;
    if (failed) cmd.stats.failed++;
    if (usec >= b.slowlogThreshold && b.slowlogThreshold >= 0 && !cmd.skipSlowlog) b.slowlogPush(w.client, w.argv as string[], usec);
  }

  /** Remove every trace of the waiter, and resume the client's pending input. */
  private unblock(w: Waiter): void {
    const c = w.client;
    if (c.blocked !== w) return;
    c.blocked = null;
    // Its reply (served, timed out, unblocked) counts as interaction for the idle timeout, as
    // writeToClient stamps lastinteraction: a client just unblocked after a long wait is not idle.
    c.lastInteraction = this.broker.now();
    const byKey = this.byDb.get(w.db);
    if (byKey !== undefined) {
      for (const key of w.keys) {
        const e = byKey.get(key);
        if (e === undefined) continue;
        e.add(w, -1);
        if (e.waiters.size === 0) byKey.delete(key);
      }
      if (byKey.size === 0) this.byDb.delete(w.db);
    }
    this.timeouts.remove(w);
    this.count--;
    this.broker.blockedClients--;
    this.scheduleResume(c);
  }

  /** Pipelined requests of an unblocked client run on the next turn of the event loop. */
  private scheduleResume(c: Client): void {
    if (c.closing || c.decoder.pending === 0) return;
    this.resumeQueue.push(c);
    if (this.resumeScheduled) return;
    this.resumeScheduled = true;
    setImmediate(() => this.resumeClients());
  }

  private resumeClients(): void {
    this.resumeScheduled = false;
    const queue = this.resumeQueue.splice(0);
    for (const c of queue) {
      if (c.closing || c.blocked !== null || this.broker.clients.get(c.id) !== c) continue;
      this.broker.processInput(c);
    }
  }
}
