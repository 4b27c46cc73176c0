/*
 * Argument parsing shared by every command family.
 *
 * Numbers are parsed with Redis's rules, not JavaScript's: string2ll accepts no spaces, no '+', no
 * leading zeros and nothing outside int64; string2ld / strtod accept what C accepts. Getting these
 * exactly right is what makes `ERR value is not an integer or out of range` appear in the same
 * places as in Redis.
 *
 * ArgCursor walks argv left to right and latches the first error, so a handler can parse all of
 * its options and check once (`if (a.err) return c.r.error(a.err)`) before changing anything.
 */

import { Err } from './errors.js';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Redis string2ll as a bigint: the exact int64, or null. */
export function parseBigInt64(s: string): bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  if (n === 1 && s === '0') return 0n;
  let i = 0;
  if (s.charCodeAt(0) === 45 /* - */) {
    i = 1;
    if (n === 1) return null;
  }
  const first = s.charCodeAt(i);
  if (first < 49 || first > 57) return null; // 1-9
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  const v = BigInt(s);
  if (v > INT64_MAX || v < INT64_MIN) return null;
  return v;
}

/**
 * Redis string2ll as a number. Values beyond 2^53 come back rounded; callers needing the exact
 * 64-bit value (INCRBY, SETRANGE offsets near the limit) use parseBigInt64.
 */
export function parseInt64(s: string): number | null {
  const n = s.length;
  if (n === 0) return null;
  if (n > 15) {
    const b = parseBigInt64(s);
    return b === null ? null : Number(b);
  }
  if (n === 1) {
    const c = s.charCodeAt(0) - 48;
    return c >= 0 && c <= 9 ? c : null;
  }
  let i = 0;
  let neg = false;
  if (s.charCodeAt(0) === 45) {
    neg = true;
    i = 1;
  }
  const first = s.charCodeAt(i) - 48;
  if (first < 1 || first > 9) return null;
  let v = first;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j) - 48;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
  }
  return neg ? -v : v;
}

const FLOAT_RE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;
const HEX_FLOAT_RE = /^[+-]?0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(?:p[+-]?\d+)?$/i;

/** C strtod over the whole string: what it accepts and what it returns (NaN included). */
export function strtod(s: string): number | null {
  if (FLOAT_RE.test(s)) {
    const body = s.replace(/^[+-]/, '').toLowerCase();
    const neg = s.startsWith('-');
    if (body === 'inf' || body === 'infinity') return neg ? -Infinity : Infinity;
    if (body === 'nan') return NaN;
    return Number(s);
  }
  if (HEX_FLOAT_RE.test(s)) return parseHexFloat(s);
  return null;
}

function parseHexFloat(s: string): number {
  const neg = s.startsWith('-');
  const body = s.replace(/^[+-]?0x/i, '');
  const [mant, expPart] = body.toLowerCase().split('p') as [string, string | undefined];
  const [ip, fp = ''] = mant.split('.') as [string, string | undefined];
  let v = 0;
  for (const ch of ip!) v = v * 16 + parseInt(ch, 16);
  let scale = 1 / 16;
  for (const ch of fp) {
    v += parseInt(ch, 16) * scale;
    scale /= 16;
  }
  const e = expPart ? parseInt(expPart, 10) : 0;
  v *= Math.pow(2, e);
  return neg ? -v : v;
}

/**
 * Redis getDoubleFromObject / string2d: strtod over the whole string, no leading space, no NaN.
 * Used for ZADD scores, INCRBYFLOAT-like parsing of plain doubles and timeouts.
 */
export function parseDouble(s: string): number | null {
  if (s.length === 0 || isCSpace(s.charCodeAt(0))) return null;
  const v = strtod(s);
  if (v === null || Number.isNaN(v)) return null;
  return v;
}

/**
 * Redis string2ld (long double, used by INCRBYFLOAT / HINCRBYFLOAT): like parseDouble, and also
 * rejects values that overflow to infinity unless "inf" was written.
 */
export function parseLongDouble(s: string): number | null {
  if (s.length === 0 || s.length > 5120 || isCSpace(s.charCodeAt(0))) return null;
  const v = strtod(s);
  if (v === null || Number.isNaN(v)) return null;
  return v;
}

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Format a long double result the way Redis's ld2string(LD_STR_HUMAN) does for INCRBYFLOAT: fixed
 * notation, no exponent, trailing zeros trimmed. Redis computes in 80-bit long double and prints
 * 17 decimals; the shortest round-trip form of the double result matches it for the values that a
 * double can represent, which is what we store.
 */
export function formatHumanDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Object.is(d, -0) || d === 0) return '0';
  let s = String(d);
  if (s.includes('e')) {
    // Expand exponent notation into plain digits.
    s = expandExponent(s);
  }
  return s;
}

function expandExponent(s: string): string {
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  const [m, e] = s.split('e') as [string, string];
  const exp = parseInt(e, 10);
  const [ip, fp = ''] = m.split('.') as [string, string | undefined];
  const digits = ip! + fp;
  const point = ip!.length + exp;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  out = out.replace(/^0+(?=\d)/, '');
  if (out.includes('.')) out = out.replace(/0+$/, '').replace(/\.$/, '');
  return (neg ? '-' : '') + out;
}

/** A left-to-right reader over argv that latches the first error. */
export class ArgCursor {
  err: string | null = null;
  constructor(
    readonly argv: readonly string[],
    public i = 1,
  ) {}

  get left(): number {
    return this.argv.length - this.i;
  }

  more(): boolean {
    return this.i < this.argv.length;
  }

  peekUpper(): string {
    return this.i < this.argv.length ? this.argv[this.i]!.toUpperCase() : '';
  }

  next(): string {
    if (this.i >= this.argv.length) {
      this.fail(Err.SYNTAX);
      return '';
    }
    return this.argv[this.i++]!;
  }

  nextUpper(): string {
    return this.next().toUpperCase();
  }

  /** An int64 argument; `msg` overrides the default error. */
  int(msg: string = Err.NOT_INTEGER): number {
    const s = this.next();
    if (this.err) return 0;
    const v = parseInt64(s);
    if (v === null) {
      this.fail(msg);
      return 0;
    }
    return v;
  }

  double(msg: string = Err.NOT_FLOAT): number {
    const s = this.next();
    if (this.err) return 0;
    const v = parseDouble(s);
    if (v === null) {
      this.fail(msg);
      return 0;
    }
    return v;
  }

  fail(msg: string): void {
    if (this.err === null) this.err = msg;
  }
}
