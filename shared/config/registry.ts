import type { Audience } from '../model.js';
import type { AccountConfig, Language, ParsedConfig } from './schema.js';

/** Someone who can be told: a team level, an ASP or a municipality (DESIGN §10 receiver ids). */
export type Receiver = {
  readonly id: string;
  readonly audience: Audience;
  readonly name: string;
  readonly language: Language;
};

/** A validated config with its look-ups built once, at load. */
export type Config = ParsedConfig & {
  readonly accountsById: ReadonlyMap<string, AccountConfig>;
  readonly receiversById: ReadonlyMap<string, Receiver>;
};

export const indexConfig = (config: ParsedConfig): Config => {
  const receivers: Receiver[] = [
    ...config.team.levels.map((id) => ({
      id,
      audience: 'team' as const,
      name: config.team.name,
      language: config.team.language,
    })),
    ...config.asps.map((asp) => ({ ...asp, audience: 'asp' as const })),
    ...config.municipalities.map((municipality) => ({ ...municipality, audience: 'municipality' as const })),
  ];
  return {
    ...config,
    accountsById: new Map(config.accounts.map((account) => [account.id, account])),
    receiversById: new Map(receivers.map((receiver) => [receiver.id, receiver])),
  };
};

/** The receiver an id names; ids are checked at load, so a miss is a programming error. */
export const receiverById = (config: Config, id: string): Receiver => {
  const receiver = config.receiversById.get(id);
  if (receiver === undefined) throw new Error(`unknown receiver "${id}"`);
  return receiver;
};
