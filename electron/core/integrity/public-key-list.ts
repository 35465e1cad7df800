import type { PublicKeyInput } from '../../../shared/model/integrity.ts';
import { loadPublicKey } from './public-key.ts';
import { formatUtc, parseUtc } from './utc-time.ts';

export interface RejectedKey {
  fingerprint: string;
  reason: string;
}

export type ParsedKeyList =
  | { ok: true; keys: PublicKeyInput[]; rejected: RejectedKey[] }
  | { ok: false; error: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the output of `aws cloudtrail list-public-keys` (`{"PublicKeyList": [...]}`). A key
 * whose value does not load, or does not hash to its stated fingerprint, is set aside with
 * the reason; the others are kept with their validity window.
 */
export function parsePublicKeyList(text: string, origin: string | null = null): ParsedKeyList {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not list-public-keys output: not JSON (${(error as Error).message})` };
  }
  if (!isObject(json) || !Array.isArray(json.PublicKeyList)) {
    return {
      ok: false,
      error:
        'not list-public-keys output: no "PublicKeyList" list; save the output of `aws cloudtrail list-public-keys --output json`',
    };
  }
  const keys: PublicKeyInput[] = [];
  const rejected: RejectedKey[] = [];
  json.PublicKeyList.forEach((entry, i) => {
    const fingerprint = isObject(entry) && typeof entry.Fingerprint === 'string' ? entry.Fingerprint.toLowerCase() : '';
    const problem = keyEntryProblem(entry, fingerprint);
    if (problem) {
      rejected.push({ fingerprint: fingerprint || `PublicKeyList[${i}]`, reason: problem });
      return;
    }
    const key = entry as Record<string, unknown>;
    keys.push({
      fingerprint,
      der_base64: (key.Value as string).replace(/\s+/g, ''),
      valid_from: validityTime(key.ValidityStartTime),
      valid_to: validityTime(key.ValidityEndTime),
      origin,
    });
  });
  return { ok: true, keys, rejected };
}

function keyEntryProblem(entry: unknown, fingerprint: string): string | null {
  if (!isObject(entry)) return 'the entry is not an object';
  if (!/^[0-9a-f]{32}$/.test(fingerprint)) return 'it has no hex MD5 "Fingerprint"';
  if (typeof entry.Value !== 'string') return 'it has no base64 "Value"';
  for (const name of ['ValidityStartTime', 'ValidityEndTime']) {
    if (entry[name] !== undefined && entry[name] !== null && validityTime(entry[name]) === null)
      return `its ${name} is not a time`;
  }
  const loaded = loadPublicKey(entry.Value, fingerprint);
  return loaded.ok ? null : loaded.reason;
}

/** AWS CLI v2 prints ISO 8601 times; v1 and the raw API give epoch seconds. */
function validityTime(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return formatUtc(value * 1000);
  if (typeof value === 'string') {
    const ms = parseUtc(value);
    return ms === null ? null : formatUtc(ms);
  }
  return null;
}
