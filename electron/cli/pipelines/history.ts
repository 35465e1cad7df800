import type { CallFacts, PipelineHistory, PipelineLineage } from '../../../shared/model/pipeline.ts';
import { controlSafeJson, oneLineVisibleText } from '../../../shared/visible-text.ts';
import { withCase } from '../cli-case.ts';
import { type Command, EXIT_OK, parseCommand, requireCase } from '../command.ts';
import { SELECTOR_OPTIONS, selector } from './pipeline-options.ts';

export const historyCommand: Command = {
  name: 'history',
  summary: "a pipeline's versions, failed attempts, activity and gaps",
  usage: `Usage: trailscope pipelines history --case FILE NAME [--account A] [--region R] [--json]

Every version of the pipeline the logs hold, in version order, with who made it, when and
from where; failed changes as attempts; executions, approvals, transitions and webhooks
between versions; and what the logs do not show (missing versions, omitted or elided
declarations, a creation not in the logs).

  --case FILE    the case file
  --account A    the pipeline's account, when the name exists in several
  --region R     the pipeline's region, when the name exists in several
  --json         {"name", "account", "region", "lineages": [{"versions", "attempts",
                 "activity", "gaps", "deleted_at", ...}]}, declarations included`,

  async run(argv) {
    const { values, positionals } = parseCommand('pipelines history', argv, SELECTOR_OPTIONS);
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return EXIT_OK;
    }
    const file = requireCase('pipelines history', values.case);
    const wanted = selector(positionals[0], values, 'history');
    const history = await withCase(file, (face) => face.request('pipeline:get-history', wanted));
    process.stdout.write(values.json ? `${controlSafeJson(history, 2)}\n` : historyText(history));
    return EXIT_OK;
  },
};

function who(call: CallFacts): string {
  const name = call.user_name ?? call.actor_arn ?? call.identity_type ?? 'unknown caller';
  const parts = [name];
  if (call.actor_arn && call.actor_arn !== name) parts.push(`(${call.actor_arn})`);
  if (call.access_key_id) parts.push(`key ${call.access_key_id}`);
  if (call.mfa !== null) parts.push(call.mfa ? 'MFA' : 'no MFA');
  if (call.source_ip) parts.push(`from ${call.source_ip}`);
  return parts.join(' ');
}

interface Line {
  time: string;
  order: number;
  text: string[];
}

function lineageText(lineage: PipelineLineage): string[] {
  const lines: Line[] = [];
  for (const v of lineage.versions) {
    const text = [`  v${v.version}${v.version_derived ? '*' : ''}  ${v.event_time}  ${v.event_name} by ${who(v)}`];
    text.push(
      `        agent ${v.user_agent ?? '-'}; event ${v.event_id ?? v.event_key}; declaration ${v.declaration_status}${v.declaration_from ? ` (from ${v.declaration_from})` : ''}`,
    );
    lines.push({ time: v.event_time, order: 0, text });
  }
  for (const a of lineage.attempts) {
    lines.push({
      time: a.event_time,
      order: 1,
      text: [
        `  x   ${a.event_time}  ${a.event_name} FAILED by ${who(a)}: ${a.error_code}${a.error_message ? ` ${a.error_message}` : ''}`,
      ],
    });
  }
  for (const a of lineage.activity) {
    const details = Object.entries(a.details)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const failed = a.error_code ? ` FAILED: ${a.error_code}` : '';
    lines.push({
      time: a.event_time,
      order: 2,
      text: [`  ·   ${a.event_time}  ${a.event_name} by ${who(a)}${failed}${details ? `  ${details}` : ''}`],
    });
  }
  if (lineage.deleted)
    lines.push({
      time: lineage.deleted.event_time,
      order: 3,
      text: [`  ✕   ${lineage.deleted.event_time}  DeletePipeline by ${who(lineage.deleted)}`],
    });
  lines.sort((a, b) => a.time.localeCompare(b.time) || a.order - b.order);

  const header = `lineage ${lineage.lineage}: ${counted(lineage.versions.length, 'version record')}, ${counted(lineage.attempts.length, 'failed attempt')}, ${counted(lineage.activity.length, 'other call')}${lineage.deleted_at ? `, deleted ${lineage.deleted_at}` : ''}`;
  const gaps = lineage.gaps.map((g) => `  gap: ${g.message}`);
  return [header, ...gaps, ...lines.flatMap((l) => l.text)];
}

function historyText(history: PipelineHistory): string {
  const lines = [
    `${history.name}  account ${history.account}  ${history.region}  (times UTC; * = version number counted, not stated)`,
    ...history.lineages.flatMap((lineage) => ['', ...lineageText(lineage)]),
  ];
  return `${lines.map(oneLineVisibleText).join('\n')}\n`;
}

const counted = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
