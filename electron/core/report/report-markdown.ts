import type { EventSummary, Evidence, Finding } from '../../../shared/model/finding.ts';
import type { Report, ReportPipeline } from '../../../shared/model/report.ts';
import { detectionsMarkdown } from './detections-markdown.ts';
import { mdCell, mdCodeBlock, mdText, mdValue } from './escape.ts';
import { integrityEvidenceMarkdown, integrityMarkdown } from './integrity-markdown.ts';
import { mdTable } from './markdown-table.ts';
import {
  bytesText,
  cellText,
  filterText,
  listText,
  pluralText,
  rangeText,
  timelineSourcesText,
} from './report-text.ts';
import { bucketName, seriesLabel } from './volume-svg.ts';

function eventsTable<E extends EventSummary>(events: E[], extra?: { header: string; cell: (e: E) => string }): string {
  return mdTable(
    ['Time (UTC)', 'Event', 'Actor', 'Source IP', 'Account', 'Region', 'Error', ...(extra ? [extra.header] : [])],
    events.map((e) => [
      mdValue(e.event_time),
      mdValue(e.event_name),
      mdValue(e.actor),
      mdValue(e.source_ip),
      mdValue(e.recipient_account_id),
      mdValue(e.aws_region),
      mdValue(e.error_code),
      ...(extra ? [extra.cell(e)] : []),
    ]),
  );
}

/**
 * The report as Markdown. Every value from the logs is a code span (nothing inside one is
 * read as markup or made a link); the analyst's words are escaped text.
 */
export function reportMarkdown(report: Report): string {
  const { details: d, summary: s } = report;
  return [
    `# ${mdText(report.title)}`,
    `Incident report generated ${report.generated_at} UTC by Trailscope ${report.trailscope_version}.`,
    '## Case summary',
    mdTable(
      ['', ''],
      [
        ['Case', mdCell(d.case_name ?? '(not named)')],
        ['Investigator', mdCell(d.investigator ?? '(not given)')],
        [
          'Investigation',
          d.opened_on ? `opened ${d.opened_on}${d.closed_on ? `, closed ${d.closed_on}` : ''}` : '(dates not given)',
        ],
        ['Events', `${s.events} from ${pluralText(s.sources, 'source file')} (${s.errors} with errors)`],
        ['Time range', mdValue(rangeText(s.first_event, s.last_event))],
        ['Accounts', mdValue(listText(s.accounts))],
        ['Regions', mdValue(listText(s.regions))],
        ['Services', mdValue(listText(s.event_sources))],
        ['Findings', String(s.findings)],
        ['Bookmarked events', String(s.bookmarks)],
        ['Integrity', mdCell(report.integrity.note)],
        ['Detections', mdCell(report.detections.note)],
      ],
    ),
    integrityMarkdown(report.integrity),
    detectionsMarkdown(report.detections),
    '## Findings',
    report.findings.length
      ? report.findings.map(findingMarkdown).join('\n\n')
      : 'No findings were recorded in this case; this is a summary report of the case, its pipelines and its evidence.',
    '## Timeline of key events',
    ...(report.timeline.length
      ? [
          mdText(
            `${timelineSourcesText(report.timeline)}${report.timeline_total > report.timeline.length ? ` The first ${report.timeline.length} of ${report.timeline_total}, in time order.` : ''}`,
          ),
          eventsTable(report.timeline, { header: 'From, and why', cell: (e) => mdCell(e.reasons.join('; ')) }),
        ]
      : ['No key events.']),
    '## Bookmarked events',
    report.bookmarks.length
      ? eventsTable(report.bookmarks, {
          header: 'Tags and note',
          cell: (e) => [e.tags.map(mdValue).join(' '), mdCell(e.note)].filter(Boolean).join(' — '),
        })
      : 'No bookmarked events.',
    '## CodePipeline histories',
    report.pipelines.length
      ? report.pipelines.map(pipelineMarkdown).join('\n\n')
      : 'No CodePipeline pipeline was created, changed or deleted in these logs.',
    manifestMarkdown(report),
    '---',
    `Generated ${report.generated_at} UTC by Trailscope ${report.trailscope_version} from case file ${mdValue(report.case_file)}. All times are UTC.`,
    '',
  ].join('\n\n');
}

function findingMarkdown(f: Finding, index: number): string {
  return [
    `### ${index + 1}. ${mdText(f.title)} (${f.severity})`,
    `${f.attack_technique ? `MITRE ATT&CK ${mdValue(f.attack_technique)} · ` : ''}recorded ${f.created_at} UTC${f.updated_at !== f.created_at ? `, edited ${f.updated_at} UTC` : ''}`,
    ...(f.narrative ? [mdText(f.narrative)] : []),
    evidenceMarkdown(f.evidence),
  ].join('\n\n');
}

function evidenceMarkdown(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'query':
      return [
        '**Query**',
        mdCodeBlock(evidence.sql, 'sql'),
        `${evidence.rows.length < evidence.total_rows ? `First ${evidence.rows.length} of ${pluralText(evidence.total_rows, 'row')}.` : `${pluralText(evidence.total_rows, 'row')}.`}`,
        mdTable(
          evidence.columns.map((c) => mdCell(`${c.name} (${c.type})`)),
          evidence.rows.map((row) => row.map((v) => (v === null ? 'NULL' : mdValue(cellText(v))))),
        ),
      ].join('\n\n');
    case 'volume-chart': {
      const { volume } = evidence;
      return [
        `**Event volume, stacked by ${evidence.stack_by}** (the chart is drawn in the HTML and PDF reports; its counts are below)`,
        `Filter: ${mdValue(filterText(evidence.filter))}. ${pluralText(volume.total, 'event')}, ${pluralText(volume.errors, 'error')}, per ${bucketName(volume.bucket_seconds)}.`,
        mdTable(
          ['Bucket start (UTC)', ...volume.series.map((x) => mdValue(seriesLabel(x))), 'Errors'],
          volume.buckets
            .filter((b) => b.counts.some((n) => n > 0) || b.errors > 0)
            .map((b) => [mdValue(b.start), ...b.counts.map(String), String(b.errors)]),
        ),
      ].join('\n\n');
    }
    case 'pipeline-diff': {
      const { diff, changed_by: by } = evidence;
      return [
        `**Pipeline ${mdValue(diff.name)}: version ${diff.from_version} → ${diff.to_version}**`,
        `Version ${diff.to_version} made by ${mdValue(by.actor_arn ?? by.user_name)} at ${by.event_time} UTC from ${mdValue(by.source_ip)} (${mdValue(by.event_name)}, account ${mdValue(diff.account)}, ${mdValue(diff.region)}); user agent ${mdValue(by.user_agent)}.`,
        ...diff.caveats.map((c) => `Caveat: ${mdText(c)}`),
        diff.changes.length === 0
          ? 'No changes between these versions.'
          : mdTable(
              ['Where', 'Change', 'Before', 'After', 'Why it matters'],
              diff.changes.map((c) => [
                mdValue(c.path),
                c.kind,
                c.before === undefined ? '' : mdValue(cellText(c.before)),
                c.after === undefined ? '' : mdValue(cellText(c.after)),
                c.security ? mdCell(c.reason) : '',
              ]),
            ),
      ].join('\n\n');
    }
    case 'events':
      return ['**Events**', eventsTable(evidence.events, { header: 'Note', cell: (e) => mdCell(e.note) })].join('\n\n');
    case 'integrity':
      return integrityEvidenceMarkdown(evidence);
  }
}

function pipelineMarkdown(p: ReportPipeline): string {
  return [
    `### ${mdText(p.name)} (${mdValue(p.account)}, ${mdValue(p.region)}${p.lineage > 1 ? `, life ${p.lineage}` : ''}${p.deleted ? ', deleted' : ''})`,
    p.versions.length
      ? mdTable(
          ['Version', 'Time (UTC)', 'Call', 'Actor', 'Source IP', 'Changes', 'Security-relevant'],
          p.versions.map((v) => [
            String(v.version),
            v.event_time,
            mdValue(v.event_name),
            mdValue(v.actor),
            mdValue(v.source_ip),
            v.changes === null
              ? v.declaration_status === 'complete'
                ? '(first known)'
                : `(declaration ${v.declaration_status})`
              : String(v.changes),
            v.security_changes.map((c) => `${mdValue(c.path)}: ${mdCell(c.reason)}`).join('; '),
          ]),
        )
      : 'No version of this pipeline is in the logs.',
    ...p.gaps.map((g) => mdText(g.message)),
  ].join('\n\n');
}

/** The manifest as an appendix: folders with their counts and the attached CSV that lists every file. */
function manifestMarkdown(report: Report): string {
  const { manifest_summary: m, manifest_csv: csv, summary: s } = report;
  return [
    '## Appendix: evidence manifest',
    `${pluralText(s.sources, 'source file')}, as recorded when each was ingested, grouped by folder${m.root ? ` below ${mdValue(m.root)}` : ''}. The complete list, one row per file with the SHA-256 of its bytes as stored and of its uncompressed content, its verdict in the latest verification and any error, is the CSV file attached to this report: ${mdValue(csv.name)}, SHA-256 ${mdValue(csv.sha256)}, ${csv.bytes} bytes, ${pluralText(csv.rows, 'row')} after its header.`,
    mdTable(
      ['Folder', 'Files', 'Kinds', 'Records', 'Size stored', 'Not loaded whole', 'Integrity'],
      m.folders.map((f) => [
        mdValue(f.folder || '.'),
        String(f.files),
        f.kinds.map((k) => `${k.kind} ${k.files}`).join(', '),
        String(f.records),
        bytesText(f.size_stored),
        [f.errors ? pluralText(f.errors, 'error') : '', f.duplicates ? pluralText(f.duplicates, 'duplicate') : '']
          .filter(Boolean)
          .join(', '),
        f.integrity.length ? f.integrity.map((v) => `${v.status} ${v.files}`).join(', ') : 'not verified',
      ]),
    ),
    ...(m.errors_total === 0
      ? ['Every file was read whole.']
      : [
          '### Files read with an error',
          `Records these files held that could be read were loaded.${m.errors_total > m.errors.length ? ` The first ${m.errors.length} of ${m.errors_total}; the CSV lists them all.` : ''}`,
          mdTable(
            ['#', 'File', 'Member', 'Error'],
            m.errors.map((e) => [
              String(e.source_id),
              mdValue(e.path.slice(m.root.length)),
              mdValue(e.member),
              mdValue(e.error),
            ]),
          ),
        ]),
  ].join('\n\n');
}
