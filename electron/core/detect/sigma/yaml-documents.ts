import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import { refuse, SigmaRefusal } from './refusal.ts';
import { MAX_NESTING, tooDeep } from './yaml-nesting.ts';

/** A rule file is a few kilobytes; past these it is not a rule file, and parsing it costs for nothing. */
export const MAX_FILE_CHARS = 256 * 1024;
export const MAX_DOCUMENTS = 200;

/**
 * A YAML number as written. Sigma matches values as text, and YAML's reading of a number loses
 * what was written: account id 012345678901 would become 12345678901, version 1.10 would be 1.1.
 */
export class YamlNumber {
  constructor(readonly text: string) {}
}

export type YamlValue = string | boolean | null | YamlNumber | YamlValue[] | YamlMap;

/** A document read, or refused; `document` is its place in the file, 1 for the first. */
export type YamlDocument = { document: number } & ({ ok: true; value: YamlValue } | { ok: false; reason: string });

/**
 * The documents of a YAML file as plain values, each parsed or refused on its own, empty
 * documents (a trailing `---`) left out since they hold no rule. Nothing in the text is run:
 * YAML tags only ever make scalars here, and anchors are refused, so a file cannot grow past
 * its size through aliases. A file past the limits, or nested past MAX_NESTING, is refused whole
 * (SigmaRefusal).
 */
export function readYamlDocuments(text: string): YamlDocument[] {
  if (text.length > MAX_FILE_CHARS)
    refuse(`the file holds ${text.length} characters; a Sigma file may hold at most ${MAX_FILE_CHARS}.`);
  const deep = tooDeep(text);
  if (deep)
    refuse(
      `the YAML nests deeper than ${MAX_NESTING} levels at line ${deep.line} (each column of indentation counted as one); a Sigma rule nests a handful.`,
    );
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: true });
  if (documents.length > MAX_DOCUMENTS)
    refuse(`the file holds ${documents.length} YAML documents; a Sigma file may hold at most ${MAX_DOCUMENTS}.`);
  const read: YamlDocument[] = [];
  for (const [index, { contents, errors }] of documents.entries()) {
    const at = index + 1;
    if (contents === null || (isScalar(contents) && contents.value === null && contents.source === '')) continue;
    const error = errors[0];
    if (error) {
      // The pretty message carries the offending lines after its first; the first says what and where.
      const first = error.message.split('\n')[0]!.replace(/:$/, '');
      read.push({ document: at, ok: false, reason: `the YAML does not parse: ${first}.` });
      continue;
    }
    try {
      read.push({ document: at, ok: true, value: plain(contents, lines) });
    } catch (error) {
      if (!(error instanceof SigmaRefusal)) throw error;
      read.push({ document: at, ok: false, reason: error.message });
    }
  }
  return read;
}

function plain(node: unknown, lines: LineCounter): YamlValue {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    const at = node.range ? ` (line ${lines.linePos(node.range[0]).line})` : '';
    refuse(`YAML aliases (*${node.source}) are not supported in Sigma rules${at}; write the value out.`);
  }
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
    if (typeof value === 'number' || typeof value === 'bigint') return new YamlNumber(node.source ?? String(value));
    // A YAML 1.1 timestamp or binary: Sigma reads it as the text it was written as.
    return node.source ?? String(value);
  }
  if (isSeq(node)) return node.items.map((item) => plain(item, lines));
  if (isMap(node)) {
    const entries: [string, YamlValue][] = [];
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = keyText(pair.key, lines);
      if (seen.has(key)) refuse(`the key "${key}" appears twice in one map.`);
      seen.add(key);
      entries.push([key, plain(pair.value, lines)]);
    }
    // fromEntries defines own properties, so a key "__proto__" stays a key and changes no prototype.
    return Object.fromEntries(entries);
  }
  refuse('the YAML holds a node Trailscope does not read.');
}

function keyText(key: unknown, lines: LineCounter): string {
  const value = isScalar(key) ? key.value : undefined;
  if (isScalar(key) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'))
    return typeof value === 'string' ? value : (key.source ?? String(value));
  const at = isScalar(key) || isMap(key) || isSeq(key) ? key.range : undefined;
  refuse(`a map key must be text${at ? ` (line ${lines.linePos(at[0]).line})` : ''}.`);
}

export type YamlMap = { [key: string]: YamlValue };

export function isYamlMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof YamlNumber);
}
