/**
 * The bytes files read ahead may hold between them. Each file in flight has a lease; a lease
 * that would go over the budget waits until earlier files are done. The file in hand is
 * never held back (its lease is promoted), so one file always makes progress, whatever its
 * size.
 */
export class ReadAheadBudget {
  private available: number;
  private readonly waiting: { lease: Lease; bytes: number; grant: () => void }[] = [];

  constructor(total: number) {
    this.available = total;
  }

  lease(): Lease {
    return new Lease(this);
  }

  /** True when another file may start: nothing is waiting and some budget is left. */
  get hasRoom(): boolean {
    return this.waiting.length === 0 && this.available > 0;
  }

  /** For `Lease.take`: granted now (undefined) or later (the promise). */
  request(lease: Lease, bytes: number): Promise<void> | undefined {
    if (this.waiting.length === 0 && bytes <= this.available) {
      this.available -= bytes;
      return undefined;
    }
    return new Promise((grant) => this.waiting.push({ lease, bytes, grant }));
  }

  /** For `Lease.give`: bytes given back, with which the waiting are served in order. */
  giveBack(bytes: number): void {
    this.available += bytes;
    while (this.waiting.length > 0 && this.waiting[0]!.bytes <= this.available) {
      const next = this.waiting.shift()!;
      this.available -= next.bytes;
      next.lease.held += next.bytes;
      next.grant();
    }
  }

  /** For `Lease.promote`: what the lease waits for is granted, outside the budget. */
  unblock(lease: Lease): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i]!.lease === lease) this.waiting.splice(i, 1)[0]!.grant();
    }
  }

  /** A lease outside any budget: for files already in hand (the members of a nested archive). */
  static unbounded(): Lease {
    const lease = new ReadAheadBudget(0).lease();
    lease.promote();
    return lease;
  }
}

export class Lease {
  /** Bytes counted against the budget. */
  held = 0;
  private inHand = false;

  constructor(private readonly budget: ReadAheadBudget) {}

  /** Asks for `bytes` more; undefined when granted at once, else a promise of the grant. */
  take(bytes: number): Promise<void> | undefined {
    if (this.inHand || bytes === 0) return undefined;
    const wait = this.budget.request(this, bytes);
    if (!wait) this.held += bytes;
    return wait;
  }

  /** Gives back bytes no longer held (a gzip file's stored bytes once decompressed). */
  give(bytes: number): void {
    const returned = Math.min(bytes, this.held);
    this.held -= returned;
    this.budget.giveBack(returned);
  }

  /** The file became the one in hand: what it held no longer counts, and it waits no more. */
  promote(): void {
    if (this.inHand) return;
    this.inHand = true;
    this.budget.unblock(this);
    this.give(this.held);
  }

  release(): void {
    this.give(this.held);
  }
}
