import type { DigestFields, DigestLogEntry } from '../../../shared/model/integrity.ts';
import { parseDigest } from '../integrity/digest-file.ts';
import { parseSignatureSidecar, type SignatureSidecar, sidecarDigestName } from '../integrity/signature-sidecar.ts';
import type { Decoded } from './decode.ts';

export interface DigestContent {
  kind: 'digest';
  /** Of the bytes as stored, to match a saved head-object output's ETag. */
  md5Stored: string;
  /** Null when the content is not a readable digest; `problem` then says why. */
  fields: DigestFields | null;
  logFiles: DigestLogEntry[];
  problem: string | null;
}

export interface SignatureContent {
  kind: 'signature';
  /** The digest file its own name says it belongs to (`NAME.head-object.json`), if it says. */
  digestName: string | null;
  sidecar: SignatureSidecar;
}

/** What validation needs of a digest or a saved head-object output, read while its bytes are in hand. */
export type IntegrityContent = DigestContent | SignatureContent;

/**
 * What a digest hashes and is read from: the first gzip member's content, or the whole of a
 * file stored uncompressed. Null when that could not be had whole.
 */
function digestedContent(decoded: Decoded): Buffer | null {
  if (!decoded.content) return null;
  if (decoded.firstGzipMember) return decoded.content.subarray(0, decoded.firstGzipMember.contentBytes);
  return decoded.sha256Content !== null && decoded.sha256Content === decoded.sha256Stored ? decoded.content : null;
}

// An hour's digest lists that hour's log files of one account and region: a few hundred bytes
// each, so 64 MiB is hundreds of thousands of files. Parsing a larger one whole would cost
// gigabytes of memory for what no CloudTrail digest is.
const MAX_DIGEST_BYTES = 64 * 1024 * 1024;

/** A digest's fields and listed log files, or why it cannot be read as a digest. */
export function readDigest(decoded: Decoded): DigestContent {
  const content = digestedContent(decoded);
  const base = { kind: 'digest' as const, md5Stored: decoded.md5Stored() };
  if (!content)
    return {
      ...base,
      fields: null,
      logFiles: [],
      problem: decoded.error ?? 'its content could not be decompressed whole',
    };
  if (content.length > MAX_DIGEST_BYTES) {
    return {
      ...base,
      fields: null,
      logFiles: [],
      problem: `not read as a digest: ${content.length.toLocaleString('en-US')} bytes, more than the ${MAX_DIGEST_BYTES / 1024 / 1024} MiB any CloudTrail digest needs`,
    };
  }
  const parsed = parseDigest(content);
  return parsed.ok
    ? { ...base, fields: parsed.fields, logFiles: parsed.log_files, problem: null }
    : { ...base, fields: null, logFiles: [], problem: parsed.error };
}

/** A saved head-object output's signature, recognized by content, named as it was found. */
export function readSignature(content: Buffer, name: string): SignatureContent | null {
  const parsed = parseSignatureSidecar(content.toString('utf8'));
  return parsed.ok ? { kind: 'signature', digestName: sidecarDigestName(name), sidecar: parsed.sidecar } : null;
}
