/*
 * Lists: the value behind LPUSH, RPOP, LRANGE, LMOVE, BLPOP, ...
 *
 * A ListValue is a deque of latin1 strings kept in a power-of-two ring buffer: one JS array of
 * `capacity` slots, the index of the first element (`head`) and the number of elements. Element i
 * lives in slot (head + i) & mask, so
 *
 *   pushLeft / pushRight / popLeft / popRight   O(1) amortised (the array doubles when full and
 *                                               halves when a quarter full, never below 4 slots);
 *   at / set (LINDEX, LSET)                     O(1) anywhere, not only near the ends;
 *   insert / removeAt (LINSERT, LREM)           O(min(i, n - i)): the shorter side moves;
 *   trim (LTRIM, popping a range)               O(removed), plus a shrink to fit.
 *
 * Freed slots are overwritten with '' so popped strings can be collected, and the array is always
 * created packed (never with holes) so V8 keeps it in its fastest element kind. Against Redis's
 * quicklist of listpacks this costs a pointer per element instead of a few bytes of header, but
 * each string is shared with the argv it came from: nothing is copied on push or pop.
 *
 * Encoding: Redis 7.0 stores every list as a quicklist (the listpack list encoding only arrived
 * in 7.2), so OBJECT ENCODING always answers `quicklist`, whatever the size or the
 * list-max-listpack-size setting. There is no conversion to mirror.
 *
 * Checklist for a command built on this module:
 *   - parse every argument first: every mutator changes the list at once;
 *   - index arguments are the caller's business: at(), set(), insert() and removeAt() expect
 *     0 <= i < length (i <= length for insert) and do not check;
 *   - a list emptied by a pop, a trim or a removal must be removed from the keyspace by the caller
 *     (with a `del` keyspace event): Redis has no empty keys.
 */

import type { TypedValue } from '../keyspace/db.js';

const MIN_CAPACITY = 4;

/** A packed array of `n` empty strings. */
function alloc(n: number): string[] {
  const a: string[] = [];
  for (let i = 0; i < n; i++) a.push('');
  return a;
}

function capacityFor(n: number): number {
  let cap = MIN_CAPACITY;
  while (cap < n) cap *= 2;
  return cap;
}

export class ListValue implements TypedValue {
  readonly type = 'list' as const;
  private buf: string[];
  private mask: number;
  private head = 0;
  private len = 0;

  /** An empty list with room for `capacity` elements before it first grows. */
  constructor(capacity = MIN_CAPACITY) {
    const cap = capacityFor(capacity);
    this.buf = alloc(cap);
    this.mask = cap - 1;
  }

  /** A list holding `items`, head first. */
  static from(items: readonly string[]): ListValue {
    const l = new ListValue(items.length);
    for (let i = 0; i < items.length; i++) l.buf[i] = items[i]!;
    l.len = items.length;
    return l;
  }

  get encoding(): 'quicklist' {
    return 'quicklist';
  }

  get length(): number {
    return this.len;
  }

  /** The number of slots (for tests of the grow / shrink policy). */
  get capacity(): number {
    return this.mask + 1;
  }

  /** Element i, 0 <= i < length. */
  at(i: number): string {
    return this.buf[(this.head + i) & this.mask]!;
  }

  /** Replace element i, 0 <= i < length. */
  set(i: number, value: string): void {
    this.buf[(this.head + i) & this.mask] = value;
  }

  pushLeft(value: string): void {
    if (this.len > this.mask) this.resize((this.mask + 1) * 2);
    const h = (this.head - 1) & this.mask;
    this.buf[h] = value;
    this.head = h;
    this.len++;
  }

  pushRight(value: string): void {
    if (this.len > this.mask) this.resize((this.mask + 1) * 2);
    this.buf[(this.head + this.len) & this.mask] = value;
    this.len++;
  }

  /** Remove and return the first element; undefined when empty. */
  popLeft(): string | undefined {
    if (this.len === 0) return undefined;
    const buf = this.buf;
    const h = this.head;
    const v = buf[h]!;
    buf[h] = '';
    this.head = (h + 1) & this.mask;
    this.len--;
    this.maybeShrink();
    return v;
  }

  /** Remove and return the last element; undefined when empty. */
  popRight(): string | undefined {
    if (this.len === 0) return undefined;
    const i = (this.head + this.len - 1) & this.mask;
    const v = this.buf[i]!;
    this.buf[i] = '';
    this.len--;
    this.maybeShrink();
    return v;
  }

  /** Make room for `n` more elements at once (a push of many arguments grows once). */
  reserve(n: number): void {
    const need = this.len + n;
    if (need > this.mask + 1) this.resize(capacityFor(need));
  }

  /** Insert `value` so that it becomes element i, 0 <= i <= length. */
  insert(i: number, value: string): void {
    if (i === 0) return this.pushLeft(value);
    if (i === this.len) return this.pushRight(value);
    if (this.len > this.mask) this.resize((this.mask + 1) * 2);
    const buf = this.buf;
    const mask = this.mask;
    if (i < this.len - i) {
      // Shift the i elements before the gap one slot to the left.
      const h = (this.head - 1) & mask;
      for (let j = 0; j < i; j++) buf[(h + j) & mask] = buf[(h + j + 1) & mask]!;
      this.head = h;
    } else {
      // Shift the elements from i on one slot to the right.
      const h = this.head;
      for (let j = this.len; j > i; j--) buf[(h + j) & mask] = buf[(h + j - 1) & mask]!;
    }
    buf[(this.head + i) & mask] = value;
    this.len++;
  }

  /** Remove element i, 0 <= i < length; returns it. */
  removeAt(i: number): string {
    const buf = this.buf;
    const mask = this.mask;
    const h = this.head;
    const v = buf[(h + i) & mask]!;
    if (i < this.len - 1 - i) {
      // Close the gap from the left: the i elements before it move one slot right.
      for (let j = i; j > 0; j--) buf[(h + j) & mask] = buf[(h + j - 1) & mask]!;
      buf[h] = '';
      this.head = (h + 1) & mask;
    } else {
      const last = this.len - 1;
      for (let j = i; j < last; j++) buf[(h + j) & mask] = buf[(h + j + 1) & mask]!;
      buf[(h + last) & mask] = '';
    }
    this.len--;
    this.maybeShrink();
    return v;
  }

  /** Index of the first element equal to `value` (from the head), or -1. */
  indexOf(value: string): number {
    const buf = this.buf;
    const mask = this.mask;
    const h = this.head;
    for (let i = 0; i < this.len; i++) if (buf[(h + i) & mask] === value) return i;
    return -1;
  }

  /**
   * LREM: remove the elements equal to `value`, at most `limit` of them (0 = all), scanning from
   * the head, or from the tail when `fromTail`. Returns how many were removed. Only the shorter of
   * the two sides around the removed span moves.
   */
  removeMatching(value: string, limit: number, fromTail: boolean): number {
    const buf = this.buf;
    const mask = this.mask;
    const h = this.head;
    const n = this.len;
    // Positions of the matches, ascending.
    const hits: number[] = [];
    if (fromTail) {
      for (let i = n - 1; i >= 0; i--) {
        if (buf[(h + i) & mask] === value) {
          hits.push(i);
          if (hits.length === limit) break;
        }
      }
      hits.reverse();
    } else {
      for (let i = 0; i < n; i++) {
        if (buf[(h + i) & mask] === value) {
          hits.push(i);
          if (hits.length === limit) break;
        }
      }
    }
    const k = hits.length;
    if (k === 0) return 0;
    if (k === 1) {
      this.removeAt(hits[0]!);
      return 1;
    }
    const first = hits[0]!;
    const last = hits[k - 1]!;
    if (last + 1 <= n - first) {
      // Compact towards the tail: walk [0, last] backwards, keeping non-matches.
      let w = last;
      let next = k - 1;
      for (let r = last; r >= 0; r--) {
        if (next >= 0 && hits[next] === r) {
          next--;
          continue;
        }
        buf[(h + w) & mask] = buf[(h + r) & mask]!;
        w--;
      }
      for (let j = 0; j < k; j++) buf[(h + j) & mask] = '';
      this.head = (h + k) & mask;
    } else {
      // Compact towards the head: walk [first, n) forwards, keeping non-matches.
      let w = first;
      let next = 0;
      for (let r = first; r < n; r++) {
        if (next < k && hits[next] === r) {
          next++;
          continue;
        }
        buf[(h + w) & mask] = buf[(h + r) & mask]!;
        w++;
      }
      for (let j = n - k; j < n; j++) buf[(h + j) & mask] = '';
    }
    this.len = n - k;
    this.maybeShrink();
    return k;
  }

  /** Remove `left` elements from the head and `right` from the tail (LTRIM, ranged pops). */
  trim(left: number, right: number): void {
    const n = this.len;
    if (left + right >= n) {
      this.clear();
      return;
    }
    const buf = this.buf;
    const mask = this.mask;
    const h = this.head;
    for (let j = 0; j < left; j++) buf[(h + j) & mask] = '';
    for (let j = n - right; j < n; j++) buf[(h + j) & mask] = '';
    this.head = (h + left) & mask;
    this.len = n - left - right;
    this.maybeShrink();
  }

  /** Remove every element. */
  clear(): void {
    this.buf = alloc(MIN_CAPACITY);
    this.mask = MIN_CAPACITY - 1;
    this.head = 0;
    this.len = 0;
  }

  /** Elements [start, start + count), head first. */
  slice(start: number, count: number): string[] {
    const out: string[] = new Array<string>(count);
    const buf = this.buf;
    const mask = this.mask;
    const h = this.head + start;
    for (let i = 0; i < count; i++) out[i] = buf[(h + i) & mask]!;
    return out;
  }

  toArray(): string[] {
    return this.slice(0, this.len);
  }

  clone(): ListValue {
    return ListValue.from(this.toArray());
  }

  /** Halve the buffer when it is at most a quarter full (amortised O(1), no thrashing). */
  private maybeShrink(): void {
    const cap = this.mask + 1;
    if (cap > MIN_CAPACITY && this.len <= cap >>> 2) this.resize(capacityFor(this.len * 2));
  }

  private resize(cap: number): void {
    const next = alloc(cap);
    const buf = this.buf;
    const mask = this.mask;
    const h = this.head;
    for (let i = 0; i < this.len; i++) next[i] = buf[(h + i) & mask]!;
    this.buf = next;
    this.mask = cap - 1;
    this.head = 0;
  }
}
