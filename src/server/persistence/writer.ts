/*
 * The append-only file writer: what the dataset went through, as RESP commands, in the incr file
 * the manifest names last (manifest.ts for the layout, loader.ts for the way back, rewrite.ts for
 * compaction).
 *
 * Feeding. The dispatcher calls broker.propagate() after a write command that moved `dirty`, and
 * handlers call broker.alsoPropagate() for extra effects (lazily expired keys as DEL, XREADGROUP's
 * XCLAIMs); both land here. As Redis 7.0's also_propagate array, the commands of one execution
 * unit (a top-level call: one command, or one EXEC with everything it ran) are collected and
 * written when the unit ends (endUnit(), from the dispatcher): one command alone, several wrapped
 * in MULTI ... EXEC so that a loader applies them atomically (SET of a lazily expired key is
 * `MULTI, DEL k, SET k v, EXEC`, EXEC of two writes is `MULTI, SET, SET, EXEC`). A SELECT goes
 * before a command whose database differs from the previous one. Keys expired by the active
 * cycle are written one DEL at a time (no unit).
 *
 * When the bytes leave. Commands accumulate in `buf`. The first one of an event-loop turn closes
 * the broker's reply gate (broker.replyGate): from then on Client.flush() parks the client
 * instead of writing its socket. At the end of the turn (setImmediate, after every socket read of
 * the poll phase was processed) flushTurn() write(2)s the buffer, fdatasync()s it when
 * `appendfsync always`, then opens the gate and flushes the parked clients. So
 *
 *   always    no reply leaves before the writes it follows are on disk (one fdatasync covers
 *             every write of the turn, as Redis's beforeSleep);
 *   everysec  no reply leaves before its write is in the kernel (a kill -9 loses nothing); the
 *             cron fdatasync()s in the background once a second (libuv's thread pool), so a power
 *             cut loses at most about the last second;
 *   no        as everysec, the kernel decides when to flush.
 *
 * A read that follows a write in the same turn waits too (it may show the write), as in Redis.
 * With no AOF the gate never closes and the hot path pays one null check in Client.flush().
 *
 * A write error (disk full) keeps the bytes buffered and retries each turn; meanwhile write
 * commands are refused with Redis's MISCONF error (admissionError). With `always` Redis exits;
 * an embedded broker cannot exit its host process, so Pigeon closes the broker instead.
 */

import {
  closeSync,
  existsSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { Broker } from '../broker.js';
import type { Client } from '../client.js';
import { Manifest, fsyncDir, writeManifest } from './manifest.js';
import { AofRewrite } from './rewrite.js';

const SELECT_PREFIX = '*2\r\n$6\r\nSELECT\r\n';
const MULTI = '*1\r\n$5\r\nMULTI\r\n';
const EXEC = '*1\r\n$4\r\nEXEC\r\n';

/** One command as RESP, the way catAppendOnlyGenericCommand writes it. */
export function encodeCommand(argv: readonly string[]): string {
  let out = '*' + argv.length + '\r\n';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    out += '$' + a.length + '\r\n' + a + '\r\n';
  }
  return out;
}

export function encodeSelect(db: number): string {
  const s = String(db);
  return SELECT_PREFIX + '$' + s.length + '\r\n' + s + '\r\n';
}

interface Op {
  db: number;
  argv: readonly string[];
}

export type AofState = 'off' | 'on' | 'wait-rewrite';

export class Aof {
  /** AOF_OFF / AOF_ON / AOF_WAIT_REWRITE (turned on at run time, waiting for its first base). */
  state: AofState = 'off';
  manifest = new Manifest();
  /** Absolute path of the AOF directory. */
  dir = '';
  /** The incr file being appended to (-1: none). */
  private fd = -1;
  private fdName = '';
  /** Bytes fed but not yet written. */
  private buf = '';
  private selectedDb = -1;
  /** The commands of the execution unit in progress. */
  private pending: Op[] = [];
  /** Set while the active expire cycle runs: expired keys are written one by one. */
  direct = false;
  private flushScheduled = false;
  private readonly held = new Set<Client>();
  /** aof_current_size, aof_rewrite_base_size, aof_last_incr_size, aof_fsync_offset. */
  currentSize = 0;
  baseSize = 0;
  lastIncrSize = 0;
  fsyncOffset = 0;
  private lastFsync = 0;
  private fsyncInProgress = false;
  /** aof_last_write_status: false after a failed write(2), until a write succeeds again. */
  lastWriteOk = true;
  lastWriteError = '';
  private lastTimestamp = 0;
  /** The running rewrite, if any, and the rewrite statistics INFO shows. */
  rewrite: AofRewrite | null = null;
  rewriteScheduled = false;
  rewrites = 0;
  rewriteFailures = 0;
  lastRewriteOk = true;
  lastRewriteTimeSec = -1;
  delayedFsync = 0;

  constructor(private readonly broker: Broker) {}

  private get filename(): string {
    return this.broker.config.get('appendfilename');
  }

  /** The directory path from `dir` and `appenddirname`. */
  resolveDir(): string {
    return path.join(this.broker.config.show(this.broker.config.def('dir')!), this.broker.config.get('appenddirname'));
  }

  // --- feeding -------------------------------------------------------------------------------

  /** A command the dispatcher propagates; ends the unit unless EXEC is collecting. */
  propagate(db: number, argv: readonly string[], inExec: boolean): void {
    if (!inExec && this.pending.length === 0) {
      this.feed(db, argv);
      return;
    }
    this.pending.push({ db, argv });
    if (!inExec) this.endUnit();
  }

  /** alsoPropagate: part of the unit in progress (or on its own during the active expire cycle). */
  also(db: number, argv: readonly string[]): void {
    if (this.direct) {
      this.feed(db, argv);
      return;
    }
    this.pending.push({ db, argv });
    this.schedule();
  }

  get hasPending(): boolean {
    return this.pending.length !== 0;
  }

  /** propagatePendingCommands: write the unit's commands, wrapped in MULTI/EXEC when several. */
  endUnit(): void {
    const ops = this.pending;
    if (ops.length === 0) return;
    this.pending = [];
    if (ops.length === 1) {
      this.feed(ops[0]!.db, ops[0]!.argv);
      return;
    }
    this.feedRaw(ops[0]!.db, MULTI);
    for (const op of ops) this.feed(op.db, op.argv);
    this.feedRaw(-1, EXEC);
  }

  private feed(db: number, argv: readonly string[]): void {
    this.feedRaw(db, encodeCommand(argv));
  }

  /** feedAppendOnlyFile: timestamp annotation, SELECT when the database changes, the command. */
  private feedRaw(db: number, cmd: string): void {
    let out = '';
    if (this.broker.config.bool('aof-timestamp-enabled')) {
      const now = Math.floor(Date.now() / 1000);
      if (this.lastTimestamp < now) {
        this.lastTimestamp = now;
        out += `#TS:${now}\r\n`;
      }
    }
    if (db !== -1 && db !== this.selectedDb) {
      out += encodeSelect(db);
      this.selectedDb = db;
    }
    this.buf += out + cmd;
    this.schedule();
  }

  /** Close the reply gate and make sure the turn's end writes the buffer and opens it. */
  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.broker.replyGate = this.held;
    setImmediate(this.flushTurn);
  }

  /** The end of the turn: write (and fsync under `always`), then release the parked replies. */
  readonly flushTurn = (): void => {
    this.flushScheduled = false;
    if (this.pending.length !== 0 && !this.broker.loading) this.endUnit();
    this.flushScheduled = false;
    const ok = this.flush(this.broker.config.get('appendfsync') === 'always');
    if (!ok && this.broker.config.get('appendfsync') === 'always') {
      this.broker.log.warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Closing the broker...");
      this.held.clear();
      this.broker.replyGate = null;
      this.broker.fatal();
      return;
    }
    this.broker.replyGate = null;
    if (this.held.size !== 0) {
      for (const c of this.held) c.flush();
      this.held.clear();
    }
    // A write error keeps the bytes: try again on a later turn.
    if (this.buf.length !== 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      setTimeout(this.flushTurn, 100).unref();
    }
  };

  /**
   * flushAppendOnlyFile: write the buffer to the incr file; fdatasync when asked. Returns false
   * on a write error (the unwritten bytes stay buffered).
   */
  flush(sync: boolean): boolean {
    if (this.buf.length === 0) {
      if (sync && this.fd !== -1 && this.fsyncOffset < this.currentSize) this.syncNow();
      return true;
    }
    if (this.fd === -1) {
      // AOF off (or between files): nothing to write to; drop as Redis does when aof_state is off.
      this.buf = '';
      return true;
    }
    const data = Buffer.from(this.buf, 'latin1');
    let off = 0;
    try {
      while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
    } catch (err) {
      const msg = (err as Error).message;
      if (this.lastWriteOk) this.broker.log.warning(`Error writing to the AOF file: ${msg}`);
      this.lastWriteOk = false;
      this.lastWriteError = (err as NodeJS.ErrnoException).code === 'ENOSPC' ? 'No space left on device' : msg;
      this.buf = data.toString('latin1', off);
      this.currentSize += off;
      this.lastIncrSize += off;
      return false;
    }
    if (!this.lastWriteOk) {
      this.broker.log.warning('AOF write error looks solved, Redis can write again.');
      this.lastWriteOk = true;
    }
    this.buf = '';
    this.currentSize += data.length;
    this.lastIncrSize += data.length;
    if (sync) this.syncNow();
    return true;
  }

  private syncNow(): void {
    fdatasyncSync(this.fd);
    this.fsyncOffset = this.currentSize;
    this.lastFsync = Math.floor(Date.now() / 1000);
  }

  /** everysec: a background fdatasync at most once a second, from the cron. */
  cron(): void {
    if (this.state === 'off' && this.rewrite === null && !this.rewriteScheduled) return;
    const now = Math.floor(Date.now() / 1000);
    if (this.fd !== -1 && this.broker.config.get('appendfsync') === 'everysec' && now > this.lastFsync && this.fsyncOffset < this.currentSize) {
      if (this.fsyncInProgress) {
        this.delayedFsync++;
      } else {
        const fd = this.fd;
        const upTo = this.currentSize;
        this.fsyncInProgress = true;
        this.lastFsync = now;
        fdatasync(fd, (err) => {
          this.fsyncInProgress = false;
          if (err) this.broker.log.warning(`Fail to fsync the AOF file: ${err.message}`);
          else if (fd === this.fd) this.fsyncOffset = Math.max(this.fsyncOffset, upTo);
        });
      }
    }
    if (this.rewrite === null && this.rewriteScheduled && !this.broker.loading) {
      this.startRewrite();
      return;
    }
    // Automatic rewrite: the AOF grew by auto-aof-rewrite-percentage since the last rewrite.
    const perc = this.broker.config.num('auto-aof-rewrite-percentage');
    if (this.state === 'on' && this.rewrite === null && perc > 0 && this.currentSize > this.broker.config.num('auto-aof-rewrite-min-size')) {
      const base = this.baseSize > 0 ? this.baseSize : 1;
      const growth = Math.floor((this.currentSize * 100) / base) - 100;
      if (growth >= perc) {
        this.broker.log.notice(`Starting automatic rewriting of AOF on ${growth}% growth`);
        this.startRewrite();
      }
    }
  }

  // --- files ---------------------------------------------------------------------------------

  /**
   * aofOpenIfNeededOnServerStart, after loading: create the directory, a base file when the
   * dataset starts empty with no files, open (or create) the last incr file, persist the manifest.
   */
  openOnStart(): void {
    this.state = 'on';
    this.dir = this.resolveDir();
    mkdirSync(this.dir, { recursive: true });
    removeTempFiles(this.dir, this.filename);
    const m = this.manifest;
    if (m.base === null && m.incr.length === 0) {
      const name = m.newBase(this.filename);
      const ts = this.broker.config.bool('aof-timestamp-enabled') ? `#TS:${Math.floor(Date.now() / 1000)}\r\n` : '';
      writeFileDurably(path.join(this.dir, name), ts);
      this.broker.log.notice(`Creating AOF base file ${name} on server start`);
    }
    const existing = m.incr.length !== 0;
    const name = existing ? m.incr[m.incr.length - 1]!.file : m.newIncr(this.filename);
    this.fd = openSync(path.join(this.dir, name), 'a', 0o644);
    this.fdName = name;
    writeManifest(this.dir, this.filename, m);
    this.lastIncrSize = fstatSync(this.fd).size;
    this.currentSize = this.totalSize();
    if (this.baseSize === 0 && m.base) this.baseSize = this.fileSize(m.base.file);
    this.fsyncOffset = this.currentSize;
    this.lastFsync = Math.floor(Date.now() / 1000);
    this.broker.log.notice(`${existing ? 'Opening' : 'Creating'} AOF incr file ${name} on server start`);
  }

  /** Size of base + incr files (what INFO aof_current_size starts from). */
  totalSize(): number {
    let n = 0;
    for (const a of this.manifest.loadOrder()) n += this.fileSize(a.file);
    return n;
  }

  fileSize(name: string): number {
    try {
      return statSync(path.join(this.dir, name)).size;
    } catch {
      return 0;
    }
  }

  /**
   * openNewIncrAofForAppend: the rewrite's first step. The buffer goes to the old file (synced
   * under `always`), a new incr file is created and named in the manifest, and from now on every
   * command goes to it. The old fd is fsynced and closed in the background.
   */
  openNewIncr(): void {
    this.flush(this.broker.config.get('appendfsync') === 'always');
    this.selectedDb = -1;
    if (this.state === 'off') return;
    let name: string;
    let m: Manifest | null = null;
    if (this.state === 'wait-rewrite') {
      name = `temp-${this.filename}.incr`;
    } else {
      m = this.manifest.clone();
      name = m.newIncr(this.filename);
    }
    const fd = openSync(path.join(this.dir, name), 'w', 0o644);
    if (m !== null) {
      try {
        writeManifest(this.dir, this.filename, m);
      } catch (err) {
        closeSync(fd);
        throw err;
      }
      this.manifest = m;
    }
    this.broker.log.notice(`Creating AOF incr file ${name} on background rewrite`);
    const old = this.fd;
    if (old !== -1) backgroundSyncAndClose(old);
    this.fd = fd;
    this.fdName = name;
    this.fsyncOffset = this.currentSize;
    this.lastIncrSize = 0;
  }

  /** The incr file being written (for the rewrite's switch in wait-rewrite state). */
  get currentIncrName(): string {
    return this.fdName;
  }

  renameCurrentIncr(newName: string): void {
    renameSync(path.join(this.dir, this.fdName), path.join(this.dir, newName));
    this.fdName = newName;
  }

  /** Start BGREWRITEAOF; false (with the reason logged) when it cannot start. */
  startRewrite(): boolean {
    if (this.rewrite !== null) return false;
    this.rewriteScheduled = false;
    try {
      if (this.dir === '') this.dir = this.resolveDir();
      mkdirSync(this.dir, { recursive: true });
      this.openNewIncr();
    } catch (err) {
      this.broker.log.warning(`Can't rewrite append only file in background: ${(err as Error).message}`);
      this.lastRewriteOk = false;
      this.rewriteFailures++;
      return false;
    }
    this.rewrites++;
    this.rewrite = new AofRewrite(this.broker, this);
    this.rewrite.start();
    return true;
  }

  /** Called by the rewrite when it ends. */
  rewriteDone(ok: boolean, seconds: number): void {
    this.rewrite = null;
    this.lastRewriteTimeSec = seconds;
    this.lastRewriteOk = ok;
    if (ok) this.rewriteFailures = 0;
    else this.rewriteFailures++;
    if (this.state === 'wait-rewrite') {
      if (ok) this.state = 'on';
      else this.rewriteScheduled = true;
    }
  }

  /** After a successful switch: sizes as backgroundRewriteDoneHandler sets them. */
  afterSwitch(baseFile: string): void {
    this.selectedDb = -1;
    if (this.fd !== -1) {
      this.currentSize = this.fileSize(baseFile) + this.lastIncrSize;
      this.baseSize = this.currentSize;
      this.fsyncOffset = this.currentSize;
      this.lastFsync = Math.floor(Date.now() / 1000);
    }
  }

  get fdOpen(): boolean {
    return this.fd !== -1;
  }

  /** CONFIG SET appendonly yes at run time (startAppendOnly): AOF_WAIT_REWRITE until the base exists. */
  enableAtRuntime(): void {
    if (this.state !== 'off') return;
    this.dir = this.resolveDir();
    mkdirSync(this.dir, { recursive: true });
    if (this.rewrite !== null) this.rewrite.abort('AOF was enabled while a rewrite without it was running');
    this.state = 'wait-rewrite';
    this.lastFsync = Math.floor(Date.now() / 1000);
    if (!this.startRewrite()) {
      this.state = 'off';
      this.broker.log.warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error.");
    }
  }

  /** CONFIG SET appendonly no (stopAppendOnly): flush, fsync, close; kill a rewrite. */
  disable(): void {
    if (this.state === 'off') return;
    this.endUnit();
    this.flush(true);
    if (this.fd !== -1) {
      try {
        fdatasyncSync(this.fd);
      } catch {
        // best effort, as Redis's redis_fsync in stopAppendOnly
      }
      closeSync(this.fd);
    }
    this.fd = -1;
    this.fdName = '';
    this.selectedDb = -1;
    if (this.rewrite !== null) this.rewrite.abort('AOF disabled');
    this.state = 'off';
    this.rewriteScheduled = false;
  }

  /** Broker shutdown: everything buffered is written and fsynced. */
  close(): void {
    if (this.rewrite !== null) this.rewrite.abort('server shutting down');
    if (this.fd === -1) return;
    this.endUnit();
    this.flush(true);
    try {
      fdatasyncSync(this.fd);
    } catch {
      // nothing more to do at shutdown
    }
    closeSync(this.fd);
    this.fd = -1;
  }

  /** Remove history files and persist the manifest without them (aofDelHistoryFiles). */
  deleteHistory(): void {
    const m = this.manifest;
    if (m.history.length === 0 || this.broker.config.bool('aof-disable-auto-gc')) return;
    for (const h of m.history) {
      this.broker.log.notice(`Removing the history file ${h.file} in the background`);
      try {
        unlinkSync(path.join(this.dir, h.file));
      } catch {
        // already gone
      }
    }
    m.history = [];
    writeManifest(this.dir, this.filename, m);
  }

  /** INFO persistence, the aof_* fields that follow module_fork_last_cow_size when the AOF is on. */
  infoExtra(): string[] {
    return [
      `aof_current_size:${this.currentSize + this.buf.length}`,
      `aof_base_size:${this.baseSize}`,
      `aof_pending_rewrite:${this.rewriteScheduled ? 1 : 0}`,
      `aof_buffer_length:${this.buf.length}`,
      `aof_pending_bio_fsync:${this.fsyncInProgress ? 1 : 0}`,
      `aof_delayed_fsync:${this.delayedFsync}`,
    ];
  }
}

/** Close an fd after a background fdatasync (aof_background_fsync_and_close). */
function backgroundSyncAndClose(fd: number): void {
  fdatasync(fd, () => {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  });
}

/** Write a whole file through a temp name, fsync, rename, fsync the directory. */
export function writeFileDurably(file: string, text: string): void {
  const tmp = file + '.tmp';
  const fd = openSync(tmp, 'w', 0o644);
  try {
    const data = Buffer.from(text, 'latin1');
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

/** Leftover temp files of an interrupted rewrite (never named by a manifest). */
export function removeTempFiles(dir: string, filename: string): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    if (f.startsWith('temp-rewriteaof-') || f === `temp-${filename}.incr` || f.endsWith('.base.aof.tmp')) {
      try {
        unlinkSync(path.join(dir, f));
      } catch {
        // ignore
      }
    }
  }
}
