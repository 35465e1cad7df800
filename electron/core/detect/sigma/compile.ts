import type { Detection } from '../../../../shared/model/detection.ts';
import { conditionSql, parseCondition } from './condition.ts';
import { SigmaRefusal } from './refusal.ts';
import { attackIds, descriptionOf, detectionId, falsePositivesText, severityOf } from './rule-metadata.ts';
import { compileSearch } from './search-identifier.ts';
import { readSigmaRule } from './sigma-document.ts';
import { isYamlMap, readYamlDocuments, type YamlValue } from './yaml-documents.ts';

/**
 * What became of one document of a Sigma file. An accepted rule lists the regular expressions
 * in its SQL: RE2's syntax is not JavaScript's, so only DuckDB can say whether it compiles them
 * (regex-check.ts), and a rule is not ready to run until it has. A refusal in a file of several
 * documents names the document (1 for the first) in its reason.
 */
export type SigmaResult =
  | { ok: true; detection: Detection; sigma_id: string | null; regexes: string[] }
  | { ok: false; title: string | null; reason: string };

/** One row per matching event, with what an analyst reads first. */
const COLUMNS = 'event_time, event_key, event_name, event_source, identity_arn, source_ip, aws_region, error_code';

/**
 * Compiles every document of a Sigma file into a detection over `events`, or says why it
 * cannot. Nothing is run, neither YAML nor SQL: the rule's values reach the SQL as string
 * literals only. `sourceName` is the file's name, quoted in each detection's description.
 */
export function compileSigma(text: string, sourceName: string): SigmaResult[] {
  let documents: ReturnType<typeof readYamlDocuments>;
  try {
    documents = readYamlDocuments(text);
  } catch (error) {
    if (!(error instanceof SigmaRefusal)) throw error;
    return [{ ok: false, title: null, reason: error.message }];
  }
  if (documents.length === 0) return [{ ok: false, title: null, reason: 'the file holds no YAML document.' }];
  const several = documents.length > 1;
  const taken = new Set<string>();
  return documents.map((read): SigmaResult => {
    const where = several ? `document ${read.document}: ` : '';
    if (!read.ok) return { ok: false, title: null, reason: `${where}${read.reason}` };
    try {
      const result = compileRule(read.value, sourceName, taken);
      taken.add(result.detection.id);
      return { ok: true, ...result };
    } catch (error) {
      if (!(error instanceof SigmaRefusal)) throw error;
      return { ok: false, title: titleOf(read.value), reason: `${where}${error.message}` };
    }
  });
}

function compileRule(value: YamlValue, sourceName: string, taken: ReadonlySet<string>) {
  const rule = readSigmaRule(value);
  const names = [...rule.searches.keys()];
  const conditions = rule.conditions.map((c) => parseCondition(c, names));
  // Only the searches a condition names are compiled: the others take no part in the rule.
  const searches = new Map<string, ReturnType<typeof compileSearch>>();
  const searchSql = (name: string) => {
    let compiled = searches.get(name);
    if (!compiled) {
      compiled = compileSearch(name, rule.searches.get(name)!);
      searches.set(name, compiled);
    }
    return compiled.sql;
  };
  // The specification links a list of conditions with OR.
  const where = conditions.map((c) => conditionSql(c, searchSql)).join('\n   OR ');
  const detection: Detection = {
    id: detectionId(rule.title, taken),
    title: rule.title,
    description: descriptionOf(rule, sourceName),
    severity: severityOf(rule.level),
    attack: attackIds(rule.tags),
    false_positives: falsePositivesText(rule.falsepositives),
    family: 'Your rules',
    sql: `SELECT ${COLUMNS}\nFROM events\nWHERE ${where}`,
    origin: 'sigma',
  };
  return { sigma_id: rule.id, detection, regexes: [...new Set([...searches.values()].flatMap((s) => s.regexes))] };
}

function titleOf(value: YamlValue): string | null {
  const title = isYamlMap(value) ? value.title : undefined;
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : null;
}
