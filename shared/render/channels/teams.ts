import type { Severity } from '../../model.js';
import type { Notification } from '../../ports.js';
import { budget, clip } from './clip.js';
import { glanceOf, isOpenable, safeLine } from './glance.js';

/**
 * A Microsoft Teams message for a Workflows webhook ("post to a channel when a webhook request is received"): the
 * `message` envelope with one Adaptive Card attachment (Office 365 connectors are retired, and Workflows refuses a
 * plain `{"text"}` body). The card: the severity line in the severity's colour, the title, the text, the facts as
 * a FactSet, the first steps, and `Action.OpenUrl` buttons for our own links (ack first on a team page).
 *
 * Safety: Adaptive Card text is markdown (bold, lists, `[text](url)` links). Every text goes through `plain` (no
 * `<` `>`, no `](`, no live URL from an event) and square brackets become full-width `［` `］`, so no link can be
 * written in any form; links are `Action.OpenUrl` with URLs we built. Size: a Teams message holds about 28 KB, so
 * the card's text shares a budget of characters (3 bytes each in Japanese).
 */
export type TeamsMessage = {
  readonly type: 'message';
  readonly attachments: readonly [
    {
      readonly contentType: 'application/vnd.microsoft.card.adaptive';
      readonly contentUrl: null;
      readonly content: AdaptiveCard;
    },
  ];
};

type TextBlock = {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly wrap: true;
  readonly weight?: 'Bolder';
  readonly size?: 'Small' | 'Medium' | 'Large';
  readonly color?: 'Attention' | 'Warning' | 'Good' | 'Accent' | 'Default';
  readonly isSubtle?: boolean;
  readonly spacing?: 'Medium';
};
type FactSet = { readonly type: 'FactSet'; readonly facts: readonly { title: string; value: string }[] };
type OpenUrl = {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
  readonly style?: 'positive';
};

export type AdaptiveCard = {
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly type: 'AdaptiveCard';
  readonly version: '1.4';
  readonly body: readonly (TextBlock | FactSet)[];
  readonly actions: readonly OpenUrl[];
  readonly msteams: { readonly width: 'Full' };
};

export const TEAMS_LIMITS = {
  /** Characters of text in one card, all parts together: ≤ 21 KB of Japanese, under Teams' ~28 KB. */
  characters: 7_000,
  title: 250,
  paragraph: 2_000,
  facts: 30,
  factTitle: 100,
  factValue: 500,
  step: 300,
  actions: 6,
} as const;

const COLOR: Record<Severity, TextBlock['color']> = {
  CRITICAL: 'Attention',
  HIGH: 'Attention',
  MEDIUM: 'Warning',
  LOW: 'Accent',
  INFORMATIONAL: 'Default',
};

/** Text for an Adaptive Card: defused by `plain`, and no square bracket left to open a markdown link. */
export const teamsText = (text: string): string => safeLine(text).replace(/\[/g, '［').replace(/\]/g, '］');

export const teamsPayload = (n: Notification): TeamsMessage => {
  const { card } = n;
  const take = budget(TEAMS_LIMITS.characters);
  const text = (value: string, max: number) => take(teamsText(value), max);
  const buttons = card.links.filter((link) => isOpenable(link.url)).slice(0, TEAMS_LIMITS.actions);
  const unopenable = card.links.filter((link) => !isOpenable(link.url));
  const body: (TextBlock | FactSet)[] = [
    {
      type: 'TextBlock',
      text: text(glanceOf(n), TEAMS_LIMITS.title),
      wrap: true,
      weight: 'Bolder',
      color: card.state === 'resolved' ? 'Good' : COLOR[n.severity],
    },
    {
      type: 'TextBlock',
      text: text(card.title, TEAMS_LIMITS.title),
      wrap: true,
      weight: 'Bolder',
      size: 'Medium',
    },
    ...card.text.map(
      (paragraph): TextBlock => ({
        type: 'TextBlock',
        text: text(paragraph, TEAMS_LIMITS.paragraph),
        wrap: true,
      }),
    ),
    {
      type: 'FactSet',
      facts: card.facts.slice(0, TEAMS_LIMITS.facts).map((fact) => ({
        title: text(fact.label, TEAMS_LIMITS.factTitle),
        value: text(fact.value, TEAMS_LIMITS.factValue),
      })),
    },
    ...(card.guide
      ? [
          {
            type: 'TextBlock' as const,
            text: text(card.guide.heading, TEAMS_LIMITS.title),
            wrap: true as const,
            weight: 'Bolder' as const,
            spacing: 'Medium' as const,
          },
          {
            type: 'TextBlock' as const,
            text: text(`${card.guide.title}\n\n${card.guide.meaning}`, TEAMS_LIMITS.paragraph),
            wrap: true as const,
          },
          ...card.nextSteps.map(
            (step, i): TextBlock => ({
              type: 'TextBlock',
              text: `${i + 1}. ${text(step, TEAMS_LIMITS.step)}`,
              wrap: true,
            }),
          ),
        ]
      : []),
    ...unopenable.map(
      (link): TextBlock => ({
        type: 'TextBlock',
        text: `${teamsText(link.label)}: ${clip(link.url, 100)}`,
        wrap: true,
        size: 'Small',
      }),
    ),
    {
      type: 'TextBlock',
      text: text(n.audience === 'municipality' ? card.label : card.threadId, TEAMS_LIMITS.title),
      wrap: true,
      size: 'Small',
      isSubtle: true,
    },
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: body.filter((block) => block.type !== 'FactSet' || block.facts.length > 0),
          actions: buttons.map((link) => ({
            type: 'Action.OpenUrl',
            title: clip(teamsText(link.label), 75),
            url: link.url,
            ...(link.kind === 'ack' ? { style: 'positive' as const } : {}),
          })),
          msteams: { width: 'Full' },
        },
      },
    ],
  };
};
