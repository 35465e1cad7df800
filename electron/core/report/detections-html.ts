import type { ReportDetections } from '../../../shared/model/report.ts';
import { html } from './escape.ts';
import { tableHtml, timeHtml } from './html-table.ts';

const span = (first: string | null, last: string | null) =>
  first === null ? '' : first === last ? timeHtml(first) : `${timeHtml(first)} → ${timeHtml(last)}`;

/** The detections section: the latest results, rules with hits most severe first. */
export function detectionsHtml(detections: ReportDetections): string {
  const head = `<h2 id="detections">Detections</h2>\n<p${detections.run ? '' : ' class="caveat"'}>${html(detections.note)}</p>`;
  if (!detections.run || detections.rules.length === 0) return head;
  const rows = detections.rules.map((r) => [
    `<span class="severity ${html(r.severity)}">${html(r.severity)}</span>`,
    `${html(r.title)}<div class="dim"><code>${html(r.rule_id)}</code></div>`,
    r.attack.map((id) => `<code>${html(id)}</code>`).join(' '),
    html(String(r.hit_total)),
    html(String(r.events)),
    span(r.first, r.last),
  ]);
  const failed = detections.failed.length
    ? `<p class="caveat">Failed: ${detections.failed.map((f) => `<code>${html(f.rule_id)}</code> (${html(f.error)})`).join('; ')}</p>`
    : '';
  return `${head}\n${tableHtml(['Severity', 'Rule', 'ATT&CK', 'Hits', 'Events', 'When (UTC)'], rows, [10, 34, 14, 7, 8, 27])}\n${failed}`;
}
