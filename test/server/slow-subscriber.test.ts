/*
 * Output buffer limits under load: a subscriber that never reads must be cut off at its class's
 * limit (client-output-buffer-limit), without the broker buffering what it cannot send, while the
 * other clients carry on.
 *
 * The broker runs in this process, so its memory is this process's RSS; the publisher paces
 * itself (a small window of pre-encoded PUBLISHes in flight) so the test's own client holds
 * little, and the baseline is taken after the same traffic has warmed the broker and the V8 heap
 * up. The subscriber pauses its socket right after subscribing: once the kernel buffers on both
 * sides are full, everything else stays in the broker. Conditions are polled, never waited for
 * with sleeps.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import { startBroker } from '../helpers/broker.js';
import { encodeCommand, RawClient } from '../helpers/raw.js';
import { waitUntil } from '../helpers/diff.js';
import type { Broker } from '../../src/server/index.js';
import type { Client } from '../../src/server/client.js';
import { pendingOutput } from '../../src/server/pubsub/output-limits.js';

const MB = 1024 * 1024;

/** A raw connection that subscribes to `channel`, reads the confirmation, then stops reading. */
async function stalledSubscriber(port: number, channel: string): Promise<net.Socket> {
  const s = net.connect({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', resolve);
    s.once('error', reject);
  });
  s.on('error', () => {});
  s.write(encodeCommand(['SUBSCRIBE', channel]));
  await new Promise<void>((resolve) => s.once('data', () => resolve()));
  s.pause();
  return s;
}

/** The broker's Client subscribed to `channel` (the subscriber's server side), if connected. */
function subscriberOf(broker: Broker, channel: string): Client | undefined {
  return [...(broker.pubsub.channels.get(channel) ?? [])][0];
}

/** Keep PINGing on `c` until stopped; records the longest wait for a reply. */
function pinger(c: RawClient): { stop(): Promise<{ count: number; maxMs: number }> } {
  let running = true;
  let count = 0;
  let maxMs = 0;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      const r = (await c.send('PING')).toString('latin1');
      assert.equal(r, '+PONG\r\n');
      maxMs = Math.max(maxMs, performance.now() - t0);
      count++;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { count, maxMs };
    },
  };
}

test('client-output-buffer-limit: a pubsub client that never reads is closed at the hard limit while 100 MB is published; memory stays bounded and other clients are served', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-slowsub-'));
  const logfile = path.join(dir, 'broker.log');
  const { broker, port, close } = await startBroker({ logfile });
  const pub = await RawClient.connect(port);
  const normal = await RawClient.connect(port);
  try {
    const sub = await stalledSubscriber(port, 'firehose');
    const server = subscriberOf(broker, 'firehose');
    assert.ok(server, 'the subscriber is registered');
    const ping = pinger(normal);

    const message = 'm'.repeat(16 * 1024);
    const total = 100 * MB;
    const window = 16;
    // One pre-encoded window, written again and again: the test side allocates next to nothing.
    const batch = Buffer.concat(Array.from({ length: window }, () => encodeCommand(['PUBLISH', 'firehose', message])));
    // Warm up: the same traffic on a channel nobody stalls, so the baseline is a broker (and a V8
    // heap) that has already served this load; what grows past it is what the stalled reader costs.
    const warm = Buffer.concat(Array.from({ length: window }, () => encodeCommand(['PUBLISH', 'warmup', message])));
    for (let sent = 0; sent < 30 * MB; sent += window * message.length) await pub.sendRaw(warm, window);
    const baseline = process.memoryUsage().rss;
    let peakRss = baseline;
    let peakPending = 0;
    let published = 0;
    let receivedBy1 = 0;
    let receivedBy0 = 0;
    while (published < total) {
      const replies = await pub.sendRaw(batch, window);
      published += window * message.length;
      for (const line of replies.toString('latin1').split('\r\n')) {
        if (line === ':1') receivedBy1++;
        else if (line === ':0') receivedBy0++;
      }
      if (!server.closing) peakPending = Math.max(peakPending, pendingOutput(server));
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const { count, maxMs } = await ping.stop();

    // Cut off: gone from the channel and from the client table, counted and logged.
    assert.ok(server.closing, 'the stalled subscriber was closed');
    assert.equal(server.closeReason, 'output buffer limits');
    assert.equal(broker.pubsub.channels.get('firehose'), undefined);
    assert.equal(broker.clients.has(server.id), false);
    assert.equal(broker.pubsub.limits.disconnections, 1);
    assert.ok(receivedBy1 > 0 && receivedBy0 > 0, `PUBLISH counted the subscriber, then nobody (${receivedBy1} / ${receivedBy0})`);
    // The hard limit is 32 MB: it cannot have been reached before ~32 MB went out.
    assert.ok(receivedBy1 * message.length >= 32 * MB, `closed after ${receivedBy1} messages`);
    const info = (await normal.send('INFO', 'stats')).toString('latin1');
    assert.match(info, /\r\nclient_output_buffer_limit_disconnections:1\r\n/);
    await waitUntil(() => readFileSync(logfile, 'latin1').includes('scheduled to be closed ASAP for overcoming of output buffer limits.'), {
      what: 'the log line',
    });
    assert.match(readFileSync(logfile, 'latin1'), /# Client id=\d+ addr=\S+ .*flags=P .*sub=1 .* scheduled to be closed ASAP/);

    // Backpressure: the broker never held much more than the hard limit for it.
    assert.ok(peakPending <= 32 * MB + 64 * 1024, `pending output peaked at ${peakPending} bytes`);
    // What it may cost: the 32 MB it was allowed, plus the garbage of the traffic (typically
    // 30-60 MB in all); without the limit it would be the whole 100 MB and more.
    assert.ok(peakRss - baseline < 80 * MB, `RSS grew by ${((peakRss - baseline) / MB).toFixed(1)} MB`);

    // The other clients were served all along, and still are.
    assert.ok(count > 10, `the normal client got ${count} replies`);
    assert.ok(maxMs < 2000, `a PING waited ${maxMs.toFixed(0)} ms`);
    assert.equal((await normal.send('PUBSUB', 'NUMSUB', 'firehose')).toString('latin1'), '*2\r\n$8\r\nfirehose\r\n:0\r\n');
    sub.destroy();
  } finally {
    await pub.close();
    await normal.close();
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('client-output-buffer-limit: the soft limit closes a client that stays over it longer than the soft seconds', async () => {
  const { broker, port, close } = await startBroker({ 'client-output-buffer-limit': 'pubsub 0 256kb 1' });
  const pub = await RawClient.connect(port);
  try {
    const sub = await stalledSubscriber(port, 'slow');
    const server = subscriberOf(broker, 'slow')!;
    const message = 'x'.repeat(64 * 1024);
    // Fill until the subscriber is over the soft limit (the kernel's buffers take a share first).
    await waitUntil(
      async () => {
        await pub.send('PUBLISH', 'slow', message);
        return server.obufSoftSince !== 0;
      },
      { what: 'the subscriber to go over the soft limit', timeoutMs: 20_000 },
    );
    const over = Date.now();
    assert.equal(server.closing, false, 'over the soft limit only: not closed yet');
    // Staying over it: closed once more than 1 s has passed since (checked as output is added).
    await waitUntil(
      async () => {
        await pub.send('PUBLISH', 'slow', 'more');
        return server.closing;
      },
      { what: 'the soft limit to close the subscriber', timeoutMs: 10_000 },
    );
    assert.ok(Date.now() - over >= 1000, 'not closed before the soft seconds passed');
    assert.equal(broker.pubsub.limits.disconnections, 1);
    sub.destroy();
  } finally {
    await pub.close();
    await close();
  }
});

test('client-output-buffer-limit: CONFIG SET applies to connected clients; a normal client over its hard limit is closed, others are not', async () => {
  const { broker, port, close } = await startBroker();
  const admin = await RawClient.connect(port);
  try {
    assert.equal((await admin.send('SET', 'big', 'v'.repeat(256 * 1024))).toString('latin1'), '+OK\r\n');
    assert.equal((await admin.send('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 0 0')).toString('latin1'), '+OK\r\n');
    const s = net.connect({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve) => s.once('connect', resolve));
    s.on('error', () => {});
    s.pause();
    const id = Math.max(...broker.clients.keys());
    const victim = broker.clients.get(id)!;
    // A client pipelining GETs of a 256 KB value and never reading.
    const gets = Buffer.concat(Array.from({ length: 64 }, () => encodeCommand(['GET', 'big'])));
    await waitUntil(
      () => {
        if (!victim.closing) s.write(gets);
        return victim.closing;
      },
      { what: 'the reader that does not read to be closed', timeoutMs: 20_000 },
    );
    assert.equal(victim.closeReason, 'output buffer limits');
    // The admin (a normal client reading its replies) is unaffected.
    assert.equal((await admin.send('STRLEN', 'big')).toString('latin1'), ':262144\r\n');
    assert.equal((await admin.send('CONFIG', 'GET', 'client-output-buffer-limit')).toString('latin1').includes('normal 1048576 0 0'), true);
    s.destroy();
  } finally {
    await admin.close();
    await close();
  }
});
