/*
 * The toolkit's coded errors. Every error the toolkit raises on purpose is a PigeonError with a
 * stable `code` (PIGEON_ERR_*), documented in docs/toolkit.md; errors from the server or the
 * network pass through as ioredis raises them.
 */

export type PigeonErrorCode =
  | 'PIGEON_ERR_INVALID_OPTION'
  | 'PIGEON_ERR_VALIDATION'
  | 'PIGEON_ERR_CODEC'
  | 'PIGEON_ERR_CLOSED'
  | 'PIGEON_ERR_DUPLICATE'
  | 'PIGEON_ERR_NOT_FOUND'
  | 'PIGEON_ERR_TIMEOUT';

export class PigeonError extends Error {
  readonly code: PigeonErrorCode;

  constructor(code: PigeonErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PigeonError';
    this.code = code;
  }
}

/** Server replies that mean "try again shortly": failover, loading, a deleted key under a blocked read. */
export function isTransientServerError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const m = err.message;
  return (
    m.startsWith('UNBLOCKED') ||
    m.startsWith('READONLY') ||
    m.startsWith('LOADING') ||
    m.startsWith('MASTERDOWN') ||
    m.startsWith('TRYAGAIN') ||
    m.startsWith('CLUSTERDOWN') ||
    m.includes('Connection is closed') ||
    m.includes('Command aborted due to connection close') ||
    m.includes('ECONNREFUSED') ||
    m.includes('ECONNRESET') ||
    m.includes('EPIPE') ||
    m.includes('Stream isn\'t writeable')
  );
}
