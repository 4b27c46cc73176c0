/*
 * Output buffer limits (Redis's client-output-buffer-limit): a client that does not read what it
 * is sent must not make the broker hold an unbounded amount of output for it.
 *
 *   client-output-buffer-limit <class> <hard> <soft> <soft seconds>   (0 = no limit)
 *   defaults: normal 0 0 0 / replica 256mb 64mb 60 / pubsub 32mb 8mb 60
 *
 * A client's class is `pubsub` while it has any subscription (channels, patterns or shard
 * channels, in RESP2 or RESP3: Redis's CLIENT_PUBSUB flag), else `normal` (MONITOR clients too).
 * Pigeon has no replicas, so the replica class is parsed and shown but never applies.
 *
 * What counts: the bytes the broker holds for the client and the kernel has not taken yet, i.e.
 * the reply writer's pending string plus the socket's writable queue (`socket.writableLength`,
 * what Node buffers once the kernel's send buffer is full). That is Redis's reply list: bytes the
 * kernel accepted are not counted by either.
 *
 * The rules, as Redis's checkClientOutputBufferLimits:
 *   - at or over the hard limit: the client is closed at once;
 *   - at or over the soft limit: the first time, the time is noted; if it is still over at a later
 *     check more than <soft seconds> (whole seconds, as Redis's unixtime) after that, it is closed;
 *     a check under the soft limit clears the time.
 * Checks run when output is added (every pub/sub delivery) and before each socket write, so an
 * over-limit client gets nothing more appended: the fan-out stops at the first frame past the
 * limit and the queued output is dropped with the connection (Redis frees it the same way).
 *
 * A closed client is logged as Redis logs it ("Client <info> scheduled to be closed ASAP for
 * overcoming of output buffer limits.") and counted in INFO stats as
 * client_output_buffer_limit_disconnections (a Pigeon field: Redis 7.0 has no counter; 7.2 added
 * one under this name).
 */

import type { Broker } from '../broker.js';
import type { Client } from '../client.js';
import { clientInfoLine } from '../commands/client.js';

export interface OutputLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

const NONE: OutputLimit = { hard: 0, soft: 0, softSeconds: 0 };

/** Parse the canonical config value (`normal 0 0 0 slave ... pubsub ...`). */
export function parseOutputLimits(v: string): Record<'normal' | 'slave' | 'pubsub', OutputLimit> {
  const out = { normal: NONE, slave: NONE, pubsub: NONE };
  const parts = v.split(' ');
  for (let k = 0; k + 3 < parts.length; k += 4) {
    const cls = parts[k]!;
    if (cls !== 'normal' && cls !== 'slave' && cls !== 'pubsub') continue;
    out[cls] = { hard: Number(parts[k + 1]), soft: Number(parts[k + 2]), softSeconds: Number(parts[k + 3]) };
  }
  return out;
}

/** Bytes of output the broker holds for a client (not yet taken by the kernel). */
export function pendingOutput(c: Client): number {
  return c.r.out.length + (c.socket === null ? 0 : c.socket.writableLength);
}

export class OutputLimits {
  normal: OutputLimit = NONE;
  replica: OutputLimit = NONE;
  pubsub: OutputLimit = NONE;
  /** Clients closed for exceeding a limit (INFO client_output_buffer_limit_disconnections). */
  disconnections = 0;

  constructor(private readonly broker: Broker) {
    this.load(broker.config.get('client-output-buffer-limit'));
    broker.config.watch('client-output-buffer-limit', (v) => this.load(v));
  }

  private load(v: string): void {
    const l = parseOutputLimits(v);
    this.normal = l.normal;
    this.replica = l.slave;
    this.pubsub = l.pubsub;
  }

  /**
   * Check a client against its class's limits; closes it (dropping its pending output) and
   * returns true when it went over. Callers stop writing to it then.
   */
  enforce(c: Client): boolean {
    if (c.closing) return false;
    const lim = c.channels.size + c.patterns.size + c.shardChannels.size > 0 ? this.pubsub : this.normal;
    if (lim.hard === 0 && lim.soft === 0) return false;
    const used = pendingOutput(c);
    const hard = lim.hard !== 0 && used >= lim.hard;
    let soft = lim.soft !== 0 && used >= lim.soft;
    if (soft) {
      const now = Math.floor(Date.now() / 1000);
      if (c.obufSoftSince === 0) {
        c.obufSoftSince = now;
        soft = false;
      } else if (now - c.obufSoftSince <= lim.softSeconds) {
        soft = false;
      }
    } else {
      c.obufSoftSince = 0;
    }
    if (!soft && !hard) return false;
    this.disconnect(c);
    return true;
  }

  private disconnect(c: Client): void {
    this.disconnections++;
    this.broker.log.warning(`Client ${clientInfoLine(c, c, [])} scheduled to be closed ASAP for overcoming of output buffer limits.`);
    c.r.out = '';
    c.close('output buffer limits');
    // Drop what Node still queues for the socket instead of draining it to a reader that stalls.
    c.socket?.destroy();
  }
}
