/*
 * Differential: CLIENT subcommands against redis-server 7.0.15, in RESP2 and RESP3.
 *
 * What is normalised, and why:
 *  - CLIENT ID values (replaceInts): ids are assigned per server and differ.
 *  - CLIENT LIST / CLIENT INFO lines (clientLines below): the values of the fields that describe
 *    the connection or Redis's memory layout are replaced by `*`: id, addr, laddr (ports differ),
 *    fd, age, idle (time), qbuf, qbuf-free, rbs, rbp, obl, oll, omem, tot-mem (buffer sizes).
 *    Everything else is compared: field names and order, name, flags, db, sub, psub, ssub, multi,
 *    argv-mem, multi-mem, events, cmd, user, redir, resp, and the reply type (bulk in RESP2,
 *    verbatim `txt` in RESP3) with its length recomputed after the replacement.
 *  - Pigeon's lines end with Redis 7.2's `lib-name=... lib-ver=...` fields, which 7.0.15 does not
 *    have: a deliberate difference (Pigeon implements 7.2's CLIENT SETINFO, which current client
 *    libraries send on connect). clientLines removes them; the Pigeon-only test at the end checks
 *    them.
 * Commands addressed to a specific client (KILL ID, LIST ID, KILL ADDR) send each side its own
 * ids and addresses (sideBySide), then compare the replies as above.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pairSuite, replaceInts, type ClientPair, type Normalizer } from '../helpers/diff.js';
import { connectResp } from '../helpers/keyspace.js';
import { frameEnd, parseReply, type RawClient } from '../helpers/raw.js';

const VARIABLE_FIELDS = new Set(['id', 'addr', 'laddr', 'fd', 'age', 'idle', 'qbuf', 'qbuf-free', 'rbs', 'rbp', 'obl', 'oll', 'omem', 'tot-mem']);

function normalizeLine(line: string): string {
  if (line === '') return line;
  return line
    .replace(/ lib-name=\S* lib-ver=\S*$/, '')
    .split(' ')
    .map((field) => {
      const eq = field.indexOf('=');
      const key = eq < 0 ? field : field.slice(0, eq);
      return VARIABLE_FIELDS.has(key) ? `${key}=*` : field;
    })
    .join(' ');
}

function normalizeText(text: string): string {
  return text.split('\n').map(normalizeLine).join('\n');
}

/** Walk the frames of a reply; rewrite every bulk (`$`) and verbatim (`=`) payload that holds client lines. */
export const clientLines: Normalizer = function clientLines(reply) {
  const buf = Buffer.from(reply, 'latin1');
  let out = '';
  const walk = (p: number): number => {
    const end = frameEnd(buf, p);
    const type = String.fromCharCode(buf[p]!);
    const nl = buf.indexOf('\r\n', p, 'latin1');
    const head = buf.toString('latin1', p, nl);
    if ((type === '$' || type === '=') && Number(head.slice(1)) >= 0) {
      let payload = buf.toString('latin1', nl + 2, end - 2);
      const prefix = type === '=' ? payload.slice(0, 4) : '';
      payload = prefix + normalizeText(payload.slice(prefix.length));
      out += `${type}${payload.length}\r\n${payload}\r\n`;
      return end;
    }
    if ('*~>%'.includes(type) && Number(head.slice(1)) >= 0) {
      out += buf.toString('latin1', p, nl + 2);
      const n = Number(head.slice(1)) * (type === '%' ? 2 : 1);
      let q = nl + 2;
      for (let i = 0; i < n; i++) q = walk(q);
      return q;
    }
    out += buf.toString('latin1', p, end);
    return end;
  };
  let p = 0;
  while (p < buf.length) p = walk(p);
  return out;
};

type Side = 'pigeon' | 'reference';

/** A value that differs per side (a client id, an address), read on each side. */
interface PerSide<T> {
  pigeon: T;
  reference: T;
}

async function perSide<T>(cp: ClientPair, fn: (c: RawClient, side: Side) => Promise<T>): Promise<PerSide<T>> {
  const [pigeon, reference] = await Promise.all([fn(cp.pigeon, 'pigeon'), fn(cp.reference, 'reference')]);
  return { pigeon, reference };
}

async function clientId(cp: ClientPair): Promise<PerSide<string>> {
  return perSide(cp, async (c) => String(parseReply(await c.send('CLIENT', 'ID'))));
}

/** The peer address (ip:port) of the connection, as the server reports it in CLIENT INFO. */
async function clientAddr(cp: ClientPair, field: 'addr' | 'laddr' = 'addr'): Promise<PerSide<string>> {
  return perSide(cp, async (c) => {
    const info = String(parseReply(await c.send('CLIENT', 'INFO')));
    const m = new RegExp(`(?:^| )${field}=(\\S+)`).exec(info);
    assert.ok(m, `no ${field}= in ${info}`);
    return m[1]!;
  });
}

/** Send each side its own arguments and require the same reply after `normalize`. */
async function sideBySide(cp: ClientPair, args: (side: Side) => string[], normalize: Normalizer = (s) => s): Promise<string> {
  const got = await perSide(cp, async (c, side) => (await c.send(...args(side))).toString('latin1'));
  assert.equal(
    normalize(got.pigeon),
    normalize(got.reference),
    `${args('reference').join(' ')}: pigeon ${JSON.stringify(got.pigeon)}, reference ${JSON.stringify(got.reference)}`,
  );
  return got.reference;
}

for (const resp of [2, 3] as const) {
  describe(`differential: CLIENT (RESP${resp})`, () => {
    const suite = pairSuite();

    it('CLIENT: fails without a subcommand, or with an unknown one', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([['CLIENT'], ['CLIENT', 'NOSUCH'], ['client', 'nosuch', 'x'], ['CLIENT', 'SETINFO-X']]);
    });

    it('CLIENT HELP: lists the subcommands', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([['CLIENT', 'HELP'], ['client', 'help'], ['CLIENT', 'HELP', 'x']]);
    });

    it('CLIENT ID: replies the connection id, an integer', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connectResp(pair, resp, 'default', 'other');
      await c!.cases([['CLIENT', 'ID', { normalize: replaceInts }], ['CLIENT', 'ID', 'x']]);
      const a = await clientId(c!);
      const b = await clientId(other!);
      // Ids grow with each connection.
      assert.ok(Number(b.pigeon) > Number(a.pigeon));
      assert.ok(Number(b.reference) > Number(a.reference));
    });

    it('CLIENT SETNAME / GETNAME: set, read, clear, and reject spaces and special characters', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['CLIENT', 'GETNAME'],
        ['CLIENT', 'SETNAME', 'worker-1'],
        ['CLIENT', 'GETNAME'],
        ['CLIENT', 'SETNAME', 'a b'],
        ['CLIENT', 'SETNAME', 'a\nb'],
        ['CLIENT', 'SETNAME', 'caf\xe9'],
        ['CLIENT', 'SETNAME', 'tab\t'],
        ['CLIENT', 'SETNAME', '\x7f'],
        ['CLIENT', 'GETNAME'],
        ['CLIENT', 'SETNAME', '!~{}[]"\'`'],
        ['CLIENT', 'GETNAME'],
        ['CLIENT', 'SETNAME', ''],
        ['CLIENT', 'GETNAME'],
        ['CLIENT', 'SETNAME'],
        ['CLIENT', 'SETNAME', 'a', 'b'],
        ['CLIENT', 'GETNAME', 'x'],
      ]);
    });

    it('CLIENT SETNAME: the name shows in CLIENT INFO and is kept across SELECT, dropped by RESET', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['CLIENT', 'SETNAME', 'named'],
        ['SELECT', '3'],
        ['CLIENT', 'INFO', { normalize: clientLines }],
        ['RESET'],
        ['CLIENT', 'GETNAME'],
        ['CLIENT', 'INFO', { normalize: clientLines }],
      ]);
    });

    it('CLIENT INFO: the line of the calling connection', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([['CLIENT', 'INFO', { normalize: clientLines }], ['client', 'info', { normalize: clientLines }], ['CLIENT', 'INFO', 'x']]);
    });

    it('CLIENT INFO: inside MULTI/EXEC shows flags=x, the queue length and cmd=exec', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['MULTI'],
        ['SET', 'a', 'b'],
        ['GET', 'a'],
        ['CLIENT', 'INFO'],
        ['EXEC', { normalize: clientLines }],
        ['CLIENT', 'INFO', { normalize: clientLines }],
      ]);
    });

    it('CLIENT INFO: a touched WATCH shows flags=d, NO-EVICT shows flags=e', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connectResp(pair, resp, 'default', 'other');
      await c!.cases([['WATCH', 'k']]);
      await other!.both('SET', 'k', 'v');
      await c!.cases([
        ['CLIENT', 'INFO', { normalize: clientLines }],
        ['UNWATCH'],
        ['CLIENT', 'NO-EVICT', 'on'],
        ['CLIENT', 'INFO', { normalize: clientLines }],
        ['CLIENT', 'NO-EVICT', 'OFF'],
        ['CLIENT', 'INFO', { normalize: clientLines }],
      ]);
    });

    it('CLIENT LIST: the line of each connection, by ID', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connectResp(pair, resp, 'default', 'other');
      const me = await clientId(c!);
      const them = await clientId(other!);
      // The other connection is named, in db 2, in MULTI with one command queued (Redis shows the
      // queued command as its last command: cmd=set).
      await other!.cases([['CLIENT', 'SETNAME', 'other'], ['SELECT', '2'], ['MULTI'], ['SET', 'x', 'y']]);
      await sideBySide(c!, (side) => ['CLIENT', 'LIST', 'ID', me[side]], clientLines);
      await sideBySide(c!, (side) => ['CLIENT', 'LIST', 'ID', them[side], me[side]], clientLines);
      await sideBySide(c!, (side) => ['CLIENT', 'LIST', 'ID', me[side], '999999', me[side]], clientLines);
      await sideBySide(c!, (side) => ['client', 'list', 'id', them[side]], clientLines);
    });

    it('CLIENT LIST: options and their errors', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['CLIENT', 'LIST', 'ID', '999999'],
        ['CLIENT', 'LIST', 'ID', '0', '-1'],
        ['CLIENT', 'LIST', 'ID', 'abc'],
        ['CLIENT', 'LIST', 'ID', '1', 'abc'],
        ['CLIENT', 'LIST', 'ID'],
        ['CLIENT', 'LIST', 'TYPE', 'pubsub'],
        ['CLIENT', 'LIST', 'TYPE', 'master'],
        ['CLIENT', 'LIST', 'TYPE', 'replica'],
        ['CLIENT', 'LIST', 'TYPE', 'SLAVE'],
        ['CLIENT', 'LIST', 'TYPE', 'foo'],
        ['CLIENT', 'LIST', 'TYPE'],
        ['CLIENT', 'LIST', 'TYPE', 'normal', 'x'],
        ['CLIENT', 'LIST', 'TYPE', 'normal', 'ID', '1'],
        ['CLIENT', 'LIST', 'ID', '1', 'TYPE', 'normal'],
        ['CLIENT', 'LIST', 'foo'],
      ]);
    });

    it('CLIENT LIST: TYPE normal lists this connection', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      const me = await clientId(c!);
      for (const args of [['CLIENT', 'LIST'], ['CLIENT', 'LIST', 'TYPE', 'normal']]) {
        const lists = await perSide(c!, async (rc) => String(parseReply(await rc.send(...args))));
        for (const side of ['pigeon', 'reference'] as const) {
          const line = lists[side].split('\n').find((l) => l.startsWith(`id=${me[side]} `));
          assert.ok(line, `${side}: ${args.join(' ')} has no line for id ${me[side]}: ${lists[side]}`);
          assert.match(line, / cmd=client\|list /);
        }
      }
    });

    it('CLIENT REPLY: OFF, SKIP and ON', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      // Each request ends with a command whose reply is expected: a missing or extra reply shows.
      await c!.bothRaw('CLIENT REPLY OFF\r\nPING a\r\nCLIENT REPLY ON\r\nPING b\r\n', 2);
      await c!.bothRaw('CLIENT REPLY SKIP\r\nPING a\r\nPING b\r\n', 1);
      await c!.bothRaw('CLIENT REPLY SKIP\r\nCLIENT REPLY SKIP\r\nPING a\r\nPING b\r\n', 1);
      await c!.bothRaw('CLIENT REPLY SKIP\r\nCLIENT REPLY ON\r\nPING a\r\n', 2);
      await c!.bothRaw('CLIENT REPLY OFF\r\nCLIENT REPLY SKIP\r\nPING a\r\nCLIENT REPLY ON\r\nPING b\r\n', 2);
      await c!.bothRaw('CLIENT REPLY SKIP\r\nCLIENT REPLY OFF\r\nPING a\r\nCLIENT REPLY ON\r\n', 1);
      // Errors are silenced too.
      await c!.bothRaw('CLIENT REPLY OFF\r\nNOSUCH\r\nGET\r\nCLIENT REPLY FOO\r\nCLIENT REPLY ON\r\nPING z\r\n', 2);
      await c!.bothRaw('CLIENT REPLY SKIP\r\nCLIENT REPLY FOO\r\nPING a\r\n', 1);
      await c!.cases([['CLIENT', 'REPLY', 'FOO'], ['CLIENT', 'REPLY'], ['CLIENT', 'REPLY', 'ON', 'OFF'], ['client', 'reply', 'on']]);
    });

    it('CLIENT REPLY: SKIP before EXEC skips the whole transaction reply', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.bothRaw('MULTI\r\nPING a\r\nCLIENT REPLY SKIP\r\nEXEC\r\nPING b\r\n', 3);
      await c!.bothRaw('CLIENT REPLY SKIP\r\nMULTI\r\nPING a\r\nEXEC\r\nPING b\r\n', 3);
      await c!.bothRaw('CLIENT REPLY OFF\r\nMULTI\r\nSET a 1\r\nEXEC\r\nCLIENT REPLY ON\r\nGET a\r\n', 2);
    });

    it('CLIENT KILL: errors and filters that match no client', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['CLIENT', 'KILL'],
        ['CLIENT', 'KILL', '1.2.3.4:5'],
        ['CLIENT', 'KILL', 'ADDR'],
        ['CLIENT', 'KILL', 'ID', '0'],
        ['CLIENT', 'KILL', 'ID', '-5'],
        ['CLIENT', 'KILL', 'ID', 'abc'],
        ['CLIENT', 'KILL', 'ID', '99999999999999999999999'],
        ['CLIENT', 'KILL', 'ID', '999999'],
        ['CLIENT', 'KILL', 'ID', '999999', 'TYPE'],
        ['CLIENT', 'KILL', 'ID', '999999', 'TYPE', 'foo'],
        ['CLIENT', 'KILL', 'ID', '999999', 'TYPE', 'normal'],
        ['CLIENT', 'KILL', 'ID', '1', 'ID'],
        ['CLIENT', 'KILL', 'TYPE', 'master'],
        ['CLIENT', 'KILL', 'TYPE', 'slave'],
        ['CLIENT', 'KILL', 'TYPE', 'replica'],
        ['CLIENT', 'KILL', 'TYPE', 'pubsub'],
        ['CLIENT', 'KILL', 'USER', 'nobody'],
        ['CLIENT', 'KILL', 'USER', 'default', 'ID', '999999'],
        ['CLIENT', 'KILL', 'SKIPME', 'maybe'],
        ['CLIENT', 'KILL', 'ADDR', '1.1.1.1:5', 'SKIPME', 'yes'],
        ['CLIENT', 'KILL', 'LADDR', '1.1.1.1:1'],
        ['CLIENT', 'KILL', 'MAXAGE', '1'],
        ['CLIENT', 'KILL', 'foo', 'bar'],
        ['client', 'kill', 'id', '999999', 'skipme', 'NO'],
      ]);
    });

    it('CLIENT KILL: ID and ADDR close another connection', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, victim1, victim2, victim3] = await connectResp(pair, resp, 'default', 'victim1', 'victim2', 'victim3');
      const id1 = await clientId(victim1!);
      await sideBySide(c!, (side) => ['CLIENT', 'KILL', 'ID', id1[side]]);
      await victim1!.closedByServer();
      await sideBySide(c!, (side) => ['CLIENT', 'KILL', 'ID', id1[side]]);

      const addr2 = await clientAddr(victim2!);
      await sideBySide(c!, (side) => ['CLIENT', 'KILL', addr2[side]]);
      await victim2!.closedByServer();
      await sideBySide(c!, (side) => ['CLIENT', 'KILL', addr2[side]]);

      const addr3 = await clientAddr(victim3!);
      await sideBySide(c!, (side) => ['CLIENT', 'KILL', 'ADDR', addr3[side], 'TYPE', 'normal']);
      await victim3!.closedByServer();
      await c!.cases([['PING']]);
    });

    it('CLIENT KILL: LADDR matches the local address of connections, SKIPME spares the caller', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, victim] = await connectResp(pair, resp, 'default', 'victim');
      const me = await clientId(c!);
      const vid = await clientId(victim!);
      const laddr = await clientAddr(c!, 'laddr');
      // Only the caller and the victim are matched: the filter on both ids keeps other tests' and
      // the suite's admin connection alive.
      await sideBySide(c!, (side) => ['CLIENT', 'KILL', 'LADDR', laddr[side], 'ID', me[side]]);
      await sideBySide(c!, (side) => ['CLIENT', 'KILL', 'LADDR', laddr[side], 'ID', vid[side], 'SKIPME', 'yes']);
      await victim!.closedByServer();
      await c!.cases([['PING']]);
    });

    it('CLIENT KILL: a connection may kill itself, and is closed after the reply', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [a, b, d] = await connectResp(pair, resp, 'self-old', 'self-new', 'self-multi');
      const addr = await clientAddr(a!);
      await sideBySide(a!, (side) => ['CLIENT', 'KILL', addr[side]]);
      await a!.closedByServer();

      const id = await clientId(b!);
      await sideBySide(b!, (side) => ['CLIENT', 'KILL', 'ID', id[side]]); // SKIPME yes by default: 0
      await sideBySide(b!, (side) => ['CLIENT', 'KILL', 'ID', id[side], 'SKIPME', 'no']);
      await b!.closedByServer();

      // Inside EXEC the commands after the kill still run, but no reply follows the kill's own:
      // the EXEC array is cut short and the connection closed.
      const id3 = await clientId(d!);
      await d!.cases([['MULTI']]);
      await sideBySide(d!, (side) => ['CLIENT', 'KILL', 'ID', id3[side], 'SKIPME', 'no']);
      await d!.cases([['SET', 'after-kill', '1']]);
      const rest = await perSide(d!, async (rc) => {
        rc.write('EXEC\r\n');
        await rc.closed();
        return rc.unread.toString('latin1');
      });
      assert.equal(rest.pigeon, rest.reference);
      const [e] = await connectResp(pair, resp, 'after');
      await e!.cases([['GET', 'after-kill']]);
    });

    it('CLIENT KILL: the rest of a pipeline after killing itself is not run', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [victim, c] = await connectResp(pair, resp, 'victim', 'default');
      const id = await clientId(victim!);
      await perSide(victim!, async (rc, side) => {
        rc.write(`CLIENT KILL ID ${id[side]} SKIPME no\r\nSET after-kill 1\r\n`);
        await rc.closed();
        assert.equal(rc.unread.toString('latin1'), ':1\r\n', `${side}: replies before closing`);
      });
      await c!.cases([['EXISTS', 'after-kill']]);
    });

    it('CLIENT NO-EVICT: ON and OFF only', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['CLIENT', 'NO-EVICT', 'on'],
        ['CLIENT', 'NO-EVICT', 'OFF'],
        ['CLIENT', 'NO-EVICT', 'foo'],
        ['CLIENT', 'NO-EVICT'],
        ['CLIENT', 'NO-EVICT', 'on', 'off'],
      ]);
    });

    it('CLIENT PAUSE / UNPAUSE: argument errors, and OK', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['CLIENT', 'PAUSE'],
        ['CLIENT', 'PAUSE', 'abc'],
        ['CLIENT', 'PAUSE', '-1'],
        ['CLIENT', 'PAUSE', '1.5'],
        ['CLIENT', 'PAUSE', '99999999999999999999'],
        ['CLIENT', 'PAUSE', '10', 'foo'],
        ['CLIENT', 'PAUSE', 'abc', 'foo'],
        ['CLIENT', 'PAUSE', '10', 'WRITE', 'x'],
        ['client', 'pause', '1', '2', '3'],
        ['CLIENT', 'PAUSE', '0'],
        ['CLIENT', 'PAUSE', '1', 'write'],
        ['CLIENT', 'UNPAUSE'],
        ['CLIENT', 'UNPAUSE', 'x'],
        ['PING'],
      ]);
    });

    it('CLIENT UNBLOCK: argument errors; a client that is not blocked is not unblocked', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c, other] = await connectResp(pair, resp, 'default', 'other');
      await c!.cases([
        ['CLIENT', 'UNBLOCK'],
        ['CLIENT', 'UNBLOCK', 'abc'],
        ['CLIENT', 'UNBLOCK', '5', 'foo'],
        ['CLIENT', 'UNBLOCK', 'abc', 'foo'],
        ['CLIENT', 'UNBLOCK', '999999'],
        ['CLIENT', 'UNBLOCK', '999999', 'error'],
        ['CLIENT', 'UNBLOCK', '999999', 'TIMEOUT'],
        ['CLIENT', 'UNBLOCK', '1', '2', '3'],
      ]);
      const id = await clientId(other!);
      await sideBySide(c!, (side) => ['CLIENT', 'UNBLOCK', id[side]]);
    });

    it('CLIENT TRACKING: option errors, OFF; TRACKINGINFO, GETREDIR and CACHING without tracking', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['CLIENT', 'TRACKING'],
        ['CLIENT', 'TRACKING', 'foo'],
        ['CLIENT', 'TRACKING', 'off'],
        ['CLIENT', 'TRACKING', 'OFF', 'BCAST', 'NOLOOP'],
        ['CLIENT', 'TRACKING', 'on', 'redirect'],
        ['CLIENT', 'TRACKING', 'on', 'foo'],
        ['CLIENT', 'TRACKING', 'on', 'redirect', 'abc'],
        ['CLIENT', 'TRACKING', 'on', 'redirect', '999999'],
        ['CLIENT', 'TRACKING', 'off', 'redirect', '999999'],
        ['CLIENT', 'TRACKING', 'on', 'prefix', 'a'],
        ['CLIENT', 'TRACKING', 'on', 'optin', 'optout'],
        ['CLIENT', 'TRACKING', 'on', 'bcast', 'optin'],
        ['CLIENT', 'TRACKING', 'on', 'bcast', 'prefix', 'ab', 'prefix', 'a'],
        ['CLIENT', 'TRACKINGINFO'],
        ['CLIENT', 'TRACKINGINFO', 'x'],
        ['CLIENT', 'GETREDIR'],
        ['CLIENT', 'GETREDIR', 'x'],
        ['CLIENT', 'CACHING', 'yes'],
        ['CLIENT', 'CACHING', 'foo'],
        ['CLIENT', 'CACHING'],
      ]);
    });

    it('CLIENT: subcommands are queued inside MULTI', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const [c] = await connectResp(pair, resp, 'default');
      await c!.cases([
        ['MULTI'],
        ['CLIENT', 'SETNAME', 'in-tx'],
        ['CLIENT', 'GETNAME'],
        ['CLIENT', 'SETNAME', 'bad name'],
        ['CLIENT', 'NO-EVICT', 'maybe'],
        ['EXEC'],
        ['CLIENT', 'GETNAME'],
      ]);
    });
  });
}

describe('CLIENT SETINFO (Redis 7.2, a deliberate difference from 7.0.15)', () => {
  const suite = pairSuite();

  // Redis 7.0.15 does not know CLIENT SETINFO; Pigeon implements 7.2's because node-redis 5,
  // ioredis 5.4+ and other current clients send it on every connect. The reference's unknown
  // subcommand error is asserted here so the difference stays visible.
  it('CLIENT SETINFO: sets lib-name and lib-ver, shown in CLIENT INFO; 7.0.15 does not know it', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    const send = async (...args: string[]): Promise<string> => (await c.pigeon.send(...args)).toString('latin1');
    assert.equal(
      (await c.reference.send('CLIENT', 'SETINFO', 'LIB-NAME', 'x')).toString('latin1'),
      "-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n",
    );
    assert.equal(await send('CLIENT', 'SETINFO', 'LIB-NAME', 'node-redis'), '+OK\r\n');
    assert.equal(await send('CLIENT', 'SETINFO', 'lib-ver', '5.0.0'), '+OK\r\n');
    assert.match(String(parseReply(await send('CLIENT', 'INFO'))), / resp=2 lib-name=node-redis lib-ver=5\.0\.0\n$/);
    assert.equal(await send('CLIENT', 'SETINFO', 'LIB-NAME', 'has space'), '-ERR LIB-NAME cannot contain spaces, newlines or special characters.\r\n');
    assert.equal(await send('CLIENT', 'SETINFO', 'lib-ver', 'a\nb'), '-ERR lib-ver cannot contain spaces, newlines or special characters.\r\n');
    assert.equal(await send('CLIENT', 'SETINFO', 'LIB-FOO', 'x'), "-ERR Unrecognized option 'LIB-FOO'\r\n");
    assert.equal(await send('CLIENT', 'SETINFO', 'LIB-NAME'), "-ERR wrong number of arguments for 'client|setinfo' command\r\n");
    assert.equal(await send('CLIENT', 'SETINFO', 'LIB-NAME', ''), '+OK\r\n');
    assert.match(String(parseReply(await send('CLIENT', 'INFO'))), / lib-name= lib-ver=5\.0\.0\n$/);
  });

  it('CLIENT TRACKING ON: refused, Pigeon has no client side caching (a deliberate difference)', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client();
    const reply = (await c.pigeon.send('CLIENT', 'TRACKING', 'ON')).toString('latin1');
    assert.match(reply, /^-ERR CLIENT TRACKING ON is not supported/);
    assert.equal((await c.pigeon.send('CLIENT', 'TRACKINGINFO')).toString('latin1').includes('off'), true);
  });
});
