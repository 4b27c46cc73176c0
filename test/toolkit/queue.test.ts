/*
 * Queue<T> on every target (embedded Pigeon, redis-server 7.0.15, a 3-primary Redis Cluster): the
 * API (add, addBulk, getJob, process, events, stats, dead letters, priorities, close), poison jobs
 * reaching the dead letters after exactly `attempts` with their backoff, duplicate ids refused
 * (also when two connections race), delayed jobs on time within 50 ms, a slow handler not stalled
 * while its worker lives, a silent worker's job reclaimed, and workers whose connections are
 * killed while they block. Each test uses its own queue name; every wait polls a condition.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PigeonError, Queue, type Job, type Worker } from '../../src/toolkit/index.js';
import { forEachTarget } from '../helpers/targets.js';
import { blockedClients, gate, servers, unique, waitFor, type Gate } from './fixtures/queue-util.js';

interface Msg {
  n: number;
}

const isCode = (code: string) => (err: unknown) => err instanceof PigeonError && err.code === code;

forEachTarget('Queue', (target) => {
  test('Queue: a job goes from waiting to active to completed and getJob reports each state', async () => {
    const conn = target().connect();
    const q = new Queue<Msg, { doubled: number }>(conn, unique('states'));
    try {
      const before = Date.now();
      const id = await q.add({ n: 21 });
      const waiting = await q.getJob(id);
      assert.equal(waiting?.state, 'waiting');
      assert.deepEqual(waiting?.data, { n: 21 });
      assert.equal(waiting?.attemptsMade, 0);
      assert.ok(waiting!.createdAt >= before && waiting!.createdAt <= Date.now());
      assert.equal(waiting?.finishedAt, undefined);
      const release = gate();
      const w = q.process(async (job) => {
        await release.promise;
        return { doubled: job.data.n * 2 };
      });
      await waitFor('state active', async () => (await q.getJob(id))?.state === 'active');
      release.open();
      await waitFor('state completed', async () => (await q.getJob(id))?.state === 'completed');
      const done = await q.getJob(id);
      assert.deepEqual(done?.result, { doubled: 42 });
      assert.ok(done!.finishedAt! >= done!.createdAt);
      assert.equal(await q.getJob('no-such-job'), null);
      await w.close();
    } finally {
      await q.close();
      await conn.close();
    }
  });

  test('Queue: addBulk queues every job once and resolves their ids in order', async () => {
    const conn = target().connect();
    const q = new Queue<Msg>(conn, unique('bulk'));
    try {
      const ids = await q.addBulk(Array.from({ length: 1200 }, (_, n) => ({ data: { n } })));
      assert.equal(ids.length, 1200);
      assert.equal(new Set(ids).size, 1200);
      assert.equal((await q.stats()).waiting, 1200);
      assert.deepEqual((await q.getJob(ids[777]!))?.data, { n: 777 });
      const seen = new Map<number, number>();
      const w = q.process((job) => {
        seen.set(job.data.n, (seen.get(job.data.n) ?? 0) + 1);
      }, { concurrency: 20 });
      await waitFor('all 1200 completed', async () => (await q.stats()).completed === 1200);
      assert.equal(seen.size, 1200);
      assert.ok([...seen.values()].every((c) => c === 1));
      await w.close();
      const ided = await q.addBulk([{ data: { n: 1 }, opts: { id: 'a' } }, { data: { n: 2 }, opts: { id: 'b', priority: 2 } }]);
      assert.deepEqual(ided, ['a', 'b']);
      assert.equal((await q.getJob('b'))?.priority, 2);
      await assert.rejects(q.addBulk([{ data: { n: 3 }, opts: { id: 'c' } }, { data: { n: 4 }, opts: { id: 'c' } }]), isCode('PIGEON_ERR_DUPLICATE'));
      await assert.rejects(q.addBulk([{ data: { n: 5 }, opts: { id: 'd' } }, { data: { n: 6 }, opts: { id: 'a' } }]), isCode('PIGEON_ERR_DUPLICATE'));
      assert.equal(await q.getJob('c'), null, 'a refused chunk adds nothing');
      assert.equal(await q.getJob('d'), null, 'a refused chunk adds nothing');
    } finally {
      await q.close();
      await conn.close();
    }
  });

  test('Queue: a worker never runs more handlers at once than its concurrency', async () => {
    const conn = target().connect();
    const q = new Queue<Msg>(conn, unique('concurrency'));
    try {
      await q.addBulk(Array.from({ length: 40 }, (_, n) => ({ data: { n } })));
      let running = 0;
      let peak = 0;
      let done = 0;
      const w = q.process(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        done++;
      }, { concurrency: 4 });
      await waitFor('40 handled', () => done === 40);
      assert.equal(peak, 4);
      await w.close();
    } finally {
      await q.close();
      await conn.close();
    }
  });

  test('Queue: events active, completed, failed and dead carry the job, the result, the error and the reason', async () => {
    const conn = target().connect();
    const q = new Queue<Msg, string>(conn, unique('events'), { attempts: 2 });
    try {
      const good = await q.add({ n: 1 });
      const bad = await q.add({ n: -1 });
      const active: [string, number][] = [];
      const completed: [string, string][] = [];
      const failed: [string, number, string, boolean][] = [];
      const dead: [string, string][] = [];
      const w = q.process((job) => {
        if (job.data.n < 0) throw new Error('boom');
        return `ok ${job.data.n}`;
      });
      w.on('active', (job) => active.push([job.id, job.attemptsMade]));
      w.on('completed', (job, result) => completed.push([job.id, result]));
      w.on('failed', (job, error, retry) => failed.push([job.id, job.attemptsMade, error.message, retry]));
      w.on('dead', (jobId, reason) => dead.push([jobId, reason]));
      await waitFor('the bad job dead', () => dead.length === 1);
      await waitFor('the good job completed', () => completed.length === 1);
      assert.deepEqual(completed, [[good, 'ok 1']]);
      assert.deepEqual(failed, [
        [bad, 0, 'boom', true],
        [bad, 1, 'boom', false],
      ]);
      assert.deepEqual(dead, [[bad, 'boom']]);
      assert.deepEqual(active.filter(([id]) => id === bad), [
        [bad, 0],
        [bad, 1],
      ]);
      assert.deepEqual(active.filter(([id]) => id === good), [[good, 0]]);
      await w.close();
    } finally {
      await q.close();
      await conn.close();
    }
  });

  test('Queue: stats counts waiting, active, delayed, dead and completed jobs', async () => {
    const conn = target().connect();
    const q = new Queue<Msg>(conn, unique('stats'), { attempts: 1 });
    try {
      await q.add({ n: 100 }, { delay: 60_000 });
      await q.add({ n: 101 }, { delay: 60_000 });
      const hold = gate();
      const w = q.process(async (job) => {
        if (job.data.n < 0) throw new Error('poison');
        await hold.promise;
      });
      await q.add({ n: -1 });
      await waitFor('one dead', async () => (await q.stats()).dead === 1);
      await q.addBulk([{ data: { n: 1 } }, { data: { n: 2 } }, { data: { n: 3 } }]);
      await waitFor('one active', async () => (await q.stats()).active === 1);
      const mid = await q.stats();
      assert.deepEqual({ ...mid, completedPerSecond: 0 }, { waiting: 2, active: 1, delayed: 2, dead: 1, completed: 0, completedPerSecond: 0 });
      hold.open();
      await waitFor('three completed', async () => (await q.stats()).completed === 3);
      const end = await q.stats();
      assert.equal(end.waiting, 0);
      assert.equal(end.active, 0);
      assert.equal(end.delayed, 2);
      assert.ok(end.completedPerSecond > 0 && end.completedPerSecond <= 3, `completedPerSecond ${end.completedPerSecond}`);
      await w.close();
    } finally {
      await q.close();
      await conn.close();
    }
  });

  test('Queue: dead.list, dead.retry(id), dead.retry(all) and dead.purge', async () => {
    const conn = target().connect();
    const q = new Queue<Msg>(conn, unique('dead'), { attempts: 1 });
    try {
      let healed = false;
      const handled: number[] = [];
      const w = q.process((job) => {
        if (!healed) throw new Error(`bad ${job.data.n}`);
        handled.push(job.data.n);
      });
      const ids = [await q.add({ n: 1 }), await q.add({ n: 2 }), await q.add({ n: 3 })];
      await waitFor('three dead', async () => (await q.stats()).dead === 3);
      const list = await q.dead.list();
      assert.deepEqual(list.map((j) => j.id).sort(), [...ids].sort());
      for (const job of list) {
        assert.equal(job.state, 'dead');
        assert.equal(job.attemptsMade, 1);
        assert.equal(job.failedReason, `bad ${job.data.n}`);
        assert.ok(job.finishedAt! >= job.createdAt);
      }
      assert.equal((await q.dead.list({ offset: 1, count: 1 })).length, 1);
      assert.equal((await q.dead.list({ offset: 3 })).length, 0);
      healed = true;
      assert.equal(await q.dead.retry(ids[0]!), 1);
      assert.equal(await q.dead.retry('not-dead'), 0);
      await waitFor('the retried job done', () => handled.length === 1);
      assert.deepEqual(handled, [1]);
      await waitFor('completed', async () => (await q.getJob(ids[0]!))?.state === 'completed');
      assert.equal(await q.dead.retry('all'), 2);
      await waitFor('all three done', () => handled.length === 3);
      assert.equal((await q.stats()).dead, 0);
      healed = false;
      await q.add({ n: 4 });
      const fifth = await q.add({ n: 5 });
      await waitFor('two dead', async () => (await q.stats()).dead === 2);
      assert.equal(await q.dead.purge(), 2);
      assert.deepEqual(await q.dead.list(), []);
      assert.equal(await q.getJob(fifth), null);
      await w.close();
    } finally {
      await q.close();
      await conn.close();
    }
  });

  test('Queue: jobs of a higher priority run first', async () => {
    const conn = target().connect();
    const q = new Queue<{ name: string }>(conn, unique('priority'));
    try {
      const plan: [string, number][] = [['a', 0], ['b', 1], ['c', 3], ['d', 2], ['e', 0], ['f', 3], ['g', 1]];
      for (const [name, priority] of plan) await q.add({ name }, { priority });
      const order: string[] = [];
      const w = q.process((job) => {
        order.push(job.data.name);
      });
      await waitFor('all seven', () => order.length === 7);
      assert.deepEqual(order, ['c', 'f', 'd', 'b', 'g', 'a', 'e']);
      await w.close();
      await assert.rejects(q.add({ name: 'x' }, { priority: 4 }), isCode('PIGEON_ERR_INVALID_OPTION'));
      await assert.rejects(q.add({ name: 'x' }, { priority: 1.5 }), isCode('PIGEON_ERR_INVALID_OPTION'));
    } finally {
      await q.close();
      await conn.close();
    }
  });

  test('Queue: close() stops fetching and waits for the active jobs; close({ timeout }) returns at the timeout', async () => {
    const conn = target().connect();
    const q = new Queue<Msg>(conn, unique('close'));
    try {
      await q.addBulk(Array.from({ length: 5 }, (_, n) => ({ data: { n } })));
      const release = gate();
      const started: number[] = [];
      const finished: number[] = [];
      const w = q.process(async (job) => {
        started.push(job.data.n);
        await release.promise;
        finished.push(job.data.n);
      }, { concurrency: 2 });
      await waitFor('two active', () => started.length === 2);
      let closed = false;
      const closing = w.close().then(() => {
        closed = true;
      });
      await waitFor('no worker blocked', async () => (await blockedClients(conn)) === 0);
      await q.add({ n: 99 });
      assert.equal(closed, false, 'close waits for the active jobs');
      release.open();
      await closing;
      assert.deepEqual(finished.sort(), [...started].sort());
      assert.equal(started.length, 2, 'no job started after close()');
      const stats = await q.stats();
      assert.equal(stats.completed, 2);
      assert.equal(stats.waiting, 4);
      assert.equal(stats.active, 0);

      const never = gate();
      const w2 = q.process(() => never.promise);
      await waitFor('w2 active', async () => (await q.stats()).active === 1);
      const t0 = Date.now();
      await w2.close({ timeout: 200 });
      const took = Date.now() - t0;
      assert.ok(took >= 190 && took < 2000, `close({ timeout: 200 }) took ${took} ms`);
      assert.equal((await q.stats()).active, 1, 'the running job stays in flight for the visibility timeout');
      never.open();
    } finally {
      await q.close();
      await conn.close();
    }
  });

  test('Queue: a job that fails every attempt reaches the dead letters after exactly attempts, with the backoff between tries', async () => {
    const conn = target().connect();
    const q = new Queue<Msg>(conn, unique('poison'), { attempts: 4, backoff: { type: 'exponential', delay: 60 } });
    try {
      const calls: number[] = [];
      const failedAt: number[] = [];
      const w = q.process(() => {
        calls.push(Date.now());
        throw new Error('always');
      });
      w.on('failed', () => failedAt.push(Date.now()));
      const id = await q.add({ n: 1 });
      await waitFor('dead', async () => (await q.getJob(id))?.state === 'dead');
      await waitFor('the dead letter listed', async () => (await q.dead.list()).length === 1);
      assert.equal(calls.length, 4);
      const gaps = calls.slice(1).map((t, i) => t - calls[i]!);
      [60, 120, 240].forEach((wait, i) => {
        assert.ok(gaps[i]! >= wait - 1, `retry ${i + 1} came after ${gaps[i]} ms, backoff ${wait} ms`);
        assert.ok(gaps[i]! < wait + 500, `retry ${i + 1} came after ${gaps[i]} ms, backoff ${wait} ms`);
      });
      const job = await q.getJob(id);
      assert.equal(job?.attemptsMade, 4);
      assert.equal(job?.failedReason, 'always');
      assert.deepEqual((await q.dead.list()).map((j) => j.id), [id]);
      assert.equal(calls.length, 4, 'no try after the last attempt');
      await w.close();
    } finally {
      await q.close();
      await conn.close();
    }
  });

  test('Queue: add refuses a duplicate id, also when two connections add it at the same time', async () => {
    const name = unique('dedup');
    const c1 = target().connect();
    const c2 = target().connect();
    const q1 = new Queue<Msg>(c1, name);
    const q2 = new Queue<Msg>(c2, name);
    try {
      assert.equal(await q1.add({ n: 1 }, { id: 'order-1' }), 'order-1');
      await assert.rejects(q1.add({ n: 2 }, { id: 'order-1' }), isCode('PIGEON_ERR_DUPLICATE'));
      await assert.rejects(q2.add({ n: 3 }, { id: 'order-1' }), isCode('PIGEON_ERR_DUPLICATE'));
      const ids = Array.from({ length: 30 }, (_, i) => `race-${i}`);
      const results = await Promise.allSettled(ids.flatMap((id, i) => [q1.add({ n: i }, { id }), q2.add({ n: -i }, { id })]));
      for (let i = 0; i < ids.length; i++) {
        const pair = [results[2 * i]!, results[2 * i + 1]!];
        assert.equal(pair.filter((r) => r.status === 'fulfilled').length, 1, `exactly one add of ${ids[i]} wins`);
        const lost = pair.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        assert.ok(isCode('PIGEON_ERR_DUPLICATE')(lost.reason), String(lost.reason));
      }
      assert.equal((await q1.stats()).waiting, 31, 'one entry per id');
      const seen: string[] = [];
      const w = q1.process((job) => {
        seen.push(job.id);
      }, { concurrency: 10 });
      await waitFor('31 handled', () => seen.length === 31);
      assert.equal(new Set(seen).size, 31);
      await w.close();
      await assert.rejects(q1.add({ n: 4 }, { id: 'order-1' }), isCode('PIGEON_ERR_DUPLICATE'), 'a completed job is still on record');
    } finally {
      await q1.close();
      await q2.close();
      await c1.close();
      await c2.close();
    }
  });

  test('Queue: delayed jobs start within 50 ms of their due time', async () => {
    const name = unique('delayed');
    const producerConn = target().connect();
    const workerConn = target().connect();
    const producer = new Queue<{ due: number }>(producerConn, name);
    const consumer = new Queue<{ due: number }>(workerConn, name);
    try {
      // Two delayed before any worker runs, the rest while the worker blocks, from another connection.
      const early = [250, 400].map((delay) => producer.add({ due: Date.now() + delay }, { delay }));
      await Promise.all(early);
      const lateness: number[] = [];
      const w = consumer.process((job) => {
        lateness.push(Date.now() - job.data.due);
      }, { concurrency: 5 });
      await waitFor('the worker blocks', async () => (await blockedClients(workerConn)) >= 1);
      for (const delay of [60, 150, 100, 300, 520, 90, 700, 35]) await producer.add({ due: Date.now() + delay }, { delay });
      await waitFor('ten delayed jobs ran', () => lateness.length === 10, 10_000);
      const worst = Math.max(...lateness);
      assert.ok(lateness.every((l) => l >= 0), `a job started early: ${lateness.join(', ')}`);
      assert.ok(worst <= 50, `lateness ${lateness.join(', ')} ms (worst ${worst})`);
      console.log(`# [${target().kind}] delayed job lateness ms: ${lateness.join(', ')} (worst ${worst})`);
      assert.equal((await consumer.stats()).delayed, 0);
      await w.close();
    } finally {
      await producer.close();
      await consumer.close();
      await producerConn.close();
      await workerConn.close();
    }
  });

  test('Queue: a handler slower than the visibility timeout is not stalled while its worker lives', async () => {
    const name = unique('slow');
    const c1 = target().connect();
    const c2 = target().connect();
    const q1 = new Queue<Msg>(c1, name, { visibilityTimeout: 200 });
    const q2 = new Queue<Msg>(c2, name, { visibilityTimeout: 200 });
    try {
      let calls = 0;
      const stalls: string[] = [];
      const handler = async (job: Job<Msg>): Promise<number> => {
        calls++;
        await new Promise((r) => setTimeout(r, 1200)); // six visibility timeouts of work
        return job.data.n;
      };
      const w1 = q1.process(handler);
      const w2 = q2.process(handler);
      for (const w of [w1, w2] as Worker<Msg>[]) w.on('stalled', (id, reason) => stalls.push(`${id}: ${reason}`));
      const id = await q1.add({ n: 7 });
      await waitFor('completed', async () => (await q1.getJob(id))?.state === 'completed', 10_000);
      const job = await q1.getJob(id);
      assert.deepEqual(stalls, []);
      assert.equal(calls, 1);
      assert.equal(job?.attemptsMade, 0);
      assert.equal(job?.result, 7);
      await Promise.all([w1.close(), w2.close()]);
    } finally {
      await q1.close();
      await q2.close();
      await c1.close();
      await c2.close();
    }
  });

  test('Queue: the job of a worker that stopped heartbeating is reclaimed by another worker with a stall reason', async () => {
    const name = unique('reclaim');
    const c1 = target().connect();
    const c2 = target().connect();
    const q1 = new Queue<Msg>(c1, name, { visibilityTimeout: 300 });
    const q2 = new Queue<Msg>(c2, name, { visibilityTimeout: 300 });
    try {
      const never: Gate = gate();
      const w1 = q1.process(() => never.promise);
      const id = await q1.add({ n: 1 });
      await waitFor('w1 holds the job', async () => (await q1.getJob(id))?.state === 'active');
      // w1 goes silent: no more heartbeats, its handler never returns.
      await w1.close({ timeout: 0 });
      const silentAt = Date.now();
      const stalls: [string, string][] = [];
      const ran: Job<Msg>[] = [];
      const w2 = q2.process((job) => {
        ran.push(job);
      });
      w2.on('stalled', (jobId, reason) => stalls.push([jobId, reason]));
      await waitFor('completed by w2', async () => (await q2.getJob(id))?.state === 'completed', 10_000);
      const took = Date.now() - silentAt;
      assert.equal(stalls.length, 1);
      assert.equal(stalls[0]![0], id);
      assert.match(stalls[0]![1], /visibility timeout/);
      assert.equal(ran.length, 1);
      assert.equal(ran[0]!.attemptsMade, 1, 'the stall counts as an attempt');
      assert.ok(took >= 250, `reclaimed after ${took} ms, before the visibility timeout`);
      never.open();
      await w2.close();
    } finally {
      await q1.close();
      await q2.close();
      await c1.close();
      await c2.close();
    }
  });

  test('Queue: workers keep going when their connections are killed while they block, and lose no job', async () => {
    const name = unique('killed');
    const admin = target().connect();
    const cw1 = target().connect();
    const cw2 = target().connect();
    const cp = target().connect();
    // Killed connections report EPIPE / ECONNRESET while they reconnect; the test checks the jobs.
    for (const c of [cw1, cw2, cp]) c.client.on('error', () => {});
    const producer = new Queue<Msg>(cp, name);
    const q1 = new Queue<Msg>(cw1, name, { visibilityTimeout: 1000 });
    const q2 = new Queue<Msg>(cw2, name, { visibilityTimeout: 1000 });
    try {
      const handled = new Map<number, number>();
      const handler = async (job: Job<Msg>): Promise<void> => {
        await new Promise((r) => setImmediate(r));
        handled.set(job.data.n, (handled.get(job.data.n) ?? 0) + 1);
      };
      const w1 = q1.process(handler, { concurrency: 4 });
      const w2 = q2.process(handler, { concurrency: 4 });
      await admin.client.ping();
      let n = 0;
      const rounds = 8;
      for (let round = 0; round < rounds; round++) {
        await waitFor('both workers blocked', async () => (await blockedClients(admin)) >= 2, 10_000);
        for (const server of servers(admin)) await server.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
        const batch = Array.from({ length: 25 }, () => ({ data: { n: n++ } }));
        await producer.addBulk(batch);
        if (round % 2 === 1) {
          // Kill again while the jobs are being fetched and acknowledged.
          for (const server of servers(admin)) await server.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
        }
        await waitFor(`round ${round} handled`, () => handled.size === n, 15_000);
      }
      await waitFor('all acknowledged', async () => {
        const s = await producer.stats();
        return s.completed >= n && s.waiting === 0 && s.active === 0;
      }, 15_000);
      assert.equal(handled.size, rounds * 25);
      await Promise.all([w1.close(), w2.close()]);
    } finally {
      await producer.close();
      await q1.close();
      await q2.close();
      for (const c of [admin, cw1, cw2, cp]) await c.close();
    }
  });

  test('Queue: a worker recreates its consumer group when the streams are deleted under it', async () => {
    const conn = target().connect();
    const admin = target().connect();
    const q = new Queue<Msg>(conn, unique('nogroup'));
    try {
      const seen: number[] = [];
      const w = q.process((job) => {
        seen.push(job.data.n);
      });
      await q.add({ n: 1 });
      await waitFor('first job', () => seen.length === 1);
      await waitFor('the worker blocks', async () => (await blockedClients(admin)) >= 1);
      const keys = await Promise.all(servers(admin).map((s) => s.keys(`*${q.name}*ready*`)));
      for (const server of servers(admin)) {
        for (const key of keys.flat()) await server.del(key).catch(() => 0);
      }
      await q.add({ n: 2 });
      await waitFor('second job after the group was recreated', () => seen.length === 2, 10_000);
      assert.deepEqual(seen, [1, 2]);
      await w.close();
    } finally {
      await q.close();
      await conn.close();
      await admin.close();
    }
  });

  test('Queue: options and payloads are validated', async () => {
    const conn = target().connect();
    try {
      assert.throws(() => new Queue(conn, 'bad{name}'), isCode('PIGEON_ERR_INVALID_OPTION'));
      assert.throws(() => new Queue(conn, unique('x'), { attempts: 0 }), isCode('PIGEON_ERR_INVALID_OPTION'));
      assert.throws(() => new Queue(conn, unique('x'), { backoff: { type: 'fixed', delay: 10, jitter: 2 } }), isCode('PIGEON_ERR_INVALID_OPTION'));
      const q = new Queue<Msg>(conn, unique('schema'), {
        schema: {
          parse(value: unknown): Msg {
            if (typeof (value as Msg).n !== 'number') throw new Error('n must be a number');
            return value as Msg;
          },
        },
      });
      await assert.rejects(q.add({ n: 'x' } as unknown as Msg), isCode('PIGEON_ERR_VALIDATION'));
      await assert.rejects(q.add({ n: 1 }, { delay: -1 }), isCode('PIGEON_ERR_INVALID_OPTION'));
      assert.throws(() => q.process(() => undefined, { concurrency: 0 }), isCode('PIGEON_ERR_INVALID_OPTION'));
      await q.close();
      await assert.rejects(q.add({ n: 1 }), isCode('PIGEON_ERR_CLOSED'));
    } finally {
      await conn.close();
    }
  });
});
