/*
 * Servers that a test kills with SIGKILL and starts again on the same port and data directory,
 * with the AOF on and `appendfsync always`: the restart-under-load suites of the toolkit.
 *
 *   pigeonServer()    Pigeon's broker as a child process (through tsx)
 *   embeddedServer()  Pigeon's broker in this process (kill() is a close())
 *   redisServer()     redis-server 7.0.15 (null when it is not installed)
 *
 * close() stops the server by PID and removes its directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startBroker, type StartedBroker } from './broker.js';
import { findRedisServer, freePort, startReference } from './reference.js';
import { waitFor } from './wait.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Restartable {
  port: number;
  /** SIGKILL the server (a close() for the embedded one) and wait until it is gone. */
  kill(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Whether a server answers PING on the port now (one attempt, no retries). */
export async function pingable(port: number): Promise<boolean> {
  const c = new Redis({ port, host: '127.0.0.1', retryStrategy: () => null, maxRetriesPerRequest: 0, lazyConnect: true });
  c.on('error', () => {});
  try {
    await c.connect();
    return (await c.call('PING')) === 'PONG';
  } catch {
    return false;
  } finally {
    c.disconnect();
  }
}

function restartable(port: number, dir: string, start: () => Promise<void>, kill: () => Promise<void>): Restartable {
  return {
    port,
    kill,
    start,
    async close() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Pigeon's broker as a child process (through tsx), AOF with appendfsync always. */
export async function pigeonServer(name: string): Promise<Restartable> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `pigeon-${name}-`));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const kill = async (): Promise<void> => {
    const c = child;
    child = null;
    if (c === null || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await exited;
  };
  const start = async (): Promise<void> => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'server', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--loglevel', 'warning'],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    await waitFor('the broker to answer PING', () => pingable(port), 60_000);
  };
  await start();
  return restartable(port, dir, start, kill);
}

/** The embedded broker (in this process) with AOF; kill() is a close, start() a new broker on the same port and directory. */
export async function embeddedServer(name: string): Promise<Restartable> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `pigeon-${name}-embedded-`));
  let broker: StartedBroker | null = await startBroker({ appendonly: 'yes', appendfsync: 'always', dir });
  const port = broker.port;
  const kill = async (): Promise<void> => {
    const b = broker;
    broker = null;
    await b?.close();
  };
  const start = async (): Promise<void> => {
    broker = await startBroker({ appendonly: 'yes', appendfsync: 'always', dir, port });
  };
  return restartable(port, dir, start, kill);
}

/** redis-server with AOF (appendfsync always) in a directory that outlives each process. */
export async function redisServer(name: string): Promise<Restartable | null> {
  if (findRedisServer() === null) return null;
  const dir = await mkdtemp(path.join(os.tmpdir(), `pigeon-${name}-redis-`));
  const port = await freePort();
  let server: Awaited<ReturnType<typeof startReference>> = null;
  const start = async (): Promise<void> => {
    server = await startReference(['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir], { port });
  };
  const kill = async (): Promise<void> => {
    const s = server;
    server = null;
    if (s === null) return;
    process.kill(s.pid, 'SIGKILL');
    await waitFor('redis-server to exit', async () => !(await pingable(port)));
    await s.close();
  };
  await start();
  return restartable(port, dir, start, kill);
}
