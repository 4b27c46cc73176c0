/*
 * Compatibility both ways with redis-server 7.0.15 (aof-use-rdb-preamble no): a data directory
 * written by Pigeon loads in redis-server with the same data, and one written by redis-server
 * (incr files, and a rewritten base) loads in Pigeon. The data is compared through the protocol
 * (helpers.ts dump()).
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawClient } from '../helpers/raw.js';
import { startReference, findRedisServer } from '../helpers/reference.js';
import { cmd, dump, startAofBroker, tempDir, waitRewrite } from './helpers.js';
import { FAMILY_SCRIPTS } from './scripts.js';

const skip = findRedisServer() === null && process.env.CI !== 'true' ? 'redis-server not installed' : false;

const REF_AOF = ['--appendonly', 'yes', '--aof-use-rdb-preamble', 'no', '--appendfsync', 'always'];

async function run(port: number, script: readonly string[][]): Promise<void> {
  const c = await RawClient.connect(port);
  try {
    for (const a of script) await cmd(c, ...a);
  } finally {
    await c.close();
  }
}

const ALL = Object.values(FAMILY_SCRIPTS).flat();
const MORE: string[][] = [['SET', 'after', 'rewrite'], ['LPUSH', 'l', 'late'], ['XADD', 'st', '*', 'late', '1'], ['PEXPIRE', 'h', '99999999']];

for (const rewrite of [false, true]) {
  test(`interop: a directory written by Pigeon loads in redis-server 7.0.15${rewrite ? ' (after BGREWRITEAOF)' : ''}`, { skip }, async () => {
    const t = tempDir();
    try {
      const p = await startAofBroker(t.dir);
      await run(p.port, ALL);
      if (rewrite) {
        const c = await RawClient.connect(p.port);
        assert.equal(await cmd(c, 'BGREWRITEAOF'), 'Background append only file rewriting started');
        await waitRewrite(c);
        await c.close();
        await run(p.port, MORE);
      }
      const expected = await dump(p.port);
      await p.close();
      const ref = await startReference(['--dir', t.dir, ...REF_AOF]);
      assert.ok(ref);
      try {
        assert.deepEqual(await dump(ref.port), expected);
      } finally {
        await ref.close();
      }
    } finally {
      t.remove();
    }
  });

  test(`interop: a directory written by redis-server 7.0.15 loads in Pigeon${rewrite ? ' (after BGREWRITEAOF)' : ''}`, { skip }, async () => {
    const t = tempDir();
    try {
      const ref = await startReference(['--dir', t.dir, ...REF_AOF]);
      assert.ok(ref);
      let expected: Record<string, unknown>;
      try {
        await run(ref.port, ALL);
        if (rewrite) {
          const c = await RawClient.connect(ref.port);
          assert.equal(await cmd(c, 'BGREWRITEAOF'), 'Background append only file rewriting started');
          await waitRewrite(c);
          await c.close();
          await run(ref.port, MORE);
        }
        expected = await dump(ref.port);
      } finally {
        await ref.close();
      }
      const p = await startAofBroker(t.dir);
      try {
        assert.deepEqual(await dump(p.port), expected);
      } finally {
        await p.close();
      }
    } finally {
      t.remove();
    }
  });
}
