/*
 * Payload codecs and schemas. A Codec turns a typed message into the string stored in Redis and
 * back (JSON by default); a Schema (anything with parse(), such as a zod schema) validates a
 * message on the way in (publish / add / append) and on the way out (before the handler runs).
 */
import { PigeonError } from './errors.js';

export interface Codec<T> {
  encode(value: T): string;
  decode(text: string): T;
}

/** Anything with zod's parse(): returns the value (possibly transformed) or throws. */
export interface Schema<T> {
  parse(value: unknown): T;
}

export function jsonCodec<T>(): Codec<T> {
  return {
    encode: (value) => JSON.stringify(value),
    decode: (text) => JSON.parse(text) as T,
  };
}

/** Encoding and validation of one structure's payloads, with coded errors. */
export class Payloads<T> {
  readonly #codec: Codec<T>;
  readonly #schema: Schema<T> | undefined;

  constructor(options: { codec?: Codec<T> | undefined; schema?: Schema<T> | undefined }) {
    this.#codec = options.codec ?? jsonCodec<T>();
    this.#schema = options.schema;
  }

  /** Validates (when a schema is set) and encodes an outgoing message. */
  encode(value: T): string {
    let checked = value;
    if (this.#schema !== undefined) {
      try {
        checked = this.#schema.parse(value);
      } catch (err) {
        throw new PigeonError('PIGEON_ERR_VALIDATION', `message rejected by the schema: ${describe(err)}`, { cause: err });
      }
    }
    try {
      return this.#codec.encode(checked);
    } catch (err) {
      throw new PigeonError('PIGEON_ERR_CODEC', `message could not be encoded: ${describe(err)}`, { cause: err });
    }
  }

  /** Decodes and validates (when a schema is set) an incoming message. */
  decode(text: string): T {
    let value: T;
    try {
      value = this.#codec.decode(text);
    } catch (err) {
      throw new PigeonError('PIGEON_ERR_CODEC', `message could not be decoded: ${describe(err)}`, { cause: err });
    }
    if (this.#schema === undefined) return value;
    try {
      return this.#schema.parse(value);
    } catch (err) {
      throw new PigeonError('PIGEON_ERR_VALIDATION', `message rejected by the schema: ${describe(err)}`, { cause: err });
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
