/*
 * Differential: MULTI, EXEC, DISCARD, WATCH, UNWATCH against redis-server 7.0.15, in RESP2 and
 * RESP3. Replies are compared byte for byte with no normaliser, except HELLO's client id
 * (pair.resp3() / ClientPair.resp3()).
 *
 * WATCH tests use two connections per side: 'default' watches and runs the transaction, 'other'
 * touches keys in between. Expiry is waited for by polling (never a fixed sleep).
 */

import { describe, it } from 'node:test';
import { pairSuite, type ClientPair, type DiffPair } from '../helpers/diff.js';

/** The named client pairs, switched to `resp` (HELLO 3 for RESP3). */
async function connect(pair: DiffPair, resp: 2 | 3, ...names: string[]): Promise<ClientPair[]> {
  const out: ClientPair[] = [];
  for (const name of names) {
    const c = await pair.client(name);
    if (resp === 3) await c.resp3();
    out.push(c);
  }
  return out;
}

/** Poll until `key` no longer exists on either side (EXISTS over the admin connection). */
async function waitExpired(pair: DiffPair, key: string): Promise<void> {
  await pair.waitEach(async (admin) => (await admin.send('EXISTS', key)).toString('latin1') === ':0\r\n', `${key} to expire`);
}

for (const resp of [2, 3] as const) {
  describe(`differential: transactions (RESP${resp})`, () => {
    const suite = pairSuite();

    it('MULTI/EXEC: queues commands and replies an array of their replies', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.cases([
        ['MULTI'],
        ['SET', 'a', '1'],
        ['INCR', 'a'],
        ['GET', 'a'],
        ['GET', 'missing'],
        ['PING'],
        ['ECHO', 'x'],
        ['EXEC'],
        ['GET', 'a'],
        // SELECT inside the transaction applies to the commands queued after it, and stays.
        ['MULTI'],
        ['SELECT', '2'],
        ['SET', 'a', 'in-db-2'],
        ['SELECT', '99'],
        ['GET', 'a'],
        ['EXEC'],
        ['GET', 'a'],
        ['SELECT', '0'],
        // An empty transaction replies an empty array.
        ['MULTI'],
        ['EXEC'],
        ['multi'],
        ['exec'],
      ]);
    });

    it('MULTI: fails when nested, and the transaction goes on', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.cases([['MULTI'], ['SET', 'a', '1'], ['MULTI'], ['MULTI'], ['INCR', 'a'], ['EXEC'], ['GET', 'a']]);
    });

    it('EXEC and DISCARD: fail without MULTI', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.cases([['EXEC'], ['DISCARD'], ['MULTI'], ['EXEC'], ['EXEC'], ['DISCARD']]);
    });

    it('MULTI, EXEC, DISCARD, UNWATCH: arity errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.cases([['MULTI', 'x'], ['EXEC', 'x'], ['DISCARD', 'x'], ['UNWATCH', 'x'], ['WATCH']]);
    });

    it('DISCARD: drops the queued commands and leaves MULTI', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.cases([['MULTI'], ['SET', 'a', '1'], ['INCR', 'a'], ['DISCARD'], ['GET', 'a'], ['EXEC'], ['SET', 'a', '2']]);
    });

    it('EXEC: fails with EXECABORT after an unknown command was queued, running nothing', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.cases([
        ['MULTI'],
        ['SET', 'a', '1'],
        ['NOSUCHCOMMAND', 'x'],
        ['SET', 'b', '2'],
        ['EXEC'],
        ['GET', 'a'],
        ['GET', 'b'],
        // The transaction is over: a new EXEC has no MULTI.
        ['EXEC'],
      ]);
    });

    it('EXEC: fails with EXECABORT after an arity error was queued', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.cases([['MULTI'], ['SET', 'a', '1'], ['GET'], ['SET', 'a'], ['INCR', 'a'], ['EXEC'], ['GET', 'a']]);
      // An arity error of EXEC itself is a queue-time error too.
      await c!.cases([['MULTI'], ['SET', 'a', '1'], ['EXEC', 'now'], ['EXEC'], ['GET', 'a']]);
      // So is an unknown subcommand.
      await c!.cases([['MULTI'], ['CLIENT', 'NOSUCH'], ['EXEC']]);
    });

    it('EXEC: errors while running are replies of their own command', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.cases([
        ['SET', 'str', 'hello'],
        ['SADD', 'set', 'm'],
        ['MULTI'],
        ['INCR', 'str'],
        ['SADD', 'str', 'x'],
        ['GET', 'set'],
        ['SET', 'after', 'ok'],
        ['INCRBY', 'n', 'notanumber'],
        ['EXEC'],
        ['GET', 'after'],
        ['GET', 'str'],
      ]);
    });

    it('WATCH: fails inside MULTI without aborting the transaction', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.cases([['MULTI'], ['SET', 'a', '1'], ['WATCH', 'a'], ['WATCH', 'a', 'b'], ['EXEC'], ['GET', 'a']]);
    });

    it('WATCH: EXEC fails with a null reply when another client writes a watched key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['SET', 'k', '1'], ['WATCH', 'k'], ['MULTI'], ['SET', 'k', 'mine'], ['INCR', 'other']]);
      await other!.both('SET', 'k', 'theirs');
      await c!.cases([['EXEC'], ['GET', 'k'], ['GET', 'other'], ['EXEC']]);
    });

    it('WATCH: the write may come before MULTI', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['WATCH', 'k']]);
      await other!.both('SET', 'k', 'theirs');
      await c!.cases([['MULTI'], ['GET', 'k'], ['EXEC']]);
    });

    it('WATCH: a missing key that gets created breaks the transaction', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['WATCH', 'nokey'], ['MULTI'], ['PING']]);
      await other!.both('SET', 'nokey', 'v');
      await c!.cases([['EXEC']]);
    });

    it('WATCH: a deleted key breaks the transaction, a DEL of a missing key does not', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['SET', 'k', 'v'], ['WATCH', 'k', 'gone'], ['MULTI'], ['PING']]);
      await other!.both('DEL', 'gone');
      await c!.cases([['EXEC'], ['WATCH', 'k'], ['MULTI'], ['PING']]);
      await other!.both('DEL', 'k');
      await c!.cases([['EXEC']]);
    });

    it('WATCH: reads and writes to other keys do not break the transaction', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['SET', 'k', '1'], ['WATCH', 'k'], ['MULTI'], ['INCR', 'k']]);
      await other!.cases([['GET', 'k'], ['EXISTS', 'k'], ['SET', 'unrelated', 'x'], ['GET', 'unrelated']]);
      await c!.cases([['EXEC'], ['GET', 'k']]);
    });

    it('WATCH: the transaction\'s own writes do not break it; the client\'s own writes before MULTI do', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.cases([
        ['WATCH', 'k'],
        ['MULTI'],
        ['SET', 'k', '1'],
        ['INCR', 'k'],
        ['EXEC'],
        ['WATCH', 'k'],
        ['SET', 'k', 'self'],
        ['MULTI'],
        ['GET', 'k'],
        ['EXEC'],
      ]);
    });

    it('WATCH: a key in another database is a different key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['WATCH', 'k'], ['MULTI'], ['PING']]);
      await other!.cases([['SELECT', '1'], ['SET', 'k', 'db1']]);
      await c!.cases([['EXEC'], ['WATCH', 'k'], ['MULTI'], ['PING']]);
      await other!.cases([['SELECT', '0'], ['SET', 'k', 'db0']]);
      await c!.cases([['EXEC']]);
      // A client watching in db 1 after SELECT is touched by writes to db 1 only.
      await c!.cases([['SELECT', '1'], ['WATCH', 'k'], ['SELECT', '0'], ['MULTI'], ['GET', 'k']]);
      await other!.cases([['SET', 'k', 'db0-again']]);
      await c!.cases([['EXEC'], ['SELECT', '1'], ['WATCH', 'k'], ['MULTI'], ['GET', 'k']]);
      await other!.cases([['SELECT', '1'], ['SET', 'k', 'db1-again']]);
      await c!.cases([['EXEC']]);
    });

    it('WATCH: several keys, any one touched breaks the transaction', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['WATCH', 'a', 'b'], ['WATCH', 'c', 'a'], ['MULTI'], ['PING']]);
      await other!.both('SET', 'c', '1');
      await c!.cases([['EXEC']]);
    });

    it('UNWATCH: forgets the watched keys, even ones already touched', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['SET', 'k', '1'], ['WATCH', 'k']]);
      await other!.both('SET', 'k', '2');
      await c!.cases([['UNWATCH'], ['MULTI'], ['GET', 'k'], ['EXEC'], ['UNWATCH']]);
      // UNWATCH inside MULTI is queued like any command.
      await c!.cases([['WATCH', 'k'], ['MULTI'], ['UNWATCH'], ['EXEC']]);
    });

    it('EXEC and DISCARD: unwatch every key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['WATCH', 'k'], ['MULTI'], ['EXEC']]);
      await other!.both('SET', 'k', '1');
      await c!.cases([['MULTI'], ['GET', 'k'], ['EXEC'], ['WATCH', 'k'], ['MULTI'], ['DISCARD']]);
      await other!.both('SET', 'k', '2');
      await c!.cases([['MULTI'], ['GET', 'k'], ['EXEC']]);
      // An aborted EXEC unwatches too.
      await c!.cases([['WATCH', 'k'], ['MULTI'], ['PING']]);
      await other!.both('SET', 'k', '3');
      await c!.cases([['EXEC'], ['MULTI'], ['GET', 'k'], ['EXEC']]);
    });

    it('WATCH: a touched key also aborts after a queue-time error (EXECABORT wins)', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['WATCH', 'k'], ['MULTI'], ['NOSUCH']]);
      await other!.both('SET', 'k', '1');
      await c!.cases([['EXEC']]);
    });

    it('WATCH: a watched key that expires breaks the transaction', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      // The TTL is set before WATCH (and is long enough for WATCH to come first): the key is
      // alive when watched, nobody writes it, it just reaches its deadline.
      await c!.cases([['SET', 'k', 'v'], ['PEXPIRE', 'k', '300'], ['WATCH', 'k']]);
      await waitExpired(pair, 'k');
      await c!.cases([['MULTI'], ['SET', 'x', '1'], ['EXEC'], ['GET', 'x']]);
    });

    it('WATCH: PEXPIRE by another client, then expiry, breaks the transaction', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['SET', 'k', 'v'], ['WATCH', 'k'], ['MULTI'], ['GET', 'k']]);
      await other!.both('PEXPIRE', 'k', '10');
      await waitExpired(pair, 'k');
      await c!.cases([['EXEC']]);
    });

    it('WATCH: a key with a TTL still in the future does not break the transaction', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.cases([['SET', 'k', 'v', 'EX', '1000'], ['WATCH', 'k'], ['MULTI'], ['GET', 'k'], ['EXEC']]);
    });

    it('WATCH: FLUSHDB and FLUSHALL break it when the watched key exists', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['SET', 'k', 'v'], ['WATCH', 'k'], ['MULTI'], ['PING']]);
      await other!.both('FLUSHDB');
      await c!.cases([['EXEC'], ['SET', 'k', 'v'], ['WATCH', 'k'], ['MULTI'], ['PING']]);
      await other!.both('FLUSHALL');
      await c!.cases([['EXEC']]);
    });

    it('WATCH: FLUSHALL and FLUSHDB leave it alone when the watched key does not exist', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['SET', 'unrelated', 'v'], ['WATCH', 'k'], ['MULTI'], ['PING']]);
      await other!.both('FLUSHALL');
      await c!.cases([['EXEC'], ['WATCH', 'k'], ['MULTI'], ['PING']]);
      await other!.both('FLUSHDB');
      await c!.cases([['EXEC']]);
      // FLUSHDB of another database does not touch keys watched in db 0.
      await c!.cases([['SET', 'k', 'v'], ['WATCH', 'k'], ['MULTI'], ['PING']]);
      await other!.cases([['SELECT', '1'], ['FLUSHDB']]);
      await c!.cases([['EXEC']]);
    });

    it('WATCH: SWAPDB breaks it when the key exists in either database', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      // The key exists in db 0, where it is watched.
      await c!.cases([['SET', 'k', 'v0'], ['WATCH', 'k'], ['MULTI'], ['GET', 'k']]);
      await other!.both('SWAPDB', '0', '1');
      await c!.cases([['EXEC']]);
      // Now it exists only in db 0 again after swapping back, watched from db 1 where it is missing.
      await other!.both('SWAPDB', '0', '1');
      await c!.cases([['SELECT', '1'], ['WATCH', 'k'], ['MULTI'], ['GET', 'k']]);
      await other!.both('SWAPDB', '1', '0');
      await c!.cases([['EXEC'], ['SELECT', '0']]);
      // Missing from both databases: SWAPDB changes nothing for the key.
      await c!.cases([['WATCH', 'nokey'], ['MULTI'], ['GET', 'nokey']]);
      await other!.both('SWAPDB', '0', '1');
      await c!.cases([['EXEC']]);
    });

    it('WATCH: MULTI queues commands of a client already dirty, EXEC still fails', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connect(pair, resp, 'default', 'other');
      await c!.cases([['WATCH', 'k']]);
      await other!.both('SET', 'k', '1');
      // WATCH of more keys on a dirty client is a no-op: still dirty.
      await c!.cases([['WATCH', 'k2'], ['MULTI'], ['SET', 'k2', 'x'], ['EXEC'], ['GET', 'k2']]);
    });

    it('RESET and QUIT inside MULTI are not queued', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.cases([['MULTI'], ['SET', 'a', '1'], ['RESET'], ['EXEC'], ['GET', 'a']]);
      await c!.cases([['MULTI'], ['SET', 'a', '1']]);
      await c!.both('QUIT');
      await c!.closedByServer();
      const [d] = await connect(pair, resp, 'after-quit');
      await d!.cases([['GET', 'a']]);
    });

    it('MULTI: pipelined transaction in a single write', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connect(pair, resp, 'default');
      await c!.bothRaw('MULTI\r\nSET p 1\r\nINCR p\r\nFOO\r\nEXEC\r\nGET p\r\n', 6);
      await c!.bothRaw('*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\np\r\n$1\r\n5\r\n*1\r\n$4\r\nEXEC\r\n', 3);
    });
  });
}
