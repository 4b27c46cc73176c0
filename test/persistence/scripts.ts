/*
 * Write scripts per command family, shared by the AOF suites (restart, rewrite, interop): each
 * covers the family's write commands and options, blocking variants on ready keys included.
 */

/** One script per write family; each ends with the family's keys in a known state. */
export const FAMILY_SCRIPTS: Record<string, string[][]> = {
  string: [
    ['SET', 's1', 'v'], ['SET', 's2', 'v', 'EX', '1000'], ['SET', 's3', 'v', 'PX', '100000', 'GET'], ['SET', 's4', 'v', 'EXAT', '9999999999'],
    ['SET', 's5', 'v', 'PXAT', '9999999999999', 'NX'], ['SET', 's2', 'w', 'KEEPTTL'], ['SET', 's1', 'x', 'GET'], ['SETNX', 's6', '1'],
    ['SETEX', 's7', '100', 'v'], ['PSETEX', 's8', '100000', 'v'], ['GETEX', 's1', 'EX', '500'], ['GETEX', 's2', 'PERSIST'],
    ['GETEX', 's6', 'EXAT', '1'], ['GETDEL', 's7'], ['GETSET', 's9', 'g'], ['MSET', 'm1', '1', 'm2', '2'], ['MSETNX', 'm3', '3', 'm4', '4'],
    ['INCR', 'n'], ['INCRBY', 'n', '10'], ['DECR', 'n'], ['DECRBY', 'n', '3'], ['INCRBYFLOAT', 'f', '1.1'], ['INCRBYFLOAT', 'f', '1e3'],
    ['APPEND', 'a', 'abc'], ['APPEND', 'a', 'def'], ['SETRANGE', 'a', '10', 'xyz'], ['SETBIT', 'bits', '100', '1'],
    ['BITOP', 'OR', 'bo', 'bits', 'a'], ['SET', 'bin', '\x00\xff\r\n*1\r\n'],
  ],
  list: [
    ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], ['LPUSH', 'l', 'z'], ['LPUSHX', 'l', 'y'], ['RPUSHX', 'nol', 'x'],
    ['LPOP', 'l'], ['RPOP', 'l', '2'], ['LINSERT', 'l', 'BEFORE', 'c', 'bc'], ['LSET', 'l', '0', 'first'], ['LREM', 'l', '1', 'd'],
    ['LTRIM', 'l', '0', '4'], ['RPOPLPUSH', 'l', 'l2'], ['LMOVE', 'l', 'l2', 'LEFT', 'RIGHT'], ['LMPOP', '2', 'nol', 'l', 'RIGHT', 'COUNT', '1'],
    ['RPUSH', 'big', ...Array.from({ length: 150 }, (_, i) => `e${i}`)], ['BLPOP', 'big', '0'], ['BRPOP', 'big', '0'],
    ['BLMOVE', 'big', 'l2', 'RIGHT', 'LEFT', '0'], ['BRPOPLPUSH', 'big', 'l2', '0'], ['BLMPOP', '0', '1', 'big', 'LEFT', 'COUNT', '2'],
  ],
  set: [
    ['SADD', 'set1', 'a', 'b', 'c', 'd', 'e'], ['SADD', 'iset', '1', '2', '3'], ['SREM', 'set1', 'a'], ['SPOP', 'set1'], ['SPOP', 'set1', '2'],
    ['SADD', 'set2', 'x', 'y'], ['SPOP', 'set2', '5'], ['SMOVE', 'iset', 'set1', '1'], ['SADD', 'set3', 'b', 'c', 'q'],
    ['SINTERSTORE', 'si', 'set1', 'set3'], ['SUNIONSTORE', 'su', 'set1', 'set3', 'iset'], ['SDIFFSTORE', 'sd', 'set3', 'set1'],
  ],
  zset: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f'], ['ZADD', 'z', 'XX', 'CH', 'INCR', '0.5', 'a'], ['ZINCRBY', 'z', '2.25', 'b'],
    ['ZADD', 'z', '-inf', 'ninf', '+inf', 'pinf', '0.1', 'tenth'], ['ZREM', 'z', 'c'], ['ZREMRANGEBYSCORE', 'z', '100', '200'], ['ZREMRANGEBYRANK', 'z', '-1', '-1'],
    ['ZADD', 'lex', '0', 'a', '0', 'b', '0', 'c'], ['ZREMRANGEBYLEX', 'lex', '-', '(b'], ['ZUNIONSTORE', 'zu', '2', 'z', 'lex', 'WEIGHTS', '2', '1'],
    ['ZINTERSTORE', 'zi', '2', 'z', 'zu'], ['ZDIFFSTORE', 'zd', '2', 'zu', 'z'], ['ZRANGESTORE', 'zr', 'z', '0', '1'], ['ZPOPMIN', 'z'], ['ZPOPMAX', 'z', '2'],
    ['ZMPOP', '1', 'zu', 'MIN', 'COUNT', '2'], ['BZPOPMIN', 'zu', '0'], ['BZPOPMAX', 'zu', '0'], ['BZMPOP', '0', '1', 'zu', 'MAX', 'COUNT', '1'],
  ],
  hash: [
    ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'], ['HMSET', 'h', 'd', '4'], ['HSETNX', 'h', 'e', '5'], ['HINCRBY', 'h', 'a', '10'],
    ['HINCRBYFLOAT', 'h', 'b', '0.5'], ['HINCRBYFLOAT', 'h', 'fl', '3e2'], ['HDEL', 'h', 'c'],
    ['HSET', 'bigh', ...Array.from({ length: 200 }, (_, i) => [`f${i}`, 'v'.repeat(i % 90)]).flat()],
  ],
  generic: [
    ['SET', 'g1', 'v'], ['SET', 'g2', 'v'], ['SET', 'g3', 'v'], ['DEL', 'g1', 'nokey'], ['UNLINK', 'g2'], ['EXPIRE', 'g3', '1000'],
    ['EXPIRE', 'g3', '2000', 'GT'], ['PEXPIRE', 'g3', '500000', 'LT'], ['EXPIREAT', 'g3', '9999999999', 'XX'], ['PEXPIREAT', 'g3', '9999999999999'],
    ['PERSIST', 'g3'], ['SET', 'g4', 'v'], ['EXPIRE', 'g4', '-1'], ['RENAME', 'g3', 'g5'], ['SET', 'g6', 'w'], ['RENAMENX', 'g6', 'g7'],
    ['COPY', 'g5', 'g8'], ['COPY', 'g7', 'g8', 'REPLACE'], ['MOVE', 'g8', '3'], ['SELECT', '5'], ['SET', 'in5', 'v'], ['SWAPDB', '5', '6'],
    ['SELECT', '7'], ['SET', 'gone', 'v'], ['FLUSHDB'], ['SELECT', '0'],
  ],
  stream: [
    ['XADD', 'st', '1-1', 'a', '1'], ['XADD', 'st', '*', 'b', '2'], ['XADD', 'st', '*', 'c', '3', 'd', '4'], ['XADD', 'st', 'MAXLEN', '~', '100', '*', 'e', '5'],
    ['XADD', 'st', '*', 'f', '6'], ['XDEL', 'st', '1-1'], ['XGROUP', 'CREATE', 'st', 'g', '0'], ['XGROUP', 'CREATE', 'st', 'g2', '$'],
    ['XGROUP', 'CREATECONSUMER', 'st', 'g', 'idle'], ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '2', 'STREAMS', 'st', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 'st', '>'], ['XACK', 'st', 'g', '0-1'], ['XAUTOCLAIM', 'st', 'g', 'dave', '0', '0', 'COUNT', '1'],
    ['XREADGROUP', 'GROUP', 'g2', 'x', 'NOACK', 'STREAMS', 'st', '>'], ['XADD', 'empty', 'MAXLEN', '0', '*', 'x', 'y'],
    ['XADD', 'trimmed', '*', 'a', '1'], ['XADD', 'trimmed', '*', 'a', '2'], ['XTRIM', 'trimmed', 'MAXLEN', '1'], ['XSETID', 'trimmed', '99999999999999-5'],
    ['XGROUP', 'CREATE', 'trimmed', 'tg', '0', 'ENTRIESREAD', '1'], ['XGROUP', 'SETID', 'st', 'g2', '0'],
  ],
  transactions: [
    ['MULTI'], ['SET', 't1', '1'], ['INCR', 't1'], ['LPUSH', 'tl', 'a'], ['EXEC'], ['MULTI'], ['SET', 't2', 'only'], ['EXEC'],
    ['MULTI'], ['SET', 't3', 'x'], ['DISCARD'],
  ],
};

