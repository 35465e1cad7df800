/**
 * DuckDB's block allocator (DuckDB 1.5) hands out its fixed-size blocks from one region it maps
 * once and reuses, where the default allocator gives each freed block back to the system and
 * takes fresh pages, each a page fault, for the next. On these VMs a page fault is dear, and
 * storing rows faults in every block it fills: whole ingests of the 1M bench archive took 0.87x
 * the wall time with it (0.86-1.01) and 0.91x the CPU, at the same peak RSS. A lake's queries
 * gained nothing measurable.
 *
 * Each instance that uses it maps 80% of the machine's free memory, and a process holding four
 * such maps can no longer start a child (spawn fails with ENOMEM; a report's PDF is printed by a
 * Chromium child). So one case at a time in a process takes it: the first to ingest while no
 * other open case holds it, which keeps it until it closes. Taken at the ingest rather than at
 * the open, because a face opens the next case before it closes the one in use: the case the
 * analyst switched to would find it still held by the one being closed.
 */
const BLOCK_ALLOCATOR_MEMORY = '1GiB';

let holder: symbol | null = null;

/**
 * The setting for a case about to ingest, or null when another open case holds the allocator.
 * 1 GiB is above ingest's 800 MB limit, so every block an ingest uses is reused; what it holds
 * is not given back until the case closes (DuckDB never lowers it), so a process keeps up to
 * this much after a large ingest or query.
 */
export function claimBlockAllocator(owner: symbol): string | null {
  if (holder !== null && holder !== owner) return null;
  holder = owner;
  return BLOCK_ALLOCATOR_MEMORY;
}

/** Called as the case closes: the next case to ingest may take it. */
export function releaseBlockAllocator(owner: symbol): void {
  if (holder === owner) holder = null;
}
