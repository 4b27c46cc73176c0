/*
 * `pigeon check-aof [--fix] <file.manifest|file.aof>`: redis-check-aof's report and repair
 * (server/persistence/check.ts), on the terminal. --fix asks for confirmation on stdin.
 */

import { createInterface } from 'node:readline';
import { checkAof } from '../server/persistence/check.js';

export function runCheckAof(args: string[]): Promise<number> {
  return checkAof(args, {
    out: (line) => process.stdout.write(line + '\n'),
    confirm: (prompt) =>
      new Promise((resolve) => {
        process.stdout.write(prompt);
        const rl = createInterface({ input: process.stdin });
        let answered = false;
        rl.once('line', (line) => {
          answered = true;
          rl.close();
          resolve(line);
        });
        rl.once('close', () => {
          if (!answered) resolve('');
        });
      }),
  });
}
