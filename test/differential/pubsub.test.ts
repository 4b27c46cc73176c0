/*
 * Differential: pub/sub (SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, SSUBSCRIBE,
 * SUNSUBSCRIBE, SPUBLISH, PUBSUB) and keyspace notifications against redis-server 7.0.15, in
 * RESP2 and RESP3: confirmations, message / pmessage / smessage frames (RESP3 pushes), RESP2
 * subscribe mode with its exact errors, pattern semantics, introspection, CLIENT REPLY and MULTI
 * interplay, ordering per publisher, and the keyspace events of a sample of commands of each
 * family with both expiry paths.
 *
 * Subscribers and publishers are separate named client pairs ('sub', 'pub', ...), each switched
 * to the protocol under test unless the test says otherwise (a RESP2 and a RESP3 subscriber at
 * once check both pre-encoded frame variants of one PUBLISH).
 *
 * What is normalised, and why:
 *   - UNSUBSCRIBE / PUNSUBSCRIBE / SUNSUBSCRIBE without arguments leave the subscriptions in
 *     Redis's dictionary order (randomised per process): the channel names of the frames are
 *     sorted, the kinds and the running counts stay in place (sortNames).
 *   - PUBSUB CHANNELS / SHARDCHANNELS: sortArray (dictionary order again).
 *   - HELLO: the client id (pair.resp3()).
 * Everything else is compared byte for byte. A frame that must not arrive is checked by what
 * arrives next: every read compares the next frames on both sides, so a stray frame shows up.
 * Waiting (expiry, disconnects) polls a condition; there are no fixed sleeps.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helloReply, pairSuite, sortArray, type ClientPair, type DiffPair } from '../helpers/diff.js';
import { connectPair } from '../helpers/keyspace.js';
import { frameEnd, type RawClient } from '../helpers/raw.js';

const BROKER = { 'enable-debug-command': 'yes' };

/** Split a reply into its frames (latin1 strings). */
function frames(reply: string): string[] {
  const buf = Buffer.from(reply, 'latin1');
  const out: string[] = [];
  for (let p = 0; p < buf.length; ) {
    const end = frameEnd(buf, p);
    if (end < 0) throw new Error(`incomplete frame in ${JSON.stringify(reply)}`);
    out.push(buf.toString('latin1', p, end));
    p = end;
  }
  return out;
}

/**
 * (Un)subscribe confirmations [kind, name, count] with the names sorted across the frames, kinds
 * and counts left where they are: the order of an unsubscribe-all is Redis's dictionary order.
 */
function sortNames(reply: string): string {
  const parts = frames(reply).map((f) => {
    // header, kind bulk, then the name (a bulk or a null) and the count.
    let p = f.indexOf('\r\n') + 2;
    const bulkEnd = (at: number): number => {
      const nl = f.indexOf('\r\n', at);
      const len = Number(f.slice(at + 1, nl));
      return len < 0 ? nl + 2 : nl + 2 + len + 2;
    };
    p = bulkEnd(p);
    const nameEnd = f[p] === '_' ? p + 3 : bulkEnd(p);
    if (f[nameEnd] !== ':') throw new Error(`not a subscription frame: ${JSON.stringify(f)}`);
    return [f.slice(0, p), f.slice(p, nameEnd), f.slice(nameEnd)];
  });
  const names = parts.map((p) => p[1]!).sort();
  return parts.map((p, i) => p[0]! + names[i]! + p[2]!).join('');
}

/** Read frames on one side until one contains `marker`; everything read, as latin1. */
async function readThrough(raw: RawClient, marker: string): Promise<string> {
  let all = '';
  for (;;) {
    const f = (await raw.readReplies(1)).toString('latin1');
    all += f;
    if (f.includes(marker)) return all;
  }
}

/**
 * Publish `marker` on the channel `sync` (every subscriber in these tests also listens there),
 * then read each subscriber through it on both sides and require the same bytes.
 */
async function syncAndCompare(pub: ClientPair, subs: Array<[string, ClientPair]>, marker: string): Promise<void> {
  await pub.both('PUBLISH', 'sync', marker);
  for (const [label, s] of subs) {
    const [p, r] = await Promise.all([readThrough(s.pigeon, marker), readThrough(s.reference, marker)]);
    assert.equal(p, r, `${label}: the frames received up to ${marker} differ (pigeon vs reference)`);
  }
}

/** Each side's admin connection answers `cmd` with `expected`. */
async function waitReply(pair: DiffPair, cmd: string[], expected: string, what: string): Promise<void> {
  await pair.waitEach(async (admin) => (await admin.send(...cmd)).toString('latin1') === expected, what);
}

for (const resp of [2, 3] as const) {
  describe(`differential: pub/sub (RESP${resp})`, () => {
    const suite = pairSuite({ broker: BROKER });

    it('SUBSCRIBE / PSUBSCRIBE / UNSUBSCRIBE / PUNSUBSCRIBE: one confirmation per name with the running count', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const sub = await connectPair(pair, resp, 'sub');
      sub.write('SUBSCRIBE', 'a', 'b', 'a');
      await sub.read(3);
      sub.write('subscribe', '', '\x00\xff bin');
      await sub.read(2);
      sub.write('PSUBSCRIBE', 'p*', 'p*', 'q?', '');
      await sub.read(4);
      sub.write('UNSUBSCRIBE', 'a', 'nope', '');
      await sub.read(3);
      sub.write('PUNSUBSCRIBE', 'q?', 'zz', '');
      await sub.read(3);
      sub.write('UNSUBSCRIBE');
      await sub.read(2, { normalize: sortNames });
      sub.write('PUNSUBSCRIBE');
      await sub.read(1);
      // Nothing left: one frame with a null name.
      sub.write('UNSUBSCRIBE');
      await sub.read(1);
      sub.write('PUNSUBSCRIBE');
      await sub.read(1);
      sub.write('SUNSUBSCRIBE');
      await sub.read(1);
      sub.write('UNSUBSCRIBE', 'never');
      await sub.read(1);
      // Out of subscribe mode again: ordinary commands run.
      await sub.cases([['GET', 'x'], ['PING']]);
    });

    it('UNSUBSCRIBE / PUNSUBSCRIBE / SUNSUBSCRIBE without arguments: a frame per subscription, counting down', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const sub = await connectPair(pair, resp, 'sub');
      sub.write('SUBSCRIBE', 'c1', 'c2', 'c3', 'c4');
      await sub.read(4);
      sub.write('PSUBSCRIBE', 'x*', 'y*', 'z*');
      await sub.read(3);
      sub.write('SSUBSCRIBE', 's1', 's2');
      await sub.read(2);
      sub.write('UNSUBSCRIBE');
      await sub.read(4, { normalize: sortNames });
      sub.write('SUNSUBSCRIBE');
      await sub.read(2, { normalize: sortNames });
      sub.write('PUNSUBSCRIBE');
      await sub.read(3, { normalize: sortNames });
      await sub.cases([['PING']]);
    });

    it('SUBSCRIBE family: arity and PUBSUB errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      await connectPair(pair, resp, 'default');
      await pair.cases([
        ['SUBSCRIBE'],
        ['PSUBSCRIBE'],
        ['SSUBSCRIBE'],
        ['PUBLISH'],
        ['PUBLISH', 'ch'],
        ['PUBLISH', 'ch', 'm', 'extra'],
        ['SPUBLISH', 'ch'],
        ['SPUBLISH', 'ch', 'm', 'x'],
        ['PUBSUB'],
        ['pubsub', 'foo'],
        ['PUBSUB', 'NUMPAT', 'x'],
        ['PUBSUB', 'HELP', 'x'],
        ['PUBSUB', 'CHANNELS', 'a', 'b'],
        ['PUBSUB', 'channels', 'a', 'b', 'c'],
        ['PUBSUB', 'SHARDCHANNELS', 'a', 'b'],
        ['PUBSUB', 'HELP'],
        ['pubsub', 'help'],
      ]);
    });

    it('subscribe mode: in RESP2 only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET run; RESP3 runs anything', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const sub = await connectPair(pair, resp, 'sub');
      sub.write('SUBSCRIBE', 'ch');
      await sub.read(1);
      await sub.cases([
        ['GET', 'x'],
        ['SET', 'x', '1'],
        ['ECHO', 'hi'],
        ['SELECT', '0'],
        ['PUBSUB', 'NUMPAT'],
        ['PUBSUB', 'NUMSUB', 'ch'],
        ['PUBLISH', 'other', 'm'],
        ['AUTH', 'pw'],
        ['CLIENT', 'GETNAME'],
        ['CONFIG', 'GET', 'maxclients'],
        ['MULTI'],
        ['DISCARD'],
        // Lookup and arity errors come first.
        ['NOSUCHCOMMAND'],
        ['GET'],
        ['PING', 'a', 'b'],
        ['SUBSCRIBE'],
        // PING answers [pong, message] in RESP2 subscribe mode, as usual in RESP3.
        ['PING'],
        ['PING', 'hello'],
        ['ping', ''],
      ]);
      sub.write('PSUBSCRIBE', 'p*');
      await sub.read(1);
      sub.write('SSUBSCRIBE', 's');
      await sub.read(1);
      // Leaving every channel but keeping a shard channel stays in subscribe mode.
      sub.write('UNSUBSCRIBE');
      await sub.read(1);
      sub.write('PUNSUBSCRIBE');
      await sub.read(1);
      await sub.cases([['GET', 'x']]);
      sub.write('SUNSUBSCRIBE', 's');
      await sub.read(1);
      await sub.cases([['GET', 'x'], ['PING']]);
    });

    it('QUIT and RESET are allowed while subscribed; RESET drops every subscription silently', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const sub = await connectPair(pair, resp, 'sub');
      const admin = await connectPair(pair, resp, 'admin2');
      sub.write('SUBSCRIBE', 'a', 'b');
      await sub.read(2);
      sub.write('PSUBSCRIBE', 'a*');
      await sub.read(1);
      sub.write('SSUBSCRIBE', 'sa');
      await sub.read(1);
      await admin.cases([['PUBSUB', 'NUMSUB', 'a', 'b'], ['PUBSUB', 'NUMPAT'], ['PUBSUB', 'SHARDNUMSUB', 'sa']]);
      await sub.cases([['RESET'], ['GET', 'x'], ['PING']]);
      await admin.cases([['PUBSUB', 'NUMSUB', 'a', 'b'], ['PUBSUB', 'NUMPAT'], ['PUBSUB', 'SHARDNUMSUB', 'sa'], ['PUBLISH', 'a', 'm']]);
      const q = await connectPair(pair, resp, 'quitter');
      q.write('SUBSCRIBE', 'a');
      await q.read(1);
      await q.cases([['QUIT']]);
      await q.closedByServer();
      // A closed connection leaves its channels.
      await waitReply(pair, ['PUBSUB', 'NUMSUB', 'a'], '*2\r\n$1\r\na\r\n:0\r\n', 'the quitter to leave channel a');
    });

    it('PUBLISH: message and pmessage frames to RESP2 and RESP3 subscribers, counted per subscription', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const pub = await connectPair(pair, resp, 'pub');
      const s2 = await connectPair(pair, 2, 's2');
      const s3 = await connectPair(pair, 3, 's3');
      s2.write('SUBSCRIBE', 'news', 'sync');
      await s2.read(2);
      s2.write('PSUBSCRIBE', 'n*');
      await s2.read(1);
      s3.write('SUBSCRIBE', 'news', 'sync', 'a\r\nb\x00\xff');
      await s3.read(3);
      s3.write('PSUBSCRIBE', 'ne?s', 'x*');
      await s3.read(2);
      await pub.cases([
        ['PUBLISH', 'news', 'hello'],
        ['PUBLISH', 'nothing-here', 'x'],
        ['PUBLISH', 'nope', 'x'],
        ['PUBLISH', 'news', ''],
        ['PUBLISH', 'news', '\x00\r\n\xff binary'],
        ['PUBLISH', 'news', 'y'.repeat(100_000)],
        ['PUBLISH', 'x', 'only a pattern'],
        ['PUBLISH', '', 'empty channel'],
        ['PUBLISH', 'a\r\nb\x00\xff', 'binary channel'],
      ]);
      await syncAndCompare(pub, [['RESP2 subscriber', s2], ['RESP3 subscriber', s3]], 'end-1');
    });

    it('PUBLISH: messages arrive in publishing order, channel frames before pattern frames', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const pub = await connectPair(pair, resp, 'pub');
      const sub = await connectPair(pair, resp, 'sub');
      sub.write('SUBSCRIBE', 'a', 'b', 'sync');
      await sub.read(3);
      sub.write('PSUBSCRIBE', 'b*');
      await sub.read(1);
      // 300 pipelined publishes on three channels; the replies come back in order too.
      let batch = '';
      for (let i = 0; i < 300; i++) {
        const ch = ['a', 'b', 'bz'][i % 3]!;
        batch += `*3\r\n$7\r\nPUBLISH\r\n$${ch.length}\r\n${ch}\r\n$${String(i).length}\r\n${i}\r\n`;
      }
      await pub.bothRaw(batch, 300);
      await syncAndCompare(pub, [['subscriber', sub]], 'end-2');
    });

    it('PSUBSCRIBE: patterns match as Redis\'s glob (?, *, [set], [^set], [a-z], escapes, quirks)', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const pub = await connectPair(pair, resp, 'pub');
      const patterns = [
        'h?llo', 'h*llo', 'h[ae]llo', 'h[^e]llo', 'h[a-b]llo', 'h[b-a]llo', 'h\\*llo', 'h\\?llo', '*', '**', '?',
        '[', '[^', '[a', 'a[', 'a\\', '[]', '[\\]]', '[a-]', 'h*', '*o', '*l*', 'hello', 'HELLO', '\\', '', 'a*b*c',
        '*\xff', '[\x80-\xff]*',
      ];
      const subs: Array<[string, ClientPair]> = [];
      for (let i = 0; i < patterns.length; i++) {
        const s = await connectPair(pair, resp, `p${i}`);
        s.write('SUBSCRIBE', 'sync');
        await s.read(1);
        s.write('PSUBSCRIBE', patterns[i]!);
        await s.read(1);
        subs.push([`PSUBSCRIBE ${JSON.stringify(patterns[i])}`, s]);
      }
      const channels = [
        'hello', 'hallo', 'hxllo', 'hllo', 'heeeello', 'hbllo', 'h*llo', 'h?llo', 'HELLO', 'h', '', 'a', '[', 'a[',
        'a\\', ']', '-', 'abc', 'aXbYc', 'acb', '\xff', 'x\xff', '\x80a', 'o', 'lol',
      ];
      await pub.cases(channels.map((ch) => ['PUBLISH', ch, `to ${ch}`]));
      await syncAndCompare(pub, subs, 'end-3');
      await pub.cases([['PUBSUB', 'NUMPAT']]);
    });

    it('SSUBSCRIBE / SUNSUBSCRIBE / SPUBLISH: shard channels are apart from channels and ignore patterns', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const pub = await connectPair(pair, resp, 'pub');
      const sub = await connectPair(pair, resp, 'sub');
      sub.write('SSUBSCRIBE', 's1', 's2', 's1');
      await sub.read(3);
      sub.write('SUBSCRIBE', 's1', 'sync');
      await sub.read(2);
      sub.write('PSUBSCRIBE', 's[0-9]*');
      await sub.read(1);
      await pub.cases([
        ['SPUBLISH', 's1', 'shard message'],
        ['SPUBLISH', 'nobody', 'x'],
        ['PUBLISH', 's1', 'plain message'],
        ['SPUBLISH', 's2', ''],
        ['PUBSUB', 'SHARDCHANNELS', { normalize: sortArray }],
        ['PUBSUB', 'SHARDCHANNELS', 's1'],
        ['PUBSUB', 'SHARDCHANNELS', 'x*'],
        ['PUBSUB', 'SHARDNUMSUB', 's1', 's2', 'nope'],
        ['PUBSUB', 'SHARDNUMSUB'],
        ['PUBSUB', 'NUMSUB', 's1', 's2'],
      ]);
      await syncAndCompare(pub, [['subscriber', sub]], 'end-4');
      sub.write('SUNSUBSCRIBE', 's2', 'nope');
      await sub.read(2);
      sub.write('SUNSUBSCRIBE');
      await sub.read(1);
      sub.write('SUNSUBSCRIBE');
      await sub.read(1);
      await pub.cases([['PUBSUB', 'SHARDCHANNELS'], ['SPUBLISH', 's1', 'gone']]);
    });

    it('PUBSUB CHANNELS / NUMSUB / NUMPAT: live channels and distinct patterns', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const admin = await connectPair(pair, resp, 'admin2');
      const a = await connectPair(pair, resp, 'a');
      const b = await connectPair(pair, resp, 'b');
      a.write('SUBSCRIBE', 'news.sport', 'news.tech', 'chat');
      await a.read(3);
      b.write('SUBSCRIBE', 'chat', 'h[a]llo', '');
      await b.read(3);
      a.write('PSUBSCRIBE', 'news.*', 'c*');
      await a.read(2);
      b.write('PSUBSCRIBE', 'news.*');
      await b.read(1);
      await admin.cases([
        ['PUBSUB', 'CHANNELS', { normalize: sortArray }],
        // An empty channel name is listed without a pattern, never by one (not even *).
        ['PUBSUB', 'CHANNELS', '*', { normalize: sortArray }],
        ['PUBSUB', 'CHANNELS', 'news.*', { normalize: sortArray }],
        ['PUBSUB', 'CHANNELS', 'c?at'],
        ['PUBSUB', 'CHANNELS', 'h[a]llo'],
        ['PUBSUB', 'CHANNELS', 'h\\[a]llo'],
        ['PUBSUB', 'CHANNELS', 'nomatch'],
        ['PUBSUB', 'CHANNELS', ''],
        ['PUBSUB', 'NUMSUB', 'chat', 'news.sport', 'news.*', 'nope'],
        ['PUBSUB', 'NUMSUB'],
        ['PUBSUB', 'NUMPAT'],
        ['PUBSUB', 'SHARDCHANNELS'],
        ['PUBSUB', 'SHARDNUMSUB', 'chat'],
      ]);
      b.write('PUNSUBSCRIBE', 'news.*');
      await b.read(1);
      a.write('UNSUBSCRIBE', 'chat');
      await a.read(1);
      await admin.cases([
        ['PUBSUB', 'NUMPAT'],
        ['PUBSUB', 'NUMSUB', 'chat'],
        ['PUBSUB', 'CHANNELS', { normalize: sortArray }],
      ]);
      await b.close();
      await waitReply(pair, ['PUBSUB', 'NUMSUB', 'chat'], '*2\r\n$4\r\nchat\r\n:0\r\n', 'b to leave chat');
      await admin.cases([['PUBSUB', 'CHANNELS', { normalize: sortArray }], ['PUBSUB', 'NUMPAT']]);
    });

    it('INFO pubsub_channels / pubsub_patterns / pubsubshard_channels and CLIENT LIST sub= psub= ssub= flags=P', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const admin = await connectPair(pair, resp, 'admin2');
      const a = await connectPair(pair, resp, 'a');
      const b = await connectPair(pair, resp, 'b');
      a.write('SUBSCRIBE', 'x', 'y');
      await a.read(2);
      a.write('PSUBSCRIBE', 'p*', 'q*', 'r*');
      await a.read(3);
      b.write('SUBSCRIBE', 'x');
      await b.read(1);
      b.write('PSUBSCRIBE', 'p*');
      await b.read(1);
      b.write('SSUBSCRIBE', 's');
      await b.read(1);
      const fields = async (side: RawClient): Promise<string[]> => {
        const info = (await side.send('INFO', 'stats')).toString('latin1');
        const list = (await side.send('CLIENT', 'LIST', 'TYPE', 'pubsub')).toString('latin1');
        const stats = info.split('\r\n').filter((l) => l.startsWith('pubsub'));
        const clients = [...list.matchAll(/flags=(\S+) db=\d+ sub=(\d+) psub=(\d+) ssub=(\d+)/g)].map((m) => m.slice(1).join(' ')).sort();
        return [...stats, ...clients];
      };
      const [p, r] = await Promise.all([fields(admin.pigeon), fields(admin.reference)]);
      assert.deepEqual(p, r);
      assert.deepEqual(r.slice(0, 3), ['pubsub_channels:2', 'pubsub_patterns:3', 'pubsubshard_channels:1']);
    });

    it('CLIENT REPLY OFF / SKIP: confirmations and messages are pushes and still arrive', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const pub = await connectPair(pair, resp, 'pub');
      const sub = await connectPair(pair, resp, 'sub');
      sub.write('CLIENT', 'REPLY', 'OFF');
      sub.write('SUBSCRIBE', 'ch', 'sync');
      await sub.read(2);
      // PING's reply is silenced; the message published next is not.
      sub.write('PING');
      await pub.cases([['PUBLISH', 'ch', 'while off']]);
      await sub.read(1);
      if (resp === 3) {
        // Its own publish: the push arrives, the integer reply does not.
        sub.write('PUBLISH', 'ch', 'self');
        await sub.read(1);
        await sub.cases([['CLIENT', 'REPLY', 'ON']]);
        sub.write('CLIENT', 'REPLY', 'SKIP');
        sub.write('PUBLISH', 'ch', 'skipped reply');
        await sub.read(1);
        await sub.cases([['PING']]);
        sub.write('CLIENT', 'REPLY', 'OFF');
      }
      sub.write('UNSUBSCRIBE', 'ch', 'sync');
      await sub.read(2);
      await sub.cases([['CLIENT', 'REPLY', 'ON'], ['PING']]);
    });

    it('MULTI/EXEC: SUBSCRIBE and PSUBSCRIBE run inside EXEC, SSUBSCRIBE is refused there', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const sub = await connectPair(pair, resp, 'sub');
      await sub.cases([['MULTI'], ['SUBSCRIBE', 'a'], ['SSUBSCRIBE', 'sa'], ['PSUBSCRIBE', 'p*'], ['GET', 'k'], ['EXEC']]);
      // In subscribe mode now (RESP2): GET is refused.
      await sub.cases([['GET', 'k'], ['PING']]);
      if (resp === 3) {
        // A push for the client's own publish lands inside the EXEC array, as in Redis 7.0.
        await sub.cases([['MULTI'], ['PUBLISH', 'a', 'in exec'], ['GET', 'k'], ['EXEC']]);
      }
      await sub.cases([['RESET']]);
    });

    it('CONFIG SET client-output-buffer-limit: classes, memory units and errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      await connectPair(pair, resp, 'default');
      try {
        await pair.cases([
          ['CONFIG', 'GET', 'client-output-buffer-limit'],
          ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 64mb 16mb 30'],
          ['CONFIG', 'GET', 'client-output-buffer-limit'],
          ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1gb 512mb 0 replica 1k 2kb 3'],
          ['CONFIG', 'GET', 'client-output-buffer-limit'],
          ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb'],
          ['CONFIG', 'SET', 'client-output-buffer-limit', 'bogus 1 2 3'],
          ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub x 1 1'],
          ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1 1 -1'],
          ['CONFIG', 'GET', 'client-output-buffer-limit'],
        ]);
      } finally {
        await pair.both('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60');
      }
    });

    it('HELLO switches protocol while subscribed: messages follow the new protocol', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const pub = await connectPair(pair, resp, 'pub');
      const sub = await connectPair(pair, 3, 'sub');
      sub.write('SUBSCRIBE', 'ch', 'sync');
      await sub.read(2);
      await pub.cases([['PUBLISH', 'ch', 'resp3']]);
      await sub.read(1);
      await sub.cases([['HELLO', '2', { normalize: helloReply }]]);
      await pub.cases([['PUBLISH', 'ch', 'resp2']]);
      await sub.read(1);
      // Now in RESP2 with subscriptions: subscribe mode.
      await sub.cases([['GET', 'x'], ['PING']]);
    });
  });

  describe(`differential: keyspace notifications (RESP${resp})`, () => {
    const suite = pairSuite({ broker: BROKER });

    /** Subscribe 'sub' to every keyspace and keyevent channel and to 'sync'. */
    async function listener(pair: DiffPair): Promise<ClientPair> {
      const sub = await connectPair(pair, resp, 'sub');
      sub.write('SUBSCRIBE', 'sync');
      await sub.read(1);
      sub.write('PSUBSCRIBE', '__key*__:*');
      await sub.read(1);
      return sub;
    }

    async function withEvents(pair: DiffPair, flags: string, fn: () => Promise<void>): Promise<void> {
      await pair.both('CONFIG', 'SET', 'notify-keyspace-events', flags);
      try {
        await fn();
      } finally {
        await pair.both('CONFIG', 'SET', 'notify-keyspace-events', '');
      }
    }

    it('notify-keyspace-events: each family publishes its events on __keyspace@<db>__ and __keyevent@<db>__', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const sub = await listener(pair);
      const c = await connectPair(pair, resp, 'default');
      await withEvents(pair, 'KEA', async () => {
        await c.cases([
          // strings
          ['SET', 'str', 'v'],
          ['SET', 'str', 'v2', 'EX', '100'],
          ['SETEX', 'str2', '100', 'v'],
          ['APPEND', 'str', 'x'],
          ['INCR', 'n'],
          ['INCRBY', 'n', '5'],
          ['DECR', 'n'],
          ['INCRBYFLOAT', 'n', '1.5'],
          ['SETRANGE', 'str', '1', 'abc'],
          ['SETBIT', 'bits', '7', '1'],
          ['MSET', 'm1', 'a', 'm2', 'b'],
          ['GETDEL', 'm1'],
          ['GETEX', 'm2', 'EX', '100'],
          ['GETEX', 'm2', 'PERSIST'],
          ['SETNX', 'str', 'x'],
          // generic
          ['EXPIRE', 'str', '100'],
          ['PERSIST', 'str'],
          ['RENAME', 'str', 'str3'],
          ['COPY', 'str3', 'str4'],
          ['MOVE', 'str4', '1'],
          ['DEL', 'str3', 'nope', 'n'],
          ['UNLINK', 'bits'],
          ['EXPIRE', 'str2', '0'],
          // hashes
          ['HSET', 'h', 'f', 'v', 'g', 'w'],
          ['HSETNX', 'h', 'x', '1'],
          ['HINCRBY', 'h', 'x', '2'],
          ['HINCRBYFLOAT', 'h', 'x', '0.5'],
          ['HDEL', 'h', 'f', 'g', 'x'],
          // sets
          ['SADD', 's', 'a', 'b', 'c'],
          ['SREM', 's', 'a'],
          ['SMOVE', 's', 's2', 'b'],
          ['SINTERSTORE', 'dst', 's', 's'],
          ['SUNIONSTORE', 'dst', 's', 's2'],
          ['SDIFFSTORE', 'dst', 'nope', 's'],
          ['SPOP', 's2'],
          // sorted sets
          ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
          ['ZINCRBY', 'z', '5', 'a'],
          ['ZREM', 'z', 'b'],
          ['ZPOPMIN', 'z'],
          ['ZUNIONSTORE', 'zd', '1', 'z'],
          ['ZREMRANGEBYSCORE', 'zd', '0', '100'],
          // lists
          ['RPUSH', 'l', 'a', 'b', 'c'],
          ['LPUSH', 'l', 'z'],
          ['LPOP', 'l'],
          ['RPOP', 'l'],
          ['LMOVE', 'l', 'l2', 'LEFT', 'RIGHT'],
          // failed and no-op writes publish nothing
          ['INCR', 'h'],
          ['SREM', 's', 'nope'],
          ['DEL', 'nope'],
        ]);
        await syncAndCompare(c, [['keyspace listener', sub]], 'end-5');
      });
    });

    it('notify-keyspace-events: n publishes new for created keys, m publishes keymiss for read misses', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const sub = await listener(pair);
      const c = await connectPair(pair, resp, 'default');
      await withEvents(pair, 'KEnm', async () => {
        await c.cases([
          ['SET', 'a', '1'],
          ['SET', 'a', '2'],
          ['SETNX', 'b', '1'],
          ['MSET', 'c', '1', 'a', '3'],
          ['INCR', 'n'],
          ['APPEND', 'ap', 'x'],
          ['HSET', 'h', 'f', 'v'],
          ['HSET', 'h', 'g', 'v'],
          ['SADD', 's', 'm'],
          ['ZADD', 'z', '1', 'm'],
          ['RPUSH', 'l', 'x', 'y'],
          ['LMOVE', 'l', 'l2', 'LEFT', 'RIGHT'],
          ['SUNIONSTORE', 'su', 's'],
          ['ZUNIONSTORE', 'zu', '1', 'z'],
          ['GET', 'nope'],
          ['MGET', 'a', 'nope1', 'nope2'],
          ['HGET', 'nope', 'f'],
          ['SMEMBERS', 'nope'],
          ['ZSCORE', 'nope', 'm'],
          ['LRANGE', 'nope', '0', '-1'],
          ['STRLEN', 'nope'],
        ]);
        await syncAndCompare(c, [['new/keymiss listener', sub]], 'end-new-keymiss');
      });
    });

    it('notify-keyspace-events: the flags select K / E channels and event classes', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const sub = await listener(pair);
      const c = await connectPair(pair, resp, 'default');
      const commands = [
        ['SET', 'k', 'v'],
        ['EXPIRE', 'k', '100'],
        ['HSET', 'h', 'f', 'v'],
        ['SADD', 's', 'm'],
        ['ZADD', 'z', '1', 'm'],
        ['DEL', 'k', 'h', 's', 'z'],
        ['SELECT', '5'],
        ['SET', 'db5', 'v'],
        ['SELECT', '0'],
      ];
      let n = 0;
      for (const flags of ['K$', 'E$', 'Kg', 'Eg', 'Kh', 'Es', 'Kz', 'EA', 'KA', 'KEA', 'A', 'KE', 'g$lshzxetKE']) {
        await withEvents(pair, flags, async () => {
          await c.cases(commands);
          await syncAndCompare(c, [[`keyspace listener with ${flags}`, sub]], `end-flags-${n++}`);
        });
      }
      await pair.cases([['CONFIG', 'GET', 'notify-keyspace-events']]);
    });

    it('notify-keyspace-events: expired is published by lazy expiry and by the active expire cycle', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const sub = await listener(pair);
      const c = await connectPair(pair, resp, 'default');
      await withEvents(pair, 'KEx', async () => {
        // Lazy: the active cycle is off, the key goes when a command looks it up after its time.
        await c.cases([['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['SET', 'lazy', 'v', 'PX', '1']]);
        await waitReply(pair, ['EXISTS', 'lazy'], ':0\r\n', 'lazy to expire on lookup');
        await syncAndCompare(c, [['lazy expiry', sub]], 'end-lazy');
        // Active: nobody looks the key up; the cron deletes it (DBSIZE does not expire keys).
        await c.cases([['DEBUG', 'SET-ACTIVE-EXPIRE', '1'], ['SET', 'active', 'v', 'PX', '1']]);
        await waitReply(pair, ['DBSIZE'], ':0\r\n', 'active to be expired by the cron');
        await syncAndCompare(c, [['active expiry', sub]], 'end-active');
      });
    });

    it('keyspace channels take exact subscriptions too, and their message is the event / key', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const sub = await connectPair(pair, resp, 'sub');
      sub.write('SUBSCRIBE', 'sync', '__keyspace@0__:k', '__keyevent@0__:del', '__keyspace@0__:\x00\xffbin');
      await sub.read(4);
      const c = await connectPair(pair, resp, 'default');
      await withEvents(pair, 'KEA', async () => {
        await c.cases([['SET', 'k', 'v'], ['SET', 'other', 'v'], ['DEL', 'k', 'other'], ['SET', '\x00\xffbin', 'x']]);
        await syncAndCompare(c, [['exact subscriber', sub]], 'end-6');
      });
    });
  });
}
