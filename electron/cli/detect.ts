import fs from 'node:fs';
import path from 'node:path';
import { TrailscopeError } from '../../shared/api/errors.ts';
import {
  type Detection,
  type DetectionHit,
  type DetectionSeverity,
  detectionSeverities,
  type SigmaImportResult,
} from '../../shared/model/detection.ts';
import { controlSafeJson } from '../../shared/visible-text.ts';
import { type CliCase, withCase } from './cli-case.ts';
import { type Command, EXIT_OK, parseCommand, refusePaths } from './command.ts';
import { detectText, rulesText, sigmaText } from './detect-text.ts';
import { runJob } from './run-job.ts';

/** The most hits `detect:list-hits` answers at once. */
const PAGE = 1000;
/** Sigma files are a few kilobytes; the request refuses past this. */
const MAX_SIGMA_BYTES = 256 * 1024;

export const detectCommand: Command = {
  name: 'detect',
  summary: 'run the detection pack (and your Sigma rules) over a case',
  usage: `Usage: trailscope detect --case FILE [--json] [--rule ID]... [--min-severity S] [--import-sigma PATH]...
       trailscope detect --list [--case FILE] [--json]

Runs every detection over the case (the pack, then the case's own Sigma rules) and stores the
results in the case, replacing the earlier ones; the run is logged. Then prints a summary by
severity and every hit: the rule, its ATT&CK techniques, when, how many events, and who or
what the rule names. Ingest runs the pack by itself after each ingest; this runs it again.

  --case FILE          the case file
  --rule ID            run only this rule (repeatable); the other rules keep their results
  --min-severity S     print only hits of rules at least this severe: ${detectionSeverities.join(', ')}
  --import-sigma PATH  import Sigma rules first (a .yml/.yaml file, or a folder of them);
                       each rule is imported into the case or refused with its reason
  --list               list the rules instead (the pack's, and the case's own with --case)
  --json               print one JSON object:
                       {"rules": N, "hits": [{"rule", "title", "severity", "attack": [ids],
                        "event_keys": [...], "count", "first", "last", "context"}], "failed": [...]}
                       event_keys lists every event a hit rests on, at most 1,000 (oldest
                       first); count is exact. With --list: the rules as an array.

Exit status: 0 when the detections ran (whether or not anything was found), 1 on a fatal
error, 2 on bad usage (an unknown rule, a Sigma file that cannot be read).

Example: trailscope detect --case acme.duckdb --min-severity high`,

  async run(argv) {
    const { values, positionals } = parseCommand('detect', argv, {
      case: { type: 'string' },
      json: { type: 'boolean' },
      rule: { type: 'string', multiple: true },
      'min-severity': { type: 'string' },
      'import-sigma': { type: 'string', multiple: true },
      list: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    refusePaths('detect', positionals);
    const minSeverity = severityOf(values['min-severity']);
    const casePath = values.case === undefined || values.case === '' ? null : values.case;
    if (values.list) return list(casePath, values.json === true);
    if (casePath === null)
      throw new TrailscopeError('usage', '--case FILE is required (see: trailscope detect --help)');
    const sigma = (values['import-sigma'] ?? []).flatMap(sigmaFiles);

    return withCase(casePath, async (face) => {
      const imported = sigma.length > 0 ? await face.request('detect:import-sigma', { files: sigma }) : [];
      const rules = values.rule;
      const done = await runJob(
        face,
        'detect',
        () => face.request('detect:run', rules ? { rules } : {}),
        'stopping; the earlier results are kept',
      );
      const overview = await face.request('detect:overview', {});
      const ran = overview.rules.filter((r) => r.result?.run_id === done.run.run_id).map((r) => r.detection);
      const hits = await allHits(face, rules, minSeverity);
      const byId = new Map(overview.rules.map((r) => [r.detection.id, r.detection]));
      if (values.json) {
        process.stdout.write(`${controlSafeJson(detectJson(ran.length, hits, byId, done.failed, imported), 2)}\n`);
      } else {
        if (imported.length > 0) process.stdout.write(sigmaText(imported));
        process.stdout.write(detectText(done, ran, hits, byId, minSeverity));
      }
      return EXIT_OK;
    });
  },
};

async function list(casePath: string | null, json: boolean): Promise<number> {
  const rules: Detection[] = await withCase(casePath, async (face) =>
    casePath === null
      ? face.request('query:list-hunts', {})
      : (await face.request('detect:overview', {})).rules.map((r) => r.detection),
  );
  process.stdout.write(json ? `${controlSafeJson(rules, 2)}\n` : rulesText(rules));
  return EXIT_OK;
}

function severityOf(value: string | undefined): DetectionSeverity {
  if (value === undefined) return 'low';
  const found = detectionSeverities.find((s) => s === value.toLowerCase());
  if (!found)
    throw new TrailscopeError(
      'usage',
      `--min-severity must be one of ${detectionSeverities.join(', ')}, not "${value}" (see: trailscope detect --help)`,
    );
  return found;
}

/** A Sigma file, or every .yml/.yaml under a folder, as the import request takes them. */
function sigmaFiles(given: string): { name: string; text: string }[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(given);
  } catch {
    throw new TrailscopeError('usage', `--import-sigma ${given}: no such file or folder`);
  }
  const files = stat.isDirectory()
    ? fs
        .readdirSync(given, { recursive: true, encoding: 'utf8' })
        .filter((name) => /\.ya?ml$/i.test(name))
        .sort()
        .map((name) => path.join(given, name))
    : [given];
  if (files.length === 0) throw new TrailscopeError('usage', `--import-sigma ${given}: no .yml or .yaml file in it`);
  return files.map((file) => {
    const size = fs.statSync(file).size;
    if (size > MAX_SIGMA_BYTES)
      throw new TrailscopeError(
        'usage',
        `--import-sigma ${file}: ${size} bytes is past the ${MAX_SIGMA_BYTES} a rule file may hold`,
      );
    return { name: path.basename(file), text: fs.readFileSync(file, 'utf8') };
  });
}

async function allHits(
  face: CliCase,
  rules: string[] | undefined,
  minSeverity: DetectionSeverity,
): Promise<DetectionHit[]> {
  const hits: DetectionHit[] = [];
  for (const rule of rules ?? [undefined]) {
    for (let offset = 0; ; offset += PAGE) {
      const page = await face.request('detect:list-hits', {
        ...(rule ? { rule_id: rule } : {}),
        min_severity: minSeverity,
        offset,
        limit: PAGE,
      });
      hits.push(...page.hits);
      if (offset + PAGE >= page.total) break;
    }
  }
  return hits;
}

function detectJson(
  rules: number,
  hits: DetectionHit[],
  byId: Map<string, Detection>,
  failed: { rule_id: string; error: string }[],
  imported: SigmaImportResult[],
) {
  return {
    rules,
    hits: hits.map((h) => {
      const rule = byId.get(h.rule_id);
      return {
        rule: h.rule_id,
        title: rule?.title ?? h.rule_id,
        severity: rule?.severity ?? null,
        attack: rule?.attack ?? [],
        event_keys: h.event_keys,
        count: h.event_count,
        first: h.first_time,
        last: h.last_time,
        context: h.context,
      };
    }),
    failed,
    ...(imported.length > 0 ? { sigma: imported } : {}),
  };
}
