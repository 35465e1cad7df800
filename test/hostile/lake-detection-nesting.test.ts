import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { OpenCase } from '../../electron/api/open-case.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { sqlString } from '../../electron/core/case/sql.ts';
import { detectionPack } from '../../electron/core/detect/pack.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { DETECTIONS_FOLDER, UNPORTABLE_FILE } from '../../electron/core/lake/lake-layout.ts';
import { MAX_NESTING } from '../../electron/core/lake/sql-tree.ts';
import { toTrino } from '../../electron/core/lake/trino-dialect.ts';
import type { JobFinishedEvent } from '../../shared/model/job.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A lake export translates every rule of the case into Trino's dialect, the case's own rules
 * included, and those are whatever the case file holds. The translation recursed once a bracket
 * level: about 2,000 levels overflowed its stack, and on Node 20 an overflow met while V8
 * compiled a regular expression aborted the process (FATAL ERROR: RegExpCompiler Allocation
 * failed), the export's CLI or the browser face with it. Past MAX_NESTING a rule is listed as
 * not translated, with why, and the export goes on.
 */
const REFUSED = `cannot read the SQL: brackets nested more than ${MAX_NESTING} levels deep`;

/** A SELECT whose expression opens `open` `levels` times, each closed by `close`. */
const nested = (open: string, close: string, levels: number) =>
  `SELECT ${open.repeat(levels)}1${close.repeat(levels)} AS x FROM events`;

/** Each opens one bracket a level, but for the casts, which open two. */
const SHAPES: [name: string, open: string, close: string, bracketsPerLevel: number][] = [
  ['parentheses', '(', ')', 1],
  ['lists', '[', ']', 1],
  ['structs', '{a: ', '}', 1],
  ['intervals added up', "(INTERVAL '1' DAY + ", ')', 1],
  ['casts with ::', '((', ')::VARCHAR)', 2],
  ['CASTs', 'CAST((', ') AS VARCHAR)', 2],
  ['lambdas', 'list_transform(x, lambda y: ', ')', 1],
  ['subqueries', '(SELECT ', ' FROM events)', 1],
];

describe('a detection nested deeper than any rule, translated for Athena', () => {
  it.each(SHAPES)('(%s) is refused with its reason past the bound, twice in a process', (_, open, close, perLevel) => {
    const deepest = Math.floor(MAX_NESTING / perLevel);
    for (let round = 0; round < 2; round++) {
      // At the bound the depth is no reason (the translation may refuse the SQL for another).
      const atBound = toTrino(nested(open, close, deepest));
      if (!atBound.ok) expect(atBound.reason).not.toBe(REFUSED);
      for (const levels of [deepest + 1, 2_000, 100_000])
        expect(toTrino(nested(open, close, levels))).toEqual({ ok: false, reason: REFUSED });
    }
  });
});

describe('a case whose own rule nests 100,000 brackets deep', () => {
  const dir = tempDir('trailscope-lake-nesting-');

  it('exports its lake twice, the rule listed as not translated and the pack translated', async () => {
    const file = path.join(dir, 'case.duckdb');
    const store = await CaseStore.open(file, { create: true });
    await ingest(store, ['samples/demo-archive']);
    store.close();
    // The case file edited by plain DuckDB, as anyone could.
    const rule = { ...detectionPack[0]!, id: 'deep-rule', title: 'Deep', sql: nested('(', ')', 100_000) };
    const instance = await DuckDBInstance.create(file);
    const db = await instance.connect();
    await db.run(
      `INSERT INTO detection_rules VALUES ('deep-rule', NULL, 'deep.yml', '', ${sqlString('0'.repeat(64))}, ${sqlString(JSON.stringify(rule))}, now())`,
    );
    db.closeSync();
    instance.closeSync();

    const finished: JobFinishedEvent[] = [];
    const face = new OpenCase((name, payload) => {
      if (name === 'job:finished') finished.push(payload as JobFinishedEvent);
    }, null);
    await face.open(file);
    try {
      for (const lake of ['lake-1', 'lake-2']) {
        const { jobId } = await face.request('lake:export', { dir: path.join(dir, lake) });
        await expect.poll(() => finished.find((f) => f.jobId === jobId), { timeout: 60_000 }).toBeDefined();
        expect(finished.find((f) => f.jobId === jobId)!.outcome.ok).toBe(true);
        const unportable = fs.readFileSync(path.join(dir, lake, UNPORTABLE_FILE), 'utf8');
        expect(unportable).toContain(`| \`deep-rule\` | Deep | ${REFUSED} |`);
        expect(fs.existsSync(path.join(dir, lake, DETECTIONS_FOLDER, 'deep-rule.sql'))).toBe(false);
        expect(fs.existsSync(path.join(dir, lake, DETECTIONS_FOLDER, `${detectionPack[0]!.id}.sql`))).toBe(true);
      }
    } finally {
      await face.close();
    }
  }, 120_000);
});
