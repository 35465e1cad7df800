export interface SignatureSidecar {
  /** Hex signature of the digest (`x-amz-meta-signature`). */
  signature: string;
  algorithm: string | null;
  /** The object's ETag without quotes: the MD5 of the stored bytes for a single-part upload without KMS. */
  etag: string | null;
  content_length: number | null;
}

export type ParsedSidecar = { ok: true; sidecar: SignatureSidecar } | { ok: false; error: string };

const SUFFIX = '.head-object.json';
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads `aws s3api head-object` output saved for a digest. A digest's own signature lives
 * only in its S3 metadata, which a download drops; for the newest digest of a chain no
 * later digest repeats it, so this is the only way to verify that digest offline.
 */
export function parseSignatureSidecar(text: string): ParsedSidecar {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not head-object output: not JSON (${(error as Error).message})` };
  }
  if (!isObject(json) || !isObject(json.Metadata)) {
    return {
      ok: false,
      error:
        'not head-object output: no "Metadata" object; save the output of `aws s3api head-object --bucket BUCKET --key DIGEST-KEY`',
    };
  }
  const signature = json.Metadata.signature;
  if (typeof signature !== 'string' || !/^(?:[0-9a-fA-F]{2})+$/.test(signature)) {
    return {
      ok: false,
      error: 'head-object output without a hex "Metadata.signature": is this the metadata of a CloudTrail digest file?',
    };
  }
  const algorithm = json.Metadata['signature-algorithm'];
  return {
    ok: true,
    sidecar: {
      signature,
      algorithm: typeof algorithm === 'string' ? algorithm : null,
      etag: typeof json.ETag === 'string' ? json.ETag.replaceAll('"', '') : null,
      content_length: typeof json.ContentLength === 'number' ? json.ContentLength : null,
    },
  };
}

/** Where head-object output for a digest is saved: beside it, named after it. */
export function sidecarFileName(digestFileName: string): string {
  return `${digestFileName}${SUFFIX}`;
}

/** The digest file name a saved head-object output belongs to, or null when the name does not say. */
export function sidecarDigestName(sidecarFileName: string): string | null {
  const name = sidecarFileName.replaceAll('\\', '/').split('/').pop()!;
  return name.endsWith(SUFFIX) && name.length > SUFFIX.length ? name.slice(0, -SUFFIX.length) : null;
}
