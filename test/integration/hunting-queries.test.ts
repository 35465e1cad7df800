import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { credentialsAndData } from '../../electron/core/detect/pack/credentials-and-data.ts';
import { discovery } from '../../electron/core/detect/pack/discovery.ts';
import { identity } from '../../electron/core/detect/pack/identity.ts';
import { loggingAndDefenses } from '../../electron/core/detect/pack/logging-and-defenses.ts';
import { workloads } from '../../electron/core/detect/pack/workloads.ts';
import { detectionPack } from '../../electron/core/detect/pack.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { checkConsoleSql } from '../../electron/core/query/console-guard.ts';
import { inReadOnlyTransaction } from '../../electron/core/query/read-only-transaction.ts';
import { attackTechnique } from '../../shared/attack-techniques.ts';
import type { Detection } from '../../shared/model/detection.ts';
import { demoCase } from '../helpers/demo-case.ts';
import { fixture, tempDir } from '../helpers/temp.ts';

type Row = Record<string, unknown>;

/** The hunts the detection pack grew from, in the five families they were migrated into. */
const huntingQueries: Detection[] = [
  ...loggingAndDefenses,
  ...identity,
  ...credentialsAndData,
  ...discovery,
  ...workloads,
];

const dir = tempDir();
const demo = demoCase(dir);
let fixtures: CaseStore;

// Records that should trigger the hunts, and near misses that should not (see the README there).
beforeAll(async () => {
  fixtures = await CaseStore.open(path.join(dir, 'hunting.duckdb'), { create: true });
  const summary = await ingest(
    fixtures,
    ['stratus-red-team', 'corpus-extracts.json', 'written'].map((name) => fixture('hunting', name)),
  );
  expect(summary).toMatchObject({ events_added: 433, rejected: 0, errors: [] });
});
afterAll(() => fixtures?.close());

function query(id: string) {
  const found = huntingQueries.find((q) => q.id === id);
  if (!found) throw new Error(`no hunting query ${id}`);
  return found;
}

/** Runs a hunt the way the console does: through the read-only guard, on a reader of its own. */
async function hunt(store: CaseStore, id: string): Promise<{ columns: string[]; rows: Row[] }> {
  const db = await store.connectReader();
  try {
    const [statement] = await checkConsoleSql(db, query(id).sql);
    const reader = await inReadOnlyTransaction(db, () => db.runAndReadAll(statement!.text));
    return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() };
  } finally {
    db.closeSync();
  }
}

const rowsOf = async (id: string) => (await hunt(fixtures, id)).rows;
const keysOf = async (id: string) => (await rowsOf(id)).map((row) => row.event_key);
const pick = (rows: Row[], ...columns: string[]) =>
  rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])));

describe('the hunting query library', () => {
  it('offers at least 28 queries with unique kebab-case ids', () => {
    const ids = huntingQueries.map((q) => q.id);
    expect(ids.length).toBeGreaterThanOrEqual(28);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('gives every query a title, a description and an ATT&CK technique', () => {
    for (const q of huntingQueries) {
      expect(q.title.trim(), q.id).not.toBe('');
      expect(q.description.trim(), q.id).not.toBe('');
      expect(q.attack.length, q.id).toBeGreaterThan(0);
      for (const id of q.attack) {
        expect(id, q.id).toMatch(/^T\d{4}(\.\d{3})?$/);
        expect(attackTechnique(id)?.name.trim(), q.id).toBeTruthy();
      }
    }
  });

  it('offers every query in the detection pack', () => {
    const pack = new Set(detectionPack);
    for (const q of huntingQueries) expect(pack.has(q), q.id).toBe(true);
  });

  it('makes every query a single statement the read-only guard accepts', async () => {
    const db = await demo().connectReader();
    try {
      for (const q of huntingQueries)
        expect(await checkConsoleSql(db, q.sql), q.id).toEqual([{ text: q.sql.trim(), kind: 'select' }]);
    } finally {
      db.closeSync();
    }
  });
});

describe('every hunting query against the demo case', () => {
  it.each(huntingQueries.map((q) => [q.id]))('%s runs and returns event_time and event_key', async (id) => {
    const { columns } = await hunt(demo(), id);
    expect(columns).toEqual(expect.arrayContaining(['event_time', 'event_key']));
  });
});

describe('the hunts that group events', () => {
  // Each counts its events in a column; its event_keys must name exactly those events, the first one among them
  // (in any order: the run orders them, and an ordered list over every group cost a 1M-event case seconds per rule).
  const counted: [string, string][] = [
    ['console-login-from-many-ips', 'sign_ins'],
    ['access-key-used-from-several-ips', 'calls'],
    ['secrets-read-burst', 'calls'],
    ['s3-mass-deletion', 'deletions'],
    ['access-denied-burst', 'denials'],
    ['read-api-enumeration', 'calls'],
    ['errors-by-code', 'events'],
    ['ec2-many-instances-launched', 'calls'],
  ];

  it('are all listed here', () => {
    const grouping = huntingQueries.filter((q) => /\bGROUP BY\b/.test(q.sql)).map((q) => q.id);
    expect(grouping.sort()).toEqual(counted.map(([id]) => id).sort());
  });

  it.each(counted)('%s names every event it counts in %s', async (id, count) => {
    const rows = await rowsOf(id);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const keys = row.event_keys as string[];
      expect(keys).toHaveLength(Number(row[count]));
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toContain(row.event_key);
    }
  });
});

describe('the demo incident, as the hunts tell it', () => {
  it('shows the leaked key stopping CloudTrail', async () => {
    const { rows } = await hunt(demo(), 'cloudtrail-logging-changed');
    expect(pick(rows, 'event_name', 'identity_arn', 'source_ip')).toEqual([
      { event_name: 'StopLogging', identity_arn: 'arn:aws:iam::111122223333:user/dana', source_ip: '203.0.113.66' },
    ]);
  });

  it('shows the key made for another user', async () => {
    const { rows } = await hunt(demo(), 'access-key-created-for-another-user');
    expect(pick(rows, 'caller', 'for_user', 'new_access_key_id')).toEqual([
      { caller: 'dana', for_user: 'svc-backup\u001b[2J', new_access_key_id: 'AKIAQDEMONEWKEY00002' },
    ]);
  });

  it("shows the leaked key used from its owner's address and the attacker's", async () => {
    const { rows } = await hunt(demo(), 'access-key-used-from-several-ips');
    expect(pick(rows, 'access_key_id', 'source_ips')).toEqual([
      { access_key_id: 'AKIAQDEMOLEAKED00001', source_ips: ['198.51.100.23', '203.0.113.66'] },
    ]);
  });

  it('shows the attacker asking who they are from a scripting library', async () => {
    const { rows } = await hunt(demo(), 'get-caller-identity-unusual-agent');
    expect(pick(rows, 'access_key_id', 'user_agent')).toEqual([
      { access_key_id: 'AKIAQDEMOLEAKED00001', user_agent: '<img src=x onerror=alert(1)> python-requests/2.32.3' },
    ]);
  });

  it("flags both of dana's pipeline updates, the refused one included, and none of the admin's", async () => {
    const { rows } = await hunt(demo(), 'codepipeline-updated-by-new-principal');
    expect(pick(rows, 'pipeline', 'principal', 'error_code')).toEqual([
      {
        pipeline: 'deploy-prod',
        principal: 'arn:aws:iam::111122223333:user/dana',
        error_code: 'AccessDeniedException',
      },
      { pipeline: 'deploy-prod', principal: 'arn:aws:iam::111122223333:user/dana', error_code: null },
    ]);
  });
});

describe('hunts on logging and defenses', () => {
  it('cloudtrail-logging-changed lists trails stopped, deleted, updated, narrowed and a Lake store deleted', async () => {
    expect(pick(await rowsOf('cloudtrail-logging-changed'), 'event_name', 'error_code')).toEqual([
      { event_name: 'UpdateTrail', error_code: 'TrailNotFoundException' },
      { event_name: 'UpdateTrail', error_code: null },
      { event_name: 'DeleteEventDataStore', error_code: null },
      { event_name: 'DeleteTrail', error_code: null },
      { event_name: 'PutEventSelectors', error_code: null },
      { event_name: 'StopLogging', error_code: null },
    ]);
  });

  it('cloudtrail-logging-changed leaves out StartLogging and StartEventDataStoreIngestion', async () => {
    const names = (await rowsOf('cloudtrail-logging-changed')).map((row) => row.event_name);
    expect(names).not.toContain('StartLogging');
    expect(names).not.toContain('StartEventDataStoreIngestion');
  });

  it('network-or-dns-logs-deleted finds the DNS query logging and the flow logs removed', async () => {
    expect(pick(await rowsOf('network-or-dns-logs-deleted'), 'event_name', 'target')).toEqual([
      { event_name: 'DeleteResolverQueryLogConfig', target: 'rqlc-4473f20ca554c07' },
      { event_name: 'DeleteFlowLogs', target: 'fl-0e17aa62a21d4bbfe' },
    ]);
  });

  it('security-services-disabled finds Config stopped, GuardDuty switched off and deleted, Security Hub disabled', async () => {
    expect(pick(await rowsOf('security-services-disabled'), 'event_source', 'event_name')).toEqual([
      { event_source: 'config.amazonaws.com', event_name: 'DeleteDeliveryChannel' },
      { event_source: 'config.amazonaws.com', event_name: 'StopConfigurationRecorder' },
      { event_source: 'guardduty.amazonaws.com', event_name: 'UpdateDetector' },
      { event_source: 'guardduty.amazonaws.com', event_name: 'DeleteDetector' },
      { event_source: 'securityhub.amazonaws.com', event_name: 'DisableSecurityHub' },
      { event_source: 'config.amazonaws.com', event_name: 'StopConfigurationRecorder' },
    ]);
  });

  it('security-services-disabled ignores an UpdateDetector that only changes the publishing frequency', async () => {
    expect(await keysOf('security-services-disabled')).not.toContain('written-sec-0003@111122223333');
  });

  it('security-group-opened-to-world finds /0 rules in IPv4 and IPv6, with their ports', async () => {
    expect(pick(await rowsOf('security-group-opened-to-world'), 'event_key', 'open_to', 'from_ports')).toEqual([
      {
        event_key: '9fd68588-ecbf-4528-a345-199fa6bb0821@032092706103',
        open_to: ['208.236.235.254/0'],
        from_ports: ['22'],
      },
      { event_key: 'written-ec2-0001@111122223333', open_to: ['::/0'], from_ports: ['3389'] },
    ]);
  });

  it('security-group-opened-to-world leaves a rule for 10.0.0.0/8 out', async () => {
    expect(await keysOf('security-group-opened-to-world')).not.toContain('written-ec2-0002@111122223333');
  });

  it('kms-key-deletion-or-disable finds the disabled key and the two scheduled deletions, not their reversal', async () => {
    expect(pick(await rowsOf('kms-key-deletion-or-disable'), 'event_name', 'pending_window_days')).toEqual([
      { event_name: 'DisableKey', pending_window_days: null },
      { event_name: 'ScheduleKeyDeletion', pending_window_days: '20' },
      { event_name: 'ScheduleKeyDeletion', pending_window_days: '30' },
    ]);
  });
});

describe('hunts on identities and sign-ins', () => {
  it("root-account-activity lists root's own calls", async () => {
    expect(pick(await rowsOf('root-account-activity'), 'event_name', 'error_message')).toEqual([
      { event_name: 'CreatePipeline', error_message: null },
      { event_name: 'EnableMFADevice', error_message: null },
      { event_name: 'ConsoleLogin', error_message: 'Failed authentication' },
      { event_name: 'ConsoleLogin', error_message: null },
    ]);
  });

  it('console-login-without-mfa lists IAM user sign-ins where MFAUsed is No', async () => {
    expect(await keysOf('console-login-without-mfa')).toEqual([
      '2681fc29-EXAMPLE@123456789012',
      '3fcfb182-98f8-4744-bd45-10a395ab61cb@',
      '865d9377-9c6b-4fd7-8aad-725e95f6a140@562283505220',
    ]);
  });

  it('console-login-without-mfa reads "Yes" and "YES" alike and leaves federated sessions out', async () => {
    const keys = await keysOf('console-login-without-mfa');
    expect(keys).not.toContain('fed06f42-cb12-4764-8c69-121063dc79b9@111122223333');
    expect(keys).not.toContain('deb1e1f9-c99b-4612-8e9f-21f93b5d79c0@111122223333');
    expect(keys).not.toContain('panther-50@187901811700');
  });

  it('console-login-failures lists the failed sign-ins of root and of a user', async () => {
    expect(pick(await rowsOf('console-login-failures'), 'identity_type', 'user_name', 'error_message')).toEqual([
      { identity_type: 'Root', user_name: 'root', error_message: 'Failed authentication' },
      { identity_type: 'IAMUser', user_name: 'anaya', error_message: 'Failed authentication' },
    ]);
  });

  it('console-login-from-many-ips finds three addresses in one day, not three spread over two', async () => {
    expect(pick(await rowsOf('console-login-from-many-ips'), 'principal', 'source_ips')).toEqual([
      {
        principal: 'arn:aws:iam::111122223333:user/Diego_Ramirez',
        source_ips: ['192.0.2.44', '198.51.100.7', '203.0.113.67'],
      },
    ]);
  });

  it('access-key-used-from-several-ips counts only real addresses, most first', async () => {
    expect(pick(await rowsOf('access-key-used-from-several-ips'), 'access_key_id', 'addresses')).toEqual([
      // AWS's documentation examples share this placeholder key across many addresses
      { access_key_id: 'AKIAIOSFODNN7EXAMPLE', addresses: '6' },
      { access_key_id: 'AKIAI44QH8DHBEXAMPLE', addresses: '4' },
      { access_key_id: 'EXAMPLE_KEY_ID', addresses: '2' },
    ]);
  });

  it('access-key-created-for-another-user finds keys for other users, by users and by root', async () => {
    expect(pick(await rowsOf('access-key-created-for-another-user'), 'event_key', 'for_user')).toEqual([
      { event_key: 'panther-309@123456789012', for_user: 'example-user' },
      { event_key: 'panther-179@123456789', for_user: 'jack' },
      { event_key: 'c64c4ded-ef03-4e5c-81eb-153b118d72f2@946986569305', for_user: 'stratus-red-team-backdoor-u-user' },
      { event_key: '94faedcc-0fa4-46e6-9322-022e8e934f04@229654561268', for_user: 'malicious-iam-user' },
    ]);
  });

  it('access-key-created-for-another-user leaves out a key a user made for themselves', async () => {
    expect(await keysOf('access-key-created-for-another-user')).not.toContain('panther-177@123456789');
  });

  it('iam-user-or-login-profile-created finds new users, new console passwords and resets by others', async () => {
    expect(pick(await rowsOf('iam-user-or-login-profile-created'), 'event_name', 'target_user')).toEqual([
      // a role session named alice is still not IAM user alice: session names are the caller's choice
      { event_name: 'UpdateLoginProfile', target_user: 'alice' },
      { event_name: 'UpdateLoginProfile', target_user: 'bob' },
      { event_name: 'CreateUser', target_user: 'malicious-iam-user' },
      { event_name: 'CreateLoginProfile', target_user: 'stratus-red-team-login-profile-user' },
      { event_name: 'UpdateLoginProfile', target_user: 'stratus-red-team-update-login-profile-user' },
    ]);
  });

  it('iam-policy-attached-or-changed finds attachments, inline policies and a new default version', async () => {
    expect(pick(await rowsOf('iam-policy-attached-or-changed'), 'event_name', 'granted_to', 'policy')).toEqual([
      { event_name: 'CreatePolicyVersion', granted_to: null, policy: 'arn:aws:iam::111122223333:policy/deploy' },
      { event_name: 'PutUserPolicy', granted_to: 'test-user', policy: 'TestUserDenyAll' },
      {
        event_name: 'AttachUserPolicy',
        granted_to: 'malicious-iam-user',
        policy: 'arn:aws:iam::aws:policy/AdministratorAccess',
      },
      {
        event_name: 'AttachRolePolicy',
        granted_to: 'stratus-red-team-malicious-iam-role',
        policy: 'arn:aws:iam::aws:policy/AdministratorAccess',
      },
    ]);
  });

  it('iam-policy-attached-or-changed leaves out a policy version not made default', async () => {
    expect(await keysOf('iam-policy-attached-or-changed')).not.toContain('written-iam-0004@111122223333');
  });

  it('iam-role-trust-policy-changed names the foreign account the backdoored role now trusts', async () => {
    expect(pick(await rowsOf('iam-role-trust-policy-changed'), 'role_name', 'foreign_accounts')).toEqual([
      { role_name: 'stratus-red-team-backdoor-r-role', foreign_accounts: ['193672423079'] },
    ]);
  });

  it('mfa-device-removed finds the deactivation and deletion, not the enrolment', async () => {
    expect(pick(await rowsOf('mfa-device-removed'), 'event_name', 'serial_number')).toEqual([
      { event_name: 'DeactivateMFADevice', serial_number: 'arn:aws:iam::111122223333:mfa/Mary_Major' },
      { event_name: 'DeleteVirtualMFADevice', serial_number: 'arn:aws:iam::111122223333:mfa/Mary_Major' },
    ]);
  });

  it('assume-role-chain finds role sessions assuming roles, not users assuming them', async () => {
    expect(pick(await rowsOf('assume-role-chain'), 'from_session', 'to_role')).toEqual([
      {
        from_session: 'arn:aws:sts::111111111111:assumed-role/JohnDoe/JohnRole1',
        to_role: 'arn:aws:iam::111111111111:role/JohnRole2',
      },
      {
        from_session:
          'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_SecurityAudit_8df5ccd37b/firstname.lastname@example.com',
        to_role: 'arn:aws:iam::111111111111:role/JohnRole2',
      },
    ]);
  });

  it("assume-role-from-new-ip gives each role's first use per address and counts the addresses before it", async () => {
    expect(pick(await rowsOf('assume-role-from-new-ip'), 'role_arn', 'source_ip', 'earlier_addresses')).toEqual([
      { role_arn: 'arn:aws:iam::111122223333:role/EC2-dev', source_ip: '192.0.2.101', earlier_addresses: '0' },
      { role_arn: 'arn:aws:iam::111111111111:role/JohnRole2', source_ip: '123.145.67.89', earlier_addresses: '0' },
      { role_arn: 'arn:aws:iam::111111111111:role/JohnRole2', source_ip: '81.2.69.144', earlier_addresses: '1' },
      { role_arn: 'arn:aws:iam::123456789012:role/Assumed_Role', source_ip: '203.0.113.64', earlier_addresses: '0' },
      {
        role_arn: 'arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role',
        source_ip: '200.249.253.51',
        earlier_addresses: '0',
      },
      {
        role_arn: 'arn:aws:iam::321848314756:role/stratus-red-team-get-usr-data-role',
        source_ip: '255.18.064.253',
        earlier_addresses: '0',
      },
      {
        role_arn: 'arn:aws:iam::900138736586:role/stratus-red-team-ec2lui-role-idtzskbvtd',
        source_ip: '06.237.252.245',
        earlier_addresses: '0',
      },
      {
        role_arn: 'arn:aws:iam::307578594326:role/stratus-red-team-leave-org-role',
        source_ip: '252.5.222.230',
        earlier_addresses: '0',
      },
    ]);
  });
});

describe('hunts on credentials and data', () => {
  it('secrets-read-burst finds twenty secrets read one by one and forty-two parameters read ten at a time', async () => {
    expect(pick(await rowsOf('secrets-read-burst'), 'principal', 'secrets_read', 'calls')).toEqual([
      { principal: 'arn:aws:iam::903144391865:user/christophe', secrets_read: '20', calls: '20' },
      { principal: 'arn:aws:iam::933175858973:user/christophe', secrets_read: '42', calls: '5' },
    ]);
  });

  it('ec2-password-data-read lists every attempt on every instance', async () => {
    const rows = await rowsOf('ec2-password-data-read');
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((row) => row.instance_id)).size).toBe(30);
    expect(new Set(rows.map((row) => row.error_code))).toEqual(new Set(['Client.UnauthorizedOperation']));
  });

  it('s3-public-access-block-removed finds a deletion and a configuration with protections off, not one with them on', async () => {
    expect(await keysOf('s3-public-access-block-removed')).toEqual([
      'written-s3-0001@111122223333',
      'panther-340@111111111111',
    ]);
  });

  it('s3-bucket-policy-or-acl-public finds a "*" principal and an AllUsers grant', async () => {
    expect(await keysOf('s3-bucket-policy-or-acl-public')).toEqual([
      'panther-295@123456789012',
      'written-s3-0003@111122223333',
    ]);
  });

  it('s3-bucket-policy-or-acl-public leaves out a service principal, a private ACL and a grant to one account', async () => {
    const keys = await keysOf('s3-bucket-policy-or-acl-public');
    expect(keys).not.toContain('panther-296@123456789012');
    expect(keys).not.toContain('panther-319@123456789012');
    expect(keys).not.toContain('607b9532-1423-41c7-b048-ec2641693c47@111122223333');
  });

  it('snapshot-or-image-shared says with whom each snapshot and image was shared', async () => {
    expect(pick(await rowsOf('snapshot-or-image-shared'), 'event_name', 'shared_with')).toEqual([
      { event_name: 'ModifySnapshotAttribute', shared_with: ['all'] },
      { event_name: 'ModifyImageAttribute', shared_with: ['all'] },
      { event_name: 'ModifyImageAttribute', shared_with: ['846424999548'] },
      { event_name: 'ModifySnapshotAttribute', shared_with: ['098797384747'] },
    ]);
  });

  it('rds-snapshot-shared finds the snapshot given to another account', async () => {
    expect(pick(await rowsOf('rds-snapshot-shared'), 'snapshot', 'shared_with')).toEqual([
      { snapshot: 'exfiltration', shared_with: '["503161813013"]' },
    ]);
  });

  it('s3-mass-deletion finds twenty deletions in one bucket, not three in another', async () => {
    expect(pick(await rowsOf('s3-mass-deletion'), 'principal', 'bucket', 'deletions')).toEqual([
      { principal: 'arn:aws:iam::111122223333:user/Richard_Roe', bucket: 'finance-reports', deletions: '20' },
    ]);
  });
});

describe('hunts on discovery', () => {
  it('access-denied-burst finds the two roles refused again and again', async () => {
    expect(pick(await rowsOf('access-denied-burst'), 'apis', 'denials')).toEqual([
      { apis: ['GetPasswordData'], denials: '30' },
      { apis: ['DescribeInstanceAttribute'], denials: '15' },
    ]);
  });

  it('read-api-enumeration finds eleven different reads in minutes, not nine', async () => {
    expect(pick(await rowsOf('read-api-enumeration'), 'principal', 'distinct_apis', 'services')).toEqual([
      { principal: 'arn:aws:iam::111122223333:user/Carlos_Salazar', distinct_apis: '11', services: '6' },
    ]);
  });

  it('get-caller-identity-unusual-agent finds TruffleHog and the red-team tool, not the AWS CLI', async () => {
    expect(pick(await rowsOf('get-caller-identity-unusual-agent'), 'event_key', 'user_agent')).toEqual([
      { event_key: 'panther-401@123456789012', user_agent: 'TruffleHog' },
      { event_key: 'panther-402@123456789012', user_agent: 'trufflehog/3.63.0' },
      {
        event_key: 'e544d47e-6d75-45cf-a8a9-7e90d5f7d38d@070411556318',
        user_agent: 'stratus-red-team_99dfa7e5-00d3-40b7-8cfd-b2573ada0eac',
      },
      {
        event_key: 'b379479b-05c9-4c3c-af4b-cbd43acf29e1@017622104382',
        user_agent: 'stratus-red-team_c763d13b-d099-488a-bb3e-f57cb2fed240',
      },
    ]);
  });

  it('ec2-user-data-read lists the fifteen refused reads of user data', async () => {
    const rows = await rowsOf('ec2-user-data-read');
    expect(rows).toHaveLength(15);
    expect(new Set(rows.map((row) => row.identity_arn))).toEqual(
      new Set([
        'arn:aws:sts::321848314756:assumed-role/stratus-red-team-get-usr-data-role/aws-go-sdk-1722455550269043000',
      ]),
    );
  });

  it('errors-by-code counts each error code, most frequent first', async () => {
    expect(pick(await rowsOf('errors-by-code'), 'error_code', 'events', 'principals')).toEqual([
      { error_code: 'Client.UnauthorizedOperation', events: '46', principals: '3' },
      { error_code: 'AccessDenied', events: '5', principals: '3' },
      { error_code: 'EntityTemporarilyUnmodifiableException', events: '1', principals: '1' },
      { error_code: 'TrailNotFoundException', events: '1', principals: '1' },
    ]);
  });
});

describe('hunts on workloads', () => {
  it('codepipeline-changed finds CodePipeline changes only, not Elastic Transcoder or Data Pipeline', async () => {
    expect(pick(await rowsOf('codepipeline-changed'), 'event_name', 'pipeline')).toEqual([
      { event_name: 'UpdatePipeline', pipeline: 'continuous-integration' },
      { event_name: 'UpdatePipeline', pipeline: 'continuous-integration' },
      { event_name: 'DeletePipeline', pipeline: 'airflow-demo' },
    ]);
  });

  it('lambda-function-changed finds the layer added and the code overwritten', async () => {
    expect(pick(await rowsOf('lambda-function-changed'), 'event_name', 'function_name')).toEqual([
      {
        event_name: 'UpdateFunctionConfiguration20150331v2',
        function_name: 'stratus-red-team-lambda-layer-simpleLambda',
      },
      { event_name: 'UpdateFunctionCode20150331v2', function_name: 'stratus-red-team-olc-func-vayhjqkdav' },
    ]);
  });

  it('lambda-permission-added finds the function opened to "*", not an SQS permission', async () => {
    expect(pick(await rowsOf('lambda-permission-added'), 'function_name', 'granted_to')).toEqual([
      { function_name: 'stratus-red-team-backdoor-f-func', granted_to: '*' },
    ]);
  });

  it('ec2-user-data-modified finds the user data replaced', async () => {
    expect(pick(await rowsOf('ec2-user-data-modified'), 'instance_id')).toEqual([
      { instance_id: 'i-DDd6c7B0e18F0E35f' },
    ]);
  });

  it('remote-commands-on-instances finds sessions, Run Command and pushed SSH keys', async () => {
    const rows = await rowsOf('remote-commands-on-instances');
    const count = (name: string) => rows.filter((row) => row.event_name === name).length;
    expect([
      count('StartSession'),
      count('SendSSHPublicKey'),
      count('SendCommand'),
      count('SendSerialConsoleSSHPublicKey'),
    ]).toEqual([3, 3, 2, 3]);
    expect(rows).toHaveLength(11);
  });

  it('ec2-many-instances-launched counts instances asked for, even when the call was refused', async () => {
    expect(
      pick(
        await rowsOf('ec2-many-instances-launched'),
        'instances_requested',
        'instances_launched',
        'failed_calls',
        'instance_types',
      ),
    ).toEqual([
      { instances_requested: '10', instances_launched: '0', failed_calls: '1', instance_types: ['p2.xlarge'] },
    ]);
  });

  it('organizations-membership-changed finds the invitation and the refused attempt to leave', async () => {
    expect(pick(await rowsOf('organizations-membership-changed'), 'event_name', 'error_code')).toEqual([
      { event_name: 'InviteAccountToOrganization', error_code: null },
      { event_name: 'LeaveOrganization', error_code: 'AccessDenied' },
    ]);
  });
});
