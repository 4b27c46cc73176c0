/*
 * The ACL file (`aclfile`): users loaded at start, ACL LOAD and ACL SAVE, with Redis 7.0.15's
 * errors. The differential tests give each server its own file with the same content; the only
 * normaliser replaces each side's file path by `<aclfile>` in the replies (the paths must differ).
 * Not compared: an unmatched parenthesis in the file, which crashes redis-server 7.0.15's ACL LOAD.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startBroker } from '../helpers/broker.js';
import { withPair, type DiffPair } from '../helpers/diff.js';
import { RawClient, parseReply } from '../helpers/raw.js';

const USERS = ['user alice on >wonder ~a:* &* +@read +@write', 'user bob off nopass ~* resetchannels -@all +ping', ''].join('\n');

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'pigeon-aclfile-'));
}

/** Run `fn` with a pair whose servers each load their own copy of `content`. */
async function withAclPair(
  t: Parameters<typeof withPair>[0],
  content: string,
  fn: (pair: DiffPair, files: { pigeon: string; reference: string }, norm: (s: string) => string) => Promise<void>,
): Promise<void> {
  const dir = tempDir();
  const files = { pigeon: path.join(dir, 'pigeon.acl'), reference: path.join(dir, 'reference.acl') };
  writeFileSync(files.pigeon, content);
  writeFileSync(files.reference, content);
  const norm = (s: string): string => s.split(files.pigeon).join('<aclfile>').split(files.reference).join('<aclfile>');
  try {
    await withPair(t, (pair) => fn(pair, files, norm), { broker: { aclfile: files.pigeon }, referenceArgs: ['--aclfile', files.reference] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('aclfile', () => {
  it('users of the ACL file are loaded at start', (t) =>
    withAclPair(t, USERS, async (pair) => {
      await pair.cases([['ACL', 'LIST'], ['ACL', 'USERS'], ['AUTH', 'alice', 'wonder'], ['ACL', 'WHOAMI'], ['GET', 'a:1'], ['GET', 'b'], ['AUTH', 'bob', 'x']]);
    }));

  it('ACL LOAD: reloads the file; a file with errors changes nothing and names every error', (t) =>
    withAclPair(t, USERS, async (pair, files, norm) => {
      const bad = [
        'user carol on nopass +@nosuch ~x',
        'usr dave on',
        'user',
        'user erin on #abc %X~y +nosuch -@nope',
        'user "unbalanced on',
        'user carol on',
        '',
        '   ',
        'user default on nopass ~* &* +@all',
      ].join('\n');
      writeFileSync(files.pigeon, bad);
      writeFileSync(files.reference, bad);
      await pair.both('ACL', 'LOAD', { normalize: norm });
      await pair.both('ACL', 'LIST');
      const next = 'user default on nopass ~* &* +@all\nuser zed on >z ~z* +get\n';
      writeFileSync(files.pigeon, next);
      writeFileSync(files.reference, next);
      await pair.cases([['ACL', 'LOAD'], ['ACL', 'LIST'], ['ACL', 'LOAD', 'x']]);
      rmSync(files.pigeon);
      rmSync(files.reference);
      await pair.both('ACL', 'LOAD', { normalize: norm });
    }));

  it('ACL SAVE: writes the users in ACL LIST form, sorted by name', (t) =>
    withAclPair(t, USERS, async (pair, files) => {
      await pair.cases([
        ['ACL', 'SETUSER', 'carl', 'on', '>pw', '~c*', '&ch', '-@all', '+@hash', '+get'],
        ['ACL', 'DELUSER', 'bob'],
        ['ACL', 'SAVE'],
        ['ACL', 'SAVE', 'x'],
      ]);
      assert.equal(readFileSync(files.pigeon, 'latin1'), readFileSync(files.reference, 'latin1'));
      await pair.cases([['ACL', 'SETUSER', 'carl', 'off'], ['ACL', 'LOAD'], ['ACL', 'GETUSER', 'carl']]);
    }));

  it('ACL LOAD: disconnects the clients authenticated as a user of the old set', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'users.acl');
    writeFileSync(file, USERS);
    const b = await startBroker({ aclfile: file });
    try {
      const alice = await RawClient.connect(b.port);
      assert.equal((await alice.send('AUTH', 'alice', 'wonder')).toString(), '+OK\r\n');
      const plain = await RawClient.connect(b.port);
      assert.equal((await plain.send('ACL', 'LOAD')).toString(), '+OK\r\n');
      await alice.closed();
      assert.equal((await plain.send('PING')).toString(), '+PONG\r\n');
      await plain.close();
    } finally {
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a broken ACL file stops the start with Redis message', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'users.acl');
    writeFileSync(file, 'user x on +@nosuch\n');
    try {
      await assert.rejects(
        startBroker({ aclfile: file }),
        new Error(
          `Aborting Redis startup because of ACL errors: ${file}:1: Error in applying operation '+@nosuch': Unknown command or category name in ACL. WARNING: ACL errors detected, no change to the previously active ACL rules was performed`,
        ),
      );
      await assert.rejects(
        startBroker({ aclfile: path.join(dir, 'missing.acl') }),
        new Error(`Aborting Redis startup because of ACL errors: Error loading ACLs, opening file '${path.join(dir, 'missing.acl')}': No such file or directory`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ACL LOAD / SAVE without an aclfile: Redis error', async () => {
    const b = await startBroker();
    try {
      const c = await RawClient.connect(b.port);
      const r = parseReply(await c.send('ACL', 'SAVE')) as { error: string };
      assert.match(r.error, /^ERR This Redis instance is not configured to use an ACL file/);
      await c.close();
    } finally {
      await b.close();
    }
  });
});
