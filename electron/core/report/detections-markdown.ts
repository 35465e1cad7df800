import type { ReportDetections } from '../../../shared/model/report.ts';
import { mdCell, mdValue } from './escape.ts';
import { mdTable } from './markdown-table.ts';

/** The detections section: the latest results, rules with hits most severe first. */
export function detectionsMarkdown(detections: ReportDetections): string {
  const parts = ['## Detections', mdCell(detections.note)];
  if (detections.run && detections.rules.length > 0)
    parts.push(
      mdTable(
        ['Severity', 'Rule', 'ATT&CK', 'Hits', 'Events', 'First (UTC)', 'Last (UTC)'],
        detections.rules.map((r) => [
          r.severity,
          `${mdCell(r.title)} ${mdValue(r.rule_id)}`,
          r.attack.map((id) => mdValue(id)).join(' '),
          String(r.hit_total),
          String(r.events),
          mdValue(r.first),
          mdValue(r.last),
        ]),
      ),
    );
  if (detections.failed.length > 0)
    parts.push(`Failed: ${detections.failed.map((f) => `${mdValue(f.rule_id)} (${mdCell(f.error)})`).join('; ')}`);
  return parts.join('\n\n');
}
