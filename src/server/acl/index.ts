/*
 * The ACL subsystem of one broker: the users table, the default user, authentication, the
 * permission check the dispatcher runs, the ACL log, and the ACL file (acl.c in Redis 7.0).
 *
 *  - The default user starts as `on nopass ~* &* +@all`; `requirepass` sets (or, when empty,
 *    removes) its password, as ACLUpdateDefaultUserPassword does on CONFIG SET requirepass.
 *  - A connection is authenticated at creation when the default user is `on nopass`
 *    (createClient); NOAUTH is answered while the default user needs a password or is disabled
 *    and the connection has not authenticated (authRequired()).
 *  - check() is processCommand's ACLCheckAllPerm step, after the no-multi check: the command bit
 *    (or an allowed first argument), then the keys of the command's key specs against the key
 *    patterns and their read/write permissions, then the channels of PUBLISH / SPUBLISH /
 *    (S)SUBSCRIBE (glob) and PSUBSCRIBE (literal). A denial is logged in the ACL log and
 *    answered with Redis's NOPERM wording. Inside MULTI this runs at queue time.
 *  - Deleting a user (ACL DELUSER, ACL LOAD) disconnects the clients authenticated as that user;
 *    ACL SETUSER disconnects its pub/sub clients whose subscriptions are no longer allowed.
 *
 * A new command that takes channel names must be added to CHANNEL_ARGS below.
 */

import { readFileSync, writeFileSync, renameSync, unlinkSync } from 'node:fs';
import type { Broker } from '../broker.js';
import type { Client } from '../client.js';
import type { Command } from '../command.js';
import { aclCategories, getKeysFromSpecs, keySpecsOf } from '../commands/server.js';
import { clientInfoLine } from '../commands/client.js';
import {
  AclUser,
  ACL_OK,
  DENIED_AUTH,
  DENIED_CHANNEL,
  DENIED_CMD,
  DENIED_KEY,
  aclOpErrorText,
  channelAllowed,
  checkKey,
  describeUser,
  hasSpaces,
  mergeSelectorArgs,
  setUserOp,
  type CommandCatalog,
  type Selector,
} from './user.js';

export { AclUser } from './user.js';

/** Commands whose arguments are channels: from which argument, and whether patterns match literally. */
const CHANNEL_ARGS: Record<string, { all: boolean; literal: boolean }> = {
  publish: { all: false, literal: false },
  spublish: { all: false, literal: false },
  subscribe: { all: true, literal: false },
  ssubscribe: { all: true, literal: false },
  psubscribe: { all: true, literal: true },
};

export const NOPERM_KEY = 'NOPERM this user has no permissions to access one of the keys used as arguments';
export const NOPERM_CHANNEL = 'NOPERM this user has no permissions to access one of the channels used as arguments';

const LOG_GROUPING_MS = 60000;

export interface AclLogEntry {
  count: number;
  reason: number;
  context: 'toplevel' | 'multi';
  object: string;
  username: string;
  ctime: number;
  cinfo: string;
}

export class Acl {
  readonly catalog: CommandCatalog;
  users = new Map<string, AclUser>();
  readonly defaultUser: AclUser;
  /** Newest first. */
  log: AclLogEntry[] = [];
  private readonly keyed = new Set<Command>();

  constructor(private readonly broker: Broker) {
    const table = broker.commands;
    const top = [...table.byName.values()];
    const all = [...table.all()];
    const categories = new Map<Command, ReadonlySet<string>>();
    for (const c of all) {
      categories.set(c, new Set(aclCategories(c)));
      if (keySpecsOf(c).some((s) => !s.flags.includes('not_key'))) this.keyed.add(c);
    }
    this.catalog = { table, top, all, categories };
    this.defaultUser = this.createDefaultUser();
    this.users.set('default', this.defaultUser);
    this.updateDefaultPassword(broker.config.get('requirepass'));
    broker.config.watch('requirepass', (v) => this.updateDefaultPassword(v));
  }

  get allChannelsDefault(): boolean {
    return this.broker.config.get('acl-pubsub-default') === 'allchannels';
  }

  private createDefaultUser(): AclUser {
    const u = new AclUser('default', this.allChannelsDefault);
    for (const op of ['+@all', '~*', '&*', 'on', 'nopass']) setUserOp(this.catalog, u, op, false);
    return u;
  }

  /** A fresh user as ACLCreateUser makes it: off, no passwords, no permissions. */
  newUser(name: string): AclUser {
    return new AclUser(name, this.allChannelsDefault);
  }

  /** ACLUpdateDefaultUserPassword. */
  updateDefaultPassword(pass: string): void {
    const u = this.defaultUser;
    setUserOp(this.catalog, u, 'resetpass', false);
    setUserOp(this.catalog, u, pass !== '' ? '>' + pass : 'nopass', false);
  }

  /** A new connection starts authenticated when the default user needs no password. */
  authenticatedAtStart(): boolean {
    const d = this.defaultUser;
    return d.nopass && d.enabled;
  }

  /** authRequired(): the default user needs a password or is disabled. */
  authRequired(): boolean {
    const d = this.defaultUser;
    return !d.nopass || !d.enabled;
  }

  /** ACLAuthenticateUser; a failure is logged (object: the command name as sent). */
  authenticate(c: Client, username: string, pass: string, argv: readonly string[]): boolean {
    const u = this.users.get(username);
    if (u && u.checkPassword(pass)) {
      c.aclUser = u;
      c.authenticated = true;
      c.decoder.authenticated = true;
      return true;
    }
    this.addLog(c, DENIED_AUTH, argv[0]!, username);
    return false;
  }

  /**
   * ACLCheckAllUserCommandPerm: ACL_OK, or the reason and the index in argv of the denied key
   * or channel. Of several selectors, the most relevant denial wins (the highest reason, then
   * the last argument).
   */
  checkUser(u: AclUser, cmd: Command, argv: readonly string[]): { result: number; idx: number } {
    let relevant = DENIED_CMD;
    let lastIdx = 0;
    for (const s of u.selectors) {
      const r = this.checkSelector(s, cmd, argv);
      if (r.result === ACL_OK) return r;
      if (r.result > relevant || (r.result === relevant && r.idx > lastIdx)) {
        relevant = r.result;
        lastIdx = r.idx;
      }
    }
    return { result: relevant, idx: lastIdx };
  }

  private checkSelector(s: Selector, cmd: Command, argv: readonly string[]): { result: number; idx: number } {
    if (!s.allCommands && !cmd.noAuth && !s.allowed.has(cmd)) {
      const fa = s.firstArgs?.get(cmd);
      if (argv.length < 2 || !fa) return { result: DENIED_CMD, idx: 0 };
      const arg = argv[cmd.parent ? 2 : 1];
      const low = arg?.toLowerCase();
      if (low === undefined || !fa.some((a) => a.toLowerCase() === low)) return { result: DENIED_CMD, idx: 0 };
    }
    if (!s.allKeys && this.keyed.has(cmd)) {
      for (const k of getKeysFromSpecs(cmd, argv) ?? []) {
        if (!checkKey(s, argv[k.pos]!, k.flags)) return { result: DENIED_KEY, idx: k.pos };
      }
    }
    if (!s.allChannels) {
      const ch = CHANNEL_ARGS[cmd.fullName];
      if (ch) {
        const end = ch.all ? argv.length : 2;
        for (let j = 1; j < end; j++) {
          if (!channelAllowed(s.channels, argv[j]!, ch.literal)) return { result: DENIED_CHANNEL, idx: j };
        }
      }
    }
    return { result: ACL_OK, idx: 0 };
  }

  /**
   * The dispatcher's check for a restricted user: null when allowed, else the NOPERM error (the
   * denial is logged).
   */
  check(c: Client, u: AclUser, cmd: Command, argv: readonly string[]): string | null {
    const { result, idx } = this.checkUser(u, cmd, argv);
    if (result === ACL_OK) return null;
    const object = result === DENIED_CMD ? cmd.fullName : argv[idx]!;
    this.addLog(c, result, object, u.name, argv);
    if (result === DENIED_CMD) return `NOPERM this user has no permissions to run the '${cmd.fullName}' command`;
    return result === DENIED_KEY ? NOPERM_KEY : NOPERM_CHANNEL;
  }

  /**
   * EXEC's second check of each queued command (execCommand): the rules may have changed since the
   * command was queued. null when allowed, else the error to reply for that command (logged with
   * the multi context). EXEC calls it for clients with a restricted user.
   */
  execCheck(c: Client, cmd: Command, argv: readonly string[]): string | null {
    const u = c.aclUser;
    if (u === null || !u.restricted) return null;
    const { result, idx } = this.checkUser(u, cmd, argv);
    if (result === ACL_OK) return null;
    this.addLog(c, result, result === DENIED_CMD ? cmd.fullName : argv[idx]!, u.name, argv, 'multi');
    const reason =
      result === DENIED_CMD
        ? 'no permission to execute the command or subcommand'
        : result === DENIED_KEY
          ? 'no permission to touch the specified keys'
          : 'no permission to access one of the channels used as arguments';
    return `NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: ${reason}`;
  }

  /** addACLLogEntry: a similar recent entry (among the last 10) is bumped instead of repeated. */
  addLog(
    c: Client,
    reason: number,
    object: string,
    username: string,
    argv: readonly string[] = [],
    context: 'toplevel' | 'multi' = c.multi !== null ? 'multi' : 'toplevel',
  ): void {
    const now = Date.now();
    const cinfo = clientInfoLine(c, c, argv);
    const log = this.log;
    for (let i = 0; i < log.length && i < 10; i++) {
      const e = log[i]!;
      if (e.reason === reason && e.context === context && Math.abs(e.ctime - now) <= LOG_GROUPING_MS && e.object === object && e.username === username) {
        log.splice(i, 1);
        log.unshift(e);
        e.cinfo = cinfo;
        e.ctime = now;
        e.count++;
        return;
      }
    }
    log.unshift({ count: 1, reason, context, object, username, ctime: now, cinfo });
    const max = this.broker.config.num('acllog-max-len');
    if (log.length > max) log.length = max;
  }

  /** Users sorted as Redis's radix tree iterates them (byte order). */
  sortedUsers(): AclUser[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  describe(u: AclUser): string {
    return describeUser(this.catalog, u);
  }

  /**
   * ACLFreeUserAndKillClients: clients authenticated as `u` go back to the default user,
   * unauthenticated, and are closed; `current` (the client running the command) is returned for
   * the caller to close after its reply.
   */
  killClientsOf(u: AclUser, current: Client | null): boolean {
    let closeCurrent = false;
    for (const c of [...this.broker.clients.values()]) {
      if (c.aclUser !== u) continue;
      c.aclUser = this.defaultUser;
      c.authenticated = false;
      if (c === current) closeCurrent = true;
      else c.close('ACL user deleted');
    }
    return closeCurrent;
  }

  /** ACLKillPubsubClientsIfNeeded: after `original` becomes `updated`. */
  killPubsubClientsIfNeeded(updated: AclUser, original: AclUser): void {
    if (updated.selectors.some((s) => s.allChannels)) return;
    const upcoming: string[] = [];
    for (const s of updated.selectors) upcoming.push(...s.channels);
    const kept = original.selectors.every((s) => s.channels.every((ch) => upcoming.includes(ch)));
    if (kept) return;
    for (const c of [...this.broker.clients.values()]) {
      if (c.aclUser !== original) continue;
      if (c.channels.size + c.patterns.size + c.shardChannels.size === 0) continue;
      let kill = false;
      for (const p of c.patterns) if (!channelAllowed(upcoming, p, true)) kill = true;
      for (const ch of c.channels) if (!kill && !channelAllowed(upcoming, ch, false)) kill = true;
      for (const ch of c.shardChannels) if (!kill && !channelAllowed(upcoming, ch, false)) kill = true;
      if (kill) c.close('ACL channel permissions revoked');
    }
  }

  /**
   * ACLLoadFromFile: null on success, else the one-line description of every problem (nothing is
   * changed then). `current` is the client running ACL LOAD, if any (see killClientsOf).
   */
  loadFile(filename: string, current: Client | null = null): { errors: string | null; closeCurrent: boolean } {
    let text: string;
    try {
      text = readFileSync(filename, 'latin1');
    } catch (e) {
      return { errors: `Error loading ACLs, opening file '${filename}': ${strerror(e)}`, closeCurrent: false };
    }
    const lines = text.split('\n');
    const users = new Map<string, AclUser>();
    let errors = '';
    for (let i = 0; i < lines.length; i++) {
      const linenum = i + 1;
      const line = lines[i]!.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      if (line === '') continue;
      // Words are separated by single spaces, without quoting (sdssplitlen).
      const argv = line.split(' ');
      if (argv[0] !== 'user' || argv.length < 2) {
        errors += `${filename}:${linenum} should start with user keyword followed by the username. `;
        continue;
      }
      const name = argv[1]!;
      if (hasSpaces(name)) {
        errors += `'${filename}:${linenum}: username '${name}' contains invalid characters. `;
        continue;
      }
      if (users.has(name)) {
        errors += `WARNING: Duplicate user '${name}' found on line ${linenum}. `;
        continue;
      }
      const u = this.newUser(name);
      users.set(name, u);
      const merged = mergeSelectorArgs(argv.slice(2));
      if (!merged.ok) {
        errors += `${filename}:${linenum}: Unmatched parenthesis in selector definition.`;
        continue;
      }
      // Unknown commands and categories are all reported with the rule; of the other errors only
      // the first of a line (it may explain the next ones).
      let syntaxError = false;
      for (const raw of merged.args) {
        const op = raw.replace(/^[\t\r\n]+|[\t\r\n]+$/g, '');
        const e = setUserOp(this.catalog, u, op, this.allChannelsDefault);
        if (e === 'ENOENT') {
          errors += `${filename}:${linenum}: Error in applying operation '${op}': ${aclOpErrorText(e)}. `;
        } else if (e && !syntaxError) {
          errors += `${filename}:${linenum}: ${aclOpErrorText(e)}. `;
          syntaxError = true;
        }
      }
    }
    if (errors !== '') {
      return { errors: errors + 'WARNING: ACL errors detected, no change to the previously active ACL rules was performed', closeCurrent: false };
    }
    const newDefault = users.get('default') ?? this.createDefaultUser();
    this.defaultUser.copyFrom(newDefault);
    users.set('default', this.defaultUser);
    const old = this.users;
    this.users = users;
    let closeCurrent = false;
    for (const u of old.values()) {
      if (u !== this.defaultUser && this.killClientsOf(u, current)) closeCurrent = true;
    }
    return { errors: null, closeCurrent };
  }

  /** ACLSaveToFile: write to a temporary file, then rename over the ACL file. */
  saveFile(filename: string): boolean {
    let out = '';
    for (const u of this.sortedUsers()) out += `user ${u.name} ${this.describe(u)}\n`;
    const tmp = `${filename}.tmp-${process.pid}-${Date.now()}`;
    try {
      writeFileSync(tmp, out, 'latin1');
      renameSync(tmp, filename);
      return true;
    } catch (e) {
      this.broker.log.warning(`Saving ACL file for ACL SAVE: ${strerror(e)}`);
      try {
        unlinkSync(tmp);
      } catch {
        // not created
      }
      return false;
    }
  }
}

const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
};

function strerror(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return STRERROR[code] ?? (e as Error).message;
}
