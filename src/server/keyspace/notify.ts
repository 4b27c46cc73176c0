/*
 * Keyspace notifications (Redis's notify.c): every change to a key can be published on two
 * pub/sub channels, selected by the `notify-keyspace-events` flags:
 *
 *   K  __keyspace@<db>__:<key>     message: the event name     ("a key changed: how")
 *   E  __keyevent@<db>__:<event>   message: the key name       ("this happened: to which key")
 *
 * plus one class letter per kind of event; an event is published only when its class is enabled
 * (and K and/or E say where):
 *
 *   g generic (del, expire, rename_from, ...)   $ string    l list    s set    h hash
 *   z sorted set    t stream    x expired    e evicted    m key miss    n new key    d module
 *   A = g$lshzxetd
 *
 * Command code calls `broker.notify(db, event, key)` where Redis calls notifyKeyspaceEvent, with
 * Redis's event name. The class is derived from the event name (EVENT_CLASS below: Redis's event
 * names are unique across classes), so call sites name the event only; a caller may pass the
 * class explicitly for an event the table does not know yet.
 *
 * Checklist for a new event name: add it to EVENT_CLASS with Redis's class (an unknown name falls
 * back on its first letter: x stream, z sorted set, h hash, else generic).
 *
 * The flags are cached on every CONFIG SET (config.watch), so with notifications off (the default)
 * a write pays one integer test; with them on but nobody subscribed, no channel name is built.
 */

import { NOTIFY, notifyFlagsFromString, type Config } from '../config.js';

/** The pub/sub side: publish a message, and whether anybody could receive it at all. */
export interface NotificationSink {
  publish(channel: string, message: string): number;
  readonly hasSubscribers: boolean;
}

/** Redis 7.0's keyspace event names and their notify-keyspace-events class. */
const EVENT_CLASS: Record<string, number> = {
  // generic
  del: NOTIFY.GENERIC,
  expire: NOTIFY.GENERIC,
  persist: NOTIFY.GENERIC,
  rename_from: NOTIFY.GENERIC,
  rename_to: NOTIFY.GENERIC,
  move_from: NOTIFY.GENERIC,
  move_to: NOTIFY.GENERIC,
  copy_to: NOTIFY.GENERIC,
  restore: NOTIFY.GENERIC,
  // strings
  set: NOTIFY.STRING,
  setrange: NOTIFY.STRING,
  incrby: NOTIFY.STRING,
  incrbyfloat: NOTIFY.STRING,
  append: NOTIFY.STRING,
  setbit: NOTIFY.STRING,
  // lists
  lpush: NOTIFY.LIST,
  rpush: NOTIFY.LIST,
  lpop: NOTIFY.LIST,
  rpop: NOTIFY.LIST,
  linsert: NOTIFY.LIST,
  lset: NOTIFY.LIST,
  lrem: NOTIFY.LIST,
  ltrim: NOTIFY.LIST,
  sortstore: NOTIFY.LIST,
  // sets
  sadd: NOTIFY.SET,
  srem: NOTIFY.SET,
  spop: NOTIFY.SET,
  sinterstore: NOTIFY.SET,
  sunionstore: NOTIFY.SET,
  sdiffstore: NOTIFY.SET,
  // hashes
  hset: NOTIFY.HASH,
  hdel: NOTIFY.HASH,
  hincrby: NOTIFY.HASH,
  hincrbyfloat: NOTIFY.HASH,
  // sorted sets
  zadd: NOTIFY.ZSET,
  zincr: NOTIFY.ZSET,
  zrem: NOTIFY.ZSET,
  zremrangebyscore: NOTIFY.ZSET,
  zremrangebyrank: NOTIFY.ZSET,
  zremrangebylex: NOTIFY.ZSET,
  zinterstore: NOTIFY.ZSET,
  zunionstore: NOTIFY.ZSET,
  zdiffstore: NOTIFY.ZSET,
  zrangestore: NOTIFY.ZSET,
  zpopmin: NOTIFY.ZSET,
  zpopmax: NOTIFY.ZSET,
  // streams
  xadd: NOTIFY.STREAM,
  xtrim: NOTIFY.STREAM,
  xdel: NOTIFY.STREAM,
  xsetid: NOTIFY.STREAM,
  'xgroup-create': NOTIFY.STREAM,
  'xgroup-createconsumer': NOTIFY.STREAM,
  'xgroup-delconsumer': NOTIFY.STREAM,
  'xgroup-destroy': NOTIFY.STREAM,
  'xgroup-setid': NOTIFY.STREAM,
  // the special ones
  expired: NOTIFY.EXPIRED,
  evicted: NOTIFY.EVICTED,
  keymiss: NOTIFY.KEY_MISS,
  new: NOTIFY.NEW,
};

/** The notify-keyspace-events class of an event name. */
export function eventClass(event: string): number {
  const cls = EVENT_CLASS[event];
  if (cls !== undefined) return cls;
  switch (event.charCodeAt(0)) {
    case 120: // x
      return NOTIFY.STREAM;
    case 122: // z
      return NOTIFY.ZSET;
    case 104: // h
      return NOTIFY.HASH;
    default:
      return NOTIFY.GENERIC;
  }
}

export class KeyspaceEvents {
  /** The parsed notify-keyspace-events flags. */
  private flags: number;

  constructor(
    config: Config,
    private readonly sink: NotificationSink,
  ) {
    this.flags = notifyFlagsFromString(config.get('notify-keyspace-events')) ?? 0;
    config.watch('notify-keyspace-events', (v) => (this.flags = notifyFlagsFromString(v) ?? 0));
  }

  /** Whether `new` events are wanted (callers skip detecting new keys otherwise). */
  get wantsNew(): boolean {
    return (this.flags & NOTIFY.NEW) !== 0;
  }

  /** notifyKeyspaceEvent: publish `event` on `key` of database `dbid` if its class is enabled. */
  notify(dbid: number, event: string, key: string, type?: number): void {
    const flags = this.flags;
    if (flags === 0) return;
    if ((flags & (type ?? eventClass(event))) === 0) return;
    // Nobody listens: nothing observable would happen (Redis publishes to nobody).
    if (!this.sink.hasSubscribers) return;
    if (flags & NOTIFY.KEYSPACE) this.sink.publish(`__keyspace@${dbid}__:${key}`, event);
    if (flags & NOTIFY.KEYEVENT) this.sink.publish(`__keyevent@${dbid}__:${event}`, key);
  }
}
