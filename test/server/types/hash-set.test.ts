/*
 * The hash and set value types (src/server/types/hash.ts, set.ts), tested directly, without a
 * socket. The wire behaviour is pinned by the differential
 * suites (test/differential/hash.test.ts, set.test.ts); these tests cover the rules those build on.
 */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HashValue } from '../../../src/server/types/hash.js';
import { SetValue, compareIntStrings, isIntsetMember } from '../../../src/server/types/set.js';

describe('HashValue', () => {
  it('keeps insertion order, updates in place, and closes gaps on delete', () => {
    const h = new HashValue();
    for (const f of ['c', 'a', 'b']) h.set(f, f.toUpperCase(), 128, 64);
    assert.equal(h.set('a', 'x', 128, 64), false);
    assert.equal(h.delete('c'), true);
    assert.equal(h.delete('c'), false);
    h.set('c', 'C', 128, 64);
    assert.deepEqual([...h.map], [['a', 'x'], ['b', 'B'], ['c', 'C']]);
  });

  it('converts to hashtable past the entry limit, and never back', () => {
    const h = new HashValue();
    for (let i = 0; i < 4; i++) h.set(`f${i}`, 'v', 4, 64);
    assert.equal(h.encoding, 'listpack');
    h.set('f4', 'v', 4, 64);
    assert.equal(h.encoding, 'hashtable');
    for (let i = 0; i < 5; i++) h.delete(`f${i}`);
    h.set('x', 'y', 4, 64);
    assert.equal(h.encoding, 'hashtable');
  });

  it('converts on a long field or value, and tryConversion looks at the arguments first', () => {
    const a = new HashValue();
    a.set('f', 'x'.repeat(9), 128, 8);
    assert.equal(a.encoding, 'hashtable');
    const b = new HashValue();
    b.tryConversion(['HSET', 'k', 'f', '12345678'], 2, 3, 8);
    assert.equal(b.encoding, 'listpack');
    b.tryConversion(['HSET', 'k', 'f', '123456789'], 2, 3, 8);
    assert.equal(b.encoding, 'hashtable');
  });

  it('clone() is deep and keeps the encoding', () => {
    const h = new HashValue();
    h.set('a', '1', 128, 64);
    h.listpack = false;
    const c = h.clone();
    c.set('b', '2', 128, 64);
    assert.equal(h.size, 1);
    assert.equal(c.encoding, 'hashtable');
  });

  it('pickRandom() returns live fields of small and large hashes, deleted ones never', () => {
    for (const n of [1, 10, 1000]) {
      const h = new HashValue();
      for (let i = 0; i < n; i++) h.set(`f${i}`, 'v', 128, 64);
      for (let i = 0; i < n; i += 2) if (n > 1) h.delete(`f${i}`);
      const seen = new Set<string>();
      for (let i = 0; i < 5000; i++) {
        const f = h.pickRandom();
        assert.ok(h.has(f), `picked a deleted field ${f}`);
        seen.add(f);
      }
      if (n === 10) assert.equal(seen.size, 5, 'every live field of a small hash comes up');
      if (n === 1000) assert.ok(seen.size > 400, `only ${seen.size} distinct fields of 500 in 5000 picks`);
    }
  });
});

describe('SetValue', () => {
  it('recognises intset members as Redis string2ll does', () => {
    for (const s of ['0', '7', '-1', '10', '9223372036854775807', '-9223372036854775808']) assert.ok(isIntsetMember(s), s);
    for (const s of ['', '-', '-0', '01', '+1', ' 1', '1 ', '1.0', '9223372036854775808', '-9223372036854775809', '0x1', '１']) {
      assert.ok(!isIntsetMember(s), JSON.stringify(s));
    }
  });

  it('orders canonical integers numerically over the whole int64 range', () => {
    const values = ['5', '-1', '0', '10', '-10', '9223372036854775807', '-9223372036854775808', '99', '-9', '100'];
    const sorted = [...values].sort(compareIntStrings);
    const expected = [...values].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    assert.deepEqual(sorted, expected);
  });

  it('iterates an intset ascending and a hashtable in insertion order', () => {
    const s = SetValue.forMember('3');
    for (const m of ['3', '1', '2', '-5']) s.add(m, 512);
    assert.equal(s.encoding, 'intset');
    assert.deepEqual([...s.values()], ['-5', '1', '2', '3']);
    s.delete('2');
    s.add('0', 512);
    assert.deepEqual(s.toArray(), ['-5', '0', '1', '3']);
    s.add('x', 512);
    assert.equal(s.encoding, 'hashtable');
    assert.deepEqual([...s.values()], ['3', '1', '-5', '0', 'x']);
  });

  it('converts past set-max-intset-entries and on a non-integer, never back', () => {
    const s = new SetValue();
    for (let i = 0; i < 4; i++) s.add(String(i), 4);
    assert.equal(s.encoding, 'intset');
    s.add('4', 4);
    assert.equal(s.encoding, 'hashtable');
    for (let i = 0; i < 5; i++) s.delete(String(i));
    s.add('1', 4);
    assert.equal(s.encoding, 'hashtable');
    assert.equal(SetValue.forMember('a').encoding, 'hashtable');
    assert.equal(SetValue.forMember('-3').encoding, 'intset');
  });

  it('clone() is deep and keeps the encoding', () => {
    const s = SetValue.forMember('1');
    s.add('1', 512);
    const c = s.clone();
    c.add('x', 512);
    assert.equal(s.encoding, 'intset');
    assert.equal(s.size, 1);
    assert.equal(c.encoding, 'hashtable');
  });
});
