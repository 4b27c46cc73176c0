/**
 * Append-only file throughput (issue 5): Pigeon against redis-server, same machine, same run.
 *
 *   npm run bench:aof                      3 runs, median reported
 *   npm run bench:aof -- --runs 1 -n 20000 a quick, provisional figure
 *   npm run bench:aof -- --help            every option
 *
 * Servers: Pigeon with no persistence, and Pigeon and Redis each with `appendonly yes` and
 * `appendfsync everysec`, and with `appendfsync always` (Redis also gets `aof-use-rdb-preamble no`,
 * which only matters for rewrites). Every server runs in its own temporary directory under
 * os.tmpdir(), so all of them write to the same disk. All five start at once and are stopped by PID
 * at the end (a Cleanup stops them on errors and on Ctrl-C too).
 *
 * Each test is redis-benchmark `-c 50 -n N -P 1|16` with one custom command:
 *   SET bench:aof:set <32-byte value>         (the same key: the AOF grows, the keyspace does not)
 *   XADD bench:aof:xadd * f1 v1              (the server generates the ID and logs the exact one)
 * The key is deleted before each test; afterwards XLEN must be N for XADD (redis-benchmark does not
 * count error replies as failures; this check does). Within a run the servers take turns in an
 * order that rotates from test to test, and the report gives the MEDIAN of the runs.
 *
 * Targets (issue 5): Pigeon everysec at least 0.8x Pigeon without AOF and at least 0.6x Redis
 * everysec; Pigeon always at least 0.6x Redis always. A missed target does not fail the run; a
 * measurement that could not be made does (exit code 1).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  Cleanup,
  commandBenchmarkArgs,
  ensurePigeonBuilt,
  errorMessage,
  formatInt,
  formatRatio,
  parseCommandLine,
  reportHeader,
  markdownTable,
  median,
  passMark,
  runRedisBenchmarkCommand,
  shellLine,
  startPigeon,
  startRedis,
  type ServerProcess,
  positiveInt,
  log,
  withConnection,
} from './lib.js';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SCRIPT), '..');

type Fsync = 'always' | 'everysec';
interface Setup {
  /** Column label. */
  label: string;
  kind: 'pigeon' | 'redis';
  fsync: Fsync | undefined;
}

const SETUPS: Setup[] = [
  { label: 'pigeon-noaof', kind: 'pigeon', fsync: undefined },
  { label: 'pigeon-everysec', kind: 'pigeon', fsync: 'everysec' },
  { label: 'redis-everysec', kind: 'redis', fsync: 'everysec' },
  { label: 'pigeon-always', kind: 'pigeon', fsync: 'always' },
  { label: 'redis-always', kind: 'redis', fsync: 'always' },
];

const TESTS = [
  { name: 'SET', key: 'bench:aof:set', command: ['SET', 'bench:aof:set', 'v'.repeat(32)] },
  { name: 'XADD', key: 'bench:aof:xadd', command: ['XADD', 'bench:aof:xadd', '*', 'f1', 'v1'] },
] as const;

const USAGE = `usage: npm run bench:aof -- [options]

  --runs N              repeat every test N times and report medians (default 3)
  -n, --requests N      requests per redis-benchmark test (default 200000)
  -c, --clients N       redis-benchmark connections (default 50)
  --pipelines LIST      pipeline depths (default 1,16)
  --build               run npm run build first even when dist/cli/main.js exists
  -h, --help            this text`;

interface Options {
  runs: number;
  requests: number;
  clients: number;
  pipelines: number[];
  build: boolean;
}

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
      build: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  return {
    runs: positiveInt('runs', values.runs, 3),
    requests: positiveInt('requests', values.requests, 200_000),
    clients: positiveInt('clients', values.clients, 50),
    pipelines: (values.pipelines ?? '1,16').split(',').map((p) => positiveInt('pipelines', p.trim(), 1)),
    build: values.build === true,
  };
}

function target(bound: number, ratio: number): string {
  return Number.isFinite(ratio) ? `≥ ${bound.toFixed(1)} ${passMark(ratio >= bound)}` : `≥ ${bound.toFixed(1)}`;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = parseCommandLine(argv, parseOptions, USAGE);
  if (typeof options === 'number') return options;
  const print = (text = ''): void => console.log(text);
  const cleanup = new Cleanup();
  cleanup.installSignalHandlers();
  const failures: string[] = [];
  const samples = new Map<string, number[]>();
  const sampleKey = (test: string, pipeline: number, label: string): string => `${test}|${pipeline}|${label}`;

  try {
    ensurePigeonBuilt(ROOT, options.build);
    const servers = new Map<string, ServerProcess>();
    for (const setup of SETUPS) {
      const start = { signal: cleanup.signal, ...(setup.fsync === undefined ? {} : { appendfsync: setup.fsync }) };
      const server = cleanup.track(await (setup.kind === 'redis' ? startRedis(start) : startPigeon(ROOT, start)));
      servers.set(setup.label, server);
      log(`${setup.label}: pid ${server.pid}, port ${server.port}: ${server.commandLine}`);
    }

    let turn = 0;
    for (let run = 0; run < options.runs; run++) {
      for (const test of TESTS) {
        for (const pipeline of options.pipelines) {
          const order = SETUPS.map((_, i) => SETUPS[(i + turn) % SETUPS.length]!);
          turn++;
          for (const setup of order) {
            cleanup.check();
            const server = servers.get(setup.label)!;
            const label = `run ${run + 1}/${options.runs} ${test.name} -P ${pipeline} ${setup.label}`;
            try {
              if (!server.alive()) throw new Error(`not running\n${server.output().trim()}`);
              await withConnection(server, (conn) => conn.call('DEL', test.key));
              const row = await runRedisBenchmarkCommand({
                host: server.host,
                port: server.port,
                clients: options.clients,
                requests: options.requests,
                pipeline,
                command: test.command,
                signal: cleanup.signal,
              });
              if (test.name === 'XADD') {
                const length = Number(await withConnection(server, (conn) => conn.call('XLEN', test.key)));
                if (length !== options.requests) throw new Error(`XLEN is ${length} after ${options.requests} XADDs`);
              }
              const list = samples.get(sampleKey(test.name, pipeline, setup.label)) ?? [];
              list.push(row.rps);
              samples.set(sampleKey(test.name, pipeline, setup.label), list);
              log(`${label}: ${formatInt(row.rps)} requests/s`);
            } catch (err) {
              cleanup.check();
              failures.push(`${label}: ${errorMessage(err)}`);
              log(`${label}: FAILED: ${errorMessage(err)}`);
            }
          }
        }
      }
    }
  } finally {
    await cleanup.run();
  }

  const med = (test: string, pipeline: number, label: string): number => {
    const got = samples.get(sampleKey(test, pipeline, label)) ?? [];
    return got.length === 0 ? NaN : median(got);
  };
  const rows: string[][] = [];
  for (const test of TESTS) {
    for (const pipeline of options.pipelines) {
      const v = (label: string): number => med(test.name, pipeline, label);
      const everyVsNone = v('pigeon-everysec') / v('pigeon-noaof');
      const everyVsRedis = v('pigeon-everysec') / v('redis-everysec');
      const alwaysVsRedis = v('pigeon-always') / v('redis-always');
      rows.push([
        test.name,
        String(pipeline),
        ...SETUPS.map((s) => (Number.isFinite(v(s.label)) ? formatInt(v(s.label)) : 'error')),
        `${formatRatio(everyVsNone)} (${target(0.8, everyVsNone)})`,
        `${formatRatio(everyVsRedis)} (${target(0.6, everyVsRedis)})`,
        `${formatRatio(alwaysVsRedis)} (${target(0.6, alwaysVsRedis)})`,
      ]);
    }
  }

  const client = shellLine(
    'redis-benchmark',
    commandBenchmarkArgs({ port: 0, clients: options.clients, requests: options.requests, pipeline: 0, command: ['<command>'] }),
  )
    .replace('-p 0', '-p <port>')
    .replace('-P 0', `-P <${options.pipelines.join('|')}>`);
  for (const line of reportHeader('AOF throughput (issue 5)', 'bench:aof', argv)) print(line);
  print(`- client: \`${client}\` with \`${TESTS.map((t) => t.command.join(' ')).join('` and `')}\``);
  print(`- servers: Pigeon \`--appendonly no\`; Pigeon and Redis \`--appendonly yes --appendfsync everysec|always\` (Redis also \`--aof-use-rdb-preamble no\`), data in os.tmpdir()`);
  print(`- requests/s, median of ${options.runs} run(s); the servers take turns in a rotating order`);
  print();
  print(
    markdownTable(
      ['test', 'pipeline', ...SETUPS.map((s) => s.label), 'everysec / no AOF', 'everysec / Redis', 'always / Redis'],
      rows,
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left', 'left'],
    ),
  );
  if (failures.length > 0) {
    print();
    print('Failures:');
    for (const failure of failures) print(`- ${failure.split('\n').join('\n  ')}`);
  }
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(errorMessage(err));
    process.exit(1);
  },
);
