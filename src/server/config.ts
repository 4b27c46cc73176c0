/*
 * The configuration registry: every parameter CONFIG GET / SET, the config file and the command line
 * know, with Redis 7.0's names, aliases, types, defaults, bounds, flags and error wording (config.c,
 * static_configs[]).
 *
 * Types, as Redis has them:
 *  - bool: yes/no, case-insensitive.
 *  - int: a number with flags. Plain ints parse with string2ll (no spaces, no '+', no leading zeros);
 *    `memory` ones parse with memtoull (`1k`=1000, `1kb`=1024, `mb`, `gb`, plain bytes);
 *    `percent` ones also take `N%` (stored negative, printed back as `N%`); `octal` ones parse in
 *    base 8. `unsigned` ones are C unsigned types: a negative number wraps around, so it fails the
 *    upper bound with "argument must be between 0 and ..." exactly as Redis does.
 *  - enum: one of a list (case-insensitive); several names may map to one value, CONFIG GET prints
 *    the first name of that value (oom-score-adj `relative` reads back as `yes`).
 *  - string: any value, with an optional validator.
 *  - special: its own parser (save, client-output-buffer-limit, notify-keyspace-events, bind, ...).
 *    `multiArg` ones are split on single spaces first, as performInterfaceSet does.
 * Values are kept in their canonical string form as CONFIG GET prints them, plus a numeric cache
 * for the hot path (`num(name)`).
 *
 * Flags: `immutable` (start-only: CONFIG SET answers "can't set immutable config"), `protected`
 * (refused unless enable-protected-configs allows it), `sensitive` (CONFIG SET redacts the value in
 * SLOWLOG/MONITOR), `hidden` (only an exact CONFIG GET name shows it, never a pattern).
 *
 * A new parameter needs: its entry in PARAMS in Redis's type and bounds, and, if something must
 * react when it changes, a listener registered by the broker with `watch(name, fn)`.
 */

import { statSync } from 'node:fs';
import path from 'node:path';
import { parseBigInt64, strtod } from './args.js';

export type ParamType = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';

export type ParseResult = { ok: true; value: string } | { ok: false; err: string };

export interface ParamDef {
  name: string;
  type: ParamType;
  default: string;
  alias?: string;
  /** Numeric bounds (bigint: several are 64-bit). */
  min?: bigint;
  max?: bigint;
  /** int/memory: a C unsigned type (wrapping negatives, %llu bounds in the error). */
  unsigned?: boolean;
  /** memory: also accepts `N%` (maxmemory-clients). */
  percent?: boolean;
  /** int: parsed and printed in base 8 (unixsocketperm). */
  octal?: boolean;
  /** int: the value Redis stores after its apply hook clamps it (hz: 1..500). */
  clamp?: [number, number];
  /** enum: accepted names and their value; the first name of a value is the one printed. */
  values?: Array<[string, number]>;
  immutable?: boolean;
  /** Redis's PROTECTED_CONFIG: refused by CONFIG SET unless enable-protected-configs allows it. */
  protected?: boolean;
  /** Redis's SENSITIVE_CONFIG: the value is redacted from SLOWLOG and MONITOR. */
  sensitive?: boolean;
  /** Redis's HIDDEN_CONFIG: CONFIG GET shows it only when asked by its exact name. */
  hidden?: boolean;
  /** special: the value is split on spaces before parsing (MULTI_ARG_CONFIG). */
  multiArg?: boolean;
  /** Validate a string value, or parse a special one into its canonical form. */
  parse?: (v: string) => ParseResult;
}

const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const UINT_MAX = 4294967295n;
const LONG_MAX = 9223372036854775807n;
const LLONG_MAX = LONG_MAX;
const ULLONG_MAX = 18446744073709551615n;

type Extra = Partial<ParamDef>;

function b(name: string, def: 'yes' | 'no', extra: Extra = {}): ParamDef {
  return { name, type: 'bool', default: def, ...extra };
}
function i(name: string, def: number, min: bigint, max: bigint, extra: Extra = {}): ParamDef {
  return { name, type: 'int', default: String(def), min, max, ...extra };
}
function m(name: string, def: number, min: bigint, max: bigint, extra: Extra = {}): ParamDef {
  return { name, type: 'memory', default: String(def), min, max, ...extra };
}
function e(name: string, def: string, values: Array<string | [string, number]>, extra: Extra = {}): ParamDef {
  const vals = values.map((v, k): [string, number] => (typeof v === 'string' ? [v, k] : v));
  return { name, type: 'enum', default: def, values: vals, ...extra };
}
function s(name: string, def: string, extra: Extra = {}): ParamDef {
  return { name, type: 'string', default: def, ...extra };
}
function sp(name: string, def: string, parse: (v: string) => ParseResult, extra: Extra = {}): ParamDef {
  return { name, type: 'special', default: def, parse, ...extra };
}

const PROTECTED_ACTION = ['no', 'yes', 'local'];

/** Redis 7.0's static_configs[], in its order (plus the TLS ones of a TLS build). */
export const PARAMS: ParamDef[] = [
  // bool
  b('rdbchecksum', 'yes', { immutable: true }),
  b('daemonize', 'no', { immutable: true }),
  b('io-threads-do-reads', 'no', { immutable: true }),
  b('always-show-logo', 'no', { immutable: true }),
  b('protected-mode', 'yes'),
  b('rdbcompression', 'yes'),
  b('rdb-del-sync-files', 'no'),
  b('activerehashing', 'yes'),
  b('stop-writes-on-bgsave-error', 'yes'),
  b('set-proc-title', 'yes', { immutable: true }),
  b('dynamic-hz', 'yes'),
  b('lazyfree-lazy-eviction', 'no'),
  b('lazyfree-lazy-expire', 'no'),
  b('lazyfree-lazy-server-del', 'no'),
  b('lazyfree-lazy-user-del', 'no'),
  b('lazyfree-lazy-user-flush', 'no'),
  b('repl-disable-tcp-nodelay', 'no'),
  b('repl-diskless-sync', 'yes'),
  b('aof-rewrite-incremental-fsync', 'yes'),
  b('no-appendfsync-on-rewrite', 'no'),
  b('cluster-require-full-coverage', 'yes'),
  b('rdb-save-incremental-fsync', 'yes'),
  b('aof-load-truncated', 'yes'),
  b('aof-use-rdb-preamble', 'yes'),
  b('aof-timestamp-enabled', 'no'),
  b('cluster-replica-no-failover', 'no', { alias: 'cluster-slave-no-failover' }),
  b('replica-lazy-flush', 'no', { alias: 'slave-lazy-flush' }),
  b('replica-serve-stale-data', 'yes', { alias: 'slave-serve-stale-data' }),
  b('replica-read-only', 'yes', { alias: 'slave-read-only' }),
  b('replica-ignore-maxmemory', 'yes', { alias: 'slave-ignore-maxmemory' }),
  b('jemalloc-bg-thread', 'yes'),
  b('activedefrag', 'no'),
  b('syslog-enabled', 'no', { immutable: true }),
  b('cluster-enabled', 'no', { immutable: true }),
  b('appendonly', 'no'),
  b('cluster-allow-reads-when-down', 'no'),
  b('cluster-allow-pubsubshard-when-down', 'yes'),
  b('crash-log-enabled', 'yes'),
  b('crash-memcheck-enabled', 'yes'),
  b('use-exit-on-panic', 'no', { hidden: true }),
  b('disable-thp', 'yes', { immutable: true }),
  b('cluster-allow-replica-migration', 'yes'),
  b('replica-announced', 'yes'),
  b('latency-tracking', 'yes'),
  b('aof-disable-auto-gc', 'no'),
  b('replica-ignore-disk-write-errors', 'no'),
  // string
  s('aclfile', '', { immutable: true }),
  s('unixsocket', '', { immutable: true }),
  s('pidfile', '', { immutable: true }),
  s('replica-announce-ip', '', { alias: 'slave-announce-ip' }),
  s('masteruser', '', { sensitive: true }),
  s('cluster-announce-ip', ''),
  s('cluster-config-file', 'nodes.conf', { immutable: true }),
  s('cluster-announce-hostname', '', { parse: validHostname }),
  s('syslog-ident', 'redis', { immutable: true }),
  s('dbfilename', 'dump.rdb', { protected: true, parse: (v) => baseName(v, "dbfilename can't be a path, just a filename") }),
  s('appendfilename', 'appendonly.aof', { immutable: true }),
  s('appenddirname', 'appendonlydir', { immutable: true }),
  s('server_cpulist', '', { immutable: true }),
  s('bio_cpulist', '', { immutable: true }),
  s('aof_rewrite_cpulist', '', { immutable: true }),
  s('bgsave_cpulist', '', { immutable: true }),
  s('ignore-warnings', ''),
  s('proc-title-template', '{title} {listen-addr} {server-mode}', { parse: validProcTitleTemplate }),
  s('bind-source-addr', ''),
  s('logfile', '', { immutable: true }),
  s('masterauth', '', { sensitive: true }),
  s('requirepass', '', { sensitive: true }),
  // enum
  e('supervised', 'no', [['upstart', 1], ['systemd', 2], ['auto', 3], ['no', 0]], { immutable: true }),
  e('syslog-facility', 'local0', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], { immutable: true }),
  e('repl-diskless-load', 'disabled', ['disabled', 'on-empty-db', 'swapdb']),
  e('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning']),
  e('maxmemory-policy', 'noeviction', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction']),
  e('appendfsync', 'everysec', ['everysec', 'always', 'no']),
  e('oom-score-adj', 'no', [['no', 0], ['yes', 1], ['relative', 1], ['absolute', 2]]),
  e('acl-pubsub-default', 'resetchannels', [['allchannels', 1], ['resetchannels', 0]]),
  e('sanitize-dump-payload', 'no', ['no', 'yes', 'clients']),
  e('enable-protected-configs', 'no', PROTECTED_ACTION, { immutable: true }),
  e('enable-debug-command', 'no', PROTECTED_ACTION, { immutable: true }),
  e('enable-module-command', 'no', PROTECTED_ACTION, { immutable: true }),
  e('cluster-preferred-endpoint-type', 'ip', ['ip', 'hostname', 'unknown-endpoint']),
  e('propagation-error-behavior', 'ignore', ['ignore', 'panic', 'panic-on-replicas']),
  sp('shutdown-on-sigint', 'default', parseShutdownOnSig, { multiArg: true }),
  sp('shutdown-on-sigterm', 'default', parseShutdownOnSig, { multiArg: true }),
  // int
  i('databases', 16, 1n, INT_MAX, { immutable: true }),
  i('port', 6379, 0n, 65535n),
  i('io-threads', 1, 1n, 128n, { immutable: true }),
  i('auto-aof-rewrite-percentage', 100, 0n, INT_MAX),
  i('cluster-replica-validity-factor', 10, 0n, INT_MAX, { alias: 'cluster-slave-validity-factor' }),
  i('list-max-listpack-size', -2, INT_MIN, INT_MAX, { alias: 'list-max-ziplist-size' }),
  i('tcp-keepalive', 300, 0n, INT_MAX),
  i('cluster-migration-barrier', 1, 0n, INT_MAX),
  i('active-defrag-cycle-min', 1, 1n, 99n),
  i('active-defrag-cycle-max', 25, 1n, 99n),
  i('active-defrag-threshold-lower', 10, 0n, 1000n),
  i('active-defrag-threshold-upper', 100, 0n, 1000n),
  i('lfu-log-factor', 10, 0n, INT_MAX),
  i('lfu-decay-time', 1, 0n, INT_MAX),
  i('replica-priority', 100, 0n, INT_MAX, { alias: 'slave-priority' }),
  i('repl-diskless-sync-delay', 5, 0n, INT_MAX),
  i('maxmemory-samples', 5, 1n, INT_MAX),
  i('maxmemory-eviction-tenacity', 10, 0n, 100n),
  i('timeout', 0, 0n, INT_MAX),
  i('replica-announce-port', 0, 0n, 65535n, { alias: 'slave-announce-port' }),
  i('tcp-backlog', 511, 0n, INT_MAX, { immutable: true }),
  i('cluster-port', 0, 0n, 65535n, { immutable: true }),
  i('cluster-announce-bus-port', 0, 0n, 65535n),
  i('cluster-announce-port', 0, 0n, 65535n),
  i('cluster-announce-tls-port', 0, 0n, 65535n),
  i('repl-timeout', 60, 1n, INT_MAX),
  i('repl-ping-replica-period', 10, 1n, INT_MAX, { alias: 'repl-ping-slave-period' }),
  i('list-compress-depth', 0, 0n, INT_MAX),
  i('rdb-key-save-delay', 0, INT_MIN, INT_MAX, { hidden: true }),
  i('key-load-delay', 0, INT_MIN, INT_MAX, { hidden: true }),
  i('active-expire-effort', 1, 1n, 10n),
  i('hz', 10, 0n, INT_MAX, { clamp: [1, 500] }),
  i('min-replicas-to-write', 0, 0n, INT_MAX, { alias: 'min-slaves-to-write' }),
  i('min-replicas-max-lag', 10, 0n, INT_MAX, { alias: 'min-slaves-max-lag' }),
  i('watchdog-period', 0, 0n, INT_MAX, { hidden: true }),
  i('shutdown-timeout', 10, 0n, INT_MAX),
  i('repl-diskless-sync-max-replicas', 0, 0n, INT_MAX),
  // unsigned int
  i('maxclients', 10000, 1n, UINT_MAX, { unsigned: true }),
  i('unixsocketperm', 0, 0n, 0o777n, { unsigned: true, octal: true, immutable: true }),
  i('socket-mark-id', 0, 0n, UINT_MAX, { unsigned: true, immutable: true }),
  // unsigned long (signed bounds check in Redis)
  i('active-defrag-max-scan-fields', 1000, 1n, LONG_MAX),
  i('slowlog-max-len', 128, 0n, LONG_MAX),
  i('acllog-max-len', 128, 0n, LONG_MAX),
  // long long
  i('busy-reply-threshold', 5000, 0n, LONG_MAX, { alias: 'lua-time-limit' }),
  i('cluster-node-timeout', 15000, 0n, LLONG_MAX),
  i('slowlog-log-slower-than', 10000, -1n, LLONG_MAX),
  i('latency-monitor-threshold', 0, 0n, LLONG_MAX),
  m('proto-max-bulk-len', 512 * 1024 * 1024, 1024n * 1024n, LONG_MAX),
  i('stream-node-max-entries', 100, 0n, LLONG_MAX),
  m('repl-backlog-size', 1024 * 1024, 1n, LLONG_MAX),
  // unsigned long long
  m('maxmemory', 0, 0n, ULLONG_MAX, { unsigned: true }),
  m('cluster-link-sendbuf-limit', 0, 0n, ULLONG_MAX, { unsigned: true }),
  // size_t
  i('hash-max-listpack-entries', 512, 0n, LONG_MAX, { unsigned: true, alias: 'hash-max-ziplist-entries' }),
  i('set-max-intset-entries', 512, 0n, LONG_MAX, { unsigned: true }),
  i('zset-max-listpack-entries', 128, 0n, LONG_MAX, { unsigned: true, alias: 'zset-max-ziplist-entries' }),
  m('active-defrag-ignore-bytes', 100 * 1024 * 1024, 1n, LLONG_MAX, { unsigned: true }),
  m('hash-max-listpack-value', 64, 0n, LONG_MAX, { unsigned: true, alias: 'hash-max-ziplist-value' }),
  m('stream-node-max-bytes', 4096, 0n, LONG_MAX, { unsigned: true }),
  m('zset-max-listpack-value', 64, 0n, LONG_MAX, { unsigned: true, alias: 'zset-max-ziplist-value' }),
  m('hll-sparse-max-bytes', 3000, 0n, LONG_MAX, { unsigned: true }),
  i('tracking-table-max-keys', 1000000, 0n, LONG_MAX, { unsigned: true }),
  m('client-query-buffer-limit', 1024 * 1024 * 1024, 1024n * 1024n, LONG_MAX, { unsigned: true }),
  m('maxmemory-clients', 0, -100n, LONG_MAX, { percent: true }),
  // time_t, off_t
  i('repl-backlog-ttl', 3600, 0n, LONG_MAX),
  m('auto-aof-rewrite-min-size', 64 * 1024 * 1024, 0n, LLONG_MAX),
  i('loading-process-events-interval-bytes', 2 * 1024 * 1024, 1024n, INT_MAX, { hidden: true }),
  // tls (a TLS build has them; issue 5 wires them)
  i('tls-port', 0, 0n, 65535n),
  i('tls-session-cache-size', 20 * 1024, 0n, INT_MAX),
  i('tls-session-cache-timeout', 300, 0n, INT_MAX),
  b('tls-cluster', 'no'),
  b('tls-replication', 'no'),
  e('tls-auth-clients', 'yes', ['no', 'yes', 'optional']),
  b('tls-prefer-server-ciphers', 'no'),
  b('tls-session-caching', 'yes'),
  s('tls-cert-file', ''),
  s('tls-key-file', ''),
  s('tls-key-file-pass', ''),
  s('tls-client-cert-file', ''),
  s('tls-client-key-file', ''),
  s('tls-client-key-file-pass', ''),
  s('tls-dh-params-file', ''),
  s('tls-ca-cert-file', ''),
  s('tls-ca-cert-dir', ''),
  s('tls-protocols', ''),
  s('tls-ciphers', ''),
  s('tls-ciphersuites', ''),
  // special
  sp('dir', '', parseDir, { protected: true }),
  sp('save', '3600 1 300 100 60 10000', parseSave, { multiArg: true }),
  sp('client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', parseClientOutputBufferLimit, { multiArg: true }),
  sp('oom-score-adj-values', '0 200 800', parseOomScoreAdjValues, { multiArg: true }),
  sp('notify-keyspace-events', '', parseNotifyConfig),
  sp('bind', '* -::*', parseBind, { multiArg: true }),
  sp('replicaof', '', parseReplicaOf, { alias: 'slaveof', immutable: true, multiArg: true }),
  sp('latency-tracking-info-percentiles', '50 99 99.9', parsePercentiles, { multiArg: true }),
];

/* ------------------------------------------------------------------------------------------ */
/* Parsers with Redis's rules                                                                  */
/* ------------------------------------------------------------------------------------------ */

/**
 * Redis memtoull: digits then an optional unit (b, k, kb, m, mb, g, gb; case-insensitive). No sign,
 * no spaces. An empty number is 0; a number past 2^64-1 saturates (strtoull), a product past it fails.
 */
export function memtoull(v: string): bigint | null {
  if (v.startsWith('-')) return null;
  let k = 0;
  while (k < v.length && v.charCodeAt(k) >= 48 && v.charCodeAt(k) <= 57) k++;
  const unit = v.slice(k).toLowerCase();
  const mults: Record<string, bigint> = { '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000000n, mb: 1048576n, g: 1000000000n, gb: 1073741824n };
  const mul = mults[unit];
  if (mul === undefined) return null;
  if (k >= 128) return null;
  let val = k === 0 ? 0n : BigInt(v.slice(0, k));
  if (val > ULLONG_MAX) val = ULLONG_MAX;
  if (val > ULLONG_MAX / mul) return null;
  return val * mul;
}

/** Parse a memory value (`1gb`, `100mb`, `4k`, plain bytes) as a JS number, or null. */
export function parseMemory(v: string): number | null {
  const n = memtoull(v);
  return n === null ? null : Number(n);
}

/** C strtoll(s, &end, base) consuming the whole string: leading space and a sign allowed. */
function strtollWhole(v: string, base: 8 | 10): bigint | null {
  if (v === '') return 0n; // strtoll converts nothing and leaves end at the terminator
  const re = base === 8 ? /^[ \t\n\v\f\r]*([+-]?)([0-7]+)$/ : /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/;
  const mm = re.exec(v);
  if (!mm) return null;
  const n = BigInt((base === 8 ? '0o' : '') + mm[2]!) * (mm[1] === '-' ? -1n : 1n);
  if (n > LLONG_MAX || n < -LLONG_MAX - 1n) return null;
  return n;
}

function baseName(v: string, err: string): ParseResult {
  return v.includes('/') ? { ok: false, err } : { ok: true, value: v };
}

function validHostname(v: string): ParseResult {
  if (v.length >= 256) return { ok: false, err: 'Hostnames must be less than 256 characters' };
  if (!/^[A-Za-z0-9.-]*$/.test(v)) return { ok: false, err: 'Hostnames may only contain alphanumeric characters, hyphens or dots' };
  return { ok: true, value: v };
}

const PROC_TITLE_VARS = new Set(['title', 'listen-addr', 'server-mode', 'port', 'tls-port', 'unixsocket', 'config-file']);

/** validateProcTitleTemplate: sdstemplate with known variables, non-empty once expanded. */
function validProcTitleTemplate(v: string): ParseResult {
  const bad: ParseResult = { ok: false, err: 'template format is invalid or contains unknown variables' };
  let out = '';
  for (let k = 0; k < v.length; k++) {
    const ch = v[k]!;
    if (ch === '{' && v[k + 1] === '{') {
      out += '{';
      k++;
    } else if (ch === '}' && v[k + 1] === '}') {
      out += '}';
      k++;
    } else if (ch === '{') {
      const end = v.indexOf('}', k + 1);
      if (end < 0) return bad;
      const name = v.slice(k + 1, end);
      if (!PROC_TITLE_VARS.has(name)) return bad;
      if (name !== 'title') out += 'x';
      k = end;
    } else if (ch === '}') {
      return bad;
    } else {
      out += ch;
    }
  }
  return out.trim() === '' ? bad : { ok: true, value: v };
}

/**
 * `dir` as configured (the config file and flags may name a directory the persistence layer
 * creates); CONFIG SET checks that it exists first, as Redis's chdir() does.
 */
function parseDir(v: string): ParseResult {
  return { ok: true, value: v };
}

/** CONFIG SET dir: the directory must exist (Redis's chdir() error), stored absolute. */
export function checkDir(v: string): ParseResult {
  try {
    if (!statSync(v).isDirectory()) return { ok: false, err: 'Not a directory' };
  } catch {
    return { ok: false, err: 'No such file or directory' };
  }
  return { ok: true, value: path.resolve(v) };
}

function splitMulti(v: string): string[] {
  return v === '' ? [] : v.split(' ');
}

function parseSave(v: string): ParseResult {
  let parts = splitMulti(v);
  if (parts.length === 1 && parts[0] === '') parts = [];
  if (parts.length % 2 !== 0) return { ok: false, err: 'Invalid save parameters' };
  const out: string[] = [];
  for (let k = 0; k < parts.length; k++) {
    const n = strtollWhole(parts[k]!, 10);
    if (n === null || (k % 2 === 0 && n < 1n) || (k % 2 === 1 && n < 0n)) return { ok: false, err: 'Invalid save parameters' };
    out.push(String(k % 2 === 1 ? BigInt.asIntN(32, n) : n));
  }
  return { ok: true, value: out.join(' ') };
}

/** client-output-buffer-limit is kept as its canonical string; `limits` reads it back. */
const OBUF_CLASSES = ['normal', 'slave', 'pubsub'] as const;

function parseClientOutputBufferLimit(v: string): ParseResult {
  return { ok: true, value: v };
}

/** Parse a client-output-buffer-limit change against the current value: the new canonical form. */
export function mergeClientOutputBufferLimit(current: string, v: string): ParseResult {
  const parts = splitMulti(v);
  if (parts.length % 4 !== 0) return { ok: false, err: 'Wrong number of arguments in buffer limit configuration.' };
  const cur = new Map<string, string[]>();
  const c = current.split(' ');
  for (let k = 0; k + 3 < c.length; k += 4) cur.set(c[k]!, c.slice(k + 1, k + 4));
  for (let k = 0; k < parts.length; k += 4) {
    let cls = parts[k]!.toLowerCase();
    if (cls === 'replica') cls = 'slave';
    if (!(OBUF_CLASSES as readonly string[]).includes(cls)) return { ok: false, err: 'Invalid client class specified in buffer limit configuration.' };
    const hard = memtoull(parts[k + 1]!);
    const soft = memtoull(parts[k + 2]!);
    const secs = strtollWhole(parts[k + 3]!, 10);
    if (hard === null || soft === null || secs === null || secs < 0n) {
      return { ok: false, err: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
    }
    cur.set(cls, [String(hard), String(soft), String(BigInt.asIntN(32, secs))]);
  }
  return { ok: true, value: OBUF_CLASSES.map((cls) => `${cls} ${(cur.get(cls) ?? ['0', '0', '0']).join(' ')}`).join(' ') };
}

function parseOomScoreAdjValues(v: string): ParseResult {
  const parts = splitMulti(v);
  if (parts.length !== 3) return { ok: false, err: 'wrong number of arguments' };
  const out: string[] = [];
  for (const p of parts) {
    const n = strtollWhole(p, 10);
    if (n === null || n < -2000n || n > 2000n) return { ok: false, err: 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.' };
    out.push(String(n));
  }
  return { ok: true, value: out.join(' ') };
}

function parseBind(v: string): ParseResult {
  let parts = splitMulti(v);
  if (parts.length > 16) return { ok: false, err: 'Too many bind addresses specified.' };
  if (parts.length === 1 && parts[0] === '') parts = [];
  return { ok: true, value: parts.join(' ') };
}

function parseReplicaOf(v: string): ParseResult {
  const parts = splitMulti(v);
  if (parts.length !== 2) return { ok: false, err: 'wrong number of arguments' };
  if (parts[0]!.toLowerCase() === 'no' && parts[1]!.toLowerCase() === 'one') return { ok: true, value: '' };
  const port = /^[ \t\n\v\f\r]*[+-]?\d+$/.test(parts[1]!) ? Number(parts[1]) : NaN;
  if (!(port >= 0 && port <= 65535)) return { ok: false, err: 'Invalid master port' };
  return { ok: true, value: `${parts[0]} ${port}` };
}

const SHUTDOWN_FLAGS: Array<[string, number]> = [['default', 0], ['save', 1], ['nosave', 2], ['now', 4], ['force', 8]];

/** shutdown-on-sig*: a set of SHUTDOWN flags (`nosave now`), `default` when none. */
function parseShutdownOnSig(v: string): ParseResult {
  const parts = splitMulti(v);
  let flags = 0;
  const bad: ParseResult = { ok: false, err: `argument(s) must be one of the following: ${SHUTDOWN_FLAGS.map(([n]) => n).join(', ')}` };
  if (parts.length === 0) return bad;
  for (const p of parts) {
    const hit = SHUTDOWN_FLAGS.find(([n]) => n === p.toLowerCase());
    if (!hit) return bad;
    flags |= hit[1];
  }
  if ((flags & 1) && (flags & 2)) return { ok: false, err: "shutdown options SAVE and NOSAVE can't be used simultaneously" };
  if (flags === 0) return { ok: true, value: 'default' };
  return { ok: true, value: SHUTDOWN_FLAGS.filter(([, f]) => f !== 0 && (flags & f) !== 0).map(([n]) => n).join(' ') };
}

function trimDouble(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

function parsePercentiles(v: string): ParseResult {
  let parts = splitMulti(v);
  if (parts.length === 1 && parts[0] === '') parts = [];
  const out: string[] = [];
  for (const p of parts) {
    const d = p === '' || /^[ \t\n\v\f\r]/.test(p) ? null : strtod(p);
    if (d === null || Number.isNaN(d) || !Number.isFinite(d)) return { ok: false, err: 'Invalid latency-tracking-info-percentiles parameters' };
    if (d > 100 || d < 0) return { ok: false, err: 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]' };
    out.push(trimDouble(d.toFixed(6)));
  }
  return { ok: true, value: out.join(' ') };
}

/* ------------------------------------------------------------------------------------------ */
/* notify-keyspace-events                                                                      */
/* ------------------------------------------------------------------------------------------ */

/** notify-keyspace-events flag letters, as Redis's keyspaceEventsStringToFlags. */
export const NOTIFY = {
  KEYSPACE: 1 << 0, // K
  KEYEVENT: 1 << 1, // E
  GENERIC: 1 << 2, // g
  STRING: 1 << 3, // $
  LIST: 1 << 4, // l
  SET: 1 << 5, // s
  HASH: 1 << 6, // h
  ZSET: 1 << 7, // z
  EXPIRED: 1 << 8, // x
  EVICTED: 1 << 9, // e
  STREAM: 1 << 10, // t
  KEY_MISS: 1 << 11, // m
  LOADED: 1 << 12, // module only
  MODULE: 1 << 13, // d
  NEW: 1 << 14, // n
} as const;
const NOTIFY_ALL = NOTIFY.GENERIC | NOTIFY.STRING | NOTIFY.LIST | NOTIFY.SET | NOTIFY.HASH | NOTIFY.ZSET | NOTIFY.EXPIRED | NOTIFY.EVICTED | NOTIFY.STREAM | NOTIFY.MODULE;

export function notifyFlagsFromString(v: string): number | null {
  let flags = 0;
  for (const ch of v) {
    switch (ch) {
      case 'A': flags |= NOTIFY_ALL; break;
      case 'g': flags |= NOTIFY.GENERIC; break;
      case '$': flags |= NOTIFY.STRING; break;
      case 'l': flags |= NOTIFY.LIST; break;
      case 's': flags |= NOTIFY.SET; break;
      case 'h': flags |= NOTIFY.HASH; break;
      case 'z': flags |= NOTIFY.ZSET; break;
      case 'x': flags |= NOTIFY.EXPIRED; break;
      case 'e': flags |= NOTIFY.EVICTED; break;
      case 'K': flags |= NOTIFY.KEYSPACE; break;
      case 'E': flags |= NOTIFY.KEYEVENT; break;
      case 't': flags |= NOTIFY.STREAM; break;
      case 'm': flags |= NOTIFY.KEY_MISS; break;
      case 'd': flags |= NOTIFY.MODULE; break;
      case 'n': flags |= NOTIFY.NEW; break;
      default: return null;
    }
  }
  return flags;
}

/** keyspaceEventsFlagsToString: with `A`, the `n` flag is not printed (as Redis 7.0 does). */
export function notifyFlagsToString(flags: number): string {
  let res = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) res += 'A';
  else {
    if (flags & NOTIFY.GENERIC) res += 'g';
    if (flags & NOTIFY.STRING) res += '$';
    if (flags & NOTIFY.LIST) res += 'l';
    if (flags & NOTIFY.SET) res += 's';
    if (flags & NOTIFY.HASH) res += 'h';
    if (flags & NOTIFY.ZSET) res += 'z';
    if (flags & NOTIFY.EXPIRED) res += 'x';
    if (flags & NOTIFY.EVICTED) res += 'e';
    if (flags & NOTIFY.STREAM) res += 't';
    if (flags & NOTIFY.MODULE) res += 'd';
    if (flags & NOTIFY.NEW) res += 'n';
  }
  if (flags & NOTIFY.KEYSPACE) res += 'K';
  if (flags & NOTIFY.KEYEVENT) res += 'E';
  if (flags & NOTIFY.KEY_MISS) res += 'm';
  return res;
}

function parseNotifyConfig(v: string): ParseResult {
  const f = notifyFlagsFromString(v);
  if (f === null) return { ok: false, err: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." };
  return { ok: true, value: notifyFlagsToString(f) };
}

/* ------------------------------------------------------------------------------------------ */
/* The registry                                                                                */
/* ------------------------------------------------------------------------------------------ */

export type SetResult = { ok: true } | { ok: false; err: string };

/** The outcome of an atomic multi-parameter set: on failure, the parameter that failed. */
export type SetManyResult = { ok: true } | { ok: false; err: string; name: string };

export class Config {
  private readonly defs = new Map<string, ParamDef>();
  private readonly values = new Map<string, string>();
  private readonly nums = new Map<string, number>();
  private readonly listeners = new Map<string, Array<(v: string) => void>>();

  constructor() {
    for (const d of PARAMS) {
      if (this.defs.has(d.name)) continue;
      this.defs.set(d.name, d);
      if (d.alias) this.defs.set(d.alias, d);
      this.store(d, d.default);
    }
  }

  /** The definition for a name or alias (case-insensitive). */
  def(name: string): ParamDef | undefined {
    return this.defs.get(name.toLowerCase());
  }

  /** Every name CONFIG GET can match, aliases included, with its definition. */
  *names(): Iterable<[string, ParamDef]> {
    for (const [n, d] of this.defs) yield [n, d];
  }

  /** The stored canonical value (`dir` as configured: '' means the working directory). */
  get(name: string): string {
    const d = this.def(name);
    if (!d) throw new Error(`unknown config ${name}`);
    return this.values.get(d.name)!;
  }

  /** The value as CONFIG GET prints it. */
  show(d: ParamDef): string {
    const v = this.values.get(d.name)!;
    if (d.name === 'dir') return v === '' ? process.cwd() : path.resolve(v);
    return v;
  }

  /** Numeric value of an int / memory / bool (1/0) parameter, or notify-keyspace-events flags. */
  num(name: string): number {
    const v = this.nums.get(name);
    if (v === undefined) throw new Error(`config ${name} is not numeric`);
    return v;
  }

  bool(name: string): boolean {
    return this.values.get(name) === 'yes';
  }

  watch(name: string, fn: (v: string) => void): void {
    const d = this.def(name)!;
    const list = this.listeners.get(d.name) ?? [];
    list.push(fn);
    this.listeners.set(d.name, list);
  }

  /** Validate a value without storing it: the canonical string or Redis's error reason. */
  validate(d: ParamDef, raw: string): ParseResult {
    switch (d.type) {
      case 'bool': {
        const v = raw.toLowerCase();
        if (v !== 'yes' && v !== 'no') return { ok: false, err: "argument must be 'yes' or 'no'" };
        return { ok: true, value: v };
      }
      case 'int':
      case 'memory':
        return validateNumeric(d, raw);
      case 'enum': {
        const v = raw.toLowerCase();
        const hit = d.values!.find(([n]) => n === v);
        if (!hit) return { ok: false, err: `argument(s) must be one of the following: ${d.values!.map(([n]) => n).join(', ')}` };
        return { ok: true, value: d.values!.find(([, id]) => id === hit[1])![0] };
      }
      case 'string':
        return d.parse ? d.parse(raw) : { ok: true, value: raw };
      case 'special':
        if (d.name === 'client-output-buffer-limit') return mergeClientOutputBufferLimit(this.values.get(d.name)!, raw);
        return d.parse!(raw);
    }
  }

  /** Set a value (from the config file, flags or internal callers); listeners run. */
  set(name: string, raw: string): SetResult {
    const d = this.def(name);
    if (!d) return { ok: false, err: 'unknown' };
    const r = this.setMany([[d, raw]]);
    return r.ok ? r : { ok: false, err: r.err };
  }

  /**
   * CONFIG SET's all-or-nothing update: validate every value in order (the first failure is the
   * error, named by the parameter's canonical name), then store them all, then run each changed
   * parameter's listeners once.
   */
  setMany(pairs: ReadonlyArray<readonly [ParamDef, string]>): SetManyResult {
    const parsed: string[] = [];
    for (const [d, raw] of pairs) {
      const r = this.validate(d, raw);
      if (!r.ok) return { ok: false, err: r.err, name: d.name };
      parsed.push(r.value);
    }
    const changed: ParamDef[] = [];
    pairs.forEach(([d], k) => {
      const before = this.values.get(d.name);
      this.store(d, parsed[k]!);
      if (this.values.get(d.name) !== before && !changed.includes(d)) changed.push(d);
    });
    for (const d of changed) {
      const v = this.values.get(d.name)!;
      for (const fn of this.listeners.get(d.name) ?? []) fn(v);
    }
    return { ok: true };
  }

  /** Whether a parameter holds its default value (CONFIG REWRITE writes only the others). */
  isDefault(d: ParamDef): boolean {
    return this.values.get(d.name) === d.default;
  }

  private store(d: ParamDef, value: string): void {
    if (d.clamp) {
      const n = Number(value);
      if (n < d.clamp[0]) value = String(d.clamp[0]);
      else if (n > d.clamp[1]) value = String(d.clamp[1]);
    }
    this.values.set(d.name, value);
    if (d.type === 'int' || d.type === 'memory') {
      this.nums.set(d.name, value.endsWith('%') ? -Number(value.slice(0, -1)) : d.octal ? parseInt(value, 8) : Number(value));
    } else if (d.type === 'bool') {
      this.nums.set(d.name, value === 'yes' ? 1 : 0);
    } else if (d.name === 'notify-keyspace-events') {
      this.nums.set(d.name, notifyFlagsFromString(value) ?? 0);
    }
  }
}

/** numericParseString + numericBoundaryCheck, then the value as the C type stores it. */
function validateNumeric(d: ParamDef, raw: string): ParseResult {
  let ll: bigint | null = null;
  if (d.type === 'memory') {
    const u = memtoull(raw);
    if (u !== null) ll = BigInt.asIntN(64, u);
  }
  if (ll === null && d.percent && raw.length > 1 && raw.endsWith('%')) {
    const p = parseBigInt64(raw.slice(0, -1));
    if (p !== null && p >= 0n) ll = -p;
  }
  if (ll === null && d.octal) ll = strtollWhole(raw, 8);
  if (ll === null && d.type === 'int' && !d.octal) ll = parseBigInt64(raw);
  if (ll === null) {
    const err =
      d.type === 'memory' && d.percent
        ? 'argument must be a memory or percent value'
        : d.type === 'memory'
          ? 'argument must be a memory value'
          : d.octal
            ? "argument couldn't be parsed as an octal number"
            : "argument couldn't be parsed into an integer";
    return { ok: false, err };
  }
  const min = d.min!;
  const max = d.max!;
  if (d.unsigned) {
    const u = BigInt.asUintN(64, ll);
    if (u > max || u < min) {
      const fmt = (n: bigint): string => (d.octal ? n.toString(8) : String(n));
      return { ok: false, err: `argument must be between ${fmt(min)} and ${fmt(max)} inclusive` };
    }
  } else if (d.percent && ll < 0n) {
    if (ll < min) return { ok: false, err: `percentage argument must be less or equal to ${-min}` };
  } else if (ll > max || ll < min) {
    return { ok: false, err: `argument must be between ${min} and ${max} inclusive` };
  }
  if (d.percent && ll < 0n) return { ok: true, value: `${-ll}%` };
  if (d.octal) return { ok: true, value: ll.toString(8) };
  if (d.unsigned || d.type === 'memory') return { ok: true, value: String(BigInt.asUintN(64, ll)) };
  return { ok: true, value: String(ll) };
}
