import { describe, expect, it } from 'vitest';
import { explainAlert } from '../../../shared/pipeline/explain.js';
import { anAlert } from '../../helpers/alerts.js';
import { aConfig } from '../../helpers/config.js';

// 444444444444 (asp-b's audit account) reports for 222222222222 (asp-b); nothing reports for 111111111111.
const config = aConfig({ routes: [], silences: [] });

describe('the trust check (DESIGN §7)', () => {
  it('accepts a finding for another account when the sender reports for it', () => {
    const decision = explainAlert(
      anAlert({ envelopeAccount: '444444444444', accountId: '222222222222' }),
      config,
    );

    expect(decision.accountId).toBe('222222222222');
    expect(decision.flags).toContain('reports-for');
    expect(decision.notify.map((t) => t.receiver)).toEqual(['team-oncall', 'asp-b']);
  });

  it('keeps a finding that claims an account its sender does not report for on the sender, team only', () => {
    const decision = explainAlert(
      anAlert({ envelopeAccount: '333333333333', accountId: '111111111111' }),
      config,
    );

    expect(decision.accountId).toBe('333333333333');
    expect(decision.flags).toContain('account-mismatch');
    expect(decision.notify.map((t) => t.receiver)).toEqual(['team-oncall']);
    expect(decision.escalates).toBe(true);
  });

  it('does not let an unregistered sender speak for a registered account', () => {
    const decision = explainAlert(
      anAlert({ envelopeAccount: '999999999999', accountId: '111111111111' }),
      config,
    );

    expect(decision.accountId).toBe('999999999999');
    expect(decision.flags).toEqual(expect.arrayContaining(['unregistered-account', 'account-mismatch']));
    expect(decision.notify.map((t) => t.receiver)).toEqual(['team-oncall']);
  });

  it('does not let reportsFor reach past the accounts it lists', () => {
    const decision = explainAlert(
      anAlert({ envelopeAccount: '444444444444', accountId: '111111111111' }),
      config,
    );

    expect(decision.flags).toContain('account-mismatch');
    expect(decision.notify.map((t) => t.receiver)).not.toContain('asp-a');
  });
});
