import type { Problem } from '../errors.js';
import { checkReceiverChannels } from './check-channels.js';
import type { Matchers, ParsedConfig } from './schema.js';

/**
 * Cross-reference checks the schema cannot express: every id an account, route or silence names must exist,
 * and no receiver id may be used twice (a receiver id is also an SNS topic name).
 */
export const checkReferences = (config: ParsedConfig): Problem[] => {
  const problems: Problem[] = [];
  const asps = new Set(config.asps.map((asp) => asp.id));
  const municipalities = new Set(config.municipalities.map((municipality) => municipality.id));
  const accounts = new Set(config.accounts.map((account) => account.id));
  const aspOfAccount = new Map(config.accounts.map((account) => [account.id, account.asp]));
  // An unknown ASP is reported once, at its own path: not again as a crossing.
  const crossesAsps = (own: string, other: string | undefined): boolean =>
    other !== undefined && other !== own && asps.has(own) && asps.has(other);
  const receivers = new Set([...config.team.levels, ...asps, ...municipalities]);

  const seen = new Map<string, string>();
  const claim = (id: string, path: string): void => {
    const earlier = seen.get(id);
    if (earlier === undefined) seen.set(id, path);
    else problems.push({ path, reason: `receiver id "${id}" is already used at ${earlier}` });
  };
  for (const [i, id] of config.team.levels.entries()) claim(id, `team.levels[${i}]`);
  for (const [i, asp] of config.asps.entries()) claim(asp.id, `asps[${i}].id`);
  for (const [i, municipality] of config.municipalities.entries())
    claim(municipality.id, `municipalities[${i}].id`);

  // An ASP's bus receives everything forwarded to it: two ASPs on one bus would each read the other's events (§7).
  const busOwner = new Map<string, number>();
  config.asps.forEach((asp, i) => {
    if (asp.eventBusArn === undefined) return;
    const earlier = busOwner.get(asp.eventBusArn);
    if (earlier === undefined) busOwner.set(asp.eventBusArn, i);
    else
      problems.push({
        path: `asps[${i}].eventBusArn`,
        reason: `the bus is already asps[${earlier}]'s: each ASP needs a bus of its own, or it reads another ASP's events`,
      });
  });

  const accountSeen = new Map<string, number>();
  config.accounts.forEach((account, i) => {
    const path = `accounts[${i}]`;
    const earlier = accountSeen.get(account.id);
    if (earlier !== undefined)
      problems.push({
        path: `${path}.id`,
        reason: `account "${account.id}" is already listed at accounts[${earlier}]`,
      });
    else accountSeen.set(account.id, i);
    if (!asps.has(account.asp))
      problems.push({ path: `${path}.asp`, reason: `unknown ASP "${account.asp}"` });
    account.municipalities.forEach((id, j) => {
      if (!municipalities.has(id))
        problems.push({ path: `${path}.municipalities[${j}]`, reason: `unknown municipality "${id}"` });
    });
    account.reportsFor.forEach((id, j) => {
      if (id === account.id)
        problems.push({
          path: `${path}.reportsFor[${j}]`,
          reason: 'an account does not need to report for itself',
        });
      else if (!accounts.has(id))
        problems.push({ path: `${path}.reportsFor[${j}]`, reason: `unknown account "${id}"` });
      else if (crossesAsps(account.asp, aspOfAccount.get(id)) && !account.reportsForOtherAsps)
        problems.push({
          path: `${path}.reportsFor[${j}]`,
          reason: `account "${id}" belongs to ASP "${aspOfAccount.get(id)}", not to this account's ASP "${account.asp}": relaying another ASP's findings shows them to ${account.asp}; set reportsForOtherAsps: true on ${path} if that is intended`,
        });
    });
  });

  const checkMatchers = (matchers: Matchers, path: string): void => {
    matchers.asp?.forEach((id, j) => {
      if (!asps.has(id))
        problems.push({ path: `${path}.asp${index(matchers.asp, j)}`, reason: `unknown ASP "${id}"` });
    });
    matchers.municipality?.forEach((id, j) => {
      if (!municipalities.has(id))
        problems.push({
          path: `${path}.municipality${index(matchers.municipality, j)}`,
          reason: `unknown municipality "${id}"`,
        });
    });
  };
  config.routes.forEach((route, i) => {
    checkMatchers(route.match, `routes[${i}].match`);
    route.receivers?.forEach((id, j) => {
      if (!receivers.has(id))
        problems.push({ path: `routes[${i}].receivers[${j}]`, reason: `unknown receiver "${id}"` });
    });
  });
  config.silences.forEach((silence, i) => {
    checkMatchers(silence.match, `silences[${i}].match`);
    if (silence.endsAt <= silence.startsAt)
      problems.push({ path: `silences[${i}].endsAt`, reason: 'must be after startsAt' });
  });
  problems.push(...checkReceiverChannels(config, receivers));
  return problems;
};

/** A one-element matcher was written as a scalar, so its path has no index. */
const index = (list: readonly string[] | undefined, j: number): string =>
  (list?.length ?? 0) > 1 ? `[${j}]` : '';
