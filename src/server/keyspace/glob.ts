/*
 * Redis glob-style matching (util.c stringmatchlen), used by KEYS, SCAN MATCH, PSUBSCRIBE patterns,
 * CONFIG GET and anything else that takes a Redis pattern.
 *
 * The syntax, byte by byte (strings are latin1, one char per byte):
 *
 *   *        any run of bytes, including none (a run of stars counts as one)
 *   ?        exactly one byte
 *   [abc]    one byte of the set;  [^abc] one byte not in it;  [a-z] a range (ends in any order)
 *   \x       the byte x literally, outside and inside brackets
 *
 * Redis's quirks are kept on purpose, because clients see them:
 *   - an empty subject never matches a non-empty pattern, not even `*` (KEYS and SCAN skip the
 *     pattern when it is exactly `*`, so only keys named "" notice);
 *   - an unclosed `[` ends the set at the end of the pattern (`[^` alone matches any byte, `[a`
 *     matches `a`), and `[]` is an empty set that matches nothing;
 *   - inside brackets a `\x` escape compares case-sensitively even in the nocase variant, and a
 *     range compares bytes as C's signed char does on x86 (bytes >= 0x80 sort below 0x00);
 *   - the C code reads the NUL terminator past the end of the pattern; `at()` returns 0 there.
 *
 * Redis matches recursively on each `*` and, since the fix for CVE-2022-36021 (7.0.10), stops as
 * soon as the rest of the pattern has been tried at every position after a star
 * (skipLongerMatches). With that rule the outcome is decided by the innermost star reached: once
 * a star is entered, its frame returns either a match or a definitive no-match, never a
 * "try the next position" to the star before it. So only the most recent star needs remembering,
 * and this port loops where Redis recurses: same results, O(pattern * subject) time, and no stack
 * to overflow on a pattern with many thousands of stars.
 */

const STAR = 42; // *
const QUESTION = 63; // ?
const OPEN = 91; // [
const CLOSE = 93; // ]
const CARET = 94; // ^
const BACKSLASH = 92; // \
const DASH = 45; // -

/** C tolower() in the C locale: only A-Z change. */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** A byte as C's (signed on x86) char. */
function signed(c: number): number {
  return c >= 128 ? c - 256 : c;
}

const MATCH = -1;
const NO_MATCH = -2;

/**
 * Does `subject` match the Redis glob `pattern`? `nocase` is the case-insensitive variant
 * (stringmatchlen's nocase flag, as PSUBSCRIBE does not use and CONFIG GET does).
 */
export function stringmatchlen(pattern: string, subject: string, nocase = false): boolean {
  const plen = pattern.length;
  const slen = subject.length;
  const at = (i: number): number => (i < plen ? pattern.charCodeAt(i) : 0);

  // Match from pattern offset p and subject offset s up to the next star. Returns MATCH, NO_MATCH,
  // or the pattern offset of the star reached (its subject offset is left in `sAtStar`).
  let sAtStar = 0;
  const run = (p: number, s: number): number => {
    while (p < plen && s < slen) {
      const pc = pattern.charCodeAt(p);
      if (pc === STAR) {
        sAtStar = s;
        return p;
      }
      if (pc === QUESTION) {
        s++;
      } else if (pc === OPEN) {
        p++;
        const not = at(p) === CARET;
        if (not) p++;
        let match = false;
        const sc = subject.charCodeAt(s);
        for (;;) {
          const c0 = at(p);
          if (c0 === BACKSLASH && plen - p >= 2) {
            p++;
            if (at(p) === sc) match = true;
          } else if (c0 === CLOSE) {
            break;
          } else if (p >= plen) {
            p--;
            break;
          } else if (plen - p >= 3 && at(p + 1) === DASH) {
            let start = signed(c0);
            let end = signed(at(p + 2));
            let c = signed(sc);
            if (start > end) {
              const t = start;
              start = end;
              end = t;
            }
            if (nocase) {
              start = lower(start);
              end = lower(end);
              c = lower(c);
            }
            p += 2;
            if (c >= start && c <= end) match = true;
          } else if (nocase ? lower(c0) === lower(sc) : c0 === sc) {
            match = true;
          }
          p++;
        }
        if (not) match = !match;
        if (!match) return NO_MATCH;
        s++;
      } else {
        let lit = pc;
        if (pc === BACKSLASH && plen - p >= 2) lit = pattern.charCodeAt(++p);
        const sc = subject.charCodeAt(s);
        if (nocase ? lower(lit) !== lower(sc) : lit !== sc) return NO_MATCH;
        s++;
      }
      p++;
      if (s === slen) {
        while (at(p) === STAR) p++;
        break;
      }
    }
    return p === plen && s === slen ? MATCH : NO_MATCH;
  };

  let r = run(0, 0);
  // The innermost star: the pattern offset after it and the next subject offset to try.
  let starNext = -1;
  let starS = 0;
  for (;;) {
    if (r === MATCH) return true;
    if (r === NO_MATCH) {
      if (starNext < 0) return false;
      // The rest did not match from this position: try one byte further (the star's while loop).
      starS++;
      if (starS >= slen) return false;
      r = run(starNext, starS);
      continue;
    }
    // A star at pattern offset r, reached at subject offset sAtStar. Collapse a run of stars.
    let p = r;
    while (at(p + 1) === STAR && p + 1 < plen) p++;
    if (plen - p === 1) return true; // a trailing star matches the rest
    starNext = p + 1;
    starS = sAtStar;
    // sAtStar < slen here: run() only stops at a star while bytes remain.
    r = run(starNext, starS);
  }
}
