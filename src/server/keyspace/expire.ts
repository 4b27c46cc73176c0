/*
 * The active expire cycle (Redis's activeExpireCycle, "slow" variant), run from the broker's cron
 * at `hz` times a second.
 *
 * For each database with keys that have a deadline it samples up to 20 keys from a cursor that
 * walks the expires dictionary and deletes those past their time; it repeats on the same database
 * while more than 10% of a sample was expired, and stops when the cycle's time budget (25% of a
 * cron period, scaled by active-expire-effort) is used. JS Map iterators survive insertions and
 * deletions, so the cursor carries on where the last cycle stopped and every key is eventually
 * visited, which is what reclaims the memory of keys nobody reads.
 */

import type { Broker } from '../broker.js';

const KEYS_PER_LOOP = 20;
const ACCEPTABLE_STALE = 10;

export function activeExpireCycle(b: Broker): void {
  const effort = b.config.num('active-expire-effort') - 1;
  const perLoop = KEYS_PER_LOOP + Math.floor((KEYS_PER_LOOP / 4) * effort);
  const hz = Math.max(1, b.config.num('hz'));
  const budgetMs = (1000 / hz) * ((25 + 2 * effort) / 100);
  const start = performance.now();
  const now = b.now();
  for (const db of b.dbs) {
    if (db.expires.size === 0) {
      db.avgTtl = 0; // as Redis: no keys with a deadline, no estimate
      continue;
    }
    for (;;) {
      let sampled = 0;
      let expired = 0;
      let ttlSum = 0;
      let ttlCount = 0;
      while (sampled < perLoop && db.expires.size > 0) {
        if (db.expireCursor === null) db.expireCursor = db.expires.entries();
        const it = db.expireCursor.next();
        if (it.done) {
          db.expireCursor = null;
          if (sampled === 0) break;
          continue;
        }
        const [key, when] = it.value;
        sampled++;
        if (when < now) {
          db.expireKey(key);
          expired++;
        } else {
          ttlSum += when - now;
          ttlCount++;
        }
      }
      if (ttlCount > 0) {
        const avg = ttlSum / ttlCount;
        db.avgTtl = db.avgTtl === 0 ? avg : (db.avgTtl / 50) * 49 + avg / 50;
      }
      if (sampled === 0 || (expired * 100) / sampled <= ACCEPTABLE_STALE) break;
      if (performance.now() - start > budgetMs) break;
    }
    if (performance.now() - start > budgetMs) break;
  }
  b.stats.expireCycleCpuMs += performance.now() - start;
}
