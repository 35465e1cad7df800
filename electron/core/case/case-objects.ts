import type { DuckDBConnection } from '@duckdb/node-api';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import { CaseReader } from './case-reader.ts';
import { migrations } from './migrations/index.ts';
import { functionsCalled, tableFunctionsCalled } from './serialized-sql.ts';

/** The views this version's migrations create, at any version of the case. */
const MIGRATION_VIEWS: ReadonlySet<string> = new Set(
  migrations.flatMap((m) => [...m.sql.matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(\w+)/gi)].map((v) => v[1]!)),
);

export interface AllowedObjects {
  /** Views a lake's side case holds over its files, besides the migrations' own. */
  lakeViews: readonly string[];
  /** Table functions those views may call. */
  lakeScans: ReadonlySet<string>;
}

/**
 * Refuses a case file holding SQL that Trailscope never writes into one: a generated column, a
 * macro, an index, a view it does not make, or a view, default or check that calls a table
 * function other than a lake's scan, or a volatile function (sleep_ms, random, write_log…).
 * A case file may come from someone else, and DuckDB runs such SQL whenever Trailscope reads or
 * writes the object: a generated column read at the open ran before the lockdown (and read any
 * file), `sleep_ms` there held the open so that not even process.exit ended it, and a view
 * calling enable_logging aborted the process at its next statement. Run after the lockdown and
 * before anything reads the case's tables; it reads DuckDB's catalog only.
 */
export async function refuseForeignObjects(db: DuckDBConnection, allowed: AllowedObjects): Promise<void> {
  const reader = new CaseReader(db);
  const here = `database_name = current_database()`;
  const foreign: string[] = [];
  for (const { name } of await reader.rows<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE ${here} AND sql ILIKE '%GENERATED ALWAYS AS%'`,
  ))
    foreign.push(`a generated column in table ${name}`);
  for (const { name, kind } of await reader.rows<{ name: string; kind: string }>(
    `SELECT DISTINCT function_name AS name, function_type AS kind FROM duckdb_functions() WHERE ${here} AND NOT internal`,
  ))
    foreign.push(`a ${kind.replace('_', ' ')} ${name}`);
  for (const { name } of await reader.rows<{ name: string }>(
    `SELECT index_name AS name FROM duckdb_indexes() WHERE ${here}`,
  ))
    foreign.push(`an index ${name}`);

  const views = await reader.rows<{ name: string; ast: string }>(
    `SELECT view_name AS name,
            json_serialize_sql(regexp_replace(sql, '^CREATE\\s+VIEW\\s+("([^"]|"")*"|\\S+)\\s+AS\\s+', '')) AS ast
       FROM duckdb_views() WHERE ${here} AND NOT internal`,
  );
  const known = new Set([...MIGRATION_VIEWS, ...allowed.lakeViews]);
  const expressions = await reader.rows<{ name: string; ast: string }>(
    `SELECT 'the default of ' || table_name || '.' || column_name AS name,
            json_serialize_sql('SELECT ' || column_default) AS ast
       FROM duckdb_columns() WHERE ${here} AND column_default IS NOT NULL
     UNION ALL
     SELECT 'a check on ' || table_name, json_serialize_sql('SELECT ' || expression)
       FROM duckdb_constraints() WHERE ${here} AND constraint_type = 'CHECK'`,
  );
  const checked: { what: string; ast: string; scans: ReadonlySet<string> }[] = [];
  for (const view of views) {
    if (known.has(view.name)) {
      const scans = allowed.lakeViews.includes(view.name) ? allowed.lakeScans : NO_SCANS;
      checked.push({ what: `view ${view.name}`, ast: view.ast, scans });
    } else foreign.push(`a view ${view.name}, which Trailscope does not make`);
  }
  for (const { name, ast } of expressions) checked.push({ what: name, ast, scans: NO_SCANS });
  const volatileNames = await volatileFunctions(reader);
  for (const { what, ast, scans } of checked) {
    const parsed = JSON.parse(ast) as { error?: boolean };
    if (parsed.error) foreign.push(`${what}, whose SQL Trailscope cannot read`);
    for (const called of tableFunctionsCalled(parsed))
      if (!scans.has(called)) foreign.push(`${what}, calling ${called}()`);
    for (const called of functionsCalled(parsed))
      if (volatileNames.has(called)) foreign.push(`${what}, calling ${called}()`);
  }
  if (foreign.length > 0)
    throw new TrailscopeError(
      'not-a-case',
      `This file holds SQL that Trailscope never writes into a case (${foreign.slice(0, 3).join('; ')}${foreign.length > 3 ? '; …' : ''}); DuckDB would run it as the case is read, so it is not opened.`,
    );
}

const NO_SCANS: ReadonlySet<string> = new Set();

let volatile: Promise<ReadonlySet<string>> | null = null;

/**
 * DuckDB's functions whose result or effect is not the same for the same arguments, by its own
 * catalog: read once a process, since listing every function takes about 15 ms.
 */
function volatileFunctions(reader: CaseReader): Promise<ReadonlySet<string>> {
  volatile ??= reader
    .rows<{ name: string }>(
      `SELECT DISTINCT function_name AS name FROM duckdb_functions() WHERE internal AND (stability = 'VOLATILE' OR has_side_effects)`,
    )
    .then((rows) => new Set(rows.map((r) => r.name.toLowerCase())))
    .catch((error: unknown) => {
      volatile = null;
      throw error;
    });
  return volatile;
}
