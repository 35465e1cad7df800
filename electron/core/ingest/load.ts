import { type Decoded, decode } from './decode.ts';
import type { IngestLimits } from './limits.ts';
import type { Lease } from './read-ahead-budget.ts';
import type { Origin, WalkItem } from './walk.ts';

/**
 * A walk item with its bytes read and decoded. A `cut` item is a member its archive ends
 * inside of; the archive's own row reports it.
 */
export type Loaded =
  | Exclude<WalkItem, { type: 'file' }>
  | (Origin & { type: 'file'; decoded: Decoded; problems: string[]; diskBytes: number; depth: number })
  | (Origin & { type: 'cut'; diskBytes: number });

/**
 * Reads and decodes one item, counting what it holds against its lease. Once a gzip file
 * is decompressed its stored bytes are let go, and given back to the budget.
 */
export async function load(item: WalkItem, lease: Lease, limits: IngestLimits): Promise<Loaded> {
  if (item.type !== 'file') return item;
  const origin = { path: item.path, member: item.member, diskBytes: item.diskBytes };
  const stored = await item.read(lease);
  if (!stored.ok)
    return stored.cut
      ? { ...origin, type: 'cut' }
      : { ...origin, type: 'unreadable', size: item.size, message: stored.message };
  const decoded = await decode(stored.bytes, { maxContentBytes: limits.maxFileBytes, lease });
  if (decoded.content !== stored.bytes) lease.give(stored.bytes.length);
  // Written out, not spread: every file passes here (see `WalkItem`).
  return {
    path: item.path,
    member: item.member,
    diskBytes: item.diskBytes,
    type: 'file',
    decoded,
    problems: item.notes.concat(stored.problems),
    depth: item.depth,
  };
}
