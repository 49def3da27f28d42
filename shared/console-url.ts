/**
 * The shape of a region code (`ap-northeast-1`, `us-gov-west-1`): only such a code becomes part of the host
 * name. Anything else (`global`, or text an event made up) gets the console's global address, which opens
 * the account's default region: an event can never choose the host a link points to.
 */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * Links into the AWS console of the account the alert is about. They open only for someone signed in to that
 * account, so they carry no secret; every value from an event is URI-encoded (an event cannot inject a link).
 */
export const consoleUrl = (region: string, service: string, fragment: string): string => {
  const home = AWS_REGION.test(region)
    ? `https://${region}.console.aws.amazon.com/${service}/home?region=${region}`
    : `https://console.aws.amazon.com/${service}/home`;
  return within(`${home}#${fragment}`, home);
};

export const healthDashboardUrl = (eventArn: string): string =>
  within(
    `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(eventArn)}`,
    'https://health.aws.amazon.com/health/home#/account/event-log',
  );

/** Longer links break in mail clients and bloat messages: such a link (a huge id) points to the page above. */
const URL_MAX = 2_048;

const within = (url: string, fallback: string): string => (url.length <= URL_MAX ? url : fallback);
