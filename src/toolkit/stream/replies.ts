/*
 * Readers of stream command replies. ioredis hands replies over as RESP2-shaped arrays by default
 * (RESP3 maps flattened to [k, v, k, v]) but nested or as Maps under other settings; these accept
 * every shape, so the toolkit does not depend on the protocol the connection negotiated.
 */

export type RawEntry = [id: string, fields: string[] | null];

/** A field list [f, v, f, v, ...] as a lookup (first occurrence wins). */
export function field(fields: string[] | null, name: string): string | undefined {
  if (fields === null) return undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

/** A RESP map in any shape (flat array, array of pairs, Map, object) as a plain record. */
export function record(reply: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (reply instanceof Map) {
    for (const [k, v] of reply) out[String(k)] = v;
  } else if (Array.isArray(reply)) {
    if (reply.length > 0 && Array.isArray(reply[0]) && (reply[0] as unknown[]).length === 2 && typeof (reply[0] as unknown[])[0] === 'string') {
      for (const pair of reply as [string, unknown][]) out[pair[0]] = pair[1];
    } else {
      for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = reply[i + 1];
    }
  } else if (reply !== null && typeof reply === 'object') {
    Object.assign(out, reply);
  }
  return out;
}

export function entries(reply: unknown): RawEntry[] {
  if (!Array.isArray(reply)) return [];
  return reply as RawEntry[];
}

/** The entries of `key` in an XREAD / XREADGROUP reply, or [] for a timeout (null). */
export function readEntries(reply: unknown, key: string): RawEntry[] {
  if (reply === null || reply === undefined) return [];
  if (reply instanceof Map) return entries(reply.get(key));
  if (!Array.isArray(reply)) return entries((reply as Record<string, unknown>)[key]);
  if (reply.length === 0) return [];
  if (typeof reply[0] === 'string') {
    // Flat [key, entries, key, entries].
    for (let i = 0; i + 1 < reply.length; i += 2) if (reply[i] === key) return entries(reply[i + 1]);
    return [];
  }
  for (const pair of reply as [string, unknown][]) if (pair[0] === key) return entries(pair[1]);
  return [];
}

export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

/** Stream ID comparison: -1, 0 or 1 (IDs are `ms-seq` with 64-bit parts). */
export function compareIds(a: string, b: string): number {
  const [am, as] = splitId(a);
  const [bm, bs] = splitId(b);
  if (am !== bm) return am < bm ? -1 : 1;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}

function splitId(id: string): [bigint, bigint] {
  const dash = id.indexOf('-');
  if (dash < 0) return [BigInt(id), 0n];
  return [BigInt(id.slice(0, dash)), BigInt(id.slice(dash + 1))];
}
