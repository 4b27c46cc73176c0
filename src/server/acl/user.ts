/*
 * ACL users and their rules, as Redis 7.0's acl.c models them.
 *
 * A user has flags (on/off, nopass, [skip-]sanitize-payload), a list of SHA-256 password hashes
 * and a list of selectors. The first selector is the root one: the rules given outside
 * parentheses. A command is allowed when any selector allows it. A selector holds:
 *   - the commands it may run: a set of commands (subcommands are commands of their own), plus
 *     the `future` bit set only by +@all / allcommands (Redis's reserved last bitmap bit: the
 *     description then starts from +@all), plus the ALLCOMMANDS fast-path flag that any removal
 *     clears, plus allowed first arguments (`+select|0`) of otherwise denied commands;
 *   - key patterns, each with read/write permissions (`~p` both, `%R~p`, `%W~p`) or ALLKEYS;
 *   - channel patterns (`&p`) or ALLCHANNELS.
 *
 * Rules are applied by setUserOp() (ACLSetUser) and setSelectorOp() (ACLSetSelector), which return
 * null or an AclOpError naming Redis's errno; aclOpErrorText() words it as ACLSetUserStringError.
 * describeUser() writes the rules back in ACL LIST / ACL SAVE form (ACLDescribeUser), rebuilding
 * the command rules by best-fitting categories first and single commands after, exactly as
 * ACLDescribeSelectorCommandRules does. Single commands are listed in command-table order (Redis
 * lists them in its hash table's order, which varies from run to run).
 *
 * `restricted` caches "some check can fail" (not all commands, keys and channels in the root
 * selector): the dispatcher tests only that field for a fully privileged user.
 */

import { createHash } from 'node:crypto';
import type { Command, CommandTable } from '../command.js';
import { stringmatchlen } from '../keyspace/glob.js';

export const KEY_READ = 1;
export const KEY_WRITE = 2;
export const KEY_ALL = 3;

export type AclOpError = 'ENOENT' | 'EINVAL' | 'EEXIST' | 'EISDIR' | 'ENODEV' | 'EBADMSG' | 'ECHILD' | 'EALREADY';

/** ACLSetUserStringError. */
export function aclOpErrorText(e: AclOpError): string {
  switch (e) {
    case 'ENOENT':
      return 'Unknown command or category name in ACL';
    case 'EINVAL':
      return 'Syntax error';
    case 'EEXIST':
      return "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    case 'EISDIR':
      return "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
    case 'ENODEV':
      return 'The password you are trying to remove from the user does not exist';
    case 'EBADMSG':
      return 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters';
    case 'EALREADY':
      return 'Duplicate user found. A user can only be defined once in config files';
    case 'ECHILD':
      return 'Allowing first-arg of a subcommand is not supported';
  }
}

/** ACL categories in Redis's table order (ACLCommandCategories). */
export const CATEGORY_NAMES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream',
  'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
];

/**
 * What the rules need to know about the command table: the commands in table order, the categories
 * of each, and the lookups of ACLLookupCommand. Built once per broker (acl/index.ts).
 */
export interface CommandCatalog {
  table: CommandTable;
  /** Top-level commands in table order. */
  top: Command[];
  /** Every command and subcommand. */
  all: Command[];
  categories: Map<Command, ReadonlySet<string>>;
}

/** ACLLookupCommand (lookupCommandBySdsLogic, strict): `name` or `container|sub`, case-insensitive. */
export function lookupCommandByName(cat: CommandCatalog, name: string): Command | null {
  const parts = name.split('|');
  if (name === '' || parts.length > 2) return null;
  const top = cat.table.get(parts[0]!);
  if (!top) return null;
  if (parts.length === 1) return top;
  if (!top.sub) return null;
  return top.sub.get(parts[1]!.toLowerCase()) ?? null;
}

export function hashPassword(pass: string): string {
  return createHash('sha256').update(Buffer.from(pass, 'latin1')).digest('hex');
}

/** ACLCheckPasswordHash. */
function validHash(h: string): boolean {
  return /^[0-9a-f]{64}$/.test(h);
}

/** ACLStringHasSpaces: isspace() or NUL. */
export function hasSpaces(s: string): boolean {
  return /[ \t\n\v\f\r\0]/.test(s);
}

export interface KeyPattern {
  pattern: string;
  flags: number;
}

export class Selector {
  allKeys = false;
  allChannels: boolean;
  allCommands = false;
  /** +@all was the base (Redis's reserved command bit). */
  future = false;
  readonly allowed = new Set<Command>();
  firstArgs: Map<Command, string[]> | null = null;
  keys: KeyPattern[] = [];
  channels: string[] = [];

  constructor(allChannels: boolean) {
    this.allChannels = allChannels;
  }

  clone(): Selector {
    const s = new Selector(this.allChannels);
    s.allKeys = this.allKeys;
    s.allCommands = this.allCommands;
    s.future = this.future;
    for (const c of this.allowed) s.allowed.add(c);
    if (this.firstArgs) s.firstArgs = new Map([...this.firstArgs].map(([k, v]) => [k, v.slice()]));
    s.keys = this.keys.map((k) => ({ ...k }));
    s.channels = this.channels.slice();
    return s;
  }

  private setBit(cmd: Command, on: boolean): void {
    if (on) this.allowed.add(cmd);
    else {
      this.allowed.delete(cmd);
      this.allCommands = false;
    }
  }

  /** ACLChangeSelectorPerm: a container's rule applies to its subcommands too. */
  changePerm(cmd: Command, on: boolean): void {
    this.setBit(cmd, on);
    this.firstArgs?.delete(cmd);
    if (cmd.sub) for (const s of cmd.sub.values()) this.setBit(s, on);
  }

  setCategory(cat: CommandCatalog, name: string, on: boolean): void {
    const walk = (cmds: Iterable<Command>): void => {
      for (const c of cmds) {
        if (cat.categories.get(c)!.has(name)) this.changePerm(c, on);
        if (c.sub) walk(c.sub.values());
      }
    };
    walk(cat.top);
  }

  countCategory(cat: CommandCatalog, name: string): { on: number; off: number } {
    let on = 0;
    let off = 0;
    for (const c of cat.all) {
      if (!cat.categories.get(c)!.has(name)) continue;
      if (this.allowed.has(c)) on++;
      else off++;
    }
    return { on, off };
  }

  setAll(cat: CommandCatalog, on: boolean): void {
    this.allowed.clear();
    if (on) for (const c of cat.all) this.allowed.add(c);
    this.allCommands = on;
    this.future = on;
    this.firstArgs = null;
  }

  /** Same command bits (and future bit) as `o`. */
  sameBits(o: Selector): boolean {
    if (this.future !== o.future || this.allowed.size !== o.allowed.size) return false;
    for (const c of this.allowed) if (!o.allowed.has(c)) return false;
    return true;
  }
}

export class AclUser {
  enabled = false;
  nopass = false;
  /** 0: neither flag; 1: sanitize-payload; 2: skip-sanitize-payload. */
  sanitize = 0;
  passwords: string[] = [];
  selectors: Selector[];
  /** Some permission check can fail: the dispatcher checks only users with this set. */
  restricted = true;

  constructor(
    public name: string,
    allChannelsDefault: boolean,
  ) {
    this.selectors = [new Selector(allChannelsDefault)];
    this.refresh();
  }

  get root(): Selector {
    return this.selectors[0]!;
  }

  /** Copy every rule of `src` (ACLCopyUser: the name stays). */
  copyFrom(src: AclUser): void {
    this.enabled = src.enabled;
    this.nopass = src.nopass;
    this.sanitize = src.sanitize;
    this.passwords = src.passwords.slice();
    this.selectors = src.selectors.map((s) => s.clone());
    this.refresh();
  }

  clone(): AclUser {
    const u = new AclUser(this.name, false);
    u.copyFrom(this);
    return u;
  }

  refresh(): void {
    const r = this.root;
    this.restricted = !(r.allCommands && r.allKeys && r.allChannels);
  }

  /** ACLCheckUserCredentials, for an existing user. */
  checkPassword(pass: string): boolean {
    if (!this.enabled) return false;
    if (this.nopass) return true;
    const h = hashPassword(pass);
    return this.passwords.includes(h);
  }
}

/** ACLSetSelector. */
export function setSelectorOp(cat: CommandCatalog, s: Selector, op: string): AclOpError | null {
  const low = op.toLowerCase();
  if (low === 'allkeys' || low === '~*') {
    s.allKeys = true;
    s.keys = [];
  } else if (low === 'resetkeys') {
    s.allKeys = false;
    s.keys = [];
  } else if (low === 'allchannels' || low === '&*') {
    s.allChannels = true;
    s.channels = [];
  } else if (low === 'resetchannels') {
    s.allChannels = false;
    s.channels = [];
  } else if (low === 'allcommands' || low === '+@all') {
    s.setAll(cat, true);
  } else if (low === 'nocommands' || low === '-@all') {
    s.setAll(cat, false);
  } else if (op[0] === '~' || op[0] === '%') {
    if (s.allKeys) return 'EEXIST';
    let flags = 0;
    let offset = 1;
    if (op[0] === '%') {
      for (; offset < op.length; offset++) {
        const ch = op[offset]!.toUpperCase();
        if (ch === 'R' && !(flags & KEY_READ)) flags |= KEY_READ;
        else if (ch === 'W' && !(flags & KEY_WRITE)) flags |= KEY_WRITE;
        else if (op[offset] === '~') {
          offset++;
          break;
        } else return 'EINVAL';
      }
      if (flags === 0) return 'EINVAL';
    } else {
      flags = KEY_ALL;
    }
    const pattern = op.slice(offset);
    if (hasSpaces(pattern)) return 'EINVAL';
    const existing = s.keys.find((k) => k.pattern === pattern);
    if (existing) existing.flags |= flags;
    else s.keys.push({ pattern, flags });
    s.allKeys = false;
  } else if (op[0] === '&') {
    if (s.allChannels) return 'EISDIR';
    const pattern = op.slice(1);
    if (hasSpaces(pattern)) return 'EINVAL';
    if (!s.channels.includes(pattern)) s.channels.push(pattern);
    s.allChannels = false;
  } else if (op[0] === '+' && op[1] !== '@') {
    const name = op.slice(1);
    const bar = name.lastIndexOf('|');
    if (bar < 0) {
      const cmd = lookupCommandByName(cat, name);
      if (!cmd) return 'ENOENT';
      s.changePerm(cmd, true);
    } else {
      const base = name.slice(0, bar);
      const sub = name.slice(bar + 1);
      let cmd = lookupCommandByName(cat, base);
      if (!cmd) return 'ENOENT';
      if (cmd.parent) return 'ECHILD';
      if (sub === '') return 'EINVAL';
      if (cmd.sub) {
        cmd = lookupCommandByName(cat, name);
        if (!cmd) return 'ENOENT';
        s.changePerm(cmd, true);
      } else {
        s.firstArgs ??= new Map();
        const list = s.firstArgs.get(cmd) ?? [];
        if (!list.some((a) => a.toLowerCase() === sub.toLowerCase())) list.push(sub);
        s.firstArgs.set(cmd, list);
      }
    }
  } else if (op[0] === '-' && op[1] !== '@') {
    const cmd = lookupCommandByName(cat, op.slice(1));
    if (!cmd) return 'ENOENT';
    s.changePerm(cmd, false);
  } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
    const name = op.slice(2).toLowerCase();
    if (!CATEGORY_NAMES.includes(name)) return 'ENOENT';
    s.setCategory(cat, name, op[0] === '+');
  } else {
    return 'EINVAL';
  }
  return null;
}

/**
 * sdssplitargs for a selector's inside: words separated by spaces, with "double" (escapes) and
 * 'single' quotes. Returns null on unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && /[ \n\r\t\f\v]/.test(line[i]!)) i++;
    if (i >= n) return out;
    let cur = '';
    let inq = 0; // 1 double, 2 single
    for (;;) {
      const ch = line[i];
      if (inq === 1) {
        if (ch === undefined) return null;
        if (ch === '\\' && line[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
          cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (ch === '\\' && i + 1 < n) {
          i++;
          const e = line[i]!;
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (ch === '"') {
          if (i + 1 < n && !/[ \n\r\t\f\v]/.test(line[i + 1]!)) return null;
          i++;
          break;
        } else cur += ch;
      } else if (inq === 2) {
        if (ch === undefined) return null;
        if (ch === '\\' && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (ch === "'") {
          if (i + 1 < n && !/[ \n\r\t\f\v]/.test(line[i + 1]!)) return null;
          i++;
          break;
        } else cur += ch;
      } else {
        if (ch === undefined || /[ \n\r\t\f\v]/.test(ch)) break;
        if (ch === '"') inq = 1;
        else if (ch === "'") inq = 2;
        else cur += ch;
      }
      i++;
    }
    out.push(cur);
  }
}

/**
 * ACLMergeSelectorArguments: a selector may be spread over several arguments
 * (`(~a` `+get)`). Returns the merged list, or the index of the argument opening an unmatched
 * parenthesis.
 */
export function mergeSelectorArgs(args: readonly string[]): { ok: true; args: string[] } | { ok: false; index: number } {
  const out: string[] = [];
  let open = -1;
  let selector = '';
  for (let j = 0; j < args.length; j++) {
    const op = args[j]!;
    if (op[0] === '(' && op[op.length - 1] !== ')') {
      selector = op;
      open = j;
      continue;
    }
    if (open !== -1) {
      selector += ' ' + op;
      if (op[op.length - 1] === ')') {
        open = -1;
        out.push(selector);
      }
      continue;
    }
    out.push(op);
  }
  if (open !== -1) return { ok: false, index: open };
  return { ok: true, args: out };
}

/** ACLSetUser. `allChannelsDefault` is acl-pubsub-default (allchannels = true). */
export function setUserOp(cat: CommandCatalog, u: AclUser, op: string, allChannelsDefault: boolean): AclOpError | null {
  const r = applyUserOp(cat, u, op, allChannelsDefault);
  u.refresh();
  return r;
}

function applyUserOp(cat: CommandCatalog, u: AclUser, op: string, allChannelsDefault: boolean): AclOpError | null {
  if (op.length === 0) return null;
  const low = op.toLowerCase();
  if (low === 'on') u.enabled = true;
  else if (low === 'off') u.enabled = false;
  else if (low === 'skip-sanitize-payload') u.sanitize = 2;
  else if (low === 'sanitize-payload') u.sanitize = 1;
  else if (low === 'nopass') {
    u.nopass = true;
    u.passwords = [];
  } else if (low === 'resetpass') {
    u.nopass = false;
    u.passwords = [];
  } else if (op[0] === '>' || op[0] === '#') {
    let h: string;
    if (op[0] === '>') h = hashPassword(op.slice(1));
    else {
      h = op.slice(1);
      if (!validHash(h)) return 'EBADMSG';
    }
    if (!u.passwords.includes(h)) u.passwords.push(h);
    u.nopass = false;
  } else if (op[0] === '<' || op[0] === '!') {
    let h: string;
    if (op[0] === '<') h = hashPassword(op.slice(1));
    else {
      h = op.slice(1);
      if (!validHash(h)) return 'EBADMSG';
    }
    const i = u.passwords.indexOf(h);
    if (i < 0) return 'ENODEV';
    u.passwords.splice(i, 1);
  } else if (op[0] === '(' && op[op.length - 1] === ')') {
    const s = new Selector(allChannelsDefault);
    const words = splitArgs(op.slice(1, -1)) ?? [];
    for (const w of words) {
      const e = setSelectorOp(cat, s, w);
      if (e) return e;
    }
    u.selectors.push(s);
  } else if (low === 'clearselectors') {
    u.selectors.length = 1;
  } else if (low === 'reset') {
    applyUserOp(cat, u, 'resetpass', allChannelsDefault);
    applyUserOp(cat, u, 'resetkeys', allChannelsDefault);
    applyUserOp(cat, u, 'resetchannels', allChannelsDefault);
    if (allChannelsDefault) applyUserOp(cat, u, 'allchannels', allChannelsDefault);
    u.enabled = false;
    u.sanitize = 1;
    u.selectors.length = 1;
    applyUserOp(cat, u, '-@all', allChannelsDefault);
  } else {
    return setSelectorOp(cat, u.root, op);
  }
  return null;
}

/* ------------------------------------------------------------------------------------------ */
/* Describing                                                                                  */
/* ------------------------------------------------------------------------------------------ */

/** ACLDescribeSelectorCommandRules. */
export function describeCommandRules(cat: CommandCatalog, s: Selector): string {
  const rules: string[] = [];
  const additive = !s.future;
  const fake = new Selector(false);
  if (!additive) {
    rules.push('+@all');
    fake.setAll(cat, true);
  } else {
    rules.push('-@all');
    fake.setAll(cat, false);
  }
  // Best fit: repeatedly apply the category with the fewest differences (and more in common than
  // different) to a scratch copy, until none fits.
  const temp = new Selector(false);
  for (const c of s.allowed) temp.allowed.add(c);
  const applied = new Set<string>();
  for (;;) {
    let best: string | null = null;
    let mindiff = Infinity;
    let maxsame = 0;
    for (const name of CATEGORY_NAMES) {
      if (applied.has(name)) continue;
      const { on, off } = temp.countCategory(cat, name);
      const diff = additive ? off : on;
      const same = additive ? on : off;
      if (same > diff && (diff < mindiff || (diff === mindiff && same > maxsame))) {
        best = name;
        mindiff = diff;
        maxsame = same;
      }
    }
    if (best === null) break;
    rules.push((additive ? '+@' : '-@') + best);
    fake.setCategory(cat, best, additive);
    temp.setCategory(cat, best, !additive);
    applied.add(best);
  }
  // Then the single commands that still differ, and allowed first arguments.
  const walk = (cmds: Iterable<Command>): void => {
    for (const c of cmds) {
      const userbit = s.allowed.has(c);
      if (userbit !== fake.allowed.has(c)) {
        rules.push((userbit ? '+' : '-') + c.fullName);
        fake.changePerm(c, userbit);
      }
      if (c.sub) walk(c.sub.values());
      const fa = s.firstArgs?.get(c);
      if (!userbit && fa) for (const a of fa) rules.push(`+${c.fullName}|${a}`);
    }
  };
  walk(cat.top);
  return rules.join(' ');
}

function patternString(k: KeyPattern): string {
  return (k.flags === KEY_ALL ? '~' : k.flags === KEY_READ ? '%R~' : '%W~') + k.pattern;
}

/** The keys field of ACL GETUSER. */
export function describeKeys(s: Selector): string {
  return s.allKeys ? '~*' : s.keys.map(patternString).join(' ');
}

/** The channels field of ACL GETUSER. */
export function describeChannels(s: Selector): string {
  return s.allChannels ? '&*' : s.channels.map((c) => '&' + c).join(' ');
}

/** ACLDescribeSelector. */
function describeSelector(cat: CommandCatalog, s: Selector): string {
  let res = '';
  if (s.allKeys) res += '~* ';
  else for (const k of s.keys) res += patternString(k) + ' ';
  if (s.allChannels) res += '&* ';
  else {
    res += 'resetchannels ';
    for (const c of s.channels) res += '&' + c + ' ';
  }
  return res + describeCommandRules(cat, s);
}

/** The flag names of a user, in Redis's order (ACLUserFlags). */
export function userFlags(u: AclUser): string[] {
  const f: string[] = [u.enabled ? 'on' : 'off'];
  if (u.nopass) f.push('nopass');
  if (u.sanitize === 2) f.push('skip-sanitize-payload');
  if (u.sanitize === 1) f.push('sanitize-payload');
  return f;
}

/** ACLDescribeUser: the rules in ACL LIST / ACL file form. */
export function describeUser(cat: CommandCatalog, u: AclUser): string {
  let res = '';
  for (const f of userFlags(u)) res += f + ' ';
  for (const p of u.passwords) res += '#' + p + ' ';
  u.selectors.forEach((s, i) => {
    res += i === 0 ? describeSelector(cat, s) : ` (${describeSelector(cat, s)})`;
  });
  return res;
}

/* ------------------------------------------------------------------------------------------ */
/* Checks                                                                                      */
/* ------------------------------------------------------------------------------------------ */

export const ACL_OK = 0;
export const DENIED_CMD = 1;
export const DENIED_KEY = 2;
export const DENIED_AUTH = 3;
export const DENIED_CHANNEL = 4;

/** ACLSelectorCheckKey with the key spec's access flags. */
export function checkKey(s: Selector, key: string, specFlags: readonly string[]): boolean {
  if (s.allKeys) return true;
  let need = 0;
  for (const f of specFlags) {
    if (f === 'access') need |= KEY_READ;
    else if (f === 'insert' || f === 'delete' || f === 'update') need |= KEY_WRITE;
  }
  for (const k of s.keys) {
    if ((k.flags & need) !== need) continue;
    if (stringmatchlen(k.pattern, key, false)) return true;
  }
  return false;
}

/** ACLCheckChannelAgainstList. */
export function channelAllowed(list: readonly string[], channel: string, literal: boolean): boolean {
  for (const p of list) {
    if (literal ? p === channel : stringmatchlen(p, channel, false)) return true;
  }
  return false;
}
