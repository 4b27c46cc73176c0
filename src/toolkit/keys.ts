/*
 * The base of every key of one Queue or Stream: `${prefix}:{${name}}`. The name is the hash tag,
 * so all of a structure's keys live in one slot and any MULTI/EXEC or WATCH over them is legal on
 * a Redis Cluster. A name with a brace would end the tag early (and scatter the keys), so it is
 * refused, as is an empty one (Redis ignores an empty tag).
 */
import { PigeonError } from './errors.js';

export function taggedBase(prefix: string, name: string, what: 'queue' | 'stream'): string {
  if (name === '' || /[{}]/.test(name)) {
    throw new PigeonError('PIGEON_ERR_INVALID_OPTION', `${what} name must be non-empty and without braces: '${name}'`);
  }
  return `${prefix}:{${name}}`;
}
