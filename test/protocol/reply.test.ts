/*
 * The reply writer and formatDouble().
 *
 * formatDouble must print exactly what C's printf("%.17g") prints, because Redis 7.0 replies
 * doubles that way (addReplyDouble). The fixtures below were produced by glibc's printf; the
 * property tests compare against an exact reference implementation (the double's exact decimal
 * expansion in BigInt, rounded half-to-even as glibc rounds), which also covers the values whose
 * 18th significant digit is an exact tie.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeBulk, formatDouble, ReplyWriter, type RespVersion } from '../../src/protocol/reply.js';

/** printf("%.17g", d) computed exactly: the oracle for the property tests. */
function printf17g(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const sign = d < 0 ? '-' : '';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(d));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e2: number;
  if (biased === 0) {
    e2 = -1074;
  } else {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  // value = N / 10^k exactly
  let n: bigint;
  let k: number;
  if (e2 >= 0) {
    n = mant << BigInt(e2);
    k = 0;
  } else {
    n = mant * 5n ** BigInt(-e2);
    k = -e2;
  }
  let digits = n.toString();
  let x = digits.length - 1 - k; // decimal exponent of the leading digit
  if (digits.length > 17) {
    const head = BigInt(digits.slice(0, 17));
    const rest = digits.slice(17);
    const first = rest[0]!;
    const beyond = /[1-9]/.test(rest.slice(1));
    const up = first > '5' || (first === '5' && (beyond || head % 2n === 1n));
    let rounded = (head + (up ? 1n : 0n)).toString();
    if (rounded.length > 17) {
      rounded = rounded.slice(0, 17);
      x += 1;
    }
    digits = rounded;
  } else {
    digits = digits.padEnd(17, '0');
  }
  const strip = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (x < -4 || x >= 17) {
    const m = strip(digits[0] + '.' + digits.slice(1));
    return `${sign}${m}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
  }
  if (x >= 0) return sign + strip(digits.slice(0, x + 1) + '.' + digits.slice(x + 1));
  return sign + strip('0.' + '0'.repeat(-x - 1) + digits);
}

describe('formatDouble', () => {
  // [input, glibc printf("%.17g")]; inputs that no double holds exactly are written as Number(text)
  const fixtures: [number, string][] = [
    [1.1, '1.1000000000000001'],
    [3, '3'],
    [1e20, '1e+20'],
    [0.0001, '0.0001'],
    [0.00001, '1.0000000000000001e-05'],
    [1.5e300, '1.5000000000000001e+300'],
    [-2.5, '-2.5'],
    [0, '0'],
    [-0, '-0'],
    [0.1, '0.10000000000000001'],
    [0.3, '0.29999999999999999'],
    [1e16, '10000000000000000'],
    [1e17, '1e+17'],
    [Number('99999999999999999'), '1e+17'],
    [Number('123456789012345678'), '1.2345678901234568e+17'],
    [1.234e-5, '1.234e-05'],
    [5e-324, '4.9406564584124654e-324'],
    [2.2250738585072014e-308, '2.2250738585072014e-308'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [3.14159, '3.1415899999999999'],
    [-1e-300, '-1e-300'],
    [1e21, '1e+21'],
    [1e15, '1000000000000000'],
    [12345.678, '12345.678'],
    [100, '100'],
    [0.5, '0.5'],
    [1e-7, '9.9999999999999995e-08'],
    [2.5e-5, '2.5000000000000001e-05'],
    [0.000123, '0.00012300000000000001'],
    [4.35, '4.3499999999999996'],
    [10.5, '10.5'],
    [Number('9007199254740993'), '9007199254740992'],
  ];
  for (const [d, want] of fixtures) {
    it(`formats ${want} as printf %.17g does`, () => {
      assert.equal(formatDouble(d), want);
    });
  }

  it('spells inf, -inf and nan as Redis does', () => {
    assert.equal(formatDouble(Infinity), 'inf');
    assert.equal(formatDouble(-Infinity), '-inf');
    assert.equal(formatDouble(NaN), 'nan');
  });

  // Exact ties at the 18th significant digit: glibc rounds half to even, so the 17th digit stays
  // even. 7.62940216064453125 = 1000001 / 2^17 and 9.94205474853515625e-05 = 417 / 2^22.
  it('rounds an exact tie half to even (fixed notation), as glibc does', () => {
    assert.equal(formatDouble(1000001 / 2 ** 17), '7.6294021606445312');
  });

  it('rounds an exact tie half to even (exponent notation), as glibc does', () => {
    assert.equal(formatDouble(417 / 2 ** 22), '9.9420547485351562e-05');
  });

  it('agrees with an exact %.17g on arbitrary doubles', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (d) => {
        assert.equal(formatDouble(d), printf17g(d));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with an exact %.17g on dyadic fractions (where exact ties live)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 0, max: 60 }), (m, k) => {
        const d = m / 2 ** k;
        assert.equal(formatDouble(d), printf17g(d), `for ${m} / 2^${k}`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ReplyWriter', () => {
  function written(resp: RespVersion, fn: (w: ReplyWriter) => void): string {
    const w = new ReplyWriter(resp);
    fn(w);
    return w.take();
  }

  // [what, how, RESP2 bytes, RESP3 bytes]
  const forms: [string, (w: ReplyWriter) => void, string, string][] = [
    ['ok', (w) => w.ok(), '+OK\r\n', '+OK\r\n'],
    ['simple', (w) => w.simple('QUEUED'), '+QUEUED\r\n', '+QUEUED\r\n'],
    ['error', (w) => w.error('ERR syntax error'), '-ERR syntax error\r\n', '-ERR syntax error\r\n'],
    ['error with newlines', (w) => w.error('ERR a\r\nb'), '-ERR a  b\r\n', '-ERR a  b\r\n'],
    ['int', (w) => w.int(-42), ':-42\r\n', ':-42\r\n'],
    ['bigint int', (w) => w.int(9223372036854775807n), ':9223372036854775807\r\n', ':9223372036854775807\r\n'],
    ['bulk', (w) => w.bulk('hello'), '$5\r\nhello\r\n', '$5\r\nhello\r\n'],
    ['empty bulk', (w) => w.bulk(''), '$0\r\n\r\n', '$0\r\n\r\n'],
    ['binary bulk', (w) => w.bulk('\x00\xff\r\n'), '$4\r\n\x00\xff\r\n\r\n', '$4\r\n\x00\xff\r\n\r\n'],
    ['bulkOrNull(null)', (w) => w.bulkOrNull(null), '$-1\r\n', '_\r\n'],
    ['bulkOrNull(undefined)', (w) => w.bulkOrNull(undefined), '$-1\r\n', '_\r\n'],
    ['bulkOrNull(s)', (w) => w.bulkOrNull('v'), '$1\r\nv\r\n', '$1\r\nv\r\n'],
    ['null', (w) => w.null(), '$-1\r\n', '_\r\n'],
    ['nullArray', (w) => w.nullArray(), '*-1\r\n', '_\r\n'],
    ['array', (w) => w.array(2), '*2\r\n', '*2\r\n'],
    ['map', (w) => w.map(2), '*4\r\n', '%2\r\n'],
    ['empty map', (w) => w.map(0), '*0\r\n', '%0\r\n'],
    ['set', (w) => w.set(3), '*3\r\n', '~3\r\n'],
    ['push', (w) => w.push(3), '*3\r\n', '>3\r\n'],
    ['double', (w) => w.double(1.5), '$3\r\n1.5\r\n', ',1.5\r\n'],
    ['double 0.1', (w) => w.double(0.1), '$19\r\n0.10000000000000001\r\n', ',0.10000000000000001\r\n'],
    ['double inf', (w) => w.double(Infinity), '$3\r\ninf\r\n', ',inf\r\n'],
    ['double -inf', (w) => w.double(-Infinity), '$4\r\n-inf\r\n', ',-inf\r\n'],
    ['bool true', (w) => w.bool(true), ':1\r\n', '#t\r\n'],
    ['bool false', (w) => w.bool(false), ':0\r\n', '#f\r\n'],
    ['bigNumber', (w) => w.bigNumber('1234567890123456789012'), '$22\r\n1234567890123456789012\r\n', '(1234567890123456789012\r\n'],
    ['verbatim', (w) => w.verbatim('txt', 'hi'), '$2\r\nhi\r\n', '=6\r\ntxt:hi\r\n'],
    ['bulks', (w) => w.bulks(['a', 'bc']), '*2\r\n$1\r\na\r\n$2\r\nbc\r\n', '*2\r\n$1\r\na\r\n$2\r\nbc\r\n'],
    ['empty bulks', (w) => w.bulks([]), '*0\r\n', '*0\r\n'],
    ['bulkSet', (w) => w.bulkSet(new Set(['x', 'y']), 2), '*2\r\n$1\r\nx\r\n$1\r\ny\r\n', '~2\r\n$1\r\nx\r\n$1\r\ny\r\n'],
  ];
  for (const [what, how, resp2, resp3] of forms) {
    it(`${what}: RESP2 form`, () => assert.equal(written(2, how), resp2));
    it(`${what}: RESP3 form`, () => assert.equal(written(3, how), resp3));
  }

  it('a map in RESP2 and RESP3 carries the same pairs', () => {
    const pairs = (w: ReplyWriter): void => {
      w.map(2);
      w.bulk('a');
      w.int(1);
      w.bulk('b');
      w.null();
    };
    assert.equal(written(2, pairs), '*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n$-1\r\n');
    assert.equal(written(3, pairs), '%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n_\r\n');
  });

  it('take() returns the accumulated output and starts over', () => {
    const w = new ReplyWriter(2);
    w.ok();
    w.int(1);
    assert.equal(w.take(), '+OK\r\n:1\r\n');
    assert.equal(w.take(), '');
    w.null();
    assert.equal(w.take(), '$-1\r\n');
  });

  it('count counts every frame written, headers and elements alike', () => {
    const w = new ReplyWriter(3);
    w.ok();
    w.bulks(['a', 'b']);
    w.map(1);
    w.bulk('k');
    w.double(2);
    assert.equal(w.count, 1 + 3 + 1 + 1 + 1);
  });

  it('raw() writes bytes as they are and counts nothing', () => {
    const w = new ReplyWriter(2);
    w.raw('+PONG\r\n');
    assert.equal(w.count, 0);
    assert.equal(w.take(), '+PONG\r\n');
  });

  it('the default protocol is RESP2', () => {
    const w = new ReplyWriter();
    w.null();
    assert.equal(w.take(), '$-1\r\n');
  });

  it('bulk lengths are byte lengths of latin1 strings', () => {
    const s = Buffer.from('héllo €', 'utf8').toString('latin1');
    assert.equal(written(2, (w) => w.bulk(s)), `$${Buffer.byteLength('héllo €', 'utf8')}\r\n${s}\r\n`);
  });

  it('encodeBulk encodes one bulk string frame', () => {
    assert.equal(encodeBulk('hello'), '$5\r\nhello\r\n');
    assert.equal(encodeBulk(''), '$0\r\n\r\n');
  });
});
