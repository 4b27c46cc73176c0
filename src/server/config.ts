/*
 * The configuration registry: every parameter CONFIG GET / SET, the config file and the command line
 * know, with Redis 7.0's types, defaults, bounds and error wording (config.c).
 *
 * Types: bool (yes/no), int and memory (memory accepts 1k, 1kb, 1mb, 1gb ...), enum, string, and
 * special parameters with their own parser (save, client-output-buffer-limit, notify-keyspace-events).
 * Values are kept in their canonical string form as CONFIG GET prints them, plus a numeric cache for
 * the hot path (`num(name)`).
 *
 * A new parameter needs: its entry in PARAMS (aliases as Redis has them, `immutable` for the
 * start-only ones), and, if something must react when it changes, an `onChange` hook registered by
 * the broker with `watch(name, fn)`.
 */

export type ParamType = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';

export interface ParamDef {
  name: string;
  type: ParamType;
  default: string;
  alias?: string;
  min?: number;
  max?: number;
  values?: string[];
  immutable?: boolean;
  /** Redis's "protected config" (enable-protected-configs gate): accepted but stored. */
  sensitive?: boolean;
  /** Validate/canonicalise a special value; returns the canonical form or an error message. */
  parse?: (v: string) => { ok: true; value: string } | { ok: false; err: string };
}

const LLONG = Number.MAX_SAFE_INTEGER;
const INT_MAX = 2147483647;

function b(name: string, def: 'yes' | 'no', extra: Partial<ParamDef> = {}): ParamDef {
  return { name, type: 'bool', default: def, ...extra };
}
function i(name: string, def: number, min: number, max: number, extra: Partial<ParamDef> = {}): ParamDef {
  return { name, type: 'int', default: String(def), min, max, ...extra };
}
function m(name: string, def: number, min: number, max: number, extra: Partial<ParamDef> = {}): ParamDef {
  return { name, type: 'memory', default: String(def), min, max, ...extra };
}
function e(name: string, def: string, values: string[], extra: Partial<ParamDef> = {}): ParamDef {
  return { name, type: 'enum', default: def, values, ...extra };
}
function s(name: string, def: string, extra: Partial<ParamDef> = {}): ParamDef {
  return { name, type: 'string', default: def, ...extra };
}

export const PARAMS: ParamDef[] = [
  // network
  i('port', 6379, 0, 65535, { immutable: false }),
  s('bind', '* -::*'),
  b('protected-mode', 'yes'),
  i('tcp-backlog', 511, 0, INT_MAX, { immutable: true }),
  i('timeout', 0, 0, INT_MAX),
  i('tcp-keepalive', 300, 0, INT_MAX),
  s('unixsocket', '', { immutable: true }),
  i('unixsocketperm', 0, 0, 0o777, { immutable: true }),
  i('maxclients', 10000, 1, INT_MAX),
  s('requirepass', '', { sensitive: true }),
  s('masterauth', '', { sensitive: true }),
  s('masteruser', ''),
  s('aclfile', '', { immutable: true }),
  i('acllog-max-len', 128, 0, LLONG),
  b('enable-protected-configs', 'no', { immutable: true }),
  e('enable-debug-command', 'no', ['no', 'yes', 'local'], { immutable: true }),
  e('enable-module-command', 'no', ['no', 'yes', 'local'], { immutable: true }),
  // general
  b('daemonize', 'no', { immutable: true }),
  s('pidfile', '', { immutable: true }),
  e('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning', 'nothing']),
  s('logfile', '', { immutable: true }),
  b('syslog-enabled', 'no', { immutable: true }),
  s('syslog-ident', 'redis', { immutable: true }),
  i('databases', 16, 1, INT_MAX, { immutable: true }),
  b('always-show-logo', 'no', { immutable: true }),
  b('set-proc-title', 'yes', { immutable: true }),
  s('proc-title-template', '{title} {listen-addr} {server-mode}'),
  i('hz', 10, 0, INT_MAX),
  b('dynamic-hz', 'yes'),
  i('active-expire-effort', 1, 1, 10),
  b('activerehashing', 'yes'),
  b('activedefrag', 'no'),
  b('jemalloc-bg-thread', 'yes'),
  e('oom-score-adj', 'no', ['no', 'yes', 'relative', 'absolute']),
  s('oom-score-adj-values', '0 200 800'),
  b('crash-log-enabled', 'yes'),
  b('crash-memcheck-enabled', 'yes'),
  b('disable-thp', 'yes'),
  i('io-threads', 1, 1, 128, { immutable: true }),
  b('io-threads-do-reads', 'no', { immutable: true }),
  // persistence
  { name: 'save', type: 'special', default: '3600 1 300 100 60 10000', parse: parseSave },
  s('dbfilename', 'dump.rdb'),
  s('dir', ''),
  b('rdbcompression', 'yes'),
  b('rdbchecksum', 'yes'),
  b('stop-writes-on-bgsave-error', 'yes'),
  b('rdb-del-sync-files', 'no'),
  b('rdb-save-incremental-fsync', 'yes'),
  e('sanitize-dump-payload', 'no', ['no', 'yes', 'clients']),
  b('appendonly', 'no'),
  s('appendfilename', 'appendonly.aof', { immutable: true }),
  s('appenddirname', 'appendonlydir', { immutable: true }),
  e('appendfsync', 'everysec', ['always', 'everysec', 'no']),
  b('no-appendfsync-on-rewrite', 'no'),
  i('auto-aof-rewrite-percentage', 100, 0, INT_MAX),
  m('auto-aof-rewrite-min-size', 64 * 1024 * 1024, 0, LLONG),
  b('aof-load-truncated', 'yes'),
  b('aof-use-rdb-preamble', 'yes'),
  b('aof-rewrite-incremental-fsync', 'yes'),
  b('aof-timestamp-enabled', 'no'),
  // memory
  m('maxmemory', 0, 0, LLONG),
  e('maxmemory-policy', 'noeviction', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction']),
  i('maxmemory-samples', 5, 1, 64),
  i('maxmemory-eviction-tenacity', 10, 0, 100),
  m('maxmemory-clients', 0, 0, LLONG),
  i('lfu-log-factor', 10, 0, INT_MAX),
  i('lfu-decay-time', 1, 0, INT_MAX),
  b('lazyfree-lazy-eviction', 'no'),
  b('lazyfree-lazy-expire', 'no'),
  b('lazyfree-lazy-server-del', 'no'),
  b('lazyfree-lazy-user-del', 'no'),
  b('lazyfree-lazy-user-flush', 'no'),
  b('replica-lazy-flush', 'no'),
  // limits
  m('proto-max-bulk-len', 512 * 1024 * 1024, 1024 * 1024, LLONG),
  m('client-query-buffer-limit', 1024 * 1024 * 1024, 1024 * 1024, LLONG),
  { name: 'client-output-buffer-limit', type: 'special', default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', parse: parseClientOutputBufferLimit },
  { name: 'notify-keyspace-events', type: 'special', default: '', parse: parseNotifyConfig },
  // slow log, latency, tracking
  i('slowlog-log-slower-than', 10000, -1, LLONG),
  i('slowlog-max-len', 128, 0, LLONG),
  i('latency-monitor-threshold', 0, 0, LLONG),
  b('latency-tracking', 'yes'),
  s('latency-tracking-info-percentiles', '50 99 99.9'),
  i('tracking-table-max-keys', 1000000, 0, LLONG),
  i('lua-time-limit', 5000, 0, LLONG, { alias: 'busy-reply-threshold' }),
  // encodings
  i('hash-max-listpack-entries', 128, 0, LLONG, { alias: 'hash-max-ziplist-entries' }),
  i('hash-max-listpack-value', 64, 0, LLONG, { alias: 'hash-max-ziplist-value' }),
  i('list-max-listpack-size', -2, -5, INT_MAX, { alias: 'list-max-ziplist-size' }),
  i('list-compress-depth', 0, 0, INT_MAX),
  i('set-max-intset-entries', 512, 0, LLONG),
  i('zset-max-listpack-entries', 128, 0, LLONG, { alias: 'zset-max-ziplist-entries' }),
  i('zset-max-listpack-value', 64, 0, LLONG, { alias: 'zset-max-ziplist-value' }),
  i('hll-sparse-max-bytes', 3000, 0, LLONG),
  m('stream-node-max-bytes', 4096, 0, LLONG),
  i('stream-node-max-entries', 100, 0, LLONG),
  // replication (accepted for compatibility; Pigeon has no replication)
  s('replicaof', '', { immutable: true }),
  b('replica-serve-stale-data', 'yes'),
  b('replica-read-only', 'yes'),
  b('repl-diskless-sync', 'yes'),
  i('repl-diskless-sync-delay', 5, 0, INT_MAX),
  i('repl-diskless-sync-max-replicas', 0, 0, INT_MAX),
  e('repl-diskless-load', 'disabled', ['disabled', 'on-empty-db', 'swapdb']),
  i('repl-ping-replica-period', 10, 1, INT_MAX),
  i('repl-timeout', 60, 1, INT_MAX),
  b('repl-disable-tcp-nodelay', 'no'),
  m('repl-backlog-size', 1024 * 1024, 1, LLONG),
  i('repl-backlog-ttl', 3600, 0, INT_MAX),
  i('replica-priority', 100, 0, INT_MAX),
  i('min-replicas-to-write', 0, 0, INT_MAX),
  i('min-replicas-max-lag', 10, 0, INT_MAX),
  b('replica-ignore-maxmemory', 'yes'),
  b('replica-announced', 'yes'),
  // cluster (accepted; cluster mode is not offered)
  b('cluster-enabled', 'no', { immutable: true }),
  b('cluster-allow-reads-when-down', 'no'),
  b('cluster-allow-pubsubshard-when-down', 'yes'),
  i('cluster-node-timeout', 15000, 0, LLONG),
  // tls (issue 5 wires them)
  i('tls-port', 0, 0, 65535),
  s('tls-cert-file', ''),
  s('tls-key-file', ''),
  s('tls-ca-cert-file', ''),
  e('tls-auth-clients', 'yes', ['no', 'yes', 'optional']),
  b('tls-replication', 'no'),
  b('tls-cluster', 'no'),
  b('lazyfree-lazy-user-del', 'no'),
  i('active-defrag-cycle-min', 1, 1, 99),
  i('active-defrag-cycle-max', 25, 1, 99),
  i('active-defrag-threshold-lower', 10, 0, 1000),
  i('active-defrag-threshold-upper', 100, 0, 1000),
  m('active-defrag-ignore-bytes', 100 * 1024 * 1024, 1, LLONG),
  i('active-defrag-max-scan-fields', 1000, 1, LLONG),
  e('propagation-error-behavior', 'ignore', ['ignore', 'panic', 'panic-on-replicas']),
  b('replica-ignore-disk-write-errors', 'no'),
  b('lua-replicate-commands', 'yes'),
  e('shutdown-on-sigint', 'default', ['default', 'save', 'nosave', 'now', 'force']),
  e('shutdown-on-sigterm', 'default', ['default', 'save', 'nosave', 'now', 'force']),
  i('shutdown-timeout', 10, 0, INT_MAX),
];

/** Parse a memory value (`1gb`, `100mb`, `4k`, plain bytes) as Redis's memtoull. */
export function parseMemory(v: string): number | null {
  const mm = /^(-?\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(v);
  if (!mm) return null;
  const n = Number(mm[1]);
  const unit = (mm[2] ?? 'b').toLowerCase();
  const mult: Record<string, number> = { b: 1, k: 1000, kb: 1024, m: 1000 * 1000, mb: 1024 * 1024, g: 1000 * 1000 * 1000, gb: 1024 * 1024 * 1024 };
  return n * mult[unit]!;
}

function parseSave(v: string): { ok: true; value: string } | { ok: false; err: string } {
  const parts = v.trim() === '' ? [] : v.trim().split(/\s+/);
  if (parts.length % 2 !== 0) return { ok: false, err: 'Invalid save parameters' };
  for (const p of parts) if (!/^\d+$/.test(p)) return { ok: false, err: 'Invalid save parameters' };
  return { ok: true, value: parts.join(' ') };
}

function parseClientOutputBufferLimit(v: string): { ok: true; value: string } | { ok: false; err: string } {
  const parts = v.trim().split(/\s+/);
  if (parts.length % 4 !== 0) return { ok: false, err: 'Wrong number of arguments in buffer limit configuration.' };
  for (let k = 0; k < parts.length; k += 4) {
    const cls = parts[k]!.toLowerCase();
    if (!['normal', 'slave', 'replica', 'pubsub'].includes(cls)) return { ok: false, err: 'Invalid client class specified in buffer limit configuration.' };
    for (let j = 1; j < 4; j++) {
      const n = j < 3 ? parseMemory(parts[k + j]!) : /^\d+$/.test(parts[k + j]!) ? Number(parts[k + j]) : null;
      if (n === null || n < 0) return { ok: false, err: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
    }
  }
  // Canonical form: all three classes in Redis's order with byte values.
  const cur: Record<string, [number, number, number]> = { normal: [0, 0, 0], slave: [268435456, 67108864, 60], pubsub: [33554432, 8388608, 60] };
  for (let k = 0; k < parts.length; k += 4) {
    let cls = parts[k]!.toLowerCase();
    if (cls === 'replica') cls = 'slave';
    cur[cls] = [parseMemory(parts[k + 1]!)!, parseMemory(parts[k + 2]!)!, Number(parts[k + 3])];
  }
  return { ok: true, value: ['normal', 'slave', 'pubsub'].map((c) => `${c} ${cur[c]!.join(' ')}`).join(' ') };
}

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
  }
  if (flags & NOTIFY.KEYSPACE) res += 'K';
  if (flags & NOTIFY.KEYEVENT) res += 'E';
  if (flags & NOTIFY.KEY_MISS) res += 'm';
  if (flags & NOTIFY.NEW) res += 'n';
  return res;
}

function parseNotifyConfig(v: string): { ok: true; value: string } | { ok: false; err: string } {
  const f = notifyFlagsFromString(v);
  if (f === null) return { ok: false, err: 'Invalid event class character. Use \'Ag$lshzxeKEtmd\'.' };
  return { ok: true, value: notifyFlagsToString(f) };
}

export type SetResult = { ok: true } | { ok: false; err: string };

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

  /** The canonical definition for a name or alias. */
  def(name: string): ParamDef | undefined {
    return this.defs.get(name.toLowerCase());
  }

  /** Canonical names (no aliases), for CONFIG GET globbing. */
  *names(): Iterable<[string, ParamDef]> {
    for (const [n, d] of this.defs) yield [n, d];
  }

  get(name: string): string {
    const d = this.def(name);
    if (!d) throw new Error(`unknown config ${name}`);
    return this.values.get(d.name)!;
  }

  /** Numeric value of an int / memory / bool (1/0) parameter; cheap, for hot paths. */
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
  validate(d: ParamDef, raw: string): { ok: true; value: string } | { ok: false; err: string } {
    switch (d.type) {
      case 'bool': {
        const v = raw.toLowerCase();
        if (v !== 'yes' && v !== 'no') return { ok: false, err: "argument must be 'yes' or 'no'" };
        return { ok: true, value: v };
      }
      case 'int':
      case 'memory': {
        const n = d.type === 'memory' ? parseMemory(raw) : /^-?\d+$/.test(raw) ? Number(raw) : null;
        if (n === null || !Number.isFinite(n)) {
          return { ok: false, err: d.type === 'memory' ? 'argument must be a memory value' : "argument couldn't be parsed into an integer" };
        }
        if ((d.min !== undefined && n < d.min) || (d.max !== undefined && n > d.max)) {
          return { ok: false, err: `argument must be between ${d.min} and ${d.max === LLONG ? '9223372036854775807' : d.max} inclusive` };
        }
        return { ok: true, value: String(n) };
      }
      case 'enum': {
        const v = raw.toLowerCase();
        if (!d.values!.includes(v)) return { ok: false, err: `argument(s) must be one of the following: ${d.values!.join(', ')}` };
        return { ok: true, value: v };
      }
      case 'string':
        return { ok: true, value: raw };
      case 'special':
        return d.parse!(raw);
    }
  }

  /** Set a value (from CONFIG SET, the config file or flags); listeners run. */
  set(name: string, raw: string): SetResult {
    const d = this.def(name);
    if (!d) return { ok: false, err: 'unknown' };
    const r = this.validate(d, raw);
    if (!r.ok) return r;
    this.store(d, r.value);
    for (const fn of this.listeners.get(d.name) ?? []) fn(r.value);
    return { ok: true };
  }

  private store(d: ParamDef, value: string): void {
    this.values.set(d.name, value);
    if (d.type === 'int' || d.type === 'memory') this.nums.set(d.name, Number(value));
    else if (d.type === 'bool') this.nums.set(d.name, value === 'yes' ? 1 : 0);
  }
}
