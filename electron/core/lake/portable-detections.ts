import type { Detection } from '../../../shared/model/detection.ts';
import { DETECTIONS_FOLDER } from './lake-layout.ts';
import { toTrino } from './trino-dialect.ts';

/** The detections as Athena/Trino files, and the ones that could not be translated. */
export interface PortableDetections {
  /** Path in the lake (detections/athena/<rule-id>.sql) → file text. */
  files: Record<string, string>;
  unportable: { id: string; title: string; reason: string }[];
  /** UNPORTABLE.md. */
  unportableText: string;
}

/** Rule ids become file names; a case's own (Sigma) rule may carry any id, so only kebab-case passes. */
const FILE_SAFE_ID = /^[a-z0-9][a-z0-9-]{0,120}$/;

export function portableDetections(detections: readonly Detection[]): PortableDetections {
  const files: Record<string, string> = {};
  const unportable: PortableDetections['unportable'] = [];
  for (const detection of detections) {
    if (!FILE_SAFE_ID.test(detection.id)) {
      unportable.push({ id: detection.id, title: detection.title, reason: 'its id cannot be a file name' });
      continue;
    }
    const translated = toTrino(detection.sql);
    if (translated.ok) files[`${DETECTIONS_FOLDER}/${detection.id}.sql`] = detectionFile(detection, translated.sql);
    else unportable.push({ id: detection.id, title: detection.title, reason: translated.reason });
  }
  return { files, unportable, unportableText: unportableText(unportable, Object.keys(files).length) };
}

function commentLines(text: string): string {
  return text
    .split('\n')
    .map((line) => `-- ${line}`.trimEnd())
    .join('\n');
}

function detectionFile(detection: Detection, sql: string): string {
  const header = [
    `${detection.title} (${detection.id})`,
    `Severity ${detection.severity}; ATT&CK ${detection.attack.join(', ') || 'none'}.`,
    detection.description,
    `False positives: ${detection.false_positives}`,
    "Translated from Trailscope's DuckDB SQL for Athena (engine 3) and Trino; it reads the lake's tables.",
  ].join('\n');
  return `${commentLines(header)}\n${sql.trim()}\n`;
}

function unportableText(list: PortableDetections['unportable'], translated: number): string {
  const rows = list.map(({ id, title, reason }) => `| \`${id}\` | ${cell(title)} | ${cell(reason)} |`);
  return `# Detections not translated for Athena and Trino

${translated} detections are in \`${DETECTIONS_FOLDER}/\`. These ${list.length} use DuckDB constructs that
Trino lacks or spells with a different meaning, so no Athena file is written for them rather
than one that would answer differently. Open the lake in Trailscope (\`trailscope serve --lake DIR\`)
to run them.

| rule | title | reason |
| --- | --- | --- |
${rows.join('\n')}
`;
}

/** A Markdown table cell: pipes and line breaks would end it. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replace(/\s+/g, ' ');
}
