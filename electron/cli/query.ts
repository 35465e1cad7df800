import { TrailscopeError } from '../../shared/api/errors.ts';
import type { Detection } from '../../shared/model/detection.ts';
import { MAX_FETCH_ROWS } from '../../shared/model/query.ts';
import { withCase } from './cli-case.ts';
import { type Command, EXIT_OK, parseCommand, requireCase } from './command.ts';
import { FORMATS, formatRows, moreHow, type OutputFormat } from './format-rows.ts';

const DEFAULT_LIMIT = 1000;

export const queryCommand: Command = {
  name: 'query',
  summary: 'run read-only SQL over a case',
  usage: `Usage: trailscope query --case FILE [--format table|csv|json|ndjson] [--limit N] SQL
       trailscope query --case FILE [--format …] [--limit N] --hunt ID
       trailscope query --hunts

Runs DuckDB SQL over the case and prints the last statement's result. Evidence tables
(events, sources, event_sources, rejected_records, ingests) can be read but never changed:
a statement that would write is refused and nothing runs.

  --case FILE     the case file
  --format F      table (default), csv (safe against spreadsheet formulas), json (an array
                  of row objects; BIGINT, DECIMAL and times as strings), ndjson
  --limit N       at most N rows (default ${DEFAULT_LIMIT}); an answer carries at most 64 MiB
                  and a text cell at most 64 KiB (the rest is cut, and the cell says how long
                  it was): the console's export (CSV, JSON, Parquet) carries every row whole
  --hunt ID       run a rule of the detection pack instead of SQL
  --hunts         list the detection pack's rules: id, severity, ATT&CK techniques, title

Example: trailscope query --case acme.duckdb "SELECT event_name, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC"`,

  async run(argv) {
    const { values, positionals } = parseCommand('query', argv, {
      case: { type: 'string' },
      format: { type: 'string', default: 'table' },
      limit: { type: 'string', default: String(DEFAULT_LIMIT) },
      hunt: { type: 'string' },
      hunts: { type: 'boolean' },
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
    const format = values.format as OutputFormat;
    if (!FORMATS.includes(format))
      throw new TrailscopeError('usage', `--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_FETCH_ROWS)
      throw new TrailscopeError(
        'usage',
        `--limit must be a whole number up to ${MAX_FETCH_ROWS}, not "${values.limit}"`,
      );
    if (values.hunt !== undefined && positionals.length > 0)
      throw new TrailscopeError('usage', 'Give either SQL or --hunt, not both');
    const sql = values.hunt === undefined ? positionals.join(' ').trim() : huntSql(await hunts(), values.hunt);
    if (sql === '') throw new TrailscopeError('usage', 'Give the SQL to run (see: trailscope query --help)');
    const result = await withCase(file, (face) => face.request('query:fetch', { sql, limit }));
    process.stdout.write(formatRows(result, format));
    if (!result.complete && format !== 'table')
      process.stderr.write(`trailscope: output stopped; more rows exist (${moreHow(result)})\n`);
    return EXIT_OK;
  },
};

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
