/*
 * docs/commands.md is generated from the command table: this test renders it again in memory and
 * fails when the committed file differs, so the docs can never drift from the code.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DOC_PATH, renderCommandsDoc } from '../../scripts/gen-commands-doc.js';
import { allCommands } from '../../src/server/commands/index.js';

test('docs/commands.md: is up to date with the command table (run `npm run docs:commands`)', () => {
  let onDisk = '';
  try {
    onDisk = readFileSync(DOC_PATH, 'utf8');
  } catch {
    assert.fail('docs/commands.md is missing: run `npm run docs:commands`');
  }
  assert.equal(onDisk, renderCommandsDoc(), 'docs/commands.md is stale: run `npm run docs:commands`');
});

test('docs/commands.md: lists every command and subcommand of the table', () => {
  const text = renderCommandsDoc();
  for (const spec of allCommands()) {
    assert.ok(text.includes(`| \`${spec.name.toUpperCase()}\` |`), `${spec.name} is missing`);
    for (const sub of spec.subcommands ?? []) {
      assert.ok(text.includes(`| \`${spec.name.toUpperCase()} ${sub.name.toUpperCase()}\` |`), `${spec.name} ${sub.name} is missing`);
    }
  }
});
