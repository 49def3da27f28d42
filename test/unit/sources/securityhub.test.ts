import { describe, expect, it } from 'vitest';
import { explainEvent } from '../../../shared/pipeline/explain.js';
import { normalizeEvent } from '../../../shared/sources/index.js';
import { normalizedSeverity } from '../../../shared/sources/securityhub.js';
import { aConfig } from '../../helpers/config.js';
import { type EventCopy, loadEvent, withChanges } from '../../helpers/events.js';
import { aHarness } from '../../helpers/harness.js';
import { alertOf, alertsOf, invalidIssues } from '../../helpers/normalized.js';

const GUARDDUTY_IMPORT = 'securityhub/imported-guardduty-exfiltration.json';
const INSPECTOR_IMPORT = 'securityhub/imported-inspector-package-vulnerability.json';
const FSBP_CONTROL = 'securityhub/control-s3-8-fsbp-failed.json';
const CIS_CONTROL = 'securityhub/control-s3-8-cis-failed.json';
const NORMALIZED_ONLY = 'securityhub/normalized-only-string.json';
const CUSTOM_ACTION = 'securityhub/custom-action-two-findings.json';
const LEGACY = 'securityhub/legacy-workflowstate-archived.json';
const UNKNOWN_LABEL = 'securityhub/unknown-severity-label.json';
const OCSF_GUARDDUTY = 'securityhub/ocsf-v2-guardduty-detection.json';
const OCSF_CONTROL = 'securityhub/ocsf-v2-control-finding.json';

/** The sample with its first finding changed. */
const withFinding = (file: string, change: (finding: EventCopy) => void): unknown =>
  withChanges(loadEvent(file), (copy) => change(copy.detail.findings[0]));

describe('Security Hub event types', () => {
  it.each([
    [GUARDDUTY_IMPORT, 'Security Hub Findings - Imported'],
    [CUSTOM_ACTION, 'Security Hub Findings - Custom Action'],
    [OCSF_CONTROL, 'Findings Imported V2'],
  ])('reads %s (%s) as findings', (file) => {
    // Act
    const list = alertsOf(loadEvent(file));

    // Assess
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((alert) => alert.source === 'securityhub')).toBe(true);
  });

  it('ignores Insight Results and names the detail-type', () => {
    // Act
    const result = normalizeEvent(loadEvent('securityhub/insight-results-ignored.json'));

    // Assess
    expect(result).toMatchObject({ kind: 'ignored' });
    expect(result.kind === 'ignored' && result.reason).toContain('Security Hub Insight Results');
  });

  it('says so when an Imported event carries no findings', () => {
    // Prepare
    const event = withChanges(loadEvent(FSBP_CONTROL), (copy) => {
      copy.detail.findings = [];
    });

    // Act
    const result = normalizeEvent(event);

    // Assess
    expect(result).toMatchObject({ kind: 'ignored', reason: 'the event carries no findings' });
  });
});

describe('Security Hub Normalized severity bands', () => {
  it.each([
    [0, 'INFORMATIONAL'],
    [1, 'LOW'],
    [39, 'LOW'],
    [40, 'MEDIUM'],
    [69, 'MEDIUM'],
    [70, 'HIGH'],
    [89, 'HIGH'],
    [90, 'CRITICAL'],
    [100, 'CRITICAL'],
  ])('maps %s to %s', (score, expected) => {
    expect(normalizedSeverity(score)).toBe(expected);
  });
});

describe('Security Hub (ASFF) severity', () => {
  it('takes Severity.Label over a Normalized score that disagrees', () => {
    // Prepare
    const event = withFinding(FSBP_CONTROL, (finding) => {
      finding.Severity = { Label: 'LOW', Normalized: 95, Product: 95 };
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.severity).toBe('LOW');
    expect(alert.reasons[0]).toBe('Severity.Label LOW → LOW');
  });

  it('reads the label in any case', () => {
    // Prepare
    const event = withFinding(FSBP_CONTROL, (finding) => {
      finding.Severity.Label = 'critical';
    });

    // Act + Assess
    expect(alertOf(event).severity).toBe('CRITICAL');
  });

  it('falls back to Severity.Normalized given as a string when there is no label', () => {
    // Act
    const alert = alertOf(loadEvent(NORMALIZED_ONLY));

    // Assess
    expect(alert.severity).toBe('HIGH');
    expect(alert.reasons[0]).toBe('no Severity.Label; Severity.Normalized 70 → HIGH');
    // A custom product of account 222222222222.
    expect(alert.flags).toEqual(['third-party-product']);
  });

  it.each([
    ['Security Hub', FSBP_CONTROL, '70', 'HIGH', /Security Hub's 0–100 scale/],
    ['GuardDuty', GUARDDUTY_IMPORT, 8, 'HIGH', /GuardDuty's 1–10 scale/],
    ['GuardDuty', GUARDDUTY_IMPORT, '9.5', 'CRITICAL', /GuardDuty's 1–10 scale/],
  ])('falls back to Severity.Product on %s scale (%s: %s → %s)', (_product, file, product, expected, why) => {
    // Prepare
    const event = withFinding(file, (finding) => {
      finding.Severity = { Product: product };
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.severity).toBe(expected);
    expect(alert.reasons[0]).toMatch(why);
  });

  it('does not read Severity.Product of a product whose scale it does not know', () => {
    // Prepare
    const event = withFinding(NORMALIZED_ONLY, (finding) => {
      finding.Severity = { Product: '8' };
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.severity).toBe('MEDIUM');
    expect(alert.flags).toEqual(['unrecognized', 'third-party-product']);
    expect(alert.reasons[0]).toMatch(/Severity.Product 8 is on .*own scale, not used/);
  });

  it('falls back to ProductFields["aws/securityhub/SeverityLabel"] when there is no score', () => {
    // Prepare
    const event = withFinding(LEGACY, (finding) => {
      finding.Severity = {};
      finding.ProductFields['aws/securityhub/SeverityLabel'] = 'HIGH';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.severity).toBe('HIGH');
    expect(alert.reasons[0]).toBe('ProductFields["aws/securityhub/SeverityLabel"] HIGH → HIGH');
  });

  it('skips a Normalized score outside 0–100 and says so', () => {
    // Prepare
    const event = withFinding(LEGACY, (finding) => {
      finding.Severity = { Normalized: 250 };
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.severity).toBe('MEDIUM');
    expect(alert.reasons).toContain('Severity.Normalized 250 is outside 0–100, not used');
  });

  it('gives an unknown label to the team as MEDIUM, flagged unrecognized, with the value in the reasons', () => {
    // Act
    const alert = alertOf(loadEvent(UNKNOWN_LABEL));

    // Assess
    expect(alert.severity).toBe('MEDIUM');
    expect(alert.flags).toEqual(['unrecognized', 'third-party-product']);
    expect(alert.reasons[0]).toContain('"SEVERE"');
  });

  it('treats a finding with no severity at all as MEDIUM, unrecognized', () => {
    // Prepare
    const event = withFinding(NORMALIZED_ONLY, (finding) => {
      delete finding.Severity;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert).toMatchObject({ severity: 'MEDIUM', flags: ['unrecognized', 'third-party-product'] });
  });

  it('names the path when Normalized is not a number', () => {
    // Prepare
    const event = withFinding(NORMALIZED_ONLY, (finding) => {
      finding.Severity.Normalized = 'very high';
    });

    // Act
    const issues = invalidIssues(event);

    // Assess
    expect(issues.map((issue) => issue.path)).toContain('detail.findings[0].Severity.Normalized');
  });
});

describe('Security Hub (ASFF) status', () => {
  it.each([
    ['Workflow.Status RESOLVED', { Workflow: { Status: 'RESOLVED' } }, 'resolved'],
    ['Workflow.Status suppressed (any case)', { Workflow: { Status: 'suppressed' } }, 'resolved'],
    ['Workflow.Status NOTIFIED', { Workflow: { Status: 'NOTIFIED' } }, 'open'],
    [
      'legacy WorkflowState RESOLVED, no Workflow',
      { Workflow: undefined, WorkflowState: 'RESOLVED' },
      'resolved',
    ],
    [
      'legacy WorkflowState RESOLVED, Workflow.Status NEW wins',
      { Workflow: { Status: 'NEW' }, WorkflowState: 'RESOLVED' },
      'open',
    ],
    ['RecordState ARCHIVED', { RecordState: 'ARCHIVED' }, 'resolved'],
    ['Compliance.Status PASSED', { Compliance: { Status: 'PASSED', SecurityControlId: 'S3.8' } }, 'resolved'],
    ['Compliance.Status WARNING', { Compliance: { Status: 'WARNING', SecurityControlId: 'S3.8' } }, 'open'],
  ])('reads %s as %s', (_case, fields, expected) => {
    // Prepare
    const event = withFinding(FSBP_CONTROL, (finding) => {
      Object.assign(finding, fields);
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.status).toBe(expected);
  });

  it('resolves the legacy finding that has only WorkflowState and an ARCHIVED record', () => {
    // Act
    const alert = alertOf(loadEvent(LEGACY));

    // Assess
    expect(alert).toMatchObject({ status: 'resolved', severity: 'MEDIUM', category: 'compliance' });
    expect(alert.reasons).toContain('RecordState ARCHIVED → resolved');
  });

  it('reads the legacy WorkflowState when there is no Workflow object', () => {
    // Prepare
    const event = withFinding(LEGACY, (finding) => {
      finding.RecordState = 'ACTIVE';
      finding.WorkflowState = 'RESOLVED';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.status).toBe('resolved');
    expect(alert.reasons).toContain('WorkflowState RESOLVED (legacy field, no Workflow.Status) → resolved');
  });
});

describe('Security Hub batched findings', () => {
  it('makes one alert per finding of a custom action, each flagged custom-action', () => {
    // Act
    const [critical, informational] = alertsOf(loadEvent(CUSTOM_ACTION));

    // Assess
    expect(critical).toMatchObject({ severity: 'CRITICAL', status: 'open', flags: ['custom-action'] });
    expect(informational).toMatchObject({
      severity: 'INFORMATIONAL',
      status: 'resolved',
      flags: ['custom-action'],
    });
  });

  it('keeps each finding its own account and fingerprint, and the envelope account as sender', () => {
    // Act
    const list = alertsOf(loadEvent(CUSTOM_ACTION));

    // Assess
    expect(list.map((alert) => [alert.accountId, alert.envelopeAccount])).toEqual([
      ['222222222222', '444444444444'],
      ['222222222222', '444444444444'],
    ]);
    expect(new Set(list.map((alert) => alert.fingerprint)).size).toBe(2);
  });

  it('names the custom action in the reasons', () => {
    // Act
    const [first] = alertsOf(loadEvent(CUSTOM_ACTION));

    // Assess
    expect(first?.reasons.join(' ')).toContain('"NotifyTeam"');
  });

  it('does not flag custom-action on an Imported event', () => {
    // Act
    const alert = alertOf(loadEvent(FSBP_CONTROL));

    // Assess
    expect(alert.flags).not.toContain('custom-action');
  });

  it('reads every finding of an Imported event that carries several', () => {
    // Prepare
    const event = withChanges(loadEvent(FSBP_CONTROL), (copy) => {
      const cis = (loadEvent(CIS_CONTROL) as EventCopy).detail.findings[0];
      copy.detail.findings.push(cis);
    });

    // Act
    const list = alertsOf(event);

    // Assess
    expect(list).toHaveLength(2);
  });
});

describe('Security Hub fingerprints', () => {
  it('gives a GuardDuty finding imported by Security Hub the native GuardDuty fingerprint', () => {
    // Prepare
    const native = alertOf(loadEvent('guardduty/high-exfiltration-1st.json'));

    // Act
    const imported = alertOf(loadEvent(GUARDDUTY_IMPORT));

    // Assess
    expect(imported.fingerprint).toBe(native.fingerprint);
    expect(imported).toMatchObject({ source: 'securityhub', category: 'security', severity: 'HIGH' });
  });

  it('gives an Inspector finding imported by Security Hub the native Inspector fingerprint', () => {
    // Prepare
    const native = alertOf(loadEvent('inspector/package-vulnerability-high-active.json'));

    // Act
    const imported = alertOf(loadEvent(INSPECTOR_IMPORT));

    // Assess
    expect(imported.fingerprint).toBe(native.fingerprint);
    expect(imported.source).toBe('securityhub');
  });

  it('gives the same control on the same resource under two standards one fingerprint', () => {
    // Act
    const fsbp = alertOf(loadEvent(FSBP_CONTROL));
    const cis = alertOf(loadEvent(CIS_CONTROL));

    // Assess
    expect(fsbp.fingerprint).toBe(
      'control:111111111111:ap-northeast-1:S3.8:arn:aws:s3:::aoba-juki-export-111111111111',
    );
    expect(cis.fingerprint).toBe(fsbp.fingerprint);
    expect([fsbp.category, cis.category]).toEqual(['compliance', 'compliance']);
  });

  it('reads the control id of an older FSBP finding from ProductFields.ControlId', () => {
    // Prepare
    const event = withFinding(FSBP_CONTROL, (finding) => {
      delete finding.Compliance.SecurityControlId;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.fingerprint).toBe(alertOf(loadEvent(FSBP_CONTROL)).fingerprint);
  });

  it('does not key on a CIS rule number, which means a different check in each CIS version', () => {
    // Prepare
    const event = withFinding(CIS_CONTROL, (finding) => {
      delete finding.Compliance.SecurityControlId;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.fingerprint).toMatch(
      /^securityhub:arn:aws:securityhub:ap-northeast-1::product\/aws\/securityhub:/,
    );
    expect(alert.category).toBe('compliance');
  });

  it('keys any other finding by product and finding id', () => {
    // Act
    const alert = alertOf(loadEvent(NORMALIZED_ONLY));

    // Assess
    expect(alert.fingerprint).toBe(
      'securityhub:arn:aws:securityhub:ap-northeast-1:222222222222:product/222222222222/default:zeimu-config-audit/2026-11-27/sg-0a1b2c3d4e5f60718/ssh-open',
    );
    expect(alert.category).toBe('security');
  });
});

describe('Security Hub (ASFF) fields', () => {
  it('takes the account, region, resource, type, title and version from the finding', () => {
    // Act
    const alert = alertOf(loadEvent(FSBP_CONTROL));

    // Assess
    expect(alert).toMatchObject({
      accountId: '111111111111',
      envelopeAccount: '111111111111',
      region: 'ap-northeast-1',
      resource: 'arn:aws:s3:::aoba-juki-export-111111111111',
      type: 'Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices',
      title: 'S3.8 S3 general purpose buckets should block public access',
      version: '2026-11-27T05:08:31.250Z',
      time: '2026-11-27T05:10:00.000Z',
      eventId: '2e4a6c8e-0a2c-4e4a-8c6e-0a2c4e6a8c13',
    });
    expect(alert.consoleUrl).toMatch(/^https:\/\/ap-northeast-1\.console\.aws\.amazon\.com\/securityhub\//);
  });

  it('uses the envelope region when the finding has none', () => {
    // Prepare
    const event = withChanges(loadEvent(FSBP_CONTROL), (copy) => {
      copy.region = 'ap-northeast-3';
      delete copy.detail.findings[0].Region;
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.region).toBe('ap-northeast-3');
  });

  it('uses GeneratorId as the type when the finding has no Types', () => {
    // Prepare
    const event = withFinding(NORMALIZED_ONLY, (finding) => {
      finding.Types = [];
    });

    // Act + Assess
    expect(alertOf(event).type).toBe('zeimu-config-audit');
  });

  it.each([
    ['Id', 'detail.findings[0].Id'],
    ['ProductArn', 'detail.findings[0].ProductArn'],
    ['AwsAccountId', 'detail.findings[0].AwsAccountId'],
  ])('names the path when a finding has no %s', (field, path) => {
    // Prepare
    const event = withFinding(FSBP_CONTROL, (finding) => {
      delete finding[field];
    });

    // Act
    const issues = invalidIssues(event);

    // Assess
    expect(issues.map((issue) => issue.path)).toContain(path);
  });

  it('names detail.findings when the event has none', () => {
    // Prepare
    const event = withChanges(loadEvent(FSBP_CONTROL), (copy) => {
      delete copy.detail.findings;
    });

    // Act
    const issues = invalidIssues(event);

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(['detail.findings']);
  });
});

describe('Security Hub OCSF (Findings Imported V2)', () => {
  it('reads a GuardDuty detection with the native GuardDuty fingerprint', () => {
    // Act
    const alert = alertOf(loadEvent(OCSF_GUARDDUTY));

    // Assess
    expect(alert).toMatchObject({
      fingerprint: 'guardduty:222222222222:ap-northeast-3:8f0b2d4f6a8c4e0b2d4f6a8c0e2b4d19',
      source: 'securityhub',
      category: 'security',
      accountId: '222222222222',
      region: 'ap-northeast-3',
      resource: 'i-0d1e2f3a4b5c6d7e8',
      type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
      severity: 'HIGH',
      status: 'open',
      version: '2026-11-27T05:48:12.000Z',
    });
  });

  it('reads a control finding with the control fingerprint, as compliance', () => {
    // Act
    const alert = alertOf(loadEvent(OCSF_CONTROL));

    // Assess
    expect(alert).toMatchObject({
      fingerprint:
        'control:111111111111:ap-northeast-1:EC2.19:arn:aws:ec2:ap-northeast-1:111111111111:security-group/sg-0e1f2a3b4c5d6e7f8',
      category: 'compliance',
      severity: 'CRITICAL',
      status: 'open',
    });
  });

  it.each([
    [{ severity: 'Medium', severity_id: 3 }, 'MEDIUM', false],
    [{ severity: 'LOW', severity_id: 9 }, 'LOW', false],
    [{ severity: 'Fatal', severity_id: 6 }, 'CRITICAL', false],
    [{ severity: undefined, severity_id: 2 }, 'LOW', false],
    [{ severity: 'Other', severity_id: 5 }, 'CRITICAL', false],
    [{ severity: 'Unknown', severity_id: 0 }, 'MEDIUM', true],
    [{ severity: 'Severe', severity_id: 99 }, 'MEDIUM', true],
    [{ severity: undefined, severity_id: undefined }, 'MEDIUM', true],
  ])('reads %o as %s (unrecognized: %s)', (fields, expected, unrecognized) => {
    // Prepare
    const event = withFinding(OCSF_CONTROL, (finding) => {
      Object.assign(finding, fields);
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.severity).toBe(expected);
    expect(alert.flags.includes('unrecognized')).toBe(unrecognized);
  });

  it.each([
    ['status Resolved', { status: 'Resolved', status_id: 4 }, 'resolved'],
    ['status Suppressed', { status: 'Suppressed', status_id: 3 }, 'resolved'],
    ['status_id 4 alone', { status: undefined, status_id: 4 }, 'resolved'],
    ['activity Close', { activity_id: 3, activity_name: 'Close' }, 'resolved'],
    ['status In Progress', { status: 'In Progress', status_id: 2 }, 'open'],
    ['compliance Pass', { compliance: { control: 'EC2.19', status: 'Pass', status_id: 1 } }, 'resolved'],
  ])('reads %s as %s', (_case, fields, expected) => {
    // Prepare
    const event = withFinding(OCSF_CONTROL, (finding) => {
      Object.assign(finding, fields);
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.status).toBe(expected);
  });

  it('keys a finding of another product by product uid and finding uid', () => {
    // Prepare
    const event = withFinding(OCSF_CONTROL, (finding) => {
      delete finding.compliance;
      finding.class_uid = 2004;
      finding.metadata.product.uid = 'arn:aws:securityhub:ap-northeast-1::productv2/aws/macie';
    });

    // Act
    const alert = alertOf(event);

    // Assess
    expect(alert.fingerprint).toBe(
      'securityhub:arn:aws:securityhub:ap-northeast-1::productv2/aws/macie:arn:aws:securityhub:ap-northeast-1:111111111111:security-control/EC2.19/finding/4d6f8b0d-2f4b-4d6f-8b0d-2f4b6d8f0b19',
    );
    expect(alert.category).toBe('security');
  });

  it('names the path when a finding has no cloud account', () => {
    // Prepare
    const event = withFinding(OCSF_GUARDDUTY, (finding) => {
      delete finding.cloud.account.uid;
    });

    // Act
    const issues = invalidIssues(event);

    // Assess
    expect(issues.map((issue) => issue.path)).toContain('detail.findings[0].cloud.account.uid');
  });
});

/**
 * Issue 18 #7: a finding imported into Security Hub by the account itself (a custom integration) or by a partner
 * product arrives exactly like an AWS finding, and a custom integration may even set `CompanyName: AWS`. Only the
 * product ARN says who produced it: `…::product/aws/<service>` is AWS's; anything else is shown with its producer
 * and flagged `third-party-product`.
 */
describe('Security Hub findings produced by something other than AWS', () => {
  const OWN_PRODUCT = 'arn:aws:securityhub:ap-northeast-1:111111111111:product/111111111111/default';
  /** The account imports a finding of its own that pretends to be GuardDuty's. */
  const selfImported = withFinding(FSBP_CONTROL, (finding) => {
    finding.ProductArn = OWN_PRODUCT;
    finding.CompanyName = 'AWS';
    finding.ProductName = 'GuardDuty';
    finding.ProductFields = {
      'aws/securityhub/CompanyName': 'AWS',
      'aws/securityhub/ProductName': 'GuardDuty',
    };
    finding.GeneratorId = 'guardduty';
    finding.Title = 'UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B';
    delete finding.Compliance;
  });

  it('flags a finding the account imported itself, whatever CompanyName it claims, and names its product', () => {
    // Act
    const alert = alertOf(selfImported);

    // Assess
    expect(alert.flags).toContain('third-party-product');
    expect(alert.title).toBe('[custom: AWS GuardDuty] UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B');
    expect(alert.reasons.join(' ')).toContain('a custom integration of account 111111111111');
    expect(alert.reasons.join(' ')).toContain(`not an AWS product (ProductArn ${OWN_PRODUCT})`);
    // Never the key of the GuardDuty finding it claims to be: it cannot fold into or resolve a real one.
    expect(alert.fingerprint.startsWith(`securityhub:${OWN_PRODUCT}:`)).toBe(true);
  });

  it('takes no product ARN with an account in it for an AWS one, whatever its path says', () => {
    // Act
    const alert = alertOf(
      withFinding(GUARDDUTY_IMPORT, (finding) => {
        finding.ProductArn = 'arn:aws:securityhub:ap-northeast-1:111111111111:product/aws/guardduty';
      }),
    );

    // Assess
    expect(alert.flags).toContain('third-party-product');
    expect(alert.fingerprint).toMatch(/^securityhub:/);
  });

  it('flags a partner product and puts its company and product in front of the title', () => {
    // Act
    const alert = alertOf(loadEvent(UNKNOWN_LABEL));

    // Assess
    expect(alert.flags).toContain('third-party-product');
    expect(alert.title).toMatch(/^\[Example Vendor Example Scanner\] /);
  });

  it('falls back on the product ARN when the finding names no company or product', () => {
    // Act
    const alert = alertOf(
      withFinding(UNKNOWN_LABEL, (finding) => {
        delete finding.CompanyName;
        delete finding.ProductName;
        delete finding.ProductFields;
      }),
    );

    // Assess
    expect(alert.title).toMatch(/^\[example-vendor\/example-scanner\] /);
  });

  it.each([
    ['a Security Hub control', FSBP_CONTROL],
    ['a GuardDuty finding imported by Security Hub', GUARDDUTY_IMPORT],
    ['an Inspector finding imported by Security Hub', INSPECTOR_IMPORT],
    ['an OCSF GuardDuty finding', OCSF_GUARDDUTY],
  ])('leaves an AWS product alone: %s', (_name, file) => {
    // Act
    const alerts = alertsOf(loadEvent(file));

    // Assess
    for (const alert of alerts) {
      expect(alert.flags).not.toContain('third-party-product');
      expect(alert.title).not.toMatch(/^\[/);
    }
  });

  it('flags an OCSF finding whose product is not AWS', () => {
    // Act
    const alert = alertOf(
      withChanges(loadEvent(OCSF_GUARDDUTY), (copy) => {
        copy.detail.findings[0].metadata.product = {
          name: 'Example Scanner',
          vendor_name: 'Example Vendor',
          uid: 'arn:aws:securityhub:ap-northeast-3::productv2/example-vendor/example-scanner',
        };
      }),
    );

    // Assess
    expect(alert.flags).toContain('third-party-product');
    expect(alert.title).toMatch(/^\[Example Vendor Example Scanner\] /);
  });

  it('shows the flag and the reason in explain', () => {
    // Act
    const [explained] = explainEvent(selfImported, aConfig());

    // Assess
    expect(explained?.kind).toBe('alert');
    if (explained?.kind !== 'alert') return;
    expect(explained.flags).toContain('third-party-product');
    expect(explained.reasons.join('\n')).toMatch(/securityhub: produced by .*not an AWS product/);
  });

  it('tells the reader of the message that AWS did not produce the finding', async () => {
    // Prepare
    const h = aHarness();

    // Act
    await h.send(
      withChanges(selfImported, (copy) => {
        copy.detail.findings[0].Severity = { Label: 'HIGH' };
      }),
    );

    // Assess
    const sent = h.notifier.sent();
    expect(sent.length).toBeGreaterThan(0);
    for (const n of sent) {
      expect(n.subject).toContain('Security Hub [custom: AWS GuardDuty] UnauthorizedAccess');
      expect(n.body).toMatch(n.language === 'en' ? /Producer: not AWS/ : /発行元: AWS 以外/);
    }
  });
});
