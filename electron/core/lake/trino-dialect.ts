import { LAKE_TABLES } from './lake-layout.ts';
import {
  type Group,
  isOp,
  isSignificant,
  isWord,
  nextSignificant,
  parseTree,
  previousSignificant,
  render,
  type SqlNode,
  splitArguments,
  type Token,
  tokenize,
  trim,
} from './sql-tree.ts';
import { trinoCast } from './trino-cast.ts';
import { type Argument, SAME_IN_TRINO, trinoCall, WRITTEN_FOR_TRINO } from './trino-functions.ts';
import { Unportable, unportable } from './unportable.ts';

/**
 * A detection's DuckDB SQL in the dialect of Trino and Athena engine 3, or why it cannot be: a
 * construct Trino lacks, or one whose Trino spelling would answer differently. There is no
 * Trino here to ask, so what is not known to be the same is refused, never guessed.
 */
export type TrinoTranslation = { ok: true; sql: string } | { ok: false; reason: string };

export function toTrino(duckdbSql: string): TrinoTranslation {
  try {
    const tree = parseTree(duckdbSql.trim().replace(/;\s*$/, ''));
    refuseDuckDbOnly(tree);
    refuseUnknownTables(tree);
    const sql = render(rewrite(tree));
    const left = duckdbLeftovers(sql);
    if (left.length > 0) unportable(`no Trino function known for ${left.join(', ')}`);
    return { ok: true, sql };
  } catch (error) {
    if (error instanceof Unportable) return { ok: false, reason: error.message };
    return { ok: false, reason: `cannot read the SQL: ${(error as Error).message}` };
  }
}

/** Words that start a clause or an operator, never a function or an operand of ->> or ::. */
const KEYWORDS = new Set(
  `ALL AND ANY AS ASC BETWEEN BY CASE DESC DISTINCT ELSE END EXCEPT EXISTS FILTER FROM FULL GROUP HAVING IN INNER
   INTERSECT INTERVAL IS JOIN LEFT LIKE LIMIT NOT NULL NULLS OFFSET ON OR ORDER OVER PARTITION RIGHT ROWS RANGE
   SELECT THEN UNION USING VALUES WHEN WHERE WINDOW WITH CROSS LATERAL RECURSIVE IGNORE RESPECT PRECEDING FOLLOWING
   UNBOUNDED CURRENT ROW ILIKE ESCAPE`.split(/\s+/),
);

/** Trino reserves these words; DuckDB lets the pack use them as names. Quoted, they stay names. */
const TRINO_RESERVED_NAMES = new Set(
  `CUBE DEALLOCATE DESCRIBE EXECUTE EXTRACT GROUPING JSON_ARRAY JSON_EXISTS JSON_OBJECT JSON_QUERY JSON_TABLE
   JSON_VALUE LISTAGG LOCALTIME LOCALTIMESTAMP NORMALIZE PREPARE ROLLUP SKIP TABLE TRIM UESCAPE UNNEST`.split(/\s+/),
);

const UNPORTABLE_CLAUSES: [string[], string][] = [
  [['QUALIFY'], 'QUALIFY: Trino has no QUALIFY clause'],
  [['ASOF'], 'ASOF JOIN: Trino has no as-of join'],
  [['POSITIONAL'], 'POSITIONAL JOIN: Trino has none'],
  [['SEMI', 'JOIN'], 'SEMI JOIN: Trino has none'],
  [['ANTI', 'JOIN'], 'ANTI JOIN: Trino has none'],
  [['DISTINCT', 'ON'], 'DISTINCT ON: Trino has none'],
  [['PIVOT'], 'PIVOT: Trino has none'],
  [['UNPIVOT'], 'UNPIVOT: Trino has none'],
  [['USING', 'SAMPLE'], 'USING SAMPLE: Trino samples with TABLESAMPLE'],
  [['MATERIALIZED'], 'AS MATERIALIZED: Trino has no materialization hint'],
  [['SIMILAR'], 'SIMILAR TO: Trino has none'],
  [['GLOB'], 'GLOB: Trino has none'],
  [['EXCLUDE'], '* EXCLUDE: Trino has none'],
  [['COLUMNS'], 'COLUMNS(): Trino has none'],
];

const UNPORTABLE_OPERATORS: Record<string, string> = {
  '//': '// (integer division)',
  '**': '** (power)',
  '~~': '~~ (LIKE operator)',
  '!~~': '!~~ (NOT LIKE operator)',
  ':=': ':= (named argument)',
  '^': '^ (power)',
  $: '$ parameters',
  '#': '#n column positions',
};

function refuseDuckDbOnly(items: readonly SqlNode[]): void {
  const significant = items.filter(isSignificant);
  significant.forEach((node, i) => {
    if (node.kind === 'group') {
      if (node.open === '{') unportable('struct literal {…}: Trino builds rows only with a cast');
      refuseDuckDbOnly(node.items);
      return;
    }
    if (node.kind === 'op' && UNPORTABLE_OPERATORS[node.text]) unportable(UNPORTABLE_OPERATORS[node.text]!);
    if (node.kind === 'word' && /^e$/i.test(node.text) && significant[i + 1]?.kind === 'string')
      unportable("E'…' escape strings: Trino has none");
    for (const [words, reason] of UNPORTABLE_CLAUSES)
      if (words.every((word, k) => isWord(significant[i + k], word))) unportable(reason);
    if (node.kind === 'number' && node.text.includes('_')) unportable(`number ${node.text} with underscores`);
  });
}

/** Tables the lake carries (the case's names), and the query's own CTEs. */
function refuseUnknownTables(tree: readonly SqlNode[]): void {
  const known = new Set(LAKE_TABLES.map((table) => table.name as string));
  const tokens = tokenize(render(tree)).filter(isSignificant);
  tokens.forEach((token, i) => {
    if (token.kind !== 'word') return;
    const afterColumns = isOp(tokens[i + 1], '(') ? closingParen(tokens, i + 1) + 1 : i + 1;
    if (isWord(tokens[afterColumns], 'AS') && isOp(tokens[afterColumns + 1], '(')) known.add(token.text.toLowerCase());
  });
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (!isWord(token, 'FROM', 'JOIN') || next?.kind !== 'word' || KEYWORDS.has(next.text.toUpperCase())) return;
    if (isWord(tokens[i - 1], 'DISTINCT')) return;
    if (isOp(tokens[i + 2], '(') || isOp(tokens[i + 2], '.')) return;
    if (!known.has(next.text.toLowerCase())) unportable(`reads ${next.text}, which the lake does not carry`);
  });
}

function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isOp(tokens[i], '(')) depth++;
    else if (isOp(tokens[i], ')') && --depth === 0) return i;
  }
  return tokens.length;
}

/** The items of one bracket level, rewritten from the innermost level out. */
function rewrite(input: readonly SqlNode[]): SqlNode[] {
  let items = input.map((node) => (node.kind === 'group' ? { ...node, items: rewrite(node.items) } : node));
  items = rewriteLambdas(items);
  items = rewriteIntervals(items);
  items = rewriteCalls(items);
  items = rewriteBrackets(items);
  items = rewriteOperators(items);
  items = rewriteGroupByAll(items);
  return items.map((node) =>
    node.kind === 'word' && TRINO_RESERVED_NAMES.has(node.text.toUpperCase())
      ? { kind: 'raw', text: `"${node.text}"` }
      : node,
  );
}

const raw = (text: string): SqlNode => ({ kind: 'raw', text });

/** `lambda x: body` → `x -> body`; `lambda a, b: body` → `(a, b) -> body`. */
function rewriteLambdas(items: SqlNode[]): SqlNode[] {
  const out: SqlNode[] = [];
  for (let i = 0; i < items.length; i++) {
    if (!isWord(items[i], 'LAMBDA')) {
      out.push(items[i]!);
      continue;
    }
    const names: string[] = [];
    let j = nextSignificant(items, i + 1);
    for (;;) {
      const name = items[j];
      if (name?.kind !== 'word') unportable('a lambda whose parameters cannot be read');
      names.push(name.text);
      j = nextSignificant(items, j + 1);
      if (isOp(items[j], ',')) j = nextSignificant(items, j + 1);
      else if (isOp(items[j], ':')) break;
      else unportable('a lambda whose parameters cannot be read');
    }
    out.push(raw(names.length === 1 ? `${names[0]} ->` : `(${names.join(', ')}) ->`));
    i = j;
  }
  return out;
}

const INTERVAL_UNITS: Record<string, string> = {
  SECOND: 'SECOND',
  SECONDS: 'SECOND',
  MINUTE: 'MINUTE',
  MINUTES: 'MINUTE',
  HOUR: 'HOUR',
  HOURS: 'HOUR',
  DAY: 'DAY',
  DAYS: 'DAY',
  MONTH: 'MONTH',
  MONTHS: 'MONTH',
  YEAR: 'YEAR',
  YEARS: 'YEAR',
};

/** `INTERVAL 10 MINUTE` and `INTERVAL '10 minutes'` → `INTERVAL '10' MINUTE`. */
function rewriteIntervals(items: SqlNode[]): SqlNode[] {
  const out: SqlNode[] = [];
  for (let i = 0; i < items.length; i++) {
    if (!isWord(items[i], 'INTERVAL')) {
      out.push(items[i]!);
      continue;
    }
    const at = nextSignificant(items, i + 1);
    const amount = items[at];
    const unitAt = nextSignificant(items, at + 1);
    const unit = items[unitAt];
    if (amount?.kind === 'number' && unit?.kind === 'word' && INTERVAL_UNITS[unit.text.toUpperCase()]) {
      out.push(raw(`INTERVAL '${amount.text}' ${INTERVAL_UNITS[unit.text.toUpperCase()]}`));
      i = unitAt;
      continue;
    }
    const spelled = amount?.kind === 'string' ? /^'\s*([0-9]+)\s+([a-z]+)\s*'$/i.exec(amount.text) : null;
    if (spelled && INTERVAL_UNITS[spelled[2]!.toUpperCase()]) {
      out.push(raw(`INTERVAL '${spelled[1]}' ${INTERVAL_UNITS[spelled[2]!.toUpperCase()]}`));
      i = at;
      continue;
    }
    unportable(`an interval Trino cannot spell: ${render(items.slice(i, unitAt + 1))}`);
  }
  return out;
}

/** Every call `name(…)` becomes its Trino text; a bare parenthesised list as an argument is a row. */
function rewriteCalls(items: SqlNode[]): SqlNode[] {
  const out: SqlNode[] = [];
  for (let i = 0; i < items.length; i++) {
    const node = items[i]!;
    // A call has its parenthesis right after the name; `watched (a, b) AS` names a CTE's columns.
    const group = items[i + 1];
    const before = out[previousSignificant(out, out.length - 1)];
    const isCall =
      node.kind === 'word' &&
      group?.kind === 'group' &&
      group.open === '(' &&
      !KEYWORDS.has(node.text.toUpperCase()) &&
      !isWord(before, 'AS') &&
      !isOp(before, '.') &&
      !isCteColumns(items, i + 1);
    if (!isCall) {
      out.push(node);
      continue;
    }
    out.push(raw(callText(node.text, group as Group)));
    i++;
  }
  return out;
}

/** `name (columns) AS (…)` names a CTE's columns; it is no call. */
function isCteColumns(items: readonly SqlNode[], groupAt: number): boolean {
  const asAt = nextSignificant(items, groupAt + 1);
  const body = items[nextSignificant(items, asAt + 1)];
  return isWord(items[asAt], 'AS') && body?.kind === 'group' && body.open === '(';
}

function callText(name: string, group: Group): string {
  const upper = name.toUpperCase();
  if (upper === 'CAST' || upper === 'TRY_CAST') return trinoCast(upper, group.items);
  const parts = splitArguments(group.items);
  const last = parts[parts.length - 1] ?? [];
  const significant = last.filter(isSignificant);
  const ignoreNulls =
    significant.length > 2 &&
    isWord(significant[significant.length - 2], 'IGNORE') &&
    isWord(significant[significant.length - 1], 'NULLS');
  if (ignoreNulls)
    parts[parts.length - 1] = trim(last.slice(0, last.lastIndexOf(significant[significant.length - 2]!)));
  const args: Argument[] = parts.map((nodes) => ({ nodes, text: rowOrText(nodes) }));
  if (args.length === 1 && args[0]!.text === '*') return `${name}(*)`;
  // Trino writes IGNORE NULLS after the call: last_value(x) IGNORE NULLS OVER (…).
  return `${trinoCall(name, args)}${ignoreNulls ? ' IGNORE NULLS' : ''}`;
}

/** DuckDB compares `(a, b)` as a row, as in arg_min(key, (event_time, key)); Trino spells it ROW(a, b). */
function rowOrText(nodes: readonly SqlNode[]): string {
  const only = nodes.length === 1 ? nodes[0]! : undefined;
  if (only?.kind === 'group' && only.open === '(' && splitArguments(only.items).length > 1)
    return `ROW${render(nodes)}`;
  return render(nodes);
}

const TYPE_WORDS = /^(VARCHAR|TEXT|STRING|INTEGER|INT|BIGINT|DOUBLE|BOOLEAN|BOOL|DATE|TIMESTAMP|JSON)$/i;

/** `[a, b]` → `ARRAY[a, b]`; `list[i]` → `element_at(list, i)`, which is NULL past the end as in DuckDB. */
function rewriteBrackets(items: SqlNode[]): SqlNode[] {
  const out: SqlNode[] = [];
  for (const node of items) {
    if (node.kind !== 'group' || node.open !== '[') {
      out.push(node);
      continue;
    }
    const at = previousSignificant(out, out.length - 1);
    const before = out[at];
    if (before?.kind === 'word' && TYPE_WORDS.test(before.text)) {
      out.push(node);
      continue;
    }
    const isSubscript =
      before !== undefined &&
      (before.kind === 'raw' ||
        before.kind === 'quoted' ||
        (before.kind === 'group' && before.open === '(') ||
        (before.kind === 'word' && !KEYWORDS.has(before.text.toUpperCase())));
    if (!isSubscript) {
      out.push(raw(`ARRAY[${render(node.items)}]`));
      continue;
    }
    if (node.items.some((item) => isOp(item, ':'))) unportable('list slices: Trino slices with slice()');
    const start = operandStart(out, at);
    const base = render(out.slice(start, at + 1));
    out.splice(start, out.length - start, raw(`element_at(${base}, ${render(node.items).trim()})`));
  }
  return out;
}

/** Operators binding tighter than DuckDB's ->>, which would have taken its left operand. */
const BINDS_BEFORE_ARROW = new Set(['=', '<', '>', '<=', '>=', '<>', '!=', '+', '-', '*', '/', '%', '||']);

/** `x::T`, `j->>'p'`, `j->'p'`, `a ILIKE b` and `a / b`, each on its nearest operands. */
function rewriteOperators(items: SqlNode[]): SqlNode[] {
  const out: SqlNode[] = [];
  for (let i = 0; i < items.length; i++) {
    const node = items[i]!;
    if (node.kind === 'op' && (node.text === '->>' || node.text === '->')) {
      const at = previousSignificant(out, out.length - 1);
      const start = operandStart(out, at);
      const before = out[previousSignificant(out, start - 1)];
      if (
        (before?.kind === 'op' && BINDS_BEFORE_ARROW.has(before.text)) ||
        isWord(before, 'AND', 'OR', 'NOT', 'IS', 'LIKE', 'IN')
      )
        unportable(`${node.text} after ${render([before!]).toUpperCase()}: DuckDB binds it otherwise`);
      const pathAt = nextSignificant(items, i + 1);
      const path = items[pathAt];
      const after = items[nextSignificant(items, pathAt + 1)];
      if (after?.kind === 'op' && ['+', '-', '*', '/', '%'].includes(after.text))
        unportable(`${node.text} before ${after.text}: DuckDB binds it otherwise`);
      const left = render(out.slice(start, at + 1));
      const pathArg = jsonPathArgument(path);
      const fn = node.text === '->>' ? 'json_extract_string' : 'json_extract';
      out.splice(
        start,
        out.length - start,
        raw(trinoCall(fn, [{ text: left, nodes: out.slice(start, at + 1) }, pathArg])),
      );
      i = pathAt;
    } else if (isOp(node, '::')) {
      const at = previousSignificant(out, out.length - 1);
      const start = operandStart(out, at);
      let end = nextSignificant(items, i + 1);
      if (items[end]?.kind !== 'word') unportable('a :: cast whose type cannot be read');
      while (items[end + 1]?.kind === 'group' && (items[end + 1] as Group).open === '[') end++;
      const space: SqlNode = { kind: 'space', text: ' ' };
      const typeNodes = items.slice(nextSignificant(items, i + 1), end + 1);
      const cast = [...out.slice(start, at + 1), space, { kind: 'word', text: 'AS' } as SqlNode, space, ...typeNodes];
      out.splice(start, out.length - start, raw(trinoCast('CAST', cast)));
      i = end;
    } else if (isWord(node, 'ILIKE')) {
      const negated = isWord(out[previousSignificant(out, out.length - 1)], 'NOT');
      if (negated) out.splice(previousSignificant(out, out.length - 1));
      const at = previousSignificant(out, out.length - 1);
      const start = operandStart(out, at);
      const rightAt = nextSignificant(items, i + 1);
      const right = items[rightAt];
      if (right === undefined || (right.kind !== 'string' && right.kind !== 'raw' && right.kind !== 'word'))
        unportable('an ILIKE pattern that cannot be read');
      const left = render(out.slice(start, at + 1));
      out.splice(
        start,
        out.length - start,
        raw(`lower(${left}) ${negated ? 'NOT ' : ''}LIKE lower(${render([right!])})`),
      );
      i = rightAt;
    } else if (isOp(node, '/')) {
      // DuckDB's / divides integers into a fraction; Trino's truncates.
      const at = previousSignificant(out, out.length - 1);
      const start = operandStart(out, at);
      const left = render(out.slice(start, at + 1));
      out.splice(start, out.length - start, raw(`CAST(${left} AS DOUBLE) /`));
    } else if (isOp(node, '==')) out.push({ kind: 'op', text: '=' });
    else out.push(node);
  }
  return out;
}

function jsonPathArgument(node: SqlNode | undefined): Argument {
  if (node?.kind === 'string') return { text: node.text, nodes: [node] };
  if (node?.kind === 'number')
    return { text: `'$[${node.text}]'`, nodes: [{ kind: 'string', text: `'$[${node.text}]'` }] };
  return unportable('a JSON path that is not a literal');
}

/** Where the operand ending at `at` starts: a qualified name `a.b`, or one node. */
function operandStart(items: readonly SqlNode[], at: number): number {
  const node = items[at];
  if (node === undefined) unportable('an operator without its operand');
  const literal = isWord(node, 'NULL', 'TRUE', 'FALSE');
  if (node.kind === 'op' || (node.kind === 'word' && !literal && KEYWORDS.has(node.text.toUpperCase())))
    unportable(`an operand that is not a single term, before ${render(items.slice(at)).trim()}`);
  let start = at;
  while (isOp(items[start - 1], '.') && (items[start - 2]?.kind === 'word' || items[start - 2]?.kind === 'quoted'))
    start -= 2;
  return start;
}

const AGGREGATES =
  /\b(count|sum|min|max|avg|array_agg|min_by|max_by|bool_or|bool_and|array_join\(array_agg|any_value|approx_distinct)\(/i;

/** DuckDB's GROUP BY ALL groups by every select item without an aggregate; Trino needs them named, here by position. */
function rewriteGroupByAll(items: SqlNode[]): SqlNode[] {
  const groupAt = items.findIndex(
    (node, i) => isWord(node, 'GROUP') && isWord(items[nextSignificant(items, i + 1)], 'BY'),
  );
  if (groupAt === -1) return items;
  const byAt = nextSignificant(items, groupAt + 1);
  const allAt = nextSignificant(items, byAt + 1);
  if (!isWord(items[allAt], 'ALL')) return items;
  const selectAt = items.findLastIndex((node, i) => i < groupAt && isWord(node, 'SELECT'));
  const fromAt = items.findIndex((node, i) => i > selectAt && isWord(node, 'FROM'));
  if (selectAt === -1 || fromAt === -1 || fromAt > groupAt) unportable('GROUP BY ALL without its select list');
  let listStart = selectAt + 1;
  if (isWord(items[nextSignificant(items, listStart)], 'DISTINCT')) listStart = nextSignificant(items, listStart) + 1;
  const selected = splitArguments(items.slice(listStart, fromAt));
  const positions: number[] = [];
  selected.forEach((item, k) => {
    const text = render(item);
    if (/\bOVER\b/i.test(text) || /^\*$|\.\*$/.test(text.trim())) unportable('GROUP BY ALL over * or window functions');
    if (!AGGREGATES.test(text)) positions.push(k + 1);
  });
  if (positions.length === 0) unportable('GROUP BY ALL with nothing to group by');
  return [...items.slice(0, allAt), raw(positions.join(', ')), ...items.slice(allAt + 1)];
}

/** Every function the Trino text calls that Trino is not known to have, by name. */
export function duckdbLeftovers(trinoSql: string): string[] {
  const all = tokenize(trinoSql);
  const tokens = all.filter((token, i) => isSignificant(token) && !(isOp(token, '(') && all[i - 1]?.kind === 'space'));
  const known = new Set([...SAME_IN_TRINO, ...WRITTEN_FOR_TRINO, 'cast', 'try_cast', 'row', 'array', 'trim']);
  const left = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.kind !== 'word' || !isOp(tokens[i + 1], '(') || isWord(tokens[i - 1], 'AS') || isOp(tokens[i - 1], '.'))
      return;
    const name = token.text.toLowerCase();
    if (!KEYWORDS.has(token.text.toUpperCase()) && !known.has(name)) left.add(name);
  });
  return [...left];
}
