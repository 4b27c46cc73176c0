/*
 * Cursors for SCAN, HSCAN, SSCAN and ZSCAN.
 *
 * Redis walks its hash tables with a reverse-binary cursor, which guarantees that an element present
 * for the whole scan is returned at least once, even across rehashing. Our dictionaries are JS Maps
 * and Sets, whose iterators give the same guarantee natively: an iterator survives insertions,
 * deletions and rehashing, visits every element present from start to finish exactly once, and
 * may or may not visit elements added meanwhile. So a cursor here is a handle on a live iterator,
 * kept in a bounded table (least recently used handles go first).
 *
 * The cursor number is opaque to clients, as in Redis; 0 starts a scan and a reply cursor of 0 ends
 * it. An unknown cursor (never issued, or evicted from the table) starts a fresh walk: elements may
 * repeat, which SCAN allows, but none present throughout is missed.
 */

const MAX_CURSORS = 10000;

interface Live {
  target: object;
  it: Iterator<unknown>;
}

export class ScanCursors {
  private readonly live = new Map<string, Live>();
  private next = 1n;

  /**
   * Advance a scan of `target` by about `count` elements. `open()` makes a fresh iterator over the
   * target; each element goes to `emit`. Returns the cursor to reply (as a decimal string; '0' when done).
   */
  step<T>(target: object, cursor: string, count: number, open: () => Iterator<T>, emit: (v: T) => void): string {
    let entry: Live | undefined;
    if (cursor !== '0') {
      entry = this.live.get(cursor);
      if (entry) this.live.delete(cursor);
      if (entry && entry.target !== target) entry = undefined;
    }
    const it = (entry?.it as Iterator<T> | undefined) ?? open();
    for (let n = 0; n < count; n++) {
      const r = it.next();
      if (r.done) return '0';
      emit(r.value);
    }
    const id = String(this.next++);
    this.live.set(id, { target, it });
    if (this.live.size > MAX_CURSORS) {
      const oldest = this.live.keys().next().value as string;
      this.live.delete(oldest);
    }
    return id;
  }
}

/** Parse a SCAN cursor as Redis does (an unsigned 64-bit decimal): the canonical string or null. */
export function parseCursor(s: string): string | null {
  if (!/^\d+$/.test(s)) return null;
  const v = BigInt(s);
  if (v > 18446744073709551615n) return null;
  return v.toString();
}
