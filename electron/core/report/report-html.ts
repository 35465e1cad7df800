import type { Finding } from '../../../shared/model/finding.ts';
import type { ManifestSummary, Report, ReportPipeline } from '../../../shared/model/report.ts';
import { detectionsHtml } from './detections-html.ts';
import { html } from './escape.ts';
import { eventsTableHtml, evidenceHtml } from './evidence-html.ts';
import { tableHtml, timeHtml } from './html-table.ts';
import { integrityHtml, statusHtml } from './integrity-html.ts';
import { bytesText, listText, pluralText, rangeText, timelineSourcesText } from './report-text.ts';
import { HIT_EVENTS_SHOWN } from './report-timeline.ts';

const STYLE = `
  :root { color-scheme: light; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; hyphens: manual; }
  h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid #e5e7eb; padding-bottom: .2rem; margin-top: 2rem; }
  h3 { margin-bottom: .3rem; } h4 { margin: .8rem 0 .3rem; }
  table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: 12px; }
  th, td { border: 1px solid #d1d5db; padding: 3px 6px; text-align: left; vertical-align: top; }
  td { overflow-wrap: break-word; } table.fixed { table-layout: fixed; }
  th { background: #f3f4f6; } tr { break-inside: avoid; } tr:has(pre), tr:has(.value) { break-inside: auto; }
  code, pre, .hash { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: 12px; }
  td code, td .hash { font-size: .95em; }
  code, .hash, .value { overflow-wrap: anywhere; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
  pre.sql { background: #f9fafb; border: 1px solid #e5e7eb; padding: .5rem; }
  .nowrap, code.ip { white-space: nowrap; overflow-wrap: normal; }
  .dim { color: #6b7280; } .error { color: #b91c1c; } .caveat { color: #92400e; }
  .narrative { white-space: pre-wrap; }
  .severity { display: inline-block; padding: 0 .5rem; border-radius: 3px; color: #fff; font-size: 12px; text-transform: uppercase; }
  .severity.critical { background: #7f1d1d; } .severity.high { background: #b91c1c; } .severity.medium { background: #b45309; }
  .severity.low { background: #1d4ed8; } .severity.info { background: #4b5563; }
  .finding { border-left: 4px solid #e5e7eb; padding-left: 1rem; margin-bottom: 1.5rem; }
  dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dl.summary dt { font-weight: 600; }
  ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: 12px; }
  .swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: middle; }
  figure.chart { margin: 0; } figure.chart svg { max-width: 100%; height: auto; }
  .source { font-weight: 600; }
  footer { margin-top: 2rem; border-top: 1px solid #e5e7eb; padding-top: .5rem; }
  @page { size: A4 landscape; margin: 12mm; }
  @media print {
    body { margin: 0; max-width: none; font-size: 12px; } table { font-size: 10.5px; }
    h2, h3, h4, p.recorded { break-after: avoid; } figure.chart, ul.legend, pre.sql { break-inside: avoid; }
    .finding { break-inside: auto; }
  }
`;

/**
 * The report as one HTML file: styles inline, charts as inline SVG, no script and no external
 * resource, so it reads the same offline, mailed, or printed to PDF. Its own policy forbids
 * anything else, in case a value ever slipped past escaping.
 */
export function reportHtml(report: Report): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Trailscope ${html(report.trailscope_version)}">
<title>${html(report.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${html(report.title)}</h1>
<p class="dim">Incident report generated ${html(report.generated_at)} UTC by Trailscope ${html(report.trailscope_version)}</p>
</header>
${summaryHtml(report)}
${integrityHtml(report.integrity)}
${detectionsHtml(report.detections)}
${findingsHtml(report.findings)}
${timelineHtml(report)}
<h2 id="bookmarks">Bookmarked events</h2>
${report.bookmarks.length ? eventsTableHtml(report.bookmarks, { header: 'Tags and note', cell: (e) => `${e.tags.map((t) => `<code>${html(t)}</code>`).join(' ')}${e.note ? `<div class="narrative">${html(e.note)}</div>` : ''}` }) : '<p>No bookmarked events.</p>'}
<h2 id="pipelines">CodePipeline histories</h2>
${report.pipelines.length ? report.pipelines.map(pipelineHtml).join('\n') : '<p>No CodePipeline pipeline was created, changed or deleted in these logs.</p>'}
${manifestHtml(report)}
<footer class="dim">Generated ${html(report.generated_at)} UTC by Trailscope ${html(report.trailscope_version)} from case file <code>${html(report.case_file)}</code>. All times are UTC.</footer>
</body>
</html>
`;
}

function summaryHtml(report: Report): string {
  const { details: d, summary: s } = report;
  const rows: [string, string][] = [
    ['Case', html(d.case_name ?? '(not named)')],
    ['Investigator', html(d.investigator ?? '(not given)')],
    [
      'Investigation',
      html(d.opened_on ? `opened ${d.opened_on}${d.closed_on ? `, closed ${d.closed_on}` : ''}` : '(dates not given)'),
    ],
    [
      'Events',
      `${s.events.toLocaleString('en-US')} from ${pluralText(s.sources, 'source file')} (${s.errors} with errors)`,
    ],
    ['Time range', html(rangeText(s.first_event, s.last_event))],
    ['Accounts', html(listText(s.accounts))],
    ['Regions', html(listText(s.regions))],
    ['Services', html(`${s.event_sources.length}: ${listText(s.event_sources)}`)],
    ['Findings', String(s.findings)],
    ['Bookmarked events', String(s.bookmarks)],
    ['Integrity', html(report.integrity.note)],
    ['Detections', html(report.detections.note)],
  ];
  return `<h2 id="summary">Case summary</h2>\n<dl class="summary">${rows.map(([k, v]) => `<dt>${html(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function findingsHtml(findings: Finding[]): string {
  if (findings.length === 0) {
    return '<h2 id="findings">Findings</h2>\n<p>No findings were recorded in this case; this is a summary report of the case, its pipelines and its evidence.</p>';
  }
  const items = findings.map(
    (f, i) => `<section class="finding" id="finding-${i + 1}">
<h3>${i + 1}. ${html(f.title)} <span class="severity ${f.severity}">${html(f.severity)}</span></h3>
<p class="dim recorded">${f.attack_technique ? `MITRE ATT&amp;CK ${html(f.attack_technique)} · ` : ''}recorded ${html(f.created_at)} UTC${f.updated_at !== f.created_at ? `, edited ${html(f.updated_at)} UTC` : ''}</p>
${f.narrative ? `<p class="narrative">${html(f.narrative)}</p>` : ''}
${evidenceHtml(f.evidence)}
</section>`,
  );
  return `<h2 id="findings">Findings</h2>\n${items.join('\n')}`;
}

function pipelineHtml(p: ReportPipeline): string {
  return [
    `<h3>${html(p.name)} <span class="dim">${html(`${p.account} · ${p.region}${p.lineage > 1 ? ` · life ${p.lineage}` : ''}${p.deleted ? ' · deleted' : ''}`)}</span></h3>`,
    p.versions.length
      ? tableHtml(
          ['Version', 'Time (UTC)', 'Call', 'Actor', 'Source IP', 'Changes', 'Security-relevant'],
          p.versions.map((v) => [
            String(v.version),
            timeHtml(v.event_time),
            html(v.event_name),
            `<code>${html(v.actor)}</code>`,
            `<code class="ip">${html(v.source_ip)}</code>`,
            v.changes === null
              ? html(v.declaration_status === 'complete' ? '(first known)' : `(declaration ${v.declaration_status})`)
              : String(v.changes),
            v.security_changes.map((c) => `<code class="error">${html(c.path)}</code>: ${html(c.reason)}`).join('<br>'),
          ]),
          [7, 11, 12, 22, 11, 8, 29],
        )
      : '<p>No version of this pipeline is in the logs.</p>',
    ...p.gaps.map((g) => `<p class="caveat">${html(g.message)}</p>`),
  ].join('\n');
}

function timelineHtml(report: Report): string {
  const head = '<h2 id="timeline">Timeline of key events</h2>';
  if (report.timeline.length === 0)
    return `${head}\n<p>No key events: no event is bookmarked, noted or tagged, no finding names events, no detection flagged any and no pipeline change was flagged.</p>`;
  const cut =
    report.timeline_total > report.timeline.length
      ? ` The first ${report.timeline.length} of ${report.timeline_total.toLocaleString('en-US')}, in time order.`
      : '';
  return `${head}
<p class="dim">${html(timelineSourcesText(report.timeline))}${html(cut)} Each row says where it comes from: the analyst (bookmarked, noted, tagged), a finding, the latest detection results (a hit resting on more than ${HIT_EVENTS_SHOWN} events shows its first and last), or a pipeline history.</p>
${eventsTableHtml(report.timeline, { header: 'From, and why', cell: (e) => e.reasons.map((r) => html(r)).join('<br>') })}`;
}

/** The manifest as an appendix: folders with their counts, files that failed, and the CSV that lists every file. */
function manifestHtml(report: Report): string {
  const { manifest_summary: m, manifest_csv: csv, summary: s } = report;
  return `<h2 id="manifest">Appendix: evidence manifest</h2>
<p>${html(`${pluralText(s.sources, 'source file')}, as recorded when each was ingested, grouped by folder`)}${m.root ? ` below <code>${html(m.root)}</code>` : ''}.
The complete list, one row per file with the SHA-256 of its bytes as stored and of its uncompressed content, its verdict in the latest verification and any error, is the CSV file attached to this report:</p>
<dl class="summary"><dt>File</dt><dd><code>${html(csv.name)}</code></dd><dt>SHA-256</dt><dd><code>${html(csv.sha256)}</code></dd><dt>Size</dt><dd>${html(`${csv.bytes.toLocaleString('en-US')} bytes, ${pluralText(csv.rows, 'row')} after its header`)}</dd></dl>
${tableHtml(
  ['Folder', 'Files', 'Kinds', 'Records', 'Size stored', 'Not loaded whole', 'Integrity'],
  m.folders.map((f) => [
    `<code>${html(f.folder || '.')}</code>`,
    f.files.toLocaleString('en-US'),
    html(f.kinds.map((k) => `${k.kind} ${k.files.toLocaleString('en-US')}`).join(', ')),
    f.records.toLocaleString('en-US'),
    html(bytesText(f.size_stored)),
    html(
      [f.errors ? pluralText(f.errors, 'error') : '', f.duplicates ? pluralText(f.duplicates, 'duplicate') : '']
        .filter(Boolean)
        .join(', '),
    ),
    f.integrity.length
      ? f.integrity.map((v) => `${statusHtml(v.status)} ${v.files.toLocaleString('en-US')}`).join(', ')
      : '<span class="dim">not verified</span>',
  ]),
  [38, 7, 14, 9, 10, 10, 12],
)}
${manifestErrorsHtml(m)}`;
}

function manifestErrorsHtml(m: ManifestSummary): string {
  if (m.errors_total === 0) return '<p>Every file was read whole.</p>';
  const cut =
    m.errors_total > m.errors.length
      ? ` The first ${m.errors.length} of ${m.errors_total}; the CSV lists them all.`
      : '';
  return `<h3>Files read with an error</h3>
<p class="dim">Records these files held that could be read were loaded.${html(cut)}</p>
${tableHtml(
  ['#', 'File', 'Error'],
  m.errors.map((e) => [
    String(e.source_id),
    `<code>${html(e.path.slice(m.root.length))}</code>${e.member ? `<br>member <code>${html(e.member)}</code>` : ''}`,
    html(e.error),
  ]),
  [6, 44, 50],
)}`;
}
