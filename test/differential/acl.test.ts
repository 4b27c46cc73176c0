/*
 * Differential: access control (ACL SETUSER / GETUSER / DELUSER / LIST / USERS / WHOAMI / CAT /
 * LOG / GENPASS / DRYRUN / HELP, AUTH and HELLO AUTH, NOPERM for commands, keys and channels)
 * against redis-server 7.0.15, in RESP2 and RESP3.
 *
 * Normalisers, and why:
 *  - sortSingles: after its categories, an ACL rule string lists single commands (`-lpush
 *    +config|get`) in the order of Redis's command hash table, which is seeded at random on each
 *    start; that tail of single-command tokens is sorted on both sides.
 *  - logFields: ACL LOG's `age-seconds` (a time) and `client-info` (a CLIENT LIST line: ids,
 *    ports, memory figures) are blanked; count, reason, context, object and username are compared.
 *  - ACL CAT <category> lists commands in hash table order and Redis has commands Pigeon does not:
 *    Pigeon's list must be the reference's list restricted to the commands Pigeon implements. For
 *    the same reason the rule descriptions tested are those whose categories Pigeon implements
 *    whole (a category Pigeon lacks commands of is described with other single commands).
 *  - ACL GENPASS is random: only its length is compared.
 * Every test starts from a clean ACL state (users deleted, log reset) on both servers; tests that
 * change the default user run on their own pair of servers.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, mapStrings, mapValue, pairSuite, replaceInts, replaceStrings, withPair, type Case, type DiffPair } from '../helpers/diff.js';
import { parseReply } from '../helpers/raw.js';

/** Sort the trailing single-command rules of an ACL rule string (see the header). */
const sortSingles = mapStrings('sortSingles', (text) => {
  const words = text.split(' ');
  if (!words.some((w) => w === '+@all' || w === '-@all')) return text;
  let lastCat = -1;
  words.forEach((w, i) => {
    if (w.startsWith('+@') || w.startsWith('-@')) lastCat = i;
  });
  const tail = words.slice(lastCat + 1);
  if (!tail.every((w) => /^[+-][^@]/.test(w))) return text;
  return [...words.slice(0, lastCat + 1), ...tail.sort()].join(' ');
});

const logFields = compose(mapValue('age-seconds'), mapValue('client-info'));

/** Delete every user but default and reset the ACL log, on both servers. */
async function cleanAcl(pair: DiffPair): Promise<void> {
  const admin = await pair.client('__acl');
  const users = parseReply(await admin.pigeon.send('ACL', 'USERS')) as string[];
  const others = users.filter((u) => u !== 'default');
  if (others.length > 0) await admin.both('ACL', 'DELUSER', ...others);
  await admin.both('ACL', 'LOG', 'RESET');
}

const RESPS = [2, 3] as const;

for (const resp of RESPS) {
  describe(`differential: ACL (RESP${resp})`, () => {
    const suite = pairSuite({ flush: false });

    async function start(t: Parameters<typeof suite.get>[0]): Promise<DiffPair | null> {
      const pair = suite.get(t);
      if (!pair) return null;
      await cleanAcl(pair);
      if (resp === 3) await pair.resp3();
      return pair;
    }

    it('ACL SETUSER: rejects bad rules with Redis errors and changes nothing', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      await pair.cases([
        ['ACL', 'SETUSER', 'e1', 'on', '>pw', '~k*'],
        ...[
          '%', '%X~a', '%RR~a', '%~a', 'foo', '+nosuch', '+@nosuch', '+config|', '+config|nosuch', '+config|get|x',
          '-select|0', '+|', '-', '+@', '#abc', '!abc', '<nopw', '~a b', '&a b', '(', '(~a', '#' + 'A'.repeat(64),
        ].map((op): Case => ['ACL', 'SETUSER', 'e1', 'off', op]),
        ['ACL', 'GETUSER', 'e1'],
        ['ACL', 'SETUSER', 'e2', 'allkeys', '~x'],
        ['ACL', 'SETUSER', 'e2', 'allchannels', '&x'],
        ['ACL', 'SETUSER', 'e2', '~*', '%R~x'],
        ['ACL', 'SETUSER', 'a b'],
        ['ACL', 'SETUSER', 'a\x00b'],
        ['ACL', 'SETUSER', 'e3', 'on', '(~a', 'b'],
        ['ACL', 'USERS'],
        ['ACL', 'SETUSER'],
      ]);
    });

    it('ACL SETUSER / GETUSER / LIST: rules read back as Redis describes them', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      const o = { normalize: sortSingles };
      await pair.cases([
        ['ACL', 'SETUSER', 'u1', 'on', '>p', '+@all', '-@string', '+get'],
        ['ACL', 'SETUSER', 'u2', '+@read', '-get', '+set'],
        ['ACL', 'SETUSER', 'u3', '+@hash', '+@list', '-lpush', '+config|get', '+select|0', '+select|A', '~a*', '%R~b*', '%W~c', '%RW~d', '%WR~d2', '%R~', '&ch*'],
        ['ACL', 'SETUSER', 'u4', 'on', 'nopass', 'allkeys', 'allchannels', 'allcommands'],
        ['ACL', 'SETUSER', 'u5', 'on', '>a', '>b', '>a', '<a', 'skip-sanitize-payload', '-@all', '+@pubsub', '-publish'],
        ['ACL', 'SETUSER', 'u7', 'on', 'nopass', '~x', 'resetkeys', '~y', '&a', 'resetchannels', '&b', '+@all', '-@hash', '+hset'],
        ['ACL', 'SETUSER', 'u6', '#' + 'ab'.repeat(32), '!' + 'ab'.repeat(32), 'nocommands', '+@transaction', '+GET', '+Config|GET', '-@ALL', '+@Pubsub'],
        ['ACL', 'SETUSER', 'u9', '+@read', '+@write', '+@connection', '+@transaction', 'nocommands', '+@connection', '+@transaction'],
        ['ACL', 'SETUSER', 'u12', 'on', '>x', 'reset'],
        ['ACL', 'SETUSER', 'u13', 'on', 'nopass', '+ping', 'resetpass', 'sanitize-payload', '~k', '+@all', 'allkeys', 'resetkeys', '%W~w', '~w'],
        ['ACL', 'SETUSER', 'u14', 'on', '+@admin', '-@dangerous', '+@dangerous', '-config'],
        ['ACL', 'SETUSER', 'u1', '-get', '~new*', '<p', '>q'],
        ['ACL', 'SETUSER', ''],
        ['ACL', 'LIST', o],
        ['ACL', 'USERS'],
        ...['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u9', 'u12', 'u13', 'u14', '', 'default'].map((u): Case => ['ACL', 'GETUSER', u, o]),
        ['ACL', 'GETUSER', 'nosuch'],
        ['ACL', 'GETUSER'],
        ['ACL', 'LIST', 'x'],
        ['ACL', 'USERS', 'x'],
      ]);
    });

    it('ACL SETUSER: selectors are kept, described and checked', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      await pair.cases([
        ['ACL', 'SETUSER', 's1', 'on', 'nopass', '+get', '~a*', '(+set ~b*)', '(', '+del', '%R~c*', ')'],
        ['ACL', 'LIST'],
        ['ACL', 'GETUSER', 's1'],
        ['ACL', 'DRYRUN', 's1', 'get', 'a1'],
        ['ACL', 'DRYRUN', 's1', 'get', 'b1'],
        ['ACL', 'DRYRUN', 's1', 'set', 'b1', 'v'],
        ['ACL', 'DRYRUN', 's1', 'set', 'a1', 'v'],
        ['ACL', 'DRYRUN', 's1', 'del', 'c1'],
        ['ACL', 'DRYRUN', 's1', 'lpush', 'a1', 'v'],
        ['ACL', 'SETUSER', 's1', 'clearselectors'],
        ['ACL', 'GETUSER', 's1'],
      ]);
    });

    it('ACL DELUSER / WHOAMI / HELP / LOAD / SAVE / GENPASS / LOG / CAT: replies and errors', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      await pair.cases([
        ['ACL', 'SETUSER', 'd1'],
        ['ACL', 'SETUSER', 'd2'],
        ['ACL', 'DELUSER', 'default', 'd1'],
        ['ACL', 'DELUSER', 'd1', 'nosuch', 'd2', 'd1'],
        ['ACL', 'DELUSER', 'nosuch'],
        ['ACL', 'DELUSER'],
        ['ACL', 'USERS'],
        ['ACL', 'WHOAMI'],
        ['ACL', 'WHOAMI', 'x'],
        ['ACL', 'HELP'],
        ['acl', 'help'],
        ['ACL', 'HELP', 'x'],
        ['ACL', 'NOSUCH'],
        ['ACL'],
        ['ACL', 'LOAD'],
        ['ACL', 'SAVE'],
        ['ACL', 'LOAD', 'x'],
        ['ACL', 'GENPASS', '0'],
        ['ACL', 'GENPASS', '-1'],
        ['ACL', 'GENPASS', '4097'],
        ['ACL', 'GENPASS', 'abc'],
        ['ACL', 'GENPASS', '1', '2'],
        ['ACL', 'LOG'],
        ['ACL', 'LOG', 'abc'],
        ['ACL', 'LOG', '-5'],
        ['ACL', 'LOG', '1', '2'],
        ['ACL', 'LOG', 'reset'],
        ['ACL', 'CAT'],
        ['ACL', 'CAT', 'nosuch'],
        ['ACL', 'CAT', 'x'.repeat(200)],
        ['ACL', 'CAT', 'a', 'b'],
      ]);
      const c = await pair.client();
      for (const [bits, len] of [[undefined, 64], ['1', 1], ['5', 2], ['4096', 1024], ['255', 64]] as const) {
        const args = bits === undefined ? ['ACL', 'GENPASS'] : ['ACL', 'GENPASS', bits];
        for (const side of [c.pigeon, c.reference]) {
          const r = parseReply(await side.send(...args));
          assert.equal(typeof r, 'string');
          assert.match(r as string, new RegExp(`^[0-9a-f]{${len}}$`), `${args.join(' ')} gives ${len} hex characters`);
        }
      }
    });

    it('ACL CAT <category>: the commands of each category, as Redis classes them', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      const c = await pair.client();
      const cat = async (side: 'pigeon' | 'reference', name: string): Promise<string[]> =>
        (parseReply(await c[side].send('ACL', 'CAT', name)) as string[]).sort();
      // Every command is @fast or @slow: together they are all the commands Pigeon implements.
      const pigeonAll = new Set([...(await cat('pigeon', 'fast')), ...(await cat('pigeon', 'slow'))]);
      // Commands Redis 7.0 does not have (later additions Pigeon implements) are left out.
      const redisAll = new Set([...(await cat('reference', 'fast')), ...(await cat('reference', 'slow'))]);
      const cats = parseReply(await c.reference.send('ACL', 'CAT')) as string[];
      for (const name of [...cats, 'READ', 'Fast']) {
        const expected = (await cat('reference', name)).filter((n) => pigeonAll.has(n));
        assert.deepEqual((await cat('pigeon', name)).filter((n) => redisAll.has(n)), expected, `ACL CAT ${name}`);
      }
    });

    it('NOPERM: commands, subcommands and first arguments a user may not run', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      await pair.both('ACL', 'SETUSER', 'lim', 'on', 'nopass', '~*', '&*', '+get', '+config|get', '+select|0', '+client', '-client|kill', '+acl|whoami');
      const u = await pair.client('u');
      if (resp === 3) await u.resp3();
      await u.cases([
        ['AUTH', 'lim', 'x'],
        ['GET', 'k'],
        ['SET', 'k', 'v'],
        ['CONFIG', 'GET', 'maxmemory'],
        ['CONFIG', 'SET', 'maxmemory', '0'],
        ['SELECT', '0'],
        ['SELECT', '1'],
        ['CLIENT', 'ID', { normalize: (s: string) => s.replace(/^:\d+/, ':<id>') }],
        ['CLIENT', 'KILL', 'ID', '999999'],
        ['ACL', 'WHOAMI'],
        ['ACL', 'LIST'],
        ['PING'],
        ['HELLO', String(resp), { normalize: mapValue('id') }],
        ['NOSUCH'],
        ['GET'],
        ['MULTI'],
      ]);
    });

    it('NOPERM: key patterns with read and write permissions', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      await pair.both('ACL', 'SETUSER', 'p', 'on', 'nopass', '+@all', '-@dangerous', '%R~r*', '%W~w*', '~rw*', '&*');
      const u = await pair.client('u');
      if (resp === 3) await u.resp3();
      await u.cases([
        ['AUTH', 'p', 'x'],
        ['GET', 'r1'],
        ['GET', 'w1'],
        ['SET', 'w1', 'v'],
        ['SET', 'r1', 'v'],
        ['SET', 'rw1', 'v', 'GET'],
        ['SET', 'w1', 'v', 'GET'],
        ['COPY', 'r1', 'w2'],
        ['COPY', 'w1', 'w2'],
        ['MSET', 'w1', 'v', 'x', 'v'],
        ['MSET', 'w1', 'v', 'w2', 'v'],
        ['MGET', 'r1', 'rw1', 'w1'],
        ['LMOVE', 'r1', 'w1', 'LEFT', 'LEFT'],
        ['EXISTS', 'w1'],
        ['DEL', 'r1'],
        ['DEL', 'w1', 'w2', 'rw1'],
        ['ZUNIONSTORE', 'w9', '2', 'r1', 'rw1'],
        ['ZUNIONSTORE', 'w9', '2', 'r1', 'w1'],
        ['ZUNIONSTORE', 'r9', '1', 'r1'],
        ['KEYS', '*'],
        ['FLUSHALL'],
        ['DBSIZE'],
        ['BLPOP', 'w1', '0.01'],
        ['BLPOP', 'rw1', '0.01'],
      ]);
      await pair.both('ACL', 'LOG', { normalize: logFields });
    });

    it('NOPERM: channel patterns on PUBLISH and every kind of SUBSCRIBE', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      await pair.both('ACL', 'SETUSER', 'ps', 'on', 'nopass', '+@all', '~*', 'resetchannels', '&news.*', '&lit');
      const u = await pair.client('u');
      if (resp === 3) await u.resp3();
      await u.cases([
        ['AUTH', 'ps', 'x'],
        ['PUBLISH', 'news.x', 'm'],
        ['PUBLISH', 'other', 'm'],
        ['SPUBLISH', 'lit', 'm'],
        ['SPUBLISH', 'news', 'm'],
        ['PSUBSCRIBE', 'news.x'],
        ['PSUBSCRIBE', 'news.*'],
        ['SUBSCRIBE', 'news.a', 'zz'],
        ['SUBSCRIBE', 'news.a', 'lit'],
        ['UNSUBSCRIBE', 'news.a', 'zz'],
        ['PUNSUBSCRIBE'],
        ['SSUBSCRIBE', 'lit'],
        ['SSUBSCRIBE', 'news.b'],
        ['SSUBSCRIBE', 'lat'],
        ['SUNSUBSCRIBE'],
        ['PUBSUB', 'CHANNELS', 'zz'],
      ]);
      await pair.both('ACL', 'LOG', '3', { normalize: logFields });
    });

    it('NOPERM: inside MULTI the check happens at queue time and aborts EXEC', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      await pair.both('ACL', 'SETUSER', 'm', 'on', 'nopass', '+@all', '-flushall', '~k*', '&*');
      const u = await pair.client('u');
      if (resp === 3) await u.resp3();
      await u.cases([
        ['AUTH', 'm', 'x'],
        ['MULTI'],
        ['SET', 'k1', 'v'],
        ['GET', 'x'],
        ['FLUSHALL'],
        ['EXEC'],
        ['GET', 'k1'],
        ['MULTI'],
        ['SET', 'k1', 'v'],
        ['EXEC'],
      ]);
      await pair.both('ACL', 'LOG', { normalize: logFields });
    });

    it('ACL LOG: entries group by reason, object and user; count and RESET', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      await pair.both('ACL', 'SETUSER', 'lg', 'on', '>pw', '+get', '~a');
      const u = await pair.client('u');
      if (resp === 3) await u.resp3();
      await u.cases([
        ['AUTH', 'lg', 'pw'],
        ['GET', 'b'],
        ['GET', 'b'],
        ['SET', 'a', 'v'],
        ['GET', 'b'],
        ['GET', 'c'],
        ['AUTH', 'lg', 'wrong'],
        ['AUTH', 'nosuch', 'wrong'],
        ['auth', 'lg', 'wrong'],
        ['HELLO', '2', 'AUTH', 'lg', 'bad'],
        ['AUTH', 'lg', 'pw'],
      ]);
      await pair.cases([
        ['ACL', 'LOG', { normalize: logFields }],
        ['ACL', 'LOG', '2', { normalize: logFields }],
        ['ACL', 'LOG', '0'],
        ['ACL', 'LOG', 'RESET'],
        ['ACL', 'LOG'],
        ['CONFIG', 'SET', 'acllog-max-len', '2'],
      ]);
      await u.cases([['GET', 'x1'], ['GET', 'x2'], ['GET', 'x3']]);
      await pair.cases([
        ['ACL', 'LOG', { normalize: logFields }],
        ['CONFIG', 'SET', 'acllog-max-len', '128'],
      ]);
    });

    it('ACL DRYRUN: replies as Redis without running the command', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      await pair.cases([
        ['ACL', 'SETUSER', 'dr', 'on', 'nopass', '+get', '+config|get', '~k*', '&ch', '+publish', '+subscribe', '+psubscribe'],
        ['ACL', 'DRYRUN', 'nouser', 'get', 'k'],
        ['ACL', 'DRYRUN', 'dr', 'nosuch'],
        ['ACL', 'DRYRUN', 'dr', 'get', 'zz'],
        ['ACL', 'DRYRUN', 'dr', 'get', 'k1'],
        ['ACL', 'DRYRUN', 'dr', 'set', 'k1'],
        ['ACL', 'DRYRUN', 'dr', 'set', 'k1', 'v'],
        ['ACL', 'DRYRUN', 'dr', 'GET'],
        ['ACL', 'DRYRUN', 'dr', 'config', 'get', 'x'],
        ['ACL', 'DRYRUN', 'dr', 'config', 'set', 'x', 'y'],
        ['ACL', 'DRYRUN', 'dr', 'config', 'nosuch'],
        ['ACL', 'DRYRUN', 'dr', 'config'],
        ['ACL', 'DRYRUN', 'dr', 'publish', 'ch', 'm'],
        ['ACL', 'DRYRUN', 'dr', 'publish', 'cx', 'm'],
        ['ACL', 'DRYRUN', 'dr', 'subscribe', 'ch', 'cy'],
        ['ACL', 'DRYRUN', 'dr', 'psubscribe', 'c*'],
        ['ACL', 'DRYRUN', 'dr', 'ping'],
        ['ACL', 'DRYRUN', 'dr'],
        ['ACL', 'DRYRUN', 'default', 'flushall'],
      ]);
      await pair.both('ACL', 'LOG');
    });

    it('ACL DELUSER: disconnects the clients authenticated as the user', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      await pair.both('ACL', 'SETUSER', 'gone', 'on', 'nopass', '+@all', '~*', '&*');
      const victim = await pair.client('victim');
      await victim.both('AUTH', 'gone', 'x');
      const self = await pair.client('self');
      await self.both('AUTH', 'gone', 'x');
      await self.both('ACL', 'WHOAMI');
      await pair.both('CLIENT', 'LIST', 'USER', 'gone', { normalize: (s: string) => String(s.split('\n').length) });
      await self.both('ACL', 'DELUSER', 'gone');
      await self.closedByServer();
      await victim.closedByServer();
      await pair.both('ACL', 'USERS');
    });

    it('ACL SETUSER: revoking channels disconnects the pub/sub clients that used them', async (t) => {
      const pair = await start(t);
      if (!pair) return;
      await pair.both('ACL', 'SETUSER', 'sub', 'on', 'nopass', '+@all', '~*', 'resetchannels', '&a', '&b');
      const keep = await pair.client('keep');
      await keep.both('AUTH', 'sub', 'x');
      await keep.both('SUBSCRIBE', 'a');
      const lose = await pair.client('lose');
      await lose.both('AUTH', 'sub', 'x');
      await lose.both('SUBSCRIBE', 'b');
      await pair.both('ACL', 'SETUSER', 'sub', 'resetchannels', '&a', '&c');
      await lose.closedByServer();
      await keep.both('PING');
    });
  });
}

describe('differential: AUTH and the default user', () => {
  it('AUTH / HELLO AUTH: errors and flows without a password', (t) =>
    withPair(t, async (pair) => {
      await pair.cases([
        ['AUTH', 'x'],
        ['AUTH', 'a', 'b', 'c'],
        ['AUTH', 'nosuch', 'pw'],
        ['AUTH', 'default', 'anything'],
        ['HELLO', '3', 'AUTH', 'default', 'wrong', { normalize: mapValue('id') }],
        ['HELLO', '2', 'AUTH', 'nosuch', 'x'],
        ['ACL', 'SETUSER', 'off1', 'off', 'nopass'],
        ['AUTH', 'off1', 'x'],
        ['ACL', 'SETUSER', 'pw1', 'on', '>secret', '+@all'],
        ['AUTH', 'pw1', 'nope'],
        ['AUTH', 'pw1', 'secret'],
        ['ACL', 'WHOAMI'],
        ['HELLO', '2', 'AUTH', 'default', 'x', 'SETNAME', 'a b'],
        ['ACL', 'WHOAMI'],
        ['HELLO', '2', 'AUTH', 'default', 'x', 'SETNAME', 'nm', { normalize: mapValue('id') }],
        ['ACL', 'WHOAMI'],
        ['RESET'],
        ['ACL', 'WHOAMI'],
        ['ACL', 'LOG', { normalize: logFields }],
      ]);
    }));

  it('AUTH / HELLO AUTH: the slowlog shows the credentials redacted', (t) =>
    withPair(t, async (pair) => {
      // Slowlog ids, times, durations and client addresses differ between servers.
      const entries = compose(replaceInts, replaceStrings(/^127\.0\.0\.1:\d+$/, '<addr>'));
      await pair.cases([
        ['SLOWLOG', 'RESET'],
        ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
        ['AUTH', 'default', 'secret'],
        ['AUTH', 'secret'],
        ['AUTH', 'a', 'b', 'c'],
        ['HELLO', '2', 'AUTH', 'default', 'secret', 'SETNAME', 'n', { normalize: mapValue('id') }],
        ['CONFIG', 'SET', 'slowlog-log-slower-than', '-1'],
        ['SLOWLOG', 'GET', '6', { normalize: entries }],
      ]);
    }));

  it('requirepass: CONFIG SET sets the default user password; existing clients stay authenticated', (t) =>
    withPair(t, async (pair) => {
      const early = await pair.client('early');
      await early.both('PING');
      await pair.cases([
        ['CONFIG', 'SET', 'requirepass', 'pw'],
        ['ACL', 'GETUSER', 'default'],
        ['ACL', 'LIST'],
      ]);
      await early.both('PING');
      const late = await pair.client('late');
      await late.cases([
        ['PING'],
        ['GET', 'k'],
        ['HELLO', '3'],
        ['HELLO', '3', 'AUTH', 'default', 'bad'],
        ['AUTH', 'bad'],
        ['AUTH', 'default', 'bad'],
        ['AUTH', 'pw'],
        ['PING'],
        ['RESET'],
        ['PING'],
        ['AUTH', 'default', 'pw'],
        ['CONFIG', 'SET', 'requirepass', ''],
        ['ACL', 'LIST'],
        ['ACL', 'SETUSER', 'default', '>zz'],
        ['CONFIG', 'GET', 'requirepass'],
        ['ACL', 'LIST'],
      ]);
      const third = await pair.client('third');
      await third.cases([
        ['PING'],
        ['HELLO', '2', 'AUTH', 'default', 'zz', { normalize: mapValue('id') }],
        ['ACL', 'SETUSER', 'default', 'nopass', 'off'],
      ]);
      const fourth = await pair.client('fourth');
      await fourth.cases([['PING'], ['AUTH', 'x'], ['AUTH', 'default', 'x']]);
      await third.both('ACL', 'SETUSER', 'default', 'on');
      await fourth.both('PING');
      await third.both('ACL', 'LOG', { normalize: logFields });
      // Opened while a password was needed, never authenticated: commands run once the password
      // is gone, HELLO still wants authentication.
      await third.both('ACL', 'SETUSER', 'default', '>again');
      const fifth = await pair.client('fifth');
      await fifth.both('PING');
      await third.both('ACL', 'SETUSER', 'default', 'nopass');
      await fifth.cases([['PING'], ['HELLO', '2'], ['ACL', 'WHOAMI']]);
    }));

  it('the default user restricted: NOPERM for every new connection', (t) =>
    withPair(t, async (pair) => {
      await pair.cases([
        ['ACL', 'SETUSER', 'default', 'resetkeys', '~pub*', '-@all', '+@read', '+acl'],
        ['GET', 'pub1'],
        ['GET', 'priv'],
        ['SET', 'pub1', 'v'],
        ['ACL', 'GETUSER', 'default'],
        ['ACL', 'SETUSER', 'default', 'allkeys', '+@all'],
        ['SET', 'priv', 'v'],
      ]);
    }));
});
