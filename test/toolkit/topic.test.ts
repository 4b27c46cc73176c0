/*
 * Topic<T> against every target (embedded Pigeon, redis-server, a 3-primary Redis Cluster):
 * receiver counts, name and pattern subscriptions, sharded topics, resubscription after the
 * server kills the subscriber connection, and the codec and schema on both sides. Every wait
 * polls a condition; nothing sleeps a fixed time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cluster, type Redis } from 'ioredis';
import { PigeonError, Topic, type Codec, type Connection, type Schema } from '../../src/toolkit/index.js';
import { forEachTarget } from '../helpers/targets.js';
import { unique, waitFor } from '../helpers/wait.js';

/** The server connections of a target: the primaries of a cluster, or the one server. */
function servers(conn: Connection): Redis[] {
  return conn.client instanceof Cluster ? conn.client.nodes('master') : [conn.client as Redis];
}

/** IDs of the pubsub connections on every server, as `${server}:${id}`. */
async function pubsubClients(conn: Connection): Promise<string[]> {
  const out: string[] = [];
  for (const [i, server] of servers(conn).entries()) {
    const list = String(await server.call('CLIENT', 'LIST'));
    for (const line of list.split('\n')) {
      const fields = Object.fromEntries(line.split(' ').map((kv) => kv.split('=') as [string, string]));
      const subs = Number(fields['sub'] ?? 0) + Number(fields['psub'] ?? 0) + Number(fields['ssub'] ?? 0);
      if (subs > 0) out.push(`${i}:${fields['id']}`);
    }
  }
  return out;
}

async function killPubsubClients(conn: Connection): Promise<string[]> {
  const killed = await pubsubClients(conn);
  const nodes = servers(conn);
  for (const entry of killed) {
    const [i, id] = entry.split(':') as [string, string];
    await nodes[Number(i)]!.call('CLIENT', 'KILL', 'ID', id);
  }
  return killed;
}

interface News {
  title: string;
  n: number;
}

forEachTarget('Topic', (target) => {
  test('Topic: publish resolves with the receiver count', async () => {
    const conn = target().connect();
    const topic = new Topic<News>(conn, unique('news'));
    assert.equal(await topic.publish({ title: 'nobody', n: 0 }), 0);
    const a = await topic.subscribe(() => {});
    const b = await topic.subscribe(() => {});
    assert.equal(await topic.publish({ title: 'two', n: 1 }), 2);
    await a.close();
    await waitFor('one receiver left', async () => (await topic.publish({ title: 'one', n: 2 })) === 1);
    await b.close();
    await conn.close();
  });

  test('Topic: a subscriber receives typed messages in publish order', async () => {
    const conn = target().connect();
    const topic = new Topic<News>(conn, unique('orders'));
    const got: News[] = [];
    const sub = await topic.subscribe((m, info) => {
      assert.equal(info.topic, topic.name);
      got.push(m);
    });
    for (let n = 0; n < 50; n++) await topic.publish({ title: `t${n}`, n });
    await waitFor('50 messages', () => got.length === 50);
    assert.deepEqual(got.map((m) => m.n), [...Array(50).keys()]);
    assert.equal(got[7]!.title, 't7');
    await sub.close();
    await conn.close();
  });

  test('Topic: a pattern subscription receives every matching topic with its name', async () => {
    const conn = target().connect();
    const base = unique('news');
    const sports = new Topic<News>(conn, `${base}.sports`, { sharded: false });
    const weather = new Topic<News>(conn, `${base}.weather`, { sharded: false });
    const other = new Topic<News>(conn, `${base}-other`, { sharded: false });
    const got: [string, number, string | undefined][] = [];
    const sub = await sports.subscribe((m, info) => void got.push([info.topic, m.n, info.pattern]), { pattern: `${base}.*` });
    await other.publish({ title: 'no', n: -1 });
    await sports.publish({ title: 'goal', n: 1 });
    await weather.publish({ title: 'rain', n: 2 });
    await waitFor('two pattern messages', () => got.length >= 2);
    // Sorted: on a cluster each PUBLISH may enter at another node, and the bus does not keep
    // the order between nodes (sharded topics do keep it).
    const seen = got.map(([t, n]) => [t, n] as const).sort((x, y) => x[1] - y[1]);
    assert.deepEqual(seen, [[`${base}.sports`, 1], [`${base}.weather`, 2]]);
    assert.ok(got.every(([, , pattern]) => pattern === sub.target));
    assert.ok(!got.some(([, n]) => n === -1));
    await sub.close();
    await conn.close();
  });

  test('Topic: a pattern subscription on a sharded topic is refused', async () => {
    const conn = target().connect();
    const topic = new Topic<News>(conn, unique('s'), { sharded: true });
    await assert.rejects(topic.subscribe(() => {}, { pattern: '*' }), (err: unknown) => err instanceof PigeonError && err.code === 'PIGEON_ERR_INVALID_OPTION');
    await conn.close();
  });

  test('Topic: a sharded topic travels on shard channels only', async () => {
    const conn = target().connect();
    const name = unique('shard');
    const sharded = new Topic<News>(conn, name, { sharded: true });
    const plain = new Topic<News>(conn, name, { sharded: false });
    if (conn.isCluster) assert.equal(new Topic<News>(conn, name).sharded, true, 'topics are sharded by default on a cluster');
    const got: number[] = [];
    const sub = await sharded.subscribe((m) => void got.push(m.n));
    assert.equal(sub.kind, 'ssubscribe');
    // PUBLISH does not reach SSUBSCRIBE; SPUBLISH does, counted by the owning shard.
    await plain.publish({ title: 'plain', n: 1 });
    assert.equal(await sharded.publish({ title: 'sharded', n: 2 }), 1);
    await waitFor('the sharded message', () => got.length >= 1);
    assert.deepEqual(got, [2]);
    await sub.close();
    await conn.close();
  });

  for (const kind of ['subscribe', 'psubscribe', 'ssubscribe'] as const) {
    test(`Topic: a ${kind} subscription comes back after CLIENT KILL`, async () => {
      const conn = target().connect();
      const name = unique('kill');
      const topic = new Topic<News>(conn, name, { sharded: kind === 'ssubscribe' });
      const got: number[] = [];
      const sub = await topic.subscribe((m) => void got.push(m.n), kind === 'psubscribe' ? { pattern: `${name}*` } : {});
      assert.equal(sub.kind, kind);
      await topic.publish({ title: 'before', n: 0 });
      await waitFor('the first message', () => got.includes(0));
      const killed = await killPubsubClients(conn);
      assert.ok(killed.length >= 1, 'the subscriber connection was found and killed');
      let n = 1;
      await waitFor('a message after the kill', async () => {
        await topic.publish({ title: 'after', n: n++ });
        await new Promise((r) => setTimeout(r, 20));
        return got.some((x) => x > 0);
      });
      const now = await pubsubClients(conn);
      assert.ok(now.length >= 1 && now.every((id) => !killed.includes(id)), 'a new connection carries the subscription');
      await sub.close();
      await conn.close();
    });
  }

  test('Topic: the codec and the schema apply on publish and on arrival', async () => {
    const conn = target().connect();
    const name = unique('typed');
    const codec: Codec<News> = {
      encode: (v) => `v1|${v.n}|${v.title}`,
      decode: (text) => {
        const m = /^v1\|(-?\d+)\|(.*)$/s.exec(text);
        if (m === null) throw new Error(`not a v1 message: ${text}`);
        return { n: Number(m[1]), title: m[2]! };
      },
    };
    const schema: Schema<News> = {
      parse(value: unknown): News {
        const v = value as News;
        if (typeof v?.title !== 'string' || v.title.length === 0 || !Number.isInteger(v.n) || v.n < 0) throw new Error('bad news');
        return v;
      },
    };
    const topic = new Topic<News>(conn, name, { codec, schema });
    const got: News[] = [];
    const errors: [string, string][] = [];
    const sub = await topic.subscribe((m) => void got.push(m), {
      onError: (err, info) => void errors.push([(err as PigeonError).code, info.channel]),
    });
    // Outgoing: the schema refuses before anything is sent.
    await assert.rejects(topic.publish({ title: '', n: 1 }), (err: unknown) => err instanceof PigeonError && err.code === 'PIGEON_ERR_VALIDATION');
    // Incoming: a payload the codec cannot read and one the schema refuses, sent around the toolkit.
    const raw = topic.sharded ? 'SPUBLISH' : 'PUBLISH';
    await conn.client.call(raw, topic.channel, '{"title":"json"}');
    await conn.client.call(raw, topic.channel, 'v1|-5|negative');
    assert.equal(await topic.publish({ title: 'fine', n: 3 }), 1);
    await waitFor('the valid message and two errors', () => got.length === 1 && errors.length === 2);
    assert.deepEqual(got, [{ title: 'fine', n: 3 }]);
    assert.deepEqual(errors, [['PIGEON_ERR_CODEC', topic.channel], ['PIGEON_ERR_VALIDATION', topic.channel]]);
    await sub.close();
    await conn.close();
  });

  test('Topic: a handler that throws is reported and the subscription keeps receiving', async () => {
    const conn = target().connect();
    const topic = new Topic<News>(conn, unique('throws'));
    const got: number[] = [];
    const sub = await topic.subscribe(async (m) => {
      if (m.n % 2 === 1) throw new Error(`odd ${m.n}`);
      got.push(m.n);
    });
    const errors: string[] = [];
    sub.on('error', (err) => void errors.push(err.message));
    for (let n = 0; n < 6; n++) await topic.publish({ title: 'x', n });
    await waitFor('three messages and three errors', () => got.length === 3 && errors.length === 3);
    assert.deepEqual(got, [0, 2, 4]);
    assert.deepEqual(errors, ['odd 1', 'odd 3', 'odd 5']);
    await sub.close();
    await conn.close();
  });

  test('Topic: close() ends delivery and frees the connection', async () => {
    const conn = target().connect();
    const topic = new Topic<News>(conn, unique('close'));
    const got: number[] = [];
    const sub = await topic.subscribe((m) => void got.push(m.n));
    assert.equal(await topic.publish({ title: 'a', n: 1 }), 1);
    await waitFor('one message', () => got.length === 1);
    await sub.close();
    assert.equal(sub.closed, true);
    await waitFor('no receivers', async () => (await topic.publish({ title: 'b', n: 2 })) === 0);
    assert.deepEqual(got, [1]);
    await conn.close();
  });
});
