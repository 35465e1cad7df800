import type { EventSummary, Evidence } from '../../../shared/model/finding.ts';
import { html } from './escape.ts';
import { tableHtml } from './html-table.ts';
import { integrityEvidenceHtml } from './integrity-html.ts';
import { cellText, filterText, jsonText, pluralText } from './report-text.ts';
import { bucketName, seriesColor, seriesLabel, volumeSvg } from './volume-svg.ts';

const code = (text: string | null) => (text ? `<code>${html(text)}</code>` : '');

export function eventsTableHtml<E extends EventSummary>(
  events: E[],
  extra?: { header: string; cell: (e: E) => string },
): string {
  return tableHtml(
    ['Time (UTC)', 'Event', 'Actor', 'Source IP', 'Account / region', 'Error', ...(extra ? [extra.header] : [])],
    events.map((e) => [
      html(e.event_time),
      `${html(e.event_name)}<br><span class="dim">${html(e.event_source)}</span>`,
      `${code(e.actor)}${e.access_key_id ? `<br><span class="dim">key ${html(e.access_key_id)}</span>` : ''}`,
      code(e.source_ip),
      `${html(e.recipient_account_id)}<br><span class="dim">${html(e.aws_region)}</span>`,
      e.error_code ? `<span class="error">${html(e.error_code)}</span>` : '',
      ...(extra ? [extra.cell(e)] : []),
    ]),
    extra ? [12, 16, 24, 10, 12, 9, 17] : [14, 19, 28, 12, 15, 12],
  );
}

export function evidenceHtml(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'query':
      return [
        '<h4>Query</h4>',
        `<pre class="sql">${html(evidence.sql)}</pre>`,
        `<p class="dim">${evidence.rows.length < evidence.total_rows ? `First ${evidence.rows.length} of ${pluralText(evidence.total_rows, 'row')}; run the SQL on the case for the rest.` : pluralText(evidence.total_rows, 'row')}, as the query answered when the finding was made.</p>`,
        tableHtml(
          evidence.columns.map((c) => `${c.name} (${c.type})`),
          evidence.rows.map((row) =>
            row.map((value) => (value === null ? '<span class="dim">NULL</span>' : html(cellText(value)))),
          ),
        ),
      ].join('\n');
    case 'volume-chart': {
      const { volume } = evidence;
      const legend = volume.series
        .map(
          (s, i) =>
            `<li><span class="swatch" style="background:${seriesColor(i, s.other)}"></span>${html(seriesLabel(s))}</li>`,
        )
        .join('');
      return [
        `<h4>Event volume, stacked by ${html(evidence.stack_by)}</h4>`,
        `<p class="dim">Filter: ${html(filterText(evidence.filter))}. ${pluralText(volume.total, 'event')}, ${pluralText(volume.errors, 'error')}, one bar per ${html(bucketName(volume.bucket_seconds))}.</p>`,
        `<figure class="chart">${volumeSvg(volume)}</figure>`,
        `<ul class="legend">${legend}<li><span class="swatch" style="background:#e5484d"></span>errors</li></ul>`,
      ].join('\n');
    }
    case 'pipeline-diff': {
      const { diff, changed_by: by } = evidence;
      return [
        `<h4>Pipeline ${html(diff.name)}: version ${diff.from_version} → ${diff.to_version}</h4>`,
        `<p>Version ${diff.to_version} made by ${code(by.actor_arn ?? by.user_name)} at ${html(by.event_time)} UTC from ${code(by.source_ip)} (${html(by.event_name)}, account ${html(diff.account)}, ${html(diff.region)}); user agent ${code(by.user_agent)}.</p>`,
        ...diff.caveats.map((c) => `<p class="caveat">Caveat: ${html(c)}</p>`),
        diff.changes.length === 0
          ? '<p>No changes between these versions.</p>'
          : tableHtml(
              ['Where', 'Change', 'Before', 'After', 'Why it matters'],
              diff.changes.map((c) => [
                code(c.path),
                html(c.kind),
                c.before === undefined ? '' : `<pre>${html(jsonText(c.before))}</pre>`,
                c.after === undefined ? '' : `<pre>${html(jsonText(c.after))}</pre>`,
                c.security ? `<span class="error">${html(c.reason)}</span>` : '',
              ]),
              [18, 8, 28, 28, 18],
            ),
      ].join('\n');
    }
    case 'events':
      return ['<h4>Events</h4>', eventsTableHtml(evidence.events, { header: 'Note', cell: (e) => html(e.note) })].join(
        '\n',
      );
    case 'integrity':
      return integrityEvidenceHtml(evidence);
  }
}
