import { csvCell, csvText } from '../../../shared/csv-cell.ts';
import type { ManifestEntry, Report } from '../../../shared/model/report.ts';
import { sha256 } from '../files/hash-file.ts';
import type { GatheredReport } from './gather-report.ts';

const COLUMNS: { name: string; type: string; value: (e: ManifestEntry) => string | number | null }[] = [
  { name: 'source_id', type: 'BIGINT', value: (e) => e.source_id },
  { name: 'path', type: 'VARCHAR', value: (e) => e.path },
  { name: 'member', type: 'VARCHAR', value: (e) => e.member },
  { name: 'kind', type: 'VARCHAR', value: (e) => e.kind },
  { name: 'status', type: 'VARCHAR', value: (e) => e.status },
  { name: 'integrity', type: 'VARCHAR', value: (e) => e.integrity },
  { name: 'size_stored', type: 'BIGINT', value: (e) => e.size_stored },
  { name: 'size_content', type: 'BIGINT', value: (e) => e.size_content },
  { name: 'sha256_stored', type: 'VARCHAR', value: (e) => e.sha256_stored },
  { name: 'sha256_content', type: 'VARCHAR', value: (e) => e.sha256_content },
  { name: 'record_count', type: 'BIGINT', value: (e) => e.record_count },
  { name: 'ingested_at', type: 'VARCHAR', value: (e) => e.ingested_at },
  { name: 'error', type: 'VARCHAR', value: (e) => e.error },
];

/**
 * Every source of the case as CSV, one row each, as the case recorded it at ingest. Paths,
 * archive members and error messages come from the evidence, so each text cell is made safe
 * for a spreadsheet (no formula runs) and quoted where CSV needs it.
 */
export function manifestCsv(entries: ManifestEntry[]): string {
  return csvText([
    COLUMNS.map((c) => c.name),
    ...entries.map((entry) => COLUMNS.map((c) => csvCell(c.value(entry), c.type))),
  ]);
}

/**
 * The report with its manifest CSV named and hashed, and the CSV's text: the report states
 * the file's SHA-256, so the CSV is made first, and then written byte for byte as hashed.
 */
export function attachManifestCsv(gathered: GatheredReport, name: string): { report: Report; csv: string } {
  const csv = manifestCsv(gathered.manifest);
  return {
    report: {
      ...gathered,
      manifest_csv: { name, bytes: Buffer.byteLength(csv), sha256: sha256(csv), rows: gathered.manifest.length },
    },
    csv,
  };
}
