import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed acknowledge links (DESIGN §6): a token names the incident, the receiver it was sent to, the action it
 * allows and when it expires, and carries an HMAC-SHA256 of all of that under a secret only the hub knows. A
 * forged, altered or expired token is refused, and one incident's token never acts on another.
 */
export const ACK_ACTIONS = ['ack', 'resolve'] as const;
export type AckAction = (typeof ACK_ACTIONS)[number];

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

const encode = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const sign = (payload: string, secret: string): Buffer =>
  createHmac('sha256', secret).update(payload).digest();

/** `<payload>.<signature>`, both base64url: safe in a URL, no padding. */
export const signAckToken = (claims: AckClaims, secret: string): string => {
  const payload = encode(
    JSON.stringify([claims.incidentId, claims.receiver, claims.action, claims.expiresAt]),
  );
  return `${payload}.${sign(payload, secret).toString('base64url')}`;
};

/** Checks signature first (constant time), then shape, then expiry against `nowSeconds`. */
export const verifyAckToken = (token: string, secret: string, nowSeconds: number): AckVerdict => {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { valid: false, reason: 'malformed' };
  const expected = sign(payload, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { valid: false, reason: 'forged' };
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
