/*
 * Consumer groups of a stream (Redis 7.0's streamCG, streamConsumer, streamNACK).
 *
 * A group has a last-delivered ID, an entries-read counter (-1 when unknown: Redis's
 * SCG_INVALID_ENTRIES_READ), its consumers, and a pending entries list (PEL): for each ID
 * delivered and not yet acknowledged, a NACK with the delivery time, the delivery count and the
 * consumer that owns it. Each consumer has its own PEL holding the same NACK objects, so an ACK
 * or a claim touches both in O(log n).
 *
 * Pel is an ordered map from ID to NACK: a sorted array of IDs next to a Map. Deliveries come
 * in ID order (XREADGROUP `>`), so insertion is almost always an append; removal (ACK) leaves a
 * tombstone in the array that later insertions reuse, and the array is compacted when
 * tombstones are the majority. Range walks (XPENDING, XAUTOCLAIM) use ceil(), which is safe
 * against removals made while walking.
 *
 * Consumers and groups are listed in name order (byte order), as Redis's rax iterates them.
 */

import type { StreamId } from './stream.js';

export const INVALID_ENTRIES_READ = -1;

export interface Nack {
  /** Last delivery time, ms since the epoch. */
  deliveryTime: number;
  /**
   * Redis's delivery_count is a uint64 replied as a long long (XCLAIM RETRYCOUNT sets any int64):
   * a number while it is exact, else the bigint of its signed 64-bit value (bumpDeliveryCount).
   */
  deliveryCount: number | bigint;
  /** Null only transiently (XCLAIM FORCE creates the NACK before assigning it). */
  consumer: Consumer | null;
}

/** delivery_count + 1, wrapping at 64 bits as the C counter does. */
export function bumpDeliveryCount(n: number | bigint): number | bigint {
  if (typeof n === 'number' && n < Number.MAX_SAFE_INTEGER) return n + 1;
  return BigInt.asIntN(64, BigInt(n) + 1n);
}

/** A delivery count given as an int64 (XCLAIM RETRYCOUNT), exact. */
export function deliveryCountOf(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}

export class Pel {
  private keys: StreamId[] = [];
  private readonly map = new Map<StreamId, Nack>();
  private dead = 0;

  get size(): number {
    return this.map.size;
  }

  get(id: StreamId): Nack | undefined {
    return this.map.get(id);
  }

  has(id: StreamId): boolean {
    return this.map.has(id);
  }

  /** Index of the first key >= id. */
  private lowerBound(id: StreamId): number {
    const k = this.keys;
    let lo = 0;
    let hi = k.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (k[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(id: StreamId, n: Nack): void {
    if (this.map.has(id)) {
      this.map.set(id, n);
      return;
    }
    this.map.set(id, n);
    const k = this.keys;
    if (k.length === 0 || k[k.length - 1]! < id) {
      k.push(id);
      return;
    }
    const i = this.lowerBound(id);
    if (k[i] === id) this.dead--;
    else k.splice(i, 0, id);
  }

  delete(id: StreamId): boolean {
    if (!this.map.delete(id)) return false;
    this.dead++;
    if (this.map.size === 0) {
      this.keys = [];
      this.dead = 0;
    } else if (this.dead > 32 && this.dead * 2 > this.keys.length) {
      this.keys = this.keys.filter((id) => this.map.has(id));
      this.dead = 0;
    }
    return true;
  }

  /** The smallest pending ID >= id, or null. */
  ceil(id: StreamId): StreamId | null {
    const k = this.keys;
    for (let i = this.lowerBound(id); i < k.length; i++) {
      const key = k[i]!;
      if (this.map.has(key)) return key;
    }
    return null;
  }

  first(): StreamId | null {
    return this.ceil(0n);
  }

  last(): StreamId | null {
    const k = this.keys;
    for (let i = k.length - 1; i >= 0; i--) if (this.map.has(k[i]!)) return k[i]!;
    return null;
  }

  /** Pending IDs in order, from `start`. */
  *from(start: StreamId): Generator<[StreamId, Nack]> {
    let id = this.ceil(start);
    while (id !== null) {
      yield [id, this.map.get(id)!];
      id = this.ceil(id + 1n);
    }
  }
}

export class Consumer {
  readonly pel = new Pel();
  constructor(
    readonly name: string,
    /** Last time the consumer was seen (read, claimed), ms. */
    public seenTime: number,
  ) {}
}

export class ConsumerGroup {
  readonly pel = new Pel();
  readonly consumers = new Map<string, Consumer>();

  constructor(
    readonly name: string,
    public lastId: StreamId,
    public entriesRead: number,
  ) {}

  /** Consumers in name order, as Redis's rax lists them. */
  sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** streamDelConsumer: drop the consumer and its pending entries from the group PEL. */
  deleteConsumer(c: Consumer): void {
    for (const [id] of c.pel.from(0n)) this.pel.delete(id);
    this.consumers.delete(c.name);
  }

  clone(): ConsumerGroup {
    const g = new ConsumerGroup(this.name, this.lastId, this.entriesRead);
    const byName = new Map<string, Consumer>();
    for (const c of this.consumers.values()) {
      const nc = new Consumer(c.name, c.seenTime);
      byName.set(c.name, nc);
      g.consumers.set(c.name, nc);
    }
    for (const [id, n] of this.pel.from(0n)) {
      const owner = n.consumer === null ? null : byName.get(n.consumer.name)!;
      const copy: Nack = { deliveryTime: n.deliveryTime, deliveryCount: n.deliveryCount, consumer: owner };
      g.pel.set(id, copy);
      owner?.pel.set(id, copy);
    }
    return g;
  }
}

/** Groups of a stream in name order. */
export function sortedGroups(groups: Map<string, ConsumerGroup> | null): ConsumerGroup[] {
  if (groups === null) return [];
  return [...groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
