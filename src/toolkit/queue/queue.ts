/*
 * Queue<T>: an at-least-once work queue on plain Redis commands, MULTI/EXEC and WATCH (no Lua), so
 * it runs unchanged on Pigeon's broker, Redis and Redis Cluster. docs/toolkit-queue.md is the
 * design note; keys.ts lists the keys and ops.ts the MULTI transitions.
 *
 * A job is a hash (its record) plus exactly one place that says what happens next: an entry in a
 * ready stream (waiting, or active once a worker's XREADGROUP delivered it into the group's pending
 * list), a member of the delayed zset, a member of the dead zset, or nothing (completed). Workers
 * (worker.ts) read the ready streams through one consumer group; the pending entries list is the
 * in-flight set, and XAUTOCLAIM with min-idle = visibilityTimeout is the stall detector.
 *
 * Operations here and their atomicity:
 *   add (no id)     one MULTI: create (ops.ts). A crash before EXEC leaves nothing; add() resolves only
 *                   after EXEC, so an acknowledged job is fully queued.
 *   add (with id)   on the queue's WATCH lane: WATCH job:<id>; EXISTS job:<id>; MULTI create EXEC. Two
 *                   adds of one id race on the WATCH: the second EXEC returns null, the retry sees the
 *                   record and refuses (PIGEON_ERR_DUPLICATE). A crash before EXEC leaves nothing.
 *   addBulk         chunks of up to 500 jobs, one MULTI each (with ids: one WATCH of the chunk's job
 *                   keys, as for add). Each chunk is all or nothing; chunks are independent.
 *   promote         (due delayed jobs -> ready) on the WATCH lane: WATCH delayed; ZRANGEBYSCORE -inf now;
 *                   HMGET each record; MULTI ZREM + XADD ready + HSET state waiting EXEC. Two
 *                   promoters: the first EXEC changes `delayed`, so the second's EXEC returns null and
 *                   it looks again (finding nothing due). A crash before EXEC leaves the jobs delayed
 *                   and due, for the next promoter.
 *   dead.retry      on the WATCH lane: WATCH dead; ZRANGE/ZSCORE; HMGET; MULTI ZREM dead + XADD ready
 *                   (attempts start over) + HSET state waiting attemptsMade 0 EXEC.
 *   dead.purge      on the WATCH lane: WATCH dead; ZRANGE 0 499; MULTI ZREM + DEL job:<id>... EXEC,
 *                   until empty. A dead.retry racing a purge makes one of the two EXECs fail and retry.
 *   getJob, stats   reads only (stats pipelines its reads, so the figures are not one snapshot).
 *
 * One caveat shared by the WATCH lane: ioredis re-sends a MULTI block whose reply was lost in a
 * reconnect, and the new connection holds no WATCH. The re-sent block can then promote a job a
 * second time (it runs twice: at-least-once) or, if another client added the same id in that
 * window, accept a duplicate id. Both need a connection lost between MULTI and EXEC's reply.
 */
import { randomUUID } from 'node:crypto';
import type { Connection, RedisClient } from '../connection.js';
import { Payloads } from '../codec.js';
import { PigeonError } from '../errors.js';
import { validateBackoff } from './backoff.js';
import { GROUP, PRIORITY_LEVELS, QueueKeys } from './keys.js';
import { execTx, isRetryable, queueCreate, queueReady, queueWake, sleep, Tx, TxLane, type NewJob } from './ops.js';
import type { AddOptions, BackoffOptions, JobHandler, JobInfo, JobState, ProcessOptions, QueueOptions, QueueStats } from './types.js';
import { Worker } from './worker.js';

/** Jobs per MULTI in addBulk and per promotion / dead-letter pass. */
const CHUNK = 500;
/** Seconds of completion counters stats() averages over. */
const RATE_WINDOW = 10;

/** What a Worker needs from its Queue. */
export interface QueueCore<T> {
  readonly conn: Connection;
  readonly client: RedisClient;
  readonly keys: QueueKeys;
  readonly payloads: Payloads<T>;
  readonly attempts: number;
  readonly backoff: BackoffOptions | undefined;
  readonly visibilityTimeout: number;
  readonly keepCompleted: number;
  /** Moves due delayed jobs to the ready streams; resolves the next due time (or null). */
  promote(): Promise<number | null>;
  /** The earliest due time in the delayed set, or null. */
  nextDue(): Promise<number | null>;
}

export class Queue<T, R = unknown> {
  readonly name: string;
  readonly dead: QueueDeadLetters<T, R>;
  readonly #conn: Connection;
  readonly #keys: QueueKeys;
  readonly #payloads: Payloads<T>;
  readonly #core: QueueCore<T>;
  readonly #lane: TxLane;
  readonly #workers = new Set<Worker<T, R>>();
  #laneClient: RedisClient | null = null;
  #closed = false;

  constructor(conn: Connection, name: string, options: QueueOptions<T> = {}) {
    const attempts = options.attempts ?? 3;
    const visibilityTimeout = options.visibilityTimeout ?? 30_000;
    const keepCompleted = options.keepCompleted ?? 3600;
    if (!Number.isInteger(attempts) || attempts < 1) throw invalid(`attempts must be an integer >= 1, got ${attempts}`);
    if (!Number.isFinite(visibilityTimeout) || visibilityTimeout < 20) throw invalid(`visibilityTimeout must be >= 20 ms, got ${visibilityTimeout}`);
    if (!Number.isInteger(keepCompleted) || keepCompleted < 0) throw invalid(`keepCompleted must be an integer >= 0 (seconds), got ${keepCompleted}`);
    validateBackoff(options.backoff);
    this.name = name;
    this.#conn = conn;
    this.#keys = new QueueKeys(conn.prefix, name);
    this.#payloads = new Payloads<T>({ codec: options.codec, schema: options.schema });
    this.#lane = new TxLane(() => {
      this.#laneClient = conn.duplicate();
      // Failures reach the caller as rejected commands; this only quiets ioredis's reconnect log.
      this.#laneClient.on('error', () => undefined);
      return this.#laneClient;
    });
    this.#core = {
      conn,
      client: conn.client,
      keys: this.#keys,
      payloads: this.#payloads,
      attempts,
      backoff: options.backoff,
      visibilityTimeout,
      keepCompleted,
      promote: () => this.#promote(),
      nextDue: () => this.#nextDue(),
    };
    this.dead = new QueueDeadLetters<T, R>(this.#core, this.#lane, (id, raw) => this.#info(id, raw), () => this.#checkOpen());
  }

  /** Queues one job; resolves its id once the job is stored. */
  async add(data: T, options: AddOptions = {}): Promise<string> {
    this.#checkOpen();
    const job = this.#prepare(data, options);
    if (options.id === undefined) {
      await this.#retrying(() => {
        const now = Date.now();
        const m = new Tx();
        queueCreate(m, this.#keys, job, now);
        if (job.due !== undefined && job.due > now) queueWake(m, this.#keys, job.due);
        return execTx(this.#conn.client, m);
      });
      return job.id;
    }
    await this.#retrying(() => this.#addWatched([job]));
    return job.id;
  }

  /** Queues many jobs in MULTI chunks of up to 500; resolves their ids in order. */
  async addBulk(items: readonly { data: T; opts?: AddOptions }[]): Promise<string[]> {
    this.#checkOpen();
    const jobs = items.map((item) => this.#prepare(item.data, item.opts ?? {}));
    const withIds = items.some((item) => item.opts?.id !== undefined);
    if (withIds) {
      const seen = new Set<string>();
      for (const job of jobs) {
        if (seen.has(job.id)) throw new PigeonError('PIGEON_ERR_DUPLICATE', `job id '${job.id}' appears twice in addBulk`);
        seen.add(job.id);
      }
    }
    const chunks: NewJob[][] = [];
    for (let i = 0; i < jobs.length; i += CHUNK) chunks.push(jobs.slice(i, i + CHUNK));
    if (withIds) {
      for (const chunk of chunks) await this.#retrying(() => this.#addWatched(chunk));
    } else {
      await Promise.all(
        chunks.map((chunk) => this.#retrying(() => {
          const now = Date.now();
          const m = new Tx();
          let wake = Infinity;
          for (const job of chunk) {
            queueCreate(m, this.#keys, job, now);
            if (job.due !== undefined && job.due > now) wake = Math.min(wake, job.due);
          }
          if (wake !== Infinity) queueWake(m, this.#keys, wake);
          return execTx(this.#conn.client, m);
        })),
      );
    }
    return jobs.map((job) => job.id);
  }

  /** The job's record, or null when there is none (never added, expired after completion, purged). */
  async getJob(id: string): Promise<JobInfo<T, R> | null> {
    const raw = (await this.#conn.client.hgetall(this.#keys.job(id))) as Record<string, string>;
    return this.#info(id, raw);
  }

  /** Starts a worker on this queue. */
  process(handler: JobHandler<T, R>, options: ProcessOptions = {}): Worker<T, R> {
    this.#checkOpen();
    const worker = new Worker<T, R>(this.#core, handler, options, () => this.#workers.delete(worker));
    this.#workers.add(worker);
    return worker;
  }

  async stats(): Promise<QueueStats> {
    const k = this.#keys;
    const p = this.#conn.client.pipeline();
    for (const key of k.readyByUrgency) {
      p.xlen(key);
      p.xpending(key, GROUP);
    }
    p.zcard(k.delayed);
    p.zcard(k.dead);
    p.get(k.completed);
    const second = Math.floor(Date.now() / 1000);
    const rateKeys: string[] = [];
    for (let s = second - RATE_WINDOW + 1; s <= second; s++) rateKeys.push(k.rate(s));
    p.mget(...rateKeys);
    const replies = (await p.exec()) ?? [];
    const value = (i: number): unknown => (replies[i]?.[0] ? null : replies[i]?.[1]);
    let waiting = 0;
    let active = 0;
    let i = 0;
    for (let level = 0; level < PRIORITY_LEVELS; level++) {
      const length = Number(value(i++) ?? 0);
      const summary = value(i++);
      const pending = Array.isArray(summary) ? Number(summary[0] ?? 0) : 0;
      active += pending;
      waiting += Math.max(0, length - pending);
    }
    const delayed = Number(value(i++) ?? 0);
    const dead = Number(value(i++) ?? 0);
    const completed = Number(value(i++) ?? 0);
    const rates = value(i++);
    const recent = Array.isArray(rates) ? rates.reduce((sum: number, r: unknown) => sum + (Number(r) || 0), 0) : 0;
    return { waiting, active, delayed, dead, completed, completedPerSecond: recent / RATE_WINDOW };
  }

  /** Closes this queue's workers (waiting for their active jobs) and its WATCH connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#workers].map((w) => w.close()));
    await this.#lane.run(async () => undefined).catch(() => undefined);
    if (this.#laneClient !== null) await this.#conn.release(this.#laneClient);
  }

  /**
   * Runs `fn` again after errors that clear up by themselves (a connection lost with the command in
   * flight, LOADING after a restart), until the connection is closed. A lost reply can make an add
   * without id run twice (the job then runs twice: at-least-once); adds with an id recognise their
   * own record by its token.
   */
  async #retrying<X>(fn: () => Promise<X>): Promise<X> {
    for (let failures = 0; ; failures++) {
      try {
        return await fn();
      } catch (err) {
        if (!isRetryable(err) || this.#conn.closed) throw err;
        await sleep(Math.min(1000, 20 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new PigeonError('PIGEON_ERR_CLOSED', `queue '${this.name}' is closed`);
    if (this.#conn.closed) throw new PigeonError('PIGEON_ERR_CLOSED', 'the connection is closed');
  }

  #prepare(data: T, options: AddOptions): NewJob {
    const { id, delay, priority } = options;
    if (id !== undefined && (typeof id !== 'string' || id === '')) throw invalid('id must be a non-empty string');
    if (delay !== undefined && !(Number.isFinite(delay) && delay >= 0)) throw invalid(`delay must be a finite number >= 0, got ${delay}`);
    const level = priority ?? 0;
    if (!Number.isInteger(level) || level < 0 || level >= PRIORITY_LEVELS) {
      throw invalid(`priority must be an integer from 0 to ${PRIORITY_LEVELS - 1}, got ${priority}`);
    }
    const encoded = this.#payloads.encode(data);
    const job: NewJob = { id: id ?? randomUUID(), data: encoded, level, due: delay !== undefined && delay > 0 ? Date.now() + delay : undefined };
    if (id !== undefined) job.token = randomUUID();
    return job;
  }

  /** add / addBulk with ids: WATCH the job keys, refuse any that exist, create the rest in one MULTI. */
  #addWatched(jobs: NewJob[]): Promise<void> {
    const k = this.#keys;
    return this.#lane.run(async (c) => {
      for (;;) {
        await c.watch(...jobs.map((job) => k.job(job.id)));
        const p = c.pipeline();
        for (const job of jobs) p.exists(k.job(job.id));
        const exists = (await p.exec()) ?? [];
        const taken = jobs.findIndex((_, i) => exists[i]?.[1] === 1);
        const failed = exists.find(([err]) => err);
        if (failed?.[0]) throw failed[0];
        if (taken >= 0) {
          await c.unwatch();
          // Our own earlier try, whose reply a lost connection swallowed, created the chunk.
          if ((await c.hget(k.job(jobs[taken]!.id), 'token')) === jobs[taken]!.token) return;
          throw new PigeonError('PIGEON_ERR_DUPLICATE', `a job with id '${jobs[taken]!.id}' is already on record in queue '${this.name}'`);
        }
        const now = Date.now();
        const m = new Tx();
        let wake = Infinity;
        for (const job of jobs) {
          queueCreate(m, k, job, now);
          if (job.due !== undefined && job.due > now) wake = Math.min(wake, job.due);
        }
        if (wake !== Infinity) queueWake(m, k, wake);
        if ((await execTx(c, m)) !== null) return;
        // A watched key changed between WATCH and EXEC: look again.
      }
    });
  }

  async #nextDue(): Promise<number | null> {
    const first = await this.#conn.client.zrange(this.#keys.delayed, '0', '0', 'WITHSCORES');
    return first.length >= 2 ? Number(first[1]) : null;
  }

  #promote(): Promise<number | null> {
    const k = this.#keys;
    return this.#lane.run(async (c) => {
      for (let conflicts = 0; conflicts < 20; ) {
        await c.watch(k.delayed);
        const now = Date.now();
        const ids = await c.zrangebyscore(k.delayed, '-inf', now, 'LIMIT', 0, CHUNK);
        if (ids.length === 0) {
          await c.unwatch();
          break;
        }
        const p = c.pipeline();
        for (const id of ids) p.hmget(k.job(id), 'data', 'attemptsMade', 'priority');
        const rows = (await p.exec()) ?? [];
        const m = new Tx();
        m.zrem(k.delayed, ...ids);
        ids.forEach((id, i) => {
          const row = rows[i]?.[1] as (string | null)[] | undefined;
          const data = row?.[0];
          if (data === null || data === undefined) return; // record gone (purged): drop the id
          const level = clampLevel(Number(row![2]));
          queueReady(m, k, level, id, Number(row![1]) || 0, data);
          m.hset(k.job(id), 'state', 'waiting');
        });
        if ((await execTx(c, m)) === null) {
          conflicts++;
          continue;
        }
        if (ids.length < CHUNK) break;
      }
      const first = await c.zrange(k.delayed, '0', '0', 'WITHSCORES');
      return first.length >= 2 ? Number(first[1]) : null;
    });
  }

  #info(id: string, raw: Record<string, string>): JobInfo<T, R> | null {
    if (raw.data === undefined) return null;
    const info: JobInfo<T, R> = {
      id,
      data: this.#payloads.decode(raw.data),
      state: (raw.state ?? 'waiting') as JobState,
      attemptsMade: Number(raw.attemptsMade ?? 0),
      priority: Number(raw.priority ?? 0),
      createdAt: Number(raw.createdAt ?? 0),
    };
    if (raw.result !== undefined) info.result = JSON.parse(raw.result) as R;
    if (raw.failedReason !== undefined) info.failedReason = raw.failedReason;
    if (raw.finishedAt !== undefined) info.finishedAt = Number(raw.finishedAt);
    return info;
  }
}

/** The dead letters of a queue: jobs that used their last attempt. */
export class QueueDeadLetters<T, R> {
  readonly #core: QueueCore<T>;
  readonly #lane: TxLane;
  readonly #info: (id: string, raw: Record<string, string>) => JobInfo<T, R> | null;
  readonly #checkOpen: () => void;

  constructor(core: QueueCore<T>, lane: TxLane, info: (id: string, raw: Record<string, string>) => JobInfo<T, R> | null, checkOpen: () => void) {
    this.#core = core;
    this.#lane = lane;
    this.#info = info;
    this.#checkOpen = checkOpen;
  }

  /** Dead jobs, oldest death first. */
  async list(options: { offset?: number; count?: number } = {}): Promise<JobInfo<T, R>[]> {
    this.#checkOpen();
    const offset = options.offset ?? 0;
    const count = options.count ?? 100;
    if (count <= 0) return [];
    const { client, keys } = this.#core;
    const ids = await client.zrange(keys.dead, String(offset), String(offset + count - 1));
    if (ids.length === 0) return [];
    const p = client.pipeline();
    for (const id of ids) p.hgetall(keys.job(id));
    const rows = (await p.exec()) ?? [];
    const out: JobInfo<T, R>[] = [];
    ids.forEach((id, i) => {
      const info = this.#info(id, (rows[i]?.[1] ?? {}) as Record<string, string>);
      if (info !== null) out.push(info);
    });
    return out;
  }

  /** Puts dead jobs back in the queue with their attempts starting over; resolves how many. */
  retry(which: string | 'all'): Promise<number> {
    this.#checkOpen();
    const { keys } = this.#core;
    return this.#lane.run(async (c) => {
      let moved = 0;
      for (;;) {
        await c.watch(keys.dead);
        let ids: string[];
        if (which === 'all') ids = await c.zrange(keys.dead, '0', String(CHUNK - 1));
        else ids = (await c.zscore(keys.dead, which)) === null ? [] : [which];
        if (ids.length === 0) {
          await c.unwatch();
          return moved;
        }
        const p = c.pipeline();
        for (const id of ids) p.hmget(keys.job(id), 'data', 'priority');
        const rows = (await p.exec()) ?? [];
        const m = new Tx();
        m.zrem(keys.dead, ...ids);
        let n = 0;
        ids.forEach((id, i) => {
          const row = rows[i]?.[1] as (string | null)[] | undefined;
          const data = row?.[0];
          if (data === null || data === undefined) return;
          queueReady(m, keys, clampLevel(Number(row![1])), id, 0, data);
          m.hset(keys.job(id), 'state', 'waiting', 'attemptsMade', 0);
          m.hdel(keys.job(id), 'finishedAt');
          n++;
        });
        if ((await execTx(c, m)) === null) continue;
        moved += n;
        if (which !== 'all' || ids.length < CHUNK) return moved;
      }
    });
  }

  /** Deletes every dead job and its record; resolves how many. */
  purge(): Promise<number> {
    this.#checkOpen();
    const { keys } = this.#core;
    return this.#lane.run(async (c) => {
      let purged = 0;
      for (;;) {
        await c.watch(keys.dead);
        const ids = await c.zrange(keys.dead, '0', String(CHUNK - 1));
        if (ids.length === 0) {
          await c.unwatch();
          return purged;
        }
        const m = new Tx();
        m.zrem(keys.dead, ...ids);
        m.del(...ids.map((id) => keys.job(id)));
        if ((await execTx(c, m)) === null) continue;
        purged += ids.length;
      }
    });
  }
}

function clampLevel(level: number): number {
  return Number.isInteger(level) && level >= 0 && level < PRIORITY_LEVELS ? level : 0;
}

function invalid(message: string): PigeonError {
  return new PigeonError('PIGEON_ERR_INVALID_OPTION', message);
}

