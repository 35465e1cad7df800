import { describe, expect, it } from 'vitest';
import { type TextSink, writeVerifyJson } from '../../electron/cli/verify.ts';
import type { IntegrityFilePage, IntegrityFileResult, IntegrityRun, VerifyDone } from '../../shared/model/integrity.ts';
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

const run = { run_id: 3, gaps: [], summary: { notes: ['n\u001b'] }, keys: [], trails: [] } as unknown as IntegrityRun;
const done: VerifyDone = { run, keys_imported: null };
const events = { verified: 1, 'invalid-only': 0, unverified: 2 };

/** A face answering at most `most` verdicts a request, as the API may; and a sink short of room every third write. */
async function written(count: number, most: number): Promise<{ text: string; requests: number; waits: number }> {
  const files = Array.from({ length: count }, (_, i) => file(i));
  let requests = 0;
  const face = {
    request: async (_name: string, params: { offset?: number }): Promise<IntegrityFilePage> => {
      requests++;
      const offset = params.offset ?? 0;
      return { run_id: 3, total: count, offset, rows: files.slice(offset, offset + most) };
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
  it.each([0, 1, 2500])('%i verdicts: the same text as the whole written at once', async (count) => {
    const { text, requests, waits } = await written(count, 700);
    const whole = JSON.parse(text) as { files: IntegrityFileResult[] };
    expect(whole.files).toHaveLength(count);
    expect(whole.files[0] && Object.keys(whole.files[0]).slice(0, 5)).toEqual(
      count > 0 ? ['kind', 's3_object', 'path', 'status', 'reason'] : undefined,
    );
    expect(text).toBe(`${controlSafeJson(whole, 2)}\n`);
    expect(text).not.toMatch(/[\u0000-\u0008\u001b\u2028]/);
    expect(requests).toBe(Math.max(1, Math.ceil(count / 700)));
    if (count > 1000) expect(waits).toBeGreaterThan(0);
  });
});
