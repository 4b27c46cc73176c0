/*
 * The keys of one Queue, all under one hash tag so every multi-key step (MULTI/EXEC, WATCH) stays
 * in one slot on a Redis Cluster. Every key the queue touches is named here and nowhere else.
 *
 *   {p}:{name}:ready:<level>   stream, one per priority level (0..PRIORITY_LEVELS-1): jobs ready to
 *                              run; consumer group GROUP; one field per entry: <job id> -> <attempts made>:<payload>
 *   {p}:{name}:wake            stream read in the same XREADGROUP as the ready streams: one entry
 *                              { due: ms } per delayed add, so a blocked worker learns of the new due
 *                              time without polling
 *   {p}:{name}:job:<id>        hash: the job record (data, state, attemptsMade, priority, createdAt,
 *                              finishedAt, result, failedReason)
 *   {p}:{name}:delayed         zset: ids of delayed jobs and of retries waiting for their backoff,
 *                              scored by due time (ms since the epoch)
 *   {p}:{name}:dead            zset: ids of dead jobs scored by the time they died (ms)
 *   {p}:{name}:completed       string counter: jobs completed since the queue was created
 *   {p}:{name}:rate:<second>   string counter: jobs completed in that unix second (expires)
 */
import { taggedBase } from '../keys.js';

/** Priority levels: 0 (the default) to PRIORITY_LEVELS - 1, higher levels run first. */
export const PRIORITY_LEVELS = 4;
/** The one consumer group every worker of a queue reads through. */
export const GROUP = 'workers';

export class QueueKeys {
  readonly base: string;
  /** ready:<level> for each level, most urgent first (the order workers read them in). */
  readonly readyByUrgency: readonly string[];
  /** The wake stream and then the ready streams, most urgent first: the keys of one XREADGROUP. */
  readonly readKeys: readonly string[];
  readonly wake: string;
  readonly delayed: string;
  readonly dead: string;
  readonly completed: string;

  constructor(prefix: string, name: string) {
    this.base = taggedBase(prefix, name, 'queue');
    const ready: string[] = [];
    for (let level = PRIORITY_LEVELS - 1; level >= 0; level--) ready.push(`${this.base}:ready:${level}`);
    this.readyByUrgency = ready;
    this.wake = `${this.base}:wake`;
    this.readKeys = [this.wake, ...ready];
    this.delayed = `${this.base}:delayed`;
    this.dead = `${this.base}:dead`;
    this.completed = `${this.base}:completed`;
  }

  ready(level: number): string {
    return `${this.base}:ready:${level}`;
  }

  job(id: string): string {
    return `${this.base}:job:${id}`;
  }

  /** Completions counted in one unix second. */
  rate(second: number): string {
    return `${this.base}:rate:${second}`;
  }

  /** The priority level of a ready stream key, or -1 for the wake stream. */
  levelOf(key: string): number {
    if (key === this.wake) return -1;
    return Number(key.slice(key.lastIndexOf(':') + 1));
  }
}
