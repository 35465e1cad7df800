import { sidecarDigestName } from './signature-sidecar.ts';

/** A digest in the case, where it was found and what S3 would say of its object. */
export interface DigestLocation {
  source_id: number;
  /** Its path, and member inside an archive: `archive.zip!/AWSLogs/…`. */
  location: string;
  md5_stored: string | null;
  size_stored: number;
}

/** A saved head-object output in the case. */
export interface SidecarLocation {
  source_id: number;
  location: string;
  signature: string;
  etag: string | null;
  content_length: number | null;
}

export interface SidecarLinks {
  /** Per digest source id, the signature of the head-object output that belongs to it. */
  signatures: Map<number, string>;
  /** Outputs that belong to no digest in the case. */
  unlinked: SidecarLocation[];
}

const slash = (text: string) => text.replaceAll('\\', '/');
const folderOf = (location: string) => location.slice(0, location.lastIndexOf('/') + 1);
const nameOf = (location: string) => location.slice(location.lastIndexOf('/') + 1);

/**
 * Which saved head-object output belongs to which digest, however they arrived (together or
 * in separate ingests): one beside the digest and named after it (`NAME.head-object.json`);
 * else one whose ETag and ContentLength are the digest's MD5 and size (an object uploaded
 * whole, without KMS); else one named after it anywhere. The signature itself is checked by
 * validation, so a wrong link can only make a digest fail, never pass.
 */
export function linkSidecars(digests: DigestLocation[], sidecars: SidecarLocation[]): SidecarLinks {
  const beside = new Map<string, SidecarLocation>();
  const byObject = new Map<string, SidecarLocation>();
  const byName = new Map<string, SidecarLocation>();
  // Filled from the last ingested to the first: of several outputs that fit equally, the first ingested counts.
  for (const s of [...sidecars].sort((a, b) => b.source_id - a.source_id)) {
    const location = slash(s.location);
    const digestName = sidecarDigestName(location);
    if (digestName) {
      beside.set(folderOf(location) + digestName, s);
      byName.set(digestName, s);
    }
    if (s.etag !== null && s.content_length !== null) byObject.set(`${s.etag}|${s.content_length}`, s);
  }
  const signatures = new Map<number, string>();
  const used = new Set<number>();
  for (const digest of digests) {
    const location = slash(digest.location);
    const found =
      beside.get(location) ??
      (digest.md5_stored ? byObject.get(`${digest.md5_stored}|${digest.size_stored}`) : undefined) ??
      byName.get(nameOf(location));
    if (!found) continue;
    signatures.set(digest.source_id, found.signature);
    used.add(found.source_id);
  }
  return { signatures, unlinked: sidecars.filter((s) => !used.has(s.source_id)) };
}
