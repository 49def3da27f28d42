/**
 * Links into the AWS console of the account the alert is about. They open only for someone signed in to that
 * account, so they carry no secret; every value from an event is URI-encoded (an event cannot inject a link).
 */
export const consoleUrl = (region: string, service: string, fragment: string): string => {
  const r = encodeURIComponent(region);
  return `https://${r}.console.aws.amazon.com/${service}/home?region=${r}#${fragment}`;
};

export const healthDashboardUrl = (eventArn: string): string =>
  `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(eventArn)}`;
