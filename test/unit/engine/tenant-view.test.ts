import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../shared/ports.js';
import { aConfig } from '../../helpers/config.js';
import { withChanges } from '../../helpers/events.js';
import { aHarness } from '../../helpers/harness.js';
import { anOutageCopy } from '../../helpers/story-events.js';

// DESIGN §1, §7: an AWS Health outage that reaches accounts of two ASPs is one incident (§5), yet each receiver's
// message is rendered from its own accounts only: resources, names, systems and counts of no other tenant.

const ASP_A_ACCOUNT = '111111111111';
const ASP_B_ACCOUNT = '222222222222';
const ASP_A_RESOURCE =
  'arn:aws:elasticloadbalancing:ap-northeast-1:111111111111:loadbalancer/app/juki-alb/50dc6c495c0c9188';
const ASP_B_RESOURCE = 'i-0b4e6d8f0a2c35791';

/** The same Tokyo outage as forwarded by one spoke, naming that account's own resource. */
const copyFrom = (account: string, time: string, resource: string, change: { closed?: boolean } = {}) =>
  withChanges(anOutageCopy(account, time, change), (event) => {
    event.resources = [resource];
    event.detail.affectedEntities = [{ entityValue: resource, status: 'IMPAIRED' }];
  });

const text = (n: Notification) => `${n.subject}\n${n.body}\n${n.short}`;

const sharedOutage = async () => {
  const h = aHarness();
  await h.send(copyFrom(ASP_B_ACCOUNT, '2026-11-27T00:05:00Z', ASP_B_RESOURCE));
  await h.send(copyFrom(ASP_A_ACCOUNT, '2026-11-27T00:10:00Z', ASP_A_RESOURCE));
  await h.send(copyFrom(ASP_A_ACCOUNT, '2026-11-27T00:20:00Z', ASP_A_RESOURCE));
  await h.ack(
    'health:arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_TOKYO_20261127',
  );
  await h.send(copyFrom(ASP_A_ACCOUNT, '2026-11-27T02:30:00Z', ASP_A_RESOURCE, { closed: true }));
  return h;
};

describe('a shared incident shows each receiver only its own part', () => {
  it('never shows ASP B the resources, accounts or systems of ASP A, at trigger or at resolve', async () => {
    const h = await sharedOutage();
    const toB = h.notifier.sent().filter((n) => n.receiver === 'asp-b');

    expect(toB.map((n) => n.kind)).toEqual(['trigger', 'resolve']);
    for (const n of toB) {
      expect(text(n)).toContain(ASP_B_RESOURCE);
      expect(text(n)).not.toContain(ASP_A_RESOURCE);
      expect(text(n)).not.toContain(ASP_A_ACCOUNT);
      expect(text(n)).not.toContain('aoba-juki-prod');
      expect(text(n)).not.toContain('住民記録');
    }
  });

  it('never shows ASP A the resources of ASP B, and counts only its own sightings', async () => {
    const h = await sharedOutage();
    const toA = h.notifier.sent().filter((n) => n.receiver === 'asp-a');

    expect(toA.map((n) => n.kind)).toEqual(['trigger', 'resolve']);
    for (const n of toA) {
      expect(text(n)).toContain(ASP_A_RESOURCE);
      expect(text(n)).not.toContain(ASP_B_RESOURCE);
      expect(text(n)).not.toContain(ASP_B_ACCOUNT);
      expect(text(n)).not.toContain('kyodo-zeimu-prod');
    }
    // ASP A's account forwarded the outage three times (two opens and the close); ASP B's once.
    expect(toA.at(-1)?.body).toMatch(/（3回）/);
    expect(h.notifier.sent().find((n) => n.receiver === 'asp-b' && n.kind === 'resolve')?.body).not.toMatch(
      /回）/,
    );
  });

  it('shows the team every account and resource of the incident', async () => {
    const h = await sharedOutage();
    const resolve = h.notifier.sent().find((n) => n.receiver === 'team-oncall' && n.kind === 'resolve');

    expect(resolve?.body).toContain(ASP_A_RESOURCE);
    expect(resolve?.body).toContain(ASP_B_RESOURCE);
    expect(resolve?.body).toContain('kyodo-zeimu-prod');
    expect(resolve?.body).toContain('aoba-juki-prod');
  });

  it("groups a digest under the receiver's own account, not the account that opened the incident", async () => {
    // A scheduled change does not page: it reaches each ASP in a digest of its own account.
    const h = aHarness(aConfig());
    const scheduled = (account: string, time: string, resource: string) =>
      withChanges(copyFrom(account, time, resource), (event) => {
        event.detail.eventTypeCategory = 'scheduledChange';
        event.detail.eventTypeCode = 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED';
      });
    await h.send(scheduled(ASP_B_ACCOUNT, '2026-11-27T00:05:00Z', ASP_B_RESOURCE));
    await h.send(scheduled(ASP_A_ACCOUNT, '2026-11-27T00:06:00Z', ASP_A_RESOURCE));
    await h.runUntil('2026-11-27T01:00:00Z');

    const digestToA = h.notifier.sent().find((n) => n.receiver === 'asp-a');
    expect(digestToA?.kind).toBe('digest');
    expect(digestToA?.attributes.account).toBe(ASP_A_ACCOUNT);
    expect(text(digestToA as Notification)).toContain(ASP_A_RESOURCE);
    expect(text(digestToA as Notification)).not.toContain(ASP_B_RESOURCE);
    expect(text(digestToA as Notification)).not.toContain('kyodo-zeimu-prod');
  });
});
