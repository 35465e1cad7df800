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

const slash = (text: string) => text.replaceAll('\\', '/');
const folderOf = (location: string) => location.slice(0, location.lastIndexOf('/') + 1);
const nameOf = (location: string) => location.slice(location.lastIndexOf('/') + 1);

/**
 * Which saved head-object output belongs to which digest, however they arrived (together or
 * in separate ingests): one beside the digest and named after it (`NAME.head-object.json`);
 * else one whose ETag and ContentLength are the digest's MD5 and size (an object uploaded
 * whole, without KMS); else one named after it anywhere. The signature itself is checked by
 * validation, so a wrong link can only make a digest fail, never pass. Digests are linked one
 * at a time, as they are read.
 */
export class SidecarLinker {
  private readonly beside = new Map<string, SidecarLocation>();
  private readonly byObject = new Map<string, SidecarLocation>();
  private readonly byName = new Map<string, SidecarLocation>();
  private readonly used = new Set<number>();

  constructor(private readonly sidecars: SidecarLocation[]) {
    // Filled from the last ingested to the first: of several outputs that fit equally, the first ingested counts.
    for (const s of [...sidecars].sort((a, b) => b.source_id - a.source_id)) {
      const location = slash(s.location);
      const digestName = sidecarDigestName(location);
      if (digestName) {
        this.beside.set(folderOf(location) + digestName, s);
        this.byName.set(digestName, s);
      }
      if (s.etag !== null && s.content_length !== null) this.byObject.set(`${s.etag}|${s.content_length}`, s);
    }
  }

  /** The signature of the output that belongs to `digest`, or null. */
  signatureOf(digest: DigestLocation): string | null {
    const location = slash(digest.location);
    const found =
      this.beside.get(location) ??
      (digest.md5_stored ? this.byObject.get(`${digest.md5_stored}|${digest.size_stored}`) : undefined) ??
      this.byName.get(nameOf(location));
    if (!found) return null;
    this.used.add(found.source_id);
    return found.signature;
  }

  /** Outputs that belong to no digest linked so far. */
  unlinked(): SidecarLocation[] {
    return this.sidecars.filter((s) => !this.used.has(s.source_id));
  }
}
