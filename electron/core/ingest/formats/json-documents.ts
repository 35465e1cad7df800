import { parseSignatureSidecar } from '../../integrity/signature-sidecar.ts';
import { OPEN_BRACE, OPEN_BRACKET } from '../json-bytes.ts';
import { elementsEnd, fileScanError, KeyName, keyText, scanTopLevelArray } from '../json-scan.ts';
import { describeScanError } from './describe-error.ts';
import { EntryReader, entriesRecognition } from './export-entry.ts';
import type { Recognition } from './recognition.ts';
import { RecordCollector } from './record-collector.ts';

/** A top-level JSON array: exported records, lookup-events entries or EventBridge events. */
export function arrayDocument(content: Buffer, start: number): Recognition {
  const collector = new RecordCollector(content);
  const entries = new EntryReader(content, collector, 'entry');
  let index = 0;
  const error = scanTopLevelArray(content, start, (from, to) => entries.read(index++, from, to, 'record-array'));
  if (error && index === 0)
    return { ok: false, format: 'unknown', kind: 'other', message: describeScanError(content, error) };
  const problem = error
    ? `${describeScanError(content, error)}; the ${index} complete entries before it were read`
    : null;
  return entriesRecognition(collector, 'a JSON array', 'record-array', problem);
}

const DIGEST_START = new KeyName('digestStartTime');
const LOG_FILES = new KeyName('logFiles');
const EVENTS = new KeyName('Events');
const METADATA = new KeyName('Metadata');
const PUBLIC_KEY_LIST = new KeyName('PublicKeyList');
const LISTED_KEYS = 8;
// head-object output is a few hundred bytes; nothing this big is one, and it is not parsed whole.
const MAX_SIDECAR_BYTES = 64 * 1024;

/** The members of a top-level object without a "Records" array that say what it is. */
export class TopLevelMembers {
  private hasDigestStart = false;
  private hasLogFiles = false;
  private hasMetadata = false;
  private hasPublicKeyList = false;
  private eventsStart = -1;
  private eventsEnd = -1;
  private readonly keys: string[] = [];

  constructor(private readonly content: Buffer) {}

  add(keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): void {
    const content = this.content;
    if (this.keys.length < LISTED_KEYS) this.keys.push(keyText(content, keyStart, keyEnd) ?? '(an invalid escape)');
    if (DIGEST_START.matches(content, keyStart, keyEnd)) this.hasDigestStart = true;
    else if (LOG_FILES.matches(content, keyStart, keyEnd)) this.hasLogFiles = content[valueStart] === OPEN_BRACKET;
    else if (METADATA.matches(content, keyStart, keyEnd)) this.hasMetadata = content[valueStart] === OPEN_BRACE;
    else if (PUBLIC_KEY_LIST.matches(content, keyStart, keyEnd))
      this.hasPublicKeyList = content[valueStart] === OPEN_BRACKET;
    else if (EVENTS.matches(content, keyStart, keyEnd)) {
      // The last one counts, as JSON.parse and jq read a repeated key.
      this.eventsStart = content[valueStart] === OPEN_BRACKET ? valueStart : -1;
      this.eventsEnd = valueEnd;
    }
  }

  /**
   * A digest, a digest's saved head-object output (its signature in `Metadata`), saved
   * list-public-keys output, an Events list (lookup-events output, an Event-history
   * download), or one record or entry on its own. `recordsKeys`: the types of "Records"
   * values that are not arrays.
   */
  recognize(start: number, end: number, recordsKeys: readonly string[]): Recognition {
    const content = this.content;
    if (this.hasDigestStart && this.hasLogFiles)
      return new RecordCollector(content).extracted('digest', 'digest', null);
    if (
      this.hasMetadata &&
      end - start <= MAX_SIDECAR_BYTES &&
      parseSignatureSidecar(content.toString('utf8', start, end)).ok
    ) {
      return new RecordCollector(content).extracted('other', 'digest-signature', null);
    }
    if (this.hasPublicKeyList) return new RecordCollector(content).extracted('other', 'public-key-list', null);
    const unreadable = (message: string): Recognition => ({
      ok: false,
      format: 'unknown',
      kind: 'other',
      message: `not a CloudTrail file: ${message}`,
    });
    const collector = new RecordCollector(content);
    if (this.eventsStart >= 0) {
      const entries = new EntryReader(content, collector, 'entry');
      let index = 0;
      const stop = elementsEnd(content, this.eventsStart, this.eventsEnd, 'the Events list', (from, to) =>
        entries.read(index++, from, to, 'record-array'),
      );
      const problem = stop < 0 ? describeScanError(content, fileScanError()) : null;
      return entriesRecognition(collector, 'an Events list', 'lookup-events', problem);
    }
    if (recordsKeys.length > 0) return unreadable(`its "Records" is ${recordsKeys.at(-1)}, not a list of records`);
    const verdict = new EntryReader(content, collector, 'entry').read(0, start, end, 'record-array');
    if (verdict === 'loaded') return collector.extracted('log', 'record-array', null);
    if (verdict === 'not-record')
      return unreadable(`a JSON object with keys ${this.keys.join(', ') || '(none)'} and no "Records" array`);
    return unreadable(collector.firstRejection!.reason);
  }
}
