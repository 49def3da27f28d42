import { describe, expect, it } from 'vitest';
import { readEventInputs } from '../../../functions/event-files.js';
import { atLeast } from '../../../shared/model.js';
import type { Notification } from '../../../shared/ports.js';
import { AWS_EVENTS_DIR, awsEventsAvailable } from '../../helpers/aws-events.js';
import { aConfig, exampleConfigObject } from '../../helpers/config.js';
import { EVENTS_DIR } from '../../helpers/events.js';
import { aHarness } from '../../helpers/harness.js';

// DESIGN §13: messages to the team and the ASPs about open security findings of HIGH and above carry first steps
// (初動対応 / First response) in the receiver's language; municipal notices never do.

const SECURITY_SOURCES = new Set(['guardduty', 'securityhub', 'inspector', 'signin']);

/** Every notification each sample event causes on its own, with one ASP reading English. */
const notificationsOf = async (dir: string, language: 'ja' | 'en'): Promise<Notification[]> => {
  const raw = exampleConfigObject();
  const asps = (raw.asps as { id: string }[]).map((asp) => ({ ...asp, language }));
  const config = aConfig({ asps, team: { ...(raw.team as object), language } });
  const sent: Notification[] = [];
  for (const input of readEventInputs([dir])) {
    if (!('event' in input)) continue;
    const h = aHarness(config);
    try {
      await h.send(input.event);
    } catch {
      continue; // malformed or unknown: not this test's concern
    }
    sent.push(...h.notifier.sent());
  }
  return sent;
};

const dirs = [EVENTS_DIR, ...(awsEventsAvailable() ? [AWS_EVENTS_DIR] : [])];

describe.each(dirs)('first-response steps in the messages of %s', (dir) => {
  it.each([
    ['ja', '■ 初動対応'],
    ['en', '■ First response'],
  ] as const)('every %s team or ASP page about an open security alert of HIGH and above carries them', async (language, heading) => {
    const sent = await notificationsOf(dir, language);
    const pages = sent.filter(
      (n) =>
        n.audience !== 'municipality' &&
        n.kind !== 'resolve' &&
        n.kind !== 'digest' &&
        SECURITY_SOURCES.has(n.attributes.source ?? '') &&
        atLeast(n.severity, 'HIGH'),
    );

    expect(pages.length).toBeGreaterThan(dir === EVENTS_DIR ? 10 : 3);
    for (const n of pages) {
      expect(n.body, `${n.receiver} ${n.subject}`).toContain(heading);
      expect(n.body).toMatch(/\n1\. .+\n2\. .+\n3\. /);
    }
    for (const n of sent.filter((n) => n.audience === 'municipality' || n.kind === 'resolve')) {
      expect(n.body).not.toContain(heading);
    }
  });
});
