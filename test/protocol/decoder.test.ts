/*
 * The request decoder, against fixtures whose expected results were checked on redis-server 7.0.15
 * (the same bytes sent over a raw socket).
 *
 * Every fixture is fed three ways: in one chunk, byte by byte (small fixtures), and in odd-sized
 * chunks, since a socket may split a request anywhere and the decoder must resume exactly where
 * it stopped. A fixture lists the requests decoded before the end of input or before the error,
 * and the protocol error, if any (worded as Redis replies it, without the `-ERR ` prefix).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PROTO_INLINE_MAX_SIZE, RespDecoder, splitArgs } from '../../src/protocol/decoder.js';

const MAX_BULK = 512 * 1024 * 1024;

interface Decoded {
  requests: string[][];
  error: string | null;
  pending: number;
}

/** Feed `input` in chunks of `step` bytes (copies, as a socket hands out fresh buffers). */
function decode(input: Buffer | string, step: number, setup?: (d: RespDecoder) => void): Decoded {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const d = new RespDecoder({ maxBulkLen: MAX_BULK });
  setup?.(d);
  const requests: string[][] = [];
  for (let i = 0; i < bytes.length && d.error === null; i += step) {
    d.feed(Buffer.from(bytes.subarray(i, i + step)));
    for (let r = d.next(); r !== null; r = d.next()) requests.push(r);
  }
  return { requests, error: d.error, pending: d.pending };
}

function stepsFor(input: string | Buffer): [string, number][] {
  const len = input.length;
  const steps: [string, number][] = [['in one chunk', Math.max(len, 1)]];
  if (len <= 4096) steps.push(['byte by byte', 1]);
  steps.push(['in 7-byte chunks', 7]);
  if (len > 4096) steps.push(['in 4093-byte chunks', 4093]);
  return steps;
}

interface Fixture {
  name: string;
  input: string;
  requests: string[][];
  error?: string;
  setup?: (d: RespDecoder) => void;
}

function runFixtures(fixtures: Fixture[]): void {
  for (const f of fixtures) {
    for (const [how, step] of stepsFor(f.input)) {
      it(`${f.name} (${how})`, () => {
        const got = decode(f.input, step, f.setup);
        assert.deepEqual(got.requests, f.requests);
        assert.equal(got.error, f.error === undefined ? null : `Protocol error: ${f.error}`);
      });
    }
  }
}

describe('RespDecoder: multibulk requests', () => {
  runFixtures([
    { name: 'decodes a one-argument request', input: '*1\r\n$4\r\nPING\r\n', requests: [['PING']] },
    {
      name: 'decodes several arguments',
      input: '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n',
      requests: [['SET', 'k', 'value']],
    },
    { name: 'decodes an empty bulk', input: '*2\r\n$4\r\nECHO\r\n$0\r\n\r\n', requests: [['ECHO', '']] },
    {
      name: 'is binary safe (CR, LF, NUL and high bytes inside a bulk)',
      input: '*2\r\n$4\r\nECHO\r\n$6\r\na\r\n\x00\xff\xfe\r\n',
      requests: [['ECHO', 'a\r\n\x00\xff\xfe']],
    },
    {
      name: 'decodes pipelined requests',
      input: '*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPING\r\n',
      requests: [['PING'], ['GET', 'k'], ['PING']],
    },
    { name: 'skips *0', input: '*0\r\n*1\r\n$4\r\nPING\r\n', requests: [['PING']] },
    { name: 'skips *-1', input: '*-1\r\n*1\r\n$4\r\nPING\r\n', requests: [['PING']] },
    {
      name: 'skips a negative count down to LLONG_MIN',
      input: '*-9223372036854775808\r\n*1\r\n$4\r\nPING\r\n',
      requests: [['PING']],
    },
    {
      name: 'mixes multibulk and inline requests in one stream',
      input: '*1\r\n$4\r\nPING\r\nECHO hi\r\n*2\r\n$4\r\nECHO\r\n$2\r\nho\r\n',
      requests: [['PING'], ['ECHO', 'hi'], ['ECHO', 'ho']],
    },
    { name: 'waits for the rest of a request', input: '*2\r\n$4\r\nECHO\r\n$5\r\nhel', requests: [] },
    {
      name: 'accepts the largest multibulk count (INT_MAX), then waits',
      input: '*2147483647\r\n',
      requests: [],
    },
    {
      name: 'accepts a bulk up to proto-max-bulk-len',
      input: '*1\r\n$4\r\nPING\r\n',
      requests: [['PING']],
      setup: (d) => {
        d.limits.maxBulkLen = 4;
      },
    },
  ]);

  it('reports pending bytes of a partial request', () => {
    const d = new RespDecoder({ maxBulkLen: MAX_BULK });
    d.feed(Buffer.from('*1\r\n$4\r\nPI', 'latin1'));
    assert.equal(d.next(), null);
    assert.equal(d.pending, 2);
    d.feed(Buffer.from('NG\r\n', 'latin1'));
    assert.deepEqual(d.next(), ['PING']);
    assert.equal(d.pending, 0);
    assert.equal(d.next(), null);
  });

  it('decodes a 1 MiB bulk split across many chunks', () => {
    const value = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < value.length; i++) value[i] = (i * 31 + 7) & 0xff;
    const input = Buffer.concat([
      Buffer.from(`*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$${value.length}\r\n`, 'latin1'),
      value,
      Buffer.from('\r\n*1\r\n$4\r\nPING\r\n', 'latin1'),
    ]);
    for (const step of [input.length, 65536, 16384, 4093, 1000]) {
      const got = decode(input, step);
      assert.equal(got.error, null);
      assert.equal(got.requests.length, 2, `step ${step}`);
      assert.deepEqual(got.requests[0]!.slice(0, 2), ['SET', 'big']);
      assert.ok(Buffer.from(got.requests[0]![2]!, 'latin1').equals(value), `step ${step}: value differs`);
      assert.deepEqual(got.requests[1], ['PING']);
      assert.equal(got.pending, 0);
    }
  });

  it('decodes any pipeline of requests split at any points', () => {
    const arg = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 });
    const command = fc.array(arg, { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (cmds, cuts) => {
        let wire = '';
        for (const c of cmds) {
          wire += `*${c.length}\r\n`;
          for (const a of c) wire += `$${a.length}\r\n${a}\r\n`;
        }
        const bytes = Buffer.from(wire, 'latin1');
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const d = new RespDecoder({ maxBulkLen: MAX_BULK });
        const got: string[][] = [];
        let prev = 0;
        for (const p of [...points, bytes.length]) {
          if (p > prev) d.feed(Buffer.from(bytes.subarray(prev, p)));
          prev = Math.max(prev, p);
          for (let r = d.next(); r !== null; r = d.next()) got.push(r);
        }
        assert.equal(d.error, null);
        assert.deepEqual(got, cmds);
      }),
      { numRuns: 300 },
    );
  });
});

describe('RespDecoder: inline requests', () => {
  runFixtures([
    { name: 'decodes an inline command with CRLF', input: 'PING\r\n', requests: [['PING']] },
    { name: 'decodes an inline command with a bare LF', input: 'PING\n', requests: [['PING']] },
    { name: 'splits on runs of spaces and tabs', input: '  SET \t k   v  \r\n', requests: [['SET', 'k', 'v']] },
    { name: 'skips blank lines', input: '\r\n\n   \r\nPING\r\n', requests: [['PING']] },
    { name: 'decodes pipelined inline commands', input: 'PING\r\nECHO a\r\nPING\n', requests: [['PING'], ['ECHO', 'a'], ['PING']] },
    { name: 'keeps double-quoted spaces', input: 'SET k "hello world"\r\n', requests: [['SET', 'k', 'hello world']] },
    { name: 'decodes an empty quoted argument', input: 'ECHO ""\r\n', requests: [['ECHO', '']] },
    {
      name: 'decodes escapes in double quotes',
      input: 'ECHO "a\\n\\r\\t\\b\\a\\\\\\"z"\r\n',
      requests: [['ECHO', 'a\n\r\t\b\x07\\"z']],
    },
    { name: 'decodes \\xHH in double quotes', input: 'ECHO "\\x41\\xff\\x00B"\r\n', requests: [['ECHO', 'A\xff\x00B']] },
    { name: 'keeps an invalid \\x escape as x', input: 'ECHO "\\xZZ"\r\n', requests: [['ECHO', 'xZZ']] },
    { name: 'keeps an unknown escape as the character', input: 'ECHO "\\q"\r\n', requests: [['ECHO', 'q']] },
    { name: 'decodes single quotes literally except \\\'', input: "ECHO 'it\\'s \\n'\r\n", requests: [['ECHO', "it's \\n"]] },
    { name: 'joins a quoted part to the word before it', input: 'ECHO ab"c d"\r\n', requests: [['ECHO', 'abc d']] },
    {
      name: 'treats a vertical tab or form feed inside a word as part of the word (as sdssplitargs)',
      input: 'ECHO a\vb c\fd\r\n',
      requests: [['ECHO', 'a\vb', 'c\fd']],
    },
    { name: 'skips leading vertical tabs and form feeds', input: '\v\fECHO a\r\n', requests: [['ECHO', 'a']] },
    { name: 'ends a quoted word at a vertical tab', input: 'ECHO "a"\vx\r\n', requests: [['ECHO', 'a', 'x']] },
    { name: 'waits for the end of the line', input: 'ECHO hel', requests: [] },
    {
      name: 'accepts an inline request of exactly 64 KiB without a newline yet',
      input: 'E'.repeat(PROTO_INLINE_MAX_SIZE),
      requests: [],
    },
  ]);
});

describe('RespDecoder: protocol errors', () => {
  runFixtures([
    { name: 'rejects a non-numeric multibulk count', input: '*x\r\n', requests: [], error: 'invalid multibulk length' },
    { name: 'rejects an empty multibulk count', input: '*\r\n', requests: [], error: 'invalid multibulk length' },
    { name: 'rejects a multibulk count with a leading zero', input: '*01\r\n', requests: [], error: 'invalid multibulk length' },
    { name: 'rejects a multibulk count with a plus sign', input: '*+1\r\n', requests: [], error: 'invalid multibulk length' },
    { name: 'rejects a multibulk count with a space', input: '*1 \r\n', requests: [], error: 'invalid multibulk length' },
    { name: 'rejects a multibulk count above INT_MAX', input: '*2147483648\r\n', requests: [], error: 'invalid multibulk length' },
    { name: 'rejects *-0 (string2ll accepts no negative zero)', input: '*-0\r\n', requests: [], error: 'invalid multibulk length' },
    {
      name: 'rejects a negative multibulk count below LLONG_MIN',
      input: '*-9999999999999999999\r\n',
      requests: [],
      error: 'invalid multibulk length',
    },
    {
      name: 'reports the error after the requests before it',
      input: '*1\r\n$4\r\nPING\r\nPING\r\n*x\r\n*1\r\n$4\r\nPING\r\n',
      requests: [['PING'], ['PING']],
      error: 'invalid multibulk length',
    },
    { name: 'rejects a non-numeric bulk length', input: '*1\r\n$x\r\n', requests: [], error: 'invalid bulk length' },
    { name: 'rejects an empty bulk length', input: '*1\r\n$\r\n', requests: [], error: 'invalid bulk length' },
    { name: 'rejects a negative bulk length', input: '*1\r\n$-1\r\n', requests: [], error: 'invalid bulk length' },
    { name: 'rejects $-0', input: '*1\r\n$-0\r\n', requests: [], error: 'invalid bulk length' },
    { name: 'rejects a bulk length with a leading zero', input: '*1\r\n$01\r\n', requests: [], error: 'invalid bulk length' },
    {
      name: 'rejects a bulk above proto-max-bulk-len',
      input: '*1\r\n$5\r\n',
      requests: [],
      error: 'invalid bulk length',
      setup: (d) => {
        d.limits.maxBulkLen = 4;
      },
    },
    { name: "rejects a bulk header that does not start with '$'", input: '*1\r\nx\r\n', requests: [], error: "expected '$', got 'x'" },
    {
      name: "rejects an inline word where a bulk is expected",
      input: '*2\r\n$4\r\nECHO\r\nhello\r\n',
      requests: [],
      error: "expected '$', got 'h'",
    },
    { name: 'rejects an unterminated double quote', input: 'SET "k\r\n', requests: [], error: 'unbalanced quotes in request' },
    { name: 'rejects an unterminated single quote', input: "SET 'k\r\n", requests: [], error: 'unbalanced quotes in request' },
    {
      name: 'rejects a closing quote followed by a non-space',
      input: 'SET "k"v\r\n',
      requests: [],
      error: 'unbalanced quotes in request',
    },
    { name: 'rejects a trailing backslash inside quotes', input: 'ECHO "a\\\r\n', requests: [], error: 'unbalanced quotes in request' },
    {
      name: 'rejects an inline request over 64 KiB without a newline',
      input: 'E'.repeat(PROTO_INLINE_MAX_SIZE + 1),
      requests: [],
      error: 'too big inline request',
    },
    {
      name: 'rejects an inline line over 64 KiB that arrives whole',
      input: 'E'.repeat(PROTO_INLINE_MAX_SIZE + 100) + '\r\n',
      requests: [],
      error: 'too big inline request',
    },
    {
      name: 'rejects a multibulk count line over 64 KiB',
      input: '*' + '1'.repeat(PROTO_INLINE_MAX_SIZE + 1),
      requests: [],
      error: 'too big mbulk count string',
    },
    {
      name: 'rejects a bulk length line over 64 KiB',
      input: '*1\r\n$' + '1'.repeat(PROTO_INLINE_MAX_SIZE + 1),
      requests: [],
      error: 'too big bulk count string',
    },
    {
      name: 'rejects more than 10 arguments before authentication',
      input: '*11\r\n',
      requests: [],
      error: 'unauthenticated multibulk length',
      setup: (d) => {
        d.authenticated = false;
      },
    },
    {
      name: 'accepts 10 arguments before authentication',
      input: '*10\r\n' + '$1\r\na\r\n'.repeat(10),
      requests: [Array<string>(10).fill('a')],
      setup: (d) => {
        d.authenticated = false;
      },
    },
    {
      name: 'rejects a bulk over 16 KiB before authentication',
      input: '*1\r\n$16385\r\n',
      requests: [],
      error: 'unauthenticated bulk length',
      setup: (d) => {
        d.authenticated = false;
      },
    },
    {
      name: 'accepts a bulk of 16 KiB before authentication',
      input: '*2\r\n$4\r\nAUTH\r\n$16384\r\n' + 'p'.repeat(16384) + '\r\n',
      requests: [['AUTH', 'p'.repeat(16384)]],
      setup: (d) => {
        d.authenticated = false;
      },
    },
    {
      name: 'applies no argument limit to inline requests before authentication',
      input: 'a b c d e f g h i j k l\r\n',
      requests: [['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l']],
      setup: (d) => {
        d.authenticated = false;
      },
    },
  ]);

  it('stops for good after an error', () => {
    const d = new RespDecoder({ maxBulkLen: MAX_BULK });
    d.feed(Buffer.from('*x\r\n', 'latin1'));
    assert.equal(d.next(), null);
    assert.equal(d.error, 'Protocol error: invalid multibulk length');
    d.feed(Buffer.from('*1\r\n$4\r\nPING\r\nPING\r\n', 'latin1'));
    assert.equal(d.next(), null);
    assert.equal(d.error, 'Protocol error: invalid multibulk length');
  });
});

describe('splitArgs', () => {
  const cases: [string, string[] | null][] = [
    ['', []],
    ['   ', []],
    ['a', ['a']],
    ['a b  c', ['a', 'b', 'c']],
    ['"a b" c', ['a b', 'c']],
    ["'a b' c", ['a b', 'c']],
    ['"\\x7a\\x7A"', ['zz']],
    ['"a"b', null],
    ["'a'b", null],
    ['"abc', null],
    ["'abc", null],
    ['"a" "b"', ['a', 'b']],
    ['"a"\t"b"', ['a', 'b']],
    ['a\vb', ['a\vb']],
    ['a\fb', ['a\fb']],
    ['\va\f', ['a\f']],
  ];
  for (const [line, want] of cases) {
    it(`splits ${JSON.stringify(line)}`, () => {
      assert.deepEqual(splitArgs(line), want);
    });
  }
});
