/*
 * Stream<T>: a retained log with consumer groups (at-least-once per group). Keys: StreamKeys
 * (${prefix}:{name}:stream, :dead, :failures), one slot. The consumer side (reading, acks,
 * reclaiming, dead letters) is in consumer.ts; this module holds the producer side and the
 * operator views. Each operation, its commands and its atomicity:
 *
 *   append        XADD stream [MAXLEN ~ n | MINID ~ now-maxAge] * d <payload>: one command. With both
 *                 maxLen and maxAge: MULTI { XADD ... MAXLEN ~ n ; XTRIM stream MINID ~ t } EXEC.
 *                 Trimming is approximate (whole radix-tree nodes), as `~` is in Redis. The MINID
 *                 threshold uses this process's clock against IDs made by the server's clock.
 *   appendBulk    MULTI { XADD ... (one per message) [; XTRIM MINID] } EXEC: all messages or none.
 *   read          XRANGE stream <from> + COUNT n: one command (replay, no group involved).
 *   lag           one pipeline (not atomic; figures from one moment each): XINFO GROUPS, XINFO STREAM,
 *                 XPENDING summary, XPENDING - + 1 (the oldest pending entry), XINFO CONSUMERS.
 *                 When Redis reports lag as null (entries deleted in the group's unread range, or
 *                 an entries-read counter it cannot trust), the estimate is:
 *                   last-delivered-id older than the first entry     -> the stream's length
 *                   otherwise XRANGE stream (last-delivered-id + COUNT 1000:
 *                     fewer than 1000 entries                        -> that count (exact at that moment)
 *                     else entries-added - entries-read, within [1000, length], or the length
 *                 and lagEstimated is true.
 *   removeIdleConsumers
 *                 XINFO CONSUMERS picks consumers with no pending entries idle at least idleMs; then
 *                 MULTI { XPENDING stream g - + 10000 c ; XGROUP DELCONSUMER stream g c } EXEC per batch.
 *                 WATCH cannot guard this (XREADGROUP does not touch the key for WATCH), so the MULTI
 *                 returns exactly what each deletion dropped: if a consumer read entries between the
 *                 check and the deletion, they are put back at once with
 *                 XCLAIM stream g c 0 id FORCE JUSTID IDLE <idle> RETRYCOUNT <count>, and the consumer
 *                 is reported as kept. A crash between that EXEC and the XCLAIM would leave those
 *                 entries in the stream but out of the PEL (not redelivered); the window is one round
 *                 trip and needs a consumer idle for idleMs to read in that very moment.
 *   deadLetters   XRANGE / XLEN / DEL on the dead-letter stream; entries are written by the consumer's
 *                 bury step (MULTI with the XACK, see consumer.ts).
 */
import { Payloads, type Codec, type Schema } from '../codec.js';
import type { Connection } from '../connection.js';
import { PigeonError } from '../errors.js';
import { Consumer, type ConsumeOptions, type StreamHandler } from './consumer.js';
import { StreamKeys } from './keys.js';
import { compareIds, field, num, numOrNull, record, type RawEntry } from './replies.js';

export interface StreamOptions<T> {
  /** Keep about this many entries (XADD MAXLEN ~). */
  maxLen?: number;
  /** Keep entries younger than this many ms (XADD MINID ~ now - maxAge). */
  maxAge?: number;
  codec?: Codec<T>;
  /** Validates every message on append and before the handler (anything with zod's parse()). */
  schema?: Schema<T>;
}

export interface StreamEntry<T> {
  id: string;
  data: T;
}

export interface ConsumerLag {
  name: string;
  pending: number;
  idleMs: number;
}

export interface StreamLag {
  /** Entries not yet delivered to the group. */
  lag: number;
  /** True when Redis reported lag as null and `lag` is the toolkit's estimate. */
  lagEstimated: boolean;
  /** Entries delivered and not yet acknowledged. */
  pending: number;
  /** Idle time of the oldest (lowest ID) pending entry, or null when nothing is pending. */
  oldestPendingIdleMs: number | null;
  consumers: ConsumerLag[];
}

export interface DeadLetter<T> {
  /** ID of the dead-letter entry (its time is when the message was buried). */
  id: string;
  /** ID of the message in the stream. */
  originalId: string;
  group: string;
  /** The consumer that held it last. */
  consumer: string;
  /** Handler deliveries it had. */
  deliveries: number;
  /** 'maxDeliveries' or 'invalid'. */
  reason: string;
  /** The last handler error (or the decode / validation error), when known. */
  error: string | null;
  /** The decoded message, or undefined when it cannot be decoded. */
  data: T | undefined;
  /** The stored payload. */
  raw: string | null;
  deadAt: number;
}

const LAG_COUNT_CAP = 1000;

function checkPositive(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value <= 0 || Math.floor(value) !== value) {
    throw new PigeonError('PIGEON_ERR_INVALID_OPTION', `${name} must be a positive integer, got ${value}`);
  }
}

function idTime(id: string): number {
  const dash = id.indexOf('-');
  return Number(dash < 0 ? id : id.slice(0, dash));
}

export class Stream<T> {
  readonly name: string;
  readonly keys: StreamKeys;
  readonly deadLetters: DeadLetters<T>;
  readonly #conn: Connection;
  readonly #payloads: Payloads<T>;
  readonly #maxLen: number | undefined;
  readonly #maxAge: number | undefined;

  constructor(conn: Connection, name: string, options: StreamOptions<T> = {}) {
    checkPositive('maxLen', options.maxLen);
    checkPositive('maxAge', options.maxAge);
    this.name = name;
    this.#conn = conn;
    this.keys = new StreamKeys(conn.prefix, name);
    this.#payloads = new Payloads<T>(options);
    this.#maxLen = options.maxLen;
    this.#maxAge = options.maxAge;
    this.deadLetters = new DeadLetters<T>(conn, this.keys, this.#payloads);
  }

  /** Appends one message; resolves with its entry ID. */
  async append(message: T): Promise<string> {
    const payload = this.#payloads.encode(message);
    const { stream } = this.keys;
    if (this.#maxLen !== undefined && this.#maxAge !== undefined) {
      const reply = await this.#conn.client
        .multi()
        .call('XADD', stream, 'MAXLEN', '~', String(this.#maxLen), '*', 'd', payload)
        .call('XTRIM', stream, 'MINID', '~', this.#minId())
        .exec();
      return String(execValues(reply)[0]);
    }
    return String(await this.#conn.client.call('XADD', stream, ...this.#trim(), '*', 'd', payload));
  }

  /** Appends messages in order, all or none (MULTI/EXEC); resolves with their IDs. */
  async appendBulk(messages: readonly T[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const payloads = messages.map((m) => this.#payloads.encode(m));
    const { stream } = this.keys;
    const both = this.#maxLen !== undefined && this.#maxAge !== undefined;
    const trim = both ? ['MAXLEN', '~', String(this.#maxLen)] : this.#trim();
    const tx = this.#conn.client.multi();
    for (const payload of payloads) tx.call('XADD', stream, ...trim, '*', 'd', payload);
    if (both) tx.call('XTRIM', stream, 'MINID', '~', this.#minId());
    const values = execValues(await tx.exec());
    return values.slice(0, payloads.length).map(String);
  }

  /** Starts a consumer of `group` (created at `from` when missing). */
  consume(group: string, handler: StreamHandler<T>, options: ConsumeOptions = {}): Consumer<T> {
    return new Consumer<T>({ conn: this.#conn, keys: this.keys, payloads: this.#payloads }, group, handler, options);
  }

  /** Entries from an ID (inclusive) or from a time, oldest first, without any group. */
  async read(options: { from?: string | Date; count?: number } = {}): Promise<StreamEntry<T>[]> {
    const count = options.count ?? 100;
    checkPositive('count', count);
    const from = options.from instanceof Date ? `${options.from.getTime()}-0` : (options.from ?? '-');
    const reply = (await this.#conn.client.call('XRANGE', this.keys.stream, from, '+', 'COUNT', String(count))) as RawEntry[];
    return reply.map(([id, fields]) => {
      const payload = field(fields, 'd');
      if (payload === undefined) throw new PigeonError('PIGEON_ERR_CODEC', `entry ${id} has no d field`);
      return { id, data: this.#payloads.decode(payload) };
    });
  }

  /** The number of entries in the stream (XLEN). */
  async length(): Promise<number> {
    return num(await this.#conn.client.call('XLEN', this.keys.stream));
  }

  /** Lag, pending entries and per-consumer figures of a group. */
  async lag(group: string): Promise<StreamLag> {
    const { stream } = this.keys;
    const replies = await this.#conn.client
      .pipeline()
      .call('XINFO', 'GROUPS', stream)
      .call('XINFO', 'STREAM', stream)
      .call('XPENDING', stream, group)
      .call('XPENDING', stream, group, '-', '+', '1')
      .call('XINFO', 'CONSUMERS', stream, group)
      .exec();
    const results = (replies ?? []).map(([err, value]) => {
      if (err !== null) {
        if (/^(NOGROUP|ERR no such key)/.test(err.message)) {
          throw new PigeonError('PIGEON_ERR_NOT_FOUND', `no group ${group} on stream ${this.name}`, { cause: err });
        }
        throw err;
      }
      return value;
    });
    const [groupsReply, streamReply, summary, oldest, consumersReply] = results as [unknown[], unknown, unknown[], unknown[], unknown[]];
    const info = groupsReply.map(record).find((g) => String(g['name']) === group);
    if (info === undefined) throw new PigeonError('PIGEON_ERR_NOT_FOUND', `no group ${group} on stream ${this.name}`);
    const streamInfo = record(streamReply);

    let lag = numOrNull(info['lag']);
    let lagEstimated = false;
    if (lag === null) {
      lagEstimated = true;
      lag = await this.#estimateLag(info, streamInfo);
    }
    const oldestRow = oldest[0] as [string, string, number, number] | undefined;
    return {
      lag,
      lagEstimated,
      pending: num(summary[0]),
      oldestPendingIdleMs: oldestRow === undefined ? null : num(oldestRow[2]),
      consumers: consumersReply.map(record).map((c) => ({ name: String(c['name']), pending: num(c['pending']), idleMs: num(c['idle']) })),
    };
  }

  async #estimateLag(group: Record<string, unknown>, streamInfo: Record<string, unknown>): Promise<number> {
    const length = num(streamInfo['length']);
    if (length === 0) return 0;
    const lastDelivered = String(group['last-delivered-id']);
    const first = streamInfo['first-entry'] as RawEntry | null | undefined;
    if (first === null || first === undefined || compareIds(lastDelivered, String(first[0])) < 0) return length;
    const unread = (await this.#conn.client.call('XRANGE', this.keys.stream, `(${lastDelivered}`, '+', 'COUNT', String(LAG_COUNT_CAP))) as RawEntry[];
    if (unread.length < LAG_COUNT_CAP) return unread.length;
    const added = numOrNull(streamInfo['entries-added']);
    const read = numOrNull(group['entries-read']);
    if (added === null || read === null) return length;
    return Math.min(Math.max(added - read, LAG_COUNT_CAP), length);
  }

  /**
   * Deletes the consumers of `group` idle for at least idleMs that have no pending entries;
   * resolves with the names deleted. A consumer with pending entries is never deleted.
   */
  async removeIdleConsumers(group: string, idleMs: number): Promise<string[]> {
    const { stream } = this.keys;
    let consumersReply: unknown[];
    try {
      consumersReply = (await this.#conn.client.call('XINFO', 'CONSUMERS', stream, group)) as unknown[];
    } catch (err) {
      if (err instanceof Error && /^(NOGROUP|ERR no such key)/.test(err.message)) return [];
      throw err;
    }
    const idle = consumersReply
      .map(record)
      .filter((c) => num(c['pending']) === 0 && num(c['idle']) >= idleMs)
      .map((c) => String(c['name']));
    if (idle.length === 0) return [];
    const tx = this.#conn.client.multi();
    for (const name of idle) {
      tx.call('XPENDING', stream, group, '-', '+', '10000', name);
      tx.call('XGROUP', 'DELCONSUMER', stream, group, name);
    }
    const values = execValues(await tx.exec());
    const removed: string[] = [];
    const restore = this.#conn.client.multi();
    let restoring = false;
    idle.forEach((name, i) => {
      const rows = values[2 * i] as [string, string, number, number][];
      if (rows.length === 0) {
        removed.push(name);
        return;
      }
      // It read entries between XINFO and the deletion: give them back, unchanged.
      restoring = true;
      for (const [id, , entryIdle, deliveries] of rows) {
        restore.call('XCLAIM', stream, group, name, '0', String(id), 'IDLE', String(entryIdle), 'RETRYCOUNT', String(deliveries), 'FORCE', 'JUSTID');
      }
    });
    if (restoring) execValues(await restore.exec());
    return removed;
  }

  #trim(): string[] {
    if (this.#maxLen !== undefined) return ['MAXLEN', '~', String(this.#maxLen)];
    if (this.#maxAge !== undefined) return ['MINID', '~', this.#minId()];
    return [];
  }

  #minId(): string {
    return String(Math.max(0, Date.now() - this.#maxAge!));
  }
}

/** The dead-letter stream of a Stream: messages that gave up, with their history. */
export class DeadLetters<T> {
  readonly #conn: Connection;
  readonly #keys: StreamKeys;
  readonly #payloads: Payloads<T>;

  constructor(conn: Connection, keys: StreamKeys, payloads: Payloads<T>) {
    this.#conn = conn;
    this.#keys = keys;
    this.#payloads = payloads;
  }

  /** Dead letters oldest first, from an ID of the dead-letter stream (inclusive). */
  async read(options: { count?: number; from?: string } = {}): Promise<DeadLetter<T>[]> {
    const count = options.count ?? 100;
    checkPositive('count', count);
    const reply = (await this.#conn.client.call('XRANGE', this.#keys.dead, options.from ?? '-', '+', 'COUNT', String(count))) as RawEntry[];
    return reply.map(([id, fields]) => {
      const raw = field(fields, 'd') ?? null;
      let data: T | undefined;
      if (raw !== null) {
        try {
          data = this.#payloads.decode(raw);
        } catch {
          data = undefined;
        }
      }
      const error = field(fields, 'error');
      return {
        id,
        originalId: field(fields, 'id') ?? '',
        group: field(fields, 'group') ?? '',
        consumer: field(fields, 'consumer') ?? '',
        deliveries: Number(field(fields, 'deliveries') ?? 0),
        reason: field(fields, 'reason') ?? '',
        error: error === undefined || error === '' ? null : error,
        data,
        raw,
        deadAt: idTime(id),
      };
    });
  }

  async length(): Promise<number> {
    return num(await this.#conn.client.call('XLEN', this.#keys.dead));
  }

  /** Deletes every dead letter. */
  async purge(): Promise<void> {
    await this.#conn.client.call('DEL', this.#keys.dead);
  }
}

function execValues(reply: [Error | null, unknown][] | null): unknown[] {
  if (reply === null) throw new Error('EXECABORT the transaction was discarded');
  return reply.map(([err, value]) => {
    if (err !== null) throw err;
    return value;
  });
}
