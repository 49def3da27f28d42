import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firstResponse } from '../../../shared/first-response/index.js';
import type { Alert } from '../../../shared/model.js';
import { normalizeEvent } from '../../../shared/sources/index.js';
import { AWS_EVENTS_DIR, awsEventsAvailable } from '../../helpers/aws-events.js';

/**
 * Every security alert the samples hold (`events/` and the real AWS events in `../shared/aws-events`) gets steps
 * written for its kind: never the generic list, nor a source's catch-all, where the catalogue can do better.
 */

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SAMPLE_DIRS = [join(REPO_ROOT, 'events'), AWS_EVENTS_DIR] as const;

/** The entries that only say "look at the finding": acceptable for nothing in the samples. */
const CATCH_ALLS = [
  'generic',
  'guardduty:finding',
  'securityhub:finding',
  'securityhub:control',
  'inspector:finding',
];

type Sample = { readonly name: string; readonly alert: Alert };

const jsonFiles = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return jsonFiles(path);
      return entry.endsWith('.json') ? [path] : [];
    });

/** The alerts a file yields; bad JSON, invalid envelopes and ignored events yield none. */
const alertsIn = (path: string): readonly Alert[] => {
  try {
    const result = normalizeEvent(JSON.parse(readFileSync(path, 'utf8')));
    return result.kind === 'alerts' ? result.alerts : [];
  } catch {
    return [];
  }
};

const isSecurityAlert = (alert: Alert): boolean =>
  ['guardduty', 'securityhub', 'inspector', 'signin'].includes(alert.source) ||
  (alert.source === 'health' && alert.health?.risk === true);

/** A Security Hub control check: keyed by control, or a legacy finding id naming a standard's rule. */
const isStandardsCheck = (alert: Alert): boolean =>
  alert.source === 'securityhub' &&
  (alert.fingerprint.startsWith('control:') || alert.fingerprint.includes(':subscription/'));

const samplesIn = (dir: string): Sample[] =>
  jsonFiles(dir).flatMap((path) =>
    alertsIn(path)
      .filter(isSecurityAlert)
      .map((alert, index) => ({ name: `${relative(join(dir, '..'), path)}#${index} ${alert.type}`, alert })),
  );

describe.each(
  SAMPLE_DIRS.filter((dir) => dir !== AWS_EVENTS_DIR || awsEventsAvailable()),
)('security alerts in %s', (dir) => {
  const samples = samplesIn(dir);

  it('has security alerts to check', () => {
    expect(samples.length).toBeGreaterThan(20);
  });

  it.each(samples)('$name has first-response steps written for its kind', ({ alert }) => {
    // Act
    const ja = firstResponse(alert, 'ja');
    const en = firstResponse(alert, 'en');

    // Assess
    expect(CATCH_ALLS).not.toContain(ja.entryId);
    expect(ja.match).not.toBe('generic');
    expect(en.entryId).toBe(ja.entryId);
    expect(ja.steps.length).toBeGreaterThanOrEqual(3);
  });

  it.each(
    samples.filter(({ alert }) => isStandardsCheck(alert)),
  )('$name (a standards check) gets its control or its service', ({ alert }) => {
    expect(firstResponse(alert, 'ja').entryId).toMatch(/^securityhub:(control|service):/);
  });
});

describe('first-response entries for the project samples', () => {
  const byFile = (file: string): readonly Alert[] => alertsIn(join(REPO_ROOT, 'events', file));

  it.each([
    [
      'guardduty/high-exfiltration-1st.json',
      'guardduty:UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    ],
    ['guardduty/critical-attack-sequence.json', 'guardduty:AttackSequence:IAM/CompromisedCredentials'],
    ['guardduty/relayed-by-reporting-account.json', 'guardduty:Backdoor:EC2'],
    ['securityhub/control-s3-8-cis-failed.json', 'securityhub:control:S3.8'],
    ['securityhub/ocsf-v2-control-finding.json', 'securityhub:control:EC2.19'],
    ['securityhub/legacy-workflowstate-archived.json', 'securityhub:control:EC2.6'],
    [
      'securityhub/imported-guardduty-exfiltration.json',
      'guardduty:UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    ],
    ['securityhub/imported-inspector-package-vulnerability.json', 'inspector:PACKAGE_VULNERABILITY:EC2'],
    ['inspector/lambda-code-vulnerability-critical.json', 'inspector:CODE_VULNERABILITY'],
    ['inspector/untriaged-finding.json', 'inspector:PACKAGE_VULNERABILITY:ECR'],
    ['health/risk-credentials-exposed-kyodo-zeimu.json', 'health:AWS_RISK_CREDENTIALS_EXPOSED'],
    ['signin/root-console-login-no-mfa.json', 'root:signin:ConsoleLogin'],
    ['signin/root-api-call-s3-create-bucket.json', 'root:activity'],
  ])('%s → %s', (file, entryId) => {
    // Prepare
    const [alert] = byFile(file);
    if (!alert) throw new Error(`${file} yields no alert`);

    // Act + Assess
    expect(firstResponse(alert, 'ja').entryId).toBe(entryId);
  });
});
