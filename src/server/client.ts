/*
 * Per-connection state: selected database, protocol version, name, authentication, the MULTI queue
 * and watched keys, reply mode, and the socket plumbing (decoder in, reply writer out).
 *
 * The read loop (Connection in connection.ts) decodes every complete request of a socket read,
 * dispatches each, and writes all replies of that read in one socket write. A client is closed
 * with a reason (`close(reason)`) that is kept for CLIENT LIST / logs; nothing else destroys
 * sockets.
 */

import type { Socket } from 'node:net';
import { ReplyWriter } from '../protocol/reply.js';
import { RespDecoder } from '../protocol/decoder.js';
import type { Broker } from './broker.js';
import type { Database } from './keyspace/db.js';
import type { Command } from './command.js';
import type { Waiter } from './blocking/index.js';
import type { AclUser } from './acl/user.js';

export interface QueuedCommand {
  cmd: Command;
  argv: string[];
}

export type ReplyMode = 'on' | 'off' | 'skip';

/** How long a closed connection keeps draining the peer's input before it is destroyed. */
export const LINGER_MS = 1000;

export class Client {
  readonly id: number;
  readonly r: ReplyWriter;
  readonly decoder: RespDecoder;
  db: Database;
  name = '';
  libName = '';
  libVer = '';
  /**
   * The ACL user of the connection (acl/); null for internal clients (AOF loading), which may
   * run anything, as Redis's clients with no user.
   */
  aclUser: AclUser | null;
  authenticated: boolean;
  readonly createdAt: number;
  lastInteraction: number;
  lastCmd = 'NULL';
  /** MULTI state: null when not in a transaction. */
  multi: QueuedCommand[] | null = null;
  /** A queue-time error happened: EXEC must answer EXECABORT. */
  multiError = false;
  /** A watched key was touched: EXEC must abort. */
  dirtyCas = false;
  /**
   * EXEC is running this client's queued commands (Redis's CLIENT_DENY_BLOCKING during EXEC):
   * a blocking command must not block, it answers as if its timeout had expired.
   */
  inExec = false;
  /**
   * Blocked in a blocking command (blocking/index.ts; CLIENT LIST flag `b`): the broker stops
   * decoding this client's input until it is unblocked.
   */
  blocked: Waiter | null = null;
  /** The arguments as sent, kept by a handler that rewrites argv to propagate (keepOriginalArgv). */
  originalArgv: string[] | null = null;
  /**
   * The command being run must not be propagated itself (Redis's preventCommandPropagation):
   * XREADGROUP propagates only the XCLAIM / XGROUP SETID it amounts to. Reset by call().
   */
  preventPropagation = false;
  /**
   * The AOF loader's internal client (Redis's CLIENT_ID_AOF, mustObeyClient): commands replay what
   * the file says (exact trims, no limits). Set by persistence/loader.ts.
   */
  loading = false;
  /** Watched keys: db index -> keys, with whether each key was alive when watched. */
  readonly watched = new Map<Database, Map<string, boolean>>();
  replyMode: ReplyMode = 'on';
  /** CLIENT NO-EVICT */
  noEvict = false;
  /** Flags for CLIENT LIST (`N` normal; later issues add b, P, M, x, ...). */
  isMonitor = false;
  closing = false;
  closeReason = '';
  /** Channel, pattern and shard channel subscriptions (pubsub/pubsub.ts keeps them). */
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardChannels = new Set<string>();
  /**
   * Push frames written while this client's own request runs under CLIENT REPLY OFF / SKIP
   * (null otherwise): the dispatcher keeps them when it drops the silenced replies.
   */
  keptPushes: string | null = null;
  /** When (unix seconds) the output first went over the soft limit; 0 = not over (output-limits.ts). */
  obufSoftSince = 0;
  /** The command being executed, for CLIENT LIST `cmd=`. */
  current: Command | null = null;
  /** Bytes read from the socket, for INFO total_net_input_bytes. */
  bytesIn = 0;

  constructor(
    readonly broker: Broker,
    readonly socket: Socket | null,
    id: number,
  ) {
    this.id = id;
    this.r = new ReplyWriter(2);
    this.decoder = new RespDecoder({ maxBulkLen: broker.config.num('proto-max-bulk-len') });
    this.db = broker.dbs[0]!;
    this.aclUser = broker.acl.defaultUser;
    this.authenticated = broker.acl.authenticatedAtStart();
    this.decoder.authenticated = this.authenticated;
    this.createdAt = broker.now();
    this.lastInteraction = this.createdAt;
  }

  /** The ACL user's name (CLIENT LIST `user=`, ACL WHOAMI). */
  get user(): string {
    return this.aclUser?.name ?? 'default';
  }

  get dbIndex(): number {
    return this.db.id;
  }

  get resp(): 2 | 3 {
    return this.r.resp;
  }

  set resp(v: 2 | 3) {
    this.r.resp = v;
  }

  /** Number of (pattern) subscriptions, as the subscribe replies count them. */
  get subscriptionCount(): number {
    return this.channels.size + this.patterns.size;
  }

  /** In RESP2 a client with subscriptions may only run the pub/sub commands. */
  get inSubscribeMode(): boolean {
    return this.r.resp === 2 && this.channels.size + this.patterns.size + this.shardChannels.size > 0;
  }

  get address(): string {
    const s = this.socket;
    if (!s) return '';
    const host = s.remoteAddress ?? '';
    return (host.includes(':') && !host.startsWith('::ffff:') ? `[${host}]` : host.replace(/^::ffff:/, '')) + ':' + (s.remotePort ?? 0);
  }

  get localAddress(): string {
    const s = this.socket;
    if (!s) return '';
    const host = s.localAddress ?? '';
    return (host.includes(':') && !host.startsWith('::ffff:') ? `[${host}]` : host.replace(/^::ffff:/, '')) + ':' + (s.localPort ?? 0);
  }

  /** Send whatever the reply writer holds. */
  flush(): void {
    const out = this.r.out;
    if (out.length === 0) return;
    // Writes of this turn are not in the AOF yet: the reply waits for them (persistence/writer.ts).
    const gate = this.broker.replyGate;
    if (gate !== null) {
      if (!this.closing) {
        gate.add(this);
        return;
      }
      this.broker.aof.flushTurn();
    }
    // Over its output buffer limits the client is closed and the output dropped, never queued.
    if (!this.closing && this.broker.pubsub.limits.enforce(this)) return;
    this.r.out = '';
    const s = this.socket;
    if (s === null || s.destroyed || !s.writable) return;
    // A socket that is backed up queues the bytes as a Buffer (outside the JS heap, exact size)
    // rather than the reply string, which would otherwise live on until the peer reads.
    if (s.writableLength !== 0) s.write(Buffer.from(out, 'latin1'));
    else s.write(out, 'latin1');
  }

  /**
   * Close after flushing pending replies (QUIT, protocol errors, CLIENT KILL).
   *
   * A lingering close: the FIN follows the last reply, and whatever the peer still sends is read
   * and dropped, never decoded or buffered, until the peer closes too or LINGER_MS pass. Closing
   * at once with unread input would make the kernel answer with a reset that can destroy the last
   * reply (a protocol error's explanation) before the peer reads it; never closing would let a
   * peer keep a dead connection open and stream into it.
   */
  close(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.closeReason = reason;
    this.flush();
    const s = this.socket;
    if (s !== null) {
      s.removeAllListeners('data');
      s.on('data', () => {});
      s.end();
      const timer = setTimeout(() => s.destroy(), LINGER_MS);
      timer.unref();
      s.once('close', () => clearTimeout(timer));
    }
    this.broker.unlinkClient(this);
  }
}
