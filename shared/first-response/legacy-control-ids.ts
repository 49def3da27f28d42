/**
 * Security Hub findings made before consolidated control findings carry no `SecurityControlId`: their id names the
 * standard, its version and the standard's own rule (`…:subscription/cis-aws-foundations-benchmark/v/1.2.0/2.3/
 * finding/…`), and the router keys them by product and finding id. This maps such a rule to the security control id
 * the catalogue knows, from the "related requirements" column of the Security Hub controls reference.
 */

const CIS_1_2_0: Readonly<Record<string, string>> = {
  '1.1': 'IAM.20',
  '1.2': 'IAM.5',
  '1.3': 'IAM.8',
  '1.4': 'IAM.3',
  '1.5': 'IAM.11',
  '1.6': 'IAM.12',
  '1.7': 'IAM.13',
  '1.8': 'IAM.14',
  '1.9': 'IAM.15',
  '1.10': 'IAM.16',
  '1.11': 'IAM.17',
  '1.12': 'IAM.4',
  '1.13': 'IAM.9',
  '1.14': 'IAM.6',
  '1.16': 'IAM.2',
  '1.20': 'IAM.18',
  '1.22': 'IAM.1',
  '2.1': 'CloudTrail.1',
  '2.2': 'CloudTrail.4',
  '2.3': 'CloudTrail.6',
  '2.4': 'CloudTrail.5',
  '2.5': 'Config.1',
  '2.6': 'CloudTrail.7',
  '2.7': 'CloudTrail.2',
  '2.8': 'KMS.4',
  '2.9': 'EC2.6',
  '3.1': 'CloudWatch.2',
  '3.2': 'CloudWatch.3',
  '3.3': 'CloudWatch.1',
  '3.4': 'CloudWatch.4',
  '3.5': 'CloudWatch.5',
  '3.6': 'CloudWatch.6',
  '3.7': 'CloudWatch.7',
  '3.8': 'CloudWatch.8',
  '3.9': 'CloudWatch.9',
  '3.10': 'CloudWatch.10',
  '3.11': 'CloudWatch.11',
  '3.12': 'CloudWatch.12',
  '3.13': 'CloudWatch.13',
  '3.14': 'CloudWatch.14',
  '4.1': 'EC2.13',
  '4.2': 'EC2.14',
  '4.3': 'EC2.2',
};

const CIS_1_4_0: Readonly<Record<string, string>> = {
  '1.4': 'IAM.4',
  '1.5': 'IAM.9',
  '1.6': 'IAM.6',
  '1.7': 'CloudWatch.1',
  '1.8': 'IAM.15',
  '1.9': 'IAM.16',
  '1.10': 'IAM.5',
  '1.12': 'IAM.22',
  '1.14': 'IAM.3',
  '1.16': 'IAM.1',
  '1.17': 'IAM.18',
  '2.1.1': 'S3.4',
  '2.1.2': 'S3.5',
  // 2.1.5 is both S3.1 (the account setting) and S3.8 (a bucket's): the resource tells them apart.
  '2.1.5': 'S3.8',
  '2.2.1': 'EC2.7',
  '2.3.1': 'RDS.3',
  '3.1': 'CloudTrail.1',
  '3.2': 'CloudTrail.4',
  '3.3': 'CloudTrail.6',
  '3.4': 'CloudTrail.5',
  '3.5': 'Config.1',
  '3.6': 'CloudTrail.7',
  '3.7': 'CloudTrail.2',
  '3.8': 'KMS.4',
  '3.9': 'EC2.6',
  '4.3': 'CloudWatch.1',
  '4.4': 'CloudWatch.4',
  '4.5': 'CloudWatch.5',
  '4.6': 'CloudWatch.6',
  '4.7': 'CloudWatch.7',
  '4.8': 'CloudWatch.8',
  '4.9': 'CloudWatch.9',
  '4.10': 'CloudWatch.10',
  '4.11': 'CloudWatch.11',
  '4.12': 'CloudWatch.12',
  '4.13': 'CloudWatch.13',
  '4.14': 'CloudWatch.14',
  '5.1': 'EC2.21',
  '5.3': 'EC2.2',
};

const CIS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '1.2.0': CIS_1_2_0,
  '1.4.0': CIS_1_4_0,
};

/** `…:subscription/{standard}/v/{version}/{rule}/finding/…` inside a standards finding id (an ARN). */
const STANDARD_RULE = /[:/]subscription\/([a-z0-9-]+)\/v\/(\d+(?:\.\d+)*)\/([^/]+)\/finding\//;

const SECURITY_CONTROL_ID = /^[A-Za-z][A-Za-z0-9]*\.\d+$/;

const ACCOUNT_RESOURCE = 'AWS::::Account';

/**
 * The security control id behind a standard-specific finding id, or `undefined` when the text names no standard
 * rule we know. FSBP rules already are security control ids; CIS rules go through the tables above.
 */
export const legacyControlId = (text: string, resource: string): string | undefined => {
  const match = STANDARD_RULE.exec(text);
  if (!match) return undefined;
  const [, standard, version, rule] = match as unknown as [string, string, string, string];
  if (standard === 'aws-foundational-security-best-practices') {
    return SECURITY_CONTROL_ID.test(rule) ? rule : undefined;
  }
  if (standard !== 'cis-aws-foundations-benchmark') return undefined;
  const control = CIS[version]?.[rule];
  if (control === 'S3.8' && resource.startsWith(ACCOUNT_RESOURCE)) return 'S3.1';
  return control;
};
