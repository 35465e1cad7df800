import type * as DuckDB from '@duckdb/node-api';

/**
 * DuckDB's Linux builds allocate through their own jemalloc, which gives freed pages back to the
 * system within seconds; the next allocation then faults fresh pages in. Writing Parquet does that
 * all the time: exporting the 1M bench case took 0.75x the wall time (0.74-0.77) and 0.74x the CPU
 * with freed pages kept 10 s (`farm-bench -n 4 --vs`, whole processes; an ingest 0.97x, the lake's
 * queries unchanged), peaking at 1.07 GB against 0.94 GB, and at the same size once it was done.
 * jemalloc reads this once, as the library loads, so the library is loaded here and nowhere else
 * (test/integration/duckdb-library.test.ts). A value the user set is kept.
 */
export const DUCKDB_ALLOCATOR_CONF = 'dirty_decay_ms:10000,muzzy_decay_ms:10000';

let loaded: typeof DuckDB | null = null;

/** DuckDB's Node API, loaded on first use with the allocator set as above. */
export async function loadDuckDB(): Promise<typeof DuckDB> {
  if (loaded === null) {
    process.env.DUCKDB_JE_MALLOC_CONF ??= DUCKDB_ALLOCATOR_CONF;
    loaded = await import('@duckdb/node-api');
  }
  return loaded;
}

/**
 * The library, for code that holds a connection and so runs after a case opened it: its value
 * classes and enums (timestamps to append, statement types), without an await at every use.
 */
export function duckdb(): typeof DuckDB {
  if (loaded === null) throw new Error('DuckDB is used before any case was opened');
  return loaded;
}

/** A time (epoch ms) as DuckDB's TIMESTAMPTZ value, for parameters and appenders. */
export const timestampTZ = (epochMs: number) => new (duckdb().DuckDBTimestampTZValue)(BigInt(epochMs) * 1000n);
