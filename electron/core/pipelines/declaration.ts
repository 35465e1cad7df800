import type { DeclarationStatus, JsonObject, JsonValue } from '../../../shared/model/pipeline.ts';
import { MAX_RECORD_DEPTH } from '../../../shared/record-depth.ts';

export interface ChosenDeclaration {
  declaration: JsonObject | null;
  declaration_from: 'requestParameters' | 'responseElements' | null;
  declaration_status: DeclarationStatus;
  declaration_note: string | null;
}

export const isObject = (value: JsonValue | null | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Documentation examples and hand-trimmed records stand in "(...)" or "..." for what they cut.
const ELISION = /^\s*(\(\s*(\.\.\.|…)\s*\)|\.\.\.|…)\s*$/;

/** Every problem that keeps a declaration from being what CodePipeline would accept. */
export function declarationProblems(declaration: JsonObject): string[] {
  const problems: string[] = [];
  for (const field of ['name', 'roleArn']) {
    if (typeof declaration[field] !== 'string') problems.push(`no ${field}`);
  }
  if (!isObject(declaration.artifactStore) && !isObject(declaration.artifactStores))
    problems.push('no artifactStore or artifactStores');
  const stages = declaration.stages;
  if (!Array.isArray(stages) || stages.length === 0) {
    problems.push('no stages');
  } else {
    stages.forEach((stage, i) => {
      if (!isObject(stage) || typeof stage.name !== 'string') return problems.push(`stage ${i + 1} has no name`);
      if (!Array.isArray(stage.actions) || stage.actions.length === 0)
        return problems.push(`stage "${stage.name}" has no actions`);
      for (const action of stage.actions) {
        if (!isObject(action) || typeof action.name !== 'string')
          problems.push(`an action of stage "${stage.name}" has no name`);
        else if (!isObject(action.actionTypeId) && !isObject(action.actionType))
          problems.push(`action "${action.name}" has no actionTypeId`);
      }
    });
  }
  if (containsElision(declaration)) problems.push('parts are elided with "(...)"');
  return problems;
}

/** With a stack of its own: a forged declaration may nest deeper than the call stack goes. */
function containsElision(declaration: JsonValue): boolean {
  const pending: JsonValue[] = [declaration];
  for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
    if (typeof value === 'string') {
      if (ELISION.test(value)) return true;
    } else if (Array.isArray(value)) {
      for (const inner of value) pending.push(inner);
    } else if (isObject(value)) {
      for (const [key, inner] of Object.entries(value)) {
        if (ELISION.test(key)) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

/** CloudTrail marks a field it truncated for size with `"omitted": true`. */
function isOmitted(parameters: JsonValue | null): boolean {
  if (typeof parameters === 'string') return /too large|omitted/i.test(parameters);
  if (!isObject(parameters)) return false;
  return parameters.omitted === true || (isObject(parameters.pipeline) && parameters.pipeline.omitted === true);
}

/**
 * CodePipeline's declarations nest about ten levels, and ingest reads records up to
 * MAX_RECORD_DEPTH levels. A case file made elsewhere holds whatever its maker wrote: the diff
 * and the export walk a declaration level by level, and one nested 100,000 deep overflowed the
 * stack and failed every pipeline's view. A record's parameters deeper than any ingest reads are
 * not read. With a stack of its own, as containsElision.
 */
function nestsDeeperThan(value: JsonValue | null, limit: number): boolean {
  const pending: [JsonValue | null, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [inner, depth] = next;
    if (inner === null || typeof inner !== 'object') continue;
    if (depth >= limit) return true;
    for (const member of Array.isArray(inner) ? inner : Object.values(inner)) pending.push([member, depth + 1]);
  }
  return false;
}

/**
 * The declaration a Create/UpdatePipeline record carries: the request's, as the caller sent
 * it, unless it is abbreviated or omitted and the response holds a complete one.
 */
export function chooseDeclaration(
  requestParameters: JsonValue | null,
  responseElements: JsonValue | null,
): ChosenDeclaration {
  if (nestsDeeperThan(requestParameters, MAX_RECORD_DEPTH) || nestsDeeperThan(responseElements, MAX_RECORD_DEPTH))
    return chosen(
      null,
      null,
      'missing',
      `the record's parameters nest deeper than ${MAX_RECORD_DEPTH} levels, deeper than ingest reads (a case file made elsewhere): not read`,
    );
  const request =
    isObject(requestParameters) && isObject(requestParameters.pipeline) && requestParameters.pipeline.omitted !== true
      ? requestParameters.pipeline
      : null;
  const response = isObject(responseElements) && isObject(responseElements.pipeline) ? responseElements.pipeline : null;
  const requestProblems = request ? declarationProblems(request) : null;
  if (request && requestProblems!.length === 0) return chosen(request, 'requestParameters', 'complete', null);
  const responseProblems = response ? declarationProblems(response) : null;
  if (response && responseProblems!.length === 0) return chosen(response, 'responseElements', 'complete', null);

  if (isOmitted(requestParameters)) {
    return chosen(
      null,
      null,
      'omitted',
      'CloudTrail omitted the request parameters for size, and the response does not carry the declaration',
    );
  }
  if (request)
    return chosen(
      request,
      'requestParameters',
      'elided',
      `the declaration in the record is incomplete: ${requestProblems!.join('; ')}`,
    );
  if (response && response.stages !== undefined) {
    return chosen(
      response,
      'responseElements',
      'elided',
      `the declaration in the record is incomplete: ${responseProblems!.join('; ')}`,
    );
  }
  return chosen(null, null, 'missing', 'the record carries no pipeline declaration');
}

const chosen = (
  declaration: JsonObject | null,
  from: ChosenDeclaration['declaration_from'],
  status: DeclarationStatus,
  note: string | null,
): ChosenDeclaration => ({ declaration, declaration_from: from, declaration_status: status, declaration_note: note });

/**
 * CodePipeline's versions are 32-bit integers from 1 (the SDKs' `version: i32`). A record stating
 * more is forged, and counting on from it would stall: 1e308 + 1 === 1e308.
 */
export const MAX_VERSION = 2 ** 31 - 1;

const possibleVersion = (version: JsonValue | undefined): number | null =>
  typeof version === 'number' && Number.isInteger(version) && version >= 1 && version <= MAX_VERSION ? version : null;

const responseVersion = (responseElements: JsonValue | null) =>
  isObject(responseElements) && isObject(responseElements.pipeline) ? responseElements.pipeline.version : undefined;

/** The version a record states: the response's, which is the version the call created. */
export function statedVersion(responseElements: JsonValue | null): number | null {
  return possibleVersion(responseVersion(responseElements));
}

/** A number the response states as its version that no version can be; null when it states none or a possible one. */
export function impossibleStatedVersion(responseElements: JsonValue | null): number | null {
  const version = responseVersion(responseElements);
  return typeof version === 'number' && possibleVersion(version) === null ? version : null;
}

/** An update's request carries the version it replaced; the new one is the next. */
export function requestedFromVersion(requestParameters: JsonValue | null): number | null {
  return possibleVersion(
    isObject(requestParameters) && isObject(requestParameters.pipeline)
      ? requestParameters.pipeline.version
      : undefined,
  );
}
