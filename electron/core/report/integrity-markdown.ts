import type { IntegrityEvidence } from '../../../shared/model/finding.ts';
import { type IntegrityFileResult, type IntegrityGap, integrityStatuses } from '../../../shared/model/integrity.ts';
import type { ReportIntegrity } from '../../../shared/model/report.ts';
import { mdCell, mdText, mdValue } from './escape.ts';
import { evidenceRunText, integrityKeyRows, notAllListed } from './integrity-text.ts';
import { mdTable } from './markdown-table.ts';
import { cellText } from './report-text.ts';

/**
 * The integrity section in Markdown. Keys, times and file names are log values (code spans);
 * reasons and notes are sentences that quote them, escaped as text.
 */
export function integrityMarkdown(integrity: ReportIntegrity): string {
  const { run } = integrity;
  if (!run) return ['## Integrity', mdText(integrity.note)].join('\n\n');
  const keys = integrityKeyRows(run);
  const cut =
    integrity.problems_total > integrity.problems.length
      ? ` The first ${integrity.problems.length} of ${integrity.problems_total}.`
      : '';
  return [
    '## Integrity',
    mdText(integrity.note),
    '### Public keys',
    keys.length
      ? mdTable(
          ['Fingerprint', 'From', 'Valid (UTC)', 'Digests verified'],
          keys.map((k) => [mdValue(k.fingerprint), mdValue(k.origin), mdValue(k.validity), String(k.verified)]),
        )
      : 'No public key was given: hashes and the chain were checked, signatures were not.',
    ...run.summary.rejected_keys.map(
      (k) =>
        `Key ${mdValue(k.fingerprint)}${k.origin ? ` from ${mdValue(k.origin)}` : ''} was not used: ${mdText(k.reason)}`,
    ),
    '### Verdicts',
    mdTable(
      ['', ...integrityStatuses],
      [
        ['Digests', ...integrityStatuses.map((s) => String(run.summary.digests[s]))],
        ['Log files', ...integrityStatuses.map((s) => String(run.summary.log_files[s]))],
      ],
    ),
    '### Trails',
    run.trails.length
      ? mdTable(
          [
            'Account',
            'Region',
            'Trail',
            'Home region',
            'From (UTC)',
            'To (UTC)',
            'Digests',
            'Gaps',
            'Starts its chain',
          ],
          run.trails.map((t) => [
            ...[t.account, t.region, t.trail, t.home_region, t.from, t.to].map(mdValue),
            String(t.digests),
            String(t.gaps),
            t.starts_chain ? 'yes' : 'no',
          ]),
        )
      : 'No digest of any trail is in the case.',
    ...[notAllListed(run, 'trails')].filter((t) => t !== null).map(mdText),
    '### Gaps',
    run.gaps.length ? gapsMarkdown(run.gaps) : 'No gap: every digest chain in the case is continuous.',
    ...[notAllListed(run, 'gaps')].filter((t) => t !== null).map(mdText),
    '### Problems',
    integrity.problems_total === 0
      ? 'Every digest and log file verified was found valid.'
      : [`Files not found valid, worst first.${cut}`, filesMarkdown(integrity.problems)].join('\n\n'),
    '### What was and was not verified',
    run.summary.notes.map((n) => `- ${mdCell(cellText(n))}`).join('\n'),
  ].join('\n\n');
}

const filesMarkdown = (files: IntegrityFileResult[]) =>
  mdTable(
    ['Status', 'Kind', 'File', 'Path', 'Why'],
    files.map((f) => [
      f.status,
      f.kind,
      mdValue(cellText(f.s3_object)),
      mdValue(f.path === null ? null : cellText(f.path)),
      mdCell(cellText(f.reason)),
    ]),
  );

const gapsMarkdown = (gaps: IntegrityGap[]) =>
  mdTable(
    ['Trail', 'Account', 'Region', 'From (UTC)', 'To (UTC)', 'Why'],
    gaps.map((g) => [...[g.trail, g.account, g.region, g.from, g.to].map(mdValue), mdCell(cellText(g.reason))]),
  );

/** A finding's integrity evidence: the run it comes from, then the files and gaps the analyst chose. */
export function integrityEvidenceMarkdown(evidence: IntegrityEvidence): string {
  return [
    `**Integrity, verification run ${evidence.run.run_id}**`,
    mdText(evidenceRunText(evidence.run)),
    ...(evidence.file_verdicts.length ? [filesMarkdown(evidence.file_verdicts)] : []),
    ...(evidence.gap_spans.length ? [gapsMarkdown(evidence.gap_spans)] : []),
  ].join('\n\n');
}
