/*
 * The reference server for differential tests: a real redis-server (7.0.15), one per caller.
 *
 * startReference() runs redis-server on a free loopback port, with persistence off and a private
 * temporary working directory, and resolves once it answers PING. close() stops it by PID
 * (SIGTERM, then SIGKILL if it has not exited in time) and removes the directory.
 *
 * When redis-server is not installed, the differential suites are skipped with a visible message,
 * except under CI=true where a missing reference is an error: CI must never pass by skipping.
 * PIGEON_REDIS_SERVER may point at a specific binary instead of the one on PATH.
 *
 * A child left running by a test that forgot close() is killed when the test process exits, and
 * is unref'd so it cannot keep that process alive.
 */

import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface ReferenceServer {
  port: number;
  pid: number;
  /** The server's working directory (removed by close()). */
  dir: string;
  close(): Promise<void>;
}

const START_ATTEMPTS = 5;
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

let warned = false;
/** Running children and their directories, for the exit hook. */
const live = new Map<ChildProcess, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [child, dir] of live) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Path of the redis-server binary, or null when it is not installed. */
export function findRedisServer(): string | null {
  const override = process.env.PIGEON_REDIS_SERVER;
  if (override) return override;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'redis-server');
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function missing(): null {
  if (process.env.CI === 'true') {
    throw new Error('redis-server (the Redis 7.0.15 reference) is missing under CI=true');
  }
  if (!warned) {
    warned = true;
    console.warn('# SKIP differential: redis-server not found; install redis-server to run');
  }
  return null;
}

/** The reference's version (`7.0.15`), or null when redis-server is not installed. */
export async function referenceVersion(): Promise<string | null> {
  const bin = findRedisServer();
  if (bin === null) return missing();
  const out = await new Promise<string>((resolve, reject) => {
    execFile(bin, ['--version'], (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
  const m = /v=(\d+\.\d+\.\d+)/.exec(out);
  if (!m) throw new Error(`cannot read the version from ${JSON.stringify(out)}`);
  return m[1]!;
}

/** A port that was free a moment ago (bind to 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** One PING over a fresh connection: true on +PONG, false on refusal or anything else. */
function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    let got = '';
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (got.includes('\r\n')) done(got === '+PONG\r\n');
    });
    sock.on('close', () => done(false));
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || exited(child)) return;
  child.ref();
  process.kill(child.pid, 'SIGTERM');
  if (!(await waitExit(child, STOP_TIMEOUT_MS))) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // exited between the check and the kill
    }
    await waitExit(child, STOP_TIMEOUT_MS);
  }
}

/**
 * Start a reference redis-server. Resolves with its port and a close() function, or with null
 * (after a one-time warning) when redis-server is not installed.
 */
export async function startReference(extraArgs: string[] = [], options: { port?: number } = {}): Promise<ReferenceServer | null> {
  const bin = findRedisServer();
  if (bin === null) return missing();
  installExitHook();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pigeon-ref-'));
  let lastFailure = '';
  try {
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      const port = options.port ?? (await freePort());
      const args = [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--save', '',
        '--appendonly', 'no',
        '--daemonize', 'no',
        '--dir', dir,
        '--enable-debug-command', 'yes',
        ...extraArgs,
      ];
      const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      live.set(child, dir);
      // Keep the tail of the log for error messages; reading also keeps the pipes from filling.
      let log = '';
      const keep = (d: Buffer): void => {
        log = (log + d.toString('latin1')).slice(-4000);
      };
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      let spawnError: Error | null = null;
      child.once('error', (e) => {
        spawnError = e;
      });

      const deadline = Date.now() + READY_TIMEOUT_MS;
      let ready = false;
      while (!ready && !exited(child) && spawnError === null && Date.now() < deadline) {
        ready = await pingOnce(port);
        if (!ready && !exited(child)) {
          // Poll: wait for the next log line or a short tick, whichever comes first.
          await new Promise<void>((resolve) => {
            const t = setTimeout(done, 20);
            function done(): void {
              clearTimeout(t);
              child.stdout!.off('data', done);
              child.off('exit', done);
              resolve();
            }
            child.stdout!.once('data', done);
            child.once('exit', done);
          });
        }
      }
      if (spawnError !== null) throw spawnError;
      if (ready) {
        child.unref();
        (child.stdout as net.Socket | null)?.unref();
        (child.stderr as net.Socket | null)?.unref();
        const pid = child.pid!;
        let closing: Promise<void> | null = null;
        return {
          port,
          pid,
          dir,
          close(): Promise<void> {
            closing ??= (async () => {
              await stop(child);
              live.delete(child);
              await rm(dir, { recursive: true, force: true });
            })();
            return closing;
          },
        };
      }
      lastFailure = `attempt ${attempt + 1} on port ${port}: ${exited(child) ? 'exited' : 'not ready in time'}\n${log}`;
      await stop(child);
      live.delete(child);
    }
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(`redis-server did not start after ${START_ATTEMPTS} attempts; last: ${lastFailure}`);
}
