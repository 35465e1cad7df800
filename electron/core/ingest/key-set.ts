/**
 * The event keys already in the case or staged by this ingest, as 64-bit fingerprints in an
 * open-addressing table (8 bytes a key: 5M events take 64 MB, where a Set of the strings
 * took about ten times that). A fingerprint match only sends a record down DuckDB's checked
 * path, so a collision costs time, never an event.
 */
export class KeySet {
  private slots = new Uint32Array(2 * 1024 * 1024);
  private size = 0;

  /** Adds the fingerprint; returns false when it was already there. */
  add(key: { high: number; low: number }): boolean {
    return this.put(key.high, key.low === 0 && key.high === 0 ? 1 : key.low);
  }

  private put(high: number, low: number): boolean {
    if (this.size * 4 >= (this.slots.length / 2) * 3) this.grow();
    const mask = this.slots.length / 2 - 1;
    for (let i = (high ^ Math.imul(low, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      const h = this.slots[2 * i]!;
      const l = this.slots[2 * i + 1]!;
      if (h === 0 && l === 0) {
        this.slots[2 * i] = high;
        this.slots[2 * i + 1] = low;
        this.size++;
        return true;
      }
      if (h === high && l === low) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0 || old[i + 1] !== 0) this.put(old[i]!, old[i + 1]!);
    }
  }
}

const AT = 0x40;
const PERCENT = 0x25;
const TWO = 0x32;
const FOUR = 0x34;
const FIVE = 0x35;
const ZERO = 0x30;

/** Two independent 32-bit hashes over the UTF-8 bytes of one key, fed in parts. */
export class Fingerprint {
  high = 0;
  low = 0;
  private a = 0;
  private b = 0;

  start(): this {
    this.a = 0x811c9dc5;
    this.b = 0x2545f491;
    return this;
  }

  bytes(buf: Uint8Array, from: number, to: number): this {
    for (let i = from; i < to; i++) this.byte(buf[i]!);
    return this;
  }

  byte(byte: number): this {
    this.a = Math.imul(this.a ^ byte, 0x01000193);
    const b = Math.imul(this.b ^ byte, 0x5bd1e995);
    this.b = b ^ (b >>> 15);
    return this;
  }

  finish(): this {
    this.high = this.a >>> 0;
    this.low = (this.b ^ (this.a >>> 13)) >>> 0;
    return this;
  }

  /**
   * The key `eventID@account` from a record's bytes, `%` and `@` in the eventID escaped as the
   * stored key has them (normalize-sql.ts#eventKeyExpression); `accountStart` is -1 when
   * there is no account.
   */
  ofRecordKey(buf: Uint8Array, idStart: number, idEnd: number, accountStart: number, accountEnd: number): this {
    this.start();
    for (let i = idStart; i < idEnd; i++) {
      const b = buf[i]!;
      if (b === PERCENT) this.byte(PERCENT).byte(TWO).byte(FIVE);
      else if (b === AT) this.byte(PERCENT).byte(FOUR).byte(ZERO);
      else this.byte(b);
    }
    this.byte(AT);
    if (accountStart >= 0) this.bytes(buf, accountStart, accountEnd);
    return this.finish();
  }

  /** A key as stored in the case. */
  ofStoredKey(key: string): this {
    const bytes = Buffer.from(key, 'utf8');
    return this.start().bytes(bytes, 0, bytes.length).finish();
  }
}
