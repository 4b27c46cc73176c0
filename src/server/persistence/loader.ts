/*
 * AOF loading: at start the broker replays the manifest's base and incr files, in order, through
 * its own command table with an internal client (no socket, replies dropped), as Redis's
 * loadAppendOnlyFiles / loadSingleAppendOnlyFile do.
 *
 * The file is read in chunks and parsed with Redis's rules (AofParser, shared with check-aof):
 * `#...` lines are annotations and skipped; a command is `*<argc>` then, per argument, `$<len>`,
 * <len> bytes and two bytes (CRLF, not checked, as Redis). A line that does not start with `*`
 * (or `$` inside a command) is a format error; the file ending inside a command is a truncation.
 *
 *   truncation in the last file  aof-load-truncated yes: the file is truncated to the end of the last
 *                                complete command (and of the last complete MULTI/EXEC: an open
 *                                transaction at the end is dropped), with Redis's log lines, and the
 *                                start goes on; no: the start fails.
 *   truncation elsewhere         fatal ("the truncated file is not the last file").
 *   format error, unknown cmd    fatal, naming the file and the offset.
 *
 * While loading, broker.loading is set: clients get -LOADING for commands without the `loading`
 * flag (broker.admissionError), INFO shows loading_* progress, keys are not expired (Redis's
 * keyIsExpired answers no while loading), nothing is propagated. Every LOAD_YIELD_MS the loader
 * yields to the event loop so that clients are answered (Redis's processEventsWhileBlocked).
 *
 * A legacy single-file AOF (`dir/<appendfilename>`, Redis < 7) is upgraded as Redis does
 * (aofUpgradePrepare): it becomes the base of a new manifest and moves into the AOF directory.
 */

import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import type { Broker } from '../broker.js';
import type { Client, QueuedCommand } from '../client.js';
import type { Command } from '../command.js';
import { Manifest, ManifestError, manifestName, parseManifest, writeManifest } from './manifest.js';

const CHUNK = 1 << 20;
const LOAD_YIELD_MS = 10;

export type ParseStep =
  | { kind: 'command'; argv: string[]; end: number }
  | { kind: 'annotation'; end: number }
  | { kind: 'need-more' }
  | { kind: 'format-error'; at: number };

/**
 * Parse one command (or annotation) at `pos` of `buf`. 'need-more' means the bytes end inside it
 * (at end of file: a truncation).
 */
export function parseStep(buf: Buffer, pos: number): ParseStep {
  const len = buf.length;
  if (pos >= len) return { kind: 'need-more' };
  const first = buf[pos];
  let nl = buf.indexOf(10, pos);
  if (first === 0x23) {
    // '#' annotation line
    if (nl === -1) return { kind: 'need-more' };
    return { kind: 'annotation', end: nl + 1 };
  }
  if (first !== 0x2a) return { kind: 'format-error', at: pos };
  if (nl === -1) return { kind: 'need-more' };
  const argc = atoi(buf, pos + 1, nl);
  if (argc < 1) return { kind: 'format-error', at: pos };
  let p = nl + 1;
  const argv: string[] = new Array<string>(argc);
  for (let j = 0; j < argc; j++) {
    if (p >= len) return { kind: 'need-more' };
    nl = buf.indexOf(10, p);
    if (buf[p] !== 0x24) return { kind: 'format-error', at: p };
    if (nl === -1) return { kind: 'need-more' };
    const n = atoi(buf, p + 1, nl);
    if (n < 0) return { kind: 'format-error', at: p };
    const start = nl + 1;
    if (start + n + 2 > len) return { kind: 'need-more' };
    argv[j] = buf.toString('latin1', start, start + n);
    p = start + n + 2;
  }
  return { kind: 'command', argv, end: p };
}

/** C atoi over buf[from, to): leading spaces, sign, digits. */
function atoi(buf: Buffer, from: number, to: number): number {
  let i = from;
  while (i < to && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
  let neg = false;
  if (buf[i] === 0x2d || buf[i] === 0x2b) {
    neg = buf[i] === 0x2d;
    i++;
  }
  let n = 0;
  let digits = 0;
  while (i < to && buf[i]! >= 0x30 && buf[i]! <= 0x39) {
    n = n * 10 + (buf[i]! - 0x30);
    i++;
    digits++;
  }
  if (digits === 0) return 0;
  return neg ? -n : n;
}

/** Reads a file in chunks and yields parse steps with absolute offsets. */
export class AofFileReader {
  private readonly fd: number;
  readonly size: number;
  private buf = Buffer.alloc(0);
  /** File offset of buf[0]. */
  private base = 0;
  private pos = 0;
  private eof = false;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
    this.size = fstatSync(this.fd).size;
  }

  /** The first `n` bytes of the file (an RDB base starts with `REDIS`). */
  head(n: number): string {
    const b = Buffer.alloc(n);
    const got = readSync(this.fd, b, 0, n, 0);
    return b.toString('latin1', 0, got);
  }

  /** Absolute offset of the next byte to parse. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** The next step; 'need-more' only at end of file (a truncation), null at a clean end. */
  next(): ParseStep | null {
    for (;;) {
      const step = parseStep(this.buf, this.pos);
      if (step.kind === 'format-error') return { kind: 'format-error', at: this.base + step.at };
      if (step.kind !== 'need-more') {
        this.pos = step.end;
        return step.kind === 'command' ? { ...step, end: this.base + step.end } : { kind: 'annotation', end: this.base + step.end };
      }
      if (this.eof) return this.pos >= this.buf.length ? null : step;
      this.fill();
    }
  }

  private fill(): void {
    const rest = this.buf.subarray(this.pos);
    const want = Math.max(CHUNK, rest.length);
    const chunk = Buffer.allocUnsafe(want);
    const n = readSync(this.fd, chunk, 0, want, this.base + this.buf.length);
    if (n === 0) {
      this.eof = true;
      return;
    }
    this.base += this.pos;
    this.buf = rest.length === 0 ? chunk.subarray(0, n) : Buffer.concat([rest, chunk.subarray(0, n)]);
    this.pos = 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}

export class AofLoadError extends Error {}

export interface LoadingProgress {
  startTime: number;
  totalBytes: number;
  loadedBytes: number;
  startedAtMs: number;
}

/**
 * Read the manifest (upgrading a legacy single-file AOF first). Throws AofLoadError with Redis's
 * messages on a bad manifest.
 */
export function loadManifest(b: Broker, dir: string): Manifest {
  const filename = b.config.get('appendfilename');
  const workDir = path.dirname(dir);
  const mfile = path.join(dir, manifestName(filename));
  let m = new Manifest();
  if (existsSync(dir) && existsSync(mfile)) {
    try {
      m = parseManifest(readFileSync(mfile, 'latin1'));
    } catch (err) {
      if (err instanceof ManifestError) {
        const where = err.line !== null ? ` Reading the manifest file, at line ${err.lineNumber}: '${err.line}'.` : '';
        throw new AofLoadError(`*** FATAL AOF MANIFEST FILE ERROR *** ${err.reason}.${where}`);
      }
      throw err;
    }
  }
  const legacy = path.join(workDir, filename);
  if (existsSync(legacy)) {
    const upgrade =
      !existsSync(dir) ||
      (m.base === null && m.incr.length === 0) ||
      (m.base !== null && m.incr.length === 0 && m.base.file === filename && !existsSync(path.join(dir, filename)));
    if (upgrade) {
      mkdirSync(dir, { recursive: true });
      m = new Manifest();
      m.base = { file: filename, seq: 1, type: 'b' };
      m.baseSeq = 1;
      writeManifest(dir, filename, m);
      renameSync(legacy, path.join(dir, filename));
      b.log.notice(`Successfully migrated an old-style AOF file (${filename}) into the AOF directory (${path.basename(dir)}).`);
    }
  }
  return m;
}

/**
 * loadAppendOnlyFiles: replay base and incr files. Resolves with the base file's size (the
 * starting aof_rewrite_base_size); throws AofLoadError when the start must fail.
 */
export async function loadAppendOnlyFiles(b: Broker, dir: string, m: Manifest): Promise<number> {
  const files = m.loadOrder();
  if (files.length === 0) return 0;
  let total = 0;
  for (const f of files) {
    try {
      total += statSync(path.join(dir, f.file)).size;
    } catch (err) {
      throw new AofLoadError(`Unable to obtain the AOF file ${f.file} length. stat: ${(err as Error).message}`);
    }
  }
  if (total === 0) return 0;
  const progress: LoadingProgress = { startTime: Math.floor(Date.now() / 1000), totalBytes: total, loadedBytes: 0, startedAtMs: Date.now() };
  b.loadingProgress = progress;
  let baseSize = 0;
  const c = b.createInternalClient();
  c.loading = true;
  try {
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      const last = i === files.length - 1;
      const t0 = Date.now();
      const size = statSync(path.join(dir, f.file)).size;
      if (f.type === 'b') baseSize = size;
      const truncated = await loadSingleFile(b, c, dir, f.file, progress);
      if (truncated && !last) throw new AofLoadError('Fatal error: the truncated file is not the last file');
      b.log.notice(`DB loaded from ${f.type === 'b' ? 'base' : 'incr'} file ${f.file}: ${((Date.now() - t0) / 1000).toFixed(3)} seconds`);
    }
  } finally {
    b.loadingProgress = null;
  }
  return baseSize;
}

/** loadSingleAppendOnlyFile; true when the file was truncated (and loaded anyway). */
async function loadSingleFile(b: Broker, c: Client, dir: string, file: string, progress: LoadingProgress): Promise<boolean> {
  const full = path.join(dir, file);
  const reader = new AofFileReader(full);
  if (reader.size === 0) {
    reader.close();
    return false;
  }
  if (reader.head(5) === 'REDIS') {
    reader.close();
    throw new AofLoadError(
      `The AOF file ${file} is in RDB format (aof-use-rdb-preamble yes), which Pigeon cannot read: rewrite it with redis-server and aof-use-rdb-preamble no`,
    );
  }
  const baseLoaded = progress.loadedBytes;
  let validUpTo = 0;
  let validBeforeMulti = 0;
  let lastYield = performance.now();
  let loops = 0;
  let truncatedAt = -1;
  c.db = b.dbs[0]!;
  c.multi = null;
  try {
    for (;;) {
      if ((++loops & 1023) === 0) {
        progress.loadedBytes = baseLoaded + reader.offset;
        if (performance.now() - lastYield > LOAD_YIELD_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
      const step = reader.next();
      if (step === null) break;
      if (step.kind === 'annotation') continue;
      if (step.kind === 'format-error') {
        throw new AofLoadError(
          `Bad file format reading the append only file ${file} at offset ${step.at}: make a backup of your AOF file, then use pigeon check-aof --fix <filename.manifest>`,
        );
      }
      if (step.kind === 'need-more') {
        truncatedAt = validUpTo;
        break;
      }
      const argv = step.argv;
      const cmd = resolveCommand(b, argv);
      if (cmd === null) throw new AofLoadError(`Unknown command '${argv[0]}' reading the append only file ${file} at offset ${validUpTo}`);
      const a = cmd.arity;
      if ((a > 0 && argv.length !== a) || argv.length < -a) {
        throw new AofLoadError(`Wrong number of arguments for '${cmd.fullName}' reading the append only file ${file} at offset ${validUpTo}`);
      }
      if (cmd.fullName === 'multi') validBeforeMulti = validUpTo;
      const queue = c.multi as QueuedCommand[] | null;
      if (queue !== null && cmd.fullName !== 'exec') queue.push({ cmd, argv });
      else cmd.handler!(c, argv);
      c.r.out = '';
      validUpTo = step.end;
    }
    if (truncatedAt === -1 && c.multi !== null) {
      b.log.warning(`Revert incomplete MULTI/EXEC transaction in AOF file ${file}`);
      truncatedAt = validBeforeMulti;
    } else if (truncatedAt !== -1 && c.multi !== null) {
      truncatedAt = validBeforeMulti;
    }
  } finally {
    reader.close();
    c.multi = null;
    c.r.out = '';
  }
  progress.loadedBytes = baseLoaded + reader.size;
  if (truncatedAt === -1) return false;
  if (!b.config.bool('aof-load-truncated')) {
    throw new AofLoadError(
      `Unexpected end of file reading the append only file ${file} (last valid command ends at offset ${truncatedAt}). You can: 1) Make a backup of your AOF file, then use pigeon check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`,
    );
  }
  b.log.warning(`!!! Warning: short read while loading the AOF file ${file}!!!`);
  b.log.warning(`!!! Truncating the AOF ${file} at offset ${truncatedAt} !!!`);
  truncateSync(full, truncatedAt);
  b.log.warning(`AOF ${file} loaded anyway because aof-load-truncated is enabled`);
  return true;
}

/** The command (or subcommand) argv names, or null. */
function resolveCommand(b: Broker, argv: string[]): Command | null {
  const top = b.commands.get(argv[0]!);
  if (!top) return null;
  if (top.sub && argv.length >= 2) return top.sub.get(argv[1]!.toLowerCase()) ?? null;
  return top;
}
