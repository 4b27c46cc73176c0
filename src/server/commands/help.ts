/*
 * What every container command (ACL, CLIENT, CONFIG, OBJECT, XGROUP, ...) shares: its HELP
 * subcommand (Redis's addReplyHelp) and the error for a subcommand called with an argument count
 * that no branch accepts (addReplySubcommandSyntaxError). A new container command adds
 * `helpSubcommand(...)` to its subcommands and calls subcommandSyntaxError() for bad counts.
 */
import type { Client } from '../client.js';
import type { CommandSpec } from '../command.js';

/** addReplyHelp: `<CMD> <subcommand> ...` header, the lines, then the HELP footer, as status replies. */
export function replyHelp(c: Client, cmdName: string, lines: readonly string[]): void {
  c.r.array(lines.length + 3);
  c.r.simple(`${cmdName.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) c.r.simple(l);
  c.r.simple('HELP');
  c.r.simple('    Prints this help.');
}

/** addReplySubcommandSyntaxError. */
export function subcommandSyntaxError(c: Client, argv: readonly string[]): void {
  const sub = argv[1] ?? '';
  c.r.error(`ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${argv[0]!.toUpperCase()} HELP.`);
}

/** The `<CMD> HELP` subcommand spec, as Redis 7.0 declares it. */
export function helpSubcommand(options: {
  group: CommandSpec['group'];
  since: string;
  lines: readonly string[];
  summary?: string;
  /** Extra ACL categories (COMMAND HELP is also @connection). */
  acl?: CommandSpec['acl'];
}): CommandSpec {
  return {
    ...(options.acl === undefined ? {} : { acl: options.acl }),
    name: 'HELP',
    arity: 2,
    flags: ['loading', 'stale'],
    group: options.group,
    summary: options.summary ?? 'Show helpful text about the different subcommands',
    since: options.since,
    complexity: 'O(1)',
    handler(c, argv) {
      replyHelp(c, argv[0]!, options.lines);
    },
  };
}
