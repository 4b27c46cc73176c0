/*
 * Differential testing: send the same bytes to Pigeon and to a real redis-server (7.0.15) and
 * require the same bytes back.
 *
 * What we compare: the raw reply bytes, frame for frame, including the RESP2/RESP3 type bytes,
 * lengths and the exact wording of errors. We normalise only what must differ between two
 * correct servers: run ids and client ids, times and counters that depend on timing, and the
 * order of elements in replies whose order Redis does not define (SMEMBERS, KEYS, HGETALL, ...).
 * A normaliser is never a way to hide a difference in wording or in reply type. Every call that
 * normalises says which normaliser it uses, next to the command (`{ normalize: sortArray }`), so
 * a reader sees exactly what was not compared. The normalisers below work on frame structure,
 * never on a regex over the whole reply, so a payload that happens to look like a frame is safe.
 *
 * Usage:
 *
 *   test('SET/GET: round trip', (t) => withPair(t, async (pair) => {
 *     await pair.cases([
 *       ['SET', 'k', 'v'],
 *       'GET k',                                         // string cases split on spaces
 *       ['GET'],                                         // arity error, compared byte for byte
 *       ['SADD', 's', 'a', 'b', 'c'],
 *       ['SMEMBERS', 's', { normalize: sortArray }],     // unordered: sorted on both sides
 *     ]);
 *     await pair.bothRaw('PING\r\n');                    // inline
 *     await pair.resp3();                                // HELLO 3 on both (client id normalised)
 *     const sub = await pair.client('sub');              // a second connection on each side
 *     sub.write('SUBSCRIBE', 'ch');                      // no read yet ...
 *     await sub.read(1);                                 // ... then compare the next reply
 *   }));
 *
 * For a suite sharing one pair, `pairSuite()` inside a describe() starts it once, and before each
 * test closes the named clients and runs FLUSHALL on both servers.
 */

import assert from 'node:assert/strict';
import { after, before, beforeEach, type TestContext } from 'node:test';
import { startBroker, type StartedBroker } from './broker.js';
import { encodeCommand, frameEnd, parseReply, RawClient, type Reply } from './raw.js';
import { startReference, type ReferenceServer } from './reference.js';

/* ------------------------------------------------------------------------------------------ */
/* Normalisers                                                                                 */
/* ------------------------------------------------------------------------------------------ */

/** Maps one reply (the latin1 text of one or more frames) to the form that is compared. */
export type Normalizer = (reply: string) => string;

export interface DiffOptions {
  /** Applied to both sides' replies before comparing. */
  normalize?: Normalizer;
}

const AGGREGATES = '*~>%|';

interface Frame {
  /** The header line including its `\r\n` for aggregates; the whole frame for leaves. */
  head: string;
  type: string;
  children: Frame[] | null;
}

function parseFrames(s: string): Frame[] {
  const buf = Buffer.from(s, 'latin1');
  const out: Frame[] = [];
  let p = 0;
  while (p < buf.length) {
    const r = parseFrame(buf, p);
    out.push(r.frame);
    p = r.end;
  }
  return out;
}

function parseFrame(buf: Buffer, offset: number): { frame: Frame; end: number } {
  const end = frameEnd(buf, offset);
  if (end < 0) throw new Error(`normaliser given an incomplete frame: ${JSON.stringify(buf.toString('latin1', offset))}`);
  const type = String.fromCharCode(buf[offset]!);
  if (!AGGREGATES.includes(type)) return { frame: { head: buf.toString('latin1', offset, end), type, children: null }, end };
  const nl = buf.indexOf('\r\n', offset, 'latin1');
  const head = buf.toString('latin1', offset, nl + 2);
  const n = Number(head.slice(1, -2));
  if (n < 0) return { frame: { head, type, children: null }, end };
  const count = type === '%' || type === '|' ? 2 * n : n;
  const children: Frame[] = [];
  let p = nl + 2;
  for (let i = 0; i < count; i++) {
    const r = parseFrame(buf, p);
    children.push(r.frame);
    p = r.end;
  }
  if (type === '|') {
    // The annotated reply follows the attribute; keep it as a trailing child.
    const r = parseFrame(buf, p);
    children.push(r.frame);
  }
  return { frame: { head, type, children }, end };
}

function render(f: Frame): string {
  return f.children === null ? f.head : f.head + f.children.map(render).join('');
}

/** Rewrite every frame bottom-up; `visit` returns the new frame, or undefined to keep it. */
function mapFrames(reply: string, visit: (f: Frame) => Frame | undefined): string {
  const walk = (f: Frame): Frame => {
    const g = f.children === null ? f : { ...f, children: f.children.map(walk) };
    return visit(g) ?? g;
  };
  return parseFrames(reply).map(walk).map(render).join('');
}

function bulkText(f: Frame): string | null {
  if (f.type === '$' && f.children === null && !f.head.startsWith('$-')) {
    return f.head.slice(f.head.indexOf('\r\n') + 2, -2);
  }
  if (f.type === '+') return f.head.slice(1, -2);
  return null;
}

function leaf(text: string): Frame {
  return { head: text, type: text[0]!, children: null };
}

/** Sort the elements of a top-level array or set reply (SMEMBERS, KEYS, SUNION, ...). */
export const sortArray: Normalizer = function sortArray(reply) {
  return parseFrames(reply)
    .map((f) => {
      if ((f.type !== '*' && f.type !== '~') || f.children === null) return render(f);
      return f.head + f.children.map(render).sort().join('');
    })
    .join('');
};

/**
 * Sort the key/value pairs of a top-level map reply: a RESP3 `%` map, or the flat RESP2 array
 * of alternating keys and values (HGETALL, CONFIG GET, ...).
 */
export const sortPairs: Normalizer = function sortPairs(reply) {
  return parseFrames(reply)
    .map((f) => {
      if ((f.type !== '*' && f.type !== '%') || f.children === null) return render(f);
      const kids = f.children.map(render);
      const pairs: string[][] = [];
      for (let i = 0; i + 1 < kids.length; i += 2) pairs.push([kids[i]!, kids[i + 1]!]);
      pairs.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
      return f.head + pairs.flat().join('') + (kids.length % 2 === 1 ? kids[kids.length - 1]! : '');
    })
    .join('');
};

/** Replace every integer frame, at any depth, by `:<int>` (idle times, TTLs that tick, ...). */
export const replaceInts: Normalizer = function replaceInts(reply) {
  return mapFrames(reply, (f) => (f.type === ':' ? leaf(':<int>\r\n') : undefined));
};

/** Replace every double frame (RESP3 `,`), at any depth, by `,<double>`. */
export const replaceDoubles: Normalizer = function replaceDoubles(reply) {
  return mapFrames(reply, (f) => (f.type === ',' ? leaf(',<double>\r\n') : undefined));
};

/**
 * Replace bulk or simple strings matching `pattern` (anchor it yourself) by `placeholder`, at any
 * depth, with the bulk length fixed up: `replaceStrings(/^[0-9a-f]{40}$/, '<runid>')`.
 */
export function replaceStrings(pattern: RegExp, placeholder: string): Normalizer {
  const fn: Normalizer = (reply) =>
    mapFrames(reply, (f) => {
      const text = bulkText(f);
      if (text === null || !pattern.test(text)) return undefined;
      return f.type === '+'
        ? leaf(`+${placeholder}\r\n`)
        : leaf(`$${placeholder.length}\r\n${placeholder}\r\n`);
    });
  Object.defineProperty(fn, 'name', { value: `replaceStrings(${String(pattern)})` });
  return fn;
}

/**
 * In map replies (RESP3 `%`, or a RESP2 flat array of pairs), at any depth, replace the value of
 * the field named `key` by `placeholder`: `mapValue('id')` for HELLO's client id.
 */
export function mapValue(key: string, placeholder = `<${key}>`): Normalizer {
  const fn: Normalizer = (reply) =>
    mapFrames(reply, (f) => {
      if ((f.type !== '%' && f.type !== '*') || f.children === null) return undefined;
      const kids = f.children.slice();
      let changed = false;
      for (let i = 0; i + 1 < kids.length; i += 2) {
        if (bulkText(kids[i]!) === key) {
          kids[i + 1] = leaf(`+${placeholder}\r\n`);
          changed = true;
        }
      }
      return changed ? { ...f, children: kids } : undefined;
    });
  Object.defineProperty(fn, 'name', { value: `mapValue(${JSON.stringify(key)})` });
  return fn;
}

/**
 * Rewrite the text of every bulk or simple string, at any depth, with the bulk length fixed up:
 * `mapStrings('sortWords', (t) => t.split(' ').sort().join(' '))`. For values whose parts Redis
 * orders arbitrarily (ACL rules listing single commands in hash table order).
 */
export function mapStrings(name: string, fn: (text: string) => string): Normalizer {
  const norm: Normalizer = (reply) =>
    mapFrames(reply, (f) => {
      const text = bulkText(f);
      if (text === null) return undefined;
      const out = fn(text);
      if (out === text) return undefined;
      return f.type === '+' ? leaf(`+${out}\r\n`) : leaf(`$${out.length}\r\n${out}\r\n`);
    });
  Object.defineProperty(norm, 'name', { value: name });
  return norm;
}

/** Apply normalisers left to right. */
export function compose(...normalizers: Normalizer[]): Normalizer {
  const fn: Normalizer = (reply) => normalizers.reduce((s, n) => n(s), reply);
  Object.defineProperty(fn, 'name', { value: normalizers.map((n) => n.name).join(' + ') });
  return fn;
}

/** HELLO's reply differs only in the client id. */
export const helloReply: Normalizer = mapValue('id');

/* ------------------------------------------------------------------------------------------ */
/* Comparing                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/** A case: an argument list, optionally ending with options, or a string split on spaces. */
export type Case = string | readonly string[] | readonly [...string[], DiffOptions];

function splitCase(c: Case): { args: string[]; options: DiffOptions } {
  if (typeof c === 'string') return { args: c.split(' ').filter((a) => a !== ''), options: {} };
  const last = c[c.length - 1];
  if (typeof last === 'object') return { args: c.slice(0, -1) as string[], options: last };
  return { args: c as string[], options: {} };
}

function describeArgs(args: readonly string[]): string {
  return args
    .map((a) => (/^[\x21-\x7e]{1,60}$/.test(a) && !a.includes('"') ? a : JSON.stringify(a.length > 60 ? a.slice(0, 60) + '…' : a)))
    .join(' ');
}

function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

function excerpt(s: string, at: number): string {
  const MAX = 800;
  if (s.length <= MAX) return JSON.stringify(s);
  const from = Math.max(0, at - MAX / 2);
  const to = Math.min(s.length, from + MAX);
  return `(${s.length} bytes, showing ${from}..${to}) ${from > 0 ? '…' : ''}${JSON.stringify(s.slice(from, to))}${to < s.length ? '…' : ''}`;
}

interface Replies {
  pigeon: Buffer;
  reference: Buffer;
}

async function settleBoth(what: string, p: Promise<Buffer>, r: Promise<Buffer>): Promise<Replies> {
  const [ps, rs] = await Promise.allSettled([p, r]);
  if (ps.status === 'fulfilled' && rs.status === 'fulfilled') return { pigeon: ps.value, reference: rs.value };
  const side = (s: PromiseSettledResult<Buffer>): string =>
    s.status === 'fulfilled' ? JSON.stringify(s.value.toString('latin1')) : `failed: ${(s.reason as Error).message}`;
  throw new assert.AssertionError({
    message: `${what}: a side did not reply\n  pigeon:    ${side(ps)}\n  reference: ${side(rs)}`,
  });
}

function compareReplies(what: string, got: Replies, options: DiffOptions): string {
  const p = got.pigeon.toString('latin1');
  const r = got.reference.toString('latin1');
  const norm = options.normalize;
  const pn = norm ? norm(p) : p;
  const rn = norm ? norm(r) : r;
  if (pn !== rn) {
    const at = firstDifference(pn, rn);
    const lines = [
      `Pigeon and redis-server replied differently to ${what}`,
      `  pigeon:    ${excerpt(pn, at)}`,
      `  reference: ${excerpt(rn, at)}`,
      `  first difference at byte ${at}${norm ? ` (after normalising with ${norm.name || 'an anonymous normaliser'})` : ''}`,
    ];
    if (norm) {
      lines.push(`  raw pigeon:    ${excerpt(p, 0)}`, `  raw reference: ${excerpt(r, 0)}`);
    }
    throw new assert.AssertionError({ message: lines.join('\n'), actual: pn, expected: rn, operator: 'strictEqual' });
  }
  return r;
}

/* ------------------------------------------------------------------------------------------ */
/* Client pairs                                                                                */
/* ------------------------------------------------------------------------------------------ */

function splitTrailingOptions(args: readonly (string | DiffOptions)[]): { args: string[]; options: DiffOptions } {
  return splitCase(args as Case);
}

/** One connection to Pigeon and one to the reference, driven in lockstep. */
export class ClientPair {
  constructor(
    readonly name: string,
    readonly pigeon: RawClient,
    readonly reference: RawClient,
  ) {}

  private label(what: string): string {
    return this.name === 'default' ? what : `${what} (client '${this.name}')`;
  }

  /**
   * Send one command to both sides and require the same reply. Options may follow the arguments:
   * `both('SMEMBERS', 's', { normalize: sortArray })`. Resolves with the reference's raw reply.
   */
  async both(...input: [...string[], DiffOptions] | string[]): Promise<string> {
    const { args, options } = splitTrailingOptions(input);
    const got = await settleBoth(this.label(describeArgs(args)), this.pigeon.send(...args), this.reference.send(...args));
    return compareReplies(this.label(describeArgs(args)), got, options);
  }

  /** Write raw bytes to both sides and require the same `replies` replies. */
  async bothRaw(bytes: string | Buffer, replies = 1, options: DiffOptions = {}): Promise<string> {
    const what = this.label(`raw ${JSON.stringify(typeof bytes === 'string' ? bytes : bytes.toString('latin1'))}`);
    const got = await settleBoth(what, this.pigeon.sendRaw(bytes, replies), this.reference.sendRaw(bytes, replies));
    return compareReplies(what, got, options);
  }

  /** Run cases in order, stopping at the first difference (later cases depend on earlier state). */
  async cases(list: readonly Case[]): Promise<void> {
    for (let i = 0; i < list.length; i++) {
      const { args, options } = splitCase(list[i]!);
      const what = this.label(`${describeArgs(args)} [case ${i + 1} of ${list.length}]`);
      const got = await settleBoth(what, this.pigeon.send(...args), this.reference.send(...args));
      compareReplies(what, got, options);
    }
  }

  /** Send a command to both sides without reading its reply (blocking commands, SUBSCRIBE). */
  write(...args: string[]): void {
    const bytes = encodeCommand(args);
    this.pigeon.write(bytes);
    this.reference.write(bytes);
  }

  /** Write raw bytes to both sides without reading. */
  writeRaw(bytes: string | Buffer): void {
    this.pigeon.write(bytes);
    this.reference.write(bytes);
  }

  /** Read the next `n` replies (or pushes) on both sides and require them to be the same. */
  async read(n = 1, options: DiffOptions = {}): Promise<string> {
    const what = this.label(`the next ${n} repl${n === 1 ? 'y' : 'ies'}`);
    const got = await settleBoth(what, this.pigeon.readReplies(n), this.reference.readReplies(n));
    return compareReplies(what, got, options);
  }

  /** HELLO 3 on both sides, compared with the client id normalised. */
  resp3(): Promise<string> {
    return this.both('HELLO', '3', { normalize: helloReply });
  }

  /** Both sides closed the connection (after a protocol error, QUIT, CLIENT KILL, ...). */
  async closedByServer(): Promise<void> {
    await Promise.all([this.pigeon.closed(), this.reference.closed()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.pigeon.close(), this.reference.close()]);
  }
}

/**
 * For commands whose reply is random (HRANDFIELD, SRANDMEMBER, ZRANDMEMBER, ...): a function that
 * sends `args` to both sides, requires the same reply after the `shape` normaliser (which blanks
 * what is random) and runs `check` on each side's decoded reply.
 */
export function shapeCase(
  shape: Normalizer,
): (c: ClientPair, args: string[], check: (reply: Reply, side: string) => void) => Promise<void> {
  return async (c, args, check) => {
    const [p, r] = await Promise.all([c.pigeon.send(...args), c.reference.send(...args)]);
    const ps = p.toString('latin1');
    const rs = r.toString('latin1');
    assert.equal(shape(ps), shape(rs), `${args.join(' ')}: reply shapes differ\n  pigeon:    ${JSON.stringify(ps)}\n  reference: ${JSON.stringify(rs)}`);
    check(parseReply(p), 'pigeon');
    check(parseReply(r), 'reference');
  };
}

/* ------------------------------------------------------------------------------------------ */
/* The pair of servers                                                                         */
/* ------------------------------------------------------------------------------------------ */

export interface PairOptions {
  /** Options for createBroker(), on top of the test defaults. */
  broker?: Record<string, unknown>;
  /** Extra redis-server arguments (`['--notify-keyspace-events', 'KEA']`). */
  referenceArgs?: string[];
  /** Per-read timeout of the raw clients (ms). */
  timeoutMs?: number;
}

/** Poll `cond` until it holds, with a deadline. Never a fixed sleep: it returns as soon as it can. */
export async function waitUntil(
  cond: () => boolean | Promise<boolean>,
  { timeoutMs = 5000, what = 'condition' }: { timeoutMs?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A Pigeon broker and a reference redis-server, with lazily connected client pairs. */
export class DiffPair {
  private readonly clients = new Map<string, Promise<ClientPair>>();

  private constructor(
    readonly pigeonServer: StartedBroker,
    readonly referenceServer: ReferenceServer,
    private readonly timeoutMs: number | undefined,
  ) {}

  /** Start both servers; null when redis-server is not installed (the caller skips). */
  static async start(options: PairOptions = {}): Promise<DiffPair | null> {
    const reference = await startReference(options.referenceArgs ?? []);
    if (reference === null) return null;
    let broker: StartedBroker;
    try {
      broker = await startBroker(options.broker ?? {});
    } catch (e) {
      await reference.close();
      throw e;
    }
    return new DiffPair(broker, reference, options.timeoutMs);
  }

  get pigeonPort(): number {
    return this.pigeonServer.port;
  }

  get referencePort(): number {
    return this.referenceServer.port;
  }

  /** The named client pair, connected on first use. 'default' is the one both()/cases() use. */
  client(name = 'default'): Promise<ClientPair> {
    let c = this.clients.get(name);
    if (c === undefined) {
      const opts = this.timeoutMs === undefined ? {} : { timeoutMs: this.timeoutMs };
      c = Promise.all([RawClient.connect(this.pigeonPort, opts), RawClient.connect(this.referencePort, opts)]).then(
        ([p, r]) => new ClientPair(name, p, r),
      );
      this.clients.set(name, c);
    }
    return c;
  }

  async both(...input: [...string[], DiffOptions] | string[]): Promise<string> {
    return (await this.client()).both(...input);
  }

  async bothRaw(bytes: string | Buffer, replies = 1, options: DiffOptions = {}): Promise<string> {
    return (await this.client()).bothRaw(bytes, replies, options);
  }

  async cases(list: readonly Case[]): Promise<void> {
    return (await this.client()).cases(list);
  }

  async resp3(): Promise<string> {
    return (await this.client()).resp3();
  }

  /** FLUSHALL on both servers, over a separate admin connection (whatever state the test left). */
  async flush(): Promise<void> {
    await (await this.client('__admin')).both('FLUSHALL');
  }

  /**
   * Wait until `cond` holds on each side, asked over the admin connection of that side:
   * `pair.waitEach(async (c) => (await c.send('LLEN', 'q')).toString('latin1') === ':0\r\n')`.
   */
  async waitEach(cond: (admin: RawClient, side: 'pigeon' | 'reference') => Promise<boolean>, what = 'condition'): Promise<void> {
    const admin = await this.client('__admin');
    await Promise.all([
      waitUntil(() => cond(admin.pigeon, 'pigeon'), { what: `${what} on pigeon` }),
      waitUntil(() => cond(admin.reference, 'reference'), { what: `${what} on the reference` }),
    ]);
  }

  /** Wait until `n` clients are blocked on each side (INFO clients: blocked_clients). */
  waitBlocked(n = 1): Promise<void> {
    return this.waitEach(async (c) => {
      const info = (await c.send('INFO', 'clients')).toString('latin1');
      return new RegExp(`\\r\\nblocked_clients:${n}\\r\\n`).test(info);
    }, `${n} blocked client(s)`);
  }

  /** Close every client pair, then FLUSHALL: a clean slate for the next test of a suite. */
  async reset(): Promise<void> {
    await this.closeClients();
    await this.flush();
  }

  /** Close every client pair (the next use of a name connects afresh). */
  async closeClients(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map(async (c) => (await c).close()));
  }

  async close(): Promise<void> {
    try {
      await this.closeClients();
    } finally {
      await Promise.all([this.pigeonServer.close(), this.referenceServer.close()]);
    }
  }
}

/** Run `fn` with a fresh pair, closing it afterwards; skips the test when redis-server is missing. */
export async function withPair(
  t: TestContext,
  fn: (pair: DiffPair) => Promise<void>,
  options: PairOptions = {},
): Promise<void> {
  const pair = await DiffPair.start(options);
  if (pair === null) {
    t.skip('redis-server not found');
    return;
  }
  try {
    await fn(pair);
  } finally {
    await pair.close();
  }
}

/**
 * One pair shared by the tests of the enclosing describe(): started before the first test, reset
 * before each (named clients closed, then FLUSHALL unless `flush: false`, for suites that write
 * no keys), closed after the last. `get(t)` returns the pair, or marks the test skipped and
 * returns null when redis-server is missing:
 *
 *   describe('strings', () => {
 *     const suite = pairSuite();
 *     it('GET: returns nil for a missing key', async (t) => {
 *       const pair = suite.get(t);
 *       if (!pair) return;
 *       await pair.both('GET', 'nope');
 *     });
 *   });
 */
export function pairSuite(options: PairOptions & { flush?: boolean } = {}): { get(t: TestContext): DiffPair | null } {
  let pair: DiffPair | null = null;
  before(async () => {
    pair = await DiffPair.start(options);
  });
  beforeEach(async () => {
    if (options.flush === false) await pair?.closeClients();
    else await pair?.reset();
  });
  after(async () => {
    await pair?.close();
  });
  return {
    get(t: TestContext): DiffPair | null {
      if (pair === null) t.skip('redis-server not found');
      return pair;
    },
  };
}
