/*
 * Typed key lookups for the command families of the aggregate types (hash, set, zset, list), as
 * Redis's lookupKeyRead / lookupKeyWrite followed by checkType:
 *
 *   readTyped(c, key, HashValue)    lookupKeyRead: counts a keyspace hit or miss (a miss also fires
 *                                   the `keymiss` event through broker.keyMiss)
 *   writeTyped(c, key, HashValue)   lookupKeyWrite: no statistics
 *
 * Both return the value when the key holds that type, null when the key is missing, and undefined
 * after replying WRONGTYPE (the caller just returns). A hit is counted before the type check, as
 * Redis does: a WRONGTYPE read is still a hit.
 *
 * removeMembers() is the shape HDEL, SREM and ZREM share: remove members one by one, delete the
 * key as soon as the value is empty (Redis stops there: the remaining arguments cannot match),
 * then the family's event, `del` when the key went, the key signalled as modified, dirty += n.
 *
 * typedScan() is the start HSCAN, SSCAN and ZSCAN share (scanGenericCommand's preamble).
 *
 * These sit on hot paths: keep them as small as the inline code they replace (one db.get, one
 * instanceof), so that V8 inlines them.
 */

import type { Client } from '../client.js';
import { Err } from '../errors.js';
import type { TypedValue } from './db.js';
import { INVALID_CURSOR, parseScanCursor, parseScanOptions, replyEmptyScan, type ScanOptions } from './scan.js';

/** The class of a typed value, for the instanceof check. */
export type ValueClass<T extends TypedValue> = abstract new (...args: never[]) => T;

/** lookupKeyRead + checkType: the value, null when the key is missing, undefined after WRONGTYPE. */
export function readTyped<T extends TypedValue>(c: Client, key: string, kind: ValueClass<T>): T | null | undefined {
  const v = c.db.get(key);
  if (v === undefined) {
    c.broker.keyMiss(c.db, key);
    return null;
  }
  c.broker.stats.keyspaceHits++;
  if (v instanceof kind) return v;
  c.r.error(Err.WRONGTYPE);
  return undefined;
}

/** lookupKeyWrite + checkType (no hit/miss statistics). */
export function writeTyped<T extends TypedValue>(c: Client, key: string, kind: ValueClass<T>): T | null | undefined {
  const v = c.db.get(key);
  if (v === undefined) return null;
  if (v instanceof kind) return v;
  c.r.error(Err.WRONGTYPE);
  return undefined;
}

/**
 * HDEL / SREM / ZREM: `argv` is `[cmd, key, member, ...]`; `remove` takes one member out of the value
 * (true when it was there); `event` is the family's keyspace event. Replies the number removed.
 */
export function removeMembers<T extends TypedValue & { readonly size: number }>(
  c: Client,
  argv: readonly string[],
  kind: ValueClass<T>,
  remove: (value: T, member: string) => boolean,
  event: string,
): void {
  const key = argv[1]!;
  const v = writeTyped(c, key, kind);
  if (v === undefined) return;
  if (v === null) {
    c.r.int(0);
    return;
  }
  let deleted = 0;
  let keyRemoved = false;
  for (let i = 2; i < argv.length; i++) {
    if (remove(v, argv[i]!)) {
      deleted++;
      if (v.size === 0) {
        c.db.removeKey(key);
        keyRemoved = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    c.db.modified(key);
    c.broker.notify(c.db, event, key);
    if (keyRemoved) c.broker.notify(c.db, 'del', key);
    c.broker.dirty += deleted;
  }
  c.r.int(deleted);
}

/**
 * HSCAN / SSCAN / ZSCAN `key cursor [MATCH pattern] [COUNT count]`, in Redis's order: the cursor,
 * then the read lookup (a missing key replies the empty scan), then the options. Returns what the
 * walk needs, or null when a reply has already been sent.
 */
export function typedScan<T extends TypedValue>(
  c: Client,
  argv: readonly string[],
  kind: ValueClass<T>,
): { value: T; cursor: string; opts: ScanOptions } | null {
  const cursor = parseScanCursor(argv[2]!);
  if (cursor === null) {
    c.r.error(INVALID_CURSOR);
    return null;
  }
  const value = readTyped(c, argv[1]!, kind);
  if (value === undefined) return null;
  if (value === null) {
    replyEmptyScan(c);
    return null;
  }
  const opts = parseScanOptions(c, argv, 3);
  if (opts === null) return null;
  return { value, cursor, opts };
}
