/*
 * Redis-style log lines: `pid:M 22 Nov 2026 03:48:48.123 * message`, filtered by `loglevel`, written
 * to `logfile` (empty = stdout). Embedded brokers default to `loglevel warning` unless configured,
 * so tests stay quiet.
 */

import { appendFileSync } from 'node:fs';
import type { Config } from './config.js';

const LEVELS = { debug: 0, verbose: 1, notice: 2, warning: 3, nothing: 4 } as const;
const MARKS = ['.', '-', '*', '#'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export class Logger {
  constructor(private readonly config: Config) {}

  private write(level: 0 | 1 | 2 | 3, msg: string): void {
    const cur = LEVELS[this.config.get('loglevel') as keyof typeof LEVELS] ?? 2;
    if (level < cur) return;
    const d = new Date();
    const ts = `${String(d.getDate()).padStart(2, '0')} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}.${String(d.getMilliseconds()).padStart(3, '0')}`;
    const line = `${process.pid}:M ${ts} ${MARKS[level]} ${msg}\n`;
    const file = this.config.get('logfile');
    if (file) {
      try {
        appendFileSync(file, line);
      } catch {
        process.stderr.write(line);
      }
    } else {
      process.stdout.write(line);
    }
  }

  debug(msg: string): void {
    this.write(0, msg);
  }
  verbose(msg: string): void {
    this.write(1, msg);
  }
  notice(msg: string): void {
    this.write(2, msg);
  }
  warning(msg: string): void {
    this.write(3, msg);
  }
}
