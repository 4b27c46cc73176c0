/*
 * The AOF manifest: Redis 7's multi-part append-only layout.
 *
 * The AOF is a directory (`appenddirname`, default appendonlydir) holding one base file, zero or
 * more incremental files, and a manifest that lists them in load order:
 *
 *   file appendonly.aof.2.base.aof seq 2 type b
 *   file appendonly.aof.1.incr.aof seq 1 type h
 *   file appendonly.aof.3.incr.aof seq 3 type i
 *
 * `b` is the base (a snapshot written by a rewrite; at most one, always first), `h` history files
 * (the base and incr files a finished rewrite replaced, deleted soon after), `i` the incremental
 * files, loaded after the base in increasing `seq`. Names are `<appendfilename>.<seq>.base.aof`
 * (Pigeon always writes its base in AOF format; Redis writes `.base.rdb` when aof-use-rdb-preamble
 * is yes) and `<appendfilename>.<seq>.incr.aof`. Each line is sdssplitargs syntax: a name that
 * needs quoting is written as sdscatrepr does.
 *
 * The manifest is only ever replaced atomically (writeManifest): write `temp-<name>.manifest`,
 * fsync it, rename it over the manifest, fsync the directory. A crash at any point leaves either
 * the old or the new manifest, and both name files that exist (new files are created before the
 * manifest that names them, old ones deleted after the manifest that drops them).
 *
 * Parsing errors are Redis's texts (aofLoadManifestFromFile) so that operators recognise them.
 */

import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { splitArgs } from '../../protocol/decoder.js';

export type AofFileType = 'b' | 'h' | 'i';

export interface AofInfo {
  file: string;
  seq: number;
  type: AofFileType;
}

export class Manifest {
  base: AofInfo | null = null;
  history: AofInfo[] = [];
  incr: AofInfo[] = [];
  baseSeq = 0;
  incrSeq = 0;

  clone(): Manifest {
    const m = new Manifest();
    m.base = this.base ? { ...this.base } : null;
    m.history = this.history.map((a) => ({ ...a }));
    m.incr = this.incr.map((a) => ({ ...a }));
    m.baseSeq = this.baseSeq;
    m.incrSeq = this.incrSeq;
    return m;
  }

  /** Base then incr files: the files to load, in order. */
  loadOrder(): AofInfo[] {
    return this.base ? [this.base, ...this.incr] : [...this.incr];
  }

  /** getNewIncrAofName: append a new incr file and return its name. */
  newIncr(filename: string): string {
    const file = `${filename}.${++this.incrSeq}.incr.aof`;
    this.incr.push({ file, seq: this.incrSeq, type: 'i' });
    return file;
  }

  /** getNewBaseFileNameAndMarkPreAsHistory. */
  newBase(filename: string): string {
    if (this.base) this.history.unshift({ ...this.base, type: 'h' });
    const file = `${filename}.${++this.baseSeq}.base.aof`;
    this.base = { file, seq: this.baseSeq, type: 'b' };
    return file;
  }

  /** markRewrittenIncrAofAsHistory: every incr file but the last (the one being written). */
  incrToHistory(keepLast: boolean): void {
    const keep = keepLast ? this.incr.slice(-1) : [];
    const old = keepLast ? this.incr.slice(0, -1) : this.incr;
    for (let i = old.length - 1; i >= 0; i--) this.history.unshift({ ...old[i]!, type: 'h' });
    this.incr = keep;
  }

  /** getAofManifestAsString */
  format(): string {
    let out = '';
    const line = (a: AofInfo): void => {
      out += `file ${needsRepr(a.file) ? repr(a.file) : a.file} seq ${a.seq} type ${a.type}\n`;
    };
    if (this.base) line(this.base);
    for (const a of this.history) line(a);
    for (const a of this.incr) line(a);
    return out;
  }
}

export class ManifestError extends Error {
  constructor(
    readonly reason: string,
    readonly lineNumber: number,
    readonly line: string | null,
  ) {
    super(line !== null ? `${reason} (manifest line ${lineNumber}: '${line}')` : reason);
  }
}

const MANIFEST_MAX_LINE = 1024;

/** aofLoadManifestFromFile on the manifest's text; throws ManifestError with Redis's reasons. */
export function parseManifest(text: string): Manifest {
  const m = new Manifest();
  let maxSeq = 0;
  let linenum = 0;
  let pos = 0;
  if (text.length === 0) throw new ManifestError('Found an empty AOF manifest', 0, null);
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const raw = nl === -1 ? text.slice(pos) : text.slice(pos, nl + 1);
    pos = nl === -1 ? text.length : nl + 1;
    linenum++;
    if (raw[0] === '#') continue;
    if (raw.length > MANIFEST_MAX_LINE || nl === -1) {
      throw new ManifestError('The AOF manifest file contains too long line', linenum, null);
    }
    const line = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (line.length === 0) throw new ManifestError('Invalid AOF manifest file format', linenum, line);
    const argv = splitArgs(line);
    if (argv === null || argv.length < 6 || argv.length % 2 !== 0) {
      throw new ManifestError('Invalid AOF manifest file format', linenum, line);
    }
    let file: string | null = null;
    let seq = 0;
    let type = '';
    for (let i = 0; i < argv.length; i += 2) {
      const k = argv[i]!.toLowerCase();
      const v = argv[i + 1]!;
      if (k === 'file') {
        file = v;
        if (path.basename(v) !== v) throw new ManifestError("File can't be a path, just a filename", linenum, line);
      } else if (k === 'seq') {
        seq = atoll(v);
      } else if (k === 'type') {
        type = v[0] ?? '';
      }
    }
    if (file === null || file === '' || seq === 0 || type === '') {
      throw new ManifestError('Invalid AOF manifest file format', linenum, line);
    }
    if (type === 'b') {
      if (m.base) throw new ManifestError('Found duplicate base file information', linenum, line);
      m.base = { file, seq, type };
      m.baseSeq = seq;
    } else if (type === 'h') {
      m.history.push({ file, seq, type });
    } else if (type === 'i') {
      if (seq <= maxSeq) throw new ManifestError('Found a non-monotonic sequence number', linenum, line);
      m.incr.push({ file, seq, type });
      m.incrSeq = seq;
      maxSeq = seq;
    } else {
      throw new ManifestError('Unknown AOF file type', linenum, line);
    }
  }
  return m;
}

/** C atoll: leading spaces, optional sign, digits; anything else stops the number. */
function atoll(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** sdsneedsrepr */
function needsRepr(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c || c === 0x22 || c < 0x21 || c > 0x7e) return true;
  }
  return false;
}

/** sdscatrepr */
function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}

export function manifestName(filename: string): string {
  return `${filename}.manifest`;
}

/**
 * writeAofManifestFile: temp file, fsync, rename over the manifest, fsync the directory, so that
 * the switch is atomic and durable.
 */
export function writeManifest(dir: string, filename: string, m: Manifest): void {
  const name = manifestName(filename);
  const tmp = path.join(dir, `temp-${name}`);
  const fd = openSync(tmp, 'w', 0o644);
  try {
    const buf = Buffer.from(m.format(), 'latin1');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path.join(dir, name));
  fsyncDir(dir);
}

/** fsync a directory so that renames and creations in it are durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
