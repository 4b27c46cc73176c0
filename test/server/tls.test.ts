/*
 * TLS: `tls-port` next to the plain `port`, server certificate, client certificate checks under
 * `tls-auth-clients` yes / optional / no. The certificates are generated at run time with openssl
 * into a temporary directory: a CA, a server certificate for localhost / 127.0.0.1, a client
 * certificate signed by the CA, and a client certificate from another CA that must be refused.
 * Clients are ioredis (`tls: { ca, cert, key }`) for the accepted cases and node:tls for the refused
 * ones (where the server must never answer).
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { startBroker, type StartedBroker } from '../helpers/broker.js';

interface Pem {
  key: Buffer;
  cert: Buffer;
}

let dir = '';
let ok = false;
const files = { ca: '', serverCert: '', serverKey: '' };
let caPem: Buffer;
let client: Pem;
let rogue: Pem;

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A key and a certificate for `cn` signed by the CA `ca` (files in dir). */
function issue(name: string, cn: string, ca: string, ext: string): void {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
  writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '2', '-out', `${name}.crt`, '-extfile', `${name}.ext`);
}

function makeCa(name: string): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${name}`, '-days', '2', '-out', `${name}.crt`);
}

before(() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    return;
  }
  dir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-tls-'));
  makeCa('ca');
  makeCa('rogue-ca');
  issue('server', 'localhost', 'ca', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('client', 'client', 'ca', 'extendedKeyUsage=clientAuth\n');
  issue('rogue', 'client', 'rogue-ca', 'extendedKeyUsage=clientAuth\n');
  const read = (f: string): Buffer => readFileSync(path.join(dir, f));
  files.ca = path.join(dir, 'ca.crt');
  files.serverCert = path.join(dir, 'server.crt');
  files.serverKey = path.join(dir, 'server.key');
  caPem = read('ca.crt');
  client = { key: read('client.key'), cert: read('client.crt') };
  rogue = { key: read('rogue.key'), cert: read('rogue.crt') };
  ok = true;
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A free loopback port for tls-port (0 means "no TLS listener" there, as in Redis). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startTls(auth: 'yes' | 'no' | 'optional'): Promise<StartedBroker> {
  return startBroker({
    'tls-port': await freePort(),
    'tls-cert-file': files.serverCert,
    'tls-key-file': files.serverKey,
    'tls-ca-cert-file': files.ca,
    'tls-auth-clients': auth,
  });
}

async function pingOverTls(b: StartedBroker, id: Partial<Pem>): Promise<string> {
  const r = new Redis({
    port: b.broker.tlsPort,
    host: '127.0.0.1',
    tls: { ca: caPem, servername: 'localhost', ...id },
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await r.connect();
    await r.set('k', 'over tls');
    return `${await r.ping()} ${await r.get('k')}`;
  } finally {
    r.disconnect();
  }
}

/** A TLS client the server must refuse: resolves with what it got (nothing) once it is closed. */
function refused(b: StartedBroker, id: Partial<Pem>): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = tls.connect({ port: b.broker.tlsPort, host: '127.0.0.1', ca: caPem, servername: 'localhost', ...id }, () => {
      s.write('*1\r\n$4\r\nPING\r\n');
    });
    s.setEncoding('latin1');
    s.on('data', (d: string) => (got += d));
    s.on('error', () => {});
    s.on('close', () => resolve(got));
  });
}

describe('TLS', () => {
  it('tls-port serves TLS clients while port serves plain ones', async (t) => {
    if (!ok) return t.skip('openssl not found');
    const b = await startTls('yes');
    try {
      assert.equal(await pingOverTls(b, client), 'PONG over tls');
      const plain = new Redis({ port: b.port, host: '127.0.0.1', lazyConnect: true });
      await plain.connect();
      assert.equal(await plain.get('k'), 'over tls');
      plain.disconnect();
    } finally {
      await b.close();
    }
  });

  it('tls-auth-clients yes: a client needs a certificate signed by the CA', async (t) => {
    if (!ok) return t.skip('openssl not found');
    const b = await startTls('yes');
    try {
      assert.equal(await refused(b, {}), '');
      assert.equal(await refused(b, rogue), '');
      assert.equal(await pingOverTls(b, client), 'PONG over tls');
    } finally {
      await b.close();
    }
  });

  it('tls-auth-clients optional: no certificate is fine, a bad one is refused', async (t) => {
    if (!ok) return t.skip('openssl not found');
    const b = await startTls('optional');
    try {
      assert.equal(await pingOverTls(b, {}), 'PONG over tls');
      assert.equal(await pingOverTls(b, client), 'PONG over tls');
      assert.equal(await refused(b, rogue), '');
    } finally {
      await b.close();
    }
  });

  it('tls-auth-clients no: client certificates are not asked for', async (t) => {
    if (!ok) return t.skip('openssl not found');
    const b = await startTls('no');
    try {
      assert.equal(await pingOverTls(b, {}), 'PONG over tls');
    } finally {
      await b.close();
    }
  });

  it('TLS clients go through authentication like plain ones', async (t) => {
    if (!ok) return t.skip('openssl not found');
    const b = await startBroker({
      'tls-port': await freePort(),
      'tls-cert-file': files.serverCert,
      'tls-key-file': files.serverKey,
      'tls-ca-cert-file': files.ca,
      'tls-auth-clients': 'no',
      requirepass: 'pw',
    });
    try {
      const r = new Redis({ port: b.broker.tlsPort, host: '127.0.0.1', tls: { ca: caPem, servername: 'localhost' }, password: 'pw', lazyConnect: true });
      await r.connect();
      assert.equal(await r.call('ACL', 'WHOAMI'), 'default');
      r.disconnect();
    } finally {
      await b.close();
    }
  });

  it('a tls-port without certificate files stops the start', async (t) => {
    if (!ok) return t.skip('openssl not found');
    await assert.rejects(startBroker({ 'tls-port': await freePort() }), /tls-cert-file and tls-key-file are required/);
  });
});
