import fs from 'node:fs';
import { TrailscopeError } from '../../shared/api/errors.ts';
import { cancelledWords, counted, ingestCounts } from '../../shared/ingest-outcome.ts';
import type { DetectDone } from '../../shared/model/detection.ts';
import type { IngestSummary } from '../../shared/model/ingest.ts';
import { controlSafeJson, oneLineVisibleText } from '../../shared/visible-text.ts';
import { withCase } from './cli-case.ts';
import { type Command, EXIT_OK, parseCommand, requireCase } from './command.ts';
import { runJob } from './run-job.ts';

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'load CloudTrail files, folders and archives into a case',
  usage: `Usage: trailscope ingest --case FILE [--json] [--no-detect] PATH...

Loads every CloudTrail file found under the PATHs into the case, creating it if needed:
folders (recursively), .json, .json.gz, .jsonl, .csv, .zip, .tar, .tar.gz, archives inside
archives, in the S3 layout (AWSLogs/[o-org/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/) or not.
Files are recognized by content: trail logs, Insights, digests (recorded, not loaded as
events), Event-history downloads (JSON, CSV), lookup-events output, CloudWatch Logs
exports and JSON lines. A broken file is recorded with its error and the rest loads.
Running it again on the same files adds nothing. Ctrl+C stops after the current file: the
batches committed before stay whole, the open one is discarded, and the summary says which.

  --case FILE   the case file (created when missing)
  --json        print one JSON object at the end:
                {"files", "events_added", "duplicates", "errors": [{"path", "message"}], "seconds",
                 "conflicts", "batches", "cancelled", "discarded": {"files", "records"} | null,
                 "detections": {"run_id", "rules_run", "hits", "failed"} | null}
  --no-detect   skip the detection run after this ingest, for a batch of ingests
                followed by one trailscope detect; "detections" is then null

After the ingest, the detection pack runs over the whole case (see: trailscope detect --help).
Until it runs again after --no-detect, the detections view says how many events the latest
run did not cover.

Exit status: 0 when the ingest finished (even if some files had errors: they are listed),
1 on a fatal error, 2 on bad usage.`,

  async run(argv) {
    const { values, positionals } = parseCommand('ingest', argv, {
      case: { type: 'string' },
      json: { type: 'boolean' },
      'no-detect': { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    const file = requireCase('ingest', values.case);
    if (positionals.length === 0)
      throw new TrailscopeError('usage', 'Give at least one file or folder to ingest (see: trailscope ingest --help)');
    // Ingest refuses missing paths too, but only once the case is open: a typo must not leave an
    // empty case file behind.
    const missing = positionals.find((given) => fs.lstatSync(given, { throwIfNoEntry: false }) === undefined);
    if (missing !== undefined) throw new TrailscopeError('not-found', `No such file or folder: ${missing}`);
    const { summary, detections } = await withCase(
      file,
      async (face) => {
        let detectJobId: string | null = null;
        const summary = await runJob(
          face,
          'ingest',
          async () => {
            const started = await face.request('ingest:start', { paths: positionals, detect: !values['no-detect'] });
            detectJobId = started.detectJobId;
            return started;
          },
          'stopping; the open batch is discarded, committed ones stay',
        );
        // The pack runs queued behind the ingest; the CLI waits for it as the UI does.
        const queued = detectJobId;
        const detections =
          queued === null
            ? null
            : await runJob(
                face,
                'detect',
                async () => ({ jobId: queued }),
                'stopping the detections; their earlier results are kept',
              );
        return { summary, detections };
      },
      { create: true },
    );
    process.stdout.write(
      values.json
        ? `${controlSafeJson({ ...jsonSummary(summary), detections: detections && jsonDetections(detections) }, 2)}\n`
        : `${textSummary(summary)}${textDetections(detections)}`,
    );
    return EXIT_OK;
  },
};

function jsonSummary(s: IngestSummary) {
  return {
    files: s.files,
    events_added: s.events_added,
    duplicates: s.duplicates,
    errors: s.errors,
    error_files: s.error_files,
    seconds: Number(s.seconds.toFixed(3)),
    unchanged_files: s.unchanged,
    records: s.records,
    rejected_records: s.rejected,
    conflicts: s.conflicts,
    batches: s.batches,
    cancelled: s.cancelled,
    discarded: s.discarded,
  };
}

function jsonDetections(d: DetectDone) {
  return { run_id: d.run.run_id, rules_run: d.run.rules_run, hits: d.hits, failed: d.failed };
}

function textDetections(d: DetectDone | null): string {
  if (d === null) return 'Detections: not run (--no-detect); trailscope detect --case FILE runs them.\n';
  const failed = d.failed.length > 0 ? ` ${d.failed.length} rule(s) failed.` : '';
  return `Detections: ${d.run.rules_run} rules run, ${d.hits} hit${d.hits === 1 ? '' : 's'} (trailscope detect --case FILE lists them).${failed}\n`;
}

function textSummary(s: IngestSummary): string {
  const lines = [
    s.cancelled
      ? `${cancelledWords(s)} (${s.seconds.toFixed(1)} s)`
      : `Done in ${s.seconds.toFixed(1)} s: ${ingestCounts(s)}.`,
  ];
  if (s.conflicts > 0)
    lines.push(
      'Two deliveries of one event with different bodies are evidence of tampering or of a bad export: both bodies are in the table event_conflicts.',
    );
  if (s.error_files > 0) {
    lines.push(`${counted(s.error_files, 'file', 'files')} with errors (the rest loaded):`);
    for (const e of s.errors) lines.push(`  ${oneLineVisibleText(e.path)}: ${oneLineVisibleText(e.message)}`);
    const more = s.error_files - s.errors.length;
    if (more > 0)
      lines.push(
        `  … and ${counted(more, 'other', 'others')}, each in the case's sources table: trailscope query --case FILE "SELECT path, member, error FROM sources WHERE status = 'error'"`,
      );
  }
  return `${lines.join('\n')}\n`;
}
