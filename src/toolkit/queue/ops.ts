/*
 * The Queue's writes, as commands of one MULTI/EXEC (Tx, runTx below), and the small
 * helpers that run them. Every state change of a job is one of the transitions below, and each
 * transition is queued into a single MULTI together with the acknowledgement that makes it (so a
 * job is never both acknowledged and not moved, or moved and still pending):
 *
 *   create      HSET job:<id> data state(waiting|delayed) attemptsMade priority createdAt [token]
 *               + XADD ready:<level> * <id> 0:<data>                      (ready now)
 *               | ZADD delayed <due> <id> + XADD wake MAXLEN ~ 1000 * due <due>   (delayed)
 *   complete    XACK/XDEL the entry + HSET state completed finishedAt [result] + EXPIRE keepCompleted
 *               (or, when keepCompleted is 0, one DEL of every completed record of the batch)
 *               + INCRBY completed, rate:<second> (+ EXPIRE rate: a worker's first batch in that second)
 *   retry now   XACK/XDEL + XADD ready:<level> * <id> <attempts made>:<data> + HSET state waiting attemptsMade failedReason
 *   retry later XACK/XDEL + ZADD delayed <due> <id> + HSET state delayed attemptsMade failedReason
 *   dead        XACK/XDEL + ZADD dead <now> <id> + HSET state dead attemptsMade failedReason finishedAt
 *   release     XACK/XDEL + XADD ready:<level> (same attempts) + HSET state waiting   (a closing worker's unstarted jobs)
 *   ack only    XACK/XDEL                                   (wake entries, entries deleted while pending)
 *
 * MULTI/EXEC applies all of one batch or none of it (a connection lost before EXEC discards the
 * queued commands). Replaying a batch whose EXEC did run but whose reply was lost is harmless:
 * XACK/XDEL/HSET/ZADD/EXPIRE are idempotent; the XADD of a retry or release adds a second entry
 * for the same job (it may run twice: at-least-once) and INCRBY counts twice (the stats only).
 *
 * Every key of a batch carries the queue's hash tag, so the MULTI is valid on a Redis Cluster.
 */
import { Cluster, Command } from 'ioredis';
import type { Socket as NetStream } from 'node:net';
import type { RedisClient } from '../connection.js';
import { isTransientServerError } from '../errors.js';
import { GROUP, type QueueKeys } from './keys.js';


/** A stream entry of a ready (or the wake) stream, as the queue reads it. */
export interface Entry {
  /** The stream key it was read from. */
  key: string;
  entryId: string;
  /** null when the entry was deleted while pending (XREADGROUP history reads report it so). */
  fields: string[] | null;
}

/** The parts of a ready-stream entry. */
export interface JobEntry {
  jobId: string;
  /** The encoded payload. */
  raw: string;
  attemptsMade: number;
}

/** A ready entry's fields: [jobId, `<attempts made>:<payload>`] (see queueReady). */
export function parseJobEntry(fields: string[]): JobEntry | null {
  const jobId = fields[0];
  const value = fields[1];
  if (jobId === undefined || value === undefined) return null;
  const colon = value.indexOf(':');
  if (colon < 1) return null;
  return { jobId, raw: value.slice(colon + 1), attemptsMade: Number(value.slice(0, colon)) || 0 };
}

/** The due time carried by a wake entry. */
export function parseWakeEntry(fields: string[]): number | null {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'due') return Number(fields[i + 1]);
  return null;
}

/** Entries of an XREADGROUP / XAUTOCLAIM reply section: [[id, [f, v, ...] | null], ...]. */
export function parseEntries(key: string, raw: unknown): Entry[] {
  const out: Entry[] = [];
  if (!Array.isArray(raw)) return out;
  for (const item of raw as unknown[]) {
    if (!Array.isArray(item)) continue;
    const [entryId, fields] = item as [unknown, unknown];
    // ioredis hands bulk strings over as strings (no Buffer commands are used here).
    out.push({ key, entryId: String(entryId), fields: Array.isArray(fields) ? (fields as string[]) : null });
  }
  return out;
}

/**
 * An XREADGROUP reply: RESP2's [[key, entries], ...], or RESP3's map, which ioredis (legacy reply
 * mapping, its default) hands over flattened as [key, entries, key, entries, ...]; null: nothing.
 */
export function parseRead(reply: unknown): Entry[] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  const out: Entry[] = [];
  const items = reply as unknown[];
  if (Array.isArray(items[0])) {
    for (const section of items) {
      if (!Array.isArray(section)) continue;
      const [key, entries] = section as [unknown, unknown];
      out.push(...parseEntries(String(key), entries));
    }
  } else {
    for (let i = 0; i + 1 < items.length; i += 2) out.push(...parseEntries(String(items[i]), items[i + 1]));
  }
  return out;
}

export interface NewJob {
  id: string;
  data: string;
  level: number;
  /** ms since the epoch when it may run; undefined or <= now: ready at once. */
  due: number | undefined;
  /** Set on adds with an id: lets a retried add recognise the record its lost reply created. */
  token?: string;
}

/** create: the job record and its ready entry, or its place in the delayed set. */
export function queueCreate(m: Tx, keys: QueueKeys, job: NewJob, now: number): void {
  const delayed = job.due !== undefined && job.due > now;
  const state = delayed ? 'delayed' : 'waiting';
  if (job.token === undefined) m.hset(keys.job(job.id), 'data', job.data, 'state', state, 'attemptsMade', 0, 'priority', job.level, 'createdAt', now);
  else m.hset(keys.job(job.id), 'data', job.data, 'state', state, 'attemptsMade', 0, 'priority', job.level, 'createdAt', now, 'token', job.token);
  if (delayed) m.zadd(keys.delayed, job.due!, job.id);
  else queueReady(m, keys, job.level, job.id, 0, job.data);
}

/**
 * The ready entry of a job: one field, named by the job id, whose value is `<attempts made>:<payload>`
 * (two strings per entry to write, send and parse, rather than three fields' six).
 */
export function queueReady(m: Tx, keys: QueueKeys, level: number, jobId: string, attemptsMade: number, raw: string): void {
  m.xadd(keys.ready(level), '*', jobId, `${attemptsMade}:${raw}`);
}

/** The wake entry that tells one blocked worker about a new due time. */
export function queueWake(m: Tx, keys: QueueKeys, due: number): void {
  m.xadd(keys.wake, 'MAXLEN', '~', '1000', '*', 'due', String(due));
}

/** XACK + XDEL for entries of one or more streams. */
export function queueAck(m: Tx, entries: Iterable<{ key: string; entryId: string }>): void {
  const byKey = new Map<string, string[]>();
  for (const e of entries) {
    const ids = byKey.get(e.key);
    if (ids === undefined) byKey.set(e.key, [e.entryId]);
    else ids.push(e.entryId);
  }
  for (const [key, ids] of byKey) {
    m.xack(key, GROUP, ...ids);
    m.xdel(key, ...ids);
  }
}

type Arg = string | number;

/**
 * The commands of one MULTI/EXEC, collected before sending (runTx). Only the commands the queue
 * uses; each keeps Redis's argument order.
 */
export class Tx {
  readonly commands: [string, Arg[]][] = [];

  hset(key: string, ...fieldsAndValues: Arg[]): void {
    this.commands.push(['hset', [key, ...fieldsAndValues]]);
  }
  hdel(key: string, ...fields: string[]): void {
    this.commands.push(['hdel', [key, ...fields]]);
  }
  del(...keys: string[]): void {
    this.commands.push(['del', keys]);
  }
  expire(key: string, seconds: number): void {
    this.commands.push(['expire', [key, seconds]]);
  }
  incrby(key: string, n: number): void {
    this.commands.push(['incrby', [key, n]]);
  }
  zadd(key: string, score: number, member: string): void {
    this.commands.push(['zadd', [key, score, member]]);
  }
  zrem(key: string, ...members: string[]): void {
    this.commands.push(['zrem', [key, ...members]]);
  }
  xadd(key: string, ...args: Arg[]): void {
    this.commands.push(['xadd', [key, ...args]]);
  }
  xack(key: string, group: string, ...ids: string[]): void {
    this.commands.push(['xack', [key, group, ...ids]]);
  }
  xdel(key: string, ...ids: string[]): void {
    this.commands.push(['xdel', [key, ...ids]]);
  }
}

const UTF8 = { replyEncoding: 'utf8' as const };
const noop = (): void => undefined;

/**
 * Sends `MULTI <tx> EXEC` (and, when given, one more command after EXEC, such as a read) in one
 * write, and resolves EXEC's replies; null when a watched key changed (nothing ran). Rejects on the
 * first error: a command refused when queued (EXECABORT), or one that failed when it ran.
 *
 * On a single server the commands go out as ioredis Commands numbered like a pipeline's
 * (pipelineIndex), so a connection lost halfway is handled as ioredis handles a pipeline: resent
 * whole if no reply had arrived, failed otherwise; never resent as fragments outside their MULTI.
 * This skips ioredis's Pipeline object, whose allocations made the GC pauses of a job-at-a-time
 * producer several times longer (the p99 enqueue-to-completion latency doubled). On a Redis
 * Cluster the transaction is ioredis's multi(), which routes it to the slot's node (MULTI and EXEC
 * carry no key to route by) and follows MOVED / ASK redirections; `after` is then a separate
 * command, written after it on the same node's connection.
 */
export function runTx(client: RedisClient, tx: Tx, after?: [string, Arg[]]): { exec: Promise<unknown[] | null>; after: Promise<unknown> | undefined } {
  if (client instanceof Cluster) {
    const m = client.multi();
    for (const [name, args] of tx.commands) m.call(name, ...args);
    const exec = m.exec().then((replies) => {
      if (replies === null) return null;
      const out: unknown[] = [];
      for (const [err, value] of replies) {
        if (err) throw err;
        out.push(value);
      }
      return out;
    });
    // Written after the transaction on the same node's connection (same slot), so it runs after EXEC.
    return { exec, after: after === undefined ? undefined : client.call(after[0], ...after[1]) };
  }
  const redis = client;
  // As ioredis's own command methods build them (a keyPrefix set on the client applies too).
  const options = redis.options.keyPrefix === undefined ? UTF8 : { ...UTF8, keyPrefix: redis.options.keyPrefix };
  const commands: Command[] = [new Command('multi', [], options)];
  for (const [name, args] of tx.commands) commands.push(new Command(name, args, options));
  const execCommand = new Command('exec', [], options);
  const inside = commands.length;
  commands.push(execCommand);
  let afterCommand: Command | undefined;
  if (after !== undefined) {
    afterCommand = new Command(after[0], after[1], options);
    commands.push(afterCommand);
  }
  const stream = redis.stream as NetStream | undefined;
  const cork = redis.status === 'ready' && stream !== undefined && stream.writable;
  if (cork) stream.cork();
  try {
    commands.forEach((command, i) => {
      command.pipelineIndex = i;
      if (i < inside) {
        command.inTransaction = true;
        command.promise.catch(noop);
      }
      redis.sendCommand(command);
    });
  } finally {
    if (cork) stream.uncork();
  }
  const exec = (execCommand.promise as Promise<unknown>).then((reply) => {
    if (reply === null) return null;
    if (!Array.isArray(reply)) throw new Error('EXEC returned no reply array');
    for (const value of reply as unknown[]) if (value instanceof Error) throw value;
    return reply as unknown[];
  });
  return { exec, after: afterCommand?.promise as Promise<unknown> | undefined };
}

/** runTx(client, tx).exec */
export function execTx(client: RedisClient, tx: Tx): Promise<unknown[] | null> {
  return runTx(client, tx).exec;
}

/**
 * Errors that clear up by themselves: isTransientServerError's list plus ioredis's abort of a
 * command in flight when its connection closed.
 */
export function isRetryable(err: unknown): boolean {
  if (isTransientServerError(err)) return true;
  return err instanceof Error && (err.message.includes('aborted due to connection close') || err.message.startsWith('NOGROUP'));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One connection for the queue's WATCH transactions, used by one operation at a time: WATCH state
 * belongs to a connection, and any EXEC on it (another caller's MULTI) would drop the watch.
 */
export class TxLane {
  readonly #open: () => RedisClient;
  #client: RedisClient | null = null;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(open: () => RedisClient) {
    this.#open = open;
  }

  run<X>(fn: (client: RedisClient) => Promise<X>): Promise<X> {
    const step = this.#tail.then(async () => {
      this.#client ??= this.#open();
      const client = this.#client;
      try {
        return await fn(client);
      } catch (err) {
        // Leave no WATCH behind for the next operation on this connection.
        await client.unwatch().catch(() => undefined);
        throw err;
      }
    });
    this.#tail = step.catch(() => undefined);
    return step;
  }

  /** The lane's connection if one was opened (for release). */
  get client(): RedisClient | null {
    return this.#client;
  }
}
