import type { Detection } from '../../../shared/model/detection.ts';
import { type LakeDdlTable, type LakePartitionValues, lakeDdl } from './lake-ddl.ts';
import { DDL_FILES, README_FILE, UNPORTABLE_FILE } from './lake-layout.ts';
import { lakeReadme } from './lake-readme.ts';
import { portableDetections } from './portable-detections.ts';

/** A descriptive file of the lake: its path in the folder and its text. */
export interface LakeText {
  name: string;
  text: string;
}

/**
 * The files that describe the lake as it stands after an export: the DDL of the tables it holds
 * and of the partitions its events fill, the README, and the detections in Athena's dialect.
 */
export function lakeTexts(
  tables: readonly LakeDdlTable[],
  partitions: LakePartitionValues,
  rules: readonly Detection[],
): LakeText[] {
  const ddl = lakeDdl(tables, partitions);
  const detections = portableDetections(rules);
  return [
    { name: DDL_FILES.athena, text: ddl.athena },
    { name: DDL_FILES.trino, text: ddl.trino },
    { name: DDL_FILES.spark, text: ddl.spark },
    {
      name: README_FILE,
      text: lakeReadme({
        tables: tables.map((t) => t.table.name),
        translatedDetections: Object.keys(detections.files).length,
        unportableDetections: detections.unportable.length,
      }),
    },
    ...Object.entries(detections.files).map(([name, text]) => ({ name, text })),
    { name: UNPORTABLE_FILE, text: detections.unportableText },
  ];
}

/** The account, region and first date folders among the lake's events files. */
export function partitionValues(files: Iterable<string>): LakePartitionValues {
  const accounts = new Set<string>();
  const regions = new Set<string>();
  let firstDate: string | null = null;
  for (const name of files) {
    const folders = /^events\/account=([^/]+)\/region=([^/]+)\/date=([^/]+)\//.exec(name);
    if (!folders) continue;
    accounts.add(folders[1]!);
    regions.add(folders[2]!);
    if (firstDate === null || folders[3]! < firstDate) firstDate = folders[3]!;
  }
  return { accounts: [...accounts].sort(), regions: [...regions].sort(), firstDate };
}
