import { render, type SqlNode } from './sql-tree.ts';
import { unportable } from './unportable.ts';

/*
 * DuckDB functions as Trino (and so Athena engine 3) calls them. Each entry keeps DuckDB's
 * meaning, not just its name: where the two differ on an edge a detection can meet (no match,
 * a NULL argument, an index past the end), the rendering spells DuckDB's answer out. A function
 * in neither table makes the rule unportable: guessing would give a query that runs and answers
 * something else.
 */

/** An argument: its Trino text, and its nodes to look at (is it a literal?). */
export interface Argument {
  text: string;
  nodes: readonly SqlNode[];
}

type Rendering = (args: readonly Argument[]) => string;

/** Functions with the same name, arguments and meaning in both. */
export const SAME_IN_TRINO = new Set([
  'abs',
  'avg',
  'bool_and',
  'bool_or',
  'cardinality',
  'ceil',
  'coalesce',
  'concat_ws',
  'count',
  'date_trunc',
  'dense_rank',
  'element_at',
  'exists',
  'first_value',
  'flatten',
  'floor',
  'if',
  'lag',
  'last_value',
  'lead',
  'lower',
  'ltrim',
  'max',
  'min',
  'nullif',
  'rank',
  'regexp_extract_all',
  'replace',
  'reverse',
  'round',
  'row_number',
  'rtrim',
  'starts_with',
  'strpos',
  'substr',
  'substring',
  'sum',
  'try',
  'upper',
]);

/** Names only the translation writes: known to Trino, never left over from DuckDB. */
export const WRITTEN_FOR_TRINO = new Set([
  'array_agg',
  'array_distinct',
  'array_join',
  'array_max',
  'array_min',
  'array_sort',
  'arrays_overlap',
  'concat',
  'contains',
  'date_add',
  'date_diff',
  'filter',
  'hour',
  'is_json_scalar',
  'json_array_length',
  'json_extract',
  'json_extract_scalar',
  'json_format',
  'json_parse',
  'greatest',
  'least',
  'length',
  'max_by',
  'min_by',
  'minute',
  'regexp_extract',
  'regexp_like',
  'regexp_replace',
  'split',
  'split_part',
  'to_unixtime',
  'transform',
  'with_timezone',
]);

/** Functions that cannot be rendered faithfully, with the reason a reader of UNPORTABLE.md gets. */
const NO_COUNTERPART: Record<string, string> = {
  json_type: 'json_type: Trino has no function naming a JSON value’s type',
  json_keys: 'json_keys: Trino has no function listing a JSON object’s keys',
  unnest: 'unnest in a select list: Trino unnests only in FROM (CROSS JOIN UNNEST)',
  struct_pack: 'struct_pack: Trino builds rows only with a cast to a named ROW type',
  list_sum: 'list_sum: Trino has no array sum, and reduce() differs on empty and NULL lists',
  list_bool_or: 'list_bool_or: any_match() answers false, not NULL, for an empty list',
  time_bucket: 'time_bucket with this width: Trino has no bucketing aligned like DuckDB’s',
  least: 'least with more than two arguments: Trino’s answers NULL when any argument is NULL',
  greatest: 'greatest with more than two arguments: Trino’s answers NULL when any argument is NULL',
  now: 'now(): the time of the query differs between engines and sessions',
  strftime: 'strftime: Trino’s date_format takes other format codes',
};

const RENAMED: Record<string, string> = {
  list: 'array_agg',
  arg_min: 'min_by',
  arg_max: 'max_by',
  list_filter: 'filter',
  list_transform: 'transform',
  list_contains: 'contains',
  list_has: 'contains',
  list_sort: 'array_sort',
  list_max: 'array_max',
  list_min: 'array_min',
  list_has_any: 'arrays_overlap',
  array_length: 'cardinality',
  list_element: 'element_at',
  list_extract: 'element_at',
  string_split: 'split',
  str_split: 'split',
  array_to_string: 'array_join',
};

const call = (name: string, args: readonly Argument[]) => `${name}(${args.map((a) => a.text).join(', ')})`;

/** DuckDB answers '' where Trino answers NULL (no match, no such part); NULL input stays NULL. */
const emptyUnlessNull = (trino: string, input: string) =>
  `coalesce(${trino}, CASE WHEN ${input} IS NOT NULL THEN '' END)`;

const SPECIAL: Record<string, Rendering> = {
  json_extract_string: (args) => jsonText(withPath(args)),
  json_extract: (args) => call('json_extract', withPath(args)),
  // DuckDB's json_exists is true for a key holding null; json_extract then gives JSON null, not SQL NULL.
  json_exists: (args) => `(${call('json_extract', withPath(args))} IS NOT NULL)`,
  json_array_length: (args) =>
    args.length === 1 ? jsonArrayLength(args[0]!.text) : jsonArrayLength(call('json_extract', withPath(args))),
  json_valid: ([json]) => `CASE WHEN ${json!.text} IS NOT NULL THEN try(json_parse(${json!.text})) IS NOT NULL END`,
  regexp_matches: (args) => {
    if (args.length === 2) return call('regexp_like', args);
    return call('regexp_like', [args[0]!, withRegexOptions(args[1]!, args[2]!)]);
  },
  regexp_full_match: (args) => {
    const pattern = stringLiteral(args[1]!, 'regexp_full_match');
    return call('regexp_like', [args[0]!, literal(`^(?:${pattern})$`)]);
  },
  regexp_extract: (args) => {
    if (args.length > 3) unportable('regexp_extract with options');
    if (args[2] && !/^[0-9]+$/.test(args[2].text)) unportable('regexp_extract naming its groups');
    return emptyUnlessNull(call('regexp_extract', args), args[0]!.text);
  },
  regexp_replace: (args) => {
    const pattern = stringLiteral(args[1]!, 'regexp_replace');
    const options = args[3] ? stringLiteral(args[3], 'regexp_replace') : '';
    if (/[^g]/.test(options)) unportable(`regexp_replace with options '${options}'`);
    // DuckDB replaces the first match unless 'g'; Trino replaces every match. An anchored pattern matches once.
    if (!options.includes('g') && !pattern.startsWith('^') && !/(^|[^\\])\$$/.test(pattern))
      unportable('regexp_replace of the first match only: Trino replaces every match');
    const replacement = stringLiteral(args[2]!, 'regexp_replace').replace(/\\(\d)/g, '$$$1');
    return call('regexp_replace', [args[0]!, args[1]!, literal(replacement)]);
  },
  split_part: (args) => {
    if (!/^[1-9][0-9]*$/.test(args[2]!.text))
      unportable('split_part with an index Trino does not take (≤ 0 or computed)');
    return emptyUnlessNull(call('split_part', args), `${args[0]!.text} || ${args[1]!.text}`);
  },
  ends_with: ([text, suffix]) => `(strpos(reverse(${text!.text}), reverse(${suffix!.text})) = 1)`,
  contains: ([text, part]) => `(strpos(${text!.text}, ${part!.text}) > 0)`,
  len: ([value]) => lengthOf(value!),
  length: ([value]) => lengthOf(value!),
  concat: (args) =>
    call(
      'concat',
      args.map((a) => ({ ...a, text: `coalesce(${a.text}, '')` })),
    ),
  list_distinct: ([list]) => `filter(array_distinct(${list!.text}), x -> x IS NOT NULL)`,
  list_concat: (args) => {
    if (args.length !== 2) unportable('list_concat of other than two lists');
    const [a, b] = args.map((arg) => arg.text);
    return `CASE WHEN ${a} IS NULL THEN ${b} WHEN ${b} IS NULL THEN ${a} ELSE concat(${a}, ${b}) END`;
  },
  string_agg: (args) => `array_join(array_agg(${args[0]!.text}), ${args[1]?.text ?? "','"})`,
  trim: (args) => (args.length === 1 ? call('trim', args) : `trim(BOTH ${args[1]!.text} FROM ${args[0]!.text})`),
  least: (args) => twoWay('least', args),
  greatest: (args) => twoWay('greatest', args),
  epoch: ([time]) => `to_unixtime(with_timezone(${time!.text}, 'UTC'))`,
  epoch_ms: ([time]) => `CAST(floor(to_unixtime(with_timezone(${time!.text}, 'UTC')) * 1000) AS BIGINT)`,
  // DuckDB's date_diff counts the boundaries crossed, Trino's the whole units elapsed.
  date_diff: ([part, a, b]) =>
    `date_diff(${part!.text}, date_trunc(${part!.text}, ${a!.text}), date_trunc(${part!.text}, ${b!.text}))`,
  date_sub: (args) => call('date_diff', args),
  time_bucket: ([width, time]) => timeBucket(width!, time!),
  list_value: (args) => `ARRAY[${args.map((a) => a.text).join(', ')}]`,
};

/** Trino's function (and rewritten arguments) for a DuckDB call; throws Unportable when there is none. */
export function trinoCall(name: string, args: readonly Argument[]): string {
  const lower = name.toLowerCase();
  const special = SPECIAL[lower];
  if (special) return special(args);
  if (lower in NO_COUNTERPART) unportable(NO_COUNTERPART[lower]!);
  const renamed = RENAMED[lower];
  if (renamed) return call(renamed, args);
  if (SAME_IN_TRINO.has(lower)) return call(name, args);
  return unportable(`${name}: no Trino function known to do the same`);
}

/**
 * DuckDB's ->> gives a scalar's text and an object's or array's JSON text; Trino's
 * json_extract_scalar gives NULL for the latter, so those go through json_format.
 */
function jsonText(args: readonly Argument[]): string {
  const value = call('json_extract', args);
  return `CASE WHEN is_json_scalar(${value}) THEN ${call('json_extract_scalar', args)} ELSE json_format(${value}) END`;
}

/** DuckDB gives 0 for JSON that is not an array, Trino NULL; NULL input stays NULL in both. */
function jsonArrayLength(json: string): string {
  return `CASE WHEN ${json} IS NOT NULL THEN coalesce(json_array_length(${json}), 0) END`;
}

function twoWay(name: string, args: readonly Argument[]): string {
  if (args.length !== 2) unportable(NO_COUNTERPART[name]!);
  // DuckDB skips NULL arguments; Trino's answer would be NULL.
  const [a, b] = args.map((arg) => arg.text);
  return `${name}(coalesce(${a}, ${b}), coalesce(${b}, ${a}))`;
}

/** len()/length() of a list is Trino's cardinality; of text, its length. */
function lengthOf(value: Argument): string {
  const text = value.text.trim();
  const isText = value.nodes.length === 1 && value.nodes[0]!.kind === 'string';
  const isList =
    /^(ARRAY\[|filter\(|transform\(|array_|flatten\(|split\(|regexp_extract_all\(|CASE WHEN .* THEN concat\()/.test(
      text,
    );
  if (isText) return `length(${text})`;
  if (isList) return `cardinality(${text})`;
  return unportable(`len(${text}): cannot tell whether it measures text or a list`);
}

/** time_bucket of a width that divides the hour or the day lands on the same bounds as DuckDB's. */
function timeBucket(width: Argument, time: Argument): string {
  const match = /^INTERVAL '([0-9]+)' (SECOND|MINUTE|HOUR|DAY)$/.exec(width.text);
  if (!match) return unportable(NO_COUNTERPART.time_bucket!);
  const n = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  if (n === 1) return `date_trunc('${unit}', ${time.text})`;
  if (unit === 'minute' && 60 % n === 0)
    return `date_add('minute', -(minute(${time.text}) % ${n}), date_trunc('minute', ${time.text}))`;
  if (unit === 'hour' && 24 % n === 0)
    return `date_add('hour', -(hour(${time.text}) % ${n}), date_trunc('hour', ${time.text}))`;
  return unportable(NO_COUNTERPART.time_bucket!);
}

function withRegexOptions(pattern: Argument, options: Argument): Argument {
  const flags = stringLiteral(options, 'regexp_matches');
  if (flags === '') return pattern;
  if (flags !== 'i') unportable(`regexp_matches with options '${flags}'`);
  return literal(`(?i)${stringLiteral(pattern, 'regexp_matches')}`);
}

/** The path argument, in the JSONPath subset Trino's json_extract reads. */
function withPath(args: readonly Argument[]): Argument[] {
  if (args.length !== 2) unportable('JSON extraction with a list of paths');
  return [args[0]!, literal(trinoJsonPath(stringLiteral(args[1]!, 'a JSON path')))];
}

/**
 * DuckDB reads `$.a.b`, `$."odd key"`, `$.a[0]`, a bare key, and wildcards (which return a list);
 * Trino's json_extract reads `$.a.b`, `$["odd key"]` and `$.a[0]`, and no wildcard.
 */
export function trinoJsonPath(path: string): string {
  if (!path.startsWith('$')) {
    if (path.startsWith('/')) unportable(`JSON pointer ${path}`);
    return `$["${path.replaceAll('"', '\\"')}"]`;
  }
  let out = '$';
  const steps = /\.([A-Za-z_][A-Za-z0-9_]*)|\."((?:[^"\\]|\\.)*)"|\[([0-9]+)\]/y;
  let at = 1;
  while (at < path.length) {
    steps.lastIndex = at;
    const step = steps.exec(path);
    if (!step) unportable(`JSON path ${path}: wildcards and this syntax return lists in DuckDB, Trino has no match`);
    if (step[1] !== undefined) out += `.${step[1]}`;
    else if (step[2] !== undefined) out += `["${step[2]}"]`;
    else out += `[${step[3]}]`;
    at = steps.lastIndex;
  }
  return out;
}

/** The value of a string literal argument; anything computed is unportable for `what`. */
export function stringLiteral(arg: Argument, what: string): string {
  const node = arg.nodes.length === 1 ? arg.nodes[0] : undefined;
  if (node?.kind !== 'string') unportable(`${what} must be a string literal, not ${render(arg.nodes)}`);
  return node.text.slice(1, -1).replaceAll("''", "'");
}

export function literal(value: string): Argument {
  const text = `'${value.replaceAll("'", "''")}'`;
  return { text, nodes: [{ kind: 'string', text }] };
}
