/*
 * Transport security and the loopback rule.
 *
 * TLS (Redis's tls.c settings, node:tls underneath): `tls-port` opens a second listener next to
 * the plain `port`; both feed the same accept path, so a TLS client is an ordinary client once
 * the handshake is done. `tls-cert-file` / `tls-key-file` (with `tls-key-file-pass`) are the
 * server's identity; `tls-ca-cert-file` is what client certificates are verified against;
 * `tls-auth-clients`:
 *   yes       a client must present a certificate signed by the CA (the handshake fails otherwise)
 *   optional  a client may present none; one it presents must verify
 *   no        client certificates are neither requested nor checked
 * `tls-protocols` ("TLSv1.2 TLSv1.3"), `tls-ciphers` and `tls-ciphersuites` narrow the handshake.
 *
 * Protected mode (clientAcceptHandler): with `protected-mode yes` and no password for the default
 * user, a connection from outside the loopback interface gets PROTECTED_MODE_DENIED and is closed.
 */

import { readFileSync } from 'node:fs';
import type net from 'node:net';
import tls from 'node:tls';
import type { Broker } from './broker.js';

export const PROTECTED_MODE_DENIED =
  "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

/** connIsLocal: 127.0.0.0/8 or ::1 (IPv4-mapped forms included); no address = a local socket. */
export function isLoopback(addr: string | undefined): boolean {
  if (addr === undefined || addr === '') return true;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return a.startsWith('127.') || a === '::1';
}

function readPem(broker: Broker, param: string): Buffer | undefined {
  const file = broker.config.get(param);
  if (file === '') return undefined;
  try {
    return readFileSync(file);
  } catch (e) {
    throw new Error(`Failed to configure TLS: cannot read ${param} '${file}': ${(e as Error).message}`);
  }
}

/** TLS versions of `tls-protocols` as node:tls bounds. */
function protocolBounds(spec: string): Pick<tls.SecureContextOptions, 'minVersion' | 'maxVersion'> {
  const names = spec.split(/\s+/).filter((p) => p !== '');
  if (names.length === 0) return { minVersion: 'TLSv1.2' };
  const order: tls.SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const picked = order.filter((v) => names.some((n) => n.toLowerCase() === v.toLowerCase()));
  if (picked.length === 0) throw new Error(`Failed to configure TLS: invalid tls-protocols '${spec}'`);
  return { minVersion: picked[0], maxVersion: picked[picked.length - 1] };
}

/** Open the TLS listener on `tls-port`, on the same address as the plain one. */
export function listenTls(broker: Broker, onSocket: (s: net.Socket) => void): Promise<tls.Server> {
  const cfg = broker.config;
  const cert = readPem(broker, 'tls-cert-file');
  const key = readPem(broker, 'tls-key-file');
  if (!cert || !key) return Promise.reject(new Error('Failed to configure TLS: tls-cert-file and tls-key-file are required with tls-port'));
  const ca = readPem(broker, 'tls-ca-cert-file');
  const auth = cfg.get('tls-auth-clients');
  const requestCert = auth !== 'no';
  const options: tls.TlsOptions = {
    cert,
    key,
    ca,
    requestCert,
    rejectUnauthorized: auth === 'yes',
    ...protocolBounds(cfg.get('tls-protocols')),
  };
  const pass = cfg.get('tls-key-file-pass');
  if (pass !== '') options.passphrase = pass;
  if (cfg.get('tls-ciphers') !== '') options.ciphers = cfg.get('tls-ciphers');
  if (cfg.get('tls-prefer-server-ciphers') === 'yes') options.honorCipherOrder = true;
  const binds = cfg.get('bind').split(/\s+/).filter((h) => h && h !== '-::*' && h !== '*');
  const host = binds[0] ?? (cfg.get('bind').includes('*') ? undefined : '127.0.0.1');
  return new Promise((resolve, reject) => {
    const server = tls.createServer(options, (s) => {
      // `optional`: no certificate is fine, a certificate that does not verify is not.
      if (auth === 'optional' && !s.authorized && s.getPeerCertificate() && Object.keys(s.getPeerCertificate()).length > 0) {
        s.destroy();
        return;
      }
      onSocket(s);
    });
    server.on('tlsClientError', (err) => broker.log.verbose(`Error accepting a client connection: ${err.message}`));
    server.once('error', reject);
    server.listen({ port: cfg.num('tls-port'), host: host?.replace(/^-/, ''), backlog: cfg.num('tcp-backlog') }, () => {
      server.off('error', reject);
      server.on('error', (err) => broker.log.warning(`TLS server socket error: ${err.message}`));
      resolve(server);
    });
  });
}
