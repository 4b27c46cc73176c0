/**
 * Broker core benchmark (issue 2): Pigeon against redis-server, on the same machine, in the same run.
 *
 *   npm run bench:server                        full run: 3 runs, -n 200000, 1,000,000 keys
 *   npm run bench:server -- --quick             smoke check: 1 run, -n 20000, 100,000 keys
 *   npm run bench:server -- --only redis        one target only (no build needed for redis)
 *   npm run bench:server -- --help              every option
 *
 * Throughput. Both servers run side by side on free ports. For every run, pipeline depth (-P 1, -P 16)
 * and redis-benchmark test (PING_INLINE ... MSET), redis-benchmark is invoked once per server with
 * `-c 50 -n N -P depth -t test --csv -q`; which server goes first alternates from test to test and from
 * run to run, so slow drift on the machine (thermal, page cache, other tenants) lands on both. Both
 * servers are FLUSHALLed before each run. The report gives the MEDIAN ops/s of the runs per test and
 * server, and Pigeon/Redis against the targets: at least 0.6 of Redis without pipelining, 0.4 with -P 16.
 * redis-benchmark's MSET test sets 10 keys per command; its ops/s counts commands.
 *
 * Memory. A fresh server of each kind (one at a time, so they do not compete) gets `SET key:<i> <value>`
 * for i in 0..K-1 (K = 1,000,000; values exactly 100 bytes and all different), pipelined by our own
 * loader in batches of 1,000, and must then report DBSIZE = K. Measured: Redis's INFO memory
 * used_memory, and both processes' VmRSS from /proc/<pid>/status. Target: Pigeon's RSS at most 3x
 * Redis's used_memory (the data Redis holds, without allocator slack).
 *
 * The exit code is 1 when a measurement could not be made (a server did not start, redis-benchmark
 * failed, DBSIZE came out wrong); a missed target alone does not fail the run.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  Cleanup,
  RespConnection,
  benchmarkArgs,
  ensurePigeonBuilt,
  errorMessage,
  formatInt,
  formatMiB,
  formatRatio,
  loadStringKeys,
  parseCommandLine,
  reportHeader,
  markdownTable,
  median,
  parseInfo,
  passMark,
  rssBytes,
  runRedisBenchmark,
  type ServerProcess,
  positiveInt,
  list,
  log,
  startTarget,
} from './lib.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const ALL_TESTS = ['ping_inline', 'ping_mbulk', 'set', 'get', 'incr', 'lpush', 'rpop', 'sadd', 'hset', 'zadd', 'mset'];

/** The test as redis-benchmark's CSV names it. */
function testName(test: string): string {
  return test === 'mset' ? 'MSET (10 keys)' : test.toUpperCase();
}

/** Minimum Pigeon/Redis ops/s ratio, per pipeline depth. */
const THROUGHPUT_TARGETS = new Map<number, number>([
  [1, 0.6],
  [16, 0.4],
]);
/** Maximum Pigeon RSS / Redis used_memory. */
const MEMORY_TARGET = 3;
const VALUE_BYTES = 100;

type Target = 'redis' | 'pigeon';

interface Options {
  runs: number;
  requests: number;
  clients: number;
  pipelines: number[];
  tests: string[];
  targets: Target[];
  keys: number;
  throughput: boolean;
  memory: boolean;
  build: boolean;
}

const USAGE = `usage: npm run bench:server -- [options]

  --runs N            repeat the throughput part N times and report medians (default 3)
  -n, --requests N    requests per redis-benchmark test (default 200000)
  -c, --clients N     redis-benchmark connections (default 50)
  --pipelines LIST    pipeline depths, comma-separated (default 1,16)
  --tests LIST        redis-benchmark -t names, comma-separated (default ${ALL_TESTS.join(',')})
  --keys N            keys loaded for the memory part (default 1000000)
  --quick             smoke check: --runs 1 -n 20000 --keys 100000 (explicit options still win)
  --only T            pigeon or redis: measure one server only
  --skip-throughput   memory part only
  --skip-memory       throughput part only
  --build             run npm run build first even when dist/cli/main.js exists
  -h, --help          this text`;

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      runs: { type: 'string' },
      requests: { type: 'string', short: 'n' },
      clients: { type: 'string', short: 'c' },
      pipelines: { type: 'string' },
      tests: { type: 'string' },
      keys: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'skip-throughput': { type: 'boolean', default: false },
      'skip-memory': { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const quick = values.quick === true;
  let targets: Target[] = ['redis', 'pigeon'];
  if (values.only !== undefined) {
    if (values.only !== 'redis' && values.only !== 'pigeon') throw new Error(`--only must be pigeon or redis, got '${values.only}'`);
    targets = [values.only];
  }
  const pipelines = list(values.pipelines, ['1', '16']).map((p) => positiveInt('pipelines', p, 1));
  const tests = list(values.tests, ALL_TESTS).map((t) => t.toLowerCase());
  const unknown = tests.filter((t) => !ALL_TESTS.includes(t));
  if (unknown.length > 0) throw new Error(`unknown test(s) ${unknown.join(', ')}; known: ${ALL_TESTS.join(', ')}`);
  return {
    runs: positiveInt('runs', values.runs, quick ? 1 : 3),
    requests: positiveInt('requests', values.requests, quick ? 20_000 : 200_000),
    clients: positiveInt('clients', values.clients, 50),
    pipelines,
    tests,
    targets,
    keys: positiveInt('keys', values.keys, quick ? 100_000 : 1_000_000),
    throughput: values['skip-throughput'] !== true,
    memory: values['skip-memory'] !== true,
    build: values.build === true,
  };
}

async function flushAll(server: ServerProcess): Promise<void> {
  let conn: RespConnection | undefined;
  try {
    conn = await RespConnection.connect(server.port, server.host);
    await conn.call('FLUSHALL');
  } catch (err) {
    log(`warning: FLUSHALL on ${server.name} failed: ${errorMessage(err)}`);
  } finally {
    conn?.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Throughput
// ---------------------------------------------------------------------------------------------

interface ThroughputResult {
  table: string;
  failures: string[];
}

async function throughput(options: Options, cleanup: Cleanup): Promise<ThroughputResult> {
  const servers: ServerProcess[] = [];
  for (const target of options.targets) servers.push(await startTarget(target, ROOT, cleanup));
  for (const server of servers) log(`${server.name}: pid ${server.pid}, port ${server.port}: ${server.commandLine}`);

  const samples = new Map<string, number[]>();
  const sampleKey = (target: string, pipeline: number, test: string): string => `${target}|${pipeline}|${test}`;
  const failures: string[] = [];

  for (let run = 0; run < options.runs; run++) {
    for (const server of servers) await flushAll(server);
    let turn = run;
    for (const pipeline of options.pipelines) {
      for (const test of options.tests) {
        const order = turn++ % 2 === 0 ? servers : [...servers].reverse();
        for (const server of order) {
          cleanup.check();
          const label = `run ${run + 1}/${options.runs} -P ${pipeline} ${test} ${server.name}`;
          if (!server.alive()) {
            failures.push(`${label}: ${server.name} is not running\n${server.output().trim()}`);
            log(`${label}: skipped, server not running`);
            continue;
          }
          try {
            const [row] = await runRedisBenchmark({
              host: server.host,
              port: server.port,
              clients: options.clients,
              requests: options.requests,
              pipeline,
              tests: [test],
              signal: cleanup.signal,
            });
            const key = sampleKey(server.name, pipeline, test);
            samples.set(key, [...(samples.get(key) ?? []), row!.rps]);
            log(`${label}: ${formatInt(row!.rps)} ops/s`);
          } catch (err) {
            cleanup.check();
            failures.push(`${label}: ${errorMessage(err)}`);
            log(`${label}: FAILED: ${errorMessage(err)}`);
          }
        }
      }
    }
  }
  for (const server of servers) await cleanup.stop(server);

  const has = (target: Target): boolean => options.targets.includes(target);
  const rows: string[][] = [];
  let partial = false;
  for (const pipeline of options.pipelines) {
    for (const test of options.tests) {
      const cellFor = (target: Target): { text: string; value: number } => {
        if (!has(target)) return { text: '—', value: NaN };
        const got = samples.get(sampleKey(target, pipeline, test)) ?? [];
        if (got.length === 0) return { text: 'error', value: NaN };
        partial ||= got.length < options.runs;
        return { text: `${formatInt(median(got))}${got.length < options.runs ? '*' : ''}`, value: median(got) };
      };
      const redis = cellFor('redis');
      const pigeon = cellFor('pigeon');
      const ratio = pigeon.value / redis.value;
      const target = THROUGHPUT_TARGETS.get(pipeline);
      const targetCell =
        target === undefined ? '—' : Number.isFinite(ratio) ? `≥ ${target.toFixed(1)} ${passMark(ratio >= target)}` : `≥ ${target.toFixed(1)}`;
      rows.push([testName(test), String(pipeline), redis.text, pigeon.text, formatRatio(ratio), targetCell]);
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
// Memory
// ---------------------------------------------------------------------------------------------

interface MemoryMeasure {
  rssBefore: number;
  rssAfter: number;
  usedMemory: number;
  dbsize: number;
  loadMs: number;
}

async function measureMemory(target: Target, keys: number, cleanup: Cleanup): Promise<MemoryMeasure> {
  const server = await startTarget(target, ROOT, cleanup);
  log(`${server.name}: pid ${server.pid}, port ${server.port}: loading ${formatInt(keys)} keys`);
  let conn: RespConnection | undefined;
  try {
    conn = await RespConnection.connect(server.port, server.host);
    const rssBefore = rssBytes(server.pid);
    const load = await loadStringKeys(conn, { count: keys, valueBytes: VALUE_BYTES });
    if (load.errors > 0) throw new Error(`${load.errors} SETs failed on ${server.name}, the first with: ${load.firstError}`);
    const dbsize = Number(await conn.call('DBSIZE'));
    let usedMemory = NaN;
    try {
      const info = parseInfo(String(await conn.call('INFO', 'memory')));
      usedMemory = Number(info.get('used_memory') ?? NaN);
    } catch (err) {
      if (target === 'redis') throw err;
      log(`note: INFO memory on ${server.name}: ${errorMessage(err)}`);
    }
    const rssAfter = rssBytes(server.pid);
    log(`${server.name}: loaded in ${(load.ms / 1000).toFixed(1)} s, DBSIZE ${formatInt(dbsize)}, RSS ${formatMiB(rssAfter)}`);
    return { rssBefore, rssAfter, usedMemory, dbsize, loadMs: load.ms };
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

async function memory(options: Options, cleanup: Cleanup): Promise<MemoryResult> {
  const measures = new Map<Target, MemoryMeasure>();
  const failures: string[] = [];
  for (const target of options.targets) {
    cleanup.check();
    try {
      const m = await measureMemory(target, options.keys, cleanup);
      if (m.dbsize !== options.keys) failures.push(`${target}: DBSIZE is ${m.dbsize} after loading ${options.keys} keys`);
      measures.set(target, m);
    } catch (err) {
      cleanup.check();
      failures.push(`memory ${target}: ${errorMessage(err)}`);
      log(`memory ${target}: FAILED: ${errorMessage(err)}`);
    }
  }
  const cell = (target: Target, pick: (m: MemoryMeasure) => string): string => {
    const m = measures.get(target);
    if (m !== undefined) return pick(m);
    return options.targets.includes(target) ? 'error' : '—';
  };
  const rate = (m: MemoryMeasure): string => `${(m.loadMs / 1000).toFixed(1)} s (${formatInt(options.keys / (m.loadMs / 1000))} keys/s)`;
  const rows: [string, (m: MemoryMeasure) => string][] = [
    ['DBSIZE', (m) => formatInt(m.dbsize)],
    ['load time', rate],
    ['RSS before loading', (m) => formatMiB(m.rssBefore)],
    ['RSS after loading', (m) => formatMiB(m.rssAfter)],
    ['INFO used_memory', (m) => formatMiB(m.usedMemory)],
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
    const ratio = pigeon.rssAfter / redis.usedMemory;
    verdict =
      `Pigeon RSS / Redis used_memory: ${formatRatio(ratio)}x (target ≤ ${MEMORY_TARGET}x) ${passMark(ratio <= MEMORY_TARGET)}; ` +
      `Pigeon RSS / Redis RSS: ${formatRatio(pigeon.rssAfter / redis.rssAfter)}x`;
  } else {
    verdict = `Pigeon RSS / Redis used_memory: — (needs both servers; target ≤ ${MEMORY_TARGET}x)`;
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

  try {
    for (const line of reportHeader('Broker core benchmark (issue 2)', 'bench:server', argv, options.targets)) print(line);

    if (options.targets.includes('pigeon')) ensurePigeonBuilt(ROOT, options.build);

    if (options.throughput) {
      const template = benchmarkArgs({ port: 0, clients: options.clients, requests: options.requests, pipeline: 0, tests: ['<test>'] })
        .join(' ')
        .replace('-p 0', '-p <port>')
        .replace('-P 0', `-P <${options.pipelines.join('|')}>`);
      print();
      print('### Throughput');
      print();
      print(`- client: \`redis-benchmark ${template}\`, one test per invocation`);
      print(`- median of ${options.runs} run(s); targets alternate which goes first, test by test`);
      const result = await throughput(options, cleanup);
      failures.push(...result.failures);
      print();
      print(result.table);
    }

    if (options.memory) {
      print();
      print('### Memory');
      print();
      print(`- ${formatInt(options.keys)} \`SET key:<i> <${VALUE_BYTES}-byte value>\`, pipelined in batches of 1,000, into a fresh server of each kind, one at a time`);
      print();
      const result = await memory(options, cleanup);
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
