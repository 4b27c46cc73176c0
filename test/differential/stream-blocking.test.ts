/*
 * Differential: blocking stream reads (XREAD BLOCK, XREADGROUP BLOCK) against redis-server
 * 7.0.15, in RESP2 and RESP3: woken by XADD, timeouts, BLOCK 0, `$`, several keys, databases,
 * first come first served, the 1000-entry cap of a served waiter, a stream deleted (DEL, UNLINK,
 * MOVE, RENAME, FLUSHDB, FLUSHALL, SWAPDB, expiry) or a group destroyed while a client waits,
 * MULTI, CLIENT UNBLOCK, disconnects, and the keyspace hit/miss and dirty counters of a served
 * waiter (INFO stats / persistence on the reference against broker.stats / broker.dirty).
 *
 * Replies are compared byte for byte with no normaliser, except HELLO's client id
 * (ClientPair.resp3()); every entry ID is explicit. CLIENT UNBLOCK is sent with each side's own
 * client id (unblockBoth).
 *
 * A test waits for a client to be blocked by polling INFO blocked_clients on both sides
 * (pair.waitBlocked), never with a fixed sleep. A client that must stay blocked is checked the
 * same way after the command that could have served it returned. Timeouts are short (100 ms) and
 * their reply is simply read: the read waits for it.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pairSuite, type ClientPair } from '../helpers/diff.js';
import { connectResp, pigeonCounters, referenceCounters, type Counters } from '../helpers/keyspace.js';
import { encodeCommand } from '../helpers/raw.js';
import { blockOn, clientIds, unblockBoth } from '../helpers/blocking.js';

for (const resp of [2, 3] as const) {
  describe(`differential: blocking stream reads (RESP${resp})`, () => {
    const suite = pairSuite({ timeoutMs: 4000 });

    it('XREAD BLOCK: woken by XADD on the key, with $ and with an explicit ID', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await c!.both('XADD', 's', '1-1', 'a', '1');
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await c!.both('XADD', 's', '1-2', 'b', '2');
      await w!.read();
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '1-2');
      await c!.both('XADD', 's', 'MAXLEN', '1', '2-0', 'c', '3', 'd', '4');
      await w!.read();
      // `$` on a key that does not exist yet: the XADD creating it wakes the client.
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 'new', '$');
      await c!.both('XADD', 'new', '5-5', 'x', 'y');
      await w!.read();
      // An explicit ID below the top entry is served at once.
      await w!.both('XREAD', 'BLOCK', '0', 'STREAMS', 's', '1-0');
      await w!.both('XREAD', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 's', 'new', '0', '0');
      await pair.waitBlocked(0);
    });

    it('XREAD BLOCK: COUNT limits what an XADD inside EXEC delivers', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await blockOn(pair, w!, 1, 'XREAD', 'COUNT', '2', 'BLOCK', '0', 'STREAMS', 's', '$');
      await c!.cases([['MULTI'], ['XADD', 's', '1-1', 'a', '1'], ['XADD', 's', '1-2', 'a', '2'], ['XADD', 's', '1-3', 'a', '3'], ['EXEC']]);
      await w!.read();
      // An entry added and deleted within one EXEC: Redis 7.0 still serves the waiter, with the
      // key and an empty list of entries (the last ID moved past the one it waited after).
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await c!.cases([['MULTI'], ['XADD', 's', '2-1', 'a', '1'], ['XDEL', 's', '2-1'], ['EXEC']]);
      await w!.read();
      await pair.waitBlocked(0);
      // XSETID alone moves the last ID but does not signal the key: the waiter keeps waiting.
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await c!.both('XSETID', 's', '2-5');
      await pair.waitBlocked(1);
      await c!.both('XADD', 's', '3-0', 'z', '9');
      await w!.read();
    });

    it('XREAD BLOCK: several keys; the key made ready first is the one served', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await c!.both('XADD', 'a', '1-1', 'f', 'v');
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 'a', 'b', '$', '$');
      await c!.both('XADD', 'b', '2-1', 'f', 'v');
      await w!.read();
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 'a', 'b', '$', '$');
      await c!.cases([['MULTI'], ['XADD', 'b', '2-2', 'f', 'v'], ['XADD', 'a', '1-2', 'f', 'v'], ['EXEC']]);
      await w!.read();
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 'a', 'b', '1-2', '2-2');
      await c!.cases([['MULTI'], ['XADD', 'a', '1-3', 'f', 'v'], ['XADD', 'b', '2-3', 'f', 'v'], ['EXEC']]);
      await w!.read();
      // The same key named twice.
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 'a', 'a', '$', '$');
      await c!.both('XADD', 'a', '1-4', 'f', 'v');
      await w!.read();
      await pair.waitBlocked(0);
    });

    it('XREAD BLOCK: waiters belong to their database; MOVE, RENAME and COPY into the key serve them', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '0');
      await c!.cases([['SELECT', '1'], ['XADD', 's', '1-1', 'a', '1'], ['XADD', 'other', '2-2', 'b', '2']]);
      await pair.waitBlocked(1);
      await c!.both('MOVE', 's', '0');
      await w!.read();
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's2', '0');
      await c!.cases([['SELECT', '0'], ['RENAME', 's', 's2']]);
      await w!.read();
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's3', '0');
      await c!.both('COPY', 's2', 's3');
      await w!.read();
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 'other', '0');
      await c!.cases([['COPY', 's2', 'other', 'DB', '1', 'REPLACE'], ['SELECT', '1'], ['MOVE', 'other', '0']]);
      await w!.read();
      await pair.waitBlocked(0);
    });

    it('XREAD BLOCK: timeouts, BLOCK 0 and wrong timeouts', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await w!.both('XREAD', 'BLOCK', '100', 'STREAMS', 's', '$');
      await w!.both('XREAD', 'COUNT', '5', 'BLOCK', '100', 'STREAMS', 's', 't', '$', '0');
      await c!.both('XADD', 's', '1-1', 'a', '1');
      await w!.both('XREAD', 'BLOCK', '100', 'STREAMS', 's', '$');
      await c!.cases([
        ['XREAD', 'BLOCK', 'x', 'STREAMS', 's', '$'],
        ['XREAD', 'BLOCK', '-1', 'STREAMS', 's', '$'],
        ['XREAD', 'BLOCK', '1.5', 'STREAMS', 's', '$'],
        ['XREAD', 'BLOCK', '', 'STREAMS', 's', '$'],
        ['XREAD', 'BLOCK', '9223372036854775807', 'STREAMS', 's', '0'],
        ['XREAD', 'BLOCK', '9223372036854775808', 'STREAMS', 's', '$'],
        ['XREAD', 'BLOCK', '0', 'BLOCK', 'x', 'STREAMS', 's', '$'],
        ['XREAD', 'BLOCK', '0', 'STREAMS', 's', 't', '$'],
        ['XREAD', 'BLOCK', '0', 'STREAMS', 's', 'x'],
        ['XREAD', 'BLOCK'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 'x', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '-1', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'],
        ['SET', 'str', 'x'],
        ['XREAD', 'BLOCK', '0', 'STREAMS', 'str', '$'],
        ['XREAD', 'BLOCK', '0', 'STREAMS', 's', 'str', '$', '$'],
      ]);
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await c!.both('XADD', 's', '1-2', 'b', '2');
      await w!.read();
      await pair.waitBlocked(0);
    });

    it('XREAD BLOCK: several waiters on one key are all served, in the order they blocked', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w1, w2, w3] = await connectResp(pair, resp, 'default', 'w1', 'w2', 'w3');
      await blockOn(pair, w1!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await blockOn(pair, w2!, 2, 'XREAD', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 'x', 's', '$', '$');
      await blockOn(pair, w3!, 3, 'XREAD', 'BLOCK', '0', 'STREAMS', 'x', '$');
      await c!.both('XADD', 's', '1-1', 'a', '1');
      await w1!.read();
      await w2!.read();
      await pair.waitBlocked(1);
      await c!.both('XADD', 'x', '1-1', 'b', '2');
      await w3!.read();
      await pair.waitBlocked(0);
    });

    it('XREAD BLOCK: keeps waiting when the stream is deleted, trimmed or retyped; XADD after serves it', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await c!.both('XADD', 's', '1-1', 'a', '1');
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await c!.cases([
        ['XDEL', 's', '1-1'],
        ['XTRIM', 's', 'MAXLEN', '0'],
        ['XSETID', 's', '1-5'],
        ['DEL', 's'],
        ['SET', 's', 'x'],
        ['DEL', 's'],
        ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
        ['XGROUP', 'DESTROY', 's', 'g'],
      ]);
      await pair.waitBlocked(1);
      // The client waits for entries above the $ it resolved when it blocked (1-1).
      await c!.both('XADD', 's', '1-2', 'b', '2');
      await w!.read();
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await c!.cases([['MULTI'], ['DEL', 's'], ['XADD', 's', '1-1', 'old', '1'], ['XADD', 's', '1-3', 'new', '1'], ['EXEC']]);
      await w!.read();
      await pair.waitBlocked(0);
    });

    it('XREADGROUP BLOCK: woken by XADD, NOACK, timeouts, COUNT', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await c!.both('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
      // The consumer exists as soon as the command ran, while it waits.
      await c!.both('XINFO', 'GROUPS', 's');
      await c!.both('XADD', 's', '1-1', 'a', '1');
      await w!.read();
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'alice', 'NOACK', 'BLOCK', '0', 'STREAMS', 's', '>');
      await c!.both('XADD', 's', '1-2', 'b', '2');
      await w!.read();
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 's', '>');
      await c!.cases([['MULTI'], ['XADD', 's', '1-3', 'c', '3'], ['XADD', 's', '1-4', 'd', '4'], ['EXEC']]);
      await w!.read();
      await c!.cases([['XPENDING', 's', 'g'], ['XINFO', 'GROUPS', 's']]);
      // New entries are already there: no blocking.
      await w!.both('XREADGROUP', 'GROUP', 'g', 'bob', 'BLOCK', '0', 'STREAMS', 's', '>');
      // A history ID never blocks, even with nothing pending.
      await w!.both('XREADGROUP', 'GROUP', 'g', 'carol', 'BLOCK', '0', 'STREAMS', 's', '0');
      await w!.both('XREADGROUP', 'GROUP', 'g', 'bob', 'BLOCK', '0', 'STREAMS', 's', '0');
      await w!.both('XREADGROUP', 'GROUP', 'g', 'bob', 'BLOCK', '100', 'STREAMS', 's', '>');
      await w!.both('XREADGROUP', 'GROUP', 'g', 'bob', 'BLOCK', '100', 'STREAMS', 's', 's', '>', '0');
      await c!.cases([['XPENDING', 's', 'g'], ['XINFO', 'GROUPS', 's']]);
      await pair.waitBlocked(0);
    });

    it('XREAD/XREADGROUP BLOCK: without COUNT a served waiter gets at most 1000 entries', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w, x] = await connectResp(pair, resp, 'default', 'w', 'x');
      await c!.both('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await blockOn(pair, x!, 2, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      const adds = Array.from({ length: 1005 }, (_, i) => encodeCommand(['XADD', 's', `1-${i}`, 'f', String(i)]));
      await c!.bothRaw(Buffer.concat([encodeCommand(['MULTI']), ...adds, encodeCommand(['EXEC'])]), 1007);
      await w!.read();
      await x!.read();
      await c!.cases([['XPENDING', 's', 'g'], ['XINFO', 'GROUPS', 's']]);
      await x!.both('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
      // A consumer deleted while it waits is created again when it is served.
      await blockOn(pair, x!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '2', 'BLOCK', '0', 'STREAMS', 's', '>');
      await c!.both('XGROUP', 'DELCONSUMER', 's', 'g', 'c');
      await c!.both('XADD', 's', '2-0', 'f', 'v');
      await x!.read();
      await c!.cases([['XPENDING', 's', 'g'], ['XINFO', 'GROUPS', 's']]);
      await pair.waitBlocked(0);
    });

    it('XREADGROUP BLOCK: waiters are served first come first served, nothing delivered twice', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w1, w2, w3] = await connectResp(pair, resp, 'default', 'w1', 'w2', 'w3');
      await c!.both('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      await blockOn(pair, w1!, 1, 'XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '0', 'STREAMS', 's', '>');
      await blockOn(pair, w2!, 2, 'XREADGROUP', 'GROUP', 'g', 'c2', 'BLOCK', '0', 'STREAMS', 's', '>');
      await blockOn(pair, w3!, 3, 'XREADGROUP', 'GROUP', 'g', 'c3', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 's', '>');
      await c!.both('XADD', 's', '1-1', 'a', '1');
      await w1!.read();
      await pair.waitBlocked(2);
      await c!.cases([['MULTI'], ['XADD', 's', '1-2', 'b', '2'], ['XADD', 's', '1-3', 'c', '3'], ['EXEC']]);
      await w2!.read();
      await pair.waitBlocked(1);
      // Taken by a non-blocking read in the same EXEC: the waiter gets nothing and keeps waiting.
      await c!.cases([
        ['MULTI'],
        ['XADD', 's', '1-4', 'd', '4'],
        ['XREADGROUP', 'GROUP', 'g', 'other', 'STREAMS', 's', '>'],
        ['EXEC'],
      ]);
      await pair.waitBlocked(1);
      await c!.both('XADD', 's', '1-5', 'e', '5');
      await w3!.read();
      await pair.waitBlocked(0);
      // A waiter of another group is served independently; an XREAD waiter too.
      await c!.both('XGROUP', 'CREATE', 's', 'h', '$');
      await blockOn(pair, w1!, 1, 'XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '0', 'STREAMS', 's', '>');
      await blockOn(pair, w2!, 2, 'XREADGROUP', 'GROUP', 'h', 'c1', 'BLOCK', '0', 'STREAMS', 's', '>');
      await blockOn(pair, w3!, 3, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await c!.both('XADD', 's', '1-6', 'f', '6');
      await w1!.read();
      await w2!.read();
      await w3!.read();
      await c!.cases([['XPENDING', 's', 'g'], ['XPENDING', 's', 'h'], ['XINFO', 'GROUPS', 's']]);
    });

    it('XREADGROUP BLOCK: several streams, served from the one that got an entry', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      await c!.both('XGROUP', 'CREATE', 'a', 'g', '$', 'MKSTREAM');
      await c!.both('XGROUP', 'CREATE', 'b', 'g', '$', 'MKSTREAM');
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 'a', 'b', '>', '>');
      await c!.both('XADD', 'b', '1-1', 'f', 'v');
      await w!.read();
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 'a', 'b', '>', '>');
      await c!.cases([['MULTI'], ['XADD', 'b', '1-2', 'f', 'v'], ['XADD', 'a', '1-2', 'f', 'v'], ['EXEC']]);
      await w!.read();
      await c!.cases([['XPENDING', 'a', 'g'], ['XPENDING', 'b', 'g']]);
      await pair.waitBlocked(0);
    });

    it('XREADGROUP BLOCK: the stream deleted while waiting fails the client with UNBLOCKED', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w, x] = await connectResp(pair, resp, 'default', 'w', 'x');
      await c!.both('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      await blockOn(pair, x!, 2, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await c!.both('DEL', 's');
      await w!.read();
      await pair.waitBlocked(1);
      await c!.both('XADD', 's', '1-1', 'a', '1');
      await x!.read();
      // Deleted and recreated with the group inside one EXEC.
      await c!.both('XGROUP', 'CREATE', 's', 'g', '$');
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      await c!.cases([['MULTI'], ['DEL', 's'], ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XADD', 's', '2-2', 'b', '2'], ['EXEC']]);
      await w!.read();
      // Replaced by another type.
      await c!.cases([['DEL', 's'], ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM']]);
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      await c!.cases([['MULTI'], ['DEL', 's'], ['SET', 's', 'x'], ['EXEC']]);
      await w!.read();
      // Renamed away.
      await c!.cases([['DEL', 's'], ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM']]);
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      await c!.both('RENAME', 's', 'moved');
      await w!.read();
      await pair.waitBlocked(0);
      await c!.cases([['XINFO', 'GROUPS', 's'], ['XINFO', 'GROUPS', 'moved']]);
    });

    it('XREADGROUP BLOCK: UNBLOCKED when the key goes away by UNLINK, MOVE, FLUSHDB, FLUSHALL, SWAPDB or expiry', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w, x] = await connectResp(pair, resp, 'default', 'w', 'x');
      const removals: string[][][] = [
        [['UNLINK', 's']],
        [['MOVE', 's', '2']],
        [['FLUSHDB']],
        [['FLUSHALL']],
        [['SWAPDB', '0', '1']],
        [['PEXPIRE', 's', '1']],
      ];
      for (const steps of removals) {
        await c.cases([['FLUSHALL'], ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM']]);
        await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
        // A plain XREAD on the same key keeps waiting through all of these.
        await blockOn(pair, x!, 2, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
        for (const step of steps) await c.both(...step);
        await w!.read().catch((e: Error) => {
          throw new Error(`after ${steps.map((st) => st.join(' ')).join('; ')}: ${e.message}`);
        });
        await pair.waitBlocked(1);
        await c.both('SELECT', '0');
        await c.both('XADD', 's', '9-9', 'a', '1');
        await x!.read();
        await pair.waitBlocked(0);
      }
    });

    it('XREADGROUP BLOCK: the group destroyed while waiting fails the client with NOGROUP', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w, x] = await connectResp(pair, resp, 'default', 'w', 'x');
      await c!.both('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      await c!.both('XGROUP', 'CREATE', 's', 'h', '$');
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      await blockOn(pair, x!, 2, 'XREADGROUP', 'GROUP', 'h', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      await c!.both('XGROUP', 'DESTROY', 's', 'g');
      await w!.read();
      await pair.waitBlocked(1);
      // Other group operations do not wake the waiter.
      await c!.cases([['XGROUP', 'DELCONSUMER', 's', 'h', 'c'], ['XGROUP', 'SETID', 's', 'h', '$'], ['XGROUP', 'CREATECONSUMER', 's', 'h', 'z']]);
      await pair.waitBlocked(1);
      await c!.both('XADD', 's', '1-1', 'a', '1');
      await x!.read();
      // Destroyed and created again inside one EXEC: the waiter is served by the new group.
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'h', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      await c!.cases([['MULTI'], ['XGROUP', 'DESTROY', 's', 'h'], ['XGROUP', 'CREATE', 's', 'h', '0'], ['EXEC']]);
      await w!.read();
      await pair.waitBlocked(0);
      // The stream deleted and added to again without the group inside one EXEC.
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'h', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      await c!.cases([['MULTI'], ['DEL', 's'], ['XADD', 's', '5-5', 'x', 'y'], ['EXEC']]);
      await w!.read();
      await pair.waitBlocked(0);
      await c!.both('XINFO', 'GROUPS', 's');
    });

    it('serving a waiter counts keyspace hits/misses and changes (dirty) as Redis does', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w, x] = await connectResp(pair, resp, 'default', 'w', 'x');
      await c!.both('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      const counters = async (): Promise<[Counters, Counters]> => [pigeonCounters(pair), await referenceCounters(pair)];
      const delta = (a: Counters, b: Counters): Counters => ({ hits: a.hits - b.hits, misses: a.misses - b.misses, dirty: a.dirty - b.dirty });
      const scenarios: { block: () => Promise<void>; feed: string[][]; read: ClientPair[] }[] = [
        {
          block: () => blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', 'nokey', '$', '$'),
          feed: [['XADD', 's', '1-1', 'a', '1']],
          read: [w!],
        },
        {
          block: async () => {
            await x!.both('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
            await blockOn(pair, x!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
          },
          feed: [['XADD', 's', '1-2', 'a', '1']],
          read: [x!],
        },
        {
          block: async () => {
            await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
            await blockOn(pair, x!, 2, 'XREADGROUP', 'GROUP', 'g', 'd', 'NOACK', 'BLOCK', '0', 'STREAMS', 's', '>');
          },
          feed: [['MULTI'], ['XADD', 's', '1-3', 'a', '1'], ['XADD', 's', '1-4', 'a', '1'], ['EXEC']],
          read: [w!, x!],
        },
        {
          block: () => blockOn(pair, x!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'),
          feed: [['DEL', 's']],
          read: [x!],
        },
      ];
      for (const sc of scenarios) {
        await sc.block();
        const [p0, r0] = await counters();
        await c!.cases(sc.feed);
        for (const r of sc.read) await r.read();
        await pair.waitBlocked(0);
        const [p1, r1] = await counters();
        assert.deepEqual(delta(p1, p0), delta(r1, r0), `counters after ${sc.feed.map((f) => f.join(' ')).join('; ')}`);
      }
    });

    it('XREAD/XREADGROUP BLOCK inside MULTI answer at once, as on timeout', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
        ['MULTI'],
        ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'],
        ['XREAD', 'BLOCK', '0', 'STREAMS', 's', 'nokey', '0', '$'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'],
        ['XADD', 's', '1-1', 'a', '1'],
        ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'nog', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'],
        ['EXEC'],
      ]);
      await c!.both('PING');
      await pair.waitBlocked(0);
    });

    it('CLIENT UNBLOCK: TIMEOUT answers as on timeout, ERROR with UNBLOCKED', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w] = await connectResp(pair, resp, 'default', 'w');
      const ids = await clientIds(w!);
      await c!.both('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await unblockBoth(c!, ids);
      await w!.read();
      await blockOn(pair, w!, 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await unblockBoth(c!, ids, 'ERROR');
      await w!.read();
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      await unblockBoth(c!, ids, 'TIMEOUT');
      await w!.read();
      await blockOn(pair, w!, 1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      await unblockBoth(c!, ids, 'ERROR');
      await w!.read();
      await pair.waitBlocked(0);
      await unblockBoth(c!, ids);
      await c!.cases([['XINFO', 'GROUPS', 's'], ['XPENDING', 's', 'g']]);
    });

    it('a disconnected waiter is forgotten; the next one is served', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, w1, w2] = await connectResp(pair, resp, 'default', 'w1', 'w2');
      await c!.both('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      await blockOn(pair, w1!, 1, 'XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '0', 'STREAMS', 's', '>');
      await blockOn(pair, w2!, 2, 'XREADGROUP', 'GROUP', 'g', 'c2', 'BLOCK', '0', 'STREAMS', 's', '>');
      await w1!.close();
      await pair.waitBlocked(1);
      await c!.both('XADD', 's', '1-1', 'a', '1');
      await w2!.read();
      await c!.both('XPENDING', 's', 'g');
    });
  });
}
