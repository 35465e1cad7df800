import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../electron/core/integrity/digest-file.ts';
import { parsePublicKeyList } from '../../electron/core/integrity/public-key-list.ts';
import { parseSignatureSidecar, sidecarDigestName } from '../../electron/core/integrity/signature-sidecar.ts';
import { validate } from '../../electron/core/integrity/validate.ts';
import type { DigestInput, DigestListingInput, LogFileInput } from '../../shared/model/integrity.ts';
import { firstGzipMember, sha256, signedTrail, writeTrail } from '../helpers/signed-trail.ts';
import { tempDir } from '../helpers/temp.ts';

/** Reads a folder the way the case will: digests, log files, keys and sidecars recognized by name and content. */
function readFolder(root: string) {
  const files = fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
  const sidecars = new Map<string, string>();
  for (const file of files) {
    const digestName = sidecarDigestName(file);
    const parsed = digestName ? parseSignatureSidecar(fs.readFileSync(file, 'utf8')) : null;
    if (digestName && parsed?.ok) sidecars.set(digestName, parsed.sidecar.signature);
  }
  const digests: DigestInput[] = [];
  const listings: DigestListingInput[] = [];
  const logFiles: LogFileInput[] = [];
  let id = 0;
  for (const file of files.filter((f) => f.endsWith('.json.gz')).sort()) {
    const first = firstGzipMember(fs.readFileSync(file));
    const relative = path.relative(root, file);
    if (relative.includes('/CloudTrail-Digest/')) {
      const parsed = parseDigest(first.content);
      const sourceId = ++id;
      digests.push({
        source_id: sourceId,
        path: file,
        s3_key: relative,
        sha256: sha256(first.content),
        bytes_after_first_member: first.after,
        fields: parsed.ok ? parsed.fields : null,
        problem: parsed.ok ? null : parsed.error,
        sidecar_signature: sidecars.get(path.basename(file)) ?? null,
      });
      if (parsed.ok)
        for (const l of parsed.log_files)
          listings.push({ digest_source_id: sourceId, s3_object: l.s3_object, hash_value: l.hash_value });
    } else {
      logFiles.push({
        source_id: ++id,
        path: file,
        s3_key: relative,
        sha256: sha256(first.content),
        bytes_after_first_member: first.after,
        problem: null,
      });
    }
  }
  const keyList = parsePublicKeyList(
    fs.readFileSync(path.join(root, 'list-public-keys.json'), 'utf8'),
    'list-public-keys.json',
  );
  return { files, input: { digests, listings, log_files: logFiles, keys: keyList.ok ? keyList.keys : [] } };
}

describe('a signed trail written to a folder', () => {
  it('lays the files out as S3 does, with the keys and the newest digest’s head-object output beside them', () => {
    const dir = tempDir();
    const trail = signedTrail({ hours: 3, prefix: 'trail-prefix/' });
    const written = writeTrail(dir, trail);
    const relative = (file: string) => path.relative(dir, file);
    expect(written.logFiles.map(relative)).toContain(
      `trail-prefix/AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/01/111122223333_CloudTrail_us-east-2_20260301T0021Z_${trail.logFiles[0]!.key.slice(-24, -8)}.json.gz`,
    );
    expect(written.digests.map(relative)).toEqual([
      'trail-prefix/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2026/03/01/111122223333_CloudTrail-Digest_us-east-2_management-events_us-east-2_20260301T010131Z.json.gz',
      'trail-prefix/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2026/03/01/111122223333_CloudTrail-Digest_us-east-2_management-events_us-east-2_20260301T020131Z.json.gz',
      'trail-prefix/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2026/03/01/111122223333_CloudTrail-Digest_us-east-2_management-events_us-east-2_20260301T030131Z.json.gz',
    ]);
    expect(written.sidecars.map(relative)).toEqual([`${relative(written.digests[2]!)}.head-object.json`]);
    expect(written.keysFile && relative(written.keysFile)).toBe('list-public-keys.json');
  });

  it('reads back from disk as a trail that is valid in every file', () => {
    const dir = tempDir();
    writeTrail(dir, signedTrail({ hours: 4, backfill: [{ hour: 1, logFiles: 2 }], emptyHours: [2] }));
    const { input } = readFolder(dir);
    const result = validate(input);
    expect(input.digests).toHaveLength(5);
    expect(input.log_files).toHaveLength(8);
    expect(result.files.filter((f) => f.status !== 'valid')).toEqual([]);
  });

  it('finds a digest renamed within its folder invalid: moved or renamed', () => {
    const dir = tempDir();
    const trail = signedTrail({ hours: 2 });
    trail.digests[0] = { ...trail.digests[0]!, key: trail.digests[0]!.key.replace(/[^/]+$/, 'renamed.json.gz') };
    const content = JSON.parse(trail.digests[0]!.content.toString()) as Record<string, unknown>;
    expect(content.digestS3Object).toMatch(/_CloudTrail-Digest_/);
    writeTrail(dir, trail);
    const result = validate(readFolder(dir).input);
    const renamed = result.files.find((f) => f.s3_object.endsWith('renamed.json.gz'))!;
    expect(renamed.status).toBe('invalid');
    expect(renamed.reason).toMatch(
      /^found at .*renamed\.json\.gz, but it records that CloudTrail wrote it to .*_20260301T010131Z\.json\.gz: it was moved or renamed/,
    );
  });
});
