/*
 * Tests of the test harness itself: the reply frame scanner, parseReply, the differential
 * normalisers and RawClient's buffering, against a scripted in-process server (no broker, no
 * redis-server needed).
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { compose, mapValue, replaceInts, replaceStrings, sortArray, sortPairs, waitUntil } from './diff.js';
import { encodeCommand, frameEnd, parseReplies, parseReply, RawClient, splitFrames } from './raw.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('frameEnd', () => {
  const frames = [
    '+OK\r\n',
    '-ERR no\r\n',
    ':-12\r\n',
    '_\r\n',
    '#t\r\n',
    ',1.5\r\n',
    '(123456789012345678901\r\n',
    '$5\r\na\r\nbc\r\n',
    '$0\r\n\r\n',
    '$-1\r\n',
    '=8\r\ntxt:abcd\r\n',
    '!5\r\nERR x\r\n',
    '*-1\r\n',
    '*0\r\n',
    '*2\r\n:1\r\n*1\r\n$1\r\nx\r\n',
    '~2\r\n+a\r\n+b\r\n',
    '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n',
    '%2\r\n+a\r\n:1\r\n+b\r\n%1\r\n+c\r\n_\r\n',
    '|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n',
  ];
  for (const f of frames) {
    it(`finds the end of ${JSON.stringify(f)} and of no prefix of it`, () => {
      const buf = b(f + '+NEXT\r\n');
      assert.equal(frameEnd(buf, 0), f.length);
      for (let i = 0; i < f.length; i++) assert.equal(frameEnd(b(f.slice(0, i)), 0), -1, `prefix of ${i} bytes`);
    });
  }

  it('throws on a byte that cannot start a frame', () => {
    assert.throws(() => frameEnd(b('x\r\n'), 0), /unexpected type byte/);
  });

  it('splits a buffer into frames', () => {
    assert.deepEqual(splitFrames(b('+OK\r\n:1\r\n$1\r\nx\r\n')), ['+OK\r\n', ':1\r\n', '$1\r\nx\r\n']);
  });
});

describe('parseReply', () => {
  it('decodes every type', () => {
    assert.equal(parseReply('+OK\r\n'), 'OK');
    assert.deepEqual(parseReply('-ERR no\r\n'), { error: 'ERR no' });
    assert.deepEqual(parseReply('!5\r\nERR x\r\n'), { error: 'ERR x' });
    assert.equal(parseReply(':-12\r\n'), -12);
    assert.equal(parseReply(':9223372036854775807\r\n'), 9223372036854775807n);
    assert.equal(parseReply('_\r\n'), null);
    assert.equal(parseReply('$-1\r\n'), null);
    assert.equal(parseReply('*-1\r\n'), null);
    assert.equal(parseReply('#f\r\n'), false);
    assert.equal(parseReply(',-inf\r\n'), -Infinity);
    assert.equal(parseReply(',0.5\r\n'), 0.5);
    assert.equal(parseReply('(12\r\n'), 12n);
    assert.equal(parseReply('$4\r\n\x00\xff\r\n\r\n'), '\x00\xff\r\n');
    assert.equal(parseReply('=8\r\ntxt:abcd\r\n'), 'abcd');
    assert.deepEqual(parseReply('*2\r\n:1\r\n*1\r\n$1\r\nx\r\n'), [1, ['x']]);
    assert.deepEqual(parseReply('~1\r\n+a\r\n'), ['a']);
    assert.deepEqual(parseReply('>2\r\n+a\r\n+b\r\n'), ['a', 'b']);
    assert.deepEqual(parseReply('%1\r\n+a\r\n:1\r\n'), new Map([['a', 1]]));
    assert.equal(parseReply('|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n'), 'v');
  });

  it('decodes several replies', () => {
    assert.deepEqual(parseReplies('+OK\r\n:1\r\n'), ['OK', 1]);
  });
});

describe('normalisers', () => {
  it('sortArray sorts the elements of an array or set, and leaves other replies alone', () => {
    assert.equal(sortArray('*3\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n'), '*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n');
    assert.equal(sortArray('~2\r\n$1\r\nz\r\n$1\r\ny\r\n'), '~2\r\n$1\r\ny\r\n$1\r\nz\r\n');
    assert.equal(sortArray('-ERR x\r\n'), '-ERR x\r\n');
    assert.equal(sortArray('*-1\r\n'), '*-1\r\n');
  });

  it('sortPairs sorts RESP2 flat pairs and RESP3 maps by key', () => {
    assert.equal(
      sortPairs('*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n'),
      '*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n',
    );
    assert.equal(sortPairs('%2\r\n$1\r\nb\r\n:2\r\n$1\r\na\r\n:1\r\n'), '%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:2\r\n');
  });

  it('replaceInts replaces integer frames at any depth, not integers inside bulks', () => {
    assert.equal(replaceInts('*2\r\n:5\r\n$3\r\n:12\r\n'), '*2\r\n:<int>\r\n$3\r\n:12\r\n');
  });

  it('replaceStrings replaces matching strings and fixes the bulk length', () => {
    const runId = replaceStrings(/^[0-9a-f]{8}$/, '<id>');
    assert.equal(runId('*2\r\n$8\r\ndeadbeef\r\n+deadbeef\r\n'), '*2\r\n$4\r\n<id>\r\n+<id>\r\n');
    assert.equal(runId.name, 'replaceStrings(/^[0-9a-f]{8}$/)');
  });

  it('mapValue replaces one field of a map in either protocol', () => {
    const id = mapValue('id');
    assert.equal(id('*4\r\n$2\r\nid\r\n:7\r\n$1\r\nx\r\n:1\r\n'), '*4\r\n$2\r\nid\r\n+<id>\r\n$1\r\nx\r\n:1\r\n');
    assert.equal(id('%2\r\n$2\r\nid\r\n:7\r\n$1\r\nx\r\n:1\r\n'), '%2\r\n$2\r\nid\r\n+<id>\r\n$1\r\nx\r\n:1\r\n');
  });

  it('compose applies normalisers left to right', () => {
    const n = compose(replaceInts, sortArray);
    assert.equal(n('*2\r\n:9\r\n$1\r\na\r\n'), '*2\r\n$1\r\na\r\n:<int>\r\n');
    assert.equal(n.name, 'replaceInts + sortArray');
  });
});

describe('RawClient', () => {
  /** A server that answers each chunk it receives with the next scripted bytes, one byte per write. */
  async function scripted(replies: string[]): Promise<{ port: number; close(): Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('data', () => {
        const r = replies.shift();
        if (r === undefined) return s.end();
        for (const ch of r) s.write(b(ch));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address() as net.AddressInfo;
    return {
      port: addr.port,
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    };
  }

  it('encodes a command as a multibulk of latin1 arguments', () => {
    assert.equal(encodeCommand(['SET', 'k', '\xff\r\n']).toString('latin1'), '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\xff\r\n\r\n');
  });

  it('resolves each read with exactly its frames, keeping the rest buffered', async () => {
    const srv = await scripted(['+A\r\n:1\r\n', '*2\r\n$1\r\nx\r\n_\r\n>1\r\n+push\r\n']);
    const c = await RawClient.connect(srv.port);
    try {
      assert.equal((await c.send('X')).toString('latin1'), '+A\r\n');
      assert.equal((await c.readReplies(1)).toString('latin1'), ':1\r\n');
      assert.equal((await c.sendRaw('Y\r\n', 1)).toString('latin1'), '*2\r\n$1\r\nx\r\n_\r\n');
      assert.equal((await c.readPush()).toString('latin1'), '>1\r\n+push\r\n');
      c.write('Z\r\n'); // no more script: the server closes
      await c.closed();
      assert.equal(c.isOpen, false);
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('fails a pending read when the server closes, showing the unread bytes', async () => {
    const srv = await scripted(['$5\r\nab']);
    const c = await RawClient.connect(srv.port);
    try {
      const failed = assert.rejects(c.send('X'), /connection closed while waiting for 1 reply; unread bytes: "\$5\\r\\nab"/);
      await waitUntil(() => c.unread.length === 6, { what: 'the partial reply' });
      c.write('again\r\n'); // no more script: the server closes
      await failed;
    } finally {
      await c.close();
      await srv.close();
    }
  });
});
