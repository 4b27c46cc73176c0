/*
 * The keys of one Stream; the only place that formats them. Every key carries the hash tag
 * {name}, so all of them live in one slot and any MULTI/EXEC over them is legal on a cluster.
 *
 *   ${prefix}:{${name}}:stream     the log (XADD / XREADGROUP / XACK / XAUTOCLAIM), consumer groups on it
 *   ${prefix}:{${name}}:dead       dead letters: one entry per message that gave up, with its history
 *   ${prefix}:{${name}}:failures   hash, `${id}|${group}` -> last handler error of a pending entry (JSON)
 */
import { taggedBase } from '../keys.js';

export class StreamKeys {
  readonly stream: string;
  readonly dead: string;
  readonly failures: string;

  constructor(prefix: string, name: string) {
    const base = taggedBase(prefix, name, 'stream');
    this.stream = `${base}:stream`;
    this.dead = `${base}:dead`;
    this.failures = `${base}:failures`;
  }

  /** The failures hash field of one entry in one group. */
  failure(id: string, group: string): string {
    return `${id}|${group}`;
  }
}
