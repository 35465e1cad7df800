import type { SourceFormat } from '../../../../shared/model/source.ts';
import { JsonScanError, scanTopLevelArray } from '../json-scan.ts';
import { describeParseError, describeScanError } from './describe-error.ts';
import { type Recognition, type Rejection, textsOf } from './extracted.ts';

type Item = { format: SourceFormat; text: string } | { format: null; reason: string; raw: string };

/**
 * Recognizes one JSON value of an export: a CloudTrail record, an Event-history /
 * lookup-events entry (whose CloudTrailEvent is the record as a JSON string), or an
 * EventBridge envelope whose detail is the record.
 */
function classify(value: unknown, rawText: string): Item {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { format: null, reason: 'not a JSON object', raw: rawText };
  }
  const fields = value as Record<string, unknown>;
  if (typeof fields.CloudTrailEvent === 'string') return { format: 'lookup-events', text: fields.CloudTrailEvent };
  if ('detail-type' in fields && typeof fields.detail === 'object' && fields.detail !== null) {
    // The envelope's detail is re-serialized: EventBridge itself already rewrote the record.
    return { format: 'eventbridge', text: JSON.stringify(fields.detail) };
  }
  if ('eventTime' in fields || ('eventName' in fields && 'eventSource' in fields)) return { format: 'record-array', text: rawText };
  return { format: null, reason: `not a CloudTrail record (keys: ${Object.keys(fields).slice(0, 8).join(', ')})`, raw: rawText };
}

function fromItems(items: Item[], fallbackFormat: SourceFormat, what: string): Recognition {
  const kept: { index: number; text: string }[] = [];
  const rejected: Rejection[] = [];
  const formats = new Map<SourceFormat, number>();
  items.forEach((item, index) => {
    if (item.format === null) {
      rejected.push({ index, reason: item.reason, text: item.raw });
    } else {
      kept.push({ index, text: item.text });
      formats.set(item.format, (formats.get(item.format) ?? 0) + 1);
    }
  });
  if (kept.length === 0 && items.length > 0) {
    return { ok: false, format: 'unknown', kind: 'other', message: `not a CloudTrail file: ${what} whose first entry is ${(items[0] as { reason: string }).reason}` };
  }
  const format = [...formats.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fallbackFormat;
  return { ok: true, format, kind: 'log', records: textsOf(kept), rejected, problem: null };
}

/** A top-level JSON object that has no Records array. */
export function objectDocument(text: string): Recognition {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, format: 'unknown', kind: 'other', message: describeParseError(text, error) };
  }
  const fields = value as Record<string, unknown>;
  if ('digestStartTime' in fields && Array.isArray(fields.logFiles)) {
    return { ok: true, format: 'digest', kind: 'digest', records: textsOf([]), rejected: [], problem: null };
  }
  if (Array.isArray(fields.Events)) {
    return fromItems(fields.Events.map((event) => classify(event, JSON.stringify(event))), 'lookup-events', 'an Events list');
  }
  const item = classify(value, text.trim());
  if (item.format !== null) return fromItems([item], item.format, 'a JSON object');
  const keys = Object.keys(fields).slice(0, 8).join(', ');
  return { ok: false, format: 'unknown', kind: 'other', message: `not a CloudTrail file: a JSON object with keys ${keys || '(none)'} and no "Records" array` };
}

/** A top-level JSON array: exported records, lookup-events entries or EventBridge events. */
export function arrayDocument(buffer: Buffer, start: number): Recognition {
  let slices;
  try {
    slices = scanTopLevelArray(buffer, start);
  } catch (error) {
    if (error instanceof JsonScanError) return { ok: false, format: 'unknown', kind: 'other', message: describeScanError(buffer, error) };
    throw error;
  }
  const items = slices.starts.map((from, i) => {
    const raw = buffer.toString('utf8', from, slices.ends[i]);
    try {
      return classify(JSON.parse(raw), raw);
    } catch (error) {
      return { format: null, reason: describeParseError(raw, error), raw } as Item;
    }
  });
  return fromItems(items, 'record-array', 'a JSON array');
}

// CloudWatch Logs exports prefix each line with the ingestion time.
const CLOUDWATCH_PREFIX = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\s+(?=\{)/;

/** One JSON value per line: CloudWatch Logs exports, lookup-events output, NDJSON of records. */
export function jsonLines(text: string): Recognition {
  const items: Item[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim().replace(CLOUDWATCH_PREFIX, '');
    if (line === '') continue;
    try {
      items.push(classify(JSON.parse(line), line));
    } catch (error) {
      items.push({ format: null, reason: describeParseError(line, error), raw: line });
    }
  }
  const result = fromItems(items, 'json-lines', 'a JSON-lines file');
  if (result.ok && result.format === 'record-array') result.format = 'json-lines';
  return result;
}
