/*
 * Resumable RESP request decoder.
 *
 * Requests arrive either as multibulk frames (`*<n>\r\n$<len>\r\n<bytes>\r\n...`) or as inline
 * commands (a line of space separated words, with Redis's quoting rules). Socket reads can split a
 * frame at any byte, and one read can hold any number of pipelined requests, so the decoder keeps
 * the unconsumed tail of the input plus the state of a half-read multibulk (how many arguments are
 * still expected, the length of the bulk being read) and resumes exactly where it stopped.
 *
 * Arguments are decoded as latin1 strings: one char per byte, so they are binary safe, their
 * `.length` is their byte length, and converting back with `Buffer.from(s, 'latin1')` is lossless.
 *
 * Limits follow Redis 7.0 (networking.c, processInlineBuffer / processMultibulkBuffer):
 *  - an inline line or a `*`/`$` header line longer than 64 KiB without a newline is an error;
 *  - a multibulk count above INT_MAX, or a bulk length above proto-max-bulk-len, is an error;
 *  - before authentication, at most 10 arguments and 16 KiB per bulk.
 * On a protocol error the decoder stops for good: the connection replies the error and closes.
 */

export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
const INT_MAX = 2147483647;
const UNAUTH_MAX_MULTIBULK = 10;
const UNAUTH_MAX_BULK = 16384;
/** Bulks at least this large are read into a Buffer of their own instead of growing the tail. */
const BIG_ARG = 32 * 1024;

export class ProtocolError extends Error {}

export interface DecoderLimits {
  /** proto-max-bulk-len */
  maxBulkLen: number;
}

export class RespDecoder {
  private buf: Buffer = EMPTY;
  private pos = 0;
  private end = 0;
  /** True when buf is our own allocation (spare capacity may be written), not a socket chunk. */
  private owned = false;
  /** Bytes the bulk being read still needs: lets feed() size the buffer once for large values. */
  private hint = 0;
  /** Arguments still expected by the multibulk being read; 0 when between requests. */
  private remaining = 0;
  private args: string[] = [];
  /** Length of the bulk whose header was read but whose payload was not, or -1. */
  private bulkLen = -1;
  /** The protocol error that stopped the decoder, worded as Redis words it. */
  error: string | null = null;
  /** When false the tighter pre-AUTH limits apply. */
  authenticated = true;
  constructor(public limits: DecoderLimits) {}

  /** Bytes buffered but not yet decoded into a complete request (the client's query buffer). */
  get pending(): number {
    return this.end - this.pos;
  }

  /** Append newly read bytes. The live region is buf[pos, end); capacity grows by doubling. */
  feed(chunk: Buffer): void {
    if (this.pos >= this.end) {
      this.buf = chunk;
      this.pos = 0;
      this.end = chunk.length;
      return;
    }
    if (this.end + chunk.length <= this.buf.length && this.owned) {
      chunk.copy(this.buf, this.end);
      this.end += chunk.length;
      return;
    }
    const live = this.end - this.pos;
    const cap = Math.max(live + chunk.length, Math.min(live * 2, live + this.hint), 16 * 1024);
    const grown = Buffer.allocUnsafe(cap);
    this.buf.copy(grown, 0, this.pos, this.end);
    chunk.copy(grown, live);
    this.buf = grown;
    this.owned = true;
    this.pos = 0;
    this.end = live + chunk.length;
  }

  /**
   * Decode the next complete request. Returns null when more bytes are needed (or after an
   * error, which is left in `this.error`). Empty requests (`*0`, `*-1`, blank inline lines) are
   * skipped as Redis skips them.
   */
  next(): string[] | null {
    if (this.error !== null) return null;
    for (;;) {
      if (this.remaining === 0) {
        if (this.pos >= this.end) return null;
        if (this.buf[this.pos] === 0x2a /* '*' */) {
          const r = this.readMultibulkHeader();
          if (r === false) return null;
          if (this.remaining === 0) continue; // *0 or negative: nothing to run
        } else {
          const inline = this.readInline();
          if (inline === null) return null;
          if (inline.length === 0) continue;
          return inline;
        }
      }
      // Reading the arguments of a multibulk.
      while (this.remaining > 0) {
        if (this.bulkLen < 0) {
          if (!this.readBulkHeader()) return null;
        }
        const need = this.bulkLen + 2;
        if (this.end - this.pos < need) return null;
        const start = this.pos;
        this.args.push(this.buf.toString('latin1', start, start + this.bulkLen));
        this.pos += need;
        this.bulkLen = -1;
        this.remaining--;
      }
      const out = this.args;
      this.args = [];
      this.compact();
      return out;
    }
  }

  /** Drop consumed bytes once we are between requests, so a long pipeline does not pin memory. */
  private compact(): void {
    if (this.pos >= this.end) {
      this.buf = EMPTY;
      this.owned = false;
      this.pos = 0;
      this.end = 0;
    }
  }

  private fail(msg: string): null {
    this.error = 'Protocol error: ' + msg;
    return null;
  }

  private findCRLF(from: number): number {
    const i = this.buf.indexOf(0x0d, from);
    return i >= this.end ? -1 : i;
  }

  private readMultibulkHeader(): boolean {
    const nl = this.findCRLF(this.pos);
    if (nl < 0) {
      if (this.end - this.pos > PROTO_INLINE_MAX_SIZE) this.fail('too big mbulk count string');
      return false;
    }
    if (nl - this.pos > PROTO_INLINE_MAX_SIZE) {
      this.fail('too big mbulk count string');
      return false;
    }
    if (nl + 1 >= this.end) return false; // need the '\n' too
    const n = parseLongStrict(this.buf, this.pos + 1, nl);
    if (n === null || n > INT_MAX) {
      this.fail('invalid multibulk length');
      return false;
    }
    if (n > UNAUTH_MAX_MULTIBULK && !this.authenticated) {
      this.fail('unauthenticated multibulk length');
      return false;
    }
    this.pos = nl + 2;
    if (n <= 0) {
      this.compact();
      this.remaining = 0;
      return true;
    }
    this.remaining = n;
    this.args = [];
    return true;
  }

  private readBulkHeader(): boolean {
    if (this.pos >= this.end) return false;
    const nl = this.findCRLF(this.pos);
    if (nl < 0) {
      if (this.end - this.pos > PROTO_INLINE_MAX_SIZE) this.fail('too big bulk count string');
      return false;
    }
    if (nl - this.pos > PROTO_INLINE_MAX_SIZE) {
      this.fail('too big bulk count string');
      return false;
    }
    if (this.buf[this.pos] !== 0x24 /* '$' */) {
      this.fail(`expected '$', got '${String.fromCharCode(this.buf[this.pos]!)}'`);
      return false;
    }
    if (nl + 1 >= this.end) return false;
    const n = parseLongStrict(this.buf, this.pos + 1, nl);
    if (n === null || n < 0 || n > this.limits.maxBulkLen) {
      this.fail('invalid bulk length');
      return false;
    }
    if (n > UNAUTH_MAX_BULK && !this.authenticated) {
      this.fail('unauthenticated bulk length');
      return false;
    }
    this.pos = nl + 2;
    this.bulkLen = n;
    this.hint = n >= BIG_ARG ? n + 2 : 0;
    return true;
  }

  private readInline(): string[] | null {
    let nl = this.buf.indexOf(0x0a, this.pos);
    if (nl >= this.end) nl = -1;
    if (nl < 0) {
      if (this.end - this.pos > PROTO_INLINE_MAX_SIZE) this.fail('too big inline request');
      return null;
    }
    if (nl - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('too big inline request');
    let end = nl;
    if (end > this.pos && this.buf[end - 1] === 0x0d) end--;
    const line = this.buf.toString('latin1', this.pos, end);
    this.pos = nl + 1;
    this.compact();
    const argv = splitArgs(line);
    if (argv === null) return this.fail('unbalanced quotes in request');
    // Redis applies the pre-AUTH argument limit to multibulk only; inline requests are bounded by
    // the inline size instead.
    return argv;
  }
}

const EMPTY = Buffer.alloc(0);

/** Parse a signed decimal integer from buf[start, end) exactly as Redis's string2ll: no spaces, no '+'. */
function parseLongStrict(buf: Buffer, start: number, end: number): number | null {
  if (start >= end) return null;
  let i = start;
  let neg = false;
  if (buf[i] === 0x2d) {
    neg = true;
    i++;
    if (i >= end || buf[i] === 0x30) return null; // "-" and "-0..." are not string2ll numbers
  }
  if (end - i > 19) return null;
  const digitsStart = i;
  let n = 0;
  // A leading zero is only valid for "0" itself.
  if (buf[i] === 0x30 && end - i > 1) return null;
  for (; i < end; i++) {
    const c = buf[i]! - 0x30;
    if (c < 0 || c > 9) return null;
    n = n * 10 + c;
  }
  // Beyond 2^53 the sum is approximate: decide the int64 bounds on the digits themselves.
  if (end - digitsStart === 19) {
    const digits = buf.toString('latin1', digitsStart, end);
    if (digits > (neg ? '9223372036854775808' : '9223372036854775807')) return null;
  }
  return neg ? -n : n;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\v' || c === '\f';
}

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/**
 * Split an inline request the way Redis's sdssplitargs does: words separated by whitespace,
 * "double quotes" with \n \r \t \b \a \\ \" and \xHH escapes, 'single quotes' with only \'
 * escaped. A closing quote must be followed by whitespace or the end. Returns null on
 * unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && isSpace(line[i]!)) i++;
    if (i >= n) return out;
    let inq = false;
    let insq = false;
    let done = false;
    let cur = '';
    while (!done) {
      const c = i < n ? line[i]! : '';
      if (inq) {
        if (c === '') return null;
        if (c === '\\' && line[i + 1] === 'x' && i + 3 < n && isHex(line[i + 2]!) && isHex(line[i + 3]!)) {
          cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (c === '\\' && i + 1 < n) {
          i++;
          const e = line[i]!;
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === '"') {
          if (i + 1 < n && !isSpace(line[i + 1]!)) return null;
          done = true;
        } else {
          cur += c;
        }
      } else if (insq) {
        if (c === '') return null;
        if (c === '\\' && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (c === "'") {
          if (i + 1 < n && !isSpace(line[i + 1]!)) return null;
          done = true;
        } else {
          cur += c;
        }
      } else {
        // An unquoted word ends only at space, \n, \r, \t or NUL (not at \v or \f).
        if (c === '' || c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\0') {
          done = true;
        } else if (c === '"') {
          inq = true;
        } else if (c === "'") {
          insq = true;
        } else {
          cur += c;
        }
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}
