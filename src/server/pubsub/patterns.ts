/*
 * The pattern index: PSUBSCRIBE patterns, found by PUBLISH without testing every one of them.
 *
 * Redis keeps its patterns in one dictionary and runs stringmatchlen against each on every
 * PUBLISH: O(patterns) per message, whatever the channel. Pigeon indexes each pattern by its
 * literal prefix, the bytes before its first special character (`*`, `?`, `[` or `\`), in a trie
 * keyed by byte. A channel can only match a pattern whose literal prefix is a prefix of the
 * channel (the matcher consumes those bytes one for one), so PUBLISH walks the trie along the
 * channel's bytes and runs the matcher only on the patterns hanging from the nodes it passes:
 *
 *   patterns  news.*  news.sport.?  n[ae]ws  *.eu  chat
 *
 *   (root) ── *.eu                          prefix ""
 *    ├ n ── n[ae]ws                         prefix "n"
 *    │  └ e ─ w ─ s ─ . ── news.*           prefix "news."
 *    │                 └ s ─ p ─ o ─ r ─ t ─ . ── news.sport.?
 *    └ c ─ h ─ a ─ t ── chat                a pattern without special bytes
 *
 * PUBLISH news.sport.x visits root, n, ne, new, news, news., ..., news.sport. and tests *.eu,
 * n[ae]ws, news.* and news.sport.?; `chat` and every pattern under other first bytes cost nothing.
 * The walk is O(length of the channel) and allocates nothing; a trie node exists only on the path
 * of some pattern's prefix and is pruned when its last pattern goes. Patterns that start with a
 * special byte (`*.eu`) hang from the root and are tried on every PUBLISH, as in Redis: the index
 * saves the work for patterns that say something about the start of the channel.
 *
 * Matching keeps Redis's stringmatchlen semantics (keyspace/glob.ts): the index only decides which
 * patterns to try. `\` ends the prefix although an escaped byte is also literal: conservative and
 * simple. The visiting order (shorter prefixes first, then insertion order) stands in for the
 * order of Redis's dictionary, which is randomised per process anyway.
 */

import { stringmatchlen } from '../keyspace/glob.js';

const STAR = 42;
const QUESTION = 63;
const OPEN = 91;
const BACKSLASH = 92;

/** Length of the literal prefix of a glob pattern: the bytes before its first special byte. */
export function literalPrefixLength(pattern: string): number {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charCodeAt(i);
    if (ch === STAR || ch === QUESTION || ch === OPEN || ch === BACKSLASH) return i;
  }
  return pattern.length;
}

interface TrieNode<T> {
  children: Map<number, TrieNode<T>> | null;
  /** Patterns whose literal prefix ends at this node, each with its subscribers. */
  patterns: Map<string, Set<T>> | null;
  /** Patterns in this subtree (pruning). */
  count: number;
}

function node<T>(): TrieNode<T> {
  return { children: null, patterns: null, count: 0 };
}

export class PatternIndex<T> {
  private readonly root: TrieNode<T> = node();
  private distinct = 0;

  /** Number of distinct patterns (PUBSUB NUMPAT, INFO pubsub_patterns). */
  get size(): number {
    return this.distinct;
  }

  /** Add a subscriber to a pattern; false when it was already there. */
  add(pattern: string, sub: T): boolean {
    const end = literalPrefixLength(pattern);
    let n = this.root;
    const path: TrieNode<T>[] = [n];
    for (let i = 0; i < end; i++) {
      const ch = pattern.charCodeAt(i);
      n.children ??= new Map();
      let next = n.children.get(ch);
      if (next === undefined) {
        next = node();
        n.children.set(ch, next);
      }
      n = next;
      path.push(n);
    }
    n.patterns ??= new Map();
    let subs = n.patterns.get(pattern);
    if (subs === undefined) {
      subs = new Set();
      n.patterns.set(pattern, subs);
      this.distinct++;
      for (const p of path) p.count++;
    }
    if (subs.has(sub)) return false;
    subs.add(sub);
    return true;
  }

  /** Remove a subscriber from a pattern; false when it was not there. */
  remove(pattern: string, sub: T): boolean {
    const end = literalPrefixLength(pattern);
    const path: TrieNode<T>[] = [this.root];
    let n: TrieNode<T> | undefined = this.root;
    for (let i = 0; i < end && n !== undefined; i++) {
      n = n.children?.get(pattern.charCodeAt(i));
      if (n !== undefined) path.push(n);
    }
    const subs = n?.patterns?.get(pattern);
    if (n === undefined || subs === undefined || !subs.delete(sub)) return false;
    if (subs.size > 0) return true;
    n.patterns!.delete(pattern);
    if (n.patterns!.size === 0) n.patterns = null;
    this.distinct--;
    for (const p of path) p.count--;
    // Prune the nodes no pattern needs any more, from the deepest up.
    for (let i = path.length - 1; i > 0; i--) {
      if (path[i]!.count !== 0) break;
      const parent = path[i - 1]!;
      parent.children!.delete(pattern.charCodeAt(i - 1));
      if (parent.children!.size === 0) parent.children = null;
    }
    return true;
  }

  /** Subscribers of a pattern, or undefined. */
  get(pattern: string): Set<T> | undefined {
    const end = literalPrefixLength(pattern);
    let n: TrieNode<T> | undefined = this.root;
    for (let i = 0; i < end && n !== undefined; i++) n = n.children?.get(pattern.charCodeAt(i));
    return n?.patterns?.get(pattern);
  }

  /** Call `fn` for every pattern that matches `channel` (Redis's stringmatchlen, case-sensitive). */
  match(channel: string, fn: (pattern: string, subs: Set<T>) => void): void {
    let n: TrieNode<T> | undefined = this.root;
    const len = channel.length;
    for (let i = 0; ; i++) {
      const ps = n.patterns;
      if (ps !== null) {
        for (const [pattern, subs] of ps) {
          if (stringmatchlen(pattern, channel)) fn(pattern, subs);
        }
      }
      if (i === len || n.children === null) return;
      n = n.children.get(channel.charCodeAt(i));
      if (n === undefined) return;
    }
  }

  /** Every pattern with its subscribers. */
  *entries(): IterableIterator<[string, Set<T>]> {
    const stack: TrieNode<T>[] = [this.root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.patterns !== null) yield* n.patterns;
      if (n.children !== null) for (const child of n.children.values()) stack.push(child);
    }
  }
}
