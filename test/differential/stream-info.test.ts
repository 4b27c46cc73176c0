/*
 * Differential: XINFO STREAM's node layout fields (radix-tree-keys, radix-tree-nodes) for streams
 * of every size and ID pattern, after XTRIM / XADD trimming and after XDEL empties nodes, against
 * redis-server 7.0.15. radix-tree-nodes is the node count of Redis's rax holding the stream's node
 * keys; Pigeon computes it from the keys (raxNodeCount, proven against a port of rax.c in
 * test/server/types/stream-rax.test.ts), and this file checks the result on the real thing.
 *
 * Streams are loaded by pipelining XADDs (their replies compared raw, all at once). For `XADD *`
 * the IDs come from Pigeon's clock: Pigeon's stream is built with `*`, and the reference's by
 * replaying the IDs Pigeon generated, so both hold the same entries. Nothing is normalised:
 * XINFO STREAM is compared whole, in RESP2 and RESP3, after every step.
 */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pairSuite, type ClientPair, type DiffPair } from '../helpers/diff.js';
import { connectPair } from '../helpers/keyspace.js';
import { encodeCommand, parseReplies, type Reply } from '../helpers/raw.js';
import { prng } from '../helpers/prng.js';

const CHUNK = 5000;

/** Send commands to both sides pipelined, CHUNK at a time, and require the same replies. */
async function load(c: ClientPair, cmds: readonly string[][]): Promise<void> {
  for (let i = 0; i < cmds.length; i += CHUNK) {
    const part = cmds.slice(i, i + CHUNK);
    await c.bothRaw(Buffer.concat(part.map((x) => encodeCommand(x))), part.length);
  }
}

/** `XADD key *` n times on Pigeon, then the same IDs explicitly on the reference. */
async function loadStar(c: ClientPair, key: string, n: number): Promise<void> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += CHUNK) {
    const m = Math.min(CHUNK, n - i);
    const bytes = Buffer.concat(Array.from({ length: m }, (_, j) => encodeCommand(['XADD', key, '*', 'f', String(i + j)])));
    const replies = parseReplies(await c.pigeon.sendRaw(bytes, m)) as Reply[];
    for (const id of replies) ids.push(String(id));
  }
  const replay = ids.map((id, i) => ['XADD', key, id, 'f', String(i)]);
  for (let i = 0; i < replay.length; i += CHUNK) {
    const part = replay.slice(i, i + CHUNK);
    const got = parseReplies(await c.reference.sendRaw(Buffer.concat(part.map((x) => encodeCommand(x))), part.length));
    assert.deepEqual(got, part.map((x) => x[2]), 'the reference accepts the IDs Pigeon generated');
  }
}

/** XINFO STREAM compared whole in RESP2 and RESP3; returns radix-tree-nodes (for the test's own sanity checks). */
async function info(r2: ClientPair, r3: ClientPair, key: string): Promise<number> {
  await r3.both('XINFO', 'STREAM', key);
  const raw = await r2.both('XINFO', 'STREAM', key);
  const flat = parseReplies(raw)[0] as Reply[];
  return Number(flat[flat.indexOf('radix-tree-nodes') + 1]);
}

async function clients(pair: DiffPair): Promise<[ClientPair, ClientPair]> {
  return [await connectPair(pair, 2, 'r2'), await connectPair(pair, 3, 'r3')];
}

/** `XADD key <id(i)> f <i>` for i in [0, n). */
function adds(key: string, n: number, id: (i: number) => string): string[][] {
  return Array.from({ length: n }, (_, i) => ['XADD', key, id(i), 'f', String(i)]);
}

const SIZES = [1, 2, 3, 100, 101, 1000, 100000];

/** ID patterns: sequence steps in one ms, one ms apart, big and huge ms gaps, wide sequences. */
const PATTERNS: Array<[string, (i: number) => string]> = [
  ['small explicit IDs 0-<i+1>', (i) => `0-${i + 1}`],
  ['one ms apart', (i) => `${i + 1}-0`],
  ['big ms gaps', (i) => `${BigInt(i + 1) * 1234567891n}-${i}`],
  ['huge ms gaps', (i) => `${BigInt(i + 1) * 18446744073709n}-${i * 7}`],
  ['wide sequences', (i) => `${1700000000000 + Math.floor(i / 37)}-${(i % 37) * 4294967296}`],
];

describe('differential: XINFO STREAM radix-tree-nodes', () => {
  const suite = pairSuite();

  it('XADD *: streams of 1, 2, 3, 100, 101, 1000 and 100000 entries', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const [r2, r3] = await clients(pair);
    for (const n of SIZES) {
      const key = `star${n}`;
      await loadStar(r2, key, n);
      await info(r2, r3, key);
    }
  });

  it('XADD with explicit IDs: every size and ID pattern', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const [r2, r3] = await clients(pair);
    const counts = new Set<number>();
    for (const [name, id] of PATTERNS) {
      for (const n of SIZES) {
        // 100000 entries for two patterns only (the load dominates the run time).
        if (n === 100000 && name !== 'small explicit IDs 0-<i+1>' && name !== 'big ms gaps') continue;
        const key = `${name}:${n}`;
        await load(r2, adds(key, n, id));
        counts.add(await info(r2, r3, key));
      }
    }
    // Streams of up to 100 entries are one node (2 rax nodes); the larger ones all differ.
    assert.ok(counts.size >= 8, `the patterns give different tree shapes: ${[...counts].join(' ')}`);
  });

  it('XTRIM and XADD trimming remove the first nodes: MAXLEN, MAXLEN ~, MINID, LIMIT', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const [r2, r3] = await clients(pair);
    for (const [name, id] of PATTERNS) {
      const key = `trim:${name}`;
      const ids = Array.from({ length: 5000 }, (_, i) => id(i));
      await load(r2, adds(key, 5000, id));
      await info(r2, r3, key);
      await r2.both('XTRIM', key, 'MAXLEN', '4321');
      await info(r2, r3, key);
      await r2.both('XTRIM', key, 'MAXLEN', '~', '3000');
      await info(r2, r3, key);
      await r2.both('XTRIM', key, 'MINID', ids[2555]!);
      await info(r2, r3, key);
      await r2.both('XTRIM', key, 'MINID', '~', ids[3333]!, 'LIMIT', '300');
      await info(r2, r3, key);
      await r2.both('XTRIM', key, 'MAXLEN', '1');
      await info(r2, r3, key);
      await r2.both('XTRIM', key, 'MAXLEN', '0');
      await info(r2, r3, key);
      // Nodes opened and trimmed in the same commands.
      const more = Array.from({ length: 3000 }, (_, i) => ['XADD', key, 'MAXLEN', '~', '700', id(5000 + i), 'f', String(i)]);
      await load(r2, more);
      await info(r2, r3, key);
    }
  });

  it('XDEL emptying nodes: the first, the last, the middle, every other, then more XADDs', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const [r2, r3] = await clients(pair);
    for (const [name, id] of PATTERNS) {
      const key = `del:${name}`;
      const ids = Array.from({ length: 3000 }, (_, i) => id(i));
      await load(r2, adds(key, 3000, id));
      /** XDEL the entries of node k (100 entries a node with the default stream-node-max-entries). */
      const delNode = async (k: number): Promise<void> => {
        await r2.both('XDEL', key, ...ids.slice(k * 100, k * 100 + 100));
      };
      await delNode(0);
      await info(r2, r3, key);
      await delNode(29);
      await info(r2, r3, key);
      await delNode(15);
      await info(r2, r3, key);
      for (let k = 2; k < 28; k += 2) await delNode(k);
      await info(r2, r3, key);
      // The tail node is gone: new entries go to the node before it, until it is full.
      await load(r2, adds(key, 250, (i) => id(3000 + i)));
      await info(r2, r3, key);
      for (let k = 1; k < 29; k += 2) if (k !== 15) await delNode(k);
      await info(r2, r3, key);
    }
  });

  it('XDEL of random nodes interleaved with XADD and XTRIM (seeded)', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const [r2, r3] = await clients(pair);
    const r = prng(20260707);
    const key = 'mixed';
    const ids: string[] = [];
    let ms = 1700000000000;
    let seq = 0;
    const next = (): string => {
      const q = r();
      if (q < 0.3) seq += 1;
      else if (q < 0.6) seq += 1 + Math.floor(r() * 5000);
      else {
        ms += q < 0.9 ? 1 + Math.floor(r() * 100) : Math.floor(r() * 1e9);
        seq = 0;
      }
      return `${ms}-${seq}`;
    };
    let first = 0;
    for (let round = 0; round < 30; round++) {
      const batch: string[][] = [];
      for (let i = 0; i < 700; i++) {
        const id = next();
        ids.push(id);
        batch.push(['XADD', key, id, 'f', String(ids.length)]);
      }
      await load(r2, batch);
      // Empty a few nodes (whole 100-entry ranges), and sometimes trim the front.
      for (let k = 0; k < 3; k++) {
        const node = first + Math.floor(r() * Math.floor((ids.length - first) / 100)) * 100;
        await r2.both('XDEL', key, ...ids.slice(node, node + 100));
      }
      if (round % 4 === 3) {
        first = Math.min(ids.length - 1, first + 500 + Math.floor(r() * 1000));
        await r2.both('XTRIM', key, 'MINID', ids[first]!);
      }
      await info(r2, r3, key);
    }
  });
});

describe('differential: XINFO STREAM radix-tree-nodes, one entry a node', () => {
  const suite = pairSuite({ broker: { 'stream-node-max-entries': 1 }, referenceArgs: ['--stream-node-max-entries', '1'] });

  it('every entry its own rax key: sizes, patterns, XDEL and XTRIM', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const [r2, r3] = await clients(pair);
    const r = prng(77);
    for (const [name, id] of PATTERNS) {
      const key = `one:${name}`;
      const ids = Array.from({ length: 10000 }, (_, i) => id(i));
      let have = 0;
      for (const n of [1, 2, 3, 100, 1000, 10000]) {
        await load(r2, adds(key, n - have, (i) => ids[have + i]!));
        have = n;
        await info(r2, r3, key);
      }
      const victims = Array.from({ length: 1500 }, () => ids[Math.floor(r() * ids.length)]!);
      await r2.both('XDEL', key, ...victims);
      await info(r2, r3, key);
      await r2.both('XTRIM', key, 'MAXLEN', '5000');
      await info(r2, r3, key);
      await r2.both('XTRIM', key, 'MINID', ids[9990]!);
      await info(r2, r3, key);
      await r2.both('XDEL', key, ...ids.slice(9990));
      await info(r2, r3, key);
    }
  });
});
