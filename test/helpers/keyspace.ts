/*
 * Differential checks of keyspace side effects, shared by the per-family suites:
 *
 *  - assertCountersMatch: the keyspace hit/miss counters (INFO stats) and the dirty counter (INFO
 *    persistence rdb_changes_since_last_save) of the reference, as deltas around each command of a
 *    script, against Pigeon's broker.stats and broker.dirty;
 *  - assertEventsMatch: the keyspace events each command fires. The reference must be started with
 *    `--notify-keyspace-events KEA` (it publishes them; we PSUBSCRIBE); Pigeon's broker.notify hook
 *    is recorded. The script must end by writing the key `__end__`, whose event ends the reading.
 *
 * And scanPairs(), a full HSCAN / ZSCAN walk on one side; connectResp() / connectPair(): client pairs switched to RESP2 or RESP3 (HELLO 3), as most suites need.
 */

import assert from 'node:assert/strict';
import type { ClientPair, DiffPair } from './diff.js';
import { parseReply, type RawClient, type Reply } from './raw.js';

/** The named client pairs (default: the 'default' pair), each switched to `resp` (HELLO 3 for RESP3). */
export async function connectResp(pair: DiffPair, resp: 2 | 3, ...names: string[]): Promise<ClientPair[]> {
  const out: ClientPair[] = [];
  for (const name of names.length === 0 ? ['default'] : names) {
    const c = await pair.client(name);
    if (resp === 3) await c.resp3();
    out.push(c);
  }
  return out;
}

/** One named client pair (by default the one both()/cases() use), switched to `resp`. */
export async function connectPair(pair: DiffPair, resp: 2 | 3, name = 'default'): Promise<ClientPair> {
  return (await connectResp(pair, resp, name))[0]!;
}

function infoField(info: string, field: string): number {
  const m = new RegExp(`\\r\\n${field}:(\\d+)\\r\\n`).exec(info);
  if (!m) throw new Error(`INFO has no ${field}`);
  return Number(m[1]);
}

export interface Counters {
  hits: number;
  misses: number;
  dirty: number;
}

export async function referenceCounters(pair: DiffPair): Promise<Counters> {
  const admin = await pair.client('__admin');
  const stats = parseReply(await admin.reference.send('INFO', 'stats')) as string;
  const persistence = parseReply(await admin.reference.send('INFO', 'persistence')) as string;
  return {
    hits: infoField('\r\n' + stats, 'keyspace_hits'),
    misses: infoField('\r\n' + stats, 'keyspace_misses'),
    dirty: infoField('\r\n' + persistence, 'rdb_changes_since_last_save'),
  };
}

export function pigeonCounters(pair: DiffPair): Counters {
  const b = pair.pigeonServer.broker;
  return { hits: b.stats.keyspaceHits, misses: b.stats.keyspaceMisses, dirty: b.dirty };
}

function delta(x: Counters, y: Counters): Counters {
  return { hits: x.hits - y.hits, misses: x.misses - y.misses, dirty: x.dirty - y.dirty };
}

/** Run `script` on the default pair; after each command the counter deltas of both sides must be equal. */
export async function assertCountersMatch(pair: DiffPair, script: readonly string[][]): Promise<void> {
  const c = await pair.client('default');
  for (const step of script) {
    const before = { p: pigeonCounters(pair), r: await referenceCounters(pair) };
    await c.both(...step);
    const after = { p: pigeonCounters(pair), r: await referenceCounters(pair) };
    // The reference's INFO calls read no keys and change nothing, so the deltas are the command's own.
    assert.deepEqual(delta(after.p, before.p), delta(after.r, before.r), `counters after ${step.join(' ')}`);
  }
}

/**
 * Run `script` on the default pair and require the same keyspace events, in order, on both sides.
 * The last command must write the key `__end__`.
 */
export async function assertEventsMatch(pair: DiffPair, script: readonly string[][]): Promise<void> {
  const broker = pair.pigeonServer.broker;
  const pigeonEvents: string[] = [];
  const original = broker.notify.bind(broker);
  broker.notify = (db, event, key) => {
    pigeonEvents.push(`${event} ${key}`);
    original(db, event, key);
  };
  const sub = (await pair.client('events')).reference;
  await sub.send('PSUBSCRIBE', '__keyevent@*__:*');
  try {
    const c = await pair.client('default');
    for (const step of script) await c.both(...step);
    const referenceEvents: string[] = [];
    for (;;) {
      const msg = parseReply(await sub.readPush()) as Reply[];
      const channel = msg[2] as string;
      const key = msg[3] as string;
      referenceEvents.push(`${channel.slice(channel.indexOf(':') + 1)} ${key}`);
      if (key === '__end__') break;
    }
    assert.deepEqual(pigeonEvents, referenceEvents);
  } finally {
    broker.notify = original;
  }
}

/** A full HSCAN or ZSCAN iteration on one side: field (member) to value (score), last seen wins. */
export async function scanPairs(conn: RawClient, cmd: 'HSCAN' | 'ZSCAN', key: string, extra: string[] = []): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  let cursor = '0';
  for (let calls = 0; calls < 10_000; calls++) {
    const reply = parseReply(await conn.send(cmd, key, cursor, ...extra)) as [string, string[]];
    const items = reply[1];
    for (let i = 0; i < items.length; i += 2) seen.set(items[i]!, items[i + 1]!);
    cursor = reply[0];
    if (cursor === '0') return seen;
  }
  throw new Error(`${cmd} did not finish`);
}
