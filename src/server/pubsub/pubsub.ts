/*
 * Pub/sub: channels, patterns and shard channels, and the fan-out of PUBLISH / SPUBLISH.
 *
 * The registry mirrors Redis's: the server side maps each channel (and shard channel) to the set
 * of its subscribers and each pattern to its subscribers (in the pattern index, patterns.ts); the
 * client side keeps its own sets (`Client.channels`, `patterns`, `shardChannels`), which give the
 * subscription counts of the replies and CLIENT LIST's sub= / psub= / ssub=. Both sides change
 * together, here and only here; an entry whose last subscriber leaves is deleted, so PUBSUB
 * CHANNELS and NUMPAT count live channels and patterns only.
 *
 * Fan-out. PUBLISH encodes each frame once per message: the `message` frame per channel and the
 * `pmessage` frame per matching pattern, each in its RESP2 (`*3` / `*4`) and RESP3 (`>3` / `>4`)
 * form, then appends the same string to every subscriber's output. JS strings are immutable and
 * concatenation builds ropes, so the payload is shared, never copied per subscriber, until each
 * socket write hands bytes to the kernel. Channel subscribers come first, then pattern
 * subscribers, as in Redis; a client subscribed to the channel and to a matching pattern gets
 * both frames and counts twice in PUBLISH's reply. Shard channels ignore patterns.
 *
 * Delivery is not a reply: a subscriber other than the publisher gets its frames written at the
 * end of the current event-loop turn (one socket write per subscriber however many messages the
 * publisher's batch produced, queued as a microtask). Frames are pushes, so CLIENT REPLY OFF /
 * SKIP do not silence them, as Redis's CLIENT_PUSHING: a push added while the client's own
 * command runs is also kept in `Client.keptPushes`, which the dispatcher re-appends after it
 * drops the silenced replies.
 *
 * Every delivery checks the subscriber's output buffer limits (output-limits.ts) and stops
 * appending to a client that goes over them: it is closed and its queued output dropped.
 *
 * Checklist for code that subscribes or unsubscribes clients: go through subscribe / unsubscribe
 * / psubscribe / punsubscribe (they keep both sides in step), never touch the Client sets
 * directly; a new way for a client to go away must end in `dropClient`.
 */

import type { Client } from '../client.js';
import { encodeBulk } from '../../protocol/reply.js';
import { PatternIndex } from './patterns.js';
import { OutputLimits } from './output-limits.js';
import type { Broker } from '../broker.js';

const MESSAGE = encodeBulk('message');
const SMESSAGE = encodeBulk('smessage');
const PMESSAGE = encodeBulk('pmessage');

/**
 * Write a push frame (already encoded for the client's protocol) to a client's output: a pub/sub
 * message or a (un)subscribe confirmation. Survives CLIENT REPLY OFF / SKIP.
 */
export function sendPush(c: Client, frame: string): void {
  c.r.out += frame;
  if (c.keptPushes !== null) c.keptPushes += frame;
}

export class PubSub {
  /** channel -> subscribers */
  readonly channels = new Map<string, Set<Client>>();
  /** shard channel -> subscribers */
  readonly shardChannels = new Map<string, Set<Client>>();
  /** pattern -> subscribers, indexed by literal prefix */
  readonly patterns = new PatternIndex<Client>();
  readonly limits: OutputLimits;
  /** Subscribers with undelivered output, written at the end of the event-loop turn. */
  private readonly pending = new Set<Client>();
  private flushQueued = false;
  private readonly flushPending = (): void => {
    this.flushQueued = false;
    for (const c of this.pending) c.flush();
    this.pending.clear();
  };

  constructor(broker: Broker) {
    this.limits = new OutputLimits(broker);
  }

  /** Whether any channel or pattern has a subscriber (keyspace notifications skip work otherwise). */
  get hasSubscribers(): boolean {
    return this.channels.size !== 0 || this.patterns.size !== 0;
  }

  /** Subscribe to a channel (shard: a shard channel); false when already subscribed. */
  subscribe(c: Client, channel: string, shard: boolean): boolean {
    const mine = shard ? c.shardChannels : c.channels;
    if (mine.has(channel)) return false;
    mine.add(channel);
    const all = shard ? this.shardChannels : this.channels;
    let subs = all.get(channel);
    if (subs === undefined) {
      subs = new Set();
      all.set(channel, subs);
    }
    subs.add(c);
    return true;
  }

  /** Unsubscribe from a channel (shard: a shard channel); false when not subscribed. */
  unsubscribe(c: Client, channel: string, shard: boolean): boolean {
    const mine = shard ? c.shardChannels : c.channels;
    if (!mine.delete(channel)) return false;
    const all = shard ? this.shardChannels : this.channels;
    const subs = all.get(channel);
    if (subs !== undefined) {
      subs.delete(c);
      if (subs.size === 0) all.delete(channel);
    }
    return true;
  }

  psubscribe(c: Client, pattern: string): boolean {
    if (c.patterns.has(pattern)) return false;
    c.patterns.add(pattern);
    this.patterns.add(pattern, c);
    return true;
  }

  punsubscribe(c: Client, pattern: string): boolean {
    if (!c.patterns.delete(pattern)) return false;
    this.patterns.remove(pattern, c);
    return true;
  }

  /** Drop every subscription of a client, without replies (RESET, disconnect). */
  dropClient(c: Client): void {
    for (const ch of [...c.channels]) this.unsubscribe(c, ch, false);
    for (const ch of [...c.shardChannels]) this.unsubscribe(c, ch, true);
    for (const p of [...c.patterns]) this.punsubscribe(c, p);
    this.pending.delete(c);
  }

  /** PUBLISH / SPUBLISH: deliver to the subscribers; returns how many received it. */
  publish(channel: string, message: string, shard = false): number {
    let receivers = 0;
    const subs = (shard ? this.shardChannels : this.channels).get(channel);
    if (subs !== undefined) {
      const body = (shard ? SMESSAGE : MESSAGE) + encodeBulk(channel) + encodeBulk(message);
      const resp2 = '*3\r\n' + body;
      const resp3 = '>3\r\n' + body;
      for (const c of subs) {
        this.deliver(c, c.r.resp === 2 ? resp2 : resp3);
        receivers++;
      }
    }
    if (shard || this.patterns.size === 0) return receivers;
    let tail = '';
    this.patterns.match(channel, (pattern, clients) => {
      if (tail === '') tail = encodeBulk(channel) + encodeBulk(message);
      const body = PMESSAGE + encodeBulk(pattern) + tail;
      const resp2 = '*4\r\n' + body;
      const resp3 = '>4\r\n' + body;
      for (const c of clients) {
        this.deliver(c, c.r.resp === 2 ? resp2 : resp3);
        receivers++;
      }
    });
    return receivers;
  }

  /** Append a frame to a subscriber's output and schedule the write, within its output limits. */
  private deliver(c: Client, frame: string): void {
    if (c.closing) return;
    sendPush(c, frame);
    if (this.limits.enforce(c)) return;
    this.pending.add(c);
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(this.flushPending);
    }
  }
}
