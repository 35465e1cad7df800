import type { JsonValue } from '../../../shared/model/json.ts';
import type { QueryColumn } from '../../../shared/model/query.ts';

/** A value as one line of text: lists, structs and maps as JSON. */
export function cellText(value: JsonValue): string {
  if (value === null) return 'NULL';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Values worth opening in the viewer: JSON text, and DuckDB's nested types. */
export function isStructured(column: QueryColumn, value: JsonValue): boolean {
  return value !== null && (typeof value === 'object' || /^(JSON|STRUCT|MAP|UNION)|\[\]$/.test(column.type));
}
