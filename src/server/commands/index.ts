/*
 * The command table: every family's specs, in one list. COMMAND, COMMAND DOCS and docs/commands.md
 * are generated from it. A new family exports `commands: CommandSpec[]` and is added here.
 */

import type { CommandSpec } from '../command.js';
import { commands as connection } from './connection.js';
import { commands as client } from './client.js';
import { commands as generic } from './generic.js';
import { commands as string } from './string.js';
import { commands as hash } from './hash.js';
import { commands as set } from './set.js';
import { commands as list } from './list.js';
import { commands as zset } from './zset.js';
import { commands as blocking } from './blocking.js';
import { commands as stream } from './stream.js';
import { commands as streamGroup } from './stream-group.js';
import { commands as pubsub } from './pubsub.js';
import { commands as transactions } from './transactions.js';
import { commands as server } from './server.js';
import { commands as acl } from './acl.js';

export function allCommands(): CommandSpec[] {
  return [...connection, ...client, ...generic, ...string, ...hash, ...list, ...set, ...zset, ...stream, ...streamGroup, ...blocking, ...pubsub, ...transactions, ...server, ...acl];
}
