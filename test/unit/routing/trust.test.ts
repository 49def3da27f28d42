import { describe, expect, it } from 'vitest';
import { explainAlert } from '../../../shared/pipeline/explain.js';
import { anAlert } from '../../helpers/alerts.js';
import { aConfig } from '../../helpers/config.js';
import { type EventCopy, loadEvent, withChanges } from '../../helpers/events.js';
import { aHarness } from '../../helpers/harness.js';
import { GUARDDUTY_FINGERPRINT } from '../../helpers/story-events.js';

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

describe('a refused claim end to end (DESIGN §7)', () => {
  // 333333333333 (asp-c) does not report for 111111111111 (asp-a). Found by test/reliability/properties.test.ts.
  const fromAnotherSpoke = (file: string, change: (copy: EventCopy) => void = () => {}) =>
    withChanges(loadEvent(file), (copy) => {
      copy.id = `${copy.id}-from-333`;
      copy.account = '333333333333';
      change(copy);
    });

  it("cannot resolve the claimed account's incident, nor send its ASP a resolve", async () => {
    // Prepare
    const h = aHarness(config);
    await h.send(loadEvent('guardduty/high-exfiltration-1st.json'));

    // Act
    await h.send(fromAnotherSpoke('guardduty/high-exfiltration-archived.json'));

    // Assess
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('open');
    expect(h.sent()).toEqual(['team-oncall:trigger', 'asp-a:trigger']);
  });

  it("cannot make the claimed account's own later updates stale by sending a newer version", async () => {
    // Prepare
    const h = aHarness(config);
    await h.send(loadEvent('guardduty/high-exfiltration-1st.json'));
    await h.send(
      fromAnotherSpoke('guardduty/high-exfiltration-1st.json', (copy) => {
        copy.time = '2026-11-27T01:10:00Z';
        copy.detail.updatedAt = '2099-01-01T00:00:00.000Z';
      }),
    );

    // Act
    await h.send(loadEvent('guardduty/high-exfiltration-archived.json'));

    // Assess
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('resolved');
    expect(h.sent()).toEqual([
      'team-oncall:trigger',
      'asp-a:trigger',
      'team-oncall:trigger',
      'team-oncall:resolve',
      'asp-a:resolve',
    ]);
  });

  it('keeps an unregistered sender off a registered incident that shares its key (a Health event)', () => {
    const decision = explainAlert(
      anAlert({ envelopeAccount: '999999999999', fingerprint: 'health:arn:shared' }),
      config,
    );

    expect(decision.fingerprint).toBe('health:arn:shared');
    expect(decision.reasons).toContain(
      'trust: kept apart from health:arn:shared as refused:999999999999:health:arn:shared',
    );
  });
});
