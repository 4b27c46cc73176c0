/*
 * The declarative command table.
 *
 * Each command family (src/server/commands/<group>.ts) exports a CommandSpec[]; index.ts gathers
 * them into one table. Everything generic is driven from these specs by the dispatcher: arity
 * errors, unknown (sub)commands, the NOAUTH gate, subscribe-mode rules, MULTI queueing, command
 * stats, and COMMAND / COMMAND INFO / COMMAND DOCS / docs/commands.md.
 *
 * A new command must:
 *  - give its arity as Redis does (N: exactly N args including the name; -N: at least N);
 *  - list its flags with Redis's names ('write', 'readonly', 'denyoom', 'fast', 'noscript',
 *    'loading', 'stale', 'no-auth', 'pubsub', 'blocking', 'admin', 'no-multi', 'allow-busy', ...);
 *  - give key positions (first, last, step; last -1 = to the end) so COMMAND GETKEYS and the ACL
 *    key checks of later issues work;
 *  - start its handler with a syntax comment and parse every argument before changing anything.
 */

import type { Client } from './client.js';

export type Handler = (c: Client, argv: string[]) => void;

export interface KeySpec {
  first: number;
  last: number;
  step: number;
}

/**
 * A Redis 7 key specification. `bs` is the begin-search step (an argument index, or a keyword
 * searched from `startfrom`, negative = from the end; null = unknown); `fk` finds the keys from
 * there (a range: lastkey relative to the first key, -1 = to the end, keystep, limit; or a keynum:
 * the index of the count argument, the first key and the step, relative to bs; null = unknown).
 * Flags: RO RW OW RM access update insert delete not_key incomplete variable_flags.
 *
 *   GET:         { flags: ['RO', 'access'], bs: { index: 1 }, fk: { lastkey: 0, keystep: 1, limit: 0 } }
 *   ZUNIONSTORE: { flags: ['RO', 'access'], bs: { index: 2 }, fk: { keynumidx: 0, firstkey: 1, keystep: 1 } }
 */
export interface KeySpecDef {
  notes?: string;
  flags: string[];
  bs: { index: number } | { keyword: string; startfrom: number } | null;
  fk: { lastkey: number; keystep: number; limit: number } | { keynumidx: number; firstkey: number; keystep: number } | null;
}

export interface CommandSpec {
  name: string;
  arity: number;
  flags: string[];
  keys?: KeySpec;
  /** Redis command group (generic, string, hash, ...) for COMMAND DOCS and docs/commands.md. */
  group: string;
  summary?: string;
  since?: string;
  complexity?: string;
  /**
   * ACL categories beyond those derived from flags and group (`'dangerous'`, `'connection'`); a
   * leading '-' removes a derived one (SORT is in the generic group but not in @keyspace).
   */
  acl?: string[];
  /** Redis 7 command tips (`'nondeterministic_output'`, `'request_policy:all_shards'`, ...). */
  tips?: string[];
  /**
   * Redis 7 key specs, as COMMAND INFO shows them. Without them one spec is derived from `keys`
   * (flags RO+access for readonly commands, RW+update for write ones).
   */
  keySpecs?: KeySpecDef[];
  /** COMMAND DOCS extras. */
  docFlags?: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  history?: Array<[string, string]>;
  /**
   * The argument tree COMMAND DOCS shows, in Redis's syntax notation made exact (parsed by
   * parseArgs in commands/server.ts; a malformed string throws there). Arguments are separated
   * by one space:
   *   name:type        a leaf; type is string, integer, double, key, pattern or unix-time
   *   TOKEN            a pure token named after it in lowercase (`NX`); `name=TOKEN` when the
   *                    name differs (ZADD's `change=CH`) or a plain argument follows; a token
   *                    outside [A-Z0-9_-] is quoted (XADD's `auto_id="*"`)
   *   TOKEN arg        a token in front of a leaf or a group (`COUNT count:integer`)
   *   name(a | b)      a oneof;  name{a b}  a block
   *   [arg]            optional
   * and suffixes, in this order: `#0` key spec index, `@6.2.0` since, `!2.8.12` deprecated since,
   * `...` multiple, `...+` multiple with the token repeated (`[GET pattern:pattern#1...+]`).
   *   SET: 'key:key#0 value:string [condition(NX | XX)@2.6.12] [GET@6.2.0] [expiration(EX seconds:integer@2.6.12 | ... | KEEPTTL@6.0.0)]'
   * Every argument tree of Redis 7.0.15 can be written this way.
   */
  args?: string;
  handler?: Handler;
  subcommands?: CommandSpec[];
}

/** A resolved command: the spec plus precomputed lookups used on the hot path. */
export interface Command extends CommandSpec {
  /** Lowercase full name; `config|get` for subcommands. */
  fullName: string;
  parent?: Command;
  sub?: Map<string, Command>;
  isWrite: boolean;
  noAuth: boolean;
  /** Allowed in RESP2 subscribe mode. */
  pubsubAllowed: boolean;
  /** Executed immediately inside MULTI instead of being queued. */
  multiControl: boolean;
  /** Gated by enable-debug-command (DEBUG). */
  isProtected: boolean;
  noMulti: boolean;
  /** Not shown to MONITOR (admin commands, as Redis). */
  skipMonitor: boolean;
  skipSlowlog: boolean;
  stats: { calls: number; usec: number; rejected: number; failed: number };
}

export class CommandTable {
  readonly byName = new Map<string, Command>();

  constructor(specs: CommandSpec[]) {
    for (const spec of specs) this.byName.set(spec.name.toLowerCase(), resolve(spec));
  }

  get(name: string): Command | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** All commands and subcommands, for stats and docs. */
  *all(): Iterable<Command> {
    for (const c of this.byName.values()) {
      yield c;
      if (c.sub) yield* c.sub.values();
    }
  }
}

const PUBSUB_ALLOWED = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe', 'ping', 'quit', 'reset']);
const MULTI_CONTROL = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

function resolve(spec: CommandSpec, parent?: Command): Command {
  const lname = spec.name.toLowerCase();
  const fullName = parent ? `${parent.fullName}|${lname}` : lname;
  const cmd: Command = {
    ...spec,
    fullName,
    parent,
    isWrite: spec.flags.includes('write'),
    noAuth: spec.flags.includes('no-auth'),
    pubsubAllowed: !parent && PUBSUB_ALLOWED.has(lname),
    multiControl: !parent && MULTI_CONTROL.has(lname),
    isProtected: spec.flags.includes('protected') || (parent?.isProtected ?? false),
    noMulti: spec.flags.includes('no-multi'),
    skipSlowlog: spec.flags.includes('skip-slowlog'),
    skipMonitor: spec.flags.includes('admin') || spec.flags.includes('skip-monitor') || (parent?.skipMonitor ?? false),
    stats: { calls: 0, usec: 0, rejected: 0, failed: 0 },
  };
  if (spec.subcommands) {
    cmd.sub = new Map();
    for (const s of spec.subcommands) cmd.sub.set(s.name.toLowerCase(), resolve(s, cmd));
  }
  return cmd;
}
