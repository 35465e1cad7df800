import { labelOf } from '../../../shared/json-label.ts';
import type { ChangeKind, JsonObject, JsonValue } from '../../../shared/model/pipeline.ts';
import { isObject } from './declaration.ts';

/** The action a change belongs to, before and after, so a rule can see its type. */
export interface ActionContext {
  before?: JsonObject;
  after?: JsonObject;
}

export interface RawChange {
  path: string;
  kind: ChangeKind;
  before: JsonValue | undefined;
  after: JsonValue | undefined;
  action?: ActionContext;
  /** The last path segment below an action: `configuration.BranchName` → BranchName. */
  field?: string;
}

export const actionTypeOf = (action: JsonObject | undefined): JsonObject =>
  (action &&
    (isObject(action.actionTypeId)
      ? action.actionTypeId
      : isObject(action.actionType)
        ? action.actionType
        : undefined)) ??
  {};

const describeType = (action: JsonObject | undefined) => {
  const type = actionTypeOf(action);
  return [type.owner, type.category, type.provider].filter((x) => typeof x === 'string').join('/');
};

/** Actions that run code of their own or hand artifacts to something outside CodePipeline. */
function runsForeignCode(action: JsonObject | undefined): boolean {
  const type = actionTypeOf(action);
  return (
    type.category === 'Invoke' || type.provider === 'Lambda' || type.owner === 'Custom' || type.owner === 'ThirdParty'
  );
}

// Where each source provider reads from (CodeCommit, S3, CodeStar connections, GitHub v1, ECR).
const SOURCE_LOCATION_KEYS = new Set([
  'RepositoryName',
  'BranchName',
  'S3Bucket',
  'S3ObjectKey',
  'ConnectionArn',
  'FullRepositoryId',
  'Owner',
  'Repo',
  'Branch',
  'ImageTag',
  'OAuthToken',
]);

const SECRET_KEY = /secret|token|passw|apikey|api_key|private.?key|credential|oauth/i;
const SECRET_VALUE =
  /\b(AKIA|ASIA)[A-Z0-9]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bxox[abpr]-[A-Za-z0-9-]{10,}/;
// CloudTrail and the console show masked secrets as asterisks: nothing was disclosed.
const MASKED = /^\*+$/;

function looksSecret(key: string | undefined, value: JsonValue | undefined): boolean {
  if (typeof value !== 'string' || value === '' || MASKED.test(value)) return false;
  return SECRET_VALUE.test(value) || (key !== undefined && SECRET_KEY.test(key));
}

/**
 * Why a change matters in an incident, or null. The rules follow how pipelines are abused:
 * a new role or a new code-running action, a different source, a removed approval or test,
 * artifacts sent elsewhere, secrets written into configuration.
 */
export function securityReason(change: RawChange): string | null {
  const { path, kind, after, action, field } = change;
  const subject = action?.after ?? action?.before;
  const isActionItself = action !== undefined && field === undefined;

  if (/^artifactStores?(\[|\.|$)/.test(path))
    return 'artifact store or its encryption key changed: artifacts are written elsewhere or under another key';
  if (path === 'roleArn')
    return "the pipeline's service role changed: every action runs with the new role's permissions";
  if (field !== undefined && /RoleArn$/i.test(field))
    return `the role ${path.includes('configuration') ? 'this action deploys with' : 'this action runs as'} changed`;

  if (isActionItself && kind === 'added' && runsForeignCode(subject)) {
    return `new ${describeType(subject)} action: it runs code outside the pipeline's build steps and receives its artifacts`;
  }
  if (isActionItself && kind === 'removed') {
    const category = actionTypeOf(action.before).category;
    if (category === 'Approval') return 'manual approval removed: changes reach later stages without review';
    if (category === 'Test') return 'test action removed: checks no longer run';
  }
  if (path.endsWith('.actionTypeId') || /\.actionType(Id)?\.(owner|category|provider|version)$/.test(path)) {
    if (runsForeignCode(action?.after) || runsForeignCode(action?.before))
      return `action type changed (${describeType(action?.before)} → ${describeType(action?.after)}): a different integration runs`;
    if (actionTypeOf(action?.before).category === 'Approval')
      return 'manual approval replaced by another kind of action';
  }
  if (field !== undefined && path.includes('.configuration.')) {
    if (looksSecret(field, after))
      return `configuration value looks like a secret (${field}): anyone who can read the pipeline can read it`;
    if (runsForeignCode(subject))
      return `configuration of a ${describeType(subject)} action changed: different code or input runs`;
    if (actionTypeOf(subject).category === 'Source' && SOURCE_LOCATION_KEYS.has(field))
      return `source location changed (${field}): the pipeline now builds from somewhere else`;
    if (field === 'ProjectName') return 'a different build project runs in this action';
  }
  if (isActionItself && kind === 'added' && actionTypeOf(subject).category === 'Source')
    return 'new source action: the pipeline takes code from a new place';
  if (/^variables\[/.test(path) && looksSecret(undefined, after)) return 'pipeline variable value looks like a secret';
  if (field !== undefined && /environmentVariables/.test(path) && JSON.stringify(after ?? '').match(SECRET_VALUE))
    return 'environment variable value looks like a secret';
  return null;
}

/** The reasons that make an added or removed stage matter: those of the actions it holds. */
export function stageSecurityReason(kind: 'added' | 'removed', stage: JsonObject): string | null {
  const actions = Array.isArray(stage.actions) ? stage.actions.filter(isObject) : [];
  const reasons = actions
    .map((action) =>
      securityReason({
        path: `actions[${labelOf(action.name)}]`,
        kind,
        before: kind === 'removed' ? action : undefined,
        after: kind === 'added' ? action : undefined,
        action: kind === 'added' ? { after: action } : { before: action },
      }),
    )
    .filter((r): r is string => r !== null);
  return reasons.length ? [...new Set(reasons)].join('; ') : null;
}

const ARN_ACCOUNT = /\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/g;

/** Accounts other than the pipeline's that a new value's ARNs point into: where artifacts or trust may go. */
export function foreignAccounts(value: JsonValue | undefined, account: string | undefined): string[] {
  if (value === undefined || account === undefined) return [];
  const text = JSON.stringify(value);
  return [...new Set([...text.matchAll(ARN_ACCOUNT)].map((m) => m[1]!))].filter((a) => a !== account);
}

/** A rule's reason and the cross-account note, joined; null when neither applies. */
export function withForeignAccounts(
  reason: string | null,
  value: JsonValue | undefined,
  account: string | undefined,
): string | null {
  const foreign = foreignAccounts(value, account);
  const note = foreign.length
    ? `points into another account (${foreign.join(', ')}), not the pipeline's own (${account})`
    : null;
  return [reason, note].filter((r) => r !== null).join('; ') || null;
}
