import { loadEvent, withChanges } from './events.js';

/**
 * Variants of the sample GuardDuty finding (`events/guardduty/high-exfiltration-1st.json`, severity 8 on
 * 111111111111) at a given time: each variant is a new delivery with its own envelope id.
 */
export const aGuardDutyFinding = (
  time: string,
  change: { severity?: number; archived?: boolean; count?: number; id?: string; account?: string } = {},
) =>
  withChanges(loadEvent('guardduty/high-exfiltration-1st.json'), (event) => {
    event.id = `gd-${time}-${change.severity ?? 8}-${change.archived ?? false}-${change.id ?? ''}`;
    event.time = time;
    event.detail.updatedAt = time;
    if (change.severity !== undefined) event.detail.severity = change.severity;
    if (change.archived !== undefined) event.detail.service.archived = change.archived;
    if (change.count !== undefined) event.detail.service.count = change.count;
    if (change.id !== undefined) event.detail.id = change.id;
    if (change.account !== undefined) {
      event.account = change.account;
      event.detail.accountId = change.account;
    }
  });

/** The Tokyo EC2 outage as forwarded by one spoke account, at a given update time. */
export const anOutageCopy = (
  account: string,
  time: string,
  change: { closed?: boolean; backup?: boolean } = {},
) =>
  withChanges(loadEvent('health/ec2-tokyo-outage-kyodo-zeimu.json'), (event) => {
    event.id = `health-${account}-${time}-${change.closed ?? false}-${change.backup ?? false}`;
    event.account = account;
    event.time = time;
    event.detail.affectedAccount = account;
    event.detail.lastUpdatedTime = new Date(time).toUTCString();
    if (change.closed) {
      event.detail.statusCode = 'closed';
      event.detail.endTime = new Date(time).toUTCString();
    }
    if (change.backup) {
      event.region = 'ap-northeast-3';
      event.detail.backupEvent = 'true';
    }
  });

export const GUARDDUTY_FINGERPRINT = 'guardduty:111111111111:ap-northeast-1:b6c2f0e4a8d14e7c9f3a5b7d1e9c2a40';
