/**
 * Shared machinery for the side-by-side benchmarks in bench/ (never part of `npm test`).
 *
 * A benchmark here compares Pigeon with a real redis-server on the same machine, in the same run:
 *
 *   servers     startPigeon() / startRedis() spawn a server on a free port with its own temporary
 *               --dir, wait until it answers PING (polling, never a fixed sleep) and return a
 *               ServerProcess whose stop() kills it by PID and removes the directory.
 *   cleanup     a Cleanup owns every server a script starts; it stops them at the end, on an error,
 *               on SIGINT/SIGTERM, and (synchronously, with SIGKILL) on process exit as a last resort.
 *   client      RespConnection is a deliberately tiny RESP2 client (commands out, replies in order),
 *               so that measuring a broker does not depend on the broker's own codec or on a client
 *               library's handshake (ioredis sends INFO and CLIENT SETNAME before anything else).
 *               loadStringKeys() pipelines SETs through it in batches.
 *   load        runRedisBenchmark() runs redis-benchmark with --csv and parses its rows by header name.
 *   measures    rssBytes() reads VmRSS from /proc/<pid>/status; parseInfo() reads INFO sections.
 *   reporting   median(), markdownTable() and the number formatters print results as markdown that
 *               can be pasted into docs/benchmarks.md; machineDescription() makes a run reproducible.
 *
 * A new benchmark (messaging, streams, ...) should start its servers through a Cleanup, alternate the
 * order of the targets between tests so that neither always runs on a warmer machine, repeat whole
 * runs and report medians, and print machineDescription() with the exact command lines it used.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const LOCALHOST = '127.0.0.1';

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Median of the samples (mean of the two middle ones for an even count); NaN when there are none. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A port that was free a moment ago: bind port 0, read the port the kernel chose, release it. */
export async function freePort(host = LOCALHOST): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('could not read a free port'))));
    });
  });
}

/** Resident set size of a process in bytes (VmRSS of /proc/<pid>/status); Linux only. */
export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (match === null) throw new Error(`no VmRSS line in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** INFO output as a flat field map (section headers and blank lines dropped). */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------
// Formatting and markdown
// ---------------------------------------------------------------------------------------------

export function formatInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

export function formatMiB(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : '—';
}

export function formatRatio(ratio: number, digits = 2): string {
  return Number.isFinite(ratio) ? ratio.toFixed(digits) : '—';
}

export function passMark(pass: boolean): string {
  return pass ? '✓' : '✗';
}

export type Align = 'left' | 'right';

/** A GitHub-flavoured markdown table, padded so that it also reads well in a terminal. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths = headers.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number): string =>
    align[i] === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
  const line = (cells: readonly string[]): string => `| ${headers.map((_, i) => cell(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// A minimal RESP2 client
// ---------------------------------------------------------------------------------------------

/** An error reply (`-ERR ...`), returned as a value inside pipelines and thrown by call(). */
export class RespError extends Error {
  override name = 'RespError';
}

export type Reply = string | number | null | RespError | Reply[];

type Parsed = { value: Reply; end: number } | undefined;

const CRLF = Buffer.from('\r\n');

/** Parses one reply starting at `start`; undefined when the buffer does not hold all of it yet. */
function parseReply(buf: Buffer, start: number): Parsed {
  if (start >= buf.length) return undefined;
  const lineEnd = buf.indexOf(CRLF, start);
  if (lineEnd < 0) return undefined;
  const type = buf[start];
  const line = buf.toString('latin1', start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case 0x2b: // + simple string
      return { value: line, end: next };
    case 0x2d: // - error
      return { value: new RespError(buf.toString('utf8', start + 1, lineEnd)), end: next };
    case 0x3a: // : integer
      return { value: Number(line), end: next };
    case 0x24: {
      // $ bulk string
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return undefined;
      return { value: buf.toString('utf8', next, next + len), end: next + len + 2 };
    }
    case 0x2a: {
      // * array
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: Reply[] = [];
      let pos = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, pos);
        if (item === undefined) return undefined;
        items.push(item.value);
        pos = item.end;
      }
      return { value: items, end: pos };
    }
    default:
      throw new Error(`unexpected RESP type byte 0x${(type ?? 0).toString(16)}`);
  }
}

/** One command as a RESP multibulk frame. */
export function encodeCommand(args: readonly (string | number)[]): string {
  let frame = `*${args.length}\r\n`;
  for (const arg of args) {
    const text = String(arg);
    frame += `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  }
  return frame;
}

interface Pending {
  remaining: number;
  replies: Reply[];
  resolve: (replies: Reply[]) => void;
  reject: (err: Error) => void;
}

/**
 * Commands out, replies in order. Each send() names how many replies it expects, so a batch of a
 * thousand pipelined commands costs one promise, not a thousand.
 */
export class RespConnection {
  readonly #socket: net.Socket;
  readonly #pending: Pending[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  #failure: Error | undefined;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (err) => this.#fail(err));
    socket.on('close', () => this.#fail(new Error('connection closed')));
  }

  static connect(port: number, host = LOCALHOST, timeoutMs = 5_000): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RespConnection(socket));
      });
    });
  }

  /** Writes a payload of already encoded commands and resolves with its `replies` replies. */
  send(payload: string | Buffer, replies: number): Promise<Reply[]> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#pending.push({ remaining: replies, replies: [], resolve, reject });
      this.#socket.write(payload);
    });
  }

  /** Sends the commands in one write; error replies come back as RespError values. */
  pipeline(commands: readonly (readonly (string | number)[])[]): Promise<Reply[]> {
    return this.send(commands.map(encodeCommand).join(''), commands.length);
  }

  /** One command; an error reply is thrown. */
  async call(...args: (string | number)[]): Promise<Reply> {
    const [reply] = await this.send(encodeCommand(args), 1);
    if (reply instanceof RespError) throw reply;
    return reply ?? null;
  }

  close(): void {
    this.#failure ??= new Error('connection closed by the client');
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let pos = 0;
    try {
      while (this.#pending.length > 0) {
        const parsed = parseReply(this.#buffer, pos);
        if (parsed === undefined) break;
        pos = parsed.end;
        const head = this.#pending[0]!;
        head.replies.push(parsed.value);
        if (--head.remaining === 0) {
          this.#pending.shift();
          head.resolve(head.replies);
        }
      }
    } catch (err) {
      this.#fail(err instanceof Error ? err : new Error(String(err)));
      this.#socket.destroy();
      return;
    }
    this.#buffer = pos === this.#buffer.length ? Buffer.alloc(0) : this.#buffer.subarray(pos);
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    for (const pending of this.#pending.splice(0)) pending.reject(err);
  }
}

/** True when a server on host:port answers PING with PONG. */
export async function answersPing(port: number, host = LOCALHOST): Promise<boolean> {
  let conn: RespConnection | undefined;
  try {
    conn = await RespConnection.connect(port, host, 1_000);
    return (await conn.call('PING')) === 'PONG';
  } catch {
    return false;
  } finally {
    conn?.close();
  }
}

export interface LoadOptions {
  /** Keys are `${prefix}${i}` for i in 0..count-1. */
  count: number;
  valueBytes: number;
  prefix?: string;
  /** Commands per write; the loader waits for a batch's replies before it has more than `window` in flight. */
  batch?: number;
  window?: number;
}

export interface LoadResult {
  ms: number;
  errors: number;
  firstError?: string;
}

/**
 * SET key:<i> <value> for every i, pipelined in batches. Values are exactly `valueBytes` ASCII bytes and
 * differ from key to key (the index, left-padded), so no server can share them.
 */
export function loadStringKeys(conn: RespConnection, options: LoadOptions): Promise<LoadResult> {
  const { count, valueBytes, prefix = 'key:', batch, window } = options;
  return loadPipelined(conn, (i) => ['SET', `${prefix}${i}`, String(i).padStart(valueBytes, 'v').slice(-valueBytes)], {
    count,
    ...(batch === undefined ? {} : { batch }),
    ...(window === undefined ? {} : { window }),
  });
}

// ---------------------------------------------------------------------------------------------
// Server processes
// ---------------------------------------------------------------------------------------------

export interface ServerProcess {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** Temporary data directory, removed by stop(). */
  readonly dir: string;
  /** The exact command line, for the report. */
  readonly commandLine: string;
  alive(): boolean;
  /** The last 16 KiB the server printed (stdout and stderr), for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s; removes the directory. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL and remove the directory, synchronously (for process 'exit' handlers). */
  killSync(): void;
}

export interface StartOptions {
  host?: string;
  port?: number;
  /** How long to wait for PONG. */
  readyTimeoutMs?: number;
  /** Stops waiting (and kills the server) when aborted; pass Cleanup.signal. */
  signal?: AbortSignal;
  /** `appendonly yes` with this `appendfsync`; without it the server runs with no persistence. */
  appendfsync?: 'always' | 'everysec' | 'no';
}

/** The persistence flags of a server started with `options` (the same names for both servers). */
function aofArgs(options: StartOptions): string[] {
  return options.appendfsync === undefined ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', options.appendfsync];
}

const OUTPUT_TAIL = 16 * 1024;

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function shellLine(command: string, args: readonly string[]): string {
  return [command, ...args].map(quoteArg).join(' ');
}

/**
 * Spawns `command args(port, dir)` and resolves once it answers PING; rejects (after killing it) if it
 * exits or does not answer within readyTimeoutMs.
 */
export async function startServer(
  name: string,
  command: string,
  args: (port: number, dir: string) => string[],
  options: StartOptions & { displayCommand?: string; cwd?: string } = {},
): Promise<ServerProcess> {
  const host = options.host ?? LOCALHOST;
  const port = options.port ?? (await freePort(host));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pigeon-bench-${name}-`));
  const argv = args(port, dir);
  const child: ChildProcess = spawn(command, argv, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const record = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      spawnError = err;
      resolve();
    });
  });
  const alive = (): boolean => spawnError === undefined && child.exitCode === null && child.signalCode === null;
  let stopped = false;
  const removeDir = (): void => fs.rmSync(dir, { recursive: true, force: true });

  const server: ServerProcess = {
    name,
    host,
    port,
    pid: child.pid ?? -1,
    dir,
    commandLine: shellLine(options.displayCommand ?? command, argv),
    alive,
    output: () => tail,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (alive()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      removeDir();
    },
    killSync() {
      if (stopped) return;
      stopped = true;
      if (alive()) child.kill('SIGKILL');
      removeDir();
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  for (;;) {
    if (options.signal?.aborted === true) {
      await server.stop();
      throw new Error(`${name}: start interrupted`);
    }
    if (!alive()) {
      await server.stop();
      const why = spawnError !== undefined ? spawnError.message : `exited with code ${child.exitCode ?? child.signalCode}`;
      throw new Error(`${name} did not start (${server.commandLine}): ${why}\n${tail.trim()}`);
    }
    if (await answersPing(port, host)) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${name} did not answer PING within ${options.readyTimeoutMs ?? 15_000} ms (${server.commandLine})\n${tail.trim()}`);
    }
    await delay(25);
  }
}

/** The path of Pigeon's CLI entry point under a project root. */
export function pigeonEntry(root: string): string {
  return path.join(root, 'dist', 'cli', 'main.js');
}

/** Runs `npm run build` in root when dist/cli/main.js is missing (or always, with force). */
export function ensurePigeonBuilt(root: string, force = false): void {
  if (!force && fs.existsSync(pigeonEntry(root))) return;
  process.stderr.write(`${force ? 'building' : `${pigeonEntry(root)} is missing: building`} with npm run build\n`);
  try {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
  } catch (err) {
    throw new Error(`npm run build failed (${errorMessage(err)}); fix the build, or measure Redis alone with --only redis`);
  }
  if (!fs.existsSync(pigeonEntry(root))) throw new Error(`npm run build did not produce ${pigeonEntry(root)}`);
}

/**
 * `node dist/cli/main.js server --port P --bind H --dir D --appendonly no` (or `--appendonly yes
 * --appendfsync F` with options.appendfsync), from the project root.
 */
export function startPigeon(root: string, options: StartOptions = {}): Promise<ServerProcess> {
  const host = options.host ?? LOCALHOST;
  return startServer(
    'pigeon',
    process.execPath,
    (port, dir) => [path.relative(root, pigeonEntry(root)), 'server', '--port', String(port), '--bind', host, '--dir', dir, ...aofArgs(options)],
    { ...options, host, cwd: root, displayCommand: 'node' },
  );
}

/**
 * `redis-server --port P --bind H --save '' --appendonly no --dir D` (or `--appendonly yes
 * --appendfsync F --aof-use-rdb-preamble no` with options.appendfsync).
 */
export function startRedis(options: StartOptions = {}): Promise<ServerProcess> {
  const host = options.host ?? LOCALHOST;
  return startServer(
    'redis',
    'redis-server',
    (port, dir) => [
      '--port', String(port), '--bind', host, '--save', '',
      ...aofArgs(options), ...(options.appendfsync === undefined ? [] : ['--aof-use-rdb-preamble', 'no']),
      '--dir', dir,
    ],
    { ...options, host },
  );
}

/**
 * Owns the servers a script starts. run() stops them all (call it from a finally); signal handlers stop
 * them on SIGINT/SIGTERM; an 'exit' handler SIGKILLs whatever is still alive if the script dies anyway.
 * `signal` is aborted on SIGINT/SIGTERM and at exit: pass it to runRedisBenchmark() and the start
 * functions so that client processes die with the script, and call check() between steps so that an
 * interrupted script starts nothing new while it is stopping.
 */
export class Cleanup {
  readonly #servers = new Set<ServerProcess>();
  readonly #abort = new AbortController();
  #installed = false;

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Throws once the script has been interrupted. */
  check(): void {
    if (this.#abort.signal.aborted) throw new Error('interrupted');
  }

  track<T extends ServerProcess>(server: T): T {
    this.#servers.add(server);
    return server;
  }

  async stop(server: ServerProcess): Promise<void> {
    this.#servers.delete(server);
    await server.stop();
  }

  async run(): Promise<void> {
    const servers = [...this.#servers];
    this.#servers.clear();
    await Promise.allSettled(servers.map((s) => s.stop()));
  }

  installSignalHandlers(): void {
    if (this.#installed) return;
    this.#installed = true;
    const onSignal = (signal: NodeJS.Signals, code: number): void => {
      process.stderr.write(`\n${signal}: stopping servers\n`);
      this.#abort.abort();
      void this.run().finally(() => process.exit(code));
    };
    process.once('SIGINT', () => onSignal('SIGINT', 130));
    process.once('SIGTERM', () => onSignal('SIGTERM', 143));
    process.once('exit', () => {
      this.#abort.abort();
      for (const server of this.#servers) server.killSync();
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers every side-by-side script shares
// ---------------------------------------------------------------------------------------------

/** Progress lines go to stderr, so that stdout holds only the markdown report. */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Starts redis-server or Pigeon (from `root`), tracked by `cleanup`. */
export function startTarget(target: 'redis' | 'pigeon', root: string, cleanup: Cleanup): Promise<ServerProcess> {
  const options = { signal: cleanup.signal };
  return (target === 'redis' ? startRedis(options) : startPigeon(root, options)).then((server) => cleanup.track(server));
}

/** Starts each target in turn and logs its PID, port and command line. */
export async function startTargets(targets: readonly ('redis' | 'pigeon')[], root: string, cleanup: Cleanup): Promise<ServerProcess[]> {
  const servers: ServerProcess[] = [];
  for (const target of targets) servers.push(await startTarget(target, root, cleanup));
  for (const server of servers) log(`${server.name}: pid ${server.pid}, port ${server.port}: ${server.commandLine}`);
  return servers;
}

/** The items in the order of this turn: as given on even turns, reversed on odd ones. */
export function ordered<T>(items: readonly T[], turn: number): T[] {
  return turn % 2 === 0 ? [...items] : [...items].reverse();
}

/** CPU time used between two readings, in % of one core. */
export function cpuPercent(cpuMs: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (100 * cpuMs) / elapsedMs : NaN;
}

export function formatPercent(p: number): string {
  return Number.isFinite(p) ? `${Math.round(p)}%` : '—';
}

/** A table's target cell: `≥ 0.6 ✓`, `≤ 3.0 ✗`, or the bound alone when the ratio is unknown. */
export function targetCell(bound: '≥' | '≤', target: number | undefined, ratio: number): string {
  if (target === undefined) return '—';
  const pass = bound === '≥' ? ratio >= target : ratio <= target;
  return Number.isFinite(ratio) ? `${bound} ${target.toFixed(1)} ${passMark(pass)}` : `${bound} ${target.toFixed(1)}`;
}

/** Samples keyed by measurement and server. */
export class Samples<T> {
  readonly #samples = new Map<string, T[]>();

  add(key: string, sample: T): void {
    this.#samples.set(key, [...(this.#samples.get(key) ?? []), sample]);
  }

  get(key: string): T[] {
    return this.#samples.get(key) ?? [];
  }
}

/** Runs `fn` on a new connection to `server`, closed afterwards. */
export async function withConnection<T>(server: ServerProcess, fn: (conn: RespConnection) => Promise<T>): Promise<T> {
  const conn = await RespConnection.connect(server.port, server.host);
  try {
    return await fn(conn);
  } finally {
    conn.close();
  }
}

// ---------------------------------------------------------------------------------------------
// redis-benchmark
// ---------------------------------------------------------------------------------------------

export interface BenchmarkRow {
  /** The test as redis-benchmark names it, e.g. `SET` or `MSET (10 keys)`. */
  test: string;
  rps: number;
  avgLatencyMs: number;
  p50LatencyMs: number;
  p99LatencyMs: number;
}

/** Splits one CSV line whose fields may be double-quoted (`""` inside quotes is a quote). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * Rows of `redis-benchmark --csv` output. Columns are found by header name
 * (`"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",...` in 7.0); a repeated header is skipped.
 */
export function parseBenchmarkCsv(text: string): BenchmarkRow[] {
  const rows: BenchmarkRow[] = [];
  let columns: string[] | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const fields = csvFields(line);
    if (fields[0] === 'test') {
      columns = fields;
      continue;
    }
    const col = (name: string, fallback: number): number => {
      const index = columns?.indexOf(name) ?? -1;
      return Number(fields[index >= 0 ? index : fallback]);
    };
    const rps = col('rps', 1);
    if (fields.length < 2 || !Number.isFinite(rps)) continue;
    rows.push({
      test: fields[0]!,
      rps,
      avgLatencyMs: col('avg_latency_ms', 2),
      p50LatencyMs: col('p50_latency_ms', 4),
      p99LatencyMs: col('p99_latency_ms', 6),
    });
  }
  return rows;
}

export interface BenchmarkOptions {
  host?: string;
  port: number;
  clients: number;
  requests: number;
  pipeline: number;
  /** redis-benchmark -t names, e.g. `set` or `ping_inline`. */
  tests: readonly string[];
  extraArgs?: readonly string[];
  /** Killed after this long; redis-benchmark retries forever when the server is gone. */
  timeoutMs?: number;
  /** Kills redis-benchmark when aborted; pass Cleanup.signal. */
  signal?: AbortSignal;
}

export function benchmarkArgs(options: BenchmarkOptions): string[] {
  return [
    '-h', options.host ?? LOCALHOST,
    '-p', String(options.port),
    '-c', String(options.clients),
    '-n', String(options.requests),
    '-P', String(options.pipeline),
    '-t', options.tests.join(','),
    ...(options.extraArgs ?? []),
    '--csv', '-q',
  ];
}

/** Runs redis-benchmark and returns its CSV rows; rejects on a non-zero exit, a timeout or no rows. */
export function runRedisBenchmark(options: BenchmarkOptions): Promise<BenchmarkRow[]> {
  const args = benchmarkArgs(options);
  const timeoutMs = options.timeoutMs ?? Math.max(120_000, options.requests);
  return new Promise((resolve, reject) => {
    const child = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-OUTPUT_TAIL)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(options.signal?.aborted === true ? new Error('redis-benchmark interrupted') : new Error(`redis-benchmark could not run: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      // redis-benchmark warns when CONFIG GET fails and goes on; that line explains nothing.
      const detail = (stderr.trim() || stdout.trim())
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.includes('Could not fetch server CONFIG'))
        .slice(-3)
        .join(' / ')
        .slice(0, 300);
      if (options.signal?.aborted === true) return reject(new Error('redis-benchmark interrupted'));
      if (timedOut) return reject(new Error(`redis-benchmark timed out after ${timeoutMs} ms${detail ? `: ${detail}` : ''}`));
      if (code !== 0) return reject(new Error(`redis-benchmark exited with ${code ?? signal}${detail ? `: ${detail}` : ''}`));
      const rows = parseBenchmarkCsv(stdout);
      if (rows.length === 0) return reject(new Error(`redis-benchmark printed no result for -t ${options.tests.join(',')}`));
      resolve(rows);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The machine
// ---------------------------------------------------------------------------------------------

function versionOf(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return `${command}: not found`;
  }
}

/** A `--name` option's value as a positive integer, or `fallback` when it was not given. */
export function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got '${value}'`);
  return n;
}

/** A comma-separated option value as a list (blank items dropped), or `fallback`. */
export function list(value: string | undefined, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Checks that every value is one of `allowed`; throws naming the unknown ones. */
export function oneOf<T extends string>(name: string, values: string[], allowed: readonly T[]): T[] {
  const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length > 0) throw new Error(`unknown --${name} ${bad.join(', ')}; known: ${allowed.join(', ')}`);
  return values as T[];
}

/**
 * Parses a script's command line with `parse` (undefined for --help). Returns the options, or the
 * exit code when there is nothing to run: 0 after printing the usage for --help, 2 after printing
 * the error and the usage for a bad option.
 */
export function parseCommandLine<O>(argv: string[], parse: (argv: string[]) => O | undefined, usage: string): O | number {
  let options: O | undefined;
  try {
    options = parse(argv);
  } catch (err) {
    process.stderr.write(`${errorMessage(err)}\n\n${usage}\n`);
    return 2;
  }
  if (options === undefined) {
    console.log(usage);
    return 0;
  }
  return options;
}

/**
 * The opening lines of every report: the title, the npm command that produced it, the date and
 * the machine; with `servers`, the command lines of the reference and of Pigeon without persistence.
 */
export function reportHeader(title: string, script: string, argv: readonly string[], servers: readonly ('redis' | 'pigeon')[] = []): string[] {
  const lines = [
    `## ${title}`,
    '',
    `- command: \`${shellLine('npm', ['run', script, ...(argv.length > 0 ? ['--', ...argv] : [])])}\``,
    `- date: ${new Date().toISOString()}`,
    ...machineDescription().map((line) => `- ${line}`),
  ];
  return [...lines, ...serverCommandLines(servers)];
}

/** Report lines with the command lines of the reference and of Pigeon, without persistence. */
export function serverCommandLines(servers: readonly ('redis' | 'pigeon')[]): string[] {
  const lines: string[] = [];
  if (servers.includes('redis')) lines.push("- redis: `redis-server --port <port> --bind 127.0.0.1 --save '' --appendonly no --dir <tmp>`");
  if (servers.includes('pigeon')) lines.push('- pigeon: `node dist/cli/main.js server --port <port> --bind 127.0.0.1 --dir <tmp> --appendonly no`');
  return lines;
}

/** Lines describing the machine and tools, so that a result can be reproduced and compared. */
export function machineDescription(): string[] {
  const cpus = os.cpus();
  return [
    `CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores`,
    `memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `node: ${process.version}`,
    `redis-server: ${versionOf('redis-server', ['--version'])}`,
    `redis-benchmark: ${versionOf('redis-benchmark', ['--version'])}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// redis-benchmark with a command of our own (added for bench/messaging.ts)
// ---------------------------------------------------------------------------------------------

export interface CommandBenchmarkOptions {
  host?: string;
  port: number;
  clients: number;
  requests: number;
  pipeline: number;
  /** The command redis-benchmark sends, e.g. `['PUBLISH', 'chan', 'hello']`; its row is named after it. */
  command: readonly string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * `redis-benchmark ... --csv -q <command...>`. The command comes last: redis-benchmark stops reading
 * options at the first word that is not one and sends the rest as the command (ignoring any -t).
 */
export function commandBenchmarkArgs(options: CommandBenchmarkOptions): string[] {
  return [
    '-h', options.host ?? LOCALHOST,
    '-p', String(options.port),
    '-c', String(options.clients),
    '-n', String(options.requests),
    '-P', String(options.pipeline),
    '--csv', '-q',
    ...options.command,
  ];
}

/**
 * Runs redis-benchmark with a custom command (PUBLISH, BLMOVE, ... : anything that is not a -t test)
 * and returns its one CSV row; rejects on a non-zero exit, a timeout or no row. Same rules as
 * runRedisBenchmark(): killed with SIGKILL on timeout or when `signal` aborts.
 */
export function runRedisBenchmarkCommand(options: CommandBenchmarkOptions): Promise<BenchmarkRow> {
  const args = commandBenchmarkArgs(options);
  const timeoutMs = options.timeoutMs ?? Math.max(120_000, options.requests);
  const what = options.command.join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-OUTPUT_TAIL)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(options.signal?.aborted === true ? new Error('redis-benchmark interrupted') : new Error(`redis-benchmark could not run: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const detail = (stderr.trim() || stdout.trim())
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.includes('Could not fetch server CONFIG'))
        .slice(-3)
        .join(' / ')
        .slice(0, 300);
      if (options.signal?.aborted === true) return reject(new Error('redis-benchmark interrupted'));
      if (timedOut) return reject(new Error(`redis-benchmark timed out after ${timeoutMs} ms${detail ? `: ${detail}` : ''}`));
      if (code !== 0) return reject(new Error(`redis-benchmark exited with ${code ?? signal}${detail ? `: ${detail}` : ''}`));
      const [row] = parseBenchmarkCsv(stdout);
      if (row === undefined) return reject(new Error(`redis-benchmark printed no result for ${what}`));
      resolve(row);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Clocks, CPU time and latency histograms (added for bench/messaging.ts)
// ---------------------------------------------------------------------------------------------

/**
 * Microseconds on the system's monotonic clock (process.hrtime, CLOCK_MONOTONIC on Linux). The clock
 * is the same in every process on the machine, so a timestamp taken by a publisher can be compared
 * with the time a subscriber in another process receives it; performance.now() cannot (each process
 * has its own origin).
 */
export function monotonicMicros(): number {
  const [seconds, nanos] = process.hrtime();
  return seconds * 1e6 + Math.floor(nanos / 1e3);
}

/** User + system CPU time a process has used, in milliseconds (/proc/<pid>/stat); Linux only. */
export function cpuTimeMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime and stime, fields 14 and 15 of the line
  return (ticks * 1000) / CLOCK_TICKS;
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK), read once in case it is not. */
const CLOCK_TICKS = ((): number => {
  try {
    const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isFinite(hz) && hz > 0 ? hz : 100;
  } catch {
    return 100;
  }
})();

/**
 * A latency histogram with buckets 1% wide (bucket i holds values in [1.01^i, 1.01^(i+1)) µs, values
 * under 1 µs go to bucket 0), so that recording is one logarithm and an increment, quantiles are
 * within 1% of the truth, and a histogram travels between processes as a short array of counts.
 */
export class LatencyHistogram {
  static readonly #LOG_BASE = Math.log(1.01);
  /** 1.01^2200 µs is about 90 minutes: anything longer lands in the last bucket. */
  static readonly #BUCKETS = 2200;
  readonly counts: Float64Array;
  count = 0;
  maxMicros = 0;

  /** From toArray()'s counts and maxMicros (a histogram sent by another process). */
  constructor(counts?: readonly number[], maxMicros = 0) {
    this.counts = new Float64Array(LatencyHistogram.#BUCKETS);
    if (counts !== undefined) {
      for (let i = 0; i < Math.min(counts.length, this.counts.length); i++) this.counts[i] = counts[i]!;
      this.count = counts.reduce((a, b) => a + b, 0);
    }
    this.maxMicros = maxMicros;
  }

  record(micros: number): void {
    const index = micros <= 1 ? 0 : Math.min(LatencyHistogram.#BUCKETS - 1, Math.floor(Math.log(micros) / LatencyHistogram.#LOG_BASE));
    this.counts[index]!++;
    this.count++;
    if (micros > this.maxMicros) this.maxMicros = micros;
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.maxMicros = Math.max(this.maxMicros, other.maxMicros);
  }

  /** The q-quantile (0..1) in microseconds: the middle of the bucket it falls in; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return i === 0 ? 1 : 1.01 ** (i + 0.5);
    }
    return this.maxMicros;
  }

  /** The counts as a plain array (for IPC), trailing empty buckets left off. */
  toArray(): number[] {
    let end = this.counts.length;
    while (end > 0 && this.counts[end - 1] === 0) end--;
    return Array.from(this.counts.subarray(0, end));
  }
}

/** Milliseconds with 2 decimals under 10 ms, 1 decimal under 100 ms, none above ('—' when not finite). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US');
}

// ---------------------------------------------------------------------------------------------
// Loading any command, pipelined (added for bench/streams.ts)
// ---------------------------------------------------------------------------------------------

export interface PipelinedLoadOptions {
  /** Commands sent: command(i) for i in 0..count-1. */
  count: number;
  /** Commands per write; the loader waits for a batch's replies before it has more than `window` in flight. */
  batch?: number;
  window?: number;
}

/**
 * Sends command(0) .. command(count - 1) pipelined in batches (loadStringKeys() is this for SET), and
 * counts the error replies. The commands are encoded as they are sent, so a million of them never
 * sit in memory at once.
 */
export async function loadPipelined(
  conn: RespConnection,
  command: (i: number) => readonly (string | number)[],
  options: PipelinedLoadOptions,
): Promise<LoadResult> {
  const { count, batch = 1_000, window = 2 } = options;
  const started = performance.now();
  const inFlight: Promise<Reply[]>[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const settle = async (): Promise<void> => {
    for (const reply of await inFlight.shift()!) {
      if (reply instanceof RespError) {
        errors++;
        firstError ??= reply.message;
      }
    }
  };
  for (let from = 0; from < count; from += batch) {
    const to = Math.min(count, from + batch);
    let payload = '';
    for (let i = from; i < to; i++) payload += encodeCommand(command(i));
    inFlight.push(conn.send(payload, to - from));
    if (inFlight.length >= window) await settle();
  }
  while (inFlight.length > 0) await settle();
  return { ms: performance.now() - started, errors, ...(firstError === undefined ? {} : { firstError }) };
}
