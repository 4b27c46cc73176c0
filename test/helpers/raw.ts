/*
 * A raw RESP client for tests: it writes exact bytes and hands back the exact bytes of the replies.
 *
 * Differential and protocol tests must see what went over the wire (`$-1` versus `_`, `*2` versus
 * `%1`, an error's exact wording), so this client never decodes replies on the way in. It only
 * needs to know where one reply ends, which the frame scanner below answers without building
 * values: `frameEnd(buf, offset)` returns the offset just past one complete frame, or -1 when the
 * buffer holds only part of it. `parseReply()` decodes a frame into JS values for the tests that
 * want to look inside a reply rather than compare it.
 *
 * Reading model: incoming bytes accumulate in one buffer. Every read (`send`, `sendRaw`,
 * `readReplies`, `readPush`) queues a request for N complete frames; requests are served in order
 * as soon as the buffer holds enough frames. Bytes that arrive with no request waiting (pub/sub
 * messages, invalidations, a reply to a command written with `sendRaw(bytes, 0)`) stay buffered
 * until a later read takes them, so nothing is ever dropped or reordered.
 *
 * Arguments and replies are latin1 strings throughout (one char per byte): binary safe, and
 * `Buffer.from(s, 'latin1')` gives the bytes back.
 */

import net from 'node:net';

/* ------------------------------------------------------------------------------------------ */
/* Frame scanner                                                                               */
/* ------------------------------------------------------------------------------------------ */

const CR = 0x0d;
const LF = 0x0a;

/** Index of the `\r` of the first `\r\n` at or after `from`, or -1. */
function findCRLF(buf: Buffer, from: number): number {
  let i = from;
  for (;;) {
    i = buf.indexOf(CR, i);
    if (i < 0 || i + 1 >= buf.length) return -1;
    if (buf[i + 1] === LF) return i;
    i++;
  }
}

function headerInt(buf: Buffer, start: number, end: number): number {
  const text = buf.toString('latin1', start, end);
  if (!/^-?\d+$/.test(text)) {
    throw new Error(`malformed reply: bad length ${JSON.stringify(text)} at offset ${start - 1}`);
  }
  return Number(text);
}

/**
 * The offset just past the complete RESP2/RESP3 frame that starts at `offset`, or -1 when `buf`
 * holds only part of it. Throws on a byte that cannot start a frame (the stream is out of sync).
 *
 *   + - : _ # , (     one line
 *   $ = !             length-prefixed payload (`$-1` is the RESP2 null)
 *   * ~ >             n child frames (`*-1` is the RESP2 null array)
 *   %                 2n child frames (n key/value pairs)
 *   |                 an attribute: 2n child frames, then the frame it annotates. An attribute
 *                     is not a reply of its own, so it is scanned together with the reply after it.
 */
export function frameEnd(buf: Buffer, offset: number): number {
  if (offset >= buf.length) return -1;
  const type = buf[offset]!;
  const nl = findCRLF(buf, offset + 1);
  if (nl < 0) return -1;
  const next = nl + 2;
  switch (type) {
    case 0x2b: // + simple string
    case 0x2d: // - error
    case 0x3a: // : integer
    case 0x5f: // _ null
    case 0x23: // # boolean
    case 0x2c: // , double
    case 0x28: // ( big number
      return next;
    case 0x24: // $ bulk string
    case 0x3d: // = verbatim string
    case 0x21: {
      // ! bulk error
      const len = headerInt(buf, offset + 1, nl);
      if (len < 0) return next;
      return buf.length >= next + len + 2 ? next + len + 2 : -1;
    }
    case 0x2a: // * array
    case 0x7e: // ~ set
    case 0x3e: // > push
    case 0x25: // % map
    case 0x7c: {
      // | attribute
      const n = headerInt(buf, offset + 1, nl);
      if (n < 0) return next;
      const children = type === 0x25 || type === 0x7c ? 2 * n : n;
      let p = next;
      for (let i = 0; i < children; i++) {
        p = frameEnd(buf, p);
        if (p < 0) return -1;
      }
      return type === 0x7c ? frameEnd(buf, p) : p;
    }
    default:
      throw new Error(
        `malformed reply: unexpected type byte ${JSON.stringify(String.fromCharCode(type))} at offset ${offset}` +
          ` in ${JSON.stringify(buf.toString('latin1', Math.max(0, offset - 40), Math.min(buf.length, offset + 40)))}`,
      );
  }
}

/** Split a buffer holding whole frames into the latin1 text of each frame. */
export function splitFrames(buf: Buffer): string[] {
  const out: string[] = [];
  let p = 0;
  while (p < buf.length) {
    const end = frameEnd(buf, p);
    if (end < 0) throw new Error(`incomplete frame at offset ${p}: ${JSON.stringify(buf.toString('latin1', p))}`);
    out.push(buf.toString('latin1', p, end));
    p = end;
  }
  return out;
}

/* ------------------------------------------------------------------------------------------ */
/* Reply values                                                                                */
/* ------------------------------------------------------------------------------------------ */

/** An error reply (`-` or `!`), text without the leading type byte. */
export interface ReplyError {
  error: string;
}

/**
 * A decoded reply. Strings (simple, bulk, verbatim without its `txt:` prefix) are latin1 strings;
 * integers are numbers, or bigints beyond 2^53; doubles and booleans are numbers and booleans;
 * big numbers are bigints; arrays, sets and pushes are arrays; maps are Maps (insertion ordered);
 * RESP2 and RESP3 nulls are null. Attributes are skipped.
 */
export type Reply =
  | string
  | number
  | bigint
  | boolean
  | null
  | ReplyError
  | Reply[]
  | Map<Reply, Reply>;

function parseAt(buf: Buffer, offset: number): { value: Reply; end: number } {
  const end = frameEnd(buf, offset);
  if (end < 0) throw new Error(`incomplete reply: ${JSON.stringify(buf.toString('latin1', offset))}`);
  const type = String.fromCharCode(buf[offset]!);
  const nl = findCRLF(buf, offset + 1);
  const line = buf.toString('latin1', offset + 1, nl);
  const next = nl + 2;
  switch (type) {
    case '+':
      return { value: line, end };
    case '-':
      return { value: { error: line }, end };
    case ':': {
      const n = Number(line);
      return { value: Number.isSafeInteger(n) ? n : BigInt(line), end };
    }
    case '_':
      return { value: null, end };
    case '#':
      return { value: line === 't', end };
    case ',':
      return { value: line === 'inf' ? Infinity : line === '-inf' ? -Infinity : Number(line), end };
    case '(':
      return { value: BigInt(line), end };
    case '$':
    case '=':
    case '!': {
      const len = Number(line);
      if (len < 0) return { value: null, end };
      const payload = buf.toString('latin1', next, next + len);
      if (type === '!') return { value: { error: payload }, end };
      return { value: type === '=' ? payload.slice(4) : payload, end };
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      const n = Number(line);
      if (n < 0) return { value: null, end };
      let p = next;
      if (type === '%' || type === '|') {
        const map = new Map<Reply, Reply>();
        for (let i = 0; i < n; i++) {
          const k = parseAt(buf, p);
          const v = parseAt(buf, k.end);
          map.set(k.value, v.value);
          p = v.end;
        }
        if (type === '|') return parseAt(buf, p); // skip the attribute, keep the annotated reply
        return { value: map, end };
      }
      const items: Reply[] = [];
      for (let i = 0; i < n; i++) {
        const r = parseAt(buf, p);
        items.push(r.value);
        p = r.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`unexpected reply type ${JSON.stringify(type)}`);
  }
}

/** Decode the first frame of `buf` (a Buffer, or a latin1 string of wire bytes). */
export function parseReply(buf: Buffer | string): Reply {
  const b = typeof buf === 'string' ? Buffer.from(buf, 'latin1') : buf;
  return parseAt(b, 0).value;
}

/** Decode every frame in `buf`. */
export function parseReplies(buf: Buffer | string): Reply[] {
  const b = typeof buf === 'string' ? Buffer.from(buf, 'latin1') : buf;
  const out: Reply[] = [];
  let p = 0;
  while (p < b.length) {
    const r = parseAt(b, p);
    out.push(r.value);
    p = r.end;
  }
  return out;
}

/* ------------------------------------------------------------------------------------------ */
/* Request encoding                                                                            */
/* ------------------------------------------------------------------------------------------ */

/** Encode a command as a RESP multibulk; each argument is a latin1 string. */
export function encodeCommand(args: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`, 'latin1')];
  for (const a of args) {
    const b = Buffer.from(a, 'latin1');
    parts.push(Buffer.from(`$${b.length}\r\n`, 'latin1'), b, Buffer.from('\r\n', 'latin1'));
  }
  return Buffer.concat(parts);
}

/* ------------------------------------------------------------------------------------------ */
/* The client                                                                                  */
/* ------------------------------------------------------------------------------------------ */

export interface RawClientOptions {
  /** How long a read may wait for its replies before failing the test (ms). Default 10 s. */
  timeoutMs?: number;
  host?: string;
}

interface Waiter {
  count: number;
  resolve(b: Buffer): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export class RawClient {
  private buf: Buffer = Buffer.alloc(0);
  private waiters: Waiter[] = [];
  private isClosed = false;
  private readonly closedPromise: Promise<void>;
  private readonly timeoutMs: number;

  private constructor(
    private readonly socket: net.Socket,
    options: RawClientOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      this.serve();
    });
    // A reset from the server is a close like any other here; tests assert on closed().
    socket.on('error', () => {});
    this.closedPromise = new Promise((resolve) => {
      socket.once('close', () => {
        this.isClosed = true;
        for (const w of this.waiters.splice(0)) {
          clearTimeout(w.timer);
          w.reject(
            new Error(
              `connection closed while waiting for ${w.count} repl${w.count === 1 ? 'y' : 'ies'};` +
                ` unread bytes: ${JSON.stringify(this.buf.toString('latin1'))}`,
            ),
          );
        }
        resolve();
      });
    });
  }

  static connect(port: number, options: RawClientOptions = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: options.host ?? '127.0.0.1' });
      const onError = (e: Error): void => reject(e);
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve(new RawClient(socket, options));
      });
    });
  }

  /** True once the server (or close()) has closed the socket. */
  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Bytes received that no read has taken yet. */
  get unread(): Buffer {
    return this.buf;
  }

  /** Send one command as a multibulk and resolve with the raw bytes of exactly one reply. */
  send(...args: string[]): Promise<Buffer> {
    return this.sendRaw(encodeCommand(args), 1);
  }

  /**
   * Write raw bytes and resolve with the raw bytes of the next `replies` complete replies
   * (replies = 0 resolves at once with an empty buffer: for partial frames, or for commands whose
   * replies a later readReplies() collects).
   */
  sendRaw(bytes: string | Buffer, replies = 1): Promise<Buffer> {
    const p = this.readReplies(replies);
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    return p;
  }

  /** Write raw bytes without waiting for anything. */
  write(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Resolve with the raw bytes of the next `n` complete replies, after those already queued. */
  readReplies(n: number): Promise<Buffer> {
    if (n <= 0) return Promise.resolve(Buffer.alloc(0));
    if (this.isClosed) {
      return this.tryTake(n) ?? Promise.reject(new Error('connection is closed'));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(
          new Error(
            `timed out after ${this.timeoutMs} ms waiting for ${n} repl${n === 1 ? 'y' : 'ies'};` +
              ` unread bytes: ${JSON.stringify(this.buf.toString('latin1'))}`,
          ),
        );
      }, this.timeoutMs);
      const w: Waiter = { count: n, resolve, reject, timer };
      this.waiters.push(w);
      this.serve();
    });
  }

  /**
   * The raw bytes of the next frame the server sends on its own: a RESP3 push (`>`), or in RESP2
   * the `*` array of a pub/sub message. Resolves with whatever frame comes next, so a test that
   * expects a push should check the first byte.
   */
  readPush(): Promise<Buffer> {
    return this.readReplies(1);
  }

  /** Resolves when the socket is closed (by the server, or by close()). */
  closed(): Promise<void> {
    return this.closedPromise;
  }

  /** Close the connection and wait until the socket is fully closed. */
  close(): Promise<void> {
    if (!this.isClosed) this.socket.destroy();
    return this.closedPromise;
  }

  private tryTake(n: number): Promise<Buffer> | null {
    const end = this.framesEnd(n);
    if (end < 0) return null;
    const out = this.buf.subarray(0, end);
    this.buf = this.buf.subarray(end);
    return Promise.resolve(out);
  }

  /** End offset of the first `n` frames in the buffer, or -1 if they are not all here yet. */
  private framesEnd(n: number): number {
    let p = 0;
    for (let i = 0; i < n; i++) {
      p = frameEnd(this.buf, p);
      if (p < 0) return -1;
    }
    return p;
  }

  private serve(): void {
    while (this.waiters.length > 0) {
      const w = this.waiters[0]!;
      let end: number;
      try {
        end = this.framesEnd(w.count);
      } catch (e) {
        this.waiters.shift();
        clearTimeout(w.timer);
        w.reject(e as Error);
        continue;
      }
      if (end < 0) return;
      this.waiters.shift();
      clearTimeout(w.timer);
      const out = Buffer.from(this.buf.subarray(0, end));
      this.buf = this.buf.subarray(end);
      w.resolve(out);
    }
  }
}
