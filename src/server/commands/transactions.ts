/*
 * Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis 7.0 multi.c).
 *
 * State lives on the client (client.ts):
 *   c.multi       the queue of resolved commands, or null outside MULTI. The dispatcher queues every
 *                 command except the multi-control ones (MULTI, EXEC, DISCARD, WATCH, QUIT, RESET)
 *                 and answers +QUEUED; a command it rejects while c.multi !== null (unknown command,
 *                 arity, no-multi, NOAUTH, ...) sets c.multiError, and EXEC then answers EXECABORT.
 *   c.watched     db -> (key -> alive when watched); each key also registers the client in
 *                 db.watchers, so a write that calls db.modified(key) marks the client c.dirtyCas.
 *   c.dirtyCas    a watched key was touched: EXEC answers the null array and runs nothing.
 *   c.inExec      EXEC is running the queue (Redis CLIENT_DENY_BLOCKING + server.in_exec).
 *
 * A watched key that expires does not touch anything by itself (nobody writes it), so EXEC checks,
 * as Redis's isWatchedKeyExpired does, whether a key that was alive at WATCH time has a deadline in
 * the past. A key already past its deadline at WATCH time is expired right there (the lazy half of
 * expiry), which is what Redis's wk->expired bookkeeping amounts to: its later deletion is no change.
 *
 * EXEC runs each queued command through the dispatcher's call(), so command stats, slowlog, MONITOR
 * and AOF propagation see them exactly as direct calls (CLIENT REPLY OFF/SKIP apply to the EXEC
 * request as a whole, in the dispatcher); an error inside EXEC is just that command's element of
 * the reply array. Errors of MULTI-nesting and WATCH-inside-MULTI are
 * plain replies that do not abort the transaction (Redis replies them from the command itself, not
 * from the queueing rules).
 *
 * A command that must behave differently inside EXEC checks c.inExec:
 *  - a blocking command (BLPOP, XREAD BLOCK, ...) answers as on timeout instead of blocking;
 *  - the AOF writer wraps the commands propagated while c.inExec in MULTI ... EXEC.
 */

import type { CommandSpec } from '../command.js';
import type { Client } from '../client.js';
import { Err } from '../errors.js';
import { call } from '../dispatcher.js';
import { unwatchAll } from './connection.js';

/** Leave MULTI: drop the queue and the queue-time error, forget watched keys. */
export function discardTransaction(c: Client): void {
  c.multi = null;
  c.multiError = false;
  unwatchAll(c);
}

/**
 * Redis execCommandAbort, for the dispatcher: EXEC itself was rejected (arity, NOAUTH, OOM, ...).
 * The transaction is discarded, in MULTI or not, and the error to reply wraps the reason:
 * `EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command`.
 * Redis formats its own rejections without the `ERR ` code and keeps the code of shared errors
 * (`NOAUTH ...`, `OOM ...`), hence the strip of `ERR ` only. Returns the error to reply.
 */
export function execCommandAbort(c: Client, reason: string): string {
  discardTransaction(c);
  return 'EXECABORT Transaction discarded because of: ' + (reason.startsWith('ERR ') ? reason.slice(4) : reason);
}

/** WATCH one key in the client's current database. */
function watchKey(c: Client, key: string): void {
  const db = c.db;
  let keys = c.watched.get(db);
  if (keys === undefined) {
    keys = new Map();
    c.watched.set(db, keys);
  }
  if (keys.has(key)) return;
  // peek() expires a key already past its deadline: it is logically absent from here on.
  keys.set(key, db.peek(key) !== undefined);
  let clients = db.watchers.get(key);
  if (clients === undefined) {
    clients = new Set();
    db.watchers.set(key, clients);
  }
  clients.add(c);
}

/** Redis isWatchedKeyExpired: a key alive at WATCH time has reached its deadline since. */
function watchedKeyExpired(c: Client): boolean {
  if (c.watched.size === 0) return false;
  const now = c.broker.now();
  for (const [db, keys] of c.watched) {
    for (const [key, alive] of keys) {
      if (!alive) continue;
      const when = db.getExpire(key);
      if (when !== undefined && when <= now) return true;
    }
  }
  return false;
}

const TX_FLAGS = ['noscript', 'loading', 'stale', 'fast', 'allow-busy'];

export const commands: CommandSpec[] = [
  {
    name: 'MULTI',
    arity: 1,
    flags: TX_FLAGS,
    group: 'transactions',
    summary: 'Mark the start of a transaction block',
    since: '1.2.0',
    complexity: 'O(1)',
    // MULTI
    handler(c) {
      if (c.multi !== null) return c.r.error(Err.MULTI_NESTED);
      c.multi = [];
      c.r.ok();
    },
  },
  {
    name: 'EXEC',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'skip-slowlog'],
    group: 'transactions',
    summary: 'Execute all commands issued after MULTI',
    since: '1.2.0',
    complexity: 'Depends on commands in the transaction',
    // EXEC
    handler(c) {
      const queue = c.multi;
      if (queue === null) return c.r.error(Err.EXEC_WITHOUT_MULTI);
      if (!c.dirtyCas && watchedKeyExpired(c)) c.dirtyCas = true;
      if (c.multiError || c.dirtyCas) {
        if (c.multiError) c.r.error(Err.EXECABORT);
        else c.r.nullArray();
        discardTransaction(c);
        return;
      }
      // Unwatch before running: the transaction's own writes must not mark the client dirty.
      unwatchAll(c);
      const r = c.r;
      r.array(queue.length);
      // c.multi stays set while the queue runs: CLIENT LIST inside EXEC shows flags=x multi=<n>.
      c.inExec = true;
      try {
        for (let i = 0; i < queue.length; i++) {
          const q = queue[i]!;
          // Permissions are checked again: ACL rules may have changed since queueing.
          const denied = c.broker.acl.execCheck(c, q.cmd, q.argv);
          if (denied !== null) c.r.error(denied);
          else call(c, q.cmd, q.argv);
        }
      } finally {
        c.inExec = false;
        discardTransaction(c);
      }
    },
  },
  {
    name: 'DISCARD',
    arity: 1,
    flags: TX_FLAGS,
    group: 'transactions',
    summary: 'Discard all commands issued after MULTI',
    since: '2.0.0',
    complexity: 'O(N), when N is the number of queued commands',
    // DISCARD
    handler(c) {
      if (c.multi === null) return c.r.error(Err.DISCARD_WITHOUT_MULTI);
      discardTransaction(c);
      c.r.ok();
    },
  },
  {
    name: 'WATCH',
    arity: -2,
    flags: TX_FLAGS,
    keys: { first: 1, last: -1, step: 1 },
    keySpecs: [{ flags: ['RO'], bs: { index: 1 }, fk: { lastkey: -1, keystep: 1, limit: 0 } }],
    group: 'transactions',
    summary: 'Watch the given keys to determine execution of the MULTI/EXEC block',
    since: '2.2.0',
    complexity: 'O(1) for every key.',
    args: 'key:key#0...',
    // WATCH key [key ...]
    handler(c, argv) {
      if (c.multi !== null) return c.r.error(Err.WATCH_IN_MULTI);
      // Already dirty: EXEC will fail whatever happens, no point in watching more.
      if (!c.dirtyCas) for (let i = 1; i < argv.length; i++) watchKey(c, argv[i]!);
      c.r.ok();
    },
  },
  {
    name: 'UNWATCH',
    arity: 1,
    flags: TX_FLAGS,
    group: 'transactions',
    summary: 'Forget about all watched keys',
    since: '2.2.0',
    complexity: 'O(1)',
    // UNWATCH
    handler(c) {
      unwatchAll(c);
      c.r.ok();
    },
  },
];
