/*
 * The crash harness (bench/crash.ts) in CI: 20 rounds of kill -9 with appendfsync always, every
 * acknowledged write checked after each restart, the directory must always load. The broker runs
 * from the TypeScript sources through tsx (no build needed).
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCrash } from '../../bench/crash.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('AOF crash harness: 20 kill -9 rounds with appendfsync always lose no acknowledged write', { timeout: 120_000 }, async () => {
  const r = await runCrash({
    rounds: 20,
    fsync: 'always',
    command: [process.execPath, '--import', 'tsx', 'src/cli/main.ts'],
    cwd: root,
    minMs: 30,
    maxMs: 250,
  });
  assert.equal(r.rounds, 20);
  assert.deepEqual(r.failures, []);
  assert.equal(r.failedLoads, 0);
  assert.equal(r.lost + r.lostRecent, 0);
  assert.ok(r.acknowledged > 1000, `only ${r.acknowledged} writes acknowledged`);
});
