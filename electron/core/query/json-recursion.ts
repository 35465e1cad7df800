import { eachNode } from '../case/serialized-sql.ts';

/**
 * DuckDB functions that recurse once for each level of a JSON value's nesting, on the thread's
 * stack, with no limit of their own: past some tens of thousands of levels the stack overflows
 * and the whole process ends (a segmentation fault, which no error handler sees). A record that
 * deep is refused by ingest (1,000 levels), but a lake or a case made elsewhere can hold one, and
 * console SQL can build one (`repeat('[', 100000)`). Each was found by running every function of
 * DuckDB's JSON extension on values 100,000 and 1,000,000 levels deep (DuckDB 1.5, 2026-12):
 * these end the process; the others answer, or fail within the case's memory limit.
 *
 * The check reads the statement as DuckDB's parser gives it, before anything is bound: DuckDB
 * folds constants while it plans, so `json_structure('[[[…')` runs, and crashes, at the bind.
 */
const ENDS_THE_PROCESS_ON_DEEP_VALUES = new Map<string, string | null>([
  ['json_structure', 'json_type() and json_keys() describe a value level by level'],
  ['json_group_structure', 'json_type() and json_keys() describe a value level by level'],
  ['json_contains', "compare the fields themselves, e.g. record->>'$.eventName' = 'x'"],
  ['json_merge_patch', 'json_object() builds a value from the fields it needs'],
  // The first recurses through the tree it is given; the second binds the SQL it is given, where
  // a structure (below) becomes a type past this check.
  ['json_deserialize_sql', null],
  ['json_serialize_plan', null],
]);

/** The functions whose second argument is a structure: DuckDB makes it a type, a level at a time. */
const TYPED_BY_STRUCTURE = new Set(['from_json', 'from_json_strict', 'json_transform', 'json_transform_strict']);

/** Far past any real structure (Trailscope's own nest at most 3 deep), far below what crashed (10,000). */
export const MAX_STRUCTURE_NESTING = 100;

/** Why console SQL may not run this parsed statement (json_serialize_sql's tree), or null. */
export function jsonRecursionRefusal(parsed: unknown): string | null {
  let refusal: string | null = null;
  eachNode(parsed, (node) => {
    if (refusal !== null || typeof node.function_name !== 'string') return;
    const name = node.function_name.toLowerCase();
    if (ENDS_THE_PROCESS_ON_DEEP_VALUES.has(name)) {
      const instead = ENDS_THE_PROCESS_ON_DEEP_VALUES.get(name);
      refusal = `calls ${name}(), which recurses through its argument's nesting${instead ? ` (${instead})` : ''}`;
    } else if (TYPED_BY_STRUCTURE.has(name) && Array.isArray(node.children) && node.children.length > 1) {
      const nesting = literalNesting(node.children[1]);
      const rule = `which it makes a type level by level (a string literal of at most ${MAX_STRUCTURE_NESTING} levels)`;
      if (nesting === null) refusal = `calls ${name}() with a structure that is not a string literal, ${rule}`;
      else if (nesting > MAX_STRUCTURE_NESTING)
        refusal = `calls ${name}() with a structure nested ${nesting.toLocaleString('en-US')} levels deep, ${rule}`;
    }
  });
  return refusal;
}

/** How deep the brackets of a string constant (or a cast of one) nest, or null for anything else. */
function literalNesting(argument: unknown): number | null {
  let node = argument as Record<string, unknown> | null;
  while (node?.class === 'CAST') node = node.child as Record<string, unknown> | null;
  const value = (node?.value ?? null) as { is_null?: unknown; value?: unknown } | null;
  if (node?.class !== 'CONSTANT' || typeof value?.value !== 'string') return null;
  return bracketNesting(value.value);
}

/** The deepest nesting of [ and { outside JSON strings, counted without recursion. */
export function bracketNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return deepest;
}
