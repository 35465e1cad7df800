import { CST, Lexer } from 'yaml';

/**
 * How deep a Sigma file may nest, counting each column of indentation as a level too: a rule
 * nests a handful of levels (detection, a selection, a field, a list), indented two or four
 * columns a level.
 */
export const MAX_NESTING = 100;

/** Where a file first nests past MAX_NESTING, or null. */
export interface TooDeep {
  line: number;
}

/**
 * Whether a YAML text nests past MAX_NESTING, found from the YAML library's lexer before its
 * parser sees the text. The parser recurses once a level: 250 KB of `[`, or of `- ` (a sequence
 * in a sequence, on one line), overflowed its stack, and on Node 20 the second such file in a
 * process aborted it (V8 failed to compile a regular expression at the stack's limit: the CLI
 * and the browser face died, test/hostile/sigma-files.test.ts). The lexer is a loop, and knows
 * quotes and block scalars, so brackets inside values do not count. The depth it finds is an
 * upper bound: a line's indentation, its block indicators (`-`, `?`, `:`) and the open flow
 * collections (`[`, `{`) around it.
 */
export function tooDeep(text: string): TooDeep | null {
  let line = 1;
  let indent = 0;
  let indicators = 0;
  let flow = 0;
  let lineStart = true;
  for (const lexeme of new Lexer().lex(text)) {
    const type = CST.tokenType(lexeme);
    if (type === 'newline') {
      line++;
      indent = 0;
      indicators = 0;
      lineStart = true;
      continue;
    }
    if (type === 'space' && lineStart && /^ *$/.test(lexeme)) indent = lexeme.length;
    else if (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind') indicators++;
    else if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
    else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
    lineStart = false;
    if (indent + indicators + flow > MAX_NESTING) return { line };
  }
  return null;
}
