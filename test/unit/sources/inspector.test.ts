import { describe, expect, it } from 'vitest';
import { EnvelopeInvalidError } from '../../../shared/errors.js';
import { normalizeEvent } from '../../../shared/sources/index.js';
import { inspectorSeverity } from '../../../shared/sources/inspector.js';
import { loadEvent, withChanges } from '../../helpers/events.js';
import { alertOf } from '../../helpers/normalized.js';

const ACTIVE = 'inspector/package-vulnerability-high-active.json';
const CLOSED = 'inspector/package-vulnerability-closed.json';
const PACKAGE_FINGERPRINT =
  'inspector:arn:aws:inspector2:ap-northeast-1:222222222222:finding/5f0c2e8a9b7d4c1e3a6f8b0d2c4e6a81';

describe('Inspector severity', () => {
  it.each([
    ['CRITICAL', 'CRITICAL'],
    ['HIGH', 'HIGH'],
    ['MEDIUM', 'MEDIUM'],
    ['LOW', 'LOW'],
    ['INFORMATIONAL', 'INFORMATIONAL'],
    ['high', 'HIGH'],
  ])('maps %s to %s', (label, expected) => {
    // Act
    const judgement = inspectorSeverity(label);

    // Assess
    expect(judgement).toMatchObject({ severity: expected, unrecognized: false });
  });

  it('reads UNTRIAGED as MEDIUM with a reason, not as unknown', () => {
    // Act
    const judgement = inspectorSeverity('UNTRIAGED');

    // Assess
    expect(judgement).toEqual({
      severity: 'MEDIUM',
      reason: 'Inspector severity UNTRIAGED (not scored yet) → MEDIUM',
      unrecognized: false,
    });
  });

  it.each([['SEVERE'], [''], [undefined]])('gives %o to the team as MEDIUM, unrecognized', (label) => {
    // Act
    const judgement = inspectorSeverity(label);

    // Assess
    expect(judgement).toMatchObject({ severity: 'MEDIUM', unrecognized: true });
  });

  it('names the unknown value in the reason', () => {
    expect(inspectorSeverity('SEVERE').reason).toContain('"SEVERE"');
  });
});

describe('Inspector sample events', () => {
  it.each([
    ['package-vulnerability-high-active.json', 'HIGH', 'open', '222222222222', []],
    ['package-vulnerability-closed.json', 'HIGH', 'resolved', '222222222222', []],
    ['lambda-code-vulnerability-critical.json', 'CRITICAL', 'open', '333333333333', []],
    ['untriaged-finding.json', 'MEDIUM', 'open', '111111111111', []],
  ])('reads %s as %s, %s, about %s', (file, severity, status, accountId, flags) => {
    // Act
    const alert = alertOf(loadEvent(`inspector/${file}`));

    // Assess
    expect(alert).toMatchObject({
      source: 'inspector',
      category: 'security',
      severity,
      status,
      accountId,
      flags,
    });
  });

  it('takes fingerprint, resource, type, title and version from the finding', () => {
    // Act
    const alert = alertOf(loadEvent(ACTIVE));

    // Assess
    expect(alert).toMatchObject({
      fingerprint: PACKAGE_FINGERPRINT,
      region: 'ap-northeast-1',
      resource: 'i-0c4d5e6f708192a3b',
      type: 'PACKAGE_VULNERABILITY',
      title: 'CVE-2026-40001 - openssl-libs',
      version: '2026-11-27T05:52:10.123Z',
      time: '2026-11-27T06:00:00.000Z',
    });
    expect(alert.consoleUrl).toMatch(/^https:\/\/ap-northeast-1\.console\.aws\.amazon\.com\/inspector\/v2\//);
  });

  it('resolves the same finding later under the same fingerprint with a newer version', () => {
    // Act
    const active = alertOf(loadEvent(ACTIVE));
    const closed = alertOf(loadEvent(CLOSED));

    // Assess
    expect(closed.fingerprint).toBe(active.fingerprint);
    expect(closed.status).toBe('resolved');
    expect(closed.version > active.version).toBe(true);
  });
});

describe('Inspector status and version', () => {
  it.each([
    ['ACTIVE', 'open', []],
    ['CLOSED', 'resolved', []],
    ['SUPPRESSED', 'resolved', []],
    ['closed', 'resolved', []],
    ['REOPENED', 'open', ['unrecognized']],
  ])('reads status %s as %s', (status, expected, flags) => {
    // Prepare
    const event = withChanges(loadEvent(ACTIVE), (copy) => {
      copy.detail.status = status;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.status).toBe(expected);
    expect(alert.flags).toEqual(flags);
    expect(alert.severity).toBe('HIGH');
  });

  it('falls back to lastObservedAt when updatedAt is missing', () => {
    // Prepare
    const event = withChanges(loadEvent(CLOSED), (copy) => {
      delete copy.detail.updatedAt;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.version).toBe('2026-11-27T06:12:31.004Z');
  });
});

describe('Inspector notices and bad input', () => {
  it.each([
    ['Inspector2 Scan', 'inspector/scan-initial-complete-ignored.json'],
    ['Inspector2 Coverage', 'inspector/scan-initial-complete-ignored.json'],
  ])('ignores an "%s" event as a notice, not a finding', (detailType, file) => {
    // Prepare
    const event = withChanges(loadEvent(file), (copy) => {
      copy['detail-type'] = detailType;
    });

    // Act
    const result = normalizeEvent(event);

    // Assess
    expect(result.kind).toBe('ignored');
    expect(result.kind === 'ignored' && result.reason).toBe(
      `Inspector "${detailType}" is a scan or coverage notice, not a finding`,
    );
  });

  it('names the path when the finding has no findingArn', () => {
    // Prepare
    const event = withChanges(loadEvent(ACTIVE), (copy) => {
      delete copy.detail.findingArn;
    });

    // Act
    const act = () => normalizeEvent(event);

    // Assess
    expect(act).toThrow(EnvelopeInvalidError);
    expect(act).toThrow(/detail\.findingArn/);
  });
});

/**
 * The two finding detail-types AWS documents for Inspector (issue 11 #8): `Inspector2 Finding` (source
 * `aws.inspector2`) and `OnDemand AMI Scan Findings` (source `inspector2.ami.ondemand`, one event per vulnerability
 * of a machine image scanned on demand; such findings exist only in EventBridge, never in the Inspector console).
 * The envelopes below follow the documented shape with the project's own ids.
 */
describe('both Inspector finding detail-types', () => {
  const ONDEMAND_ARN =
    'arn:aws:inspector2:ap-northeast-1:111111111111:finding/ondemand/4b0d6e2a8c1f4e3a9b5d7c0e2f4a6b8d/9a1c3e5f7b2d4f6a8c0e1a3c5e7f9b2d';
  const onDemandFinding = {
    version: '0',
    id: '6f2a4c8e-1b3d-4f5a-9c7e-0a2b4c6d8e10',
    'detail-type': 'OnDemand AMI Scan Findings',
    source: 'inspector2.ami.ondemand',
    account: '111111111111',
    time: '2026-11-27T02:30:00Z',
    region: 'ap-northeast-1',
    resources: ['ami-0a1b2c3d4e5f60718'],
    detail: {
      findingArn: ONDEMAND_ARN,
      scanId: '4b0d6e2a8c1f4e3a9b5d7c0e2f4a6b8d',
      awsAccountId: '111111111111',
      type: 'PACKAGE_VULNERABILITY',
      title: 'CVE-2024-6387 - openssh',
      description: 'A signal handler race condition was found in OpenSSH server (sshd).',
      severity: 'HIGH',
      status: 'ACTIVE',
      firstObservedAt: '2026-11-27T02:29:00.000Z',
      lastObservedAt: '2026-11-27T02:29:00.000Z',
      updatedAt: '2026-11-27T02:29:30.000Z',
      resources: [
        { type: 'MACHINE_IMAGE', id: 'ami-0a1b2c3d4e5f60718', partition: 'aws', region: 'ap-northeast-1' },
      ],
      inspectorScore: 8.1,
      packageVulnerabilityDetails: {
        vulnerabilityId: 'CVE-2024-6387',
        source: 'NVD',
        vendorSeverity: 'HIGH',
      },
      fixAvailable: 'YES',
      exploitAvailable: 'YES',
    },
  };

  it('reads a finding sent as `Inspector Finding` (the other name the EventBridge reference lists) like `Inspector2 Finding`', () => {
    const renamed = withChanges(loadEvent(ACTIVE), (event) => {
      event['detail-type'] = 'Inspector Finding';
    });

    const { reasons: _a, ...alert } = alertOf(renamed);
    const { reasons: _b, ...original } = alertOf(loadEvent(ACTIVE));

    expect(alert).toEqual(original);
  });

  it('reads an on-demand machine image finding as an Inspector alert', () => {
    // Act
    const alert = alertOf(onDemandFinding);

    // Assess
    expect(alert).toMatchObject({
      fingerprint: `inspector:${ONDEMAND_ARN}`,
      source: 'inspector',
      category: 'security',
      accountId: '111111111111',
      region: 'ap-northeast-1',
      resource: 'ami-0a1b2c3d4e5f60718',
      type: 'PACKAGE_VULNERABILITY',
      title: 'CVE-2024-6387 - openssh',
      severity: 'HIGH',
      status: 'open',
      version: '2026-11-27T02:29:30.000Z',
      flags: [],
    });
    expect(alert.reasons.join(' ')).toContain('on-demand machine image scan');
  });

  it('links an on-demand finding to the image in the EC2 console, where AWS shows it', () => {
    // Act
    const alert = alertOf(onDemandFinding);

    // Assess
    expect(alert.consoleUrl).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/ec2/home?region=ap-northeast-1#ImageDetails:imageId=ami-0a1b2c3d4e5f60718',
    );
  });

  it('resolves an on-demand finding whose status is CLOSED, like a continuous one', () => {
    // Act
    const alert = alertOf(
      withChanges(onDemandFinding, (copy) => {
        copy.detail.status = 'CLOSED';
      }),
    );

    // Assess
    expect(alert.status).toBe('resolved');
  });

  it('still reads a continuous-scan finding (Inspector2 Finding) as before', () => {
    // Act
    const alert = alertOf(loadEvent(ACTIVE));

    // Assess
    expect(alert.fingerprint).toBe(PACKAGE_FINGERPRINT);
    expect(alert.consoleUrl).toContain('/inspector/v2/home');
  });

  it.each([
    ['aws.inspector2', 'Inspector2 OnDemand Scan Complete'],
    ['inspector2.ami.ondemand', 'OnDemand AMI Scan Complete (a type AWS may add)'],
  ])('ignores %s / %s with a reason: a scan notice is not a finding', (source, detailType) => {
    // Prepare
    const event = withChanges(onDemandFinding, (copy) => {
      copy.source = source;
      copy['detail-type'] = detailType;
      copy.detail = { scanId: '4b0d6e2a8c1f4e3a9b5d7c0e2f4a6b8d', scanStatus: 'SUCCESSFUL' };
    });

    // Act
    const result = normalizeEvent(event);

    // Assess
    expect(result).toMatchObject({ kind: 'ignored' });
    if (result.kind === 'ignored') expect(result.reason).toContain('not a finding');
  });
});
