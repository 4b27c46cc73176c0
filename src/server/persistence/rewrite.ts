/*
 * AOF rewrite (BGREWRITEAOF and the automatic rewrite): a new base file that rebuilds the live
 * dataset with as few commands as possible, written without blocking the event loop for more
 * than a slice (SLICE_MS) at a time, while writes continue into a fresh incr file.
 *
 *   1. Aof.openNewIncr(): the buffer goes to the old incr file, a new incr file is created and
 *      named in the manifest (atomically), every later command goes to it.
 *   2. The snapshot: the state of the dataset at that instant is written to
 *      `temp-rewriteaof-bg-<pid>.aof`, a slice at a time (below).
 *   3. fdatasync the temp file (in the background), then backgroundRewriteDoneHandler: rename it
 *      to `<appendfilename>.<seq>.base.aof`, mark the old base and the old incr files history,
 *      persist the manifest (temp + fsync + rename + fsync dir), delete the history files.
 *
 * A crash at any step leaves a manifest naming files that exist and that rebuild the dataset:
 * before step 3's rename of the manifest, the old base + old incr files + new incr file; after it,
 * the new base + the new incr file.
 *
 * The consistent view (Redis gets it from fork()). The rewrite walks each database's live Map
 * iterator and serialises keys as it meets them; a key the commands are about to touch before the
 * walk reached it is serialised first, with its value of the snapshot instant. Database calls a
 * hook (`db.cow`) at the top of every access by key (get, peek, set, put, delete, removeKey,
 * setExpire, persist): every mutation of a value in place starts with one of them, because a
 * handler must look the key up to reach the value. `handled` remembers, per database, the keys
 * already serialised or created after the snapshot (an access to a key that does not exist marks
 * it: a key born later must not be in the base, its creation is in the new incr file). The walk
 * skips handled keys. Bulk changes (FLUSHDB, FLUSHALL, SWAPDB: db.clear / db.swapWith) call
 * `db.cowAll` first, which serialises every key of the database not yet handled, at once, and
 * marks the database complete: whatever it holds afterwards (after SWAPDB, the other database's
 * keys) comes from commands logged in the new incr file.
 *
 * Mutation hazards this relies on (keep them true): no code mutates a value reached otherwise than
 * through a Database lookup in the same synchronous step (no value references kept across event
 * loop turns and written later), and no code writes db.dict / db.expires directly.
 *
 * The base is always AOF text: aof-use-rdb-preamble is accepted but treated as `no` (Pigeon does
 * not write RDB). Commands per type, as Redis's rewriteAppendOnlyFileRio: SET (+ PEXPIREAT),
 * RPUSH / SADD / ZADD / HMSET in batches of AOF_REWRITE_ITEMS_PER_CMD (64) items, streams as
 * XADD per entry (XADD MAXLEN 0 for an empty one), XSETID ENTRIESADDED MAXDELETEDID, XGROUP CREATE
 * ENTRIESREAD, XCLAIM ... JUSTID FORCE per pending entry, XGROUP CREATECONSUMER for consumers with
 * none.
 */

import { closeSync, fdatasync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Broker } from '../broker.js';
import type { Database, Value } from '../keyspace/db.js';
import { formatDouble } from '../../protocol/reply.js';
import { ListValue } from '../types/list.js';
import { SetValue } from '../types/set.js';
import { HashValue } from '../types/hash.js';
import { ZSet } from '../types/zset.js';
import { MAX_ID, MIN_ID, StreamValue, formatId, interleave } from '../types/stream.js';
import { sortedGroups } from '../types/stream-group.js';
import { writeManifest } from './manifest.js';
import { encodeCommand, encodeSelect, type Aof } from './writer.js';

export const AOF_REWRITE_ITEMS_PER_CMD = 64;
/** Longest stretch of the event loop one slice of the walk may take. */
const SLICE_MS = 2;
/** Write the output to the temp file when it grows past this. */
const WRITE_CHUNK = 256 * 1024;

/** The commands that rebuild one key (without its expire). */
export function serializeValue(key: string, v: Value): string {
  if (typeof v === 'string') return encodeCommand(['SET', key, v]);
  if (v instanceof ListValue) return batched('RPUSH', key, v.toArray(), 1);
  if (v instanceof SetValue) return batched('SADD', key, v.toArray(), 1);
  if (v instanceof HashValue) {
    const flat: string[] = [];
    for (const [f, val] of v.map) flat.push(f, val);
    return batched('HMSET', key, flat, 2);
  }
  if (v instanceof ZSet) {
    const flat: string[] = [];
    for (const [member, score] of v.entries()) flat.push(formatDouble(score), member);
    return batched('ZADD', key, flat, 2);
  }
  if (v instanceof StreamValue) return serializeStream(key, v);
  throw new Error(`AOF rewrite: no serializer for type ${v.type}`);
}

/** The commands that rebuild one key, its expire included. */
export function serializeKey(key: string, v: Value, expire: number | undefined): string {
  let out = serializeValue(key, v);
  if (expire !== undefined) out += encodeCommand(['PEXPIREAT', key, String(expire)]);
  return out;
}

/**
 * rewriteStreamObject: XADD per entry (the XADD MAXLEN 0 trick for an empty stream), XSETID with
 * ENTRIESADDED and MAXDELETEDID, then per group (name order) XGROUP CREATE ... ENTRIESREAD, an
 * XCLAIM ... JUSTID FORCE per pending entry of each consumer (name order, then ID order), or
 * XGROUP CREATECONSUMER for a consumer without pending entries.
 */
function serializeStream(key: string, s: StreamValue): string {
  let out = '';
  if (s.length > 0) {
    for (const e of s.entries(MIN_ID, MAX_ID, false)) out += encodeCommand(['XADD', key, formatId(e.id), ...interleave(e)]);
  } else {
    out += encodeCommand(['XADD', key, 'MAXLEN', '0', '0-1', 'x', 'y']);
  }
  out += encodeCommand(['XSETID', key, formatId(s.lastId), 'ENTRIESADDED', String(s.entriesAdded), 'MAXDELETEDID', formatId(s.maxDeletedId)]);
  for (const g of sortedGroups(s.groups)) {
    out += encodeCommand(['XGROUP', 'CREATE', key, g.name, formatId(g.lastId), 'ENTRIESREAD', String(g.entriesRead)]);
    for (const consumer of g.sortedConsumers()) {
      if (consumer.pel.size === 0) {
        out += encodeCommand(['XGROUP', 'CREATECONSUMER', key, g.name, consumer.name]);
        continue;
      }
      for (const [id, nack] of consumer.pel.from(MIN_ID)) {
        out += encodeCommand([
          'XCLAIM', key, g.name, consumer.name, '0', formatId(id),
          'TIME', String(nack.deliveryTime), 'RETRYCOUNT', String(nack.deliveryCount), 'JUSTID', 'FORCE',
        ]);
      }
    }
  }
  return out;
}

/** `cmd key item...` commands of at most 64 items (an item is `width` arguments). */
function batched(cmd: string, key: string, flat: readonly string[], width: number): string {
  let out = '';
  const per = AOF_REWRITE_ITEMS_PER_CMD * width;
  for (let i = 0; i < flat.length; i += per) {
    const n = Math.min(per, flat.length - i);
    out += '*' + (2 + n) + '\r\n$' + cmd.length + '\r\n' + cmd + '\r\n$' + key.length + '\r\n' + key + '\r\n';
    for (let j = i; j < i + n; j++) {
      const a = flat[j]!;
      out += '$' + a.length + '\r\n' + a + '\r\n';
    }
  }
  return out;
}

export class AofRewrite {
  readonly startedAt = Date.now();
  private readonly tmpName = `temp-rewriteaof-bg-${process.pid}.aof`;
  private fd = -1;
  private out = '';
  private lastDb = -1;
  private readonly handled: Array<Set<string>>;
  /**
   * Databases fully serialised ahead of the walk (a bulk change happened): nothing in them belongs
   * to the snapshot any more, whatever keys they hold now (after SWAPDB they hold the other's).
   */
  private readonly complete: boolean[];
  private dbIndex = 0;
  private iter: Iterator<string> | null = null;
  private aborted = false;
  keysProcessed = 0;

  constructor(
    private readonly broker: Broker,
    private readonly aof: Aof,
  ) {
    this.handled = broker.dbs.map(() => new Set<string>());
    this.complete = broker.dbs.map(() => false);
  }

  private get tmpPath(): string {
    return path.join(this.aof.dir, this.tmpName);
  }

  start(): void {
    this.fd = openSync(this.tmpPath, 'w', 0o644);
    if (this.broker.config.bool('aof-timestamp-enabled')) this.out += `#TS:${Math.floor(Date.now() / 1000)}\r\n`;
    for (const db of this.broker.dbs) {
      db.cow = (key) => this.touch(db, key);
      db.cowAll = () => this.touchAll(db);
    }
    this.broker.log.notice(`Background append only file rewriting started by pid ${process.pid}`);
    setImmediate(this.slice);
  }

  /** A key is about to be accessed: serialise it first if the snapshot still needs it. */
  private touch(db: Database, key: string): void {
    if (this.complete[db.id]) return;
    const h = this.handled[db.id]!;
    if (h.has(key)) return;
    h.add(key);
    const v = db.dict.get(key);
    if (v !== undefined) this.emit(db, key, v);
  }

  private touchAll(db: Database): void {
    for (const key of db.dict.keys()) this.touch(db, key);
    this.complete[db.id] = true;
    this.handled[db.id]!.clear();
  }

  private emit(db: Database, key: string, v: Value): void {
    if (db.id !== this.lastDb) {
      this.out += encodeSelect(db.id);
      this.lastDb = db.id;
    }
    this.out += serializeKey(key, v, db.expires.get(key));
    this.keysProcessed++;
    if (this.out.length >= WRITE_CHUNK) this.writeOut();
  }

  private writeOut(): void {
    if (this.out.length === 0 || this.fd === -1) return;
    const data = Buffer.from(this.out, 'latin1');
    this.out = '';
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
  }

  /** One slice of the walk: at most SLICE_MS, then yield to the event loop. */
  private readonly slice = (): void => {
    if (this.aborted) return;
    try {
      const t0 = performance.now();
      const dbs = this.broker.dbs;
      let n = 0;
      while (this.dbIndex < dbs.length) {
        const db = dbs[this.dbIndex]!;
        if (this.complete[db.id]) {
          this.iter = null;
          this.dbIndex++;
          continue;
        }
        if (this.iter === null) this.iter = db.dict.keys();
        const it = this.iter.next();
        if (it.done) {
          this.iter = null;
          this.dbIndex++;
          continue;
        }
        this.touch(db, it.value);
        if ((++n & 63) === 0 && performance.now() - t0 > SLICE_MS) {
          setImmediate(this.slice);
          return;
        }
      }
      this.finishWalk();
    } catch (err) {
      this.fail(err as Error);
    }
  };

  private unhook(): void {
    for (const db of this.broker.dbs) {
      db.cow = null;
      db.cowAll = null;
    }
  }

  /** The snapshot is complete: flush, fsync in the background, then switch. */
  private finishWalk(): void {
    this.unhook();
    this.writeOut();
    const fd = this.fd;
    fdatasync(fd, (err) => {
      if (this.aborted) return;
      if (err) return this.fail(err);
      try {
        closeSync(fd);
        this.fd = -1;
        this.switchFiles();
      } catch (e) {
        this.fail(e as Error);
      }
    });
  }

  /** backgroundRewriteDoneHandler. */
  private switchFiles(): void {
    const aof = this.aof;
    const b = this.broker;
    const filename = b.config.get('appendfilename');
    b.log.notice('Background AOF rewrite terminated with success');
    const m = aof.manifest.clone();
    const baseName = m.newBase(filename);
    renameSync(this.tmpPath, path.join(aof.dir, baseName));
    b.log.notice(`Successfully renamed the temporary AOF base file ${this.tmpName} into ${baseName}`);
    if (aof.state === 'wait-rewrite') {
      // Write what the temp incr file holds so far before it gets its real name.
      aof.flush(b.config.get('appendfsync') === 'always');
      const tempIncr = aof.currentIncrName;
      const incrName = m.newIncr(filename);
      aof.renameCurrentIncr(incrName);
      b.log.notice(`Successfully renamed the temporary AOF incr file ${tempIncr} into ${incrName}`);
    }
    m.incrToHistory(aof.fdOpen);
    try {
      writeManifest(aof.dir, filename, m);
    } catch (err) {
      try {
        unlinkSync(path.join(aof.dir, baseName));
      } catch {
        // nothing to remove
      }
      throw err;
    }
    aof.manifest = m;
    aof.afterSwitch(baseName);
    aof.deleteHistory();
    b.log.notice('Background AOF rewrite finished successfully');
    aof.rewriteDone(true, Math.round((Date.now() - this.startedAt) / 1000));
  }

  private fail(err: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.unhook();
    this.broker.log.warning(`Background AOF rewrite terminated with error: ${err.message}`);
    this.cleanup();
    this.aof.rewriteDone(false, Math.round((Date.now() - this.startedAt) / 1000));
  }

  /** Kill the rewrite (AOF disabled, shutdown): nothing is switched. */
  abort(reason: string): void {
    if (this.aborted) return;
    this.aborted = true;
    this.unhook();
    this.broker.log.warning(`Killing running AOF rewrite: ${reason}`);
    this.cleanup();
    this.aof.rewrite = null;
  }

  private cleanup(): void {
    if (this.fd !== -1) {
      try {
        closeSync(this.fd);
      } catch {
        // closed already
      }
      this.fd = -1;
    }
    try {
      unlinkSync(this.tmpPath);
    } catch {
      // not there
    }
  }
}
