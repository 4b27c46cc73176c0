/*
 * Differential: the blocking commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN,
 * BZPOPMAX, BZMPOP) and the blocking machinery around them (serving order, EXEC, pipelines,
 * timeouts, CLIENT UNBLOCK, disconnects) against redis-server 7.0.15, in RESP2 and RESP3.
 *
 * Replies are compared byte for byte with no normaliser, except HELLO's client id
 * (ClientPair.resp3()). Where a value necessarily differs between the servers the test reads
 * fields out of the reply instead of comparing it whole, and says so:
 *  - CLIENT ID values: each side is sent its own id (unblockBoth);
 *  - INFO commandstats: only calls, rejected_calls and failed_calls are compared (usec is time);
 *  - CLIENT LIST: only flags=, cmd= and argv-mem= of the blocked client's line are compared.
 *
 * A test waits for a client to be blocked by polling INFO blocked_clients on both sides
 * (pair.waitBlocked), never with a fixed sleep. A client that must stay blocked is checked the
 * same way after the command that could have served it returned. Timeouts are short (0.1 s) and
 * their reply is simply read: the read waits for it.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pairSuite, waitUntil, type ClientPair } from '../helpers/diff.js';
import { connectResp } from '../helpers/keyspace.js';
import { encodeCommand, parseReply, RawClient } from '../helpers/raw.js';
import { startBroker } from '../helpers/broker.js';
import { blockOn, clientIds, unblockBoth } from '../helpers/blocking.js';

/** calls / rejected_calls / failed_calls of one command in INFO commandstats ('' when absent). */
function cmdstat(info: string, name: string): string {
  const m = new RegExp(`cmdstat_${name}:calls=(\\d+),usec=\\d+,usec_per_call=[\\d.]+,rejected_calls=(\\d+),failed_calls=(\\d+)`).exec(info);
  return m === null ? '' : `calls=${m[1]} rejected=${m[2]} failed=${m[3]}`;
}

/** The commandstats counters of `names`, which must be the same on both sides. */
async function sameCmdstats(c: ClientPair, ...names: string[]): Promise<void> {
  const [p, r] = await Promise.all([c.pigeon.send('INFO', 'commandstats'), c.reference.send('INFO', 'commandstats')]);
  for (const name of names) {
    assert.equal(cmdstat(p.toString('latin1'), name), cmdstat(r.toString('latin1'), name), `commandstats of ${name}`);
  }
}

/** A field of the blocked client's CLIENT LIST line (the one running `cmd`). */
async function blockedClientFields(raw: RawClient, cmd: string): Promise<string> {
  const text = String(parseReply(await raw.send('CLIENT', 'LIST')));
  const line = text.split('\n').find((l) => l.includes(` cmd=${cmd} `));
  if (line === undefined) return '(no such client)';
  return line
    .split(' ')
    .filter((f) => f.startsWith('flags=') || f.startsWith('cmd=') || f.startsWith('argv-mem='))
    .join(' ');
}

const BLOCKING_COMMANDS = ['blpop', 'brpop', 'blmove', 'brpoplpush', 'blmpop', 'bzpopmin', 'bzpopmax', 'bzmpop'];

for (const resp of [2, 3] as const) {
  describe(`differential: blocking commands (RESP${resp})`, () => {
    const suite = pairSuite();

    it('BLPOP/BRPOP: pop at once from the first non-empty list, WRONGTYPE on the first wrong key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['RPUSH', 'l1', 'a', 'b', 'c', 'd'],
        ['BLPOP', 'l0', 'l1', '0'],
        ['BRPOP', 'l0', 'l1', '0'],
        ['BLPOP', 'l1', '1.5'],
        ['BRPOP', 'l1', 'l1', '0.01'],
        ['EXISTS', 'l1'],
        ['SET', 's', 'x'],
        ['RPUSH', 'l2', 'x', 'y'],
        ['BLPOP', 's', 'l2', '0'],
        ['BLPOP', 'l2', 's', '0'],
        ['BLPOP', 'missing', 's', 'l2', '0'],
        ['BRPOP', 'missing', 'l2', 's', '0'],
        ['LRANGE', 'l2', '0', '-1'],
        ['blpop', 'l0'],
        ['BRPOP'],
      ]);
    });

    it('timeouts: parsed as Redis 7.0 does, before any key is looked at', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      const bad = ['abc', '', ' 1', '1 ', 'nan', '-nan', '1e5000', '1e-5000', '-1', '-0.5', 'inf', '-inf', '+inf', '1e400', '9.3e15', '9223372036854776', '1e19', '0x', '1,5'];
      const cases: (readonly string[])[] = [['SET', 's', 'x']];
      for (const timeout of bad) {
        cases.push(['BLPOP', 'k', timeout], ['BRPOP', 's', timeout], ['BZPOPMIN', 's', timeout], ['BZPOPMAX', 'k', timeout]);
        cases.push(['BLMOVE', 's', 'd', 'LEFT', 'RIGHT', timeout], ['BRPOPLPUSH', 'k', 'd', timeout]);
        cases.push(['BLMPOP', timeout, '1', 's', 'LEFT'], ['BZMPOP', timeout, '1', 'k', 'MIN', 'COUNT', '2']);
      }
      await c!.cases(cases);
    });

    it('BLMPOP/BZMPOP: numkeys, the direction and COUNT are parsed before the timeout', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['BLMPOP', 'abc', '0', 'k', 'LEFT'],
        ['BLMPOP', 'abc', 'x', 'k', 'LEFT'],
        ['BLMPOP', 'abc', '-1', 'k', 'LEFT'],
        ['BLMPOP', 'abc', '2', 'k', 'LEFT'],
        ['BLMPOP', 'abc', '1', 'k', 'UP'],
        ['BLMPOP', 'abc', '1', 'k', 'LEFT', 'COUNT'],
        ['BLMPOP', 'abc', '1', 'k', 'LEFT', 'COUNT', '0'],
        ['BLMPOP', 'abc', '1', 'k', 'LEFT', 'COUNT', '-1'],
        ['BLMPOP', 'abc', '1', 'k', 'LEFT', 'COUNT', 'x'],
        ['BLMPOP', 'abc', '1', 'k', 'LEFT', 'COUNT', '1', 'COUNT', '2'],
        ['BLMPOP', 'abc', '1', 'k', 'LEFT', 'FOO'],
        ['BLMPOP', 'abc', '1', 'k', 'left', 'count', '3'],
        ['BLMPOP', '0', '1', 'k'],
        ['BZMPOP', 'abc', '0', 'k', 'MIN'],
        ['BZMPOP', 'abc', '2', 'k', 'MIN'],
        ['BZMPOP', 'abc', '1', 'k', 'LEFT'],
        ['BZMPOP', 'abc', '1', 'k', 'MAX', 'COUNT', '0'],
        ['BZMPOP', 'abc', '1', 'k', 'MAX', 'COUNT'],
        ['BZMPOP', 'abc', '1', 'k', 'max', 'count', '2'],
        ['BZMPOP', '0', '1', 'k'],
        ['BLMOVE', 'a', 'b', 'UP', 'RIGHT', 'abc'],
        ['BLMOVE', 'a', 'b', 'LEFT', 'DOWN', 'abc'],
        ['BLMOVE', 'a', 'b', 'left', 'right', 'abc'],
        ['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT'],
        ['BRPOPLPUSH', 'a', 'b'],
      ]);
    });

    it('BLMPOP/BZMPOP/BZPOPMIN/BZPOPMAX: pop at once in every reply shape', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'],
        ['BLMPOP', '0', '2', 'l0', 'l', 'LEFT'],
        ['BLMPOP', '0', '2', 'l0', 'l', 'RIGHT', 'COUNT', '2'],
        ['BLMPOP', '0', '1', 'l', 'LEFT', 'COUNT', '10'],
        ['EXISTS', 'l'],
        ['SET', 's', 'x'],
        ['BLMPOP', '0', '2', 'l', 's', 'LEFT'],
        ['ZADD', 'z', '1', 'a', '2.5', 'b', '3', 'c', '-inf', 'd', '1e300', 'e'],
        ['BZPOPMIN', 'z0', 'z', '0'],
        ['BZPOPMAX', 'z0', 'z', '0'],
        ['BZMPOP', '0', '2', 'z0', 'z', 'MIN'],
        ['BZMPOP', '0', '1', 'z', 'MAX', 'COUNT', '10'],
        ['EXISTS', 'z'],
        ['ZADD', 'z', '1', 'a'],
        ['BZPOPMIN', 's', 'z', '0'],
        ['BZPOPMIN', 'z', 's', '0'],
        ['BZMPOP', '0', '2', 'missing', 's', 'MAX'],
        ['BZMPOP', '0', '2', 'z', 's', 'MAX'],
        ['ZADD', 'z', '5', 'q'],
        ['BZPOPMAX', 'l', 'z', '0'],
      ]);
    });

    it('MULTI: blocking commands answer as on timeout inside a transaction', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['MULTI'],
        ['BLPOP', 'k', '0'],
        ['BRPOP', 'k', 'k2', '0'],
        ['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0'],
        ['BRPOPLPUSH', 'a', 'b', '0'],
        ['BLMPOP', '0', '1', 'k', 'LEFT'],
        ['BZPOPMIN', 'z', '0'],
        ['BZPOPMAX', 'z', '0'],
        ['BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '2'],
        ['BLPOP', 'k', 'abc'],
        ['RPUSH', 'k', 'x', 'y'],
        ['BLPOP', 'k', '0'],
        ['BLMOVE', 'k', 'b', 'LEFT', 'RIGHT', '0'],
        ['BLPOP', 'k', '0'],
        ['EXEC'],
        ['LRANGE', 'b', '0', '-1'],
        ['INFO', 'keyspace'],
      ]);
      // Nothing blocked: the next command answers at once.
      await c!.both('PING');
      await pair.waitBlocked(0);
    });

    it('BLPOP/BRPOP: a push wakes the blocked client', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'waiter');
      await blockOn(pair, w!, 1, 'BLPOP', 'k1', 'k2', '0');
      await c!.both('RPUSH', 'k2', 'a', 'b');
      await w!.read();
      await c!.both('LRANGE', 'k2', '0', '-1');
      await blockOn(pair, w!, 1, 'BRPOP', 'k3', 'k5', '5');
      await c!.both('LPUSH', 'k3', 'x', 'y');
      await w!.read();
      await c!.cases([['LRANGE', 'k3', '0', '-1'], ['LRANGE', 'k2', '0', '-1'], ['EXISTS', 'k5']]);
      // The same key named twice is served once.
      await blockOn(pair, w!, 1, 'BLPOP', 'k4', 'k4', '0');
      await c!.both('RPUSH', 'k4', 'only');
      await w!.read();
      await c!.both('EXISTS', 'k4');
      await pair.waitBlocked(0);
    });

    it('fairness: waiters on a key are served first come first served', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w1, w2, w3] = await connectResp(pair, resp, 'default', 'w1', 'w2', 'w3');
      await blockOn(pair, w1!, 1, 'BLPOP', 'k', '0');
      await blockOn(pair, w2!, 2, 'BRPOP', 'other', 'k', '0');
      await blockOn(pair, w3!, 3, 'BLPOP', 'k', '0');
      await c!.both('RPUSH', 'k', 'a', 'b');
      await w1!.read();
      await w2!.read();
      await pair.waitBlocked(1);
      await c!.both('RPUSH', 'k', 'c', 'd');
      await w3!.read();
      await c!.both('LRANGE', 'k', '0', '-1');
    });

    it('ready keys: served in the order they became ready, after the whole EXEC', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, a, b] = await connectResp(pair, resp, 'default', 'a', 'b');
      // a waits on k1 and k2, b on k2. k2 is ready first: a is served from it, even though k1
      // comes first in its command (Redis 7.0 serves the ready key), and b keeps waiting.
      await blockOn(pair, a!, 1, 'BLPOP', 'k1', 'k2', '0');
      await blockOn(pair, b!, 2, 'BLPOP', 'k2', '0');
      await c!.cases([['MULTI'], ['RPUSH', 'k2', 'x'], ['LLEN', 'k2'], ['RPUSH', 'k1', 'y'], ['EXEC']]);
      await a!.read();
      await pair.waitBlocked(1);
      await c!.both('LRANGE', 'k1', '0', '-1');
      // A key pushed and emptied within one EXEC serves nobody.
      await c!.cases([['MULTI'], ['RPUSH', 'k2', 'z'], ['LPOP', 'k2'], ['EXEC']]);
      await pair.waitBlocked(1);
      await c!.both('RPUSH', 'k2', 'w');
      await b!.read();
      // Writing a key as another type does not queue it: k3 becomes ready only when it is a list
      // again, after k4, so the client waiting on both is served from k4.
      await blockOn(pair, a!, 1, 'BLPOP', 'k3', 'k4', '0');
      await c!.cases([['MULTI'], ['SET', 'k3', 's'], ['SADD', 'k4', 'm'], ['DEL', 'k3', 'k4'], ['RPUSH', 'k4', 'x'], ['RPUSH', 'k3', 'y'], ['EXEC']]);
      await a!.read();
      await c!.cases([['LRANGE', 'k3', '0', '-1'], ['EXISTS', 'k4']]);
    });

    it('ready keys: a waiter is served only after the command that fed it, not in the middle of a pipeline', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await blockOn(pair, w!, 1, 'BLPOP', 'k', '0');
      // RPUSH, then LLEN in the same write: the waiter is served between the two.
      await c!.bothRaw(Buffer.concat([encodeCommand(['RPUSH', 'k', 'a', 'b']), encodeCommand(['LLEN', 'k']), encodeCommand(['LPOP', 'k'])]), 3);
      await w!.read();
      await c!.both('EXISTS', 'k');
    });

    it('pipelining: requests after a blocked command wait for it, then run in order', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      w!.writeRaw(
        Buffer.concat([
          encodeCommand(['BLPOP', 'k', '0']),
          encodeCommand(['SET', 'after', '1']),
          encodeCommand(['BLPOP', 'k', '0']),
          encodeCommand(['PING']),
          encodeCommand(['GET', 'after']),
        ]),
      );
      await pair.waitBlocked(1);
      await c!.both('GET', 'after');
      await c!.both('RPUSH', 'k', 'a');
      await w!.read(2);
      // The second BLPOP blocked in its turn; the PING behind it still waits.
      await pair.waitBlocked(1);
      await c!.both('RPUSH', 'k', 'b');
      await w!.read(3);
      await pair.waitBlocked(0);
    });

    it('BLMOVE/BRPOPLPUSH: a push wakes the client and the element moves', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await blockOn(pair, w!, 1, 'BLMOVE', 'src', 'dst', 'RIGHT', 'LEFT', '0');
      await c!.both('RPUSH', 'src', 'a', 'b');
      await w!.read();
      await c!.cases([['LRANGE', 'src', '0', '-1'], ['LRANGE', 'dst', '0', '-1']]);
      await blockOn(pair, w!, 1, 'BRPOPLPUSH', 'src2', 'dst', '0');
      await c!.both('LPUSH', 'src2', 'c', 'd');
      await w!.read();
      await c!.cases([['LRANGE', 'src2', '0', '-1'], ['LRANGE', 'dst', '0', '-1']]);
      // A list moved onto itself rotates; served with a single element it survives.
      await blockOn(pair, w!, 1, 'BLMOVE', 'ring', 'ring', 'LEFT', 'RIGHT', '0');
      await c!.both('RPUSH', 'ring', 'only');
      await w!.read();
      await c!.both('LRANGE', 'ring', '0', '-1');
      // Immediate moves.
      await w!.cases([
        ['BLMOVE', 'dst', 'dst2', 'LEFT', 'LEFT', '0'],
        ['BRPOPLPUSH', 'dst', 'dst2', '0'],
        ['LRANGE', 'dst2', '0', '-1'],
        ['SET', 's', 'x'],
        ['BLMOVE', 's', 'dst2', 'LEFT', 'LEFT', '0'],
        ['RPUSH', 'dst', 'e', 'f'],
        ['BLMOVE', 'dst', 's', 'LEFT', 'LEFT', '0'],
        ['BRPOPLPUSH', 'dst', 's', '0'],
        ['LRANGE', 'dst', '0', '-1'],
      ]);
    });

    it('BLMOVE: serving it feeds a client blocked on its destination', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, m, p] = await connectResp(pair, resp, 'default', 'mover', 'popper');
      await blockOn(pair, m!, 1, 'BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0');
      await blockOn(pair, p!, 2, 'BLPOP', 'b', '0');
      await c!.both('RPUSH', 'a', 'x');
      await m!.read();
      await p!.read();
      await c!.cases([['EXISTS', 'a'], ['EXISTS', 'b']]);
      // A chain of three: a -> b -> c, then a BZPOPMIN-free BRPOP on c.
      await blockOn(pair, m!, 1, 'BRPOPLPUSH', 'a', 'b', '0');
      const [m2] = await connectResp(pair, resp, 'mover2');
      await blockOn(pair, m2!, 2, 'BLMOVE', 'b', 'c', 'RIGHT', 'LEFT', '0');
      await blockOn(pair, p!, 3, 'BRPOP', 'c', '0');
      await c!.both('LPUSH', 'a', 'y', 'z');
      await m!.read();
      await m2!.read();
      await p!.read();
      await c!.cases([['LRANGE', 'a', '0', '-1'], ['EXISTS', 'b'], ['EXISTS', 'c']]);
    });

    it('BLMOVE: a destination of the wrong type answers WRONGTYPE when served', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, m, p] = await connectResp(pair, resp, 'default', 'mover', 'popper');
      await blockOn(pair, m!, 1, 'BLMOVE', 'a', 'd', 'LEFT', 'LEFT', '0');
      await blockOn(pair, p!, 2, 'BLPOP', 'a', '0');
      await c!.both('SET', 'd', 'string');
      await c!.both('RPUSH', 'a', 'x');
      await m!.read();
      await p!.read();
      await c!.cases([['EXISTS', 'a'], ['GET', 'd']]);
      await sameCmdstats(c!, 'blmove', 'blpop');
    });

    it('a key of another type leaves its waiters blocked until it holds their type', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, l, z] = await connectResp(pair, resp, 'default', 'list', 'zset');
      await blockOn(pair, l!, 1, 'BLPOP', 'k', '0');
      await blockOn(pair, z!, 2, 'BZPOPMIN', 'k', '0');
      await c!.both('SET', 'k', 'string');
      await c!.both('DEL', 'k');
      await c!.both('SADD', 'k', 'm');
      await pair.waitBlocked(2);
      await c!.both('DEL', 'k');
      // A sorted set serves the BZPOPMIN waiter only, a list then serves the BLPOP one.
      await c!.both('ZADD', 'k', '1', 'm', '2', 'n');
      await z!.read();
      await pair.waitBlocked(1);
      await c!.cases([['ZRANGE', 'k', '0', '-1'], ['DEL', 'k'], ['RPUSH', 'k', 'x']]);
      await l!.read();
      await pair.waitBlocked(0);
      // Served from the key that became ready, a wrong-typed earlier key does not matter (7.2's
      // re-execution would answer WRONGTYPE here; 7.0 serves k2).
      await blockOn(pair, l!, 1, 'BLPOP', 'k1', 'k2', '0');
      await blockOn(pair, z!, 2, 'BZMPOP', '0', '2', 'z1', 'z2', 'MAX');
      await c!.cases([['SET', 'k1', 'string'], ['SET', 'z1', 'string'], ['RPUSH', 'k2', 'a'], ['ZADD', 'z2', '1', 'm']]);
      await l!.read();
      await z!.read();
      // Run again now, the same commands answer WRONGTYPE at once.
      await l!.both('BLPOP', 'k1', 'k2', '0');
      await z!.both('BZMPOP', '0', '2', 'z1', 'z2', 'MAX');
    });

    it('keys made ready by RENAME, MOVE, SWAPDB and LMOVE wake their waiters', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await blockOn(pair, w!, 1, 'BLPOP', 'k', '0');
      await c!.cases([['RPUSH', 'tmp', 'renamed'], ['RENAME', 'tmp', 'k']]);
      await w!.read();
      await blockOn(pair, w!, 1, 'BLPOP', 'k', '0');
      await c!.cases([['SELECT', '1'], ['RPUSH', 'k', 'moved'], ['MOVE', 'k', '0']]);
      await w!.read();
      await blockOn(pair, w!, 1, 'BLPOP', 'k', '0');
      await c!.cases([['RPUSH', 'k', 'swapped'], ['SWAPDB', '0', '1']]);
      await w!.read();
      await c!.both('SELECT', '0');
      await blockOn(pair, w!, 1, 'BZPOPMAX', 'z', '0');
      await c!.cases([['ZADD', 'zsrc', '1', 'a'], ['ZUNIONSTORE', 'z', '1', 'zsrc']]);
      await w!.read();
      await blockOn(pair, w!, 1, 'BRPOP', 'k', '0');
      await c!.cases([['RPUSH', 'src', 'lmoved'], ['LMOVE', 'src', 'k', 'LEFT', 'LEFT']]);
      await w!.read();
    });

    it('BLMPOP: woken with COUNT, from the key that became ready', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await blockOn(pair, w!, 1, 'BLMPOP', '0', '2', 'k1', 'k2', 'RIGHT', 'COUNT', '2');
      await c!.both('RPUSH', 'k2', 'a', 'b', 'c');
      await w!.read();
      await blockOn(pair, w!, 1, 'BLMPOP', '0', '2', 'k1', 'k3', 'LEFT', 'COUNT', '10');
      await c!.both('RPUSH', 'k1', 'x', 'y');
      await w!.read();
      await blockOn(pair, w!, 1, 'BLMPOP', '0', '1', 'k3', 'LEFT');
      await c!.both('RPUSH', 'k3', 'p', 'q');
      await w!.read();
      await c!.cases([['LRANGE', 'k2', '0', '-1'], ['EXISTS', 'k1'], ['LRANGE', 'k3', '0', '-1']]);
    });

    it('BZPOPMIN/BZPOPMAX/BZMPOP: woken by ZADD', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w1, w2] = await connectResp(pair, resp, 'default', 'w1', 'w2');
      await blockOn(pair, w1!, 1, 'BZPOPMAX', 'z1', 'z2', '0');
      await blockOn(pair, w2!, 2, 'BZPOPMIN', 'z2', '0');
      await c!.both('ZADD', 'z2', '1.5', 'x', '2.5', 'y', '-3', 'w');
      await w1!.read();
      await w2!.read();
      await c!.both('ZRANGE', 'z2', '0', '-1', 'WITHSCORES');
      await blockOn(pair, w1!, 1, 'BZMPOP', '0', '2', 'z3', 'z4', 'MIN', 'COUNT', '2');
      await blockOn(pair, w2!, 2, 'BZMPOP', '0', '1', 'z4', 'MAX');
      await c!.both('ZADD', 'z4', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
      await w1!.read();
      await w2!.read();
      await c!.both('ZRANGE', 'z4', '0', '-1', 'WITHSCORES');
      // More waiters than members: the last keeps waiting.
      await blockOn(pair, w1!, 1, 'BZMPOP', '0', '1', 'z5', 'MAX', 'COUNT', '5');
      await blockOn(pair, w2!, 2, 'BZPOPMIN', 'z5', '0');
      await c!.both('ZADD', 'z5', '7', 'only', '8', 'two');
      await w1!.read();
      await pair.waitBlocked(1);
      await c!.both('ZADD', 'z5', 'inf', 'top');
      await w2!.read();
    });

    it('timeouts: a blocked client gets the null array when its timeout expires', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      const commands: string[][] = [
        ['BLPOP', 'k', '0.1'],
        ['BRPOP', 'k', 'k2', '0.05'],
        ['BLMOVE', 'k', 'd', 'LEFT', 'RIGHT', '0.1'],
        ['BRPOPLPUSH', 'k', 'd', '0.01'],
        ['BLMPOP', '0.1', '2', 'k', 'k2', 'LEFT', 'COUNT', '3'],
        ['BZPOPMIN', 'z', '0.1'],
        ['BZPOPMAX', 'z', '0.0001'],
        ['BZMPOP', '0x1p-4', '1', 'z', 'MAX'],
        ['BLPOP', 'k', '1e-400'],
      ];
      for (const args of commands) {
        w!.write(...args);
        await w!.read();
      }
      await pair.waitBlocked(0);
      // A client with a timeout does not block others: a later waiter is served after it expired.
      await blockOn(pair, w!, 1, 'BLPOP', 'q', '0.5');
      const [w2] = await connectResp(pair, resp, 'w2');
      await blockOn(pair, w2!, 2, 'BLPOP', 'q', '0');
      await w!.read();
      await pair.waitBlocked(1);
      await c!.both('RPUSH', 'q', 'v');
      await w2!.read();
      await c!.both('EXISTS', 'q');
    });

    it('timeouts: -0.0001 rounds to 0 (forever), and a deadline past the end of time never fires', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      for (const timeout of ['-0.0001', '-0', '0.0', '9223372036854775', '9e15']) {
        await blockOn(pair, w!, 1, 'BLPOP', 'k', timeout);
        await c!.both('RPUSH', 'k', timeout);
        await w!.read();
      }
    });

    it('CLIENT UNBLOCK: TIMEOUT answers as on timeout, ERROR with -UNBLOCKED', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await c!.both('CONFIG', 'RESETSTAT');
      // The ids are asked first: a blocked client answers nothing until it is unblocked.
      const ids = await clientIds(w!);
      const own = await clientIds(c!);
      await blockOn(pair, w!, 1, 'BLPOP', 'k', '0');
      await unblockBoth(c!, ids);
      await w!.read();
      await blockOn(pair, w!, 1, 'BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0');
      await unblockBoth(c!, ids, 'TIMEOUT');
      await w!.read();
      await blockOn(pair, w!, 1, 'BZMPOP', '0', '1', 'z', 'MIN');
      await unblockBoth(c!, ids, 'error');
      await w!.read();
      await pair.waitBlocked(0);
      // Not blocked any more (and the client itself): 0.
      await unblockBoth(c!, ids);
      await unblockBoth(c!, own, 'ERROR');
      await c!.cases([
        ['CLIENT', 'UNBLOCK', '999999'],
        ['CLIENT', 'UNBLOCK', 'abc'],
        ['CLIENT', 'UNBLOCK', '1', 'NOW'],
        ['CLIENT', 'UNBLOCK', 'abc', 'NOW'],
        ['CLIENT', 'UNBLOCK', '1', 'ERROR', 'extra'],
        ['INFO', 'errorstats'],
      ]);
      await sameCmdstats(c!, 'blpop', 'blmove', 'bzmpop');
      // The unblocked client goes on as usual.
      await w!.both('PING');
    });

    it('INFO and CLIENT LIST: blocked_clients, flag b, and commandstats counting the call once', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await c!.both('CONFIG', 'RESETSTAT');
      await blockOn(pair, w!, 1, 'BRPOP', 'k', 'other', '0');
      const [fp, fr] = await Promise.all([blockedClientFields(c!.pigeon, 'brpop'), blockedClientFields(c!.reference, 'brpop')]);
      assert.equal(fp, fr, 'CLIENT LIST fields of the blocked client');
      assert.match(fp, /flags=b /);
      // Redis 7.0 counts the call when the command blocks, and never again when it completes.
      await sameCmdstats(c!, 'brpop');
      await c!.both('RPUSH', 'k', 'v');
      await w!.read();
      await pair.waitBlocked(0);
      await sameCmdstats(c!, 'brpop', 'rpush');
      const [gp, gr] = await Promise.all([blockedClientFields(c!.pigeon, 'brpop'), blockedClientFields(c!.reference, 'brpop')]);
      assert.equal(gp, gr, 'CLIENT LIST fields once served');
    });

    it('CLIENT REPLY OFF and SKIP: the reply of a blocked command is dropped when it comes', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      w!.write('CLIENT', 'REPLY', 'OFF');
      await blockOn(pair, w!, 1, 'BLPOP', 'k', '0');
      await c!.both('RPUSH', 'k', 'a');
      await pair.waitBlocked(0);
      w!.write('CLIENT', 'REPLY', 'ON');
      await w!.read();
      await c!.both('EXISTS', 'k');
      // SKIP silences the blocking command's reply whenever it comes, and only that one.
      w!.write('CLIENT', 'REPLY', 'SKIP');
      await blockOn(pair, w!, 1, 'BRPOP', 'k', '0');
      await c!.both('RPUSH', 'k', 'b', 'c');
      await pair.waitBlocked(0);
      await w!.both('LRANGE', 'k', '0', '-1');
      w!.write('CLIENT', 'REPLY', 'SKIP');
      await blockOn(pair, w!, 1, 'BRPOP', 'k2', '0.3');
      await pair.waitBlocked(0);
      await w!.both('PING');
    });

    it('disconnect: a blocked client that goes away leaves no trace', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w1, w2] = await connectResp(pair, resp, 'default', 'w1', 'w2');
      await blockOn(pair, w1!, 1, 'BLPOP', 'k', 'k2', '10');
      await blockOn(pair, w2!, 2, 'BZMPOP', '0', '2', 'z', 'z', 'MIN');
      await w1!.close();
      await w2!.close();
      await pair.waitBlocked(0);
      await c!.cases([['RPUSH', 'k', 'a'], ['ZADD', 'z', '1', 'm'], ['LLEN', 'k'], ['ZCARD', 'z']]);
      // CLIENT KILL of a blocked client: the same.
      const [w3] = await connectResp(pair, resp, 'w3');
      const [p, r] = await clientIds(w3!);
      await blockOn(pair, w3!, 1, 'BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0');
      const [kp, kr] = await Promise.all([c!.pigeon.send('CLIENT', 'KILL', 'ID', p), c!.reference.send('CLIENT', 'KILL', 'ID', r)]);
      assert.equal(kp.toString('latin1'), kr.toString('latin1'));
      await w3!.closedByServer();
      await pair.waitBlocked(0);
      await c!.cases([['RPUSH', 'src', 'x'], ['LLEN', 'src'], ['EXISTS', 'dst']]);
      assert.deepEqual(pair.pigeonServer.broker.blocking.census(), { blocked: 0, dbs: 0, keys: 0, entries: 0, timeouts: 0, ready: 0 });
    });

    it('MONITOR shows a blocking command as it was sent, once, when it is called', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [mon, c, w] = await connectResp(pair, resp, 'monitor', 'default', 'w');
      await mon!.both('MONITOR');
      await c!.both('RPUSH', 'k', 'a', 'b');
      await c!.both('BLPOP', 'k', '0');
      await blockOn(pair, w!, 1, 'BZMPOP', '0', '1', 'z', 'MIN');
      await c!.both('ZADD', 'z', '1', 'm');
      await w!.read();
      await c!.both('BLMOVE', 'k', 'k2', 'RIGHT', 'LEFT', '0');
      // The admin connection's INFO polls (waitBlocked) are monitored too: compare the rest.
      const lines = async (raw: RawClient): Promise<string[]> => {
        const out: string[] = [];
        while (out.length < 5) {
          const line = (await raw.readReplies(1)).toString('latin1').replace(/^\+\d+\.\d{6} \[(\d+) [^\]]+\]/, '+<time> [$1 <addr>]');
          if (!line.includes(' "INFO" ') && !line.includes(' "info" ')) out.push(line);
        }
        return out;
      };
      const [p, r] = await Promise.all([lines(mon!.pigeon), lines(mon!.reference)]);
      assert.deepEqual(p, r);
    });

    it('SLOWLOG: a blocked command is logged when it completes, with the arguments it was sent with', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await c!.cases([['CONFIG', 'SET', 'slowlog-log-slower-than', '0'], ['SLOWLOG', 'RESET']]);
      try {
        await c!.both('RPUSH', 'k', 'a');
        await c!.both('BLPOP', 'k', '0');
        await blockOn(pair, w!, 1, 'BRPOP', 'k', '0');
        await c!.both('RPUSH', 'k', 'b');
        await w!.read();
        const entries = async (raw: RawClient): Promise<string[]> => {
          const reply = parseReply(await raw.send('SLOWLOG', 'GET', '100')) as unknown[][];
          return reply.map((e) => (e[3] as string[]).join(' ')).filter((a) => !/^(info|INFO) /.test(a));
        };
        const [p, r] = await Promise.all([entries(c!.pigeon), entries(c!.reference)]);
        assert.deepEqual(p, r);
      } finally {
        await c!.both('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
      }
    });

    it('COMMAND INFO and COMMAND DOCS: the blocking commands match Redis', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      for (const name of BLOCKING_COMMANDS) {
        await c!.both('COMMAND', 'INFO', name);
        await c!.both('COMMAND', 'DOCS', name);
      }
      await c!.both('COMMAND', 'GETKEYS', 'BLMPOP', '0', '2', 'a', 'b', 'LEFT');
      await c!.both('COMMAND', 'GETKEYS', 'BZPOPMIN', 'a', 'b', 'c', '0');
      await c!.both('COMMAND', 'GETKEYS', 'BLMOVE', 'a', 'b', 'LEFT', 'LEFT', '0');
    });
  });
}

describe('blocking: the registry after many clients come and go', () => {
  it('hundreds of waiters timed out, served, unblocked or disconnected leave the registry empty', async () => {
    const started = await startBroker();
    const broker = started.broker;
    const clients: RawClient[] = [];
    const admin = await RawClient.connect(started.port);
    try {
      // 400 connections (800 descriptors in this process) stay clear of a 1024 descriptor limit.
      for (let i = 0; i < 400; i++) clients.push(await RawClient.connect(started.port));
      const blocked = async (): Promise<number> => Number(/blocked_clients:(\d+)/.exec((await admin.send('INFO', 'clients')).toString('latin1'))![1]);
      // 100 time out.
      const timedOut = clients.slice(0, 100).map((c, i) => {
        c.write(encodeCommand(['BLPOP', `t${i % 10}`, '0.05']));
        return c.readReplies(1);
      });
      for (const reply of await Promise.all(timedOut)) assert.equal(reply.toString('latin1'), '*-1\r\n');
      // 300 block for ever on ten keys; 100 of them are served, 100 disconnect, the rest are
      // unblocked by CLIENT UNBLOCK (either mode).
      const waiting = clients.slice(100);
      const replies: Promise<Buffer>[] = [];
      waiting.forEach((c, i) => {
        c.write(encodeCommand(['BLPOP', `q${i % 10}`, `k${i}`, '0']));
        if (i < 200) replies.push(c.readReplies(1));
      });
      await waitUntil(async () => (await blocked()) === 300, { what: '300 blocked clients' });
      assert.equal(broker.blocking.census().entries, 600);
      assert.equal(broker.blocking.inTimeoutTable, 0);
      for (let q = 0; q < 10; q++) await admin.send('RPUSH', `q${q}`, ...Array.from({ length: 10 }, (_, j) => `v${j}`));
      await Promise.all(waiting.slice(200).map((c) => c.close()));
      let mode = 0;
      for (const c of [...broker.clients.values()]) {
        if (c.blocked !== null) await admin.send('CLIENT', 'UNBLOCK', String(c.id), mode++ % 2 === 0 ? 'TIMEOUT' : 'ERROR');
      }
      await Promise.all(replies);
      assert.equal(await blocked(), 0);
      assert.deepEqual(broker.blocking.census(), { blocked: 0, dbs: 0, keys: 0, entries: 0, timeouts: 0, ready: 0 });
    } finally {
      await Promise.all([...clients, admin].map((c) => c.close()));
      await started.close();
    }
  });
});
