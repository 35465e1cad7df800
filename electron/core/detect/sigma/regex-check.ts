import type { DuckDBConnection } from '@duckdb/node-api';
import { messageOf } from '../../../../shared/api/errors.ts';
import type { SigmaResult } from './compile.ts';

/**
 * Refuses the accepted rules whose regular expressions DuckDB's RE2 does not compile (a
 * lookahead, a backreference, a repeat past 1000…). JavaScript's RegExp is another dialect and
 * cannot decide it; DuckDB compiles a pattern when it binds the statement, so a rule let through
 * would fail every time it ran. The pattern is a parameter: it is never part of SQL text here.
 */
export async function checkSigmaRegexes(db: DuckDBConnection, results: SigmaResult[]): Promise<SigmaResult[]> {
  const checked: SigmaResult[] = [];
  for (const result of results) {
    const problem = result.ok ? await firstProblem(db, result.regexes) : null;
    checked.push(result.ok && problem ? { ok: false, title: result.detection.title, reason: problem } : result);
  }
  return checked;
}

async function firstProblem(db: DuckDBConnection, regexes: string[]): Promise<string | null> {
  for (const pattern of regexes) {
    try {
      await db.runAndReadAll('SELECT regexp_matches(?::VARCHAR, ?::VARCHAR)', ['', pattern]);
    } catch (error) {
      const why = messageOf(error)
        .split('\n')[0]!
        .replace(/^Invalid Input Error: /, '');
      return `the regular expression ${JSON.stringify(pattern)} is not one DuckDB (RE2) can run: ${why}.`;
    }
  }
  return null;
}
