/*
 * The reply writer: the only way command code answers a client.
 *
 * Command code says what it means (a map, a set, a double, a null) and the writer picks the wire
 * form for the connection's protocol, as Redis's addReplyMapLen / addReplyNull / addReplyDouble do:
 *
 *   meaning        RESP2                     RESP3
 *   map(n)         *<2n>                     %<n>
 *   set(n)         *<n>                      ~<n>
 *   push(n)        *<n>                      ><n>
 *   null()         $-1                       _
 *   nullArray()    *-1                       _
 *   double(d)      $<len> %.17g              ,%.17g  (inf / -inf spelled out)
 *   bool(b)        :1 / :0                   #t / #f
 *   bigNumber(s)   $<len> digits             (digits
 *   verbatim(f,s)  $<len> s                  =<len+4> f:s
 *
 * Output is accumulated as one latin1 string (V8 concatenates with ropes, so this is cheap) and
 * flushed to the socket once per batch of requests: one write per read, as Redis writes once per
 * event-loop iteration. Strings are latin1 throughout the broker, so `.length` is the byte length.
 */

export type RespVersion = 2 | 3;

export class ReplyWriter {
  out = '';
  /** Replies written since the last reset; used by MULTI/EXEC and CLIENT REPLY bookkeeping. */
  count = 0;
  /** Called for every error reply (INFO errorstats, commandstats failed_calls). */
  onError: ((msg: string) => void) | null = null;

  constructor(public resp: RespVersion = 2) {}

  take(): string {
    const s = this.out;
    this.out = '';
    return s;
  }

  raw(s: string): void {
    this.out += s;
  }

  ok(): void {
    this.out += '+OK\r\n';
    this.count++;
  }

  simple(s: string): void {
    this.out += '+' + s + '\r\n';
    this.count++;
  }

  /** An error line. `msg` starts with its code (`ERR ...`, `WRONGTYPE ...`). */
  error(msg: string): void {
    this.out += '-' + msg.replace(/[\r\n]/g, ' ') + '\r\n';
    this.count++;
    if (this.onError !== null) this.onError(msg);
  }

  int(n: number | bigint): void {
    this.out += ':' + n + '\r\n';
    this.count++;
  }

  bulk(s: string): void {
    this.out += '$' + s.length + '\r\n' + s + '\r\n';
    this.count++;
  }

  /** Bulk or null bulk. */
  bulkOrNull(s: string | null | undefined): void {
    if (s === null || s === undefined) this.null();
    else this.bulk(s);
  }

  /** A null: `$-1` in RESP2, `_` in RESP3. */
  null(): void {
    this.out += this.resp === 2 ? '$-1\r\n' : '_\r\n';
    this.count++;
  }

  /** A null where RESP2 uses the null array `*-1` (blocking pops timing out, EXEC aborted, ...). */
  nullArray(): void {
    this.out += this.resp === 2 ? '*-1\r\n' : '_\r\n';
    this.count++;
  }

  array(n: number): void {
    this.out += '*' + n + '\r\n';
    this.count++;
  }

  map(n: number): void {
    this.out += this.resp === 2 ? '*' + n * 2 + '\r\n' : '%' + n + '\r\n';
    this.count++;
  }

  set(n: number): void {
    this.out += (this.resp === 2 ? '*' : '~') + n + '\r\n';
    this.count++;
  }

  push(n: number): void {
    this.out += (this.resp === 2 ? '*' : '>') + n + '\r\n';
    this.count++;
  }

  double(d: number): void {
    const s = formatDouble(d);
    if (this.resp === 2) this.out += '$' + s.length + '\r\n' + s + '\r\n';
    else this.out += ',' + s + '\r\n';
    this.count++;
  }

  bool(b: boolean): void {
    if (this.resp === 2) this.out += b ? ':1\r\n' : ':0\r\n';
    else this.out += b ? '#t\r\n' : '#f\r\n';
    this.count++;
  }

  bigNumber(digits: string): void {
    if (this.resp === 2) this.out += '$' + digits.length + '\r\n' + digits + '\r\n';
    else this.out += '(' + digits + '\r\n';
    this.count++;
  }

  /** Verbatim string; `format` is three letters (`txt`, `mkd`). */
  verbatim(format: string, s: string): void {
    if (this.resp === 2) this.out += '$' + s.length + '\r\n' + s + '\r\n';
    else this.out += '=' + (s.length + 4) + '\r\n' + format + ':' + s + '\r\n';
    this.count++;
  }

  /** An array of bulk strings. */
  bulks(items: readonly string[]): void {
    let s = '*' + items.length + '\r\n';
    for (const it of items) s += '$' + it.length + '\r\n' + it + '\r\n';
    this.out += s;
    this.count += items.length + 1;
  }

  /** A set (RESP3 `~`) of bulk strings. */
  bulkSet(items: Iterable<string>, size: number): void {
    this.set(size);
    for (const it of items) this.bulk(it);
  }
}

/** Encode a bulk string frame on its own (used to pre-encode pub/sub payloads once). */
export function encodeBulk(s: string): string {
  return '$' + s.length + '\r\n' + s + '\r\n';
}

/**
 * Format a double as C's printf("%.17g") does, which is how Redis 7.0 replies doubles:
 * 17 significant digits, trailing zeros removed, exponent form when exp < -4 or exp >= 17,
 * exponents with a sign and at least two digits. inf, -inf and nan spelled as Redis spells them.
 */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  // 100 significant digits are exact for every tie case: a double is a tie at the 17th digit
  // only when its expansion ends at the 18th digit with a 5. glibc rounds ties to even (on the
  // exact binary value); toExponential(16) would round them away from zero.
  const full = Math.abs(d).toExponential(99);
  const ePos = full.indexOf('e');
  let exp = parseInt(full.slice(ePos + 1), 10);
  const all = full[0]! + full.slice(2, ePos);
  let digits = all.slice(0, 17);
  const next = all.charCodeAt(17) - 48;
  const up = next > 5 || (next === 5 && (!/^0*$/.test(all.slice(18)) || (digits.charCodeAt(16) - 48) % 2 === 1));
  if (up) {
    const bumped = (BigInt(digits) + 1n).toString();
    if (bumped.length > 17) {
      exp++;
      digits = bumped.slice(0, 17);
    } else digits = bumped;
  }
  const sign = d < 0 ? '-' : '';
  const trimmed = digits.replace(/0+$/, '');
  if (exp < -4 || exp >= 17) {
    const mant = trimmed.length > 1 ? trimmed[0] + '.' + trimmed.slice(1) : trimmed;
    const abs = Math.abs(exp);
    return sign + mant + 'e' + (exp < 0 ? '-' : '+') + (abs < 10 ? '0' + abs : String(abs));
  }
  if (exp < 0) return sign + '0.' + '0'.repeat(-exp - 1) + trimmed;
  if (trimmed.length <= exp + 1) return sign + trimmed + '0'.repeat(exp + 1 - trimmed.length);
  return sign + trimmed.slice(0, exp + 1) + '.' + trimmed.slice(exp + 1);
}
