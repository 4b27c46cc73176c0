/**
 * Messaging benchmark (issue 3): Pigeon against redis-server, on the same machine, in the same run.
 *
 *   npm run bench:messaging                     full run: 3 runs of every part
 *   npm run bench:messaging -- --quick          smoke check: 1 run, small counts
 *   npm run bench:messaging -- --help           every option
 *
 * Each part starts a fresh pair of servers (free ports, temporary directories, no persistence) and
 * stops them by PID when it is done; a Cleanup stops them on errors and on Ctrl-C as well. Within a
 * part, which server goes first alternates from measurement to measurement and from run to run, and
 * the report gives the MEDIAN of the runs.
 *
 * 1. Commands. redis-benchmark `-c 50 -n N -P 1|16` with `-t lpush`, `-t rpop`, `-t lpop` and the custom
 *    command `PUBLISH chan hello` (no subscribers: the cost of PUBLISH itself). redis-benchmark's list
 *    tests all use the key `mylist`; before each test it is deleted and, for the pops, refilled with N
 *    3-byte elements (redis-benchmark's own value), so that every pop pops something on both servers.
 *    Targets: Pigeon/Redis ops/s at least 0.6 at -P 1, 0.4 at -P 16.
 *
 * 2. Fan-out. One publisher, S subscribers (1, 10, 50) on one channel (SUBSCRIBE) or on a pattern
 *    that matches it (PSUBSCRIBE), M messages of exactly 100 bytes (M = 1,000,000 / S^0.4, so that
 *    runs last about as long). Each message starts with the publisher's monotonic clock in
 *    microseconds (the same clock in every process: monotonicMicros()). The subscribers live in child
 *    processes (this script forked with PIGEON_BENCH_ROLE=subscribers; by default cores - 1 of them),
 *    each holding several connections and parsing pushes with a lean byte-level parser that allocates
 *    nothing per message, so that the client side costs as little as possible and is the same code
 *    for both servers. Flow control: a host reports over IPC, every window/8 messages, how many
 *    messages its slowest connection has received; the publisher (this process, a raw socket, PUBLISH
 *    pipelined in batches of up to 100) keeps at most `window` messages published and not yet
 *    received by every subscriber (default 8,000: at most about 1.1 MB of output per subscriber, far
 *    below the 8 MB soft and 32 MB hard pub/sub output limits). Every PUBLISH reply must equal S.
 *    Measured: delivered messages/s = S x M / time from the first PUBLISH written to the last message
 *    received; latency = receive time (taken once per socket read) minus the timestamp in the
 *    message, p50 and p99 over every delivery. With a full window, latency includes the wait in the
 *    window (Little's law: about window / publish rate); a smaller window lowers it, but then the IPC
 *    round trip of the flow control, not a server, limits the rate (with 2,000 on 2 cores, both
 *    servers sat at half a core). Target: Pigeon/Redis delivered messages/s at least 0.6 at 50
 *    subscribers.
 *
 * 3. Work queue. 4 producers LPUSH jobs (100 bytes, starting with the enqueue time), 4 consumers loop
 *    `BLMOVE jobs processing RIGHT LEFT 1` then `LREM processing 1 <job>` (the ack), until J jobs are
 *    acked. Jobs go in on the left and come out on the right, oldest first (BLMOVE ... LEFT ... after
 *    LPUSH would take the newest job: a stack, whose old jobs wait until the end); the taken job is at
 *    the head of `processing`, where LREM finds it at once. All 8 connections are in this process,
 *    each one command at a time. Producers keep at most `window` jobs (default 64) enqueued and not
 *    yet acked, so that the queue neither runs dry nor grows without bound. Measured: jobs/s = J /
 *    time from the first LPUSH to the last ack, and the enqueue-to-ack latency (p50, p99). Target:
 *    Pigeon/Redis jobs/s at least 0.6.
 *
 * Both fan-out and the queue also report CPU use during the measurement, in % of one core: the server's
 * (utime + stime from /proc/<pid>/stat) and the client side's (every process of this script). A server
 * well under 100% while the client is near it means the client was the bottleneck for that server; the
 * server's CPU time per delivered message (or per job) compares the servers' cost whichever side was
 * the bottleneck.
 *
 * The exit code is 1 when a measurement could not be made (a server did not start or died, redis-benchmark
 * failed, a subscriber was disconnected or missed messages, a reply was wrong); a missed target alone does
 * not fail the run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  Cleanup,
  LatencyHistogram,
  RespConnection,
  benchmarkArgs,
  commandBenchmarkArgs,
  cpuTimeMs,
  encodeCommand,
  ensurePigeonBuilt,
  errorMessage,
  formatInt,
  formatMs,
  formatRatio,
  parseCommandLine,
  reportHeader,
  markdownTable,
  median,
  monotonicMicros,
  runRedisBenchmark,
  runRedisBenchmarkCommand,
  shellLine,
  type ServerProcess,
  positiveInt,
  list,
  oneOf,
  log,
  startTargets,
  ordered,
  cpuPercent,
  formatPercent,
  Samples,
  targetCell,
} from './lib.js';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SCRIPT), '..');
/** Set in the environment of the forked subscriber hosts. */
const ROLE_ENV = 'PIGEON_BENCH_ROLE';

type Target = 'redis' | 'pigeon';
type Part = 'commands' | 'fanout' | 'queue';
const ALL_PARTS: Part[] = ['commands', 'fanout', 'queue'];

/** Minimum Pigeon/Redis ops/s ratio for the redis-benchmark part, per pipeline depth. */
const COMMAND_TARGETS = new Map<number, number>([
  [1, 0.6],
  [16, 0.4],
]);
/** Minimum Pigeon/Redis delivered messages/s, per subscriber count. */
const FANOUT_TARGETS = new Map<number, number>([[50, 0.6]]);
const QUEUE_TARGET = 0.6;

const MESSAGE_BYTES = 100;
const JOB_BYTES = 100;
const PRODUCERS = 4;
const CONSUMERS = 4;
/** A run fails when nothing moves for this long (a lost message, a stuck consumer). */
const STALL_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

interface Options {
  runs: number;
  parts: Part[];
  targets: Target[];
  build: boolean;
  // commands
  requests: number;
  clients: number;
  pipelines: number[];
  // fan-out
  messages: number;
  subscribers: number[];
  modes: FanoutMode[];
  fanoutWindow: number;
  hosts: number | undefined;
  // queue
  jobs: number;
  queueWindow: number;
}

const USAGE = `usage: npm run bench:messaging -- [options]

  --runs N              repeat every part N times and report medians (default 3)
  --parts LIST          commands,fanout,queue (default all three)
  --only T              pigeon or redis: measure one server only
  --quick               smoke check: --runs 1 -n 20000 --messages 50000 --jobs 10000 (explicit options still win)
  --build               run npm run build first even when dist/cli/main.js exists

 commands (redis-benchmark LPUSH, RPOP, LPOP, PUBLISH):
  -n, --requests N      requests per redis-benchmark test (default 200000)
  -c, --clients N       redis-benchmark connections (default 50)
  --pipelines LIST      pipeline depths (default 1,16)

 fanout (one publisher, S subscribers):
  --messages N          messages published at 1 subscriber; N/S^0.4 at S subscribers (default 1000000)
  --subscribers LIST    subscriber counts (default 1,10,50)
  --modes LIST          channel,pattern (default both)
  --fanout-window N     messages published and not yet received by every subscriber (default 8000)
  --hosts N             subscriber processes (default: cores - 1, at least 1, at most S)

 queue (4 producers LPUSH, 4 consumers BLMOVE + LREM):
  --jobs N              jobs per run (default 100000)
  --queue-window N      jobs enqueued and not yet acked (default 64)

  -h, --help            this text`;

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      runs: { type: 'string' },
      parts: { type: 'string' },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      requests: { type: 'string', short: 'n' },
      clients: { type: 'string', short: 'c' },
      pipelines: { type: 'string' },
      messages: { type: 'string' },
      subscribers: { type: 'string' },
      modes: { type: 'string' },
      'fanout-window': { type: 'string' },
      hosts: { type: 'string' },
      jobs: { type: 'string' },
      'queue-window': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const quick = values.quick === true;
  let targets: Target[] = ['redis', 'pigeon'];
  if (values.only !== undefined) targets = oneOf('only', [values.only], ['redis', 'pigeon'] as const);
  return {
    runs: positiveInt('runs', values.runs, quick ? 1 : 3),
    parts: oneOf('parts', list(values.parts, ALL_PARTS), ALL_PARTS),
    targets,
    build: values.build === true,
    requests: positiveInt('requests', values.requests, quick ? 20_000 : 200_000),
    clients: positiveInt('clients', values.clients, 50),
    pipelines: list(values.pipelines, ['1', '16']).map((p) => positiveInt('pipelines', p, 1)),
    messages: positiveInt('messages', values.messages, quick ? 50_000 : 1_000_000),
    subscribers: list(values.subscribers, ['1', '10', '50']).map((s) => positiveInt('subscribers', s, 1)),
    modes: oneOf('modes', list(values.modes, ['channel', 'pattern']), ['channel', 'pattern'] as const),
    fanoutWindow: positiveInt('fanout-window', values['fanout-window'], 8_000),
    hosts: values.hosts === undefined ? undefined : positiveInt('hosts', values.hosts, 1),
    jobs: positiveInt('jobs', values.jobs, quick ? 10_000 : 100_000),
    queueWindow: positiveInt('queue-window', values['queue-window'], 64),
  };
}

// ---------------------------------------------------------------------------------------------
// Part 1: redis-benchmark LPUSH, RPOP, LPOP, PUBLISH
// ---------------------------------------------------------------------------------------------

interface CommandTest {
  name: string;
  /** A redis-benchmark -t test, or a custom command. */
  test?: string;
  command?: string[];
  /** Fill `mylist` with `requests` elements first, so that every pop pops one. */
  prefill?: boolean;
}

const COMMAND_TESTS: CommandTest[] = [
  { name: 'LPUSH', test: 'lpush' },
  { name: 'RPOP', test: 'rpop', prefill: true },
  { name: 'LPOP', test: 'lpop', prefill: true },
  { name: 'PUBLISH', command: ['PUBLISH', 'chan', 'hello'] },
];

/** redis-benchmark's key for its list tests, and its default 3-byte value. */
const BENCH_LIST = 'mylist';
const BENCH_VALUE = 'xxx';

async function prepareList(server: ServerProcess, elements: number): Promise<void> {
  const conn = await RespConnection.connect(server.port, server.host);
  try {
    await conn.call('DEL', BENCH_LIST);
    const chunk = 1_000;
    let payload = '';
    let commands = 0;
    for (let from = 0; from < elements; from += chunk) {
      payload += encodeCommand(['RPUSH', BENCH_LIST, ...new Array<string>(Math.min(chunk, elements - from)).fill(BENCH_VALUE)]);
      commands++;
    }
    if (commands > 0) await conn.send(payload, commands);
    const length = Number(await conn.call('LLEN', BENCH_LIST));
    if (length !== elements) throw new Error(`LLEN ${BENCH_LIST} is ${length} after pushing ${elements} elements`);
  } finally {
    conn.close();
  }
}

interface PartResult {
  table: string;
  failures: string[];
}

async function commandsPart(options: Options, cleanup: Cleanup): Promise<PartResult> {
  const servers = await startTargets(options.targets, ROOT, cleanup);
  const samples = new Samples<number>();
  const key = (target: string, pipeline: number, test: string): string => `${target}|${pipeline}|${test}`;
  const failures: string[] = [];

  try {
    for (let run = 0; run < options.runs; run++) {
      let turn = run;
      for (const pipeline of options.pipelines) {
        for (const test of COMMAND_TESTS) {
          for (const server of ordered(servers, turn)) {
            cleanup.check();
            const label = `run ${run + 1}/${options.runs} -P ${pipeline} ${test.name} ${server.name}`;
            if (!server.alive()) {
              failures.push(`${label}: ${server.name} is not running\n${server.output().trim()}`);
              continue;
            }
            try {
              await prepareList(server, test.prefill === true ? options.requests : 0);
              const common = { host: server.host, port: server.port, clients: options.clients, requests: options.requests, pipeline, signal: cleanup.signal };
              const rps =
                test.command !== undefined
                  ? (await runRedisBenchmarkCommand({ ...common, command: test.command })).rps
                  : (await runRedisBenchmark({ ...common, tests: [test.test!] }))[0]!.rps;
              samples.add(key(server.name, pipeline, test.name), rps);
              log(`${label}: ${formatInt(rps)} ops/s`);
            } catch (err) {
              cleanup.check();
              failures.push(`${label}: ${errorMessage(err)}`);
              log(`${label}: FAILED: ${errorMessage(err)}`);
            }
          }
          turn++;
        }
      }
    }
  } finally {
    for (const server of servers) await cleanup.stop(server);
  }

  const rows: string[][] = [];
  let partial = false;
  for (const pipeline of options.pipelines) {
    for (const test of COMMAND_TESTS) {
      const cell = (target: Target): { text: string; value: number } => {
        if (!options.targets.includes(target)) return { text: '—', value: NaN };
        const got = samples.get(key(target, pipeline, test.name));
        if (got.length === 0) return { text: 'error', value: NaN };
        partial ||= got.length < options.runs;
        return { text: `${formatInt(median(got))}${got.length < options.runs ? '*' : ''}`, value: median(got) };
      };
      const redis = cell('redis');
      const pigeon = cell('pigeon');
      const ratio = pigeon.value / redis.value;
      rows.push([test.name, String(pipeline), redis.text, pigeon.text, formatRatio(ratio), targetCell('≥', COMMAND_TARGETS.get(pipeline), ratio)]);
    }
  }
  let table = markdownTable(['test', 'pipeline', 'Redis ops/s', 'Pigeon ops/s', 'Pigeon/Redis', 'target'], rows, [
    'left',
    'right',
    'right',
    'right',
    'right',
    'left',
  ]);
  if (partial) table += `\n\n\\* median of fewer than ${options.runs} runs: some runs failed (see below).`;
  return { table, failures };
}

// ---------------------------------------------------------------------------------------------
// Part 2: fan-out. The subscriber side (runs in the forked hosts)
// ---------------------------------------------------------------------------------------------

type FanoutMode = 'channel' | 'pattern';

const FANOUT_CHANNEL = 'bench:fanout:chan';
const FANOUT_PATTERN = 'bench:fanout:*';

/** Parent -> subscriber host. */
type HostCommand =
  | {
      type: 'run';
      host: string;
      port: number;
      mode: FanoutMode;
      connections: number;
      /** Messages each connection must receive. */
      expected: number;
      /** Report progress every `step` messages received by the slowest connection. */
      step: number;
    }
  | { type: 'stop' };

/** Subscriber host -> parent. */
type HostReport =
  | { type: 'ready' }
  | { type: 'progress'; received: number }
  | { type: 'done'; lastAtMicros: number; histogram: number[]; maxMicros: number; cpuMs: number }
  | { type: 'error'; message: string };

/*
 * The push parser. A subscriber receives, in RESP2,
 *   *3\r\n$9\r\nsubscribe\r\n$<n>\r\n<channel>\r\n:1\r\n                     (and psubscribe)
 *   *3\r\n$7\r\nmessage\r\n$<n>\r\n<channel>\r\n$100\r\n<payload>\r\n
 *   *4\r\n$8\r\npmessage\r\n$<n>\r\n<pattern>\r\n$<n>\r\n<channel>\r\n$100\r\n<payload>\r\n
 * parsePush() walks one frame without allocating and leaves in module scratch variables what the
 * caller needs: the length of the first element (7 message, 8 pmessage, 9 subscribe, 10 psubscribe,
 * which tells them apart) and where the last bulk string (the payload) starts.
 */
let scratchInt = 0;
let pushKindLength = 0;
let pushLastStart = 0;

class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** Reads `[-]digits\r\n` at pos into scratchInt; the position after it, or -1 if the buffer ends first. */
function readIntLine(buf: Buffer, pos: number): number {
  let negative = false;
  if (pos < buf.length && buf[pos] === 0x2d) {
    negative = true;
    pos++;
  }
  let n = 0;
  for (; pos < buf.length; pos++) {
    const byte = buf[pos]!;
    if (byte === 0x0d) {
      if (pos + 1 >= buf.length) return -1;
      scratchInt = negative ? -n : n;
      return pos + 2;
    }
    if (byte < 0x30 || byte > 0x39) throw new ProtocolError(`bad integer in a push: ${JSON.stringify(buf.toString('latin1', pos, pos + 40))}`);
    n = n * 10 + (byte - 0x30);
  }
  return -1;
}

/** Parses the push frame at pos; returns the position after it, or -1 when it is not all there yet. */
function parsePush(buf: Buffer, pos: number): number {
  const type = buf[pos];
  if (type !== 0x2a) {
    const lineEnd = buf.indexOf(0x0d, pos);
    throw new ProtocolError(`expected a push, got ${JSON.stringify(buf.toString('utf8', pos, lineEnd < 0 ? pos + 80 : lineEnd))}`);
  }
  let p = readIntLine(buf, pos + 1);
  if (p < 0) return -1;
  const count = scratchInt;
  for (let i = 0; i < count; i++) {
    if (p >= buf.length) return -1;
    const elementType = buf[p];
    if (elementType === 0x24) {
      p = readIntLine(buf, p + 1);
      if (p < 0) return -1;
      const length = scratchInt;
      if (p + length + 2 > buf.length) return -1;
      if (i === 0) pushKindLength = length;
      pushLastStart = p;
      p += length + 2;
    } else if (elementType === 0x3a) {
      p = readIntLine(buf, p + 1);
      if (p < 0) return -1;
    } else {
      throw new ProtocolError(`unexpected element type ${JSON.stringify(String.fromCharCode(elementType ?? 0))} in a push`);
    }
  }
  return p;
}

/** The 16-digit microsecond timestamp a message starts with. */
function readStamp(buf: Buffer, pos: number): number {
  let n = 0;
  for (let i = pos; i < pos + 16; i++) n = n * 10 + (buf[i]! - 0x30);
  return n;
}

/** One fan-out run inside a subscriber host: `connections` subscribers on one server. */
class SubscriberRun {
  readonly #command: Extract<HostCommand, { type: 'run' }>;
  readonly #report: (report: HostReport) => void;
  readonly #sockets: net.Socket[] = [];
  readonly #received: number[] = [];
  readonly #rest: (Buffer | undefined)[] = [];
  /** reached[k]: connections that have received at least k * step messages. */
  readonly #reached: Uint32Array;
  readonly #histogram = new LatencyHistogram();
  #level = 0;
  #confirmed = 0;
  #finished = 0;
  #lastAt = 0;
  #cpuAtReady: NodeJS.CpuUsage | undefined;
  #over = false;

  constructor(command: Extract<HostCommand, { type: 'run' }>, report: (report: HostReport) => void) {
    this.#command = command;
    this.#report = report;
    this.#reached = new Uint32Array(Math.floor(command.expected / command.step) + 2);
  }

  async start(): Promise<void> {
    const { host, port, mode, connections } = this.#command;
    const subscribe = encodeCommand(mode === 'channel' ? ['SUBSCRIBE', FANOUT_CHANNEL] : ['PSUBSCRIBE', FANOUT_PATTERN]);
    for (let i = 0; i < connections; i++) {
      const socket = await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect({ host, port }, () => resolve(s));
        s.once('error', reject);
      });
      socket.removeAllListeners('error');
      socket.setNoDelay(true);
      this.#sockets.push(socket);
      this.#received.push(0);
      this.#rest.push(undefined);
      socket.on('data', (chunk: Buffer) => this.#onData(i, chunk));
      socket.on('error', (err) => this.#fail(`subscriber ${i}: ${err.message}`));
      socket.on('close', () => this.#fail(`subscriber ${i}: connection closed by the server after ${this.#received[i]} of ${this.#command.expected} messages`));
      socket.write(subscribe);
    }
  }

  close(): void {
    this.#over = true;
    for (const socket of this.#sockets) socket.destroy();
  }

  #fail(message: string): void {
    if (this.#over) return;
    this.close();
    this.#report({ type: 'error', message });
  }

  #onData(index: number, chunk: Buffer): void {
    if (this.#over) return;
    const rest = this.#rest[index];
    const buf = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
    const now = monotonicMicros();
    let pos = 0;
    let messages = 0;
    try {
      while (pos < buf.length) {
        const end = parsePush(buf, pos);
        if (end < 0) break;
        if (pushKindLength === 7 || pushKindLength === 8) {
          this.#histogram.record(now - readStamp(buf, pushLastStart));
          messages++;
        } else if (pushKindLength === 9 || pushKindLength === 10) {
          if (++this.#confirmed === this.#command.connections) {
            this.#cpuAtReady = process.cpuUsage();
            this.#report({ type: 'ready' });
          }
        }
        pos = end;
      }
    } catch (err) {
      this.#fail(`subscriber ${index}: ${errorMessage(err)}`);
      return;
    }
    this.#rest[index] = pos < buf.length ? buf.subarray(pos) : undefined;
    if (messages > 0) this.#onMessages(index, messages, now);
  }

  #onMessages(index: number, messages: number, now: number): void {
    const { expected, step, connections } = this.#command;
    const before = this.#received[index]!;
    const after = before + messages;
    this.#received[index] = after;
    this.#lastAt = Math.max(this.#lastAt, now);
    if (after > expected) return this.#fail(`subscriber ${index}: received ${after} messages, ${expected} were published`);
    for (let k = Math.floor(before / step) + 1; k <= Math.floor(after / step); k++) this.#reached[k]!++;
    let level = this.#level;
    while (level + 1 < this.#reached.length && this.#reached[level + 1] === connections) level++;
    if (level > this.#level) {
      this.#level = level;
      if (level * step < expected) this.#report({ type: 'progress', received: level * step });
    }
    if (after === expected && ++this.#finished === connections) {
      const cpu = process.cpuUsage(this.#cpuAtReady);
      this.#over = true;
      this.#report({
        type: 'done',
        lastAtMicros: this.#lastAt,
        histogram: this.#histogram.toArray(),
        maxMicros: this.#histogram.maxMicros,
        cpuMs: (cpu.user + cpu.system) / 1000,
      });
      this.close();
    }
  }
}

/** Entry point of a forked subscriber host: runs what the parent asks, one run at a time. */
function subscriberHostMain(): void {
  const report = (r: HostReport): void => {
    process.send?.(r);
  };
  let run: SubscriberRun | undefined;
  process.on('message', (command: HostCommand) => {
    run?.close();
    run = undefined;
    if (command.type === 'stop') {
      process.disconnect();
      return;
    }
    const current = new SubscriberRun(command, report);
    run = current;
    current.start().catch((err: unknown) => {
      current.close();
      report({ type: 'error', message: `connecting subscribers: ${errorMessage(err)}` });
    });
  });
  // The parent is gone (or said stop): nothing is left to do.
  process.on('disconnect', () => {
    run?.close();
    process.exit(0);
  });
}

// ---------------------------------------------------------------------------------------------
// Part 2: fan-out. The publisher side (this process)
// ---------------------------------------------------------------------------------------------

/**
 * Progress of one run, shared by the publisher loop, the IPC handlers and the reply parser: next()
 * resolves at the next update() and rejects once fail() has been called; a watchdog fails the run
 * when nothing has been updated for STALL_MS.
 */
class RunState {
  #waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  #error: Error | undefined;
  #lastUpdate = Date.now();
  readonly #watchdog: NodeJS.Timeout;

  constructor(what: string) {
    this.#watchdog = setInterval(() => {
      if (Date.now() - this.#lastUpdate > STALL_MS) this.fail(new Error(`${what}: no progress for ${STALL_MS / 1000} s`));
    }, 1_000);
  }

  get error(): Error | undefined {
    return this.#error;
  }

  update(): void {
    this.#lastUpdate = Date.now();
    if (this.#waiters.length > 0) for (const waiter of this.#waiters.splice(0)) waiter.resolve();
  }

  fail(err: Error): void {
    this.#error ??= err;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#error);
  }

  next(): Promise<void> {
    if (this.#error !== undefined) return Promise.reject(this.#error);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Waits until the condition holds (checked after every update). */
  async until(condition: () => boolean): Promise<void> {
    while (!condition()) await this.next();
    if (this.#error !== undefined) throw this.#error;
  }

  dispose(): void {
    clearInterval(this.#watchdog);
  }
}

/** A forked subscriber host, as seen from the parent. */
class SubscriberHost {
  readonly #child: ChildProcess;
  #listener: ((report: HostReport) => void) | undefined;
  #exit: string | undefined;

  constructor() {
    // execArgv is inherited: under tsx, the child gets tsx's loader and runs this same file.
    this.#child = fork(SCRIPT, [], { env: { ...process.env, [ROLE_ENV]: 'subscribers' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child.on('message', (report: HostReport) => this.#listener?.(report));
    this.#child.on('exit', (code, signal) => {
      this.#exit = `subscriber process ${this.#child.pid} exited with ${code ?? signal}`;
      this.#listener?.({ type: 'error', message: this.#exit });
    });
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  run(command: Extract<HostCommand, { type: 'run' }>, listener: (report: HostReport) => void): void {
    this.#listener = listener;
    if (this.#exit !== undefined) {
      listener({ type: 'error', message: this.#exit });
      return;
    }
    this.#child.send(command);
  }

  /** Ends the current run, if any, on the host side. */
  reset(): void {
    this.#listener = undefined;
  }

  stop(): void {
    if (this.#exit !== undefined) return;
    if (this.#child.connected) this.#child.send({ type: 'stop' } satisfies HostCommand);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 2_000);
    timer.unref();
  }

  killSync(): void {
    if (this.#exit === undefined) this.#child.kill('SIGKILL');
  }
}

/**
 * The publisher's connection: writes PUBLISH batches and counts the integer replies, each of which
 * must be the number of subscribers.
 */
class Publisher {
  readonly #socket: net.Socket;
  readonly #receivers: number;
  readonly #state: RunState;
  readonly #head: string;
  replies = 0;
  #type = -1;
  #value = 0;
  #line = '';

  private constructor(socket: net.Socket, receivers: number, state: RunState) {
    this.#socket = socket;
    this.#receivers = receivers;
    this.#state = state;
    this.#head = `*3\r\n$7\r\nPUBLISH\r\n$${FANOUT_CHANNEL.length}\r\n${FANOUT_CHANNEL}\r\n$${MESSAGE_BYTES}\r\n`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (err) => state.fail(new Error(`publisher: ${err.message}`)));
    socket.on('close', () => state.fail(new Error('publisher: connection closed')));
  }

  static connect(host: string, port: number, receivers: number, state: RunState): Promise<Publisher> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => {
        socket.removeAllListeners('error');
        resolve(new Publisher(socket, receivers, state));
      });
      socket.once('error', reject);
    });
  }

  /** Publishes messages [from, from + count), stamped now; resolves when the socket can take more. */
  async publish(from: number, count: number): Promise<void> {
    const stamp = String(monotonicMicros()).padStart(16, '0');
    let frames = '';
    for (let i = from; i < from + count; i++) {
      const body = `${stamp}:${String(i).padStart(10, '0')}:`;
      frames += `${this.#head}${body}${PADDING.slice(body.length, MESSAGE_BYTES)}\r\n`;
    }
    if (!this.#socket.write(frames, 'latin1')) {
      await new Promise<void>((resolve) => this.#socket.once('drain', resolve));
    }
  }

  close(): void {
    this.#socket.removeAllListeners('close');
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 0x0a) {
        if (this.#type !== 0x3a || this.#value !== this.#receivers) {
          const reply = this.#type === 0x3a ? String(this.#value) : `${String.fromCharCode(this.#type)}${this.#line}`;
          this.#state.fail(new Error(`PUBLISH answered ${JSON.stringify(reply)}, expected ${this.#receivers} receivers`));
        }
        this.replies++;
        this.#type = -1;
        this.#value = 0;
        this.#line = '';
      } else if (this.#type === -1) {
        this.#type = byte;
      } else if (byte !== 0x0d) {
        if (this.#type === 0x3a && byte >= 0x30 && byte <= 0x39) this.#value = this.#value * 10 + (byte - 0x30);
        else this.#line += String.fromCharCode(byte);
      }
    }
    this.#state.update();
  }
}

const PADDING = 'x'.repeat(Math.max(MESSAGE_BYTES, JOB_BYTES));

interface FanoutConfig {
  mode: FanoutMode;
  subscribers: number;
  messages: number;
}

interface FanoutSample {
  rate: number;
  p50Ms: number;
  p99Ms: number;
  serverCpu: number;
  clientCpu: number;
  /** Server CPU time per delivered message. */
  serverMicrosPerMessage: number;
}

/** base / S^0.4: 1 -> base, 10 -> 0.40 base, 50 -> 0.21 base, so that runs last about as long. */
function fanoutMessages(base: number, subscribers: number): number {
  return Math.max(1_000, Math.round(base / subscribers ** 0.4));
}

async function fanoutRun(server: ServerProcess, hosts: SubscriberHost[], config: FanoutConfig, window: number): Promise<FanoutSample> {
  const { mode, subscribers, messages } = config;
  const used = hosts.slice(0, Math.min(hosts.length, subscribers));
  const connections = used.map((_, i) => Math.floor(subscribers / used.length) + (i < subscribers % used.length ? 1 : 0));
  const step = Math.max(1, Math.floor(window / 8));
  const state = new RunState(`fan-out ${mode} x${subscribers} on ${server.name}`);
  const received = used.map(() => 0);
  const done: (Extract<HostReport, { type: 'done' }> | undefined)[] = used.map(() => undefined);
  let ready = 0;
  let publisher: Publisher | undefined;
  const serverDied = setInterval(() => {
    if (!server.alive()) state.fail(new Error(`${server.name} is not running\n${server.output().trim()}`));
  }, 500);
  try {
    used.forEach((host, i) => {
      host.run({ type: 'run', host: server.host, port: server.port, mode, connections: connections[i]!, expected: messages, step }, (report) => {
        switch (report.type) {
          case 'ready':
            ready++;
            break;
          case 'progress':
            received[i] = Math.max(received[i]!, report.received);
            break;
          case 'done':
            received[i] = messages;
            done[i] = report;
            break;
          case 'error':
            state.fail(new Error(report.message));
            break;
        }
        state.update();
      });
    });
    await state.until(() => ready === used.length);
    publisher = await Publisher.connect(server.host, server.port, subscribers, state);

    const serverCpuBefore = cpuTimeMs(server.pid);
    const clientCpuBefore = process.cpuUsage();
    const started = monotonicMicros();
    const slowest = (): number => Math.min(...received);
    let sent = 0;
    while (sent < messages) {
      const room = Math.min(100, messages - sent, window - (sent - slowest()));
      if (room <= 0) {
        await state.next();
        continue;
      }
      await publisher.publish(sent, room);
      sent += room;
      if (state.error !== undefined) throw state.error;
    }
    const pub = publisher;
    await state.until(() => done.every((d) => d !== undefined) && pub.replies === messages);
    const serverCpuMs = cpuTimeMs(server.pid) - serverCpuBefore;
    const ownCpu = process.cpuUsage(clientCpuBefore);

    const reports = done as Extract<HostReport, { type: 'done' }>[];
    const elapsedMs = (Math.max(...reports.map((r) => r.lastAtMicros)) - started) / 1000;
    const histogram = new LatencyHistogram();
    for (const r of reports) histogram.merge(new LatencyHistogram(r.histogram, r.maxMicros));
    if (histogram.count !== subscribers * messages) throw new Error(`${histogram.count} latencies recorded for ${subscribers * messages} deliveries`);
    const clientCpuMs = (ownCpu.user + ownCpu.system) / 1000 + reports.reduce((sum, r) => sum + r.cpuMs, 0);
    return {
      rate: (subscribers * messages) / (elapsedMs / 1000),
      p50Ms: histogram.quantile(0.5) / 1000,
      p99Ms: histogram.quantile(0.99) / 1000,
      serverCpu: cpuPercent(serverCpuMs, elapsedMs),
      clientCpu: cpuPercent(clientCpuMs, elapsedMs),
      serverMicrosPerMessage: (serverCpuMs * 1000) / (subscribers * messages),
    };
  } finally {
    clearInterval(serverDied);
    state.dispose();
    publisher?.close();
    for (const host of used) host.reset();
  }
}

async function fanoutPart(options: Options, cleanup: Cleanup): Promise<PartResult> {
  const hostCount = options.hosts ?? Math.max(1, os.cpus().length - 1);
  const hosts = Array.from({ length: hostCount }, () => new SubscriberHost());
  const stopHosts = (): void => hosts.forEach((h) => h.killSync());
  cleanup.signal.addEventListener('abort', stopHosts);
  process.once('exit', stopHosts);
  log(`fan-out: ${hostCount} subscriber process(es): pid ${hosts.map((h) => h.pid).join(', ')}`);

  const configs: FanoutConfig[] = [];
  for (const mode of options.modes) {
    for (const subscribers of options.subscribers) configs.push({ mode, subscribers, messages: fanoutMessages(options.messages, subscribers) });
  }
  const samples = new Samples<FanoutSample>();
  const key = (target: string, c: FanoutConfig): string => `${target}|${c.mode}|${c.subscribers}`;
  const failures: string[] = [];
  const servers = await startTargets(options.targets, ROOT, cleanup);

  try {
    for (let run = 0; run < options.runs; run++) {
      let turn = run;
      for (const config of configs) {
        for (const server of ordered(servers, turn)) {
          cleanup.check();
          const label = `run ${run + 1}/${options.runs} fan-out ${config.mode} ${config.subscribers} subscriber(s) x ${formatInt(config.messages)} messages ${server.name}`;
          try {
            const sample = await fanoutRun(server, hosts, config, options.fanoutWindow);
            samples.add(key(server.name, config), sample);
            log(
              `${label}: ${formatInt(sample.rate)} msg/s, p50 ${formatMs(sample.p50Ms)} ms, p99 ${formatMs(sample.p99Ms)} ms, ` +
                `CPU server ${formatPercent(sample.serverCpu)} client ${formatPercent(sample.clientCpu)}, server ${sample.serverMicrosPerMessage.toFixed(2)} µs/msg`,
            );
          } catch (err) {
            cleanup.check();
            failures.push(`${label}: ${errorMessage(err)}`);
            log(`${label}: FAILED: ${errorMessage(err)}`);
          }
        }
        turn++;
      }
    }
  } finally {
    for (const server of servers) await cleanup.stop(server);
    for (const host of hosts) host.stop();
    cleanup.signal.removeEventListener('abort', stopHosts);
  }

  const rows: string[][] = [];
  let partial = false;
  for (const config of configs) {
    const pick = (target: Target): { got: FanoutSample[]; mark: string } => {
      const got = samples.get(key(target, config));
      const short = options.targets.includes(target) && got.length > 0 && got.length < options.runs;
      partial ||= short;
      return { got, mark: short ? '*' : '' };
    };
    const redis = pick('redis');
    const pigeon = pick('pigeon');
    const m = (got: FanoutSample[], f: (s: FanoutSample) => number): number => median(got.map(f));
    const rateCell = (target: Target, p: { got: FanoutSample[]; mark: string }): string =>
      !options.targets.includes(target) ? '—' : p.got.length === 0 ? 'error' : `${formatInt(m(p.got, (s) => s.rate))}${p.mark}`;
    const latencyCell = (got: FanoutSample[]): string =>
      got.length === 0 ? '—' : `${formatMs(m(got, (s) => s.p50Ms))} / ${formatMs(m(got, (s) => s.p99Ms))}`;
    const cpuCell = (got: FanoutSample[]): string =>
      got.length === 0 ? '—' : `${formatPercent(m(got, (s) => s.serverCpu))} / ${formatPercent(m(got, (s) => s.clientCpu))}`;
    const costCell = (got: FanoutSample[]): string => (got.length === 0 ? '—' : m(got, (s) => s.serverMicrosPerMessage).toFixed(2));
    const ratio = m(pigeon.got, (s) => s.rate) / m(redis.got, (s) => s.rate);
    rows.push([
      config.mode === 'channel' ? 'SUBSCRIBE' : 'PSUBSCRIBE',
      String(config.subscribers),
      formatInt(config.messages),
      rateCell('redis', redis),
      rateCell('pigeon', pigeon),
      formatRatio(ratio),
      targetCell('≥', FANOUT_TARGETS.get(config.subscribers), ratio),
      latencyCell(redis.got),
      latencyCell(pigeon.got),
      cpuCell(redis.got),
      cpuCell(pigeon.got),
      `${costCell(redis.got)} / ${costCell(pigeon.got)}`,
    ]);
  }
  let table = markdownTable(
    [
      'subscribe',
      'subscribers',
      'messages',
      'Redis msg/s',
      'Pigeon msg/s',
      'Pigeon/Redis',
      'target',
      'Redis p50 / p99 ms',
      'Pigeon p50 / p99 ms',
      'Redis CPU server / client',
      'Pigeon CPU server / client',
      'server CPU µs/msg Redis / Pigeon',
    ],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'left', 'right', 'right', 'right', 'right', 'right'],
  );
  if (partial) table += `\n\n\\* median of fewer than ${options.runs} runs: some runs failed (see below).`;
  return { table, failures };
}

// ---------------------------------------------------------------------------------------------
// Part 3: work queue
// ---------------------------------------------------------------------------------------------

/** The queue's keys: pending jobs, and jobs taken by a consumer and not yet acked. */
const QueueKeys = { jobs: 'bench:queue:jobs', processing: 'bench:queue:processing' } as const;

interface QueueSample {
  rate: number;
  p50Ms: number;
  p99Ms: number;
  serverCpu: number;
  clientCpu: number;
  /** Server CPU time per job (LPUSH + BLMOVE + LREM). */
  serverMicrosPerJob: number;
}

/*
 * One run: producers LPUSH `<16-digit enqueue µs>:<job number>:xxx...` (JOB_BYTES bytes, unique, so
 * that LREM removes exactly the job that was taken); consumers BLMOVE it from the right end of the
 * jobs list to the left end of the processing list (the oldest job first: a FIFO queue), then ack with
 * LREM processing 1 <job>, which finds it at once at the head. Afterwards both lists must be empty.
 */
async function queueRun(server: ServerProcess, jobs: number, window: number): Promise<QueueSample> {
  const state = new RunState(`work queue on ${server.name}`);
  const connections: RespConnection[] = [];
  const histogram = new LatencyHistogram();
  let enqueued = 0;
  let acked = 0;
  let finished = false;
  let endedAt = 0;
  const serverDied = setInterval(() => {
    if (!server.alive()) state.fail(new Error(`${server.name} is not running\n${server.output().trim()}`));
  }, 500);
  const connect = async (): Promise<RespConnection> => {
    const conn = await RespConnection.connect(server.port, server.host);
    connections.push(conn);
    return conn;
  };

  const producer = async (conn: RespConnection): Promise<void> => {
    while (enqueued < jobs) {
      if (enqueued - acked >= window) {
        await state.next();
        continue;
      }
      const id = enqueued++;
      const head = `${String(monotonicMicros()).padStart(16, '0')}:${id}:`;
      const length = await conn.call('LPUSH', QueueKeys.jobs, head + PADDING.slice(head.length, JOB_BYTES));
      if (typeof length !== 'number') throw new Error(`LPUSH answered ${JSON.stringify(length)}`);
    }
  };

  const consumer = async (conn: RespConnection): Promise<void> => {
    while (!finished) {
      const job = await conn.call('BLMOVE', QueueKeys.jobs, QueueKeys.processing, 'RIGHT', 'LEFT', 1);
      if (job === null) continue;
      if (typeof job !== 'string' || job.length !== JOB_BYTES) throw new Error(`BLMOVE answered ${JSON.stringify(job)}`);
      const removed = await conn.call('LREM', QueueKeys.processing, 1, job);
      if (removed !== 1) throw new Error(`LREM of a job just moved answered ${JSON.stringify(removed)}`);
      const now = monotonicMicros();
      histogram.record(now - Number(job.slice(0, 16)));
      if (++acked === jobs) {
        endedAt = now;
        finished = true;
      }
      state.update();
    }
  };

  try {
    const control = await connect();
    await control.call('DEL', QueueKeys.jobs, QueueKeys.processing);
    const producers = await Promise.all(Array.from({ length: PRODUCERS }, connect));
    const consumers = await Promise.all(Array.from({ length: CONSUMERS }, connect));

    const serverCpuBefore = cpuTimeMs(server.pid);
    const clientCpuBefore = process.cpuUsage();
    const startedAt = monotonicMicros();
    // A loop that fails after the last ack (a consumer's BLMOVE cut off by close()) does not count.
    const guard = (loop: Promise<void>): void => {
      loop.catch((err: unknown) => {
        if (!finished) state.fail(err instanceof Error ? err : new Error(String(err)));
      });
    };
    consumers.forEach((conn) => guard(consumer(conn)));
    producers.forEach((conn) => guard(producer(conn)));
    await state.until(() => finished);
    const serverCpuMs = cpuTimeMs(server.pid) - serverCpuBefore;
    const ownCpu = process.cpuUsage(clientCpuBefore);
    const elapsedMs = (endedAt - startedAt) / 1000;

    const left = await control.pipeline([
      ['LLEN', QueueKeys.jobs],
      ['LLEN', QueueKeys.processing],
    ]);
    if (left[0] !== 0 || left[1] !== 0) throw new Error(`after the last ack, LLEN jobs is ${String(left[0])} and LLEN processing is ${String(left[1])}`);
    return {
      rate: jobs / (elapsedMs / 1000),
      p50Ms: histogram.quantile(0.5) / 1000,
      p99Ms: histogram.quantile(0.99) / 1000,
      serverCpu: cpuPercent(serverCpuMs, elapsedMs),
      clientCpu: cpuPercent((ownCpu.user + ownCpu.system) / 1000, elapsedMs),
      serverMicrosPerJob: (serverCpuMs * 1000) / jobs,
    };
  } finally {
    finished = true;
    clearInterval(serverDied);
    state.dispose();
    for (const conn of connections) conn.close();
  }
}

async function queuePart(options: Options, cleanup: Cleanup): Promise<PartResult> {
  const servers = await startTargets(options.targets, ROOT, cleanup);
  const samples = new Samples<QueueSample>();
  const failures: string[] = [];
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const server of ordered(servers, run)) {
        cleanup.check();
        const label = `run ${run + 1}/${options.runs} work queue ${formatInt(options.jobs)} jobs ${server.name}`;
        try {
          const sample = await queueRun(server, options.jobs, options.queueWindow);
          samples.add(server.name, sample);
          log(
            `${label}: ${formatInt(sample.rate)} jobs/s, p50 ${formatMs(sample.p50Ms)} ms, p99 ${formatMs(sample.p99Ms)} ms, ` +
              `CPU server ${formatPercent(sample.serverCpu)} client ${formatPercent(sample.clientCpu)}, server ${sample.serverMicrosPerJob.toFixed(1)} µs/job`,
          );
        } catch (err) {
          cleanup.check();
          failures.push(`${label}: ${errorMessage(err)}`);
          log(`${label}: FAILED: ${errorMessage(err)}`);
        }
      }
    }
  } finally {
    for (const server of servers) await cleanup.stop(server);
  }

  const m = (got: QueueSample[], f: (s: QueueSample) => number): number => median(got.map(f));
  const redis = samples.get('redis');
  const pigeon = samples.get('pigeon');
  let partial = false;
  const rateCell = (target: Target, got: QueueSample[]): string => {
    if (!options.targets.includes(target)) return '—';
    if (got.length === 0) return 'error';
    partial ||= got.length < options.runs;
    return `${formatInt(m(got, (s) => s.rate))}${got.length < options.runs ? '*' : ''}`;
  };
  const ratio = m(pigeon, (s) => s.rate) / m(redis, (s) => s.rate);
  const latencyCell = (got: QueueSample[]): string => (got.length === 0 ? '—' : `${formatMs(m(got, (s) => s.p50Ms))} / ${formatMs(m(got, (s) => s.p99Ms))}`);
  const cpuCell = (got: QueueSample[]): string =>
    got.length === 0 ? '—' : `${formatPercent(m(got, (s) => s.serverCpu))} / ${formatPercent(m(got, (s) => s.clientCpu))}`;
  const costCell = (got: QueueSample[]): string => (got.length === 0 ? '—' : m(got, (s) => s.serverMicrosPerJob).toFixed(1));
  let table = markdownTable(
    [
      'jobs',
      'Redis jobs/s',
      'Pigeon jobs/s',
      'Pigeon/Redis',
      'target',
      'Redis p50 / p99 ms',
      'Pigeon p50 / p99 ms',
      'Redis CPU server / client',
      'Pigeon CPU server / client',
      'server CPU µs/job Redis / Pigeon',
    ],
    [
      [
        formatInt(options.jobs),
        rateCell('redis', redis),
        rateCell('pigeon', pigeon),
        formatRatio(ratio),
        targetCell('≥', QUEUE_TARGET, ratio),
        latencyCell(redis),
        latencyCell(pigeon),
        cpuCell(redis),
        cpuCell(pigeon),
        `${costCell(redis)} / ${costCell(pigeon)}`,
      ],
    ],
    ['right', 'right', 'right', 'right', 'left', 'right', 'right', 'right', 'right', 'right'],
  );
  if (partial) table += `\n\n\\* median of fewer than ${options.runs} runs: some runs failed (see below).`;
  return { table, failures };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = parseCommandLine(argv, parseOptions, USAGE);
  if (typeof options === 'number') return options;

  const cleanup = new Cleanup();
  cleanup.installSignalHandlers();
  const failures: string[] = [];
  const print = (text = ''): void => console.log(text);
  const has = (part: Part): boolean => options.parts.includes(part);

  try {
    for (const line of reportHeader('Messaging benchmark (issue 3)', 'bench:messaging', argv, options.targets)) print(line);
    print(`- every part starts a fresh pair of servers; median of ${options.runs} run(s); the servers alternate which goes first`);

    if (options.targets.includes('pigeon')) ensurePigeonBuilt(ROOT, options.build);

    if (has('commands')) {
      const common = { port: 0, clients: options.clients, requests: options.requests, pipeline: 0 };
      const pipelines = `-P <${options.pipelines.join('|')}>`;
      const listLine = benchmarkArgs({ ...common, tests: ['<lpush|rpop|lpop>'] }).join(' ').replace('-p 0', '-p <port>').replace('-P 0', pipelines);
      const publishLine = shellLine('redis-benchmark', commandBenchmarkArgs({ ...common, command: COMMAND_TESTS.at(-1)!.command! }))
        .replace('-p 0', '-p <port>')
        .replace('-P 0', pipelines);
      print();
      print('### Lists and PUBLISH (redis-benchmark)');
      print();
      print(`- client: \`redis-benchmark ${listLine}\` and \`${publishLine}\` (no subscribers), one test per invocation`);
      print(`- before each test \`${BENCH_LIST}\` is deleted and, for RPOP and LPOP, refilled with ${formatInt(options.requests)} elements`);
      const result = await commandsPart(options, cleanup);
      failures.push(...result.failures);
      print();
      print(result.table);
    }

    if (has('fanout')) {
      print();
      print('### Fan-out (one publisher, S subscribers)');
      print();
      print(
        `- ${MESSAGE_BYTES}-byte messages to \`${FANOUT_CHANNEL}\`, subscribers on the channel (SUBSCRIBE) or on \`${FANOUT_PATTERN}\` (PSUBSCRIBE); ` +
          `${formatInt(options.messages)} / S^0.4 messages per run (S subscribers); at most ${formatInt(options.fanoutWindow)} messages published and not yet received by every subscriber`,
      );
      print(`- msg/s: messages received by all subscribers / time from the first PUBLISH to the last message received; latency: publish to receive, over every delivery`);
      print(`- CPU: % of one core during the run, the server's and the benchmark's own processes' (publisher and subscriber hosts)`);
      const result = await fanoutPart(options, cleanup);
      failures.push(...result.failures);
      print();
      print(result.table);
    }

    if (has('queue')) {
      print();
      print('### Work queue');
      print();
      print(
        `- ${PRODUCERS} producers \`LPUSH ${QueueKeys.jobs} <job>\` (${JOB_BYTES} bytes, with its enqueue time), ${CONSUMERS} consumers ` +
          `\`BLMOVE ${QueueKeys.jobs} ${QueueKeys.processing} RIGHT LEFT 1\` then \`LREM ${QueueKeys.processing} 1 <job>\` (ack); ` +
          `each connection one command at a time; at most ${options.queueWindow} jobs enqueued and not yet acked`,
      );
      print(`- jobs/s: jobs / time from the first LPUSH to the last ack; latency: enqueue to ack`);
      const result = await queuePart(options, cleanup);
      failures.push(...result.failures);
      print();
      print(result.table);
    }
  } catch (err) {
    failures.push(errorMessage(err));
  } finally {
    await cleanup.run();
  }

  if (failures.length > 0) {
    print();
    print('### Failures');
    print();
    for (const failure of failures) print(`- ${failure.split('\n').join('\n  ')}`);
    return 1;
  }
  return 0;
}

if (process.env[ROLE_ENV] === 'subscribers') subscriberHostMain();
else process.exitCode = await main();
