import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../../../shared/config/channels.js';
import type { Notification } from '../../../../shared/ports.js';
import { channelPayload } from '../../../../shared/render/channels/index.js';
import { EVENTS_DIR } from '../../../helpers/events.js';
import { allChannelsConfig, EVENT_DIRS, notificationsOf } from './corpus.js';
import {
  chatbotSchema,
  emailSchema,
  slackSchema,
  smsSchema,
  TEAMS_MESSAGE_MAX_BYTES,
  teamsSchema,
} from './platform-schemas.js';

// Issue 14: every message of every sample event, on every channel, has the shape its platform documents.

const config = allChannelsConfig();

const problems = (
  schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } },
  value: unknown,
) => {
  const result = schema.safeParse(value);
  return result.success ? [] : [String(result.error)];
};

describe.each(EVENT_DIRS)('the payloads of every message of %s', (dir) => {
  let sent: Notification[] = [];
  beforeAll(async () => {
    sent = await notificationsOf(dir, config);
  });

  it('cover pages, resolves, digests and (for our samples) municipal reports, in both languages', () => {
    const kinds = new Set(sent.map((n) => n.kind));
    expect(kinds).toContain('trigger');
    expect(kinds).toContain('resolve');
    if (dir === EVENTS_DIR) {
      expect(kinds).toContain('digest');
      expect(kinds).toContain('escalation');
      expect(sent.some((n) => n.audience === 'municipality')).toBe(true);
      expect(sent.some((n) => n.language === 'en')).toBe(true);
    }
  });

  it('email is {subject, body} as SNS sends it, SMS {text} within one message', () => {
    for (const n of sent) {
      expect(problems(emailSchema, channelPayload(n, 'email'))).toEqual([]);
      expect(channelPayload(n, 'email')).toEqual({ subject: n.subject, body: n.body });
      expect(problems(smsSchema(n.language), channelPayload(n, 'sms'))).toEqual([]);
    }
  });

  it('chatbot is an Amazon Q custom notification, one thread per incident', () => {
    for (const n of sent) {
      const payload = channelPayload(n, 'chatbot');
      expect(problems(chatbotSchema, payload), n.subject).toEqual([]);
      if (n.kind !== 'digest') expect(payload.metadata.threadId).toBe(n.incidentId);
    }
  });

  it('slack is a Block Kit message within its limits', () => {
    for (const n of sent) expect(problems(slackSchema, channelPayload(n, 'slack')), n.subject).toEqual([]);
  });

  it('teams is the Workflows envelope with an Adaptive Card, under the message size', () => {
    for (const n of sent) {
      const payload = channelPayload(n, 'teams');
      expect(problems(teamsSchema, payload), n.subject).toEqual([]);
      expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThan(TEAMS_MESSAGE_MAX_BYTES);
    }
  });

  it('is the same payload for the same notification (what preview prints is what is sent)', () => {
    for (const n of sent.slice(0, 20))
      for (const channel of CHANNEL_NAMES)
        expect(JSON.stringify(channelPayload(n, channel))).toBe(JSON.stringify(channelPayload(n, channel)));
  });
});
