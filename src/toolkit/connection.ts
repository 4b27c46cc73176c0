/*
 * Connections: one place that knows whether the toolkit talks to a single server (Pigeon's broker,
 * Redis, Valkey) or to a Redis Cluster, and that hands out the extra connections the structures
 * need (a blocking read or a subscription occupies a connection, so each gets its own).
 *
 *   connect('redis://127.0.0.1:6379')            a server
 *   connect({ host, port, password, db })         the same, as options
 *   connect({ cluster: ['127.0.0.1:7000', ...] }) a Redis Cluster (ioredis Cluster)
 *   await embedded({ dir })                       Pigeon's broker in this process, on a loopback port
 *
 * Every key of one Queue or Stream carries the same hash tag ({name}), so each multi-key step
 * (MULTI/EXEC, WATCH) stays in one slot on a cluster; see keys.ts.
 */
import { Cluster, Redis, type ClusterNode, type ClusterOptions, type RedisOptions } from 'ioredis';
import { PigeonError } from './errors.js';

export type RedisClient = Redis | Cluster;

export interface ConnectOptions {
  url?: string;
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  db?: number;
  /** Redis Cluster seed nodes: 'host:port' strings or { host, port }. */
  cluster?: (string | ClusterNode)[];
  /** Prefix of every key the toolkit writes (default 'pigeon'). */
  prefix?: string;
  /** Passed to ioredis as they are (single server). */
  redisOptions?: RedisOptions;
  /** Passed to ioredis's Cluster as they are. */
  clusterOptions?: ClusterOptions;
}

/** Settings every toolkit connection uses: commands wait through reconnects instead of failing. */
const RESILIENT: RedisOptions = {
  maxRetriesPerRequest: null,
  enableOfflineQueue: true,
  retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2_000),
  // A failover turns a primary into a replica: reconnect to find the new primary.
  reconnectOnError: (err: Error) => (err.message.startsWith('READONLY') ? 2 : false),
};

export class Connection {
  /** The shared command connection. */
  readonly client: RedisClient;
  readonly isCluster: boolean;
  readonly prefix: string;
  readonly #extra = new Set<RedisClient>();
  readonly #onClose: (() => Promise<void>) | undefined;
  #closed = false;

  constructor(client: RedisClient, options: { prefix?: string | undefined; onClose?: () => Promise<void> } = {}) {
    this.client = client;
    this.isCluster = client instanceof Cluster;
    this.prefix = options.prefix ?? 'pigeon';
    this.#onClose = options.onClose;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * A new connection to the same server or cluster, for a blocking read or a subscription; closed
   * with the Connection, or earlier with release().
   */
  duplicate(): RedisClient {
    if (this.#closed) throw new PigeonError('PIGEON_ERR_CLOSED', 'the connection is closed');
    const extra: RedisClient = this.client instanceof Cluster ? this.client.duplicate() : this.client.duplicate();
    this.#extra.add(extra);
    return extra;
  }

  /**
   * Closes a connection duplicate() handed out. It is disconnected, not QUIT: a QUIT would wait
   * behind a blocked read for up to its BLOCK time.
   */
  release(extra: RedisClient): Promise<void> {
    if (this.#extra.delete(extra)) extra.disconnect();
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Blocked readers and subscribers: disconnect (see release()).
    for (const extra of this.#extra) extra.disconnect();
    this.#extra.clear();
    await quit(this.client);
    await this.#onClose?.();
  }
}

async function quit(client: RedisClient): Promise<void> {
  try {
    if (client.status === 'end') return;
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  }
}

function parseNode(node: string | ClusterNode): ClusterNode {
  if (typeof node !== 'string') return node;
  const at = node.lastIndexOf(':');
  if (at < 0) return { host: node, port: 6379 };
  return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
}

/** Connects to a server (a URL or options) or, with `cluster`, to a Redis Cluster. */
export function connect(target: string | ConnectOptions = {}): Connection {
  const options: ConnectOptions = typeof target === 'string' ? { url: target } : target;
  if (options.cluster !== undefined) {
    if (options.cluster.length === 0) throw new PigeonError('PIGEON_ERR_INVALID_OPTION', 'cluster needs at least one seed node');
    const redisOptions: RedisOptions = { ...RESILIENT, ...options.redisOptions };
    if (options.username !== undefined) redisOptions.username = options.username;
    if (options.password !== undefined) redisOptions.password = options.password;
    const cluster = new Cluster(options.cluster.map(parseNode), { ...options.clusterOptions, redisOptions });
    return new Connection(cluster, { prefix: options.prefix });
  }
  const redisOptions: RedisOptions = { ...RESILIENT, ...options.redisOptions };
  if (options.host !== undefined) redisOptions.host = options.host;
  if (options.port !== undefined) redisOptions.port = options.port;
  if (options.username !== undefined) redisOptions.username = options.username;
  if (options.password !== undefined) redisOptions.password = options.password;
  if (options.db !== undefined) redisOptions.db = options.db;
  const client = options.url !== undefined ? new Redis(options.url, redisOptions) : new Redis(redisOptions);
  return new Connection(client, { prefix: options.prefix });
}

export interface EmbeddedOptions {
  /** Data directory; with it the broker keeps an append-only file there (appendonly yes). */
  dir?: string;
  /** appendfsync when `dir` is given (default everysec). */
  appendfsync?: 'always' | 'everysec' | 'no';
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Prefix of every key the toolkit writes (default 'pigeon'). */
  prefix?: string;
  /** Other broker settings by their Redis names. */
  config?: Record<string, string | number>;
}

/** Starts Pigeon's broker in this process on a loopback port and connects to it. close() stops both. */
export async function embedded(options: EmbeddedOptions = {}): Promise<Connection & { readonly port: number }> {
  const { createBroker } = await import('../server/index.js');
  const persistence = options.dir === undefined ? { appendonly: 'no' } : { appendonly: 'yes', dir: options.dir, appendfsync: options.appendfsync ?? 'everysec' };
  const broker = createBroker({ ...options.config, ...persistence, bind: '127.0.0.1', port: options.port ?? 0 });
  const port = await broker.listen();
  const client = new Redis({ ...RESILIENT, host: '127.0.0.1', port });
  const connection = new Connection(client, { prefix: options.prefix, onClose: () => broker.close() });
  return Object.assign(connection, { port });
}
