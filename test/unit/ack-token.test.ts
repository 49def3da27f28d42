import { describe, expect, it } from 'vitest';
import { type AckClaims, signAckToken, verifyAckToken } from '../../shared/ack-token.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const claims: AckClaims = {
  incidentId: 'INC-1f690f27-1',
  receiver: 'team-oncall',
  action: 'ack',
  expiresAt: 2_000,
};

describe('signed acknowledge tokens', () => {
  it('verifies a token it signed, before it expires', () => {
    expect(verifyAckToken(signAckToken(claims, SECRET), SECRET, 1_999)).toEqual({ valid: true, claims });
  });

  it('refuses it at and after its expiry', () => {
    expect(verifyAckToken(signAckToken(claims, SECRET), SECRET, 2_000)).toEqual({
      valid: false,
      reason: 'expired',
    });
  });

  it('refuses a token signed with another secret', () => {
    expect(
      verifyAckToken(signAckToken(claims, 'another-secret-of-thirty-two-characters'), SECRET, 0),
    ).toEqual({
      valid: false,
      reason: 'forged',
    });
  });

  it('refuses a token whose claims were changed (another incident, receiver, action or expiry)', () => {
    const token = signAckToken(claims, SECRET);
    const [, signature] = token.split('.');
    for (const changed of [
      { ...claims, incidentId: 'INC-00000000-1' },
      { ...claims, receiver: 'asp-a' },
      { ...claims, action: 'resolve' as const },
      { ...claims, expiresAt: 9_999_999_999 },
    ]) {
      const [payload] = signAckToken(changed, 'whatever-secret-is-used-here-00000').split('.');
      expect(verifyAckToken(`${payload}.${signature}`, SECRET, 0)).toEqual({
        valid: false,
        reason: 'forged',
      });
    }
  });

  it.each(['', 'abc', 'a.b.c', '.', `${'x'.repeat(10)}.`])('refuses the malformed token %j', (token) => {
    expect(verifyAckToken(token, SECRET, 0).valid).toBe(false);
  });
});
