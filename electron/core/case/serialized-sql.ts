/**
 * Readings of the JSON trees DuckDB gives for SQL: `json_serialize_sql` (the parsed statement)
 * and `json_serialize_plan` (the optimized plan). Both are walked whole, so nothing nested in a
 * subquery, a CTE or an expression is missed.
 */

/** The table functions a parsed statement calls in its FROMs, lower-cased as DuckDB looks them up. */
export function tableFunctionsCalled(parsed: unknown): Set<string> {
  const found = new Set<string>();
  eachNode(parsed, (fields) => {
    const called = fields.function as { function_name?: unknown } | undefined;
    if (fields.type === 'TABLE_FUNCTION' && typeof called?.function_name === 'string')
      found.add(called.function_name.toLowerCase());
  });
  return found;
}

/** Every function a parsed statement names, scalar, aggregate, window or table, lower-cased. */
export function functionsCalled(parsed: unknown): Set<string> {
  const found = new Set<string>();
  eachNode(parsed, (fields) => {
    if (typeof fields.function_name === 'string') found.add(fields.function_name.toLowerCase());
  });
  return found;
}

/** The table functions an optimized plan scans with. */
export function tableFunctionsOfPlan(plan: unknown): Set<string> {
  const found = new Set<string>();
  eachNode(plan, (fields) => {
    if (fields.type === 'LOGICAL_GET' && typeof fields.name === 'string') found.add(fields.name);
  });
  return found;
}

/** Every object of a tree, parents first. */
export function eachNode(node: unknown, visit: (fields: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) eachNode(child, visit);
  } else if (node !== null && typeof node === 'object') {
    const fields = node as Record<string, unknown>;
    visit(fields);
    for (const value of Object.values(fields)) eachNode(value, visit);
  }
}
