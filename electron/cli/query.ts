import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { TrailscopeError } from '../../shared/api/errors.ts';
import type { Detection } from '../../shared/model/detection.ts';
import { type ExportFormat, MAX_FETCH_ROWS, type QueryExport } from '../../shared/model/query.ts';
import { controlSafeJson, oneLineVisibleText } from '../../shared/visible-text.ts';
import { type CliCase, withCase } from './cli-case.ts';
import { type Command, EXIT_OK, parseCommand, requireCase } from './command.ts';
import { copyChecked } from './copy-checked.ts';
import { FORMATS, formatRows, moreHow, type OutputFormat } from './format-rows.ts';

const DEFAULT_LIMIT = 1000;
const FILE_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'parquet'];

export const queryCommand: Command = {
  name: 'query',
  summary: 'run read-only SQL over a case',
  usage: `Usage: trailscope query --case FILE [--format table|csv|json|ndjson] [--limit N] SQL
       trailscope query --case FILE --out PATH [--format csv|json|parquet] [--json] SQL
       trailscope query --case FILE [--format …] [--limit N] [--out PATH] --hunt ID
       trailscope query --hunts

Runs DuckDB SQL over the case and prints the last statement's result. Evidence tables
(events, sources, event_sources, rejected_records, ingests) can be read but never changed:
a statement that would write is refused and nothing runs.

  --case FILE     the case file
  --format F      table (default), csv (safe against spreadsheet formulas), json (an array
                  of row objects; BIGINT, DECIMAL and times as strings), ndjson
  --limit N       at most N rows (default ${DEFAULT_LIMIT}); an answer carries at most 64 MiB
                  and a text cell at most 64 KiB (the rest is cut, and the cell says how long
                  it was): --out carries every row whole
  --out PATH      write the whole result, every row and cell as stored, to PATH (replaced if
                  it exists) instead of printing it: CSV (safe against spreadsheet formulas),
                  JSON (one array) or Parquet, by --format or by the extension of PATH. It is
                  written as the console's export is, to the case's exports folder
                  (CASE.exports/) with its SHA-256 in the case log, and copied byte for byte
  --json          with --out, print what was written as JSON: path, format, rows, bytes,
                  sha256 and case_export (the copy in the case's exports folder)
  --hunt ID       run a rule of the detection pack instead of SQL
  --hunts         list the detection pack's rules: id, severity, ATT&CK techniques, title

Examples: trailscope query --case acme.duckdb "SELECT event_name, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC"
          trailscope query --case acme.duckdb --out logins.parquet "SELECT * FROM events WHERE event_name = 'ConsoleLogin'"`,

  async run(argv) {
    const { values, positionals } = parseCommand('query', argv, {
      case: { type: 'string' },
      format: { type: 'string' },
      limit: { type: 'string' },
      hunt: { type: 'string' },
      hunts: { type: 'boolean' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    if (values.hunts) {
      process.stdout.write(huntList(await hunts()));
      return EXIT_OK;
    }
    const file = requireCase('query', values.case);
    if (values.json && values.out === undefined)
      throw new TrailscopeError('usage', '--json describes what --out wrote: for rows as JSON, give --format json');
    if (values.hunt !== undefined && positionals.length > 0)
      throw new TrailscopeError('usage', 'Give either SQL or --hunt, not both');
    const sql = values.hunt === undefined ? positionals.join(' ').trim() : huntSql(await hunts(), values.hunt);
    if (sql === '') throw new TrailscopeError('usage', 'Give the SQL to run (see: trailscope query --help)');
    if (values.out !== undefined) {
      if (values.limit !== undefined)
        throw new TrailscopeError('usage', '--out writes every row: leave out --limit, or LIMIT in the SQL');
      const format = fileFormat(values.out, values.format);
      const written = await withCase(file, (face) => exportTo(face, sql, format, path.resolve(values.out!), file));
      process.stdout.write(
        values.json
          ? `${controlSafeJson(written, 2)}\n`
          : `wrote ${oneLineVisibleText(written.path)} (${format}, ${written.rows} rows, ${written.bytes} bytes, SHA-256 ${written.sha256})\n`,
      );
      return EXIT_OK;
    }
    const format = (values.format ?? 'table') as OutputFormat;
    if (!FORMATS.includes(format))
      throw new TrailscopeError('usage', `--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
    const limit = Number(values.limit ?? DEFAULT_LIMIT);
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_FETCH_ROWS)
      throw new TrailscopeError(
        'usage',
        `--limit must be a whole number up to ${MAX_FETCH_ROWS}, not "${values.limit}"`,
      );
    const result = await withCase(file, (face) => face.request('query:fetch', { sql, limit }));
    process.stdout.write(formatRows(result, format));
    if (!result.complete && format !== 'table')
      process.stderr.write(`trailscope: output stopped; more rows exist (${moreHow(result)})\n`);
    return EXIT_OK;
  },
};

/**
 * The whole result, through the console's own export: run and kept, written by DuckDB into the
 * case's exports folder and logged there, then copied to `out`.
 */
async function exportTo(
  face: CliCase,
  sql: string,
  format: ExportFormat,
  out: string,
  casePath: string,
): Promise<QueryExport & { case_export: string }> {
  const { query_id } = await face.request('query:run', { query_id: randomUUID(), sql });
  const exported = await face.request('query:export', { query_id, format });
  await copyChecked(exported.path, out, exported.sha256, casePath);
  return { ...exported, path: out, case_export: exported.path };
}

function fileFormat(out: string, given: string | undefined): ExportFormat {
  const format = given ?? path.extname(out).toLowerCase().slice(1);
  if ((FILE_FORMATS as readonly string[]).includes(format)) return format as ExportFormat;
  throw new TrailscopeError(
    'usage',
    given === undefined
      ? `cannot tell the format from "${path.basename(out)}": give --format ${FILE_FORMATS.join('|')}`
      : `with --out, --format must be one of ${FILE_FORMATS.join(', ')}, not "${given}"`,
  );
}

/** The detection pack's rules, which need no case. */
const hunts = () => withCase(null, (face) => face.request('query:list-hunts', {}));

/** One rule a line: its id, its severity, its ATT&CK techniques, its title, in columns. */
export function huntList(hunts: Detection[]): string {
  const column = (texts: string[]) => {
    const width = Math.max(...texts.map((t) => t.length));
    return texts.map((t) => t.padEnd(width));
  };
  const ids = column(hunts.map((h) => h.id));
  const severities = column(hunts.map((h) => h.severity));
  const techniques = column(hunts.map((h) => h.attack.join(',')));
  return hunts.map((h, i) => `${ids[i]}  ${severities[i]}  ${techniques[i]}  ${h.title}\n`).join('');
}

function huntSql(hunts: Detection[], id: string): string {
  const hunt = hunts.find((h) => h.id === id);
  if (!hunt) throw new TrailscopeError('usage', `no hunting query "${id}" (list them with: trailscope query --hunts)`);
  return hunt.sql;
}
