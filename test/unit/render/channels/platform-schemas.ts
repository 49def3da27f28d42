import { z } from 'zod';

/**
 * The message shapes each platform documents, written down from the platforms' references (not from our code),
 * so that a payload our builders make is checked against what the platform accepts: required fields, types, the
 * closed sets of values, and the documented limits.
 */

// Amazon Q Developer in chat applications, custom notifications ("Event schema", "Parameter details"): `version`
// must be "1.0" and `source` "custom"; `id` optional; `content.textType` only "client-markdown"; `title`,
// `description`, `nextSteps`, `keywords` in `content`; `threadId`, `summary`, `eventType`, `relatedResources`,
// `additionalContext` (string values) in `metadata`. Anything else is dropped silently, so extra keys are refused
// here (strict). Title and description are what a chat shows: we require them.
export const chatbotSchema = z.strictObject({
  version: z.literal('1.0'),
  source: z.literal('custom'),
  id: z.string().min(1).optional(),
  content: z.strictObject({
    textType: z.literal('client-markdown'),
    title: z.string().min(1).max(250),
    description: z.string().min(1).max(3_000),
    nextSteps: z.array(z.string().min(1).max(300)).min(1).max(10).optional(),
    keywords: z.array(z.string().min(1).max(75)).min(1).max(10).optional(),
  }),
  metadata: z.strictObject({
    threadId: z.string().min(1),
    summary: z.string().min(1).max(300),
    eventType: z.string().min(1).optional(),
    relatedResources: z.array(z.string()).optional(),
    additionalContext: z.record(z.string(), z.string()).optional(),
  }),
});

// Slack Block Kit (reference: blocks, composition objects, button element; incoming webhooks): a message has a
// `text` (the fallback for notifications) and up to 50 blocks. Header: plain_text ≤ 150. Section: text ≤ 3,000 or
// up to 10 fields of ≤ 2,000. Context: 1–10 elements. Actions: 1–25 elements; a button's text is plain_text ≤ 75,
// its url ≤ 3,000, action_id ≤ 255, style primary or danger.
const plainText = (max: number) =>
  z.strictObject({
    type: z.literal('plain_text'),
    text: z.string().min(1).max(max),
    emoji: z.boolean().optional(),
  });
const mrkdwn = (max: number) =>
  z.strictObject({
    type: z.literal('mrkdwn'),
    text: z.string().min(1).max(max),
    verbatim: z.boolean().optional(),
  });
const slackButton = z.strictObject({
  type: z.literal('button'),
  text: plainText(75),
  url: z
    .url({ protocol: /^https$/ })
    .max(3_000)
    .optional(),
  action_id: z.string().min(1).max(255).optional(),
  value: z.string().max(2_000).optional(),
  style: z.enum(['primary', 'danger']).optional(),
});
const slackBlock = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('header'),
    text: plainText(150),
    block_id: z.string().max(255).optional(),
  }),
  z
    .strictObject({
      type: z.literal('section'),
      text: mrkdwn(3_000).optional(),
      fields: z.array(mrkdwn(2_000)).min(1).max(10).optional(),
      block_id: z.string().max(255).optional(),
    })
    .refine(
      (section) => section.text !== undefined || section.fields !== undefined,
      'a section needs text or fields',
    ),
  z.strictObject({ type: z.literal('context'), elements: z.array(mrkdwn(3_000)).min(1).max(10) }),
  z.strictObject({ type: z.literal('actions'), elements: z.array(slackButton).min(1).max(25) }),
  z.strictObject({ type: z.literal('divider') }),
]);
export const slackSchema = z.strictObject({
  text: z.string().min(1).max(40_000),
  blocks: z.array(slackBlock).min(1).max(50),
});

// Microsoft Teams, Workflows "post to a channel when a webhook request is received": the body is a `message` with
// an `attachments` array whose item has `contentType` "application/vnd.microsoft.card.adaptive", `contentUrl` null
// and the Adaptive Card as `content`. Adaptive Card (schema 1.4/1.5): TextBlock (text, wrap, size, weight, color,
// isSubtle, spacing), FactSet (facts of title/value), Action.OpenUrl (title, url). Teams messages hold ~28 KB.
const textBlock = z.strictObject({
  type: z.literal('TextBlock'),
  text: z.string().min(1),
  wrap: z.boolean().optional(),
  size: z.enum(['Default', 'Small', 'Medium', 'Large', 'ExtraLarge']).optional(),
  weight: z.enum(['Default', 'Lighter', 'Bolder']).optional(),
  color: z.enum(['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention']).optional(),
  isSubtle: z.boolean().optional(),
  spacing: z.enum(['None', 'Small', 'Default', 'Medium', 'Large', 'ExtraLarge', 'Padding']).optional(),
});
const factSet = z.strictObject({
  type: z.literal('FactSet'),
  facts: z.array(z.strictObject({ title: z.string(), value: z.string().min(1) })).min(1),
});
const openUrl = z.strictObject({
  type: z.literal('Action.OpenUrl'),
  title: z.string().min(1),
  url: z.url({ protocol: /^https$/ }),
  style: z.enum(['default', 'positive', 'destructive']).optional(),
});
export const adaptiveCardSchema = z.strictObject({
  $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json'),
  type: z.literal('AdaptiveCard'),
  version: z.enum(['1.4', '1.5']),
  body: z.array(z.discriminatedUnion('type', [textBlock, factSet])).min(1),
  actions: z.array(openUrl).optional(),
  msteams: z.strictObject({ width: z.literal('Full') }).optional(),
});
export const teamsSchema = z.strictObject({
  type: z.literal('message'),
  attachments: z
    .array(
      z.strictObject({
        contentType: z.literal('application/vnd.microsoft.card.adaptive'),
        contentUrl: z.null(),
        content: adaptiveCardSchema,
      }),
    )
    .length(1),
});
export const TEAMS_MESSAGE_MAX_BYTES = 28 * 1024;

// Email over SNS: the subject travels as SNS `Subject` (< 100 characters after our cut); SMS: one message.
const characters = (max: number) =>
  z
    .string()
    .min(1)
    .refine((text) => [...text].length <= max, `at most ${max} characters`);
export const emailSchema = z.strictObject({ subject: characters(100), body: z.string().min(1) });
/** SMS: the short form within one message; a team page's acknowledge link may follow on its own line. */
export const smsSchema = (language: 'ja' | 'en') =>
  z.strictObject({
    text: z
      .string()
      .min(1)
      .refine(
        (text) => [...(text.split('\n')[0] ?? '')].length <= (language === 'en' ? 160 : 70),
        'short form too long',
      )
      .refine((text) => text.split('\n').length <= 2, 'at most the short form and one link'),
  });
