/**
 * DuckDB SQL as a tree of tokens nested by brackets: enough structure to rewrite a query into
 * another dialect (find a function's arguments, an operator's operands, a clause's items) while
 * keeping its layout and comments, without a full grammar.
 */

export type Token =
  | { kind: 'word' | 'quoted' | 'string' | 'number' | 'op' | 'space' | 'comment'; text: string }
  /** Text already in the target dialect, standing for one operand. */
  | { kind: 'raw'; text: string };

export interface Group {
  kind: 'group';
  open: '(' | '[' | '{';
  items: SqlNode[];
}

export type SqlNode = Token | Group;

const CLOSE = { '(': ')', '[': ']', '{': '}' } as const;

/** Operators longest first, so `->>` is not read as `->` then `>`. */
const OPERATORS = ['->>', '::', '->', '||', '<=', '>=', '<>', '!=', '==', ':=', '//', '**', '!~~', '~~'];

/** Tokens of one statement. Throws on text it cannot split (an unterminated quote or comment). */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const take = (kind: Token['kind'], end: number) => {
    tokens.push({ kind, text: sql.slice(i, end) } as Token);
    i = end;
  };
  while (i < sql.length) {
    const rest = sql.slice(i);
    const c = sql[i]!;
    if (/\s/.test(c)) take('space', i + (/^\s+/.exec(rest)?.[0].length ?? 1));
    else if (rest.startsWith('--')) take('comment', endOf(sql, '\n', i, 0));
    else if (rest.startsWith('/*')) take('comment', endOf(sql, '*/', i, 2, 'comment'));
    else if (c === "'") take('string', quotedEnd(sql, i, "'"));
    else if (c === '"') take('quoted', quotedEnd(sql, i, '"'));
    else if (/[A-Za-z_]/.test(c)) take('word', i + /^[A-Za-z_][A-Za-z0-9_$]*/.exec(rest)![0].length);
    else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? '')))
      take('number', i + /^[0-9_]*\.?[0-9_]*(e[+-]?[0-9]+)?/i.exec(rest)![0].length);
    else take('op', i + (OPERATORS.find((op) => rest.startsWith(op))?.length ?? 1));
  }
  return tokens;
}

function endOf(sql: string, marker: string, from: number, skip: number, what?: string): number {
  const end = sql.indexOf(marker, from + skip);
  if (end === -1) {
    if (what) throw new Error(`unterminated ${what}`);
    return sql.length;
  }
  return end + marker.length;
}

/** Quotes are escaped by doubling, in strings and quoted identifiers alike. */
function quotedEnd(sql: string, at: number, quote: string): number {
  let i = at + 1;
  for (;;) {
    const end = sql.indexOf(quote, i);
    if (end === -1) throw new Error(`unterminated ${quote === "'" ? 'string' : 'quoted identifier'}`);
    if (sql[end + 1] !== quote) return end + 1;
    i = end + 2;
  }
}

/**
 * How deep brackets may nest: the pack's rules nest ten levels, and an imported Sigma rule
 * (its condition at most 64 deep) under a hundred. A case's own rule is whatever the case file
 * holds, and the rewrite recurses once a level: about 2,000 levels overflowed its stack, and on
 * Node 20 an overflow met while V8 compiled one of its regular expressions aborted the process
 * (RegExpCompiler Allocation failed), taking a lake export, and the browser face with it.
 */
export const MAX_NESTING = 256;

/** The tokens nested by (), [] and {}. Throws on brackets that do not match, or that nest past MAX_NESTING. */
export function parseTree(sql: string): SqlNode[] {
  const root: Group = { kind: 'group', open: '(', items: [] };
  const stack: Group[] = [root];
  for (const token of tokenize(sql)) {
    const top = stack[stack.length - 1]!;
    if (token.kind === 'op' && (token.text === '(' || token.text === '[' || token.text === '{')) {
      if (stack.length > MAX_NESTING) throw new Error(`brackets nested more than ${MAX_NESTING} levels deep`);
      const group: Group = { kind: 'group', open: token.text, items: [] };
      top.items.push(group);
      stack.push(group);
    } else if (token.kind === 'op' && (token.text === ')' || token.text === ']' || token.text === '}')) {
      if (stack.length === 1 || CLOSE[top.open] !== token.text) throw new Error(`unbalanced ${token.text}`);
      stack.pop();
    } else top.items.push(token);
  }
  if (stack.length !== 1) throw new Error(`unclosed ${stack[stack.length - 1]!.open}`);
  return root.items;
}

export function render(nodes: readonly SqlNode[]): string {
  return nodes.map(renderNode).join('');
}

export function renderNode(node: SqlNode): string {
  return node.kind === 'group' ? `${node.open}${render(node.items)}${CLOSE[node.open]}` : node.text;
}

export function isSignificant(node: SqlNode): boolean {
  return node.kind !== 'space' && node.kind !== 'comment';
}

/** Whether `node` is the word `text`, case-insensitively. */
export function isWord(node: SqlNode | undefined, ...texts: string[]): boolean {
  return node?.kind === 'word' && texts.some((text) => node.text.toUpperCase() === text);
}

export function isOp(node: SqlNode | undefined, text: string): boolean {
  return node?.kind === 'op' && node.text === text;
}

/** The index of the next significant node at or after `from` (items.length when none). */
export function nextSignificant(items: readonly SqlNode[], from: number): number {
  let i = from;
  while (i < items.length && !isSignificant(items[i]!)) i++;
  return i;
}

/** The index of the previous significant node at or before `from` (-1 when none). */
export function previousSignificant(items: readonly SqlNode[], from: number): number {
  let i = from;
  while (i >= 0 && !isSignificant(items[i]!)) i--;
  return i;
}

/** A group's items split at its top-level commas, each trimmed of surrounding whitespace. */
export function splitArguments(items: readonly SqlNode[]): SqlNode[][] {
  const args: SqlNode[][] = [[]];
  for (const item of items) {
    if (isOp(item, ',')) args.push([]);
    else args[args.length - 1]!.push(item);
  }
  const trimmed = args.map(trim);
  return trimmed.length === 1 && trimmed[0]!.length === 0 ? [] : trimmed;
}

export function trim(nodes: readonly SqlNode[]): SqlNode[] {
  const first = nextSignificant(nodes, 0);
  const last = previousSignificant(nodes, nodes.length - 1);
  return nodes.slice(first, last + 1);
}
