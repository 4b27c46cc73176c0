#!/usr/bin/env node
/*
 * Run the test suite: every test/**\/*.test.ts file, through node's test runner with tsx.
 *
 *   node scripts/run-tests.mjs                      all tests
 *   node scripts/run-tests.mjs differential proto   only files whose path contains one of the words
 *   node scripts/run-tests.mjs server -- --test-name-pattern=XACK
 *                                                   arguments after `--` go to node as they are
 *
 * Files are found by a recursive walk and run in sorted order, two files at a time (each file is
 * its own process; differential files each start a broker and a redis-server).
 */

import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const argv = process.argv.slice(2);
const dashes = argv.indexOf('--');
const filters = dashes < 0 ? argv : argv.slice(0, dashes);
const nodeArgs = dashes < 0 ? [] : argv.slice(dashes + 1);

const files = walk(path.join(root, 'test'))
  .map((f) => path.relative(root, f).split(path.sep).join('/'))
  .sort()
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)));

if (files.length === 0) {
  console.error(`no test files match ${filters.length ? filters.map((f) => JSON.stringify(f)).join(', ') : 'test/**/*.test.ts'}`);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...nodeArgs, ...files],
  { cwd: root, stdio: 'inherit' },
);

// Ctrl-C reaches the child through the terminal's process group; a SIGTERM sent to this script
// alone is passed on to the child (ChildProcess.kill signals its PID).
process.on('SIGTERM', () => child.kill('SIGTERM'));

child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
