import type { Notification } from '../../ports.js';
import { clip } from './clip.js';
import { glanceOf, safeLine } from './glance.js';

/**
 * Amazon Q Developer in chat applications (formerly AWS Chatbot) custom notification (DESIGN §13). Amazon Q shows
 * only this shape and silently drops anything else, so it rides the receiver's SNS publish under the `https` key.
 * Field names from the custom-notification event schema: `version` "1.0" and `source` "custom" are required,
 * `content.textType` "client-markdown" makes Amazon Q render the text in the chat's own markdown (Slack or Teams),
 * `metadata.threadId` keeps one incident in one thread.
 *
 * The text is plain (event text defused, `<` `>` never reach the chat, so no mention or link can be formed) and
 * links are bare URLs we built (both Slack and Teams link them); caps below are ours, conservative against the
 * chat platforms' own limits (a Slack section holds 3,000 characters).
 */
export type ChatbotNotification = {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly id: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps?: readonly string[];
    readonly keywords?: readonly string[];
  };
  readonly metadata: {
    readonly threadId: string;
    readonly summary: string;
    readonly eventType?: string;
    readonly additionalContext?: Readonly<Record<string, string>>;
  };
};

/** Our caps for the custom notification's fields (characters). */
export const CHATBOT_LIMITS = {
  title: 250,
  description: 3_000,
  nextSteps: 10,
  nextStep: 300,
  keywords: 10,
  keyword: 75,
  summary: 300,
} as const;

export const chatbotPayload = (n: Notification): ChatbotNotification => {
  const { card } = n;
  const guide = card.guide ? [[card.guide.heading, card.guide.title, card.guide.meaning].join('\n')] : [];
  const paragraphs = [
    ...card.text,
    card.facts.map((fact) => `${fact.label}: ${fact.value}`).join('\n'),
    ...guide,
  ]
    .filter((paragraph) => paragraph !== '')
    .map(safeLine);
  // Links last and whole: a cut must take text, never half a URL.
  const links = card.links.map((link) => `${safeLine(link.label)}: ${link.url}`).join('\n');
  const room = CHATBOT_LIMITS.description - (links === '' ? 0 : links.length + 2);
  const description = [clip(paragraphs.join('\n\n'), Math.max(room, 0)), links].filter(Boolean).join('\n\n');
  const steps = card.nextSteps
    .slice(0, CHATBOT_LIMITS.nextSteps)
    .map((step) => clip(safeLine(step), CHATBOT_LIMITS.nextStep));
  const keywords = card.keywords
    .map((keyword) => clip(safeLine(keyword).replace(/\s+/g, ' '), CHATBOT_LIMITS.keyword))
    .filter(Boolean)
    .slice(0, CHATBOT_LIMITS.keywords);
  return {
    version: '1.0',
    source: 'custom',
    id: n.deliveryId,
    content: {
      textType: 'client-markdown',
      title: clip(`${glanceOf(n)} ${safeLine(card.title)}`.replace(/\n/g, ' '), CHATBOT_LIMITS.title),
      description: clip(description, CHATBOT_LIMITS.description),
      ...(steps.length > 0 ? { nextSteps: steps } : {}),
      ...(keywords.length > 0 ? { keywords } : {}),
    },
    metadata: {
      threadId: card.threadId,
      summary: clip(safeLine(card.summary).replace(/\n/g, ' '), CHATBOT_LIMITS.summary),
      // Codes for a chat's custom actions; a municipal notice carries none (no English codes for its readers).
      ...(n.audience === 'municipality'
        ? {}
        : {
            eventType: n.kind,
            additionalContext: { incidentId: n.incidentId, severity: n.severity, receiver: n.receiver },
          }),
    },
  };
};
