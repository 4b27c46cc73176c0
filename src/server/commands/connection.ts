/*
 * Connection commands: PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET (CLIENT lives in client.ts).
 *
 * These manage the client's session state: protocol version (HELLO), authentication (AUTH, HELLO
 * AUTH, RESET), selected database. Authentication is against the ACL users (acl/index.ts; the
 * default user's password is `requirepass`); the wording of every failure is Redis's.
 */

import type { CommandSpec } from '../command.js';
import type { Client } from '../client.js';
import { Err } from '../errors.js';
import { parseInt64 } from '../args.js';
import { REDIS_VERSION } from '../broker.js';

/** Client names: printable ASCII without spaces (validateClientName). */
export function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}

const REDACTED = '(redacted)';

export const CLIENT_NAME_ERR = 'ERR Client names cannot contain spaces, newlines or special characters.';

/**
 * Check a username/password pair against the ACL users (acl/index.ts); on success the client is
 * authenticated as that user, on failure the attempt is logged in ACL LOG.
 */
export function authenticate(c: Client, user: string, pass: string, argv: readonly string[]): boolean {
  return c.broker.acl.authenticate(c, user, pass, argv);
}

export function resetClientState(c: Client): void {
  const b = c.broker;
  c.multi = null;
  c.multiError = false;
  unwatchAll(c);
  c.db = b.dbs[0]!;
  c.resp = 2;
  c.name = '';
  c.replyMode = 'on';
  c.noEvict = false;
  if (c.isMonitor) {
    c.isMonitor = false;
    b.monitors.delete(c);
  }
  b.onClientReset(c);
  c.aclUser = b.acl.defaultUser;
  c.authenticated = b.acl.authenticatedAtStart();
  c.decoder.authenticated = c.authenticated;
}

/** Forget every watched key (UNWATCH, EXEC, DISCARD, RESET). */
export function unwatchAll(c: Client): void {
  for (const [db, keys] of c.watched) {
    for (const key of keys.keys()) {
      const set = db.watchers.get(key);
      if (set) {
        set.delete(c);
        if (set.size === 0) db.watchers.delete(key);
      }
    }
  }
  c.watched.clear();
  c.dirtyCas = false;
}

export const commands: CommandSpec[] = [
  {
    name: 'PING',
    arity: -1,
    flags: ['fast', 'sentinel'],
    group: 'connection',
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    summary: 'Ping the server',
    since: '1.0.0',
    complexity: 'O(1)',
    args: '[message:string]',
    // PING [message]
    handler(c, argv) {
      if (argv.length > 2) return c.r.error(Err.arity('ping'));
      if (c.inSubscribeMode) {
        c.r.array(2);
        c.r.bulk('pong');
        c.r.bulk(argv.length === 2 ? argv[1]! : '');
        return;
      }
      if (argv.length === 2) c.r.bulk(argv[1]!);
      else c.r.simple('PONG');
    },
  },
  {
    name: 'ECHO',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    group: 'connection',
    summary: 'Echo the given string',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'message:string',
    // ECHO message
    handler(c, argv) {
      c.r.bulk(argv[1]!);
    },
  },
  {
    name: 'SELECT',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    group: 'connection',
    summary: 'Change the selected database for the current connection',
    since: '1.0.0',
    complexity: 'O(1)',
    args: 'index:integer',
    // SELECT index
    handler(c, argv) {
      const n = parseInt64(argv[1]!);
      if (n === null || n < -2147483648 || n > 2147483647) return c.r.error(Err.NOT_INTEGER);
      const db = c.broker.dbs[n];
      if (n < 0 || !db) return c.r.error(Err.INVALID_DB);
      c.db = db;
      c.r.ok();
    },
  },
  {
    name: 'QUIT',
    arity: -1,
    flags: ['allow-busy', 'noscript', 'loading', 'stale', 'fast', 'no-auth'],
    group: 'connection',
    summary: 'Close the connection',
    since: '1.0.0',
    complexity: 'O(1)',
    // QUIT
    handler(c) {
      c.r.ok();
      c.close('QUIT');
    },
  },
  {
    name: 'RESET',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no-auth', 'allow-busy'],
    group: 'connection',
    summary: 'Reset the connection',
    since: '6.2.0',
    complexity: 'O(1)',
    // RESET
    handler(c) {
      resetClientState(c);
      c.r.simple('RESET');
    },
  },
  {
    name: 'AUTH',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no-auth', 'sentinel', 'allow-busy'],
    group: 'connection',
    summary: 'Authenticate to the server',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of passwords defined for the user',
    history: [['6.0.0', 'Added ACL style (username and password).']],
    args: '[username:string@6.0.0] password:string',
    // AUTH [username] password
    handler(c, argv) {
      if (argv.length > 3) return c.r.error(Err.SYNTAX);
      // The slowlog and MONITOR show the credentials as "(redacted)" (redactClientCommandArgument).
      c.originalArgv = argv.map((a, i) => (i === 0 ? a : REDACTED));
      const b = c.broker;
      if (argv.length === 2 && b.acl.defaultUser.nopass) {
        return c.r.error(
          'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
        );
      }
      const user = argv.length === 3 ? argv[1]! : 'default';
      const pass = argv[argv.length - 1]!;
      if (!authenticate(c, user, pass, argv)) return c.r.error(Err.WRONGPASS);
      c.r.ok();
    },
  },
  {
    name: 'HELLO',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no-auth', 'sentinel', 'allow-busy'],
    group: 'connection',
    summary: 'Handshake with Redis',
    since: '6.0.0',
    complexity: 'O(1)',
    history: [['6.2.0', '`protover` made optional; when called without arguments the command reports the current connection\'s context.']],
    args: '[arguments{protover:integer [AUTH username_password{username:string password:string}] [SETNAME clientname:string]}]',
    // HELLO [protover [AUTH username password] [SETNAME clientname]]
    handler(c, argv) {
      let ver = 0;
      let next = 1;
      if (argv.length >= 2) {
        const v = parseInt64(argv[1]!);
        next = 2;
        if (v === null) return c.r.error('ERR Protocol version is not an integer or out of range');
        if (v < 2 || v > 3) return c.r.error('NOPROTO unsupported protocol version');
        ver = v;
      }
      // Options take effect as they are read, as in Redis: an AUTH or SETNAME before a bad option
      // stays done.
      for (let j = next; j < argv.length; j++) {
        const more = argv.length - 1 - j;
        const opt = argv[j]!;
        const up = opt.toUpperCase();
        if (up === 'AUTH' && more >= 2) {
          c.originalArgv ??= argv.slice();
          c.originalArgv[j + 1] = REDACTED;
          c.originalArgv[j + 2] = REDACTED;
          if (!authenticate(c, argv[j + 1]!, argv[j + 2]!, argv)) return c.r.error(Err.WRONGPASS);
          j += 2;
        } else if (up === 'SETNAME' && more >= 1) {
          const name = argv[j + 1]!;
          if (!validClientName(name)) return c.r.error(CLIENT_NAME_ERR);
          c.name = name;
          j++;
        } else {
          return c.r.error(`ERR Syntax error in HELLO option '${opt}'`);
        }
      }
      // The connection's own state, not authRequired(): a connection opened while a password was
      // needed must still authenticate here after the password is removed, as in Redis.
      if (!c.authenticated) {
        return c.r.error(
          'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
        );
      }
      if (ver !== 0) c.resp = ver as 2 | 3;
      const r = c.r;
      r.map(7);
      r.bulk('server');
      r.bulk('redis');
      r.bulk('version');
      r.bulk(REDIS_VERSION);
      r.bulk('proto');
      r.int(c.resp);
      r.bulk('id');
      r.int(c.id);
      r.bulk('mode');
      r.bulk('standalone');
      r.bulk('role');
      r.bulk('master');
      r.bulk('modules');
      r.array(0);
    },
  },
];
