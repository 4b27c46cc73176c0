/*
 * Shared by the persistence suites: a data directory per test, a command helper over RawClient,
 * and dataset dumps that read every key of every database through the protocol, so that Pigeon
 * and redis-server can be compared after a restart (or after loading each other's files).
 *
 * dump() is deliberately protocol-only: type, value (sets and hashes sorted, zsets with scores as
 * the server formats them), absolute expiry (PEXPIRETIME), and for streams XRANGE plus XINFO
 * STREAM FULL without its time-dependent fields.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { RawClient, encodeCommand, parseReplies, parseReply, type Reply } from '../helpers/raw.js';
import { startBroker, type StartedBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';

export function tempDir(prefix = 'pigeon-aof-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function cmd(c: RawClient, ...args: string[]): Promise<Reply> {
  return parseReply(await c.send(...args));
}

/** Send many commands in one write and read all replies. */
export async function pipeline(c: RawClient, cmds: readonly string[][]): Promise<Reply[]> {
  const raw = await c.sendRaw(Buffer.concat(cmds.map((a) => encodeCommand(a))), cmds.length);
  return parseReplies(raw);
}

/** A broker with the AOF on in `dir` (options win). */
export function startAofBroker(dir: string, options: Record<string, unknown> = {}): Promise<StartedBroker> {
  return startBroker({ dir, appendonly: 'yes', 'enable-debug-command': 'yes', ...options });
}

export function poll(cond: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  return waitFor(what, cond, timeoutMs);
}

export async function infoField(c: RawClient, field: string): Promise<string | undefined> {
  const info = (await cmd(c, 'INFO', 'persistence')) as string;
  const m = new RegExp(`(?:^|\\r\\n)${field}:([^\\r]*)`).exec(info);
  return m?.[1];
}

/**
 * Dumps every database of `a`, closes `clients` and `a`, starts a broker on the same directory and
 * asserts it holds the same data. Returns the dump.
 */
export async function assertSameAfterRestart(a: StartedBroker, dir: string, clients: readonly RawClient[] = []): Promise<Record<string, unknown>> {
  const before = await dump(a.port);
  for (const c of clients) await c.close();
  await a.close();
  const b = await startAofBroker(dir);
  try {
    assert.deepEqual(await dump(b.port), before);
  } finally {
    await b.close();
  }
  return before;
}

/** Wait for a running BGREWRITEAOF to finish (and at least `rewrites` to have completed). */
export async function waitRewrite(c: RawClient, rewrites = 1): Promise<void> {
  await poll(async () => (await infoField(c, 'aof_rewrite_in_progress')) === '0' && Number(await infoField(c, 'aof_rewrites')) >= rewrites, 'the AOF rewrite');
}

function sortedPairs(flat: Reply[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([String(flat[i]), String(flat[i + 1])]);
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
}

/**
 * Drop the fields of XINFO STREAM FULL that depend on the clock or on node layout, and a group's
 * entries-read / lag: Redis 7.0 logs XREADGROUP as XCLAIM + XGROUP SETID without ENTRIESREAD, so
 * after a reload from incr files they read nil in redis-server too (a rewrite keeps them).
 */
function cleanStreamInfo(r: Reply): Reply {
  if (Array.isArray(r)) {
    const out: Reply[] = [];
    for (let i = 0; i < r.length; i++) {
      const k = r[i];
      if (typeof k === 'string' && (k === 'seen-time' || k === 'active-time' || k === 'radix-tree-keys' || k === 'radix-tree-nodes' || k === 'entries-read' || k === 'lag') && i + 1 < r.length) {
        i++;
        continue;
      }
      out.push(cleanStreamInfo(r[i]!));
    }
    return out;
  }
  return r;
}

/** Every key of every database: `db:key` -> description. */
export async function dump(port: number, databases = 16): Promise<Record<string, unknown>> {
  const c = await RawClient.connect(port);
  const out: Record<string, unknown> = {};
  try {
    for (let db = 0; db < databases; db++) {
      await cmd(c, 'SELECT', String(db));
      const keys: string[] = [];
      let cursor = '0';
      do {
        const r = (await cmd(c, 'SCAN', cursor, 'COUNT', '1000')) as [string, string[]];
        cursor = r[0];
        keys.push(...r[1]);
      } while (cursor !== '0');
      for (const key of keys.sort()) {
        const type = (await cmd(c, 'TYPE', key)) as string;
        let value: unknown;
        if (type === 'string') value = await cmd(c, 'GET', key);
        else if (type === 'list') value = await cmd(c, 'LRANGE', key, '0', '-1');
        else if (type === 'set') value = ((await cmd(c, 'SMEMBERS', key)) as string[]).sort();
        else if (type === 'zset') value = await cmd(c, 'ZRANGE', key, '0', '-1', 'WITHSCORES');
        else if (type === 'hash') value = sortedPairs((await cmd(c, 'HGETALL', key)) as Reply[]);
        else if (type === 'stream') value = [await cmd(c, 'XRANGE', key, '-', '+'), cleanStreamInfo(await cmd(c, 'XINFO', 'STREAM', key, 'FULL'))];
        else if (type === 'none') continue;
        out[`${db}:${key}`] = { type, value, expire: await cmd(c, 'PEXPIRETIME', key) };
      }
    }
  } finally {
    await c.close();
  }
  return out;
}
