/*
 * Hashes: the value behind HSET, HGET, HINCRBY, HRANDFIELD, HSCAN, ...
 *
 * A HashValue is a JS Map from field to value (both latin1 strings). Redis 7.0 keeps a hash in one
 * of two encodings (t_hash.c), and OBJECT ENCODING reports which:
 *
 *   listpack   while the hash has at most hash-max-listpack-entries fields and no field or value
 *              longer than hash-max-listpack-value bytes: a flat list of field, value, field, value
 *              in insertion order;
 *   hashtable  for good once either limit is crossed (nothing converts back, not even HDEL down to
 *              one field).
 *
 * The Map gives the listpack's order for free: a new field goes to the end, overwriting an existing
 * field keeps its position (lpReplace in place), deleting closes the gap. So HGETALL, HKEYS, HVALS,
 * HSCAN and HRANDFIELD with a count >= the size reply small hashes in exactly Redis's order. A
 * hashtable-encoded hash keeps the Map order too; Redis's dict order there is a hash-function
 * artefact nobody may rely on.
 *
 * When the conversion happens matters for OBJECT ENCODING, so the checks mirror Redis's:
 *   - HSET / HMSET / HSETNX look at the lengths of all of their field and value arguments before
 *     inserting anything (hashTypeTryConversion; HSETNX only once it knows the field is new);
 *   - every insert then checks the length of field and value (hashTypeSet does this for HINCRBY*)
 *     and, afterwards, the number of fields.
 * The limits are passed in by the caller (the command reads them from the config), so this module
 * knows nothing about the server.
 *
 * Random access: a Map has none, so random fields come from a snapshot array of the fields that
 * is rebuilt when too stale (see pickRandom). Commands that want several random fields at once take
 * one fields() array and sample it.
 *
 * Checklist for a command built on this module:
 *   - parse every argument first: set() and delete() change the hash at once;
 *   - call tryConversion() with the argument lengths before a batch of set()s, as HSET does;
 *   - a hash emptied by delete() must be removed from the keyspace by the caller (with a `del`
 *     keyspace event): Redis has no empty keys.
 */

import type { TypedValue } from '../keyspace/db.js';

/** Redis 7.0 defaults of hash-max-listpack-entries and hash-max-listpack-value. */
export const HASH_MAX_LISTPACK_ENTRIES = 128;
export const HASH_MAX_LISTPACK_VALUE = 64;

export type HashEncoding = 'listpack' | 'hashtable';

export class HashValue implements TypedValue {
  readonly type = 'hash' as const;
  readonly map: Map<string, string>;
  /** True while Redis would keep this hash as a listpack. */
  listpack: boolean;
  /** Fields sampled for random picks (see pickRandom); null when not built. */
  private snapshot: string[] | null = null;
  /** Fields added since the snapshot was taken. */
  private addedSinceSnapshot = 0;

  constructor(map: Map<string, string> = new Map(), listpack = true) {
    this.map = map;
    this.listpack = listpack;
  }

  get encoding(): HashEncoding {
    return this.listpack ? 'listpack' : 'hashtable';
  }

  get size(): number {
    return this.map.size;
  }

  get(field: string): string | undefined {
    return this.map.get(field);
  }

  has(field: string): boolean {
    return this.map.has(field);
  }

  /**
   * hashTypeTryConversion: convert to hashtable when any of argv[from..] (fields and values about to
   * be written) is longer than `maxValue` bytes.
   */
  tryConversion(argv: readonly string[], from: number, to: number, maxValue: number): void {
    if (!this.listpack) return;
    for (let i = from; i <= to; i++) {
      if (argv[i]!.length > maxValue) {
        this.listpack = false;
        return;
      }
    }
  }

  /**
   * Set a field (hashTypeSet). Returns true when the field is new. Converts to hashtable when the
   * field or value is too long, or when the hash grows past `maxEntries` fields.
   */
  set(field: string, value: string, maxEntries: number, maxValue: number): boolean {
    const m = this.map;
    const size = m.size;
    if (this.listpack && (field.length > maxValue || value.length > maxValue)) this.listpack = false;
    m.set(field, value);
    if (m.size === size) return false;
    if (this.listpack && m.size > maxEntries) this.listpack = false;
    if (this.snapshot !== null) this.addedSinceSnapshot++;
    return true;
  }

  /** Remove a field; true when it existed. */
  delete(field: string): boolean {
    return this.map.delete(field);
  }

  /** All fields, in iteration order. */
  fields(): string[] {
    return Array.from(this.map.keys());
  }

  /**
   * A random field of a non-empty hash. Small hashes are walked to a random position; large ones
   * are sampled through a snapshot of the fields, rebuilt when the fields added since it was taken
   * amount to a quarter of it or when picks keep landing on deleted fields. Fields added since the
   * last rebuild are not candidates until the next one: close enough to uniform, and O(1) per pick.
   */
  pickRandom(): string {
    const m = this.map;
    const n = m.size;
    if (n <= 64) {
      let skip = Math.floor(Math.random() * n);
      for (const k of m.keys()) if (skip-- === 0) return k;
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      let snap = this.snapshot;
      if (snap === null || this.addedSinceSnapshot * 4 > snap.length || snap.length > n * 4) {
        snap = this.snapshot = this.fields();
        this.addedSinceSnapshot = 0;
      }
      for (let tries = 0; tries < 16; tries++) {
        const k = snap[Math.floor(Math.random() * snap.length)]!;
        if (m.has(k)) return k;
      }
      this.snapshot = null;
    }
    return m.keys().next().value as string;
  }

  clone(): HashValue {
    return new HashValue(new Map(this.map), this.listpack);
  }
}
