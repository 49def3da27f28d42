import '../zod-locale.js';
import * as z from 'zod/mini';
import { ALERT_SOURCES, CATEGORIES, FLAGS, OWNERS, SEVERITIES, type Severity } from '../model.js';
import { receiversSchema } from './channels-schema.js';
import { parseDuration } from './duration.js';

/**
 * The config file (DESIGN §10): the registry of team, ASPs, municipalities and accounts, ordered routes,
 * silences, repeat interval and escalation. Shape errors come from zod; cross-references (an account's ASP, a
 * route's receivers) are checked in `check.ts`, so every problem is reported at once with its path.
 */

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const receiverId = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1–63 lower-case letters, digits or hyphens'));

const accountId = z.pipe(
  z.union([z.string(), z.pipe(z.number(), z.transform(String))]),
  z
    .string()
    .check(z.regex(/^\d{12}$/, 'must be a 12-digit AWS account id (quote it in YAML: "012345678901")')),
);

const isDuration = (value: string): boolean => parseDuration(value) !== undefined;

const duration = z.pipe(
  z.string().check(z.refine(isDuration, 'must be a duration such as 30s, 15m, 24h or 1h30m')),
  z.transform((value) => parseDuration(value) ?? 0),
);

const instant = z
  .pipe(
    z.union([z.string(), z.date()]),
    z.transform((value) => (value instanceof Date ? value.getTime() : Date.parse(value))),
  )
  .check(z.refine((millis) => Number.isFinite(millis), 'must be a time such as 2026-11-27T18:00:00+09:00'));

/**
 * A matcher value: one string or a list; a list matches when any element does. (A transform piped into the array
 * is what classic zod's `preprocess` built; zod/mini has no `preprocess`.)
 */
const oneOrMany = <T extends z.ZodMiniType<string>>(item: T) =>
  z.pipe(
    z.transform((value) => (Array.isArray(value) ? value : [value])),
    z.array(item).check(z.minLength(1, 'must list at least one value')),
  );

const severity = z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` });

export const matchersSchema = z.strictObject({
  source: z.optional(
    oneOrMany(z.enum(ALERT_SOURCES, { error: `must be one of ${ALERT_SOURCES.join(', ')}` })),
  ),
  category: z.optional(oneOrMany(z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(', ')}` }))),
  /** Glob on the finding type / eventTypeCode / rule name: `*` any run of characters, `?` one character. */
  type: z.optional(oneOrMany(z.string().check(z.minLength(1)))),
  account: z.optional(oneOrMany(accountId)),
  asp: z.optional(oneOrMany(receiverId)),
  municipality: z.optional(oneOrMany(receiverId)),
  region: z.optional(oneOrMany(z.string().check(z.minLength(1)))),
  severity: z.optional(oneOrMany(severity)),
  environment: z.optional(oneOrMany(z.string().check(z.minLength(1)))),
  flag: z.optional(oneOrMany(z.enum(FLAGS, { error: `must be one of ${FLAGS.join(', ')}` }))),
});
export type Matchers = z.infer<typeof matchersSchema>;

const routeSchema = z.strictObject({
  name: z.optional(z.string().check(z.minLength(1))),
  match: z._default(matchersSchema, {}),
  /** Replaces the severity before the policy table is applied. */
  severity: z.optional(severity),
  owner: z.optional(z.enum(OWNERS)),
  /** The lowest severity of a security or compliance alert that each audience is told (defaults MEDIUM, HIGH). */
  thresholds: z.optional(z.strictObject({ team: z.optional(severity), asp: z.optional(severity) })),
  /** Switches an audience of the policy table on or off. */
  notify: z.optional(
    z.strictObject({
      team: z.optional(z.boolean()),
      asp: z.optional(z.boolean()),
      municipalities: z.optional(z.boolean()),
    }),
  ),
  /** More receivers (team levels, ASP or municipality ids); isolation still applies (§7). */
  receivers: z.optional(z.array(receiverId)),
  escalates: z.optional(z.boolean()),
  continue: z._default(z.boolean(), false),
});
export type RouteConfig = z.infer<typeof routeSchema>;

const silenceSchema = z.strictObject({
  name: z.optional(z.string().check(z.minLength(1))),
  match: matchersSchema,
  startsAt: instant,
  endsAt: instant,
  comment: z.optional(z.string()),
});
export type SilenceConfig = z.infer<typeof silenceSchema>;

const escalationStepSchema = z.strictObject({
  ackWithin: duration,
  repeat: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(10)), 3),
});
export type EscalationPolicy = z.infer<typeof escalationStepSchema>;

/**
 * Escalation timing by severity. Which incidents escalate comes from the policy table (§4); this says how fast.
 * MEDIUM is used only by the table's escalating MEDIUM row (Health `investigation`), so it gets a slower default.
 */
export const DEFAULT_ESCALATION: Partial<Record<Severity, EscalationPolicy>> = {
  CRITICAL: { ackWithin: 15 * 60_000, repeat: 3 },
  HIGH: { ackWithin: 30 * 60_000, repeat: 3 },
  MEDIUM: { ackWithin: 60 * 60_000, repeat: 3 },
};

const named = {
  id: receiverId,
  name: z.string().check(z.minLength(1, 'must not be empty')),
  language: z._default(z.enum(LANGUAGES, { error: 'must be ja or en' }), 'ja'),
};

/**
 * An EventBridge event bus ARN (`arn:aws:events:<region>:<account>:event-bus/<name>`): where the hub forwards an
 * ASP's lifecycle events (DESIGN §11). Bus names are 1–256 of `A-Z a-z 0-9 . _ - /`.
 */
const eventBusArn = z
  .string()
  .check(
    z.regex(
      /^arn:aws:events:[a-z]{2}(-[a-z]+)+-\d:\d{12}:event-bus\/[A-Za-z0-9._\-/]{1,256}$/,
      'must be the ARN of an EventBridge event bus: arn:aws:events:<region>:<12-digit account>:event-bus/<name>',
    ),
  );

const aspSchema = z.strictObject({
  ...named,
  /** The ASP's own event bus: a hub rule forwards this ASP's lifecycle events (`detail.asp`) to it. */
  eventBusArn: z.optional(eventBusArn),
});

const accountSchema = z.strictObject({
  id: accountId,
  name: z.string().check(z.minLength(1, 'must not be empty')),
  asp: receiverId,
  municipalities: z
    .array(receiverId)
    .check(z.minLength(1, 'must list at least one municipality (単独利用: one; 共同利用: several)')),
  system: z.string().check(z.minLength(1, 'must not be empty')),
  environment: z.optional(z.string().check(z.minLength(1))),
  reportsFor: z._default(z.array(accountId), []),
  /**
   * `reportsFor` normally names accounts of the same ASP (an aggregator of its own workloads). Relaying another
   * ASP's account shows that ASP's findings to this account's ASP (§7), so it must be asked for explicitly.
   */
  reportsForOtherAsps: z._default(z.boolean({ error: 'must be true or false' }), false),
  /** Pins the account to hub bus n (1 = alert-router-hub); without it, its position in `accounts` decides (issue 17). */
  busShard: z.optional(z.number().check(z.int('must be a whole number'), z.minimum(1), z.maximum(99))),
});
export type AccountConfig = z.infer<typeof accountSchema>;

/**
 * The incident console (DESIGN §14; H6): present, the hub stack deploys the Cognito user pool and the console
 * function; absent, neither. `domainPrefix` names the managed login domain
 * (`https://<prefix>.auth.<region>.amazoncognito.com`, unique in the region); `url`, when the console sits behind
 * a domain of its own (CloudFront), is the address users open; without it, the function URL is.
 */
const consoleSchema = z.strictObject({
  domainPrefix: z.string().check(
    z.regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1–63 lower-case letters, digits or hyphens'),
    z.refine(
      (prefix) => !/aws|amazon|cognito/.test(prefix),
      'must not contain "aws", "amazon" or "cognito" (Cognito refuses such domains)',
    ),
  ),
  url: z.optional(
    z
      .string()
      .check(
        z.refine(
          (value) => isHttpsBase(value),
          'must be an https:// address without query or fragment, such as https://console.example.jp',
        ),
      ),
  ),
});
export type ConsoleConfig = z.infer<typeof consoleSchema>;

export const configSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  timezone: z
    ._default(z.string(), 'Asia/Tokyo')
    .check(z.refine((zone) => isTimeZone(zone), 'must be an IANA time zone such as Asia/Tokyo')),
  team: z.strictObject({
    name: z.string().check(z.minLength(1, 'must not be empty')),
    levels: z.array(receiverId).check(z.minLength(1, 'must list at least one receiver id')),
    language: z._default(z.enum(LANGUAGES, { error: 'must be ja or en' }), 'ja'),
    /** Whom municipal staff call about a notice (DESIGN §12): shown at the end of every municipal notice. */
    contact: z.optional(
      z.strictObject({
        name: z.string().check(z.minLength(1, 'must not be empty')),
        phone: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
        email: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
      }),
    ),
  }),
  asps: z.array(aspSchema).check(z.minLength(1, 'must list at least one ASP')),
  municipalities: z._default(z.array(z.strictObject(named)), []),
  /** Where each receiver's messages go (DESIGN §13); a receiver not listed gets email on its topic. */
  receivers: receiversSchema,
  console: z.optional(consoleSchema),
  accounts: z._default(z.array(accountSchema), []),
  routes: z._default(z.array(routeSchema), []),
  silences: z._default(z.array(silenceSchema), []),
  repeatInterval: z._default(duration, 24 * 3_600_000),
  /** How long resolved incidents, earlier episodes and their records are kept (issue 16: ≥ 13 months for 年度). */
  retention: z._default(duration, 400 * 86_400_000),
  escalation: z.pipe(
    z._default(z.partialRecord(severity, escalationStepSchema), {}),
    z.transform((given) => ({ ...DEFAULT_ESCALATION, ...given })),
  ),
  /**
   * Storm control for what does not page (MEDIUM and below, application alarms): per receiver, account and
   * source, the first notification waits `wait`, then at most one digest goes out per `interval`.
   */
  grouping: z._default(
    z.strictObject({
      enabled: z._default(z.boolean(), true),
      wait: z._default(duration, 30_000),
      interval: z._default(duration, 5 * 60_000),
    }),
    { enabled: true, wait: 30_000, interval: 5 * 60_000 },
  ),
  /**
   * Numbered reports to municipalities (DESIGN §12): an AWS update becomes the next report at most once per
   * `minInterval` per municipality; an open-state notice promises the next one within `nextReport`.
   */
  municipalityUpdates: z._default(
    z.strictObject({
      minInterval: z._default(duration, 30 * 60_000),
      nextReport: z._default(duration, 60 * 60_000),
    }),
    { minInterval: 30 * 60_000, nextReport: 60 * 60_000 },
  ),
});

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.infer<typeof configSchema>;

const isHttpsBase = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.search === '' && url.hash === '' && url.username === '';
  } catch {
    return false;
  }
};

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
