/**
 * Dedup keys (DESIGN §5). They live together because sources share them: a GuardDuty or Inspector finding
 * seen through Security Hub must land on the key of its native event.
 */

/** `guardduty:{account}:{region}:{finding id}`; the id is the last segment of a finding ARN when given one. */
const guardduty = (account: string, region: string, findingIdOrArn: string): string =>
  `guardduty:${account}:${region}:${lastSegment(findingIdOrArn, '/finding/')}`;

const securityhub = (productArn: string, id: string): string => `securityhub:${productArn}:${id}`;

/** The same control failing under several standards is one incident. */
const control = (account: string, region: string, controlId: string, resource: string): string =>
  `control:${account}:${region}:${controlId}:${resource}`;

const health = (eventArn: string): string => `health:${eventArn}`;

const inspector = (findingArn: string): string => `inspector:${findingArn}`;

const config = (
  account: string,
  region: string,
  rule: string,
  resourceType: string,
  resourceId: string,
): string => `config:${account}:${region}:${rule}:${resourceType}:${resourceId}`;

const cloudwatch = (alarmArn: string): string => `cloudwatch:${alarmArn}`;

/**
 * Root activity has no finding id: the source names what one incident stands for (a sign-in by its CloudTrail
 * event id, API calls by their root session; see `shared/sources/signin.ts`).
 */
const signin = (account: string, key: string): string => `signin:${account}:${key}`;

/**
 * An alert whose claim the trust check refused (§7) is kept on its sender under its own key, so that it can never
 * update, resolve or fold into the incident of the account it claimed.
 */
const refused = (sender: string, fingerprint: string): string => `refused:${sender}:${fingerprint}`;

const lastSegment = (value: string, marker: string): string => {
  const at = value.lastIndexOf(marker);
  return at === -1 ? value : value.slice(at + marker.length);
};

export const fingerprints = {
  guardduty,
  securityhub,
  control,
  health,
  inspector,
  config,
  cloudwatch,
  signin,
  refused,
};
