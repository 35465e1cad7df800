const DIGEST_WORDS = 8;
/** A slot: the digest's eight words, then two words of value. */
const SLOT_WORDS = DIGEST_WORDS + 2;

/**
 * SHA-256 digests (as the 64 lowercase hex digits ingest writes), each with two numbers, in one
 * open-addressing table of 40-byte slots: what ingest remembers of every file of a case. Held as
 * strings in a Set and a Map, a file cost 772 bytes of V8's heap, and a case of 5M files 3.8 GB
 * of the 4.1 GB a process may have (and V8 refuses a Map past 2^24 entries); here it costs 40 to
 * 80 bytes, outside the heap.
 *
 * Keys are compared whole, never by a fingerprint: a key taken for another would skip a file
 * as already loaded. A SHA-256 is uniform, so its first word indexes the table. A string that
 * is not a SHA-256 in hex (a crafted case's) is no key: nothing is found or stored under it.
 */
export class DigestTable {
  private slots = new Uint32Array(SLOT_WORDS * 2 ** 14);
  private count = 0;
  /** The key in hand, as words: one array for every call, not one a call. */
  private readonly words = new Uint32Array(DIGEST_WORDS);

  get size(): number {
    return this.count;
  }

  has(digest: string): boolean {
    return this.parse(digest) && this.find() >= 0;
  }

  /** The two values stored with `digest`, or null. */
  get(digest: string): [number, number] | null {
    const slot = this.parse(digest) ? this.find() : -1;
    return slot < 0 ? null : [this.slots[slot + DIGEST_WORDS]! - 1, this.slots[slot + DIGEST_WORDS + 1]!];
  }

  /**
   * Stores `digest` with its values (up to 2^31 - 1 and 2^32 - 1) unless it is there already, or
   * is no digest; returns whether it was added.
   */
  add(digest: string, first = 0, second = 0): boolean {
    if (!(isUint(first, 0x7fffffff) && isUint(second, 0xffffffff)))
      throw new RangeError(
        `DigestTable holds a first value up to 2^31 - 1 and a second up to 2^32 - 1, not ${first} and ${second}`,
      );
    if (!this.parse(digest) || this.find() >= 0) return false;
    if ((this.count + 1) * 4 > this.capacity * 3) this.grow();
    this.put(this.words, first + 1, second);
    this.count++;
    return true;
  }

  /** Reads `digest` into `words`; false when it is not 64 lowercase hex digits. */
  private parse(digest: string): boolean {
    if (digest.length !== DIGEST_WORDS * 8) return false;
    for (let w = 0; w < DIGEST_WORDS; w++) {
      let word = 0;
      for (let c = w * 8; c < w * 8 + 8; c++) {
        const code = digest.charCodeAt(c);
        const digit = code >= 0x30 && code <= 0x39 ? code - 0x30 : code >= 0x61 && code <= 0x66 ? code - 0x57 : -1;
        if (digit < 0) return false;
        word = (word << 4) | digit;
      }
      this.words[w] = word >>> 0;
    }
    return true;
  }

  private get capacity(): number {
    return this.slots.length / SLOT_WORDS;
  }

  /** The slot holding `words`, or -1. The first value is stored plus one, so 0 marks a free slot. */
  private find(): number {
    const { words, slots } = this;
    const mask = this.capacity - 1;
    for (let i = words[0]! & mask; ; i = (i + 1) & mask) {
      const slot = i * SLOT_WORDS;
      if (slots[slot + DIGEST_WORDS] === 0) return -1;
      if (sameDigest(slots, slot, words)) return slot;
    }
  }

  private put(words: Uint32Array, storedFirst: number, second: number): void {
    const mask = this.capacity - 1;
    let i = words[0]! & mask;
    while (this.slots[i * SLOT_WORDS + DIGEST_WORDS] !== 0) i = (i + 1) & mask;
    const slot = i * SLOT_WORDS;
    this.slots.set(words, slot);
    this.slots[slot + DIGEST_WORDS] = storedFirst;
    this.slots[slot + DIGEST_WORDS + 1] = second;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let slot = 0; slot < old.length; slot += SLOT_WORDS) {
      if (old[slot + DIGEST_WORDS] !== 0)
        this.put(old.subarray(slot, slot + DIGEST_WORDS), old[slot + DIGEST_WORDS]!, old[slot + DIGEST_WORDS + 1]!);
    }
  }
}

const isUint = (value: number, max: number) => Number.isInteger(value) && value >= 0 && value <= max;

function sameDigest(slots: Uint32Array, slot: number, words: Uint32Array): boolean {
  for (let w = 0; w < DIGEST_WORDS; w++) if (slots[slot + w] !== words[w]) return false;
  return true;
}
