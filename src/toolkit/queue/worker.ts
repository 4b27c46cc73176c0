/*
 * Worker: runs a Queue's jobs. One worker is one consumer (a unique name) of the queue's consumer
 * group; it holds the jobs the group delivered to it until their outcome is written.
 *
 * The fetch loop, on its own connection (conn.duplicate(), as the read blocks):
 *   XREADGROUP GROUP workers <consumer> COUNT <free slots> [BLOCK 2000] STREAMS wake ready:3 .. ready:<l> > ...
 * Free slots = concurrency - running handlers - fetched jobs not yet started. While a level may
 * hold more jobs the read does not block and stops at that level (see #read); otherwise it blocks
 * on all of them. Jobs of a higher level start first; jobs of a lower level that one read also
 * returned wait in the worker (held: heartbeated, and counted as active). The records of jobs
 * whose handlers run longer than 10 ms are marked `state active` (see #markActive). Wake entries
 * (one per delayed add) carry a due time: the worker sets a timer for it and acknowledges them.
 *
 * Outcomes (completed, retry now / after backoff, dead, released) are queued and written by one
 * MULTI per batch (ops.ts): while the worker drains a backlog, in the same write as its next
 * (non-blocking) read on the fetch connection (#writeAndRead: one write and one round trip per
 * batch); otherwise on the command connection, started on setImmediate so that the completions of
 * one tick share a MULTI, and while one MULTI is in flight the next batch gathers. A failed write
 * is retried with backoff until it succeeds (the writes are idempotent up to a duplicate entry,
 * see ops.ts), so a broker restart delays acknowledgements but loses none. A job stays held until
 * its outcome is written; only then is its event ('completed', 'failed', 'dead') emitted.
 *
 * The maintenance tick (every visibilityTimeout / 6, at most every second):
 *   heartbeat  every visibilityTimeout / 3: XCLAIM <ready> workers <consumer> 0 <held ids> JUSTID
 *              resets the idle time of every held entry without counting a delivery, so a job whose
 *              worker is alive is never taken over, however long its handler runs.
 *   reclaim    about every visibilityTimeout / 2 (jittered): XAUTOCLAIM <key> workers <consumer>
 *              <visibilityTimeout> <cursor> COUNT 100, following the cursor to 0-0, on every read key.
 *              XAUTOCLAIM is the single winner (it resets the idle time, so a second reclaimer sees
 *              nothing). Each taken job counts a failed attempt ('stalled'), then goes back to the
 *              queue (XADD ready with a + 1) or, after its last attempt, to the dead letters, by
 *              the same MULTI as the other outcomes.
 *   delayed    every tick, ZRANGE delayed 0 0 WITHSCORES: a timer for the earliest due time, in
 *              case the worker that read its wake entry died or the job was delayed before any
 *              worker ran. When a timer fires the worker promotes
 *              (Queue core, WATCH on `delayed`); competing promoters resolve through the WATCH.
 *   recovery   before its next read, the loop re-reads its own pending entries (XREADGROUP ... 0):
 *              entries the server delivered in a reply that a lost connection swallowed are
 *              adopted without waiting for the visibility timeout.
 *
 * Errors: NOGROUP (the stream or group vanished) recreates the groups (XGROUP CREATE ... 0
 * MKSTREAM; BUSYGROUP is fine; 0 is right because the streams only hold unfinished jobs). Other
 * transient errors (connection lost, LOADING, READONLY, UNBLOCKED) back off 50 ms doubling to 2 s
 * and retry; the worker never stops by itself. Each is reported on 'error'.
 *
 * Crash of the worker process at any point: everything it held is in the group's pending list
 * under its consumer name, idle from its last heartbeat; a live worker's reclaim takes it after
 * visibilityTimeout. A crash between XAUTOCLAIM and the reclaim MULTI leaves the entries pending
 * under the crashed reclaimer: the next reclaim takes them again (that stall is not counted).
 *
 * close({ timeout }): stop fetching (the blocking connection is dropped, since a blocked
 * XREADGROUP cannot be withdrawn), put unstarted jobs back (release), adopt-and-release entries a
 * lost reply had delivered, wait for running handlers and the last write (up to timeout), then
 * delete the consumer if nothing is pending under it. Handlers still running at the timeout are
 * left to the visibility timeout of the other workers.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { RedisClient } from '../connection.js';
import { PigeonError } from '../errors.js';
import { backoffDelay } from './backoff.js';
import { GROUP, PRIORITY_LEVELS } from './keys.js';
import { execTx, parseEntries, parseJobEntry, parseRead, parseWakeEntry, queueAck, queueReady, runTx, sleep, Tx, type Entry } from './ops.js';
import type { QueueCore } from './queue.js';
import type { WorkerCloseOptions, JobHandler, Job, ProcessOptions, WorkerEvents } from './types.js';

const BLOCK_MS = 2000;
const CLOSING: unique symbol = Symbol('closing');
/** Outcomes per MULTI. */
const WRITE_MAX = 1000;
const RECLAIM_COUNT = 100;
const OWN_PENDING_COUNT = 1000;
/** A handler running this long gets its record marked `state active`. */
const MARK_AFTER_MS = 10;

/** A delivered entry this worker is responsible for until its outcome is written. */
interface Held {
  key: string;
  entryId: string;
  level: number;
  jobId: string;
  raw: string;
  attemptsMade: number;
  /** Its handler has returned or thrown. */
  settled?: boolean;
  /** Its record was marked `state active` (on the command connection; see #markActive). */
  marked?: boolean;
}

type Outcome<T, R> =
  | { kind: 'complete'; held: Held; job: Job<T>; result: R }
  | { kind: 'retry'; held: Held; job: Job<T> | null; error: Error; attemptsMade: number; due: number }
  | { kind: 'dead'; held: Held; job: Job<T> | null; error: Error; attemptsMade: number }
  | { kind: 'release'; held: Held }
  | { kind: 'ack'; key: string; entryId: string };

type Listeners<T, R> = { [E in keyof WorkerEvents<T, R>]?: Set<WorkerEvents<T, R>[E]> };

class ActiveJob<T> implements Job<T> {
  readonly id: string;
  readonly data: T;
  readonly attemptsMade: number;
  readonly priority: number;
  readonly #beat: () => Promise<void>;

  constructor(held: Held, data: T, beat: () => Promise<void>) {
    this.id = held.jobId;
    this.data = data;
    this.attemptsMade = held.attemptsMade;
    this.priority = held.level;
    this.#beat = beat;
  }

  heartbeat(): Promise<void> {
    return this.#beat();
  }
}

export class Worker<T, R = unknown> {
  /** This worker's consumer name in the group. */
  readonly consumer: string;
  readonly #core: QueueCore<T>;
  readonly #handler: JobHandler<T, R>;
  readonly #concurrency: number;
  readonly #batch: number;
  readonly #onClosed: () => void;
  readonly #listeners: Listeners<T, R> = {};
  readonly #ownArgs: string[];
  /**
   * Per level: may it hold more ready jobs? (Its last read filled its COUNT, or nothing read it
   * yet.) The highest such level decides the next read; see #read.
   */
  readonly #more: boolean[] = [];

  readonly #held = new Map<string, Held>();
  /** Sets that collect the entries written while a #readOwn is in flight. */
  readonly #settledWatch = new Set<Set<string>>();
  readonly #buffer: Held[][] = [];
  #buffered = 0;
  #running = 0;
  #outcomes: Outcome<T, R>[] = [];
  #writing = false;
  /** The second whose completion counter this worker last set to expire. */
  #rateExpiry = -1;
  /** Outcome batches in flight ahead of a read (#writeAndRead). */
  #riding = 0;
  #writeScheduled = false;
  #waiters: (() => void)[] = [];
  #slotWaiter: (() => void) | null = null;
  /** Called by close(): ends the fetch loop's wait for a command (#unlessClosing). */
  readonly #cancels = new Set<() => void>();

  #blocking: RedisClient | null;
  #groupsReady = false;
  #needRecover = true;
  /** The re-read of our own pending entries, and the reclaim, while in flight (never both at once). */
  #recovering: Promise<void> | null = null;
  #reclaiming: Promise<void> | null = null;
  #closing = false;
  #abandoned = false;
  #closePromise: Promise<void> | null = null;
  readonly #loop: Promise<void>;

  #tickTimer: NodeJS.Timeout | null = null;
  #markTimer: NodeJS.Timeout | null = null;
  #unmarked: Held[] = [];
  #wakeTimer: NodeJS.Timeout | null = null;
  #wakeAt = Infinity;
  #promoting = false;
  #nextHeartbeat = 0;
  #nextReclaim = 0;
  readonly #tickMs: number;
  readonly #heartbeatMs: number;
  readonly #reclaimMs: number;

  constructor(core: QueueCore<T>, handler: JobHandler<T, R>, options: ProcessOptions, onClosed: () => void) {
    const concurrency = options.concurrency ?? 1;
    const batch = options.batch ?? concurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new PigeonError('PIGEON_ERR_INVALID_OPTION', `concurrency must be an integer >= 1, got ${concurrency}`);
    if (!Number.isInteger(batch) || batch < 1) throw new PigeonError('PIGEON_ERR_INVALID_OPTION', `batch must be an integer >= 1, got ${batch}`);
    this.#core = core;
    this.#handler = handler;
    this.#concurrency = concurrency;
    this.#batch = batch;
    this.#onClosed = onClosed;
    this.consumer = `${os.hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
    for (let level = 0; level < PRIORITY_LEVELS; level++) this.#buffer.push([]);
    const keys = core.keys.readKeys;
    for (let level = 0; level < PRIORITY_LEVELS; level++) this.#more.push(true);
    this.#ownArgs = ['GROUP', GROUP, this.consumer, 'COUNT', String(OWN_PENDING_COUNT), 'STREAMS', ...keys, ...keys.map(() => '0')];
    const vt = core.visibilityTimeout;
    this.#tickMs = Math.max(10, Math.min(1000, Math.floor(vt / 6)));
    this.#heartbeatMs = Math.max(5, Math.floor(vt / 3));
    this.#reclaimMs = Math.max(10, Math.floor(vt / 2));
    this.#blocking = core.conn.duplicate();
    // Connection errors reach the loop as failed commands (reported on 'error'); ioredis would
    // otherwise print each reconnect attempt of a connection without an error listener.
    this.#blocking.on('error', () => undefined);
    // After a reconnect, look for entries a lost reply delivered.
    this.#blocking.on('ready', () => {
      this.#needRecover = true;
    });
    this.#loop = this.#run();
    this.#tickTimer = setTimeout(() => void this.#tick(), 0);
  }

  on<E extends keyof WorkerEvents<T, R>>(event: E, listener: WorkerEvents<T, R>[E]): this {
    let set = this.#listeners[event] as Set<WorkerEvents<T, R>[E]> | undefined;
    if (set === undefined) {
      set = new Set();
      (this.#listeners as Record<string, Set<unknown>>)[event] = set;
    }
    set.add(listener);
    return this;
  }

  off<E extends keyof WorkerEvents<T, R>>(event: E, listener: WorkerEvents<T, R>[E]): this {
    (this.#listeners[event] as Set<WorkerEvents<T, R>[E]> | undefined)?.delete(listener);
    return this;
  }

  /** Handlers running now. */
  get running(): number {
    return this.#running;
  }

  /** Stops fetching, waits for active jobs (up to `timeout` ms), writes their outcomes. */
  close(options: WorkerCloseOptions = {}): Promise<void> {
    this.#closePromise ??= this.#close(options.timeout);
    return this.#closePromise;
  }

  // ---- events -------------------------------------------------------------------------------

  #emit<E extends keyof WorkerEvents<T, R>>(event: E, ...args: Parameters<WorkerEvents<T, R>[E]>): void {
    const set = this.#listeners[event];
    if (set === undefined || set.size === 0) return;
    for (const listener of set) {
      try {
        (listener as (...a: Parameters<WorkerEvents<T, R>[E]>) => void)(...args);
      } catch (err) {
        if (event !== 'error') this.#emit('error', toError(err));
      }
    }
  }

  // ---- fetch loop ---------------------------------------------------------------------------

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#closing) {
      if (this.#core.conn.closed) {
        this.#closing = true;
        break;
      }
      try {
        if (!this.#groupsReady) {
          await this.#ensureGroups();
          this.#groupsReady = true;
        }
        if (this.#needRecover) {
          this.#needRecover = false;
          if (this.#reclaiming !== null) await this.#reclaiming;
          const read = this.#readOwn(this.#blocking!);
          this.#recovering = read.then(
            () => undefined,
            () => undefined,
          );
          let own: Entry[] | typeof CLOSING;
          try {
            own = await this.#unlessClosing(read);
          } finally {
            this.#recovering = null;
          }
          if (own === CLOSING) break;
          this.#adopt(own);
          this.#dispatch();
        }
        const free = this.#concurrency - this.#running - this.#buffered;
        if (free <= 0) {
          if (this.#closing) break;
          await new Promise<void>((resolve) => {
            this.#slotWaiter = resolve;
          });
          continue;
        }
        await this.#read(Math.min(this.#batch, free));
        failures = 0;
        if (!this.#closing) this.#dispatch();
      } catch (err) {
        if (this.#closing) break;
        this.#needRecover = true;
        if (err instanceof Error && err.message.startsWith('NOGROUP')) {
          this.#groupsReady = false;
          if (failures++ === 0) continue;
        } else failures++;
        this.#emit('error', toError(err));
        await sleep(retryWait(failures));
      }
    }
  }

  /**
   * One read, in priority order. While some level may hold more jobs (#more), read without
   * blocking from the wake stream and every level from the highest such one up (the levels above
   * it were empty, but a new job may have arrived there). When no level is known to hold jobs,
   * block on all of them. So a worker takes the highest level's jobs first, and fetches jobs of
   * two levels in one read only when higher-level jobs arrive while it drains a lower level (the
   * lower ones then wait in the worker, behind the higher ones).
   */
  async #read(count: number): Promise<void> {
    const keys = this.#core.keys;
    let top = PRIORITY_LEVELS - 1;
    while (top >= 0 && !this.#more[top]) top--;
    const streams = top < 0 ? keys.readKeys : keys.readKeys.slice(0, 1 + PRIORITY_LEVELS - top);
    const args: (string | number)[] = ['GROUP', GROUP, this.consumer, 'COUNT', count];
    if (top < 0) args.push('BLOCK', BLOCK_MS);
    args.push('STREAMS', ...streams, ...streams.map(() => '>'));
    const blocking = this.#blocking!;
    let request: Promise<unknown>;
    if (top >= 0 && this.#outcomes.length > 0 && !this.#writing && !this.#abandoned && !this.#outcomes.some(wasMarked)) request = this.#writeAndRead(blocking, args);
    else request = blocking.call('XREADGROUP', ...args);
    const reply = await this.#unlessClosing(request);
    if (reply === CLOSING) return;
    const entries = parseRead(reply);
    const got = new Array<number>(PRIORITY_LEVELS).fill(0);
    for (const e of entries) {
      const level = keys.levelOf(e.key);
      if (level >= 0) got[level]!++;
    }
    for (let level = 0; level < PRIORITY_LEVELS; level++) {
      if (level >= top || got[level]! > 0) this.#more[level] = got[level]! >= count;
    }
    this.#adopt(entries);
  }

  /**
   * A read that does not block, with the pending outcomes written ahead of it in the same write on
   * the fetch connection: MULTI <outcomes> EXEC XREADGROUP (runTx). While workers drain a backlog
   * this makes one write and one round trip per batch instead of two. The outcomes are settled (or
   * put back for the write loop) by EXEC's own reply, whatever the loop does meanwhile.
   */
  #writeAndRead(blocking: RedisClient, args: (string | number)[]): Promise<unknown> {
    const batch = this.#take();
    const m = new Tx();
    this.#addOutcomes(m, batch);
    const sent = runTx(blocking, m, ['xreadgroup', args]);
    this.#riding++;
    sent.exec.then(
      (reply) => {
        this.#riding--;
        if (reply === null) this.#requeue(batch, new Error('EXEC returned null'));
        else this.#written(batch);
        this.#notify();
      },
      (err: unknown) => {
        this.#riding--;
        this.#requeue(batch, err);
        this.#notify();
      },
    );
    return sent.after!;
  }

  /**
   * `command`, or CLOSING as soon as close() starts: a command on the blocking connection may
   * never settle once that connection is dropped (ioredis leaves a command queued while it
   * reconnects).
   */
  #unlessClosing<X>(command: Promise<X>): Promise<X | typeof CLOSING> {
    // Not Promise.race with one long-lived close promise: every race would leave a reaction on it.
    if (this.#closing) {
      command.catch(() => undefined);
      return Promise.resolve(CLOSING);
    }
    return new Promise<X | typeof CLOSING>((resolve, reject) => {
      const cancel = (): void => resolve(CLOSING);
      this.#cancels.add(cancel);
      command.then(
        (value) => {
          this.#cancels.delete(cancel);
          resolve(value);
        },
        (err: unknown) => {
          this.#cancels.delete(cancel);
          reject(err);
        },
      );
    });
  }

  async #ensureGroups(): Promise<void> {
    const p = this.#core.client.pipeline();
    for (const key of this.#core.keys.readKeys) p.xgroup('CREATE', key, GROUP, '0', 'MKSTREAM');
    const replies = (await p.exec()) ?? [];
    for (const [err] of replies) {
      if (err && !err.message.startsWith('BUSYGROUP')) throw err;
    }
  }

  /**
   * This consumer's pending entries (XREADGROUP history) that it does not hold, on `client`. An
   * entry whose outcome was written while the read was in flight (its XACK may have reached the
   * server after the read, on the other connection) is left out too.
   */
  async #readOwn(client: RedisClient): Promise<Entry[]> {
    const settled = new Set<string>();
    this.#settledWatch.add(settled);
    try {
      const entries = parseRead(await client.call('XREADGROUP', ...this.#ownArgs));
      return entries.filter((e) => !settled.has(e.key + ' ' + e.entryId));
    } finally {
      this.#settledWatch.delete(settled);
    }
  }

  /**
   * Takes delivered entries into the worker: jobs into the buffer, wake entries into the timer,
   * entries with nothing to run (deleted, malformed) straight to an acknowledgement.
   */
  #adopt(entries: Entry[]): void {
    if (entries.length === 0) return;
    const keys = this.#core.keys;
    for (const e of entries) {
      const ref = e.key + ' ' + e.entryId;
      if (this.#held.has(ref)) continue;
      if (e.fields === null) {
        this.#push({ kind: 'ack', key: e.key, entryId: e.entryId });
        continue;
      }
      if (e.key === keys.wake) {
        const due = parseWakeEntry(e.fields);
        if (due !== null) this.#scheduleWake(due);
        this.#push({ kind: 'ack', key: e.key, entryId: e.entryId });
        continue;
      }
      const parsed = parseJobEntry(e.fields);
      if (parsed === null) {
        this.#emit('error', new PigeonError('PIGEON_ERR_CODEC', `malformed entry ${e.entryId} in ${e.key}: dropped`));
        this.#push({ kind: 'ack', key: e.key, entryId: e.entryId });
        continue;
      }
      const held: Held = { key: e.key, entryId: e.entryId, level: keys.levelOf(e.key), ...parsed };
      this.#held.set(ref, held);
      if (this.#closing) {
        this.#push({ kind: 'release', held });
        continue;
      }
      this.#buffer[held.level]!.push(held);
      this.#buffered++;
    }
  }

  /**
   * Records `state active` for the jobs whose handlers have run for MARK_AFTER_MS, in one pipeline
   * that nobody waits for (getJob's view only). Jobs that finish sooner go from waiting straight to
   * completed, which saves the hot path a command per job. The pipeline goes on the command
   * connection, and the outcome of a marked job is written on that connection too (never ahead
   * of a read on the fetch connection, see #read), so the mark cannot overtake the write that
   * completes the job.
   */
  #markActive(): void {
    this.#markTimer = null;
    const started = this.#unmarked;
    this.#unmarked = [];
    let marks: ReturnType<RedisClient['pipeline']> | undefined;
    for (const held of started) {
      if (held.settled) continue;
      held.marked = true;
      marks ??= this.#core.client.pipeline();
      marks.hset(this.#core.keys.job(held.jobId), 'state', 'active');
    }
    marks?.exec().catch(() => undefined);
  }

  #dispatch(): void {
    for (let level = PRIORITY_LEVELS - 1; level >= 0 && this.#running < this.#concurrency; level--) {
      const queue = this.#buffer[level]!;
      while (queue.length > 0 && this.#running < this.#concurrency) {
        this.#buffered--;
        this.#start(queue.shift()!);
      }
    }
  }

  #start(held: Held): void {
    let data: T;
    try {
      data = this.#core.payloads.decode(held.raw);
    } catch (err) {
      // A payload that cannot be read fails every attempt: straight to the dead letters.
      this.#push({ kind: 'dead', held, job: null, error: toError(err), attemptsMade: held.attemptsMade + 1 });
      this.#slotFreed();
      return;
    }
    const job = new ActiveJob<T>(held, data, () => this.#beat([held]));
    this.#running++;
    this.#unmarked.push(held);
    this.#markTimer ??= setTimeout(() => this.#markActive(), MARK_AFTER_MS);
    this.#emit('active', job);
    let result: Promise<R>;
    try {
      result = Promise.resolve(this.#handler(job));
    } catch (err) {
      result = Promise.reject(err);
    }
    result.then(
      (value) => this.#settled(held, job, value, undefined, false),
      (err: unknown) => this.#settled(held, job, undefined, err, true),
    );
  }

  #settled(held: Held, job: Job<T>, value: R | undefined, err: unknown, failed: boolean): void {
    this.#running--;
    held.settled = true;
    if (this.#abandoned) return;
    if (!failed) {
      this.#push({ kind: 'complete', held, job, result: value as R });
    } else {
      const error = toError(err);
      const attemptsMade = held.attemptsMade + 1;
      if (attemptsMade >= this.#core.attempts) {
        this.#push({ kind: 'dead', held, job, error, attemptsMade });
      } else {
        const wait = backoffDelay(this.#core.backoff, attemptsMade);
        this.#push({ kind: 'retry', held, job, error, attemptsMade, due: wait > 0 ? Date.now() + wait : 0 });
      }
    }
    this.#slotFreed();
    if (!this.#closing) this.#dispatch();
  }

  #slotFreed(): void {
    const waiter = this.#slotWaiter;
    if (waiter !== null) {
      this.#slotWaiter = null;
      waiter();
    }
    this.#notify();
  }

  // ---- outcome writes -----------------------------------------------------------------------

  #push(outcome: Outcome<T, R>): void {
    this.#outcomes.push(outcome);
    if (this.#writing || this.#writeScheduled) return;
    this.#writeScheduled = true;
    setImmediate(() => {
      this.#writeScheduled = false;
      void this.#writeLoop();
    });
  }

  async #writeLoop(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    try {
      while (this.#outcomes.length > 0 && !this.#abandoned) {
        const batch = this.#take();
        for (let failures = 0; ; ) {
          try {
            await this.#write(batch);
            break;
          } catch (err) {
            this.#rateExpiry = -1;
            if (this.#abandoned) return;
            this.#emit('error', toError(err));
            await sleep(retryWait(++failures));
          }
        }
        this.#written(batch);
      }
    } finally {
      this.#writing = false;
      this.#notify();
    }
  }

  async #write(batch: Outcome<T, R>[]): Promise<void> {
    const m = new Tx();
    this.#addOutcomes(m, batch);
    await execTx(this.#core.client, m);
  }

  /** The commands of one outcome batch (ops.ts), appended to a MULTI. */
  #addOutcomes(m: Tx, batch: Outcome<T, R>[]): void {
    const { keys, keepCompleted } = this.#core;
    queueAck(m, batch.map((o) => (o.kind === 'ack' ? o : o.held)));
    const now = Date.now();
    let completed = 0;
    // keepCompleted 0: one DEL for every completed record of the batch (one slot: one command).
    const deletes: string[] = [];
    for (const o of batch) {
      switch (o.kind) {
        case 'complete': {
          completed++;
          const key = keys.job(o.held.jobId);
          if (keepCompleted === 0) {
            deletes.push(key);
            break;
          }
          const result = encodeResult(o.result);
          if (result === undefined) m.hset(key, 'state', 'completed', 'finishedAt', now);
          else m.hset(key, 'state', 'completed', 'finishedAt', now, 'result', result);
          m.expire(key, keepCompleted);
          break;
        }
        case 'retry': {
          const key = keys.job(o.held.jobId);
          if (o.due > 0) {
            m.zadd(keys.delayed, o.due, o.held.jobId);
            m.hset(key, 'state', 'delayed', 'attemptsMade', o.attemptsMade, 'failedReason', o.error.message);
          } else {
            queueReady(m, keys, o.held.level, o.held.jobId, o.attemptsMade, o.held.raw);
            m.hset(key, 'state', 'waiting', 'attemptsMade', o.attemptsMade, 'failedReason', o.error.message);
          }
          break;
        }
        case 'dead':
          m.zadd(keys.dead, now, o.held.jobId);
          m.hset(keys.job(o.held.jobId), 'state', 'dead', 'attemptsMade', o.attemptsMade, 'failedReason', o.error.message, 'finishedAt', now);
          break;
        case 'release':
          queueReady(m, keys, o.held.level, o.held.jobId, o.held.attemptsMade, o.held.raw);
          m.hset(keys.job(o.held.jobId), 'state', 'waiting');
          break;
        case 'ack':
          break;
      }
    }
    if (deletes.length > 0) m.del(...deletes);
    if (completed > 0) {
      const second = Math.floor(now / 1000);
      const rate = keys.rate(second);
      m.incrby(keys.completed, completed);
      m.incrby(rate, completed);
      // The first batch of each second sets the counter's expiry (a failed write clears the mark).
      if (second !== this.#rateExpiry) {
        this.#rateExpiry = second;
        m.expire(rate, 60);
      }
    }
  }

  /** Takes up to WRITE_MAX outcomes off the queue. */
  #take(): Outcome<T, R>[] {
    if (this.#outcomes.length <= WRITE_MAX) {
      const all = this.#outcomes;
      this.#outcomes = [];
      return all;
    }
    const batch = this.#outcomes.slice(0, WRITE_MAX);
    this.#outcomes = this.#outcomes.slice(WRITE_MAX);
    return batch;
  }

  /** A batch whose write failed goes back to the front, for the write loop to retry. */
  #requeue(batch: Outcome<T, R>[], err: unknown): void {
    this.#rateExpiry = -1;
    this.#emit('error', toError(err));
    if (this.#abandoned) return;
    this.#outcomes = batch.concat(this.#outcomes);
    if (this.#writing || this.#writeScheduled) return;
    this.#writeScheduled = true;
    setTimeout(() => {
      this.#writeScheduled = false;
      void this.#writeLoop();
    }, 50);
  }

  /** After a batch is written: forget its entries, emit its events, arm retry timers. */
  #written(batch: Outcome<T, R>[]): void {
    let wake = Infinity;
    for (const o of batch) {
      const ref = o.kind === 'ack' ? o.key + ' ' + o.entryId : o.held.key + ' ' + o.held.entryId;
      for (const settled of this.#settledWatch) settled.add(ref);
      if (o.kind === 'ack') continue;
      this.#held.delete(ref);
      switch (o.kind) {
        case 'complete':
          this.#emit('completed', o.job, o.result);
          break;
        case 'retry':
          if (o.job !== null) this.#emit('failed', o.job, o.error, true);
          if (o.due > 0) wake = Math.min(wake, o.due);
          break;
        case 'dead':
          if (o.job !== null) this.#emit('failed', o.job, o.error, false);
          this.#emit('dead', o.held.jobId, o.error.message);
          break;
        case 'release':
          break;
      }
    }
    if (wake !== Infinity) this.#scheduleWake(wake);
  }

  // ---- heartbeat, reclaim, delayed jobs -----------------------------------------------------

  async #tick(): Promise<void> {
    this.#tickTimer = null;
    const now = Date.now();
    try {
      if (now >= this.#nextHeartbeat) {
        this.#nextHeartbeat = now + this.#heartbeatMs;
        await this.#beat(this.#held.values());
      }
      if (now >= this.#nextReclaim && !this.#closing && this.#groupsReady) {
        this.#nextReclaim = now + this.#reclaimMs * (0.75 + Math.random() * 0.5);
        // Never at the same time as the loop's re-read of its own pending entries: an entry this
        // XAUTOCLAIM moves to us would come back from that read as our own, run as a fresh
        // delivery, and its stall would go uncounted.
        if (this.#recovering !== null) await this.#recovering;
        const reclaim = this.#reclaim();
        this.#reclaiming = reclaim.catch(() => undefined);
        try {
          await reclaim;
        } finally {
          this.#reclaiming = null;
          // Entries a failed reclaim moved to us and did not settle are adopted by that re-read.
          this.#needRecover = true;
        }
      }
      if (!this.#closing) {
        const due = await this.#core.nextDue();
        if (due !== null) this.#scheduleWake(due);
      }
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOGROUP')) this.#groupsReady = false;
      if (!this.#abandoned) this.#emit('error', toError(err));
    }
    if (!this.#abandoned) this.#tickTimer = setTimeout(() => void this.#tick(), this.#tickMs);
  }

  /** XCLAIM ... 0 <ids> JUSTID: resets the idle time of entries this worker holds. */
  async #beat(held: Iterable<Held>): Promise<void> {
    const byKey = new Map<string, string[]>();
    for (const h of held) {
      const ids = byKey.get(h.key);
      if (ids === undefined) byKey.set(h.key, [h.entryId]);
      else ids.push(h.entryId);
    }
    if (byKey.size === 0) return;
    const p = this.#core.client.pipeline();
    for (const [key, ids] of byKey) {
      for (let i = 0; i < ids.length; i += 1000) p.call('XCLAIM', key, GROUP, this.consumer, '0', ...ids.slice(i, i + 1000), 'JUSTID');
    }
    const replies = (await p.exec()) ?? [];
    for (const [err] of replies) if (err) throw err;
  }

  async #reclaim(): Promise<void> {
    const { client, keys, visibilityTimeout, attempts } = this.#core;
    for (const key of keys.readKeys) {
      let cursor = '0-0';
      do {
        const reply = (await client.call('XAUTOCLAIM', key, GROUP, this.consumer, String(visibilityTimeout), cursor, 'COUNT', String(RECLAIM_COUNT))) as unknown[];
        cursor = String(reply[0]);
        for (const e of parseEntries(key, reply[1])) {
          const ref = e.key + ' ' + e.entryId;
          if (this.#held.has(ref)) continue;
          if (e.fields === null) {
            this.#push({ kind: 'ack', key, entryId: e.entryId });
            continue;
          }
          if (key === keys.wake) {
            const due = parseWakeEntry(e.fields);
            if (due !== null) this.#scheduleWake(due);
            this.#push({ kind: 'ack', key, entryId: e.entryId });
            continue;
          }
          const parsed = parseJobEntry(e.fields);
          if (parsed === null) {
            this.#push({ kind: 'ack', key, entryId: e.entryId });
            continue;
          }
          const held: Held = { key, entryId: e.entryId, level: keys.levelOf(key), ...parsed };
          this.#held.set(ref, held);
          const attemptsMade = held.attemptsMade + 1;
          const reason = `stalled: no heartbeat for ${visibilityTimeout} ms (the visibility timeout); its worker died, is stuck or lost its connection`;
          this.#emit('stalled', held.jobId, reason);
          const error = new Error(reason);
          if (attemptsMade >= attempts) this.#push({ kind: 'dead', held, job: null, error, attemptsMade });
          else this.#push({ kind: 'retry', held, job: null, error, attemptsMade, due: 0 });
        }
      } while (cursor !== '0-0' && cursor !== '0' && !this.#closing);
    }
  }

  #scheduleWake(due: number): void {
    if (this.#closing || due >= this.#wakeAt) return;
    if (this.#wakeTimer !== null) clearTimeout(this.#wakeTimer);
    this.#wakeAt = due;
    this.#wakeTimer = setTimeout(() => {
      this.#wakeTimer = null;
      this.#wakeAt = Infinity;
      void this.#promote();
    }, Math.max(0, due - Date.now()));
  }

  async #promote(): Promise<void> {
    if (this.#promoting || this.#closing) return;
    this.#promoting = true;
    try {
      const next = await this.#core.promote();
      if (next !== null) this.#scheduleWake(next);
    } catch (err) {
      this.#emit('error', toError(err));
      this.#scheduleWake(Date.now() + 100);
    } finally {
      this.#promoting = false;
    }
  }

  // ---- close --------------------------------------------------------------------------------

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves true once `done()` holds, false at the deadline. */
  async #until(done: () => boolean, deadline: number): Promise<boolean> {
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  async #close(timeout: number | undefined): Promise<void> {
    const deadline = timeout === undefined ? Infinity : Date.now() + timeout;
    this.#closing = true;
    for (const cancel of this.#cancels) cancel();
    this.#cancels.clear();
    if (this.#wakeTimer !== null) clearTimeout(this.#wakeTimer);
    this.#wakeTimer = null;
    const blocking = this.#blocking;
    this.#blocking = null;
    if (blocking !== null) {
      blocking.disconnect();
      await this.#core.conn.release(blocking);
    }
    this.#slotFreed();
    await this.#loop;
    // Unstarted jobs go back to the queue as they were.
    for (const queue of this.#buffer) {
      for (const held of queue.splice(0)) this.#push({ kind: 'release', held });
    }
    this.#buffered = 0;
    const open = !this.#core.conn.closed;
    if (open) {
      try {
        // Entries the server delivered to this consumer in a reply the dropped connection lost.
        this.#adopt(await this.#readOwn(this.#core.client));
      } catch (err) {
        this.#emit('error', toError(err));
      }
    }
    const finished = await this.#until(() => this.#running === 0 && this.#outcomes.length === 0 && !this.#writing && !this.#writeScheduled && this.#riding === 0, deadline);
    this.#abandoned = true;
    if (this.#markTimer !== null) clearTimeout(this.#markTimer);
    this.#markTimer = null;
    if (this.#tickTimer !== null) clearTimeout(this.#tickTimer);
    this.#tickTimer = null;
    if (finished && open && this.#held.size === 0) await this.#deleteConsumer().catch(() => undefined);
    this.#onClosed();
  }

  /** XGROUP DELCONSUMER on every read key, only if nothing is pending under this consumer. */
  async #deleteConsumer(): Promise<void> {
    const { client, keys } = this.#core;
    const p = client.pipeline();
    for (const key of keys.readKeys) p.xpending(key, GROUP, '-', '+', 1, this.consumer);
    const replies = (await p.exec()) ?? [];
    if (replies.some(([err, value]) => err || (Array.isArray(value) && value.length > 0))) return;
    const d = client.pipeline();
    for (const key of keys.readKeys) d.xgroup('DELCONSUMER', key, GROUP, this.consumer);
    await d.exec();
  }
}

function wasMarked<T, R>(o: Outcome<T, R>): boolean {
  return o.kind !== 'ack' && o.held.marked === true;
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function encodeResult(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function retryWait(failures: number): number {
  return Math.min(2000, 50 * 2 ** Math.min(failures, 6));
}

