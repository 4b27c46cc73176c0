/*
 * Polling waits (tests never sleep a fixed time) and per-test unique names.
 */

/** Polls `condition` every few milliseconds until it holds; throws after timeoutMs naming `what`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

let seq = 0;
/** A name no other test of this process uses: `${base}-${pid}-${n}`. */
export const unique = (base: string): string => `${base}-${process.pid}-${++seq}`;
