import { describe, expect, it } from 'vitest';
import type { TextSink } from '../../electron/cli/json-stream.ts';
import { writeVerifyJson } from '../../electron/cli/verify.ts';
import type {
  IntegrityFileResult,
  IntegrityGap,
  IntegrityRun,
  IntegrityTrail,
  VerifyDone,
} from '../../shared/model/integrity.ts';
import { controlSafeJson } from '../../shared/visible-text.ts';

/**
 * `verify --json` is written a page of verdicts at a time, a case may hold millions; its text
 * must be what one `controlSafeJson(…, 2)` of the whole would be, hostile strings included.
 */

const file = (i: number): IntegrityFileResult => ({
  reason: `reason ${i}: \u001b[31mred\u2028line\u0007`,
  kind: i % 7 === 0 ? 'digest' : 'log',
  status: 'valid',
  s3_object: `AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/01/${i}\u0000.json.gz`,
  path: i % 5 === 0 ? null : `/evidence/"${i}"\\.json.gz`,
  source_id: i,
  account: '111122223333',
  region: 'us-east-1',
  trail: null,
  time: '2026-03-01T00:05:00Z',
  checked_against: null,
});

const gap = (i: number): IntegrityGap => ({
  reason: `gap ${i}\u001b]0;title\u0007`,
  account: '111122223333',
  region: 'us-east-1',
  trail: `trail\u2028${i % 3}`,
  home_region: 'us-east-1',
  from: '2026-03-01T00:01:31Z',
  to: '2026-03-01T01:01:31Z',
});
const trail = (i: number): IntegrityTrail => ({
  org_id: null,
  account: '111122223333',
  region: 'us-east-1',
  trail: `trail\u001b${i}`,
  home_region: 'us-east-1',
  digests: i,
  from: null,
  to: null,
  gaps: 0,
  starts_chain: false,
});

const run = {
  run_id: 3,
  gaps: [],
  trails: [],
  trails_total: 0,
  summary: { notes: ['n\u001b'] },
  keys: [],
} as unknown as IntegrityRun;
const done: VerifyDone = { run, keys_imported: null };
const events = { verified: 1, 'invalid-only': 0, unverified: 2 };

/**
 * A face answering at most `most` rows a request, as the API may (`count` verdicts, a third as
 * many gaps and trails); and a sink short of room every third write.
 */
async function written(count: number, most: number): Promise<{ text: string; requests: number; waits: number }> {
  const lists: Record<string, unknown[]> = {
    'integrity:list-files': Array.from({ length: count }, (_, i) => file(i)),
    'integrity:list-gaps': Array.from({ length: Math.ceil(count / 3) }, (_, i) => gap(i)),
    'integrity:list-trails': Array.from({ length: Math.ceil(count / 3) }, (_, i) => trail(i)),
  };
  let requests = 0;
  const face = {
    request: async (name: string, params: { offset?: number }) => {
      requests++;
      const offset = params.offset ?? 0;
      const rows = lists[name]!;
      return { run_id: 3, total: rows.length, offset, rows: rows.slice(offset, offset + most) };
    },
  };
  let text = '';
  let writes = 0;
  let waits = 0;
  const out: TextSink = {
    write: (chunk) => {
      text += chunk;
      return ++writes % 3 !== 0;
    },
    once: (_event, listener) => {
      waits++;
      setImmediate(listener);
    },
  };
  await writeVerifyJson(face as never, done, events, false, out);
  return { text, requests, waits };
}

describe('verify --json, written in pages', () => {
  it.each([0, 1, 2500])(
    '%i verdicts, a third as many gaps and trails: the same text as the whole written at once',
    async (count) => {
      const { text, requests, waits } = await written(count, 700);
      const whole = JSON.parse(text) as { files: IntegrityFileResult[]; gaps: IntegrityGap[]; summary: { trails: [] } };
      expect(whole.files).toHaveLength(count);
      expect(whole.gaps).toHaveLength(Math.ceil(count / 3));
      expect(whole.summary.trails).toHaveLength(Math.ceil(count / 3));
      expect(whole.files[0] && Object.keys(whole.files[0]).slice(0, 5)).toEqual(
        count > 0 ? ['kind', 's3_object', 'path', 'status', 'reason'] : undefined,
      );
      expect(text).toBe(`${controlSafeJson(whole, 2)}\n`);
      expect(text).not.toMatch(/[\u0000-\u0008\u001b\u2028]/);
      const pages = (n: number) => Math.max(1, Math.ceil(n / 700));
      expect(requests).toBe(pages(count) + 2 * pages(Math.ceil(count / 3)));
      if (count > 1000) expect(waits).toBeGreaterThan(0);
    },
  );
});
