/*
 * The list deque (src/server/types/list.ts) on its own, without a socket: every operation checked
 * against a plain array model over long seeded random runs (so the ring buffer wraps, grows and
 * shrinks many times), plus the edge cases of each operation and the grow / shrink policy.
 */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ListValue } from '../../../src/server/types/list.js';
import { prng } from '../../helpers/prng.js';

function check(l: ListValue, model: string[], what: string): void {
  assert.equal(l.length, model.length, `${what}: length`);
  assert.deepEqual(l.toArray(), model, `${what}: contents`);
  assert.ok(l.capacity >= l.length, `${what}: capacity`);
  assert.equal(l.capacity & (l.capacity - 1), 0, `${what}: capacity is a power of two`);
}

/** The model of removeMatching: remove up to `limit` (0 = all) matches from one end. */
function modelRemove(model: string[], value: string, limit: number, fromTail: boolean): number {
  const idx: number[] = [];
  if (fromTail) {
    for (let i = model.length - 1; i >= 0; i--) if (model[i] === value && (limit === 0 || idx.length < limit)) idx.push(i);
  } else {
    for (let i = 0; i < model.length; i++) if (model[i] === value && (limit === 0 || idx.length < limit)) idx.push(i);
  }
  idx.sort((a, b) => b - a);
  for (const i of idx) model.splice(i, 1);
  return idx.length;
}

describe('ListValue', () => {
  it('ListValue: is a quicklist for OBJECT ENCODING, whatever its size (Redis 7.0)', () => {
    const l = new ListValue();
    assert.equal(l.type, 'list');
    assert.equal(l.encoding, 'quicklist');
    for (let i = 0; i < 1000; i++) l.pushRight('x'.repeat(100));
    assert.equal(l.encoding, 'quicklist');
    l.trim(999, 0);
    assert.equal(l.encoding, 'quicklist');
  });

  it('ListValue: pushes and pops at both ends', () => {
    const l = new ListValue();
    assert.equal(l.popLeft(), undefined);
    assert.equal(l.popRight(), undefined);
    l.pushRight('b');
    l.pushLeft('a');
    l.pushRight('c');
    assert.deepEqual(l.toArray(), ['a', 'b', 'c']);
    assert.equal(l.at(0), 'a');
    assert.equal(l.at(2), 'c');
    assert.equal(l.popLeft(), 'a');
    assert.equal(l.popRight(), 'c');
    assert.equal(l.popRight(), 'b');
    assert.equal(l.length, 0);
    assert.equal(l.popLeft(), undefined);
  });

  it('ListValue: grows by doubling and shrinks when a quarter full', () => {
    const l = new ListValue();
    assert.equal(l.capacity, 4);
    for (let i = 0; i < 1000; i++) l.pushLeft(String(i));
    assert.equal(l.capacity, 1024);
    for (let i = 0; i < 990; i++) l.popRight();
    assert.ok(l.capacity <= 64, `capacity ${l.capacity} after draining`);
    assert.deepEqual(l.toArray(), ['999', '998', '997', '996', '995', '994', '993', '992', '991', '990']);
    l.trim(10, 0);
    assert.equal(l.capacity, 4);
    assert.equal(l.length, 0);
  });

  it('ListValue: reserve() makes room once, from() and clone() copy', () => {
    const l = ListValue.from(['a', 'b', 'c']);
    l.reserve(100);
    assert.equal(l.capacity, 128);
    assert.deepEqual(l.toArray(), ['a', 'b', 'c']);
    const copy = l.clone();
    copy.pushRight('d');
    copy.set(0, 'z');
    assert.deepEqual(l.toArray(), ['a', 'b', 'c']);
    assert.deepEqual(copy.toArray(), ['z', 'b', 'c', 'd']);
    assert.deepEqual(ListValue.from([]).toArray(), []);
  });

  it('ListValue: insert and removeAt at the ends and in the middle, wrapped around', () => {
    for (let start = 0; start < 8; start++) {
      // Rotate the head to every slot of an 8-slot buffer before inserting.
      const l = new ListValue(8);
      for (let i = 0; i < start; i++) l.pushRight('_');
      for (let i = 0; i < start; i++) l.popLeft();
      const model: string[] = [];
      for (const [i, v] of [[0, 'a'], [1, 'c'], [1, 'b'], [3, 'd'], [0, '0'], [2, 'x'], [6, 'e']] as const) {
        l.insert(i, v);
        model.splice(i, 0, v);
        check(l, model, `insert ${i} at head ${start}`);
      }
      for (const i of [3, 0, 4, 1, 0, 1, 0]) {
        assert.equal(l.removeAt(i), model[i]);
        model.splice(i, 1);
        check(l, model, `removeAt ${i} at head ${start}`);
      }
    }
  });

  it('ListValue: removeMatching removes from the head or the tail, up to a limit', () => {
    const base = ['a', 'x', 'b', 'x', 'x', 'c', 'x', 'd', 'x'];
    for (const fromTail of [false, true]) {
      for (let limit = 0; limit <= 6; limit++) {
        const l = ListValue.from(base);
        const model = base.slice();
        assert.equal(l.removeMatching('x', limit, fromTail), modelRemove(model, 'x', limit, fromTail));
        check(l, model, `limit ${limit} fromTail ${fromTail}`);
      }
    }
    const l = ListValue.from(['a', 'b']);
    assert.equal(l.removeMatching('z', 0, false), 0);
    assert.equal(l.removeMatching('a', 0, true), 1);
    assert.equal(l.removeMatching('b', 1, false), 1);
    assert.equal(l.length, 0);
  });

  it('ListValue: indexOf finds the first match from the head', () => {
    const l = ListValue.from(['a', 'b', 'a']);
    assert.equal(l.indexOf('a'), 0);
    assert.equal(l.indexOf('b'), 1);
    assert.equal(l.indexOf('c'), -1);
    assert.equal(l.indexOf(''), -1);
  });

  it('ListValue: trim removes from both ends, or everything', () => {
    const l = ListValue.from(['a', 'b', 'c', 'd', 'e']);
    l.trim(1, 2);
    assert.deepEqual(l.toArray(), ['b', 'c']);
    l.trim(0, 0);
    assert.deepEqual(l.toArray(), ['b', 'c']);
    l.trim(1, 1);
    assert.deepEqual(l.toArray(), []);
    assert.deepEqual(l.slice(0, 0), []);
  });

  for (const seed of [1, 2, 3, 42, 1234]) {
    it(`ListValue: random operations match an array model (seed ${seed})`, () => {
      const rnd = prng(seed);
      const l = new ListValue();
      const model: string[] = [];
      const pick = (): string => String(Math.floor(rnd() * 8));
      for (let step = 0; step < 20_000; step++) {
        const op = Math.floor(rnd() * 100);
        const n = model.length;
        const what = `seed ${seed} step ${step} op ${op}`;
        if (op < 25) {
          const v = pick();
          l.pushLeft(v);
          model.unshift(v);
        } else if (op < 50) {
          const v = pick();
          l.pushRight(v);
          model.push(v);
        } else if (op < 62) {
          assert.equal(l.popLeft(), model.shift(), what);
        } else if (op < 74) {
          assert.equal(l.popRight(), model.pop(), what);
        } else if (op < 78 && n > 0) {
          const i = Math.floor(rnd() * n);
          assert.equal(l.at(i), model[i], what);
          const v = pick();
          l.set(i, v);
          model[i] = v;
        } else if (op < 83) {
          const i = Math.floor(rnd() * (n + 1));
          const v = pick();
          l.insert(i, v);
          model.splice(i, 0, v);
        } else if (op < 87 && n > 0) {
          const i = Math.floor(rnd() * n);
          assert.equal(l.removeAt(i), model.splice(i, 1)[0], what);
        } else if (op < 90) {
          const v = pick();
          const limit = Math.floor(rnd() * 4);
          const fromTail = rnd() < 0.5;
          assert.equal(l.removeMatching(v, limit, fromTail), modelRemove(model, v, limit, fromTail), what);
        } else if (op < 92) {
          const left = Math.floor(rnd() * (n + 2));
          const right = Math.floor(rnd() * (n + 2));
          l.trim(left, right);
          if (left + right >= n) {
            model.length = 0;
          } else {
            model.splice(0, left);
            model.splice(model.length - right, right);
          }
        } else if (op < 94) {
          const v = pick();
          assert.equal(l.indexOf(v), model.indexOf(v), what);
        } else if (op < 96 && n > 0) {
          const start = Math.floor(rnd() * n);
          const count = Math.floor(rnd() * (n - start + 1));
          assert.deepEqual(l.slice(start, count), model.slice(start, start + count), what);
        } else if (op < 97) {
          l.reserve(Math.floor(rnd() * 64));
        } else {
          // Bursts, so the buffer grows and shrinks through several sizes.
          const k = Math.floor(rnd() * 300);
          if (rnd() < 0.5) {
            for (let i = 0; i < k; i++) {
              const v = pick();
              if (i % 2 === 0) {
                l.pushRight(v);
                model.push(v);
              } else {
                l.pushLeft(v);
                model.unshift(v);
              }
            }
          } else {
            for (let i = 0; i < k; i++) assert.equal(i % 2 === 0 ? l.popLeft() : l.popRight(), i % 2 === 0 ? model.shift() : model.pop(), what);
          }
        }
        if (step % 97 === 0) check(l, model, what);
      }
      check(l, model, `seed ${seed} end`);
    });
  }
});
