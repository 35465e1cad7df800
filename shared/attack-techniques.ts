/**
 * The MITRE ATT&CK Enterprise techniques that apply to cloud accounts (the IaaS, Identity
 * Provider and SaaS platforms), with their tactics, so that a detection names a technique by
 * id and every view can place it in the matrix. Names follow ATT&CK v17.
 */

export const attackTactics = [
  { id: 'TA0001', name: 'Initial Access' },
  { id: 'TA0002', name: 'Execution' },
  { id: 'TA0003', name: 'Persistence' },
  { id: 'TA0004', name: 'Privilege Escalation' },
  { id: 'TA0005', name: 'Defense Evasion' },
  { id: 'TA0006', name: 'Credential Access' },
  { id: 'TA0007', name: 'Discovery' },
  { id: 'TA0008', name: 'Lateral Movement' },
  { id: 'TA0009', name: 'Collection' },
  { id: 'TA0010', name: 'Exfiltration' },
  { id: 'TA0040', name: 'Impact' },
] as const;

export type AttackTacticId = (typeof attackTactics)[number]['id'];

export interface AttackTechnique {
  id: string;
  name: string;
  tactics: AttackTacticId[];
}

const INITIAL = 'TA0001';
const EXECUTION = 'TA0002';
const PERSISTENCE = 'TA0003';
const PRIVILEGE = 'TA0004';
const EVASION = 'TA0005';
const CREDENTIALS = 'TA0006';
const DISCOVERY = 'TA0007';
const LATERAL = 'TA0008';
const COLLECTION = 'TA0009';
const EXFIL = 'TA0010';
const IMPACT = 'TA0040';

const t = (id: string, name: string, ...tactics: AttackTacticId[]): AttackTechnique => ({ id, name, tactics });

export const attackTechniques: readonly AttackTechnique[] = [
  t('T1021.007', 'Remote Services: Cloud Services', LATERAL),
  t('T1021.008', 'Remote Services: Direct Cloud VM Connections', LATERAL),
  t('T1040', 'Network Sniffing', CREDENTIALS, DISCOVERY),
  t('T1059.009', 'Command and Scripting Interpreter: Cloud API', EXECUTION),
  t('T1069.003', 'Permission Groups Discovery: Cloud Groups', DISCOVERY),
  t('T1070', 'Indicator Removal', EVASION),
  t('T1078', 'Valid Accounts', INITIAL, PERSISTENCE, PRIVILEGE, EVASION),
  t('T1078.001', 'Valid Accounts: Default Accounts', INITIAL, PERSISTENCE, PRIVILEGE, EVASION),
  t('T1078.004', 'Valid Accounts: Cloud Accounts', INITIAL, PERSISTENCE, PRIVILEGE, EVASION),
  t('T1087.004', 'Account Discovery: Cloud Account', DISCOVERY),
  t('T1098', 'Account Manipulation', PERSISTENCE, PRIVILEGE),
  t('T1098.001', 'Account Manipulation: Additional Cloud Credentials', PERSISTENCE, PRIVILEGE),
  t('T1098.003', 'Account Manipulation: Additional Cloud Roles', PERSISTENCE, PRIVILEGE),
  t('T1098.004', 'Account Manipulation: SSH Authorized Keys', PERSISTENCE, PRIVILEGE),
  t('T1110', 'Brute Force', CREDENTIALS),
  t('T1110.001', 'Brute Force: Password Guessing', CREDENTIALS),
  t('T1110.003', 'Brute Force: Password Spraying', CREDENTIALS),
  t('T1119', 'Automated Collection', COLLECTION),
  t('T1133', 'External Remote Services', INITIAL, PERSISTENCE),
  t('T1136.003', 'Create Account: Cloud Account', PERSISTENCE),
  t('T1190', 'Exploit Public-Facing Application', INITIAL),
  t('T1195', 'Supply Chain Compromise', INITIAL),
  t('T1195.002', 'Supply Chain Compromise: Compromise Software Supply Chain', INITIAL),
  t('T1199', 'Trusted Relationship', INITIAL),
  t('T1204.003', 'User Execution: Malicious Image', EXECUTION),
  t('T1213.003', 'Data from Information Repositories: Code Repositories', COLLECTION),
  t('T1485', 'Data Destruction', IMPACT),
  t('T1485.001', 'Data Destruction: Lifecycle-Triggered Deletion', IMPACT),
  t('T1486', 'Data Encrypted for Impact', IMPACT),
  t('T1490', 'Inhibit System Recovery', IMPACT),
  t('T1496', 'Resource Hijacking', IMPACT),
  t('T1496.001', 'Resource Hijacking: Compute Hijacking', IMPACT),
  t('T1496.004', 'Resource Hijacking: Cloud Service Hijacking', IMPACT),
  t('T1498', 'Network Denial of Service', IMPACT),
  t('T1525', 'Implant Internal Image', PERSISTENCE),
  t('T1526', 'Cloud Service Discovery', DISCOVERY),
  t('T1528', 'Steal Application Access Token', CREDENTIALS),
  t('T1530', 'Data from Cloud Storage', COLLECTION),
  t('T1531', 'Account Access Removal', IMPACT),
  t('T1535', 'Unused/Unsupported Cloud Regions', EVASION),
  t('T1537', 'Transfer Data to Cloud Account', EXFIL),
  t('T1538', 'Cloud Service Dashboard', DISCOVERY),
  t('T1548.005', 'Abuse Elevation Control Mechanism: Temporary Elevated Cloud Access', PRIVILEGE, EVASION),
  t('T1550.001', 'Use Alternate Authentication Material: Application Access Token', EVASION, LATERAL),
  t('T1552', 'Unsecured Credentials', CREDENTIALS),
  t('T1552.001', 'Unsecured Credentials: Credentials In Files', CREDENTIALS),
  t('T1552.005', 'Unsecured Credentials: Cloud Instance Metadata API', CREDENTIALS),
  t('T1554', 'Compromise Host Software Binary', PERSISTENCE),
  t('T1555.006', 'Credentials from Password Stores: Cloud Secrets Management Stores', CREDENTIALS),
  t('T1556', 'Modify Authentication Process', CREDENTIALS, EVASION, PERSISTENCE),
  t('T1556.006', 'Modify Authentication Process: Multi-Factor Authentication', CREDENTIALS, EVASION, PERSISTENCE),
  t('T1556.007', 'Modify Authentication Process: Hybrid Identity', CREDENTIALS, EVASION, PERSISTENCE),
  t('T1562', 'Impair Defenses', EVASION),
  t('T1562.001', 'Impair Defenses: Disable or Modify Tools', EVASION),
  t('T1562.007', 'Impair Defenses: Disable or Modify Cloud Firewall', EVASION),
  t('T1562.008', 'Impair Defenses: Disable or Modify Cloud Logs', EVASION),
  t('T1567', 'Exfiltration Over Web Service', EXFIL),
  t('T1578', 'Modify Cloud Compute Infrastructure', EVASION),
  t('T1578.001', 'Modify Cloud Compute Infrastructure: Create Snapshot', EVASION),
  t('T1578.002', 'Modify Cloud Compute Infrastructure: Create Cloud Instance', EVASION),
  t('T1578.003', 'Modify Cloud Compute Infrastructure: Delete Cloud Instance', EVASION),
  t('T1578.005', 'Modify Cloud Compute Infrastructure: Modify Cloud Compute Configurations', EVASION),
  t('T1580', 'Cloud Infrastructure Discovery', DISCOVERY),
  t('T1606.002', 'Forge Web Credentials: SAML Tokens', CREDENTIALS),
  t('T1619', 'Cloud Storage Object Discovery', DISCOVERY),
  t('T1648', 'Serverless Execution', EXECUTION),
  t('T1651', 'Cloud Administration Command', EXECUTION),
  t('T1484.002', 'Domain or Tenant Policy Modification: Trust Modification', EVASION, PRIVILEGE),
  t('T1666', 'Modify Cloud Resource Hierarchy', EVASION),
  t('T1677', 'Poisoned Pipeline Execution', EXECUTION),
];

const byId = new Map(attackTechniques.map((technique) => [technique.id, technique]));

/** The technique with this id, or undefined when the catalogue does not hold it. */
export function attackTechnique(id: string): AttackTechnique | undefined {
  return byId.get(id.toUpperCase());
}
