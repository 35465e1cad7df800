import type { SourceFormat, SourceKind } from '../../../shared/model/source.ts';
import type { Container, Decoded } from './decode.ts';
import type { Extracted, Recognition } from './formats/recognition.ts';
import { type IntegrityContent, readDigest, readSignature } from './integrity-content.ts';
import { MAX_ARCHIVE_DEPTH } from './limits.ts';
import type { Loaded } from './load.ts';
import { recognize } from './recognize.ts';
import { parseS3Key } from './s3-key.ts';
import type { SourceRegistry } from './source-registry.ts';
import type { StagedSource } from './staging.ts';
import type { Origin } from './walk.ts';

/** The columns of a source's row that classification decides; ids are given when it is staged. */
export type SourceFields = Partial<Omit<StagedSource, 'source_id' | 'ingest_id'>>;

/** What identifies a source across ingests: where it was and its bytes (null: never read). */
export interface Identity extends Origin {
  sha256Stored: string | null;
}

/**
 * What ingest does with one item. `problems` are the reasons a source is in error; more may
 * join them while it is staged (records staging refuses, an archive cut short).
 */
export type Outcome =
  | { kind: 'unchanged' }
  | { kind: 'skipped' }
  | { kind: 'unreadable'; identity: Identity; fields: SourceFields; problems: string[] }
  | {
      kind: 'duplicate-file';
      identity: Identity;
      fields: SourceFields;
      original: { sourceId: number; kind: SourceKind; format: SourceFormat };
    }
  | {
      kind: 'archive';
      identity: Identity;
      fields: SourceFields;
      problems: string[];
      open: { content: Buffer; container: Exclude<Container, null>; depth: number } | null;
    }
  | {
      kind: 'records';
      identity: Identity;
      fields: SourceFields;
      problems: string[];
      extracted: Extracted | null;
      integrity: IntegrityContent | null;
    };

/**
 * Decides what an item is, asking the registry what the case already holds but changing
 * nothing: the file seen before, the same bytes under another name, an archive to open,
 * something that could not be read, or records to load (with what was wrong on the way).
 */
export function classify(item: Loaded, registry: SourceRegistry): Outcome {
  if (item.type === 'cut') return { kind: 'skipped' };
  if (item.type === 'unreadable') {
    const identity = { path: item.path, member: item.member, sha256Stored: null };
    if (registry.isUnchanged(identity)) return { kind: 'unchanged' };
    return { kind: 'unreadable', identity, fields: { size_stored: item.size }, problems: [item.message] };
  }
  if (item.type === 'archive') {
    const identity = { path: item.path, member: item.member, sha256Stored: item.sha256 };
    if (registry.isUnchanged(identity)) return { kind: 'unchanged' };
    const fields: SourceFields = {
      kind: 'other',
      format: 'archive',
      size_stored: item.size,
      sha256_stored: item.sha256,
    };
    return { kind: 'archive', identity, fields, problems: item.error ? [item.error] : [], open: null };
  }

  const { decoded } = item;
  const identity = { path: item.path, member: item.member, sha256Stored: decoded.sha256Stored };
  if (registry.isUnchanged(identity)) return { kind: 'unchanged' };
  const name = item.member ?? item.path;
  const fromKey = parseS3Key(name);
  const original = registry.duplicateOf(decoded.sha256Stored);
  if (original)
    return {
      kind: 'duplicate-file',
      identity,
      fields: hashFields(decoded, fromKey, original.kind, original.format),
      original,
    };

  const problems = [...item.problems, ...(decoded.error ? [decoded.error] : [])];
  if (decoded.container && decoded.content) {
    const archiveFields = hashFields(decoded, fromKey, 'other', 'archive');
    if (item.depth >= MAX_ARCHIVE_DEPTH) {
      const tooDeep = `an archive inside ${item.depth} others; Trailscope opens archives up to ${MAX_ARCHIVE_DEPTH} deep: extract it and ingest it on its own`;
      return { kind: 'archive', identity, fields: archiveFields, problems: [...problems, tooDeep], open: null };
    }
    return {
      kind: 'archive',
      identity,
      fields: archiveFields,
      problems,
      open: { content: decoded.content, container: decoded.container, depth: item.depth },
    };
  }

  const recognition = decoded.content ? safeRecognize(decoded.content, fromKey?.kind ?? null) : null;
  const digest = fromKey?.kind === 'digest' || recognition?.format === 'digest' ? readDigest(decoded) : null;
  if (digest && (digest.fields || !recognition?.ok || recognition.format === 'digest')) {
    // A digest holds no records, whatever else its bytes could pass for (one with a gzip member
    // appended reads as JSON lines): it is kept for validation, which judges the appendage.
    if (digest.problem && digest.problem !== decoded.error) problems.push(digest.problem);
    return {
      kind: 'records',
      identity,
      fields: hashFields(decoded, fromKey, 'digest', 'digest'),
      problems,
      extracted: null,
      integrity: digest,
    };
  }
  if (recognition && !recognition.ok) problems.push(recognition.message);
  if (recognition?.ok && recognition.problem) problems.push(recognition.problem);
  return {
    kind: 'records',
    identity,
    fields: hashFields(
      decoded,
      fromKey,
      recognition?.kind ?? fromKey?.kind ?? 'other',
      recognition?.format ?? 'unknown',
    ),
    problems,
    extracted: recognition?.ok ? recognition : null,
    integrity: signatureOf(recognition, decoded, name),
  };
}

function signatureOf(recognition: Recognition | null, decoded: Decoded, name: string): IntegrityContent | null {
  return recognition?.format === 'digest-signature' && decoded.content ? readSignature(decoded.content, name) : null;
}

/** Written out whole for each outcome, never spread and extended: every file is classified. */
function hashFields(
  decoded: Decoded,
  fromKey: ReturnType<typeof parseS3Key>,
  kind: SourceKind,
  format: SourceFormat,
): SourceFields {
  return {
    kind,
    format,
    size_stored: decoded.sizeStored,
    size_content: decoded.content?.length ?? null,
    sha256_stored: decoded.sha256Stored,
    sha256_content: decoded.sha256Content,
    sha256_first_member: decoded.firstGzipMember?.sha256Content ?? null,
    bytes_after_first_member: decoded.firstGzipMember?.followedBy ?? null,
    org_id: fromKey?.orgId ?? null,
    account_id: fromKey?.accountId ?? null,
    region: fromKey?.region ?? null,
    log_date: fromKey?.logDate ?? null,
  };
}

/**
 * Recognition is pure over the bytes; should it still fail on some input no one foresaw, that
 * file is recorded with the error and the rest of the ingest goes on.
 */
function safeRecognize(content: Buffer, kindFromKey: SourceKind | null): ReturnType<typeof recognize> {
  try {
    return recognize(content, kindFromKey);
  } catch (error) {
    return {
      ok: false,
      format: 'unknown',
      kind: kindFromKey ?? 'other',
      message: `Trailscope could not read this file (${(error as Error).message}); please report it`,
    };
  }
}
