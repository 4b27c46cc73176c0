/*
 * Retry waits: fixed or exponential, capped, with optional jitter that only ever shortens a wait
 * (so `max` stays a true upper bound and a fixed backoff without jitter is exact).
 */
import { PigeonError } from '../errors.js';
import type { BackoffOptions } from './types.js';

export function validateBackoff(backoff: BackoffOptions | undefined): void {
  if (backoff === undefined) return;
  const bad = (what: string): never => {
    throw new PigeonError('PIGEON_ERR_INVALID_OPTION', `backoff: ${what}`);
  };
  if (backoff.type !== 'fixed' && backoff.type !== 'exponential') bad(`unknown type '${String(backoff.type)}'`);
  if (!Number.isFinite(backoff.delay) || backoff.delay < 0) bad('delay must be a finite number >= 0');
  if (backoff.jitter !== undefined && !(backoff.jitter >= 0 && backoff.jitter <= 1)) bad('jitter must be within 0..1');
  if (backoff.max !== undefined && !(backoff.max >= 0)) bad('max must be >= 0');
}

/** Milliseconds to wait before the retry that follows failure number `failures` (1 = the first failure). */
export function backoffDelay(backoff: BackoffOptions | undefined, failures: number, random: () => number = Math.random): number {
  if (backoff === undefined) return 0;
  let wait = backoff.type === 'fixed' ? backoff.delay : backoff.delay * 2 ** Math.max(0, failures - 1);
  if (backoff.max !== undefined) wait = Math.min(wait, backoff.max);
  const jitter = backoff.jitter ?? 0;
  if (jitter > 0) wait -= wait * jitter * random();
  return Math.max(0, Math.round(wait));
}
