/**
 * The member names of the open objects of one record, to catch a name given twice in the same
 * object. CloudTrail never writes one, and parsers disagree on which value counts (DuckDB
 * keeps the first, jq and JSON.parse the last), so such a record would show one thing in
 * Trailscope and another in the analyst's other tools.
 *
 * Nearly every object of a record has a few plain names: each new one is checked against a
 * 32-bit mask of what the object's earlier names look like, and compared with them as bytes
 * only when the mask cannot rule a match out. On the benchmark archive this costs 0.6 µs a
 * record, a fifth of reading the key (an open-addressing table of FNV hashes cost twice that;
 * measured in CPU time). An object past SMALL names, or with an escaped name, moves to a Set
 * of decoded names: V8 seeds its string hashes, so crafted names cannot make it quadratic.
 */

const SMALL = 32;

export class MemberNames {
  // Per name of the open small objects, innermost last: a summary (length and, mixed in, its
  // first and last bytes: equal names have equal summaries), start and end; per open object,
  // where its names start, and its Set once it has one.
  private ranges = new Int32Array(3 * 1024);
  private top = 0;
  private bases = new Int32Array(256);
  // Per open object, one bit per summary seen (mod 32): a name whose bit is clear is new
  // without comparing it to anything, as most are.
  private seen = new Int32Array(256);
  private sets: (Set<string> | null)[] = [];
  private depth = 0;
  private buf: Uint8Array = new Uint8Array(0);

  /** Starts a record held in `buf`; names are byte ranges of it. */
  startRecord(buf: Uint8Array): void {
    this.buf = buf;
    this.top = 0;
    this.depth = 0;
  }

  openObject(): void {
    if (this.depth === this.bases.length) {
      this.bases = grown(this.bases);
      this.seen = grown(this.seen);
    }
    this.bases[this.depth] = this.top;
    this.seen[this.depth] = 0;
    this.sets[this.depth++] = null;
  }

  closeObject(): void {
    this.top = this.bases[--this.depth]!;
    this.sets[this.depth] = null;
  }

  /**
   * Adds the name between `start` and `end` (the bytes inside its quotes) to the innermost
   * open object; false when that object already has a name that reads the same once escapes
   * are decoded.
   */
  add(start: number, end: number, escaped: boolean): boolean {
    const object = this.depth - 1;
    const base = this.bases[object]!;
    const top = this.top;
    if (escaped || top - base >= 3 * SMALL || this.sets[object] !== null)
      return this.addToSet(base, start, end, escaped);
    const buf = this.buf;
    const ranges = this.ranges;
    const summary = (end - start) | (buf[start]! << 20) | (buf[end - 1]! << 26);
    const bit = 1 << ((end - start + 7 * buf[start]! + 13 * buf[end - 1]!) & 31);
    const seen = this.seen[object]!;
    if ((seen & bit) !== 0) {
      for (let i = base; i < top; i += 3) {
        if (ranges[i] === summary && sameBytes(buf, start, end, ranges[i + 1]!, ranges[i + 2]!)) return false;
      }
    }
    this.seen[object] = seen | bit;
    if (top + 3 > ranges.length) this.ranges = grown(ranges);
    this.ranges[top] = summary;
    this.ranges[top + 1] = start;
    this.ranges[top + 2] = end;
    this.top = top + 3;
    return true;
  }

  private addToSet(base: number, start: number, end: number, escaped: boolean): boolean {
    const object = this.depth - 1;
    let set = this.sets[object];
    if (!set) {
      set = new Set<string>();
      for (let i = base; i < this.top; i += 3)
        set.add(decodedName(this.buf, this.ranges[i + 1]!, this.ranges[i + 2]!, false));
      this.top = base;
      this.sets[object] = set;
    }
    const name = decodedName(this.buf, start, end, escaped);
    if (set.has(name)) return false;
    set.add(name);
    return true;
  }
}

function sameBytes(buf: Uint8Array, start: number, end: number, otherStart: number, otherEnd: number): boolean {
  if (end - start !== otherEnd - otherStart) return false;
  for (let k = 0; k < end - start; k++) if (buf[start + k] !== buf[otherStart + k]) return false;
  return true;
}

function grown(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function decodedName(buf: Uint8Array, start: number, end: number, escaped: boolean): string {
  const raw = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
  return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
}
