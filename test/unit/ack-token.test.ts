import { describe, expect, it } from 'vitest';
import { type AckClaims, isAckTokenShaped, signAckToken, verifyAckToken } from '../../shared/ack-token.js';

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

describe('canonical encodings (issue 18 #12)', () => {
  const token = signAckToken(claims, SECRET);
  const [payload = '', signature = ''] = token.split('.');

  it.each([
    ['padding after the signature', `${payload}.${signature}=`],
    ['trailing junk after the signature', `${payload}.${signature}!!`],
    ['padding after the payload', `${payload}=.${signature}`],
    [
      'standard base64 instead of base64url',
      `${payload}.${signature.replace(/-/g, '+').replace(/_/g, '/')}+`,
    ],
    ['a space inside', `${payload}.${signature.slice(0, 5)} ${signature.slice(5)}`],
  ])('refuses a token with %s', (_case, variant) => {
    expect(variant).not.toBe(token);
    expect(verifyAckToken(variant, SECRET, 0)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('refuses a signature that decodes to the right bytes from a non-canonical spelling', () => {
    // The last base64url character of a 32-byte signature carries 2 unused bits: flipping them keeps the bytes.
    const last = signature.at(-1) ?? 'A';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const index = alphabet.indexOf(last);
    const sibling = alphabet[index ^ 1] ?? last;
    const variant = `${payload}.${signature.slice(0, -1)}${sibling}`;
    expect(Buffer.from(variant.split('.')[1] ?? '', 'base64url')).toEqual(
      Buffer.from(signature, 'base64url'),
    );
    expect(verifyAckToken(variant, SECRET, 0)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('refuses an overlong token before any work', () => {
    expect(verifyAckToken(`${payload}.${signature}`.padEnd(5000, 'A'), SECRET, 0)).toEqual({
      valid: false,
      reason: 'malformed',
    });
  });
});

describe('the token shape is checked without the secret (issue 18 #1)', () => {
  it('tells a well-shaped token from junk', () => {
    expect(isAckTokenShaped(signAckToken(claims, SECRET))).toBe(true);
    for (const junk of ['', 'x', 'a.b', `${'A'.repeat(40)}.${'B'.repeat(43)}=`, 'x'.repeat(5000)])
      expect(isAckTokenShaped(junk), junk.slice(0, 20)).toBe(false);
  });
});

describe('secret rotation (issue 18 #9)', () => {
  const PREVIOUS = 'the-previous-secret-of-thirty-two-characters';

  it('accepts a link signed with the previous secret version while it is kept', () => {
    const old = signAckToken(claims, PREVIOUS);
    expect(verifyAckToken(old, [SECRET, PREVIOUS], 0)).toEqual({ valid: true, claims });
    expect(verifyAckToken(old, [SECRET], 0)).toEqual({ valid: false, reason: 'forged' });
  });

  it('accepts a link signed with the current version whatever else is kept', () => {
    expect(verifyAckToken(signAckToken(claims, SECRET), [SECRET, PREVIOUS], 0)).toEqual({
      valid: true,
      claims,
    });
  });

  it('refuses everything without a secret', () => {
    expect(verifyAckToken(signAckToken(claims, SECRET), [], 0)).toEqual({ valid: false, reason: 'forged' });
  });
});
