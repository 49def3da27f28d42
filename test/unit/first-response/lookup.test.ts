import { describe, expect, it } from 'vitest';
import {
  FIRST_RESPONSE_CATALOGUE,
  type FirstResponseInput,
  firstResponse,
} from '../../../shared/first-response/index.js';
import type { AlertSource } from '../../../shared/model.js';

/** The lookup: the most specific entry for an alert, then its family, service, source, and the generic steps. */

const input = (
  source: AlertSource,
  type: string,
  resource = 'unknown',
  fingerprint?: string,
): FirstResponseInput => ({ source, type, resource, ...(fingerprint === undefined ? {} : { fingerprint }) });

const lookup = (given: FirstResponseInput) => {
  const answer = firstResponse(given, 'ja');
  return { entryId: answer.entryId, match: answer.match };
};

const controlFingerprint = (controlId: string, resource = 'arn:aws:s3:::bucket'): string =>
  `control:111111111111:ap-northeast-1:${controlId}:${resource}`;

const legacyFingerprint = (standard: string, version: string, rule: string): string =>
  `securityhub:arn:aws:securityhub:ap-northeast-1::product/aws/securityhub:arn:aws:securityhub:ap-northeast-1:111111111111:subscription/${standard}/v/${version}/${rule}/finding/0a1b2c3d`;

describe('GuardDuty', () => {
  it.each([
    [
      'exact type',
      'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      'guardduty:UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      'exact',
    ],
    [
      'a sibling type listed as an alias',
      'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS',
      'guardduty:UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      'exact',
    ],
    [
      'exact type with its artifact',
      'Execution:EC2/MaliciousFile!AMI',
      'guardduty:Execution:EC2/MaliciousFile!Snapshot',
      'exact',
    ],
    [
      'attack sequence',
      'AttackSequence:S3/CompromisedData',
      'guardduty:AttackSequence:S3/CompromisedData',
      'exact',
    ],
    [
      'family: threat purpose and resource type',
      'UnauthorizedAccess:IAMUser/TorIPCaller',
      'guardduty:UnauthorizedAccess:IAMUser',
      'family',
    ],
    ['family, artifact stripped', 'Backdoor:EC2/C&CActivity.B!DNS', 'guardduty:Backdoor:EC2', 'family'],
    ['malware on an instance', 'Execution:EC2/MaliciousFile', 'guardduty:Execution:EC2', 'family'],
    ['malware in S3', 'Object:S3/MaliciousFile', 'guardduty:Object:S3', 'family'],
    [
      'an unknown attack sequence, by purpose',
      'AttackSequence:Lambda/New',
      'guardduty:purpose:AttackSequence',
      'family',
    ],
    [
      'custom detection rule',
      'DefenseImpairment:EC2/DisableOrModifyTools',
      'guardduty:purpose:DefenseImpairment',
      'family',
    ],
    [
      'by resource type: EKS audit logs',
      'Discovery:Kubernetes/SuccessfulAnonymousAccess',
      'guardduty:resource:Kubernetes',
      'family',
    ],
    ['by resource type: runtime', 'Execution:Runtime/ReverseShell', 'guardduty:resource:Runtime', 'family'],
    [
      'by resource type: RDS',
      'CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin',
      'guardduty:resource:RDS',
      'family',
    ],
    [
      'by resource type: Lambda',
      'CryptoCurrency:Lambda/BitcoinTool.B',
      'guardduty:resource:Lambda',
      'family',
    ],
    ['by resource type: a new purpose on S3', 'Newpurpose:S3/Whatever', 'guardduty:resource:S3', 'family'],
    ['source fallback: an unknown resource type', 'Impact:Bedrock/Anything', 'guardduty:finding', 'source'],
    ['source fallback: no type at all', 'GuardDuty finding', 'guardduty:finding', 'source'],
  ])('%s: %s → %s (%s)', (_case, type, entryId, match) => {
    expect(lookup(input('guardduty', type))).toEqual({ entryId, match });
  });
});

describe('Security Hub', () => {
  it('finds the control of a control finding in its fingerprint', () => {
    expect(
      lookup(
        input(
          'securityhub',
          'Software and Configuration Checks',
          'arn:aws:s3:::b',
          controlFingerprint('S3.8'),
        ),
      ),
    ).toEqual({ entryId: 'securityhub:control:S3.8', match: 'exact' });
  });

  it('reads a control id given as the type', () => {
    expect(lookup(input('securityhub', 'EC2.19'))).toEqual({
      entryId: 'securityhub:control:EC2.19',
      match: 'exact',
    });
  });

  it('uses the entry a control shares with its siblings', () => {
    expect(lookup(input('securityhub', 'x', 'r', controlFingerprint('IAM.14')))).toEqual({
      entryId: 'securityhub:control:IAM.7',
      match: 'exact',
    });
  });

  it.each([
    ['EC2.99', 'securityhub:service:EC2'],
    ['AutoScaling.6', 'securityhub:service:AutoScaling'],
    ['Autoscaling.5', 'securityhub:service:AutoScaling'],
    ['ECR.1', 'securityhub:service:ECR'],
  ])('falls back to the service of an unknown control: %s → %s', (controlId, entryId) => {
    expect(lookup(input('securityhub', 'x', 'r', controlFingerprint(controlId)))).toEqual({
      entryId,
      match: 'service',
    });
  });

  it('falls back to the generic control steps for a service it does not know', () => {
    expect(lookup(input('securityhub', 'x', 'r', controlFingerprint('Transfer.2')))).toEqual({
      entryId: 'securityhub:control',
      match: 'source',
    });
  });

  it.each([
    [
      'cis-aws-foundations-benchmark',
      '1.2.0',
      '2.3',
      'arn:aws:s3:::trail-logs',
      'securityhub:control:CloudTrail.6',
    ],
    [
      'cis-aws-foundations-benchmark',
      '1.2.0',
      '4.2',
      'arn:aws:ec2:x:1:security-group/sg-1',
      'securityhub:control:EC2.13',
    ],
    [
      'cis-aws-foundations-benchmark',
      '1.2.0',
      '1.14',
      'AWS::::Account:111111111111',
      'securityhub:control:IAM.6',
    ],
    ['cis-aws-foundations-benchmark', '1.4.0', '2.1.5', 'arn:aws:s3:::bucket', 'securityhub:control:S3.8'],
    [
      'cis-aws-foundations-benchmark',
      '1.4.0',
      '2.1.5',
      'AWS::::Account:111111111111',
      'securityhub:control:S3.1',
    ],
    [
      'aws-foundational-security-best-practices',
      '1.0.0',
      'Lambda.1',
      'arn:aws:lambda:x',
      'securityhub:control:Lambda.1',
    ],
  ])('maps a legacy %s v%s rule %s (%s) to %s', (standard, version, rule, resource, entryId) => {
    const fingerprint = legacyFingerprint(standard, version, rule);
    expect(lookup(input('securityhub', 'Software and Configuration Checks', resource, fingerprint))).toEqual({
      entryId,
      match: 'exact',
    });
  });

  it('reads a GuardDuty finding imported in ASFF through the GuardDuty entries', () => {
    const type = 'TTPs/Initial Access/UnauthorizedAccess:IAMUser-InstanceCredentialExfiltration.OutsideAWS';
    const fingerprint = 'guardduty:111111111111:ap-northeast-1:b6c2f0e4';
    expect(lookup(input('securityhub', type, 'AWS::IAM::AccessKey:ASIA', fingerprint))).toEqual({
      entryId: 'guardduty:UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      match: 'exact',
    });
  });

  it('reads a GuardDuty finding imported in OCSF through the GuardDuty entries', () => {
    const fingerprint = 'guardduty:222222222222:ap-northeast-3:8f0b2d4f';
    expect(
      lookup(input('securityhub', 'CryptoCurrency:EC2/BitcoinTool.B!DNS', 'i-0d1e', fingerprint)),
    ).toEqual({
      entryId: 'guardduty:CryptoCurrency:EC2',
      match: 'family',
    });
  });

  it('reads an Inspector finding imported in ASFF through the Inspector entries', () => {
    const fingerprint = 'inspector:arn:aws:inspector2:ap-northeast-1:222222222222:finding/5f0c';
    const resource = 'arn:aws:ec2:ap-northeast-1:222222222222:instance/i-0c4d5e6f708192a3b';
    expect(
      lookup(
        input('securityhub', 'Software and Configuration Checks/Vulnerabilities/CVE', resource, fingerprint),
      ),
    ).toEqual({ entryId: 'inspector:PACKAGE_VULNERABILITY:EC2', match: 'exact' });
  });

  it.each([
    [
      'Software and Configuration Checks/Vulnerabilities/CVE',
      'securityhub:type:Software and Configuration Checks/Vulnerabilities',
    ],
    [
      'Software and Configuration Checks/AWS Security Best Practices/Network Reachability',
      'securityhub:type:Software and Configuration Checks',
    ],
    ['Sensitive Data Identifications/PII/Passport', 'securityhub:type:Sensitive Data Identifications'],
    ['Unusual Behaviors/User', 'securityhub:type:TTPs'],
  ])('falls back by the ASFF type namespace of another product: %s → %s', (type, entryId) => {
    const fingerprint = 'securityhub:arn:aws:securityhub:ap-northeast-1::product/vendor/scanner:finding-1';
    expect(lookup(input('securityhub', type, 'r', fingerprint))).toEqual({ entryId, match: 'family' });
  });

  it('falls back to the Security Hub steps for a finding it cannot place', () => {
    expect(lookup(input('securityhub', 'Something New/Else', 'r', 'securityhub:p:f'))).toEqual({
      entryId: 'securityhub:finding',
      match: 'source',
    });
  });
});

describe('Inspector', () => {
  it.each([
    ['PACKAGE_VULNERABILITY', 'i-0c4d5e6f708192a3b', 'inspector:PACKAGE_VULNERABILITY:EC2', 'exact'],
    [
      'PACKAGE_VULNERABILITY',
      'arn:aws:ecr:ap-northeast-3:111111111111:repository/aoba-juki/web/sha256:0f1e',
      'inspector:PACKAGE_VULNERABILITY:ECR',
      'exact',
    ],
    [
      'PACKAGE_VULNERABILITY',
      'arn:aws:lambda:ap-northeast-1:333333333333:function:notify:$LATEST',
      'inspector:PACKAGE_VULNERABILITY:Lambda',
      'exact',
    ],
    [
      'PACKAGE_VULNERABILITY',
      '/subscriptions/x/resourcegroups/y',
      'inspector:PACKAGE_VULNERABILITY',
      'family',
    ],
    [
      'CODE_VULNERABILITY',
      'arn:aws:lambda:ap-northeast-1:3:function:f',
      'inspector:CODE_VULNERABILITY',
      'family',
    ],
    ['NETWORK_REACHABILITY', 'i-12345678901234567', 'inspector:NETWORK_REACHABILITY', 'family'],
    ['Inspector finding', 'i-1', 'inspector:finding', 'source'],
  ])('%s on %s → %s (%s)', (type, resource, entryId, match) => {
    expect(lookup(input('inspector', type, resource))).toEqual({ entryId, match });
  });
});

describe('Health, root activity and the rest', () => {
  it.each([
    ['health', 'AWS_RISK_CREDENTIALS_EXPOSED', 'health:AWS_RISK_CREDENTIALS_EXPOSED', 'exact'],
    ['health', 'AWS_RISK_IAM_QUARANTINE', 'health:AWS_RISK', 'family'],
    ['health', 'AWS_ABUSE_EC2_DOS_REPORT', 'health:AWS_ABUSE', 'family'],
    ['health', 'AWS_EC2_OPERATIONAL_ISSUE', 'health:event', 'source'],
    ['signin', 'signin:ConsoleLogin', 'root:signin:ConsoleLogin', 'exact'],
    ['signin', 'iam:CreateAccessKey', 'root:iam:CreateAccessKey', 'exact'],
    ['signin', 'iam:DeactivateMFADevice', 'root:iam', 'service'],
    ['signin', 's3:CreateBucket', 'root:activity', 'source'],
    ['config', 's3-bucket-public-read-prohibited', 'generic', 'generic'],
    ['cloudwatch', 'zeimu-batch-errors', 'generic', 'generic'],
  ] as const)('%s %s → %s (%s)', (source, type, entryId, match) => {
    expect(lookup(input(source, type))).toEqual({ entryId, match });
  });
});

describe('the answer', () => {
  it('is in the receiver language, from the same entry', () => {
    // Prepare
    const alert = input('securityhub', 'x', 'arn:aws:s3:::b', controlFingerprint('S3.8'));
    const entry = FIRST_RESPONSE_CATALOGUE.find(({ id }) => id === 'securityhub:control:S3.8');

    // Act
    const ja = firstResponse(alert, 'ja');
    const en = firstResponse(alert, 'en');

    // Assess
    expect(ja).toEqual({
      entryId: 'securityhub:control:S3.8',
      match: 'exact',
      title: entry?.title.ja,
      meaning: entry?.meaning.ja,
      steps: entry?.steps.map((step) => step.ja),
      who: 'asp',
      docUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8',
    });
    expect(en.steps).toEqual(entry?.steps.map((step) => step.en));
    expect(en.title).toBe(entry?.title.en);
  });

  it('is never nothing, whatever the input', () => {
    const odd: FirstResponseInput[] = [
      input('guardduty', ''),
      input('securityhub', '', '', ''),
      input('inspector', '   '),
      input('health', ''),
      input('signin', ''),
      input('securityhub', '///', 'x', 'control:::'),
    ];
    for (const given of odd) {
      const answer = firstResponse(given, 'en');
      expect(answer.steps.length).toBeGreaterThanOrEqual(3);
      expect(answer.entryId).not.toBe('');
    }
  });

  it('cannot be changed by its caller (the table is shared by every lookup)', () => {
    const answer = firstResponse(input('signin', 'signin:ConsoleLogin'), 'ja');
    expect(() => (answer.steps as string[]).push('x')).toThrow();
    expect(firstResponse(input('signin', 'signin:ConsoleLogin'), 'ja').steps).toHaveLength(
      answer.steps.length,
    );
  });
});
