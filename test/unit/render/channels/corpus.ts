import { readEventInputs } from '../../../../functions/event-files.js';
import type { Config } from '../../../../shared/config/registry.js';
import { replay } from '../../../../shared/pipeline/replay.js';
import type { Notification } from '../../../../shared/ports.js';
import { AWS_EVENTS_DIR, awsEventsAvailable } from '../../../helpers/aws-events.js';
import { aConfig, EXAMPLE_RECEIVERS, exampleConfigObject } from '../../../helpers/config.js';
import { EVENTS_DIR } from '../../../helpers/events.js';
import { aHarness } from '../../../helpers/harness.js';

/**
 * The example registry with every receiver on all five channels (DESIGN §13), one ASP reading English, so that
 * every kind of message (page, update, escalation, resolve, digest, municipal report) is built for every channel.
 */
export const allChannelsConfigObject = (): Record<string, unknown> => {
  const raw = exampleConfigObject();
  const asps = (raw.asps as { id: string }[]).map((asp) =>
    asp.id === 'asp-c' ? { ...asp, language: 'en' } : asp,
  );
  const receivers = Object.fromEntries(
    EXAMPLE_RECEIVERS.map((id) => [
      id,
      {
        channels: [
          'email',
          'sms',
          'chatbot',
          { slack: { secret: `alert-router/${id}-slack` } },
          { teams: { secret: `alert-router/${id}-teams` } },
        ],
      },
    ]),
  );
  return { ...raw, asps, receivers };
};

export const allChannelsConfig = (): Config => aConfig(allChannelsConfigObject());

/** The folders of sample events: ours, and the real AWS samples when they are there. */
export const EVENT_DIRS = [EVENTS_DIR, ...(awsEventsAvailable() ? [AWS_EVENTS_DIR] : [])];

/**
 * Every notification a replay of `dir` sends (triggers, updates, escalations over two more hours, resolves,
 * digests, municipal reports), with signed-looking acknowledge links as the AWS runtime makes them.
 */
export const notificationsOf = async (dir: string, config: Config): Promise<Notification[]> => {
  const h = aHarness(config);
  const ackLinks = (incidentId: string, receiver: string) =>
    `https://ack.example/?t=${encodeURIComponent(`${incidentId}.${receiver}`)}`;
  const inputs = readEventInputs([dir]);
  const report = await replay(inputs, { ...h.ports, ackLinks } as typeof h.ports, 2 * 3_600_000);
  const replayed = report.timeline.flatMap((entry) =>
    entry.kind === 'notification' ? [entry.notification] : [],
  );
  // Each event alone too (as `preview` judges it): a replay folds repeats of one finding into one incident.
  const alone: Notification[] = [];
  for (const input of inputs) {
    if (!('event' in input)) continue;
    const single = aHarness(config);
    try {
      await single.send(input.event);
    } catch {
      continue; // a malformed sample: the input-error tests' concern, not this one
    }
    alone.push(...single.notifier.sent());
  }
  return [...replayed, ...alone];
};
