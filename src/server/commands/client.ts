/*
 * CLIENT: a container command (Redis 7.0 networking.c clientCommand) whose subcommands inspect and
 * control connections: ID, INFO, LIST, KILL, SETNAME, GETNAME, REPLY, NO-EVICT, PAUSE, UNPAUSE,
 * UNBLOCK, TRACKING, TRACKINGINFO, CACHING, GETREDIR, HELP, plus SETINFO from Redis 7.2.
 *
 * The client line of CLIENT LIST / CLIENT INFO has Redis 7.0's fields in Redis 7.0's order. Fields
 * that describe Pigeon's state (id, name, flags, db, subscriptions, multi, argv-mem, multi-mem, cmd,
 * user, resp) carry the same values Redis would; fields that describe Redis's memory layout (fd,
 * qbuf, qbuf-free, rbs, rbp, obl, oll, omem, tot-mem) carry plausible numbers from Pigeon's own
 * buffers. After Redis 7.0's fields come 7.2's lib-name= and lib-ver= (set by CLIENT SETINFO).
 *
 * Deliberate differences from Redis 7.0.15, each for a reason:
 *  - CLIENT SETINFO exists (7.0 answers an unknown-subcommand error): current client libraries
 *    (node-redis 5, ioredis 5.4+, redis-py 5, ...) send it on every connect. Validation and errors
 *    are 7.2's; CLIENT LIST shows lib-name= and lib-ver= as 7.2 does.
 *  - CLIENT PAUSE / UNPAUSE validate their arguments as Redis does and reply OK, but do not pause:
 *    Pigeon has no replicas or failovers for a pause to serve.
 *  - CLIENT TRACKING OFF is accepted; ON validates its options as Redis does and then answers an
 *    error, since Pigeon has no client side caching (it would never send an invalidation).
 *
 * Checklist for later issues:
 *  - a blocked client shows `b` in its flags (clientFlags below) and CLIENT UNBLOCK reaches it
 *    through the broker's `unblockClient(target, 'timeout' | 'error')` hook, which returns whether
 *    the target was blocked.
 * CLIENT KILL USER looks names up in the ACL users table (broker.acl).
 */

import type { CommandSpec, Handler } from '../command.js';
import type { Client } from '../client.js';
import type { Broker } from '../broker.js';
import { Err } from '../errors.js';
import { parseInt64 } from '../args.js';
import { validClientName, CLIENT_NAME_ERR } from './connection.js';
import { subcommandSyntaxError } from './help.js';

/** Hooks that later subsystems add to the broker. */
interface BrokerHooks {
  /** Unblock `target` as if its timeout expired, or with an -UNBLOCKED error; false if not blocked. */
  unblockClient?: (target: Client, mode: 'timeout' | 'error') => boolean;
}

type ClientType = 'normal' | 'master' | 'replica' | 'pubsub';

/** getClientTypeByName: the names CLIENT LIST TYPE and CLIENT KILL TYPE accept. */
function clientTypeByName(name: string): ClientType | null {
  switch (name.toLowerCase()) {
    case 'normal':
      return 'normal';
    case 'slave':
    case 'replica':
      return 'replica';
    case 'pubsub':
      return 'pubsub';
    case 'master':
      return 'master';
    default:
      return null;
  }
}

function subscriptions(c: Client): number {
  return c.channels.size + c.patterns.size + c.shardChannels.size;
}

/** getClientType. MONITOR clients count as normal clients, as in Redis. */
function clientType(c: Client): ClientType {
  return subscriptions(c) > 0 ? 'pubsub' : 'normal';
}


/** The flags= field, letters in Redis's order. */
export function clientFlags(c: Client): string {
  let f = '';
  if (c.isMonitor) f += 'O';
  if (subscriptions(c) > 0) f += 'P';
  if (c.multi !== null) f += 'x';
  if (c.blocked !== null) f += 'b';
  if (c.dirtyCas) f += 'd';
  if (c.noEvict) f += 'e';
  return f === '' ? 'N' : f;
}

function socketFd(c: Client): number {
  const handle = (c.socket as unknown as { _handle?: { fd?: unknown } } | null)?._handle;
  return typeof handle?.fd === 'number' ? handle.fd : -1;
}

function argvMem(argv: readonly string[]): number {
  let n = 0;
  for (const a of argv) n += a.length;
  return n;
}

/** Redis counts queued commands as their argument bytes plus a pointer per argument. */
function multiMem(c: Client): number {
  if (c.multi === null) return 0;
  let n = 0;
  for (const q of c.multi) n += argvMem(q.argv) + 8 * q.argv.length;
  return n;
}

const READ_BUFFER = 16384;

/**
 * One CLIENT LIST line (without the newline). `caller` and `argv` are the client running CLIENT
 * LIST / INFO and its arguments: for that client the line shows the command being run (`exec` when
 * it runs inside EXEC, as Redis shows it) and that command's argument bytes.
 */
export function clientInfoLine(t: Client, caller: Client, argv: readonly string[]): string {
  const now = Math.floor(t.broker.now() / 1000);
  const self = t === caller;
  const qbuf = t.decoder.pending;
  // A blocked client keeps its command's arguments until it is served.
  const argMem = self ? (t.inExec ? 4 : argvMem(argv)) : t.blocked !== null ? argvMem(t.blocked.argv) : 0;
  const mMem = multiMem(t);
  // Output not yet taken by the kernel: the first 16k as Redis's static buffer (obl), the rest as
  // 16k reply-list nodes (oll, omem), which is what client-output-buffer-limit counts.
  const pendingOut = t.r.out.length + (t.socket?.writableLength ?? 0);
  const obl = Math.min(pendingOut, READ_BUFFER);
  const omem = pendingOut - obl;
  const cmd = self ? (t.inExec ? 'exec' : (t.current?.fullName ?? t.lastCmd)) : t.lastCmd;
  return (
    `id=${t.id} addr=${t.address} laddr=${t.localAddress} fd=${socketFd(t)} name=${t.name}` +
    ` age=${now - Math.floor(t.createdAt / 1000)} idle=${now - Math.floor(t.lastInteraction / 1000)}` +
    ` flags=${clientFlags(t)} db=${t.dbIndex} sub=${t.channels.size} psub=${t.patterns.size}` +
    ` ssub=${t.shardChannels.size} multi=${t.multi === null ? -1 : t.multi.length}` +
    ` qbuf=${qbuf} qbuf-free=${Math.max(0, 20474 - qbuf)} argv-mem=${argMem} multi-mem=${mMem}` +
    ` rbs=${READ_BUFFER} rbp=${READ_BUFFER} obl=${obl} oll=${Math.ceil(omem / READ_BUFFER)} omem=${omem}` +
    ` tot-mem=${20480 + READ_BUFFER + qbuf + argMem + mMem + pendingOut} events=r cmd=${cmd}` +
    ` user=${t.user} redir=-1 resp=${t.resp} lib-name=${t.libName} lib-ver=${t.libVer}`
  );
}

const HELP = [
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'HELP',
  '    Prints this help.',
];

const KILLED = 'killed by CLIENT KILL';

// CLIENT KILL ip:port
// CLIENT KILL [ID id] [TYPE type] [USER name] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no] ...
const kill: Handler = (c, argv) => {
  let addr: string | null = null;
  let laddr: string | null = null;
  let user: string | null = null;
  let type: ClientType | null = null;
  let id = 0;
  let skipme = true;
  if (argv.length === 3) {
    addr = argv[2]!;
    skipme = false; // with the old form a client may kill itself
  } else {
    for (let i = 2; i < argv.length; i += 2) {
      const more = argv.length > i + 1;
      const opt = argv[i]!.toLowerCase();
      const val = argv[i + 1]!;
      if (opt === 'id' && more) {
        const n = parseInt64(val);
        if (n === null || n < 1) return c.r.error('ERR client-id should be greater than 0');
        id = n;
      } else if (opt === 'type' && more) {
        type = clientTypeByName(val);
        if (type === null) return c.r.error(`ERR Unknown client type '${val}'`);
      } else if (opt === 'addr' && more) {
        addr = val;
      } else if (opt === 'laddr' && more) {
        laddr = val;
      } else if (opt === 'user' && more) {
        if (!c.broker.acl.users.has(val)) return c.r.error(`ERR No such user '${val}'`);
        user = val;
      } else if (opt === 'skipme' && more) {
        const v = val.toLowerCase();
        if (v === 'yes') skipme = true;
        else if (v === 'no') skipme = false;
        else return c.r.error(Err.SYNTAX);
      } else {
        return c.r.error(Err.SYNTAX);
      }
    }
  }

  let killed = 0;
  let killSelf = false;
  for (const t of [...c.broker.clients.values()]) {
    if (t.closing) continue;
    if (addr !== null && t.address !== addr) continue;
    if (laddr !== null && t.localAddress !== laddr) continue;
    if (type !== null && clientType(t) !== type) continue;
    if (id !== 0 && t.id !== id) continue;
    if (user !== null && t.user !== user) continue;
    if (t === c && skipme) continue;
    if (t === c) killSelf = true;
    else t.close(KILLED);
    killed++;
  }

  // A client that killed itself gets this reply and nothing after it (Redis CLOSE_AFTER_REPLY:
  // the rest of a pipeline is not run; inside EXEC the remaining commands run but their replies
  // are dropped). Closing flushes the output at once, so a reply CLIENT REPLY OFF/SKIP would
  // silence is not written at all.
  if (!killSelf || c.replyMode === 'on') {
    if (argv.length === 3) {
      if (killed === 0) c.r.error('ERR No such client');
      else c.r.ok();
    } else {
      c.r.int(killed);
    }
  }
  if (killSelf) c.close(KILLED);
};

// CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id [id ...]]
const list: Handler = (c, argv) => {
  const b = c.broker;
  let out = '';
  if (argv.length === 4 && argv[2]!.toLowerCase() === 'type') {
    const type = clientTypeByName(argv[3]!);
    if (type === null) return c.r.error(`ERR Unknown client type '${argv[3]!}'`);
    for (const t of b.clients.values()) {
      if (t.closing || clientType(t) !== type) continue;
      out += clientInfoLine(t, c, argv) + '\n';
    }
  } else if (argv.length > 3 && argv[2]!.toLowerCase() === 'id') {
    const ids: number[] = [];
    for (let j = 3; j < argv.length; j++) {
      const n = parseInt64(argv[j]!);
      if (n === null) return c.r.error('ERR Invalid client ID');
      ids.push(n);
    }
    for (const n of ids) {
      const t = b.clients.get(n);
      if (t !== undefined && !t.closing) out += clientInfoLine(t, c, argv) + '\n';
    }
  } else if (argv.length !== 2) {
    return c.r.error(Err.SYNTAX);
  } else {
    for (const t of b.clients.values()) {
      if (!t.closing) out += clientInfoLine(t, c, argv) + '\n';
    }
  }
  c.r.verbatim('txt', out);
};

// CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]
const tracking: Handler = (c, argv) => {
  let redirect = false;
  let bcast = false;
  let optin = false;
  let optout = false;
  const prefixes: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - 1 - j > 0;
    const opt = argv[j]!.toLowerCase();
    if (opt === 'redirect' && more) {
      j++;
      if (redirect) return c.r.error('ERR A client can only redirect to a single other client');
      const n = parseInt64(argv[j]!);
      if (n === null) return c.r.error(Err.NOT_INTEGER);
      if (!c.broker.clients.has(n)) return c.r.error('ERR The client ID you want redirect to does not exist');
      redirect = true;
    } else if (opt === 'bcast') {
      bcast = true;
    } else if (opt === 'optin') {
      optin = true;
    } else if (opt === 'optout') {
      optout = true;
    } else if (opt === 'noloop') {
      // accepted
    } else if (opt === 'prefix' && more) {
      j++;
      prefixes.push(argv[j]!);
    } else {
      return c.r.error(Err.SYNTAX);
    }
  }
  const onOff = argv[2]!.toLowerCase();
  if (onOff === 'on') {
    if (!bcast && prefixes.length > 0) return c.r.error('ERR PREFIX option requires BCAST mode to be enabled');
    if (bcast && (optin || optout)) return c.r.error('ERR OPTIN and OPTOUT are not compatible with BCAST');
    if (optin && optout) return c.r.error("ERR You can't specify both OPTIN mode and OPTOUT mode");
    if (bcast) {
      for (let i = 0; i < prefixes.length; i++) {
        for (let j = i + 1; j < prefixes.length; j++) {
          const a = prefixes[i]!;
          const p = prefixes[j]!;
          if (a.startsWith(p) || p.startsWith(a)) {
            return c.r.error(
              `ERR Prefix '${a}' overlaps with another provided prefix '${p}'. Prefixes for a single client must not overlap.`,
            );
          }
        }
      }
    }
    return c.r.error('ERR CLIENT TRACKING ON is not supported: this server has no client side caching');
  }
  if (onOff === 'off') return c.r.ok();
  c.r.error(Err.SYNTAX);
};

const ADMIN = ['admin', 'noscript', 'loading', 'stale'];
const PLAIN = ['noscript', 'loading', 'stale'];

const subcommands: CommandSpec[] = [
  {
    name: 'ID',
    arity: 2,
    flags: PLAIN,
    group: 'connection',
    summary: 'Returns the client ID for the current connection',
    since: '5.0.0',
    complexity: 'O(1)',
    // CLIENT ID
    handler(c) {
      c.r.int(c.id);
    },
  },
  {
    name: 'INFO',
    arity: 2,
    flags: PLAIN,
    group: 'connection',
    summary: 'Returns information about the current client connection.',
    since: '6.2.0',
    complexity: 'O(1)',
    tips: ['nondeterministic_output'],
    // CLIENT INFO
    handler(c, argv) {
      c.r.verbatim('txt', clientInfoLine(c, c, argv) + '\n');
    },
  },
  {
    name: 'LIST',
    arity: -2,
    flags: ADMIN,
    group: 'connection',
    summary: 'Get the list of client connections',
    since: '2.4.0',
    complexity: 'O(N) where N is the number of client connections',
    tips: ['nondeterministic_output'],
    history: [
      ['2.8.12', 'Added unique client `id` field.'],
      ['5.0.0', 'Added optional `TYPE` filter.'],
      ['6.0.0', 'Added `user` field.'],
      ['6.2.0', 'Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.'],
      ['7.0.0', 'Added `resp`, `multi-mem`, `rbs` and `rbp` fields.'],
      ['7.0.3', 'Added `ssub` field.'],
    ],
    args: '[TYPE normal_master_replica_pubsub(NORMAL | MASTER | REPLICA | PUBSUB)@5.0.0] [ID id{client-id:integer...}@6.2.0]',
    handler: list,
  },
  {
    name: 'KILL',
    arity: -3,
    flags: ADMIN,
    group: 'connection',
    summary: 'Kill the connection of a client',
    since: '2.4.0',
    complexity: 'O(N) where N is the number of client connections',
    history: [
      ['2.8.12', 'Added new filter format.'],
      ['2.8.12', '`ID` option.'],
      ['3.2.0', 'Added `master` type in for `TYPE` option.'],
      ['5.0.0', 'Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility.'],
      ['6.2.0', '`LADDR` option.'],
    ],
    args: 'filter(ip:port:string!2.8.12 | new-format([ID client-id:integer@2.8.12] | [TYPE normal_master_slave_pubsub(NORMAL | MASTER@3.2.0 | SLAVE | REPLICA@5.0.0 | PUBSUB)@2.8.12] | [USER username:string] | [ADDR ip:port:string] | [LADDR ip:port:string@6.2.0] | [SKIPME yes/no:string])...)',
    handler: kill,
  },
  {
    name: 'SETNAME',
    arity: 3,
    flags: PLAIN,
    group: 'connection',
    summary: 'Set the current connection name',
    since: '2.6.9',
    complexity: 'O(1)',
    args: 'connection-name:string',
    // CLIENT SETNAME connection-name
    handler(c, argv) {
      const name = argv[2]!;
      if (!validClientName(name)) return c.r.error(CLIENT_NAME_ERR);
      c.name = name;
      c.r.ok();
    },
  },
  {
    name: 'GETNAME',
    arity: 2,
    flags: PLAIN,
    group: 'connection',
    summary: 'Get the current connection name',
    since: '2.6.9',
    complexity: 'O(1)',
    // CLIENT GETNAME
    handler(c) {
      c.r.bulkOrNull(c.name === '' ? null : c.name);
    },
  },
  {
    name: 'SETINFO',
    arity: 4,
    flags: PLAIN,
    group: 'connection',
    summary: 'Set client or connection specific info',
    since: '7.2.0',
    complexity: 'O(1)',
    // CLIENT SETINFO LIB-NAME name | LIB-VER version
    handler(c, argv) {
      const attr = argv[2]!;
      const val = argv[3]!;
      const which = attr.toLowerCase();
      if (which !== 'lib-name' && which !== 'lib-ver') return c.r.error(`ERR Unrecognized option '${attr}'`);
      if (!validClientName(val)) return c.r.error(`ERR ${attr} cannot contain spaces, newlines or special characters.`);
      if (which === 'lib-name') c.libName = val;
      else c.libVer = val;
      c.r.ok();
    },
  },
  {
    name: 'REPLY',
    arity: 3,
    flags: PLAIN,
    group: 'connection',
    summary: 'Instruct the server whether to reply to commands',
    since: '3.2.0',
    complexity: 'O(1)',
    args: 'on_off_skip(ON | OFF | SKIP)',
    // CLIENT REPLY ON|OFF|SKIP
    handler(c, argv) {
      const v = argv[2]!.toLowerCase();
      if (v === 'on') {
        c.replyMode = 'on';
        c.r.ok();
      } else if (v === 'off') {
        c.replyMode = 'off';
      } else if (v === 'skip') {
        // Under OFF, SKIP changes nothing. The dispatcher drops this request's output under
        // OFF/SKIP (the syntax error below too) and ends a SKIP after the request it silenced.
        if (c.replyMode !== 'off') c.replyMode = 'skip';
      } else {
        c.r.error(Err.SYNTAX);
      }
    },
  },
  {
    name: 'NO-EVICT',
    arity: 3,
    flags: ADMIN,
    group: 'connection',
    summary: 'Set client eviction mode for the current connection',
    since: '7.0.0',
    complexity: 'O(1)',
    args: 'enabled(ON | OFF)',
    // CLIENT NO-EVICT ON|OFF
    handler(c, argv) {
      const v = argv[2]!.toLowerCase();
      if (v === 'on') c.noEvict = true;
      else if (v === 'off') c.noEvict = false;
      else return c.r.error(Err.SYNTAX);
      c.r.ok();
    },
  },
  {
    name: 'PAUSE',
    arity: -3,
    flags: ADMIN,
    group: 'connection',
    summary: 'Stop processing commands from clients for some time',
    since: '2.9.50',
    complexity: 'O(1)',
    history: [['6.2.0', '`CLIENT PAUSE WRITE` mode added along with the `mode` option.']],
    args: 'timeout:integer [mode(WRITE | ALL)@6.2.0]',
    // CLIENT PAUSE timeout [WRITE|ALL]
    handler(c, argv) {
      if (argv.length > 4) return subcommandSyntaxError(c, argv);
      if (argv.length === 4) {
        const mode = argv[3]!.toLowerCase();
        if (mode !== 'write' && mode !== 'all') return c.r.error('ERR CLIENT PAUSE mode must be WRITE or ALL');
      }
      const ms = parseInt64(argv[2]!);
      if (ms === null) return c.r.error('ERR timeout is not an integer or out of range');
      if (ms < 0) return c.r.error('ERR timeout is negative');
      // Accepted without pausing (see the header).
      c.r.ok();
    },
  },
  {
    name: 'UNPAUSE',
    arity: 2,
    flags: ADMIN,
    group: 'connection',
    summary: 'Resume processing of clients that were paused',
    since: '6.2.0',
    complexity: 'O(N) Where N is the number of paused clients',
    // CLIENT UNPAUSE
    handler(c) {
      c.r.ok();
    },
  },
  {
    name: 'UNBLOCK',
    arity: -3,
    flags: ADMIN,
    group: 'connection',
    summary: 'Unblock a client blocked in a blocking command from a different connection',
    since: '5.0.0',
    complexity: 'O(log N) where N is the number of client connections',
    args: 'client-id:integer [timeout_error(TIMEOUT | ERROR)]',
    // CLIENT UNBLOCK client-id [TIMEOUT|ERROR]
    handler(c, argv) {
      if (argv.length > 4) return subcommandSyntaxError(c, argv);
      let mode: 'timeout' | 'error' = 'timeout';
      if (argv.length === 4) {
        const m = argv[3]!.toLowerCase();
        if (m === 'error') mode = 'error';
        else if (m !== 'timeout') return c.r.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
      }
      const id = parseInt64(argv[2]!);
      if (id === null) return c.r.error(Err.NOT_INTEGER);
      const target = c.broker.clients.get(id);
      const hooks = c.broker as Broker & BrokerHooks;
      const done = target !== undefined && hooks.unblockClient !== undefined && hooks.unblockClient(target, mode);
      c.r.int(done ? 1 : 0);
    },
  },
  {
    name: 'TRACKING',
    arity: -3,
    flags: PLAIN,
    group: 'connection',
    summary: 'Enable or disable server assisted client side caching support',
    since: '6.0.0',
    complexity: 'O(1). Some options may introduce additional complexity.',
    args: 'status(ON | OFF) [REDIRECT client-id:integer] [PREFIX prefix:string...+] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]',
    handler: tracking,
  },
  {
    name: 'TRACKINGINFO',
    arity: 2,
    flags: PLAIN,
    group: 'connection',
    summary: 'Return information about server assisted client side caching for the current connection',
    since: '6.2.0',
    complexity: 'O(1)',
    // CLIENT TRACKINGINFO
    handler(c) {
      const r = c.r;
      r.map(3);
      r.bulk('flags');
      r.set(1);
      r.bulk('off');
      r.bulk('redirect');
      r.int(-1);
      r.bulk('prefixes');
      r.array(0);
    },
  },
  {
    name: 'CACHING',
    arity: 3,
    flags: PLAIN,
    group: 'connection',
    summary: 'Instruct the server about tracking or not keys in the next request',
    since: '6.0.0',
    complexity: 'O(1)',
    args: 'mode(YES | NO)',
    // CLIENT CACHING YES|NO
    handler(c) {
      c.r.error(
        'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled',
      );
    },
  },
  {
    name: 'GETREDIR',
    arity: 2,
    flags: PLAIN,
    group: 'connection',
    summary: 'Get tracking notifications redirection client ID if any',
    since: '6.0.0',
    complexity: 'O(1)',
    // CLIENT GETREDIR
    handler(c) {
      c.r.int(-1);
    },
  },
  {
    name: 'HELP',
    arity: 2,
    flags: ['loading', 'stale'],
    group: 'connection',
    summary: 'Show helpful text about the different subcommands',
    since: '5.0.0',
    complexity: 'O(1)',
    // CLIENT HELP
    handler(c) {
      c.r.array(HELP.length);
      for (const line of HELP) c.r.simple(line);
    },
  },
];

export const commands: CommandSpec[] = [
  {
    name: 'CLIENT',
    arity: -2,
    flags: [],
    group: 'connection',
    summary: 'A container for client connection commands',
    since: '2.4.0',
    complexity: 'Depends on subcommand.',
    subcommands,
  },
];
