/*
 * Differential: connection basics (PING, ECHO, HELLO, command lookup errors, inline requests,
 * protocol errors) against redis-server 7.0.15. Raw bytes are compared as they are; the only
 * normaliser used here is helloReply (HELLO's client id), through pair.resp3().
 */

import { describe, it } from 'node:test';
import { pairSuite } from '../helpers/diff.js';

describe('differential: connection basics', () => {
  // These tests write no keys: between tests only the connections are renewed, no FLUSHALL.
  const suite = pairSuite({ flush: false });

  it('PING: replies PONG, or the message as a bulk', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await pair.cases([
      ['PING'],
      ['ping'],
      ['PiNg'],
      ['PING', 'hello'],
      ['PING', ''],
      ['PING', 'a\r\nb\x00\xff'],
      ['PING', 'a', 'b'],
    ]);
  });

  it('ECHO: replies its argument, binary safe', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await pair.cases([
      ['ECHO', 'hello'],
      ['ECHO', ''],
      ['ECHO', 'a\r\nb\x00\xff'],
      ['ECHO', 'x'.repeat(100_000)],
    ]);
  });

  it('ECHO: fails with an arity error without exactly one argument', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await pair.cases([['ECHO'], ['ECHO', 'a', 'b'], ['echo']]);
  });

  it('unknown commands: fail naming the command and its first arguments', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await pair.cases([
      ['FOO'],
      ['FOO', 'bar'],
      ['foo', 'bar', 'baz qux'],
      ['NOSUCHCOMMAND', 'a', 'b', 'c', 'd'],
      [''],
    ]);
  });

  it('inline: PING, ECHO with quotes, pipelined lines', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await pair.bothRaw('PING\r\n');
    await pair.bothRaw('PING\n');
    await pair.bothRaw('ECHO "hello world"\r\n');
    await pair.bothRaw("ECHO 'it\\'s'\r\n");
    await pair.bothRaw('ECHO "\\x41\\n"\r\n');
    await pair.bothRaw('PING\r\n\r\nPING hi\r\nECHO\r\n', 3);
  });

  it('multibulk: pipelined requests and empty frames', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await pair.bothRaw('*1\r\n$4\r\nPING\r\n*0\r\n*-1\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n', 2);
  });

  it('HELLO 3: switches to RESP3, then PING and ECHO reply as before', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    await pair.resp3();
    await pair.cases([['PING'], ['PING', 'msg'], ['ECHO', 'x'], ['ECHO'], ['FOO']]);
  });

  it('protocol error: replies the error, then closes the connection', async (t) => {
    const pair = suite.get(t);
    if (!pair) return;
    const c = await pair.client('bad');
    await c.bothRaw('*x\r\n');
    await c.closedByServer();
    const d = await pair.client('bad-bulk');
    await d.bothRaw('*1\r\nPING\r\n');
    await d.closedByServer();
    const e = await pair.client('bad-quotes');
    await e.bothRaw('ECHO "unbalanced\r\n');
    await e.closedByServer();
  });
});
