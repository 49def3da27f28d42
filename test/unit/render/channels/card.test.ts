import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../../../shared/config/channels.js';
import type { Notification } from '../../../../shared/ports.js';
import { channelPayload } from '../../../../shared/render/channels/index.js';
import { EVENTS_DIR } from '../../../helpers/events.js';
import { allChannelsConfig, notificationsOf } from './corpus.js';

// Issue 14: the card is the email's content, structured: same facts from the same receiver-scoped context, the same
// first steps, our own links, one thread per incident; municipal notices stay plain Japanese with no first steps.

const config = allChannelsConfig();
let sent: Notification[] = [];
beforeAll(async () => {
  sent = await notificationsOf(EVENTS_DIR, config);
});

/** Everything a channel would show of a notification, all five payloads as one text. */
const shown = (n: Notification): string =>
  CHANNEL_NAMES.map((channel) => JSON.stringify(channelPayload(n, channel))).join('\n');

describe('the card of a notification', () => {
  it('threads by incident, and states severity and kind', () => {
    for (const n of sent) {
      if (n.kind !== 'digest') expect(n.card.threadId).toBe(n.incidentId);
      expect(n.card.severity).toBe(n.severity);
      expect(n.card.kind).toBe(n.kind);
      expect(n.card.state).toBe(n.kind === 'resolve' ? 'resolved' : n.card.state);
      expect(n.card.title.length).toBeGreaterThan(0);
    }
  });

  it('lists the same facts as the email, each as a `label: value` line of its body', () => {
    const technical = sent.filter((n) => n.audience !== 'municipality' && n.kind !== 'digest');
    expect(technical.length).toBeGreaterThan(20);
    for (const n of technical) {
      const lines = n.body.split('\n');
      for (const fact of n.card.facts) expect(lines, n.subject).toContain(`${fact.label}: ${fact.value}`);
    }
  });

  it('carries the first steps of the email (初動対応) as nextSteps, and its documentation link', () => {
    const guided = sent.filter((n) => n.card.nextSteps.length > 0);
    expect(guided.length).toBeGreaterThan(5);
    for (const n of guided) {
      expect(n.body).toContain(`■ ${n.card.guide?.heading}`);
      n.card.nextSteps.forEach((step, i) => {
        expect(n.body.split('\n')).toContain(`${i + 1}. ${step}`);
      });
      const reference = n.card.links.find((link) => link.kind === 'reference');
      expect(n.body).toContain(reference?.url);
      expect(channelPayload(n, 'chatbot').content.nextSteps).toEqual(n.card.nextSteps);
    }
    for (const n of sent.filter(
      (n) => !n.body.includes('■ 初動対応') && !n.body.includes('■ First response'),
    ))
      expect(n.card.nextSteps).toEqual([]);
  });

  it('puts the acknowledge link of a team page on every channel', () => {
    const pages = sent.filter((n) => n.body.includes('https://ack.example/'));
    expect(pages.length).toBeGreaterThan(10);
    for (const n of pages) {
      const ack = n.card.links.find((link) => link.kind === 'ack')?.url ?? '';
      expect(ack).toMatch(/^https:\/\/ack\.example\//);
      expect(n.audience).toBe('team');
      expect(channelPayload(n, 'email').body).toContain(ack);
      expect(channelPayload(n, 'sms').text).toContain(ack);
      expect(channelPayload(n, 'chatbot').content.description).toContain(ack);
      const slackButtons = channelPayload(n, 'slack').blocks.flatMap((block) =>
        block.type === 'actions' ? block.elements.map((button) => button.url) : [],
      );
      expect(slackButtons).toContain(ack);
      const teamsActions = channelPayload(n, 'teams').attachments[0].content.actions.map(
        (action) => action.url,
      );
      expect(teamsActions).toContain(ack);
    }
    for (const n of sent.filter((n) => n.audience !== 'team')) expect(shown(n)).not.toContain('ack.example');
  });

  it('gives a municipality the plain notice: no first steps, no links, no codes', () => {
    const notices = sent.filter((n) => n.audience === 'municipality');
    expect(notices.length).toBeGreaterThan(5);
    for (const n of notices) {
      expect(n.card.nextSteps).toEqual([]);
      expect(n.card.links).toEqual([]);
      expect(n.card.guide).toBeUndefined();
      expect(n.card.label).toMatch(/^第\d+報・/);
      const text = shown(n).replace(/"(?:DIGEST|INC)-[^"]*"/g, '""');
      expect(text, n.subject).not.toMatch(/\d{12}|arn:|CRITICAL|HIGH|MEDIUM|GuardDuty|ap-northeast|初動対応/);
    }
  });

  it('shows an ASP only its own accounts, whatever else the incident gathered (§7)', () => {
    const toAsps = sent.filter((n) => n.audience === 'asp');
    expect(toAsps.length).toBeGreaterThan(10);
    for (const n of toAsps) {
      const others = config.accounts.filter((account) => account.asp !== n.receiver);
      const text = shown(n);
      for (const account of others) {
        expect(text, `${n.receiver}: ${n.subject}`).not.toContain(account.id);
        expect(text, `${n.receiver}: ${n.subject}`).not.toContain(`${account.name} (`);
      }
    }
  });
});
