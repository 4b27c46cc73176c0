/*
 * The embeddable broker: configuration, databases, clients, the listening socket, server-wide
 * statistics and the periodic tasks (active expiry, client timeouts).
 *
 *   const broker = createBroker({ port: 0, dir: './data' });
 *   const port = await broker.listen();
 *   ...
 *   await broker.close();
 *
 * No module-level mutable state: several brokers can live in one process (the tests do that).
 * Every client that goes away records a reason (`Client.close(reason)`), logged at verbose level.
 *
 * The read loop: a socket read is fed to the client's decoder, every complete request is
 * dispatched, then the replies of the whole read leave in a single write. Later issues hook in
 * here: blocked clients (processing stops while a client is blocked), pub/sub, AOF propagation.
 */

import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { Client } from './client.js';
import { CommandTable, type Command } from './command.js';
import { allCommands } from './commands/index.js';
import { Config } from './config.js';
import { Database, type KeyspaceHost } from './keyspace/db.js';
import { activeExpireCycle } from './keyspace/expire.js';
import { ScanCursors } from './keyspace/scan.js';
import { KeyspaceEvents } from './keyspace/notify.js';
import { PubSub } from './pubsub/pubsub.js';
import { dispatch } from './dispatcher.js';
import { Blocking } from './blocking/index.js';
import { errorCode } from './errors.js';
import { Logger } from './logger.js';
import { Acl } from './acl/index.js';
import { listenTls, PROTECTED_MODE_DENIED, isLoopback } from './tls.js';
import { Eviction } from './keyspace/evict.js';
import { clientInfoLine } from './commands/client.js';
import { Aof } from './persistence/writer.js';
import { loadAppendOnlyFiles, loadManifest, type LoadingProgress } from './persistence/loader.js';

export const PIGEON_VERSION = '0.1.0';
export const REDIS_VERSION = '7.0.15';

export interface BrokerOptions {
  /** Any config parameter by its Redis name, e.g. { port: 0, 'requirepass': 'x' }. */
  [param: string]: string | number | boolean | undefined;
}

export interface SlowlogEntry {
  id: number;
  time: number;
  usec: number;
  argv: string[];
  addr: string;
  name: string;
}

export class Broker implements KeyspaceHost {
  readonly config = new Config();
  readonly dbs: Database[] = [];
  readonly clients = new Map<number, Client>();
  readonly commands = new CommandTable(allCommands());
  readonly monitors = new Set<Client>();
  readonly scanCursors = new ScanCursors();
  /** Channels, patterns, shard channels and their fan-out, under output buffer limits. */
  readonly pubsub = new PubSub(this);
  /** notify-keyspace-events, published through pubsub. */
  readonly keyspaceEvents = new KeyspaceEvents(this.config, this.pubsub);
  readonly runId = randomBytes(20).toString('hex');
  readonly startTime = Date.now();
  readonly log: Logger;
  /** ACL users, the permission checks and the ACL log (acl/index.ts). */
  readonly acl: Acl;
  /** The TLS listener (tls-port), when configured. */
  private tlsServer: net.Server | null = null;
  tlsPort = 0;
  readonly stats = {
    commands: 0,
    connections: 0,
    rejectedConnections: 0,
    expiredKeys: 0,
    evictedKeys: 0,
    keyspaceHits: 0,
    keyspaceMisses: 0,
    netInput: 0,
    netOutput: 0,
    errorReplies: 0,
    errorsByCode: new Map<string, number>(),
    expireCycleCpuMs: 0,
    unexpectedErrorReplies: 0,
  };
  /** Errors replied by call()s that have finished, for failed_calls accounting of EXEC. */
  nestedErrors = 0;
  /** Changes since the last save, as Redis's server.dirty. */
  dirty = 0;
  lastSave = Math.floor(Date.now() / 1000);
  slowlog: SlowlogEntry[] = [];
  slowlogNextId = 0;
  slowlogThreshold = 10000;
  /** DEBUG SET-ACTIVE-EXPIRE: when false the cron does not run the active expire cycle. */
  activeExpireEnabled = true;
  /** The config file the server was started with ('' = none): INFO config_file, CONFIG REWRITE. */
  configFile = '';
  /** Clients blocked on keys (INFO blocked_clients); the blocking subsystem maintains it. */
  blockedClients = 0;
  /** Blocked clients, ready keys, blocking timeouts (blocking/index.ts). */
  readonly blocking: Blocking = new Blocking(this);
  /** INFO replication master_replid (DEBUG CHANGE-REPL-ID renews it). */
  replId = randomBytes(20).toString('hex');
  /** INFO used_memory_peak, updated by the cron and by INFO. */
  peakMemory = 0;
  /** INFO used_memory_startup: the heap when the broker was created. */
  readonly startupMemory = process.memoryUsage().heapUsed + process.memoryUsage().external;
  /** instantaneous_ops_per_sec / _kbps samples (Redis's trackInstantaneousMetric, 16 slots). */
  readonly metrics = { at: 0, commands: 0, netInput: 0, netOutput: 0, ops: [] as number[], inKbps: [] as number[], outKbps: [] as number[] };
  /** maxmemory accounting, the OOM gate and key eviction (keyspace/evict.ts). */
  readonly eviction: Eviction;
  /** client-query-buffer-limit, cached for the read loop. */
  private queryBufLimit: number;
  private nextClientId = 0;
  private server: net.Server | null = null;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;
  port = 0;

  constructor(options: BrokerOptions = {}) {
    for (const [k, v] of Object.entries(options)) {
      if (v === undefined) continue;
      const r = this.config.set(k, typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));
      if (!r.ok) throw new Error(`Bad config '${k}': ${r.err === 'unknown' ? 'unknown parameter' : r.err}`);
    }
    this.log = new Logger(this.config);
    this.acl = new Acl(this);
    const n = this.config.num('databases');
    for (let i = 0; i < n; i++) this.dbs.push(new Database(i, this));
    this.eviction = new Eviction(this);
    this.queryBufLimit = this.config.num('client-query-buffer-limit');
    this.config.watch('client-query-buffer-limit', () => (this.queryBufLimit = this.config.num('client-query-buffer-limit')));
    this.slowlogThreshold = this.config.num('slowlog-log-slower-than');
    this.config.watch('slowlog-log-slower-than', (v) => (this.slowlogThreshold = Number(v)));
    this.config.watch('slowlog-max-len', (v) => {
      const max = Number(v);
      if (this.slowlog.length > max) this.slowlog.length = max;
    });
    this.config.watch('hz', () => {
      if (this.server) {
        for (const t of this.timers) clearInterval(t);
        this.timers = [];
        this.startTimers();
      }
    });
    this.config.watch('proto-max-bulk-len', (v) => {
      for (const c of this.clients.values()) c.decoder.limits.maxBulkLen = Number(v);
    });
    this.config.watch('requirepass', () => {
      // Changing the password does not log existing clients out, as in Redis.
    });
  }

  // --- KeyspaceHost -------------------------------------------------------------------------

  now(): number {
    return Date.now();
  }

  /** Seconds clock for access times, refreshed by the cron (Redis's server.lruclock), not per lookup. */
  private lruclock = Math.floor(Date.now() / 1000) & 0xffffff;
  lruClock(): number {
    return this.lruclock;
  }

  onExpired(db: Database, key: string): void {
    this.stats.expiredKeys++;
    this.notify(db, 'expired', key);
    // deleteExpiredKeyAndPropagate: the deletion is logged, part of the command that caused it.
    if (this.aof.state !== 'off') this.aof.also(db.id, [this.config.bool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
  }

  // --- persistence --------------------------------------------------------------------------

  /** The append-only file (persistence/writer.ts). */
  readonly aof: Aof = new Aof(this);
  /**
   * Set by the AOF while writes of this event-loop turn are not yet in the file: Client.flush()
   * parks the client here instead of writing, and the AOF flushes them once the file has the
   * writes (fsynced under appendfsync always). Null otherwise.
   */
  replyGate: Set<Client> | null = null;
  /** The AOF is being replayed (INFO loading:1, -LOADING for most commands, no expiry). */
  loading = false;
  loadingProgress: LoadingProgress | null = null;

  /** The end of a top-level call: the commands it propagated are written as one unit. */
  endPropagationUnit(): void {
    if (this.aof.hasPending) this.aof.endUnit();
  }

  /** LOADING and MISCONF (AOF write errors) gates, as Redis's processCommand. */
  private persistenceGate(cmd: Command): string | null {
    if (this.loading && !cmd.flags.includes('loading')) return 'LOADING Redis is loading the dataset in memory';
    if (!this.aof.lastWriteOk && cmd.isWrite && this.aof.state !== 'off') {
      return `MISCONF Errors writing to the AOF file: ${this.aof.lastWriteError}`;
    }
    return null;
  }

  /** Unrecoverable persistence error (an AOF write failing under appendfsync always): stop serving. */
  fatal(): void {
    void this.close().then(() => this.onShutdown?.());
  }

  signalKeyReady(db: Database, key: string): void {
    this.blocking.signalKeyReady(db, key);
  }

  /**
   * Keyspace notification (Redis's notifyKeyspaceEvent) with Redis's event name; the class
   * (notify-keyspace-events letter) is derived from the name unless given (keyspace/notify.ts).
   */
  /** lookupKeyRead found nothing: count the miss and fire the `keymiss` event (class m). */
  keyMiss(db: Database, key: string): void {
    this.stats.keyspaceMisses++;
    this.keyspaceEvents.notify(db.id, 'keymiss', key);
  }

  /** A key was created (class n `new` event), as Redis's dbAdd. */
  onNewKey(db: Database, key: string): void {
    this.keyspaceEvents.notify(db.id, 'new', key);
  }

  notify(db: Database, event: string, key: string, type?: number): void {
    this.keyspaceEvents.notify(db.id, event, key, type);
  }

  // --- clients ------------------------------------------------------------------------------

  requiresAuth(): boolean {
    return this.acl.authRequired();
  }

  /**
   * The peer of a new connection is on the loopback interface (protected mode). A seam: tests
   * replace it to play a remote peer.
   */
  peerIsLocal(socket: net.Socket): boolean {
    return isLoopback(socket.remoteAddress);
  }

  debugAllowed(c: Client): boolean {
    const v = this.config.get('enable-debug-command');
    if (v === 'yes') return true;
    if (v === 'local') {
      const a = c.socket?.remoteAddress ?? '';
      return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1' || c.socket === null;
    }
    return false;
  }

  /** Server-state gates on a command (LOADING, OOM, ...); null when the command may run. */
  admissionError(_c: Client, cmd: Command, _argv: string[]): string | null {
    if (this.loading || !this.aof.lastWriteOk) {
      const gate = this.persistenceGate(cmd);
      if (gate !== null) return gate;
    }
    return null;
  }

  countError(msg: string): void {
    this.stats.errorReplies++;
    const code = errorCode(msg);
    const m = this.stats.errorsByCode;
    // Redis caps distinct error codes at 128 and then stops tracking new ones.
    if (m.has(code) || m.size < 128) m.set(code, (m.get(code) ?? 0) + 1);
  }

  /**
   * Called by the dispatcher after a write command that changed the dataset (dirty moved), unless
   * the handler called c.preventPropagation. Commands given to alsoPropagate() during the same
   * call come first, in order, as in Redis 7.0's also_propagate array.
   */
  propagate(c: Client, _cmd: Command, argv: string[]): void {
    if (this.aof.state !== 'off') this.aof.propagate(c.db.id, argv, c.inExec);
  }

  /**
   * Propagate `argv` (in c's database) as part of the command being run, whether or not that
   * command is itself propagated (Redis's alsoPropagate): XREADGROUP's XCLAIM and XGROUP SETID.
   */
  alsoPropagate(c: Client, argv: string[]): void {
    if (this.aof.state !== 'off') this.aof.also(c.db.id, argv);
  }

  /** Something records propagated commands: callers may skip building argv that would be dropped. */
  get propagating(): boolean {
    return this.aof.state !== 'off';
  }

  /**
   * A key was deleted outside of any command's own effect (Redis's propagateDeletion): evicted
   * keys (keyspace/evict.ts) are propagated as DEL, or UNLINK when `lazy`, in database `db`.
   */
  propagateDeletion(db: Database, key: string, lazy: boolean): void {
    if (this.aof.state !== 'off') this.aof.also(db.id, [lazy ? 'UNLINK' : 'DEL', key]);
  }

  slowlogPush(c: Client, argv: string[], usec: number): void {
    const max = this.config.num('slowlog-max-len');
    if (max === 0) return;
    const args = argv.length > 32 ? [...argv.slice(0, 31), `... (${argv.length - 31} more arguments)`] : argv.slice();
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a.length > 128) args[i] = a.slice(0, 128) + `... (${a.length - 128} more bytes)`;
    }
    this.slowlog.unshift({ id: this.slowlogNextId++, time: Math.floor(Date.now() / 1000), usec, argv: args, addr: c.address, name: c.name });
    if (this.slowlog.length > max) this.slowlog.length = max;
  }

  feedMonitors(c: Client, argv: string[]): void {
    const now = Date.now() * 1000 + (Math.floor(performance.now() * 1000) % 1000);
    const sec = Math.floor(now / 1e6);
    const usec = String(now % 1e6).padStart(6, '0');
    let line = `+${sec}.${usec} [${c.dbIndex} ${c.address}]`;
    for (const a of argv) line += ' ' + reprArg(a);
    line += '\r\n';
    // Every monitor sees the command, the sender included when it is a monitor itself (as Redis).
    for (const m of this.monitors) {
      m.r.raw(line);
      m.flush();
    }
  }

  /** A client left: remove every trace of it. */
  unlinkClient(c: Client): void {
    if (!this.clients.delete(c.id)) return;
    this.monitors.delete(c);
    for (const [db, keys] of c.watched) {
      for (const key of keys.keys()) {
        const set = db.watchers.get(key);
        if (set) {
          set.delete(c);
          if (set.size === 0) db.watchers.delete(key);
        }
      }
    }
    c.watched.clear();
    this.blocking.onClientGone(c);
    this.onClientGone(c);
    if (c.closeReason) this.log.verbose(`Client id=${c.id} addr=${c.address} closed: ${c.closeReason}`);
  }

  /** Hook for subsystems holding per-client state (pub/sub, blocking). */
  onClientGone(c: Client): void {
    this.pubsub.dropClient(c);
  }

  /** RESET: subsystems drop the client's subscriptions and similar state. */
  onClientReset(c: Client): void {
    this.pubsub.dropClient(c);
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    // Admission before the client exists (acceptCommonHandler): a rejected connection gets the
    // error and is closed; it counts in rejected_connections, not in total_connections_received.
    if (this.clients.size >= this.config.num('maxclients')) {
      this.stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    this.stats.connections++;
    // Protected mode (clientAcceptHandler): no password for the default user, a remote peer.
    if (this.config.bool('protected-mode') && this.acl.defaultUser.nopass && !this.peerIsLocal(socket)) {
      this.stats.rejectedConnections++;
      socket.end(PROTECTED_MODE_DENIED);
      return;
    }
    const c = new Client(this, socket, ++this.nextClientId);
    c.r.onError = (msg) => this.countError(msg);
    this.clients.set(c.id, c);
    socket.on('data', (chunk: Buffer) => this.onData(c, chunk));
    socket.on('error', (err) => {
      if (!c.closing) c.closeReason = `socket error: ${err.message}`;
    });
    socket.on('close', () => {
      if (!c.closing) {
        c.closing = true;
        if (!c.closeReason) c.closeReason = 'client closed the connection';
      }
      this.unlinkClient(c);
    });
  }

  /** The read loop: decode and dispatch every complete request, then write once. */
  onData(c: Client, chunk: Buffer): void {
    this.stats.netInput += chunk.length;
    c.bytesIn += chunk.length;
    c.lastInteraction = Date.now();
    c.decoder.feed(chunk);
    // client-query-buffer-limit: unprocessed input (a blocked client's too) past the limit.
    if (c.decoder.pending > this.queryBufLimit) {
      this.log.warning(`Closing client that reached max query buffer length: ${clientInfoLine(c, c, [])} (qbuf length: ${c.decoder.pending})`);
      c.close('max query buffer length reached');
      return;
    }
    // A blocked client's requests wait in its query buffer; unblocking resumes them in order.
    if (c.blocked === null) this.processInput(c);
  }

  /** Dispatch the complete requests buffered for `c` until it blocks or closes, then write. */
  processInput(c: Client): void {
    const d = c.decoder;
    for (;;) {
      if (c.closing || c.blocked !== null) break;
      const argv = d.next();
      if (argv === null) break;
      dispatch(c, argv);
    }
    if (d.error !== null && !c.closing && c.blocked === null) {
      c.r.error('ERR ' + d.error);
      this.log.verbose(`Protocol error (${d.error}) from client: id=${c.id} addr=${c.address}`);
      c.close('protocol error: ' + d.error);
      return;
    }
    this.afterBatch();
    c.flush();
  }

  /** Work to do after a batch of commands. */
  afterBatch(): void {}

  /** CLIENT UNBLOCK: unblock `target` as on timeout or with an -UNBLOCKED error; false if not blocked. */
  unblockClient(target: Client, mode: 'timeout' | 'error'): boolean {
    return this.blocking.unblockClient(target, mode);
  }

  /** Run a command on behalf of an internal client (config file, tests, AOF loading). */
  createInternalClient(): Client {
    const c = new Client(this, null, ++this.nextClientId);
    c.aclUser = null;
    c.authenticated = true;
    c.decoder.authenticated = true;
    return c;
  }

  // --- lifecycle ----------------------------------------------------------------------------

  /** At start: the users of `aclfile` (ACLLoadUsersAtStartup), then the TLS listener (tls-port). */
  private async loadAclsAndTls(): Promise<void> {
    const file = this.config.get('aclfile');
    if (file !== '') {
      const { errors } = this.acl.loadFile(file);
      if (errors !== null) throw new Error(`Aborting Redis startup because of ACL errors: ${errors}`);
    }
    if (this.config.num('tls-port') !== 0) {
      this.tlsServer = await listenTls(this, (s) => this.accept(s));
      const addr = this.tlsServer.address();
      this.tlsPort = typeof addr === 'object' && addr ? addr.port : 0;
    }
  }

  listen(): Promise<number> {
    const port = this.config.num('port');
    const binds = this.config.get('bind').split(/\s+/).filter((h) => h && h !== '-::*' && h !== '*');
    const host = binds[0] ?? (this.config.get('bind').includes('*') ? undefined : '127.0.0.1');
    return new Promise((resolve, reject) => {
      const server = net.createServer({ noDelay: true }, (s) => this.accept(s));
      server.once('error', reject);
      server.listen({ port, host: host?.replace(/^-/, ''), backlog: this.config.num('tcp-backlog') }, () => {
        server.off('error', reject);
        server.on('error', (err) => this.log.warning(`Server socket error: ${err.message}`));
        this.server = server;
        const addr = server.address();
        this.port = typeof addr === 'object' && addr ? addr.port : port;
        this.loadAclsAndTls().then(() => this.loadDataFromDisk()).then(
          () => {
            this.startTimers();
            this.log.notice(`Ready to accept connections tcp on ${host ?? '*'}:${this.port}`);
            resolve(this.port);
          },
          (err: unknown) => {
            this.log.warning(err instanceof Error ? err.message : String(err));
            void this.close().then(() => reject(err));
          },
        );
      });
    });
  }

  /**
   * loadDataFromDisk + aofOpenIfNeededOnServerStart: with appendonly yes, replay the AOF while the
   * socket already answers (-LOADING), then open the incr file for appending.
   */
  private async loadDataFromDisk(): Promise<void> {
    this.config.watch('appendonly', (v) => {
      if (v === 'yes') this.aof.enableAtRuntime();
      else this.aof.disable();
    });
    if (!this.config.bool('appendonly')) return;
    const dir = this.aof.resolveDir();
    this.loading = true;
    try {
      const m = loadManifest(this, dir);
      this.aof.manifest = m;
      this.aof.dir = dir;
      this.aof.baseSize = await loadAppendOnlyFiles(this, dir, m);
    } finally {
      this.loading = false;
    }
    this.aof.openOnStart();
    this.aof.deleteHistory();
  }

  private startTimers(): void {
    const hz = Math.max(1, Math.min(500, this.config.num('hz')));
    const cron = setInterval(() => this.cron(), Math.floor(1000 / hz));
    cron.unref();
    this.timers.push(cron);
  }

  /** serverCron: active expiry, idle client timeouts, instantaneous metrics. */
  cron(): void {
    this.lruclock = Math.floor(Date.now() / 1000) & 0xffffff;
    if (this.activeExpireEnabled) {
      // Keys expired by the cycle are logged one DEL at a time, outside any command.
      this.aof.direct = true;
      activeExpireCycle(this);
      this.aof.direct = false;
      // Expired streams fail their blocked XREADGROUP clients now, not at the next command
      // (Redis's beforeSleep runs handleClientsBlockedOnKeys).
      if (this.blocking.hasReadyKeys) this.blocking.handleReadyKeys();
    }
    this.aof.cron();
    this.sampleMetrics();
    const timeout = this.config.num('timeout');
    if (timeout > 0) {
      // clientsCronHandleTimeout: whole seconds of idleness, as Redis compares unix times.
      const now = Math.floor(this.now() / 1000);
      for (const c of this.clients.values()) {
        // Blocked clients wait as long as their command says (Redis: no idle timeout for BLPOP);
        // MONITOR (a replica-like client) and pub/sub clients are never idle-closed either.
        if (c.closing || c.isMonitor || c.blocked !== null || c.subscriptionCount > 0 || c.shardChannels.size > 0) continue;
        if (now - Math.floor(c.lastInteraction / 1000) > timeout) {
          this.log.verbose('Closing idle client');
          c.close('idle timeout');
        }
      }
    }
  }

  /** Redis's trackInstantaneousMetric: a rate per second every 100 ms, averaged over 16 samples. */
  private sampleMetrics(): void {
    const now = performance.now();
    const m = this.metrics;
    const elapsed = now - m.at;
    if (m.at !== 0 && elapsed < 100) return;
    if (m.at !== 0) {
      const push = (arr: number[], v: number): void => {
        arr.push(v);
        if (arr.length > 16) arr.shift();
      };
      push(m.ops, ((this.stats.commands - m.commands) * 1000) / elapsed);
      push(m.inKbps, (this.stats.netInput - m.netInput) / elapsed);
      push(m.outKbps, (this.stats.netOutput - m.netOutput) / elapsed);
    }
    m.at = now;
    m.commands = this.stats.commands;
    m.netInput = this.stats.netInput;
    m.netOutput = this.stats.netOutput;
    const mem = process.memoryUsage();
    const used = mem.heapUsed + mem.external;
    if (used > this.peakMemory) this.peakMemory = used;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.eviction.stop();
    this.aof.close();
    // Replies parked for the AOF: the file has them now (or never will); let them go.
    this.replyGate = null;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const server = this.server;
    this.server = null;
    const tlsServer = this.tlsServer;
    this.tlsServer = null;
    if (tlsServer) tlsServer.close();
    for (const c of [...this.clients.values()]) {
      c.closing = true;
      c.closeReason = 'server shutting down';
      c.socket?.destroy();
      this.unlinkClient(c);
    }
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** SHUTDOWN: stop serving; the CLI process exits when the broker closes. */
  onShutdown: (() => void) | null = null;
  shutdown(): void {
    this.log.warning('User requested shutdown...');
    void this.close().then(() => this.onShutdown?.());
  }
}

/** An embedded broker logs warnings only unless `loglevel` says otherwise. */
export function createBroker(options: BrokerOptions = {}): Broker {
  return new Broker({ loglevel: 'warning', ...options });
}

/** sdscatrepr: a quoted, escaped representation of a byte string (MONITOR, DEBUG, CLIENT LIST). */
export function reprArg(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    switch (ch) {
      case '\\': out += '\\\\'; break;
      case '"': out += '\\"'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '\x07': out += '\\a'; break;
      case '\b': out += '\\b'; break;
      default:
        if (code >= 32 && code < 127) out += ch;
        else out += '\\x' + code.toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}
