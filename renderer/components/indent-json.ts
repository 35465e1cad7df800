/**
 * Levels laid out a value a line; deeper ones stay on the line they open. CloudTrail's records
 * nest about ten levels, and ingest takes up to 1,000: every level indented, a 1 MB record of
 * brackets 990 deep was a string of over a billion characters, which JS cannot hold, and the
 * page went blank.
 */
const LAID_OUT_LEVELS = 16;

/**
 * JSON text re-indented without parsing it: JSON.parse and JSON.stringify would round big
 * numbers and rewrite escapes, and evidence must read exactly as it was written. Only
 * whitespace outside strings changes. Text that is not JSON comes back re-spaced, not refused.
 */
export function indentJson(text: string, indent = '  '): string {
  let out = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    const inline = depth >= LAID_OUT_LEVELS;
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      const next = nextSignificant(text, i + 1);
      if (text[next] === close) {
        out += c + close;
        i = next;
      } else {
        depth++;
        out += inline ? c : `${c}\n${indent.repeat(depth)}`;
      }
    } else if (c === '}' || c === ']') {
      depth = Math.max(0, depth - 1);
      out += depth >= LAID_OUT_LEVELS ? c : `\n${indent.repeat(depth)}${c}`;
    } else if (c === ',') {
      out += inline ? c : `,\n${indent.repeat(depth)}`;
    } else if (c === ':') {
      out += inline ? c : ': ';
    } else {
      out += c;
    }
  }
  return out;
}

function nextSignificant(text: string, from: number): number {
  let i = from;
  while (i < text.length && ' \n\r\t'.includes(text[i]!)) i++;
  return i;
}
