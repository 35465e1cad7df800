/**
 * Sigma's string values: `*` any run of characters, `?` one character, and a backslash escaping
 * `*`, `?` or itself; a backslash before anything else is itself (the specification's
 * escaping rules, read left to right).
 */
export const ANY = Symbol('*');
export const ONE = Symbol('?');
export type Piece = string | typeof ANY | typeof ONE;

export function sigmaPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      pieces.push(next);
      i++;
    } else pieces.push(c === '*' ? ANY : c === '?' ? ONE : c);
  }
  return pieces;
}

/**
 * The pieces as the text they match exactly, or, when they hold a wildcard, as a LIKE pattern
 * whose escape character is a backslash: `%`, `_` and `\` written in the value are escaped,
 * so only Sigma's wildcards act as wildcards.
 */
export function likePattern(pieces: Piece[]): { exact: string } | { like: string } {
  if (pieces.every((p) => typeof p === 'string')) return { exact: pieces.join('') };
  const like = pieces.map((p) => (p === ANY ? '%' : p === ONE ? '_' : p.replace(/[%_\\]/g, (c) => `\\${c}`))).join('');
  return { like };
}
