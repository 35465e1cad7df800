/**
 * The text of each statement in console SQL. DuckDB's C API prepares statements but does not
 * give back their text, and the result of the last one is kept by wrapping that text, so the
 * text is cut here: at semicolons outside quotes, dollar quotes and comments. The caller
 * checks the count against DuckDB's own, so a disagreement is caught rather than trusted.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'" || c === '"') i = skipQuoted(sql, i, c);
    else if (c === '-' && next === '-') i = skipLineComment(sql, i);
    else if (c === '/' && next === '*') i = skipBlockComment(sql, i);
    else if (c === '$') i = skipDollarQuoted(sql, i);
    else if (c === ';') {
      statements.push(sql.slice(start, i));
      start = ++i;
    } else i++;
  }
  statements.push(sql.slice(start));
  return statements.filter((text) => !isBlank(text)).map((text) => text.trim());
}

/** Quotes are escaped by doubling, so a doubled quote simply continues the scan. */
function skipQuoted(sql: string, at: number, quote: string): number {
  const end = sql.indexOf(quote, at + 1);
  return end === -1 ? sql.length : end + 1;
}

function skipLineComment(sql: string, at: number): number {
  const end = sql.indexOf('\n', at);
  return end === -1 ? sql.length : end + 1;
}

/** Block comments nest in DuckDB, as in PostgreSQL. */
function skipBlockComment(sql: string, at: number): number {
  let depth = 0;
  let i = at;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

/** `$$…$$` or `$tag$…$tag$`; a `$1` parameter is not a quote. */
function skipDollarQuoted(sql: string, at: number): number {
  const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(at, at + 64))?.[0];
  if (!tag) return at + 1;
  const end = sql.indexOf(tag, at + tag.length);
  return end === -1 ? sql.length : end + tag.length;
}

/** Where a statement's first word starts, past the whitespace and comments before it. */
export function skipLeadingComments(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('--', i)) i = skipLineComment(text, i);
    else if (text.startsWith('/*', i)) i = skipBlockComment(text, i);
    else return i;
  }
}

function isBlank(text: string): boolean {
  return withoutComments(text).trim() === '';
}

/** A statement that is only a comment is no statement. */
function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('--', i)) i = skipLineComment(text, i);
    else if (text.startsWith('/*', i)) i = skipBlockComment(text, i);
    else if (text[i] === "'" || text[i] === '"') {
      const end = skipQuoted(text, i, text[i]!);
      out += text.slice(i, end);
      i = end;
    } else out += text[i++];
  }
  return out;
}
