/*
 * The pattern index (src/server/pubsub/patterns.ts): PUBLISH finds the matching patterns by
 * walking a trie of literal prefixes instead of testing every pattern.
 *
 *   - as a data structure: for random patterns and channels it finds exactly the patterns
 *     stringmatchlen matches (brute force over all of them), through adds and removes;
 *   - end to end: 10,000 patterns that cannot match a channel do not slow PUBLISH on it by more
 *     than 2x against the same broker without them. Testing every pattern (what Redis does) costs
 *     ~10,000 glob matches per PUBLISH and fails this by an order of magnitude; the bound is loose
 *     for noise (best of several runs each) but real.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import { literalPrefixLength, PatternIndex } from '../../src/server/pubsub/patterns.js';
import { stringmatchlen } from '../../src/server/keyspace/glob.js';
import { startBroker } from '../helpers/broker.js';
import { encodeCommand, RawClient } from '../helpers/raw.js';
import { waitUntil } from '../helpers/diff.js';

function matches(index: PatternIndex<number>, channel: string): string[] {
  const out: string[] = [];
  index.match(channel, (pattern) => out.push(pattern));
  return out.sort();
}

test('PatternIndex: the literal prefix ends at the first *, ?, [ or \\', () => {
  assert.equal(literalPrefixLength('news.*'), 5);
  assert.equal(literalPrefixLength('a?b'), 1);
  assert.equal(literalPrefixLength('[ab]c'), 0);
  assert.equal(literalPrefixLength('ab\\*'), 2);
  assert.equal(literalPrefixLength('plain'), 5);
  assert.equal(literalPrefixLength(''), 0);
  assert.equal(literalPrefixLength('a]b^-c'), 6);
});

test('PatternIndex: finds exactly the patterns stringmatchlen matches, through adds and removes', () => {
  const pattern = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '[', ']', '^', '-', '\\', '\xff'), maxLength: 7 });
  const channel = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '[', ']', '-', '\\', '\xff'), maxLength: 7 });
  fc.assert(
    fc.property(fc.array(pattern, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 15 }), fc.array(channel, { minLength: 1, maxLength: 10 }), (patterns, removals, channels) => {
      const index = new PatternIndex<number>();
      const live = new Map<string, Set<number>>();
      patterns.forEach((p, i) => {
        const sub = i % 3;
        const added = index.add(p, sub);
        const set = live.get(p) ?? new Set();
        assert.equal(added, !set.has(sub));
        set.add(sub);
        live.set(p, set);
      });
      for (const r of removals) {
        if (patterns.length === 0) break;
        const p = patterns[r % patterns.length]!;
        const sub = r % 3;
        assert.equal(index.remove(p, sub), live.get(p)?.has(sub) ?? false);
        live.get(p)?.delete(sub);
        if (live.get(p)?.size === 0) live.delete(p);
      }
      assert.equal(index.size, live.size);
      assert.deepEqual([...index.entries()].map(([p]) => p).sort(), [...live.keys()].sort());
      for (const ch of channels) {
        const expected = [...live.keys()].filter((p) => stringmatchlen(p, ch)).sort();
        assert.deepEqual(matches(index, ch), expected, `channel ${JSON.stringify(ch)}`);
      }
    }),
    { numRuns: 2000 },
  );
});

test('PatternIndex: removing the last pattern prunes the trie; subscribers are per pattern', () => {
  const index = new PatternIndex<string>();
  index.add('news.sport.*', 'a');
  index.add('news.*', 'a');
  index.add('news.*', 'b');
  assert.equal(index.size, 2);
  assert.deepEqual([...index.get('news.*')!], ['a', 'b']);
  assert.equal(index.remove('news.sport.*', 'b'), false);
  assert.equal(index.remove('news.sport.*', 'a'), true);
  assert.equal(index.remove('news.*', 'a'), true);
  assert.equal(index.size, 1);
  assert.equal(index.remove('news.*', 'b'), true);
  assert.equal(index.size, 0);
  assert.deepEqual([...index.entries()], []);
  assert.equal((index as unknown as { root: { children: unknown; count: number } }).root.children, null);
});

/** Time `n` pipelined PUBLISHes on `channel` (in windows of 256), replies read. */
async function publishTime(pub: RawClient, channel: string, n: number): Promise<number> {
  const window = 256;
  const batch = Buffer.concat(Array.from({ length: window }, () => encodeCommand(['PUBLISH', channel, 'payload'])));
  const t0 = performance.now();
  for (let sent = 0; sent < n; sent += window) await pub.sendRaw(batch, window);
  return performance.now() - t0;
}

async function bestOf(runs: number, fn: () => Promise<number>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, await fn());
  return best;
}

test('PUBLISH: 10,000 patterns that cannot match the channel cost less than 2x against none', async () => {
  const { broker, port, close } = await startBroker();
  const pub = await RawClient.connect(port);
  const patterns = await RawClient.connect(port);
  // A subscriber that reads and drops everything: one channel and one matching pattern, so the
  // measured PUBLISH delivers two frames and walks the pattern index.
  const sub = net.connect({ port, host: '127.0.0.1' });
  sub.on('data', () => {});
  sub.on('error', () => {});
  try {
    await new Promise<void>((resolve) => sub.once('connect', resolve));
    sub.write(encodeCommand(['SUBSCRIBE', 'news.sport']));
    sub.write(encodeCommand(['PSUBSCRIBE', 'news.*']));
    await waitUntil(() => broker.pubsub.patterns.size === 1 && broker.pubsub.channels.size === 1, { what: 'the subscriber' });
    assert.equal((await pub.send('PUBLISH', 'news.sport', 'x')).toString('latin1'), ':2\r\n');

    const n = 20_000;
    await publishTime(pub, 'news.sport', n); // warm up
    const baseline = await bestOf(3, () => publishTime(pub, 'news.sport', n));

    // 10,000 patterns on another connection, none of which can match news.sport: other
    // prefixes, siblings under the same prefix, and longer ones below the channel's end.
    const args: string[] = ['PSUBSCRIBE'];
    for (let i = 0; i < 10_000; i++) {
      switch (i % 4) {
        case 0: args.push(`user:${i}:*`); break;
        case 1: args.push(`news.${i}*`); break;
        case 2: args.push(`news.sport.${i}.?`); break;
        default: args.push(`chat.[a-z]${i}`); break;
      }
    }
    patterns.write(encodeCommand(args));
    await waitUntil(() => broker.pubsub.patterns.size === 10_001, { what: 'the 10,000 patterns' });
    assert.equal((await pub.send('PUBLISH', 'news.sport', 'x')).toString('latin1'), ':2\r\n');

    await publishTime(pub, 'news.sport', n); // warm up
    const loaded = await bestOf(3, () => publishTime(pub, 'news.sport', n));
    assert.ok(
      loaded < 2 * baseline,
      `${n} PUBLISH took ${loaded.toFixed(0)} ms with 10,000 non-matching patterns, ${baseline.toFixed(0)} ms without`,
    );
  } finally {
    sub.destroy();
    await pub.close();
    await patterns.close();
    await close();
  }
});
