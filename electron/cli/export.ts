import path from 'node:path';
import { TrailscopeError } from '../../shared/api/errors.ts';
import type { LakeExportSummary, LakeRowCounts } from '../../shared/model/lake.ts';
import { controlSafeJson, oneLineVisibleText } from '../../shared/visible-text.ts';
import { withCase } from './cli-case.ts';
import { type Command, EXIT_OK, parseCommand, refusePaths, requireCase } from './command.ts';
import { runJob } from './run-job.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a case as a Parquet lake for Athena, Trino and Spark',
  usage: `Usage: trailscope export --case FILE --parquet DIR [--since T] [--until T] [--json]

Writes the case's evidence into DIR as Hive-partitioned Parquet, with DDL for Athena, Trino
and Spark, a README on uploading and querying it, and the detections that run on Athena/Trino:

  DIR/events/account=…/region=…/date=YYYY-MM-DD/part-….parquet
  DIR/sources/, event_sources/, pipeline_calls/ (and integrity_* once the case was verified)
  DIR/ddl/athena.sql, trino.sql, spark.sql    DIR/detections/athena/*.sql    DIR/README.md
  DIR/MANIFEST.json   every file's SHA-256, the case and its source manifest, the exports so far

Exporting again into the same DIR adds only what no earlier export wrote, in new files; no
data file is replaced or deleted. The DDL, README and detections are rewritten when the lake
grew and they are still as an earlier export wrote them, and the summary lists them; a file
whose bytes differ from the manifest is reported and left as it is. The export, with the
SHA-256 of MANIFEST.json, is recorded in the case log.

  --case FILE     the case file
  --parquet DIR   the lake folder: new, empty, or an earlier export of this case
  --since T       only events at or after T (a UTC date YYYY-MM-DD, or an ISO time)
  --until T       only events before T
  --json          print what the export did as JSON: export, added (files, bytes, rows),
                  already_there, changed, missing, updated, kept, manifest_sha256

Exit status: 0 when the export ran (even when nothing was new), 1 on a fatal error (a DIR
that is neither empty nor a lake of this case, say), 2 on bad usage.

Example: trailscope export --case acme.duckdb --parquet /data/acme-lake --since 2024-05-01`,

  async run(argv) {
    const { values, positionals } = parseCommand('export', argv, {
      case: { type: 'string' },
      parquet: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    refusePaths('export', positionals);
    const casePath = requireCase('export', values.case);
    if (!values.parquet)
      throw new TrailscopeError('usage', '--parquet DIR is required (see: trailscope export --help)');
    const window = {
      ...(values.since === undefined ? {} : { since: instant('--since', values.since) }),
      ...(values.until === undefined ? {} : { until: instant('--until', values.until) }),
    };
    const dir = path.resolve(values.parquet);
    const summary = await withCase(casePath, (face) =>
      runJob(
        face,
        'lake-export',
        () => face.request('lake:export', { dir, ...window }),
        'stopping; nothing is added to the lake',
      ),
    );
    process.stdout.write(values.json ? `${controlSafeJson(jsonOf(summary), 2)}\n` : summaryText(summary));
    return EXIT_OK;
  },
};

/** A date is its UTC midnight; a time without a zone is refused rather than read in the machine's. */
function instant(flag: string, given: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(given) ? `${given}T00:00:00Z` : given;
  const ms = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms))
    throw new TrailscopeError(
      'usage',
      `${flag} "${given}" is not a UTC date (YYYY-MM-DD) or an ISO time with its zone (2024-05-01T12:00:00Z)`,
    );
  return new Date(ms).toISOString();
}

function jsonOf(s: LakeExportSummary) {
  return {
    dir: s.dir,
    export: s.export,
    since: s.since,
    until: s.until,
    added: s.added,
    already_there: s.alreadyThere,
    changed: s.changed,
    missing: s.missing,
    updated: s.updated,
    kept: s.kept,
    manifest_sha256: s.manifestSha256,
    seconds: s.seconds,
  };
}

const rowsText = (rows: LakeRowCounts) =>
  Object.entries(rows)
    .map(([table, n]) => `${n.toLocaleString('en-US')} ${table}`)
    .join(', ') || 'no rows';

function summaryText(s: LakeExportSummary): string {
  const dir = oneLineVisibleText(s.dir);
  const lines =
    s.export === null
      ? [
          `nothing new to export: ${dir} already holds this case's evidence${s.since || s.until ? ' for that window' : ''}`,
        ]
      : [
          `export ${s.export} into ${dir}: ${rowsText(s.added.rows)}`,
          `  ${s.added.files.length} files added, ${(s.added.bytes / 1e6).toFixed(1)} MB, in ${s.seconds.toFixed(1)} s`,
          `  MANIFEST.json SHA-256 ${s.manifestSha256} (recorded in the case log)`,
        ];
  if (s.alreadyThere.exports > 0)
    lines.push(
      `already there: ${s.alreadyThere.files} files from ${s.alreadyThere.exports} earlier export(s): ${rowsText(s.alreadyThere.rows)}`,
    );
  const list = (what: string, names: string[]) => {
    if (names.length > 0)
      lines.push(
        `${what} (${names.length}): ${names.slice(0, 10).map(oneLineVisibleText).join(', ')}${names.length > 10 ? ', …' : ''}`,
      );
  };
  list('CHANGED since the manifest recorded them, left as they are', s.changed);
  list('MISSING from the folder', s.missing);
  list('updated to describe the lake as it is now', s.updated);
  list('kept as someone left them, not updated', s.kept);
  return `${lines.join('\n')}\n`;
}
