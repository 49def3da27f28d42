import { describe, expect, it } from 'vitest';
import {
  FIRST_RESPONSE_CATALOGUE,
  type FirstResponseEntry,
  firstResponseEntrySchema,
  indexCatalogue,
} from '../../../shared/first-response/index.js';
import { JAPANESE_CHARACTER } from '../../../shared/first-response/schema.js';

/** The catalogue is data: every entry is held to the schema, and the coverage the issue asks for is checked here. */

const keysOf = (entry: FirstResponseEntry): readonly string[] => [entry.id, ...(entry.also ?? [])];
const ALL_KEYS = FIRST_RESPONSE_CATALOGUE.flatMap(keysOf);
const KEYS = new Set(ALL_KEYS.map((key) => key.toLowerCase()));
const has = (key: string): boolean => KEYS.has(key.toLowerCase());

const entryNamed = (id: string): FirstResponseEntry => {
  const found = FIRST_RESPONSE_CATALOGUE.find((entry) => entry.id === id);
  if (!found) throw new Error(`no entry ${id}`);
  return found;
};

describe('every catalogue entry', () => {
  it.each(
    FIRST_RESPONSE_CATALOGUE.map((entry) => [entry.id, entry] as const),
  )('%s follows the schema', (_id, entry) => {
    // Act
    const result = firstResponseEntrySchema.safeParse(entry);

    // Assess
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('has 3 to 5 steps, Japanese text in Japanese and English text in English', () => {
    for (const entry of FIRST_RESPONSE_CATALOGUE) {
      expect(entry.steps.length, entry.id).toBeGreaterThanOrEqual(3);
      expect(entry.steps.length, entry.id).toBeLessThanOrEqual(5);
      for (const text of [entry.title, entry.meaning, ...entry.steps]) {
        expect(text.ja.trim(), entry.id).not.toBe('');
        expect(text.en.trim(), entry.id).not.toBe('');
        expect(text.ja, entry.id).toMatch(JAPANESE_CHARACTER);
        expect(text.en, entry.id).not.toMatch(JAPANESE_CHARACTER);
      }
    }
  });

  it('links to the AWS documentation over HTTPS', () => {
    for (const entry of FIRST_RESPONSE_CATALOGUE) {
      expect(entry.docUrl, entry.id).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/\S+$/);
    }
  });

  it('says who takes the steps: the team or the ASP', () => {
    for (const entry of FIRST_RESPONSE_CATALOGUE) expect(['team', 'asp'], entry.id).toContain(entry.who);
  });

  it('never repeats a step within an entry', () => {
    for (const entry of FIRST_RESPONSE_CATALOGUE) {
      const steps = entry.steps.map((step) => step.ja);
      expect(new Set(steps).size, entry.id).toBe(steps.length);
    }
  });
});

describe('catalogue keys', () => {
  it('are unique across ids and aliases, whatever their case', () => {
    // Prepare
    const seen = new Map<string, string>();
    const duplicates: string[] = [];

    // Act
    for (const entry of FIRST_RESPONSE_CATALOGUE) {
      for (const key of keysOf(entry)) {
        const at = key.toLowerCase();
        if (seen.has(at)) duplicates.push(`${key} (${seen.get(at)} and ${entry.id})`);
        seen.set(at, entry.id);
      }
    }

    // Assess
    expect(duplicates).toEqual([]);
  });

  it('refuses a catalogue where two entries claim the same key', () => {
    // Prepare
    const generic = entryNamed('generic');
    const s38 = entryNamed('securityhub:control:S3.8');
    const clash: FirstResponseEntry = {
      ...entryNamed('securityhub:control:S3.1'),
      also: ['securityhub:control:s3.8'],
    };

    // Act + Assess
    expect(() => indexCatalogue([generic, s38, clash])).toThrow(/securityhub:control:s3\.8.*S3\.8/);
  });

  it('refuses a catalogue without the generic entry', () => {
    expect(() => indexCatalogue([entryNamed('securityhub:control:S3.8')])).toThrow(/generic/);
  });
});

describe('coverage', () => {
  it('has the GuardDuty finding families: IAM, EC2, S3, containers, RDS, Lambda, malware, attack sequences', () => {
    const families = [
      'guardduty:UnauthorizedAccess:IAMUser',
      'guardduty:UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      'guardduty:UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS',
      'guardduty:PrivilegeEscalation:IAMUser',
      'guardduty:Policy:IAMUser',
      'guardduty:resource:IAMUser',
      'guardduty:Backdoor:EC2',
      'guardduty:CryptoCurrency:EC2',
      'guardduty:UnauthorizedAccess:EC2',
      'guardduty:resource:EC2',
      'guardduty:Policy:S3',
      'guardduty:resource:S3',
      'guardduty:Object:S3',
      'guardduty:resource:Kubernetes',
      'guardduty:resource:Runtime',
      'guardduty:PrivilegeEscalation:Runtime',
      'guardduty:Execution:ECS/MaliciousFile',
      'guardduty:resource:RDS',
      'guardduty:resource:Lambda',
      'guardduty:Execution:EC2',
      'guardduty:Execution:EC2/MaliciousFile!Snapshot',
      'guardduty:AttackSequence:IAM/CompromisedCredentials',
      'guardduty:AttackSequence:S3/CompromisedData',
      'guardduty:AttackSequence:EKS/CompromisedCluster',
      'guardduty:AttackSequence:ECS/CompromisedCluster',
      'guardduty:AttackSequence:EC2/CompromisedInstanceGroup',
      'guardduty:purpose:AttackSequence',
      'guardduty:purpose:DefenseImpairment',
      'guardduty:finding',
    ];
    expect(families.filter((key) => !has(key))).toEqual([]);
  });

  it('has at least 40 Security Hub controls, including the common FSBP and CIS ones', () => {
    // Prepare
    const controls = ALL_KEYS.filter((key) => key.startsWith('securityhub:control:'));
    const common = [
      ...['IAM.1', 'IAM.3', 'IAM.4', 'IAM.5', 'IAM.6', 'IAM.7', 'IAM.8', 'IAM.9', 'IAM.19', 'IAM.22'],
      ...['S3.1', 'S3.2', 'S3.3', 'S3.5', 'S3.6', 'S3.8', 'S3.9'],
      ...[
        'EC2.1',
        'EC2.2',
        'EC2.3',
        'EC2.6',
        'EC2.7',
        'EC2.8',
        'EC2.9',
        'EC2.13',
        'EC2.14',
        'EC2.18',
        'EC2.19',
      ],
      ...[
        'EC2.21',
        'CloudTrail.1',
        'CloudTrail.2',
        'CloudTrail.4',
        'CloudTrail.5',
        'CloudTrail.6',
        'CloudTrail.7',
      ],
      ...['Config.1', 'GuardDuty.1', 'CloudWatch.1', 'KMS.1', 'KMS.3', 'KMS.4', 'RDS.1', 'RDS.2', 'RDS.3'],
      ...['Lambda.1', 'Lambda.2', 'ELB.1', 'SSM.1', 'SSM.2', 'SSM.4'],
    ];

    // Assess
    expect(common.filter((id) => !has(`securityhub:control:${id}`))).toEqual([]);
    expect(new Set(controls).size).toBeGreaterThanOrEqual(40);
    const written = FIRST_RESPONSE_CATALOGUE.filter((entry) => entry.id.startsWith('securityhub:control:'));
    expect(written.length).toBeGreaterThanOrEqual(40);
  });

  it('falls back by the service of every control it knows', () => {
    const services = new Set(
      ALL_KEYS.filter((key) => key.startsWith('securityhub:control:')).map(
        (key) => key.slice('securityhub:control:'.length).split('.')[0] as string,
      ),
    );
    const fallbacks = [...services].filter((service) => !['Config', 'GuardDuty'].includes(service));
    expect(fallbacks.filter((service) => !has(`securityhub:service:${service}`))).toEqual([]);
  });

  it('has Inspector kinds, Health risk and abuse notices, root activity and the generic steps', () => {
    const keys = [
      'inspector:PACKAGE_VULNERABILITY',
      'inspector:PACKAGE_VULNERABILITY:EC2',
      'inspector:PACKAGE_VULNERABILITY:ECR',
      'inspector:PACKAGE_VULNERABILITY:Lambda',
      'inspector:CODE_VULNERABILITY',
      'inspector:NETWORK_REACHABILITY',
      'inspector:finding',
      'health:AWS_RISK_CREDENTIALS_EXPOSED',
      'health:AWS_RISK',
      'health:AWS_ABUSE',
      'root:signin:ConsoleLogin',
      'root:iam:CreateAccessKey',
      'root:activity',
      'securityhub:control',
      'securityhub:finding',
      'generic',
    ];
    expect(keys.filter((key) => !has(key))).toEqual([]);
  });
});
