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
 *
 * Below the cursor table, what SCAN, HSCAN, SSCAN and ZSCAN share: the cursor argument, the
 * MATCH / COUNT (/ TYPE) options and the reply.
 */

import type { Client } from '../client.js';
import { Err } from '../errors.js';
import { parseInt64 } from '../args.js';

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

/**
 * Redis parseScanCursorOrReply: strtoul() over the whole argument, so an empty string is cursor 0,
 * a sign is accepted ('-1' wraps to 2^64-1) and leading space or trailing bytes are errors.
 * Returns the canonical decimal cursor, or null for 'ERR invalid cursor'.
 */
export function parseScanCursor(s: string): string | null {
  if (s.length === 0) return '0';
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 /* + */ || c0 === 45 /* - */) {
    neg = c0 === 45;
    i = 1;
  }
  if (i === s.length) return null; // a lone sign: strtoul parses nothing and stops at it
  for (let j = i; j < s.length; j++) {
    const ch = s.charCodeAt(j);
    if (ch < 48 || ch > 57) return null;
  }
  let v = BigInt(s.slice(i));
  if (v > 18446744073709551615n) return null;
  if (neg && v !== 0n) v = 18446744073709551616n - v;
  return v.toString();
}

export const INVALID_CURSOR = 'ERR invalid cursor';

export interface ScanOptions {
  /** null when there is no pattern or it is exactly `*` (which matches everything). */
  pattern: string | null;
  count: number;
  /** SCAN's TYPE filter, lower-cased; null when absent (always null for HSCAN, SSCAN, ZSCAN). */
  type: string | null;
}

/**
 * The options of scanGenericCommand from argv[from]: COUNT n (n >= 1), MATCH pattern and, for SCAN
 * only (`withType`), TYPE type, each any number of times, the last one winning. Replies the error
 * and returns null on a bad option. Redis parses these only after the key lookup, so a missing key
 * never reports a bad option.
 */
export function parseScanOptions(c: Client, argv: readonly string[], from: number, withType = false): ScanOptions | null {
  let count = 10;
  let pattern: string | null = null;
  let type: string | null = null;
  for (let i = from; i < argv.length; ) {
    const left = argv.length - i;
    const opt = argv[i]!.toLowerCase();
    if (opt === 'count' && left >= 2) {
      const n = parseInt64(argv[i + 1]!);
      if (n === null) {
        c.r.error(Err.NOT_INTEGER);
        return null;
      }
      if (n < 1) {
        c.r.error(Err.SYNTAX);
        return null;
      }
      count = n;
      i += 2;
    } else if (opt === 'match' && left >= 2) {
      const p = argv[i + 1]!;
      pattern = p === '*' ? null : p;
      i += 2;
    } else if (withType && opt === 'type' && left >= 2) {
      type = argv[i + 1]!.toLowerCase();
      i += 2;
    } else {
      c.r.error(Err.SYNTAX);
      return null;
    }
  }
  return { pattern, count, type };
}

/** The reply of a SCAN-family command: [cursor, [elements...]]. */
export function replyScan(c: Client, cursor: string, items: readonly string[]): void {
  c.r.array(2);
  c.r.bulk(cursor);
  c.r.bulks(items);
}

/** The reply for a missing key (shared.emptyscan). */
export function replyEmptyScan(c: Client): void {
  c.r.array(2);
  c.r.bulk('0');
  c.r.array(0);
}
