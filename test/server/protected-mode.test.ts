/*
 * Protected mode: with `protected-mode yes` (the default) and no password for the default user, a
 * connection from outside the loopback interface gets Redis's DENIED message and is closed.
 *
 * The tests stay on loopback: a remote peer is played through the broker's peerIsLocal() seam.
 * The DENIED text is checked against the one inside the redis-server 7.0.15 binary when it is
 * installed.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { startBroker, type StartedBroker } from '../helpers/broker.js';
import { RawClient } from '../helpers/raw.js';
import { findRedisServer } from '../helpers/reference.js';
import { PROTECTED_MODE_DENIED, isLoopback } from '../../src/server/tls.js';

async function withBroker(options: Record<string, unknown>, fn: (b: StartedBroker) => Promise<void>): Promise<void> {
  const b = await startBroker(options);
  try {
    await fn(b);
  } finally {
    await b.close();
  }
}

/** Play a remote peer for every new connection. */
function remotePeers(b: StartedBroker): void {
  b.broker.peerIsLocal = () => false;
}

/** Connect and read whatever the server sends before it closes. */
async function deniedText(port: number): Promise<string> {
  const c = await RawClient.connect(port);
  await c.closed();
  return c.unread.toString('latin1');
}

describe('protected mode', () => {
  it('a remote peer gets the DENIED message and is closed when no password is set', () =>
    withBroker({}, async (b) => {
      remotePeers(b);
      assert.equal(await deniedText(b.port), PROTECTED_MODE_DENIED);
      assert.equal(b.broker.stats.rejectedConnections, 1);
      assert.equal(b.broker.clients.size, 0);
    }));

  it('the DENIED message is the one redis-server 7.0.15 sends', (t) => {
    const bin = findRedisServer();
    if (bin === null) return t.skip('redis-server not found');
    const image = readFileSync(bin).toString('latin1');
    const at = image.indexOf('-DENIED Redis is running in protected mode');
    assert.ok(at >= 0, 'the reference binary holds the DENIED message');
    assert.equal(image.slice(at, image.indexOf('\r\n', at) + 2), PROTECTED_MODE_DENIED);
  });

  it('a remote peer is served when the default user has a password (requirepass or ACL)', async () => {
    await withBroker({ requirepass: 'pw' }, async (b) => {
      remotePeers(b);
      const c = await RawClient.connect(b.port);
      assert.equal((await c.send('PING')).toString(), '-NOAUTH Authentication required.\r\n');
      assert.equal((await c.send('AUTH', 'pw')).toString(), '+OK\r\n');
      await c.close();
    });
    await withBroker({}, async (b) => {
      const local = await RawClient.connect(b.port);
      assert.equal((await local.send('ACL', 'SETUSER', 'default', '>secret')).toString(), '+OK\r\n');
      remotePeers(b);
      const c = await RawClient.connect(b.port);
      assert.equal((await c.send('AUTH', 'secret')).toString(), '+OK\r\n');
      await Promise.all([c.close(), local.close()]);
    });
  });

  it('protected-mode no, or CONFIG SET protected-mode no, lets remote peers in', async () => {
    await withBroker({ 'protected-mode': 'no' }, async (b) => {
      remotePeers(b);
      const c = await RawClient.connect(b.port);
      assert.equal((await c.send('PING')).toString(), '+PONG\r\n');
      await c.close();
    });
    await withBroker({}, async (b) => {
      const local = await RawClient.connect(b.port);
      remotePeers(b);
      assert.match(await deniedText(b.port), /^-DENIED /);
      assert.equal((await local.send('CONFIG', 'SET', 'protected-mode', 'no')).toString(), '+OK\r\n');
      const c = await RawClient.connect(b.port);
      assert.equal((await c.send('PING')).toString(), '+PONG\r\n');
      await Promise.all([c.close(), local.close()]);
    });
  });

  it('loopback peers are always served', () =>
    withBroker({}, async (b) => {
      const c = await RawClient.connect(b.port);
      assert.equal((await c.send('PING')).toString(), '+PONG\r\n');
      await c.close();
    }));

  it('loopback is 127.0.0.0/8 and ::1, IPv4-mapped forms included', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', undefined]) assert.equal(isLoopback(a), true, String(a));
    for (const a of ['10.0.0.1', '192.168.1.1', '::ffff:10.0.0.1', 'fe80::1', '128.0.0.1']) assert.equal(isLoopback(a), false, a);
  });
});
