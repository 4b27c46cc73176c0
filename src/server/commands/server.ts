/*
 * Server commands: INFO, CONFIG, COMMAND, TIME, LASTSAVE, SHUTDOWN, MONITOR, SLOWLOG, DEBUG, ROLE,
 * LATENCY, MEMORY, SAVE / BGSAVE, and the FUNCTION housekeeping subcommands (no scripting engine
 * yet: there are never libraries).
 *
 * Everything that describes commands (COMMAND, COMMAND INFO / DOCS / LIST / GETKEYS, the commandstats
 * section of INFO, docs/commands.md) is generated from the command table (broker.commands), never
 * from a list kept here. Patterns (CONFIG GET, COMMAND LIST FILTERBY PATTERN) use keyspace/glob.ts. The pieces COMMAND INFO needs beyond a spec's name, arity, flags and key
 * range are derived as Redis derives them:
 *  - flags print in Redis's order with Redis's underscore names; hidden ones (protected,
 *    may-replicate, sentinel) are not shown; `movablekeys` is added when a key spec is not a plain
 *    index + range (a keyword or keynum search), as populateCommandMovableKeys does;
 *  - ACL categories: @write/@read/@admin+@dangerous/@pubsub/@fast/@blocking from flags, @slow when
 *    not @fast (setImplicitACLCategories), the group's category for leaf commands (@string for the
 *    string group, @keyspace for generic, ...), plus the spec's `acl` additions/removals;
 *  - key specs come from the spec's `keySpecs`, or one index+range spec derived from `keys`.
 * COMMAND DOCS prints the spec's summary, since, complexity, doc flags, history and the argument
 * tree of its `args` string (parseArgs below reads the notation command.ts describes).
 *
 * INFO's numbers that have no exact Pigeon counterpart are documented next to the section that
 * prints them (memory: V8's heap; CPU: process.cpuUsage(); persistence: no RDB).
 *
 * What differs from Redis on purpose (Pigeon has no RDB, no Lua, no replication, no allocator
 * statistics): SAVE / BGSAVE answer an error; LATENCY records no events and its histograms put
 * every call in the bucket of the mean latency; MEMORY USAGE is exact for strings and an estimate
 * for other types; DEBUG OBJECT's address is a key hash and serializedlength ignores LZF
 * compression; DEBUG implements OBJECT, SLEEP (blocks the process), LOG, SET-ACTIVE-EXPIRE, ERROR,
 * PROTOCOL, POPULATE, CHANGE-REPL-ID and accepts a few tuning no-ops, the rest is "unknown
 * subcommand"; CONFIG SET port / bind are stored, not re-bound.
 */

import os from 'node:os';
import path from 'node:path';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import type { Client } from '../client.js';
import type { Broker } from '../broker.js';
import type { Command, CommandSpec, KeySpecDef } from '../command.js';
import { checkDir, type ParamDef } from '../config.js';
import { Err } from '../errors.js';
import { parseBigInt64, parseInt64 } from '../args.js';
import { PIGEON_VERSION, REDIS_VERSION, reprArg } from '../broker.js';
import type { Value } from '../keyspace/db.js';
import { stringmatchlen } from '../keyspace/glob.js';
import { pendingOutput } from '../pubsub/output-limits.js';
import { helpSubcommand, replyHelp, subcommandSyntaxError } from './help.js';

/* ------------------------------------------------------------------------------------------ */
/* Shared helpers                                                                              */
/* ------------------------------------------------------------------------------------------ */

function isLocal(c: Client): boolean {
  const a = c.socket?.remoteAddress ?? '';
  return c.socket === null || a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1' || a.startsWith('127.');
}

/** allowProtectedAction for a yes/no/local setting. */
function protectedAllowed(c: Client, setting: string): boolean {
  return setting === 'yes' || (setting === 'local' && isLocal(c));
}

/** bytesToHuman: 100B, 1.50K, 2.00M, ... */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let d = n / 1024;
  for (const u of units) {
    if (d < 1024 || u === 'P') return `${d.toFixed(2)}${u}`;
    d /= 1024;
  }
  return `${n}B`;
}

/** strtod over the longest valid prefix, 0 when there is none (DEBUG SLEEP, atof). */
function strtodPrefix(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(s);
  if (!m) return 0;
  const t = m[1]!.toLowerCase();
  if (t.endsWith('inf') || t.endsWith('infinity')) return t.startsWith('-') ? -Infinity : Infinity;
  if (t.endsWith('nan')) return NaN;
  return Number(t);
}

/** C atoi: leading space, sign, digits; 0 when there are none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) | 0 : 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Command introspection (COMMAND, docs/commands.md, ACL)                                      */
/* ------------------------------------------------------------------------------------------ */

/** COMMAND INFO flag names, in the order Redis prints them (addReplyFlagsForCommand). */
const FLAG_ORDER = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale',
  'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'no_mandatory_keys', 'no_async_loading', 'no_multi',
  'movablekeys', 'allow_busy',
];

/** ACL categories in Redis's table order (ACLCommandCategories). */
export const ACL_CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream',
  'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
];

/** The category a leaf command of a group belongs to (the acl_categories of Redis's JSON files). */
const GROUP_CATEGORY: Record<string, string> = {
  generic: 'keyspace', keyspace: 'keyspace', string: 'string', list: 'list', set: 'set', 'sorted-set': 'sortedset',
  zset: 'sortedset', sortedset: 'sortedset', hash: 'hash', stream: 'stream', geo: 'geo', bitmap: 'bitmap',
  hyperloglog: 'hyperloglog', connection: 'connection', transactions: 'transaction', transaction: 'transaction',
  scripting: 'scripting',
};

/** Redis's group names for COMMAND DOCS (a spec may say `zset` for `sorted-set`). */
export function docGroup(group: string): string {
  if (group === 'zset' || group === 'sortedset') return 'sorted-set';
  if (group === 'transaction') return 'transactions';
  if (group === 'keyspace') return 'generic';
  return group;
}

function normFlag(f: string): string {
  return f.replace(/-/g, '_').toLowerCase();
}

/** The key specs of a command: its own, or one derived from the legacy key range. */
export function keySpecsOf(cmd: CommandSpec): KeySpecDef[] {
  if (cmd.keySpecs) return cmd.keySpecs;
  const k = cmd.keys;
  if (!k || k.first <= 0) return [];
  const flags = cmd.flags.includes('write') ? ['RW', 'update'] : cmd.flags.includes('readonly') ? ['RO', 'access'] : ['RO'];
  return [{ flags, bs: { index: k.first }, fk: { lastkey: k.last < 0 ? k.last : k.last - k.first, keystep: k.step, limit: 0 } }];
}

/** Flags as COMMAND INFO shows them. */
export function commandInfoFlags(cmd: CommandSpec): string[] {
  const have = new Set(cmd.flags.map(normFlag));
  if (keySpecsOf(cmd).some((s) => s.bs === null || !('index' in s.bs) || s.fk === null || !('lastkey' in s.fk))) have.add('movablekeys');
  return FLAG_ORDER.filter((f) => have.has(f));
}

/** ACL categories (without '@'), in Redis's order. */
export function aclCategories(cmd: CommandSpec): string[] {
  const cats = new Set<string>();
  const flags = new Set(cmd.flags.map(normFlag));
  if (!cmd.subcommands) {
    const g = GROUP_CATEGORY[cmd.group];
    if (g) cats.add(g);
  }
  for (const a of cmd.acl ?? []) {
    const name = a.replace(/^[-+]?@?/, '').toLowerCase();
    if (a.startsWith('-')) cats.delete(name);
    else cats.add(name);
  }
  if (flags.has('write')) cats.add('write');
  if (flags.has('readonly') && !cats.has('scripting')) cats.add('read');
  if (flags.has('admin')) {
    cats.add('admin');
    cats.add('dangerous');
  }
  if (flags.has('pubsub')) cats.add('pubsub');
  if (flags.has('fast')) cats.add('fast');
  if (flags.has('blocking')) cats.add('blocking');
  if (!cats.has('fast')) cats.add('slow');
  return ACL_CATEGORIES.filter((x) => cats.has(x));
}

/** Redis lookupCommandBySds: `name` or `container|sub`. */
function lookupByFullName(b: Broker, name: string): Command | undefined {
  const bar = name.indexOf('|');
  if (bar < 0) return b.commands.get(name);
  const top = b.commands.get(name.slice(0, bar));
  if (!top?.sub || name.indexOf('|', bar + 1) >= 0) return undefined;
  return top.sub.get(name.slice(bar + 1).toLowerCase());
}

/** Redis lookupCommand over an argv: the subcommand when the command is a container. */
function lookupArgv(b: Broker, argv: readonly string[]): Command | undefined {
  const top = b.commands.get(argv[0]!);
  if (!top) return undefined;
  if (top.sub && argv.length >= 2) return top.sub.get(argv[1]!.toLowerCase());
  return top;
}

export interface KeyRef {
  pos: number;
  flags: string[];
}

/**
 * The key flags of a command whose key spec says `variable_flags`: they depend on the arguments,
 * and Redis takes them from the command's getkeys_proc instead of the spec (setGetKeys). A command
 * given a variable_flags spec must be added here (Redis 7.0 has two: SET and BITFIELD).
 */
const VARIABLE_KEY_FLAGS: Record<string, (argv: readonly string[]) => string[]> = {
  set: (argv) => (argv.slice(3).some((a) => a.toLowerCase() === 'get') ? ['RW', 'access', 'update'] : ['OW', 'update']),
};

/**
 * getKeysUsingKeySpecs: the positions of the key arguments of `argv` (argv[0] = command name), or
 * null when a spec cannot be applied (unknown, incomplete, a bad numkeys, out of bounds).
 */
export function getKeysFromSpecs(cmd: CommandSpec, argv: readonly string[]): KeyRef[] | null {
  const argc = argv.length;
  const out: KeyRef[] = [];
  for (const spec of keySpecsOf(cmd)) {
    if (spec.flags.includes('not_key')) continue;
    if (spec.bs === null || spec.fk === null) return null;
    let first = 0;
    if ('index' in spec.bs) {
      first = spec.bs.index;
    } else {
      const from = spec.bs.startfrom;
      const start = from > 0 ? from : argc + from;
      const end = from > 0 ? argc - 1 : 1;
      const kw = spec.bs.keyword.toLowerCase();
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i]!.toLowerCase() === kw) {
          first = i + 1;
          break;
        }
      }
      if (!first) continue;
    }
    let last: number;
    let step: number;
    if ('lastkey' in spec.fk) {
      step = spec.fk.keystep;
      if (spec.fk.lastkey >= 0) last = first + spec.fk.lastkey;
      else if (!spec.fk.limit) last = argc + spec.fk.lastkey;
      else last = first + (Math.floor((argc - first) / spec.fk.limit) + spec.fk.lastkey);
    } else {
      step = spec.fk.keystep;
      const idx = first + spec.fk.keynumidx;
      if (spec.fk.keynumidx >= argc || idx >= argc) return null;
      const n = parseInt64(argv[idx]!);
      if (n === null || n < 0) return null;
      first += spec.fk.firstkey;
      last = first + n - 1;
    }
    if (last >= argc || last < first || first >= argc) return null;
    const flags = spec.flags.includes('variable_flags') ? VARIABLE_KEY_FLAGS[cmd.name.toLowerCase()]?.(argv) ?? spec.flags : spec.flags;
    for (let i = first; i <= last; i += step) {
      if (i >= argc || i < first) continue;
      out.push({ pos: i, flags });
    }
    if (spec.flags.includes('incomplete')) return null;
  }
  return out;
}

function hasKeys(cmd: CommandSpec): boolean {
  return keySpecsOf(cmd).some((s) => !s.flags.includes('not_key'));
}

function replyFlagsSet(c: Client, flags: readonly string[]): void {
  c.r.set(flags.length);
  for (const f of flags) c.r.simple(f);
}

function replyKeySpecs(c: Client, cmd: CommandSpec): void {
  const r = c.r;
  const specs = keySpecsOf(cmd);
  r.set(specs.length);
  for (const s of specs) {
    r.map(s.notes !== undefined ? 4 : 3);
    if (s.notes !== undefined) {
      r.bulk('notes');
      r.bulk(s.notes);
    }
    r.bulk('flags');
    replyFlagsSet(c, s.flags);
    r.bulk('begin_search');
    r.map(2);
    r.bulk('type');
    if (s.bs === null) {
      r.bulk('unknown');
      r.bulk('spec');
      r.map(0);
    } else if ('index' in s.bs) {
      r.bulk('index');
      r.bulk('spec');
      r.map(1);
      r.bulk('index');
      r.int(s.bs.index);
    } else {
      r.bulk('keyword');
      r.bulk('spec');
      r.map(2);
      r.bulk('keyword');
      r.bulk(s.bs.keyword);
      r.bulk('startfrom');
      r.int(s.bs.startfrom);
    }
    r.bulk('find_keys');
    r.map(2);
    r.bulk('type');
    if (s.fk === null) {
      r.bulk('unknown');
      r.bulk('spec');
      r.map(0);
    } else if ('lastkey' in s.fk) {
      r.bulk('range');
      r.bulk('spec');
      r.map(3);
      r.bulk('lastkey');
      r.int(s.fk.lastkey);
      r.bulk('keystep');
      r.int(s.fk.keystep);
      r.bulk('limit');
      r.int(s.fk.limit);
    } else {
      r.bulk('keynum');
      r.bulk('spec');
      r.map(3);
      r.bulk('keynumidx');
      r.int(s.fk.keynumidx);
      r.bulk('firstkey');
      r.int(s.fk.firstkey);
      r.bulk('keystep');
      r.int(s.fk.keystep);
    }
  }
}

/** addReplyCommandInfo. */
function replyCommandInfo(c: Client, cmd: Command | undefined): void {
  const r = c.r;
  if (!cmd) return r.null();
  r.array(10);
  r.bulk(cmd.fullName);
  r.int(cmd.arity);
  replyFlagsSet(c, commandInfoFlags(cmd));
  const k = cmd.keys;
  r.int(k ? k.first : 0);
  r.int(k ? k.last : 0);
  r.int(k ? k.step : 0);
  const cats = aclCategories(cmd);
  r.set(cats.length);
  for (const cat of cats) r.simple('@' + cat);
  const tips = cmd.tips ?? [];
  r.set(tips.length);
  for (const t of tips) r.bulk(t);
  replyKeySpecs(c, cmd);
  if (!cmd.sub) return r.set(0);
  r.array(cmd.sub.size);
  for (const s of cmd.sub.values()) replyCommandInfo(c, s);
}

/** One argument of a COMMAND DOCS argument tree. */
export interface ArgDoc {
  name: string;
  type: string;
  keySpecIndex?: number;
  token?: string;
  since?: string;
  deprecatedSince?: string;
  flags: string[];
  args?: ArgDoc[];
}

const LEAF_TYPES = new Set(['string', 'integer', 'double', 'key', 'pattern', 'unix-time']);
const BARE_TOKEN = /^[A-Z0-9_-]+$/;
/** The suffixes of an argument: `#0` key spec index, `@7.0.0` since, `!2.8.12` deprecated since, `...`, `+`. */
const ATTRS_SRC = String.raw`(?:#\d+)?(?:@\d+(?:\.\d+)*)?(?:!\d+(?:\.\d+)*)?(?:\.\.\.)?\+?`;
const ATTRS = /^(#\d+)?(@\d+(?:\.\d+)*)?(!\d+(?:\.\d+)*)?(\.\.\.)?(\+)?$/;
const LEAF = new RegExp(String.raw`^(.+):([a-z-]+)(${ATTRS_SRC})$`);
const PURE = new RegExp(String.raw`^(?:([^="]+)=)?([A-Z0-9_-]+|"(?:[^"\\]|\\.)*")(${ATTRS_SRC})$`);

/**
 * Parse CommandSpec.args (the notation is described there) into the tree COMMAND DOCS replies.
 * Throws on a malformed string. Not a hot path: parsed on each COMMAND DOCS.
 */
export function parseArgs(src: string): ArgDoc[] {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`argument notation: ${what} at ${i} in ${JSON.stringify(src)}`);
  };
  const word = (): string => {
    if (src[i] === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) fail('unterminated quote');
      const q = src.slice(i, end + 1);
      i = end + 1;
      return q + word();
    }
    const s = i;
    while (i < src.length && !' []{}()|"'.includes(src[i]!)) i++;
    if (src[i] === '"' && src[i - 1] === '=') return src.slice(s, i) + word();
    return src.slice(s, i);
  };
  const applyAttrs = (a: ArgDoc, text: string): void => {
    const m = ATTRS.exec(text) ?? fail(`bad attributes ${JSON.stringify(text)}`);
    if (m[1]) a.keySpecIndex = Number(m[1].slice(1));
    if (m[2]) a.since = m[2].slice(1);
    if (m[3]) a.deprecatedSince = m[3].slice(1);
    if (m[4]) a.flags.push('multiple');
    if (m[5]) a.flags.push('multiple_token');
  };
  const unquote = (t: string): string => (t.startsWith('"') ? (JSON.parse(t) as string) : t);
  /** A leaf (`name:type...`) or a pure token (`TOKEN...`, `name=TOKEN...`), or null. */
  const simple = (w: string): ArgDoc | null => {
    const leaf = LEAF.exec(w);
    if (leaf && LEAF_TYPES.has(leaf[2]!)) {
      const a: ArgDoc = { name: leaf[1]!, type: leaf[2]!, flags: [] };
      applyAttrs(a, leaf[3]!);
      return a;
    }
    const pure = PURE.exec(w);
    if (!pure) return null;
    const token = unquote(pure[2]!);
    const a: ArgDoc = { name: pure[1] ?? token.toLowerCase(), type: 'pure-token', token, flags: [] };
    applyAttrs(a, pure[3]!);
    return a;
  };
  const group = (name: string): ArgDoc => {
    const open = src[i++];
    const a: ArgDoc = { name, type: open === '(' ? 'oneof' : 'block', flags: [] };
    if (open === '(') {
      a.args = [];
      for (;;) {
        a.args.push(node());
        if (src.startsWith(' | ', i)) i += 3;
        else break;
      }
      if (src[i++] !== ')') fail('expected )');
    } else {
      a.args = seq('}');
      if (src[i++] !== '}') fail('expected }');
    }
    const s = i;
    while (i < src.length && !' []{}()|'.includes(src[i]!)) i++;
    applyAttrs(a, src.slice(s, i));
    return a;
  };
  const core = (): ArgDoc => {
    const w = word();
    if (src[i] === '(' || src[i] === '{') return group(w);
    if ((BARE_TOKEN.test(w) || /^"(?:[^"\\]|\\.)*"$/.test(w)) && src[i] === ' ') {
      const save = i;
      i++;
      const w2 = word();
      const target = src[i] === '(' || src[i] === '{' ? group(w2) : simple(w2);
      if (target && target.type !== 'pure-token') {
        target.token = unquote(w);
        return target;
      }
      i = save;
    }
    return simple(w) ?? fail(`bad argument ${JSON.stringify(w)}`);
  };
  const node = (): ArgDoc => {
    if (src[i] !== '[') return core();
    i++;
    const a = core();
    if (src[i++] !== ']') fail('expected ]');
    a.flags.unshift('optional');
    return a;
  };
  const seq = (close: string): ArgDoc[] => {
    const out: ArgDoc[] = [];
    while (i < src.length && src[i] !== close) {
      out.push(node());
      if (src[i] === ' ') i++;
      else if (i < src.length && src[i] !== close) fail('expected a space');
    }
    return out;
  };
  const out = seq('');
  if (i !== src.length) fail('trailing text');
  return out;
}

/** addReplyCommandArgList: name, type, key_spec_index, token, since, deprecated_since, flags, arguments. */
function replyArgs(c: Client, args: readonly ArgDoc[]): void {
  const r = c.r;
  r.array(args.length);
  for (const a of args) {
    let n = 2;
    if (a.keySpecIndex !== undefined) n++;
    if (a.token !== undefined) n++;
    if (a.since) n++;
    if (a.deprecatedSince) n++;
    if (a.flags.length) n++;
    if (a.args) n++;
    r.map(n);
    r.bulk('name');
    r.bulk(a.name);
    r.bulk('type');
    r.bulk(a.type);
    if (a.keySpecIndex !== undefined) {
      r.bulk('key_spec_index');
      r.int(a.keySpecIndex);
    }
    if (a.token !== undefined) {
      r.bulk('token');
      r.bulk(a.token);
    }
    if (a.since) {
      r.bulk('since');
      r.bulk(a.since);
    }
    if (a.deprecatedSince) {
      r.bulk('deprecated_since');
      r.bulk(a.deprecatedSince);
    }
    if (a.flags.length) {
      r.bulk('flags');
      replyFlagsSet(c, a.flags);
    }
    if (a.args) {
      r.bulk('arguments');
      replyArgs(c, a.args);
    }
  }
}

/** addReplyCommandDocs. */
function replyCommandDocs(c: Client, cmd: Command): void {
  const r = c.r;
  let n = 1;
  if (cmd.summary) n++;
  if (cmd.since) n++;
  if (cmd.complexity) n++;
  if (cmd.docFlags?.length) n++;
  if (cmd.deprecatedSince) n++;
  if (cmd.replacedBy) n++;
  if (cmd.history?.length) n++;
  if (cmd.args) n++;
  if (cmd.sub) n++;
  r.map(n);
  if (cmd.summary) {
    r.bulk('summary');
    r.bulk(cmd.summary);
  }
  if (cmd.since) {
    r.bulk('since');
    r.bulk(cmd.since);
  }
  r.bulk('group');
  r.bulk(docGroup(cmd.group));
  if (cmd.complexity) {
    r.bulk('complexity');
    r.bulk(cmd.complexity);
  }
  if (cmd.docFlags?.length) {
    r.bulk('doc_flags');
    replyFlagsSet(c, cmd.docFlags);
  }
  if (cmd.deprecatedSince) {
    r.bulk('deprecated_since');
    r.bulk(cmd.deprecatedSince);
  }
  if (cmd.replacedBy) {
    r.bulk('replaced_by');
    r.bulk(cmd.replacedBy);
  }
  if (cmd.history?.length) {
    r.bulk('history');
    r.set(cmd.history.length);
    for (const [since, what] of cmd.history) {
      r.array(2);
      r.bulk(since);
      r.bulk(what);
    }
  }
  if (cmd.args) {
    r.bulk('arguments');
    replyArgs(c, parseArgs(cmd.args));
  }
  if (cmd.sub) {
    r.bulk('subcommands');
    r.map(cmd.sub.size);
    for (const s of cmd.sub.values()) {
      r.bulk(s.fullName);
      replyCommandDocs(c, s);
    }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* INFO                                                                                        */
/* ------------------------------------------------------------------------------------------ */

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'errorstats', 'cluster', 'keyspace'];

/** Redis's genInfoSectionDict over INFO's arguments. */
export function infoSections(args: readonly string[]): { sections: Set<string>; all: boolean; everything: boolean } {
  const sections = new Set<string>();
  let all = false;
  let everything = false;
  if (args.length === 0) for (const s of DEFAULT_SECTIONS) sections.add(s);
  for (const a of args) {
    const s = a.toLowerCase();
    if (s === 'default') for (const d of DEFAULT_SECTIONS) sections.add(d);
    else if (s === 'all') all = true;
    else if (s === 'everything') {
      everything = true;
      all = true;
    } else sections.add(s);
  }
  return { sections, all, everything };
}

function usedMemory(): { used: number; rss: number; heapTotal: number } {
  const m = process.memoryUsage();
  return { used: m.heapUsed + m.external, rss: m.rss, heapTotal: m.heapTotal + m.external };
}

function fmtUsage(us: number): string {
  return `${Math.floor(us / 1e6)}.${String(Math.floor(us % 1e6)).padStart(6, '0')}`;
}

function avg(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, x) => a + x, 0) / xs.length;
}

/** Redis's memory overhead breakdown, estimated for Pigeon (see the Memory section). */
function memoryOverhead(b: Broker): { used: number; startup: number; overhead: number; dataset: number; keys: number; clients: number; perDb: Array<[number, number, number]> } {
  // With maxmemory set, the figure eviction compares with the limit (keyspace/evict.ts).
  const used = b.eviction.reportedMemory() ?? usedMemory().used;
  const startup = Math.min(b.startupMemory, used);
  let clients = 0;
  for (const c of b.clients.values()) clients += c.decoder.pending + c.r.out.length;
  let keys = 0;
  let overhead = startup + clients;
  const perDb: Array<[number, number, number]> = [];
  for (const db of b.dbs) {
    if (db.dict.size === 0 && db.expires.size === 0) continue;
    keys += db.dict.size;
    const main = db.dict.size * 24 + db.dict.size * 8;
    const exp = db.expires.size * 24 + db.expires.size * 8;
    overhead += main + exp;
    perDb.push([db.id, main, exp]);
  }
  overhead = Math.min(overhead, used);
  return { used, startup, overhead, dataset: used - overhead, keys, clients, perDb };
}

/** genRedisInfoString. */
export function infoString(b: Broker, args: readonly string[]): string {
  const { sections, all, everything } = infoSections(args);
  const want = (name: string, alt?: string): boolean => all || everything || sections.has(name) || (alt !== undefined && sections.has(alt));
  const out: string[] = [];
  const section = (title: string, lines: string[]): void => {
    out.push(`# ${title}\r\n` + lines.map((l) => l + '\r\n').join(''));
  };
  const now = Date.now();
  const uptime = Math.floor((now - b.startTime) / 1000);
  const cfg = b.config;

  if (want('server')) {
    section('Server', [
      `redis_version:${REDIS_VERSION}`,
      'redis_git_sha1:00000000',
      'redis_git_dirty:0',
      'redis_build_id:0',
      'redis_mode:standalone',
      `os:${os.type()} ${os.release()} ${os.machine()}`,
      `arch_bits:${process.arch.includes('64') ? 64 : 32}`,
      'monotonic_clock:POSIX clock_gettime',
      `multiplexing_api:${process.platform === 'linux' ? 'epoll' : process.platform === 'win32' ? 'iocp' : 'kqueue'}`,
      'atomicvar_api:c11-builtin',
      'gcc_version:0.0.0',
      `process_id:${process.pid}`,
      'process_supervised:no',
      `run_id:${b.runId}`,
      `tcp_port:${b.port}`,
      `server_time_usec:${Math.floor((performance.timeOrigin + performance.now()) * 1000)}`,
      `uptime_in_seconds:${uptime}`,
      `uptime_in_days:${Math.floor(uptime / 86400)}`,
      `hz:${cfg.num('hz')}`,
      `configured_hz:${cfg.num('hz')}`,
      `lru_clock:${b.lruClock()}`,
      `executable:${path.resolve(process.argv[1] ?? process.execPath)}`,
      `config_file:${b.configFile}`,
      'io_threads_active:0',
      `pigeon_version:${PIGEON_VERSION}`,
    ]);
  }

  if (want('clients')) {
    let maxIn = 0;
    let maxOut = 0;
    for (const c of b.clients.values()) {
      maxIn = Math.max(maxIn, c.decoder.pending);
      maxOut = Math.max(maxOut, pendingOutput(c));
    }
    section('Clients', [
      `connected_clients:${b.clients.size}`,
      'cluster_connections:0',
      `maxclients:${cfg.num('maxclients')}`,
      `client_recent_max_input_buffer:${maxIn}`,
      `client_recent_max_output_buffer:${maxOut}`,
      `blocked_clients:${b.blockedClients}`,
      'tracking_clients:0',
      `clients_in_timeout_table:${b.blocking.inTimeoutTable}`,
    ]);
  }

  if (want('memory')) {
    // used_memory is V8's heapUsed + external (Buffers) rather than allocator bytes, or, while
    // maxmemory is set, the deterministic accounting eviction uses (startup + MEMORY USAGE of every
    // key, keyspace/evict.ts); the rss, allocator and fragmentation figures come from
    // process.memoryUsage(). No Lua, no functions.
    const mh = memoryOverhead(b);
    const { rss, heapTotal } = usedMemory();
    if (mh.used > b.peakMemory) b.peakMemory = mh.used;
    const peak = b.peakMemory;
    const maxmem = Number(cfg.get('maxmemory'));
    const net = mh.used - mh.startup > 0 ? mh.used - mh.startup : 1;
    const ratio = (a: number, d: number): string => (d > 0 ? (a / d).toFixed(2) : '0.00');
    section('Memory', [
      `used_memory:${mh.used}`,
      `used_memory_human:${bytesToHuman(mh.used)}`,
      `used_memory_rss:${rss}`,
      `used_memory_rss_human:${bytesToHuman(rss)}`,
      `used_memory_peak:${peak}`,
      `used_memory_peak_human:${bytesToHuman(peak)}`,
      `used_memory_peak_perc:${((mh.used * 100) / (peak || 1)).toFixed(2)}%`,
      `used_memory_overhead:${mh.overhead}`,
      `used_memory_startup:${mh.startup}`,
      `used_memory_dataset:${mh.dataset}`,
      `used_memory_dataset_perc:${((mh.dataset * 100) / net).toFixed(2)}%`,
      `allocator_allocated:${mh.used}`,
      `allocator_active:${heapTotal}`,
      `allocator_resident:${rss}`,
      `total_system_memory:${os.totalmem()}`,
      `total_system_memory_human:${bytesToHuman(os.totalmem())}`,
      'used_memory_lua:0',
      'used_memory_vm_eval:0',
      'used_memory_lua_human:0B',
      'used_memory_scripts_eval:0',
      'number_of_cached_scripts:0',
      'number_of_functions:0',
      'number_of_libraries:0',
      'used_memory_vm_functions:0',
      'used_memory_vm_total:0',
      'used_memory_vm_total_human:0B',
      'used_memory_functions:0',
      'used_memory_scripts:0',
      'used_memory_scripts_human:0B',
      `maxmemory:${maxmem}`,
      `maxmemory_human:${bytesToHuman(maxmem)}`,
      `maxmemory_policy:${cfg.get('maxmemory-policy')}`,
      `allocator_frag_ratio:${ratio(heapTotal, mh.used)}`,
      `allocator_frag_bytes:${Math.max(0, heapTotal - mh.used)}`,
      `allocator_rss_ratio:${ratio(rss, heapTotal)}`,
      `allocator_rss_bytes:${rss - heapTotal}`,
      'rss_overhead_ratio:1.00',
      'rss_overhead_bytes:0',
      `mem_fragmentation_ratio:${ratio(rss, mh.used)}`,
      `mem_fragmentation_bytes:${rss - mh.used}`,
      'mem_not_counted_for_evict:0',
      'mem_replication_backlog:0',
      'mem_total_replication_buffers:0',
      'mem_clients_slaves:0',
      `mem_clients_normal:${mh.clients}`,
      'mem_cluster_links:0',
      'mem_aof_buffer:0',
      `mem_allocator:v8-${process.versions.v8}`,
      'active_defrag_running:0',
      'lazyfree_pending_objects:0',
      'lazyfreed_objects:0',
    ]);
  }

  if (want('persistence')) {
    // Pigeon writes no RDB snapshots: rdb_* describe a server that never saved since it started.
    const aof = b.aof;
    const rw = aof.rewrite;
    const lp = b.loadingProgress;
    const loadingExtra: string[] = [];
    if (b.loading) {
      const total = lp?.totalBytes ?? 0;
      const loaded = lp?.loadedBytes ?? 0;
      const elapsed = lp ? (Date.now() - lp.startedAtMs) / 1000 : 0;
      const eta = loaded > 0 && elapsed > 0 ? Math.floor((total - loaded) / (loaded / elapsed)) : 1;
      loadingExtra.push(
        `loading_start_time:${lp?.startTime ?? Math.floor(Date.now() / 1000)}`,
        `loading_total_bytes:${total}`,
        `loading_rdb_used_mem:0`,
        `loading_loaded_bytes:${loaded}`,
        `loading_loaded_perc:${(total > 0 ? (loaded * 100) / total : 0).toFixed(2)}`,
        `loading_eta_seconds:${eta}`,
      );
    }
    section('Persistence', [
      `loading:${b.loading ? 1 : 0}`,
      'async_loading:0',
      'current_cow_peak:0',
      'current_cow_size:0',
      'current_cow_size_age:0',
      'current_fork_perc:0.00',
      'current_save_keys_processed:0',
      'current_save_keys_total:0',
      `rdb_changes_since_last_save:${b.dirty}`,
      'rdb_bgsave_in_progress:0',
      `rdb_last_save_time:${b.lastSave}`,
      'rdb_last_bgsave_status:ok',
      'rdb_last_bgsave_time_sec:-1',
      'rdb_current_bgsave_time_sec:-1',
      'rdb_saves:0',
      'rdb_last_cow_size:0',
      'rdb_last_load_keys_expired:0',
      'rdb_last_load_keys_loaded:0',
      `aof_enabled:${aof.state !== 'off' ? 1 : 0}`,
      `aof_rewrite_in_progress:${rw !== null ? 1 : 0}`,
      `aof_rewrite_scheduled:${aof.rewriteScheduled ? 1 : 0}`,
      `aof_last_rewrite_time_sec:${aof.lastRewriteTimeSec}`,
      `aof_current_rewrite_time_sec:${rw !== null ? Math.round((Date.now() - rw.startedAt) / 1000) : -1}`,
      `aof_last_bgrewrite_status:${aof.lastRewriteOk ? 'ok' : 'err'}`,
      `aof_rewrites:${aof.rewrites}`,
      `aof_rewrites_consecutive_failures:${aof.rewriteFailures}`,
      `aof_last_write_status:${aof.lastWriteOk ? 'ok' : 'err'}`,
      'aof_last_cow_size:0',
      'module_fork_in_progress:0',
      'module_fork_last_cow_size:0',
      ...(aof.state !== 'off' ? aof.infoExtra() : []),
      ...loadingExtra,
    ]);
  }

  if (want('stats')) {
    const st = b.stats;
    const ps = b.pubsub;
    const m = b.metrics;
    section('Stats', [
      `total_connections_received:${st.connections}`,
      `total_commands_processed:${st.commands}`,
      `instantaneous_ops_per_sec:${Math.round(avg(m.ops))}`,
      `total_net_input_bytes:${st.netInput}`,
      `total_net_output_bytes:${st.netOutput}`,
      'total_net_repl_input_bytes:0',
      'total_net_repl_output_bytes:0',
      `instantaneous_input_kbps:${(avg(m.inKbps) / 1.024).toFixed(2)}`,
      `instantaneous_output_kbps:${(avg(m.outKbps) / 1.024).toFixed(2)}`,
      'instantaneous_input_repl_kbps:0.00',
      'instantaneous_output_repl_kbps:0.00',
      `rejected_connections:${st.rejectedConnections}`,
      'sync_full:0',
      'sync_partial_ok:0',
      'sync_partial_err:0',
      `expired_keys:${st.expiredKeys}`,
      'expired_stale_perc:0.00',
      'expired_time_cap_reached_count:0',
      `expire_cycle_cpu_milliseconds:${Math.floor(st.expireCycleCpuMs)}`,
      `evicted_keys:${st.evictedKeys}`,
      'evicted_clients:0',
      `total_eviction_exceeded_time:${b.eviction.exceededTimes().total}`,
      `current_eviction_exceeded_time:${b.eviction.exceededTimes().current}`,
      `keyspace_hits:${st.keyspaceHits}`,
      `keyspace_misses:${st.keyspaceMisses}`,
      `pubsub_channels:${ps.channels.size}`,
      `pubsub_patterns:${ps.patterns.size}`,
      `pubsubshard_channels:${ps.shardChannels.size}`,
      'latest_fork_usec:0',
      'total_forks:0',
      'migrate_cached_sockets:0',
      'slave_expires_tracked_keys:0',
      'active_defrag_hits:0',
      'active_defrag_misses:0',
      'active_defrag_key_hits:0',
      'active_defrag_key_misses:0',
      'total_active_defrag_time:0',
      'current_active_defrag_time:0',
      'tracking_total_keys:0',
      'tracking_total_items:0',
      'tracking_total_prefixes:0',
      `unexpected_error_replies:${st.unexpectedErrorReplies}`,
      `total_error_replies:${st.errorReplies}`,
      'dump_payload_sanitizations:0',
      `total_reads_processed:${st.commands}`,
      `total_writes_processed:${st.commands}`,
      'io_threaded_reads_processed:0',
      'io_threaded_writes_processed:0',
      'reply_buffer_shrinks:0',
      'reply_buffer_expands:0',
      // Pigeon's (Redis 7.2's name): clients closed for going over client-output-buffer-limit.
      `client_output_buffer_limit_disconnections:${ps.limits.disconnections}`,
    ]);
  }

  if (want('replication')) {
    const lines = ['role:master', 'connected_slaves:0'];
    if (cfg.num('min-replicas-to-write') && cfg.num('min-replicas-max-lag')) lines.push('min_slaves_good_slaves:0');
    lines.push(
      'master_failover_state:no-failover',
      `master_replid:${b.replId}`,
      'master_replid2:0000000000000000000000000000000000000000',
      'master_repl_offset:0',
      'second_repl_offset:-1',
      'repl_backlog_active:0',
      `repl_backlog_size:${cfg.get('repl-backlog-size')}`,
      'repl_backlog_first_byte_offset:0',
      'repl_backlog_histlen:0',
    );
    section('Replication', lines);
  }

  if (want('cpu')) {
    // process.cpuUsage() for the process and the main thread alike (Node runs commands on one thread).
    const u = process.cpuUsage();
    section('CPU', [
      `used_cpu_sys:${fmtUsage(u.system)}`,
      `used_cpu_user:${fmtUsage(u.user)}`,
      'used_cpu_sys_children:0.000000',
      'used_cpu_user_children:0.000000',
      `used_cpu_sys_main_thread:${fmtUsage(u.system)}`,
      `used_cpu_user_main_thread:${fmtUsage(u.user)}`,
    ]);
  }

  if (want('module_list', 'modules')) section('Modules', []);

  if (want('commandstats')) {
    const lines: string[] = [];
    for (const cmd of b.commands.all()) {
      const st = cmd.stats;
      if (st.calls || st.failed || st.rejected) {
        const per = st.calls === 0 ? 0 : Math.fround(st.usec / st.calls);
        lines.push(`cmdstat_${safeInfo(cmd.fullName)}:calls=${st.calls},usec=${st.usec},usec_per_call=${per.toFixed(2)},rejected_calls=${st.rejected},failed_calls=${st.failed}`);
      }
    }
    section('Commandstats', lines);
  }

  if (want('errorstats')) {
    const codes = [...b.stats.errorsByCode.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    section('Errorstats', codes.map(([code, n]) => `errorstat_${safeInfo(code)}:count=${n}`));
  }

  // Pigeon keeps no per-command latency histograms: the section is there, without percentile lines.
  if (want('latencystats')) section('Latencystats', []);

  if (want('cluster')) section('Cluster', ['cluster_enabled:0']);

  if (want('keyspace')) {
    const lines: string[] = [];
    for (const db of b.dbs) {
      const keys = db.dict.size;
      const vkeys = db.expires.size;
      if (keys || vkeys) lines.push(`db${db.id}:keys=${keys},expires=${vkeys},avg_ttl=${Math.floor(db.avgTtl)}`);
    }
    section('Keyspace', lines);
  }

  return out.join('\r\n');
}

/** getSafeInfoString: '#', ':', '\r', '\n' become '_'. */
function safeInfo(s: string): string {
  return s.replace(/[#:\r\n]/g, '_');
}

/* ------------------------------------------------------------------------------------------ */
/* CONFIG                                                                                      */
/* ------------------------------------------------------------------------------------------ */

const CONFIG_HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

/** CONFIG RESETSTAT: Redis's resetServerStats + command and error table stats. */
export function resetStats(b: Broker): void {
  const st = b.stats as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(st)) {
    if (typeof v === 'number') st[k] = 0;
    else if (v instanceof Map) v.clear();
  }
  b.pubsub.limits.disconnections = 0;
  for (const cmd of b.commands.all()) {
    cmd.stats.calls = 0;
    cmd.stats.usec = 0;
    cmd.stats.rejected = 0;
    cmd.stats.failed = 0;
  }
  const m = b.metrics;
  m.at = 0;
  m.commands = 0;
  m.netInput = 0;
  m.netOutput = 0;
  m.ops.length = 0;
  m.inKbps.length = 0;
  m.outKbps.length = 0;
}

// CONFIG GET parameter [parameter ...]
function configGet(c: Client, argv: string[]): void {
  const cfg = c.broker.config;
  // Keyed case-insensitively as Redis's matches dict; an exact name is replied as it was typed.
  const matches = new Map<string, [string, ParamDef]>();
  for (let i = 2; i < argv.length; i++) {
    const name = argv[i]!;
    if (!/[[*?]/.test(name)) {
      const key = name.toLowerCase();
      if (matches.has(key)) continue;
      const d = cfg.def(name);
      if (d) matches.set(key, [name, d]);
      continue;
    }
    for (const [key, d] of cfg.names()) {
      if (d.hidden || matches.has(key)) continue;
      if (stringmatchlen(name, key, true)) matches.set(key, [key, d]);
    }
  }
  const r = c.r;
  r.map(matches.size);
  for (const [shown, d] of matches.values()) {
    r.bulk(shown);
    r.bulk(cfg.show(d));
  }
}

// CONFIG SET parameter value [parameter value ...]
function configSet(c: Client, argv: string[]): void {
  if (argv.length % 2 !== 0) return c.r.error(Err.SYNTAX);
  const b = c.broker;
  const cfg = b.config;
  let invalidName: string | null = null;
  let errName: string | null = null;
  let errStr: string | null = null;
  let invalid = false;
  const pairs: Array<[ParamDef, string]> = [];
  // The entry each pair was set through: errors name it (an alias is an entry of its own).
  const via: string[] = [];
  // Redis registers an alias as a config entry of its own: `hash-max-ziplist-entries` and
  // `hash-max-listpack-entries` in one CONFIG SET are not duplicates of each other (both apply).
  const entries: string[] = [];
  for (let i = 2; i < argv.length; i += 2) {
    const name = argv[i]!;
    const value = argv[i + 1]!;
    const d = cfg.def(name);
    if (!d) {
      if (!invalid) {
        invalidName = name;
        invalid = true;
      }
      continue;
    }
    // Sensitive values never reach SLOWLOG or MONITOR, even when the command fails.
    if (d.sensitive) argv[i + 1] = '(redacted)';
    if (invalid) continue;
    if (d.immutable || (d.protected && !protectedAllowed(c, cfg.get('enable-protected-configs')))) {
      errStr = d.immutable ? "can't set immutable config" : "can't set protected config";
      errName = name;
      invalid = true;
      continue;
    }
    const entry = d.alias === name.toLowerCase() ? d.alias : d.name;
    if (entries.includes(entry)) {
      errStr = 'duplicate parameter';
      errName = name;
      invalid = true;
      continue;
    }
    entries.push(entry);
    via.push(entry);
    pairs.push([d, value]);
  }
  // `dir` is validated like Redis's chdir(): it must exist. Values are checked in argument order,
  // so the first bad one is the one reported, whichever it is.
  for (let k = 0; !invalid && k < pairs.length; k++) {
    const [d, value] = pairs[k]!;
    const r = d.name === 'dir' ? checkDir(value) : cfg.validate(d, value);
    if (!r.ok) {
      errName = via[k]!;
      errStr = r.err;
      invalid = true;
    } else if (d.name === 'dir') {
      pairs[k] = [d, r.value];
    }
  }
  if (!invalid) {
    const res = cfg.setMany(pairs);
    if (res.ok) return c.r.ok();
    errName = via[pairs.findIndex(([d]) => d.name === res.name)] ?? res.name;
    errStr = res.err;
  }
  if (invalidName !== null) return c.r.error(`ERR Unknown option or number of arguments for CONFIG SET - '${invalidName}'`);
  c.r.error(`ERR CONFIG SET failed (possibly related to argument '${errName}') - ${errStr}`);
}

/** CONFIG REWRITE: rewrite the config file in place, keeping comments and unknown lines (config.c). */
export function rewriteConfigFile(b: Broker, file: string): void {
  let old: string[] = [];
  try {
    old = readFileSync(file, 'latin1').split('\n');
    if (old.length > 0 && old[old.length - 1] === '') old.pop();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const SIGNATURE = '# Generated by CONFIG REWRITE';
  const lines: string[] = [];
  const optionLines = new Map<string, number[]>();
  let needsSignature = true;
  for (const raw of old) {
    const line = raw.replace(/^[\r\n\t ]+|[\r\n\t ]+$/g, '');
    if (line === '' || line.startsWith('#')) {
      if (line === SIGNATURE) needsSignature = false;
      lines.push(line);
      continue;
    }
    const word = line.split(/\s+/)[0]!.toLowerCase();
    if (!b.config.def(word)) {
      lines.push('# ??? ' + line);
      continue;
    }
    lines.push(line);
    const opt = word.replace('slave', 'replica');
    const list = optionLines.get(opt) ?? [];
    list.push(lines.length - 1);
    optionLines.set(opt, list);
  }
  const processed = new Set<string>();
  const rewrite = (option: string, line: string, force: boolean): void => {
    processed.add(option);
    const list = optionLines.get(option);
    if (!list?.length && !force) return;
    if (list?.length) {
      lines[list.shift()!] = line;
    } else {
      if (needsSignature) {
        lines.push(SIGNATURE);
        needsSignature = false;
      }
      lines.push(line);
    }
  };
  const cfg = b.config;
  const quote = (v: string): string => reprArg(v);
  const memFmt = (n: bigint): string => {
    const gb = 1024n * 1024n * 1024n;
    const mb = 1024n * 1024n;
    if (n && n % gb === 0n) return `${n / gb}gb`;
    if (n && n % mb === 0n) return `${n / mb}mb`;
    if (n && n % 1024n === 0n) return `${n / 1024n}kb`;
    return String(n);
  };
  const seen = new Set<ParamDef>();
  for (const [, d] of cfg.names()) {
    if (seen.has(d)) continue;
    seen.add(d);
    const v = cfg.get(d.name);
    const force = !cfg.isDefault(d);
    const name = d.name;
    if (d.name === 'save') {
      const parts = v === '' ? [] : v.split(' ');
      if (parts.length === 0) rewrite(name, 'save ""', force);
      for (let k = 0; k < parts.length; k += 2) rewrite(name, `save ${parts[k]} ${parts[k + 1]}`, force);
    } else if (d.name === 'client-output-buffer-limit') {
      const parts = v.split(' ');
      const defs = d.default.split(' ');
      for (let k = 0; k < parts.length; k += 4) {
        const same = parts.slice(k, k + 4).join(' ') === defs.slice(k, k + 4).join(' ');
        const fmt = (x: string): string => memFmt(BigInt(x));
        rewrite(name, `${name} ${parts[k]} ${fmt(parts[k + 1]!)} ${fmt(parts[k + 2]!)} ${parts[k + 3]}`, !same);
      }
    } else if (d.type === 'string' || d.name === 'notify-keyspace-events' || d.name === 'dir') {
      if (v === '' && d.type === 'string' && d.default === '') {
        processed.add(name);
        continue;
      }
      rewrite(name, `${name} ${quote(d.name === 'dir' ? cfg.show(d) : v)}`, force || d.name === 'dir');
    } else if (d.type === 'memory' && !v.endsWith('%')) {
      rewrite(name, `${name} ${memFmt(BigInt(v))}`, force);
    } else if (d.type === 'special' && v === '') {
      rewrite(name, `${name} ""`, force);
    } else {
      rewrite(name, `${name} ${v}`, force);
    }
  }
  // Orphaned lines of rewritten options (a second `save` line that is no longer needed) are blanked.
  for (const [opt, list] of optionLines) if (processed.has(opt)) for (const n of list) lines[n] = '';
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, lines.join('\n') + '\n');
  renameSync(tmp, file);
}

/* ------------------------------------------------------------------------------------------ */
/* SLOWLOG, LATENCY, MEMORY                                                                    */
/* ------------------------------------------------------------------------------------------ */

const SLOWLOG_HELP = [
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
];

const LATENCY_HELP = [
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
];

const MEMORY_HELP = [
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
];

/**
 * One command's latency histogram. Pigeon keeps only call counts and total time per command, so
 * all calls go in the power-of-two bucket of the mean latency (Redis reports an HDR histogram).
 */
function replyHistogram(c: Client, cmd: Command): void {
  const r = c.r;
  r.bulk(cmd.fullName);
  r.map(2);
  r.bulk('calls');
  r.int(cmd.stats.calls);
  r.bulk('histogram_usec');
  r.map(1);
  const mean = Math.max(1, cmd.stats.usec / cmd.stats.calls);
  r.int(2 ** Math.ceil(Math.log2(mean)));
  r.int(cmd.stats.calls);
}

// jemalloc size classes: 8, 16..128 by 16, then four classes per power of two.
function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  const k = Math.floor(Math.log2(n - 1));
  const step = 2 ** (k - 2);
  return Math.ceil(n / step) * step;
}

function sdsAlloc(len: number): number {
  const hdr = len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : len < 2 ** 32 ? 9 : 17;
  return jemallocSize(hdr + len + 1);
}

/** Redis's string encoding of a value: int, embstr (<= 44 bytes) or raw. */
function stringEncoding(v: string): 'int' | 'embstr' | 'raw' {
  if (v.length <= 20 && parseBigInt64(v) !== null) return 'int';
  return v.length <= 44 ? 'embstr' : 'raw';
}

/**
 * MEMORY USAGE: objectComputeSize + the key's sds + a dictEntry. Exact for strings (jemalloc size
 * classes, sds headers, robj); for the other types an estimate from sampling up to `samples` of
 * their elements (Pigeon's structures are not Redis's listpacks and dicts).
 */
export function memoryUsage(key: string, v: Value, samples: number): number {
  let size: number;
  if (typeof v === 'string') {
    const enc = stringEncoding(v);
    size = enc === 'int' ? 16 : enc === 'embstr' ? jemallocSize(16 + 3 + v.length + 1) : 16 + sdsAlloc(v.length);
  } else {
    size = 16 + estimateDeep(v, samples);
  }
  return size + sdsAlloc(key.length) + 24;
}

function estimateDeep(v: unknown, samples: number): number {
  let budget = Math.max(1, samples);
  let total = 0;
  let elements = 0;
  const seen = new Set<unknown>();
  const visit = (x: unknown, depth: number): void => {
    if (depth > 4) return;
    if (typeof x === 'string') {
      total += sdsAlloc(x.length);
      return;
    }
    if (typeof x === 'number' || typeof x === 'bigint') {
      total += 8;
      return;
    }
    if (x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (x instanceof Map || x instanceof Set || Array.isArray(x)) {
      const size = x instanceof Map || x instanceof Set ? x.size : x.length;
      elements = Math.max(elements, size);
      let n = 0;
      for (const e of x instanceof Map ? x.entries() : x.values()) {
        if (n >= budget) break;
        const before = total;
        visit(e, depth + 1);
        n++;
        if (n === budget && size > n) total = before + ((total - before) * size) / n;
      }
      total += size * 16;
      budget = Math.max(1, budget - n);
      return;
    }
    for (const val of Object.values(x as Record<string, unknown>)) visit(val, depth + 1);
  };
  visit(v, 0);
  return Math.round(total) + elements * 8;
}

/* ------------------------------------------------------------------------------------------ */
/* DEBUG                                                                                       */
/* ------------------------------------------------------------------------------------------ */

const DEBUG_HELP = [
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  '    it is used instead of the \'key\' prefix. These are not propagated to',
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    Sets the threshold for elements to be inserted as plain vs packed nodes',
  '    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.',
  'SET-SKIP-CHECKSUM-VALIDATION <0|1>',
  '    Enables or disables checksum checks for RDB files and RESTORE\'s payload.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>',
  '    Sets the time (in milliseconds) to wait between client reply buffer peak resets.',
  '    In case NEVER is provided the last observed peak will never be reset',
  '    In case RESET is provided the peak reset time will be restored to the default value',
  'REPLYBUFFER RESIZING <0|1>',
  '    Enable or disable the reply buffer resize cron job',
];

/** Block the whole process, as DEBUG SLEEP blocks Redis's event loop. */
function sleepSync(ms: number): void {
  if (!(ms > 0)) return;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(cell, 0, 0, ms);
}

/** A stable stand-in address for DEBUG OBJECT (Pigeon values have no pointer): a key hash. */
function fakeAddress(key: string): string {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) % 0xffffffffff;
  return '0x7f' + h.toString(16).padStart(10, '0');
}

/** rdbSavedObjectLen for strings (int or length-prefixed raw; LZF compression not modelled). */
function serializedLength(v: Value): number {
  if (typeof v === 'string') {
    if (stringEncoding(v) === 'int') {
      const n = Number(v);
      if (n >= -128 && n <= 127) return 2;
      if (n >= -32768 && n <= 32767) return 3;
      if (n >= -2147483648 && n <= 2147483647) return 5;
    }
    const len = v.length;
    return (len < 64 ? 1 : len < 16384 ? 2 : len <= 0xffffffff ? 5 : 9) + len;
  }
  return estimateDeep(v, Number.MAX_SAFE_INTEGER);
}

function debugObject(c: Client, key: string): void {
  const b = c.broker;
  const v = c.db.peek(key);
  if (v === undefined) return c.r.error(Err.NO_SUCH_KEY);
  const enc = typeof v === 'string' ? stringEncoding(v) : v.encoding;
  // Small integers are Redis's shared objects (refcount INT_MAX) unless an LRU/LFU policy is set.
  const policy = b.config.get('maxmemory-policy');
  const shared =
    enc === 'int' && Number(v) >= 0 && Number(v) < 10000 && (b.config.get('maxmemory') === '0' || !/lru|lfu/.test(policy));
  const clock = b.lruClock();
  const lru = shared ? Math.floor(b.startTime / 1000) & 0xffffff : (c.db.atime.get(key) ?? clock);
  const idle = clock >= lru ? clock - lru : clock + 0xffffff - lru;
  c.r.simple(
    `Value at:${fakeAddress(key)} refcount:${shared ? 2147483647 : 1} encoding:${enc} serializedlength:${serializedLength(v)} lru:${lru} lru_seconds_idle:${idle}`,
  );
}

function debugProtocol(c: Client, argv: string[]): void {
  const r = c.r;
  const name = argv[2]!.toLowerCase();
  switch (name) {
    case 'string':
      return r.bulk('Hello World');
    case 'integer':
      return r.int(12345);
    case 'double':
      return r.double(3.141);
    case 'bignum':
      return r.bigNumber('1234567999999999999999999999999999999');
    case 'null':
      return r.null();
    case 'array':
      r.array(3);
      for (let j = 0; j < 3; j++) r.int(j);
      return;
    case 'set':
      r.set(3);
      for (let j = 0; j < 3; j++) r.int(j);
      return;
    case 'map':
      r.map(3);
      for (let j = 0; j < 3; j++) {
        r.int(j);
        r.bool(j === 1);
      }
      return;
    case 'attrib':
      // This subcommand exists to exercise the protocol itself: the writer has no attribute frame,
      // and RESP2 has no attributes at all (Redis sends only the reply that follows).
      if (c.resp === 3) r.raw('|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n');
      return r.bulk('Some real reply following the attribute');
    case 'push':
      if (c.resp === 2) return r.error('ERR RESP2 is not supported by this command');
      r.push(2);
      r.bulk('server-cpu-usage');
      r.int(42);
      return r.bulk('Some real reply following the push reply');
    case 'true':
      return r.bool(true);
    case 'false':
      return r.bool(false);
    case 'verbatim':
      return r.verbatim('txt', 'This is a verbatim\nstring');
    default:
      return r.error('ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false');
  }
}

// DEBUG subcommand [arg ...]
function debugCommand(c: Client, argv: string[]): void {
  const b = c.broker;
  const sub = argv[1]!.toLowerCase();
  const n = argv.length;
  if (sub === 'help' && n === 2) return replyHelp(c, argv[0]!, DEBUG_HELP);
  if (sub === 'sleep' && n === 3) {
    sleepSync(strtodPrefix(argv[2]!) * 1000);
    return c.r.ok();
  }
  if (sub === 'object' && n === 3) return debugObject(c, argv[2]!);
  if (sub === 'log' && n === 3) {
    b.log.warning(`DEBUG LOG: ${argv[2]}`);
    return c.r.ok();
  }
  if (sub === 'set-active-expire' && n === 3) {
    b.activeExpireEnabled = atoi(argv[2]!) !== 0;
    return c.r.ok();
  }
  if (sub === 'error' && n === 3) return c.r.error(argv[2]!);
  if (sub === 'protocol' && n === 3) return debugProtocol(c, argv);
  if (sub === 'change-repl-id' && n === 2) {
    b.replId = Array.from({ length: 40 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
    b.log.warning('Changing replication IDs after receiving DEBUG change-repl-id');
    return c.r.ok();
  }
  if ((sub === 'quicklist-packed-threshold' || sub === 'set-skip-checksum-validation') && n === 3) return c.r.ok();
  if (sub === 'replybuffer' && n === 4) return c.r.ok();
  if (sub === 'populate' && n >= 3 && n <= 5) {
    // getPositiveLongFromObjectOrReply: one message for a non-number and a negative one.
    const count = parseInt64(argv[2]!);
    if (count === null || count < 0) return c.r.error(Err.NOT_POSITIVE);
    let size = 0;
    if (n === 5) {
      const s = parseInt64(argv[4]!);
      if (s === null || s < 0) return c.r.error(Err.NOT_POSITIVE);
      size = s;
    }
    const prefix = n >= 4 ? argv[3]!.split('\0')[0]! : 'key';
    const db = c.db;
    for (let j = 0; j < count; j++) {
      const key = `${prefix}:${j}`;
      if (db.get(key) !== undefined) continue;
      const base = `value:${j}`;
      const val = size === 0 ? base : size <= base.length ? base.slice(0, size) : base + '\0'.repeat(size - base.length);
      db.put(key, val);
      db.modified(key);
    }
    return c.r.ok();
  }
  subcommandSyntaxError(c, argv);
}

/* ------------------------------------------------------------------------------------------ */
/* The table                                                                                   */
/* ------------------------------------------------------------------------------------------ */

const COMMAND_HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

const NO_RDB = 'ERR Pigeon does not write RDB snapshots: persistence is the append-only file (CONFIG SET appendonly yes)';

const ADMIN = ['admin', 'noscript', 'loading', 'stale'];

function getKeysCommand(c: Client, argv: string[], withFlags: boolean): void {
  const b = c.broker;
  const target = argv.slice(2);
  const cmd = lookupArgv(b, target);
  if (!cmd) return c.r.error('ERR Invalid command specified');
  if (!hasKeys(cmd)) return c.r.error('ERR The command has no key arguments');
  const a = cmd.arity;
  if ((a > 0 && a !== target.length) || target.length < -a) return c.r.error('ERR Invalid number of arguments specified for command');
  const keys = getKeysFromSpecs(cmd, target);
  if (keys === null || keys.length === 0) {
    if (cmd.flags.map(normFlag).includes('no_mandatory_keys')) return c.r.array(0);
    return c.r.error('ERR Invalid arguments specified for command');
  }
  c.r.array(keys.length);
  for (const k of keys) {
    if (!withFlags) {
      c.r.bulk(target[k.pos]!);
    } else {
      c.r.array(2);
      c.r.bulk(target[k.pos]!);
      replyFlagsSet(c, k.flags);
    }
  }
}

export const commands: CommandSpec[] = [
  {
    name: 'INFO',
    arity: -1,
    flags: ['loading', 'stale'],
    group: 'server',
    acl: ['dangerous'],
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
    summary: 'Get information and statistics about the server',
    since: '1.0.0',
    complexity: 'O(1)',
    history: [['7.0.0', 'Added support for taking multiple section arguments.']],
    args: '[section:string...]',
    // INFO [section [section ...]]
    handler(c, argv) {
      c.r.verbatim('txt', infoString(c.broker, argv.slice(1)));
    },
  },
  {
    name: 'CONFIG',
    arity: -2,
    flags: [],
    group: 'server',
    summary: 'A container for server configuration commands',
    since: '2.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'GET',
        arity: -3,
        flags: ADMIN,
        group: 'server',
        summary: 'Get the values of configuration parameters',
        since: '2.0.0',
        complexity: 'O(N) when N is the number of configuration parameters provided',
        history: [['7.0.0', 'Added the ability to pass multiple pattern parameters in one call']],
        args: 'parameter{parameter:string}...',
        handler: configGet,
      },
      {
        name: 'SET',
        arity: -4,
        flags: ADMIN,
        group: 'server',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
        summary: 'Set configuration parameters to the given values',
        since: '2.0.0',
        complexity: 'O(N) when N is the number of configuration parameters provided',
        history: [['7.0.0', 'Added the ability to set multiple parameters in one call.']],
        args: 'parameter_value{parameter:string value:string}...',
        handler: configSet,
      },
      {
        name: 'RESETSTAT',
        arity: 2,
        flags: ADMIN,
        group: 'server',
        summary: 'Reset the stats returned by INFO',
        since: '2.0.0',
        complexity: 'O(1)',
        // CONFIG RESETSTAT
        handler(c) {
          resetStats(c.broker);
          c.r.ok();
        },
      },
      {
        name: 'REWRITE',
        arity: 2,
        flags: ADMIN,
        group: 'server',
        summary: 'Rewrite the configuration file with the in memory configuration',
        since: '2.8.0',
        complexity: 'O(1)',
        // CONFIG REWRITE
        handler(c) {
          const b = c.broker;
          if (b.configFile === '') return c.r.error('ERR The server is running without a config file');
          try {
            rewriteConfigFile(b, b.configFile);
          } catch (e) {
            const msg = (e as Error).message;
            b.log.warning(`CONFIG REWRITE failed: ${msg}`);
            return c.r.error(`ERR Rewriting config file: ${msg}`);
          }
          b.log.notice('CONFIG REWRITE executed with success.');
          c.r.ok();
        },
      },
      helpSubcommand({ group: 'server', since: '5.0.0', lines: CONFIG_HELP }),
    ],
  },
  {
    name: 'COMMAND',
    arity: -1,
    flags: ['loading', 'stale'],
    group: 'server',
    acl: ['connection'],
    tips: ['nondeterministic_output_order'],
    summary: 'Get array of Redis command details',
    since: '2.8.13',
    complexity: 'O(N) where N is the total number of Redis commands',
    // COMMAND
    handler(c) {
      const all = [...c.broker.commands.byName.values()];
      c.r.array(all.length);
      for (const cmd of all) replyCommandInfo(c, cmd);
    },
    subcommands: [
      {
        name: 'COUNT',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        summary: 'Get total number of Redis commands',
        since: '2.8.13',
        complexity: 'O(1)',
        // COMMAND COUNT
        handler(c) {
          c.r.int(c.broker.commands.byName.size);
        },
      },
      {
        name: 'DOCS',
        arity: -2,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        tips: ['nondeterministic_output_order'],
        summary: 'Get array of specific Redis command documentation',
        since: '7.0.0',
        complexity: 'O(N) where N is the number of commands to look up',
        args: '[command-name:string...]',
        // COMMAND DOCS [command-name [command-name ...]]
        handler(c, argv) {
          const b = c.broker;
          const list = argv.length === 2 ? [...b.commands.byName.values()] : argv.slice(2).map((n) => lookupByFullName(b, n)).filter((x): x is Command => x !== undefined);
          c.r.map(list.length);
          for (const cmd of list) {
            c.r.bulk(cmd.fullName);
            replyCommandDocs(c, cmd);
          }
        },
      },
      {
        name: 'GETKEYS',
        arity: -4,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        summary: 'Extract keys given a full Redis command',
        since: '2.8.13',
        complexity: 'O(N) where N is the number of arguments to the command',
        // COMMAND GETKEYS command [arg [arg ...]]
        handler(c, argv) {
          getKeysCommand(c, argv, false);
        },
      },
      {
        name: 'GETKEYSANDFLAGS',
        arity: -4,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        summary: 'Extract keys and access flags given a full Redis command',
        since: '7.0.0',
        complexity: 'O(N) where N is the number of arguments to the command',
        // COMMAND GETKEYSANDFLAGS command [arg [arg ...]]
        handler(c, argv) {
          getKeysCommand(c, argv, true);
        },
      },
      helpSubcommand({ group: 'server', since: '5.0.0', lines: COMMAND_HELP, acl: ['connection'] }),
      {
        name: 'INFO',
        arity: -2,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        tips: ['nondeterministic_output_order'],
        summary: 'Get array of specific Redis command details, or all when no argument is given.',
        since: '2.8.13',
        complexity: 'O(N) where N is the number of commands to look up',
        history: [['7.0.0', 'Allowed to be called with no argument to get info on all commands.']],
        args: '[command-name:string...]',
        // COMMAND INFO [command-name [command-name ...]]
        handler(c, argv) {
          const b = c.broker;
          if (argv.length === 2) {
            const all = [...b.commands.byName.values()];
            c.r.array(all.length);
            for (const cmd of all) replyCommandInfo(c, cmd);
            return;
          }
          c.r.array(argv.length - 2);
          for (let i = 2; i < argv.length; i++) replyCommandInfo(c, lookupByFullName(b, argv[i]!));
        },
      },
      {
        name: 'LIST',
        arity: -2,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        tips: ['nondeterministic_output_order'],
        summary: 'Get an array of Redis command names',
        since: '7.0.0',
        complexity: 'O(N) where N is the total number of Redis commands',
        args: '[FILTERBY filterby(MODULE module-name:string | ACLCAT category:string | PATTERN pattern:pattern)]',
        // COMMAND LIST [FILTERBY MODULE module-name|ACLCAT category|PATTERN pattern]
        handler(c, argv) {
          let filter: ((cmd: Command) => boolean) | null = null;
          for (let i = 2; i < argv.length; i++) {
            const more = argv.length - 1 - i;
            if (argv[i]!.toLowerCase() === 'filterby' && more === 2) {
              const type = argv[i + 1]!.toLowerCase();
              const arg = argv[i + 2]!;
              if (type === 'module') filter = () => false;
              else if (type === 'aclcat') {
                const cat = arg.toLowerCase();
                filter = (cmd) => aclCategories(cmd).includes(cat);
              } else if (type === 'pattern') filter = (cmd) => stringmatchlen(arg, cmd.fullName, true);
              else return c.r.error(Err.SYNTAX);
              i += 2;
            } else {
              return c.r.error(Err.SYNTAX);
            }
          }
          const names: string[] = [];
          for (const cmd of c.broker.commands.all()) if (filter === null || filter(cmd)) names.push(cmd.fullName);
          c.r.bulks(names);
        },
      },
    ],
  },
  {
    name: 'TIME',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    group: 'server',
    tips: ['nondeterministic_output'],
    summary: 'Return the current server time',
    since: '2.6.0',
    complexity: 'O(1)',
    // TIME
    handler(c) {
      const us = Math.floor((performance.timeOrigin + performance.now()) * 1000);
      c.r.bulks([String(Math.floor(us / 1e6)), String(us % 1e6)]);
    },
  },
  {
    name: 'LASTSAVE',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    group: 'server',
    acl: ['admin', 'dangerous'],
    tips: ['nondeterministic_output'],
    summary: 'Get the UNIX time stamp of the last successful save to disk',
    since: '1.0.0',
    complexity: 'O(1)',
    // LASTSAVE
    handler(c) {
      c.r.int(c.broker.lastSave);
    },
  },
  {
    name: 'ROLE',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast'],
    group: 'server',
    acl: ['admin', 'dangerous'],
    summary: 'Return the role of the instance in the context of replication',
    since: '2.8.12',
    complexity: 'O(1)',
    // ROLE
    handler(c) {
      c.r.array(3);
      c.r.bulk('master');
      c.r.int(0);
      c.r.array(0);
    },
  },
  {
    name: 'SHUTDOWN',
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'no-multi', 'allow-busy'],
    group: 'server',
    summary: 'Synchronously save the dataset to disk and then shut down the server',
    since: '1.0.0',
    complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
    history: [['7.0.0', 'Added the `NOW`, `FORCE` and `ABORT` modifiers.']],
    args: '[nosave_save(NOSAVE | SAVE)] [NOW@7.0.0] [FORCE@7.0.0] [ABORT@7.0.0]',
    // SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]
    handler(c, argv) {
      let save = false;
      let nosave = false;
      let now = false;
      let force = false;
      let abort = false;
      for (let i = 1; i < argv.length; i++) {
        const a = argv[i]!.toLowerCase();
        if (a === 'nosave') nosave = true;
        else if (a === 'save') save = true;
        else if (a === 'now') now = true;
        else if (a === 'force') force = true;
        else if (a === 'abort') abort = true;
        else return c.r.error(Err.SYNTAX);
      }
      if ((abort && (save || nosave || now || force)) || (save && nosave)) return c.r.error(Err.SYNTAX);
      // Pigeon shuts down at once: there is never a shutdown in progress to abort.
      if (abort) return c.r.error('ERR No shutdown in progress.');
      if (!now && c.inExec) return c.r.error("ERR SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client");
      c.broker.shutdown();
    },
  },
  {
    name: 'MONITOR',
    arity: 1,
    flags: ADMIN,
    group: 'server',
    summary: 'Listen for all requests received by the server in real time',
    since: '1.0.0',
    // MONITOR
    handler(c) {
      if (c.inExec) return c.r.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
      // A monitor asking again gets no reply at all, as in Redis.
      if (c.isMonitor) return;
      c.isMonitor = true;
      c.broker.monitors.add(c);
      c.r.ok();
    },
  },
  {
    name: 'SLOWLOG',
    arity: -2,
    flags: [],
    group: 'server',
    summary: 'A container for slow log commands',
    since: '2.2.12',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'GET',
        arity: -2,
        flags: ['admin', 'loading', 'stale'],
        group: 'server',
        tips: ['request_policy:all_nodes', 'nondeterministic_output'],
        summary: 'Get the slow log\'s entries',
        since: '2.2.12',
        complexity: 'O(N) where N is the number of entries returned',
        history: [['4.0.0', 'Added client IP address, port and name to the reply.']],
        args: '[count:integer]',
        // SLOWLOG GET [count]
        handler(c, argv) {
          if (argv.length > 3) return subcommandSyntaxError(c, argv);
          const log = c.broker.slowlog;
          let count = 10;
          if (argv.length === 3) {
            const n = parseInt64(argv[2]!);
            if (n === null || n < -1) return c.r.error('ERR count should be greater than or equal to -1');
            count = n === -1 ? log.length : n;
          }
          const entries = log.slice(0, Math.min(count, log.length));
          const r = c.r;
          r.array(entries.length);
          for (const e of entries) {
            r.array(6);
            r.int(e.id);
            r.int(e.time);
            r.int(e.usec);
            r.bulks(e.argv);
            r.bulk(e.addr);
            r.bulk(e.name);
          }
        },
      },
      {
        name: 'LEN',
        arity: 2,
        flags: ['admin', 'loading', 'stale'],
        group: 'server',
        tips: ['request_policy:all_nodes', 'response_policy:agg_sum', 'nondeterministic_output'],
        summary: 'Get the slow log\'s length',
        since: '2.2.12',
        complexity: 'O(1)',
        // SLOWLOG LEN
        handler(c) {
          c.r.int(c.broker.slowlog.length);
        },
      },
      {
        name: 'RESET',
        arity: 2,
        flags: ['admin', 'loading', 'stale'],
        group: 'server',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
        summary: 'Clear all entries from the slow log',
        since: '2.2.12',
        complexity: 'O(N) where N is the number of entries in the slowlog',
        // SLOWLOG RESET
        handler(c) {
          c.broker.slowlog = [];
          c.r.ok();
        },
      },
      helpSubcommand({ group: 'server', since: '6.2.0', lines: SLOWLOG_HELP }),
    ],
  },
  {
    name: 'DEBUG',
    arity: -2,
    flags: ['admin', 'noscript', 'loading', 'stale', 'protected'],
    group: 'server',
    summary: 'A container for debugging commands',
    since: '1.0.0',
    complexity: 'Depends on subcommand.',
    docFlags: ['syscmd'],
    handler: debugCommand,
  },
  {
    name: 'SAVE',
    arity: 1,
    flags: ['admin', 'noscript', 'no-async-loading', 'no-multi'],
    group: 'server',
    summary: 'Synchronously save the dataset to disk',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of keys in all databases',
    // SAVE
    handler(c) {
      c.r.error(NO_RDB);
    },
  },
  {
    name: 'BGREWRITEAOF',
    arity: 1,
    flags: ['admin', 'noscript', 'no-async-loading'],
    group: 'server',
    summary: 'Asynchronously rewrite the append-only file',
    since: '1.0.0',
    complexity: 'O(1)',
    // BGREWRITEAOF
    handler(c) {
      const aof = c.broker.aof;
      if (aof.rewrite !== null) return c.r.error('ERR Background append only file rewriting already in progress');
      // Inside EXEC (Redis's server.in_exec) the rewrite starts from the cron, after the transaction.
      if (c.inExec) {
        aof.rewriteScheduled = true;
        aof.rewriteFailures = 0;
        return c.r.simple('Background append only file rewriting scheduled');
      }
      if (aof.startRewrite()) return c.r.simple('Background append only file rewriting started');
      c.r.error("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.");
    },
  },
  {
    name: 'BGSAVE',
    arity: -1,
    flags: ['admin', 'noscript', 'no-async-loading'],
    group: 'server',
    summary: 'Asynchronously save the dataset to disk',
    since: '1.0.0',
    complexity: 'O(1)',
    history: [['3.2.2', 'Added the `SCHEDULE` option.']],
    args: '[SCHEDULE@3.2.2]',
    // BGSAVE [SCHEDULE]
    handler(c, argv) {
      if (argv.length > 1 && !(argv.length === 2 && argv[1]!.toLowerCase() === 'schedule')) return c.r.error(Err.SYNTAX);
      c.r.error(NO_RDB);
    },
  },
  {
    name: 'LATENCY',
    arity: -2,
    flags: [],
    group: 'server',
    summary: 'A container for latency diagnostics commands',
    since: '2.8.13',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'DOCTOR',
        arity: 2,
        flags: ADMIN,
        group: 'server',
        tips: ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special'],
        summary: 'Return a human readable latency analysis report.',
        since: '2.8.13',
        complexity: 'O(1)',
        // LATENCY DOCTOR
        handler(c) {
          // Pigeon records no latency events, so the report is one of Redis's two "nothing" texts.
          const text =
            c.broker.config.num('latency-monitor-threshold') === 0
              ? 'I\'m sorry, Dave, I can\'t do that. Latency monitoring is disabled in this Redis instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we weren\'t in a deep space mission I\'d suggest to take a look at https://redis.io/topics/latency-monitor.\n'
              : 'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n';
          c.r.verbatim('txt', text);
        },
      },
      {
        name: 'GRAPH',
        arity: 3,
        flags: ADMIN,
        group: 'server',
        tips: ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special'],
        summary: 'Return a latency graph for the event.',
        since: '2.8.13',
        complexity: 'O(1)',
        args: 'event:string',
        // LATENCY GRAPH event
        handler(c, argv) {
          c.r.error(`ERR No samples available for event '${argv[2]}'`);
        },
      },
      helpSubcommand({ group: 'server', since: '2.8.13', lines: LATENCY_HELP, summary: 'Show helpful text about the different subcommands.' }),
      {
        name: 'HISTOGRAM',
        arity: -2,
        flags: ADMIN,
        group: 'server',
        tips: ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special'],
        summary: 'Return the cumulative distribution of latencies of a subset of commands or all.',
        since: '7.0.0',
        complexity: 'O(N) where N is the number of commands with latency information being retrieved.',
        args: '[command:string...]',
        // LATENCY HISTOGRAM [command [command ...]]
        handler(c, argv) {
          const b = c.broker;
          const list: Command[] = [];
          if (argv.length === 2) {
            for (const cmd of b.commands.all()) if (cmd.stats.calls > 0) list.push(cmd);
          } else {
            for (let i = 2; i < argv.length; i++) {
              const cmd = lookupByFullName(b, argv[i]!);
              if (!cmd) continue;
              if (cmd.stats.calls > 0) list.push(cmd);
              if (cmd.sub) for (const s of cmd.sub.values()) if (s.stats.calls > 0) list.push(s);
            }
          }
          c.r.map(list.length);
          for (const cmd of list) replyHistogram(c, cmd);
        },
      },
      {
        name: 'HISTORY',
        arity: 3,
        flags: ADMIN,
        group: 'server',
        tips: ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special'],
        summary: 'Return timestamp-latency samples for the event.',
        since: '2.8.13',
        complexity: 'O(1)',
        args: 'event:string',
        // LATENCY HISTORY event
        handler(c) {
          c.r.array(0);
        },
      },
      {
        name: 'LATEST',
        arity: 2,
        flags: ADMIN,
        group: 'server',
        tips: ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special'],
        summary: 'Return the latest latency samples for all events.',
        since: '2.8.13',
        complexity: 'O(1)',
        // LATENCY LATEST
        handler(c) {
          c.r.array(0);
        },
      },
      {
        name: 'RESET',
        arity: -2,
        flags: ADMIN,
        group: 'server',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
        summary: 'Reset latency data for one or more events.',
        since: '2.8.13',
        complexity: 'O(1)',
        args: '[event:string...]',
        // LATENCY RESET [event [event ...]]
        handler(c) {
          c.r.int(0);
        },
      },
    ],
  },
  {
    name: 'MEMORY',
    arity: -2,
    flags: [],
    group: 'server',
    summary: 'A container for memory diagnostics commands',
    since: '4.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'DOCTOR',
        arity: 2,
        flags: [],
        group: 'server',
        tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
        summary: 'Outputs memory problems report',
        since: '4.0.0',
        complexity: 'O(1)',
        // MEMORY DOCTOR
        handler(c) {
          let keys = 0;
          for (const db of c.broker.dbs) keys += db.dict.size;
          const text =
            keys === 0
              ? "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n"
              : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
          c.r.verbatim('txt', text);
        },
      },
      helpSubcommand({ group: 'server', since: '4.0.0', lines: MEMORY_HELP }),
      {
        name: 'MALLOC-STATS',
        arity: 2,
        flags: [],
        group: 'server',
        tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
        summary: 'Show allocator internal stats',
        since: '4.0.0',
        complexity: 'Depends on how much memory is allocated, could be slow',
        // MEMORY MALLOC-STATS
        handler(c) {
          c.r.bulk('Stats not supported for the current allocator');
        },
      },
      {
        name: 'PURGE',
        arity: 2,
        flags: [],
        group: 'server',
        tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
        summary: 'Ask the allocator to release memory',
        since: '4.0.0',
        complexity: 'Depends on how much memory is allocated, could be slow',
        // MEMORY PURGE
        handler(c) {
          c.r.ok();
        },
      },
      {
        name: 'STATS',
        arity: 2,
        flags: [],
        group: 'server',
        tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
        summary: 'Show memory usage details',
        since: '4.0.0',
        complexity: 'O(1)',
        // MEMORY STATS
        handler(c) {
          const b = c.broker;
          const mh = memoryOverhead(b);
          const { rss, heapTotal } = usedMemory();
          if (mh.used > b.peakMemory) b.peakMemory = mh.used;
          const r = c.r;
          const net = mh.used - mh.startup > 0 ? mh.used - mh.startup : 1;
          const ints: Array<[string, number]> = [
            ['peak.allocated', b.peakMemory],
            ['total.allocated', mh.used],
            ['startup.allocated', mh.startup],
            ['replication.backlog', 0],
            ['clients.slaves', 0],
            ['clients.normal', mh.clients],
            ['cluster.links', 0],
            ['aof.buffer', 0],
            ['lua.caches', 0],
            ['functions.caches', 0],
          ];
          const pairs: Array<[string, number, boolean]> = [
            ['overhead.total', mh.overhead, false],
            ['keys.count', mh.keys, false],
            ['keys.bytes-per-key', mh.keys ? Math.floor(net / mh.keys) : 0, false],
            ['dataset.bytes', mh.dataset, false],
            ['dataset.percentage', (mh.dataset * 100) / net, true],
            ['peak.percentage', (mh.used * 100) / (b.peakMemory || 1), true],
            ['allocator.allocated', mh.used, false],
            ['allocator.active', heapTotal, false],
            ['allocator.resident', rss, false],
            ['allocator-fragmentation.ratio', heapTotal / (mh.used || 1), true],
            ['allocator-fragmentation.bytes', Math.max(0, heapTotal - mh.used), false],
            ['allocator-rss.ratio', rss / (heapTotal || 1), true],
            ['allocator-rss.bytes', rss - heapTotal, false],
            ['rss-overhead.ratio', 1, true],
            ['rss-overhead.bytes', 0, false],
            ['fragmentation', rss / (mh.used || 1), true],
            ['fragmentation.bytes', rss - mh.used, false],
          ];
          r.map(ints.length + mh.perDb.length + pairs.length);
          for (const [k, v] of ints) {
            r.bulk(k);
            r.int(v);
          }
          for (const [id, main, exp] of mh.perDb) {
            r.bulk(`db.${id}`);
            r.map(3);
            r.bulk('overhead.hashtable.main');
            r.int(main);
            r.bulk('overhead.hashtable.expires');
            r.int(exp);
            r.bulk('overhead.hashtable.slot-to-keys');
            r.int(0);
          }
          for (const [k, v, dbl] of pairs) {
            r.bulk(k);
            if (dbl) r.double(Math.fround(v));
            else r.int(v);
          }
        },
      },
      {
        name: 'USAGE',
        arity: -3,
        flags: ['readonly'],
        keys: { first: 2, last: 2, step: 1 },
        keySpecs: [{ flags: ['RO'], bs: { index: 2 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }],
        group: 'server',
        summary: 'Estimate the memory usage of a key',
        since: '4.0.0',
        complexity: 'O(N) where N is the number of samples.',
        args: 'key:key#0 [SAMPLES count:integer]',
        // MEMORY USAGE key [SAMPLES count]
        handler(c, argv) {
          let samples = 5;
          for (let j = 3; j < argv.length; j++) {
            if (argv[j]!.toLowerCase() === 'samples' && j + 1 < argv.length) {
              const n = parseInt64(argv[j + 1]!);
              if (n === null) return c.r.error(Err.NOT_INTEGER);
              if (n < 0) return c.r.error(Err.SYNTAX);
              samples = n === 0 ? Number.MAX_SAFE_INTEGER : n;
              j++;
            } else {
              return c.r.error(Err.SYNTAX);
            }
          }
          // Like Redis (dictFind), a logically expired key that is still stored is measured.
          const v = c.db.dict.get(argv[2]!);
          if (v === undefined) return c.r.null();
          c.r.int(memoryUsage(argv[2]!, v, samples));
        },
      },
    ],
  },
  {
    name: 'FUNCTION',
    arity: -2,
    flags: [],
    group: 'scripting',
    summary: 'A container for function commands',
    since: '7.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'DELETE',
        arity: 3,
        flags: ['write', 'noscript'],
        group: 'scripting',
        tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
        summary: 'Delete a function by name',
        since: '7.0.0',
        complexity: 'O(1)',
        args: 'library-name:string',
        // FUNCTION DELETE library-name
        handler(c) {
          c.r.error('ERR Library not found');
        },
      },
      {
        name: 'FLUSH',
        arity: -2,
        flags: ['write', 'noscript'],
        group: 'scripting',
        tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
        summary: 'Deleting all functions',
        since: '7.0.0',
        complexity: 'O(N) where N is the number of functions deleted',
        args: '[async(ASYNC | SYNC)]',
        // FUNCTION FLUSH [ASYNC|SYNC]
        handler(c, argv) {
          if (argv.length > 3) return subcommandSyntaxError(c, argv);
          if (argv.length === 3) {
            const mode = argv[2]!.toLowerCase();
            if (mode !== 'sync' && mode !== 'async') return c.r.error('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
          }
          c.broker.dirty++;
          c.r.ok();
        },
      },
      helpSubcommand({ group: 'scripting', since: '7.0.0', lines: FUNCTION_HELP }),
      {
        name: 'KILL',
        arity: 2,
        flags: ['noscript', 'allow-busy'],
        group: 'scripting',
        tips: ['request_policy:all_shards', 'response_policy:one_succeeded'],
        summary: 'Kill the function currently in execution.',
        since: '7.0.0',
        complexity: 'O(1)',
        // FUNCTION KILL
        handler(c) {
          c.r.error('NOTBUSY No scripts in execution right now.');
        },
      },
      {
        name: 'LIST',
        arity: -2,
        flags: ['noscript'],
        group: 'scripting',
        tips: ['nondeterministic_output_order'],
        summary: 'List information about all the functions',
        since: '7.0.0',
        complexity: 'O(N) where N is the number of functions',
        args: '[LIBRARYNAME library-name-pattern:string] [WITHCODE]',
        // FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]
        handler(c, argv) {
          let withCode = false;
          let lib: string | null = null;
          for (let i = 2; i < argv.length; i++) {
            const a = argv[i]!;
            if (!withCode && a.toLowerCase() === 'withcode') {
              withCode = true;
              continue;
            }
            if (lib === null && a.toLowerCase() === 'libraryname') {
              if (i >= argv.length - 1) return c.r.error('ERR library name argument was not given');
              lib = argv[++i]!;
              continue;
            }
            return c.r.error(`ERR Unknown argument ${a}`);
          }
          c.r.array(0);
        },
      },
      {
        name: 'STATS',
        arity: 2,
        flags: ['noscript', 'allow-busy'],
        group: 'scripting',
        tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
        summary: 'Return information about the function currently running (name, description, duration)',
        since: '7.0.0',
        complexity: 'O(1)',
        // FUNCTION STATS
        handler(c) {
          const r = c.r;
          r.map(2);
          r.bulk('running_script');
          r.null();
          r.bulk('engines');
          r.map(1);
          r.bulk('LUA');
          r.map(2);
          r.bulk('libraries_count');
          r.int(0);
          r.bulk('functions_count');
          r.int(0);
        },
      },
    ],
  },
];
