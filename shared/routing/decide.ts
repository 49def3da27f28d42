import type { Config } from '../config/registry.js';
import type { Held } from '../incident.js';
import { formatLocalTime } from '../local-time.js';
import type { Audience, Owner, Severity } from '../model.js';
import { routesOf, silencesOf } from './compiled.js';
import { DEFAULT_THRESHOLDS, defaultPolicy, isProduction, type Thresholds } from './policy.js';
import { matchRoutes } from './routes.js';
import { activeSilence } from './silences.js';
import type { Subject } from './subject.js';
import type { TrustedAlert } from './trust.js';

/** One receiver to tell, with its audience (DESIGN §9 `notify[]`). */
export type Target = { readonly audience: Audience; readonly receiver: string };

/**
 * The routing decision for one alert: owner, who is told of its trigger now, whether it escalates, and why.
 * `targets` is empty when the alert is recorded but not sent (below threshold, muted, silenced).
 */
export type Decision = {
  readonly severity: Severity;
  readonly owner: Owner;
  readonly targets: readonly Target[];
  readonly escalates: boolean;
  readonly silenced: boolean;
  /**
   * What a silence held back: told (and escalated) at the window's end if the incident is then still open and
   * unacknowledged (§4). Absent when no silence covers the alert or it would have told nobody.
   */
  readonly held?: Held;
  readonly reasons: readonly string[];
};

/**
 * Decides owner and receivers (DESIGN §4, §7): ordered routes adjust the default policy table, silences mute,
 * and the isolation guard removes any receiver outside the alert's own tenant, whatever a route says.
 */
export const decide = (alert: TrustedAlert, config: Config, now: number): Decision => {
  const reasons: string[] = [];
  const matched = matchRoutes(subjectOf(alert, alert.severity), routesOf(config));
  for (const route of matched) {
    reasons.push(`route: ${route.name} matched (${route.why})${route.continued ? ', continue' : ''}`);
  }

  let severity = alert.severity;
  let thresholds: Thresholds = DEFAULT_THRESHOLDS;
  for (const { route } of matched) {
    if (route.severity !== undefined && route.severity !== severity) {
      reasons.push(`route: severity ${severity} → ${route.severity}`);
      severity = route.severity;
    }
    if (route.thresholds !== undefined) thresholds = { ...thresholds, ...route.thresholds };
  }

  const policy = defaultPolicy(alert, severity, thresholds);
  reasons.push(`policy: ${policy.row}`);
  let { owner, team, asp, municipalities, escalates } = policy;
  const extra: string[] = [];
  for (const { route } of matched) {
    const before = { owner, team, asp, municipalities, escalates };
    owner = route.owner ?? owner;
    team = route.notify?.team ?? team;
    asp = route.notify?.asp ?? asp;
    municipalities = route.notify?.municipalities ?? municipalities;
    escalates = route.escalates ?? escalates;
    extra.push(...(route.receivers ?? []));
    const changed = [
      owner !== before.owner ? `owner ${owner}` : '',
      team !== before.team ? `team ${team ? 'told' : 'not told'}` : '',
      asp !== before.asp ? `ASP ${asp ? 'told' : 'not told'}` : '',
      municipalities !== before.municipalities
        ? `municipalities ${municipalities ? 'told' : 'not told'}`
        : '',
      escalates !== before.escalates ? (escalates ? 'escalates' : 'does not escalate') : '',
      route.receivers?.length ? `adds ${route.receivers.join(', ')}` : '',
    ].filter(Boolean);
    if (changed.length > 0) reasons.push(`route: ${route.name ?? 'route'} → ${changed.join(', ')}`);
  }

  const wanted: Target[] = [];
  const firstLevel = config.team.levels[0];
  if (team && firstLevel !== undefined) wanted.push({ audience: 'team', receiver: firstLevel });
  if (asp && alert.account) wanted.push({ audience: 'asp', receiver: alert.account.asp });
  if (municipalities && alert.account) {
    for (const id of alert.account.municipalities) wanted.push({ audience: 'municipality', receiver: id });
  }
  for (const id of extra) {
    const receiver = config.receiversById.get(id);
    if (receiver) wanted.push({ audience: receiver.audience, receiver: id });
  }
  let targets = isolate(alert, unique(wanted), reasons);

  if (alert.quiet && targets.length > 0) {
    reasons.push('recorded, not sent: the alarm owner suppressed its actions');
    targets = [];
  } else if (wanted.length > 0 && targets.length === 0) {
    reasons.push('recorded, not sent: no receiver is left for this alert');
  }
  if (alert.status === 'resolved') escalates = false;
  const silence = activeSilence(subjectOf(alert, severity), silencesOf(config), now);
  let held: Held | undefined;
  if (silence !== undefined && targets.length > 0) {
    reasons.push(
      `silenced by ${silence.name} until ${formatLocalTime(silence.endsAt, config.timezone)}: recorded, not sent; sent then if still open and unacknowledged`,
    );
    if (alert.status === 'open') {
      const pages = escalates && targets.some((target) => target.audience === 'team');
      held = { until: silence.endsAt, targets, escalates: pages };
    }
    targets = [];
  }
  const teamTold = targets.some((target) => target.audience === 'team');
  if (escalates && !teamTold) escalates = false;
  return {
    severity,
    owner,
    targets,
    escalates,
    silenced: silence !== undefined,
    ...(held ? { held } : {}),
    reasons,
  };
};

/** The alert is its own subject, unless a route changed its severity. */
const subjectOf = (alert: TrustedAlert, severity: Severity): Subject =>
  severity === alert.severity
    ? alert
    : {
        source: alert.source,
        category: alert.category,
        type: alert.type,
        accountId: alert.accountId,
        account: alert.account,
        region: alert.region,
        severity,
        flags: alert.flags,
      };

/**
 * Tenant isolation (§7), enforced on the final list so no route can bend it: an ASP hears only of its own
 * accounts; a municipality hears only of outages of its own accounts, never of security or compliance.
 */
const isolate = (alert: TrustedAlert, targets: readonly Target[], reasons: string[]): Target[] =>
  targets.filter((target) => {
    if (target.audience === 'asp' && target.receiver !== alert.account?.asp) {
      reasons.push(`isolation: ${target.receiver} removed (account ${alert.accountId} is not theirs)`);
      return false;
    }
    if (target.audience === 'municipality') {
      const own = alert.account?.municipalities.includes(target.receiver) ?? false;
      const outage = alert.category === 'health' && alert.health?.risk !== true;
      const production = alert.account !== undefined && isProduction(alert.account);
      if (!own || !outage || !production) {
        const why = !own
          ? `account ${alert.accountId} is not theirs`
          : !outage
            ? 'municipalities get outage notices only'
            : `account ${alert.accountId} is not a production account`;
        reasons.push(`isolation: ${target.receiver} removed (${why})`);
        return false;
      }
    }
    return true;
  });

/** A receiver reached twice (a route adding the account's own ASP) is told once. */
const unique = (targets: readonly Target[]): readonly Target[] =>
  targets.length < 2 ? targets : [...new Map(targets.map((target) => [target.receiver, target])).values()];
