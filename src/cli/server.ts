/*
 * `pigeon server`: parse redis.conf syntax and --flags into config, start the broker, and stop it
 * cleanly on SIGINT / SIGTERM / SHUTDOWN.
 */

import { readFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { splitArgs } from '../protocol/decoder.js';
import { createBroker, PIGEON_VERSION } from '../server/index.js';

/** redis.conf lines -> [name, value] pairs (multi-word values joined by a space, as Redis does). */
export function parseConfigText(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const words = splitArgs(line);
    if (words === null || words.length === 0) throw new Error(`Bad directive or wrong number of arguments at line ${n + 1}: ${line}`);
    out.push([words[0]!.toLowerCase(), words.slice(1).join(' ')]);
  }
  return out;
}

/** `[config-file] --name value ...` -> [name, value] pairs, file first so flags win. */
export function parseServerArgs(args: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  let i = 0;
  if (args[0] !== undefined && !args[0].startsWith('--')) {
    pairs.push(...parseConfigText(readFileSync(args[0], 'utf8')));
    i = 1;
  }
  while (i < args.length) {
    const a = args[i]!;
    if (!a.startsWith('--')) throw new Error(`Unexpected argument '${a}': options are given as --name value`);
    const name = a.slice(2).toLowerCase();
    const vals: string[] = [];
    i++;
    while (i < args.length && !args[i]!.startsWith('--')) vals.push(args[i++]!);
    pairs.push([name, vals.join(' ')]);
  }
  return pairs;
}

export async function runServer(args: string[]): Promise<number> {
  const options: Record<string, string> = { loglevel: 'notice', appendonly: 'yes' };
  const saves: string[] = [];
  for (const [k, v] of parseServerArgs(args)) {
    // Redis accumulates `save` lines (each adds a point) and `save ""` clears them.
    if (k === 'save') {
      if (v.trim() === '') saves.length = 0;
      else saves.push(v);
      options[k] = saves.join(' ');
    } else options[k] = v;
  }
  const configFile = args[0] !== undefined && !args[0].startsWith('--') ? resolve(args[0]) : '';
  const dir = options['dir'];
  if (dir) {
    mkdirSync(dir, { recursive: true });
    process.chdir(dir);
    options['dir'] = process.cwd();
  }
  const broker = createBroker(options);
  broker.configFile = configFile;
  broker.log.notice(`Pigeon ${PIGEON_VERSION} (Redis ${'7.0.15'} compatible) starting, pid=${process.pid}`);
  const port = await broker.listen();
  return new Promise<number>((done) => {
    const stop = (sig: string) => {
      broker.log.warning(`Received ${sig}, scheduling shutdown...`);
      void broker.close().then(() => done(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    broker.onShutdown = () => done(0);
    void port;
  });
}
