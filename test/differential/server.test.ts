/*
 * Differential: the server commands against redis-server 7.0.15, in RESP2 and RESP3: INFO, CONFIG
 * GET / SET / RESETSTAT / REWRITE / HELP, COMMAND (INFO, COUNT, LIST, DOCS, GETKEYS,
 * GETKEYSANDFLAGS), TIME, LASTSAVE, ROLE, SHUTDOWN, MONITOR, SLOWLOG, DEBUG (and its
 * enable-debug-command gate), FUNCTION (no libraries), LATENCY, MEMORY, SAVE / BGSAVE.
 *
 * Both servers run with `save ""` and `enable-debug-command yes` (the reference helper's flags).
 *
 * What is normalised, and why:
 *   - INFO: the text is parsed; the section headers and the field names of every section must be
 *     the same, in the same order (Pigeon's extra fields, `pigeon_version` in Server and
 *     `client_output_buffer_limit_disconnections` in Stats, are removed first). Values are
 *     compared for the fields listed in INFO_EXACT, which are deterministic after CONFIG
 *     RESETSTAT and the same commands on both sides; the others (times, pids, ids, memory and
 *     CPU figures, the OS, the executable) legitimately differ.
 *     Commandstats: the same cmdstat_ lines with usec and usec_per_call removed. Errorstats and
 *     Keyspace (avg_ttl aside) byte for byte. Sections that are deterministic (Keyspace,
 *     Errorstats, Cluster, Modules) are also compared as raw replies, verbatim framing included.
 *   - CONFIG GET: sortPairs (Redis replies in dict order), and `port` / `dir` values (each server
 *     has its own), and `loglevel` in CONFIG GET * (an embedded broker logs at `warning`).
 *   - COMMAND INFO / COMMAND DOCS: the subcommands of a container are sorted (Redis replies them
 *     in dict order, which changes from run to run: `COMMAND INFO object` lists OBJECT's
 *     subcommands in a different order each time the server starts). In the every-command
 *     comparison a container's list also leaves out the subcommands Pigeon does not implement
 *     (FUNCTION LOAD, ...): each subcommand is compared on its own.
 *   - CLIENT SETINFO is left out of the every-command comparisons (NOT_IN_REDIS_7_0).
 *   - SLOWLOG GET: ids, timestamps and durations (replaceInts), and the client address.
 *   - DEBUG OBJECT: the address and the LRU clock fields.
 *   - MONITOR lines: the timestamp and the client address.
 *   - TIME: each side checked against the local clock; the shapes compared.
 *   - DEBUG HELP: not compared (Pigeon lists only the DEBUG subcommands it implements).
 *   - LATENCY HISTOGRAM, MEMORY STATS: the keys only (Pigeon has no HDR histograms or allocator).
 * COMMAND INFO and COMMAND DOCS (summaries, history, argument trees, key specs, tips) are
 * compared byte for byte for every command Pigeon implements.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pairSuite, replaceInts, replaceStrings, sortPairs, mapValue, compose, withPair, waitUntil, type DiffPair, type Normalizer } from '../helpers/diff.js';
import { connectPair } from '../helpers/keyspace.js';
import { frameEnd, parseReply, RawClient, type Reply } from '../helpers/raw.js';
import type { Broker } from '../../src/server/index.js';

const BROKER = { 'enable-debug-command': 'yes', save: '' };

function brokerOf(pair: DiffPair): Broker {
  return pair.pigeonServer.broker;
}

function text(b: Buffer): string {
  return String(parseReply(b));
}

/* ------------------------------------------------------------------------------------------ */
/* INFO parsing                                                                                */
/* ------------------------------------------------------------------------------------------ */

type Info = Map<string, Array<[string, string]>>;

function parseInfo(s: string): Info {
  const out: Info = new Map();
  let cur: Array<[string, string]> | null = null;
  for (const line of s.split('\r\n')) {
    if (line.startsWith('# ')) {
      cur = [];
      out.set(line.slice(2), cur);
    } else if (line !== '' && cur) {
      const i = line.indexOf(':');
      cur.push([line.slice(0, i), line.slice(i + 1)]);
    }
  }
  return out;
}

/** Pigeon's own fields, not in Redis. */
const PIGEON_ONLY = new Set(['pigeon_version', 'client_output_buffer_limit_disconnections']);

/** Fields whose values are deterministic on both sides (see the header). */
const INFO_EXACT = new Set([
  'redis_version', 'redis_git_sha1', 'redis_git_dirty', 'redis_mode', 'arch_bits', 'monotonic_clock', 'atomicvar_api',
  'process_supervised', 'hz', 'configured_hz', 'config_file', 'io_threads_active',
  'connected_clients', 'cluster_connections', 'maxclients', 'blocked_clients', 'tracking_clients', 'clients_in_timeout_table',
  'maxmemory', 'maxmemory_human', 'maxmemory_policy', 'number_of_cached_scripts', 'number_of_functions', 'number_of_libraries',
  'mem_not_counted_for_evict', 'mem_replication_backlog', 'mem_clients_slaves', 'mem_cluster_links', 'mem_aof_buffer',
  'active_defrag_running', 'lazyfree_pending_objects',
  'loading', 'async_loading', 'rdb_bgsave_in_progress', 'rdb_last_bgsave_status', 'rdb_last_bgsave_time_sec',
  'rdb_current_bgsave_time_sec', 'rdb_saves', 'aof_enabled', 'aof_rewrite_in_progress', 'aof_rewrite_scheduled',
  'aof_last_rewrite_time_sec', 'aof_current_rewrite_time_sec', 'aof_last_bgrewrite_status', 'aof_rewrites',
  'aof_last_write_status', 'module_fork_in_progress',
  'total_commands_processed', 'total_net_repl_input_bytes', 'total_net_repl_output_bytes', 'rejected_connections',
  'sync_full', 'sync_partial_ok', 'sync_partial_err', 'expired_keys', 'evicted_keys', 'evicted_clients', 'keyspace_hits',
  'keyspace_misses', 'pubsub_channels', 'pubsub_patterns', 'pubsubshard_channels', 'total_forks', 'unexpected_error_replies',
  'total_error_replies',
  'role', 'connected_slaves', 'master_failover_state', 'master_replid2', 'master_repl_offset', 'second_repl_offset',
  'repl_backlog_active', 'repl_backlog_size', 'repl_backlog_first_byte_offset', 'repl_backlog_histlen',
  'cluster_enabled',
]);

function compareInfo(pigeon: string, reference: string, label: string): void {
  const p = parseInfo(pigeon);
  const r = parseInfo(reference);
  assert.deepEqual([...p.keys()], [...r.keys()], `${label}: section headers`);
  for (const [title, rFields] of r) {
    const pFields = p.get(title)!.filter(([k]) => !PIGEON_ONLY.has(k));
    if (title === 'Commandstats') {
      const strip = (fs: Array<[string, string]>): string[] => fs.map(([k, v]) => `${k}:${v.replace(/,usec=\d+,usec_per_call=[\d.]+/, '')}`).sort();
      assert.deepEqual(strip(pFields), strip(rFields), `${label}: Commandstats`);
      continue;
    }
    if (title === 'Latencystats') continue; // Pigeon keeps no latency histograms (documented)
    if (title === 'Keyspace') {
      const strip = (fs: Array<[string, string]>): string[] => fs.map(([k, v]) => `${k}:${v.replace(/avg_ttl=\d+/, 'avg_ttl=<n>')}`);
      assert.deepEqual(strip(pFields), strip(rFields), `${label}: Keyspace`);
      continue;
    }
    if (title === 'Errorstats') {
      assert.deepEqual(pFields, rFields, `${label}: Errorstats`);
      continue;
    }
    assert.deepEqual(pFields.map(([k]) => k), rFields.map(([k]) => k), `${label}: field names of # ${title}`);
    for (const [k, v] of rFields) {
      if (!INFO_EXACT.has(k)) continue;
      const pv = pFields.find(([pk]) => pk === k)![1];
      assert.equal(pv, v, `${label}: ${title} ${k}`);
    }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Normalisers                                                                                 */
/* ------------------------------------------------------------------------------------------ */

/** COMMAND INFO / COMMAND: the subcommand array (10th element of each command) sorted. */
const sortSubcommands: Normalizer = function sortSubcommands(reply) {
  const buf = Buffer.from(reply, 'latin1');
  const children = (start: number): { head: string; items: string[]; end: number } => {
    const nl = buf.indexOf('\r\n', start, 'latin1');
    const head = buf.toString('latin1', start, nl + 2);
    const n = Number(head.slice(1, -2));
    const items: string[] = [];
    let p = nl + 2;
    for (let i = 0; i < n; i++) {
      const e = frameEnd(buf, p);
      items.push(buf.toString('latin1', p, e));
      p = e;
    }
    return { head, items, end: p };
  };
  const info = (s: string): string => {
    if (s[0] !== '*') return s;
    const b2 = Buffer.from(s, 'latin1');
    const nl = b2.indexOf('\r\n', 0, 'latin1');
    if (Number(s.slice(1, nl)) !== 10) return s;
    const kids: string[] = [];
    let p = nl + 2;
    for (let i = 0; i < 10; i++) {
      const e = frameEnd(b2, p);
      kids.push(b2.toString('latin1', p, e));
      p = e;
    }
    const subs = kids[9]!;
    if (subs[0] === '*') {
      const sb = Buffer.from(subs, 'latin1');
      const snl = sb.indexOf('\r\n', 0, 'latin1');
      const items: string[] = [];
      let q = snl + 2;
      while (q < sb.length) {
        const e = frameEnd(sb, q);
        items.push(info(sb.toString('latin1', q, e)));
        q = e;
      }
      kids[9] = subs.slice(0, snl + 2) + items.sort().join('');
    }
    return s.slice(0, nl + 2) + kids.join('');
  };
  if (buf[0] !== 0x2a) return reply;
  const top = children(0);
  return top.head + top.items.map(info).join('');
};

/** A reply as a tree of frames: aggregates keep their header line and children, others their bytes. */
interface Frame {
  head: string;
  kids: Frame[] | null;
  raw: string;
}

function frameTree(buf: Buffer, off = 0): { f: Frame; end: number } {
  const end = frameEnd(buf, off);
  const nl = buf.indexOf('\r\n', off, 'latin1');
  const head = buf.toString('latin1', off, nl + 2);
  const n = Number(head.slice(1, -2));
  if (!'*~%'.includes(head[0]!) || n < 0) return { f: { head, kids: null, raw: buf.toString('latin1', off, end) }, end };
  const kids: Frame[] = [];
  let p = nl + 2;
  for (let i = 0; i < (head[0] === '%' ? 2 * n : n); i++) {
    const k = frameTree(buf, p);
    kids.push(k.f);
    p = k.end;
  }
  return { f: { head, kids, raw: '' }, end };
}

function frameText(f: Frame): string {
  return f.kids ? f.head + f.kids.map(frameText).join('') : f.raw;
}

/** The string inside a bulk or simple string frame. */
function frameString(f: Frame): string {
  return f.raw.startsWith('$') ? f.raw.slice(f.raw.indexOf('\r\n') + 2, -2) : f.raw.slice(1, -2);
}

/**
 * A COMMAND INFO or COMMAND DOCS reply with each container's subcommands sorted by name and
 * restricted to `keep` (the names Pigeon implements): Redis lists them in dict order, and a
 * container Pigeon implements in part (FUNCTION) is compared on the subcommands it has, each of
 * which is compared on its own too.
 */
function commandReplyCanon(buf: Buffer, keep: ReadonlySet<string>, sub: 'INFO' | 'DOCS'): string {
  const info = (f: Frame): void => {
    const subs = f.kids?.length === 10 ? f.kids[9]! : null;
    if (!subs?.kids) return;
    subs.kids = subs.kids.filter((x) => x.kids !== null && keep.has(frameString(x.kids[0]!)));
    subs.kids.forEach(info);
    subs.kids.sort((a, b) => (frameText(a) < frameText(b) ? -1 : 1));
    subs.head = `${subs.head[0]}${subs.kids.length}\r\n`;
  };
  const docs = (f: Frame): void => {
    if (!f.kids) return;
    for (let i = 0; i + 1 < f.kids.length; i += 2) {
      if (frameString(f.kids[i]!) !== 'subcommands') continue;
      const m = f.kids[i + 1]!;
      const pairs: Array<[Frame, Frame]> = [];
      for (let j = 0; j + 1 < m.kids!.length; j += 2) {
        if (!keep.has(frameString(m.kids![j]!))) continue;
        docs(m.kids![j + 1]!);
        pairs.push([m.kids![j]!, m.kids![j + 1]!]);
      }
      pairs.sort((a, b) => (frameString(a[0]) < frameString(b[0]) ? -1 : 1));
      m.kids = pairs.flat();
      m.head = `${m.head[0]}${m.head[0] === '%' ? pairs.length : 2 * pairs.length}\r\n`;
    }
  };
  const top = frameTree(buf).f;
  if (sub === 'INFO') top.kids?.forEach(info);
  else for (let i = 1; i < (top.kids?.length ?? 0); i += 2) docs(top.kids![i]!);
  return frameText(top);
}

/** Which fields of two COMMAND INFO / DOCS replies for one command differ (a failure message). */
function differingFields(pigeon: string, reference: string, sub: 'INFO' | 'DOCS'): string {
  const INFO_FIELDS = ['name', 'arity', 'flags', 'first key', 'last key', 'step', 'ACL categories', 'tips', 'key specs', 'subcommands'];
  const fields = (x: string): Map<string, string> => {
    const top = parseReply(x) as Reply[];
    const out = new Map<string, string>();
    if (sub === 'INFO') {
      const info = (top[0] ?? []) as Reply[];
      info.forEach((v, i) => out.set(INFO_FIELDS[i]!, JSON.stringify(v, replacer)));
    } else {
      const doc = top[1] instanceof Map ? [...top[1].entries()].flat() : ((top[1] ?? []) as Reply[]);
      for (let i = 0; i + 1 < doc.length; i += 2) out.set(String(doc[i]), JSON.stringify(doc[i + 1], replacer));
    }
    return out;
  };
  const p = fields(pigeon);
  const r = fields(reference);
  const names = [...new Set([...r.keys(), ...p.keys()])].filter((k) => p.get(k) !== r.get(k));
  if (names.length === 0) return 'the framing differs';
  return names.map((k) => `${k}: pigeon ${p.get(k) ?? '(none)'} reference ${r.get(k) ?? '(none)'}`).join('; ');
}

/** JSON.stringify for replies holding Maps (RESP3). */
function replacer(_k: string, v: unknown): unknown {
  return v instanceof Map ? [...v.entries()] : v;
}

const addr = replaceStrings(/^127\.0\.0\.1:\d+$/, '<addr>');

/** DEBUG OBJECT's status line without the address and the LRU clock (a single `+` frame). */
const debugObjectLine: Normalizer = function debugObjectLine(reply) {
  if (!reply.startsWith('+Value at:')) return reply;
  return reply.replace(/^\+Value at:0x[0-9a-f]+ /, '+Value at:<addr> ').replace(/ lru:\d+ lru_seconds_idle:\d+\r\n$/, ' lru:<n> lru_seconds_idle:<n>\r\n');
};

/** A MONITOR line (`+<sec>.<usec> [<db> <addr>] "arg" ...`) without the time and address. */
function monitorLine(s: string): string {
  return s.replace(/^\+\d+\.\d{6} \[(\d+) [^\]]+\]/, '+<time> [$1 <addr>]');
}

/* ------------------------------------------------------------------------------------------ */
/* INFO                                                                                        */
/* ------------------------------------------------------------------------------------------ */

for (const resp of [2, 3] as const) {
  describe(`differential: INFO (RESP${resp})`, () => {
    const suite = pairSuite({ broker: BROKER });

    it('INFO: default sections, field names and deterministic values match Redis', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['CONFIG', 'RESETSTAT'],
        ['SET', 'k', 'v'],
        ['SET', 'e', 'v', 'EX', '1000'],
        ['GET', 'k'],
        ['GET', 'missing'],
        ['NOSUCHCOMMAND'],
        ['GET'],
        ['INCR', 'k'],
      ]);
      for (const args of [[], ['default'], ['all'], ['everything']]) {
        const [p, r] = await Promise.all([c.pigeon.send('INFO', ...args), c.reference.send('INFO', ...args)]);
        assert.equal(String.fromCharCode(p[0]!), resp === 3 ? '=' : '$', 'INFO replies a verbatim string in RESP3, a bulk in RESP2');
        assert.equal(p[0], r[0]);
        compareInfo(text(p), text(r), `INFO ${args.join(' ')}`);
      }
    });

    it('INFO: section selection (names, several, case, unknown, modules, commandstats)', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const lists = [
        ['server'], ['clients'], ['memory'], ['persistence'], ['stats'], ['replication'], ['cpu'], ['modules'],
        ['module_list'], ['errorstats'], ['cluster'], ['keyspace'], ['commandstats'], ['latencystats'],
        ['SERVER', 'Keyspace'], ['server', 'server'], ['nosuchsection'], ['nosuchsection', 'cpu'], ['default', 'commandstats'],
        ['all', 'server'], ['everything', 'nosuch'], ['keyspace', 'server'],
      ];
      for (const args of lists) {
        const [p, r] = await Promise.all([c.pigeon.send('INFO', ...args), c.reference.send('INFO', ...args)]);
        assert.deepEqual([...parseInfo(text(p)).keys()], [...parseInfo(text(r)).keys()], `INFO ${args.join(' ')}: sections`);
      }
      // An unknown section alone is an empty string on both sides.
      await c.both('INFO', 'nosuchsection');
    });

    it('INFO: Keyspace, Errorstats, Cluster and Modules byte for byte', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['INFO', 'keyspace'],
        ['SET', 'a', '1'],
        ['SET', 'b', '2'],
        ['SELECT', '3'],
        ['SET', 'c', '3'],
        ['SELECT', '0'],
        ['INFO', 'keyspace'],
        ['CONFIG', 'RESETSTAT'],
        ['INFO', 'errorstats'],
        ['NOSUCH'],
        ['GET'],
        ['HSET', 'a', 'f', 'v'],
        ['INFO', 'errorstats'],
        ['INFO', 'cluster'],
        ['INFO', 'modules'],
        ['INFO', 'cluster', 'modules', 'keyspace'],
      ]);
      await c.both('SELECT', '3');
      await c.both('FLUSHDB');
      await c.both('SELECT', '0');
    });

    it('INFO: commandstats count calls, rejected calls and failed calls as Redis does', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([['CONFIG', 'RESETSTAT'], ['SET', 'k', 'v'], ['GET', 'k'], ['GET'], ['INCR', 'k'], ['CONFIG', 'GET', 'hz'], ['CONFIG', 'NOPE']]);
      const [p, r] = await Promise.all([c.pigeon.send('INFO', 'commandstats'), c.reference.send('INFO', 'commandstats')]);
      compareInfo(text(p), text(r), 'INFO commandstats');
      const stats = parseInfo(text(p)).get('Commandstats')!;
      assert.ok(stats.some(([k, v]) => k === 'cmdstat_get' && /^calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=1,failed_calls=0$/.test(v)));
      assert.ok(stats.some(([k, v]) => k === 'cmdstat_incr' && /failed_calls=1$/.test(v)));
      assert.ok(stats.some(([k]) => k === 'cmdstat_config|get'));
    });
  });
}

/* ------------------------------------------------------------------------------------------ */
/* CONFIG                                                                                      */
/* ------------------------------------------------------------------------------------------ */

// loglevel: an embedded broker logs at 'warning' unless configured (createBroker's default).
const configGetAll = { normalize: compose(sortPairs, mapValue('port'), mapValue('dir'), mapValue('loglevel')) };
const pairs = { normalize: sortPairs };

for (const resp of [2, 3] as const) {
  describe(`differential: CONFIG (RESP${resp})`, () => {
    const suite = pairSuite({ broker: BROKER });

    it('CONFIG GET *: the same parameters, aliases included, with the same values', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.both('CONFIG', 'GET', '*', configGetAll);
    });

    it('CONFIG GET: patterns, several arguments, exact names, aliases and hidden parameters', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['CONFIG', 'GET', 'maxmemory*', pairs],
        ['CONFIG', 'GET', '*max-*-entries*', pairs],
        ['CONFIG', 'GET', '*ziplist*', pairs],
        ['CONFIG', 'GET', 'hash-max-ziplist-entries'],
        ['CONFIG', 'GET', 'HZ'],
        ['CONFIG', 'GET', 'Maxclients', 'timeout', pairs],
        ['CONFIG', 'GET', 'hz', 'hz'],
        ['CONFIG', 'GET', 'hz', 'HZ'],
        ['CONFIG', 'GET', 'h*', 'hz', pairs],
        ['CONFIG', 'GET', 'hz', 'h?'],
        ['CONFIG', 'GET', 'slaveof', 'slave*', pairs],
        ['CONFIG', 'GET', 'slaveof', 'replicaof', pairs],
        ['CONFIG', 'GET', 'key-load-delay'],
        ['CONFIG', 'GET', 'key-load-*'],
        ['CONFIG', 'GET', 'watchdog-period'],
        ['CONFIG', 'GET', 'nosuchparameter'],
        ['CONFIG', 'GET', 'nosuch*'],
        ['CONFIG', 'GET', 'save', 'appendonly', 'notify-keyspace-events', pairs],
        ['CONFIG', 'GET', '[hz]z', pairs],
        ['CONFIG', 'GET', 'client-output-buffer-limit'],
        ['CONFIG', 'GET', 'latency-tracking-info-percentiles', 'oom-score-adj-values', 'shutdown-on-sig*', pairs],
        ['CONFIG', 'GET'],
        ['CONFIG'],
      ]);
    });

    it('CONFIG SET: values of every type, read back as Redis prints them', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const get = (name: string): string[] => ['CONFIG', 'GET', name];
      await c.cases([
        ['CONFIG', 'SET', 'activerehashing', 'no'], get('activerehashing'),
        ['CONFIG', 'SET', 'activerehashing', 'YES'], get('activerehashing'),
        ['CONFIG', 'SET', 'timeout', '30'], get('timeout'),
        ['CONFIG', 'SET', 'timeout', '0'],
        ['CONFIG', 'SET', 'hz', '0'], get('hz'),
        ['CONFIG', 'SET', 'hz', '1000'], get('hz'),
        ['CONFIG', 'SET', 'hz', '10'],
        ['CONFIG', 'SET', 'maxmemory', '1k'], get('maxmemory'),
        ['CONFIG', 'SET', 'maxmemory', '1KB'], get('maxmemory'),
        ['CONFIG', 'SET', 'maxmemory', '10gb'], get('maxmemory'),
        ['CONFIG', 'SET', 'maxmemory', '5b'], get('maxmemory'),
        ['CONFIG', 'SET', 'maxmemory', ''], get('maxmemory'),
        ['CONFIG', 'SET', 'maxmemory', '99999999999999999999999'], get('maxmemory'),
        ['CONFIG', 'SET', 'maxmemory', '0'],
        ['CONFIG', 'SET', 'maxmemory-clients', '10%'], get('maxmemory-clients'),
        ['CONFIG', 'SET', 'maxmemory-clients', '1mb'], get('maxmemory-clients'),
        ['CONFIG', 'SET', 'maxmemory-clients', '0'],
        ['CONFIG', 'SET', 'hash-max-listpack-value', '1kb'], get('hash-max-listpack-value'),
        ['CONFIG', 'SET', 'hash-max-ziplist-entries', '100'], ['CONFIG', 'GET', 'hash-max-*-entries', pairs],
        ['CONFIG', 'SET', 'hash-max-listpack-entries', '512', 'hash-max-listpack-value', '64'],
        ['CONFIG', 'SET', 'list-max-listpack-size', '-5'], get('list-max-ziplist-size'),
        ['CONFIG', 'SET', 'list-max-listpack-size', '-2'],
        ['CONFIG', 'SET', 'loglevel', 'WARNING'], get('loglevel'),
        ['CONFIG', 'SET', 'loglevel', 'notice'],
        ['CONFIG', 'SET', 'oom-score-adj', 'relative'], get('oom-score-adj'),
        ['CONFIG', 'SET', 'oom-score-adj', 'no'],
        ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'], get('maxmemory-policy'),
        ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
        ['CONFIG', 'SET', 'save', '3600 1 300 100'], get('save'),
        ['CONFIG', 'SET', 'save', ''], get('save'),
        ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'], get('notify-keyspace-events'),
        ['CONFIG', 'SET', 'notify-keyspace-events', 'Kx'], get('notify-keyspace-events'),
        ['CONFIG', 'SET', 'notify-keyspace-events', 'KEn'], get('notify-keyspace-events'),
        ['CONFIG', 'SET', 'notify-keyspace-events', 'An'], get('notify-keyspace-events'),
        ['CONFIG', 'SET', 'notify-keyspace-events', 'g$lshzxetd'], get('notify-keyspace-events'),
        ['CONFIG', 'SET', 'notify-keyspace-events', ''], get('notify-keyspace-events'),
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'replica 1mb 2k 3'], get('client-output-buffer-limit'),
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60 slave 256mb 64mb 60'], get('client-output-buffer-limit'),
        ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50.0 99 99.90'], get('latency-tracking-info-percentiles'),
        ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99 99.9'],
        ['CONFIG', 'SET', 'oom-score-adj-values', '0 200 800'], get('oom-score-adj-values'),
        ['CONFIG', 'SET', 'shutdown-on-sigint', 'now nosave force'], get('shutdown-on-sigint'),
        ['CONFIG', 'SET', 'shutdown-on-sigint', 'default now'], get('shutdown-on-sigint'),
        ['CONFIG', 'SET', 'shutdown-on-sigint', 'DEFAULT'], get('shutdown-on-sigint'),
        ['CONFIG', 'SET', 'proc-title-template', 'x {{ }} {title} {port}'], get('proc-title-template'),
        ['CONFIG', 'SET', 'proc-title-template', '{title} {listen-addr} {server-mode}'],
        ['CONFIG', 'SET', 'slowlog-log-slower-than', '-1'], get('slowlog-log-slower-than'),
        ['CONFIG', 'SET', 'slowlog-log-slower-than', '9223372036854775807'], get('slowlog-log-slower-than'),
        ['CONFIG', 'SET', 'slowlog-log-slower-than', '10000'],
        ['CONFIG', 'SET', 'lua-time-limit', '6000'], ['CONFIG', 'GET', 'busy-reply-threshold', 'lua-time-limit', pairs],
        ['CONFIG', 'SET', 'busy-reply-threshold', '5000'],
        ['CONFIG', 'SET', 'hz', '11', 'timeout', '5', 'maxmemory', '1mb'], ['CONFIG', 'GET', 'hz', 'timeout', 'maxmemory', pairs],
        ['CONFIG', 'SET', 'hz', '10', 'timeout', '0', 'maxmemory', '0'],
        ['CONFIG', 'SET', 'HZ', '12'], get('hz'),
        ['CONFIG', 'SET', 'hz', '10'],
      ]);
    });

    it('CONFIG SET: every error, worded as Redis words it, and nothing changes on error', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        // unknown, arity, pairs
        ['CONFIG', 'SET', 'nosuch', 'x'],
        ['CONFIG', 'SET', 'hz', '10', 'nosuch', '1'],
        ['CONFIG', 'SET', 'nosuch', '1', 'daemonize', 'yes'],
        ['CONFIG', 'SET', 'daemonize', 'yes', 'nosuch', '1'],
        ['CONFIG', 'SET', 'hz'],
        ['CONFIG', 'SET'],
        ['CONFIG', 'SET', 'hz', '1', '2'],
        // immutable, protected, duplicate
        ['CONFIG', 'SET', 'daemonize', 'yes'],
        ['CONFIG', 'SET', 'rdbchecksum', 'no'],
        ['CONFIG', 'SET', 'databases', '4'],
        ['CONFIG', 'SET', 'unixsocketperm', '777'],
        ['CONFIG', 'SET', 'slaveof', 'a b'],
        ['CONFIG', 'SET', 'enable-debug-command', 'no'],
        ['CONFIG', 'SET', 'socket-mark-id', '1'],
        ['CONFIG', 'SET', 'dir', '/nonexistent'],
        ['CONFIG', 'SET', 'dbfilename', 'x.rdb'],
        ['CONFIG', 'SET', 'hz', '10', 'hz', '11'],
        ['CONFIG', 'SET', 'hz', '10', 'HZ', '11'],
        ['CONFIG', 'SET', 'hash-max-listpack-entries', '1', 'hash-max-ziplist-entries', '2'],
        // bool / enum
        ['CONFIG', 'SET', 'activerehashing', 'maybe'],
        ['CONFIG', 'SET', 'activerehashing', ''],
        ['CONFIG', 'SET', 'loglevel', 'nothing'],
        ['CONFIG', 'SET', 'appendfsync', 'sometimes'],
        ['CONFIG', 'SET', 'maxmemory-policy', 'lru'],
        ['CONFIG', 'SET', 'propagation-error-behavior', 'x'],
        // integers
        ['CONFIG', 'SET', 'hz', 'abc'],
        ['CONFIG', 'SET', 'hz', '01'],
        ['CONFIG', 'SET', 'hz', '+1'],
        ['CONFIG', 'SET', 'hz', ' 1'],
        ['CONFIG', 'SET', 'hz', '-1'],
        ['CONFIG', 'SET', 'hz', '1.5'],
        ['CONFIG', 'SET', 'hz', '99999999999999999999'],
        ['CONFIG', 'SET', 'timeout', '2147483648'],
        ['CONFIG', 'SET', 'active-expire-effort', '11'],
        ['CONFIG', 'SET', 'list-max-listpack-size', '99999999999'],
        ['CONFIG', 'SET', 'maxclients', '0'],
        ['CONFIG', 'SET', 'maxclients', '-1'],
        ['CONFIG', 'SET', 'maxclients', 'abc'],
        ['CONFIG', 'SET', 'slowlog-max-len', '-1'],
        ['CONFIG', 'SET', 'slowlog-log-slower-than', '-2'],
        ['CONFIG', 'SET', 'hash-max-listpack-entries', '-1'],
        ['CONFIG', 'SET', 'hash-max-ziplist-entries', '-1'],
        ['CONFIG', 'SET', 'SLAVE-PRIORITY', 'x'],
        ['CONFIG', 'SET', 'HZ', 'x'],
        ['CONFIG', 'SET', 'set-max-intset-entries', 'x'],
        // memory and percent values
        ['CONFIG', 'SET', 'maxmemory', '-1'],
        ['CONFIG', 'SET', 'maxmemory', '1.5gb'],
        ['CONFIG', 'SET', 'maxmemory', '0x10'],
        ['CONFIG', 'SET', 'maxmemory', '12abc'],
        ['CONFIG', 'SET', 'maxmemory', '1 kb'],
        ['CONFIG', 'SET', 'proto-max-bulk-len', '10'],
        ['CONFIG', 'SET', 'proto-max-bulk-len', '-5'],
        ['CONFIG', 'SET', 'proto-max-bulk-len', '99999999999999999999'],
        ['CONFIG', 'SET', 'client-query-buffer-limit', '1k'],
        ['CONFIG', 'SET', 'maxmemory-clients', '200%'],
        ['CONFIG', 'SET', 'maxmemory-clients', '-5'],
        ['CONFIG', 'SET', 'maxmemory-clients', 'abc'],
        ['CONFIG', 'SET', 'maxmemory-clients', '%'],
        // special parameters
        ['CONFIG', 'SET', 'save', '1 2 3'],
        ['CONFIG', 'SET', 'save', '0 1'],
        ['CONFIG', 'SET', 'save', '10 -1'],
        ['CONFIG', 'SET', 'save', '10 x'],
        ['CONFIG', 'SET', 'save', '10  1'],
        ['CONFIG', 'SET', 'notify-keyspace-events', 'X'],
        ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA!'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 2'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'foo 1 2 3'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'master 1 2 3'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 2 x'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 2 -1'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1x 2 3'],
        ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99.5 101'],
        ['CONFIG', 'SET', 'latency-tracking-info-percentiles', 'a'],
        ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '-1'],
        ['CONFIG', 'SET', 'oom-score-adj-values', '1 2'],
        ['CONFIG', 'SET', 'oom-score-adj-values', '1 2 3000'],
        ['CONFIG', 'SET', 'oom-score-adj-values', '1 2 x'],
        ['CONFIG', 'SET', 'bind', '1.2.3.4 5.6.7.8 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17'],
        ['CONFIG', 'SET', 'proc-title-template', '{title}'],
        ['CONFIG', 'SET', 'proc-title-template', '{title} {port'],
        ['CONFIG', 'SET', 'proc-title-template', '{nosuch}'],
        ['CONFIG', 'SET', 'cluster-announce-hostname', 'a_b'],
        ['CONFIG', 'SET', 'shutdown-on-sigint', 'save nosave'],
        ['CONFIG', 'SET', 'shutdown-on-sigint', 'foo'],
        ['CONFIG', 'SET', 'shutdown-on-sigint', ''],
        // atomic: the first failure in argument order is reported, nothing is applied
        ['CONFIG', 'SET', 'hz', '20', 'timeout', '-1'],
        ['CONFIG', 'SET', 'timeout', '-1', 'hz', 'abc'],
        ['CONFIG', 'GET', 'hz', 'timeout', pairs],
      ]);
    });

    it('CONFIG RESETSTAT, REWRITE without a config file, HELP and unknown subcommands', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['CONFIG', 'RESETSTAT'],
        ['CONFIG', 'RESETSTAT', 'x'],
        ['CONFIG', 'REWRITE'],
        ['CONFIG', 'REWRITE', 'x'],
        ['CONFIG', 'HELP'],
        ['CONFIG', 'help'],
        ['CONFIG', 'HELP', 'x'],
        ['CONFIG', 'NOSUCH'],
        ['CONFIG', 'NOSUCH', 'a', 'b'],
      ]);
    });
  });
}

describe('CONFIG SET: changes take effect (Pigeon)', () => {
  it('maxclients: connections beyond the limit are refused with Redis error', async (t) => {
    await withPair(
      t,
      async (pair) => {
        const c = await pair.client();
        await c.both('CONFIG', 'SET', 'maxclients', '2');
        await pair.client('second');
        const [p, r] = await Promise.all([RawClient.connect(pair.pigeonPort), RawClient.connect(pair.referencePort)]);
        const [pb, rb] = await Promise.all([p.sendRaw('', 1), r.sendRaw('', 1)]);
        assert.equal(pb.toString('latin1'), rb.toString('latin1'));
        assert.equal(pb.toString('latin1'), '-ERR max number of clients reached\r\n');
        await Promise.all([p.close(), r.close()]);
      },
      { broker: BROKER },
    );
  });

  it('slowlog-log-slower-than / slowlog-max-len, hz, requirepass, notify-keyspace-events, proto-max-bulk-len', async (t) => {
    await withPair(
      t,
      async (pair) => {
        const b = brokerOf(pair);
        const c = await pair.client();
        await c.both('CONFIG', 'SET', 'slowlog-log-slower-than', '0', 'slowlog-max-len', '3');
        assert.equal(b.slowlogThreshold, 0);
        for (let i = 0; i < 5; i++) await c.both('PING');
        await c.both('SLOWLOG', 'LEN');
        await c.both('CONFIG', 'SET', 'hz', '100');
        assert.equal(b.config.num('hz'), 100);
        await c.both('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
        assert.notEqual(b.config.num('notify-keyspace-events'), 0);
        await c.both('CONFIG', 'SET', 'proto-max-bulk-len', '2mb');
        for (const cl of b.clients.values()) assert.equal(cl.decoder.limits.maxBulkLen, 2 * 1024 * 1024);
        await c.both('CONFIG', 'SET', 'requirepass', 'secret');
        const other = await pair.client('other');
        await other.cases([['GET', 'x'], ['AUTH', 'secret'], ['GET', 'x']]);
        // The value is redacted from the slowlog, as in Redis.
        const log = parseReply(await c.pigeon.send('SLOWLOG', 'GET', '-1')) as Reply[][];
        assert.ok(log.some((e) => JSON.stringify(e[3]) === JSON.stringify(['CONFIG', 'SET', 'requirepass', '(redacted)'])), 'requirepass value redacted');
      },
      { broker: BROKER },
    );
  });

  it('CONFIG REWRITE: rewrites the config file the server was started with', async () => {
    const { startBroker } = await import('../helpers/broker.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pigeon-rewrite-'));
    const file = path.join(dir, 'pigeon.conf');
    writeFileSync(file, '# my settings\nhz 15\nsave 100 1\nsave 200 2\nunknown-directive 1\n');
    const s = await startBroker({ hz: 15, save: '100 1 200 2' });
    try {
      s.broker.configFile = file;
      const c = await RawClient.connect(s.port);
      assert.equal((await c.send('CONFIG', 'SET', 'hz', '20', 'maxmemory', '2mb', 'save', '')).toString('latin1'), '+OK\r\n');
      assert.equal((await c.send('CONFIG', 'REWRITE')).toString('latin1'), '+OK\r\n');
      const out = readFileSync(file, 'latin1');
      assert.match(out, /^# my settings\nhz 20\nsave ""\n\n# \?\?\? unknown-directive 1\n/);
      assert.match(out, /# Generated by CONFIG REWRITE\n/);
      assert.match(out, /\nmaxmemory 2mb\n/);
      await c.close();
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/* ------------------------------------------------------------------------------------------ */
/* COMMAND                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/** Server-family commands whose whole COMMAND INFO reply must match Redis byte for byte. */
const SERVER_SAMPLE = [
  'info', 'config', 'command', 'time', 'lastsave', 'role', 'shutdown', 'monitor', 'slowlog', 'debug', 'save', 'bgsave',
  'latency', 'memory', 'config|get', 'memory|usage', 'function|stats', 'function|flush', 'function|list', 'function|delete',
  'function|kill', 'function|help',
];

/**
 * Commands Pigeon implements that Redis 7.0.15 does not have, on purpose: CLIENT SETINFO is a Redis
 * 7.2 subcommand that current clients (node-redis, redis-py, ...) send right after connecting, so
 * Pigeon answers it instead of failing their handshake. The reference has nothing to compare it
 * with, so the every-command comparisons leave it out (and check that it is the only such name).
 */
const NOT_IN_REDIS_7_0 = new Set(['client|setinfo']);

/** A sample of other families' commands (their key specs and tips live in their own files). */
const OTHER_SAMPLE = ['get', 'set', 'del', 'exists', 'expire', 'incr', 'mset', 'hset', 'hget', 'sadd', 'smembers', 'ping', 'echo', 'select', 'multi', 'exec', 'client|list', 'object|encoding', 'dbsize'];

for (const resp of [2, 3] as const) {
  describe(`differential: COMMAND (RESP${resp})`, () => {
    const suite = pairSuite({ broker: BROKER });

    it('COMMAND INFO: the server commands match Redis byte for byte (tips, key specs, subcommands)', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      for (const name of SERVER_SAMPLE) await c.both('COMMAND', 'INFO', name, { normalize: sortSubcommands });
      await c.both('COMMAND', 'INFO', 'time', 'nosuchcommand', 'config|nosuch', 'lastsave');
      await c.both('COMMAND', 'INFO', 'TIME');
    });

    it('COMMAND INFO: a sample of other families matches Redis field by field', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const FIELDS = ['name', 'arity', 'flags', 'first key', 'last key', 'step', 'ACL categories', 'tips', 'key specs', 'subcommands'];
      const failures: string[] = [];
      for (const name of OTHER_SAMPLE) {
        if (!brokerOf(pair).commands.get(name.split('|')[0]!)) continue;
        const [p, r] = await Promise.all([c.pigeon.send('COMMAND', 'INFO', name), c.reference.send('COMMAND', 'INFO', name)]);
        // Subcommands sorted on both sides: Redis's order (OBJECT's, CLIENT's) changes between runs.
        const ps = sortSubcommands(p.toString('latin1'));
        const rs = sortSubcommands(r.toString('latin1'));
        if (ps === rs) continue;
        const pi = (parseReply(ps) as Reply[][])[0]!;
        const ri = (parseReply(rs) as Reply[][])[0]!;
        const differ = FIELDS.filter((_, i) => JSON.stringify(pi[i], replacer) !== JSON.stringify(ri[i], replacer));
        failures.push(`${name}: ${differ.map((f) => `${f} ${JSON.stringify(pi[FIELDS.indexOf(f)], replacer)} vs ${JSON.stringify(ri[FIELDS.indexOf(f)], replacer)}`).join('; ')}`);
      }
      assert.deepEqual(failures, [], 'COMMAND INFO differs for these commands (pigeon vs reference)');
    });
  });
}

describe('differential: COMMAND (every command)', () => {
  const suite = pairSuite({ broker: BROKER });

  it('COMMAND INFO: name, arity, flags, key range and ACL categories match Redis for every Pigeon command', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    const names: string[] = [];
    for (const cmd of brokerOf(pair).commands.all()) if (!NOT_IN_REDIS_7_0.has(cmd.fullName)) names.push(cmd.fullName);
    const failures: string[] = [];
    const summary = (r: Reply): string => {
      if (r === null) return 'null';
      const a = r as Reply[];
      return JSON.stringify([a[0], a[1], a[2], a[3], a[4], a[5], a[6]]);
    };
    for (const name of names) {
      const [p, r] = await Promise.all([c.pigeon.send('COMMAND', 'INFO', name), c.reference.send('COMMAND', 'INFO', name)]);
      const ps = summary((parseReply(p) as Reply[])[0]!);
      const rs = summary((parseReply(r) as Reply[])[0]!);
      if (ps !== rs) failures.push(`${name}: pigeon ${ps} reference ${rs}`);
    }
    assert.deepEqual(failures, []);
  });

  it('COMMAND DOCS: group and since match Redis for every Pigeon command', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    const failures: string[] = [];
    for (const cmd of brokerOf(pair).commands.all()) {
      if (NOT_IN_REDIS_7_0.has(cmd.fullName)) continue;
      const [p, r] = await Promise.all([c.pigeon.send('COMMAND', 'DOCS', cmd.fullName), c.reference.send('COMMAND', 'DOCS', cmd.fullName)]);
      const pick = (b: Buffer): string => {
        const flat = parseReply(b) as Reply[];
        if (flat.length === 0) return 'missing';
        const doc = flat[1] as Reply[];
        const get = (k: string): Reply => doc[doc.indexOf(k) + 1]!;
        return `${String(get('group'))} ${String(get('since'))}`;
      };
      if (pick(p) !== pick(r)) failures.push(`${cmd.fullName}: pigeon ${pick(p)} reference ${pick(r)}`);
    }
    assert.deepEqual(failures, []);
  });

  it('COMMAND COUNT, COMMAND and COMMAND LIST describe exactly the commands Pigeon implements', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    const b = brokerOf(pair);
    const count = parseReply(await c.pigeon.send('COMMAND', 'COUNT'));
    assert.equal(count, b.commands.byName.size);
    const all = parseReply(await c.pigeon.send('COMMAND')) as Reply[][];
    assert.equal(all.length, b.commands.byName.size);
    assert.deepEqual(all.map((x) => x[0]).sort(), [...b.commands.byName.keys()].sort());
    const list = parseReply(await c.pigeon.send('COMMAND', 'LIST')) as string[];
    assert.deepEqual(list.sort(), [...b.commands.all()].map((x) => x.fullName).sort());
    const info = parseReply(await c.pigeon.send('COMMAND', 'INFO')) as Reply[];
    assert.equal(info.length, b.commands.byName.size);
    const docs = parseReply(await c.pigeon.send('COMMAND', 'DOCS')) as Reply[];
    assert.equal(docs.length, 2 * b.commands.byName.size);
    // Every command Pigeon lists, Redis lists too, but for the deliberate additions.
    const ref = new Set(parseReply(await c.reference.send('COMMAND', 'LIST')) as string[]);
    assert.deepEqual(list.filter((n) => !ref.has(n)).sort(), [...NOT_IN_REDIS_7_0].sort());
  });

  it('COMMAND INFO and COMMAND DOCS: every Pigeon command matches Redis byte for byte', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const mine = new Set([...brokerOf(pair).commands.all()].map((x) => x.fullName).filter((n) => !NOT_IN_REDIS_7_0.has(n)));
    for (const resp of [2, 3] as const) {
      const c = await connectPair(pair, resp, `every-${resp}`);
      const failures: string[] = [];
      for (const name of mine) {
        for (const sub of ['INFO', 'DOCS'] as const) {
          const [p, r] = await Promise.all([c.pigeon.send('COMMAND', sub, name), c.reference.send('COMMAND', sub, name)]);
          const ps = commandReplyCanon(p, mine, sub);
          const rs = commandReplyCanon(r, mine, sub);
          if (ps !== rs) failures.push(`COMMAND ${sub} ${name} (RESP${resp}): ${differingFields(ps, rs, sub)}`);
        }
      }
      assert.deepEqual(failures, []);
    }
  });

  it('COMMAND LIST FILTERBY: ACL categories and patterns select the same commands as in Redis', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    const mine = new Set(parseReply(await c.pigeon.send('COMMAND', 'LIST')) as string[]);
    // Commands Redis 7.0 does not have are left out here (the COUNT test reports them).
    const known = new Set(parseReply(await c.reference.send('COMMAND', 'LIST')) as string[]);
    const filters: string[][] = [
      ['ACLCAT', 'read'], ['ACLCAT', 'write'], ['ACLCAT', 'fast'], ['ACLCAT', 'slow'], ['ACLCAT', 'admin'], ['ACLCAT', 'dangerous'],
      ['ACLCAT', 'keyspace'], ['ACLCAT', 'string'], ['ACLCAT', 'hash'], ['ACLCAT', 'set'], ['ACLCAT', 'connection'],
      ['ACLCAT', 'scripting'], ['ACLCAT', 'READ'], ['ACLCAT', '@read'], ['ACLCAT', 'nosuch'], ['PATTERN', 'config*'],
      ['PATTERN', '*|*'], ['PATTERN', 'G?T'], ['MODULE', 'nosuch'],
    ];
    for (const f of filters) {
      const [p, r] = await Promise.all([c.pigeon.send('COMMAND', 'LIST', 'FILTERBY', ...f), c.reference.send('COMMAND', 'LIST', 'FILTERBY', ...f)]);
      const theirs = parseReply(r) as string[];
      const ps = (parseReply(p) as string[]).filter((n) => known.has(n)).sort();
      const rs = theirs.filter((n) => mine.has(n)).sort();
      assert.deepEqual(ps, rs, `COMMAND LIST FILTERBY ${f.join(' ')}`);
    }
    await c.cases([
      ['COMMAND', 'LIST', 'FILTERBY', 'nosuch', 'x'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN'],
      ['COMMAND', 'LIST', 'x'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'a', 'b'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'nomatch*'],
    ]);
  });
});

for (const resp of [2, 3] as const) {
  describe(`differential: COMMAND subcommands (RESP${resp})`, () => {
    const suite = pairSuite({ broker: BROKER });

    it('COMMAND GETKEYS / GETKEYSANDFLAGS: keys from key specs and every error', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['COMMAND', 'GETKEYS', 'get', 'k'],
        ['COMMAND', 'GETKEYS', 'GET', 'k'],
        ['COMMAND', 'GETKEYS', 'mset', 'a', '1', 'b', '2'],
        ['COMMAND', 'GETKEYS', 'del', 'a', 'b', 'c'],
        ['COMMAND', 'GETKEYS', 'memory', 'usage', 'k'],
        ['COMMAND', 'GETKEYS', 'object', 'encoding', 'k'],
        ['COMMAND', 'GETKEYS', 'ping'],
        ['COMMAND', 'GETKEYS', 'ping', 'x'],
        ['COMMAND', 'GETKEYS', 'nosuch', 'a'],
        ['COMMAND', 'GETKEYS', 'get'],
        ['COMMAND', 'GETKEYS', 'get', 'a', 'b'],
        ['COMMAND', 'GETKEYS', 'mset', 'a'],
        ['COMMAND', 'GETKEYS', 'config', 'get', 'x'],
        ['COMMAND', 'GETKEYS', 'config', 'nosuch'],
        ['COMMAND', 'GETKEYS', 'config'],
        ['COMMAND', 'GETKEYS'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'get', 'k'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'memory', 'usage', 'k'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'nosuch', 'k'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'time', 'x'],
        // Several key specs, keynum specs, and SET's variable flags (OW without GET, RW with it).
        ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'k', 'v'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'k', 'v', 'EX', '10', 'get'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'bitop', 'and', 'd', 'a', 'b'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'smove', 'a', 'b', 'm'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'sinterstore', 'd', 'a', 'b'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'sintercard', '2', 'a', 'b', 'LIMIT', '1'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'getdel', 'k'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'msetnx', 'a', '1', 'b', '2'],
        ['COMMAND', 'GETKEYS', 'sintercard', '3', 'a', 'b'],
      ]);
    });

    it('COMMAND: COUNT arity, HELP, unknown subcommands, DOCS of unknown names', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['COMMAND', 'COUNT', 'x'],
        ['COMMAND', 'HELP'],
        ['COMMAND', 'HELP', 'x'],
        ['COMMAND', 'NOSUCH'],
        ['COMMAND', 'DOCS', 'nosuchcommand'],
        ['COMMAND', 'DOCS', 'nosuch', 'other'],
        ['COMMAND', 'INFO', 'nosuchcommand'],
        ['COMMAND', 'INFO', 'config|'],
        ['COMMAND', 'INFO', '|get'],
      ]);
    });
  });
}

/* ------------------------------------------------------------------------------------------ */
/* TIME, LASTSAVE, ROLE, SLOWLOG, MONITOR, SHUTDOWN                                            */
/* ------------------------------------------------------------------------------------------ */

for (const resp of [2, 3] as const) {
  describe(`differential: server commands (RESP${resp})`, () => {
    const suite = pairSuite({ broker: BROKER });

    it('TIME: two bulk strings, seconds and microseconds of the wall clock; LASTSAVE; ROLE', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const before = Date.now();
      const [p, r] = await Promise.all([c.pigeon.send('TIME'), c.reference.send('TIME')]);
      const after = Date.now();
      const norm = (b: Buffer): string => b.toString('latin1').replace(/\$\d+\r\n\d+\r\n/g, '$<n>\r\n<digits>\r\n');
      assert.equal(norm(p), norm(r));
      for (const b of [p, r]) {
        const [sec, usec] = parseReply(b) as string[];
        assert.match(sec!, /^\d+$/);
        assert.match(usec!, /^\d{1,6}$/);
        const ms = Number(sec) * 1000 + Number(usec) / 1000;
        assert.ok(ms >= before - 1000 && ms <= after + 1000, `TIME ${sec}.${usec} is the wall clock`);
      }
      await c.cases([['TIME', 'x'], ['LASTSAVE', { normalize: replaceInts }], ['LASTSAVE', 'x'], ['ROLE'], ['ROLE', 'x']]);
      const lastsave = parseReply(await c.pigeon.send('LASTSAVE')) as number;
      assert.ok(Math.abs(lastsave - Date.now() / 1000) < 3600);
    });

    it('SLOWLOG: GET, LEN, RESET, HELP, client names and every error', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const entries = { normalize: compose(replaceInts, addr) };
      await c.cases([
        ['CLIENT', 'SETNAME', 'slowpoke'],
        ['SLOWLOG', 'RESET'],
        ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
        ['SLOWLOG', 'LEN', { normalize: replaceInts }],
        ['SET', 'k', 'v'],
        ['GET', 'k'],
        ['ECHO', 'x'.repeat(200)],
        ['DEL', ...Array.from({ length: 40 }, (_, i) => `key${i}`)],
        ['SLOWLOG', 'GET', entries],
        ['SLOWLOG', 'GET', '2', entries],
        ['SLOWLOG', 'GET', '0'],
        ['SLOWLOG', 'GET', '-1', entries],
        ['SLOWLOG', 'GET', '-2'],
        ['SLOWLOG', 'GET', 'abc'],
        ['SLOWLOG', 'GET', '1', '2'],
        ['SLOWLOG', 'LEN', 'x'],
        ['SLOWLOG', 'RESET', 'x'],
        ['SLOWLOG', 'RESET'],
        ['SLOWLOG', 'LEN'],
        ['CONFIG', 'SET', 'slowlog-log-slower-than', '10000'],
        ['SLOWLOG', 'RESET'],
        ['SLOWLOG', 'LEN'],
        ['SLOWLOG', 'HELP'],
        ['SLOWLOG', 'NOSUCH'],
        ['SLOWLOG'],
      ]);
    });

    it('MONITOR: OK, then every command of every client as a status line', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const mon = await connectPair(pair, resp, 'monitor');
      const other = await connectPair(pair, resp, 'other');
      await mon.both('MONITOR');
      await other.both('SET', 'k', 'hello world');
      await other.both('GET', 'k');
      await other.both('CONFIG', 'GET', 'hz', { normalize: sortPairs });
      await other.both('SELECT', '2');
      await other.both('SET', 'bin', '\x00\xff"\\\r\n');
      await other.both('SELECT', '0');
      const [p, r] = await Promise.all([mon.pigeon.sendRaw('', 5), mon.reference.sendRaw('', 5)]);
      const lines = (b: Buffer): string[] => b.toString('latin1').split(/(?<=\r\n)/).map(monitorLine);
      assert.deepEqual(lines(p), lines(r));
      // A monitor that asks again gets no reply; it sees its own commands too.
      mon.pigeon.sendRaw('MONITOR\r\n', 0);
      mon.reference.sendRaw('MONITOR\r\n', 0);
      const [p2, r2] = await Promise.all([mon.pigeon.send('PING'), mon.reference.send('PING')]);
      assert.equal(p2.toString('latin1'), r2.toString('latin1'));
      const [p3, r3] = await Promise.all([mon.pigeon.sendRaw('', 1), mon.reference.sendRaw('', 1)]);
      assert.equal(monitorLine(p3.toString('latin1')), monitorLine(r3.toString('latin1')));
    });

    it('MONITOR and SHUTDOWN inside MULTI', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([['MULTI'], ['MONITOR'], ['EXEC'], ['MULTI'], ['SHUTDOWN'], ['EXEC']]);
    });

    it('SHUTDOWN: option errors and ABORT without a shutdown in progress', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['SHUTDOWN', 'foo'],
        ['SHUTDOWN', 'save', 'nosave'],
        ['SHUTDOWN', 'NOSAVE', 'SAVE'],
        ['SHUTDOWN', 'abort', 'now'],
        ['SHUTDOWN', 'nosave', 'abort'],
        ['SHUTDOWN', 'force', 'abort'],
        ['SHUTDOWN', 'abort'],
        ['SHUTDOWN', 'ABORT'],
      ]);
    });

    it('FUNCTION: no libraries (STATS, LIST, FLUSH, DELETE, KILL, HELP) and errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['FUNCTION', 'STATS'],
        ['FUNCTION', 'STATS', 'x'],
        ['FUNCTION', 'LIST'],
        ['FUNCTION', 'LIST', 'WITHCODE'],
        ['FUNCTION', 'LIST', 'LIBRARYNAME', 'x*'],
        ['FUNCTION', 'LIST', 'libraryname', 'x', 'withcode'],
        ['FUNCTION', 'LIST', 'withcode', 'withcode'],
        ['FUNCTION', 'LIST', 'LIBRARYNAME'],
        ['FUNCTION', 'LIST', 'foo'],
        ['FUNCTION', 'FLUSH'],
        ['FUNCTION', 'FLUSH', 'ASYNC'],
        ['FUNCTION', 'FLUSH', 'sync'],
        ['FUNCTION', 'FLUSH', 'foo'],
        ['FUNCTION', 'FLUSH', 'a', 'b'],
        ['FUNCTION', 'DELETE', 'x'],
        ['FUNCTION', 'DELETE'],
        ['FUNCTION', 'KILL'],
        ['FUNCTION', 'HELP'],
        ['FUNCTION'],
      ]);
    });

    it('LATENCY: no events recorded (LATEST, HISTORY, RESET, DOCTOR, GRAPH, HELP)', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([
        ['LATENCY', 'LATEST'],
        ['LATENCY', 'HISTORY', 'command'],
        ['LATENCY', 'HISTORY'],
        ['LATENCY', 'RESET'],
        ['LATENCY', 'RESET', 'command', 'fork'],
        ['LATENCY', 'DOCTOR'],
        ['LATENCY', 'GRAPH', 'command'],
        ['LATENCY', 'HELP'],
        ['LATENCY', 'NOSUCH'],
        ['CONFIG', 'SET', 'latency-monitor-threshold', '100'],
        ['LATENCY', 'DOCTOR'],
        ['CONFIG', 'SET', 'latency-monitor-threshold', '0'],
        ['CONFIG', 'RESETSTAT'],
        ['LATENCY', 'HISTOGRAM', 'nosuchcommand'],
        ['LATENCY', 'HISTOGRAM', 'set'],
      ]);
      // Histograms exist on both sides for the commands that ran (bucket layout differs: documented).
      await c.both('SET', 'k', 'v');
      const [p, r] = await Promise.all([c.pigeon.send('LATENCY', 'HISTOGRAM', 'set'), c.reference.send('LATENCY', 'HISTOGRAM', 'set')]);
      const shape = (b: Buffer): Reply => {
        const m = parseReply(b) as Map<Reply, Reply> | Reply[];
        return m instanceof Map ? [...m.keys()] : m.filter((_, i) => i % 2 === 0);
      };
      assert.deepEqual(shape(p), shape(r));
    });

    it('MEMORY: USAGE of strings is exact; DOCTOR, PURGE, HELP and errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const values = ['1', '12345', '-100', '5000000000', '12345678901234567890', '1.5', 'hello', 'x'.repeat(30), 'x'.repeat(44), 'x'.repeat(45), 'x'.repeat(100), 'x'.repeat(1000), 'x'.repeat(70000)];
      await c.both('MEMORY', 'DOCTOR');
      for (const v of values) {
        await c.both('SET', 'k', v);
        await c.both('MEMORY', 'USAGE', 'k');
      }
      await c.cases([
        ['SET', 'k'.repeat(30), 'v'],
        ['MEMORY', 'USAGE', 'k'.repeat(30)],
        ['SET', 'k'.repeat(40), 'hello'],
        ['MEMORY', 'USAGE', 'k'.repeat(40)],
        ['MEMORY', 'USAGE', 'k', 'SAMPLES', '0'],
        ['MEMORY', 'USAGE', 'k', 'samples', '10'],
        ['MEMORY', 'USAGE', 'nokey'],
        ['MEMORY', 'USAGE', 'k', 'SAMPLES'],
        ['MEMORY', 'USAGE', 'k', 'SAMPLES', 'x'],
        ['MEMORY', 'USAGE', 'k', 'SAMPLES', '-1'],
        ['MEMORY', 'USAGE', 'k', 'foo', '1'],
        ['MEMORY', 'USAGE'],
        ['MEMORY', 'PURGE'],
        ['MEMORY', 'HELP'],
        ['MEMORY', 'NOSUCH'],
      ]);
      const [p, r] = await Promise.all([c.pigeon.send('MEMORY', 'STATS'), c.reference.send('MEMORY', 'STATS')]);
      const keys = (b: Buffer): Reply[] => {
        const m = parseReply(b) as Map<Reply, Reply> | Reply[];
        return (m instanceof Map ? [...m.keys()] : m.filter((_, i) => i % 2 === 0)).filter((k) => !/^db\.\d+$/.test(String(k)));
      };
      assert.deepEqual(keys(p), keys(r), 'MEMORY STATS field names');
    });

    it('SAVE / BGSAVE: option errors as Redis (Pigeon writes no RDB: documented error)', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      await c.cases([['BGSAVE', 'foo'], ['BGSAVE', 'schedule', 'x'], ['SAVE', 'x']]);
      for (const cmd of ['SAVE', 'BGSAVE', 'BGSAVE SCHEDULE']) {
        const reply = parseReply(await c.pigeon.send(...cmd.split(' '))) as { error: string };
        assert.match(reply.error, /^ERR Pigeon does not write RDB snapshots/, cmd);
      }
    });
  });
}

/* ------------------------------------------------------------------------------------------ */
/* DEBUG                                                                                       */
/* ------------------------------------------------------------------------------------------ */

for (const resp of [2, 3] as const) {
  describe(`differential: DEBUG (RESP${resp})`, () => {
    const suite = pairSuite({ broker: BROKER });

    it('DEBUG: OBJECT, LOG, SLEEP, SET-ACTIVE-EXPIRE, ERROR, PROTOCOL, POPULATE and errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const obj = { normalize: debugObjectLine };
      const incompressible = Array.from({ length: 100 }, (_, i) => String.fromCharCode(33 + ((i * 37) % 90))).join('');
      await c.cases([
        ['SET', 's', 'hello'],
        ['SET', 'n', '123'],
        ['SET', 'm', '-100'],
        ['SET', 'big', '5000000000'],
        ['SET', 'f', '1.5'],
        ['SET', 'raw', incompressible],
        ['DEBUG', 'OBJECT', 's', obj],
        ['DEBUG', 'OBJECT', 'n', obj],
        ['DEBUG', 'OBJECT', 'm', obj],
        ['DEBUG', 'OBJECT', 'big', obj],
        ['DEBUG', 'OBJECT', 'f', obj],
        ['DEBUG', 'OBJECT', 'raw', obj],
        ['DEBUG', 'OBJECT', 'nokey'],
        ['DEBUG', 'OBJECT'],
        ['DEBUG', 'OBJECT', 'a', 'b'],
        ['DEBUG', 'LOG', 'hello from the test'],
        ['DEBUG', 'LOG'],
        ['DEBUG', 'SLEEP', '0'],
        ['DEBUG', 'SLEEP', 'x'],
        ['DEBUG', 'SLEEP', '0.01'],
        ['DEBUG', 'SLEEP'],
        ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
        ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
        ['DEBUG', 'set-active-expire', 'x'],
        ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
        ['DEBUG', 'SET-ACTIVE-EXPIRE'],
        ['DEBUG', 'ERROR', 'hello'],
        ['DEBUG', 'ERROR', 'ERR custom'],
        ['DEBUG', 'ERROR', '-FOO bar'],
        ['DEBUG', 'ERROR'],
        ['DEBUG', 'CHANGE-REPL-ID'],
        ['DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '100'],
        ['DEBUG', 'SET-SKIP-CHECKSUM-VALIDATION', '0'],
        ['DEBUG', 'REPLYBUFFER', 'PEAK-RESET-TIME', '100'],
        ['DEBUG', 'NOSUCH'],
        ['DEBUG', 'JMAP'],
        ['DEBUG', 'stringmatch-len'],
        ['DEBUG'],
        ['DEBUG', 'POPULATE', '3'],
        ['DEBUG', 'POPULATE', '2', 'pre', '3'],
        ['DEBUG', 'POPULATE', '2', 'pad', '12'],
        ['GET', 'key:0'],
        ['GET', 'key:2'],
        ['GET', 'pre:1'],
        ['GET', 'pad:1'],
        ['DBSIZE'],
        ['DEBUG', 'POPULATE', '-1'],
        ['DEBUG', 'POPULATE', 'x'],
        ['DEBUG', 'POPULATE', '1', 'a', '-1'],
        ['DEBUG', 'POPULATE', '1', 'a', 'x'],
        ['DEBUG', 'POPULATE'],
        ['DEBUG', 'POPULATE', '1', 'a', '1', 'x'],
      ]);
      for (const type of ['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map', 'attrib', 'push', 'verbatim', 'true', 'false', 'nosuch']) {
        if (type === 'push' && resp === 3) {
          const [p, r] = await Promise.all([c.pigeon.send('DEBUG', 'PROTOCOL', type), c.reference.send('DEBUG', 'PROTOCOL', type)]);
          assert.equal(p.toString('latin1'), r.toString('latin1'));
          const [p2, r2] = await Promise.all([c.pigeon.sendRaw('', 1), c.reference.sendRaw('', 1)]);
          assert.equal(p2.toString('latin1'), r2.toString('latin1'));
          continue;
        }
        await c.both('DEBUG', 'PROTOCOL', type);
      }
      await c.both('DEBUG', 'PROTOCOL');
      await c.both('DEBUG', 'HELP', { normalize: () => '<help text: Pigeon lists the subcommands it implements>' });
    });

    it('DEBUG SET-ACTIVE-EXPIRE 0 stops the active expire cycle; 1 resumes it (Pigeon)', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const b = brokerOf(pair);
      const c = await connectPair(pair, resp);
      await c.both('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
      assert.equal(b.activeExpireEnabled, false);
      await c.both('SET', 'gone', 'v', 'PX', '1');
      const deadline = Date.now() + 300;
      await waitUntil(() => Date.now() > deadline, { what: 'a few cron cycles' });
      assert.ok(b.dbs[0]!.dict.has('gone'), 'the key is still stored while active expiry is off');
      await c.both('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
      await waitUntil(() => !b.dbs[0]!.dict.has('gone'), { what: 'the active cycle to reclaim the key' });
    });

    it('DEBUG SLEEP blocks the whole server, as in Redis (Pigeon)', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const other = await pair.client('other');
      const t0 = Date.now();
      const sleeping = c.pigeon.send('DEBUG', 'SLEEP', '0.3');
      await new Promise((r) => setImmediate(r));
      const ping = other.pigeon.send('PING');
      await Promise.all([sleeping, ping]);
      assert.ok(Date.now() - t0 >= 290, 'DEBUG SLEEP 0.3 took 0.3 s');
    });
  });
}

describe('differential: DEBUG is refused unless enable-debug-command allows it', () => {
  it('DEBUG: the refusal with enable-debug-command no, inside MULTI too', async (t) => {
    await withPair(
      t,
      async (pair) => {
        const c = await pair.client();
        await c.cases([
          ['DEBUG', 'SLEEP', '0'],
          ['DEBUG', 'OBJECT', 'x'],
          ['DEBUG'],
          ['CONFIG', 'GET', 'enable-debug-command'],
          ['CONFIG', 'SET', 'enable-debug-command', 'yes'],
          ['MULTI'],
          ['DEBUG', 'SLEEP', '0'],
          ['EXEC'],
          ['INFO', 'errorstats'],
        ]);
      },
      { broker: { save: '' }, referenceArgs: ['--enable-debug-command', 'no'] },
    );
  });

  it('DEBUG: enable-debug-command local allows loopback clients', async (t) => {
    await withPair(
      t,
      async (pair) => {
        const c = await pair.client();
        await c.cases([['DEBUG', 'SLEEP', '0'], ['CONFIG', 'GET', 'enable-debug-command']]);
      },
      { broker: { save: '', 'enable-debug-command': 'local' }, referenceArgs: ['--enable-debug-command', 'local'] },
    );
  });
});

describe('differential: SHUTDOWN', () => {
  it('SHUTDOWN NOSAVE: the server closes every connection without a reply', async (t) => {
    await withPair(
      t,
      async (pair) => {
        const c = await pair.client();
        const other = await pair.client('other');
        c.pigeon.sendRaw('SHUTDOWN NOSAVE\r\n', 0);
        c.reference.sendRaw('SHUTDOWN NOSAVE\r\n', 0);
        await c.closedByServer();
        await other.closedByServer();
        assert.equal(c.pigeon.unread.length, 0);
        assert.equal(c.reference.unread.length, 0);
      },
      { broker: BROKER },
    );
  });
});

