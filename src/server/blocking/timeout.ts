/*
 * Timeouts of blocking commands: parsing them as Redis 7.0 does, and the one structure that expires
 * them (a min-heap with one timer, Redis's clients_timeout_table).
 *
 * Parsing (timeout.c getTimeoutFromObjectOrReply). A timeout is a deadline in ms since the epoch,
 * 0 = block forever:
 *
 *   seconds (BLPOP, BZPOPMIN, BLMOVE, ...)   strtold over the whole argument (string2ld: decimal,
 *       hex floats, "inf"; no leading space, no NaN, no overflow, no underflow to zero, otherwise
 *       `ERR timeout is not a float or out of range`), then `(long long) ceill(ftval * 1000.0)`
 *       in x87 long double arithmetic. So 0.0001 is 1 ms (not "forever"), -0.0001 is -0 = forever,
 *       and anything whose milliseconds do not fit a long long (inf, 1e400, 9.3e15) converts to
 *       LLONG_MIN and answers `ERR timeout is negative`. The product is computed here exactly, with
 *       the long double of longdouble.ts, so every argument lands on the same millisecond.
 *   milliseconds (XREAD BLOCK, XREADGROUP BLOCK)   a long long, otherwise
 *       `ERR timeout is not an integer or out of range`.
 *
 * Either way a negative value is `ERR timeout is negative`, and a positive one is added to the
 * current time. When that sum overflows a long long Redis's deadline wraps negative, and since the
 * timeout table keys on it as an unsigned number it never fires: such a client blocks forever, and
 * so it does here.
 *
 * Expiry. Every waiter with a deadline sits in an indexed binary min-heap ordered by (deadline,
 * client id), the order in which Redis's rax walks its table. A single timer is armed for the
 * earliest deadline: inserting an earlier one re-arms it, removals never do (an early wake-up finds
 * nothing due and re-arms), and an empty heap clears it. Insert and remove are O(log n) through
 * the index each entry keeps of its slot, so thousands of blocked clients cost no per-client timer
 * and no stale entries. A deadline is due when it is strictly before now, as in Redis
 * (`timeout < now`).
 */

import { parseInt64 } from '../args.js';
import { parseLongDouble, type LongDouble } from '../longdouble.js';

export const TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const TIMEOUT_NOT_INTEGER = 'ERR timeout is not an integer or out of range';
export const TIMEOUT_NEGATIVE = 'ERR timeout is negative';

const LLONG_MAX = (1n << 63n) - 1n;
const LLONG_MIN = -(1n << 63n);

/** A parsed timeout: the deadline (ms since the epoch, 0 = forever), or the error to reply. */
export type Timeout = { ok: true; deadline: number } | { ok: false; err: string };

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/**
 * `(long long) ceill(v * 1000.0L)`: the product rounded to a 64-bit significand (ties to even),
 * then ceiled, then converted as x86-64 does (out of range = LLONG_MIN, the "integer indefinite").
 */
function longDoubleSecondsToMs(v: LongDouble): bigint {
  if (v.inf) return LLONG_MIN;
  if (v.m === 0n) return 0n;
  let p = v.m * 1000n;
  let e = v.e;
  const bits = bitLength(p);
  if (bits > 64) {
    const sh = BigInt(bits - 64);
    let q = p >> sh;
    const rem = p - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
    p = q;
    e += bits - 64;
  }
  // At or above 2^64 nothing fits a long long: spare BigInt a shift by thousands of bits.
  if (e + bitLength(p) > 64) return LLONG_MIN;
  let t: bigint;
  if (e >= 0) {
    t = p << BigInt(e);
  } else {
    const sh = BigInt(-e);
    t = p >> sh;
    // ceil rounds a positive fraction up, and a negative one towards zero (the truncation).
    if (!v.neg && t << sh !== p) t++;
  }
  if (v.neg) t = -t;
  return t > LLONG_MAX || t < LLONG_MIN ? LLONG_MIN : t;
}

/** A relative timeout in ms (already known to be >= 0) made absolute; overflow = forever. */
function deadlineFrom(ms: bigint | number, now: number): number {
  if (ms === 0 || ms === 0n) return 0;
  const sum = BigInt(ms) + BigInt(now);
  return sum > LLONG_MAX ? 0 : Number(sum);
}

const SMALL_INT = /^[0-9]{1,12}$/;

/** A timeout in seconds (BLPOP & co.), as getTimeoutFromObjectOrReply(UNIT_SECONDS). */
export function parseTimeoutSeconds(arg: string, now: number): Timeout {
  if (SMALL_INT.test(arg)) return { ok: true, deadline: deadlineFrom(Number(arg) * 1000, now) };
  const v = parseLongDouble(arg);
  if (v === null) return { ok: false, err: TIMEOUT_NOT_FLOAT };
  const ms = longDoubleSecondsToMs(v);
  if (ms < 0n) return { ok: false, err: TIMEOUT_NEGATIVE };
  return { ok: true, deadline: deadlineFrom(ms, now) };
}

/** A timeout in milliseconds (XREAD BLOCK), as getTimeoutFromObjectOrReply(UNIT_MILLISECONDS). */
export function parseTimeoutMillis(arg: string, now: number): Timeout {
  const v = parseInt64(arg);
  if (v === null) return { ok: false, err: TIMEOUT_NOT_INTEGER };
  if (v < 0) return { ok: false, err: TIMEOUT_NEGATIVE };
  // parseInt64 gives a double: re-read the digits for an exact sum near LLONG_MAX.
  return { ok: true, deadline: deadlineFrom(v > Number.MAX_SAFE_INTEGER ? BigInt(arg.replace(/^\+/, '')) : v, now) };
}

/** What the heap orders: a deadline, a tiebreak, and the slot the heap keeps up to date. */
export interface TimedEntry {
  readonly deadline: number;
  readonly order: number;
  heapIndex: number;
}

function before(a: TimedEntry, b: TimedEntry): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.order < b.order);
}

/** An indexed min-heap of entries by (deadline, order), driving one timer. */
export class TimeoutHeap<T extends TimedEntry> {
  private readonly heap: T[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;

  constructor(
    private readonly now: () => number,
    /** Called with every entry that is due, earliest first; the entry is already out of the heap. */
    private readonly expire: (entry: T) => void,
  ) {}

  get size(): number {
    return this.heap.length;
  }

  insert(e: T): void {
    const h = this.heap;
    e.heapIndex = h.length;
    h.push(e);
    this.up(e.heapIndex);
    if (this.timer === null || e.deadline < this.timerAt) this.arm();
  }

  remove(e: T): void {
    const i = e.heapIndex;
    if (i < 0) return;
    const h = this.heap;
    const last = h.pop()!;
    e.heapIndex = -1;
    if (last !== e) {
      h[i] = last;
      last.heapIndex = i;
      this.down(i);
      this.up(last.heapIndex);
    }
    if (h.length === 0) this.disarm();
  }

  /** Expire everything due now; then re-arm for what is left. */
  fire(): void {
    this.disarm();
    const now = this.now();
    const h = this.heap;
    while (h.length !== 0 && h[0]!.deadline < now) {
      const e = h[0]!;
      this.remove(e);
      this.expire(e);
    }
    if (h.length !== 0 && this.timer === null) this.arm();
  }

  /** Drop every entry and the timer (broker shutdown). */
  clear(): void {
    for (const e of this.heap) e.heapIndex = -1;
    this.heap.length = 0;
    this.disarm();
  }

  private arm(): void {
    this.disarm();
    const first = this.heap[0];
    if (first === undefined) return;
    // Due once now > deadline: wake one millisecond after it.
    const delay = Math.max(1, first.deadline - this.now() + 1);
    this.timerAt = first.deadline;
    this.timer = setTimeout(() => this.fire(), Math.min(delay, 0x7fffffff));
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private up(i: number): void {
    const h = this.heap;
    const e = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pe = h[p]!;
      if (!before(e, pe)) break;
      h[i] = pe;
      pe.heapIndex = i;
      i = p;
    }
    h[i] = e;
    e.heapIndex = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const e = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r]!, h[l]!) ? r : l;
      const ce = h[c]!;
      if (!before(ce, e)) break;
      h[i] = ce;
      ce.heapIndex = i;
      i = c;
    }
    h[i] = e;
    e.heapIndex = i;
  }
}
