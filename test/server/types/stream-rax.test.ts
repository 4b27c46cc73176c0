/*
 * XINFO STREAM's radix-tree-nodes (raxNodeCount) against a model of Redis 7.0's rax.c.
 *
 * raxNodeCount computes the node count from the current node keys alone, claiming that for
 * 16-byte keys the rax is always the compressed trie of its keys, whatever the history of
 * insertions and removals. The model below replays that history: it is a port of the structural
 * part of rax.c (raxLowWalk, raxGenericInsert with its ALGO 1 / ALGO 2 splits, raxAddChild,
 * raxCompressNode, raxRemove with its cleanup and recompression, raxRemoveChild), with numnodes
 * incremented and decremented exactly where rax.c does it. Only the memory layout is left out
 * (padding, data pointers, reallocation), which never changes the node count.
 *
 * The histories are the ones a stream gives its rax: node keys inserted in increasing order
 * (streamAppendItem opens a node with the new entry's ID), the first nodes removed (XTRIM, XADD
 * MAXLEN / MINID), and any node removed (XDEL deleting a node's last live entry). The keys are
 * drawn to hit every shape: tiny and huge ID gaps, sequence-only steps, byte values confined to a
 * few values so that branches and runs of every length appear.
 */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { raxNodeCount } from '../../../src/server/commands/stream.js';
import { makeId, type StreamId } from '../../../src/server/types/stream.js';
import { prng } from '../../helpers/prng.js';

/* ------------------------------------------------------------------------------------------ */
/* A port of rax.c's structure                                                                */
/* ------------------------------------------------------------------------------------------ */

class RaxNode {
  iskey = false;
  iscompr = false;
  /** Edge bytes: the run of a compressed node, or one byte per child. */
  data: number[] = [];
  /** One child for a compressed node, else one per edge byte. */
  children: RaxNode[] = [];

  get size(): number {
    return this.data.length;
  }

  /** raxNodeLastChildPtr. */
  lastChild(): RaxNode {
    return this.children[this.children.length - 1]!;
  }
}

/** Where a node hangs: a parent's child slot, or the head pointer. */
interface Link {
  parent: RaxNode | null;
  index: number;
}

class RaxModel {
  head = new RaxNode();
  numnodes = 1;
  numele = 0;

  private setLink(link: Link, node: RaxNode): void {
    if (link.parent === null) this.head = node;
    else link.parent.children[link.index] = node;
  }

  /** raxLowWalk: the bytes matched, the stop node, its link, the split position and the stack. */
  private walk(s: number[]): { i: number; h: RaxNode; link: Link; splitpos: number; stack: RaxNode[] } {
    let h = this.head;
    let link: Link = { parent: null, index: 0 };
    const stack: RaxNode[] = [];
    let i = 0;
    let j = 0;
    while (h.size && i < s.length) {
      const v = h.data;
      if (h.iscompr) {
        for (j = 0; j < h.size && i < s.length; j++, i++) if (v[j] !== s[i]) break;
        if (j !== h.size) break;
      } else {
        for (j = 0; j < h.size; j++) if (v[j] === s[i]) break;
        if (j === h.size) break;
        i++;
      }
      stack.push(h);
      if (h.iscompr) j = 0;
      link = { parent: h, index: j };
      h = h.children[j]!;
      j = 0;
    }
    return { i, h, link, splitpos: h.iscompr ? j : 0, stack };
  }

  /** raxGenericInsert. */
  insert(s: number[]): boolean {
    const len = s.length;
    const w = this.walk(s);
    let { i, h, link } = w;
    const j = w.splitpos;
    if (i === len && (!h.iscompr || j === 0)) {
      if (h.iskey) return false;
      h.iskey = true;
      this.numele++;
      return true;
    }
    if (h.iscompr && i !== len) {
      // ALGO 1: split the compressed node at j.
      const next = h.children[0]!;
      const trimmedlen = j;
      const postfixlen = h.size - j - 1;
      const splitnode = new RaxNode();
      splitnode.data = [h.data[j]!];
      if (j === 0) {
        if (h.iskey) splitnode.iskey = true;
        this.setLink(link, splitnode);
      } else {
        const trimmed = new RaxNode();
        trimmed.data = h.data.slice(0, trimmedlen);
        trimmed.iscompr = trimmedlen > 1;
        trimmed.iskey = h.iskey;
        trimmed.children = [splitnode];
        this.setLink(link, trimmed);
        link = { parent: trimmed, index: 0 };
        this.numnodes++;
      }
      let postfix: RaxNode;
      if (postfixlen) {
        postfix = new RaxNode();
        postfix.data = h.data.slice(j + 1);
        postfix.iscompr = postfixlen > 1;
        postfix.children = [next];
        this.numnodes++;
      } else postfix = next;
      splitnode.children = [postfix];
      h = splitnode;
    } else if (h.iscompr && i === len) {
      // ALGO 2: the key ends inside the compressed node.
      const next = h.children[0]!;
      const postfix = new RaxNode();
      postfix.data = h.data.slice(j);
      postfix.iscompr = postfix.size > 1;
      postfix.iskey = true;
      postfix.children = [next];
      this.numnodes++;
      const trimmed = new RaxNode();
      trimmed.data = h.data.slice(0, j);
      trimmed.iscompr = j > 1;
      trimmed.iskey = h.iskey;
      trimmed.children = [postfix];
      this.setLink(link, trimmed);
      this.numele++;
      return true;
    }
    while (i < len) {
      const child = new RaxNode();
      if (h.size === 0 && len - i > 1) {
        // raxCompressNode: the rest of the key as one run (RAX_NODE_MAX_SIZE is far away).
        h.iscompr = true;
        h.data = s.slice(i);
        h.children = [child];
        i = len;
      } else {
        // raxAddChild, keeping the edge bytes sorted.
        assert.equal(h.iscompr, false);
        let pos = 0;
        while (pos < h.size && h.data[pos]! <= s[i]!) pos++;
        h.data.splice(pos, 0, s[i]!);
        h.children.splice(pos, 0, child);
        i++;
      }
      this.numnodes++;
      h = child;
    }
    if (!h.iskey) this.numele++;
    h.iskey = true;
    return true;
  }

  /** raxRemoveChild (in place: rax.c's reallocation does not change the structure). */
  private removeChild(parent: RaxNode, child: RaxNode): void {
    if (parent.iscompr) {
      parent.iscompr = false;
      parent.data = [];
      parent.children = [];
      return;
    }
    const k = parent.children.indexOf(child);
    parent.data.splice(k, 1);
    parent.children.splice(k, 1);
  }

  /** raxRemove. */
  remove(s: number[]): boolean {
    const w = this.walk(s);
    let h = w.h;
    const stack = w.stack;
    if (w.i !== s.length || (h.iscompr && w.splitpos !== 0) || !h.iskey) return false;
    h.iskey = false;
    this.numele--;
    let trycompress = false;
    if (h.size === 0) {
      let child: RaxNode | null = null;
      while (h !== this.head) {
        child = h;
        this.numnodes--;
        h = stack.pop()!;
        if (h.iskey || (!h.iscompr && h.size !== 1)) break;
      }
      if (child) {
        this.removeChild(h, child);
        if (h.size === 1 && !h.iskey) trycompress = true;
      }
    } else if (h.size === 1) {
      trycompress = true;
    }
    if (trycompress) {
      let parent: RaxNode | undefined;
      for (;;) {
        parent = stack.pop();
        if (!parent || parent.iskey || (!parent.iscompr && parent.size !== 1)) break;
        h = parent;
      }
      const start = h;
      let nodes = 1;
      while (h.size !== 0) {
        h = h.lastChild();
        if (h.iskey || (!h.iscompr && h.size !== 1)) break;
        nodes++;
      }
      if (nodes > 1) {
        const merged = new RaxNode();
        merged.iscompr = true;
        this.numnodes++;
        h = start;
        while (h.size !== 0) {
          merged.data.push(...h.data);
          h = h.lastChild();
          this.numnodes--;
          if (h.iskey || (!h.iscompr && h.size !== 1)) break;
        }
        merged.children = [h];
        if (parent) parent.children[parent.children.indexOf(start)] = merged;
        else this.head = merged;
      }
    }
    return true;
  }

  /** The nodes actually reachable (a check on numnodes itself). */
  reachable(): number {
    let count = 0;
    const todo = [this.head];
    while (todo.length > 0) {
      const x = todo.pop()!;
      count++;
      todo.push(...x.children);
    }
    return count;
  }
}

/** streamEncodeID: ms then seq, both big-endian 64-bit. */
function keyBytes(id: StreamId): number[] {
  const b = new Array<number>(16);
  let v = id;
  for (let i = 15; i >= 0; i--) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return b;
}

const U64 = (1n << 64n) - 1n;
const U128 = (1n << 128n) - 1n;

/** A stream's rax: node keys in increasing order, the model and the sorted key list side by side. */
class Scenario {
  readonly rax = new RaxModel();
  readonly keys: StreamId[] = [];

  add(id: StreamId): void {
    if (this.keys.length > 0) assert.ok(id > this.keys[this.keys.length - 1]!, 'node keys grow');
    assert.equal(this.rax.insert(keyBytes(id)), true);
    this.keys.push(id);
  }

  removeAt(index: number): void {
    const [id] = this.keys.splice(index, 1);
    assert.equal(this.rax.remove(keyBytes(id!)), true);
  }

  check(what: string): void {
    assert.equal(this.rax.numele, this.keys.length);
    assert.equal(this.rax.reachable(), this.rax.numnodes, `${what}: numnodes counts the reachable nodes`);
    assert.equal(raxNodeCount(this.keys), this.rax.numnodes, `${what}: ${this.keys.length} keys`);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Tests                                                                                       */
/* ------------------------------------------------------------------------------------------ */

describe('raxNodeCount (XINFO STREAM radix-tree-nodes)', () => {
  it('an empty rax is its head; one key is the head run and its leaf', () => {
    assert.equal(raxNodeCount([]), 1);
    assert.equal(raxNodeCount([makeId(1n, 0n)]), 2);
    assert.equal(raxNodeCount([0n]), 2);
    assert.equal(raxNodeCount([U128]), 2);
  });

  it('hand-counted shapes', () => {
    // Two keys differing in the last byte: a 15-byte run, a branch, two leaves.
    assert.equal(raxNodeCount([makeId(1n, 0n), makeId(1n, 1n)]), 4);
    // Differing in the first byte: a branch at the head, then a run and a leaf under each byte.
    assert.equal(raxNodeCount([makeId(0n, 0n), makeId(1n << 56n, 0n)]), 5);
    // Differing in byte 14: a run, a branch, then one-byte runs and leaves.
    assert.equal(raxNodeCount([makeId(1n, 0n), makeId(1n, 256n)]), 6);
    // A branch with three children at byte 15 under a run.
    assert.equal(raxNodeCount([makeId(1n, 0n), makeId(1n, 1n), makeId(1n, 2n)]), 5);
    // Nested branches: seq 0, 1 (branch at byte 15) and 256 (branch at byte 14): a run, the branch
    // at 14, the branch at 15 with two leaves, a one-byte run and a leaf.
    assert.equal(raxNodeCount([makeId(1n, 0n), makeId(1n, 1n), makeId(1n, 256n)]), 7);
  });

  it('matches the rax.c model for streams grown in order (every ID gap)', () => {
    const gaps: Array<[string, (r: () => number) => bigint]> = [
      ['seq + 1', () => 1n],
      ['seq + 100', () => 100n],
      ['ms + 1', () => 1n << 64n],
      ['ms + random', (r) => BigInt(1 + Math.floor(r() * 5000)) << 64n],
      ['big ms gaps', (r) => BigInt(Math.floor(r() * 2 ** 40)) << 64n],
      ['any gap', (r) => (BigInt(Math.floor(r() * 2 ** 52)) << BigInt(Math.floor(r() * 70))) + 1n],
    ];
    for (const [name, gap] of gaps) {
      const r = prng(name.length * 7919);
      const sc = new Scenario();
      sc.check(`${name} empty`);
      let id = makeId(BigInt(Math.floor(r() * 2 ** 41)), 0n);
      for (let n = 0; n < 1500; n++) {
        sc.add(id);
        if (n < 40 || n % 50 === 0) sc.check(`${name} after ${n + 1} inserts`);
        id += gap(r);
        if (id > U128) break;
      }
      sc.check(`${name} end`);
    }
  });

  it('matches the rax.c model under trims of the first nodes and removals of any node', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = prng(seed);
      const sc = new Scenario();
      // Confine the ID to a few byte values so that branches and runs of every length appear.
      const bytes = [0, 1, 2, 128, 255].slice(0, 2 + (seed % 4));
      const next = (after: StreamId | undefined): StreamId | null => {
        for (let tries = 0; tries < 50; tries++) {
          let id = 0n;
          const keep = Math.floor(r() * 16);
          for (let b = 0; b < 16; b++) {
            const byte = b < keep && after !== undefined ? Number((after >> BigInt(8 * (15 - b))) & 0xffn) : bytes[Math.floor(r() * bytes.length)]!;
            id = (id << 8n) | BigInt(byte);
          }
          if (after === undefined || id > after) return id;
        }
        return after === undefined || after >= U128 ? null : after + 1n;
      };
      for (let step = 0; step < 400; step++) {
        const q = r();
        if (q < 0.6 || sc.keys.length === 0) {
          const id = next(sc.keys[sc.keys.length - 1]);
          if (id === null) continue;
          sc.add(id);
        } else if (q < 0.75) {
          const k = 1 + Math.floor(r() * Math.min(4, sc.keys.length));
          for (let x = 0; x < k; x++) sc.removeAt(0);
        } else {
          sc.removeAt(Math.floor(r() * sc.keys.length));
        }
        sc.check(`seed ${seed} step ${step}`);
      }
      while (sc.keys.length > 0) {
        sc.removeAt(Math.floor(r() * sc.keys.length));
        sc.check(`seed ${seed} draining`);
      }
    }
  });

  it('matches the rax.c model for stream-like IDs: ms from a clock, sequences, XDEL of whole nodes', () => {
    const r = prng(4242);
    const sc = new Scenario();
    let ms = 1700000000000n;
    let seq = 0n;
    for (let step = 0; step < 5000; step++) {
      const q = r();
      if (q < 0.7 || sc.keys.length < 3) {
        if (r() < 0.5) {
          ms += BigInt(Math.floor(r() * (r() < 0.1 ? 1e9 : 300)));
          seq = 0n;
        } else seq += BigInt(1 + Math.floor(r() * 120));
        if (seq > U64) continue;
        const id = makeId(ms, seq);
        if (sc.keys.length > 0 && id <= sc.keys[sc.keys.length - 1]!) continue;
        sc.add(id);
      } else if (q < 0.85) sc.removeAt(0);
      else sc.removeAt(Math.floor(r() * sc.keys.length));
      if (step % 25 === 0) sc.check(`step ${step}`);
    }
    sc.check('end');
  });
});
