/*
 * `pigeon check-aof [--fix] <file.manifest|file.aof>`: redis-check-aof (Redis 7.0), same checks,
 * same report lines, same exit codes, so that runbooks written for Redis apply.
 *
 * A manifest (first non-comment line starts with `file`) is checked as a multi-part AOF: the base,
 * then every incr file, from the manifest's directory. Anything else is an "old-style" single
 * file. Each file is read command by command with the strict rules of redis-check-aof: `*<argc>`
 * and `$<len>` lines must end in CRLF, each argument must be followed by CRLF, MULTI/EXEC must
 * pair up; `#` lines are annotations. `ok_up_to` is the offset after the last complete command
 * (or complete transaction). With --fix, after confirmation on stdin ("Continue? [y/N]: "), the
 * last file is truncated there; a damaged file that is not the last cannot be fixed.
 *
 * Errors are reported as redis-check-aof does: `0x<offset %16llx>: <reason>`.
 *
 * Exit code 0 when everything is valid (or was fixed), 1 otherwise.
 */

import { closeSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ManifestError, parseManifest } from './manifest.js';

export interface CheckIo {
  out(line: string): void;
  /** Ask the user; resolves with the answer line. */
  confirm(prompt: string): Promise<string>;
}

class CheckAbort extends Error {
  constructor(readonly code: number) {
    super('abort');
  }
}

type SingleResult = 'ok' | 'empty' | 'truncated';

/** Offset printed as redis-check-aof's "0x%16llx". */
function hexPos(n: number): string {
  return '0x' + n.toString(16).padStart(16, ' ');
}

function hex2(b: number | undefined): string {
  return (b ?? 0).toString(16).padStart(2, '0');
}

class Checker {
  /** redis-check-aof's global line counter (not reset between files). */
  private line = 1;
  private error = '';
  private epos = 0;

  constructor(private readonly io: CheckIo) {}

  private setError(msg: string): void {
    this.error = `${hexPos(this.epos)}: ${msg}`;
  }

  /** fgets with a small buffer: the line (with its \n) or null at end of file. */
  private fgets(buf: Buffer, pos: number, max: number): { text: Buffer; next: number } | null {
    if (pos >= buf.length) return null;
    const nl = buf.indexOf(10, pos);
    let end = nl === -1 ? buf.length : nl + 1;
    if (end - pos > max - 1) end = pos + max - 1;
    return { text: buf.subarray(pos, end), next: end };
  }

  /** readLong: `<prefix><number>\r\n`; returns [value, next] or null. */
  private readLong(buf: Buffer, pos: number, prefix: number): [number, number] | null {
    this.epos = pos;
    const l = this.fgets(buf, pos, 128);
    if (l === null) return null;
    if (l.text[0] !== prefix) {
      this.setError(`Expected prefix '${String.fromCharCode(prefix)}', got: '${String.fromCharCode(l.text[0]!)}'`);
      return null;
    }
    // strtol: optional spaces and sign, digits.
    let i = 1;
    const t = l.text;
    while (i < t.length && (t[i] === 0x20 || t[i] === 0x09)) i++;
    let neg = false;
    if (t[i] === 0x2d || t[i] === 0x2b) {
      neg = t[i] === 0x2d;
      i++;
    }
    let n = 0;
    const digitsFrom = i;
    while (i < t.length && t[i]! >= 0x30 && t[i]! <= 0x39) n = n * 10 + (t[i++]! - 0x30);
    if (i === digitsFrom) i = 1;
    if (!this.consumeNewline(t[i], t[i + 1])) return null;
    return [neg ? -n : n, l.next];
  }

  private consumeNewline(a: number | undefined, b: number | undefined): boolean {
    if (a !== 0x0d || b !== 0x0a) {
      this.setError(`Expected \\r\\n, got: ${hex2(a)}${hex2(b)}`);
      return false;
    }
    this.line++;
    return true;
  }

  /** processRESP: one command; false when it stopped on an error (or end of file). */
  private processResp(buf: Buffer, pos: number, file: string, st: { multi: number; pos: number }): boolean {
    const argc = this.readLong(buf, pos, 0x2a);
    if (argc === null) return false;
    let p = argc[1];
    for (let i = 0; i < argc[0]; i++) {
      const len = this.readLong(buf, p, 0x24);
      if (len === null) return false;
      p = len[1];
      if (len[0] < 0) {
        this.setError(`Expected to read string of ${len[0]} bytes, which is not in the suitable range`);
        return false;
      }
      this.epos = p;
      const want = len[0] + 2;
      const got = Math.min(want, buf.length - p);
      if (got !== want) {
        this.setError(`Expected to read ${want} bytes, got ${got} bytes`);
        st.pos = -1;
        return false;
      }
      if (!this.consumeNewline(buf[p + want - 2], buf[p + want - 1])) return false;
      if (i === 0) {
        const name = buf.toString('latin1', p, p + len[0]).toLowerCase();
        if (name === 'multi') {
          if (st.multi++ !== 0) {
            this.setError(`Unexpected MULTI in AOF ${file}`);
            return false;
          }
        } else if (name === 'exec') {
          if (--st.multi !== 0) {
            this.setError(`Unexpected EXEC in AOF ${file}`);
            return false;
          }
        }
      }
      p += want;
    }
    st.pos = p;
    return true;
  }

  /** checkSingleAof */
  async single(file: string, full: string, last: boolean, fix: boolean): Promise<SingleResult> {
    let buf: Buffer;
    try {
      buf = readFileSync(full);
    } catch (err) {
      this.io.out(`Cannot open file ${full}: ${(err as Error).message}, aborting...`);
      throw new CheckAbort(1);
    }
    const size = buf.length;
    if (size === 0) return 'empty';
    this.error = '';
    let pos = 0;
    let cur = 0;
    const st = { multi: 0, pos: 0 };
    let atEof = false;
    for (;;) {
      if (st.multi === 0) pos = cur;
      if (cur >= size) {
        atEof = true;
        break;
      }
      const first = buf[cur];
      if (first === 0x23) {
        this.epos = cur;
        const l = this.fgets(buf, cur, 1024);
        cur = l === null ? size : l.next;
      } else if (first === 0x2a) {
        if (!this.processResp(buf, cur, full, st)) {
          atEof = this.error === '' || st.pos === -1;
          break;
        }
        cur = st.pos;
      } else {
        this.io.out(`AOF ${file} format error`);
        break;
      }
    }
    if (atEof && st.multi !== 0 && this.error === '') {
      this.setError('Reached EOF before reading EXEC for MULTI');
    }
    if (this.error !== '') this.io.out(this.error);
    const diff = size - pos;
    this.io.out(`AOF analyzed: filename=${file}, size=${size}, ok_up_to=${pos}, ok_up_to_line=${this.line}, diff=${diff}`);
    if (diff > 0) {
      if (!fix) {
        this.io.out(`AOF ${file} is not valid. Use the --fix option to try fixing it.`);
        throw new CheckAbort(1);
      }
      if (!last) {
        this.io.out(`Failed to truncate AOF ${file} because it is not the last file`);
        throw new CheckAbort(1);
      }
      this.io.out(`This will shrink the AOF ${file} from ${size} bytes, with ${diff} bytes, to ${pos} bytes`);
      const answer = await this.io.confirm('Continue? [y/N]: ');
      if (!answer.toLowerCase().startsWith('y')) {
        this.io.out('Aborting...');
        throw new CheckAbort(1);
      }
      const fd = openSync(full, 'r+');
      try {
        ftruncateSync(fd, pos);
      } finally {
        closeSync(fd);
      }
      return 'truncated';
    }
    return 'ok';
  }
}

/** fileIsManifest: the first line that is not a comment starts with `file`. */
function isManifest(full: string): boolean {
  let text: string;
  try {
    text = readFileSync(full, 'latin1');
  } catch {
    return false;
  }
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    return line.startsWith('file');
  }
  return false;
}

/** Run the check; resolves with the exit code. */
export async function checkAof(args: readonly string[], io: CheckIo): Promise<number> {
  let fix = false;
  let target: string | null = null;
  for (const a of args) {
    if (a === '--fix') fix = true;
    else target = a;
  }
  if (target === null || args.length > 2) {
    io.out('Usage: pigeon check-aof [--fix] <file.manifest|file.aof>');
    return 1;
  }
  const checker = new Checker(io);
  try {
    if (isManifest(target)) {
      io.out('Start checking Multi Part AOF');
      let m;
      try {
        m = parseManifest(readFileSync(target, 'latin1'));
      } catch (err) {
        if (err instanceof ManifestError) {
          io.out(`*** FATAL AOF MANIFEST FILE ERROR *** ${err.reason}`);
          return 1;
        }
        throw err;
      }
      const dir = path.dirname(target);
      const total = (m.base ? 1 : 0) + m.incr.length;
      let n = 0;
      if (m.base) {
        const last = ++n === total;
        io.out('Start to check BASE AOF (RESP format).');
        const r = await checker.single(m.base.file, path.join(dir, m.base.file), last, fix);
        if (r === 'ok') io.out(`BASE AOF ${m.base.file} is valid`);
        else if (r === 'empty') io.out(`BASE AOF ${m.base.file} is empty`);
        else io.out(`Successfully truncated AOF ${m.base.file}`);
      }
      if (m.incr.length !== 0) {
        io.out('Start to check INCR files.');
        for (const f of m.incr) {
          const last = ++n === total;
          const r = await checker.single(f.file, path.join(dir, f.file), last, fix);
          if (r === 'ok') io.out(`INCR AOF ${f.file} is valid`);
          else if (r === 'empty') io.out(`INCR AOF ${f.file} is empty`);
          else io.out(`Successfully truncated AOF ${f.file}`);
        }
      }
      io.out('All AOF files and manifest are valid');
      return 0;
    }
    io.out('Start checking Old-Style AOF');
    const name = target;
    const r = await checker.single(name, target, true, fix);
    if (r === 'ok') io.out(`AOF ${name} is valid`);
    else if (r === 'empty') io.out(`Empty AOF ${name}`);
    else io.out(`Successfully truncated AOF ${name}`);
    return 0;
  } catch (err) {
    if (err instanceof CheckAbort) return err.code;
    throw err;
  }
}
