import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { messageOf, TrailscopeError } from '../../../shared/api/errors.ts';
import { CaseReader } from '../case/case-reader.ts';
import { duckdb } from '../case/duckdb-library.ts';
import { tableFunctionsCalled, tableFunctionsOfPlan } from '../case/serialized-sql.ts';
import { jsonRecursionRefusal } from './json-recursion.ts';
import { skipLeadingComments, splitStatements } from './split-statements.ts';
import { tableFunctionRefusal } from './table-functions.ts';

/**
 * A statement of console SQL as it will run. Its text is what Trailscope checked: the user's
 * own text for a SELECT, and for an EXPLAIN, `EXPLAIN [ANALYZE] ` followed by a SELECT that
 * was checked on its own; the EXPLAIN as typed never runs.
 */
export interface ConsoleStatement {
  text: string;
  kind: 'select' | 'explain';
}

const PROCESS_RULE =
  'On a value or structure nested deeply enough that ends the whole process, and a case or lake made elsewhere may hold one. Nothing was run.';

const READ_ONLY_RULE =
  "The case's evidence is read-only: console SQL may only read (SELECT, DESCRIBE, SHOW, SUMMARIZE, and EXPLAIN [ANALYZE] of a SELECT). Nothing was run.";

/**
 * Decides from what DuckDB will execute whether console SQL only reads, and returns the
 * statements to run. Three checks, all DuckDB's own:
 * - its parser must read the text as a SELECT, before anything is bound: binding alone has
 *   effects (binding `EXPORT DATABASE` creates its folder), and so must the functions it calls:
 *   none may be one that can end the process on a deeply nested value (`json-recursion.ts`);
 * - the bound statement must be a SELECT;
 * - its optimized plan may call only table functions that read the case, so that
 *   `SELECT * FROM checkpoint()` is caught although DuckDB calls it a SELECT.
 * EXPLAIN ANALYZE executes what it explains, whatever that is (a DELETE, a COPY to a file, a
 * CHECKPOINT), so an EXPLAIN is taken apart and re-made around a checked SELECT.
 * This is the first of three walls: console statements also run in read-only transactions
 * (`read-only-transaction.ts`), on an instance that can touch no file but the case's own and
 * change no setting (`case-store.ts`).
 */
export async function checkConsoleSql(
  db: DuckDBConnection,
  sql: string,
  viewScans: ReadonlySet<string> = NO_VIEW_SCANS,
): Promise<ConsoleStatement[]> {
  let count: number;
  try {
    count = (await db.extractStatements(sql)).count;
  } catch (error) {
    throw new TrailscopeError('query', messageOf(error));
  }
  if (count === 0) throw new TrailscopeError('usage', 'No SQL statement given.');
  const texts = statementTexts(sql, count);
  const checked: ConsoleStatement[] = [];
  for (const [i, text] of texts.entries()) {
    checked.push(await checkStatement(db, text, count > 1 ? `Statement ${i + 1} is` : 'This is', viewScans));
  }
  return checked;
}

/**
 * DuckDB's C API does not give statements back as text, and only text can be checked, wrapped
 * and run, so the text is cut here and the cut must agree with DuckDB's count.
 */
function statementTexts(sql: string, count: number): string[] {
  const texts = splitStatements(sql);
  if (texts.length === count) return texts;
  if (count === 1) return [sql.trim()];
  throw new TrailscopeError(
    'query',
    `Trailscope could not cut this SQL into its ${count} statements the way DuckDB does; run them one at a time.`,
  );
}

async function checkStatement(
  db: DuckDBConnection,
  text: string,
  which: string,
  viewScans: ReadonlySet<string>,
): Promise<ConsoleStatement> {
  const parsed = await parsedSelect(db, text);
  if (parsed) {
    await checkSelect(db, text, parsed, which, viewScans);
    return { text, kind: 'select' };
  }
  const start = skipLeadingComments(text);
  const explain = /^explain\s+(analyze\s+)?/i.exec(text.slice(start));
  const explained = explain ? text.slice(start + explain[0].length) : '';
  const parsedExplained = explain ? await parsedSelect(db, explained) : null;
  if (!explain || !parsedExplained) {
    const what = /^explain\b/i.test(text.slice(start))
      ? 'an EXPLAIN of something other than a plain SELECT; EXPLAIN ANALYZE runs what it explains, so only "EXPLAIN SELECT …" and "EXPLAIN ANALYZE SELECT …" may run'
      : `${describedAs(text)}`;
    throw refused(`${which} ${what}.`);
  }
  await checkSelect(db, explained, parsedExplained, which, viewScans);
  const remade = `EXPLAIN ${explain[1] ? 'ANALYZE ' : ''}${explained}`;
  if ((await bind(db, remade, which)).statementType !== duckdb().StatementType.EXPLAIN) {
    throw refused(`${which} an EXPLAIN Trailscope could not re-make around its SELECT.`);
  }
  return { text: remade, kind: 'explain' };
}

/**
 * DuckDB's parser alone, nothing bound: json_serialize_sql takes SELECT statements only. The
 * whole SQL has parsed already, so any error here means "not a SELECT" (an EXPLAIN's remains,
 * say), never a syntax error to report.
 */
async function parsedSelect(db: DuckDBConnection, text: string): Promise<unknown> {
  if (text.trim() === '') return null;
  const serialized = await new CaseReader(db).value('SELECT json_serialize_sql($1::VARCHAR)', [text]);
  const parsed = JSON.parse(String(serialized)) as { error: boolean; statements?: unknown[] };
  return !parsed.error && parsed.statements?.length === 1 ? parsed : null;
}

/**
 * A SELECT bound as DuckDB will run it, whose plan calls only functions that read the case. A
 * lake's evidence tables are views over read_parquet: that scan is then allowed in the plan
 * (`viewScans`), but only where a view put it, so the SQL's own table functions, as parsed, are
 * held to the rule first.
 */
async function checkSelect(
  db: DuckDBConnection,
  text: string,
  parsed: unknown,
  which: string,
  viewScans: ReadonlySet<string>,
): Promise<void> {
  const recursion = jsonRecursionRefusal(parsed);
  if (recursion) throw new TrailscopeError('query', `Refused: ${which} a statement that ${recursion}. ${PROCESS_RULE}`);
  if ((await bind(db, text, which)).statementType !== duckdb().StatementType.SELECT)
    throw refused(`${which} not a SELECT once DuckDB has bound it.`);
  if (viewScans.size > 0) {
    for (const name of tableFunctionsCalled(parsed)) {
      const refusal = tableFunctionRefusal(name);
      if (refusal) throw refused(`${which} a statement calling ${name}(), which ${refusal}.`);
    }
  }
  const serialized = await new CaseReader(db).value('SELECT json_serialize_plan($1::VARCHAR)', [text]);
  const plan = JSON.parse(String(serialized)) as { error?: boolean; error_message?: string };
  if (plan.error)
    throw new TrailscopeError(
      'query',
      `Trailscope could not check this statement's plan: ${plan.error_message ?? 'no reason given'}`,
    );
  for (const name of tableFunctionsOfPlan(plan)) {
    if (viewScans.has(name)) continue;
    const refusal = tableFunctionRefusal(name);
    if (refusal) throw refused(`${which} a statement calling ${name}(), which ${refusal}.`);
  }
}

/** The one statement of a text, prepared: bound, never run. */
async function bind(db: DuckDBConnection, text: string, which: string): Promise<DuckDBPreparedStatement> {
  try {
    const extracted = await db.extractStatements(text);
    if (extracted.count !== 1) throw new TrailscopeError('query', `expected one statement, found ${extracted.count}`);
    return await extracted.prepare(0);
  } catch (error) {
    if (error instanceof TrailscopeError) throw error;
    const message = messageOf(error);
    // The instance's own wall, met while binding: say so as a refusal, not as a failure.
    if (/file system operations are disabled by configuration/.test(message)) {
      throw refused(`${which} a statement that would read or write a file (${message.split('\n')[0]}).`);
    }
    throw new TrailscopeError('query', message);
  }
}

const NO_VIEW_SCANS: ReadonlySet<string> = new Set();

/** "a COPY statement", from its first word: wording for a message only, never a decision. */
function describedAs(text: string): string {
  const word = /^[A-Za-z]+/.exec(text.slice(skipLeadingComments(text)))?.[0];
  return word ? `a ${word.toUpperCase()} statement` : 'a statement';
}

function refused(what: string): TrailscopeError {
  return new TrailscopeError('read-only', `Refused: ${what} ${READ_ONLY_RULE}`);
}
