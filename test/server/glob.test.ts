/*
 * The Redis glob matcher (src/server/keyspace/glob.ts), checked three ways:
 *
 *   1. a table of known results, each recorded from redis-server 7.0.15 with KEYS (one key per
 *      case); it runs without a reference server;
 *   2. random patterns and keys over an alphabet rich in metacharacters, compared with KEYS on a
 *      live redis-server (the pattern `*` alone is left out: KEYS answers it without matching);
 *   3. the nocase variant, compared with CONFIG GET on a live redis-server, which matches
 *      parameter names case-insensitively.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { stringmatchlen } from '../../src/server/keyspace/glob.js';
import { parseReply, RawClient, type Reply } from '../helpers/raw.js';
import { startReference, type ReferenceServer } from '../helpers/reference.js';
import { prng } from '../helpers/prng.js';

/** [pattern, subject, does redis-server 7.0.15 match it]. */
const KNOWN: readonly [string, string, boolean][] = [
  // plain text and the empty cases (an empty subject never matches a non-empty pattern)
  ['', '', true],
  ['', 'a', false],
  ['*', '', false],
  ['**', '', false],
  ['*?', '', false],
  ['?', '', false],
  ['hello', 'hello', true],
  ['hello', 'hell', false],
  // stars
  ['**', 'abc', true],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['*c', 'abc', true],
  ['*b*', 'abc', true],
  ['a*b*c', 'axxbyyc', true],
  ['a*b*c', 'axxbyy', false],
  ['a*b', 'ab', true],
  ['a*b', 'abb', true],
  ['a*b', 'abba', false],
  ['a**b', 'ab', true],
  ['*?', 'a', true],
  ['?*', 'a', true],
  ['*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaa', false],
  ['*a*a*a*b', 'aaaaaaaaaaaaaaaaaaab', true],
  // question marks
  ['?', 'a', true],
  ['??', 'a', false],
  ['h?llo', 'hello', true],
  ['a?b', 'a\x00b', true],
  // sets, negated sets, ranges (in either order)
  ['h[ae]llo', 'hallo', true],
  ['h[ae]llo', 'hillo', false],
  ['h[^e]llo', 'hallo', true],
  ['h[^e]llo', 'hello', false],
  ['h[a-b]llo', 'hbllo', true],
  ['h[b-a]llo', 'hallo', true],
  ['[z-a]', 'm', true],
  ['[a-]', '-', false],
  ['[a-]', 'a', true],
  ['[-a]', '-', true],
  ['[[]', '[', true],
  ['[a]]', ']', false],
  ['[a]]', 'a]', true],
  ['[\x00]', '\x00', true],
  // unclosed and empty sets
  ['[]', 'a', false],
  ['[]a]', 'a]', false],
  ['[]a]', ']', false],
  ['[', '[', false],
  ['[a', 'a', true],
  ['[a', 'b', false],
  ['[abc', 'c', true],
  ['[a-', 'a', true],
  ['[a-', '-', true],
  ['[a-', 'b', false],
  ['[^', 'x', true],
  ['[^', 'xy', false],
  ['a[', 'a', false],
  ['a[', 'a[', false],
  ['*[', 'a[', false],
  ['*[^]', '', false],
  ['*[^]', 'x', true],
  // escapes, outside and inside sets
  ['\\*', '*', true],
  ['\\*', 'a', false],
  ['\\a', 'a', true],
  ['\\\\', '\\', true],
  ['\\', '\\', true],
  ['a\\', 'a\\', true],
  ['a\\', 'a', false],
  ['*\\', 'x\\', true],
  ['[\\]]', ']', true],
  ['[\\-]', '-', true],
  ['[a\\-z]', 'b', false],
  ['[a\\-z]', '-', true],
  ['[\\', '\\', true],
  ['[\\', 'x', false],
  // ranges compare bytes as signed chars (x86): 0x80..0xff sort below 0x00
  ['[a-\xe9]', 'b', false],
  ['[a-\xe9]', 'A', true],
  ['[a-\xe9]', '\xf0', true],
  ['[\x80-\xff]', '\x90', true],
  ['[\x80-\xff]', 'a', false],
  ['[\x00-\x7f]', '\x90', false],
  ['[!-~]', '\x90', false],
  // binary subjects
  ['a\x00b', 'a\x00b', true],
];

/**
 * [pattern, subject, expected] for the nocase variant, recorded with CONFIG GET on redis-server
 * 7.0.15 (each pattern holds a `[`, `*` or `?`: CONFIG GET looks other names up literally).
 */
const KNOWN_NOCASE: readonly [string, string, boolean][] = [
  ['MAXMEMORY*', 'maxmemory-policy', true],
  ['maxmemory*', 'MAXMEMORY-POLICY', true],
  ['[M]axmemory', 'maxmemory', true],
  ['[A-C]*', 'bind', true],
  ['[a-c]*', 'Bind', true],
  ['[^B]ind', 'bind', false],
  // An escaped byte inside a set compares case-sensitively even in the nocase variant.
  ['[\\B]ind', 'bind', false],
  ['[\\b]ind', 'bind', true],
  ['\\Bi?d', 'bind', true],
];

describe('glob: stringmatchlen', () => {
  it('matches as redis-server does on a table of recorded results', () => {
    for (const [pattern, subject, expected] of KNOWN) {
      assert.equal(stringmatchlen(pattern, subject), expected, `pattern ${JSON.stringify(pattern)} subject ${JSON.stringify(subject)}`);
    }
  });

  it('nocase: compares letters case-insensitively, except escapes inside sets', () => {
    for (const [pattern, subject, expected] of KNOWN_NOCASE) {
      assert.equal(stringmatchlen(pattern, subject, true), expected, `pattern ${JSON.stringify(pattern)} subject ${JSON.stringify(subject)}`);
    }
    assert.equal(stringmatchlen('HELLO', 'hello'), false);
    assert.equal(stringmatchlen('HELLO', 'hello', true), true);
  });

  it('handles patterns with thousands of stars without deep recursion or exponential time', () => {
    const subject = 'a'.repeat(5000);
    const t0 = performance.now();
    assert.equal(stringmatchlen('*a'.repeat(20000) + 'b', subject), false);
    assert.equal(stringmatchlen('*a'.repeat(2000) + '*', subject), true);
    assert.equal(stringmatchlen('*a'.repeat(5000), subject), true);
    assert.equal(stringmatchlen('*a'.repeat(5001), subject), false);
    assert.ok(performance.now() - t0 < 5000, 'pathological patterns must stay polynomial');
  });
});

/* ------------------------------------------------------------------------------------------ */
/* Against a live redis-server                                                                 */
/* ------------------------------------------------------------------------------------------ */

function asStrings(r: Reply): string[] {
  assert.ok(Array.isArray(r), `expected an array reply, got ${JSON.stringify(r)}`);
  return r.map((x) => {
    assert.equal(typeof x, 'string');
    return x as string;
  });
}

describe('glob: against redis-server', () => {
  let ref: ReferenceServer | null = null;
  let client: RawClient | null = null;
  before(async () => {
    ref = await startReference();
    if (ref) client = await RawClient.connect(ref.port);
  });
  after(async () => {
    await client?.close();
    await ref?.close();
  });
  const get = (t: TestContext): RawClient | null => {
    if (client === null) t.skip('redis-server not found');
    return client;
  };

  it('KEYS: random patterns select the same keys', async (t) => {
    const c = get(t);
    if (!c) return;
    const seed = 20240701;
    const rnd = prng(seed);
    const keyAlphabet = ['a', 'b', 'A', 'z', '-', ']', '[', '^', '\\', '*', '?', '\xe9', '\x00'];
    const patAlphabet = [...keyAlphabet, '*', '*', '?', '[', ']', '^', '-', '\\', 'a', 'b'];
    const pick = (xs: readonly string[]): string => xs[Math.floor(rnd() * xs.length)]!;
    const keys = new Set<string>(['']);
    while (keys.size < 200) {
      let k = '';
      const n = 1 + Math.floor(rnd() * 5);
      for (let i = 0; i < n; i++) k += pick(keyAlphabet);
      keys.add(k);
    }
    await c.send('FLUSHALL');
    const mset = ['MSET'];
    for (const k of keys) mset.push(k, 'v');
    assert.equal((await c.send(...mset)).toString('latin1'), '+OK\r\n');
    for (let i = 0; i < 600; i++) {
      let pattern = '';
      const n = Math.floor(rnd() * 8);
      for (let j = 0; j < n; j++) pattern += pick(patAlphabet);
      if (pattern === '*') continue; // KEYS * returns every key without matching
      const theirs = asStrings(parseReply(await c.send('KEYS', pattern))).sort();
      const ours = [...keys].filter((k) => stringmatchlen(pattern, k)).sort();
      assert.deepEqual(ours, theirs, `seed ${seed}, pattern ${JSON.stringify(pattern)}`);
    }
  });

  it('nocase: CONFIG GET patterns select the same parameter names', async (t) => {
    const c = get(t);
    if (!c) return;
    const namesOf = (r: Reply): string[] => asStrings(r).filter((_, i) => i % 2 === 0);
    const all = namesOf(parseReply(await c.send('CONFIG', 'GET', '*')));
    assert.ok(all.length > 100);
    const patterns = [
      'MAXMEMORY*', '*-MAX-*', '[M]axmemory', '*LRU?', '[A-C]*', '[a-c]*', '*[^a-z-]*', 'Hash-Max-*-Entries',
      '*[Z-a]*', '?ind', 'LFU-*', '*TIMEOUT', 'repl-*-[A-Z]*', '[^a-m]*[0-9]*', 'list-*', '*\\-*ziplist*',
    ];
    for (const pattern of patterns) {
      const theirs = namesOf(parseReply(await c.send('CONFIG', 'GET', pattern))).sort();
      const ours = all.filter((n) => stringmatchlen(pattern, n, true)).sort();
      assert.deepEqual(ours, theirs, `pattern ${JSON.stringify(pattern)}`);
    }
  });
});
