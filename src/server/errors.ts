/*
 * The catalogue of wire errors, worded exactly as Redis 7.0 words them (server.c shared objects and
 * the addReplyError* calls of each command). Command code answers errors through these names so that
 * one wording change is one edit, and differential tests pin every string to redis-server.
 */

export const Err = {
  WRONGTYPE: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  SYNTAX: 'ERR syntax error',
  NOT_INTEGER: 'ERR value is not an integer or out of range',
  NOT_FLOAT: 'ERR value is not a valid float',
  OVERFLOW: 'ERR increment or decrement would overflow',
  NO_SUCH_KEY: 'ERR no such key',
  OUT_OF_RANGE: 'ERR index out of range',
  INVALID_DB: 'ERR DB index is out of range',
  INVALID_EXPIRE: (cmd: string) => `ERR invalid expire time in '${cmd}' command`,
  NOAUTH: 'NOAUTH Authentication required.',
  WRONGPASS: 'WRONGPASS invalid username-password pair or user is disabled.',
  NOT_POSITIVE: 'ERR value is out of range, must be positive',
  BIT_OFFSET: 'ERR bit offset is not an integer or out of range',
  BIT_VALUE: 'ERR bit is not an integer or out of range',
  STRING_TOO_LONG: 'ERR string exceeds maximum allowed size (proto-max-bulk-len)',
  NAN_OR_INF: 'ERR increment would produce NaN or Infinity',
  HASH_NOT_INTEGER: 'ERR hash value is not an integer',
  HASH_NOT_FLOAT: 'ERR hash value is not a float',
  MULTI_NESTED: 'ERR MULTI calls can not be nested',
  EXEC_WITHOUT_MULTI: 'ERR EXEC without MULTI',
  DISCARD_WITHOUT_MULTI: 'ERR DISCARD without MULTI',
  WATCH_IN_MULTI: 'ERR WATCH inside MULTI is not allowed',
  EXECABORT: 'EXECABORT Transaction discarded because of previous errors.',
  arity: (name: string) => `ERR wrong number of arguments for '${name}' command`,
  unknownSubcommand: (sub: string, cmd: string) =>
    `ERR unknown subcommand '${truncate(sub, 128)}'. Try ${cmd.toUpperCase()} HELP.`,
  unknownCommand: (argv: readonly string[]) => {
    let args = '';
    for (let i = 1; i < argv.length && args.length < 128; i++) {
      args += `'${argv[i]!.slice(0, 128 - args.length)}' `;
    }
    return `ERR unknown command '${truncate(argv[0]!, 128)}', with args beginning with: ${args}`;
  },
} as const;

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) : s;
}

/** The error code of an error line: its first word (`ERR`, `WRONGTYPE`, ...), as INFO errorstats counts it. */
export function errorCode(msg: string): string {
  const sp = msg.indexOf(' ');
  return sp < 0 ? msg : msg.slice(0, sp);
}
