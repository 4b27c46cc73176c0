/*
 * Generate docs/commands.md from the command table: one section per Redis command group, one row
 * per command and subcommand (name, arity, flags as COMMAND INFO prints them, key positions, the
 * Redis version that introduced it, summary).
 *
 *   npm run docs:commands          rewrite docs/commands.md
 *
 * test/server/commands-doc.test.ts renders the same text in memory and fails when the file is
 * stale, so a command added without regenerating the docs is caught by `npm test`.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CommandTable, type Command, type CommandSpec } from '../src/server/command.js';
import { allCommands } from '../src/server/commands/index.js';
import { commandInfoFlags, docGroup } from '../src/server/commands/server.js';

/** Redis's group order (COMMAND_GROUP_STR); groups it does not know follow alphabetically. */
const GROUP_ORDER = [
  'generic', 'string', 'list', 'set', 'sorted-set', 'hash', 'pubsub', 'transactions', 'connection', 'server',
  'scripting', 'hyperloglog', 'cluster', 'sentinel', 'geo', 'stream', 'bitmap', 'module',
];

export const DOC_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'commands.md');

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function keysOf(cmd: Command): string {
  const k = cmd.keys;
  if (!k || k.first <= 0) return '-';
  return `${k.first}..${k.last} step ${k.step}`;
}

function row(cmd: Command): string {
  const name = cmd.parent ? `${cmd.parent.name.toUpperCase()} ${cmd.name.toUpperCase()}` : cmd.name.toUpperCase();
  const flags = commandInfoFlags(cmd).join(', ') || '-';
  return `| \`${cell(name)}\` | ${cmd.arity} | ${cell(flags)} | ${keysOf(cmd)} | ${cmd.since ?? '-'} | ${cell(cmd.summary ?? '')} |`;
}

/** The whole of docs/commands.md for a command table. */
export function renderCommandsDoc(specs: CommandSpec[] = allCommands()): string {
  const table = new CommandTable(specs);
  const groups = new Map<string, Command[]>();
  let top = 0;
  let subs = 0;
  for (const cmd of table.byName.values()) {
    top++;
    const g = docGroup(cmd.group);
    const list = groups.get(g) ?? [];
    list.push(cmd);
    groups.set(g, list);
    subs += cmd.sub?.size ?? 0;
  }
  const rank = (g: string): number => {
    const i = GROUP_ORDER.indexOf(g);
    return i < 0 ? GROUP_ORDER.length : i;
  };
  const names = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: string[] = [
    '# Commands',
    '',
    '<!-- Generated from the command table by `npm run docs:commands` (scripts/gen-commands-doc.ts). Do not edit. -->',
    '',
    `Pigeon implements ${top} commands (${subs} subcommands), with Redis 7.0's arity, flags and key positions.`,
    'Arity counts the command name: `N` means exactly N arguments, `-N` at least N. Keys are',
    '`first..last step s` argument positions (`last` -1 means up to the last argument).',
    '',
  ];
  for (const g of names) {
    out.push(`## ${g}`, '', '| Command | Arity | Flags | Keys | Since | Summary |', '| --- | --- | --- | --- | --- | --- |');
    const cmds = groups.get(g)!.sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0));
    for (const cmd of cmds) {
      out.push(row(cmd));
      if (cmd.sub) {
        const sorted = [...cmd.sub.values()].sort((a, b) => (a.fullName < b.fullName ? -1 : 1));
        for (const s of sorted) out.push(row(s));
      }
    }
    out.push('');
  }
  return out.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  writeFileSync(DOC_PATH, renderCommandsDoc());
  console.log(`wrote ${path.relative(process.cwd(), DOC_PATH)}`);
}
