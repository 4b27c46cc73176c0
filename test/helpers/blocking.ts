/*
 * Steps the differential blocking suites share: block a client on both servers and wait until it
 * is blocked (never a fixed sleep), and CLIENT UNBLOCK it on both with each side's own client id.
 */
import assert from 'node:assert/strict';
import type { ClientPair, DiffPair } from './diff.js';
import { parseReply, type RawClient } from './raw.js';

/** `c` sends a blocking command and we wait until the number of blocked clients reaches `n`. */
export async function blockOn(pair: DiffPair, c: ClientPair, n: number, ...args: string[]): Promise<void> {
  c.write(...args);
  await pair.waitBlocked(n);
}

/** Each side's CLIENT ID of `c`. */
export async function clientIds(c: ClientPair): Promise<[string, string]> {
  const id = async (raw: RawClient): Promise<string> => String(parseReply(await raw.send('CLIENT', 'ID')));
  return [await id(c.pigeon), await id(c.reference)];
}

/** `from` sends CLIENT UNBLOCK <each side's id of the target> [mode]; the replies must match. */
export async function unblockBoth(from: ClientPair, [p, r]: [string, string], ...mode: string[]): Promise<void> {
  const [rp, rr] = await Promise.all([from.pigeon.send('CLIENT', 'UNBLOCK', p, ...mode), from.reference.send('CLIENT', 'UNBLOCK', r, ...mode)]);
  assert.equal(rp.toString('latin1'), rr.toString('latin1'), `CLIENT UNBLOCK ${mode.join(' ')}`);
}
