/*
 * Sorted sets: the data structure behind ZADD, ZRANGE, ZRANGEBYSCORE, ZRANGEBYLEX, ZPOPMIN, ...
 *
 * A ZSet has Redis 7.0's two encodings (t_zset.c), and OBJECT ENCODING reports the one it is in:
 *
 *   listpack  while the set has at most zset-max-listpack-entries members, none longer than
 *             zset-max-listpack-value bytes: two plain arrays, the members in order and their
 *             scores index for index. Lookups are linear (indexOf) and inserts copy, as Redis's
 *             listpack does; ranges by score are binary searches. A small set costs two exact-size
 *             arrays and nothing else, which is what keeps a keyspace of many small sorted sets lean
 *             (about a quarter of a kilobyte a key besides its strings).
 *   skiplist  for good once a member arrives that does not fit (add() converts before inserting,
 *             as zsetAdd does, and nothing converts back): the pair Redis keeps for
 *             OBJ_ENCODING_SKIPLIST, described below. Only a rebuilt set (ZRANGESTORE, ZUNIONSTORE,
 *             ZINTERSTORE, ZDIFFSTORE, RESTORE) can be a listpack again, and a fresh ZSet filled
 *             with the result gets exactly the encoding Redis would give it.
 *
 * Both keep the members ordered by (score ascending, member ascending by bytes). Members are
 * latin1 strings whose chars are bytes, so JS `<` on them is memcmp-then-length order, as sdscmp.
 *
 * The skiplist encoding is:
 *
 *   - a Map from member to its skip-list node, for O(1) ZSCORE / ZMSCORE and existence checks
 *     (Redis maps member -> score; mapping to the node gives the score one read away, and lets a
 *     score change in place without touching the Map);
 *   - a skip list following zslInsert / zslDeleteNode / zslUpdateScore / zslGetRank /
 *     zslGetElementByRank. Each node has a random level (P = 1/4, at most ZSKIPLIST_MAXLEVEL = 32);
 *     at every level it points forward and records the *span*: how many level-0 steps that forward
 *     pointer jumps. Summing spans while descending gives a node's rank in O(log n), and descending
 *     while `traversed + span <= rank` finds the node at a rank in O(log n). Level 0 also links
 *     backward, for reverse ranges and the tail. The span of a null forward pointer counts the
 *     nodes left to the end, as Redis keeps it, but no result depends on it.
 *
 *   level 1:  header ─1─► a ─────2─────► c ──► null
 *   level 0:  header ─1─► a ─1─► b ─1─► c ─1─► d ──► null      (d is the tail)
 *
 * Memory layout. Nodes are not JS objects: a node is a record in one Int32Array (with a Float64Array
 * view over the same buffer for scores), and a node's id is its record's offset. A record is
 *
 *   [score (2 slots, 8-byte aligned) | backward | level | forward 0 | span 0 | forward 1 | span 1 | ...]
 *
 * and the member lives in a parallel array at (offset - FIRST_RECORD) / 4 (records are at least 6
 * slots apart, so no two share an index). A descent reads one record per step, where the score and
 * the forward pointers sit on one cache line, instead of chasing a node object, a boxed score and
 * two level arrays: about three times faster at 500k members, nothing for the GC to trace, and
 * about half the memory (27 bytes a record on average, before the doubling slack). Offset 0 is the
 * header (32 levels) and doubles as null, since the header is nobody's successor and the first node
 * has no backward link. The heads of the free lists live in the same buffer after the header; the
 * scratch arrays of a descent (zslInsert's update[] and rank[]) are shared by all sets, since a
 * descent and its use happen in one synchronous call. Freed records go to a free list per level
 * and are reused; the buffer is sized for the set that converts, doubles when full and never
 * shrinks (a set is only rebuilt by the commands that store a new one).
 *
 * Every range operation on a skip list is expressed through two descents, as zslFirstInRange /
 * zslLastInRange and their lex twins do: "skip every node below the minimum" (whose step count is
 * the rank of the range's first node minus one) and "keep every node within the maximum" (whose
 * step count is the rank of the range's last node). ZCOUNT and ZLEXCOUNT are the difference of the
 * two; LIMIT offsets jump by rank instead of walking.
 *
 * Lex ranges assume one score, as Redis documents. With mixed scores Redis's answer depends on the
 * encoding, and we follow it where it is deterministic: a listpack is walked as
 * zzlFirstInLexRange / zzlLastInLexRange walk one (from the head for forward ranges, from the tail
 * for reverse ones, after zzlIsInLexRange's checks of the two ends), while a skiplist descends as
 * zslFirstInLexRange does (its answer then depends on the random levels, in Redis as here).
 *
 * Checklist for a command built on this module:
 *   - parse every argument (parseDouble for ZADD / ZINCRBY scores, parseScoreBound and parseLexBound
 *     for ranges) before calling any mutator: each call here changes the set at once;
 *   - ZADD flags (NX / XX / GT / LT / INCR) are decided by the caller from score(); add() only
 *     inserts or moves, and never receives NaN (ZINCRBY of +inf by -inf must be refused first);
 *   - Redis stores an integral score in a listpack as an integer, so -0 reads back as 0 there:
 *     add() keeps what it is given, and the command layer (commands/zset.ts) applies that rule;
 *   - the listpack limits are the server's config, which Redis reads at every insertion: refresh
 *     them with setListpackLimits() before adding to a set that is still a listpack;
 *   - a command that stores a computed result builds a new ZSet with the server's limits, so that
 *     its encoding reflects the result, never the source (convertToSkiplist() forces a skiplist);
 *   - indices given to rangeByRank / deleteRangeByRank are normalised by the command (negative
 *     indices resolved); the methods clamp to the set but do not wrap;
 *   - do not mutate a set while iterating entries(): the iterator follows live links;
 *   - an emptied set must be deleted from the keyspace by the caller: Redis has no empty keys.
 */

export const ZSKIPLIST_MAXLEVEL = 32;
export const ZSKIPLIST_P = 0.25;

/** Redis 7.0 defaults of zset-max-listpack-entries and zset-max-listpack-value. */
export const ZSET_MAX_LISTPACK_ENTRIES = 128;
export const ZSET_MAX_LISTPACK_VALUE = 64;

/** One end of a score range: `5` is `{ value: 5, exclusive: false }`, `(5` is exclusive. */
export interface ScoreBound {
  value: number;
  exclusive: boolean;
}

/** One end of a lex range: `-` and `+` are the extremes, `[a` includes `a`, `(a` excludes it. */
export type LexBound = { kind: 'min' | 'max' } | { value: string; exclusive: boolean };

/** LIMIT and direction of a score or lex range, with Redis's meaning of odd values. */
export interface RangeOptions {
  /** Walk from the maximum down (ZREVRANGEBYSCORE, ZRANGE ... REV). */
  reverse?: boolean;
  /** Entries to skip first; a negative offset gives an empty result, as in Redis. */
  offset?: number;
  /** Entries to return at most; negative means all (LIMIT 0 -1), zero means none. */
  count?: number;
}

export type ZEntry = [member: string, score: number];

export type AddResult = 'added' | 'updated' | 'unchanged';

export type ZSetEncoding = 'listpack' | 'skiplist';

export const LEX_MIN: LexBound = Object.freeze({ kind: 'min' as const });
export const LEX_MAX: LexBound = Object.freeze({ kind: 'max' as const });

// Record layout, in Int32Array slots from a record's offset x (always even): the score is the
// float64 at f64[x >> 1], then BACK, LEVEL, and the forward / span pairs of levels 0..level-1.
const BACK = 2;
const LEVEL = 3;
const FWD = 4; // forward of level i at x + FWD + 2i
const SPAN = 5; // its span at x + SPAN + 2i
/** The header record; as a link, offset 0 means null. */
const NIL = 0;
const HEADER = 0;
/** Heads of the free lists of records, one per level (chained through BACK). */
const FREE = FWD + 2 * ZSKIPLIST_MAXLEVEL;
const FIRST_RECORD = FREE + ZSKIPLIST_MAXLEVEL;
/**
 * Room for the header and about three records before the first doubling: most sorted sets are
 * small, and every slot here is paid once per key.
 */
const INITIAL_SLOTS = FIRST_RECORD + 24;

/**
 * The scratch arrays of a descent, shared by every set: zslInsert's update[] (the rightmost
 * record before the search position, per level) and rank[] (the rank of update[i]). A descent
 * fills them and the same synchronous call consumes them, so one pair serves all sets.
 */
const UPDATE = new Int32Array(ZSKIPLIST_MAXLEVEL);
const RANK_AT = new Int32Array(ZSKIPLIST_MAXLEVEL);

/** zslRandomLevel: level k+1 with probability P^k, capped at ZSKIPLIST_MAXLEVEL. */
function randomLevel(): number {
  let level = 1;
  while (level < ZSKIPLIST_MAXLEVEL && Math.random() < ZSKIPLIST_P) level++;
  return level;
}

// zslValueGteMin / zslValueLteMax and the lex twins (zslLexValueGteMin / zslLexValueLteMax).
function scoreGteMin(score: number, min: ScoreBound): boolean {
  return min.exclusive ? score > min.value : score >= min.value;
}
function scoreLteMax(score: number, max: ScoreBound): boolean {
  return max.exclusive ? score < max.value : score <= max.value;
}
function lexGteMin(member: string, min: LexBound): boolean {
  if ('kind' in min) return min.kind === 'min';
  return min.exclusive ? member > min.value : member >= min.value;
}
function lexLteMax(member: string, max: LexBound): boolean {
  if ('kind' in max) return max.kind === 'max';
  return max.exclusive ? member < max.value : member <= max.value;
}

/** sdscmplex over two lex bounds: '-' sorts below everything, '+' above, each equal to itself. */
function compareLexBounds(a: LexBound, b: LexBound): number {
  const ka = 'kind' in a ? a.kind : null;
  const kb = 'kind' in b ? b.kind : null;
  if (ka !== null && ka === kb) return 0;
  if (ka === 'min' || kb === 'max') return -1;
  if (ka === 'max' || kb === 'min') return 1;
  const va = (a as { value: string }).value;
  const vb = (b as { value: string }).value;
  return va < vb ? -1 : va > vb ? 1 : 0;
}

/** zslParseLexRangeItem's `ex`: '-' and '+' count as exclusive. */
function lexExclusive(b: LexBound): boolean {
  return 'kind' in b || b.exclusive;
}

/**
 * Indices into a set of `size` entries for randomEntries(count), by the same rules as the skiplist
 * walk there: repeats for a negative count, everything in order when count >= size, a shuffled
 * selection sample for most of the set, distinct random draws for a small part of it.
 */
function randomIndices(size: number, count: number): number[] {
  const out: number[] = [];
  if (count === 0 || size === 0) return out;
  if (count < 0) {
    for (let i = 0; i < -count; i++) out.push(Math.floor(Math.random() * size));
    return out;
  }
  if (count >= size) {
    for (let i = 0; i < size; i++) out.push(i);
    return out;
  }
  if (count * 3 > size) {
    let needed = count;
    for (let i = 0; i < size && needed > 0; i++) {
      if (Math.random() * (size - i) < needed) {
        out.push(i);
        needed--;
      }
    }
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }
  const seen = new Set<number>();
  while (seen.size < count) {
    const i = Math.floor(Math.random() * size);
    if (seen.has(i)) continue;
    seen.add(i);
    out.push(i);
  }
  return out;
}

export class ZSet {
  readonly type = 'zset';

  /**
   * The listpack encoding: the members in skip-list order (score, then member bytes) and their
   * scores index for index; both null once the set is a skiplist.
   */
  private lpMembers: string[] | null = [];
  private lpScores: number[] | null = [];

  // The skiplist encoding, allocated by initSkiplist() when the set converts.
  /** member -> offset of its record. */
  private dict!: Map<string, number>;
  private i32!: Int32Array;
  /** The same buffer as i32, for scores: the score of record x is f64[x >> 1]. */
  private f64!: Float64Array;
  /** Members by (record offset - FIRST_RECORD) / 4 ('' in unused slots). */
  private members!: string[];
  /** First slot of the buffer never handed out. */
  private top = FIRST_RECORD;
  /** Levels in use: the highest level of any record (at least 1). */
  private level = 1;
  private length = 0;
  private tail = NIL;
  /** Set by the seeks: the 1-based rank of the record a seek stopped on (0 for the header). */
  private seekRank = 0;

  /**
   * The limits are the server's zset-max-listpack-entries / -value. Redis reads them at every
   * insertion, so a command refreshes them (setListpackLimits) before adding to a listpack-encoded
   * set after CONFIG SET may have changed them.
   */
  constructor(
    public maxListpackEntries: number = ZSET_MAX_LISTPACK_ENTRIES,
    public maxListpackValue: number = ZSET_MAX_LISTPACK_VALUE,
  ) {}

  get size(): number {
    return this.lpMembers !== null ? this.lpMembers.length : this.length;
  }

  /** What OBJECT ENCODING reports in Redis 7.0 (see the module header). */
  get encoding(): ZSetEncoding {
    return this.lpMembers !== null ? 'listpack' : 'skiplist';
  }

  setListpackLimits(entries: number, value: number): void {
    this.maxListpackEntries = entries;
    this.maxListpackValue = value;
  }

  /**
   * zsetConvert to a skiplist, for good. Besides the conversions add() makes, ZRANGESTORE creates
   * its destination as a skiplist when the range is longer than zset-max-listpack-entries, and the
   * *STORE commands build one when the result would not fit a listpack.
   */
  convertToSkiplist(): void {
    const lm = this.lpMembers;
    const ls = this.lpScores;
    if (lm === null || ls === null) return;
    this.lpMembers = null;
    this.lpScores = null;
    this.initSkiplist(lm.length);
    for (let i = 0; i < lm.length; i++) this.insertNew(lm[i]!, ls[i]!);
  }

  /**
   * The members in the dict's order, as a live iterator (ZSCAN of a skiplist-encoded set); a
   * listpack gives a snapshot in order.
   */
  memberKeys(): IterableIterator<string> {
    if (this.lpMembers !== null) return this.lpMembers.slice().values();
    return this.dict.keys();
  }

  has(member: string): boolean {
    if (this.lpMembers !== null) return this.lpMembers.indexOf(member) >= 0;
    return this.dict.has(member);
  }

  score(member: string): number | undefined {
    const lm = this.lpMembers;
    if (lm !== null) {
      const i = lm.indexOf(member);
      return i < 0 ? undefined : this.lpScores![i];
    }
    const x = this.dict.get(member);
    return x === undefined ? undefined : this.f64[x >> 1];
  }

  /**
   * Inserts `member` or moves it to `score`. 'unchanged' when the score compares equal (so 0 and
   * -0 count as the same score, and the stored one is kept, as zsetAdd does).
   */
  add(member: string, score: number): AddResult {
    if (score !== score) throw new RangeError('ZSet scores cannot be NaN');
    const lm = this.lpMembers;
    if (lm !== null) {
      const i = lm.indexOf(member);
      if (i >= 0) {
        if (this.lpScores![i] === score) return 'unchanged';
        this.lpMove(i, member, score);
        return 'updated';
      }
      // zsetAdd's conversion test, before a new member goes in.
      if (lm.length + 1 <= this.maxListpackEntries && member.length <= this.maxListpackValue) {
        this.lpInsert(this.lpPosition(score, member), member, score);
        return 'added';
      }
      this.convertToSkiplist();
    }
    const x = this.dict.get(member);
    if (x !== undefined) {
      if (this.f64[x >> 1] === score) return 'unchanged';
      this.updateScore(x, score);
      return 'updated';
    }
    this.insertNew(member, score);
    return 'added';
  }

  remove(member: string): boolean {
    const lm = this.lpMembers;
    if (lm !== null) {
      const i = lm.indexOf(member);
      if (i < 0) return false;
      lm.splice(i, 1);
      this.lpScores!.splice(i, 1);
      return true;
    }
    const x = this.dict.get(member);
    if (x === undefined) return false;
    this.seekPredecessors(this.f64[x >> 1]!, member);
    this.unlink(x);
    this.dict.delete(member);
    this.freeRecord(x);
    return true;
  }

  /** 0-based rank (ZRANK), or counted from the highest score when `reverse` (ZREVRANK). */
  rank(member: string, reverse = false): number | undefined {
    const lm = this.lpMembers;
    if (lm !== null) {
      const i = lm.indexOf(member);
      if (i < 0) return undefined;
      return reverse ? lm.length - 1 - i : i;
    }
    const x = this.dict.get(member);
    if (x === undefined) return undefined;
    const rank = this.rankOf(x);
    return reverse ? this.length - rank : rank - 1;
  }

  /**
   * Entries from index `start` to `stop` inclusive (0-based, already normalised by the caller).
   * With `reverse`, indices count from the highest score, as ZREVRANGE's do.
   */
  rangeByRank(start: number, stop: number, reverse = false): ZEntry[] {
    const size = this.size;
    if (start < 0) start = 0;
    if (stop >= size) stop = size - 1;
    const out: ZEntry[] = [];
    if (start > stop) return out;
    const lm = this.lpMembers;
    if (lm !== null) {
      const ls = this.lpScores!;
      for (let k = start; k <= stop; k++) {
        const i = reverse ? size - 1 - k : k;
        out.push([lm[i]!, ls[i]!]);
      }
      return out;
    }
    const i32 = this.i32;
    const f64 = this.f64;
    const members = this.members;
    let n = stop - start + 1;
    let x = this.nodeAtRank(reverse ? this.length - start : start + 1);
    const step = reverse ? BACK : FWD;
    while (x !== NIL && n-- > 0) {
      out.push([members[(x - FIRST_RECORD) >> 2]!, f64[x >> 1]!]);
      x = i32[x + step]!;
    }
    return out;
  }

  /** ZRANGEBYSCORE / ZREVRANGEBYSCORE, LIMIT included (see RangeOptions). */
  rangeByScore(min: ScoreBound, max: ScoreBound, opts: RangeOptions = {}): ZEntry[] {
    const out: ZEntry[] = [];
    const offset = opts.offset ?? 0;
    let count = opts.count ?? -1;
    if (offset < 0 || count === 0) return out;
    const lm = this.lpMembers;
    if (lm !== null) {
      const ls = this.lpScores!;
      if (opts.reverse) {
        for (let i = this.lpAfterScore(max) - 1 - offset; i >= 0 && count-- !== 0; i--) {
          if (!scoreGteMin(ls[i]!, min)) break;
          out.push([lm[i]!, ls[i]!]);
        }
      } else {
        for (let i = this.lpFromScore(min) + offset; i < lm.length && count-- !== 0; i++) {
          if (!scoreLteMax(ls[i]!, max)) break;
          out.push([lm[i]!, ls[i]!]);
        }
      }
      return out;
    }
    const i32 = this.i32;
    const f64 = this.f64;
    const members = this.members;
    if (opts.reverse) {
      let x = this.seekLteScore(max);
      if (x === HEADER) return out;
      if (offset > 0) x = this.nodeAtRank(this.seekRank - offset);
      while (x !== NIL && count-- !== 0) {
        const score = f64[x >> 1]!;
        if (!scoreGteMin(score, min)) break;
        out.push([members[(x - FIRST_RECORD) >> 2]!, score]);
        x = i32[x + BACK]!;
      }
    } else {
      let x = i32[this.seekBelowScore(min) + FWD]!;
      if (offset > 0) x = this.nodeAtRank(this.seekRank + 1 + offset);
      while (x !== NIL && count-- !== 0) {
        const score = f64[x >> 1]!;
        if (!scoreLteMax(score, max)) break;
        out.push([members[(x - FIRST_RECORD) >> 2]!, score]);
        x = i32[x + FWD]!;
      }
    }
    return out;
  }

  /** ZRANGEBYLEX / ZREVRANGEBYLEX, LIMIT included (see RangeOptions). */
  rangeByLex(min: LexBound, max: LexBound, opts: RangeOptions = {}): ZEntry[] {
    const out: ZEntry[] = [];
    const offset = opts.offset ?? 0;
    let count = opts.count ?? -1;
    if (offset < 0 || count === 0) return out;
    if (this.lpMembers !== null) return this.lpRangeByLex(min, max, opts.reverse === true, offset, count);
    const i32 = this.i32;
    const f64 = this.f64;
    const members = this.members;
    if (opts.reverse) {
      let x = this.seekLteLex(max);
      if (x === HEADER) return out;
      if (offset > 0) x = this.nodeAtRank(this.seekRank - offset);
      while (x !== NIL && count-- !== 0) {
        const member = members[(x - FIRST_RECORD) >> 2]!;
        if (!lexGteMin(member, min)) break;
        out.push([member, f64[x >> 1]!]);
        x = i32[x + BACK]!;
      }
    } else {
      let x = i32[this.seekBelowLex(min) + FWD]!;
      if (offset > 0) x = this.nodeAtRank(this.seekRank + 1 + offset);
      while (x !== NIL && count-- !== 0) {
        const member = members[(x - FIRST_RECORD) >> 2]!;
        if (!lexLteMax(member, max)) break;
        out.push([member, f64[x >> 1]!]);
        x = i32[x + FWD]!;
      }
    }
    return out;
  }

  /** ZCOUNT in O(log n): the rank of the last node within max minus the nodes below min. */
  countInScore(min: ScoreBound, max: ScoreBound): number {
    if (this.lpMembers !== null) return Math.max(0, this.lpAfterScore(max) - this.lpFromScore(min));
    this.seekBelowScore(min);
    const below = this.seekRank;
    this.seekLteScore(max);
    return this.seekRank > below ? this.seekRank - below : 0;
  }

  /** ZLEXCOUNT in O(log n), as countInScore. */
  countInLex(min: LexBound, max: LexBound): number {
    if (this.lpMembers !== null) {
      const first = this.lpFirstInLex(min, max);
      return first < 0 ? 0 : this.lpLexEnd(first, max) - first;
    }
    this.seekBelowLex(min);
    const below = this.seekRank;
    this.seekLteLex(max);
    return this.seekRank > below ? this.seekRank - below : 0;
  }

  /** ZREMRANGEBYSCORE (zslDeleteRangeByScore): the number of members removed. */
  deleteRangeByScore(min: ScoreBound, max: ScoreBound): number {
    if (this.lpMembers !== null) {
      const from = this.lpFromScore(min);
      return this.lpDelete(from, this.lpAfterScore(max) - from);
    }
    let x = this.i32[this.seekBelowScore(min) + FWD]!;
    let removed = 0;
    while (x !== NIL && scoreLteMax(this.f64[x >> 1]!, max)) {
      const next = this.i32[x + FWD]!;
      this.deleteRecord(x);
      removed++;
      x = next;
    }
    return removed;
  }

  /** ZREMRANGEBYLEX (zslDeleteRangeByLex): the number of members removed. */
  deleteRangeByLex(min: LexBound, max: LexBound): number {
    if (this.lpMembers !== null) {
      const first = this.lpFirstInLex(min, max);
      return first < 0 ? 0 : this.lpDelete(first, this.lpLexEnd(first, max) - first);
    }
    let x = this.i32[this.seekBelowLex(min) + FWD]!;
    let removed = 0;
    while (x !== NIL && lexLteMax(this.members[(x - FIRST_RECORD) >> 2]!, max)) {
      const next = this.i32[x + FWD]!;
      this.deleteRecord(x);
      removed++;
      x = next;
    }
    return removed;
  }

  /** ZREMRANGEBYRANK over 0-based normalised indices (zslDeleteRangeByRank): removed count. */
  deleteRangeByRank(start: number, stop: number): number {
    if (start < 0) start = 0;
    if (stop >= this.size) stop = this.size - 1;
    if (start > stop) return 0;
    if (this.lpMembers !== null) return this.lpDelete(start, stop - start + 1);
    // Record the predecessors of 1-based rank start + 1 at every level.
    const i32 = this.i32;
    let x = HEADER;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let p = x + FWD + 2 * i;
      for (;;) {
        const f = i32[p]!;
        if (f === NIL || traversed + i32[p + 1]! > start) break;
        traversed += i32[p + 1]!;
        x = f;
        p = x + FWD + 2 * i;
      }
      UPDATE[i] = x;
    }
    x = i32[x + FWD]!;
    let removed = 0;
    const n = stop - start + 1;
    while (x !== NIL && removed < n) {
      const next = i32[x + FWD]!;
      this.deleteRecord(x);
      removed++;
      x = next;
    }
    return removed;
  }

  /** ZPOPMIN: up to `count` lowest entries, lowest first, removed from the set. */
  popMin(count = 1): ZEntry[] {
    const n = Math.min(count, this.size);
    const out: ZEntry[] = [];
    if (n <= 0) return out;
    const lm = this.lpMembers;
    if (lm !== null) {
      for (let i = 0; i < n; i++) out.push([lm[i]!, this.lpScores![i]!]);
      this.lpDelete(0, n);
      return out;
    }
    for (let x = this.i32[HEADER + FWD]!; x !== NIL && out.length < n; x = this.i32[x + FWD]!) {
      out.push([this.members[(x - FIRST_RECORD) >> 2]!, this.f64[x >> 1]!]);
    }
    this.deleteRangeByRank(0, n - 1);
    return out;
  }

  /** ZPOPMAX: up to `count` highest entries, highest first, removed from the set. */
  popMax(count = 1): ZEntry[] {
    const n = Math.min(count, this.size);
    const out: ZEntry[] = [];
    if (n <= 0) return out;
    const lm = this.lpMembers;
    if (lm !== null) {
      const size = lm.length;
      for (let i = size - 1; i >= size - n; i--) out.push([lm[i]!, this.lpScores![i]!]);
      this.lpDelete(size - n, n);
      return out;
    }
    for (let x = this.tail; x !== NIL && out.length < n; x = this.i32[x + BACK]!) {
      out.push([this.members[(x - FIRST_RECORD) >> 2]!, this.f64[x >> 1]!]);
    }
    this.deleteRangeByRank(this.length - n, this.length - 1);
    return out;
  }

  /** All entries in order (or reversed). The set must not change while the iterator is live. */
  *entries(reverse = false): IterableIterator<ZEntry> {
    const lm = this.lpMembers;
    if (lm !== null) {
      const ls = this.lpScores!;
      const n = lm.length;
      for (let k = 0; k < n; k++) {
        const i = reverse ? n - 1 - k : k;
        yield [lm[i]!, ls[i]!];
      }
      return;
    }
    const step = reverse ? BACK : FWD;
    for (let x = reverse ? this.tail : this.i32[HEADER + FWD]!; x !== NIL; x = this.i32[x + step]!) {
      yield [this.members[(x - FIRST_RECORD) >> 2]!, this.f64[x >> 1]!];
    }
  }

  [Symbol.iterator](): IterableIterator<ZEntry> {
    return this.entries();
  }

  /** A uniformly random member (ZRANDMEMBER without count), undefined when empty. */
  randomMember(): string | undefined {
    const lm = this.lpMembers;
    if (lm !== null) return lm.length === 0 ? undefined : lm[Math.floor(Math.random() * lm.length)];
    if (this.length === 0) return undefined;
    return this.members[(this.nodeAtRank(1 + Math.floor(Math.random() * this.length)) - FIRST_RECORD) >> 2];
  }

  /**
   * ZRANDMEMBER key count: a positive count asks for up to `count` distinct entries (the whole set
   * when count >= size), a negative one for exactly -count entries that may repeat. The caller
   * enforces Redis's range limit on count.
   */
  randomEntries(count: number): ZEntry[] {
    const out: ZEntry[] = [];
    const lm = this.lpMembers;
    if (lm !== null) {
      const ls = this.lpScores!;
      for (const i of randomIndices(lm.length, count)) out.push([lm[i]!, ls[i]!]);
      return out;
    }
    const length = this.length;
    if (count === 0 || length === 0) return out;
    const i32 = this.i32;
    const f64 = this.f64;
    const members = this.members;
    if (count < 0) {
      for (let i = 0; i < -count; i++) {
        const x = this.nodeAtRank(1 + Math.floor(Math.random() * length));
        out.push([members[(x - FIRST_RECORD) >> 2]!, f64[x >> 1]!]);
      }
      return out;
    }
    if (count >= length) {
      for (let x = i32[HEADER + FWD]!; x !== NIL; x = i32[x + FWD]!) out.push([members[(x - FIRST_RECORD) >> 2]!, f64[x >> 1]!]);
      return out;
    }
    if (count * 3 > length) {
      // Most of the set: selection sampling over one walk (Knuth's algorithm S), then a shuffle so
      // that the reply is not in score order.
      let needed = count;
      let left = length;
      for (let x = i32[HEADER + FWD]!; x !== NIL && needed > 0; x = i32[x + FWD]!, left--) {
        if (Math.random() * left < needed) {
          out.push([members[(x - FIRST_RECORD) >> 2]!, f64[x >> 1]!]);
          needed--;
        }
      }
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        const t = out[i]!;
        out[i] = out[j]!;
        out[j] = t;
      }
      return out;
    }
    // A small part of the set: draw ranks until `count` distinct ones came up.
    const seen = new Set<number>();
    while (seen.size < count) {
      const rank = 1 + Math.floor(Math.random() * length);
      if (seen.has(rank)) continue;
      seen.add(rank);
      const x = this.nodeAtRank(rank);
      out.push([members[(x - FIRST_RECORD) >> 2]!, f64[x >> 1]!]);
    }
    return out;
  }

  /** A copy with the same limits and encoding (COPY keeps the source's encoding), in O(n). */
  clone(): ZSet {
    const copy = new ZSet(this.maxListpackEntries, this.maxListpackValue);
    if (this.lpMembers !== null) {
      copy.lpMembers = this.lpMembers.slice();
      copy.lpScores = this.lpScores!.slice();
      return copy;
    }
    copy.lpMembers = null;
    copy.lpScores = null;
    copy.i32 = this.i32.slice();
    copy.f64 = new Float64Array(copy.i32.buffer);
    copy.members = this.members.slice();
    copy.dict = new Map(this.dict);
    copy.top = this.top;
    copy.level = this.level;
    copy.length = this.length;
    copy.tail = this.tail;
    return copy;
  }

  /**
   * Checks every invariant of the skip list, the dict and the record allocator, and throws on the
   * first broken one. For tests and debugging: O(n * level).
   */
  assertValid(): void {
    const fail = (msg: string): never => {
      throw new Error(`ZSet invariant broken: ${msg}`);
    };
    const lm = this.lpMembers;
    if (lm !== null) {
      const ls = this.lpScores;
      if (ls === null || ls.length !== lm.length) return fail('listpack arrays differ in length');
      if (new Set(lm).size !== lm.length) fail('listpack holds a member twice');
      for (let i = 0; i < lm.length; i++) {
        const score = ls[i]!;
        if (typeof score !== 'number' || score !== score) fail('NaN score');
        if (typeof lm[i] !== 'string') fail('member is not a string');
        if (i > 0 && !(ls[i - 1]! < score || (ls[i - 1] === score && lm[i - 1]! < lm[i]!))) {
          fail(`order at ${JSON.stringify(lm[i - 1])} -> ${JSON.stringify(lm[i])}`);
        }
      }
      return;
    }
    const i32 = this.i32;
    const f64 = this.f64;
    const members = this.members;
    if (this.dict.size !== this.length) fail(`dict has ${this.dict.size} members, list ${this.length}`);
    if (this.level < 1 || this.level > ZSKIPLIST_MAXLEVEL) fail(`level ${this.level}`);
    if (i32[HEADER + LEVEL] !== ZSKIPLIST_MAXLEVEL) fail('header level');
    if (this.level > 1 && i32[HEADER + FWD + 2 * (this.level - 1)] === NIL) fail('top level is empty');
    for (let i = this.level; i < ZSKIPLIST_MAXLEVEL; i++) {
      if (i32[HEADER + FWD + 2 * i] !== NIL) fail(`header links above level ${this.level}`);
    }
    // Level 0: order, backward links, tail, dict, record bounds.
    const rankOf = new Map<number, number>();
    let used = 0;
    let prev = NIL;
    let rank = 0;
    for (let x = i32[HEADER + FWD]!; x !== NIL; x = i32[x + FWD]!) {
      if (x < FIRST_RECORD || x >= this.top || (x & 1) !== 0) fail(`record offset ${x}`);
      if (rankOf.has(x)) fail('cycle at level 0');
      rank++;
      rankOf.set(x, rank);
      const level = i32[x + LEVEL]!;
      if (level < 1 || level > ZSKIPLIST_MAXLEVEL || x + FWD + 2 * level > this.top) fail(`level of record ${x}`);
      used += FWD + 2 * level;
      const member = members[(x - FIRST_RECORD) >> 2]!;
      const score = f64[x >> 1]!;
      if (i32[x + BACK] !== prev) fail(`backward link of ${JSON.stringify(member)}`);
      if (this.dict.get(member) !== x) fail(`dict entry of ${JSON.stringify(member)}`);
      if (score !== score) fail('NaN score');
      if (prev !== NIL) {
        const ps = f64[prev >> 1]!;
        const pm = members[(prev - FIRST_RECORD) >> 2]!;
        if (!(ps < score || (ps === score && pm < member))) {
          fail(`order at ${JSON.stringify(pm)} -> ${JSON.stringify(member)}`);
        }
      }
      prev = x;
    }
    if (rank !== this.length) fail(`level 0 has ${rank} nodes, length is ${this.length}`);
    if (this.tail !== prev) fail('tail');
    // Every level: each forward pointer's span is the rank distance it jumps.
    for (let i = 0; i < this.level; i++) {
      let x = HEADER;
      let xr = 0;
      for (;;) {
        const f = i32[x + FWD + 2 * i]!;
        if (f === NIL) break;
        const fr = rankOf.get(f);
        if (fr === undefined) return fail(`level ${i} links a record missing from level 0`);
        if (fr <= xr) fail(`level ${i} goes backwards`);
        if (i32[x + SPAN + 2 * i] !== fr - xr) fail(`span at level ${i} after rank ${xr}`);
        if (i32[f + LEVEL]! <= i) fail(`level ${i} links a lower record`);
        x = f;
        xr = fr;
      }
    }
    // The allocator: live and free records tile the buffer from FIRST_RECORD to top.
    for (let level = 1; level <= ZSKIPLIST_MAXLEVEL; level++) {
      for (let x = i32[FREE + level - 1]!; x !== NIL; x = i32[x + BACK]!) {
        if (rankOf.has(x)) fail(`record ${x} is both live and free`);
        if (i32[x + LEVEL] !== level) fail(`free record ${x} on the wrong list`);
        used += FWD + 2 * level;
        if (used > this.top) fail('free lists loop');
      }
    }
    if (used !== this.top - FIRST_RECORD) fail(`records cover ${used} slots of ${this.top - FIRST_RECORD}`);
  }

  // --- the listpack encoding (zzl* in t_zset.c) ---

  /** The index at which (score, member) goes in a listpack: before the first entry above it. */
  private lpPosition(score: number, member: string): number {
    const lm = this.lpMembers!;
    const ls = this.lpScores!;
    let lo = 0;
    let hi = lm.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = ls[mid]!;
      if (s < score || (s === score && lm[mid]! < member)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Inserts at `pos`. The arrays are copied to their exact new size rather than grown in place:
   * V8 would leave room for 16 more entries in each, which for the small sets a listpack holds
   * costs more than the copy (bounded by zset-max-listpack-entries, like Redis's memmove).
   */
  private lpInsert(pos: number, member: string, score: number): void {
    const lm = this.lpMembers!;
    const ls = this.lpScores!;
    const n = lm.length;
    if (n >= 1024) {
      lm.splice(pos, 0, member);
      ls.splice(pos, 0, score);
      return;
    }
    const m2 = new Array<string>(n + 1);
    const s2 = new Array<number>(n + 1);
    for (let k = 0; k < pos; k++) {
      m2[k] = lm[k]!;
      s2[k] = ls[k]!;
    }
    m2[pos] = member;
    s2[pos] = score;
    for (let k = pos; k < n; k++) {
      m2[k + 1] = lm[k]!;
      s2[k + 1] = ls[k]!;
    }
    this.lpMembers = m2;
    this.lpScores = s2;
  }

  /** A new score for the member at index i: in place when it keeps its position, else moved. */
  private lpMove(i: number, member: string, score: number): void {
    const lm = this.lpMembers!;
    const ls = this.lpScores!;
    const n = lm.length;
    const afterPrev = i === 0 || ls[i - 1]! < score || (ls[i - 1] === score && lm[i - 1]! < member);
    const beforeNext = i === n - 1 || ls[i + 1]! > score || (ls[i + 1] === score && lm[i + 1]! > member);
    if (afterPrev && beforeNext) {
      ls[i] = score;
      return;
    }
    lm.splice(i, 1);
    ls.splice(i, 1);
    this.lpInsert(this.lpPosition(score, member), member, score);
  }

  /** Removes `n` entries from index `from` (nothing when n <= 0); returns how many. */
  private lpDelete(from: number, n: number): number {
    if (n <= 0) return 0;
    this.lpMembers!.splice(from, n);
    this.lpScores!.splice(from, n);
    return n;
  }

  /** The index of the first entry >= min (zzlFirstInRange's walk, as a binary search). */
  private lpFromScore(min: ScoreBound): number {
    const ls = this.lpScores!;
    let lo = 0;
    let hi = ls.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (scoreGteMin(ls[mid]!, min)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The index after the last entry <= max. */
  private lpAfterScore(max: ScoreBound): number {
    const ls = this.lpScores!;
    let lo = 0;
    let hi = ls.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (scoreLteMax(ls[mid]!, max)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** zzlIsInLexRange: the range is not empty and the set's two ends do not rule it out. */
  private lpInLexRange(min: LexBound, max: LexBound): boolean {
    const cmp = compareLexBounds(min, max);
    if (cmp > 0 || (cmp === 0 && (lexExclusive(min) || lexExclusive(max)))) return false;
    const lm = this.lpMembers!;
    return lm.length > 0 && lexGteMin(lm[lm.length - 1]!, min) && lexLteMax(lm[0]!, max);
  }

  /** zzlFirstInLexRange: from the head, the index of the first member >= min if it is <= max; -1 otherwise. */
  private lpFirstInLex(min: LexBound, max: LexBound): number {
    if (!this.lpInLexRange(min, max)) return -1;
    const lm = this.lpMembers!;
    for (let i = 0; i < lm.length; i++) {
      if (lexGteMin(lm[i]!, min)) return lexLteMax(lm[i]!, max) ? i : -1;
    }
    return -1;
  }

  /** zzlLastInLexRange: from the tail, the index of the first member <= max if it is >= min; -1 otherwise. */
  private lpLastInLex(min: LexBound, max: LexBound): number {
    if (!this.lpInLexRange(min, max)) return -1;
    const lm = this.lpMembers!;
    for (let i = lm.length - 1; i >= 0; i--) {
      if (lexLteMax(lm[i]!, max)) return lexGteMin(lm[i]!, min) ? i : -1;
    }
    return -1;
  }

  /** From index `from`, the index of the first member past max (the forward walks' stop). */
  private lpLexEnd(from: number, max: LexBound): number {
    const lm = this.lpMembers!;
    let i = from;
    while (i < lm.length && lexLteMax(lm[i]!, max)) i++;
    return i;
  }

  /** genericZrangebylexCommand over a listpack: skip `offset` steps, then emit while in range. */
  private lpRangeByLex(min: LexBound, max: LexBound, reverse: boolean, offset: number, count: number): ZEntry[] {
    const out: ZEntry[] = [];
    const lm = this.lpMembers!;
    const ls = this.lpScores!;
    if (reverse) {
      const last = this.lpLastInLex(min, max);
      if (last < 0) return out;
      for (let i = last - offset; i >= 0 && count-- !== 0; i--) {
        if (!lexGteMin(lm[i]!, min)) break;
        out.push([lm[i]!, ls[i]!]);
      }
    } else {
      const first = this.lpFirstInLex(min, max);
      if (first < 0) return out;
      for (let i = first + offset; i < lm.length && count-- !== 0; i++) {
        if (!lexLteMax(lm[i]!, max)) break;
        out.push([lm[i]!, ls[i]!]);
      }
    }
    return out;
  }

  // --- the skip list (t_zset.c) ---

  /** The empty skip list of a converting set, with room for about `n` records. */
  private initSkiplist(n: number): void {
    const slots = FIRST_RECORD + Math.max(INITIAL_SLOTS - FIRST_RECORD, 8 * n);
    const buffer = new ArrayBuffer(slots * 4);
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.members = new Array<string>((slots - FIRST_RECORD) >> 2).fill('');
    this.i32[HEADER + LEVEL] = ZSKIPLIST_MAXLEVEL;
    this.dict = new Map();
    this.top = FIRST_RECORD;
    this.level = 1;
    this.length = 0;
    this.tail = NIL;
  }

  /** zslInsert + dictAdd of a member the set does not hold. */
  private insertNew(member: string, score: number): void {
    const level = randomLevel();
    const node = this.allocRecord(level);
    this.f64[node >> 1] = score;
    this.members[(node - FIRST_RECORD) >> 2] = member;
    this.insertRecord(node, score, member, level);
    this.dict.set(member, node);
  }

  /** A record for a node of `level` levels: from the free list of that level, else from the top. */
  private allocRecord(level: number): number {
    const i32 = this.i32;
    const head = i32[FREE + level - 1]!;
    if (head !== NIL) {
      i32[FREE + level - 1] = i32[head + BACK]!;
      return head;
    }
    const x = this.top;
    const end = x + FWD + 2 * level;
    if (end > i32.length) this.grow(end);
    this.top = end;
    this.i32[x + LEVEL] = level;
    return x;
  }

  private freeRecord(x: number): void {
    const i32 = this.i32;
    const head = FREE + i32[x + LEVEL]! - 1;
    this.members[(x - FIRST_RECORD) >> 2] = '';
    i32[x + BACK] = i32[head]!;
    i32[head] = x;
  }

  /** Doubles the buffer until it holds `slots` slots; views are re-made, offsets stay valid. */
  private grow(slots: number): void {
    let capacity = this.i32.length * 2;
    while (capacity < slots) capacity *= 2;
    const buffer = new ArrayBuffer(capacity * 4);
    const i32 = new Int32Array(buffer);
    i32.set(this.i32);
    this.i32 = i32;
    this.f64 = new Float64Array(buffer);
    const members = this.members;
    for (let k = members.length; k < (capacity - FIRST_RECORD) >> 2; k++) members.push('');
  }

  /** Unlinks a record whose predecessors are in UPDATE, then forgets and frees it. */
  private deleteRecord(x: number): void {
    this.unlink(x);
    this.dict.delete(this.members[(x - FIRST_RECORD) >> 2]!);
    this.freeRecord(x);
  }

  /**
   * zslInsert for a record whose score, member and level are set. Records in UPDATE / RANK_AT the
   * last record ordered before it at each level and that record's rank, then splices the new
   * record in, splitting spans.
   */
  private insertRecord(node: number, score: number, member: string, level: number): void {
    const i32 = this.i32;
    const f64 = this.f64;
    const members = this.members;
    let x = HEADER;
    let rank = 0; // rank[i] starts from rank[i + 1]: one running count
    for (let i = this.level - 1; i >= 0; i--) {
      let p = x + FWD + 2 * i;
      for (;;) {
        const f = i32[p]!;
        if (f === NIL) break;
        const fs = f64[f >> 1]!;
        if (fs > score || (fs === score && members[(f - FIRST_RECORD) >> 2]! >= member)) break;
        rank += i32[p + 1]!;
        x = f;
        p = x + FWD + 2 * i;
      }
      RANK_AT[i] = rank;
      UPDATE[i] = x;
    }
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        RANK_AT[i] = 0;
        UPDATE[i] = HEADER;
        i32[HEADER + SPAN + 2 * i] = this.length;
      }
      this.level = level;
    }
    const rank0 = RANK_AT[0]!;
    for (let i = 0; i < level; i++) {
      const u = UPDATE[i]! + FWD + 2 * i; // update[i]'s link at level i
      const n = node + FWD + 2 * i;
      const before = rank0 - RANK_AT[i]!;
      i32[n] = i32[u]!;
      i32[u] = node;
      i32[n + 1] = i32[u + 1]! - before;
      i32[u + 1] = before + 1;
    }
    for (let i = level; i < this.level; i++) i32[UPDATE[i]! + SPAN + 2 * i]!++;
    i32[node + BACK] = UPDATE[0]!; // the header is NIL: no backward link
    const next = i32[node + FWD]!;
    if (next !== NIL) i32[next + BACK] = node;
    else this.tail = node;
    this.length++;
  }

  /** Fills UPDATE with the predecessors of the position of (score, member) at every level. */
  private seekPredecessors(score: number, member: string): void {
    const i32 = this.i32;
    const f64 = this.f64;
    const members = this.members;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      let p = x + FWD + 2 * i;
      for (;;) {
        const f = i32[p]!;
        if (f === NIL) break;
        const fs = f64[f >> 1]!;
        if (fs > score || (fs === score && members[(f - FIRST_RECORD) >> 2]! >= member)) break;
        x = f;
        p = x + FWD + 2 * i;
      }
      UPDATE[i] = x;
    }
  }

  /** zslDeleteNode: unlinks record x, whose predecessors are in UPDATE. Dict and record stay. */
  private unlink(x: number): void {
    const i32 = this.i32;
    for (let i = 0; i < this.level; i++) {
      const u = UPDATE[i]! + FWD + 2 * i;
      if (i32[u] === x) {
        i32[u + 1] = i32[u + 1]! + i32[x + SPAN + 2 * i]! - 1;
        i32[u] = i32[x + FWD + 2 * i]!;
      } else {
        i32[u + 1]!--;
      }
    }
    const next = i32[x + FWD]!;
    const back = i32[x + BACK]!;
    if (next !== NIL) i32[next + BACK] = back;
    else this.tail = back;
    while (this.level > 1 && i32[HEADER + FWD + 2 * (this.level - 1)] === NIL) this.level--;
    this.length--;
  }

  /**
   * zslUpdateScore. When the node stays between its neighbours only the score changes, decided
   * before any descent since the dict already gave us the record. Otherwise the record is unlinked
   * and spliced in again with its level kept (levels do not depend on scores, so the distribution
   * is unchanged and nothing is allocated).
   */
  private updateScore(x: number, score: number): void {
    const i32 = this.i32;
    const f64 = this.f64;
    const back = i32[x + BACK]!;
    const next = i32[x + FWD]!;
    if ((back === NIL || f64[back >> 1]! < score) && (next === NIL || f64[next >> 1]! > score)) {
      f64[x >> 1] = score;
      return;
    }
    const member = this.members[(x - FIRST_RECORD) >> 2]!;
    this.seekPredecessors(f64[x >> 1]!, member);
    this.unlink(x);
    f64[x >> 1] = score;
    this.insertRecord(x, score, member, i32[x + LEVEL]!);
  }

  /** zslGetRank: the 1-based rank of a live record. */
  private rankOf(node: number): number {
    const i32 = this.i32;
    const f64 = this.f64;
    const members = this.members;
    const score = f64[node >> 1]!;
    const member = members[(node - FIRST_RECORD) >> 2]!;
    let rank = 0;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      let p = x + FWD + 2 * i;
      for (;;) {
        const f = i32[p]!;
        if (f === NIL) break;
        const fs = f64[f >> 1]!;
        if (fs > score || (fs === score && members[(f - FIRST_RECORD) >> 2]! > member)) break;
        rank += i32[p + 1]!;
        x = f;
        p = x + FWD + 2 * i;
      }
      if (x === node) return rank;
    }
    return 0;
  }

  /** zslGetElementByRank: the record at a 1-based rank, NIL out of range. */
  private nodeAtRank(rank: number): number {
    if (rank < 1 || rank > this.length) return NIL;
    if (rank === this.length) return this.tail;
    const i32 = this.i32;
    let traversed = 0;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      let p = x + FWD + 2 * i;
      for (;;) {
        const f = i32[p]!;
        if (f === NIL || traversed + i32[p + 1]! > rank) break;
        traversed += i32[p + 1]!;
        x = f;
        p = x + FWD + 2 * i;
      }
      if (traversed === rank) return x;
    }
    return NIL;
  }

  // The four seeks below are zslFirstInRange / zslLastInRange and their lex twins without the
  // final checks. Each returns the record it stopped on (HEADER if none) and leaves its 1-based
  // rank, which is the number of records passed, in seekRank. The "below" seeks also leave the
  // predecessors of the range in UPDATE, for the range deletions.

  /** Stops on the last record below `min`. */
  private seekBelowScore(min: ScoreBound): number {
    const i32 = this.i32;
    const f64 = this.f64;
    let rank = 0;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      let p = x + FWD + 2 * i;
      for (;;) {
        const f = i32[p]!;
        if (f === NIL || scoreGteMin(f64[f >> 1]!, min)) break;
        rank += i32[p + 1]!;
        x = f;
        p = x + FWD + 2 * i;
      }
      UPDATE[i] = x;
    }
    this.seekRank = rank;
    return x;
  }

  /** Stops on the last record within `max`. */
  private seekLteScore(max: ScoreBound): number {
    const i32 = this.i32;
    const f64 = this.f64;
    let rank = 0;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      let p = x + FWD + 2 * i;
      for (;;) {
        const f = i32[p]!;
        if (f === NIL || !scoreLteMax(f64[f >> 1]!, max)) break;
        rank += i32[p + 1]!;
        x = f;
        p = x + FWD + 2 * i;
      }
    }
    this.seekRank = rank;
    return x;
  }

  private seekBelowLex(min: LexBound): number {
    const i32 = this.i32;
    const members = this.members;
    let rank = 0;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      let p = x + FWD + 2 * i;
      for (;;) {
        const f = i32[p]!;
        if (f === NIL || lexGteMin(members[(f - FIRST_RECORD) >> 2]!, min)) break;
        rank += i32[p + 1]!;
        x = f;
        p = x + FWD + 2 * i;
      }
      UPDATE[i] = x;
    }
    this.seekRank = rank;
    return x;
  }

  private seekLteLex(max: LexBound): number {
    const i32 = this.i32;
    const members = this.members;
    let rank = 0;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      let p = x + FWD + 2 * i;
      for (;;) {
        const f = i32[p]!;
        if (f === NIL || !lexLteMax(members[(f - FIRST_RECORD) >> 2]!, max)) break;
        rank += i32[p + 1]!;
        x = f;
        p = x + FWD + 2 * i;
      }
    }
    this.seekRank = rank;
    return x;
  }
}

// --- parsing scores and ranges ---

/** C isspace() in the C locale. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Case-insensitive match of lowercase ASCII `word` at `at`. */
function matchWord(s: string, at: number, word: string): boolean {
  if (at + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((s.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

interface Strtod {
  value: number;
  /** Index after the last char consumed; the start index when nothing was converted. */
  end: number;
  /** strtod set ERANGE with a result of ±HUGE_VAL or zero: overflow, or underflow to zero. */
  outOfRange: boolean;
}

/**
 * C strtod(3) as glibc implements it, from index `from`: optional whitespace and sign, then
 * `inf` / `infinity` / `nan` / `nan(chars)` in any case, a hex float (`0x1.8p3`, binary
 * exponent optional) or a decimal (`12`, `.5`, `5.`, `1e-3`). Conversions are correctly rounded
 * (V8's Number() for decimals, exact BigInt arithmetic for hex).
 */
function strtod(s: string, from: number): Strtod {
  const n = s.length;
  let i = from;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let negative = false;
  let c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    negative = c === 45;
    i++;
    c = s.charCodeAt(i);
  }
  if (matchWord(s, i, 'inf')) {
    const end = matchWord(s, i + 3, 'inity') ? i + 8 : i + 3;
    return { value: negative ? -Infinity : Infinity, end, outOfRange: false };
  }
  if (matchWord(s, i, 'nan')) {
    let end = i + 3;
    if (s.charCodeAt(end) === 40) {
      let j = end + 1;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (!(isDigit(d) || ((d | 0x20) >= 97 && (d | 0x20) <= 122) || d === 95)) break;
        j++;
      }
      if (s.charCodeAt(j) === 41) end = j + 1;
    }
    return { value: NaN, end, outOfRange: false };
  }
  if (c === 48 && (s.charCodeAt(i + 1) | 0x20) === 120) {
    const hex = strtodHex(s, i + 2, negative);
    if (hex !== null) return hex;
    // "0x" with no hex digits after it: strtod reads the "0" and stops at the "x".
  }
  const start = i;
  let digits = false;
  let nonZero = false;
  while (i < n && isDigit((c = s.charCodeAt(i)))) {
    digits = true;
    if (c !== 48) nonZero = true;
    i++;
  }
  if (s.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit((c = s.charCodeAt(i)))) {
      digits = true;
      if (c !== 48) nonZero = true;
      i++;
    }
  }
  if (!digits) return { value: 0, end: from, outOfRange: false };
  if ((s.charCodeAt(i) | 0x20) === 101) {
    let j = i + 1;
    const sign = s.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (isDigit(s.charCodeAt(j))) {
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      i = j;
    }
  }
  const magnitude = Number(s.slice(start, i));
  return {
    value: negative ? -magnitude : magnitude,
    end: i,
    outOfRange: magnitude === Infinity || (magnitude === 0 && nonZero),
  };
}

/**
 * Significant hex digits converted exactly: 128 bits, far more than the 53 bits plus rounding
 * bits a double needs. Later nonzero digits only set a sticky bit, so that a megabyte of digits
 * costs linear time and not quadratic BigInt arithmetic.
 */
const HEX_DIGITS_KEPT = 32;

/** The hex-float tail of strtod after "0x"; null when no hex digit follows. */
function strtodHex(s: string, from: number, negative: boolean): Strtod | null {
  const n = s.length;
  let i = from;
  let mantissa = 0n;
  let kept = 0; // significant digits in mantissa (leading zeros do not count)
  let sticky = false; // a nonzero digit was dropped
  let exponent = 0;
  let digits = false;
  let d: number;
  while (i < n && (d = hexValue(s.charCodeAt(i))) >= 0) {
    if (kept >= HEX_DIGITS_KEPT) {
      exponent += 4;
      if (d !== 0) sticky = true;
    } else if (kept > 0 || d !== 0) {
      mantissa = mantissa * 16n + BigInt(d);
      kept++;
    }
    digits = true;
    i++;
  }
  if (s.charCodeAt(i) === 46 && (digits || hexValue(s.charCodeAt(i + 1)) >= 0)) {
    i++;
    while (i < n && (d = hexValue(s.charCodeAt(i))) >= 0) {
      if (kept >= HEX_DIGITS_KEPT) {
        if (d !== 0) sticky = true;
      } else {
        if (kept > 0 || d !== 0) {
          mantissa = mantissa * 16n + BigInt(d);
          kept++;
        }
        exponent -= 4;
      }
      digits = true;
      i++;
    }
  }
  if (sticky) {
    mantissa = mantissa * 2n + 1n;
    exponent -= 1;
  }
  if (!digits) return null;
  if ((s.charCodeAt(i) | 0x20) === 112) {
    let j = i + 1;
    const sign = s.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (isDigit(s.charCodeAt(j))) {
      let p = 0;
      while (j < n && isDigit((d = s.charCodeAt(j)))) {
        if (p < 1e9) p = p * 10 + (d - 48);
        j++;
      }
      exponent += sign === 45 ? -p : p;
      i = j;
    }
  }
  let magnitude = 0;
  let outOfRange = false;
  if (mantissa !== 0n) {
    magnitude = scaleBinary(mantissa, exponent);
    outOfRange = magnitude === Infinity || magnitude === 0;
  }
  return { value: negative ? -magnitude : magnitude, end: i, outOfRange };
}

/** mantissa * 2^exponent rounded to the nearest double, ties to even (subnormals included). */
function scaleBinary(mantissa: bigint, exponent: number): number {
  const bits = mantissa.toString(2).length;
  const top = bits - 1 + exponent; // the exponent of the leading bit
  if (top > 1023) return Infinity;
  if (top < -1076) return 0; // below half the smallest subnormal
  const keep = top >= -1022 ? 53 : 53 - (-1022 - top); // significant bits the result can hold
  const shift = bits - keep;
  if (shift <= 0) return Number(mantissa) * 2 ** exponent;
  const big = BigInt(shift);
  let q = mantissa >> big;
  const rest = mantissa - (q << big);
  const half = 1n << (big - 1n);
  if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
  return Number(q) * 2 ** (exponent + shift);
}

/**
 * A score as ZADD / ZINCRBY read it (getDoubleFromObject -> string2d): the whole string must be
 * a strtod number, with no leading whitespace, not NaN, and not out of range (1e400 and 1e-400
 * are refused; subnormals, `inf`, `-infinity`, `0x1p-3`, `.5` and `5.` are fine). null when
 * Redis answers "ERR value is not a valid float".
 */
export function parseDouble(s: string): number | null {
  if (s.length === 0 || isSpace(s.charCodeAt(0))) return null;
  const r = strtod(s, 0);
  if (r.end !== s.length || r.outOfRange || r.value !== r.value) return null;
  return r.value;
}

/**
 * One end of ZRANGEBYSCORE / ZCOUNT / ZREMRANGEBYSCORE ranges, as zslParseRange reads it: an
 * optional '(' for exclusive, then strtod, which must stop at the end of the string (or at a NUL,
 * since Redis checks `*eptr != '\0'` on the C string) and not give NaN. As in Redis, leading
 * whitespace is accepted, overflow gives ±inf, and an empty string (or a lone '(') reads as 0.
 * null when Redis answers "ERR min or max is not a float".
 */
export function parseScoreBound(s: string): ScoreBound | null {
  const exclusive = s.charCodeAt(0) === 40;
  const r = strtod(s, exclusive ? 1 : 0);
  if (r.end < s.length && s.charCodeAt(r.end) !== 0) return null;
  if (r.value !== r.value) return null;
  return { value: r.value, exclusive };
}

/**
 * One end of a lex range, as zslParseLexRangeItem reads it: '-' or '+' alone, or '(' / '['
 * followed by the member. null when Redis answers "ERR min or max not valid string range item".
 * ('+' and '-' are checked as C strings, so a NUL may follow them.)
 */
export function parseLexBound(s: string): LexBound | null {
  switch (s.charCodeAt(0)) {
    case 43: // '+'
      return s.length === 1 || s.charCodeAt(1) === 0 ? LEX_MAX : null;
    case 45: // '-'
      return s.length === 1 || s.charCodeAt(1) === 0 ? LEX_MIN : null;
    case 40: // '('
      return { value: s.slice(1), exclusive: true };
    case 91: // '['
      return { value: s.slice(1), exclusive: false };
    default:
      return null;
  }
}
