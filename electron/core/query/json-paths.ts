import type { JsonPath } from '../../../shared/model/query.ts';
import { holdsHiddenCharacter } from '../../../shared/visible-text.ts';

/** Deeper than any AWS response; a crafted record nested deeper is walked this far. */
const MAX_DEPTH = 32;
/** Longer keys are data, not a name anyone completes. */
const MAX_KEY_CHARS = 200;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One record's JSON column, and the kind of event it belongs to. */
export interface JsonSample {
  column: string;
  eventName: string;
  /** The column's text as stored; null or text that does not parse adds nothing. */
  json: string | null;
}

/**
 * A key as a step of DuckDB's JSON path: a plain name as is, any other quoted with JSON's
 * escapes (`$."x-amz-acl"`, measured against DuckDB 1.5's `->>`); keys with hidden or control
 * characters (a direction override would reorder the SQL it completes) or too long to be a name,
 * which no one types, are left out.
 */
function step(key: string): string | null {
  if (key.length > MAX_KEY_CHARS || holdsHiddenCharacter(key)) return null;
  return PLAIN_KEY.test(key) ? `.${key}` : `.${JSON.stringify(key)}`;
}

/**
 * Every path of object keys in the samples, array positions written `[*]` (DuckDB then
 * answers the list of every element's value), with how many samples have it and which kinds
 * of event. Most widely used first: by kinds of event, then by samples. At most `limit` per column.
 */
export function jsonPaths(samples: Iterable<JsonSample>, limit: number): JsonPath[] {
  const found = new Map<string, { column: string; path: string; count: number; kinds: Set<string> }>();
  for (const { column, eventName, json } of samples) {
    if (json === null) continue;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      continue;
    }
    const seen = new Set<string>();
    const visit = (node: unknown, path: string, depth: number): void => {
      if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        for (const item of node) visit(item, `${path}[*]`, depth + 1);
        return;
      }
      for (const [key, child] of Object.entries(node)) {
        const next = step(key);
        if (next === null) continue;
        const full = path + next;
        if (!seen.has(full)) {
          seen.add(full);
          const id = `${column}\u0000${full}`;
          const entry = found.get(id) ?? { column, path: full, count: 0, kinds: new Set<string>() };
          entry.count++;
          entry.kinds.add(eventName);
          found.set(id, entry);
        }
        visit(child, full, depth + 1);
      }
    };
    visit(value, '$', 0);
  }
  const ranked = [...found.values()]
    .map(({ kinds, ...rest }) => ({ ...rest, kinds: kinds.size, event_name: [...kinds].sort()[0] ?? '' }))
    .sort(
      (a, b) =>
        a.column.localeCompare(b.column) || b.kinds - a.kinds || b.count - a.count || a.path.localeCompare(b.path),
    );
  const perColumn = new Map<string, number>();
  return ranked.filter((p) => {
    const n = (perColumn.get(p.column) ?? 0) + 1;
    perColumn.set(p.column, n);
    return n <= limit;
  });
}
