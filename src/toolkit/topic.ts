/*
 * Topic<T>: typed publish/subscribe, at-most-once. A message reaches the subscribers connected at
 * the moment it is published; nothing is stored, so a subscriber that is disconnected misses what
 * is published meanwhile (use a Stream for a retained log).
 *
 * Channels (from TopicChannels, the only place that formats them):
 *   ${prefix}:{${name}}       the topic's channel; the hash tag puts a sharded topic in the slot of its name
 *   ${prefix}:{${glob}}       a pattern subscription (PSUBSCRIBE); the prefix is glob-escaped
 * No keys are written.
 *
 * Commands and their routing:
 *   publish     PUBLISH channel payload, or SPUBLISH on a sharded topic (one command, atomic). The reply
 *               is the receiver count as the server sees it: on a cluster PUBLISH counts only the
 *               subscribers of the node that took it (the cluster bus forwards the message to the other
 *               nodes), SPUBLISH counts the subscribers of the shard that owns the channel.
 *   subscribe   one subscriber connection per subscription (conn.duplicate()):
 *               - a single server: SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE on a duplicated Redis;
 *               - a cluster, not sharded: SUBSCRIBE / PSUBSCRIBE through a duplicated Cluster, whose
 *                 subscriber picks a node and moves to another one when its node goes away;
 *               - a cluster, sharded: SSUBSCRIBE on a connection to the primary that owns the channel's
 *                 slot (CLUSTER KEYSLOT + CLUSTER SLOTS); after a MOVED reply or a server-side
 *                 SUNSUBSCRIBE (slot migration) the subscription re-resolves the owner and moves there.
 *               subscribe() resolves when the server has confirmed the subscription.
 *
 * Reconnects: ioredis resubscribes every channel and pattern of a connection when it reconnects
 * (autoResubscribe), so a killed subscriber connection (CLIENT KILL, a restarted server) resumes
 * receiving once it is back. Messages published while it was away are lost: at-most-once.
 *
 * Payloads: encoded by the codec (JSON by default) and validated by the schema before publishing
 * (an invalid message throws PIGEON_ERR_VALIDATION and nothing is sent); decoded and validated again
 * on arrival. An incoming message that fails either step, or a handler that throws or rejects, is
 * reported to the subscription's onError, else to its 'error' listeners, else to the topic's
 * onError; a subscription never crashes the process and keeps receiving.
 *
 * Crash safety: there are no multi-step operations. A process that dies between subscribing and
 * receiving simply loses its connection; the server drops its subscriptions.
 */
import { EventEmitter } from 'node:events';
import { Cluster, Redis } from 'ioredis';
import { Payloads, type Codec, type Schema } from './codec.js';
import type { Connection, RedisClient } from './connection.js';
import { PigeonError } from './errors.js';

/** Channel names of a topic; the only place that formats them. */
export class TopicChannels {
  readonly #prefix: string;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  channel(name: string): string {
    return `${this.#prefix}:{${name}}`;
  }

  /** A glob over topic names, as a glob over channels: the prefix is escaped, the glob kept. */
  pattern(glob: string): string {
    return `${this.#prefix.replace(/[*?[\]\\]/g, '\\$&')}:{${glob}}`;
  }

  /** The topic name of a channel this class formatted. */
  topicOf(channel: string): string {
    const head = `${this.#prefix}:{`;
    return channel.startsWith(head) && channel.endsWith('}') ? channel.slice(head.length, -1) : channel;
  }
}

export interface MessageInfo {
  /** The name of the topic the message was published on. */
  topic: string;
  /** The channel it arrived on. */
  channel: string;
  /** The pattern that matched, for a pattern subscription. */
  pattern?: string;
}

export type TopicHandler<T> = (message: T, info: MessageInfo) => void | Promise<void>;
export type TopicErrorHandler = (err: Error, info: MessageInfo) => void;

export interface TopicOptions<T> {
  codec?: Codec<T>;
  /** Validates every message on publish and on arrival (anything with zod's parse()). */
  schema?: Schema<T>;
  /** SPUBLISH / SSUBSCRIBE instead of PUBLISH / SUBSCRIBE; default: on a cluster. */
  sharded?: boolean;
  /** Receives the errors of subscriptions that have no onError and no 'error' listener. */
  onError?: TopicErrorHandler;
}

export interface SubscribeOptions {
  /** A glob over topic names (PSUBSCRIBE); needs a topic that is not sharded. */
  pattern?: string;
  onError?: TopicErrorHandler;
}

export interface SubscriptionEvents {
  error: [err: Error, info: MessageInfo];
}

type Kind = 'subscribe' | 'psubscribe' | 'ssubscribe';

export class Topic<T> {
  readonly name: string;
  readonly sharded: boolean;
  readonly #conn: Connection;
  readonly #payloads: Payloads<T>;
  readonly #channels: TopicChannels;
  readonly #channel: string;
  readonly #onError: TopicErrorHandler | undefined;

  constructor(conn: Connection, name: string, options: TopicOptions<T> = {}) {
    if (name.length === 0) throw new PigeonError('PIGEON_ERR_INVALID_OPTION', 'a topic needs a name');
    this.name = name;
    this.#conn = conn;
    this.sharded = options.sharded ?? conn.isCluster;
    this.#payloads = new Payloads<T>(options);
    this.#channels = new TopicChannels(conn.prefix);
    this.#channel = this.#channels.channel(name);
    this.#onError = options.onError;
  }

  /** The channel this topic publishes on. */
  get channel(): string {
    return this.#channel;
  }

  /** Publishes one message; resolves with the receiver count the server reports. */
  async publish(message: T): Promise<number> {
    const payload = this.#payloads.encode(message);
    const reply = await this.#conn.client.call(this.sharded ? 'SPUBLISH' : 'PUBLISH', this.#channel, payload);
    return Number(reply);
  }

  /** Subscribes to this topic, or with `pattern` to every topic whose name matches the glob. */
  async subscribe(handler: TopicHandler<T>, options: SubscribeOptions = {}): Promise<Subscription> {
    let kind: Kind;
    let target: string;
    if (options.pattern !== undefined) {
      if (this.sharded) {
        throw new PigeonError(
          'PIGEON_ERR_INVALID_OPTION',
          'pattern subscriptions need a topic with sharded: false (SPUBLISH never reaches PSUBSCRIBE)',
        );
      }
      kind = 'psubscribe';
      target = this.#channels.pattern(options.pattern);
    } else {
      kind = this.sharded ? 'ssubscribe' : 'subscribe';
      target = this.#channel;
    }
    const sub = new Subscription(this.#conn, kind, target, {
      channels: this.#channels,
      payloads: this.#payloads,
      handler: handler as TopicHandler<unknown>,
      onError: options.onError,
      fallback: this.#onError,
    });
    try {
      await sub.start();
    } catch (err) {
      await sub.close();
      throw err;
    }
    return sub;
  }
}

interface SubscriptionParts {
  channels: TopicChannels;
  payloads: Payloads<unknown>;
  handler: TopicHandler<unknown>;
  onError: TopicErrorHandler | undefined;
  fallback: TopicErrorHandler | undefined;
}

/** One live subscription; close() unsubscribes and frees its connection. */
export class Subscription extends EventEmitter<SubscriptionEvents> {
  /** 'subscribe', 'psubscribe' or 'ssubscribe'. */
  readonly kind: Kind;
  /** The channel or channel pattern subscribed to. */
  readonly target: string;
  readonly #conn: Connection;
  readonly #parts: SubscriptionParts;
  /** The connection from conn.duplicate() (single server, cluster not sharded). */
  #shared: RedisClient | null = null;
  /** A sharded subscription's own connection to the owning primary (cluster, sharded). */
  #node: Redis | null = null;
  #closed = false;
  #relocating: Promise<void> | null = null;
  readonly #onConnectionEnd = (): void => {
    void this.close();
  };

  constructor(conn: Connection, kind: Kind, target: string, parts: SubscriptionParts) {
    super();
    this.#conn = conn;
    this.kind = kind;
    this.target = target;
    this.#parts = parts;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** @internal Called once by Topic.subscribe(). */
  async start(): Promise<void> {
    if (this.kind === 'ssubscribe' && this.#conn.client instanceof Cluster) {
      // Closing the Connection must close this connection too: it was not made by duplicate().
      this.#conn.client.once('end', this.#onConnectionEnd);
      await this.#attachNode();
      return;
    }
    const client = this.#conn.duplicate();
    this.#shared = client;
    client.on('error', () => {
      // Connection errors are retried by ioredis, which then resubscribes.
    });
    this.#listen(client);
    await subscribeOn(client, this.kind, this.target);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#conn.client.off('end', this.#onConnectionEnd);
    if (this.#shared !== null) {
      const shared = this.#shared;
      this.#shared = null;
      shared.removeAllListeners('message');
      shared.removeAllListeners('pmessage');
      shared.removeAllListeners('smessage');
      await this.#conn.release(shared);
    }
    if (this.#node !== null) {
      const node = this.#node;
      this.#node = null;
      await quitNode(node);
    }
  }

  /** Opens a connection to the primary that owns the channel's slot and SSUBSCRIBEs there. */
  async #attachNode(): Promise<void> {
    const cluster = this.#conn.client as Cluster;
    const slot = Number(await cluster.call('CLUSTER', 'KEYSLOT', this.target));
    const slots = (await cluster.call('CLUSTER', 'SLOTS')) as [number, number, [string, number, ...unknown[]], ...unknown[]][];
    const range = slots.find(([lo, hi]) => slot >= Number(lo) && slot <= Number(hi));
    if (range === undefined) throw new PigeonError('PIGEON_ERR_NOT_FOUND', `no cluster node owns slot ${slot}`);
    const host = String(range[2][0]);
    const port = Number(range[2][1]);
    if (this.#closed) return;
    // Cluster node connections never reconnect on their own (ioredis waits for MOVED instead);
    // this one must, to resubscribe after a cut connection.
    const retryStrategy = (times: number): number => Math.min(50 * 2 ** Math.min(times, 6), 2_000);
    const overrides = { host, port, lazyConnect: false, retryStrategy, maxRetriesPerRequest: null, enableOfflineQueue: true, autoResubscribe: true };
    const known = cluster.nodes('all').find((n) => n.options.host === host && n.options.port === port);
    const node = known !== undefined ? known.duplicate(overrides) : new Redis({ ...cluster.options.redisOptions, ...overrides });
    node.on('error', () => {
      // Connection errors are retried by ioredis; nothing to report per message.
    });
    // A MOVED reply to SSUBSCRIBE, or a SUNSUBSCRIBE pushed on slot migration: find the new owner.
    node.on('moved', () => {
      void this.#relocate();
    });
    this.#listen(node);
    const previous = this.#node;
    this.#node = node;
    if (previous !== null) await quitNode(previous);
    await subscribeOn(node, 'ssubscribe', this.target);
  }

  #relocate(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#relocating ??= (async () => {
      try {
        await this.#attachNode();
      } catch (err) {
        this.#report(err instanceof Error ? err : new Error(String(err)), { topic: this.#parts.channels.topicOf(this.target), channel: this.target });
      } finally {
        this.#relocating = null;
      }
    })();
    return this.#relocating;
  }

  #listen(client: RedisClient): void {
    if (this.kind === 'subscribe') {
      client.on('message', (channel: string, text: string) => {
        if (channel === this.target) this.#deliver(text, { topic: this.#parts.channels.topicOf(channel), channel });
      });
    } else if (this.kind === 'psubscribe') {
      client.on('pmessage', (pattern: string, channel: string, text: string) => {
        if (pattern === this.target) this.#deliver(text, { topic: this.#parts.channels.topicOf(channel), channel, pattern });
      });
    } else {
      client.on('smessage', (channel: string, text: string) => {
        if (channel === this.target) this.#deliver(text, { topic: this.#parts.channels.topicOf(channel), channel });
      });
    }
  }

  #deliver(text: string, info: MessageInfo): void {
    if (this.#closed) return;
    try {
      const message = this.#parts.payloads.decode(text);
      const result = this.#parts.handler(message, info);
      if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).then(undefined, (err: unknown) => this.#report(asError(err), info));
      }
    } catch (err) {
      this.#report(asError(err), info);
    }
  }

  #report(err: Error, info: MessageInfo): void {
    try {
      if (this.#parts.onError !== undefined) this.#parts.onError(err, info);
      else if (this.listenerCount('error') > 0) this.emit('error', err, info);
      else this.#parts.fallback?.(err, info);
    } catch {
      // An error handler that throws must not take the subscription down.
    }
  }
}

async function subscribeOn(client: RedisClient, kind: Kind, target: string): Promise<void> {
  if (kind === 'subscribe') await client.subscribe(target);
  else if (kind === 'psubscribe') await client.psubscribe(target);
  else await client.ssubscribe(target);
}

async function quitNode(node: Redis): Promise<void> {
  node.removeAllListeners('smessage');
  node.removeAllListeners('moved');
  try {
    if (node.status === 'ready') await node.quit();
    else node.disconnect();
  } catch {
    node.disconnect();
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
