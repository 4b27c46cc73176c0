/*
 * Pub/sub commands: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, SSUBSCRIBE,
 * SUNSUBSCRIBE, SPUBLISH and PUBSUB (CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB, HELP),
 * as a single non-cluster Redis 7.0 node runs them. The registry and the fan-out live in
 * pubsub/pubsub.ts; this file parses, replies and keeps Redis's wording.
 *
 * Replies to (un)subscribe commands are pushes: one frame per channel or pattern, `*3` in RESP2
 * and `>3` in RESP3, [kind, name, count] where count is the client's channels + patterns (its
 * shard channels for SSUBSCRIBE / SUNSUBSCRIBE). An unsubscribe without arguments when there is
 * nothing to leave still answers one frame, with a null name. Like messages, they are not
 * silenced by CLIENT REPLY OFF / SKIP (Redis's CLIENT_PUSHING).
 *
 * RESP2 subscribe mode (only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET) is the
 * dispatcher's business (Client.inSubscribeMode); PING answers [pong, message] there
 * (connection.ts). RESET and disconnects drop every subscription without replies
 * (Broker.onClientReset / onClientGone -> PubSub.dropClient).
 *
 * Redis answers unsubscribe-all frames and PUBSUB CHANNELS in its dictionary's order, which is
 * randomised per process; Pigeon answers in subscription order.
 *
 * SUBSCRIBE and PSUBSCRIBE run inside EXEC (Redis exempts MULTI from CLIENT_DENY_BLOCKING for
 * backward compatibility); SSUBSCRIBE does not and answers Redis's DENY BLOCKING error there.
 */

import type { CommandSpec, KeySpecDef } from '../command.js';
import type { Client } from '../client.js';
import { encodeBulk } from '../../protocol/reply.js';
import { stringmatchlen } from '../keyspace/glob.js';
import { sendPush } from '../pubsub/pubsub.js';
import { helpSubcommand, subcommandSyntaxError } from './help.js';

const SUBSCRIBE = encodeBulk('subscribe');
const UNSUBSCRIBE = encodeBulk('unsubscribe');
const PSUBSCRIBE = encodeBulk('psubscribe');
const PUNSUBSCRIBE = encodeBulk('punsubscribe');
const SSUBSCRIBE = encodeBulk('ssubscribe');
const SUNSUBSCRIBE = encodeBulk('sunsubscribe');

/** A (un)subscribe confirmation: [kind, name or null, count]. */
function confirm(c: Client, kind: string, name: string | null, count: number): void {
  const resp2 = c.r.resp === 2;
  const nameFrame = name !== null ? encodeBulk(name) : resp2 ? '$-1\r\n' : '_\r\n';
  sendPush(c, (resp2 ? '*3\r\n' : '>3\r\n') + kind + nameFrame + ':' + count + '\r\n');
}

function subscriptionCount(c: Client): number {
  return c.channels.size + c.patterns.size;
}

/** Redis's not_key key spec for shard channels (a range from argument 1). */
function shardChannelSpec(lastkey: number): KeySpecDef {
  return { flags: ['not_key'], bs: { index: 1 }, fk: { lastkey, keystep: 1, limit: 0 } };
}

/** PUBSUB CHANNELS / SHARDCHANNELS: the active channels matching an optional pattern. */
function channelList(c: Client, argv: string[], channels: Map<string, Set<Client>>): void {
  if (argv.length > 3) return subcommandSyntaxError(c, argv);
  const pattern = argv.length === 3 ? argv[2]! : null;
  const out: string[] = [];
  for (const ch of channels.keys()) {
    if (pattern === null || stringmatchlen(pattern, ch)) out.push(ch);
  }
  c.r.bulks(out);
}

/** PUBSUB NUMSUB / SHARDNUMSUB: [channel, count, ...] (an array in RESP3 too, as Redis). */
function numsub(c: Client, argv: string[], channels: Map<string, Set<Client>>): void {
  const r = c.r;
  r.array((argv.length - 2) * 2);
  for (let j = 2; j < argv.length; j++) {
    r.bulk(argv[j]!);
    r.int(channels.get(argv[j]!)?.size ?? 0);
  }
}

const PUBSUB_HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

const SUB_FLAGS = ['pubsub', 'noscript', 'loading', 'stale', 'sentinel'];
const NO_KEYS = { first: 0, last: 0, step: 0 };

export const commands: CommandSpec[] = [
  {
    name: 'SUBSCRIBE',
    arity: -2,
    flags: SUB_FLAGS,
    keys: NO_KEYS,
    group: 'pubsub',
    summary: 'Listen for messages published to the given channels',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of channels to subscribe to.',
    args: 'channel:string...',
    // SUBSCRIBE channel [channel ...]
    handler(c, argv) {
      const ps = c.broker.pubsub;
      for (let j = 1; j < argv.length; j++) {
        ps.subscribe(c, argv[j]!, false);
        confirm(c, SUBSCRIBE, argv[j]!, subscriptionCount(c));
      }
    },
  },
  {
    name: 'UNSUBSCRIBE',
    arity: -1,
    flags: SUB_FLAGS,
    keys: NO_KEYS,
    group: 'pubsub',
    summary: 'Stop listening for messages posted to the given channels',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of clients already subscribed to a channel.',
    args: '[channel:string...]',
    // UNSUBSCRIBE [channel [channel ...]]
    handler(c, argv) {
      const ps = c.broker.pubsub;
      if (argv.length === 1) {
        if (c.channels.size === 0) return confirm(c, UNSUBSCRIBE, null, subscriptionCount(c));
        for (const ch of [...c.channels]) {
          ps.unsubscribe(c, ch, false);
          confirm(c, UNSUBSCRIBE, ch, subscriptionCount(c));
        }
        return;
      }
      for (let j = 1; j < argv.length; j++) {
        ps.unsubscribe(c, argv[j]!, false);
        confirm(c, UNSUBSCRIBE, argv[j]!, subscriptionCount(c));
      }
    },
  },
  {
    name: 'PSUBSCRIBE',
    arity: -2,
    flags: SUB_FLAGS,
    keys: NO_KEYS,
    group: 'pubsub',
    summary: 'Listen for messages published to channels matching the given patterns',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of patterns the client is already subscribed to.',
    args: 'pattern{pattern:pattern}...',
    // PSUBSCRIBE pattern [pattern ...]
    handler(c, argv) {
      const ps = c.broker.pubsub;
      for (let j = 1; j < argv.length; j++) {
        ps.psubscribe(c, argv[j]!);
        confirm(c, PSUBSCRIBE, argv[j]!, subscriptionCount(c));
      }
    },
  },
  {
    name: 'PUNSUBSCRIBE',
    arity: -1,
    flags: SUB_FLAGS,
    keys: NO_KEYS,
    group: 'pubsub',
    summary: 'Stop listening for messages posted to channels matching the given patterns',
    since: '2.0.0',
    complexity:
      'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).',
    args: '[pattern:pattern...]',
    // PUNSUBSCRIBE [pattern [pattern ...]]
    handler(c, argv) {
      const ps = c.broker.pubsub;
      if (argv.length === 1) {
        if (c.patterns.size === 0) return confirm(c, PUNSUBSCRIBE, null, subscriptionCount(c));
        for (const p of [...c.patterns]) {
          ps.punsubscribe(c, p);
          confirm(c, PUNSUBSCRIBE, p, subscriptionCount(c));
        }
        return;
      }
      for (let j = 1; j < argv.length; j++) {
        ps.punsubscribe(c, argv[j]!);
        confirm(c, PUNSUBSCRIBE, argv[j]!, subscriptionCount(c));
      }
    },
  },
  {
    name: 'PUBLISH',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast', 'may-replicate', 'sentinel'],
    keys: NO_KEYS,
    group: 'pubsub',
    summary: 'Post a message to a channel',
    since: '2.0.0',
    complexity:
      'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).',
    args: 'channel:string message:string',
    // PUBLISH channel message
    handler(c, argv) {
      c.r.int(c.broker.pubsub.publish(argv[1]!, argv[2]!));
    },
  },
  {
    name: 'SSUBSCRIBE',
    arity: -2,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    keys: { first: 1, last: -1, step: 1 },
    keySpecs: [shardChannelSpec(-1)],
    group: 'pubsub',
    summary: 'Listen for messages published to the given shard channels',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of shard channels to subscribe to.',
    args: 'shardchannel:string...',
    // SSUBSCRIBE shardchannel [shardchannel ...]
    handler(c, argv) {
      if (c.inExec) return c.r.error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
      const ps = c.broker.pubsub;
      for (let j = 1; j < argv.length; j++) {
        ps.subscribe(c, argv[j]!, true);
        confirm(c, SSUBSCRIBE, argv[j]!, c.shardChannels.size);
      }
    },
  },
  {
    name: 'SUNSUBSCRIBE',
    arity: -1,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    keys: { first: 1, last: -1, step: 1 },
    keySpecs: [shardChannelSpec(-1)],
    group: 'pubsub',
    summary: 'Stop listening for messages posted to the given shard channels',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.',
    args: '[shardchannel:string...]',
    // SUNSUBSCRIBE [shardchannel [shardchannel ...]]
    handler(c, argv) {
      const ps = c.broker.pubsub;
      if (argv.length === 1) {
        if (c.shardChannels.size === 0) return confirm(c, SUNSUBSCRIBE, null, 0);
        for (const ch of [...c.shardChannels]) {
          ps.unsubscribe(c, ch, true);
          confirm(c, SUNSUBSCRIBE, ch, c.shardChannels.size);
        }
        return;
      }
      for (let j = 1; j < argv.length; j++) {
        ps.unsubscribe(c, argv[j]!, true);
        confirm(c, SUNSUBSCRIBE, argv[j]!, c.shardChannels.size);
      }
    },
  },
  {
    name: 'SPUBLISH',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast', 'may-replicate'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [shardChannelSpec(0)],
    group: 'pubsub',
    summary: 'Post a message to a shard channel',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.',
    args: 'shardchannel:string message:string',
    // SPUBLISH shardchannel message
    handler(c, argv) {
      c.r.int(c.broker.pubsub.publish(argv[1]!, argv[2]!, true));
    },
  },
  {
    name: 'PUBSUB',
    arity: -2,
    flags: [],
    keys: NO_KEYS,
    group: 'pubsub',
    summary: 'A container for Pub/Sub commands',
    since: '2.8.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'CHANNELS',
        arity: -2,
        flags: ['pubsub', 'loading', 'stale'],
        keys: NO_KEYS,
        group: 'pubsub',
        summary: 'List active channels',
        since: '2.8.0',
        complexity:
          'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)',
        args: '[pattern:pattern]',
        // PUBSUB CHANNELS [pattern]
        handler(c, argv) {
          channelList(c, argv, c.broker.pubsub.channels);
        },
      },
      {
        name: 'NUMSUB',
        arity: -2,
        flags: ['pubsub', 'loading', 'stale'],
        keys: NO_KEYS,
        group: 'pubsub',
        summary: 'Get the count of subscribers for channels',
        since: '2.8.0',
        complexity: 'O(N) for the NUMSUB subcommand, where N is the number of requested channels',
        args: '[channel:string...]',
        // PUBSUB NUMSUB [channel [channel ...]]
        handler(c, argv) {
          numsub(c, argv, c.broker.pubsub.channels);
        },
      },
      {
        name: 'NUMPAT',
        arity: 2,
        flags: ['pubsub', 'loading', 'stale'],
        keys: NO_KEYS,
        group: 'pubsub',
        summary: 'Get the count of unique patterns pattern subscriptions',
        since: '2.8.0',
        complexity: 'O(1)',
        // PUBSUB NUMPAT
        handler(c) {
          c.r.int(c.broker.pubsub.patterns.size);
        },
      },
      {
        name: 'SHARDCHANNELS',
        arity: -2,
        flags: ['pubsub', 'loading', 'stale'],
        keys: NO_KEYS,
        group: 'pubsub',
        summary: 'List active shard channels',
        since: '7.0.0',
        complexity:
          'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).',
        args: '[pattern:pattern]',
        // PUBSUB SHARDCHANNELS [pattern]
        handler(c, argv) {
          channelList(c, argv, c.broker.pubsub.shardChannels);
        },
      },
      {
        name: 'SHARDNUMSUB',
        arity: -2,
        flags: ['pubsub', 'loading', 'stale'],
        keys: NO_KEYS,
        group: 'pubsub',
        summary: 'Get the count of subscribers for shard channels',
        since: '7.0.0',
        complexity: 'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels',
        args: '[shardchannel:string...]',
        // PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]]
        handler(c, argv) {
          numsub(c, argv, c.broker.pubsub.shardChannels);
        },
      },
      helpSubcommand({ group: 'pubsub', since: '6.2.0', lines: PUBSUB_HELP }),
    ],
  },
];
