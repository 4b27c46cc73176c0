/**
 * Toolkit benchmark (issue 6): Pigeon's Queue against BullMQ and bee-queue, and Pigeon's Stream
 * consumer against a raw XREADGROUP / XACK loop, on the same redis-server in the same run, and
 * everything that can run on Pigeon's broker run there too.
 *
 *   npm run bench:toolkit                        full run: 3 runs of every part, medians reported
 *   npm run bench:toolkit -- --runs 1            one run (a provisional figure)
 *   npm run bench:toolkit -- --quick             smoke check: 1 run, small counts
 *   npm run bench:toolkit -- --help              every option
 *
 * Every run starts one redis-server and one Pigeon broker (free ports, temporary directories, no
 * persistence), runs the parts below against both, and stops them by PID; a Cleanup stops them on
 * errors and on Ctrl-C as well. Both servers are flushed (FLUSHALL) before every part. Within a part
 * the order of the queues alternates from run to run, so that none always runs on a warmer machine.
 *
 * The queues, each with its own connections (a producer and a worker, as two processes would have):
 *   Pigeon Queue   new Queue(conn, name, { keepCompleted: 0 }) on one connect(), and a second such
 *                  Queue on a second connect() whose process(handler, { concurrency }) is the worker
 *                  (its fetch loop takes a third connection, conn.duplicate()).
 *   BullMQ         new Queue(name, { connection, defaultJobOptions: { removeOnComplete: true } }) and
 *                  new Worker(name, handler, { connection, concurrency }).
 *   bee-queue      a producer Queue ({ isWorker: false, getEvents: false }) and a worker Queue
 *                  ({ getEvents: false, sendEvents: false, removeOnSuccess: true }) with
 *                  process(concurrency, handler).
 * Completed jobs are not kept by any of them (BullMQ and bee-queue keep them unless told not to;
 * nobody reads them here), and nothing listens to events across processes. BullMQ and bee-queue
 * run their steps as Lua scripts, so they run on Pigeon's broker only when it answers EVAL: the
 * benchmark asks it (`EVAL "return 1" 0`) and otherwise reports them as n/a.
 *
 * 1. add. N jobs (default 50,000) of `{ i, t }` into an empty queue: one by one, with a window of
 *    100 adds in flight (100 loops, each awaiting its own add(): a queue is never fed by one serial
 *    await), and in bulk, chunks of 1,000 per call (Queue.addBulk, BullMQ addBulk, bee-queue
 *    saveAll), one chunk in flight. jobs/s = N / time from the first call to the last reply; the
 *    waiting count must then be N.
 * 2. process. N jobs added in bulk beforehand (not timed), then a worker with concurrency 50 and a
 *    no-op async handler starts. jobs/s = N / time from starting the worker to the N-th distinct
 *    completion (the worker's completed / succeeded event, in this process). Afterwards nothing may
 *    be waiting, active or failed. This part also profiles the queues: the commands and the writes
 *    the client libraries sent per job (counted by wrapping ioredis's Redis.prototype.sendCommand
 *    and node_redis's internal_send_command; a pipeline or MULTI/EXEC block is one write), the
 *    server's calls per job from INFO commandstats (reset when the worker starts; on Redis it also
 *    counts the commands Lua scripts run), and the CPU time per job of the server and of this
 *    process.
 * 3. latency. A producer adds M jobs (default 20,000) one by one at a fixed rate (default 2,000
 *    jobs/s: well under the process capacity of every queue, BullMQ's being the lowest at about
 *    14,000 jobs/s on the 2-core machine of docs/benchmarks.md, so that every queue keeps up and
 *    the figure is latency, not backlog; --rate changes it), each job carrying the
 *    performance.now() of its add() call; a worker with concurrency 50 runs a no-op handler.
 *    Latency = completed event minus that timestamp, over every job; p50 and p99 (histogram with
 *    1% buckets).
 * 4. stream. E entries (default 100,000) of `{ i, body: <64 bytes> }` appended with
 *    Stream.appendBulk in chunks of 1,000, then ONE Stream.consume(group, handler, { batch: 100 })
 *    with a no-op handler until all E are handled and acknowledged, against the same E entries
 *    (the same JSON in a field `data`) XADDed with ioredis pipelines of 1,000 into a plain stream
 *    and ONE ioredis loop of `XREADGROUP GROUP g c COUNT 100 BLOCK 1000 STREAMS key >` followed by
 *    `XACK key g <ids>`. msg/s = E / time from starting to consume to the last message handled
 *    (Stream) or acknowledged (raw); afterwards the group must have nothing pending.
 *
 * Targets (issue 6): Pigeon Queue process jobs/s on Redis at least 2x BullMQ's, with a latency p99
 * no worse than BullMQ's; Stream.consume at least 0.8x the raw loop on each server. A missed target
 * does not fail the run; the exit code is 1 only when a measurement could not be made (a server did
 * not start or died, a library failed, a count came out wrong).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import BeeQueue from 'bee-queue';
import { Queue as BullQueue, Worker as BullWorker } from 'bullmq';
import { Redis } from 'ioredis';
import { Queue, Stream, connect, type Connection } from '../src/toolkit/index.js';
import {
  Cleanup,
  LatencyHistogram,
  RespConnection,
  cpuTimeMs,
  delay,
  ensurePigeonBuilt,
  errorMessage,
  formatInt,
  formatMs,
  formatRatio,
  parseCommandLine,
  reportHeader,
  serverCommandLines,
  markdownTable,
  median,
  parseInfo,
  passMark,
  startPigeon,
  startRedis,
  type ServerProcess,
  positiveInt,
  list,
  oneOf,
  log,
  ordered,
} from './lib.js';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SCRIPT), '..');

type ServerName = 'redis' | 'pigeon';
type Lib = 'pigeon' | 'bullmq' | 'bee';
type Part = 'add' | 'process' | 'latency' | 'stream';
const ALL_PARTS: Part[] = ['add', 'process', 'latency', 'stream'];
const ALL_LIBS: Lib[] = ['pigeon', 'bullmq', 'bee'];
const ALL_SERVERS: ServerName[] = ['redis', 'pigeon'];

const LIB_LABEL: Record<Lib, string> = { pigeon: 'Pigeon Queue', bullmq: 'BullMQ', bee: 'bee-queue' };
const SERVER_LABEL: Record<ServerName, string> = { redis: 'Redis', pigeon: 'Pigeon' };
/** The libraries that run their steps as Lua scripts. */
const NEEDS_EVAL: ReadonlySet<Lib> = new Set(['bullmq', 'bee']);

/** Pigeon Queue process jobs/s on Redis over BullMQ's. */
const PROCESS_TARGET = 2;
/** Stream.consume msg/s over the raw loop's. */
const STREAM_TARGET = 0.8;

const BODY = 'x'.repeat(64);
const STREAM_GROUP = 'g';
const RAW_STREAM_KEY = 'bench:{raw}:stream';
/** A measurement fails when nothing moves for this long (a lost job, a stuck worker). */
const STALL_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

interface Options {
  runs: number;
  parts: Part[];
  libs: Lib[];
  servers: ServerName[];
  build: boolean;
  jobs: number;
  window: number;
  chunk: number;
  concurrency: number;
  rate: number;
  latencyJobs: number;
  entries: number;
  batch: number;
}

const USAGE = `usage: npm run bench:toolkit -- [options]

  --runs N              repeat every part N times and report medians (default 3)
  --parts LIST          add,process,latency,stream (default all four)
  --libs LIST           pigeon,bullmq,bee: the queues measured (default all three)
  --only S              redis or pigeon: measure on one server only
  --quick               smoke check: --runs 1 --jobs 5000 --latency-jobs 2000 --entries 10000
                        (explicit options still win)
  --build               run npm run build first even when dist/cli/main.js exists

 queues:
  --jobs N              jobs added (add part) and processed (process part) (default 50000)
  --window N            one-by-one adds in flight (default 100)
  --chunk N             jobs per bulk add call (default 1000)
  --concurrency N       worker concurrency (default 50)
  --rate N              latency part: jobs/s the producer adds (default 2000)
  --latency-jobs N      latency part: jobs added (default 20000)

 stream:
  --entries N           entries appended and consumed (default 100000)
  --batch N             Stream.consume batch and XREADGROUP COUNT (default 100)

  -h, --help            this text`;

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      runs: { type: 'string' },
      parts: { type: 'string' },
      libs: { type: 'string' },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      window: { type: 'string' },
      chunk: { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      'latency-jobs': { type: 'string' },
      entries: { type: 'string' },
      batch: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const quick = values.quick === true;
  return {
    runs: positiveInt('runs', values.runs, quick ? 1 : 3),
    parts: oneOf('parts', list(values.parts, ALL_PARTS), ALL_PARTS),
    libs: oneOf('libs', list(values.libs, ALL_LIBS), ALL_LIBS),
    servers: values.only === undefined ? [...ALL_SERVERS] : oneOf('only', [values.only], ALL_SERVERS),
    build: values.build === true,
    jobs: positiveInt('jobs', values.jobs, quick ? 5_000 : 50_000),
    window: positiveInt('window', values.window, 100),
    chunk: positiveInt('chunk', values.chunk, 1_000),
    concurrency: positiveInt('concurrency', values.concurrency, 50),
    rate: positiveInt('rate', values.rate, 2_000),
    latencyJobs: positiveInt('latency-jobs', values['latency-jobs'], quick ? 2_000 : 20_000),
    entries: positiveInt('entries', values.entries, quick ? 10_000 : 100_000),
    batch: positiveInt('batch', values.batch, 100),
  };
}

// ---------------------------------------------------------------------------------------------
// Wire counters: what the client libraries send
// ---------------------------------------------------------------------------------------------

/**
 * Commands and writes sent by every Redis client in this process. ioredis (Pigeon's toolkit and
 * BullMQ) is counted in Redis.prototype.sendCommand, where a pipeline's commands arrive with the
 * pipeline's own write target, so a pipeline or MULTI/EXEC block counts as one write; node_redis 3
 * (bee-queue) is counted in internal_send_command, commands only (its batches are not visible
 * there). Only one queue runs at a time, so the difference of two readings is that queue's traffic.
 */
const wire = { commands: 0, writes: 0, nodeRedisCommands: 0 };

function instrumentClients(): void {
  type SendCommand = (this: unknown, command: unknown, stream?: unknown, ...rest: unknown[]) => unknown;
  const ioredis = Redis.prototype as unknown as { sendCommand: SendCommand };
  const original = ioredis.sendCommand;
  const pipelines = new WeakSet<object>();
  ioredis.sendCommand = function (this: unknown, command: unknown, stream?: unknown, ...rest: unknown[]): unknown {
    wire.commands++;
    if (typeof stream !== 'object' || stream === null) wire.writes++;
    else if (!pipelines.has(stream)) {
      pipelines.add(stream);
      wire.writes++;
    }
    return original.call(this, command, stream, ...rest);
  };
  // bee-queue's own copy of node_redis 3.
  const beeRequire = createRequire(createRequire(import.meta.url).resolve('bee-queue'));
  const nodeRedis = beeRequire('redis') as { RedisClient: { prototype: { internal_send_command: (this: unknown, ...args: unknown[]) => unknown } } };
  const proto = nodeRedis.RedisClient.prototype;
  const send = proto.internal_send_command;
  proto.internal_send_command = function (this: unknown, ...args: unknown[]): unknown {
    wire.nodeRedisCommands++;
    return send.apply(this, args);
  };
}

function wireSnapshot(): typeof wire {
  return { ...wire };
}

// ---------------------------------------------------------------------------------------------
// The queues behind one interface
// ---------------------------------------------------------------------------------------------

interface JobData {
  i: number;
  /** performance.now() when the job was added (latency part), 0 otherwise. */
  t: number;
}

interface Counts {
  waiting: number;
  active: number;
  failed: number;
}

/** One queue library on one server: a producer side, and a worker side started on demand. */
interface QueueDriver {
  add(data: JobData): Promise<unknown>;
  addBulk(data: JobData[]): Promise<void>;
  /** Starts a worker (concurrency, no-op handler) that calls onCompleted for every completion. */
  startWorker(concurrency: number, onCompleted: (data: JobData) => void): Promise<void>;
  counts(): Promise<Counts>;
  close(): Promise<void>;
}

interface Target {
  server: ServerProcess;
  name: ServerName;
}

async function openPigeonQueue(target: Target, name: string): Promise<QueueDriver> {
  const { host, port } = target.server;
  const connections: Connection[] = [connect({ host, port })];
  // keepCompleted 0: a completed job's record is deleted with its acknowledgement, as BullMQ's
  // removeOnComplete and bee-queue's removeOnSuccess do below.
  const producer = new Queue<JobData>(connections[0]!, name, { keepCompleted: 0 });
  let consumer: Queue<JobData> | undefined;
  let worker: ReturnType<Queue<JobData>['process']> | undefined;
  return {
    add: (data) => producer.add(data),
    async addBulk(data) {
      const ids = await producer.addBulk(data.map((d) => ({ data: d })));
      if (ids.length !== data.length) throw new Error(`addBulk of ${data.length} jobs returned ${ids.length} ids`);
    },
    async startWorker(concurrency, onCompleted) {
      const conn = connect({ host, port });
      connections.push(conn);
      consumer = new Queue<JobData>(conn, name, { keepCompleted: 0 });
      worker = consumer.process(async () => undefined, { concurrency });
      worker.on('completed', (job) => onCompleted(job.data));
    },
    async counts() {
      const stats = await producer.stats();
      return { waiting: stats.waiting, active: stats.active, failed: stats.dead };
    },
    async close() {
      await worker?.close({ timeout: 5_000 });
      await consumer?.close();
      await producer.close();
      for (const conn of connections) await conn.close();
    },
  };
}

async function openBullMQ(target: Target, name: string): Promise<QueueDriver> {
  const connection = { host: target.server.host, port: target.server.port, maxRetriesPerRequest: null };
  const queue = new BullQueue<JobData>(name, { connection, defaultJobOptions: { removeOnComplete: true } });
  await queue.waitUntilReady();
  let worker: BullWorker<JobData> | undefined;
  let failure: Error | undefined;
  queue.on('error', (err) => (failure ??= err));
  return {
    add: (data) => queue.add('job', data),
    async addBulk(data) {
      const jobs = await queue.addBulk(data.map((d) => ({ name: 'job', data: d })));
      if (jobs.length !== data.length) throw new Error(`addBulk of ${data.length} jobs returned ${jobs.length} jobs`);
    },
    async startWorker(concurrency, onCompleted) {
      worker = new BullWorker<JobData>(name, async () => undefined, { connection, concurrency, autorun: false });
      worker.on('completed', (job) => onCompleted(job.data));
      worker.on('error', (err) => (failure ??= err));
      await worker.waitUntilReady();
      void worker.run().catch((err: unknown) => (failure ??= err instanceof Error ? err : new Error(String(err))));
    },
    async counts() {
      if (failure !== undefined) throw failure;
      const counts = await queue.getJobCounts('wait', 'prioritized', 'active', 'failed');
      return { waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, failed: counts.failed ?? 0 };
    },
    async close() {
      await worker?.close();
      await queue.close();
    },
  };
}

async function openBeeQueue(target: Target, name: string): Promise<QueueDriver> {
  const redis = { host: target.server.host, port: target.server.port };
  const producer = new BeeQueue<JobData>(name, { redis, isWorker: false, getEvents: false });
  await producer.ready();
  let worker: BeeQueue<JobData> | undefined;
  let failure: Error | undefined;
  producer.on('error', (err) => (failure ??= err));
  return {
    add: (data) => producer.createJob(data).save(),
    async addBulk(data) {
      const errors = await producer.saveAll(data.map((d) => producer.createJob(d)));
      if (errors.size > 0) throw new Error(`saveAll: ${errors.size} of ${data.length} jobs failed, the first with ${errorMessage([...errors.values()][0])}`);
    },
    async startWorker(concurrency, onCompleted) {
      worker = new BeeQueue<JobData>(name, { redis, getEvents: false, sendEvents: false, removeOnSuccess: true });
      worker.on('error', (err) => (failure ??= err));
      worker.on('failed', (_job, err) => (failure ??= err));
      worker.on('succeeded', (job) => onCompleted(job.data));
      await worker.ready();
      worker.process(concurrency, async () => undefined);
    },
    async counts() {
      if (failure !== undefined) throw failure;
      const health = await producer.checkHealth();
      return { waiting: health.waiting, active: health.active, failed: health.failed };
    },
    async close() {
      await worker?.close(5_000);
      await producer.close();
    },
  };
}

function openQueue(lib: Lib, target: Target, name: string): Promise<QueueDriver> {
  switch (lib) {
    case 'pigeon':
      return openPigeonQueue(target, name);
    case 'bullmq':
      return openBullMQ(target, name);
    case 'bee':
      return openBeeQueue(target, name);
  }
}

async function withQueue<T>(lib: Lib, target: Target, name: string, fn: (queue: QueueDriver) => Promise<T>): Promise<T> {
  const queue = await openQueue(lib, target, name);
  try {
    return await fn(queue);
  } finally {
    await queue.close();
  }
}

/** Polls until the queue has nothing waiting or active (within 5 s) and checks nothing failed. */
async function expectDrained(queue: QueueDriver, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  let counts = await queue.counts();
  while ((counts.waiting !== 0 || counts.active !== 0) && Date.now() < deadline) {
    await delay(20);
    counts = await queue.counts();
  }
  if (counts.waiting !== 0 || counts.active !== 0 || counts.failed !== 0) {
    throw new Error(`${what}: after the last completion the queue has ${counts.waiting} waiting, ${counts.active} active, ${counts.failed} failed`);
  }
}

// ---------------------------------------------------------------------------------------------
// Progress and completion tracking
// ---------------------------------------------------------------------------------------------

/**
 * Counts the distinct jobs (by `i`) that completed and resolves `done` at the `expected`-th; fails
 * when nothing completes for STALL_MS or when the server dies. Duplicates (an at-least-once queue
 * may deliver a job twice) are counted, not treated as progress.
 */
class Completions {
  readonly #seen: Uint8Array;
  readonly #expected: number;
  readonly #watchdog: NodeJS.Timeout;
  #resolve!: () => void;
  #reject!: (err: Error) => void;
  #lastProgress = Date.now();
  distinct = 0;
  duplicates = 0;
  /** performance.now() of the expected-th distinct completion. */
  endedAt = 0;
  readonly done: Promise<void>;

  constructor(expected: number, what: string, server: ServerProcess) {
    this.#seen = new Uint8Array(expected);
    this.#expected = expected;
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#watchdog = setInterval(() => {
      if (!server.alive()) this.fail(new Error(`${server.name} is not running\n${server.output().trim()}`));
      else if (Date.now() - this.#lastProgress > STALL_MS) {
        this.fail(new Error(`${what}: no completion for ${STALL_MS / 1000} s (${this.distinct} of ${this.#expected} done)`));
      }
    }, 500);
  }

  /** Records job i; returns true when it is the first completion of i. */
  record(i: number): boolean {
    if (!(i >= 0 && i < this.#expected) || this.#seen[i] === 1) {
      this.duplicates++;
      return false;
    }
    this.#seen[i] = 1;
    this.distinct++;
    this.#lastProgress = Date.now();
    if (this.distinct === this.#expected) {
      this.endedAt = performance.now();
      this.#resolve();
    }
    return true;
  }

  fail(err: Error): void {
    this.#reject(err);
  }

  dispose(): void {
    clearInterval(this.#watchdog);
  }
}

/** Runs fn(0) .. fn(count - 1) with at most `window` calls in flight. */
async function windowed(count: number, window: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(window, count) }, lane));
}

/** fn over consecutive chunks of [0, count), one chunk in flight. */
async function chunked(count: number, chunk: number, fn: (from: number, to: number) => Promise<unknown>): Promise<void> {
  for (let from = 0; from < count; from += chunk) await fn(from, Math.min(count, from + chunk));
}

function jobsRange(from: number, to: number, t = 0): JobData[] {
  const jobs: JobData[] = [];
  for (let i = from; i < to; i++) jobs.push({ i, t });
  return jobs;
}

// ---------------------------------------------------------------------------------------------
// Server helpers
// ---------------------------------------------------------------------------------------------

async function withResp<T>(server: ServerProcess, fn: (conn: RespConnection) => Promise<T>): Promise<T> {
  const conn = await RespConnection.connect(server.port, server.host);
  try {
    return await fn(conn);
  } finally {
    conn.close();
  }
}

/** undefined when the server runs Lua; otherwise why the Lua-based queues cannot run on it. */
async function evalUnavailable(server: ServerProcess): Promise<string | undefined> {
  return withResp(server, async (conn) => {
    try {
      const reply = await conn.call('EVAL', 'return 1', 0);
      return reply === 1 ? undefined : `EVAL answered ${JSON.stringify(reply)}`;
    } catch (err) {
      return errorMessage(err);
    }
  });
}

/** `cmdstat_<name>:calls=N,...` lines of INFO commandstats as name -> calls. */
async function commandCalls(server: ServerProcess): Promise<Map<string, number>> {
  const info = parseInfo(String(await withResp(server, (conn) => conn.call('INFO', 'commandstats'))));
  const calls = new Map<string, number>();
  for (const [field, value] of info) {
    if (!field.startsWith('cmdstat_')) continue;
    const match = /(?:^|,)calls=(\d+)/.exec(value);
    if (match !== null) calls.set(field.slice('cmdstat_'.length), Number(match[1]));
  }
  return calls;
}

// ---------------------------------------------------------------------------------------------
// Samples
// ---------------------------------------------------------------------------------------------

class Samples {
  readonly #samples = new Map<string, number[]>();
  /** Profile strings (per-command calls per job) by key: the last run's. */
  readonly notes = new Map<string, string>();

  add(key: string, value: number): void {
    this.#samples.set(key, [...(this.#samples.get(key) ?? []), value]);
  }

  get(key: string): number[] {
    return this.#samples.get(key) ?? [];
  }

  median(key: string): number {
    return median(this.get(key));
  }
}

function key(part: string, lib: string, server: ServerName, metric: string): string {
  return `${part}|${lib}|${server}|${metric}`;
}

interface Context {
  options: Options;
  cleanup: Cleanup;
  samples: Samples;
  failures: string[];
  /** Why the Lua-based queues cannot run, per server (absent: they can). */
  noEval: Map<ServerName, string>;
  /** Set when a reported median has fewer samples than runs. */
  partial: boolean;
}

/** The (queue, server) pairs measured, in this turn's order. */
function queueCells(ctx: Context, targets: Target[], turn: number): [Lib, Target][] {
  const cells: [Lib, Target][] = [];
  for (const target of targets) {
    for (const lib of ctx.options.libs) {
      if (NEEDS_EVAL.has(lib) && ctx.noEval.has(target.name)) continue;
      cells.push([lib, target]);
    }
  }
  return ordered(cells, turn);
}

/** Runs one measurement; a failure is recorded (with the label) and does not stop the part. */
async function measure(ctx: Context, label: string, fn: () => Promise<string>): Promise<void> {
  ctx.cleanup.check();
  try {
    log(`${label}: ${await fn()}`);
  } catch (err) {
    ctx.cleanup.check();
    ctx.failures.push(`${label}: ${errorMessage(err)}`);
    log(`${label}: FAILED: ${errorMessage(err)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Part 1: add
// ---------------------------------------------------------------------------------------------

async function addPart(ctx: Context, targets: Target[], run: number): Promise<void> {
  const { jobs, window, chunk } = ctx.options;
  for (const [lib, target] of queueCells(ctx, targets, run)) {
    const label = `run ${run + 1}/${ctx.options.runs} add ${formatInt(jobs)} ${LIB_LABEL[lib]} on ${target.name}`;
    await measure(ctx, label, async () => {
      const one = await withQueue(lib, target, `add-one-${run}`, async (queue) => {
        const started = performance.now();
        await windowed(jobs, window, (i) => queue.add({ i, t: 0 }));
        const ms = performance.now() - started;
        const counts = await queue.counts();
        if (counts.waiting !== jobs) throw new Error(`${counts.waiting} jobs waiting after ${jobs} adds one by one`);
        return jobs / (ms / 1000);
      });
      const bulk = await withQueue(lib, target, `add-bulk-${run}`, async (queue) => {
        const started = performance.now();
        await chunked(jobs, chunk, (from, to) => queue.addBulk(jobsRange(from, to)));
        const ms = performance.now() - started;
        const counts = await queue.counts();
        if (counts.waiting !== jobs) throw new Error(`${counts.waiting} jobs waiting after ${jobs} bulk adds`);
        return jobs / (ms / 1000);
      });
      ctx.samples.add(key('add', lib, target.name, 'one'), one);
      ctx.samples.add(key('add', lib, target.name, 'bulk'), bulk);
      return `one by one ${formatInt(one)} jobs/s, bulk ${formatInt(bulk)} jobs/s`;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Part 2: process
// ---------------------------------------------------------------------------------------------

/** "name 1.00, name 0.50, ..." for the commands with the most calls per job. */
function topCalls(before: Map<string, number>, after: Map<string, number>, jobs: number, top = 6): { total: number; text: string } {
  const deltas: [string, number][] = [];
  let total = 0;
  for (const [name, calls] of after) {
    const delta = calls - (before.get(name) ?? 0);
    if (name === 'config' || name === 'info' || delta <= 0) continue;
    deltas.push([name, delta / jobs]);
    total += delta / jobs;
  }
  deltas.sort((a, b) => b[1] - a[1]);
  const shown = deltas.filter(([, perJob]) => perJob >= 0.01).slice(0, top);
  return { total, text: shown.map(([name, perJob]) => `${name} ${perJob.toFixed(2)}`).join(', ') };
}

async function processPart(ctx: Context, targets: Target[], run: number): Promise<void> {
  const { jobs, chunk, concurrency } = ctx.options;
  for (const [lib, target] of queueCells(ctx, targets, run)) {
    const label = `run ${run + 1}/${ctx.options.runs} process ${formatInt(jobs)} ${LIB_LABEL[lib]} on ${target.name}`;
    await measure(ctx, label, () =>
      withQueue(lib, target, `process-${run}`, async (queue) => {
        await chunked(jobs, chunk, (from, to) => queue.addBulk(jobsRange(from, to)));
        const completions = new Completions(jobs, label, target.server);
        try {
          await withResp(target.server, (conn) => conn.call('CONFIG', 'RESETSTAT'));
          const callsBefore = await commandCalls(target.server);
          const wireBefore = wireSnapshot();
          const serverCpuBefore = cpuTimeMs(target.server.pid);
          const ownCpuBefore = process.cpuUsage();
          const started = performance.now();
          await queue.startWorker(concurrency, (data) => completions.record(data.i));
          await completions.done;
          const ms = completions.endedAt - started;
          const serverCpuMs = cpuTimeMs(target.server.pid) - serverCpuBefore;
          const ownCpu = process.cpuUsage(ownCpuBefore);
          const wireAfter = wireSnapshot();
          const calls = topCalls(callsBefore, await commandCalls(target.server), jobs);
          await expectDrained(queue, label);

          const rate = jobs / (ms / 1000);
          const commands = (wireAfter.commands - wireBefore.commands + wireAfter.nodeRedisCommands - wireBefore.nodeRedisCommands) / jobs;
          const writes = lib === 'bee' ? NaN : (wireAfter.writes - wireBefore.writes) / jobs;
          const k = (metric: string): string => key('process', lib, target.name, metric);
          ctx.samples.add(k('rate'), rate);
          ctx.samples.add(k('commands'), commands);
          ctx.samples.add(k('writes'), writes);
          ctx.samples.add(k('serverCalls'), calls.total);
          ctx.samples.add(k('serverCpu'), (serverCpuMs * 1000) / jobs);
          ctx.samples.add(k('clientCpu'), ((ownCpu.user + ownCpu.system) / jobs));
          ctx.samples.notes.set(k('top'), calls.text);
          return (
            `${formatInt(rate)} jobs/s; per job: ${commands.toFixed(2)} client commands, ${Number.isFinite(writes) ? writes.toFixed(2) : '—'} writes, ` +
            `${calls.total.toFixed(2)} server calls (${calls.text}), server CPU ${((serverCpuMs * 1000) / jobs).toFixed(1)} µs, ` +
            `client CPU ${((ownCpu.user + ownCpu.system) / jobs).toFixed(1)} µs` +
            (completions.duplicates > 0 ? `; ${completions.duplicates} duplicate completions` : '')
          );
        } finally {
          completions.dispose();
        }
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Part 3: latency under a steady producer
// ---------------------------------------------------------------------------------------------

async function latencyPart(ctx: Context, targets: Target[], run: number): Promise<void> {
  const { latencyJobs: jobs, rate, concurrency } = ctx.options;
  /** Adds not yet answered beyond which the producer stops adding (a queue that cannot keep up). */
  const maxInFlight = Math.max(1_000, rate);
  for (const [lib, target] of queueCells(ctx, targets, run)) {
    const label = `run ${run + 1}/${ctx.options.runs} latency ${formatInt(jobs)} at ${formatInt(rate)}/s ${LIB_LABEL[lib]} on ${target.name}`;
    await measure(ctx, label, () =>
      withQueue(lib, target, `latency-${run}`, async (queue) => {
        const completions = new Completions(jobs, label, target.server);
        const histogram = new LatencyHistogram();
        try {
          await queue.startWorker(concurrency, (data) => {
            if (completions.record(data.i)) histogram.record((performance.now() - data.t) * 1000);
          });
          let added = 0;
          let inFlight = 0;
          let addError: Error | undefined;
          const started = performance.now();
          while (added < jobs) {
            if (addError !== undefined) throw addError;
            const due = Math.min(jobs, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
            while (added < due && inFlight < maxInFlight) {
              const data = { i: added++, t: performance.now() };
              inFlight++;
              queue.add(data).then(
                () => inFlight--,
                (err: unknown) => (addError ??= err instanceof Error ? err : new Error(String(err))),
              );
            }
            await delay(1);
          }
          const producedMs = performance.now() - started;
          await completions.done;
          await expectDrained(queue, label);
          const achieved = jobs / (producedMs / 1000);
          const p50 = histogram.quantile(0.5) / 1000;
          const p99 = histogram.quantile(0.99) / 1000;
          const max = histogram.maxMicros / 1000;
          const k = (metric: string): string => key('latency', lib, target.name, metric);
          ctx.samples.add(k('achieved'), achieved);
          ctx.samples.add(k('p50'), p50);
          ctx.samples.add(k('p99'), p99);
          ctx.samples.add(k('max'), max);
          return `producer ${formatInt(achieved)} jobs/s, p50 ${formatMs(p50)} ms, p99 ${formatMs(p99)} ms, max ${formatMs(max)} ms`;
        } finally {
          completions.dispose();
        }
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Part 4: Stream.consume against raw XREADGROUP / XACK
// ---------------------------------------------------------------------------------------------

interface StreamMessage {
  i: number;
  body: string;
}

async function measureToolkitStream(ctx: Context, target: Target, run: number): Promise<{ consume: number; append: number }> {
  const { entries, chunk, batch } = ctx.options;
  const conn = connect({ host: target.server.host, port: target.server.port });
  const name = `stream-${run}`;
  const stream = new Stream<StreamMessage>(conn, name);
  const completions = new Completions(entries, `Stream.consume on ${target.name}`, target.server);
  let consumer: { close(): Promise<void> } | undefined;
  try {
    const appendStarted = performance.now();
    await chunked(entries, chunk, async (from, to) => {
      const messages: StreamMessage[] = [];
      for (let i = from; i < to; i++) messages.push({ i, body: BODY });
      await stream.appendBulk(messages);
    });
    const append = entries / ((performance.now() - appendStarted) / 1000);
    const started = performance.now();
    consumer = stream.consume(
      STREAM_GROUP,
      async (message) => {
        completions.record(message.data.i);
      },
      { consumer: 'c1', batch, block: 1_000 },
    );
    await completions.done;
    const consume = entries / ((completions.endedAt - started) / 1000);
    // The last batch is acknowledged right after its handlers: wait for it, then nothing may be pending.
    const deadline = Date.now() + 5_000;
    let lag = await stream.lag(STREAM_GROUP);
    while (lag.pending !== 0 && Date.now() < deadline) {
      await delay(10);
      lag = await stream.lag(STREAM_GROUP);
    }
    if (lag.pending !== 0) throw new Error(`Stream: ${lag.pending} messages still pending after all ${entries} were handled`);
    return { consume, append };
  } finally {
    completions.dispose();
    await consumer?.close();
    await conn.close();
  }
}

async function measureRawStream(ctx: Context, target: Target): Promise<{ consume: number; append: number }> {
  const { entries, chunk, batch } = ctx.options;
  const producer = new Redis({ host: target.server.host, port: target.server.port });
  const reader = new Redis({ host: target.server.host, port: target.server.port });
  try {
    await producer.del(RAW_STREAM_KEY);
    const appendStarted = performance.now();
    await chunked(entries, chunk, async (from, to) => {
      const pipeline = producer.pipeline();
      for (let i = from; i < to; i++) pipeline.xadd(RAW_STREAM_KEY, '*', 'data', JSON.stringify({ i, body: BODY }));
      const replies = (await pipeline.exec()) ?? [];
      const failed = replies.find(([err]) => err !== null);
      if (failed !== undefined) throw failed[0]!;
    });
    const append = entries / ((performance.now() - appendStarted) / 1000);
    await producer.xgroup('CREATE', RAW_STREAM_KEY, STREAM_GROUP, '0');
    const started = performance.now();
    let acked = 0;
    let lastProgress = Date.now();
    while (acked < entries) {
      if (!target.server.alive()) throw new Error(`${target.server.name} is not running\n${target.server.output().trim()}`);
      if (Date.now() - lastProgress > STALL_MS) throw new Error(`raw loop: nothing read for ${STALL_MS / 1000} s (${acked} of ${entries} acked)`);
      const reply = (await reader.xreadgroup('GROUP', STREAM_GROUP, 'c1', 'COUNT', batch, 'BLOCK', 1_000, 'STREAMS', RAW_STREAM_KEY, '>')) as
        | [string, [string, string[]][]][]
        | null;
      if (reply === null) continue;
      const ids: string[] = [];
      for (const [id, fields] of reply[0]?.[1] ?? []) {
        // Decode as a consumer must: the cost of JSON.parse belongs to both sides.
        if (fields[0] !== 'data' || typeof (JSON.parse(fields[1] ?? 'null') as StreamMessage | null)?.i !== 'number') {
          throw new Error(`raw loop: unexpected entry ${id} ${JSON.stringify(fields).slice(0, 200)}`);
        }
        ids.push(id);
      }
      if (ids.length === 0) continue;
      const count = await reader.xack(RAW_STREAM_KEY, STREAM_GROUP, ...ids);
      if (count !== ids.length) throw new Error(`raw loop: XACK of ${ids.length} entries answered ${count}`);
      acked += ids.length;
      lastProgress = Date.now();
    }
    const consume = entries / ((performance.now() - started) / 1000);
    const pending = (await producer.xpending(RAW_STREAM_KEY, STREAM_GROUP)) as [number, ...unknown[]];
    if (pending[0] !== 0) throw new Error(`raw loop: XPENDING counts ${pending[0]} after the last ack`);
    return { consume, append };
  } finally {
    producer.disconnect();
    reader.disconnect();
  }
}

async function streamPart(ctx: Context, targets: Target[], run: number): Promise<void> {
  const sides = ['stream', 'raw'] as const;
  for (const target of ordered(targets, run)) {
    for (const side of ordered(sides, run)) {
      const label = `run ${run + 1}/${ctx.options.runs} stream ${formatInt(ctx.options.entries)} ${side === 'stream' ? 'Stream.consume' : 'raw XREADGROUP/XACK'} on ${target.name}`;
      await measure(ctx, label, async () => {
        const result = side === 'stream' ? await measureToolkitStream(ctx, target, run) : await measureRawStream(ctx, target);
        ctx.samples.add(key('stream', side, target.name, 'consume'), result.consume);
        ctx.samples.add(key('stream', side, target.name, 'append'), result.append);
        return `consume ${formatInt(result.consume)} msg/s (append ${formatInt(result.append)} entries/s)`;
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

function cell(ctx: Context, k: string, format: (n: number) => string): string {
  const got = ctx.samples.get(k).filter((n) => Number.isFinite(n));
  if (got.length === 0) return 'error';
  if (got.length < ctx.options.runs) ctx.partial = true;
  return `${format(median(got))}${got.length < ctx.options.runs ? '*' : ''}`;
}

/** Rows for every (queue, server) pair: the measured cells, or why it could not run. */
function queueRows(ctx: Context, cells: (lib: Lib, server: ServerName) => string[], width: number): string[][] {
  const rows: string[][] = [];
  for (const server of ctx.options.servers) {
    for (const lib of ctx.options.libs) {
      const why = NEEDS_EVAL.has(lib) ? ctx.noEval.get(server) : undefined;
      const cellsOf = why === undefined ? cells(lib, server) : ['n/a (needs EVAL)', ...Array<string>(width - 1).fill('—')];
      rows.push([LIB_LABEL[lib], SERVER_LABEL[server], ...cellsOf]);
    }
  }
  return rows;
}

function addTable(ctx: Context): string {
  const rows = queueRows(
    ctx,
    (lib, server) => [cell(ctx, key('add', lib, server, 'one'), formatInt), cell(ctx, key('add', lib, server, 'bulk'), formatInt)],
    2,
  );
  return markdownTable(
    ['queue', 'server', `one by one jobs/s (${ctx.options.window} in flight)`, `bulk jobs/s (${formatInt(ctx.options.chunk)} per call)`],
    rows,
    ['left', 'left', 'right', 'right'],
  );
}

function processRatio(ctx: Context): number {
  return ctx.samples.median(key('process', 'pigeon', 'redis', 'rate')) / ctx.samples.median(key('process', 'bullmq', 'redis', 'rate'));
}

function p99Ratio(ctx: Context): number {
  return ctx.samples.median(key('latency', 'pigeon', 'redis', 'p99')) / ctx.samples.median(key('latency', 'bullmq', 'redis', 'p99'));
}

function processTable(ctx: Context): string {
  const bullmq = ctx.samples.median(key('process', 'bullmq', 'redis', 'rate'));
  const rows = queueRows(
    ctx,
    (lib, server) => {
      const rate = ctx.samples.median(key('process', lib, server, 'rate'));
      const ratio = rate / bullmq;
      const target = lib === 'pigeon' && server === 'redis' ? `≥ ${PROCESS_TARGET.toFixed(1)} ${Number.isFinite(ratio) ? passMark(ratio >= PROCESS_TARGET) : ''}`.trim() : '';
      return [cell(ctx, key('process', lib, server, 'rate'), formatInt), formatRatio(ratio), target];
    },
    3,
  );
  return markdownTable(['queue', 'server', 'jobs/s', 'vs BullMQ on Redis', 'target'], rows, ['left', 'left', 'right', 'right', 'left']);
}

function profileTable(ctx: Context): string {
  const fixed = (digits: number) => (n: number) => n.toFixed(digits);
  const rows = queueRows(
    ctx,
    (lib, server) => {
      const k = (metric: string): string => key('process', lib, server, metric);
      return [
        cell(ctx, k('commands'), fixed(2)),
        lib === 'bee' ? '—' : cell(ctx, k('writes'), fixed(2)),
        cell(ctx, k('serverCalls'), fixed(2)),
        ctx.samples.notes.get(k('top')) ?? '—',
        cell(ctx, k('serverCpu'), fixed(1)),
        cell(ctx, k('clientCpu'), fixed(1)),
      ];
    },
    6,
  );
  return markdownTable(
    ['queue', 'server', 'client commands/job', 'client writes/job', 'server calls/job', 'top server calls/job (last run)', 'server CPU µs/job', 'client CPU µs/job'],
    rows,
    ['left', 'left', 'right', 'right', 'right', 'left', 'right', 'right'],
  );
}

function latencyTable(ctx: Context): string {
  const bullmqP99 = ctx.samples.median(key('latency', 'bullmq', 'redis', 'p99'));
  const rows = queueRows(
    ctx,
    (lib, server) => {
      const k = (metric: string): string => key('latency', lib, server, metric);
      const ratio = p99Ratio(ctx);
      const target =
        lib === 'pigeon' && server === 'redis'
          ? `p99 ≤ BullMQ's (${formatMs(bullmqP99)} ms) ${Number.isFinite(ratio) ? passMark(ratio <= 1) : ''}`.trim()
          : '';
      return [cell(ctx, k('achieved'), formatInt), cell(ctx, k('p50'), formatMs), cell(ctx, k('p99'), formatMs), cell(ctx, k('max'), formatMs), target];
    },
    5,
  );
  return markdownTable(['queue', 'server', 'producer jobs/s', 'p50 ms', 'p99 ms', 'max ms', 'target'], rows, [
    'left',
    'left',
    'right',
    'right',
    'right',
    'right',
    'left',
  ]);
}

function times(ratio: number): string {
  return Number.isFinite(ratio) ? `${formatRatio(ratio)}x` : '—';
}

function streamRatio(ctx: Context, server: ServerName): number {
  return ctx.samples.median(key('stream', 'stream', server, 'consume')) / ctx.samples.median(key('stream', 'raw', server, 'consume'));
}

function streamTable(ctx: Context): string {
  const rows = ctx.options.servers.map((server) => {
    const ratio = streamRatio(ctx, server);
    return [
      SERVER_LABEL[server],
      cell(ctx, key('stream', 'stream', server, 'consume'), formatInt),
      cell(ctx, key('stream', 'raw', server, 'consume'), formatInt),
      formatRatio(ratio),
      `≥ ${STREAM_TARGET.toFixed(1)} ${Number.isFinite(ratio) ? passMark(ratio >= STREAM_TARGET) : ''}`.trim(),
      cell(ctx, key('stream', 'stream', server, 'append'), formatInt),
      cell(ctx, key('stream', 'raw', server, 'append'), formatInt),
    ];
  });
  return markdownTable(
    ['server', 'Stream.consume msg/s', 'raw XREADGROUP/XACK msg/s', 'Stream/raw', 'target', 'Stream.appendBulk entries/s', 'raw XADD pipelined entries/s'],
    rows,
    ['left', 'right', 'right', 'right', 'left', 'right', 'right'],
  );
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function startTargets(ctx: Context): Promise<Target[]> {
  const targets: Target[] = [];
  for (const name of ctx.options.servers) {
    ctx.cleanup.check();
    const options = { signal: ctx.cleanup.signal };
    const server = ctx.cleanup.track(await (name === 'redis' ? startRedis(options) : startPigeon(ROOT, options)));
    log(`${server.name}: pid ${server.pid}, port ${server.port}: ${server.commandLine}`);
    targets.push({ server, name });
  }
  return targets;
}

async function flushAll(targets: Target[]): Promise<void> {
  for (const target of targets) await withResp(target.server, (conn) => conn.call('FLUSHALL'));
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = parseCommandLine(argv, parseOptions, USAGE);
  if (typeof options === 'number') return options;

  const cleanup = new Cleanup();
  cleanup.installSignalHandlers();
  const ctx: Context = { options, cleanup, samples: new Samples(), failures: [], noEval: new Map(), partial: false };
  const print = (text = ''): void => console.log(text);
  const has = (part: Part): boolean => options.parts.includes(part);
  instrumentClients();
  // A library that loses a connection while the benchmark stops it may reject a promise nobody awaits.
  const onUnhandled = (err: unknown): void => log(`unhandled rejection: ${errorMessage(err)}`);
  process.on('unhandledRejection', onUnhandled);

  try {
    if (options.servers.includes('pigeon')) ensurePigeonBuilt(ROOT, options.build);
    for (let run = 0; run < options.runs; run++) {
      cleanup.check();
      const targets = await startTargets(ctx);
      try {
        for (const target of targets) {
          const why = await evalUnavailable(target.server);
          if (why !== undefined) ctx.noEval.set(target.name, why);
        }
        const parts: [Part, (ctx: Context, targets: Target[], run: number) => Promise<void>][] = [
          ['add', addPart],
          ['process', processPart],
          ['latency', latencyPart],
          ['stream', streamPart],
        ];
        for (const [part, fn] of parts) {
          if (!has(part)) continue;
          await flushAll(targets);
          await fn(ctx, targets, run);
        }
      } finally {
        for (const target of targets) await cleanup.stop(target.server);
      }
    }
  } catch (err) {
    ctx.failures.push(errorMessage(err));
  } finally {
    await cleanup.run();
  }

  const versions = createRequire(import.meta.url);
  const version = (pkg: string): string => {
    try {
      return (versions(`${pkg}/package.json`) as { version: string }).version;
    } catch {
      return 'not installed';
    }
  };
  for (const line of reportHeader('Toolkit benchmark (issue 6)', 'bench:toolkit', argv)) print(line);
  print(`- libraries: ioredis ${version('ioredis')}, bullmq ${version('bullmq')}, bee-queue ${version('bee-queue')} (node_redis 3 inside)`);
  for (const line of serverCommandLines(options.servers)) print(line);
  print(`- one redis-server and one Pigeon broker per run, FLUSHALL before every part; median of ${options.runs} run(s); the queues alternate order between runs`);
  print(`- every queue in this process with its own connections for the producer and the worker; no-op async handlers; completed jobs not kept`);
  for (const [server, why] of ctx.noEval) print(`- BullMQ and bee-queue on ${SERVER_LABEL[server]}: n/a, they need Lua (\`EVAL "return 1" 0\` answered: ${why})`);

  if (has('add')) {
    print();
    print('### Queue: add');
    print();
    print(
      `- ${formatInt(options.jobs)} jobs \`{ i, t }\` into an empty queue: one by one with ${options.window} add() calls in flight; ` +
        `in bulk with ${formatInt(options.chunk)} jobs per call (Queue.addBulk, BullMQ addBulk, bee-queue saveAll), one call in flight`,
    );
    print();
    print(addTable(ctx));
  }
  if (has('process')) {
    print();
    print('### Queue: process');
    print();
    print(
      `- ${formatInt(options.jobs)} jobs added in bulk beforehand, then one worker, concurrency ${options.concurrency}, no-op handler; ` +
        `jobs/s = jobs / time from starting the worker to the last completed event`,
    );
    print();
    print(processTable(ctx));
    print();
    print(
      `Profile of the same runs: commands and writes (a pipeline or MULTI/EXEC block is one write) the client library sent per job; ` +
        `server calls per job from INFO commandstats (on Redis this includes the commands run inside Lua scripts); CPU time per job.`,
    );
    print();
    print(profileTable(ctx));
  }
  if (has('latency')) {
    print();
    print('### Queue: enqueue-to-completion latency under a steady producer');
    print();
    print(
      `- ${formatInt(options.latencyJobs)} jobs added one by one at ${formatInt(options.rate)} jobs/s, each carrying the time of its add() call; ` +
        `one worker, concurrency ${options.concurrency}, no-op handler; latency = completed event minus that time, over every job`,
    );
    print();
    print(latencyTable(ctx));
  }
  if (has('stream')) {
    print();
    print('### Stream: consume throughput');
    print();
    print(
      `- ${formatInt(options.entries)} entries \`{ i, body: <64 bytes> }\` appended beforehand (${formatInt(options.chunk)} per call), then ONE consumer: ` +
        `Stream.consume(group, no-op handler, { batch: ${options.batch} }) against an ioredis loop of ` +
        `\`XREADGROUP GROUP ${STREAM_GROUP} c1 COUNT ${options.batch} BLOCK 1000 STREAMS <key> >\` + \`XACK\` of the batch (JSON.parse of each entry on both sides)`,
    );
    print();
    print(streamTable(ctx));
  }

  if (ctx.partial) {
    print();
    print(`\\* median of fewer than ${options.runs} runs: some runs failed (see below).`);
  }
  print();
  print('### Targets');
  print();
  if (has('process')) {
    const ratio = processRatio(ctx);
    print(`- Pigeon Queue / BullMQ process jobs/s on Redis: ${times(ratio)} (target ≥ ${PROCESS_TARGET}x) ${Number.isFinite(ratio) ? passMark(ratio >= PROCESS_TARGET) : '—'}`);
  }
  if (has('latency')) {
    const ratio = p99Ratio(ctx);
    print(`- Pigeon Queue p99 / BullMQ p99 on Redis: ${formatRatio(ratio)} (target ≤ 1) ${Number.isFinite(ratio) ? passMark(ratio <= 1) : '—'}`);
  }
  if (has('stream')) {
    for (const server of options.servers) {
      const ratio = streamRatio(ctx, server);
      print(`- Stream.consume / raw on ${SERVER_LABEL[server]}: ${times(ratio)} (target ≥ ${STREAM_TARGET}x) ${Number.isFinite(ratio) ? passMark(ratio >= STREAM_TARGET) : '—'}`);
    }
  }

  process.off('unhandledRejection', onUnhandled);
  if (ctx.failures.length > 0) {
    print();
    print('### Failures');
    print();
    for (const failure of ctx.failures) print(`- ${failure.split('\n').join('\n  ')}`);
    return 1;
  }
  return 0;
}

// Exit explicitly: a queue library may keep a timer or socket alive after close().
process.exit(await main());
