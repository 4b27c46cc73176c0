/*
 * ACL: SETUSER / GETUSER / DELUSER / LIST / USERS / WHOAMI / CAT / LOG / GENPASS / DRYRUN /
 * SAVE / LOAD / HELP, with Redis 7.0's replies and errors (aclCommand in acl.c).
 *
 * The rules themselves live in src/server/acl/ (user.ts: rules, descriptions, checks; index.ts:
 * the users table, the ACL log, the ACL file). SETUSER stages every rule on a copy of the user and
 * applies the copy only when all rules are valid (all or nothing), in place so that connected
 * clients see the new rules at once.
 */

import { randomBytes } from 'node:crypto';
import type { CommandSpec } from '../command.js';
import type { Client } from '../client.js';
import { Err } from '../errors.js';
import { parseInt64 } from '../args.js';
import {
  ACL_OK,
  CATEGORY_NAMES,
  DENIED_AUTH,
  DENIED_CHANNEL,
  DENIED_CMD,
  DENIED_KEY,
  aclOpErrorText,
  describeChannels,
  describeCommandRules,
  describeKeys,
  hasSpaces,
  mergeSelectorArgs,
  setUserOp,
  userFlags,
  type Selector,
} from '../acl/user.js';
import { helpSubcommand, subcommandSyntaxError } from './help.js';

const ADMIN = ['admin', 'noscript', 'loading', 'stale'];
const NOT_ADMIN = ['noscript', 'loading', 'stale'];

const NO_ACLFILE =
  'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.';

const HELP = [
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
];

function replySelector(c: Client, s: Selector): void {
  const r = c.r;
  r.bulk('commands');
  r.bulk(describeCommandRules(c.broker.acl.catalog, s));
  r.bulk('keys');
  r.bulk(describeKeys(s));
  r.bulk('channels');
  r.bulk(describeChannels(s));
}

const REASONS: Record<number, string> = { [DENIED_CMD]: 'command', [DENIED_KEY]: 'key', [DENIED_CHANNEL]: 'channel', [DENIED_AUTH]: 'auth' };

function aclFile(c: Client): string | null {
  const f = c.broker.config.get('aclfile');
  if (f === '') {
    c.r.error(NO_ACLFILE);
    return null;
  }
  return f;
}

export const commands: CommandSpec[] = [
  {
    name: 'ACL',
    arity: -2,
    flags: [],
    group: 'server',
    summary: 'A container for Access List Control commands ',
    since: '6.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'CAT',
        arity: -2,
        flags: NOT_ADMIN,
        group: 'server',
        summary: 'List the ACL categories or the commands inside a category',
        since: '6.0.0',
        complexity: 'O(1) since the categories and commands are a fixed set.',
        args: '[categoryname:string]',
        // ACL CAT [categoryname]
        handler(c, argv) {
          if (argv.length > 3) return subcommandSyntaxError(c, argv);
          if (argv.length === 2) return c.r.bulks(CATEGORY_NAMES);
          const name = argv[2]!.toLowerCase();
          if (!CATEGORY_NAMES.includes(name)) return c.r.error(`ERR Unknown category '${argv[2]!.slice(0, 128)}'`);
          const cat = c.broker.acl.catalog;
          c.r.bulks(cat.all.filter((cmd) => cat.categories.get(cmd)!.has(name)).map((cmd) => cmd.fullName));
        },
      },
      {
        name: 'DELUSER',
        arity: -3,
        flags: ADMIN,
        group: 'server',
        summary: 'Remove the specified ACL users and the associated rules',
        since: '6.0.0',
        complexity: 'O(1) amortized time considering the typical user.',
        args: 'username:string...',
        // ACL DELUSER username [username ...]
        handler(c, argv) {
          const acl = c.broker.acl;
          for (let j = 2; j < argv.length; j++) {
            if (argv[j] === 'default') return c.r.error("ERR The 'default' user cannot be removed");
          }
          let deleted = 0;
          let closeSelf = false;
          for (let j = 2; j < argv.length; j++) {
            const u = acl.users.get(argv[j]!);
            if (!u) continue;
            acl.users.delete(argv[j]!);
            if (acl.killClientsOf(u, c)) closeSelf = true;
            deleted++;
          }
          c.r.int(deleted);
          if (closeSelf) c.close('ACL user deleted');
        },
      },
      {
        name: 'DRYRUN',
        arity: -4,
        flags: ADMIN,
        group: 'server',
        summary: 'Returns whether the user can execute the given command without executing the command.',
        since: '7.0.0',
        complexity: 'O(1).',
        args: 'username:string command:string [arg:string...]',
        // ACL DRYRUN username command [arg ...]
        handler(c, argv) {
          const b = c.broker;
          const u = b.acl.users.get(argv[2]!);
          if (!u) return c.r.error(`ERR User '${argv[2]!}' not found`);
          const target = argv.slice(3);
          const top = b.commands.get(target[0]!);
          const cmd = top && top.sub && target.length >= 2 ? top.sub.get(target[1]!.toLowerCase()) : top;
          if (!cmd) return c.r.error(`ERR Command '${argv[3]!}' not found`);
          if ((cmd.arity > 0 && cmd.arity !== target.length) || target.length < -cmd.arity) {
            return c.r.error(Err.arity(cmd.fullName));
          }
          const { result, idx } = b.acl.checkUser(u, cmd, target);
          if (result === ACL_OK) return c.r.ok();
          if (result === DENIED_CMD) return c.r.bulk(`This user has no permissions to run the '${cmd.fullName}' command`);
          if (result === DENIED_KEY) return c.r.bulk(`This user has no permissions to access the '${target[idx]!}' key`);
          c.r.bulk(`This user has no permissions to access the '${target[idx]!}' channel`);
        },
      },
      {
        name: 'GETUSER',
        arity: 3,
        flags: ADMIN,
        group: 'server',
        summary: 'Get the rules for a specific ACL user',
        since: '6.0.0',
        complexity: 'O(N). Where N is the number of password, command and pattern rules that the user has.',
        history: [
          ['6.2.0', 'Added Pub/Sub channel patterns.'],
          ['7.0.0', 'Added selectors and changed the format of key and channel patterns from a list to their rule representation.'],
        ],
        args: 'username:string',
        // ACL GETUSER username
        handler(c, argv) {
          const u = c.broker.acl.users.get(argv[2]!);
          if (!u) return c.r.null();
          const r = c.r;
          r.map(6);
          r.bulk('flags');
          const flags = userFlags(u);
          r.set(flags.length);
          for (const f of flags) r.bulk(f);
          r.bulk('passwords');
          r.bulks(u.passwords);
          replySelector(c, u.root);
          r.bulk('selectors');
          r.array(u.selectors.length - 1);
          for (let i = 1; i < u.selectors.length; i++) {
            r.map(3);
            replySelector(c, u.selectors[i]!);
          }
        },
      },
      {
        name: 'GENPASS',
        arity: -2,
        flags: NOT_ADMIN,
        group: 'server',
        summary: 'Generate a pseudorandom secure password to use for ACL users',
        since: '6.0.0',
        complexity: 'O(1)',
        args: '[bits:integer]',
        // ACL GENPASS [bits]
        handler(c, argv) {
          if (argv.length > 3) return subcommandSyntaxError(c, argv);
          let bits = 256;
          if (argv.length === 3) {
            const n = parseInt64(argv[2]!);
            if (n === null) return c.r.error(Err.NOT_INTEGER);
            bits = n;
          }
          if (bits <= 0 || bits > 4096) {
            return c.r.error('ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096');
          }
          const chars = Math.floor((bits + 3) / 4);
          c.r.bulk(randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars));
        },
      },
      helpSubcommand({ group: 'server', since: '6.0.0', lines: HELP }),
      {
        name: 'LIST',
        arity: 2,
        flags: ADMIN,
        group: 'server',
        summary: 'List the current ACL rules in ACL config file format',
        since: '6.0.0',
        complexity: 'O(N). Where N is the number of configured users.',
        // ACL LIST
        handler(c) {
          const acl = c.broker.acl;
          c.r.bulks(acl.sortedUsers().map((u) => `user ${u.name} ${acl.describe(u)}`));
        },
      },
      {
        name: 'LOAD',
        arity: 2,
        flags: ADMIN,
        group: 'server',
        summary: 'Reload the ACLs from the configured ACL file',
        since: '6.0.0',
        complexity: 'O(N). Where N is the number of configured users.',
        // ACL LOAD
        handler(c) {
          const file = aclFile(c);
          if (file === null) return;
          const { errors, closeCurrent } = c.broker.acl.loadFile(file, c);
          if (errors !== null) return c.r.error('ERR ' + errors);
          c.r.ok();
          if (closeCurrent) c.close('ACL user deleted');
        },
      },
      {
        name: 'LOG',
        arity: -2,
        flags: ADMIN,
        group: 'server',
        summary: 'List latest events denied because of ACLs in place',
        since: '6.0.0',
        complexity: 'O(N) with N being the number of entries shown.',
        args: '[operation(count:integer | reset=RESET)]',
        // ACL LOG [count | RESET]
        handler(c, argv) {
          if (argv.length > 3) return subcommandSyntaxError(c, argv);
          const acl = c.broker.acl;
          let count = 10;
          if (argv.length === 3) {
            if (argv[2]!.toLowerCase() === 'reset') {
              acl.log = [];
              return c.r.ok();
            }
            const n = parseInt64(argv[2]!);
            if (n === null) return c.r.error(Err.NOT_INTEGER);
            count = Math.max(0, n);
          }
          count = Math.min(count, acl.log.length);
          const r = c.r;
          const now = Date.now();
          r.array(count);
          for (let i = 0; i < count; i++) {
            const e = acl.log[i]!;
            r.map(7);
            r.bulk('count');
            r.int(e.count);
            r.bulk('reason');
            r.bulk(REASONS[e.reason] ?? 'unknown');
            r.bulk('context');
            r.bulk(e.context);
            r.bulk('object');
            r.bulk(e.object);
            r.bulk('username');
            r.bulk(e.username);
            r.bulk('age-seconds');
            r.double((now - e.ctime) / 1000);
            r.bulk('client-info');
            r.bulk(e.cinfo);
          }
        },
      },
      {
        name: 'SAVE',
        arity: 2,
        flags: ADMIN,
        group: 'server',
        summary: 'Save the current ACL rules in the configured ACL file',
        since: '6.0.0',
        complexity: 'O(N). Where N is the number of configured users.',
        // ACL SAVE
        handler(c) {
          const file = aclFile(c);
          if (file === null) return;
          if (c.broker.acl.saveFile(file)) c.r.ok();
          else c.r.error('ERR There was an error trying to save the ACLs. Please check the server logs for more information');
        },
      },
      {
        name: 'SETUSER',
        arity: -3,
        flags: ADMIN,
        group: 'server',
        summary: 'Modify or create the rules for a specific ACL user',
        since: '6.0.0',
        complexity: 'O(N). Where N is the number of rules provided.',
        history: [
          ['6.2.0', 'Added Pub/Sub channel patterns.'],
          ['7.0.0', 'Added selectors and key based permissions.'],
        ],
        args: 'username:string [rule:string...]',
        // ACL SETUSER username [rule ...]
        handler(c, argv) {
          const acl = c.broker.acl;
          const name = argv[2]!;
          if (hasSpaces(name)) return c.r.error("ERR Usernames can't contain spaces or null characters");
          const merged = mergeSelectorArgs(argv.slice(3));
          if (!merged.ok) return c.r.error(`ERR Unmatched parenthesis in acl selector starting at '${argv[merged.index + 3]!}'.`);
          const existing = acl.users.get(name);
          const temp = existing ? existing.clone() : acl.newUser(name);
          for (const op of merged.args) {
            const e = setUserOp(acl.catalog, temp, op, acl.allChannelsDefault);
            if (e) return c.r.error(`ERR Error in ACL SETUSER modifier '${op}': ${aclOpErrorText(e)}`);
          }
          if (existing) {
            acl.killPubsubClientsIfNeeded(temp, existing);
            existing.copyFrom(temp);
          } else {
            acl.users.set(name, temp);
          }
          c.r.ok();
        },
      },
      {
        name: 'USERS',
        arity: 2,
        flags: ADMIN,
        group: 'server',
        summary: 'List the username of all the configured ACL rules',
        since: '6.0.0',
        complexity: 'O(N). Where N is the number of configured users.',
        // ACL USERS
        handler(c) {
          c.r.bulks(c.broker.acl.sortedUsers().map((u) => u.name));
        },
      },
      {
        name: 'WHOAMI',
        arity: 2,
        flags: NOT_ADMIN,
        group: 'server',
        summary: 'Return the name of the user associated to the current connection',
        since: '6.0.0',
        complexity: 'O(1)',
        // ACL WHOAMI
        handler(c) {
          c.r.bulk(c.user);
        },
      },
    ],
  },
];
