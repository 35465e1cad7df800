import { createHash } from 'node:crypto';
import { messageOf, TrailscopeError } from '../../../shared/api/errors.ts';
import type { SigmaImportResult } from '../../../shared/model/detection.ts';
import { logAction } from '../case/case-log.ts';
import { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { checkConsoleSql } from '../query/console-guard.ts';
import { detectionPack } from './pack.ts';
import { compileSigma } from './sigma/compile.ts';
import { checkSigmaRegexes } from './sigma/regex-check.ts';

export interface SigmaFile {
  name: string;
  text: string;
}

/**
 * Compiles Sigma files into the case's own rules. Each document is imported or refused with
 * its reason; a compiled rule's regular expressions must be RE2's, and the rule must pass the
 * console's guard (DuckDB binds it), so a
 * rule that could never run is refused now, not at the next run. A rule whose id is already
 * the case's is replaced; one that takes a pack rule's id is refused. Logged with every
 * file's SHA-256.
 */
export async function importSigmaRules(store: CaseStore, files: SigmaFile[]): Promise<SigmaImportResult[]> {
  const db = await store.connectReader();
  const compiled: { file: SigmaFile; result: ReturnType<typeof compileSigma>[number] }[] = [];
  try {
    for (const file of files) {
      for (let result of await checkSigmaRegexes(db, compileSigma(file.text, file.name))) {
        if (result.ok) {
          const refusal = await refusalOf(db, result.detection.id, result.detection.sql, store.viewScans);
          if (refusal) result = { ok: false, title: result.detection.title, reason: refusal };
        }
        compiled.push({ file, result });
      }
    }
  } finally {
    db.closeSync();
  }
  return store.writeAnalyst(async (writer) => {
    const reader = new CaseReader(writer);
    const answers: SigmaImportResult[] = [];
    for (const { file, result } of compiled) {
      if (!result.ok) {
        answers.push({ ok: false, source_name: file.name, title: result.title, reason: result.reason });
        continue;
      }
      const { detection } = result;
      const replaced =
        (await reader.number('SELECT count(*) FROM detection_rules WHERE rule_id = $id', { id: detection.id })) > 0;
      await writer.run('DELETE FROM detection_rules WHERE rule_id = $id', { id: detection.id });
      await writer.run(
        `INSERT INTO detection_rules VALUES ($id, $sigma, $source, $text, $sha, $detection::JSON, now())`,
        {
          id: detection.id,
          sigma: result.sigma_id,
          source: file.name,
          text: file.text,
          sha: createHash('sha256').update(file.text).digest('hex'),
          detection: JSON.stringify(detection),
        },
      );
      answers.push({ ok: true, source_name: file.name, rule_id: detection.id, title: detection.title, replaced });
    }
    await logAction(writer, 'import-sigma', {
      files: files.map((f) => ({ name: f.name, sha256: createHash('sha256').update(f.text).digest('hex') })),
      imported: answers.flatMap((a) => (a.ok ? [a.rule_id] : [])),
      refused: answers.flatMap((a) => (a.ok ? [] : [{ title: a.title, reason: a.reason }])),
    });
    return answers;
  });
}

async function refusalOf(
  db: Parameters<typeof checkConsoleSql>[0],
  id: string,
  sql: string,
  viewScans: ReadonlySet<string>,
): Promise<string | null> {
  if (detectionPack.some((rule) => rule.id === id))
    return `Its id ${id} is a rule of the pack's; give the rule another title.`;
  try {
    await checkConsoleSql(db, sql, viewScans);
    return null;
  } catch (error) {
    return `DuckDB cannot run it: ${messageOf(error)}`;
  }
}

/** Takes one of the case's own rules out, with its results; logged. */
export function removeCaseRule(store: CaseStore, ruleId: string): Promise<void> {
  return store.writeAnalyst(async (db) => {
    const reader = new CaseReader(db);
    if ((await reader.number('SELECT count(*) FROM detection_rules WHERE rule_id = $id', { id: ruleId })) === 0) {
      const pack = detectionPack.some((rule) => rule.id === ruleId);
      throw new TrailscopeError(
        'not-found',
        pack
          ? `${ruleId} is a rule of the pack; only the case's own rules can be removed.`
          : `No rule ${ruleId} in this case.`,
      );
    }
    for (const table of ['detection_rules', 'detection_results', 'detection_hits', 'detection_hit_events'])
      await db.run(`DELETE FROM ${table} WHERE rule_id = $id`, { id: ruleId });
    await logAction(db, 'remove-rule', { rule_id: ruleId });
  });
}
