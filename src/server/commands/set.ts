/*
 * Set commands: SADD, SREM, SISMEMBER, SMISMEMBER, SMEMBERS, SCARD, SPOP, SRANDMEMBER, SMOVE,
 * SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE, SSCAN (Redis 7.0 t_set.c).
 *
 * The data structure and its intset / hashtable encoding rules live in types/set.ts. Redis's
 * observable behaviour that this file reproduces:
 *
 *   - SMEMBERS is SINTER of one key in Redis 7.0: a RESP3 set reply, the members in the set's
 *     order (ascending for an intset);
 *   - SINTER / SINTERCARD / SINTERSTORE look every key up (a missing key is an empty set, but a
 *     wrong type later in the list is still reported), then walk the smallest set and keep the
 *     members found in all the others; the walk order is the smallest set's order;
 *   - SUNION / SDIFF (and SPOP with a count >= the size) build their result as a new set that
 *     starts as an intset, so an all-integer result comes back sorted, exactly as in Redis;
 *   - the *STORE variants overwrite the destination whatever its type (clearing its TTL), or delete
 *     it when the result is empty (with a `del` event), and count one change in server.dirty;
 *   - SPOP and SRANDMEMBER parse their counts with different rules and errors (getPositiveLong vs
 *     getRangeLong), and answer a missing key with an empty set (`~0`) and an empty array (`*0`)
 *     respectively; random picks are random, not Redis's sequence;
 *   - SSCAN of an intset replies everything at once with cursor 0, as Redis does for small
 *     encodings; a hashtable is walked through the broker's live-iterator cursors.
 *
 * Side effects after a change: db.modified(key), keyspace events (`sadd`, `srem`, `spop`,
 * `sinterstore`, `sunionstore`, `sdiffstore`, and `del` when a set is emptied or a destination
 * removed), server.dirty, as t_set.c does them.
 */

import type { CommandSpec } from '../command.js';
import type { Client } from '../client.js';
import { Err } from '../errors.js';
import { readTyped, removeMembers, typedScan, writeTyped } from '../keyspace/lookup.js';
import { parseBigInt64, parseInt64 } from '../args.js';
import { stringmatchlen } from '../keyspace/glob.js';
import { replyScan } from '../keyspace/scan.js';
import { SetValue } from '../types/set.js';
import { sampleDistinct } from './hash.js';
import { keepOriginalArgv } from '../dispatcher.js';

const RANGE_ERR = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';

function maxIntset(c: Client): number {
  return c.broker.config.num('set-max-intset-entries');
}

/** A set reply (RESP3 `~`) of the given members. */
function replyMembers(c: Client, members: Iterable<string>, size: number): void {
  const r = c.r;
  r.set(size);
  for (const m of members) r.bulk(m);
}

// SADD key member [member ...]
function sadd(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const db = c.db;
  const v = db.get(key);
  let s: SetValue;
  if (v === undefined) {
    s = SetValue.forMember(argv[2]!);
    db.put(key, s);
  } else if (v instanceof SetValue) {
    s = v;
  } else {
    c.r.error(Err.WRONGTYPE);
    return;
  }
  const max = s.intset ? maxIntset(c) : 0;
  let added = 0;
  for (let i = 2; i < argv.length; i++) {
    if (s.add(argv[i]!, max)) added++;
  }
  if (added > 0) {
    db.modified(key);
    c.broker.notify(db, 'sadd', key);
    c.broker.dirty += added;
  }
  c.r.int(added);
}

// SREM key member [member ...]
function srem(c: Client, argv: string[]): void {
  removeMembers(c, argv, SetValue, deleteMember, 'srem');
}

function deleteMember(s: SetValue, member: string): boolean {
  return s.delete(member);
}

// SMOVE source destination member
function smove(c: Client, argv: string[]): void {
  const srcKey = argv[1]!;
  const dstKey = argv[2]!;
  const member = argv[3]!;
  const db = c.db;
  const src = db.get(srcKey);
  const dst = db.get(dstKey);
  if (src === undefined) {
    c.r.int(0);
    return;
  }
  if (!(src instanceof SetValue) || (dst !== undefined && !(dst instanceof SetValue))) {
    c.r.error(Err.WRONGTYPE);
    return;
  }
  if (src === dst) {
    c.r.int(src.has(member) ? 1 : 0);
    return;
  }
  if (!src.delete(member)) {
    c.r.int(0);
    return;
  }
  const b = c.broker;
  b.notify(db, 'srem', srcKey);
  if (src.size === 0) {
    db.removeKey(srcKey);
    b.notify(db, 'del', srcKey);
  }
  let target = dst;
  if (target === undefined) {
    target = SetValue.forMember(member);
    db.put(dstKey, target);
  }
  db.modified(srcKey);
  b.dirty++;
  if (target.add(member, target.intset ? maxIntset(c) : 0)) {
    b.dirty++;
    db.modified(dstKey);
    b.notify(db, 'sadd', dstKey);
  }
  c.r.int(1);
}

// SISMEMBER key member
function sismember(c: Client, argv: string[]): void {
  const s = readTyped(c, argv[1]!, SetValue);
  if (s === undefined) return;
  c.r.int(s !== null && s.has(argv[2]!) ? 1 : 0);
}

// SMISMEMBER key member [member ...]
function smismember(c: Client, argv: string[]): void {
  const s = readTyped(c, argv[1]!, SetValue);
  if (s === undefined) return;
  const r = c.r;
  r.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) r.int(s !== null && s.has(argv[i]!) ? 1 : 0);
}

// SCARD key
function scard(c: Client, argv: string[]): void {
  const s = readTyped(c, argv[1]!, SetValue);
  if (s === undefined) return;
  c.r.int(s === null ? 0 : s.size);
}

// SPOP key [count]
function spop(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    spopWithCount(c, argv);
    return;
  }
  if (argv.length > 3) {
    c.r.error(Err.SYNTAX);
    return;
  }
  const key = argv[1]!;
  const s = writeTyped(c, key, SetValue);
  if (s === undefined) return;
  if (s === null) {
    c.r.null();
    return;
  }
  const member = s.pickRandom();
  s.delete(member);
  const b = c.broker;
  b.notify(c.db, 'spop', key);
  c.r.bulk(member);
  if (s.size === 0) {
    c.db.removeKey(key);
    b.notify(c.db, 'del', key);
  }
  c.db.modified(key);
  b.dirty++;
  // Propagated as SREM key member.
  keepOriginalArgv(c, argv);
  argv[0] = 'SREM';
  argv[2] = member;
}

function spopWithCount(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const l = parseInt64(argv[2]!);
  if (l === null || l < 0) {
    c.r.error(Err.NOT_POSITIVE);
    return;
  }
  const s = writeTyped(c, key, SetValue);
  if (s === undefined) return;
  if (s === null || l === 0) {
    c.r.set(0);
    return;
  }
  const b = c.broker;
  const db = c.db;
  const size = s.size;
  b.notify(db, 'spop', key);
  if (l >= size) {
    // CASE 1: the whole set, as SUNION of the one key would reply it (a second read lookup, so a
    // second keyspace hit); then the key goes.
    b.dirty += size;
    b.stats.keyspaceHits++;
    const out = new SetValue();
    const max = maxIntset(c);
    for (const m of s.values()) out.add(m, max);
    replyMembers(c, out.values(), size);
    db.removeKey(key);
    b.notify(db, 'del', key);
    db.modified(key);
    // Propagated as the deletion of the key.
    keepOriginalArgv(c, argv);
    argv.length = 2;
    argv[0] = b.config.bool('lazyfree-lazy-server-del') ? 'UNLINK' : 'DEL';
    return;
  }
  b.dirty += l;
  c.r.set(l);
  const picked = sampleDistinct(size, l, () => s.toArray(), () => s.pickRandom());
  for (const m of picked) {
    s.delete(m);
    c.r.bulk(m);
    // Each popped member is propagated as its own SREM (the unit wraps them in MULTI/EXEC).
    b.alsoPropagate(c, ['SREM', key, m]);
  }
  db.modified(key);
  c.preventPropagation = true;
}

// SRANDMEMBER key [count]
function srandmember(c: Client, argv: string[]): void {
  const r = c.r;
  if (argv.length === 3) {
    const v = parseBigInt64(argv[2]!);
    if (v === null) {
      r.error(Err.NOT_INTEGER);
      return;
    }
    if (v === -9223372036854775808n) {
      r.error(RANGE_ERR);
      return;
    }
    srandmemberWithCount(c, argv[1]!, v);
    return;
  }
  if (argv.length > 3) {
    r.error(Err.SYNTAX);
    return;
  }
  const s = readTyped(c, argv[1]!, SetValue);
  if (s === undefined) return;
  if (s === null) r.null();
  else r.bulk(s.pickRandom());
}

function srandmemberWithCount(c: Client, key: string, l: bigint): void {
  const r = c.r;
  const s = readTyped(c, key, SetValue);
  if (s === undefined) return;
  if (s === null || l === 0n) {
    r.array(0);
    return;
  }
  const size = s.size;
  if (l < 0n || l === 1n) {
    // CASE 1: random members, repetitions allowed.
    const count = Number(l < 0n ? -l : l);
    r.array(count);
    for (let i = 0; i < count; i++) r.bulk(s.pickRandom());
    return;
  }
  if (l >= BigInt(size)) {
    // CASE 2: the whole set, in its order.
    r.array(size);
    for (const m of s.values()) r.bulk(m);
    return;
  }
  const count = Number(l);
  r.array(count);
  for (const m of sampleDistinct(size, count, () => s.toArray(), () => s.pickRandom())) r.bulk(m);
}

/**
 * Look up every source key as SINTER / SUNION / SDIFF do (lookupKeyRead: hits and misses counted):
 * the sets with null for missing keys, or undefined after replying WRONGTYPE.
 */
function lookupSources(c: Client, argv: readonly string[], from: number, to: number): (SetValue | null)[] | undefined {
  const sets: (SetValue | null)[] = [];
  for (let i = from; i < to; i++) {
    const s = readTyped(c, argv[i]!, SetValue);
    if (s === undefined) return undefined;
    sets.push(s);
  }
  return sets;
}

/** Store a computed set at `dst` (setKey), or delete `dst` when it is empty; replies the size. */
function storeResult(c: Client, dst: string, result: SetValue, event: string): void {
  const b = c.broker;
  if (result.size > 0) {
    c.db.set(dst, result);
    c.r.int(result.size);
    b.notify(c.db, event, dst);
    b.dirty++;
  } else {
    c.r.int(0);
    if (c.db.delete(dst)) {
      b.dirty++;
      b.notify(c.db, 'del', dst);
    }
  }
}

const REPLY = 0;
const CARD = 1;
const STORE = 2;

/** sinterGenericCommand over argv[from..to). */
function sinterGeneric(c: Client, argv: readonly string[], from: number, to: number, mode: number, dst: string, limit: number): void {
  const found = lookupSources(c, argv, from, to);
  if (found === undefined) return;
  const r = c.r;
  if (found.includes(null)) {
    if (mode === STORE) {
      r.int(0);
      if (c.db.delete(dst)) {
        c.broker.notify(c.db, 'del', dst);
        c.broker.dirty++;
      }
    } else if (mode === CARD) {
      r.int(0);
    } else {
      r.set(0);
    }
    return;
  }
  const sets = (found as SetValue[]).sort((a, b) => a.size - b.size);
  const first = sets[0]!;
  const n = sets.length;
  let card = 0;
  const out: string[] = [];
  for (const m of first.values()) {
    let j = 1;
    for (; j < n; j++) {
      const other = sets[j]!;
      if (other !== first && !other.has(m)) break;
    }
    if (j !== n) continue;
    if (mode === CARD) {
      card++;
      if (limit !== 0 && card >= limit) break;
    } else {
      out.push(m);
    }
  }
  if (mode === CARD) {
    r.int(card);
  } else if (mode === STORE) {
    const result = new SetValue();
    const max = maxIntset(c);
    for (const m of out) result.add(m, max);
    storeResult(c, dst, result, 'sinterstore');
  } else {
    replyMembers(c, out, out.length);
  }
}

// SINTER key [key ...]
function sinter(c: Client, argv: string[]): void {
  sinterGeneric(c, argv, 1, argv.length, REPLY, '', 0);
}

// SMEMBERS key  (SINTER of one key, as in Redis 7.0)
function smembers(c: Client, argv: string[]): void {
  const s = readTyped(c, argv[1]!, SetValue);
  if (s === undefined) return;
  if (s === null) c.r.set(0);
  else replyMembers(c, s.values(), s.size);
}

// SINTERSTORE destination key [key ...]
function sinterstore(c: Client, argv: string[]): void {
  sinterGeneric(c, argv, 2, argv.length, STORE, argv[1]!, 0);
}

// SINTERCARD numkeys key [key ...] [LIMIT limit]
function sintercard(c: Client, argv: string[]): void {
  const r = c.r;
  const numkeys = parseInt64(argv[1]!);
  if (numkeys === null || numkeys < 1) {
    r.error('ERR numkeys should be greater than 0');
    return;
  }
  if (numkeys > argv.length - 2) {
    r.error("ERR Number of keys can't be greater than number of args");
    return;
  }
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (argv[j]!.toLowerCase() === 'limit' && more > 0) {
      j++;
      const v = parseInt64(argv[j]!);
      if (v === null || v < 0) {
        r.error("ERR LIMIT can't be negative");
        return;
      }
      limit = v;
    } else {
      r.error(Err.SYNTAX);
      return;
    }
  }
  sinterGeneric(c, argv, 2, 2 + numkeys, CARD, '', limit);
}

const UNION = 0;
const DIFF = 1;

/** sunionDiffGenericCommand over argv[from..): the result set, or undefined after WRONGTYPE. */
function sunionDiff(c: Client, argv: readonly string[], from: number, op: number): SetValue | undefined {
  const sets = lookupSources(c, argv, from, argv.length);
  if (sets === undefined) return undefined;
  const max = maxIntset(c);
  const out = new SetValue();
  if (op === UNION) {
    for (const s of sets) {
      if (s === null) continue;
      for (const m of s.values()) out.add(m, max);
    }
    return out;
  }
  const first = sets[0]!;
  if (first === null) return out;
  for (let j = 1; j < sets.length; j++) if (sets[j] === first) return out;
  // Redis picks one of two algorithms by estimated work. The result is the same set, but not always
  // with the same encoding: algorithm 2 first copies the whole first set into the result (which
  // may convert it to a hashtable) and then removes, so OBJECT ENCODING and the reply order follow
  // the choice too.
  let oneWork = 0;
  let twoWork = 0;
  for (const s of sets) {
    if (s === null) continue;
    oneWork += first.size;
    twoWork += s.size;
  }
  oneWork = Math.floor(oneWork / 2);
  if (oneWork <= twoWork) {
    // Algorithm 1: keep each member of the first set that no other set has.
    const others = sets.slice(1).sort((a, b) => (b === null ? 0 : b.size) - (a === null ? 0 : a.size));
    for (const m of first.values()) {
      let keep = true;
      for (const s of others) {
        if (s !== null && s.has(m)) {
          keep = false;
          break;
        }
      }
      if (keep) out.add(m, max);
    }
    return out;
  }
  // Algorithm 2: copy the first set, then remove every member of the others.
  for (const m of first.values()) out.add(m, max);
  for (let j = 1; j < sets.length && out.size > 0; j++) {
    const s = sets[j];
    if (s === null || s === undefined) continue;
    for (const m of s.values()) out.delete(m);
  }
  return out;
}

function sunionDiffCommand(op: number, store: boolean): (c: Client, argv: string[]) => void {
  const event = op === UNION ? 'sunionstore' : 'sdiffstore';
  return (c, argv) => {
    const result = sunionDiff(c, argv, store ? 2 : 1, op);
    if (result === undefined) return;
    if (store) storeResult(c, argv[1]!, result, event);
    else replyMembers(c, result.values(), result.size);
  };
}

// SSCAN key cursor [MATCH pattern] [COUNT count]
function sscan(c: Client, argv: string[]): void {
  const scan = typedScan(c, argv, SetValue);
  if (scan === null) return;
  const { value: s, cursor, opts } = scan;
  const pat = opts.pattern;
  const items: string[] = [];
  let next = '0';
  if (s.intset) {
    for (const m of s.values()) {
      if (pat === null || stringmatchlen(pat, m)) items.push(m);
    }
  } else {
    const members = s.members;
    next = c.broker.scanCursors.step(members, cursor, opts.count, () => members.values(), (m) => {
      if (pat === null || stringmatchlen(pat, m)) items.push(m);
    });
  }
  replyScan(c, next, items);
}

export const commands: CommandSpec[] = [
  {
    name: 'SADD',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [{ flags: ['RW', 'insert'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'set',
    summary: 'Add one or more members to a set',
    since: '1.0.0',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    history: [['2.4.0', 'Accepts multiple `member` arguments.']],
    args: 'key:key#0 member:string...',
    handler: sadd,
  },
  {
    name: 'SREM',
    arity: -3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [{ flags: ['RW', 'delete'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'set',
    summary: 'Remove one or more members from a set',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of members to be removed.',
    history: [['2.4.0', 'Accepts multiple `member` arguments.']],
    args: 'key:key#0 member:string...',
    handler: srem,
  },
  {
    name: 'SISMEMBER',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [{ flags: ['RO'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'set',
    summary: 'Determine if a given value is a member of a set',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'key:key#0 member:string',
    handler: sismember,
  },
  {
    name: 'SMISMEMBER',
    arity: -3,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'set',
    summary: 'Returns the membership associated with the given elements for a set',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of elements being checked for membership',
    args: 'key:key#0 member:string...',
    handler: smismember,
  },
  {
    name: 'SMEMBERS',
    arity: 2,
    flags: ['readonly'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'set',
    tips: ['nondeterministic_output_order'],
    summary: 'Get all the members in a set',
    since: '1.0.0',
    complexity: 'O(N) where N is the set cardinality.',
    args: 'key:key#0',
    handler: smembers,
  },
  {
    name: 'SCARD',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [{ flags: ['RO'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'set',
    summary: 'Get the number of members in a set',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'key:key#0',
    handler: scard,
  },
  {
    name: 'SPOP',
    arity: -2,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [{ flags: ['RW', 'access', 'delete'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
    group: 'set',
    tips: ['nondeterministic_output'],
    summary: 'Remove and return one or multiple random members from a set',
    since: '1.0.0',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.',
    history: [['3.2.0', 'Added the `count` argument.']],
    args: 'key:key#0 [count:integer@3.2.0]',
    handler: spop,
  },
  {
    name: 'SRANDMEMBER',
    arity: -2,
    flags: ['readonly'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'set',
    tips: ['nondeterministic_output'],
    summary: 'Get one or multiple random members from a set',
    since: '1.0.0',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
    history: [['2.6.0', 'Added the optional `count` argument.']],
    args: 'key:key#0 [count:integer@2.6.0]',
    handler: srandmember,
  },
  {
    name: 'SMOVE',
    arity: 4,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 2, step: 1 },
    keySpecs: [
      { flags: ['RW', 'access', 'delete'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } },
      { flags: ['RW', 'insert'], bs: { index: 2 }, fk: { lastkey: 0, keystep: 1, limit: 0 } },
    ],
    group: 'set',
    summary: 'Move a member from one set to another',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'source:key#0 destination:key#1 member:string',
    handler: smove,
  },
  {
    name: 'SINTER',
    arity: -2,
    flags: ['readonly'],
    keys: { first: 1, last: -1, step: 1 },
    group: 'set',
    tips: ['nondeterministic_output_order'],
    summary: 'Intersect multiple sets',
    since: '1.0.0',
    complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
    args: 'key:key#0...',
    handler: sinter,
  },
  {
    // The keys are given by numkeys (argv[1]), from argv[2]: COMMAND INFO shows 0 0 0 and movablekeys.
    name: 'SINTERCARD',
    arity: -3,
    flags: ['readonly', 'movablekeys'],
    keys: { first: 0, last: 0, step: 0 },
    keySpecs: [{ flags: ['RO', 'access'], bs: { index: 1 }, fk: { keynumidx: 0, firstkey: 1, keystep: 1 } }],
    group: 'set',
    summary: 'Intersect multiple sets and return the cardinality of the result',
    since: '7.0.0',
    complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
    args: 'numkeys:integer key:key#0... [LIMIT limit:integer]',
    handler: sintercard,
  },
  {
    name: 'SINTERSTORE',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: { first: 1, last: -1, step: 1 },
    keySpecs: [
      { flags: ['RW', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } },
      { flags: ['RO', 'access'], bs: { index: 2 }, fk: { lastkey: -1, keystep: 1, limit: 0 } },
    ],
    group: 'set',
    summary: 'Intersect multiple sets and store the resulting set in a key',
    since: '1.0.0',
    complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
    args: 'destination:key#0 key:key#1...',
    handler: sinterstore,
  },
  {
    name: 'SUNION',
    arity: -2,
    flags: ['readonly'],
    keys: { first: 1, last: -1, step: 1 },
    group: 'set',
    tips: ['nondeterministic_output_order'],
    summary: 'Add multiple sets',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of elements in all given sets.',
    args: 'key:key#0...',
    handler: sunionDiffCommand(UNION, false),
  },
  {
    name: 'SUNIONSTORE',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: { first: 1, last: -1, step: 1 },
    keySpecs: [
      { flags: ['OW', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } },
      { flags: ['RO', 'access'], bs: { index: 2 }, fk: { lastkey: -1, keystep: 1, limit: 0 } },
    ],
    group: 'set',
    summary: 'Add multiple sets and store the resulting set in a key',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of elements in all given sets.',
    args: 'destination:key#0 key:key#1...',
    handler: sunionDiffCommand(UNION, true),
  },
  {
    name: 'SDIFF',
    arity: -2,
    flags: ['readonly'],
    keys: { first: 1, last: -1, step: 1 },
    group: 'set',
    tips: ['nondeterministic_output_order'],
    summary: 'Subtract multiple sets',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of elements in all given sets.',
    args: 'key:key#0...',
    handler: sunionDiffCommand(DIFF, false),
  },
  {
    name: 'SDIFFSTORE',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: { first: 1, last: -1, step: 1 },
    keySpecs: [
      { flags: ['OW', 'update'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } },
      { flags: ['RO', 'access'], bs: { index: 2 }, fk: { lastkey: -1, keystep: 1, limit: 0 } },
    ],
    group: 'set',
    summary: 'Subtract multiple sets and store the resulting set in a key',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of elements in all given sets.',
    args: 'destination:key#0 key:key#1...',
    handler: sunionDiffCommand(DIFF, true),
  },
  {
    name: 'SSCAN',
    arity: -3,
    flags: ['readonly'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'set',
    tips: ['nondeterministic_output'],
    summary: 'Incrementally iterate Set elements',
    since: '2.8.0',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    args: 'key:key#0 cursor:integer [MATCH pattern:pattern] [COUNT count:integer]',
    handler: sscan,
  },
];
