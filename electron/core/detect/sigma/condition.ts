import { refuse } from './refusal.ts';

/** A parsed condition; `1 of` and `all of` are already expanded into the searches they name. */
export type ConditionNode =
  | { op: 'and' | 'or'; items: ConditionNode[] }
  | { op: 'not'; item: ConditionNode }
  | { op: 'search'; name: string };

/** Deeper nesting is no real rule, and would only test the stack. */
const MAX_DEPTH = 64;

/**
 * Sigma's condition grammar, least to most binding: or, and, not, `x of`, parentheses.
 *   expression := and ('or' and)*
 *   and        := not ('and' not)*
 *   not        := 'not' not | primary
 *   primary    := '(' expression ')' | ('1' | 'any' | 'all') 'of' (pattern | 'them') | identifier
 * Operators are read in any case; identifiers must name a search of the rule exactly, and `*`
 * is a wildcard only in the pattern after `of`. The deprecated aggregations (`| count() by …`)
 * and `near` are refused: they count or correlate events, and a Sigma rule here matches one.
 */
export function parseCondition(condition: string, searches: readonly string[]): ConditionNode {
  const tokens = tokenize(condition);
  let at = 0;
  const fail = (expected: string): never => {
    const found = at < tokens.length ? `"${tokens[at]}"` : 'the end';
    refuse(`condition ${JSON.stringify(condition)}: expected ${expected}, found ${found}.`);
  };
  const peek = () => tokens[at]?.toLowerCase();

  const expression = (depth: number): ConditionNode => {
    if (depth > MAX_DEPTH) refuse(`condition ${JSON.stringify(condition)} nests deeper than ${MAX_DEPTH} levels.`);
    return chain('or', () => chain('and', () => negation(depth)));
  };
  const chain = (op: 'and' | 'or', next: () => ConditionNode): ConditionNode => {
    const items = [next()];
    while (peek() === op) {
      at++;
      items.push(next());
    }
    return items.length === 1 ? items[0]! : { op, items };
  };
  const negation = (depth: number): ConditionNode => {
    if (peek() !== 'not') return primary(depth);
    at++;
    if (depth > MAX_DEPTH) refuse(`condition ${JSON.stringify(condition)} nests deeper than ${MAX_DEPTH} levels.`);
    return { op: 'not', item: negation(depth + 1) };
  };
  const primary = (depth: number): ConditionNode => {
    const token = tokens[at];
    const word = peek();
    if (token === undefined) return fail('a search identifier');
    if (token === '(') {
      at++;
      const inner = expression(depth + 1);
      if (tokens[at] !== ')') fail('")"');
      at++;
      return inner;
    }
    if (word === 'near')
      refuse(`condition ${JSON.stringify(condition)}: "near" (events close in time) is not supported.`);
    if (tokens[at + 1]?.toLowerCase() === 'of') {
      if (word !== '1' && word !== 'any' && word !== 'all')
        refuse(`condition ${JSON.stringify(condition)}: "${token} of" is not Sigma; use "1 of" or "all of".`);
      at += 2;
      const target = tokens[at];
      if (target === undefined || target === '(' || target === ')')
        return fail('a search identifier pattern or "them"');
      at++;
      return quantified(condition, word === 'all' ? 'and' : 'or', target, searches);
    }
    if (token === ')' || ['and', 'or', 'not', 'of', 'them'].includes(word!)) return fail('a search identifier');
    at++;
    if (token.includes('*'))
      refuse(
        `condition ${JSON.stringify(condition)}: "${token}" has a wildcard, allowed only after "1 of" or "all of".`,
      );
    if (!searches.includes(token))
      refuse(`condition ${JSON.stringify(condition)}: no search identifier is named "${token}".`);
    return { op: 'search', name: token };
  };

  const node = expression(0);
  if (at < tokens.length) fail('"and", "or" or the end');
  return node;
}

/** `1 of pattern` is the matching searches linked with OR, `all of` with AND; `them` is every search not named `_…`. */
function quantified(condition: string, op: 'and' | 'or', target: string, searches: readonly string[]): ConditionNode {
  let names: readonly string[];
  if (target.toLowerCase() === 'them') names = searches.filter((s) => !s.startsWith('_'));
  else {
    const pattern = new RegExp(`^${target.split('*').map(escapeRegExp).join('.*')}$`, 's');
    names = searches.filter((s) => pattern.test(s));
  }
  if (names.length === 0)
    refuse(`condition ${JSON.stringify(condition)}: "${target}" names no search identifier of the rule.`);
  const items = names.map((name): ConditionNode => ({ op: 'search', name }));
  return items.length === 1 ? items[0]! : { op, items };
}

function tokenize(condition: string): string[] {
  if (condition.includes('|'))
    refuse(
      `condition ${JSON.stringify(condition)} uses the deprecated aggregation syntax ("| count() …"), which Trailscope does not run: a Sigma rule here matches single events.`,
    );
  return condition.match(/[()]|[^\s()]+/g) ?? [];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The condition as SQL, each search replaced by its own SQL. */
export function conditionSql(node: ConditionNode, searchSql: (name: string) => string): string {
  switch (node.op) {
    case 'search':
      return searchSql(node.name);
    case 'not':
      return `(NOT ${conditionSql(node.item, searchSql)})`;
    default:
      return `(${node.items.map((item) => conditionSql(item, searchSql)).join(node.op === 'and' ? ' AND ' : ' OR ')})`;
  }
}
