import fs from 'node:fs';
import { basename } from 'node:path';
import { TrailscopeError } from '../../shared/api/errors.ts';
import { publicKeysText } from '../../shared/api/integrity-schemas.ts';
import type {
  EventIntegrityCounts,
  IntegrityFileFilter,
  IntegrityGap,
  IntegrityRun,
  VerifyDone,
} from '../../shared/model/integrity.ts';
import { oneLineVisibleText } from '../../shared/visible-text.ts';
import { type CliCase, withCase } from './cli-case.ts';
import { type Command, EXIT_FAILED, EXIT_OK, parseCommand, refusePaths, requireCase } from './command.ts';
import { StreamedArray, type TextSink, writeJson } from './json-stream.ts';
import { runJob } from './run-job.ts';
import { type VerifyReport, verifyText } from './verify-text.ts';

/** Problems the text output lists before it points to --json for the rest. */
const SHOWN_PROBLEMS = 200;
/** The most rows `integrity:list-files`, `list-gaps` and `list-trails` answer at once. */
const PAGE = 100_000;

export const verifyCommand: Command = {
  name: 'verify',
  summary: "validate the case's CloudTrail digests and log files, offline",
  usage: `Usage: trailscope verify --case FILE [--keys FILE] [--json]

Validates the CloudTrail digest files in the case and the log files they list, from the
case alone: each digest's SHA256withRSA signature with the AWS public key it names, the
hash and signature chain between digests, that digests follow each other without a gap,
that every listed log file is present with its listed SHA-256 and nothing appended, and
which log files no digest lists. Each file is found valid, invalid, missing (listed, not in
the case), unlisted (in the case, listed by no digest) or unverifiable (nothing contradicts
it, but what would prove it is not in the case: a key, the next digest, head-object output).
The run is stored in the case and logged; the UI and reports show the latest one.

  --case FILE   the case file
  --keys FILE   the output of \`aws cloudtrail list-public-keys --output json\` covering the
                digests' regions and times; the keys are stored in the case and logged, and
                every later run uses them too. Without any key, hashes and the chain are
                checked but no signature is, so no digest can be valid.
  --json        print every file's verdict, every gap, the events per verdict and the
                summary as one JSON object:
                {"files": [{"kind": "log"|"digest", "s3_object", "path", "status", "reason", …}],
                 "gaps": [{"account", "region", "trail", "from", "to", "reason", …}],
                 "events": {"verified", "invalid-only", "unverified"},
                 "summary": {"run_id", "ran_at", "all_valid", "digests", "log_files",
                             "signatures", "gaps", "gap_hours", "keys", "keys_offered",
                             "trails", "notes", "unchecked", …}}
                Times are ISO 8601 UTC; a gap's "from" is inclusive, its "to" exclusive.

Without --json it prints a summary (what was checked, counts per verdict, signatures and
why some were not checked, keys, gaps, events), then the problems, worst first: invalid
and missing files, gaps, unlisted and unverifiable files (the first ${SHOWN_PROBLEMS}; --json gives all).

Exit status: 0 when every digest and log file in the case is valid and the digest chains
have no gap (and there was at least one file to check). 1 when anything is invalid,
missing, unlisted or unverifiable, when there is a gap, or when the case holds no trail
file at all: a wrong or absent key, which leaves every digest unverifiable, is 1. 2 on bad
usage, including a --keys file that cannot be read or is not list-public-keys output.
Events read from other sources (Event-history downloads, lookup-events output) are not
covered by digests: they are counted as unverified and do not change the exit status.

Example: trailscope verify --case acme.duckdb --keys list-public-keys.json`,

  async run(argv) {
    const { values, positionals } = parseCommand('verify', argv, {
      case: { type: 'string' },
      keys: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    const casePath = requireCase('verify', values.case);
    refusePaths('verify', positionals);
    const keys = values.keys === undefined ? null : readKeysFile(values.keys);
    return withCase(casePath, async (face) => {
      const done = await verification(face, keys);
      const { run_id: _run, ...events } = await face.request('integrity:count-events', {});
      const allValid = everythingChecks(done.run);
      if (values.json) {
        await writeVerifyJson(face, done, events, allValid, process.stdout);
      } else {
        process.stdout.write(verifyText(await reportFor(face, casePath, done, events, allValid)));
      }
      return allValid ? EXIT_OK : EXIT_FAILED;
    });
  },
};

/** The keys file as the request takes it: its text, named by its file name in the case log and the run. */
function readKeysFile(file: string): { text: string; origin: string } {
  if (file === '')
    throw new TrailscopeError(
      'usage',
      '--keys needs a FILE: the output of `aws cloudtrail list-public-keys --output json`',
    );
  const unreadable = (reason: string) => new TrailscopeError('usage', `cannot read --keys ${file}: ${reason}`);
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw unreadable('it is a folder');
    size = stat.size;
  } catch (error) {
    throw error instanceof TrailscopeError ? error : unreadable((error as Error).message);
  }
  // Checked before reading: the wrong file given here may be an archive of gigabytes.
  const max = publicKeysText.shape.text.maxLength ?? Infinity;
  if (size > max)
    throw new TrailscopeError(
      'usage',
      `--keys ${file} is ${size.toLocaleString('en-US')} bytes, more than list-public-keys output ever holds (a few kilobytes): is it the right file?`,
    );
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable((error as Error).message);
  }
  if (text.trim() === '')
    throw new TrailscopeError(
      'usage',
      `--keys ${file} is empty: save the output of \`aws cloudtrail list-public-keys --output json\` to it`,
    );
  return { text, origin: basename(file) };
}

/**
 * Runs the verification job. The only input a verification takes is the keys file, so its
 * refusal as invalid input (not list-public-keys output) is the user's to fix: bad usage,
 * exit 2, like a file that cannot be read.
 */
async function verification(face: CliCase, keys: { text: string; origin: string } | null): Promise<VerifyDone> {
  try {
    return await runJob(
      face,
      'verify',
      () => face.request('integrity:verify', keys ? { keys } : {}),
      'stopping; no run is stored',
    );
  } catch (error) {
    if (keys && error instanceof TrailscopeError && error.kind === 'invalid-input')
      throw new TrailscopeError('usage', `--keys: ${oneLineVisibleText(error.message)}`);
    throw error;
  }
}

/** Exit 0 only when there was something to check and all of it is proven: a key that verifies nothing is no success. */
function everythingChecks(run: IntegrityRun): boolean {
  const { digests, log_files: logs, gaps } = run.summary;
  const notValid = (c: typeof digests) => c.invalid + c.missing + c.unlisted + c.unverifiable;
  return digests.valid + logs.valid > 0 && notValid(digests) + notValid(logs) === 0 && gaps === 0;
}

/** Every row of a paged answer, a page at a time. */
async function* pagesOf<T>(page: (offset: number) => Promise<{ rows: T[]; total: number }>): AsyncGenerator<T[]> {
  for (let offset = 0; ; ) {
    const { rows, total } = await page(offset);
    if (rows.length > 0) yield rows;
    offset += rows.length;
    if (rows.length === 0 || offset >= total) return;
  }
}

const filePages = (face: Pick<CliCase, 'request'>, filter: IntegrityFileFilter) =>
  pagesOf((offset) => face.request('integrity:list-files', { ...filter, offset }));

type EventCounts = Omit<EventIntegrityCounts, 'run_id'>;

/**
 * The --json output: `{ files, gaps, events, summary }` with the run's trails in its summary, as
 * `controlSafeJson(…, 2)` writes it, the files, gaps and trails read and written a page at a
 * time: a case may hold millions of log files, and a forged one as many gaps or trails.
 */
export function writeVerifyJson(
  face: Pick<CliCase, 'request'>,
  done: VerifyDone,
  events: EventCounts,
  allValid: boolean,
  out: TextSink,
): Promise<void> {
  const { run, keys_imported } = done;
  const listed = { run_id: run.run_id, limit: PAGE };
  return writeJson(out, {
    // The documented fields first, in a fixed order; the rest as the API gives them.
    files: new StreamedArray(filePages(face, listed), ({ kind, s3_object, path, status, reason, ...rest }) => ({
      kind,
      s3_object,
      path,
      status,
      reason,
      ...rest,
    })),
    gaps: new StreamedArray(
      pagesOf((offset) => face.request('integrity:list-gaps', { ...listed, offset })),
      ({ account, region, trail, from, to, reason, ...rest }: IntegrityGap) => ({
        account,
        region,
        trail,
        from,
        to,
        reason,
        ...rest,
      }),
    ),
    events,
    summary: {
      run_id: run.run_id,
      ran_at: run.ran_at,
      trailscope_version: run.trailscope_version,
      all_valid: allValid,
      inputs: run.inputs,
      ...run.summary,
      keys_offered: run.keys,
      keys_imported,
      trails: new StreamedArray(pagesOf((offset) => face.request('integrity:list-trails', { ...listed, offset }))),
    },
  });
}

/**
 * What the text output shows: the run, the first problems worst first (invalid and missing
 * files, then gaps, then unlisted and unverifiable files) with how many there are in all,
 * and the digests whose signatures could not be checked, for the reasons.
 */
async function reportFor(
  face: CliCase,
  casePath: string,
  done: VerifyDone,
  events: EventCounts,
  allValid: boolean,
): Promise<VerifyReport> {
  const run_id = done.run.run_id;
  const worst = await face.request('integrity:list-files', {
    run_id,
    statuses: ['invalid', 'missing'],
    limit: SHOWN_PROBLEMS,
  });
  const gaps = done.run.gaps.slice(0, Math.max(0, SHOWN_PROBLEMS - worst.rows.length));
  const room = SHOWN_PROBLEMS - worst.rows.length - gaps.length;
  // A page holds at least one row; when there is no room left it is asked only for its total.
  const rest = await face.request('integrity:list-files', {
    run_id,
    statuses: ['unlisted', 'unverifiable'],
    limit: Math.max(1, room),
  });
  return {
    casePath,
    run: done.run,
    keysImported: done.keys_imported,
    events,
    allValid,
    worst: worst.rows,
    gaps,
    rest: room > 0 ? rest.rows : [],
    problems: worst.total + done.run.summary.gaps + rest.total,
  };
}
