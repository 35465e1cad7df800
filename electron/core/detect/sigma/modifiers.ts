import { refuse } from './refusal.ts';

/** How a value is compared with the field: exactly (Sigma wildcards allowed), as a part, a pattern, a network, or presence. */
export type MatchKind = 'equals' | 'contains' | 'startswith' | 'endswith' | 're' | 'cidr' | 'exists';

export interface Modifiers {
  kind: MatchKind;
  /** A list of values must all match, not one of them. */
  all: boolean;
  /** Case-sensitive; Sigma matches text case-insensitively otherwise (regular expressions excepted). */
  cased: boolean;
  /** Regular-expression flags, from the `i`, `m` and `s` sub-modifiers of `re`. */
  flags: string;
}

const KINDS = new Set<string>(['contains', 'startswith', 'endswith', 're', 'cidr', 'exists']);
const REGEX_FLAGS = new Set(['i', 'm', 's']);

/** Modifiers of the specification Trailscope does not compile, and why, so a refusal can say so. */
const UNSUPPORTED: Record<string, string> = {
  base64: 'matches Base64-encoded text, which CloudTrail fields do not hold',
  base64offset: 'matches Base64-encoded text, which CloudTrail fields do not hold',
  utf16: 'changes the encoding of a value for Base64 matching, which CloudTrail fields do not need',
  utf16le: 'changes the encoding of a value for Base64 matching, which CloudTrail fields do not need',
  utf16be: 'changes the encoding of a value for Base64 matching, which CloudTrail fields do not need',
  wide: 'changes the encoding of a value for Base64 matching, which CloudTrail fields do not need',
  windash: 'varies Windows command-line dashes, which CloudTrail does not record',
  expand: 'needs placeholder values (%name%) that Trailscope has no list of',
  fieldref: 'compares one field with another, which Trailscope does not compile',
  gt: 'compares numbers, which Trailscope does not compile',
  gte: 'compares numbers, which Trailscope does not compile',
  lt: 'compares numbers, which Trailscope does not compile',
  lte: 'compares numbers, which Trailscope does not compile',
  neq: 'is not compiled by Trailscope; negate a selection in the condition instead',
  minute: 'reads parts of dates, which Trailscope does not compile',
  hour: 'reads parts of dates, which Trailscope does not compile',
  day: 'reads parts of dates, which Trailscope does not compile',
  week: 'reads parts of dates, which Trailscope does not compile',
  month: 'reads parts of dates, which Trailscope does not compile',
  year: 'reads parts of dates, which Trailscope does not compile',
};

/** `field|mod|mod` taken apart; a modifier Trailscope cannot honour refuses the rule, named. */
export function readFieldKey(key: string): { field: string; modifiers: Modifiers } {
  const [field, ...names] = key.split('|') as [string, ...string[]];
  if (field === '')
    refuse(
      `"${key}" has no field: keyword searches (values matched anywhere in the event) are not supported, since they would scan every raw record; name the field.`,
    );
  const modifiers: Modifiers = { kind: 'equals', all: false, cased: false, flags: '' };
  const seen = new Set<string>();
  for (const name of names) {
    const where = `modifier "${name}" of field ${field}`;
    if (seen.has(name)) refuse(`${where} is given twice.`);
    seen.add(name);
    if (Object.hasOwn(UNSUPPORTED, name)) refuse(`${where} is not supported: it ${UNSUPPORTED[name]}.`);
    if (name === 'all') modifiers.all = true;
    else if (name === 'cased') modifiers.cased = true;
    else if (REGEX_FLAGS.has(name)) {
      if (modifiers.kind !== 're') refuse(`${where} is a flag of "re" and must follow it.`);
      modifiers.flags += name;
    } else if (KINDS.has(name)) {
      if (modifiers.kind !== 'equals') refuse(`field ${field} has both "${modifiers.kind}" and "${name}"; use one.`);
      modifiers.kind = name as MatchKind;
    } else refuse(`${where} is not a Sigma modifier Trailscope knows.`);
  }
  if (modifiers.cased && (modifiers.kind === 'cidr' || modifiers.kind === 'exists'))
    refuse(`field ${field}: "cased" means nothing with "${modifiers.kind}".`);
  if (modifiers.kind === 'exists' && modifiers.all)
    refuse(`field ${field}: "exists" takes one true or false, not "all".`);
  return { field, modifiers };
}
