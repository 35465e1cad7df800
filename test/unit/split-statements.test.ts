import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../electron/core/query/split-statements.ts';

describe('splitting console SQL into statements', () => {
  it('cuts at semicolons and drops empty and comment-only statements', () => {
    expect(splitStatements(' SELECT 1 ;\n\nSELECT 2;;  -- done\n')).toEqual(['SELECT 1', 'SELECT 2']);
    expect(splitStatements('/* only a comment */ ;')).toEqual([]);
  });

  it('ignores semicolons inside strings, quoted names, comments and dollar quotes', () => {
    const sql = `SELECT ';' AS "a;b", 'it''s; fine' -- not; here
      /* nor /* nested; */ here; */ FROM t; SELECT $$x;y$$, $tag$;$tag$, $1`;
    const parts = splitStatements(sql);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(/^SELECT ';'.*FROM t$/s);
    expect(parts[1]).toBe('SELECT $$x;y$$, $tag$;$tag$, $1');
  });

  it('keeps an unterminated string as part of the last statement for DuckDB to report', () => {
    expect(splitStatements("SELECT 1; SELECT 'open; still")).toEqual(['SELECT 1', "SELECT 'open; still"]);
  });
});
