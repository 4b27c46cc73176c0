/*
 * The dispatcher: everything a command does not do for itself, in the order Redis's processCommand
 * does it, driven by the command table.
 *
 *   1. look the command (and subcommand) up     -> unknown command / unknown subcommand
 *   2. arity                                    -> wrong number of arguments
 *   3. protected commands (DEBUG)               -> enable-debug-command
 *   4. authentication                           -> NOAUTH (commands flagged no-auth pass)
 *   5. no-multi commands inside MULTI
 *      ACL permissions (command, keys, channels)  -> NOPERM, logged in ACL LOG
 *   5b. maxmemory (only when set)               -> evict keys, then -OOM (keyspace/evict.ts)
 *   6. RESP2 subscribe mode                     -> only (P|S)SUBSCRIBE / ... allowed
 *   7. MULTI queueing                           -> +QUEUED, or a queue-time error that aborts EXEC
 *   8. call(): run the handler, then stats, slowlog, MONITOR feed, CLIENT REPLY modes.
 *   9. serve the clients blocked on keys the command made ready (blocking/index.ts).
 *
 * Errors in steps 1-7 are "rejected calls" (they also flag an open MULTI), errors from a handler are
 * "failed calls", as INFO commandstats counts them. Handlers never re-check any of this.
 */

import type { Client } from './client.js';
import type { Command } from './command.js';
import { Err } from './errors.js';
import { execCommandAbort } from './commands/transactions.js';

const DEBUG_NOT_ALLOWED =
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.';

/** Resolve argv to a command; writes the error and returns null when it cannot. */
function lookup(c: Client, argv: string[]): Command | null {
  const b = c.broker;
  const top = b.commands.get(argv[0]!);
  if (!top) {
    c.lastCmd = 'NULL';
    reject(c, null, Err.unknownCommand(argv));
    return null;
  }
  let cmd = top;
  if (top.sub && argv.length >= 2) {
    const sub = top.sub.get(argv[1]!.toLowerCase());
    if (!sub) {
      c.lastCmd = 'NULL';
      reject(c, null, Err.unknownSubcommand(argv[1]!, argv[0]!));
      return null;
    }
    cmd = sub;
  }
  // Redis sets c->lastcmd at lookup: CLIENT LIST shows a queued or rejected command as the last one.
  c.lastCmd = cmd.fullName;
  const a = cmd.arity;
  if ((a > 0 && argv.length !== a) || argv.length < -a) {
    reject(c, cmd, Err.arity(cmd.fullName));
    return null;
  }
  return cmd;
}

function reject(c: Client, cmd: Command | null, msg: string): void {
  if (cmd) cmd.stats.rejected++;
  if (c.multi !== null) c.multiError = true;
  // A rejected EXEC discards the transaction, in MULTI or not (Redis execCommandAbort).
  c.r.error(cmd !== null && cmd.fullName === 'exec' ? execCommandAbort(c, msg) : msg);
}

/**
 * Run one request from a client through every generic rule. Under CLIENT REPLY OFF / SKIP whatever
 * the request produced, rejections included, is dropped here; CLIENT REPLY manages the mode itself
 * (SKIP silences the request after it, ON answers +OK).
 */
export function dispatch(c: Client, argv: string[]): void {
  const before = c.replyMode;
  if (before === 'on') {
    dispatchRequest(c, argv);
    return;
  }
  const mark = c.r.out.length;
  // Pushes (pub/sub messages, subscribe confirmations) are not silenced: they are kept aside.
  c.keptPushes = '';
  const cmd = dispatchRequest(c, argv);
  const kept = c.keptPushes ?? '';
  c.keptPushes = null;
  if (c.replyMode === 'on' && cmd !== null && cmd.fullName === 'client|reply') return; // CLIENT REPLY ON
  if (c.r.out.length !== mark) c.r.out = c.r.out.slice(0, mark) + kept;
  // SKIP ends after the request it silenced, unless that request was CLIENT REPLY SKIP again.
  if (before === 'skip' && c.replyMode === 'skip' && !(cmd !== null && cmd.fullName === 'client|reply' && argv[2]!.toLowerCase() === 'skip')) {
    c.replyMode = 'on';
  }
}

/** Returns the command that was recognised (run, queued or rejected), or null. */
function dispatchRequest(c: Client, argv: string[]): Command | null {
  const b = c.broker;
  const cmd = lookup(c, argv);
  if (cmd === null) return null;

  if (cmd.isProtected && !b.debugAllowed(c)) {
    reject(c, cmd, DEBUG_NOT_ALLOWED);
    return cmd;
  }
  if (!c.authenticated && !cmd.noAuth && b.acl.authRequired()) {
    reject(c, cmd, Err.NOAUTH);
    return cmd;
  }
  if (c.multi !== null && cmd.noMulti) {
    reject(c, cmd, 'ERR Command not allowed inside a transaction');
    return cmd;
  }
  // ACL permissions (acl/index.ts): only users lacking some command, key or channel pay for it.
  const user = c.aclUser;
  if (user !== null && user.restricted) {
    const denied = b.acl.check(c, user, cmd, argv);
    if (denied !== null) {
      reject(c, cmd, denied);
      return cmd;
    }
  }
  // maxmemory: evict, then -OOM for commands that may grow memory (keyspace/evict.ts).
  if (b.eviction.limit !== 0) {
    const oom = b.eviction.admission(c, cmd);
    if (oom !== null) {
      reject(c, cmd, oom);
      return cmd;
    }
  }
  if (c.inSubscribeMode && !(cmd.pubsubAllowed || (cmd.parent && cmd.parent.pubsubAllowed))) {
    reject(
      c,
      cmd,
      `ERR Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
    );
    return cmd;
  }
  const gate = b.admissionError(c, cmd, argv);
  if (gate !== null) {
    reject(c, cmd, gate);
    return cmd;
  }
  if (c.multi !== null && !cmd.multiControl) {
    c.multi.push({ cmd, argv });
    c.r.simple('QUEUED');
    return cmd;
  }
  call(c, cmd, argv);
  // Lazily expired keys, EXEC's commands: what the call propagated is written as one unit.
  b.endPropagationUnit();
  // Serve the clients blocked on keys this command made ready: after each command, and after a
  // whole EXEC (its queued commands go through call() only), as Redis's processCommand does.
  if (b.blocking.hasReadyKeys) b.blocking.handleReadyKeys();
  return cmd;
}

/**
 * Keep the arguments as sent before a handler rewrites argv in place into the command it
 * propagates (BLPOP -> LPOP key): call() gives the originals to the slowlog and MONITOR, as
 * Redis's rewriteClientCommandVector keeps c->original_argv.
 */
export function keepOriginalArgv(c: Client, argv: readonly string[]): void {
  if (c.originalArgv === null) c.originalArgv = argv.slice();
}

/**
 * Execute a resolved command: the handler, then bookkeeping. EXEC calls this for each queued
 * command, so stats and MONITOR see commands run inside transactions as Redis shows them.
 */
export function call(c: Client, cmd: Command, argv: string[]): void {
  const b = c.broker;
  const errorsBefore = b.stats.errorReplies;
  const nestedBefore = b.nestedErrors;
  const dirtyBefore = b.dirty;
  c.current = cmd;
  const t0 = performance.now();
  cmd.handler!(c, argv);
  const usec = Math.round((performance.now() - t0) * 1000);
  c.current = null;
  c.lastCmd = cmd.fullName;
  // The slowlog and MONITOR show the arguments as sent, not as rewritten for propagation.
  const sent = c.originalArgv ?? argv;
  c.originalArgv = null;
  cmd.stats.calls++;
  cmd.stats.usec += usec;
  b.stats.commands++;
  // failed_calls counts a command's own errors, not those of the commands EXEC ran for it.
  const total = b.stats.errorReplies - errorsBefore;
  if (total - (b.nestedErrors - nestedBefore) > 0) cmd.stats.failed++;
  b.nestedErrors = nestedBefore + total;
  // A command that blocked is logged when it completes (blocking/index.ts).
  if (usec >= b.slowlogThreshold && b.slowlogThreshold >= 0 && !cmd.skipSlowlog && c.blocked === null) b.slowlogPush(c, sent, usec);
  if (b.monitors.size !== 0 && !cmd.skipMonitor) b.feedMonitors(c, sent);
  if (c.preventPropagation) c.preventPropagation = false;
  else if (b.dirty !== dirtyBefore && cmd.isWrite) b.propagate(c, cmd, argv);
}
