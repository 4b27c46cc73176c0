/*
 * Queue<T>: worker processes killed with SIGKILL in the middle of a job, 20 rounds per target.
 *
 * Each round a fresh worker process (fixtures/queue-worker.ts, started during the previous round
 * so its start-up overlaps) is told to go, takes jobs of its round, and is killed by PID while it
 * works on them. Whatever it held stays pending under its consumer name until a later worker
 * (the next processes, then a worker in this process) takes it over after the visibility timeout.
 * At the end every job added is completed, each job killed mid-run was redelivered (its stall
 * counted as an attempt), and nothing is left waiting, active or dead.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Cluster, type Redis } from 'ioredis';
import { Queue, type Connection } from '../../src/toolkit/index.js';
import { forEachTarget } from '../helpers/targets.js';
import { unique, waitFor } from './fixtures/queue-util.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = path.join('test', 'toolkit', 'fixtures', 'queue-worker.ts');
const ROUNDS = 20;
const JOBS_PER_ROUND = 3;
const VT = 400;

interface Child {
  process: ChildProcess;
  lines: string[];
  ready: Promise<void>;
}

function targetArg(conn: Connection): string {
  if (conn.client instanceof Cluster) return `cluster:${conn.client.nodes('master').map((n) => n.options.port).join(',')}`;
  return String((conn.client as Redis).options.port);
}

function startWorker(target: string, queue: string, round: number, live: Set<ChildProcess>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, target, queue, String(round), String(VT)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const lines: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line === 'ready') resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`worker process of round ${round} exited (${code ?? signal}) before it was ready`)));
  });
  ready.catch(() => undefined);
  return { process: child, lines, ready };
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid!, 'SIGKILL');
  await exited;
}

forEachTarget('Queue crash', (target) => {
  test(`Queue: a worker process killed with SIGKILL mid-job has its job redelivered, none lost (${ROUNDS} rounds)`, { timeout: 120_000 }, async (t) => {
    const conn = target().connect();
    await conn.client.ping();
    const name = unique('crash');
    const q = new Queue<{ round: number; n: number }, string>(conn, name, { visibilityTimeout: VT, attempts: 10 });
    const live = new Set<ChildProcess>();
    const started = Date.now();
    try {
      const where = targetArg(conn);
      const added: string[] = [];
      const killedMidJob = new Set<string>();
      const workers: Child[] = [];
      let next = startWorker(where, name, 0, live);
      workers.push(next);
      for (let round = 0; round < ROUNDS; round++) {
        const current = next;
        await current.ready;
        if (round + 1 < ROUNDS) {
          next = startWorker(where, name, round + 1, live);
          workers.push(next);
        }
        const ids = await q.addBulk(Array.from({ length: JOBS_PER_ROUND }, (_, n) => ({ data: { round, n } })));
        added.push(...ids);
        current.process.stdin!.write('go\n');
        const mine = new Set(ids);
        await waitFor(`round ${round}: the worker process busy with a job of its round`, () => current.lines.some((l) => l.startsWith('active ') && mine.has(l.slice(7))), 20_000);
        await kill(current.process);
        const done = new Set(current.lines.filter((l) => l.startsWith('done ')).map((l) => l.slice(5)));
        for (const line of current.lines) {
          const id = line.slice(7);
          if (line.startsWith('active ') && mine.has(id) && !done.has(id)) killedMidJob.add(id);
        }
      }
      // Whatever the last processes held is taken over by a worker here.
      const w = q.process(() => 'drained', { concurrency: 4 });
      await waitFor('every job completed', async () => {
        const p = conn.client.pipeline();
        for (const id of added) p.hget(`${conn.prefix}:{${name}}:job:${id}`, 'state');
        const states = ((await p.exec()) ?? []).map(([, s]) => s);
        return states.every((s) => s === 'completed');
      }, 30_000);
      await w.close();
      const lost = [];
      for (const id of added) if ((await q.getJob(id))?.state !== 'completed') lost.push(id);
      assert.deepEqual(lost, []);
      assert.ok(killedMidJob.size >= ROUNDS, `${killedMidJob.size} jobs killed mid-run`);
      for (const id of killedMidJob) {
        const job = await q.getJob(id);
        assert.equal(job?.state, 'completed');
        const story = workers.flatMap((w, round) => w.lines.filter((l) => l.endsWith(id)).map((l) => `worker ${round}: ${l}`));
        assert.ok(job.attemptsMade >= 1, `job ${id} was redelivered after a stall (attemptsMade ${job.attemptsMade}; record ${JSON.stringify(job)}; ${story.join(', ')})`);
      }
      const stats = await q.stats();
      assert.deepEqual([stats.waiting, stats.active, stats.delayed, stats.dead], [0, 0, 0, 0]);
      t.diagnostic(`[${target().kind}] ${ROUNDS} worker processes killed, ${killedMidJob.size} jobs killed mid-run and redelivered, ${added.length} jobs, 0 lost, ${Date.now() - started} ms`);
    } finally {
      await Promise.all([...live].map((c) => kill(c)));
      await q.close();
      await conn.close();
    }
  });
});
