import { describe, expect, it } from 'vitest';
import { parseS3Key } from '../../electron/core/ingest/s3-key.ts';

describe('reading the S3 delivery layout from a path', () => {
  it('reads account, region, date and kind of a trail log', () => {
    expect(
      parseS3Key(
        'logs/AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz',
      ),
    ).toEqual({
      orgId: null,
      accountId: '111122223333',
      kind: 'log',
      region: 'us-east-2',
      logDate: '2015-08-01',
    });
  });

  it('reads the organization id of an organization trail', () => {
    expect(parseS3Key('AWSLogs/o-exampleorgid/444455556666/CloudTrail/eu-west-1/2024/02/29/x.json.gz')).toMatchObject({
      orgId: 'o-exampleorgid',
      accountId: '444455556666',
    });
  });

  it('tells digests and Insights from logs', () => {
    expect(parseS3Key('AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/01/d.json.gz')?.kind).toBe('digest');
    expect(parseS3Key('AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/01/01/i.json.gz')?.kind).toBe('insight');
  });

  it('accepts Windows separators and refuses paths outside the layout', () => {
    expect(parseS3Key('C:\\cases\\AWSLogs\\111122223333\\CloudTrail\\us-east-1\\2024\\01\\01\\f.json')?.accountId).toBe(
      '111122223333',
    );
    expect(parseS3Key('downloads/trail.json.gz')).toBeNull();
    expect(parseS3Key('AWSLogs/1234/CloudTrail/us-east-1/2024/01/01/f.json')).toBeNull();
  });
});
