/*
 * Pigeon's toolkit: typed Topic (pub/sub, at-most-once), Queue (at-least-once work queue) and
 * Stream (retained log with consumer groups) on any Redis-protocol server, over ioredis.
 * See docs/toolkit.md.
 */
export { connect, embedded, Connection } from './connection.js';
export type { ConnectOptions, EmbeddedOptions, RedisClient } from './connection.js';
export { jsonCodec } from './codec.js';
export type { Codec, Schema } from './codec.js';
export { PigeonError, isTransientServerError } from './errors.js';
export type { PigeonErrorCode } from './errors.js';
export { Topic, Subscription } from './topic.js';
export type { TopicOptions, SubscribeOptions, TopicHandler, TopicErrorHandler, MessageInfo, SubscriptionEvents } from './topic.js';
export { Stream, DeadLetters, Consumer } from './stream/index.js';
export type { StreamOptions, StreamEntry, StreamLag, ConsumerLag, DeadLetter, ConsumeOptions, StreamHandler, StreamMessage, ConsumerEvents, DeadEvent, ClaimedEvent } from './stream/index.js';
export { Queue, QueueDeadLetters, Worker, PRIORITY_LEVELS } from './queue/index.js';
export type { AddOptions, BackoffOptions, Job, JobHandler, JobInfo, JobState, ProcessOptions, QueueOptions, QueueStats, WorkerCloseOptions, WorkerEvents } from './queue/index.js';
