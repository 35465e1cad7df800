import type { IntegrityEvidence } from '../../../shared/model/finding.ts';
import {
  type IntegrityFileResult,
  type IntegrityGap,
  type IntegrityRun,
  type IntegrityStatus,
  integrityStatuses,
} from '../../../shared/model/integrity.ts';
import type { ReportIntegrity } from '../../../shared/model/report.ts';
import { html } from './escape.ts';
import { tableHtml } from './html-table.ts';
import { evidenceRunText, integrityKeyRows, notAllListed } from './integrity-text.ts';
import { cellText } from './report-text.ts';

const STATUS_CLASS: Record<IntegrityStatus, string> = {
  valid: '',
  invalid: 'error',
  missing: 'error',
  unlisted: 'caveat',
  unverifiable: 'caveat',
};

/** A verdict, coloured by what it asks of the reader. */
export const statusHtml = (status: IntegrityStatus | null): string =>
  status === null
    ? ''
    : STATUS_CLASS[status]
      ? `<span class="${STATUS_CLASS[status]}">${html(status)}</span>`
      : html(status);

/** The integrity section: what the latest verification checked, with which keys, and what it found. */
export function integrityHtml(integrity: ReportIntegrity): string {
  const { run } = integrity;
  if (!run) return `<h2 id="integrity">Integrity</h2>\n<p class="caveat">${html(integrity.note)}</p>`;
  return [
    '<h2 id="integrity">Integrity</h2>',
    `<p>${html(integrity.note)}</p>`,
    '<h3>Public keys</h3>',
    keysHtml(run),
    '<h3>Verdicts</h3>',
    tableHtml(
      ['', ...integrityStatuses],
      [
        ['Digests', ...integrityStatuses.map((s) => String(run.summary.digests[s]))],
        ['Log files', ...integrityStatuses.map((s) => String(run.summary.log_files[s]))],
      ],
    ),
    '<h3>Trails</h3>',
    run.trails.length
      ? tableHtml(
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
          run.trails.map((t) =>
            [
              t.account,
              t.region,
              t.trail,
              t.home_region,
              t.from,
              t.to,
              String(t.digests),
              String(t.gaps),
              t.starts_chain ? 'yes' : 'no',
            ].map((v) => html(v)),
          ),
        )
      : '<p>No digest of any trail is in the case.</p>',
    caveat(notAllListed(run, 'trails')),
    '<h3>Gaps</h3>',
    run.gaps.length ? gapsHtml(run.gaps) : '<p>No gap: every digest chain in the case is continuous.</p>',
    caveat(notAllListed(run, 'gaps')),
    '<h3>Problems</h3>',
    problemsHtml(integrity),
    '<h3>What was and was not verified</h3>',
    `<ul>${run.summary.notes.map((n) => `<li>${html(cellText(n))}</li>`).join('')}</ul>`,
  ].join('\n');
}

const caveat = (text: string | null) => (text === null ? '' : `<p class="caveat">${html(text)}</p>`);

function keysHtml(run: IntegrityRun): string {
  const rows = integrityKeyRows(run);
  const rejected = run.summary.rejected_keys.map(
    (k) =>
      `<p class="caveat">Key ${html(k.fingerprint)}${k.origin ? ` from ${html(k.origin)}` : ''} was not used: ${html(k.reason)}</p>`,
  );
  if (rows.length === 0)
    return [
      '<p class="caveat">No public key was given: hashes and the chain were checked, signatures were not.</p>',
      ...rejected,
    ].join('\n');
  return [
    tableHtml(
      ['Fingerprint', 'From', 'Valid (UTC)', 'Digests verified'],
      rows.map((k) => [
        `<span class="hash">${html(k.fingerprint)}</span>`,
        html(k.origin),
        html(k.validity),
        String(k.verified),
      ]),
    ),
    ...rejected,
  ].join('\n');
}

function problemsHtml(integrity: ReportIntegrity): string {
  if (integrity.problems_total === 0) return '<p>Every digest and log file verified was found valid.</p>';
  const cut =
    integrity.problems_total > integrity.problems.length
      ? ` The first ${integrity.problems.length} of ${integrity.problems_total}.`
      : '';
  return `<p class="dim">Files not found valid, worst first.${cut}</p>\n${filesHtml(integrity.problems)}`;
}

/** File verdicts: the key, and where a present file was found. Keys, paths and reasons come from the evidence. */
function filesHtml(files: IntegrityFileResult[]): string {
  return tableHtml(
    ['Status', 'Kind', 'File', 'Why'],
    files.map((f) => [
      statusHtml(f.status),
      html(f.kind),
      `<code>${html(cellText(f.s3_object))}</code>${f.path ? `<br><span class="dim">${html(cellText(f.path))}</span>` : ''}`,
      html(cellText(f.reason)),
    ]),
    [9, 6, 35, 50],
  );
}

function gapsHtml(gaps: IntegrityGap[]): string {
  return tableHtml(
    ['Trail', 'Account / region', 'From (UTC)', 'To (UTC)', 'Why'],
    gaps.map((g) => [
      html(g.trail),
      html(`${g.account} / ${g.region}`),
      html(g.from),
      html(g.to),
      html(cellText(g.reason)),
    ]),
    [14, 14, 12, 12, 48],
  );
}

/** A finding's integrity evidence: the run it comes from, then the files and gaps the analyst chose. */
export function integrityEvidenceHtml(evidence: IntegrityEvidence): string {
  return [
    `<h4>Integrity, verification run ${evidence.run.run_id}</h4>`,
    `<p class="dim">${html(evidenceRunText(evidence.run))}</p>`,
    ...(evidence.file_verdicts.length ? [filesHtml(evidence.file_verdicts)] : []),
    ...(evidence.gap_spans.length ? [gapsHtml(evidence.gap_spans)] : []),
  ].join('\n');
}
