import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  LEX_MAX,
  LEX_MIN,
  ZSet,
  parseDouble,
  parseLexBound,
  parseScoreBound,
  type LexBound,
  type RangeOptions,
  type ScoreBound,
  type ZEntry,
} from '../../../src/server/types/zset.js';
import { prng } from '../../helpers/prng.js';

const inc = (value: number): ScoreBound => ({ value, exclusive: false });
const exc = (value: number): ScoreBound => ({ value, exclusive: true });
const lin = (value: string): LexBound => ({ value, exclusive: false });
const lex = (value: string): LexBound => ({ value, exclusive: true });

function zsetOf(...pairs: Array<[string, number]>): ZSet {
  const z = new ZSet();
  for (const [m, s] of pairs) z.add(m, s);
  return z;
}

const membersOf = (entries: ZEntry[]): string[] => entries.map((e) => e[0]);

describe('parseDouble (ZADD scores, string2d)', () => {
  it('accepts what strtod reads whole', () => {
    const cases: Array<[string, number]> = [
      ['1', 1],
      ['-1', -1],
      ['+1', 1],
      ['1.5', 1.5],
      ['.5', 0.5],
      ['5.', 5],
      ['-.5', -0.5],
      ['00012', 12],
      ['1e3', 1000],
      ['1E3', 1000],
      ['1e+3', 1000],
      ['1e-3', 0.001],
      ['5.e1', 50],
      ['0.1', 0.1],
      ['9007199254740993', 9007199254740992],
      ['1.7976931348623157e308', Number.MAX_VALUE],
      ['1e-310', 1e-310],
      ['0e999999', 0],
      ['inf', Infinity],
      ['+inf', Infinity],
      ['-inf', -Infinity],
      ['INF', Infinity],
      ['Infinity', Infinity],
      ['-INFINITY', -Infinity],
      ['0x10', 16],
      ['0X1p4', 16],
      ['-0x1.8p1', -3],
      ['0x.8', 0.5],
      ['0xA.', 10],
      ['0x1P-2', 0.25],
      ['0x1p-1074', 5e-324],
      ['0x1.fffffffffffffp1023', Number.MAX_VALUE],
    ];
    for (const [s, want] of cases) assert.equal(parseDouble(s), want, JSON.stringify(s));
    assert.ok(Object.is(parseDouble('-0'), -0));
    assert.ok(Object.is(parseDouble('-0x0'), -0));
  });

  it('rounds hex mantissas to nearest, ties to even', () => {
    // 1 + 2^-53 is halfway between 1 and 1 + 2^-52: ties go to the even mantissa, 1.
    assert.equal(parseDouble('0x1.00000000000008p0'), 1);
    // 1 + 3 * 2^-53 is halfway between 1 + 2^-52 and 1 + 2^-51: even is 1 + 2^-51.
    assert.equal(parseDouble('0x1.00000000000018p0'), 1 + 2 ** -51);
    assert.equal(parseDouble('0x1.000000000000081p0'), 1 + 2 ** -52);
    assert.equal(parseDouble('0x3p-1076'), 2 ** -1074); // 0.75 of the smallest subnormal
    assert.equal(parseDouble('0x1.8p-1074'), 2 ** -1073); // 1.5 subnormal steps: tie to even
    // Digits past the 128 bits kept exactly still break a tie, and long inputs stay cheap.
    assert.equal(parseDouble('0x1.0000000000000800000000000000000000000001p0'), 1 + 2 ** -52);
    assert.equal(parseDouble('0x1.00000000000008000000000000000000000000000p0'), 1);
    assert.equal(parseDouble(`0x1${'0'.repeat(200_000)}p-800000`), 1);
    assert.equal(parseDouble(`0x.${'0'.repeat(200_000)}1p800004`), 1);
    assert.equal(parseDouble(`1${'0'.repeat(200_000)}e-200000`), 1);
  });

  it('rejects what Redis answers "value is not a valid float" to', () => {
    const bad = [
      '',
      ' 1',
      '\t1',
      '\n1',
      '1 ',
      'abc',
      'nan',
      'NaN',
      '-nan',
      'nan(123)',
      '1e',
      '1e+',
      '0x',
      '0x1p',
      '0xg',
      '1e400',
      '-1e400',
      '1e-400',
      '0x1p1024',
      '0x1p-1080',
      'inf1',
      'infin',
      '1\0',
      '+',
      '-',
      '.',
      'e5',
      '1.2.3',
      '--1',
      '+-1',
    ];
    for (const s of bad) assert.equal(parseDouble(s), null, JSON.stringify(s));
  });
});

describe('parseScoreBound (zslParseRange)', () => {
  it('reads inclusive and exclusive bounds', () => {
    assert.deepEqual(parseScoreBound('1'), inc(1));
    assert.deepEqual(parseScoreBound('(1'), exc(1));
    assert.deepEqual(parseScoreBound('-1.5'), inc(-1.5));
    assert.deepEqual(parseScoreBound('(-1.5'), exc(-1.5));
    assert.deepEqual(parseScoreBound('-inf'), inc(-Infinity));
    assert.deepEqual(parseScoreBound('+inf'), inc(Infinity));
    assert.deepEqual(parseScoreBound('(inf'), exc(Infinity));
    assert.deepEqual(parseScoreBound('(-INF'), exc(-Infinity));
    assert.deepEqual(parseScoreBound('0x10'), inc(16));
  });

  it('accepts what strtod accepts: leading spaces, overflow, empty, stops at NUL', () => {
    assert.deepEqual(parseScoreBound(' 5'), inc(5));
    assert.deepEqual(parseScoreBound('( 5'), exc(5));
    assert.deepEqual(parseScoreBound('1e400'), inc(Infinity));
    assert.deepEqual(parseScoreBound('1e-400'), inc(0));
    assert.deepEqual(parseScoreBound(''), inc(0));
    assert.deepEqual(parseScoreBound('('), exc(0));
    assert.deepEqual(parseScoreBound('1\0junk'), inc(1));
  });

  it('rejects trailing garbage and NaN', () => {
    for (const s of ['5 ', 'abc', 'nan', '(nan', '-nan', '((1', '[1', ' ', '( ', '1x', '-', '+', '1e', '0x']) {
      assert.equal(parseScoreBound(s), null, JSON.stringify(s));
    }
  });
});

describe('parseLexBound (zslParseLexRangeItem)', () => {
  it('reads -, +, [ and ( items', () => {
    assert.equal(parseLexBound('-'), LEX_MIN);
    assert.equal(parseLexBound('+'), LEX_MAX);
    assert.deepEqual(parseLexBound('[a'), lin('a'));
    assert.deepEqual(parseLexBound('(a'), lex('a'));
    assert.deepEqual(parseLexBound('['), lin(''));
    assert.deepEqual(parseLexBound('('), lex(''));
    assert.deepEqual(parseLexBound('[+'), lin('+'));
    assert.deepEqual(parseLexBound('(\xff\x00'), lex('\xff\x00'));
    assert.equal(parseLexBound('+\0'), LEX_MAX); // checked as a C string
  });

  it('rejects anything else', () => {
    for (const s of ['', 'a', '+a', '-a', '++', '--', ' [a', ']a']) {
      assert.equal(parseLexBound(s), null, JSON.stringify(s));
    }
  });
});

describe('ZSet', () => {
  it('ZADD: orders by score, then by member bytes', () => {
    const z = zsetOf(['c', 1], ['b', 1], ['a', 2], ['\xff', 1], ['', 1], ['bb', 1], ['b\x00', 1], ['z', -1]);
    assert.deepEqual(
      [...z.entries()],
      [
        ['z', -1],
        ['', 1],
        ['b', 1],
        ['b\x00', 1],
        ['bb', 1],
        ['c', 1],
        ['\xff', 1],
        ['a', 2],
      ],
    );
    assert.deepEqual(membersOf([...z]), membersOf([...z.entries()]));
    assert.deepEqual(membersOf([...z.entries(true)]), membersOf([...z.entries()]).reverse());
    z.assertValid();
  });

  it('ZADD: reports added, updated and unchanged', () => {
    const z = new ZSet();
    assert.equal(z.add('a', 1), 'added');
    assert.equal(z.add('a', 1), 'unchanged');
    assert.equal(z.add('a', 2), 'updated');
    assert.equal(z.score('a'), 2);
    assert.equal(z.add('b', -0), 'added');
    assert.equal(z.add('b', 0), 'unchanged'); // 0 == -0, and the stored -0 stays
    assert.ok(Object.is(z.score('b'), -0));
    assert.equal(z.add('c', Infinity), 'added');
    assert.equal(z.add('c', -Infinity), 'updated');
    assert.deepEqual(membersOf(z.rangeByRank(0, -1 + z.size)), ['c', 'b', 'a']);
    assert.throws(() => z.add('d', NaN), RangeError);
    assert.equal(z.size, 3);
    z.assertValid();
  });

  it('ZADD: moving a score keeps the order, in place or not', () => {
    const z = zsetOf(['a', 1], ['b', 2], ['c', 3]);
    z.add('b', 2.5); // stays between a and c
    assert.deepEqual(membersOf([...z]), ['a', 'b', 'c']);
    z.add('b', 3); // ties with c: b < c
    assert.deepEqual(membersOf([...z]), ['a', 'b', 'c']);
    z.add('a', 3); // ties with b and c: first by member
    assert.deepEqual(membersOf([...z]), ['a', 'b', 'c']);
    z.add('a', 4);
    assert.deepEqual(membersOf([...z]), ['b', 'c', 'a']);
    z.add('c', 0);
    assert.deepEqual(membersOf([...z]), ['c', 'b', 'a']);
    z.assertValid();
  });

  it('ZSCORE / ZREM: score, has, size and remove', () => {
    const z = zsetOf(['a', 1], ['b', 2]);
    assert.equal(z.type, 'zset');
    assert.equal(z.size, 2);
    assert.equal(z.score('a'), 1);
    assert.equal(z.score('x'), undefined);
    assert.equal(z.has('b'), true);
    assert.equal(z.remove('a'), true);
    assert.equal(z.remove('a'), false);
    assert.equal(z.has('a'), false);
    assert.equal(z.size, 1);
    assert.equal(z.remove('b'), true);
    assert.equal(z.size, 0);
    assert.deepEqual([...z], []);
    z.assertValid();
    z.add('c', 3);
    assert.deepEqual([...z], [['c', 3]]);
    z.assertValid();
  });

  it('ZRANK / ZREVRANK', () => {
    const z = zsetOf(['a', 1], ['b', 2], ['c', 3], ['d', 3]);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((m) => z.rank(m)), [0, 1, 2, 3]);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((m) => z.rank(m, true)), [3, 2, 1, 0]);
    assert.equal(z.rank('x'), undefined);
    assert.equal(z.rank('x', true), undefined);
  });

  it('ZRANGE: by rank, forward and reverse, clamped', () => {
    const z = zsetOf(['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 5]);
    assert.deepEqual(z.rangeByRank(0, 1), [
      ['a', 1],
      ['b', 2],
    ]);
    assert.deepEqual(membersOf(z.rangeByRank(1, 3)), ['b', 'c', 'd']);
    assert.deepEqual(membersOf(z.rangeByRank(0, 4, true)), ['e', 'd', 'c', 'b', 'a']);
    assert.deepEqual(membersOf(z.rangeByRank(1, 2, true)), ['d', 'c']);
    assert.deepEqual(membersOf(z.rangeByRank(3, 100)), ['d', 'e']);
    assert.deepEqual(membersOf(z.rangeByRank(-5, 0)), ['a']);
    assert.deepEqual(z.rangeByRank(3, 2), []);
    assert.deepEqual(z.rangeByRank(5, 9), []);
    assert.deepEqual(new ZSet().rangeByRank(0, 0), []);
  });

  it('ZRANGEBYSCORE: inclusive, exclusive and infinite bounds', () => {
    const z = zsetOf(['a', 1], ['b', 2], ['c', 2], ['d', 3], ['ninf', -Infinity], ['pinf', Infinity]);
    assert.deepEqual(membersOf(z.rangeByScore(inc(-Infinity), inc(Infinity))), ['ninf', 'a', 'b', 'c', 'd', 'pinf']);
    assert.deepEqual(membersOf(z.rangeByScore(exc(-Infinity), exc(Infinity))), ['a', 'b', 'c', 'd']);
    assert.deepEqual(membersOf(z.rangeByScore(inc(2), inc(2))), ['b', 'c']);
    assert.deepEqual(membersOf(z.rangeByScore(exc(1), inc(3))), ['b', 'c', 'd']);
    assert.deepEqual(membersOf(z.rangeByScore(inc(1), exc(3))), ['a', 'b', 'c']);
    assert.deepEqual(z.rangeByScore(exc(2), exc(2)), []);
    assert.deepEqual(z.rangeByScore(inc(2), exc(2)), []);
    assert.deepEqual(z.rangeByScore(inc(3), inc(1)), []);
    assert.deepEqual(z.rangeByScore(inc(1.5), inc(1.7)), []);
    assert.deepEqual(z.rangeByScore(inc(2), inc(2), { reverse: true }), [
      ['c', 2],
      ['b', 2],
    ]);
    assert.deepEqual(membersOf(z.rangeByScore(exc(1), exc(Infinity), { reverse: true })), ['d', 'c', 'b']);
    assert.deepEqual(z.rangeByScore(inc(3), inc(1), { reverse: true }), []);
  });

  it('ZRANGEBYSCORE: LIMIT offset count as Redis reads them', () => {
    const z = zsetOf(['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 5]);
    const all = [inc(-Infinity), inc(Infinity)] as const;
    const by = (opts: RangeOptions) => membersOf(z.rangeByScore(all[0], all[1], opts));
    assert.deepEqual(by({ offset: 1, count: 2 }), ['b', 'c']);
    assert.deepEqual(by({ offset: 3, count: -1 }), ['d', 'e']);
    assert.deepEqual(by({ offset: 0, count: -5 }), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(by({ offset: 0, count: 0 }), []);
    assert.deepEqual(by({ offset: -1, count: 2 }), []);
    assert.deepEqual(by({ offset: 5, count: 2 }), []);
    assert.deepEqual(by({ offset: 1, count: 2, reverse: true }), ['d', 'c']);
    assert.deepEqual(by({ offset: 4, count: 9, reverse: true }), ['a']);
    assert.deepEqual(by({ offset: 5, reverse: true }), []);
    assert.deepEqual(membersOf(z.rangeByScore(inc(2), inc(4), { offset: 2, count: 5 })), ['d']);
    assert.deepEqual(membersOf(z.rangeByScore(inc(2), inc(4), { offset: 3 })), []);
    assert.deepEqual(membersOf(z.rangeByScore(inc(2), inc(4), { offset: 2, reverse: true })), ['b']);
    assert.deepEqual(membersOf(z.rangeByScore(inc(2), inc(4), { offset: 3, reverse: true })), []);
  });

  it('ZRANGEBYLEX: the examples of the Redis documentation', () => {
    const z = new ZSet();
    for (const m of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) z.add(m, 0);
    assert.deepEqual(membersOf(z.rangeByLex(LEX_MIN, lin('c'))), ['a', 'b', 'c']);
    assert.deepEqual(membersOf(z.rangeByLex(LEX_MIN, lex('c'))), ['a', 'b']);
    assert.deepEqual(membersOf(z.rangeByLex(lin('aaa'), lex('g'))), ['b', 'c', 'd', 'e', 'f']);
    assert.deepEqual(membersOf(z.rangeByLex(LEX_MIN, LEX_MAX, { offset: 2, count: 3 })), ['c', 'd', 'e']);
    assert.deepEqual(membersOf(z.rangeByLex(lin('c'), LEX_MAX, { reverse: true })), ['g', 'f', 'e', 'd', 'c']);
    assert.deepEqual(membersOf(z.rangeByLex(lex('c'), lin('f'), { reverse: true, offset: 1 })), ['e', 'd']);
    assert.deepEqual(z.rangeByLex(LEX_MAX, LEX_MAX), []);
    assert.deepEqual(z.rangeByLex(LEX_MIN, LEX_MIN), []);
    assert.deepEqual(z.rangeByLex(LEX_MAX, LEX_MIN), []);
    assert.deepEqual(z.rangeByLex(lin('e'), lin('c')), []);
    assert.deepEqual(z.rangeByLex(lex('c'), lin('c')), []);
    assert.deepEqual(z.rangeByLex(LEX_MIN, LEX_MAX, { count: 0 }), []);
    assert.deepEqual(z.rangeByLex(LEX_MIN, LEX_MAX, { offset: -1 }), []);
    assert.deepEqual(z.rangeByLex(lin('b'), lin('c')), [
      ['b', 0],
      ['c', 0],
    ]);
  });

  it('ZCOUNT / ZLEXCOUNT', () => {
    const z = zsetOf(['a', 1], ['b', 2], ['c', 2], ['d', 3]);
    assert.equal(z.countInScore(inc(-Infinity), inc(Infinity)), 4);
    assert.equal(z.countInScore(inc(2), inc(2)), 2);
    assert.equal(z.countInScore(exc(1), exc(3)), 2);
    assert.equal(z.countInScore(exc(2), exc(2)), 0);
    assert.equal(z.countInScore(inc(3), inc(1)), 0);
    assert.equal(z.countInScore(inc(4), inc(9)), 0);
    assert.equal(new ZSet().countInScore(inc(-Infinity), inc(Infinity)), 0);
    const l = new ZSet();
    for (const m of ['a', 'b', 'c', 'd', 'e']) l.add(m, 0);
    assert.equal(l.countInLex(LEX_MIN, LEX_MAX), 5);
    assert.equal(l.countInLex(lin('b'), lex('d')), 2);
    assert.equal(l.countInLex(lex('b'), LEX_MAX), 3);
    assert.equal(l.countInLex(lin('d'), lin('b')), 0);
    assert.equal(l.countInLex(LEX_MAX, LEX_MIN), 0);
    assert.equal(l.countInLex(lin('zz'), LEX_MAX), 0);
  });

  it('ZREMRANGEBYSCORE / ZREMRANGEBYLEX / ZREMRANGEBYRANK', () => {
    const z = zsetOf(['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 5]);
    assert.equal(z.deleteRangeByScore(exc(1), inc(3)), 2);
    assert.deepEqual(membersOf([...z]), ['a', 'd', 'e']);
    assert.equal(z.deleteRangeByScore(inc(9), inc(10)), 0);
    assert.equal(z.score('b'), undefined);
    z.assertValid();
    assert.equal(z.deleteRangeByRank(1, 1), 1);
    assert.deepEqual(membersOf([...z]), ['a', 'e']);
    assert.equal(z.deleteRangeByRank(0, 10), 2);
    assert.equal(z.size, 0);
    assert.equal(z.deleteRangeByRank(0, 0), 0);
    z.assertValid();
    const l = new ZSet();
    for (const m of ['a', 'b', 'c', 'd', 'e']) l.add(m, 0);
    assert.equal(l.deleteRangeByLex(lin('b'), lex('d')), 2);
    assert.deepEqual(membersOf([...l]), ['a', 'd', 'e']);
    assert.equal(l.deleteRangeByLex(LEX_MIN, LEX_MAX), 3);
    assert.equal(l.size, 0);
    l.assertValid();
  });

  it('ZPOPMIN / ZPOPMAX', () => {
    const z = zsetOf(['a', 1], ['b', 2], ['c', 3], ['d', 4]);
    assert.deepEqual(z.popMin(), [['a', 1]]);
    assert.deepEqual(z.popMax(2), [
      ['d', 4],
      ['c', 3],
    ]);
    assert.deepEqual(z.popMin(0), []);
    assert.deepEqual(z.popMax(-1), []);
    assert.deepEqual(z.popMax(10), [['b', 2]]);
    assert.deepEqual(z.popMin(10), []);
    assert.equal(z.size, 0);
    z.assertValid();
  });

  it('ZRANDMEMBER: single, distinct and repeating draws', () => {
    assert.equal(new ZSet().randomMember(), undefined);
    assert.deepEqual(new ZSet().randomEntries(5), []);
    const z = new ZSet();
    for (let i = 0; i < 100; i++) z.add(`m${i}`, i);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(z.randomMember()!);
    assert.ok(seen.size > 90, `only ${seen.size} members drawn`);
    assert.deepEqual(z.randomEntries(0), []);
    assert.deepEqual(z.randomEntries(100), [...z]);
    assert.deepEqual(z.randomEntries(1000), [...z]);
    for (const count of [1, 5, 33, 34, 60, 99]) {
      const got = z.randomEntries(count);
      assert.equal(got.length, count);
      assert.equal(new Set(membersOf(got)).size, count, `distinct draws of ${count}`);
      for (const [m, s] of got) assert.equal(z.score(m), s);
    }
    const repeats = z.randomEntries(-500);
    assert.equal(repeats.length, 500);
    for (const [m, s] of repeats) assert.equal(z.score(m), s);
    assert.ok(new Set(membersOf(repeats)).size < 500);
    assert.deepEqual(zsetOf(['only', 1]).randomEntries(-3), [
      ['only', 1],
      ['only', 1],
      ['only', 1],
    ]);
  });

  it('OBJECT ENCODING: listpack up to zset-max-listpack-entries, then skiplist for good', () => {
    const z = new ZSet();
    assert.equal(z.encoding, 'listpack');
    for (let i = 0; i < 128; i++) z.add(`m${i}`, i);
    assert.equal(z.encoding, 'listpack');
    z.add('m0', 1000); // an update never converts
    assert.equal(z.encoding, 'listpack');
    z.add('m128', 128);
    assert.equal(z.encoding, 'skiplist');
    for (let i = 0; i < 128; i++) z.remove(`m${i}`);
    assert.equal(z.size, 1);
    assert.equal(z.encoding, 'skiplist');
  });

  it('OBJECT ENCODING: a member longer than zset-max-listpack-value converts', () => {
    const z = new ZSet();
    z.add('x'.repeat(64), 1);
    assert.equal(z.encoding, 'listpack');
    z.add('x'.repeat(65), 1);
    assert.equal(z.encoding, 'skiplist');
    z.remove('x'.repeat(65));
    assert.equal(z.encoding, 'skiplist');
  });

  it('OBJECT ENCODING: limits come from the constructor, and a rebuilt set starts over', () => {
    const z = new ZSet(2, 3);
    z.add('a', 1);
    z.add('b', 2);
    assert.equal(z.encoding, 'listpack');
    z.add('c', 3);
    assert.equal(z.encoding, 'skiplist');
    const small = new ZSet(2, 3);
    small.add('abcd', 1);
    assert.equal(small.encoding, 'skiplist');
    const none = new ZSet(0, 64);
    none.add('a', 1);
    assert.equal(none.encoding, 'skiplist');
    // ZRANGESTORE-like rebuild of a big set into a small result.
    const rebuilt = new ZSet(2, 3);
    for (const [m, s] of z.rangeByRank(0, 1)) rebuilt.add(m, s);
    assert.equal(rebuilt.encoding, 'listpack');
    assert.equal(rebuilt.maxListpackEntries, 2);
    assert.equal(rebuilt.maxListpackValue, 3);
  });

  it('clone: an independent copy with the same encoding', () => {
    const z = new ZSet();
    for (let i = 0; i < 200; i++) z.add(`m${i}`, i % 7);
    for (let i = 0; i < 150; i++) z.remove(`m${i}`);
    const c = z.clone();
    c.assertValid();
    assert.equal(c.encoding, 'skiplist');
    assert.deepEqual([...c], [...z]);
    c.add('new', 1);
    c.remove('m199');
    z.add('m199', 100);
    c.assertValid();
    z.assertValid();
    assert.equal(z.has('new'), false);
    assert.equal(c.score('m199'), undefined);
    assert.equal(z.score('m199'), 100);
    assert.equal(zsetOf(['a', 1]).clone().encoding, 'listpack');
  });

  it('reuses freed records instead of growing', () => {
    const z = new ZSet();
    const slots = () => (z as unknown as { i32: Int32Array }).i32.length;
    for (let i = 0; i < 1000; i++) z.add(`m${i}`, i);
    const before = slots();
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 1000; i += 2) z.remove(`m${i}`);
      for (let i = 0; i < 1000; i += 2) z.add(`m${i}`, -i);
    }
    z.assertValid();
    assert.equal(slots(), before);
  });

  it('keeps its invariants through 100k inserts in order, in reverse and at random', () => {
    const asc = new ZSet();
    const desc = new ZSet();
    const rnd = new ZSet();
    const random = prng(7);
    for (let i = 0; i < 100_000; i++) {
      asc.add(`m${i}`, i);
      desc.add(`m${i}`, -i);
      rnd.add(`m${i}`, Math.floor(random() * 1000));
    }
    for (const z of [asc, desc, rnd]) {
      z.assertValid();
      assert.equal(z.size, 100_000);
    }
    assert.equal(asc.rank('m500'), 500);
    assert.equal(desc.rank('m500'), 100_000 - 501);
    assert.deepEqual(asc.rangeByRank(99_998, 99_999), [
      ['m99998', 99_998],
      ['m99999', 99_999],
    ]);
    assert.equal(asc.countInScore(inc(1000), exc(2000)), 1000);
    assert.deepEqual(membersOf(asc.rangeByScore(inc(0), inc(Infinity), { offset: 50_000, count: 2 })), [
      'm50000',
      'm50001',
    ]);
    const below500 = rnd.countInScore(inc(-Infinity), exc(500));
    const rest = rnd.size - below500;
    assert.equal(rnd.deleteRangeByScore(inc(0), exc(500)), below500);
    assert.equal(rnd.size, rest);
    assert.equal(rnd.countInScore(inc(-Infinity), exc(500)), 0);
    rnd.assertValid();
    for (let i = 0; i < 100_000; i++) asc.remove(`m${i}`);
    assert.equal(asc.size, 0);
    asc.assertValid();
  });
});

// --- randomized comparison with a naive model ---

/** A sorted array of entries: the obvious, slow implementation of the same contract. */
class Model {
  entries: ZEntry[] = [];

  private static cmp(a: ZEntry, b: ZEntry): number {
    return a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  }

  index(member: string): number {
    return this.entries.findIndex((e) => e[0] === member);
  }

  add(member: string, score: number): string {
    const i = this.index(member);
    if (i >= 0) {
      if (this.entries[i]![1] === score) return 'unchanged';
      this.entries[i] = [member, score];
      this.entries.sort(Model.cmp);
      return 'updated';
    }
    this.entries.push([member, score]);
    this.entries.sort(Model.cmp);
    return 'added';
  }

  remove(member: string): boolean {
    const i = this.index(member);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    return true;
  }

  rank(member: string, reverse: boolean): number | undefined {
    const i = this.index(member);
    if (i < 0) return undefined;
    return reverse ? this.entries.length - 1 - i : i;
  }

  rangeByRank(start: number, stop: number, reverse: boolean): ZEntry[] {
    const list = reverse ? [...this.entries].reverse() : this.entries;
    start = Math.max(start, 0);
    return start > stop ? [] : list.slice(start, stop + 1);
  }

  inScore(e: ZEntry, min: ScoreBound, max: ScoreBound): boolean {
    const s = e[1];
    return (min.exclusive ? s > min.value : s >= min.value) && (max.exclusive ? s < max.value : s <= max.value);
  }

  inLex(e: ZEntry, min: LexBound, max: LexBound): boolean {
    const m = e[0];
    const geMin = 'kind' in min ? min.kind === 'min' : min.exclusive ? m > min.value : m >= min.value;
    const leMax = 'kind' in max ? max.kind === 'max' : max.exclusive ? m < max.value : m <= max.value;
    return geMin && leMax;
  }

  static limit(list: ZEntry[], opts: RangeOptions): ZEntry[] {
    const offset = opts.offset ?? 0;
    const count = opts.count ?? -1;
    if (opts.reverse) list = [...list].reverse();
    if (offset < 0) return [];
    return count < 0 ? list.slice(offset) : list.slice(offset, offset + count);
  }

  deleteWhere(pred: (e: ZEntry) => boolean): number {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => !pred(e));
    return before - this.entries.length;
  }
}

const SCORES = [-Infinity, -2.5, -0, 0, 3.5, 1e300, Infinity];
const ALPHABET = ['a', 'b', 'c', '\x00', '\xff'];

function randomMember(random: () => number): string {
  // Mostly from a pool of a few hundred names, sometimes short odd bytes (and the empty string).
  if (random() < 0.8) return `m${Math.floor(random() * 1000)}`;
  let s = '';
  const n = Math.floor(random() * 4);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)]!;
  return s;
}

/** Special values now and then; otherwise integers, few enough that scores often tie. */
function randomScore(random: () => number): number {
  return random() < 0.15 ? SCORES[Math.floor(random() * SCORES.length)]! : Math.floor(random() * 400) - 200;
}

function randomScoreBound(random: () => number): ScoreBound {
  return { value: randomScore(random), exclusive: random() < 0.5 };
}

function randomLexBound(random: () => number, members: string[]): LexBound {
  const r = random();
  if (r < 0.1) return LEX_MIN;
  if (r < 0.2) return LEX_MAX;
  const value = r < 0.6 && members.length > 0 ? members[Math.floor(random() * members.length)]! : randomMember(random);
  return { value, exclusive: random() < 0.5 };
}

function randomOptions(random: () => number, size: number): RangeOptions {
  const opts: RangeOptions = { reverse: random() < 0.5 };
  if (random() < 0.5) {
    opts.offset = Math.floor(random() * (size + 3)) - 1;
    opts.count = Math.floor(random() * (size + 3)) - 1;
  }
  return opts;
}

function randomRankPair(random: () => number, size: number, maxWidth = size): [number, number] {
  const start = Math.floor(random() * (size + 2)) - 1;
  const stop = start + Math.floor(random() * (maxWidth + 2)) - 1;
  return [start, Math.min(stop, size + 2)];
}

/** A narrow score range, so that range deletions do not keep the set tiny. */
function narrowScoreRange(random: () => number): [ScoreBound, ScoreBound] {
  const min = randomScoreBound(random);
  const value = Number.isFinite(min.value) ? min.value + Math.floor(random() * 3) : min.value;
  return [min, { value, exclusive: random() < 0.5 }];
}

/** Each encoding on its own, and the default limits that convert midway. */
const MAKERS: Array<[string, () => ZSet]> = [
  ['converting at the default limits', () => new ZSet()],
  ['always a listpack', () => new ZSet(1e9, 1e9)],
  ['always a skiplist', () => new ZSet(0, 0)],
];

for (const [label, make] of MAKERS) describe(`ZSet against a sorted-array model (${label})`, () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`matches the model over 8000 random operations (seed ${seed})`, () => {
      const random = prng(seed);
      const z = make();
      const m = new Model();
      let largest = 0;
      for (let step = 0; step < 8000; step++) {
        const op = random();
        const where = `seed ${seed} step ${step}`;
        if (op < 0.5) {
          const member = randomMember(random);
          const score = randomScore(random);
          assert.equal(z.add(member, score), m.add(member, score), `add ${where}`);
        } else if (op < 0.58) {
          const existing = random() < 0.7 && m.entries.length > 0;
          const member = existing ? m.entries[Math.floor(random() * m.entries.length)]![0] : randomMember(random);
          assert.equal(z.remove(member), m.remove(member), `remove ${where}`);
        } else if (op < 0.65) {
          const member = randomMember(random);
          const reverse = random() < 0.5;
          assert.equal(z.rank(member, reverse), m.rank(member, reverse), `rank ${where}`);
          const i = m.index(member);
          assert.equal(z.score(member), i < 0 ? undefined : m.entries[i]![1], `score ${where}`);
        } else if (op < 0.71) {
          const [start, stop] = randomRankPair(random, m.entries.length);
          const reverse = random() < 0.5;
          const want = m.rangeByRank(start, stop, reverse);
          assert.deepEqual(z.rangeByRank(start, stop, reverse), want, `rangeByRank ${where}`);
        } else if (op < 0.81) {
          const min = randomScoreBound(random);
          const max = randomScoreBound(random);
          const opts = randomOptions(random, m.entries.length);
          const want = Model.limit(
            m.entries.filter((e) => m.inScore(e, min, max)),
            opts,
          );
          assert.deepEqual(z.rangeByScore(min, max, opts), want, `rangeByScore ${where}`);
        } else if (op < 0.87) {
          const min = randomScoreBound(random);
          const max = randomScoreBound(random);
          const want = m.entries.filter((e) => m.inScore(e, min, max)).length;
          assert.equal(z.countInScore(min, max), want, `countInScore ${where}`);
        } else if (op < 0.9) {
          const [min, max] = narrowScoreRange(random);
          const want = m.deleteWhere((e) => m.inScore(e, min, max));
          assert.equal(z.deleteRangeByScore(min, max), want, `deleteRangeByScore ${where}`);
        } else if (op < 0.92) {
          const [start, stop] = randomRankPair(random, m.entries.length, 8);
          const doomed = new Set(m.rangeByRank(start, stop, false));
          const want = m.deleteWhere((e) => doomed.has(e));
          assert.equal(z.deleteRangeByRank(start, stop), want, `deleteRangeByRank ${where}`);
        } else if (op < 0.95) {
          const count = Math.floor(random() * 6) - 1;
          const n = Math.max(0, Math.min(count, m.entries.length));
          if (random() < 0.5) {
            assert.deepEqual(z.popMin(count), m.entries.splice(0, n), `popMin ${where}`);
          } else {
            assert.deepEqual(z.popMax(count), m.entries.splice(m.entries.length - n, n).reverse(), `popMax ${where}`);
          }
        } else {
          const got = z.randomEntries(Math.floor(random() * 10) - 5);
          for (const [member, score] of got) assert.equal(z.score(member), score, `randomEntries ${where}`);
          const r = z.randomMember();
          assert.ok(r === undefined ? m.entries.length === 0 : z.has(r), `randomMember ${where}`);
        }
        assert.equal(z.size, m.entries.length, `size ${where}`);
        largest = Math.max(largest, z.size);
        if (step % 250 === 0) {
          z.assertValid();
          assert.deepEqual([...z], m.entries, `entries ${where}`);
        }
      }
      z.assertValid();
      assert.deepEqual([...z], m.entries);
      assert.deepEqual([...z.entries(true)], [...m.entries].reverse());
      assert.ok(largest > 300, `the set only reached ${largest} members`);
    });
  }

  for (const seed of [11, 12, 13]) {
    it(`matches the model on lex operations with one score (seed ${seed})`, () => {
      const random = prng(seed);
      const z = make();
      const m = new Model();
      let largest = 0;
      for (let step = 0; step < 3000; step++) {
        const op = random();
        const where = `seed ${seed} step ${step}`;
        const members = m.entries.map((e) => e[0]);
        if (op < 0.45) {
          const member = randomMember(random);
          assert.equal(z.add(member, 0), m.add(member, 0), `add ${where}`);
        } else if (op < 0.55) {
          const member = randomMember(random);
          assert.equal(z.remove(member), m.remove(member), `remove ${where}`);
        } else if (op < 0.75) {
          const min = randomLexBound(random, members);
          const max = randomLexBound(random, members);
          const opts = randomOptions(random, m.entries.length);
          const want = Model.limit(
            m.entries.filter((e) => m.inLex(e, min, max)),
            opts,
          );
          assert.deepEqual(z.rangeByLex(min, max, opts), want, `rangeByLex ${where}`);
        } else if (op < 0.97) {
          const min = randomLexBound(random, members);
          const max = randomLexBound(random, members);
          const want = m.entries.filter((e) => m.inLex(e, min, max)).length;
          assert.equal(z.countInLex(min, max), want, `countInLex ${where}`);
        } else {
          const min = randomLexBound(random, members);
          const max = randomLexBound(random, members);
          const want = m.deleteWhere((e) => m.inLex(e, min, max));
          assert.equal(z.deleteRangeByLex(min, max), want, `deleteRangeByLex ${where}`);
        }
        assert.equal(z.size, m.entries.length, `size ${where}`);
        largest = Math.max(largest, z.size);
        if (step % 250 === 0) z.assertValid();
      }
      z.assertValid();
      assert.deepEqual([...z], m.entries);
      assert.ok(largest > 100, `the set only reached ${largest} members`);
    });
  }
});

describe('ZSet: the listpack encoding', () => {
  it('holds no skip list until it converts, then converts with its contents', () => {
    const z = zsetOf(['b', 2], ['a', 1], ['c', -0]);
    assert.equal((z as unknown as { i32?: Int32Array }).i32, undefined);
    assert.equal(z.encoding, 'listpack');
    z.convertToSkiplist();
    assert.equal(z.encoding, 'skiplist');
    z.assertValid();
    assert.deepEqual([...z], [['c', -0], ['a', 1], ['b', 2]]);
    assert.ok(Object.is(z.score('c'), -0));
    z.convertToSkiplist();
    assert.equal(z.size, 3);
    const empty = new ZSet();
    empty.convertToSkiplist();
    assert.equal(empty.encoding, 'skiplist');
    empty.add('x', 1);
    empty.assertValid();
  });

  it('setListpackLimits applies from the next insertion on', () => {
    const z = zsetOf(['a', 1], ['b', 2], ['c', 3]);
    z.setListpackLimits(2, 64);
    z.add('a', 5); // an update never converts
    assert.equal(z.encoding, 'listpack');
    z.add('d', 4);
    assert.equal(z.encoding, 'skiplist');
    assert.deepEqual(membersOf([...z]), ['b', 'c', 'd', 'a']);
    z.assertValid();
  });

  it('moves updated members in place or to their new position', () => {
    const z = zsetOf(['a', 1], ['b', 2], ['c', 3], ['d', 4]);
    z.add('b', 2.5);
    z.add('a', 3);
    z.add('d', -1);
    z.add('c', 3);
    assert.deepEqual([...z], [['d', -1], ['b', 2.5], ['a', 3], ['c', 3]]);
    z.assertValid();
    assert.deepEqual(z.memberKeys().next().value, 'd');
  });

  it('lex ranges over mixed scores walk from the ends, as zzlFirstInLexRange / zzlLastInLexRange', () => {
    // In order: b(0) d(0) a(1) c(2).
    const z = zsetOf(['a', 1], ['b', 0], ['c', 2], ['d', 0]);
    assert.deepEqual(membersOf(z.rangeByLex(lin('b'), lin('c'))), ['b']);
    assert.deepEqual(membersOf(z.rangeByLex(lin('b'), lin('c'), { reverse: true })), ['c']);
    assert.equal(z.countInLex(lin('b'), lin('c')), 1);
    // zzlIsInLexRange: the tail must reach min and the head must not pass max.
    assert.deepEqual(z.rangeByLex(lin('d'), LEX_MAX), []);
    assert.deepEqual(membersOf(z.rangeByLex(LEX_MIN, lin('a'))), []);
    assert.equal(z.deleteRangeByLex(LEX_MIN, lin('b')), 1);
    assert.deepEqual(membersOf([...z]), ['d', 'a', 'c']);
    z.assertValid();
  });
});
