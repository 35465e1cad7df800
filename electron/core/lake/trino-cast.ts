import { isWord, render, type SqlNode, trim } from './sql-tree.ts';
import { unportable } from './unportable.ts';

const TYPES: Record<string, string> = {
  VARCHAR: 'VARCHAR',
  TEXT: 'VARCHAR',
  STRING: 'VARCHAR',
  INTEGER: 'INTEGER',
  INT: 'INTEGER',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
  JSON: 'JSON',
};

/**
 * `CAST(x AS T)` / `TRY_CAST(x AS T)` from the items inside the parentheses. Casting text to JSON
 * parses it in DuckDB but makes a JSON string of it in Trino, so that cast is json_parse; casting
 * JSON to text gives its JSON text in DuckDB but fails on objects in Trino, so that is json_format.
 */
export function trinoCast(kind: 'CAST' | 'TRY_CAST', items: readonly SqlNode[]): string {
  const asAt = items.findLastIndex((node) => isWord(node, 'AS'));
  if (asAt === -1) unportable(`${kind} without AS`);
  const value = render(trim(items.slice(0, asAt))).trim();
  const type = trinoType(items.slice(asAt + 1));
  if (type === 'JSON') return kind === 'CAST' ? `json_parse(${value})` : `try(json_parse(${value}))`;
  if (type === 'VARCHAR' && /^json_extract\(/.test(value)) return `json_format(${value})`;
  return `${kind}(${value} AS ${type})`;
}

/** A DuckDB type name in Trino's spelling: `T[]` is `ARRAY(T)`; a type a lake cannot hold is unportable. */
function trinoType(nodes: readonly SqlNode[]): string {
  const [name, ...suffix] = trim(nodes);
  const base = name?.kind === 'word' ? TYPES[name.text.toUpperCase()] : undefined;
  if (!base) return unportable(`cast to ${render(nodes).trim()}: not a type the lake and Trino share`);
  return suffix.reduce((type, node) => {
    if (node.kind !== 'group' || node.open !== '[' || node.items.length > 0)
      unportable(`cast to ${render(nodes).trim()}`);
    return `ARRAY(${type})`;
  }, base);
}
