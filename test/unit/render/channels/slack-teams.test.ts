import { describe, expect, it } from 'vitest';
import type { Notification, NotificationCard } from '../../../../shared/ports.js';
import {
  slackEscape,
  slackPayload,
  teamsPayload,
  teamsText,
} from '../../../../shared/render/channels/index.js';
import { aHarness } from '../../../helpers/harness.js';
import { aGuardDutyFinding } from '../../../helpers/story-events.js';
import { allChannelsConfig } from './corpus.js';
import { slackSchema, TEAMS_MESSAGE_MAX_BYTES, teamsSchema } from './platform-schemas.js';

// Issue 14: severity at a glance, escaping, and the platforms' limits kept by cutting, never by failing.

const aPage = async (severity = 9.5): Promise<Notification> => {
  const h = aHarness(allChannelsConfig());
  await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z', { severity }));
  const page = h.notifier.sent().find((n) => n.receiver === 'team-oncall');
  if (page === undefined) throw new Error('no team page');
  return page;
};

/** The page with its card blown up past every limit. */
const huge = (n: Notification): Notification => {
  const card: NotificationCard = {
    ...n.card,
    title: '長'.repeat(1_000),
    text: ['&<>'.repeat(5_000), '説明'.repeat(5_000)],
    facts: Array.from({ length: 120 }, (_, i) => ({ label: `項目${i}`, value: '値&'.repeat(3_000) })),
    nextSteps: Array.from({ length: 40 }, () => '手順'.repeat(1_000)),
    keywords: Array.from({ length: 40 }, () => 'k'.repeat(200)),
    summary: 's'.repeat(5_000),
  };
  return { ...n, card };
};

describe('the Slack message', () => {
  it.each([
    [9.5, '🔴 CRITICAL'],
    [8.0, '🟠 HIGH'],
  ])('shows severity %s at a glance in the header', async (severity, glance) => {
    const header = slackPayload(await aPage(severity)).blocks[0];
    expect(header?.type === 'header' && header.text.text.startsWith(glance)).toBe(true);
  });

  it('escapes &, < and > as Slack asks', () => {
    expect(slackEscape('a & <b> <!channel>')).toBe('a &amp; &lt;b&gt; &lt;!channel&gt;');
  });

  it('cuts to the Block Kit limits, never leaving half an entity', async () => {
    // Act
    const message = slackPayload(huge(await aPage()));

    // Assess
    const parsed = slackSchema.safeParse(message);
    expect(parsed.success, String(parsed.error)).toBe(true);
    const texts = JSON.stringify(message);
    expect(texts).not.toMatch(/&(?:a|am|l|g)?…/);
    expect(texts).toContain('項目40'); // facts past 40 fields are listed as text, not dropped silently
  });
});

describe('the Teams card', () => {
  it.each([
    [9.5, 'Attention'],
    [5.0, 'Warning'],
  ])('colours severity %s as %s', async (severity, color) => {
    // Prepare: a MEDIUM finding is a digest; its card still has the colour of its severity
    const h = aHarness(allChannelsConfig());
    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z', { severity }));
    await h.runUntil('2026-11-27T02:00:00Z');
    const n = h.notifier.sent().find((sent) => sent.receiver === 'team-oncall');

    // Act
    const first = teamsPayload(n!).attachments[0].content.body[0];

    // Assess
    expect(first).toMatchObject({ type: 'TextBlock', color });
  });

  it('writes square brackets full-width, so no markdown link can be formed', () => {
    expect(teamsText('[click](https://evil.example)')).toBe('［click］ (hxxps://evil.example)');
  });

  it('stays under the Teams message size whatever the card holds', async () => {
    // Act
    const message = teamsPayload(huge(await aPage()));

    // Assess
    expect(teamsSchema.safeParse(message).success).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(TEAMS_MESSAGE_MAX_BYTES);
  });
});
