import type { Problem } from '../errors.js';
import type { ReceiverChannel } from './channels.js';
import type { ParsedConfig } from './schema.js';

/**
 * Checks of `receivers` (DESIGN §13) the schema cannot express: each key is a known receiver id, and no channel
 * is listed twice for one receiver (a second `email` would mean a second copy of every mail). Addresses are
 * personal data: a duplicate is named by its path, never by its value.
 */
export const checkReceiverChannels = (config: ParsedConfig, receivers: ReadonlySet<string>): Problem[] => {
  const problems: Problem[] = [];
  for (const [id, entry] of Object.entries(config.receivers)) {
    const path = `receivers.${id}`;
    if (!receivers.has(id)) {
      problems.push({
        path,
        reason: `unknown receiver "${id}" (a team level, an ASP id or a municipality id)`,
      });
      continue;
    }
    const seen = new Map<string, number>();
    entry.channels.forEach((channel, i) => {
      const at = `${path}.channels[${i}]`;
      const { clashes, claims } = identity(channel);
      const earlier = clashes.map((key) => seen.get(key)).find((index) => index !== undefined);
      if (earlier !== undefined) {
        problems.push({
          path: at,
          reason: `the same channel is already listed at ${path}.channels[${earlier}]`,
        });
        return;
      }
      for (const key of claims) seen.set(key, i);
      if ((channel.kind === 'email' || channel.kind === 'sms') && channel.to !== undefined) {
        const first = new Map<string, number>();
        channel.to.forEach((address, j) => {
          const normal = channel.kind === 'email' ? address.toLowerCase() : address;
          const earlier = first.get(normal);
          if (earlier === undefined) first.set(normal, j);
          else
            problems.push({
              path: `${at}.${channel.kind}.to[${j}]`,
              reason: `the same address is already listed at ${at}.${channel.kind}.to[${earlier}]`,
            });
        });
      }
    });
  }
  return problems;
};

/**
 * What makes two items the same channel: `clashes` are the keys an earlier item must not hold, `claims` those this
 * item takes. Email and SMS are one item each (every address goes in its `to`); a bare `chatbot` (configured
 * outside the stack) clashes with any other `chatbot`; one Amazon Q channel, or one webhook secret, appears once.
 */
const identity = (channel: ReceiverChannel): { clashes: string[]; claims: string[] } => {
  const one = (key: string) => ({ clashes: [key], claims: [key] });
  switch (channel.kind) {
    case 'email':
    case 'sms':
      return one(channel.kind);
    case 'chatbot': {
      const ref = channel.slack
        ? `chatbot:slack:${channel.slack.workspaceId}/${channel.slack.channelId}`
        : channel.teams
          ? `chatbot:teams:${channel.teams.tenantId}/${channel.teams.teamId}/${channel.teams.channelId}`
          : undefined;
      return ref === undefined
        ? { clashes: ['chatbot:bare', 'chatbot:configured'], claims: ['chatbot:bare'] }
        : { clashes: ['chatbot:bare', ref], claims: ['chatbot:configured', ref] };
    }
    case 'slack':
    case 'teams':
      return one(`${channel.kind}:${channel.secret}`);
  }
};
