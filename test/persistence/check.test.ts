/*
 * `pigeon check-aof` against redis-check-aof 7.0.15: the same report lines and exit code for a
 * valid manifest, truncated and corrupted files, unbalanced MULTI/EXEC, and the same repair with
 * --fix. Skipped when redis-check-aof is not installed (it comes with redis-server).
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findRedisServer } from '../helpers/reference.js';
import { checkAof } from '../../src/server/persistence/check.js';
import { cmd, startAofBroker, tempDir } from './helpers.js';
import { RawClient } from '../helpers/raw.js';

const server = findRedisServer();
const checker = server === null ? null : path.join(path.dirname(server), 'redis-check-aof');
const skip = checker === null ? 'redis-check-aof not installed' : false;

function redisCheck(args: string[], cwd: string, input = ''): Promise<{ out: string; code: number }> {
  return new Promise((resolve) => {
    const child = execFile(checker!, args, { cwd }, (err, stdout) => {
      resolve({ out: stdout, code: err ? ((err as { code?: number }).code ?? 1) : 0 });
    });
    child.stdin!.end(input);
  });
}

async function pigeonCheck(args: string[], cwd: string, answer = ''): Promise<{ out: string; code: number }> {
  let out = '';
  const prev = process.cwd();
  process.chdir(cwd);
  try {
    const code = await checkAof(args, {
      out: (l) => (out += l + '\n'),
      confirm: (p) => {
        out += p;
        return Promise.resolve(answer);
      },
    });
    return { out, code };
  } finally {
    process.chdir(prev);
  }
}

test('check-aof: reports like redis-check-aof', { skip }, async () => {
  const t = tempDir();
  try {
    const b = await startAofBroker(t.dir);
    const c = await RawClient.connect(b.port);
    for (let i = 0; i < 50; i++) await cmd(c, 'SET', `k${i}`, 'v'.repeat(i));
    await cmd(c, 'MULTI');
    await cmd(c, 'INCR', 'n');
    await cmd(c, 'LPUSH', 'l', 'x');
    await cmd(c, 'EXEC');
    await c.close();
    await b.close();
    const d = path.join(t.dir, 'appendonlydir');
    const incr = readFileSync(path.join(d, 'appendonly.aof.1.incr.aof'));
    const cases: Array<[string, Buffer]> = [
      ['truncated.aof', incr.subarray(0, incr.length - 7)],
      ['corrupt.aof', Buffer.concat([incr.subarray(0, 100), Buffer.from('garbage'), incr.subarray(107)])],
      ['format.aof', Buffer.concat([incr, Buffer.from('XXXX')])],
      ['openmulti.aof', Buffer.concat([incr, Buffer.from('*1\r\n$5\r\nMULTI\r\n*2\r\n$3\r\nDEL\r\n$1\r\nx\r\n')])],
      ['exec.aof', Buffer.from('*1\r\n$4\r\nEXEC\r\n')],
      ['annotated.aof', Buffer.concat([Buffer.from('#TS:1700000000\r\n'), incr])],
    ];
    for (const [name, data] of cases) writeFileSync(path.join(d, name), data);
    for (const target of ['appendonly.aof.manifest', 'appendonly.aof.1.incr.aof', ...cases.map((x) => x[0])]) {
      const want = await redisCheck([target], d);
      const got = await pigeonCheck([target], d);
      assert.equal(got.out, want.out, target);
      assert.equal(got.code, want.code, target);
    }
    // --fix truncates the same way.
    copyFileSync(path.join(d, 'truncated.aof'), path.join(d, 'fix-redis.aof'));
    copyFileSync(path.join(d, 'truncated.aof'), path.join(d, 'fix-pigeon.aof'));
    const want = await redisCheck(['--fix', 'fix-redis.aof'], d, 'y\n');
    const got = await pigeonCheck(['--fix', 'fix-pigeon.aof'], d, 'y');
    assert.equal(got.out.replaceAll('fix-pigeon', 'fix-redis'), want.out);
    assert.equal(got.code, 0);
    assert.deepEqual(readFileSync(path.join(d, 'fix-pigeon.aof')), readFileSync(path.join(d, 'fix-redis.aof')));
    // A truncated last incr file named by the manifest is repaired through the manifest too.
    writeFileSync(path.join(d, 'appendonly.aof.1.incr.aof'), incr.subarray(0, incr.length - 3));
    const fixed = await pigeonCheck(['--fix', 'appendonly.aof.manifest'], d, 'y');
    assert.equal(fixed.code, 0);
    assert.equal((await redisCheck(['appendonly.aof.manifest'], d)).code, 0);
  } finally {
    t.remove();
  }
});
