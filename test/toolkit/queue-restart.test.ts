/*
 * Queue<T> across broker restarts under load: Pigeon's broker as a child process with AOF
 * (appendfsync always), killed with SIGKILL and started again on the same port and directory, 20
 * times while producers add jobs (plain, delayed, and with ids) and two workers process them; then
 * the same against redis-server with AOF. Every job whose add() resolved must end completed: an
 * acknowledged add is on disk before its reply, and every outcome a worker could not write is
 * written after the restart or, if the crash swallowed it, redelivered after the visibility
 * timeout. Nothing may end waiting, active, delayed or dead.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect, Queue, type Job } from '../../src/toolkit/index.js';
import { unique, waitFor } from './fixtures/queue-util.js';
import { pigeonServer, redisServer, type Restartable } from '../helpers/restartable.js';

const ROUNDS = 20;

interface Figures {
  acknowledged: number;
  lost: number;
  handledTwice: number;
  ms: number;
}

async function restartUnderLoad(server: Restartable, rounds: number): Promise<Figures> {
  const started = Date.now();
  const name = unique('restart');
  const cp = connect({ host: '127.0.0.1', port: server.port });
  const cw1 = connect({ host: '127.0.0.1', port: server.port });
  const cw2 = connect({ host: '127.0.0.1', port: server.port });
  for (const c of [cp, cw1, cw2]) c.client.on('error', () => {});
  const options = { visibilityTimeout: 1000, attempts: 20 };
  const producer = new Queue<{ n: number }>(cp, name, options);
  const q1 = new Queue<{ n: number }>(cw1, name, options);
  const q2 = new Queue<{ n: number }>(cw2, name, options);
  const handled = new Map<number, number>();
  const handler = async (job: Job<{ n: number }>): Promise<void> => {
    await new Promise((r) => setImmediate(r));
    handled.set(job.data.n, (handled.get(job.data.n) ?? 0) + 1);
  };
  const workers = [q1.process(handler, { concurrency: 10 }), q2.process(handler, { concurrency: 10 })];
  for (const w of workers) w.on('error', () => {});
  const acknowledged = new Map<number, string>();
  let next = 0;
  let stop = false;
  const produce = async (): Promise<void> => {
    while (!stop) {
      const n = next++;
      const id = n % 7 === 0 ? await producer.add({ n }, { id: `job-${n}` }) : n % 5 === 0 ? await producer.add({ n }, { delay: 30 }) : await producer.add({ n });
      acknowledged.set(n, id);
    }
  };
  const producers = [produce(), produce()];
  try {
    for (let round = 0; round < rounds; round++) {
      const before = handled.size;
      await waitFor(`round ${round}: progress before the kill`, () => handled.size >= before + 40, 30_000);
      await server.kill();
      await server.start();
    }
    const after = handled.size;
    await waitFor('progress after the last restart', () => handled.size >= after + 40, 30_000);
  } finally {
    stop = true;
    await Promise.all(producers);
  }
  await waitFor('every acknowledged job handled', () => [...acknowledged.keys()].every((n) => handled.has(n)), 30_000);
  await waitFor('every acknowledged job completed', async () => {
    const p = cp.client.pipeline();
    for (const id of acknowledged.values()) p.hget(`${cp.prefix}:{${name}}:job:${id}`, 'state');
    return ((await p.exec()) ?? []).every(([, s]) => s === 'completed');
  }, 30_000);
  await waitFor('nothing left in flight', async () => {
    const s = await producer.stats();
    return s.waiting === 0 && s.active === 0 && s.delayed === 0;
  }, 30_000);
  const lost = [...acknowledged.keys()].filter((n) => !handled.has(n));
  assert.deepEqual(lost, []);
  assert.equal((await producer.stats()).dead, 0);
  await Promise.all(workers.map((w) => w.close()));
  for (const q of [producer, q1, q2]) await q.close();
  for (const c of [cp, cw1, cw2]) await c.close();
  let handledTwice = 0;
  for (const count of handled.values()) handledTwice += count - 1;
  return { acknowledged: acknowledged.size, lost: lost.length, handledTwice, ms: Date.now() - started };
}

test(`Queue: producers and workers survive ${ROUNDS} Pigeon broker restarts (SIGKILL, AOF always) with no acknowledged job lost`, { timeout: 180_000 }, async (t) => {
  const server = await pigeonServer('queue-restart');
  try {
    const r = await restartUnderLoad(server, ROUNDS);
    t.diagnostic(`[pigeon] ${ROUNDS} restarts: ${r.acknowledged} jobs acknowledged, ${r.lost} lost, ${r.handledTwice} handled twice, ${r.ms} ms`);
  } finally {
    await server.close();
  }
});

test(`Queue: producers and workers survive ${ROUNDS} redis-server restarts (SIGKILL, AOF always) with no acknowledged job lost`, { timeout: 180_000 }, async (t) => {
  const server = await redisServer('queue-restart');
  if (server === null) {
    if (process.env.CI === 'true') throw new Error('redis-server is required under CI=true');
    t.skip('redis-server not found');
    return;
  }
  try {
    const r = await restartUnderLoad(server, ROUNDS);
    t.diagnostic(`[redis] ${ROUNDS} restarts: ${r.acknowledged} jobs acknowledged, ${r.lost} lost, ${r.handledTwice} handled twice, ${r.ms} ms`);
  } finally {
    await server.close();
  }
});
