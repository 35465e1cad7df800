import path from 'node:path';
import { TrailscopeError } from '../../shared/api/errors.ts';
import { type ReportExport, type ReportFormat, reportFormats } from '../../shared/model/report.ts';
import { controlSafeJson, oneLineVisibleText } from '../../shared/visible-text.ts';
import { withCase } from './cli-case.ts';
import { type Command, EXIT_OK, parseCommand, requireCase } from './command.ts';
import { copyChecked } from './copy-checked.ts';
import { runJob } from './run-job.ts';

const EXTENSIONS: Record<string, ReportFormat> = {
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.md': 'md',
  '.markdown': 'md',
  '.json': 'json',
};

export const reportCommand: Command = {
  name: 'report',
  summary: "write an incident report of a case's findings (HTML, PDF, Markdown or JSON)",
  usage: `Usage: trailscope report --case FILE --out PATH [--format html|pdf|md|json] [--title T] [--json]

  --case FILE     the case file
  --out PATH      the report file to write (replaced if it exists)
  --format F      html (one self-contained file), pdf (printed by Chromium or Chrome),
                  md or json; by default from the extension of --out
  --title T       the report's title; by default the case name, if one was given
  --json          print what was written as JSON: path, name, format, bytes, sha256,
                manifest_csv (path, name, bytes, sha256) and case_export (the report
                in the case's exports folder)

The report holds the case's findings in their order, with their evidence; a case with no
findings gets a summary report: the case overview, every pipeline's history, and the
evidence manifest. The manifest's complete list of source files, with their SHA-256, is a
CSV written beside the report, which names it with its own SHA-256. Both are written to the
case's exports folder (CASE.exports/), where their SHA-256 are recorded in the case log,
and copied byte for byte beside --out (the CSV under the name the report gives it).
Ctrl+C stops it; nothing is written then.
PDF needs Chromium, Chrome or Edge: set TRAILSCOPE_CHROMIUM if it is not found.`,

  async run(argv) {
    const { values } = parseCommand('report', argv, {
      case: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      title: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    const casePath = requireCase('report', values.case);
    if (!values.out) throw new TrailscopeError('usage', '--out PATH is required (see: trailscope report --help)');
    const format = chooseFormat(values.out, values.format);
    const exported = await withCase(casePath, (face) =>
      runJob(
        face,
        'report',
        () => face.request('report:export', { format, ...(values.title ? { title: values.title } : {}) }),
        'stopping; no report is written',
      ),
    );
    const written = { ...(await copyTo(exported, values.out, casePath)), case_export: exported.path };
    const csv = written.manifest_csv;
    process.stdout.write(
      values.json
        ? `${controlSafeJson(written, 2)}\n`
        : `wrote ${oneLineVisibleText(written.path)} (${format}, ${written.bytes} bytes, SHA-256 ${written.sha256})\n` +
            `wrote ${oneLineVisibleText(csv.path)} (the manifest as CSV, ${csv.bytes} bytes, SHA-256 ${csv.sha256})\n`,
    );
    return EXIT_OK;
  },
};

/** The case's own copy of the report, copied where the user asked, and its manifest CSV beside it under the name the report gives it. */
async function copyTo(exported: ReportExport, out: string, casePath: string): Promise<ReportExport> {
  const target = path.resolve(out);
  const csv = path.join(path.dirname(target), exported.manifest_csv.name);
  await copyChecked(exported.path, target, exported.sha256, casePath);
  await copyChecked(exported.manifest_csv.path, csv, exported.manifest_csv.sha256, casePath);
  return {
    ...exported,
    path: target,
    name: path.basename(target),
    manifest_csv: { ...exported.manifest_csv, path: csv },
  };
}

function chooseFormat(out: string, given: string | undefined): ReportFormat {
  if (given !== undefined) {
    if (!(reportFormats as readonly string[]).includes(given))
      throw new TrailscopeError('usage', `--format must be one of ${reportFormats.join(', ')}, not "${given}"`);
    return given as ReportFormat;
  }
  const fromName = EXTENSIONS[path.extname(out).toLowerCase()];
  if (!fromName)
    throw new TrailscopeError(
      'usage',
      `cannot tell the format from "${path.basename(out)}": give --format ${reportFormats.join('|')}`,
    );
  return fromName;
}
