import type { AlertSource } from '../model.js';
import { legacyControlId } from './legacy-control-ids.js';

/**
 * Which catalogue keys an alert may use, most specific first. Pure string work on the alert's `source`, `type`,
 * `resource` and `fingerprint`: the fingerprint tells a Security Hub copy of a GuardDuty or Inspector finding (the
 * native key, DESIGN §5) and carries the control id of a control finding (`control:{account}:{region}:{id}:…`).
 */

/** How specific the entry that answered is: `explain` shows it, tests assert it. */
export const MATCH_LEVELS = ['exact', 'family', 'service', 'source', 'generic'] as const;
export type MatchLevel = (typeof MATCH_LEVELS)[number];

export type Candidate = { readonly key: string; readonly level: MatchLevel };

/** What the lookup reads from an alert (an `Alert` fits as is). */
export type FirstResponseInput = {
  readonly source: AlertSource;
  readonly type: string;
  readonly resource: string;
  readonly fingerprint?: string;
};

export const GENERIC_KEY = 'generic';

const GENERIC: Candidate = { key: GENERIC_KEY, level: 'generic' };

const candidate = (key: string, level: MatchLevel): Candidate => ({ key, level });

// ── GuardDuty ───────────────────────────────────────────────────────────────────────────────────────

export type GuardDutyType = {
  readonly purpose: string;
  readonly resourceType: string;
  /** `ThreatFamily.Mechanism!Artifact`. */
  readonly rest: string;
};

/**
 * `ThreatPurpose:ResourceType/ThreatFamily…`, found anywhere in the text: a native type, an OCSF copy (the same) or
 * an ASFF copy (`TTPs/Initial Access/UnauthorizedAccess:IAMUser-InstanceCredentialExfiltration.OutsideAWS`, where
 * Security Hub turned the `/` into `-`).
 */
const GUARDDUTY_TYPE = /([A-Za-z0-9]+):([A-Za-z0-9]+)[/-]([^\s/]+)/;

export const parseGuardDutyType = (text: string): GuardDutyType | undefined => {
  const match = GUARDDUTY_TYPE.exec(text);
  if (!match) return undefined;
  const [, purpose, resourceType, rest] = match as unknown as [string, string, string, string];
  return { purpose, resourceType, rest };
};

const guarddutyCandidates = (text: string): readonly Candidate[] => {
  const parsed = parseGuardDutyType(text);
  if (!parsed) return [candidate('guardduty:finding', 'source'), GENERIC];
  const { purpose, resourceType, rest } = parsed;
  const family = `guardduty:${purpose}:${resourceType}`;
  const artifact = rest.indexOf('!');
  return [
    candidate(`${family}/${rest}`, 'exact'),
    ...(artifact === -1 ? [] : [candidate(`${family}/${rest.slice(0, artifact)}`, 'exact')]),
    candidate(family, 'family'),
    candidate(`guardduty:purpose:${purpose}`, 'family'),
    candidate(`guardduty:resource:${resourceType}`, 'family'),
    candidate('guardduty:finding', 'source'),
    GENERIC,
  ];
};

// ── Inspector ───────────────────────────────────────────────────────────────────────────────────────

const INSPECTOR_KINDS: readonly string[] = [
  'PACKAGE_VULNERABILITY',
  'CODE_VULNERABILITY',
  'NETWORK_REACHABILITY',
];

/** The Inspector kind from a native type, or from the ASFF type of a Security Hub copy. */
export const inspectorKind = (type: string): string | undefined => {
  const upper = type.trim().toUpperCase();
  if (INSPECTOR_KINDS.includes(upper)) return upper;
  if (/network reachability/i.test(type)) return 'NETWORK_REACHABILITY';
  if (/vulnerabilities\/cwe/i.test(type)) return 'CODE_VULNERABILITY';
  if (/vulnerabilities/i.test(type)) return 'PACKAGE_VULNERABILITY';
  return undefined;
};

/** What was scanned: the fix for a vulnerable package differs for an instance, an image and a function. */
export const scannedResourceKind = (resource: string): string | undefined => {
  if (/^i-[0-9a-f]+$/.test(resource) || /^arn:aws[a-z-]*:ec2:[^:]*:[^:]*:instance\//.test(resource))
    return 'EC2';
  if (/^arn:aws[a-z-]*:ecr:/.test(resource)) return 'ECR';
  if (/^arn:aws[a-z-]*:lambda:/.test(resource)) return 'Lambda';
  return undefined;
};

const inspectorCandidates = (type: string, resource: string): readonly Candidate[] => {
  const kind = inspectorKind(type);
  if (!kind) return [candidate('inspector:finding', 'source'), GENERIC];
  const scanned = scannedResourceKind(resource);
  return [
    ...(scanned ? [candidate(`inspector:${kind}:${scanned}`, 'exact')] : []),
    candidate(`inspector:${kind}`, 'family'),
    candidate('inspector:finding', 'source'),
    GENERIC,
  ];
};

// ── Security Hub ────────────────────────────────────────────────────────────────────────────────────

const SECURITY_CONTROL_ID = /^[A-Za-z][A-Za-z0-9]*\.\d+$/;

/** `control:{account}:{region}:{controlId}:{resource}` → the control id. */
const controlIdOfFingerprint = (fingerprint: string): string | undefined => {
  if (!fingerprint.startsWith('control:')) return undefined;
  const id = fingerprint.split(':', 4)[3];
  return id && SECURITY_CONTROL_ID.test(id) ? id : undefined;
};

export const securityControlId = (input: FirstResponseInput): string | undefined => {
  const fingerprint = input.fingerprint ?? '';
  return (
    controlIdOfFingerprint(fingerprint) ??
    (SECURITY_CONTROL_ID.test(input.type.trim()) ? input.type.trim() : undefined) ??
    legacyControlId(fingerprint, input.resource)
  );
};

/** `A/B/C` → `A/B/C`, `A/B`, `A`: the ASFF type namespace from the most specific down. */
const typePrefixes = (type: string): readonly string[] => {
  const parts = type.split('/').map((part) => part.trim());
  return parts.map((_, index) => parts.slice(0, parts.length - index).join('/')).filter(Boolean);
};

const securityhubCandidates = (input: FirstResponseInput): readonly Candidate[] => {
  const fingerprint = input.fingerprint ?? '';
  if (fingerprint.startsWith('guardduty:')) return guarddutyCandidates(input.type);
  if (fingerprint.startsWith('inspector:')) return inspectorCandidates(input.type, input.resource);
  const controlId = securityControlId(input);
  if (controlId) {
    return [
      candidate(`securityhub:control:${controlId}`, 'exact'),
      candidate(`securityhub:service:${controlId.slice(0, controlId.indexOf('.'))}`, 'service'),
      candidate('securityhub:control', 'source'),
      GENERIC,
    ];
  }
  return [
    ...typePrefixes(input.type).map((prefix) => candidate(`securityhub:type:${prefix}`, 'family')),
    candidate('securityhub:finding', 'source'),
    GENERIC,
  ];
};

// ── Health and root activity ────────────────────────────────────────────────────────────────────────

const healthCandidates = (type: string): readonly Candidate[] => {
  const family = /^(AWS_RISK|AWS_ABUSE)_/.exec(type)?.[1];
  return [
    candidate(`health:${type}`, 'exact'),
    ...(family ? [candidate(`health:${family}`, 'family')] : []),
    candidate('health:event', 'source'),
    GENERIC,
  ];
};

/** A root alert's type is `{service}:{eventName}`. */
const rootCandidates = (type: string): readonly Candidate[] => {
  const colon = type.indexOf(':');
  return [
    candidate(`root:${type}`, 'exact'),
    ...(colon > 0 ? [candidate(`root:${type.slice(0, colon)}`, 'service')] : []),
    candidate('root:activity', 'source'),
    GENERIC,
  ];
};

/** Every key the alert may use, most specific first; the last is always `generic`. */
export const candidateKeys = (input: FirstResponseInput): readonly Candidate[] => {
  switch (input.source) {
    case 'guardduty':
      return guarddutyCandidates(input.type);
    case 'securityhub':
      return securityhubCandidates(input);
    case 'inspector':
      return inspectorCandidates(input.type, input.resource);
    case 'health':
      return healthCandidates(input.type);
    case 'signin':
      return rootCandidates(input.type);
    case 'config':
    case 'cloudwatch':
      return [GENERIC];
  }
};
