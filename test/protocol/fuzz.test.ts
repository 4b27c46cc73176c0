/*
 * Protocol fuzzing over real sockets: random and mutated RESP requests thrown at a live broker.
 *
 * Inputs (fast-check): real commands from a corpus, encoded as multibulk or inline; the same with
 * mutations (byte flips, truncation, inserted random bytes, duplicated slices, length headers
 * replaced by huge, negative or malformed numbers); random bytes; inline garbage with quotes and
 * stray CR/LF; rare oversized lines. Each case is written in chunks split at random points, with an
 * event-loop turn between chunks so the broker also sees partial frames.
 *
 * Cases are batched: one connection receives a batch of cases back to back (a truncated case
 * leaves the decoder mid-frame and the next case continues it, which is fuzzing too), then the
 * client half-closes. What must hold for every batch:
 *  - the connection closes within a deadline (no hang, whatever state the decoder was left in);
 *  - everything received is a sequence of complete, well-formed RESP frames (no torn reply);
 *  - a protocol error (`-ERR Protocol error: ...`) is the last thing the connection receives;
 *  - a separate healthy connection still answers PING afterwards (the broker neither crashed nor
 *    stalled).
 * One batch in eight goes to a second broker with requirepass, unauthenticated, so the pre-AUTH
 * limits are fuzzed too. At the end every fuzzed connection must be gone from the broker.
 *
 * FUZZ_RUNS sets the number of cases (default 20,000); FUZZ_SEED replays a run. The run count is
 * printed.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startBroker, type StartedBroker } from '../helpers/broker.js';
import { encodeCommand, frameEnd, RawClient } from '../helpers/raw.js';
import { RespDecoder } from '../../src/protocol/decoder.js';

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 20_000));
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const BATCH = 50;
const CLOSE_DEADLINE_MS = 5_000;
const PING_DEADLINE_MS = 2_000;
const PASSWORD = 'fuzz-secret';
/** The broker's default proto-max-bulk-len, which the decoder model must share. */
const PROTO_MAX_BULK_LEN = 512 * 1024 * 1024;

/**
 * Real commands. Left out on purpose: commands that would act on the test harness itself rather
 * than on the fuzzed connection (CLIENT KILL, CLIENT PAUSE, CONFIG, SHUTDOWN, DEBUG, MONITOR),
 * and commands whose numeric arguments allocate in proportion (SETRANGE, SETBIT), so a digit
 * flip cannot ask for half a gigabyte.
 */
const CORPUS: string[][] = [
  ['PING'],
  ['PING', 'hello world'],
  ['ECHO', 'a\r\nb\x00\xff'],
  ['SET', 'fz:k', 'value'],
  ['SET', 'fz:k', 'v', 'EX', '100', 'NX'],
  ['SET', 'fz:k', 'v', 'PX', '5000', 'XX', 'GET'],
  ['GET', 'fz:k'],
  ['GETDEL', 'fz:gone'],
  ['INCR', 'fz:n'],
  ['INCRBY', 'fz:n', '-7'],
  ['INCRBYFLOAT', 'fz:f', '1.5e3'],
  ['APPEND', 'fz:s', 'abc'],
  ['STRLEN', 'fz:s'],
  ['GETRANGE', 'fz:s', '0', '-1'],
  ['MSET', 'fz:a', '1', 'fz:b', '2'],
  ['MGET', 'fz:a', 'fz:b', 'fz:none'],
  ['DEL', 'fz:a', 'fz:b'],
  ['EXISTS', 'fz:k', 'fz:n'],
  ['EXPIRE', 'fz:k', '100'],
  ['PEXPIRE', 'fz:s', '100000'],
  ['TTL', 'fz:k'],
  ['PERSIST', 'fz:k'],
  ['TYPE', 'fz:h'],
  ['HSET', 'fz:h', 'f', 'v', 'g', 'w'],
  ['HGET', 'fz:h', 'f'],
  ['HGETALL', 'fz:h'],
  ['HINCRBY', 'fz:h', 'n', '3'],
  ['HDEL', 'fz:h', 'g'],
  ['SADD', 'fz:set', 'a', 'b', 'c'],
  ['SMEMBERS', 'fz:set'],
  ['SISMEMBER', 'fz:set', 'a'],
  ['SREM', 'fz:set', 'b'],
  ['SCARD', 'fz:set'],
  ['ZADD', 'fz:z', '1', 'a', '2.5', 'b'],
  ['ZRANGE', 'fz:z', '0', '-1', 'WITHSCORES'],
  ['ZSCORE', 'fz:z', 'b'],
  ['ZINCRBY', 'fz:z', '2', 'a'],
  ['MULTI'],
  ['EXEC'],
  ['DISCARD'],
  ['WATCH', 'fz:k'],
  ['UNWATCH'],
  ['SELECT', '1'],
  ['SELECT', '0'],
  ['CLIENT', 'SETNAME', 'fuzz'],
  ['CLIENT', 'GETNAME'],
  ['CLIENT', 'ID'],
  ['CLIENT', 'INFO'],
  ['CLIENT', 'REPLY', 'SKIP'],
  ['CLIENT', 'REPLY', 'ON'],
  ['HELLO', '3'],
  ['HELLO', '2'],
  ['AUTH', 'wrong'],
  ['DBSIZE'],
  ['SCAN', '0', 'MATCH', 'fz:*', 'COUNT', '10'],
  ['KEYS', 'fz:*'],
  ['OBJECT', 'ENCODING', 'fz:h'],
  ['RESET'],
  ['QUIT'],
  ['NOSUCHCOMMAND', 'x'],
  ['GET'],
  [''],
];

const HUGE_NUMBERS = [
  '2147483647',
  '2147483648',
  '9223372036854775807',
  '9223372036854775808',
  '99999999999999999999',
  '-1',
  '-2',
  '-2147483649',
  '536870912',
  '536870913',
  '1048576',
  '0',
  '00',
  '-0',
  ' 5',
  '+5',
  '',
  'x',
];

/** Encode a command inline, quoting words that need it. */
function inline(args: string[]): Buffer {
  const words = args.map((a) => (/^[\x21-\x7e]+$/.test(a) && !/["']/.test(a) ? a : JSON.stringify(a)));
  return Buffer.from(words.join(' ') + '\r\n', 'latin1');
}

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'duplicate'; at: number; len: number }
  | { kind: 'header'; which: number; value: string };

function mutate(input: Buffer, m: Mutation): Buffer {
  const n = input.length;
  if (n === 0) return input;
  switch (m.kind) {
    case 'flip': {
      const out = Buffer.from(input);
      out[m.at % n] = m.byte;
      return out;
    }
    case 'truncate':
      return input.subarray(0, m.at % n);
    case 'insert': {
      const at = m.at % (n + 1);
      return Buffer.concat([input.subarray(0, at), Buffer.from(m.bytes), input.subarray(at)]);
    }
    case 'duplicate': {
      const at = m.at % n;
      return Buffer.concat([input.subarray(0, at + 1), input.subarray(at, Math.min(n, at + m.len)), input.subarray(at + 1)]);
    }
    case 'header': {
      // Replace the digits after the which-th '*' or '$' that starts a line.
      const text = input.toString('latin1');
      const headers = [...text.matchAll(/(^|\n)([*$])(-?\d*)/g)];
      if (headers.length === 0) return input;
      const h = headers[m.which % headers.length]!;
      const start = h.index + h[1]!.length + 1;
      return Buffer.from(text.slice(0, start) + m.value + text.slice(start + h[3]!.length), 'latin1');
    }
  }
}

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('header' as const), which: fc.nat(), value: fc.constantFrom(...HUGE_NUMBERS) }),
);

const commandArb = fc.constantFrom(...CORPUS);

/** The bytes of one case. */
const caseBytesArb: fc.Arbitrary<Buffer> = fc.oneof(
  // A valid command, multibulk or inline.
  { weight: 45, arbitrary: fc.tuple(commandArb, fc.boolean()).map(([args, asInline]) => (asInline ? inline(args) : encodeCommand(args))) },
  // A valid command with one to three mutations.
  {
    weight: 33,
    arbitrary: fc
      .tuple(commandArb, fc.integer({ min: 0, max: 9 }), fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
      .map(([args, enc, ms]) => ms.reduce(mutate, enc === 0 ? inline(args) : encodeCommand(args))),
  },
  // Random bytes, sometimes starting like a frame.
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.constantFrom('', '*', '$', '*1\r\n', '*2\r\n$'), fc.uint8Array({ maxLength: 64 }))
      .map(([prefix, bytes]) => Buffer.concat([Buffer.from(prefix, 'latin1'), Buffer.from(bytes)])),
  },
  // Inline garbage: words, quotes, escapes and stray line ends.
  {
    weight: 12,
    arbitrary: fc
      .array(fc.constantFrom('a', 'PING', ' ', '"', "'", '\\', '\\x4', '\\x41', '\r', '\n', '\r\n', '\t', 'SET', 'k', '\x00'), { maxLength: 24 })
      .map((parts) => Buffer.from(parts.join('') + '\r\n', 'latin1')),
  },
  // Oversized: a line longer than the inline limit, or a header line longer than it.
  {
    weight: 2,
    arbitrary: fc.constantFrom('inline', 'mbulk', 'bulk').map((kind) => {
      const body = 'x'.repeat(70 * 1024);
      if (kind === 'inline') return Buffer.from(body, 'latin1');
      if (kind === 'mbulk') return Buffer.from('*' + body, 'latin1');
      return Buffer.from('*1\r\n$' + body, 'latin1');
    }),
  },
);

interface Case {
  bytes: Buffer;
  /** Cut points (taken modulo the length) where the case is split into separate writes. */
  splits: number[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({ bytes: caseBytesArb, splits: fc.array(fc.nat(), { maxLength: 3 }) });

interface Batch {
  cases: Case[];
  /** Send to the broker with requirepass, without authenticating. */
  unauthenticated: boolean;
}

const batchArb: fc.Arbitrary<Batch> = fc.record({
  // Exactly BATCH cases per run, so the count of cases is exact (shrinking shrinks the cases).
  cases: fc.array(caseArb, { minLength: BATCH, maxLength: BATCH }),
  unauthenticated: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
});

function chunks(c: Case): Buffer[] {
  const n = c.bytes.length;
  const cuts = [...new Set(c.splits.map((s) => s % (n + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const cut of [...cuts, n]) {
    if (cut > prev) out.push(c.bytes.subarray(prev, cut));
    prev = cut;
  }
  return out;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What one connection saw, and what the decoder model expected of it. */
interface Connection {
  frames: string[];
  /** Requests the model decoded from what was sent. */
  requests: number;
  /** Of those, CLIENT REPLY requests (each may silence itself and the next reply). */
  replyModeRequests: number;
  /** The model hit a protocol error: the server must reply it last and close. */
  expectProtocolError: boolean;
  protocolError: boolean;
}

interface Session {
  socket: net.Socket;
  parts: Buffer[];
  closed: Promise<void>;
  model: RespDecoder;
  requests: number;
  replyModeRequests: number;
  /** The model says the server will close: protocol error, or QUIT. */
  over: boolean;
}

async function openSession(port: number, authenticated: boolean): Promise<Session> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  socket.setNoDelay(true);
  const parts: Buffer[] = [];
  socket.on('data', (d: Buffer) => parts.push(d));
  // A reset is a close like any other here; what matters is what was received before it.
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const model = new RespDecoder({ maxBulkLen: PROTO_MAX_BULK_LEN });
  model.authenticated = authenticated;
  return { socket, parts, closed, model, requests: 0, replyModeRequests: 0, over: false };
}

/** Write one case in its chunks and advance the model over it. */
async function sendCase(session: Session, c: Case): Promise<void> {
  for (const chunk of chunks(c)) {
    session.socket.write(chunk);
    await turn();
  }
  session.model.feed(Buffer.from(c.bytes));
  for (;;) {
    const argv = session.model.next();
    if (argv === null) break;
    session.requests++;
    const name = argv[0]!.toLowerCase();
    if (name === 'client' && argv[1]?.toLowerCase() === 'reply') session.replyModeRequests++;
    if (name === 'quit') {
      session.over = true;
      return;
    }
  }
  if (session.model.error !== null) session.over = true;
}

/** Half-close, wait for the server to close, and check everything that came back. */
async function finish(session: Session): Promise<Connection> {
  const { socket } = session;
  if (!socket.destroyed) socket.end();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CLOSE_DEADLINE_MS);
  });
  const result = await Promise.race([session.closed.then(() => 'closed' as const), deadline]);
  clearTimeout(timer);
  const received = Buffer.concat(session.parts);
  if (result === 'timeout') {
    socket.destroy();
    assert.fail(`the connection did not close within ${CLOSE_DEADLINE_MS} ms after the client half-closed; received ${show(received)}`);
  }
  const frames: string[] = [];
  let p = 0;
  while (p < received.length) {
    let end: number;
    try {
      end = frameEnd(received, p);
    } catch (e) {
      assert.fail(`malformed reply at byte ${p}: ${(e as Error).message}`);
    }
    if (end < 0) assert.fail(`the connection closed in the middle of a reply at byte ${p}: ${show(received.subarray(p))}`);
    frames.push(received.toString('latin1', p, end));
    p = end;
  }
  const errorAt = frames.findIndex((f) => f.startsWith('-ERR Protocol error'));
  if (errorAt >= 0 && errorAt !== frames.length - 1) {
    assert.fail(`replies followed a protocol error: ${JSON.stringify(frames.slice(errorAt, errorAt + 3))}`);
  }
  const expectProtocolError = session.model.error !== null;
  if (expectProtocolError) {
    // Error lines carry no CR/LF: like Redis, the broker turns them into spaces.
    const expected = `-ERR ${session.model.error!.replace(/[\r\n]/g, ' ')}\r\n`;
    assert.equal(frames[frames.length - 1], expected, 'the protocol error the decoder predicts is the last reply');
  } else {
    assert.equal(errorAt, -1, `unexpected protocol error: ${frames[errorAt]}`);
  }
  // Every decoded request is answered, except replies CLIENT REPLY SKIP silences (itself and
  // the next one); nothing is answered twice.
  const answers = frames.length - (expectProtocolError ? 1 : 0);
  assert.ok(
    answers <= session.requests && answers >= session.requests - 2 * session.replyModeRequests,
    `${answers} replies to ${session.requests} requests (${session.replyModeRequests} CLIENT REPLY)`,
  );
  return {
    frames,
    requests: session.requests,
    replyModeRequests: session.replyModeRequests,
    expectProtocolError,
    protocolError: errorAt >= 0,
  };
}

/**
 * Run a batch: cases go to one connection until the model says the server closes it (protocol
 * error or QUIT), then to a fresh one, so every case meets a live decoder in whatever state the
 * cases before it left.
 */
async function runBatch(port: number, batch: Batch): Promise<Connection[]> {
  const out: Connection[] = [];
  let session: Session | null = null;
  for (const c of batch.cases) {
    session ??= await openSession(port, !batch.unauthenticated);
    await sendCase(session, c);
    if (session.over) {
      out.push(await finish(session));
      session = null;
    }
  }
  if (session !== null) out.push(await finish(session));
  return out;
}

/** A short printable excerpt of received bytes, for failure messages. */
function show(b: Buffer): string {
  const s = b.toString('latin1');
  return s.length > 300 ? `${JSON.stringify(s.slice(0, 300))}… (${s.length} bytes)` : JSON.stringify(s);
}
async function pingWithin(c: RawClient, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const reply = await Promise.race([
    c.send('PING').then((b) => b.toString('latin1')),
    new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('(no reply)'), PING_DEADLINE_MS);
    }),
  ]);
  clearTimeout(timer);
  assert.equal(reply, '+PONG\r\n', `the ${what} broker no longer answers PING on a healthy connection`);
}

async function waitClients(s: StartedBroker, n: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (s.broker.clients.size !== n) {
    if (Date.now() > deadline) assert.fail(`${s.broker.clients.size} clients still connected, expected ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A readable rendering of a case: its bytes as a latin1 string literal, cut when long. */
function showCase(c: Case): string {
  return `${show(c.bytes)} split at ${JSON.stringify(c.splits.map((x) => x % (c.bytes.length + 1)))}`;
}

/** fast-check's default report prints every byte of every case; this one stays readable. */
function report(details: fc.RunDetails<[Batch]>): void {
  if (!details.failed) return;
  const batch = details.counterexample?.[0];
  const lines = [
    `fuzzing failed after ${details.numRuns} batches (replay with FUZZ_SEED=${details.seed}, path ${details.counterexamplePath}, shrunk ${details.numShrinks} times)`,
    `error: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
  ];
  if (batch) {
    lines.push(`counterexample: ${batch.cases.length} cases${batch.unauthenticated ? ' to the requirepass broker, unauthenticated' : ''}:`);
    for (const c of batch.cases.slice(0, 60)) lines.push('  ' + showCase(c));
  }
  throw new Error(lines.join('\n'));
}

describe('protocol fuzzing over sockets', () => {
  let open: StartedBroker;
  let locked: StartedBroker;
  let healthyOpen: RawClient;
  let healthyLocked: RawClient;

  before(async () => {
    open = await startBroker();
    locked = await startBroker({ requirepass: PASSWORD });
    healthyOpen = await RawClient.connect(open.port, { timeoutMs: PING_DEADLINE_MS * 2 });
    healthyLocked = await RawClient.connect(locked.port, { timeoutMs: PING_DEADLINE_MS * 2 });
    assert.equal((await healthyLocked.send('AUTH', PASSWORD)).toString('latin1'), '+OK\r\n');
  });

  after(async () => {
    await healthyOpen?.close();
    await healthyLocked?.close();
    await open?.close();
    await locked?.close();
  });

  it('a connection closed for a protocol error is closed even if the client keeps sending', async () => {
    // The client never half-closes and keeps streaming: the broker must still let go of the
    // connection (after its lingering close), not keep reading into a dead connection.
    const socket = net.connect({ port: open.port, host: '127.0.0.1', allowHalfOpen: true });
    const parts: Buffer[] = [];
    socket.on('data', (d: Buffer) => parts.push(d));
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('*1\r\n$4\r\nPING\r\n*x\r\n');
    const junk = Buffer.alloc(64 * 1024, 0x41);
    const pump = setInterval(() => {
      if (!socket.destroyed) socket.write(junk);
    }, 5);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      closed.then(() => 'closed'),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('still open'), CLOSE_DEADLINE_MS);
      }),
    ]);
    clearInterval(pump);
    clearTimeout(timer);
    socket.destroy();
    assert.equal(outcome, 'closed');
    assert.equal(Buffer.concat(parts).toString('latin1'), '+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n');
    await pingWithin(healthyOpen, 'open');
  });

  it(`survives ${RUNS} random and mutated requests`, { timeout: 240_000 }, async () => {
    const stats = { cases: 0, connections: 0, requests: 0, protocolErrors: 0, frames: 0, bytes: 0, unauthenticated: 0 };
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(batchArb, async (batch) => {
        const target = batch.unauthenticated ? locked : open;
        const connections = await runBatch(target.port, batch);
        stats.cases += batch.cases.length;
        stats.bytes += batch.cases.reduce((n, c) => n + c.bytes.length, 0);
        for (const conn of connections) {
          stats.connections++;
          stats.requests += conn.requests;
          stats.frames += conn.frames.length;
          if (batch.unauthenticated) stats.unauthenticated++;
          if (conn.protocolError) stats.protocolErrors++;
        }
        await pingWithin(batch.unauthenticated ? healthyLocked : healthyOpen, batch.unauthenticated ? 'requirepass' : 'open');
      }),
      { numRuns: Math.ceil(RUNS / BATCH), seed: SEED, reporter: report },
    );
    // Every fuzzed connection is gone; only the healthy ones remain.
    await waitClients(open, 1);
    await waitClients(locked, 1);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${stats.cases} cases (${stats.bytes} bytes) in ${stats.connections} connections (${stats.unauthenticated} unauthenticated) in ${secs} s: ` +
        `${stats.requests} requests decoded, ${stats.frames} replies checked, ${stats.protocolErrors} protocol errors`,
    );
    assert.ok(stats.cases >= RUNS, `ran ${stats.cases} cases, fewer than FUZZ_RUNS=${RUNS}`);
  });
});
