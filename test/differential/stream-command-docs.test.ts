/*
 * Differential: the command table entries of the stream family (XADD, XTRIM, XLEN, XRANGE,
 * XREVRANGE, XDEL, XSETID, XREAD, XINFO and its subcommands, XREADGROUP, XACK, XPENDING, XCLAIM,
 * XAUTOCLAIM, XGROUP and its subcommands) against redis-server 7.0.15, in RESP2 and RESP3:
 * COMMAND DOCS (summary, since, group, complexity, history, argument trees), COMMAND INFO (flags,
 * ACL categories, tips, key specs with their notes), COMMAND LIST FILTERBY and COMMAND
 * GETKEYSANDFLAGS (the key spec flags at work).
 *
 * Replies are compared byte for byte, except for the containers XINFO and XGROUP: Redis lists
 * their subcommands in dict order, which changes from run to run, so those replies are decoded and
 * their subcommands sorted by name on both sides (each subcommand is also compared on its own,
 * byte for byte). COMMAND LIST FILTERBY replies are sorted (dict order too).
 * (server.test.ts compares every command of the table as well; this file keeps the stream family's
 * entries next to the family's other tests, with the key spec flags exercised.)
 */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pairSuite, sortArray } from '../helpers/diff.js';
import { connectPair } from '../helpers/keyspace.js';
import { parseReply, type Reply } from '../helpers/raw.js';

const COMMANDS = [
  'xadd', 'xtrim', 'xlen', 'xrange', 'xrevrange', 'xdel', 'xsetid', 'xread',
  'xinfo|stream', 'xinfo|groups', 'xinfo|consumers', 'xinfo|help',
  'xreadgroup', 'xack', 'xpending', 'xclaim', 'xautoclaim',
  'xgroup|create', 'xgroup|setid', 'xgroup|destroy', 'xgroup|createconsumer', 'xgroup|delconsumer', 'xgroup|help',
];
const CONTAINERS = ['xinfo', 'xgroup'];

/** A decoded reply with every map turned into sorted pairs and, in COMMAND INFO, subcommands sorted. */
function canon(r: Reply, infoSubcommands = false): unknown {
  if (r instanceof Map) {
    return [...r.entries()].map(([k, v]) => [canon(k), canon(v)]).sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1));
  }
  if (Array.isArray(r)) {
    const out = r.map((x) => canon(x, infoSubcommands));
    // A COMMAND INFO entry has 10 fields, the 10th being its subcommands (in dict order).
    if (infoSubcommands && out.length === 10 && Array.isArray(out[9])) {
      (out[9] as unknown[]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    }
    return out;
  }
  return r;
}

/** RESP2 COMMAND DOCS of a container: the subcommands map is a flat array of pairs. */
function sortDocPairs(r: unknown): unknown {
  if (!Array.isArray(r)) return r;
  const out = r.map(sortDocPairs);
  const at = out.indexOf('subcommands');
  if (at >= 0 && at % 2 === 0 && Array.isArray(out[at + 1])) {
    const flat = out[at + 1] as unknown[];
    const pairs: unknown[][] = [];
    for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
    pairs.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    out[at + 1] = pairs.flat();
  }
  return out;
}

for (const resp of [2, 3] as const) {
  describe(`differential: stream command table (RESP${resp})`, () => {
    const suite = pairSuite();

    it('COMMAND DOCS and COMMAND INFO: every stream command and subcommand byte for byte', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      for (const name of COMMANDS) {
        await c.both('COMMAND', 'DOCS', name);
        await c.both('COMMAND', 'INFO', name);
      }
      await c.both('COMMAND', 'INFO', 'xadd', 'XREAD', 'xinfo|stream', 'xgroup|create', 'nosuch', 'xinfo|nosuch');
      await c.both('COMMAND', 'DOCS', 'xadd', 'XTRIM', 'xgroup|setid', 'nosuch');
    });

    it('COMMAND DOCS and COMMAND INFO: the XINFO and XGROUP containers (subcommands sorted)', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      for (const name of CONTAINERS) {
        const [pd, rd] = await Promise.all([c.pigeon.send('COMMAND', 'DOCS', name), c.reference.send('COMMAND', 'DOCS', name)]);
        assert.deepEqual(sortDocPairs(canon(parseReply(pd))), sortDocPairs(canon(parseReply(rd))), `COMMAND DOCS ${name}`);
        const [pi, ri] = await Promise.all([c.pigeon.send('COMMAND', 'INFO', name), c.reference.send('COMMAND', 'INFO', name)]);
        assert.deepEqual(canon(parseReply(pi), true), canon(parseReply(ri), true), `COMMAND INFO ${name}`);
      }
    });

    it('COMMAND LIST FILTERBY and COMMAND GETKEYSANDFLAGS: categories, patterns and key spec flags', async (t) => {
      const pair = suite.get(t);
      if (!pair) return;
      const c = await connectPair(pair, resp);
      const filters = [['ACLCAT', 'stream'], ['PATTERN', 'x*'], ['PATTERN', 'xgroup|*'], ['PATTERN', 'xinfo*']];
      for (const f of filters) {
        const [p, r] = await Promise.all([c.pigeon.send('COMMAND', 'LIST', 'FILTERBY', ...f), c.reference.send('COMMAND', 'LIST', 'FILTERBY', ...f)]);
        assert.deepEqual(sortArray(p.toString('latin1')), sortArray(r.toString('latin1')), `COMMAND LIST FILTERBY ${f.join(' ')}`);
      }
      await c.cases([
        ['COMMAND', 'GETKEYSANDFLAGS', 'XADD', 's', 'MAXLEN', '~', '10', '*', 'f', 'v'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XTRIM', 's', 'MINID', '5'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XLEN', 's'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XRANGE', 's', '-', '+'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XREVRANGE', 's', '+', '-'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XDEL', 's', '1-1'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XSETID', 's', '5-5'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XREAD', 'COUNT', '2', 'BLOCK', '0', 'STREAMS', 'a', 'b', 'c', '0', '0', '0'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'STREAMS', 'a', 'b', '>', '>'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XACK', 's', 'g', '1-1'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XPENDING', 's', 'g'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XCLAIM', 's', 'g', 'c', '0', '1-1'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XAUTOCLAIM', 's', 'g', 'c', '0', '0'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XINFO', 'STREAM', 's', 'FULL'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XINFO', 'GROUPS', 's'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XINFO', 'CONSUMERS', 's', 'g'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XGROUP', 'SETID', 's', 'g', '0'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XGROUP', 'DESTROY', 's', 'g'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XGROUP', 'CREATECONSUMER', 's', 'g', 'c'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'XGROUP', 'DELCONSUMER', 's', 'g', 'c'],
        ['COMMAND', 'GETKEYS', 'XINFO', 'HELP'],
        ['COMMAND', 'GETKEYS', 'XGROUP', 'HELP'],
        ['COMMAND', 'GETKEYS', 'XREAD', 'STREAMS', 'a', 'b', '0'],
        ['COMMAND', 'GETKEYS', 'XREAD', 'COUNT', '1'],
        ['COMMAND', 'GETKEYS', 'XLEN'],
      ]);
    });
  });
}
