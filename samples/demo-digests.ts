import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { stringToSign } from '../electron/core/integrity/digest-signature.ts';
import { keyFingerprint } from '../electron/core/integrity/public-key.ts';
import { sidecarFileName } from '../electron/core/integrity/signature-sidecar.ts';

/** A log file of the demo as CloudTrail delivered it: what its digest hashes. */
export interface DeliveredLog {
  /** Its S3 key, from `AWSLogs/` on. */
  key: string;
  /** When it was delivered: the time in its name. */
  deliveredMs: number;
  /** Its uncompressed content at delivery, which may differ from the copy in the archive. */
  content: string;
  eventTimes: string[];
}

export interface DemoTrail {
  account: string;
  region: string;
  trail: string;
  bucket: string;
  /** Start of the first digest; digests follow hourly. */
  startMs: number;
  hours: number;
  /** The hour whose digest is left out of the archive, as if deleted from the bucket. */
  deletedHour: number;
}

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const stamp = (ms: number) => `${iso(ms).replace(/[-:]/g, '').slice(0, 15)}Z`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const gzip = (text: string) => zlib.gzipSync(text, { level: 9, mtime: 0 } as zlib.ZlibOptions);
const newest = (times: string[]) => (times.length ? times.reduce((a, b) => (a > b ? a : b)) : null);
const oldest = (times: string[]) => (times.length ? times.reduce((a, b) => (a < b ? a : b)) : null);

/**
 * Signs the demo trail's hourly digests the way CloudTrail does (SHA256withRSA over the end
 * time, bucket/key, the digest's SHA-256 and the previous signature) with a key pair made
 * here and thrown away: only its public half is kept, as `list-public-keys` output for the
 * analyst to import. Every digest is chained and signed, then one is left out of the
 * archive; the newest digest's signature, which no later digest repeats, is saved beside it
 * as head-object output. Writes the digests under `root` and returns the keys' JSON.
 */
export function writeDemoDigests(
  root: string,
  trail: DemoTrail,
  logs: DeliveredLog[],
): { written: number; publicKeys: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'pkcs1', format: 'der' });
  const fingerprint = keyFingerprint(der);
  let previous: { key: string; content: string; signature: string } | null = null;
  let written = 0;
  for (let hour = 0; hour < trail.hours; hour++) {
    const startMs = trail.startMs + hour * HOUR_MS;
    const endMs = startMs + HOUR_MS;
    const key = `AWSLogs/${trail.account}/CloudTrail-Digest/${trail.region}/${iso(endMs).slice(0, 10).replaceAll('-', '/')}/${trail.account}_CloudTrail-Digest_${trail.region}_${trail.trail}_${trail.region}_${stamp(endMs)}.json.gz`;
    const listed = logs.filter((l) => l.deliveredMs >= startMs && l.deliveredMs < endMs);
    const times = listed.flatMap((l) => l.eventTimes);
    // CloudTrail's field order; the signed string is rebuilt from these values as written.
    const content: string = JSON.stringify({
      awsAccountId: trail.account,
      digestStartTime: iso(startMs),
      digestEndTime: iso(endMs),
      digestS3Bucket: trail.bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: newest(times),
      oldestEventTime: oldest(times),
      previousDigestS3Bucket: previous ? trail.bucket : null,
      previousDigestS3Object: previous?.key ?? null,
      previousDigestHashValue: previous ? sha256(previous.content) : null,
      previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
      previousDigestSignature: previous?.signature ?? null,
      logFiles: listed.map((l) => ({
        s3Bucket: trail.bucket,
        s3Object: l.key,
        hashValue: sha256(l.content),
        hashAlgorithm: 'SHA-256',
        newestEventTime: newest(l.eventTimes),
        oldestEventTime: oldest(l.eventTimes),
      })),
    });
    const toSign = stringToSign(
      {
        digest_end_time: iso(endMs),
        digest_s3_bucket: trail.bucket,
        digest_s3_object: key,
        previous_digest_signature: previous?.signature ?? null,
      },
      sha256(content),
    );
    const signature = sign('sha256', Buffer.from(toSign), privateKey).toString('hex');
    const stored = gzip(content);
    const file = path.join(root, key);
    if (hour !== trail.deletedHour) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, stored);
      written++;
    }
    if (hour === trail.hours - 1) {
      const headObject = {
        ContentLength: stored.length,
        ETag: `"${createHash('md5').update(stored).digest('hex')}"`,
        ContentType: 'application/json',
        Metadata: { 'signature-algorithm': 'SHA256withRSA', signature },
      };
      fs.writeFileSync(sidecarFileName(file), `${JSON.stringify(headObject, null, 4)}\n`);
    }
    previous = { key, content, signature };
  }
  const validFrom = `${iso(trail.startMs - 30 * 24 * HOUR_MS).slice(0, 10)}T00:00:00+00:00`;
  const publicKeys = {
    PublicKeyList: [
      {
        Value: der.toString('base64'),
        ValidityStartTime: validFrom,
        ValidityEndTime: '2027-12-31T00:00:00+00:00',
        Fingerprint: fingerprint,
      },
    ],
  };
  return { written, publicKeys: `${JSON.stringify(publicKeys, null, 4)}\n` };
}
