import { describe, expect, it } from 'vitest';
import { readConsoleSecret } from '../../../functions/console/handler.js';

/** The console secret as the hub stack makes it (`{clientId, sessionKey}`) or as an operator may put it (bare key). */
describe('console secret', () => {
  it("reads the hub stack's JSON: the app client id and the session key", () => {
    const value = JSON.stringify({ clientId: 'abc123client', sessionKey: 'k'.repeat(64) });
    expect(readConsoleSecret(value)).toEqual({ clientId: 'abc123client', sessionKey: 'k'.repeat(64) });
  });

  it('takes a value that is not JSON as the session key itself', () => {
    expect(readConsoleSecret('s'.repeat(40))).toEqual({ sessionKey: 's'.repeat(40) });
  });

  it('names what a JSON secret lacks, and never echoes the value', () => {
    const value = JSON.stringify({ sessionKey: 'secret-value-that-must-not-leak' });
    expect(() => readConsoleSecret(value)).toThrow(/lacks clientId/);
    try {
      readConsoleSecret(value);
    } catch (error) {
      expect(String(error)).not.toContain('secret-value-that-must-not-leak');
    }
    expect(() => readConsoleSecret('{not json')).toThrow(/not valid JSON/);
  });
});
