import * as z from 'zod';
import { ALERT_SOURCES, CATEGORIES, FLAGS, OWNERS, SEVERITIES, type Severity } from '../model.js';
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
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1–63 lower-case letters, digits or hyphens');

const accountId = z
  .union([z.string(), z.number().transform(String)])
  .pipe(z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id (quote it in YAML: "012345678901")'));

const duration = z
  .string()
  .refine((value) => parseDuration(value) !== undefined, 'must be a duration such as 30s, 15m, 24h or 1h30m')
  .transform((value) => parseDuration(value) ?? 0);

const instant = z
  .union([z.string(), z.date()])
  .transform((value) => (value instanceof Date ? value.getTime() : Date.parse(value)))
  .refine((millis) => Number.isFinite(millis), 'must be a time such as 2026-11-27T18:00:00+09:00');

/** A matcher value: one string or a list; a list matches when any element does. */
const oneOrMany = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess(
    (value) => (Array.isArray(value) ? value : [value]),
    z.array(item).min(1, 'must list at least one value'),
  );

const severity = z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` });

export const matchersSchema = z.strictObject({
  source: oneOrMany(
    z.enum(ALERT_SOURCES, { error: `must be one of ${ALERT_SOURCES.join(', ')}` }),
  ).optional(),
  category: oneOrMany(z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(', ')}` })).optional(),
  /** Glob on the finding type / eventTypeCode / rule name: `*` any run of characters, `?` one character. */
  type: oneOrMany(z.string().min(1)).optional(),
  account: oneOrMany(accountId).optional(),
  asp: oneOrMany(receiverId).optional(),
  municipality: oneOrMany(receiverId).optional(),
  region: oneOrMany(z.string().min(1)).optional(),
  severity: oneOrMany(severity).optional(),
  environment: oneOrMany(z.string().min(1)).optional(),
  flag: oneOrMany(z.enum(FLAGS, { error: `must be one of ${FLAGS.join(', ')}` })).optional(),
});
export type Matchers = z.infer<typeof matchersSchema>;

const routeSchema = z.strictObject({
  name: z.string().min(1).optional(),
  match: matchersSchema.default({}),
  /** Replaces the severity before the policy table is applied. */
  severity: severity.optional(),
  owner: z.enum(OWNERS).optional(),
  /** The lowest severity of a security or compliance alert that each audience is told (defaults MEDIUM, HIGH). */
  thresholds: z.strictObject({ team: severity.optional(), asp: severity.optional() }).optional(),
  /** Switches an audience of the policy table on or off. */
  notify: z
    .strictObject({
      team: z.boolean().optional(),
      asp: z.boolean().optional(),
      municipalities: z.boolean().optional(),
    })
    .optional(),
  /** More receivers (team levels, ASP or municipality ids); isolation still applies (§7). */
  receivers: z.array(receiverId).optional(),
  escalates: z.boolean().optional(),
  continue: z.boolean().default(false),
});
export type RouteConfig = z.infer<typeof routeSchema>;

const silenceSchema = z.strictObject({
  name: z.string().min(1).optional(),
  match: matchersSchema,
  startsAt: instant,
  endsAt: instant,
  comment: z.string().optional(),
});
export type SilenceConfig = z.infer<typeof silenceSchema>;

const escalationStepSchema = z.strictObject({
  ackWithin: duration,
  repeat: z.number().int().min(0).max(10).default(3),
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
  name: z.string().min(1, 'must not be empty'),
  language: z.enum(LANGUAGES, { error: 'must be ja or en' }).default('ja'),
};

const accountSchema = z.strictObject({
  id: accountId,
  name: z.string().min(1, 'must not be empty'),
  asp: receiverId,
  municipalities: z
    .array(receiverId)
    .min(1, 'must list at least one municipality (単独利用: one; 共同利用: several)'),
  system: z.string().min(1, 'must not be empty'),
  environment: z.string().min(1).optional(),
  reportsFor: z.array(accountId).default([]),
});
export type AccountConfig = z.infer<typeof accountSchema>;

export const configSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  timezone: z
    .string()
    .default('Asia/Tokyo')
    .refine((zone) => isTimeZone(zone), 'must be an IANA time zone such as Asia/Tokyo'),
  team: z.strictObject({
    name: z.string().min(1, 'must not be empty'),
    levels: z.array(receiverId).min(1, 'must list at least one receiver id'),
    language: z.enum(LANGUAGES, { error: 'must be ja or en' }).default('ja'),
  }),
  asps: z.array(z.strictObject(named)).min(1, 'must list at least one ASP'),
  municipalities: z.array(z.strictObject(named)).default([]),
  accounts: z.array(accountSchema).default([]),
  routes: z.array(routeSchema).default([]),
  silences: z.array(silenceSchema).default([]),
  repeatInterval: duration.default(24 * 3_600_000),
  escalation: z
    .partialRecord(severity, escalationStepSchema)
    .default({})
    .transform((given) => ({ ...DEFAULT_ESCALATION, ...given })),
  /**
   * Storm control for what does not page (MEDIUM and below, application alarms): per receiver, account and
   * source, the first notification waits `wait`, then at most one digest goes out per `interval`.
   */
  grouping: z
    .strictObject({
      enabled: z.boolean().default(true),
      wait: duration.default(30_000),
      interval: duration.default(5 * 60_000),
    })
    .default({ enabled: true, wait: 30_000, interval: 5 * 60_000 }),
});

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.infer<typeof configSchema>;

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
