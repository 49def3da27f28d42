import type { ChannelName } from '../../shared/config/channels.js';
import type { Config } from '../../shared/config/registry.js';
import { channelsOfEntry } from '../../shared/engine/deliver.js';
import { transition } from '../../shared/engine/transition.js';
import { EnvelopeInvalidError } from '../../shared/errors.js';
import type { Alert } from '../../shared/model.js';
import { isOperatorAction } from '../../shared/pipeline/operator-action.js';
import type { Notification } from '../../shared/ports.js';
import { channelPayload } from '../../shared/render/channels/index.js';
import { renderDigest } from '../../shared/render/digest.js';
import { renderNotification } from '../../shared/render/index.js';
import { decide } from '../../shared/routing/decide.js';
import { trustAlert } from '../../shared/routing/trust.js';
import { normalizeEvent } from '../../shared/sources/index.js';
import { type EventInput, readEventInputs } from '../event-files.js';
import type { Io } from './io.js';

/** Which messages `preview` shows: all, or one receiver's, or one channel's. */
export type PreviewFilter = { readonly receiver?: string; readonly channel?: ChannelName };

type Where = { readonly file: string; readonly index?: number };

/** One line of `preview` (DESIGN §9): a message as a channel gets it, an event that tells nobody, or an error. */
type PreviewLine =
  | (Where & { readonly receiver: string; readonly channel: ChannelName; readonly payload: unknown })
  | (Where & { readonly ignored: string })
  | (Where & { readonly alert: string; readonly nobody: string })
  | (Where & { readonly error: string });

/**
 * Previews every event in `paths`: for each alert judged alone (as `explain` judges it: no earlier state), every
 * message each receiver would get on each of its channels, exactly as the router would send it. `--json` prints
 * the messages and the errors, one JSON line each; the text form also says which alerts tell nobody and why events
 * were ignored. Returns the exit status (1 when any input was an error).
 */
export const previewCommand = (
  paths: readonly string[],
  config: Config,
  filter: PreviewFilter,
  json: boolean,
  io: Io,
): number => {
  const lines = readEventInputs(paths).flatMap((input) => previewInput(input, config, filter));
  for (const line of lines) {
    if (!json) io.stdout.write(formatLine(line));
    else if ('payload' in line || 'error' in line) io.stdout.write(`${JSON.stringify(line)}\n`);
  }
  if (!json) io.stdout.write(formatSummary(lines));
  return lines.some((line) => 'error' in line) ? 1 : 0;
};

const previewInput = (input: EventInput, config: Config, filter: PreviewFilter): PreviewLine[] => {
  const where: Where =
    input.index === undefined ? { file: input.file } : { file: input.file, index: input.index };
  if ('error' in input) return [{ ...where, error: input.error }];
  try {
    if (isOperatorAction(input.event))
      return [{ ...where, ignored: 'operator action: replay applies it to an incident' }];
    const normalized = normalizeEvent(input.event);
    if (normalized.kind === 'ignored') return [{ ...where, ignored: normalized.reason }];
    return normalized.alerts.flatMap((alert): PreviewLine[] => {
      const messages = messagesFor(alert, config)
        // A receiver sees only what the router sends it: another ASP's alert gives it nothing (§7).
        .filter(
          ({ notification }) => filter.receiver === undefined || notification.receiver === filter.receiver,
        )
        .flatMap(({ notification, channels }) =>
          channels
            .filter((channel) => filter.channel === undefined || channel === filter.channel)
            .map((channel) => ({
              ...where,
              receiver: notification.receiver,
              channel,
              payload: channelPayload(notification, channel),
            })),
        );
      if (messages.length > 0) return messages;
      // Filtered: an alert that gives this receiver or channel nothing is simply not shown.
      if (filter.receiver !== undefined || filter.channel !== undefined) return [];
      return [
        {
          ...where,
          alert: alert.fingerprint,
          nobody: 'nobody is told (recorded, resolved or silenced: see explain)',
        },
      ];
    });
  } catch (error) {
    if (error instanceof EnvelopeInvalidError)
      return [{ ...where, error: `invalid event: ${error.message}` }];
    return [{ ...where, error: `internal error: ${(error as Error).message}` }];
  }
};

/**
 * The notifications one alert causes when no earlier state exists: the real trust check, decision and transition
 * (so silences, municipal reports, first steps and the outbox entries per transport are exactly the router's),
 * rendered as the router renders them, each with the channels it reaches: a webhook entry its `slack` or `teams`,
 * the topic entry the receiver's SNS channels (email, SMS, chatbot ride one publish). A delivery that storm
 * control holds for a digest is shown as the digest that would carry it. No signer exists locally: team pages show
 * the `{{ackUrl}}` placeholder where the runtime puts the signed acknowledge link.
 */
const messagesFor = (
  alert: Alert,
  config: Config,
): { readonly notification: Notification; readonly channels: readonly ChannelName[] }[] => {
  const now = Date.parse(alert.time);
  const { trusted } = trustAlert(alert, config);
  const decision = decide(trusted, config, now);
  const step = transition({ incident: undefined, alert: trusted, decision, now, config });
  const incident = step.next;
  if (incident === undefined) return [];
  return step.deliveries.map((delivery) => ({
    notification:
      delivery.group === undefined
        ? renderNotification(delivery, incident, config)
        : renderDigest(delivery.group, [delivery], delivery.at + config.grouping.wait, config),
    channels: channelsOfEntry(delivery, config),
  }));
};

const label = (line: PreviewLine): string =>
  line.index === undefined ? line.file : `${line.file}[${line.index}]`;

const indent = (text: string, by: string): string =>
  text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');

const formatLine = (line: PreviewLine): string => {
  if ('error' in line) return `${label(line)}\n  ERROR    ${line.error}\n\n`;
  if ('ignored' in line) return `${label(line)}\n  ignored  ${line.ignored}\n\n`;
  if ('nobody' in line) return `${label(line)}\n  ${line.alert}: ${line.nobody}\n\n`;
  const heading = `${label(line)}\n  ${line.receiver} · ${line.channel}\n`;
  const payload = line.payload as Record<string, unknown>;
  if (line.channel === 'email')
    return `${heading}    Subject: ${String(payload.subject)}\n\n${indent(String(payload.body), '    | ')}\n\n`;
  if (line.channel === 'sms') return `${heading}    ${String(payload.text)}\n\n`;
  return `${heading}${indent(JSON.stringify(line.payload, null, 2), '    ')}\n\n`;
};

const formatSummary = (lines: readonly PreviewLine[]): string => {
  const messages = lines.filter((line) => 'payload' in line).length;
  const ignored = lines.filter((line) => 'ignored' in line).length;
  const errors = lines.filter((line) => 'error' in line).length;
  return `${count(messages, 'message')}, ${ignored} ignored, ${count(errors, 'error')}\n`;
};

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
