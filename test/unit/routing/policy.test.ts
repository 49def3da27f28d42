import { describe, expect, it } from 'vitest';
import { explainAlert } from '../../../shared/pipeline/explain.js';
import type { Target } from '../../../shared/routing/decide.js';
import { aHealthAlert, anAlert } from '../../helpers/alerts.js';
import { aConfig } from '../../helpers/config.js';

// The example registry: 111111111111 → asp-a, [city-aoba]; 222222222222 → asp-b, [city-sakura, town-midori].
const config = aConfig({ routes: [], silences: [] });
const receivers = (notify: readonly Target[]) => notify.map((t) => `${t.audience}:${t.receiver}`);

describe('the default policy table (DESIGN §4)', () => {
  it.each([
    ['security CRITICAL', anAlert({ severity: 'CRITICAL' }), 'team', ['team:team-oncall', 'asp:asp-a'], true],
    ['security HIGH', anAlert({ severity: 'HIGH' }), 'team', ['team:team-oncall', 'asp:asp-a'], true],
    [
      'compliance HIGH',
      anAlert({ category: 'compliance', source: 'securityhub', severity: 'HIGH' }),
      'team',
      ['team:team-oncall', 'asp:asp-a'],
      true,
    ],
    ['security MEDIUM', anAlert({ severity: 'MEDIUM' }), 'team', ['team:team-oncall'], false],
    [
      'compliance MEDIUM',
      anAlert({ category: 'compliance', source: 'config', severity: 'MEDIUM' }),
      'team',
      ['team:team-oncall'],
      false,
    ],
    ['security LOW', anAlert({ severity: 'LOW' }), 'team', [], false],
    ['security INFORMATIONAL', anAlert({ severity: 'INFORMATIONAL' }), 'team', [], false],
    [
      'health issue',
      aHealthAlert('issue'),
      'team',
      ['team:team-oncall', 'asp:asp-a', 'municipality:city-aoba'],
      true,
    ],
    [
      'health investigation',
      aHealthAlert('investigation'),
      'team',
      ['team:team-oncall', 'asp:asp-a', 'municipality:city-aoba'],
      true,
    ],
    ['health scheduledChange', aHealthAlert('scheduledChange'), 'asp', ['asp:asp-a'], false],
    [
      'health accountNotification',
      aHealthAlert('accountNotification', { severity: 'LOW' }),
      'asp',
      ['asp:asp-a'],
      false,
    ],
    [
      'application alarm',
      anAlert({ source: 'cloudwatch', category: 'application', severity: 'HIGH' }),
      'asp',
      ['asp:asp-a'],
      false,
    ],
    [
      'unregistered account, HIGH',
      anAlert({ envelopeAccount: '999999999999' }),
      'team',
      ['team:team-oncall'],
      true,
    ],
    [
      'unregistered account, LOW',
      anAlert({ envelopeAccount: '999999999999', severity: 'LOW' }),
      'team',
      ['team:team-oncall'],
      false,
    ],
  ])('%s → owner %s, told %j, escalates %s', (_row, alert, owner, told, escalates) => {
    const decision = explainAlert(alert, config);

    expect(decision.owner).toBe(owner);
    expect(receivers(decision.notify)).toEqual(told);
    expect(decision.escalates).toBe(escalates);
  });

  it('tells every municipality of a shared (共同利用) account of an outage', () => {
    const decision = explainAlert(aHealthAlert('issue', { envelopeAccount: '222222222222' }), config);

    expect(receivers(decision.notify)).toEqual([
      'team:team-oncall',
      'asp:asp-b',
      'municipality:city-sakura',
      'municipality:town-midori',
    ]);
  });

  it('flags an unregistered account and tells no ASP or municipality, even of an outage', () => {
    const decision = explainAlert(aHealthAlert('issue', { envelopeAccount: '999999999999' }), config);

    expect(decision.flags).toContain('unregistered-account');
    expect(receivers(decision.notify)).toEqual(['team:team-oncall']);
  });

  it('tells the team of a custom-action finding whatever its severity', () => {
    const decision = explainAlert(
      anAlert({ severity: 'LOW', source: 'securityhub', flags: ['custom-action'] }),
      config,
    );

    expect(receivers(decision.notify)).toEqual(['team:team-oncall']);
    expect(decision.escalates).toBe(false);
  });

  it('sends an unrecognized value to the team only, without escalation', () => {
    const decision = explainAlert(
      aHealthAlert('plannedChange', { severity: 'MEDIUM', flags: ['unrecognized'] }),
      config,
    );

    expect(decision.owner).toBe('team');
    expect(receivers(decision.notify)).toEqual(['team:team-oncall']);
    expect(decision.escalates).toBe(false);
  });

  it('never tells a municipality of a Health risk notice (exposed keys are security, not an outage)', () => {
    const risk = aHealthAlert('issue', { category: 'security', severity: 'HIGH' });
    const decision = explainAlert({ ...risk, health: { ...risk.health!, risk: true } }, config);

    expect(receivers(decision.notify)).toEqual(['team:team-oncall', 'asp:asp-a']);
  });

  it('records an alarm whose owner suppressed its actions without telling anyone', () => {
    const decision = explainAlert(
      anAlert({ source: 'cloudwatch', category: 'application', quiet: true }),
      config,
    );

    expect(decision.notify).toEqual([]);
    expect(decision.reasons.join('\n')).toContain('suppressed its actions');
  });

  it('tells nobody of a resolved alert judged on its own, and does not escalate it', () => {
    const decision = explainAlert(anAlert({ severity: 'CRITICAL', status: 'resolved' }), config);

    expect(decision.notify).toEqual([]);
    expect(decision.escalates).toBe(false);
  });
});
