/*
 * Stream<T>: retained log with consumer groups. stream.ts (producer side, lag, replay, dead
 * letters), consumer.ts (reading, acks, reclaiming, burying), keys.ts (the key names).
 * Design note: docs/toolkit-stream.md.
 */
export { Stream, DeadLetters } from './stream.js';
export type { StreamOptions, StreamEntry, StreamLag, ConsumerLag, DeadLetter } from './stream.js';
export { Consumer } from './consumer.js';
export type { ConsumeOptions, StreamHandler, StreamMessage, ConsumerEvents, DeadEvent, DeadReason, ClaimedEvent, EntryContext } from './consumer.js';
export { StreamKeys } from './keys.js';
