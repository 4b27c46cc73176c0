#!/usr/bin/env node
/*
 * The `pigeon` command.
 *
 *   pigeon server [config-file] [--option value ...]
 *
 * As redis-server: the config file uses redis.conf syntax (one `name value...` per line, `#`
 * comments, quoted values), and every parameter can also be given as a flag, flags winning over the
 * file. Later subcommands (check-aof, ...) register here.
 */

import { Command } from 'commander';
import { runServer } from './server.js';
import { runCheckAof } from './check-aof.js';

const program = new Command();
program.name('pigeon').description('Pigeon: a Redis-protocol message broker');

program
  .command('server')
  .description('start the broker (redis-server compatible options)')
  .argument('[args...]', 'an optional config file, then --name value pairs')
  .allowUnknownOption(true)
  .helpOption(false)
  .action(async (args: string[]) => {
    process.exitCode = await runServer(args);
  });

program
  .command('check-aof')
  .description('check (and with --fix repair) an append-only file or manifest, as redis-check-aof')
  .argument('<args...>', '[--fix] <file.manifest|file.aof>')
  .allowUnknownOption(true)
  .helpOption(false)
  .action(async (args: string[]) => {
    process.exitCode = await runCheckAof(args);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
