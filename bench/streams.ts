/**
 * Streams benchmark (issue 4): Pigeon against redis-server, on the same machine, in the same run.
 *
 *   npm run bench:streams                       full run: 3 runs of every part
 *   npm run bench:streams -- --runs 1           one run (a provisional figure)
 *   npm run bench:streams -- --quick            smoke check: 1 run, small counts
 *   npm run bench:streams -- --help             every option
 *
 * Each part starts a fresh pair of servers (free ports, temporary directories, no persistence) and
 * stops them by PID when it is done; a Cleanup stops them on errors and on Ctrl-C as well. Within a
 * part, which server goes first alternates from measurement to measurement and from run to run, and
 * the report gives the MEDIAN of the runs.
 *
 * 1. XADD. redis-benchmark `-c 50 -n N -P 1|16` with the custom command `XADD bench:xadd * f1 v1`
 *    (redis-benchmark has no XADD test): every request appends one entry with an ID from the server's
 *    clock. The stream is deleted before each test, and XLEN must be N afterwards (redis-benchmark
 *    does not count error replies as failures; this check does). Targets: Pigeon/Redis requests/s at
 *    least 0.6 at -P 1 and 0.4 at -P 16.
 *
 * 2. Consumer-group pipeline. 2 producers `XADD bench:pipe * ts <16-digit µs> body <64 bytes>`,
 *    4 consumers loop `XREADGROUP GROUP g c<N> COUNT 100 BLOCK 1000 STREAMS bench:pipe >` and then
 *    `XACK bench:pipe g <every ID of the batch>`, until M messages are acked. Producers pipeline their
 *    XADDs in batches (default 50 per write, one batch in flight per producer) and keep at most
 *    `window` messages (default 2000) added and not yet acked, so that the stream neither runs dry nor
 *    grows without bound. The `ts` field is the producer's monotonic clock in microseconds when the
 *    command was built (the same clock in every process: monotonicMicros()). All 6 connections live in
 *    this process and use the raw RESP client of bench/lib.ts. Measured: delivered messages/s = M /
 *    time from the first XADD to the last ack; latency = ack reply received minus `ts`, p50 and p99
 *    over every message; CPU of the server and of this script in % of one core, and the server's CPU
 *    time per message. Afterwards XLEN must be M and the group's PEL empty. Target: Pigeon/Redis
 *    messages/s at least 0.6.
 *
 * 3. Memory. A fresh server of each kind, one at a time, receives E (default 1,000,000)
 *    `XADD bench:mem * f1 <i> f2 <i mod 1000> f3 abc f4 <i mod 7> f5 xyzzy` pipelined in batches of
 *    1,000 (5 small fields, the same field names in every entry, as real streams mostly have).
 *    Measured before and after loading: INFO memory used_memory (Redis: the bytes its allocator hands
 *    out; Pigeon: V8's heapUsed + external, its live heap) and VmRSS from /proc/<pid>/status (Pigeon
 *    reports the same figure as used_memory_rss). Per-entry bytes are the growth divided by E. Target:
 *    Pigeon's RSS growth per entry at most 3 times Redis's used_memory growth per entry.
 *
 * The exit code is 1 when a measurement could not be made (a server did not start or died,
 * redis-benchmark failed, a reply was wrong, XLEN or the PEL came out wrong); a missed target alone
 * does not fail the run.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  Cleanup,
  LatencyHistogram,
  RespConnection,
  RespError,
  commandBenchmarkArgs,
  cpuTimeMs,
  encodeCommand,
  ensurePigeonBuilt,
  errorMessage,
  formatInt,
  formatMiB,
  formatMs,
  formatRatio,
  loadPipelined,
  parseCommandLine,
  reportHeader,
  markdownTable,
  median,
  monotonicMicros,
  parseInfo,
  passMark,
  rssBytes,
  runRedisBenchmarkCommand,
  shellLine,
  type Reply,
  type ServerProcess,
  positiveInt,
  list,
  oneOf,
  log,
  startTarget,
  startTargets,
  ordered,
  cpuPercent,
  formatPercent,
  targetCell,
  Samples,
  withConnection,
} from './lib.js';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SCRIPT), '..');

type Target = 'redis' | 'pigeon';
type Part = 'xadd' | 'pipeline' | 'memory';
const ALL_PARTS: Part[] = ['xadd', 'pipeline', 'memory'];

/** Minimum Pigeon/Redis requests/s for XADD, per pipeline depth. */
const XADD_TARGETS = new Map<number, number>([
  [1, 0.6],
  [16, 0.4],
]);
const PIPELINE_TARGET = 0.6;
/** Maximum Pigeon RSS per entry / Redis used_memory per entry. */
const MEMORY_TARGET = 3;

const PRODUCERS = 2;
const CONSUMERS = 4;
const READ_COUNT = 100;
const BODY_BYTES = 64;
/** A run fails when nothing moves for this long (a lost message, a stuck consumer). */
const STALL_MS = 30_000;

/** The benchmark's keys. */
const StreamKeys = { xadd: 'bench:xadd', pipeline: 'bench:pipe', memory: 'bench:mem' } as const;
const GROUP = 'g';

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

interface Options {
  runs: number;
  parts: Part[];
  targets: Target[];
  build: boolean;
  // xadd
  requests: number;
  clients: number;
  pipelines: number[];
  // pipeline
  messages: number;
  window: number;
  batch: number;
  // memory
  entries: number;
}

const USAGE = `usage: npm run bench:streams -- [options]

  --runs N              repeat the xadd and pipeline parts N times and report medians (default 3)
  --parts LIST          xadd,pipeline,memory (default all three)
  --only T              pigeon or redis: measure one server only
  --quick               smoke check: --runs 1 -n 20000 --messages 20000 --entries 100000 (explicit options still win)
  --build               run npm run build first even when dist/cli/main.js exists

 xadd (redis-benchmark XADD bench:xadd * f1 v1):
  -n, --requests N      requests per redis-benchmark test (default 200000)
  -c, --clients N       redis-benchmark connections (default 50)
  --pipelines LIST      pipeline depths (default 1,16)

 pipeline (2 producers XADD, 4 consumers XREADGROUP + XACK):
  --messages N          messages per run (default 200000)
  --window N            messages added and not yet acked (default 2000)
  --batch N             XADDs per producer write (default 50)

 memory:
  --entries N           entries loaded (default 1000000)

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
      window: { type: 'string' },
      batch: { type: 'string' },
      entries: { type: 'string' },
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
    messages: positiveInt('messages', values.messages, quick ? 20_000 : 200_000),
    window: positiveInt('window', values.window, 2_000),
    batch: positiveInt('batch', values.batch, 50),
    entries: positiveInt('entries', values.entries, quick ? 100_000 : 1_000_000),
  };
}

interface PartResult {
  table: string;
  failures: string[];
}

// ---------------------------------------------------------------------------------------------
// Part 1: redis-benchmark XADD
// ---------------------------------------------------------------------------------------------

const XADD_COMMAND = ['XADD', StreamKeys.xadd, '*', 'f1', 'v1'];

async function xaddPart(options: Options, cleanup: Cleanup): Promise<PartResult> {
  const servers = await startTargets(options.targets, ROOT, cleanup);
  const samples = new Samples<number>();
  const key = (target: string, pipeline: number): string => `${target}|${pipeline}`;
  const failures: string[] = [];

  try {
    let turn = 0;
    for (let run = 0; run < options.runs; run++) {
      for (const pipeline of options.pipelines) {
        for (const server of ordered(servers, turn++)) {
          cleanup.check();
          const label = `run ${run + 1}/${options.runs} -P ${pipeline} XADD ${server.name}`;
          if (!server.alive()) {
            failures.push(`${label}: ${server.name} is not running\n${server.output().trim()}`);
            continue;
          }
          try {
            await withConnection(server, (conn) => conn.call('DEL', StreamKeys.xadd));
            const row = await runRedisBenchmarkCommand({
              host: server.host,
              port: server.port,
              clients: options.clients,
              requests: options.requests,
              pipeline,
              command: XADD_COMMAND,
              signal: cleanup.signal,
            });
            const length = Number(await withConnection(server, (conn) => conn.call('XLEN', StreamKeys.xadd)));
            if (length !== options.requests) throw new Error(`XLEN ${StreamKeys.xadd} is ${length} after ${options.requests} XADDs`);
            samples.add(key(server.name, pipeline), row.rps);
            log(`${label}: ${formatInt(row.rps)} requests/s`);
          } catch (err) {
            cleanup.check();
            failures.push(`${label}: ${errorMessage(err)}`);
            log(`${label}: FAILED: ${errorMessage(err)}`);
          }
        }
      }
    }
  } finally {
    for (const server of servers) await cleanup.stop(server);
  }

  const rows: string[][] = [];
  let partial = false;
  for (const pipeline of options.pipelines) {
    const cell = (target: Target): { text: string; value: number } => {
      if (!options.targets.includes(target)) return { text: '—', value: NaN };
      const got = samples.get(key(target, pipeline));
      if (got.length === 0) return { text: 'error', value: NaN };
      partial ||= got.length < options.runs;
      return { text: `${formatInt(median(got))}${got.length < options.runs ? '*' : ''}`, value: median(got) };
    };
    const redis = cell('redis');
    const pigeon = cell('pigeon');
    const ratio = pigeon.value / redis.value;
    rows.push(['XADD', String(pipeline), redis.text, pigeon.text, formatRatio(ratio), targetCell('≥', XADD_TARGETS.get(pipeline), ratio)]);
  }
  let table = markdownTable(['test', 'pipeline', 'Redis requests/s', 'Pigeon requests/s', 'Pigeon/Redis', 'target'], rows, [
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
// Part 2: consumer-group pipeline
// ---------------------------------------------------------------------------------------------

/**
 * Progress of one run, shared by the producer and consumer loops: next() resolves at the next
 * update() and rejects once fail() has been called; a watchdog fails the run when nothing has been
 * updated for STALL_MS.
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

  async until(condition: () => boolean): Promise<void> {
    while (!condition()) await this.next();
    if (this.#error !== undefined) throw this.#error;
  }

  dispose(): void {
    clearInterval(this.#watchdog);
  }
}

interface PipelineSample {
  rate: number;
  p50Ms: number;
  p99Ms: number;
  serverCpu: number;
  clientCpu: number;
  /** Server CPU time per message (XADD + its share of XREADGROUP and XACK). */
  serverMicrosPerMessage: number;
}

const BODY = 'x'.repeat(BODY_BYTES);

/** The entries of an XREADGROUP reply on one stream: [[key, [[id, [field, value, ...]], ...]]]. */
function readEntries(reply: Reply): [string, Reply[]][] {
  if (reply === null) return [];
  if (!Array.isArray(reply) || reply.length !== 1 || !Array.isArray(reply[0]) || !Array.isArray(reply[0][1])) {
    throw new Error(`XREADGROUP answered ${JSON.stringify(reply).slice(0, 200)}`);
  }
  return (reply[0][1] as Reply[]).map((entry) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) {
      throw new Error(`XREADGROUP entry ${JSON.stringify(entry).slice(0, 200)}`);
    }
    return [entry[0], entry[1]];
  });
}

async function pipelineRun(server: ServerProcess, options: Options): Promise<PipelineSample> {
  const { messages, window, batch } = options;
  const state = new RunState(`consumer-group pipeline on ${server.name}`);
  const connections: RespConnection[] = [];
  const histogram = new LatencyHistogram();
  let produced = 0;
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
    while (produced < messages) {
      const room = Math.min(batch, messages - produced, window - (produced - acked));
      if (room <= 0) {
        await state.next();
        continue;
      }
      produced += room;
      let payload = '';
      for (let i = 0; i < room; i++) {
        payload += encodeCommand(['XADD', StreamKeys.pipeline, '*', 'ts', String(monotonicMicros()).padStart(16, '0'), 'body', BODY]);
      }
      for (const reply of await conn.send(payload, room)) {
        if (typeof reply !== 'string') throw new Error(`XADD answered ${reply instanceof RespError ? reply.message : JSON.stringify(reply)}`);
      }
    }
  };

  const consumer = async (conn: RespConnection, name: string): Promise<void> => {
    while (!finished) {
      const reply = await conn.call('XREADGROUP', 'GROUP', GROUP, name, 'COUNT', READ_COUNT, 'BLOCK', 1000, 'STREAMS', StreamKeys.pipeline, '>');
      const entries = readEntries(reply);
      if (entries.length === 0) continue;
      const count = await conn.call('XACK', StreamKeys.pipeline, GROUP, ...entries.map(([id]) => id));
      if (count !== entries.length) throw new Error(`XACK of ${entries.length} entries just read answered ${JSON.stringify(count)}`);
      const now = monotonicMicros();
      for (const [, fields] of entries) {
        if (fields[0] !== 'ts' || typeof fields[1] !== 'string') throw new Error(`unexpected fields ${JSON.stringify(fields).slice(0, 200)}`);
        histogram.record(now - Number(fields[1]));
      }
      acked += entries.length;
      if (acked >= messages) {
        endedAt = now;
        finished = true;
      }
      state.update();
    }
  };

  try {
    const control = await connect();
    await control.call('DEL', StreamKeys.pipeline);
    await control.call('XGROUP', 'CREATE', StreamKeys.pipeline, GROUP, '$', 'MKSTREAM');
    const producers = await Promise.all(Array.from({ length: PRODUCERS }, connect));
    const consumers = await Promise.all(Array.from({ length: CONSUMERS }, connect));

    const serverCpuBefore = cpuTimeMs(server.pid);
    const clientCpuBefore = process.cpuUsage();
    const startedAt = monotonicMicros();
    // A loop that fails after the last ack (a consumer's XREADGROUP cut off by close()) does not count.
    const guard = (loop: Promise<void>): void => {
      loop.catch((err: unknown) => {
        if (!finished) state.fail(err instanceof Error ? err : new Error(String(err)));
      });
    };
    consumers.forEach((conn, i) => guard(consumer(conn, `c${i + 1}`)));
    producers.forEach((conn) => guard(producer(conn)));
    await state.until(() => finished);
    const serverCpuMs = cpuTimeMs(server.pid) - serverCpuBefore;
    const ownCpu = process.cpuUsage(clientCpuBefore);
    const elapsedMs = (endedAt - startedAt) / 1000;

    const [length, pending] = await control.pipeline([
      ['XLEN', StreamKeys.pipeline],
      ['XPENDING', StreamKeys.pipeline, GROUP],
    ]);
    if (length !== messages) throw new Error(`after the last ack, XLEN is ${JSON.stringify(length)}, expected ${messages}`);
    if (!Array.isArray(pending) || pending[0] !== 0) throw new Error(`after the last ack, XPENDING answered ${JSON.stringify(pending)}`);
    if (acked !== messages) throw new Error(`${acked} messages acked, ${messages} added`);
    return {
      rate: messages / (elapsedMs / 1000),
      p50Ms: histogram.quantile(0.5) / 1000,
      p99Ms: histogram.quantile(0.99) / 1000,
      serverCpu: cpuPercent(serverCpuMs, elapsedMs),
      clientCpu: cpuPercent((ownCpu.user + ownCpu.system) / 1000, elapsedMs),
      serverMicrosPerMessage: (serverCpuMs * 1000) / messages,
    };
  } finally {
    finished = true;
    clearInterval(serverDied);
    state.dispose();
    for (const conn of connections) conn.close();
  }
}

async function pipelinePart(options: Options, cleanup: Cleanup): Promise<PartResult> {
  const servers = await startTargets(options.targets, ROOT, cleanup);
  const samples = new Samples<PipelineSample>();
  const failures: string[] = [];
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const server of ordered(servers, run)) {
        cleanup.check();
        const label = `run ${run + 1}/${options.runs} pipeline ${formatInt(options.messages)} messages ${server.name}`;
        try {
          const sample = await pipelineRun(server, options);
          samples.add(server.name, sample);
          log(
            `${label}: ${formatInt(sample.rate)} msg/s, p50 ${formatMs(sample.p50Ms)} ms, p99 ${formatMs(sample.p99Ms)} ms, ` +
              `CPU server ${formatPercent(sample.serverCpu)} client ${formatPercent(sample.clientCpu)}, server ${sample.serverMicrosPerMessage.toFixed(1)} µs/msg`,
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

  const m = (got: PipelineSample[], f: (s: PipelineSample) => number): number => median(got.map(f));
  const redis = samples.get('redis');
  const pigeon = samples.get('pigeon');
  let partial = false;
  const rateCell = (target: Target, got: PipelineSample[]): string => {
    if (!options.targets.includes(target)) return '—';
    if (got.length === 0) return 'error';
    partial ||= got.length < options.runs;
    return `${formatInt(m(got, (s) => s.rate))}${got.length < options.runs ? '*' : ''}`;
  };
  const ratio = m(pigeon, (s) => s.rate) / m(redis, (s) => s.rate);
  const latencyCell = (got: PipelineSample[]): string =>
    got.length === 0 ? '—' : `${formatMs(m(got, (s) => s.p50Ms))} / ${formatMs(m(got, (s) => s.p99Ms))}`;
  const cpuCell = (got: PipelineSample[]): string =>
    got.length === 0 ? '—' : `${formatPercent(m(got, (s) => s.serverCpu))} / ${formatPercent(m(got, (s) => s.clientCpu))}`;
  const costCell = (got: PipelineSample[]): string => (got.length === 0 ? '—' : m(got, (s) => s.serverMicrosPerMessage).toFixed(1));
  let table = markdownTable(
    [
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
    [
      [
        formatInt(options.messages),
        rateCell('redis', redis),
        rateCell('pigeon', pigeon),
        formatRatio(ratio),
        targetCell('≥', PIPELINE_TARGET, ratio),
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
// Part 3: memory
// ---------------------------------------------------------------------------------------------

/** The memory part's entry i: 5 small fields, the same names in every entry. */
function memoryEntry(i: number): (string | number)[] {
  return ['XADD', StreamKeys.memory, '*', 'f1', i, 'f2', i % 1000, 'f3', 'abc', 'f4', i % 7, 'f5', 'xyzzy'];
}

interface MemoryMeasure {
  rssBefore: number;
  rssAfter: number;
  usedBefore: number;
  usedAfter: number;
  length: number;
  loadMs: number;
}

async function usedMemory(conn: RespConnection): Promise<number> {
  const info = parseInfo(String(await conn.call('INFO', 'memory')));
  return Number(info.get('used_memory') ?? NaN);
}

async function measureMemory(target: Target, entries: number, cleanup: Cleanup): Promise<MemoryMeasure> {
  const server = await startTarget(target, ROOT, cleanup);
  log(`${server.name}: pid ${server.pid}, port ${server.port}: loading ${formatInt(entries)} stream entries`);
  let conn: RespConnection | undefined;
  try {
    conn = await RespConnection.connect(server.port, server.host);
    const usedBefore = await usedMemory(conn);
    const rssBefore = rssBytes(server.pid);
    const load = await loadPipelined(conn, memoryEntry, { count: entries });
    if (load.errors > 0) throw new Error(`${load.errors} XADDs failed on ${server.name}, the first with: ${load.firstError}`);
    const length = Number(await conn.call('XLEN', StreamKeys.memory));
    const usedAfter = await usedMemory(conn);
    const rssAfter = rssBytes(server.pid);
    log(`${server.name}: loaded in ${(load.ms / 1000).toFixed(1)} s, XLEN ${formatInt(length)}, RSS ${formatMiB(rssAfter)}, used_memory ${formatMiB(usedAfter)}`);
    return { rssBefore, rssAfter, usedBefore, usedAfter, length, loadMs: load.ms };
  } finally {
    conn?.close();
    await cleanup.stop(server);
  }
}

interface MemoryResult {
  table: string;
  verdict: string;
  failures: string[];
}

async function memoryPart(options: Options, cleanup: Cleanup): Promise<MemoryResult> {
  const measures = new Map<Target, MemoryMeasure>();
  const failures: string[] = [];
  for (const target of options.targets) {
    cleanup.check();
    try {
      const m = await measureMemory(target, options.entries, cleanup);
      if (m.length !== options.entries) failures.push(`${target}: XLEN is ${m.length} after loading ${options.entries} entries`);
      measures.set(target, m);
    } catch (err) {
      cleanup.check();
      failures.push(`memory ${target}: ${errorMessage(err)}`);
      log(`memory ${target}: FAILED: ${errorMessage(err)}`);
    }
  }
  const n = options.entries;
  const cell = (target: Target, pick: (m: MemoryMeasure) => string): string => {
    const m = measures.get(target);
    if (m !== undefined) return pick(m);
    return options.targets.includes(target) ? 'error' : '—';
  };
  const perEntry = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / n).toFixed(1)} B` : '—');
  const rows: [string, (m: MemoryMeasure) => string][] = [
    ['XLEN', (m) => formatInt(m.length)],
    ['load time', (m) => `${(m.loadMs / 1000).toFixed(1)} s (${formatInt(n / (m.loadMs / 1000))} entries/s)`],
    ['RSS before / after loading', (m) => `${formatMiB(m.rssBefore)} / ${formatMiB(m.rssAfter)}`],
    ['INFO used_memory before / after', (m) => `${formatMiB(m.usedBefore)} / ${formatMiB(m.usedAfter)}`],
    ['RSS growth per entry', (m) => perEntry(m.rssAfter - m.rssBefore)],
    ['used_memory growth per entry', (m) => perEntry(m.usedAfter - m.usedBefore)],
  ];
  const table = markdownTable(
    ['', 'Redis', 'Pigeon'],
    rows.map(([name, pick]) => [name, cell('redis', pick), cell('pigeon', pick)]),
    ['left', 'right', 'right'],
  );
  const redis = measures.get('redis');
  const pigeon = measures.get('pigeon');
  let verdict: string;
  if (redis !== undefined && pigeon !== undefined) {
    const redisUsed = redis.usedAfter - redis.usedBefore;
    const ratio = (pigeon.rssAfter - pigeon.rssBefore) / redisUsed;
    verdict =
      `Pigeon RSS per entry / Redis used_memory per entry: ${formatRatio(ratio)}x (target ≤ ${MEMORY_TARGET}x) ${passMark(ratio <= MEMORY_TARGET)}; ` +
      `Pigeon heap (used_memory) per entry / Redis used_memory per entry: ${formatRatio((pigeon.usedAfter - pigeon.usedBefore) / redisUsed)}x; ` +
      `Pigeon RSS / Redis RSS growth: ${formatRatio((pigeon.rssAfter - pigeon.rssBefore) / (redis.rssAfter - redis.rssBefore))}x`;
  } else {
    verdict = `Pigeon RSS per entry / Redis used_memory per entry: — (needs both servers; target ≤ ${MEMORY_TARGET}x)`;
  }
  return { table, verdict, failures };
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
    for (const line of reportHeader('Streams benchmark (issue 4)', 'bench:streams', argv, options.targets)) print(line);
    print(`- every part starts fresh servers; median of ${options.runs} run(s) for XADD and the pipeline; the servers alternate which goes first`);

    if (options.targets.includes('pigeon')) ensurePigeonBuilt(ROOT, options.build);

    if (has('xadd')) {
      const line = shellLine(
        'redis-benchmark',
        commandBenchmarkArgs({ port: 0, clients: options.clients, requests: options.requests, pipeline: 0, command: XADD_COMMAND }),
      )
        .replace('-p 0', '-p <port>')
        .replace('-P 0', `-P <${options.pipelines.join('|')}>`);
      print();
      print('### XADD (redis-benchmark)');
      print();
      print(`- client: \`${line}\`; \`${StreamKeys.xadd}\` deleted before each test, XLEN checked after it`);
      const result = await xaddPart(options, cleanup);
      failures.push(...result.failures);
      print();
      print(result.table);
    }

    if (has('pipeline')) {
      print();
      print('### Consumer-group pipeline');
      print();
      print(
        `- ${PRODUCERS} producers \`XADD ${StreamKeys.pipeline} * ts <µs> body <${BODY_BYTES} bytes>\` (${options.batch} per write, one write in flight each), ` +
          `${CONSUMERS} consumers \`XREADGROUP GROUP ${GROUP} c<N> COUNT ${READ_COUNT} BLOCK 1000 STREAMS ${StreamKeys.pipeline} >\` then \`XACK\` of the batch; ` +
          `at most ${formatInt(options.window)} messages added and not yet acked`,
      );
      print(`- msg/s: messages / time from the first XADD to the last ack; latency: XADD built to XACK answered, over every message`);
      print(`- CPU: % of one core during the run, the server's and this script's (all 6 client connections)`);
      const result = await pipelinePart(options, cleanup);
      failures.push(...result.failures);
      print();
      print(result.table);
    }

    if (has('memory')) {
      print();
      print('### Memory');
      print();
      print(
        `- ${formatInt(options.entries)} \`${memoryEntry(0).slice(0, 3).join(' ')} f1 <i> f2 <i mod 1000> f3 abc f4 <i mod 7> f5 xyzzy\`, ` +
          `pipelined in batches of 1,000, into a fresh server of each kind, one at a time; growth from before to after loading`,
      );
      print();
      const result = await memoryPart(options, cleanup);
      failures.push(...result.failures);
      print(result.table);
      print();
      print(result.verdict);
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

process.exitCode = await main();
