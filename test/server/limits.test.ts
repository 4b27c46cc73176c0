/*
 * Client limits without a reference server: maxclients (Redis's error text, the close, the
 * rejected_connections / total_connections_received counters), the idle `timeout` (which clients
 * Redis's clientsCronHandleTimeout spares) and client-query-buffer-limit (unprocessed input past
 * the limit closes the client without a reply). The wording of the maxclients error is also
 * compared with redis-server in test/differential/limits.test.ts.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startBroker } from '../helpers/broker.js';
import { encodeCommand, RawClient } from '../helpers/raw.js';
import { waitUntil } from '../helpers/diff.js';

function infoField(info: Buffer, field: string): string {
  const m = new RegExp(`\\r\\n${field}:([^\\r]*)\\r\\n`).exec(info.toString('latin1'));
  assert.ok(m, `INFO has no ${field}`);
  return m[1]!;
}

/** Everything the server sends until it closes the connection. */
function readUntilClosed(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    void RawClient.connect(port).then(async (c) => {
      await c.closed();
      resolve(c.unread.toString('latin1'));
    }, reject);
  });
}

describe('limits: maxclients', () => {
  it('maxclients: a connection over the limit gets the error and is closed', async () => {
    const started = await startBroker();
    const admin = await RawClient.connect(started.port);
    const second = await RawClient.connect(started.port);
    try {
      assert.equal((await second.send('PING')).toString(), '+PONG\r\n');
      assert.equal((await admin.send('CONFIG', 'SET', 'maxclients', '2')).toString(), '+OK\r\n');
      const before = await admin.send('INFO', 'stats');
      assert.equal(await readUntilClosed(started.port), '-ERR max number of clients reached\r\n');
      const after = await admin.send('INFO', 'stats');
      assert.equal(Number(infoField(after, 'rejected_connections')), Number(infoField(before, 'rejected_connections')) + 1);
      // The rejected connection never became a client: total_connections_received stays.
      assert.equal(infoField(after, 'total_connections_received'), infoField(before, 'total_connections_received'));
      assert.equal(started.broker.clients.size, 2);
      // Connected clients are not affected, and a freed slot admits a new client.
      assert.equal((await second.send('PING')).toString(), '+PONG\r\n');
      await second.close();
      await waitUntil(() => started.broker.clients.size === 1);
      const third = await RawClient.connect(started.port);
      assert.equal((await third.send('PING')).toString(), '+PONG\r\n');
      await third.close();
    } finally {
      await admin.close();
      await second.close();
      await started.close();
    }
  });

  it('maxclients: lowering it below the connected count disconnects nobody', async () => {
    const started = await startBroker();
    const a = await RawClient.connect(started.port);
    const b = await RawClient.connect(started.port);
    try {
      assert.equal((await a.send('CONFIG', 'SET', 'maxclients', '1')).toString(), '+OK\r\n');
      assert.equal((await b.send('PING')).toString(), '+PONG\r\n');
      assert.equal(await readUntilClosed(started.port), '-ERR max number of clients reached\r\n');
      assert.equal(infoField(await a.send('INFO', 'clients'), 'maxclients'), '1');
    } finally {
      await a.close();
      await b.close();
      await started.close();
    }
  });
});

describe('limits: idle timeout', () => {
  it('timeout: an idle client is closed by the cron, an active one is not', async () => {
    const started = await startBroker({ timeout: 1 });
    const idle = await RawClient.connect(started.port);
    const busy = await RawClient.connect(started.port);
    try {
      await idle.send('PING');
      // Real time: keep `busy` talking while `idle` stays silent for more than a second.
      const deadline = Date.now() + 10_000;
      while (idle.isOpen && Date.now() < deadline) {
        assert.equal((await busy.send('PING')).toString(), '+PONG\r\n');
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(idle.isOpen, false, 'the idle client was not closed');
      assert.equal(idle.unread.length, 0, 'an idle client is closed without a reply');
      assert.equal((await busy.send('PING')).toString(), '+PONG\r\n');
    } finally {
      await idle.close();
      await busy.close();
      await started.close();
    }
  });

  it('timeout: pub/sub, blocked and MONITOR clients are spared; MULTI ones are not', async () => {
    const started = await startBroker({ timeout: 5 });
    const b = started.broker;
    const names = ['plain', 'multi', 'sub', 'psub', 'ssub', 'blocked', 'monitor', 'unsubscribed'] as const;
    const conns = new Map<string, RawClient>();
    try {
      for (const n of names) conns.set(n, await RawClient.connect(started.port));
      const c = (n: (typeof names)[number]): RawClient => conns.get(n)!;
      await c('plain').send('CLIENT', 'SETNAME', 'plain');
      await c('multi').send('MULTI');
      await c('sub').send('SUBSCRIBE', 'ch');
      await c('psub').send('PSUBSCRIBE', 'p*');
      await c('ssub').send('SSUBSCRIBE', 'sch');
      c('blocked').write(encodeCommand(['BLPOP', 'list', '0']));
      await c('monitor').send('MONITOR');
      await c('unsubscribed').send('SUBSCRIBE', 'x');
      await c('unsubscribed').send('UNSUBSCRIBE', 'x');
      await waitUntil(() => b.blockedClients === 1);
      // Everyone has been idle for a minute.
      for (const client of b.clients.values()) client.lastInteraction = Date.now() - 60_000;
      b.cron();
      for (const n of ['plain', 'multi', 'unsubscribed'] as const) await c(n).closed();
      for (const n of ['sub', 'psub', 'ssub', 'blocked', 'monitor'] as const) assert.equal(c(n).isOpen, true, `${n} was closed`);
      assert.equal(b.clients.size, 5);
    } finally {
      for (const c of conns.values()) await c.close();
      await started.close();
    }
  });

  it('timeout: a reply counts as interaction: a client unblocked after a long wait is not idle', async () => {
    const started = await startBroker({ timeout: 1 });
    const b = started.broker;
    const c = await RawClient.connect(started.port);
    const admin = await RawClient.connect(started.port);
    try {
      assert.equal((await c.send('CLIENT', 'ID')).toString(), ':1\r\n');
      c.write(encodeCommand(['BLPOP', 'list', '0']));
      await waitUntil(() => b.blockedClients === 1);
      b.clients.get(1)!.lastInteraction = Date.now() - 60_000;
      assert.equal((await admin.send('CLIENT', 'UNBLOCK', '1')).toString(), ':1\r\n');
      assert.equal((await c.readReplies(1)).toString(), '*-1\r\n');
      b.cron();
      assert.equal((await c.send('PING')).toString(), '+PONG\r\n');
    } finally {
      await c.close();
      await admin.close();
      await started.close();
    }
  });

  it('timeout: idleness is counted in whole seconds, as Redis compares unix times', async () => {
    const started = await startBroker({ timeout: 2 });
    const c = await RawClient.connect(started.port);
    try {
      await c.send('PING');
      const client = [...started.broker.clients.values()][0]!;
      // Exactly `timeout` seconds (in unix seconds) is not over the limit; one more is.
      const nowSec = Math.floor(Date.now() / 1000);
      client.lastInteraction = (nowSec - 2) * 1000;
      started.broker.cron();
      assert.equal(client.closing, false);
      client.lastInteraction = (nowSec - 3) * 1000 + 999;
      started.broker.cron();
      await c.closed();
    } finally {
      await c.close();
      await started.close();
    }
  });

  it('timeout: 0 never closes idle clients', async () => {
    const started = await startBroker();
    const c = await RawClient.connect(started.port);
    try {
      await c.send('PING');
      for (const client of started.broker.clients.values()) client.lastInteraction = 0;
      started.broker.cron();
      assert.equal((await c.send('PING')).toString(), '+PONG\r\n');
    } finally {
      await c.close();
      await started.close();
    }
  });
});

describe('limits: client-query-buffer-limit', () => {
  const MB = 1024 * 1024;

  it('query buffer: unprocessed input over the limit closes the client without a reply', async () => {
    const started = await startBroker({ 'client-query-buffer-limit': '1mb' });
    const big = await RawClient.connect(started.port);
    const other = await RawClient.connect(started.port);
    try {
      // A bulk announced at 2 MB, sent in pieces: the client is closed once 1 MB is pending.
      big.write(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${2 * MB}\r\n`);
      const piece = Buffer.alloc(64 * 1024, 0x61);
      for (let sent = 0; sent < 2 * MB && big.isOpen; sent += piece.length) {
        big.write(piece);
        await new Promise((r) => setImmediate(r));
      }
      await big.closed();
      assert.equal(big.unread.length, 0);
      assert.equal((await other.send('EXISTS', 'k')).toString(), ':0\r\n');
    } finally {
      await big.close();
      await other.close();
      await started.close();
    }
  });

  it('query buffer: a large request under the limit is served', async () => {
    const started = await startBroker({ 'client-query-buffer-limit': '1mb' });
    const c = await RawClient.connect(started.port);
    try {
      const value = 'v'.repeat(MB - 100);
      assert.equal((await c.send('SET', 'k', value)).toString(), '+OK\r\n');
      assert.equal((await c.send('STRLEN', 'k')).toString(), `:${MB - 100}\r\n`);
      // Processed input does not accumulate: many such requests in a row are fine.
      for (let i = 0; i < 3; i++) assert.equal((await c.send('SET', 'k', value)).toString(), '+OK\r\n');
    } finally {
      await c.close();
      await started.close();
    }
  });

  it('query buffer: a blocked client whose pending input grows over the limit is closed', async () => {
    const started = await startBroker();
    const c = await RawClient.connect(started.port);
    const admin = await RawClient.connect(started.port);
    try {
      assert.equal((await admin.send('CONFIG', 'SET', 'client-query-buffer-limit', '1mb')).toString(), '+OK\r\n');
      c.write(encodeCommand(['BLPOP', 'list', '0']));
      await waitUntil(() => started.broker.blockedClients === 1);
      // Complete requests pile up unprocessed behind the blocked command.
      const req = encodeCommand(['SET', 'k', 'x'.repeat(64 * 1024)]);
      for (let i = 0; i < 40 && c.isOpen; i++) {
        c.write(req);
        await new Promise((r) => setImmediate(r));
      }
      await c.closed();
      await waitUntil(() => started.broker.blockedClients === 0);
      assert.equal((await admin.send('EXISTS', 'k')).toString(), ':0\r\n');
    } finally {
      await c.close();
      await admin.close();
      await started.close();
    }
  });
});
