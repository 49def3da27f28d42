import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed acknowledge links (DESIGN §6): a token names the incident, the receiver it was sent to, the action it
 * allows and when it expires, and carries an HMAC-SHA256 of all of that under a secret only the hub knows. A
 * forged, altered or expired token is refused, and one incident's token never acts on another.
 */
export const ACK_ACTIONS = ['ack', 'resolve'] as const;
export type AckAction = (typeof ACK_ACTIONS)[number];

/**
 * How long a signed link works unless `ACK_LINK_TTL` says otherwise: 12 hours. A page sent in the night still
 * works for the morning shift, an escalation ladder is over in about two hours, and an incident still open is
 * reminded with a fresh link; a leaked or forwarded mail is a bearer token for no longer than that.
 */
export const ACK_LINK_TTL_DEFAULT = '12h';

export type AckClaims = {
  readonly incidentId: string;
  readonly receiver: string;
  readonly action: AckAction;
  /** Epoch seconds. */
  readonly expiresAt: number;
};

export type AckVerdict =
  | { readonly valid: true; readonly claims: AckClaims }
  | { readonly valid: false; readonly reason: 'malformed' | 'forged' | 'expired' };

/** Far above a real token (about 130 characters): anything longer is refused before it is decoded. */
const MAX_TOKEN_LENGTH = 1024;
/** An HMAC-SHA256 is 32 bytes: 43 base64url characters without padding. */
const SIGNATURE_LENGTH = 43;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const encode = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const sign = (payload: string, secret: string): Buffer =>
  createHmac('sha256', secret).update(payload).digest();

/**
 * Node decodes base64url leniently (padding, `+`/`/`, junk and unused trailing bits are accepted), so one signature
 * has many spellings. Only the canonical one is accepted: the text must be exactly what encoding its bytes gives.
 */
const canonical = (text: string): Buffer | undefined => {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
};

/** Splits a token into its two canonical parts, or nothing: the shape check, which needs no secret. */
const parts = (token: string): { payload: string; signature: Buffer } | undefined => {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const [payload, signature, extra] = token.split('.');
  if (!payload || signature?.length !== SIGNATURE_LENGTH || extra !== undefined) return undefined;
  const signatureBytes = canonical(signature);
  if (canonical(payload) === undefined || signatureBytes === undefined) return undefined;
  return { payload, signature: signatureBytes };
};

/**
 * True when the token could be one we signed (two canonical base64url parts, a 32-byte signature, a bounded
 * length). The acknowledge endpoint checks this before it fetches the secret, so junk costs no API call.
 */
export const isAckTokenShaped = (token: string): boolean => parts(token) !== undefined;

/** `<payload>.<signature>`, both base64url: safe in a URL, no padding. */
export const signAckToken = (claims: AckClaims, secret: string): string => {
  const payload = encode(
    JSON.stringify([claims.incidentId, claims.receiver, claims.action, claims.expiresAt]),
  );
  return `${payload}.${sign(payload, secret).toString('base64url')}`;
};

/**
 * Checks the shape, then the signature (constant time) under each secret given — the current version and, after a
 * rotation, the previous one, so links already sent keep working until they expire —, then the claims, then expiry
 * against `nowSeconds`.
 */
export const verifyAckToken = (
  token: string,
  secrets: string | readonly string[],
  nowSeconds: number,
): AckVerdict => {
  const split = parts(token);
  if (split === undefined) return { valid: false, reason: 'malformed' };
  const { payload, signature } = split;
  const signedByUs = [secrets].flat().some((secret) => timingSafeEqual(signature, sign(payload, secret)));
  if (!signedByUs) return { valid: false, reason: 'forged' };
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  if (!Array.isArray(fields) || fields.length !== 4) return { valid: false, reason: 'malformed' };
  const [incidentId, receiver, action, expiresAt] = fields as unknown[];
  if (
    typeof incidentId !== 'string' ||
    typeof receiver !== 'string' ||
    !ACK_ACTIONS.includes(action as AckAction) ||
    typeof expiresAt !== 'number'
  ) {
    return { valid: false, reason: 'malformed' };
  }
  if (expiresAt <= nowSeconds) return { valid: false, reason: 'expired' };
  return { valid: true, claims: { incidentId, receiver, action: action as AckAction, expiresAt } };
};
