/*
 * Sets: the value behind SADD, SMEMBERS, SINTER, SPOP, SSCAN, ...
 *
 * A SetValue is a JS Set of members (latin1 strings). Redis 7.0 keeps a set in one of two encodings
 * (t_set.c; 7.0 has no listpack sets), and OBJECT ENCODING reports which:
 *
 *   intset     while every member is an integer in canonical form (string2ll: no '+', no leading
 *              zeros, no "-0", within int64) and there are at most set-max-intset-entries of them:
 *              a sorted array of integers;
 *   hashtable  for good once a non-integer member arrives or the intset grows past the limit.
 *
 * An intset is *sorted*: Redis iterates it in ascending numeric order, so SMEMBERS, SSCAN,
 * SRANDMEMBER with a count >= the size and every SUNION / SDIFF / SINTER whose result is a small
 * integer set reply in ascending order, byte for byte. We keep the members in a Set either way and,
 * while intset-encoded, produce the ascending order on demand (cached until the next change). The
 * comparison works on the canonical decimal strings, so it is exact over the whole int64 range.
 *
 * A set created for a first member starts as an intset when that member is an integer, else as a
 * hashtable (setTypeCreate); results of SINTERSTORE / SUNIONSTORE / SDIFFSTORE start as an empty
 * intset and convert as members arrive, exactly as Redis builds them.
 *
 * Random members come from a snapshot array of the members, rebuilt when stale (see pickRandom);
 * commands that want many random members take one members() array and sample it.
 *
 * Checklist for a command built on this module:
 *   - parse every argument first: add() and delete() change the set at once;
 *   - pass the server's set-max-intset-entries to add();
 *   - iterate with values() (never the raw Set) wherever Redis's order is observable;
 *   - a set emptied by delete() must be removed from the keyspace by the caller (with a `del`
 *     keyspace event): Redis has no empty keys.
 */

import type { TypedValue } from '../keyspace/db.js';

/** Redis 7.0 default of set-max-intset-entries. */
export const SET_MAX_INTSET_ENTRIES = 512;

export type SetEncoding = 'intset' | 'hashtable';

/** Redis's string2ll acceptance test: a canonical decimal int64. */
export function isIntsetMember(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 /* - */) {
    if (n === 1) return false;
    i = 1;
  } else if (n === 1) {
    return c0 >= 48 && c0 <= 57;
  }
  const first = s.charCodeAt(i);
  if (first < 49 || first > 57) return false;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return false;
  }
  const digits = n - i;
  if (digits < 19) return true;
  if (digits > 19) return false;
  // 19 digits: compare with the int64 bounds as strings.
  const body = i === 0 ? s : s.slice(1);
  return i === 0 ? body <= '9223372036854775807' : body <= '9223372036854775808';
}

/** Numeric order of two canonical int64 decimal strings. */
export function compareIntStrings(a: string, b: string): number {
  const na = a.charCodeAt(0) === 45;
  const nb = b.charCodeAt(0) === 45;
  if (na !== nb) return na ? -1 : 1;
  if (a.length !== b.length) return a.length < b.length !== na ? -1 : 1;
  if (a === b) return 0;
  return a < b !== na ? -1 : 1;
}

export class SetValue implements TypedValue {
  readonly type = 'set' as const;
  readonly members: Set<string>;
  /** True while Redis would keep this set as an intset. */
  intset: boolean;
  /** Ascending members while intset-encoded; null when it must be recomputed. */
  private sorted: string[] | null = null;
  private snapshot: string[] | null = null;
  private addedSinceSnapshot = 0;

  constructor(members: Set<string> = new Set(), intset = true) {
    this.members = members;
    this.intset = intset;
  }

  /** setTypeCreate: an empty set that can hold `first` (intset if it is an integer). */
  static forMember(first: string): SetValue {
    return new SetValue(new Set(), isIntsetMember(first));
  }

  get encoding(): SetEncoding {
    return this.intset ? 'intset' : 'hashtable';
  }

  get size(): number {
    return this.members.size;
  }

  has(member: string): boolean {
    return this.members.has(member);
  }

  /** setTypeAdd: true when the member is new. Converts to hashtable as Redis does. */
  add(member: string, maxIntset: number): boolean {
    const s = this.members;
    const size = s.size;
    s.add(member);
    if (s.size === size) return false;
    if (this.intset) {
      if (!isIntsetMember(member) || s.size > Math.min(maxIntset, 1 << 30)) {
        this.intset = false;
        this.sorted = null;
      } else if (this.sorted !== null) {
        this.sorted = null;
      }
    }
    if (this.snapshot !== null) this.addedSinceSnapshot++;
    return true;
  }

  /** setTypeRemove: true when the member existed. */
  delete(member: string): boolean {
    if (!this.members.delete(member)) return false;
    if (this.sorted !== null) this.sorted = null;
    return true;
  }

  /** Members in Redis's iteration order: ascending for an intset, insertion order otherwise. */
  values(): Iterable<string> {
    if (!this.intset) return this.members;
    return this.sortedMembers();
  }

  /** Members as a fresh array, in values() order. */
  toArray(): string[] {
    return this.intset ? this.sortedMembers().slice() : Array.from(this.members);
  }

  private sortedMembers(): string[] {
    let a = this.sorted;
    if (a === null) {
      a = this.sorted = Array.from(this.members).sort(compareIntStrings);
    }
    return a;
  }

  /**
   * A random member of a non-empty set: a walk to a random position for small sets, a pick from a
   * snapshot array for large ones (rebuilt when the members added since amount to a quarter of it
   * or when picks keep landing on removed members).
   */
  pickRandom(): string {
    const s = this.members;
    const n = s.size;
    if (this.intset && this.sorted !== null) return this.sorted[Math.floor(Math.random() * n)]!;
    if (n <= 64) {
      let skip = Math.floor(Math.random() * n);
      for (const k of s) if (skip-- === 0) return k;
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      let snap = this.snapshot;
      if (snap === null || this.addedSinceSnapshot * 4 > snap.length || snap.length > n * 4) {
        snap = this.snapshot = Array.from(s);
        this.addedSinceSnapshot = 0;
      }
      for (let tries = 0; tries < 16; tries++) {
        const k = snap[Math.floor(Math.random() * snap.length)]!;
        if (s.has(k)) return k;
      }
      this.snapshot = null;
    }
    return s.values().next().value as string;
  }

  clone(): SetValue {
    const c = new SetValue(new Set(this.members), this.intset);
    return c;
  }
}
