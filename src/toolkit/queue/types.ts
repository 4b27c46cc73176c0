/*
 * The Queue's public types: options, the job a handler receives, the job record getJob() returns,
 * and the worker's typed events.
 */
import type { Codec, Schema } from '../codec.js';

export interface BackoffOptions {
  /** fixed: every retry waits `delay`; exponential: retry n waits delay * 2^(n-1). */
  type: 'fixed' | 'exponential';
  /** Milliseconds. */
  delay: number;
  /** 0..1: the wait is drawn uniformly from [wait * (1 - jitter), wait] (default 0). */
  jitter?: number;
  /** Cap on one wait, in milliseconds. */
  max?: number;
}

export interface QueueOptions<T> {
  /** Tries per job, the first included (default 3). */
  attempts?: number;
  /** Wait before a failed job is tried again (default: none, it goes straight back to the queue). */
  backoff?: BackoffOptions;
  /**
   * Milliseconds (default 30000): a job whose worker stops heartbeating for this long (a dead or
   * stuck process, a lost network) is handed to another worker; the hand-over counts as an attempt.
   */
  visibilityTimeout?: number;
  /** Seconds a completed job's record (state, result) is kept (default 3600; 0: deleted at once). */
  keepCompleted?: number;
  codec?: Codec<T>;
  schema?: Schema<T>;
}

export interface AddOptions {
  /** Job id; a second add with the id of a job still on record is refused (PIGEON_ERR_DUPLICATE). */
  id?: string;
  /** Milliseconds before the job may run. */
  delay?: number;
  /** 0 (default) to 3: ready jobs of a higher level are fetched first. */
  priority?: number;
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'dead';

/** What getJob() and dead.list() return. */
export interface JobInfo<T, R = unknown> {
  id: string;
  data: T;
  state: JobState;
  /** Failed attempts so far (a stall counts as one). */
  attemptsMade: number;
  priority: number;
  result?: R;
  failedReason?: string;
  /** ms since the epoch. */
  createdAt: number;
  finishedAt?: number;
}

/** The job a handler runs. */
export interface Job<T> {
  readonly id: string;
  readonly data: T;
  /** Failed attempts before this one. */
  readonly attemptsMade: number;
  readonly priority: number;
  /**
   * Tells the queue this job is still being worked on. The worker already does this for every job it
   * holds while its event loop runs; call it before blocking the event loop for long.
   */
  heartbeat(): Promise<void>;
}

export type JobHandler<T, R> = (job: Job<T>) => Promise<R> | R;

export interface ProcessOptions {
  /** Handlers running at once (default 1). */
  concurrency?: number;
  /** Most jobs one read fetches (default: concurrency). */
  batch?: number;
}

export interface WorkerCloseOptions {
  /** Milliseconds to wait for active jobs (default: no limit). Jobs still running are left to the visibility timeout. */
  timeout?: number;
}

/** The worker's events and their listeners. */
export interface WorkerEvents<T, R> {
  /** A handler started. */
  active: (job: Job<T>) => void;
  /** A job's handler resolved and the completion is recorded. */
  completed: (job: Job<T>, result: R) => void;
  /** A handler threw; `retry` tells whether the job will be tried again (else a 'dead' follows). */
  failed: (job: Job<T>, error: Error, retry: boolean) => void;
  /** This worker took back a job whose worker stopped heartbeating. */
  stalled: (jobId: string, reason: string) => void;
  /** A job used its last attempt and is now in the dead letters. */
  dead: (jobId: string, reason: string) => void;
  /** An error the worker recovers from by itself (a lost connection, a restarting server). */
  error: (error: Error) => void;
}

export interface QueueStats {
  /** Ready to run, not yet fetched. */
  waiting: number;
  /** Fetched by a worker and not yet acknowledged. */
  active: number;
  /** Waiting for their due time (delayed adds and backoff retries). */
  delayed: number;
  dead: number;
  /** Completions since the queue was created. */
  completed: number;
  /** Completions per second over the last 10 seconds. */
  completedPerSecond: number;
}
