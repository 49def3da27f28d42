import { describe, expect, it } from 'vitest';
import type { ReceiverChannel } from '../../../../shared/config/channels.js';
import { chatbotPayload, snsMessage, snsSubject } from '../../../../shared/render/channels/index.js';
import { aHarness } from '../../../helpers/harness.js';
import { aGuardDutyFinding } from '../../../helpers/story-events.js';
import { allChannelsConfig } from './corpus.js';
import { chatbotSchema } from './platform-schemas.js';

// Issue 14: email, SMS and Amazon Q ride one SNS publish to the receiver's topic; Amazon Q reads the `https` key.

const pagesOf = async () => {
  const h = aHarness(allChannelsConfig());
  await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z', { severity: 8.5 }));
  // The topic entries (webhook copies are `~slack`/`~teams` and never ride SNS).
  return h.notifier.sent().filter((n) => !n.deliveryId.includes('~'));
};

const EMAIL_ONLY: readonly ReceiverChannel[] = [{ kind: 'email' }];
const WITH_CHATBOT: readonly ReceiverChannel[] = [
  { kind: 'email' },
  { kind: 'chatbot', slack: { workspaceId: 'T0EXAMPLE01', channelId: 'C0EXAMPLE01' } },
];

describe('snsMessage', () => {
  it('without chatbot: one message per protocol, as the topic was always published', async () => {
    // Prepare
    const [team, asp] = await pagesOf();

    // Act
    const published = snsMessage(asp!, EMAIL_ONLY);

    // Assess
    expect(published.MessageStructure).toBe('json');
    expect(JSON.parse(published.Message)).toEqual({
      default: `${snsSubject(asp!.subject)}\n\n${asp!.body}`,
      email: asp!.body,
      sms: asp!.short,
    });
    // A team page's SMS carries its acknowledge link (DESIGN §13: on every channel).
    expect(JSON.parse(snsMessage(team!, EMAIL_ONLY).Message).sms).toBe(`${team!.short}\n{{ackUrl}}`);
  });

  it('with chatbot: adds the Amazon Q custom notification under https, keeping email and SMS', async () => {
    // Prepare
    const [team] = await pagesOf();

    // Act
    const message = JSON.parse(snsMessage(team!, WITH_CHATBOT).Message) as Record<string, string>;

    // Assess
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'https', 'sms']);
    expect(message.email).toBe(team!.body);
    const chatbot = JSON.parse(message.https ?? '') as unknown;
    expect(chatbot).toEqual(chatbotPayload(team!));
    expect(chatbotSchema.safeParse(chatbot).success).toBe(true);
    expect((chatbot as { metadata: { threadId: string } }).metadata.threadId).toBe(team!.incidentId);
  });

  it.each([
    ['a short subject', 'abc', 'abc'],
    ['line breaks', 'a\nb\r\nc', 'a b c'],
    ['nothing', ' ', '(no subject)'],
    ['a long one', 'x'.repeat(120), `${'x'.repeat(98)}…`],
    ['an emoji at the cut', `${'x'.repeat(97)}🚨🚨`, `${'x'.repeat(97)}…`],
  ])('gives SNS a subject it accepts: %s', (_name, subject, expected) => {
    expect(snsSubject(subject)).toBe(expected);
    expect(snsSubject(subject).length).toBeLessThan(100);
  });
});
