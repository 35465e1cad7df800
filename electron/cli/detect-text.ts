import type {
  DetectDone,
  Detection,
  DetectionHit,
  DetectionSeverity,
  SigmaImportResult,
} from '../../shared/model/detection.ts';
import type { JsonValue } from '../../shared/model/json.ts';
import { oneLineVisibleText } from '../../shared/visible-text.ts';

/** Events a hit line names before it says how many more there are. */
const KEYS_SHOWN = 3;
/** A context value is cut to this many characters on the terminal; --json has it whole. */
const VALUE_CHARS = 120;

const order: DetectionSeverity[] = ['critical', 'high', 'medium', 'low'];
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The run, hits per severity, failures, then every hit grouped by rule, most severe first. */
export function detectText(
  done: DetectDone,
  ran: Detection[],
  hits: DetectionHit[],
  byId: Map<string, Detection>,
  minSeverity: DetectionSeverity,
): string {
  const lines = [
    `Detections: ${plural(ran.length, 'rule')} run over ${plural(done.run.events_in_case, 'event')} (run ${done.run.run_id}); ${plural(done.hits, 'hit')} in all.`,
  ];
  for (const severity of order) {
    const rules = ran.filter((r) => r.severity === severity);
    const count = hits.filter((h) => byId.get(h.rule_id)?.severity === severity).length;
    const firing = new Set(hits.filter((h) => byId.get(h.rule_id)?.severity === severity).map((h) => h.rule_id));
    if (order.indexOf(severity) > order.indexOf(minSeverity)) continue;
    lines.push(
      `  ${severity.padEnd(8)} ${plural(count, 'hit').padStart(10)} from ${firing.size} of ${plural(rules.length, 'rule')}`,
    );
  }
  for (const failure of done.failed)
    lines.push(`  failed: ${oneLineVisibleText(failure.rule_id)}: ${oneLineVisibleText(failure.error)}`);
  let rule: string | null = null;
  for (const hit of hits) {
    if (hit.rule_id !== rule) {
      rule = hit.rule_id;
      const detection = byId.get(rule);
      lines.push(
        '',
        `${(detection?.severity ?? '?').toUpperCase()}  ${oneLineVisibleText(rule)}  ${oneLineVisibleText(detection?.title ?? '')}  [${(detection?.attack ?? []).join(', ')}]`,
      );
    }
    lines.push(`  ${hitLine(hit)}`);
  }
  if (hits.length === 0) lines.push('', 'No hits.');
  return `${lines.join('\n')}\n`;
}

function hitLine(hit: DetectionHit): string {
  const when = hit.first_time === hit.last_time ? hit.first_time : `${hit.first_time} → ${hit.last_time}`;
  const context = Object.entries(hit.context)
    .filter(([name]) => name !== 'event_key' && name !== 'event_time')
    .map(([name, value]) => `${name}=${shown(value)}`)
    .join(' ');
  const keys = hit.event_keys.slice(0, KEYS_SHOWN).map(oneLineVisibleText).join(', ');
  const more = hit.event_count - Math.min(KEYS_SHOWN, hit.event_keys.length);
  return `${when}  ${plural(hit.event_count, 'event')}  ${oneLineVisibleText(context)}\n    ${keys}${more > 0 ? ` and ${more.toLocaleString('en-US')} more` : ''}`;
}

function shown(value: JsonValue): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS - 1)}…` : text;
}

/** One line per rule: id, severity, techniques, title; the case's own rules say so. */
export function rulesText(rules: Detection[]): string {
  const width = Math.max(0, ...rules.map((r) => r.id.length));
  return `${rules
    .map(
      (r) =>
        `${oneLineVisibleText(r.id).padEnd(width)}  ${r.severity.padEnd(8)}  ${r.attack.join(',').padEnd(20)}  ${oneLineVisibleText(r.title)}${r.origin === 'sigma' ? '  (Sigma)' : ''}`,
    )
    .join('\n')}\n${plural(rules.length, 'rule')}.\n`;
}

/** What an import made of each Sigma document. */
export function sigmaText(results: SigmaImportResult[]): string {
  return `${results
    .map((r) =>
      r.ok
        ? `Sigma ${oneLineVisibleText(r.source_name)}: ${r.replaced ? 'replaced' : 'imported'} ${oneLineVisibleText(r.rule_id)} (${oneLineVisibleText(r.title)})`
        : `Sigma ${oneLineVisibleText(r.source_name)}: refused ${oneLineVisibleText(r.title ?? '(untitled)')}: ${oneLineVisibleText(r.reason)}`,
    )
    .join('\n')}\n`;
}
