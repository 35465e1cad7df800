import { z } from 'zod';
import { refuse } from './refusal.ts';
import { isYamlMap, type YamlMap, type YamlValue } from './yaml-documents.ts';

export const sigmaLevels = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export const sigmaStatuses = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;

/** A Sigma detection rule, its shape checked; what its detection means is compile.ts's business. */
export interface SigmaRule {
  title: string;
  id: string | null;
  status: (typeof sigmaStatuses)[number] | null;
  description: string | null;
  level: (typeof sigmaLevels)[number] | null;
  tags: string[];
  falsepositives: string[];
  /** The search identifiers by name, `condition` left out; a Map, so that no name finds Object's prototype. */
  searches: Map<string, YamlValue>;
  /** One or more conditions; a list is linked with OR. */
  conditions: string[];
}

const text = z.string({ error: 'must be text' });
const map = z.custom<YamlMap>(isYamlMap, { error: 'must be a map' });

// Unknown keys are dropped, not refused: the specification allows arbitrary custom fields.
const ruleShape = z.object({
  title: text.trim().min(1, { error: 'must not be empty' }).max(256, { error: 'must be at most 256 characters' }),
  id: z.guid({ error: 'must be a UUID' }).nullish(),
  status: z.enum(sigmaStatuses, { error: `must be one of ${sigmaStatuses.join(', ')}` }).nullish(),
  description: text.nullish(),
  level: z.enum(sigmaLevels, { error: `must be one of ${sigmaLevels.join(', ')}` }).nullish(),
  tags: z.array(text, { error: 'must be a list' }).nullish(),
  falsepositives: z.union([text, z.array(text)], { error: 'must be text or a list of text' }).nullish(),
  logsource: map,
  detection: map,
});

/**
 * The document as a Sigma rule Trailscope can run, or a SigmaRefusal saying why not. Only
 * CloudTrail rules run: the events table holds CloudTrail records and nothing else.
 */
export function readSigmaRule(document: YamlValue): SigmaRule {
  if (!isYamlMap(document))
    refuse('a Sigma rule is a YAML map (title, logsource, detection…); this document is not one.');
  if ('correlation' in document)
    refuse('Sigma correlation rules are not supported: a Trailscope Sigma rule matches single events.');
  if ('action' in document)
    refuse(
      `rule collections (action: ${describe(document.action)}) are not supported; write each rule out in full, in a document of its own.`,
    );
  if ('filter' in document && !('detection' in document))
    refuse('Sigma filters (meta filters) are not supported; put the exclusion in the rule itself.');
  const parsed = ruleShape.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const missing = issue.path.length === 1 && document[String(issue.path[0])] === undefined;
    refuse(`${where.slice(1)} ${missing ? 'is missing' : issue.message}.`);
  }
  const rule = parsed.data;
  checkLogsource(rule.logsource);
  const searches = new Map(Object.entries(rule.detection));
  const condition = searches.get('condition');
  searches.delete('condition');
  if (searches.has('timeframe'))
    refuse(
      'detection.timeframe is not supported: a Trailscope Sigma rule matches single events, not events in a window.',
    );
  return {
    title: rule.title,
    id: rule.id ?? null,
    status: rule.status ?? null,
    description: rule.description?.trim() || null,
    level: rule.level ?? null,
    tags: rule.tags ?? [],
    falsepositives: typeof rule.falsepositives === 'string' ? [rule.falsepositives] : (rule.falsepositives ?? []),
    searches,
    conditions: conditionsOf(condition),
  };
}

function checkLogsource(logsource: YamlMap): void {
  const product = logsource.product;
  const service = logsource.service;
  if (typeof product === 'string' && product.toLowerCase() === 'aws')
    if (typeof service === 'string' && service.toLowerCase() === 'cloudtrail') return;
  refuse(
    `logsource is product ${describe(product)}, service ${describe(service)}; Trailscope runs CloudTrail rules only (product: aws, service: cloudtrail).`,
  );
}

function conditionsOf(condition: YamlValue | undefined): string[] {
  if (condition === undefined || condition === null) refuse('detection.condition is missing.');
  const conditions = Array.isArray(condition) ? condition : [condition];
  if (conditions.length === 0) refuse('detection.condition is an empty list.');
  return conditions.map((c) => {
    if (typeof c !== 'string' || c.trim() === '') refuse('detection.condition must be text, or a list of text.');
    return c;
  });
}

function describe(value: YamlValue | undefined): string {
  if (value === undefined || value === null) return '(none)';
  return typeof value === 'string' ? JSON.stringify(value) : '(not text)';
}
