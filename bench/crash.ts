/**
 * Crash harness for the append-only file: `npm run bench:crash -- [--rounds N] [--fsync always|everysec|no]`.
 *
 * Each round starts `pigeon server` (a child process, AOF on, in one data directory kept across
 * rounds), pipelines writes of every kind through a raw RESP connection and records each write
 * whose reply arrived (acknowledged), then kills the broker with SIGKILL at a random moment and
 * starts it again on the same directory. After every restart:
 *
 *   - the directory must load (a broker that fails to start is a failed load);
 *   - every acknowledged write must be there: SET values, LPUSH elements, ZADD members, deadlines
 *     of SET ... PX, XADD entries (by the ID the reply gave), XREADGROUP deliveries still pending
 *     in the group, XACKed IDs no longer pending. Every 10th round (and the last) checks all the
 *     writes acknowledged since the start; the rounds between check those since the last full
 *     check, which keeps 200 rounds within minutes.
 *
 * With `appendfsync always` nothing acknowledged may be missing. With `everysec` (and `no`) Pigeon
 * still write(2)s before replying, so a process kill loses nothing either; a power cut could lose
 * the last second, which this harness cannot simulate: losses acknowledged within the last 1.5 s
 * before the kill are reported separately and do not fail the run.
 *
 * runCrash() is also used by test/persistence/crash.test.ts (fewer rounds, the TypeScript sources
 * run through tsx so that CI needs no build).
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RespConnection, RespError, delay, ensurePigeonBuilt, freePort, pigeonEntry, type Reply } from './lib.js';

export interface CrashOptions {
  rounds: number;
  fsync: 'always' | 'everysec' | 'no';
  /** The command that runs `pigeon` (argv before `server`) and its working directory. */
  command: string[];
  cwd: string;
  /** Kill after a random delay in [minMs, maxMs] of writing. */
  minMs?: number;
  maxMs?: number;
  log?: (line: string) => void;
  seed?: number;
}

export interface CrashResult {
  rounds: number;
  acknowledged: number;
  lost: number;
  /** Lost writes acknowledged within the last 1.5 s before their kill (allowed with everysec). */
  lostRecent: number;
  failedLoads: number;
  failures: string[];
}

type Fact =
  | { kind: 'set'; key: string; value: string; at: number }
  | { kind: 'lpush'; key: string; value: string; at: number }
  | { kind: 'zadd'; key: string; member: string; at: number }
  | { kind: 'ttl'; key: string; at: number }
  | { kind: 'xadd'; id: string; at: number }
  | { kind: 'pending'; id: string; at: number }
  | { kind: 'acked'; id: string; at: number };

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

class Broker {
  child: ChildProcess | null = null;
  stderr = '';
  constructor(
    private readonly opts: CrashOptions,
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Start and wait for PING; null when it loads, else the reason it did not. */
  async start(): Promise<string | null> {
    const [bin, ...pre] = this.opts.command;
    const args = [...pre, 'server', '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', this.opts.fsync, '--loglevel', 'warning'];
    const child = spawn(bin!, args, { cwd: this.opts.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.stderr = '';
    child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) return `exited (${child.exitCode ?? child.signalCode}): ${this.stderr.trim()}`;
      try {
        const c = await RespConnection.connect(this.port);
        try {
          const r = await c.call('PING');
          if (r === 'PONG') return null;
        } finally {
          c.close();
        }
      } catch {
        // not listening yet, or LOADING
      }
      await delay(20);
    }
    return 'did not answer PING in 60 s';
  }

  kill(): Promise<void> {
    const child = this.child;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

/** Pipeline writes until the connection dies; returns the facts of acknowledged writes. */
async function writeUntilKilled(port: number, startSeq: number, facts: Fact[], pending: string[], killAfterMs: number, broker: Broker): Promise<number> {
  const conn = await RespConnection.connect(port);
  let seq = startSeq;
  let alive = true;
  const killer = setTimeout(() => {
    void broker.kill().then(() => (alive = false));
  }, killAfterMs);
  const inFlightAcks = new Set<string>();
  const worker = async (): Promise<void> => {
    while (alive) {
      const batch: (string | number)[][] = [];
      const makers: Array<(r: Reply) => void> = [];
      for (let j = 0; j < 16; j++) {
        const i = seq++;
        switch (i % 7) {
          case 0:
            batch.push(['SET', `k:${i}`, `v:${i}`]);
            makers.push((r) => r === 'OK' && facts.push({ kind: 'set', key: `k:${i}`, value: `v:${i}`, at: Date.now() }));
            break;
          case 1:
            batch.push(['LPUSH', `l:${i % 16}`, String(i)]);
            makers.push((r) => typeof r === 'number' && facts.push({ kind: 'lpush', key: `l:${i % 16}`, value: String(i), at: Date.now() }));
            break;
          case 2:
            batch.push(['ZADD', `z:${i % 16}`, String(i), `m:${i}`]);
            makers.push((r) => typeof r === 'number' && facts.push({ kind: 'zadd', key: `z:${i % 16}`, member: `m:${i}`, at: Date.now() }));
            break;
          case 3:
            batch.push(['SET', `e:${i}`, 'v', 'PX', '86400000']);
            makers.push((r) => r === 'OK' && facts.push({ kind: 'ttl', key: `e:${i}`, at: Date.now() }));
            break;
          case 4:
            batch.push(['XADD', 's', '*', 'n', String(i)]);
            makers.push((r) => typeof r === 'string' && facts.push({ kind: 'xadd', id: r, at: Date.now() }));
            break;
          case 5:
            batch.push(['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '>']);
            makers.push((r) => {
              // [[s, [[id, [n, i]]]]]
              const id = Array.isArray(r) ? (((r[0] as Reply[])[1] as Reply[])[0] as Reply[])[0] : null;
              if (typeof id === 'string') {
                pending.push(id);
                facts.push({ kind: 'pending', id, at: Date.now() });
              }
            });
            break;
          default: {
            const id = pending.length > 8 ? pending.shift()! : null;
            if (id === null) {
              batch.push(['INCR', 'counter']);
              makers.push(() => {});
            } else {
              inFlightAcks.add(id);
              batch.push(['XACK', 's', 'g', id]);
              makers.push((r) => {
                inFlightAcks.delete(id);
                if (r === 1) facts.push({ kind: 'acked', id, at: Date.now() });
              });
            }
          }
        }
      }
      let replies: Reply[];
      try {
        replies = await conn.pipeline(batch);
      } catch {
        return;
      }
      for (let j = 0; j < replies.length; j++) {
        const r = replies[j]!;
        if (r instanceof RespError) throw new Error(`${batch[j]!.join(' ')}: ${r.message}`);
        makers[j]!(r);
      }
    }
  };
  try {
    await Promise.all([worker(), worker(), worker(), worker()]);
  } finally {
    clearTimeout(killer);
    conn.close();
    await broker.kill();
  }
  // An XACK whose reply never came may or may not have happened: its ID is no fact either way.
  for (let k = facts.length - 1; k >= 0; k--) {
    const f = facts[k]!;
    if (f.kind === 'pending' && inFlightAcks.has(f.id)) facts.splice(k, 1);
  }
  return seq;
}

/** Check every fact against the restarted broker; returns the facts that do not hold. */
async function verify(port: number, facts: readonly Fact[]): Promise<Fact[]> {
  const conn = await RespConnection.connect(port);
  const lists = new Map<string, Set<string>>();
  const acked = new Set<string>();
  for (const f of facts) if (f.kind === 'acked') acked.add(f.id);
  const missing: Fact[] = [];
  try {
    for (const f of facts) if (f.kind === 'lpush' && !lists.has(f.key)) lists.set(f.key, new Set());
    for (const key of lists.keys()) {
      const r = (await conn.call('LRANGE', key, 0, -1)) as string[];
      lists.set(key, new Set(r));
    }
    const checks: Array<[(string | number)[], (r: Reply) => boolean, Fact]> = [];
    for (const f of facts) {
      switch (f.kind) {
        case 'set':
          checks.push([['GET', f.key], (r) => r === f.value, f]);
          break;
        case 'lpush':
          if (!lists.get(f.key)!.has(f.value)) missing.push(f);
          break;
        case 'zadd':
          checks.push([['ZSCORE', f.key, f.member], (r) => r !== null, f]);
          break;
        case 'ttl':
          checks.push([['PTTL', f.key], (r) => typeof r === 'number' && r > 0, f]);
          break;
        case 'xadd':
          checks.push([['XRANGE', 's', f.id, f.id], (r) => Array.isArray(r) && r.length === 1, f]);
          break;
        case 'pending':
          if (!acked.has(f.id)) checks.push([['XPENDING', 's', 'g', f.id, f.id, 1], (r) => Array.isArray(r) && r.length === 1, f]);
          break;
        case 'acked':
          checks.push([['XPENDING', 's', 'g', f.id, f.id, 1], (r) => Array.isArray(r) && r.length === 0, f]);
          break;
      }
    }
    for (let i = 0; i < checks.length; i += 1000) {
      const part = checks.slice(i, i + 1000);
      const replies = await conn.pipeline(part.map((c) => c[0]));
      replies.forEach((r, k) => {
        if (!part[k]![1](r)) missing.push(part[k]![2]);
      });
    }
  } finally {
    conn.close();
  }
  return missing;
}

export async function runCrash(opts: CrashOptions): Promise<CrashResult> {
  const log = opts.log ?? (() => {});
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-crash-'));
  const random = rng(opts.seed ?? Date.now());
  const result: CrashResult = { rounds: 0, acknowledged: 0, lost: 0, lostRecent: 0, failedLoads: 0, failures: [] };
  const broker = new Broker(opts, dir, await freePort());
  const facts: Fact[] = [];
  const pending: string[] = [];
  let seq = 0;
  let checkedUpTo = 0;
  try {
    const first = await broker.start();
    if (first !== null) throw new Error(`the broker did not start: ${first}`);
    const c = await RespConnection.connect(broker.port);
    await c.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    c.close();
    for (let round = 1; round <= opts.rounds; round++) {
      const min = opts.minMs ?? 50;
      const max = opts.maxMs ?? 500;
      const killAfter = min + Math.floor(random() * (max - min));
      const before = facts.length;
      seq = await writeUntilKilled(broker.port, seq, facts, pending, killAfter, broker);
      const killedAt = Date.now();
      const err = await broker.start();
      result.rounds = round;
      if (err !== null) {
        result.failedLoads++;
        result.failures.push(`round ${round}: the directory did not load: ${err}`);
        log(`round ${round}: FAILED LOAD ${err}`);
        break;
      }
      // Every 10th round (and the last) checks every write acknowledged so far; the others check
      // the writes acknowledged since the last full check (the full check grows with the data).
      const full = round % 10 === 0 || round === opts.rounds;
      const missing = await verify(broker.port, full ? facts : facts.slice(checkedUpTo));
      if (full) checkedUpTo = facts.length;
      const recent = missing.filter((f) => killedAt - f.at < 1500).length;
      result.lost += missing.length - recent;
      result.lostRecent += recent;
      if (missing.length > 0) result.failures.push(`round ${round}: ${missing.length} acknowledged writes missing, e.g. ${JSON.stringify(missing.slice(0, 3))}`);
      log(`round ${round}: killed after ${killAfter} ms, ${facts.length - before} writes acknowledged (${facts.length} so far), ${full ? 'all' : 'new ones'} checked, ${missing.length} missing`);
      // Missing facts are reported once.
      for (const f of missing) {
        const k = facts.indexOf(f);
        facts.splice(k, 1);
        if (k < checkedUpTo) checkedUpTo--;
      }
    }
    result.acknowledged = facts.length + result.lost + result.lostRecent;
  } finally {
    await broker.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const get = (name: string, def: string): string => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
  };
  const rounds = Number(get('--rounds', '200'));
  const fsync = get('--fsync', 'always') as CrashOptions['fsync'];
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  ensurePigeonBuilt(root);
  const t0 = Date.now();
  const r = await runCrash({
    rounds,
    fsync,
    command: [process.execPath, path.relative(root, pigeonEntry(root))],
    cwd: root,
    log: (l) => process.stdout.write(l + '\n'),
  });
  process.stdout.write(
    `\n| appendfsync | rounds | acknowledged writes | lost | lost (last 1.5 s) | failed loads | time |\n|---|---|---|---|---|---|---|\n` +
      `| ${fsync} | ${r.rounds} | ${r.acknowledged} | ${r.lost} | ${r.lostRecent} | ${r.failedLoads} | ${((Date.now() - t0) / 1000).toFixed(0)} s |\n`,
  );
  for (const f of r.failures.slice(0, 10)) process.stdout.write(f + '\n');
  const ok = r.failedLoads === 0 && r.lost === 0 && (fsync !== 'always' || r.lostRecent === 0);
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
