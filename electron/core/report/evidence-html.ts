import type { EventSummary, Evidence } from '../../../shared/model/finding.ts';
import type { JsonValue } from '../../../shared/model/json.ts';
import { html } from './escape.ts';
import { tableHtml, timeHtml } from './html-table.ts';
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
      timeHtml(e.event_time),
      `${code(e.event_name)}<br><span class="dim">${html(e.event_source)}</span>`,
      `${code(e.actor)}${e.access_key_id ? `<br><span class="dim">key <code>${html(e.access_key_id)}</code></span>` : ''}`,
      e.source_ip ? `<code class="ip">${html(e.source_ip)}</code>` : '',
      `${html(e.recipient_account_id)}<br><span class="dim">${html(e.aws_region)}</span>`,
      e.error_code ? `<code class="error">${html(e.error_code)}</code>` : '',
      ...(extra ? [extra.cell(e)] : []),
    ]),
    extra ? [10, 16, 19, 11, 10, 14, 20] : [13, 18, 25, 12, 12, 20],
  );
}

/**
 * Widths for a query result's columns, so the table lays out at a fixed width: long values
 * wrap inside their column instead of pushing the table off the page, and Chromium then
 * breaks it between rows as a printed page needs. A column's share grows with the square
 * root of its longest value (within bounds), so short identifiers such as event names keep
 * a line of their own beside a long JSON value.
 */
function columnWidths(columns: { name: string }[], rows: JsonValue[][]): number[] {
  const wanted = columns.map((column, i) =>
    Math.sqrt(
      Math.min(
        80,
        Math.max(10, column.name.length, ...rows.map((row) => (row[i] === null ? 4 : cellText(row[i]!).length))),
      ),
    ),
  );
  const total = wanted.reduce((sum, n) => sum + n, 0);
  return wanted.map((n) => Math.round((1000 * n) / total) / 10);
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
            row.map((value) =>
              value === null ? '<span class="dim">NULL</span>' : `<span class="value">${html(cellText(value))}</span>`,
            ),
          ),
          columnWidths(evidence.columns, evidence.rows),
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
