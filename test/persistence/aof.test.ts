/*
 * The append-only file: every write family survives a restart, the file says what Redis 7.0
 * would write, truncation and corruption are handled as Redis handles them, rewrites (manual,
 * automatic, under concurrent writes) keep the data, -LOADING during a load, and the
 * appendfsync always ordering (no reply before the fsync), checked through a seam.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { RawClient } from '../helpers/raw.js';
import { freePort } from '../helpers/reference.js';
import { createBroker } from '../../src/server/index.js';
import type { Client } from '../../src/server/client.js';
import { assertSameAfterRestart, cmd, dump, infoField, pipeline, poll, startAofBroker, tempDir, waitRewrite } from './helpers.js';
import { FAMILY_SCRIPTS } from './scripts.js';

function allScripts(): string[][] {
  return Object.values(FAMILY_SCRIPTS).flat();
}

async function runScript(port: number, script: readonly string[][]): Promise<void> {
  const c = await RawClient.connect(port);
  try {
    for (const a of script) await cmd(c, ...a);
  } finally {
    await c.close();
  }
}

function aofDir(dir: string): string {
  return path.join(dir, 'appendonlydir');
}

function readIncr(dir: string): string {
  const m = readFileSync(path.join(aofDir(dir), 'appendonly.aof.manifest'), 'latin1');
  const last = [...m.matchAll(/file (\S+) seq \d+ type i/g)].pop()![1]!;
  return readFileSync(path.join(aofDir(dir), last), 'latin1');
}

for (const [family, script] of Object.entries(FAMILY_SCRIPTS)) {
  test(`AOF: ${family} writes survive a restart`, async () => {
    const t = tempDir();
    try {
      const a = await startAofBroker(t.dir);
      await runScript(a.port, script);
      const before = await assertSameAfterRestart(a, t.dir);
      assert.ok(Object.keys(before).length > 0);
    } finally {
      t.remove();
    }
  });
}

test('AOF: writes are logged as Redis 7.0 propagates them', async () => {
  const t = tempDir();
  try {
    const a = await startAofBroker(t.dir);
    const c = await RawClient.connect(a.port);
    await cmd(c, 'SET', 'k', 'v', 'EX', '100');
    await cmd(c, 'INCRBYFLOAT', 'f', '1.5');
    await cmd(c, 'SADD', 's', 'a', 'b', 'c');
    await cmd(c, 'SPOP', 's', '2');
    await cmd(c, 'MULTI');
    await cmd(c, 'SET', 'x', '1');
    await cmd(c, 'SET', 'y', '2');
    await cmd(c, 'EXEC');
    await cmd(c, 'SET', 'gone', '1', 'PX', '1');
    await poll(() => a.broker.dbs[0]!.getExpire('gone')! < Date.now(), 'the deadline');
    await cmd(c, 'SET', 'gone', '2');
    await c.close();
    await a.close();
    const text = readIncr(t.dir);
    const lines = text.split('\r\n');
    const cmds: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith('*')) continue;
      const n = Number(lines[i]!.slice(1));
      const args: string[] = [];
      for (let j = 0; j < n; j++) args.push(lines[i + 2 + j * 2]!);
      cmds.push(args.join(' ').replace(/\b\d{13}\b/g, 'T'));
    }
    assert.equal(cmds[0], 'SELECT 0');
    assert.equal(cmds[1], 'SET k v PXAT T');
    assert.equal(cmds[2], 'SET f 1.5 KEEPTTL');
    assert.equal(cmds[3], 'SADD s a b c');
    assert.deepEqual([cmds[4], cmds[5]!.slice(0, 6), cmds[6]!.slice(0, 6), cmds[7]], ['MULTI', 'SREM s', 'SREM s', 'EXEC']);
    assert.deepEqual(cmds.slice(8, 12), ['MULTI', 'SET x 1', 'SET y 2', 'EXEC']);
    assert.deepEqual(cmds.slice(12), ['SET gone 1 PXAT T', 'MULTI', 'DEL gone', 'SET gone 2', 'EXEC']);
  } finally {
    t.remove();
  }
});

test('AOF: the directory has a manifest, a base and an incr file named as Redis names them', async () => {
  const t = tempDir();
  try {
    const a = await startAofBroker(t.dir);
    await a.close();
    assert.deepEqual(readdirSync(aofDir(t.dir)).sort(), ['appendonly.aof.1.base.aof', 'appendonly.aof.1.incr.aof', 'appendonly.aof.manifest']);
    assert.equal(
      readFileSync(path.join(aofDir(t.dir), 'appendonly.aof.manifest'), 'latin1'),
      'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n',
    );
  } finally {
    t.remove();
  }
});

test('AOF: keys keep their absolute deadlines, and keys already past them are expired after the load', async () => {
  const t = tempDir();
  try {
    const a = await startAofBroker(t.dir);
    const c = await RawClient.connect(a.port);
    await cmd(c, 'SET', 'long', 'v', 'EX', '1000');
    await cmd(c, 'SET', 'short', 'v', 'PX', '30');
    const deadline = (await cmd(c, 'PEXPIRETIME', 'long')) as number;
    await c.close();
    await a.close();
    await new Promise((r) => setTimeout(r, 40));
    const b = await startAofBroker(t.dir);
    const d = await RawClient.connect(b.port);
    assert.equal(await cmd(d, 'PEXPIRETIME', 'long'), deadline);
    assert.equal(await cmd(d, 'EXISTS', 'short'), 0);
    await d.close();
    await b.close();
  } finally {
    t.remove();
  }
});

function writeAofDir(dir: string, incr: string, base = ''): string {
  const d = aofDir(dir);
  mkdirSync(d, { recursive: true });
  writeFileSync(path.join(d, 'appendonly.aof.1.base.aof'), base, 'latin1');
  writeFileSync(path.join(d, 'appendonly.aof.1.incr.aof'), incr, 'latin1');
  writeFileSync(path.join(d, 'appendonly.aof.manifest'), 'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
  return path.join(d, 'appendonly.aof.1.incr.aof');
}

const GOOD = '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n';

test('AOF: a truncated last command is dropped and the file truncated (aof-load-truncated yes)', async () => {
  const t = tempDir();
  try {
    const file = writeAofDir(t.dir, GOOD + '*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$5\r\nhel');
    const a = await startAofBroker(t.dir);
    const c = await RawClient.connect(a.port);
    assert.equal(await cmd(c, 'GET', 'a'), '1');
    assert.equal(await cmd(c, 'EXISTS', 'b'), 0);
    await cmd(c, 'SET', 'after', 'x');
    await c.close();
    await a.close();
    assert.ok(readFileSync(file, 'latin1').startsWith(GOOD + '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$5\r\nafter'));
    const b = await startAofBroker(t.dir);
    assert.deepEqual(await dump(b.port), { '0:a': { type: 'string', value: '1', expire: -1 }, '0:after': { type: 'string', value: 'x', expire: -1 } });
    await b.close();
  } finally {
    t.remove();
  }
});

test('AOF: an unfinished MULTI at the end of the file is reverted', async () => {
  const t = tempDir();
  try {
    const file = writeAofDir(t.dir, GOOD + '*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n');
    const a = await startAofBroker(t.dir);
    const c = await RawClient.connect(a.port);
    assert.equal(await cmd(c, 'EXISTS', 'b'), 0);
    await c.close();
    await a.close();
    assert.ok(readFileSync(file, 'latin1').startsWith(GOOD) && !readFileSync(file, 'latin1').includes('MULTI'));
  } finally {
    t.remove();
  }
});

test('AOF: a truncated file refuses to load with aof-load-truncated no', async () => {
  const t = tempDir();
  try {
    writeAofDir(t.dir, GOOD + '*3\r\n$3\r\nSET');
    await assert.rejects(startAofBroker(t.dir, { 'aof-load-truncated': 'no' }), /Unexpected end of file reading the append only file appendonly\.aof\.1\.incr\.aof/);
  } finally {
    t.remove();
  }
});

test('AOF: corruption stops the start with the file and the offset', async () => {
  const t = tempDir();
  try {
    writeAofDir(t.dir, GOOD + 'garbage\r\n' + GOOD);
    await assert.rejects(startAofBroker(t.dir), (err: Error) => {
      assert.match(err.message, /^Bad file format reading the append only file appendonly\.aof\.1\.incr\.aof at offset 50:/);
      return true;
    });
    writeAofDir(t.dir, '*2\r\n$7\r\nNOSUCHC\r\n$1\r\na\r\n');
    await assert.rejects(startAofBroker(t.dir), /Unknown command 'NOSUCHC' reading the append only file appendonly\.aof\.1\.incr\.aof/);
    writeAofDir(t.dir, GOOD, '*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$5\r\nhel');
    await assert.rejects(startAofBroker(t.dir), /the truncated file is not the last file/);
    writeFileSync(path.join(aofDir(t.dir), 'appendonly.aof.manifest'), 'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type x\n');
    await assert.rejects(startAofBroker(t.dir), /FATAL AOF MANIFEST FILE ERROR \*\*\* Unknown AOF file type/);
  } finally {
    t.remove();
  }
});

test('AOF: a legacy single-file appendonly.aof is moved into the directory as the base', async () => {
  const t = tempDir();
  try {
    writeFileSync(path.join(t.dir, 'appendonly.aof'), GOOD);
    const a = await startAofBroker(t.dir);
    const c = await RawClient.connect(a.port);
    assert.equal(await cmd(c, 'GET', 'a'), '1');
    await c.close();
    await a.close();
    assert.ok(!existsSync(path.join(t.dir, 'appendonly.aof')));
    assert.match(readFileSync(path.join(aofDir(t.dir), 'appendonly.aof.manifest'), 'latin1'), /^file appendonly\.aof seq 1 type b\nfile appendonly\.aof\.1\.incr\.aof seq 1 type i\n$/);
  } finally {
    t.remove();
  }
});

test('AOF: clients get -LOADING while the file loads, INFO shows the progress', async () => {
  const t = tempDir();
  try {
    let big = '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n';
    const chunk: string[] = [];
    for (let i = 0; i < 300_000; i++) chunk.push(`*3\r\n$3\r\nSET\r\n$${String(i).length + 2}\r\nk:${i}\r\n$5\r\nvalue\r\n`);
    big += chunk.join('');
    writeAofDir(t.dir, big);
    const port = await freePort();
    const broker = createBroker({ port, bind: '127.0.0.1', dir: t.dir, appendonly: 'yes' });
    const listening = broker.listen();
    await poll(() => broker.port !== 0, 'the socket');
    const c = await RawClient.connect(port);
    assert.deepEqual(await cmd(c, 'PING'), { error: 'LOADING Redis is loading the dataset in memory' });
    assert.deepEqual(await cmd(c, 'GET', 'k:1'), { error: 'LOADING Redis is loading the dataset in memory' });
    const info = (await cmd(c, 'INFO', 'persistence')) as string;
    assert.match(info, /\r\nloading:1\r\n/);
    assert.match(info, new RegExp(`\\r\\nloading_total_bytes:${Buffer.byteLength(big) + 0}\\r\\n`));
    assert.match(info, /\r\nloading_loaded_perc:\d+\.\d\d\r\n/);
    await listening;
    assert.equal(await cmd(c, 'PING'), 'PONG');
    assert.equal(await cmd(c, 'DBSIZE'), 300_000);
    assert.match((await cmd(c, 'INFO', 'persistence')) as string, /\r\nloading:0\r\n/);
    await c.close();
    await broker.close();
  } finally {
    t.remove();
  }
});

test('AOF: with appendfsync always no reply leaves before the fsync of its write', async () => {
  const t = tempDir();
  try {
    const a = await startAofBroker(t.dir, { appendfsync: 'always' });
    const log: string[] = [];
    const aof = a.broker.aof as unknown as { flush(sync: boolean): boolean };
    const orig = aof.flush.bind(aof);
    aof.flush = (sync: boolean) => {
      const r = orig(sync);
      if (sync) log.push('fsync');
      return r;
    };
    const c = await RawClient.connect(a.port);
    await cmd(c, 'PING');
    const server = [...a.broker.clients.values()][0] as Client;
    const sock = server.socket!;
    const write = sock.write.bind(sock) as (...args: unknown[]) => boolean;
    (sock as unknown as { write: (...args: unknown[]) => boolean }).write = (...args: unknown[]) => {
      log.push('reply');
      return write(...args);
    };
    await cmd(c, 'SET', 'k', 'v');
    assert.deepEqual(log, ['fsync', 'reply']);
    // One fsync covers a whole pipeline read in one turn.
    log.length = 0;
    await pipeline(c, Array.from({ length: 200 }, (_, i) => ['INCR', `n${i % 7}`]));
    assert.equal(log[0], 'fsync');
    assert.ok(log.filter((x) => x === 'fsync').length <= 3, JSON.stringify(log));
    // A read in a turn without writes is not held.
    log.length = 0;
    await cmd(c, 'GET', 'k');
    assert.deepEqual(log, ['reply']);
    await c.close();
    await a.close();
  } finally {
    t.remove();
  }
});

test('BGREWRITEAOF: replies as Redis and refuses a second one while running', async () => {
  const t = tempDir();
  try {
    const a = await startAofBroker(t.dir);
    const c = await RawClient.connect(a.port);
    await cmd(c, 'DEBUG', 'POPULATE', '200000');
    const [first, second] = await pipeline(c, [['BGREWRITEAOF'], ['BGREWRITEAOF']]);
    assert.equal(first, 'Background append only file rewriting started');
    assert.deepEqual(second, { error: 'ERR Background append only file rewriting already in progress' });
    assert.equal(await infoField(c, 'aof_rewrite_in_progress'), '1');
    await waitRewrite(c);
    assert.equal(await infoField(c, 'aof_last_bgrewrite_status'), 'ok');
    assert.deepEqual(readdirSync(aofDir(t.dir)).sort(), ['appendonly.aof.2.base.aof', 'appendonly.aof.2.incr.aof', 'appendonly.aof.manifest']);
    assert.equal(Number(await infoField(c, 'aof_base_size')), statSync(path.join(aofDir(t.dir), 'appendonly.aof.2.base.aof')).size);
    await cmd(c, 'MULTI');
    await cmd(c, 'BGREWRITEAOF');
    assert.deepEqual(await cmd(c, 'EXEC'), ['Background append only file rewriting scheduled']);
    await waitRewrite(c, 2);
    await c.close();
    await a.close();
  } finally {
    t.remove();
  }
});

test('AOF rewrite: concurrent writes during the rewrite are all kept', async () => {
  const t = tempDir();
  try {
    const a = await startAofBroker(t.dir);
    const c = await RawClient.connect(a.port);
    await cmd(c, 'DEBUG', 'POPULATE', '60000', 'str');
    const setup: string[][] = [];
    for (let i = 0; i < 3000; i++) {
      setup.push(['RPUSH', `list:${i}`, 'a', 'b', String(i)], ['HSET', `hash:${i}`, 'f', String(i)], ['ZADD', `zset:${i}`, String(i), 'm'], ['SADD', `set:${i}`, 'x', String(i)]);
      if (i % 3 === 0) setup.push(['PEXPIRE', `list:${i}`, '10000000']);
    }
    await pipeline(c, setup);
    assert.equal(await cmd(c, 'BGREWRITEAOF'), 'Background append only file rewriting started');
    let round = 0;
    while ((await infoField(c, 'aof_rewrite_in_progress')) === '1' || round < 5) {
      const batch: string[][] = [];
      for (let j = 0; j < 200; j++) {
        const i = (round * 397 + j * 31) % 3000;
        batch.push(
          ['RPUSH', `list:${i}`, `r${round}`],
          ['LPOP', `list:${(i + 1) % 3000}`],
          ['HINCRBY', `hash:${i}`, 'f', '1'],
          ['ZINCRBY', `zset:${i}`, '1', 'm'],
          ['SREM', `set:${i}`, 'x'],
          ['INCR', `str:${(i * 7) % 60000}`.replace('str:', 'cnt:')],
          ['DEL', `str:${(round * 1000 + j) % 60000}`],
          ['APPEND', `str:${(round * 1000 + j + 500) % 60000}`, '+'],
          ['RENAME', `hash:${(i + 2) % 3000}`, `renamed:${round}:${j}`],
          ['EXPIRE', `set:${(i + 3) % 3000}`, '100000'],
        );
      }
      await pipeline(c, batch);
      round++;
      if (round === 3) await pipeline(c, [['SELECT', '2'], ['SET', 'db2', 'x'], ['SWAPDB', '2', '3'], ['SELECT', '0']]);
    }
    await waitRewrite(c);
    await assertSameAfterRestart(a, t.dir, [c]);
  } finally {
    t.remove();
  }
});

test('AOF rewrite: starts by itself past auto-aof-rewrite-percentage of growth', async () => {
  const t = tempDir();
  try {
    const a = await startAofBroker(t.dir, { 'auto-aof-rewrite-min-size': '10kb', 'auto-aof-rewrite-percentage': '100', hz: '100' });
    const c = await RawClient.connect(a.port);
    await pipeline(c, Array.from({ length: 2000 }, (_, i) => ['SET', `k${i % 10}`, 'x'.repeat(20)]));
    await poll(async () => Number(await infoField(c, 'aof_rewrites')) >= 1, 'an automatic rewrite');
    await waitRewrite(c);
    await assertSameAfterRestart(a, t.dir, [c]);
  } finally {
    t.remove();
  }
});

test('AOF: CONFIG SET appendonly yes at run time writes a base, then logs', async () => {
  const t = tempDir();
  try {
    const a = await startAofBroker(t.dir, { appendonly: 'no' });
    const c = await RawClient.connect(a.port);
    await runScript(a.port, FAMILY_SCRIPTS.hash!);
    assert.equal(await cmd(c, 'CONFIG', 'SET', 'appendonly', 'yes'), 'OK');
    await waitRewrite(c);
    assert.equal(await infoField(c, 'aof_enabled'), '1');
    await runScript(a.port, FAMILY_SCRIPTS.zset!);
    await assertSameAfterRestart(a, t.dir, [c]);
  } finally {
    t.remove();
  }
});

test('AOF: everything together survives a rewrite and a restart', async () => {
  const t = tempDir();
  try {
    const a = await startAofBroker(t.dir);
    await runScript(a.port, allScripts());
    const c = await RawClient.connect(a.port);
    await cmd(c, 'BGREWRITEAOF');
    await waitRewrite(c);
    await cmd(c, 'SET', 'after-rewrite', '1');
    await assertSameAfterRestart(a, t.dir, [c]);
  } finally {
    t.remove();
  }
});

test('AOF: an RDB-format base (aof-use-rdb-preamble yes) is refused with an explanation', async () => {
  const t = tempDir();
  try {
    writeAofDir(t.dir, GOOD, 'REDIS0010\xfa\x09redis-ver');
    await assert.rejects(startAofBroker(t.dir), /is in RDB format \(aof-use-rdb-preamble yes\), which Pigeon cannot read/);
  } finally {
    t.remove();
  }
});
