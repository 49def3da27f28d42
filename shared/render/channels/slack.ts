import type { CardFact, Notification, NotificationCard } from '../../ports.js';
import { clipEscaped } from './clip.js';
import { glanceOf, isOpenable, safeLine } from './glance.js';

/**
 * A Slack incoming-webhook message in Block Kit (DESIGN §13): a `text` fallback (what a notification or an old
 * client shows), a header with the severity's colour and the kind of notice, the facts as fields, the first steps,
 * and buttons for our own links (the acknowledge link first on a team page, the AWS console, the AWS documentation).
 *
 * Safety: every text goes through `plain` (no `<` `>`, no `@here`, no live link from an event) and is then escaped
 * as Slack asks for message text (`&` `<` `>` as entities, in `plain_text` as in `mrkdwn`), so `<!channel>`, `<@U…>` or `<https://evil|click>` cannot be formed.
 * Links are buttons whose `url` is a JSON string, never mrkdwn. Limits (Block Kit reference): header 150
 * characters, section text 3,000, 10 fields of 2,000, button text 75 and URL 3,000, 25 buttons, 50 blocks.
 */
export type SlackMessage = { readonly text: string; readonly blocks: readonly SlackBlock[] };

type PlainText = { readonly type: 'plain_text'; readonly text: string; readonly emoji?: boolean };
type Mrkdwn = { readonly type: 'mrkdwn'; readonly text: string };
export type SlackBlock =
  | { readonly type: 'header'; readonly text: PlainText }
  | { readonly type: 'section'; readonly text?: Mrkdwn; readonly fields?: readonly Mrkdwn[] }
  | { readonly type: 'context'; readonly elements: readonly Mrkdwn[] }
  | {
      readonly type: 'actions';
      readonly elements: readonly {
        readonly type: 'button';
        readonly text: PlainText;
        readonly url: string;
        readonly action_id: string;
        readonly style?: 'primary';
      }[];
    };

export const SLACK_LIMITS = {
  header: 150,
  sectionText: 3_000,
  fields: 10,
  field: 2_000,
  buttonText: 75,
  url: 3_000,
  buttons: 25,
  blocks: 50,
  contextElements: 10,
  /** Fact sections before the rest is listed as text: 4 × 10 fields keeps the message well under 50 blocks. */
  factSections: 4,
  fallback: 3_000,
} as const;

/** Slack's escaping for `mrkdwn` and message text: `&`, `<` and `>` as entities. */
export const slackEscape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Card text for a mrkdwn field: defused, escaped, cut to `max` without half an entity. */
const mrkdwn = (text: string, max: number): Mrkdwn => ({
  type: 'mrkdwn',
  text: clipEscaped(slackEscape(safeLine(text)), max),
});

export const slackPayload = (n: Notification): SlackMessage => {
  const { card } = n;
  const glance = glanceOf(n);
  const title = safeLine(card.title).replace(/\n/g, ' ');
  const shown = card.facts.slice(0, SLACK_LIMITS.fields * SLACK_LIMITS.factSections);
  const rest = card.facts.slice(shown.length);
  const buttons = card.links.filter((link) => isOpenable(link.url) && link.url.length <= SLACK_LIMITS.url);
  const unopenable = card.links.filter((link) => !buttons.includes(link));
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: clipEscaped(slackEscape(`${glance} ${title}`), SLACK_LIMITS.header),
        emoji: true,
      },
    },
    ...(card.text.length > 0
      ? [{ type: 'section' as const, text: mrkdwn(card.text.join('\n\n'), SLACK_LIMITS.sectionText) }]
      : []),
    ...chunks(shown, SLACK_LIMITS.fields).map((facts) => ({
      type: 'section' as const,
      fields: facts.map((fact) => factField(fact)),
    })),
    ...(rest.length > 0
      ? [
          {
            type: 'section' as const,
            text: mrkdwn(
              rest.map((fact) => `${fact.label}: ${fact.value}`).join('\n'),
              SLACK_LIMITS.sectionText,
            ),
          },
        ]
      : []),
    ...(card.guide ? [{ type: 'section' as const, text: guideText(card.guide, card.nextSteps) }] : []),
    ...(buttons.length > 0
      ? [
          {
            type: 'actions' as const,
            elements: buttons.slice(0, SLACK_LIMITS.buttons).map((link, i) => ({
              type: 'button' as const,
              text: {
                type: 'plain_text' as const,
                text: clipEscaped(slackEscape(safeLine(link.label)), SLACK_LIMITS.buttonText),
              },
              url: link.url,
              action_id: `${link.kind}-${i}`,
              ...(link.kind === 'ack' ? { style: 'primary' as const } : {}),
            })),
          },
        ]
      : []),
    {
      type: 'context',
      elements: [
        ...unopenable.map((link) => mrkdwn(`${link.label}: ${link.url}`, SLACK_LIMITS.sectionText)),
        mrkdwn(n.audience === 'municipality' ? card.label : card.threadId, SLACK_LIMITS.sectionText),
      ].slice(0, SLACK_LIMITS.contextElements),
    },
  ];
  return {
    text: clipEscaped(slackEscape(`${glance} ${title}`), SLACK_LIMITS.fallback),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
};

/** A fact as a field: the label in bold above its value. */
const factField = (fact: CardFact): Mrkdwn => {
  const label = slackEscape(safeLine(fact.label));
  return {
    type: 'mrkdwn',
    text: clipEscaped(`*${label}*\n${slackEscape(safeLine(fact.value))}`, SLACK_LIMITS.field),
  };
};

/** The first-response section (初動対応): its heading in bold, what it means, the numbered steps. */
const guideText = (guide: NonNullable<NotificationCard['guide']>, steps: readonly string[]): Mrkdwn => {
  const escaped = (text: string) => slackEscape(safeLine(text));
  const lines = [guide.title, guide.meaning, ...steps.map((step, i) => `${i + 1}. ${step}`)].map(escaped);
  return {
    type: 'mrkdwn',
    text: clipEscaped(`*${escaped(guide.heading)}*\n${lines.join('\n')}`, SLACK_LIMITS.sectionText),
  };
};

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
