import { S3_PLACEHOLDER } from './lake-ddl.ts';
import { DDL_FILES, DETECTIONS_FOLDER, MANIFEST_FILE, UNPORTABLE_FILE } from './lake-layout.ts';
import { SUMMARY_FILE } from './lake-summary.ts';

export interface LakeReadmeFacts {
  /** The tables written into this lake, events first. */
  tables: readonly string[];
  translatedDetections: number;
  unportableDetections: number;
}

/** README.md of a lake folder: how to upload it, declare its tables and query them in Athena, Trino and Spark. */
export function lakeReadme(facts: LakeReadmeFacts): string {
  return `# Trailscope lake

CloudTrail evidence exported by Trailscope (\`trailscope export --parquet\`) as Parquet, for Amazon
Athena, Trino and Spark. Tables and columns have the names they have in the Trailscope case:
${facts.tables.map((table) => `\`${table}\``).join(', ')}. \`${MANIFEST_FILE}\` holds the SHA-256
of every file, the case the lake came from and every export into this folder.${
    facts.tables.includes('event_conflicts')
      ? `

\`event_conflicts\` holds deliveries of an event whose body differs from the one stored in \`events\`
(the same event key, another JSON value): evidence of tampering or of a bad export. Each row has
the body as delivered, its SHA-256 and its source, and the SHA-256 and source of the stored body.`
      : ''
  }

\`events\` is partitioned Hive-style: \`events/account=<id>/region=<region>/date=YYYY-MM-DD/\`.
An account or region that could not be read from a record is \`unknown\`. Restrict a query by
\`account\`, \`region\` and \`date\` and the engine reads only those folders.

## 1. Upload

    aws s3 sync . ${S3_PLACEHOLDER}

Run it in this folder, with your bucket and prefix in place of \`${S3_PLACEHOLDER}\`; write the same
location into the DDL files in the next step (one search and replace).

## 2. Declare the tables

- **Athena (engine 3)**: in the query editor, \`CREATE DATABASE trailscope\`, choose it, then run
  the statements of \`${DDL_FILES.athena}\` one at a time. The events table uses partition projection:
  no crawler and no \`MSCK REPAIR TABLE\`. Its \`date\` column is a string:
  \`WHERE account = '123456789012' AND "date" = '2024-05-01'\`.
- **Trino** (Hive connector, with a metastore or AWS Glue):
  \`trino --catalog hive --schema trailscope -f ${DDL_FILES.trino}\` (use your Hive catalog's name). The
  last statement registers the partitions found on S3. \`date\` is a DATE:
  \`WHERE "date" = DATE '2024-05-01'\`. Timestamps keep microseconds with
  \`hive.timestamp-precision=MICROSECONDS\` in the catalog; CloudTrail's are whole seconds anyway.
- **Spark SQL**: run \`${DDL_FILES.spark}\` with \`spark-sql -f\` (\`s3a://\` instead of \`s3://\` outside
  EMR). \`MSCK REPAIR TABLE events\` registers the partitions.

## 3. Query

    SELECT event_name, count(*) AS calls
    FROM events
    WHERE "date" = '2024-05-01'   -- DATE '2024-05-01' on Trino and Spark
    GROUP BY event_name
    ORDER BY calls DESC

\`${DETECTIONS_FOLDER}/\` holds ${facts.translatedDetections} of Trailscope's detections translated for Athena and
Trino, one query per file: paste one and run it. ${facts.unportableDetections} could not be translated faithfully;
\`${UNPORTABLE_FILE}\` lists them with the reason. The translation was checked on the text only
(no Athena or Trino was at hand where it was made): each file uses functions Trino has, and
JSON is read with \`json_extract\` / \`json_extract_scalar\` on the JSON text columns.

## After another export into this folder

Export again into the same folder and upload again (\`aws s3 sync\` sends only the new files). Then:

- **Athena**: nothing for new days. A new account or region needs its value in the table's
  \`projection.account.values\` / \`projection.region.values\`: run the new \`${DDL_FILES.athena}\`
  after \`DROP TABLE events\` (dropping an external table deletes no data), or
  \`ALTER TABLE events SET TBLPROPERTIES (...)\`.
- **Trino**: \`CALL system.sync_partition_metadata('trailscope', 'events', 'ADD')\`.
- **Spark**: \`MSCK REPAIR TABLE events\`.

The other tables are not partitioned: their new files are read at once.

## Open it in Trailscope

\`trailscope serve --lake DIR\` opens this folder read-only; notes and findings go to a small
case file beside it. \`${SUMMARY_FILE}\`, when there, is Trailscope's own: the explorer's summary of the events
(facets, chart span, heat map), counted at export so that the first open need not read every file.
It is not a table; the engines above ignore it.
`;
}
