import { sqlString } from '../../case/sql.ts';
import { ipv4NumberSql, ipv4Range } from './cidr.ts';
import type { FieldTarget } from './field-map.ts';
import type { Modifiers } from './modifiers.ts';
import { refuse } from './refusal.ts';
import { ANY, likePattern, type Piece, sigmaPieces } from './wildcards.ts';
import { YamlNumber, type YamlValue } from './yaml-documents.ts';

export interface CompiledField {
  /** SQL that is true or false, never NULL, so that `not` in the condition means what it says. */
  sql: string;
  /** The regular expressions in `sql`, exactly as DuckDB gets them, for checking that RE2 compiles them. */
  regexes: string[];
}

type Scalar = string | boolean | null | YamlNumber;

/**
 * One `field|modifiers: value(s)` entry of a selection as SQL over a row of `events`. Every
 * value the rule gives reaches SQL only as a string literal (sqlString); nothing of the rule is
 * written into the SQL as code.
 */
export function compileField(
  field: string,
  target: FieldTarget,
  modifiers: Modifiers,
  value: YamlValue,
): CompiledField {
  const values = scalars(field, value);
  if (modifiers.kind === 'exists') {
    if (values.length !== 1 || typeof values[0] !== 'boolean') refuse(`field ${field}: "exists" takes true or false.`);
    return { sql: values[0] ? target.present : `NOT ${target.present}`, regexes: [] };
  }
  const regexes: string[] = [];
  const tests = values.map((v) => {
    if (v === null) {
      if (modifiers.kind !== 'equals') refuse(`field ${field}: null cannot be combined with "${modifiers.kind}".`);
      // null is the field absent or null: under resources, no resource has a value for it.
      return target.kind === 'one'
        ? `(${target.value} IS NULL)`
        : `NOT EXISTS (SELECT 1 FROM unnest(${target.values}) AS each_value(v) WHERE v IS NOT NULL)`;
    }
    const test = valueTest(field, modifiers, v, regexes);
    return target.kind === 'one'
      ? `coalesce(${test(target.value)}, false)`
      : `EXISTS (SELECT 1 FROM unnest(${target.values}) AS each_value(v) WHERE ${test('v')})`;
  });
  const sql = tests.length === 1 ? tests[0]! : `(${tests.join(modifiers.all ? ' AND ' : ' OR ')})`;
  return { sql, regexes };
}

/** A test of one value against an expression; it may be NULL when the field is. */
function valueTest(field: string, modifiers: Modifiers, value: Exclude<Scalar, null>, regexes: string[]) {
  const text = value instanceof YamlNumber ? value.text : String(value);
  // SQL text reaches DuckDB as a C string: a NUL would cut the statement short.
  if (text.includes('\u0000')) refuse(`field ${field}: a value holds a NUL character, which Trailscope cannot match.`);
  const { kind, cased } = modifiers;
  if (kind === 're') {
    if (typeof value !== 'string') refuse(`field ${field}: a regular expression must be text.`);
    // RE2's inline flags carry the i, m and s sub-modifiers into the one pattern string.
    const pattern = `${modifiers.flags ? `(?${modifiers.flags})` : ''}${value}`;
    regexes.push(pattern);
    return (x: string) => `regexp_matches(${x}, ${sqlString(pattern)})`;
  }
  if (kind === 'cidr') {
    if (typeof value !== 'string') refuse(`field ${field}: a network must be text such as 10.0.0.0/8.`);
    const [first, last] = ipv4Range(field, value);
    return (x: string) => `(${ipv4NumberSql(x)} BETWEEN ${first} AND ${last})`;
  }
  // Numbers and booleans are matched as the text written in the rule, as Sigma matches every value.
  const pieces: Piece[] = typeof value === 'string' ? sigmaPieces(value) : [text];
  if (kind === 'contains' || kind === 'endswith') pieces.unshift(ANY);
  if (kind === 'contains' || kind === 'startswith') pieces.push(ANY);
  const pattern = likePattern(pieces);
  if ('exact' in pattern) {
    const literal = sqlString(pattern.exact);
    return cased ? (x: string) => `(${x} = ${literal})` : (x: string) => `(lower(${x}) = lower(${literal}))`;
  }
  const like = `${cased ? 'LIKE' : 'ILIKE'} ${sqlString(pattern.like)} ESCAPE '\\'`;
  return (x: string) => `(${x} ${like})`;
}

function scalars(field: string, value: YamlValue): Scalar[] {
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) refuse(`field ${field} has an empty list of values.`);
  return values.map((v) => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || v instanceof YamlNumber) return v;
    refuse(
      `field ${field}: a value must be text, a number, true, false or null, not ${Array.isArray(v) ? 'a list' : 'a map'}.`,
    );
  });
}
