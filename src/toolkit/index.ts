/*
 * Pigeon's toolkit: typed Topic (pub/sub, at-most-once), Queue (at-least-once work queue) and
 * Stream (retained log with consumer groups) on any Redis-protocol server, over ioredis.
 * See docs/toolkit.md.
 */
export { connect, embedded, Connection } from './connection.js';
export type { ConnectOptions, EmbeddedOptions, RedisClient } from './connection.js';
export { jsonCodec } from './codec.js';
export type { Codec, Schema } from './codec.js';
export { PigeonError } from './errors.js';
export type { PigeonErrorCode } from './errors.js';
