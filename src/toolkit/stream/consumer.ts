/*
 * One consumer of a consumer group: reads new entries, runs the handler, acknowledges, reclaims
 * entries that other (dead or stuck) consumers left pending, and buries entries that keep failing.
 * Keys: StreamKeys (stream, dead, failures), all in the slot of {name}.
 *
 * Moving parts, and the commands each sends:
 *
 *   start      XGROUP CREATE stream group <from> MKSTREAM (BUSYGROUP ignored): the group exists
 *              before the first read. One command.
 *   reader     XREADGROUP GROUP g me COUNT batch BLOCK block STREAMS stream > on its own connection
 *              (conn.duplicate()). Entries go to a local queue; the reader fetches again once the
 *              queue is empty and a handler slot is free, so at most batch + concurrency entries
 *              are held by this process.
 *   workers    up to `concurrency` handlers at once, in ID order when concurrency is 1.
 *   acks       ids of handlers that resolved are collected and sent as one XACK per event-loop turn
 *              (setImmediate), together with HDEL of their failure records when they had failed
 *              before (MULTI, same slot). No round trip or timer per message.
 *   failure    a handler that throws leaves its entry pending; HSET failures `${id}|${group}` keeps the
 *              error for the dead letter. The reclaimer redelivers the entry after claimIdle.
 *   keepalive  every claimIdle/3, entries held longer than claimIdle/4 are touched with
 *              XCLAIM stream g me <claimIdle/4> id... JUSTID (idle reset, delivery count unchanged), so
 *              a slow handler that is alive is never reclaimed by another consumer.
 *   reclaimer  every claimIdle/2 (and at start), pages through the group's PEL:
 *                MULTI
 *                  XPENDING stream g IDLE claimIdle <cursor> + batch     previous owner and count
 *                  XAUTOCLAIM stream g me claimIdle <cursor> COUNT batch  take them over
 *                EXEC
 *              following XAUTOCLAIM's cursor until 0-0. Inside MULTI nothing runs in between, so
 *              the XPENDING rows are the state of exactly the entries XAUTOCLAIM took (an entry
 *              missing from them, at the idle boundary, is looked up afterwards with XPENDING).
 *              Entries deleted while pending are dropped from the PEL by XAUTOCLAIM (its third
 *              element in Redis 7; nil entries in 6.2, which are acknowledged); their failure
 *              records are removed. A claimed entry whose deliveries exceed maxDeliveries is buried
 *              instead of handled.
 *   bury       MULTI  XADD dead * id <id> group <g> consumer <last> deliveries <n> reason <r> error <e> d <payload>
 *                     XACK stream g id...   HDEL failures field...   EXEC
 *              The dead letter and the acknowledgement happen together or not at all. Only the
 *              consumer that claimed the entry (XAUTOCLAIM hands an entry to one claimer) buries it,
 *              so an entry is buried once. An entry that cannot be decoded or fails the schema is
 *              buried at once (reason 'invalid'): redelivering it cannot help.
 *   close      stops fetching (CLIENT UNBLOCK of the reader on a single server; a disconnect on a
 *              cluster), lets the queued and running handlers finish within `timeout`, flushes the
 *              acknowledgements and frees the reader.
 *
 * Crash between any two steps (process death, lost connection): an entry is acknowledged only
 * after its handler resolved, and everything not acknowledged stays in the PEL, so it is
 * redelivered after claimIdle: at-least-once. Entries the server delivered on a connection that
 * was cut before the reply arrived are in the PEL too, and come back the same way. A crash between
 * a handler failure and its HSET loses only the error text of the dead letter. A crash inside a
 * bury is all-or-nothing (MULTI). The failures hash can keep a record of an entry that was deleted
 * while pending when the process dies before the reclaimer's HDEL: a stale hash field, no message
 * effect.
 *
 * Errors the consumer recovers from on its own: NOGROUP (stream or group deleted: the group is
 * recreated with `from`), UNBLOCKED (the stream was deleted under the blocked read), lost
 * connections, READONLY / LOADING / failover errors and broker restarts (retried with a capped
 * backoff; ioredis resends the read after reconnecting). Other errors are emitted and retried: a
 * consumer only stops on close().
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { Cluster } from 'ioredis';
import type { Payloads } from '../codec.js';
import type { Connection, RedisClient } from '../connection.js';
import { isTransientServerError, PigeonError } from '../errors.js';
import type { StreamKeys } from './keys.js';
import { field, num, readEntries, type RawEntry } from './replies.js';

export interface StreamMessage<T> {
  id: string;
  data: T;
  /** 1 on the first delivery, then one more per redelivery. */
  deliveries: number;
}

export type StreamHandler<T> = (message: StreamMessage<T>) => unknown;

export interface ConsumeOptions {
  /** Consumer name; default `${hostname}-${pid}-${random}`. */
  consumer?: string;
  /** Entries per XREADGROUP / reclaim page (COUNT); default 100. */
  batch?: number;
  /** XREADGROUP BLOCK in ms; default 5000. */
  block?: number;
  /** Idle time after which a pending entry is taken over (XAUTOCLAIM min-idle-time), ms; default 30000. */
  claimIdle?: number;
  /** Deliveries after which an entry goes to the dead letters; default 5. */
  maxDeliveries?: number;
  /** Handlers running at once; default 1. */
  concurrency?: number;
  /** Where a new group starts ('$' new entries only, '0' all retained, or an ID); default '0'. */
  from?: string;
}

export type DeadReason = 'maxDeliveries' | 'invalid';

export interface DeadEvent {
  id: string;
  group: string;
  /** The consumer that held the entry last. */
  consumer: string;
  deliveries: number;
  reason: DeadReason;
  error: string | null;
}

export interface ClaimedEvent {
  /** Entries taken over, with the consumer each was taken from. */
  entries: { id: string; from: string; deliveries: number }[];
  /** Entries that were deleted from the stream while pending (removed from the PEL). */
  deleted: string[];
}

export interface EntryContext {
  id: string;
  deliveries: number;
}

export interface ConsumerEvents {
  error: [err: Error, entry: EntryContext | null];
  dead: [event: DeadEvent];
  claimed: [event: ClaimedEvent];
}

interface Held<T> {
  id: string;
  data: T;
  deliveries: number;
}

interface Parts<T> {
  conn: Connection;
  keys: StreamKeys;
  payloads: Payloads<T>;
}

const BACKOFF_MIN_MS = 50;
const BACKOFF_MAX_MS = 2_000;

function positive(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min || Math.floor(value) !== value) {
    throw new PigeonError('PIGEON_ERR_INVALID_OPTION', `${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export class Consumer<T> extends EventEmitter<ConsumerEvents> {
  readonly group: string;
  readonly name: string;
  /** Resolves once the group exists and the consumer is reading (or when closed first). */
  readonly ready: Promise<void>;

  readonly #parts: Parts<T>;
  readonly #client: RedisClient;
  readonly #handler: StreamHandler<T>;
  readonly #batch: number;
  readonly #block: number;
  readonly #claimIdle: number;
  readonly #maxDeliveries: number;
  readonly #concurrency: number;
  readonly #from: string;

  #reader: RedisClient | null = null;
  #readerId: number | null = null;
  #readerIdStale = true;
  #reading = false;
  #loopDone = true;
  #reclaiming = false;

  /** Local queue of fetched entries not started yet; #next is the read position. */
  #queue: Held<T>[] = [];
  #next = 0;
  #active = 0;
  /** Every entry this process holds (queued or running) -> when it was last fetched or touched. */
  readonly #held = new Map<string, number>();

  #acks: string[] = [];
  #ackFailures: string[] = [];
  #flushScheduled = false;
  readonly #flights = new Set<Promise<void>>();

  #waiters: (() => void)[] = [];
  #closing = false;
  #closed: Promise<void> | null = null;
  #reclaimTimer: NodeJS.Timeout | null = null;
  #keepaliveTimer: NodeJS.Timeout | null = null;

  constructor(parts: Parts<T>, group: string, handler: StreamHandler<T>, options: ConsumeOptions = {}) {
    super();
    if (group.length === 0) throw new PigeonError('PIGEON_ERR_INVALID_OPTION', 'a consumer group needs a name');
    this.#parts = parts;
    this.#client = parts.conn.client;
    this.group = group;
    this.#handler = handler;
    this.name = options.consumer ?? `${os.hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.#batch = positive('batch', options.batch, 100);
    this.#block = positive('block', options.block, 5_000);
    this.#claimIdle = positive('claimIdle', options.claimIdle, 30_000, 4);
    this.#maxDeliveries = positive('maxDeliveries', options.maxDeliveries, 5);
    this.#concurrency = positive('concurrency', options.concurrency, 1);
    this.#from = options.from ?? '0';
    if (!/^(\$|\d+(-\d+)?)$/.test(this.#from)) {
      throw new PigeonError('PIGEON_ERR_INVALID_OPTION', `from must be '$', '0' or an entry ID, got ${this.#from}`);
    }
    this.ready = this.#start();
  }

  /** Entries this consumer holds right now (queued or in a handler). */
  get inFlight(): number {
    return this.#held.size;
  }

  /**
   * Stops fetching, lets queued and running handlers finish (at most `timeout` ms, default 10000),
   * sends the last acknowledgements and frees the connection. Entries still unfinished at the
   * timeout stay pending and are reclaimed by other consumers after claimIdle.
   */
  close(options: { timeout?: number } = {}): Promise<void> {
    this.#closed ??= this.#close(options.timeout ?? 10_000);
    return this.#closed;
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  async #start(): Promise<void> {
    let attempt = 0;
    while (!this.#closing) {
      try {
        await this.#ensureGroup();
        break;
      } catch (err) {
        if (this.#parts.conn.closed) {
          this.#closing = true;
          break;
        }
        this.#emitError(err, null);
        await this.#sleep(backoff(attempt++));
      }
    }
    if (this.#closing) return;
    if (this.#parts.conn.closed) {
      void this.close();
      return;
    }
    this.#reader = this.#parts.conn.duplicate();
    this.#reader.on('ready', () => {
      this.#readerIdStale = true;
    });
    this.#reader.on('error', () => {
      // Connection errors: ioredis reconnects and resends the read; failures of the read itself
      // arrive through its promise.
    });
    this.#loopDone = false;
    void this.#readLoop();
    void this.#reclaimTick();
    this.#keepaliveTimer = setInterval(() => this.#keepalive(), Math.max(1, Math.floor(this.#claimIdle / 3)));
    this.#keepaliveTimer.unref();
  }

  async #close(timeout: number): Promise<void> {
    this.#closing = true;
    if (this.#reclaimTimer !== null) clearTimeout(this.#reclaimTimer);
    if (this.#keepaliveTimer !== null) clearInterval(this.#keepaliveTimer);
    this.#wake();
    // One deadline for everything: with the server away, commands wait in ioredis's offline queue.
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)));
    await Promise.race([this.ready, expired]);
    const finished = this.#until(() => this.#loopDone && !this.#reclaiming && this.#next >= this.#queue.length && this.#active === 0);
    await this.#unblockReader(expired);
    await Promise.race([finished, expired]);
    // Whatever was not started stays pending for the reclaimers of other consumers.
    this.#queue = [];
    this.#next = 0;
    this.#flush();
    await Promise.race([Promise.all([...this.#flights]), expired]);
    clearTimeout(timer);
    if (this.#reader !== null) {
      const reader = this.#reader;
      this.#reader = null;
      reader.disconnect();
      await this.#parts.conn.release(reader);
    }
  }

  /**
   * Ends a blocked XREADGROUP: CLIENT UNBLOCK on a single server (repeated until the read
   * returns, in case it reaches the server after the first UNBLOCK), a disconnect on a cluster,
   * when the command connection is not ready, or when UNBLOCK does not take.
   */
  async #unblockReader(expired: Promise<void>): Promise<void> {
    const reader = this.#reader;
    if (reader === null) return;
    const readDone = this.#until(() => !this.#reading);
    for (let attempt = 0; attempt < 25 && this.#reading; attempt++) {
      if (reader instanceof Cluster || this.#readerId === null || this.#readerIdStale || this.#client.status !== 'ready') break;
      this.#client.call('CLIENT', 'UNBLOCK', String(this.#readerId)).catch(() => {});
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([readDone, new Promise<void>((resolve) => (timer = setTimeout(resolve, 20)))]);
      clearTimeout(timer);
    }
    if (this.#reading) reader.disconnect();
    // A read queued while the server is away may never settle after disconnect(): bounded wait.
    await Promise.race([readDone, expired]);
  }

  async #ensureGroup(): Promise<void> {
    try {
      await this.#client.call('XGROUP', 'CREATE', this.#parts.keys.stream, this.group, this.#from, 'MKSTREAM');
    } catch (err) {
      if (!message(err).startsWith('BUSYGROUP')) throw err;
    }
  }

  // ---- reading ------------------------------------------------------------------------------

  async #readLoop(): Promise<void> {
    const key = this.#parts.keys.stream;
    const reader = this.#reader!;
    let attempt = 0;
    try {
      while (!this.#closing) {
        await this.#until(() => this.#closing || (this.#next >= this.#queue.length && this.#active < this.#concurrency));
        if (this.#closing) break;
        try {
          if (this.#readerIdStale && !(reader instanceof Cluster)) {
            this.#readerIdStale = false;
            this.#readerId = num(await reader.call('CLIENT', 'ID'));
            if (this.#closing) break;
          }
          this.#reading = true;
          let reply: unknown;
          try {
            reply = await reader.call('XREADGROUP', 'GROUP', this.group, this.name, 'COUNT', String(this.#batch), 'BLOCK', String(this.#block), 'STREAMS', key, '>');
          } finally {
            this.#reading = false;
            this.#wake();
          }
          attempt = 0;
          const raw = readEntries(reply, key);
          if (raw.length > 0) await this.#accept(raw, null);
        } catch (err) {
          if (this.#closing) break;
          if (this.#parts.conn.closed) {
            // The Connection was closed under the consumer: nothing left to read with.
            void this.close({ timeout: 0 });
            break;
          }
          const text = message(err);
          if (text.startsWith('NOGROUP')) {
            // The stream or the group was deleted: recreate it and read on.
            await this.#retry(() => this.#ensureGroup());
          } else if (text.startsWith('UNBLOCKED')) {
            // The stream was deleted while the read was blocked; the next read meets NOGROUP.
          } else {
            this.#emitError(err, null);
            await this.#sleep(backoff(attempt++));
          }
        }
      }
    } finally {
      this.#loopDone = true;
      this.#wake();
    }
  }

  /**
   * Queues decoded entries and starts workers; buries the ones that cannot be decoded. `claims`
   * gives the delivery count and previous owner of each reclaimed entry (null: new entries,
   * first delivery, read by this consumer).
   */
  async #accept(entries: RawEntry[], claims: { deliveries: number; from: string }[] | null): Promise<void> {
    const now = Date.now();
    let invalid: { id: string; payload: string | null; consumer: string; deliveries: number; error: string }[] | null = null;
    for (let i = 0; i < entries.length; i++) {
      const [id, fields] = entries[i]!;
      const deliveries = claims === null ? 1 : claims[i]!.deliveries;
      const from = claims === null ? this.name : claims[i]!.from;
      if (this.#held.has(id)) continue;
      const payload = field(fields, 'd');
      let data: T;
      try {
        if (payload === undefined) throw new PigeonError('PIGEON_ERR_CODEC', 'the entry has no d field');
        data = this.#parts.payloads.decode(payload);
      } catch (err) {
        this.#emitError(err, { id, deliveries });
        (invalid ??= []).push({ id, payload: payload ?? null, consumer: from, deliveries, error: message(err) });
        continue;
      }
      this.#held.set(id, now);
      this.#queue.push({ id, data, deliveries });
    }
    this.#pump();
    if (invalid !== null) await this.#bury(invalid.map((x) => ({ ...x, reason: 'invalid' as const })));
  }

  // ---- handlers and acknowledgements ----------------------------------------------------------

  /** Starts workers up to `concurrency` while entries wait. */
  #pump(): void {
    while (this.#active < this.#concurrency && this.#next < this.#queue.length) {
      this.#active++;
      void this.#work();
    }
  }

  /**
   * A worker: runs queued entries one after another until the queue is empty. A handler that
   * returns no promise costs no await, so a batch of synchronous handlers runs in one go.
   * Waiters are woken when the queue empties and when the worker ends, not per entry.
   */
  async #work(): Promise<void> {
    while (this.#next < this.#queue.length) {
      const item = this.#queue[this.#next++]!;
      if (this.#next >= this.#queue.length) {
        this.#queue = [];
        this.#next = 0;
        this.#wake();
      }
      let ok = false;
      try {
        const result = this.#handler(item);
        if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof (result as PromiseLike<unknown>).then === 'function') {
          await result;
        }
        ok = true;
      } catch (err) {
        this.#failed(item, err);
      }
      this.#held.delete(item.id);
      if (ok) {
        this.#acks.push(item.id);
        if (item.deliveries > 1) this.#ackFailures.push(this.#parts.keys.failure(item.id, this.group));
        if (!this.#flushScheduled) {
          this.#flushScheduled = true;
          setImmediate(() => this.#flush());
        }
      }
    }
    this.#active--;
    this.#wake();
  }

  #failed(item: Held<T>, err: unknown): void {
    this.#emitError(err, { id: item.id, deliveries: item.deliveries });
    const record = JSON.stringify({ error: message(err), consumer: this.name, at: Date.now() });
    this.#track(
      (async () => {
        await this.#client.call('HSET', this.#parts.keys.failures, this.#parts.keys.failure(item.id, this.group), record);
      })(),
    );
  }

  /** Sends the collected acknowledgements: one XACK (with the HDEL of failure records) per call. */
  #flush(): void {
    this.#flushScheduled = false;
    if (this.#acks.length === 0) return;
    const ids = this.#acks;
    const failures = this.#ackFailures;
    this.#acks = [];
    this.#ackFailures = [];
    const { stream, failures: failuresKey } = this.#parts.keys;
    this.#track(
      (async () => {
        if (failures.length === 0) {
          await this.#client.call('XACK', stream, this.group, ...ids);
        } else {
          const reply = await this.#client.multi().call('XACK', stream, this.group, ...ids).call('HDEL', failuresKey, ...failures).exec();
          throwFirst(reply);
        }
      })(),
    );
  }

  /** Runs a side task; its failure is emitted (entries it concerned stay pending, so nothing is lost). */
  #track(task: Promise<void>): void {
    const p = task.catch((err: unknown) => {
      if (!message(err).startsWith('NOGROUP')) this.#emitError(err, null);
    });
    this.#flights.add(p);
    void p.finally(() => this.#flights.delete(p));
  }

  // ---- keepalive ----------------------------------------------------------------------------

  #keepalive(): void {
    if (this.#closing || this.#held.size === 0) return;
    const minIdle = Math.floor(this.#claimIdle / 4);
    const now = Date.now();
    const due: string[] = [];
    for (const [id, since] of this.#held) {
      if (now - since >= minIdle) {
        due.push(id);
        this.#held.set(id, now);
      }
    }
    if (due.length === 0) return;
    const { stream } = this.#parts.keys;
    this.#track(
      (async () => {
        for (let i = 0; i < due.length; i += 1000) {
          await this.#client.call('XCLAIM', stream, this.group, this.name, String(minIdle), ...due.slice(i, i + 1000), 'JUSTID');
        }
      })(),
    );
  }

  // ---- reclaiming ---------------------------------------------------------------------------

  async #reclaimTick(): Promise<void> {
    if (this.#closing) return;
    this.#reclaiming = true;
    try {
      await this.#reclaim();
    } catch (err) {
      if (!this.#closing && !message(err).startsWith('NOGROUP')) this.#emitError(err, null);
    } finally {
      this.#reclaiming = false;
      this.#wake();
    }
    if (this.#closing) return;
    const every = Math.min(Math.max(Math.floor(this.#claimIdle / 2), 20), 15_000);
    this.#reclaimTimer = setTimeout(() => void this.#reclaimTick(), every);
    this.#reclaimTimer.unref();
  }

  /** One pass over the PEL: takes over every entry idle longer than claimIdle. */
  async #reclaim(): Promise<void> {
    const { stream } = this.#parts.keys;
    const idle = String(this.#claimIdle);
    const count = String(this.#batch);
    let cursor = '0-0';
    do {
      // Take no more than can be started: a claimed entry waiting in our queue would go idle.
      await this.#until(() => this.#closing || this.#next >= this.#queue.length);
      if (this.#closing) return;
      const reply = await this.#client
        .multi()
        .call('XPENDING', stream, this.group, 'IDLE', idle, cursor, '+', count)
        .call('XAUTOCLAIM', stream, this.group, this.name, idle, cursor, 'COUNT', count)
        .exec();
      const [before, claim] = throwFirst(reply) as [[string, string, number, number][], [string, RawEntry[], string[]?]];
      const owners = new Map<string, [string, number]>();
      for (const row of before) owners.set(String(row[0]), [String(row[1]), num(row[3])]);
      cursor = String(claim[0]);
      const claimed = claim[1] ?? [];
      const deleted = (claim[2] ?? []).map(String);
      const nilEntries: string[] = [];
      const live: { entry: RawEntry; deliveries: number; from: string }[] = [];
      const unknown: string[] = [];
      for (const entry of claimed) {
        const id = String(entry[0]);
        if (entry[1] === null) {
          nilEntries.push(id);
          continue;
        }
        const owner = owners.get(id);
        if (owner === undefined) unknown.push(id);
        live.push({ entry, deliveries: owner === undefined ? 0 : owner[1] + 1, from: owner === undefined ? this.name : owner[0] });
      }
      if (unknown.length > 0) {
        // At the idle boundary: read the (already incremented) counts after the claim.
        const counts = await this.#deliveryCounts(unknown);
        for (const item of live) if (item.deliveries === 0) item.deliveries = counts.get(String(item.entry[0])) ?? 1;
      }
      await this.#dropDeleted(nilEntries, deleted);
      const dead = live.filter((x) => x.deliveries > this.#maxDeliveries);
      const keep = live.filter((x) => x.deliveries <= this.#maxDeliveries);
      if (live.length > 0 || deleted.length > 0 || nilEntries.length > 0) {
        this.emit('claimed', {
          entries: live.map((x) => ({ id: String(x.entry[0]), from: x.from, deliveries: x.deliveries })),
          deleted: [...deleted, ...nilEntries],
        });
      }
      if (dead.length > 0) {
        await this.#bury(
          dead.map((x) => ({
            id: String(x.entry[0]),
            payload: field(x.entry[1], 'd') ?? null,
            consumer: x.from,
            // The claim that found it over the limit did not deliver it to a handler.
            deliveries: x.deliveries - 1,
            reason: 'maxDeliveries' as const,
            error: null,
          })),
        );
      }
      if (keep.length > 0) await this.#accept(keep.map((x) => x.entry), keep);
    } while (cursor !== '0-0' && !this.#closing);
  }

  async #deliveryCounts(ids: string[]): Promise<Map<string, number>> {
    const { stream } = this.#parts.keys;
    const pipeline = this.#client.pipeline();
    for (const id of ids) pipeline.call('XPENDING', stream, this.group, id, id, '1');
    const replies = await pipeline.exec();
    const out = new Map<string, number>();
    for (const [err, rows] of replies ?? []) {
      if (err !== null || !Array.isArray(rows) || rows.length === 0) continue;
      const row = rows[0] as [string, string, number, number];
      out.set(String(row[0]), num(row[3]));
    }
    return out;
  }

  /** Entries deleted while pending: acknowledge the 6.2-style nil ones, drop failure records. */
  async #dropDeleted(nilEntries: string[], deleted: string[]): Promise<void> {
    if (nilEntries.length === 0 && deleted.length === 0) return;
    const { stream, failures } = this.#parts.keys;
    const tx = this.#client.multi();
    if (nilEntries.length > 0) tx.call('XACK', stream, this.group, ...nilEntries);
    tx.call('HDEL', failures, ...[...nilEntries, ...deleted].map((id) => this.#parts.keys.failure(id, this.group)));
    throwFirst(await tx.exec());
  }

  /** Dead letters and their acknowledgement, in one MULTI. */
  async #bury(items: { id: string; payload: string | null; consumer: string; deliveries: number; reason: DeadReason; error: string | null }[]): Promise<void> {
    const { stream, dead, failures } = this.#parts.keys;
    const fields = items.map((x) => this.#parts.keys.failure(x.id, this.group));
    const recorded = (await this.#client.call('HMGET', failures, ...fields)) as (string | null)[];
    const tx = this.#client.multi();
    const events: DeadEvent[] = [];
    items.forEach((x, i) => {
      let error = x.error;
      const consumer = x.consumer;
      const text = recorded[i];
      if (error === null && typeof text === 'string') {
        try {
          error = (JSON.parse(text) as { error?: string }).error ?? null;
        } catch {
          error = text;
        }
      }
      tx.call(
        'XADD', dead, '*',
        'id', x.id,
        'group', this.group,
        'consumer', consumer,
        'deliveries', String(x.deliveries),
        'reason', x.reason,
        'error', error ?? '',
        ...(x.payload === null ? [] : ['d', x.payload]),
      );
      events.push({ id: x.id, group: this.group, consumer, deliveries: x.deliveries, reason: x.reason, error });
    });
    tx.call('XACK', stream, this.group, ...items.map((x) => x.id));
    tx.call('HDEL', failures, ...fields);
    throwFirst(await tx.exec());
    for (const event of events) this.emit('dead', event);
  }

  // ---- small helpers ------------------------------------------------------------------------

  #emitError(err: unknown, entry: EntryContext | null): void {
    if (this.listenerCount('error') > 0) this.emit('error', asError(err), entry);
  }

  #wake(): void {
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  async #until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** A delay that close() cuts short. */
  async #sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
      this.#until(() => this.#closing),
    ]);
    clearTimeout(timer);
  }

  async #retry(step: () => Promise<void>): Promise<void> {
    let attempt = 0;
    while (!this.#closing) {
      try {
        await step();
        return;
      } catch (err) {
        if (this.#parts.conn.closed) {
          void this.close({ timeout: 0 });
          return;
        }
        if (!isTransientServerError(err)) this.#emitError(err, null);
        await this.#sleep(backoff(attempt++));
      }
    }
  }
}

function backoff(attempt: number): number {
  const base = Math.min(BACKOFF_MIN_MS * 2 ** Math.min(attempt, 6), BACKOFF_MAX_MS);
  return base / 2 + Math.random() * (base / 2);
}

/** The replies of an EXEC, or the first error in it (or the abort of the transaction). */
function throwFirst(reply: [Error | null, unknown][] | null): unknown[] {
  if (reply === null) throw new Error('EXECABORT the transaction was discarded');
  const out: unknown[] = [];
  for (const [err, value] of reply) {
    if (err !== null) throw err;
    out.push(value);
  }
  return out;
}
