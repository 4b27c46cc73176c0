/*
 * C `long double` arithmetic as Redis does it on x86-64 Linux, exact to the bit, for INCRBYFLOAT
 * (and HINCRBYFLOAT, which follows the same three steps).
 *
 * Redis parses both operands with strtold (string2ld), adds them in the x87 80-bit format (64-bit
 * significand, 15-bit exponent, round to nearest even) and stores the sum printed with "%.17Lf"
 * with trailing zeros removed (ld2string, LD_STR_HUMAN). A JS double cannot reproduce that:
 * 1.1 + 2.2 is 3.3000000000000003 in double and 3.3 in Redis; 1e4000 is Infinity in double and a
 * 4001-digit integer in Redis. So a value is held as sign * m * 2^e with m a BigInt of at most 64
 * bits, and every step rounds exactly as the FPU and glibc do:
 *
 *   parseLongDouble(s)   string2ld: strtold over the whole string (decimal, hex 0x..p.., inf),
 *                        no leading space, no NaN, no overflow to +-inf, no underflow to zero.
 *   addLongDouble(a, b)  one correctly rounded addition; null when the sum is NaN or infinite.
 *   formatLongDouble(v)  "%.17Lf" rounded half to even as glibc prints it, zeros trimmed, "-0" as "0".
 *
 * BigInt keeps this simple and exact; it is slow next to a double, which is fine for the float
 * increment commands and is why nothing on the GET/SET/INCR paths uses it.
 */

/** A finite long double `(neg ? -1 : 1) * m * 2^e` (m < 2^64; m = 0 is zero), or an infinity. */
export interface LongDouble {
  readonly neg: boolean;
  readonly m: bigint;
  readonly e: number;
  readonly inf: boolean;
}

const MANT_BITS = 64;
/** Exponent of the least significant bit of the smallest subnormal (2^-16445). */
const E_MIN = -16445;
/** Finite values are below 2^16384. */
const E_LIMIT = 16384;
const TWO64 = 1n << 64n;
const TWO63 = 1n << 63n;
/** MAX_LONG_DOUBLE_CHARS: string2ld refuses inputs of this length or more. */
const MAX_CHARS = 5 * 1024;
/** 10^17: "%.17Lf" keeps 17 decimals. */
const P17 = 10n ** 17n;

export const LD_ZERO: LongDouble = { neg: false, m: 0n, e: 0, inf: false };

function bitLength(x: bigint): number {
  if (x === 0n) return 0;
  const hex = x.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

/**
 * Round the positive rational p/q to the nearest long double (ties to even), with subnormals.
 * Returns 'overflow' when it rounds to infinity and 'underflow' when it rounds to zero.
 */
function roundRational(p: bigint, q: bigint, neg: boolean): LongDouble | 'overflow' | 'underflow' {
  let e = bitLength(p) - bitLength(q) - MANT_BITS;
  if (e < E_MIN) e = E_MIN;
  let n: bigint;
  let d: bigint;
  let m: bigint;
  for (;;) {
    if (e >= 0) {
      n = p;
      d = q << BigInt(e);
    } else {
      n = p << BigInt(-e);
      d = q;
    }
    m = n / d;
    if (m < TWO64) break;
    e++;
  }
  const twice = (n - m * d) * 2n;
  if (twice > d || (twice === d && (m & 1n) === 1n)) m++;
  if (m === TWO64) {
    m = TWO63;
    e++;
  }
  if (m === 0n) return 'underflow';
  if (bitLength(m) + e > E_LIMIT) return 'overflow';
  return { neg, m, e, inf: false };
}

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

const DEC_RE = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX_RE = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^(?:inf|infinity)$/i;

/** An exponent written with many digits saturates (it can only mean overflow or underflow). */
function parseExponent(s: string | undefined): number {
  if (s === undefined) return 0;
  const v = Number(s);
  return v > 1e8 ? 1e8 : v < -1e8 ? -1e8 : v;
}

/**
 * Redis string2ld: the long double a string holds, or null when Redis would answer
 * "value is not a valid float". Infinity ("inf", "-Infinity") is accepted, as strtold does.
 */
export function parseLongDouble(s: string): LongDouble | null {
  const len = s.length;
  if (len === 0 || len >= MAX_CHARS || isCSpace(s.charCodeAt(0))) return null;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 /* + */ || c0 === 45 /* - */) {
    neg = c0 === 45;
    i = 1;
  }
  const body = i === 0 ? s : s.slice(i);
  let digits: string;
  let fracLen: number;
  let base: 10 | 16;
  let exp: number;
  let m = DEC_RE.exec(body);
  if (m !== null) {
    base = 10;
    digits = (m[1] ?? '') + (m[2] ?? '');
    fracLen = (m[2] ?? '').length;
    exp = parseExponent(m[3]);
  } else if ((m = HEX_RE.exec(body)) !== null) {
    base = 16;
    digits = (m[1] ?? '') + (m[2] ?? '');
    fracLen = (m[2] ?? '').length;
    exp = parseExponent(m[3]);
  } else if (INF_RE.test(body)) {
    return { neg, m: 0n, e: 0, inf: true };
  } else {
    return null;
  }
  if (digits.length === 0) return null;
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 48) start++;
  if (start === digits.length) return { neg, m: 0n, e: 0, inf: false };
  const sig = digits.slice(start);
  const mant = BigInt(base === 10 ? sig : '0x' + sig);
  let r: LongDouble | 'overflow' | 'underflow';
  if (base === 10) {
    const exp10 = exp - fracLen;
    const magnitude = sig.length + exp10; // value in [10^(magnitude-1), 10^magnitude)
    if (magnitude > 4934) return null; // above LDBL_MAX (1.19e4932): HUGE_VALL, ERANGE
    if (magnitude < -4952) return null; // below half the smallest subnormal (3.6e-4951): 0, ERANGE
    r = exp10 >= 0 ? roundRational(mant * 10n ** BigInt(exp10), 1n, neg) : roundRational(mant, 10n ** BigInt(-exp10), neg);
  } else {
    const exp2 = exp - 4 * fracLen;
    const magnitude = bitLength(mant) + exp2; // value in [2^(magnitude-1), 2^magnitude)
    if (magnitude > E_LIMIT + 1) return null;
    if (magnitude < E_MIN - 1) return null;
    r = exp2 >= 0 ? roundRational(mant << BigInt(exp2), 1n, neg) : roundRational(mant, 1n << BigInt(-exp2), neg);
  }
  return typeof r === 'string' ? null : r;
}

/** a + b rounded to a long double; null when the sum is NaN or infinite. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.inf || b.inf) return null;
  if (a.m === 0n) return b.m === 0n ? { neg: a.neg && b.neg, m: 0n, e: 0, inf: false } : b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const av = a.m << BigInt(a.e - e);
  const bv = b.m << BigInt(b.e - e);
  const sum = (a.neg ? -av : av) + (b.neg ? -bv : bv);
  if (sum === 0n) return LD_ZERO;
  const neg = sum < 0n;
  const abs = neg ? -sum : sum;
  const r = e >= 0 ? roundRational(abs << BigInt(e), 1n, neg) : roundRational(abs, 1n << BigInt(-e), neg);
  if (r === 'overflow') return null;
  if (r === 'underflow') return { neg, m: 0n, e: 0, inf: false };
  return r;
}

/** ld2string(LD_STR_HUMAN): "%.17Lf", trailing zeros and a trailing dot removed, "-0" as "0". */
export function formatLongDouble(v: LongDouble): string {
  if (v.inf) return v.neg ? '-inf' : 'inf';
  if (v.m === 0n) return '0';
  let n: bigint;
  if (v.e >= 0) {
    n = (v.m << BigInt(v.e)) * P17;
  } else {
    const shift = BigInt(-v.e);
    const num = v.m * P17;
    n = num >> shift;
    const twice = (num - (n << shift)) << 1n;
    const den = 1n << shift;
    if (twice > den || (twice === den && (n & 1n) === 1n)) n++;
  }
  let digits = n.toString();
  if (digits.length < 18) digits = '0'.repeat(18 - digits.length) + digits;
  let end = digits.length;
  const point = end - 17;
  while (end > point && digits.charCodeAt(end - 1) === 48) end--;
  const text = end === point ? digits.slice(0, point) : digits.slice(0, point) + '.' + digits.slice(point, end);
  if (!v.neg || text === '0') return text;
  return '-' + text;
}
