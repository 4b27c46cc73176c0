/* The work queue: see queue.ts and docs/toolkit-queue.md. */
export { Queue, QueueDeadLetters } from './queue.js';
export { Worker } from './worker.js';
export { PRIORITY_LEVELS } from './keys.js';
export type { AddOptions, BackoffOptions, Job, JobHandler, JobInfo, JobState, ProcessOptions, QueueOptions, QueueStats, WorkerCloseOptions, WorkerEvents } from './types.js';
